/* test-pattern-lifecycle.c: the lifecycle pattern's checks, and real runs
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each check meets a hand-made trace that breaks it, next to the same
 * trace made right.  Real runs assert what the trace shows, never how
 * long anything took.
 */

#include <string.h>

#include "weft-test-util.h"

#define T0 1000
#define MAIN 0
#define WORKER_1 1
#define WORKER_2 2
#define DAEMON 3
#define MESSAGE "ValueError: no route home"

typedef enum
{
  LIFE_OK,
  LIFE_JOIN_TOO_SOON,       /* main's JOIN of worker-1 comes before its END */
  LIFE_WENT_ON,             /* worker-2 works on after its RAISE */
  LIFE_SILENT_RAISE,        /* worker-2 raises with no message */
  LIFE_OUTLIVED,            /* main never joins worker-2, which ends after main's joins */
  LIFE_DAEMON_ENDS_LATE,    /* the daemon ends on its own after the exit */
  LIFE_DAEMON_KILLED_EARLY, /* the daemon is killed before the exit */
  LIFE_WORKER_KILLED,       /* a non-daemon is killed */
  LIFE_STOPPED,             /* main's join of worker-2 is broken by a stop */
  LIFE_STOPPED_AT_EXIT,     /* a stop asked for just before main returned */
} LifeCase;

static void
instant (TestTrace  *trace,
         guint       lane,
         gint64      time_ns,
         WeftInstant kind,
         gint64      value,
         guint32     arg)
{
  test_trace_add (trace, lane, time_ns, WEFT_EVENT_INSTANT, kind, WEFT_OBJECT_NONE, value, arg);
}

/* Main starts a daemon and two workers; worker-2 raises; main joins
 * both workers and returns at 1000; the daemon is killed then. */
static WeftChecks *
life_trace (LifeCase which)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftChecks *checks;
  g_autofree char *verdict = NULL;
  guint32 message;
  gint64 worker_1_end = which == LIFE_JOIN_TOO_SOON ? T0 + 600 : T0 + 400;
  gint64 worker_2_end = which == LIFE_OUTLIVED ? T0 + 1200 : T0 + 500;

  test_params ("lifecycle", &pattern, &params);
  weft_params_set (&params, "workers", 2);
  weft_params_set (&params, "daemons", 1);
  test_trace_init (&trace, pattern, &params);
  weft_timeline_add_lane (trace.timeline, "main", 1);
  weft_timeline_add_lane (trace.timeline, "worker-1", 2);
  weft_timeline_add_lane (trace.timeline, "worker-2", 3);
  weft_timeline_add_lane (trace.timeline, "daemon-1", 4);
  message = weft_timeline_add_message (trace.timeline, which == LIFE_SILENT_RAISE ? "" : MESSAGE);

  instant (&trace, MAIN, T0, WEFT_INSTANT_START, 0, 0);
  instant (&trace, DAEMON, T0 + 10, WEFT_INSTANT_START, 1, 0);
  instant (&trace, WORKER_1, T0 + 20, WEFT_INSTANT_START, 0, 0);
  instant (&trace, WORKER_2, T0 + 30, WEFT_INSTANT_START, 0, 0);

  test_trace_span (&trace, WORKER_1, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, T0 + 25, worker_1_end - 10, 1, 0);
  instant (&trace, WORKER_1, worker_1_end, which == LIFE_WORKER_KILLED ? WEFT_INSTANT_KILLED : WEFT_INSTANT_END,
           0, 0);

  test_trace_span (&trace, WORKER_2, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, T0 + 35, T0 + 300, 1, 0);
  if (which == LIFE_OUTLIVED || which == LIFE_STOPPED)
    instant (&trace, WORKER_2, worker_2_end, WEFT_INSTANT_END, 0, 0);
  else
    instant (&trace, WORKER_2, T0 + 310, WEFT_INSTANT_RAISE, 0, message);
  if (which == LIFE_WENT_ON)
    test_trace_span (&trace, WORKER_2, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, T0 + 320, T0 + 350, 2, 0);

  /* Main joins worker-1, then worker-2 (unless it never does). */
  test_trace_span (&trace, MAIN, WEFT_STATE_WAITING, WEFT_OBJECT_NONE, T0 + 40, T0 + 545, WORKER_1, 0);
  instant (&trace, MAIN, which == LIFE_JOIN_TOO_SOON ? T0 + 550 : worker_1_end + 150, WEFT_INSTANT_JOIN,
           WORKER_1, 0);
  if (which == LIFE_STOPPED)
    test_trace_span (&trace, MAIN, WEFT_STATE_WAITING, WEFT_OBJECT_NONE, T0 + 560, T0 + 700, WORKER_2, 0);
  else if (which != LIFE_OUTLIVED)
    {
      test_trace_span (&trace, MAIN, WEFT_STATE_WAITING, WEFT_OBJECT_NONE, T0 + 560, T0 + 600, WORKER_2, 0);
      instant (&trace, MAIN, T0 + 610, WEFT_INSTANT_JOIN, WORKER_2, 0);
    }
  instant (&trace, MAIN, T0 + 1000, WEFT_INSTANT_END, 0, 0);

  /* The daemon works until it is killed at the exit. */
  switch (which)
    {
    case LIFE_DAEMON_ENDS_LATE:
      test_trace_span (&trace, DAEMON, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, T0 + 15, T0 + 1500, 0, 0);
      instant (&trace, DAEMON, T0 + 1510, WEFT_INSTANT_END, 0, 0);
      break;
    case LIFE_STOPPED_AT_EXIT:
      /* The stop, not an exit, ended the daemon. */
      weft_timeline_set_stop_ns (trace.timeline, T0 + 990);
      test_trace_span (&trace, DAEMON, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, T0 + 15, T0 + 1005, 0, 0);
      instant (&trace, DAEMON, T0 + 1010, WEFT_INSTANT_END, 0, 0);
      break;
    case LIFE_DAEMON_KILLED_EARLY:
      test_trace_span (&trace, DAEMON, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, T0 + 15, T0 + 800, 0, 0);
      instant (&trace, DAEMON, T0 + 810, WEFT_INSTANT_KILLED, 0, 0);
      break;
    default:
      test_trace_span (&trace, DAEMON, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, T0 + 15, T0 + 1005, 0, 0);
      instant (&trace, DAEMON, which == LIFE_OUTLIVED ? T0 + 1205 : T0 + 1010, WEFT_INSTANT_KILLED, 0, 0);
      break;
    }

  checks = test_trace_check (&trace);
  verdict = weft_checks_to_string (checks);
  g_test_message ("case %d: %s", which, verdict);
  test_trace_clear (&trace);
  return checks;
}

