/* weft-pattern-lifecycle.c: threads start, end, raise, are joined or killed
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One thread, main, plays what a Python program would:
 *
 *   watch = [Thread(target=keep_watch, daemon=True) for _ in daemons]
 *   team = [Thread(target=walk_home) for _ in workers]
 *   for t in watch + team: t.start()
 *   for t in team: t.join()             # one of them raises ValueError
 *   # main returns: the program exits, and the daemons are killed
 *
 * Every lane records its thread's life (weft-run.c): START (value 1 for
 * a daemon), then END, RAISE or KILLED.  A join is a `waiting` span whose
 * value is the joined lane, then JOIN.  The checks read only these.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-checker.h"
#include "weft-patterns-private.h"

enum { ROLE_MAIN, ROLE_WORKER, ROLE_DAEMON };

#define MAX_WORKERS 16
#define MAX_DAEMONS 8
/* The program's main thread is the run's only first thread: lane 0. */
#define MAIN_LANE 0u

static const WeftRole roles[] = {
  [ROLE_MAIN] = { NC_("thread role", "main"), "main", FALSE, WEFT_ROLE_MAIN },
  [ROLE_WORKER] = { NC_("thread role", "worker"), "worker", TRUE, 0 },
  [ROLE_DAEMON] = { NC_("thread role", "daemon"), "daemon", TRUE, 0 },
  { NULL },
};

static guint
lifecycle_count_workers (const WeftParams *params)
{
  return 1;
}

static gpointer
lifecycle_setup (WeftRun *run)
{
  /* Nothing shared: the threads only live, end and wait for each other. */
  return NULL;
}

static void
lifecycle_free (gpointer state)
{
}

/* What main, the workers and the daemons do, as Python would say it;
 * the lines their events carry count in it. */
static const char lifecycle_code[] =
  "def walk_home(lost):\n"
  "    for leg in range(1 if lost else random.randint(2, 4)):\n"
  "        walk()\n"
  "    if lost:\n"
  "        raise ValueError(\"no route home\")\n"
  "\n"
  "def keep_watch():\n"
  "    while True:\n"
  "        patrol()\n"
  "\n"
  "lost = random.randrange(workers)\n"
  "for i in range(daemons):\n"
  "    work()\n"
  "    d = threading.Thread(target=keep_watch, daemon=True)\n"
  "    d.start()\n"
  "team = []\n"
  "for i in range(workers):\n"
  "    work()\n"
  "    w = threading.Thread(target=walk_home, args=(i == lost,))\n"
  "    w.start()\n"
  "    team.append(w)\n"
  "for w in team:\n"
  "    w.join()\n";

enum
{
  LINE_WALK = 3, LINE_RAISE = 5, LINE_PATROL = 9, LINE_DAEMON_WORK = 13, LINE_DAEMON_START = 15,
  LINE_WORKER_WORK = 18, LINE_WORKER_START = 20, LINE_JOIN = 23
};

/* A worker walks home in a few legs; the one given a non-NULL @data
 * gets lost on its first and raises. */
static void
walk_home (WeftWorker *worker,
           gpointer    data)
{
  gboolean raises = data != NULL;
  guint legs = raises ? 1 : 2 + weft_worker_random (worker) % 3;

  weft_worker_at (worker, LINE_WALK);
  for (guint leg = 1; leg <= legs; leg++)
    if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 300, 900, leg, 0))
      return;
  if (raises)
    {
      weft_worker_at (worker, LINE_RAISE);
      /* Translators: a Python exception as a thread would print it; keep
       * "ValueError" as it is. */
      weft_worker_raise (worker, _("ValueError: no route home"));
    }
}

/* A daemon keeps watch until the program exits.  Only paced sleeps, so
 * the kill at exit reaches it wherever it is. */
static void
keep_watch (WeftWorker *worker,
            gpointer    data)
{
  weft_worker_at (worker, LINE_PATROL);
  while (weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 300, 800, 0, 0))
    ;
}

