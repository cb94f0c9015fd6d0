/* weft-chart-overview.c: many threads at once, as counts per state
 *
 * Where more threads ran than their lanes can show, zoomed out, one
 * band chart stands for the lanes: in each pixel column, how many
 * threads were working, waiting, critical..., stacked in the legend's
 * colours against an axis of thread counts (weft-census.h says how each
 * thread is counted).  The object lanes stay below it.
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "weft-census.h"
#include "weft-chart-private.h"
#include "weft-ticks.h"

/* Bottom to top: the few that hold the objects on the axis, where a
 * single one shows. */
static const WeftCensusKind stacking[] = {
  WEFT_CENSUS_CRITICAL,
  WEFT_CENSUS_WAITING,
  WEFT_CENSUS_HELD,
  WEFT_CENSUS_WORKING,
  WEFT_CENSUS_RECORDER,
  WEFT_CENSUS_BETWEEN,
  WEFT_CENSUS_LOST,
};

G_STATIC_ASSERT (G_N_ELEMENTS (stacking) == WEFT_N_CENSUS);

#define BETWEEN_ALPHA 0.28

const char *
weft_chart_census_label (WeftCensusKind kind)
{
  switch (kind)
    {
    case WEFT_CENSUS_WORKING:
    case WEFT_CENSUS_WAITING:
    case WEFT_CENSUS_CRITICAL:
    case WEFT_CENSUS_RECORDER:
    case WEFT_CENSUS_HELD:
      return weft_chart_state_label ((WeftState) kind);
    /* TRANSLATORS: threads alive but inside no span (working, waiting or
     * critical) at the time; the lanes show them as a thin line */
    case WEFT_CENSUS_BETWEEN: return _("between spans");
    /* TRANSLATORS: how many threads' events were lost at the time, so
     * that what they did is not known, e.g. "2 unknown" */
    case WEFT_CENSUS_LOST: return _("unknown");
    case WEFT_N_CENSUS:
    default: return "";
    }
}

/* The fill of a kind's band; the legend shows the same. */
void
weft_chart_census_color (const WeftPalette *palette,
                         WeftCensusKind     kind,
                         WeftColor         *color)
{
  if ((guint) kind < WEFT_N_STATES)
    *color = palette->states[kind];
  else if (kind == WEFT_CENSUS_BETWEEN)
    {
      /* The lifeline's colour, faint: alive, doing nothing drawn. */
      *color = palette->roles[WEFT_COLOR_DIM];
      color->alpha = BETWEEN_ALPHA;
    }
  else
    *color = palette->roles[WEFT_COLOR_BACKGROUND];
}

typedef struct
{
  double top;                     /* the whole overview */
  double bottom;
  double bands_top;               /* where the count of every thread is */
  double bands_bottom;            /* where no thread is */
  guint n_lanes;
} OverviewGeometry;

static void
overview_geometry (const WeftChartCtx *ctx,
                   OverviewGeometry   *geometry)
{
  double caption = (TEXT_SIZE + SMALL_SIZE + 2 * LINE_GAP + 4) * ctx->magnify;

  geometry->top = ctx->layout.lanes_y - ctx->options->scroll_y;
  geometry->bottom = geometry->top + ctx->layout.threads_height;
  geometry->bands_top = geometry->top + caption;
  geometry->bands_bottom = MAX (geometry->bands_top + 1, geometry->bottom - 4);
  geometry->n_lanes = MAX (1, ctx->layout.n_lanes);
}

static double
count_y (const WeftChartCtx     *ctx,
         const OverviewGeometry *geometry,
         guint                   count)
{
  double y = geometry->bands_bottom
             - (geometry->bands_bottom - geometry->bands_top) * count / geometry->n_lanes;

  /* Whole pixels keep neighbouring bands edge to edge on screen. */
  return ctx->options->snap ? round (y) : y;
}

/* One band: a rectangle per run of columns where it keeps its place,
 * as one path, filled once (one element per kind in an SVG). */
