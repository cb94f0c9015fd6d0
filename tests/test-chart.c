/* test-chart.c: what the chart says about the timeline it draws
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <cairo.h>
#include <math.h>

#include "chart-texts.h"

/* A lane of 20,000 back-to-back spans of 1 us from 1 ms on. */
static WeftTimeline *
busy_timeline (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  WeftTimeline *timeline;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  guint lane;

  test_params ("lock", &pattern, &params);
  timeline = weft_timeline_new (pattern, &params);
  weft_timeline_add_object (timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  lane = weft_timeline_add_lane (timeline, "worker-1", 1);
  weft_timeline_set_origin (timeline, 1000000);
  for (guint i = 0; i < 20000; i++)
    {
      gint64 start = 1000000 + i * 1000;
      WeftEvent ev[] = {
        test_event (lane, start, WEFT_EVENT_BEGIN, i % 3, 0, i, 0),
        test_event (lane, start + 1000, WEFT_EVENT_END, i % 3, 0, 0, 0),
      };

      g_array_append_vals (events, ev, G_N_ELEMENTS (ev));
    }
  weft_timeline_add_events (timeline, (const WeftEvent *) (gpointer) events->data, events->len);
  return timeline;
}

/* Once detail was let go, the chart marks where it is whole again, at
 * that moment, and the header says so; before, neither is there. */
static void
test_detail_boundary (void)
{
  g_autoptr(WeftTimeline) timeline = busy_timeline ();
  gint64 origin = weft_timeline_get_origin (timeline);
  gint64 end = weft_timeline_get_end (timeline);
  gint64 cut = origin + (end - origin) / 2;
  WeftChartOptions options;
  WeftChartLayout layout;
  Texts texts;
  double x;

  draw_texts (timeline, origin, end, &texts);
  g_assert_cmpfloat (find_text (&texts, "full detail from here"), <, 0);
  g_assert_cmpfloat (find_text (&texts, "summary only"), <, 0);
  g_assert_cmpfloat (find_text (&texts, "Full detail from"), <, 0);
  texts_clear (&texts);

  weft_timeline_let_go_before (timeline, cut);
  g_assert_cmpint (weft_timeline_get_detail_from (timeline), ==, cut);

  draw_texts (timeline, origin, end, &texts);
  x = find_text (&texts, "full detail from here");
  weft_chart_options_init (&options);
  options.t0 = origin;
  options.t1 = end;
  options.width = 1200;
  options.height = 400;
  options.with_header = TRUE;
  weft_chart_layout (timeline, &options, &layout);
  /* The label sits just right of the line, at the cut. */
  g_assert_cmpfloat (x, >=, weft_chart_time_to_x (&options, &layout, cut));
  g_assert_cmpfloat (x, <=, weft_chart_time_to_x (&options, &layout, cut) + 6);
  g_assert_cmpfloat (find_text (&texts, "Full detail from 10.000 ms; before that, a summary."), >=, 0);
  g_assert_cmpfloat (find_text (&texts, "summary only"), <, 0);
  texts_clear (&texts);

  /* A view wholly before it says it is a summary only. */
  draw_texts (timeline, origin, cut - 1000, &texts);
  g_assert_cmpfloat (find_text (&texts, "full detail from here"), <, 0);
  g_assert_cmpfloat (find_text (&texts, "summary only"), >=, 0);
  texts_clear (&texts);

  /* And a view wholly after it, nothing. */
  draw_texts (timeline, cut + 1000, end, &texts);
  g_assert_cmpfloat (find_text (&texts, "full detail from here"), <, 0);
  g_assert_cmpfloat (find_text (&texts, "summary only"), <, 0);
  texts_clear (&texts);
}

/* Two lanes taking a lock in turn, @n times: each later holder waited
 * and records the hand-off from the release before it. */
static WeftTimeline *
handoff_timeline (guint n)
{
  const WeftPattern *pattern;
  WeftParams params;
  WeftTimeline *timeline;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));

  test_params ("lock", &pattern, &params);
  timeline = weft_timeline_new (pattern, &params);
  weft_timeline_add_object (timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  weft_timeline_add_lane (timeline, "worker-1", 1);
  weft_timeline_add_lane (timeline, "worker-2", 2);
  weft_timeline_set_origin (timeline, 1000000);
  for (guint i = 0; i < n; i++)
    {
      guint holder = i % 2, waiter = 1 - holder;
      gint64 start = 1000000 + i * 3000;
      WeftEvent ev[] = {
        test_event (holder, start, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, 0, 0, 0),
        test_event (waiter, start + 1000, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, 0, 0, 0),
        test_event (holder, start + 2000, WEFT_EVENT_END, WEFT_STATE_CRITICAL, 0, 0, 0),
        test_event (holder, start + 2000, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, 0, 0, 0),
        test_event (waiter, start + 3000, WEFT_EVENT_END, WEFT_STATE_WAITING, 0, 0, 0),
        test_event (waiter, start + 3000, WEFT_EVENT_INSTANT, WEFT_INSTANT_HANDOFF, 0, start + 2000, holder),
      };

      g_array_append_vals (events, ev, G_N_ELEMENTS (ev));
    }
  weft_timeline_add_events (timeline, (const WeftEvent *) (gpointer) events->data, events->len);
  return timeline;
}

