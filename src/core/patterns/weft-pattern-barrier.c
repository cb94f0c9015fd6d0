/* weft-pattern-barrier.c: phases of work separated by a barrier
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-barrier.h"
#include "weft-checker.h"
#include "weft-patterns-private.h"

typedef struct
{
  WeftBarrier barrier;
} BarrierState;

static const WeftRole roles[] = {
  { "hiker", "hiker", TRUE },
};

static gpointer
barrier_setup (WeftRun *run)
{
  BarrierState *state = g_new0 (BarrierState, 1);
  guint threads = weft_params_get_uint (weft_run_get_params (run), WEFT_PARAM_THREADS);

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

static void
barrier_work (WeftWorker *worker,
              gpointer    data)
{
  BarrierState *state = data;

  for (gint64 phase = 1;; phase++)
    {
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 500, phase, 0))
        break;
      if (!weft_barrier_wait (&state->barrier, worker, phase))
        break;
    }
}

typedef struct
{
  gint64 last_arrival;
  gint64 first_departure;
  guint arrivals;
  guint departures;
} Phase;

static Phase *
phase_at (GArray *phases,
          gint64  phase)
{
  if (phases->len < (guint) phase)
    {
      guint old = phases->len;

      g_array_set_size (phases, phase);
      for (guint p = old; p < phases->len; p++)
        g_array_index (phases, Phase, p) = (Phase) { G_MININT64, G_MAXINT64, 0, 0 };
    }
  return &g_array_index (phases, Phase, phase - 1);
}

/* Per phase: the last arrival comes no later than the first departure,
 * and nobody departs a phase that not everyone reached. */
static void
barrier_check (WeftTimeline *timeline,
               WeftChecks   *checks)
{
  guint threads = weft_params_get_uint (weft_timeline_get_params (timeline), WEFT_PARAM_THREADS);
  g_autoptr(GArray) phases = g_array_new (FALSE, FALSE, sizeof (Phase));
  g_autoptr(GArray) arrivals = NULL;
  g_autoptr(GArray) departures = NULL;
  g_autofree char *n_passed = NULL;
  guint passed = 0, broken = 0, first_broken = 0;
  guint16 barrier;

  if (!weft_timeline_find_object (timeline, "barrier", &barrier))
    {
      weft_checks_add (checks, "barrier", FALSE, FALSE, _("no object “%s” in the trace"), "barrier");
      return;
    }

  arrivals = weft_checker_collect_instants (timeline, WEFT_INSTANT_ARRIVE, barrier);
  departures = weft_checker_collect_instants (timeline, WEFT_INSTANT_DEPART, barrier);
  for (guint i = 0; i < arrivals->len; i++)
    {
      const WeftLaneInstant *a = &g_array_index (arrivals, WeftLaneInstant, i);
      Phase *phase;

      if (a->value < 1)
        continue;
      phase = phase_at (phases, a->value);
      phase->last_arrival = MAX (phase->last_arrival, a->time_ns);
      phase->arrivals++;
    }
  for (guint i = 0; i < departures->len; i++)
    {
      const WeftLaneInstant *d = &g_array_index (departures, WeftLaneInstant, i);
      Phase *phase;

      if (d->value < 1)
        continue;
      phase = phase_at (phases, d->value);
      phase->first_departure = MIN (phase->first_departure, d->time_ns);
      phase->departures++;
    }

  for (guint p = 0; p < phases->len; p++)
    {
      Phase *phase = &g_array_index (phases, Phase, p);

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
  if (broken == 0)
    weft_checks_add (checks, "barrier",
                     TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "all %u threads arrived before any left, in %s phase",
                                  "all %u threads arrived before any left, in each of %s phases", passed),
                     threads, n_passed);
  else
    weft_checks_add (checks, "barrier", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "a thread left before all had arrived, in %u phase (first: phase %u)",
                                  "a thread left before all had arrived, in %u phases (first: phase %u)",
                                  broken),
                     broken, first_broken);
}

const WeftPattern weft_pattern_barrier = {
  .name = "barrier",
  .title = N_("Barrier"),
  .summary = N_("Nobody starts the next phase until all arrive"),
  .explanation = N_("The threads work in phases, like hikers who agree to regroup at every summit: "
                    "whoever arrives first waits at the barrier, and only when the last one gets there "
                    "do they all set off on the next stage together."),
  .icon_name = "weft-barrier-symbolic",
  .ranges = {
    [WEFT_PARAM_THREADS] = { TRUE, 1, 256, 4 },
    [WEFT_PARAM_PACE] = { TRUE, 0, 10, 1 },
  },
  .setup = barrier_setup,
  .free_state = barrier_free,
  .roles = roles,
  .work = barrier_work,
  .check = barrier_check,
};
