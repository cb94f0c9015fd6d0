/* reference-checks.h: the checks as a look at the whole timeline, to test the fold against
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Before the checks were folded in as events arrived, each pattern
 * collected every span and instant it needed from every lane, sorted
 * them and swept them.  That is slow on a long run but simple enough to
 * trust, so the tests keep it here, word for word the same verdicts,
 * and require the fold to agree with it on every trace they build.  The
 * only change: a check with nothing to check says so (pending), as the
 * fold's does.  Tests only: Weft itself never sweeps.
 *
 * Messages are compared untranslated: the tests run in the C locale.
 */

#pragma once

#include <string.h>

#include "weft-checker.h"
#include "weft-lessons.h"
#include "weft-timeline.h"

/* One span with the lane it was on, for sweeps across lanes. */
typedef struct
{
  gint64 start_ns;
  gint64 end_ns;
  guint lane;
  gint64 value;
  guint32 arg;
} RefSpan;

/* One instant with its lane, for checks across lanes. */
typedef struct
{
  gint64 time_ns;
  gint64 value;
  guint lane;
} RefInstant;

static inline int
ref_compare_spans (gconstpointer a,
                   gconstpointer b)
{
  const RefSpan *x = a, *y = b;

  return (x->start_ns > y->start_ns) - (x->start_ns < y->start_ns);
}

/* Every closed span of @state on @object, on any lane and depth, by start. */
static inline GArray *
ref_collect_spans (WeftTimeline *timeline,
                   WeftState     state,
                   guint16       object)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (RefSpan));

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
      {
        guint n;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

        for (guint i = 0; i < n; i++)
          if (spans[i].state == state && spans[i].object == object)
            {
              RefSpan span = { spans[i].start_ns, spans[i].end_ns, lane, spans[i].value, spans[i].arg };
              g_array_append_val (out, span);
            }
      }
  g_array_sort (out, ref_compare_spans);
  return out;
}

static inline int
ref_compare_instants (gconstpointer a,
                      gconstpointer b)
{
  const RefInstant *x = a, *y = b;

  return (x->time_ns > y->time_ns) - (x->time_ns < y->time_ns);
}

/* Every @instant on @object, on any lane, by time. */
static inline GArray *
ref_collect_instants (WeftTimeline *timeline,
                      WeftInstant   instant,
                      guint16       object)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (RefInstant));

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftInstantRecord *records = weft_timeline_get_instants (timeline, lane, &n);

      for (guint i = 0; i < n; i++)
        if (records[i].instant == instant && records[i].object == object)
          {
            RefInstant record = { records[i].time_ns, records[i].value, lane };
            g_array_append_val (out, record);
          }
    }
  g_array_sort (out, ref_compare_instants);
  return out;
}

typedef struct
{
  gint64 time_ns;
  int delta;
} RefEdge;

static inline int
ref_compare_edges (gconstpointer a,
                   gconstpointer b)
{
  const RefEdge *x = a, *y = b;

  if (x->time_ns != y->time_ns)
    return (x->time_ns > y->time_ns) - (x->time_ns < y->time_ns);
  /* A span that ends exactly when another starts does not overlap it. */
  return x->delta - y->delta;
}

/* The most spans open at any one instant. */
static inline guint
ref_max_concurrent (GArray *lane_spans)
{
  g_autoptr(GArray) edges = g_array_sized_new (FALSE, FALSE, sizeof (RefEdge), lane_spans->len * 2);
  int open = 0, most = 0;

  for (guint i = 0; i < lane_spans->len; i++)
    {
      const RefSpan *span = &g_array_index (lane_spans, RefSpan, i);
      RefEdge start = { span->start_ns, +1 }, end = { span->end_ns, -1 };

      g_array_append_val (edges, start);
      g_array_append_val (edges, end);
    }
  g_array_sort (edges, ref_compare_edges);
  for (guint i = 0; i < edges->len; i++)
    {
      open += g_array_index (edges, RefEdge, i).delta;
      most = MAX (most, open);
    }
  return most;
}

