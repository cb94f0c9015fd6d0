/* bench-export.c: exporting a busy run to SVG and to Chrome Trace JSON
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SVG: the race at full speed records 100,000 spans (4 threads, 12,500
 * increments each, two spans per increment); the whole run is drawn.
 *
 * JSON: a timeline of exactly one million events built by hand, so the
 * figure does not move with how the threads happened to be scheduled.
 */

#include <glib/gstdio.h>

#include "bench-util.h"
#include "weft-export.h"
#include "weft-recording.h"

#define ROUNDS 7
#define JSON_ROUNDS 5
#define JSON_EVENTS 1000000
#define JSON_LANES 8
/* Events in one cycle of synthetic_timeline()'s loop. */
#define CYCLE_EVENTS 10

static void
bench_export_svg (void)
{
  const WeftPattern *pattern = weft_patterns_lookup ("race");
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("weft-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "race.svg", NULL);
  WeftParams params;
  GStatBuf st;

  weft_pattern_get_default_params (pattern, &params);
  weft_params_set (&params, "pace", 0);
  weft_params_set (&params, "iterations", 12500);
  run = weft_run_new (pattern, &params, &error);
  timeline = weft_record_run (run, 60 * WEFT_NSEC_PER_SEC, NULL, &error);
  g_assert_no_error (error);
  checks = weft_check_timeline (timeline);

  for (guint r = 0; r < ROUNDS; r++)
    {
      gint64 start = weft_clock_now_ns ();
      double ms;

      if (!weft_export_timeline (timeline, checks, path, NULL, &error))
        g_error ("%s", error->message);
      ms = (weft_clock_now_ns () - start) / 1e6;
      g_array_append_val (samples, ms);
    }
  g_assert_cmpint (g_stat (path, &st), ==, 0);

  bench_print ("export.svg.100k.spans", weft_timeline_get_n_spans (timeline), "spans");
  bench_print ("export.svg.100k.ms", bench_median (samples), "ms");
  bench_print ("export.svg.100k.MB", st.st_size / 1e6, "MB");

  g_remove (path);
  g_rmdir (dir);
}

static void
add_event (GArray        *events,
           guint32        lane,
           gint64         time_ns,
           WeftEventKind  kind,
           guint8         code,
           guint16        object,
           gint64         value)
{
  WeftEvent ev = { time_ns, value, lane, 0, object, kind, code, 0 };

  g_array_append_val (events, ev);
}

/* Lanes that work, wait for a lock, hold it (waiting on a second object
 * inside), with an instant and a counter sample per cycle: every kind of
 * record the JSON writer formats.  Durations vary so that the numbers
 * written have all their digits. */
static WeftTimeline *
synthetic_timeline (void)
{
  const WeftPattern *pattern = weft_patterns_lookup ("lock");
  g_autoptr(GArray) events = g_array_sized_new (FALSE, FALSE, sizeof (WeftEvent), JSON_EVENTS);
  WeftTimeline *timeline;
  WeftParams params;
  gint64 origin = G_GINT64_CONSTANT (987654321012345);
  guint16 lock, club;
  gint64 now[JSON_LANES];
  guint32 seed = 12345;

  weft_pattern_get_default_params (pattern, &params);
  timeline = weft_timeline_new (pattern, &params);
  weft_timeline_set_origin (timeline, origin);
  lock = weft_timeline_add_object (timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  club = weft_timeline_add_object (timeline, "club", WEFT_OBJECT_SEMAPHORE, 4);
  for (guint lane = 0; lane < JSON_LANES; lane++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", lane + 1);

      weft_timeline_add_lane (timeline, name, 1000 + lane);
      now[lane] = origin + lane * 17;
    }

  for (guint i = 0; i < JSON_EVENTS / CYCLE_EVENTS; i++)
    {
      guint lane = i % JSON_LANES;
      gint64 t = now[lane];

#define STEP() (seed = seed * 1103515245u + 12345u, 200 + (seed >> 16) % 50000)
      add_event (events, lane, t, WEFT_EVENT_BEGIN, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 0);
      add_event (events, lane, t += STEP (), WEFT_EVENT_END, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 0);
      add_event (events, lane, t, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, lock, 0);
      add_event (events, lane, t += STEP (), WEFT_EVENT_END, WEFT_STATE_WAITING, lock, 0);
      add_event (events, lane, t, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, lock, 0);
      add_event (events, lane, t, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, lock, 0);
      add_event (events, lane, t += STEP (), WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, club, 0);
      add_event (events, lane, t += STEP (), WEFT_EVENT_COUNTER, 0, club, i % 5);
      add_event (events, lane, t += STEP (), WEFT_EVENT_END, WEFT_STATE_WAITING, club, 0);
      add_event (events, lane, t += STEP (), WEFT_EVENT_END, WEFT_STATE_CRITICAL, lock, 0);
#undef STEP
      now[lane] = t;
    }

  weft_timeline_add_events (timeline, (const WeftEvent *) (gpointer) events->data, events->len);
  weft_timeline_finish (timeline, 0);
  g_assert_cmpuint (weft_timeline_get_n_events (timeline), ==, JSON_EVENTS);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
  return timeline;
}

static void
bench_export_json (void)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(WeftTimeline) timeline = synthetic_timeline ();
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("weft-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "synthetic.json", NULL);
  GStatBuf st;
  double ms;

  for (guint r = 0; r < JSON_ROUNDS; r++)
    {
      gint64 start = weft_clock_now_ns ();

      if (!weft_export_timeline (timeline, checks, path, NULL, &error))
        g_error ("%s", error->message);
      ms = (weft_clock_now_ns () - start) / 1e6;
      g_array_append_val (samples, ms);
    }
  g_assert_cmpint (g_stat (path, &st), ==, 0);

  ms = bench_median (samples);
  bench_print ("export.json.1m.ms", ms, "ms");
  bench_print ("export.json.1m.MB", st.st_size / 1e6, "MB");
  bench_print ("export.json.MB_s", st.st_size / 1e6 / (ms / 1e3), "MB/s");

  /* The same bytes thrown away: what formatting alone costs, against
   * which the figure above shows what the file system adds. */
  g_array_set_size (samples, 0);
  for (guint r = 0; r < JSON_ROUNDS; r++)
    {
      FILE *null = fopen ("/dev/null", "wb");
      gint64 start = weft_clock_now_ns ();

      if (!weft_export_write_trace (timeline, checks, NULL, null, &error))
        g_error ("%s", error->message);
      ms = (weft_clock_now_ns () - start) / 1e6;
      g_array_append_val (samples, ms);
      fclose (null);
    }
  bench_print ("export.json.format-only.MB_s", st.st_size / 1e6 / (bench_median (samples) / 1e3), "MB/s");

  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  bench_export_svg ();
  bench_export_json ();
  return 0;
}
