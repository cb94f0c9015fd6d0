/* weft-pattern-lock.c: the race's work, under a mutex
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sched.h>

#include "weft-checker.h"
#include "weft-mutex.h"
#include "weft-patterns-private.h"

typedef struct
{
  WeftMutex lock;
  gint64 counter;           /* guarded by lock */
  guint16 object;
  guint iterations;
} LockState;

static const WeftRole roles[] = {
  { "worker", "worker", TRUE },
};

static gpointer
lock_setup (WeftRun *run)
{
  const WeftParams *params = weft_run_get_params (run);
  LockState *state = g_new0 (LockState, 1);
  guint threads = weft_params_get_uint (params, WEFT_PARAM_THREADS);

  state->iterations = weft_params_get_uint (params, WEFT_PARAM_ITERATIONS);
  weft_mutex_init (&state->lock, run, "lock");
  state->object = weft_run_add_object (run, "counter", WEFT_OBJECT_COUNTER,
                                       (gint64) threads * state->iterations);
  return state;
}

static void
lock_free (gpointer data)
{
  LockState *state = data;

  weft_mutex_clear (&state->lock);
  g_free (state);
}

static void
lock_work (WeftWorker *worker,
           gpointer    data)
{
  LockState *state = data;

  for (guint i = 0; i < state->iterations; i++)
    {
      gboolean go_on;
      gint64 seen;

      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 400, i, 0))
        break;
      if (!weft_mutex_lock (&state->lock, worker))
        break;

      seen = state->counter;
      weft_worker_instant (worker, WEFT_INSTANT_READ, state->object, seen);
      sched_yield ();
      go_on = weft_worker_pause (worker, 50, 150);
      state->counter = seen + 1;
      weft_worker_instant (worker, WEFT_INSTANT_WRITE, state->object, seen + 1);
      weft_worker_counter (worker, state->object, seen + 1);

      weft_mutex_unlock (&state->lock, worker);
      if (!go_on)
        break;
    }
}

static void
lock_finish (WeftWorker *worker,
             gpointer    data)
{
  LockState *state = data;

  /* Every other worker has returned; the run's countdown ordered their
   * writes before this read. */
  weft_worker_counter (worker, state->object, state->counter);
}

static void
lock_check (WeftTimeline *timeline,
            WeftChecks   *checks)
{
  weft_checker_check_exclusion (timeline, checks, "lock");
  weft_checker_check_updates (timeline, checks, "counter", FALSE);
}

const WeftPattern weft_pattern_lock = {
  .name = "lock",
  .title = N_("Lock"),
  .summary = N_("The same counter, guarded by a mutex"),
  .explanation = N_("The race again, but a thread must hold the lock to read and write the counter, like "
                    "the single key to a shared office: whoever has it works alone while the others wait "
                    "at the door. No update is lost, and the waiting is the price."),
  .icon_name = "weft-lock-symbolic",
  .ranges = {
    [WEFT_PARAM_THREADS] = { TRUE, 1, 256, 4 },
    [WEFT_PARAM_ITERATIONS] = { TRUE, 1, 1000000, 25 },
    [WEFT_PARAM_PACE] = { TRUE, 0, 10, 1 },
  },
  .setup = lock_setup,
  .free_state = lock_free,
  .roles = roles,
  .work = lock_work,
  .finish = lock_finish,
  .check = lock_check,
};
