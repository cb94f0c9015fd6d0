/* weft-pattern-nightclub.c: a counting semaphore as the club's bouncer
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-checker.h"
#include "weft-patterns-private.h"
#include "weft-semaphore.h"

typedef struct
{
  WeftSemaphore club;
} ClubState;

static const WeftRole roles[] = {
  { NC_("thread role", "patron"), "patron", TRUE },
  { NULL },
};

static gpointer
nightclub_setup (WeftRun *run)
{
  ClubState *state = g_new0 (ClubState, 1);
  guint capacity = (guint) weft_params_get (weft_run_get_params (run), "capacity", 0);

  weft_semaphore_init (&state->club, run, "club", capacity, WEFT_SEMAPHORE_GUARD);
  return state;
}

static void
nightclub_free (gpointer data)
{
  ClubState *state = data;

  weft_semaphore_clear (&state->club);
  g_free (state);
}

static const char nightclub_code[] =
  "club = threading.Semaphore(capacity)\n"
  "\n"
  "def patron():\n"
  "    while True:\n"
  "        club.acquire()\n"
  "        dance()\n"
  "        club.release()\n"
  "        work()\n";

enum { LINE_ACQUIRE = 5, LINE_DANCE = 6, LINE_RELEASE = 7, LINE_WORK = 8 };

static void
nightclub_work (WeftWorker *worker,
                gpointer    data)
{
  ClubState *state = data;

  /* The doors open and everyone heads for them at once, so a club with
   * more patrons than places fills at the start; then each patron comes
   * and goes on their own time. */
  for (gint64 visit = 1;; visit++)
    {
      gboolean go_on;

      weft_worker_at (worker, LINE_ACQUIRE);
      if (!weft_semaphore_acquire (&state->club, worker))
        break;
      /* Inside: the semaphore stamped `critical` on the club. */
      weft_worker_at (worker, LINE_DANCE);
      go_on = weft_worker_pause (worker, 250, 500);
      weft_worker_at (worker, LINE_RELEASE);
      weft_semaphore_release (&state->club, worker);
      if (!go_on)
        break;
      /* Out on the town before queueing again. */
      weft_worker_at (worker, LINE_WORK);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 400, visit, 0))
        break;
    }
}

/* While a run goes on: how many were inside at once, what the occupancy
 * counter has shown and shows now, and the waits so far. */
typedef struct
{
  gboolean has_club;
  guint capacity;
  guint patrons;
  WeftOverlap inside;
  WeftRange occupancy;
  gint64 occupancy_now;   /* the last sample folded, if any */
  guint64 waits;
  guint64 waited_early;
} ClubFold;

static gpointer
nightclub_fold_new (WeftTimeline   *timeline,
                    gboolean        keep_all,
                    WeftFoldFilter *filter)
{
  const WeftParams *params = weft_timeline_get_params (timeline);
  ClubFold *fold = g_new0 (ClubFold, 1);
  guint16 club;

  weft_overlap_init (&fold->inside);
  fold->capacity = (guint) weft_params_get (params, "capacity", 0);
  fold->patrons = (guint) weft_params_get (params, "threads", 0);
  fold->has_club = weft_timeline_find_object (timeline, "club", &club);
  if (fold->has_club)
    {
      filter->span_states = (1u << WEFT_STATE_CRITICAL) | (1u << WEFT_STATE_WAITING);
      filter->span_object = club;
      filter->span_depths = ~0u;
      filter->sample_object = club;
    }
  return fold;
}

static void
nightclub_fold_free (gpointer data)
{
  ClubFold *fold = data;

  weft_overlap_clear (&fold->inside);
  g_free (fold);
}

/* A wait is judged by the occupancy when it began: the samples of that
 * moment are folded before the spans that start with it. */
static gboolean
nightclub_fold_span (gpointer        data,
                     guint           lane,
                     const WeftSpan *span)
{
  ClubFold *fold = data;

  if (span->state == WEFT_STATE_CRITICAL)
    weft_overlap_add (&fold->inside, span->start_ns, span->end_ns);
  else
    {
      fold->waits++;
      if (fold->occupancy.n_samples == 0 || fold->occupancy_now != fold->capacity)
        fold->waited_early++;
    }
  return TRUE;
}

static gboolean
nightclub_fold_sample (gpointer          data,
                       const WeftSample *sample)
{
  ClubFold *fold = data;

  weft_range_add (&fold->occupancy, sample->value);
  fold->occupancy_now = sample->value;
  return TRUE;
}

/* Never more than C inside; a patron is kept waiting only while the club
 * is full (the semaphore blocks no one while a permit is free), so with
 * more patrons than places it fills as soon as anyone queues. */
