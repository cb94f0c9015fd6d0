/* weft-pattern-timer.c: main sets kitchen timers and cancels some
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread, main, plays what a Python program with threading.Timer
 * would:
 *
 *   timers = [Timer(delay(n), ring) for n in 1..K]
 *   for t in timers: t.start()          # SCHEDULE; timer-n's lane starts
 *   for t in chosen: t.cancel()         # CANCEL, in time: it never rings
 *   for t in timers: t.join()
 *   timers[0].cancel()                  # CANCEL, too late: it has rung
 *
 * Each timer is a thread of its own (weft-timer.h) that waits its delay
 * on the run's clock, then records FIRE and rings (a short `working`
 * span).  Timer n's delay is drawn from the shortest..longest range by
 * the run's seed and n alone, times the pace, so the checks work every
 * delay out again from the parameters the trace carries (the exports
 * write the seed and every parameter) rather than trusting a number the
 * threads wrote down.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "weft-checker.h"
#include "weft-patterns-private.h"
#include "weft-timer.h"

enum { ROLE_MAIN, ROLE_TIMER };

#define MAX_TIMERS 16

/* The timeline's pause edges are stamped by the thread that pauses a
 * moment before the run's own (weft_session_set_paused()), so a pause
 * can look up to that moment longer in the trace than the run's clock
 * counted it.  Only time spent in pauses is given this slack; with no
 * pause between SCHEDULE and FIRE the check is exact, as both are on
 * the stamps' clock, which the run's clock counts on too. */
#define PAUSE_SLACK_NS (5 * WEFT_NSEC_PER_MSEC)

static const WeftRole roles[] = {
  [ROLE_MAIN] = { NC_("thread role", "main"), "main", FALSE, WEFT_ROLE_MAIN },
  [ROLE_TIMER] = { NC_("thread role", "timer"), "timer", TRUE, 0 },
  { NULL },
};

typedef struct
{
  guint n_timers;
  WeftTimer *timers[MAX_TIMERS];
} TimerState;

static guint
timer_count_workers (const WeftParams *params)
{
  return 1;
}

static guint64
mix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return x ^ (x >> 31);
}

/* Timer @number's delay on the run's clock, from the parameters alone:
 * main starts the timer with it and the check recomputes it, bit for
 * bit, from the same values. */
static gint64
timer_delay_ns (const WeftParams *params,
                guint             number)
{
  double shortest = weft_params_get (params, "shortest", 0);
  double longest = weft_params_get (params, "longest", 0);
  double pace = weft_params_get (params, "pace", 0);
  double lo = shortest;
  double hi = longest;
  double fraction = (mix64 (params->seed ^ mix64 (number)) >> 11) * (1.0 / 9007199254740992.0);

  return (gint64) ((lo + fraction * (hi - lo)) * pace * WEFT_NSEC_PER_SEC);
}

/* Main keeps one timer to cancel too late, and a range runs low to high. */
static gboolean
timer_check_params (const WeftParams  *params,
                    GError           **error)
{
  guint n = (guint) weft_params_get (params, "timers", 1);
  guint n_cancel = (guint) weft_params_get (params, "cancel", 0);
  double shortest = weft_params_get (params, "shortest", 0);
  double longest = weft_params_get (params, "longest", 0);

  if (n_cancel > n - 1)
    {
      g_set_error (error, WEFT_PARAMS_ERROR, WEFT_PARAMS_ERROR_OUT_OF_RANGE,
                   _("--cancel must be at most one less than --timers (%u), not %u"), n - 1, n_cancel);
      return FALSE;
    }
  if (shortest > longest)
    {
      g_set_error (error, WEFT_PARAMS_ERROR, WEFT_PARAMS_ERROR_OUT_OF_RANGE,
                   _("--shortest (%g s) must not be longer than --longest (%g s)"), shortest, longest);
      return FALSE;
    }
  return TRUE;
}

