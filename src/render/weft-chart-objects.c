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
#include "weft-queue-rows.h"

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
    case WEFT_OBJECT_SEMAPHORE: return object->limit > 0 ? _("permits in use") : _("signals posted, not yet taken");
    case WEFT_OBJECT_MUTEX: return _("fill");
    case WEFT_OBJECT_BARRIER: return _("arrived at the barrier");
    case WEFT_OBJECT_COUNTER: return _("value");
    case WEFT_OBJECT_CONDITION:
    default: return "";
    }
}

/* The caption under an object lane's name: what its counter means, and
 * of how many where it has a bound ("permits in use, of 3"). */
char *
weft_chart_dup_counter_caption (const WeftPattern    *pattern,
                                const WeftObjectInfo *object)
{
  const char *meaning = weft_chart_counter_meaning (pattern, object);
  g_autofree char *n = NULL;

  if (object->limit <= 0 || object->kind == WEFT_OBJECT_COUNTER || meaning[0] == '\0')
    return g_strdup (meaning);
  n = weft_format_count (object->limit);
  /* Translators: an object lane's caption: "permits in use, of 3" */
  return g_strdup_printf (_("%s, of %s"), meaning, n);
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

/* The counter's scale: its lowest and highest value at the plot's left
 * edge, each with a tick, so the line reads as a number. */
static void
draw_scale (WeftChartCtx      *ctx,
            const CounterLine *line)
{
  const WeftColor *dim = &ctx->palette->roles[WEFT_COLOR_DIM];
  double x = ctx->layout.plot_x;
  gint64 values[2] = { line->low, line->high };

  weft_chart_set_color (ctx->cr, dim);
  cairo_rectangle (ctx->cr, x - 1, line->top, 1, line->bottom - line->top);
  for (guint i = 0; i < 2; i++)
    cairo_rectangle (ctx->cr, x - 4, round (counter_y (line, values[i])) - 0.5, 4, 1);
  cairo_fill (ctx->cr);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *text = weft_format_count (values[i]);
      double y = counter_y (line, values[i]);
      /* The top number hangs below its tick, the bottom one sits on it. */
      double baseline = i == 1 ? y + SCALE_SIZE - 1 : y;

      weft_chart_draw_text (ctx, x - 6, baseline, text, SCALE_SIZE, FALSE, dim, WEFT_TEXT_END);
    }
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

/* The counter's line between @top and @bottom: the whole of a counter's
 * lane, or the strip above an object's rows. */
static void
draw_counter (WeftChartCtx *ctx,
              guint16       object,
              double        top,
              double        bottom)
{
  cairo_t *cr = ctx->cr;
  const WeftObjectInfo *info = weft_timeline_get_object (ctx->timeline, object);
  const WeftColor *color = &ctx->palette->roles[WEFT_COLOR_COUNTER];
  CounterLine line = { ctx, top, bottom, 0, 1 };
  gint64 lowest, highest;

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

  draw_scale (ctx, &line);
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

      /* Its value now, written where the line ends: the number a
       * reader would otherwise have to take off the scale. */
      {
        g_autofree char *now = weft_format_count (line.last);
        double right = ctx->layout.plot_x + ctx->layout.plot_width;
        double baseline = CLAMP (counter_y (&line, line.last) + SCALE_SIZE / 2, line.top + SCALE_SIZE,
                                 line.bottom);
        gboolean room = end_x + 4 + weft_chart_text_width (ctx, now, SCALE_SIZE, TRUE) <= right;

        weft_chart_draw_text (ctx, room ? end_x + 4 : end_x - 4, baseline, now, SCALE_SIZE, TRUE,
                              &ctx->palette->roles[WEFT_COLOR_FOREGROUND], room ? WEFT_TEXT_START : WEFT_TEXT_END);
      }
    }
  g_array_unref (line.runs);
}


/* An object lane: its counter's strip (if it has a counter), then its
 * rows in groups, top to bottom.  A group taller than MAX_ROWS_SHOWN
 * rows thins its rows to fit rather than leave any out. */
typedef struct
{
  WeftObjectRowKind kind;
  guint n_rows;
  double top;              /* from the lane's top */
  double row_height;
} RowGroup;

typedef struct
{
  double strip;            /* the counter's height, 0 for none */
  RowGroup groups[WEFT_N_OBJECT_ROWS];
  guint n_groups;
  double height;
} ObjectLayout;

static void
add_group (ObjectLayout      *layout,
           WeftObjectRowKind  kind,
           guint              n_rows,
           double             row_height,
           guint              most_shown)
{
  RowGroup *group = &layout->groups[layout->n_groups++];
  double area = MIN (n_rows, most_shown) * row_height;

  if (layout->n_groups > 1)
    layout->height += ROW_GROUP_GAP;
  group->kind = kind;
  group->n_rows = n_rows;
  group->top = layout->height;
  group->row_height = area / n_rows;
  layout->height += area;
}

