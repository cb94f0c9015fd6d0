/* test-pattern-rlock.c: the reentrant lock's checks and runs
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each check is shown a hand-made trace that breaks it, next to the same
 * trace made right; then both variants run on real threads and the
 * trace is read for the lesson: nested holds with RLock(), a holder
 * waiting for itself with Lock().
 */

#include "weft-test-util.h"

static gboolean
test_is_light (void)
{
  return g_getenv ("WEFT_TEST_LIGHT") != NULL;
}

/* ---- hand-made traces ---- */

typedef struct
{
  TestTrace trace;
  guint16 lock;
} LockTrace;

static void
lock_trace_init (LockTrace  *lt,
                 const char *variant)
{
  const WeftPattern *pattern;
  WeftParams params;

  test_params ("rlock", &pattern, &params);
  g_assert_true (weft_params_set_variant (&params, variant));
  weft_params_set (&params, "threads", 2);
  test_trace_init (&lt->trace, pattern, &params);
  lt->lock = weft_timeline_add_object (lt->trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  weft_timeline_add_lane (lt->trace.timeline, "worker-1", 1);
  weft_timeline_add_lane (lt->trace.timeline, "worker-2", 2);
}

static void
take (LockTrace *lt,
      guint      lane,
      gint64     time)
{
  test_trace_add (&lt->trace, lane, time, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, lt->lock, 0, 0);
  test_trace_add (&lt->trace, lane, time, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, lt->lock, 0, 0);
}

static void
give (LockTrace *lt,
      guint      lane,
      gint64     time)
{
  test_trace_add (&lt->trace, lane, time, WEFT_EVENT_END, WEFT_STATE_CRITICAL, lt->lock, 0, 0);
  test_trace_add (&lt->trace, lane, time, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, lt->lock, 0, 0);
}

static void
wait_for (LockTrace *lt,
          guint      lane,
          gint64     from,
          gint64     to)
{
  test_trace_span (&lt->trace, lane, WEFT_STATE_WAITING, lt->lock, from, to, 0, 0);
}

/* Two levels held from @from to @to, the inner one 10 ns inside. */
static void
hold_twice (LockTrace *lt,
            guint      lane,
            gint64     from,
            gint64     to)
{
  take (lt, lane, from);
  take (lt, lane, from + 10);
  give (lt, lane, to - 10);
  give (lt, lane, to);
}

static WeftChecks *
lock_trace_check (LockTrace *lt)
{
  WeftChecks *checks = test_trace_check (&lt->trace);

  test_trace_clear (&lt->trace);
  return checks;
}

static void
assert_status (WeftChecks      *checks,
               const char      *id,
               WeftCheckStatus  status)
{
  const WeftCheck *check = test_find_check (checks, id);

  g_assert_nonnull (check);
  if (check->status != status)
    g_error ("%s: %s, expected %s: %s", id, weft_check_status_to_string (check->status),
             weft_check_status_to_string (status), check->message);
}

/* worker-1 holds two levels from 100 to 200, worker-2 waits for it and
 * holds two from 200 to 300: everything the RLock must show. */
static void
add_two_owners (LockTrace *lt)
{
  hold_twice (lt, 0, 100, 200);
  wait_for (lt, 1, 120, 200);
  hold_twice (lt, 1, 200, 300);
}

static void
test_right_trace_passes (void)
{
  LockTrace lt;
  g_autoptr(WeftChecks) checks = NULL;

  lock_trace_init (&lt, "rlock");
  add_two_owners (&lt);
  checks = lock_trace_check (&lt);

  g_assert_true (weft_checks_all_passed (checks));
  assert_status (checks, "nesting", WEFT_CHECK_PASS);
  assert_status (checks, "mutual-exclusion", WEFT_CHECK_PASS);
  assert_status (checks, "outermost-release", WEFT_CHECK_PASS);
  assert_status (checks, "self-wait", WEFT_CHECK_PASS);
  g_assert_cmpstr (test_find_check (checks, "nesting")->message, ==,
                   "2 re-entries, each nested in its owner's hold, up to 2 levels deep");
  g_assert_cmpstr (test_find_check (checks, "mutual-exclusion")->message, ==,
                   "mutual exclusion held across 2 entries");
  g_assert_cmpstr (test_find_check (checks, "outermost-release")->message, ==,
                   "the lock was passed on 1 time, only after its holder's outermost release");
  g_assert_cmpstr (test_find_check (checks, "self-wait")->message, ==,
                   "no thread waited for a lock it held, in 2 re-entries");
}

/* An inner level inside a wait for the lock, not inside a hold of it. */
static void
test_nesting_outside_a_hold_fails (void)
{
  LockTrace lt;
  g_autoptr(WeftChecks) checks = NULL;

  lock_trace_init (&lt, "rlock");
  test_trace_add (&lt.trace, 0, 100, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, lt.lock, 0, 0);
  take (&lt, 0, 110);
  give (&lt, 0, 140);
  test_trace_add (&lt.trace, 0, 150, WEFT_EVENT_END, WEFT_STATE_WAITING, lt.lock, 0, 0);
  checks = lock_trace_check (&lt);

  assert_status (checks, "nesting", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (checks, "nesting")->message, ==,
                   "worker-1 entered an inner level of the lock without holding it");
  g_assert_false (weft_checks_all_passed (checks));
}

/* A plain lock that lets its holder in twice is broken. */
static void
test_plain_lock_reentered_fails (void)
{
  LockTrace lt;
  g_autoptr(WeftChecks) right = NULL;
  g_autoptr(WeftChecks) wrong = NULL;

  lock_trace_init (&lt, "lock");
  take (&lt, 0, 100);
  give (&lt, 0, 200);
  right = lock_trace_check (&lt);
  assert_status (right, "nesting", WEFT_CHECK_PASS);
  g_assert_cmpstr (test_find_check (right, "nesting")->message, ==, "the plain lock never let its holder in twice");

  lock_trace_init (&lt, "lock");
  hold_twice (&lt, 0, 100, 200);
  wrong = lock_trace_check (&lt);
  assert_status (wrong, "nesting", WEFT_CHECK_FAIL);
}

/* Two owners inside at once. */
static void
test_overlapping_owners_fail (void)
{
  LockTrace lt;
  g_autoptr(WeftChecks) checks = NULL;

  lock_trace_init (&lt, "rlock");
  hold_twice (&lt, 0, 100, 200);
  hold_twice (&lt, 1, 150, 300);
  checks = lock_trace_check (&lt);

  assert_status (checks, "mutual-exclusion", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (checks, "mutual-exclusion")->message, ==,
                   "mutual exclusion broken: 2 threads inside at once");
  /* Nested levels of one owner are no overlap. */
  assert_status (checks, "nesting", WEFT_CHECK_PASS);
}

/* worker-2 takes the lock after worker-1's inner release but before its
 * outermost one: the lock was not free.  Told only by the instants, so
 * the spans are left to agree with anything. */
static void
test_take_before_outermost_release_fails (void)
{
  LockTrace lt;
  g_autoptr(WeftChecks) checks = NULL;

  lock_trace_init (&lt, "rlock");
  test_trace_add (&lt.trace, 0, 100, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, lt.lock, 0, 0);
  test_trace_add (&lt.trace, 0, 110, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, lt.lock, 0, 0);
  test_trace_add (&lt.trace, 0, 150, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, lt.lock, 0, 0);
  test_trace_add (&lt.trace, 1, 160, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, lt.lock, 0, 0);
  test_trace_add (&lt.trace, 0, 200, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, lt.lock, 0, 0);
  test_trace_add (&lt.trace, 1, 250, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, lt.lock, 0, 0);
  checks = lock_trace_check (&lt);

  assert_status (checks, "outermost-release", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (checks, "outermost-release")->message, ==,
                   "worker-2 took the lock while worker-1 still held it");
}

/* The next owner's acquire may carry the very stamp of the holder's
 * release (acquires sort first at one moment): that is a hand-off, not
 * an early take.  Nor is one that comes last in a finished trace. */
static void
test_take_at_the_release_passes (void)
{
  LockTrace lt;
  g_autoptr(WeftChecks) checks = NULL;
  g_autoptr(WeftChecks) at_end = NULL;

  lock_trace_init (&lt, "rlock");
  hold_twice (&lt, 0, 100, 200);
  hold_twice (&lt, 1, 200, 300);
  checks = lock_trace_check (&lt);
  assert_status (checks, "outermost-release", WEFT_CHECK_PASS);
  assert_status (checks, "mutual-exclusion", WEFT_CHECK_PASS);

  /* ... while a take that the holder's release never follows fails,
   * even as the last thing in the trace. */
  lock_trace_init (&lt, "rlock");
  test_trace_add (&lt.trace, 0, 100, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, lt.lock, 0, 0);
  test_trace_add (&lt.trace, 1, 200, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, lt.lock, 0, 0);
  at_end = lock_trace_check (&lt);
  assert_status (at_end, "outermost-release", WEFT_CHECK_FAIL);
}

/* A holder waiting for its own lock: a failure of an RLock, the lesson
 * of a plain Lock. */
static void
add_self_wait (LockTrace *lt)
{
  take (lt, 0, 100);
  wait_for (lt, 0, 150, 160);
  give (lt, 0, 170);
}

static void
test_self_wait (void)
{
  LockTrace lt;
  g_autoptr(WeftChecks) rlock = NULL;
  g_autoptr(WeftChecks) lock = NULL;
  g_autoptr(WeftChecks) lock_right = NULL;

  lock_trace_init (&lt, "rlock");
  add_self_wait (&lt);
  rlock = lock_trace_check (&lt);
  assert_status (rlock, "self-wait", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (rlock, "self-wait")->message, ==, "worker-1 waited for a lock it already held");

  lock_trace_init (&lt, "lock");
  add_self_wait (&lt);
  lock = lock_trace_check (&lt);
  assert_status (lock, "self-wait", WEFT_CHECK_LESSON);
  g_assert_cmpstr (test_find_check (lock, "self-wait")->message, ==, "worker-1 waits for a lock it already holds");
  g_assert_true (weft_checks_all_passed (lock));

  /* A wait for the lock that someone else holds is no lesson. */
  lock_trace_init (&lt, "lock");
  take (&lt, 0, 100);
  wait_for (&lt, 1, 150, 170);
  give (&lt, 0, 170);
  take (&lt, 1, 170);
  give (&lt, 1, 200);
  lock_right = lock_trace_check (&lt);
  assert_status (lock_right, "self-wait", WEFT_CHECK_PENDING);
  g_assert_true (weft_checks_all_passed (lock_right));
}

/* Nothing taken yet: nothing to judge, and no failure. */
static void
test_empty_trace_is_pending (void)
{
  LockTrace lt;
  g_autoptr(WeftChecks) checks = NULL;

  lock_trace_init (&lt, "rlock");
  checks = lock_trace_check (&lt);
  for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
    g_assert_cmpint (weft_checks_get_check (checks, i)->status, ==, WEFT_CHECK_PENDING);
}

/* ---- real runs ---- */

static WeftTimeline *
record (const char        *variant,
        guint              threads,
        guint              depth,
        gint64             max_ns,
        WeftRecordingEnd  *end)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftRun) run = NULL;
  WeftTimeline *timeline;

  test_params ("rlock", &pattern, &params);
  g_assert_true (weft_params_set_variant (&params, variant));
  weft_params_set (&params, "threads", threads);
  weft_params_set (&params, "depth", depth);
  weft_params_set (&params, "pace", 0.05);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  timeline = weft_record_run (run, max_ns, end, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
  return timeline;
}

