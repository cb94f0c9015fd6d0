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
  [ROLE_A] = { NC_("thread role", "A"), "A", FALSE },
  [ROLE_B] = { NC_("thread role", "B"), "B", FALSE },
  { NULL },
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

static const char rendezvous_code[] =
  "a_arrived = threading.Semaphore(0)\n"
  "b_arrived = threading.Semaphore(0)\n"
  "\n"
  "def thread_a():\n"
  "    while True:\n"
  "        a1()\n"
  "        a_arrived.release()\n"
  "        b_arrived.acquire()\n"
  "        a2()\n"
  "\n"
  "def thread_b():\n"
  "    while True:\n"
  "        b1()\n"
  "        b_arrived.release()\n"
  "        a_arrived.acquire()\n"
  "        b2()\n";

enum
{
  LINE_A1 = 6, LINE_A_RELEASE = 7, LINE_A_ACQUIRE = 8, LINE_A2 = 9,
  LINE_B1 = 13, LINE_B_RELEASE = 14, LINE_B_ACQUIRE = 15, LINE_B2 = 16,
};

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
  guint line_first = is_a ? LINE_A1 : LINE_B1;
  guint line_release = is_a ? LINE_A_RELEASE : LINE_B_RELEASE;
  guint line_acquire = is_a ? LINE_A_ACQUIRE : LINE_B_ACQUIRE;
  guint line_second = is_a ? LINE_A2 : LINE_B2;

  for (gint64 round = 1;; round++)
    {
      weft_worker_at (worker, line_first);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 500, round, first))
        break;
      weft_worker_at (worker, line_release);
      weft_semaphore_release (mine, worker);
      weft_worker_at (worker, line_acquire);
      if (!weft_semaphore_acquire (theirs, worker))
        break;
      weft_worker_at (worker, line_second);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 500, round, second))
        break;
    }
}

typedef struct
{
  gint64 end_first;     /* end of a1 (or b1); G_MAXINT64 until seen */
  gint64 start_second;  /* start of a2 (or b2) */
} RoundSteps;

typedef struct
{
  RoundSteps a;
  RoundSteps b;
} Round;

typedef enum
{
  ROUND_OPEN,           /* a second step has not started yet */
  ROUND_MET,
  ROUND_BROKEN,
} RoundVerdict;

/* While a run goes on: the rounds not finished yet, and how the others
 * went.  A round is settled once both threads have begun the round after
 * next (each thread's steps come in order), so only two or three rounds
 * are ever kept. */
typedef struct
{
  gboolean keep_all;
  gint64 base;          /* the round window[0] holds, from 1 */
  GArray *window;       /* Round, for rounds base, base + 1, ... */
  gint64 len_a;         /* the last round each thread has a step in */
  gint64 len_b;
  guint64 met;          /* over settled rounds */
  guint64 broken;
  gint64 first_broken;
} RendezvousFold;

/* A second step that started must come after the other's first. */
static RoundVerdict
judge_round (const Round *round)
{
  gboolean a_second_started = round->a.start_second != G_MAXINT64;
  gboolean b_second_started = round->b.start_second != G_MAXINT64;

  if ((a_second_started && round->a.start_second < round->b.end_first) ||
      (b_second_started && round->b.start_second < round->a.end_first))
    return ROUND_BROKEN;
  if (a_second_started && b_second_started)
    return ROUND_MET;
  return ROUND_OPEN;
}

static void
count_round (RoundVerdict  verdict,
             gint64        number,
             guint64      *met,
             guint64      *broken,
             gint64       *first_broken)
{
  if (verdict == ROUND_BROKEN)
    {
      if ((*broken)++ == 0)
        *first_broken = number;
    }
  else if (verdict == ROUND_MET)
    (*met)++;
}

static gpointer
rendezvous_fold_new (WeftTimeline   *timeline,
                     gboolean        keep_all,
                     WeftFoldFilter *filter)
{
  RendezvousFold *fold = g_new0 (RendezvousFold, 1);

  fold->keep_all = keep_all;
  fold->base = 1;
  fold->window = g_array_new (FALSE, FALSE, sizeof (Round));
  /* The steps are the outermost spans, whatever their state. */
  filter->span_states = ~0u;
  filter->span_object = WEFT_FOLD_ANY_OBJECT;
  filter->span_depths = 1u << 0;
  /* Each step lands in its round's slot whatever the order, and a round
   * is settled only once both threads have gone two rounds on. */
  filter->any_order = TRUE;
  return fold;
}

