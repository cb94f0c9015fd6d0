/* test-code.c: every pattern's listing is Python, and its events point
 * at the lines that do what they record
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "weft-patterns-private.h"
#include "weft-run.h"
#include "weft-test-util.h"

/* The listing is Python that compiles: python3 -m py_compile reads it. */
static void
test_listing_compiles (gconstpointer data)
{
  const WeftPattern *pattern = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("weft-code-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { "python3", "-m", "py_compile", NULL, NULL };
  gint status = 0;

  g_assert_no_error (error);
  g_assert_nonnull (pattern->code);
  lines = weft_pattern_dup_code_lines (pattern);
  g_assert_cmpuint (g_strv_length (lines), >=, 3);
  /* Instants keep their line in a byte. */
  g_assert_cmpuint (g_strv_length (lines), <=, G_MAXUINT8);

  path = g_build_filename (dir, "listing.py", NULL);
  g_file_set_contents (path, pattern->code, -1, &error);
  g_assert_no_error (error);
  argv[3] = path;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s's listing is not Python:\n%s\n%s", pattern->name, pattern->code, err);

  g_remove (path);
  /* py_compile leaves its cache beside the file. */
  {
    g_autofree char *cache = g_build_filename (dir, "__pycache__", NULL);
    g_autoptr(GDir) d = g_dir_open (cache, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *file = g_build_filename (cache, name, NULL);
        g_remove (file);
      }
    g_rmdir (cache);
  }
  g_rmdir (dir);
}

/* What the line of an instant of kind @code must say; NULL: any line. */
static const char * const *
words_for_instant (guint8 code)
{
  static const char * const acquire[] = { "acquire(", "with ", ".wait(", NULL };
  static const char * const release[] = { "release(", "with ", ".wait(", NULL };
  static const char * const post[] = { "release(", "with ", NULL };
  /* A semaphore's wake is written by the poster that let a waiter in. */
  static const char * const wake[] = { "acquire(", "with ", ".wait(", "release(", NULL };
  static const char * const notify[] = { ".notify(", NULL };
  static const char * const notify_all[] = { ".notify_all(", NULL };
  static const char * const set[] = { ".set(", NULL };
  static const char * const clear[] = { ".clear(", NULL };
  static const char * const barrier[] = { ".wait(", NULL };
  static const char * const assign[] = { " = ", NULL };
  static const char * const join[] = { ".join(", NULL };
  static const char * const raise[] = { "raise ", NULL };
  static const char * const cancel[] = { ".cancel(", NULL };
  static const char * const start[] = { ".start(", NULL };
  static const char * const reset[] = { ".reset(", NULL };
  static const char * const abort_[] = { ".abort(", NULL };

  switch (code)
    {
    case WEFT_INSTANT_ACQUIRE: return acquire;
    case WEFT_INSTANT_RELEASE: return release;
    case WEFT_INSTANT_POST: return post;
    case WEFT_INSTANT_WAKE: return wake;
    case WEFT_INSTANT_NOTIFY: return notify;
    case WEFT_INSTANT_NOTIFY_ALL: return notify_all;
    case WEFT_INSTANT_SET: return set;
    case WEFT_INSTANT_CLEAR: return clear;
    case WEFT_INSTANT_ARRIVE:
    case WEFT_INSTANT_DEPART:
    case WEFT_INSTANT_BROKEN:
      return barrier;
    case WEFT_INSTANT_READ:
    case WEFT_INSTANT_WRITE:
      return assign;
    case WEFT_INSTANT_JOIN: return join;
    case WEFT_INSTANT_RAISE: return raise;
    case WEFT_INSTANT_CANCEL: return cancel;
    case WEFT_INSTANT_SCHEDULE: return start;
    case WEFT_INSTANT_RESET: return reset;
    case WEFT_INSTANT_ABORT: return abort_;
    default: return NULL;
    }
}

/* Instants a thread's life or Weft writes, not a line of its code. */
static gboolean
instant_has_line (guint8 code)
{
  return code != WEFT_INSTANT_START && code != WEFT_INSTANT_END && code != WEFT_INSTANT_KILLED &&
         code != WEFT_INSTANT_HANDOFF && code != WEFT_INSTANT_FIRE && code != WEFT_INSTANT_TIMEOUT;
}

static gboolean
says_one_of (const char         *text,
             const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (text, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_line (const WeftPattern  *pattern,
             char              **lines,
             guint               line,
             const char * const *words,
             const char         *what)
{
  guint n_lines = g_strv_length (lines);

  if (line < 1 || line > n_lines)
    g_error ("%s: %s carries line %u, but the listing has %u", pattern->name, what, line, n_lines);
  if (words != NULL && !says_one_of (lines[line - 1], words))
    g_error ("%s: %s carries line %u, \"%s\", which does not say %s", pattern->name, what, line,
             lines[line - 1], words[0]);
}

/* Every sync point a worker passed carries a line of the listing, and
 * that line does what it recorded. */
static void
check_lines (const WeftPattern *pattern,
             WeftTimeline      *timeline,
             guint             *n_checked)
{
  g_auto(GStrv) lines = weft_pattern_dup_code_lines (pattern);
  static const char * const wait_words[] = { "acquire(", "with ", ".wait(", ".join(", NULL };
  static const char * const hold_words[] = { "acquire(", "with ", ".wait(", NULL };

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n, position;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        if (instant_has_line (instants[i].instant))
          {
            const WeftInstantInfo *info = weft_pattern_get_instant_info (pattern, instants[i].instant);

            assert_line (pattern, lines, instants[i].line, words_for_instant (instants[i].instant),
                         info != NULL ? info->name : "an instant");
            (*n_checked)++;
          }

      for (guint d = 0; d < weft_timeline_get_lane_depth (timeline, lane); d++)
        {
          const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, d, &n);

          for (guint s = 0; s < n; s++)
            {
              const WeftObjectInfo *object;
              const char * const *words = NULL;

              if (spans[s].state == WEFT_STATE_RECORDER)
                continue;
              object = spans[s].object != WEFT_OBJECT_NONE ? weft_timeline_get_object (timeline, spans[s].object)
                                                           : NULL;
              /* A wait on an object, or holding it; a thread's own work
               * and a counter touched without a lock (the race) say
               * what they say. */
              if (object != NULL && object->kind != WEFT_OBJECT_COUNTER)
                words = spans[s].state == WEFT_STATE_WAITING ? wait_words
                        : spans[s].state == WEFT_STATE_CRITICAL ? hold_words : NULL;
              assert_line (pattern, lines, spans[s].line, words, weft_state_to_string (spans[s].state));
              (*n_checked)++;
            }
        }

      /* Where the pane marks the thread: the line of its latest event,
       * which for a thread that ended is its END or KILLED. */
      weft_timeline_get_lane_position (timeline, lane, &position, NULL);
      instants = weft_timeline_get_instants (timeline, lane, &n);
      if (n > 0 && (instants[n - 1].instant == WEFT_INSTANT_END || instants[n - 1].instant == WEFT_INSTANT_KILLED))
        g_assert_cmpuint (position, ==, instants[n - 1].line);
    }
}

static void
test_lines (gconstpointer data)
{
  const WeftPattern *pattern = data;
  guint n_variants = MAX (1, weft_pattern_get_n_variants (pattern));
  guint runs = g_getenv ("WEFT_TEST_LIGHT") != NULL ? 1 : 3;

  for (guint v = 0; v < n_variants; v++)
    for (guint r = 0; r < runs; r++)
      {
        WeftParams params;
        g_autoptr(GError) error = NULL;
        g_autoptr(WeftRun) run = NULL;
        g_autoptr(WeftTimeline) timeline = NULL;
        guint checked = 0;

        weft_pattern_get_default_params (pattern, &params);
        params.variant = v;
        params.seed = g_test_rand_int ();
        params.seeded = TRUE;
        weft_params_set (&params, "pace", 0.02);
        run = weft_run_new (pattern, &params, &error);
        g_assert_no_error (error);
        timeline = weft_record_run (run, 600 * WEFT_NSEC_PER_MSEC, NULL, &error);
        g_assert_no_error (error);
        check_lines (pattern, timeline, &checked);
        g_test_message ("%s variant %u seed %" G_GUINT64_FORMAT ": %u lines checked", pattern->name, v,
                        params.seed, checked);
        g_assert_cmpuint (checked, >, 0);
      }
}

/* The mechanism on its own: a lane is where its latest event says,
 * whatever kind of event that was. */
static void
test_position (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftEvent ev;
  guint line;
  WeftState state;

  test_params ("lock", &pattern, &params);
  test_trace_init (&trace, pattern, &params);
  weft_timeline_add_lane (trace.timeline, "worker-1", 0);
  weft_timeline_add_object (trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);

  ev = test_event (0, 2000, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, 0, 0, 0);
  ev.line = 8;
  weft_timeline_add_events (trace.timeline, &ev, 1);
  g_assert_true (weft_timeline_get_lane_position (trace.timeline, 0, &line, &state));
  g_assert_cmpuint (line, ==, 8);
  g_assert_cmpint (state, ==, WEFT_STATE_WAITING);

  ev = test_event (0, 3000, WEFT_EVENT_END, WEFT_STATE_WAITING, 0, 0, 0);
  ev.line = 9;
  weft_timeline_add_events (trace.timeline, &ev, 1);
  g_assert_true (weft_timeline_get_lane_position (trace.timeline, 0, &line, &state));
  g_assert_cmpuint (line, ==, 9);
  g_assert_cmpint (state, ==, WEFT_STATE_WORKING);

  ev = test_event (0, 4000, WEFT_EVENT_INSTANT, WEFT_INSTANT_END, WEFT_OBJECT_NONE, 0, 0);
  ev.line = 10;
  weft_timeline_add_events (trace.timeline, &ev, 1);
  /* Ended: the pane marks it no more, but its last line is kept. */
  g_assert_false (weft_timeline_get_lane_position (trace.timeline, 0, &line, &state));
  g_assert_cmpuint (line, ==, 10);
  test_trace_clear (&trace);
}

int
main (int   argc,
      char *argv[])
{
  guint n;
  const WeftPattern * const *patterns;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/code/position", test_position);
  patterns = weft_patterns_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *compiles = g_strdup_printf ("/code/listing-compiles/%s", patterns[i]->name);
      g_autofree char *lines = g_strdup_printf ("/code/lines/%s", patterns[i]->name);

      g_test_add_data_func (compiles, patterns[i], test_listing_compiles);
      g_test_add_data_func (lines, patterns[i], test_lines);
    }
  return g_test_run ();
}
