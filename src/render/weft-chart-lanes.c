/* weft-chart-lanes.c: the thread lanes
 *
 * Spans merged per pixel and per state, lifelines, step labels.
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "weft-chart-private.h"

/* Rectangles gathered per state, merged where they touch within a pixel. */
typedef struct
{
  WeftChartCtx *ctx;
  double top;
  double height;
  GArray *rects[WEFT_N_STATES];   /* pairs of doubles: x0, x1 */
  GArray *steps;                  /* StepLabel: named steps wide enough to label */
  GArray *from_line;              /* pairs of doubles: spans from options->code_line */
  gboolean has_last;
  double last_x0;
  double last_x1;
  guint last_state;
} SpanBatch;

typedef struct
{
  double x0;
  double x1;
  guint32 step;
} StepLabel;

#define STEP_LABEL_MIN_WIDTH 24.0

static void
batch_flush (SpanBatch *batch)
{
  if (batch->has_last)
    {
      double pair[2] = { batch->last_x0, batch->last_x1 };
      g_array_append_vals (batch->rects[batch->last_state], pair, 2);
      batch->has_last = FALSE;
    }
}

/* Edges fall on whole units (pixels on screen and in PNGs), and a column
 * already painted is not painted again: what is narrower than a pixel
 * merges into its neighbours, and a lane costs at most one rectangle per
 * column, however many spans lie beneath. */
static void
collect_span (const WeftSpan *span,
              gpointer        user_data)
{
  SpanBatch *batch = user_data;
  WeftChartCtx *ctx = batch->ctx;
  double left = ctx->layout.plot_x;
  double right = left + ctx->layout.plot_width;
  gint64 t0 = ctx->options->t0;
  double x0 = floor (CLAMP (left + (span->start_ns - t0) * ctx->units_per_ns, left, right));
  double x1 = ceil (CLAMP (left + (span->end_ns - t0) * ctx->units_per_ns, left, right));

  if (span->state >= WEFT_N_STATES)
    return;
  /* However short, a span stays visible: a column at least. */
  x1 = MAX (x1, x0 + 1.0);

  if (ctx->options->code_line != 0 && span->line == ctx->options->code_line)
    {
      double pair[2] = { x0, x1 };
      g_array_append_vals (batch->from_line, pair, 2);
    }

  /* A pattern's named steps (the rendezvous's a1, b2) are written on
   * the span when there is room, since their order is the lesson. */
  if (span->arg > 0 && span->state != WEFT_STATE_HELD && !(span->flags & WEFT_SPAN_MERGED) &&
      x1 - x0 >= STEP_LABEL_MIN_WIDTH)
    {
      StepLabel label = { x0, x1, span->arg };
      g_array_append_val (batch->steps, label);
    }

  if (batch->has_last && x0 < batch->last_x1)
    {
      if (batch->last_state == span->state)
        {
          batch->last_x1 = MAX (batch->last_x1, x1);
          return;
        }
      if (x1 <= batch->last_x1)
        return;
      x0 = batch->last_x1;
    }
  else if (batch->has_last && batch->last_state == span->state && x0 <= batch->last_x1)
    {
      batch->last_x1 = x1;
      return;
    }
  batch_flush (batch);
  batch->has_last = TRUE;
  batch->last_x0 = x0;
  batch->last_x1 = x1;
  batch->last_state = span->state;
}

/* Diagonal lines over a rectangle: what Weft did rather than the
 * threads (a recorder stall, a pause, lost events) is hatched. */
void
weft_chart_hatch_rect (cairo_t         *cr,
                       double           x,
                       double           y,
                       double           width,
                       double           height,
                       const WeftColor *color,
                       double           alpha)
{
  if (width <= 0 || height <= 0)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, x, y, width, height);
  cairo_clip (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, alpha);
  for (double d = -height; d < width; d += 6.0)
    {
      cairo_move_to (cr, x + d, y + height);
      cairo_line_to (cr, x + d + height, y);
    }
  cairo_stroke (cr);
  cairo_restore (cr);
}

static void
hatch_stalls (SpanBatch *batch)
{
  GArray *rects = batch->rects[WEFT_STATE_RECORDER];

  for (guint i = 0; i < rects->len; i += 2)
    {
      double x0 = g_array_index (rects, double, i);
      double x1 = g_array_index (rects, double, i + 1);

      weft_chart_hatch_rect (batch->ctx->cr, x0, batch->top, x1 - x0, batch->height,
                             &batch->ctx->palette->roles[WEFT_COLOR_FOREGROUND], 0.55);
    }
}

