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
  guint threads = (guint) weft_params_get (params, "threads", 0);

  state->iterations = (guint) weft_params_get (params, "iterations", 0);
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

/* While a run goes on: the counter's writes against what it shows. */
typedef struct
{
  gboolean has_counter;
  WeftUpdates updates;
} RaceFold;

static gpointer
race_fold_new (WeftTimeline   *timeline,
               gboolean        keep_all,
               WeftFoldFilter *filter)
{
  RaceFold *fold = g_new0 (RaceFold, 1);
  guint16 counter;

  fold->has_counter = weft_timeline_find_object (timeline, "counter", &counter);
  if (fold->has_counter)
    {
      filter->instant_kinds = 1u << WEFT_INSTANT_WRITE;
      filter->instant_object = counter;
      filter->sample_object = counter;
    }
  return fold;
}

static gboolean
race_fold_instant (gpointer                 data,
                   guint                    lane,
                   const WeftInstantRecord *instant)
{
  weft_updates_write (&((RaceFold *) data)->updates);
  return TRUE;
}

static gboolean
race_fold_sample (gpointer          data,
                  const WeftSample *sample)
{
  weft_updates_sample (&((RaceFold *) data)->updates, sample->value);
  return TRUE;
}

/* Lost updates are what the race is there to show: a lesson. */
static void
race_report (gpointer      data,
             WeftTimeline *timeline,
             gboolean      complete,
             WeftChecks   *checks)
{
  RaceFold *fold = data;

  if (fold->has_counter)
    weft_checker_report_updates (checks, &fold->updates, complete, TRUE);
  else
    weft_checker_report_missing (checks, "updates", "counter");
}

static gsize
race_fold_get_memory (gpointer data)
{
  return sizeof (RaceFold);
}

static const WeftCheckFuncs race_checks = {
  .fold_new = race_fold_new,
  .fold_free = g_free,
  .fold_instant = race_fold_instant,
  .fold_sample = race_fold_sample,
  .report = race_report,
  .get_memory = race_fold_get_memory,
};

const WeftPattern weft_pattern_race = {
  .name = "race",
  .title = N_("Data race"),
  .summary = N_("Threads add to one counter with no lock"),
  .explanation = N_("Every thread reads the shared counter, pauses, and writes back what it read plus one. "
                    "When two threads read the same value before either writes, one increment overwrites "
                    "the other and is lost, like two clerks updating the same ledger from their own "
                    "copies. Watch the critical sections overlap and the counter fall behind."),
  .icon_name = "weft-race-symbolic",
  .params = (const WeftParamSpec[]) {
    WEFT_PARAM_SPEC_THREADS (1, 256, 4),
    { "iterations", WEFT_PARAM_INTEGER, N_("Increments per thread"), N_("How many times each thread adds one"), 1, 1000000, 25, NULL },
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_CRITICAL),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_READ) | WEFT_INSTANT_BIT (WEFT_INSTANT_WRITE),
  .setup = race_setup,
  .free_state = g_free,
  .roles = roles,
  .work = race_work,
  .finish = race_finish,
  .checks = &race_checks,
};