/* Whether every sample of @object lies in [min, max]; reports the range. */
static inline gboolean
ref_samples_within (WeftTimeline *timeline,
                    guint16       object,
                    gint64        min,
                    gint64        max,
                    gint64       *lowest,
                    gint64       *highest)
{
  guint n;
  const WeftSample *samples = weft_timeline_get_samples (timeline, object, &n);

  *lowest = G_MAXINT64;
  *highest = G_MININT64;
  for (guint i = 0; i < n; i++)
    {
      *lowest = MIN (*lowest, samples[i].value);
      *highest = MAX (*highest, samples[i].value);
    }
  if (n == 0)
    *lowest = *highest = 0;
  return *lowest >= min && *highest <= max;
}

static inline void
ref_check_exclusion (WeftTimeline *timeline,
                     WeftChecks   *checks,
                     const char   *object_name)
{
  g_autoptr(GArray) spans = NULL;
  g_autofree char *entries = NULL;
  guint16 object;
  guint most;

  if (!weft_timeline_find_object (timeline, object_name, &object))
    {
      weft_checks_add (checks, "mutual-exclusion", FALSE, FALSE, "no object “%s” in the trace", object_name);
      return;
    }

  spans = ref_collect_spans (timeline, WEFT_STATE_CRITICAL, object);
  most = ref_max_concurrent (spans);
  entries = weft_format_count (spans->len);
  if (spans->len == 0)
    weft_checks_add_pending (checks, "mutual-exclusion", "no one has come out yet");
  else if (most <= 1)
    weft_checks_add (checks, "mutual-exclusion", TRUE, FALSE,
                     spans->len == 1 ? "mutual exclusion held across %s entry"
                                     : "mutual exclusion held across %s entries",
                     entries);
  else
    weft_checks_add (checks, "mutual-exclusion", FALSE, FALSE,
                     "mutual exclusion broken: %u threads inside at once", most);
}

/* The race's lost updates, swept anew: the writes of the counter in
 * time order, with the reads before them; a write of a value written
 * before (within the fold's window of values) is marked when its lane
 * read one less, that earlier write is known, and no events were lost
 * from the earlier of the two to the write. */
static inline guint64
ref_count_repeats (WeftTimeline *timeline,
                   guint16       object)
{
  g_autoptr(GArray) reads = ref_collect_instants (timeline, WEFT_INSTANT_READ, object);
  g_autoptr(GArray) writes = ref_collect_instants (timeline, WEFT_INSTANT_WRITE, object);
  g_autoptr(GHashTable) latest = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  guint n_lanes = weft_timeline_get_n_lanes (timeline);
  g_autofree gint64 *read_ns = g_new0 (gint64, n_lanes);
  g_autofree gint64 *read_value = g_new0 (gint64, n_lanes);
  g_autofree gboolean *pending = g_new0 (gboolean, n_lanes);
  guint r = 0, n_gaps;
  const WeftGap *gaps = weft_timeline_get_gaps (timeline, &n_gaps);
  gint64 highest = 0;
  guint64 marked = 0;

  for (guint w = 0; w < writes->len; w++)
    {
      const RefInstant *write = &g_array_index (writes, RefInstant, w);
      const gint64 *before;

      for (; r < reads->len && g_array_index (reads, RefInstant, r).time_ns <= write->time_ns; r++)
        {
          const RefInstant *read = &g_array_index (reads, RefInstant, r);

          read_ns[read->lane] = read->time_ns;
          read_value[read->lane] = read->value;
          pending[read->lane] = TRUE;
        }
      before = g_hash_table_lookup (latest, &write->value);
      if (write->value <= highest && write->value >= 1 && before != NULL &&
          highest - write->value < WEFT_LOST_UPDATE_WINDOW &&
          pending[write->lane] && read_value[write->lane] + 1 == write->value)
        {
          gint64 from = MIN (read_ns[write->lane], *before);
          gboolean gap = FALSE;

          for (guint g = 0; g < n_gaps; g++)
            gap |= gaps[g].from_ns <= write->time_ns && gaps[g].to_ns >= from;
          marked += !gap;
        }
      highest = MAX (highest, write->value);
      if (write->value >= 1)
        g_hash_table_replace (latest, g_memdup2 (&write->value, sizeof (gint64)),
                              g_memdup2 (&write->time_ns, sizeof (gint64)));
      pending[write->lane] = FALSE;
    }
  return marked;
}

