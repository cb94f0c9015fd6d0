/* weft-chart-marks.c: the marks a pattern declares
 *
 * Drawn per lane, as one path per shape or, on raster targets, as a strip
 * of sprites.
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "weft-chart-private.h"

/* The words the chart shows for an instant: the call that made it, in
 * the words the options ask for.  Where a pattern takes and gives back
 * both mutexes and semaphores, the mutex's call names them. */
const char *
weft_chart_instant_label (WeftChartCtx *ctx,
                          guint         code)
{
  WeftObjectKind kind = WEFT_OBJECT_SEMAPHORE;

  for (guint i = 0; i < weft_timeline_get_n_objects (ctx->timeline); i++)
    if (weft_timeline_get_object (ctx->timeline, i)->kind == WEFT_OBJECT_MUTEX)
      kind = WEFT_OBJECT_MUTEX;
  return weft_pattern_get_instant_word (weft_timeline_get_pattern (ctx->timeline), code, kind, ctx->options->words);
}

/* The marks the chart draws for a run: those its pattern (or variant)
 * declares that have a shape (a thread's start and end show as its
 * lane's life instead). */
gboolean
weft_chart_draws_mark (WeftTimeline *timeline,
                       guint         code)
{
  const WeftInstantInfo *info = weft_pattern_get_instant_info (weft_timeline_get_pattern (timeline), code);

  return info != NULL && info->shape != WEFT_MARK_NONE &&
         (weft_params_get_marks (weft_timeline_get_params (timeline)) & WEFT_INSTANT_BIT (code)) != 0;
}



void
weft_chart_collect_instant (const WeftInstantRecord *instant,
                            gpointer                 user_data)
{
  WeftMarkBatch *batch = user_data;
  double x = weft_chart_time_to_x (batch->ctx->options, &batch->ctx->layout, instant->time_ns);

  if (instant->instant < WEFT_INSTANT_MAX && batch->xs[instant->instant] != NULL &&
      x >= batch->ctx->layout.plot_x && x <= batch->ctx->layout.plot_x + batch->ctx->layout.plot_width)
    {
      g_array_append_val (batch->xs[instant->instant], x);
      if (batch->from_line != NULL && instant->line == batch->ctx->options->code_line)
        g_array_append_val (batch->from_line, x);
    }
}

static void
triangle (cairo_t *cr,
          double   x,
          double   y,
          double   r)
{
  cairo_move_to (cr, x - r, y - r);
  cairo_line_to (cr, x + r, y - r);
  cairo_line_to (cr, x, y + r);
  cairo_close_path (cr);
}

static void
diamond (cairo_t *cr,
         double   x,
         double   y,
         double   r)
{
  cairo_move_to (cr, x, y - r);
  cairo_line_to (cr, x + r, y);
  cairo_line_to (cr, x, y + r);
  cairo_line_to (cr, x - r, y);
  cairo_close_path (cr);
}

static void
square (cairo_t *cr,
        double   x,
        double   y,
        double   r)
{
  cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
}

static void
circle (cairo_t *cr,
        double   x,
        double   y,
        double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  cairo_close_path (cr);
}

/* One shape per kind, told apart by outline as well as colour: solid for
 * the first of each pair (acquire, post, produce, write), a ring for the
 * second, and brackets for the barrier.  Only fills, no strokes: filling
 * thousands of small shapes is several times cheaper than stroking them. */
static void
cross (cairo_t *cr,
       double   x,
       double   y,
       double   r)
{
  double w = 1.3;

  /* Two bars, each drawn as one closed path, so even-odd leaves the
   * middle where they cross filled by the second. */
  cairo_move_to (cr, x - r, y - r + w);
  cairo_line_to (cr, x - r + w, y - r);
  cairo_line_to (cr, x + r, y + r - w);
  cairo_line_to (cr, x + r - w, y + r);
  cairo_close_path (cr);
  cairo_move_to (cr, x + r - w, y - r);
  cairo_line_to (cr, x + r, y - r + w);
  cairo_line_to (cr, x + w * 0.5, y);
  cairo_line_to (cr, x, y - w * 0.5);
  cairo_close_path (cr);
  cairo_move_to (cr, x - w * 0.5, y);
  cairo_line_to (cr, x, y + w * 0.5);
  cairo_line_to (cr, x - r + w, y + r);
  cairo_line_to (cr, x - r, y + r - w);
  cairo_close_path (cr);
}

