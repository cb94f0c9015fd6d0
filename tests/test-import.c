/* test-import.c: a saved trace read back, and checked again
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "run-weft.h"
#include "weft-export.h"
#include "weft-import-trace.h"
#include "weft-replay.h"
#include "weft-stats.h"
#include "weft-test-util.h"

static gboolean
light (void)
{
  return g_getenv ("WEFT_TEST_LIGHT") != NULL;
}

/* A short seeded run of @pattern's variant @variant (or its only way). */
static WeftTimeline *
record (const WeftPattern *pattern,
        guint              variant)
{
  WeftParams params;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(GError) error = NULL;
  WeftTimeline *timeline;

  weft_pattern_get_default_params (pattern, &params);
  params.variant = variant;
  weft_params_set (&params, "pace", 0.1);
  params.seed = 42 + variant;
  params.seeded = TRUE;
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  timeline = weft_record_run (run, (light () ? 150 : 400) * WEFT_NSEC_PER_MSEC, NULL, &error);
  g_assert_no_error (error);
  return timeline;
}

static char *
export_json (WeftTimeline *timeline,
             const char   *dir,
             const char   *name)
{
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  WeftExportOptions options = { 0, };

  g_assert_true (weft_export_timeline (timeline, checks, path, &options, &error));
  g_assert_no_error (error);
  return path;
}

static void
assert_same_params (WeftTimeline *a,
                    WeftTimeline *b)
{
  const WeftParams *x = weft_timeline_get_params (a);
  const WeftParams *y = weft_timeline_get_params (b);

  g_assert_true (weft_timeline_get_pattern (a) == weft_timeline_get_pattern (b));
  for (guint i = 0; i < weft_pattern_get_n_params (weft_timeline_get_pattern (a)); i++)
    g_assert_cmpfloat (x->values[i], ==, y->values[i]);
  g_assert_cmpuint (x->variant, ==, y->variant);
  g_assert_cmpint (x->seeded, ==, y->seeded);
  g_assert_cmpuint (x->seed, ==, y->seed);
}

/* The same processes, each lane in the same one, shown in the same rows. */
static void
assert_same_processes (WeftTimeline *a,
                       WeftTimeline *b)
{
  g_assert_cmpuint (weft_timeline_get_n_processes (a), ==, weft_timeline_get_n_processes (b));
  for (guint process = 0; process < weft_timeline_get_n_processes (a); process++)
    {
      g_assert_cmpint (weft_timeline_get_process_pid (a, process), ==, weft_timeline_get_process_pid (b, process));
      g_assert_cmpstr (weft_timeline_get_process_name (a, process), ==, weft_timeline_get_process_name (b, process));
    }
  g_assert_cmpint (weft_timeline_groups_lanes (a), ==, weft_timeline_groups_lanes (b));
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (a); lane++)
    {
      g_assert_cmpuint (weft_timeline_get_lane_process (a, lane), ==, weft_timeline_get_lane_process (b, lane));
      g_assert_cmpuint (weft_timeline_get_row_lane (a, lane), ==, weft_timeline_get_row_lane (b, lane));
    }
}

