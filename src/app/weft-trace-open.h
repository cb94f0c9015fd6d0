/* weft-trace-open.h: reading a saved trace off the main loop
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "weft-timeline.h"

G_BEGIN_DECLS

void          weft_trace_open_async  (GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
WeftTimeline *weft_trace_open_finish (GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