/* Vector targets get one path per state, filled once: one element per
 * lane and colour in an SVG. */
static void
fill_batch_paths (SpanBatch *batch)
{
  cairo_t *cr = batch->ctx->cr;

  for (guint s = 0; s < WEFT_N_STATES; s++)
    {
      GArray *rects = batch->rects[s];

      if (rects->len == 0)
        continue;
      for (guint i = 0; i < rects->len; i += 2)
        {
          double x0 = g_array_index (rects, double, i);
          double x1 = g_array_index (rects, double, i + 1);
          cairo_rectangle (cr, x0, batch->top, x1 - x0, batch->height);
        }
      weft_chart_set_color (cr, &batch->ctx->palette->states[s]);
      cairo_fill (cr);
    }
}

/* Raster targets get the row painted into a strip one pixel tall, which
 * is then stretched over the lane in one composite: a dense lane at a
 * wide zoom has a run in nearly every column, and one draw beats two
 * thousand rectangles. */
static void
fill_batch_strip (SpanBatch *batch)
{
  WeftChartCtx *ctx = batch->ctx;
  cairo_t *cr = ctx->cr;
  int width = (int) ceil (ctx->layout.plot_width) + 2;
  guint32 *row;
  cairo_surface_t *strip;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  double left = ctx->layout.plot_x;

  strip = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, 1);
  row = (guint32 *) (gpointer) cairo_image_surface_get_data (strip);
  cairo_surface_flush (strip);
  for (guint s = 0; s < WEFT_N_STATES; s++)
    {
      const WeftColor *c = &ctx->palette->states[s];
      guint32 pixel = 0xff000000u | (guint32) (c->red * 255 + 0.5) << 16
                      | (guint32) (c->green * 255 + 0.5) << 8 | (guint32) (c->blue * 255 + 0.5);
      GArray *rects = batch->rects[s];

      for (guint i = 0; i < rects->len; i += 2)
        {
          int x0 = CLAMP ((int) (g_array_index (rects, double, i) - left), 0, width);
          int x1 = CLAMP ((int) (g_array_index (rects, double, i + 1) - left), 0, width);

          for (int x = x0; x < x1; x++)
            row[x] = pixel;
        }
    }
  cairo_surface_mark_dirty (strip);

  pattern = cairo_pattern_create_for_surface (strip);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  /* Pattern space maps user x to the strip, user y onto its one row. */
  cairo_matrix_init (&matrix, 1, 0, 0, 1.0 / batch->height, -left, -batch->top / batch->height);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, left, batch->top, width - 2, batch->height);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (strip);
}

static void
fill_batch (SpanBatch *batch)
{
  gboolean any = FALSE;

  batch_flush (batch);
  for (guint s = 0; s < WEFT_N_STATES; s++)
    any |= batch->rects[s]->len > 0;
  if (any)
    {
      if (batch->ctx->options->snap)
        fill_batch_strip (batch);
      else
        fill_batch_paths (batch);
      hatch_stalls (batch);
    }
  for (guint s = 0; s < WEFT_N_STATES; s++)
    g_array_set_size (batch->rects[s], 0);
}



void
weft_chart_draw_lane_label (WeftChartCtx *ctx,
                            double        top,
                            double        height,
                            const char   *name,
                            const char   *detail)
{
  double middle = top + height / 2;

  weft_chart_draw_text (ctx, LABEL_WIDTH - 10, middle - 1, name, TEXT_SIZE, TRUE,
                        &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_END);
  if (detail != NULL)
    weft_chart_draw_text (ctx, LABEL_WIDTH - 10, middle + SMALL_SIZE + 1, detail, SMALL_SIZE, FALSE,
                          &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_END);
}

/* A lane drawn where the caller wants it (an SVG exporter makes each
 * lane a group of its own), then the drawing carries on in place. */
void
weft_chart_begin_group (WeftChartCtx *ctx,
                        const char   *name)
{
  cairo_t *group;

  ctx->outer_cr = NULL;
  if (ctx->options->group_begin == NULL)
    return;
  group = ctx->options->group_begin (name, ctx->options->text_data);
  if (group != NULL)
    {
      ctx->outer_cr = ctx->cr;
      ctx->cr = group;
    }
}

void
weft_chart_end_group (WeftChartCtx *ctx)
{
  if (ctx->outer_cr == NULL)
    return;
  ctx->options->group_end (ctx->cr, ctx->options->text_data);
  ctx->cr = ctx->outer_cr;
  ctx->outer_cr = NULL;
}

