/* weft-pattern-event.c: a starter fires an Event and every runner goes
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Python's threading.Event, round after round.  The runners wait on the
 * flag `gun`; the starter counts down and calls set(), which releases
 * every one of them at once.  Before it may clear() the flag for the
 * next round, the starter must know that every runner has left its
 * wait: a runner that came back to the line while the flag was still up
 * would run off at once, on the last round's shot.  So the runners
 * report under a lock, and the last to report sets `all-in`, which the
 * starter waits on.  The same goes for coming back: once the gun is
 * down the starter sets `recall`, and clears it only once every runner
 * has reported back at the line, so no runner waits for a recall that
 * came and went, and none waits for the gun before it was cleared.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-checker.h"
#include "weft-flag.h"
#include "weft-mutex.h"
#include "weft-patterns-private.h"

enum { ROLE_STARTER, ROLE_RUNNER };

typedef struct
{
  WeftFlag gun;
  WeftFlag recall;
  WeftFlag all_in;
  WeftMutex line;
  guint runners;
  guint reported;     /* guarded by line: runners who reported this phase */
} EventState;

static const WeftRole roles[] = {
  [ROLE_STARTER] = { NC_("thread role", "starter"), "starter", FALSE },
  [ROLE_RUNNER] = { NC_("thread role", "runner"), "runner", TRUE },
  { NULL },
};

/* The first thread is the starter; every other one runs. */
static guint
event_role_of (const WeftParams *params,
               guint             index,
               guint            *number)
{
  *number = index == 0 ? 1 : index;
  return index == 0 ? ROLE_STARTER : ROLE_RUNNER;
}

static gpointer
event_setup (WeftRun *run)
{
  EventState *state = g_new0 (EventState, 1);

  state->runners = (guint) weft_params_get (weft_run_get_params (run), "threads", 2) - 1;
  weft_flag_init (&state->gun, run, "gun");
  weft_flag_init (&state->recall, run, "recall");
  weft_flag_init (&state->all_in, run, "all-in");
  weft_mutex_init (&state->line, run, "line");
  return state;
}

static void
event_free (gpointer data)
{
  EventState *state = data;

  weft_flag_destroy (&state->gun);
  weft_flag_destroy (&state->recall);
  weft_flag_destroy (&state->all_in);
  weft_mutex_clear (&state->line);
  g_free (state);
}

/* What the starter and the runners do, as Python would say it; the
 * lines their events carry count in it. */
static const char event_code[] =
  "gun = threading.Event()\n"
  "recall = threading.Event()\n"
  "all_in = threading.Event()\n"
  "line = threading.Lock()\n"
  "reported = 0\n"
  "\n"
  "def report():\n"
  "    global reported\n"
  "    with line:\n"
  "        reported += 1\n"
  "        if reported == runners:\n"
  "            reported = 0\n"
  "            all_in.set()\n"
  "\n"
  "def starter():\n"
  "    while True:\n"
  "        work()\n"
  "        gun.set()\n"
  "        all_in.wait()\n"
  "        all_in.clear()\n"
  "        gun.clear()\n"
  "        recall.set()\n"
  "        all_in.wait()\n"
  "        all_in.clear()\n"
  "        recall.clear()\n"
  "\n"
  "def runner():\n"
  "    while True:\n"
  "        gun.wait()\n"
  "        report()\n"
  "        work()\n"
  "        recall.wait()\n"
  "        report()\n";

enum
{
  LINE_WITH_LINE = 9,
  LINE_SET_ALL_IN = 13,
  LINE_COUNTDOWN = 17,
  LINE_SET_GUN = 18,
  LINE_GUN_ALL_IN = 19,
  LINE_GUN_CLEAR_ALL_IN = 20,
  LINE_CLEAR_GUN = 21,
  LINE_SET_RECALL = 22,
  LINE_RECALL_ALL_IN = 23,
  LINE_RECALL_CLEAR_ALL_IN = 24,
  LINE_CLEAR_RECALL = 25,
  LINE_WAIT_GUN = 29,
  LINE_RUN = 31,
  LINE_WAIT_RECALL = 32,
};

/* A runner says it got past a flag; the last of them tells the starter. */
static gboolean
report (EventState *state,
        WeftWorker *worker)
{
  weft_worker_at (worker, LINE_WITH_LINE);
  if (!weft_mutex_lock (&state->line, worker))
    return FALSE;
  if (++state->reported == state->runners)
    {
      state->reported = 0;
      weft_worker_at (worker, LINE_SET_ALL_IN);
      weft_flag_set (&state->all_in, worker);
    }
  /* Leaving the `with` block gives the lock back. */
  weft_worker_at (worker, LINE_WITH_LINE);
  weft_mutex_unlock (&state->line, worker);
  return TRUE;
}

