/* test-locale.c: numbers, units and thread names in Persian, Turkish and C
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs the fa_IR.UTF-8 and tr_TR.UTF-8 locales (build-aux/dev test
 * generates them) and the build tree's catalogs.  What people read
 * follows the locale; what programs read (the JSON trace, CSV, the
 * --check line) is the same bytes in every locale.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libintl.h>
#include <locale.h>
#include <string.h>

#include "chart-texts.h"
#include "weft-export.h"
#include "weft-recording.h"
#include "weft-stats.h"
#include "weft-test-util.h"
#include "weft-ticks.h"

#define PERSIAN "fa_IR.UTF-8"
#define TURKISH "tr_TR.UTF-8"

static char *locale_dir;

/* Runs the rest of a test in @name on this thread only, as
 * weft_format_use_c_locale() does for C; fails, saying how to get it,
 * on a machine that has not generated the locale. */
static locale_t
use_locale (const char *name)
{
  locale_t wanted = newlocale (LC_ALL_MASK, name, (locale_t) 0);

  if (wanted == (locale_t) 0)
    g_error ("the %s locale is not generated here; build-aux/dev test generates it "
             "(or: localedef -i %.5s -f UTF-8 %s)", name, name, name);
  return uselocale (wanted);
}

static void
restore_locale (locale_t previous)
{
  locale_t used = uselocale (previous);

  if (used != LC_GLOBAL_LOCALE)
    freelocale (used);
}

static gboolean
has_ascii_digit (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      return TRUE;
  return FALSE;
}

/* Extended Arabic-Indic digits, U+06F0 to U+06F9. */
static gboolean
has_persian_digit (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x06F0 && c <= 0x06F9)
        return TRUE;
    }
  return FALSE;
}

static void
assert_persian_number_text (const char *text)
{
  if (has_ascii_digit (text) || !has_persian_digit (text))
    g_error ("“%s” should have Persian digits and no ASCII ones", text);
}

static const char *
lane_of (const char *pattern_name,
         const char *name)
{
  return weft_format_role_lane (weft_patterns_lookup (pattern_name), name);
}

/* The helper's strings, exactly, in each locale. */
static void
test_strings_c (void)
{
  locale_t previous = use_locale ("C");
  g_autofree char *count = weft_format_count (1016308);
  g_autofree char *negative = weft_format_count (-1234);
  g_autofree char *decimal = weft_format_decimal (1234.5, 2);
  g_autofree char *number = weft_format_number (0.25);
  g_autofree char *seconds = weft_format_seconds (1.5);
  g_autofree char *duration = weft_format_duration (4150000000);
  g_autofree char *ms = weft_format_duration (350 * WEFT_NSEC_PER_MSEC);
  g_autofree char *us = weft_format_duration (12500);
  g_autofree char *ns = weft_format_duration (840);
  g_autofree char *moment = weft_format_moment (1037000000);
  g_autofree char *start = weft_format_moment (0);

  /* The C locale groups nothing; a count is grouped with commas still,
   * as it always read. */
  g_assert_cmpstr (count, ==, "1,016,308");
  g_assert_cmpstr (negative, ==, "-1,234");
  g_assert_cmpstr (decimal, ==, "1234.50");
  g_assert_cmpstr (number, ==, "0.25");
  g_assert_cmpstr (seconds, ==, "1.5 s");
  g_assert_cmpstr (duration, ==, "4.15 s");
  g_assert_cmpstr (ms, ==, "350 ms");
  g_assert_cmpstr (us, ==, "12.5 µs");
  g_assert_cmpstr (ns, ==, "840 ns");
  g_assert_cmpstr (moment, ==, "1.037 s");
  g_assert_cmpstr (start, ==, "0");
  g_assert_cmpstr (lane_of ("nightclub", "patron-12"), ==, "patron-12");
  g_assert_cmpstr (lane_of ("lifecycle", "worker-1000"), ==, "worker-1000");
  g_assert_cmpstr (lane_of ("rendezvous", "A"), ==, "A");
  restore_locale (previous);
}

