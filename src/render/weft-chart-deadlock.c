/* weft-chart-deadlock.c: a deadlock's cycle, on the lanes and as a graph
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only what the wait-for graph found (weft-waitfor.h) is drawn: each
 * edge of the cycle is a thread's open wait for a lock and another
 * thread's open hold on it, both recorded.  On the lanes, the waits
 * that never ended are outlined in the failure colour, and a dashed
 * arrow goes from each waiter to the lock's holder from the moment both
 * were true.  The graph shows the same cycle the way JProfiler draws
 * Java monitors: threads and locks as boxes, "waits for" dashed and red,
 * "held by" solid.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "weft-chart-private.h"

#define GRAPH_BOX_HEIGHT 22.0
#define GRAPH_BOX_PAD 8.0
#define GRAPH_MARGIN 10.0

typedef struct
{
  guint16 object;
  guint8 state;
  gint64 time_ns;
  gboolean found;
  guint depth;
  WeftSpan span;
} SpanSearch;

static void
match_span (const WeftSpan *span,
            gpointer        user_data)
{
  SpanSearch *search = user_data;

  if (search->found || (span->flags & WEFT_SPAN_MERGED) != 0)
    return;
  if (span->object == search->object && span->state == search->state &&
      span->start_ns <= search->time_ns && span->end_ns >= search->time_ns)
    {
      search->span = *span;
      search->found = TRUE;
    }
}

/* The recorded span of @lane in @state on @object that covers @time_ns,
 * at any depth (a philosopher waits for the right fork inside its hold
 * on the left one). */
static gboolean
find_span (WeftTimeline *timeline,
           guint         lane,
           guint16       object,
           WeftState     state,
           gint64        time_ns,
           WeftSpan     *span,
           guint        *depth)
{
  SpanSearch search = { object, state, time_ns };

  for (search.depth = 0; search.depth < weft_timeline_get_lane_depth (timeline, lane); search.depth++)
    {
      weft_timeline_query_spans (timeline, lane, search.depth, time_ns - 1, time_ns + 1, 1, match_span, &search);
      if (search.found)
        break;
    }
  if (search.found)
    {
      *span = search.span;
      *depth = search.depth;
    }
  return search.found;
}

static void
set_dash (cairo_t *cr)
{
  static const double dash[] = { 4.0, 3.0 };

  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
}

static double
text_width (WeftChartCtx *ctx,
            const char   *text)
{
  /* Close enough for a box around a short name, and the same whether
   * glyphs are drawn or handed to an exporter as text. */
  return g_utf8_strlen (text, -1) * SMALL_SIZE * 0.62;
}

/* The lock's name beside its arrow, on the background so spans under it
 * do not hide it, and moved along where another label already is. */
static void
draw_label (WeftChartCtx *ctx,
            GArray       *placed,
            double        x,
            double        middle,
            const char   *text)
{
  cairo_rectangle_t box = { x, middle - SMALL_SIZE / 2 - 2, text_width (ctx, text) + 6, SMALL_SIZE + 4 };

  for (guint i = 0; i < placed->len; i++)
    {
      const cairo_rectangle_t *other = &g_array_index (placed, cairo_rectangle_t, i);

      if (box.x < other->x + other->width && other->x < box.x + box.width &&
          box.y < other->y + other->height && other->y < box.y + box.height)
        {
          box.x = other->x + other->width + 2;
          i = (guint) -1;   /* look again from the first */
        }
    }
  g_array_append_val (placed, box);
  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
  cairo_rectangle (ctx->cr, box.x, box.y, box.width, box.height);
  cairo_fill (ctx->cr);
  weft_chart_draw_text (ctx, box.x + 3, middle + SMALL_SIZE / 2 - 1, text, SMALL_SIZE, TRUE,
                        &ctx->palette->roles[WEFT_COLOR_FAIL], WEFT_TEXT_START);
}

/**
 * weft_chart_draw_deadlock:
 *
 * Over the thread lanes: each waiter's endless wait outlined, and a
 * dashed arrow from it to the lock's holder, labelled with the lock.
 */
