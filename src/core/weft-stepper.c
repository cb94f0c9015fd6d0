/* weft-stepper.c: Step mode, where the user lets one thread go at a time
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scheduler's seat.  While Step mode is on, every worker that comes
 * to a sync point (weft_worker_step()) is held there until the user lets
 * it go, and then runs freely to its next one.  Held, it records a `held`
 * span saying what it will do, so the chart shows where each thread
 * stands and an export of the run shows the interleaving chosen.
 *
 * A thread that was let go and then blocks in the primitive itself (a
 * lock someone holds) is not held: it waits, as any thread would, and
 * cannot be let go until whoever holds the lock releases it.
 */

#include "config.h"

#include <pthread.h>
#include <stdatomic.h>

#include "weft-recorder.h"
#include "weft-run.h"
#include "weft-stepper.h"

struct _WeftStepper
{
  /* Read without the lock on every sync point: see weft_stepper_is_on(). */
  _Atomic gboolean on;

  /* The rest is under `lock`; `changed` is broadcast whenever a thread
   * is let go, Step mode ends or the run stops. */
  pthread_mutex_t lock;
  pthread_cond_t changed;
  gboolean closed;               /* the run is stopping: hold no one */
  guint n_held;
  guint8 held[WEFT_RECORDER_MAX_LANES];     /* waiting in weft_stepper_hold() */
  guint8 let_go[WEFT_RECORDER_MAX_LANES];   /* and told to go on */
};

WeftStepper *
weft_stepper_new (void)
{
  WeftStepper *self = g_new0 (WeftStepper, 1);

  atomic_init (&self->on, FALSE);
  pthread_mutex_init (&self->lock, NULL);
  pthread_cond_init (&self->changed, NULL);
  return self;
}

void
weft_stepper_free (WeftStepper *self)
{
  if (self == NULL)
    return;
  pthread_cond_destroy (&self->changed);
  pthread_mutex_destroy (&self->lock);
  g_free (self);
}

/* Turning it off lets every held thread go on at once. */
void
weft_stepper_set_on (WeftStepper *self,
                     gboolean     on)
{
  pthread_mutex_lock (&self->lock);
  /* Relaxed: a worker that misses the change on its fast path runs one
   * sync point more or is held one later, and the lock it then takes
   * orders the rest. */
  atomic_store_explicit (&self->on, on, memory_order_relaxed);
  pthread_cond_broadcast (&self->changed);
  pthread_mutex_unlock (&self->lock);
}

/* The flag itself, for the workers' inline fast path (weft_worker_step()). */
_Atomic gboolean *
weft_stepper_get_flag (WeftStepper *self)
{
  return &self->on;
}

/* Whether Step mode is on, as a hint. */
gboolean
weft_stepper_is_on (WeftStepper *self)
{
  /* Relaxed: only a hint; weft_stepper_hold() looks again under the lock. */
  return atomic_load_explicit (&self->on, memory_order_relaxed);
}

/* The run stops: every held thread goes on, and no one is held again. */
void
weft_stepper_close (WeftStepper *self)
{
  pthread_mutex_lock (&self->lock);
  self->closed = TRUE;
  pthread_cond_broadcast (&self->changed);
  pthread_mutex_unlock (&self->lock);
}

/**
 * weft_stepper_hold:
 * @lane: the calling worker's lane
 *
 * Called by a worker at a sync point while Step mode is on: returns once
 * the user lets @lane go, Step mode ends or the run stops.  The wait is
 * parked (weft_thread_park()), so the checks go on past a held thread.
 */
void
weft_stepper_hold (WeftStepper *self,
                   guint        lane)
{
  g_return_if_fail (lane < WEFT_RECORDER_MAX_LANES);

  pthread_mutex_lock (&self->lock);
  if (atomic_load_explicit (&self->on, memory_order_relaxed) && !self->closed)
    {
      self->held[lane] = TRUE;
      self->n_held++;
      /* Relaxed: `on` is stored under this lock. */
      while (!self->let_go[lane] && !self->closed &&
             atomic_load_explicit (&self->on, memory_order_relaxed))
        weft_thread_cond_wait (&self->changed, &self->lock);
      self->held[lane] = FALSE;
      self->let_go[lane] = FALSE;
      self->n_held--;
    }
  pthread_mutex_unlock (&self->lock);
}