static void
star (cairo_t *cr,
      double   x,
      double   y,
      double   r)
{
  for (guint i = 0; i < 10; i++)
    {
      double angle = -G_PI / 2 + i * G_PI / 5;
      double radius = i % 2 == 0 ? r + 0.5 : r * 0.45;

      if (i == 0)
        cairo_move_to (cr, x + radius * cos (angle), y + radius * sin (angle));
      else
        cairo_line_to (cr, x + radius * cos (angle), y + radius * sin (angle));
    }
  cairo_close_path (cr);
}

/* One shape per kind, told apart by outline as well as colour: solid for
 * the first of each pair (acquire, post, produce, write), a ring for the
 * second, brackets for the barrier, a cross for an end nobody chose, a
 * star for an error.  Only fills, no strokes: filling thousands of small
 * shapes is several times cheaper than stroking them. */
static void
mark_path (cairo_t       *cr,
           WeftMarkShape  shape,
           double         x,
           double         y,
           double         size)
{
  double r = size / 2;
  double inner = r - 1.6;
  double bar = 1.8;

  switch (shape)
    {
    case WEFT_MARK_TRIANGLE:
      triangle (cr, x, y, r);
      break;
    case WEFT_MARK_TRIANGLE_RING:
      triangle (cr, x, y, r);
      triangle (cr, x, y - 0.6, inner - 0.6);
      break;
    case WEFT_MARK_CIRCLE:
      circle (cr, x, y, r - 0.5);
      break;
    case WEFT_MARK_CIRCLE_RING:
      circle (cr, x, y, r - 0.5);
      circle (cr, x, y, inner - 0.5);
      break;
    case WEFT_MARK_SQUARE:
      square (cr, x, y, r - 0.5);
      break;
    case WEFT_MARK_SQUARE_RING:
      square (cr, x, y, r - 0.5);
      square (cr, x, y, inner - 0.5);
      break;
    case WEFT_MARK_DIAMOND:
      diamond (cr, x, y, r);
      break;
    case WEFT_MARK_DIAMOND_RING:
      diamond (cr, x, y, r);
      diamond (cr, x, y, inner - 0.4);
      break;
    case WEFT_MARK_BRACKET_OPEN:       /* [ */
      cairo_rectangle (cr, x, y - r, bar, 2 * r);
      cairo_rectangle (cr, x + bar, y - r, r - bar, bar);
      cairo_rectangle (cr, x + bar, y + r - bar, r - bar, bar);
      break;
    case WEFT_MARK_BRACKET_CLOSE:      /* ] */
      cairo_rectangle (cr, x - bar, y - r, bar, 2 * r);
      cairo_rectangle (cr, x - r, y - r, r - bar, bar);
      cairo_rectangle (cr, x - r, y + r - bar, r - bar, bar);
      break;
    case WEFT_MARK_CROSS:
      cross (cr, x, y, r);
      break;
    case WEFT_MARK_BAR:
      cairo_rectangle (cr, x - bar, y - r, 2 * bar, 2 * r);
      break;
    case WEFT_MARK_BAR_RING:
      cairo_rectangle (cr, x - bar - 0.6, y - r, 2 * bar + 1.2, 2 * r);
      cairo_rectangle (cr, x - bar + 0.6, y - r + 1.2, 2 * bar - 1.2, 2 * r - 2.4);
      break;
    case WEFT_MARK_STAR:
      star (cr, x, y, r);
      break;
    case WEFT_MARK_NONE:
    case WEFT_N_MARK_SHAPES:
    default:
      break;
    }
}

void
weft_chart_mark_path_for (WeftChartCtx *ctx,
                          guint         code,
                          double        x,
                          double        y)
{
  const WeftInstantInfo *info = weft_pattern_get_instant_info (weft_timeline_get_pattern (ctx->timeline), code);

  if (info != NULL)
    mark_path (ctx->cr, info->shape, x, y, ctx->mark_size);
}

