/* weft-export-task.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A JSON export of a long run is hundreds of megabytes: written on the
 * main loop it would freeze the window for seconds.  Here it is checked
 * and written on a GTask thread, holding the timeline's lock so that a
 * live run's collector does not change it underneath (while it is held,
 * the run's workers wait for room in their rings, and the chart shows
 * that as recorder stalls).  The window polls the fraction done.
 */

#include "config.h"

#include <stdatomic.h>

#include "weft-export-task.h"

struct _WeftExportTask
{
  WeftTimeline *timeline;
  char *path;
  WeftExportOptions options;
  _Atomic guint permille;          /* written by the worker, read by the window */
};

static void
export_task_clear (gpointer data)
{
  WeftExportTask *self = data;

  weft_timeline_unref (self->timeline);
  g_free (self->path);
}

/**
 * weft_export_task_new:
 * @options: (nullable): the range, size and theme; its progress and
 *   cancellable fields are the task's own
 */
WeftExportTask *
weft_export_task_new (WeftTimeline            *timeline,
                      const char              *path,
                      const WeftExportOptions *options)
{
  WeftExportTask *self = g_atomic_rc_box_new0 (WeftExportTask);

  self->timeline = weft_timeline_ref (timeline);
  self->path = g_strdup (path);
  if (options != NULL)
    self->options = *options;
  self->options.progress = NULL;
  self->options.progress_data = NULL;
  self->options.cancellable = NULL;
  atomic_init (&self->permille, 0);
  return self;
}

WeftExportTask *
weft_export_task_ref (WeftExportTask *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
weft_export_task_unref (WeftExportTask *self)
{
  g_atomic_rc_box_release_full (self, export_task_clear);
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  WeftExportTask *self = user_data;

  /* Relaxed: a number for a progress bar; the task's completion, which
   * GTask publishes to the main thread, is what the result hangs on. */
  atomic_store_explicit (&self->permille, (guint) (CLAMP (fraction, 0.0, 1.0) * 1000), memory_order_relaxed);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  WeftExportTask *self = task_data;
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  g_autoptr(WeftChecks) checks = weft_check_timeline (self->timeline);
  WeftExportOptions options = self->options;
  GError *error = NULL;

  options.progress = on_progress;
  options.progress_data = self;
  options.cancellable = cancellable;
  if (weft_export_timeline (self->timeline, checks, self->path, &options, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
weft_export_task_run_async (WeftExportTask      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, weft_export_task_run_async);
  g_task_set_task_data (task, weft_export_task_ref (self), (GDestroyNotify) weft_export_task_unref);
  /* The export owns its cancellation: it removes its temporary file. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
weft_export_task_run_finish (WeftExportTask  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

double
weft_export_task_get_fraction (WeftExportTask *self)
{
  /* Relaxed: see on_progress(). */
  return atomic_load_explicit (&self->permille, memory_order_relaxed) / 1000.0;
}

const char *
weft_export_task_get_path (WeftExportTask *self)
{
  return self->path;
}