static void
test_strings_persian (void)
{
  locale_t previous = use_locale (PERSIAN);
  g_autofree char *count = weft_format_count (1016308);
  g_autofree char *negative = weft_format_count (-1234);
  g_autofree char *decimal = weft_format_decimal (1234.5, 2);
  g_autofree char *number = weft_format_number (0.25);
  g_autofree char *seconds = weft_format_seconds (1.5);
  g_autofree char *duration = weft_format_duration (4150000000);
  g_autofree char *ms = weft_format_duration (350 * WEFT_NSEC_PER_MSEC);
  g_autofree char *us = weft_format_duration (12500);
  g_autofree char *ns = weft_format_duration (840);
  g_autofree char *moment = weft_format_moment (1037000000);
  g_autofree char *start = weft_format_moment (0);

  g_assert_cmpstr (count, ==, "۱٬۰۱۶٬۳۰۸");
  g_assert_cmpstr (negative, ==, "-۱٬۲۳۴");
  g_assert_cmpstr (decimal, ==, "۱٬۲۳۴٫۵۰");
  g_assert_cmpstr (number, ==, "۰٫۲۵");
  g_assert_cmpstr (seconds, ==, "۱٫۵ ثانیه");
  g_assert_cmpstr (duration, ==, "۴٫۱۵ ثانیه");
  g_assert_cmpstr (ms, ==, "۳۵۰ میلی‌ثانیه");
  g_assert_cmpstr (us, ==, "۱۲٫۵ میکروثانیه");
  g_assert_cmpstr (ns, ==, "۸۴۰ نانوثانیه");
  g_assert_cmpstr (moment, ==, "۱٫۰۳۷ ثانیه");
  g_assert_cmpstr (start, ==, "۰");
  /* A role in words, a number in digits: never grouped, it is a name. */
  g_assert_cmpstr (lane_of ("nightclub", "patron-12"), ==, "مهمان ۱۲");
  g_assert_cmpstr (lane_of ("lifecycle", "worker-1000"), ==, "کارگر ۱۰۰۰");
  g_assert_cmpstr (lane_of ("producer-consumer", "consumer-3"), ==, "مصرف‌کننده ۳");
  g_assert_cmpstr (lane_of ("condition", "clerk"), ==, "متصدی");
  /* What is no role's stays as the trace has it. */
  g_assert_cmpstr (lane_of ("nightclub", "Thread-7"), ==, "Thread-7");
  g_assert_cmpstr (lane_of ("nightclub", "patron-07"), ==, "patron-07");
  g_assert_cmpstr (lane_of ("nightclub", "patron"), ==, "patron");
  restore_locale (previous);
}

static void
test_strings_turkish (void)
{
  locale_t previous = use_locale (TURKISH);
  g_autofree char *count = weft_format_count (1016308);
  g_autofree char *decimal = weft_format_decimal (1234.5, 2);
  g_autofree char *duration = weft_format_duration (4150000000);
  g_autofree char *ms = weft_format_duration (350 * WEFT_NSEC_PER_MSEC);
  g_autofree char *moment = weft_format_moment (1037000000);

  g_assert_cmpstr (count, ==, "1.016.308");
  g_assert_cmpstr (decimal, ==, "1.234,50");
  g_assert_cmpstr (duration, ==, "4,15 sn");
  g_assert_cmpstr (ms, ==, "350 ms");
  g_assert_cmpstr (moment, ==, "1,037 sn");
  g_assert_cmpstr (lane_of ("nightclub", "patron-12"), ==, "müşteri-12");
  g_assert_cmpstr (lane_of ("deadlock", "philosopher-2"), ==, "filozof-2");
  restore_locale (previous);
}

static double
parsed (const char *text)
{
  double value = -1;

  if (!weft_format_parse_number (text, &value))
    g_error ("“%s” did not read as a number", text);
  return value;
}