static void
object_layout (WeftTimeline *timeline,
               guint16       object,
               ObjectLayout *layout)
{
  const WeftObjectInfo *info = weft_timeline_get_object (timeline, object);
  WeftObjectTrack *track = weft_timeline_get_object_track (timeline, object);
  gboolean counter = weft_chart_has_counter_lane (weft_timeline_get_pattern (timeline), info);
  guint holders, slots, arrivals;

  memset (layout, 0, sizeof *layout);
  if (track == NULL)
    {
      layout->strip = COUNTER_HEIGHT - 14;
      layout->height = COUNTER_HEIGHT;
      return;
    }

  layout->strip = counter ? COUNTER_STRIP : 0;
  layout->height = OBJECT_PAD + layout->strip + (counter ? ROW_GROUP_GAP : 0);
  holders = weft_object_track_get_n_rows (track, WEFT_OBJECT_ROW_HOLDER);
  slots = weft_object_track_get_n_rows (track, WEFT_OBJECT_ROW_SLOT);
  arrivals = weft_object_track_get_n_rows (track, WEFT_OBJECT_ROW_ARRIVAL);
  /* A buffer's lock carries its capacity: a row per slot, used or not. */
  if (info->kind == WEFT_OBJECT_MUTEX && info->limit > 0 && slots > 0)
    slots = MAX (slots, (guint) MIN (info->limit, 1024));
  if (info->kind == WEFT_OBJECT_BARRIER)
    arrivals = MAX (arrivals, (guint) CLAMP (info->limit, 1, 1024));

  if (holders > 0)
    add_group (layout, WEFT_OBJECT_ROW_HOLDER, holders, HOLDER_ROW, MAX_ROWS_SHOWN);
  if (slots > 0)
    add_group (layout, WEFT_OBJECT_ROW_SLOT, slots, SLOT_ROW, MAX_ROWS_SHOWN);
  if (arrivals > 0)
    add_group (layout, WEFT_OBJECT_ROW_ARRIVAL, arrivals, SLOT_ROW, MAX_ROWS_SHOWN);
  if (info->kind != WEFT_OBJECT_BARRIER)
    add_group (layout, WEFT_OBJECT_ROW_QUEUE, MAX (1, weft_object_track_get_n_rows (track, WEFT_OBJECT_ROW_QUEUE)),
               QUEUE_ROW, MAX_QUEUE_ROWS_SHOWN);
  layout->height += OBJECT_PAD;
}

gboolean
weft_chart_has_object_lane (WeftTimeline *timeline,
                            guint16       object)
{
  return weft_timeline_get_object_track (timeline, object) != NULL ||
         weft_chart_has_counter_lane (weft_timeline_get_pattern (timeline), weft_timeline_get_object (timeline, object));
}

double
weft_chart_object_lane_height (WeftTimeline *timeline,
                               guint16       object)
{
  ObjectLayout layout;

  object_layout (timeline, object, &layout);
  return layout.height;
}

static const char *
group_caption (WeftObjectRowKind kind)
{
  switch (kind)
    {
    /* TRANSLATORS: the rows of an object lane that show who holds it */
    case WEFT_OBJECT_ROW_HOLDER: return _("held by");
    /* TRANSLATORS: the rows that show the threads waiting for it, first in line on top */
    case WEFT_OBJECT_ROW_QUEUE: return _("waiting");
    /* TRANSLATORS: a buffer's slots, each with the item in it */
    case WEFT_OBJECT_ROW_SLOT: return _("slots");
    /* TRANSLATORS: the rows of who has arrived at a barrier in this phase, in order */
    case WEFT_OBJECT_ROW_ARRIVAL: return _("this phase");
    case WEFT_N_OBJECT_ROWS:
    default: return "";
    }
}

/* A row's occupants, merged per pixel: a pixel that holds more than one
 * occupant is drawn as a summary, named by none. */
#define SUMMARY_COLOR WEFT_N_LANE_COLORS

typedef struct
{
  double x0;
  double x1;
  gint64 value;
  guint32 arg;
  gboolean merged;
  gboolean lost;
} OccupantRun;

/* What is drawn over the rows once they are filled. */
typedef struct
{
  OccupantRun run;
  double top;
  double height;
} RowMark;