/* The spans that came from the line picked in the code pane, outlined
 * in the accent colour over whatever they sit beside. */
static void
outline_from_line (SpanBatch *batch)
{
  cairo_t *cr = batch->ctx->cr;
  GArray *rects = batch->from_line;

  if (rects->len == 0)
    return;
  for (guint i = 0; i < rects->len; i += 2)
    {
      double x0 = g_array_index (rects, double, i);
      double x1 = g_array_index (rects, double, i + 1);

      cairo_rectangle (cr, x0 - 0.5, batch->top - 1.5, x1 - x0 + 1, batch->height + 3);
    }
  cairo_save (cr);
  weft_chart_set_color (cr, &batch->ctx->palette->roles[WEFT_COLOR_ACCENT]);
  cairo_set_line_width (cr, 2.0);
  cairo_stroke (cr);
  cairo_restore (cr);
  g_array_set_size (rects, 0);
}

static void
draw_step_labels (WeftChartCtx *ctx,
                  SpanBatch    *batch)
{
  const char * const *steps = weft_timeline_get_pattern (ctx->timeline)->steps;
  guint n_steps = steps != NULL ? g_strv_length ((char **) steps) : 0;
  double baseline = batch->top + batch->height / 2 + SMALL_SIZE / 2 - 1;

  for (guint i = 0; i < batch->steps->len; i++)
    {
      const StepLabel *label = &g_array_index (batch->steps, StepLabel, i);

      if (label->step > n_steps)
        continue;
      /* A hairline where the step begins: a1 and a2 are one colour. */
      weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
      cairo_rectangle (ctx->cr, label->x0, batch->top, 1, batch->height);
      cairo_fill (ctx->cr);
      weft_chart_draw_text (ctx, label->x0 + 4, baseline, steps[label->step - 1], SMALL_SIZE, TRUE,
                            &ctx->palette->roles[WEFT_COLOR_STEP_TEXT], WEFT_TEXT_START);
    }
  g_array_set_size (batch->steps, 0);
}

/* A thin line through the lane for as long as its thread lived, with a
 * tick where it ended: a thread started mid-run, or cut off, shows as
 * such even where it drew no span. */
static void
draw_lifeline (WeftChartCtx *ctx,
               guint         lane,
               double        middle)
{
  gint64 start = weft_timeline_get_lane_start (ctx->timeline, lane);
  gint64 end = weft_timeline_get_lane_end (ctx->timeline, lane);
  double x0, x1;
  gboolean ended = end != G_MAXINT64;

  if (start == G_MAXINT64)
    return;
  x0 = MAX (weft_chart_time_to_x (ctx->options, &ctx->layout, start), ctx->layout.plot_x);
  x1 = weft_chart_time_to_x (ctx->options, &ctx->layout, ended ? end : weft_timeline_get_end (ctx->timeline));
  x1 = MIN (x1, ctx->layout.plot_x + ctx->layout.plot_width);
  if (x1 < x0)
    return;
  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_DIM]);
  cairo_rectangle (ctx->cr, x0, middle - 0.5, MAX (x1 - x0, 1), 1);
  if (ended && end <= ctx->options->t1)
    cairo_rectangle (ctx->cr, x1 - 1, middle - 4, 1.5, 8);
  cairo_fill (ctx->cr);
}

/* Whether the lanes are tall enough for instants' marks, which would
 * spill over their neighbours in lanes shrunk to fit many threads. */
gboolean
weft_chart_lanes_show_marks (const WeftChartCtx *ctx)
{
  return !ctx->layout.overview && ctx->layout.lane_height >= ctx->mark_size + 6;
}

/* In lanes too thin for a name each, every few lanes is named, as far
 * apart as a line of small text. */
static guint
name_stride (WeftChartCtx *ctx)
{
  double height = ctx->layout.lane_height;

  if (height >= LANE_NAME_HEIGHT * ctx->magnify)
    return 1;
  return (guint) ceil ((SMALL_SIZE + 3) * ctx->magnify / height);
}

/* The name by a lane, as its height allows: with its thread id, alone,
 * or small, for every few lanes (and the one hovered, drawn over them
 * afterwards). */
