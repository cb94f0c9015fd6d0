/* weft-flag.h: a flag threads wait to see raised, as Python's threading.Event
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
  WEFT_FLAG_WAS_SET,    /* the flag was raised (perhaps lowered again since) */
  WEFT_FLAG_TIMED_OUT,  /* the deadline passed with the flag down */
  WEFT_FLAG_STOPPED,    /* the run is stopping */
} WeftFlagResult;

typedef struct
{
  WeftRun *run;
  pthread_mutex_t lock;
  pthread_cond_t raised;    /* on CLOCK_MONOTONIC; broadcast by set and by stop */
  /* All under lock. */
  gboolean is_set;
  guint64 generation;       /* sets that raised the flag so far */
  GQueue waiters;           /* WeftFlagWaiter on their stacks, until a set takes them */
  gboolean aborted;
  guint16 object;
} WeftFlag;

void           weft_flag_init       (WeftFlag   *self,
                                     WeftRun    *run,
                                     const char *name);
void           weft_flag_destroy    (WeftFlag   *self);
void           weft_flag_set        (WeftFlag   *self,
                                     WeftWorker *worker);
void           weft_flag_clear      (WeftFlag   *self,
                                     WeftWorker *worker);
gboolean       weft_flag_is_set     (WeftFlag   *self);
gboolean       weft_flag_wait       (WeftFlag   *self,
                                     WeftWorker *worker);
WeftFlagResult weft_flag_wait_until (WeftFlag   *self,
                                     WeftWorker *worker,
                                     gint64      deadline_ns);

G_END_DECLS
