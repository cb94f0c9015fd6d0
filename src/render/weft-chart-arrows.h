/* weft-chart-arrows.h: the chart's hand-off layer (private to render/)
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-chart.h"

G_BEGIN_DECLS

gboolean weft_chart_arrows_shown (WeftTimeline           *timeline,
                                  const WeftChartOptions *options,
                                  const WeftChartLayout  *layout);
void     weft_chart_draw_arrows  (cairo_t                *cr,
                                  WeftTimeline           *timeline,
                                  const WeftChartOptions *options,
                                  const WeftChartLayout  *layout,
                                  const WeftPalette      *palette);
void     weft_chart_arrow_path   (cairo_t                *cr,
                                  double                  x0,
                                  double                  y0,
                                  double                  x1,
                                  double                  y1);

G_END_DECLS
