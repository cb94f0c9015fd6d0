/* weft-rlock.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An owner and a count on top of WeftMutex: the outermost acquire takes
 * the mutex (waiting for it, abortably, like any mutex), inner ones only
 * count, and the mutex is let go at the outermost release.  Every level
 * is drawn: each acquire opens a `critical` span on the lock, nested in
 * the one before, so the chart shows the depth.
 */

#include "weft-rlock.h"

void
weft_rlock_init (WeftRLock  *self,
                 WeftRun    *run,
                 const char *name)
{
  weft_mutex_init (&self->mutex, run, name);
  self->depth = 0;
}

void
weft_rlock_clear (WeftRLock *self)
{
  weft_mutex_clear (&self->mutex);
}

/**
 * weft_rlock_acquire:
 *
 * Records `acquire` and the start of a `critical` span at every level;
 * only the outermost can wait (`waiting` on the lock, as a mutex).
 *
 * Returns: %FALSE, without this level, when the run is stopping
 */
gboolean
weft_rlock_acquire (WeftRLock  *self,
                    WeftWorker *worker)
{
  gint64 now;

  if (!weft_mutex_is_held_by (&self->mutex, worker))
    {
      if (!weft_mutex_lock (&self->mutex, worker))
        return FALSE;
      self->depth = 1;
      return TRUE;
    }

  /* Holding it already, this thread alone reads and writes depth. */
  weft_worker_step (worker, WEFT_STEP_ACQUIRE, self->mutex.object, 0);
  if (weft_worker_should_stop (worker))
    return FALSE;
  self->depth++;
  now = weft_clock_now_ns ();
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, self->mutex.object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, self->mutex.object, 0, 0);
  return TRUE;
}

/* Ends the innermost level's `critical` and records `release`; the lock
 * is free for others only after the outermost. */
void
weft_rlock_release (WeftRLock  *self,
                    WeftWorker *worker)
{
  gint64 now;

  g_return_if_fail (weft_mutex_is_held_by (&self->mutex, worker));
  g_return_if_fail (self->depth > 0);

  if (--self->depth == 0)
    {
      weft_mutex_unlock (&self->mutex, worker);
      return;
    }
  weft_worker_step (worker, WEFT_STEP_RELEASE, self->mutex.object, 0);
  now = weft_clock_now_ns ();
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_CRITICAL, self->mutex.object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, self->mutex.object, 0, 0);
}

/* How many levels @worker holds: 0 when it does not hold the lock. */
guint
weft_rlock_get_depth (WeftRLock  *self,
                      WeftWorker *worker)
{
  return weft_mutex_is_held_by (&self->mutex, worker) ? self->depth : 0;
}
