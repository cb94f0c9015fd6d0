/* test-lessons.c: each pattern's lesson, found where it happened
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <cairo.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "chart-texts.h"
#include "weft-export.h"
#include "weft-lessons.h"
#include "weft-test-util.h"

/* Does @lane hold an instant of @kind at @time_ns with @value? */
static gboolean
has_instant (WeftTimeline *timeline,
             guint         lane,
             WeftInstant   kind,
             gint64        time_ns,
             gint64        value)
{
  guint n;
  const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

  for (guint i = 0; i < n; i++)
    if (instants[i].instant == kind && instants[i].time_ns == time_ns && instants[i].value == value)
      return TRUE;
  return FALSE;
}

/* One read-then-write, as a racer makes it. */
static void
add_increment (TestTrace *trace,
               guint      lane,
               guint16    counter,
               gint64     read_ns,
               gint64     write_ns,
               gint64     seen)
{
  test_trace_add (trace, lane, read_ns, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, counter, 0, 0);
  test_trace_add (trace, lane, read_ns, WEFT_EVENT_INSTANT, WEFT_INSTANT_READ, counter, seen, 0);
  test_trace_add (trace, lane, write_ns, WEFT_EVENT_INSTANT, WEFT_INSTANT_WRITE, counter, seen + 1, 0);
  test_trace_add (trace, lane, write_ns, WEFT_EVENT_COUNTER, 0, counter, seen + 1, 0);
  test_trace_add (trace, lane, write_ns, WEFT_EVENT_END, WEFT_STATE_CRITICAL, counter, 0, 0);
}

/* racer-1 and racer-2 both read 0; racer-1 writes 1, racer-2 writes 1
 * over it; racer-3 then adds on to 2.  Three writes, one lost. */
static void
build_race (TestTrace *trace,
            gboolean   with_gap)
{
  const WeftPattern *pattern;
  WeftParams params;
  guint16 counter;

  test_params ("race", &pattern, &params);
  weft_params_set (&params, "threads", 3);
  test_trace_init (trace, pattern, &params);
  counter = weft_timeline_add_object (trace->timeline, "counter", WEFT_OBJECT_COUNTER, 3);
  weft_timeline_add_lane (trace->timeline, "racer-1", 11);
  weft_timeline_add_lane (trace->timeline, "racer-2", 12);
  weft_timeline_add_lane (trace->timeline, "racer-3", 13);
  add_increment (trace, 0, counter, 1100, 1300, 0);
  add_increment (trace, 1, counter, 1200, 1400, 0);
  add_increment (trace, 2, counter, 1500, 1600, 1);
  if (with_gap)
    /* racer-3 lost events while racer-2 was between its read and write. */
    test_trace_add (trace, 2, 1250, WEFT_EVENT_GAP, 0, WEFT_OBJECT_NONE, 1350, 2);
}

static void
test_race_hand_built (void)
{
  TestTrace trace;
  g_autoptr(WeftChecks) checks = NULL;
  const WeftLostUpdate *lost;
  guint n_lost;
  WeftSpan span = { 0 };
  g_autofree char *said = NULL;
  gint64 highest;
  guint64 unclaimed;

  build_race (&trace, FALSE);
  checks = test_trace_check (&trace);
  lost = weft_lessons_get_lost_updates (trace.timeline, &n_lost);
  g_assert_cmpuint (n_lost, ==, 1);
  g_assert_cmpuint (lost[0].lane, ==, 1);
  g_assert_cmpint (lost[0].write_ns, ==, 1400);
  g_assert_cmpint (lost[0].read_ns, ==, 1200);
  g_assert_cmpuint (lost[0].over_lane, ==, 0);
  g_assert_cmpint (lost[0].over_ns, ==, 1300);
  g_assert_cmpint (lost[0].value, ==, 1);
  g_assert_true (weft_lessons_get_update_totals (trace.timeline, &unclaimed, &highest));
  g_assert_cmpint (highest, ==, 2);
  g_assert_cmpuint (unclaimed, ==, 0);
  g_assert_cmpstr (test_find_check (checks, "updates")->message, ==,
                   "lost 1 of 3 updates, 1 marked where it was overwritten");

  /* The tooltip of racer-2's critical span says it. */
  g_assert_true (weft_timeline_span_at (trace.timeline, 1, 1300, 0, &span));
  said = weft_lessons_describe (trace.timeline, 1, &span, 1300, 0);
  g_assert_cmpstr (said, ==, "racer-2 wrote 1 over racer-1’s 1: one update lost");
  g_clear_pointer (&said, g_free);
  /* ...and racer-1's, whose update it was, says nothing of its own. */
  g_assert_true (weft_timeline_span_at (trace.timeline, 0, 1200, 0, &span));
  said = weft_lessons_describe (trace.timeline, 0, &span, 1200, 0);
  g_assert_null (said);
  test_trace_clear (&trace);
}

