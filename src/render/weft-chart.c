/* weft-chart.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
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

#include "weft-chart.h"
#include "weft-chart-arrows.h"

#include "weft-ticks.h"

#define LABEL_WIDTH 150.0
#define PAD_RIGHT 14.0
#define RULER_HEIGHT 26.0
#define LANE_HEIGHT 28.0
#define LANE_HEIGHT_MAX 60.0
#define COUNTER_HEIGHT 56.0
#define SECTION_GAP 10.0
#define LEGEND_HEIGHT 30.0
#define HEADER_MARGIN 16.0
#define TITLE_SIZE 17.0
#define TEXT_SIZE 11.0
#define SMALL_SIZE 9.5
#define LINE_GAP 6.0
#define MARK_SIZE 8.0
#define MIN_TICK_SPACING 90.0
#define DEFAULT_FONT "Cantarell, DejaVu Sans, Sans"

typedef struct
{
  cairo_t *cr;
  WeftTimeline *timeline;
  const WeftChartOptions *options;
  const WeftPalette *palette;
  WeftChartLayout layout;
  gint64 ns_per_pixel;
  PangoFontDescription *font;
  PangoLayout *text_layout;     /* one per draw: making layouts is costly */
  double scale;                 /* device pixels per unit, for raster strips */
  double units_per_ns;          /* the time axis, as a product: the hot loops divide nothing */
  cairo_t *outer_cr;            /* while drawing into a lane's group */
  cairo_surface_t *sprites[WEFT_INSTANT_MAX];
} Ctx;

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
    case WEFT_N_STATES:
    default: return "";
    }
}

/* The words the chart shows for an instant, as its pattern declares. */
static const char *
instant_label (Ctx   *ctx,
               guint  code)
{
  const WeftInstantInfo *info = weft_pattern_get_instant_info (weft_timeline_get_pattern (ctx->timeline), code);

  return info != NULL ? _(info->label) : "";
}

/* The marks the chart draws for a run: those its pattern (or variant)
 * declares that have a shape (a thread's start and end show as its
 * lane's life instead). */
static gboolean
draws_mark (WeftTimeline *timeline,
            guint         code)
{
  const WeftInstantInfo *info = weft_pattern_get_instant_info (weft_timeline_get_pattern (timeline), code);

  return info != NULL && info->shape != WEFT_MARK_NONE &&
         (weft_params_get_marks (weft_timeline_get_params (timeline)) & WEFT_INSTANT_BIT (code)) != 0;
}

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