static void
lifecycle_work (WeftWorker *worker,
                gpointer    data)
{
  const WeftParams *params = weft_run_get_params (worker->run);
  guint n_workers = CLAMP ((guint) weft_params_get (params, "workers", 1), 1, MAX_WORKERS);
  guint n_daemons = MIN ((guint) weft_params_get (params, "daemons", 0), MAX_DAEMONS);
  guint raiser = weft_worker_random (worker) % n_workers;
  WeftWorker *team[MAX_WORKERS];
  guint n_started = 0;

  /* The night watch first, so it is there the whole time. */
  for (guint i = 0; i < n_daemons; i++)
    {
      weft_worker_at (worker, LINE_DAEMON_WORK);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 50, 150, 0, 0))
        return;
      weft_worker_at (worker, LINE_DAEMON_START);
      if (weft_worker_spawn (worker, ROLE_DAEMON, i + 1, TRUE, keep_watch, NULL, NULL) == NULL)
        break;
    }
  for (guint i = 0; i < n_workers; i++)
    {
      weft_worker_at (worker, LINE_WORKER_WORK);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 50, 150, 0, 0))
        return;
      weft_worker_at (worker, LINE_WORKER_START);
      team[i] = weft_worker_spawn (worker, ROLE_WORKER, i + 1, FALSE, walk_home,
                                   i == raiser ? GINT_TO_POINTER (1) : NULL, NULL);
      /* Its lane says why it could not start. */
      if (team[i] == NULL)
        break;
      n_started++;
    }

  /* The team leader waits for everyone to come home, in order. */
  weft_worker_at (worker, LINE_JOIN);
  for (guint i = 0; i < n_started; i++)
    if (!weft_worker_join (worker, team[i]))
      return;
}

/* The checks gather, whatever the order, a few facts per lane and every
 * join (a run has at most MAX_WORKERS of them), and judge them in
 * report(). */
typedef struct
{
  gint64 start_ns;
  gint64 end_ns;            /* its END, RAISE or KILLED */
  gint64 last_ns;           /* its latest instant or span end */
  guint n_starts;
  guint n_ends;
  guint8 end_kind;          /* WeftInstant */
  gboolean daemon;
  gboolean seen;
  guint32 message;          /* a RAISE's arg */
  guint n_join_waits;       /* `waiting` spans on no object: joins begun */
} LaneFacts;

typedef struct
{
  gint64 time_ns;
  guint lane;               /* the joiner */
  gint64 joined;            /* the lane it joined */
} Join;

typedef struct
{
  GArray *lanes;            /* LaneFacts, by lane */
  GArray *joins;            /* Join */
  guint n_workers;          /* main starts and joins this many */
} LifecycleFold;

static gpointer
lifecycle_fold_new (WeftTimeline   *timeline,
                    gboolean        keep_all,
                    WeftFoldFilter *filter)
{
  LifecycleFold *fold = g_new0 (LifecycleFold, 1);

  fold->lanes = g_array_new (FALSE, TRUE, sizeof (LaneFacts));
  fold->joins = g_array_new (FALSE, FALSE, sizeof (Join));
  fold->n_workers = CLAMP ((guint) weft_params_get (weft_timeline_get_params (timeline), "workers", 1), 1,
                           MAX_WORKERS);
  filter->instant_kinds = ~G_GUINT64_CONSTANT (0);
  /* A thread's life and its joins are on no object. */
  filter->any_instant_object = TRUE;
  filter->span_states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL);
  filter->span_depths = (1u << WEFT_TIMELINE_MAX_DEPTH) - 1;
  /* Counts, earliest and latest times, and a set of joins: any order
   * gives the same. */
  filter->any_order = TRUE;
  return fold;
}

static void
lifecycle_fold_free (gpointer data)
{
  LifecycleFold *fold = data;

  g_array_unref (fold->lanes);
  g_array_unref (fold->joins);
  g_free (fold);
}

static LaneFacts *
lane_facts (LifecycleFold *fold,
            guint          lane)
{
  LaneFacts *facts;

  if (lane >= fold->lanes->len)
    g_array_set_size (fold->lanes, lane + 1);
  facts = &g_array_index (fold->lanes, LaneFacts, lane);
  if (!facts->seen)
    {
      facts->seen = TRUE;
      facts->last_ns = G_MININT64;
    }
  return facts;
}

