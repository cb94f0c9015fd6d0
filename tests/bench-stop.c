/* bench-stop.c: how long a stop takes, wherever the workers are blocked
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each case of stop-cases.h (test-stop asserts what the stop leaves
 * behind), the time from asking a run to stop until every worker has
 * been joined, as weft_run_stop() does it.  Prints `run.stop.PATTERN.ms`
 * per case, the median of a few rounds, then `run.stop.ms`, the slowest
 * of those: what a user waits for at worst.
 */

#include "bench-util.h"
#include "stop-cases.h"

#define ROUNDS 3

int
main (int   argc,
      char *argv[])
{
  double slowest = 0;

  for (guint i = 0; i < G_N_ELEMENTS (stop_cases); i++)
    {
      const StopCase *c = &stop_cases[i];
      g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *case_name = stop_case_name (c);
      g_autofree char *name = g_strdup_printf ("run.stop.%s.ms", case_name);
      double median;

      for (guint round = 0; round < ROUNDS; round++)
        {
          g_autoptr(WeftRun) run = NULL;
          g_autoptr(WeftTimeline) timeline = NULL;
          gint64 start, end;
          double ms;

          stop_case_start (c, &run, &timeline);
          start = weft_clock_now_ns ();
          weft_run_stop (run);
          end = weft_clock_now_ns ();
          g_assert_true (weft_run_is_joined (run));
          ms = (end - start) / 1e6;
          g_array_append_val (samples, ms);
        }
      median = bench_median (samples);
      bench_print (name, median, "ms");
      slowest = MAX (slowest, median);
    }
  bench_print ("run.stop.ms", slowest, "ms");

  return 0;
}