/* The pixel at (x, y) of the chart drawn over [t0, t1), with or without
 * arrows; and whether the legend named the hand-off. */
static guint32
pixel_at (WeftTimeline *timeline,
          gint64        t0,
          gint64        t1,
          gboolean      with_arrows,
          double        x,
          double        y,
          gboolean     *in_legend)
{
  WeftChartOptions options;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 400);
  cairo_t *cr = cairo_create (surface);
  Texts texts = {
    g_ptr_array_new_with_free_func (g_free), g_array_new (FALSE, FALSE, sizeof (double)),
    g_array_new (FALSE, FALSE, sizeof (double)),
  };
  guint32 pixel;

  weft_chart_options_init (&options);
  options.t0 = t0;
  options.t1 = t1;
  options.width = 1200;
  options.height = 400;
  options.with_arrows = with_arrows;
  options.text_func = collect_text;
  options.text_data = &texts;
  weft_chart_draw (cr, timeline, &options);
  cairo_surface_flush (surface);
  pixel = ((guint32 *) (gpointer) (cairo_image_surface_get_data (surface) +
                                   (gsize) y * cairo_image_surface_get_stride (surface)))[(gsize) x];
  *in_legend = find_text (&texts, "hand-off") >= 0;
  texts_clear (&texts);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return pixel;
}

/* A hand-off is drawn from its release to the waiter's span, and named
 * in the legend; not when arrows are off.  Where they are denser than
 * one per 4 px they fold, and are still drawn and named. */
static void
test_arrows (void)
{
  g_autoptr(WeftTimeline) few = handoff_timeline (4);
  g_autoptr(WeftTimeline) many = handoff_timeline (4000);
  gint64 t0 = 1000000, t1 = 1000000 + 12000;
  WeftChartOptions options;
  WeftChartLayout layout;
  double x, y;
  gboolean named;
  guint32 with, without;

  weft_chart_options_init (&options);
  options.t0 = t0;
  options.t1 = t1;
  options.width = 1200;
  options.height = 400;
  weft_chart_layout (few, &options, &layout);
  /* Halfway along the first arrow: worker-1's release at +2 us to
   * worker-2's span ending at +3 us. */
  x = (weft_chart_time_to_x (&options, &layout, t0 + 2000) + weft_chart_time_to_x (&options, &layout, t0 + 3000)) / 2;
  y = layout.lanes_y + layout.lane_height / 2 + (layout.lane_height / 2 + 5) / 2;

  with = pixel_at (few, t0, t1, TRUE, x, y, &named);
  g_assert_true (named);
  without = pixel_at (few, t0, t1, FALSE, x, y, &named);
  g_assert_false (named);
  g_assert_cmphex (with, !=, without);

  /* 4000 arrows in 1200 px fold, rather than vanish. */
  with = pixel_at (many, t0, t0 + 4000 * 3000, TRUE, x, y, &named);
  g_assert_true (named);
  pixel_at (many, t0, t0 + 4000 * 3000, FALSE, x, y, &named);
  g_assert_false (named);
}

