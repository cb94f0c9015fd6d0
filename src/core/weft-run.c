/* weft-run.c: starting, pacing and stopping a pattern's worker threads
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything that blocks a worker here is a pthread condition wait that
 * stop can break: simulated work waits on the run's condition with a
 * deadline rather than in nanosleep(), and every primitive a pattern
 * creates registers an abort function, as Python's Barrier.abort() does,
 * so a stopped run releases its waiters wherever they are.
 *
 * Threads come and go during a run, as in a Python program: the
 * pattern's cast starts together (weft_run_start()), and any of them may
 * start more (weft_worker_spawn()), which the run joins at the end as it
 * joins its first ones.  Each lane records its thread's life: START
 * first, then END when its function returns, RAISE when it ended on an
 * uncaught error, or KILLED when it was a daemon still running when the
 * program "exited" (see worker_returned()).
 */

#define _GNU_SOURCE
#include "config.h"

#include <glib/gi18n-lib.h>
#include <pthread.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "weft-run.h"
#include "weft-stepper.h"

/* The recorder's total budget, in events, shared by a run's rings: two
 * cores cannot feed more than a few threads at a million events per
 * second each, so many threads get smaller rings, never less than a
 * frame's worth at a rate a busy thread on a shared core reaches. */
#define RING_BUDGET_EVENTS (1u << 21)
#define RING_MIN_CAPACITY 4096u
#define WORKER_STACK_SIZE (1024 * 1024)
#define WORKER_NICENESS 5

/* The ring of the worker this thread runs, for the waits that do not
 * know their worker (weft_thread_park()); NULL on any other thread. */
static _Thread_local WeftRing *this_thread_ring;

typedef struct
{
  WeftAbortFunc func;
  gpointer data;
} AbortEntry;

/* Allocated with g_atomic_rc_box_new0(), which keeps the count. */
struct _WeftRun
{
  const WeftPattern *pattern;
  WeftParams params;
  WeftRecorder *recorder;
  gpointer state;
  GArray *objects;          /* WeftObjectInfo, indexed by object id */
  GArray *aborts;           /* AbortEntry */
  guint64 seed;

  guint n_workers;           /* the pattern's cast, started by weft_run_start() */
  /* WeftWorker, owned, at fixed addresses: the cast first, then every
   * spawned thread in the order of their lanes.  Grows under `lock`. */
  GPtrArray *workers;
  guint n_created;          /* of the cast; the starting thread's only */
  gboolean joined;
  pthread_attr_t thread_attr;

  /* Guards n_registered, started and start_ns; `cond` is broadcast when
   * a worker registers, when the start line opens and when the run
   * stops, and paced sleeps wait on it with a deadline. */
  pthread_mutex_t lock;
  pthread_cond_t cond;
  guint n_registered;
  gboolean started;
  gint64 start_ns;
  /* The run's own clock, which stops while paused (weft_run_now_ns());
   * under `lock` too. */
  gint64 paused_total_ns;
  gint64 pause_began_ns;    /* 0 while running */

  char *stop_reason;        /* why the run stopped itself; under `lock` */
  char *recorded_stop_reason; /* the same in English; under `lock` */
  gint64 stop_ns;           /* when the stop was asked for, 0 for never; under `lock` */
  GPtrArray *messages;      /* char *: what RAISE events said, event arg - 1; under `lock` */

  /* What keeps the program alive, under `lock`.  Python kills its daemon
   * threads at exit, which comes once the main thread and every other
   * non-daemon thread have returned. */
  guint n_live_nondaemon;
  gboolean main_returned;
  gboolean daemons_killed;

  WeftStepper *stepper;      /* Step mode: holds workers at their sync points */
  WeftProgram *program;      /* a recorded program's run (weft record), or NULL */

  _Atomic gboolean stopping;
  _Atomic gboolean paused;
  _Atomic guint active;
  _Atomic gboolean finished;
};

static guint
round_down_pow2 (guint n)
{
  guint p = 1;

  while (p <= n / 2)
    p *= 2;
  return p;
}

static guint64
splitmix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return x ^ (x >> 31);
}

WeftRun *
weft_run_new (const WeftPattern *pattern,
              const WeftParams  *params,
              GError           **error)
{
  WeftRun *self;
  pthread_condattr_t attr;
  guint capacity;

  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  if (!weft_pattern_check_params (pattern, params, error))
    return NULL;

  self = g_atomic_rc_box_new0 (WeftRun);
  self->pattern = pattern;
  self->params = *params;
  /* Every run is seeded, so the summary and the trace can say how to
   * run it again. */
  self->seed = params->seeded ? params->seed : g_random_int () | ((guint64) g_random_int () << 32);
  self->params.seed = self->seed;
  self->params.seeded = TRUE;
  self->objects = g_array_new (FALSE, TRUE, sizeof (WeftObjectInfo));
  self->aborts = g_array_new (FALSE, TRUE, sizeof (AbortEntry));
  self->stepper = weft_stepper_new ();
  self->n_workers = weft_pattern_count_workers (pattern, params);
  self->workers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->n_workers; i++)
    g_ptr_array_add (self->workers, g_new0 (WeftWorker, 1));
  self->messages = g_ptr_array_new_with_free_func (g_free);
  pthread_attr_init (&self->thread_attr);
  pthread_attr_setstacksize (&self->thread_attr, WORKER_STACK_SIZE);

  capacity = RING_BUDGET_EVENTS / MAX (self->n_workers, 1);
  capacity = CLAMP (round_down_pow2 (capacity), RING_MIN_CAPACITY, WEFT_RING_DEFAULT_CAPACITY);
  self->recorder = weft_recorder_new (capacity);

  pthread_mutex_init (&self->lock, NULL);
  pthread_condattr_init (&attr);
  /* Deadlines come from weft_clock_monotonic_ns(), never from a stamp. */
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_cond_init (&self->cond, &attr);
  pthread_condattr_destroy (&attr);

  atomic_init (&self->stopping, FALSE);
  atomic_init (&self->paused, FALSE);
  atomic_init (&self->active, 0);
  atomic_init (&self->finished, FALSE);

  self->state = pattern->setup (self);

  return self;
}

