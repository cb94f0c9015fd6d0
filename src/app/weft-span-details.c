/* weft-span-details.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words of the span details popover, and of what a screen reader
 * reads for the selection: the thread, what it did and on what, when
 * and for how long, and the events inside, each from the timeline alone.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "weft-chart.h"
#include "weft-checker.h"
#include "weft-span-details.h"
#include "weft-ticks.h"

/* More than this many events inside are summed up, not listed. */
#define MAX_EVENTS_LISTED 8
/* Likewise the holders of what a thread waited for. */
#define MAX_HOLDERS_LISTED 4

typedef struct
{
  guint lane;
  WeftSpan span;
} Held;

typedef struct
{
  GArray *held;        /* Held */
  guint lane;
  guint16 object;
  gint64 from_ns;
  gint64 to_ns;
  gboolean merged;     /* a summary met: detail was let go there */
} HeldSearch;

static void
collect_held (const WeftSpan *span,
              gpointer        user_data)
{
  HeldSearch *search = user_data;
  Held held = { search->lane, *span };

  if (span->end_ns <= search->from_ns || span->start_ns >= search->to_ns)
    return;
  if (span->flags & WEFT_SPAN_MERGED)
    {
      search->merged = TRUE;
      return;
    }
  if (span->state == WEFT_STATE_CRITICAL && span->object == search->object)
    g_array_append_val (search->held, held);
}

static gint
held_by_start (gconstpointer a,
               gconstpointer b)
{
  const Held *x = a, *y = b;

  return x->span.start_ns < y->span.start_ns ? -1 : x->span.start_ns > y->span.start_ns;
}

/* Whether @span is a wait for something a thread holds (a lock, a
 * semaphore's permit), so that others held it meanwhile. */
static gboolean
waits_for_holder (WeftTimeline   *timeline,
                  const WeftSpan *span)
{
  const WeftObjectInfo *info;

  if (span->state != WEFT_STATE_WAITING || span->object == WEFT_OBJECT_NONE)
    return FALSE;
  info = weft_timeline_get_object (timeline, span->object);
  return info != NULL && (info->kind == WEFT_OBJECT_MUTEX || info->kind == WEFT_OBJECT_SEMAPHORE);
}

/* The critical spans of other lanes on the object @span waited for,
 * while it waited, by start; from recorded spans only.  @merged says
 * whether some of that time is known only as a summary. */
static GArray *
find_holders (WeftTimeline   *timeline,
              guint           lane,
              const WeftSpan *span,
              gboolean       *merged)
{
  HeldSearch search = { g_array_new (FALSE, FALSE, sizeof (Held)), 0, span->object,
                        span->start_ns, span->end_ns, FALSE };

  for (guint other = 0; other < weft_timeline_get_n_lanes (timeline); other++)
    {
      if (other == lane)
        continue;
      search.lane = other;
      /* One nanosecond a pixel reads the recorded spans themselves. */
      for (guint depth = 0; depth < WEFT_TIMELINE_MAX_DEPTH; depth++)
        weft_timeline_query_spans (timeline, other, depth, span->start_ns, span->end_ns, 1,
                                   collect_held, &search);
    }
  g_array_sort (search.held, held_by_start);
  if (merged != NULL)
    *merged = search.merged;
  return search.held;
}

/* "held by worker-2 from 1.200 s to 1.350 s, then worker-4 from …", and
 * where that is not known, why. */
