/* weft-timeline-private.h: what the check fold reads of a timeline
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-check-fold.h"
#include "weft-timeline.h"
#include "weft-vec.h"

G_BEGIN_DECLS

/* The arrays themselves: their data moves as they grow or let go of
 * old items, they do not; WeftVec.n_removed counts what went. */
WeftVec       *weft_timeline_get_span_array    (WeftTimeline *self,
                                                guint         lane,
                                                guint         depth);
WeftVec       *weft_timeline_get_instant_array (WeftTimeline *self,
                                                guint         lane);
WeftVec       *weft_timeline_get_sample_array  (WeftTimeline *self,
                                                guint16       object);
gint64         weft_timeline_get_earliest_open (WeftTimeline         *self,
                                                const WeftFoldFilter *filter);
guint          weft_timeline_take_late_sample  (WeftTimeline *self,
                                                guint16       object);
WeftCheckFold *weft_timeline_get_check_fold    (WeftTimeline *self);

G_END_DECLS
