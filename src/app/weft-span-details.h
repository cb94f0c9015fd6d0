/* weft-span-details.h: what a selected span says about itself
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-chart.h"
#include "weft-timeline.h"

G_BEGIN_DECLS

char *weft_span_details_describe (WeftTimeline   *timeline,
                                  guint           lane,
                                  const WeftSpan *span);
guint weft_span_details_collect_related (WeftTimeline     *timeline,
                                         guint             lane,
                                         const WeftSpan   *span,
                                         WeftChartSpanRef *related,
                                         guint             most);

G_END_DECLS
