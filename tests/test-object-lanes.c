/* test-object-lanes.c: who holds, waits on and fills each object
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <cairo.h>

#include "weft-chart.h"
#include "weft-queue-rows.h"
#include "weft-recording.h"
#include "weft-test-util.h"
#include "chart-texts.h"

#define LABEL_WIDTH_FOR_TEST 150.0

static WeftTimeline *
record (const char *pattern_name,
        const char *variant,
        gint64      duration_ns)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftRun) run = NULL;

  test_params (pattern_name, &pattern, &params);
  weft_params_set (&params, "pace", 0.05);
  if (variant != NULL)
    g_assert_true (weft_params_set_variant (&params, variant));
  run = weft_run_new (pattern, &params, NULL);
  return weft_record_run (run, duration_ns, NULL, NULL);
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const WeftSpan *x = a, *y = b;

  return (x->start_ns > y->start_ns) - (x->start_ns < y->start_ns);
}

/* Each lane's outermost critical spans on @object, merged as a holder
 * would be (a reentrant lock's inner levels lie inside its outer one). */
static GArray *
lane_holds (WeftTimeline *timeline,
            guint         lane,
            guint16       object)
{
  GArray *holds = g_array_new (FALSE, FALSE, sizeof (WeftSpan));

  for (guint d = 0; d < weft_timeline_get_lane_depth (timeline, lane); d++)
    {
      guint n;
      const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, d, &n);

      for (guint i = 0; i < n; i++)
        if (spans[i].object == object && spans[i].state == WEFT_STATE_CRITICAL)
          g_array_append_val (holds, spans[i]);
    }
  g_array_sort (holds, compare_spans);
  for (guint i = 1; i < holds->len;)
    {
      WeftSpan *prev = &g_array_index (holds, WeftSpan, i - 1);
      const WeftSpan *span = &g_array_index (holds, WeftSpan, i);

      if (span->start_ns < prev->end_ns)
        {
          prev->end_ns = MAX (prev->end_ns, span->end_ns);
          g_array_remove_index (holds, i);
        }
      else
        i++;
    }
  return holds;
}

static void
check_holders (WeftTimeline *timeline,
               guint16       object)
{
  WeftObjectTrack *track = weft_timeline_get_object_track (timeline, object);
  const WeftObjectInfo *info = weft_timeline_get_object (timeline, object);
  guint n_rows = weft_object_track_get_n_rows (track, WEFT_OBJECT_ROW_HOLDER);
  guint n_holds = 0;

  g_assert_nonnull (track);
  if (info->kind == WEFT_OBJECT_MUTEX)
    g_assert_cmpuint (n_rows, ==, 1);
  else
    g_assert_cmpuint (n_rows, <=, MAX (info->limit, 1));

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      g_autoptr(GArray) holds = lane_holds (timeline, lane, object);
      g_autoptr(GArray) shown = g_array_new (FALSE, FALSE, sizeof (WeftSpan));

      for (guint r = 0; r < n_rows; r++)
        {
          guint n;
          const WeftSpan *occupants = weft_object_track_get_occupants (track, WEFT_OBJECT_ROW_HOLDER, r, &n);

          for (guint i = 0; i < n; i++)
            {
              /* One occupant at a time in a row. */
              if (i > 0)
                g_assert_cmpint (occupants[i].start_ns, >=, occupants[i - 1].end_ns);
              if (occupants[i].value == lane)
                g_array_append_val (shown, occupants[i]);
            }
        }
      g_array_sort (shown, compare_spans);
      g_assert_cmpuint (shown->len, ==, holds->len);
      for (guint i = 0; i < holds->len; i++)
        {
          g_assert_cmpint (g_array_index (shown, WeftSpan, i).start_ns, ==, g_array_index (holds, WeftSpan, i).start_ns);
          g_assert_cmpint (g_array_index (shown, WeftSpan, i).end_ns, ==, g_array_index (holds, WeftSpan, i).end_ns);
        }
      n_holds += holds->len;
    }
  g_assert_cmpuint (n_holds, >, 0);
}

typedef struct
{
  gint64 start_ns;
  gint64 end_ns;
  guint lane;
} Wait;

static int
compare_waits (gconstpointer a,
               gconstpointer b)
{
  const Wait *x = a, *y = b;

  if (x->start_ns != y->start_ns)
    return (x->start_ns > y->start_ns) - (x->start_ns < y->start_ns);
  return (x->lane > y->lane) - (x->lane < y->lane);
}

