/* weft-barrier.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pthread_barrier_wait() can neither time out nor be interrupted, so
 * this is a barrier on a mutex and condition variable with Python's
 * semantics: a wait that times out breaks the barrier, as abort() does;
 * once broken, every waiter and every later arrival fails at once until
 * reset(), which fails the waiters of the phase in progress and starts
 * afresh.  The run's stop is not an abort: it breaks nothing, and its
 * waiters return STOPPED.
 *
 * Each waiter's outcome is written into a small record on its stack by
 * whoever ends its phase (the last arrival, a breaker or a reset), so a
 * waiter never has to guess from counters what happened while it slept.
 */

#include "weft-barrier.h"

typedef enum
{
  OUTCOME_PENDING,
  OUTCOME_PASSED,
  OUTCOME_BROKEN,
} Outcome;

typedef struct
{
  GList link;             /* in WeftBarrier.waiters; data points here */
  Outcome outcome;        /* under the barrier's lock */
  gint64 passed_by;       /* the last arrival's lane, for a PASSED outcome */
  gint64 passed_at;       /* and its stamp of its `arrive` */
} BarrierWaiter;

static void
weft_barrier_stop (gpointer data)
{
  WeftBarrier *self = data;

  pthread_mutex_lock (&self->lock);
  self->stopped = TRUE;
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);
}

void
weft_barrier_init (WeftBarrier *self,
                   WeftRun     *run,
                   const char  *name,
                   guint        parties)
{
  g_return_if_fail (parties > 0);

  self->run = run;
  pthread_mutex_init (&self->lock, NULL);
  weft_run_cond_init (&self->cond);
  self->parties = parties;
  self->arrived = 0;
  self->generation = 0;
  g_queue_init (&self->waiters);
  self->broken = FALSE;
  self->stopped = FALSE;
  self->object = weft_run_add_object (run, name, WEFT_OBJECT_BARRIER, parties);
  weft_run_add_abort (run, weft_barrier_stop, self);
}

void
weft_barrier_clear (WeftBarrier *self)
{
  g_warn_if_fail (g_queue_is_empty (&self->waiters));
  pthread_cond_destroy (&self->cond);
  pthread_mutex_destroy (&self->lock);
}

/* Under lock: gives every waiter of the phase its outcome, empties the
 * barrier and wakes them.  The counter lane drops to 0, stamped by
 * the thread that ended the phase. */
static void
end_phase (WeftBarrier *self,
           WeftWorker  *worker,
           Outcome      outcome,
           gint64       arrived_ns)
{
  for (GList *l = self->waiters.head; l != NULL; l = l->next)
    {
      BarrierWaiter *waiter = l->data;

      waiter->outcome = outcome;
      waiter->passed_by = worker->ring->lane;
      waiter->passed_at = arrived_ns;
    }
  /* The links live on the waiters' stacks: nothing to free. */
  g_queue_init (&self->waiters);
  self->arrived = 0;
  weft_worker_counter (worker, self->object, 0);
  pthread_cond_broadcast (&self->cond);
}

/* Under lock, by the waiter whose deadline passed: its `timeout` is the
 * cause, stamped before anyone stamps the `broken` it brings. */
static void
time_out (WeftBarrier   *self,
          WeftWorker    *worker,
          BarrierWaiter *waiter,
          gint64         phase)
{
  g_queue_unlink (&self->waiters, &waiter->link);
  weft_worker_instant (worker, WEFT_INSTANT_TIMEOUT, self->object, phase);
  self->broken = TRUE;
  end_phase (self, worker, OUTCOME_BROKEN, 0);
  waiter->outcome = OUTCOME_BROKEN;
}

/* Under lock: waits among the phase's waiters for its end. */
static WeftBarrierResult
wait_for_phase (WeftBarrier   *self,
                WeftWorker    *worker,
                gint64         phase,
                gint64         deadline_ns,
                BarrierWaiter *cause)
{
  BarrierWaiter waiter = { { NULL, NULL, NULL }, OUTCOME_PENDING, -1, 0 };
  gboolean timed_out = FALSE;

  waiter.link.data = &waiter;
  g_queue_push_tail_link (&self->waiters, &waiter.link);
  while (waiter.outcome == OUTCOME_PENDING && !self->stopped && !timed_out)
    timed_out = weft_run_cond_wait_until (self->run, &self->cond, &self->lock, deadline_ns);

  if (waiter.outcome == OUTCOME_PENDING)
    {
      if (self->stopped)
        {
          g_queue_unlink (&self->waiters, &waiter.link);
          return WEFT_BARRIER_STOPPED;
        }
      time_out (self, worker, &waiter, phase);
    }
  *cause = waiter;
  return waiter.outcome == OUTCOME_PASSED ? WEFT_BARRIER_PASSED : WEFT_BARRIER_BROKEN;
}

