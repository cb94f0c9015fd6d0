/* test-checker.c: the checker must fail traces that break each invariant
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every violation is paired with the same trace made right, so a checker
 * that passed or failed everything would not get through.
 */

#include <string.h>

#include "weft-test-util.h"

static WeftChecks *
check_counter_trace (const char *pattern_name,
                     gboolean    overlap,
                     gint64      final_value)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftChecks *checks;
  guint16 lock = 0, counter;

  test_params (pattern_name, &pattern, &params);
  test_trace_init (&trace, pattern, &params);
  if (g_str_equal (pattern_name, "lock"))
    lock = weft_timeline_add_object (trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  counter = weft_timeline_add_object (trace.timeline, "counter", WEFT_OBJECT_COUNTER, 3);
  weft_timeline_add_lane (trace.timeline, "a", 1);
  weft_timeline_add_lane (trace.timeline, "b", 2);

  /* Three increments: a at 100-200, b at 200-300 (or 150-250), a at 400-500. */
  test_trace_span (&trace, 0, WEFT_STATE_CRITICAL, lock, 100, 200, 0, 0);
  test_trace_add (&trace, 0, 190, WEFT_EVENT_INSTANT, WEFT_INSTANT_WRITE, counter, 1, 0);
  test_trace_span (&trace, 1, WEFT_STATE_CRITICAL, lock, overlap ? 150 : 200, overlap ? 250 : 300, 0, 0);
  test_trace_add (&trace, 1, 240, WEFT_EVENT_INSTANT, WEFT_INSTANT_WRITE, counter, 2, 0);
  test_trace_span (&trace, 0, WEFT_STATE_CRITICAL, lock, 400, 500, 0, 0);
  test_trace_add (&trace, 0, 490, WEFT_EVENT_INSTANT, WEFT_INSTANT_WRITE, counter, 3, 0);
  test_trace_add (&trace, 0, 600, WEFT_EVENT_COUNTER, 0, counter, final_value, 0);

  checks = test_trace_check (&trace);
  test_trace_clear (&trace);
  return checks;
}

static void
test_lock_exclusion (void)
{
  g_autoptr(WeftChecks) good = check_counter_trace ("lock", FALSE, 3);
  g_autoptr(WeftChecks) bad = check_counter_trace ("lock", TRUE, 3);

  g_assert_true (test_find_check (good, "mutual-exclusion")->passed);
  g_assert_cmpstr (test_find_check (good, "mutual-exclusion")->message, ==,
                   "mutual exclusion held across 3 entries");
  g_assert_true (weft_checks_all_passed (good));

  g_assert_false (test_find_check (bad, "mutual-exclusion")->passed);
  g_assert_false (test_find_check (bad, "mutual-exclusion")->is_lesson);
  g_assert_false (weft_checks_all_passed (bad));
}

static void
test_lost_updates (void)
{
  g_autoptr(WeftChecks) lock_kept = check_counter_trace ("lock", FALSE, 3);
  g_autoptr(WeftChecks) lock_lost = check_counter_trace ("lock", FALSE, 2);
  g_autoptr(WeftChecks) race_lost = check_counter_trace ("race", TRUE, 2);
  gint64 expected, actual;

  g_assert_true (test_find_check (lock_kept, "updates")->passed);
  g_assert_true (weft_checks_get_result (lock_kept, &expected, &actual));
  g_assert_cmpint (expected, ==, 3);
  g_assert_cmpint (actual, ==, 3);

  /* Under a lock a lost update is a broken invariant... */
  g_assert_false (test_find_check (lock_lost, "updates")->passed);
  g_assert_false (test_find_check (lock_lost, "updates")->is_lesson);
  g_assert_false (weft_checks_all_passed (lock_lost));

  /* ...in the race it is the lesson, reported with its counts. */
  g_assert_false (test_find_check (race_lost, "updates")->passed);
  g_assert_true (test_find_check (race_lost, "updates")->is_lesson);
  g_assert_cmpstr (test_find_check (race_lost, "updates")->message, ==, "lost 1 of 3 updates");
  g_assert_true (weft_checks_get_result (race_lost, &expected, &actual));
  g_assert_cmpint (actual, ==, 2);
}

