/* test-timeline.c: folding events into spans, instants and counters
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <malloc.h>
#include <string.h>

#include "weft-test-util.h"

static void
count_span (const WeftSpan *span,
            gpointer        user_data)
{
  GArray *out = user_data;
  g_array_append_val (out, *span);
}

static WeftTimeline *
new_timeline (void)
{
  const WeftPattern *pattern;
  WeftParams params;

  test_params ("lock", &pattern, &params);
  return weft_timeline_new (pattern, &params);
}

static void
test_spans_nest (void)
{
  g_autoptr(WeftTimeline) timeline = new_timeline ();
  guint16 lock = weft_timeline_add_object (timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  guint16 club = weft_timeline_add_object (timeline, "club", WEFT_OBJECT_SEMAPHORE, 2);
  guint lane = weft_timeline_add_lane (timeline, "worker-1", 4242);
  const WeftEvent events[] = {
    /* Holding the lock while waiting on the club: a nested span. */
    test_event (lane, 100, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, lock, 0, 0),
    test_event (lane, 150, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, club, 0, 0),
    test_event (lane, 180, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, club, 1, 0),
    test_event (lane, 200, WEFT_EVENT_END, WEFT_STATE_WAITING, club, 0, 0),
    test_event (lane, 300, WEFT_EVENT_END, WEFT_STATE_CRITICAL, lock, 0, 0),
    test_event (lane, 400, WEFT_EVENT_BEGIN, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 7, 0),
  };
  const WeftSpan *spans;
  const WeftInstantRecord *instants;
  WeftSpan found;
  guint n;

  weft_timeline_add_events (timeline, events, G_N_ELEMENTS (events));
  g_assert_cmpuint (weft_timeline_get_lane_depth (timeline, lane), ==, 2);

  spans = weft_timeline_get_spans (timeline, lane, 0, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (spans[0].start_ns, ==, 100);
  g_assert_cmpint (spans[0].end_ns, ==, 300);
  g_assert_cmpuint (spans[0].state, ==, WEFT_STATE_CRITICAL);
  g_assert_cmpuint (spans[0].object, ==, lock);

  spans = weft_timeline_get_spans (timeline, lane, 1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (spans[0].start_ns, ==, 150);
  g_assert_cmpint (spans[0].end_ns, ==, 200);
  g_assert_cmpuint (spans[0].state, ==, WEFT_STATE_WAITING);

  instants = weft_timeline_get_instants (timeline, lane, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (instants[0].instant, ==, WEFT_INSTANT_WAKE);
  g_assert_cmpint (instants[0].time_ns, ==, 180);

  /* Hovering finds the innermost span, and the still-open one. */
  g_assert_true (weft_timeline_span_at (timeline, lane, 170, 0, &found));
  g_assert_cmpuint (found.state, ==, WEFT_STATE_WAITING);
  g_assert_true (weft_timeline_span_at (timeline, lane, 250, 0, &found));
  g_assert_cmpuint (found.state, ==, WEFT_STATE_CRITICAL);
  g_assert_true (weft_timeline_span_at (timeline, lane, 400, 0, &found));
  g_assert_true (found.flags & WEFT_SPAN_OPEN);
  g_assert_false (weft_timeline_span_at (timeline, lane, 350, 0, &found));
  g_assert_true (weft_timeline_span_at (timeline, lane, 350, 60, &found));

  /* Finishing cuts the open span at the end. */
  weft_timeline_finish (timeline, 900);
  spans = weft_timeline_get_spans (timeline, lane, 0, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (spans[1].end_ns, ==, 900);
  g_assert_true (spans[1].flags & WEFT_SPAN_CUT);
  g_assert_cmpint (spans[1].value, ==, 7);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
}

/* An end with no begin (its begin was dropped) is counted, not folded;
 * an end that skips an inner open span cuts it. */
static void
test_malformed_and_cut (void)
{
  g_autoptr(WeftTimeline) timeline = new_timeline ();
  guint16 lock = weft_timeline_add_object (timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  guint lane = weft_timeline_add_lane (timeline, "worker-1", 1);
  const WeftEvent events[] = {
    test_event (lane, 10, WEFT_EVENT_END, WEFT_STATE_WAITING, lock, 0, 0),
    test_event (lane, 20, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, lock, 0, 0),
    test_event (lane, 30, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, lock, 0, 0),
    test_event (lane, 40, WEFT_EVENT_END, WEFT_STATE_CRITICAL, lock, 0, 0),
  };
  const WeftSpan *spans;
  guint n;

  weft_timeline_add_events (timeline, events, G_N_ELEMENTS (events));
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 1);
  spans = weft_timeline_get_spans (timeline, lane, 1, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (spans[0].flags & WEFT_SPAN_CUT);
  g_assert_cmpint (spans[0].end_ns, ==, 40);
  spans = weft_timeline_get_spans (timeline, lane, 0, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_false (spans[0].flags & WEFT_SPAN_CUT);
}

/* Samples from several threads arrive ring by ring; the series ends up
 * sorted by time however they came. */
static void
test_counter_samples_sorted (void)
{
  g_autoptr(WeftTimeline) timeline = new_timeline ();
  guint16 counter = weft_timeline_add_object (timeline, "counter", WEFT_OBJECT_COUNTER, 100);
  guint a = weft_timeline_add_lane (timeline, "a", 1);
  guint b = weft_timeline_add_lane (timeline, "b", 2);
  const WeftEvent first[] = {
    test_event (a, 10, WEFT_EVENT_COUNTER, 0, counter, 1, 0),
    test_event (a, 30, WEFT_EVENT_COUNTER, 0, counter, 3, 0),
    test_event (b, 20, WEFT_EVENT_COUNTER, 0, counter, 2, 0),
    test_event (b, 40, WEFT_EVENT_COUNTER, 0, counter, 4, 0),
  };
  const WeftEvent late[] = {
    test_event (b, 25, WEFT_EVENT_COUNTER, 0, counter, 99, 0),
  };
  const WeftSample *samples;
  guint n;

  weft_timeline_add_events (timeline, first, G_N_ELEMENTS (first));
  weft_timeline_add_events (timeline, late, G_N_ELEMENTS (late));
  samples = weft_timeline_get_samples (timeline, counter, &n);
  g_assert_cmpuint (n, ==, 5);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (samples[i - 1].time_ns, <=, samples[i].time_ns);
  g_assert_cmpint (samples[2].value, ==, 99);
  g_assert_cmpint (samples[4].value, ==, 4);
}

static void
collect_bucket (const WeftSampleBucket *bucket,
                gpointer                user_data)
{
  g_array_append_val ((GArray *) user_data, *bucket);
}

/* The value at a moment is the last sample at or before it; a query
 * starts from the last sample (or bucket) before its range, so a step
 * line begins at the left edge with the right value. */
static void
test_counter_value_at_and_queries (void)
{
  g_autoptr(WeftTimeline) timeline = new_timeline ();
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (WeftSampleBucket));
  guint16 counter = weft_timeline_add_object (timeline, "counter", WEFT_OBJECT_COUNTER, 0);
  guint lane = weft_timeline_add_lane (timeline, "a", 1);
  const gint64 t0 = 123456, t1 = 234567;
  gint64 value;

  /* A sample every 100 ns from 100 on, holding its index. */
  for (guint i = 1; i <= 5000; i++)
    {
      WeftEvent ev = test_event (lane, 100 * i, WEFT_EVENT_COUNTER, 0, counter, i, 0);
      g_array_append_val (events, ev);
    }
  weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) events->data, events->len);

  g_assert_false (weft_timeline_get_value_at (timeline, counter, 99, &value));
  g_assert_true (weft_timeline_get_value_at (timeline, counter, 100, &value));
  g_assert_cmpint (value, ==, 1);
  g_assert_true (weft_timeline_get_value_at (timeline, counter, 4299, &value));
  g_assert_cmpint (value, ==, 42);
  g_assert_true (weft_timeline_get_value_at (timeline, counter, 4300, &value));
  g_assert_cmpint (value, ==, 43);
  g_assert_true (weft_timeline_get_value_at (timeline, counter, G_MAXINT64, &value));
  g_assert_cmpint (value, ==, 5000);

  /* Raw samples, 1 ns per pixel: from the one before t0 to the last
   * before t1. */
  weft_timeline_query_samples (timeline, counter, t0, t1, 1, collect_bucket, got);
  g_assert_cmpuint (got->len, ==, 2345 - 1234 + 1);
  g_assert_cmpint (g_array_index (got, WeftSampleBucket, 0).start_ns, ==, 123400);
  g_assert_cmpint (g_array_index (got, WeftSampleBucket, got->len - 1).start_ns, ==, 234500);

  /* Buckets: the first one ends before t0, the next reaches it. */
  g_array_set_size (got, 0);
  weft_timeline_query_samples (timeline, counter, t0, t1, 5000, collect_bucket, got);
  g_assert_cmpuint (got->len, >=, 2);
  g_assert_cmpint (g_array_index (got, WeftSampleBucket, 0).start_ns, <, g_array_index (got, WeftSampleBucket, 0).end_ns);
  g_assert_cmpint (g_array_index (got, WeftSampleBucket, 0).end_ns, <, t0);
  g_assert_cmpint (g_array_index (got, WeftSampleBucket, 1).end_ns, >=, t0);
  g_assert_cmpint (g_array_index (got, WeftSampleBucket, 0).last, ==, g_array_index (got, WeftSampleBucket, 0).end_ns / 100);
  for (guint i = 1; i < got->len; i++)
    {
      g_assert_cmpint (g_array_index (got, WeftSampleBucket, i).start_ns, >, g_array_index (got, WeftSampleBucket, i - 1).end_ns);
      g_assert_cmpint (g_array_index (got, WeftSampleBucket, i).start_ns, <, t1);
    }
}

/* What a samples query promises, checked against every sample: buckets
 * in time order that between them hold each sample once, each bucket
 * starting and ending on a sample and summing up exactly those inside. */
static void
check_buckets_cover (const WeftSample *samples,
                     guint             n,
                     GArray           *buckets)
{
  guint next = 0;

  for (guint i = 0; i < buckets->len; i++)
    {
      const WeftSampleBucket *bucket = &g_array_index (buckets, WeftSampleBucket, i);
      /* Raw samples come one per bucket, so two with one stamp may end
       * one bucket and start the next; summaries never split a stamp. */
      gint64 next_start = i + 1 < buckets->len ? g_array_index (buckets, WeftSampleBucket, i + 1).start_ns
                                               : G_MAXINT64;
      gint64 min, max;

      g_assert_cmpuint (next, <, n);
      g_assert_cmpint (samples[next].time_ns, ==, bucket->start_ns);
      min = max = samples[next++].value;
      while (next < n && samples[next].time_ns <= bucket->end_ns && samples[next].time_ns < next_start)
        {
          min = MIN (min, samples[next].value);
          max = MAX (max, samples[next].value);
          next++;
        }
      g_assert_cmpint (samples[next - 1].time_ns, ==, bucket->end_ns);
      g_assert_cmpint (bucket->min, ==, min);
      g_assert_cmpint (bucket->max, ==, max);
      g_assert_cmpint (bucket->last, ==, samples[next - 1].value);
    }
  g_assert_cmpuint (next, ==, n);
}

/* Samples that arrive after later ones were committed (a thread
 * preempted between stamping and publishing) land mid-series; the
 * summaries refold from there, and at every zoom still tell exactly
 * what the samples say. */
static void
test_late_samples_keep_summaries_exact (void)
{
  g_autoptr(WeftTimeline) timeline = new_timeline ();
  g_autoptr(GArray) batch = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  g_autoptr(GArray) held = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  g_autoptr(GArray) held_long = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  g_autoptr(GArray) buckets = g_array_new (FALSE, FALSE, sizeof (WeftSampleBucket));
  guint16 counter = weft_timeline_add_object (timeline, "counter", WEFT_OBJECT_COUNTER, 0);
  guint lane = weft_timeline_add_lane (timeline, "a", 1);
  const guint n_samples = 60000;
  gint64 t = 0;
  GRand *rand = g_rand_new_with_seed (11);

  for (guint i = 1; i <= n_samples; i++)
    {
      /* Now and then two samples share a stamp. */
      WeftEvent ev;

      if (g_rand_int_range (rand, 0, 10) != 0)
        t += g_rand_int_range (rand, 50, 5000);
      ev = test_event (lane, t, WEFT_EVENT_COUNTER, 0, counter, g_rand_int_range (rand, 0, 1000), 0);
      /* About one in a hundred comes a batch late, one in a thousand
       * several: far enough back to change coarse levels too. */
      if (g_rand_int_range (rand, 0, 1000) == 0)
        g_array_append_val (held_long, ev);
      else if (g_rand_int_range (rand, 0, 100) == 0)
        g_array_append_val (held, ev);
      else
        g_array_append_val (batch, ev);

      if (i % 1000 == 0 || i == n_samples)
        {
          const WeftSample *samples;
          guint n;

          weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) batch->data, batch->len);
          g_array_set_size (batch, 0);
          g_array_append_vals (batch, held->data, held->len);
          g_array_set_size (held, 0);
          if (i % 7000 == 0)
            {
              g_array_append_vals (batch, held_long->data, held_long->len);
              g_array_set_size (held_long, 0);
            }
          if (i % 10000 != 0 && i != n_samples)
            continue;

          samples = weft_timeline_get_samples (timeline, counter, &n);
          for (gint64 per_pixel = 1; per_pixel <= 100000000; per_pixel *= 10)
            {
              g_array_set_size (buckets, 0);
              weft_timeline_query_samples (timeline, counter, samples[0].time_ns, samples[n - 1].time_ns + 1,
                                           per_pixel, collect_bucket, buckets);
              check_buckets_cover (samples, n, buckets);
            }
        }
    }
  /* The last held samples, then every sample is in. */
  g_array_append_vals (batch, held_long->data, held_long->len);
  weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) batch->data, batch->len);
  g_rand_free (rand);
  {
    guint n;
    const WeftSample *samples = weft_timeline_get_samples (timeline, counter, &n);

    g_assert_cmpuint (n, ==, n_samples);
    for (gint64 per_pixel = 1; per_pixel <= 100000000; per_pixel *= 10)
      {
        g_array_set_size (buckets, 0);
        weft_timeline_query_samples (timeline, counter, samples[0].time_ns, samples[n - 1].time_ns + 1,
                                     per_pixel, collect_bucket, buckets);
        check_buckets_cover (samples, n, buckets);
      }
  }
}

