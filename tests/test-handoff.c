/* test-handoff.c: every wait another thread ended has one arrow, from
 * the event that ended it
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-recording.h"
#include "weft-timeline.h"
#include "weft-test-util.h"


/* Whether @lane has an instant of kind @code on @object stamped at @time_ns. */
static gboolean
has_instant (WeftTimeline *timeline,
             guint         lane,
             guint8        code,
             guint16       object,
             gint64        time_ns)
{
  guint n;
  const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

  for (guint i = 0; i < n; i++)
    if (instants[i].time_ns == time_ns && instants[i].instant == code &&
        (object == WEFT_OBJECT_NONE || instants[i].object == object))
      return TRUE;
  return FALSE;
}

/* The item @lane consumed at @time_ns, or -1. */
static gint64
consumed_item (WeftTimeline *timeline,
               guint         lane,
               guint16       object,
               gint64        time_ns)
{
  guint n;
  const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

  for (guint i = 0; i < n; i++)
    if (instants[i].time_ns == time_ns && instants[i].instant == WEFT_INSTANT_CONSUME &&
        instants[i].object == object)
      return instants[i].value;
  return -1;
}

static gboolean
has_item (WeftTimeline *timeline,
          guint         lane,
          guint8        code,
          guint16       object,
          gint64        time_ns,
          gint64        item)
{
  guint n;
  const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

  for (guint i = 0; i < n; i++)
    if (instants[i].time_ns == time_ns && instants[i].instant == code &&
        instants[i].object == object && instants[i].value == item)
      return TRUE;
  return FALSE;
}

/* The wake arrows into @lane ending at @time_ns. */
static guint
arrows_into (WeftTimeline *timeline,
             guint         lane,
             gint64        time_ns)
{
  guint n, found = 0;
  const WeftArrow *arrows = weft_timeline_get_arrows (timeline, lane, &n);

  for (guint a = 0; a < n; a++)
    found += arrows[a].to_ns == time_ns && arrows[a].kind == WEFT_ARROW_WAKE;
  return found;
}

/* Whether a `waiting` span on @object (any depth) ends on @lane at @time_ns. */
static gboolean
wait_ends_at (WeftTimeline *timeline,
              guint         lane,
              guint16       object,
              gint64        time_ns)
{
  for (guint d = 0; d < weft_timeline_get_lane_depth (timeline, lane); d++)
    {
      guint n;
      const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, d, &n);

      for (guint s = 0; s < n; s++)
        if (spans[s].end_ns == time_ns && spans[s].state == WEFT_STATE_WAITING &&
            spans[s].object == object)
          return TRUE;
    }
  return FALSE;
}

/* Each arrow starts at the right kind of event on the waker's lane, no
 * later than it ends, at the end of a wait on the woken lane. */