/* Where events were lost, no lost update is claimed. */
static void
test_race_gap_claims_nothing (void)
{
  TestTrace trace;
  g_autoptr(WeftChecks) checks = NULL;
  guint n_lost;

  build_race (&trace, TRUE);
  checks = test_trace_check (&trace);
  weft_lessons_get_lost_updates (trace.timeline, &n_lost);
  g_assert_cmpuint (n_lost, ==, 0);
  test_trace_clear (&trace);
}

/* A real run, every event of it kept. */
static WeftTimeline *
record (const char *name,
        double      pace,
        gint64      duration_ns)
{
  WeftTimeline *timeline = test_record (name, pace, duration_ns);

  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  return timeline;
}

/* A real race: as many updates marked lost as the counter falls short,
 * each on a write and stale read the trace holds. */
static void
test_race_run (void)
{
  g_autoptr(WeftTimeline) timeline = record ("race", 0.02, 30 * WEFT_NSEC_PER_SEC);
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  const WeftLostUpdate *lost;
  guint n_lost;
  gint64 expected, actual, highest;
  guint64 unclaimed;

  g_assert_true (weft_checks_get_result (checks, &expected, &actual));
  lost = weft_lessons_get_lost_updates (timeline, &n_lost);
  g_assert_true (weft_lessons_get_update_totals (timeline, &unclaimed, &highest));
  g_test_message ("race: expected %" G_GINT64_FORMAT ", actual %" G_GINT64_FORMAT ", %u marked, highest %"
                  G_GINT64_FORMAT ", %" G_GUINT64_FORMAT " unclaimed",
                  expected, actual, n_lost, highest, unclaimed);
  g_assert_cmpint (actual, <, expected);
  g_assert_cmpuint (n_lost, >, 0);
  for (guint i = 0; i < n_lost; i++)
    {
      g_assert_true (has_instant (timeline, lost[i].lane, WEFT_INSTANT_WRITE, lost[i].write_ns, lost[i].value));
      g_assert_true (has_instant (timeline, lost[i].lane, WEFT_INSTANT_READ, lost[i].read_ns, lost[i].value - 1));
      g_assert_true (has_instant (timeline, lost[i].over_lane, WEFT_INSTANT_WRITE, lost[i].over_ns, lost[i].value));
      g_assert_cmpint (lost[i].read_ns, <=, lost[i].write_ns);
      g_assert_cmpint (lost[i].over_ns, <=, lost[i].write_ns);
      if (i > 0)
        g_assert_cmpint (lost[i - 1].write_ns, <=, lost[i].write_ns);
    }
  /* Every write is either the first of its value or marked, and what a
   * last stale write took back from the highest is lost too. */
  g_assert_cmpuint (unclaimed, ==, 0);
  g_assert_cmpint ((gint64) n_lost + (highest - actual), ==, expected - actual);
}

static void
test_lock_has_none (void)
{
  g_autoptr(WeftTimeline) timeline = record ("lock", 0.02, 30 * WEFT_NSEC_PER_SEC);
  guint n_lost;

  weft_lessons_get_lost_updates (timeline, &n_lost);
  g_assert_cmpuint (n_lost, ==, 0);
}

