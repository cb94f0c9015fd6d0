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
/* Arrows between the same two lanes ending this close fold into one;
 * where there are more than one per UNITS_PER_FOLD across the plot,
 * they fold over DENSE_UNITS_PER_FOLD, so that a frame strokes a few
 * thousand lines at most, however dense the run. */
#define UNITS_PER_FOLD 4.0
#define DENSE_UNITS_PER_FOLD 128.0

typedef enum
{
  EMPHASIS_DIM,        /* another span is hovered */
  EMPHASIS_NORMAL,
  EMPHASIS_STRONG,     /* into or out of what is hovered */
  N_EMPHASES
} Emphasis;

/* A folded arrow is drawn thicker the more it stands for. */
#define N_WEIGHTS 3
/* Kinds of line: a hand-off, an item, and a guessed hand-off (the
 * kernel chose the waiter a recorded program's post or signal let go),
 * drawn dashed. */
#define N_KINDS 3
#define KIND_GUESS 2
#define N_BUCKETS (N_KINDS * N_EMPHASES * N_WEIGHTS)
#define DASH_LENGTH 4.0
#define DASH_GAP 3.0

/* Whether the layer draws anything: arrows are asked for, and some end
 * in the visible range.  However many there are, they fold (below), so
 * the legend's "hand-off" is there exactly when arrows are. */
gboolean
weft_chart_arrows_shown (WeftTimeline           *timeline,
                         const WeftChartOptions *options,
                         const WeftChartLayout  *layout)
{
  /* They join lanes, which the overview does not draw. */
  if (!options->with_arrows || layout->n_lanes < 2 || layout->overview)
    return FALSE;
  return weft_timeline_count_arrows (timeline, options->t0, options->t1, 1) > 0;
}

/* The line of an arrow from (x0, y0) to (x1, y1) up to where its head
 * begins, so the tip stays sharp, as a sub-path of the current path. */
static void
line_path (cairo_t *cr,
           double   x0,
           double   y0,
           double   x1,
           double   y1)
{
  double dx = x1 - x0, dy = y1 - y0;
  double length = sqrt (dx * dx + dy * dy);

  if (length < 0.5)
    return;
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1 - dx / length * HEAD_LENGTH, y1 - dy / length * HEAD_LENGTH);
}

/* The same line as a thin quadrilateral @width wide, to be filled: one
 * fill of many of them costs far less than stroking as many lines. */
static void
line_quad_path (cairo_t *cr,
                double   x0,
                double   y0,
                double   x1,
                double   y1,
                double   width)
{
  double dx = x1 - x0, dy = y1 - y0;
  double length = sqrt (dx * dx + dy * dy);
  double ux, uy, bx, by, px, py;

  if (length < 0.5)
    return;
  ux = dx / length;
  uy = dy / length;
  bx = x1 - ux * HEAD_LENGTH;
  by = y1 - uy * HEAD_LENGTH;
  px = -uy * width / 2;
  py = ux * width / 2;
  cairo_move_to (cr, x0 + px, y0 + py);
  cairo_line_to (cr, bx + px, by + py);
  cairo_line_to (cr, bx - px, by - py);
  cairo_line_to (cr, x0 - px, y0 - py);
  cairo_close_path (cr);
}

/* The line as dashes, each a quad as line_quad_path() makes. */
static void
dashed_quad_path (cairo_t *cr,
                  double   x0,
                  double   y0,
                  double   x1,
                  double   y1,
                  double   width)
{
  double dx = x1 - x0, dy = y1 - y0;
  double length = sqrt (dx * dx + dy * dy);
  double ux, uy, usable;

  if (length < 0.5)
    return;
  ux = dx / length;
  uy = dy / length;
  usable = length - HEAD_LENGTH;
  for (double at = 0; at < usable; at += DASH_LENGTH + DASH_GAP)
    {
      double end = MIN (at + DASH_LENGTH, usable);

      /* A quad from `at` to `end`, its head-less end where the dash stops. */
      line_quad_path (cr, x0 + ux * at, y0 + uy * at,
                      x0 + ux * (end + HEAD_LENGTH), y0 + uy * (end + HEAD_LENGTH), width);
    }
}

/* Its head at (x1, y1), a closed triangle sub-path. */
static void
head_path (cairo_t *cr,
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
  bx = x1 - ux * HEAD_LENGTH;
  by = y1 - uy * HEAD_LENGTH;
  /* Wound as line_quad_path() winds, so that where a head overlaps
   * another arrow's line the winding rule adds them, not cancels. */
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, bx + uy * HEAD_HALF_WIDTH, by - ux * HEAD_HALF_WIDTH);
  cairo_line_to (cr, bx - uy * HEAD_HALF_WIDTH, by + ux * HEAD_HALF_WIDTH);
  cairo_close_path (cr);
}

/* Whether the line from x0 to x1 stays within half a pixel of upright,
 * so one column of whole pixels is where it is drawn anyway. */
static gboolean
is_upright (double x0,
            double x1)
{
  return fabs (x1 - x0) < 0.5;
}

