/* weft-cli.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Option values arrive as strings and are parsed here rather than by
 * GOption, so every bad value gets one clear message naming the option
 * and the range it accepts.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "weft-checker.h"
#include "weft-cli.h"
#include "weft-export.h"
#include "weft-recording.h"

void
weft_cli_options_clear (WeftCliOptions *options)
{
  g_clear_pointer (&options->pattern, g_free);
  for (guint i = 0; i < WEFT_N_PARAMS; i++)
    g_clear_pointer (&options->params[i], g_free);
  g_clear_pointer (&options->duration, g_free);
  g_clear_pointer (&options->export_path, g_free);
}

void
weft_cli_list_patterns (void)
{
  guint n;
  const WeftPattern * const *patterns = weft_patterns_get_all (&n);

  for (guint i = 0; i < n; i++)
    printf ("%s\n", patterns[i]->name);
}

static char *
pattern_names (void)
{
  guint n;
  const WeftPattern * const *patterns = weft_patterns_get_all (&n);
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", patterns[i]->name);
  return g_string_free (names, FALSE);
}

static char *
options_taken (const WeftPattern *pattern)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < WEFT_N_PARAMS; i++)
    if (pattern->ranges[i].applies)
      g_string_append_printf (names, "%s--%s", names->len > 0 ? ", " : "", weft_param_get_name (i));
  return g_string_free (names, FALSE);
}

/**
 * weft_cli_parse:
 * @pattern: (out): the pattern named, or %NULL when none was
 * @params_given: (out): whether any parameter was on the command line
 *
 * Checks every option; starts @params from the pattern's defaults.
 */
gboolean
weft_cli_parse (const WeftCliOptions  *options,
                const WeftPattern    **pattern,
                WeftParams            *params,
                gboolean              *params_given,
                double                *duration,
                GError               **error)
{
  const WeftPattern *found = NULL;

  *pattern = NULL;
  *params_given = FALSE;
  *duration = WEFT_CLI_DEFAULT_DURATION;

  if (options->pattern != NULL)
    {
      found = weft_patterns_lookup (options->pattern);
      if (found == NULL)
        {
          g_autofree char *names = pattern_names ();
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--pattern: no pattern is called “%s”; choose one of %s"),
                       options->pattern, names);
          return FALSE;
        }
      weft_pattern_get_default_params (found, params);
    }

  for (guint i = 0; i < WEFT_N_PARAMS; i++)
    {
      if (options->params[i] == NULL)
        continue;
      *params_given = TRUE;
      if (found == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--%s needs --pattern=NAME to say which pattern it is for"),
                       weft_param_get_name (i));
          return FALSE;
        }
      if (!found->ranges[i].applies)
        {
          g_autofree char *taken = options_taken (found);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--%s does not apply to %s, which takes %s"),
                       weft_param_get_name (i), found->name, taken);
          return FALSE;
        }
      if (!weft_param_parse (i, &found->ranges[i], options->params[i], &params->values[i], error))
        {
          g_prefix_error (error, "%s: ", found->name);
          return FALSE;
        }
    }

  if (options->duration != NULL)
    {
      char *end = NULL;
      double value = g_ascii_strtod (options->duration, &end);

      if (options->export_path == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--duration only applies to a run with --export=FILE"));
          return FALSE;
        }
      if (end == options->duration || *end != '\0' || !isfinite (value) ||
          value < WEFT_CLI_MIN_DURATION || value > WEFT_CLI_MAX_DURATION)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--duration must be a number of seconds from %g to %g, not “%s”"),
                       WEFT_CLI_MIN_DURATION, WEFT_CLI_MAX_DURATION, options->duration);
          return FALSE;
        }
      *duration = value;
    }

  if (options->export_path != NULL)
    {
      if (found == NULL)
        {
          g_autofree char *names = pattern_names ();
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--export needs --pattern=NAME, one of %s"), names);
          return FALSE;
        }
      if (!weft_export_check_path (options->export_path, error))
        {
          g_prefix_error (error, "--export: ");
          return FALSE;
        }
    }

  *pattern = found;
  return TRUE;
}

static char *
describe_params (const WeftPattern *pattern,
                 const WeftParams  *params)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < WEFT_N_PARAMS; i++)
    if (pattern->ranges[i].applies)
      g_string_append_printf (text, "%s%s=%g", text->len > 0 ? " " : "",
                              weft_param_get_name (i), params->values[i]);
  return g_string_free (text, FALSE);
}

/**
 * weft_cli_run_headless:
 *
 * Runs @pattern with no display for at most @duration seconds (less when
 * its workers finish first), stops and joins every worker, checks the
 * trace, writes @path and prints a one-line verdict.
 *
 * Returns: the process exit status
 */
int
weft_cli_run_headless (const WeftPattern *pattern,
                       const WeftParams  *params,
                       double             duration,
                       const char        *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  g_autofree char *verdict = NULL;
  g_autofree char *described = NULL;
  g_autofree char *n_events = NULL;
  g_autofree char *n_dropped = NULL;
  WeftRecordingEnd end;

  run = weft_run_new (pattern, params, &error);
  if (run != NULL)
    timeline = weft_record_run (run, (gint64) (duration * WEFT_NSEC_PER_SEC), &end, &error);
  if (timeline == NULL)
    {
      g_printerr ("weft: %s\n", error->message);
      return 1;
    }

  checks = weft_check_timeline (timeline);
  if (!weft_export_timeline (timeline, checks, path, NULL, &error))
    {
      g_printerr ("weft: %s\n", error->message);
      return 1;
    }

  verdict = weft_checks_to_string (checks);
  described = describe_params (pattern, params);
  n_events = weft_format_count (weft_timeline_get_n_events (timeline));
  n_dropped = weft_format_count (weft_timeline_get_dropped (timeline));
  printf ("%s: %s (%s; %.2f s, %s events, %s dropped%s) -> %s\n",
          pattern->name, verdict, described,
          (weft_timeline_get_end (timeline) - weft_timeline_get_origin (timeline)) / 1e9,
          n_events, n_dropped, end == WEFT_RECORDING_FULL ? _(", stopped at the timeline's limit") : "", path);

  return 0;
}
