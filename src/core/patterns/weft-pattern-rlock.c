/* weft-pattern-rlock.c: a recursive task that takes the same lock at every level
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every thread runs a task that calls itself, `depth` levels deep, and
 * takes the same lock at each level, as a method guarded by a lock that
 * calls another guarded method of the same object.  With Python's
 * RLock the owner goes through every inner door with the key it already
 * holds; with a plain Lock its second acquire waits for itself, and
 * nobody will ever release it.  Weft's mutex sees that its owner asked
 * again, draws the wait and stops the run, saying why: that is the
 * lesson, and the checks read it from the trace.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-checker.h"
#include "weft-rlock.h"
#include "weft-patterns-private.h"

enum
{
  VARIANT_RLOCK,
  VARIANT_LOCK,
};

typedef struct
{
  gboolean reentrant;
  guint depth;
  WeftRLock rlock;          /* for RLock(), or ... */
  WeftMutex mutex;          /* ... for Lock(): only one is initialised */
} RLockState;

static const WeftRole roles[] = {
  { NC_("thread role", "worker"), "worker", TRUE },
  { NULL },
};

static gpointer
rlock_setup (WeftRun *run)
{
  const WeftParams *params = weft_run_get_params (run);
  RLockState *state = g_new0 (RLockState, 1);

  state->reentrant = params->variant == VARIANT_RLOCK;
  state->depth = (guint) weft_params_get (params, "depth", 2);
  if (state->reentrant)
    weft_rlock_init (&state->rlock, run, "lock");
  else
    weft_mutex_init (&state->mutex, run, "lock");
  return state;
}

static void
rlock_free (gpointer data)
{
  RLockState *state = data;

  if (state->reentrant)
    weft_rlock_clear (&state->rlock);
  else
    weft_mutex_clear (&state->mutex);
  g_free (state);
}

static gboolean
take (RLockState *state,
      WeftWorker *worker)
{
  if (state->reentrant)
    return weft_rlock_acquire (&state->rlock, worker);
  return weft_mutex_lock (&state->mutex, worker);
}

static void
give (RLockState *state,
      WeftWorker *worker)
{
  if (state->reentrant)
    weft_rlock_release (&state->rlock, worker);
  else
    weft_mutex_unlock (&state->mutex, worker);
}

/* What each worker does, as Python would say it; the lines its events
 * carry count in it. */
static const char rlock_code[] =
  "lock = threading.RLock() if reentrant else threading.Lock()\n"
  "\n"
  "def task(level):\n"
  "    with lock:\n"
  "        work()\n"
  "        if level < depth:\n"
  "            task(level + 1)\n"
  "        work()\n"
  "\n"
  "def worker():\n"
  "    while True:\n"
  "        work()\n"
  "        task(1)\n";

enum { LINE_WITH = 4, LINE_BEFORE = 5, LINE_AFTER = 8, LINE_WORK = 12 };

/* One level of the task: the lock, a little work, the next level, a
 * little more work, and the lock given back.  Whatever stops it, every
 * level it took is released on the way out, so each `critical` span is
 * closed by its own thread. */
static gboolean
enter_level (RLockState *state,
             WeftWorker *worker,
             guint       level)
{
  gboolean go_on;

  weft_worker_at (worker, LINE_WITH);
  if (!take (state, worker))
    return FALSE;
  weft_worker_at (worker, LINE_BEFORE);
  go_on = weft_worker_pause (worker, 30, 70);
  if (go_on && level < state->depth)
    go_on = enter_level (state, worker, level + 1);
  weft_worker_at (worker, LINE_AFTER);
  if (go_on)
    go_on = weft_worker_pause (worker, 30, 70);
  /* Leaving the `with` block gives the lock back. */
  weft_worker_at (worker, LINE_WITH);
  give (state, worker);

  return go_on;
}

static void
rlock_work (WeftWorker *worker,
            gpointer    data)
{
  RLockState *state = data;

  for (gint64 round = 1;; round++)
    {
      weft_worker_at (worker, LINE_WORK);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 200, 600, round, 0))
        break;
      if (!enter_level (state, worker, 1))
        break;
    }
}

