/* weft-pattern-broken-barrier.c: hikers who give up waiting at a barrier
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The barrier pattern with Python's Barrier as it is used when things go
 * wrong.  Each wait has a timeout; at some stages one hiker gets lost.
 * In the `timeout` variant it wanders past the others' timeout, the
 * first waiter to give up breaks the barrier, and every waiter, and the
 * lost one when it turns up, gets BrokenBarrierError.  In the `abort`
 * variant the lost hiker calls abort() instead.  Either way the hikers
 * then regroup at the trailhead (a second barrier, without a timeout),
 * and the last one back resets the first, so the stages go on: as in
 *
 *     try:
 *         barrier.wait(timeout)
 *     except BrokenBarrierError:
 *         with lock:
 *             back += 1
 *             last = back == n
 *             if last:
 *                 back = 0
 *         if last:
 *             barrier.reset()
 *         trailhead.wait()
 *
 * The last one back resets only once every hiker has left the broken
 * stage, so nobody meets the barrier still broken, or the fresh one in
 * the wrong stage.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdatomic.h>

#include "weft-barrier.h"
#include "weft-checker.h"
#include "weft-patterns-private.h"

enum
{
  VARIANT_TIMEOUT,
  VARIANT_ABORT,
};

/* The span argument (1-based into the pattern's steps) of a lost walk. */
#define STEP_LOST 1

typedef struct
{
  WeftRun *run;
  WeftBarrier barrier;
  WeftBarrier trailhead;
  guint hikers;
  gint64 timeout_ns;
  double lost_chance;
  gboolean abort_variant;
  /* Hikers back from the stage in hand that broke.  Only atomicity is
   * needed: the last one back stores 0 before it reaches the trailhead,
   * whose lock orders that store before anyone's next increment. */
  _Atomic guint back;

  /* Where a lost hiker wanders, on the run's clock, until the stop. */
  pthread_mutex_t wander_lock;
  pthread_cond_t wander_cond;
  gboolean stopped;         /* under wander_lock */
} HikeState;

static const WeftRole roles[] = {
  { NC_("thread role", "hiker"), "hiker", TRUE },
  { NULL },
};

/* Not translated: the JSON names a span's step with it. */
static const char * const steps[] = { "lost", NULL };

static void
hike_stop (gpointer data)
{
  HikeState *state = data;

  pthread_mutex_lock (&state->wander_lock);
  state->stopped = TRUE;
  pthread_cond_broadcast (&state->wander_cond);
  pthread_mutex_unlock (&state->wander_lock);
}

static gpointer
hike_setup (WeftRun *run)
{
  const WeftParams *params = weft_run_get_params (run);
  HikeState *state = g_new0 (HikeState, 1);

  state->run = run;
  state->hikers = (guint) weft_params_get (params, "threads", 2);
  state->timeout_ns = (gint64) (weft_params_get (params, "timeout", 1) * WEFT_NSEC_PER_SEC);
  state->lost_chance = weft_params_get (params, "lost", 0);
  state->abort_variant = params->variant == VARIANT_ABORT;
  atomic_init (&state->back, 0);
  weft_barrier_init (&state->barrier, run, "barrier", state->hikers);
  weft_barrier_init (&state->trailhead, run, "trailhead", state->hikers);
  pthread_mutex_init (&state->wander_lock, NULL);
  weft_run_cond_init (&state->wander_cond);
  weft_run_add_abort (run, hike_stop, state);
  return state;
}

static void
hike_free (gpointer data)
{
  HikeState *state = data;

  weft_barrier_clear (&state->barrier);
  weft_barrier_clear (&state->trailhead);
  pthread_cond_destroy (&state->wander_cond);
  pthread_mutex_destroy (&state->wander_lock);
  g_free (state);
}

static guint64
mix (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return x ^ (x >> 31);
}

/* Which hiker (1-based) gets lost at @stage, or 0 for none.  Every hiker
 * draws the same from the run's seed, so at most one is lost at a time
 * and a seeded run loses the same ones. */