static gpointer
timer_setup (WeftRun *run)
{
  TimerState *state = g_new0 (TimerState, 1);

  state->n_timers = CLAMP ((guint) weft_params_get (weft_run_get_params (run), "timers", 1), 1, MAX_TIMERS);
  /* Here, before the run starts: stop must reach every timer. */
  for (guint i = 0; i < state->n_timers; i++)
    state->timers[i] = weft_timer_new (run, ROLE_TIMER);
  return state;
}

static void
timer_free (gpointer data)
{
  TimerState *state = data;

  for (guint i = 0; i < state->n_timers; i++)
    weft_timer_free (state->timers[i]);
  g_free (state);
}

/* What main and the timers do, as Python would say it; the lines their
 * events carry count in it. */
static const char timer_code[] =
  "def ring():\n"
  "    work()\n"
  "\n"
  "timers = [threading.Timer(delay(n), ring) for n in range(1, n_timers + 1)]\n"
  "chosen = random.sample(timers[1:], n_cancel)\n"
  "for t in timers:\n"
  "    work()\n"
  "    t.start()\n"
  "if chosen:\n"
  "    work()\n"
  "    for t in chosen:\n"
  "        t.cancel()\n"
  "for t in timers:\n"
  "    t.join()\n"
  "timers[0].cancel()\n";

enum
{
  LINE_RING = 2, LINE_WIND = 7, LINE_START = 8, LINE_CHANGE_MIND = 10, LINE_CANCEL = 12, LINE_JOIN = 14,
  LINE_CANCEL_LATE = 15
};

/* What a timer runs once its delay has passed: the kitchen timer rings. */
static void
timer_ring (WeftWorker *worker,
            gpointer    data)
{
  weft_worker_at (worker, LINE_RING);
  weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 200, 500, worker->number, 0);
}

/* Which timers main cancels in time: @n_cancel of timer-2..timer-K, at
 * random.  Timer-1 always rings, so there is one to cancel too late. */
static void
choose_cancelled (WeftWorker *worker,
                  guint       n_timers,
                  guint       n_cancel,
                  gboolean   *cancel)
{
  guint order[MAX_TIMERS];

  for (guint i = 0; i < n_timers; i++)
    order[i] = i;
  /* A partial Fisher-Yates shuffle of 1..K-1. */
  for (guint i = 0; i < n_cancel; i++)
    {
      guint j = 1 + i + weft_worker_random (worker) % (n_timers - 1 - i);
      guint swap = order[1 + i];

      order[1 + i] = order[j];
      order[j] = swap;
      cancel[order[1 + i]] = TRUE;
    }
}

static void
timer_work (WeftWorker *worker,
            gpointer    data)
{
  TimerState *state = data;
  const WeftParams *params = weft_run_get_params (worker->run);
  guint n = state->n_timers;
  guint n_cancel = (guint) weft_params_get (params, "cancel", 0);
  gboolean cancel[MAX_TIMERS] = { FALSE };

  choose_cancelled (worker, n, n_cancel, cancel);

  /* Winding each timer takes main a moment, so the lanes start apart.
   * With the default five, main is done winding and changing its mind
   * in under 0.7 s times the pace, before the shortest delay. */
  for (guint i = 0; i < n; i++)
    {
      weft_worker_at (worker, LINE_WIND);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 50, 100, 0, 0))
        return;
      weft_worker_at (worker, LINE_START);
      if (!weft_timer_start (state->timers[i], worker, i + 1, timer_delay_ns (params, i + 1),
                             timer_ring, state, NULL))
        return;
    }

  /* Main changes its mind about some of them. */
  if (n_cancel > 0)
    {
      weft_worker_at (worker, LINE_CHANGE_MIND);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 200, 0, 0))
        return;
      weft_worker_at (worker, LINE_CANCEL);
      for (guint i = 0; i < n; i++)
        if (cancel[i])
          weft_timer_cancel (state->timers[i], worker);
    }

  weft_worker_at (worker, LINE_JOIN);
  for (guint i = 0; i < n; i++)
    if (!weft_worker_join (worker, weft_timer_get_thread (state->timers[i])))
      return;

  /* Too late: timer-1 has rung, and cancel() does nothing now. */
  weft_worker_at (worker, LINE_CANCEL_LATE);
  weft_timer_cancel (state->timers[0], worker);
}

