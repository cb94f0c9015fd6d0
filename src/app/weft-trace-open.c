/* weft-trace-open.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A trace of a long run takes seconds to read back; the window keeps
 * drawing meanwhile, so the reading runs on a GTask thread.  The file is
 * read through its local path: a file chooser inside Flatpak hands one
 * over from the document portal.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "weft-import-trace.h"
#include "weft-trace-open.h"

static void
open_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *file = task_data;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  WeftOpenedTrace *opened;
  GArray *events = NULL;
  WeftTimeline *timeline;

  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               /* TRANSLATORS: %s is a location, such as a web address */
                               _("Only files on this computer can be opened, not %s"), uri);
      return;
    }
  timeline = weft_trace_import_with_events (path, cancellable, &events, &error);
  if (timeline == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  opened = g_new0 (WeftOpenedTrace, 1);
  opened->timeline = timeline;
  opened->events = events;
  g_task_return_pointer (task, opened, (GDestroyNotify) weft_opened_trace_free);
}

void
weft_opened_trace_free (WeftOpenedTrace *opened)
{
  if (opened == NULL)
    return;
  g_clear_pointer (&opened->timeline, weft_timeline_unref);
  g_clear_pointer (&opened->events, g_array_unref);
  g_free (opened);
}

void
weft_trace_open_async (GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, weft_trace_open_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, open_in_thread);
}

WeftOpenedTrace *
weft_trace_open_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
