/* weft-barrier.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pthread_barrier_wait() cannot be interrupted, so this is the classic
 * generation-counting barrier on a mutex and condition variable, with
 * Python's Barrier.abort() semantics: once aborted, every waiter and
 * every later arrival returns at once, reporting failure.
 */

#include "weft-barrier.h"

static void
weft_barrier_abort (gpointer data)
{
  WeftBarrier *self = data;

  pthread_mutex_lock (&self->lock);
  self->aborted = TRUE;
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);
}

void
weft_barrier_init (WeftBarrier *self,
                   WeftRun     *run,
                   const char  *name,
                   guint        parties)
{
  pthread_mutex_init (&self->lock, NULL);
  pthread_cond_init (&self->cond, NULL);
  self->parties = parties;
  self->arrived = 0;
  self->generation = 0;
  self->aborted = FALSE;
  self->object = weft_run_add_object (run, name, WEFT_OBJECT_BARRIER, parties);
  weft_run_add_abort (run, weft_barrier_abort, self);
}

void
weft_barrier_clear (WeftBarrier *self)
{
  pthread_cond_destroy (&self->cond);
  pthread_mutex_destroy (&self->lock);
}

/**
 * weft_barrier_wait:
 *
 * `arrive` is stamped before the thread enters the barrier and `depart`
 * after it leaves, so for every phase the last arrival precedes the
 * first departure in the trace as it did in time.  The arrival count is
 * stamped under the barrier's lock; the last arrival stamps the full
 * count and the reset to zero.
 *
 * Returns: %FALSE when the run is stopping
 */
gboolean
weft_barrier_wait (WeftBarrier *self,
                   WeftWorker  *worker,
                   gint64       phase)
{
  gint64 now = weft_clock_now_ns ();
  gboolean passed;

  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_ARRIVE, self->object, phase, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, self->object, phase, 0);

  pthread_mutex_lock (&self->lock);
  if (self->aborted)
    passed = FALSE;
  else if (++self->arrived == self->parties)
    {
      weft_worker_counter (worker, self->object, self->arrived);
      weft_worker_counter (worker, self->object, 0);
      self->arrived = 0;
      self->generation++;
      pthread_cond_broadcast (&self->cond);
      passed = TRUE;
    }
  else
    {
      guint64 generation = self->generation;

      weft_worker_counter (worker, self->object, self->arrived);
      while (generation == self->generation && !self->aborted)
        pthread_cond_wait (&self->cond, &self->lock);
      passed = generation != self->generation;
    }
  pthread_mutex_unlock (&self->lock);

  now = weft_clock_now_ns ();
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_WAITING, self->object, 0, 0);
  if (passed)
    weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_DEPART, self->object, phase, 0);

  return passed;
}