static gboolean
band_path (WeftChartCtx           *ctx,
           const OverviewGeometry *geometry,
           WeftCensus             *census,
           guint                   level)
{
  cairo_t *cr = ctx->cr;
  guint n_columns = weft_census_get_n_columns (census);
  double left = ctx->layout.plot_x;
  double right = left + ctx->layout.plot_width;
  gboolean any = FALSE;
  guint run_start = 0;
  double run_low = 0, run_high = 0;

  for (guint c = 0; c <= n_columns; c++)
    {
      double low = 0, high = 0;

      if (c < n_columns)
        {
          const guint *counts = weft_census_get_column (census, c);
          guint below = 0;

          for (guint j = 0; j < level; j++)
            below += counts[stacking[j]];
          if (counts[stacking[level]] > 0)
            {
              low = count_y (ctx, geometry, below);
              high = count_y (ctx, geometry, below + counts[stacking[level]]);
            }
        }
      if (c < n_columns && low == run_low && high == run_high)
        continue;
      if (run_low > run_high)
        {
          cairo_rectangle (cr, left + run_start, run_high, MIN (left + c, right) - (left + run_start),
                           run_low - run_high);
          any = TRUE;
        }
      run_start = c;
      run_low = low;
      run_high = high;
    }
  return any;
}

static void
draw_bands (WeftChartCtx           *ctx,
            const OverviewGeometry *geometry,
            WeftCensus             *census)
{
  cairo_t *cr = ctx->cr;
  double left = ctx->layout.plot_x;

  for (guint level = 0; level < G_N_ELEMENTS (stacking); level++)
    {
      WeftCensusKind kind = stacking[level];
      WeftColor fill;

      if (!band_path (ctx, geometry, census, level))
        continue;
      weft_chart_census_color (ctx->palette, kind, &fill);
      weft_chart_set_color (cr, &fill);
      if (kind != WEFT_CENSUS_RECORDER && kind != WEFT_CENSUS_LOST)
        {
          cairo_fill (cr);
          continue;
        }
      /* What Weft did, or failed to see, is hatched, as on the lanes. */
      cairo_save (cr);
      cairo_fill_preserve (cr);
      cairo_clip (cr);
      weft_chart_hatch_rect (cr, left, geometry->bands_top, ctx->layout.plot_width,
                             geometry->bands_bottom - geometry->bands_top,
                             kind == WEFT_CENSUS_LOST ? &ctx->palette->roles[WEFT_COLOR_FAIL]
                                                      : &ctx->palette->roles[WEFT_COLOR_FOREGROUND],
                             kind == WEFT_CENSUS_LOST ? 0.9 : 0.55);
      cairo_restore (cr);
    }
}

/* The axis of thread counts: none, half and all of them, with faint
 * lines across the bands to read them by. */
static void
draw_axis (WeftChartCtx           *ctx,
           const OverviewGeometry *geometry)
{
  const WeftColor *dim = &ctx->palette->roles[WEFT_COLOR_DIM];
  guint values[3] = { 0, geometry->n_lanes / 2, geometry->n_lanes };
  guint n_values = geometry->n_lanes >= 4 ? 3 : 2;
  double x = ctx->layout.plot_x;

  if (n_values == 2)
    values[1] = geometry->n_lanes;
  weft_chart_set_color (ctx->cr, dim);
  cairo_rectangle (ctx->cr, x - 1, geometry->bands_top, 1, geometry->bands_bottom - geometry->bands_top);
  for (guint i = 0; i < n_values; i++)
    cairo_rectangle (ctx->cr, x - 4, round (count_y (ctx, geometry, values[i])) - 0.5, 4, 1);
  cairo_fill (ctx->cr);

  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_GRID]);
  for (guint i = 1; i < n_values; i++)
    cairo_rectangle (ctx->cr, x, round (count_y (ctx, geometry, values[i])) - 0.5, ctx->layout.plot_width, 1);
  cairo_fill (ctx->cr);

  for (guint i = 0; i < n_values; i++)
    {
      g_autofree char *text = weft_format_count (values[i]);
      double y = count_y (ctx, geometry, values[i]);
      /* The top number hangs below its tick, the others sit on theirs. */
      double baseline = i == n_values - 1 ? y + SCALE_SIZE : y + SCALE_SIZE / 2 - 1;

      if (i == 0)
        baseline = y;
      weft_chart_draw_text (ctx, x - 6, baseline, text, SCALE_SIZE, FALSE, dim, WEFT_TEXT_END);
    }
}

