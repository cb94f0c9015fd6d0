/* weft-barrier.h: a reusable barrier for N threads that stop can break
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pthread.h>

#include "weft-run.h"

G_BEGIN_DECLS

typedef struct
{
  pthread_mutex_t lock;
  pthread_cond_t cond;
  guint parties;
  guint arrived;        /* this phase; all fields under lock */
  guint64 generation;
  gboolean aborted;
  guint16 object;
} WeftBarrier;

void     weft_barrier_init  (WeftBarrier *self,
                             WeftRun     *run,
                             const char  *name,
                             guint        parties);
void     weft_barrier_clear (WeftBarrier *self);
gboolean weft_barrier_wait  (WeftBarrier *self,
                             WeftWorker  *worker,
                             gint64       phase);

G_END_DECLS
