/* test-record.c: unmodified programs recorded through the preloaded library
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each program in tests/programs/ has a known behaviour; its trace must
 * show it and pass the same checks as Weft's own patterns.  The programs
 * and the library are built without sanitizers (their runtimes cannot be
 * preloaded), while this side, Weft's, runs under them.
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "weft-chart.h"
#include "weft-checker.h"
#include "weft-export.h"
#include "weft-import-trace.h"
#include "weft-session.h"
#include "weft-timeline.h"

static char *
program_path (const char *name)
{
  return g_build_filename (g_getenv ("WEFT_TEST_PROGRAMS"), name, NULL);
}

/* Records @argv headless until it exits (or @max_s pass). */
static WeftTimeline *
record (const char * const *argv,
        double              max_s,
        WeftProgram       **program_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSession) session = NULL;
  g_autoptr(WeftRun) run = NULL;
  WeftSessionOptions options = { WEFT_RECORDING_DISCARD, 0, 0 };
  WeftProgram *program = weft_program_new (argv, WEFT_PROGRAM_TERMINATE, &error);
  WeftRecordingEnd end;

  g_assert_no_error (error);
  run = weft_run_new_for_program (program);
  session = weft_session_new_for_run (run, &options);
  g_assert_true (weft_session_start (session, &error));
  g_assert_no_error (error);
  end = weft_session_wait (session, (gint64) (max_s * 1e9), NULL);
  g_assert_cmpint (end, !=, WEFT_RECORDING_FAILED);
  *program_out = program;
  return weft_timeline_ref (weft_session_get_timeline (session));
}

static guint
count_instants (WeftTimeline *timeline,
                WeftInstant   code)
{
  guint total = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        total += instants[i].instant == code;
    }
  return total;
}

#define ANY_KIND ((WeftObjectKind) -1)

/* Spans in @state on objects of @kind (ANY_KIND: on anything, none too). */
static guint
count_spans (WeftTimeline   *timeline,
             WeftState       state,
             WeftObjectKind  kind)
{
  guint total = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
      {
        guint n;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

        for (guint i = 0; i < n; i++)
          if (spans[i].state == state &&
              (kind == ANY_KIND ||
               (spans[i].object < weft_timeline_get_n_objects (timeline) &&
                weft_timeline_get_object (timeline, spans[i].object)->kind == kind)))
            total++;
      }
  return total;
}

static guint
count_inferred_arrows (WeftTimeline *timeline)
{
  guint inferred = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftArrow *arrows = weft_timeline_get_arrows (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpint (arrows[i].from_ns, <=, arrows[i].to_ns);
          inferred += arrows[i].inferred;
        }
    }
  return inferred;
}

static gboolean
has_object_named (WeftTimeline *timeline,
                  const char   *prefix)
{
  for (guint i = 0; i < weft_timeline_get_n_objects (timeline); i++)
    if (g_str_has_prefix (weft_timeline_get_object (timeline, i)->name, prefix))
      return TRUE;
  return FALSE;
}

static gboolean
has_lane_named (WeftTimeline *timeline,
                const char   *prefix)
{
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    if (g_str_has_prefix (weft_timeline_get_lane_name (timeline, lane), prefix))
      return TRUE;
  return FALSE;
}

static void
assert_checks (WeftTimeline    *timeline,
               WeftCheckStatus  exclusion,
               WeftCheckStatus  deadlock)
{
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  g_autofree char *text = weft_checks_to_string (checks);

  g_test_message ("checks: %s", text);
  g_assert_cmpuint (weft_checks_get_n_checks (checks), >=, 2);
  g_assert_cmpstr (weft_checks_get_check (checks, 0)->id, ==, "mutual-exclusion");
  g_assert_cmpint (weft_checks_get_check (checks, 0)->status, ==, exclusion);
  g_assert_cmpstr (weft_checks_get_check (checks, 1)->id, ==, "no-deadlock");
  g_assert_cmpint (weft_checks_get_check (checks, 1)->status, ==, deadlock);
  /* Any more: the checker's own, when events were lost or the run was
   * stopped, never a pass. */
  for (guint i = 2; i < weft_checks_get_n_checks (checks); i++)
    g_assert_cmpint (weft_checks_get_check (checks, i)->status, !=, WEFT_CHECK_PASS);
}