/* Spans, instants and samples, at the same ns from each one's start. */
static void
assert_same_events (WeftTimeline *a,
                    WeftTimeline *b)
{
  gint64 oa = weft_timeline_get_origin (a), ob = weft_timeline_get_origin (b);

  g_assert_cmpuint (weft_timeline_get_n_lanes (a), ==, weft_timeline_get_n_lanes (b));
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (a); lane++)
    {
      guint depths = MAX (weft_timeline_get_lane_depth (a, lane), weft_timeline_get_lane_depth (b, lane));
      const WeftInstantRecord *ia, *ib;
      guint na, nb;

      g_assert_cmpstr (weft_timeline_get_lane_name (a, lane), ==, weft_timeline_get_lane_name (b, lane));
      g_assert_cmpint (weft_timeline_get_lane_tid (a, lane), ==, weft_timeline_get_lane_tid (b, lane));
      for (guint depth = 0; depth < depths; depth++)
        {
          const WeftSpan *sa = NULL, *sb = NULL;

          na = nb = 0;
          if (depth < weft_timeline_get_lane_depth (a, lane))
            sa = weft_timeline_get_spans (a, lane, depth, &na);
          if (depth < weft_timeline_get_lane_depth (b, lane))
            sb = weft_timeline_get_spans (b, lane, depth, &nb);
          g_assert_cmpuint (na, ==, nb);
          for (guint i = 0; i < na; i++)
            {
              g_assert_cmpint (sa[i].start_ns - oa, ==, sb[i].start_ns - ob);
              g_assert_cmpint (sa[i].end_ns - oa, ==, sb[i].end_ns - ob);
              g_assert_cmpuint (sa[i].state, ==, sb[i].state);
              g_assert_cmpuint (sa[i].object, ==, sb[i].object);
              g_assert_cmpint (sa[i].value, ==, sb[i].value);
              g_assert_cmpuint (sa[i].arg, ==, sb[i].arg);
            }
        }
      ia = weft_timeline_get_instants (a, lane, &na);
      ib = weft_timeline_get_instants (b, lane, &nb);
      g_assert_cmpuint (na, ==, nb);
      for (guint i = 0; i < na; i++)
        {
          g_assert_cmpint (ia[i].time_ns - oa, ==, ib[i].time_ns - ob);
          g_assert_cmpuint (ia[i].instant, ==, ib[i].instant);
          g_assert_cmpuint (ia[i].object, ==, ib[i].object);
          /* A hand-off's value is the waker's stamp, on each one's clock. */
          if (ia[i].instant == WEFT_INSTANT_HANDOFF)
            g_assert_cmpint (ia[i].value - oa, ==, ib[i].value - ob);
          else
            g_assert_cmpint (ia[i].value, ==, ib[i].value);
        }
    }
  g_assert_cmpuint (weft_timeline_get_n_objects (a), ==, weft_timeline_get_n_objects (b));
  for (guint16 object = 0; object < weft_timeline_get_n_objects (a); object++)
    {
      const WeftObjectInfo *x = weft_timeline_get_object (a, object);
      const WeftObjectInfo *y = weft_timeline_get_object (b, object);
      guint na, nb;
      const WeftSample *sa = weft_timeline_get_samples (a, object, &na);
      const WeftSample *sb = weft_timeline_get_samples (b, object, &nb);

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpint (x->limit, ==, y->limit);
      g_assert_cmpuint (na, ==, nb);
      for (guint i = 0; i < na; i++)
        {
          g_assert_cmpint (sa[i].time_ns - oa, ==, sb[i].time_ns - ob);
          g_assert_cmpint (sa[i].value, ==, sb[i].value);
        }
    }
  g_assert_cmpuint (weft_timeline_get_n_arrows (a), ==, weft_timeline_get_n_arrows (b));
}

static void
assert_same_checks (WeftTimeline *a,
                    WeftTimeline *b)
{
  g_autoptr(WeftChecks) ca = weft_check_timeline (a);
  g_autoptr(WeftChecks) cb = weft_check_timeline (b);
  g_autofree char *da = weft_timeline_dup_deadlock_path (a);
  g_autofree char *db = weft_timeline_dup_deadlock_path (b);

  g_assert_cmpuint (weft_checks_get_n_checks (ca), ==, weft_checks_get_n_checks (cb));
  for (guint i = 0; i < weft_checks_get_n_checks (ca); i++)
    {
      const WeftCheck *x = weft_checks_get_check (ca, i);
      const WeftCheck *y = weft_checks_get_check (cb, i);

      g_assert_cmpstr (x->id, ==, y->id);
      g_assert_cmpstr (weft_check_status_to_string (x->status), ==, weft_check_status_to_string (y->status));
      g_assert_cmpstr (x->message, ==, y->message);
    }
  g_assert_cmpstr (da, ==, db);
}