/* Which pixels of the lanes the arrows change, drawn with @options:
 * those that differ clearly (not a faint edge of antialiasing) from the
 * same chart without arrows; how many, in @n_changed. */
static guint8 *
arrow_pixels (WeftTimeline     *timeline,
              WeftChartOptions *options,
              guint            *n_changed)
{
  int width = (int) options->width, height = (int) options->height;
  cairo_surface_t *surfaces[2];
  guint8 *changed = g_new0 (guint8, (gsize) width * height);
  WeftChartLayout layout;

  for (guint with = 0; with < 2; with++)
    {
      cairo_t *cr;

      surfaces[with] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cr = cairo_create (surfaces[with]);
      options->with_arrows = with;
      weft_chart_draw (cr, timeline, options);
      cairo_destroy (cr);
      cairo_surface_flush (surfaces[with]);
    }
  weft_chart_layout (timeline, options, &layout);
  *n_changed = 0;
  /* The legend names the hand-off: only the lanes are compared. */
  for (int y = (int) ceil (layout.lanes_y); y < (int) layout.lanes_bottom; y++)
    {
      const guint8 *rows[2];

      for (guint with = 0; with < 2; with++)
        rows[with] = cairo_image_surface_get_data (surfaces[with]) + (gsize) y * cairo_image_surface_get_stride (surfaces[with]);
      for (int x = 0; x < width; x++)
        {
          int most = 0;

          for (int c = 0; c < 4; c++)
            most = MAX (most, ABS (rows[1][4 * x + c] - rows[0][4 * x + c]));
          if (most >= 48)
            {
              changed[(gsize) y * width + x] = 1;
              (*n_changed)++;
            }
        }
    }
  for (guint with = 0; with < 2; with++)
    cairo_surface_destroy (surfaces[with]);
  return changed;
}

/* Whether @mask has a pixel set within @reach of (x, y). */
static gboolean
near_pixel (const guint8 *mask,
            int           width,
            int           height,
            int           x,
            int           y,
            int           reach)
{
  for (int v = MAX (0, y - reach); v <= MIN (height - 1, y + reach); v++)
    for (int u = MAX (0, x - reach); u <= MIN (width - 1, x + reach); u++)
      if (mask[(gsize) v * width + u])
        return TRUE;
  return FALSE;
}

/* For a raster target, arrows that span less than a pixel of time (all
 * of them, zoomed out) are drawn as whole-pixel boxes, not scan
 * converted: they must land where the drawing for a vector target puts
 * them, line and head, within a pixel, and nowhere else. */