/* Every wait on @object the lanes recorded, first come first. */
static GArray *
all_waits (WeftTimeline *timeline,
           guint16       object)
{
  GArray *waits = g_array_new (FALSE, FALSE, sizeof (Wait));

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint d = 0; d < weft_timeline_get_lane_depth (timeline, lane); d++)
      {
        guint n;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, d, &n);

        for (guint i = 0; i < n; i++)
          if (spans[i].object == object && spans[i].state == WEFT_STATE_WAITING && spans[i].end_ns > spans[i].start_ns)
            g_array_append_val (waits, ((Wait) { spans[i].start_ns, spans[i].end_ns, lane }));
      }
  g_array_sort (waits, compare_waits);
  return waits;
}

/* Who the rows show in place @row at @time_ns: a lane, or -1. */
static gint64
shown_at (WeftQueueRows *rows,
          guint          row,
          gint64         time_ns)
{
  guint n;
  const WeftSpan *spans = weft_queue_rows_get_row (rows, row, &n);

  for (guint i = 0; i < n; i++)
    if (spans[i].start_ns <= time_ns && time_ns < spans[i].end_ns)
      {
        g_assert_false (spans[i].flags & WEFT_SPAN_MERGED);
        return spans[i].value;
      }
  return -1;
}

/* At every moment someone joins the line, its rows hold everyone then
 * waiting, first come in row 0, and no one else; zoomed far out, the
 * rows name no one. */
static void
check_queue (WeftTimeline *timeline,
             guint16       object)
{
  WeftObjectTrack *track = weft_timeline_get_object_track (timeline, object);
  g_autoptr(GArray) waits = all_waits (timeline, object);
  gint64 origin = weft_timeline_get_origin (timeline), end = weft_timeline_get_end (timeline);
  g_autoptr(WeftQueueRows) rows = weft_queue_rows_new (timeline, object, origin, end, 1);
  guint most = 0;

  g_assert_cmpuint (waits->len, >, 0);
  for (guint i = 0; i < waits->len; i++)
    {
      gint64 t = g_array_index (waits, Wait, i).start_ns;
      guint place = 0;

      for (guint j = 0; j < waits->len && g_array_index (waits, Wait, j).start_ns <= t; j++)
        {
          const Wait *wait = &g_array_index (waits, Wait, j);

          if (wait->end_ns <= t)
            continue;
          g_assert_cmpint (shown_at (rows, place, t), ==, wait->lane);
          place++;
        }
      g_assert_cmpint (shown_at (rows, place, t), ==, -1);
      most = MAX (most, place);
    }
  /* The track counted as many places as were ever taken. */
  g_assert_cmpuint (weft_object_track_get_n_rows (track, WEFT_OBJECT_ROW_QUEUE), ==, most);
}

/* Eight lanes take turns at waiting 10 µs, 40,000 times in all: zoomed
 * out to a thousand pixels the line names no one, yet says when it was
 * long; zoomed in, it names them. */