/* ---- checks ---- */

/* A span on the lock that has begun and may still enclose later ones. */
typedef struct
{
  gint64 end_ns;
  guint8 state;
} Enclosing;

/* Per lane: the lock's spans that enclose the next one, innermost last,
 * and how many levels its acquires and releases say it holds. */
typedef struct
{
  Enclosing stack[WEFT_TIMELINE_MAX_DEPTH];
  guint n_enclosing;
  guint levels;
} LaneState;

/* Where a violation or the lesson was first seen. */
typedef struct
{
  guint64 count;
  guint lane;
  guint other_lane;
} Sighting;

typedef struct
{
  gboolean has_lock;
  gboolean reentrant;
  GArray *lanes;            /* LaneState */

  /* From the spans. */
  WeftOverlap holds;        /* outermost `critical` spans: one per hold */
  guint64 reentries;        /* `critical` inside the same lane's `critical` */
  guint most_levels;
  Sighting misnested;       /* `critical` inside a `waiting` on the lock */
  Sighting self_waits;      /* `waiting` inside the same lane's `critical` */

  /* From the acquire and release instants. */
  guint n_holding;          /* lanes holding at least one level */
  guint last_taker;
  guint64 takes;            /* acquires of a free lock */
  Sighting early_takes;     /* acquires while another lane held a level */
  /* An acquire stamped while another lane held the lock is judged once
   * every instant of its moment has been folded: the holder's release
   * may carry the very same stamp, and acquires sort before releases. */
  gboolean suspect;
  gint64 suspect_ns;
  guint suspect_taker;
  guint suspect_holder;
} RLockFold;

static gpointer
rlock_fold_new (WeftTimeline   *timeline,
                gboolean        keep_all,
                WeftFoldFilter *filter)
{
  RLockFold *fold = g_new0 (RLockFold, 1);
  guint16 lock;

  fold->reentrant = weft_timeline_get_params (timeline)->variant == VARIANT_RLOCK;
  fold->lanes = g_array_new (FALSE, TRUE, sizeof (LaneState));
  weft_overlap_init (&fold->holds);
  fold->has_lock = weft_timeline_find_object (timeline, "lock", &lock);
  if (fold->has_lock)
    {
      filter->span_states = (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL);
      filter->span_object = lock;
      filter->span_depths = ~0u;
      filter->instant_kinds = WEFT_INSTANT_BIT (WEFT_INSTANT_ACQUIRE) | WEFT_INSTANT_BIT (WEFT_INSTANT_RELEASE);
      filter->instant_object = lock;
    }
  return fold;
}

static void
rlock_fold_free (gpointer data)
{
  RLockFold *fold = data;

  g_array_unref (fold->lanes);
  weft_overlap_clear (&fold->holds);
  g_free (fold);
}

static LaneState *
lane_state (RLockFold *fold,
            guint      lane)
{
  if (lane >= fold->lanes->len)
    g_array_set_size (fold->lanes, lane + 1);
  return &g_array_index (fold->lanes, LaneState, lane);
}

static void
sight (Sighting *sighting,
       guint     lane,
       guint     other_lane)
{
  if (sighting->count++ == 0)
    {
      sighting->lane = lane;
      sighting->other_lane = other_lane;
    }
}

/* Spans come in order of start, and one lane's spans nest or follow one
 * another, so the spans still enclosing this one are those, from the
 * top of the lane's stack, that end no earlier than it does. */
static gboolean
rlock_fold_span (gpointer        data,
                 guint           lane,
                 const WeftSpan *span)
{
  RLockFold *fold = data;
  LaneState *ls = lane_state (fold, lane);
  guint critical_around = 0;

  while (ls->n_enclosing > 0 && ls->stack[ls->n_enclosing - 1].end_ns < span->end_ns)
    ls->n_enclosing--;
  for (guint i = 0; i < ls->n_enclosing; i++)
    if (ls->stack[i].state == WEFT_STATE_CRITICAL)
      critical_around++;

  if (span->state == WEFT_STATE_CRITICAL)
    {
      if (ls->n_enclosing == 0)
        weft_overlap_add (&fold->holds, span->start_ns, span->end_ns);
      else if (ls->stack[ls->n_enclosing - 1].state == WEFT_STATE_CRITICAL)
        fold->reentries++;
      else
        sight (&fold->misnested, lane, lane);
      fold->most_levels = MAX (fold->most_levels, critical_around + 1);
    }
  else if (critical_around > 0)
    sight (&fold->self_waits, lane, lane);

  if (ls->n_enclosing < WEFT_TIMELINE_MAX_DEPTH)
    ls->stack[ls->n_enclosing++] = (Enclosing) { span->end_ns, span->state };
  return TRUE;
}

