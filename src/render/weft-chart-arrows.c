/* weft-chart-arrows.c: hand-offs drawn as arrows, from the event that
 * let a thread go to the end of its wait
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first of the chart's layers in a file of its own.  Every arrow is
 * one WeftArrow of the timeline, recorded by the woken thread with its
 * waker's lane and stamp (weft-event.h): nothing here is inferred from
 * timestamps, so an arrow is drawn only where a thread really let
 * another go.
 */

#include "config.h"

#include <math.h>

#include "weft-chart-arrows.h"

/* Lanes' spans are inset this much from the band's edges (draw_lanes()). */
#define SPAN_INSET 5.0
#define HEAD_LENGTH 5.0
#define HEAD_HALF_WIDTH 2.5
/* Fewer than one arrow per this many units of width, or none at all. */
#define UNITS_PER_ARROW 4.0

static double
lane_top (const WeftChartOptions *options,
          const WeftChartLayout  *layout,
          guint                   lane)
{
  return layout->lanes_y - options->scroll_y + lane * layout->lane_height;
}

/* How many arrows the visible range may hold before they would hide the
 * spans: at coarse zoom a run has thousands per pixel column, and lines
 * that dense are a grey wash that says nothing, so the layer steps back
 * (folding them as spans fold is left for later).  The count is two
 * binary searches a lane, not a walk over the arrows. */
gboolean
weft_chart_arrows_shown (WeftTimeline           *timeline,
                         const WeftChartOptions *options,
                         const WeftChartLayout  *layout)
{
  guint most;
  guint n;

  if (!options->with_arrows || layout->n_lanes < 2)
    return FALSE;
  most = (guint) MAX (1.0, layout->plot_width / UNITS_PER_ARROW);
  n = weft_timeline_count_arrows (timeline, options->t0, options->t1, most + 1);
  return n > 0 && n <= most;
}

/* A line from (x0, y0) to (x1, y1) and a small head at (x1, y1), as one
 * path: the caller strokes the line and fills the head. */
void
weft_chart_arrow_path (cairo_t *cr,
                       double   x0,
                       double   y0,
                       double   x1,
                       double   y1)
{
  double dx = x1 - x0, dy = y1 - y0;
  double length = sqrt (dx * dx + dy * dy);
  double ux, uy, bx, by;

  if (length < 0.5)
    return;
  ux = dx / length;
  uy = dy / length;
  /* The line stops where the head begins, so the tip stays sharp. */
  bx = x1 - ux * HEAD_LENGTH;
  by = y1 - uy * HEAD_LENGTH;
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, bx, by);
  cairo_stroke (cr);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, bx - uy * HEAD_HALF_WIDTH, by + ux * HEAD_HALF_WIDTH);
  cairo_line_to (cr, bx + uy * HEAD_HALF_WIDTH, by - ux * HEAD_HALF_WIDTH);
  cairo_close_path (cr);
  cairo_fill (cr);
}

typedef struct
{
  cairo_t *cr;
  const WeftChartOptions *options;
  const WeftChartLayout *layout;
  const WeftColor *colors[2];    /* by WeftArrowKind */
} ArrowDraw;

static void
draw_one (const WeftArrow *arrow,
          gpointer         user_data)
{
  ArrowDraw *draw = user_data;
  const WeftChartOptions *options = draw->options;
  const WeftChartLayout *layout = draw->layout;
  double from_top = lane_top (options, layout, arrow->from_lane);
  double to_top = lane_top (options, layout, arrow->to_lane);
  double x0 = weft_chart_time_to_x (options, layout, arrow->from_ns);
  double x1 = weft_chart_time_to_x (options, layout, arrow->to_ns);
  double y0 = from_top + layout->lane_height / 2;
  /* The head touches the woken span's near edge rather than hiding in
   * its middle. */
  double y1 = arrow->from_lane < arrow->to_lane ? to_top + SPAN_INSET
                                                : to_top + layout->lane_height - SPAN_INSET;
  const WeftColor *color = draw->colors[arrow->kind == WEFT_ARROW_ITEM];
  gboolean hovered = options->hover_lane >= 0 &&
                     ((guint) options->hover_lane == arrow->from_lane ||
                      (guint) options->hover_lane == arrow->to_lane);

  /* Both ends off the same side of the lanes: nothing of it shows. */
  if ((MAX (y0, y1) < layout->lanes_y) || (MIN (y0, y1) > layout->lanes_bottom))
    return;

  cairo_set_source_rgba (draw->cr, color->red, color->green, color->blue,
                         hovered ? 1.0 : 0.8 * color->alpha);
  cairo_set_line_width (draw->cr, hovered ? 2.0 : 1.0);
  weft_chart_arrow_path (draw->cr, x0, y0, x1, y1);
}

/**
 * weft_chart_draw_arrows:
 *
 * Draws every hand-off that crosses the visible range, when
 * weft_chart_arrows_shown() says there is room for them: a thin line
 * from the cause (the waker's lane, middle) to the woken thread's span,
 * in the signal colour, or from an item's `produce` to its `consume` in
 * the item colour.  The hovered lane's arrows, in and out, are
 * drawn stronger.
 */
void
weft_chart_draw_arrows (cairo_t                *cr,
                        WeftTimeline           *timeline,
                        const WeftChartOptions *options,
                        const WeftChartLayout  *layout,
                        const WeftPalette      *palette)
{
  ArrowDraw draw = { cr, options, layout,
                     { &palette->marks[WEFT_MARK_COLOR_SIGNAL], &palette->marks[WEFT_MARK_COLOR_ITEM] } };

  if (!weft_chart_arrows_shown (timeline, options, layout))
    return;

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  weft_timeline_query_arrows (timeline, options->t0, options->t1, draw_one, &draw);
  cairo_restore (cr);
}
