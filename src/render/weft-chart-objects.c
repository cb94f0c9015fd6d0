/* weft-chart-objects.c: the shared objects' lanes below the threads
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "weft-chart-private.h"

/* What a counter lane's value means: as the pattern declares it, or as
 * its kind of object usually does. */
const char *
weft_chart_counter_meaning (const WeftPattern    *pattern,
                            const WeftObjectInfo *object)
{
  const WeftObjectSpec *spec = weft_pattern_find_object (pattern, object->name);

  if (spec != NULL)
    return spec->meaning != NULL ? _(spec->meaning) : "";
  switch (object->kind)
    {
    case WEFT_OBJECT_SEMAPHORE: return object->limit > 0 ? _("occupancy") : _("signals waiting");
    case WEFT_OBJECT_MUTEX: return _("fill");
    case WEFT_OBJECT_BARRIER: return _("arrived");
    case WEFT_OBJECT_COUNTER: return _("value");
    case WEFT_OBJECT_CONDITION:
    default: return "";
    }
}

static char *
limit_label (const WeftObjectInfo *object)
{
  g_autofree char *n = weft_format_count (object->limit);

  switch (object->kind)
    {
    case WEFT_OBJECT_COUNTER: return g_strdup_printf (_("expected %s"), n);
    case WEFT_OBJECT_BARRIER: return g_strdup_printf (_("all %s"), n);
    case WEFT_OBJECT_SEMAPHORE:
    case WEFT_OBJECT_MUTEX:
    case WEFT_OBJECT_CONDITION:
    default: return g_strdup_printf (_("capacity %s"), n);
    }
}

gboolean
weft_chart_has_counter_lane (const WeftPattern    *pattern,
                             const WeftObjectInfo *object)
{
  const WeftObjectSpec *spec = weft_pattern_find_object (pattern, object->name);

  if (spec != NULL)
    return spec->meaning != NULL;
  switch (object->kind)
    {
    case WEFT_OBJECT_COUNTER:
    case WEFT_OBJECT_SEMAPHORE:
    case WEFT_OBJECT_BARRIER:
      return TRUE;
    case WEFT_OBJECT_MUTEX:
      return object->limit > 0;   /* a buffer's lock, carrying its fill */
    case WEFT_OBJECT_CONDITION:
    default:
      return FALSE;
    }
}


/* A counter lane is drawn per column: in each, the range of values the
 * counter took there (and the step into it from the one before), and
 * columns that hold the same flat value merge into one run.  Drawn as
 * rectangles, this costs a few shapes per column at most. */
typedef struct
{
  double x0;
  double x1;
  gint64 lo;
  gint64 hi;
  gint64 last;
} CounterRun;

typedef struct
{
  WeftChartCtx *ctx;
  double top;
  double bottom;
  gint64 low;
  gint64 high;
  gboolean started;
  double column;
  gint64 col_lo;
  gint64 col_hi;
  gint64 last;
  GArray *runs;                   /* CounterRun */
} CounterLine;

static double
counter_y (const CounterLine *line,
           gint64             value)
{
  double fraction = (double) (value - line->low) / MAX (1, line->high - line->low);
  double y = line->bottom - fraction * (line->bottom - line->top);

  /* Whole pixels keep raster fills on Cairo's fast path. */
  return line->ctx->options->snap ? round (y) : y;
}

static void
push_run (CounterLine *line,
          double       x0,
          double       x1,
          gint64       lo,
          gint64       hi,
          gint64       last)
{
  CounterRun *prev = line->runs->len > 0 ? &g_array_index (line->runs, CounterRun, line->runs->len - 1) : NULL;

  if (x1 <= x0)
    return;
  if (prev != NULL && prev->lo == prev->hi && lo == hi && prev->lo == lo && prev->x1 >= x0)
    {
      prev->x1 = x1;
      return;
    }
  g_array_append_val (line->runs, ((CounterRun) { x0, x1, lo, hi, last }));
}

static void
flush_column (CounterLine *line)
{
  push_run (line, line->column, line->column + 1, line->col_lo, line->col_hi, line->last);
}

static void
collect_bucket (const WeftSampleBucket *bucket,
                gpointer                user_data)
{
  CounterLine *line = user_data;
  WeftChartCtx *ctx = line->ctx;
  double left = ctx->layout.plot_x;
  double right = left + ctx->layout.plot_width;
  double x = floor (CLAMP (weft_chart_time_to_x (ctx->options, &ctx->layout, bucket->start_ns), left, right));
  double x_end = floor (CLAMP (weft_chart_time_to_x (ctx->options, &ctx->layout, bucket->end_ns), left, right));

  if (line->started && x == line->column)
    {
      line->col_lo = MIN (line->col_lo, bucket->min);
      line->col_hi = MAX (line->col_hi, bucket->max);
    }
  else
    {
      if (line->started)
        {
          flush_column (line);
          /* The value held, flat, up to this column. */
          push_run (line, line->column + 1, x, line->last, line->last, line->last);
          line->col_lo = MIN (line->last, bucket->min);
          line->col_hi = MAX (line->last, bucket->max);
        }
      else
        {
          line->col_lo = bucket->min;
          line->col_hi = bucket->max;
          line->started = TRUE;
        }
      line->column = x;
    }
  line->last = bucket->last;

  /* A bucket reaching past the next column (a summary coarser than the
   * zoom, as over time whose detail was let go) says only that the value
   * stayed within its range all along: one band across it, not a spike
   * at its start and its last value drawn flat as if known. */
  if (x_end > line->column + 1)
    {
      push_run (line, line->column, x_end, line->col_lo, line->col_hi, line->last);
      line->column = x_end;
      line->col_lo = bucket->min;
      line->col_hi = bucket->max;
    }
}

