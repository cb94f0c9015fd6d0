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
      if (object != NULL)
        /* Translators: an event inside a span: "release of lock at 1.204 s" */
        line = g_strdup_printf (_("%s of %s at %s"), _(info->label), object, when);
      else
        /* Translators: an event inside a span: "join at 1.204 s" */
        line = g_strdup_printf (_("%s at %s"), _(info->label), when);
      g_string_append_printf (text, "\n  %s", line);
    }
  if (inside > listed)
    {
      g_autofree char *more = weft_format_count (inside - listed);
      g_string_append_printf (text, "\n  ");
      g_string_append_printf (text, _("and %s more"), more);
    }
}

/* Who let a wait end, and how long the woken thread took to notice: the
 * hand-off arrow that ends at the span's end. */
static void
append_woken_by (GString        *text,
                 WeftTimeline   *timeline,
                 guint           lane,
                 const WeftSpan *span)
{
  guint n, lo = 0, hi;
  const WeftArrow *arrows = weft_timeline_get_arrows (timeline, lane, &n);
  g_autofree char *when = NULL;
  g_autofree char *latency = NULL;

  if (span->state != WEFT_STATE_WAITING || (span->flags & WEFT_SPAN_OPEN))
    return;
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
    return;
  when = weft_format_moment (arrows[lo].from_ns - weft_timeline_get_origin (timeline));
  latency = weft_format_duration (arrows[lo].to_ns - arrows[lo].from_ns);
  g_string_append_c (text, '\n');
  /* Translators: "let go by worker-2 at 1.204 s; awake 52 µs later" */
  g_string_append_printf (text, _("let go by %s at %s; awake %s later"),
                          weft_timeline_get_lane_name (timeline, arrows[lo].from_lane), when, latency);
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

  g_string_append_printf (text, _("%s, TID %d"), weft_timeline_get_lane_name (timeline, lane),
                          weft_timeline_get_lane_tid (timeline, lane));
  g_string_append_c (text, '\n');
  if (object != NULL && span->object != WEFT_OBJECT_NONE)
    /* Translators: a thread state and the object, e.g. "waiting on club" */
    g_string_append_printf (text, _("%s on %s"), weft_chart_state_label (span->state), object);
  else
    g_string_append (text, weft_chart_state_label (span->state));
  if (pattern->steps != NULL && span->arg >= 1)
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
  append_woken_by (text, timeline, lane, span);
  append_events_inside (text, timeline, lane, span);

  return g_string_free (text, FALSE);
}