WeftRun *
weft_run_ref (WeftRun *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  /* An increment by a holder of a reference needs no ordering at all;
   * GLib's atomic one is stronger than that. */
  return g_atomic_rc_box_acquire (self);
}

static void
weft_run_clear (gpointer data)
{
  WeftRun *self = data;

  /* Never free state under a running thread. */
  weft_run_stop (self);

  if (self->pattern->free_state != NULL)
    self->pattern->free_state (self->state);
  for (guint i = 0; i < self->objects->len; i++)
    g_free (g_array_index (self->objects, WeftObjectInfo, i).name);
  g_array_unref (self->objects);
  g_array_unref (self->aborts);
  weft_stepper_free (self->stepper);
  weft_recorder_unref (self->recorder);
  weft_program_free (self->program);
  pthread_cond_destroy (&self->cond);
  pthread_mutex_destroy (&self->lock);
  g_free (self->stop_reason);
  g_free (self->recorded_stop_reason);
  g_ptr_array_unref (self->messages);
  g_ptr_array_unref (self->workers);
  pthread_attr_destroy (&self->thread_attr);
}

void
weft_run_unref (WeftRun *self)
{
  g_return_if_fail (self != NULL);
  /* GLib's decrement is a full barrier, so every other holder's last use
   * happens before the clear function runs and the box is freed. */
  g_atomic_rc_box_release_full (self, weft_run_clear);
}

/**
 * weft_run_configure_recorder:
 * @capacity: events per ring, a power of two; 0 keeps the run's choice
 *
 * How the workers record: call before weft_run_start().  Lossless mode
 * needs a consumer that drains continuously (a WeftCollector).
 */
void
weft_run_configure_recorder (WeftRun           *self,
                             WeftRecordingMode  mode,
                             guint              capacity)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->n_created == 0);

  if (capacity != 0 && capacity != weft_recorder_get_ring_capacity (self->recorder))
    {
      WeftRecorder *recorder = weft_recorder_new (capacity);

      g_return_if_fail (recorder != NULL);
      weft_recorder_unref (self->recorder);
      self->recorder = recorder;
    }
  weft_recorder_set_mode (self->recorder, mode);
}

/* Makes runs repeatable in tests; call before weft_run_start(). */
void
weft_run_set_seed (WeftRun *self,
                   guint64  seed)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (self->n_created == 0);
  self->seed = seed;
  self->params.seed = seed;
  self->params.seeded = TRUE;
}

/* The seed every worker's random durations derive from. */
guint64
weft_run_get_seed (WeftRun *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->seed;
}

static void
format_names (WeftRun    *self,
              guint       role_index,
              guint       number,
              char       *lane_name,
              gsize       lane_size,
              char       *kernel_name,
              gsize       kernel_size)
{
  const WeftRole *role = &self->pattern->roles[role_index];

  if (role->numbered)
    {
      g_snprintf (lane_name, lane_size, "%s-%u", role->name, number);
      g_snprintf (kernel_name, kernel_size, "weft-%s-%u", role->short_name, number);
    }
  else
    {
      g_strlcpy (lane_name, role->name, lane_size);
      g_snprintf (kernel_name, kernel_size, "weft-%s", role->short_name);
    }
}

/* With `lock` held: @worker has stamped its last lifecycle event.  When
 * that leaves the program with no main thread and no other non-daemon
 * thread, as at a Python program's exit, every daemon still running is
 * told to stop; weft_worker_should_stop() and the paced sleeps see it. */
static void
worker_returned (WeftRun    *self,
                 WeftWorker *worker)
{
  worker->returned = TRUE;
  if (!worker->daemon)
    self->n_live_nondaemon--;
  if (self->pattern->roles[worker->role].flags & WEFT_ROLE_MAIN)
    self->main_returned = TRUE;
  /* A run that is stopping returns every thread, daemons too, so main's
   * return is then no program's exit and kills nobody.  Decided on
   * `stop_ns`, under `lock` as the lane's END time is taken: main's END
   * comes before the stop's moment exactly when this was an exit. */
  if (self->main_returned && self->n_live_nondaemon == 0 && !self->daemons_killed &&
      self->stop_ns == 0)
    {
      self->daemons_killed = TRUE;
      for (guint i = 0; i < self->workers->len; i++)
        {
          WeftWorker *other = g_ptr_array_index (self->workers, i);

          /* Relaxed: written under `lock`, which the sleeps and joins
           * that must see it wait with; the polls only need a hint. */
          if (other->daemon && !other->returned)
            atomic_store_explicit (&other->killed, TRUE, memory_order_relaxed);
        }
    }
  /* Wakes joiners of this thread, and the daemons just killed. */
  pthread_cond_broadcast (&self->cond);
}

