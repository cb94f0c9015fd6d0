/* bench-check.c: what folding the checks in costs per event
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records each pattern with 64 threads (2 for the rendezvous) at full
 * speed, then folds that finished timeline's checks again from nothing,
 * moving the frontier forward a quarter of a millisecond of the run at a
 * time, as the collector's drains do, and divides the CPU time by every
 * event recorded (not only those the checks read):
 *
 *   check.fold.PATTERN.ns_per_event   the median of a few folds
 *   check.fold.ns_per_event           the nightclub's, the densest trace
 *   check.sweep.ns_per_event          the old sweep over the whole
 *                                     nightclub timeline, for comparison
 *   check.fold.vs-sweep               how many times cheaper, side by side
 *   check.report.us                   reading a verdict off the fold
 */

#include "bench-util.h"
#include "reference-checks.h"
#include "weft-check-fold.h"
#include "weft-recording.h"

#define ROUNDS 5
#define STEP_NS (250 * G_GINT64_CONSTANT (1000))

static WeftTimeline *
record (const char *name,
        double      seconds)
{
  const WeftPattern *pattern = weft_patterns_lookup (name);
  WeftParams params;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(GError) error = NULL;
  WeftTimeline *timeline;

  weft_pattern_get_default_params (pattern, &params);
  weft_params_set (&params, "pace", 0);
  weft_params_set (&params, "threads", CLAMP (64, pattern->params[weft_pattern_find_param (pattern, "threads")].min,
                                             pattern->params[weft_pattern_find_param (pattern, "threads")].max));
  if ((weft_pattern_find_param (pattern, "iterations") >= 0))
    weft_params_set (&params, "iterations", pattern->params[weft_pattern_find_param (pattern, "iterations")].max);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  timeline = weft_record_run (run, (gint64) (seconds * WEFT_NSEC_PER_SEC), NULL, &error);
  g_assert_no_error (error);
  return timeline;
}

/* CPU ns per recorded event of one fold from nothing to the end. */
static double
fold_once (WeftTimeline *timeline)
{
  gint64 origin = weft_timeline_get_origin (timeline);
  gint64 end = weft_timeline_get_end (timeline);
  g_autoptr(WeftCheckFold) fold = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  gint64 began;
  double ns;

  began = bench_thread_cpu_ns ();
  fold = weft_check_fold_new (timeline);
  for (gint64 frontier = origin; frontier < end; frontier += STEP_NS)
    weft_check_fold_advance (fold, frontier);
  weft_check_fold_finish (fold);
  ns = bench_thread_cpu_ns () - began;

  /* The same verdict the timeline's own fold reached. */
  checks = weft_check_fold_report (fold);
  weft_checks_mark_losses (checks, timeline);
  {
    g_autoptr(WeftChecks) own = weft_check_timeline (timeline);
    assert_same_checks (checks, own);
  }
  return ns / MAX (1, weft_timeline_get_n_events (timeline));
}

static double
sweep_once (WeftTimeline *timeline)
{
  g_autoptr(WeftChecks) checks = NULL;
  gint64 began = bench_thread_cpu_ns ();

  checks = reference_check_timeline (timeline);
  return (bench_thread_cpu_ns () - began) / (double) MAX (1, weft_timeline_get_n_events (timeline));
}

int
main (int   argc,
      char *argv[])
{
  guint n_patterns;
  const WeftPattern * const *patterns = weft_patterns_get_all (&n_patterns);
  double nightclub_fold = 0;

  for (guint p = 0; p < n_patterns; p++)
    {

      g_autoptr(WeftTimeline) timeline = record (patterns[p]->name, g_str_equal (patterns[p]->name, "nightclub") ? 1.0 : 0.5);
      g_autoptr(GArray) folds = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *name = g_strdup_printf ("check.fold.%s.ns_per_event", patterns[p]->name);

      for (guint round = 0; round < ROUNDS; round++)
        {
          double ns = fold_once (timeline);
          g_array_append_val (folds, ns);
        }
      bench_print (name, bench_median (folds), "ns");

      if (g_str_equal (patterns[p]->name, "nightclub"))
        {
          g_autoptr(GArray) sweeps = g_array_new (FALSE, FALSE, sizeof (double));
          g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
          g_autoptr(GArray) reports = g_array_new (FALSE, FALSE, sizeof (double));

          nightclub_fold = bench_median (folds);
          /* Side by side, so that the machine's noise hits both alike. */
          for (guint round = 0; round < 3; round++)
            {
              double fold = fold_once (timeline);
              double sweep = sweep_once (timeline);
              double ratio = sweep / fold;

              g_array_append_val (sweeps, sweep);
              g_array_append_val (ratios, ratio);
            }
          for (guint round = 0; round < 1000; round++)
            {
              gint64 began = bench_thread_cpu_ns ();
              g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
              double us = (bench_thread_cpu_ns () - began) / 1e3;

              g_array_append_val (reports, us);
            }
          g_printerr ("nightclub: %" G_GUINT64_FORMAT " events\n", weft_timeline_get_n_events (timeline));
          bench_print ("check.sweep.ns_per_event", bench_median (sweeps), "ns");
          bench_print ("check.fold.vs-sweep", bench_median (ratios), "x");
          bench_print ("check.report.us", bench_median (reports), "us");
        }
    }
  bench_print ("check.fold.ns_per_event", nightclub_fold, "ns");

  return 0;
}