static inline void
ref_check_updates (WeftTimeline *timeline,
                   WeftChecks   *checks,
                   const char   *counter_name,
                   gboolean      loss_is_the_lesson)
{
  g_autoptr(GArray) writes = NULL;
  g_autofree char *n_writes = NULL;
  g_autofree char *n_lost = NULL;
  const WeftSample *samples;
  guint n_samples;
  guint16 object;
  gint64 actual, lost;

  if (!weft_timeline_find_object (timeline, counter_name, &object))
    {
      weft_checks_add (checks, "updates", FALSE, FALSE, "no object “%s” in the trace", counter_name);
      return;
    }

  writes = ref_collect_instants (timeline, WEFT_INSTANT_WRITE, object);
  samples = weft_timeline_get_samples (timeline, object, &n_samples);
  actual = n_samples > 0 ? samples[n_samples - 1].value : 0;
  lost = (gint64) writes->len - actual;
  weft_checks_set_result (checks, writes->len, actual);

  n_writes = weft_format_count (writes->len);
  n_lost = weft_format_count (lost);
  if (writes->len == 0 && actual == 0)
    weft_checks_add_pending (checks, "updates", "no update has been made yet");
  else if (lost == 0)
    weft_checks_add (checks, "updates", TRUE, FALSE,
                     writes->len == 1 ? "the %s update was kept" : "all %s updates kept", n_writes);
  else if (lost > 0)
    weft_checks_add (checks, "updates", FALSE, loss_is_the_lesson,
                     writes->len == 1 ? "lost %s of %s update" : "lost %s of %s updates", n_lost, n_writes);
  else
    {
      g_autofree char *n_actual = weft_format_count (actual);

      weft_checks_add (checks, "updates", FALSE, FALSE,
                       "the counter reads %s after only %s updates", n_actual, n_writes);
    }
  if (loss_is_the_lesson)
    {
      guint64 marked = ref_count_repeats (timeline, object);
      g_autofree char *n_marked = weft_format_count (marked);

      if (marked > 0)
        weft_checks_append (checks, marked == 1 ? ", %s marked where it was overwritten"
                                                : ", %s marked where they were overwritten",
                            n_marked);
    }
}

