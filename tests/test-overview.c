/* test-overview.c: many threads' lanes shrink, then give way to an overview
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <cairo.h>
#include <math.h>

#include <glib/gstdio.h>

#include "weft-census.h"
#include "weft-chart.h"
#include "weft-export.h"
#include "weft-test-util.h"
#include "chart-texts.h"

#define US G_GINT64_CONSTANT (1000)
#define MS WEFT_NSEC_PER_MSEC
#define RUN_END (100 * MS)
/* The chart's thinnest lane (LANE_HEIGHT_MIN in weft-chart-private.h). */
#define MIN_LANE 8.0

/* A stretch of one lane in one state, as the test made it. */
typedef struct
{
  gint64 start;
  gint64 end;
  WeftState state;
} Seg;

/* What a hand-made lane did, to count against. */
typedef struct
{
  gint64 born;
  gint64 died;
  GArray *top;           /* Seg, at depth 0 */
  GArray *nested;        /* Seg, at depth 1, each inside a critical one */
  gint64 gap_from;       /* events lost here; both 0 for none */
  gint64 gap_to;
} LaneRecord;

typedef struct
{
  WeftTimeline *timeline;
  LaneRecord *lanes;
  guint n_lanes;
} Crowd;

static void
add_span (GArray    *events,
          GArray    *segs,
          guint      lane,
          WeftState  state,
          guint16    object,
          gint64     start,
          gint64     end)
{
  WeftEvent begin = test_event (lane, start, WEFT_EVENT_BEGIN, state, object, 0, 0);
  WeftEvent finish = test_event (lane, end, WEFT_EVENT_END, state, object, 0, 0);
  Seg seg = { start, end, state };

  g_array_append_val (events, begin);
  g_array_append_val (events, finish);
  g_array_append_val (segs, seg);
}

/* @n_lanes threads on a lock for 100 ms: each works, waits, holds the
 * lock (some waiting on a second object meanwhile), with stretches in
 * no span between.  Every fifth starts late, every seventh ends early,
 * and lane 3 loses its events from 40 to 42 ms.  Under 1024 spans a
 * lane, so the timeline keeps no summary and queries give every span. */