typedef struct
{
  guint n;
  gint64 last_end;
  gboolean ordered;
  guint n_merged;
} QueryStats;

static void
stats_span (const WeftSpan *span,
            gpointer        user_data)
{
  QueryStats *stats = user_data;

  if (span->start_ns < stats->last_end)
    stats->ordered = FALSE;
  stats->last_end = span->end_ns;
  stats->n++;
  stats->n_merged += (span->flags & WEFT_SPAN_MERGED) != 0;
}

/* A dense lane: 200,000 spans of 1-3 us.  Whatever the zoom, a query
 * returns a few items per pixel column, and the items cover the range. */
static void
test_level_of_detail (void)
{
  g_autoptr(WeftTimeline) timeline = new_timeline ();
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (WeftSpan));
  guint16 lock = weft_timeline_add_object (timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  guint lane = weft_timeline_add_lane (timeline, "worker-1", 1);
  const guint n_spans = 200000;
  const int width = 1000;
  gint64 t = 0, end;
  GRand *rand = g_rand_new_with_seed (7);

  for (guint i = 0; i < n_spans; i++)
    {
      WeftState state = i % 3;
      gint64 length = g_rand_int_range (rand, 1000, 3000);
      WeftEvent begin = test_event (lane, t, WEFT_EVENT_BEGIN, state, lock, i, 0);
      WeftEvent finish = test_event (lane, t + length, WEFT_EVENT_END, state, lock, 0, 0);

      g_array_append_val (events, begin);
      g_array_append_val (events, finish);
      t += length;
      /* Feed it in frames, as the UI does. */
      if (events->len >= 20000)
        {
          weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) events->data, events->len);
          g_array_set_size (events, 0);
        }
    }
  weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) events->data, events->len);
  end = t;
  g_rand_free (rand);

  for (gint64 window = end; window >= 10000; window /= 7)
    {
      QueryStats stats = { 0, G_MININT64, TRUE, 0 };
      gint64 t0 = end / 3;
      gint64 t1 = t0 + window;
      gint64 per_pixel = MAX (1, window / width);

      weft_timeline_query_spans (timeline, lane, 0, t0, t1, per_pixel, stats_span, &stats);
      g_test_message ("window %" G_GINT64_FORMAT " ns: %u items for %d px", window, stats.n, width);
      g_assert_true (stats.ordered);
      g_assert_cmpuint (stats.n, >, 0);
      /* A few items per pixel column, at most, at every zoom. */
      g_assert_cmpuint (stats.n, <=, 8 * width + 2);
      /* A summary level is read only where its items are about a pixel
       * wide or more: one finer than it must not be read where the next
       * would do (each level is some four times coarser than the last,
       * never sixteen). */
      if (stats.n_merged > stats.n / 2)
        g_assert_cmpuint (stats.n, <=, 2 * width + 2);
    }

  /* Zoomed right in, the raw spans come back exactly. */
  weft_timeline_query_spans (timeline, lane, 0, 0, 10000, 1, count_span, spans);
  g_assert_cmpuint (spans->len, >=, 3);
  g_assert_false (g_array_index (spans, WeftSpan, 0).flags & WEFT_SPAN_MERGED);
  g_assert_cmpint (g_array_index (spans, WeftSpan, 0).start_ns, ==, 0);
}