typedef struct
{
  WeftChartCtx *ctx;
  WeftObjectRowKind kind;
  double top;
  double height;
  gboolean started;
  OccupantRun run;
  /* Raster targets: the row's runs painted straight into one line of
   * pixels, a pixel per unit across the plot (see paint_group). */
  guint32 *line;
  int line_width;
  guint32 pixels[WEFT_N_LANE_COLORS + 1];
  /* Vector targets: the group's rectangles, one path per colour. */
  GArray *rects[WEFT_N_LANE_COLORS + 1];  /* double x0, x1, y, h */
  GArray *labels;                         /* RowMark: runs wide enough to name */
  GArray *lost;                           /* RowMark: where an occupant's end was lost */
  WeftQueueRows *queue;                   /* the line's places, for a queue's rows */
} RowDraw;

static guint
occupant_lane (WeftObjectRowKind kind,
               const OccupantRun *run)
{
  return kind == WEFT_OBJECT_ROW_SLOT ? run->arg - 1 : (guint) run->value;
}

static void
paint_run (RowDraw *draw,
           guint    color,
           double   x0,
           double   x1)
{
  double left = draw->ctx->layout.plot_x;
  int from = CLAMP ((int) (x0 - left), 0, draw->line_width);
  int to = CLAMP ((int) ceil (x1 - left), 0, draw->line_width);
  guint32 pixel = draw->pixels[color];
  guint32 summary = draw->pixels[SUMMARY_COLOR];

  /* As the rectangles were filled, the summary's last: a pixel shared
   * with a summary stays one. */
  for (int x = from; x < to; x++)
    if (draw->line[x] != summary)
      draw->line[x] = pixel;
}

static void
flush_occupant (RowDraw *draw)
{
  OccupantRun *run = &draw->run;
  guint color = run->merged ? SUMMARY_COLOR : occupant_lane (draw->kind, run) % WEFT_N_LANE_COLORS;
  double x0 = run->x0, x1 = MAX (run->x1, run->x0 + 1);

  if (!draw->started)
    return;
  /* A hair between two occupants that follow each other, when there is
   * room, so that one thread taking it twice reads as twice. */
  if (x1 - x0 > 4)
    x0 += 1;
  if (draw->line != NULL)
    paint_run (draw, color, x0, x1);
  else
    {
      double rect[4] = { x0, x1, draw->top, draw->height };

      g_array_append_vals (draw->rects[color], rect, 4);
    }
  if (!run->merged && draw->height >= 8 && x1 - x0 >= 26)
    g_array_append_val (draw->labels, ((RowMark) { *run, draw->top, draw->height }));
  if (run->lost)
    g_array_append_val (draw->lost, ((RowMark) { { .x1 = x1 }, draw->top, draw->height }));
  draw->started = FALSE;
}

/* Whether a run is a named one at least two columns wide: two such that
 * meet in a column are told apart by their edge, the later drawn over
 * the shared column, as one hands over to the next. */
static gboolean
wide (double   x0,
      double   x1,
      gboolean merged)
{
  return !merged && x1 - x0 >= 2;
}

static void
collect_occupant (const WeftSpan *span,
                  gpointer        user_data)
{
  RowDraw *draw = user_data;
  WeftChartCtx *ctx = draw->ctx;
  double left = ctx->layout.plot_x;
  double right = left + ctx->layout.plot_width;
  double x0 = CLAMP (left + (span->start_ns - ctx->options->t0) * ctx->units_per_ns, left, right);
  double x1 = CLAMP (left + (span->end_ns - ctx->options->t0) * ctx->units_per_ns, left, right);
  gboolean merged = (span->flags & WEFT_SPAN_MERGED) != 0;

  if (ctx->options->snap)
    {
      x0 = floor (x0);
      x1 = ceil (x1);
    }
  if (draw->started)
    {
      OccupantRun *run = &draw->run;
      gboolean same = merged == run->merged && (merged || (span->value == run->value && span->arg == run->arg));

      /* The same occupant again within the pixel: one run. */
      if (same && x0 <= run->x1 && !merged)
        {
          run->x1 = MAX (run->x1, x1);
          return;
        }
      /* Another one where the run still is: only the columns they share
       * are a summary.  The run keeps its name up to there, and what of
       * this one lies past them keeps its own, so one short stay between
       * two long ones does not turn the whole row into a summary. */
      if (x0 < run->x1 && !(wide (run->x0, run->x1, run->merged) && wide (x0, x1, merged) && run->x1 - x0 <= 1))
        {
          double shared_end = run->x1;

          if (!run->merged && x0 > run->x0)
            {
              gboolean lost = run->lost;

              run->x1 = x0;
              run->lost = FALSE;
              flush_occupant (draw);
              draw->run = (OccupantRun) { x0, shared_end, 0, 0, TRUE, lost };
              draw->started = TRUE;
            }
          run->merged = TRUE;
          if (merged || x1 - shared_end < 2)
            {
              run->x1 = MAX (run->x1, x1);
              return;
            }
          flush_occupant (draw);
          x0 = shared_end;
        }
      else
        flush_occupant (draw);
    }
  draw->run = (OccupantRun) { x0, x1, span->value, span->arg, merged, (span->flags & WEFT_SPAN_LOST) != 0 };
  draw->started = TRUE;
}