/* Every pattern, every variant: recorded, saved, read back, the same. */
static void
test_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-import-XXXXXX", NULL);
  guint n_patterns;
  const WeftPattern * const *patterns = weft_patterns_get_all (&n_patterns);

  g_assert_nonnull (dir);
  for (guint p = 0; p < n_patterns; p++)
    for (guint v = 0; v < MAX (1, weft_pattern_get_n_variants (patterns[p])); v++)
      {
        g_autoptr(WeftTimeline) recorded = record (patterns[p], v);
        g_autofree char *name = g_strdup_printf ("%s-%u.json", patterns[p]->name, v);
        g_autofree char *path = export_json (recorded, dir, name);
        g_autoptr(GError) error = NULL;
        g_autoptr(WeftTimeline) imported = weft_trace_import (path, NULL, &error);
        g_autofree char *described = test_describe_params (weft_timeline_get_params (recorded));

        g_test_message ("%s: %s", patterns[p]->name, described);
        g_assert_no_error (error);
        g_assert_nonnull (imported);
        g_assert_true (weft_timeline_is_finished (imported));
        assert_same_params (recorded, imported);
        assert_same_events (recorded, imported);
        assert_same_processes (recorded, imported);
        g_assert_cmpuint (weft_timeline_get_n_processes (imported), ==, 0);
        assert_same_checks (recorded, imported);
        g_assert_cmpuint (weft_timeline_get_n_events (recorded), ==, weft_timeline_get_n_events (imported));
        g_assert_cmpint (weft_timeline_get_active_ns (recorded), ==, weft_timeline_get_active_ns (imported));
        g_assert_cmpstr (weft_timeline_get_stop_reason (recorded), ==, weft_timeline_get_stop_reason (imported));
        g_assert_cmpuint (weft_timeline_get_malformed (imported), ==, 0);
        g_unlink (path);
      }
  g_rmdir (dir);
}

/* A stepped run's interleaving survives the file: its `held` spans, with
 * what each thread was about to do, and the lost update it led to. */
static void
test_stepped_round_trip (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-import-XXXXXX", NULL);
  const WeftPattern *pattern = weft_patterns_lookup ("race");
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) recorded = NULL;
  g_autoptr(WeftTimeline) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  WeftStepper *stepper;
  WeftParams params;
  guint n_held = 0;
  const guint order[] = { 0, 1, 0, 1 };

  weft_pattern_get_default_params (pattern, &params);
  weft_params_set (&params, "threads", 2);
  weft_params_set (&params, "iterations", 1);
  weft_params_set (&params, "pace", 0);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  stepper = weft_run_get_stepper (run);
  weft_stepper_set_on (stepper, TRUE);
  g_assert_true (weft_run_start (run, &error));
  recorded = weft_timeline_new_for_run (run);
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      while (!weft_stepper_is_held (stepper, order[i]))
        g_usleep (1000);
      g_assert_true (weft_stepper_release (stepper, order[i]));
      /* Read, read, write, write: each read taken before the next step
       * (after its write, a racer ends). */
      if (i < 2)
        while (!weft_stepper_is_held (stepper, order[i]))
          g_usleep (1000);
    }
  weft_run_join (run);
  weft_timeline_ingest (recorded);
  weft_timeline_finish (recorded, weft_run_get_stop_ns (run));

  path = export_json (recorded, dir, "stepped.json");
  imported = weft_trace_import (path, NULL, &error);
  g_assert_no_error (error);
  assert_same_events (recorded, imported);
  assert_same_checks (recorded, imported);
  for (guint lane = 0; lane < 2; lane++)
    for (guint depth = 0; depth < weft_timeline_get_lane_depth (imported, lane); depth++)
      {
        guint n;
        const WeftSpan *spans = weft_timeline_get_spans (imported, lane, depth, &n);

        for (guint i = 0; i < n; i++)
          n_held += spans[i].state == WEFT_STATE_HELD;
      }
  g_assert_cmpuint (n_held, ==, 4);
  g_unlink (path);
  g_rmdir (dir);
}