typedef enum { CLUB_OK, CLUB_OVERFULL, CLUB_COUNTER_HIGH, CLUB_WAITED_WITH_ROOM, CLUB_STAMPED_LATE } ClubCase;

/* Capacity 2, three patrons: 1 inside 100-300, 2 inside 150-350, and 3
 * queues at 200 (club full) and enters when 1 leaves.  Stamped late:
 * patrons 1 and 3 were preempted between the semaphore and their stamps,
 * so the spans never overlap though the counter shows the club full. */
static WeftChecks *
check_club_trace (ClubCase which)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftChecks *checks;
  guint16 club;

  test_params ("nightclub", &pattern, &params);
  params.values[WEFT_PARAM_THREADS] = 3;
  params.values[WEFT_PARAM_CAPACITY] = 2;
  test_trace_init (&trace, pattern, &params);
  club = weft_timeline_add_object (trace.timeline, "club", WEFT_OBJECT_SEMAPHORE, 2);
  for (guint i = 0; i < 3; i++)
    weft_timeline_add_lane (trace.timeline, "patron", i + 1);

  test_trace_span (&trace, 0, WEFT_STATE_CRITICAL, club, 100, which == CLUB_STAMPED_LATE ? 140 : 300, 0, 0);
  test_trace_add (&trace, 0, 100, WEFT_EVENT_COUNTER, 0, club, 1, 0);
  test_trace_span (&trace, 1, WEFT_STATE_CRITICAL, club, 150, 350, 0, 0);
  test_trace_add (&trace, 1, 150, WEFT_EVENT_COUNTER, 0, club, which == CLUB_COUNTER_HIGH ? 3 : 2, 0);
  /* Patron 3 queues: at 200 with the club full, or at 120 with room. */
  test_trace_span (&trace, 2, WEFT_STATE_WAITING, club, which == CLUB_WAITED_WITH_ROOM ? 120 : 200, 300, 0, 0);
  test_trace_add (&trace, 0, 300, WEFT_EVENT_COUNTER, 0, club, 1, 0);
  test_trace_add (&trace, 2, 300, WEFT_EVENT_COUNTER, 0, club, 2, 0);
  /* ...and enters when patron 1 leaves, or (overfull) before. */
  test_trace_span (&trace, 2, WEFT_STATE_CRITICAL, club,
                   which == CLUB_OVERFULL ? 200 : which == CLUB_STAMPED_LATE ? 360 : 300, 500, 0, 0);

  checks = test_trace_check (&trace);
  test_trace_clear (&trace);
  return checks;
}

static void
test_club_capacity (void)
{
  g_autoptr(WeftChecks) ok = check_club_trace (CLUB_OK);
  g_autoptr(WeftChecks) overfull = check_club_trace (CLUB_OVERFULL);
  g_autoptr(WeftChecks) counter_high = check_club_trace (CLUB_COUNTER_HIGH);
  g_autoptr(WeftChecks) waited_with_room = check_club_trace (CLUB_WAITED_WITH_ROOM);
  g_autoptr(WeftChecks) stamped_late = check_club_trace (CLUB_STAMPED_LATE);

  g_assert_true (weft_checks_all_passed (ok));
  g_assert_cmpstr (test_find_check (ok, "capacity")->message, ==, "club never above 2 of 2 (3 visits)");
  g_assert_cmpstr (test_find_check (ok, "waits-when-full")->message, ==,
                   "the bouncer held patrons back only when the club was full (1 wait)");
  g_assert_true (test_find_check (ok, "filled")->passed);
  g_assert_cmpstr (test_find_check (ok, "filled")->message, ==, "club filled to 2 of 2");

  g_assert_false (test_find_check (overfull, "capacity")->passed);
  g_assert_false (weft_checks_all_passed (overfull));
  g_assert_false (test_find_check (counter_high, "occupancy-counter")->passed);
  g_assert_false (weft_checks_all_passed (counter_high));
  g_assert_false (test_find_check (waited_with_room, "waits-when-full")->passed);
  g_assert_false (weft_checks_all_passed (waited_with_room));

  /* Fullness comes from the counter, stamped under the lock. */
  g_assert_true (weft_checks_all_passed (stamped_late));
  g_assert_cmpstr (test_find_check (stamped_late, "capacity")->message, ==, "club never above 1 of 2 (3 visits)");
  g_assert_cmpstr (test_find_check (stamped_late, "filled")->message, ==, "club filled to 2 of 2");
}

