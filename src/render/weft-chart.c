/* weft-chart.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The orchestrator: draws the layers (weft-chart-*.c) in order, with
 * the helpers they share, and says what lies under a point.
 *
 * Cost follows pixels, not events: every lane is read through the
 * timeline's level-of-detail queries, and what lands within a pixel of
 * the same state is merged before anything is drawn.  Shapes of one
 * colour in a lane become one path, filled once, so a vector file holds
 * one element per lane and colour rather than one per span.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "weft-chart-private.h"

void
weft_chart_options_init (WeftChartOptions *options)
{
  memset (options, 0, sizeof *options);
  options->hover_lane = -1;
  options->with_legend = TRUE;
  options->with_arrows = TRUE;
}

/* The words the chart shows for each state: translated, unlike the
 * vocabulary written into trace files. */
const char *
weft_chart_state_label (WeftState state)
{
  switch (state)
    {
    case WEFT_STATE_WORKING: return _("working");
    case WEFT_STATE_WAITING: return _("waiting");
    case WEFT_STATE_CRITICAL: return _("critical");
    /* TRANSLATORS: a thread waiting for room to record its events */
    case WEFT_STATE_RECORDER: return _("recorder");
    /* TRANSLATORS: a thread held at a sync point by Step mode, until the user lets it go */
    case WEFT_STATE_HELD: return C_("state", "held");
    case WEFT_N_STATES:
    default: return "";
    }
}

