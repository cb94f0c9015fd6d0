/* test-capture.c: recording stays honest at full speed, in both modes
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lossless: at pace 0 with many threads nothing is dropped and every
 * check holds.  Discard: with a ring forced tiny, events are dropped,
 * yet no check reports a violation built from the missing ones: each
 * says it cannot verify, naming the lane and the time.
 */

#include "reference-checks.h"
#include "weft-test-util.h"
#include "weft-timeline-private.h"

/* Sanitizer builds run the same tests, shorter (see tests/meson.build). */
static gboolean
light (void)
{
  return g_getenv ("WEFT_TEST_LIGHT") != NULL;
}

static WeftSession *
record (const char               *name,
        guint                     threads,
        double                    seconds,
        const WeftSessionOptions *options,
        WeftRecordingEnd         *end)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSession) session = NULL;
  WeftRecordingEnd why;

  test_params (name, &pattern, &params);
  weft_params_set (&params, "pace", 0);
  if ((weft_pattern_find_param (pattern, "threads") >= 0))
    weft_params_set (&params, "threads", CLAMP (threads, pattern->params[weft_pattern_find_param (pattern, "threads")].min,
                                               pattern->params[weft_pattern_find_param (pattern, "threads")].max));
  /* Long enough to go on for the whole time at full speed. */
  if ((weft_pattern_find_param (pattern, "iterations") >= 0))
    weft_params_set (&params, "iterations", pattern->params[weft_pattern_find_param (pattern, "iterations")].max);
  /* And busy all along: a timeout is real time, which the pace does not
   * shorten, so no hiker gets lost and a timeout is the shortest. */
  if ((weft_pattern_find_param (pattern, "timeout") >= 0))
    weft_params_set (&params, "timeout", pattern->params[weft_pattern_find_param (pattern, "timeout")].min);
  if ((weft_pattern_find_param (pattern, "lost") >= 0))
    weft_params_set (&params, "lost", pattern->params[weft_pattern_find_param (pattern, "lost")].min);

  session = weft_session_new (pattern, &params, options, &error);
  g_assert_no_error (error);
  weft_session_start (session, &error);
  g_assert_no_error (error);
  why = weft_session_wait (session, (gint64) (seconds * WEFT_NSEC_PER_SEC), NULL);
  g_assert_true (weft_session_is_done (session));
  g_assert_true (weft_timeline_is_finished (weft_session_get_timeline (session)));
  if (end != NULL)
    *end = why;
  return g_steal_pointer (&session);
}

/* The verdict while the run goes on, as the window reads it on a timer:
 * never a failure or a doubt in a lossless run of a correct pattern, and
 * soon more than "nothing yet".  Returns whether the run went on for the
 * whole time: a pattern whose story ends (the timers rang, main exited)
 * may finish first at full speed. */
static gboolean
watch_live_verdict (WeftSession *session,
                    double       seconds)
{
  gint64 until;
  gint64 slowest = 0;
  guint n_reads = 0, n_judged = 0;

  /* The time is the run's: starting 64 workers takes a while under
   * the sanitizers. */
  while (!weft_session_is_started (session) && !weft_session_is_done (session))
    g_usleep (1000);
  until = weft_clock_now_ns () + (gint64) (seconds * WEFT_NSEC_PER_SEC);

  while (weft_clock_now_ns () < until && !weft_session_is_done (session))
    {
      g_autoptr(WeftChecks) checks = NULL;
      gint64 began;

      g_usleep (20 * 1000);
      began = weft_clock_now_ns ();
      checks = weft_session_check (session);
      slowest = MAX (slowest, weft_clock_now_ns () - began);
      n_reads++;
      if (weft_checks_any_with_status (checks, WEFT_CHECK_FAIL) ||
          weft_checks_any_with_status (checks, WEFT_CHECK_INCONCLUSIVE))
        {
          g_autofree char *verdict = weft_checks_to_string (checks);
          g_error ("live verdict after %u reads: %s", n_reads, verdict);
        }
      if (!weft_checks_any_with_status (checks, WEFT_CHECK_PENDING))
        n_judged++;
    }
  g_test_message ("%u live reads, %u with every check judged, slowest %.3f ms",
                  n_reads, n_judged, slowest / 1e6);
  if (weft_session_is_done (session) && weft_clock_now_ns () < until)
    return FALSE;
  g_assert_cmpuint (n_reads, >, 0);
  return TRUE;
}

