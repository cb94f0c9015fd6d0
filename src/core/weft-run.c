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
 */

#define _GNU_SOURCE
#include "config.h"

#include <glib/gi18n-lib.h>
#include <pthread.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "weft-run.h"

/* The recorder's total budget, in events, shared by a run's rings: two
 * cores cannot feed more than a few threads at a million events per
 * second each, so many threads get smaller rings, never less than a
 * frame's worth at a rate a busy thread on a shared core reaches. */
#define RING_BUDGET_EVENTS (1u << 21)
#define RING_MIN_CAPACITY 4096u
#define WORKER_STACK_SIZE (1024 * 1024)
#define WORKER_NICENESS 5

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

  guint n_workers;
  WeftWorker *workers;
  pthread_t *threads;
  gint *tids;
  guint n_created;
  gboolean joined;

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
  self->n_workers = weft_pattern_count_workers (pattern, params);
  self->workers = g_new0 (WeftWorker, self->n_workers);
  self->threads = g_new0 (pthread_t, self->n_workers);
  self->tids = g_new0 (gint, self->n_workers);

  capacity = RING_BUDGET_EVENTS / self->n_workers;
  capacity = CLAMP (round_down_pow2 (capacity), RING_MIN_CAPACITY, WEFT_RING_DEFAULT_CAPACITY);
  self->recorder = weft_recorder_new (capacity);

  pthread_mutex_init (&self->lock, NULL);
  pthread_condattr_init (&attr);
  /* Deadlines are on the same clock as event timestamps. */
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
  weft_recorder_unref (self->recorder);
  pthread_cond_destroy (&self->cond);
  pthread_mutex_destroy (&self->lock);
  g_free (self->stop_reason);
  g_free (self->workers);
  g_free (self->threads);
  g_free (self->tids);
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

static void *
worker_main (void *data)
{
  WeftWorker *worker = data;
  WeftRun *self = worker->run;
  const WeftRole *role = &self->pattern->roles[worker->role];
  char lane_name[64];
  char kernel_name[16];   /* the kernel keeps 15 bytes and a NUL */
  gboolean go;

  if (role->numbered)
    {
      g_snprintf (lane_name, sizeof lane_name, "%s-%u", role->name, worker->number);
      g_snprintf (kernel_name, sizeof kernel_name, "weft-%s-%u", role->short_name, worker->number);
    }
  else
    {
      g_strlcpy (lane_name, role->name, sizeof lane_name);
      g_snprintf (kernel_name, sizeof kernel_name, "weft-%s", role->short_name);
    }
  /* So that top -H and gdb show what each thread is. */
  pthread_setname_np (pthread_self (), kernel_name);
  /* A notch below the thread that drains and draws them: at pace 0 a
   * pattern can keep every core busy, and the consumer must still get
   * enough time to empty the rings, or events are dropped.  Linux sets
   * nice per thread; lowering one's own priority needs no privilege. */
  setpriority (PRIO_PROCESS, gettid (), getpriority (PRIO_PROCESS, gettid ()) + WORKER_NICENESS);
  worker->ring = weft_recorder_register (self->recorder, lane_name);

  pthread_mutex_lock (&self->lock);
  self->tids[worker->index] = weft_recorder_get_lane_tid (self->recorder, worker->ring->lane);
  self->n_registered++;
  pthread_cond_broadcast (&self->cond);
  /* Relaxed is enough for `stopping` inside the lock: the stopper sets
   * it before taking the lock to broadcast, so we see it or the wakeup. */
  while (!self->started && !atomic_load_explicit (&self->stopping, memory_order_relaxed))
    pthread_cond_wait (&self->cond, &self->lock);
  go = self->started;
  pthread_mutex_unlock (&self->lock);

  if (go && worker->ring != NULL)
    self->pattern->work (worker, self->state);

  /* Acq_rel: each worker's release publishes its writes to the shared
   * state; the last one's acquire sees them all before finish() reads. */
  if (atomic_fetch_sub_explicit (&self->active, 1, memory_order_acq_rel) == 1)
    {
      if (go && worker->ring != NULL && self->pattern->finish != NULL)
        self->pattern->finish (worker, self->state);
      /* Release: pairs with the acquire in weft_run_is_finished(). */
      atomic_store_explicit (&self->finished, TRUE, memory_order_release);
    }
  /* Nothing more will come from this thread: the timeline need not wait
   * for its lane before it folds later events from the others. */
  if (worker->ring != NULL)
    weft_ring_finish (worker->ring);

  return NULL;
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
  pthread_attr_t attr;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->n_created == 0, FALSE);

  pthread_attr_init (&attr);
  pthread_attr_setstacksize (&attr, WORKER_STACK_SIZE);
  /* Relaxed: set before any worker exists; pthread_create publishes it. */
  atomic_store_explicit (&self->active, self->n_workers, memory_order_relaxed);

  for (guint i = 0; i < self->n_workers; i++)
    {
      WeftWorker *worker = &self->workers[i];
      int res;

      worker->run = self;
      worker->index = i;
      worker->role = weft_pattern_role_of (self->pattern, &self->params, i, &worker->number);
      worker->rng = splitmix64 (self->seed + i) | 1;
      worker->pace = weft_params_get (&self->params, "pace", 0);

      res = pthread_create (&self->threads[i], &attr, worker_main, worker);
      if (res != 0)
        {
          pthread_attr_destroy (&attr);
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
      while (self->n_registered < self->n_created)
        pthread_cond_wait (&self->cond, &self->lock);
      pthread_mutex_unlock (&self->lock);
    }
  pthread_attr_destroy (&attr);

  pthread_mutex_lock (&self->lock);
  self->start_ns = weft_clock_now_ns ();
  self->started = TRUE;
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);

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
  g_return_if_fail (self != NULL);

  pthread_mutex_lock (&self->lock);
  if (paused && self->pause_began_ns == 0)
    self->pause_began_ns = weft_clock_now_ns ();
  else if (!paused && self->pause_began_ns != 0)
    {
      self->paused_total_ns += weft_clock_now_ns () - self->pause_began_ns;
      self->pause_began_ns = 0;
    }
  /* Relaxed: written under the lock the paused workers wait with; the
   * unlocked fast path in weft_worker_pause() only needs a hint. */
  atomic_store_explicit (&self->paused, paused, memory_order_relaxed);
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);
}

