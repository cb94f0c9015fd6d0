/* weft-export-task.h: an export written on a worker thread, with progress
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "weft-export.h"

G_BEGIN_DECLS

typedef struct _WeftExportTask WeftExportTask;

WeftExportTask *weft_export_task_new          (WeftTimeline            *timeline,
                                               const char              *path,
                                               const WeftExportOptions *options);
WeftExportTask *weft_export_task_new_for_runs (guint                     n_runs,
                                               WeftTimeline * const     *timelines,
                                               const char * const       *labels,
                                               const char               *path,
                                               const WeftExportOptions  *options);
WeftExportTask *weft_export_task_ref          (WeftExportTask *self);
void            weft_export_task_unref        (WeftExportTask *self);
void            weft_export_task_run_async    (WeftExportTask      *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        weft_export_task_run_finish   (WeftExportTask  *self,
                                               GAsyncResult    *result,
                                               GError         **error);
double          weft_export_task_get_fraction (WeftExportTask *self);
const char     *weft_export_task_get_path     (WeftExportTask *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftExportTask, weft_export_task_unref)

G_END_DECLS
