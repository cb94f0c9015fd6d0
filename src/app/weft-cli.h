/* weft-cli.h: the command line, and runs with no window
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "weft-pattern.h"

G_BEGIN_DECLS

#define WEFT_CLI_DEFAULT_DURATION 10.0
#define WEFT_CLI_MAX_DURATION 3600.0
#define WEFT_CLI_MIN_DURATION 0.01

/* Values as typed, NULL when not given; parsed by weft_cli_parse(). */
typedef struct
{
  char *pattern;
  char *params[WEFT_N_PARAMS];
  char *duration;
  char *export_path;
} WeftCliOptions;

void     weft_cli_options_clear (WeftCliOptions      *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WeftCliOptions, weft_cli_options_clear)
gboolean weft_cli_parse         (const WeftCliOptions *options,
                                 const WeftPattern   **pattern,
                                 WeftParams           *params,
                                 gboolean             *params_given,
                                 double               *duration,
                                 GError              **error);
void     weft_cli_list_patterns (void);
int      weft_cli_run_headless  (const WeftPattern *pattern,
                                 const WeftParams  *params,
                                 double             duration,
                                 const char        *path);

G_END_DECLS
