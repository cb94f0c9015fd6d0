/* test-stats.c: how long each thread worked, waited and held
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <locale.h>

#include "weft-stats.h"
#include "weft-test-util.h"

#define MS WEFT_NSEC_PER_MSEC

/* worker-1 works 0-10 ms, holds the lock 10-30, works 30-40.  worker-2
 * works 0-15, waits for the lock 15-30, holds it 30-50, and inside that
 * waits for another lock 35-40.  Times from the origin, 1000 ns. */
static WeftTimeline *
hand_made (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  guint16 lock, other;
  const gint64 o = 1000;
  WeftTimeline *timeline;

  test_params ("lock", &pattern, &params);
  test_trace_init (&trace, pattern, &params);
  lock = weft_timeline_add_object (trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  other = weft_timeline_add_object (trace.timeline, "other", WEFT_OBJECT_MUTEX, 0);
  weft_timeline_add_lane (trace.timeline, "worker-1", 1);
  weft_timeline_add_lane (trace.timeline, "worker-2", 2);

  test_trace_span (&trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, o, o + 10 * MS, 0, 0);
  test_trace_span (&trace, 0, WEFT_STATE_CRITICAL, lock, o + 10 * MS, o + 30 * MS, 0, 0);
  test_trace_span (&trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, o + 30 * MS, o + 40 * MS, 0, 0);

  test_trace_span (&trace, 1, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, o, o + 15 * MS, 0, 0);
  test_trace_span (&trace, 1, WEFT_STATE_WAITING, lock, o + 15 * MS, o + 30 * MS, 0, 0);
  test_trace_add (&trace, 1, o + 30 * MS, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, lock, 0, 0);
  test_trace_span (&trace, 1, WEFT_STATE_WAITING, other, o + 35 * MS, o + 40 * MS, 0, 0);
  test_trace_add (&trace, 1, o + 50 * MS, WEFT_EVENT_END, WEFT_STATE_CRITICAL, lock, 0, 0);

  weft_checks_free (test_trace_check (&trace));
  timeline = weft_timeline_ref (trace.timeline);
  test_trace_clear (&trace);
  return timeline;
}

static void
assert_thread (const WeftThreadStats *stats,
               gint64                 working,
               gint64                 waiting,
               gint64                 critical,
               guint                  n_waits,
               gint64                 longest,
               gint64                 median)
{
  g_assert_cmpint (stats->state_ns[WEFT_STATE_WORKING], ==, working);
  g_assert_cmpint (stats->state_ns[WEFT_STATE_WAITING], ==, waiting);
  g_assert_cmpint (stats->state_ns[WEFT_STATE_CRITICAL], ==, critical);
  g_assert_cmpuint (stats->n_waits, ==, n_waits);
  g_assert_cmpint (stats->longest_wait_ns, ==, longest);
  g_assert_cmpint (stats->median_wait_ns, ==, median);
}

/* Over the whole run every number is what the trace says, the wait
 * inside the critical section counted as waiting, not critical. */
static void
test_whole_run (void)
{
  g_autoptr(WeftTimeline) timeline = hand_made ();
  g_autoptr(WeftStats) stats = weft_stats_new (timeline, G_MININT64, G_MAXINT64);
  const WeftObjectStats *lock;

  g_assert_cmpuint (weft_stats_get_n_threads (stats), ==, 2);
  assert_thread (weft_stats_get_thread (stats, 0), 20 * MS, 0, 20 * MS, 0, 0, 0);
  assert_thread (weft_stats_get_thread (stats, 1), 15 * MS, 20 * MS, 15 * MS, 2, 15 * MS, 10 * MS);
  assert_thread (weft_stats_get_total (stats), 35 * MS, 20 * MS, 35 * MS, 2, 15 * MS, 10 * MS);

  /* Only what was held is listed: "other" was only waited for. */
  g_assert_cmpuint (weft_stats_get_n_objects (stats), ==, 1);
  lock = weft_stats_get_object (stats, 0);
  g_assert_cmpuint (lock->n_acquires, ==, 2);
  g_assert_cmpuint (lock->n_contended, ==, 1);
  g_assert_cmpint (lock->held_ns, ==, 40 * MS);
  g_assert_cmpint (lock->longest_hold_ns, ==, 20 * MS);
}

/* From 12 to 32 ms: times in a state are cut to the range; waits and
 * holds count where they began. */
static void
test_range (void)
{
  g_autoptr(WeftTimeline) timeline = hand_made ();
  gint64 o = weft_timeline_get_origin (timeline);
  g_autoptr(WeftStats) stats = weft_stats_new (timeline, o + 12 * MS, o + 32 * MS);
  const WeftObjectStats *lock;
  gint64 t0, t1;

  weft_stats_get_range (stats, &t0, &t1);
  g_assert_cmpint (t0, ==, o + 12 * MS);
  g_assert_cmpint (t1, ==, o + 32 * MS);
  assert_thread (weft_stats_get_thread (stats, 0), 2 * MS, 0, 18 * MS, 0, 0, 0);
  assert_thread (weft_stats_get_thread (stats, 1), 3 * MS, 15 * MS, 2 * MS, 1, 15 * MS, 15 * MS);
  lock = weft_stats_get_object (stats, 0);
  g_assert_cmpuint (lock->n_acquires, ==, 1);
  g_assert_cmpuint (lock->n_contended, ==, 1);
  g_assert_cmpint (lock->held_ns, ==, 20 * MS);
}

/* Paused from 20 to 25 ms: the user's time, not the threads'.  worker-1
 * held the lock 10-30 and worker-2 waited 15-30: each 5 ms less. */
static void
test_pause_left_out (void)
{
  g_autoptr(WeftTimeline) timeline = hand_made ();
  gint64 o = weft_timeline_get_origin (timeline);
  g_autoptr(WeftStats) stats = NULL;

  weft_timeline_begin_pause (timeline, o + 20 * MS);
  weft_timeline_end_pause (timeline, o + 25 * MS);
  stats = weft_stats_new (timeline, G_MININT64, G_MAXINT64);
  assert_thread (weft_stats_get_thread (stats, 0), 20 * MS, 0, 15 * MS, 0, 0, 0);
  assert_thread (weft_stats_get_thread (stats, 1), 15 * MS, 15 * MS, 15 * MS, 2, 10 * MS, 7500 * 1000);
  g_assert_cmpint (weft_stats_get_object (stats, 0)->held_ns, ==, 35 * MS);
  g_assert_cmpint (weft_stats_get_object (stats, 0)->longest_hold_ns, ==, 20 * MS);
}

static char **
csv_fields (const char *line)
{
  /* The names here hold no commas or quotes, so a plain split is the
   * CSV's own reading of them, with the quotes taken off below. */
  char **fields = g_strsplit (line, ",", -1);

  for (guint i = 0; fields[i] != NULL; i++)
    if (fields[i][0] == '"')
      {
        char *bare = g_strndup (fields[i] + 1, strlen (fields[i]) - 2);

        g_free (fields[i]);
        fields[i] = bare;
      }
  return fields;
}

/* Every line has the header's columns; numbers parse with dots, and
 * say what the table says. */
static void
test_csv (void)
{
  g_autoptr(WeftTimeline) timeline = hand_made ();
  g_autoptr(WeftStats) stats = weft_stats_new (timeline, G_MININT64, G_MAXINT64);
  g_autofree char *csv = weft_stats_to_csv (stats);
  g_auto(GStrv) lines = g_strsplit (csv, "\n", -1);
  g_auto(GStrv) head = csv_fields (lines[0]);
  guint n_columns = g_strv_length (head), rows = 0;
  gboolean saw_worker_2 = FALSE, saw_lock = FALSE;

  g_assert_cmpuint (n_columns, ==, 16);
  g_assert_cmpstr (head[0], ==, "kind");
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = csv_fields (lines[i]);

      g_assert_cmpuint (g_strv_length (fields), ==, n_columns);
      rows++;
      if (g_str_equal (fields[1], "worker-2"))
        {
          g_assert_cmpstr (fields[0], ==, "thread");
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[3], NULL), 0.020, 1e-12);
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[6], NULL), 0.4, 1e-12);
          g_assert_cmpstr (fields[8], ==, "2");
          g_assert_cmpstr (fields[11], ==, "");
          saw_worker_2 = TRUE;
        }
      if (g_str_equal (fields[1], "lock"))
        {
          g_assert_cmpstr (fields[0], ==, "object");
          g_assert_cmpstr (fields[2], ==, "");
          g_assert_cmpstr (fields[11], ==, "2");
          g_assert_cmpstr (fields[12], ==, "1");
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[13], NULL), 0.5, 1e-12);
          g_assert_cmpfloat_with_epsilon (g_ascii_strtod (fields[14], NULL), 0.040, 1e-12);
          saw_lock = TRUE;
        }
      g_assert_null (strchr (lines[i], ' '));
    }
  g_assert_cmpuint (rows, ==, 4);
  g_assert_true (saw_worker_2 && saw_lock);
}