/* The checks gather a few facts per timer and per lane, whatever the
 * order they come in, and judge them in report(): a run has at most
 * MAX_TIMERS timers and as many lanes again. */
typedef struct
{
  gint64 scheduled_ns;
  gint64 fired_ns;
  gint64 late_cancel_ns;    /* the first cancel marked too late */
  guint n_scheduled;
  guint n_fired;
  guint n_cancelled;        /* cancels in time */
  guint n_late;             /* cancels marked too late */
} TimerFacts;

typedef struct
{
  gint64 start_ns;
  gint64 first_ns;          /* its earliest event other than START */
  guint n_starts;
  gboolean seen;
} LaneFacts;

typedef struct
{
  WeftParams params;
  GArray *timers;           /* TimerFacts, for timer 1, 2, ... */
  GArray *lanes;            /* LaneFacts, by lane */
} TimerFold;

static gpointer
timer_fold_new (WeftTimeline   *timeline,
                gboolean        keep_all,
                WeftFoldFilter *filter)
{
  TimerFold *fold = g_new0 (TimerFold, 1);

  fold->params = *weft_timeline_get_params (timeline);
  fold->timers = g_array_new (FALSE, TRUE, sizeof (TimerFacts));
  fold->lanes = g_array_new (FALSE, TRUE, sizeof (LaneFacts));
  filter->instant_kinds = WEFT_INSTANT_BIT (WEFT_INSTANT_SCHEDULE) | WEFT_INSTANT_BIT (WEFT_INSTANT_FIRE) |
                          WEFT_INSTANT_BIT (WEFT_INSTANT_CANCEL) | WEFT_INSTANT_BIT (WEFT_INSTANT_START) |
                          WEFT_INSTANT_BIT (WEFT_INSTANT_END);
  /* A timer's instants are on no object. */
  filter->any_instant_object = TRUE;
  /* Every span, only to know when each lane's first event was. */
  filter->span_states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL);
  filter->span_depths = (1u << WEFT_TIMELINE_MAX_DEPTH) - 1;
  /* Counts, earliest times and latest times: any order gives the same. */
  filter->any_order = TRUE;
  return fold;
}

static void
timer_fold_free (gpointer data)
{
  TimerFold *fold = data;

  g_array_unref (fold->timers);
  g_array_unref (fold->lanes);
  g_free (fold);
}

static LaneFacts *
lane_facts (TimerFold *fold,
            guint      lane)
{
  LaneFacts *facts;

  if (lane >= fold->lanes->len)
    g_array_set_size (fold->lanes, lane + 1);
  facts = &g_array_index (fold->lanes, LaneFacts, lane);
  if (!facts->seen)
    {
      facts->seen = TRUE;
      facts->first_ns = G_MAXINT64;
    }
  return facts;
}

/* (nullable): the facts of timer @number, if it can be one (a cancel
 * before its timer started names none). */
static TimerFacts *
timer_facts (TimerFold *fold,
             gint64     number)
{
  if (number < 1 || number > WEFT_RECORDER_MAX_LANES)
    return NULL;
  if ((guint) number > fold->timers->len)
    g_array_set_size (fold->timers, number);
  return &g_array_index (fold->timers, TimerFacts, number - 1);
}

static gboolean
timer_fold_span (gpointer        data,
                 guint           lane,
                 const WeftSpan *span)
{
  LaneFacts *facts = lane_facts (data, lane);

  facts->first_ns = MIN (facts->first_ns, span->start_ns);
  return TRUE;
}

