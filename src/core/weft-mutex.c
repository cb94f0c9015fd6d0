/* weft-mutex.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A blocked pthread_mutex_lock() cannot be interrupted, and it need not
 * be: no pattern sleeps while holding a mutex without waiting on the
 * run's condition, so when the run stops the holder wakes, releases, and
 * each waiter in turn gets the lock, sees the stop and lets it go.
 */

#include "weft-mutex.h"

void
weft_mutex_init (WeftMutex  *self,
                 WeftRun    *run,
                 const char *name)
{
  pthread_mutex_init (&self->lock, NULL);
  self->object = weft_run_add_object (run, name, WEFT_OBJECT_MUTEX, 0);
}

void
weft_mutex_clear (WeftMutex *self)
{
  pthread_mutex_destroy (&self->lock);
}

/**
 * weft_mutex_lock:
 *
 * Records `waiting` from the moment the thread asks until it gets the
 * lock (only when it had to wait: an uncontended lock costs no extra
 * timestamp), then `acquire` and the start of `critical`, stamped after
 * the lock is held so that critical spans of one mutex never overlap.
 *
 * Returns: %FALSE, without the lock, when the run is stopping
 */
gboolean
weft_mutex_lock (WeftMutex  *self,
                 WeftWorker *worker)
{
  gint64 now;

  if (pthread_mutex_trylock (&self->lock) != 0)
    {
      weft_worker_begin (worker, WEFT_STATE_WAITING, self->object, 0, 0);
      pthread_mutex_lock (&self->lock);
      now = weft_clock_now_ns ();
      weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_WAITING, self->object, 0, 0);
    }
  else
    now = weft_clock_now_ns ();

  if (weft_worker_should_stop (worker))
    {
      pthread_mutex_unlock (&self->lock);
      return FALSE;
    }

  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, self->object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, self->object, 0, 0);
  return TRUE;
}

/* Stamps `release` and the end of `critical` before letting go. */
void
weft_mutex_unlock (WeftMutex  *self,
                   WeftWorker *worker)
{
  gint64 now = weft_clock_now_ns ();

  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_CRITICAL, self->object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, self->object, 0, 0);
  pthread_mutex_unlock (&self->lock);
}