static void
run_rounds (WeftWorker *worker,
            EventState *state)
{
  for (gint64 round = 1;; round++)
    {
      weft_worker_at (worker, LINE_WAIT_GUN);
      if (!weft_flag_wait (&state->gun, worker) || !report (state, worker))
        return;
      weft_worker_at (worker, LINE_RUN);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 300, 900, round, 0))
        return;
      weft_worker_at (worker, LINE_WAIT_RECALL);
      if (!weft_flag_wait (&state->recall, worker) || !report (state, worker))
        return;
    }
}

/* Waits until every runner reported, and makes ready for the next time;
 * @wait_line and @clear_line are where the listing does each. */
static gboolean
wait_all_in (EventState *state,
             WeftWorker *worker,
             guint       wait_line,
             guint       clear_line)
{
  weft_worker_at (worker, wait_line);
  if (!weft_flag_wait (&state->all_in, worker))
    return FALSE;
  weft_worker_at (worker, clear_line);
  weft_flag_clear (&state->all_in, worker);
  return TRUE;
}

static void
start_rounds (WeftWorker *worker,
              EventState *state)
{
  for (gint64 round = 1;; round++)
    {
      /* "On your marks...": the countdown. */
      weft_worker_at (worker, LINE_COUNTDOWN);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 400, 700, round, 0))
        return;
      weft_worker_at (worker, LINE_SET_GUN);
      weft_flag_set (&state->gun, worker);
      /* Only once every runner has left its wait may the flag go down. */
      if (!wait_all_in (state, worker, LINE_GUN_ALL_IN, LINE_GUN_CLEAR_ALL_IN))
        return;
      weft_worker_at (worker, LINE_CLEAR_GUN);
      weft_flag_clear (&state->gun, worker);
      weft_worker_at (worker, LINE_SET_RECALL);
      weft_flag_set (&state->recall, worker);
      if (!wait_all_in (state, worker, LINE_RECALL_ALL_IN, LINE_RECALL_CLEAR_ALL_IN))
        return;
      weft_worker_at (worker, LINE_CLEAR_RECALL);
      weft_flag_clear (&state->recall, worker);
    }
}

static void
event_work (WeftWorker *worker,
            gpointer    data)
{
  if (worker->role == ROLE_STARTER)
    start_rounds (worker, data);
  else
    run_rounds (worker, data);
}

/* What the checks remember of one lane: its last wait on the gun, and
 * the set that released it, until its `wake` is seen. */
typedef struct
{
  gint64 wait_start;
  gint64 wait_end;
  gint64 released_by;   /* the setter's lane, or -1 */
  guint64 set;          /* which raising set, from 1, when released_by >= 0 */
} RunnerLane;

/* A raising set whose waits have not all ended yet. */
typedef struct
{
  gint64 released;      /* what the set says it released */
  guint open;           /* waits around it not yet seen to end */
  guint woke;           /* of those, the ones that ended with a wake */
} OpenSet;

/* While a run goes on: whether the flag is up by the trace (the last of
 * the set and clear instants on it), the sets whose waits are still
 * open, and counts.  The flag's primitive stamps `set` under its lock,
 * after every wait it releases began and before any of them ends, so
 * the waits it released are among the spans around it; a wait around it
 * that ends with no wake was let go by a stop that came first, and was
 * not counted by the set either.  So a set is judged once every wait
 * around it has ended: as many woke as it says it released. */
typedef struct
{
  gboolean has_gun;
  GArray *lanes;        /* RunnerLane, by lane */
  GHashTable *open_sets; /* set number -> OpenSet */
  gboolean up;
  gint64 setter;
  guint64 sets;         /* sets that raised the flag */
  guint64 released;     /* waits they released, by their word */
  guint64 miscounted;   /* sets whose word was not what the trace shows */
  guint64 left_behind;  /* waits a set skipped that a later set released */
  guint64 wakes;
  guint64 no_set;       /* wakes with no set during their wait */
  guint64 after_clear;  /* wakes once the flag was down again */
  guint64 wrong_setter; /* wakes naming another thread than the set's */
} EventFold;

