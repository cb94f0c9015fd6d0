/* weft-pattern-barrier.c: phases of work separated by a barrier
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-barrier.h"
#include "weft-checker.h"
#include "weft-lessons.h"
#include "weft-patterns-private.h"

typedef struct
{
  WeftBarrier barrier;
} BarrierState;

static const WeftRole roles[] = {
  { NC_("thread role", "hiker"), "hiker", TRUE },
  { NULL },
};

static gpointer
barrier_setup (WeftRun *run)
{
  BarrierState *state = g_new0 (BarrierState, 1);
  guint threads = (guint) weft_params_get (weft_run_get_params (run), "threads", 0);

  weft_barrier_init (&state->barrier, run, "barrier", threads);
  return state;
}

static void
barrier_free (gpointer data)
{
  BarrierState *state = data;

  weft_barrier_clear (&state->barrier);
  g_free (state);
}

static const char barrier_code[] =
  "barrier = threading.Barrier(threads)\n"
  "\n"
  "def hiker():\n"
  "    while True:\n"
  "        work()\n"
  "        barrier.wait()\n";

enum { LINE_WORK = 5, LINE_WAIT = 6 };

static void
barrier_work (WeftWorker *worker,
              gpointer    data)
{
  BarrierState *state = data;

  for (gint64 phase = 1;; phase++)
    {
      weft_worker_at (worker, LINE_WORK);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 500, phase, 0))
        break;
      weft_worker_at (worker, LINE_WAIT);
      if (weft_barrier_wait (&state->barrier, worker, phase, -1) != WEFT_BARRIER_PASSED)
        break;
    }
}

typedef struct
{
  gint64 last_arrival;
  gint64 first_departure;
  guint arrivals;
  guint departures;
  guint last_lane;      /* who arrived last */
} Phase;

/* While a run goes on: the phases not finished yet, and how the others
 * went.  A phase is settled once every thread has arrived at it and left
 * it, so only the phase in progress and perhaps the next are kept. */
typedef struct
{
  gboolean has_barrier;
  gboolean keep_all;
  guint threads;
  gint64 base;          /* the phase window[0] holds, from 1 */
  GArray *window;       /* Phase, for phases base, base + 1, ... */
  guint64 passed;       /* over settled phases */
  guint64 broken;
  gint64 first_broken;
  GArray *openings;     /* WeftPhaseOpening, by time: kept for the chart */
} BarrierFold;

static gpointer
barrier_fold_new (WeftTimeline   *timeline,
                  gboolean        keep_all,
                  WeftFoldFilter *filter)
{
  BarrierFold *fold = g_new0 (BarrierFold, 1);
  guint16 barrier;

  fold->keep_all = keep_all;
  fold->threads = (guint) weft_params_get (weft_timeline_get_params (timeline), "threads", 0);
  fold->base = 1;
  fold->window = g_array_new (FALSE, FALSE, sizeof (Phase));
  fold->openings = g_array_new (FALSE, FALSE, sizeof (WeftPhaseOpening));
  fold->has_barrier = weft_timeline_find_object (timeline, "barrier", &barrier);
  if (fold->has_barrier)
    {
      filter->instant_kinds = (1u << WEFT_INSTANT_ARRIVE) | (1u << WEFT_INSTANT_DEPART);
      filter->instant_object = barrier;
      /* Sums, maxima and minima per phase, and a phase is settled only
       * once complete: any order of a drain's items gives the same. */
      filter->any_order = TRUE;
    }
  return fold;
}

static void
barrier_fold_free (gpointer data)
{
  BarrierFold *fold = data;

  g_array_unref (fold->window);
  g_array_unref (fold->openings);
  g_free (fold);
}

/* Nobody departs a phase that not everyone reached, and the last arrival
 * comes no later than the first departure. */
static void
count_phase (const BarrierFold *fold,
             const Phase       *phase,
             gint64             number,
             guint64           *passed,
             guint64           *broken,
             gint64            *first_broken)
{
  if (phase->departures == 0)
    return;
  if (phase->arrivals < fold->threads || phase->last_arrival > phase->first_departure)
    {
      if ((*broken)++ == 0)
        *first_broken = number;
    }
  else
    (*passed)++;
}

/* Everyone has arrived: the phase opened at the last arrival.  Phases
 * fill in order (each thread arrives at one before the next), so this
 * appends, unless a broken run's times go back. */
static void
add_opening (BarrierFold *fold,
             const Phase *phase,
             gint64       number)
{
  WeftPhaseOpening opening = { phase->last_arrival, number, phase->last_lane, 0 };
  guint at = weft_lessons_first_opening ((const WeftPhaseOpening *) (gpointer) fold->openings->data,
                                         fold->openings->len, opening.time_ns);

  g_array_insert_val (fold->openings, at, opening);
}

