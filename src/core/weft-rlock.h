/* weft-rlock.h: a reentrant lock, as Python's threading.RLock
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-mutex.h"

G_BEGIN_DECLS

typedef struct
{
  WeftMutex mutex;      /* held by the owner from its outermost acquire */
  guint depth;          /* levels held; only the owner touches it */
} WeftRLock;

void     weft_rlock_init    (WeftRLock  *self,
                             WeftRun    *run,
                             const char *name);
void     weft_rlock_clear   (WeftRLock  *self);
gboolean weft_rlock_acquire (WeftRLock  *self,
                             WeftWorker *worker);
void     weft_rlock_release (WeftRLock  *self,
                             WeftWorker *worker);
guint    weft_rlock_get_depth (WeftRLock  *self,
                               WeftWorker *worker);

G_END_DECLS
