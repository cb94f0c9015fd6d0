/* weft-chart-lessons.c: where each pattern's lesson happened
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Over the lanes and their hand-offs: the race's lost updates, each a
 * cross on the write that stored a value another thread had written,
 * with a bracket back to the stale read it was based on and a thin line
 * to the write it stored over; the barrier's phase openings, a line across every
 * lane at each last arrival; the producer-consumer's waits for room
 * (buffer full) and for an item (buffer empty) told apart.  What is drawn
 * comes from weft-lessons.h, found in recorded events only.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "weft-chart-private.h"
#include "weft-lessons.h"

/* No two phase lines closer than this many units. */
#define LESSON_SPACING 4.0
/* Links are drawn only while each lost update has this much width. */
#define UNITS_PER_LINK 12.0
#define CROSS_HALF 3.5
/* Crosses on one lane no closer than this: apart, each reads as one. */
#define CROSS_SPACING (2 * CROSS_HALF + 4.0)
#define PHASE_LABEL_ROOM 64.0
#define PHASE_NUMBER_ROOM 22.0
#define WAIT_LABEL_MIN_WIDTH 44.0
/* Lost updates looked at in one column of a dense view: enough for each
 * lane to show its own, without a walk over all. */
#define COLUMN_SCAN_MAX 64

static double
lane_middle (WeftChartCtx *ctx,
             guint         lane)
{
  return weft_chart_lane_top (ctx, lane) + ctx->layout.lane_height / 2;
}

static double
time_to_x (WeftChartCtx *ctx,
           gint64        time_ns)
{
  return ctx->layout.plot_x + (time_ns - ctx->options->t0) * ctx->units_per_ns;
}

/* A cross with a halo of the background, so it reads on any state. */
static void
cross_path (cairo_t *cr,
            double   x,
            double   y)
{
  cairo_move_to (cr, x - CROSS_HALF, y - CROSS_HALF);
  cairo_line_to (cr, x + CROSS_HALF, y + CROSS_HALF);
  cairo_move_to (cr, x - CROSS_HALF, y + CROSS_HALF);
  cairo_line_to (cr, x + CROSS_HALF, y - CROSS_HALF);
}