static guint
check_arrow_sources (WeftTimeline *timeline)
{
  guint total = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftArrow *arrows = weft_timeline_get_arrows (timeline, lane, &n);

      for (guint a = 0; a < n; a++)
        {
          const WeftArrow *arrow = &arrows[a];
          gboolean right;

          g_assert_cmpuint (arrow->to_lane, ==, lane);
          g_assert_cmpuint (arrow->from_lane, !=, lane);
          g_assert_cmpuint (arrow->from_lane, <, weft_timeline_get_n_lanes (timeline));
          g_assert_cmpint (arrow->from_ns, <=, arrow->to_ns);
          total++;
          if (arrow->kind == WEFT_ARROW_ITEM)
            {
              gint64 item = consumed_item (timeline, lane, arrow->object, arrow->to_ns);

              /* From the produce of the very item consumed. */
              g_assert_cmpint (item, >, 0);
              g_assert_true (has_item (timeline, arrow->from_lane, WEFT_INSTANT_PRODUCE, arrow->object,
                                       arrow->from_ns, item));
              continue;
            }
          g_assert_cmpuint (arrow->kind, ==, WEFT_ARROW_WAKE);
          g_assert_cmpuint (arrows_into (timeline, lane, arrow->to_ns), ==, 1);
          g_assert_true (wait_ends_at (timeline, lane, arrow->object, arrow->to_ns));

          if (arrow->object == WEFT_OBJECT_NONE)
            right = has_instant (timeline, arrow->from_lane, WEFT_INSTANT_END, WEFT_OBJECT_NONE, arrow->from_ns);
          else
            switch (weft_timeline_get_object (timeline, arrow->object)->kind)
              {
              case WEFT_OBJECT_MUTEX:
                right = has_instant (timeline, arrow->from_lane, WEFT_INSTANT_RELEASE, arrow->object, arrow->from_ns);
                break;
              case WEFT_OBJECT_SEMAPHORE:
                right = has_instant (timeline, arrow->from_lane, WEFT_INSTANT_POST, arrow->object, arrow->from_ns);
                break;
              case WEFT_OBJECT_CONDITION:
                /* A condition's notify, or an Event's set. */
                right = has_instant (timeline, arrow->from_lane, WEFT_INSTANT_NOTIFY, arrow->object, arrow->from_ns) ||
                        has_instant (timeline, arrow->from_lane, WEFT_INSTANT_NOTIFY_ALL, arrow->object, arrow->from_ns) ||
                        has_instant (timeline, arrow->from_lane, WEFT_INSTANT_SET, arrow->object, arrow->from_ns);
                break;
              case WEFT_OBJECT_BARRIER:
                right = has_instant (timeline, arrow->from_lane, WEFT_INSTANT_ARRIVE, arrow->object, arrow->from_ns);
                break;
              default:
                right = FALSE;
                break;
              }
          if (!right)
            g_error ("an arrow into %s at %" G_GINT64_FORMAT " starts at no cause on %s at %" G_GINT64_FORMAT,
                     weft_timeline_get_lane_name (timeline, lane), arrow->to_ns,
                     weft_timeline_get_lane_name (timeline, arrow->from_lane), arrow->from_ns);
        }
    }
  return total;
}

/* Every wait another thread ended has its arrow: a wait for a lock or
 * a permit that ends with `acquire`, and a wait on a condition or an
 * Event that ends with `wake` (the waiter's own: a semaphore's `wake`
 * is the poster's). */
static guint
check_woken_waits (WeftTimeline *timeline)
{
  guint woken = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        {
          const WeftInstantRecord *instant = &instants[i];
          WeftObjectKind kind;

          if (instant->object == WEFT_OBJECT_NONE)
            {
              guint ne;
              const WeftInstantRecord *ends;

              /* A join of a thread that ended (not raised, not killed)
               * has its arrow from that END. */
              if (instant->instant != WEFT_INSTANT_JOIN ||
                  !wait_ends_at (timeline, lane, WEFT_OBJECT_NONE, instant->time_ns))
                continue;
              ends = weft_timeline_get_instants (timeline, instant->value, &ne);
              if (ne == 0 || ends[ne - 1].instant != WEFT_INSTANT_END)
                continue;
              g_assert_cmpuint (arrows_into (timeline, lane, instant->time_ns), ==, 1);
              woken++;
              continue;
            }
          kind = weft_timeline_get_object (timeline, instant->object)->kind;
          if (!((instant->instant == WEFT_INSTANT_ACQUIRE &&
                 (kind == WEFT_OBJECT_MUTEX || kind == WEFT_OBJECT_SEMAPHORE)) ||
                (instant->instant == WEFT_INSTANT_WAKE && kind == WEFT_OBJECT_CONDITION)))
            continue;
          if (!wait_ends_at (timeline, lane, instant->object, instant->time_ns))
            continue;
          if (arrows_into (timeline, lane, instant->time_ns) != 1)
            g_error ("%s's wait on %s ended at %" G_GINT64_FORMAT " has no arrow",
                     weft_timeline_get_lane_name (timeline, lane),
                     weft_timeline_get_object_name (timeline, instant->object), instant->time_ns);
          woken++;
        }
    }
  return woken;
}

/* Per barrier phase, every departure but the last arrival's has its
 * arrow, from that last arrival. */