/* Feeds row @r's occupants over the plot to collect_occupant(). */
static void
collect_row (RowDraw         *draw,
             WeftObjectTrack *track,
             guint            r)
{
  WeftChartCtx *ctx = draw->ctx;

  if (draw->queue != NULL)
    {
      guint n;
      const WeftSpan *spans = weft_queue_rows_get_row (draw->queue, r, &n);

      for (guint i = 0; i < n; i++)
        collect_occupant (&spans[i], draw);
    }
  else
    weft_object_track_query (track, draw->kind, r, ctx->options->t0, ctx->options->t1, ctx->ns_per_pixel,
                             collect_occupant, draw);
}

static void
draw_occupant_label (WeftChartCtx      *ctx,
                     WeftObjectRowKind  kind,
                     const RowMark     *mark)
{
  g_autofree char *text = NULL;
  const OccupantRun *run = &mark->run;
  const WeftColor *fill = weft_palette_get_lane_color (ctx->palette, occupant_lane (kind, run));
  double room = run->x1 - run->x0 - 6;

  if (kind == WEFT_OBJECT_ROW_SLOT)
    {
      g_autofree char *item = weft_format_count (run->value);

      /* TRANSLATORS: an item in a buffer's slot, by its number */
      text = g_strdup_printf (_("item %s"), item);
    }
  else
    text = g_strdup (weft_format_lane_name (ctx->timeline, (guint) run->value));
  /* About 6 units a character at this size (characters, not bytes: a
   * Persian name takes two a letter): a name that does not fit is left
   * off rather than cut. */
  if (text == NULL || g_utf8_strlen (text, -1) * 5.6 > room)
    {
      if (kind != WEFT_OBJECT_ROW_SLOT)
        return;
      g_free (text);
      text = weft_format_count (run->value);
      if (g_utf8_strlen (text, -1) * 5.6 > room)
        return;
    }
  weft_chart_draw_text (ctx, run->x0 + 4, mark->top + mark->height / 2 + SMALL_SIZE / 2 - 1.5, text,
                        MIN (SMALL_SIZE, mark->height), FALSE, weft_palette_get_text_on (ctx->palette, fill),
                        WEFT_TEXT_START);
}

/* A pixel of @color at @alpha, as Cairo's ARGB32 keeps it. */
static guint32
premultiplied (const WeftColor *color,
               double           alpha)
{
  return (guint32) (alpha * 255 + 0.5) << 24 | (guint32) (color->red * alpha * 255 + 0.5) << 16
         | (guint32) (color->green * alpha * 255 + 0.5) << 8 | (guint32) (color->blue * alpha * 255 + 0.5);
}

/* Where a row's line goes in a group's image: its pixel rows, at least
 * one, however thin the rows are. */
static void
row_pixels (const RowGroup *group,
            guint           r,
            double          inset,
            double          scale,
            int             n_pixels,
            int            *from,
            int            *to)
{
  *from = (int) round ((r * group->row_height + inset) * scale);
  *to = (int) round (((r + 1) * group->row_height - inset) * scale);
  *from = MIN (*from, n_pixels - 1);
  *to = CLAMP (*to, *from + 1, n_pixels);
}

/* Lays a row's line into the image.  Rows thinner than a pixel share
 * pixel rows: there a column used by more than one row is a summary,
 * so every moment a row was occupied still shows as occupied. */
static void
lay_line (RowDraw *draw,
          guint32 *image,
          int      stride,
          int      from,
          int      to,
          int      shared)
{
  for (int y = from; y < to; y++)
    {
      guint32 *dest = image + (gsize) y * stride;

      if (y >= shared)
        {
          memcpy (dest, draw->line, draw->line_width * sizeof (guint32));
          continue;
        }
      for (int x = 0; x < draw->line_width; x++)
        if (draw->line[x] != 0 && dest[x] != draw->line[x])
          dest[x] = dest[x] == 0 ? draw->line[x] : draw->pixels[SUMMARY_COLOR];
    }
}

/* The rows [first, last) of a group, on a raster target: each row's
 * runs painted into a line of pixels, the lines laid into one image the
 * group's height, the image composited once.  A dense group at a wide
 * zoom has runs in nearly every column of every row, and one composite
 * beats a fill per colour per row of thousands of rectangles. */
