/* weft-cli.h: the command line, and runs with no window
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <signal.h>

#include "weft-checker.h"
#include "weft-pattern.h"
#include "weft-session.h"

G_BEGIN_DECLS

#define WEFT_CLI_DEFAULT_DURATION 10.0
#define WEFT_CLI_MAX_DURATION 3600.0
#define WEFT_CLI_MIN_DURATION 0.01

/* Different parameter names over all patterns, at most. */
#define WEFT_CLI_MAX_PARAM_NAMES 32

/* Values as typed, NULL when not given; parsed by weft_cli_parse().
 * params[i] is the option named weft_cli_get_param_names()[i]. */
typedef struct
{
  char *pattern;
  char *variant;
  char *seed;
  char *params[WEFT_CLI_MAX_PARAM_NAMES];
  char *duration;
  char *export_path;
  char *recording;
  char *memory;
  char *words;
  gboolean code;
} WeftCliOptions;

/* How a picture the command line writes looks. */
typedef struct
{
  WeftWords words;
  gboolean with_code;
} WeftCliPicture;

/* Exit statuses, as `weft --help` lists them. */
enum
{
  WEFT_EXIT_OK = 0,             /* every check passed, is a lesson, or had nothing to check yet */
  WEFT_EXIT_FAILED = 1,         /* the run or the write failed */
  WEFT_EXIT_BAD_VALUE = 2,
  WEFT_EXIT_CHECK_FAILED = 3,   /* wins over inconclusive */
  WEFT_EXIT_INCONCLUSIVE = 4,
  WEFT_EXIT_SIGINT = 130,
  WEFT_EXIT_SIGTERM = 143,
};

#define WEFT_CLI_MIN_MEMORY_MIB 64
#define WEFT_CLI_MAX_MEMORY_MIB 65536

void     weft_cli_options_clear (WeftCliOptions      *options);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WeftCliOptions, weft_cli_options_clear)
gboolean weft_cli_parse         (const WeftCliOptions *options,
                                 const WeftPattern   **pattern,
                                 WeftParams           *params,
                                 gboolean             *params_given,
                                 double               *duration,
                                 WeftSessionOptions   *session_options,
                                 GError              **error);
gboolean weft_cli_parse_picture (const WeftCliOptions *options,
                                 WeftCliPicture       *picture,
                                 GError              **error);
gboolean weft_cli_set_clock     (const char           *value,
                                 GError              **error);
void     weft_cli_list_patterns (void);
const char * const *weft_cli_get_param_names (guint *n_names);
const GOptionEntry *weft_cli_get_option_entries (void);
int      weft_cli_run_headless  (const WeftPattern        *pattern,
                                 const WeftParams         *params,
                                 const WeftSessionOptions *session_options,
                                 double                    duration,
                                 const char               *path,
                                 const WeftCliPicture     *picture);
int      weft_cli_check_trace   (const char *path);
int      weft_cli_print_stats   (const char *path,
                                 gboolean    csv);

/* For the other commands (weft record). */
void     weft_cli_catch_signals          (gboolean catch);
void     weft_cli_reset_signals          (void);
const volatile sig_atomic_t *weft_cli_get_interrupted (void);
const volatile sig_atomic_t *weft_cli_get_abandoned (void);
int      weft_cli_exit_status_for_signal (int signum);
int      weft_cli_exit_status_for_checks (WeftChecks *checks);
char    *weft_cli_describe_recording     (WeftTimeline     *timeline,
                                          WeftRecordingEnd  end);
gboolean weft_cli_export                 (WeftTimeline                 *timeline,
                                          WeftChecks                   *checks,
                                          const char                   *path,
                                          const WeftCliPicture         *picture,
                                          const volatile sig_atomic_t  *abandon,
                                          GError                      **error);

G_END_DECLS
