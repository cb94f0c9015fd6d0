/* weft-run.h: one live run of a pattern on real threads
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>

#include "weft-pattern.h"
#include "weft-program.h"
#include "weft-recorder.h"
#include "weft-stepper.h"

G_BEGIN_DECLS

/* A thread's body: the pattern's work, or what weft_worker_spawn() ran. */
typedef void (*WeftWorkFunc) (WeftWorker *worker,
                              gpointer    data);

/* What each worker thread carries: its ring and where it sits in the
 * pattern.  Owned by the run, at the same address for the whole run;
 * only its own thread touches it, except where marked. */
struct _WeftWorker
{
  WeftRun *run;
  WeftRing *ring;
  guint index;       /* 0-based among all the run's workers, spawned ones too;
                      * equal to its lane */
  guint role;        /* index into the pattern's roles */
  guint number;      /* 1-based within its role: patron-3 */
  guint64 rng;       /* xorshift64* state, for simulated durations */
  double pace;       /* scales every simulated duration; 0 = none */
  _Atomic gboolean *stepping;  /* the run's Step mode flag (weft_stepper_get_flag()) */

  /* Its life (weft_worker_spawn()).  Set before its thread starts. */
  WeftWorkFunc func;         /* NULL: the pattern's work, on the pattern's state */
  gpointer func_data;
  gboolean daemon;
  gboolean spawned;          /* started mid-run by another worker */
  guint64 spawn_key;         /* where it sits in the tree of spawns; seeds rng */
  guint n_spawned;           /* its own thread only */
  gboolean raised;           /* its own thread only: weft_worker_raise() was called */
  _Atomic gboolean killed;   /* a daemon cut off at exit */
  /* Under the run's lock. */
  pthread_t thread;
  gboolean created;          /* `thread` is one to join */
  gboolean returned;         /* its last lifecycle event is stamped */
  gint64 returned_ns;        /* that event's stamp, for a joiner's hand-off */
  gint tid;
};

typedef struct
{
  char *name;
  WeftObjectKind kind;
  gint64 limit;      /* capacity or expected value for its counter lane; 0 = none */
} WeftObjectInfo;

typedef void (*WeftAbortFunc) (gpointer data);

WeftRun           *weft_run_new            (const WeftPattern *pattern,
                                            const WeftParams  *params,
                                            GError           **error);
WeftRun           *weft_run_new_for_program (WeftProgram *program);
WeftProgram       *weft_run_get_program    (WeftRun *self);
void               weft_run_sync_program   (WeftRun *self);
gboolean           weft_run_discover_objects (WeftRun *self,
                                              guint    upto);
WeftRun           *weft_run_ref            (WeftRun *self);
void               weft_run_unref          (WeftRun *self);

void               weft_run_set_seed       (WeftRun *self,
                                            guint64  seed);
guint64            weft_run_get_seed       (WeftRun *self);
void               weft_run_configure_recorder (WeftRun           *self,
                                                WeftRecordingMode  mode,
                                                guint              capacity);
gboolean           weft_run_start          (WeftRun *self,
                                            GError **error);
void               weft_run_set_paused     (WeftRun  *self,
                                            gboolean  paused);
void               weft_run_set_paused_at  (WeftRun  *self,
                                            gboolean  paused,
                                            gint64    now_ns);
gboolean           weft_run_is_paused      (WeftRun *self);
gint64             weft_run_now_ns         (WeftRun *self);
gboolean           weft_run_cond_wait_until (WeftRun         *self,
                                             pthread_cond_t  *cond,
                                             pthread_mutex_t *mutex,
                                             gint64           deadline_ns);
void               weft_run_cond_init      (pthread_cond_t *cond);
void               weft_run_request_stop   (WeftRun *self);
void               weft_run_stop_because   (WeftRun    *self,
                                            const char *reason,
                                            const char *recorded);
char              *weft_run_dup_stop_reason (WeftRun *self);
char              *weft_run_dup_recorded_stop_reason (WeftRun *self);
gint64             weft_run_get_stop_ns    (WeftRun *self);
gint64             weft_run_join           (WeftRun *self);
gint64             weft_run_stop           (WeftRun *self);
gboolean           weft_run_is_finished    (WeftRun *self);
gboolean           weft_run_is_joined      (WeftRun *self);

const WeftPattern *weft_run_get_pattern    (WeftRun *self);
const WeftParams  *weft_run_get_params     (WeftRun *self);
WeftRecorder      *weft_run_get_recorder   (WeftRun *self);
WeftStepper       *weft_run_get_stepper    (WeftRun *self);
gint64             weft_run_get_start_ns   (WeftRun *self);
guint              weft_run_get_n_workers  (WeftRun *self);
gint               weft_run_get_worker_tid (WeftRun *self,
                                            guint    index);
