/* weft-mutex.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A blocked pthread_mutex_lock() cannot be interrupted, and a holder may
 * never let go (it waits for something the stop ends elsewhere, or for
 * itself).  So an uncontended lock stays one trylock, and a contended
 * one waits in slices of SLICE_NS, looking between slices whether the
 * run is stopping: a stopped run leaves the wait within a slice.  A
 * waiter sleeps in the kernel inside each slice, so waiting costs no
 * CPU, and the holder's unlock stays the plain pthread unlock, with no
 * waiter bookkeeping on the fast path.
 *
 * The holder is tracked, so a thread that asks again for a lock it holds
 * (a deadlock no other thread can end) does not hang: the trace shows it
 * waiting for itself, and the run stops, saying why.
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "weft-format.h"
#include "weft-mutex.h"

/* Short against the 500 ms a stop may take, long enough that a blocked
 * thread wakes only a few dozen times a second. */
#define SLICE_NS (15 * WEFT_NSEC_PER_MSEC)

/* ThreadSanitizer (GCC 12's libtsan) intercepts pthread_mutex_timedlock()
 * but not pthread_mutex_clocklock(): a lock it cannot see would make it
 * report every critical section as a race.  Only there do the slices
 * count on CLOCK_REALTIME, where a clock step can only stretch one. */
#if defined(__SANITIZE_THREAD__)
# define WEFT_MUTEX_REALTIME_SLICES 1
#elif defined(__has_feature)
# if __has_feature(thread_sanitizer)
#  define WEFT_MUTEX_REALTIME_SLICES 1
# endif
#endif

static void
weft_mutex_abort (gpointer data)
{
  WeftMutex *self = data;

  pthread_mutex_lock (&self->gate);
  self->aborted = TRUE;
  pthread_cond_broadcast (&self->stopped);
  pthread_mutex_unlock (&self->gate);
}

void
weft_mutex_init (WeftMutex  *self,
                 WeftRun    *run,
                 const char *name)
{
  pthread_mutex_init (&self->lock, NULL);
  atomic_init (&self->owner, NULL);
  self->released_lane = -1;
  self->released_ns = 0;
  pthread_mutex_init (&self->gate, NULL);
  pthread_cond_init (&self->stopped, NULL);
  self->aborted = FALSE;
  self->object = weft_run_add_object (run, name, WEFT_OBJECT_MUTEX, 0);
  weft_run_add_abort (run, weft_mutex_abort, self);
}

void
weft_mutex_clear (WeftMutex *self)
{
  pthread_cond_destroy (&self->stopped);
  pthread_mutex_destroy (&self->gate);
  pthread_mutex_destroy (&self->lock);
}

/* One slice of a contended wait: 0 with the lock, ETIMEDOUT without. */
static int
lock_for_a_slice (pthread_mutex_t *lock)
{
  struct timespec ts;
  gint64 deadline;

#ifdef WEFT_MUTEX_REALTIME_SLICES
  clock_gettime (CLOCK_REALTIME, &ts);
#else
  clock_gettime (CLOCK_MONOTONIC, &ts);
#endif
  deadline = (gint64) ts.tv_sec * WEFT_NSEC_PER_SEC + ts.tv_nsec + SLICE_NS;
  ts.tv_sec = deadline / WEFT_NSEC_PER_SEC;
  ts.tv_nsec = deadline % WEFT_NSEC_PER_SEC;

#ifdef WEFT_MUTEX_REALTIME_SLICES
  return pthread_mutex_timedlock (lock, &ts);
#else
  return pthread_mutex_clocklock (lock, CLOCK_MONOTONIC, &ts);
#endif
}

/* The contended path: `waiting` from here until the lock is held or the
 * run stops.  Sets @acquired_ns to when the lock was got. */
static gboolean
wait_for_lock (WeftMutex  *self,
               WeftWorker *worker,
               gint64     *acquired_ns)
{
  int res;

  weft_worker_begin (worker, WEFT_STATE_WAITING, self->object, 0, 0);
  weft_thread_park ();
  while ((res = lock_for_a_slice (&self->lock)) != 0)
    {
      /* Anything but a timeout is a broken mutex, not a wait. */
      g_assert (res == ETIMEDOUT);
      if (weft_worker_should_stop (worker))
        {
          weft_thread_unpark ();
          weft_worker_end (worker, WEFT_STATE_WAITING, self->object);
          return FALSE;
        }
    }
  weft_thread_unpark ();
  *acquired_ns = weft_clock_now_ns ();
  weft_ring_emit_at (worker->ring, *acquired_ns, WEFT_EVENT_END, WEFT_STATE_WAITING, self->object, 0, 0);

  return TRUE;
}

/* How long a thread waiting for itself is shown waiting, at pace 1. */
#define SELF_WAIT_SHOWN_MS 1500

/* The lesson of a non-reentrant lock: its holder asking for it again
 * waits for itself, forever.  The trace shows that wait; the run is
 * stopped with the reason, and the wait ends when the stop arrives. */