static void
test_queue_far (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  g_autoptr(WeftQueueRows) far = NULL;
  g_autoptr(WeftQueueRows) near = NULL;
  const gint64 us = 1000;
  gint64 end = 5000 * 10 * us;
  guint16 lock;
  guint n, n_far = 0;
  const WeftSpan *spans;

  test_params ("lock", &pattern, &params);
  timeline = weft_timeline_new (pattern, &params);
  lock = weft_timeline_add_object (timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  for (guint lane = 0; lane < 8; lane++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", lane + 1);

      weft_timeline_add_lane (timeline, name, lane + 1);
      /* Each lane waits 10 µs of every 20, offset by its number. */
      for (gint64 t = 1 + lane * us; t + 10 * us < end; t += 20 * us)
        {
          WeftEvent begin = { t, 0, lane, 0, lock, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, 0 };
          WeftEvent stop = { t + 10 * us, 0, lane, 0, lock, WEFT_EVENT_END, WEFT_STATE_WAITING, 0 };

          g_array_append_val (events, begin);
          g_array_append_val (events, stop);
        }
    }
  weft_timeline_add_events (timeline, (const WeftEvent *) (gconstpointer) events->data, events->len);
  weft_timeline_finish (timeline, end);

  far = weft_queue_rows_new (timeline, lock, 0, end, end / 1000);
  g_assert_cmpuint (weft_queue_rows_get_n_rows (far), ==, 8);
  for (guint r = 0; r < 8; r++)
    {
      spans = weft_queue_rows_get_row (far, r, &n);
      for (guint i = 0; i < n; i++)
        {
          g_assert_true (spans[i].flags & WEFT_SPAN_MERGED);
          g_assert_cmpint (spans[i].start_ns, <, end);
        }
      n_far += n;
    }
  g_assert_cmpuint (n_far, >, 0);

  /* 50 µs in the middle: lanes 0..7 started at 1 + k µs, so at 25,000 µs
   * plus a half, lanes 0..7 have been waiting since 25,000 + k µs, ten of
   * every twenty: four or five of them, first come first. */
  near = weft_queue_rows_new (timeline, lock, 25000 * us, 25050 * us, 10);
  spans = weft_queue_rows_get_row (near, 0, &n);
  g_assert_cmpuint (n, >, 0);
  for (guint i = 0; i < n; i++)
    {
      g_assert_false (spans[i].flags & WEFT_SPAN_MERGED);
      g_assert_cmpint (spans[i].value, <, 8);
    }
}

/* A lock (object 0) and @n_lanes workers doing @events, up to @end_ns. */
static WeftTimeline *
lock_timeline (const WeftEvent *events,
               guint            n_events,
               guint            n_lanes,
               gint64           end_ns)
{
  const WeftPattern *pattern;
  WeftParams params;
  WeftTimeline *timeline;

  test_params ("lock", &pattern, &params);
  timeline = weft_timeline_new (pattern, &params);
  g_assert_cmpuint (weft_timeline_add_object (timeline, "lock", WEFT_OBJECT_MUTEX, 0), ==, 0);
  for (guint lane = 0; lane < n_lanes; lane++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", lane + 1);

      weft_timeline_add_lane (timeline, name, lane + 1);
    }
  weft_timeline_add_events (timeline, events, n_events);
  weft_timeline_finish (timeline, end_ns);
  return timeline;
}

/* worker-1 holds the lock while three queue behind it; the first of
 * them gives up at 4 ms, and the two behind move up. */
static void
test_queue_moves_up (void)
{
  const gint64 ms = WEFT_NSEC_PER_MSEC;
  const guint16 lock = 0;
  const WeftEvent events[] = {
    { 0 * ms, 0, 0, 0, lock, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, 0 },
    { 10 * ms, 0, 0, 0, lock, WEFT_EVENT_END, WEFT_STATE_CRITICAL, 0 },
    { 1 * ms, 0, 1, 0, lock, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, 0 },
    { 4 * ms, 0, 1, 0, lock, WEFT_EVENT_END, WEFT_STATE_WAITING, 0 },
    { 2 * ms, 0, 2, 0, lock, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, 0 },
    { 8 * ms, 0, 2, 0, lock, WEFT_EVENT_END, WEFT_STATE_WAITING, 0 },
    { 3 * ms, 0, 3, 0, lock, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, 0 },
    { 10 * ms, 0, 3, 0, lock, WEFT_EVENT_END, WEFT_STATE_WAITING, 0 },
  };
  g_autoptr(WeftTimeline) timeline = lock_timeline (events, G_N_ELEMENTS (events), 4, 10 * ms);
  g_autoptr(WeftQueueRows) rows = NULL;
  g_autofree char *said = NULL;
  /* Row by row, in time order: lane, from, to. */
  const gint64 expected[][4] = {
    { 0, 1, 1, 4 }, { 0, 2, 4, 8 }, { 0, 3, 8, 10 },
    { 1, 2, 2, 4 }, { 1, 3, 4, 8 },
    { 2, 3, 3, 4 },
  };
  guint seen[3] = { 0 };

  rows = weft_queue_rows_new (timeline, lock, 0, 10 * ms, 1000);
  g_assert_cmpuint (weft_queue_rows_get_n_rows (rows), ==, 3);
  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      guint row = (guint) expected[e][0], n;
      const WeftSpan *spans = weft_queue_rows_get_row (rows, row, &n);
      const WeftSpan *span;

      g_assert_cmpuint (seen[row], <, n);
      span = &spans[seen[row]++];
      g_assert_cmpint (span->value, ==, expected[e][1]);
      g_assert_cmpint (span->start_ns, ==, expected[e][2] * ms);
      g_assert_cmpint (span->end_ns, ==, expected[e][3] * ms);
      g_assert_false (span->flags & WEFT_SPAN_MERGED);
    }
  for (guint r = 0; r < 3; r++)
    {
      guint n;

      weft_queue_rows_get_row (rows, r, &n);
      g_assert_cmpuint (seen[r], ==, n);
    }
  said = weft_chart_describe_object_at (timeline, lock, 5 * ms);
  g_assert_cmpstr (said, ==, "held by worker-1; worker-3, worker-4 waiting");
}

static void
test_lock (void)
{
  g_autoptr(WeftTimeline) timeline = record ("lock", NULL, 400 * WEFT_NSEC_PER_MSEC);
  guint16 lock;

  g_assert_true (weft_timeline_find_object (timeline, "lock", &lock));
  if (weft_timeline_get_dropped (timeline) > 0)
    g_test_skip ("events were dropped");
  check_holders (timeline, lock);
  check_queue (timeline, lock);
}