static void
rendezvous_fold_free (gpointer data)
{
  RendezvousFold *fold = data;

  g_array_unref (fold->window);
  g_free (fold);
}

static gboolean
rendezvous_fold_span (gpointer        data,
                      guint           lane,
                      const WeftSpan *span)
{
  RendezvousFold *fold = data;
  gboolean is_a = span->arg == STEP_A1 || span->arg == STEP_A2;
  RoundSteps *side;
  Round *round;

  if (span->arg == STEP_NONE || span->value < 1)
    return TRUE;
  /* A step of a round already settled: it cannot be judged with it. */
  if (span->value < fold->base)
    return FALSE;
  while (fold->base + fold->window->len <= span->value)
    {
      Round fresh = { { G_MAXINT64, G_MAXINT64 }, { G_MAXINT64, G_MAXINT64 } };
      g_array_append_val (fold->window, fresh);
    }
  round = &g_array_index (fold->window, Round, span->value - fold->base);
  side = is_a ? &round->a : &round->b;
  if (span->arg == STEP_A1 || span->arg == STEP_B1)
    side->end_first = (span->flags & WEFT_SPAN_CUT) ? G_MAXINT64 : span->end_ns;
  else
    side->start_second = span->start_ns;
  if (is_a)
    fold->len_a = MAX (fold->len_a, span->value);
  else
    fold->len_b = MAX (fold->len_b, span->value);

  while (!fold->keep_all && fold->window->len > 0 && fold->base + 2 <= MIN (fold->len_a, fold->len_b))
    {
      count_round (judge_round (&g_array_index (fold->window, Round, 0)), fold->base,
                   &fold->met, &fold->broken, &fold->first_broken);
      g_array_remove_index (fold->window, 0);
      fold->base++;
    }
  return TRUE;
}

/* For every round both took part in: end(a1) <= start(b2) and
 * end(b1) <= start(a2). */
static void
rendezvous_report (gpointer      data,
                   WeftTimeline *timeline,
                   gboolean      complete,
                   WeftChecks   *checks)
{
  RendezvousFold *fold = data;
  guint64 met = fold->met, broken = fold->broken;
  gint64 first_broken = fold->first_broken;
  gint64 n_rounds = MIN (fold->len_a, fold->len_b);
  g_autofree char *n_met = NULL;

  for (gint64 r = fold->base; r <= n_rounds; r++)
    count_round (judge_round (&g_array_index (fold->window, Round, r - fold->base)), r,
                 &met, &broken, &first_broken);

  n_met = weft_format_count (met);
  if (met == 0 && broken == 0)
    weft_checks_add_pending (checks, "rendezvous", _("no round has finished yet"));
  else if (broken == 0)
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
                     (guint) broken, (guint) first_broken);
}

static gsize
rendezvous_fold_get_memory (gpointer data)
{
  RendezvousFold *fold = data;

  return sizeof *fold + weft_array_get_memory (fold->window);
}

static const WeftCheckFuncs rendezvous_checks = {
  .fold_new = rendezvous_fold_new,
  .fold_free = rendezvous_fold_free,
  .fold_span = rendezvous_fold_span,
  .report = rendezvous_report,
  .get_memory = rendezvous_fold_get_memory,
};

const WeftPattern weft_pattern_rendezvous = {
  .name = "rendezvous",
  .title = N_("Rendezvous"),
  .summary = N_("Two threads wait for each other"),
  .explanation = N_("A and B each have two steps, and neither may start its second step until the other "
                    "has finished its first, like two friends who agree to meet at the station before "
                    "travelling on. Each signals its arrival with a semaphore and waits for the other's."),
  .icon_name = "weft-rendezvous-symbolic",
  .code = rendezvous_code,
  .params = (const WeftParamSpec[]) {
    { "threads", WEFT_PARAM_INTEGER, N_("Threads"), N_("Exactly 2: A and B"), 2, 2, 2, NULL },
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_POST) | WEFT_INSTANT_BIT (WEFT_INSTANT_WAKE),
  .steps = steps,
  .setup = rendezvous_setup,
  .free_state = rendezvous_free,
  .role_of = rendezvous_role_of,
  .roles = roles,
  .work = rendezvous_work,
  .checks = &rendezvous_checks,
};
