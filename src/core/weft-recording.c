/* weft-recording.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-recording.h"

/* How often the rings are drained with no frame clock to follow: a
 * thread running flat out on its own core emits up to about ten million
 * events per second, and 1 ms of that fits a ring many times over. */
#define DRAIN_INTERVAL_US 1000

/**
 * weft_record_run:
 * @max_ns: the longest the run may go on
 *
 * Starts @run, drains it into a new timeline until its workers finish,
 * @max_ns pass, or the timeline is full; then stops it, joins every
 * worker and finishes the timeline.
 *
 * Returns: (transfer full): the finished timeline, or %NULL if the run
 *   could not start
 */
WeftTimeline *
weft_record_run (WeftRun           *run,
                 gint64             max_ns,
                 WeftRecordingEnd  *end,
                 GError           **error)
{
  g_autoptr(WeftTimeline) timeline = NULL;
  WeftRecordingEnd why = WEFT_RECORDING_TIME_UP;
  gint64 deadline;

  if (!weft_run_start (run, error))
    return NULL;
  timeline = weft_timeline_new_for_run (run);

  deadline = weft_clock_now_ns () + max_ns;
  while (weft_clock_now_ns () < deadline)
    {
      if (weft_run_is_finished (run))
        {
          why = WEFT_RECORDING_FINISHED;
          break;
        }
      g_usleep (DRAIN_INTERVAL_US);
      weft_timeline_ingest (timeline);
      if (weft_timeline_is_full (timeline))
        {
          why = WEFT_RECORDING_FULL;
          break;
        }
    }
  weft_run_stop (run);
  weft_timeline_finish (timeline, 0);

  if (end != NULL)
    *end = why;
  return g_steal_pointer (&timeline);
}