static void
paint_group (WeftChartCtx    *ctx,
             WeftObjectTrack *track,
             const RowGroup  *group,
             double           top,
             guint            first,
             guint            last,
             RowDraw         *draw)
{
  cairo_t *cr = ctx->cr;
  double left = ctx->layout.plot_x;
  double inset = group->row_height >= 6 ? 1 : 0;
  int n_pixels = MAX (1, (int) ceil (group->n_rows * group->row_height * ctx->scale));
  int stride, shared = 0;
  cairo_surface_t *image;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  guint32 *pixels;

  draw->line_width = (int) ceil (ctx->layout.plot_width) + 2;
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, draw->line_width, n_pixels);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      return;
    }
  cairo_surface_flush (image);
  pixels = (guint32 *) (gpointer) cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image) / sizeof (guint32);
  draw->line = g_new (guint32, draw->line_width);

  for (guint r = first; r < last; r++)
    {
      int from, to;

      row_pixels (group, r, inset, ctx->scale, n_pixels, &from, &to);
      draw->top = top + r * group->row_height + inset;
      draw->height = MAX (group->row_height - 2 * inset, 0.5);
      draw->started = FALSE;
      memset (draw->line, 0, draw->line_width * sizeof (guint32));
      collect_row (draw, track, r);
      flush_occupant (draw);
      lay_line (draw, pixels, stride, from, to, shared);
      shared = MAX (shared, to);
    }
  cairo_surface_mark_dirty (image);

  pattern = cairo_pattern_create_for_surface (image);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  /* Pattern space: user x onto a pixel per unit, user y onto the
   * image's rows, which are device pixels. */
  cairo_matrix_init (&matrix, 1, 0, 0, ctx->scale, -left, -top * ctx->scale);
  cairo_pattern_set_matrix (pattern, &matrix);
  cairo_set_source (cr, pattern);
  cairo_rectangle (cr, left, top + first * group->row_height, draw->line_width - 2,
                   (last - first) * group->row_height);
  cairo_fill (cr);
  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (image);
  g_clear_pointer (&draw->line, g_free);
}

/* The same on a vector target: each colour one path over the group's
 * rows, an element per colour in an SVG. */
static void
fill_group (WeftChartCtx    *ctx,
            WeftObjectTrack *track,
            const RowGroup  *group,
            double           top,
            guint            first,
            guint            last,
            RowDraw         *draw,
            const WeftColor *summary)
{
  cairo_t *cr = ctx->cr;
  double inset = group->row_height >= 6 ? 1 : 0;

  for (guint r = first; r < last; r++)
    {
      draw->top = top + r * group->row_height + inset;
      draw->height = MAX (group->row_height - 2 * inset, 0.5);
      draw->started = FALSE;
      collect_row (draw, track, r);
      flush_occupant (draw);
    }
  for (guint k = 0; k <= WEFT_N_LANE_COLORS; k++)
    {
      GArray *rects = draw->rects[k];

      if (rects->len == 0)
        continue;
      for (guint i = 0; i + 3 < rects->len; i += 4)
        {
          const double *rect = &g_array_index (rects, double, i);

          cairo_rectangle (cr, rect[0], rect[2], rect[1] - rect[0], rect[3]);
        }
      if (k == SUMMARY_COLOR)
        cairo_set_source_rgba (cr, summary->red, summary->green, summary->blue, 0.55);
      else
        weft_chart_set_color (cr, &ctx->palette->lanes[k]);
      cairo_fill (cr);
    }
}