/* A run that let go of its oldest detail is read back from where its
 * detail starts, and says so. */
static void
test_detail_let_go (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-import-XXXXXX", NULL);
  g_autoptr(WeftTimeline) recorded = record (weft_patterns_lookup ("lock"), 0);
  gint64 origin = weft_timeline_get_origin (recorded);
  gint64 cut = origin + (weft_timeline_get_end (recorded) - origin) / 2;
  g_autofree char *path = NULL;
  g_autoptr(WeftTimeline) imported = NULL;
  g_autoptr(GError) error = NULL;

  weft_timeline_let_go_before (recorded, cut);
  g_assert_cmpint (weft_timeline_get_detail_from (recorded), ==, cut);
  path = export_json (recorded, dir, "lock.json");
  imported = weft_trace_import (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (weft_timeline_get_detail_from (imported) - weft_timeline_get_origin (imported), ==,
                   cut - origin);
  g_unlink (path);
  g_rmdir (dir);
}

/* One lane of lock, around the events a malformed file puts in. */
static char *
make_trace (const char *events,
            const char *other)
{
  return g_strdup_printf ("{\"traceEvents\":[\n"
                          "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":7,\"args\":{\"name\":\"worker-1\"}}%s%s],\n"
                          "\"otherData\":{%s}}\n",
                          events[0] != '\0' ? ",\n" : "", events,
                          other != NULL ? other : "\"pattern\":\"lock\",\"params\":{\"threads\":2},\"format\":2");
}

#define SPAN_B "{\"ph\":\"B\",\"name\":\"critical\",\"pid\":1,\"tid\":7,\"ts\":%s,\"args\":{\"object\":\"lock\"}}"
#define SPAN_E "{\"ph\":\"E\",\"name\":\"critical\",\"pid\":1,\"tid\":7,\"ts\":%s,\"args\":{\"object\":\"lock\"}}"

typedef struct
{
  const char *name;
  char *text;
} Malformed;

static char *
read_back_error (const char *dir,
                 const char *name,
                 const char *text,
                 gsize       length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;

  g_assert_true (g_file_set_contents (path, text, length, NULL));
  timeline = weft_trace_import (path, NULL, &error);
  g_unlink (path);
  if (timeline != NULL)
    return NULL;
  g_assert_nonnull (error);
  return g_strdup (error->message);
}

/* Twelve ways a file is not a trace this Weft reads: each a message
 * saying so, never a crash or a warning (fatal here). */
static void
test_malformed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-import-XXXXXX", NULL);
  g_autoptr(WeftTimeline) recorded = record (weft_patterns_lookup ("lock"), 0);
  g_autofree char *saved = export_json (recorded, dir, "saved.json");
  g_autofree char *whole = NULL;
  g_autofree char *good = NULL;
  gsize whole_length;
  Malformed cases[] = {
    { "truncated", NULL },
    { "empty", g_strdup ("") },
    { "not-json", g_strdup ("Weft was here\n") },
    { "array", g_strdup ("[{\"ph\":\"M\"}]") },
    { "events-not-array", g_strdup ("{\"traceEvents\":{},\"otherData\":{\"pattern\":\"lock\"}}") },
    { "no-other-data", g_strdup ("{\"traceEvents\":[]}") },
    { "unknown-pattern", make_trace ("", "\"pattern\":\"juggling\",\"format\":2") },
    { "newer-format", make_trace ("", "\"pattern\":\"lock\",\"format\":3") },
    { "ts-string", make_trace ("{\"ph\":\"B\",\"name\":\"critical\",\"pid\":1,\"tid\":7,\"ts\":\"12.5\",\"args\":{\"object\":\"lock\"}}", NULL) },
    { "ts-huge", make_trace ("{\"ph\":\"B\",\"name\":\"critical\",\"pid\":1,\"tid\":7,\"ts\":1e300,\"args\":{\"object\":\"lock\"}}", NULL) },
    { "e-without-b", make_trace ("{\"ph\":\"E\",\"name\":\"critical\",\"pid\":1,\"tid\":7,\"ts\":5.000,\"args\":{\"object\":\"lock\"}}", NULL) },
    { "unknown-state", make_trace ("{\"ph\":\"B\",\"name\":\"dancing\",\"pid\":1,\"tid\":7,\"ts\":5.000,\"args\":{\"object\":\"lock\"}}", NULL) },
  };

  g_assert_true (g_file_get_contents (saved, &whole, &whole_length, NULL));
  cases[0].text = g_strndup (whole, whole_length / 2);

  /* The hand-made skeleton itself reads, so each case fails for its own fault. */
  good = make_trace ("{\"ph\":\"B\",\"name\":\"critical\",\"pid\":1,\"tid\":7,\"ts\":5.000,\"args\":{\"object\":\"lock\"}},\n"
                     "{\"ph\":\"E\",\"name\":\"critical\",\"pid\":1,\"tid\":7,\"ts\":7.250,\"args\":{\"object\":\"lock\"}}", NULL);
  g_assert_null (read_back_error (dir, "good.json", good, -1));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = read_back_error (dir, "bad.json", cases[i].text, strlen (cases[i].text));

      g_test_message ("%s: %s", cases[i].name, message);
      g_assert_nonnull (message);
      g_assert_cmpstr (message, !=, "");
      g_free (cases[i].text);
    }
  g_unlink (saved);
  g_rmdir (dir);
}