/* What the overview is, and how to get the lanes back: a title on the
 * plot and in the names' column, dropping what finds no room. */
static void
draw_captions (WeftChartCtx           *ctx,
               const OverviewGeometry *geometry)
{
  const WeftColor *fg = &ctx->palette->roles[WEFT_COLOR_FOREGROUND];
  const WeftColor *dim = &ctx->palette->roles[WEFT_COLOR_DIM];
  g_autofree char *n = weft_format_count (ctx->layout.n_lanes);
  /* TRANSLATORS: over the bands that stand for every thread's lane when
   * there are too many to show, e.g. "Overview of 256 threads" */
  g_autofree char *title = g_strdup_printf (_("Overview of %s threads"), n);
  /* TRANSLATORS: after "Overview of 256 threads", saying how the bands count */
  const char *how = _("each pixel column counts every thread once, by the state it spent most of that time in");
  /* TRANSLATORS: the overview's name in the column of lane names, e.g. "256 threads" */
  g_autofree char *name = g_strdup_printf (_("%s threads"), n);
  double left = ctx->layout.plot_x + 6;
  double room = ctx->layout.plot_width - 12;
  double baseline = geometry->top + (TEXT_SIZE + LINE_GAP) * ctx->magnify;
  double middle = (geometry->bands_top + geometry->bands_bottom) / 2;
  double title_width = weft_chart_text_width (ctx, title, TEXT_SIZE, TRUE);

  weft_chart_draw_text (ctx, left, baseline, title, TEXT_SIZE, TRUE, fg, WEFT_TEXT_START);
  if (title_width + 12 + weft_chart_text_width (ctx, how, SMALL_SIZE, FALSE) <= room)
    weft_chart_draw_text (ctx, left + title_width + 12, baseline, how, SMALL_SIZE, FALSE, dim, WEFT_TEXT_START);
  if (ctx->options->overview_hint != NULL &&
      weft_chart_text_width (ctx, ctx->options->overview_hint, SMALL_SIZE, FALSE) <= room)
    weft_chart_draw_text (ctx, left, baseline + (SMALL_SIZE + LINE_GAP) * ctx->magnify, ctx->options->overview_hint,
                          SMALL_SIZE, FALSE, dim, WEFT_TEXT_START);

  weft_chart_draw_text (ctx, SCALED_LABEL_RIGHT, middle - 1, name, TEXT_SIZE, TRUE, fg, WEFT_TEXT_END);
  /* TRANSLATORS: under "256 threads" beside the overview: the bands count them */
  weft_chart_draw_text (ctx, SCALED_LABEL_RIGHT, middle + (SMALL_SIZE + 1) * ctx->magnify, _("by state"),
                        SMALL_SIZE, FALSE, dim, WEFT_TEXT_END);
}

/* Past where the timeline is known, events of that time may still
 * come: hatched, as the object lanes are there. */
static void
draw_not_known (WeftChartCtx           *ctx,
                const OverviewGeometry *geometry)
{
  gint64 known = weft_timeline_get_known_until (ctx->timeline);
  gint64 end = MIN (weft_timeline_get_end (ctx->timeline), ctx->options->t1);
  double left = ctx->layout.plot_x;
  double right = left + ctx->layout.plot_width;
  double x0, x1;

  if (weft_timeline_is_finished (ctx->timeline) || known >= end)
    return;
  x0 = CLAMP (weft_chart_time_to_x (ctx->options, &ctx->layout, MAX (known, ctx->options->t0)), left, right);
  x1 = CLAMP (weft_chart_time_to_x (ctx->options, &ctx->layout, end), left, right);
  if (x1 > x0)
    weft_chart_hatch_rect (ctx->cr, x0, geometry->bands_top, x1 - x0, geometry->bands_bottom - geometry->bands_top,
                           &ctx->palette->roles[WEFT_COLOR_DIM], 0.35);
}

/* The census behind the chart's plot: a column per pixel. */
static WeftCensus *
census_for (WeftTimeline           *timeline,
            const WeftChartOptions *options,
            const WeftChartLayout  *layout)
{
  double ns_per_column = (double) MAX (1, options->t1 - options->t0) / layout->plot_width;

  return weft_census_new (timeline, options->t0, ns_per_column, (guint) ceil (layout->plot_width));
}