static gboolean
has_counter_lane (const WeftPattern    *pattern,
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
      /* Translators: a duration in seconds, e.g. "1.5 s" */
      return g_strdup_printf (_("%g s"), value);
    case WEFT_PARAM_BOOLEAN:
      return g_strdup (value != 0 ? _("yes") : _("no"));
    case WEFT_PARAM_CHOICE:
    case WEFT_PARAM_NUMBER:
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

void
weft_chart_layout (WeftTimeline           *timeline,
                   const WeftChartOptions *options,
                   WeftChartLayout        *layout)
{
  memset (layout, 0, sizeof *layout);

  if (options->with_header)
    layout->header_height = HEADER_MARGIN + TITLE_SIZE + LINE_GAP * 2
                            + header_lines (options) * (TEXT_SIZE + LINE_GAP) + HEADER_MARGIN / 2;
  layout->ruler_y = layout->header_height;
  layout->lanes_y = layout->ruler_y + RULER_HEIGHT;
  layout->lanes_bottom = options->height - (options->with_legend ? LEGEND_HEIGHT : 0);
  layout->plot_x = LABEL_WIDTH;
  layout->plot_width = MAX (1.0, options->width - LABEL_WIDTH - PAD_RIGHT);
  layout->n_lanes = weft_timeline_get_n_lanes (timeline);

  for (guint16 i = 0; i < weft_timeline_get_n_objects (timeline); i++)
    if (has_counter_lane (weft_timeline_get_pattern (timeline), weft_timeline_get_object (timeline, i)) &&
        layout->n_counters < G_N_ELEMENTS (layout->counters))
      layout->counters[layout->n_counters++] = i;

  /* On screen, a few lanes grow to use the room, up to a limit. */
  layout->lane_height = LANE_HEIGHT;
  if (options->fill_height && layout->n_lanes > 0)
    {
      double room = layout->lanes_bottom - layout->lanes_y - SECTION_GAP
                    - (layout->n_counters > 0 ? SECTION_GAP + layout->n_counters * COUNTER_HEIGHT : 0);
      layout->lane_height = CLAMP (floor (room / layout->n_lanes), LANE_HEIGHT, LANE_HEIGHT_MAX);
    }
  layout->content_height = layout->n_lanes * layout->lane_height;
  if (layout->n_counters > 0)
    layout->content_height += SECTION_GAP + layout->n_counters * COUNTER_HEIGHT;
}

/* The height that shows every lane with nothing scrolled: for exports. */
double
weft_chart_natural_height (WeftTimeline           *timeline,
                           const WeftChartOptions *options)
{
  WeftChartLayout layout;

  weft_chart_layout (timeline, options, &layout);
  return layout.lanes_y + layout.content_height + SECTION_GAP / 2
         + (options->with_legend ? LEGEND_HEIGHT : 0);
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

static double
lane_top (const Ctx *ctx,
          guint      lane)
{
  return ctx->layout.lanes_y - ctx->options->scroll_y + lane * ctx->layout.lane_height;
}

static double
counter_top (const Ctx *ctx,
             guint      index)
{
  return ctx->layout.lanes_y - ctx->options->scroll_y + ctx->layout.n_lanes * ctx->layout.lane_height
         + SECTION_GAP + index * COUNTER_HEIGHT;
}

static void
set_color (cairo_t         *cr,
           const WeftColor *color)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha);
}

static void
draw_text (Ctx             *ctx,
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
  int pango_baseline;

  if (ctx->options->text_func != NULL)
    {
      ctx->options->text_func (x, baseline, text, size, bold, color, align, ctx->options->text_data);
      return;
    }

  if (ctx->text_layout == NULL)
    {
      ctx->text_layout = pango_cairo_create_layout (ctx->cr);
      /* Numbers and names stay left-to-right in a right-to-left interface. */
      pango_layout_set_auto_dir (ctx->text_layout, FALSE);
    }
  layout = ctx->text_layout;
  pango_font_description_set_absolute_size (ctx->font, size * PANGO_SCALE);
  pango_font_description_set_weight (ctx->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, ctx->font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  pango_baseline = pango_layout_get_baseline (layout) / PANGO_SCALE;

  set_color (ctx->cr, color);
  cairo_move_to (ctx->cr, align == WEFT_TEXT_END ? x - logical.width : x, baseline - pango_baseline);
  pango_cairo_show_layout (ctx->cr, layout);
}

static void
fill_background (Ctx *ctx)
{
  set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
  cairo_paint (ctx->cr);
}

static void
draw_header (Ctx *ctx)
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

  draw_text (ctx, x, y, title, TITLE_SIZE, TRUE, fg, WEFT_TEXT_START);
  y += LINE_GAP * 2 + TEXT_SIZE;
  draw_text (ctx, x, y, params, TEXT_SIZE, FALSE, fg, WEFT_TEXT_START);
  y += LINE_GAP + TEXT_SIZE;
  draw_text (ctx, x, y, recorded, TEXT_SIZE, FALSE, dim, WEFT_TEXT_START);

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
      draw_text (ctx, x, y, line, TEXT_SIZE, TRUE, color, WEFT_TEXT_START);
    }
}

static void
draw_ruler (Ctx *ctx)
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
  set_color (cr, &ctx->palette->roles[WEFT_COLOR_GRID]);
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
        draw_text (ctx, x + 4, top + RULER_HEIGHT - 9, label, SMALL_SIZE, FALSE,
                   &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_START);
    }
}

