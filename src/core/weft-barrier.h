/* weft-barrier.h: a reusable barrier for N threads, as Python's threading.Barrier
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
  WEFT_BARRIER_PASSED,    /* every party arrived: go on to the next phase */
  WEFT_BARRIER_BROKEN,    /* a timeout, abort() or reset() broke it (BrokenBarrierError) */
  WEFT_BARRIER_STOPPED,   /* the run is stopping */
} WeftBarrierResult;

typedef struct
{
  WeftRun *run;
  pthread_mutex_t lock;
  pthread_cond_t cond;    /* on CLOCK_MONOTONIC, for deadlines */
  guint parties;
  /* All under lock. */
  guint arrived;          /* this phase */
  guint64 generation;     /* phases ended, by passing or by reset() */
  GQueue waiters;         /* this phase's, on their stacks, until it ends */
  gboolean broken;        /* until reset() */
  gboolean stopped;       /* the run is stopping */
  guint16 object;
} WeftBarrier;

void              weft_barrier_init  (WeftBarrier *self,
                                      WeftRun     *run,
                                      const char  *name,
                                      guint        parties);
void              weft_barrier_clear (WeftBarrier *self);
WeftBarrierResult weft_barrier_wait  (WeftBarrier *self,
                                      WeftWorker  *worker,
                                      gint64       phase,
                                      gint64       deadline_ns);
void              weft_barrier_abort (WeftBarrier *self,
                                      WeftWorker  *worker);
void              weft_barrier_reset (WeftBarrier *self,
                                      WeftWorker  *worker);
gboolean          weft_barrier_is_broken (WeftBarrier *self);

G_END_DECLS