static void
test_rlock (void)
{
  g_autoptr(WeftTimeline) timeline = record ("rlock", "rlock", 300 * WEFT_NSEC_PER_MSEC);
  guint16 lock;

  g_assert_true (weft_timeline_find_object (timeline, "lock", &lock));
  check_holders (timeline, lock);
}

static void
test_nightclub (void)
{
  g_autoptr(WeftTimeline) timeline = record ("nightclub", NULL, 600 * WEFT_NSEC_PER_MSEC);
  guint16 club;

  g_assert_true (weft_timeline_find_object (timeline, "club", &club));
  check_holders (timeline, club);
  check_queue (timeline, club);
}

/* Each item sits in its slot from its produce to its consume. */
static void
test_buffer (void)
{
  g_autoptr(WeftTimeline) timeline = record ("producer-consumer", NULL, 400 * WEFT_NSEC_PER_MSEC);
  g_autoptr(GHashTable) produced = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GHashTable) consumed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  WeftObjectTrack *track;
  guint16 buffer;
  guint n_items = 0;

  g_assert_true (weft_timeline_find_object (timeline, "buffer", &buffer));
  track = weft_timeline_get_object_track (timeline, buffer);
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        if (instants[i].instant == WEFT_INSTANT_PRODUCE || instants[i].instant == WEFT_INSTANT_CONSUME)
          g_hash_table_insert (instants[i].instant == WEFT_INSTANT_PRODUCE ? produced : consumed,
                               g_memdup2 (&instants[i].value, sizeof (gint64)),
                               GSIZE_TO_POINTER ((gsize) instants[i].time_ns));
    }

  g_assert_cmpuint (weft_object_track_get_n_rows (track, WEFT_OBJECT_ROW_SLOT), <=,
                    weft_timeline_get_object (timeline, buffer)->limit);
  for (guint r = 0; r < weft_object_track_get_n_rows (track, WEFT_OBJECT_ROW_SLOT); r++)
    {
      guint n;
      const WeftSpan *items = weft_object_track_get_occupants (track, WEFT_OBJECT_ROW_SLOT, r, &n);

      for (guint i = 0; i < n; i++)
        {
          gint64 item = items[i].value;

          g_assert_true (g_hash_table_contains (produced, &item));
          g_assert_cmpint (items[i].start_ns, ==, (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (produced, &item)));
          if (items[i].flags & WEFT_SPAN_CUT)
            g_assert_false (g_hash_table_contains (consumed, &item));
          else
            g_assert_cmpint (items[i].end_ns, ==, (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (consumed, &item)));
          n_items++;
        }
    }
  g_assert_cmpuint (n_items, ==, g_hash_table_size (produced));
  g_assert_cmpuint (n_items, >, 0);
}

/* A lock held by worker-1 from 1 ms to 9 ms while worker-2 waits. */
static WeftTimeline *
held_lock (void)
{
  const gint64 ms = WEFT_NSEC_PER_MSEC;
  const guint16 lock = 0;
  const WeftEvent events[] = {
    { 1 * ms, 0, 0, 0, lock, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, 0 },
    { 9 * ms, 0, 0, 0, lock, WEFT_EVENT_END, WEFT_STATE_CRITICAL, 0 },
    { 10 * ms, 0, 0, 0, WEFT_OBJECT_NONE, WEFT_EVENT_BEGIN, WEFT_STATE_WORKING, 0 },
    { 2 * ms, 0, 1, 0, lock, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, 0 },
    { 9 * ms, 0, 1, 0, lock, WEFT_EVENT_END, WEFT_STATE_WAITING, 0 },
    { 9 * ms, 0, 1, 0, lock, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, 0 },
    { 10 * ms, 0, 1, 0, lock, WEFT_EVENT_END, WEFT_STATE_CRITICAL, 0 },
  };

  return lock_timeline (events, G_N_ELEMENTS (events), 2, 10 * ms);
}

typedef struct
{
  double top;
  gboolean named;
} TextSeen;

static void
see_text (double           x,
          double           baseline,
          const char      *text,
          double           size,
          gboolean         bold,
          const WeftColor *color,
          WeftTextAlign    align,
          gpointer         user_data)
{
  TextSeen *seen = user_data;

  if (g_str_equal (text, "worker-1") && baseline > seen->top && x > LABEL_WIDTH_FOR_TEST)
    seen->named = TRUE;
}

