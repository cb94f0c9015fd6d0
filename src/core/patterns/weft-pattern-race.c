/* weft-pattern-race.c: N threads increment one counter with no lock
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each increment is a separate load, a yield and a store, so another
 * thread can slip in between and its update is overwritten.  The counter
 * is a relaxed atomic: the race is real (updates are lost) yet there is
 * no undefined behaviour, and ThreadSanitizer rightly stays quiet.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sched.h>

#include "weft-checker.h"
#include "weft-lessons.h"
#include "weft-patterns-private.h"

typedef struct
{
  _Atomic gint64 counter;
  guint16 object;
  guint iterations;
} RaceState;

static const WeftRole roles[] = {
  { NC_("thread role", "racer"), "racer", TRUE },
  { NULL },
};

static gpointer
race_setup (WeftRun *run)
{
  const WeftParams *params = weft_run_get_params (run);
  RaceState *state = g_new0 (RaceState, 1);
  guint threads = (guint) weft_params_get (params, "threads", 0);

  state->iterations = (guint) weft_params_get (params, "iterations", 0);
  state->object = weft_run_add_object (run, "counter", WEFT_OBJECT_COUNTER,
                                       (gint64) threads * state->iterations);
  atomic_init (&state->counter, 0);
  return state;
}

/* What each racer does, as Python would say it; the lines its events
 * carry count in it. */
static const char race_code[] =
  "counter = 0\n"
  "\n"
  "def racer():\n"
  "    global counter\n"
  "    for i in range(iterations):\n"
  "        work()\n"
  "        seen = counter\n"
  "        counter = seen + 1\n";

enum { LINE_WORK = 6, LINE_READ = 7, LINE_WRITE = 8 };

static void
race_work (WeftWorker *worker,
           gpointer    data)
{
  RaceState *state = data;

  for (guint i = 0; i < state->iterations; i++)
    {
      gboolean go_on;
      gint64 seen;

      weft_worker_at (worker, LINE_WORK);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 400, i, 0))
        break;

      weft_worker_at (worker, LINE_READ);
      weft_worker_step (worker, WEFT_STEP_READ, state->object, 0);
      /* The unguarded read-modify-write: a critical section with no lock. */
      weft_worker_begin (worker, WEFT_STATE_CRITICAL, state->object, i, 0);
      /* Relaxed: the lost update is the lesson; no other data rides on it. */
      seen = atomic_load_explicit (&state->counter, memory_order_relaxed);
      weft_worker_instant (worker, WEFT_INSTANT_READ, state->object, seen);
      sched_yield ();
      go_on = weft_worker_pause (worker, 50, 150);
      weft_worker_at (worker, LINE_WRITE);
      weft_worker_step (worker, WEFT_STEP_WRITE, state->object, seen + 1);
      /* Relaxed: as above; a store, not an increment, on purpose. */
      atomic_store_explicit (&state->counter, seen + 1, memory_order_relaxed);
      weft_worker_instant (worker, WEFT_INSTANT_WRITE, state->object, seen + 1);
      weft_worker_counter (worker, state->object, seen + 1);
      weft_worker_end (worker, WEFT_STATE_CRITICAL, state->object);

      if (!go_on)
        break;
    }
}

/* The last worker out stamps what the counter really holds. */
static void
race_finish (WeftWorker *worker,
             gpointer    data)
{
  RaceState *state = data;

  /* Relaxed: the run's acq_rel countdown already ordered every worker's
   * store before this load. */
  weft_worker_counter (worker, state->object,
                       atomic_load_explicit (&state->counter, memory_order_relaxed));
}

/* What a lane last read of the counter, until its write. */
typedef struct
{
  gint64 time_ns;
  gint64 value;
  gboolean pending;
} LastRead;

/* The latest write of a value, in a ring of the highest values. */
typedef struct
{
  gint64 value;
  gint64 time_ns;
  guint32 lane;
} ValueWrite;

