/* test-stop.c: stop is immediate, wherever the workers are blocked
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case runs at pace 10, where simulated work lasts seconds, waits
 * until the trace shows threads blocked on the primitive under test,
 * then stops.  The assertion is on state: every worker has returned
 * within 500 ms of the stop (far more than it needs; the time is
 * reported), and all are joined.
 */

#include "weft-test-util.h"

#define STOP_LIMIT_NS (500 * WEFT_NSEC_PER_MSEC)

typedef struct
{
  const char *pattern;
  WeftState state;          /* what the threads must be seen doing */
  const char *object;       /* on which object; NULL for their own work */
  guint threads;
  guint capacity;
  guint min_blocked;        /* how many threads in that state before stopping */
} StopCase;

static const StopCase cases[] = {
  { "lock", WEFT_STATE_WAITING, "lock", 6, 0, 3 },
  { "nightclub", WEFT_STATE_WAITING, "club", 8, 2, 4 },
  { "producer-consumer", WEFT_STATE_WAITING, "not-empty", 6, 1, 2 },
  { "rendezvous", WEFT_STATE_WAITING, "b-arrived", 2, 0, 1 },
  { "barrier", WEFT_STATE_WAITING, "barrier", 6, 0, 2 },
  { "race", WEFT_STATE_WORKING, NULL, 8, 0, 8 },
};

static guint
count_lanes_in (WeftTimeline   *timeline,
                const StopCase *c)
{
  guint16 object = WEFT_OBJECT_NONE;
  gint64 now = weft_timeline_get_end (timeline);
  guint n = 0;

  if (c->object != NULL)
    g_assert_true (weft_timeline_find_object (timeline, c->object, &object));
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      WeftSpan span;

      if (weft_timeline_span_at (timeline, lane, now, 0, &span) &&
          (span.flags & WEFT_SPAN_OPEN) && span.state == c->state && span.object == object)
        n++;
    }
  return n;
}

static void
test_stop_case (gconstpointer data)
{
  const StopCase *c = data;
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  gint64 give_up, stop_began, returned_at, join_ns;
  guint blocked = 0;

  test_params (c->pattern, &pattern, &params);
  params.values[WEFT_PARAM_THREADS] = c->threads;
  params.values[WEFT_PARAM_PACE] = 10;
  if (c->capacity > 0)
    params.values[WEFT_PARAM_CAPACITY] = c->capacity;
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  g_assert_true (weft_run_start (run, &error));
  timeline = weft_timeline_new_for_run (run);

  /* Wait until enough threads sit in the state under test. */
  give_up = weft_clock_now_ns () + 60 * WEFT_NSEC_PER_SEC;
  while (weft_clock_now_ns () < give_up)
    {
      weft_timeline_ingest (timeline);
      blocked = count_lanes_in (timeline, c);
      if (blocked >= c->min_blocked)
        break;
      g_usleep (5000);
    }
  g_assert_cmpuint (blocked, >=, c->min_blocked);

  stop_began = weft_clock_now_ns ();
  weft_run_request_stop (run);
  while (!weft_run_is_finished (run) && weft_clock_now_ns () - stop_began < STOP_LIMIT_NS)
    g_usleep (100);
  returned_at = weft_clock_now_ns ();
  g_assert_true (weft_run_is_finished (run));
  join_ns = weft_run_join (run);
  g_assert_true (weft_run_is_joined (run));

  g_test_message ("%s: %u of %u threads %s on %s; all returned %.3f ms after stop, joined in %.3f ms",
                  c->pattern, blocked, c->threads, weft_state_to_string (c->state),
                  c->object ? c->object : "their own work",
                  (returned_at - stop_began) / 1e6, join_ns / 1e6);

  /* Every span was closed on the way out. */
  weft_timeline_finish (timeline, 0);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
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

  params.values[WEFT_PARAM_PACE] = 0;
  params.values[WEFT_PARAM_ITERATIONS] = 10;
  run = weft_run_new (pattern, &params, NULL);
  g_assert_true (weft_run_start (run, NULL));
  while (!weft_run_is_finished (run))
    g_usleep (1000);
  weft_run_stop (run);
  weft_run_stop (run);
  weft_run_unref (run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/stop/%s/%s-%s", cases[i].pattern,
                                               weft_state_to_string (cases[i].state),
                                               cases[i].object ? cases[i].object : "sleeping");
      g_test_add_data_func (path, &cases[i], test_stop_case);
    }
  g_test_add_func ("/stop/idempotent", test_stop_is_idempotent);

  return g_test_run ();
}