static void
test_upright_arrows (void)
{
  g_autoptr(WeftTimeline) timeline = handoff_timeline (4000);
  gint64 t0 = 1000000;
  struct { gint64 t1; guint min_changed; } cases[] = {
    /* Folded: a dozen columns of two arrows, each 1/10 px wide. */
    { t0 + 4000 * 3000, 200 },
    /* A pixel wide and more: drawn as they would be anyway. */
    { t0 + 400 * 3000, 500 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      WeftChartOptions options;
      g_autofree guint8 *boxed = NULL;
      g_autofree guint8 *drawn = NULL;
      guint n_boxed, n_drawn;

      weft_chart_options_init (&options);
      options.t0 = t0;
      options.t1 = cases[c].t1;
      options.width = 1200;
      options.height = 400;
      options.snap = TRUE;
      boxed = arrow_pixels (timeline, &options, &n_boxed);
      options.snap = FALSE;
      drawn = arrow_pixels (timeline, &options, &n_drawn);
      g_test_message ("case %u: %u pixels boxed, %u drawn", c, n_boxed, n_drawn);
      g_assert_cmpuint (n_boxed, >=, cases[c].min_changed);
      g_assert_cmpuint (n_drawn, >=, cases[c].min_changed);
      for (int y = 0; y < 400; y++)
        for (int x = 0; x < 1200; x++)
          {
            gsize i = (gsize) y * 1200 + x;

            if (boxed[i] && !near_pixel (drawn, 1200, 400, x, y, 1))
              g_error ("case %u: an arrow's box at (%d, %d) is drawn nowhere near an arrow", c, x, y);
            if (drawn[i] && !near_pixel (boxed, 1200, 400, x, y, 1))
              g_error ("case %u: an arrow drawn at (%d, %d) is missing from its boxes", c, x, y);
          }
    }
}

typedef struct
{
  WeftTimeline *timeline;
  gint64 t0;
  gint64 t1;
  gint64 column;
  guint64 count;
  guint n_folds;
} Folds;

/* A fold stands for real arrows: its own is one of the lane's, and it
 * counts exactly those into its lane from its source ending in its
 * column (and the range), of which it is the latest. */
static void
check_fold (const WeftArrowFold *fold,
            gpointer             user_data)
{
  Folds *folds = user_data;
  guint n;
  const WeftArrow *arrows = weft_timeline_get_arrows (folds->timeline, fold->arrow.to_lane, &n);
  gboolean real = FALSE;

  g_assert_cmpuint (fold->count, >, 0);
  for (guint a = 0; a < n && !real; a++)
    real = memcmp (&arrows[a], &fold->arrow, sizeof (WeftArrow)) == 0;
  g_assert_true (real);
  /* Only the lock's two workers hand off; the third never does. */
  g_assert_cmpuint (fold->arrow.from_lane, <, 2);
  g_assert_cmpuint (fold->arrow.to_lane, <, 2);
  /* Past the range's end come only those starting in it, one by one. */
  if (fold->arrow.to_ns >= folds->t1)
    {
      g_assert_cmpuint (fold->count, ==, 1);
      g_assert_cmpint (fold->arrow.from_ns, <, folds->t1);
      return;
    }
  {
    gint64 column = fold->arrow.to_ns / folds->column;
    guint same = 0, latest = 0;

    for (guint a = 0; a < n; a++)
      if (arrows[a].to_ns >= folds->t0 && arrows[a].to_ns < folds->t1 && arrows[a].to_ns / folds->column == column &&
          arrows[a].from_lane == fold->arrow.from_lane && arrows[a].kind == fold->arrow.kind)
        {
          same++;
          latest = a;
        }
    g_assert_cmpuint (fold->count, ==, same);
    g_assert_true (memcmp (&arrows[latest], &fold->arrow, sizeof (WeftArrow)) == 0);
  }
  folds->count += fold->count;
  folds->n_folds++;
}

/* Folded at any zoom, the arrows in a range are each counted once, and
 * none joins lanes no hand-off joined: at 4 px of 1200, at one column
 * for the whole run (the counts looked up, not walked), and over a
 * range whose ends fall inside blocks of the index. */
static void
test_arrow_folds (void)
{
  g_autoptr(WeftTimeline) timeline = handoff_timeline (4000);
  gint64 t0 = 1000000, t1 = t0 + 4000 * 3000;
  struct { gint64 from, to, column; } cases[] = {
    { t0, t1, (t1 - t0) * 4 / 1200 },
    { t0, t1, t1 },
    { t0 + 777 * 3000 + 1, t0 + 3333 * 3000 + 7, t1 },
    { t0 + 5, t0 + 100 * 3000, 1 },
    /* Columns' ends falling anywhere in the index's blocks. */
    { t0 + 12345, t1 - 999, 7 * 3000 + 13 },
    { t0, t1, 97 * 3000 + 1 },
  };

  weft_timeline_add_lane (timeline, "idle", 3);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      Folds folds = { timeline, cases[c].from, cases[c].to, cases[c].column, 0, 0 };
      guint in_range = weft_timeline_count_arrows (timeline, cases[c].from, cases[c].to, G_MAXUINT);

      weft_timeline_query_arrow_folds (timeline, cases[c].from, cases[c].to, cases[c].column, check_fold, &folds);
      g_test_message ("case %u: %u folds for %" G_GUINT64_FORMAT " arrows", c, folds.n_folds, folds.count);
      g_assert_cmpuint (in_range, >, 0);
      g_assert_cmpuint (folds.count, ==, in_range);
      /* They did fold where the column held many. */
      if (cases[c].column == t1)
        g_assert_cmpuint (folds.n_folds, ==, 2);
    }
}

