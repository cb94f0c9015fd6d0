/* test-pattern-deadlock.c: the dining philosophers' checks and runs
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each check is shown a hand-made trace that breaks it, next to one made
 * right; then both variants run on real threads, a batch of seeded runs
 * each: the unordered table deadlocks every time, is found and stopped
 * with the whole table as its cycle, and the ordered one never is.
 */

#include "weft-test-util.h"

#define MS (G_GINT64_CONSTANT (1000000))

static gboolean
test_is_light (void)
{
  return g_getenv ("WEFT_TEST_LIGHT") != NULL;
}

/* ---- hand-made traces ---- */

typedef struct
{
  TestTrace trace;
  guint16 forks[3];
} TableTrace;

/* Three philosophers, three forks, and a clock lane that keeps stamping
 * so that the trace's time moves on. */
static void
table_trace_init (TableTrace *tt,
                  const char *variant)
{
  const WeftPattern *pattern;
  WeftParams params;

  test_params ("deadlock", &pattern, &params);
  g_assert_true (weft_params_set_variant (&params, variant));
  weft_params_set (&params, "threads", 3);
  test_trace_init (&tt->trace, pattern, &params);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *fork = g_strdup_printf ("fork-%u", i + 1);
      g_autofree char *name = g_strdup_printf ("philosopher-%u", i + 1);

      tt->forks[i] = weft_timeline_add_object (tt->trace.timeline, fork, WEFT_OBJECT_MUTEX, 0);
      weft_timeline_add_lane (tt->trace.timeline, name, i + 1);
    }
}

static void
take (TableTrace *tt,
      guint       lane,
      guint       fork,
      gint64      time)
{
  test_trace_add (&tt->trace, lane, time, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, tt->forks[fork], 0, 0);
  test_trace_add (&tt->trace, lane, time, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, tt->forks[fork], 0, 0);
}

static void
put_down (TableTrace *tt,
          guint       lane,
          guint       fork,
          gint64      time)
{
  test_trace_add (&tt->trace, lane, time, WEFT_EVENT_END, WEFT_STATE_CRITICAL, tt->forks[fork], 0, 0);
  test_trace_add (&tt->trace, lane, time, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, tt->forks[fork], 0, 0);
}

/* Philosopher @lane eats once with both its forks, starting at @time. */
static void
eat (TableTrace *tt,
     guint       lane,
     gint64      time)
{
  guint first = MIN (lane, (lane + 1) % 3), second = MAX (lane, (lane + 1) % 3);

  take (tt, lane, first, time);
  take (tt, lane, second, time + MS);
  put_down (tt, lane, second, time + 2 * MS);
  put_down (tt, lane, first, time + 2 * MS);
}

static void
add_batch (TableTrace *tt)
{
  weft_timeline_add_events (tt->trace.timeline, (const WeftEvent *) (gpointer) tt->trace.events->data,
                            tt->trace.events->len);
  g_array_set_size (tt->trace.events, 0);
}

static WeftChecks *
finish (TableTrace *tt)
{
  WeftChecks *checks = test_trace_check (&tt->trace);
  g_autofree char *verdict = weft_checks_to_string (checks);

  g_test_message ("%s", verdict);
  return checks;
}

static void
assert_status (WeftChecks      *checks,
               const char      *id,
               WeftCheckStatus  status)
{
  const WeftCheck *check = test_find_check (checks, id);

  g_assert_nonnull (check);
  g_assert_cmpstr (weft_check_status_to_string (check->status), ==, weft_check_status_to_string (status));
}

/* Every philosopher holds the left fork and waits for the right one;
 * philosopher-3's clock runs on past the grace period.  Returns when
 * the cycle was known to hold. */
static gint64
close_the_circle (TableTrace *tt)
{
  gint64 detected;
  guint n;

  for (guint lane = 0; lane < 3; lane++)
    {
      take (tt, lane, lane, 10 * MS);
      test_trace_add (&tt->trace, lane, 20 * MS, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, tt->forks[(lane + 1) % 3], 0, 0);
    }
  add_batch (tt);
  g_assert_null (weft_timeline_get_deadlock (tt->trace.timeline, &n, NULL));
  /* Only the trace's clock moves on, with a counter sample stamped
   * later on the last lane, whose wait goes on. */
  test_trace_add (&tt->trace, 2, 20 * MS + WEFT_WAITFOR_GRACE_NS, WEFT_EVENT_COUNTER, 0, tt->forks[0], 0, 0);
  add_batch (tt);
  g_assert_nonnull (weft_timeline_get_deadlock (tt->trace.timeline, &n, &detected));
  g_assert_cmpuint (n, ==, 3);
  return detected;
}