static void *
worker_main (void *data)
{
  WeftWorker *worker = data;
  WeftRun *self = worker->run;
  char lane_name[64];
  char kernel_name[16];   /* the kernel keeps 15 bytes and a NUL */
  gboolean go, last, killed;
  gint64 end_ns;

  format_names (self, worker->role, worker->number, lane_name, sizeof lane_name,
                kernel_name, sizeof kernel_name);
  /* So that top -H and gdb show what each thread is. */
  pthread_setname_np (pthread_self (), kernel_name);
  /* A notch below the thread that drains and draws them: at pace 0 a
   * pattern can keep every core busy, and the consumer must still get
   * enough time to empty the rings, or events are dropped.  Linux sets
   * nice per thread; lowering one's own priority needs no privilege. */
  setpriority (PRIO_PROCESS, gettid (), getpriority (PRIO_PROCESS, gettid ()) + WORKER_NICENESS);

  if (worker->spawned)
    {
      /* Its parent registered its lane and stamped its START there. */
      weft_recorder_set_lane_tid (self->recorder, worker->ring->lane, gettid ());
      pthread_mutex_lock (&self->lock);
      worker->tid = gettid ();
      pthread_mutex_unlock (&self->lock);
      go = TRUE;
    }
  else
    {
      worker->ring = weft_recorder_register (self->recorder, lane_name);

      pthread_mutex_lock (&self->lock);
      worker->tid = gettid ();
      self->n_registered++;
      pthread_cond_broadcast (&self->cond);
      /* Relaxed is enough for `stopping` inside the lock: the stopper sets
       * it before taking the lock to broadcast, so we see it or the wakeup. */
      while (!self->started && !atomic_load_explicit (&self->stopping, memory_order_relaxed))
        pthread_cond_wait (&self->cond, &self->lock);
      go = self->started;
      pthread_mutex_unlock (&self->lock);

      /* The cast's lanes start when the run does, not while the others
       * are still being created. */
      if (go && worker->ring != NULL)
        weft_worker_instant (worker, WEFT_INSTANT_START, WEFT_OBJECT_NONE, worker->daemon);
    }

  if (go && worker->ring != NULL)
    {
      this_thread_ring = worker->ring;
      if (worker->func != NULL)
        worker->func (worker, worker->func_data);
      else
        self->pattern->work (worker, self->state);
    }

  this_thread_ring = NULL;
  /* Acq_rel: each worker's release publishes its writes to the shared
   * state; the last one's acquire sees them all before finish() reads. */
  last = atomic_fetch_sub_explicit (&self->active, 1, memory_order_acq_rel) == 1;
  if (last && go && worker->ring != NULL && self->pattern->finish != NULL)
    self->pattern->finish (worker, self->state);

  /* The lane's end is stamped under `lock`, where the program's exit is
   * decided (worker_returned()): a daemon that a stop ends just as main
   * returns is then stamped either before main's END or after it and
   * KILLED, as it was, never as ending on its own after the exit.  It
   * is written once the lock is let go, so no ring stall is waited out
   * under it; a JOIN of this thread is stamped later still.  Relaxed:
   * `killed` is set under `lock`, held here. */
  pthread_mutex_lock (&self->lock);
  killed = atomic_load_explicit (&worker->killed, memory_order_relaxed);
  end_ns = weft_clock_now_ns ();
  /* Only an END that will be written can be a joiner's cause. */
  worker->returned_ns = go && worker->ring != NULL && !worker->raised && !killed ? end_ns : 0;
  worker_returned (self, worker);
  pthread_mutex_unlock (&self->lock);

  /* After a RAISE the thread has already said how it ended. */
  if (go && worker->ring != NULL && !worker->raised)
    weft_ring_emit_at (worker->ring, end_ns, WEFT_EVENT_INSTANT,
                       killed ? WEFT_INSTANT_KILLED : WEFT_INSTANT_END, WEFT_OBJECT_NONE, 0, 0);

  if (last)
    /* Release: pairs with the acquire in weft_run_is_finished(). */
    atomic_store_explicit (&self->finished, TRUE, memory_order_release);
  /* Nothing more will come from this thread: the timeline need not wait
   * for its lane before it folds later events from the others. */
  if (worker->ring != NULL)
    weft_ring_finish (worker->ring);

  return NULL;
}

static gboolean
start_program (WeftRun  *self,
               GError  **error)
{
  if (!weft_program_start (self->program, self->recorder, error))
    return FALSE;
  pthread_mutex_lock (&self->lock);
  self->start_ns = weft_clock_now_ns ();
  self->started = TRUE;
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);
  return TRUE;
}

/**
 * weft_run_start:
 *
 * Starts the workers one at a time, so lanes come in the order of the
 * pattern's cast, then lets them all go at once.
 */
gboolean
weft_run_start (WeftRun  *self,
                GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->n_created == 0, FALSE);

  if (self->program != NULL)
    return start_program (self, error);

  /* Relaxed: set before any worker exists; pthread_create publishes it. */
  atomic_store_explicit (&self->active, self->n_workers, memory_order_relaxed);

  for (guint i = 0; i < self->n_workers; i++)
    {
      WeftWorker *worker = g_ptr_array_index (self->workers, i);
      pthread_t thread;
      int res;

      worker->run = self;
      worker->stepping = weft_stepper_get_flag (self->stepper);
      worker->index = i;
      worker->role = weft_pattern_role_of (self->pattern, &self->params, i, &worker->number);
      worker->spawn_key = i;
      worker->rng = splitmix64 (self->seed + i) | 1;
      worker->pace = weft_params_get (&self->params, "pace", 0);
      worker->daemon = (self->pattern->roles[worker->role].flags & WEFT_ROLE_DAEMON) != 0;
      atomic_init (&worker->killed, FALSE);

      /* Counted before it can return, which it may do at once if stopped. */
      pthread_mutex_lock (&self->lock);
      if (!worker->daemon)
        self->n_live_nondaemon++;
      pthread_mutex_unlock (&self->lock);

      res = pthread_create (&thread, &self->thread_attr, worker_main, worker);
      if (res != 0)
        {
          pthread_mutex_lock (&self->lock);
          if (!worker->daemon)
            self->n_live_nondaemon--;
          pthread_mutex_unlock (&self->lock);
          /* The threads not created will never decrement `active`. */
          atomic_fetch_sub_explicit (&self->active, self->n_workers - i, memory_order_relaxed);
          g_set_error (error, G_THREAD_ERROR, G_THREAD_ERROR_AGAIN,
                       _("Could not start thread %u of %u: %s"),
                       i + 1, self->n_workers, g_strerror (res));
          weft_run_stop (self);
          return FALSE;
        }
      self->n_created++;

      pthread_mutex_lock (&self->lock);
      worker->thread = thread;
      worker->created = TRUE;
      while (self->n_registered < self->n_created)
        pthread_cond_wait (&self->cond, &self->lock);
      pthread_mutex_unlock (&self->lock);
    }

  pthread_mutex_lock (&self->lock);
  self->start_ns = weft_clock_now_ns ();
  self->started = TRUE;
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);

  return TRUE;
}

