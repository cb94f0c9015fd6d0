/* weft-record-cli.c: `weft record [OPTIONS] -- PROGRAM [ARGS...]`
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a program with Weft's recorder preloaded.  With --export it runs
 * headless and writes the trace when the program exits or the duration
 * ends; without, it opens a window of its own (a new process, even with
 * a Weft window open) on the live run.  The program's output is its
 * own; Weft's exit status is Weft's (0, 3 for a failed check or a
 * deadlock, ...), the program's is in the summary and the trace.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "weft-application.h"
#include "weft-checker.h"
#include "weft-cli.h"
#include "weft-export.h"
#include "weft-format.h"
#include "weft-record-cli.h"
#include "weft-session.h"

typedef struct
{
  char *export_path;
  char *duration;
  char *clock;
  gboolean detach;
  char **program;
} RecordOptions;

gboolean
weft_record_cli_wanted (int    argc,
                        char **argv)
{
  return argc >= 2 && g_strcmp0 (argv[1], "record") == 0;
}

static void
record_options_clear (RecordOptions *options)
{
  g_free (options->export_path);
  g_free (options->duration);
  g_free (options->clock);
  g_strfreev (options->program);
}

static gboolean
parse (int             argc,
       char          **argv,
       RecordOptions  *options,
       GError        **error)
{
  GOptionEntry entries[] = {
    { "export", 'e', 0, G_OPTION_ARG_FILENAME, &options->export_path,
      N_("Record with no window and write the trace to FILE (.json, .svg, .png or .pdf) when the program exits"),
      N_("FILE") },
    { "duration", 'd', 0, G_OPTION_ARG_STRING, &options->duration,
      N_("Stop recording after SECONDS (default: when the program exits)"), N_("SECONDS") },
    { "clock", 0, 0, G_OPTION_ARG_STRING, &options->clock,
      N_("tsc (default where the CPU has an invariant TSC): stamp events with the CPU’s time-stamp counter, calibrated to CLOCK_MONOTONIC; monotonic: stamp them with clock_gettime (CLOCK_MONOTONIC), which costs more"),
      N_("CLOCK") },
    { "detach", 0, 0, G_OPTION_ARG_NONE, &options->detach,
      N_("When recording stops before the program ends, let it go on unrecorded instead of stopping it"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->program, NULL, N_("-- PROGRAM [ARGS…]") },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = g_new0 (char *, argc + 1);

  /* TRANSLATORS: the summary of `weft record --help` */
  g_option_context_set_summary (context, _("Record an unmodified program’s threads: every mutex, condition, "
                                           "semaphore, barrier and thread it uses, drawn live."));
  g_option_context_set_description (context,
                                    _("The program runs with Weft’s recorder library preloaded, so it must be "
                                      "dynamically linked.  Its output is its own; its exit status is in the "
                                      "summary and the trace.  Exit status: 0 every check passed; 1 the "
                                      "recording or the write failed; 2 a bad value; 3 a check failed or a "
                                      "deadlock was found; 4 a check could not be verified; 130 or 143 after "
                                      "Ctrl-C or SIGTERM.  Inside the Flatpak sandbox, only programs the "
                                      "sandbox can run can be recorded."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  /* "weft record": one program name for the messages.  parse_strv()
   * frees the arguments it takes out, as plain parse() would leak them. */
  args[0] = g_strdup_printf ("%s %s", argv[0], argv[1]);
  for (int i = 2; i < argc; i++)
    args[i - 1] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, error))
    return FALSE;
  if (options->program == NULL || options->program[0] == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("No program to record: give it after --, as in “weft record -- ./my-program”"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_duration (const char  *text,
                gint64      *max_ns,
                GError     **error)
{
  char *end = NULL;
  double seconds;

  *max_ns = G_MAXINT64;
  if (text == NULL)
    return TRUE;
  seconds = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(seconds >= WEFT_CLI_MIN_DURATION && seconds <= WEFT_CLI_MAX_DURATION))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--duration must be a number of seconds from %g to %g, not “%s”"),
                   WEFT_CLI_MIN_DURATION, WEFT_CLI_MAX_DURATION, text);
      return FALSE;
    }
  *max_ns = (gint64) (seconds * WEFT_NSEC_PER_SEC);
  return TRUE;
}

/* Threads the program's end cut off in a wait: "worker 12 (waiting on
 * cond 0x...)", or NULL when none was. */
static char *
describe_blocked_at_end (WeftTimeline *timeline,
                         WeftProgram  *program)
{
  GString *text = NULL;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint depth = weft_timeline_get_lane_depth (timeline, lane); depth-- > 0;)
      {
        guint n;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);
        const WeftSpan *last = n > 0 ? &spans[n - 1] : NULL;

        /* A daemon waiting for work at the end is no news. */
        if (last == NULL || (last->flags & WEFT_SPAN_CUT) == 0 || last->state != WEFT_STATE_WAITING ||
            weft_program_is_lane_detached (program, lane))
          continue;
        text = text == NULL ? g_string_new (NULL) : g_string_append (text, ", ");
        g_string_append_printf (text, "%s (waiting on %s)", weft_timeline_get_lane_name (timeline, lane),
                                last->object < weft_timeline_get_n_objects (timeline)
                                ? weft_timeline_get_object (timeline, last->object)->name : "a thread");
        break;
      }
  return text != NULL ? g_string_free (text, FALSE) : NULL;
}

