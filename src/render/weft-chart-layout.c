/* weft-chart-layout.c: where each lane and the time axis fall
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "weft-chart-private.h"

/* Checks in a row with the same message (the inconclusive ones) take
 * one line. */
static guint
count_check_lines (WeftChecks *checks)
{
  guint n = 0;

  for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
    if (i == 0 || !g_str_equal (weft_checks_get_check (checks, i)->message,
                                weft_checks_get_check (checks, i - 1)->message))
      n++;
  return n;
}

static guint
header_lines (const WeftChartOptions *options)
{
  return 2 + (options->checks != NULL ? count_check_lines (options->checks) : 0);
}

/* Zoomed out past what lanes show of many threads: each lane has a
 * span every OVERVIEW_COLUMNS_PER_SPAN pixel columns or more often, on
 * average over the run.  The run's average, not the view's count, so
 * that panning over a quiet stretch does not switch the picture. */
static gboolean
zoomed_out (WeftTimeline           *timeline,
            const WeftChartOptions *options,
            const WeftChartLayout  *layout)
{
  gint64 recorded = weft_timeline_get_end (timeline) - weft_timeline_get_origin (timeline);
  double ns_per_column = (double) MAX (1, options->t1 - options->t0) / layout->plot_width;

  if (recorded <= 0 || layout->n_lanes == 0)
    return FALSE;
  return (double) weft_timeline_get_n_spans (timeline) * ns_per_column * OVERVIEW_COLUMNS_PER_SPAN
         > (double) layout->n_lanes * (double) recorded;
}

/* Whether the overview may stand for the thread lanes, whatever room
 * the legend leaves them: for the legend, which names the overview's
 * band and is measured before the lanes' room is known.  @layout is
 * laid out as far as the plot and the lanes' count. */
gboolean
weft_chart_overview_possible (WeftTimeline           *timeline,
                              const WeftChartOptions *options,
                              const WeftChartLayout  *layout)
{
  double room = options->fill_height ? options->height - layout->lanes_y
                : options->lanes_room > 0 ? options->lanes_room : OVERVIEW_REFERENCE_ROOM;

  return layout->n_lanes > 0 && !options->lanes_only && layout->n_lanes * LANE_HEIGHT_MIN > room - SECTION_GAP &&
         zoomed_out (timeline, options, layout);
}

/* The thread lanes' height: on screen a few lanes grow to use the room
 * (up to a limit) and many shrink to fit it (down to a limit) before
 * they scroll.  Where even the thinnest lanes would not fit and the
 * view is zoomed out, the overview takes the room instead.  A picture
 * at its natural height keeps its lanes as they are, but shows the
 * overview where a window would. */
static void
layout_threads (WeftTimeline           *timeline,
                const WeftChartOptions *options,
                WeftChartLayout        *layout)
{
  double room = options->fill_height ? layout->lanes_bottom - layout->lanes_y
                : options->lanes_room > 0 ? options->lanes_room : OVERVIEW_REFERENCE_ROOM;
  double threads_room = room - SECTION_GAP - layout->objects_height;

  /* Larger text and marks in the classroom view want taller lanes. */
  layout->lane_height = LANE_HEIGHT * (options->classroom ? CLASSROOM_MAGNIFY : 1.0);
  /* A program recorded across processes heads each one's lanes. */
  if (weft_timeline_groups_lanes (timeline))
    {
      layout->n_groups = weft_timeline_get_n_processes (timeline);
      layout->group_height = GROUP_HEADING_HEIGHT * (options->classroom ? CLASSROOM_MAGNIFY : 1.0);
    }
  if (layout->n_lanes > 0 && !options->lanes_only && layout->n_lanes * LANE_HEIGHT_MIN > threads_room &&
      zoomed_out (timeline, options, layout))
    {
      layout->overview = TRUE;
      layout->threads_height = MAX (OVERVIEW_MIN_HEIGHT, floor (threads_room));
      return;
    }
  if (options->fill_height && layout->n_lanes > 0)
    layout->lane_height = CLAMP (floor ((threads_room - layout->n_groups * layout->group_height) / layout->n_lanes),
                                 LANE_HEIGHT_MIN, LANE_HEIGHT_MAX);
  layout->threads_height = layout->n_lanes * layout->lane_height + layout->n_groups * layout->group_height;
}