/* Rectangles gathered per state, merged where they touch within a pixel. */
typedef struct
{
  Ctx *ctx;
  double top;
  double height;
  GArray *rects[WEFT_N_STATES];   /* pairs of doubles: x0, x1 */
  GArray *steps;                  /* StepLabel: named steps wide enough to label */
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
  Ctx *ctx = batch->ctx;
  double left = ctx->layout.plot_x;
  double right = left + ctx->layout.plot_width;
  gint64 t0 = ctx->options->t0;
  double x0 = floor (CLAMP (left + (span->start_ns - t0) * ctx->units_per_ns, left, right));
  double x1 = ceil (CLAMP (left + (span->end_ns - t0) * ctx->units_per_ns, left, right));

  if (span->state >= WEFT_N_STATES)
    return;
  /* However short, a span stays visible: a column at least. */
  x1 = MAX (x1, x0 + 1.0);

  /* A pattern's named steps (the rendezvous's a1, b2) are written on
   * the span when there is room, since their order is the lesson. */
  if (span->arg > 0 && !(span->flags & WEFT_SPAN_MERGED) && x1 - x0 >= STEP_LABEL_MIN_WIDTH)
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
static void
hatch_rect (cairo_t         *cr,
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

      hatch_rect (batch->ctx->cr, x0, batch->top, x1 - x0, batch->height,
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
      set_color (cr, &batch->ctx->palette->states[s]);
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
  Ctx *ctx = batch->ctx;
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

/* Marks are drawn at most one per few pixels per lane. */
typedef struct
{
  Ctx *ctx;
  GArray *xs[WEFT_INSTANT_MAX];     /* NULL for kinds the pattern does not draw */
} MarkBatch;

static void
collect_instant (const WeftInstantRecord *instant,
                 gpointer                 user_data)
{
  MarkBatch *batch = user_data;
  double x = weft_chart_time_to_x (batch->ctx->options, &batch->ctx->layout, instant->time_ns);

  if (instant->instant < WEFT_INSTANT_MAX && batch->xs[instant->instant] != NULL &&
      x >= batch->ctx->layout.plot_x && x <= batch->ctx->layout.plot_x + batch->ctx->layout.plot_width)
    g_array_append_val (batch->xs[instant->instant], x);
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
           double         y)
{
  double r = MARK_SIZE / 2;
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

static void
mark_path_for (Ctx    *ctx,
               guint   code,
               double  x,
               double  y)
{
  const WeftInstantInfo *info = weft_pattern_get_instant_info (weft_timeline_get_pattern (ctx->timeline), code);

  if (info != NULL)
    mark_path (ctx->cr, info->shape, x, y);
}

static void
fill_marks (Ctx   *ctx,
            guint  code)
{
  const WeftInstantInfo *info = weft_pattern_get_instant_info (weft_timeline_get_pattern (ctx->timeline), code);

  /* Even-odd turns each pair of nested outlines into a ring. */
  cairo_set_fill_rule (ctx->cr, CAIRO_FILL_RULE_EVEN_ODD);
  set_color (ctx->cr, &ctx->palette->marks[info != NULL ? info->color : WEFT_MARK_COLOR_LIFECYCLE]);
  cairo_fill (ctx->cr);
  cairo_set_fill_rule (ctx->cr, CAIRO_FILL_RULE_WINDING);
}

/* Vector targets: one path per kind, filled once. */
static void
draw_marks_as_paths (Ctx       *ctx,
                     MarkBatch *batch,
                     double     y)
{
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    {
      GArray *xs = batch->xs[k];

      if (xs == NULL || xs->len == 0)
        continue;
      for (guint i = 0; i < xs->len; i++)
        mark_path_for (ctx, k, g_array_index (xs, double, i), y);
      fill_marks (ctx, k);
    }
}

/* One mark drawn once, at the device's scale, to be stamped. */
static cairo_surface_t *
mark_sprite (Ctx   *ctx,
             guint  kind,
             int    size)
{
  cairo_surface_t *sprite = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *cr = cairo_create (sprite);
  Ctx sprite_ctx = *ctx;
  double scale = ctx->scale;

  sprite_ctx.cr = cr;
  cairo_scale (cr, scale, scale);
  mark_path_for (&sprite_ctx, kind, size / scale / 2, size / scale / 2);
  fill_marks (&sprite_ctx, kind);
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
draw_marks_as_strip (Ctx       *ctx,
                     MarkBatch *batch,
                     double     y)
{
  double scale = ctx->scale;
  int size = (int) ceil ((MARK_SIZE + 2) * scale);
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
draw_marks (Ctx       *ctx,
            MarkBatch *batch,
            double     y)
{
  if (ctx->options->snap)
    draw_marks_as_strip (ctx, batch, y);
  else
    draw_marks_as_paths (ctx, batch, y);
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    if (batch->xs[k] != NULL)
      g_array_set_size (batch->xs[k], 0);
}

static void
draw_lane_label (Ctx        *ctx,
                 double      top,
                 double      height,
                 const char *name,
                 const char *detail)
{
  double middle = top + height / 2;

  draw_text (ctx, LABEL_WIDTH - 10, middle - 1, name, TEXT_SIZE, TRUE,
             &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_END);
  if (detail != NULL)
    draw_text (ctx, LABEL_WIDTH - 10, middle + SMALL_SIZE + 1, detail, SMALL_SIZE, FALSE,
               &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_END);
}

/* A lane drawn where the caller wants it (an SVG exporter makes each
 * lane a group of its own), then the drawing carries on in place. */
static void
begin_group (Ctx        *ctx,
             const char *name)
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

static void
end_group (Ctx *ctx)
{
  if (ctx->outer_cr == NULL)
    return;
  ctx->options->group_end (ctx->cr, ctx->options->text_data);
  ctx->cr = ctx->outer_cr;
  ctx->outer_cr = NULL;
}

static void
draw_step_labels (Ctx       *ctx,
                  SpanBatch *batch)
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
      set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
      cairo_rectangle (ctx->cr, label->x0, batch->top, 1, batch->height);
      cairo_fill (ctx->cr);
      draw_text (ctx, label->x0 + 4, baseline, steps[label->step - 1], SMALL_SIZE, TRUE,
                 &ctx->palette->roles[WEFT_COLOR_STEP_TEXT], WEFT_TEXT_START);
    }
  g_array_set_size (batch->steps, 0);
}

/* A thin line through the lane for as long as its thread lived, with a
 * tick where it ended: a thread started mid-run, or cut off, shows as
 * such even where it drew no span. */
static void
draw_lifeline (Ctx    *ctx,
               guint   lane,
               double  middle)
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
  set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_DIM]);
  cairo_rectangle (ctx->cr, x0, middle - 0.5, MAX (x1 - x0, 1), 1);
  if (ended && end <= ctx->options->t1)
    cairo_rectangle (ctx->cr, x1 - 1, middle - 4, 1.5, 8);
  cairo_fill (ctx->cr);
}

static void
draw_lanes (Ctx *ctx)
{
  SpanBatch spans = { ctx };
  MarkBatch marks = { ctx };
  const WeftChartOptions *options = ctx->options;

  for (guint s = 0; s < WEFT_N_STATES; s++)
    spans.rects[s] = g_array_new (FALSE, FALSE, sizeof (double));
  spans.steps = g_array_new (FALSE, FALSE, sizeof (StepLabel));
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    if (draws_mark (ctx->timeline, k))
      marks.xs[k] = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint lane = 0; lane < ctx->layout.n_lanes; lane++)
    {
      double top = lane_top (ctx, lane);
      guint depths = weft_timeline_get_lane_depth (ctx->timeline, lane);
      g_autofree char *tid = NULL;

      double height = ctx->layout.lane_height;

      if (top + height < ctx->layout.lanes_y || top > ctx->layout.lanes_bottom)
        continue;

      begin_group (ctx, weft_timeline_get_lane_name (ctx->timeline, lane));
      if (lane % 2 == 1 || (gint) lane == options->hover_lane)
        {
          set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_LANE_ALT]);
          cairo_rectangle (ctx->cr, 0, top, options->width, height);
          cairo_fill (ctx->cr);
          if ((gint) lane == options->hover_lane)
            {
              cairo_rectangle (ctx->cr, 0, top, options->width, height);
              cairo_fill (ctx->cr);
            }
        }

      tid = g_strdup_printf (_("TID %d"), weft_timeline_get_lane_tid (ctx->timeline, lane));
      draw_lane_label (ctx, top, height, weft_timeline_get_lane_name (ctx->timeline, lane), tid);

      draw_lifeline (ctx, lane, top + height / 2);

      /* Nested spans sit inside their parents, a little inset. */
      for (guint depth = 0; depth < depths; depth++)
        {
          double inset = 5.0 + depth * 4.0;

          spans.top = top + inset;
          spans.height = MAX (2.0, height - 2 * inset);
          weft_timeline_query_spans (ctx->timeline, lane, depth, options->t0, options->t1,
                                     ctx->ns_per_pixel, collect_span, &spans);
          fill_batch (&spans);
          draw_step_labels (ctx, &spans);
        }

      /* No closer than a mark's width, so marks never pile up. */
      weft_timeline_query_instants (ctx->timeline, lane, options->t0, options->t1,
                                    (gint64) (ctx->ns_per_pixel * (MARK_SIZE + 2)),
                                    collect_instant, &marks);
      draw_marks (ctx, &marks, top + 5.0);
      end_group (ctx);
    }

  for (guint s = 0; s < WEFT_N_STATES; s++)
    g_array_unref (spans.rects[s]);
  g_array_unref (spans.steps);
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    g_clear_pointer (&marks.xs[k], g_array_unref);
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
  Ctx *ctx;
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
  Ctx *ctx = line->ctx;
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

