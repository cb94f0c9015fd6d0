/* weft-mutex.h: a pthread mutex that records who waits for it and who holds it
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

G_END_DECLS
