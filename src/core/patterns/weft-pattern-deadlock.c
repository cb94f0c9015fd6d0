/* weft-pattern-deadlock.c: the dining philosophers
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * N philosophers sit round a table with a fork between each two.  To
 * eat, a philosopher takes the fork on the left, then, after a moment,
 * the one on the right.  Taken in that order by everyone, the forks can
 * end up one in each hand to the left and nobody's right fork free:
 * every philosopher waits for the next, round the table, forever.
 * Weft's wait-for graph finds that cycle and stops the run, and the
 * checks read it back from the trace.  Taking the lower-numbered fork
 * first breaks the circle: the last philosopher reaches across for fork
 * 1 first, so no cycle can close.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-checker.h"
#include "weft-mutex.h"
#include "weft-patterns-private.h"

enum
{
  VARIANT_UNORDERED,
  VARIANT_ORDERED,
};

typedef struct
{
  gboolean ordered;
  guint n_forks;
  WeftMutex *forks;         /* fork-1 is forks[0] */
} TableState;

static const WeftRole roles[] = {
  { NC_("thread role", "philosopher"), "philosopher", TRUE },
  { NULL },
};

static gpointer
deadlock_setup (WeftRun *run)
{
  const WeftParams *params = weft_run_get_params (run);
  TableState *state = g_new0 (TableState, 1);

  state->ordered = params->variant == VARIANT_ORDERED;
  state->n_forks = (guint) weft_params_get (params, "threads", 5);
  state->forks = g_new0 (WeftMutex, state->n_forks);
  for (guint i = 0; i < state->n_forks; i++)
    {
      g_autofree char *name = g_strdup_printf ("fork-%u", i + 1);

      weft_mutex_init (&state->forks[i], run, name);
    }
  return state;
}

static void
deadlock_free (gpointer data)
{
  TableState *state = data;

  for (guint i = 0; i < state->n_forks; i++)
    weft_mutex_clear (&state->forks[i]);
  g_free (state->forks);
  g_free (state);
}

/* Forks are numbered from 0 here, as Python lists count. */
static const char deadlock_code[] =
  "forks = [threading.Lock() for i in range(n)]\n"
  "\n"
  "def philosopher(k):\n"
  "    first, second = k - 1, k % n\n"
  "    if ordered and second < first:\n"
  "        first, second = second, first\n"
  "    while True:\n"
  "        think()\n"
  "        with forks[first]:\n"
  "            time.sleep(0.3)\n"
  "            with forks[second]:\n"
  "                eat()\n";

enum { LINE_THINK = 8, LINE_WITH_FIRST = 9, LINE_SLEEP = 10, LINE_WITH_SECOND = 11, LINE_EAT = 12 };

/* Thinks, takes both forks, eats, and puts them down, until stopped.
 * Philosopher k has fork k on the left and fork k + 1 (fork 1 for the
 * last) on the right. */
static void
deadlock_work (WeftWorker *worker,
               gpointer    data)
{
  TableState *state = data;
  guint left = worker->number - 1;
  guint right = worker->number % state->n_forks;
  guint first = left, second = right;

  if (state->ordered && second < first)
    {
      first = right;
      second = left;
    }

  for (gint64 round = 1;; round++)
    {
      gboolean go_on;

      /* Thinking varies less than the moment between the two forks
       * lasts, so in the classic order everyone holds one fork before
       * anyone reaches for a second: the circle closes in the first
       * round or two, as the lesson needs, and never in the other order. */
      weft_worker_at (worker, LINE_THINK);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 200, round, 0))
        break;
      weft_worker_at (worker, LINE_WITH_FIRST);
      if (!weft_mutex_lock (&state->forks[first], worker))
        break;
      weft_worker_at (worker, LINE_SLEEP);
      go_on = weft_worker_pause (worker, 300, 400);
      weft_worker_at (worker, LINE_WITH_SECOND);
      if (go_on && weft_mutex_lock (&state->forks[second], worker))
        {
          weft_worker_at (worker, LINE_EAT);
          go_on = weft_worker_pause (worker, 100, 200);
          /* Leaving each `with` block puts that fork down. */
          weft_worker_at (worker, LINE_WITH_SECOND);
          weft_mutex_unlock (&state->forks[second], worker);
          weft_worker_at (worker, LINE_WITH_FIRST);
        }
      else
        /* Stopped while reaching for the second fork (a deadlock Weft
         * broke): the first goes down as `with forks[second]:` unwinds,
         * and the thread ends on the line it was stuck at. */
        go_on = FALSE;
      weft_mutex_unlock (&state->forks[first], worker);
      if (!go_on)
        break;
    }
}