static void
draw_counter (Ctx     *ctx,
              guint    index,
              guint16  object)
{
  cairo_t *cr = ctx->cr;
  const WeftObjectInfo *info = weft_timeline_get_object (ctx->timeline, object);
  const WeftColor *color = &ctx->palette->roles[WEFT_COLOR_COUNTER];
  double top = counter_top (ctx, index);
  CounterLine line = { ctx, top + 8, top + COUNTER_HEIGHT - 6, 0, 1 };
  gint64 lowest, highest;

  if (top + COUNTER_HEIGHT < ctx->layout.lanes_y || top > ctx->layout.lanes_bottom)
    return;

  begin_group (ctx, info->name);
  set_color (cr, &ctx->palette->roles[WEFT_COLOR_LANE_ALT]);
  cairo_rectangle (cr, 0, top, ctx->options->width, COUNTER_HEIGHT);
  cairo_fill (cr);
  draw_lane_label (ctx, top, COUNTER_HEIGHT, info->name,
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
      set_color (cr, &ctx->palette->roles[WEFT_COLOR_LIMIT]);
      cairo_move_to (cr, ctx->layout.plot_x, y);
      cairo_line_to (cr, ctx->layout.plot_x + ctx->layout.plot_width, y);
      cairo_stroke (cr);
      cairo_restore (cr);
      draw_text (ctx, ctx->layout.plot_x + ctx->layout.plot_width - 2, y - 3, label, SMALL_SIZE, FALSE,
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
      set_color (cr, color);
      cairo_fill (cr);
    }
  g_array_unref (line.runs);
  end_group (ctx);
}

/* Where a lane lost events, nothing is known: a hatched block in the
 * failure colour, at least a few units wide so a short gap is seen. */
static void
draw_gaps (Ctx *ctx)
{
  guint n_gaps;
  const WeftGap *gaps = weft_timeline_get_gaps (ctx->timeline, &n_gaps);
  const WeftColor *fail = &ctx->palette->roles[WEFT_COLOR_FAIL];

  for (guint i = 0; i < n_gaps; i++)
    {
      double x0, x1, top;

      if (gaps[i].to_ns < ctx->options->t0 || gaps[i].from_ns > ctx->options->t1 ||
          gaps[i].lane >= ctx->layout.n_lanes)
        continue;
      x0 = weft_chart_time_to_x (ctx->options, &ctx->layout, gaps[i].from_ns);
      x1 = MAX (weft_chart_time_to_x (ctx->options, &ctx->layout, gaps[i].to_ns), x0 + 3);
      x0 = MAX (x0, ctx->layout.plot_x);
      x1 = MIN (x1, ctx->layout.plot_x + ctx->layout.plot_width);
      top = lane_top (ctx, gaps[i].lane);
      set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
      cairo_rectangle (ctx->cr, x0, top + 2, x1 - x0, ctx->layout.lane_height - 4);
      cairo_fill (ctx->cr);
      hatch_rect (ctx->cr, x0, top + 2, x1 - x0, ctx->layout.lane_height - 4, fail, 0.9);
    }
}

/* Paused time is one band across every lane: the threads were held,
 * so nothing under it is drawn as activity. */
static void
draw_pauses (Ctx *ctx)
{
  g_autoptr(GArray) copy = weft_timeline_dup_pauses (ctx->timeline);
  const WeftPause *pauses = (const WeftPause *) (gpointer) copy->data;
  guint n_pauses = copy->len;
  double top = ctx->layout.lanes_y;
  double height = ctx->layout.lanes_bottom - ctx->layout.lanes_y;
  const WeftColor *bg = &ctx->palette->roles[WEFT_COLOR_BACKGROUND];

  for (guint i = 0; i < n_pauses; i++)
    {
      gint64 to = pauses[i].to_ns != 0 ? pauses[i].to_ns : weft_timeline_get_end (ctx->timeline);
      double x0, x1;

      if (to < ctx->options->t0 || pauses[i].from_ns > ctx->options->t1)
        continue;
      x0 = MAX (weft_chart_time_to_x (ctx->options, &ctx->layout, pauses[i].from_ns), ctx->layout.plot_x);
      x1 = MIN (weft_chart_time_to_x (ctx->options, &ctx->layout, to), ctx->layout.plot_x + ctx->layout.plot_width);
      if (x1 - x0 < 1)
        x1 = x0 + 1;
      cairo_set_source_rgba (ctx->cr, bg->red, bg->green, bg->blue, 1.0);
      cairo_rectangle (ctx->cr, x0, top, x1 - x0, height);
      cairo_fill (ctx->cr);
      hatch_rect (ctx->cr, x0, top, x1 - x0, height, &ctx->palette->roles[WEFT_COLOR_DIM], 0.35);
      if (x1 - x0 > 60)
        draw_text (ctx, x0 + 6, top + TEXT_SIZE + 4, _("paused"), TEXT_SIZE, TRUE,
                   &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_START);
    }
}

/* Before the timeline's detail_from, only the summary was kept (the run
 * outgrew its memory budget), so that time is drawn as if zoomed out,
 * however close the zoom: a faint tint over it says so, and a dashed
 * line, labelled, marks where every event is there again. */
static void
draw_detail_boundary (Ctx *ctx)
{
  static const double dash[] = { 5.0, 3.0 };
  gint64 from = weft_timeline_get_detail_from (ctx->timeline);
  const WeftColor *dim = &ctx->palette->roles[WEFT_COLOR_DIM];
  double left = ctx->layout.plot_x;
  double right = left + ctx->layout.plot_width;
  double top = ctx->layout.lanes_y;
  double bottom = ctx->layout.lanes_bottom;
  double baseline = top + TEXT_SIZE + 4;
  double x;

  if (from <= weft_timeline_get_origin (ctx->timeline) || from <= ctx->options->t0)
    return;

  x = MIN (weft_chart_time_to_x (ctx->options, &ctx->layout, from), right);
  cairo_set_source_rgba (ctx->cr, dim->red, dim->green, dim->blue, 0.12);
  cairo_rectangle (ctx->cr, left, top, x - left, bottom - top);
  cairo_fill (ctx->cr);

  if (from >= ctx->options->t1)
    {
      /* TRANSLATORS: over a stretch of the chart where only the zoomed-out
       * summary of the run was kept, to stay within its memory budget */
      draw_text (ctx, left + 6, baseline, _("summary only"), SMALL_SIZE, TRUE, dim, WEFT_TEXT_START);
      return;
    }

  x = round (x) + 0.5;
  cairo_save (ctx->cr);
  cairo_set_dash (ctx->cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (ctx->cr, 1.0);
  set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_FOREGROUND]);
  cairo_move_to (ctx->cr, x, top);
  cairo_line_to (ctx->cr, x, bottom);
  cairo_stroke (ctx->cr);
  cairo_restore (ctx->cr);
  /* Right of the line, where the detail is, unless that is off the plot. */
  if (x + 140 < right)
    /* TRANSLATORS: beside a line on the chart; to its left only a
     * summary of the run was kept, to stay within its memory budget */
    draw_text (ctx, x + 4, baseline, _("full detail from here"), SMALL_SIZE, TRUE,
               &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_START);
  else
    draw_text (ctx, x - 4, baseline, _("full detail from here"), SMALL_SIZE, TRUE,
               &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_END);
}

