/* weft-semaphore.h: a counting semaphore that stop can break
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pthread.h>

#include "weft-run.h"

G_BEGIN_DECLS

typedef enum
{
  /* Permits guard a region: acquire starts `critical`, release ends it,
   * and the object's counter lane shows permits in use. */
  WEFT_SEMAPHORE_GUARD,
  /* Posts are signals between threads (a rendezvous): no region; the
   * counter lane shows signals posted and not yet taken. */
  WEFT_SEMAPHORE_SIGNAL,
} WeftSemaphoreUse;

/* Posts a semaphore remembers, to name the one a blocked taker got. */
#define WEFT_SEMAPHORE_POSTS_KEPT 64

typedef struct
{
  pthread_mutex_t lock;
  pthread_cond_t cond;
  gint64 count;         /* permits available; all fields under lock */
  gint64 permits;       /* the initial count, for the in-use counter */
  guint waiters;
  gboolean aborted;
  WeftSemaphoreUse use;
  guint16 object;
  /* The last WEFT_SEMAPHORE_POSTS_KEPT posts, by post number modulo
   * that: who posted and its stamp, for the cause a blocked thread
   * records when it gets a permit (weft-semaphore.c says which). */
  guint64 n_posts;
  struct { gint64 lane; gint64 time_ns; } posts[WEFT_SEMAPHORE_POSTS_KEPT];
} WeftSemaphore;

void     weft_semaphore_init    (WeftSemaphore    *self,
                                 WeftRun          *run,
                                 const char       *name,
                                 guint             permits,
                                 WeftSemaphoreUse  use);
void     weft_semaphore_clear   (WeftSemaphore    *self);
gboolean weft_semaphore_acquire (WeftSemaphore    *self,
                                 WeftWorker       *worker);
void     weft_semaphore_release (WeftSemaphore    *self,
                                 WeftWorker       *worker);

G_END_DECLS