/* What a spin button writes, and what a user types, read back. */
static void
test_parse (void)
{
  locale_t previous = use_locale (PERSIAN);
  double value = 42;

  g_assert_cmpfloat (parsed ("۸"), ==, 8);
  g_assert_cmpfloat (parsed ("۱٬۲۳۴٫۵"), ==, 1234.5);
  g_assert_cmpfloat (parsed ("١٢"), ==, 12);
  g_assert_cmpfloat (parsed ("0.25"), ==, 0.25);
  g_assert_cmpfloat (parsed (" -۳ "), ==, -3);
  g_assert_false (weft_format_parse_number ("۸ ثانیه", &value));
  g_assert_false (weft_format_parse_number ("", &value));
  g_assert_cmpfloat (value, ==, 42);
  restore_locale (previous);

  previous = use_locale (TURKISH);
  g_assert_cmpfloat (parsed ("1.234,5"), ==, 1234.5);
  g_assert_cmpfloat (parsed ("0,25"), ==, 0.25);
  restore_locale (previous);

  previous = use_locale ("C");
  g_assert_cmpfloat (parsed ("12.5"), ==, 12.5);
  g_assert_false (weft_format_parse_number ("1,5", &value));
  g_assert_false (weft_format_parse_number ("12abc", &value));
  restore_locale (previous);
}

/* Inside weft_format_use_c_locale(), a Persian thread writes as C does
 * and gettext answers in English; after it, Persian again. */
static void
test_c_scope (void)
{
  locale_t previous = use_locale (PERSIAN);
  locale_t before = weft_format_use_c_locale ();
  g_autofree char *count = weft_format_count (1016308);
  g_autofree char *duration = weft_format_duration (4150000000);
  g_autofree char *after = NULL;

  g_assert_cmpstr (count, ==, "1,016,308");
  g_assert_cmpstr (duration, ==, "4.15 s");
  g_assert_cmpstr (lane_of ("nightclub", "patron-12"), ==, "patron-12");
  weft_format_restore_locale (before);
  after = weft_format_duration (4150000000);
  g_assert_cmpstr (after, ==, "۴٫۱۵ ثانیه");
  restore_locale (previous);
}

/* The ruler's ticks in the locale's digits and units. */
static void
test_ticks (void)
{
  locale_t previous = use_locale (PERSIAN);
  g_autofree char *zero = weft_ticks_format (0, 500 * WEFT_NSEC_PER_MSEC);
  g_autofree char *fine = weft_ticks_format (4150 * WEFT_NSEC_PER_MSEC, 10 * WEFT_NSEC_PER_MSEC);
  g_autofree char *ms = weft_ticks_format (200 * WEFT_NSEC_PER_MSEC, 100 * WEFT_NSEC_PER_MSEC);

  g_assert_cmpstr (zero, ==, "۰");
  g_assert_cmpstr (fine, ==, "۴٫۱۵ ثانیه");
  g_assert_cmpstr (ms, ==, "۲۰۰ میلی‌ثانیه");
  restore_locale (previous);
}

/* A race of 4 threads and 500 increments each: 2,000 updates, some
 * likely lost, recorded in whatever locale the process is in. */
static WeftTimeline *
record (const char *pattern_name,
        const char *variant)
{
  const WeftPattern *pattern = weft_patterns_lookup (pattern_name);
  WeftParams params;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(GError) error = NULL;
  WeftTimeline *timeline;

  weft_pattern_get_default_params (pattern, &params);
  if (variant != NULL)
    g_assert_true (weft_params_set_variant (&params, variant));
  if (g_str_equal (pattern_name, "race"))
    {
      weft_params_set (&params, "threads", 4);
      weft_params_set (&params, "iterations", 500);
      weft_params_set (&params, "pace", 0);
    }
  else
    {
      weft_params_set (&params, "threads", 3);
      weft_params_set (&params, "pace", 0.1);
    }
  params.seed = 7;
  params.seeded = TRUE;
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  timeline = weft_record_run (run, 30 * WEFT_NSEC_PER_SEC, NULL, &error);
  g_assert_no_error (error);
  return timeline;
}