/**
 * weft_run_new_for_program:
 * @program: (transfer full): not started yet
 *
 * A run whose threads are a program's, recorded through the preloaded
 * library: its lanes and objects appear as the program makes them
 * (weft_run_sync_program()), and it ends when the program has exited.
 */
WeftRun *
weft_run_new_for_program (WeftProgram *program)
{
  WeftParams params;
  WeftRun *self;

  g_return_val_if_fail (program != NULL, NULL);

  weft_pattern_get_default_params (&weft_program_pattern, &params);
  self = weft_run_new (&weft_program_pattern, &params, NULL);
  self->program = program;
  return self;
}

/* The recorded program, or NULL for a pattern's run. */
WeftProgram *
weft_run_get_program (WeftRun *self)
{
  return self->program;
}

/**
 * weft_run_sync_program:
 *
 * For the consumer, before it drains: takes in the program's new lanes.
 */
void
weft_run_sync_program (WeftRun *self)
{
  if (self->program != NULL)
    weft_program_adopt_lanes (self->program, self->recorder);
}

/**
 * weft_run_discover_objects:
 *
 * For the consumer, when an event names object @upto that the run does
 * not know yet: takes in the program's objects up to it.
 *
 * Returns: whether @upto is known now
 */
gboolean
weft_run_discover_objects (WeftRun *self,
                           guint    upto)
{
  if (self->program == NULL)
    return upto < self->objects->len;
  while (self->objects->len <= upto)
    {
      WeftObjectInfo info = { NULL, 0, 0 };

      if (!weft_program_describe_object (self->program, self->objects->len, &info.name, &info.kind))
        return FALSE;
      g_array_append_val (self->objects, info);
    }
  return TRUE;
}

/**
 * weft_run_set_paused:
 *
 * Holds every worker at its next step of simulated work (threads blocked
 * on a primitive stay blocked: they wait on one that is held), or lets
 * them go on.  Stop ends a pause.
 */
void
weft_run_set_paused (WeftRun  *self,
                     gboolean  paused)
{
  weft_run_set_paused_at (self, paused, weft_clock_now_ns ());
}

/**
 * weft_run_set_paused_at:
 * @now_ns: the stamp of the pause's edge, as the trace keeps it
 *
 * As weft_run_set_paused(), with the edge stamped by the caller: the
 * run's clock then leaves out exactly the pauses the trace shows, never
 * a few milliseconds more or less (a loaded machine delays taking the
 * lock below), which a timer's check would count as firing early.
 */
void
weft_run_set_paused_at (WeftRun  *self,
                        gboolean  paused,
                        gint64    now_ns)
{
  g_return_if_fail (self != NULL);

  pthread_mutex_lock (&self->lock);
  if (paused && self->pause_began_ns == 0)
    self->pause_began_ns = now_ns;
  else if (!paused && self->pause_began_ns != 0)
    {
      self->paused_total_ns += MAX (0, now_ns - self->pause_began_ns);
      self->pause_began_ns = 0;
    }
  /* Relaxed: written under the lock the paused workers wait with; the
   * unlocked fast path in weft_worker_pause() only needs a hint. */
  atomic_store_explicit (&self->paused, paused, memory_order_relaxed);
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);
  /* A program's threads are not Weft's to hold: the kernel stops it. */
  if (self->program != NULL)
    weft_program_set_paused (self->program, paused);
}

gboolean
weft_run_is_paused (WeftRun *self)
{
  return atomic_load_explicit (&self->paused, memory_order_relaxed);
}

/**
 * weft_run_now_ns:
 *
 * The run's own clock: the stamps' clock (weft_clock_now_ns()) less
 * every pause, frozen while paused.  A pattern's timeouts and delays count on it, so a pause never
 * breaks a barrier or fires a timer early.  Only for deadlines: events
 * are stamped on the real clock, pauses and all.
 */
gint64
weft_run_now_ns (WeftRun *self)
{
  gint64 now;

  pthread_mutex_lock (&self->lock);
  now = self->pause_began_ns != 0 ? self->pause_began_ns : weft_clock_now_ns ();
  now -= self->paused_total_ns;
  pthread_mutex_unlock (&self->lock);

  return now;
}

/* Step mode (weft-stepper.c): on from the start when set before
 * weft_run_start(), so the threads are held at their first sync point. */
WeftStepper *
weft_run_get_stepper (WeftRun *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->stepper;
}

/**
 * weft_worker_hold:
 * @step: what the worker is about to do
 * @object: on which object, or %WEFT_OBJECT_NONE
 * @value: what it will write, or 0
 *
 * A sync point in Step mode (weft_worker_step() calls it only then): the
 * worker is held here, in a `held` span saying what it will do, until
 * the user lets it go.
 */