static guint
check_barrier (WeftTimeline *timeline)
{
  g_autoptr(GHashTable) last_arrival = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  guint checked = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        if (instants[i].instant == WEFT_INSTANT_ARRIVE)
          {
            gint64 *last = g_hash_table_lookup (last_arrival, &instants[i].value);

            if (last == NULL)
              {
                gint64 *phase = g_memdup2 (&instants[i].value, sizeof (gint64));

                last = g_new (gint64, 2);
                last[0] = G_MININT64;
                g_hash_table_insert (last_arrival, phase, last);
              }
            if (instants[i].time_ns > last[0])
              {
                last[0] = instants[i].time_ns;
                last[1] = lane;
              }
          }
    }

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        if (instants[i].instant == WEFT_INSTANT_DEPART)
          {
            gint64 *last = g_hash_table_lookup (last_arrival, &instants[i].value);
            guint na;
            const WeftArrow *arrows = weft_timeline_get_arrows (timeline, lane, &na);
            const WeftArrow *found = NULL;

            g_assert_nonnull (last);
            for (guint a = 0; a < na; a++)
              if (arrows[a].to_ns == instants[i].time_ns && arrows[a].kind == WEFT_ARROW_WAKE)
                found = &arrows[a];
            if ((guint) last[1] == lane)
              {
                g_assert_null (found);
                continue;
              }
            g_assert_nonnull (found);
            g_assert_cmpuint (found->from_lane, ==, last[1]);
            g_assert_cmpint (found->from_ns, ==, last[0]);
            checked++;
          }
    }
  return checked;
}

/* A signal semaphore (a rendezvous) has no `acquire` to end its waits:
 * every wait on one has its arrow, but the last one on a lane, which
 * the run's stop may have ended. */
static guint
check_signal_waits (WeftTimeline *timeline)
{
  guint woken = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint d = 0; d < weft_timeline_get_lane_depth (timeline, lane); d++)
      {
        guint n, unexplained = 0;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, d, &n);

        for (guint s = 0; s < n; s++)
          {
            const WeftObjectInfo *info;

            if (spans[s].state != WEFT_STATE_WAITING || spans[s].object == WEFT_OBJECT_NONE)
              continue;
            info = weft_timeline_get_object (timeline, spans[s].object);
            if (info->kind != WEFT_OBJECT_SEMAPHORE || info->limit != 0)
              continue;
            if (arrows_into (timeline, lane, spans[s].end_ns) == 1)
              woken++;
            else
              g_assert_cmpuint (++unexplained, <=, 1);
          }
      }
  return woken;
}

/* Every `consume` has one item arrow into it. */
static guint
check_items (WeftTimeline *timeline)
{
  guint consumed = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n, na;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);
      const WeftArrow *arrows = weft_timeline_get_arrows (timeline, lane, &na);

      for (guint i = 0; i < n; i++)
        {
          guint found = 0;

          if (instants[i].instant != WEFT_INSTANT_CONSUME)
            continue;
          for (guint a = 0; a < na; a++)
            found += arrows[a].kind == WEFT_ARROW_ITEM && arrows[a].to_ns == instants[i].time_ns;
          g_assert_cmpuint (found, ==, 1);
          consumed++;
        }
    }
  return consumed;
}

static void
test_pattern (gconstpointer data)
{
  const char *name = data;
  g_autoptr(WeftTimeline) timeline = test_record (name, 0.02, 400 * WEFT_NSEC_PER_MSEC);
  guint arrows = check_arrow_sources (timeline);
  guint woken = check_woken_waits (timeline) + check_signal_waits (timeline);

  if (g_str_equal (name, "barrier"))
    woken += check_barrier (timeline);
  if (g_str_equal (name, "producer-consumer"))
    g_assert_cmpuint (check_items (timeline), >, 0);
  g_test_message ("%s: %u arrows, %u woken waits checked", name, arrows, woken);
  g_assert_cmpuint (arrows, ==, weft_timeline_get_n_arrows (timeline));
  /* Each of these patterns makes threads wait for each other. */
  g_assert_cmpuint (arrows, >, 0);
  g_assert_cmpuint (woken, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const char *patterns[] = { "lock", "nightclub", "condition", "barrier", "event",
                                    "rendezvous", "producer-consumer", "rlock", "lifecycle" };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autofree char *path = g_strdup_printf ("/handoff/%s", patterns[i]);
      g_test_add_data_func (path, patterns[i], test_pattern);
    }
  return g_test_run ();
}
