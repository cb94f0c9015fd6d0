/* weft-collector.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Capture must not depend on anyone watching: a window that is hidden,
 * minimised or busy drawing, or a headless loop, only reads the timeline.
 * This thread starts the run's workers (256 of them take a while, which
 * must not freeze a window), drains every ring into the timeline
 * continuously until the last worker has returned, then joins the
 * workers and finishes the timeline.  In lossless mode a worker whose ring is
 * full waits on the recorder's gate and wakes this thread at once.
 */

#define _GNU_SOURCE
#include "config.h"

#include <glib/gi18n-lib.h>
#include <pthread.h>
#include <sched.h>
#include <time.h>
#include <stdatomic.h>

#include "weft-collector.h"

/* How often the timeline's memory is held to its budget: checking walks
 * every lane, so not after every drain, but often enough that it cannot
 * outgrow the budget by much: after events that could take a 32nd of
 * it (an event takes under 64 bytes, summaries and room to grow
 * included), or 50 ms, whichever comes first. */
#define BUDGET_CHECK_NS (50 * WEFT_NSEC_PER_MSEC)
#define BUDGET_BYTES_PER_EVENT 64
/* The longest this thread steps aside for a reader of the timeline; a
 * woken reader takes microseconds to run. */
#define READER_GRACE_NS WEFT_NSEC_PER_MSEC
/* For a frame that found the timeline taken: a frame comes every 16 ms
 * or so, so the collector waits up to a frame and a half for the next,
 * and only for a frame that asked within that long. */
#define FRAME_GRACE_NS (24 * WEFT_NSEC_PER_MSEC)
#define FRAME_NAP_NS (250 * G_GINT64_CONSTANT (1000))

struct _WeftCollector
{
  WeftRun *run;
  WeftTimeline *timeline;
  pthread_t thread;
  gboolean joined;
  GError *error;             /* why the run could not start; read after done */
  _Atomic gboolean started;  /* the workers have been let go */
  _Atomic gboolean done;
  /* Stops a deadlocked run: see stop_deadlocked_run(). */
  pthread_t stopper;
  gboolean stopper_started;
  char *deadlock_reason;
  char *deadlock_reason_recorded;
};

/* Stopping runs every primitive's abort function, and each takes that
 * primitive's internal lock.  A worker may hold such a lock while it
 * waits for room in its ring, that is for this thread: so this thread
 * never stops the run itself, a thread of its own does, while this one
 * goes on draining. */
static void *
stopper_main (void *data)
{
  WeftCollector *self = data;

  pthread_setname_np (pthread_self (), "weft-stopper");
  weft_run_stop_because (self->run, self->deadlock_reason, self->deadlock_reason_recorded);
  return NULL;
}

static void
stop_deadlocked_run (WeftCollector *self,
                     char          *reason,
                     char          *recorded)
{
  if (self->stopper_started)
    {
      g_free (reason);
      g_free (recorded);
      return;
    }
  self->deadlock_reason = reason;
  self->deadlock_reason_recorded = recorded;
  /* Without a thread the run cannot be stopped here: it stops as it
   * would have, when its duration ends or its user stops it. */
  self->stopper_started = pthread_create (&self->stopper, NULL, stopper_main, self) == 0;
}

/* Lets a thread waiting to read the timeline (the window's frame, a
 * check) take the lock before this one takes it again.  Draining flat
 * out, this thread would otherwise ask again within nanoseconds of
 * unlocking and win over the reader it had just woken, every time: at
 * pace 0 frames waited hundreds of milliseconds (bench-capture). */
static void
let_readers_in (WeftTimeline *timeline)
{
  gint64 until;

  if (weft_timeline_has_waiters (timeline))
    {
      until = weft_clock_now_ns () + READER_GRACE_NS;
      while (weft_timeline_has_waiters (timeline) && weft_clock_now_ns () < until)
        sched_yield ();
    }
  /* A window's frame does not wait for the lock; it is let in here by
   * the collector waiting for it, a frame at most.  The workers go on
   * meanwhile: a full ring's wait is recorded as the recorder's. */
  if (weft_timeline_is_frame_wanted (timeline, FRAME_GRACE_NS))
    {
      struct timespec nap = { 0, FRAME_NAP_NS };

      until = weft_clock_now_ns () + FRAME_GRACE_NS;
      while (weft_timeline_is_frame_wanted (timeline, FRAME_GRACE_NS) && weft_clock_now_ns () < until)
        nanosleep (&nap, NULL);
    }
}

