/* weft-pattern-rendezvous.c: two threads meet before going on
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The classic two-semaphore rendezvous: A does a1, signals that it has
 * arrived and waits for B's signal before a2; B does the same the other
 * way round.  Neither second step can start before both first steps end.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-checker.h"
#include "weft-patterns-private.h"
#include "weft-semaphore.h"

enum { ROLE_A, ROLE_B };
enum { STEP_NONE, STEP_A1, STEP_A2, STEP_B1, STEP_B2 };

typedef struct
{
  WeftSemaphore a_arrived;
  WeftSemaphore b_arrived;
} RendezvousState;

static const WeftRole roles[] = {
  [ROLE_A] = { "A", "A", FALSE },
  [ROLE_B] = { "B", "B", FALSE },
};

static const char * const steps[] = { "a1", "a2", "b1", "b2", NULL };

static guint
rendezvous_role_of (const WeftParams *params,
                    guint             index,
                    guint            *number)
{
  *number = 1;
  return index == 0 ? ROLE_A : ROLE_B;
}

static gpointer
rendezvous_setup (WeftRun *run)
{
  RendezvousState *state = g_new0 (RendezvousState, 1);

  weft_semaphore_init (&state->a_arrived, run, "a-arrived", 0, WEFT_SEMAPHORE_SIGNAL);
  weft_semaphore_init (&state->b_arrived, run, "b-arrived", 0, WEFT_SEMAPHORE_SIGNAL);
  return state;
}

static void
rendezvous_free (gpointer data)
{
  RendezvousState *state = data;

  weft_semaphore_clear (&state->a_arrived);
  weft_semaphore_clear (&state->b_arrived);
  g_free (state);
}

static void
rendezvous_work (WeftWorker *worker,
                 gpointer    data)
{
  RendezvousState *state = data;
  gboolean is_a = worker->role == ROLE_A;
  WeftSemaphore *mine = is_a ? &state->a_arrived : &state->b_arrived;
  WeftSemaphore *theirs = is_a ? &state->b_arrived : &state->a_arrived;
  guint32 first = is_a ? STEP_A1 : STEP_B1;
  guint32 second = is_a ? STEP_A2 : STEP_B2;

  for (gint64 round = 1;; round++)
    {
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 500, round, first))
        break;
      weft_semaphore_release (mine, worker);
      if (!weft_semaphore_acquire (theirs, worker))
        break;
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 500, round, second))
        break;
    }
}

typedef struct
{
  gint64 end_first;     /* end of a1 (or b1); G_MAXINT64 until seen */
  gint64 start_second;  /* start of a2 (or b2) */
} RoundSteps;

static void
collect_steps (WeftTimeline *timeline,
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
          GArray *rounds = (span->arg == STEP_A1 || span->arg == STEP_A2) ? rounds_a : rounds_b;
          RoundSteps *round;

          if (span->arg == STEP_NONE || span->value < 1)
            continue;
          if (rounds->len < (guint) span->value)
            {
              guint old = rounds->len;

              g_array_set_size (rounds, span->value);
              for (guint r = old; r < rounds->len; r++)
                g_array_index (rounds, RoundSteps, r) = (RoundSteps) { G_MAXINT64, G_MAXINT64 };
            }
          round = &g_array_index (rounds, RoundSteps, span->value - 1);
          if (span->arg == STEP_A1 || span->arg == STEP_B1)
            round->end_first = (span->flags & WEFT_SPAN_CUT) ? G_MAXINT64 : span->end_ns;
          else
            round->start_second = span->start_ns;
        }
    }
}

/* For every round both took part in: end(a1) <= start(b2) and
 * end(b1) <= start(a2). */
static void
rendezvous_check (WeftTimeline *timeline,
                  WeftChecks   *checks)
{
  g_autoptr(GArray) rounds_a = g_array_new (FALSE, FALSE, sizeof (RoundSteps));
  g_autoptr(GArray) rounds_b = g_array_new (FALSE, FALSE, sizeof (RoundSteps));
  g_autofree char *n_met = NULL;
  guint met = 0, broken = 0, first_broken = 0;
  guint n_rounds;

  collect_steps (timeline, rounds_a, rounds_b);
  n_rounds = MIN (rounds_a->len, rounds_b->len);
  for (guint r = 0; r < n_rounds; r++)
    {
      RoundSteps *a = &g_array_index (rounds_a, RoundSteps, r);
      RoundSteps *b = &g_array_index (rounds_b, RoundSteps, r);
      gboolean a_second_started = a->start_second != G_MAXINT64;
      gboolean b_second_started = b->start_second != G_MAXINT64;

      /* A second step that started must come after the other's first. */
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
  if (broken == 0)
    weft_checks_add (checks, "rendezvous", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "A and B met before going on, in %s round",
                                  "A and B met before going on, in every one of %s rounds", met),
                     n_met);
  else
    weft_checks_add (checks, "rendezvous", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "a second step began before the other thread's first step ended, in %u round (first: round %u)",
                                  "a second step began before the other thread's first step ended, in %u rounds (first: round %u)",
                                  broken),
                     broken, first_broken);
}

const WeftPattern weft_pattern_rendezvous = {
  .name = "rendezvous",
  .title = N_("Rendezvous"),
  .summary = N_("Two threads wait for each other"),
  .explanation = N_("A and B each have two steps, and neither may start its second step until the other "
                    "has finished its first, like two friends who agree to meet at the station before "
                    "travelling on. Each signals its arrival with a semaphore and waits for the other's."),
  .icon_name = "weft-rendezvous-symbolic",
  .ranges = {
    [WEFT_PARAM_THREADS] = { TRUE, 2, 2, 2 },
    [WEFT_PARAM_PACE] = { TRUE, 0, 10, 1 },
  },
  .steps = steps,
  .setup = rendezvous_setup,
  .free_state = rendezvous_free,
  .role_of = rendezvous_role_of,
  .roles = roles,
  .work = rendezvous_work,
  .check = rendezvous_check,
};