/* Confirms a suspect acquire once its moment has passed. */
static void
settle_suspect (RLockFold *fold,
                gint64     now_ns,
                gboolean   at_end)
{
  if (!fold->suspect || (!at_end && now_ns <= fold->suspect_ns))
    return;
  if (fold->n_holding > 1)
    sight (&fold->early_takes, fold->suspect_taker, fold->suspect_holder);
  fold->suspect = FALSE;
}

static gboolean
rlock_fold_instant (gpointer                 data,
                    guint                    lane,
                    const WeftInstantRecord *instant)
{
  RLockFold *fold = data;
  LaneState *ls = lane_state (fold, lane);

  settle_suspect (fold, instant->time_ns, FALSE);
  if (instant->instant == WEFT_INSTANT_ACQUIRE)
    {
      if (ls->levels++ > 0)
        return TRUE;
      if (fold->n_holding > 0 && !fold->suspect)
        {
          fold->suspect = TRUE;
          fold->suspect_ns = instant->time_ns;
          fold->suspect_taker = lane;
          fold->suspect_holder = fold->last_taker;
        }
      fold->n_holding++;
      fold->takes++;
      fold->last_taker = lane;
    }
  else if (ls->levels > 0 && --ls->levels == 0)
    fold->n_holding--;
  return TRUE;
}

/* Inner levels sit inside their owner's hold; a plain lock has none. */
static void
report_nesting (RLockFold    *fold,
                WeftTimeline *timeline,
                WeftChecks   *checks)
{
  g_autofree char *n = weft_format_count (fold->reentries);

  if (fold->misnested.count > 0)
    weft_checks_add (checks, "nesting", FALSE, FALSE, _("%s entered an inner level of the lock without holding it"),
                     weft_format_lane_name (timeline, fold->misnested.lane));
  else if (!fold->reentrant && fold->reentries > 0)
    weft_checks_add (checks, "nesting", FALSE, FALSE, _("the plain lock let a thread in again while it held it"));
  else if (!fold->reentrant)
    {
      if (fold->holds.entries == 0)
        weft_checks_add_pending (checks, "nesting", _("no one has taken the lock yet"));
      else
        weft_checks_add (checks, "nesting", TRUE, FALSE, _("the plain lock never let its holder in twice"));
    }
  else if (fold->reentries == 0)
    weft_checks_add_pending (checks, "nesting", _("no thread has re-entered the lock yet"));
  else
    weft_checks_add (checks, "nesting", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s re-entry, nested in its owner's hold, up to %u levels deep",
                                  "%s re-entries, each nested in its owner's hold, up to %u levels deep",
                                  fold->reentries),
                     n, fold->most_levels);
}

/* Nobody takes the lock while another still holds a level of it. */
static void
report_release (RLockFold    *fold,
                WeftTimeline *timeline,
                gboolean      complete,
                WeftChecks   *checks)
{
  Sighting early = fold->early_takes;
  g_autofree char *n = weft_format_count (fold->takes - MIN (fold->takes, 1));

  if (complete && fold->suspect && fold->n_holding > 1)
    sight (&early, fold->suspect_taker, fold->suspect_holder);

  if (early.count > 0)
    weft_checks_add (checks, "outermost-release", FALSE, FALSE, _("%s took the lock while %s still held it"),
                     weft_format_lane_name (timeline, early.lane),
                     weft_format_lane_name (timeline, early.other_lane));
  else if (fold->takes <= 1)
    weft_checks_add_pending (checks, "outermost-release", _("the lock has not been passed on yet"));
  else
    weft_checks_add (checks, "outermost-release", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "the lock was passed on %s time, only after its holder's outermost release",
                                  "the lock was passed on %s times, each only after its holder's outermost release",
                                  fold->takes - 1),
                     n);
}