static void *
collector_main (void *data)
{
  WeftCollector *self = data;
  WeftRecorder *recorder = weft_run_get_recorder (self->run);
  gint64 next_budget_check = 0;
  guint64 events_unchecked = 0;

  pthread_setname_np (pthread_self (), "weft-collector");

  if (!weft_run_start (self->run, &self->error))
    {
      /* The workers that did start were stopped and joined. */
      weft_recorder_close (recorder);
      weft_timeline_lock (self->timeline);
      weft_timeline_finish (self->timeline, 0);
      weft_timeline_unlock (self->timeline);
      /* Release: as below; the error is published with `done`. */
      atomic_store_explicit (&self->done, TRUE, memory_order_release);
      return NULL;
    }
  /* Relaxed: a signal to start the clock on a run's duration; the
   * timeline's data is read under its lock. */
  atomic_store_explicit (&self->started, TRUE, memory_order_relaxed);

  for (;;)
    {
      /* Read before the drain: once every worker has returned, one more
       * drain holds every event they wrote. */
      gboolean finished = weft_run_is_finished (self->run);
      char *deadlock, *deadlock_recorded;
      gsize n;

      weft_timeline_lock (self->timeline);
      n = weft_timeline_ingest (self->timeline);
      events_unchecked += n;
      /* The run goes on at any length: past the budget, the oldest
       * detail goes, here, where nobody reads the timeline meanwhile. */
      if (events_unchecked * BUDGET_BYTES_PER_EVENT >= weft_timeline_get_memory_budget (self->timeline) / 32 ||
          weft_clock_now_ns () >= next_budget_check)
        {
          weft_timeline_keep_within_budget (self->timeline);
          next_budget_check = weft_clock_now_ns () + BUDGET_CHECK_NS;
          events_unchecked = 0;
        }
      deadlock = weft_timeline_take_deadlock_stop (self->timeline, &deadlock_recorded);
      weft_timeline_unlock (self->timeline);
      if (deadlock != NULL)
        stop_deadlocked_run (self, deadlock, deadlock_recorded);
      let_readers_in (self->timeline);

      if (finished)
        break;
      if (n < WEFT_COLLECTOR_IDLE_BATCH)
        weft_recorder_wait_for_work (recorder, WEFT_COLLECTOR_IDLE_NAP_NS);
    }

  /* Before the join frees the pattern's state, whose primitives the
   * stopper may still be aborting. */
  if (self->stopper_started)
    pthread_join (self->stopper, NULL);
  /* Every worker has returned, so this is immediate. */
  weft_run_join (self->run);
  weft_recorder_close (recorder);
  weft_timeline_lock (self->timeline);
  weft_timeline_finish (self->timeline, 0);
  weft_timeline_keep_within_budget (self->timeline);
  weft_timeline_unlock (self->timeline);

  /* Release: pairs with the acquire in weft_collector_is_done(), so a
   * reader that sees `done` sees the finished timeline. */
  atomic_store_explicit (&self->done, TRUE, memory_order_release);
  return NULL;
}

/**
 * weft_collector_start:
 *
 * Starts a thread that starts @run's workers and drains them into
 * @timeline, which must be new for it.  Returns at once; whether the
 * workers could start is known once done (weft_collector_get_error()).
 *
 * Returns: (transfer full) (nullable): the collector, or %NULL when no
 *   thread could be started
 */
WeftCollector *
weft_collector_start (WeftRun       *run,
                      WeftTimeline  *timeline,
                      GError       **error)
{
  g_autoptr(WeftCollector) self = g_new0 (WeftCollector, 1);
  int res;

  self->run = weft_run_ref (run);
  self->timeline = weft_timeline_ref (timeline);
  atomic_init (&self->started, FALSE);
  atomic_init (&self->done, FALSE);

  res = pthread_create (&self->thread, NULL, collector_main, self);
  if (res != 0)
    {
      self->joined = TRUE;
      g_set_error (error, G_THREAD_ERROR, G_THREAD_ERROR_AGAIN,
                   _("Could not start the recorder’s thread: %s"), g_strerror (res));
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Whether the workers have all returned, been joined, and every event
 * they wrote is in the finished timeline. */
gboolean
weft_collector_is_done (WeftCollector *self)
{
  return atomic_load_explicit (&self->done, memory_order_acquire);
}

/* Whether every worker has been started and let go. */
gboolean
weft_collector_is_started (WeftCollector *self)
{
  return atomic_load_explicit (&self->started, memory_order_relaxed);
}

/* Why the run could not start, once done; NULL when it did. */
const GError *
weft_collector_get_error (WeftCollector *self)
{
  if (!weft_collector_is_done (self))
    return NULL;
  return self->error;
}

/* Waits until done; the run must have been asked to stop, or end. */
void
weft_collector_join (WeftCollector *self)
{
  if (self->joined)
    return;
  pthread_join (self->thread, NULL);
  self->joined = TRUE;
}

void
weft_collector_free (WeftCollector *self)
{
  if (self == NULL)
    return;
  if (!self->joined)
    {
      weft_run_request_stop (self->run);
      weft_collector_join (self);
    }
  g_clear_error (&self->error);
  g_free (self->deadlock_reason);
  g_free (self->deadlock_reason_recorded);
  weft_timeline_unref (self->timeline);
  weft_run_unref (self->run);
  g_free (self);
}