static void
collect_instant (const WeftInstantRecord *instant,
                 gpointer                 user_data)
{
  g_array_append_val ((GArray *) user_data, *instant);
}

static gboolean
is_instant_time (const WeftInstantRecord *items,
                 guint                    n,
                 gint64                   time_ns)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (items[mid].time_ns < time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < n && items[lo].time_ns == time_ns;
}

/* What the instants query promises, checked against every instant:
 * real instants in [t0, t1), in order, and none (clear of the edges)
 * a column and a half or more from the nearest one shown; with
 * one-nanosecond columns, all of them.  Returns how many shown are
 * of @kind. */
static guint
check_instants_query (const WeftInstantRecord *items,
                      guint                    n,
                      gint64                   t0,
                      gint64                   t1,
                      gint64                   per_column,
                      GArray                  *got,
                      WeftInstant              kind)
{
  const WeftInstantRecord *shown = (const WeftInstantRecord *) (gpointer) got->data;
  guint next = 0, of_kind = 0;

  for (guint j = 0; j < got->len; j++)
    {
      g_assert_true (is_instant_time (items, n, shown[j].time_ns));
      g_assert_cmpint (shown[j].time_ns, >=, t0);
      g_assert_cmpint (shown[j].time_ns, <, t1);
      /* Instants of different kinds may share a column, and a moment. */
      if (j > 0 && per_column > 1)
        g_assert_cmpint (shown[j].time_ns, >=, shown[j - 1].time_ns);
      of_kind += shown[j].instant == kind;
    }

  for (guint i = 0; i < n && items[i].time_ns < t1; i++)
    {
      gint64 x = items[i].time_ns;
      gint64 nearest = G_MAXINT64;

      while (next < got->len && shown[next].time_ns <= x)
        next++;
      if (next > 0)
        nearest = x - shown[next - 1].time_ns;
      if (next < got->len)
        nearest = MIN (nearest, shown[next].time_ns - x);
      if (per_column <= 1 && x >= t0)
        g_assert_cmpint (nearest, ==, 0);
      else if (x >= t0 + per_column / 2 && x < t1 - per_column / 2)
        g_assert_cmpint (nearest, <, per_column + per_column / 2);
    }
  return of_kind;
}

/* Instants crowd in bursts with gaps between, so columns hold anything
 * from none to thousands; the query must keep its promise at every
 * zoom, while the timeline grows frame by frame.  One in five is a
 * `produce` among `acquire`s: where they crowd, `produce` should show. */
static void
test_instants_per_column (void)
{
  g_autoptr(WeftTimeline) timeline = new_timeline ();
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  guint16 counter = weft_timeline_add_object (timeline, "counter", WEFT_OBJECT_COUNTER, 0);
  guint lane = weft_timeline_add_lane (timeline, "worker-1", 1);
  const WeftInstantRecord *items;
  GRand *rand = g_rand_new_with_seed (11);
  gint64 t = 0, end;
  guint n;

  for (guint i = 0; i < 100000; i++)
    {
      WeftEvent mark;

      t += g_rand_int_range (rand, 0, 8) == 0 ? g_rand_int_range (rand, 10000, 2000000)
                                              : g_rand_int_range (rand, 0, 200);
      mark = test_event (lane, t, WEFT_EVENT_INSTANT, i % 5 == 0 ? WEFT_INSTANT_PRODUCE : WEFT_INSTANT_ACQUIRE,
                         counter, i, 0);
      g_array_append_val (events, mark);
      if (events->len == 7000)
        {
          weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) events->data, events->len);
          g_array_set_size (events, 0);
        }
    }
  weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) events->data, events->len);
  end = t;
  items = weft_timeline_get_instants (timeline, lane, &n);
  g_assert_cmpuint (n, ==, 100000);

  /* Zoomed right out, a thousand columns of about a hundred instants. */
  {
    g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (WeftInstantRecord));
    guint produced;

    weft_timeline_query_instants (timeline, lane, 0, end + 1, (end + 1) / 1000, collect_instant, got);
    produced = check_instants_query (items, n, 0, end + 1, (end + 1) / 1000, got, WEFT_INSTANT_PRODUCE);
    g_test_message ("zoomed out: %u of %u instants shown are produce", produced, got->len);
    /* Each crowded column shows its produce, and an acquire beside it. */
    g_assert_cmpuint (produced * 10, >=, got->len * 4);
    g_assert_cmpuint (produced * 10, <=, got->len * 6);
  }

  for (gint64 window = end + 1; window >= 1000; window /= 5)
    for (guint trial = 0; trial < 4; trial++)
      {
        g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (WeftInstantRecord));
        gint64 t0 = g_rand_int_range (rand, 0, MAX (1, (gint32) MIN (end - window / 2, G_MAXINT32)));
        gint64 per_column = MAX (1, window / g_rand_int_range (rand, 100, 3000));

        weft_timeline_query_instants (timeline, lane, t0, t0 + window, per_column, collect_instant, got);
        check_instants_query (items, n, t0, t0 + window, per_column, got, WEFT_INSTANT_PRODUCE);
        /* Columns a nanosecond wide show every instant. */
        g_array_set_size (got, 0);
        weft_timeline_query_instants (timeline, lane, t0, t0 + window / 100, 1, collect_instant, got);
        check_instants_query (items, n, t0, t0 + window / 100, 1, got, WEFT_INSTANT_PRODUCE);
      }
  g_rand_free (rand);
}

