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
  { NC_("thread role", "worker"), "worker", TRUE },
  { NULL },
};

static gpointer
lock_setup (WeftRun *run)
{
  const WeftParams *params = weft_run_get_params (run);
  LockState *state = g_new0 (LockState, 1);
  guint threads = (guint) weft_params_get (params, "threads", 0);

  state->iterations = (guint) weft_params_get (params, "iterations", 0);
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

static const char lock_code[] =
  "counter = 0\n"
  "lock = threading.Lock()\n"
  "\n"
  "def worker():\n"
  "    global counter\n"
  "    for i in range(iterations):\n"
  "        work()\n"
  "        with lock:\n"
  "            seen = counter\n"
  "            counter = seen + 1\n";

enum { LINE_WORK = 7, LINE_WITH = 8, LINE_READ = 9, LINE_WRITE = 10 };

static void
lock_work (WeftWorker *worker,
           gpointer    data)
{
  LockState *state = data;

  for (guint i = 0; i < state->iterations; i++)
    {
      gboolean go_on;
      gint64 seen;

      weft_worker_at (worker, LINE_WORK);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 400, i, 0))
        break;
      weft_worker_at (worker, LINE_WITH);
      if (!weft_mutex_lock (&state->lock, worker))
        break;

      weft_worker_at (worker, LINE_READ);
      seen = state->counter;
      weft_worker_instant (worker, WEFT_INSTANT_READ, state->object, seen);
      sched_yield ();
      go_on = weft_worker_pause (worker, 50, 150);
      weft_worker_at (worker, LINE_WRITE);
      state->counter = seen + 1;
      weft_worker_instant (worker, WEFT_INSTANT_WRITE, state->object, seen + 1);
      weft_worker_counter (worker, state->object, seen + 1);

      /* Leaving the `with` block gives the lock back. */
      weft_worker_at (worker, LINE_WITH);
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

/* While a run goes on: how many were inside the lock at once, and the
 * counter's writes against what it shows. */
typedef struct
{
  gboolean has_lock;
  gboolean has_counter;
  WeftOverlap inside;
  WeftUpdates updates;
} LockFold;

static gpointer
lock_fold_new (WeftTimeline   *timeline,
               gboolean        keep_all,
               WeftFoldFilter *filter)
{
  LockFold *fold = g_new0 (LockFold, 1);
  guint16 lock, counter;

  weft_overlap_init (&fold->inside);
  fold->has_lock = weft_timeline_find_object (timeline, "lock", &lock);
  fold->has_counter = weft_timeline_find_object (timeline, "counter", &counter);
  if (fold->has_lock)
    {
      filter->span_states = 1u << WEFT_STATE_CRITICAL;
      filter->span_object = lock;
      filter->span_depths = ~0u;
    }
  if (fold->has_counter)
    {
      filter->instant_kinds = 1u << WEFT_INSTANT_WRITE;
      filter->instant_object = counter;
      filter->sample_object = counter;
    }
  return fold;
}

static void
lock_fold_free (gpointer data)
{
  LockFold *fold = data;

  weft_overlap_clear (&fold->inside);
  g_free (fold);
}

static gboolean
lock_fold_span (gpointer        data,
                guint           lane,
                const WeftSpan *span)
{
  LockFold *fold = data;

  weft_overlap_add (&fold->inside, span->start_ns, span->end_ns);
  return TRUE;
}

static gboolean
lock_fold_instant (gpointer                 data,
                   guint                    lane,
                   const WeftInstantRecord *instant)
{
  weft_updates_write (&((LockFold *) data)->updates);
  return TRUE;
}

static gboolean
lock_fold_sample (gpointer          data,
                  const WeftSample *sample)
{
  weft_updates_sample (&((LockFold *) data)->updates, sample->value);
  return TRUE;
}

static void
lock_report (gpointer      data,
             WeftTimeline *timeline,
             gboolean      complete,
             WeftChecks   *checks)
{
  LockFold *fold = data;

  if (fold->has_lock)
    weft_checker_report_exclusion (checks, &fold->inside);
  else
    weft_checker_report_missing (checks, "mutual-exclusion", "lock");
  if (fold->has_counter)
    weft_checker_report_updates (checks, &fold->updates, complete, FALSE);
  else
    weft_checker_report_missing (checks, "updates", "counter");
}

static gsize
lock_fold_get_memory (gpointer data)
{
  LockFold *fold = data;

  return sizeof *fold + fold->inside.size * sizeof (gint64);
}

static const WeftCheckFuncs lock_checks = {
  .fold_new = lock_fold_new,
  .fold_free = lock_fold_free,
  .fold_span = lock_fold_span,
  .fold_instant = lock_fold_instant,
  .fold_sample = lock_fold_sample,
  .report = lock_report,
  .get_memory = lock_fold_get_memory,
};

const WeftPattern weft_pattern_lock = {
  .name = "lock",
  .title = N_("Lock"),
  .summary = N_("The same counter, guarded by a mutex"),
  .explanation = N_("The race again, but a thread must hold the lock to read and write the counter, like "
                    "the single key to a shared office: whoever has it works alone while the others wait "
                    "at the door. No update is lost, and the waiting is the price."),
  .icon_name = "weft-lock-symbolic",
  .code = lock_code,
  .params = (const WeftParamSpec[]) {
    WEFT_PARAM_SPEC_THREADS (1, 256, 4),
    { "iterations", WEFT_PARAM_INTEGER, N_("Increments per thread"), N_("How many times each thread adds one"), 1, 1000000, 25, NULL },
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_READ) | WEFT_INSTANT_BIT (WEFT_INSTANT_WRITE),
  .setup = lock_setup,
  .free_state = lock_free,
  .roles = roles,
  .work = lock_work,
  .finish = lock_finish,
  .checks = &lock_checks,
};
