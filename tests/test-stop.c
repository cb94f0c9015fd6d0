/* test-stop.c: stop ends every worker, wherever it is blocked
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case (stop-cases.h) waits until the trace shows threads blocked
 * on the primitive under test, then stops.  The assertions are on what
 * the stop leaves: every worker returned and joined, and every span in
 * the trace closed by its own worker on the way out, so no thread is
 * left recorded as still waiting.  How long a stop takes is a benchmark
 * figure (bench-stop), not something a test on a shared machine, or
 * under a sanitizer, can hold to a number.
 */

#include <dirent.h>

#include "stop-cases.h"

/* Spans that weft_timeline_finish() had to close, because no worker
 * did: a thread the stop left blocked, or an end that went missing. */
static guint
count_cut_spans (WeftTimeline *timeline)
{
  guint n = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint depth = 0; depth < WEFT_TIMELINE_MAX_DEPTH; depth++)
      {
        guint n_spans;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n_spans);

        for (guint i = 0; i < n_spans; i++)
          if (spans[i].flags & WEFT_SPAN_CUT)
            n++;
      }
  return n;
}

static void
test_stop_case (gconstpointer data)
{
  const StopCase *c = data;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  gint64 give_up;
  guint blocked;

  blocked = stop_case_start (c, &run, &timeline);
  g_test_message ("%s: %u of %u threads %s on %s when stopped",
                  c->pattern, blocked, c->threads, weft_state_to_string (c->state),
                  c->object ? c->object : "their own work");

  /* Every worker returns.  The limit is no measure of speed (bench-stop
   * has that): it turns a worker the stop could not wake into a failure
   * here rather than a hang until meson's timeout. */
  weft_run_request_stop (run);
  give_up = weft_clock_now_ns () + 60 * WEFT_NSEC_PER_SEC;
  while (!weft_run_is_finished (run) && weft_clock_now_ns () < give_up)
    g_usleep (1000);
  g_assert_true (weft_run_is_finished (run));

  /* Stop returns, and every worker is joined. */
  weft_run_stop (run);
  g_assert_true (weft_run_is_joined (run));

  /* Every span was closed by its worker on the way out, the waits the
   * stop broke included: finishing the timeline has nothing to cut. */
  weft_timeline_finish (timeline, 0);
  g_assert_true (weft_timeline_is_finished (timeline));
  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, c->threads);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
  g_assert_cmpuint (count_cut_spans (timeline), ==, 0);
  g_assert_cmpuint (stop_case_count_lanes_in (timeline, c), ==, 0);
}

/* Stopping before start, twice, or after the workers finished is fine. */
static void
test_stop_is_idempotent (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  WeftRun *run;

  test_params ("race", &pattern, &params);
  run = weft_run_new (pattern, &params, NULL);
  weft_run_stop (run);
  weft_run_stop (run);
  g_assert_true (weft_run_is_joined (run));
  weft_run_unref (run);

  weft_params_set (&params, "pace", 0);
  weft_params_set (&params, "iterations", 10);
  run = weft_run_new (pattern, &params, NULL);
  g_assert_true (weft_run_start (run, NULL));
  while (!weft_run_is_finished (run))
    g_usleep (1000);
  weft_run_stop (run);
  weft_run_stop (run);
  weft_run_unref (run);
}

/* Worker threads alive in this process, by the names runs give them. */
static guint
count_worker_threads (void)
{
  DIR *dir = opendir ("/proc/self/task");
  struct dirent *entry;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((entry = readdir (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", entry->d_name);
      g_autofree char *comm = NULL;

      if (entry->d_name[0] != '.' &&
          g_file_get_contents (path, &comm, NULL, NULL) && g_str_has_prefix (comm, "weft-"))
        n++;
    }
  closedir (dir);
  return n;
}

/* A reference is the run itself; the run lives, workers and all, while
 * anything holds one (a timeline holds one on its run), and the last one
 * given back stops it and joins its workers. */
static void
test_last_unref_stops (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  WeftRun *run;
  WeftTimeline *timeline;
  gint64 give_up;

  test_params ("race", &pattern, &params);
  weft_params_set (&params, "threads", 4);
  weft_params_set (&params, "pace", 10);
  run = weft_run_new (pattern, &params, NULL);
  g_assert_true (weft_run_start (run, NULL));
  g_assert_cmpuint (count_worker_threads (), ==, 4);

  g_assert_true (weft_run_ref (run) == run);
  weft_run_unref (run);
  timeline = weft_timeline_new_for_run (run);
  g_assert_true (weft_timeline_ref (timeline) == timeline);
  weft_timeline_unref (timeline);

  /* The caller lets go; the timeline's reference keeps the run going. */
  weft_run_unref (run);
  g_assert_cmpuint (count_worker_threads (), ==, 4);
  weft_timeline_ingest (timeline);
  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 4);

  /* The last reference gone, the workers are stopped and joined.  A
   * joined thread can linger in /proc for a moment after pthread_join()
   * returns, hence the wait; the limit only keeps a failure from
   * hanging. */
  weft_timeline_unref (timeline);
  give_up = weft_clock_now_ns () + 10 * WEFT_NSEC_PER_SEC;
  while (count_worker_threads () > 0 && weft_clock_now_ns () < give_up)
    g_usleep (1000);
  g_assert_cmpuint (count_worker_threads (), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (stop_cases); i++)
    {
      g_autofree char *case_name = stop_case_name (&stop_cases[i]);
      g_autofree char *path = g_strdup_printf ("/stop/%s", case_name);
      g_test_add_data_func (path, &stop_cases[i], test_stop_case);
    }
  g_test_add_func ("/stop/idempotent", test_stop_is_idempotent);
  g_test_add_func ("/stop/last-unref", test_last_unref_stops);

  return g_test_run ();
}