static gboolean
lifecycle_fold_span (gpointer        data,
                     guint           lane,
                     const WeftSpan *span)
{
  LaneFacts *facts = lane_facts (data, lane);

  facts->last_ns = MAX (facts->last_ns, span->end_ns);
  if (span->state == WEFT_STATE_WAITING && span->object == WEFT_OBJECT_NONE)
    facts->n_join_waits++;
  return TRUE;
}

static gboolean
lifecycle_fold_instant (gpointer                 data,
                        guint                    lane,
                        const WeftInstantRecord *instant)
{
  LifecycleFold *fold = data;
  LaneFacts *facts = lane_facts (fold, lane);

  facts->last_ns = MAX (facts->last_ns, instant->time_ns);
  switch (instant->instant)
    {
    case WEFT_INSTANT_START:
      facts->start_ns = facts->n_starts++ == 0 ? instant->time_ns : MIN (facts->start_ns, instant->time_ns);
      facts->daemon = instant->value != 0;
      break;
    case WEFT_INSTANT_END:
    case WEFT_INSTANT_RAISE:
    case WEFT_INSTANT_KILLED:
      /* The earliest, should there be more than one. */
      if (facts->n_ends++ == 0 || instant->time_ns < facts->end_ns)
        {
          facts->end_ns = instant->time_ns;
          facts->end_kind = instant->instant;
          facts->message = instant->arg;
        }
      break;
    case WEFT_INSTANT_JOIN:
      {
        Join join = { instant->time_ns, lane, instant->value };
        g_array_append_val (fold->joins, join);
      }
      break;
    default:
      break;
    }
  return TRUE;
}

/* (nullable): @lane's facts, if anything of it was folded. */
static const LaneFacts *
get_lane (LifecycleFold *fold,
          gint64         lane)
{
  const LaneFacts *facts;

  if (lane < 0 || lane >= fold->lanes->len)
    return NULL;
  facts = &g_array_index (fold->lanes, LaneFacts, lane);
  return facts->seen ? facts : NULL;
}

static char *
lane_label (WeftTimeline *timeline,
            gint64        lane)
{
  g_autofree char *number = NULL;

  if (lane >= 0 && lane < weft_timeline_get_n_lanes (timeline))
    return g_strdup (weft_format_lane_name (timeline, lane));
  number = weft_format_count (lane);
  /* Translators: a thread the trace has no lane for; %s is a number */
  return g_strdup_printf (_("lane %s"), number);
}

/* Every join returned at or after the end of the thread it joined. */
static void
report_joins (LifecycleFold *fold,
              WeftTimeline  *timeline,
              WeftChecks    *checks)
{
  const Join *first_bad = NULL;
  guint n_bad = 0;

  for (guint i = 0; i < fold->joins->len; i++)
    {
      const Join *join = &g_array_index (fold->joins, Join, i);
      const LaneFacts *joined = get_lane (fold, join->joined);

      if (joined != NULL && joined->n_ends > 0 && joined->end_ns <= join->time_ns)
        continue;
      /* The earliest, so the verdict reads the same however it was folded. */
      if (n_bad++ == 0 || join->time_ns < first_bad->time_ns)
        first_bad = join;
    }

  if (fold->joins->len == 0)
    weft_checks_add_pending (checks, "join", _("no join has returned yet"));
  else if (n_bad == 0 && fold->joins->len == 1)
    weft_checks_add (checks, "join", TRUE, FALSE, "%s", _("the join returned after its thread had ended"));
  else if (n_bad == 0)
    weft_checks_add (checks, "join", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE, "each of the %u join returned after its thread had ended",
                                  "each of the %u joins returned after its thread had ended", fold->joins->len),
                     fold->joins->len);
  else
    {
      g_autofree char *joiner = lane_label (timeline, first_bad->lane);
      g_autofree char *joined = lane_label (timeline, first_bad->joined);

      weft_checks_add (checks, "join", FALSE, FALSE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u join returned before its thread had ended: %s's join of %s",
                                    "%u joins returned before their threads had ended (first: %s's join of %s)",
                                    n_bad),
                       n_bad, joiner, joined);
    }
}