static void
assert_exited (WeftProgram *program,
               int          code)
{
  int status;

  g_assert_true (weft_program_get_status (program, &status));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, code);
  g_assert_cmpuint (weft_program_get_n_still_running (program), ==, 0);
}

/* A mutex-protected counter: every lock is a critical span on the
 * program's own mutex, none overlap, and the threads' names are theirs. */
static void
test_counter (void)
{
  g_autofree char *path = program_path ("program-counter");
  const char *argv[] = { path, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = record (argv, 60, &program);

  assert_exited (program, 0);
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    g_test_message ("lane %u: %s", lane, weft_timeline_get_lane_name (timeline, lane));
  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 5);
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("adder-%u ", i);
      g_assert_true (has_lane_named (timeline, name));
    }
  /* Named by the program's own symbol. */
  g_assert_cmpuint (weft_timeline_get_n_objects (timeline), ==, 1);
  g_assert_cmpstr (weft_timeline_get_object (timeline, 0)->name, ==, "table_lock");
  /* 4 threads x 2000 rounds, and no other mutex. */
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_CRITICAL, ANY_KIND), ==, 8000);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_JOIN), ==, 4);
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_PASS);
}

/* An unfenced stamp read far too early (the test build of the recorder
 * reads a hold taken without waiting 2 us early: a CPU runs the counter
 * ahead by much less) still never shows two holders, nor a lane going
 * back in time: the hold starts no earlier than the last release, nor
 * than the thread's own last stamp.  Two threads taking turns make many
 * such hand-offs within those 2 us. */
static void
test_unordered_stamps (void)
{
  g_autofree char *path = program_path ("program-alternate");
  g_autofree char *preload = g_strdup (g_getenv ("WEFT_PRELOAD"));
  const char *argv[] = { path, NULL };
  g_autoptr(WeftTimeline) timeline = NULL;
  WeftProgram *program;

  g_assert_nonnull (g_getenv ("WEFT_PRELOAD_SKEWED"));
  g_setenv ("WEFT_PRELOAD", g_getenv ("WEFT_PRELOAD_SKEWED"), TRUE);
  timeline = record (argv, 60, &program);
  g_setenv ("WEFT_PRELOAD", preload, TRUE);

  assert_exited (program, 0);
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_CRITICAL, ANY_KIND), ==, 8000);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, 0, &n);

      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpint (spans[i].end_ns, >=, spans[i].start_ns);
          if (i > 0)
            g_assert_cmpint (spans[i].start_ns, >=, spans[i - 1].end_ns);
        }
    }
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_PASS);
}

/* A recursive mutex taken three deep by one thread is that thread
 * inside once, not three threads: re-entries carry value 1, and mutual
 * exclusion holds (GLib's GRecMutex made a single-threaded program look
 * broken before). */
static void
test_recursive (void)
{
  g_autofree char *path = program_path ("program-recursive");
  const char *argv[] = { path, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = record (argv, 60, &program);
  guint reentries = 0;

  assert_exited (program, 0);
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_CRITICAL, WEFT_OBJECT_MUTEX), ==, 2 * 200 * 3);
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
      {
        guint n;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

        for (guint i = 0; i < n; i++)
          reentries += spans[i].state == WEFT_STATE_CRITICAL && spans[i].value == 1;
      }
  g_assert_cmpuint (reentries, ==, 2 * 200 * 2);
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_PASS);
}

/* A condition-variable queue: waits on the conditions, with the mutex
 * given back for them, and arrows from a signal drawn as guesses. */
static void
test_queue (void)
{
  g_autofree char *path = program_path ("program-queue");
  const char *argv[] = { path, "50", NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = record (argv, 60, &program);
  g_autoptr(WeftTimeline) read_back = NULL;
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("weft-record-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "queue.json", NULL);
  WeftExportOptions options = { 0 };
  guint inferred;

  assert_exited (program, 0);
  g_assert_true (has_lane_named (timeline, "producer-1 "));
  g_assert_true (has_lane_named (timeline, "consumer-2 "));
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_WAITING, WEFT_OBJECT_CONDITION), >, 0);
  g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_NOTIFY), >=, 2 * 50 * 2);
  inferred = count_inferred_arrows (timeline);
  g_assert_cmpuint (inferred, >, 0);
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_PASS);

  /* The guesses stay guesses in the trace, read back. */
  g_assert_true (weft_export_timeline (timeline, checks, json, &options, &error));
  g_assert_no_error (error);
  read_back = weft_trace_import (json, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_inferred_arrows (read_back), ==, inferred);
  g_assert_cmpuint (weft_timeline_get_n_arrows (read_back), ==, weft_timeline_get_n_arrows (timeline));
  g_remove (json);
  g_rmdir (dir);
}

