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
 * Compared runs are exported together, one above the other; each
 * timeline is held in turn, the first first, always in that order.
 */

#include "config.h"

#include <stdatomic.h>

#include "weft-export-task.h"

struct _WeftExportTask
{
  guint n_runs;
  WeftTimeline *timelines[WEFT_EXPORT_MAX_RUNS];
  char *labels[WEFT_EXPORT_MAX_RUNS];
  char *path;
  WeftExportOptions options;
  _Atomic guint permille;          /* written by the worker, read by the window */
};

static void
export_task_clear (gpointer data)
{
  WeftExportTask *self = data;

  for (guint i = 0; i < self->n_runs; i++)
    {
      weft_timeline_unref (self->timelines[i]);
      g_free (self->labels[i]);
    }
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
  return weft_export_task_new_for_runs (1, &timeline, NULL, path, options);
}

/**
 * weft_export_task_new_for_runs:
 * @labels: (nullable): what each run is called
 * @options: (nullable): as for weft_export_task_new(); the range is in
 *   the first run's time
 *
 * An export of compared runs, drawn one above the other (see
 * weft_export_runs()).
 */
WeftExportTask *
weft_export_task_new_for_runs (guint                     n_runs,
                               WeftTimeline * const     *timelines,
                               const char * const       *labels,
                               const char               *path,
                               const WeftExportOptions  *options)
{
  WeftExportTask *self;

  g_return_val_if_fail (n_runs >= 1 && n_runs <= WEFT_EXPORT_MAX_RUNS, NULL);

  self = g_atomic_rc_box_new0 (WeftExportTask);
  self->n_runs = n_runs;
  for (guint i = 0; i < n_runs; i++)
    {
      self->timelines[i] = weft_timeline_ref (timelines[i]);
      self->labels[i] = labels != NULL ? g_strdup (labels[i]) : NULL;
    }
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
  WeftExportRun runs[WEFT_EXPORT_MAX_RUNS] = { { 0 } };
  WeftExportOptions options = self->options;
  GError *error = NULL;
  gboolean ok;

  for (guint i = 0; i < self->n_runs; i++)
    {
      weft_timeline_lock (self->timelines[i]);
      runs[i].timeline = self->timelines[i];
      runs[i].checks = weft_check_timeline (self->timelines[i]);
      runs[i].label = self->labels[i];
    }
  options.progress = on_progress;
  options.progress_data = self;
  options.cancellable = cancellable;
  ok = weft_export_runs (runs, self->n_runs, self->path, &options, &error);
  for (guint i = self->n_runs; i-- > 0;)
    {
      weft_checks_free (runs[i].checks);
      weft_timeline_unlock (self->timelines[i]);
    }
  if (ok)
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