/* The pixel at (x, y) of @options drawn. */
static guint32
options_pixel (WeftTimeline           *timeline,
               const WeftChartOptions *options,
               double                  x,
               double                  y)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, options->width, options->height);
  cairo_t *cr = cairo_create (surface);
  guint32 pixel;

  weft_chart_draw (cr, timeline, options);
  cairo_surface_flush (surface);
  pixel = ((guint32 *) (gpointer) (cairo_image_surface_get_data (surface) +
                                   (gsize) y * cairo_image_surface_get_stride (surface)))[(gsize) x];
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return pixel;
}

/* The spans related to the selection, given through the options, are
 * outlined on their lane in the accent colour; others are not. */
static void
test_related_highlight (void)
{
  g_autoptr(WeftTimeline) timeline = handoff_timeline (4);
  gint64 t0 = 1000000, t1 = t0 + 12000;
  /* worker-2's wait from +1 us to +3 us was ended by worker-1's hold,
   * from 0 to +2 us: that is what its selection relates to. */
  WeftChartSpanRef held = { 0, t0, t0 + 2000 };
  WeftChartOptions options;
  WeftChartLayout layout;
  double x, y, other_y;
  guint32 plain, outlined, other_plain, unrelated;

  weft_chart_options_init (&options);
  options.t0 = t0;
  options.t1 = t1;
  options.width = 1200;
  options.height = 400;
  options.with_arrows = FALSE;
  weft_chart_layout (timeline, &options, &layout);
  x = weft_chart_time_to_x (&options, &layout, t0 + 1000);
  /* The outline's top edge, 3 units into the lane. */
  y = layout.lanes_y + 3;
  other_y = layout.lanes_y + layout.lane_height + 3;

  plain = options_pixel (timeline, &options, x, y);
  other_plain = options_pixel (timeline, &options, x, other_y);
  options.has_selection = TRUE;
  options.selection = (WeftChartSpanRef) { 1, t0 + 1000, t0 + 3000 };
  options.related = &held;
  options.n_related = 1;
  outlined = options_pixel (timeline, &options, x, y);
  options.n_related = 0;
  unrelated = options_pixel (timeline, &options, x, y);
  g_assert_cmphex (plain, !=, outlined);
  /* Blue-ish: the accent. */
  g_assert_cmpuint (outlined & 0xff, >, (outlined >> 16) & 0xff);
  g_assert_cmphex (unrelated, ==, plain);
  /* The selection itself is outlined too, on its own lane. */
  options.n_related = 1;
  g_assert_cmphex (options_pixel (timeline, &options, x, other_y - 1.5), !=, other_plain);
}


static WeftTimeline *
record_philosophers (const char *variant,
                     guint       threads)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftRun) run = NULL;
  WeftTimeline *timeline;

  test_params ("deadlock", &pattern, &params);
  g_assert_true (weft_params_set_variant (&params, variant));
  weft_params_set (&params, "threads", threads);
  weft_params_set (&params, "pace", 0.1);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  weft_run_set_seed (run, 7);
  timeline = weft_record_run (run, 3 * WEFT_NSEC_PER_SEC, NULL, &error);
  g_assert_no_error (error);
  return timeline;
}

/* The legend's entries as drawn at @width: each label in the band
 * below the lanes, but for the band's own title. */