/* A semaphore pool: every sem_wait and sem_post is there. */
static void
test_semaphore_pool (void)
{
  g_autofree char *path = program_path ("program-sempool");
  const char *argv[] = { path, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = record (argv, 60, &program);

  assert_exited (program, 0);
  g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_ACQUIRE), ==, 6 * 20);
  g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_POST), ==, 6 * 20);
  /* Six threads on two permits: some had to wait. */
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_WAITING, WEFT_OBJECT_SEMAPHORE), >, 0);
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_PASS);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* A barrier: in every phase, no one departs before the last arrival. */
static void
test_barrier (void)
{
  g_autofree char *path = program_path ("program-barrier");
  const char *argv[] = { path, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = record (argv, 60, &program);
  g_autoptr(GArray) arrivals = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) departures = g_array_new (FALSE, FALSE, sizeof (gint64));

  assert_exited (program, 0);
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        if (instants[i].instant == WEFT_INSTANT_ARRIVE)
          g_array_append_val (arrivals, instants[i].time_ns);
        else if (instants[i].instant == WEFT_INSTANT_DEPART)
          g_array_append_val (departures, instants[i].time_ns);
    }
  g_assert_cmpuint (arrivals->len, ==, 4 * 5);
  g_assert_cmpuint (departures->len, ==, 4 * 5);
  g_array_sort (arrivals, compare_times);
  g_array_sort (departures, compare_times);
  /* The k-th departure belongs to phase k / 4, whose last arrival is
   * the (k / 4 + 1) * 4-th. */
  for (guint k = 0; k < departures->len; k++)
    g_assert_cmpint (g_array_index (departures, gint64, k), >=,
                     g_array_index (arrivals, gint64, (k / 4 + 1) * 4 - 1));
  /* No mutex at all: the checks say they saw nothing, not that all is well. */
  assert_checks (timeline, WEFT_CHECK_PENDING, WEFT_CHECK_PENDING);
}

/* The id of the object named @name, or WEFT_OBJECT_NONE. */
static guint16
object_named (WeftTimeline *timeline,
              const char   *name)
{
  for (guint i = 0; i < weft_timeline_get_n_objects (timeline); i++)
    if (g_str_equal (weft_timeline_get_object (timeline, i)->name, name))
      return (guint16) i;
  return WEFT_OBJECT_NONE;
}

/* Every span of @lane, at any depth, in @state on @object, by start. */
static GArray *
lane_spans_on (WeftTimeline *timeline,
               guint         lane,
               WeftState     state,
               guint16       object)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (WeftSpan));

  for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
    {
      guint n;
      const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

      for (guint i = 0; i < n; i++)
        if (spans[i].state == state && spans[i].object == object)
          g_array_append_val (found, spans[i]);
    }
  g_array_sort (found, compare_times);
  return found;
}

/* x86-64's old condition variables (pthread_cond_wait@GLIBC_2.2.5 and
 * the rest): each call reaches the recorder's wrapper for its version,
 * which calls glibc's old function, so the program runs as it would
 * (its conditions keep the old layout, which it checks), and its waits
 * are recorded as a new condition's are: on the condition, the mutex
 * given back before and taken again after. */
