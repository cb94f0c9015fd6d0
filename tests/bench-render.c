/* bench-render.c: what a frame of the chart costs
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A timeline of N recorded spans across 32 lanes (with instants and a
 * counter, as a busy run has) drawn into a 1920x1080 image surface,
 * fully zoomed out and at 1 ms windows across the run; and the same
 * with a hand-off arrow into every wait, from a neighbouring lane.  And
 * the same spans across 256 lanes, more than fit: fully zoomed out, the
 * thread overview, which counts every lane per pixel column.
 */

#include "bench-util.h"
#include "weft-chart.h"
#include "weft-timeline.h"

#define LANES 32
#define MANY_LANES 256
#define FRAMES 120

static WeftTimeline *
make_timeline (guint    n_spans,
               gboolean with_arrows,
               guint    n_lanes)
{
  const WeftPattern *pattern = weft_patterns_lookup ("lock");
  WeftParams params;
  WeftTimeline *timeline;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  GRand *rand = g_rand_new_with_seed (42);
  gint64 clocks[MANY_LANES] = { 0 };
  guint16 lock, counter;
  gint64 value = 0;

  weft_pattern_get_default_params (pattern, &params);
  timeline = weft_timeline_new (pattern, &params);
  weft_timeline_set_origin (timeline, 1);
  lock = weft_timeline_add_object (timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  counter = weft_timeline_add_object (timeline, "counter", WEFT_OBJECT_COUNTER, n_spans / 2);
  g_assert (n_lanes <= MANY_LANES);
  for (guint lane = 0; lane < n_lanes; lane++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", lane + 1);
      weft_timeline_add_lane (timeline, name, 1000 + lane);
      clocks[lane] = 1;
    }

  /* Round-robin across lanes, in frame-sized batches, as drains come. */
  for (guint i = 0; i < n_spans; i++)
    {
      guint lane = i % n_lanes;
      WeftState state = (i / n_lanes) % 3;
      gint64 length = g_rand_int_range (rand, 1000, 100000);
      WeftEvent ev = { clocks[lane], i, lane, 0, state == WEFT_STATE_WORKING ? WEFT_OBJECT_NONE : lock,
                       WEFT_EVENT_BEGIN, state, 0 };

      g_array_append_val (events, ev);
      if (state == WEFT_STATE_CRITICAL)
        {
          WeftEvent mark = { clocks[lane], ++value, lane, 0, counter, WEFT_EVENT_INSTANT, WEFT_INSTANT_WRITE, 0 };
          WeftEvent sample = { clocks[lane] + 1, value, lane, 0, counter, WEFT_EVENT_COUNTER, 0, 0 };
          g_array_append_val (events, mark);
          g_array_append_val (events, sample);
        }
      clocks[lane] += length;
      ev.time_ns = clocks[lane];
      ev.kind = WEFT_EVENT_END;
      g_array_append_val (events, ev);
      if (with_arrows && state == WEFT_STATE_WAITING)
        {
          /* Let go by the next lane, a little before the wait ended. */
          gint64 from = MAX (1, clocks[lane] - g_rand_int_range (rand, 500, length));
          WeftEvent handoff = { clocks[lane], from, lane, (lane + 1) % n_lanes, lock,
                                WEFT_EVENT_INSTANT, WEFT_INSTANT_HANDOFF, 0 };

          g_array_append_val (events, handoff);
        }
      if (events->len > 60000)
        {
          weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) events->data, events->len);
          g_array_set_size (events, 0);
        }
    }
  weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) events->data, events->len);
  weft_timeline_finish (timeline, 0);
  g_rand_free (rand);
  return timeline;
}

static double
frame_p95 (WeftTimeline *timeline,
           gint64        window,
           gboolean      overview)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1920, 1080);
  gint64 origin = weft_timeline_get_origin (timeline);
  gint64 end = weft_timeline_get_end (timeline);
  WeftChartOptions options;

  weft_chart_options_init (&options);
  options.width = 1920;
  options.height = 1080;
  options.snap = TRUE;
  options.fill_height = TRUE;

  for (guint f = 0; f < FRAMES; f++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 start, stop;
      double ms;

      if (window <= 0)
        {
          options.t0 = origin;
          options.t1 = end;
        }
      else
        {
          /* Walk the window across the run, as panning would. */
          options.t0 = origin + (end - origin - window) * f / FRAMES;
          options.t1 = options.t0 + window;
        }
      if (f == 0)
        {
          WeftChartLayout layout;

          /* Each case draws what it is meant to. */
          weft_chart_layout (timeline, &options, &layout);
          g_assert_cmpint (layout.overview, ==, overview);
        }
      start = weft_clock_now_ns ();
      weft_chart_draw (cr, timeline, &options);
      cairo_surface_flush (surface);
      stop = weft_clock_now_ns ();
      cairo_destroy (cr);
      ms = (stop - start) / 1e6;
      g_array_append_val (samples, ms);
    }
  cairo_surface_destroy (surface);
  return bench_percentile (samples, 95);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WeftTimeline) big = make_timeline (1000000, FALSE, LANES);
  g_autoptr(WeftTimeline) small = make_timeline (10000, FALSE, LANES);
  g_autoptr(WeftTimeline) many = NULL;
  double big_fit = frame_p95 (big, 0, FALSE);
  double big_ms = frame_p95 (big, WEFT_NSEC_PER_MSEC, FALSE);
  double small_fit = frame_p95 (small, 0, FALSE);
  double small_ms = frame_p95 (small, WEFT_NSEC_PER_MSEC, FALSE);
  double arrows_fit, arrows_ms, overview_fit;

  g_clear_pointer (&small, weft_timeline_unref);
  small = make_timeline (1000000, TRUE, LANES);
  arrows_fit = frame_p95 (small, 0, FALSE);
  arrows_ms = frame_p95 (small, WEFT_NSEC_PER_MSEC, FALSE);
  many = make_timeline (1000000, FALSE, MANY_LANES);
  overview_fit = frame_p95 (many, 0, TRUE);

  g_assert_cmpuint (weft_timeline_get_n_spans (big), ==, 1000000);
  bench_print ("render.frame.1m.fit.p95.ms", big_fit, "ms");
  bench_print ("render.frame.1m.1ms.p95.ms", big_ms, "ms");
  bench_print ("render.frame.1m.p95.ms", MAX (big_fit, big_ms), "ms");
  bench_print ("render.frame.10k.p95.ms", MAX (small_fit, small_ms), "ms");
  g_assert_cmpuint (weft_timeline_get_n_arrows (small), >, 300000);
  bench_print ("render.frame.1m.arrows.fit.p95.ms", arrows_fit, "ms");
  bench_print ("render.frame.1m.arrows.1ms.p95.ms", arrows_ms, "ms");
  bench_print ("render.frame.1m.arrows.p95.ms", MAX (arrows_fit, arrows_ms), "ms");
  bench_print ("render.frame.1m.256lanes.overview.fit.p95.ms", overview_fit, "ms");
  bench_print ("timeline.1m.bytes_per_event", (double) weft_timeline_get_memory (big) / weft_timeline_get_n_events (big), "B");
  return 0;
}
