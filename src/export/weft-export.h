/* weft-export.h: write a recorded run to a file, chosen by its extension
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <stdio.h>

#include "weft-checker.h"
#include "weft-timeline.h"

G_BEGIN_DECLS

typedef enum
{
  WEFT_EXPORT_UNKNOWN,
  WEFT_EXPORT_SVG,
  WEFT_EXPORT_PNG,
  WEFT_EXPORT_PDF,
  WEFT_EXPORT_JSON,
} WeftExportFormat;

#define WEFT_EXPORT_ERROR (weft_export_error_quark ())

typedef enum
{
  WEFT_EXPORT_ERROR_UNKNOWN_FORMAT,
  WEFT_EXPORT_ERROR_FAILED,
  WEFT_EXPORT_ERROR_ONE_RUN_ONLY,   /* a format that holds one run, asked for two */
} WeftExportError;

/* @fraction: how much is written, from 0 to 1; 1 once, at the end of a
 * successful write.  Called on the thread that writes. */
typedef void (*WeftExportProgressFunc) (double   fraction,
                                        gpointer user_data);

typedef struct
{
  /* What to draw, for the picture formats; JSON always holds the whole run. */
  gint64 t0;              /* range, in CLOCK_MONOTONIC ns; t1 <= t0 means the whole run */
  gint64 t1;
  int width;              /* in pixels (PNG) or points (SVG, PDF); 0 for the default */
  gboolean dark;
  WeftWords words;        /* what instants are called; the JSON keeps its fixed names */
  gboolean with_code;     /* the pattern's listing beside the chart */
  gboolean lanes_only;    /* every thread's lane, never the overview of many */
  double lanes_room;      /* the room the window's lanes had, to show the
                           * overview where it does; 0 for a window's worth */

  /* For every format; all may be NULL. */
  WeftExportProgressFunc progress;  /* JSON: about every 1%; pictures: once done */
  gpointer progress_data;
  GCancellable *cancellable;        /* looked at as often; cancelling fails the export
                                     * with G_IO_ERROR_CANCELLED and writes nothing */
} WeftExportOptions;

/* One of the runs a picture of compared runs stacks, the first on top. */
typedef struct
{
  WeftTimeline *timeline;
  WeftChecks *checks;     /* as a picture shows them, in the user's language;
                           * a JSON trace works them out again in English */
  const char *label;      /* what the run is called ("Data race", "notify()");
                           * NULL: its lesson's title */
} WeftExportRun;

#define WEFT_EXPORT_MAX_RUNS 2

/* Writes the whole file into @file; on failure returns FALSE with @error
 * saying why, which weft_export_write_atomically() prefixes with the
 * file's name (G_IO_ERROR_CANCELLED gets a message of its own). */
typedef gboolean (*WeftExportWriteFunc) (FILE     *file,
                                         gpointer  user_data,
                                         GError  **error);

GQuark           weft_export_error_quark      (void);
WeftExportFormat weft_export_format_for_path  (const char *path);
gboolean         weft_export_check_path       (const char *path,
                                               GError    **error);
gboolean         weft_export_write_atomically (const char          *path,
                                               WeftExportWriteFunc  func,
                                               gpointer             user_data,
                                               GError             **error);
gboolean         weft_export_timeline         (WeftTimeline            *timeline,
                                               WeftChecks              *checks,
                                               const char              *path,
                                               const WeftExportOptions *options,
                                               GError                 **error);
gboolean         weft_export_runs             (const WeftExportRun     *runs,
                                               guint                    n_runs,
                                               const char              *path,
                                               const WeftExportOptions *options,
                                               GError                 **error);

gboolean         weft_export_write_images     (const WeftExportRun     *runs,
                                               guint                    n_runs,
                                               WeftExportFormat         format,
                                               const WeftExportOptions *options,
                                               FILE                    *file,
                                               GError                 **error);
gboolean         weft_export_write_image      (WeftTimeline            *timeline,
                                               WeftChecks              *checks,
                                               WeftExportFormat         format,
                                               const WeftExportOptions *options,
                                               FILE                    *file,
                                               GError                 **error);
gboolean         weft_export_write_trace      (WeftTimeline            *timeline,
                                               WeftChecks              *checks,
                                               const WeftExportOptions *options,
                                               FILE                    *file,
                                               GError                 **error);

G_END_DECLS