/* The chart a Persian user sees: every tick and every verdict in
 * Persian digits, and no ASCII digit anywhere in it. */
static void
test_chart_in_persian (void)
{
  g_autoptr(WeftTimeline) timeline = record ("race", NULL);
  locale_t previous = use_locale (PERSIAN);
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  WeftChartOptions options;
  Texts texts;
  guint n_ticks = 0, n_verdicts = 0;

  weft_chart_options_init (&options);
  options.t0 = weft_timeline_get_origin (timeline);
  options.t1 = weft_timeline_get_end (timeline);
  options.width = 1400;
  options.height = 600;
  options.with_header = TRUE;
  options.checks = checks;
  draw_texts_with (timeline, &options, &texts);

  for (guint i = 0; i < texts.texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts.texts, i);

      g_test_message ("%s", text);
      if (has_ascii_digit (text))
        g_error ("the Persian chart writes “%s”", text);
      if (strstr (text, "ثانیه") != NULL && !strchr (text, ':'))
        {
          assert_persian_number_text (text);
          n_ticks++;
        }
      for (guint c = 0; c < weft_checks_get_n_checks (checks); c++)
        if (strstr (text, weft_checks_get_check (checks, c)->message) != NULL)
          {
            assert_persian_number_text (text);
            n_verdicts++;
            break;
          }
    }
  g_assert_cmpuint (n_ticks, >=, 3);
  g_assert_cmpuint (n_verdicts, >=, 1);
  /* The lanes are named in Persian: a racer is a رقیب. */
  g_assert_cmpuint (count_text (&texts, "رقیب ۱"), ==, 1);
  texts_clear (&texts);
  restore_locale (previous);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Exports @timeline to @dir/@name as weft_export_timeline() does, with
 * the verdicts the caller has in the process's locale. */