static inline void
ref_check_nightclub (WeftTimeline *timeline,
                     WeftChecks   *checks)
{
  const WeftParams *params = weft_timeline_get_params (timeline);
  guint capacity = (guint) weft_params_get (params, "capacity", 0);
  guint patrons = (guint) weft_params_get (params, "threads", 0);
  g_autoptr(GArray) inside = NULL;
  g_autoptr(GArray) waits = NULL;
  g_autofree char *entries = NULL;
  g_autofree char *n_waits = NULL;
  gint64 lowest, highest;
  guint16 club;
  guint most, waited_early = 0;

  if (!weft_timeline_find_object (timeline, "club", &club))
    {
      weft_checks_add (checks, "capacity", FALSE, FALSE, "no object “%s” in the trace", "club");
      return;
    }

  inside = ref_collect_spans (timeline, WEFT_STATE_CRITICAL, club);
  most = ref_max_concurrent (inside);
  entries = weft_format_count (inside->len);
  if (inside->len == 0)
    weft_checks_add_pending (checks, "capacity", "no one has come out yet");
  else if (most <= capacity)
    weft_checks_add (checks, "capacity", TRUE, FALSE,
                     inside->len == 1 ? "club never above %u of %u (%s visit)"
                                      : "club never above %u of %u (%s visits)",
                     most, capacity, entries);
  else
    weft_checks_add (checks, "capacity", FALSE, FALSE,
                     "club held %u patrons, above its capacity of %u", most, capacity);

  if (!ref_samples_within (timeline, club, 0, capacity, &lowest, &highest))
    {
      g_autofree char *low = weft_format_count (lowest);
      g_autofree char *high = weft_format_count (highest);

      weft_checks_add (checks, "occupancy-counter", FALSE, FALSE,
                       "occupancy counter left 0..%u: it read from %s to %s", capacity, low, high);
    }

  waits = ref_collect_spans (timeline, WEFT_STATE_WAITING, club);
  for (guint i = 0; i < waits->len; i++)
    {
      gint64 occupancy;

      if (!weft_timeline_get_value_at (timeline, club, g_array_index (waits, RefSpan, i).start_ns, &occupancy) ||
          occupancy != capacity)
        waited_early++;
    }
  n_waits = weft_format_count (waits->len);
  if (waited_early > 0)
    weft_checks_add (checks, "waits-when-full", FALSE, FALSE,
                     waited_early == 1 ? "%u patron was kept waiting while there was room inside"
                                       : "%u patrons were kept waiting while there was room inside",
                     waited_early);
  else if (waits->len > 0)
    weft_checks_add (checks, "waits-when-full", TRUE, FALSE,
                     waits->len == 1 ? "the bouncer held patrons back only when the club was full (%s wait)"
                                     : "the bouncer held patrons back only when the club was full (%s waits)",
                     n_waits);

  if (patrons > capacity)
    {
      guint peak = (guint) CLAMP (highest, 0, G_MAXUINT);

      if (peak >= capacity)
        weft_checks_add (checks, "filled", TRUE, FALSE, "club filled to %u of %u", capacity, capacity);
      else if (waits->len == 0)
        weft_checks_add_pending (checks, "filled", "club not full yet: at most %u of %u inside", peak, capacity);
      else
        weft_checks_add (checks, "filled", FALSE, FALSE,
                         "club not full yet: at most %u of %u inside", peak, capacity);
    }
}

/* Rendezvous steps, 1-based as the pattern numbers them. */
enum { REF_STEP_NONE, REF_STEP_A1, REF_STEP_A2, REF_STEP_B1, REF_STEP_B2 };

typedef struct
{
  gint64 end_first;     /* end of a1 (or b1); G_MAXINT64 until seen */
  gint64 start_second;  /* start of a2 (or b2) */
} RefRoundSteps;

static inline void
ref_collect_steps (WeftTimeline *timeline,
                   GArray       *rounds_a,
                   GArray       *rounds_b)
{
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;
      const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, 0, &n);

      for (guint i = 0; i < n; i++)
        {
          const WeftSpan *span = &spans[i];
          GArray *rounds = (span->arg == REF_STEP_A1 || span->arg == REF_STEP_A2) ? rounds_a : rounds_b;
          RefRoundSteps *round;

          if (span->arg == REF_STEP_NONE || span->value < 1)
            continue;
          if (rounds->len < (guint) span->value)
            {
              guint old = rounds->len;

              g_array_set_size (rounds, span->value);
              for (guint r = old; r < rounds->len; r++)
                g_array_index (rounds, RefRoundSteps, r) = (RefRoundSteps) { G_MAXINT64, G_MAXINT64 };
            }
          round = &g_array_index (rounds, RefRoundSteps, span->value - 1);
          if (span->arg == REF_STEP_A1 || span->arg == REF_STEP_B1)
            round->end_first = (span->flags & WEFT_SPAN_CUT) ? G_MAXINT64 : span->end_ns;
          else
            round->start_second = span->start_ns;
        }
    }
}

