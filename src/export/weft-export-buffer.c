/* weft-export-buffer.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>

#include "weft-export-buffer.h"

/* @total: how many items the export will count with _advance(), for the
 * progress fraction. */
void
weft_export_buffer_init (WeftExportBuffer        *buffer,
                         FILE                    *file,
                         const WeftExportOptions *options,
                         guint64                  total)
{
  *buffer = (WeftExportBuffer) { 0 };
  buffer->file = file;
  buffer->data = g_malloc (WEFT_EXPORT_BUFFER_SIZE);
  buffer->total = total;
  if (options != NULL)
    {
      buffer->progress = options->progress;
      buffer->progress_data = options->progress_data;
      buffer->cancellable = options->cancellable;
    }
  /* A report every hundredth of the work: often enough for a progress
   * bar and a prompt cancel, rare enough to cost nothing. */
  buffer->report_step = MAX (total / 100, 1);
  buffer->next_report = buffer->report_step;
}

void
weft_export_buffer_flush (WeftExportBuffer *buffer)
{
  /* After a failure the rest is dropped: the file will be thrown away,
   * and the first error is the one that says why. */
  if (buffer->len > 0 && buffer->write_errno == 0)
    {
      errno = 0;
      if (fwrite (buffer->data, 1, buffer->len, buffer->file) != buffer->len)
        buffer->write_errno = errno != 0 ? errno : EIO;
    }
  buffer->len = 0;
}

/* Bytes too many to copy first go to the file as they are. */
void
weft_export_buffer_put_large (WeftExportBuffer *buffer,
                              const char       *bytes,
                              gsize             n)
{
  weft_export_buffer_flush (buffer);
  if (buffer->write_errno != 0)
    return;
  errno = 0;
  if (fwrite (bytes, 1, n, buffer->file) != n)
    buffer->write_errno = errno != 0 ? errno : EIO;
}

/* Called by _advance() every hundredth of the work. */
gboolean
weft_export_buffer_report (WeftExportBuffer *buffer)
{
  buffer->next_report = buffer->done + buffer->report_step;
  if (buffer->cancellable != NULL && g_cancellable_is_cancelled (buffer->cancellable))
    buffer->cancelled = TRUE;
  if (buffer->cancelled || buffer->write_errno != 0)
    return FALSE;
  /* The whole is reported once, by _finish(), when it is really done. */
  if (buffer->progress != NULL && buffer->done < buffer->total)
    buffer->progress ((double) buffer->done / buffer->total, buffer->progress_data);
  return TRUE;
}

/**
 * weft_export_buffer_finish:
 *
 * Writes what is left and frees the buffer.
 *
 * Returns: FALSE, with @error set, when a write failed or the export
 * was cancelled
 */
gboolean
weft_export_buffer_finish (WeftExportBuffer  *buffer,
                           GError           **error)
{
  if (buffer->cancellable != NULL && g_cancellable_is_cancelled (buffer->cancellable))
    buffer->cancelled = TRUE;
  if (!buffer->cancelled)
    weft_export_buffer_flush (buffer);
  g_clear_pointer (&buffer->data, g_free);

  if (buffer->cancelled)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The export was cancelled"));
      return FALSE;
    }
  if (buffer->write_errno != 0)
    {
      weft_export_set_io_error (error, buffer->write_errno);
      return FALSE;
    }
  if (buffer->progress != NULL)
    buffer->progress (1.0, buffer->progress_data);
  return TRUE;
}

/* @text quoted and escaped as a JSON string. */
char *
weft_export_json_string (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 2);

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
          break;
        }
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

/* For strings written once or a few times; those written per event are
 * escaped once up front. */
void
weft_export_buffer_put_json_string (WeftExportBuffer *buffer,
                                    const char       *text)
{
  g_autofree char *json = weft_export_json_string (text);

  weft_export_buffer_put (buffer, json, strlen (json));
}

/* A failed write, as the system explains it; the caller, who knows the
 * file's name, puts that in front. */
void
weft_export_set_io_error (GError **error,
                          int      saved_errno)
{
  g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
}