/* A thread that raised ended there, and said what went wrong. */
static void
report_raises (LifecycleFold *fold,
               WeftTimeline  *timeline,
               WeftChecks    *checks)
{
  guint n_raised = 0, n_went_on = 0, n_silent = 0;
  gint64 first_raised = -1, first_went_on = -1, first_silent = -1;

  for (guint lane = 0; lane < fold->lanes->len; lane++)
    {
      const LaneFacts *facts = get_lane (fold, lane);
      const char *message;

      if (facts == NULL || facts->n_ends == 0 || facts->end_kind != WEFT_INSTANT_RAISE)
        continue;
      if (n_raised++ == 0)
        first_raised = lane;
      message = weft_timeline_get_message (timeline, facts->message);
      if (facts->n_ends > 1 || facts->last_ns > facts->end_ns)
        {
          if (n_went_on++ == 0)
            first_went_on = lane;
        }
      else if (message == NULL || message[0] == '\0')
        {
          if (n_silent++ == 0)
            first_silent = lane;
        }
    }

  if (n_raised == 0)
    weft_checks_add_pending (checks, "raise", _("no thread has raised an error yet"));
  else if (n_went_on > 0)
    {
      g_autofree char *name = lane_label (timeline, first_went_on);

      weft_checks_add (checks, "raise", FALSE, FALSE, _("%s went on after it raised an error"), name);
    }
  else if (n_silent > 0)
    {
      g_autofree char *name = lane_label (timeline, first_silent);

      weft_checks_add (checks, "raise", FALSE, FALSE, _("%s raised an error that says nothing"), name);
    }
  else
    {
      const LaneFacts *facts = get_lane (fold, first_raised);
      g_autofree char *name = lane_label (timeline, first_raised);
      const char *message = weft_timeline_get_message (timeline, facts->message);

      if (n_raised == 1)
        weft_checks_add (checks, "raise", TRUE, FALSE, _("%s ended at its raise: “%s”"), name, message);
      else
        weft_checks_add (checks, "raise", TRUE, FALSE,
                         g_dngettext (GETTEXT_PACKAGE, "%u thread ended at its raise (first: %s, “%s”)",
                                      "%u threads ended at their raise (first: %s, “%s”)", n_raised),
                         n_raised, name, message);
    }
}

/* Whether main played its part to the end: it has returned, and every
 * join it began came back.  A stopped run breaks main's wait (a join
 * span with no JOIN after it) or its start before any join. */
typedef enum
{
  MAIN_RUNNING,
  MAIN_STOPPED,
  MAIN_DONE,
} MainFate;

static MainFate
main_fate (LifecycleFold *fold,
           WeftTimeline  *timeline,
           gint64        *last_join_ns,
           guint         *n_non_daemons)
{
  const LaneFacts *main_lane = get_lane (fold, MAIN_LANE);
  guint n_main_joins = 0;

  *last_join_ns = G_MININT64;
  *n_non_daemons = 0;
  for (guint i = 0; i < fold->joins->len; i++)
    {
      const Join *join = &g_array_index (fold->joins, Join, i);

      if (join->lane == MAIN_LANE)
        {
          n_main_joins++;
          *last_join_ns = MAX (*last_join_ns, join->time_ns);
        }
    }
  for (guint lane = 0; lane < fold->lanes->len; lane++)
    {
      const LaneFacts *facts = get_lane (fold, lane);

      if (lane != MAIN_LANE && facts != NULL && facts->n_starts > 0 && !facts->daemon)
        (*n_non_daemons)++;
    }

  if (main_lane == NULL || main_lane->n_ends == 0)
    return MAIN_RUNNING;
  /* Main that returned once the run was asked to stop was stopped: no
   * exit killed the daemons (weft-run.c decides both under one lock). */
  if (weft_timeline_get_stop_ns (timeline) != 0 && main_lane->end_ns >= weft_timeline_get_stop_ns (timeline))
    return MAIN_STOPPED;
  /* A main that ended in the middle of a join, or before it had started
   * every worker (daemons come first, so perhaps none), was stopped:
   * its end is no program's exit. */
  if (main_lane->n_join_waits > n_main_joins || (n_main_joins == 0 && *n_non_daemons > 0) ||
      *n_non_daemons < fold->n_workers)
    return MAIN_STOPPED;
  return MAIN_DONE;
}

/* Main joins every non-daemon worker, so none of them is still running
 * once main's last join has returned. */