static void
assert_status (WeftChecks      *checks,
               const char      *id,
               WeftCheckStatus  status)
{
  const WeftCheck *found = test_find_check (checks, id);

  g_assert_nonnull (found);
  g_assert_cmpstr (weft_check_status_to_string (found->status), ==, weft_check_status_to_string (status));
}

static void
test_right (void)
{
  g_autoptr(WeftChecks) checks = life_trace (LIFE_OK);

  g_assert_true (weft_checks_all_passed (checks));
  assert_status (checks, "join", WEFT_CHECK_PASS);
  assert_status (checks, "raise", WEFT_CHECK_PASS);
  assert_status (checks, "non-daemons", WEFT_CHECK_PASS);
  assert_status (checks, "daemons", WEFT_CHECK_PASS);
  g_assert_cmpstr (test_find_check (checks, "join")->message, ==,
                   "each of the 2 joins returned after its thread had ended");
  g_assert_cmpstr (test_find_check (checks, "raise")->message, ==,
                   "worker-2 ended at its raise: “" MESSAGE "”");
  g_assert_cmpstr (test_find_check (checks, "non-daemons")->message, ==,
                   "all 2 non-daemon workers had ended by main's last join");
  g_assert_cmpstr (test_find_check (checks, "daemons")->message, ==,
                   "1 daemon still running when the program exited was killed, none before");
}

static void
test_join_too_soon (void)
{
  g_autoptr(WeftChecks) checks = life_trace (LIFE_JOIN_TOO_SOON);

  assert_status (checks, "join", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (checks, "join")->message, ==,
                   "1 join returned before its thread had ended: main's join of worker-1");
}

