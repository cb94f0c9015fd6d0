/* weft-export.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "weft-export.h"

G_DEFINE_QUARK (weft-export-error-quark, weft_export_error)

static const char * const extensions[] = {
  [WEFT_EXPORT_UNKNOWN] = NULL,
  [WEFT_EXPORT_SVG] = ".svg",
  [WEFT_EXPORT_PNG] = ".png",
  [WEFT_EXPORT_PDF] = ".pdf",
  [WEFT_EXPORT_JSON] = ".json",
};

/* The format follows the file name's extension, case-insensitively, so
 * that "Trace.SVG" is what the user meant. */
WeftExportFormat
weft_export_format_for_path (const char *path)
{
  g_autofree char *base = NULL;
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, WEFT_EXPORT_UNKNOWN);

  base = g_path_get_basename (path);
  lower = g_ascii_strdown (base, -1);
  for (guint i = WEFT_EXPORT_SVG; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (lower, extensions[i]) && strlen (lower) > strlen (extensions[i]))
      return i;

  return WEFT_EXPORT_UNKNOWN;
}

/**
 * weft_export_check_path:
 *
 * Says, before any work is done, whether @path names a file type Weft
 * writes in a folder it can write to.
 */
gboolean
weft_export_check_path (const char  *path,
                        GError     **error)
{
  g_autofree char *dir = NULL;

  if (weft_export_format_for_path (path) == WEFT_EXPORT_UNKNOWN)
    {
      g_set_error (error, WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_UNKNOWN_FORMAT,
                   _("“%s” is not a file type Weft can write; use .svg, .png, .pdf or .json"), path);
      return FALSE;
    }

  dir = g_path_get_dirname (path);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("Cannot write “%s”: the folder “%s” does not exist"), path, dir);
      return FALSE;
    }
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR,
                   _("Cannot write “%s”: it is a folder"), path);
      return FALSE;
    }
  if (access (dir, W_OK) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static void
set_write_error (GError     **error,
                 const char  *path,
                 int          saved_errno)
{
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
               _("Cannot write “%s”: %s"), path, g_strerror (saved_errno));
}

/* Refuses to replace a file the user may not write.  access() answers
 * for an ordinary user, but root passes every permission check and
 * rename() replaces a file whatever its mode, so a file with no write
 * permission for anyone (0444, say) is refused as well: its owner made
 * it read-only on purpose.  Checked here, when writing, rather than in
 * weft_export_check_path(): the mode can change while a run records,
 * and a file that cannot be replaced is a failed write, not a bad
 * option value. */
static gboolean
check_replaceable (const char  *path,
                   GError     **error)
{
  GStatBuf st;
  gboolean any_write_bit;
  int saved;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return TRUE;
  any_write_bit = (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) != 0;
  if (any_write_bit && access (path, W_OK) == 0)
    return TRUE;

  saved = any_write_bit ? errno : EACCES;
  if (saved == EACCES || saved == EPERM)
    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES,
                 _("Cannot write “%s”: the file is read-only"), path);
  else
    /* A read-only file system, say. */
    set_write_error (error, path, saved);
  return FALSE;
}

/* A temporary file beside @path, in the same folder so that rename()
 * can put it in place. */
static FILE *
open_temporary (const char  *path,
                char       **tmp_path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *tmp = g_build_filename (dir, name, NULL);
  FILE *file;
  int fd;

  /* 0666 less the umask, like any document, not mkstemp's usual 0600. */
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_write_error (error, path, errno);
      return NULL;
    }
  file = fdopen (fd, "wb");
  if (file == NULL)
    {
      int saved = errno;

      close (fd);
      g_unlink (tmp);
      set_write_error (error, path, saved);
      return NULL;
    }
  *tmp_path = g_steal_pointer (&tmp);
  return file;
}

/* What the write function said, with the file's name in front. */
static void
explain_failure (const char  *path,
                 GError     **error)
{
  if (*error == NULL)
    g_set_error_literal (error, WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_FAILED, _("Unknown error"));

  /* A cancel is no failure to write: say which export stopped. */
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                   _("The export to “%s” was cancelled"), path);
    }
  else
    g_prefix_error (error, _("Cannot write “%s”: "), path);
}

/* Everything written reaches the disk, or the reason it did not is
 * told.  A failed write may only show here, when stdio's buffer goes
 * out, so every step is checked. */
static gboolean
finish_file (FILE        *file,
             const char  *path,
             GError     **error)
{
  errno = 0;
  if (fflush (file) != 0 || ferror (file))
    {
      set_write_error (error, path, errno != 0 ? errno : EIO);
      return FALSE;
    }
  if (fsync (fileno (file)) != 0)
    {
      set_write_error (error, path, errno);
      return FALSE;
    }
  return TRUE;
}

/**
 * weft_export_write_atomically:
 *
 * Writes through @func into a temporary file beside @path and renames it
 * into place only once everything is written and synced, so a failure
 * or a cancel leaves neither half a file nor the temporary behind, and
 * an existing file as it was.  A file at @path the user may not write
 * is not replaced.  Errors name @path and say why.
 */