static void
test_lossless_full_speed (gconstpointer data)
{
  const char *name = data;
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSession) session = NULL;
  WeftTimeline *timeline;
  g_autoptr(WeftChecks) checks = NULL;
  g_autoptr(WeftChecks) reference = NULL;
  g_autofree char *verdict = NULL;
  guint n_gaps;
  gboolean went_on;

  test_params (name, &pattern, &params);
  weft_params_set (&params, "pace", 0);
  if ((weft_pattern_find_param (pattern, "threads") >= 0))
    weft_params_set (&params, "threads", CLAMP (64, pattern->params[weft_pattern_find_param (pattern, "threads")].min,
                                               pattern->params[weft_pattern_find_param (pattern, "threads")].max));
  if ((weft_pattern_find_param (pattern, "iterations") >= 0))
    weft_params_set (&params, "iterations", pattern->params[weft_pattern_find_param (pattern, "iterations")].max);
  /* A timeout is real time, not scaled by the pace: at full speed, the
   * shortest, so that a wait that gives up does not idle the run. */
  if ((weft_pattern_find_param (pattern, "timeout") >= 0))
    weft_params_set (&params, "timeout", pattern->params[weft_pattern_find_param (pattern, "timeout")].min);
  session = weft_session_new (pattern, &params, NULL, &error);
  g_assert_no_error (error);
  weft_session_start (session, &error);
  g_assert_no_error (error);
  went_on = watch_live_verdict (session, light () ? 0.2 : 1.0);
  weft_session_wait (session, 0, NULL);
  g_assert_true (weft_session_is_done (session));
  timeline = weft_session_get_timeline (session);
  g_assert_true (weft_timeline_is_finished (timeline));

  checks = weft_check_timeline (timeline);
  verdict = weft_checks_to_string (checks);
  g_test_message ("%s: %" G_GUINT64_FORMAT " events, stalls %.1f ms: %s", name,
                  weft_timeline_get_n_events (timeline), weft_timeline_get_stall_ns (timeline) / 1e6, verdict);
  /* What was folded in as it came is what a look at the whole run says. */
  reference = reference_check_timeline (timeline);
  assert_same_checks (checks, reference);
  /* Flat out, a run that went on recorded a lot, if the test could make
   * its story long: the timer pattern's few timers ring and are done,
   * however long the run lingers (under the sanitizers, a while). */
  if (went_on && (weft_pattern_find_param (pattern, "threads") >= 0 ||
                  weft_pattern_find_param (pattern, "iterations") >= 0))
    g_assert_cmpuint (weft_timeline_get_n_events (timeline), >, 1000);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  weft_timeline_get_gaps (timeline, &n_gaps);
  g_assert_cmpuint (n_gaps, ==, 0);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
  g_assert_cmpuint (weft_checks_get_n_checks (checks), >, 0);
  g_assert_false (weft_checks_any_with_status (checks, WEFT_CHECK_FAIL));
  g_assert_false (weft_checks_any_with_status (checks, WEFT_CHECK_INCONCLUSIVE));
}