static void
report_non_daemons (LifecycleFold *fold,
                    WeftTimeline  *timeline,
                    WeftChecks    *checks)
{
  gint64 last_join_ns;
  guint n_non_daemons, n_outlived = 0;
  gint64 first_outlived = -1;

  switch (main_fate (fold, timeline, &last_join_ns, &n_non_daemons))
    {
    case MAIN_RUNNING:
      weft_checks_add_pending (checks, "non-daemons", _("main has not finished joining its workers yet"));
      return;
    case MAIN_STOPPED:
      weft_checks_add_pending (checks, "non-daemons", _("the run was stopped before main had joined every worker"));
      return;
    case MAIN_DONE:
    default:
      break;
    }
  if (n_non_daemons == 0)
    {
      weft_checks_add_pending (checks, "non-daemons", _("main had no worker to join"));
      return;
    }

  for (guint lane = 0; lane < fold->lanes->len; lane++)
    {
      const LaneFacts *facts = get_lane (fold, lane);

      if (lane == MAIN_LANE || facts == NULL || facts->n_starts == 0 || facts->daemon)
        continue;
      if (facts->n_ends == 0 || facts->end_ns > last_join_ns)
        if (n_outlived++ == 0)
          first_outlived = lane;
    }

  if (n_outlived == 0 && n_non_daemons == 1)
    weft_checks_add (checks, "non-daemons", TRUE, FALSE, "%s",
                     _("the non-daemon worker had ended by main's last join"));
  else if (n_outlived == 0)
    weft_checks_add (checks, "non-daemons", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE, "all %u non-daemon worker had ended by main's last join",
                                  "all %u non-daemon workers had ended by main's last join", n_non_daemons),
                     n_non_daemons);
  else
    {
      g_autofree char *name = lane_label (timeline, first_outlived);

      weft_checks_add (checks, "non-daemons", FALSE, FALSE,
                       g_dngettext (GETTEXT_PACKAGE, "%u non-daemon thread outlived main's joins (%s)",
                                    "%u non-daemon threads outlived main's joins (first: %s)", n_outlived),
                       n_outlived, name);
    }
}

/* The program exits once main and every non-daemon thread have ended;
 * the daemons still running then are killed, and only they are. */
static void
report_daemons (LifecycleFold *fold,
                WeftTimeline  *timeline,
                WeftChecks    *checks)
{
  gint64 last_join_ns, exit_ns = G_MININT64;
  guint n_non_daemons, n_daemons = 0, n_killed = 0, n_unended = 0;
  guint n_bad = 0;
  gint64 first_bad = -1;
  MainFate fate = main_fate (fold, timeline, &last_join_ns, &n_non_daemons);

  /* A killed non-daemon is wrong whatever else happened. */
  for (guint lane = 0; lane < fold->lanes->len; lane++)
    {
      const LaneFacts *facts = get_lane (fold, lane);

      if (facts != NULL && facts->n_ends > 0 && facts->end_kind == WEFT_INSTANT_KILLED && !facts->daemon)
        {
          g_autofree char *name = lane_label (timeline, lane);

          weft_checks_add (checks, "daemons", FALSE, FALSE, _("%s was killed, but it was not a daemon"), name);
          return;
        }
    }

  /* When the program exited: the last of main and its non-daemons. */
  for (guint lane = 0; lane < fold->lanes->len; lane++)
    {
      const LaneFacts *facts = get_lane (fold, lane);

      if (facts == NULL || facts->n_starts == 0 || facts->daemon)
        continue;
      if (facts->n_ends == 0)
        {
          fate = MAIN_RUNNING;
          break;
        }
      exit_ns = MAX (exit_ns, facts->end_ns);
    }

  if (fate == MAIN_RUNNING)
    {
      weft_checks_add_pending (checks, "daemons", _("the program has not exited yet"));
      return;
    }
  if (fate == MAIN_STOPPED)
    {
      weft_checks_add_pending (checks, "daemons", _("the run was stopped before the program exited"));
      return;
    }

  for (guint lane = 0; lane < fold->lanes->len; lane++)
    {
      const LaneFacts *facts = get_lane (fold, lane);
      gboolean bad;

      if (facts == NULL || facts->n_starts == 0 || !facts->daemon)
        continue;
      n_daemons++;
      if (facts->n_ends == 0)
        {
          n_unended++;
          continue;
        }
      if (facts->end_kind == WEFT_INSTANT_KILLED)
        {
          /* Killed at the exit, not before it. */
          bad = facts->end_ns < exit_ns;
          n_killed += !bad;
        }
      else
        /* Ended on its own: only before the exit, or it was not killed. */
        bad = facts->end_ns > exit_ns;
      if (bad && n_bad++ == 0)
        first_bad = lane;
    }

  if (n_bad > 0)
    {
      g_autofree char *name = lane_label (timeline, first_bad);
      const LaneFacts *facts = get_lane (fold, first_bad);

      if (facts->end_kind == WEFT_INSTANT_KILLED)
        weft_checks_add (checks, "daemons", FALSE, FALSE, _("%s was killed before the program exited"), name);
      else
        weft_checks_add (checks, "daemons", FALSE, FALSE,
                         _("%s ran on after the program exited instead of being killed"), name);
    }
  else if (n_daemons == 0)
    weft_checks_add_pending (checks, "daemons", _("no daemon thread ran"));
  else if (n_unended > 0)
    weft_checks_add_pending (checks, "daemons", _("the program has exited; its daemons are being killed"));
  else if (n_killed == 0 && n_daemons == 1)
    weft_checks_add (checks, "daemons", TRUE, FALSE, "%s", _("the daemon had ended before the program exited"));
  else if (n_killed == 0)
    weft_checks_add (checks, "daemons", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE, "all %u daemon had ended before the program exited",
                                  "all %u daemons had ended before the program exited", n_daemons),
                     n_daemons);
  else
    weft_checks_add (checks, "daemons", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u daemon still running when the program exited was killed, none before",
                                  "%u daemons still running when the program exited were killed, none before",
                                  n_killed),
                     n_killed);
}

