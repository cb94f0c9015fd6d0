/* test-record-cli.c: `weft record` as a user runs it
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The output, summary and exit status of the weft binary recording the
 * programs of tests/programs/ (test-record checks their traces).
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "run-weft.h"

static char *
program_path (const char *name)
{
  return g_build_filename (g_getenv ("WEFT_TEST_PROGRAMS"), name, NULL);
}

/* A program with no threads: the recorder stays silent, the output and
 * status are the program's, through the weft binary as a user runs it. */
static void
test_no_threads (void)
{
  g_autofree char *path = program_path ("program-nothreads");
  g_autofree char *dir = g_dir_make_tmp ("weft-record-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "t.json", NULL);
  g_autofree char *export = g_strdup_printf ("--export=%s", json);
  g_autofree char *contents = NULL;
  const char *args[] = { "record", export, "--", path, NULL };
  g_auto(Result) result = { 0 };

  run_weft (&result, args);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_true (g_str_has_prefix (result.out, "hello\nprogram: "));
  g_assert_nonnull (strstr (result.out, "exited with status 7"));
  g_assert_cmpstr (result.err, ==, "");
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"program_status\":{\"exited\":true,\"code\":7,"));
  g_remove (json);
  g_rmdir (dir);
}

/* Weft's exit status is Weft's: 3 for a deadlock, whatever the program's. */
static void
test_exit_status (void)
{
  g_autofree char *path = program_path ("program-deadlock");
  g_autofree char *dir = g_dir_make_tmp ("weft-record-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "d.json", NULL);
  g_autofree char *export = g_strdup_printf ("--export=%s", json);
  const char *args[] = { "record", export, "--", path, NULL };
  const char *no_program[] = { "record", export, NULL };
  g_auto(Result) result = { 0 };

  run_weft (&result, args);
  g_assert_cmpint (result.status, ==, 3);
  g_assert_nonnull (strstr (result.out, "\ndeadlock: "));
  g_remove (json);

  result_clear (&result);
  run_weft (&result, no_program);
  g_assert_cmpint (result.status, ==, 2);
  g_assert_nonnull (strstr (result.err, "No program to record"));
  g_assert_false (g_file_test (json, G_FILE_TEST_EXISTS));

  /* A file Weft cannot write: said before the program ever runs. */
  {
    g_autofree char *txt = g_build_filename (dir, "t.txt", NULL);
    g_autofree char *export_txt = g_strdup_printf ("--export=%s", txt);
    g_autofree char *marker = g_build_filename (dir, "ran", NULL);
    const char *bad_path[] = { "record", export_txt, "--", "touch", marker, NULL };

    result_clear (&result);
    run_weft (&result, bad_path);
    g_assert_cmpint (result.status, ==, 2);
    g_assert_nonnull (strstr (result.err, "not a file type"));
    g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
  }
  g_rmdir (dir);
}

/* A crash: the summary says how it ended and who the end cut off, and
 * the trace up to it is written. */
static void
test_crash (void)
{
  g_autofree char *path = program_path ("program-crash");
  g_autofree char *dir = g_dir_make_tmp ("weft-record-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "crash.json", NULL);
  g_autofree char *export = g_strdup_printf ("--export=%s", json);
  const char *args[] = { "record", export, "--", path, NULL };
  g_auto(Result) result = { 0 };

  run_weft (&result, args);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_nonnull (strstr (result.out, "killed by signal 11 (SEGV)"));
  g_assert_nonnull (strstr (result.out, "\nnote: blocked when the program ended: "));
  g_assert_true (g_file_test (json, G_FILE_TEST_IS_REGULAR));
  g_remove (json);
  g_rmdir (dir);
}

/* Threads blocked when the program ended are named, but not a daemon
 * (a detached thread) waiting for work, which is what daemons do. */
static void
test_blocked_daemons (void)
{
  g_autofree char *path = program_path ("program-detach");
  g_autofree char *dir = g_dir_make_tmp ("weft-record-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "detach.json", NULL);
  g_autofree char *export = g_strdup_printf ("--export=%s", json);
  const char *args[] = { "record", export, "--", path, NULL };
  g_auto(Result) result = { 0 };
  const char *note;

  run_weft (&result, args);
  g_assert_cmpint (result.status, ==, 0);
  note = strstr (result.out, "\nnote: blocked when the program ended: ");
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "stuck "));
  g_assert_null (strstr (note, "sleeper "));

  /* Checked again from the file: the program's line, with no seed to
   * run it again by, since none does. */
  {
    g_autofree char *check = g_strdup_printf ("--check=%s", json);
    const char *check_args[] = { check, NULL };
    g_auto(Result) checked = { 0 };

    run_weft (&checked, check_args);
    g_assert_cmpint (checked.status, ==, 0);
    g_assert_true (g_str_has_prefix (checked.out, "program: mutual exclusion held"));
    g_assert_null (strstr (checked.out, "seed="));
    g_assert_null (strstr (checked.out, "( "));
  }
  g_remove (json);
  g_rmdir (dir);
}

/* --detach: recording stops at the duration, and the program goes on
 * unrecorded: the summary and the trace say so, Weft's status is its
 * checks', and the program's own last words come after Weft's (it keeps
 * the output it shares with Weft open until it ends). */
static void
test_detach (void)
{
  g_autofree char *path = program_path ("program-queue");
  g_autofree char *dir = g_dir_make_tmp ("weft-record-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "detach.json", NULL);
  g_autofree char *export = g_strdup_printf ("--export=%s", json);
  g_autofree char *contents = NULL;
  /* About 2.5 s: well past the half second recorded. */
  const char *args[] = { "record", "--detach", "--duration=0.5", export, "--", path, "300", NULL };
  g_auto(Result) result = { 0 };
  const char *summary, *taken;

  run_weft (&result, args);
  g_assert_cmpint (result.status, ==, 0);
  summary = strstr (result.out, "program: ");
  g_assert_nonnull (summary);
  g_assert_nonnull (strstr (summary, " 300 still running, unrecorded; "));
  g_assert_nonnull (strstr (summary, "\nnote: 1 of its processes still running, unrecorded\n"));
  taken = strstr (result.out, "taken 600, sum ");
  g_assert_nonnull (taken);
  g_assert_true (taken > summary);
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"program_status\":{\"exited\":false,"));
  g_remove (json);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/record-cli/no-threads", test_no_threads);
  g_test_add_func ("/record-cli/exit-status", test_exit_status);
  g_test_add_func ("/record-cli/crash", test_crash);
  g_test_add_func ("/record-cli/detach", test_detach);
  g_test_add_func ("/record-cli/blocked-daemons", test_blocked_daemons);

  return g_test_run ();
}