static void
draw_group (WeftChartCtx   *ctx,
            guint16         object,
            const RowGroup *group,
            double          lane_top,
            gboolean        captioned)
{
  cairo_t *cr = ctx->cr;
  WeftObjectTrack *track = weft_timeline_get_object_track (ctx->timeline, object);
  const WeftColor *summary = &ctx->palette->states[group->kind == WEFT_OBJECT_ROW_HOLDER ||
                                                   group->kind == WEFT_OBJECT_ROW_SLOT
                                                   ? WEFT_STATE_CRITICAL : WEFT_STATE_WAITING];
  gboolean thin = group->row_height < 4;
  RowDraw draw = { ctx, group->kind };
  double top = lane_top + group->top;
  double first_row = floor ((ctx->layout.lanes_y - top) / group->row_height);
  double end_row = ceil ((ctx->layout.lanes_bottom - top) / group->row_height);
  /* Only the rows scrolled into view are asked for. */
  guint first = (guint) CLAMP (first_row, 0, group->n_rows);
  guint last = (guint) CLAMP (end_row, first, group->n_rows);

  if (captioned)
    weft_chart_draw_text (ctx, LABEL_WIDTH - 10, top + MIN (group->row_height, QUEUE_ROW) - 1,
                          group_caption (group->kind), SMALL_SIZE - 1, FALSE,
                          &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_END);
  if (first == last)
    return;
  /* Each row's bed, faintly, so an empty permit or slot reads as free. */
  weft_chart_set_color (cr, &ctx->palette->roles[WEFT_COLOR_GRID]);
  for (guint r = first; r < last && !thin; r++)
    cairo_rectangle (cr, ctx->layout.plot_x, top + r * group->row_height + group->row_height - 1,
                     ctx->layout.plot_width, 0.6);
  cairo_fill (cr);

  draw.labels = g_array_new (FALSE, FALSE, sizeof (RowMark));
  draw.lost = g_array_new (FALSE, FALSE, sizeof (RowMark));
  if (group->kind == WEFT_OBJECT_ROW_QUEUE)
    draw.queue = weft_queue_rows_new (ctx->timeline, object, ctx->options->t0, ctx->options->t1, ctx->ns_per_pixel);
  if (ctx->options->snap)
    {
      for (guint k = 0; k < WEFT_N_LANE_COLORS; k++)
        draw.pixels[k] = premultiplied (&ctx->palette->lanes[k], ctx->palette->lanes[k].alpha);
      draw.pixels[SUMMARY_COLOR] = premultiplied (summary, 0.55);
      paint_group (ctx, track, group, top, first, last, &draw);
    }
  else
    {
      for (guint k = 0; k <= WEFT_N_LANE_COLORS; k++)
        draw.rects[k] = g_array_new (FALSE, FALSE, sizeof (double));
      fill_group (ctx, track, group, top, first, last, &draw, summary);
      for (guint k = 0; k <= WEFT_N_LANE_COLORS; k++)
        g_array_unref (draw.rects[k]);
    }

  /* Where an end was lost in a gap: a red edge, never a guess. */
  for (guint i = 0; i < draw.lost->len; i++)
    {
      const RowMark *mark = &g_array_index (draw.lost, RowMark, i);

      cairo_rectangle (cr, mark->run.x1 - 1, mark->top, 2, mark->height);
    }
  weft_chart_set_color (cr, &ctx->palette->roles[WEFT_COLOR_FAIL]);
  cairo_fill (cr);
  for (guint i = 0; i < draw.labels->len; i++)
    draw_occupant_label (ctx, group->kind, &g_array_index (draw.labels, RowMark, i));
  g_array_unref (draw.labels);
  g_array_unref (draw.lost);
  g_clear_pointer (&draw.queue, weft_queue_rows_free);
}

/* Time where the rows are not known: not folded yet (events of that
 * time may still come), or any lane lost events (it may have held or
 * waited unseen).  Hatched, so that an empty row there is not read as
 * free. */
static void
draw_unknown (WeftChartCtx *ctx,
              guint16       object,
              double        top,
              double        height)
{
  WeftObjectTrack *track = weft_timeline_get_object_track (ctx->timeline, object);
  const WeftColor *dim = &ctx->palette->roles[WEFT_COLOR_DIM];
  double left = ctx->layout.plot_x;
  double right = left + ctx->layout.plot_width;
  gint64 known = weft_object_track_get_known_until (track);
  gint64 end = MIN (weft_timeline_get_end (ctx->timeline), ctx->options->t1);
  guint n_gaps;
  const WeftGap *gaps = weft_timeline_get_gaps (ctx->timeline, &n_gaps);

  if (!weft_timeline_is_finished (ctx->timeline) && known < end)
    {
      double x0 = CLAMP (weft_chart_time_to_x (ctx->options, &ctx->layout, MAX (known, ctx->options->t0)), left, right);
      double x1 = CLAMP (weft_chart_time_to_x (ctx->options, &ctx->layout, end), left, right);

      if (x1 > x0)
        weft_chart_hatch_rect (ctx->cr, x0, top, x1 - x0, height, dim, 0.35);
    }
  for (guint i = 0; i < n_gaps; i++)
    {
      double x0, x1;

      if (gaps[i].to_ns < ctx->options->t0 || gaps[i].from_ns > ctx->options->t1)
        continue;
      x0 = CLAMP (weft_chart_time_to_x (ctx->options, &ctx->layout, gaps[i].from_ns), left, right);
      x1 = CLAMP (MAX (weft_chart_time_to_x (ctx->options, &ctx->layout, gaps[i].to_ns), x0 + 3), left, right);
      weft_chart_hatch_rect (ctx->cr, x0, top, x1 - x0, height, &ctx->palette->roles[WEFT_COLOR_FAIL], 0.6);
    }
}