/* Every recorder stall is a closed span on its own lane, inside the run. */
static void
test_stalls_are_recorded (void)
{
  WeftSessionOptions options = { WEFT_RECORDING_LOSSLESS, 0, 8 };
  g_autoptr(WeftSession) session = record ("nightclub", 8, 0.3, &options, NULL);
  WeftTimeline *timeline = weft_session_get_timeline (session);
  g_autoptr(WeftChecks) checks = NULL;
  gint64 total = 0;

  /* Rings of 8 events cannot keep up at full speed: workers wait. */
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  g_assert_cmpint (weft_timeline_get_stall_ns (timeline), >, 0);
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
      {
        guint n;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

        for (guint i = 0; i < n; i++)
          if (spans[i].state == WEFT_STATE_RECORDER)
            {
              g_assert_cmpint (spans[i].end_ns, >=, spans[i].start_ns);
              g_assert_cmpint (spans[i].start_ns, >=, weft_timeline_get_origin (timeline));
              g_assert_false (spans[i].flags & (WEFT_SPAN_CUT | WEFT_SPAN_LOST));
              total += spans[i].end_ns - spans[i].start_ns;
            }
      }
  g_assert_cmpint (total, ==, weft_timeline_get_stall_ns (timeline));
  checks = weft_check_timeline (timeline);
  g_assert_false (weft_checks_any_with_status (checks, WEFT_CHECK_FAIL));
}

static void
test_discard_is_inconclusive (gconstpointer data)
{
  const char *name = data;
  WeftSessionOptions options = { WEFT_RECORDING_DISCARD, 0, 8 };
  g_autoptr(WeftSession) session = record (name, 16, light () ? 0.1 : 0.3, &options, NULL);
  WeftTimeline *timeline = weft_session_get_timeline (session);
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  g_autofree char *verdict = weft_checks_to_string (checks);
  guint n_gaps;
  const WeftGap *gaps = weft_timeline_get_gaps (timeline, &n_gaps);
  guint64 marked = 0;
  const WeftGap *first = NULL;

  g_test_message ("%s: %" G_GUINT64_FORMAT " dropped in %u gaps: %s", name,
                  weft_timeline_get_dropped (timeline), n_gaps, verdict);
  /* Eight slots cannot hold a full-speed thread between drains. */
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), >, 0);
  g_assert_cmpuint (n_gaps, >, 0);
  for (guint i = 0; i < n_gaps; i++)
    {
      g_assert_cmpuint (gaps[i].lane, <, weft_timeline_get_n_lanes (timeline));
      g_assert_cmpint (gaps[i].from_ns, <=, gaps[i].to_ns);
      marked += gaps[i].n_dropped;
      if (first == NULL || gaps[i].from_ns < first->from_ns)
        first = &gaps[i];
    }
  /* Every drop is placed, the ones at a lane's very end included. */
  g_assert_cmpuint (marked, ==, weft_timeline_get_dropped (timeline));
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);

  g_assert_cmpuint (weft_checks_get_n_checks (checks), >, 0);
  for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
    {
      const WeftCheck *check = weft_checks_get_check (checks, i);

      g_assert_cmpint (check->status, ==, WEFT_CHECK_INCONCLUSIVE);
      g_assert_true (check->has_gap);
      /* The earliest loss is the one named. */
      g_assert_cmpuint (check->gap_lane, ==, first->lane);
      g_assert_cmpint (check->gap_from_ns, ==, first->from_ns);
      g_assert_cmpint (check->gap_to_ns, ==, first->to_ns);
    }
}

static void
count_span (const WeftSpan *span,
            gpointer        user_data)
{
  (*(guint *) user_data)++;
}

static void
count_bucket (const WeftSampleBucket *bucket,
              gpointer                user_data)
{
  (*(guint *) user_data)++;
}

/* Growing room the memory may take past the budget before the collector
 * next holds it to the budget: an array growing by half at once, and
 * what a 32nd of the budget's events bring (see weft-collector.c). */
#define BUDGET_SLACK(budget) ((budget) / 4)

/* Under a sanitizer, ten times slower on a loaded machine, a worker
 * put off the CPU inside a span holds the check fold's frontier, and so
 * how far the timeline may let go, back for a hundred milliseconds or
 * more; meanwhile a small budget fills further.  A full ASan suite run
 * once peaked at 5.2 MiB for 4.  The normal build keeps the tight bound. */
#define LIGHT_BUDGET_SLACK(budget) ((budget) / 2)

/* A run that outgrows its memory budget goes on at full speed for as
 * long as asked: the timeline lets go of its oldest detail and keeps a
 * summary of it, its memory stays within the budget and a stated slack
 * all along, and it records far more than the budget could hold. */