typedef struct
{
  guint acquires;
  guint releases;
  guint deepest_critical;     /* nesting depth + 1 of the deepest `critical` on the lock */
  guint self_waits;           /* `waiting` on the lock at depth > 0 */
  guint cut;
} LockShape;

static void
read_shape (WeftTimeline *timeline,
            guint         lane,
            LockShape    *shape)
{
  guint16 lock;
  guint n;
  const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

  g_assert_true (weft_timeline_find_object (timeline, "lock", &lock));
  for (guint i = 0; i < n; i++)
    if (instants[i].object == lock && instants[i].instant == WEFT_INSTANT_ACQUIRE)
      shape->acquires++;
    else if (instants[i].object == lock && instants[i].instant == WEFT_INSTANT_RELEASE)
      shape->releases++;
  for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
    {
      const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

      for (guint i = 0; i < n; i++)
        {
          if (spans[i].flags & WEFT_SPAN_CUT)
            shape->cut++;
          if (spans[i].object != lock)
            continue;
          if (spans[i].state == WEFT_STATE_CRITICAL)
            shape->deepest_critical = MAX (shape->deepest_critical, depth + 1);
          else if (spans[i].state == WEFT_STATE_WAITING && depth > 0)
            shape->self_waits++;
        }
    }
}

/* With RLock() every owner goes down all three levels, holding the lock
 * at each, and nobody waits for itself. */