/* While a run goes on: the counter's writes against what it shows, and
 * each write of a value that had been written already.  Which stores
 * came in which order the stamps cannot always say, but the values can:
 * a value is written a second time only when two writers read the same
 * one before it, so each such write is one update lost, whatever the
 * order.  Instants are folded in time order, so the write of a value
 * seen last is the one stamped last: the one a repeat stored over. */
typedef struct
{
  WeftTimeline *timeline;  /* owns the fold: for its gaps */
  gboolean has_counter;
  WeftUpdates updates;
  GArray *reads;           /* LastRead, per lane */
  ValueWrite *writes;      /* WEFT_LOST_UPDATE_WINDOW of them, made at the first write */
  gint64 highest;          /* the highest value written; the counter starts at 0 */
  GArray *lost;            /* WeftLostUpdate, by write_ns */
  guint64 n_unclaimed;     /* repeated values the events cannot pin down */
} RaceFold;

static gpointer
race_fold_new (WeftTimeline   *timeline,
               gboolean        keep_all,
               WeftFoldFilter *filter)
{
  RaceFold *fold = g_new0 (RaceFold, 1);
  guint16 counter;

  fold->timeline = timeline;
  fold->reads = g_array_new (FALSE, TRUE, sizeof (LastRead));
  fold->lost = g_array_new (FALSE, FALSE, sizeof (WeftLostUpdate));
  fold->has_counter = weft_timeline_find_object (timeline, "counter", &counter);
  if (fold->has_counter)
    {
      filter->instant_kinds = WEFT_INSTANT_BIT (WEFT_INSTANT_READ) | WEFT_INSTANT_BIT (WEFT_INSTANT_WRITE);
      filter->instant_object = counter;
      filter->sample_object = counter;
    }
  return fold;
}

static void
race_fold_free (gpointer data)
{
  RaceFold *fold = data;

  g_array_unref (fold->reads);
  g_array_unref (fold->lost);
  g_free (fold->writes);
  g_free (fold);
}

/* Events lost on any lane between the two moments could hide a write or
 * a read the claim rests on: then nothing is claimed. */
static gboolean
gap_between (WeftTimeline *timeline,
             gint64        from_ns,
             gint64        to_ns)
{
  guint n_gaps;
  const WeftGap *gaps = weft_timeline_get_gaps (timeline, &n_gaps);

  for (guint i = 0; i < n_gaps; i++)
    if (gaps[i].from_ns <= to_ns && gaps[i].to_ns >= from_ns)
      return TRUE;
  return FALSE;
}

static void
fold_write (RaceFold                *fold,
            guint                    lane,
            const WeftInstantRecord *write)
{
  LastRead *read = &g_array_index (fold->reads, LastRead, lane);
  gint64 value = write->value;
  ValueWrite now = { value, write->time_ns, lane };

  if (fold->writes == NULL)
    {
      fold->writes = g_new (ValueWrite, WEFT_LOST_UPDATE_WINDOW);
      for (guint i = 0; i < WEFT_LOST_UPDATE_WINDOW; i++)
        fold->writes[i].value = -1;
    }

  if (value > fold->highest)
    fold->highest = value;
  else if (value >= 1)
    {
      const ValueWrite *before = &fold->writes[value % WEFT_LOST_UPDATE_WINDOW];

      /* Marked only with its stale read and the write it repeated in
       * the events, and none lost in between. */
      if (before->value == value && read->pending && read->value + 1 == value &&
          !gap_between (fold->timeline, MIN (read->time_ns, before->time_ns), write->time_ns))
        {
          WeftLostUpdate lost = { write->time_ns, read->time_ns, before->time_ns, value, lane, before->lane };

          g_array_append_val (fold->lost, lost);
        }
      else
        fold->n_unclaimed++;
    }
  /* Values too far below the highest have left the ring: never put back. */
  if (value >= 1 && fold->highest - value < WEFT_LOST_UPDATE_WINDOW)
    fold->writes[value % WEFT_LOST_UPDATE_WINDOW] = now;
  read->pending = FALSE;
}