static void
draw_cross (WeftChartCtx *ctx,
            double        x,
            double        y)
{
  cairo_t *cr = ctx->cr;

  cross_path (cr, x, y);
  weft_chart_set_color (cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
  cairo_set_line_width (cr, 4.0);
  cairo_stroke (cr);
  cross_path (cr, x, y);
  weft_chart_set_color (cr, &ctx->palette->roles[WEFT_COLOR_FAIL]);
  cairo_set_line_width (cr, 2.0);
  cairo_stroke (cr);
}

/* The stale read to its write, under the writer's spans, and a thin line
 * up or down to the update it overwrote. */
static void
draw_lost_update_links (WeftChartCtx         *ctx,
                        const WeftLostUpdate *lost)
{
  cairo_t *cr = ctx->cr;
  const WeftColor *fail = &ctx->palette->roles[WEFT_COLOR_FAIL];
  double x_write = time_to_x (ctx, lost->write_ns);
  double x_read = time_to_x (ctx, lost->read_ns);
  double x_over = time_to_x (ctx, lost->over_ns);
  double bottom = weft_chart_lane_top (ctx, lost->lane) + ctx->layout.lane_height - 2.5;
  double y_over = lane_middle (ctx, lost->over_lane);

  cairo_set_source_rgba (cr, fail->red, fail->green, fail->blue, 0.8);
  cairo_set_line_width (cr, 1.0);
  /* The bracket: what the writer read, and when, to when it wrote. */
  cairo_move_to (cr, x_read, bottom - 4);
  cairo_line_to (cr, x_read, bottom);
  cairo_line_to (cr, x_write, bottom);
  cairo_stroke (cr);
  /* The overwritten write, ringed, and the line from it. */
  cairo_move_to (cr, x_write, lane_middle (ctx, lost->lane));
  cairo_line_to (cr, x_over, y_over);
  cairo_stroke (cr);
  cairo_arc (cr, x_over, y_over, 3.0, 0, 2 * G_PI);
  cairo_stroke (cr);
}

static void
draw_lost_updates (WeftChartCtx *ctx)
{
  guint n_lost;
  const WeftLostUpdate *lost = weft_lessons_get_lost_updates (ctx->timeline, &n_lost);
  gint64 t0 = ctx->options->t0, t1 = ctx->options->t1;
  gint64 column_ns = MAX (1, (gint64) (CROSS_SPACING / ctx->units_per_ns));
  g_autofree double *last_x = NULL;
  guint first, end;
  gboolean links;

  if (n_lost == 0)
    return;
  first = weft_lessons_first_lost_update (lost, n_lost, t0);
  end = weft_lessons_first_lost_update (lost, n_lost, t1 + 1);
  if (first >= end)
    return;
  links = (end - first) * UNITS_PER_LINK <= ctx->layout.plot_width;
  last_x = g_new (double, ctx->layout.n_lanes);
  for (guint lane = 0; lane < ctx->layout.n_lanes; lane++)
    last_x[lane] = -G_MAXDOUBLE;

  for (guint i = first; i < end;)
    {
      gint64 column_end = lost[i].write_ns + column_ns;
      guint scanned = 0;

      /* Each lane's first in this column; a dense view skips the rest. */
      for (; i < end && lost[i].write_ns < column_end && scanned < COLUMN_SCAN_MAX; i++, scanned++)
        {
          double x = time_to_x (ctx, lost[i].write_ns);

          if (lost[i].lane >= ctx->layout.n_lanes || x - last_x[lost[i].lane] < CROSS_SPACING)
            continue;
          last_x[lost[i].lane] = x;
          if (links)
            draw_lost_update_links (ctx, &lost[i]);
          draw_cross (ctx, x, lane_middle (ctx, lost[i].lane));
        }
      if (i < end && lost[i].write_ns < column_end)
        i = weft_lessons_first_lost_update (lost, n_lost, column_end);
    }
}

static void
draw_phase_openings (WeftChartCtx *ctx)
{
  guint n;
  const WeftPhaseOpening *openings = weft_lessons_get_phase_openings (ctx->timeline, &n);
  gint64 spacing_ns = MAX (1, (gint64) (LESSON_SPACING / ctx->units_per_ns));
  double top, bottom, last_label = -G_MAXDOUBLE;
  const WeftColor *fg = &ctx->palette->roles[WEFT_COLOR_FOREGROUND];
  cairo_t *cr = ctx->cr;

  if (n == 0 || ctx->layout.n_lanes == 0)
    return;
  top = weft_chart_lane_top (ctx, weft_timeline_get_row_lane (ctx->timeline, 0));
  bottom = weft_chart_lane_top (ctx, weft_timeline_get_row_lane (ctx->timeline, ctx->layout.n_lanes - 1))
           + ctx->layout.lane_height;

  for (guint i = weft_lessons_first_opening (openings, n, ctx->options->t0);
       i < n && openings[i].time_ns <= ctx->options->t1;)
    {
      double x = round (time_to_x (ctx, openings[i].time_ns)) + 0.5;
      guint next = weft_lessons_first_opening (openings, n, openings[i].time_ns + spacing_ns);
      double next_x = next < n ? time_to_x (ctx, openings[next].time_ns) : G_MAXDOUBLE;
      double room;

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.55);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, top);
      cairo_line_to (cr, x, bottom);
      cairo_stroke (cr);
      /* Named where the next line leaves room, on the first lane's top:
       * "phase 3", or only "3" where that is all that fits. */
      room = MIN (next == i + 1 ? next_x - x : 0, ctx->layout.plot_x + ctx->layout.plot_width - x);
      if (x - last_label >= PHASE_NUMBER_ROOM && room >= PHASE_NUMBER_ROOM)
        {
          g_autofree char *number = weft_format_count (openings[i].phase);
          /* Translators: a barrier phase that opened here: "phase 3" */
          g_autofree char *label = room >= PHASE_LABEL_ROOM ? g_strdup_printf (_("phase %s"), number)
                                                            : g_strdup (number);
          double width = 6.0 * g_utf8_strlen (label, -1) + 4;

          if (width + 4 <= room)
            {
              weft_chart_set_color (cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
              cairo_rectangle (cr, x + 1, top + 1, width, SMALL_SIZE + 3);
              cairo_fill (cr);
              weft_chart_draw_text (ctx, x + 3, top + SMALL_SIZE + 1, label, SMALL_SIZE, TRUE, fg, WEFT_TEXT_START);
              last_label = x;
            }
        }
      i = MAX (next, i + 1);
    }
}