void
weft_chart_fill_marks (WeftChartCtx *ctx,
                       guint         code)
{
  const WeftInstantInfo *info = weft_pattern_get_instant_info (weft_timeline_get_pattern (ctx->timeline), code);

  /* Even-odd turns each pair of nested outlines into a ring. */
  cairo_set_fill_rule (ctx->cr, CAIRO_FILL_RULE_EVEN_ODD);
  weft_chart_set_color (ctx->cr, &ctx->palette->marks[info != NULL ? info->color : WEFT_MARK_COLOR_LIFECYCLE]);
  cairo_fill (ctx->cr);
  cairo_set_fill_rule (ctx->cr, CAIRO_FILL_RULE_WINDING);
}

/* Vector targets: one path per kind, filled once. */
static void
draw_marks_as_paths (WeftChartCtx  *ctx,
                     WeftMarkBatch *batch,
                     double         y)
{
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    {
      GArray *xs = batch->xs[k];

      if (xs == NULL || xs->len == 0)
        continue;
      for (guint i = 0; i < xs->len; i++)
        weft_chart_mark_path_for (ctx, k, g_array_index (xs, double, i), y);
      weft_chart_fill_marks (ctx, k);
    }
}

/* One mark drawn once, at the device's scale, to be stamped. */
static cairo_surface_t *
mark_sprite (WeftChartCtx *ctx,
             guint         kind,
             int           size)
{
  cairo_surface_t *sprite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *cr = cairo_create (sprite);
  WeftChartCtx sprite_ctx = *ctx;
  double scale = ctx->scale;

  sprite_ctx.cr = cr;
  cairo_scale (cr, scale, scale);
  weft_chart_mark_path_for (&sprite_ctx, kind, size / scale / 2, size / scale / 2);
  weft_chart_fill_marks (&sprite_ctx, kind);
  cairo_destroy (cr);
  cairo_surface_flush (sprite);
  return sprite;
}