void
weft_chart_draw_deadlock (WeftChartCtx *ctx)
{
  const WeftColor *red = &ctx->palette->roles[WEFT_COLOR_FAIL];
  const WeftWaitEdge *edges;
  gint64 cycle_ns;
  double right = ctx->layout.plot_x + ctx->layout.plot_width;
  g_autoptr(GArray) placed = NULL;
  guint n;

  edges = weft_timeline_get_deadlock (ctx->timeline, &n, &cycle_ns);
  if (edges == NULL)
    return;

  placed = g_array_new (FALSE, FALSE, sizeof (cairo_rectangle_t));
  cairo_save (ctx->cr);
  for (guint i = 0; i < n; i++)
    {
      const WeftWaitEdge *edge = &edges[i];
      WeftSpan wait, hold;
      guint wait_depth, hold_depth;
      double inset;
      double top = weft_chart_lane_top (ctx, edge->lane);
      double holder_top = weft_chart_lane_top (ctx, edge->holder);
      double height = ctx->layout.lane_height;
      double x0, x1, y0, y1;
      gint64 since;

      if (!find_span (ctx->timeline, edge->lane, edge->object, WEFT_STATE_WAITING, cycle_ns, &wait, &wait_depth) ||
          !find_span (ctx->timeline, edge->holder, edge->object, WEFT_STATE_CRITICAL, cycle_ns, &hold, &hold_depth))
        continue;
      /* Around the wait itself, nested as the lanes draw it. */
      inset = weft_chart_span_inset (wait_depth) - 2;

      /* The wait that never ended. */
      x0 = CLAMP (weft_chart_time_to_x (ctx->options, &ctx->layout, wait.start_ns), ctx->layout.plot_x, right);
      x1 = CLAMP (weft_chart_time_to_x (ctx->options, &ctx->layout, wait.end_ns), ctx->layout.plot_x, right);
      weft_chart_set_color (ctx->cr, red);
      cairo_set_line_width (ctx->cr, 2.0);
      cairo_set_dash (ctx->cr, NULL, 0, 0);
      if (x1 > x0)
        {
          cairo_rectangle (ctx->cr, x0 - 1, top + inset, MAX (x1 - x0 + 2, 1), height - 2 * inset);
          cairo_stroke (ctx->cr);
        }

      /* Waits for, from when both the wait and the hold were open. */
      since = MAX (wait.start_ns, hold.start_ns);
      if (since < ctx->options->t0 || since > ctx->options->t1)
        continue;
      x0 = weft_chart_time_to_x (ctx->options, &ctx->layout, since) + 3;
      y0 = top + height / 2;
      y1 = edge->holder == edge->lane ? top + height / 2
           : edge->holder > edge->lane ? holder_top + 4 : holder_top + height - 4;
      cairo_set_line_width (ctx->cr, 1.5);
      set_dash (ctx->cr);
      if (edge->holder == edge->lane)
        {
          /* A cycle of one: the thread waits for itself. */
          cairo_arc (ctx->cr, x0 + 8, y0 - 6, 6, M_PI / 2, 2 * M_PI + M_PI / 4);
          cairo_stroke (ctx->cr);
        }
      else
        {
          weft_chart_arrow_path (ctx->cr, x0, y0, x0, y1);
        }
      cairo_set_dash (ctx->cr, NULL, 0, 0);
      draw_label (ctx, placed, x0 + 4, (y0 + y1) / 2, weft_timeline_get_object_name (ctx->timeline, edge->object));
    }
  cairo_restore (ctx->cr);
}

/* A node of the graph: a box with a name, centred at (x, y). */
typedef struct
{
  const char *name;
  double x;
  double y;
  double width;
} Node;

static void
draw_node (WeftChartCtx *ctx,
           const Node   *node,
           gboolean      is_thread)
{
  double x = node->x - node->width / 2;
  double y = node->y - GRAPH_BOX_HEIGHT / 2;

  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
  cairo_rectangle (ctx->cr, x, y, node->width, GRAPH_BOX_HEIGHT);
  cairo_fill_preserve (ctx->cr);
  weft_chart_set_color (ctx->cr, is_thread ? &ctx->palette->roles[WEFT_COLOR_FOREGROUND]
                                           : &ctx->palette->roles[WEFT_COLOR_DIM]);
  cairo_set_line_width (ctx->cr, is_thread ? 1.5 : 1.0);
  cairo_stroke (ctx->cr);
  weft_chart_draw_text (ctx, x + GRAPH_BOX_PAD, node->y + SMALL_SIZE / 2 - 1, node->name, SMALL_SIZE,
                        is_thread, &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_START);
}

/* Where the segment from @from's centre towards @to's leaves @from's box. */
static void
box_exit (const Node *from,
          const Node *to,
          double     *x,
          double     *y)
{
  double dx = to->x - from->x, dy = to->y - from->y;
  double sx = dx != 0 ? (from->width / 2 + 2) / fabs (dx) : G_MAXDOUBLE;
  double sy = dy != 0 ? (GRAPH_BOX_HEIGHT / 2 + 2) / fabs (dy) : G_MAXDOUBLE;
  double s = MIN (MIN (sx, sy), 1.0);

  *x = from->x + dx * s;
  *y = from->y + dy * s;
}

static void
draw_edge (WeftChartCtx *ctx,
           const Node   *from,
           const Node   *to,
           gboolean      waits)
{
  double x0, y0, x1, y1;

  box_exit (from, to, &x0, &y0);
  box_exit (to, from, &x1, &y1);
  if (waits)
    {
      weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_FAIL]);
      cairo_set_line_width (ctx->cr, 1.5);
      set_dash (ctx->cr);
    }
  else
    {
      weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_FOREGROUND]);
      cairo_set_line_width (ctx->cr, 1.2);
      cairo_set_dash (ctx->cr, NULL, 0, 0);
    }
  weft_chart_arrow_path (ctx->cr, x0, y0, x1, y1);
  cairo_set_dash (ctx->cr, NULL, 0, 0);
}

