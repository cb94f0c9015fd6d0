/* weft-session.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "weft-session.h"

struct _WeftSession
{
  WeftRun *run;
  WeftTimeline *timeline;     /* from start on */
  WeftCollector *collector;   /* from start on */
  WeftSessionOptions options;
  gboolean paused;            /* the caller's thread only */
};

static void
session_clear (gpointer data)
{
  WeftSession *self = data;

  if (self->run != NULL)
    weft_run_request_stop (self->run);
  g_clear_pointer (&self->collector, weft_collector_free);
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  g_clear_pointer (&self->run, weft_run_unref);
}

/**
 * weft_session_new_for_run:
 * @run: a run not started yet
 * @options: (nullable): how to record; %NULL for lossless and defaults
 */
WeftSession *
weft_session_new_for_run (WeftRun                  *run,
                          const WeftSessionOptions *options)
{
  WeftSession *self;

  g_return_val_if_fail (run != NULL, NULL);

  self = g_atomic_rc_box_new0 (WeftSession);
  self->run = weft_run_ref (run);
  if (options != NULL)
    self->options = *options;
  weft_run_configure_recorder (run, self->options.mode, self->options.ring_capacity);

  return self;
}

WeftSession *
weft_session_new (const WeftPattern         *pattern,
                  const WeftParams          *params,
                  const WeftSessionOptions  *options,
                  GError                   **error)
{
  g_autoptr(WeftRun) run = weft_run_new (pattern, params, error);

  if (run == NULL)
    return NULL;
  return weft_session_new_for_run (run, options);
}

WeftSession *
weft_session_ref (WeftSession *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

/* The last reference stops the run and waits for its threads. */
void
weft_session_unref (WeftSession *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, session_clear);
}

/**
 * weft_session_start:
 *
 * Starts the collector, which starts the workers and records them.
 * Returns at once: a failure to start a worker is known once the session
 * is done (weft_session_get_error()).  Fails only when the collector's
 * own thread cannot start.
 */
gboolean
weft_session_start (WeftSession  *self,
                    GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->collector == NULL, FALSE);

  self->timeline = weft_timeline_new_for_run (self->run);
  if (self->options.memory_budget > 0)
    weft_timeline_set_memory_budget (self->timeline, self->options.memory_budget);
  self->collector = weft_collector_start (self->run, self->timeline, error);
  return self->collector != NULL;
}

/**
 * weft_session_set_paused:
 *
 * Parks every worker at its next step, or lets them go on.  The pause is
 * recorded in the timeline, from when it was asked to when it ended.
 */
void
weft_session_set_paused (WeftSession *self,
                         gboolean     paused)
{
  gint64 now;

  g_return_if_fail (self != NULL);

  if (self->paused == !!paused || self->collector == NULL || weft_collector_is_done (self->collector))
    return;
  self->paused = !!paused;
  /* Not under the timeline's lock, which the collector may hold for a
   * while: pausing answers at once.  One stamp for both edges, the
   * trace's and the run's clock's, so they agree exactly. */
  now = weft_clock_now_ns ();
  if (paused)
    weft_timeline_begin_pause (self->timeline, now);
  else
    weft_timeline_end_pause (self->timeline, now);
  weft_run_set_paused_at (self->run, paused, now);
}

/* Asks every worker to stop; returns at once. */
void
weft_session_request_stop (WeftSession *self)
{
  g_return_if_fail (self != NULL);

  if (self->paused)
    weft_session_set_paused (self, FALSE);
  weft_run_request_stop (self->run);
}

/* Whether every worker has been started and let go. */
gboolean
weft_session_is_started (WeftSession *self)
{
  return self->collector != NULL && weft_collector_is_started (self->collector);
}

/* Whether the run has ended and its timeline holds every event. */
gboolean
weft_session_is_done (WeftSession *self)
{
  return self->collector == NULL || weft_collector_is_done (self->collector);
}

/* Waits for the run to end (ask it to stop first, or let it finish). */
void
weft_session_join (WeftSession *self)
{
  if (self->collector != NULL)
    weft_collector_join (self->collector);
}

/* Why the run could not start, once done; NULL when it did. */
const GError *
weft_session_get_error (WeftSession *self)
{
  return self->collector != NULL ? weft_collector_get_error (self->collector) : NULL;
}

/**
 * weft_session_wait:
 * @max_ns: how long the run may go on, from when its workers are let go
 * @interrupted: (nullable): a flag a signal handler sets
 *
 * Lets a started run go on until its workers finish, @max_ns pass, or
 * @interrupted is set; then stops it and waits until its timeline holds
 * every event.  For callers with no main loop.
 *
 * Returns: why it ended
 */
WeftRecordingEnd
weft_session_wait (WeftSession                 *self,
                   gint64                       max_ns,
                   const volatile sig_atomic_t *interrupted)
{
  gint64 deadline;
  WeftRecordingEnd why = WEFT_RECORDING_TIME_UP;

  g_return_val_if_fail (self->collector != NULL, WEFT_RECORDING_FINISHED);

  /* The time given is the run's: it starts once every worker is let go. */
  while (!weft_session_is_started (self) && !weft_session_is_done (self) &&
         !(interrupted != NULL && *interrupted))
    g_usleep (1000);
  /* G_MAXINT64: no limit, not an overflow into the past. */
  deadline = max_ns > G_MAXINT64 - weft_clock_now_ns () ? G_MAXINT64 : weft_clock_now_ns () + max_ns;

  while (weft_clock_now_ns () < deadline)
    {
      if (weft_session_is_done (self))
        {
          why = WEFT_RECORDING_FINISHED;
          break;
        }
      if (interrupted != NULL && *interrupted)
        {
          why = WEFT_RECORDING_INTERRUPTED;
          break;
        }
      g_usleep (1000);
    }
  weft_session_request_stop (self);
  weft_session_join (self);
  if (weft_session_get_error (self) != NULL)
    why = WEFT_RECORDING_FAILED;
  return why;
}

WeftRun *
weft_session_get_run (WeftSession *self)
{
  return self->run;
}

/* (nullable): the timeline, once started. */
WeftTimeline *
weft_session_get_timeline (WeftSession *self)
{
  return self->timeline;
}

/* The verdict so far, read under the lock.  The collector folds each
 * drain into the checks as it goes, so this only copies a few messages
 * and costs the same at any length of run. */
WeftChecks *
weft_session_check (WeftSession *self)
{
  WeftChecks *checks;

  g_return_val_if_fail (self->timeline != NULL, NULL);

  weft_timeline_lock (self->timeline);
  checks = weft_check_timeline (self->timeline);
  weft_timeline_unlock (self->timeline);
  return checks;
}