/* The messages say what is wrong, and where. */
static void
test_messages (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-import-XXXXXX", NULL);
  g_autofree char *newer = make_trace ("", "\"pattern\":\"lock\",\"format\":3");
  g_autofree char *newer_message = read_back_error (dir, "t.json", newer, -1);
  g_autofree char *string_ts = make_trace ("{\"ph\":\"B\",\"name\":\"critical\",\"pid\":1,\"tid\":7,\"ts\":\"1\",\"args\":{\"object\":\"lock\"}}", NULL);
  g_autofree char *string_message = read_back_error (dir, "t.json", string_ts, -1);
  g_autofree char *stranger = make_trace ("{\"ph\":\"i\",\"s\":\"t\",\"name\":\"acquire\",\"pid\":1,\"tid\":8,\"ts\":1.000,\"args\":{\"object\":\"lock\"}}", NULL);
  g_autofree char *stranger_message = read_back_error (dir, "t.json", stranger, -1);
  g_autofree char *crowd = make_trace ("{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":8,\"args\":{\"name\":\"worker-2\"}},"
                                       "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":9,\"args\":{\"name\":\"worker-3\"}}", NULL);
  g_autofree char *crowd_message = read_back_error (dir, "t.json", crowd, -1);
  g_autofree char *range = make_trace ("", "\"pattern\":\"lock\",\"params\":{\"threads\":100000},\"format\":2");
  g_autofree char *range_message = read_back_error (dir, "t.json", range, -1);
  g_autofree char *unknown = make_trace ("", "\"pattern\":\"lock\",\"params\":{\"threads\":2,\"colour\":\"blue\"},\"format\":2");

  g_assert_cmpstr (newer_message, ==, "Made by a newer Weft (trace format 3); this one reads up to 2");
  g_assert_cmpstr (string_message, ==, "traceEvents[1]: “ts” is not a number");
  g_assert_cmpstr (stranger_message, ==, "traceEvents[1]: tid 8 has no “thread_name”");
  g_assert_nonnull (strstr (crowd_message, "more threads than lock runs"));
  g_assert_nonnull (strstr (range_message, "“threads” must be"));
  /* A parameter this Weft does not know is no error. */
  g_assert_null (read_back_error (dir, "t.json", unknown, -1));
  g_rmdir (dir);
}