static void
append_held_by (GString        *text,
                WeftTimeline   *timeline,
                guint           lane,
                const WeftSpan *span)
{
  gint64 origin = weft_timeline_get_origin (timeline);
  const char *object = weft_timeline_get_object_name (timeline, span->object);
  gint64 detail_from = weft_timeline_get_detail_from (timeline);
  g_autoptr(GArray) held = NULL;
  const WeftGap *gaps;
  gboolean merged;
  gint64 latest_end = G_MININT64;
  guint n_gaps;

  if (!waits_for_holder (timeline, span))
    return;
  held = find_holders (timeline, lane, span, &merged);
  g_string_append_c (text, '\n');
  if (held->len == 0)
    /* Translators: no other thread's critical span on the lock was
     * recorded while this one waited for it */
    g_string_append_printf (text, _("held by no other thread meanwhile, as recorded"));
  for (guint i = 0; i < held->len && i < MAX_HOLDERS_LISTED; i++)
    {
      const Held *h = &g_array_index (held, Held, i);
      const char *name = weft_format_lane_name (timeline, h->lane);
      g_autofree char *from = weft_format_moment (h->span.start_ns - origin);
      g_autofree char *to = (h->span.flags & WEFT_SPAN_OPEN) ? g_strdup (_("now"))
                                                             : weft_format_moment (h->span.end_ns - origin);

      if (i == 0)
        /* Translators: who held the lock while this thread waited:
         * "held by worker-2 from 1.200 s to 1.350 s" */
        g_string_append_printf (text, _("held by %s from %s to %s"), name, from, to);
      else if (h->span.start_ns >= latest_end)
        /* Translators: the next holder, after the one before let go */
        g_string_append_printf (text, _(", then %s from %s to %s"), name, from, to);
      else
        /* Translators: another holder at the same time (a semaphore) */
        g_string_append_printf (text, _(", and at once %s from %s to %s"), name, from, to);
      latest_end = MAX (latest_end, h->span.end_ns);
    }
  if (held->len > MAX_HOLDERS_LISTED)
    {
      g_autofree char *more = weft_format_count (held->len - MAX_HOLDERS_LISTED);
      g_string_append (text, ", ");
      g_string_append_printf (text, _("and %s more"), more);
    }

  /* Honest about what is not known: summaries, and lost events. */
  if (merged || span->start_ns < detail_from)
    {
      g_autofree char *when = weft_format_moment (detail_from - origin);
      g_string_append_c (text, '\n');
      /* Translators: "who held lock before 2.000 s is not known: …" */
      g_string_append_printf (text, _("who held %s before %s is not known: that detail was let go"), object, when);
    }
  gaps = weft_timeline_get_gaps (timeline, &n_gaps);
  for (guint g = 0; g < n_gaps; g++)
    if (gaps[g].lane != lane && gaps[g].from_ns < span->end_ns && gaps[g].to_ns > span->start_ns)
      {
        g_autofree char *from = weft_format_moment (MAX (gaps[g].from_ns, span->start_ns) - origin);
        g_autofree char *to = weft_format_moment (MIN (gaps[g].to_ns, span->end_ns) - origin);
        g_string_append_c (text, '\n');
        /* Translators: "events of worker-3 were lost from 1.2 s to 1.3 s: whether it held lock then is not known" */
        g_string_append_printf (text, _("events of %s were lost from %s to %s: whether it held %s then is not known"),
                                weft_format_lane_name (timeline, gaps[g].lane), from, to, object);
      }
}


/* An event as the tutorials call it, with the pthread call beside it
 * where that differs: "release() (sem_post())". */
static char *
describe_instant (const WeftPattern *pattern,
                  guint              code,
                  WeftObjectKind     kind)
{
  const char *python = weft_pattern_get_instant_word (pattern, code, kind, WEFT_WORDS_PYTHON);
  const char *c = weft_pattern_get_instant_word (pattern, code, kind, WEFT_WORDS_C);

  if (g_str_equal (python, c))
    return g_strdup (python);
  /* Translators: an event as Python calls it, then as pthreads does:
   * "release() (sem_post())" */
  return g_strdup_printf (_("%s (%s)"), python, c);
}