/* A write right after a crowd of reads shares their column at a coarse
 * zoom: both kinds are shown, neither hides the other, and one read
 * stands for them all.  Then the same a thousand times over, read from
 * the summary levels: every column with a write shows one. */
static void
test_instants_kinds_share_column (void)
{
  g_autoptr(WeftTimeline) timeline = new_timeline ();
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (WeftInstantRecord));
  guint16 counter = weft_timeline_add_object (timeline, "counter", WEFT_OBJECT_COUNTER, 0);
  guint lane = weft_timeline_add_lane (timeline, "racer-1", 1);
  guint reads = 0, writes = 0;

  for (guint i = 0; i < 12; i++)
    {
      WeftEvent read = test_event (lane, 1000 + i, WEFT_EVENT_INSTANT, WEFT_INSTANT_READ, counter, i, 0);
      g_array_append_val (events, read);
    }
  {
    WeftEvent write = test_event (lane, 1200, WEFT_EVENT_INSTANT, WEFT_INSTANT_WRITE, counter, 1, 0);
    g_array_append_val (events, write);
  }
  weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) events->data, events->len);
  weft_timeline_query_instants (timeline, lane, 0, 100000, 1000, collect_instant, got);
  for (guint i = 0; i < got->len; i++)
    {
      reads += g_array_index (got, WeftInstantRecord, i).instant == WEFT_INSTANT_READ;
      writes += g_array_index (got, WeftInstantRecord, i).instant == WEFT_INSTANT_WRITE;
    }
  g_assert_cmpuint (writes, ==, 1);
  g_assert_cmpuint (reads, ==, 1);

  /* A thousand crowds, a microsecond apart: summaries keep the writes. */
  g_array_set_size (events, 0);
  for (guint c = 0; c < 1000; c++)
    for (guint i = 0; i <= 40; i++)
      {
        gint64 t = 10000 + c * 1000 + i * 20;
        WeftEvent ev = test_event (lane, t, WEFT_EVENT_INSTANT, i == 40 ? WEFT_INSTANT_WRITE : WEFT_INSTANT_READ,
                                   counter, i, 0);
        g_array_append_val (events, ev);
      }
  weft_timeline_add_events (timeline, (WeftEvent *) (gpointer) events->data, events->len);
  g_array_set_size (got, 0);
  /* Columns of 5 us: five crowds each, every one ending in its write. */
  weft_timeline_query_instants (timeline, lane, 10000, 10000 + 1000 * 1000, 5000, collect_instant, got);
  writes = 0;
  for (guint i = 0; i < got->len; i++)
    writes += g_array_index (got, WeftInstantRecord, i).instant == WEFT_INSTANT_WRITE;
  g_test_message ("%u shown, %u writes", got->len, writes);
  g_assert_cmpuint (writes, >=, 1000 / 5);
}

/* What the allocator has handed out and not had back, in bytes.  Under
 * a sanitizer malloc is the sanitizer's, and glibc's own statistics see
 * none of it. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define WEFT_TEST_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define WEFT_TEST_SANITIZED 1
#endif
#endif

#ifdef WEFT_TEST_SANITIZED
size_t __sanitizer_get_current_allocated_bytes (void);

static gsize
allocated_now (void)
{
  return __sanitizer_get_current_allocated_bytes ();
}
#else
/* The main arena (this thread's: nothing else allocates while the test
 * measures) plus every block mapped on its own. */
static gsize
allocated_now (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}
#endif

typedef struct
{
  GArray *events;
  GArray *batch_ends;      /* guint: where each drain's events end */
} Capture;

static void
capture_batch (const WeftEvent *events,
               gsize            n_events,
               gpointer         user_data)
{
  Capture *capture = user_data;

  g_array_append_vals (capture->events, events, n_events);
}

/* A real busy run's events, as each drain handed them over (a few may
 * be dropped on a busy machine, which changes nothing here). */
static void
capture_run (WeftRun *run,
             Capture *capture)
{
  WeftRecorder *recorder = weft_run_get_recorder (run);
  gint64 deadline;

  g_assert_true (weft_run_start (run, NULL));
  deadline = weft_clock_now_ns () + 300 * WEFT_NSEC_PER_MSEC;
  while (!weft_run_is_finished (run) && weft_clock_now_ns () < deadline)
    {
      g_usleep (1000);
      weft_recorder_drain (recorder, capture_batch, capture);
      g_array_append_val (capture->batch_ends, capture->events->len);
    }
  weft_run_stop (run);
  weft_recorder_drain (recorder, capture_batch, capture);
  g_array_append_val (capture->batch_ends, capture->events->len);
}

/* What weft_timeline_get_memory() reports is what building the timeline
 * really took from the allocator, within 5 %: the timeline, its lanes
 * and names are not counted, and a block costs a few bytes more than it
 * holds.  The timeline is built on this thread from a real busy run's
 * events, drain by drain as a live one is, with no other thread
 * allocating meanwhile. */
