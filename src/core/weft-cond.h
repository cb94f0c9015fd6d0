/* weft-cond.h: a condition variable bound to a WeftMutex, whose notify
 * says which waiter it woke
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-mutex.h"

G_BEGIN_DECLS

typedef enum
{
  WEFT_COND_NOTIFIED,   /* chosen by a notify; the mutex is held again */
  WEFT_COND_TIMED_OUT,  /* the deadline passed first; the mutex is held again */
  WEFT_COND_STOPPED,    /* the run is stopping; the mutex is NOT held */
} WeftCondResult;

typedef struct
{
  WeftMutex *mutex;
  WeftRun *run;
  /* The waiters, oldest first (WeftCondWaiter on their own stacks), and
   * whether the run stopped: both under `queue_lock`, which is never the
   * bound mutex, so a stop can wake the waiters whoever holds that. */
  pthread_mutex_t queue_lock;
  GQueue waiters;
  gboolean aborted;
  guint16 object;
} WeftCond;

void           weft_cond_init       (WeftCond   *self,
                                     WeftRun    *run,
                                     const char *name,
                                     WeftMutex  *mutex);
void           weft_cond_clear      (WeftCond   *self);
gboolean       weft_cond_wait       (WeftCond   *self,
                                     WeftWorker *worker);
WeftCondResult weft_cond_wait_until (WeftCond   *self,
                                     WeftWorker *worker,
                                     gint64      deadline_ns);
void           weft_cond_notify     (WeftCond   *self,
                                     WeftWorker *worker);
void           weft_cond_notify_all (WeftCond   *self,
                                     WeftWorker *worker);

G_END_DECLS