/* The owner never waits for itself; with a plain lock that it does is
 * the lesson. */
static void
report_self_wait (RLockFold    *fold,
                  WeftTimeline *timeline,
                  WeftChecks   *checks)
{
  g_autofree char *n = weft_format_count (fold->reentries);

  if (fold->self_waits.count > 0)
    {
      const char *lane = weft_format_lane_name (timeline, fold->self_waits.lane);

      if (fold->reentrant)
        weft_checks_add (checks, "self-wait", FALSE, FALSE, _("%s waited for a lock it already held"), lane);
      else
        weft_checks_add (checks, "self-wait", FALSE, TRUE, _("%s waits for a lock it already holds"), lane);
    }
  else if (!fold->reentrant)
    weft_checks_add_pending (checks, "self-wait", _("no thread has asked again for the lock yet"));
  else if (fold->reentries == 0)
    weft_checks_add_pending (checks, "self-wait", _("no thread has asked again for the lock yet"));
  else
    weft_checks_add (checks, "self-wait", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "no thread waited for a lock it held, in %s re-entry",
                                  "no thread waited for a lock it held, in %s re-entries",
                                  fold->reentries),
                     n);
}

static void
rlock_report (gpointer      data,
              WeftTimeline *timeline,
              gboolean      complete,
              WeftChecks   *checks)
{
  RLockFold *fold = data;

  if (!fold->has_lock)
    {
      weft_checker_report_missing (checks, "mutual-exclusion", "lock");
      return;
    }
  report_self_wait (fold, timeline, checks);
  report_nesting (fold, timeline, checks);
  weft_checker_report_exclusion (checks, &fold->holds);
  report_release (fold, timeline, complete, checks);
}

static gsize
rlock_fold_get_memory (gpointer data)
{
  RLockFold *fold = data;

  return sizeof *fold + weft_array_get_memory (fold->lanes) + fold->holds.size * sizeof (gint64);
}

static const WeftCheckFuncs rlock_checks = {
  .fold_new = rlock_fold_new,
  .fold_free = rlock_fold_free,
  .fold_span = rlock_fold_span,
  .fold_instant = rlock_fold_instant,
  .report = rlock_report,
  .get_memory = rlock_fold_get_memory,
};

const WeftPattern weft_pattern_rlock = {
  .name = "rlock",
  .title = N_("Reentrant lock"),
  .summary = N_("A recursive task takes the same lock at every level"),
  .explanation = N_("Each thread walks through a row of nested doors that all open with the same key. "
                    "With an RLock the thread holding the key opens every inner door with it and hands it "
                    "on only after leaving the outermost one, while the others wait outside. With a plain "
                    "Lock the key does not count who holds it: at the second door the holder waits for "
                    "the key in its own pocket, and waits forever."),
  .icon_name = "weft-rlock-symbolic",
  .code = rlock_code,
  .params = (const WeftParamSpec[]) {
    WEFT_PARAM_SPEC_THREADS (1, 64, 3),
    /* Each level nests a `critical` span in the one before, and the
     * timeline keeps WEFT_TIMELINE_MAX_DEPTH levels per lane, one of
     * which stays free for a recorder stall inside the innermost. */
    { "depth", WEFT_PARAM_INTEGER, N_("Depth"), N_("How many levels the recursive task goes down, taking the lock at each"),
      2, WEFT_TIMELINE_MAX_DEPTH - 1, 3, NULL },
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .variants = (const WeftVariant[]) {
    { "rlock", N_("RLock()"), N_("A reentrant lock: its owner takes it again at every level") },
    { "lock", N_("Lock()"), N_("A plain lock: its owner asking again waits for itself"), 0, TRUE },
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_ACQUIRE) | WEFT_INSTANT_BIT (WEFT_INSTANT_RELEASE),
  .setup = rlock_setup,
  .free_state = rlock_free,
  .roles = roles,
  .work = rlock_work,
  .checks = &rlock_checks,
};
