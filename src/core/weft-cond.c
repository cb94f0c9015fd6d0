/* weft-cond.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-cond.h"

/* Takes the bound mutex so the flag and the broadcast cannot fall
 * between a waiter's check and its wait. */
static void
weft_cond_abort (gpointer data)
{
  WeftCond *self = data;

  pthread_mutex_lock (&self->mutex->lock);
  self->aborted = TRUE;
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->mutex->lock);
}

void
weft_cond_init (WeftCond   *self,
                WeftRun    *run,
                const char *name,
                WeftMutex  *mutex)
{
  pthread_cond_init (&self->cond, NULL);
  self->mutex = mutex;
  self->waiters = 0;
  self->aborted = FALSE;
  self->object = weft_run_add_object (run, name, WEFT_OBJECT_CONDITION, 0);
  weft_run_add_abort (run, weft_cond_abort, self);
}

void
weft_cond_clear (WeftCond *self)
{
  pthread_cond_destroy (&self->cond);
}

/**
 * weft_cond_wait:
 *
 * Called with the mutex held (inside its `critical` span).  The wait
 * gives the mutex up, so the trace says so: `critical` on the mutex ends
 * and `waiting` on the condition begins, and the reverse once woken and
 * holding the mutex again.
 *
 * Returns: %FALSE when the run is stopping; the mutex is held either way
 */
gboolean
weft_cond_wait (WeftCond   *self,
                WeftWorker *worker)
{
  guint16 mutex_object = self->mutex->object;
  gint64 now = weft_clock_now_ns ();

  if (self->aborted)
    return FALSE;

  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_CRITICAL, mutex_object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, mutex_object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, self->object, 0, 0);

  self->waiters++;
  pthread_cond_wait (&self->cond, &self->mutex->lock);
  self->waiters--;

  now = weft_clock_now_ns ();
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_WAITING, self->object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, mutex_object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, mutex_object, 0, 0);

  return !self->aborted;
}

/* Called with the mutex held; `wake` is recorded only when a thread was
 * actually waiting to be woken. */
void
weft_cond_signal (WeftCond   *self,
                  WeftWorker *worker)
{
  if (self->waiters > 0)
    {
      weft_worker_instant (worker, WEFT_INSTANT_WAKE, self->object, 1);
      pthread_cond_signal (&self->cond);
    }
}

void
weft_cond_broadcast (WeftCond   *self,
                     WeftWorker *worker)
{
  if (self->waiters > 0)
    {
      weft_worker_instant (worker, WEFT_INSTANT_WAKE, self->object, self->waiters);
      pthread_cond_broadcast (&self->cond);
    }
}
