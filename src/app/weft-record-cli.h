/* weft-record-cli.h: `weft record -- PROGRAM`
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean weft_record_cli_wanted (int    argc,
                                 char **argv);
int      weft_record_cli_main   (int    argc,
                                 char **argv);

G_END_DECLS