/* Vertical strokes for a full buffer (no room), a hollow band for an
 * empty one (nothing to take): neither is the diagonal hatch that marks
 * what Weft itself did. */
static void
texture_wait (WeftChartCtx   *ctx,
              WeftWaitReason  reason,
              double          x0,
              double          x1,
              double          top,
              double          height)
{
  cairo_t *cr = ctx->cr;
  const WeftColor *fg = &ctx->palette->roles[WEFT_COLOR_FOREGROUND];

  if (x1 - x0 < 1 || height < 4)
    return;
  cairo_save (cr);
  cairo_rectangle (cr, x0, top, x1 - x0, height);
  cairo_clip (cr);
  if (reason == WEFT_WAIT_FULL)
    {
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, 0.5);
      cairo_set_line_width (cr, 1.0);
      for (double x = floor (x0 / 3.0) * 3.0 + 0.5; x < x1; x += 3.0)
        {
          cairo_move_to (cr, x, top);
          cairo_line_to (cr, x, top + height);
        }
      cairo_stroke (cr);
    }
  else
    {
      weft_chart_set_color (cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
      cairo_rectangle (cr, x0, top + height * 0.3, x1 - x0, height * 0.4);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

typedef struct
{
  WeftChartCtx *ctx;
  double top;
  double height;
} WaitBatch;

static void
collect_wait (const WeftSpan *span,
              gpointer        user_data)
{
  WaitBatch *batch = user_data;
  WeftChartCtx *ctx = batch->ctx;
  WeftWaitReason reason;
  double left = ctx->layout.plot_x, right = left + ctx->layout.plot_width;
  double x0, x1;

  /* A summary of several spans no longer says what each waited on. */
  if (span->state != WEFT_STATE_WAITING || (span->flags & WEFT_SPAN_MERGED))
    return;
  reason = weft_lessons_wait_reason (ctx->timeline, span->object);
  if (reason == WEFT_WAIT_OTHER)
    return;
  ctx->lessons_drawn |= 1u << reason;
  x0 = floor (CLAMP (time_to_x (ctx, span->start_ns), left, right));
  x1 = ceil (CLAMP (time_to_x (ctx, span->end_ns), left, right));
  texture_wait (ctx, reason, x0, x1, batch->top, batch->height);
  /* Said in words where the wait is wide enough for them. */
  if (x1 - x0 >= WAIT_LABEL_MIN_WIDTH && batch->height >= SMALL_SIZE + 4)
    weft_chart_draw_text (ctx, x0 + 4, batch->top + batch->height / 2 + SMALL_SIZE / 2 - 1,
                          /* Translators: written on a producer's wait: the buffer was full */
                          reason == WEFT_WAIT_FULL ? _("full")
                          /* Translators: written on a consumer's wait: the buffer was empty */
                                                   : _("empty"),
                          SMALL_SIZE, TRUE, &ctx->palette->roles[WEFT_COLOR_STEP_TEXT], WEFT_TEXT_START);
}

/* Whether waits are told apart by why (a buffer full or empty). */
gboolean
weft_chart_draws_wait_reasons (WeftTimeline *timeline)
{
  guint16 object;

  return weft_timeline_find_object (timeline, "not-full", &object) &&
         weft_lessons_wait_reason (timeline, object) == WEFT_WAIT_FULL;
}

static void
draw_wait_reasons (WeftChartCtx *ctx)
{
  if (!weft_chart_draws_wait_reasons (ctx->timeline))
    return;

  for (guint lane = 0; lane < ctx->layout.n_lanes; lane++)
    {
      double top = weft_chart_lane_top (ctx, lane);

      if (top + ctx->layout.lane_height < ctx->layout.lanes_y || top >= ctx->layout.threads_bottom)
        continue;
      /* The insets weft_chart_draw_lanes() gives each depth. */
      for (guint depth = 0; depth < weft_timeline_get_lane_depth (ctx->timeline, lane); depth++)
        {
          double inset = 5.0 + depth * 4.0;
          WaitBatch batch = { ctx, top + inset, MAX (2.0, ctx->layout.lane_height - 2 * inset) };

          weft_timeline_query_spans (ctx->timeline, lane, depth, ctx->options->t0, ctx->options->t1,
                                     ctx->ns_per_pixel, collect_wait, &batch);
        }
    }
}

void
weft_chart_draw_lessons (WeftChartCtx *ctx)
{
  draw_wait_reasons (ctx);
  draw_phase_openings (ctx);
  draw_lost_updates (ctx);
}

/* What the arrows mean here: the nightclub's are admissions. */
const char *
weft_chart_handoff_label (WeftChartCtx *ctx)
{
  if (g_str_equal (weft_timeline_get_pattern (ctx->timeline)->name, "nightclub"))
    /* Translators: legend of the arrows from a departing patron to the one it let in */
    return _("let in");
  return _("hand-off");
}

/* Named only when the run has one (lost updates, phases) or this view
 * drew one (the waits). */
void
weft_chart_draw_lessons_legend (WeftChartCtx *ctx)
{
  double x, middle;
  const WeftColor *fg = &ctx->palette->roles[WEFT_COLOR_FOREGROUND];
  const WeftColor *waiting = &ctx->palette->states[WEFT_STATE_WAITING];
  guint n;

  weft_lessons_get_lost_updates (ctx->timeline, &n);
  if (n > 0)
    {
      weft_chart_legend_next (ctx, 14, _("lost update"), &x, &middle);
      draw_cross (ctx, x + 5, middle);
      weft_chart_draw_text (ctx, x + 14, middle + 4, _("lost update"), SMALL_SIZE, FALSE, fg, WEFT_TEXT_START);
    }
  weft_lessons_get_phase_openings (ctx->timeline, &n);
  if (n > 0)
    {
      weft_chart_legend_next (ctx, 10, _("phase opened"), &x, &middle);
      weft_chart_set_color (ctx->cr, fg);
      cairo_rectangle (ctx->cr, x + 4, middle - 7, 1, 14);
      cairo_fill (ctx->cr);
      weft_chart_draw_text (ctx, x + 10, middle + 4, _("phase opened"), SMALL_SIZE, FALSE, fg, WEFT_TEXT_START);
    }
  for (WeftWaitReason reason = WEFT_WAIT_FULL; reason <= WEFT_WAIT_EMPTY; reason++)
    if (ctx->lessons_drawn & (1u << reason))
      {
        weft_chart_legend_next (ctx, 23, reason == WEFT_WAIT_FULL ? _("buffer full") : _("buffer empty"), &x, &middle);
        weft_chart_set_color (ctx->cr, waiting);
        cairo_rectangle (ctx->cr, x, middle - 6, 18, 12);
        cairo_fill (ctx->cr);
        texture_wait (ctx, reason, x, x + 18, middle - 6, 12);
        weft_chart_draw_text (ctx, x + 23, middle + 4,
                              reason == WEFT_WAIT_FULL ? _("buffer full") : _("buffer empty"),
                              SMALL_SIZE, FALSE, fg, WEFT_TEXT_START);
      }
}
