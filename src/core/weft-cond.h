/* weft-cond.h: a condition variable bound to a WeftMutex
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-mutex.h"

G_BEGIN_DECLS

typedef struct
{
  pthread_cond_t cond;
  WeftMutex *mutex;     /* waiters, aborted: under mutex->lock */
  guint waiters;
  gboolean aborted;
  guint16 object;
} WeftCond;

void     weft_cond_init      (WeftCond   *self,
                              WeftRun    *run,
                              const char *name,
                              WeftMutex  *mutex);
void     weft_cond_clear     (WeftCond   *self);
gboolean weft_cond_wait      (WeftCond   *self,
                              WeftWorker *worker);
void     weft_cond_signal    (WeftCond   *self,
                              WeftWorker *worker);
void     weft_cond_broadcast (WeftCond   *self,
                              WeftWorker *worker);

G_END_DECLS