static char *
export (WeftTimeline *timeline,
        const char   *dir,
        const char   *name)
{
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (weft_export_timeline (timeline, checks, path, NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* Says where two files first differ rather than print both whole. */
static void
assert_same_bytes (const char *got,
                   const char *expected)
{
  gsize at = 0;

  while (got[at] != '\0' && got[at] == expected[at])
    at++;
  if (got[at] != expected[at])
    g_error ("they differ from byte %" G_GSIZE_FORMAT ": “%.80s” where C has “%.80s”",
             at, got + MAX (at, 20) - 20, expected + MAX (at, 20) - 20);
}

/* As main() sets the process up, for a user whose locale is @name. */
static void
set_process_locale (const char *name)
{
  g_assert_nonnull (setlocale (LC_ALL, name));
}

/* The JSON trace is the same bytes whatever the locale: written under
 * LC_ALL=fa_IR.UTF-8 it is what it is under C, verdicts, lane names and
 * the reason the run stopped all in English. */
static void
test_json_same_in_persian (gconstpointer data)
{
  const char *pattern_name = data;
  g_autofree char *dir = g_dir_make_tmp ("weft-locale-XXXXXX", NULL);
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autofree char *c_path = NULL;
  g_autofree char *fa_path = NULL;
  g_autofree char *c_json = NULL;
  g_autofree char *fa_json = NULL;

  /* Recorded by a Persian user: a deadlock's reason is made meanwhile. */
  set_process_locale (PERSIAN);
  timeline = record (pattern_name, g_str_equal (pattern_name, "deadlock") ? "unordered" : NULL);
  fa_path = export (timeline, dir, "fa.json");
  set_process_locale ("C");
  c_path = export (timeline, dir, "c.json");

  c_json = read_file (c_path);
  fa_json = read_file (fa_path);
  assert_same_bytes (fa_json, c_json);
  if (g_str_equal (pattern_name, "deadlock"))
    {
      g_assert_nonnull (strstr (c_json, "\"stopped_because\":\"Deadlock: philosopher-1 waits for fork-2"));
      g_assert_nonnull (strstr (c_json, "philosopher-1"));
    }
  else
    g_assert_nonnull (strstr (c_json, " updates"));
  set_process_locale ("");
  g_unlink (c_path);
  g_unlink (fa_path);
  g_rmdir (dir);
}

/* Runs the weft binary in @locale (Persian words too where it is
 * Persian), and returns what it printed. */
static char *
run_weft_in (const char         *locale,
             const char * const *args,
             int                 expected_status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("WEFT_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LC_ALL", locale, TRUE);
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", g_str_has_prefix (locale, "fa") ? "fa" : "", TRUE);
  g_subprocess_launcher_setenv (launcher, "WEFT_LOCALEDIR", locale_dir, TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) != expected_status)
    g_error ("weft %s exited %d: %s", args[0], g_subprocess_get_exit_status (process), err);
  return out;
}

/* --stats=csv and --check are for programs: the same bytes in Persian
 * as in C.  --stats is for people: Persian digits, no ASCII ones. */
static void
test_cli_in_persian (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-locale-XXXXXX", NULL);
  g_autoptr(WeftTimeline) timeline = record ("race", NULL);
  g_autofree char *path = export (timeline, dir, "race.json");
  const char *csv_args[] = { "--stats=csv", path, NULL };
  const char *check_args[] = { "--check", path, NULL };
  const char *text_args[] = { "--stats", path, NULL };
  g_autofree char *c_csv = run_weft_in ("C.UTF-8", csv_args, 0);
  g_autofree char *fa_csv = run_weft_in (PERSIAN, csv_args, 0);
  g_autofree char *c_check = run_weft_in ("C.UTF-8", check_args, 0);
  g_autofree char *fa_check = run_weft_in (PERSIAN, check_args, 0);
  g_autofree char *fa_text = run_weft_in (PERSIAN, text_args, 0);
  g_autofree char *tr_text = run_weft_in (TURKISH, text_args, 0);

  assert_same_bytes (fa_csv, c_csv);
  g_assert_nonnull (strstr (c_csv, "\"racer-1\","));
  assert_same_bytes (fa_check, c_check);
  g_assert_true (g_str_has_prefix (c_check, "race: "));
  g_test_message ("%s", fa_text);
  assert_persian_number_text (fa_text);
  g_assert_nonnull (strstr (fa_text, "رقیب ۱"));
  /* Turkish keeps its digits and writes a decimal comma. */
  g_test_message ("%s", tr_text);
  g_assert_nonnull (strstr (tr_text, "yarışçı-1"));
  g_assert_nonnull (strstr (tr_text, " sn"));
  g_assert_null (strstr (tr_text, "0.0"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The locale decides the language here, as for a user without
   * LANGUAGE; the catalogs are the build tree's. */
  g_unsetenv ("LANGUAGE");
  locale_dir = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, locale_dir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_add_func ("/locale/strings/c", test_strings_c);
  g_test_add_func ("/locale/strings/persian", test_strings_persian);
  g_test_add_func ("/locale/strings/turkish", test_strings_turkish);
  g_test_add_func ("/locale/parse", test_parse);
  g_test_add_func ("/locale/c-scope", test_c_scope);
  g_test_add_func ("/locale/ticks", test_ticks);
  g_test_add_func ("/locale/chart-in-persian", test_chart_in_persian);
  g_test_add_data_func ("/locale/json-same-in-persian/race", "race", test_json_same_in_persian);
  g_test_add_data_func ("/locale/json-same-in-persian/deadlock", "deadlock", test_json_same_in_persian);
  g_test_add_func ("/locale/cli-in-persian", test_cli_in_persian);
  return g_test_run ();
}
