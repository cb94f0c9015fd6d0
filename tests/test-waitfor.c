/* test-waitfor.c: the wait-for graph, on graphs made by hand
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Cycles of one, two and five threads are found, named from their
 * lowest lane, and only once they have lasted the grace period on the
 * run's clock; a long wait that is no cycle never is, nor a cycle gone
 * within the grace period.  Then the same through a timeline: a
 * deadlock fails any pattern's checks, except where it is the lesson.
 */

#include "weft-test-util.h"
#include "weft-waitfor.h"

#define MS (G_GINT64_CONSTANT (1000000))
#define GRACE WEFT_WAITFOR_GRACE_NS

/* Lane i holds lock i and waits for lock (i + 1) % n, in a seeded order;
 * returns the cycle once confirmed. */
static void
make_ring (WeftWaitFor *graph,
           guint        n,
           GRand       *rand)
{
  guint order[8];

  g_assert_cmpuint (n, <=, G_N_ELEMENTS (order));
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = n; i > 1; i--)
    {
      guint j = g_rand_int_range (rand, 0, i);
      guint t = order[i - 1];

      order[i - 1] = order[j];
      order[j] = t;
    }
  for (guint i = 0; i < n; i++)
    weft_waitfor_acquire (graph, order[i], order[i]);
  for (guint i = 0; i < n; i++)
    weft_waitfor_wait (graph, order[i], (order[i] + 1) % n, i * MS);
}

static void
assert_ring (WeftWaitFor *graph,
             guint        n)
{
  guint n_edges;
  const WeftWaitEdge *edges = weft_waitfor_get_cycle (graph, &n_edges);

  g_assert_nonnull (edges);
  g_assert_cmpuint (n_edges, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (edges[i].lane, ==, i);
      g_assert_cmpuint (edges[i].object, ==, (i + 1) % n);
      g_assert_cmpuint (edges[i].holder, ==, (i + 1) % n);
    }
}

static void
test_cycles (void)
{
  static const guint sizes[] = { 1, 2, 5 };

  for (guint seed = 1; seed <= 20; seed++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
        g_autoptr(WeftWaitFor) graph = weft_waitfor_new ();
        guint n = sizes[s];
        guint n_edges;

        /* A bystander that waits for lock 0 is not part of the cycle. */
        weft_waitfor_wait (graph, 7, 0, 0);
        make_ring (graph, n, rand);
        if (n == 1)
          {
            /* Waiting for itself is certain at once. */
            g_assert_true (weft_waitfor_poll (graph, 0, 5 * MS, GRACE));
            g_assert_cmpint (weft_waitfor_get_cycle_time (graph), ==, 0);
          }
        else
          {
            g_assert_false (weft_waitfor_poll (graph, 1000 * MS, 10 * MS, GRACE));
            g_assert_null (weft_waitfor_get_cycle (graph, &n_edges));
            g_assert_false (weft_waitfor_poll (graph, 1000 * MS + GRACE - 1, 20 * MS, GRACE));
            g_assert_true (weft_waitfor_poll (graph, 1000 * MS + GRACE, 30 * MS, GRACE));
            g_assert_cmpint (weft_waitfor_get_cycle_time (graph), ==, 30 * MS);
          }
        assert_ring (graph, n);
        /* Said once; kept after the waits end. */
        g_assert_false (weft_waitfor_poll (graph, 5000 * MS, 40 * MS, GRACE));
        for (guint i = 0; i < n; i++)
          weft_waitfor_end_wait (graph, i, (i + 1) % n);
        assert_ring (graph, n);
      }
}

/* A chain of five waits ending at a thread that waits for nobody. */
static void
test_long_wait_is_no_cycle (void)
{
  g_autoptr(WeftWaitFor) graph = weft_waitfor_new ();
  guint n_edges;

  for (guint i = 0; i < 6; i++)
    weft_waitfor_acquire (graph, i, i);
  for (guint i = 0; i < 5; i++)
    weft_waitfor_wait (graph, i, i + 1, 0);
  for (gint64 t = 0; t < 100 * GRACE; t += GRACE / 3)
    g_assert_false (weft_waitfor_poll (graph, t, t, GRACE));
  g_assert_null (weft_waitfor_get_cycle (graph, &n_edges));
  g_assert_cmpuint (n_edges, ==, 0);
}

/* A cycle seen once, then gone (a release drained late), is none; nor
 * is a new cycle of the same threads, which starts its own grace. */