static void
test_render (void)
{
  g_autoptr(WeftTimeline) timeline = held_lock ();
  const WeftColor *holder = weft_palette_get_lane_color (weft_palette_get (FALSE), 0);
  g_autofree char *said = NULL;
  WeftChartOptions options;
  WeftChartLayout layout;
  TextSeen seen = { 0 };
  cairo_surface_t *surface;
  cairo_t *cr;
  const guint8 *pixel;
  double x, y;

  weft_chart_options_init (&options);
  options.t0 = 0;
  options.t1 = 10 * WEFT_NSEC_PER_MSEC;
  options.width = 800;
  options.with_legend = FALSE;
  options.height = weft_chart_natural_height (timeline, &options);
  weft_chart_layout (timeline, &options, &layout);
  g_assert_cmpuint (layout.n_counters, ==, 1);

  /* The holder's name is written on its bar, in the object's lane. */
  seen.top = layout.lanes_y + layout.n_lanes * layout.lane_height;
  options.text_func = see_text;
  options.text_data = &seen;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) options.width, (int) options.height);
  cr = cairo_create (surface);
  weft_chart_draw (cr, timeline, &options);
  g_assert_true (seen.named);

  /* And its bar takes the holder's lane colour, halfway through the hold. */
  options.text_func = NULL;
  weft_chart_draw (cr, timeline, &options);
  cairo_surface_flush (surface);
  x = weft_chart_time_to_x (&options, &layout, 5 * WEFT_NSEC_PER_MSEC);
  y = seen.top + layout.counter_offsets[0] + 5.0 + 12.0;
  pixel = cairo_image_surface_get_data (surface) + (int) y * cairo_image_surface_get_stride (surface) + (int) x * 4;
  g_assert_cmpint (ABS (pixel[2] - (int) (holder->red * 255 + 0.5)), <=, 2);
  g_assert_cmpint (ABS (pixel[1] - (int) (holder->green * 255 + 0.5)), <=, 2);
  g_assert_cmpint (ABS (pixel[0] - (int) (holder->blue * 255 + 0.5)), <=, 2);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  said = weft_chart_describe_object_at (timeline, 0, 5 * WEFT_NSEC_PER_MSEC);
  g_assert_cmpstr (said, ==, "held by worker-1; worker-2 waiting");
}

/* A guard of 200 permits, all taken at once for a moment (200 rows,
 * thinner than a pixel each), then held by the one in row 198 alone:
 * drawn 0.56 units tall from 110.9 to 111.4, its row falls within a
 * pixel and shares it with the last row, empty by then. */
static WeftTimeline *
crowded_guard (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  WeftTimeline *timeline;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  const gint64 us = WEFT_NSEC_PER_MSEC / 1000;
  guint16 guard;

  test_params ("lock", &pattern, &params);
  timeline = weft_timeline_new (pattern, &params);
  guard = weft_timeline_add_object (timeline, "guard", WEFT_OBJECT_SEMAPHORE, 200);
  for (guint lane = 0; lane < 200; lane++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", lane + 1);
      WeftEvent take = { 1 + lane * us, 0, lane, 0, guard, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, 0 };
      WeftEvent give = take;

      weft_timeline_add_lane (timeline, name, lane + 1);
      give.kind = WEFT_EVENT_END;
      give.time_ns = lane == 198 ? 10 * WEFT_NSEC_PER_MSEC : 300 * us;
      g_array_append_val (events, take);
      g_array_append_val (events, give);
    }
  weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) events->data, events->len);
  weft_timeline_finish (timeline, 10 * WEFT_NSEC_PER_MSEC);
  return timeline;
}

static gboolean
same_color (const guint8    *pixel,
            const WeftColor *color)
{
  return ABS (pixel[2] - (int) (color->red * 255 + 0.5)) <= 2 &&
         ABS (pixel[1] - (int) (color->green * 255 + 0.5)) <= 2 &&
         ABS (pixel[0] - (int) (color->blue * 255 + 0.5)) <= 2;
}

/* worker-1 holds the lock to 5 ms, worker-2 for 1 µs, far under a
 * pixel, then worker-3 to 10 ms: the short stay shares a column with
 * its neighbours and that column is a summary, but the long holds on
 * either side keep their holders' colours, drawn straight or as boxes. */
