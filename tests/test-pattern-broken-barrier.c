/* test-pattern-broken-barrier.c: the broken barrier's checks and runs
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each check is shown a hand-made trace that breaks it, next to the same
 * trace made right; then both variants run on real threads and the
 * trace is read for the lesson: phases that pass, phases that break and
 * are reset, and a stop that is never taken for a break.
 */

#include "weft-test-util.h"

static gboolean
test_is_light (void)
{
  return g_getenv ("WEFT_TEST_LIGHT") != NULL;
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

/* ---- hand-made traces ---- */

/* What a two-hiker trace gets wrong, if anything. */
typedef enum
{
  RIGHT,
  EARLY_DEPARTURE,      /* phase 3: hiker-1 leaves before hiker-2 arrives */
  MISSING_DEPARTURE,    /* phase 3: hiker-2 never leaves */
  PASSED_BROKEN,        /* phase 2: hiker-2 passes the broken barrier */
  UNTOLD,               /* phase 2: hiker-2 arrives and is never told */
  NO_CAUSE,             /* phase 2 breaks with no timeout */
  BEFORE_RESET,         /* phase 3 begins before the reset */
  ABORTED,              /* right, with abort() for the timeout */
  STOPPED,              /* phase 3: both arrive, then the run stops */
} Fault;

static void
instant (TestTrace *trace,
         guint16    barrier,
         guint      lane,
         gint64     time,
         WeftInstant kind,
         gint64     value)
{
  test_trace_add (trace, lane, time, WEFT_EVENT_INSTANT, kind, barrier, value, 0);
}

/* Phase 1 passes; phase 2 breaks when hiker-1 times out, hiker-2 comes
 * late and meets it broken, and resets it; phase 3 passes. */
static WeftChecks *
check_hike (const char *variant,
            Fault       fault)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftChecks *checks;
  guint16 b;

  test_params ("broken-barrier", &pattern, &params);
  g_assert_true (weft_params_set_variant (&params, variant));
  weft_params_set (&params, "threads", 2);
  test_trace_init (&trace, pattern, &params);
  b = weft_timeline_add_object (trace.timeline, "barrier", WEFT_OBJECT_BARRIER, 2);
  weft_timeline_add_object (trace.timeline, "trailhead", WEFT_OBJECT_BARRIER, 2);
  weft_timeline_add_lane (trace.timeline, "hiker-1", 1);
  weft_timeline_add_lane (trace.timeline, "hiker-2", 2);

  instant (&trace, b, 0, 100, WEFT_INSTANT_ARRIVE, 1);
  instant (&trace, b, 1, 200, WEFT_INSTANT_ARRIVE, 1);
  instant (&trace, b, 0, 210, WEFT_INSTANT_DEPART, 1);
  instant (&trace, b, 1, 210, WEFT_INSTANT_DEPART, 1);

  instant (&trace, b, 0, 300, WEFT_INSTANT_ARRIVE, 2);
  if (fault == ABORTED)
    instant (&trace, b, 1, 1300, WEFT_INSTANT_ABORT, 1);
  else if (fault != NO_CAUSE)
    instant (&trace, b, 0, 1300, WEFT_INSTANT_TIMEOUT, 2);
  instant (&trace, b, 0, 1300, WEFT_INSTANT_BROKEN, 2);
  if (fault == BEFORE_RESET)
    instant (&trace, b, 0, 1350, WEFT_INSTANT_ARRIVE, 3);
  if (fault != ABORTED)
    {
      instant (&trace, b, 1, 1400, WEFT_INSTANT_ARRIVE, 2);
      if (fault == PASSED_BROKEN)
        instant (&trace, b, 1, 1400, WEFT_INSTANT_DEPART, 2);
      else if (fault != UNTOLD)
        instant (&trace, b, 1, 1400, WEFT_INSTANT_BROKEN, 2);
    }
  instant (&trace, b, 1, 1410, WEFT_INSTANT_RESET, 2);

  if (fault != BEFORE_RESET)
    instant (&trace, b, 0, 1500, WEFT_INSTANT_ARRIVE, 3);
  if (fault == EARLY_DEPARTURE)
    instant (&trace, b, 0, 1550, WEFT_INSTANT_DEPART, 3);
  instant (&trace, b, 1, 1600, WEFT_INSTANT_ARRIVE, 3);
  if (fault != EARLY_DEPARTURE && fault != STOPPED)
    instant (&trace, b, 0, 1610, WEFT_INSTANT_DEPART, 3);
  if (fault != MISSING_DEPARTURE && fault != STOPPED)
    instant (&trace, b, 1, 1610, WEFT_INSTANT_DEPART, 3);

  checks = test_trace_check (&trace);
  test_trace_clear (&trace);
  return checks;
}