static void
test_memory_is_what_was_allocated (void)
{
  const char * const names[] = { "race", "lock", "producer-consumer" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const WeftPattern *pattern;
      WeftParams params;
      g_autoptr(WeftRun) run = NULL;
      g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
      g_autoptr(GArray) batch_ends = g_array_new (FALSE, FALSE, sizeof (guint));
      Capture capture = { events, batch_ends };
      WeftRecorder *recorder;
      WeftTimeline *timeline;
      gsize before, allocated, reported;
      guint from = 0;
      double per_event;

      test_params (names[i], &pattern, &params);
      weft_params_set (&params, "pace", 0);
      if ((weft_pattern_find_param (pattern, "iterations") >= 0))
        weft_params_set (&params, "iterations", 20000);
      run = weft_run_new (pattern, &params, NULL);
      capture_run (run, &capture);
      recorder = weft_run_get_recorder (run);
      g_assert_cmpuint (events->len, >, 10000);

      before = allocated_now ();
      timeline = weft_timeline_new (pattern, &params);
      for (guint o = 0; o < weft_run_get_n_objects (run); o++)
        {
          const WeftObjectInfo *info = weft_run_get_object (run, o);
          weft_timeline_add_object (timeline, info->name, info->kind, info->limit);
        }
      for (guint lane = 0; lane < weft_recorder_get_n_lanes (recorder); lane++)
        weft_timeline_add_lane (timeline, weft_recorder_get_lane_name (recorder, lane),
                                weft_recorder_get_lane_tid (recorder, lane));
      for (guint b = 0; b < batch_ends->len; b++)
        {
          guint to = g_array_index (batch_ends, guint, b);

          weft_timeline_add_events (timeline, &g_array_index (events, WeftEvent, from), to - from);
          from = to;
        }
      weft_timeline_finish (timeline, 0);
      allocated = allocated_now () - before;
      reported = weft_timeline_get_memory (timeline);

      per_event = (double) reported / weft_timeline_get_n_events (timeline);
      g_test_message ("%s: %" G_GUINT64_FORMAT " events; %" G_GSIZE_FORMAT " bytes reported, %"
                      G_GSIZE_FORMAT " allocated; %.1f bytes per event",
                      names[i], weft_timeline_get_n_events (timeline), reported, allocated, per_event);
      g_assert_cmpuint (weft_timeline_get_n_events (timeline), ==, events->len);
      g_assert_cmpuint (reported, <=, allocated);
      /* Within 5 %; ThreadSanitizer's allocator counts each block as the
       * size class it rounds it up to: 5.1 % and 5.4 % above what the
       * timeline reported, in two runs. */
#ifdef __SANITIZE_THREAD__
      g_assert_cmpuint (reported, >=, allocated - allocated / 10);
#else
      g_assert_cmpuint (reported, >=, allocated - allocated / 20);
#endif
      /* What is held is about 22 bytes per event (a 32-byte span for two
       * events, summaries a third more); arrays that grow by doubling
       * reserve up to twice what they hold.  A lock contended harder
       * (a loaded machine: 52.8 once under AddressSanitizer, 33-38 when
       * quiet) holds more per event besides: a 32-byte hand-off arrow
       * and a place in its queue row for every wait. */
      g_assert_cmpfloat (per_event, <=, 64.0);
      weft_timeline_unref (timeline);
    }
}

/* A busy lane built by hand, and what went into it, to hold against
 * what the timeline keeps once it lets old detail go.  Spans follow one
 * another with no time between, so whatever the timeline draws of them
 * must cover the range with no holes, summary or not. */
typedef struct
{
  WeftTimeline *timeline;
  guint lane;
  guint16 lock;
  guint16 counter;
  GArray *spans;       /* WeftSpan */
  GArray *instants;    /* WeftInstantRecord */
  GArray *samples;     /* WeftSample */
  gint64 origin;
  gint64 end;
  GRand *rand;
} Busy;

#define BUSY_ORIGIN 1000000

static void
busy_init (Busy *busy)
{
  memset (busy, 0, sizeof *busy);
  busy->timeline = new_timeline ();
  busy->lock = weft_timeline_add_object (busy->timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  busy->counter = weft_timeline_add_object (busy->timeline, "counter", WEFT_OBJECT_COUNTER, 0);
  busy->lane = weft_timeline_add_lane (busy->timeline, "worker-1", 1);
  busy->spans = g_array_new (FALSE, FALSE, sizeof (WeftSpan));
  busy->instants = g_array_new (FALSE, FALSE, sizeof (WeftInstantRecord));
  busy->samples = g_array_new (FALSE, FALSE, sizeof (WeftSample));
  busy->origin = busy->end = BUSY_ORIGIN;
  busy->rand = g_rand_new_with_seed (23);
  weft_timeline_set_origin (busy->timeline, BUSY_ORIGIN);
}

static void
busy_clear (Busy *busy)
{
  weft_timeline_unref (busy->timeline);
  g_array_unref (busy->spans);
  g_array_unref (busy->instants);
  g_array_unref (busy->samples);
  g_rand_free (busy->rand);
}

/* @n_spans more spans of 1-3 us, each with an instant in its middle and
 * a counter sample at its start, fed in frames as a live run is. */
static void
busy_grow (Busy  *busy,
           guint  n_spans)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));

  for (guint i = 0; i < n_spans; i++)
    {
      guint index = busy->spans->len;
      gint64 start = busy->end;
      gint64 end = start + g_rand_int_range (busy->rand, 1000, 3000);
      WeftSpan span = { .start_ns = start, .end_ns = end, .value = index, .object = busy->lock, .state = index % 3 };
      WeftInstantRecord instant = {
        .time_ns = (start + end) / 2, .value = index, .object = busy->lock,
        .instant = index % 4 == 0 ? WEFT_INSTANT_PRODUCE : WEFT_INSTANT_ACQUIRE,
      };
      WeftSample sample = { start, g_rand_int_range (busy->rand, 0, 50) };
      WeftEvent ev[] = {
        test_event (busy->lane, start, WEFT_EVENT_BEGIN, span.state, busy->lock, index, 0),
        test_event (busy->lane, start, WEFT_EVENT_COUNTER, 0, busy->counter, sample.value, 0),
        test_event (busy->lane, instant.time_ns, WEFT_EVENT_INSTANT, instant.instant, busy->lock, index, 0),
        test_event (busy->lane, end, WEFT_EVENT_END, span.state, busy->lock, 0, 0),
      };

      g_array_append_vals (events, ev, G_N_ELEMENTS (ev));
      g_array_append_val (busy->spans, span);
      g_array_append_val (busy->instants, instant);
      g_array_append_val (busy->samples, sample);
      busy->end = end;
      if (events->len >= 20000)
        {
          weft_timeline_add_events (busy->timeline, (WeftEvent *) (gpointer) events->data, events->len);
          g_array_set_size (events, 0);
        }
    }
  weft_timeline_add_events (busy->timeline, (WeftEvent *) (gpointer) events->data, events->len);
}

/* What the counter held at @t, from every sample ever given. */
static gboolean
busy_value_at (Busy   *busy,
               gint64  t,
               gint64 *value)
{
  const WeftSample *samples = (const WeftSample *) (gpointer) busy->samples->data;
  guint lo = 0, hi = busy->samples->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (samples[mid].time_ns <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;
  *value = samples[lo - 1].value;
  return TRUE;
}

/* What is kept raw is exactly what was given from @cut on: every span
 * that ended after it, every instant from it, every sample from the
 * last one before it. */
static void
assert_detail_kept_from (Busy   *busy,
                         gint64  cut)
{
  const WeftSpan *spans;
  const WeftInstantRecord *instants;
  const WeftSample *samples;
  guint n, first;

  spans = weft_timeline_get_spans (busy->timeline, busy->lane, 0, &n);
  for (first = 0; g_array_index (busy->spans, WeftSpan, first).end_ns <= cut; first++)
    ;
  g_assert_cmpuint (n, ==, busy->spans->len - first);
  for (guint i = 0; i < n; i++)
    {
      const WeftSpan *given = &g_array_index (busy->spans, WeftSpan, first + i);

      g_assert_cmpint (spans[i].start_ns, ==, given->start_ns);
      g_assert_cmpint (spans[i].end_ns, ==, given->end_ns);
      g_assert_cmpint (spans[i].value, ==, given->value);
      g_assert_cmpuint (spans[i].state, ==, given->state);
    }

  instants = weft_timeline_get_instants (busy->timeline, busy->lane, &n);
  for (first = 0; g_array_index (busy->instants, WeftInstantRecord, first).time_ns < cut; first++)
    ;
  g_assert_cmpuint (n, ==, busy->instants->len - first);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (instants[i].time_ns, ==, g_array_index (busy->instants, WeftInstantRecord, first + i).time_ns);
      g_assert_cmpint (instants[i].value, ==, g_array_index (busy->instants, WeftInstantRecord, first + i).value);
    }

  samples = weft_timeline_get_samples (busy->timeline, busy->counter, &n);
  for (first = 0; g_array_index (busy->samples, WeftSample, first + 1).time_ns < cut; first++)
    ;
  g_assert_cmpuint (n, ==, busy->samples->len - first);
  g_assert_cmpint (samples[0].time_ns, <, cut);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (samples[i].time_ns, ==, g_array_index (busy->samples, WeftSample, first + i).time_ns);
      g_assert_cmpint (samples[i].value, ==, g_array_index (busy->samples, WeftSample, first + i).value);
    }
}

