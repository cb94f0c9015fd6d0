/* reference-checks-pb.h: the rlock and broken-barrier checks as a look at the whole timeline
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Included by reference-checks.h.  The same verdicts as the patterns'
 * folds, word for word, reached the plain way: each lane's spans read
 * with their depths, every instant gathered, sorted and swept.
 */

#pragma once

/* ---- rlock ---- */

/* The innermost span on @object that encloses @span, which lies at
 * @depth of @lane, and how many `critical` ones on it enclose it. */
static inline const WeftSpan *
ref_lock_parent (WeftTimeline   *timeline,
                 guint           lane,
                 guint           depth,
                 const WeftSpan *span,
                 guint16         object,
                 guint          *critical_around)
{
  const WeftSpan *parent = NULL;

  *critical_around = 0;
  for (guint d = depth; d-- > 0;)
    {
      guint n;
      const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, d, &n);

      guint lo = 0, hi = n;
      const WeftSpan *around;

      /* A depth's spans are sorted and disjoint: the one that may enclose
       * @span is the last to start no later than it. */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (spans[mid].start_ns <= span->start_ns)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo == 0)
        continue;
      around = &spans[lo - 1];
      if (span->end_ns <= around->end_ns && around->object == object &&
          (around->state == WEFT_STATE_CRITICAL || around->state == WEFT_STATE_WAITING))
        {
          if (parent == NULL)
            parent = around;
          if (around->state == WEFT_STATE_CRITICAL)
            (*critical_around)++;
        }
    }
  return parent;
}

typedef struct
{
  gint64 time_ns;
  guint lane;
  gboolean acquire;
} RefTake;

static inline int
ref_compare_takes (gconstpointer a,
                   gconstpointer b)
{
  const RefTake *x = a, *y = b;

  if (x->time_ns != y->time_ns)
    return (x->time_ns > y->time_ns) - (x->time_ns < y->time_ns);
  /* At one moment acquires come first, as instants are ordered. */
  return (int) y->acquire - (int) x->acquire;
}