/* Round 1 of a rendezvous; with @early, B starts b2 before A ends a1. */
static WeftChecks *
check_rendezvous_trace (gboolean early)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftChecks *checks;

  test_params ("rendezvous", &pattern, &params);
  test_trace_init (&trace, pattern, &params);
  weft_timeline_add_object (trace.timeline, "a-arrived", WEFT_OBJECT_SEMAPHORE, 0);
  weft_timeline_add_object (trace.timeline, "b-arrived", WEFT_OBJECT_SEMAPHORE, 0);
  weft_timeline_add_lane (trace.timeline, "A", 1);
  weft_timeline_add_lane (trace.timeline, "B", 2);

  /* Steps are 1-based: a1, a2, b1, b2. */
  test_trace_span (&trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 300, 1, 1);
  test_trace_span (&trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 320, 400, 1, 2);
  test_trace_span (&trace, 1, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 200, 1, 3);
  test_trace_span (&trace, 1, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, early ? 250 : 310, 450, 1, 4);

  checks = test_trace_check (&trace);
  test_trace_clear (&trace);
  return checks;
}

static void
test_rendezvous (void)
{
  g_autoptr(WeftChecks) ok = check_rendezvous_trace (FALSE);
  g_autoptr(WeftChecks) early = check_rendezvous_trace (TRUE);

  g_assert_true (weft_checks_all_passed (ok));
  g_assert_cmpstr (test_find_check (ok, "rendezvous")->message, ==, "A and B met before going on, in 1 round");
  g_assert_false (test_find_check (early, "rendezvous")->passed);
  g_assert_false (weft_checks_all_passed (early));
}

typedef enum { ITEMS_OK, ITEMS_EARLY, ITEMS_TWICE, ITEMS_UNKNOWN, ITEMS_OVERFILL, ITEMS_NEGATIVE } ItemsCase;

static WeftChecks *
check_buffer_trace (ItemsCase which)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftChecks *checks;
  guint16 buffer;

  test_params ("producer-consumer", &pattern, &params);
  params.values[WEFT_PARAM_CAPACITY] = 2;
  test_trace_init (&trace, pattern, &params);
  buffer = weft_timeline_add_object (trace.timeline, "buffer", WEFT_OBJECT_MUTEX, 2);
  weft_timeline_add_lane (trace.timeline, "producer-1", 1);
  weft_timeline_add_lane (trace.timeline, "consumer-1", 2);

  test_trace_add (&trace, 0, 100, WEFT_EVENT_INSTANT, WEFT_INSTANT_PRODUCE, buffer, 1, 0);
  test_trace_add (&trace, 0, 100, WEFT_EVENT_COUNTER, 0, buffer, 1, 0);
  test_trace_add (&trace, 0, 200, WEFT_EVENT_INSTANT, WEFT_INSTANT_PRODUCE, buffer, 2, 0);
  test_trace_add (&trace, 0, 200, WEFT_EVENT_COUNTER, 0, buffer, which == ITEMS_OVERFILL ? 3 : 2, 0);
  test_trace_add (&trace, 1, which == ITEMS_EARLY ? 150 : 300, WEFT_EVENT_INSTANT, WEFT_INSTANT_CONSUME, buffer,
                  which == ITEMS_EARLY ? 2 : 1, 0);
  test_trace_add (&trace, 1, 300, WEFT_EVENT_COUNTER, 0, buffer, which == ITEMS_NEGATIVE ? -1 : 1, 0);
  test_trace_add (&trace, 1, 400, WEFT_EVENT_INSTANT, WEFT_INSTANT_CONSUME, buffer,
                  which == ITEMS_TWICE ? 1 : which == ITEMS_UNKNOWN ? 9 : 2, 0);
  test_trace_add (&trace, 1, 400, WEFT_EVENT_COUNTER, 0, buffer, 0, 0);

  checks = test_trace_check (&trace);
  test_trace_clear (&trace);
  return checks;
}

