/* weft-timeline-private.h: what the check fold reads of a timeline
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-check-fold.h"
#include "weft-timeline.h"

G_BEGIN_DECLS

guint          weft_timeline_get_open_depth   (WeftTimeline *self,
                                               guint         lane);
void           weft_timeline_get_open_span    (WeftTimeline *self,
                                               guint         lane,
                                               guint         depth,
                                               WeftSpan     *span);
guint          weft_timeline_take_late_sample (WeftTimeline *self,
                                               guint16       object);
WeftCheckFold *weft_timeline_get_check_fold   (WeftTimeline *self);

G_END_DECLS
