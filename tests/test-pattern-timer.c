/* test-pattern-timer.c: the timer pattern's checks, and real runs of it
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each check meets a hand-made trace that breaks it, next to the same
 * trace made right.  Real runs assert what the trace shows, never how
 * long anything took.
 */

#include "weft-test-util.h"
#include "weft-timer.h"

#define T0 1000
#define SECOND WEFT_NSEC_PER_SEC
#define MAIN 0

/* Timers whose delay is exactly one second: shortest == longest, so the
 * seed's draw does not matter. */
static void
trace_init (TestTrace *trace,
            guint      n_timers)
{
  const WeftPattern *pattern;
  WeftParams params;

  test_params ("timer", &pattern, &params);
  weft_params_set (&params, "timers", n_timers);
  weft_params_set (&params, "shortest", 1);
  weft_params_set (&params, "longest", 1);
  weft_params_set (&params, "pace", 1);
  test_trace_init (trace, pattern, &params);
  weft_timeline_add_lane (trace->timeline, "main", 1);
  for (guint i = 1; i <= n_timers; i++)
    {
      g_autofree char *name = g_strdup_printf ("timer-%u", i);
      weft_timeline_add_lane (trace->timeline, name, 1 + i);
    }
  test_trace_add (trace, MAIN, T0, WEFT_EVENT_INSTANT, WEFT_INSTANT_START, WEFT_OBJECT_NONE, 0, 0);
}

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

/* Main schedules timer @n at @at; its lane starts right after and waits
 * until @fire_at, when it fires and rings (or, with @fire_at 0, until
 * @end_at, when it ends unfired). */
static void
timer_life (TestTrace *trace,
            guint      n,
            gint64     at,
            gint64     fire_at,
            gint64     end_at)
{
  instant (trace, MAIN, at, WEFT_INSTANT_SCHEDULE, n, 0);
  instant (trace, n, at + 10, WEFT_INSTANT_START, 0, 0);
  if (fire_at != 0)
    {
      test_trace_span (trace, n, WEFT_STATE_WAITING, WEFT_OBJECT_NONE, at + 20, fire_at, n, 0);
      instant (trace, n, fire_at, WEFT_INSTANT_FIRE, n, 0);
      test_trace_span (trace, n, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, fire_at + 10, fire_at + 100, n, 0);
      end_at = MAX (end_at, fire_at + 200);
    }
  else
    test_trace_span (trace, n, WEFT_STATE_WAITING, WEFT_OBJECT_NONE, at + 20, end_at - 10, n, 0);
  instant (trace, n, end_at, WEFT_INSTANT_END, 0, 0);
}