static void
test_raise (void)
{
  g_autoptr(WeftChecks) went_on = life_trace (LIFE_WENT_ON);
  g_autoptr(WeftChecks) silent = life_trace (LIFE_SILENT_RAISE);

  assert_status (went_on, "raise", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (went_on, "raise")->message, ==, "worker-2 went on after it raised an error");
  assert_status (silent, "raise", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (silent, "raise")->message, ==, "worker-2 raised an error that says nothing");
}

static void
test_outlived (void)
{
  g_autoptr(WeftChecks) checks = life_trace (LIFE_OUTLIVED);

  assert_status (checks, "non-daemons", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (checks, "non-daemons")->message, ==,
                   "1 non-daemon thread outlived main's joins (worker-2)");
}

static void
test_daemons (void)
{
  g_autoptr(WeftChecks) late = life_trace (LIFE_DAEMON_ENDS_LATE);
  g_autoptr(WeftChecks) early = life_trace (LIFE_DAEMON_KILLED_EARLY);
  g_autoptr(WeftChecks) worker = life_trace (LIFE_WORKER_KILLED);

  assert_status (late, "daemons", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (late, "daemons")->message, ==,
                   "daemon-1 ran on after the program exited instead of being killed");
  assert_status (early, "daemons", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (early, "daemons")->message, ==,
                   "daemon-1 was killed before the program exited");
  assert_status (worker, "daemons", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (worker, "daemons")->message, ==,
                   "worker-1 was killed, but it was not a daemon");
}

/* A stop broke main's last join: what main's joins and the exit would
 * show cannot be judged, and nothing fails. */
static void
test_stopped (void)
{
  g_autoptr(WeftChecks) checks = life_trace (LIFE_STOPPED);

  g_assert_true (weft_checks_all_passed (checks));
  assert_status (checks, "join", WEFT_CHECK_PASS);
  assert_status (checks, "raise", WEFT_CHECK_PENDING);
  assert_status (checks, "non-daemons", WEFT_CHECK_PENDING);
  assert_status (checks, "daemons", WEFT_CHECK_PENDING);
}

static guint count_instants (WeftTimeline *timeline,
                             WeftInstant   kind);

/* A stop asked for as main returned: main's return was no exit (the
 * run decides both under one lock), so the daemon that the stop ended is
 * no daemon that outlived an exit, and the exit's checks wait. */
static void
test_stopped_at_exit (void)
{
  g_autoptr(WeftChecks) checks = life_trace (LIFE_STOPPED_AT_EXIT);
  g_autoptr(WeftChecks) late = life_trace (LIFE_DAEMON_ENDS_LATE);

  g_assert_false (weft_checks_any_with_status (checks, WEFT_CHECK_FAIL));
  assert_status (checks, "daemons", WEFT_CHECK_PENDING);
  /* Without a stop, the same ending after the exit is a failure. */
  assert_status (late, "daemons", WEFT_CHECK_FAIL);
}

/* A run stopped while main was still starting its threads (after the
 * daemon, before any worker): main's end is no program's exit, so the
 * daemon's end says nothing about one, and neither check may pass. */
static void
test_stopped_while_starting (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  g_autoptr(WeftChecks) checks = NULL;

  test_params ("lifecycle", &pattern, &params);
  weft_params_set (&params, "workers", 2);
  weft_params_set (&params, "daemons", 1);
  test_trace_init (&trace, pattern, &params);
  weft_timeline_add_lane (trace.timeline, "main", 1);
  weft_timeline_add_lane (trace.timeline, "daemon-1", 2);
  instant (&trace, MAIN, T0, WEFT_INSTANT_START, 0, 0);
  test_trace_span (&trace, MAIN, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, T0 + 1, T0 + 100, 0, 0);
  instant (&trace, 1, T0 + 110, WEFT_INSTANT_START, 1, 0);
  test_trace_span (&trace, MAIN, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, T0 + 120, T0 + 200, 0, 0);
  instant (&trace, MAIN, T0 + 200, WEFT_INSTANT_END, 0, 0);
  test_trace_span (&trace, 1, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, T0 + 115, T0 + 200, 0, 0);
  instant (&trace, 1, T0 + 201, WEFT_INSTANT_END, 0, 0);
  checks = test_trace_check (&trace);
  test_trace_clear (&trace);

  assert_status (checks, "non-daemons", WEFT_CHECK_PENDING);
  assert_status (checks, "daemons", WEFT_CHECK_PENDING);
}