/* Under lock: counts this thread in, and waits unless it is the last. */
static WeftBarrierResult
enter (WeftBarrier   *self,
       WeftWorker    *worker,
       gint64         phase,
       gint64         arrived_ns,
       gint64         deadline_ns,
       BarrierWaiter *cause)
{
  if (self->stopped)
    return WEFT_BARRIER_STOPPED;
  if (self->broken)
    return WEFT_BARRIER_BROKEN;

  weft_worker_counter (worker, self->object, ++self->arrived);
  if (self->arrived < self->parties)
    return wait_for_phase (self, worker, phase, deadline_ns, cause);

  self->generation++;
  end_phase (self, worker, OUTCOME_PASSED, arrived_ns);
  return WEFT_BARRIER_PASSED;
}

/**
 * weft_barrier_wait:
 * @phase: the caller's phase number, the value of its instants
 * @deadline_ns: on the run's clock (weft_run_now_ns() plus the timeout),
 *   or -1 for none
 *
 * `arrive` is stamped before the thread enters the barrier and `depart`
 * after it leaves, so for every phase the last arrival precedes the
 * first departure in the trace as it did in time; `waiting` on the
 * barrier lies between.  The arrival count is stamped under the
 * barrier's lock; the last arrival stamps the full count and the drop to
 * zero.  A wait that fails records `broken` (value: @phase) instead of
 * `depart`, after `timeout` when its own deadline broke the barrier; a
 * wait the run's stop ends records neither.
 *
 * Returns: how the wait ended
 */
WeftBarrierResult
weft_barrier_wait (WeftBarrier *self,
                   WeftWorker  *worker,
                   gint64       phase,
                   gint64       deadline_ns)
{
  gint64 now;
  /* Filled in when this thread waited and a last arrival let it go. */
  BarrierWaiter cause = { { NULL, NULL, NULL }, OUTCOME_PENDING, -1, 0 };
  WeftBarrierResult result;

  weft_worker_step (worker, WEFT_STEP_ARRIVE, self->object, phase);
  now = weft_clock_now_ns ();
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_ARRIVE, self->object, phase, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, self->object, phase, 0);

  pthread_mutex_lock (&self->lock);
  result = enter (self, worker, phase, now, deadline_ns, &cause);
  pthread_mutex_unlock (&self->lock);

  now = weft_clock_now_ns ();
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_WAITING, self->object, 0, 0);
  if (result == WEFT_BARRIER_PASSED && cause.passed_by >= 0)
    weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_HANDOFF, self->object,
                       cause.passed_at, (guint32) cause.passed_by);
  if (result == WEFT_BARRIER_PASSED)
    weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_DEPART, self->object, phase, 0);
  else if (result == WEFT_BARRIER_BROKEN)
    weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_BROKEN, self->object, phase, 0);

  return result;
}

/**
 * weft_barrier_abort:
 *
 * Python's Barrier.abort(): breaks the barrier, so that every waiter and
 * every later arrival fails, until weft_barrier_reset().  Records
 * `abort` (value: the barrier's generation, the phases it has ended).
 */
void
weft_barrier_abort (WeftBarrier *self,
                    WeftWorker  *worker)
{
  pthread_mutex_lock (&self->lock);
  weft_worker_instant (worker, WEFT_INSTANT_ABORT, self->object, self->generation);
  self->broken = TRUE;
  end_phase (self, worker, OUTCOME_BROKEN, 0);
  pthread_mutex_unlock (&self->lock);
}

/**
 * weft_barrier_reset:
 *
 * Python's Barrier.reset(): the waiters of the phase in progress fail,
 * and the barrier is whole and empty again for a new phase.  Records
 * `reset` (value: the new generation).
 */
void
weft_barrier_reset (WeftBarrier *self,
                    WeftWorker  *worker)
{
  pthread_mutex_lock (&self->lock);
  self->generation++;
  weft_worker_instant (worker, WEFT_INSTANT_RESET, self->object, self->generation);
  end_phase (self, worker, OUTCOME_BROKEN, 0);
  self->broken = FALSE;
  pthread_mutex_unlock (&self->lock);
}

gboolean
weft_barrier_is_broken (WeftBarrier *self)
{
  gboolean broken;

  pthread_mutex_lock (&self->lock);
  broken = self->broken;
  pthread_mutex_unlock (&self->lock);

  return broken;
}
