/* weft-flag.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Python's Event semantics: a wait returns once the flag is raised, and
 * a waiter released by a set returns TRUE even if the flag is lowered
 * again before it runs.  A waiter remembers the generation (the count of
 * raising sets) it began under; a change means a set released it, and
 * that set took it off the queue and wrote its lane in `released_by`.
 *
 * The flag's object is of kind WEFT_OBJECT_CONDITION: it has no counter
 * lane; `set` and `clear` instants draw its state.
 */

#include "weft-flag.h"

typedef struct
{
  GList link;             /* in WeftFlag.waiters; data points here */
  guint64 generation;     /* the flag's when this wait began */
  gint64 released_by;     /* the setter's lane, -1 until released; under lock */
  gint64 released_at;     /* the setter's stamp of its `set`; under lock */
} WeftFlagWaiter;

static void
weft_flag_abort (gpointer data)
{
  WeftFlag *self = data;

  pthread_mutex_lock (&self->lock);
  self->aborted = TRUE;
  pthread_cond_broadcast (&self->raised);
  pthread_mutex_unlock (&self->lock);
}

void
weft_flag_init (WeftFlag   *self,
                WeftRun    *run,
                const char *name)
{
  self->run = run;
  pthread_mutex_init (&self->lock, NULL);
  weft_run_cond_init (&self->raised);
  self->is_set = FALSE;
  self->generation = 0;
  g_queue_init (&self->waiters);
  self->aborted = FALSE;
  self->object = weft_run_add_object (run, name, WEFT_OBJECT_CONDITION, 0);
  weft_run_add_abort (run, weft_flag_abort, self);
}

/* Frees what init made: not Python's clear(), which is weft_flag_clear(). */
void
weft_flag_destroy (WeftFlag *self)
{
  g_warn_if_fail (g_queue_is_empty (&self->waiters));
  pthread_cond_destroy (&self->raised);
  pthread_mutex_destroy (&self->lock);
}

/* Under lock: hands every waiter the setter's lane and empties the
 * queue.  Returns how many there were. */
static guint
release_waiters (WeftFlag   *self,
                 WeftWorker *worker,
                 gint64      now)
{
  guint n = self->waiters.length;

  for (GList *l = self->waiters.head; l != NULL; l = l->next)
    {
      WeftFlagWaiter *waiter = l->data;

      waiter->released_by = worker->ring->lane;
      waiter->released_at = now;
    }
  /* The links live on the waiters' stacks: nothing to free. */
  g_queue_init (&self->waiters);
  pthread_cond_broadcast (&self->raised);

  return n;
}

/**
 * weft_flag_set:
 *
 * Raises the flag and releases every waiter.  Records `set` with how
 * many it released (0 when the flag was up already), stamped under the
 * flag's lock, so before any of them stamps its `wake`.
 */
void
weft_flag_set (WeftFlag   *self,
               WeftWorker *worker)
{
  guint released = 0;
  gint64 now;

  weft_worker_step (worker, WEFT_STEP_SET, self->object, 0);
  pthread_mutex_lock (&self->lock);
  /* One stamp for the `set` and the cause each released runner records,
   * so its arrow starts at the mark. */
  now = weft_clock_now_ns ();
  if (!self->is_set)
    {
      self->is_set = TRUE;
      self->generation++;
      released = release_waiters (self, worker, now);
    }
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_SET, self->object, released, 0);
  pthread_mutex_unlock (&self->lock);
}

/* Lowers the flag; records `clear`.  Waiters a set released stay released. */
void
weft_flag_clear (WeftFlag   *self,
                 WeftWorker *worker)
{
  weft_worker_step (worker, WEFT_STEP_CLEAR, self->object, 0);
  pthread_mutex_lock (&self->lock);
  self->is_set = FALSE;
  weft_worker_instant (worker, WEFT_INSTANT_CLEAR, self->object, 0);
  pthread_mutex_unlock (&self->lock);
}

gboolean
weft_flag_is_set (WeftFlag *self)
{
  gboolean is_set;

  pthread_mutex_lock (&self->lock);
  is_set = self->is_set;
  pthread_mutex_unlock (&self->lock);

  return is_set;
}

/* Under lock: sleeps until a set releases @waiter, the deadline passes
 * or the run stops.  Returns whether a set released it. */
static gboolean
sleep_until_set (WeftFlag       *self,
                 WeftFlagWaiter *waiter,
                 gint64          deadline_ns,
                 gboolean       *timed_out)
{
  gboolean released;

  *timed_out = FALSE;
  while (self->generation == waiter->generation && !self->aborted && !*timed_out)
    *timed_out = weft_run_cond_wait_until (self->run, &self->raised, &self->lock, deadline_ns);
  released = self->generation != waiter->generation;
  if (!released)
    g_queue_unlink (&self->waiters, &waiter->link);

  return released;
}

/**
 * weft_flag_wait_until:
 * @deadline_ns: on the run's clock (weft_run_now_ns()), or -1 for none
 *
 * Returns at once, recording nothing, when the flag is up: there was no
 * wait to draw.  Otherwise records `waiting` on the flag, begun under
 * its lock (so the trace can prove a thread waits only while the flag
 * is down), ended with `wake` (value: the setter's lane) when a set
 * released it, or `timeout` when the deadline passed first.
 */
WeftFlagResult
weft_flag_wait_until (WeftFlag   *self,
                      WeftWorker *worker,
                      gint64      deadline_ns)
{
  WeftFlagWaiter waiter;
  gboolean released, timed_out;
  gint64 now;

  weft_worker_step (worker, WEFT_STEP_WAIT, self->object, 0);
  pthread_mutex_lock (&self->lock);
  if (self->is_set || self->aborted)
    {
      released = self->is_set;
      pthread_mutex_unlock (&self->lock);
      return released ? WEFT_FLAG_WAS_SET : WEFT_FLAG_STOPPED;
    }

  weft_worker_begin (worker, WEFT_STATE_WAITING, self->object, 0, 0);
  waiter.link = (GList) { &waiter, NULL, NULL };
  waiter.generation = self->generation;
  waiter.released_by = -1;
  g_queue_push_tail_link (&self->waiters, &waiter.link);
  released = sleep_until_set (self, &waiter, deadline_ns, &timed_out);
  pthread_mutex_unlock (&self->lock);

  now = weft_clock_now_ns ();
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_WAITING, self->object, 0, 0);
  if (released)
    {
      weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_HANDOFF, self->object,
                         waiter.released_at, (guint32) waiter.released_by);
      weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, self->object, waiter.released_by, 0);
      return WEFT_FLAG_WAS_SET;
    }
  if (timed_out)
    {
      weft_worker_instant (worker, WEFT_INSTANT_TIMEOUT, self->object, 0);
      return WEFT_FLAG_TIMED_OUT;
    }
  return WEFT_FLAG_STOPPED;
}

/* weft_flag_wait_until() with no deadline: %FALSE only when stopped. */
gboolean
weft_flag_wait (WeftFlag   *self,
                WeftWorker *worker)
{
  return weft_flag_wait_until (self, worker, -1) == WEFT_FLAG_WAS_SET;
}