/* Format 1 traces wrote spans as X events with a duration, and had no
 * format, variant or pauses. */
static void
test_format_1 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "old.json", NULL);
  const char *text =
    "{\"traceEvents\":[\n"
    "{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"args\":{\"name\":\"lock\"}},\n"
    "{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":7,\"args\":{\"name\":\"worker-1\"}},\n"
    "{\"ph\":\"X\",\"name\":\"working\",\"cat\":\"none\",\"pid\":1,\"tid\":7,\"ts\":0.000,\"dur\":10.500,\"args\":{\"object\":\"none\"}},\n"
    "{\"ph\":\"X\",\"name\":\"critical\",\"cat\":\"lock\",\"pid\":1,\"tid\":7,\"ts\":10.500,\"dur\":2.001,\"args\":{\"object\":\"lock\"}},\n"
    "{\"ph\":\"X\",\"name\":\"working\",\"cat\":\"none\",\"pid\":1,\"tid\":7,\"ts\":11.000,\"dur\":0.250,\"args\":{\"object\":\"none\"}},\n"
    "{\"ph\":\"i\",\"s\":\"t\",\"name\":\"acquire\",\"cat\":\"lock\",\"pid\":1,\"tid\":7,\"ts\":10.500,\"args\":{\"object\":\"lock\"}}\n"
    "],\n\"displayTimeUnit\":\"ns\",\n"
    "\"otherData\":{\"pattern\":\"lock\",\"params\":{\"threads\":1,\"iterations\":1,\"pace\":1},\"dropped\":0,\"events\":7,\"duration_ns\":13000}}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  const WeftSpan *spans;
  guint n;
  gint64 origin;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  timeline = weft_trace_import (path, NULL, &error);
  g_assert_no_error (error);
  origin = weft_timeline_get_origin (timeline);
  g_assert_cmpuint (weft_timeline_get_lane_depth (timeline, 0), ==, 2);
  spans = weft_timeline_get_spans (timeline, 0, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (spans[1].start_ns - origin, ==, 10500);
  g_assert_cmpint (spans[1].end_ns - origin, ==, 12501);
  g_assert_cmpuint (spans[1].state, ==, WEFT_STATE_CRITICAL);
  spans = weft_timeline_get_spans (timeline, 0, 1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (spans[0].start_ns - origin, ==, 11000);
  g_assert_cmpint (spans[0].end_ns - origin, ==, 11250);
  g_assert_cmpint (weft_timeline_get_end (timeline) - origin, ==, 13000);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
  g_unlink (path);
  g_rmdir (dir);
}


/* `weft --check` prints what the run printed, "<-" for "->", and exits
 * as it did; a file that is no trace is status 1 with a message. */
static void
test_cli_check (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-import-XXXXXX", NULL);
  const char *patterns[] = { "lock", "deadlock", "race" };
  g_autofree char *bad = g_build_filename (dir, "bad.json", NULL);
  g_autofree char *bad_option = g_strdup_printf ("--check=%s", bad);
  Result result = { 0, };

  g_assert_nonnull (g_getenv ("WEFT_BINARY"));
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s.json", dir, patterns[i]);
      g_autofree char *pattern = g_strdup_printf ("--pattern=%s", patterns[i]);
      g_autofree char *export = g_strdup_printf ("--export=%s", path);
      g_autofree char *check = g_strdup_printf ("--check=%s", path);
      const char *live_args[] = { pattern, "--pace=0.2", "--duration=0.5", "--seed=3", export, NULL };
      const char *check_args[] = { check, NULL };
      g_autofree char *live_out = NULL;
      g_autofree char *arrow = g_strdup_printf (" -> %s\n", path);
      g_autofree char *back = g_strdup_printf (" <- %s\n", path);
      int live_status;
      char *at;

      run_weft (&result, live_args);
      live_status = result.status;
      live_out = g_steal_pointer (&result.out);
      result_clear (&result);
      run_weft (&result, check_args);
      g_test_message ("%s\n%s", live_out, result.out);
      g_assert_cmpstr (result.err, ==, "");
      g_assert_cmpint (result.status, ==, live_status);
      /* The same line, the arrow turned round. */
      at = strstr (live_out, arrow);
      g_assert_nonnull (at);
      memcpy (at, back, strlen (back));
      g_assert_cmpstr (result.out, ==, live_out);
      result_clear (&result);
      g_unlink (path);
    }

  g_assert_true (g_file_set_contents (bad, "{\"traceEvents\":[", -1, NULL));
  run_weft (&result, (const char * const[]) { bad_option, NULL });
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_true (g_str_has_prefix (result.err, "weft: "));
  g_assert_nonnull (strstr (result.err, "bad.json: Truncated or not JSON"));
  result_clear (&result);
  g_unlink (bad);

  run_weft (&result, (const char * const[]) { bad_option, NULL });
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "bad.json"));
  result_clear (&result);
  g_rmdir (dir);
}

