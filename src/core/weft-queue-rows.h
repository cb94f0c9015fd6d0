/* weft-queue-rows.h: who stood where in the line for an object
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An object's queue is drawn a row per place in line, first in line in
 * row 0, each waiter in the row of its place, moving up as those ahead
 * of it leave.  The object's track keeps only how long the line was
 * (weft-object-track.h); who stood in each place is worked out here, for
 * the stretch of time asked, from the lanes' waiting spans: the waiters
 * at any moment are those whose wait on the object covers it, first
 * come first.  That costs per wait in the stretch, so a stretch that
 * holds too many to tell apart at its zoom, or whose detail was let go,
 * is given as the track's anonymous rows (WEFT_SPAN_MERGED).
 */

#pragma once

#include <glib.h>

#include "weft-timeline.h"

G_BEGIN_DECLS

typedef struct _WeftQueueRows WeftQueueRows;

WeftQueueRows  *weft_queue_rows_new      (WeftTimeline  *timeline,
                                          guint16        object,
                                          gint64         t0,
                                          gint64         t1,
                                          gint64         ns_per_pixel);
void            weft_queue_rows_free     (WeftQueueRows *self);
guint           weft_queue_rows_get_n_rows (WeftQueueRows *self);
const WeftSpan *weft_queue_rows_get_row  (WeftQueueRows *self,
                                          guint          row,
                                          guint         *n_spans);
gboolean        weft_queue_rows_occupant_at (WeftTimeline *timeline,
                                             guint16       object,
                                             guint         row,
                                             gint64        time_ns,
                                             WeftSpan     *occupant);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftQueueRows, weft_queue_rows_free)

G_END_DECLS