/* One line per phase everyone reached, at its last arrival. */
static void
test_barrier_openings (void)
{
  g_autoptr(WeftTimeline) timeline = record ("barrier", 0.05, 300 * WEFT_NSEC_PER_MSEC);
  guint n_lanes = weft_timeline_get_n_lanes (timeline);
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) arrivals = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint n_complete = 0, n;
  const WeftPhaseOpening *openings;
  GHashTableIter iter;
  gpointer key, value;

  for (guint lane = 0; lane < n_lanes; lane++)
    {
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        if (instants[i].instant == WEFT_INSTANT_ARRIVE)
          {
            gint64 *time = g_hash_table_lookup (last, &instants[i].value);
            guint count = GPOINTER_TO_UINT (g_hash_table_lookup (arrivals, &instants[i].value));

            if (time == NULL)
              {
                time = g_new (gint64, 1);
                *time = G_MININT64;
                g_hash_table_insert (last, g_memdup2 (&instants[i].value, sizeof (gint64)), time);
              }
            *time = MAX (*time, instants[i].time_ns);
            g_hash_table_insert (arrivals, g_memdup2 (&instants[i].value, sizeof (gint64)), GUINT_TO_POINTER (count + 1));
          }
    }

  openings = weft_lessons_get_phase_openings (timeline, &n);
  g_hash_table_iter_init (&iter, arrivals);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (GPOINTER_TO_UINT (value) == n_lanes)
      n_complete++;
  g_test_message ("barrier: %u openings, %u phases reached by all %u", n, n_complete, n_lanes);
  g_assert_cmpuint (n_complete, >, 1);
  g_assert_cmpuint (n, ==, n_complete);
  for (guint i = 0; i < n; i++)
    {
      gint64 *time = g_hash_table_lookup (last, &openings[i].phase);

      g_assert_nonnull (time);
      g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (arrivals, &openings[i].phase)), ==, n_lanes);
      g_assert_cmpint (openings[i].time_ns, ==, *time);
      g_assert_true (has_instant (timeline, openings[i].lane, WEFT_INSTANT_ARRIVE, openings[i].time_ns, openings[i].phase));
      if (i > 0)
        g_assert_cmpint (openings[i - 1].time_ns, <=, openings[i].time_ns);
    }
}

/* Waits for room and for items are told apart by what was waited on. */
static void
test_producer_consumer_waits (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  guint counts[3] = { 0 };

  test_params ("producer-consumer", &pattern, &params);
  weft_params_set (&params, "pace", 0.05);
  weft_params_set (&params, "capacity", 1);
  run = weft_run_new (pattern, &params, NULL);
  timeline = weft_record_run (run, 400 * WEFT_NSEC_PER_MSEC, NULL, NULL);

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
      {
        guint n;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

        for (guint i = 0; i < n; i++)
          {
            const char *object = weft_timeline_get_object_name (timeline, spans[i].object);
            WeftWaitReason reason = weft_lessons_wait_reason (timeline, spans[i].object);
            g_autofree char *said = NULL;

            if (spans[i].state != WEFT_STATE_WAITING)
              continue;
            counts[reason]++;
            said = weft_lessons_describe (timeline, lane, &spans[i], spans[i].start_ns, 0);
            if (g_str_equal (object, "not-full"))
              {
                g_assert_cmpint (reason, ==, WEFT_WAIT_FULL);
                g_assert_cmpstr (said, ==, "waiting because the buffer is full");
              }
            else if (g_str_equal (object, "not-empty"))
              {
                g_assert_cmpint (reason, ==, WEFT_WAIT_EMPTY);
                g_assert_cmpstr (said, ==, "waiting because the buffer is empty");
              }
            else
              {
                g_assert_cmpint (reason, ==, WEFT_WAIT_OTHER);
                g_assert_null (said);
              }
          }
      }
  g_test_message ("producer-consumer: %u other, %u full, %u empty waits", counts[0], counts[1], counts[2]);
  g_assert_cmpuint (counts[WEFT_WAIT_FULL] + counts[WEFT_WAIT_EMPTY], >, 0);
}

/* A nightclub patron's wait names whose departure let it in, as its
 * hand-off recorded. */
static void
test_nightclub_let_in (void)
{
  g_autoptr(WeftTimeline) timeline = record ("nightclub", 0.05, 400 * WEFT_NSEC_PER_MSEC);
  guint told = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n_arrows;
      const WeftArrow *arrows = weft_timeline_get_arrows (timeline, lane, &n_arrows);

      for (guint a = 0; a < n_arrows; a++)
        {
          WeftSpan span;
          g_autofree char *said = NULL;
          g_autofree char *expected = NULL;

          if (arrows[a].to_lane != lane ||
              !weft_timeline_span_at (timeline, lane, arrows[a].to_ns - 1, 0, &span) ||
              span.state != WEFT_STATE_WAITING)
            continue;
          said = weft_lessons_describe (timeline, lane, &span, arrows[a].to_ns - 1, 0);
          expected = g_strdup_printf ("let in by %s’s departure",
                                      weft_timeline_get_lane_name (timeline, arrows[a].from_lane));
          g_assert_cmpstr (said, ==, expected);
          told++;
        }
    }
  g_assert_cmpuint (told, >, 0);
}

