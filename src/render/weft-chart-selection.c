/* weft-chart-selection.c: the selected span and what it relates to
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn over the lanes, last, in the accent colour: the selected span
 * with a firm outline, and the spans on other lanes the caller found
 * related to it (who woke it, who held what it waited for, whom it
 * woke) with a fainter one.  Outlines are at least a few pixels wide, so
 * a span thinner than a pixel at coarse zoom can still be found.
 */

#include "config.h"

#include "weft-chart-private.h"
#include "weft-ticks.h"

#define MIN_OUTLINE_WIDTH 4.0

static void
outline_span (WeftChartCtx           *ctx,
              const WeftChartSpanRef *span,
              double                  inset)
{
  const WeftChartLayout *layout = &ctx->layout;
  double x0, x1, top;

  if (span->lane >= layout->n_lanes)
    return;
  x0 = weft_chart_time_to_x (ctx->options, layout, span->start_ns);
  x1 = weft_chart_time_to_x (ctx->options, layout, span->end_ns);
  top = weft_chart_lane_top (ctx, span->lane);
  if (x1 < layout->plot_x || x0 > layout->plot_x + layout->plot_width ||
      top + layout->lane_height < layout->lanes_y || top >= layout->threads_bottom)
    return;
  /* Ends off the plot are drawn just past it, open rather than closed. */
  x0 = MAX (x0, layout->plot_x - 2);
  x1 = MIN (x1, layout->plot_x + layout->plot_width + 2);
  if (x1 - x0 < MIN_OUTLINE_WIDTH)
    {
      double middle = (x0 + x1) / 2;

      x0 = middle - MIN_OUTLINE_WIDTH / 2;
      x1 = middle + MIN_OUTLINE_WIDTH / 2;
    }
  cairo_rectangle (ctx->cr, x0 - 1, top + inset, x1 - x0 + 2, layout->lane_height - 2 * inset);
}

void
weft_chart_draw_selection (WeftChartCtx *ctx)
{
  const WeftChartOptions *options = ctx->options;
  const WeftColor *accent = &ctx->palette->roles[WEFT_COLOR_ACCENT];

  if (!options->has_selection && options->n_related == 0)
    return;
  cairo_save (ctx->cr);
  cairo_set_line_join (ctx->cr, CAIRO_LINE_JOIN_ROUND);
  if (options->n_related > 0)
    {
      static const double dash[] = { 4.0, 2.0 };

      for (guint i = 0; i < options->n_related; i++)
        outline_span (ctx, &options->related[i], 3.0);
      cairo_set_source_rgba (ctx->cr, accent->red, accent->green, accent->blue, 0.9);
      cairo_set_line_width (ctx->cr, 1.5);
      cairo_set_dash (ctx->cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_stroke (ctx->cr);
      cairo_set_dash (ctx->cr, NULL, 0, 0);
    }
  if (options->has_selection)
    {
      outline_span (ctx, &options->selection, 1.5);
      weft_chart_set_color (ctx->cr, accent);
      cairo_set_line_width (ctx->cr, 2.0);
      cairo_stroke (ctx->cr);
    }
  cairo_restore (ctx->cr);
}

/* The stretch being measured: a band over every lane, its edges firm,
 * and how long it is written at its top. */
void
weft_chart_draw_measure (WeftChartCtx *ctx)
{
  const WeftChartOptions *options = ctx->options;
  const WeftChartLayout *layout = &ctx->layout;
  const WeftColor *accent = &ctx->palette->roles[WEFT_COLOR_ACCENT];
  double left = layout->plot_x, right = left + layout->plot_width;
  double x0, x1, top = layout->lanes_y, height = layout->lanes_bottom - layout->lanes_y;
  g_autofree char *length = NULL;

  if (!options->has_measure)
    return;
  x0 = CLAMP (weft_chart_time_to_x (options, layout, MIN (options->measure_t0, options->measure_t1)), left, right);
  x1 = CLAMP (weft_chart_time_to_x (options, layout, MAX (options->measure_t0, options->measure_t1)), left, right);
  if (x1 <= x0)
    return;
  cairo_save (ctx->cr);
  cairo_set_source_rgba (ctx->cr, accent->red, accent->green, accent->blue, 0.14);
  cairo_rectangle (ctx->cr, x0, top, x1 - x0, height);
  cairo_fill (ctx->cr);
  weft_chart_set_color (ctx->cr, accent);
  cairo_rectangle (ctx->cr, x0 - 0.75, top, 1.5, height);
  cairo_rectangle (ctx->cr, x1 - 0.75, top, 1.5, height);
  cairo_fill (ctx->cr);
  cairo_restore (ctx->cr);
  length = weft_format_duration (ABS (options->measure_t1 - options->measure_t0));
  weft_chart_draw_text (ctx, x0 + 4, top + TEXT_SIZE + 2, length, TEXT_SIZE, TRUE, accent, WEFT_TEXT_START);
}