static void
draw_thread_label (WeftChartCtx *ctx,
                   guint         lane,
                   guint         row,
                   double        top,
                   guint         stride)
{
  const char *name = weft_format_lane_name (ctx->timeline, lane);
  double height = ctx->layout.lane_height;
  g_autofree char *tid = NULL;

  if (stride > 1)
    {
      gint hover = ctx->options->hover_lane;
      /* Clear of the hovered lane's name, which goes over them. */
      gboolean under_plate = hover >= 0 && (guint) hover < ctx->layout.n_lanes &&
                             fabs (top - weft_chart_lane_top (ctx, hover))
                             < (TEXT_SIZE + SMALL_SIZE) * ctx->magnify / 2 + 3;

      if (row % stride == 0 && !under_plate)
        weft_chart_draw_text (ctx, LABEL_WIDTH - 10, top + height / 2 + SMALL_SIZE * ctx->magnify * 0.35, name,
                              SMALL_SIZE, FALSE, &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_END);
      return;
    }
  /* A class needs the thread's name, not the kernel's number for it;
   * a held thread shows what it will do instead. */
  if (height >= LANE_DETAIL_HEIGHT * ctx->magnify)
    {
      if (!weft_chart_draw_held_badge (ctx, lane, top, height) && !ctx->options->classroom)
        tid = g_strdup_printf (_("TID %d"), weft_timeline_get_lane_tid (ctx->timeline, lane));
      weft_chart_draw_lane_label (ctx, top, height, name, tid);
    }
  else
    weft_chart_draw_text (ctx, LABEL_WIDTH - 10, top + height / 2 + TEXT_SIZE * ctx->magnify * 0.35, name,
                          TEXT_SIZE, TRUE, &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_END);
}

/* The hovered lane's name, where lanes are too thin for every name: on
 * a plate over its neighbours' names. */
static void
draw_hovered_label (WeftChartCtx *ctx)
{
  gint lane = ctx->options->hover_lane;
  const char *name;
  double top, middle, width, height;

  if (lane < 0 || (guint) lane >= ctx->layout.n_lanes)
    return;
  top = weft_chart_lane_top (ctx, lane);
  if (top + ctx->layout.lane_height < ctx->layout.lanes_y || top >= ctx->layout.threads_bottom)
    return;
  name = weft_format_lane_name (ctx->timeline, lane);
  middle = top + ctx->layout.lane_height / 2;
  width = weft_chart_text_width (ctx, name, TEXT_SIZE, TRUE);
  height = (TEXT_SIZE + 5) * ctx->magnify;
  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
  cairo_rectangle (ctx->cr, LABEL_WIDTH - 16 - width, middle - height / 2, width + 10, height);
  cairo_fill (ctx->cr);
  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_GRID]);
  cairo_rectangle (ctx->cr, LABEL_WIDTH - 16 - width, middle - height / 2, width + 10, height);
  cairo_fill (ctx->cr);
  weft_chart_draw_text (ctx, LABEL_WIDTH - 10, middle + TEXT_SIZE * ctx->magnify * 0.35, name, TEXT_SIZE, TRUE,
                        &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_END);
}

/**
 * weft_chart_dup_process_label:
 *
 * What heads @process's lanes: its pid, and the program it ran.
 */
char *
weft_chart_dup_process_label (WeftTimeline *timeline,
                              guint         process)
{
  const char *name = weft_timeline_get_process_name (timeline, process);
  gint pid = weft_timeline_get_process_pid (timeline, process);

  if (name == NULL || *name == '\0')
    /* TRANSLATORS: heads the lanes of one process of a recorded
     * program; %d is its process id */
    return g_strdup_printf (_("process %d"), pid);
  /* TRANSLATORS: heads the lanes of one process of a recorded program:
   * its process id (%1$d) and the program it ran (%2$s), e.g.
   * "process 4242 · make" */
  return g_strdup_printf (_("process %1$d · %2$s"), pid, name);
}

/* Each process's heading, in the room left above its lanes: a rule
 * across the chart, so the groups read apart, and the process's name
 * from the left edge, where it may run on over the plot rather than be
 * cut to the name column. */
static void
draw_group_headings (WeftChartCtx *ctx)
{
  double height = ctx->layout.group_height;

  for (guint process = 0; process < ctx->layout.n_groups; process++)
    {
      double top = weft_chart_group_top (ctx, process);
      g_autofree char *label = NULL;

      if (top + height <= ctx->layout.lanes_y || top >= ctx->layout.threads_bottom)
        continue;
      label = weft_chart_dup_process_label (ctx->timeline, process);
      weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
      cairo_rectangle (ctx->cr, 0, top, ctx->options->width, height);
      cairo_fill (ctx->cr);
      weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_GRID]);
      cairo_rectangle (ctx->cr, 0, top + (process == 0 ? 0 : 1), ctx->options->width, 1);
      cairo_fill (ctx->cr);
      weft_chart_draw_text (ctx, 10, top + height / 2 + TEXT_SIZE * ctx->magnify * 0.35 + 1, label,
                            TEXT_SIZE, TRUE, &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_START);
    }
}