static void
append_events_inside (GString        *text,
                      WeftTimeline   *timeline,
                      guint           lane,
                      const WeftSpan *span)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);
  gint64 origin = weft_timeline_get_origin (timeline);
  guint n, listed = 0, inside = 0, lo = 0, hi;
  const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

  /* Instants are kept in time order: start at the span's first. */
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (instants[mid].time_ns < span->start_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; i < n && instants[i].time_ns <= span->end_ns; i++)
    {
      const WeftInstantRecord *instant = &instants[i];
      const WeftInstantInfo *info;
      g_autofree char *when = NULL;
      g_autofree char *line = NULL;
      const char *object;
      g_autofree char *word = NULL;

      info = weft_pattern_get_instant_info (pattern, instant->instant);
      /* A thread's start and end are its lane's life, not events in it. */
      if (info == NULL || info->shape == WEFT_MARK_NONE)
        continue;
      if (inside++ == 0)
        g_string_append_printf (text, "\n%s", _("Inside:"));
      if (listed == MAX_EVENTS_LISTED)
        continue;
      listed++;
      when = weft_format_moment (instant->time_ns - origin);
      object = instant->object != WEFT_OBJECT_NONE ? weft_timeline_get_object_name (timeline, instant->object) : NULL;
      word = describe_instant (pattern, instant->instant,
                               instant->object != WEFT_OBJECT_NONE
                                 ? weft_timeline_get_object (timeline, instant->object)->kind : WEFT_OBJECT_MUTEX);
      if (object != NULL)
        /* Translators: an event inside a span: "release() of lock at 1.204 s" */
        line = g_strdup_printf (_("%s of %s at %s"), word, object, when);
      else
        /* Translators: an event inside a span: "join() at 1.204 s" */
        line = g_strdup_printf (_("%s at %s"), word, when);
      g_string_append_printf (text, "\n  %s", line);
    }
  if (inside > listed)
    {
      g_autofree char *more = weft_format_count (inside - listed);
      g_string_append_printf (text, "\n  ");
      g_string_append_printf (text, _("and %s more"), more);
    }
}

/* The hand-off arrow that ended the wait @span, if one did. */
static const WeftArrow *
find_wake (WeftTimeline   *timeline,
           guint           lane,
           const WeftSpan *span)
{
  guint n, lo = 0, hi;
  const WeftArrow *arrows = weft_timeline_get_arrows (timeline, lane, &n);

  if (span->state != WEFT_STATE_WAITING || (span->flags & WEFT_SPAN_OPEN))
    return NULL;
  /* Arrows into a lane are kept in order of their ends. */
  hi = n;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (arrows[mid].to_ns < span->end_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == n || arrows[lo].to_ns != span->end_ns || arrows[lo].kind != WEFT_ARROW_WAKE)
    return NULL;
  return &arrows[lo];
}

/* Who let a wait end, and how long the woken thread took to notice: the
 * hand-off arrow that ends at the span's end. */
static void
append_woken_by (GString        *text,
                 WeftTimeline   *timeline,
                 guint           lane,
                 const WeftSpan *span)
{
  const WeftArrow *wake = find_wake (timeline, lane, span);
  g_autofree char *when = NULL;
  g_autofree char *latency = NULL;

  if (wake == NULL)
    return;
  when = weft_format_moment (wake->from_ns - weft_timeline_get_origin (timeline));
  latency = weft_format_duration (wake->to_ns - wake->from_ns);
  g_string_append_c (text, '\n');
  /* Translators: "let go by worker-2 at 1.204 s; awake 52 µs later" */
  g_string_append_printf (text, _("let go by %s at %s; awake %s later"),
                          weft_format_lane_name (timeline, wake->from_lane), when, latency);
}

/**
 * weft_span_details_describe:
 *
 * "racer-2, TID 4021 / critical on counter / from 1.204 s for 82 ms /
 * Inside: read of counter at 1.205 s, …", one fact a line.
 */
