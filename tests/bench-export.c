/* bench-export.c: exporting a busy run to SVG
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The race at full speed records 100,000 spans (4 threads, 12,500
 * increments each, two spans per increment); the whole run goes to SVG.
 */

#include <glib/gstdio.h>

#include "bench-util.h"
#include "weft-export.h"
#include "weft-recording.h"

#define ROUNDS 7

int
main (int   argc,
      char *argv[])
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
  params.values[WEFT_PARAM_PACE] = 0;
  params.values[WEFT_PARAM_ITERATIONS] = 12500;
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
  return 0;
}