static void
test_rlock_run (void)
{
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  g_autofree char *verdict = NULL;
  WeftRecordingEnd end;
  guint levels_reached = 0;

  timeline = record ("rlock", 3, 3, (test_is_light () ? 1 : 2) * WEFT_NSEC_PER_SEC, &end);
  checks = weft_check_timeline (timeline);
  verdict = weft_checks_to_string (checks);
  g_test_message ("rlock: %s", verdict);

  g_assert_cmpint (end, ==, WEFT_RECORDING_TIME_UP);
  g_assert_null (weft_timeline_get_stop_reason (timeline));
  for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
    g_assert_cmpint (weft_checks_get_check (checks, i)->status, ==, WEFT_CHECK_PASS);

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      LockShape shape = { 0 };

      read_shape (timeline, lane, &shape);
      /* Every level taken is given back, on the way out too. */
      g_assert_cmpuint (shape.acquires, ==, shape.releases);
      g_assert_cmpuint (shape.self_waits, ==, 0);
      g_assert_cmpuint (shape.cut, ==, 0);
      g_assert_cmpuint (shape.deepest_critical, <=, 3);
      levels_reached = MAX (levels_reached, shape.deepest_critical);
    }
  g_assert_cmpuint (levels_reached, ==, 3);
}

/* With Lock() the first thread to reach the second level waits for
 * itself; the run stops saying so, and the check reads the same from
 * the trace, as the lesson. */