static void
test_old_conditions (void)
{
  g_autofree char *path = program_path ("program-oldcond");
  g_autofree char *dir = g_dir_make_tmp ("weft-record-XXXXXX", NULL);
  g_autofree char *result = g_build_filename (dir, "result", NULL);
  g_autofree char *text = NULL;
  const char *argv[] = { path, result, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = NULL;
  guint16 lock, not_full, not_empty;
  guint waits = 0;

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("only x86-64 has the old conditions");
      return;
    }
  timeline = record (argv, 60, &program);
  g_assert_true (g_file_get_contents (result, &text, NULL, NULL));
  g_test_message ("%s", text);
  g_assert_cmpstr (text, ==, "taken 200, sum 10009900, old layout yes\n");
  assert_exited (program, 0);

  lock = object_named (timeline, "box_lock");
  not_full = object_named (timeline, "box_not_full");
  not_empty = object_named (timeline, "box_not_empty");
  g_assert_cmpuint (lock, !=, WEFT_OBJECT_NONE);
  g_assert_cmpuint (not_full, !=, WEFT_OBJECT_NONE);
  g_assert_cmpuint (not_empty, !=, WEFT_OBJECT_NONE);
  g_assert_cmpint (weft_timeline_get_object (timeline, not_full)->kind, ==, WEFT_OBJECT_CONDITION);
  g_assert_cmpint (weft_timeline_get_object (timeline, not_empty)->kind, ==, WEFT_OBJECT_CONDITION);
  /* Every signal and the last broadcast, through the old functions. */
  g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_NOTIFY), >=, 2 * 100 * 2);
  g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_NOTIFY_ALL), ==, 1);

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      g_autoptr(GArray) held = lane_spans_on (timeline, lane, WEFT_STATE_CRITICAL, lock);

      for (guint c = 0; c < 2; c++)
        {
          g_autoptr(GArray) waited = lane_spans_on (timeline, lane, WEFT_STATE_WAITING, c == 0 ? not_full : not_empty);

          for (guint w = 0; w < waited->len; w++)
            {
              const WeftSpan *wait = &g_array_index (waited, WeftSpan, w);
              const WeftSpan *before = NULL, *after = NULL;

              g_assert_false (wait->flags & WEFT_SPAN_CUT);
              for (guint h = 0; h < held->len; h++)
                {
                  const WeftSpan *span = &g_array_index (held, WeftSpan, h);

                  if (span->start_ns <= wait->start_ns)
                    before = span;
                  else if (after == NULL && span->start_ns >= wait->end_ns)
                    after = span;
                  /* The mutex is not held during the wait. */
                  g_assert_false (span->start_ns > wait->start_ns && span->start_ns < wait->end_ns);
                }
              /* Given back as the wait began, taken again as it ended. */
              g_assert_nonnull (before);
              g_assert_cmpint (before->end_ns, <=, wait->start_ns);
              g_assert_nonnull (after);
              waits++;
            }
        }
    }
  g_test_message ("%u waits on the old conditions", waits);
  /* Consumers start on an empty box: some waited, at least. */
  g_assert_cmpuint (waits, >, 0);
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_WAITING, WEFT_OBJECT_CONDITION), ==, waits);
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_PASS);
  g_remove (result);
  g_rmdir (dir);
}

/* Two threads taking two mutexes in opposite orders: the cycle is found,
 * named after the program's own mutexes, and the program stopped. */
static void
test_deadlock (void)
{
  g_autofree char *path = program_path ("program-deadlock");
  const char *argv[] = { path, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = record (argv, 60, &program);
  g_autofree char *cycle = weft_timeline_dup_deadlock_path (timeline);
  guint n_edges;
  gint64 when;
  int status;

  g_assert_nonnull (weft_timeline_get_deadlock (timeline, &n_edges, &when));
  g_assert_cmpuint (n_edges, ==, 2);
  g_test_message ("cycle: %s", cycle);
  g_assert_nonnull (strstr (cycle, "fork_a"));
  g_assert_nonnull (strstr (cycle, "fork_b"));
  g_assert_nonnull (weft_timeline_get_stop_reason (timeline));
  g_assert_true (weft_program_get_status (program, &status));
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGTERM);
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_FAIL);
}

/* Threads started late, one at a time, get lanes as they start. */
static void
test_late_threads (void)
{
  g_autofree char *path = program_path ("program-late");
  const char *argv[] = { path, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = record (argv, 60, &program);
  gint64 origin = weft_timeline_get_origin (timeline);

  assert_exited (program, 0);
  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 4);
  for (guint lane = 1; lane < 4; lane++)
    /* main sleeps 100 ms first, then 50 ms between them. */
    g_assert_cmpint (weft_timeline_get_lane_start (timeline, lane) - origin, >=,
                     (90 + 50 * (gint64) (lane - 1)) * G_GINT64_CONSTANT (1000000));
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_CRITICAL, ANY_KIND), ==, 15);
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_PASS);
}

