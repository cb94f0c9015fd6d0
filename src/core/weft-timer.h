/* weft-timer.h: Python's threading.Timer on the run's clock
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "weft-run.h"

G_BEGIN_DECLS

typedef struct _WeftTimer WeftTimer;

/* A CANCEL instant's arg: the timer had already fired, so this cancel
 * did nothing (Python's cancel() after the function started).  A CANCEL
 * without it came in time: that timer never fires. */
#define WEFT_TIMER_CANCEL_LATE 1u

WeftTimer  *weft_timer_new        (WeftRun      *run,
                                   guint         role);
void        weft_timer_free       (WeftTimer    *self);
gboolean    weft_timer_start      (WeftTimer    *self,
                                   WeftWorker   *parent,
                                   guint         number,
                                   gint64        delay_ns,
                                   WeftWorkFunc  func,
                                   gpointer      data,
                                   GError      **error);
gboolean    weft_timer_cancel     (WeftTimer    *self,
                                   WeftWorker   *canceller);
WeftWorker *weft_timer_get_thread (WeftTimer    *self);
gboolean    weft_timer_has_fired  (WeftTimer    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftTimer, weft_timer_free)

G_END_DECLS
