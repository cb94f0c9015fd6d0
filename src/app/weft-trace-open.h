/* weft-trace-open.h: reading a saved trace off the main loop
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "weft-timeline.h"

G_BEGIN_DECLS

/* A run read back, and the events it was built from, for a replay. */
typedef struct
{
  WeftTimeline *timeline;
  GArray *events;           /* WeftEvent */
} WeftOpenedTrace;

void             weft_opened_trace_free (WeftOpenedTrace *opened);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftOpenedTrace, weft_opened_trace_free)

void          weft_trace_open_async  (GFile               *file,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
WeftOpenedTrace *weft_trace_open_finish (GAsyncResult        *result,
                                         GError             **error);

G_END_DECLS