static void
test_lock_run (void)
{
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *verdict = NULL;
  const WeftCheck *self_wait;
  WeftRecordingEnd end;
  guint waiting_for_itself = 0;

  timeline = record ("lock", 3, 2, 30 * WEFT_NSEC_PER_SEC, &end);
  checks = weft_check_timeline (timeline);
  verdict = weft_checks_to_string (checks);
  g_test_message ("lock: %s; stopped: %s", verdict, weft_timeline_get_stop_reason (timeline));

  /* It stopped itself, long before the time was up. */
  g_assert_cmpint (end, ==, WEFT_RECORDING_FINISHED);
  g_assert_nonnull (weft_timeline_get_stop_reason (timeline));
  g_assert_true (weft_checks_all_passed (checks));
  self_wait = test_find_check (checks, "self-wait");
  g_assert_cmpint (self_wait->status, ==, WEFT_CHECK_LESSON);
  g_assert_cmpstr (self_wait->message, ==, weft_timeline_get_stop_reason (timeline));
  assert_status (checks, "nesting", WEFT_CHECK_PASS);
  assert_status (checks, "mutual-exclusion", WEFT_CHECK_PASS);

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      LockShape shape = { 0 };

      read_shape (timeline, lane, &shape);
      g_assert_cmpuint (shape.acquires, ==, shape.releases);
      g_assert_cmpuint (shape.deepest_critical, <=, 1);
      g_assert_cmpuint (shape.cut, ==, 0);
      if (shape.self_waits > 0)
        {
          waiting_for_itself++;
          expected = g_strdup_printf ("%s waits for a lock it already holds",
                                      weft_timeline_get_lane_name (timeline, lane));
          g_assert_cmpstr (self_wait->message, ==, expected);
        }
    }
  g_assert_cmpuint (waiting_for_itself, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rlock/checks/right-trace-passes", test_right_trace_passes);
  g_test_add_func ("/rlock/checks/nesting-outside-a-hold-fails", test_nesting_outside_a_hold_fails);
  g_test_add_func ("/rlock/checks/plain-lock-reentered-fails", test_plain_lock_reentered_fails);
  g_test_add_func ("/rlock/checks/overlapping-owners-fail", test_overlapping_owners_fail);
  g_test_add_func ("/rlock/checks/take-before-outermost-release-fails", test_take_before_outermost_release_fails);
  g_test_add_func ("/rlock/checks/take-at-the-release-passes", test_take_at_the_release_passes);
  g_test_add_func ("/rlock/checks/self-wait", test_self_wait);
  g_test_add_func ("/rlock/checks/empty-trace-is-pending", test_empty_trace_is_pending);
  g_test_add_func ("/rlock/run/rlock", test_rlock_run);
  g_test_add_func ("/rlock/run/lock", test_lock_run);

  return g_test_run ();
}