static inline void
ref_check_rendezvous (WeftTimeline *timeline,
                      WeftChecks   *checks)
{
  g_autoptr(GArray) rounds_a = g_array_new (FALSE, FALSE, sizeof (RefRoundSteps));
  g_autoptr(GArray) rounds_b = g_array_new (FALSE, FALSE, sizeof (RefRoundSteps));
  g_autofree char *n_met = NULL;
  guint met = 0, broken = 0, first_broken = 0;
  guint n_rounds;

  ref_collect_steps (timeline, rounds_a, rounds_b);
  n_rounds = MIN (rounds_a->len, rounds_b->len);
  for (guint r = 0; r < n_rounds; r++)
    {
      RefRoundSteps *a = &g_array_index (rounds_a, RefRoundSteps, r);
      RefRoundSteps *b = &g_array_index (rounds_b, RefRoundSteps, r);
      gboolean a_second_started = a->start_second != G_MAXINT64;
      gboolean b_second_started = b->start_second != G_MAXINT64;

      if ((a_second_started && a->start_second < b->end_first) ||
          (b_second_started && b->start_second < a->end_first))
        {
          if (broken++ == 0)
            first_broken = r + 1;
        }
      else if (a_second_started && b_second_started)
        met++;
    }

  n_met = weft_format_count (met);
  if (met == 0 && broken == 0)
    weft_checks_add_pending (checks, "rendezvous", "no round has finished yet");
  else if (broken == 0)
    weft_checks_add (checks, "rendezvous", TRUE, FALSE,
                     met == 1 ? "A and B met before going on, in %s round"
                              : "A and B met before going on, in every one of %s rounds",
                     n_met);
  else
    weft_checks_add (checks, "rendezvous", FALSE, FALSE,
                     broken == 1 ? "a second step began before the other thread's first step ended, in %u round (first: round %u)"
                                 : "a second step began before the other thread's first step ended, in %u rounds (first: round %u)",
                     broken, first_broken);
}

static inline void
ref_check_producer_consumer (WeftTimeline *timeline,
                             WeftChecks   *checks)
{
  guint capacity = (guint) weft_params_get (weft_timeline_get_params (timeline), "capacity", 0);
  g_autoptr(GArray) produced = NULL;
  g_autoptr(GArray) consumed = NULL;
  g_autofree gint64 *produced_at = NULL;
  g_autofree guint8 *times_consumed = NULL;
  g_autofree char *n_consumed = NULL;
  guint unknown = 0, twice = 0, too_early = 0;
  gint64 max_item = 0, lowest, highest;
  guint16 buffer;
  guint n_samples;

  if (!weft_timeline_find_object (timeline, "buffer", &buffer))
    {
      weft_checks_add (checks, "items", FALSE, FALSE, "no object “%s” in the trace", "buffer");
      return;
    }

  produced = ref_collect_instants (timeline, WEFT_INSTANT_PRODUCE, buffer);
  consumed = ref_collect_instants (timeline, WEFT_INSTANT_CONSUME, buffer);
  for (guint i = 0; i < produced->len; i++)
    max_item = MAX (max_item, g_array_index (produced, RefInstant, i).value);
  produced_at = g_new (gint64, max_item + 1);
  times_consumed = g_new0 (guint8, max_item + 1);
  for (gint64 i = 0; i <= max_item; i++)
    produced_at[i] = -1;
  for (guint i = 0; i < produced->len; i++)
    {
      const RefInstant *p = &g_array_index (produced, RefInstant, i);
      if (p->value >= 1)
        produced_at[p->value] = p->time_ns;
    }

  for (guint i = 0; i < consumed->len; i++)
    {
      const RefInstant *c = &g_array_index (consumed, RefInstant, i);

      if (c->value < 1 || c->value > max_item || produced_at[c->value] < 0)
        unknown++;
      else if (times_consumed[c->value]++ > 0)
        twice++;
      else if (c->time_ns < produced_at[c->value])
        too_early++;
    }

  n_consumed = weft_format_count (consumed->len);
  if (consumed->len == 0)
    weft_checks_add_pending (checks, "items", "no item has been consumed yet");
  else if (unknown + twice + too_early == 0)
    weft_checks_add (checks, "items", TRUE, FALSE,
                     consumed->len == 1 ? "%s item consumed once, after it was produced"
                                        : "%s items, each consumed once after it was produced",
                     n_consumed);
  else
    weft_checks_add (checks, "items", FALSE, FALSE,
                     "of %s items consumed, %u were never produced, %u consumed twice, %u before being produced",
                     n_consumed, unknown, twice, too_early);

  weft_timeline_get_samples (timeline, buffer, &n_samples);
  if (n_samples == 0)
    weft_checks_add_pending (checks, "fill", "nothing has been put in the buffer yet");
  else if (ref_samples_within (timeline, buffer, 0, capacity, &lowest, &highest))
    {
      g_autofree char *high = weft_format_count (highest);

      weft_checks_add (checks, "fill", TRUE, FALSE,
                       "buffer fill stayed within 0..%u (highest %s)", capacity, high);
    }
  else
    {
      g_autofree char *low = weft_format_count (lowest);
      g_autofree char *high = weft_format_count (highest);

      weft_checks_add (checks, "fill", FALSE, FALSE,
                       "buffer fill left 0..%u: it read from %s to %s", capacity, low, high);
    }
}