static inline void
ref_check_rlock (WeftTimeline *timeline,
                 WeftChecks   *checks)
{
  gboolean reentrant = weft_timeline_get_params (timeline)->variant == 0;
  g_autoptr(GArray) holds = g_array_new (FALSE, FALSE, sizeof (RefSpan));
  g_autoptr(GArray) takes = g_array_new (FALSE, FALSE, sizeof (RefTake));
  g_autofree guint *levels = NULL;
  guint64 reentries = 0, n_takes = 0, early = 0;
  guint most_levels = 0, n_lanes = weft_timeline_get_n_lanes (timeline);
  gint misnested = -1, self_wait = -1;
  gint64 misnested_ns = G_MAXINT64, self_wait_ns = G_MAXINT64;
  guint early_taker = 0, early_holder = 0;
  g_autofree char *n = NULL;
  guint16 lock;

  if (!weft_timeline_find_object (timeline, "lock", &lock))
    {
      weft_checks_add (checks, "mutual-exclusion", FALSE, FALSE, "no object “%s” in the trace", "lock");
      return;
    }

  for (guint lane = 0; lane < n_lanes; lane++)
    {
      guint n_instants;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n_instants);

      for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
        {
          guint n_spans;
          const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n_spans);

          for (guint i = 0; i < n_spans; i++)
            {
              const WeftSpan *parent;
              guint around;

              if (spans[i].object != lock ||
                  (spans[i].state != WEFT_STATE_CRITICAL && spans[i].state != WEFT_STATE_WAITING))
                continue;
              parent = ref_lock_parent (timeline, lane, depth, &spans[i], lock, &around);
              if (spans[i].state == WEFT_STATE_WAITING)
                {
                  /* The first seen, as the fold sees them: by start. */
                  if (around > 0 && spans[i].start_ns < self_wait_ns)
                    {
                      self_wait = lane;
                      self_wait_ns = spans[i].start_ns;
                    }
                  continue;
                }
              most_levels = MAX (most_levels, around + 1);
              if (parent == NULL)
                {
                  RefSpan hold = { spans[i].start_ns, spans[i].end_ns, lane, 0, 0 };
                  g_array_append_val (holds, hold);
                }
              else if (parent->state == WEFT_STATE_CRITICAL)
                reentries++;
              else if (spans[i].start_ns < misnested_ns)
                {
                  misnested = lane;
                  misnested_ns = spans[i].start_ns;
                }
            }
        }
      for (guint i = 0; i < n_instants; i++)
        if (instants[i].object == lock &&
            (instants[i].instant == WEFT_INSTANT_ACQUIRE || instants[i].instant == WEFT_INSTANT_RELEASE))
          {
            RefTake take = { instants[i].time_ns, lane, instants[i].instant == WEFT_INSTANT_ACQUIRE };
            g_array_append_val (takes, take);
          }
    }

  /* Levels held per lane, moment by moment: after each moment, no more
   * than one lane may hold any. */
  g_array_sort (takes, ref_compare_takes);
  levels = g_new0 (guint, MAX (n_lanes, 1));
  for (guint i = 0; i < takes->len;)
    {
      gint64 moment = g_array_index (takes, RefTake, i).time_ns;
      gboolean conflict = FALSE;
      guint taker = 0, holding = 0;

      for (; i < takes->len && g_array_index (takes, RefTake, i).time_ns == moment; i++)
        {
          const RefTake *take = &g_array_index (takes, RefTake, i);

          if (take->acquire && levels[take->lane]++ == 0)
            {
              for (guint l = 0; l < n_lanes; l++)
                if (l != take->lane && levels[l] > 0 && !conflict)
                  {
                    conflict = TRUE;
                    taker = take->lane;
                  }
              n_takes++;
            }
          else if (!take->acquire && levels[take->lane] > 0)
            levels[take->lane]--;
        }
      for (guint l = 0; l < n_lanes; l++)
        holding += levels[l] > 0;
      if (conflict && holding > 1 && early++ == 0)
        {
          early_taker = taker;
          for (guint l = 0; l < n_lanes; l++)
            if (l != taker && levels[l] > 0)
              early_holder = l;
        }
    }

  /* self-wait */
  n = weft_format_count (reentries);
  if (self_wait >= 0)
    weft_checks_add (checks, "self-wait", FALSE, !reentrant,
                     reentrant ? "%s waited for a lock it already held" : "%s waits for a lock it already holds",
                     weft_timeline_get_lane_name (timeline, self_wait));
  else if (!reentrant || reentries == 0)
    weft_checks_add_pending (checks, "self-wait", "no thread has asked again for the lock yet");
  else
    weft_checks_add (checks, "self-wait", TRUE, FALSE,
                     reentries == 1 ? "no thread waited for a lock it held, in %s re-entry"
                                    : "no thread waited for a lock it held, in %s re-entries", n);

  /* nesting */
  if (misnested >= 0)
    weft_checks_add (checks, "nesting", FALSE, FALSE, "%s entered an inner level of the lock without holding it",
                     weft_timeline_get_lane_name (timeline, misnested));
  else if (!reentrant && reentries > 0)
    weft_checks_add (checks, "nesting", FALSE, FALSE, "the plain lock let a thread in again while it held it");
  else if (!reentrant && holds->len == 0)
    weft_checks_add_pending (checks, "nesting", "no one has taken the lock yet");
  else if (!reentrant)
    weft_checks_add (checks, "nesting", TRUE, FALSE, "the plain lock never let its holder in twice");
  else if (reentries == 0)
    weft_checks_add_pending (checks, "nesting", "no thread has re-entered the lock yet");
  else
    weft_checks_add (checks, "nesting", TRUE, FALSE,
                     reentries == 1 ? "%s re-entry, nested in its owner's hold, up to %u levels deep"
                                    : "%s re-entries, each nested in its owner's hold, up to %u levels deep",
                     n, most_levels);

  /* mutual-exclusion, over the outermost holds */
  {
    guint most = ref_max_concurrent (holds);
    g_autofree char *entries = weft_format_count (holds->len);

    if (holds->len == 0)
      weft_checks_add_pending (checks, "mutual-exclusion", "no one has come out yet");
    else if (most <= 1)
      weft_checks_add (checks, "mutual-exclusion", TRUE, FALSE,
                       holds->len == 1 ? "mutual exclusion held across %s entry"
                                       : "mutual exclusion held across %s entries",
                       entries);
    else
      weft_checks_add (checks, "mutual-exclusion", FALSE, FALSE,
                       "mutual exclusion broken: %u threads inside at once", most);
  }

  /* outermost-release */
  {
    g_autofree char *passed_on = weft_format_count (n_takes - MIN (n_takes, 1));

    if (early > 0)
      weft_checks_add (checks, "outermost-release", FALSE, FALSE, "%s took the lock while %s still held it",
                       weft_timeline_get_lane_name (timeline, early_taker),
                       weft_timeline_get_lane_name (timeline, early_holder));
    else if (n_takes <= 1)
      weft_checks_add_pending (checks, "outermost-release", "the lock has not been passed on yet");
    else
      weft_checks_add (checks, "outermost-release", TRUE, FALSE,
                       n_takes == 2 ? "the lock was passed on %s time, only after its holder's outermost release"
                                    : "the lock was passed on %s times, each only after its holder's outermost release",
                       passed_on);
  }
}