static guint
lost_hiker (HikeState  *state,
            WeftWorker *worker,
            gint64      stage)
{
  guint64 draw = mix (weft_run_get_seed (worker->run) ^ mix ((guint64) stage));
  double fraction = (draw >> 11) * (1.0 / 9007199254740992.0);

  if (fraction >= state->lost_chance)
    return 0;
  return 1 + (guint) (mix (draw) % state->hikers);
}

/* What each hiker does, as Python would say it; the lines its events
 * carry count in it.  `back` is an atomic counter here, which Python
 * guards with a lock. */
static const char hike_code[] =
  "barrier = threading.Barrier(hikers, timeout=timeout)\n"
  "trailhead = threading.Barrier(hikers)\n"
  "lock = threading.Lock()\n"
  "back = 0\n"
  "\n"
  "def regroup():\n"
  "    global back\n"
  "    with lock:\n"
  "        back += 1\n"
  "        last = back == hikers\n"
  "        if last:\n"
  "            back = 0\n"
  "    if last:\n"
  "        barrier.reset()\n"
  "    trailhead.wait()\n"
  "\n"
  "def hiker(number):\n"
  "    for stage in itertools.count(1):\n"
  "        walk()\n"
  "        if lost(stage) == number:\n"
  "            if variant == \"abort\":\n"
  "                wander()\n"
  "                barrier.abort()\n"
  "                regroup()\n"
  "                continue\n"
  "            wander(timeout + longest_walk + extra)\n"
  "        try:\n"
  "            barrier.wait()\n"
  "        except threading.BrokenBarrierError:\n"
  "            regroup()\n";

enum
{
  LINE_RESET = 14, LINE_TRAILHEAD = 15, LINE_WALK = 19, LINE_WANDER_ABORT = 22, LINE_ABORT = 23,
  LINE_WANDER = 26, LINE_WAIT = 28
};

/* Wanders on the run's clock until @until_ns, so that a pause does not
 * make a timeout pass, whatever the pace.  FALSE when the run stops. */
static gboolean
wander_until (HikeState *state,
              gint64     until_ns)
{
  gboolean stopped;

  pthread_mutex_lock (&state->wander_lock);
  while (!state->stopped && !weft_run_cond_wait_until (state->run, &state->wander_cond, &state->wander_lock, until_ns))
    ;
  stopped = state->stopped;
  pthread_mutex_unlock (&state->wander_lock);

  return !stopped;
}

/* The lost hiker's stage: in the `timeout` variant it turns up after
 * the others have given up (their timeout plus the longest walk, and a
 * little more), and meets the barrier broken; in the `abort` variant it
 * soon calls abort() and turns back.  TRUE when it is then back at the
 * trailhead's side, FALSE when the run stops; *result says how its wait
 * ended, for the `timeout` variant. */
static gboolean
get_lost (HikeState         *state,
          WeftWorker        *worker,
          gint64             stage,
          WeftBarrierResult *result)
{
  if (state->abort_variant)
    {
      weft_worker_at (worker, LINE_WANDER_ABORT);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 300, stage, STEP_LOST))
        return FALSE;
      weft_worker_at (worker, LINE_ABORT);
      weft_barrier_abort (&state->barrier, worker);
      *result = WEFT_BARRIER_BROKEN;
      return TRUE;
    }
  else
    {
      gint64 longest_walk = (gint64) (500 * WEFT_NSEC_PER_MSEC * worker->pace);
      /* A tenth to three tenths of the timeout later still: the others'
       * timeouts, not the pace, set how long a lost hiker is away. */
      gint64 extra = state->timeout_ns / 10 + (gint64) (weft_worker_random (worker) % 1000) * state->timeout_ns / 5000;
      gboolean go_on;

      weft_worker_at (worker, LINE_WANDER);
      weft_worker_begin (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, stage, STEP_LOST);
      go_on = wander_until (state, weft_run_now_ns (state->run) + state->timeout_ns + longest_walk + extra);
      weft_worker_end (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE);
      if (!go_on)
        return FALSE;
      weft_worker_at (worker, LINE_WAIT);
      *result = weft_barrier_wait (&state->barrier, worker, stage,
                                   weft_run_now_ns (state->run) + state->timeout_ns);
      return *result != WEFT_BARRIER_STOPPED;
    }
}

/* After a break: the last hiker back resets the barrier, then all meet
 * at the trailhead.  FALSE when the run stops. */