static char *
describe_self_wait (WeftWorker *worker)
{
  WeftRun *run = worker->run;
  const char *lane = weft_recorder_get_lane_name (weft_run_get_recorder (run), worker->ring->lane);

  return g_strdup_printf (_("%s waits for a lock it already holds"),
                          weft_format_role_lane (weft_run_get_pattern (run), lane));
}

static gboolean
wait_for_self (WeftMutex  *self,
               WeftWorker *worker)
{
  WeftRun *run = worker->run;
  g_autofree char *reason = describe_self_wait (worker);
  g_autofree char *recorded = NULL;
  locale_t previous = weft_format_use_c_locale ();

  recorded = describe_self_wait (worker);
  weft_format_restore_locale (previous);

  weft_worker_begin (worker, WEFT_STATE_WAITING, self->object, 0, 0);
  /* The wait would last forever; the run lets it last long enough to be
   * seen (at the run's pace, so never at pace 0), with the others piling
   * up at the door, before it stops. */
  weft_worker_pause (worker, SELF_WAIT_SHOWN_MS, SELF_WAIT_SHOWN_MS);
  /* Holds no primitive's internal lock: weft_run_stop_because() may run
   * every abort function, this mutex's own included, on this thread. */
  weft_run_stop_because (run, reason, recorded);

  pthread_mutex_lock (&self->gate);
  while (!self->aborted)
    weft_thread_cond_wait (&self->stopped, &self->gate);
  pthread_mutex_unlock (&self->gate);

  weft_worker_end (worker, WEFT_STATE_WAITING, self->object);
  return FALSE;
}

/**
 * weft_mutex_lock:
 *
 * Records `waiting` from the moment the thread asks until it gets the
 * lock (only when it had to wait: an uncontended lock costs no extra
 * timestamp), then `acquire` and the start of `critical`, stamped after
 * the lock is held so that critical spans of one mutex never overlap.
 *
 * A thread asking for a lock it holds records `waiting` on it and stops
 * the run (weft_run_dup_stop_reason() says why).
 *
 * Returns: %FALSE, without the lock, when the run is stopping
 */
gboolean
weft_mutex_lock (WeftMutex  *self,
                 WeftWorker *worker)
{
  gboolean waited = FALSE;
  gint64 now;

  weft_worker_step (worker, WEFT_STEP_ACQUIRE, self->object, 0);
  if (G_LIKELY (pthread_mutex_trylock (&self->lock) == 0))
    now = weft_clock_now_ns ();
  else if (weft_mutex_is_held_by (self, worker))
    return wait_for_self (self, worker);
  else if (!wait_for_lock (self, worker, &now))
    return FALSE;
  else
    waited = TRUE;

  /* Relaxed: only this thread compares the field with itself (see
   * weft_mutex_is_held_by()); the lock orders everything else. */
  atomic_store_explicit (&self->owner, worker, memory_order_relaxed);

  if (weft_worker_should_stop (worker))
    {
      weft_mutex_let_go (self);
      return FALSE;
    }

  /* Only a thread that waited has a cause to draw; the fields are read
   * under the lock, written by whoever held it last. */
  if (waited && self->released_lane >= 0)
    weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_HANDOFF, self->object,
                       self->released_ns, (guint32) self->released_lane);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, self->object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, self->object, 0, 0);
  return TRUE;
}

/* Stamps `release` and the end of `critical` before letting go. */
void
weft_mutex_unlock (WeftMutex  *self,
                   WeftWorker *worker)
{
  gint64 now;

  g_return_if_fail (weft_mutex_is_held_by (self, worker));
  weft_worker_step (worker, WEFT_STEP_RELEASE, self->object, 0);

  now = weft_clock_now_ns ();
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_CRITICAL, self->object, 0, 0);
  weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, self->object, 0, 0);
  weft_mutex_hand_over (self, worker, now);
}

static void
unlock (WeftMutex *self)
{
  /* Relaxed: cleared before the unlock, whose release orders it for the
   * next holder; a waiter only needs to see that it is not itself. */
  atomic_store_explicit (&self->owner, NULL, memory_order_relaxed);
  pthread_mutex_unlock (&self->lock);
}

/* Unlocks without recording, for primitives built on a mutex that
 * record no release (a stop): whoever gets the lock next was let go by
 * nothing the trace shows, so it draws no arrow. */
void
weft_mutex_let_go (WeftMutex *self)
{
  self->released_lane = -1;
  unlock (self);
}

/* Unlocks after the caller stamped `release` at @released_ns (itself,
 * or a condition's wait): the next thread that waited for the lock
 * records that release as its cause. */
void
weft_mutex_hand_over (WeftMutex  *self,
                      WeftWorker *worker,
                      gint64      released_ns)
{
  self->released_lane = worker->ring->lane;
  self->released_ns = released_ns;
  unlock (self);
}