static gboolean
timer_fold_instant (gpointer                 data,
                    guint                    lane,
                    const WeftInstantRecord *instant)
{
  TimerFold *fold = data;
  LaneFacts *lane_seen = lane_facts (fold, lane);
  TimerFacts *timer;

  if (instant->instant == WEFT_INSTANT_START)
    {
      lane_seen->start_ns = lane_seen->n_starts == 0 ? instant->time_ns : MIN (lane_seen->start_ns, instant->time_ns);
      lane_seen->n_starts++;
      return TRUE;
    }
  lane_seen->first_ns = MIN (lane_seen->first_ns, instant->time_ns);
  if (instant->instant == WEFT_INSTANT_END || (timer = timer_facts (fold, instant->value)) == NULL)
    return TRUE;

  switch (instant->instant)
    {
    case WEFT_INSTANT_SCHEDULE:
      timer->scheduled_ns = timer->n_scheduled++ == 0 ? instant->time_ns : MIN (timer->scheduled_ns, instant->time_ns);
      break;
    case WEFT_INSTANT_FIRE:
      timer->fired_ns = timer->n_fired++ == 0 ? instant->time_ns : MIN (timer->fired_ns, instant->time_ns);
      break;
    case WEFT_INSTANT_CANCEL:
      if (instant->arg & WEFT_TIMER_CANCEL_LATE)
        timer->late_cancel_ns = timer->n_late++ == 0 ? instant->time_ns : MIN (timer->late_cancel_ns, instant->time_ns);
      else
        timer->n_cancelled++;
      break;
    default:
      break;
    }
  return TRUE;
}

static double
seconds (gint64 ns)
{
  return ns / (double) WEFT_NSEC_PER_SEC;
}

/* How many of the timeline's pauses overlap (@from_ns, @to_ns). */
static guint
count_pauses_between (GArray *pauses,
                      gint64  from_ns,
                      gint64  to_ns)
{
  guint n = 0;

  for (guint i = 0; i < pauses->len; i++)
    {
      const WeftPause *pause = &g_array_index (pauses, WeftPause, i);

      if (pause->from_ns < to_ns && (pause->to_ns == 0 || pause->to_ns > from_ns))
        n++;
    }
  return n;
}

/* Each timer that fired did so no sooner than its delay after SCHEDULE,
 * on the run's clock: time spent paused in between does not count. */
static void
report_delays (TimerFold    *fold,
               WeftTimeline *timeline,
               WeftChecks   *checks)
{
  g_autoptr(GArray) pauses = weft_timeline_dup_pauses (timeline);
  guint n_fired = 0, n_early = 0, n_twice = 0, n_unscheduled = 0;
  guint first_bad = 0;
  gint64 first_waited = 0, first_delay = 0;

  for (guint i = 0; i < fold->timers->len; i++)
    {
      const TimerFacts *timer = &g_array_index (fold->timers, TimerFacts, i);
      gint64 delay, waited, slack;

      if (timer->n_fired == 0)
        continue;
      n_fired++;
      if (timer->n_fired > 1)
        {
          n_twice++;
          continue;
        }
      if (timer->n_scheduled == 0 || timer->scheduled_ns > timer->fired_ns)
        {
          n_unscheduled++;
          continue;
        }
      delay = timer_delay_ns (&fold->params, i + 1);
      waited = timer->fired_ns - timer->scheduled_ns -
               (weft_timeline_get_paused_ns (timeline, timer->fired_ns) -
                weft_timeline_get_paused_ns (timeline, timer->scheduled_ns));
      slack = PAUSE_SLACK_NS * count_pauses_between (pauses, timer->scheduled_ns, timer->fired_ns);
      if (waited < delay - slack && n_early++ == 0)
        {
          first_bad = i + 1;
          first_waited = waited;
          first_delay = delay;
        }
    }

  if (n_fired == 0)
    weft_checks_add_pending (checks, "delay", _("no timer has fired yet"));
  else if (n_twice > 0)
    weft_checks_add (checks, "delay", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE, "%u timer fired more than once",
                                  "%u timers fired more than once", n_twice), n_twice);
  else if (n_unscheduled > 0)
    weft_checks_add (checks, "delay", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE, "%u timer fired without being scheduled first",
                                  "%u timers fired without being scheduled first", n_unscheduled),
                     n_unscheduled);
  else if (n_early > 0)
    weft_checks_add (checks, "delay", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u timer fired before its delay: timer-%u after %.3f s of %.3f s",
                                  "%u timers fired before their delays: timer-%u after %.3f s of %.3f s", n_early),
                     n_early, first_bad, seconds (first_waited), seconds (first_delay));
  else if (n_fired == 1)
    weft_checks_add (checks, "delay", TRUE, FALSE, "%s", _("the timer that fired waited at least its delay"));
  else
    weft_checks_add (checks, "delay", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE, "each of the %u timer that fired waited at least its delay",
                                  "each of the %u timers that fired waited at least its delay", n_fired),
                     n_fired);
}