static void
test_cycle_resolved_in_grace (void)
{
  g_autoptr(WeftWaitFor) graph = weft_waitfor_new ();
  guint n_edges;

  weft_waitfor_acquire (graph, 0, 0);
  weft_waitfor_acquire (graph, 1, 1);
  weft_waitfor_wait (graph, 0, 1, 0);
  weft_waitfor_wait (graph, 1, 0, 0);
  g_assert_false (weft_waitfor_poll (graph, 0, 0, GRACE));
  weft_waitfor_release (graph, 1, 1);
  g_assert_false (weft_waitfor_poll (graph, GRACE / 2, 0, GRACE));
  /* Lane 1 takes lock 1 again: the same shape, but a new hold. */
  weft_waitfor_acquire (graph, 1, 1);
  g_assert_false (weft_waitfor_poll (graph, GRACE, 0, GRACE));
  g_assert_false (weft_waitfor_poll (graph, GRACE + GRACE / 2, 0, GRACE));
  g_assert_null (weft_waitfor_get_cycle (graph, &n_edges));
  /* Unchanged for the whole grace from its start: now it is one. */
  g_assert_true (weft_waitfor_poll (graph, 2 * GRACE, 0, GRACE));
  assert_ring (graph, 2);
}

/* A lane that lost events is never part of a cycle; a release from an
 * older hold, drained late, does not free a lock taken since. */
static void
test_forgotten_and_late (void)
{
  g_autoptr(WeftWaitFor) graph = weft_waitfor_new ();
  guint n_edges;

  weft_waitfor_acquire (graph, 0, 0);
  weft_waitfor_acquire (graph, 1, 1);
  weft_waitfor_wait (graph, 0, 1, 0);
  weft_waitfor_forget_lane (graph, 1);
  weft_waitfor_wait (graph, 1, 0, 0);
  g_assert_false (weft_waitfor_poll (graph, 0, 0, GRACE));
  g_assert_false (weft_waitfor_poll (graph, 10 * GRACE, 0, GRACE));
  g_assert_null (weft_waitfor_get_cycle (graph, &n_edges));

  /* Lane 3 took lock 2 after lane 2 let it go, drained first. */
  weft_waitfor_acquire (graph, 3, 2);
  weft_waitfor_release (graph, 2, 2);
  weft_waitfor_acquire (graph, 4, 4);
  weft_waitfor_wait (graph, 4, 2, 0);
  weft_waitfor_wait (graph, 3, 4, 0);
  g_assert_false (weft_waitfor_poll (graph, 20 * GRACE, 0, GRACE));
  g_assert_true (weft_waitfor_poll (graph, 21 * GRACE, 0, GRACE));
  weft_waitfor_get_cycle (graph, &n_edges);
  g_assert_cmpuint (n_edges, ==, 2);
}

/* ---- through a timeline ---- */

typedef struct
{
  TestTrace trace;
  guint16 a;
  guint16 b;
} PairTrace;