/* The lane whose name begins with @prefix; fails when there is none. */
static guint
lane_named (WeftTimeline *timeline,
            const char   *prefix)
{
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    if (g_str_has_prefix (weft_timeline_get_lane_name (timeline, lane), prefix))
      return lane;
  g_assert_not_reached ();
}

/* The first instant @code of @lane, or NULL. */
static const WeftInstantRecord *
lane_instant (WeftTimeline *timeline,
              guint         lane,
              WeftInstant   code)
{
  guint n;
  const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

  for (guint i = 0; i < n; i++)
    if (instants[i].instant == code)
      return &instants[i];
  return NULL;
}

/* Threads nothing joins are daemons: made detached, their START says
 * so.  A thread still running when the program exits, made detached,
 * detached later or joinable, ends KILLED when Weft sees the process
 * gone, after everything else on its lane, never drawn running on; one
 * that returned first ends as any thread does. */
static void
test_detached (void)
{
  g_autofree char *path = program_path ("program-detach");
  const char *argv[] = { path, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = record (argv, 60, &program);
  const char *names[] = { "sleeper ", "worker ", "finisher ", "joined ", "stuck " };
  const gboolean made_detached[] = { TRUE, FALSE, TRUE, FALSE, FALSE };
  const gboolean killed[] = { TRUE, TRUE, FALSE, FALSE, TRUE };
  const gboolean ended[] = { FALSE, FALSE, TRUE, TRUE, FALSE };
  const WeftInstantRecord *main_end;

  assert_exited (program, 0);
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    g_test_message ("lane %u: %s", lane, weft_timeline_get_lane_name (timeline, lane));
  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 6);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  main_end = lane_instant (timeline, 0, WEFT_INSTANT_END);
  g_assert_nonnull (main_end);
  g_assert_cmpint (lane_instant (timeline, 0, WEFT_INSTANT_START)->value, ==, 0);
  g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_KILLED), ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      guint lane = lane_named (timeline, names[i]);
      const WeftInstantRecord *start = lane_instant (timeline, lane, WEFT_INSTANT_START);
      const WeftInstantRecord *end = lane_instant (timeline, lane, WEFT_INSTANT_END);
      const WeftInstantRecord *kill = lane_instant (timeline, lane, WEFT_INSTANT_KILLED);

      g_assert_nonnull (start);
      g_test_message ("%s: start %" G_GINT64_FORMAT ", end %s, killed %s", names[i], start->value,
                      end != NULL ? "yes" : "no", kill != NULL ? "yes" : "no");
      g_assert_cmpint (start->value, ==, made_detached[i]);
      g_assert_cmpint (end != NULL, ==, ended[i]);
      g_assert_cmpint (kill != NULL, ==, killed[i]);
      if (kill != NULL)
        {
          guint n;
          const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

          /* The lane's last word, after the exit. */
          g_assert_true (kill == &instants[n - 1]);
          g_assert_cmpint (kill->time_ns, >=, main_end->time_ns);
          g_assert_cmpint (weft_timeline_get_lane_end (timeline, lane), ==, kill->time_ns);
          for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
            {
              const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

              for (guint s = 0; s < n; s++)
                g_assert_cmpint (spans[s].start_ns, <=, kill->time_ns);
            }
        }
      else
        g_assert_true (ended[i]);
    }
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_PASS);
}

/* Pausing stops the program itself: nothing is stamped while paused,
 * and the pause is in the trace as one. */