static void
test_unordered_cycle_is_lesson (void)
{
  TableTrace tt;
  g_autoptr(WeftChecks) checks = NULL;
  const WeftCheck *cycle;

  table_trace_init (&tt, "unordered");
  close_the_circle (&tt);
  checks = finish (&tt);
  assert_status (checks, "cycle", WEFT_CHECK_LESSON);
  cycle = test_find_check (checks, "cycle");
  g_assert_cmpstr (cycle->message, ==,
                   "every philosopher waits for the next: philosopher-1 waits for fork-2, held by philosopher-2; "
                   "philosopher-2 waits for fork-3, held by philosopher-3; "
                   "philosopher-3 waits for fork-1, held by philosopher-1");
  g_assert_null (test_find_check (checks, "deadlock"));
  g_assert_true (weft_checks_all_passed (checks));
  test_trace_clear (&tt.trace);
}

/* A wait that had in truth ended before the cycle was reported, its end
 * drained late: the check finds the report does not hold, and fails. */
static void
test_unordered_cycle_not_in_trace_fails (void)
{
  TableTrace tt;
  g_autoptr(WeftChecks) checks = NULL;

  table_trace_init (&tt, "unordered");
  close_the_circle (&tt);
  test_trace_add (&tt.trace, 1, 25 * MS, WEFT_EVENT_END, WEFT_STATE_WAITING, tt.forks[2], 0, 0);
  checks = finish (&tt);
  assert_status (checks, "cycle", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (checks, "cycle")->message, ==,
                   "the cycle reported does not hold in the trace: philosopher-2 was not waiting for fork-3");
  test_trace_clear (&tt.trace);
}

static void
test_unordered_without_cycle_is_pending (void)
{
  TableTrace tt;
  g_autoptr(WeftChecks) checks = NULL;

  table_trace_init (&tt, "unordered");
  eat (&tt, 0, 10 * MS);
  checks = finish (&tt);
  assert_status (checks, "cycle", WEFT_CHECK_PENDING);
  test_trace_clear (&tt.trace);
}

static void
test_ordered_everyone_ate (void)
{
  TableTrace tt;
  g_autoptr(WeftChecks) checks = NULL;

  table_trace_init (&tt, "ordered");
  for (guint lane = 0; lane < 3; lane++)
    eat (&tt, lane, (10 + 10 * lane) * MS);
  checks = finish (&tt);
  assert_status (checks, "no-cycle", WEFT_CHECK_PASS);
  assert_status (checks, "everyone-ate", WEFT_CHECK_PASS);
  g_assert_true (weft_checks_all_passed (checks));
  test_trace_clear (&tt.trace);
}

static void
test_ordered_hungry_fails (void)
{
  TableTrace tt;
  g_autoptr(WeftChecks) checks = NULL;

  table_trace_init (&tt, "ordered");
  eat (&tt, 0, 10 * MS);
  eat (&tt, 2, 20 * MS);
  /* Philosopher-2 held one fork, never both. */
  take (&tt, 1, 1, 30 * MS);
  put_down (&tt, 1, 1, 31 * MS);
  checks = finish (&tt);
  assert_status (checks, "no-cycle", WEFT_CHECK_PASS);
  assert_status (checks, "everyone-ate", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (checks, "everyone-ate")->message, ==, "philosopher-2 never held both forks");
  test_trace_clear (&tt.trace);
}

static void
test_ordered_cycle_fails (void)
{
  TableTrace tt;
  g_autoptr(WeftChecks) checks = NULL;

  table_trace_init (&tt, "ordered");
  close_the_circle (&tt);
  checks = finish (&tt);
  assert_status (checks, "no-cycle", WEFT_CHECK_FAIL);
  assert_status (checks, "deadlock", WEFT_CHECK_FAIL);
  test_trace_clear (&tt.trace);
}

static void
test_empty_trace_is_pending (void)
{
  const char *variants[] = { "unordered", "ordered" };

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      TableTrace tt;
      g_autoptr(WeftChecks) checks = NULL;

      table_trace_init (&tt, variants[v]);
      checks = finish (&tt);
      for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
        g_assert_cmpint (weft_checks_get_check (checks, i)->status, ==, WEFT_CHECK_PENDING);
      test_trace_clear (&tt.trace);
    }
}

/* ---- real runs ---- */