static void
nightclub_report (gpointer      data,
                  WeftTimeline *timeline,
                  gboolean      complete,
                  WeftChecks   *checks)
{
  ClubFold *fold = data;
  guint capacity = fold->capacity;
  g_autofree char *entries = weft_format_count (fold->inside.entries);
  g_autofree char *n_waits = weft_format_count (fold->waits);

  if (!fold->has_club)
    {
      weft_checker_report_missing (checks, "capacity", "club");
      return;
    }

  if (fold->inside.entries == 0)
    weft_checks_add_pending (checks, "capacity", _("no one has come out yet"));
  else if (fold->inside.most <= capacity)
    weft_checks_add (checks, "capacity", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "club never above %u of %u (%s visit)",
                                  "club never above %u of %u (%s visits)", fold->inside.entries),
                     fold->inside.most, capacity, entries);
  else
    weft_checks_add (checks, "capacity", FALSE, FALSE,
                     _("club held %u patrons, above its capacity of %u"), fold->inside.most, capacity);

  if (!weft_range_within (&fold->occupancy, 0, capacity))
    {
      g_autofree char *low = weft_format_count (fold->occupancy.lowest);
      g_autofree char *high = weft_format_count (fold->occupancy.highest);

      weft_checks_add (checks, "occupancy-counter", FALSE, FALSE,
                       _("occupancy counter left 0..%u: it read from %s to %s"), capacity, low, high);
    }

  if (fold->waited_early > 0)
    weft_checks_add (checks, "waits-when-full", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u patron was kept waiting while there was room inside",
                                  "%u patrons were kept waiting while there was room inside",
                                  fold->waited_early),
                     (guint) fold->waited_early);
  else if (fold->waits > 0)
    weft_checks_add (checks, "waits-when-full", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "the bouncer held patrons back only when the club was full (%s wait)",
                                  "the bouncer held patrons back only when the club was full (%s waits)",
                                  fold->waits),
                     n_waits);

  /* How full the club got is read from the occupancy counter, stamped
   * under the semaphore's lock, and not from the `critical` spans: those
   * are stamped outside it, so a patron preempted between taking a
   * permit and stamping its entry makes the spans overlap less than the
   * permits held. */
  if (fold->patrons > capacity)
    {
      gint64 highest = fold->occupancy.n_samples > 0 ? fold->occupancy.highest : 0;
      guint peak = (guint) CLAMP (highest, 0, G_MAXUINT);

      if (peak >= capacity)
        weft_checks_add (checks, "filled", TRUE, FALSE, _("club filled to %u of %u"), capacity, capacity);
      else if (fold->waits == 0)
        /* Nobody queued, so nothing was held back: not full yet is no
         * verdict either way. */
        weft_checks_add_pending (checks, "filled", _("club not full yet: at most %u of %u inside"),
                                 peak, capacity);
      else
        weft_checks_add (checks, "filled", FALSE, FALSE,
                         _("club not full yet: at most %u of %u inside"), peak, capacity);
    }
}

static gsize
nightclub_fold_get_memory (gpointer data)
{
  ClubFold *fold = data;

  return sizeof *fold + fold->inside.size * sizeof (gint64);
}

static const WeftCheckFuncs nightclub_checks = {
  .fold_new = nightclub_fold_new,
  .fold_free = nightclub_fold_free,
  .fold_span = nightclub_fold_span,
  .fold_sample = nightclub_fold_sample,
  .report = nightclub_report,
  .get_memory = nightclub_fold_get_memory,
};

const WeftPattern weft_pattern_nightclub = {
  .name = "nightclub",
  .title = N_("Semaphore nightclub"),
  .summary = N_("A bouncer lets in at most C patrons"),
  .explanation = N_("The club holds only so many people, so a bouncer at the door counts them: a patron "
                    "may enter while there is room, and otherwise queues until someone leaves. The "
                    "bouncer is a counting semaphore with one permit per place inside."),
  .icon_name = "weft-nightclub-symbolic",
  .code = nightclub_code,
  .params = (const WeftParamSpec[]) {
    WEFT_PARAM_SPEC_THREADS (1, 256, 8),
    { "capacity", WEFT_PARAM_INTEGER, N_("Places inside"), N_("How many patrons the club holds at once"), 1, 256, 3, NULL },
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_POST) | WEFT_INSTANT_BIT (WEFT_INSTANT_WAKE),
  .setup = nightclub_setup,
  .free_state = nightclub_free,
  .roles = roles,
  .work = nightclub_work,
  .checks = &nightclub_checks,
};