char *
weft_span_details_describe (WeftTimeline   *timeline,
                            guint           lane,
                            const WeftSpan *span)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);
  gint64 origin = weft_timeline_get_origin (timeline);
  const char *object = weft_timeline_get_object_name (timeline, span->object);
  g_autofree char *start = weft_format_moment (span->start_ns - origin);
  g_autofree char *length = weft_format_duration (span->end_ns - span->start_ns);
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, _("%s, TID %d"), weft_format_lane_name (timeline, lane),
                          weft_timeline_get_lane_tid (timeline, lane));
  g_string_append_c (text, '\n');
  if (span->state == WEFT_STATE_HELD)
    {
      g_autofree char *what = weft_chart_describe_step (timeline, span);

      /* Translators: Step mode held the thread, e.g. "held: will write 17" */
      g_string_append_printf (text, _("%s: %s"), weft_chart_state_label (span->state), what);
    }
  else if (object != NULL && span->object != WEFT_OBJECT_NONE)
    /* Translators: a thread state and the object, e.g. "waiting on club" */
    g_string_append_printf (text, _("%s on %s"), weft_chart_state_label (span->state), object);
  else
    g_string_append (text, weft_chart_state_label (span->state));
  if (pattern->steps != NULL && span->arg >= 1 && span->state != WEFT_STATE_HELD)
    {
      g_autofree char *round = weft_format_count (span->value);
      g_string_append_printf (text, _(" (step %s, round %s)"), pattern->steps[span->arg - 1], round);
    }
  g_string_append_c (text, '\n');
  if (span->flags & WEFT_SPAN_OPEN)
    /* Translators: "from 1.204 s, 82 ms so far" */
    g_string_append_printf (text, _("from %s, %s so far"), start, length);
  else
    /* Translators: "from 1.204 s for 82 ms" */
    g_string_append_printf (text, _("from %s for %s"), start, length);
  if (span->flags & WEFT_SPAN_LOST)
    g_string_append_printf (text, "\n%s", _("its end was lost with dropped events"));
  append_held_by (text, timeline, lane, span);
  append_woken_by (text, timeline, lane, span);
  append_events_inside (text, timeline, lane, span);

  return g_string_free (text, FALSE);
}

typedef struct
{
  WeftTimeline *timeline;
  guint lane;
  const WeftSpan *span;
  WeftChartSpanRef *related;
  guint n;
  guint most;
} Related;

static void
add_related (Related        *related,
             guint           lane,
             const WeftSpan *span)
{
  if (related->n < related->most)
    related->related[related->n++] = (WeftChartSpanRef) { lane, span->start_ns, span->end_ns };
}

/* The span of @lane going on just before @time_ns: an event that lets
 * another thread go (a release, a post) ends or sits in it. */
static void
add_span_before (Related *related,
                 guint    lane,
                 gint64   time_ns)
{
  WeftSpan span;

  if (weft_timeline_span_at (related->timeline, lane, MAX (time_ns - 1, 0), 0, &span))
    add_related (related, lane, &span);
}

static void
add_woken (const WeftArrow *arrow,
           gpointer         user_data)
{
  Related *related = user_data;

  /* Let go by an event inside the span; the woken span ends at to_ns. */
  if (arrow->from_lane == related->lane && arrow->from_ns >= related->span->start_ns &&
      arrow->from_ns <= related->span->end_ns)
    add_span_before (related, arrow->to_lane, arrow->to_ns);
}

/**
 * weft_span_details_collect_related:
 * @related: (out caller-allocates): room for @most spans
 *
 * The spans on other lanes that @span relates to, for the chart to
 * highlight: the one whose thread let it go, those that held what it
 * waited for meanwhile, and those of the threads it let go.
 *
 * Returns: how many were put in @related
 */
guint
weft_span_details_collect_related (WeftTimeline     *timeline,
                                   guint             lane,
                                   const WeftSpan   *span,
                                   WeftChartSpanRef *related,
                                   guint             most)
{
  Related found = { timeline, lane, span, related, 0, most };
  const WeftArrow *wake = find_wake (timeline, lane, span);

  if (wake != NULL)
    add_span_before (&found, wake->from_lane, wake->from_ns);
  if (waits_for_holder (timeline, span))
    {
      g_autoptr(GArray) held = find_holders (timeline, lane, span, NULL);

      for (guint i = 0; i < held->len; i++)
        add_related (&found, g_array_index (held, Held, i).lane, &g_array_index (held, Held, i).span);
    }
  weft_timeline_query_arrows (timeline, span->start_ns, span->end_ns + 1, add_woken, &found);
  return found.n;
}
