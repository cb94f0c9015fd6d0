/* weft-export.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-export.h"

#include <string.h>

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
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, WEFT_EXPORT_UNKNOWN);

  lower = g_ascii_strdown (path, -1);
  for (guint i = WEFT_EXPORT_SVG; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (lower, extensions[i]) && strlen (lower) > strlen (extensions[i]))
      return i;

  return WEFT_EXPORT_UNKNOWN;
}

const char *
weft_export_format_extension (WeftExportFormat format)
{
  g_return_val_if_fail (format < G_N_ELEMENTS (extensions), NULL);
  return extensions[format];
}