static gboolean
regroup (HikeState  *state,
         WeftWorker *worker,
         gint64      stage)
{
  if (atomic_fetch_add_explicit (&state->back, 1, memory_order_relaxed) + 1 == state->hikers)
    {
      atomic_store_explicit (&state->back, 0, memory_order_relaxed);
      weft_worker_at (worker, LINE_RESET);
      weft_barrier_reset (&state->barrier, worker);
    }
  weft_worker_at (worker, LINE_TRAILHEAD);
  return weft_barrier_wait (&state->trailhead, worker, stage, -1) == WEFT_BARRIER_PASSED;
}

/* The trailhead is empty until the first break, which may be long in
 * coming: its counter lane says so from the start.  Stamped under the
 * barrier's lock and only while nobody has arrived, so no arrival's
 * count can be stamped before it. */
static void
show_trailhead_empty (HikeState  *state,
                      WeftWorker *worker)
{
  pthread_mutex_lock (&state->trailhead.lock);
  if (state->trailhead.arrived == 0)
    weft_worker_counter (worker, state->trailhead.object, 0);
  pthread_mutex_unlock (&state->trailhead.lock);
}

static void
hike_work (WeftWorker *worker,
           gpointer    data)
{
  HikeState *state = data;

  weft_worker_at (worker, LINE_WALK);
  if (worker->number == 1)
    show_trailhead_empty (state, worker);
  for (gint64 stage = 1;; stage++)
    {
      WeftBarrierResult result;

      weft_worker_at (worker, LINE_WALK);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 500, stage, 0))
        break;
      if (lost_hiker (state, worker, stage) == worker->number)
        {
          if (!get_lost (state, worker, stage, &result))
            break;
        }
      else
        {
          weft_worker_at (worker, LINE_WAIT);
          result = weft_barrier_wait (&state->barrier, worker, stage, weft_run_now_ns (state->run) + state->timeout_ns);
        }

      /* The stop is no break: it ends the walk, and nobody regroups. */
      if (result == WEFT_BARRIER_STOPPED)
        break;
      if (result == WEFT_BARRIER_BROKEN && !regroup (state, worker, stage))
        break;
    }
}

/* ---- checks ---- */

typedef struct
{
  gint64 last_arrival;
  gint64 first_departure;
  guint arrivals;
  guint departures;
  guint brokens;
  guint causes;             /* timeouts and aborts that broke it */
  gboolean reset;
} Phase;

typedef enum
{
  NORMAL_EARLY = 1,         /* a hiker left before all had arrived */
  NORMAL_SHORT,             /* not every hiker left */
  BROKEN_PASSED,            /* a hiker passed a broken phase */
  BROKEN_UNTOLD,            /* an arrival did not leave with broken */
  RESET_EARLY,              /* a phase began before the broken one was reset */
  RESET_CAUSELESS,          /* a phase broke with nothing to break it */
} Fault;

/* The first phase a check found at fault, and how many. */
typedef struct
{
  guint64 count;
  gint64 phase;
  Fault fault;
} Faults;

/* Verdicts over phases that are settled and forgotten, and what is
 * counted on phases in progress at each report. */
typedef struct
{
  guint64 passed;
  guint64 broken;
  Faults normal_faults;
  Faults broken_faults;
} Tally;

typedef struct
{
  gboolean has_barrier;
  gboolean keep_all;
  guint hikers;
  gint64 base;              /* the phase window[0] holds, from 1 */
  GArray *window;           /* Phase, for phases base, base + 1, ... */
  Tally settled;
  Faults reset_faults;
  guint64 resets_followed;  /* resets after which a phase began */
  gint64 last_reset;        /* the phase the last reset ended, or 0 */
} HikeFold;