static void
test_producer_consumer (void)
{
  g_autoptr(WeftChecks) ok = check_buffer_trace (ITEMS_OK);

  g_assert_true (weft_checks_all_passed (ok));
  g_assert_cmpstr (test_find_check (ok, "items")->message, ==,
                   "2 items, each consumed once after it was produced");

  for (ItemsCase which = ITEMS_EARLY; which <= ITEMS_UNKNOWN; which++)
    {
      g_autoptr(WeftChecks) bad = check_buffer_trace (which);
      g_assert_false (test_find_check (bad, "items")->passed);
      g_assert_false (weft_checks_all_passed (bad));
    }
  for (ItemsCase which = ITEMS_OVERFILL; which <= ITEMS_NEGATIVE; which++)
    {
      g_autoptr(WeftChecks) bad = check_buffer_trace (which);
      g_assert_false (test_find_check (bad, "fill")->passed);
      g_assert_false (weft_checks_all_passed (bad));
    }
}

typedef enum { PHASE_OK, PHASE_EARLY_DEPARTURE, PHASE_MISSING_ARRIVAL } PhaseCase;

static WeftChecks *
check_barrier_trace (PhaseCase which)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftChecks *checks;
  guint16 barrier;

  test_params ("barrier", &pattern, &params);
  params.values[WEFT_PARAM_THREADS] = 2;
  test_trace_init (&trace, pattern, &params);
  barrier = weft_timeline_add_object (trace.timeline, "barrier", WEFT_OBJECT_BARRIER, 2);
  weft_timeline_add_lane (trace.timeline, "hiker-1", 1);
  weft_timeline_add_lane (trace.timeline, "hiker-2", 2);

  test_trace_add (&trace, 0, 100, WEFT_EVENT_INSTANT, WEFT_INSTANT_ARRIVE, barrier, 1, 0);
  if (which != PHASE_MISSING_ARRIVAL)
    test_trace_add (&trace, 1, 200, WEFT_EVENT_INSTANT, WEFT_INSTANT_ARRIVE, barrier, 1, 0);
  test_trace_add (&trace, 0, which == PHASE_EARLY_DEPARTURE ? 150 : 210, WEFT_EVENT_INSTANT,
                  WEFT_INSTANT_DEPART, barrier, 1, 0);
  test_trace_add (&trace, 1, 220, WEFT_EVENT_INSTANT, WEFT_INSTANT_DEPART, barrier, 1, 0);

  checks = test_trace_check (&trace);
  test_trace_clear (&trace);
  return checks;
}

static void
test_barrier (void)
{
  g_autoptr(WeftChecks) ok = check_barrier_trace (PHASE_OK);
  g_autoptr(WeftChecks) early = check_barrier_trace (PHASE_EARLY_DEPARTURE);
  g_autoptr(WeftChecks) missing = check_barrier_trace (PHASE_MISSING_ARRIVAL);

  g_assert_true (weft_checks_all_passed (ok));
  g_assert_cmpstr (test_find_check (ok, "barrier")->message, ==,
                   "all 2 threads arrived before any left, in 1 phase");
  g_assert_false (test_find_check (early, "barrier")->passed);
  g_assert_false (test_find_check (missing, "barrier")->passed);
}

/* A patron's END was dropped (discard mode).  Left open, its span would
 * reach the end of the trace and overlap everyone after it, and the
 * checker would report an overfull club that never was.  The gap closes
 * it where the loss began, and every check says it cannot verify. */