/* ---- broken-barrier ---- */

typedef struct
{
  guint arrivals;
  guint departures;
  guint brokens;
  guint causes;
  gint64 first_arrival;
  gint64 last_arrival;
  gint64 first_departure;
  gint64 first_break;       /* the first broken, timeout or abort */
  gint64 reset_ns;          /* G_MAXINT64 when never reset */
} RefStage;

static inline RefStage *
ref_stage (GArray *stages,
           gint64  number)
{
  while ((gint64) stages->len <= number)
    {
      RefStage fresh = { 0, 0, 0, 0, G_MAXINT64, G_MININT64, G_MAXINT64, G_MAXINT64, G_MAXINT64 };
      g_array_append_val (stages, fresh);
    }
  return &g_array_index (stages, RefStage, number);
}

static inline void
ref_check_broken_barrier (WeftTimeline *timeline,
                          WeftChecks   *checks)
{
  guint hikers = (guint) weft_params_get (weft_timeline_get_params (timeline), "threads", 0);
  g_autoptr(GArray) stages = g_array_new (FALSE, FALSE, sizeof (RefStage));
  guint64 passed = 0, broken = 0, followed = 0;
  gint64 normal_fault = 0, broken_fault = 0, reset_fault = 0, reset_fault_ns = G_MAXINT64;
  gboolean normal_early = FALSE, broken_passed = FALSE, reset_early = FALSE;
  g_autofree char *n = NULL;
  guint16 barrier;

  if (!weft_timeline_find_object (timeline, "barrier", &barrier))
    {
      weft_checks_add (checks, "phases", FALSE, FALSE, "no object “%s” in the trace", "barrier");
      return;
    }

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n_instants;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n_instants);

      for (guint i = 0; i < n_instants; i++)
        {
          const WeftInstantRecord *in = &instants[i];
          gint64 number = in->instant == WEFT_INSTANT_ABORT ? in->value + 1 : in->value;
          RefStage *stage;

          /* A hand-off's value is a time, not a phase. */
          if (in->object != barrier || in->instant == WEFT_INSTANT_HANDOFF || number < 1)
            continue;
          stage = ref_stage (stages, number);
          switch (in->instant)
            {
            case WEFT_INSTANT_ARRIVE:
              stage->arrivals++;
              stage->first_arrival = MIN (stage->first_arrival, in->time_ns);
              stage->last_arrival = MAX (stage->last_arrival, in->time_ns);
              break;
            case WEFT_INSTANT_DEPART:
              stage->departures++;
              stage->first_departure = MIN (stage->first_departure, in->time_ns);
              break;
            case WEFT_INSTANT_BROKEN:
              stage->brokens++;
              stage->first_break = MIN (stage->first_break, in->time_ns);
              break;
            case WEFT_INSTANT_TIMEOUT:
            case WEFT_INSTANT_ABORT:
              stage->causes++;
              stage->first_break = MIN (stage->first_break, in->time_ns);
              break;
            case WEFT_INSTANT_RESET:
              stage->reset_ns = MIN (stage->reset_ns, in->time_ns);
              break;
            default:
              break;
            }
        }
    }

  for (guint p = 1; p < stages->len; p++)
    {
      const RefStage *stage = &g_array_index (stages, RefStage, p);
      gboolean reset = stage->reset_ns != G_MAXINT64;

      if (stage->brokens > 0 || stage->causes > 0 || reset)
        {
          if (stage->departures > 0 || (reset && stage->brokens < stage->arrivals))
            {
              if (broken_fault == 0)
                {
                  broken_fault = p;
                  broken_passed = stage->departures > 0;
                }
            }
          else if (reset || (stage->brokens > 0 && stage->brokens >= stage->arrivals))
            broken++;
          /* A reset mends a break the phase had of its own. */
          if (reset && stage->causes == 0 && stage->reset_ns < reset_fault_ns)
            {
              reset_fault = p;
              reset_fault_ns = stage->reset_ns;
              reset_early = FALSE;
            }
        }
      else if (stage->departures > 0)
        {
          if (stage->arrivals < hikers || stage->last_arrival > stage->first_departure ||
              stage->departures != hikers)
            {
              if (normal_fault == 0)
                {
                  normal_fault = p;
                  normal_early = stage->arrivals < hikers || stage->last_arrival > stage->first_departure;
                }
            }
          else
            passed++;
        }
      /* The next phase begins once this one, if broken, is reset. */
      if (p + 1 < stages->len && g_array_index (stages, RefStage, p + 1).arrivals > 0)
        {
          gint64 next = g_array_index (stages, RefStage, p + 1).first_arrival;

          /* At one moment an arrival is taken before a break or reset. */
          if (stage->first_break < next && next <= stage->reset_ns && next < reset_fault_ns)
            {
              reset_fault = p + 1;
              reset_fault_ns = next;
              reset_early = TRUE;
            }
          if (reset && next > stage->reset_ns)
            followed++;
        }
    }

  n = weft_format_count (passed);
  if (normal_fault > 0)
    weft_checks_add (checks, "phases", FALSE, FALSE,
                     normal_early ? "in phase %u, a hiker left before all had arrived"
                                  : "in phase %u, not every hiker left the barrier", (guint) normal_fault);
  else if (passed == 0)
    weft_checks_add_pending (checks, "phases", "no phase has been passed yet");
  else
    weft_checks_add (checks, "phases", TRUE, FALSE,
                     passed == 1 ? "all %u hikers arrived before any left, in %s phase"
                                 : "all %u hikers arrived before any left, in each of %s phases", hikers, n);

  g_free (n);
  n = weft_format_count (broken);
  if (broken_fault > 0)
    weft_checks_add (checks, "broken-phases", FALSE, FALSE,
                     broken_passed ? "phase %u broke, yet a hiker passed it"
                                   : "phase %u broke, yet a hiker who arrived did not leave with BrokenBarrierError",
                     (guint) broken_fault);
  else if (broken == 0)
    weft_checks_add_pending (checks, "broken-phases", "no phase has broken yet");
  else
    weft_checks_add (checks, "broken-phases", TRUE, FALSE,
                     broken == 1 ? "every waiter left with BrokenBarrierError and none passed, in %s broken phase"
                                 : "every waiter left with BrokenBarrierError and none passed, in each of %s broken phases",
                     n);

  g_free (n);
  n = weft_format_count (followed);
  if (reset_fault > 0)
    weft_checks_add (checks, "reset", FALSE, FALSE,
                     reset_early ? "phase %u began before the broken barrier was reset"
                                 : "phase %u broke with no timeout or abort of its own", (guint) reset_fault);
  else if (followed == 0)
    weft_checks_add_pending (checks, "reset", "no phase has begun after a reset yet");
  else
    weft_checks_add (checks, "reset", TRUE, FALSE,
                     followed == 1 ? "the phases went on after %s reset" : "the phases went on after each of %s resets",
                     n);
}
