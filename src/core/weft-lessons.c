/* weft-lessons.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where each pattern's lesson happened, read off what its check fold
 * found (weft-pattern-race.c, weft-pattern-barrier.c) or off the object
 * a wait was on and the hand-offs the timeline recorded, and the words
 * the window's tooltip says about them.  Nothing here guesses: a lesson
 * the events do not show is not told.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-checker.h"
#include "weft-lessons.h"
#include "weft-pattern-list.h"
#include "weft-timeline-private.h"

static gpointer
fold_state_of (WeftTimeline      *timeline,
               const WeftPattern *pattern)
{
  if (weft_timeline_get_pattern (timeline) != pattern)
    return NULL;
  return weft_check_fold_get_state (weft_timeline_get_check_fold (timeline));
}

/**
 * weft_lessons_get_lost_updates:
 *
 * The race's lost updates found so far, sorted by the overwriting
 * write's time; none for other patterns.
 */
const WeftLostUpdate *
weft_lessons_get_lost_updates (WeftTimeline *timeline,
                               guint        *n_lost)
{
  gpointer state = fold_state_of (timeline, &weft_pattern_race);

  *n_lost = 0;
  return state != NULL ? weft_pattern_race_get_lost_updates (state, n_lost) : NULL;
}

/**
 * weft_lessons_get_update_totals:
 * @unclaimed: writes of a value written before that were not marked,
 *   because their stale read or the first write of their value is not in
 *   the events (lost, or too far back)
 * @highest: the highest value written
 *
 * With nothing unclaimed, the lost updates marked are the writes less
 * @highest.
 *
 * Returns: %FALSE for a pattern other than the race
 */
gboolean
weft_lessons_get_update_totals (WeftTimeline *timeline,
                                guint64      *unclaimed,
                                gint64       *highest)
{
  gpointer state = fold_state_of (timeline, &weft_pattern_race);

  *unclaimed = 0;
  *highest = 0;
  if (state == NULL)
    return FALSE;
  weft_pattern_race_get_update_totals (state, unclaimed, highest);
  return TRUE;
}