gboolean
weft_export_write_atomically (const char           *path,
                              WeftExportWriteFunc   func,
                              gpointer              user_data,
                              GError              **error)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GError) local_error = NULL;
  FILE *file;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!check_replaceable (path, error))
    return FALSE;
  file = open_temporary (path, &tmp, error);
  if (file == NULL)
    return FALSE;

  ok = func (file, user_data, &local_error);
  if (!ok)
    explain_failure (path, &local_error);
  else
    ok = finish_file (file, path, &local_error);

  errno = 0;
  if (fclose (file) != 0 && ok)
    {
      set_write_error (&local_error, path, errno != 0 ? errno : EIO);
      ok = FALSE;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      set_write_error (&local_error, path, errno);
      ok = FALSE;
    }

  if (!ok)
    {
      g_unlink (tmp);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return ok;
}

typedef struct
{
  const WeftExportRun *runs;
  guint n_runs;
  const WeftExportOptions *options;
  WeftExportFormat format;
} ExportJob;

/* A picture is drawn in one go by Cairo, which cannot be interrupted:
 * a cancel is honoured before it starts, or after, by discarding it. */
static gboolean
write_image_job (ExportJob  *job,
                 FILE       *file,
                 GError    **error)
{
  const WeftExportOptions *options = job->options;

  if (g_cancellable_set_error_if_cancelled (options->cancellable, error))
    return FALSE;
  if (!weft_export_write_images (job->runs, job->n_runs, job->format, options, file, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (options->cancellable, error))
    return FALSE;
  if (options->progress != NULL)
    options->progress (1.0, options->progress_data);
  return TRUE;
}

/* The trace is for programs: its verdicts are worked out again in
 * English, as the C locale words them, whatever the user's language
 * (the picture's, in @job's checks, follow it). */
static gboolean
write_trace_job (ExportJob  *job,
                 FILE       *file,
                 GError    **error)
{
  g_autoptr(WeftChecks) checks = NULL;
  locale_t previous = weft_format_use_c_locale ();

  checks = weft_check_timeline (job->runs[0].timeline);
  weft_format_restore_locale (previous);
  return weft_export_write_trace (job->runs[0].timeline, checks, job->options, file, error);
}

static gboolean
write_job (FILE     *file,
           gpointer  user_data,
           GError  **error)
{
  ExportJob *job = user_data;

  switch (job->format)
    {
    case WEFT_EXPORT_JSON:
      return write_trace_job (job, file, error);

    case WEFT_EXPORT_SVG:
    case WEFT_EXPORT_PNG:
    case WEFT_EXPORT_PDF:
      return write_image_job (job, file, error);

    case WEFT_EXPORT_UNKNOWN:
    default:
      g_set_error (error, WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_UNKNOWN_FORMAT,
                   _("Unknown file type"));
      return FALSE;
    }
}

/**
 * weft_export_runs:
 * @runs: the runs to write, the first on top
 * @n_runs: how many, from 1 to %WEFT_EXPORT_MAX_RUNS
 * @options: (nullable): range (in the first run's time) and size for
 *   pictures, progress and cancellation for every format; NULL for the
 *   defaults
 *
 * Writes @runs to @path in the format its extension names, as
 * weft_export_write_atomically() does: a picture draws them one above
 * the other on one time axis.  A JSON trace holds one run, so more than
 * one are refused, with a message saying so, and nothing is written.
 *
 * Returns: FALSE with @error set, naming @path, when it was not written;
 * G_IO_ERROR_CANCELLED when @options' cancellable was cancelled
 */
gboolean
weft_export_runs (const WeftExportRun      *runs,
                  guint                     n_runs,
                  const char               *path,
                  const WeftExportOptions  *options,
                  GError                  **error)
{
  static const WeftExportOptions defaults = { 0 };
  ExportJob job = { runs, n_runs, options ? options : &defaults, WEFT_EXPORT_UNKNOWN };

  g_return_val_if_fail (runs != NULL, FALSE);
  g_return_val_if_fail (n_runs >= 1 && n_runs <= WEFT_EXPORT_MAX_RUNS, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  for (guint i = 0; i < n_runs; i++)
    {
      g_return_val_if_fail (runs[i].timeline != NULL, FALSE);
      g_return_val_if_fail (runs[i].checks != NULL, FALSE);
    }

  if (!weft_export_check_path (path, error))
    return FALSE;
  job.format = weft_export_format_for_path (path);
  if (job.format == WEFT_EXPORT_JSON && n_runs > 1)
    {
      g_set_error (error, WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_ONE_RUN_ONLY,
                   _("A JSON trace holds one run, and two are compared: export them as SVG, PNG or PDF to keep "
                     "both on one time axis, or leave Compare to save one run as JSON"));
      return FALSE;
    }

  return weft_export_write_atomically (path, write_job, &job, error);
}

/**
 * weft_export_timeline:
 * @checks: the verdicts a picture shows, in the user's language; a
 *   JSON trace works them out again in English
 * @options: (nullable): range and size for pictures, progress and
 *   cancellation for every format; NULL for the defaults
 *
 * Writes @timeline to @path in the format its extension names, as
 * weft_export_write_atomically() does.
 *
 * Returns: FALSE with @error set, naming @path, when it was not written;
 * G_IO_ERROR_CANCELLED when @options' cancellable was cancelled
 */
gboolean
weft_export_timeline (WeftTimeline             *timeline,
                      WeftChecks               *checks,
                      const char               *path,
                      const WeftExportOptions  *options,
                      GError                  **error)
{
  WeftExportRun run = { timeline, checks, NULL };

  g_return_val_if_fail (timeline != NULL, FALSE);
  g_return_val_if_fail (checks != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return weft_export_runs (&run, 1, path, options, error);
}