/* An upright arrow as whole-pixel rectangles: its line @width wide in
 * the column of x1, and its head as rows 1, 1, 3, 3 and 5 pixels wide,
 * the HEAD_LENGTH pixels nearest the tip, which is what the triangle of
 * head_path() covers at that size.  A path of such rectangles alone is
 * filled as boxes: one blit each, rather than scan converting every
 * row the arrow crosses, which is what an arrow costs otherwise. */
static void
upright_path (cairo_t *cr,
              double   x1,
              double   y0,
              double   y1,
              double   width)
{
  static const double head_rows[][2] = { { 2, 1 }, { 2, 3 }, { 1, 5 } };   /* rows, width */
  double column = floor (x1);
  double tip = round (y1);
  double tail = round (y0);
  double sign = tip > tail ? -1.0 : 1.0;   /* from the tip back to the tail */
  double length = fabs (tip - tail);
  double line_width = MAX (1.0, round (width));
  double row = 0;

  if (length < 1.0)
    return;
  if (length > HEAD_LENGTH)
    cairo_rectangle (cr, column - floor ((line_width - 1) / 2), MIN (tail, tip + sign * HEAD_LENGTH),
                     line_width, length - HEAD_LENGTH);
  for (guint i = 0; i < G_N_ELEMENTS (head_rows) && row < length; i++)
    {
      double rows = MIN (head_rows[i][0], length - row);
      double near = tip + sign * row, far = tip + sign * (row + rows);

      cairo_rectangle (cr, column - (head_rows[i][1] - 1) / 2, MIN (near, far), head_rows[i][1], rows);
      row += rows;
    }
}

/* A line from (x0, y0) to (x1, y1) and a small head at (x1, y1): the
 * line stroked, the head filled (the legend's sample). */
void
weft_chart_arrow_path (cairo_t *cr,
                       double   x0,
                       double   y0,
                       double   x1,
                       double   y1)
{
  line_path (cr, x0, y0, x1, y1);
  cairo_stroke (cr);
  head_path (cr, x0, y0, x1, y1);
  cairo_fill (cr);
}

typedef struct
{
  WeftTimeline *timeline;
  const WeftChartOptions *options;
  const WeftChartLayout *layout;
  GArray *buckets[N_BUCKETS];    /* double x0, y0, x1, y1, by kind, emphasis, weight */
} ArrowDraw;

static Emphasis
emphasis_of (const WeftChartOptions *options,
             const WeftArrow        *arrow)
{
  if (options->has_hover_span)
    {
      const WeftChartSpanRef *span = &options->hover_span;
      gboolean in = arrow->to_lane == span->lane &&
                    arrow->to_ns >= span->start_ns && arrow->to_ns <= span->end_ns;
      gboolean out = arrow->from_lane == span->lane &&
                     arrow->from_ns >= span->start_ns && arrow->from_ns <= span->end_ns;

      return in || out ? EMPHASIS_STRONG : EMPHASIS_DIM;
    }
  if (options->hover_lane >= 0 &&
      ((guint) options->hover_lane == arrow->from_lane || (guint) options->hover_lane == arrow->to_lane))
    return EMPHASIS_STRONG;
  return EMPHASIS_NORMAL;
}

/* Where a fold goes: the latest arrow it stands for is drawn for all. */
static void
collect_fold (const WeftArrowFold *fold,
              gpointer             user_data)
{
  ArrowDraw *draw = user_data;
  const WeftArrow *arrow = &fold->arrow;
  const WeftChartOptions *options = draw->options;
  const WeftChartLayout *layout = draw->layout;
  double from_top = weft_chart_lane_y (draw->timeline, options, layout, arrow->from_lane);
  double to_top = weft_chart_lane_y (draw->timeline, options, layout, arrow->to_lane);
  double y0 = from_top + layout->lane_height / 2;
  /* The head touches the woken span's near edge rather than hiding in
   * its middle. */
  double y1 = from_top < to_top ? to_top + SPAN_INSET : to_top + layout->lane_height - SPAN_INSET;
  guint weight = fold->count == 1 ? 0 : fold->count < 16 ? 1 : 2;
  guint kind = arrow->kind == WEFT_ARROW_ITEM ? 1 : arrow->inferred ? KIND_GUESS : 0;
  guint bucket = (kind * N_EMPHASES + emphasis_of (options, arrow)) * N_WEIGHTS + weight;
  double line[4];

  /* Both ends off the same side of the lanes: nothing of it shows. */
  if ((MAX (y0, y1) < layout->lanes_y) || (MIN (y0, y1) > layout->threads_bottom))
    return;
  line[0] = weft_chart_time_to_x (options, layout, arrow->from_ns);
  line[1] = y0;
  line[2] = weft_chart_time_to_x (options, layout, arrow->to_ns);
  line[3] = y1;
  if (draw->buckets[bucket] == NULL)
    draw->buckets[bucket] = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (draw->buckets[bucket], line, 4);
}