static void
test_pause (void)
{
  g_autofree char *path = program_path ("program-late");
  const char *argv[] = { path, NULL };
  g_autoptr(GError) error = NULL;
  WeftSessionOptions options = { WEFT_RECORDING_DISCARD, 0, 0 };
  WeftProgram *program = weft_program_new (argv, WEFT_PROGRAM_TERMINATE, &error);
  g_autoptr(WeftRun) run = weft_run_new_for_program (program);
  g_autoptr(WeftSession) session = weft_session_new_for_run (run, &options);
  g_autoptr(GArray) pauses = NULL;
  WeftTimeline *timeline;
  gint64 paused_at, resumed_at;
  guint inside = 0;

  g_assert_true (weft_session_start (session, &error));
  g_usleep (120 * 1000);
  weft_session_set_paused (session, TRUE);
  paused_at = weft_clock_now_ns ();
  g_usleep (400 * 1000);
  resumed_at = weft_clock_now_ns ();
  weft_session_set_paused (session, FALSE);
  g_assert_cmpint (weft_session_wait (session, 60 * WEFT_NSEC_PER_SEC, NULL), ==, WEFT_RECORDING_FINISHED);
  assert_exited (program, 0);

  timeline = weft_session_get_timeline (session);
  pauses = weft_timeline_dup_pauses (timeline);
  g_assert_cmpuint (pauses->len, ==, 1);
  /* The kernel stops it within a few ms of the signal. */
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        inside += instants[i].time_ns > paused_at + 20 * WEFT_NSEC_PER_MSEC &&
                  instants[i].time_ns < resumed_at;
      for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
        {
          const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

          for (guint i = 0; i < n; i++)
            inside += (spans[i].start_ns > paused_at + 20 * WEFT_NSEC_PER_MSEC && spans[i].start_ns < resumed_at) ||
                      (spans[i].end_ns > paused_at + 20 * WEFT_NSEC_PER_MSEC && spans[i].end_ns < resumed_at);
        }
    }
  g_assert_cmpuint (inside, ==, 0);
  /* Still every thread's five entries. */
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_CRITICAL, ANY_KIND), ==, 15);
}

/* The forks program's three processes, in the order they first had a
 * thread recorded: the parent (main and one thread) first, then its fork
 * (the forking thread and two) and the exec'd copy (the forking thread
 * before its exec, then main and two), whichever the kernel ran first.
 * Each process's lanes are together, in the order they came, headed by
 * its pid and name; the lanes keep the numbers their events carry. */
static void
assert_grouped_by_process (WeftTimeline *timeline)
{
  guint n_lanes = weft_timeline_get_n_lanes (timeline);
  guint last_process = 0, last_lane = 0;
  guint seen = 0;

  g_assert_true (weft_timeline_groups_lanes (timeline));
  g_assert_cmpuint (weft_timeline_get_n_processes (timeline), ==, 3);
  for (guint process = 0; process < 3; process++)
    {
      gint pid = weft_timeline_get_process_pid (timeline, process);
      g_autofree char *label = weft_chart_dup_process_label (timeline, process);
      g_autofree char *expected = g_strdup_printf ("process %d · program-forks", pid);
      guint n_rows;

      g_assert_cmpint (pid, >, 1);
      g_assert_cmpstr (weft_timeline_get_process_name (timeline, process), ==, "program-forks");
      g_assert_cmpstr (label, ==, expected);
      weft_timeline_get_process_rows (timeline, process, &n_rows);
      g_assert_cmpuint (n_rows, >=, 2);
      g_assert_cmpuint (n_rows, <=, 4);
      if (process == 0)
        g_assert_cmpuint (n_rows, ==, 2);
      seen |= 1u << n_rows;
      /* Its first lane is its first thread, whose tid is the pid. */
      g_assert_cmpint (weft_timeline_get_lane_tid (timeline,
                                                   weft_timeline_get_row_lane (timeline,
                                                                               weft_timeline_get_process_rows (timeline, process, NULL))),
                       ==, pid);
    }
  g_assert_cmphex (seen, ==, (1u << 2) | (1u << 3) | (1u << 4));
  g_assert_cmpint (weft_timeline_get_process_pid (timeline, 0), !=, weft_timeline_get_process_pid (timeline, 1));
  g_assert_cmpint (weft_timeline_get_process_pid (timeline, 1), !=, weft_timeline_get_process_pid (timeline, 2));
  for (guint row = 0; row < n_lanes; row++)
    {
      guint lane = weft_timeline_get_row_lane (timeline, row);
      guint process = weft_timeline_get_lane_process (timeline, lane);

      g_assert_cmpuint (weft_timeline_get_lane_row (timeline, lane), ==, row);
      g_assert_cmpuint (process, >=, last_process);
      if (row > 0 && process == last_process)
        g_assert_cmpuint (lane, >, last_lane);
      last_process = process;
      last_lane = lane;
    }
}

/* Saved and read back: every thread under its process's real pid, each
 * process named, and the same lanes, order and grouping. */