static void
crowd_init (Crowd *crowd,
            guint  n_lanes)
{
  const WeftPattern *pattern;
  WeftParams params;
  GRand *rand = g_rand_new_with_seed (7);
  guint16 lock, other;

  test_params ("lock", &pattern, &params);
  crowd->timeline = weft_timeline_new (pattern, &params);
  crowd->n_lanes = n_lanes;
  crowd->lanes = g_new0 (LaneRecord, n_lanes);
  weft_timeline_set_origin (crowd->timeline, 1);
  lock = weft_timeline_add_object (crowd->timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  other = weft_timeline_add_object (crowd->timeline, "other", WEFT_OBJECT_MUTEX, 0);

  for (guint lane = 0; lane < n_lanes; lane++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", lane + 1);
      g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
      LaneRecord *rec = &crowd->lanes[lane];
      WeftEvent start;
      gint64 t;

      weft_timeline_add_lane (crowd->timeline, name, 1000 + lane);
      rec->top = g_array_new (FALSE, FALSE, sizeof (Seg));
      rec->nested = g_array_new (FALSE, FALSE, sizeof (Seg));
      rec->born = lane % 5 == 4 ? 20 * MS + lane * 10 * US : 1 * MS + lane * US + 17;
      rec->died = lane % 7 == 6 ? 60 * MS + lane * US + 3 : RUN_END;
      if (lane == 3)
        {
          rec->gap_from = 40 * MS;
          rec->gap_to = 42 * MS;
        }
      start = test_event (lane, rec->born, WEFT_EVENT_INSTANT, WEFT_INSTANT_START, WEFT_OBJECT_NONE, 0, 0);
      g_array_append_val (events, start);

      for (t = rec->born + 3; t + 1600 * US < rec->died;)
        {
          gint64 work = g_rand_int_range (rand, 20, 400) * US + g_rand_int_range (rand, 0, 997);
          gint64 idle = g_rand_boolean (rand) ? g_rand_int_range (rand, 0, 150) * US + 11 : 0;
          gint64 wait = g_rand_int_range (rand, 50, 600) * US + g_rand_int_range (rand, 0, 991);
          gint64 hold = g_rand_int_range (rand, 30, 300) * US + g_rand_int_range (rand, 0, 983);
          gint64 after = g_rand_int_range (rand, 0, 80) * US;

          /* Nothing is recorded while events are being lost. */
          if (rec->gap_to > 0 && t + 1600 * US > rec->gap_from && t < rec->gap_to)
            {
              WeftEvent gap = test_event (lane, rec->gap_from, WEFT_EVENT_GAP, 0, WEFT_OBJECT_NONE, rec->gap_to, 5);

              g_array_append_val (events, gap);
              t = rec->gap_to + 7;
              continue;
            }
          add_span (events, rec->top, lane, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, t, t + work);
          t += work + idle;
          add_span (events, rec->top, lane, WEFT_STATE_WAITING, lock, t, t + wait);
          t += wait;
          if (lane % 3 == 0 && g_rand_boolean (rand))
            {
              /* Holding the lock while waiting on the other object. */
              WeftEvent begin = test_event (lane, t, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, lock, 0, 0);
              WeftEvent end = test_event (lane, t + hold, WEFT_EVENT_END, WEFT_STATE_CRITICAL, lock, 0, 0);
              Seg seg = { t, t + hold, WEFT_STATE_CRITICAL };

              g_array_append_val (events, begin);
              add_span (events, rec->nested, lane, WEFT_STATE_WAITING, other, t + hold / 4, t + hold / 2);
              g_array_append_val (events, end);
              g_array_append_val (rec->top, seg);
            }
          else
            add_span (events, rec->top, lane, WEFT_STATE_CRITICAL, lock, t, t + hold);
          t += hold + after;
        }
      if (rec->died < RUN_END)
        {
          WeftEvent end = test_event (lane, rec->died, WEFT_EVENT_INSTANT, WEFT_INSTANT_END, WEFT_OBJECT_NONE, 0, 0);

          g_array_append_val (events, end);
        }
      weft_timeline_add_events (crowd->timeline, (const WeftEvent *) (gpointer) events->data, events->len);
    }
  weft_timeline_finish (crowd->timeline, RUN_END);
  g_rand_free (rand);
}

static void
crowd_clear (Crowd *crowd)
{
  for (guint lane = 0; lane < crowd->n_lanes; lane++)
    {
      g_array_unref (crowd->lanes[lane].top);
      g_array_unref (crowd->lanes[lane].nested);
    }
  g_free (crowd->lanes);
  g_clear_pointer (&crowd->timeline, weft_timeline_unref);
}

static double
overlap (double a0,
         double a1,
         double b0,
         double b1)
{
  return MAX (0.0, MIN (a1, b1) - MAX (a0, b0));
}

/* Adds @sign times the time @seg spends in each of the columns of
 * @ns_per_column from @t0 to @time's row of kind @kind. */
static void
spread (double  *time,
        guint    n_columns,
        double   t0,
        double   ns_per_column,
        double   start,
        double   end,
        guint    kind,
        double   sign)
{
  gint first = (gint) floor ((start - t0) / ns_per_column);
  gint last = (gint) floor ((end - t0) / ns_per_column);

  for (gint c = MAX (first, 0); c <= MIN (last, (gint) n_columns - 1); c++)
    time[c * WEFT_N_CENSUS + kind] += sign * overlap (start, end, t0 + c * ns_per_column, t0 + (c + 1) * ns_per_column);
}

/* Of kinds as long in a column, the one weft-census.c prefers. */
static const guint tie_rank[WEFT_N_CENSUS] = {
  [WEFT_CENSUS_LOST] = 6, [WEFT_CENSUS_CRITICAL] = 5, [WEFT_CENSUS_WAITING] = 4, [WEFT_CENSUS_HELD] = 3,
  [WEFT_CENSUS_RECORDER] = 2, [WEFT_CENSUS_WORKING] = 1, [WEFT_CENSUS_BETWEEN] = 0,
};

/* The counts worked out from what the test made, not from the timeline:
 * per column, each lane alive in it by the kind it spent most time in,
 * the innermost span winning, the lost stretch over all. */
static guint *
expected_counts (const Crowd *crowd,
                 double       t0,
                 double       ns_per_column,
                 guint        n_columns,
                 guint       *alive)
{
  guint *counts = g_new0 (guint, n_columns * WEFT_N_CENSUS);
  g_autofree double *time = g_new (double, n_columns * WEFT_N_CENSUS);
  g_autofree double *lived = g_new (double, n_columns);

  memset (alive, 0, n_columns * sizeof (guint));
  for (guint lane = 0; lane < crowd->n_lanes; lane++)
    {
      const LaneRecord *rec = &crowd->lanes[lane];

      memset (time, 0, n_columns * WEFT_N_CENSUS * sizeof (double));
      for (guint c = 0; c < n_columns; c++)
        lived[c] = overlap (rec->born, rec->died, t0 + c * ns_per_column, t0 + (c + 1) * ns_per_column);
      /* Alive and in no span, until a span or the lost stretch says otherwise. */
      spread (time, n_columns, t0, ns_per_column, rec->born, rec->died, WEFT_CENSUS_BETWEEN, 1);
      for (guint i = 0; i < rec->top->len; i++)
        {
          const Seg *seg = &g_array_index (rec->top, Seg, i);

          spread (time, n_columns, t0, ns_per_column, seg->start, seg->end, seg->state, 1);
          spread (time, n_columns, t0, ns_per_column, seg->start, seg->end, WEFT_CENSUS_BETWEEN, -1);
        }
      for (guint i = 0; i < rec->nested->len; i++)
        {
          const Seg *seg = &g_array_index (rec->nested, Seg, i);

          spread (time, n_columns, t0, ns_per_column, seg->start, seg->end, seg->state, 1);
          spread (time, n_columns, t0, ns_per_column, seg->start, seg->end, WEFT_STATE_CRITICAL, -1);
        }
      if (rec->gap_to > rec->gap_from)
        {
          spread (time, n_columns, t0, ns_per_column, rec->gap_from, rec->gap_to, WEFT_CENSUS_LOST, 1);
          spread (time, n_columns, t0, ns_per_column, rec->gap_from, rec->gap_to, WEFT_CENSUS_BETWEEN, -1);
        }
      for (guint c = 0; c < n_columns; c++)
        {
          const double *column = &time[c * WEFT_N_CENSUS];
          guint best = WEFT_CENSUS_BETWEEN;

          if (lived[c] <= 0)
            continue;
          alive[c]++;
          for (guint k = 0; k < WEFT_N_CENSUS; k++)
            if (column[k] > column[best] + 1e-6 ||
                (fabs (column[k] - column[best]) <= 1e-6 && tie_rank[k] > tie_rank[best]))
              best = k;
          counts[c * WEFT_N_CENSUS + best]++;
        }
    }
  return counts;
}

/* The kind a lane was in at @t, from what the test made. */
static guint
expected_kind_at (const LaneRecord *rec,
                  gint64            t)
{
  if (rec->gap_to > rec->gap_from && rec->gap_from <= t && t <= rec->gap_to)
    return WEFT_CENSUS_LOST;
  for (guint i = 0; i < rec->nested->len; i++)
    if (g_array_index (rec->nested, Seg, i).start <= t && t < g_array_index (rec->nested, Seg, i).end)
      return g_array_index (rec->nested, Seg, i).state;
  for (guint i = 0; i < rec->top->len; i++)
    if (g_array_index (rec->top, Seg, i).start <= t && t < g_array_index (rec->top, Seg, i).end)
      return g_array_index (rec->top, Seg, i).state;
  return WEFT_CENSUS_BETWEEN;
}

static void
window_options (WeftChartOptions *options,
                gint64            t0,
                gint64            t1)
{
  weft_chart_options_init (options);
  options->t0 = t0;
  options->t1 = t1;
  options->width = 1200;
  options->height = 700;
  options->fill_height = TRUE;
  options->snap = TRUE;
}

static cairo_surface_t *
draw_image (WeftTimeline           *timeline,
            const WeftChartOptions *options)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) options->width,
                                                         (int) options->height);
  cairo_t *cr = cairo_create (surface);

  weft_chart_draw (cr, timeline, options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static gboolean
pixel_is (cairo_surface_t *surface,
          int              x,
          int              y,
          const WeftColor *color)
{
  const guint8 *pixel = cairo_image_surface_get_data (surface) + y * cairo_image_surface_get_stride (surface) + x * 4;

  return ABS (pixel[2] - (int) (color->red * 255 + 0.5)) <= 2 &&
         ABS (pixel[1] - (int) (color->green * 255 + 0.5)) <= 2 &&
         ABS (pixel[0] - (int) (color->blue * 255 + 0.5)) <= 2;
}

/* 200 threads zoomed in: the lanes shrink to the thinnest lane and
 * fill the threads' area to its bottom, still scrolling; every lane in
 * sight shows its span's colour, nested spans inside their parents. */
static void
test_lanes_shrink (void)
{
  Crowd crowd;
  const WeftPalette *palette = weft_palette_get (FALSE);
  WeftChartOptions options;
  WeftChartLayout layout;
  cairo_surface_t *surface;
  guint n_seen = 0;
  gboolean nested_seen = FALSE;

  crowd_init (&crowd, 200);
  /* A millisecond from 30 ms: lanes, not the overview. */
  window_options (&options, 30 * MS, 31 * MS);
  weft_chart_layout (crowd.timeline, &options, &layout);
  g_assert_false (layout.overview);
  g_assert_cmpfloat (layout.lane_height, ==, MIN_LANE);
  g_assert_cmpfloat (layout.content_height, >, layout.threads_bottom - layout.lanes_y);

  surface = draw_image (crowd.timeline, &options);
  for (guint lane = 0; lane < 200; lane++)
    {
      double top = layout.lanes_y + lane * layout.lane_height;
      gint64 t;
      guint kind = WEFT_CENSUS_BETWEEN;
      int x = -1;

      if (top + layout.lane_height > layout.threads_bottom)
        break;
      /* A moment of the lane's own, inside one of its depth-0 spans and
       * clear of any nested one. */
      for (t = 30 * MS + 20 * US; t < 31 * MS - 20 * US; t += 10 * US)
        {
          kind = expected_kind_at (&crowd.lanes[lane], t);
          if (kind < WEFT_N_STATES && expected_kind_at (&crowd.lanes[lane], t - 5 * US) == kind &&
              expected_kind_at (&crowd.lanes[lane], t + 5 * US) == kind)
            {
              x = (int) weft_chart_time_to_x (&options, &layout, t);
              break;
            }
        }
      if (x < 0)
        continue;
      /* The state's colour in the lane's middle, and not beyond it. */
      g_assert_true (pixel_is (surface, x, (int) (top + layout.lane_height / 2), &palette->states[kind]));
      n_seen++;
    }
  /* The area is full: lanes down to the last whole one above its bottom. */
  g_assert_cmpuint (n_seen, >=, (guint) ((layout.threads_bottom - layout.lanes_y) / MIN_LANE) - 8);
  cairo_surface_destroy (surface);

  /* A nested wait inside a hold, drawn in an 8-unit lane: the hold's
   * colour above and below it, the wait's in its middle, and nothing
   * outside the lane. */
  for (guint lane = 0; lane < 200; lane += 3)
    {
      const LaneRecord *rec = &crowd.lanes[lane];
      double top = layout.lanes_y + lane * layout.lane_height;
      const Seg *seg;
      int x, y;

      if (rec->nested->len == 0 || top + layout.lane_height > layout.threads_bottom)
        continue;
      seg = &g_array_index (rec->nested, Seg, 0);
      if (seg->end - seg->start < 30 * US)
        continue;
      options.t0 = seg->start - 200 * US;
      options.t1 = seg->start + 800 * US;
      weft_chart_layout (crowd.timeline, &options, &layout);
      g_assert_cmpfloat (layout.lane_height, ==, MIN_LANE);
      surface = draw_image (crowd.timeline, &options);
      x = (int) weft_chart_time_to_x (&options, &layout, (seg->start + seg->end) / 2);
      y = (int) top;
      g_assert_true (pixel_is (surface, x, y + 1, &palette->states[WEFT_STATE_CRITICAL]));
      g_assert_true (pixel_is (surface, x, y + 4, &palette->states[WEFT_STATE_WAITING]));
      g_assert_true (pixel_is (surface, x, y + 6, &palette->states[WEFT_STATE_CRITICAL]));
      g_assert_false (pixel_is (surface, x, y - 1, &palette->states[WEFT_STATE_CRITICAL]));
      g_assert_false (pixel_is (surface, x, y + 8, &palette->states[WEFT_STATE_CRITICAL]) &&
                      expected_kind_at (&crowd.lanes[lane + 1], (seg->start + seg->end) / 2) != WEFT_STATE_CRITICAL);
      cairo_surface_destroy (surface);
      nested_seen = TRUE;
      break;
    }
  g_assert_true (nested_seen);
  crowd_clear (&crowd);

  /* Forty threads in the same room need not scroll: their lanes shrink
   * to share it, below the natural 28 units, and fill it. */
  crowd_init (&crowd, 40);
  window_options (&options, 30 * MS, 31 * MS);
  weft_chart_layout (crowd.timeline, &options, &layout);
  g_assert_false (layout.overview);
  g_assert_cmpfloat (layout.lane_height, <, 28);
  g_assert_cmpfloat (layout.lane_height, >, MIN_LANE);
  g_assert_cmpfloat (layout.content_height, <=, layout.threads_bottom - layout.lanes_y);
  g_assert_cmpfloat (layout.lanes_y + layout.threads_height + layout.lane_height + layout.objects_height, >=,
                     layout.threads_bottom);
  crowd_clear (&crowd);
}

/* Zoomed out, 240 threads give way to the overview, whose counts are
 * those worked out from the spans the test made, add up to the threads
 * alive in each column, and are drawn as bands as tall as they say. */
static void
test_overview_counts (void)
{
  Crowd crowd;
  const WeftPalette *palette = weft_palette_get (FALSE);
  WeftChartOptions options;
  WeftChartLayout layout;
  g_autoptr(WeftCensus) census = NULL;
  g_autofree guint *expected = NULL;
  g_autofree guint *alive = NULL;
  cairo_surface_t *surface;
  double ns_per_column;
  guint n_columns, n_lost = 0, n_nested = 0, n_between = 0, n_checked = 0;
  Texts texts;

  crowd_init (&crowd, 240);
  window_options (&options, 0, RUN_END + MS);
  weft_chart_layout (crowd.timeline, &options, &layout);
  g_assert_true (layout.overview);
  /* It takes the threads' room and does not scroll; the lock is below. */
  g_assert_cmpfloat (layout.content_height, <=, layout.lanes_bottom - layout.lanes_y);
  g_assert_cmpuint (layout.n_counters, >=, 1);

  n_columns = (guint) ceil (layout.plot_width);
  ns_per_column = (double) (options.t1 - options.t0) / layout.plot_width;
  census = weft_census_new (crowd.timeline, options.t0, ns_per_column, n_columns);
  alive = g_new (guint, n_columns);
  expected = expected_counts (&crowd, options.t0, ns_per_column, n_columns, alive);
  for (guint c = 0; c < n_columns; c++)
    {
      const guint *counts = weft_census_get_column (census, c);

      for (guint k = 0; k < WEFT_N_CENSUS; k++)
        g_assert_cmpuint (counts[k], ==, expected[c * WEFT_N_CENSUS + k]);
      g_assert_cmpuint (weft_census_get_alive (census, c), ==, alive[c]);
      n_lost += counts[WEFT_CENSUS_LOST];
      n_between += counts[WEFT_CENSUS_BETWEEN];
    }
  for (guint lane = 0; lane < 240; lane++)
    n_nested += crowd.lanes[lane].nested->len;
  /* The test made what it means to check: lost events, nesting, late
   * and early threads (200 and 240 alive at once), time in no span. */
  g_assert_cmpuint (n_lost, >, 0);
  g_assert_cmpuint (n_nested, >, 0);
  g_assert_cmpuint (n_between, >, 0);
  g_assert_cmpuint (alive[(guint) (10 * MS / ns_per_column)], ==, 240 - 48);
  g_assert_cmpuint (alive[(guint) (50 * MS / ns_per_column)], ==, 240);
  g_assert_cmpuint (alive[(guint) (80 * MS / ns_per_column)], ==, 240 - 34);

  /* Drawn: in a column, each state's band as tall as its count, all to
   * one scale. */
  surface = draw_image (crowd.timeline, &options);
  for (guint c = 100; c < n_columns; c += 97)
    {
      const guint *counts = weft_census_get_column (census, c);
      int x = (int) layout.plot_x + c;
      double run[WEFT_N_STATES] = { 0 };
      double scale;

      for (int y = (int) layout.lanes_y; y < (int) layout.threads_bottom; y++)
        for (guint s = 0; s < WEFT_STATE_RECORDER; s++)
          if (pixel_is (surface, x, y, &palette->states[s]))
            run[s]++;
      if (counts[WEFT_STATE_WAITING] < 20)
        continue;
      scale = run[WEFT_STATE_WAITING] / counts[WEFT_STATE_WAITING];
      g_assert_cmpfloat (scale, >, 1.0);
      for (guint s = 0; s < WEFT_STATE_RECORDER; s++)
        g_assert_cmpfloat (fabs (run[s] - counts[s] * scale), <=, 2.0);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >=, 5);
  cairo_surface_destroy (surface);

  /* It says what it is, and that no lane is drawn. */
  draw_texts_with (crowd.timeline, &options, &texts);
  g_assert_cmpfloat (find_text (&texts, "Overview of 240 threads"), >=, 0);
  g_assert_cmpuint (count_text (&texts, "240"), >=, 1);
  g_assert_cmpfloat (find_text (&texts, "worker-1"), <, 0);
  texts_clear (&texts);
  crowd_clear (&crowd);
}

/* Zooming in brings the lanes back, as does asking for every lane. */
static void
test_zoom_in_brings_lanes_back (void)
{
  Crowd crowd;
  WeftChartOptions options;
  WeftChartLayout layout;
  WeftChartHit hit;
  Texts texts;

  crowd_init (&crowd, 240);
  window_options (&options, 0, RUN_END + MS);
  weft_chart_layout (crowd.timeline, &options, &layout);
  g_assert_true (layout.overview);
  g_assert_true (weft_chart_pick (crowd.timeline, &options, layout.plot_x + 100, layout.lanes_y + 100, &hit));
  g_assert_cmpint (hit.kind, ==, WEFT_CHART_HIT_OVERVIEW);

  /* Halving the window step by step: lanes once zoomed in far enough. */
  while (layout.overview && options.t1 - options.t0 > MS)
    {
      options.t1 = options.t0 + (options.t1 - options.t0) / 2;
      weft_chart_layout (crowd.timeline, &options, &layout);
    }
  g_assert_false (layout.overview);
  g_assert_cmpfloat (options.t1 - options.t0, >, MS);
  g_assert_cmpfloat (layout.lane_height, ==, MIN_LANE);
  g_assert_true (weft_chart_pick (crowd.timeline, &options, layout.plot_x + 100, layout.lanes_y + 4.5 * MIN_LANE, &hit));
  g_assert_cmpint (hit.kind, ==, WEFT_CHART_HIT_LANE);
  g_assert_cmpuint (hit.index, ==, 4);
  draw_texts_with (crowd.timeline, &options, &texts);
  g_assert_cmpfloat (find_text (&texts, "Overview of"), <, 0);
  g_assert_cmpuint (count_text (&texts, "worker-1"), ==, 1);
  texts_clear (&texts);

  /* Zoomed out again, but every lane asked for. */
  window_options (&options, 0, RUN_END + MS);
  options.lanes_only = TRUE;
  weft_chart_layout (crowd.timeline, &options, &layout);
  g_assert_false (layout.overview);
  g_assert_cmpfloat (layout.content_height, >=, 240 * MIN_LANE);
  crowd_clear (&crowd);
}

/* Hovering says the counts at that moment, exact, and how its column
 * counted them; and where events were lost, says so. */
static void
test_hover_counts (void)
{
  Crowd crowd;
  WeftChartOptions options;
  guint counts[WEFT_N_CENSUS];
  guint expected[WEFT_N_CENSUS] = { 0 };
  g_autofree char *said = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *at_gap = NULL;
  const gint64 t = 50 * MS + 123 * US;

  crowd_init (&crowd, 240);
  window_options (&options, 0, RUN_END + MS);
  for (guint lane = 0; lane < 240; lane++)
    if (crowd.lanes[lane].born <= t && t < crowd.lanes[lane].died)
      expected[expected_kind_at (&crowd.lanes[lane], t)]++;
  g_assert_true (weft_census_count_at (crowd.timeline, t, counts));
  for (guint k = 0; k < WEFT_N_CENSUS; k++)
    g_assert_cmpuint (counts[k], ==, expected[k]);

  said = weft_chart_describe_overview_at (crowd.timeline, &options, t);
  listed = g_strdup_printf ("At 50.123 ms: %u critical, %u waiting, %u working, %u between spans",
                            expected[WEFT_CENSUS_CRITICAL], expected[WEFT_CENSUS_WAITING],
                            expected[WEFT_CENSUS_WORKING], expected[WEFT_CENSUS_BETWEEN]);
  g_assert_true (g_str_has_prefix (said, listed));
  g_assert_nonnull (strstr (said, "In this column ("));
  g_assert_null (strstr (said, "not known yet"));

  at_gap = weft_chart_describe_overview_at (crowd.timeline, &options, 41 * MS);
  g_assert_nonnull (strstr (at_gap, "1 unknown"));
  g_assert_nonnull (strstr (at_gap, "events were lost here"));
  crowd_clear (&crowd);
}

/* While events may still come, the time past what is known says so. */
static void
test_not_known_yet (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  WeftChartOptions options;
  g_autofree char *known = NULL;
  g_autofree char *unknown = NULL;

  test_params ("lock", &pattern, &params);
  timeline = weft_timeline_new (pattern, &params);
  weft_timeline_set_origin (timeline, 1);
  for (guint lane = 0; lane < 240; lane++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", lane + 1);
      /* Lane 0 has told nothing past 20 ms; the others up to 90 ms. */
      gint64 last = lane == 0 ? 20 * MS : 90 * MS;

      weft_timeline_add_lane (timeline, name, 100 + lane);
      for (gint64 t = MS; t + 200 * US <= last; t += 200 * US)
        {
          WeftEvent begin = test_event (lane, t, WEFT_EVENT_BEGIN, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 0, 0);
          WeftEvent end = test_event (lane, t + 150 * US, WEFT_EVENT_END, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 0, 0);

          g_array_append_val (events, begin);
          g_array_append_val (events, end);
        }
    }
  weft_timeline_add_events (timeline, (const WeftEvent *) (gpointer) events->data, events->len);
  g_assert_false (weft_timeline_is_finished (timeline));
  g_assert_cmpint (weft_timeline_get_known_until (timeline), <, 21 * MS);

  window_options (&options, 0, 91 * MS);
  known = weft_chart_describe_overview_at (timeline, &options, 10 * MS);
  unknown = weft_chart_describe_overview_at (timeline, &options, 50 * MS);
  g_assert_null (strstr (known, "not known yet"));
  g_assert_nonnull (strstr (unknown, "not known yet"));
}

/* A picture of the whole run draws the overview as the window does,
 * at a height that fits a page; asked for every lane, every lane. */
static void
test_export_draws_overview (void)
{
  Crowd crowd;
  WeftChartOptions options;
  WeftChartLayout layout;
  Texts texts;
  double overview_height;

  crowd_init (&crowd, 240);
  weft_chart_options_init (&options);
  options.t0 = 0;
  options.t1 = RUN_END + MS;
  options.width = 1200;
  options.with_header = TRUE;
  options.height = weft_chart_natural_height (crowd.timeline, &options);
  weft_chart_layout (crowd.timeline, &options, &layout);
  g_assert_true (layout.overview);
  overview_height = options.height;
  g_assert_cmpfloat (overview_height, <, 1000);
  draw_texts_with (crowd.timeline, &options, &texts);
  g_assert_cmpfloat (find_text (&texts, "Overview of 240 threads"), >=, 0);
  texts_clear (&texts);

  options.lanes_only = TRUE;
  options.text_func = NULL;
  options.height = weft_chart_natural_height (crowd.timeline, &options);
  weft_chart_layout (crowd.timeline, &options, &layout);
  g_assert_false (layout.overview);
  g_assert_cmpfloat (options.height, >, 240 * 28);
  crowd_clear (&crowd);
}

/* The files: an SVG and a PNG of the whole run draw the overview, as
 * the window would; told that the window shows every lane, every lane. */
static void
test_export_files (void)
{
  Crowd crowd;
  g_autofree char *dir = g_dir_make_tmp ("weft-overview-XXXXXX", NULL);
  g_autofree char *svg_path = g_build_filename (dir, "run.svg", NULL);
  g_autofree char *png_path = g_build_filename (dir, "run.png", NULL);
  g_autofree char *svg = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  WeftExportOptions options = { 0 };
  cairo_surface_t *png;

  crowd_init (&crowd, 240);
  checks = weft_check_timeline (crowd.timeline);
  g_assert_true (weft_export_timeline (crowd.timeline, checks, svg_path, &options, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
  g_assert_nonnull (strstr (svg, ">Overview of 240 threads<"));
  g_assert_null (strstr (svg, ">worker-240<"));
  g_clear_pointer (&svg, g_free);

  g_assert_true (weft_export_timeline (crowd.timeline, checks, png_path, &options, &error));
  png = cairo_image_surface_create_from_png (png_path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_height (png), <, 1000);
  cairo_surface_destroy (png);

  options.lanes_only = TRUE;
  g_assert_true (weft_export_timeline (crowd.timeline, checks, svg_path, &options, &error));
  g_assert_true (g_file_get_contents (svg_path, &svg, NULL, NULL));
  g_assert_null (strstr (svg, ">Overview of 240 threads<"));
  g_assert_nonnull (strstr (svg, ">worker-240<"));

  g_unlink (svg_path);
  g_unlink (png_path);
  g_rmdir (dir);
  crowd_clear (&crowd);
}

/* Where the timeline keeps summaries (lanes of thousands of spans), the
 * counts still add up to the threads alive: each summarised, never
 * dropped or counted twice. */
static void
test_summarised_counts (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftCensus) census = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  GRand *rand = g_rand_new_with_seed (3);
  const guint n_lanes = 64;

  test_params ("lock", &pattern, &params);
  timeline = weft_timeline_new (pattern, &params);
  weft_timeline_set_origin (timeline, 1);
  for (guint lane = 0; lane < n_lanes; lane++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", lane + 1);
      gint64 t = MS + lane * 1000;

      weft_timeline_add_lane (timeline, name, 100 + lane);
      for (guint i = 0; i < 4000; i++)
        {
          gint64 length = g_rand_int_range (rand, 500, 20000);
          WeftEvent begin = test_event (lane, t, WEFT_EVENT_BEGIN, i % 3, WEFT_OBJECT_NONE, 0, 0);
          WeftEvent end = test_event (lane, t + length, WEFT_EVENT_END, i % 3, WEFT_OBJECT_NONE, 0, 0);

          g_array_append_val (events, begin);
          g_array_append_val (events, end);
          t += length + g_rand_int_range (rand, 0, 3000);
        }
    }
  weft_timeline_add_events (timeline, (const WeftEvent *) (gpointer) events->data, events->len);
  weft_timeline_finish (timeline, 50 * MS);
  g_rand_free (rand);

  census = weft_census_new (timeline, 0, 50.0 * MS / 800, 800);
  for (guint c = 0; c < 800; c++)
    {
      gint64 from = (gint64) (c * 50.0 * MS / 800), to = (gint64) ((c + 1) * 50.0 * MS / 800);
      guint alive = 0;

      for (guint lane = 0; lane < n_lanes; lane++)
        alive += weft_timeline_get_lane_start (timeline, lane) < to && from < 50 * MS;
      g_assert_cmpuint (weft_census_get_alive (census, c), ==, alive);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/overview/lanes-shrink", test_lanes_shrink);
  g_test_add_func ("/overview/counts", test_overview_counts);
  g_test_add_func ("/overview/zoom-in-brings-lanes-back", test_zoom_in_brings_lanes_back);
  g_test_add_func ("/overview/hover-counts", test_hover_counts);
  g_test_add_func ("/overview/not-known-yet", test_not_known_yet);
  g_test_add_func ("/overview/export", test_export_draws_overview);
  g_test_add_func ("/overview/export-files", test_export_files);
  g_test_add_func ("/overview/summarised-counts", test_summarised_counts);
  return g_test_run ();
}