/* A cancel in time means the timer never fires; a cancel marked too
 * late comes after its timer fired. */
static void
report_cancels (TimerFold  *fold,
                WeftChecks *checks)
{
  guint n_in_time = 0, n_late = 0, n_fired_anyway = 0, n_not_late = 0;
  guint first_bad = 0;

  for (guint i = 0; i < fold->timers->len; i++)
    {
      const TimerFacts *timer = &g_array_index (fold->timers, TimerFacts, i);

      if (timer->n_cancelled > 0)
        {
          n_in_time++;
          if (timer->n_fired > 0 && n_fired_anyway++ == 0)
            first_bad = i + 1;
        }
      if (timer->n_late > 0)
        {
          n_late++;
          if (timer->n_fired == 0 || timer->fired_ns > timer->late_cancel_ns)
            n_not_late++;
        }
    }

  if (n_fired_anyway > 0)
    weft_checks_add (checks, "cancel", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE, "%u timer cancelled in time fired all the same (timer-%u)",
                                  "%u timers cancelled in time fired all the same (first: timer-%u)",
                                  n_fired_anyway),
                     n_fired_anyway, first_bad);
  else if (n_not_late > 0)
    weft_checks_add (checks, "cancel", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE, "%u cancel marked too late came before its timer fired",
                                  "%u cancels marked too late came before their timers fired", n_not_late),
                     n_not_late);
  else if (n_in_time == 0)
    weft_checks_add_pending (checks, "cancel", _("no timer has been cancelled in time yet (%u cancelled too late)"),
                             n_late);
  else
    weft_checks_add (checks, "cancel", TRUE, FALSE,
                     _("cancelled in time: %u, and none of them fired; cancelled too late: %u, after firing"),
                     n_in_time, n_late);
}

/* Each timer's lane starts with its thread: START is its first event,
 * and it comes after main scheduled that timer, not when the run did. */