/* Each bucket's lines and heads as one path, filled once, so a frame
 * fills a handful of paths however many arrows it shows.  On a raster
 * target (@snap), the upright ones (all of them, at coarse zoom, where
 * an arrow spans far less than a pixel of time) are filled apart, as
 * whole-pixel boxes (upright_path()). */
static void
draw_bucket (cairo_t         *cr,
             GArray          *lines,
             const WeftColor *color,
             Emphasis         emphasis,
             guint            weight,
             gboolean         snap,
             gboolean         dashed)
{
  static const double alphas[N_EMPHASES] = { 0.25, 0.8, 1.0 };
  static const double widths[N_WEIGHTS] = { 1.0, 1.75, 2.5 };
  const double *l = (const double *) (gpointer) lines->data;
  double width = widths[weight] + (emphasis == EMPHASIS_STRONG ? 1.0 : 0.0);
  gboolean any_upright = FALSE, any_slanted = FALSE;

  cairo_set_source_rgba (cr, color->red, color->green, color->blue,
                         emphasis == EMPHASIS_STRONG ? 1.0 : alphas[emphasis] * color->alpha);
  /* Overlapping arrows are drawn once, not darker where they cross. */
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  if (snap && !dashed)
    {
      for (guint i = 0; i < lines->len; i += 4)
        if (is_upright (l[i], l[i + 2]))
          {
            upright_path (cr, l[i + 2], l[i + 1], l[i + 3], width);
            any_upright = TRUE;
          }
      if (any_upright)
        cairo_fill (cr);
    }
  for (guint i = 0; i < lines->len; i += 4)
    if (!snap || dashed || !is_upright (l[i], l[i + 2]))
      {
        if (dashed)
          dashed_quad_path (cr, l[i], l[i + 1], l[i + 2], l[i + 3], width);
        else
          line_quad_path (cr, l[i], l[i + 1], l[i + 2], l[i + 3], width);
        head_path (cr, l[i], l[i + 1], l[i + 2], l[i + 3]);
        any_slanted = TRUE;
      }
  if (any_slanted)
    cairo_fill (cr);
}

/**
 * weft_chart_draw_arrows:
 *
 * Draws the hand-offs that cross the visible range: a thin line from
 * the cause (the waker's lane, middle) to the woken thread's span, in
 * the signal colour, or from an item's `produce` to its `consume` in
 * the item colour.  At coarse zoom, the arrows between the same two
 * lanes that end within a few pixels fold into one, drawn thicker the
 * more it stands for, as spans fold: the frame costs what its pixels
 * hold.  The hovered span's arrows, in and out, stand out and the
 * others dim; without one, the hovered lane's are drawn stronger.
 */
void
weft_chart_draw_arrows (cairo_t                *cr,
                        WeftTimeline           *timeline,
                        const WeftChartOptions *options,
                        const WeftChartLayout  *layout,
                        const WeftPalette      *palette)
{
  ArrowDraw draw = { timeline, options, layout, { NULL, } };
  const WeftColor *colors[N_KINDS] = { &palette->marks[WEFT_MARK_COLOR_SIGNAL], &palette->marks[WEFT_MARK_COLOR_ITEM],
                                       &palette->marks[WEFT_MARK_COLOR_SIGNAL] };
  gint64 ns_per_fold;

  if (!weft_chart_arrows_shown (timeline, options, layout))
    return;

  {
    guint sparse = (guint) MAX (1.0, layout->plot_width / UNITS_PER_FOLD);
    gboolean dense = weft_timeline_count_arrows (timeline, options->t0, options->t1, sparse + 1) > sparse;

    ns_per_fold = (gint64) ((dense ? DENSE_UNITS_PER_FOLD : UNITS_PER_FOLD) *
                            (options->t1 - options->t0) / MAX (1.0, layout->plot_width));
  }
  weft_timeline_query_arrow_folds (timeline, options->t0, options->t1, MAX (1, ns_per_fold),
                                   collect_fold, &draw);

  cairo_save (cr);
  /* An arrow from a cause before the visible range starts left of the
   * plot: it is cut at the plot's edge, never drawn over the names. */
  cairo_rectangle (cr, layout->plot_x, 0, layout->plot_width, options->height);
  cairo_clip (cr);
  /* Thin shapes a pixel or two wide need no finer coverage than this,
   * and it costs a fraction of the default's. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  /* The dimmed under the rest, the strong on top. */
  for (guint e = 0; e < N_EMPHASES; e++)
    for (guint kind = 0; kind < N_KINDS; kind++)
      for (guint w = 0; w < N_WEIGHTS; w++)
        {
          GArray *lines = draw.buckets[(kind * N_EMPHASES + e) * N_WEIGHTS + w];

          if (lines != NULL)
            draw_bucket (cr, lines, colors[kind], e, w, options->snap, kind == KIND_GUESS);
        }
  cairo_restore (cr);
  for (guint b = 0; b < N_BUCKETS; b++)
    g_clear_pointer (&draw.buckets[b], g_array_unref);
}