static void
assert_processes_read_back (WeftTimeline *timeline)
{
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  g_autofree char *dir = g_dir_make_tmp ("weft-record-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "forks.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftTimeline) read_back = NULL;
  WeftExportOptions options = { 0, };

  g_assert_true (weft_export_timeline (timeline, checks, json, &options, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (json, &text, NULL, NULL));
  for (guint process = 0; process < weft_timeline_get_n_processes (timeline); process++)
    {
      gint pid = weft_timeline_get_process_pid (timeline, process);
      g_autofree char *named = g_strdup_printf ("{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":%d,"
                                                "\"args\":{\"name\":\"program-forks\"}}", pid);
      g_autofree char *thread = g_strdup_printf ("\"name\":\"thread_name\",\"pid\":%d,\"tid\":%d,", pid, pid);

      g_assert_nonnull (strstr (text, named));
      g_assert_nonnull (strstr (text, thread));
    }
  /* Only the run's own counters are left under pid 1. */
  g_assert_null (strstr (text, "\"name\":\"thread_name\",\"pid\":1,"));

  read_back = weft_trace_import (json, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weft_timeline_get_n_lanes (read_back), ==, weft_timeline_get_n_lanes (timeline));
  g_assert_cmpuint (weft_timeline_get_n_processes (read_back), ==, weft_timeline_get_n_processes (timeline));
  for (guint process = 0; process < weft_timeline_get_n_processes (timeline); process++)
    {
      g_assert_cmpint (weft_timeline_get_process_pid (read_back, process), ==,
                       weft_timeline_get_process_pid (timeline, process));
      g_assert_cmpstr (weft_timeline_get_process_name (read_back, process), ==,
                       weft_timeline_get_process_name (timeline, process));
    }
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n_before, n_after;

      g_assert_cmpstr (weft_timeline_get_lane_name (read_back, lane), ==, weft_timeline_get_lane_name (timeline, lane));
      g_assert_cmpint (weft_timeline_get_lane_tid (read_back, lane), ==, weft_timeline_get_lane_tid (timeline, lane));
      g_assert_cmpuint (weft_timeline_get_lane_process (read_back, lane), ==,
                        weft_timeline_get_lane_process (timeline, lane));
      g_assert_cmpuint (weft_timeline_get_row_lane (read_back, lane), ==, weft_timeline_get_row_lane (timeline, lane));
      weft_timeline_get_spans (timeline, lane, 0, &n_before);
      weft_timeline_get_spans (read_back, lane, 0, &n_after);
      g_assert_cmpuint (n_after, ==, n_before);
    }
  g_remove (json);
  g_rmdir (dir);
}

/* A program that forks, and execs itself in a grandchild: each process's
 * threads are recorded, and its objects are its own. */
static void
test_forks (void)
{
  g_autofree char *path = program_path ("program-forks");
  const char *argv[] = { path, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = record (argv, 60, &program);

  assert_exited (program, 0);
  /* Parent: main and one thread; the fork: its thread and two; the
   * exec'd copy: its main, and two. */
  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), >=, 8);
  /* 100 rounds for each of the five worker threads. */
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_CRITICAL, ANY_KIND), ==, 500);
  /* parent_lock, the fork's child_lock (named from its parent's
   * mappings, its memory being their copy), the exec'd copy's child_lock
   * (which waited at its start for Weft to read its own). */
  g_assert_cmpuint (weft_timeline_get_n_objects (timeline), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const char *name = weft_timeline_get_object (timeline, i)->name;

      g_assert_true (g_str_equal (name, "parent_lock") || g_str_equal (name, "child_lock"));
    }
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_PASS);
  assert_grouped_by_process (timeline);
  assert_processes_read_back (timeline);
}

/* A crash keeps the trace up to it, and says how the program ended. */
static void
test_crash (void)
{
  g_autofree char *path = program_path ("program-crash");
  const char *argv[] = { path, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = record (argv, 60, &program);
  g_autofree char *status_text = weft_program_describe_status (program);
  int status;

  g_assert_true (weft_program_get_status (program, &status));
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGSEGV);
  g_assert_true (g_str_has_prefix (status_text, "killed by signal 11"));
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_CRITICAL, ANY_KIND), >=, 200);
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_PASS);
}

/* A signal handler that posts while the thread it interrupted was
 * recording: every post is either in the trace or counted lost (and
 * marked as a gap), never written over another event. */