static void
test_right_trace_passes (void)
{
  g_autoptr(WeftChecks) checks = check_hike ("timeout", RIGHT);
  g_autoptr(WeftChecks) aborted = check_hike ("abort", ABORTED);

  for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
    g_assert_cmpint (weft_checks_get_check (checks, i)->status, ==, WEFT_CHECK_PASS);
  g_assert_cmpstr (test_find_check (checks, "phases")->message, ==,
                   "all 2 hikers arrived before any left, in each of 2 phases");
  g_assert_cmpstr (test_find_check (checks, "broken-phases")->message, ==,
                   "every waiter left with BrokenBarrierError and none passed, in 1 broken phase");
  g_assert_cmpstr (test_find_check (checks, "reset")->message, ==, "the phases went on after 1 reset");

  /* abort() stamps the phases ended so far; it breaks the next. */
  for (guint i = 0; i < weft_checks_get_n_checks (aborted); i++)
    g_assert_cmpint (weft_checks_get_check (aborted, i)->status, ==, WEFT_CHECK_PASS);
}

static void
test_normal_phase_faults (void)
{
  g_autoptr(WeftChecks) early = check_hike ("timeout", EARLY_DEPARTURE);
  g_autoptr(WeftChecks) missing = check_hike ("timeout", MISSING_DEPARTURE);

  assert_status (early, "phases", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (early, "phases")->message, ==, "in phase 3, a hiker left before all had arrived");
  assert_status (missing, "phases", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (missing, "phases")->message, ==, "in phase 3, not every hiker left the barrier");
  /* The broken phase was fine. */
  assert_status (early, "broken-phases", WEFT_CHECK_PASS);
}

static void
test_broken_phase_faults (void)
{
  g_autoptr(WeftChecks) passed = check_hike ("timeout", PASSED_BROKEN);
  g_autoptr(WeftChecks) untold = check_hike ("timeout", UNTOLD);

  assert_status (passed, "broken-phases", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (passed, "broken-phases")->message, ==, "phase 2 broke, yet a hiker passed it");
  assert_status (untold, "broken-phases", WEFT_CHECK_FAIL);
  assert_status (passed, "phases", WEFT_CHECK_PASS);
}

static void
test_reset_faults (void)
{
  g_autoptr(WeftChecks) early = check_hike ("timeout", BEFORE_RESET);
  g_autoptr(WeftChecks) causeless = check_hike ("timeout", NO_CAUSE);

  assert_status (early, "reset", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (early, "reset")->message, ==, "phase 3 began before the broken barrier was reset");
  assert_status (causeless, "reset", WEFT_CHECK_FAIL);
  g_assert_cmpstr (test_find_check (causeless, "reset")->message, ==, "phase 2 broke with no timeout or abort of its own");
}

/* Waits the stop ended leave arrivals with neither departure nor
 * broken: not judged, and never a break. */
static void
test_stop_is_no_break (void)
{
  g_autoptr(WeftChecks) checks = check_hike ("timeout", STOPPED);

  g_assert_true (weft_checks_all_passed (checks));
  assert_status (checks, "phases", WEFT_CHECK_PASS);
  g_assert_cmpstr (test_find_check (checks, "phases")->message, ==,
                   "all 2 hikers arrived before any left, in 1 phase");
  g_assert_cmpstr (test_find_check (checks, "broken-phases")->message, ==,
                   "every waiter left with BrokenBarrierError and none passed, in 1 broken phase");
}

/* ---- real runs ---- */

typedef struct
{
  guint arrivals;
  guint departures;
  guint brokens;
  guint timeouts;
  guint aborts;
  GArray *resets;         /* gint64: the phase each reset ended */
  GArray *lost;           /* gint64: phase * 1000 + lane of each lost walk */
  guint cut;
} HikeCounts;

