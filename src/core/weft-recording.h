/* weft-recording.h: record a run with no window, for the CLI and tests
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-timeline.h"

G_BEGIN_DECLS

typedef enum
{
  WEFT_RECORDING_FINISHED,   /* every worker returned on its own */
  WEFT_RECORDING_TIME_UP,    /* stopped at the time limit */
  WEFT_RECORDING_FULL,       /* stopped at the timeline's event limit */
} WeftRecordingEnd;

WeftTimeline *weft_record_run (WeftRun          *run,
                               gint64            max_ns,
                               WeftRecordingEnd *end,
                               GError          **error);

G_END_DECLS