static void
legend_texts (WeftTimeline    *timeline,
              double           width,
              Texts           *legend,
              WeftChartLayout *layout)
{
  WeftChartOptions options;
  Texts texts;

  weft_chart_options_init (&options);
  options.t0 = weft_timeline_get_origin (timeline);
  options.t1 = weft_timeline_get_end (timeline);
  options.width = width;
  options.height = 600;
  draw_texts_with (timeline, &options, &texts);
  weft_chart_layout (timeline, &options, layout);
  legend->texts = g_ptr_array_new_with_free_func (g_free);
  legend->xs = g_array_new (FALSE, FALSE, sizeof (double));
  legend->baselines = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < texts.texts->len; i++)
    {
      double baseline = g_array_index (texts.baselines, double, i);

      if (baseline > layout->lanes_bottom && !g_str_equal (g_ptr_array_index (texts.texts, i), "Legend"))
        {
          g_ptr_array_add (legend->texts, g_strdup (g_ptr_array_index (texts.texts, i)));
          g_array_append_val (legend->xs, g_array_index (texts.xs, double, i));
          g_array_append_val (legend->baselines, baseline);
        }
    }
  texts_clear (&texts);
}

/* A narrow chart's legend takes more rows, never fewer entries: at a
 * phone's width it names all that a wide one does, each inside the
 * chart and the band, and the lanes make room.  Wide, it keeps its one
 * band's height. */
static void
test_legend_wraps (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  WeftChartLayout wide_layout;
  Texts wide;
  static const double widths[] = { 360, 300, 240 };

  test_params ("nightclub", &pattern, &params);
  weft_params_set (&params, "pace", 0.02);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  weft_run_set_seed (run, 7);
  timeline = weft_record_run (run, WEFT_NSEC_PER_SEC / 2, NULL, &error);
  g_assert_no_error (error);

  legend_texts (timeline, 1400, &wide, &wide_layout);
  g_assert_cmpfloat (wide_layout.legend_height, ==, 30);
  /* The states, the hand-off and the marks the nightclub draws. */
  g_assert_cmpuint (wide.texts->len, >=, 6);
  g_assert_cmpfloat (find_text (&wide, "let in"), >=, 0);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      WeftChartLayout layout;
      Texts narrow;
      g_autoptr(GHashTable) rows = g_hash_table_new (g_direct_hash, g_direct_equal);

      legend_texts (timeline, widths[w], &narrow, &layout);
      g_test_message ("%g px: %u entries in a band %g high", widths[w], narrow.texts->len, layout.legend_height);
      g_assert_cmpuint (narrow.texts->len, ==, wide.texts->len);
      for (guint i = 0; i < wide.texts->len; i++)
        {
          const char *label = g_ptr_array_index (wide.texts, i);
          double x = find_text (&narrow, label);

          g_assert_cmpuint (count_text (&narrow, label), ==, count_text (&wide, label));
          g_assert_cmpfloat (x, >=, layout.plot_x);
          g_assert_cmpfloat (x, <, widths[w] - 4);
        }
      for (guint i = 0; i < narrow.texts->len; i++)
        {
          double baseline = g_array_index (narrow.baselines, double, i);

          g_assert_cmpfloat (baseline, <=, 600);
          g_hash_table_add (rows, GINT_TO_POINTER ((int) baseline));
        }
      /* Wrapped onto more rows than the wide band's two, which grew to
       * hold them: the lanes end higher up. */
      g_assert_cmpuint (g_hash_table_size (rows), >, 2);
      g_assert_cmpfloat (layout.legend_height, >, wide_layout.legend_height);
      g_assert_cmpfloat (layout.lanes_bottom, ==, 600 - layout.legend_height);
      texts_clear (&narrow);
    }
  texts_clear (&wide);
}

static double smallest_size = G_MAXDOUBLE;

/* As collect_text(), and notes the smallest size any text had. */
static void
collect_sized_text (double           x,
                    double           baseline,
                    const char      *text,
                    double           size,
                    gboolean         bold,
                    const WeftColor *color,
                    WeftTextAlign    align,
                    gpointer         user_data)
{
  smallest_size = MIN (smallest_size, size);
  collect_text (x, baseline, text, size, bold, color, align, user_data);
}