/* `weft --stats FILE` prints the table, `--stats=csv FILE` the CSV of
 * the same figures as the trace read back; a bad file is status 1. */
static void
test_cli_stats (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lock.json", NULL);
  g_autofree char *export = g_strdup_printf ("--export=%s", path);
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftStats) stats = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  Result result = { 0, };

  run_weft (&result, (const char * const[]) { "--pattern=lock", "--pace=0.1", "--duration=0.4", export, NULL });
  g_assert_cmpint (result.status, ==, 0);
  result_clear (&result);

  run_weft (&result, (const char * const[]) { "--stats", path, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  g_assert_nonnull (strstr (result.out, "all threads"));
  g_assert_nonnull (strstr (result.out, "\nlock "));
  result_clear (&result);

  timeline = weft_trace_import (path, NULL, &error);
  g_assert_no_error (error);
  stats = weft_stats_new (timeline, G_MININT64, G_MAXINT64);
  csv = weft_stats_to_csv (stats);
  run_weft (&result, (const char * const[]) { "--stats=csv", path, NULL });
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, csv);
  g_assert_true (g_str_has_prefix (result.out, "kind,name,"));
  result_clear (&result);

  /* The format without a file, and a file that is not there. */
  run_weft (&result, (const char * const[]) { "--stats=csv", NULL });
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "--stats=csv FILE.json"));
  result_clear (&result);
  g_unlink (path);
  run_weft (&result, (const char * const[]) { "--stats", path, NULL });
  g_assert_cmpint (result.status, ==, 1);
  g_assert_nonnull (strstr (result.err, "lock.json"));
  result_clear (&result);
  g_rmdir (dir);
}

/* A trace too large to read into memory is refused, saying why, before
 * any of it is read: here a sparse file of a terabyte. */
static void
test_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "huge.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  int fd = g_open (path, O_WRONLY | O_CREAT, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) 1 << 40), ==, 0);
  close (fd);
  timeline = weft_trace_import (path, NULL, &error);
  g_assert_null (timeline);
  g_assert_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Too large to open: reading this 1.1"));
  g_assert_nonnull (strstr (error->message, "TB trace would take about "));
  g_unlink (path);
  g_rmdir (dir);
}

/* A replay played to the end is the run read back, event for event and
 * verdict for verdict, for every pattern; halfway it holds nothing past
 * halfway; going back starts afresh; a step shows one moment more. */
