/* weft-chart-overlays.c: what the run itself did, drawn over the lanes
 *
 * Lost events, pauses and the boundary before which only a summary is kept.
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "weft-chart-private.h"

/* Where a lane lost events, nothing is known: a hatched block in the
 * failure colour, at least a few units wide so a short gap is seen. */
void
weft_chart_draw_gaps (WeftChartCtx *ctx)
{
  guint n_gaps;
  const WeftGap *gaps = weft_timeline_get_gaps (ctx->timeline, &n_gaps);
  const WeftColor *fail = &ctx->palette->roles[WEFT_COLOR_FAIL];

  for (guint i = 0; i < n_gaps; i++)
    {
      double x0, x1, top;

      if (gaps[i].to_ns < ctx->options->t0 || gaps[i].from_ns > ctx->options->t1 ||
          gaps[i].lane >= ctx->layout.n_lanes)
        continue;
      x0 = weft_chart_time_to_x (ctx->options, &ctx->layout, gaps[i].from_ns);
      x1 = MAX (weft_chart_time_to_x (ctx->options, &ctx->layout, gaps[i].to_ns), x0 + 3);
      x0 = MAX (x0, ctx->layout.plot_x);
      x1 = MIN (x1, ctx->layout.plot_x + ctx->layout.plot_width);
      top = weft_chart_lane_top (ctx, gaps[i].lane);
      weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
      cairo_rectangle (ctx->cr, x0, top + 2, x1 - x0, ctx->layout.lane_height - 4);
      cairo_fill (ctx->cr);
      weft_chart_hatch_rect (ctx->cr, x0, top + 2, x1 - x0, ctx->layout.lane_height - 4, fail, 0.9);
    }
}

/* Paused time is one band across every lane: the threads were held,
 * so nothing under it is drawn as activity. */
void
weft_chart_draw_pauses (WeftChartCtx *ctx)
{
  g_autoptr(GArray) copy = weft_timeline_dup_pauses (ctx->timeline);
  const WeftPause *pauses = (const WeftPause *) (gpointer) copy->data;
  guint n_pauses = copy->len;
  double top = ctx->layout.lanes_y;
  double height = ctx->layout.lanes_bottom - ctx->layout.lanes_y;
  const WeftColor *bg = &ctx->palette->roles[WEFT_COLOR_BACKGROUND];

  for (guint i = 0; i < n_pauses; i++)
    {
      gint64 to = pauses[i].to_ns != 0 ? pauses[i].to_ns : weft_timeline_get_end (ctx->timeline);
      double x0, x1;

      if (to < ctx->options->t0 || pauses[i].from_ns > ctx->options->t1)
        continue;
      x0 = MAX (weft_chart_time_to_x (ctx->options, &ctx->layout, pauses[i].from_ns), ctx->layout.plot_x);
      x1 = MIN (weft_chart_time_to_x (ctx->options, &ctx->layout, to), ctx->layout.plot_x + ctx->layout.plot_width);
      if (x1 - x0 < 1)
        x1 = x0 + 1;
      cairo_set_source_rgba (ctx->cr, bg->red, bg->green, bg->blue, 1.0);
      cairo_rectangle (ctx->cr, x0, top, x1 - x0, height);
      cairo_fill (ctx->cr);
      weft_chart_hatch_rect (ctx->cr, x0, top, x1 - x0, height, &ctx->palette->roles[WEFT_COLOR_DIM], 0.35);
      if (x1 - x0 > 60)
        weft_chart_draw_text (ctx, x0 + 6, top + TEXT_SIZE + 4, _("paused"), TEXT_SIZE, TRUE,
                              &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_START);
    }
}

/* Before the timeline's detail_from, only the summary was kept (the run
 * outgrew its memory budget), so that time is drawn as if zoomed out,
 * however close the zoom: a faint tint over it says so, and a dashed
 * line, labelled, marks where every event is there again. */
void
weft_chart_draw_detail_boundary (WeftChartCtx *ctx)
{
  static const double dash[] = { 5.0, 3.0 };
  gint64 from = weft_timeline_get_detail_from (ctx->timeline);
  const WeftColor *dim = &ctx->palette->roles[WEFT_COLOR_DIM];
  double left = ctx->layout.plot_x;
  double right = left + ctx->layout.plot_width;
  double top = ctx->layout.lanes_y;
  double bottom = ctx->layout.lanes_bottom;
  double baseline = top + TEXT_SIZE + 4;
  double x;

  if (from <= weft_timeline_get_origin (ctx->timeline) || from <= ctx->options->t0)
    return;

  x = MIN (weft_chart_time_to_x (ctx->options, &ctx->layout, from), right);
  cairo_set_source_rgba (ctx->cr, dim->red, dim->green, dim->blue, 0.12);
  cairo_rectangle (ctx->cr, left, top, x - left, bottom - top);
  cairo_fill (ctx->cr);

  if (from >= ctx->options->t1)
    {
      /* TRANSLATORS: over a stretch of the chart where only the zoomed-out
       * summary of the run was kept, to stay within its memory budget */
      weft_chart_draw_text (ctx, left + 6, baseline, _("summary only"), SMALL_SIZE, TRUE, dim, WEFT_TEXT_START);
      return;
    }

  x = round (x) + 0.5;
  cairo_save (ctx->cr);
  cairo_set_dash (ctx->cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (ctx->cr, 1.0);
  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_FOREGROUND]);
  cairo_move_to (ctx->cr, x, top);
  cairo_line_to (ctx->cr, x, bottom);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);
  /* Right of the line, where the detail is, unless that is off the plot. */
  if (x + 140 < right)
    /* TRANSLATORS: beside a line on the chart; to its left only a
     * summary of the run was kept, to stay within its memory budget */
    weft_chart_draw_text (ctx, x + 4, baseline, _("full detail from here"), SMALL_SIZE, TRUE,
                          &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_START);
  else
    weft_chart_draw_text (ctx, x - 4, baseline, _("full detail from here"), SMALL_SIZE, TRUE,
                          &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_END);
}