/* The text names every thread and object, with the numbers above. */
static void
test_text (void)
{
  g_autoptr(WeftTimeline) timeline = hand_made ();
  g_autoptr(WeftStats) stats = weft_stats_new (timeline, G_MININT64, G_MAXINT64);
  g_autofree char *text = weft_stats_to_text (stats);

  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "From 0.000 s to 0.050 s of the run"));
  g_assert_nonnull (strstr (text, "worker-1"));
  g_assert_nonnull (strstr (text, "all threads"));
  /* worker-2: 20 ms waiting, 40 % of its 50 ms; median wait 10 ms. */
  g_assert_nonnull (strstr (text, "0.020 s  40.0 %"));
  g_assert_nonnull (strstr (text, "10.000 ms"));
  g_assert_nonnull (strstr (text, "50.0 %"));
}

/* A run recorded for real: every thread's time adds up to the time it
 * was measured, and a contended lock says so. */
static void
test_recorded (void)
{
  g_autoptr(WeftTimeline) timeline = test_record ("lock", 0.02, 300 * WEFT_NSEC_PER_MSEC);
  g_autoptr(WeftStats) stats = weft_stats_new (timeline, G_MININT64, G_MAXINT64);
  gint64 t0, t1;
  guint acquires = 0;

  weft_stats_get_range (stats, &t0, &t1);
  for (guint i = 0; i < weft_stats_get_n_threads (stats); i++)
    {
      const WeftThreadStats *thread = weft_stats_get_thread (stats, i);
      gint64 sum = 0;

      for (guint s = 0; s < WEFT_N_STATES; s++)
        {
          g_assert_cmpint (thread->state_ns[s], >=, 0);
          sum += thread->state_ns[s];
        }
      g_assert_cmpint (sum, <=, t1 - t0);
      g_assert_cmpint (sum, >, 0);
    }
  for (guint i = 0; i < weft_stats_get_n_objects (stats); i++)
    acquires += weft_stats_get_object (stats, i)->n_acquires;
  g_assert_cmpuint (acquires, >, 0);
  g_assert_cmpuint (weft_stats_get_total (stats)->n_waits, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/stats/whole-run", test_whole_run);
  g_test_add_func ("/stats/range", test_range);
  g_test_add_func ("/stats/pause-left-out", test_pause_left_out);
  g_test_add_func ("/stats/csv", test_csv);
  g_test_add_func ("/stats/text", test_text);
  g_test_add_func ("/stats/recorded", test_recorded);
  return g_test_run ();
}
