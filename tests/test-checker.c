/* test-checker.c: the checker must fail traces that break each invariant
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every violation is paired with the same trace made right, so a checker
 * that passed or failed everything would not get through.
 */

#include <string.h>

#include "reference-checks.h"
#include "weft-lessons.h"
#include "weft-test-util.h"
#include "weft-timeline-private.h"

static void
build_counter_trace (TestTrace  *trace,
                     const char *pattern_name,
                     gboolean    overlap,
                     gint64      final_value)
{
  const WeftPattern *pattern;
  WeftParams params;
  guint16 lock = 0, counter;

  test_params (pattern_name, &pattern, &params);
  test_trace_init (trace, pattern, &params);
  if (g_str_equal (pattern_name, "lock"))
    lock = weft_timeline_add_object (trace->timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  counter = weft_timeline_add_object (trace->timeline, "counter", WEFT_OBJECT_COUNTER, 3);
  weft_timeline_add_lane (trace->timeline, "a", 1);
  weft_timeline_add_lane (trace->timeline, "b", 2);

  /* Three increments: a at 100-200, b at 200-300 (or 150-250), a at 400-500. */
  test_trace_span (trace, 0, WEFT_STATE_CRITICAL, lock, 100, 200, 0, 0);
  test_trace_add (trace, 0, 190, WEFT_EVENT_INSTANT, WEFT_INSTANT_WRITE, counter, 1, 0);
  test_trace_span (trace, 1, WEFT_STATE_CRITICAL, lock, overlap ? 150 : 200, overlap ? 250 : 300, 0, 0);
  test_trace_add (trace, 1, 240, WEFT_EVENT_INSTANT, WEFT_INSTANT_WRITE, counter, 2, 0);
  test_trace_span (trace, 0, WEFT_STATE_CRITICAL, lock, 400, 500, 0, 0);
  test_trace_add (trace, 0, 490, WEFT_EVENT_INSTANT, WEFT_INSTANT_WRITE, counter, 3, 0);
  test_trace_add (trace, 0, 600, WEFT_EVENT_COUNTER, 0, counter, final_value, 0);
}

static WeftChecks *
check_counter_trace (const char *pattern_name,
                     gboolean    overlap,
                     gint64      final_value)
{
  TestTrace trace;
  WeftChecks *checks;

  build_counter_trace (&trace, pattern_name, overlap, final_value);
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

typedef enum { CLUB_OK, CLUB_OVERFULL, CLUB_COUNTER_HIGH, CLUB_WAITED_WITH_ROOM, CLUB_STAMPED_LATE, CLUB_NEVER_FULL } ClubCase;

/* Capacity 2, three patrons: 1 inside 100-300, 2 inside 150-350, and 3
 * queues at 200 (club full) and enters when 1 leaves.  Stamped late:
 * patrons 1 and 3 were preempted between the semaphore and their stamps,
 * so the spans never overlap though the counter shows the club full. */
static void
build_club_trace (TestTrace *trace,
                  ClubCase   which)
{
  const WeftPattern *pattern;
  WeftParams params;
  guint16 club;

  test_params ("nightclub", &pattern, &params);
  weft_params_set (&params, "threads", 3);
  weft_params_set (&params, "capacity", 2);
  test_trace_init (trace, pattern, &params);
  club = weft_timeline_add_object (trace->timeline, "club", WEFT_OBJECT_SEMAPHORE, 2);
  for (guint i = 0; i < 3; i++)
    weft_timeline_add_lane (trace->timeline, "patron", i + 1);

  test_trace_span (trace, 0, WEFT_STATE_CRITICAL, club, 100, which == CLUB_STAMPED_LATE ? 140 : 300, 0, 0);
  test_trace_add (trace, 0, 100, WEFT_EVENT_COUNTER, 0, club, 1, 0);
  test_trace_span (trace, 1, WEFT_STATE_CRITICAL, club, 150, 350, 0, 0);
  test_trace_add (trace, 1, 150, WEFT_EVENT_COUNTER, 0, club,
                  which == CLUB_COUNTER_HIGH ? 3 : which == CLUB_NEVER_FULL ? 1 : 2, 0);
  /* Patron 3 queues: at 200 with the club full, or at 120 with room. */
  test_trace_span (trace, 2, WEFT_STATE_WAITING, club, which == CLUB_WAITED_WITH_ROOM ? 120 : 200, 300, 0, 0);
  test_trace_add (trace, 0, 300, WEFT_EVENT_COUNTER, 0, club, 1, 0);
  test_trace_add (trace, 2, 300, WEFT_EVENT_COUNTER, 0, club, which == CLUB_NEVER_FULL ? 1 : 2, 0);
  /* ...and enters when patron 1 leaves, or (overfull) before. */
  test_trace_span (trace, 2, WEFT_STATE_CRITICAL, club,
                   which == CLUB_OVERFULL ? 200 : which == CLUB_STAMPED_LATE ? 360 : 300, 500, 0, 0);
}

static WeftChecks *
check_club_trace (ClubCase which)
{
  TestTrace trace;
  WeftChecks *checks;

  build_club_trace (&trace, which);
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
  g_autoptr(WeftChecks) never_full = check_club_trace (CLUB_NEVER_FULL);

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
  /* A patron was held back, yet the counter never showed the club full. */
  g_assert_cmpint (test_find_check (never_full, "filled")->status, ==, WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (never_full, "filled")->message, ==, "club not full yet: at most 1 of 2 inside");

  /* Fullness comes from the counter, stamped under the lock. */
  g_assert_true (weft_checks_all_passed (stamped_late));
  g_assert_cmpstr (test_find_check (stamped_late, "capacity")->message, ==, "club never above 1 of 2 (3 visits)");
  g_assert_cmpstr (test_find_check (stamped_late, "filled")->message, ==, "club filled to 2 of 2");
}

/* Round 1 of a rendezvous; with @early, B starts b2 before A ends a1. */
static void
build_rendezvous_trace (TestTrace *trace,
                        gboolean   early)
{
  const WeftPattern *pattern;
  WeftParams params;

  test_params ("rendezvous", &pattern, &params);
  test_trace_init (trace, pattern, &params);
  weft_timeline_add_object (trace->timeline, "a-arrived", WEFT_OBJECT_SEMAPHORE, 0);
  weft_timeline_add_object (trace->timeline, "b-arrived", WEFT_OBJECT_SEMAPHORE, 0);
  weft_timeline_add_lane (trace->timeline, "A", 1);
  weft_timeline_add_lane (trace->timeline, "B", 2);

  /* Steps are 1-based: a1, a2, b1, b2. */
  test_trace_span (trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 300, 1, 1);
  test_trace_span (trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 320, 400, 1, 2);
  test_trace_span (trace, 1, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 200, 1, 3);
  test_trace_span (trace, 1, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, early ? 250 : 310, 450, 1, 4);
}

static WeftChecks *
check_rendezvous_trace (gboolean early)
{
  TestTrace trace;
  WeftChecks *checks;

  build_rendezvous_trace (&trace, early);
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

static void
build_buffer_trace (TestTrace *trace,
                    ItemsCase  which)
{
  const WeftPattern *pattern;
  WeftParams params;
  guint16 buffer;

  test_params ("producer-consumer", &pattern, &params);
  weft_params_set (&params, "capacity", 2);
  test_trace_init (trace, pattern, &params);
  buffer = weft_timeline_add_object (trace->timeline, "buffer", WEFT_OBJECT_MUTEX, 2);
  weft_timeline_add_lane (trace->timeline, "producer-1", 1);
  weft_timeline_add_lane (trace->timeline, "consumer-1", 2);

  test_trace_add (trace, 0, 100, WEFT_EVENT_INSTANT, WEFT_INSTANT_PRODUCE, buffer, 1, 0);
  test_trace_add (trace, 0, 100, WEFT_EVENT_COUNTER, 0, buffer, 1, 0);
  test_trace_add (trace, 0, 200, WEFT_EVENT_INSTANT, WEFT_INSTANT_PRODUCE, buffer, 2, 0);
  test_trace_add (trace, 0, 200, WEFT_EVENT_COUNTER, 0, buffer, which == ITEMS_OVERFILL ? 3 : 2, 0);
  test_trace_add (trace, 1, which == ITEMS_EARLY ? 150 : 300, WEFT_EVENT_INSTANT, WEFT_INSTANT_CONSUME, buffer,
                  which == ITEMS_EARLY ? 2 : 1, 0);
  test_trace_add (trace, 1, 300, WEFT_EVENT_COUNTER, 0, buffer, which == ITEMS_NEGATIVE ? -1 : 1, 0);
  test_trace_add (trace, 1, 400, WEFT_EVENT_INSTANT, WEFT_INSTANT_CONSUME, buffer,
                  which == ITEMS_TWICE ? 1 : which == ITEMS_UNKNOWN ? 9 : 2, 0);
  test_trace_add (trace, 1, 400, WEFT_EVENT_COUNTER, 0, buffer, 0, 0);
}

static WeftChecks *
check_buffer_trace (ItemsCase which)
{
  TestTrace trace;
  WeftChecks *checks;

  build_buffer_trace (&trace, which);
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

static void
build_barrier_trace (TestTrace *trace,
                     PhaseCase  which)
{
  const WeftPattern *pattern;
  WeftParams params;
  guint16 barrier;

  test_params ("barrier", &pattern, &params);
  weft_params_set (&params, "threads", 2);
  test_trace_init (trace, pattern, &params);
  barrier = weft_timeline_add_object (trace->timeline, "barrier", WEFT_OBJECT_BARRIER, 2);
  weft_timeline_add_lane (trace->timeline, "hiker-1", 1);
  weft_timeline_add_lane (trace->timeline, "hiker-2", 2);

  test_trace_add (trace, 0, 100, WEFT_EVENT_INSTANT, WEFT_INSTANT_ARRIVE, barrier, 1, 0);
  if (which != PHASE_MISSING_ARRIVAL)
    test_trace_add (trace, 1, 200, WEFT_EVENT_INSTANT, WEFT_INSTANT_ARRIVE, barrier, 1, 0);
  test_trace_add (trace, 0, which == PHASE_EARLY_DEPARTURE ? 150 : 210, WEFT_EVENT_INSTANT,
                  WEFT_INSTANT_DEPART, barrier, 1, 0);
  test_trace_add (trace, 1, 220, WEFT_EVENT_INSTANT, WEFT_INSTANT_DEPART, barrier, 1, 0);
}

static WeftChecks *
check_barrier_trace (PhaseCase which)
{
  TestTrace trace;
  WeftChecks *checks;

  build_barrier_trace (&trace, which);
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
build_gap_trace (TestTrace *trace)
{
  const WeftPattern *pattern;
  WeftParams params;
  guint16 club;

  test_params ("nightclub", &pattern, &params);
  weft_params_set (&params, "threads", 3);
  weft_params_set (&params, "capacity", 1);
  test_trace_init (trace, pattern, &params);
  club = weft_timeline_add_object (trace->timeline, "club", WEFT_OBJECT_SEMAPHORE, 1);
  weft_timeline_add_lane (trace->timeline, "patron-1", 1);
  weft_timeline_add_lane (trace->timeline, "patron-2", 2);
  weft_timeline_add_lane (trace->timeline, "patron-3", 3);

  test_trace_add (trace, 0, 1100, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, club, 0, 0);
  /* Its END, and the events after it up to 2.3 ms, were lost. */
  test_trace_add (trace, 0, 1150, WEFT_EVENT_GAP, 0, WEFT_OBJECT_NONE, 2301000, 3);
  test_trace_span (trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 2400000, 2500000, 0, 0);
  test_trace_span (trace, 1, WEFT_STATE_CRITICAL, club, 1200, 1300, 0, 0);
  test_trace_span (trace, 2, WEFT_STATE_CRITICAL, club, 1310, 1390, 0, 0);
}

static void
test_gap_makes_checks_inconclusive (void)
{
  TestTrace trace;
  g_autoptr(WeftChecks) checks = NULL;
  const WeftSpan *spans;
  guint n;

  build_gap_trace (&trace);
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

/* Dropped events counted, with no gap to place them. */
static void
build_dropped_trace (TestTrace *trace)
{
  const WeftPattern *pattern;
  WeftParams params;

  test_params ("barrier", &pattern, &params);
  test_trace_init (trace, pattern, &params);
  weft_timeline_add_object (trace->timeline, "barrier", WEFT_OBJECT_BARRIER, 4);
  weft_timeline_set_dropped (trace->timeline, 1234);
}

/* Every trace above, by number, for the tests that feed them again. */
static gboolean
build_seeded_trace (TestTrace *trace,
                    guint      index)
{
  const struct { const char *pattern; gboolean overlap; gint64 final_value; } counters[] = {
    { "lock", FALSE, 3 }, { "lock", TRUE, 3 }, { "lock", FALSE, 2 },
    { "race", TRUE, 2 }, { "race", FALSE, 3 },
  };

  if (index < G_N_ELEMENTS (counters))
    {
      build_counter_trace (trace, counters[index].pattern, counters[index].overlap, counters[index].final_value);
      return TRUE;
    }
  index -= G_N_ELEMENTS (counters);
  if (index <= CLUB_STAMPED_LATE)
    {
      build_club_trace (trace, index);
      return TRUE;
    }
  index -= CLUB_STAMPED_LATE + 1;
  if (index < 2)
    {
      build_rendezvous_trace (trace, index == 1);
      return TRUE;
    }
  index -= 2;
  if (index <= ITEMS_NEGATIVE)
    {
      build_buffer_trace (trace, index);
      return TRUE;
    }
  index -= ITEMS_NEGATIVE + 1;
  if (index <= PHASE_MISSING_ARRIVAL)
    {
      build_barrier_trace (trace, index);
      return TRUE;
    }
  index -= PHASE_MISSING_ARRIVAL + 1;
  if (index == 0)
    build_gap_trace (trace);
  else if (index == 1)
    build_dropped_trace (trace);
  else
    return FALSE;
  return TRUE;
}

/* A timeline like @seed's (pattern, objects, lanes), with no events. */
static WeftTimeline *
copy_empty_timeline (WeftTimeline *seed)
{
  WeftTimeline *timeline = weft_timeline_new (weft_timeline_get_pattern (seed), weft_timeline_get_params (seed));

  weft_timeline_set_origin (timeline, weft_timeline_get_origin (seed));
  weft_timeline_set_dropped (timeline, weft_timeline_get_dropped (seed));
  for (guint i = 0; i < weft_timeline_get_n_objects (seed); i++)
    {
      const WeftObjectInfo *info = weft_timeline_get_object (seed, i);
      weft_timeline_add_object (timeline, info->name, info->kind, info->limit);
    }
  for (guint i = 0; i < weft_timeline_get_n_lanes (seed); i++)
    weft_timeline_add_lane (timeline, weft_timeline_get_lane_name (seed, i), weft_timeline_get_lane_tid (seed, i));
  return timeline;
}

/* Each lane's events as its ring would hold them: in the order they were
 * stamped, and as given where stamps are equal. */
static GPtrArray *
events_by_lane (GArray *events,
                guint   n_lanes)
{
  GPtrArray *lanes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; i < n_lanes; i++)
    g_ptr_array_add (lanes, g_array_new (FALSE, FALSE, sizeof (WeftEvent)));
  for (guint i = 0; i < events->len; i++)
    {
      const WeftEvent *ev = &g_array_index (events, WeftEvent, i);
      GArray *lane = g_ptr_array_index (lanes, ev->lane);
      guint at = lane->len;

      while (at > 0 && g_array_index (lane, WeftEvent, at - 1).time_ns > ev->time_ns)
        at--;
      g_array_insert_val (lane, at, *ev);
    }
  return lanes;
}

static const WeftCheck *
find_check_with_status (WeftChecks      *checks,
                        const char      *id,
                        WeftCheckStatus  status)
{
  const WeftCheck *check = test_find_check (checks, id);

  return check != NULL && check->status == status ? check : NULL;
}

/* Feeds @seed's events again, as drains would bring them: each batch takes
 * the next @per_lane events of every lane (twice as many on odd lanes, so
 * that lanes run ahead of one another), lane after lane.  After every
 * batch the verdict so far may only report a failure that the verdict on
 * the whole trace reports too, and keeps reporting it; once finished, it
 * is the one on the whole trace, word for word. */
static void
feed_in_batches (TestTrace  *seed,
                 WeftChecks *reference,
                 guint       per_lane)
{
  g_autoptr(WeftTimeline) timeline = copy_empty_timeline (seed->timeline);
  guint n_lanes = weft_timeline_get_n_lanes (timeline);
  g_autoptr(GPtrArray) lanes = events_by_lane (seed->events, n_lanes);
  g_autofree guint *taken = g_new0 (guint, MAX (n_lanes, 1));
  g_autoptr(GHashTable) failed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(WeftChecks) live = NULL;
  g_autoptr(WeftChecks) final = NULL;
  g_autoptr(WeftChecks) reference_again = NULL;
  guint n_batches = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(GArray) batch = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
      g_autoptr(WeftChecks) checks = NULL;
      GHashTableIter iter;
      gpointer id;

      more = FALSE;
      for (guint lane = 0; lane < n_lanes; lane++)
        {
          GArray *events = g_ptr_array_index (lanes, lane);
          guint n = MIN (per_lane * (1 + lane % 2), events->len - taken[lane]);

          g_array_append_vals (batch, &g_array_index (events, WeftEvent, taken[lane]), n);
          taken[lane] += n;
          more |= taken[lane] < events->len;
        }
      weft_timeline_add_events (timeline, (const WeftEvent *) (gpointer) batch->data, batch->len);
      n_batches++;

      checks = weft_check_timeline (timeline);
      for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
        {
          const WeftCheck *check = weft_checks_get_check (checks, i);

          if (check->status == WEFT_CHECK_FAIL)
            g_assert_nonnull (find_check_with_status (reference, check->id, WEFT_CHECK_FAIL));
          g_assert_true (check->status != WEFT_CHECK_INCONCLUSIVE ||
                         weft_checks_any_with_status (reference, WEFT_CHECK_INCONCLUSIVE));
        }
      /* A violation once seen stays seen. */
      g_hash_table_iter_init (&iter, failed);
      while (g_hash_table_iter_next (&iter, &id, NULL))
        g_assert_nonnull (find_check_with_status (checks, id, WEFT_CHECK_FAIL));
      g_hash_table_remove_all (failed);
      for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
        if (weft_checks_get_check (checks, i)->status == WEFT_CHECK_FAIL)
          g_hash_table_add (failed, (gpointer) g_intern_string (weft_checks_get_check (checks, i)->id));
    }
  g_assert_cmpuint (n_batches, >=, per_lane == 1 ? seed->events->len / MAX (n_lanes, 1) : 1);

  /* Once every lane has gone on past the trace, as a live run's threads
   * do, every violation must show before the run is even finished. */
  for (guint lane = 0; lane < n_lanes; lane++)
    {
      WeftEvent later = test_event (lane, 1000000000, WEFT_EVENT_INSTANT, WEFT_INSTANT_READ, WEFT_OBJECT_NONE, 0, 0);
      weft_timeline_add_events (timeline, &later, 1);
    }
  live = weft_check_timeline (timeline);
  assert_same_checks (live, reference);

  weft_timeline_finish (timeline, 0);
  final = weft_check_timeline (timeline);
  assert_same_checks (final, reference);
  reference_again = reference_check_timeline (timeline);
  assert_same_checks (final, reference_again);
}

static void
test_folded_in_batches (void)
{
  const guint batch_sizes[] = { 1, 2, 3, 1000 };
  guint n_traces = 0;

  for (guint index = 0;; index++)
    {
      TestTrace trace;
      g_autoptr(WeftChecks) folded = NULL;
      g_autoptr(WeftChecks) reference = NULL;
      g_autofree char *verdict = NULL;

      if (!build_seeded_trace (&trace, index))
        break;
      n_traces++;
      /* All at once: the fold and the look at the whole trace agree. */
      folded = test_trace_check (&trace);
      reference = reference_check_timeline (trace.timeline);
      verdict = weft_checks_to_string (reference);
      g_test_message ("trace %u (%s): %s", index, weft_timeline_get_pattern (trace.timeline)->name, verdict);
      assert_same_checks (folded, reference);

      for (guint b = 0; b < G_N_ELEMENTS (batch_sizes); b++)
        feed_in_batches (&trace, reference, batch_sizes[b]);
      test_trace_clear (&trace);
    }
  g_assert_cmpuint (n_traces, ==, 5 + 5 + 2 + 6 + 3 + 2);
}

/* Events that break each lane's order (as a hand-made file could) may
 * mislead the verdict along the way, but never the final one: the fold
 * sees them come late and folds the finished timeline again. */
static void
test_folded_out_of_order (void)
{
  guint n_disordered = 0;

  for (guint index = 0;; index++)
    {
      TestTrace trace;
      g_autoptr(WeftTimeline) timeline = NULL;
      g_autoptr(WeftChecks) reference = NULL;
      g_autoptr(WeftChecks) folded = NULL;
      g_autoptr(GPtrArray) lanes = NULL;

      if (!build_seeded_trace (&trace, index))
        break;
      reference = test_trace_check (&trace);
      g_clear_pointer (&reference, weft_checks_free);
      reference = reference_check_timeline (trace.timeline);

      /* Each lane's spans first, one event at a time, then its instants
       * and samples, long after later spans of every lane. */
      timeline = copy_empty_timeline (trace.timeline);
      lanes = events_by_lane (trace.events, weft_timeline_get_n_lanes (timeline));
      for (guint pass = 0; pass < 2; pass++)
        for (guint lane = 0; lane < lanes->len; lane++)
          {
            GArray *events = g_ptr_array_index (lanes, lane);

            for (guint i = 0; i < events->len; i++)
              {
                const WeftEvent *ev = &g_array_index (events, WeftEvent, i);
                gboolean is_span = ev->kind == WEFT_EVENT_BEGIN || ev->kind == WEFT_EVENT_END ||
                                   ev->kind == WEFT_EVENT_GAP;

                if (is_span == (pass == 0))
                  weft_timeline_add_events (timeline, ev, 1);
              }
          }
      if (weft_check_fold_is_disordered (weft_timeline_get_check_fold (timeline)))
        n_disordered++;
      weft_timeline_finish (timeline, 0);
      folded = weft_check_timeline (timeline);
      /* The same spans, instants and samples, so the same verdict. */
      assert_same_checks (folded, reference);
      test_trace_clear (&trace);
    }
  /* The test saw the late events it is about. */
  g_assert_cmpuint (n_disordered, >=, 5);
}

/* Before anything happened, every check says it has nothing to check
 * yet, which is neither a pass nor a failure. */
static void
test_nothing_to_check_yet (void)
{
  const struct { const char *pattern; const char *objects[2]; } cases[] = {
    { "race", { "counter", NULL } },
    { "lock", { "lock", "counter" } },
    { "nightclub", { "club", NULL } },
    { "rendezvous", { "a-arrived", "b-arrived" } },
    { "producer-consumer", { "buffer", NULL } },
    { "barrier", { "barrier", NULL } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      const WeftPattern *pattern;
      WeftParams params;
      g_autoptr(WeftTimeline) timeline = NULL;
      g_autoptr(WeftChecks) checks = NULL;
      g_autoptr(WeftChecks) reference = NULL;
      g_autofree char *verdict = NULL;

      test_params (cases[c].pattern, &pattern, &params);
      timeline = weft_timeline_new (pattern, &params);
      for (guint o = 0; o < G_N_ELEMENTS (cases[c].objects) && cases[c].objects[o] != NULL; o++)
        weft_timeline_add_object (timeline, cases[c].objects[o], WEFT_OBJECT_COUNTER, 0);
      weft_timeline_add_lane (timeline, "worker-1", 1);

      checks = weft_check_timeline (timeline);
      verdict = weft_checks_to_string (checks);
      g_test_message ("%s: %s", cases[c].pattern, verdict);
      g_assert_cmpuint (weft_checks_get_n_checks (checks), >, 0);
      for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
        {
          const WeftCheck *check = weft_checks_get_check (checks, i);

          g_assert_cmpint (check->status, ==, WEFT_CHECK_PENDING);
          g_assert_false (check->passed);
          g_assert_false (check->is_lesson);
        }
      g_assert_true (weft_checks_all_passed (checks));
      g_assert_true (weft_checks_any_with_status (checks, WEFT_CHECK_PENDING));

      weft_timeline_finish (timeline, 0);
      g_clear_pointer (&checks, weft_checks_free);
      checks = weft_check_timeline (timeline);
      reference = reference_check_timeline (timeline);
      assert_same_checks (checks, reference);
    }

  {
    g_autoptr(WeftChecks) checks = check_barrier_trace (PHASE_OK);
    g_assert_cmpstr (weft_check_status_to_string (WEFT_CHECK_PENDING), ==, "pending");
    g_assert_false (weft_checks_any_with_status (checks, WEFT_CHECK_PENDING));
  }
}

/* Long runs at full speed: the running state stays as small after ten
 * thousand rounds as after ten, and still agrees with the whole trace. */
static void
test_fold_memory_stays_small (void)
{
  const char * const names[] = { "rendezvous", "barrier", "lock", "nightclub", "producer-consumer" };
  const guint n_rounds = 5000;

  for (guint p = 0; p < G_N_ELEMENTS (names); p++)
    {
      const WeftPattern *pattern;
      WeftParams params;
      TestTrace trace;
      guint16 object = 0, counter = 0;
      gsize memory_early = 0, memory_late;
      g_autoptr(GPtrArray) lanes = NULL;
      g_autofree guint *taken = NULL;
      g_autoptr(WeftChecks) live = NULL;
      g_autoptr(WeftChecks) folded = NULL;
      g_autoptr(WeftChecks) reference = NULL;
      g_autofree char *verdict = NULL;
      guint n_lanes = 4, n_batches = 0;
      gboolean more = TRUE;

      test_params (names[p], &pattern, &params);
      /* A lane that records nothing holds the fold back until the end,
       * so every lane takes part. */
      if (g_str_equal (names[p], "rendezvous") || g_str_equal (names[p], "producer-consumer"))
        n_lanes = 2;
      weft_params_set (&params, "threads", n_lanes);
      test_trace_init (&trace, pattern, &params);
      if (g_str_equal (names[p], "lock"))
        {
          object = weft_timeline_add_object (trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);
          counter = weft_timeline_add_object (trace.timeline, "counter", WEFT_OBJECT_COUNTER, 0);
        }
      else if (g_str_equal (names[p], "nightclub"))
        object = weft_timeline_add_object (trace.timeline, "club", WEFT_OBJECT_SEMAPHORE, 3);
      else if (g_str_equal (names[p], "producer-consumer"))
        object = weft_timeline_add_object (trace.timeline, "buffer", WEFT_OBJECT_MUTEX, 3);
      else if (g_str_equal (names[p], "barrier"))
        object = weft_timeline_add_object (trace.timeline, "barrier", WEFT_OBJECT_BARRIER, 4);
      for (guint lane = 0; lane < n_lanes; lane++)
        weft_timeline_add_lane (trace.timeline, "worker", lane + 1);

      for (guint r = 1; r <= n_rounds; r++)
        {
          gint64 t = (gint64) r * 1000;

          if (g_str_equal (names[p], "rendezvous"))
            {
              test_trace_span (&trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, t, t + 300, r, 1);
              test_trace_span (&trace, 1, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, t + 100, t + 400, r, 3);
              test_trace_span (&trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, t + 500, t + 900, r, 2);
              test_trace_span (&trace, 1, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, t + 450, t + 800, r, 4);
            }
          else if (g_str_equal (names[p], "barrier"))
            for (guint lane = 0; lane < n_lanes; lane++)
              {
                test_trace_add (&trace, lane, t + 10 * lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_ARRIVE, object, r, 0);
                test_trace_add (&trace, lane, t + 100 + lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_DEPART, object, r, 0);
              }
          else if (g_str_equal (names[p], "lock"))
            {
              guint lane = r % n_lanes;

              test_trace_span (&trace, lane, WEFT_STATE_CRITICAL, object, t, t + 500, 0, 0);
              test_trace_add (&trace, lane, t + 400, WEFT_EVENT_INSTANT, WEFT_INSTANT_WRITE, counter, r, 0);
              test_trace_add (&trace, lane, t + 410, WEFT_EVENT_COUNTER, 0, counter, r, 0);
            }
          else if (g_str_equal (names[p], "nightclub"))
            {
              /* Patrons overlap in twos, and the counter, which counts
               * permits, shows the club full now and then. */
              guint lane = r % n_lanes;

              test_trace_span (&trace, lane, WEFT_STATE_CRITICAL, object, t, t + 1500, 0, 0);
              test_trace_add (&trace, lane, t, WEFT_EVENT_COUNTER, 0, object, 2 + r % 2, 0);
            }
          else
            {
              test_trace_add (&trace, 0, t, WEFT_EVENT_INSTANT, WEFT_INSTANT_PRODUCE, object, r, 0);
              test_trace_add (&trace, 0, t, WEFT_EVENT_COUNTER, 0, object, 1, 0);
              test_trace_add (&trace, 1, t + 500, WEFT_EVENT_INSTANT, WEFT_INSTANT_CONSUME, object, r, 0);
              test_trace_add (&trace, 1, t + 500, WEFT_EVENT_COUNTER, 0, object, 0, 0);
            }
        }

      /* Fed as drains bring them, about a round per lane at a time. */
      lanes = events_by_lane (trace.events, n_lanes);
      taken = g_new0 (guint, n_lanes);
      while (more)
        {
          more = FALSE;
          for (guint lane = 0; lane < n_lanes; lane++)
            {
              GArray *events = g_ptr_array_index (lanes, lane);
              guint n = MIN (4, events->len - taken[lane]);

              weft_timeline_add_events (trace.timeline, &g_array_index (events, WeftEvent, taken[lane]), n);
              taken[lane] += n;
              more |= taken[lane] < events->len;
            }
          if (++n_batches == 100)
            memory_early = weft_check_fold_get_memory (weft_timeline_get_check_fold (trace.timeline));
        }
      memory_late = weft_check_fold_get_memory (weft_timeline_get_check_fold (trace.timeline));
      g_test_message ("%s: %u rounds, fold %" G_GSIZE_FORMAT " bytes after 100 batches, %" G_GSIZE_FORMAT " at the end",
                      names[p], n_rounds, memory_early, memory_late);
      g_assert_false (weft_check_fold_is_disordered (weft_timeline_get_check_fold (trace.timeline)));
      /* Folded as it came, not at the end. */
      live = weft_check_timeline (trace.timeline);
      g_assert_false (weft_checks_any_with_status (live, WEFT_CHECK_PENDING));
      g_assert_true (weft_checks_all_passed (live));
      if (g_str_equal (names[p], "producer-consumer"))
        /* Two bits per item, and the words double as they grow. */
        g_assert_cmpuint (memory_late, <=, memory_early + 2 * (2 * n_rounds / 8) + 1024);
      else if (g_str_equal (names[p], "barrier"))
        /* Each phase's opening is kept for the chart (weft-lessons.h),
         * in an array that doubles as it grows; nothing else grows. */
        g_assert_cmpuint (memory_late, <=, memory_early + 2 * sizeof (WeftPhaseOpening) * n_rounds + 256);
      else
        g_assert_cmpuint (memory_late, <=, memory_early + 256);

      weft_timeline_finish (trace.timeline, 0);
      folded = weft_check_timeline (trace.timeline);
      reference = reference_check_timeline (trace.timeline);
      verdict = weft_checks_to_string (folded);
      g_test_message ("%s: %s", names[p], verdict);
      g_assert_true (weft_checks_all_passed (folded));
      g_assert_false (weft_checks_any_with_status (folded, WEFT_CHECK_PENDING));
      assert_same_checks (folded, reference);
      test_trace_clear (&trace);
    }
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
  g_test_add_func ("/checker/folded-in-batches", test_folded_in_batches);
  g_test_add_func ("/checker/folded-out-of-order", test_folded_out_of_order);
  g_test_add_func ("/checker/nothing-to-check-yet", test_nothing_to_check_yet);
  g_test_add_func ("/checker/fold-memory", test_fold_memory_stays_small);
  g_test_add_func ("/checker/format-count", test_format_count);

  return g_test_run ();
}