void
weft_chart_draw_lanes (WeftChartCtx *ctx)
{
  SpanBatch spans = { ctx };
  WeftMarkBatch marks = { ctx };
  const WeftChartOptions *options = ctx->options;
  gboolean with_marks = weft_chart_lanes_show_marks (ctx);
  guint stride = name_stride (ctx);

  for (guint s = 0; s < WEFT_N_STATES; s++)
    spans.rects[s] = g_array_new (FALSE, FALSE, sizeof (double));
  spans.steps = g_array_new (FALSE, FALSE, sizeof (StepLabel));
  spans.from_line = g_array_new (FALSE, FALSE, sizeof (double));
  if (options->code_line != 0)
    marks.from_line = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    if (weft_chart_draws_mark (ctx->timeline, k))
      marks.xs[k] = g_array_new (FALSE, FALSE, sizeof (double));

  /* Row by row, as shown: by process, where lanes are grouped. */
  for (guint row = 0; row < ctx->layout.n_lanes; row++)
    {
      guint lane = weft_timeline_get_row_lane (ctx->timeline, row);
      double top = weft_chart_lane_top (ctx, lane);
      guint depths = weft_timeline_get_lane_depth (ctx->timeline, lane);
      double height = ctx->layout.lane_height;

      if (top + height < ctx->layout.lanes_y || top >= ctx->layout.threads_bottom)
        continue;

      weft_chart_begin_group (ctx, weft_timeline_get_lane_name (ctx->timeline, lane));
      if (row % 2 == 1 || (gint) lane == options->hover_lane)
        {
          weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_LANE_ALT]);
          cairo_rectangle (ctx->cr, 0, top, options->width, height);
          cairo_fill (ctx->cr);
          if ((gint) lane == options->hover_lane)
            {
              cairo_rectangle (ctx->cr, 0, top, options->width, height);
              cairo_fill (ctx->cr);
            }
        }

      draw_thread_label (ctx, lane, row, top, stride);
      /* The thread's own colour, as the object lanes show their holders
       * in it. */
      weft_chart_set_color (ctx->cr, weft_palette_get_lane_color (ctx->palette, lane));
      cairo_rectangle (ctx->cr, LABEL_WIDTH - 6, top + height * 0.2, 3, height * 0.6);
      cairo_fill (ctx->cr);

      draw_lifeline (ctx, lane, top + height / 2);

      /* Nested spans sit inside their parents, a little inset. */
      for (guint depth = 0; depth < depths; depth++)
        {
          double inset = weft_chart_lane_inset (height, depth);

          /* Whole pixels on raster targets, as the strips are. */
          if (options->snap)
            inset = floor (inset);
          spans.top = top + inset;
          spans.height = MAX (1.0, height - 2 * inset);
          weft_timeline_query_spans (ctx->timeline, lane, depth, options->t0, options->t1,
                                     ctx->ns_per_pixel, collect_span, &spans);
          fill_batch (&spans);
          if (spans.height >= SMALL_SIZE)
            draw_step_labels (ctx, &spans);
          g_array_set_size (spans.steps, 0);
          outline_from_line (&spans);
        }

      if (with_marks)
        {
          /* No closer than a mark's width, so marks never pile up. */
          weft_timeline_query_instants (ctx->timeline, lane, options->t0, options->t1,
                                        (gint64) (ctx->ns_per_pixel * (ctx->mark_size + 2)),
                                        weft_chart_collect_instant, &marks);
          weft_chart_draw_marks (ctx, &marks, top + 5.0);
        }
      weft_chart_end_group (ctx);
    }
  if (stride > 1)
    draw_hovered_label (ctx);
  draw_group_headings (ctx);

  for (guint s = 0; s < WEFT_N_STATES; s++)
    g_array_unref (spans.rects[s]);
  g_array_unref (spans.steps);
  g_array_unref (spans.from_line);
  g_clear_pointer (&marks.from_line, g_array_unref);
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    g_clear_pointer (&marks.xs[k], g_array_unref);
}
