/* weft-chart-axis.c: the header and the time ruler
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>
#include "weft-ticks.h"

#include "weft-chart-private.h"

/* A parameter's value as the chart's header shows it. */
static char *
param_value_text (const WeftParamSpec *spec,
                  double               value)
{
  switch (spec->kind)
    {
    case WEFT_PARAM_INTEGER:
      return weft_format_count ((gint64) value);
    case WEFT_PARAM_DURATION:
      return weft_format_seconds (value);
    case WEFT_PARAM_BOOLEAN:
      return g_strdup (value != 0 ? _("yes") : _("no"));
    case WEFT_PARAM_NUMBER:
      return weft_format_number (value);
    case WEFT_PARAM_CHOICE:
    default:
      return weft_param_spec_format (spec, value);
    }
}

/* "variant notify-all · threads 4 · capacity 3 · pace 1" */
char *
weft_chart_describe_params (WeftTimeline *timeline)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);
  const WeftParams *params = weft_timeline_get_params (timeline);
  guint n = weft_pattern_get_n_params (pattern);
  GString *text = g_string_new (NULL);

  if (weft_pattern_get_n_variants (pattern) > 1)
    g_string_append (text, _(pattern->variants[params->variant].label));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *value = param_value_text (&pattern->params[i], params->values[i]);

      if (text->len > 0)
        g_string_append (text, " · ");
      g_string_append_printf (text, "%s %s", _(pattern->params[i].label), value);
    }
  return g_string_free (text, FALSE);
}



void
weft_chart_draw_header (WeftChartCtx *ctx)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (ctx->timeline);
  const WeftColor *fg = &ctx->palette->roles[WEFT_COLOR_FOREGROUND];
  const WeftColor *dim = &ctx->palette->roles[WEFT_COLOR_DIM];
  g_autofree char *title = g_strdup_printf (_("%s — Weft"), _(pattern->title));
  g_autofree char *params = weft_chart_describe_params (ctx->timeline);
  g_autofree char *events = weft_format_count (weft_timeline_get_n_events (ctx->timeline));
  g_autofree char *dropped = weft_format_count (weft_timeline_get_dropped (ctx->timeline));
  g_autofree char *length = weft_format_duration (weft_timeline_get_end (ctx->timeline)
                                                  - weft_timeline_get_origin (ctx->timeline));
  g_autofree char *shown_from = weft_format_moment (ctx->options->t0 - weft_timeline_get_origin (ctx->timeline));
  g_autofree char *shown_to = weft_format_moment (ctx->options->t1 - weft_timeline_get_origin (ctx->timeline));
  g_autofree char *recorded = NULL;
  double x = HEADER_MARGIN;
  double y = HEADER_MARGIN + TITLE_SIZE;
  double graph_width, graph_height;

  recorded = g_strdup_printf (_("Recorded %s: %s events, %s dropped. Shown: %s to %s."),
                              length, events, dropped, shown_from, shown_to);
  /* A picture says which of its time is drawn from a summary only. */
  if (weft_timeline_get_detail_from (ctx->timeline) > weft_timeline_get_origin (ctx->timeline))
    {
      g_autofree char *detail_from = weft_format_moment (weft_timeline_get_detail_from (ctx->timeline)
                                                         - weft_timeline_get_origin (ctx->timeline));
      /* TRANSLATORS: the first %s is the "Recorded …" sentence before it;
       * only a summary of the run before the moment was kept */
      g_autofree char *with_detail = g_strdup_printf (_("%s Full detail from %s; before that, a summary."),
                                                      recorded, detail_from);

      g_free (recorded);
      recorded = g_steal_pointer (&with_detail);
    }

  weft_chart_draw_text (ctx, x, y, title, TITLE_SIZE, TRUE, fg, WEFT_TEXT_START);
  y += LINE_GAP * 2 + TEXT_SIZE;
  weft_chart_draw_text (ctx, x, y, params, TEXT_SIZE, FALSE, fg, WEFT_TEXT_START);
  y += LINE_GAP + TEXT_SIZE;
  weft_chart_draw_text (ctx, x, y, recorded, TEXT_SIZE, FALSE, dim, WEFT_TEXT_START);

  /* The graph sits at the foot of the header, under the verdicts
   * (weft_chart_layout() made room for it). */
  if (weft_chart_deadlock_graph_size (ctx->timeline, &graph_width, &graph_height))
    weft_chart_draw_deadlock_graph (ctx, x, ctx->layout.header_height - HEADER_MARGIN / 2 - graph_height,
                                    MIN (graph_width, ctx->options->width - 2 * x), graph_height);

  if (ctx->options->checks == NULL)
    return;
  for (guint i = 0; i < weft_checks_get_n_checks (ctx->options->checks); i++)
    {
      const WeftCheck *check = weft_checks_get_check (ctx->options->checks, i);
      const WeftColor *color;
      g_autofree char *line = NULL;
      const char *mark;

      /* Inconclusive checks all say the same: once is enough. */
      if (i > 0 && g_str_equal (check->message, weft_checks_get_check (ctx->options->checks, i - 1)->message))
        continue;

      switch (check->status)
        {
        case WEFT_CHECK_PASS:
          color = &ctx->palette->roles[WEFT_COLOR_PASS], mark = "✓";
          break;
        case WEFT_CHECK_LESSON:
          color = &ctx->palette->roles[WEFT_COLOR_WARNING], mark = "⚠";
          break;
        case WEFT_CHECK_INCONCLUSIVE:
          color = &ctx->palette->roles[WEFT_COLOR_DIM], mark = "?";
          break;
        case WEFT_CHECK_PENDING:
          color = &ctx->palette->roles[WEFT_COLOR_DIM], mark = "…";
          break;
        case WEFT_CHECK_FAIL:
        default:
          color = &ctx->palette->roles[WEFT_COLOR_FAIL], mark = "✗";
          break;
        }
      line = g_strdup_printf ("%s %s", mark, check->message);
      y += LINE_GAP + TEXT_SIZE;
      weft_chart_draw_text (ctx, x, y, line, TEXT_SIZE, TRUE, color, WEFT_TEXT_START);
    }
}