/* The items a span query returns follow one another with no hole from
 * before @t0 to @t1 or later, in order: nothing left undrawn. */
static void
assert_spans_cover (GArray *items,
                    gint64  t0,
                    gint64  t1)
{
  g_assert_cmpuint (items->len, >, 0);
  g_assert_cmpint (g_array_index (items, WeftSpan, 0).start_ns, <=, t0);
  for (guint i = 1; i < items->len; i++)
    g_assert_cmpint (g_array_index (items, WeftSpan, i).start_ns, ==, g_array_index (items, WeftSpan, i - 1).end_ns);
  g_assert_cmpint (g_array_index (items, WeftSpan, items->len - 1).end_ns, >=, t1);
}

/* Letting go before T keeps every span, instant and sample from T on as
 * it was, frees most of the memory that went before, and keeps the value
 * at any moment from T on; before the detail kept, nothing is made up. */
static void
test_let_go_keeps_what_follows (void)
{
  Busy busy;
  gint64 cut, value, expected;
  gsize before, after;
  WeftSpan found;
  const WeftSample *samples;
  guint n;

  busy_init (&busy);
  busy_grow (&busy, 100000);
  cut = busy.origin + (busy.end - busy.origin) / 2;
  g_assert_cmpint (weft_timeline_get_detail_from (busy.timeline), ==, busy.origin);

  before = weft_timeline_get_memory (busy.timeline);
  weft_timeline_let_go_before (busy.timeline, cut);
  after = weft_timeline_get_memory (busy.timeline);
  g_test_message ("memory %" G_GSIZE_FORMAT " -> %" G_GSIZE_FORMAT " bytes", before, after);

  g_assert_cmpint (weft_timeline_get_detail_from (busy.timeline), ==, cut);
  assert_detail_kept_from (&busy, cut);
  /* Half the raw detail went, and the summaries of it are small. */
  g_assert_cmpuint (after, <, before * 7 / 10);
  g_assert_cmpuint (weft_timeline_get_n_events (busy.timeline), ==, 400000);

  for (guint i = 0; i < 1000; i++)
    {
      gint64 t = cut + g_rand_int_range (busy.rand, 0, (gint32) (busy.end - cut));

      g_assert_true (busy_value_at (&busy, t, &expected));
      g_assert_true (weft_timeline_get_value_at (busy.timeline, busy.counter, t, &value));
      g_assert_cmpint (value, ==, expected);
    }
  g_assert_true (busy_value_at (&busy, cut, &expected));
  g_assert_true (weft_timeline_get_value_at (busy.timeline, busy.counter, cut, &value));
  g_assert_cmpint (value, ==, expected);
  samples = weft_timeline_get_samples (busy.timeline, busy.counter, &n);
  g_assert_false (weft_timeline_get_value_at (busy.timeline, busy.counter, samples[0].time_ns - 1, &value));

  /* Hovering finds the spans kept, and no made-up one before them. */
  g_assert_true (weft_timeline_span_at (busy.timeline, busy.lane, cut + 1, 0, &found));
  g_assert_cmpint (found.start_ns, <=, cut + 1);
  g_assert_cmpint (found.end_ns, >, cut + 1);
  g_assert_false (found.flags & WEFT_SPAN_MERGED);
  g_assert_false (weft_timeline_span_at (busy.timeline, busy.lane, busy.origin + (cut - busy.origin) / 2, 0, &found));

  /* Letting go of less than is already gone changes nothing. */
  weft_timeline_let_go_before (busy.timeline, cut - 1000000);
  g_assert_cmpint (weft_timeline_get_detail_from (busy.timeline), ==, cut);
  assert_detail_kept_from (&busy, cut);
  busy_clear (&busy);
}

/* A query over a range that starts before the detail kept reads a
 * summary there and the raw items after: spans with no hole, instants
 * and samples that were all really recorded. */