static WeftChecks *
check (TestTrace *trace)
{
  WeftChecks *checks = test_trace_check (trace);
  g_autofree char *verdict = weft_checks_to_string (checks);

  g_test_message ("%s", verdict);
  test_trace_clear (trace);
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

/* Nothing has happened yet: every check says so, none fails. */
static void
test_nothing_yet (void)
{
  TestTrace trace;
  g_autoptr(WeftChecks) checks = NULL;

  trace_init (&trace, 2);
  checks = check (&trace);
  assert_status (checks, "delay", WEFT_CHECK_PENDING);
  assert_status (checks, "cancel", WEFT_CHECK_PENDING);
  assert_status (checks, "lanes", WEFT_CHECK_PENDING);
  g_assert_true (weft_checks_all_passed (checks));
}

/* A timer that fires a moment before its one-second delay is caught; a
 * moment after passes. */
static WeftChecks *
delay_trace (gint64 waited)
{
  TestTrace trace;

  trace_init (&trace, 1);
  timer_life (&trace, 1, T0 + 100, T0 + 100 + waited, 0);
  return check (&trace);
}

static void
test_delay (void)
{
  g_autoptr(WeftChecks) early = delay_trace (SECOND - 1);
  g_autoptr(WeftChecks) exact = delay_trace (SECOND);
  g_autoptr(WeftChecks) late = delay_trace (SECOND + 5000);

  assert_status (early, "delay", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (early, "delay")->message, ==,
                   "1 timer fired before its delay: timer-1 after 1.000 s of 1.000 s");
  assert_status (exact, "delay", WEFT_CHECK_PASS);
  assert_status (late, "delay", WEFT_CHECK_PASS);
  g_assert_cmpstr (test_find_check (late, "delay")->message, ==, "the timer that fired waited at least its delay");
  g_assert_true (weft_checks_all_passed (late));
}

/* The delay counts on the run's clock: a timer that fired 1.3 s after
 * it was set, 0.6 s of it paused, waited 0.7 s and fired early; one
 * that fired 1.7 s after waited its full second. */
static WeftChecks *
paused_trace (gint64 fired_after)
{
  TestTrace trace;

  trace_init (&trace, 1);
  weft_timeline_begin_pause (trace.timeline, T0 + SECOND / 5);
  weft_timeline_end_pause (trace.timeline, T0 + SECOND / 5 + 6 * SECOND / 10);
  timer_life (&trace, 1, T0 + 100, T0 + 100 + fired_after, 0);
  return check (&trace);
}

static void
test_delay_through_pause (void)
{
  g_autoptr(WeftChecks) early = paused_trace (13 * SECOND / 10);
  g_autoptr(WeftChecks) right = paused_trace (17 * SECOND / 10);

  assert_status (early, "delay", WEFT_CHECK_FAIL);
  assert_status (right, "delay", WEFT_CHECK_PASS);
}

/* A timer cancelled in time that fires all the same is caught, and so is
 * a cancel marked too late that came before its timer fired. */
typedef enum { CANCEL_OK, CANCEL_FIRED_ANYWAY, CANCEL_NOT_LATE } CancelCase;

static WeftChecks *
cancel_trace (CancelCase which)
{
  TestTrace trace;
  gint64 late_at = which == CANCEL_NOT_LATE ? T0 + SECOND / 2 : T0 + 2 * SECOND;

  trace_init (&trace, 2);
  timer_life (&trace, 1, T0 + 100, T0 + 100 + SECOND, 0);
  if (which == CANCEL_FIRED_ANYWAY)
    timer_life (&trace, 2, T0 + 200, T0 + 300 + SECOND, 0);
  else
    timer_life (&trace, 2, T0 + 200, 0, T0 + 400);
  instant (&trace, MAIN, T0 + 300, WEFT_INSTANT_CANCEL, 2, 0);
  instant (&trace, MAIN, late_at, WEFT_INSTANT_CANCEL, 1, WEFT_TIMER_CANCEL_LATE);
  return check (&trace);
}

static void
test_cancel (void)
{
  g_autoptr(WeftChecks) ok = cancel_trace (CANCEL_OK);
  g_autoptr(WeftChecks) fired = cancel_trace (CANCEL_FIRED_ANYWAY);
  g_autoptr(WeftChecks) not_late = cancel_trace (CANCEL_NOT_LATE);

  assert_status (ok, "cancel", WEFT_CHECK_PASS);
  g_assert_cmpstr (test_find_check (ok, "cancel")->message, ==,
                   "cancelled in time: 1, and none of them fired; cancelled too late: 1, after firing");
  g_assert_true (weft_checks_all_passed (ok));
  assert_status (fired, "cancel", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (fired, "cancel")->message, ==,
                   "1 timer cancelled in time fired all the same (timer-2)");
  assert_status (not_late, "cancel", WEFT_CHECK_FAIL);
}

/* A timer's lane that starts before main scheduled it, or records
 * something before its START, is caught. */
typedef enum { LANE_OK, LANE_BEFORE_SCHEDULE, LANE_BEFORE_START } LaneCase;

static WeftChecks *
lane_trace (LaneCase which)
{
  TestTrace trace;

  trace_init (&trace, 1);
  instant (&trace, MAIN, T0 + 100, WEFT_INSTANT_SCHEDULE, 1, 0);
  instant (&trace, 1, which == LANE_BEFORE_SCHEDULE ? T0 + 50 : T0 + 110, WEFT_INSTANT_START, 0, 0);
  test_trace_span (&trace, 1, WEFT_STATE_WAITING, WEFT_OBJECT_NONE,
                   which == LANE_BEFORE_START ? T0 + 105 : T0 + 120, T0 + 100 + SECOND, 1, 0);
  instant (&trace, 1, T0 + 100 + SECOND, WEFT_INSTANT_FIRE, 1, 0);
  instant (&trace, 1, T0 + 200 + SECOND, WEFT_INSTANT_END, 0, 0);
  return check (&trace);
}

static void
test_lanes (void)
{
  g_autoptr(WeftChecks) ok = lane_trace (LANE_OK);
  g_autoptr(WeftChecks) before_schedule = lane_trace (LANE_BEFORE_SCHEDULE);
  g_autoptr(WeftChecks) before_start = lane_trace (LANE_BEFORE_START);

  assert_status (ok, "lanes", WEFT_CHECK_PASS);
  g_assert_true (weft_checks_all_passed (ok));
  assert_status (before_schedule, "lanes", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (before_schedule, "lanes")->message, ==,
                   "1 timer's thread started before main scheduled it (timer-1)");
  assert_status (before_start, "lanes", WEFT_CHECK_FAIL);
}

static guint
count_instants (WeftTimeline *timeline,
                guint         lane,
                WeftInstant   kind,
                guint32       arg)
{
  guint n, count = 0;
  const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

  for (guint i = 0; i < n; i++)
    count += instants[i].instant == kind && instants[i].arg == arg;
  return count;
}

/* A whole run, to its end: main starts the timers, cancels some in time
 * and one too late; each timer not cancelled fires and rings. */
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
      guint n_fired = 0, n_in_time, n_late;

      test_params ("timer", &pattern, &params);
      /* Delays of 0.3 to 1.2 s; main is done cancelling by 0.2 s. */
      weft_params_set (&params, "pace", 0.3);
      run = weft_run_new (pattern, &params, &error);
      g_assert_no_error (error);
      weft_run_set_seed (run, 11 + r);
      timeline = weft_record_run (run, 60 * SECOND, &end, &error);
      g_assert_no_error (error);
      g_assert_cmpint (end, ==, WEFT_RECORDING_FINISHED);

      checks = weft_check_timeline (timeline);
      verdict = weft_checks_to_string (checks);
      g_test_message ("seed %u: %s", 11 + r, verdict);
      g_assert_true (weft_checks_all_passed (checks));
      assert_status (checks, "delay", WEFT_CHECK_PASS);
      assert_status (checks, "cancel", WEFT_CHECK_PASS);
      assert_status (checks, "lanes", WEFT_CHECK_PASS);

      /* Main and five timers, each on a lane of its own. */
      g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 6);
      g_assert_cmpstr (weft_timeline_get_lane_name (timeline, 0), ==, "main");
      g_assert_cmpstr (weft_timeline_get_lane_name (timeline, 5), ==, "timer-5");
      g_assert_cmpuint (count_instants (timeline, 0, WEFT_INSTANT_SCHEDULE, 0), ==, 5);
      n_in_time = count_instants (timeline, 0, WEFT_INSTANT_CANCEL, 0);
      n_late = count_instants (timeline, 0, WEFT_INSTANT_CANCEL, WEFT_TIMER_CANCEL_LATE);
      for (guint lane = 1; lane <= 5; lane++)
        n_fired += count_instants (timeline, lane, WEFT_INSTANT_FIRE, 0);
      /* Two cancels were meant in time; any that came late say so. */
      g_assert_cmpuint (n_in_time + n_late, ==, 3);
      g_assert_cmpuint (n_late, >=, 1);
      g_assert_cmpuint (n_fired, ==, 5 - n_in_time);
      /* Timer-1 rang, and main cancelled it too late. */
      g_assert_cmpuint (count_instants (timeline, 1, WEFT_INSTANT_FIRE, 0), ==, 1);
    }
}