static void
test_signal_handler (void)
{
  g_autofree char *path = program_path ("program-signals");
  g_autofree char *dir = g_dir_make_tmp ("weft-record-XXXXXX", NULL);
  g_autofree char *counts = g_build_filename (dir, "posts", NULL);
  g_autofree char *text = NULL;
  const char *argv[] = { path, counts, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = record (argv, 60, &program);
  guint64 posts;

  assert_exited (program, 0);
  g_assert_true (g_file_get_contents (counts, &text, NULL, NULL));
  posts = g_ascii_strtoull (text, NULL, 10);
  g_test_message ("%" G_GUINT64_FORMAT " posts, %u recorded, %" G_GUINT64_FORMAT " lost",
                  posts, count_instants (timeline, WEFT_INSTANT_POST), weft_timeline_get_dropped (timeline));
  g_assert_cmpuint (posts, >, 0);
  /* Lossless, but for what a handler could not write: only POSTs are
   * ever lost here, and each is counted. */
  g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_POST) + weft_timeline_get_dropped (timeline), ==, posts);
  g_remove (counts);
  g_rmdir (dir);
}



/* A statically linked program cannot load the recorder: said plainly. */
static void
test_static (void)
{
  g_autofree char *path = program_path ("program-static");
  const char *argv[] = { path, NULL };
  g_autoptr(GError) error = NULL;
  WeftProgram *program = weft_program_new (argv, WEFT_PROGRAM_TERMINATE, &error);

  g_assert_null (program);
  g_assert_error (error, WEFT_PROGRAM_ERROR, WEFT_PROGRAM_ERROR_STATIC);
  g_assert_nonnull (strstr (error->message, "statically linked"));
}

/* C++: std::thread, std::mutex and std::condition_variable are pthread's
 * underneath. */
static void
test_cxx (void)
{
  g_autofree char *path = program_path ("program-cxx-queue");
  const char *argv[] = { path, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = NULL;

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("no C++ compiler");
      return;
    }
  timeline = record (argv, 60, &program);
  assert_exited (program, 0);
  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 3);
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_CRITICAL, WEFT_OBJECT_MUTEX), >=, 100);
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_WAITING, WEFT_OBJECT_CONDITION), >, 0);
  g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_JOIN), ==, 2);
  assert_checks (timeline, WEFT_CHECK_PASS, WEFT_CHECK_PASS);
}

/* A Python threading script: its threads, and waits on the locks its
 * Lock, Semaphore and Event are built on, and on the interpreter's own. */
static void
test_python (void)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "programs", "threading_script.py", NULL);
  g_autofree char *python = g_find_program_in_path ("python3");
  const char *argv[] = { "python3", script, NULL };
  WeftProgram *program;
  g_autoptr(WeftTimeline) timeline = NULL;

  if (python == NULL)
    {
      g_test_skip ("no python3");
      return;
    }
  timeline = record (argv, 120, &program);
  assert_exited (program, 0);
  /* main and its four workers at least (an interpreter may start more). */
  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), >=, 5);
  /* Its Lock is a semaphore underneath; the interpreter's lock is a
   * mutex and a condition every thread waits on in turn. */
  g_assert_cmpuint (count_instants (timeline, WEFT_INSTANT_ACQUIRE), >=, 4 * 200);
  g_assert_cmpuint (count_spans (timeline, WEFT_STATE_WAITING, WEFT_OBJECT_CONDITION), >, 0);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  /* The interpreter's lock lives in its runtime state. */
  g_assert_true (has_object_named (timeline, "_PyRuntime+"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record/counter", test_counter);
  g_test_add_func ("/record/recursive", test_recursive);
  g_test_add_func ("/record/unordered-stamps", test_unordered_stamps);
  g_test_add_func ("/record/queue", test_queue);
  g_test_add_func ("/record/old-conditions", test_old_conditions);
  g_test_add_func ("/record/semaphore-pool", test_semaphore_pool);
  g_test_add_func ("/record/barrier", test_barrier);
  g_test_add_func ("/record/deadlock", test_deadlock);
  g_test_add_func ("/record/late-threads", test_late_threads);
  g_test_add_func ("/record/detached", test_detached);
  g_test_add_func ("/record/pause", test_pause);
  g_test_add_func ("/record/forks", test_forks);
  g_test_add_func ("/record/crash", test_crash);
  g_test_add_func ("/record/signal-handler", test_signal_handler);
  g_test_add_func ("/record/static", test_static);
  g_test_add_func ("/record/cxx", test_cxx);
  g_test_add_func ("/record/python", test_python);

  return g_test_run ();
}