static void
test_render_short_stay (void)
{
  const WeftPalette *palette = weft_palette_get (FALSE);
  const gint64 ms = WEFT_NSEC_PER_MSEC;
  const guint16 lock = 0;
  const WeftEvent events[] = {
    { 0, 0, 0, 0, lock, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, 0 },
    { 5 * ms, 0, 0, 0, lock, WEFT_EVENT_END, WEFT_STATE_CRITICAL, 0 },
    { 5 * ms, 0, 1, 0, lock, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, 0 },
    { 5 * ms + 1000, 0, 1, 0, lock, WEFT_EVENT_END, WEFT_STATE_CRITICAL, 0 },
    { 5 * ms + 1000, 0, 2, 0, lock, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, 0 },
    { 10 * ms, 0, 2, 0, lock, WEFT_EVENT_END, WEFT_STATE_CRITICAL, 0 },
  };
  g_autoptr(WeftTimeline) timeline = lock_timeline (events, G_N_ELEMENTS (events), 3, 10 * ms);

  for (guint snap = 0; snap < 2; snap++)
    {
      WeftChartOptions options;
      WeftChartLayout layout;
      cairo_surface_t *surface;
      cairo_t *cr;
      const guint8 *data;
      int stride;
      double y;

      weft_chart_options_init (&options);
      options.t0 = 0;
      options.t1 = 10 * ms;
      options.width = 800;
      options.snap = snap;
      options.with_legend = FALSE;
      options.height = weft_chart_natural_height (timeline, &options);
      weft_chart_layout (timeline, &options, &layout);
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) options.width, (int) options.height);
      cr = cairo_create (surface);
      weft_chart_draw (cr, timeline, &options);
      cairo_surface_flush (surface);
      data = cairo_image_surface_get_data (surface);
      stride = cairo_image_surface_get_stride (surface);
      /* The holder's row, as test_render finds it. */
      y = layout.lanes_y + layout.n_lanes * layout.lane_height + layout.counter_offsets[0] + 5.0 + 12.0;
      for (guint i = 0; i < 2; i++)
        {
          gint64 t = i == 0 ? 2 * ms + ms / 2 : 7 * ms + ms / 2;
          double x = weft_chart_time_to_x (&options, &layout, t);

          g_assert_true (same_color (data + (int) y * stride + (int) x * 4,
                                     weft_palette_get_lane_color (palette, i == 0 ? 0 : 2)));
        }
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
}

/* On a raster target rows thinner than a pixel still each get one: a
 * lone holder in such a row shows in its own colour, neither blended
 * away nor wiped by the empty row sharing its pixel, and when every
 * row is held no pixel row of the group is left looking free. */
static void
test_render_thin_rows (void)
{
  g_autoptr(WeftTimeline) timeline = crowded_guard ();
  const WeftPalette *palette = weft_palette_get (FALSE);
  const WeftColor *last = weft_palette_get_lane_color (palette, 198);
  const WeftColor *free_color = &palette->roles[WEFT_COLOR_LANE_ALT];
  WeftChartOptions options;
  WeftChartLayout layout;
  cairo_surface_t *surface;
  cairo_t *cr;
  const guint8 *data;
  int stride, x, top, bottom, found = 0, run = 0, longest = 0;

  weft_chart_options_init (&options);
  options.t0 = 0;
  options.t1 = 10 * WEFT_NSEC_PER_MSEC;
  options.width = 800;
  options.snap = TRUE;
  options.with_legend = FALSE;
  options.height = weft_chart_natural_height (timeline, &options);
  weft_chart_layout (timeline, &options, &layout);
  g_assert_cmpuint (layout.n_counters, ==, 1);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) options.width, (int) options.height);
  cr = cairo_create (surface);
  weft_chart_draw (cr, timeline, &options);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  top = (int) (layout.lanes_y + layout.n_lanes * layout.lane_height + layout.counter_offsets[0]);
  bottom = MIN (top + (int) layout.counter_heights[0], (int) options.height);

  /* At 5 ms: worker-199 alone, in row 198. */
  x = (int) weft_chart_time_to_x (&options, &layout, 5 * WEFT_NSEC_PER_MSEC);
  for (int y = top; y < bottom; y++)
    found += same_color (data + y * stride + x * 4, last);
  g_assert_cmpint (found, >=, 1);

  /* At 0.25 ms every row is held: the group is one solid column, 200
   * rows of 0.56 units in 112 pixel rows, none of them left free. */
  x = (int) weft_chart_time_to_x (&options, &layout, 250 * WEFT_NSEC_PER_MSEC / 1000);
  for (int y = top; y < bottom; y++)
    {
      run = same_color (data + y * stride + x * 4, free_color) ? 0 : run + 1;
      longest = MAX (longest, run);
    }
  g_assert_cmpint (longest, >=, 112);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* 200 threads, worker-1 holding the lock while the rest work. */
