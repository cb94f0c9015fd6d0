/* weft-export.h: write a recorded run to a file, chosen by its extension
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

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
} WeftExportError;

GQuark           weft_export_error_quark      (void);
WeftExportFormat weft_export_format_for_path  (const char *path);
const char      *weft_export_format_extension (WeftExportFormat format);

G_END_DECLS