static void
test_replay (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-import-XXXXXX", NULL);
  const char *names[] = { "lock", "race", "deadlock", "producer-consumer", "barrier" };

  for (guint p = 0; p < G_N_ELEMENTS (names); p++)
    {
      const WeftPattern *pattern = weft_patterns_lookup (names[p]);
      g_autoptr(WeftTimeline) recorded = record (pattern, 0);
      g_autofree char *name = g_strdup_printf ("%s.json", names[p]);
      g_autofree char *path = export_json (recorded, dir, name);
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) events = NULL;
      g_autoptr(WeftTimeline) whole = weft_trace_import_with_events (path, NULL, &events, &error);
      g_autoptr(WeftReplay) replay = NULL;
      gint64 start, end, half;
      guint before;

      g_assert_no_error (error);
      g_assert_nonnull (events);
      replay = weft_replay_new (whole, events);
      start = weft_replay_get_start (replay);
      end = weft_replay_get_end (replay);
      half = start + (end - start) / 2;

      weft_replay_seek (replay, half);
      g_assert_false (weft_replay_is_done (replay));
      /* All up to the position is known: the chart reaches it, not the
       * last event before it.  (The checks' frontier stops earlier where
       * a span they read is still open.) */
      g_assert_cmpint (weft_timeline_get_end (weft_replay_get_timeline (replay)), ==, half);
      for (guint lane = 0; lane < weft_timeline_get_n_lanes (weft_replay_get_timeline (replay)); lane++)
        {
          guint n;
          const WeftSpan *spans = weft_timeline_get_spans (weft_replay_get_timeline (replay), lane, 0, &n);

          for (guint i = 0; i < n; i++)
            g_assert_cmpint (spans[i].end_ns, <=, half);
        }

      /* Back to a quarter: afresh, and nothing past it. */
      weft_replay_seek (replay, start + (end - start) / 4);
      g_assert_cmpint (weft_timeline_get_end (weft_replay_get_timeline (replay)), <=, start + (end - start) / 4);
      /* A step shows one event more, however many share its moment. */
      before = weft_timeline_get_n_events (weft_replay_get_timeline (replay));
      g_assert_true (weft_replay_step (replay));
      g_assert_cmpuint (weft_timeline_get_n_events (weft_replay_get_timeline (replay)), ==, before + 1);
      g_assert_true (weft_replay_step (replay));
      g_assert_cmpuint (weft_timeline_get_n_events (weft_replay_get_timeline (replay)), ==, before + 2);

      weft_replay_seek (replay, end);
      g_assert_true (weft_replay_is_done (replay));
      g_assert_false (weft_replay_step (replay));
      assert_same_events (whole, weft_replay_get_timeline (replay));
      assert_same_checks (whole, weft_replay_get_timeline (replay));
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A program recorded across processes reads back with the same lanes,
 * in the same processes and order, and the thread that exec'd keeps its
 * two lanes (one tid) apart. */
static void
test_processes (void)
{
  g_autoptr(WeftTimeline) recorded = test_two_process_timeline ();
  g_autofree char *dir = g_dir_make_tmp ("weft-import-XXXXXX", NULL);
  g_autofree char *path = export_json (recorded, dir, "processes.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftTimeline) imported = weft_trace_import (path, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (imported);
  assert_same_events (recorded, imported);
  assert_same_processes (recorded, imported);
  assert_same_checks (recorded, imported);
  g_assert_true (weft_timeline_groups_lanes (imported));
  g_assert_cmpuint (weft_timeline_get_row_lane (imported, 2), ==, 3);
  /* Each of tid 200's lanes has its own span. */
  for (guint lane = 2; lane <= 5; lane += 3)
    {
      guint n;

      weft_timeline_get_spans (imported, lane, 0, &n);
      g_assert_cmpuint (n, ==, 1);
    }
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/round-trip", test_round_trip);
  g_test_add_func ("/import/stepped-round-trip", test_stepped_round_trip);
  g_test_add_func ("/import/processes", test_processes);
  g_test_add_func ("/import/detail-let-go", test_detail_let_go);
  g_test_add_func ("/import/malformed", test_malformed);
  g_test_add_func ("/import/messages", test_messages);
  g_test_add_func ("/import/format-1", test_format_1);
  g_test_add_func ("/import/cli-check", test_cli_check);
  g_test_add_func ("/import/cli-stats", test_cli_stats);
  g_test_add_func ("/import/too-large", test_too_large);
  g_test_add_func ("/import/replay", test_replay);

  return g_test_run ();
}