static gpointer
event_fold_new (WeftTimeline   *timeline,
                gboolean        keep_all,
                WeftFoldFilter *filter)
{
  EventFold *fold = g_new0 (EventFold, 1);
  guint16 gun;

  fold->lanes = g_array_new (FALSE, FALSE, sizeof (RunnerLane));
  fold->open_sets = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  fold->has_gun = weft_timeline_find_object (timeline, "gun", &gun);
  if (fold->has_gun)
    {
      filter->span_states = 1u << WEFT_STATE_WAITING;
      filter->span_object = gun;
      filter->span_depths = ~0u;
      filter->instant_kinds = WEFT_INSTANT_BIT (WEFT_INSTANT_SET) | WEFT_INSTANT_BIT (WEFT_INSTANT_CLEAR) |
                              WEFT_INSTANT_BIT (WEFT_INSTANT_WAKE);
      filter->instant_object = gun;
    }
  return fold;
}

static void
event_fold_free (gpointer data)
{
  EventFold *fold = data;

  g_array_unref (fold->lanes);
  g_hash_table_unref (fold->open_sets);
  g_free (fold);
}

static RunnerLane *
get_lane (EventFold *fold,
          guint      lane)
{
  while (fold->lanes->len <= lane)
    {
      RunnerLane fresh = { G_MAXINT64, G_MAXINT64, -1, 0 };
      g_array_append_val (fold->lanes, fresh);
    }
  return &g_array_index (fold->lanes, RunnerLane, lane);
}

/* One wait released by set @number ended, with a wake or without. */
static void
settle_wait (EventFold *fold,
             guint64    number,
             gboolean   woke)
{
  gint64 key = number;
  OpenSet *set = g_hash_table_lookup (fold->open_sets, &key);

  if (set == NULL)
    return;
  set->woke += woke;
  if (--set->open > 0)
    return;
  if (set->woke != set->released)
    fold->miscounted++;
  g_hash_table_remove (fold->open_sets, &key);
}

/* @runner's released wait is over; @woke says how. */
static void
end_release (EventFold  *fold,
             RunnerLane *runner,
             gboolean    woke)
{
  if (runner->released_by < 0)
    return;
  settle_wait (fold, runner->set, woke);
  runner->released_by = -1;
}

static gboolean
event_fold_span (gpointer        data,
                 guint           lane,
                 const WeftSpan *span)
{
  EventFold *fold = data;
  RunnerLane *runner = get_lane (fold, lane);

  /* Its previous wait was released but ended with no wake: a stop. */
  end_release (fold, runner, FALSE);
  runner->wait_start = span->start_ns;
  runner->wait_end = span->end_ns;
  return TRUE;
}

/* A set that raised the flag releases every wait open around it. */
static void
fold_raise (EventFold               *fold,
            guint                    lane,
            const WeftInstantRecord *instant)
{
  OpenSet *set = g_new0 (OpenSet, 1);
  gint64 number = ++fold->sets;

  fold->up = TRUE;
  fold->setter = lane;
  fold->released += MAX (0, instant->value);
  set->released = instant->value;
  for (guint l = 0; l < fold->lanes->len; l++)
    {
      RunnerLane *runner = &g_array_index (fold->lanes, RunnerLane, l);

      if (runner->wait_start <= instant->time_ns && instant->time_ns < runner->wait_end)
        {
          /* Still waiting since an earlier set: that one skipped it. */
          if (runner->released_by >= 0)
            {
              fold->left_behind++;
              end_release (fold, runner, FALSE);
            }
          runner->released_by = lane;
          runner->set = number;
          set->open++;
        }
    }
  if (set->open == 0)
    {
      if (set->released != 0)
        fold->miscounted++;
      g_free (set);
    }
  else
    g_hash_table_insert (fold->open_sets, g_memdup2 (&number, sizeof number), set);
}

static void
fold_wake (EventFold               *fold,
           guint                    lane,
           const WeftInstantRecord *instant)
{
  RunnerLane *runner = get_lane (fold, lane);

  fold->wakes++;
  if (runner->released_by < 0)
    fold->no_set++;
  else if (!fold->up)
    fold->after_clear++;
  else if (instant->value != runner->released_by)
    fold->wrong_setter++;
  end_release (fold, runner, TRUE);
}

static gboolean
event_fold_instant (gpointer                 data,
                    guint                    lane,
                    const WeftInstantRecord *instant)
{
  EventFold *fold = data;

  switch (instant->instant)
    {
    case WEFT_INSTANT_SET:
      if (!fold->up)
        fold_raise (fold, lane, instant);
      else if (instant->value != 0)
        fold->miscounted++;   /* a set of a raised flag releases nobody */
      break;
    case WEFT_INSTANT_CLEAR:
      fold->up = FALSE;
      break;
    case WEFT_INSTANT_WAKE:
      fold_wake (fold, lane, instant);
      break;
    default:
      break;
    }
  return TRUE;
}