static void
test_gap_makes_checks_inconclusive (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  g_autoptr(WeftChecks) checks = NULL;
  const WeftSpan *spans;
  guint16 club;
  guint n;

  test_params ("nightclub", &pattern, &params);
  params.values[WEFT_PARAM_THREADS] = 3;
  params.values[WEFT_PARAM_CAPACITY] = 1;
  test_trace_init (&trace, pattern, &params);
  club = weft_timeline_add_object (trace.timeline, "club", WEFT_OBJECT_SEMAPHORE, 1);
  weft_timeline_add_lane (trace.timeline, "patron-1", 1);
  weft_timeline_add_lane (trace.timeline, "patron-2", 2);
  weft_timeline_add_lane (trace.timeline, "patron-3", 3);

  test_trace_add (&trace, 0, 1100, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, club, 0, 0);
  /* Its END, and the events after it up to 2.3 ms, were lost. */
  test_trace_add (&trace, 0, 1150, WEFT_EVENT_GAP, 0, WEFT_OBJECT_NONE, 2301000, 3);
  test_trace_span (&trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 2400000, 2500000, 0, 0);
  test_trace_span (&trace, 1, WEFT_STATE_CRITICAL, club, 1200, 1300, 0, 0);
  test_trace_span (&trace, 2, WEFT_STATE_CRITICAL, club, 1310, 1390, 0, 0);
  checks = test_trace_check (&trace);

  spans = weft_timeline_get_spans (trace.timeline, 0, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (spans[0].end_ns, ==, 1150);
  g_assert_true (spans[0].flags & WEFT_SPAN_LOST);
  g_assert_cmpuint (weft_timeline_get_malformed (trace.timeline), ==, 0);
  test_trace_clear (&trace);

  g_assert_cmpuint (weft_checks_get_n_checks (checks), >, 0);
  g_assert_false (weft_checks_any_with_status (checks, WEFT_CHECK_FAIL));
  g_assert_false (weft_checks_all_passed (checks));
  for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
    {
      const WeftCheck *check = weft_checks_get_check (checks, i);

      g_assert_cmpint (check->status, ==, WEFT_CHECK_INCONCLUSIVE);
      g_assert_true (check->has_gap);
      g_assert_cmpuint (check->gap_lane, ==, 0);
      g_assert_cmpint (check->gap_from_ns, ==, 1150);
      g_assert_cmpint (check->gap_to_ns, ==, 2301000);
      g_assert_cmpstr (check->message, ==, "cannot verify: 3 events lost on patron-1 between 0.000000 s and 0.002300 s");
    }
}

/* A count of drops with no gap to place them still makes every check
 * inconclusive, never passed. */
static void
test_dropped_events_flagged (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  g_autoptr(WeftChecks) checks = NULL;

  test_params ("barrier", &pattern, &params);
  test_trace_init (&trace, pattern, &params);
  weft_timeline_add_object (trace.timeline, "barrier", WEFT_OBJECT_BARRIER, 4);
  weft_timeline_set_dropped (trace.timeline, 1234);
  checks = test_trace_check (&trace);
  test_trace_clear (&trace);

  g_assert_cmpuint (weft_checks_get_n_checks (checks), >, 0);
  for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
    {
      const WeftCheck *check = weft_checks_get_check (checks, i);

      g_assert_cmpint (check->status, ==, WEFT_CHECK_INCONCLUSIVE);
      g_assert_false (check->has_gap);
      g_assert_cmpstr (check->message, ==, "cannot verify: 1,234 events were lost");
    }
  g_assert_false (weft_checks_all_passed (checks));
}

static void
test_format_count (void)
{
  const struct { gint64 n; const char *text; } cases[] = {
    { 0, "0" }, { 12, "12" }, { 999, "999" }, { 1000, "1,000" },
    { 1204, "1,204" }, { 1234567, "1,234,567" }, { -4812, "-4,812" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = weft_format_count (cases[i].n);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/checker/lock-exclusion", test_lock_exclusion);
  g_test_add_func ("/checker/lost-updates", test_lost_updates);
  g_test_add_func ("/checker/club-capacity", test_club_capacity);
  g_test_add_func ("/checker/rendezvous", test_rendezvous);
  g_test_add_func ("/checker/producer-consumer", test_producer_consumer);
  g_test_add_func ("/checker/barrier", test_barrier);
  g_test_add_func ("/checker/dropped-events-flagged", test_dropped_events_flagged);
  g_test_add_func ("/checker/gap-inconclusive", test_gap_makes_checks_inconclusive);
  g_test_add_func ("/checker/format-count", test_format_count);

  return g_test_run ();
}
