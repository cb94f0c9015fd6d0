/* weft-import-trace.h: a Chrome Trace JSON that Weft wrote, read back
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "weft-timeline.h"

G_BEGIN_DECLS

/* The newest trace format this Weft reads (weft-export-trace.c writes it). */
#define WEFT_IMPORT_FORMAT_MAX 2

#define WEFT_IMPORT_ERROR (weft_import_error_quark ())

typedef enum
{
  WEFT_IMPORT_ERROR_NOT_JSON,       /* empty, truncated or not JSON at all */
  WEFT_IMPORT_ERROR_NOT_A_TRACE,    /* JSON, but not a trace Weft wrote */
  WEFT_IMPORT_ERROR_NEWER_FORMAT,   /* written by a newer Weft */
  WEFT_IMPORT_ERROR_INVALID,        /* a Weft trace with a field that cannot be */
  WEFT_IMPORT_ERROR_TOO_LARGE,      /* reading it would need more memory than there is */
} WeftImportError;

GQuark        weft_import_error_quark (void);
WeftTimeline *weft_trace_import       (const char    *path,
                                       GCancellable  *cancellable,
                                       GError       **error);
WeftTimeline *weft_trace_import_with_events (const char    *path,
                                             GCancellable  *cancellable,
                                             GArray       **events,
                                             GError       **error);

G_END_DECLS