void
weft_worker_hold (WeftWorker *worker,
                  WeftStep    step,
                  guint16     object,
                  gint64      value)
{
  WeftStepper *stepper = worker->run->stepper;

  if (worker->ring == NULL)
    return;
  weft_worker_begin (worker, WEFT_STATE_HELD, object, value, step);
  weft_stepper_hold (stepper, worker->ring->lane);
  weft_worker_end (worker, WEFT_STATE_HELD, object);
}

/**
 * weft_thread_park:
 *
 * Says that the calling worker is about to block, every event it has
 * stamped already written, so that the timeline may fold later events
 * of the others without waiting for its next one (weft_ring_park()).
 * Every wait that can last calls it, and weft_thread_unpark() once it
 * wakes, before anything is stamped.  Does nothing on other threads.
 */
void
weft_thread_park (void)
{
  if (this_thread_ring != NULL)
    weft_ring_park (this_thread_ring);
}

void
weft_thread_unpark (void)
{
  if (this_thread_ring != NULL)
    weft_ring_unpark (this_thread_ring);
}

/* pthread_cond_wait(), parked while it sleeps. */
void
weft_thread_cond_wait (pthread_cond_t  *cond,
                       pthread_mutex_t *mutex)
{
  weft_thread_park ();
  pthread_cond_wait (cond, mutex);
  weft_thread_unpark ();
}

/* How long a paused waiter sleeps before it looks at the clock again. */
#define PAUSED_RECHECK_NS (50 * WEFT_NSEC_PER_MSEC)

/**
 * weft_run_cond_wait_until:
 * @cond: a condition variable on CLOCK_MONOTONIC (weft_run_cond_init())
 * @mutex: held by the caller
 * @deadline_ns: on the run's clock (weft_run_now_ns()), or -1 for none
 *
 * One wait on @cond, as pthread_cond_wait() but ending at the latest when
 * the run's clock reaches @deadline_ns.  Like any condition wait it may
 * return early: callers loop on their predicate.
 *
 * Returns: %TRUE when the deadline has passed on the run's clock
 */
gboolean
weft_run_cond_wait_until (WeftRun         *self,
                          pthread_cond_t  *cond,
                          pthread_mutex_t *mutex,
                          gint64           deadline_ns)
{
  gint64 left, wake;
  struct timespec ts;

  if (deadline_ns < 0)
    {
      weft_thread_cond_wait (cond, mutex);
      return FALSE;
    }

  left = deadline_ns - weft_run_now_ns (self);
  if (left <= 0)
    return TRUE;
  /* While paused the run's clock stands still: look again now and then,
   * the deadline moves on by as long as the pause lasts. */
  if (weft_run_is_paused (self))
    left = PAUSED_RECHECK_NS;
  /* The kernel counts the wait on CLOCK_MONOTONIC, which the stamps'
   * clock (the TSC, maybe) is only calibrated to: what is left is a
   * duration, so it carries over; an instant would not. */
  wake = weft_clock_monotonic_ns () + left;
  ts.tv_sec = wake / WEFT_NSEC_PER_SEC;
  ts.tv_nsec = wake % WEFT_NSEC_PER_SEC;
  weft_thread_park ();
  pthread_cond_timedwait (cond, mutex, &ts);
  weft_thread_unpark ();

  return weft_run_now_ns (self) >= deadline_ns;
}

/* A condition variable whose timed waits count on CLOCK_MONOTONIC, as
 * weft_run_cond_wait_until() needs: deadlines on it come from
 * weft_clock_monotonic_ns(), never from a stamp. */
void
weft_run_cond_init (pthread_cond_t *cond)
{
  pthread_condattr_t attr;

  pthread_condattr_init (&attr);
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_cond_init (cond, &attr);
  pthread_condattr_destroy (&attr);
}

/* Wakes every worker wherever it is blocked or sleeping; returns at once. */
void
weft_run_request_stop (WeftRun *self)
{
  g_return_if_fail (self != NULL);

  /* The moment comes first, under the lock where a program's exit is
   * decided (worker_returned()), so that a main returning as the stop
   * comes is either an exit stamped before it or no exit at all. */
  pthread_mutex_lock (&self->lock);
  if (self->stop_ns == 0)
    self->stop_ns = weft_clock_now_ns ();
  pthread_mutex_unlock (&self->lock);

  /* Relaxed: the broadcast under the lock below is what publishes it to
   * sleepers; the loops that poll it only need to see it eventually. */
  if (atomic_exchange_explicit (&self->stopping, TRUE, memory_order_relaxed))
    return;

  pthread_mutex_lock (&self->lock);
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);
  weft_stepper_close (self->stepper);
  if (self->program != NULL)
    weft_program_request_stop (self->program);

  for (guint i = 0; i < self->aborts->len; i++)
    {
      AbortEntry *entry = &g_array_index (self->aborts, AbortEntry, i);
      entry->func (entry->data);
    }
}

/**
 * weft_run_stop_because:
 * @reason: what the user is told, translated: "worker-1 waits for a lock
 *   it already holds"
 * @recorded: the same as the trace records it, for programs: made in
 *   the C locale (weft_format_use_c_locale()), so in English
 *
 * For a primitive or a pattern that finds the run can never go on (a
 * thread deadlocked on itself): records why and stops the run.  Callable
 * from a worker, holding none of the run's primitives' locks.  The first
 * reason given is kept.
 */
void
weft_run_stop_because (WeftRun    *self,
                       const char *reason,
                       const char *recorded)
{
  g_return_if_fail (self != NULL);

  pthread_mutex_lock (&self->lock);
  if (self->stop_reason == NULL)
    {
      self->stop_reason = g_strdup (reason);
      self->recorded_stop_reason = g_strdup (recorded);
    }
  pthread_mutex_unlock (&self->lock);
  weft_run_request_stop (self);
}