/**
 * weft_chart_draw_deadlock_graph:
 *
 * The cycle as a small graph in the box (@x, @y, @width, @height):
 * threads and locks alternate around an ellipse; a thread's wait for a
 * lock is a dashed red arrow, a lock's holder a solid one; a key below
 * names both.
 */
void
weft_chart_draw_deadlock_graph (WeftChartCtx *ctx,
                                double        x,
                                double        y,
                                double        width,
                                double        height)
{
  const WeftColor *dim = &ctx->palette->roles[WEFT_COLOR_DIM];
  const WeftWaitEdge *edges;
  g_autofree Node *nodes = NULL;
  double cx, cy, rx, ry, key_y;
  guint n, n_nodes;

  edges = weft_timeline_get_deadlock (ctx->timeline, &n, NULL);
  if (edges == NULL || n == 0)
    return;

  /* Thread i, then the lock it waits for, held by thread i + 1. */
  n_nodes = 2 * n;
  nodes = g_new0 (Node, n_nodes);
  for (guint i = 0; i < n; i++)
    {
      nodes[2 * i].name = weft_format_lane_name (ctx->timeline, edges[i].lane);
      nodes[2 * i + 1].name = weft_timeline_get_object_name (ctx->timeline, edges[i].object);
    }
  for (guint i = 0; i < n_nodes; i++)
    nodes[i].width = text_width (ctx, nodes[i].name) + 2 * GRAPH_BOX_PAD;

  key_y = y + height - GRAPH_MARGIN;
  cx = x + width / 2;
  cy = y + (height - SMALL_SIZE - GRAPH_MARGIN) / 2;
  ry = MAX (0, (height - SMALL_SIZE - 2 * GRAPH_MARGIN) / 2 - GRAPH_BOX_HEIGHT / 2 - 4);
  rx = MAX (0, width / 2 - GRAPH_MARGIN - 60);
  for (guint i = 0; i < n_nodes; i++)
    {
      /* Clockwise from the left, so a pair reads left to right. */
      double angle = M_PI + 2 * M_PI * i / n_nodes;

      nodes[i].x = cx + rx * cos (angle);
      nodes[i].y = cy + ry * sin (angle);
    }

  cairo_save (ctx->cr);
  for (guint i = 0; i < n; i++)
    {
      draw_edge (ctx, &nodes[2 * i], &nodes[2 * i + 1], TRUE);
      draw_edge (ctx, &nodes[2 * i + 1], &nodes[(2 * i + 2) % n_nodes], FALSE);
    }
  for (guint i = 0; i < n_nodes; i++)
    draw_node (ctx, &nodes[i], i % 2 == 0);

  /* The key. */
  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_FAIL]);
  cairo_set_line_width (ctx->cr, 1.5);
  set_dash (ctx->cr);
  weft_chart_arrow_path (ctx->cr, x + GRAPH_MARGIN, key_y - 3, x + GRAPH_MARGIN + 22, key_y - 3);
  cairo_set_dash (ctx->cr, NULL, 0, 0);
  weft_chart_draw_text (ctx, x + GRAPH_MARGIN + 28, key_y, _("waits for"), SMALL_SIZE, FALSE, dim,
                        WEFT_TEXT_START);
  weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_FOREGROUND]);
  cairo_set_line_width (ctx->cr, 1.2);
  weft_chart_arrow_path (ctx->cr, x + GRAPH_MARGIN + 100, key_y - 3, x + GRAPH_MARGIN + 122, key_y - 3);
  weft_chart_draw_text (ctx, x + GRAPH_MARGIN + 128, key_y, _("held by"), SMALL_SIZE, FALSE, dim,
                        WEFT_TEXT_START);
  cairo_restore (ctx->cr);
}

/**
 * weft_chart_deadlock_graph_size:
 * @width: (out): the width the graph of this run's cycle reads well at
 * @height: (out): and its height
 *
 * Returns: whether the run has a deadlock to draw
 */
gboolean
weft_chart_deadlock_graph_size (WeftTimeline *timeline,
                                double       *width,
                                double       *height)
{
  guint n = 0;

  *width = *height = 0;
  if (weft_timeline_get_deadlock (timeline, &n, NULL) == NULL || n == 0)
    return FALSE;
  /* Boxes go round an ellipse; a longer cycle needs a larger one. */
  *width = CLAMP (200 + 70 * n, 300, 620);
  *height = CLAMP (80 + 26 * n, 130, 260);
  return TRUE;
}

/**
 * weft_chart_draw_deadlock_graph_into:
 * @options: its width and height, style, and a text_func if wanted
 *
 * The graph of weft_chart_draw_deadlock_graph(), on its own, filling
 * (0, 0) to (width, height) of @cr: for a window's widget.
 */
void
weft_chart_draw_deadlock_graph_into (cairo_t                *cr,
                                     WeftTimeline           *timeline,
                                     const WeftChartOptions *options)
{
  WeftChartCtx ctx;

  weft_chart_ctx_init (&ctx, cr, timeline, options);
  weft_chart_draw_deadlock_graph (&ctx, 0, 0, options->width, options->height);
  weft_chart_ctx_clear (&ctx);
}