/* "3 threads", "deadlock: ...": the line scripts read, in English. */
static void
print_summary (WeftTimeline     *timeline,
               WeftRecordingEnd  end,
               WeftProgram      *program,
               const char       *path)
{
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  g_autofree char *verdict = weft_checks_to_string (checks);
  g_autofree char *recording = weft_cli_describe_recording (timeline, end);
  g_autofree char *status = weft_program_describe_status (program);
  g_autofree char *command = g_strjoinv (" ", (char **) weft_program_get_argv (program));
  g_autofree char *deadlock = weft_timeline_dup_deadlock_path (timeline);
  guint running = weft_program_get_n_still_running (program);
  g_autofree char *blocked = NULL;

  printf ("program: %s (%s %s; %u thread%s; %s)%s%s\n", verdict, command, status,
          weft_timeline_get_n_lanes (timeline), weft_timeline_get_n_lanes (timeline) == 1 ? "" : "s", recording, path != NULL ? " -> " : "", path != NULL ? path : "");
  if (deadlock != NULL)
    printf ("deadlock: %s\n", deadlock);
  if (running > 0)
    printf ("note: %u of its processes still running, unrecorded\n", running);
  else if (deadlock == NULL && (blocked = describe_blocked_at_end (timeline, program)) != NULL)
    printf ("note: blocked when the program ended: %s\n", blocked);
}

static int
record_headless (RecordOptions *options,
                 gint64         max_ns)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSession) session = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  WeftCliPicture picture = { WEFT_WORDS_C, FALSE };
  WeftSessionOptions session_options = { WEFT_RECORDING_DISCARD, 0, 0 };
  WeftProgram *program;
  WeftTimeline *timeline;
  WeftRecordingEnd end;
  locale_t previous;
  int status;

  program = weft_program_new ((const char * const *) options->program,
                              options->detach ? WEFT_PROGRAM_DETACH : WEFT_PROGRAM_TERMINATE, &error);
  if (program == NULL)
    {
      g_printerr ("weft: %s\n", error->message);
      return WEFT_EXIT_FAILED;
    }
  session = weft_session_new_for_run (weft_run_new_for_program (program), &session_options);
  /* The session took its own reference. */
  weft_run_unref (weft_session_get_run (session));

  weft_cli_reset_signals ();
  weft_cli_catch_signals (TRUE);
  if (!weft_session_start (session, &error))
    {
      weft_cli_catch_signals (FALSE);
      g_printerr ("weft: %s\n", error->message);
      return WEFT_EXIT_FAILED;
    }
  end = weft_session_wait (session, max_ns, weft_cli_get_interrupted ());
  if (end == WEFT_RECORDING_FAILED)
    {
      weft_cli_catch_signals (FALSE);
      g_printerr ("weft: %s\n", weft_session_get_error (session)->message);
      return WEFT_EXIT_FAILED;
    }
  timeline = weft_session_get_timeline (session);
  checks = weft_check_timeline (timeline);
  if (!weft_cli_export (timeline, checks, options->export_path, &picture, weft_cli_get_abandoned (), &error))
    {
      weft_cli_catch_signals (FALSE);
      g_printerr ("weft: %s\n", error->message);
      return *weft_cli_get_interrupted () ? weft_cli_exit_status_for_signal (*weft_cli_get_interrupted ())
                                          : WEFT_EXIT_FAILED;
    }
  weft_cli_catch_signals (FALSE);

  previous = weft_format_use_c_locale ();
  print_summary (timeline, end, program, options->export_path);
  weft_format_restore_locale (previous);

  status = weft_cli_exit_status_for_checks (checks);
  if (*weft_cli_get_interrupted ())
    status = weft_cli_exit_status_for_signal (*weft_cli_get_interrupted ());
  return status;
}

int
weft_record_cli_main (int    argc,
                      char **argv)
{
  g_autoptr(GError) error = NULL;
  RecordOptions options = { 0 };
  gint64 max_ns;
  int status;

  /* A path that cannot be written is a bad value, told before the
   * program runs, not after. */
  /* The clock before the program starts: it stamps with Weft's. */
  if (!parse (argc, argv, &options, &error) || !parse_duration (options.duration, &max_ns, &error) ||
      (options.clock != NULL && !weft_cli_set_clock (options.clock, &error)) ||
      (options.export_path != NULL && !weft_export_check_path (options.export_path, &error)))
    {
      g_printerr ("weft record: %s\n", error->message);
      record_options_clear (&options);
      return WEFT_EXIT_BAD_VALUE;
    }
  if (options.export_path != NULL)
    status = record_headless (&options, max_ns);
  else
    {
      g_autoptr(WeftApplication) app = weft_application_new_for_program ((const char * const *) options.program,
                                                                         options.detach, max_ns);
      char *app_argv[] = { argv[0], NULL };

      status = g_application_run (G_APPLICATION (app), 1, app_argv);
    }
  record_options_clear (&options);
  return status;
}