/* When a stop was first asked for, on CLOCK_MONOTONIC; 0 for never. */
gint64
weft_run_get_stop_ns (WeftRun *self)
{
  gint64 stop_ns;

  pthread_mutex_lock (&self->lock);
  stop_ns = self->stop_ns;
  pthread_mutex_unlock (&self->lock);

  return stop_ns;
}

/* Why the run stopped itself (weft_run_stop_because()), or NULL. */
char *
weft_run_dup_stop_reason (WeftRun *self)
{
  char *reason;

  pthread_mutex_lock (&self->lock);
  reason = g_strdup (self->stop_reason);
  pthread_mutex_unlock (&self->lock);

  return reason;
}

/* The same in English, as the trace keeps it, or NULL. */
char *
weft_run_dup_recorded_stop_reason (WeftRun *self)
{
  char *reason;

  pthread_mutex_lock (&self->lock);
  reason = g_strdup (self->recorded_stop_reason);
  pthread_mutex_unlock (&self->lock);

  return reason;
}

/* Joins every worker, spawned ones too; returns how long the joins
 * took, in ns. */
gint64
weft_run_join (WeftRun *self)
{
  gint64 begin = weft_clock_now_ns ();

  g_return_val_if_fail (self != NULL, 0);

  if (self->joined)
    return 0;
  if (self->program != NULL)
    weft_program_join (self->program);
  /* In order: a thread is spawned by one with a lower index, which adds
   * it before it can return, so once that one is joined its children
   * are in the array with their threads created, or never will be. */
  for (guint i = 0;; i++)
    {
      pthread_t thread;
      gboolean created;

      pthread_mutex_lock (&self->lock);
      if (i >= self->workers->len)
        {
          pthread_mutex_unlock (&self->lock);
          break;
        }
      created = ((WeftWorker *) g_ptr_array_index (self->workers, i))->created;
      thread = ((WeftWorker *) g_ptr_array_index (self->workers, i))->thread;
      pthread_mutex_unlock (&self->lock);
      if (created)
        pthread_join (thread, NULL);
    }
  self->joined = TRUE;

  return weft_clock_now_ns () - begin;
}

gint64
weft_run_stop (WeftRun *self)
{
  weft_run_request_stop (self);
  return weft_run_join (self);
}

/* Whether every worker has returned (they may not be joined yet). */
gboolean
weft_run_is_finished (WeftRun *self)
{
  if (self->program != NULL)
    return weft_program_is_finished (self->program);
  return atomic_load_explicit (&self->finished, memory_order_acquire);
}

gboolean
weft_run_is_joined (WeftRun *self)
{
  return self->joined;
}

const WeftPattern *
weft_run_get_pattern (WeftRun *self)
{
  return self->pattern;
}

const WeftParams *
weft_run_get_params (WeftRun *self)
{
  return &self->params;
}

WeftRecorder *
weft_run_get_recorder (WeftRun *self)
{
  return self->recorder;
}

/* When the workers were let go; 0 before weft_run_start(). */
gint64
weft_run_get_start_ns (WeftRun *self)
{
  return self->start_ns;
}

/* How many workers the run has had so far: its cast and every thread
 * spawned since. */
guint
weft_run_get_n_workers (WeftRun *self)
{
  guint n;

  pthread_mutex_lock (&self->lock);
  n = self->workers->len;
  pthread_mutex_unlock (&self->lock);
  return n;
}

/* The native thread id of worker @index, once started; 0 before. */
gint
weft_run_get_worker_tid (WeftRun *self,
                         guint    index)
{
  gint tid = 0;

  pthread_mutex_lock (&self->lock);
  if (index < self->workers->len)
    tid = ((WeftWorker *) g_ptr_array_index (self->workers, index))->tid;
  pthread_mutex_unlock (&self->lock);
  return tid;
}

/**
 * weft_run_get_message:
 * @arg: a RAISE event's arg
 *
 * What a thread said when it ended on an error (weft_worker_raise()).
 * Any thread may ask, at any time.
 *
 * Returns: (nullable): the message, owned by the run until it is freed
 */
const char *
weft_run_get_message (WeftRun *self,
                      guint32  arg)
{
  const char *message = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  pthread_mutex_lock (&self->lock);
  if (arg >= 1 && arg <= self->messages->len)
    message = g_ptr_array_index (self->messages, arg - 1);
  pthread_mutex_unlock (&self->lock);
  return message;
}

guint16
weft_run_add_object (WeftRun        *self,
                     const char     *name,
                     WeftObjectKind  kind,
                     gint64          limit)
{
  WeftObjectInfo info = { g_strdup (name), kind, limit };

  g_return_val_if_fail (self->n_created == 0, 0);
  g_array_append_val (self->objects, info);

  return self->objects->len - 1;
}

/* The bound a counter lane is drawn against, e.g. a buffer's slots. */
void
weft_run_set_object_limit (WeftRun *self,
                           guint16  object,
                           gint64   limit)
{
  g_return_if_fail (object < self->objects->len);
  g_array_index (self->objects, WeftObjectInfo, object).limit = limit;
}

guint
weft_run_get_n_objects (WeftRun *self)
{
  return self->objects->len;
}

const WeftObjectInfo *
weft_run_get_object (WeftRun *self,
                     guint16  object)
{
  g_return_val_if_fail (object < self->objects->len, NULL);
  return &g_array_index (self->objects, WeftObjectInfo, object);
}

/* A primitive's way to be told the run stopped; called from
 * weft_run_request_stop() on the stopping thread. */