gboolean
weft_run_is_paused (WeftRun *self)
{
  return atomic_load_explicit (&self->paused, memory_order_relaxed);
}

/**
 * weft_run_now_ns:
 *
 * The run's own clock: CLOCK_MONOTONIC less every pause, frozen while
 * paused.  A pattern's timeouts and delays count on it, so a pause never
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
      pthread_cond_wait (cond, mutex);
      return FALSE;
    }

  left = deadline_ns - weft_run_now_ns (self);
  if (left <= 0)
    return TRUE;
  /* While paused the run's clock stands still: look again now and then,
   * the deadline moves on by as long as the pause lasts. */
  if (weft_run_is_paused (self))
    left = PAUSED_RECHECK_NS;
  wake = weft_clock_now_ns () + left;
  ts.tv_sec = wake / WEFT_NSEC_PER_SEC;
  ts.tv_nsec = wake % WEFT_NSEC_PER_SEC;
  pthread_cond_timedwait (cond, mutex, &ts);

  return weft_run_now_ns (self) >= deadline_ns;
}

/* A condition variable whose timed waits use the clock events are
 * stamped with, as weft_run_cond_wait_until() needs. */
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

  /* Relaxed: the broadcast under the lock below is what publishes it to
   * sleepers; the loops that poll it only need to see it eventually. */
  if (atomic_exchange_explicit (&self->stopping, TRUE, memory_order_relaxed))
    return;

  pthread_mutex_lock (&self->lock);
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);

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
 *
 * For a primitive or a pattern that finds the run can never go on (a
 * thread deadlocked on itself): records why and stops the run.  Callable
 * from a worker, holding none of the run's primitives' locks.  The first
 * reason given is kept.
 */
void
weft_run_stop_because (WeftRun    *self,
                       const char *reason)
{
  g_return_if_fail (self != NULL);

  pthread_mutex_lock (&self->lock);
  if (self->stop_reason == NULL)
    self->stop_reason = g_strdup (reason);
  pthread_mutex_unlock (&self->lock);
  weft_run_request_stop (self);
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

/* Joins every worker; returns how long the joins took, in ns. */
gint64
weft_run_join (WeftRun *self)
{
  gint64 begin = weft_clock_now_ns ();

  g_return_val_if_fail (self != NULL, 0);

  if (self->joined)
    return 0;
  for (guint i = 0; i < self->n_created; i++)
    pthread_join (self->threads[i], NULL);
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

guint
weft_run_get_n_workers (WeftRun *self)
{
  return self->n_workers;
}

/* The native thread id of worker @index, once started. */
gint
weft_run_get_worker_tid (WeftRun *self,
                         guint    index)
{
  g_return_val_if_fail (index < self->n_workers, 0);
  return self->tids[index];
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

gboolean
weft_worker_should_stop (WeftWorker *worker)
{
  /* Relaxed: a hint polled between steps; the sleeps and primitives
   * synchronize properly on their own locks. */
  return atomic_load_explicit (&worker->run->stopping, memory_order_relaxed);
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
 * Returns: %FALSE when the run is stopping
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

  /* At full speed there is nothing to wait for, unless paused. */
  if (worker->pace <= 0.0 && !atomic_load_explicit (&self->paused, memory_order_relaxed))
    return !weft_worker_should_stop (worker);

  deadline = weft_clock_now_ns () + (gint64) (ms * worker->pace * WEFT_NSEC_PER_MSEC);
  ts.tv_sec = deadline / WEFT_NSEC_PER_SEC;
  ts.tv_nsec = deadline % WEFT_NSEC_PER_SEC;

  pthread_mutex_lock (&self->lock);
  while (!(stopping = atomic_load_explicit (&self->stopping, memory_order_relaxed)))
    {
      if (atomic_load_explicit (&self->paused, memory_order_relaxed))
        pthread_cond_wait (&self->cond, &self->lock);
      else if (weft_clock_now_ns () < deadline)
        pthread_cond_timedwait (&self->cond, &self->lock, &ts);
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