static void
test_memory_budget_bounds (void)
{
  /* Sanitizer builds record several times slower (under 1 M events/s
   * with TSan): a smaller budget, so the run still outgrows it well,
   * though not so small that what every run holds anyway (a lane's
   * summaries, the arrays' spare room) is a large part of it: at 2 MiB a
   * loaded TSan run once peaked 1 % over the slack. */
  gsize budget = light () ? 4 << 20 : 16 << 20;
  /* As long under a sanitizer: in 2 s a loaded TSan run recorded 716 k
   * events once, short of the three budgets' worth checked below. */
  gint64 duration = 4 * WEFT_NSEC_PER_SEC;
  WeftSessionOptions options = { WEFT_RECORDING_LOSSLESS, budget, 0 };
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftSession) session = NULL;
  WeftTimeline *timeline;
  WeftRecordingEnd end;
  gint64 deadline, origin, detail_from;
  gsize most = 0, in_flight, most_in_flight = 0, ring_bytes;
  guint64 n_events;
  guint16 fill;

  test_params ("producer-consumer", &pattern, &params);
  weft_params_set (&params, "pace", 0);
  session = weft_session_new (pattern, &params, &options, NULL);
  g_assert_true (weft_session_start (session, NULL));
  timeline = weft_session_get_timeline (session);

  /* Watch the memory as the run goes, as the window's status would,
   * timed from when the workers are let go. */
  while (!weft_session_is_started (session))
    g_usleep (1000);
  deadline = weft_clock_now_ns () + duration;
  while (weft_clock_now_ns () < deadline)
    {
      weft_timeline_lock (timeline);
      in_flight = weft_timeline_get_memory_in_flight (timeline);
      most = MAX (most, weft_timeline_get_memory (timeline) - in_flight);
      most_in_flight = MAX (most_in_flight, in_flight);
      weft_timeline_unlock (timeline);
      g_usleep (2000);
    }
  end = weft_session_wait (session, 0, NULL);
  most = MAX (most, weft_timeline_get_memory (timeline));
  g_assert_cmpuint (weft_timeline_get_memory_in_flight (timeline), ==, 0);

  origin = weft_timeline_get_origin (timeline);
  detail_from = weft_timeline_get_detail_from (timeline);
  n_events = weft_timeline_get_n_events (timeline);
  g_test_message ("%" G_GUINT64_FORMAT " events in %.2f s; memory kept at most %.1f MiB (and %.1f MiB in flight), "
                  "%.1f MiB at the end, budget %.0f MiB; full detail from %.2f s",
                  n_events, weft_timeline_get_active_ns (timeline) / 1e9, most / 1048576.0, most_in_flight / 1048576.0,
                  weft_timeline_get_memory (timeline) / 1048576.0, budget / 1048576.0,
                  (detail_from - origin) / 1e9);

  /* Never stopped early: it ran the whole time it was given. */
  g_assert_cmpint (end, ==, WEFT_RECORDING_TIME_UP);
  g_assert_cmpint (weft_timeline_get_active_ns (timeline), >=, duration);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);

  /* What is kept stays within the budget; what was drained and not yet
   * folded in comes on top, as the rings do, and they bound it. */
  g_assert_cmpuint (most, <=, budget + (light () ? LIGHT_BUDGET_SLACK (budget) : BUDGET_SLACK (budget)));
  ring_bytes = (gsize) weft_timeline_get_n_lanes (timeline) *
               weft_recorder_get_ring_capacity (weft_run_get_recorder (weft_session_get_run (session))) *
               sizeof (WeftEvent);
  g_assert_cmpuint (most_in_flight, <=, ring_bytes);
  g_assert_cmpuint (weft_timeline_get_memory (timeline), <=, budget);
  g_assert_cmpint (detail_from, >, origin);
  /* Each event held in full takes 16 bytes or more (a 32-byte span
   * stands for two); the run recorded several budgets' worth. */
  g_assert_cmpuint (n_events * 16, >, 3 * budget);

  /* The old time is still drawn, from its summary, on every lane. */
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n_items = 0;

      weft_timeline_query_spans (timeline, lane, 0, origin, detail_from, (detail_from - origin) / 1000,
                                 count_span, &n_items);
      g_assert_cmpuint (n_items, >, 0);
    }
  g_assert_true (weft_timeline_find_object (timeline, "buffer", &fill));
  {
    guint n_buckets = 0;

    weft_timeline_query_samples (timeline, fill, origin, detail_from, (detail_from - origin) / 1000,
                                 count_bucket, &n_buckets);
    g_assert_cmpuint (n_buckets, >, 0);
  }
}