/* ---- checks ---- */

typedef struct
{
  gboolean ordered;
  guint n_philosophers;
  GArray *ate;              /* guint64 words: a bit per lane that held both forks */
  guint n_ate;
} TableFold;

static gpointer
deadlock_fold_new (WeftTimeline   *timeline,
                   gboolean        keep_all,
                   WeftFoldFilter *filter)
{
  TableFold *fold = g_new0 (TableFold, 1);
  const WeftParams *params = weft_timeline_get_params (timeline);

  fold->ordered = params->variant == VARIANT_ORDERED;
  fold->n_philosophers = (guint) weft_params_get (params, "threads", 5);
  fold->ate = g_array_new (FALSE, TRUE, sizeof (guint64));
  /* A `critical` span one level down is the second fork, held inside
   * the first: the philosopher eats.  Each lane counts once, in any
   * order. */
  filter->span_states = 1u << WEFT_STATE_CRITICAL;
  filter->span_object = WEFT_FOLD_ANY_OBJECT;
  filter->span_depths = 1u << 1;
  filter->any_order = TRUE;
  return fold;
}

static void
deadlock_fold_free (gpointer data)
{
  TableFold *fold = data;

  g_array_unref (fold->ate);
  g_free (fold);
}

static gboolean
deadlock_fold_span (gpointer        data,
                    guint           lane,
                    const WeftSpan *span)
{
  TableFold *fold = data;

  if (!weft_item_set_has (fold->ate, lane))
    {
      weft_item_set_add (fold->ate, lane);
      fold->n_ate++;
    }
  return TRUE;
}

/* Whether @lane was in @state on @object at @time_ns, by its closed
 * spans: those of one depth are sorted and disjoint, so from the last
 * one back until one ends before that moment. */
static gboolean
lane_was_in (WeftTimeline *timeline,
             guint         lane,
             WeftState     state,
             guint16       object,
             gint64        time_ns)
{
  for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
    {
      guint n;
      const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

      for (guint i = n; i-- > 0 && spans[i].end_ns >= time_ns;)
        if (spans[i].start_ns <= time_ns && spans[i].state == state && spans[i].object == object)
          return TRUE;
    }
  return FALSE;
}

/* The unordered table: the cycle the wait-for graph reported is the
 * lesson, once every edge of it is seen in the finished trace, at the
 * moment it was detected. */
static void
report_cycle (TableFold    *fold,
              WeftTimeline *timeline,
              gboolean      complete,
              WeftChecks   *checks)
{
  gint64 detected_ns;
  guint n;
  const WeftWaitEdge *edges = weft_timeline_get_deadlock (timeline, &n, &detected_ns);
  g_autofree char *cycle = NULL;

  if (edges == NULL)
    {
      if (complete)
        weft_checks_add_pending (checks, "cycle", _("no cycle formed in this run"));
      else
        weft_checks_add_pending (checks, "cycle", _("no cycle has formed yet"));
      return;
    }
  /* Its spans close only as the stop ends every wait. */
  if (!complete)
    {
      weft_checks_add_pending (checks, "cycle", _("a cycle was found; the trace is read once the run has ended"));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      const char *object = weft_timeline_get_object_name (timeline, edges[i].object);

      if (!lane_was_in (timeline, edges[i].lane, WEFT_STATE_WAITING, edges[i].object, detected_ns))
        {
          weft_checks_add (checks, "cycle", FALSE, FALSE, _("the cycle reported does not hold in the trace: %s was not waiting for %s"),
                           weft_format_lane_name (timeline, edges[i].lane), object);
          return;
        }
      if (!lane_was_in (timeline, edges[i].holder, WEFT_STATE_CRITICAL, edges[i].object, detected_ns))
        {
          weft_checks_add (checks, "cycle", FALSE, FALSE, _("the cycle reported does not hold in the trace: %s did not hold %s"),
                           weft_format_lane_name (timeline, edges[i].holder), object);
          return;
        }
    }
  cycle = weft_timeline_describe_deadlock (timeline);
  weft_checks_add (checks, "cycle", FALSE, TRUE, _("every philosopher waits for the next: %s"), cycle);
}