static WeftTimeline *
crowded_lock (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  WeftTimeline *timeline;
  guint16 lock;
  const gint64 ms = WEFT_NSEC_PER_MSEC;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));

  test_params ("lock", &pattern, &params);
  timeline = weft_timeline_new (pattern, &params);
  lock = weft_timeline_add_object (timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  for (guint lane = 0; lane < 200; lane++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", lane + 1);
      WeftEvent begin = test_event (lane, 1 * ms, WEFT_EVENT_BEGIN, lane == 0 ? WEFT_STATE_CRITICAL : WEFT_STATE_WORKING,
                                    lane == 0 ? lock : WEFT_OBJECT_NONE, 0, 0);
      WeftEvent end = test_event (lane, 9 * ms, WEFT_EVENT_END, begin.code, begin.object, 0, 0);

      weft_timeline_add_lane (timeline, name, 100 + lane);
      g_array_append_val (events, begin);
      g_array_append_val (events, end);
    }
  weft_timeline_add_events (timeline, (const WeftEvent *) (gpointer) events->data, events->len);
  weft_timeline_finish (timeline, 10 * ms);
  return timeline;
}

/* Where the lane called @name would sit with the lanes scrolled by
 * @scroll_y: its top. */
static double
worker_top (const WeftChartLayout *layout,
            const char            *name,
            double                 scroll_y)
{
  guint number = (guint) g_ascii_strtoull (name + strlen ("worker-"), NULL, 10);

  return layout->lanes_y - scroll_y + (number - 1) * layout->lane_height;
}

/* On screen, two hundred threads do not push the lock's lane out of
 * sight: it is pinned above the legend at every scroll, only the
 * threads scroll, in their own area, and nothing of a thread scrolled
 * past is drawn over the lock. */
static void
test_pinned_under_many_threads (void)
{
  g_autoptr(WeftTimeline) timeline = crowded_lock ();
  const double scrolls[] = { 0, 1000, 4800, 1e6 };
  WeftChartOptions options;
  WeftChartLayout layout;
  double top;

  weft_chart_options_init (&options);
  options.t0 = 0;
  options.t1 = 10 * WEFT_NSEC_PER_MSEC;
  options.width = 1200;
  options.height = 700;
  options.fill_height = TRUE;
  options.snap = TRUE;

  for (guint s = 0; s < G_N_ELEMENTS (scrolls); s++)
    {
      Texts texts;
      WeftChartHit hit;
      gboolean named = FALSE;
      guint n_workers = 0;

      options.scroll_y = scrolls[s];
      weft_chart_layout (timeline, &options, &layout);
      g_assert_cmpuint (layout.n_lanes, ==, 200);
      g_assert_cmpuint (layout.n_counters, ==, 1);
      g_assert_true (layout.objects_pinned);
      g_assert_cmpfloat (layout.threads_bottom, >, layout.lanes_y + (layout.lanes_bottom - layout.lanes_y) / 2);
      g_assert_cmpfloat (layout.threads_bottom + layout.objects_height, <=, layout.lanes_bottom);
      /* What scrolls is the threads alone. */
      g_assert_cmpfloat (layout.content_height, ==, layout.n_lanes * layout.lane_height);

      /* The lock's name is written in the pinned area, whatever the scroll. */
      draw_texts_with (timeline, &options, &texts);
      for (guint i = 0; i < texts.texts->len; i++)
        {
          const char *text = g_ptr_array_index (texts.texts, i);
          double baseline = g_array_index (texts.baselines, double, i);

          if (g_str_equal (text, "lock") && g_array_index (texts.xs, double, i) < layout.plot_x)
            {
              g_assert_cmpfloat (baseline, >=, layout.threads_bottom);
              g_assert_cmpfloat (baseline, <=, layout.lanes_bottom);
              named = TRUE;
            }
          /* A thread's name only for a lane in the threads' area: none
           * scrolled past, into or beyond the pinned lanes. */
          if (g_str_has_prefix (text, "worker-") && g_array_index (texts.xs, double, i) < layout.plot_x)
            {
              top = worker_top (&layout, text, options.scroll_y);
              g_assert_cmpfloat (top, <, layout.threads_bottom);
              g_assert_cmpfloat (top + layout.lane_height, >=, layout.lanes_y);
              n_workers++;
            }
        }
      g_assert_true (named);
      texts_clear (&texts);
      /* Unclamped, a huge scroll shows no thread at all; within reach,
       * a screenful. */
      if (options.scroll_y < layout.content_height)
        g_assert_cmpuint (n_workers, >=, 10);

      /* Pointing at the lock finds the lock. */
      top = layout.threads_bottom + layout.counter_offsets[0];
      g_assert_true (weft_chart_pick (timeline, &options, layout.plot_x + 50, top + 5, &hit));
      g_assert_cmpint (hit.kind, ==, WEFT_CHART_HIT_COUNTER);
      g_assert_cmpuint (hit.index, ==, layout.counters[0]);
      /* And just above the pinned lanes, a thread: the one scrolled there. */
      if (options.scroll_y < layout.content_height - (layout.threads_bottom - layout.lanes_y))
        {
          double y = layout.threads_bottom - 1;

          g_assert_true (weft_chart_pick (timeline, &options, layout.plot_x + 50, y, &hit));
          g_assert_cmpint (hit.kind, ==, WEFT_CHART_HIT_LANE);
          g_assert_cmpuint (hit.index, ==, (guint) ((y - layout.lanes_y + options.scroll_y) / layout.lane_height));
        }
    }

  /* In pixels: the strip between the threads and the lock shows none of
   * the threads' working spans scrolled under it. */
  {
    cairo_surface_t *surface;
    cairo_t *cr;
    const guint8 *data, *working, *gap;
    int stride, x;

    options.scroll_y = 0;
    options.text_func = NULL;
    weft_chart_layout (timeline, &options, &layout);
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) options.width, (int) options.height);
    cr = cairo_create (surface);
    weft_chart_draw (cr, timeline, &options);
    cairo_surface_flush (surface);
    data = cairo_image_surface_get_data (surface);
    stride = cairo_image_surface_get_stride (surface);
    x = (int) weft_chart_time_to_x (&options, &layout, 5 * WEFT_NSEC_PER_MSEC);
    working = data + (int) (layout.lanes_y + layout.lane_height * 1.5) * stride + x * 4;
    gap = data + (int) (layout.threads_bottom + layout.counter_offsets[0] / 2) * stride + x * 4;
    g_assert_false (working[0] == gap[0] && working[1] == gap[1] && working[2] == gap[2]);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }

  /* Where the lock's lane alone would take half the room, it scrolls
   * with the threads as before: the threads keep the room to be seen. */
  options.height = layout.lanes_y + layout.objects_height * 1.5 + (options.height - layout.lanes_bottom);
  weft_chart_layout (timeline, &options, &layout);
  g_assert_false (layout.objects_pinned);
  g_assert_cmpfloat (layout.threads_bottom, ==, layout.lanes_bottom);
}

