/* weft-recording.h: record a run with no window, for the CLI and tests
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-session.h"

G_BEGIN_DECLS

WeftTimeline *weft_record_run (WeftRun          *run,
                               gint64            max_ns,
                               WeftRecordingEnd *end,
                               GError          **error);

G_END_DECLS
