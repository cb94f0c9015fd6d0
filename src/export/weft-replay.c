/* weft-replay.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A replay hands a saved run's events to a fresh timeline, in the order
 * the import handed them to the whole one, up to the moment asked: the
 * chart, the checks, the code pane and the deadlock detector all see it
 * grow as they saw the live run grow.  Going back starts the timeline
 * afresh: a timeline only grows.  Events already in the past are never
 * handed over again, so a replay costs the whole run's work once per
 * pass, however it is stepped.
 */

#include "config.h"

#include "weft-replay.h"

struct _WeftReplay
{
  WeftTimeline *whole;      /* the run as saved, finished */
  GArray *events;           /* WeftEvent, in the order handed over */
  GArray *pauses;           /* WeftPause, the run's */
  WeftTimeline *shown;      /* the replay so far */
  guint next;               /* the first event not handed over yet */
  guint next_pause;         /* the first pause not begun yet */
  gboolean in_pause;        /* begun, not ended */
  gboolean one_by_one;      /* a deadlocked run: see weft-import-trace.c */
  gint64 position;
};

static void
start_afresh (WeftReplay *self)
{
  WeftTimeline *whole = self->whole;

  g_clear_pointer (&self->shown, weft_timeline_unref);
  self->shown = weft_timeline_new (weft_timeline_get_pattern (whole), weft_timeline_get_params (whole));
  weft_timeline_set_origin (self->shown, weft_timeline_get_origin (whole));
  for (guint16 i = 0; i < weft_timeline_get_n_objects (whole); i++)
    {
      const WeftObjectInfo *info = weft_timeline_get_object (whole, i);

      weft_timeline_add_object (self->shown, info->name, info->kind, info->limit);
    }
  /* A recorded program's processes too, so the replay groups its lanes
   * as the run did. */
  for (guint process = 0; process < weft_timeline_get_n_processes (whole); process++)
    weft_timeline_add_process (self->shown, weft_timeline_get_process_pid (whole, process),
                               weft_timeline_get_process_name (whole, process));
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (whole); lane++)
    {
      weft_timeline_add_lane (self->shown, weft_timeline_get_lane_name (whole, lane),
                              weft_timeline_get_lane_tid (whole, lane));
      weft_timeline_set_lane_process (self->shown, lane, weft_timeline_get_lane_process (whole, lane));
    }
  self->next = 0;
  self->next_pause = 0;
  self->in_pause = FALSE;
  self->position = weft_timeline_get_origin (whole);
}

/**
 * weft_replay_new:
 * @whole: the run read back, finished (weft_trace_import_with_events())
 * @events: the events it was built from, in that order
 *
 * Returns: a replay at the run's start, with nothing shown yet
 */
WeftReplay *
weft_replay_new (WeftTimeline *whole,
                 GArray       *events)
{
  WeftReplay *self = g_new0 (WeftReplay, 1);
  guint n;

  g_return_val_if_fail (weft_timeline_is_finished (whole), NULL);

  self->whole = weft_timeline_ref (whole);
  self->events = g_array_ref (events);
  self->pauses = weft_timeline_dup_pauses (whole);
  self->one_by_one = weft_timeline_get_deadlock (whole, &n, NULL) != NULL;
  start_afresh (self);
  return self;
}

void
weft_replay_free (WeftReplay *self)
{
  if (self == NULL)
    return;
  weft_timeline_unref (self->whole);
  g_array_unref (self->events);
  g_array_unref (self->pauses);
  g_clear_pointer (&self->shown, weft_timeline_unref);
  g_free (self);
}

/* The timeline being replayed: a new one after every seek back. */
WeftTimeline *
weft_replay_get_timeline (WeftReplay *self)
{
  return self->shown;
}

/* The run as saved, whole, whatever the replay shows. */
WeftTimeline *
weft_replay_get_whole (WeftReplay *self)
{
  return self->whole;
}

gint64
weft_replay_get_position (WeftReplay *self)
{
  return self->position;
}

gint64
weft_replay_get_start (WeftReplay *self)
{
  return weft_timeline_get_origin (self->whole);
}

gint64
weft_replay_get_end (WeftReplay *self)
{
  return weft_timeline_get_end (self->whole);
}

gboolean
weft_replay_is_done (WeftReplay *self)
{
  return weft_timeline_is_finished (self->shown);
}

/* The run's pauses, begun and ended as the replay passes them. */
static void
pass_pauses (WeftReplay *self,
             gint64      time_ns)
{
  while (self->next_pause < self->pauses->len)
    {
      const WeftPause *pause = &g_array_index (self->pauses, WeftPause, self->next_pause);

      if (!self->in_pause)
        {
          if (pause->from_ns > time_ns)
            return;
          weft_timeline_begin_pause (self->shown, pause->from_ns);
          self->in_pause = TRUE;
        }
      if (pause->to_ns == 0 || pause->to_ns > time_ns)
        return;
      weft_timeline_end_pause (self->shown, pause->to_ns);
      self->in_pause = FALSE;
      self->next_pause++;
    }
}

/**
 * weft_replay_seek:
 *
 * Shows the run up to @time_ns: every event stamped then or before is
 * handed over, none after.  At the run's end the timeline is finished,
 * as the whole one is.
 */
void
weft_replay_seek (WeftReplay *self,
                  gint64      time_ns)
{
  const WeftEvent *events = (const WeftEvent *) (gconstpointer) self->events->data;
  guint end;

  time_ns = CLAMP (time_ns, weft_replay_get_start (self), weft_replay_get_end (self));
  if (time_ns < self->position)
    start_afresh (self);
  else if (weft_timeline_is_finished (self->shown))
    return;
  weft_timeline_lock (self->shown);
  end = self->next;
  while (end < self->events->len && events[end].time_ns <= time_ns)
    end++;
  if (self->one_by_one)
    for (; self->next < end; self->next++)
      weft_timeline_add_events (self->shown, &events[self->next], 1);
  else if (end > self->next)
    weft_timeline_add_events (self->shown, &events[self->next], end - self->next);
  self->next = end;
  pass_pauses (self, time_ns);
  self->position = time_ns;
  /* Everything up to the position is known: open spans reach it. */
  weft_timeline_reach (self->shown, time_ns);
  if (time_ns >= weft_replay_get_end (self))
    {
      pass_pauses (self, G_MAXINT64);
      weft_timeline_finish (self->shown, weft_replay_get_end (self));
    }
  weft_timeline_unlock (self->shown);
}

/**
 * weft_replay_step:
 *
 * Shows the next event, one at a time, in the order the run's lanes
 * gave them: several can share a moment (a span's end and the release
 * with it).  Once none is left, the next step shows the run's end.
 * Returns FALSE, doing nothing, at the run's end.
 */
gboolean
weft_replay_step (WeftReplay *self)
{
  const WeftEvent *events = (const WeftEvent *) (gconstpointer) self->events->data;
  gint64 time_ns;

  if (weft_timeline_is_finished (self->shown))
    return FALSE;
  if (self->next >= self->events->len)
    {
      weft_replay_seek (self, weft_replay_get_end (self));
      return TRUE;
    }
  time_ns = MAX (events[self->next].time_ns, self->position);
  weft_timeline_lock (self->shown);
  weft_timeline_add_events (self->shown, &events[self->next], 1);
  self->next++;
  pass_pauses (self, time_ns);
  self->position = time_ns;
  weft_timeline_reach (self->shown, time_ns);
  weft_timeline_unlock (self->shown);
  return TRUE;
}