static gpointer
hike_fold_new (WeftTimeline   *timeline,
               gboolean        keep_all,
               WeftFoldFilter *filter)
{
  HikeFold *fold = g_new0 (HikeFold, 1);
  guint16 barrier;

  fold->keep_all = keep_all;
  fold->hikers = (guint) weft_params_get (weft_timeline_get_params (timeline), "threads", 0);
  fold->base = 1;
  fold->window = g_array_new (FALSE, FALSE, sizeof (Phase));
  fold->has_barrier = weft_timeline_find_object (timeline, "barrier", &barrier);
  if (fold->has_barrier)
    {
      /* In time order: a reset settles its phase only once everything
       * stamped before it is in. */
      filter->instant_kinds = WEFT_INSTANT_BIT (WEFT_INSTANT_ARRIVE) | WEFT_INSTANT_BIT (WEFT_INSTANT_DEPART) |
                              WEFT_INSTANT_BIT (WEFT_INSTANT_BROKEN) | WEFT_INSTANT_BIT (WEFT_INSTANT_RESET) |
                              WEFT_INSTANT_BIT (WEFT_INSTANT_TIMEOUT) | WEFT_INSTANT_BIT (WEFT_INSTANT_ABORT);
      filter->instant_object = barrier;
    }
  return fold;
}

static void
hike_fold_free (gpointer data)
{
  HikeFold *fold = data;

  g_array_unref (fold->window);
  g_free (fold);
}

static void
add_fault (Faults *faults,
           gint64  phase,
           Fault   fault)
{
  if (faults->count++ == 0)
    {
      faults->phase = phase;
      faults->fault = fault;
    }
}

static gboolean
is_broken (const Phase *phase)
{
  return phase->brokens > 0 || phase->causes > 0 || phase->reset;
}

/* Judges one phase into @tally.  One that neither passed nor broke
 * (still in progress, or ended by the run's stop) is not judged: a stop
 * is not a break. */
static void
judge_phase (const HikeFold *fold,
             const Phase    *phase,
             gint64          number,
             gboolean        complete,
             Tally          *tally)
{
  if (is_broken (phase))
    {
      if (phase->departures > 0)
        add_fault (&tally->broken_faults, number, BROKEN_PASSED);
      /* By its reset every hiker had left it. */
      else if (phase->reset && phase->brokens < phase->arrivals)
        add_fault (&tally->broken_faults, number, BROKEN_UNTOLD);
      /* Unless reset, only once every arrival has been told: a wait
       * the stop ended leaves an arrival with neither. */
      else if (phase->reset || (phase->brokens > 0 && phase->brokens >= phase->arrivals))
        tally->broken++;
    }
  else if (phase->departures > 0)
    {
      if (phase->arrivals < fold->hikers || phase->last_arrival > phase->first_departure)
        add_fault (&tally->normal_faults, number, NORMAL_EARLY);
      else if (phase->departures > fold->hikers || (complete && phase->departures < fold->hikers))
        add_fault (&tally->normal_faults, number, NORMAL_SHORT);
      else
        tally->passed++;
    }
}

/* Settles the oldest phases once nothing more can come for them: every
 * hiker left a passed phase, or a broken one was reset. */
static void
settle (HikeFold *fold)
{
  while (!fold->keep_all && fold->window->len > 0)
    {
      Phase *first = &g_array_index (fold->window, Phase, 0);

      if (!first->reset && (is_broken (first) || first->arrivals < fold->hikers || first->departures < fold->hikers))
        break;
      judge_phase (fold, first, fold->base, TRUE, &fold->settled);
      g_array_remove_index (fold->window, 0);
      fold->base++;
    }
}

static Phase *
get_phase (HikeFold *fold,
           gint64    number)
{
  while (fold->base + fold->window->len <= number)
    {
      Phase fresh = { G_MININT64, G_MAXINT64, 0, 0, 0, 0, FALSE };
      g_array_append_val (fold->window, fresh);
    }
  return &g_array_index (fold->window, Phase, number - fold->base);
}

static void
fold_arrival (HikeFold                *fold,
              Phase                   *phase,
              gint64                   number,
              const WeftInstantRecord *instant)
{
  phase->last_arrival = MAX (phase->last_arrival, instant->time_ns);
  if (phase->arrivals++ > 0)
    return;
  /* The first arrival of a phase: the one before must be whole again. */
  if (number - 1 >= fold->base)
    {
      const Phase *before = &g_array_index (fold->window, Phase, number - 1 - fold->base);

      if (is_broken (before) && !before->reset)
        add_fault (&fold->reset_faults, number, RESET_EARLY);
    }
  if (fold->last_reset > 0 && number == fold->last_reset + 1)
    fold->resets_followed++;
}

