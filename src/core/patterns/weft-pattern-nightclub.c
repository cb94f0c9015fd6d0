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
  { "patron", "patron", TRUE },
};

static gpointer
nightclub_setup (WeftRun *run)
{
  ClubState *state = g_new0 (ClubState, 1);
  guint capacity = weft_params_get_uint (weft_run_get_params (run), WEFT_PARAM_CAPACITY);

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

      if (!weft_semaphore_acquire (&state->club, worker))
        break;
      /* Inside: the semaphore stamped `critical` on the club. */
      go_on = weft_worker_pause (worker, 250, 500);
      weft_semaphore_release (&state->club, worker);
      if (!go_on)
        break;
      /* Out on the town before queueing again. */
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 400, visit, 0))
        break;
    }
}

/* Never more than C inside; a patron is kept waiting only while the club
 * is full (the semaphore blocks no one while a permit is free), so with
 * more patrons than places it fills as soon as anyone queues. */
static void
nightclub_check (WeftTimeline *timeline,
                 WeftChecks   *checks)
{
  const WeftParams *params = weft_timeline_get_params (timeline);
  guint capacity = weft_params_get_uint (params, WEFT_PARAM_CAPACITY);
  guint patrons = weft_params_get_uint (params, WEFT_PARAM_THREADS);
  g_autoptr(GArray) inside = NULL;
  g_autoptr(GArray) waits = NULL;
  g_autofree char *entries = NULL;
  g_autofree char *n_waits = NULL;
  gint64 lowest, highest;
  guint16 club;
  guint most, waited_early = 0;

  if (!weft_timeline_find_object (timeline, "club", &club))
    {
      weft_checks_add (checks, "capacity", FALSE, FALSE, _("no object “%s” in the trace"), "club");
      return;
    }

  inside = weft_checker_collect_spans (timeline, WEFT_STATE_CRITICAL, club);
  most = weft_checker_max_concurrent (inside);
  entries = weft_format_count (inside->len);
  if (most <= capacity)
    weft_checks_add (checks, "capacity", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "club never above %u of %u (%s visit)",
                                  "club never above %u of %u (%s visits)", inside->len),
                     most, capacity, entries);
  else
    weft_checks_add (checks, "capacity", FALSE, FALSE,
                     _("club held %u patrons, above its capacity of %u"), most, capacity);

  if (!weft_checker_samples_within (timeline, club, 0, capacity, &lowest, &highest))
    {
      g_autofree char *low = weft_format_count (lowest);
      g_autofree char *high = weft_format_count (highest);

      weft_checks_add (checks, "occupancy-counter", FALSE, FALSE,
                       _("occupancy counter left 0..%u: it read from %s to %s"), capacity, low, high);
    }

  waits = weft_checker_collect_spans (timeline, WEFT_STATE_WAITING, club);
  for (guint i = 0; i < waits->len; i++)
    {
      gint64 occupancy;

      if (!weft_timeline_get_value_at (timeline, club, g_array_index (waits, WeftLaneSpan, i).start_ns, &occupancy) ||
          occupancy != capacity)
        waited_early++;
    }
  n_waits = weft_format_count (waits->len);
  if (waited_early > 0)
    weft_checks_add (checks, "waits-when-full", FALSE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%u patron was kept waiting while there was room inside",
                                  "%u patrons were kept waiting while there was room inside", waited_early),
                     waited_early);
  else if (waits->len > 0)
    weft_checks_add (checks, "waits-when-full", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "the bouncer held patrons back only when the club was full (%s wait)",
                                  "the bouncer held patrons back only when the club was full (%s waits)",
                                  waits->len),
                     n_waits);

  /* How full the club got is read from the occupancy counter, stamped
   * under the semaphore's lock, and not from the `critical` spans: those
   * are stamped outside it, so a patron preempted between taking a
   * permit and stamping its entry makes the spans overlap less than the
   * permits held. */
  if (patrons > capacity)
    {
      guint peak = (guint) CLAMP (highest, 0, G_MAXUINT);

      if (peak >= capacity)
        weft_checks_add (checks, "filled", TRUE, FALSE, _("club filled to %u of %u"), capacity, capacity);
      else
        /* Nobody queued, so nothing was held back: not yet full is fine. */
        weft_checks_add (checks, "filled", waits->len == 0, FALSE,
                         _("club not full yet: at most %u of %u inside"), peak, capacity);
    }
}

const WeftPattern weft_pattern_nightclub = {
  .name = "nightclub",
  .title = N_("Semaphore nightclub"),
  .summary = N_("A bouncer lets in at most C patrons"),
  .explanation = N_("The club holds only so many people, so a bouncer at the door counts them: a patron "
                    "may enter while there is room, and otherwise queues until someone leaves. The "
                    "bouncer is a counting semaphore with one permit per place inside."),
  .icon_name = "weft-nightclub-symbolic",
  .ranges = {
    [WEFT_PARAM_THREADS] = { TRUE, 1, 256, 8 },
    [WEFT_PARAM_CAPACITY] = { TRUE, 1, 256, 3 },
    [WEFT_PARAM_PACE] = { TRUE, 0, 10, 1 },
  },
  .setup = nightclub_setup,
  .free_state = nightclub_free,
  .roles = roles,
  .work = nightclub_work,
  .check = nightclub_check,
};
