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
#include "weft-lessons.h"

static void
draw_legend_swatch (WeftChartCtx    *ctx,
                    const WeftColor *fill,
                    const WeftColor *hatch,
                    const char      *label)
{
  double x, middle;

  weft_chart_legend_next (ctx, 23, label, &x, &middle);
  weft_chart_set_color (ctx->cr, fill);
  cairo_rectangle (ctx->cr, x, middle - 6, 18, 12);
  cairo_fill (ctx->cr);
  if (hatch != NULL)
    weft_chart_hatch_rect (ctx->cr, x, middle - 6, 18, 12, hatch, 0.7);
  weft_chart_draw_text (ctx, x + 23, middle + 4, label, SMALL_SIZE, FALSE,
                        &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_START);
}

/* Every entry, each where weft_chart_legend_next() puts it. */
static void
draw_entries (WeftChartCtx *ctx)
{
  const WeftColor *fg = &ctx->palette->roles[WEFT_COLOR_FOREGROUND];
  const WeftPattern *pattern = weft_timeline_get_pattern (ctx->timeline);
  guint n_marks;
  double x, middle;

  /* Exactly what the pattern draws, as it declares. */
  for (guint s = 0; s < WEFT_STATE_RECORDER; s++)
    if (pattern->states & (1u << s))
      draw_legend_swatch (ctx, &ctx->palette->states[s], NULL, weft_chart_state_label (s));
  /* What Weft itself did is named only where it happened. */
  if (weft_timeline_get_stall_ns (ctx->timeline) > 0)
    draw_legend_swatch (ctx, &ctx->palette->states[WEFT_STATE_RECORDER],
                        &ctx->palette->roles[WEFT_COLOR_FOREGROUND], weft_chart_state_label (WEFT_STATE_RECORDER));
  if (weft_timeline_get_n_held (ctx->timeline) > 0)
    draw_legend_swatch (ctx, &ctx->palette->states[WEFT_STATE_HELD], NULL,
                        weft_chart_state_label (WEFT_STATE_HELD));
  if (weft_timeline_get_paused_ns (ctx->timeline, G_MAXINT64) > 0)
    draw_legend_swatch (ctx, &ctx->palette->roles[WEFT_COLOR_BACKGROUND],
                        &ctx->palette->roles[WEFT_COLOR_DIM], _("paused"));
  weft_timeline_get_gaps (ctx->timeline, &n_marks);
  if (n_marks > 0)
    draw_legend_swatch (ctx, &ctx->palette->roles[WEFT_COLOR_BACKGROUND],
                        &ctx->palette->roles[WEFT_COLOR_FAIL], _("events lost"));
  /* Only when the arrows are drawn, at this zoom (room for them is kept
   * whenever they may be, so the band does not change with the zoom). */
  if (ctx->legend_any ? ctx->options->with_arrows && ctx->layout.n_lanes >= 2
                      : weft_chart_arrows_shown (ctx->timeline, ctx->options, &ctx->layout))
    {
      const WeftColor *color = &ctx->palette->marks[WEFT_MARK_COLOR_SIGNAL];

      weft_chart_legend_next (ctx, 21, weft_chart_handoff_label (ctx), &x, &middle);
      weft_chart_set_color (ctx->cr, color);
      cairo_set_line_width (ctx->cr, 1.0);
      weft_chart_arrow_path (ctx->cr, x, middle, x + 16, middle);
      weft_chart_draw_text (ctx, x + 21, middle + 4, weft_chart_handoff_label (ctx), SMALL_SIZE, FALSE, fg, WEFT_TEXT_START);
    }
  /* Only when the run deadlocked: the cycle's waits and who they wait for. */
  if (weft_timeline_get_deadlock (ctx->timeline, &n_marks, NULL) != NULL)
    {
      static const double dash[] = { 4.0, 3.0 };

      /* TRANSLATORS: legend entry for the threads caught in a deadlock */
      weft_chart_legend_next (ctx, 21, _("deadlock"), &x, &middle);
      weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_FAIL]);
      cairo_set_line_width (ctx->cr, 1.5);
      cairo_set_dash (ctx->cr, dash, G_N_ELEMENTS (dash), 0);
      weft_chart_arrow_path (ctx->cr, x, middle, x + 16, middle);
      cairo_set_dash (ctx->cr, NULL, 0, 0);
      weft_chart_draw_text (ctx, x + 21, middle + 4, _("deadlock"), SMALL_SIZE, FALSE, fg, WEFT_TEXT_START);
    }
  weft_chart_draw_lessons_legend (ctx);
  /* The overview's band for threads alive in no span (room kept while
   * it may show: whether it does depends on the room the legend leaves). */
  if (ctx->legend_any ? weft_chart_overview_possible (ctx->timeline, ctx->options, &ctx->layout)
                      : ctx->layout.overview)
    {
      WeftColor between;

      weft_chart_census_color (ctx->palette, WEFT_CENSUS_BETWEEN, &between);
      draw_legend_swatch (ctx, &between, NULL, weft_chart_census_label (WEFT_CENSUS_BETWEEN));
    }
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    {
      const char *label;

      /* Room is kept for them while the lanes may be thick enough. */
      if ((!ctx->legend_any && !weft_chart_lanes_show_marks (ctx)) || !weft_chart_draws_mark (ctx->timeline, k))
        continue;
      label = weft_chart_instant_label (ctx, k);
      weft_chart_legend_next (ctx, 14, label, &x, &middle);
      weft_chart_mark_path_for (ctx, k, x + 5, middle);
      weft_chart_fill_marks (ctx, k);
      weft_chart_draw_text (ctx, x + 14, middle + 4, label, SMALL_SIZE, FALSE, fg, WEFT_TEXT_START);
    }
}