static void
test_let_go_query_straddles (void)
{
  Busy busy;
  gint64 cut, t0, t1, kept_from;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (WeftSpan));
  g_autoptr(GArray) instants = g_array_new (FALSE, FALSE, sizeof (WeftInstantRecord));
  g_autoptr(GArray) buckets = g_array_new (FALSE, FALSE, sizeof (WeftSampleBucket));
  const WeftSpan *raw;
  const WeftSample *raw_samples;
  guint n, n_merged = 0, n_raw = 0, n_before = 0, n_after = 0, first, n_whole;

  busy_init (&busy);
  busy_grow (&busy, 100000);
  cut = busy.origin + (busy.end - busy.origin) / 2;
  weft_timeline_query_spans (busy.timeline, busy.lane, 0, busy.origin, busy.end,
                             (busy.end - busy.origin) / 1000, count_span, spans);
  n_whole = spans->len;
  g_array_set_size (spans, 0);
  weft_timeline_let_go_before (busy.timeline, cut);
  t0 = cut - 300000;
  t1 = cut + 300000;

  /* Spans, zoomed right in: raw items where they are kept, the finest
   * summary left before that, cut short where the raw ones begin. */
  raw = weft_timeline_get_spans (busy.timeline, busy.lane, 0, &n);
  kept_from = raw[0].start_ns;
  g_assert_cmpint (kept_from, <=, cut);
  weft_timeline_query_spans (busy.timeline, busy.lane, 0, t0, t1, 1, count_span, spans);
  assert_spans_cover (spans, t0, t1);
  for (guint i = 0; i < spans->len; i++)
    {
      const WeftSpan *span = &g_array_index (spans, WeftSpan, i);

      if (span->start_ns < kept_from)
        {
          g_assert_cmpint (span->end_ns, <=, kept_from);
          n_merged += (span->flags & WEFT_SPAN_MERGED) != 0;
          continue;
        }
      g_assert_cmpint (span->start_ns, ==, raw[n_raw].start_ns);
      g_assert_cmpint (span->end_ns, ==, raw[n_raw].end_ns);
      g_assert_false (span->flags & WEFT_SPAN_MERGED);
      n_raw++;
    }
  g_test_message ("spans: %u summary items merged, %u raw", n_merged, n_raw);
  g_assert_cmpuint (n_merged, >, 0);
  g_assert_cmpuint (n_raw, >, 0);

  /* Zoomed out over the whole run: a few items per pixel, no hole. */
  g_array_set_size (spans, 0);
  weft_timeline_query_spans (busy.timeline, busy.lane, 0, busy.origin, busy.end,
                             (busy.end - busy.origin) / 1000, count_span, spans);
  assert_spans_cover (spans, busy.origin, busy.end);
  g_assert_cmpuint (spans->len, <=, 8 * 1000 + 2);
  /* The level that suits that zoom kept all of its time. */
  g_test_message ("zoomed out: %u items, %u before the cut", spans->len, n_whole);
  g_assert_cmpuint (spans->len, ==, n_whole);

  /* Instants: some before the cut, from a summary, all of them real;
   * from the cut on, every one. */
  weft_timeline_query_instants (busy.timeline, busy.lane, t0, t1, 1, collect_instant, instants);
  for (first = 0; g_array_index (busy.instants, WeftInstantRecord, first).time_ns < cut; first++)
    ;
  for (guint i = 0; i < instants->len; i++)
    {
      const WeftInstantRecord *shown = &g_array_index (instants, WeftInstantRecord, i);
      const WeftInstantRecord *given = &g_array_index (busy.instants, WeftInstantRecord, shown->value);

      g_assert_cmpint (shown->time_ns, >=, t0);
      g_assert_cmpint (shown->time_ns, <, t1);
      g_assert_cmpint (shown->time_ns, ==, given->time_ns);
      g_assert_cmpuint (shown->instant, ==, given->instant);
      if (i > 0)
        g_assert_cmpint (shown->time_ns, >, g_array_index (instants, WeftInstantRecord, i - 1).time_ns);
      if (shown->time_ns < cut)
        n_before++;
      else
        {
          g_assert_cmpint (shown->value, ==, first + n_after);
          n_after++;
        }
    }
  g_test_message ("instants: %u from a summary, %u raw", n_before, n_after);
  g_assert_cmpuint (n_before, >, 0);
  for (n = 0; g_array_index (busy.instants, WeftInstantRecord, first + n).time_ns < t1; n++)
    ;
  g_assert_cmpuint (n_after, ==, n);

  /* Samples: buckets before the first sample kept, then every sample. */
  raw_samples = weft_timeline_get_samples (busy.timeline, busy.counter, &n);
  weft_timeline_query_samples (busy.timeline, busy.counter, t0, t1, 1, collect_bucket, buckets);
  n_before = n_raw = 0;
  for (guint i = 0; i < buckets->len; i++)
    {
      const WeftSampleBucket *bucket = &g_array_index (buckets, WeftSampleBucket, i);

      if (i > 0)
        g_assert_cmpint (bucket->start_ns, >, g_array_index (buckets, WeftSampleBucket, i - 1).start_ns);
      if (bucket->start_ns < raw_samples[0].time_ns)
        {
          gint64 expected;

          /* A bucket's last value is what the counter held at its end. */
          g_assert_true (busy_value_at (&busy, bucket->end_ns, &expected));
          g_assert_cmpint (bucket->last, ==, expected);
          g_assert_cmpint (bucket->min, <=, bucket->max);
          n_before += bucket->start_ns < bucket->end_ns;
          continue;
        }
      g_assert_cmpint (bucket->start_ns, ==, raw_samples[n_raw].time_ns);
      g_assert_cmpint (bucket->last, ==, raw_samples[n_raw].value);
      n_raw++;
    }
  g_test_message ("samples: %u buckets from a summary, %u raw", n_before, n_raw);
  g_assert_cmpuint (n_before, >, 0);
  g_assert_cmpuint (n_raw, >, 0);
  g_assert_cmpint (raw_samples[n_raw - 1].time_ns, <, t1);
  g_assert_true (n_raw == n || raw_samples[n_raw].time_ns >= t1);
  busy_clear (&busy);
}

/* The summaries go on folding in new items after a cut, and a run can
 * let go again and again: what is kept stays exact, what is drawn
 * covers the run at every zoom. */
static void
test_let_go_goes_on (void)
{
  Busy busy;

  busy_init (&busy);
  busy_grow (&busy, 60000);
  for (guint round = 0; round < 4; round++)
    {
      gint64 cut = busy.end - (busy.end - weft_timeline_get_detail_from (busy.timeline)) / 3;

      weft_timeline_let_go_before (busy.timeline, cut);
      assert_detail_kept_from (&busy, cut);
      busy_grow (&busy, 60000);
      assert_detail_kept_from (&busy, cut);

      for (gint64 window = busy.end - busy.origin; window >= 20000; window /= 5)
        {
          g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (WeftSpan));
          gint64 t0 = busy.origin + g_rand_int_range (busy.rand, 0, (gint32) (busy.end - busy.origin - window + 1));
          gint64 per_pixel = MAX (1, window / 1000);

          weft_timeline_query_spans (busy.timeline, busy.lane, 0, t0, t0 + window, per_pixel, count_span, spans);
          assert_spans_cover (spans, t0, t0 + window);
          g_assert_cmpuint (spans->len, <=, 8 * 1000 + 2);
        }
    }

  /* Letting go of everything up to the last moment: what no summary
   * has closed over yet stays, so even the newest time is drawn.  The
   * cut stops just short of the check fold's frontier, the last event,
   * so that no item goes before the checks have read it. */
  weft_timeline_let_go_before (busy.timeline, busy.end);
  g_assert_cmpint (weft_timeline_get_detail_from (busy.timeline), ==, busy.end - 1);
  for (gint64 window = busy.end - busy.origin; window >= 2000; window /= 5)
    {
      g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (WeftSpan));

      weft_timeline_query_spans (busy.timeline, busy.lane, 0, busy.end - window, busy.end,
                                 MAX (1, window / 1000), count_span, spans);
      assert_spans_cover (spans, busy.end - window, busy.end);
    }
  busy_clear (&busy);
}

/* Past seven eighths of its budget, the timeline lets go of enough old
 * detail to come back to five eighths of it, and no more than it needs;
 * below seven eighths it keeps everything. */
static void
test_let_go_to_budget (void)
{
  Busy busy;
  gsize before;

  busy_init (&busy);
  busy_grow (&busy, 100000);
  before = weft_timeline_get_memory (busy.timeline);

  weft_timeline_set_memory_budget (busy.timeline, before / 7 * 8 + 8);
  g_assert_false (weft_timeline_keep_within_budget (busy.timeline));
  g_assert_cmpint (weft_timeline_get_detail_from (busy.timeline), ==, busy.origin);

  weft_timeline_set_memory_budget (busy.timeline, before / 2);
  g_assert_true (weft_timeline_keep_within_budget (busy.timeline));
  g_test_message ("memory %" G_GSIZE_FORMAT " -> %" G_GSIZE_FORMAT " bytes, budget %" G_GSIZE_FORMAT,
                  before, weft_timeline_get_memory (busy.timeline), before / 2);
  g_assert_cmpuint (weft_timeline_get_memory (busy.timeline), <=, before / 2 / 8 * 5);
  /* Within a few percent of the target: not much more went than had to. */
  g_assert_cmpuint (weft_timeline_get_memory (busy.timeline), >=, before / 2 / 8 * 5 * 9 / 10);
  g_assert_cmpint (weft_timeline_get_detail_from (busy.timeline), >, busy.origin);
  assert_detail_kept_from (&busy, weft_timeline_get_detail_from (busy.timeline));
  g_assert_false (weft_timeline_keep_within_budget (busy.timeline));
  busy_clear (&busy);
}