void
weft_run_add_abort (WeftRun       *self,
                    WeftAbortFunc  func,
                    gpointer       data)
{
  AbortEntry entry = { func, data };

  g_return_if_fail (self->n_created == 0);
  g_array_append_val (self->aborts, entry);
}

/* Whether the run is stopping, or this thread is a daemon killed at
 * the program's exit: either way its function should return. */
gboolean
weft_worker_should_stop (WeftWorker *worker)
{
  /* Relaxed: hints polled between steps; the sleeps and primitives
   * synchronize properly on their own locks. */
  return atomic_load_explicit (&worker->run->stopping, memory_order_relaxed) ||
         atomic_load_explicit (&worker->killed, memory_order_relaxed);
}

/* Whether this daemon was killed at the program's exit. */
gboolean
weft_worker_is_killed (WeftWorker *worker)
{
  /* Relaxed: as in weft_worker_should_stop(). */
  return atomic_load_explicit (&worker->killed, memory_order_relaxed);
}

guint64
weft_worker_random (WeftWorker *worker)
{
  guint64 x = worker->rng;

  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  worker->rng = x;
  return x * G_GUINT64_CONSTANT (0x2545F4914F6CDD1D);
}

/**
 * weft_worker_pause:
 *
 * Simulated work: a random duration between @min_ms and @max_ms, times
 * the run's pace.  Waits on the run's condition, so stop ends it at once.
 *
 * Returns: %FALSE when the run is stopping or this daemon was killed
 */
gboolean
weft_worker_pause (WeftWorker *worker,
                   guint       min_ms,
                   guint       max_ms)
{
  WeftRun *self = worker->run;
  double fraction = (weft_worker_random (worker) >> 11) * (1.0 / 9007199254740992.0);
  double ms = min_ms + fraction * (max_ms - min_ms);
  gint64 deadline;
  struct timespec ts;
  gboolean stopping;

  weft_worker_mark_line (worker);
  /* At full speed there is nothing to wait for, unless paused. */
  if (worker->pace <= 0.0 && !atomic_load_explicit (&self->paused, memory_order_relaxed))
    return !weft_worker_should_stop (worker);

  /* On CLOCK_MONOTONIC, start, test and timed wait alike: the kernel
   * counts `ts` on it (weft_run_cond_init()).  Tested on the stamps'
   * clock instead, a deadline the kernel had passed could still lie
   * ahead by the clocks' drift, and the timed wait would return at once
   * until it did: a busy loop. */
  deadline = weft_clock_monotonic_ns () + (gint64) (ms * worker->pace * WEFT_NSEC_PER_MSEC);
  ts.tv_sec = deadline / WEFT_NSEC_PER_SEC;
  ts.tv_nsec = deadline % WEFT_NSEC_PER_SEC;

  pthread_mutex_lock (&self->lock);
  /* Relaxed, under the lock: a stopper or killer sets these before it
   * takes the lock to broadcast, so we see them or the wakeup. */
  while (!(stopping = weft_worker_should_stop (worker)))
    {
      if (atomic_load_explicit (&self->paused, memory_order_relaxed))
        weft_thread_cond_wait (&self->cond, &self->lock);
      else if (weft_clock_monotonic_ns () < deadline)
        {
          weft_thread_park ();
          pthread_cond_timedwait (&self->cond, &self->lock, &ts);
          weft_thread_unpark ();
        }
      else
        break;
    }
  pthread_mutex_unlock (&self->lock);

  return !stopping;
}

/* A span of @state around a pause; always closed, even when stopped. */
gboolean
weft_worker_span (WeftWorker *worker,
                  WeftState   state,
                  guint16     object,
                  guint       min_ms,
                  guint       max_ms,
                  gint64      value,
                  guint32     arg)
{
  gboolean go_on;

  weft_worker_begin (worker, state, object, value, arg);
  go_on = weft_worker_pause (worker, min_ms, max_ms);
  weft_worker_end (worker, state, object);

  return go_on;
}

/**
 * weft_worker_spawn:
 * @parent: the running worker that starts it
 * @role: the pattern's role it plays, for its lane's name
 * @number: its number within @role
 * @daemon: whether it is killed at the program's exit rather than waited
 *   for (see #WEFT_ROLE_MAIN)
 * @func: what it runs, instead of the pattern's work
 *
 * Starts a thread mid-run, as Python's Thread.start() does.  Its lane is
 * registered and its START stamped here, on @parent's thread, before the
 * thread exists: so the lane is there before any of its events, and
 * nothing it records can be stamped before an event of its parent that
 * the timeline has already taken in (which the check fold's frontier
 * relies on).  The run joins it at the end with the others.
 *
 * Returns: (transfer none) (nullable): the new worker, owned by the run,
 *   or %NULL when it could not start (its lane then shows a RAISE saying
 *   why, if it got one)
 */