static WeftTimeline *
record (const char       *variant,
        guint             threads,
        guint64           seed,
        gint64            max_ns,
        WeftRecordingEnd *end)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftRun) run = NULL;
  WeftTimeline *timeline;

  test_params ("deadlock", &pattern, &params);
  g_assert_true (weft_params_set_variant (&params, variant));
  weft_params_set (&params, "threads", threads);
  weft_params_set (&params, "pace", 0.1);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  weft_run_set_seed (run, seed);
  timeline = weft_record_run (run, max_ns, end, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
  return timeline;
}

/* The whole table is the cycle: philosopher-k waits for fork-(k+1),
 * held by philosopher-(k+1), round to philosopher-1. */
static void
test_unordered_runs (void)
{
  guint n_runs = test_is_light () ? 3 : 20;

  for (guint r = 0; r < n_runs; r++)
    {
      guint threads = 2 + r % 4;
      g_autoptr(WeftTimeline) timeline = NULL;
      g_autoptr(WeftChecks) checks = NULL;
      g_autofree char *verdict = NULL;
      WeftRecordingEnd end;
      const WeftWaitEdge *edges;
      guint n;

      timeline = record ("unordered", threads, 100 + r, 60 * WEFT_NSEC_PER_SEC, &end);
      checks = weft_check_timeline (timeline);
      verdict = weft_checks_to_string (checks);
      g_test_message ("seed %u, %u philosophers: %s", 100 + r, threads, verdict);

      /* It stopped itself, long before the time was up. */
      g_assert_cmpint (end, ==, WEFT_RECORDING_FINISHED);
      g_assert_true (g_str_has_prefix (weft_timeline_get_stop_reason (timeline), "Deadlock: "));
      edges = weft_timeline_get_deadlock (timeline, &n, NULL);
      g_assert_nonnull (edges);
      g_assert_cmpuint (n, ==, threads);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *fork = g_strdup_printf ("fork-%u", (i + 1) % threads + 1);

          g_assert_cmpuint (edges[i].lane, ==, i);
          g_assert_cmpuint (edges[i].holder, ==, (i + 1) % threads);
          g_assert_cmpstr (weft_timeline_get_object_name (timeline, edges[i].object), ==, fork);
        }
      assert_status (checks, "cycle", WEFT_CHECK_LESSON);
      g_assert_true (weft_checks_all_passed (checks));
    }
}

static void
test_ordered_runs (void)
{
  guint n_runs = test_is_light () ? 2 : 6;

  for (guint r = 0; r < n_runs; r++)
    {
      guint threads = 2 + r % 4;
      g_autoptr(WeftTimeline) timeline = NULL;
      g_autoptr(WeftChecks) checks = NULL;
      g_autofree char *verdict = NULL;
      WeftRecordingEnd end;
      guint n;

      timeline = record ("ordered", threads, 200 + r, 2 * WEFT_NSEC_PER_SEC, &end);
      checks = weft_check_timeline (timeline);
      verdict = weft_checks_to_string (checks);
      g_test_message ("seed %u, %u philosophers: %s", 200 + r, threads, verdict);

      g_assert_cmpint (end, ==, WEFT_RECORDING_TIME_UP);
      g_assert_null (weft_timeline_get_stop_reason (timeline));
      g_assert_null (weft_timeline_get_deadlock (timeline, &n, NULL));
      assert_status (checks, "no-cycle", WEFT_CHECK_PASS);
      assert_status (checks, "everyone-ate", WEFT_CHECK_PASS);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/deadlock/checks/unordered-cycle-is-lesson", test_unordered_cycle_is_lesson);
  g_test_add_func ("/deadlock/checks/unordered-cycle-not-in-trace-fails", test_unordered_cycle_not_in_trace_fails);
  g_test_add_func ("/deadlock/checks/unordered-without-cycle-is-pending", test_unordered_without_cycle_is_pending);
  g_test_add_func ("/deadlock/checks/ordered-everyone-ate", test_ordered_everyone_ate);
  g_test_add_func ("/deadlock/checks/ordered-hungry-fails", test_ordered_hungry_fails);
  g_test_add_func ("/deadlock/checks/ordered-cycle-fails", test_ordered_cycle_fails);
  g_test_add_func ("/deadlock/checks/empty-trace-is-pending", test_empty_trace_is_pending);
  g_test_add_func ("/deadlock/run/unordered", test_unordered_runs);
  g_test_add_func ("/deadlock/run/ordered", test_ordered_runs);
  return g_test_run ();
}
