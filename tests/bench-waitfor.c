/* bench-waitfor.c: what keeping the wait-for graph costs
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Feeds the graph the events a busy lock pattern makes, 64 lanes on 64
 * locks: each lane waits, takes the lock, ends its wait and lets go,
 * as the timeline does while folding a drain, with a search for cycles
 * after every 256 events, as after a drain:
 *
 *   waitfor.update.ns   CPU time per wait, acquire or release event,
 *                       searches included (goal: 50 ns or less)
 *   waitfor.poll.64.us  one search for cycles over 64 waiting lanes
 */

#include "bench-util.h"
#include "weft-waitfor.h"

#define LANES 64
#define LOCKS 64
#define EVENTS_PER_POLL 256
#define ROUNDS 7

static double
update_once (guint64 n_events)
{
  g_autoptr(WeftWaitFor) graph = weft_waitfor_new ();
  guint64 x = 88172645463325252ull;
  guint64 done = 0;
  gint64 began = bench_thread_cpu_ns ();

  while (done < n_events)
    {
      for (guint i = 0; i < EVENTS_PER_POLL / 4; i++)
        {
          guint lane, lock;

          /* xorshift64: which lane and lock, cheaply. */
          x ^= x << 13;
          x ^= x >> 7;
          x ^= x << 17;
          lane = x % LANES;
          lock = (x >> 32) % LOCKS;
          weft_waitfor_wait (graph, lane, lock, (gint64) done);
          weft_waitfor_acquire (graph, lane, lock);
          weft_waitfor_end_wait (graph, lane, lock);
          weft_waitfor_release (graph, lane, lock);
        }
      done += EVENTS_PER_POLL;
      weft_waitfor_poll (graph, (gint64) done, (gint64) done, WEFT_WAITFOR_GRACE_NS);
    }
  return (double) (bench_thread_cpu_ns () - began) / (double) done;
}

/* Every lane waits for the lock the next one holds, but the last holds
 * nothing it is asked for: a chain as long as it can be, no cycle. */
static double
poll_once (guint n_polls)
{
  g_autoptr(WeftWaitFor) graph = weft_waitfor_new ();
  gint64 began;

  for (guint lane = 0; lane < LANES; lane++)
    weft_waitfor_acquire (graph, lane, lane);
  for (guint lane = 0; lane + 1 < LANES; lane++)
    weft_waitfor_wait (graph, lane, lane + 1, 0);
  began = bench_thread_cpu_ns ();
  for (guint i = 0; i < n_polls; i++)
    g_assert_false (weft_waitfor_poll (graph, i, i, WEFT_WAITFOR_GRACE_NS));
  return (double) (bench_thread_cpu_ns () - began) / n_polls / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) updates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) polls = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < ROUNDS; r++)
    {
      double u = update_once (20 * 1000 * 1000);
      double p = poll_once (100 * 1000);

      g_array_append_val (updates, u);
      g_array_append_val (polls, p);
    }
  bench_print ("waitfor.update.ns", bench_median (updates), "ns");
  bench_print ("waitfor.poll.64.us", bench_median (polls), "us");
  return 0;
}