static gboolean
race_fold_instant (gpointer                 data,
                   guint                    lane,
                   const WeftInstantRecord *instant)
{
  RaceFold *fold = data;

  if (lane >= fold->reads->len)
    g_array_set_size (fold->reads, lane + 1);
  if (instant->instant == WEFT_INSTANT_READ)
    {
      LastRead read = { instant->time_ns, instant->value, TRUE };

      g_array_index (fold->reads, LastRead, lane) = read;
      return TRUE;
    }
  weft_updates_write (&fold->updates);
  fold_write (fold, lane, instant);
  return TRUE;
}

static gboolean
race_fold_sample (gpointer          data,
                  const WeftSample *sample)
{
  weft_updates_sample (&((RaceFold *) data)->updates, sample->value);
  return TRUE;
}

/* Lost updates are what the race is there to show: a lesson, each marked
 * where it was overwritten. */
static void
race_report (gpointer      data,
             WeftTimeline *timeline,
             gboolean      complete,
             WeftChecks   *checks)
{
  RaceFold *fold = data;

  if (!fold->has_counter)
    {
      weft_checker_report_missing (checks, "updates", "counter");
      return;
    }
  weft_checker_report_updates (checks, &fold->updates, complete, TRUE);
  if (fold->lost->len > 0)
    {
      g_autofree char *n_marked = weft_format_count (fold->lost->len);

      /* Translators: after "lost 3 of 100 updates" */
      weft_checks_append (checks, g_dngettext (GETTEXT_PACKAGE,
                                               ", %s marked where it was overwritten",
                                               ", %s marked where they were overwritten",
                                               fold->lost->len),
                          n_marked);
    }
}

const WeftLostUpdate *
weft_pattern_race_get_lost_updates (gpointer  fold_state,
                                    guint    *n_lost)
{
  RaceFold *fold = fold_state;

  *n_lost = fold->lost->len;
  return (const WeftLostUpdate *) (gpointer) fold->lost->data;
}

void
weft_pattern_race_get_update_totals (gpointer  fold_state,
                                     guint64  *unclaimed,
                                     gint64   *highest)
{
  RaceFold *fold = fold_state;

  *unclaimed = fold->n_unclaimed;
  *highest = fold->highest;
}

static gsize
race_fold_get_memory (gpointer data)
{
  RaceFold *fold = data;

  return sizeof *fold + weft_array_get_memory (fold->reads) + weft_array_get_memory (fold->lost) +
         (fold->writes != NULL ? WEFT_LOST_UPDATE_WINDOW * sizeof (ValueWrite) : 0);
}

static const WeftCheckFuncs race_checks = {
  .fold_new = race_fold_new,
  .fold_free = race_fold_free,
  .fold_instant = race_fold_instant,
  .fold_sample = race_fold_sample,
  .report = race_report,
  .get_memory = race_fold_get_memory,
};

const WeftPattern weft_pattern_race = {
  .name = "race",
  .title = N_("Data race"),
  .summary = N_("Threads add to one counter with no lock"),
  .explanation = N_("Every thread reads the shared counter, pauses, and writes back what it read plus one. "
                    "When two threads read the same value before either writes, one increment overwrites "
                    "the other and is lost, like two clerks updating the same ledger from their own "
                    "copies. Watch the critical sections overlap and the counter fall behind."),
  .icon_name = "weft-race-symbolic",
  .code = race_code,
  .params = (const WeftParamSpec[]) {
    WEFT_PARAM_SPEC_THREADS (1, 256, 4),
    { "iterations", WEFT_PARAM_INTEGER, N_("Increments per thread"), N_("How many times each thread adds one"), 1, 1000000, 25, NULL },
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_CRITICAL),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_READ) | WEFT_INSTANT_BIT (WEFT_INSTANT_WRITE),
  .setup = race_setup,
  .free_state = g_free,
  .roles = roles,
  .work = race_work,
  .finish = race_finish,
  .checks = &race_checks,
};