static void
draw_legend_swatch (Ctx             *ctx,
                    double          *x,
                    double           middle,
                    const WeftColor *fill,
                    const WeftColor *hatch,
                    const char      *label)
{
  set_color (ctx->cr, fill);
  cairo_rectangle (ctx->cr, *x, middle - 6, 18, 12);
  cairo_fill (ctx->cr);
  if (hatch != NULL)
    hatch_rect (ctx->cr, *x, middle - 6, 18, 12, hatch, 0.7);
  draw_text (ctx, *x + 23, middle + 4, label, SMALL_SIZE, FALSE,
             &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_START);
  *x += 96;
}

static void
draw_legend (Ctx *ctx)
{
  const WeftColor *fg = &ctx->palette->roles[WEFT_COLOR_FOREGROUND];
  const WeftPattern *pattern = weft_timeline_get_pattern (ctx->timeline);
  double y = ctx->layout.lanes_bottom;
  double middle = y + LEGEND_HEIGHT / 2;
  double x = ctx->layout.plot_x;
  guint n_marks;

  set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_BACKGROUND]);
  cairo_rectangle (ctx->cr, 0, y, ctx->options->width, LEGEND_HEIGHT);
  cairo_fill (ctx->cr);
  set_color (ctx->cr, &ctx->palette->roles[WEFT_COLOR_GRID]);
  cairo_rectangle (ctx->cr, 0, y, ctx->options->width, 1);
  cairo_fill (ctx->cr);

  draw_text (ctx, LABEL_WIDTH - 10, middle + 4, _("Legend"), SMALL_SIZE, TRUE,
             &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_END);

  /* Exactly what the pattern draws, as it declares. */
  for (guint s = 0; s < WEFT_STATE_RECORDER; s++)
    if (pattern->states & (1u << s))
      draw_legend_swatch (ctx, &x, middle, &ctx->palette->states[s], NULL, weft_chart_state_label (s));
  /* What Weft itself did is named only where it happened. */
  if (weft_timeline_get_stall_ns (ctx->timeline) > 0)
    draw_legend_swatch (ctx, &x, middle, &ctx->palette->states[WEFT_STATE_RECORDER],
                        &ctx->palette->roles[WEFT_COLOR_FOREGROUND], weft_chart_state_label (WEFT_STATE_RECORDER));
  if (weft_timeline_get_paused_ns (ctx->timeline, G_MAXINT64) > 0)
    draw_legend_swatch (ctx, &x, middle, &ctx->palette->roles[WEFT_COLOR_BACKGROUND],
                        &ctx->palette->roles[WEFT_COLOR_DIM], _("paused"));
  weft_timeline_get_gaps (ctx->timeline, &n_marks);
  if (n_marks > 0)
    draw_legend_swatch (ctx, &x, middle, &ctx->palette->roles[WEFT_COLOR_BACKGROUND],
                        &ctx->palette->roles[WEFT_COLOR_FAIL], _("events lost"));
  /* Only when the arrows are drawn, at this zoom. */
  if (weft_chart_arrows_shown (ctx->timeline, ctx->options, &ctx->layout) && x + 80 <= ctx->options->width)
    {
      const WeftColor *color = &ctx->palette->marks[WEFT_MARK_COLOR_SIGNAL];

      set_color (ctx->cr, color);
      cairo_set_line_width (ctx->cr, 1.0);
      weft_chart_arrow_path (ctx->cr, x, middle, x + 16, middle);
      draw_text (ctx, x + 21, middle + 4, _("hand-off"), SMALL_SIZE, FALSE, fg, WEFT_TEXT_START);
      x += 82;
    }
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    {
      if (!draws_mark (ctx->timeline, k))
        continue;
      if (x + 80 > ctx->options->width)
        break;
      mark_path_for (ctx, k, x + 5, middle);
      fill_marks (ctx, k);
      draw_text (ctx, x + 14, middle + 4, instant_label (ctx, k), SMALL_SIZE, FALSE, fg, WEFT_TEXT_START);
      x += 82;
    }
}