/* Premultiplied "over", one pixel. */
static inline guint32
blend_over (guint32 src,
            guint32 dst)
{
  guint32 keep = 255 - (src >> 24);
  guint32 rb = ((dst & 0x00ff00ffu) * keep + 0x00800080u);
  guint32 ag = (((dst >> 8) & 0x00ff00ffu) * keep + 0x00800080u);

  rb = ((rb + ((rb >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
  ag = ((ag + ((ag >> 8) & 0x00ff00ffu))) & 0xff00ff00u;
  return src + (rb | ag);
}

/* Raster targets: the lane's marks are stamped into one strip in memory
 * and composited once, since Cairo rasterizing thousands of tiny shapes
 * one by one costs more than the rest of the frame. */
static void
draw_marks_as_strip (WeftChartCtx  *ctx,
                     WeftMarkBatch *batch,
                     double         y)
{
  double scale = ctx->scale;
  int size = (int) ceil ((ctx->mark_size + 2) * scale);
  int width = (int) ceil (ctx->layout.plot_width * scale) + size;
  double left = ctx->layout.plot_x;
  double strip_top = y - size / scale / 2;
  cairo_surface_t *strip = NULL;
  guint32 *pixels = NULL;
  int stride = 0;

  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    {
      GArray *xs = batch->xs[k];
      cairo_surface_t *sprite;
      const guint32 *dots;
      int dot_stride;

      if (xs == NULL || xs->len == 0)
        continue;
      if (strip == NULL)
        {
          strip = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, size);
          cairo_surface_flush (strip);
          pixels = (guint32 *) (gpointer) cairo_image_surface_get_data (strip);
          stride = cairo_image_surface_get_stride (strip) / 4;
        }
      if (ctx->sprites[k] == NULL)
        ctx->sprites[k] = mark_sprite (ctx, k, size);
      sprite = ctx->sprites[k];
      dots = (const guint32 *) (gpointer) cairo_image_surface_get_data (sprite);
      dot_stride = cairo_image_surface_get_stride (sprite) / 4;

      /* The strip starts half a mark left of the plot, so a mark's
       * sprite lands at the column of its time. */
      for (guint i = 0; i < xs->len; i++)
        {
          int x0 = (int) round ((g_array_index (xs, double, i) - left) * scale);

          for (int row = 0; row < size; row++)
            for (int col = 0; col < size; col++)
              {
                int x = x0 + col;
                guint32 dot = dots[row * dot_stride + col];

                if (dot != 0 && x >= 0 && x < width)
                  pixels[row * stride + x] = blend_over (dot, pixels[row * stride + x]);
              }
        }
    }

  if (strip != NULL)
    {
      cairo_pattern_t *pattern;
      cairo_matrix_t matrix;

      cairo_surface_mark_dirty (strip);
      pattern = cairo_pattern_create_for_surface (strip);
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
      cairo_matrix_init (&matrix, scale, 0, 0, scale, -left * scale + size / 2, -strip_top * scale);
      cairo_pattern_set_matrix (pattern, &matrix);
      cairo_set_source (ctx->cr, pattern);
      cairo_rectangle (ctx->cr, left - size / scale / 2, strip_top, width / scale, size / scale);
      cairo_fill (ctx->cr);
      cairo_pattern_destroy (pattern);
      cairo_surface_destroy (strip);
    }
}

static void
draw_mark_row (WeftChartCtx  *ctx,
               WeftMarkBatch *batch,
               double         y)
{
  if (ctx->options->snap)
    draw_marks_as_strip (ctx, batch, y);
  else
    draw_marks_as_paths (ctx, batch, y);
}

/* Marks of different kinds that would cover each other: the heavier
 * kind keeps the row, the lighter one moves to a second row just below,
 * so both show (a read beside its write).  Returns whether any moved. */
static gboolean
split_crowded (WeftChartCtx  *ctx,
               WeftMarkBatch *batch,
               WeftMarkBatch *below)
{
  double left = ctx->layout.plot_x - ctx->mark_size;
  guint width = (guint) ceil (ctx->layout.plot_width + 2 * ctx->mark_size) + 1;
  g_autofree guint8 *taken = NULL;
  gboolean moved = FALSE;
  guint n_kinds = 0;

  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    n_kinds += batch->xs[k] != NULL && batch->xs[k]->len > 0;
  if (n_kinds < 2)
    return FALSE;

  taken = g_new0 (guint8, width);
  for (guint weight = 5 + 1; weight-- > 0;)
    for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
      {
        GArray *xs = batch->xs[k];
        guint kept = 0;

        if (xs == NULL || xs->len == 0 || weft_instant_weight (k) != weight)
          continue;
        for (guint i = 0; i < xs->len; i++)
          {
            double x = g_array_index (xs, double, i);
            guint from = (guint) CLAMP (x - left - ctx->mark_size / 2, 0, width - 1);
            guint to = (guint) CLAMP (x - left + ctx->mark_size / 2, 0, width - 1);
            gboolean free = TRUE;

            for (guint c = from; c <= to && free; c++)
              free = taken[c] == 0 || taken[c] == k + 1;
            if (free)
              {
                for (guint c = from; c <= to; c++)
                  taken[c] = k + 1;
                g_array_index (xs, double, kept++) = x;
              }
            else
              {
                if (below->xs[k] == NULL)
                  below->xs[k] = g_array_new (FALSE, FALSE, sizeof (double));
                g_array_append_val (below->xs[k], x);
                moved = TRUE;
              }
          }
        g_array_set_size (xs, kept);
      }
  return moved;
}

void
weft_chart_draw_marks (WeftChartCtx  *ctx,
                       WeftMarkBatch *batch,
                       double         y)
{
  WeftMarkBatch below = { ctx };

  if (split_crowded (ctx, batch, &below))
    draw_mark_row (ctx, &below, y + ctx->mark_size + 1);
  draw_mark_row (ctx, batch, y);
  /* Marks from the line picked in the code pane: ringed in the accent
   * colour, as its spans are outlined. */
  if (batch->from_line != NULL && batch->from_line->len > 0)
    {
      cairo_save (ctx->cr);
      for (guint i = 0; i < batch->from_line->len; i++)
        {
          double x = g_array_index (batch->from_line, double, i);

          cairo_new_sub_path (ctx->cr);
          cairo_arc (ctx->cr, x, y, ctx->mark_size * 0.9, 0, 2 * G_PI);
        }
      weft_chart_set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_ACCENT]);
      cairo_set_line_width (ctx->cr, 2.0);
      cairo_stroke (ctx->cr);
      cairo_restore (ctx->cr);
      g_array_set_size (batch->from_line, 0);
    }
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    {
      if (batch->xs[k] != NULL)
        g_array_set_size (batch->xs[k], 0);
      g_clear_pointer (&below.xs[k], g_array_unref);
    }
}