/* A sample that comes late, among samples already summarized, is put in
 * its place and the summary built again from there; one that comes
 * later than the detail kept is left out, and the summary stands. */
static void
test_let_go_late_sample (void)
{
  Busy busy;
  gint64 cut, late_time, value;
  g_autoptr(GArray) buckets = g_array_new (FALSE, FALSE, sizeof (WeftSampleBucket));
  gboolean seen = FALSE;
  guint n, n_before;

  busy_init (&busy);
  busy_grow (&busy, 100000);
  cut = busy.origin + (busy.end - busy.origin) / 2;
  weft_timeline_let_go_before (busy.timeline, cut);
  weft_timeline_get_samples (busy.timeline, busy.counter, &n_before);

  /* Between two samples kept, well after the cut. */
  late_time = g_array_index (busy.samples, WeftSample, busy.samples->len * 3 / 4).time_ns + 1;
  {
    WeftEvent late = test_event (busy.lane, late_time, WEFT_EVENT_COUNTER, 0, busy.counter, 1000, 0);
    weft_timeline_add_events (busy.timeline, &late, 1);
  }
  weft_timeline_get_samples (busy.timeline, busy.counter, &n);
  g_assert_cmpuint (n, ==, n_before + 1);
  g_assert_true (weft_timeline_get_value_at (busy.timeline, busy.counter, late_time, &value));
  g_assert_cmpint (value, ==, 1000);
  weft_timeline_query_samples (busy.timeline, busy.counter, busy.origin, busy.end,
                               (busy.end - busy.origin) / 1000, collect_bucket, buckets);
  for (guint i = 0; i < buckets->len; i++)
    {
      const WeftSampleBucket *bucket = &g_array_index (buckets, WeftSampleBucket, i);

      if (bucket->start_ns <= late_time && late_time <= bucket->end_ns)
        seen |= bucket->max == 1000;
      else
        g_assert_cmpint (bucket->max, <, 50);
    }
  g_assert_true (seen);

  /* Before the detail kept: left out, the summary still there. */
  {
    WeftEvent late = test_event (busy.lane, busy.origin + 5000, WEFT_EVENT_COUNTER, 0, busy.counter, -7, 0);
    weft_timeline_add_events (busy.timeline, &late, 1);
  }
  weft_timeline_get_samples (busy.timeline, busy.counter, &n);
  g_assert_cmpuint (n, ==, n_before + 1);
  g_array_set_size (buckets, 0);
  weft_timeline_query_samples (busy.timeline, busy.counter, busy.origin, cut,
                               (cut - busy.origin) / 1000, collect_bucket, buckets);
  g_assert_cmpuint (buckets->len, >, 100);
  for (guint i = 0; i < buckets->len; i++)
    g_assert_cmpint (g_array_index (buckets, WeftSampleBucket, i).min, >=, 0);
  busy_clear (&busy);
}

/* A program recorded across processes is shown a process at a time, in
 * the order they came, each one's lanes in the order they came; the
 * lanes keep their numbers.  A single process, or none, keeps lane order. */
static void
test_process_rows (void)
{
  g_autoptr(WeftTimeline) timeline = test_two_process_timeline ();
  static const guint expected[] = { 0, 1, 3, 2, 4, 5 };
  guint n_rows;
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftTimeline) single = NULL;

  g_assert_true (weft_timeline_groups_lanes (timeline));
  g_assert_cmpuint (weft_timeline_get_n_processes (timeline), ==, 2);
  g_assert_cmpint (weft_timeline_get_process_pid (timeline, 1), ==, 200);
  g_assert_cmpstr (weft_timeline_get_process_name (timeline, 1), ==, "child");
  for (guint row = 0; row < G_N_ELEMENTS (expected); row++)
    {
      g_assert_cmpuint (weft_timeline_get_row_lane (timeline, row), ==, expected[row]);
      g_assert_cmpuint (weft_timeline_get_lane_row (timeline, expected[row]), ==, row);
    }
  g_assert_cmpuint (weft_timeline_get_process_rows (timeline, 0, &n_rows), ==, 0);
  g_assert_cmpuint (n_rows, ==, 3);
  g_assert_cmpuint (weft_timeline_get_process_rows (timeline, 1, &n_rows), ==, 3);
  g_assert_cmpuint (n_rows, ==, 3);
  g_assert_cmpuint (weft_timeline_get_lane_process (timeline, 3), ==, 0);
  g_assert_cmpuint (weft_timeline_get_lane_process (timeline, 5), ==, 1);
  /* The events stayed on the lanes they named. */
  g_assert_cmpstr (weft_timeline_get_lane_name (timeline, 2), ==, "child 200");

  /* One process: no groups, rows are lanes. */
  weft_pattern_get_default_params (&weft_program_pattern, &params);
  single = weft_timeline_new (&weft_program_pattern, &params);
  weft_timeline_add_process (single, 100, "alone");
  for (guint i = 0; i < 3; i++)
    weft_timeline_set_lane_process (single, weft_timeline_add_lane (single, "t", 100 + i), 0);
  g_assert_false (weft_timeline_groups_lanes (single));
  for (guint row = 0; row < 3; row++)
    g_assert_cmpuint (weft_timeline_get_row_lane (single, row), ==, row);

  /* A pattern's lanes have no process. */
  test_params ("lock", &pattern, &params);
  {
    g_autoptr(WeftTimeline) plain = weft_timeline_new (pattern, &params);

    weft_timeline_add_lane (plain, "a", 1);
    weft_timeline_add_lane (plain, "b", 2);
    g_assert_false (weft_timeline_groups_lanes (plain));
    g_assert_cmpuint (weft_timeline_get_lane_process (plain, 1), ==, WEFT_TIMELINE_NO_PROCESS);
    g_assert_cmpuint (weft_timeline_get_row_lane (plain, 1), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/timeline/spans-nest", test_spans_nest);
  g_test_add_func ("/timeline/malformed-and-cut", test_malformed_and_cut);
  g_test_add_func ("/timeline/counter-samples-sorted", test_counter_samples_sorted);
  g_test_add_func ("/timeline/counter-value-at-and-queries", test_counter_value_at_and_queries);
  g_test_add_func ("/timeline/late-samples-keep-summaries-exact", test_late_samples_keep_summaries_exact);
  g_test_add_func ("/timeline/level-of-detail", test_level_of_detail);
  g_test_add_func ("/timeline/instants-per-column", test_instants_per_column);
  g_test_add_func ("/timeline/instants-kinds-share-column", test_instants_kinds_share_column);
  g_test_add_func ("/timeline/memory-is-what-was-allocated", test_memory_is_what_was_allocated);
  g_test_add_func ("/timeline/let-go/keeps-what-follows", test_let_go_keeps_what_follows);
  g_test_add_func ("/timeline/let-go/query-straddles", test_let_go_query_straddles);
  g_test_add_func ("/timeline/let-go/goes-on", test_let_go_goes_on);
  g_test_add_func ("/timeline/let-go/to-budget", test_let_go_to_budget);
  g_test_add_func ("/timeline/let-go/late-sample", test_let_go_late_sample);
  g_test_add_func ("/timeline/process-rows", test_process_rows);

  return g_test_run ();
}
