/* test-stepper.c: Step mode holds real threads at their sync points
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The user plays the scheduler: a lost update stepped into existence
 * (read, read, write, write), a thread blocked on a lock that cannot be
 * stepped until the holder lets go, and leaving Step mode or stopping
 * lets every held thread go.  Every wait below is for a thread to reach
 * a state, with a limit only so a failure does not hang.
 */

#include "weft-test-util.h"

#define GIVE_UP_NS (30 * WEFT_NSEC_PER_SEC)

static WeftRun *
start_stepping (const char *pattern_name,
                guint       threads)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  WeftRun *run;

  test_params (pattern_name, &pattern, &params);
  weft_params_set (&params, "threads", threads);
  weft_params_set (&params, "iterations", 1);
  weft_params_set (&params, "pace", 0);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  weft_stepper_set_on (weft_run_get_stepper (run), TRUE);
  g_assert_true (weft_run_start (run, &error));
  return run;
}

/* Waits until @lane is held at its next sync point. */
static void
wait_held (WeftRun *run,
           guint    lane)
{
  gint64 give_up = weft_clock_now_ns () + GIVE_UP_NS;

  while (!weft_stepper_is_held (weft_run_get_stepper (run), lane))
    {
      g_assert_cmpint (weft_clock_now_ns (), <, give_up);
      g_usleep (1000);
    }
}

/* Lets @lane go, once it is held, and waits until it is held at its
 * next sync point or its thread has ended, as a user watching would. */
static void
step (WeftRun *run,
      guint    lane)
{
  WeftStepper *stepper = weft_run_get_stepper (run);
  WeftRecorder *recorder = weft_run_get_recorder (run);
  gint64 give_up = weft_clock_now_ns () + GIVE_UP_NS;

  wait_held (run, lane);
  g_assert_true (weft_stepper_release (stepper, lane));
  while (!weft_stepper_is_held (stepper, lane) && !weft_recorder_is_lane_finished (recorder, lane))
    {
      g_assert_cmpint (weft_clock_now_ns (), <, give_up);
      g_usleep (1000);
    }
}

/* The held spans of @lane, in order, as "read,write". */
static char *
held_steps (WeftTimeline *timeline,
            guint         lane)
{
  GString *text = g_string_new (NULL);

  for (guint depth = 0; depth < WEFT_TIMELINE_MAX_DEPTH; depth++)
    {
      guint n;
      const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

      for (guint i = 0; i < n; i++)
        if (spans[i].state == WEFT_STATE_HELD)
          g_string_append_printf (text, "%s%s@%" G_GINT64_FORMAT, text->len > 0 ? "," : "",
                                  weft_step_to_string (spans[i].arg), spans[i].value);
    }
  return g_string_free (text, FALSE);
}

/* Read, read, write, write: both racers write 1, and the check says an
 * update was lost, at the moment the second write landed. */
static void
test_step_a_lost_update (void)
{
  g_autoptr(WeftRun) run = start_stepping ("race", 2);
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  g_autofree char *steps_1 = NULL;
  g_autofree char *steps_2 = NULL;
  gint64 expected, actual;

  timeline = weft_timeline_new_for_run (run);
  step (run, 0);   /* racer-1 reads 0 */
  step (run, 1);   /* racer-2 reads 0 */
  step (run, 0);   /* racer-1 writes 1 */
  step (run, 1);   /* racer-2 writes 1 */
  weft_run_join (run);
  weft_timeline_ingest (timeline);
  weft_timeline_finish (timeline, weft_run_get_stop_ns (run));

  steps_1 = held_steps (timeline, 0);
  steps_2 = held_steps (timeline, 1);
  g_assert_cmpstr (steps_1, ==, "read@0,write@1");
  g_assert_cmpstr (steps_2, ==, "read@0,write@1");
  checks = weft_check_timeline (timeline);
  g_assert_true (weft_checks_get_result (checks, &expected, &actual));
  g_assert_cmpint (expected, ==, 2);
  g_assert_cmpint (actual, ==, 1);
  g_assert_cmpint (test_find_check (checks, "updates")->status, ==, WEFT_CHECK_LESSON);
}

/* The same four steps in the other order (read, write, read, write)
 * lose nothing: the interleaving is the user's. */