void
weft_chart_draw_object_lane (WeftChartCtx *ctx,
                             guint         index,
                             guint16       object)
{
  cairo_t *cr = ctx->cr;
  const WeftObjectInfo *info = weft_timeline_get_object (ctx->timeline, object);
  const WeftPattern *pattern = weft_timeline_get_pattern (ctx->timeline);
  double top = weft_chart_counter_top (ctx, index);
  double height = ctx->layout.counter_heights[index];
  ObjectLayout layout;

  if (top + height < ctx->layout.lanes_y || top > ctx->layout.lanes_bottom)
    return;

  object_layout (ctx->timeline, object, &layout);
  weft_chart_begin_group (ctx, info->name);
  weft_chart_set_color (cr, &ctx->palette->roles[WEFT_COLOR_LANE_ALT]);
  cairo_rectangle (cr, 0, top, ctx->options->width, height);
  cairo_fill (cr);

  if (layout.n_groups == 0)
    {
      g_autofree char *caption = weft_chart_dup_counter_caption (pattern, info);

      double middle = top + height / 2;

      /* A counter and nothing else: its name and caption clear of the
       * scale's numbers. */
      weft_chart_draw_text (ctx, SCALED_LABEL_RIGHT, middle - 1, info->name, TEXT_SIZE, TRUE,
                            &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_END);
      weft_chart_draw_text (ctx, SCALED_LABEL_RIGHT, middle + (SMALL_SIZE + 1) * ctx->magnify, caption, SMALL_SIZE, FALSE,
                            &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_END);
      draw_counter (ctx, object, top + 8, top + height - 6);
      weft_chart_end_group (ctx);
      return;
    }

  /* The name and what its counter means by the strip; the rows' own
   * captions by each group. */
  weft_chart_draw_text (ctx, layout.strip > 0 ? SCALED_LABEL_RIGHT : LABEL_WIDTH - 10, top + OBJECT_PAD + TEXT_SIZE,
                        info->name, TEXT_SIZE, TRUE, &ctx->palette->roles[WEFT_COLOR_FOREGROUND], WEFT_TEXT_END);
  if (layout.strip > 0)
    {
      g_autofree char *caption = weft_chart_dup_counter_caption (pattern, info);

      weft_chart_draw_text (ctx, SCALED_LABEL_RIGHT, top + OBJECT_PAD + (TEXT_SIZE + SMALL_SIZE + 1) * ctx->magnify,
                            caption, SMALL_SIZE - 1, FALSE,
                            &ctx->palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_END);
      draw_counter (ctx, object, top + OBJECT_PAD + 2, top + OBJECT_PAD + layout.strip);
    }
  for (guint g = 0; g < layout.n_groups; g++)
    /* The first group shares its height with the name when there is
     * no strip: the name says it. */
    draw_group (ctx, object, &layout.groups[g], top, g > 0 || layout.strip > 0);
  draw_unknown (ctx, object, top + layout.groups[0].top,
                layout.height - OBJECT_PAD - layout.groups[0].top);
  weft_chart_end_group (ctx);
}