static void
count_hike (WeftTimeline *timeline,
            HikeCounts   *counts)
{
  guint16 barrier;

  memset (counts, 0, sizeof *counts);
  counts->resets = g_array_new (FALSE, FALSE, sizeof (gint64));
  counts->lost = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_assert_true (weft_timeline_find_object (timeline, "barrier", &barrier));
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        {
          if (instants[i].object != barrier)
            continue;
          switch (instants[i].instant)
            {
            case WEFT_INSTANT_ARRIVE: counts->arrivals++; break;
            case WEFT_INSTANT_DEPART: counts->departures++; break;
            case WEFT_INSTANT_BROKEN: counts->brokens++; break;
            case WEFT_INSTANT_TIMEOUT: counts->timeouts++; break;
            case WEFT_INSTANT_ABORT: counts->aborts++; break;
            case WEFT_INSTANT_RESET: g_array_append_val (counts->resets, instants[i].value); break;
            default: break;
            }
        }
      for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
        {
          const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

          for (guint i = 0; i < n; i++)
            {
              if (spans[i].flags & WEFT_SPAN_CUT)
                counts->cut++;
              if (spans[i].state == WEFT_STATE_WORKING && spans[i].arg == 1)
                {
                  gint64 key = spans[i].value * 1000 + lane;
                  g_array_append_val (counts->lost, key);
                }
            }
        }
    }
}

static void
hike_counts_clear (HikeCounts *counts)
{
  g_array_unref (counts->resets);
  g_array_unref (counts->lost);
}

static gint
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static WeftTimeline *
record_hike (const char *variant,
             double      timeout,
             double      lost,
             double      pace,
             guint64     seed,
             gint64      max_ns)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftRun) run = NULL;
  WeftTimeline *timeline;

  test_params ("broken-barrier", &pattern, &params);
  g_assert_true (weft_params_set_variant (&params, variant));
  weft_params_set (&params, "threads", 3);
  weft_params_set (&params, "timeout", timeout);
  weft_params_set (&params, "lost", lost);
  weft_params_set (&params, "pace", pace);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  weft_run_set_seed (run, seed);
  timeline = weft_record_run (run, max_ns, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
  return timeline;
}

/* Each break is reset exactly once, by one hiker, and the phases go on;
 * in the `timeout` variant a waiter's timeout breaks it, in the `abort`
 * variant the lost hiker's abort(). */
static void
test_variant_run (gconstpointer data)
{
  const char *variant = data;
  gboolean aborting = g_str_equal (variant, "abort");
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  g_autofree char *verdict = NULL;
  HikeCounts counts;

  /* A timeout long against the walks (10 to 50 ms), so that only the
   * lost hiker breaks the barrier. */
  timeline = record_hike (variant, 0.3, 0.4, 0.1, 11, (test_is_light () ? 2 : 4) * WEFT_NSEC_PER_SEC);
  checks = weft_check_timeline (timeline);
  verdict = weft_checks_to_string (checks);
  g_test_message ("%s: %s", variant, verdict);
  count_hike (timeline, &counts);
  g_test_message ("%u arrivals, %u departures, %u broken, %u timeouts, %u aborts, %u resets",
                  counts.arrivals, counts.departures, counts.brokens, counts.timeouts, counts.aborts,
                  counts.resets->len);

  for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
    g_assert_cmpint (weft_checks_get_check (checks, i)->status, ==, WEFT_CHECK_PASS);
  g_assert_cmpuint (counts.cut, ==, 0);
  g_assert_cmpuint (counts.resets->len, >=, 1);
  g_assert_cmpuint (counts.lost->len, >=, counts.resets->len);
  /* One reset per broken phase: never two for one. */
  g_array_sort (counts.resets, compare_gint64);
  for (guint i = 1; i < counts.resets->len; i++)
    g_assert_cmpint (g_array_index (counts.resets, gint64, i - 1), <, g_array_index (counts.resets, gint64, i));
  if (aborting)
    {
      g_assert_cmpuint (counts.aborts, >=, counts.resets->len);
      g_assert_cmpuint (counts.timeouts, ==, 0);
    }
  else
    {
      g_assert_cmpuint (counts.timeouts, >=, counts.resets->len);
      g_assert_cmpuint (counts.aborts, ==, 0);
      /* Everyone, the lost hiker too, meets the broken barrier. */
      g_assert_cmpuint (counts.brokens, >=, 3 * counts.resets->len);
    }
  hike_counts_clear (&counts);
}