void
weft_chart_draw_ruler (WeftChartCtx *ctx)
{
  cairo_t *cr = ctx->cr;
  const WeftChartOptions *options = ctx->options;
  gint64 origin = weft_timeline_get_origin (ctx->timeline);
  gint64 step = weft_ticks_choose_step (options->t1 - options->t0, ctx->layout.plot_width, MIN_TICK_SPACING);
  gint64 first = origin + ((options->t0 - origin + step - 1) / step) * step;
  double top = ctx->layout.ruler_y;
  double bottom = ctx->layout.lanes_bottom;
  double right = ctx->layout.plot_x + ctx->layout.plot_width;

  if (options->t0 - origin < 0)
    first = origin + ((options->t0 - origin) / step) * step;

  /* Grid lines and ticks, as one path. */
  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  weft_chart_set_color (cr, &ctx->palette->roles[WEFT_COLOR_GRID]);
  for (gint64 t = first; t <= options->t1; t += step)
    {
      double x = round (weft_chart_time_to_x (options, &ctx->layout, t)) + 0.5;

      if (x < ctx->layout.plot_x || x > right)
        continue;
      cairo_move_to (cr, x, top + RULER_HEIGHT - 6);
      cairo_line_to (cr, x, bottom);
    }
  cairo_move_to (cr, ctx->layout.plot_x, top + RULER_HEIGHT - 0.5);
  cairo_line_to (cr, right, top + RULER_HEIGHT - 0.5);
  cairo_stroke (cr);
  cairo_restore (cr);

  for (gint64 t = first; t <= options->t1; t += step)
    {
      double x = weft_chart_time_to_x (options, &ctx->layout, t);
      g_autofree char *label = NULL;

      if (x < ctx->layout.plot_x || x > right)
        continue;
      label = weft_ticks_format (t - origin, step);
      /* Labels sit right of their tick, clear of the plot's right edge. */
      if (x + 60 < right)
        weft_chart_draw_text (ctx, x + 4, top + RULER_HEIGHT - 9, label, SMALL_SIZE, FALSE,
                              &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_START);
    }
}
