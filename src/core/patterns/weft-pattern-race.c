/* weft-pattern-race.c: N threads increment one counter with no lock
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each increment is a separate load, a yield and a store, so another
 * thread can slip in between and its update is overwritten.  The counter
 * is a relaxed atomic: the race is real (updates are lost) yet there is
 * no undefined behaviour, and ThreadSanitizer rightly stays quiet.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sched.h>

#include "weft-checker.h"
#include "weft-patterns-private.h"

typedef struct
{
  _Atomic gint64 counter;
  guint16 object;
  guint iterations;
} RaceState;

static const WeftRole roles[] = {
  { "racer", "racer", TRUE },
};

static gpointer
race_setup (WeftRun *run)
{
  const WeftParams *params = weft_run_get_params (run);
  RaceState *state = g_new0 (RaceState, 1);
  guint threads = weft_params_get_uint (params, WEFT_PARAM_THREADS);

  state->iterations = weft_params_get_uint (params, WEFT_PARAM_ITERATIONS);
  state->object = weft_run_add_object (run, "counter", WEFT_OBJECT_COUNTER,
                                       (gint64) threads * state->iterations);
  atomic_init (&state->counter, 0);
  return state;
}

static void
race_work (WeftWorker *worker,
           gpointer    data)
{
  RaceState *state = data;

  for (guint i = 0; i < state->iterations; i++)
    {
      gboolean go_on;
      gint64 seen;

      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 400, i, 0))
        break;

      /* The unguarded read-modify-write: a critical section with no lock. */
      weft_worker_begin (worker, WEFT_STATE_CRITICAL, state->object, i, 0);
      /* Relaxed: the lost update is the lesson; no other data rides on it. */
      seen = atomic_load_explicit (&state->counter, memory_order_relaxed);
      weft_worker_instant (worker, WEFT_INSTANT_READ, state->object, seen);
      sched_yield ();
      go_on = weft_worker_pause (worker, 50, 150);
      /* Relaxed: as above; a store, not an increment, on purpose. */
      atomic_store_explicit (&state->counter, seen + 1, memory_order_relaxed);
      weft_worker_instant (worker, WEFT_INSTANT_WRITE, state->object, seen + 1);
      weft_worker_counter (worker, state->object, seen + 1);
      weft_worker_end (worker, WEFT_STATE_CRITICAL, state->object);

      if (!go_on)
        break;
    }
}

/* The last worker out stamps what the counter really holds. */
static void
race_finish (WeftWorker *worker,
             gpointer    data)
{
  RaceState *state = data;

  /* Relaxed: the run's acq_rel countdown already ordered every worker's
   * store before this load. */
  weft_worker_counter (worker, state->object,
                       atomic_load_explicit (&state->counter, memory_order_relaxed));
}

static void
race_check (WeftTimeline *timeline,
            WeftChecks   *checks)
{
  weft_checker_check_updates (timeline, checks, "counter", TRUE);
}

const WeftPattern weft_pattern_race = {
  .name = "race",
  .title = N_("Data race"),
  .summary = N_("Threads add to one counter with no lock"),
  .explanation = N_("Every thread reads the shared counter, pauses, and writes back what it read plus one. "
                    "When two threads read the same value before either writes, one increment overwrites "
                    "the other and is lost, like two clerks updating the same ledger from their own "
                    "copies. Watch the critical sections overlap and the counter fall behind."),
  .icon_name = "weft-race-symbolic",
  .ranges = {
    [WEFT_PARAM_THREADS] = { TRUE, 1, 256, 4 },
    [WEFT_PARAM_ITERATIONS] = { TRUE, 1, 1000000, 25 },
    [WEFT_PARAM_PACE] = { TRUE, 0, 10, 1 },
  },
  .setup = race_setup,
  .free_state = g_free,
  .roles = roles,
  .work = race_work,
  .finish = race_finish,
  .check = race_check,
};