/* A pause through a timer's delay holds it back: it fires later in real
 * time, and the check still finds it waited its delay, no less. */
static void
test_run_paused (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSession) session = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  g_autoptr(GArray) pauses = NULL;
  WeftTimeline *timeline;
  gint64 give_up;

  test_params ("timer", &pattern, &params);
  weft_params_set (&params, "timers", 2);
  weft_params_set (&params, "cancel", 0);
  weft_params_set (&params, "pace", 0.2);
  session = weft_session_new (pattern, &params, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (weft_session_start (session, &error));
  give_up = weft_clock_now_ns () + 60 * SECOND;
  while (!weft_session_is_started (session) && weft_clock_now_ns () < give_up)
    g_usleep (1000);
  /* Both timers are set by 40 ms; their delays run 200 to 800 ms. */
  g_usleep (100 * 1000);
  weft_session_set_paused (session, TRUE);
  g_usleep (300 * 1000);
  weft_session_set_paused (session, FALSE);
  g_assert_cmpint (weft_session_wait (session, 60 * SECOND, NULL), ==, WEFT_RECORDING_FINISHED);

  timeline = weft_session_get_timeline (session);
  pauses = weft_timeline_dup_pauses (timeline);
  g_assert_cmpuint (pauses->len, ==, 1);
  checks = weft_check_timeline (timeline);
  g_test_message ("%s", test_find_check (checks, "delay")->message);
  assert_status (checks, "delay", WEFT_CHECK_PASS);
  g_assert_true (weft_checks_all_passed (checks));
}

/* Stopped while main joins a timer whose delay has far to go: nothing
 * fires, every timer's lane ends, and no check fails. */
static void
test_stop_while_timers_wait (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftChecks) checks = NULL;

  test_params ("timer", &pattern, &params);
  weft_params_set (&params, "shortest", 10);
  weft_params_set (&params, "longest", 10);
  weft_params_set (&params, "pace", 0.1);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  /* Main is joining by 0.1 s; the timers would fire at 1 s. */
  timeline = weft_record_run (run, 500 * WEFT_NSEC_PER_MSEC, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 6);
  for (guint lane = 1; lane <= 5; lane++)
    {
      g_assert_cmpuint (count_instants (timeline, lane, WEFT_INSTANT_FIRE, 0), ==, 0);
      g_assert_cmpuint (count_instants (timeline, lane, WEFT_INSTANT_END, 0), ==, 1);
      g_assert_cmpint (weft_timeline_get_lane_end (timeline, lane), <, G_MAXINT64);
    }
  checks = weft_check_timeline (timeline);
  g_assert_true (weft_checks_all_passed (checks));
  assert_status (checks, "delay", WEFT_CHECK_PENDING);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pattern/timer/nothing-yet", test_nothing_yet);
  g_test_add_func ("/pattern/timer/delay", test_delay);
  g_test_add_func ("/pattern/timer/delay-through-pause", test_delay_through_pause);
  g_test_add_func ("/pattern/timer/cancel", test_cancel);
  g_test_add_func ("/pattern/timer/lanes", test_lanes);
  g_test_add_func ("/pattern/timer/run", test_run);
  g_test_add_func ("/pattern/timer/run-paused", test_run_paused);
  g_test_add_func ("/pattern/timer/stop-while-timers-wait", test_stop_while_timers_wait);

  return g_test_run ();
}