static void
legend_start (WeftChartCtx *ctx,
              gboolean      centred)
{
  ctx->legend_x = ctx->layout.plot_x;
  ctx->legend_row = 0;
  ctx->legend_centred = centred;
}

/* A legend entry @symbol wide before its @label: where it goes, on this
 * row or, once the row is full, the next.  None is left out: the band
 * has as many rows as weft_chart_legend_rows() found they take, and an
 * entry wider than a whole row has one to itself. */
void
weft_chart_legend_next (WeftChartCtx *ctx,
                        double        symbol,
                        const char   *label,
                        double       *x,
                        double       *middle)
{
  double width = symbol + weft_chart_text_width (ctx, label, SMALL_SIZE, FALSE);
  double right = ctx->options->width - 4;
  double top = ctx->layout.lanes_bottom;

  if (ctx->legend_x + width > right && ctx->legend_x > ctx->layout.plot_x)
    {
      ctx->legend_row++;
      ctx->legend_x = ctx->layout.plot_x;
    }
  *x = ctx->legend_x;
  *middle = ctx->legend_centred ? top + weft_chart_legend_height (ctx->options, 1) / 2
                                : top + (LEGEND_ROW_TOP + ctx->legend_row * LEGEND_ROW_STEP) * ctx->magnify;
  ctx->legend_x += width + 16;
}

/* Lays @ctx's entries out on scratch, as drawn but seen nowhere: how
 * many rows they take. */
static guint
count_rows (const WeftChartCtx *ctx)
{
  WeftChartCtx dry = *ctx;
  WeftChartOptions dry_options = *ctx->options;
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);

  dry_options.text_func = NULL;
  dry.options = &dry_options;
  dry.cr = cairo_create (scratch);
  dry.text_layout = NULL;
  memset (dry.sprites, 0, sizeof dry.sprites);
  legend_start (&dry, FALSE);
  draw_entries (&dry);
  g_clear_object (&dry.text_layout);
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    g_clear_pointer (&dry.sprites[k], cairo_surface_destroy);
  cairo_destroy (dry.cr);
  cairo_surface_destroy (scratch);
  return dry.legend_row + 1;
}

/**
 * weft_chart_legend_rows:
 * @layout: the chart's layout, as far as its plot's place and its lanes
 *
 * How many rows the legend takes at @options' width: room for every
 * entry the run may show in this view, those that come and go with the
 * zoom (hand-offs, a buffer's full and empty waits, the marks and the
 * overview's band of many threads) included, so that the band keeps its
 * height while the view moves, and is known before the lanes' room.
 */
guint
weft_chart_legend_rows (WeftTimeline           *timeline,
                        const WeftChartOptions *options,
                        const WeftChartLayout  *layout)
{
  WeftChartCtx ctx = { 0 };
  guint rows;

  ctx.timeline = timeline;
  ctx.options = options;
  ctx.palette = weft_palette_get (options->dark);
  ctx.layout = *layout;
  ctx.font = pango_font_description_from_string (options->font_family ? options->font_family : DEFAULT_FONT);
  ctx.scale = options->scale > 0 ? options->scale : 1.0;
  ctx.magnify = options->classroom ? CLASSROOM_MAGNIFY : 1.0;
  ctx.mark_size = MARK_SIZE * ctx.magnify;
  ctx.legend_any = TRUE;
  if (weft_chart_draws_wait_reasons (timeline))
    ctx.lessons_drawn = (1u << WEFT_WAIT_FULL) | (1u << WEFT_WAIT_EMPTY);
  rows = count_rows (&ctx);
  pango_font_description_free (ctx.font);
  return rows;
}

void
weft_chart_draw_legend (WeftChartCtx *ctx)
{
  double y = ctx->layout.lanes_bottom;
  double height = ctx->layout.legend_height;

  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
  cairo_rectangle (ctx->cr, 0, y, ctx->options->width, height);
  cairo_fill (ctx->cr);
  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_GRID]);
  cairo_rectangle (ctx->cr, 0, y, ctx->options->width, 1);
  cairo_fill (ctx->cr);

  weft_chart_draw_text (ctx, LABEL_WIDTH - 10, y + height / 2 + 4, _("Legend"),
                        SMALL_SIZE, TRUE,
                        &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_END);
  /* What this view shows takes one row, in the middle, or rows from the top. */
  legend_start (ctx, count_rows (ctx) == 1);
  draw_entries (ctx);
}