/* A deadlock is drawn twice: on the lanes, each waiter's arrow to its
 * lock's holder named with the lock, and as the wait-for graph in the
 * header, each lock a box; the legend names it.  A run without one
 * draws none of it. */
static void
test_deadlock (void)
{
  g_autoptr(WeftTimeline) stuck = record_philosophers ("unordered", 3);
  g_autoptr(WeftTimeline) fine = record_philosophers ("ordered", 3);
  Texts texts;
  guint n;

  Texts plain;

  /* What a run draws without a deadlock: each fork's own object lane. */
  g_assert_null (weft_timeline_get_deadlock (fine, &n, NULL));
  draw_texts (fine, weft_timeline_get_origin (fine), weft_timeline_get_end (fine), &plain);
  g_assert_cmpuint (count_text (&plain, "waits for"), ==, 0);
  g_assert_cmpuint (count_text (&plain, "held by"), ==, 0);
  g_assert_cmpuint (count_text (&plain, "deadlock"), ==, 0);

  g_assert_nonnull (weft_timeline_get_deadlock (stuck, &n, NULL));
  g_assert_cmpuint (n, ==, 3);
  draw_texts (stuck, weft_timeline_get_origin (stuck), weft_timeline_get_end (stuck), &texts);
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *fork = g_strdup_printf ("fork-%u", i);

      /* Besides its object lane: its arrow on the lanes and its box in
       * the graph. */
      g_assert_cmpuint (count_text (&texts, fork), >=, 2);
    }
  g_assert_cmpuint (count_text (&texts, "waits for"), ==, 1);
  g_assert_cmpuint (count_text (&texts, "held by"), ==, 1);
  g_assert_cmpuint (count_text (&texts, "deadlock"), ==, 1);
  texts_clear (&texts);
  texts_clear (&plain);

  /* The window's graph, drawn on its own, names every box too, at a
   * size: it once drew them at size 0, every box empty. */
  {
    cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create (surface);
    WeftChartOptions options;
    Texts graph = { g_ptr_array_new_with_free_func (g_free), g_array_new (FALSE, FALSE, sizeof (double)),
                    g_array_new (FALSE, FALSE, sizeof (double)) };

    weft_chart_options_init (&options);
    options.width = 600;
    options.height = 240;
    options.text_func = collect_sized_text;
    options.text_data = &graph;
    weft_chart_draw_deadlock_graph_into (cr, stuck, &options);
    for (guint i = 1; i <= 3; i++)
      {
        g_autofree char *philosopher = g_strdup_printf ("philosopher-%u", i);
        g_autofree char *fork = g_strdup_printf ("fork-%u", i);

        g_assert_cmpuint (count_text (&graph, philosopher), ==, 1);
        g_assert_cmpuint (count_text (&graph, fork), ==, 1);
      }
    g_assert_cmpfloat (smallest_size, >, 6);
    texts_clear (&graph);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

/* The baseline @text was written at, or -1. */
static double
text_baseline (Texts      *texts,
               const char *text)
{
  for (guint i = 0; i < texts->texts->len; i++)
    if (g_str_equal (g_ptr_array_index (texts->texts, i), text))
      return g_array_index (texts->baselines, double, i);
  return -1;
}

/* A program recorded across processes: each process's lanes together,
 * in the order the processes came, under a heading that names the
 * process; the heading is nobody's lane.  One process looks as a
 * pattern does, with no heading. */
static void
test_process_groups (void)
{
  g_autoptr(WeftTimeline) timeline = test_two_process_timeline ();
  static const guint rows[] = { 0, 1, 3, 2, 4, 5 };
  gint64 t0 = weft_timeline_get_origin (timeline), t1 = weft_timeline_get_end (timeline);
  WeftChartOptions options;
  WeftChartLayout layout;
  WeftChartHit hit;
  Texts texts;
  double parent_heading, child_heading, y;

  weft_chart_options_init (&options);
  options.t0 = t0;
  options.t1 = t1;
  options.width = 1200;
  options.height = 600;
  weft_chart_layout (timeline, &options, &layout);
  g_assert_cmpuint (layout.n_groups, ==, 2);
  g_assert_cmpfloat (layout.group_height, >, 0);
  g_assert_cmpfloat (layout.threads_height, ==, 6 * layout.lane_height + 2 * layout.group_height);
  /* Row by row down the chart, each lane right under the one before,
   * but for the child's heading between the parent's last and its first. */
  for (guint row = 1; row < G_N_ELEMENTS (rows); row++)
    {
      double above = weft_chart_lane_y (timeline, &options, &layout, rows[row - 1]);
      double here = weft_chart_lane_y (timeline, &options, &layout, rows[row]);

      g_assert_cmpfloat (here - above, ==, layout.lane_height + (row == 3 ? layout.group_height : 0));
    }
  g_assert_cmpfloat (weft_chart_lane_y (timeline, &options, &layout, 0), ==, layout.lanes_y + layout.group_height);

  draw_texts_with (timeline, &options, &texts);
  parent_heading = text_baseline (&texts, "process 100 · parent");
  child_heading = text_baseline (&texts, "process 200 · child");
  g_assert_cmpfloat (parent_heading, >, layout.lanes_y);
  g_assert_cmpfloat (parent_heading, <, weft_chart_lane_y (timeline, &options, &layout, 0));
  g_assert_cmpfloat (child_heading, >, weft_chart_lane_y (timeline, &options, &layout, 3) + layout.lane_height);
  g_assert_cmpfloat (child_heading, <, weft_chart_lane_y (timeline, &options, &layout, 2));
  texts_clear (&texts);

  /* The pointer on a lane finds that lane; on a heading, none. */
  y = weft_chart_lane_y (timeline, &options, &layout, 3) + layout.lane_height / 2;
  g_assert_true (weft_chart_pick (timeline, &options, layout.plot_x + 10, y, &hit));
  g_assert_cmpint (hit.kind, ==, WEFT_CHART_HIT_LANE);
  g_assert_cmpuint (hit.index, ==, 3);
  y = weft_chart_lane_y (timeline, &options, &layout, 4) + layout.lane_height / 2;
  g_assert_true (weft_chart_pick (timeline, &options, layout.plot_x + 10, y, &hit));
  g_assert_cmpuint (hit.index, ==, 4);
  y = weft_chart_lane_y (timeline, &options, &layout, 2) - layout.group_height / 2;
  g_assert_false (weft_chart_pick (timeline, &options, layout.plot_x + 10, y, &hit) &&
                  hit.kind == WEFT_CHART_HIT_LANE);

  /* A single process: lanes in their order, no heading, as before. */
  {
    WeftParams params;
    g_autoptr(WeftTimeline) single = NULL;

    weft_pattern_get_default_params (&weft_program_pattern, &params);
    single = weft_timeline_new (&weft_program_pattern, &params);
    weft_timeline_add_process (single, 100, "parent");
    for (guint i = 0; i < 3; i++)
      weft_timeline_set_lane_process (single, weft_timeline_add_lane (single, "t", 100 + i), 0);
    weft_chart_layout (single, &options, &layout);
    g_assert_cmpuint (layout.n_groups, ==, 0);
    for (guint lane = 0; lane < 3; lane++)
      g_assert_cmpfloat (weft_chart_lane_y (single, &options, &layout, lane), ==,
                         layout.lanes_y + lane * layout.lane_height);
    draw_texts_with (single, &options, &texts);
    g_assert_cmpfloat (find_text (&texts, "process 100"), <, 0);
    texts_clear (&texts);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/detail-boundary", test_detail_boundary);
  g_test_add_func ("/chart/arrows", test_arrows);
  g_test_add_func ("/chart/deadlock", test_deadlock);
  g_test_add_func ("/chart/arrow-folds", test_arrow_folds);
  g_test_add_func ("/chart/upright-arrows", test_upright_arrows);
  g_test_add_func ("/chart/related-highlight", test_related_highlight);
  g_test_add_func ("/chart/legend-wraps", test_legend_wraps);
  g_test_add_func ("/chart/process-groups", test_process_groups);

  return g_test_run ();
}
