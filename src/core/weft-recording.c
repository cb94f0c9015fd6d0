/* weft-recording.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-recording.h"
#include "weft-session.h"

/* How often the caller looks whether the run ended; capture itself goes
 * on in the collector's thread regardless. */
#define POLL_INTERVAL_US 1000

/**
 * weft_record_run:
 * @max_ns: the longest the run may go on
 *
 * Starts @run, records it losslessly until its workers finish, @max_ns
 * pass, or the timeline reaches its memory budget; then stops it, joins
 * every worker and finishes the timeline.
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
  g_autoptr(WeftSession) session = weft_session_new_for_run (run, NULL);
  WeftRecordingEnd why;

  if (!weft_session_start (session, error))
    return NULL;
  why = weft_session_wait (session, max_ns, NULL);
  if (why == WEFT_RECORDING_FAILED)
    {
      g_propagate_error (error, g_error_copy (weft_session_get_error (session)));
      return NULL;
    }
  if (end != NULL)
    *end = why;
  return weft_timeline_ref (weft_session_get_timeline (session));
}
