/* bench-record.c: what recording costs an unmodified program
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Side by side in one run, alternating, so that the machine's load
 * falls on both alike:
 *   record.mutex.added.ns  an uncontended lock/unlock pair recorded,
 *                          less the same pair unrecorded (goal <= 30 ns)
 *   record.mutex.plain.ns  the pair unrecorded, for scale
 *   record.slowdown.x      wall time of a lock-heavy program (four threads
 *                          on one mutex) recorded / unrecorded
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <spawn.h>
#include <sys/wait.h>

#include "bench-util.h"
#include "weft-session.h"

#define ROUNDS 7
#define PAIRS "400000"
#define HEAVY_PAIRS "200000"

extern char **environ;

static char *
program (void)
{
  return g_build_filename (g_getenv ("WEFT_TEST_PROGRAMS"), "program-mutex-loop", NULL);
}

static double
read_result (const char *path)
{
  g_autofree char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return g_ascii_strtod (text, NULL);
}

/* Runs @argv unrecorded; returns its wall time in ns. */
static double
run_plain (char **argv)
{
  gint64 begin = g_get_monotonic_time ();
  pid_t pid;
  int status;

  g_assert_cmpint (posix_spawn (&pid, argv[0], NULL, NULL, argv, environ), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return (g_get_monotonic_time () - begin) * 1e3;
}

/* Runs @argv recorded, drained by a collector as `weft record` does. */
static double
run_recorded (char **argv)
{
  gint64 begin = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  WeftSessionOptions options = { WEFT_RECORDING_DISCARD, 0, 0 };
  WeftProgram *prog = weft_program_new ((const char * const *) argv, WEFT_PROGRAM_TERMINATE, &error);
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftSession) session = NULL;
  double elapsed;

  g_assert_no_error (error);
  run = weft_run_new_for_program (prog);
  session = weft_session_new_for_run (run, &options);
  g_assert_true (weft_session_start (session, &error));
  g_assert_cmpint (weft_session_wait (session, G_MAXINT64, NULL), ==, WEFT_RECORDING_FINISHED);
  elapsed = (g_get_monotonic_time () - begin) * 1e3;
  g_assert_cmpuint (weft_timeline_get_dropped (weft_session_get_timeline (session)), ==, 0);
  return elapsed;
}

int
main (void)
{
  g_autofree char *path = program ();
  g_autofree char *dir = g_dir_make_tmp ("weft-bench-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "ns", NULL);
  char *pair_argv[] = { path, (char *) PAIRS, (char *) "1", out, NULL };
  char *heavy_argv[] = { path, (char *) HEAVY_PAIRS, (char *) "4", out, (char *) "shared", NULL };
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) slowdown = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint round = 0; round < ROUNDS; round++)
    {
      double unrecorded, recorded, difference, plain_wall, recorded_wall, ratio;

      run_plain (pair_argv);
      unrecorded = read_result (out);
      run_recorded (pair_argv);
      recorded = read_result (out);
      difference = recorded - unrecorded;
      g_array_append_val (plain, unrecorded);
      g_array_append_val (added, difference);

      plain_wall = run_plain (heavy_argv);
      recorded_wall = run_recorded (heavy_argv);
      ratio = recorded_wall / plain_wall;
      g_array_append_val (slowdown, ratio);
    }
  g_printerr ("record.mutex.added.ns range %.1f .. %.1f over %u rounds\n",
              bench_percentile (added, 0), bench_percentile (added, 100), ROUNDS);
  g_printerr ("record.slowdown.x range %.2f .. %.2f\n",
              bench_percentile (slowdown, 0), bench_percentile (slowdown, 100));
  bench_print ("record.mutex.added.ns", bench_median (added), "ns");
  bench_print ("record.mutex.plain.ns", bench_median (plain), "ns");
  bench_print ("record.slowdown.x", bench_median (slowdown), "x");
  g_remove (out);
  g_rmdir (dir);
  return 0;
}
