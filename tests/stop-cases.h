/* stop-cases.h: runs stopped wherever their workers are blocked
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by test-stop (what a stop leaves behind) and bench-stop (how
 * long it takes).  Each case runs at pace 10, where simulated work lasts
 * seconds, and is handed over once the trace shows enough threads in the
 * state under test, most of them blocked on the primitive it names.
 */

#pragma once

#include "weft-test-util.h"

typedef struct
{
  const char *pattern;
  WeftState state;          /* what the threads must be seen doing */
  const char *object;       /* on which object; NULL for their own work */
  guint threads;
  guint capacity;
  guint min_blocked;        /* how many threads in that state before stopping */
  const char *variant;      /* NULL: the pattern's default */
} StopCase;

static const StopCase stop_cases[] = {
  { "lock", WEFT_STATE_WAITING, "lock", 6, 0, 3 },
  { "nightclub", WEFT_STATE_WAITING, "club", 8, 2, 4 },
  { "producer-consumer", WEFT_STATE_WAITING, "not-empty", 6, 1, 2 },
  { "rendezvous", WEFT_STATE_WAITING, "b-arrived", 2, 0, 1 },
  { "barrier", WEFT_STATE_WAITING, "barrier", 6, 0, 2 },
  { "race", WEFT_STATE_WORKING, NULL, 8, 0, 8 },
  { "event", WEFT_STATE_WAITING, "gun", 5, 0, 3 },
  { "event", WEFT_STATE_WAITING, "all-in", 5, 0, 1 },
  { "condition", WEFT_STATE_WAITING, "tickets", 5, 0, 3 },
  /* Threads here are lanes: main and the five timers it starts, all
   * five waiting out their delays (10 to 40 s at pace 10), which only
   * happens once main has started the last. */
  { "timer", WEFT_STATE_WAITING, NULL, 6, 0, 5 },
  /* Main and the two daemons and three workers it starts, main joining
   * worker-1 (a join waits on no object). */
  { "lifecycle", WEFT_STATE_WAITING, NULL, 6, 0, 1 },
  { "rlock", WEFT_STATE_WAITING, "lock", 6, 0, 3 },
  { "rlock", WEFT_STATE_CRITICAL, "lock", 4, 0, 1 },
  { "broken-barrier", WEFT_STATE_WAITING, "barrier", 6, 0, 2 },
  { "broken-barrier", WEFT_STATE_WAITING, "trailhead", 6, 0, 2 },
  /* A plain lock whose holder asked again: it waits for itself (inside
   * its own critical span) and the three others wait for it. */
  { "rlock", WEFT_STATE_WAITING, "lock", 4, 0, 4, "lock" },
  /* Philosophers holding their first fork while they wait for the
   * second: in order, so the run can only be stopped from outside. */
  { "deadlock", WEFT_STATE_WAITING, "fork-2", 5, 0, 1, "ordered" },
};

/* "rlock.lock.waiting-lock": one name per case, for test paths and figures. */
static inline char *
stop_case_name (const StopCase *c)
{
  return g_strdup_printf ("%s%s%s.%s-%s", c->pattern, c->variant != NULL ? "." : "",
                          c->variant != NULL ? c->variant : "", weft_state_to_string (c->state),
                          c->object != NULL ? c->object : "sleeping");
}

static inline guint
stop_case_count_lanes_in (WeftTimeline   *timeline,
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

      /* The innermost span: a thread may wait inside a span of its own
       * (the holder of a plain lock, asking for it again). */
      if (weft_timeline_span_at (timeline, lane, now, 0, &span) &&
          (span.flags & WEFT_SPAN_OPEN) && span.state == c->state && span.object == object)
        n++;
    }
  return n;
}

/* Starts @c's run and returns once enough of its threads are in the
 * state under test; @timeline has ingested everything up to then.
 * Returns how many were. */
static inline guint
stop_case_start (const StopCase  *c,
                 WeftRun        **run,
                 WeftTimeline   **timeline)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  gint64 give_up;
  guint blocked = 0;

  test_params (c->pattern, &pattern, &params);
  weft_params_set (&params, "threads", c->threads);
  weft_params_set (&params, "pace", 10);
  if (c->capacity > 0)
    weft_params_set (&params, "capacity", c->capacity);
  if (c->variant != NULL)
    g_assert_true (weft_params_set_variant (&params, c->variant));
  *run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  /* Simulated durations from a seed under which A's first step is the
   * shorter, so the rendezvous blocks in its first round (at 1.5 s)
   * rather than after however many random rounds. */
  weft_run_set_seed (*run, 7);
  g_assert_true (weft_run_start (*run, &error));
  *timeline = weft_timeline_new_for_run (*run);

  /* Patterns get there within a few simulated steps; the limit only
   * keeps a broken one from hanging the program. */
  give_up = weft_clock_now_ns () + 60 * WEFT_NSEC_PER_SEC;
  while (weft_clock_now_ns () < give_up)
    {
      weft_timeline_ingest (*timeline);
      blocked = stop_case_count_lanes_in (*timeline, c);
      if (blocked >= c->min_blocked)
        break;
      g_usleep (5000);
    }
  g_assert_cmpuint (blocked, >=, c->min_blocked);
  return blocked;
}