typedef struct
{
  gint64 last_arrival;
  gint64 first_departure;
  guint arrivals;
  guint departures;
} RefPhase;

static inline RefPhase *
ref_phase_at (GArray *phases,
              gint64  phase)
{
  if (phases->len < (guint) phase)
    {
      guint old = phases->len;

      g_array_set_size (phases, phase);
      for (guint p = old; p < phases->len; p++)
        g_array_index (phases, RefPhase, p) = (RefPhase) { G_MININT64, G_MAXINT64, 0, 0 };
    }
  return &g_array_index (phases, RefPhase, phase - 1);
}

static inline void
ref_check_barrier (WeftTimeline *timeline,
                   WeftChecks   *checks)
{
  guint threads = (guint) weft_params_get (weft_timeline_get_params (timeline), "threads", 0);
  g_autoptr(GArray) phases = g_array_new (FALSE, FALSE, sizeof (RefPhase));
  g_autoptr(GArray) arrivals = NULL;
  g_autoptr(GArray) departures = NULL;
  g_autofree char *n_passed = NULL;
  guint passed = 0, broken = 0, first_broken = 0;
  guint16 barrier;

  if (!weft_timeline_find_object (timeline, "barrier", &barrier))
    {
      weft_checks_add (checks, "barrier", FALSE, FALSE, "no object “%s” in the trace", "barrier");
      return;
    }

  arrivals = ref_collect_instants (timeline, WEFT_INSTANT_ARRIVE, barrier);
  departures = ref_collect_instants (timeline, WEFT_INSTANT_DEPART, barrier);
  for (guint i = 0; i < arrivals->len; i++)
    {
      const RefInstant *a = &g_array_index (arrivals, RefInstant, i);
      RefPhase *phase;

      if (a->value < 1)
        continue;
      phase = ref_phase_at (phases, a->value);
      phase->last_arrival = MAX (phase->last_arrival, a->time_ns);
      phase->arrivals++;
    }
  for (guint i = 0; i < departures->len; i++)
    {
      const RefInstant *d = &g_array_index (departures, RefInstant, i);
      RefPhase *phase;

      if (d->value < 1)
        continue;
      phase = ref_phase_at (phases, d->value);
      phase->first_departure = MIN (phase->first_departure, d->time_ns);
      phase->departures++;
    }

  for (guint p = 0; p < phases->len; p++)
    {
      RefPhase *phase = &g_array_index (phases, RefPhase, p);

      if (phase->departures == 0)
        continue;
      if (phase->arrivals < threads || phase->last_arrival > phase->first_departure)
        {
          if (broken++ == 0)
            first_broken = p + 1;
        }
      else
        passed++;
    }

  n_passed = weft_format_count (passed);
  if (passed == 0 && broken == 0)
    weft_checks_add_pending (checks, "barrier", "no phase has finished yet");
  else if (broken == 0)
    weft_checks_add (checks, "barrier", TRUE, FALSE,
                     passed == 1 ? "all %u threads arrived before any left, in %s phase"
                                 : "all %u threads arrived before any left, in each of %s phases",
                     threads, n_passed);
  else
    weft_checks_add (checks, "barrier", FALSE, FALSE,
                     broken == 1 ? "a thread left before all had arrived, in %u phase (first: phase %u)"
                                 : "a thread left before all had arrived, in %u phases (first: phase %u)",
                     broken, first_broken);
}