/* The first whose write is at or after @time_ns. */
guint
weft_lessons_first_lost_update (const WeftLostUpdate *lost,
                                guint                 n_lost,
                                gint64                time_ns)
{
  guint lo = 0, hi = n_lost;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (lost[mid].write_ns < time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/**
 * weft_lessons_get_phase_openings:
 *
 * The barrier's phases that every thread reached, each at its last
 * arrival, sorted by time; none for other patterns.
 */
const WeftPhaseOpening *
weft_lessons_get_phase_openings (WeftTimeline *timeline,
                                 guint        *n_openings)
{
  gpointer state = fold_state_of (timeline, &weft_pattern_barrier);

  *n_openings = 0;
  return state != NULL ? weft_pattern_barrier_get_openings (state, n_openings) : NULL;
}

guint
weft_lessons_first_opening (const WeftPhaseOpening *openings,
                            guint                   n_openings,
                            gint64                  time_ns)
{
  guint lo = 0, hi = n_openings;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (openings[mid].time_ns < time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/**
 * weft_lessons_wait_reason:
 *
 * Why a wait on @object was: the producer-consumer's producers wait on
 * `not-full` while the buffer is full, its consumers on `not-empty`
 * while it is empty.  Read from the object waited on, whoever waited.
 */
WeftWaitReason
weft_lessons_wait_reason (WeftTimeline *timeline,
                          guint16       object)
{
  const WeftObjectInfo *info;

  if (weft_timeline_get_pattern (timeline) != &weft_pattern_producer_consumer ||
      object >= weft_timeline_get_n_objects (timeline))
    return WEFT_WAIT_OTHER;
  info = weft_timeline_get_object (timeline, object);
  if (info->kind != WEFT_OBJECT_CONDITION)
    return WEFT_WAIT_OTHER;
  if (g_str_equal (info->name, "not-full"))
    return WEFT_WAIT_FULL;
  if (g_str_equal (info->name, "not-empty"))
    return WEFT_WAIT_EMPTY;
  return WEFT_WAIT_OTHER;
}

char *
weft_lessons_describe_lost_update (WeftTimeline         *timeline,
                                   const WeftLostUpdate *lost)
{
  g_autofree char *value = weft_format_count (lost->value);

  /* Translators: "racer-3 wrote 17 over racer-1's 17: one update lost" */
  return g_strdup_printf (_("%s wrote %s over %s’s %s: one update lost"),
                          weft_format_lane_name (timeline, lost->lane), value,
                          weft_format_lane_name (timeline, lost->over_lane), value);
}

static void
describe_lost_updates (WeftTimeline   *timeline,
                       guint           lane,
                       const WeftSpan *span,
                       gint64          time_ns,
                       gint64          slop_ns,
                       GString        *text)
{
  guint n_lost;
  const WeftLostUpdate *lost = weft_lessons_get_lost_updates (timeline, &n_lost);
  /* A write ends the critical span it was made in; off one, the pointer
   * may still be on the write's mark, just past the span's end. */
  gint64 from = span->state == WEFT_STATE_CRITICAL ? span->start_ns : time_ns - slop_ns;
  gint64 to = span->state == WEFT_STATE_CRITICAL ? span->end_ns : time_ns + slop_ns;

  for (guint i = weft_lessons_first_lost_update (lost, n_lost, from);
       i < n_lost && lost[i].write_ns <= to; i++)
    if (lost[i].lane == lane)
      {
        g_autofree char *sentence = weft_lessons_describe_lost_update (timeline, &lost[i]);

        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", sentence);
      }
}

static guint
first_arrow_ending (const WeftArrow *arrows,
                    guint            n_arrows,
                    gint64           time_ns)
{
  guint lo = 0, hi = n_arrows;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (arrows[mid].to_ns < time_ns)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

typedef struct
{
  guint lane;
  guint16 object;
  gint64 from_ns;
  gint64 to_ns;
  GString *text;
  WeftTimeline *timeline;
} LetInSearch;

static void
collect_let_in (const WeftArrow *arrow,
                gpointer         user_data)
{
  LetInSearch *search = user_data;

  if (arrow->kind != WEFT_ARROW_WAKE || arrow->from_lane != search->lane ||
      arrow->object != search->object || arrow->from_ns < search->from_ns || arrow->from_ns > search->to_ns)
    return;
  g_string_append_printf (search->text, "%s", search->text->len > 0 ? "\n" : "");
  /* Translators: on a nightclub patron's visit: "its departure let patron-5 in" */
  g_string_append_printf (search->text, _("its departure let %s in"),
                          weft_format_lane_name (search->timeline, arrow->to_lane));
}

/* The nightclub's semaphore post on leaving lets the next patron in:
 * the hand-off the woken patron recorded says who. */
static void
describe_let_in (WeftTimeline   *timeline,
                 guint           lane,
                 const WeftSpan *span,
                 gint64          slop_ns,
                 GString        *text)
{
  if (span->state == WEFT_STATE_WAITING)
    {
      guint n_arrows;
      const WeftArrow *arrows = weft_timeline_get_arrows (timeline, lane, &n_arrows);

      for (guint a = first_arrow_ending (arrows, n_arrows, span->end_ns);
           a < n_arrows && arrows[a].to_ns <= span->end_ns + slop_ns; a++)
        if (arrows[a].kind == WEFT_ARROW_WAKE && arrows[a].to_lane == lane && arrows[a].object == span->object)
          {
            g_string_append_printf (text, "%s", text->len > 0 ? "\n" : "");
            /* Translators: on a nightclub patron's wait: "let in by patron-3's departure" */
            g_string_append_printf (text, _("let in by %s’s departure"),
                                    weft_format_lane_name (timeline, arrows[a].from_lane));
            break;
          }
    }
  else if (span->state == WEFT_STATE_CRITICAL && !(span->flags & WEFT_SPAN_OPEN))
    {
      /* The post is stamped as the visit ends. */
      LetInSearch search = { lane, span->object, span->end_ns - slop_ns, span->end_ns + slop_ns, text, timeline };

      weft_timeline_query_arrows (timeline, search.from_ns, search.to_ns + 1, collect_let_in, &search);
    }
}

/**
 * weft_lessons_describe:
 * @span: the span of @lane under the pointer
 * @slop_ns: how far off a moment may be and still be this one
 *
 * What the lesson of the pattern has to say about @span, for the
 * tooltip: the lost updates written in it, why it waited, who let it in
 * or whom its leaving let in.
 *
 * Returns: (nullable): one or more lines, or %NULL when nothing is to be said
 */
char *
weft_lessons_describe (WeftTimeline   *timeline,
                       guint           lane,
                       const WeftSpan *span,
                       gint64          time_ns,
                       gint64          slop_ns)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);
  GString *text = g_string_new (NULL);

  if (span->flags & WEFT_SPAN_MERGED)
    return g_string_free (text, TRUE);

  if (pattern == &weft_pattern_race)
    describe_lost_updates (timeline, lane, span, time_ns, slop_ns, text);
  else if (pattern == &weft_pattern_nightclub)
    describe_let_in (timeline, lane, span, slop_ns, text);
  else if (span->state == WEFT_STATE_WAITING)
    switch (weft_lessons_wait_reason (timeline, span->object))
      {
      case WEFT_WAIT_FULL:
        g_string_append (text, _("waiting because the buffer is full"));
        break;
      case WEFT_WAIT_EMPTY:
        g_string_append (text, _("waiting because the buffer is empty"));
        break;
      case WEFT_WAIT_OTHER:
      default:
        break;
      }

  return g_string_free (text, text->len == 0);
}
