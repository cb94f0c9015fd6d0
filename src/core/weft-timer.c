/* weft-timer.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Timer is a thread that waits, then calls a function unless it was
 * cancelled first.  Here the thread is a spawned worker with a lane of
 * its own: SCHEDULE on the starter's lane, the timer's lane from START
 * to END, `waiting` (value: its number) through its delay, then FIRE
 * (then whatever the function records) or a CANCEL on the canceller's
 * lane.  The delay counts on the run's clock, which stops
 * while the run is paused, so a pause never makes a timer fire early.
 *
 * The state is guarded by the timer's own lock, and FIRE and CANCEL are
 * stamped under it: whichever takes the lock first wins, and the trace
 * shows them in that order, so "cancelled in time" means the CANCEL
 * comes before any FIRE, and a late one is marked as such.
 */

#include "config.h"

#include <pthread.h>

#include "weft-timer.h"

typedef enum
{
  TIMER_IDLE,         /* not started */
  TIMER_WAITING,      /* started, its delay running */
  TIMER_FIRED,        /* its delay passed: the function runs or ran */
  TIMER_CANCELLED,    /* cancelled before it fired; it never will */
} TimerState;

struct _WeftTimer
{
  WeftRun *run;
  guint role;

  pthread_mutex_t lock;
  pthread_cond_t cond;      /* on CLOCK_MONOTONIC: weft_run_cond_wait_until() */
  /* Under `lock`. */
  TimerState state;
  gboolean started;
  guint number;
  gint64 deadline_ns;       /* on the run's clock */
  WeftWorkFunc func;
  gpointer data;
  WeftWorker *thread;
};

/* The run stopped: a waiting timer ends without firing. */
static void
timer_abort (gpointer data)
{
  WeftTimer *self = data;

  /* The stopper set the run's flag before calling this; taking the lock
   * orders it before the waiter's next look, or wakes the waiter. */
  pthread_mutex_lock (&self->lock);
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);
}

/**
 * weft_timer_new:
 * @role: the pattern's role its thread plays, for its lane's name
 *
 * For a pattern's setup(), as a primitive is: stop must reach it.  Free
 * it with the pattern's state, once every worker has joined.
 */
WeftTimer *
weft_timer_new (WeftRun *run,
                guint    role)
{
  WeftTimer *self = g_new0 (WeftTimer, 1);

  self->run = run;
  self->role = role;
  pthread_mutex_init (&self->lock, NULL);
  weft_run_cond_init (&self->cond);
  weft_run_add_abort (run, timer_abort, self);

  return self;
}

void
weft_timer_free (WeftTimer *self)
{
  if (self == NULL)
    return;
  pthread_cond_destroy (&self->cond);
  pthread_mutex_destroy (&self->lock);
  g_free (self);
}

/* The timer's thread. */
static void
timer_main (WeftWorker *worker,
            gpointer    data)
{
  WeftTimer *self = data;
  gboolean fire = FALSE;

  /* The thread is blocked for its whole delay, as Python's is in
   * Event.wait(): its lane says so, until it fires, is cancelled or the
   * run stops.  The number is read unlocked: it was set before this
   * thread was created, and never changes. */
  weft_worker_begin (worker, WEFT_STATE_WAITING, WEFT_OBJECT_NONE, self->number, 0);
  pthread_mutex_lock (&self->lock);
  /* weft_worker_should_stop() reads relaxed, under the lock: timer_abort()
   * takes it after the flag is set, so we see the flag or the wakeup. */
  while (self->state == TIMER_WAITING && !weft_worker_should_stop (worker))
    /* The wait may have ended for a cancel that came as the deadline
     * passed, with the lock taken back only after it: the state says
     * which came first, and a cancelled timer never fires. */
    if (weft_run_cond_wait_until (self->run, &self->cond, &self->lock, self->deadline_ns) &&
        self->state == TIMER_WAITING)
      {
        self->state = TIMER_FIRED;
        fire = TRUE;
      }
  /* Under the lock: a cancel that comes after sees it fired, and the
   * wait ends before FIRE, which its function's spans follow. */
  weft_worker_end (worker, WEFT_STATE_WAITING, WEFT_OBJECT_NONE);
  if (fire)
    weft_worker_instant (worker, WEFT_INSTANT_FIRE, WEFT_OBJECT_NONE, self->number);
  pthread_mutex_unlock (&self->lock);

  if (fire)
    self->func (worker, self->data);
}

