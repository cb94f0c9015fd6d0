/* weft-cond.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * pthread_cond_signal() wakes "at least one" waiter, chosen by nobody
 * knows, and a waiter can wake with no signal at all: the trace could
 * not say who woke whom.  So the waiters queue, oldest first, each with
 * its own condition variable and `woken_by` field on its stack; notify
 * takes the oldest, marks it with the notifier's lane and wakes just
 * that one.  A waiter leaves only once marked, when its deadline passes
 * or when the run stops, and it records `wake` only in the first case:
 * there are no unexplained wake-ups in the trace.
 */

#include "weft-cond.h"

typedef struct
{
  GList link;             /* in WeftCond.waiters; data points here */
  pthread_cond_t wake;    /* signalled by the notify that chose it, or by stop */
  gint64 woken_by;        /* the notifier's lane, -1 until chosen; under queue_lock */
  gint64 woken_at;        /* the notifier's stamp of its notify; under queue_lock */
  guint32 lane;
} WeftCondWaiter;

/* Wakes every waiter; they see `aborted` and leave unmarked. */
static void
weft_cond_abort (gpointer data)
{
  WeftCond *self = data;

  pthread_mutex_lock (&self->queue_lock);
  self->aborted = TRUE;
  for (GList *l = self->waiters.head; l != NULL; l = l->next)
    pthread_cond_signal (&((WeftCondWaiter *) l->data)->wake);
  pthread_mutex_unlock (&self->queue_lock);
}

void
weft_cond_init (WeftCond   *self,
                WeftRun    *run,
                const char *name,
                WeftMutex  *mutex)
{
  self->mutex = mutex;
  self->run = run;
  pthread_mutex_init (&self->queue_lock, NULL);
  g_queue_init (&self->waiters);
  self->aborted = FALSE;
  self->object = weft_run_add_object (run, name, WEFT_OBJECT_CONDITION, 0);
  weft_run_add_abort (run, weft_cond_abort, self);
}

void
weft_cond_clear (WeftCond *self)
{
  g_warn_if_fail (g_queue_is_empty (&self->waiters));
  pthread_mutex_destroy (&self->queue_lock);
}

/* Under queue_lock, holding the mutex: the mutex's `critical` ends and
 * the wait begins, stamped before the mutex is let go, so a notifier
 * (which must hold the mutex) stamps its notify after them. */
static gint64
enqueue (WeftCond       *self,
         WeftWorker     *worker,
         WeftCondWaiter *waiter)
{
  gint64 now = weft_clock_now_ns ();
  guint16 mutex_object = self->mutex->object;

  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_CRITICAL, mutex_object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, mutex_object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, self->object, 0, 0);

  weft_run_cond_init (&waiter->wake);
  waiter->woken_by = -1;
  waiter->lane = worker->ring->lane;
  waiter->link = (GList) { waiter, NULL, NULL };
  g_queue_push_tail_link (&self->waiters, &waiter->link);

  return now;
}

/* Sleeps until chosen, timed out or stopped, and leaves the queue.
 * Returns whether the deadline passed unchosen. */
static gboolean
sleep_in_queue (WeftCond       *self,
                WeftCondWaiter *waiter,
                gint64          deadline_ns)
{
  gboolean timed_out = FALSE;

  while (waiter->woken_by < 0 && !self->aborted && !timed_out)
    timed_out = weft_run_cond_wait_until (self->run, &waiter->wake, &self->queue_lock, deadline_ns);
  /* A chosen waiter was taken off the queue by its notifier. */
  if (waiter->woken_by < 0)
    g_queue_unlink (&self->waiters, &waiter->link);

  return waiter->woken_by < 0 && timed_out;
}

/**
 * weft_cond_wait_until:
 * @deadline_ns: on the run's clock (weft_run_now_ns()), or -1 for none
 *
 * Called with the mutex held (inside its `critical` span).  The wait
 * gives the mutex up, so the trace says so: `critical` on the mutex ends,
 * `release`, and `waiting` on the condition begins.  When the wait ends,
 * `waiting` ends, with `wake` (value: the notifier's lane) when a notify
 * chose this thread or `timeout` when the deadline passed first; then
 * the mutex is taken again as weft_mutex_lock() does, `waiting` on it
 * included when another thread holds it.
 *
 * Returns: how the wait ended; after %WEFT_COND_STOPPED the mutex is not
 *   held (a stop may come while taking it again)
 */