/* An export keeps every lane in order at its natural height: the lock
 * below the last thread, nothing pinned. */
static void
test_export_not_pinned (void)
{
  g_autoptr(WeftTimeline) timeline = crowded_lock ();
  WeftChartOptions options;
  WeftChartLayout layout;
  Texts texts;
  double lock = -1, last = -1;

  weft_chart_options_init (&options);
  options.t0 = 0;
  options.t1 = 10 * WEFT_NSEC_PER_MSEC;
  options.width = 1200;
  options.with_header = TRUE;
  options.height = weft_chart_natural_height (timeline, &options);
  weft_chart_layout (timeline, &options, &layout);
  g_assert_false (layout.objects_pinned);
  g_assert_cmpfloat (layout.threads_bottom, ==, layout.lanes_bottom);
  g_assert_cmpfloat (layout.content_height, ==, layout.n_lanes * layout.lane_height + layout.objects_height);
  g_assert_cmpfloat (options.height, ==, layout.lanes_y + layout.content_height + 5.0 + 30.0);

  draw_texts_with (timeline, &options, &texts);
  for (guint i = 0; i < texts.texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts.texts, i);

      if (g_array_index (texts.xs, double, i) >= layout.plot_x)
        continue;
      if (g_str_equal (text, "lock"))
        lock = g_array_index (texts.baselines, double, i);
      if (g_str_equal (text, "worker-200"))
        last = g_array_index (texts.baselines, double, i);
    }
  texts_clear (&texts);
  g_assert_cmpfloat (last, >, 0);
  g_assert_cmpfloat (lock, >, last);
  g_assert_cmpfloat (lock, >=, layout.lanes_y + layout.n_lanes * layout.lane_height + layout.counter_offsets[0]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/object-lanes/lock", test_lock);
  g_test_add_func ("/object-lanes/rlock", test_rlock);
  g_test_add_func ("/object-lanes/nightclub", test_nightclub);
  g_test_add_func ("/object-lanes/queue-moves-up", test_queue_moves_up);
  g_test_add_func ("/object-lanes/queue-far", test_queue_far);
  g_test_add_func ("/object-lanes/buffer", test_buffer);
  g_test_add_func ("/object-lanes/render", test_render);
  g_test_add_func ("/object-lanes/render-thin-rows", test_render_thin_rows);
  g_test_add_func ("/object-lanes/render-short-stay", test_render_short_stay);
  g_test_add_func ("/object-lanes/pinned-under-many-threads", test_pinned_under_many_threads);
  g_test_add_func ("/object-lanes/export-not-pinned", test_export_not_pinned);
  return g_test_run ();
}