/**
 * weft_timer_start:
 * @parent: the running worker that starts it; SCHEDULE goes on its lane
 * @number: which timer this is; the value of its SCHEDULE, FIRE and
 *   CANCEL, and the number of its thread's lane
 * @delay_ns: how long it waits, on the run's clock
 * @func: what its thread runs once the delay has passed
 *
 * Starts the timer's thread, as Python's Timer(delay, func).start():
 * records SCHEDULE, then the thread's lane starts; it records FIRE and
 * calls @func when @delay_ns of unpaused time have passed, unless it is
 * cancelled or the run stops first.  A timer starts once.
 *
 * Returns: whether its thread started
 */
gboolean
weft_timer_start (WeftTimer     *self,
                  WeftWorker    *parent,
                  guint          number,
                  gint64         delay_ns,
                  WeftWorkFunc   func,
                  gpointer       data,
                  GError       **error)
{
  WeftWorker *thread;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (parent != NULL && parent->run == self->run, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  pthread_mutex_lock (&self->lock);
  if (self->started)
    {
      pthread_mutex_unlock (&self->lock);
      g_return_val_if_reached (FALSE);
    }
  self->started = TRUE;
  self->number = number;
  self->func = func;
  self->data = data;
  weft_worker_instant (parent, WEFT_INSTANT_SCHEDULE, WEFT_OBJECT_NONE, number);
  /* From after SCHEDULE, so FIRE can never come sooner than the delay. */
  self->deadline_ns = weft_run_now_ns (self->run) + MAX (delay_ns, 0);
  /* Cancelled before it started (Python allows it): it never fires. */
  if (self->state == TIMER_IDLE)
    self->state = TIMER_WAITING;
  pthread_mutex_unlock (&self->lock);

  /* Not under the lock: the new thread takes it first thing. */
  thread = weft_worker_spawn (parent, self->role, number, FALSE, timer_main, self, error);

  pthread_mutex_lock (&self->lock);
  self->thread = thread;
  if (thread == NULL && self->state == TIMER_WAITING)
    self->state = TIMER_CANCELLED;
  pthread_mutex_unlock (&self->lock);

  return thread != NULL;
}

/**
 * weft_timer_cancel:
 * @canceller: the worker that cancels it; CANCEL goes on its lane
 *
 * Stops the timer from firing if it has not yet, as Python's
 * Timer.cancel(); its thread then ends without firing.  Every call
 * records CANCEL (value: the timer's number, or 0 before it started);
 * one that comes after the timer fired did nothing, and says so with
 * #WEFT_TIMER_CANCEL_LATE in its arg.
 *
 * Returns: %TRUE when this call kept the timer from firing
 */
gboolean
weft_timer_cancel (WeftTimer  *self,
                   WeftWorker *canceller)
{
  gboolean prevented = FALSE;
  guint32 late = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (canceller != NULL && canceller->run == self->run, FALSE);

  pthread_mutex_lock (&self->lock);
  switch (self->state)
    {
    case TIMER_IDLE:
    case TIMER_WAITING:
      self->state = TIMER_CANCELLED;
      prevented = TRUE;
      pthread_cond_broadcast (&self->cond);
      break;
    case TIMER_FIRED:
      late = WEFT_TIMER_CANCEL_LATE;
      break;
    case TIMER_CANCELLED:
    default:
      break;
    }
  /* Under the lock, so that it is stamped after a FIRE it came too late
   * for, and before the timer thread's END when it came in time. */
  weft_ring_emit (canceller->ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_CANCEL, WEFT_OBJECT_NONE,
                  self->number, late);
  pthread_mutex_unlock (&self->lock);

  return prevented;
}

/* (nullable): the timer's thread once started, to join it. */
WeftWorker *
weft_timer_get_thread (WeftTimer *self)
{
  WeftWorker *thread;

  pthread_mutex_lock (&self->lock);
  thread = self->thread;
  pthread_mutex_unlock (&self->lock);
  return thread;
}

/* Whether its delay passed and its function was called. */
gboolean
weft_timer_has_fired (WeftTimer *self)
{
  gboolean fired;

  pthread_mutex_lock (&self->lock);
  fired = self->state == TIMER_FIRED;
  pthread_mutex_unlock (&self->lock);
  return fired;
}