WeftWorker *
weft_worker_spawn (WeftWorker    *parent,
                   guint          role,
                   guint          number,
                   gboolean       daemon,
                   WeftWorkFunc   func,
                   gpointer       data,
                   GError       **error)
{
  WeftRun *self;
  WeftWorker *child;
  char lane_name[64];
  char kernel_name[16];
  pthread_t thread;
  int res;

  g_return_val_if_fail (parent != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = parent->run;
  format_names (self, role, number, lane_name, sizeof lane_name, kernel_name, sizeof kernel_name);

  child = g_new0 (WeftWorker, 1);
  child->run = self;
  child->stepping = weft_stepper_get_flag (self->stepper);
  child->role = role;
  child->number = number;
  child->pace = weft_params_get (&self->params, "pace", 0);
  child->func = func;
  child->func_data = data;
  child->daemon = daemon;
  child->spawned = TRUE;
  /* From the seed and where it sits among its parent's children, not
   * from when it happened to start: a seeded run repeats whatever the
   * scheduler does. */
  child->spawn_key = splitmix64 (parent->spawn_key ^ splitmix64 (++parent->n_spawned));
  child->rng = splitmix64 (self->seed + child->spawn_key) | 1;
  atomic_init (&child->killed, FALSE);

  /* Registered under the run's lock, so that its index is its lane. */
  pthread_mutex_lock (&self->lock);
  child->ring = weft_recorder_register_lane (self->recorder, lane_name, 0);
  if (child->ring == NULL)
    {
      pthread_mutex_unlock (&self->lock);
      g_free (child);
      g_set_error (error, G_THREAD_ERROR, G_THREAD_ERROR_AGAIN,
                   _("Could not start %s: a run records at most %u threads"),
                   lane_name, WEFT_RECORDER_MAX_LANES);
      return NULL;
    }
  child->index = self->workers->len;
  g_ptr_array_add (self->workers, child);
  if (!daemon)
    self->n_live_nondaemon++;
  else if (self->daemons_killed)
    /* Relaxed: as in worker_returned(); pthread_create publishes it. */
    atomic_store_explicit (&child->killed, TRUE, memory_order_relaxed);
  pthread_mutex_unlock (&self->lock);

  /* This thread writes the ring until pthread_create() hands it over.
   * The child starts on its parent's line, the start() that made it,
   * until it marks one of its own. */
  weft_worker_at (child, parent->ring->line);
  weft_worker_instant (child, WEFT_INSTANT_START, WEFT_OBJECT_NONE, daemon);
  /* Relaxed: the parent is counted itself, so the count cannot reach 0
   * before this; pthread_create() orders it before the child's
   * decrement, and it joins the release sequence the last decrement's
   * acquire reads. */
  atomic_fetch_add_explicit (&self->active, 1, memory_order_relaxed);

  res = pthread_create (&thread, &self->thread_attr, worker_main, child);
  if (res != 0)
    {
      g_autofree char *why = g_strdup_printf (_("Could not start %s: %s"), lane_name, g_strerror (res));

      /* Its lane says so, and ends. */
      weft_worker_raise (child, why);
      g_set_error_literal (error, G_THREAD_ERROR, G_THREAD_ERROR_AGAIN, why);
      atomic_fetch_sub_explicit (&self->active, 1, memory_order_relaxed);
      pthread_mutex_lock (&self->lock);
      worker_returned (self, child);
      pthread_mutex_unlock (&self->lock);
      weft_ring_finish (child->ring);
      return NULL;
    }

  pthread_mutex_lock (&self->lock);
  child->thread = thread;
  child->created = TRUE;
  pthread_mutex_unlock (&self->lock);

  return child;
}

/**
 * weft_worker_join:
 * @child: a worker of the same run, from weft_worker_spawn()
 *
 * Waits for @child to return, as Python's Thread.join() does: records a
 * `waiting` span on no object whose value is @child's lane, then, once
 * it has returned, a JOIN instant whose value is that lane.  Stop (and,
 * for a daemon, the program's exit) ends the wait.  The thread itself
 * is joined by the run at the end.
 *
 * Returns: %TRUE once @child has returned; %FALSE when stopped first
 */
gboolean
weft_worker_join (WeftWorker *self,
                  WeftWorker *child)
{
  WeftRun *run;
  gint64 lane;
  gboolean done, ended;
  gint64 ended_ns, now;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (child != NULL && child->run == self->run && child != self, FALSE);

  run = self->run;
  lane = child->ring != NULL ? child->ring->lane : child->index;
  weft_worker_step (self, WEFT_STEP_JOIN, WEFT_OBJECT_NONE, lane);
  weft_worker_begin (self, WEFT_STATE_WAITING, WEFT_OBJECT_NONE, lane, 0);
  pthread_mutex_lock (&run->lock);
  /* weft_worker_should_stop() reads relaxed, under the lock: see
   * weft_worker_pause(). */
  while (!child->returned && !weft_worker_should_stop (self))
    weft_thread_cond_wait (&run->cond, &run->lock);
  done = child->returned;
  /* The child's END is the join's cause; a child that was killed, raised
   * or never ran has none to point at (returned_ns 0).  Set under this
   * lock before `returned`. */
  ended = done && child->returned_ns > 0;
  ended_ns = child->returned_ns;
  pthread_mutex_unlock (&run->lock);
  now = weft_clock_now_ns ();
  weft_ring_emit_at (self->ring, now, WEFT_EVENT_END, WEFT_STATE_WAITING, WEFT_OBJECT_NONE, 0, 0);
  if (ended)
    weft_ring_emit_at (self->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_HANDOFF, WEFT_OBJECT_NONE,
                       ended_ns, (guint32) lane);
  if (done)
    weft_ring_emit_at (self->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_JOIN, WEFT_OBJECT_NONE, lane, 0);

  return done;
}

/**
 * weft_worker_raise:
 * @message: what the error says, as a user should read it
 *
 * The thread ends on an uncaught error: records RAISE, whose arg finds
 * @message again (weft_run_get_message()).  The caller's function must
 * return right after; its lane records no END.
 */
void
weft_worker_raise (WeftWorker *worker,
                   const char *message)
{
  WeftRun *self;
  guint32 arg;

  g_return_if_fail (worker != NULL);

  self = worker->run;
  pthread_mutex_lock (&self->lock);
  g_ptr_array_add (self->messages, g_strdup (message != NULL ? message : ""));
  arg = self->messages->len;
  pthread_mutex_unlock (&self->lock);

  weft_ring_emit (worker->ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_RAISE, WEFT_OBJECT_NONE, 0, arg);
  worker->raised = TRUE;
}