const char        *weft_run_get_message    (WeftRun *self,
                                            guint32  arg);

/* For a pattern's setup(). */
guint16            weft_run_add_object     (WeftRun        *self,
                                            const char     *name,
                                            WeftObjectKind  kind,
                                            gint64          limit);
void               weft_run_set_object_limit (WeftRun *self,
                                              guint16  object,
                                              gint64   limit);
guint              weft_run_get_n_objects  (WeftRun *self);
const WeftObjectInfo *weft_run_get_object  (WeftRun *self,
                                            guint16  object);
void               weft_run_add_abort      (WeftRun       *self,
                                            WeftAbortFunc  func,
                                            gpointer       data);

/* For workers. */
gboolean           weft_worker_should_stop (WeftWorker *worker);
void               weft_worker_hold        (WeftWorker *worker,
                                            WeftStep    step,
                                            guint16     object,
                                            gint64      value);
void               weft_thread_park        (void);
void               weft_thread_unpark      (void);
void               weft_thread_cond_wait   (pthread_cond_t  *cond,
                                            pthread_mutex_t *mutex);
gboolean           weft_worker_pause       (WeftWorker *worker,
                                            guint       min_ms,
                                            guint       max_ms);
gboolean           weft_worker_span        (WeftWorker *worker,
                                            WeftState   state,
                                            guint16     object,
                                            guint       min_ms,
                                            guint       max_ms,
                                            gint64      value,
                                            guint32     arg);
guint64            weft_worker_random      (WeftWorker *worker);

/* Threads that start and end mid-run. */
WeftWorker        *weft_worker_spawn       (WeftWorker    *parent,
                                            guint          role,
                                            guint          number,
                                            gboolean       daemon,
                                            WeftWorkFunc   func,
                                            gpointer       data,
                                            GError       **error);
gboolean           weft_worker_join        (WeftWorker *self,
                                            WeftWorker *child);
void               weft_worker_raise       (WeftWorker *worker,
                                            const char *message);
gboolean           weft_worker_is_killed   (WeftWorker *worker);

/* Marks the line of the pattern's listing (WeftPattern.code) the worker
 * is at: every event it writes from now on carries it, the primitives'
 * too, until the next call.  Only the worker's own thread writes its
 * ring's line, and the ring's release of head publishes it with each
 * event, so this is a plain store. */
static inline void
weft_worker_at (WeftWorker *worker,
                guint       line)
{
  worker->ring->line = line;
}

/* Says where the worker now is, if its latest event said otherwise: the
 * code pane then marks the line a thread works at, not the sync point
 * it passed last. */
static inline void
weft_worker_mark_line (WeftWorker *worker)
{
  if (worker->ring->line != worker->ring->emitted_line)
    weft_ring_emit (worker->ring, WEFT_EVENT_LINE, 0, WEFT_OBJECT_NONE, 0, 0);
}

/* A sync point (see weft_worker_hold()): inline, so outside Step mode it
 * costs one load where every primitive passes. */
static inline void
weft_worker_step (WeftWorker *worker,
                  WeftStep    step,
                  guint16     object,
                  gint64      value)
{
  /* Relaxed: a hint, looked at again under the stepper's lock.  A
   * worker made by hand (a test's) has no flag and never steps. */
  if (G_UNLIKELY (worker->stepping != NULL && atomic_load_explicit (worker->stepping, memory_order_relaxed)))
    weft_worker_hold (worker, step, object, value);
}

static inline void
weft_worker_begin (WeftWorker *worker,
                   WeftState   state,
                   guint16     object,
                   gint64      value,
                   guint32     arg)
{
  weft_ring_emit (worker->ring, WEFT_EVENT_BEGIN, state, object, value, arg);
}

static inline void
weft_worker_end (WeftWorker *worker,
                 WeftState   state,
                 guint16     object)
{
  weft_ring_emit (worker->ring, WEFT_EVENT_END, state, object, 0, 0);
}

static inline void
weft_worker_instant (WeftWorker  *worker,
                     WeftInstant  instant,
                     guint16      object,
                     gint64       value)
{
  weft_ring_emit (worker->ring, WEFT_EVENT_INSTANT, instant, object, value, 0);
}

static inline void
weft_worker_counter (WeftWorker *worker,
                     guint16     object,
                     gint64      value)
{
  weft_ring_emit (worker->ring, WEFT_EVENT_COUNTER, 0, object, value, 0);
}

/* The pattern of every recorded program's run (weft-program-pattern.c):
 * listed nowhere, since no one picks it. */
extern const WeftPattern weft_program_pattern;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftRun, weft_run_unref)

G_END_DECLS