/* The same, from real threads: a run cut short as main starts them
 * kills no daemon (each returns for the stop, as every thread does). */
static void
test_run_stopped_while_starting (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftChecks) checks = NULL;

  test_params ("lifecycle", &pattern, &params);
  weft_params_set (&params, "daemons", 2);
  weft_params_set (&params, "pace", 1);
  params.seed = 2;
  params.seeded = TRUE;
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  /* Two daemons take main 100 to 300 ms to start; the workers come after. */
  timeline = weft_record_run (run, 200 * WEFT_NSEC_PER_MSEC, NULL, &error);
  g_assert_no_error (error);
  checks = weft_check_timeline (timeline);
  g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_KILLED), ==, 0);
  assert_status (checks, "non-daemons", WEFT_CHECK_PENDING);
  assert_status (checks, "daemons", WEFT_CHECK_PENDING);
}

static guint
count_instants (WeftTimeline *timeline,
                WeftInstant   kind)
{
  guint count = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        count += instants[i].instant == kind;
    }
  return count;
}

/* A whole run, to its end: every worker joined, one raised, and the
 * daemons killed when main returned. */
static void
test_run (void)
{
  guint rounds = g_getenv ("WEFT_TEST_LIGHT") ? 1 : 3;

  for (guint r = 0; r < rounds; r++)
    {
      const WeftPattern *pattern;
      WeftParams params;
      g_autoptr(GError) error = NULL;
      g_autoptr(WeftRun) run = NULL;
      g_autoptr(WeftTimeline) timeline = NULL;
      g_autoptr(WeftChecks) checks = NULL;
      g_autofree char *verdict = NULL;
      WeftRecordingEnd end;

      test_params ("lifecycle", &pattern, &params);
      weft_params_set (&params, "pace", 0.1);
      run = weft_run_new (pattern, &params, &error);
      g_assert_no_error (error);
      weft_run_set_seed (run, 21 + r);
      timeline = weft_record_run (run, 60 * WEFT_NSEC_PER_SEC, &end, &error);
      g_assert_no_error (error);
      g_assert_cmpint (end, ==, WEFT_RECORDING_FINISHED);

      checks = weft_check_timeline (timeline);
      verdict = weft_checks_to_string (checks);
      g_test_message ("seed %u: %s", 21 + r, verdict);
      g_assert_true (weft_checks_all_passed (checks));
      assert_status (checks, "join", WEFT_CHECK_PASS);
      assert_status (checks, "raise", WEFT_CHECK_PASS);
      assert_status (checks, "non-daemons", WEFT_CHECK_PASS);
      assert_status (checks, "daemons", WEFT_CHECK_PASS);
      g_assert_nonnull (strstr (test_find_check (checks, "raise")->message, MESSAGE));

      /* Main, two daemons and three workers. */
      g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 6);
      g_assert_cmpstr (weft_timeline_get_lane_name (timeline, 0), ==, "main");
      g_assert_cmpstr (weft_timeline_get_lane_name (timeline, 1), ==, "daemon-1");
      g_assert_cmpstr (weft_timeline_get_lane_name (timeline, 3), ==, "worker-1");
      g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_START), ==, 6);
      g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_JOIN), ==, 3);
      g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_RAISE), ==, 1);
      g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_KILLED), ==, 2);
      /* Main and the two workers that did not raise. */
      g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_END), ==, 3);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pattern/lifecycle/right", test_right);
  g_test_add_func ("/pattern/lifecycle/join-too-soon", test_join_too_soon);
  g_test_add_func ("/pattern/lifecycle/raise", test_raise);
  g_test_add_func ("/pattern/lifecycle/outlived", test_outlived);
  g_test_add_func ("/pattern/lifecycle/daemons", test_daemons);
  g_test_add_func ("/pattern/lifecycle/stopped", test_stopped);
  g_test_add_func ("/pattern/lifecycle/stopped-while-starting", test_stopped_while_starting);
  g_test_add_func ("/pattern/lifecycle/stopped-at-exit", test_stopped_at_exit);
  g_test_add_func ("/pattern/lifecycle/run-stopped-while-starting", test_run_stopped_while_starting);
  g_test_add_func ("/pattern/lifecycle/run", test_run);

  return g_test_run ();
}