static gboolean
hike_fold_instant (gpointer                 data,
                   guint                    lane,
                   const WeftInstantRecord *instant)
{
  HikeFold *fold = data;
  gint64 number = instant->value;
  Phase *phase;

  /* abort() stamps the phases the barrier has ended: it breaks the next. */
  if (instant->instant == WEFT_INSTANT_ABORT)
    number++;
  /* reset() stamps the phases ended, its own included: that is the one. */
  if (number < 1)
    return TRUE;
  /* About a phase already settled: it cannot be judged with it. */
  if (number < fold->base)
    return FALSE;
  phase = get_phase (fold, number);

  switch (instant->instant)
    {
    case WEFT_INSTANT_ARRIVE:
      fold_arrival (fold, phase, number, instant);
      break;
    case WEFT_INSTANT_DEPART:
      phase->first_departure = MIN (phase->first_departure, instant->time_ns);
      phase->departures++;
      break;
    case WEFT_INSTANT_BROKEN:
      phase->brokens++;
      break;
    case WEFT_INSTANT_TIMEOUT:
    case WEFT_INSTANT_ABORT:
      phase->causes++;
      break;
    case WEFT_INSTANT_RESET:
      if (phase->causes == 0)
        add_fault (&fold->reset_faults, number, RESET_CAUSELESS);
      phase->reset = TRUE;
      fold->last_reset = number;
      break;
    default:
      break;
    }

  settle (fold);
  return TRUE;
}

static void
report_normal (HikeFold   *fold,
               const Tally *tally,
               WeftChecks *checks)
{
  g_autofree char *n = weft_format_count (tally->passed);
  const Faults *faults = &tally->normal_faults;

  if (faults->count > 0 && faults->fault == NORMAL_EARLY)
    weft_checks_add (checks, "phases", FALSE, FALSE, _("in phase %u, a hiker left before all had arrived"),
                     (guint) faults->phase);
  else if (faults->count > 0)
    weft_checks_add (checks, "phases", FALSE, FALSE, _("in phase %u, not every hiker left the barrier"),
                     (guint) faults->phase);
  else if (tally->passed == 0)
    weft_checks_add_pending (checks, "phases", _("no phase has been passed yet"));
  else
    weft_checks_add (checks, "phases", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "all %u hikers arrived before any left, in %s phase",
                                  "all %u hikers arrived before any left, in each of %s phases", tally->passed),
                     fold->hikers, n);
}

static void
report_broken (const Tally *tally,
               WeftChecks  *checks)
{
  g_autofree char *n = weft_format_count (tally->broken);
  const Faults *faults = &tally->broken_faults;

  if (faults->count > 0 && faults->fault == BROKEN_PASSED)
    weft_checks_add (checks, "broken-phases", FALSE, FALSE, _("phase %u broke, yet a hiker passed it"),
                     (guint) faults->phase);
  else if (faults->count > 0)
    weft_checks_add (checks, "broken-phases", FALSE, FALSE,
                     _("phase %u broke, yet a hiker who arrived did not leave with BrokenBarrierError"),
                     (guint) faults->phase);
  else if (tally->broken == 0)
    weft_checks_add_pending (checks, "broken-phases", _("no phase has broken yet"));
  else
    weft_checks_add (checks, "broken-phases", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "every waiter left with BrokenBarrierError and none passed, in %s broken phase",
                                  "every waiter left with BrokenBarrierError and none passed, in each of %s broken phases",
                                  tally->broken),
                     n);
}

static void
report_reset (HikeFold   *fold,
              WeftChecks *checks)
{
  g_autofree char *n = weft_format_count (fold->resets_followed);
  const Faults *faults = &fold->reset_faults;

  if (faults->count > 0 && faults->fault == RESET_EARLY)
    weft_checks_add (checks, "reset", FALSE, FALSE,
                     _("phase %u began before the broken barrier was reset"), (guint) faults->phase);
  else if (faults->count > 0)
    weft_checks_add (checks, "reset", FALSE, FALSE,
                     _("phase %u broke with no timeout or abort of its own"), (guint) faults->phase);
  else if (fold->resets_followed == 0)
    weft_checks_add_pending (checks, "reset", _("no phase has begun after a reset yet"));
  else
    weft_checks_add (checks, "reset", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "the phases went on after %s reset",
                                  "the phases went on after each of %s resets", fold->resets_followed),
                     n);
}