/* The seed decides who gets lost, and when. */
static void
test_seed_decides_who_is_lost (void)
{
  g_autoptr(WeftTimeline) first = record_hike ("abort", 5, 0.5, 0.05, 42, WEFT_NSEC_PER_SEC);
  g_autoptr(WeftTimeline) second = record_hike ("abort", 5, 0.5, 0.05, 42, WEFT_NSEC_PER_SEC);
  HikeCounts a, b;
  guint common;

  count_hike (first, &a);
  count_hike (second, &b);
  g_array_sort (a.lost, compare_gint64);
  g_array_sort (b.lost, compare_gint64);
  /* The two runs reach different phases in the time; up to where both
   * got, the same hikers got lost at the same phases. */
  common = MIN (a.lost->len, b.lost->len);
  g_test_message ("%u and %u lost walks", a.lost->len, b.lost->len);
  g_assert_cmpuint (common, >=, 2);
  for (guint i = 0; i + 1 < common; i++)
    g_assert_cmpint (g_array_index (a.lost, gint64, i), ==, g_array_index (b.lost, gint64, i));
  hike_counts_clear (&a);
  hike_counts_clear (&b);
}

/* Stopped with everyone waiting long before any timeout, or with a
 * hiker lost: every wait ends, and no break is recorded. */
static void
stop_while (gboolean lost)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  g_autofree char *verdict = NULL;
  gint64 give_up;
  gboolean seen = FALSE;
  HikeCounts counts;

  test_params ("broken-barrier", &pattern, &params);
  weft_params_set (&params, "threads", 3);
  weft_params_set (&params, "timeout", 10);
  weft_params_set (&params, "lost", lost ? 1 : 0);
  weft_params_set (&params, "pace", 0.2);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  g_assert_true (weft_run_start (run, &error));
  timeline = weft_timeline_new_for_run (run);

  give_up = weft_clock_now_ns () + 60 * WEFT_NSEC_PER_SEC;
  while (!seen && weft_clock_now_ns () < give_up)
    {
      guint waiting = 0;

      weft_timeline_ingest (timeline);
      for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
        {
          WeftSpan span;

          if (weft_timeline_span_at (timeline, lane, weft_timeline_get_end (timeline), 0, &span) &&
              (span.flags & WEFT_SPAN_OPEN) &&
              (lost ? span.arg == 1 : span.state == WEFT_STATE_WAITING))
            waiting++;
        }
      seen = lost ? waiting >= 1 : waiting >= 2;
      g_usleep (5000);
    }
  g_assert_true (seen);

  weft_run_stop (run);
  g_assert_true (weft_run_is_joined (run));
  weft_timeline_finish (timeline, 0);
  checks = weft_check_timeline (timeline);
  verdict = weft_checks_to_string (checks);
  g_test_message ("stopped %s: %s", lost ? "lost" : "waiting", verdict);
  count_hike (timeline, &counts);

  g_assert_true (weft_checks_all_passed (checks));
  assert_status (checks, "broken-phases", WEFT_CHECK_PENDING);
  g_assert_cmpuint (counts.brokens, ==, 0);
  g_assert_cmpuint (counts.timeouts, ==, 0);
  g_assert_cmpuint (counts.resets->len, ==, 0);
  g_assert_cmpuint (counts.cut, ==, 0);
  hike_counts_clear (&counts);
}

static void
test_stop_while_waiting (void)
{
  stop_while (FALSE);
}

static void
test_stop_while_lost (void)
{
  stop_while (TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/broken-barrier/checks/right-trace-passes", test_right_trace_passes);
  g_test_add_func ("/broken-barrier/checks/normal-phase-faults", test_normal_phase_faults);
  g_test_add_func ("/broken-barrier/checks/broken-phase-faults", test_broken_phase_faults);
  g_test_add_func ("/broken-barrier/checks/reset-faults", test_reset_faults);
  g_test_add_func ("/broken-barrier/checks/stop-is-no-break", test_stop_is_no_break);
  g_test_add_data_func ("/broken-barrier/run/timeout", "timeout", test_variant_run);
  g_test_add_data_func ("/broken-barrier/run/abort", "abort", test_variant_run);
  g_test_add_func ("/broken-barrier/run/seed-decides-who-is-lost", test_seed_decides_who_is_lost);
  g_test_add_func ("/broken-barrier/run/stop-while-waiting", test_stop_while_waiting);
  g_test_add_func ("/broken-barrier/run/stop-while-lost", test_stop_while_lost);

  return g_test_run ();
}