void
weft_chart_layout (WeftTimeline           *timeline,
                   const WeftChartOptions *options,
                   WeftChartLayout        *layout)
{
  double graph_width, graph_height;

  memset (layout, 0, sizeof *layout);

  if (options->with_header)
    layout->header_height = HEADER_MARGIN + TITLE_SIZE + LINE_GAP * 2
                            + header_lines (options) * (TEXT_SIZE + LINE_GAP) + HEADER_MARGIN / 2;
  /* A picture of a deadlock carries its wait-for graph under the verdicts. */
  if (options->with_header && weft_chart_deadlock_graph_size (timeline, &graph_width, &graph_height))
    layout->header_height += graph_height + LINE_GAP;
  layout->ruler_y = layout->header_height;
  layout->lanes_y = layout->ruler_y + RULER_HEIGHT;
  layout->plot_x = LABEL_WIDTH;
  layout->plot_width = MAX (1.0, options->width - LABEL_WIDTH - PAD_RIGHT);
  layout->n_lanes = weft_timeline_get_n_lanes (timeline);
  /* A narrow chart's legend takes more rows, not fewer entries. */
  if (options->with_legend)
    layout->legend_height = weft_chart_legend_height (options, weft_chart_legend_rows (timeline, options, layout));
  layout->lanes_bottom = options->height - layout->legend_height;

  /* Object lanes differ in height: a lock's holder and queue, a
   * semaphore's permits, a buffer's slots, a bare counter. */
  for (guint16 i = 0; i < weft_timeline_get_n_objects (timeline); i++)
    if (weft_chart_has_object_lane (timeline, i) && layout->n_counters < G_N_ELEMENTS (layout->counters))
      {
        double height = weft_chart_object_lane_height (timeline, i);

        layout->counters[layout->n_counters] = i;
        if (layout->n_counters == 0)
          layout->objects_height = SECTION_GAP;
        layout->counter_offsets[layout->n_counters] = layout->objects_height;
        layout->counter_heights[layout->n_counters] = height;
        layout->objects_height += height;
        layout->n_counters++;
      }

  layout_threads (timeline, options, layout);
  layout->content_height = layout->threads_height + layout->objects_height;
  layout->threads_bottom = layout->lanes_bottom;

  /* On screen, hundreds of threads would push the locks and counters
   * off the bottom, out of sight behind a long scroll: there the object
   * lanes are pinned just above the legend and only the threads scroll.
   * Not when the objects alone would take half the room, which would
   * leave the threads a sliver; and never in an export, which shows
   * everything in order at its natural height. */
  if (options->fill_height && layout->n_counters > 0)
    {
      double room = layout->lanes_bottom - layout->lanes_y;
      double pinned = layout->objects_height + SECTION_GAP / 2;

      if (layout->content_height > room && pinned <= room / 2)
        {
          layout->objects_pinned = TRUE;
          layout->threads_bottom = layout->lanes_bottom - pinned;
          /* The overview does not scroll: it takes the room left. */
          if (layout->overview)
            layout->threads_height = layout->threads_bottom - layout->lanes_y;
          layout->content_height = layout->threads_height;
        }
    }
}

/* The height that shows every lane with nothing scrolled: for exports. */
double
weft_chart_natural_height (WeftTimeline           *timeline,
                           const WeftChartOptions *options)
{
  WeftChartLayout layout;

  weft_chart_layout (timeline, options, &layout);
  return layout.lanes_y + layout.content_height + SECTION_GAP / 2 + layout.legend_height;
}

double
weft_chart_time_to_x (const WeftChartOptions *options,
                      const WeftChartLayout  *layout,
                      gint64                  time_ns)
{
  gint64 span = MAX (1, options->t1 - options->t0);

  return layout->plot_x + (double) (time_ns - options->t0) * layout->plot_width / span;
}

gint64
weft_chart_x_to_time (const WeftChartOptions *options,
                      const WeftChartLayout  *layout,
                      double                  x)
{
  gint64 span = MAX (1, options->t1 - options->t0);

  return options->t0 + (gint64) ((x - layout->plot_x) * span / layout->plot_width);
}

/**
 * weft_chart_lane_y:
 *
 * The top of @lane's band, scrolled as @options say: lanes are shown in
 * rows (weft_timeline_get_lane_row()), under their process's heading
 * where the lanes are grouped.
 */
double
weft_chart_lane_y (WeftTimeline           *timeline,
                   const WeftChartOptions *options,
                   const WeftChartLayout  *layout,
                   guint                   lane)
{
  double top = layout->lanes_y - options->scroll_y;
  guint process;

  if (layout->n_groups == 0 || lane >= weft_timeline_get_n_lanes (timeline))
    return top + lane * layout->lane_height;
  process = weft_timeline_get_lane_process (timeline, lane);
  /* Lanes of no process come first, with no heading above them. */
  return top + weft_timeline_get_lane_row (timeline, lane) * layout->lane_height
         + (process == WEFT_TIMELINE_NO_PROCESS ? 0 : process + 1) * layout->group_height;
}

double
weft_chart_lane_top (const WeftChartCtx *ctx,
                     guint               lane)
{
  return weft_chart_lane_y (ctx->timeline, ctx->options, &ctx->layout, lane);
}

/* The top of @process's heading, above its lanes. */
double
weft_chart_group_top (const WeftChartCtx *ctx,
                      guint               process)
{
  guint first = weft_timeline_get_process_rows (ctx->timeline, process, NULL);

  return ctx->layout.lanes_y - ctx->options->scroll_y + first * ctx->layout.lane_height
         + process * ctx->layout.group_height;
}

/* The lane @offset below the top of the first (unscrolled) lies in;
 * FALSE on a process's heading. */
gboolean
weft_chart_lane_at_offset (WeftTimeline          *timeline,
                           const WeftChartLayout *layout,
                           double                 offset,
                           guint                 *lane)
{
  guint row = 0;

  if (layout->n_lanes == 0 || offset < 0)
    return FALSE;
  if (layout->n_groups == 0)
    row = (guint) (offset / layout->lane_height);
  else
    {
      guint process = layout->n_groups;
      double top = 0;

      /* The last process whose heading begins at or above the offset. */
      while (process-- > 0)
        {
          top = weft_timeline_get_process_rows (timeline, process, NULL) * layout->lane_height
                + process * layout->group_height;
          if (offset >= top)
            break;
        }
      if (process == G_MAXUINT)
        row = (guint) (offset / layout->lane_height);
      else if (offset < top + layout->group_height)
        return FALSE;
      else
        row = weft_timeline_get_process_rows (timeline, process, NULL)
              + (guint) ((offset - top - layout->group_height) / layout->lane_height);
    }
  if (row >= layout->n_lanes)
    return FALSE;
  *lane = weft_timeline_get_row_lane (timeline, row);
  return TRUE;
}

double
weft_chart_counter_top (const WeftChartCtx *ctx,
                        guint               index)
{
  if (ctx->layout.objects_pinned)
    return ctx->layout.threads_bottom + ctx->layout.counter_offsets[index];
  return ctx->layout.lanes_y - ctx->options->scroll_y + ctx->layout.threads_height
         + ctx->layout.counter_offsets[index];
}