static void
report_wakes (EventFold  *fold,
              WeftChecks *checks)
{
  g_autofree char *n_wakes = weft_format_count (fold->wakes);

  if (fold->wakes == 0)
    weft_checks_add_pending (checks, "wake-on-set", _("no runner has left a wait on gun yet"));
  else if (fold->no_set + fold->after_clear + fold->wrong_setter == 0)
    weft_checks_add (checks, "wake-on-set", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s wait on gun ended while the flag was set, released by its set()",
                                  "%s waits on gun each ended while the flag was set, released by its set()",
                                  fold->wakes),
                     n_wakes);
  else
    weft_checks_add (checks, "wake-on-set", FALSE, FALSE,
                     _("of %s waits on gun, %u ended with no set() during them, %u after clear(), "
                       "%u naming the wrong setter"),
                     n_wakes, (guint) fold->no_set, (guint) fold->after_clear, (guint) fold->wrong_setter);
}

static void
report_sets (EventFold  *fold,
             gboolean    complete,
             WeftChecks *checks)
{
  g_autofree char *n_sets = weft_format_count (fold->sets);
  g_autofree char *n_released = weft_format_count (fold->released);
  guint64 miscounted = fold->miscounted;
  GHashTableIter iter;
  OpenSet *set;

  /* Once the whole trace is in, a released wait with no wake never got
   * one: a set still open has its last word. */
  if (complete)
    {
      g_hash_table_iter_init (&iter, fold->open_sets);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &set))
        if (set->woke != set->released)
          miscounted++;
    }

  if (fold->sets == 0)
    weft_checks_add_pending (checks, "set-releases-all", _("the starter has not fired yet"));
  else if (miscounted + fold->left_behind == 0)
    weft_checks_add (checks, "set-releases-all", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s set() released every runner waiting on gun (%s in all)",
                                  "%s set() calls each released every runner waiting on gun (%s in all)",
                                  fold->sets),
                     n_sets, n_released);
  else
    weft_checks_add (checks, "set-releases-all", FALSE, FALSE,
                     _("of %s set() calls, %u released another number of runners than were waiting; "
                       "%u runners were left waiting"),
                     n_sets, (guint) miscounted, (guint) fold->left_behind);
}

static void
event_report (gpointer      data,
              WeftTimeline *timeline,
              gboolean      complete,
              WeftChecks   *checks)
{
  EventFold *fold = data;

  if (!fold->has_gun)
    {
      weft_checker_report_missing (checks, "wake-on-set", "gun");
      return;
    }
  report_wakes (fold, checks);
  report_sets (fold, complete, checks);
}

static gsize
event_fold_get_memory (gpointer data)
{
  EventFold *fold = data;

  return sizeof *fold + weft_array_get_memory (fold->lanes) +
         g_hash_table_size (fold->open_sets) * (sizeof (OpenSet) + 4 * sizeof (gpointer));
}

static const WeftCheckFuncs event_checks = {
  .fold_new = event_fold_new,
  .fold_free = event_fold_free,
  .fold_span = event_fold_span,
  .fold_instant = event_fold_instant,
  .report = event_report,
  .get_memory = event_fold_get_memory,
};

const WeftPattern weft_pattern_event = {
  .name = "event",
  .title = N_("Event: the starting gun"),
  .summary = N_("One set() releases every thread waiting on an Event"),
  .explanation = N_("Runners crouch at the line, each waiting for the starting gun; the starter counts "
                    "down and fires, and one shot sends every waiting runner off at once. The gun is an "
                    "Event: wait() blocks while its flag is down, set() raises it and wakes every waiter, "
                    "clear() lowers it again. The starter may lower the flag for the next race only once "
                    "every runner has left the line, so the runners tell it under a lock; later, the "
                    "starter calls them back to the line the same way."),
  .icon_name = "weft-event-symbolic",
  .code = event_code,
  .params = (const WeftParamSpec[]) {
    WEFT_PARAM_SPEC_THREADS (2, 64, 5),
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_SET) | WEFT_INSTANT_BIT (WEFT_INSTANT_CLEAR) |
           WEFT_INSTANT_BIT (WEFT_INSTANT_WAKE),
  .setup = event_setup,
  .free_state = event_free,
  .role_of = event_role_of,
  .roles = roles,
  .work = event_work,
  .checks = &event_checks,
};