void
weft_chart_draw_counter (WeftChartCtx *ctx,
                         guint         index,
                         guint16       object)
{
  cairo_t *cr = ctx->cr;
  const WeftObjectInfo *info = weft_timeline_get_object (ctx->timeline, object);
  const WeftColor *color = &ctx->palette->roles[WEFT_COLOR_COUNTER];
  double top = weft_chart_counter_top (ctx, index);
  CounterLine line = { ctx, top + 8, top + COUNTER_HEIGHT - 6, 0, 1 };
  gint64 lowest, highest;

  if (top + COUNTER_HEIGHT < ctx->layout.lanes_y || top > ctx->layout.lanes_bottom)
    return;

  weft_chart_begin_group (ctx, info->name);
  weft_chart_set_color (cr, &ctx->palette->roles[WEFT_COLOR_LANE_ALT]);
  cairo_rectangle (cr, 0, top, ctx->options->width, COUNTER_HEIGHT);
  cairo_fill (cr);
  weft_chart_draw_lane_label (ctx, top, COUNTER_HEIGHT, info->name,
                              weft_chart_counter_meaning (weft_timeline_get_pattern (ctx->timeline), info));

  if (weft_timeline_get_sample_range (ctx->timeline, object, &lowest, &highest))
    {
      line.low = MIN (0, lowest);
      line.high = MAX (MAX (highest, info->limit), line.low + 1);
    }
  else
    line.high = MAX (info->limit, 1);

  if (info->limit > 0)
    {
      static const double dash[] = { 4.0, 3.0 };
      g_autofree char *label = limit_label (info);
      double y = round (counter_y (&line, info->limit)) + 0.5;

      cairo_save (cr);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_line_width (cr, 1.0);
      weft_chart_set_color (cr, &ctx->palette->roles[WEFT_COLOR_LIMIT]);
      cairo_move_to (cr, ctx->layout.plot_x, y);
      cairo_line_to (cr, ctx->layout.plot_x + ctx->layout.plot_width, y);
      cairo_stroke (cr);
      cairo_restore (cr);
      weft_chart_draw_text (ctx, ctx->layout.plot_x + ctx->layout.plot_width - 2, y - 3, label, SMALL_SIZE, FALSE,
                            &ctx->palette->roles[WEFT_COLOR_LIMIT], WEFT_TEXT_END);
    }

  line.runs = g_array_new (FALSE, FALSE, sizeof (CounterRun));
  weft_timeline_query_samples (ctx->timeline, object, ctx->options->t0, ctx->options->t1,
                               ctx->ns_per_pixel, collect_bucket, &line);
  if (line.started)
    {
      /* Carry the value on to the last moment recorded or shown. */
      gint64 end = MIN (ctx->options->t1, weft_timeline_get_end (ctx->timeline));
      double end_x = ceil (CLAMP (weft_chart_time_to_x (ctx->options, &ctx->layout, end),
                                  line.column + 1, ctx->layout.plot_x + ctx->layout.plot_width));
      double base = counter_y (&line, line.low);

      flush_column (&line);
      push_run (&line, line.column + 1, end_x, line.last, line.last, line.last);

      /* The area under the line, faintly, reads as "how full". */
      for (guint i = 0; i < line.runs->len; i++)
        {
          const CounterRun *run = &g_array_index (line.runs, CounterRun, i);
          double y = counter_y (&line, run->last);

          cairo_rectangle (cr, run->x0, y, run->x1 - run->x0, base - y);
        }
      cairo_set_source_rgba (cr, color->red, color->green, color->blue, 0.22);
      cairo_fill (cr);

      /* The line itself: each run's range, 1.5 units thick at least. */
      for (guint i = 0; i < line.runs->len; i++)
        {
          const CounterRun *run = &g_array_index (line.runs, CounterRun, i);
          double half = ctx->options->snap ? 1.0 : 0.75;
          double y_hi = counter_y (&line, run->hi) - half;
          double y_lo = counter_y (&line, run->lo) + half;

          cairo_rectangle (cr, run->x0, y_hi, run->x1 - run->x0, y_lo - y_hi);
        }
      weft_chart_set_color (cr, color);
      cairo_fill (cr);
    }
  g_array_unref (line.runs);
  weft_chart_end_group (ctx);
}