static void
hike_report (gpointer      data,
             WeftTimeline *timeline,
             gboolean      complete,
             WeftChecks   *checks)
{
  HikeFold *fold = data;
  Tally tally = fold->settled;

  if (!fold->has_barrier)
    {
      weft_checker_report_missing (checks, "phases", "barrier");
      return;
    }

  for (guint p = 0; p < fold->window->len; p++)
    judge_phase (fold, &g_array_index (fold->window, Phase, p), fold->base + p, complete, &tally);
  report_normal (fold, &tally, checks);
  report_broken (&tally, checks);
  report_reset (fold, checks);
}

static gsize
hike_fold_get_memory (gpointer data)
{
  HikeFold *fold = data;

  return sizeof *fold + weft_array_get_memory (fold->window);
}

static const WeftCheckFuncs hike_checks = {
  .fold_new = hike_fold_new,
  .fold_free = hike_fold_free,
  .fold_instant = hike_fold_instant,
  .report = hike_report,
  .get_memory = hike_fold_get_memory,
};

const WeftPattern weft_pattern_broken_barrier = {
  .name = "broken-barrier",
  .title = N_("Broken barrier"),
  .summary = N_("Waiters give up at a timeout, the barrier breaks and is reset"),
  .explanation = N_("Hikers regroup at every summit, but none will wait there forever. Sometimes one gets "
                    "lost: the first to run out of patience gives up and the barrier breaks, so everyone "
                    "waiting, and the straggler when it finally turns up, learns that the group has broken "
                    "(or the lost hiker radios that it is turning back: abort). They all walk back to the "
                    "trailhead, the last one back sets the barrier up again with reset(), and the next "
                    "stage begins."),
  .icon_name = "weft-broken-barrier-symbolic",
  .code = hike_code,
  .params = (const WeftParamSpec[]) {
    WEFT_PARAM_SPEC_THREADS (2, 64, 4),
    { "timeout", WEFT_PARAM_DURATION, N_("Timeout"), N_("How long a hiker waits at the barrier before giving up"),
      0.05, 10, 1, NULL },
    { "lost", WEFT_PARAM_NUMBER, N_("Chance of getting lost"), N_("How likely it is that a hiker gets lost at a stage"),
      0, 1, 0.3, NULL },
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .variants = (const WeftVariant[]) {
    { "timeout", N_("wait(timeout)"), N_("The lost hiker comes too late: a waiter's timeout breaks the barrier"),
      WEFT_INSTANT_BIT (WEFT_INSTANT_ARRIVE) | WEFT_INSTANT_BIT (WEFT_INSTANT_DEPART) |
      WEFT_INSTANT_BIT (WEFT_INSTANT_BROKEN) | WEFT_INSTANT_BIT (WEFT_INSTANT_RESET) |
      WEFT_INSTANT_BIT (WEFT_INSTANT_TIMEOUT) },
    { "abort", N_("abort()"), N_("The lost hiker breaks the barrier itself with abort()"),
      WEFT_INSTANT_BIT (WEFT_INSTANT_ARRIVE) | WEFT_INSTANT_BIT (WEFT_INSTANT_DEPART) |
      WEFT_INSTANT_BIT (WEFT_INSTANT_BROKEN) | WEFT_INSTANT_BIT (WEFT_INSTANT_RESET) |
      WEFT_INSTANT_BIT (WEFT_INSTANT_ABORT) },
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_ARRIVE) | WEFT_INSTANT_BIT (WEFT_INSTANT_DEPART) |
           WEFT_INSTANT_BIT (WEFT_INSTANT_BROKEN) | WEFT_INSTANT_BIT (WEFT_INSTANT_RESET) |
           WEFT_INSTANT_BIT (WEFT_INSTANT_TIMEOUT) | WEFT_INSTANT_BIT (WEFT_INSTANT_ABORT),
  .steps = steps,
  .setup = hike_setup,
  .free_state = hike_free,
  .roles = roles,
  .work = hike_work,
  .checks = &hike_checks,
};