void
weft_chart_draw_overview (WeftChartCtx *ctx)
{
  OverviewGeometry geometry;
  g_autoptr(WeftCensus) census = census_for (ctx->timeline, ctx->options, &ctx->layout);

  overview_geometry (ctx, &geometry);
  weft_chart_begin_group (ctx, _("Overview"));
  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_LANE_ALT]);
  cairo_rectangle (ctx->cr, 0, geometry.top, ctx->options->width, geometry.bottom - geometry.top);
  cairo_fill (ctx->cr);
  draw_bands (ctx, &geometry, census);
  draw_not_known (ctx, &geometry);
  draw_axis (ctx, &geometry);
  draw_captions (ctx, &geometry);
  weft_chart_end_group (ctx);
}

/* "1 critical, 250 waiting, 5 working", or that none was alive. */
static char *
list_counts (const guint counts[WEFT_N_CENSUS])
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint level = 0; level < G_N_ELEMENTS (stacking); level++)
    {
      g_autofree char *n = NULL;

      if (counts[stacking[level]] == 0)
        continue;
      n = weft_format_count (counts[stacking[level]]);
      if (text->len > 0)
        /* TRANSLATORS: between the counts of a list such as "1 critical, 250 waiting" */
        g_string_append (text, C_("list of counts", ", "));
      /* TRANSLATORS: how many threads were in a state, e.g. "250 waiting" */
      g_string_append_printf (text, C_("thread count", "%s %s"), n, weft_chart_census_label (stacking[level]));
    }
  if (text->len == 0)
    g_string_append (text, _("no thread alive"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/**
 * weft_chart_describe_overview_at:
 *
 * What the overview shows at @time_ns, in words: how many threads were
 * in each state at that moment, from every event, and how its pixel
 * column counted them; and where that is not all known (detail let go,
 * not known yet, events lost), says so.
 */
char *
weft_chart_describe_overview_at (WeftTimeline           *timeline,
                                 const WeftChartOptions *options,
                                 gint64                  time_ns)
{
  WeftChartLayout layout;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(WeftCensus) column = NULL;
  g_autofree char *when = weft_format_moment (time_ns - weft_timeline_get_origin (timeline));
  g_autofree char *column_counts = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  guint counts[WEFT_N_CENSUS];
  double ns_per_column;
  gint64 start;

  weft_chart_layout (timeline, options, &layout);
  ns_per_column = (double) MAX (1, options->t1 - options->t0) / layout.plot_width;
  start = options->t0 + (gint64) (floor ((time_ns - options->t0) / ns_per_column) * ns_per_column);
  column = weft_census_new (timeline, start, ns_per_column, 1);
  column_counts = list_counts (weft_census_get_column (column, 0));
  from = weft_format_moment (start - weft_timeline_get_origin (timeline));
  to = weft_format_moment (start + (gint64) ns_per_column - weft_timeline_get_origin (timeline));

  if (weft_census_count_at (timeline, time_ns, counts))
    {
      g_autofree char *now = list_counts (counts);

      /* TRANSLATORS: the overview's tooltip: "At 1.204 s: 1 critical, 250 waiting" */
      g_string_append_printf (text, _("At %s: %s"), when, now);
    }
  else
    g_string_append (text, _("detail let go: only the summary is left of this time"));
  /* TRANSLATORS: the overview's tooltip, below the counts at the moment
   * pointed at: "In this column (1.200 s to 1.210 s), each thread by what
   * it did most: 256 waiting" */
  g_string_append_c (text, '\n');
  g_string_append_printf (text, _("In this column (%s to %s), each thread by what it did most: %s"),
                          from, to, column_counts);
  if (!weft_timeline_is_finished (timeline) && time_ns >= weft_timeline_get_known_until (timeline))
    g_string_append_printf (text, "\n%s", _("not known yet: events of this time may still come"));
  if (counts[WEFT_CENSUS_LOST] > 0 || weft_census_get_column (column, 0)[WEFT_CENSUS_LOST] > 0)
    g_string_append_printf (text, "\n%s", _("events were lost here: what some threads did is not known"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}