void
weft_chart_set_color (cairo_t         *cr,
                      const WeftColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

/* The one layout of a draw, set to @text at @size: its logical extents. */
static PangoLayout *
set_text (WeftChartCtx   *ctx,
          const char     *text,
          double          size,
          gboolean        bold,
          PangoRectangle *logical)
{
  if (ctx->text_layout == NULL)
    {
      ctx->text_layout = pango_cairo_create_layout (ctx->cr);
      /* Numbers and names stay left-to-right in a right-to-left interface. */
      pango_layout_set_auto_dir (ctx->text_layout, FALSE);
    }
  pango_font_description_set_absolute_size (ctx->font, size * ctx->magnify * PANGO_SCALE);
  pango_font_description_set_weight (ctx->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (ctx->text_layout, ctx->font);
  pango_layout_set_text (ctx->text_layout, text, -1);
  pango_layout_get_pixel_extents (ctx->text_layout, NULL, logical);
  return ctx->text_layout;
}

void
weft_chart_draw_text (WeftChartCtx    *ctx,
                      double           x,
                      double           baseline,
                      const char      *text,
                      double           size,
                      gboolean         bold,
                      const WeftColor *color,
                      WeftTextAlign    align)
{
  PangoLayout *layout;
  PangoRectangle logical;

  if (ctx->options->text_func != NULL)
    {
      ctx->options->text_func (x, baseline, text, size * ctx->magnify, bold, color, align, ctx->options->text_data);
      return;
    }

  layout = set_text (ctx, text, size, bold, &logical);
  weft_chart_set_color (ctx->cr, color);
  cairo_move_to (ctx->cr, align == WEFT_TEXT_END ? x - logical.width : x,
                 baseline - pango_layout_get_baseline (layout) / PANGO_SCALE);
  pango_cairo_show_layout (ctx->cr, layout);
}

/* How wide @text is drawn at @size. */
double
weft_chart_text_width (WeftChartCtx *ctx,
                       const char   *text,
                       double        size,
                       gboolean      bold)
{
  PangoRectangle logical;

  set_text (ctx, text, size, bold, &logical);
  return logical.width;
}

void
weft_chart_fill_background (WeftChartCtx *ctx)
{
  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
  cairo_paint (ctx->cr);
}

/* Every drawing starts here, the whole chart's or one part's alone, so
 * that none is drawn with a size, font or scale left unset. */
void
weft_chart_ctx_init (WeftChartCtx           *ctx,
                     cairo_t                *cr,
                     WeftTimeline           *timeline,
                     const WeftChartOptions *options)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->cr = cr;
  ctx->timeline = timeline;
  ctx->options = options;
  ctx->palette = weft_palette_get (options->dark);
  weft_chart_layout (timeline, options, &ctx->layout);
  ctx->ns_per_pixel = MAX (1, (gint64) ((options->t1 - options->t0) / ctx->layout.plot_width));
  ctx->font = pango_font_description_from_string (options->font_family ? options->font_family : DEFAULT_FONT);
  ctx->scale = options->scale > 0 ? options->scale : 1.0;
  ctx->magnify = options->classroom ? CLASSROOM_MAGNIFY : 1.0;
  ctx->mark_size = MARK_SIZE * ctx->magnify;
  ctx->units_per_ns = ctx->layout.plot_width / MAX (1, options->t1 - options->t0);
}

void
weft_chart_ctx_clear (WeftChartCtx *ctx)
{
  g_clear_pointer (&ctx->font, pango_font_description_free);
  g_clear_object (&ctx->text_layout);
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    g_clear_pointer (&ctx->sprites[k], cairo_surface_destroy);
}

/* Saves @ctx's cairo_t and clips it to the thread lanes' area (the whole
 * lanes' area unless the object lanes are pinned); restore to undo. */
static void
clip_threads (WeftChartCtx *ctx)
{
  cairo_save (ctx->cr);
  cairo_rectangle (ctx->cr, 0, ctx->layout.lanes_y, ctx->options->width,
                   ctx->layout.threads_bottom - ctx->layout.lanes_y);
  cairo_clip (ctx->cr);
}

/**
 * weft_chart_draw:
 *
 * Draws the chart for @options into @cr, filling (0, 0) to
 * (width, height): ruler, one lane per thread (or, for more threads
 * than fit, zoomed out, one overview of them all), the counter lanes,
 * and as asked the header and the legend.
 */
void
weft_chart_draw (cairo_t                *cr,
                 WeftTimeline           *timeline,
                 const WeftChartOptions *options)
{
  WeftChartCtx ctx;

  weft_chart_ctx_init (&ctx, cr, timeline, options);

  cairo_save (cr);
  weft_chart_fill_background (&ctx);
  if (options->with_header)
    weft_chart_draw_header (&ctx);

  /* Lanes scroll under the ruler and above the legend. */
  cairo_save (cr);
  cairo_rectangle (cr, 0, ctx.layout.ruler_y, options->width, ctx.layout.lanes_bottom - ctx.layout.ruler_y);
  cairo_clip (cr);
  weft_chart_draw_ruler (&ctx);
  cairo_rectangle (cr, 0, ctx.layout.lanes_y, options->width, ctx.layout.lanes_bottom - ctx.layout.lanes_y);
  cairo_clip (cr);
  /* What belongs to the thread lanes stays in their own area, so that
   * with the object lanes pinned below, nothing scrolled past shows
   * over them.  Arrows, lessons and the deadlock's lines join thread
   * lanes only, so the clip cuts none of them short. */
  clip_threads (&ctx);
  if (ctx.layout.overview)
    weft_chart_draw_overview (&ctx);
  else
    {
      weft_chart_draw_lanes (&ctx);
      /* Over the spans they join, under what Weft itself marks. */
      weft_chart_draw_arrows (cr, timeline, options, &ctx.layout, ctx.palette);
      weft_chart_draw_lessons (&ctx);
      weft_chart_draw_deadlock (&ctx);
      weft_chart_draw_gaps (&ctx);
    }
  cairo_restore (cr);
  for (guint i = 0; i < ctx.layout.n_counters; i++)
    weft_chart_draw_object_lane (&ctx, i, ctx.layout.counters[i]);
  /* Pauses, the detail boundary and a measured stretch cover every
   * lane, pinned or not. */
  weft_chart_draw_pauses (&ctx);
  weft_chart_draw_detail_boundary (&ctx);
  /* What the user picked, over everything else in the lanes. */
  clip_threads (&ctx);
  if (!ctx.layout.overview)
    weft_chart_draw_selection (&ctx);
  cairo_restore (cr);
  weft_chart_draw_measure (&ctx);
  cairo_restore (cr);

  if (options->with_legend)
    weft_chart_draw_legend (&ctx);
  cairo_restore (cr);

  weft_chart_ctx_clear (&ctx);
}

/* What lies under (x, y): a lane, a counter lane or the ruler, and when. */
gboolean
weft_chart_pick (WeftTimeline           *timeline,
                 const WeftChartOptions *options,
                 double                  x,
                 double                  y,
                 WeftChartHit           *hit)
{
  WeftChartLayout layout;
  double offset;

  weft_chart_layout (timeline, options, &layout);
  memset (hit, 0, sizeof *hit);
  hit->time_ns = weft_chart_x_to_time (options, &layout, x);

  if (y >= layout.ruler_y && y < layout.lanes_y)
    {
      hit->kind = WEFT_CHART_HIT_RULER;
      return TRUE;
    }
  if (y < layout.lanes_y || y >= layout.lanes_bottom)
    return FALSE;

  if (y >= layout.threads_bottom)
    /* Pinned: the object lanes do not scroll. */
    offset = y - layout.threads_bottom;
  else
    {
      offset = y - layout.lanes_y + options->scroll_y;
      if (offset < layout.threads_height)
        {
          if (layout.overview)
            {
              hit->kind = WEFT_CHART_HIT_OVERVIEW;
              return TRUE;
            }
          /* A process's heading is nobody's lane. */
          if (!weft_chart_lane_at_offset (timeline, &layout, offset, &hit->index))
            return FALSE;
          hit->kind = WEFT_CHART_HIT_LANE;
          return TRUE;
        }
      if (layout.objects_pinned)
        return FALSE;
      offset -= layout.threads_height;
    }
  for (guint i = 0; i < layout.n_counters; i++)
    if (offset >= layout.counter_offsets[i] && offset < layout.counter_offsets[i] + layout.counter_heights[i])
      {
        hit->kind = WEFT_CHART_HIT_COUNTER;
        hit->index = layout.counters[i];
        return TRUE;
      }
  return FALSE;
}