/* Whether @lane is held now and not yet let go. */
gboolean
weft_stepper_is_held (WeftStepper *self,
                      guint        lane)
{
  gboolean held;

  g_return_val_if_fail (lane < WEFT_RECORDER_MAX_LANES, FALSE);
  pthread_mutex_lock (&self->lock);
  held = self->held[lane] && !self->let_go[lane];
  pthread_mutex_unlock (&self->lock);
  return held;
}

guint
weft_stepper_get_n_held (WeftStepper *self)
{
  guint n;

  pthread_mutex_lock (&self->lock);
  n = self->n_held;
  pthread_mutex_unlock (&self->lock);
  return n;
}

static gboolean
let_go_locked (WeftStepper *self,
               guint        lane)
{
  if (!self->held[lane] || self->let_go[lane])
    return FALSE;
  self->let_go[lane] = TRUE;
  pthread_cond_broadcast (&self->changed);
  return TRUE;
}

/**
 * weft_stepper_release:
 *
 * Lets @lane's thread go on to its next sync point.
 *
 * Returns: %FALSE when it is not held there (running, blocked in a
 *   primitive, or already let go)
 */
gboolean
weft_stepper_release (WeftStepper *self,
                      guint        lane)
{
  gboolean done;

  g_return_val_if_fail (lane < WEFT_RECORDER_MAX_LANES, FALSE);
  pthread_mutex_lock (&self->lock);
  done = let_go_locked (self, lane);
  pthread_mutex_unlock (&self->lock);
  return done;
}

/**
 * weft_stepper_release_any:
 * @choice: a random number: which held thread, counted from the first lane
 * @lane: (out): the lane let go
 *
 * "Step any": lets one of the held threads go.
 *
 * Returns: %FALSE when none is held
 */
gboolean
weft_stepper_release_any (WeftStepper *self,
                          guint32      choice,
                          guint       *lane)
{
  guint n = 0, pick;
  gboolean done = FALSE;

  pthread_mutex_lock (&self->lock);
  for (guint i = 0; i < WEFT_RECORDER_MAX_LANES; i++)
    n += self->held[i] && !self->let_go[i];
  if (n > 0)
    {
      pick = choice % n;
      for (guint i = 0; i < WEFT_RECORDER_MAX_LANES && !done; i++)
        if (self->held[i] && !self->let_go[i] && pick-- == 0)
          {
            done = let_go_locked (self, i);
            *lane = i;
          }
    }
  pthread_mutex_unlock (&self->lock);
  return done;
}

/* The words of DESIGN.md's vocabulary, as the JSON and the tests spell them. */
const char *
weft_step_to_string (WeftStep step)
{
  static const char * const names[WEFT_N_STEPS] = {
    [WEFT_STEP_ACQUIRE] = "acquire",
    [WEFT_STEP_RELEASE] = "release",
    [WEFT_STEP_POST] = "post",
    [WEFT_STEP_WAIT] = "wait",
    [WEFT_STEP_NOTIFY] = "notify",
    [WEFT_STEP_NOTIFY_ALL] = "notify_all",
    [WEFT_STEP_SET] = "set",
    [WEFT_STEP_CLEAR] = "clear",
    [WEFT_STEP_ARRIVE] = "arrive",
    [WEFT_STEP_PRODUCE] = "produce",
    [WEFT_STEP_CONSUME] = "consume",
    [WEFT_STEP_READ] = "read",
    [WEFT_STEP_WRITE] = "write",
    [WEFT_STEP_JOIN] = "join",
  };

  return step < WEFT_N_STEPS ? names[step] : "unknown";
}