WeftCondResult
weft_cond_wait_until (WeftCond   *self,
                      WeftWorker *worker,
                      gint64      deadline_ns)
{
  WeftCondWaiter waiter;
  gboolean timed_out;
  gint64 released_ns, now;

  g_return_val_if_fail (weft_mutex_is_held_by (self->mutex, worker), WEFT_COND_STOPPED);
  weft_worker_step (worker, WEFT_STEP_WAIT, self->object, 0);

  pthread_mutex_lock (&self->queue_lock);
  if (self->aborted)
    {
      pthread_mutex_unlock (&self->queue_lock);
      weft_mutex_unlock (self->mutex, worker);
      return WEFT_COND_STOPPED;
    }
  released_ns = enqueue (self, worker, &waiter);
  /* Only once queued: whoever notifies next holds the mutex after this,
   * so finds this thread in the queue.  The `release` stamped there is
   * what a thread waiting for the mutex was let in by. */
  weft_mutex_hand_over (self->mutex, worker, released_ns);
  timed_out = sleep_in_queue (self, &waiter, deadline_ns);
  pthread_mutex_unlock (&self->queue_lock);
  pthread_cond_destroy (&waiter.wake);

  now = weft_clock_now_ns ();
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_WAITING, self->object, 0, 0);
  if (waiter.woken_by >= 0)
    {
      /* The notify that chose it is the cause, stamped on its lane. */
      weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_HANDOFF, self->object,
                         waiter.woken_at, (guint32) waiter.woken_by);
      weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, self->object, waiter.woken_by, 0);
    }
  else if (timed_out)
    weft_worker_instant (worker, WEFT_INSTANT_TIMEOUT, self->object, 0);
  else
    return WEFT_COND_STOPPED;

  if (!weft_mutex_lock (self->mutex, worker))
    return WEFT_COND_STOPPED;
  return waiter.woken_by >= 0 ? WEFT_COND_NOTIFIED : WEFT_COND_TIMED_OUT;
}

/**
 * weft_cond_wait:
 *
 * weft_cond_wait_until() with no deadline.
 *
 * Returns: %TRUE when notified, holding the mutex; %FALSE when the run
 *   is stopping, without it
 */
gboolean
weft_cond_wait (WeftCond   *self,
                WeftWorker *worker)
{
  return weft_cond_wait_until (self, worker, -1) == WEFT_COND_NOTIFIED;
}

/* Under queue_lock: marks the oldest waiter as woken by @worker and
 * wakes it.  Returns its lane, or -1 when nobody waits. */
static gint64
wake_oldest (WeftCond   *self,
             WeftWorker *worker,
             gint64      now)
{
  GList *link = g_queue_pop_head_link (&self->waiters);
  WeftCondWaiter *waiter;

  if (link == NULL)
    return -1;
  waiter = link->data;
  waiter->woken_by = worker->ring->lane;
  waiter->woken_at = now;
  pthread_cond_signal (&waiter->wake);
  return waiter->lane;
}

/**
 * weft_cond_notify:
 *
 * Called with the mutex held.  Wakes the thread that has waited longest
 * and records `notify` with its lane as value (-1 when nobody waited),
 * stamped before that thread can stamp its `wake`.
 */
void
weft_cond_notify (WeftCond   *self,
                  WeftWorker *worker)
{
  gint64 now;

  g_return_if_fail (weft_mutex_is_held_by (self->mutex, worker));

  weft_worker_step (worker, WEFT_STEP_NOTIFY, self->object, 0);
  pthread_mutex_lock (&self->queue_lock);
  /* One stamp for the notify and the cause it hands the woken thread,
   * so the arrow starts at the mark. */
  now = weft_clock_now_ns ();
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY, self->object,
                     wake_oldest (self, worker, now), 0);
  pthread_mutex_unlock (&self->queue_lock);
}

/**
 * weft_cond_notify_all:
 *
 * Called with the mutex held.  Wakes every waiter and records
 * `notify-all` with how many there were (perhaps 0).
 */
void
weft_cond_notify_all (WeftCond   *self,
                      WeftWorker *worker)
{
  gint64 n = 0;
  gint64 now;

  g_return_if_fail (weft_mutex_is_held_by (self->mutex, worker));

  weft_worker_step (worker, WEFT_STEP_NOTIFY_ALL, self->object, 0);
  pthread_mutex_lock (&self->queue_lock);
  now = weft_clock_now_ns ();
  while (wake_oldest (self, worker, now) >= 0)
    n++;
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY_ALL, self->object, n, 0);
  pthread_mutex_unlock (&self->queue_lock);
}