/* Every span, instant and sample the timeline still holds in full. */
static guint64
count_kept_detail (WeftTimeline *timeline)
{
  guint64 kept = 0;
  guint n;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
        {
          weft_timeline_get_spans (timeline, lane, depth, &n);
          kept += n;
        }
      weft_timeline_get_instants (timeline, lane, &n);
      kept += n;
    }
  for (guint16 object = 0; object < weft_timeline_get_n_objects (timeline); object++)
    {
      weft_timeline_get_samples (timeline, object, &n);
      kept += n;
    }
  return kept;
}

/* Past its budget a run lets go of its oldest detail, but the checks
 * were folded in as the events came, before any went: the verdict still
 * covers the whole run, every event once.  So the checks hold, the fold
 * read more items than the timeline still keeps, none went unread, and
 * the lock's count of writes matches the counter the workers raised. */
static void
test_memory_budget_checks_whole_run (gconstpointer data)
{
  const char *name = data;
  /* The sanitizers slow the run tenfold: a smaller budget, so it still
   * outgrows it. */
  gsize budget = light () ? 2 << 20 : 16 << 20;
  WeftSessionOptions options = { WEFT_RECORDING_LOSSLESS, budget, 0 };
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftSession) session = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  g_autofree char *verdict = NULL;
  WeftTimeline *timeline;
  WeftCheckFold *fold;
  gint64 origin, detail_from, expected, actual;
  guint64 n_folded, kept;

  test_params (name, &pattern, &params);
  weft_params_set (&params, "pace", 0);
  if ((weft_pattern_find_param (pattern, "iterations") >= 0))
    weft_params_set (&params, "iterations", pattern->params[weft_pattern_find_param (pattern, "iterations")].max);
  session = weft_session_new (pattern, &params, &options, NULL);
  g_assert_true (weft_session_start (session, NULL));
  /* The live verdict, read while cuts go on, never fails or doubts. */
  watch_live_verdict (session, light () ? 1.0 : 3.0);
  weft_session_wait (session, 0, NULL);
  timeline = weft_session_get_timeline (session);
  g_assert_true (weft_timeline_is_finished (timeline));

  origin = weft_timeline_get_origin (timeline);
  detail_from = weft_timeline_get_detail_from (timeline);
  fold = weft_timeline_get_check_fold (timeline);
  n_folded = weft_check_fold_get_n_folded (fold);
  kept = count_kept_detail (timeline);
  checks = weft_check_timeline (timeline);
  verdict = weft_checks_to_string (checks);
  g_test_message ("%s: %" G_GUINT64_FORMAT " events, full detail from %.2f s, %" G_GUINT64_FORMAT
                  " items folded, %" G_GUINT64_FORMAT " kept: %s",
                  name, weft_timeline_get_n_events (timeline), (detail_from - origin) / 1e9,
                  n_folded, kept, verdict);

  g_assert_cmpint (detail_from, >, origin);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  g_assert_cmpuint (weft_check_fold_get_n_missed (fold), ==, 0);
  g_assert_false (weft_check_fold_is_disordered (fold));
  /* Folded more than is kept, so the checks saw what was let go: at
   * full speed, that is; under a sanitizer a run may be too slow to
   * fold more items of its kinds than the budget keeps of all kinds. */
  if (!light ())
    g_assert_cmpuint (n_folded, >, kept);
  g_assert_cmpuint (weft_checks_get_n_checks (checks), >, 0);
  g_assert_false (weft_checks_any_with_status (checks, WEFT_CHECK_FAIL));
  g_assert_false (weft_checks_any_with_status (checks, WEFT_CHECK_INCONCLUSIVE));
  g_assert_false (weft_checks_any_with_status (checks, WEFT_CHECK_PENDING));
  if (weft_checks_get_result (checks, &expected, &actual))
    {
      guint64 kept_writes = 0;

      /* The writes counted from events, against the counter itself: more
       * than the writes whose detail is still kept, so the verdict
       * covers the time let go too. */
      for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
        {
          guint n;
          const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

          for (guint i = 0; i < n; i++)
            kept_writes += instants[i].instant == WEFT_INSTANT_WRITE;
        }
      g_assert_cmpint (expected, ==, actual);
      g_assert_cmpint (expected, >, (gint64) kept_writes);
    }
  else
    g_assert_cmpstr (name, !=, "lock");
}

