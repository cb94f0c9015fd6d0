/* weft-mutex.h: a pthread mutex that records who waits for it and who holds it
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pthread.h>
#include <stdatomic.h>

#include "weft-run.h"

G_BEGIN_DECLS

typedef struct
{
  pthread_mutex_t lock;
  /* The worker holding `lock`, or NULL; written only by that worker,
   * while it holds it. */
  _Atomic (WeftWorker *) owner;
  /* Who last let the lock go with a `release`, and its stamp, or -1: the
   * cause a waiter records when it gets the lock (WEFT_INSTANT_HANDOFF).
   * Plain fields: written by the holder before it unlocks and read by
   * the next holder after it locks, so the mutex itself orders them. */
  gint64 released_lane;
  gint64 released_ns;
  /* Where a thread that waits for a lock it holds itself sleeps until
   * the run stops: `aborted` under `gate`. */
  pthread_mutex_t gate;
  pthread_cond_t stopped;
  gboolean aborted;
  guint16 object;
} WeftMutex;

void     weft_mutex_init   (WeftMutex  *self,
                            WeftRun    *run,
                            const char *name);
void     weft_mutex_clear  (WeftMutex  *self);
gboolean weft_mutex_lock   (WeftMutex  *self,
                            WeftWorker *worker);
void     weft_mutex_unlock (WeftMutex  *self,
                            WeftWorker *worker);
void     weft_mutex_let_go (WeftMutex  *self);
void     weft_mutex_hand_over (WeftMutex  *self,
                               WeftWorker *worker,
                               gint64      released_ns);

/* Whether @worker holds @self.  Relaxed is enough: only @worker ever
 * stores itself there, and it clears the field before unlocking, so by
 * coherence it can never read back a stale store of its own; another
 * thread's value is never @worker. */
static inline gboolean
weft_mutex_is_held_by (WeftMutex  *self,
                       WeftWorker *worker)
{
  return atomic_load_explicit (&self->owner, memory_order_relaxed) == worker;
}

G_END_DECLS