/* Who waits for @object at @time_ns, first in line first, as "a, b". */
static char *
list_waiting (WeftTimeline *timeline,
              guint16       object,
              gint64        time_ns,
              guint        *n_found)
{
  g_autoptr(WeftQueueRows) queue = weft_queue_rows_new (timeline, object, time_ns, time_ns + 1, 1);
  g_autoptr(GString) names = g_string_new (NULL);

  *n_found = 0;
  for (guint r = 0; r < weft_queue_rows_get_n_rows (queue); r++)
    {
      guint n;
      const WeftSpan *spans = weft_queue_rows_get_row (queue, r, &n);

      for (guint i = 0; i < n; i++)
        if (spans[i].start_ns <= time_ns && time_ns < spans[i].end_ns && !(spans[i].flags & WEFT_SPAN_MERGED))
          {
            if (names->len > 0)
              g_string_append (names, ", ");
            g_string_append (names, weft_format_lane_name (timeline, (guint) spans[i].value));
            (*n_found)++;
          }
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/* The lanes of a row group's occupants at @time_ns, in row order, as
 * "a, b": how many there were in *n_found. */
static char *
list_occupants (WeftTimeline      *timeline,
                guint16            object,
                WeftObjectRowKind  kind,
                gint64             time_ns,
                guint             *n_found)
{
  WeftObjectTrack *track = weft_timeline_get_object_track (timeline, object);
  g_autoptr(GString) names = g_string_new (NULL);

  *n_found = 0;
  if (kind == WEFT_OBJECT_ROW_QUEUE)
    return list_waiting (timeline, object, time_ns, n_found);
  for (guint r = 0; r < weft_object_track_get_n_rows (track, kind); r++)
    {
      WeftSpan occupant;

      if (!weft_object_track_occupant_at (track, kind, r, time_ns, &occupant))
        continue;
      if (names->len > 0)
        g_string_append (names, ", ");
      if (kind == WEFT_OBJECT_ROW_SLOT)
        {
          g_autofree char *item = weft_format_count (occupant.value);

          /* TRANSLATORS: a buffer's slot and the item in it, e.g. "slot 2: item 17" */
          g_string_append_printf (names, _("slot %u: item %s"), r + 1, item);
        }
      else
        g_string_append (names, weft_format_lane_name (timeline, (guint) occupant.value));
      (*n_found)++;
    }
  return g_string_free (g_steal_pointer (&names), FALSE);
}

/**
 * weft_chart_describe_object_at:
 *
 * What an object's lane shows at @time_ns, in words: "held by worker-2;
 * worker-3, worker-1 waiting".  NULL for an object with no rows; says so
 * where the rows are not known (not folded yet, detail let go, events
 * lost).
 */
char *
weft_chart_describe_object_at (WeftTimeline *timeline,
                               guint16       object,
                               gint64        time_ns)
{
  WeftObjectTrack *track = weft_timeline_get_object_track (timeline, object);
  const WeftObjectInfo *info;
  g_autoptr(GString) text = NULL;
  g_autofree char *holders = NULL;
  g_autofree char *waiting = NULL;
  g_autofree char *slots = NULL;
  g_autofree char *arrived = NULL;
  guint n_holders, n_waiting, n_slots, n_arrived;
  guint n_gaps;
  const WeftGap *gaps;

  if (track == NULL)
    return NULL;
  info = weft_timeline_get_object (timeline, object);
  if (time_ns >= weft_object_track_get_known_until (track))
    return g_strdup (_("not known yet: events of this time may still come"));
  if (time_ns < weft_timeline_get_detail_from (timeline))
    return g_strdup (_("detail let go: only the summary is left of this time"));

  text = g_string_new (NULL);
  holders = list_occupants (timeline, object, WEFT_OBJECT_ROW_HOLDER, time_ns, &n_holders);
  waiting = list_occupants (timeline, object, WEFT_OBJECT_ROW_QUEUE, time_ns, &n_waiting);
  slots = list_occupants (timeline, object, WEFT_OBJECT_ROW_SLOT, time_ns, &n_slots);
  arrived = list_occupants (timeline, object, WEFT_OBJECT_ROW_ARRIVAL, time_ns, &n_arrived);

  if (info->kind == WEFT_OBJECT_BARRIER)
    {
      if (n_arrived == 0)
        g_string_append (text, _("no one has arrived"));
      else
        /* TRANSLATORS: who has arrived at a barrier, in order, e.g. "arrived: hiker-2, hiker-1" */
        g_string_append_printf (text, _("arrived: %s"), arrived);
    }
  else if (weft_object_track_get_n_rows (track, WEFT_OBJECT_ROW_HOLDER) > 0)
    {
      if (n_holders == 0)
        g_string_append (text, _("free"));
      else if (info->kind == WEFT_OBJECT_SEMAPHORE && info->limit > 0)
        /* TRANSLATORS: "held by patron-1, patron-4 (2 of 3 permits)" */
        g_string_append_printf (text, _("held by %s (%u of %u permits)"), holders, n_holders, (guint) info->limit);
      else
        /* TRANSLATORS: who holds a lock, e.g. "held by worker-2" */
        g_string_append_printf (text, _("held by %s"), holders);
    }
  if (n_waiting > 0)
    {
      if (text->len > 0)
        g_string_append (text, "; ");
      /* TRANSLATORS: the queue for an object, first in line first, e.g. "worker-3, worker-1 waiting" */
      g_string_append_printf (text, _("%s waiting"), waiting);
    }
  if (weft_object_track_get_n_rows (track, WEFT_OBJECT_ROW_SLOT) > 0)
    {
      if (text->len > 0)
        g_string_append (text, "\n");
      if (n_slots == 0)
        g_string_append (text, _("buffer empty"));
      else
        g_string_append (text, slots);
    }

  gaps = weft_timeline_get_gaps (timeline, &n_gaps);
  for (guint i = 0; i < n_gaps; i++)
    if (gaps[i].from_ns <= time_ns && time_ns <= gaps[i].to_ns)
      {
        g_string_append_printf (text, "\n%s", _("events were lost here: who held or waited may be missing"));
        break;
      }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