static void
test_step_in_turn (void)
{
  g_autoptr(WeftRun) run = start_stepping ("race", 2);
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  g_autofree char *steps_2 = NULL;
  gint64 expected, actual;

  timeline = weft_timeline_new_for_run (run);
  step (run, 0);
  step (run, 0);
  step (run, 1);
  step (run, 1);
  weft_run_join (run);
  weft_timeline_ingest (timeline);
  weft_timeline_finish (timeline, weft_run_get_stop_ns (run));

  steps_2 = held_steps (timeline, 1);
  g_assert_cmpstr (steps_2, ==, "read@0,write@2");
  checks = weft_check_timeline (timeline);
  g_assert_true (weft_checks_get_result (checks, &expected, &actual));
  g_assert_cmpint (actual, ==, expected);
}

/* A thread let go into a lock its neighbour holds waits there: it is not
 * held, so it cannot be stepped, until the holder releases the lock. */
static void
test_blocked_cannot_step (void)
{
  g_autoptr(WeftRun) run = start_stepping ("lock", 2);
  WeftStepper *stepper = weft_run_get_stepper (run);
  gint64 give_up;

  step (run, 0);   /* worker-1 takes the lock, and is held before it releases it */
  wait_held (run, 1);
  g_assert_true (weft_stepper_release (stepper, 1));   /* worker-2 asks for the lock and waits */

  /* Give it every chance to come back held; it must not. */
  for (guint i = 0; i < 200; i++)
    {
      g_assert_false (weft_stepper_is_held (stepper, 1));
      g_usleep (1000);
    }
  g_assert_false (weft_stepper_release (stepper, 1));
  g_assert_cmpuint (weft_stepper_get_n_held (stepper), ==, 1);

  step (run, 0);   /* worker-1 releases: worker-2 gets the lock */
  step (run, 1);   /* and is held at its own release */
  give_up = weft_clock_now_ns () + GIVE_UP_NS;
  while (!weft_run_is_finished (run))
    {
      g_assert_cmpint (weft_clock_now_ns (), <, give_up);
      g_usleep (1000);
    }
}

/* The philosophers walked into their deadlock: each takes its first
 * fork, then each reaches for the second; the wait-for graph closes. */
static void
test_step_into_deadlock (void)
{
  g_autoptr(WeftRun) run = start_stepping ("deadlock", 3);
  g_autoptr(WeftTimeline) timeline = weft_timeline_new_for_run (run);
  WeftStepper *stepper = weft_run_get_stepper (run);
  gint64 give_up = weft_clock_now_ns () + GIVE_UP_NS;
  guint n_edges = 0;

  for (guint i = 0; i < 3; i++)
    step (run, i);   /* takes its first fork, held before the second */
  for (guint i = 0; i < 3; i++)
    {
      wait_held (run, i);
      g_assert_true (weft_stepper_release (stepper, i));   /* and waits for it */
    }
  while (weft_timeline_get_deadlock (timeline, &n_edges, NULL) == NULL)
    {
      g_assert_cmpint (weft_clock_now_ns (), <, give_up);
      weft_timeline_ingest (timeline);
      g_usleep (2000);
    }
  g_assert_cmpuint (n_edges, ==, 3);
  weft_run_stop (run);
}

/* Leaving Step mode lets every held thread go; stop does too. */
static void
test_leave_and_stop (void)
{
  g_autoptr(WeftRun) run = start_stepping ("race", 4);
  g_autoptr(WeftRun) run2 = NULL;
  guint lane = G_MAXUINT;
  gint64 give_up = weft_clock_now_ns () + GIVE_UP_NS;

  for (guint i = 0; i < 4; i++)
    wait_held (run, i);
  g_assert_true (weft_stepper_release_any (weft_run_get_stepper (run), 7, &lane));
  g_assert_cmpuint (lane, ==, 3);
  weft_stepper_set_on (weft_run_get_stepper (run), FALSE);
  while (!weft_run_is_finished (run))
    {
      g_assert_cmpint (weft_clock_now_ns (), <, give_up);
      g_usleep (1000);
    }

  run2 = start_stepping ("race", 4);
  for (guint i = 0; i < 4; i++)
    wait_held (run2, i);
  weft_run_stop (run2);
  g_assert_true (weft_run_is_joined (run2));
  g_assert_false (weft_stepper_release_any (weft_run_get_stepper (run2), 0, &lane));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stepper/lost-update", test_step_a_lost_update);
  g_test_add_func ("/stepper/in-turn", test_step_in_turn);
  g_test_add_func ("/stepper/blocked-cannot-step", test_blocked_cannot_step);
  g_test_add_func ("/stepper/into-deadlock", test_step_into_deadlock);
  g_test_add_func ("/stepper/leave-and-stop", test_leave_and_stop);

  return g_test_run ();
}
