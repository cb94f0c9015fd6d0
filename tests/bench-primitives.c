/* bench-primitives.c: what instrumentation adds to a mutex
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An uncontended lock/unlock pair with plain pthreads and with Weft's
 * mutex, which stamps and records acquire, release and the critical
 * span, measured in alternating batches in one run.  The ring is
 * drained between batches, off the clock, so no event is dropped (a
 * drop would skip the write and flatter the figure).
 */

#include "bench-util.h"
#include "weft-mutex.h"

#define PAIRS_PER_BATCH 8192
#define BATCHES 400

static void
discard (const WeftEvent *events,
         gsize            n_events,
         gpointer         user_data)
{
  guint64 *total = user_data;
  *total += n_events;
}

int
main (int   argc,
      char *argv[])
{
  const WeftPattern *pattern = weft_patterns_lookup ("lock");
  g_autoptr(GArray) raw_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) weft_samples = g_array_new (FALSE, FALSE, sizeof (double));
  pthread_mutex_t raw = PTHREAD_MUTEX_INITIALIZER;
  WeftParams params;
  WeftRun *run;
  WeftMutex mutex;
  WeftWorker worker = { 0 };
  guint64 drained = 0;
  double raw_ns, weft_ns;

  weft_pattern_get_default_params (pattern, &params);
  run = weft_run_new (pattern, &params, NULL);
  weft_mutex_init (&mutex, run, "bench");
  worker.run = run;
  worker.ring = weft_recorder_register (weft_run_get_recorder (run), "bench");

  for (guint b = 0; b < BATCHES; b++)
    {
      gint64 start, end;
      double per_pair;

      start = weft_clock_now_ns ();
      for (guint i = 0; i < PAIRS_PER_BATCH; i++)
        {
          pthread_mutex_lock (&raw);
          pthread_mutex_unlock (&raw);
        }
      end = weft_clock_now_ns ();
      per_pair = (double) (end - start) / PAIRS_PER_BATCH;
      g_array_append_val (raw_samples, per_pair);

      start = weft_clock_now_ns ();
      for (guint i = 0; i < PAIRS_PER_BATCH; i++)
        {
          weft_mutex_lock (&mutex, &worker);
          weft_mutex_unlock (&mutex, &worker);
        }
      end = weft_clock_now_ns ();
      per_pair = (double) (end - start) / PAIRS_PER_BATCH;
      g_array_append_val (weft_samples, per_pair);

      weft_ring_drain (worker.ring, discard, &drained);
    }

  g_assert_cmpuint (weft_ring_get_dropped (worker.ring), ==, 0);
  g_assert_cmpuint (drained, ==, (guint64) BATCHES * PAIRS_PER_BATCH * 4);

  raw_ns = bench_median (raw_samples);
  weft_ns = bench_median (weft_samples);
  bench_print ("prim.mutex.raw.ns", raw_ns, "ns");
  bench_print ("prim.mutex.weft.ns", weft_ns, "ns");
  bench_print ("prim.mutex.added.ns", weft_ns - raw_ns, "ns");

  weft_mutex_clear (&mutex);
  weft_run_unref (run);
  return 0;
}
