/* weft-chart-legend.c: exactly what this run's chart draws, named
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "weft-chart-private.h"

static void
draw_legend_swatch (WeftChartCtx    *ctx,
                    double          *x,
                    double           middle,
                    const WeftColor *fill,
                    const WeftColor *hatch,
                    const char      *label)
{
  if (!weft_chart_legend_fits (ctx, *x, 23, label))
    return;
  weft_chart_set_color (ctx->cr, fill);
  cairo_rectangle (ctx->cr, *x, middle - 6, 18, 12);
  cairo_fill (ctx->cr);
  if (hatch != NULL)
    weft_chart_hatch_rect (ctx->cr, *x, middle - 6, 18, 12, hatch, 0.7);
  weft_chart_draw_text (ctx, *x + 23, middle + 4, label, SMALL_SIZE, FALSE,
                        &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_START);
  weft_chart_legend_advance (ctx, x, 23, label);
}

void
weft_chart_draw_legend (WeftChartCtx *ctx)
{
  const WeftColor *fg = &ctx->palette->roles[WEFT_COLOR_FOREGROUND];
  const WeftPattern *pattern = weft_timeline_get_pattern (ctx->timeline);
  double y = ctx->layout.lanes_bottom;
  double middle = y + LEGEND_HEIGHT / 2;
  double x = ctx->layout.plot_x;
  guint n_marks;

  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
  cairo_rectangle (ctx->cr, 0, y, ctx->options->width, LEGEND_HEIGHT);
  cairo_fill (ctx->cr);
  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_GRID]);
  cairo_rectangle (ctx->cr, 0, y, ctx->options->width, 1);
  cairo_fill (ctx->cr);

  weft_chart_draw_text (ctx, LABEL_WIDTH - 10, middle + 4, _("Legend"), SMALL_SIZE, TRUE,
                        &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_END);

  /* Exactly what the pattern draws, as it declares. */
  for (guint s = 0; s < WEFT_STATE_RECORDER; s++)
    if (pattern->states & (1u << s))
      draw_legend_swatch (ctx, &x, middle, &ctx->palette->states[s], NULL, weft_chart_state_label (s));
  /* What Weft itself did is named only where it happened. */
  if (weft_timeline_get_stall_ns (ctx->timeline) > 0)
    draw_legend_swatch (ctx, &x, middle, &ctx->palette->states[WEFT_STATE_RECORDER],
                        &ctx->palette->roles[WEFT_COLOR_FOREGROUND], weft_chart_state_label (WEFT_STATE_RECORDER));
  if (weft_timeline_get_paused_ns (ctx->timeline, G_MAXINT64) > 0)
    draw_legend_swatch (ctx, &x, middle, &ctx->palette->roles[WEFT_COLOR_BACKGROUND],
                        &ctx->palette->roles[WEFT_COLOR_DIM], _("paused"));
  weft_timeline_get_gaps (ctx->timeline, &n_marks);
  if (n_marks > 0)
    draw_legend_swatch (ctx, &x, middle, &ctx->palette->roles[WEFT_COLOR_BACKGROUND],
                        &ctx->palette->roles[WEFT_COLOR_FAIL], _("events lost"));
  /* Only when the arrows are drawn, at this zoom. */
  if (weft_chart_arrows_shown (ctx->timeline, ctx->options, &ctx->layout) &&
      weft_chart_legend_fits (ctx, x, 21, weft_chart_handoff_label (ctx)))
    {
      const WeftColor *color = &ctx->palette->marks[WEFT_MARK_COLOR_SIGNAL];

      weft_chart_set_color (ctx->cr, color);
      cairo_set_line_width (ctx->cr, 1.0);
      weft_chart_arrow_path (ctx->cr, x, middle, x + 16, middle);
      weft_chart_draw_text (ctx, x + 21, middle + 4, weft_chart_handoff_label (ctx), SMALL_SIZE, FALSE, fg, WEFT_TEXT_START);
      weft_chart_legend_advance (ctx, &x, 21, weft_chart_handoff_label (ctx));
    }
  /* Only when the run deadlocked: the cycle's waits and who they wait for. */
  if (weft_timeline_get_deadlock (ctx->timeline, &n_marks, NULL) != NULL &&
      weft_chart_legend_fits (ctx, x, 21, _("deadlock")))
    {
      static const double dash[] = { 4.0, 3.0 };

      weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_FAIL]);
      cairo_set_line_width (ctx->cr, 1.5);
      cairo_set_dash (ctx->cr, dash, G_N_ELEMENTS (dash), 0);
      weft_chart_arrow_path (ctx->cr, x, middle, x + 16, middle);
      cairo_set_dash (ctx->cr, NULL, 0, 0);
      /* TRANSLATORS: legend entry for the threads caught in a deadlock */
      weft_chart_draw_text (ctx, x + 21, middle + 4, _("deadlock"), SMALL_SIZE, FALSE, fg, WEFT_TEXT_START);
      weft_chart_legend_advance (ctx, &x, 21, _("deadlock"));
    }
  weft_chart_draw_lessons_legend (ctx, &x, middle);
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    {
      const char *label;

      if (!weft_chart_draws_mark (ctx->timeline, k))
        continue;
      label = weft_chart_instant_label (ctx, k);
      if (!weft_chart_legend_fits (ctx, x, 14, label))
        break;
      weft_chart_mark_path_for (ctx, k, x + 5, middle);
      weft_chart_fill_marks (ctx, k);
      weft_chart_draw_text (ctx, x + 14, middle + 4, label, SMALL_SIZE, FALSE, fg, WEFT_TEXT_START);
      weft_chart_legend_advance (ctx, &x, 14, label);
    }
}