/* Pauses are intervals in the timeline; Elapsed leaves them out. */
static void
test_pause_is_recorded (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftSession) session = NULL;
  WeftTimeline *timeline;
  const WeftPause *pauses;
  g_autoptr(GArray) pause_copy = NULL;
  guint n_pauses;
  guint64 before, after;

  test_params ("barrier", &pattern, &params);
  weft_params_set (&params, "pace", 0);
  session = weft_session_new (pattern, &params, NULL, NULL);
  g_assert_true (weft_session_start (session, NULL));
  timeline = weft_session_get_timeline (session);
  while (!weft_session_is_started (session))
    g_usleep (1000);
  g_usleep (50 * 1000);
  weft_session_set_paused (session, TRUE);
  /* Let the workers reach their next step and the collector drain. */
  g_usleep (100 * 1000);
  weft_timeline_lock (timeline);
  before = weft_timeline_get_n_events (timeline);
  weft_timeline_unlock (timeline);
  g_usleep (300 * 1000);
  weft_timeline_lock (timeline);
  after = weft_timeline_get_n_events (timeline);
  weft_timeline_unlock (timeline);
  /* Parked workers do nothing. */
  g_assert_cmpuint (after, ==, before);
  weft_session_set_paused (session, FALSE);
  g_usleep (50 * 1000);
  weft_session_wait (session, 0, NULL);

  pause_copy = weft_timeline_dup_pauses (timeline);
  pauses = (const WeftPause *) (gpointer) pause_copy->data;
  n_pauses = pause_copy->len;
  g_assert_cmpuint (n_pauses, ==, 1);
  g_assert_cmpint (pauses[0].to_ns - pauses[0].from_ns, >=, 400 * WEFT_NSEC_PER_MSEC);
  g_assert_cmpuint (weft_timeline_get_n_events (timeline), >, after);
  g_assert_cmpint (weft_timeline_get_active_ns (timeline), ==,
                   weft_timeline_get_end (timeline) - weft_timeline_get_origin (timeline)
                   - (pauses[0].to_ns - pauses[0].from_ns));
}

int
main (int   argc,
      char *argv[])
{
  guint n;
  const WeftPattern * const *patterns = weft_patterns_get_all (&n);

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *lossless = g_strdup_printf ("/capture/lossless/%s", patterns[i]->name);
      g_autofree char *discard = g_strdup_printf ("/capture/discard/%s", patterns[i]->name);

      g_test_add_data_func (lossless, patterns[i]->name, test_lossless_full_speed);
      g_test_add_data_func (discard, patterns[i]->name, test_discard_is_inconclusive);
    }
  g_test_add_func ("/capture/stalls", test_stalls_are_recorded);
  g_test_add_func ("/capture/memory-budget", test_memory_budget_bounds);
  g_test_add_data_func ("/capture/memory-budget/checks/nightclub", "nightclub", test_memory_budget_checks_whole_run);
  g_test_add_data_func ("/capture/memory-budget/checks/lock", "lock", test_memory_budget_checks_whole_run);
  g_test_add_data_func ("/capture/memory-budget/checks/producer-consumer", "producer-consumer",
                        test_memory_budget_checks_whole_run);
  g_test_add_func ("/capture/pause", test_pause_is_recorded);

  return g_test_run ();
}