#include "reference-checks-pb.h"

/* The verdict of the old sweep over the whole of @timeline, losses
 * marked as weft_check_timeline() marks them; NULL for a pattern the
 * sweep never knew. */
static inline WeftChecks *
reference_check_timeline (WeftTimeline *timeline)
{
  const char *name = weft_timeline_get_pattern (timeline)->name;
  WeftChecks *checks = weft_checks_new ();

  if (g_str_equal (name, "race"))
    ref_check_updates (timeline, checks, "counter", TRUE);
  else if (g_str_equal (name, "lock"))
    {
      ref_check_exclusion (timeline, checks, "lock");
      ref_check_updates (timeline, checks, "counter", FALSE);
    }
  else if (g_str_equal (name, "nightclub"))
    ref_check_nightclub (timeline, checks);
  else if (g_str_equal (name, "rendezvous"))
    ref_check_rendezvous (timeline, checks);
  else if (g_str_equal (name, "producer-consumer"))
    ref_check_producer_consumer (timeline, checks);
  else if (g_str_equal (name, "barrier"))
    ref_check_barrier (timeline, checks);
  else if (g_str_equal (name, "rlock"))
    ref_check_rlock (timeline, checks);
  else if (g_str_equal (name, "broken-barrier"))
    ref_check_broken_barrier (timeline, checks);
  else
    {
      /* Patterns newer than the sweep have only their fold. */
      weft_checks_free (checks);
      return NULL;
    }
  weft_checks_mark_losses (checks, timeline);
  return checks;
}

/* Asserts that two verdicts say the same, check by check, word for word. */
static inline void
assert_same_checks (WeftChecks *folded,
                    WeftChecks *reference)
{
  gint64 expected[2], actual[2];
  gboolean has_result[2];

  if (reference == NULL)
    return;
  g_assert_cmpuint (weft_checks_get_n_checks (folded), ==, weft_checks_get_n_checks (reference));
  for (guint i = 0; i < weft_checks_get_n_checks (folded); i++)
    {
      const WeftCheck *a = weft_checks_get_check (folded, i);
      const WeftCheck *b = weft_checks_get_check (reference, i);

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpstr (a->message, ==, b->message);
      g_assert_cmpint (a->status, ==, b->status);
      g_assert_cmpint (a->passed, ==, b->passed);
      g_assert_cmpint (a->is_lesson, ==, b->is_lesson);
      g_assert_cmpint (a->has_gap, ==, b->has_gap);
    }
  has_result[0] = weft_checks_get_result (folded, &expected[0], &actual[0]);
  has_result[1] = weft_checks_get_result (reference, &expected[1], &actual[1]);
  g_assert_cmpint (has_result[0], ==, has_result[1]);
  if (has_result[0])
    {
      g_assert_cmpint (expected[0], ==, expected[1]);
      g_assert_cmpint (actual[0], ==, actual[1]);
    }
}