static void
pair_trace_init (PairTrace  *pt,
                 const char *pattern_name,
                 const char *variant)
{
  const WeftPattern *pattern;
  WeftParams params;

  test_params (pattern_name, &pattern, &params);
  if (variant != NULL)
    g_assert_true (weft_params_set_variant (&params, variant));
  test_trace_init (&pt->trace, pattern, &params);
  pt->a = weft_timeline_add_object (pt->trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  pt->b = weft_timeline_add_object (pt->trace.timeline, "other", WEFT_OBJECT_MUTEX, 0);
  weft_timeline_add_lane (pt->trace.timeline, "worker-1", 1);
  weft_timeline_add_lane (pt->trace.timeline, "worker-2", 2);
  weft_timeline_add_lane (pt->trace.timeline, "worker-3", 3);
}

static void
hold_and_wait (PairTrace *pt,
               guint      lane,
               guint16    held,
               guint16    wanted,
               gint64     time)
{
  test_trace_add (&pt->trace, lane, time, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, held, 0, 0);
  test_trace_add (&pt->trace, lane, time, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, held, 0, 0);
  test_trace_add (&pt->trace, lane, time + MS, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, wanted, 0, 0);
}

/* The lock pattern never deadlocks; a trace of it that does fails. */
static void
test_deadlock_fails_other_patterns (void)
{
  PairTrace pt;
  g_autoptr(WeftChecks) checks = NULL;
  g_autofree char *path = NULL;
  const WeftCheck *check;

  pair_trace_init (&pt, "lock", NULL);
  hold_and_wait (&pt, 0, pt.a, pt.a, 10 * MS);
  checks = test_trace_check (&pt.trace);
  check = test_find_check (checks, "deadlock");
  g_assert_nonnull (check);
  g_assert_cmpint (check->status, ==, WEFT_CHECK_FAIL);
  g_assert_cmpstr (check->message, ==, "deadlock: worker-1 waits for lock, which it holds itself");
  g_assert_false (weft_checks_all_passed (checks));
  path = weft_timeline_dup_deadlock_path (pt.trace.timeline);
  g_assert_cmpstr (path, ==, "worker-1 \u2192 lock \u2192 worker-1");
  test_trace_clear (&pt.trace);
}

/* rlock's plain lock is there to show a thread waiting for itself: its
 * own check says so, and the run passes. */
static void
test_deadlock_as_lesson (void)
{
  PairTrace pt;
  g_autoptr(WeftChecks) checks = NULL;
  guint n;

  pair_trace_init (&pt, "rlock", "lock");
  hold_and_wait (&pt, 1, pt.a, pt.a, 10 * MS);
  checks = test_trace_check (&pt.trace);
  g_assert_nonnull (weft_timeline_get_deadlock (pt.trace.timeline, &n, NULL));
  g_assert_cmpuint (n, ==, 1);
  g_assert_null (test_find_check (checks, "deadlock"));
  g_assert_true (weft_checks_all_passed (checks));
  test_trace_clear (&pt.trace);
}

/* Two threads each holding what the other wants, and a third that goes
 * on working, so the trace's clock passes the grace period; no deadlock
 * is found before it has. */
static void
test_timeline_two_cycle (void)
{
  PairTrace pt;
  g_autoptr(WeftChecks) checks = NULL;
  g_autofree char *path = NULL;
  guint n;

  pair_trace_init (&pt, "lock", NULL);
  hold_and_wait (&pt, 0, pt.a, pt.b, 10 * MS);
  hold_and_wait (&pt, 1, pt.b, pt.a, 10 * MS);
  weft_timeline_add_events (pt.trace.timeline, (const WeftEvent *) (gpointer) pt.trace.events->data,
                            pt.trace.events->len);
  g_assert_null (weft_timeline_get_deadlock (pt.trace.timeline, &n, NULL));
  g_array_set_size (pt.trace.events, 0);
  test_trace_span (&pt.trace, 2, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 20 * MS, 20 * MS + GRACE, 0, 0);
  weft_timeline_add_events (pt.trace.timeline, (const WeftEvent *) (gpointer) pt.trace.events->data,
                            pt.trace.events->len);
  g_array_set_size (pt.trace.events, 0);
  g_assert_nonnull (weft_timeline_get_deadlock (pt.trace.timeline, &n, NULL));
  g_assert_cmpuint (n, ==, 2);
  checks = test_trace_check (&pt.trace);
  g_assert_cmpint (test_find_check (checks, "deadlock")->status, ==, WEFT_CHECK_FAIL);
  path = weft_timeline_dup_deadlock_path (pt.trace.timeline);
  g_assert_cmpstr (path, ==, "worker-1 \u2192 other \u2192 worker-2 \u2192 lock \u2192 worker-1");
  test_trace_clear (&pt.trace);
}

/* Waits on a semaphore name nobody: they never make a cycle. */
static void
test_semaphores_left_out (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  g_autoptr(WeftChecks) checks = NULL;
  guint16 club;
  guint n;

  test_params ("nightclub", &pattern, &params);
  test_trace_init (&trace, pattern, &params);
  club = weft_timeline_add_object (trace.timeline, "club", WEFT_OBJECT_SEMAPHORE, 1);
  weft_timeline_add_lane (trace.timeline, "patron-1", 1);
  test_trace_add (&trace, 0, 10 * MS, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, club, 0, 0);
  test_trace_add (&trace, 0, 11 * MS, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, club, 0, 0);
  test_trace_add (&trace, 0, 11 * MS + 10 * GRACE, WEFT_EVENT_END, WEFT_STATE_WAITING, club, 0, 0);
  checks = test_trace_check (&trace);
  g_assert_null (weft_timeline_get_deadlock (trace.timeline, &n, NULL));
  g_assert_null (test_find_check (checks, "deadlock"));
  test_trace_clear (&trace);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/waitfor/cycles", test_cycles);
  g_test_add_func ("/waitfor/long-wait-is-no-cycle", test_long_wait_is_no_cycle);
  g_test_add_func ("/waitfor/cycle-resolved-in-grace", test_cycle_resolved_in_grace);
  g_test_add_func ("/waitfor/forgotten-and-late", test_forgotten_and_late);
  g_test_add_func ("/waitfor/timeline/fails-other-patterns", test_deadlock_fails_other_patterns);
  g_test_add_func ("/waitfor/timeline/lesson", test_deadlock_as_lesson);
  g_test_add_func ("/waitfor/timeline/two-cycle", test_timeline_two_cycle);
  g_test_add_func ("/waitfor/timeline/semaphores-left-out", test_semaphores_left_out);
  return g_test_run ();
}