/* The ordered table: no cycle, and nobody starved. */
static void
report_ordered (TableFold    *fold,
                WeftTimeline *timeline,
                gboolean      complete,
                WeftChecks   *checks)
{
  g_autofree char *cycle = weft_timeline_describe_deadlock (timeline);

  if (cycle != NULL)
    weft_checks_add (checks, "no-cycle", FALSE, FALSE, _("deadlock: %s"), cycle);
  else if (fold->n_ate == 0)
    weft_checks_add_pending (checks, "no-cycle", _("no one has eaten yet"));
  else
    weft_checks_add (checks, "no-cycle", TRUE, FALSE, _("no cycle formed: every fork was taken lower number first"));

  if (fold->n_ate == 0)
    weft_checks_add_pending (checks, "everyone-ate", _("no one has eaten yet"));
  else if (fold->n_ate >= fold->n_philosophers)
    weft_checks_add (checks, "everyone-ate", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE, "the %u philosopher ate", "all %u philosophers ate",
                                  fold->n_philosophers),
                     fold->n_philosophers);
  else if (complete)
    {
      guint hungry = 0;

      while (weft_item_set_has (fold->ate, hungry))
        hungry++;
      if (hungry < weft_timeline_get_n_lanes (timeline))
        weft_checks_add (checks, "everyone-ate", FALSE, FALSE, _("%s never held both forks"),
                         weft_format_lane_name (timeline, hungry));
      else
        weft_checks_add (checks, "everyone-ate", FALSE, FALSE,
                         g_dngettext (GETTEXT_PACKAGE, "only %u of %u philosophers ate", "only %u of %u philosophers ate",
                                      fold->n_philosophers),
                         fold->n_ate, fold->n_philosophers);
    }
  else
    weft_checks_add_pending (checks, "everyone-ate",
                             g_dngettext (GETTEXT_PACKAGE, "%u of %u philosophers has eaten so far",
                                          "%u of %u philosophers have eaten so far", fold->n_ate),
                             fold->n_ate, fold->n_philosophers);
}

static void
deadlock_report (gpointer      data,
                 WeftTimeline *timeline,
                 gboolean      complete,
                 WeftChecks   *checks)
{
  TableFold *fold = data;

  if (fold->ordered)
    report_ordered (fold, timeline, complete, checks);
  else
    report_cycle (fold, timeline, complete, checks);
}

static gsize
deadlock_fold_get_memory (gpointer data)
{
  TableFold *fold = data;

  return sizeof *fold + weft_array_get_memory (fold->ate);
}

static const WeftCheckFuncs deadlock_checks = {
  .fold_new = deadlock_fold_new,
  .fold_free = deadlock_fold_free,
  .fold_span = deadlock_fold_span,
  .report = deadlock_report,
  .get_memory = deadlock_fold_get_memory,
};

const WeftPattern weft_pattern_deadlock = {
  .name = "deadlock",
  .title = N_("Dining philosophers"),
  .summary = N_("Each philosopher takes one fork, then the next: a deadlock"),
  .explanation = N_("Philosophers sit round a table with one fork between each two, and each needs both "
                    "neighbouring forks to eat. If everyone picks up the left fork first, there comes a "
                    "moment when every hand holds one fork and every right fork is in a neighbour's hand: "
                    "each waits for the next, all the way round, and nobody eats again. Weft sees the circle "
                    "of waits and stops the run. If everyone takes the lower-numbered fork first, the last "
                    "philosopher reaches for fork 1 first, and the circle can never close."),
  .icon_name = "weft-deadlock-symbolic",
  .code = deadlock_code,
  .params = (const WeftParamSpec[]) {
    WEFT_PARAM_SPEC_THREADS (2, 16, 5),
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .variants = (const WeftVariant[]) {
    { "unordered", N_("Left, then right"), N_("Everyone takes the left fork first: the circle closes"), 0, TRUE },
    { "ordered", N_("Lower number first"), N_("Everyone takes the lower-numbered fork first: no circle can form") },
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_ACQUIRE) | WEFT_INSTANT_BIT (WEFT_INSTANT_RELEASE),
  .setup = deadlock_setup,
  .free_state = deadlock_free,
  .roles = roles,
  .work = deadlock_work,
  .checks = &deadlock_checks,
};