static void
report_lanes (TimerFold    *fold,
              WeftTimeline *timeline,
              WeftChecks   *checks)
{
  guint n_timers = 0, n_before_schedule = 0, n_before_start = 0;
  guint first_before_schedule = 0, first_before_start = 0;

  for (guint lane = 0; lane < fold->lanes->len && lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      const LaneFacts *facts = &g_array_index (fold->lanes, LaneFacts, lane);
      const char *name = weft_timeline_get_lane_name (timeline, lane);
      const TimerFacts *timer = NULL;
      guint number;
      char end;

      if (!facts->seen || name == NULL || sscanf (name, "timer-%u%c", &number, &end) != 1)
        continue;
      n_timers++;
      if (number >= 1 && number <= fold->timers->len)
        timer = &g_array_index (fold->timers, TimerFacts, number - 1);
      if (facts->n_starts != 1 || facts->first_ns < facts->start_ns)
        {
          if (n_before_start++ == 0)
            first_before_start = number;
        }
      else if (timer == NULL || timer->n_scheduled == 0 || timer->scheduled_ns > facts->start_ns)
        {
          if (n_before_schedule++ == 0)
            first_before_schedule = number;
        }
    }

  if (n_timers == 0)
    weft_checks_add_pending (checks, "lanes", _("no timer's thread has started yet"));
  else if (n_before_start > 0)
    weft_checks_add (checks, "lanes", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u timer's lane does not begin with its thread's start (timer-%u)",
                                  "%u timers' lanes do not begin with their threads' start (first: timer-%u)",
                                  n_before_start),
                     n_before_start, first_before_start);
  else if (n_before_schedule > 0)
    weft_checks_add (checks, "lanes", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u timer's thread started before main scheduled it (timer-%u)",
                                  "%u timers' threads started before main scheduled them (first: timer-%u)",
                                  n_before_schedule),
                     n_before_schedule, first_before_schedule);
  else if (n_timers == 1)
    weft_checks_add (checks, "lanes", TRUE, FALSE, "%s",
                     _("the timer's lane began when its thread started, after main scheduled it"));
  else
    weft_checks_add (checks, "lanes", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "each of the %u timer's lanes began when its thread started, after main scheduled it",
                                  "each of the %u timers' lanes began when its thread started, after main scheduled it",
                                  n_timers),
                     n_timers);
}

static void
timer_report (gpointer      data,
              WeftTimeline *timeline,
              gboolean      complete,
              WeftChecks   *checks)
{
  TimerFold *fold = data;

  report_delays (fold, timeline, checks);
  report_cancels (fold, checks);
  report_lanes (fold, timeline, checks);
}

static gsize
timer_fold_get_memory (gpointer data)
{
  TimerFold *fold = data;

  return sizeof *fold + weft_array_get_memory (fold->timers) + weft_array_get_memory (fold->lanes);
}

static const WeftCheckFuncs timer_checks = {
  .fold_new = timer_fold_new,
  .fold_free = timer_fold_free,
  .fold_span = timer_fold_span,
  .fold_instant = timer_fold_instant,
  .report = timer_report,
  .get_memory = timer_fold_get_memory,
};

const WeftPattern weft_pattern_timer = {
  .name = "timer",
  .title = N_("Timers"),
  .summary = N_("Threads that wait a delay, then run, unless cancelled"),
  .explanation = N_("Main sets a few kitchen timers, each for its own number of seconds, and each ticks "
                    "away on a thread of its own while main gets on with things. When its time is up a "
                    "timer rings. Main changes its mind about some of them and cancels them before they "
                    "ring, and they never do; cancelling one that has already rung comes too late and "
                    "does nothing."),
  .icon_name = "weft-timer-symbolic",
  .code = timer_code,
  .params = (const WeftParamSpec[]) {
    { "timers", WEFT_PARAM_INTEGER, N_("Timers"), N_("How many timers main starts"), 1, MAX_TIMERS, 5, NULL },
    { "cancel", WEFT_PARAM_INTEGER, N_("Cancelled"),
      N_("How many timers main cancels before they ring (at most all but one)"), 0, MAX_TIMERS - 1, 2, NULL },
    { "shortest", WEFT_PARAM_DURATION, N_("Shortest delay"),
      N_("The least a timer waits before it rings, at pace 1"), 0.1, 10, 1, NULL },
    { "longest", WEFT_PARAM_DURATION, N_("Longest delay"),
      N_("The most a timer waits before it rings, at pace 1"), 0.1, 10, 4, NULL },
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_SCHEDULE) | WEFT_INSTANT_BIT (WEFT_INSTANT_FIRE) |
           WEFT_INSTANT_BIT (WEFT_INSTANT_CANCEL) | WEFT_INSTANT_BIT (WEFT_INSTANT_JOIN),
  .check_params = timer_check_params,
  .count_workers = timer_count_workers,
  .setup = timer_setup,
  .free_state = timer_free,
  .roles = roles,
  .work = timer_work,
  .checks = &timer_checks,
};
