/* weft-waitfor.h: who waits for whom, kept live from the trace
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The wait-for graph: a thread waits for a lock, the lock is held by a
 * thread.  A cycle in it is a deadlock.  Only locks with one holder
 * (WEFT_OBJECT_MUTEX) make edges: a semaphore's permits, a condition
 * or a barrier are not held by anyone in particular, so a wait on them
 * names no thread and is left out.
 *
 * The timeline feeds it each lane's events in that lane's order; lanes
 * arrive out of order with each other, so a cycle of two or more seen
 * once may be only a release not drained yet.  A cycle is confirmed
 * only once the very same waits and holds have lasted a grace period on
 * the run's clock (weft_waitfor_poll()).  A thread waiting for a lock
 * it holds itself needs no grace: its own events are in order, and no
 * other thread can ever release that lock.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WeftWaitFor WeftWaitFor;

/* One edge of a cycle: @lane waits for @object, held by @holder. */
typedef struct
{
  guint lane;
  guint16 object;
  guint holder;
} WeftWaitEdge;

/* How long a cycle must last, on the run's clock, to be a deadlock. */
#define WEFT_WAITFOR_GRACE_NS (200 * G_GINT64_CONSTANT (1000000))

WeftWaitFor        *weft_waitfor_new          (void);
void                weft_waitfor_free         (WeftWaitFor *self);

void                weft_waitfor_wait         (WeftWaitFor *self,
                                               guint        lane,
                                               guint16      object,
                                               gint64       time_ns);
void                weft_waitfor_end_wait     (WeftWaitFor *self,
                                               guint        lane,
                                               guint16      object);
void                weft_waitfor_acquire      (WeftWaitFor *self,
                                               guint        lane,
                                               guint16      object);
void                weft_waitfor_release      (WeftWaitFor *self,
                                               guint        lane,
                                               guint16      object);
void                weft_waitfor_forget_lane  (WeftWaitFor *self,
                                               guint        lane);

gboolean            weft_waitfor_poll         (WeftWaitFor *self,
                                               gint64       run_now_ns,
                                               gint64       now_ns,
                                               gint64       grace_ns);
const WeftWaitEdge *weft_waitfor_get_cycle    (WeftWaitFor *self,
                                               guint       *n_edges);
gint64              weft_waitfor_get_cycle_time (WeftWaitFor *self);
gsize               weft_waitfor_get_memory   (WeftWaitFor *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftWaitFor, weft_waitfor_free)

G_END_DECLS