const WeftPhaseOpening *
weft_pattern_barrier_get_openings (gpointer  fold_state,
                                   guint    *n_openings)
{
  BarrierFold *fold = fold_state;

  *n_openings = fold->openings->len;
  return (const WeftPhaseOpening *) (gpointer) fold->openings->data;
}

static gboolean
barrier_fold_instant (gpointer                 data,
                      guint                    lane,
                      const WeftInstantRecord *instant)
{
  BarrierFold *fold = data;
  Phase *phase;

  if (instant->value < 1)
    return TRUE;
  /* About a phase already settled: it cannot be judged with it. */
  if (instant->value < fold->base)
    return FALSE;
  while (fold->base + fold->window->len <= instant->value)
    {
      Phase fresh = { G_MININT64, G_MAXINT64, 0, 0, 0 };
      g_array_append_val (fold->window, fresh);
    }
  phase = &g_array_index (fold->window, Phase, instant->value - fold->base);
  if (instant->instant == WEFT_INSTANT_ARRIVE)
    {
      if (instant->time_ns >= phase->last_arrival)
        {
          phase->last_arrival = instant->time_ns;
          phase->last_lane = lane;
        }
      if (++phase->arrivals == fold->threads)
        add_opening (fold, phase, instant->value);
    }
  else
    {
      phase->first_departure = MIN (phase->first_departure, instant->time_ns);
      phase->departures++;
    }

  while (!fold->keep_all && fold->window->len > 0)
    {
      Phase *first = &g_array_index (fold->window, Phase, 0);

      if (first->arrivals < fold->threads || first->departures < fold->threads)
        break;
      count_phase (fold, first, fold->base, &fold->passed, &fold->broken, &fold->first_broken);
      g_array_remove_index (fold->window, 0);
      fold->base++;
    }
  return TRUE;
}

static void
barrier_report (gpointer      data,
                WeftTimeline *timeline,
                gboolean      complete,
                WeftChecks   *checks)
{
  BarrierFold *fold = data;
  guint64 passed = fold->passed, broken = fold->broken;
  gint64 first_broken = fold->first_broken;
  g_autofree char *n_passed = NULL;

  if (!fold->has_barrier)
    {
      weft_checker_report_missing (checks, "barrier", "barrier");
      return;
    }

  for (guint p = 0; p < fold->window->len; p++)
    count_phase (fold, &g_array_index (fold->window, Phase, p), fold->base + p,
                 &passed, &broken, &first_broken);

  n_passed = weft_format_count (passed);
  if (passed == 0 && broken == 0)
    weft_checks_add_pending (checks, "barrier", _("no phase has finished yet"));
  else if (broken == 0)
    weft_checks_add (checks, "barrier",
                     TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "all %u threads arrived before any left, in %s phase",
                                  "all %u threads arrived before any left, in each of %s phases", passed),
                     fold->threads, n_passed);
  else
    weft_checks_add (checks, "barrier", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "a thread left before all had arrived, in %u phase (first: phase %u)",
                                  "a thread left before all had arrived, in %u phases (first: phase %u)",
                                  broken),
                     (guint) broken, (guint) first_broken);
}

static gsize
barrier_fold_get_memory (gpointer data)
{
  BarrierFold *fold = data;

  return sizeof *fold + weft_array_get_memory (fold->window) + weft_array_get_memory (fold->openings);
}

static const WeftCheckFuncs barrier_checks = {
  .fold_new = barrier_fold_new,
  .fold_free = barrier_fold_free,
  .fold_instant = barrier_fold_instant,
  .report = barrier_report,
  .get_memory = barrier_fold_get_memory,
};

const WeftPattern weft_pattern_barrier = {
  .name = "barrier",
  .title = N_("Barrier"),
  .summary = N_("Nobody starts the next phase until all arrive"),
  .explanation = N_("The threads work in phases, like hikers who agree to regroup at every summit: "
                    "whoever arrives first waits at the barrier, and only when the last one gets there "
                    "do they all set off on the next stage together."),
  .icon_name = "weft-barrier-symbolic",
  .code = barrier_code,
  .params = (const WeftParamSpec[]) {
    WEFT_PARAM_SPEC_THREADS (1, 256, 4),
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_ARRIVE) | WEFT_INSTANT_BIT (WEFT_INSTANT_DEPART),
  .setup = barrier_setup,
  .free_state = barrier_free,
  .roles = roles,
  .work = barrier_work,
  .checks = &barrier_checks,
};