/**
 * weft_chart_draw:
 *
 * Draws the chart for @options into @cr, filling (0, 0) to
 * (width, height): ruler, one lane per thread, the counter lanes, and as
 * asked the header and the legend.
 */
void
weft_chart_draw (cairo_t                *cr,
                 WeftTimeline           *timeline,
                 const WeftChartOptions *options)
{
  Ctx ctx = { cr, timeline, options, weft_palette_get (options->dark) };

  weft_chart_layout (timeline, options, &ctx.layout);
  ctx.ns_per_pixel = MAX (1, (gint64) ((options->t1 - options->t0) / ctx.layout.plot_width));
  ctx.font = pango_font_description_from_string (options->font_family ? options->font_family : DEFAULT_FONT);
  ctx.scale = options->scale > 0 ? options->scale : 1.0;
  ctx.units_per_ns = ctx.layout.plot_width / MAX (1, options->t1 - options->t0);

  cairo_save (cr);
  fill_background (&ctx);
  if (options->with_header)
    draw_header (&ctx);

  /* Lanes scroll under the ruler and above the legend. */
  cairo_save (cr);
  cairo_rectangle (cr, 0, ctx.layout.ruler_y, options->width, ctx.layout.lanes_bottom - ctx.layout.ruler_y);
  cairo_clip (cr);
  draw_ruler (&ctx);
  cairo_rectangle (cr, 0, ctx.layout.lanes_y, options->width, ctx.layout.lanes_bottom - ctx.layout.lanes_y);
  cairo_clip (cr);
  draw_lanes (&ctx);
  /* Over the spans they join, under what Weft itself marks. */
  weft_chart_draw_arrows (cr, timeline, options, &ctx.layout, ctx.palette);
  draw_gaps (&ctx);
  for (guint i = 0; i < ctx.layout.n_counters; i++)
    draw_counter (&ctx, i, ctx.layout.counters[i]);
  draw_pauses (&ctx);
  draw_detail_boundary (&ctx);
  cairo_restore (cr);

  if (options->with_legend)
    draw_legend (&ctx);
  cairo_restore (cr);

  pango_font_description_free (ctx.font);
  g_clear_object (&ctx.text_layout);
  for (guint k = 0; k < WEFT_INSTANT_MAX; k++)
    g_clear_pointer (&ctx.sprites[k], cairo_surface_destroy);
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

  offset = y - layout.lanes_y + options->scroll_y;
  if (offset < layout.n_lanes * layout.lane_height)
    {
      hit->kind = WEFT_CHART_HIT_LANE;
      hit->index = (guint) (offset / layout.lane_height);
      return TRUE;
    }
  offset -= layout.n_lanes * layout.lane_height + SECTION_GAP;
  if (offset >= 0 && offset < layout.n_counters * COUNTER_HEIGHT)
    {
      hit->kind = WEFT_CHART_HIT_COUNTER;
      hit->index = layout.counters[(guint) (offset / COUNTER_HEIGHT)];
      return TRUE;
    }
  return FALSE;
}
