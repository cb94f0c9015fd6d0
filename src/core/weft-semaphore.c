/* weft-semaphore.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built on a mutex and a condition variable rather than sem_t, because
 * a thread blocked in sem_wait() cannot be released when the run stops.
 *
 * Permits are handed out oldest first: a thread that had to block found
 * none free, so every permit free when it wakes was posted since, and
 * the one it takes is the oldest of them, post number n_posts - count.
 * That post is the cause it records (WEFT_INSTANT_HANDOFF).  Only the
 * last WEFT_SEMAPHORE_POSTS_KEPT posts are kept: a taker with more than
 * that many free records no cause rather than a wrong one.
 */

#include "weft-semaphore.h"

/* What the object's counter lane shows: places taken for a guard,
 * signals posted and not yet taken for a rendezvous. */
static gint64
counter_value (WeftSemaphore *self)
{
  return self->use == WEFT_SEMAPHORE_GUARD ? self->permits - self->count : self->count;
}

static void
weft_semaphore_abort (gpointer data)
{
  WeftSemaphore *self = data;

  pthread_mutex_lock (&self->lock);
  self->aborted = TRUE;
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);
}

void
weft_semaphore_init (WeftSemaphore    *self,
                     WeftRun          *run,
                     const char       *name,
                     guint             permits,
                     WeftSemaphoreUse  use)
{
  pthread_mutex_init (&self->lock, NULL);
  pthread_cond_init (&self->cond, NULL);
  self->count = permits;
  self->permits = permits;
  self->waiters = 0;
  self->aborted = FALSE;
  self->use = use;
  self->n_posts = 0;
  self->object = weft_run_add_object (run, name, WEFT_OBJECT_SEMAPHORE,
                                      use == WEFT_SEMAPHORE_GUARD ? permits : 0);
  weft_run_add_abort (run, weft_semaphore_abort, self);
}

void
weft_semaphore_clear (WeftSemaphore *self)
{
  pthread_cond_destroy (&self->cond);
  pthread_mutex_destroy (&self->lock);
}

/**
 * weft_semaphore_acquire:
 *
 * Takes a permit.  `waiting` covers the time from finding none free
 * until getting one, when the thread had to block; for a guard, `acquire` and the start
 * of `critical` are stamped once the permit is held.  The counter is
 * stamped under the semaphore's lock, so it is in true order.
 *
 * Returns: %FALSE, without a permit, when the run is stopping
 */
gboolean
weft_semaphore_acquire (WeftSemaphore *self,
                        WeftWorker    *worker)
{
  gboolean blocked = FALSE;
  gboolean got;
  gint64 now;
  gint64 cause_lane = -1, cause_ns = 0;

  weft_worker_step (worker, WEFT_STEP_ACQUIRE, self->object, 0);
  pthread_mutex_lock (&self->lock);
  if (self->count == 0 && !self->aborted)
    {
      /* Stamped under the lock, like the counter: the trace can prove a
       * thread waits only while no permit is free. */
      blocked = TRUE;
      weft_worker_begin (worker, WEFT_STATE_WAITING, self->object, 0, 0);
      self->waiters++;
      while (self->count == 0 && !self->aborted)
        weft_thread_cond_wait (&self->cond, &self->lock);
      self->waiters--;
    }
  got = !self->aborted;
  if (got)
    {
      if (blocked && self->count <= WEFT_SEMAPHORE_POSTS_KEPT && (guint64) self->count <= self->n_posts)
        {
          guint64 post = self->n_posts - (guint64) self->count;

          cause_lane = self->posts[post % WEFT_SEMAPHORE_POSTS_KEPT].lane;
          cause_ns = self->posts[post % WEFT_SEMAPHORE_POSTS_KEPT].time_ns;
        }
      self->count--;
      weft_worker_counter (worker, self->object, counter_value (self));
    }
  pthread_mutex_unlock (&self->lock);

  now = weft_clock_now_ns ();
  if (blocked)
    weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_WAITING, self->object, 0, 0);
  if (got && cause_lane >= 0)
    weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_HANDOFF, self->object,
                       cause_ns, (guint32) cause_lane);
  if (got && self->use == WEFT_SEMAPHORE_GUARD)
    {
      weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, self->object, 0, 0);
      weft_ring_emit_at (worker->ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, self->object, 0, 0);
    }

  return got;
}

/* Posts a permit: for a guard, `critical` ends before the post; `wake`
 * marks a post that let a blocked thread through. */
void
weft_semaphore_release (WeftSemaphore *self,
                        WeftWorker    *worker)
{
  gint64 now;

  weft_worker_step (worker, WEFT_STEP_POST, self->object, 0);
  now = weft_clock_now_ns ();
  if (self->use == WEFT_SEMAPHORE_GUARD)
    weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_CRITICAL, self->object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, self->object, 0, 0);

  pthread_mutex_lock (&self->lock);
  self->posts[self->n_posts % WEFT_SEMAPHORE_POSTS_KEPT].lane = worker->ring->lane;
  self->posts[self->n_posts % WEFT_SEMAPHORE_POSTS_KEPT].time_ns = now;
  self->n_posts++;
  self->count++;
  weft_worker_counter (worker, self->object, counter_value (self));
  if (self->waiters > 0)
    {
      weft_worker_instant (worker, WEFT_INSTANT_WAKE, self->object, self->waiters);
      pthread_cond_signal (&self->cond);
    }
  pthread_mutex_unlock (&self->lock);
}