/* The legend names a lost update only when the run has one. */
static void
test_legend (void)
{
  TestTrace trace;
  Texts with_loss, without, barrier;
  g_autoptr(WeftChecks) checks = NULL;
  g_autoptr(WeftTimeline) barrier_run = record ("barrier", 0.05, 300 * WEFT_NSEC_PER_MSEC);
  double object_lane = -1;
  gboolean phase_named = FALSE;

  build_race (&trace, FALSE);
  checks = test_trace_check (&trace);
  draw_texts (trace.timeline, 1000, 1700, &with_loss);
  g_assert_cmpuint (count_text (&with_loss, "lost update"), >, 0);
  test_trace_clear (&trace);

  build_race (&trace, TRUE);
  g_clear_pointer (&checks, weft_checks_free);
  checks = test_trace_check (&trace);
  draw_texts (trace.timeline, 1000, 1700, &without);
  g_assert_cmpuint (count_text (&without, "lost update"), ==, 0);
  test_trace_clear (&trace);

  draw_texts (barrier_run, weft_timeline_get_origin (barrier_run), weft_timeline_get_end (barrier_run), &barrier);
  g_assert_cmpuint (count_text (&barrier, "phase opened"), >, 0);
  /* The first phase named on the thread lanes, in full or by its number
   * where room is short: above the barrier's own lane, whose scale and
   * value are numbers too. */
  for (guint i = 0; i < barrier.texts->len; i++)
    if (g_str_equal (g_ptr_array_index (barrier.texts, i), "barrier"))
      object_lane = g_array_index (barrier.baselines, double, i);
  g_assert_cmpfloat (object_lane, >, 0);
  for (guint i = 0; i < barrier.texts->len; i++)
    {
      const char *text = g_ptr_array_index (barrier.texts, i);

      if ((g_str_equal (text, "phase 1") || g_str_equal (text, "1")) &&
          g_array_index (barrier.baselines, double, i) < object_lane)
        phase_named = TRUE;
    }
  g_assert_true (phase_named);
  texts_clear (&with_loss);
  texts_clear (&without);
  texts_clear (&barrier);
}

/* The JSON trace carries each lost update with who, what and whence. */
static void
test_json (void)
{
  TestTrace trace;
  g_autoptr(WeftChecks) checks = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  char *buffer = NULL;
  size_t size = 0;
  FILE *file = open_memstream (&buffer, &size);
  JsonArray *events;
  guint found = 0;

  build_race (&trace, FALSE);
  checks = test_trace_check (&trace);
  g_assert_true (weft_export_write_trace (trace.timeline, checks, NULL, file, &error));
  g_assert_no_error (error);
  fclose (file);
  text = buffer;
  g_assert_true (json_parser_load_from_data (parser, text, size, &error));
  g_assert_no_error (error);
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      JsonObject *args;

      if (g_strcmp0 (json_object_get_string_member_with_default (event, "name", ""), "lost-update") != 0)
        continue;
      args = json_object_get_object_member (event, "args");
      g_assert_cmpstr (json_object_get_string_member (event, "ph"), ==, "i");
      g_assert_cmpint (json_object_get_int_member (event, "tid"), ==, 12);
      /* Microseconds from the origin at 1000 ns. */
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (event, "ts"), 0.4, 1e-9);
      g_assert_cmpstr (json_object_get_string_member (args, "object"), ==, "counter");
      g_assert_cmpint (json_object_get_int_member (args, "value"), ==, 1);
      g_assert_cmpint (json_object_get_int_member (args, "read_value"), ==, 0);
      g_assert_cmpint (json_object_get_int_member (args, "over_tid"), ==, 11);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (args, "over_ts"), 0.3, 1e-9);
      g_assert_cmpint (json_object_get_int_member (args, "read_tid"), ==, 12);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (args, "read_ts"), 0.2, 1e-9);
      found++;
    }
  g_assert_cmpuint (found, ==, 1);
  test_trace_clear (&trace);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lessons/race/hand-built", test_race_hand_built);
  g_test_add_func ("/lessons/race/gap-claims-nothing", test_race_gap_claims_nothing);
  g_test_add_func ("/lessons/race/run", test_race_run);
  g_test_add_func ("/lessons/lock/none", test_lock_has_none);
  g_test_add_func ("/lessons/barrier/openings", test_barrier_openings);
  g_test_add_func ("/lessons/producer-consumer/waits", test_producer_consumer_waits);
  g_test_add_func ("/lessons/nightclub/let-in", test_nightclub_let_in);
  g_test_add_func ("/lessons/chart/legend", test_legend);
  g_test_add_func ("/lessons/export/json", test_json);

  return g_test_run ();
}