static void
lifecycle_report (gpointer      data,
                  WeftTimeline *timeline,
                  gboolean      complete,
                  WeftChecks   *checks)
{
  LifecycleFold *fold = data;

  report_joins (fold, timeline, checks);
  report_raises (fold, timeline, checks);
  report_non_daemons (fold, timeline, checks);
  report_daemons (fold, timeline, checks);
}

static gsize
lifecycle_fold_get_memory (gpointer data)
{
  LifecycleFold *fold = data;

  return sizeof *fold + weft_array_get_memory (fold->lanes) + weft_array_get_memory (fold->joins);
}

static const WeftCheckFuncs lifecycle_checks = {
  .fold_new = lifecycle_fold_new,
  .fold_free = lifecycle_fold_free,
  .fold_span = lifecycle_fold_span,
  .fold_instant = lifecycle_fold_instant,
  .report = lifecycle_report,
  .get_memory = lifecycle_fold_get_memory,
};

const WeftPattern weft_pattern_lifecycle = {
  .name = "lifecycle",
  .title = N_("Thread lifecycle"),
  .summary = N_("Threads start, end, raise, are joined, or die with the program"),
  .explanation = N_("Main is a team leader who sends the team out and waits at the door until every "
                    "one of them is home, in turn, before locking up. One of them gets lost and reports "
                    "an error instead, which ends that thread but still counts as coming home. The night "
                    "watch are daemons: nobody waits for them, and when the leader locks up and the "
                    "program exits, they are stopped wherever they are."),
  .icon_name = "weft-lifecycle-symbolic",
  .code = lifecycle_code,
  .params = (const WeftParamSpec[]) {
    { "workers", WEFT_PARAM_INTEGER, N_("Workers"), N_("How many threads main starts and joins; one of them raises"),
      1, MAX_WORKERS, 3, NULL },
    { "daemons", WEFT_PARAM_INTEGER, N_("Daemons"), N_("How many daemon threads main starts and never joins"),
      0, MAX_DAEMONS, 2, NULL },
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_RAISE) | WEFT_INSTANT_BIT (WEFT_INSTANT_KILLED) |
           WEFT_INSTANT_BIT (WEFT_INSTANT_JOIN),
  .count_workers = lifecycle_count_workers,
  .setup = lifecycle_setup,
  .free_state = lifecycle_free,
  .roles = roles,
  .work = lifecycle_work,
  .checks = &lifecycle_checks,
};
