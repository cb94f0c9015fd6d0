/* test-cli.c: the weft command line, run as a user would run it
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>

#include "run-weft.h"
#include "test-files.h"


static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("weft-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_list_patterns (void)
{
  g_auto(Result) result = { 0 };
  const char * const args[] = { "--list-patterns", NULL };

  run_weft (&result, args);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.out, ==, "race\nlock\nnightclub\nrendezvous\nproducer-consumer\nbarrier\nevent\ncondition\nrlock\ntimer\nlifecycle\nbroken-barrier\ndeadlock\n");
}

static void
test_help_documents_options (void)
{
  g_auto(Result) result = { 0 };
  const char * const args[] = { "--help", NULL };
  const char * const options[] = {
    "--pattern", "--threads", "--capacity", "--iterations", "--pace", "--duration", "--export", "--list-patterns", "--variant", "--seed",
    "--clock",
  };

  run_weft (&result, args);
  g_assert_cmpint (result.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    g_assert_nonnull (strstr (result.out, options[i]));
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_object_member (object, name);
}

/* Each pattern exported to JSON: the contract of DESIGN.md, checked on
 * the file itself. */
/* What a thread's events in a trace say about its life. */
typedef struct
{
  guint n_starts;
  guint n_ends;
  double start;
  double end;
  double first;   /* of everything else it did */
  double last;
} Life;

static void
test_export_json (gconstpointer data)
{
  const char *pattern = data;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "trace.json", NULL);
  g_autofree char *export_arg = g_strdup_printf ("--export=%s", path);
  g_autofree char *pattern_arg = g_strdup_printf ("--pattern=%s", pattern);
  const char * const args[] = { pattern_arg, "--pace=0.01", "--duration=0.3", export_arg, NULL };
  g_auto(Result) result = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) tids = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) lives = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  JsonObject *root, *other, *params;
  JsonArray *events, *checks;
  guint counts[128] = { 0 };

  run_weft (&result, args);
  g_test_message ("%s", result.out);
  g_assert_cmpint (result.status, ==, 0);
  g_assert_cmpstr (result.err, ==, "");
  /* One line, starting with the pattern, naming the file; after it, a
   * deadlock's cycle, when there was one (the philosophers'). */
  g_assert_true (g_str_has_prefix (result.out, pattern));
  g_assert_nonnull (strstr (result.out, path));
  g_assert_nonnull (strchr (result.out, '\n'));
  if (g_str_has_prefix (strchr (result.out, '\n'), "\ndeadlock: "))
    g_assert_cmpstr (strchr (strchr (result.out, '\n') + 1, '\n'), ==, "\n");
  else
    g_assert_cmpstr (strchr (result.out, '\n'), ==, "\n");
  g_assert_cmpuint (test_count_entries (dir), ==, 1);

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "displayTimeUnit"), ==, "ns");
  events = json_object_get_array_member (root, "traceEvents");
  g_assert_cmpuint (json_array_get_length (events), >, 10);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *ev = json_array_get_object_element (events, i);
      const char *ph = json_object_get_string_member (ev, "ph");

      g_assert_cmpint (json_object_get_int_member (ev, "pid"), ==, 1);
      counts[(guchar) ph[0]]++;
      if (g_str_equal (ph, "M") && g_str_equal (json_object_get_string_member (ev, "name"), "thread_name"))
        g_hash_table_add (tids, GINT_TO_POINTER (json_object_get_int_member (ev, "tid")));
      /* Spans are B/E pairs, which nest exactly for every reader. */
      if (g_str_equal (ph, "B") || g_str_equal (ph, "E"))
        {
          const char *name = json_object_get_string_member (ev, "name");
          JsonObject *args_object = member_object (ev, "args");

          g_assert_true (g_str_equal (name, "working") || g_str_equal (name, "waiting") ||
                         g_str_equal (name, "critical"));
          g_assert_true (json_object_has_member (args_object, "object"));
          g_assert_true (json_object_has_member (ev, "ts"));
          g_assert_true (g_hash_table_contains (tids, GINT_TO_POINTER (json_object_get_int_member (ev, "tid"))));
          if (g_str_equal (pattern, "rendezvous") && g_str_equal (name, "working"))
            {
              g_assert_true (json_object_has_member (args_object, "step"));
              g_assert_true (json_object_has_member (args_object, "round"));
            }
        }
      /* Each thread's life: a start that says whether it is a daemon,
       * before anything else it did, and one ending, the last. */
      if (g_str_equal (ph, "i") || g_str_equal (ph, "B") || g_str_equal (ph, "E"))
        {
          gpointer tid = GINT_TO_POINTER (json_object_get_int_member (ev, "tid"));
          const char *name = json_object_get_string_member (ev, "name");
          JsonObject *args_object = member_object (ev, "args");
          double ts = json_object_get_double_member (ev, "ts");
          Life *life = g_hash_table_lookup (lives, tid);

          if (life == NULL)
            {
              life = g_new0 (Life, 1);
              life->first = G_MAXDOUBLE;
              life->last = -G_MAXDOUBLE;
              g_hash_table_insert (lives, tid, life);
            }
          if (g_str_equal (name, "start"))
            {
              g_assert_cmpint (json_node_get_value_type (json_object_get_member (args_object, "daemon")), ==,
                               G_TYPE_BOOLEAN);
              life->n_starts++;
              life->start = ts;
            }
          else if (g_str_equal (name, "end") || g_str_equal (name, "raise") || g_str_equal (name, "killed"))
            {
              if (g_str_equal (name, "raise"))
                g_assert_cmpstr (json_object_get_string_member (args_object, "message"), !=, "");
              life->n_ends++;
              life->end = ts;
            }
          else
            {
              life->first = MIN (life->first, ts);
              life->last = MAX (life->last, ts);
            }
        }
    }
  {
    GHashTableIter iter;
    Life *life;

    g_hash_table_iter_init (&iter, lives);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &life))
      {
        g_assert_cmpuint (life->n_starts, ==, 1);
        /* A run that ends, or is stopped, lets every thread return. */
        g_assert_cmpuint (life->n_ends, ==, 1);
        g_assert_cmpfloat (life->start, <=, life->first);
        g_assert_cmpfloat (life->end, >=, life->last);
      }
    g_assert_cmpuint (g_hash_table_size (lives), ==, g_hash_table_size (tids));
  }

  g_assert_cmpuint (counts['B'], >, 0);
  g_assert_cmpuint (counts['E'], ==, counts['B']);
  g_assert_cmpuint (counts['X'], ==, 0);
  g_assert_cmpuint (counts['i'], >, 0);
  g_assert_cmpuint (g_hash_table_size (tids), >=, 2);

  other = member_object (root, "otherData");
  g_assert_cmpstr (json_object_get_string_member (other, "pattern"), ==, pattern);
  params = member_object (other, "params");
  g_assert_true (json_object_has_member (params, "pace"));
  /* Enough to run it again. */
  g_assert_true (json_object_has_member (other, "seed"));
  g_assert_cmpfloat (json_object_get_double_member (params, "pace"), ==, 0.01);
  g_assert_cmpint (json_object_get_int_member (other, "dropped"), ==, 0);
  checks = json_object_get_array_member (other, "checks");
  g_assert_cmpuint (json_array_get_length (checks), >=, 1);
  for (guint i = 0; i < json_array_get_length (checks); i++)
    {
      JsonObject *check = json_array_get_object_element (checks, i);

      const char *status;

      g_assert_true (json_object_has_member (check, "name"));
      g_assert_true (json_object_has_member (check, "message"));
      /* Every invariant holds; only the race's lost updates may fail,
       * and a check may still be waiting for something to check. */
      status = json_object_get_string_member (check, "status");
      g_assert_true (g_str_equal (status, "pass") || g_str_equal (status, "lesson") ||
                     g_str_equal (status, "pending"));
      g_assert_true (json_object_get_boolean_member (check, "passed") ==
                     g_str_equal (status, "pass"));
      g_assert_true (json_object_get_boolean_member (check, "lesson") ==
                     g_str_equal (status, "lesson"));
    }
  if (g_str_equal (pattern, "race") || g_str_equal (pattern, "lock"))
    {
      JsonObject *outcome = member_object (other, "result");
      g_assert_true (json_object_has_member (outcome, "expected"));
      g_assert_true (json_object_has_member (outcome, "actual"));
      if (g_str_equal (pattern, "lock"))
        g_assert_cmpint (json_object_get_int_member (outcome, "expected"), ==,
                         json_object_get_int_member (outcome, "actual"));
    }

  test_remove_tree (dir);
}

/* The same run to every picture format, from the command line. */
static void
test_export_pictures (gconstpointer data)
{
  const char *pattern = data;
  const struct { const char *name; const char *magic; } formats[] = {
    { "chart.svg", "<?xml" }, { "chart.png", "\x89PNG" }, { "chart.pdf", "%PDF-" },
  };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *pattern_arg = g_strdup_printf ("--pattern=%s", pattern);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *path = g_build_filename (dir, formats[i].name, NULL);
      g_autofree char *export_arg = g_strdup_printf ("--export=%s", path);
      const char * const args[] = { pattern_arg, "--pace=0.01", "--duration=0.2", export_arg, NULL };
      g_auto(Result) result = { 0 };
      g_autofree char *contents = NULL;
      gsize length;

      run_weft (&result, args);
      g_assert_cmpint (result.status, ==, 0);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 1000);
      g_assert_true (g_str_has_prefix (contents, formats[i].magic));
      if (g_str_has_suffix (path, ".svg"))
        g_assert_nonnull (strstr (contents, "class=\"lane\""));
    }
  g_assert_cmpuint (test_count_entries (dir), ==, G_N_ELEMENTS (formats));
  test_remove_tree (dir);
}

typedef struct
{
  const char *args[6];
  const char *message;      /* part of what stderr must say */
} BadCase;

static const BadCase bad_cases[] = {
  { { "--pattern=knitting", NULL }, "--pattern: no pattern is called “knitting”; choose one of race, lock" },
  { { "--pattern=race", "--threads=0", NULL }, "--threads must be a whole number from 1 to 256, not 0" },
  { { "--pattern=race", "--threads=300", NULL }, "--threads must be a whole number from 1 to 256, not 300" },
  { { "--pattern=race", "--threads=four", NULL }, "--threads must be a whole number from 1 to 256, not “four”" },
  { { "--pattern=race", "--threads=2.5", NULL }, "--threads must be a whole number from 1 to 256, not 2.5" },
  { { "--pattern=rendezvous", "--threads=3", NULL }, "--threads must be exactly 2, not 3" },
  { { "--pattern=nightclub", "--capacity=0", NULL }, "--capacity must be a whole number from 1 to 256, not 0" },
  { { "--pattern=producer-consumer", "--threads=1", NULL }, "--threads must be a whole number from 2 to 256" },
  { { "--pattern=race", "--pace=-1", NULL }, "--pace must be a number from 0 to 10, not -1" },
  { { "--pattern=race", "--pace=fast", NULL }, "--pace must be a number from 0 to 10, not “fast”" },
  { { "--pattern=race", "--iterations=0", NULL }, "--iterations must be a whole number from 1 to 1000000" },
  { { "--pattern=race", "--capacity=3", NULL }, "--capacity does not apply to race" },
  { { "--pattern=race", "--duration=0", NULL }, "--duration must be a number of seconds from 0.01 to 3600" },
  { { "--pattern=race", "--duration=soon", NULL }, "--duration must be a number of seconds from 0.01 to 3600" },
  { { "--pattern=race", "--recording=maybe", NULL }, "--recording must be “lossless” or “discard”, not “maybe”" },
  { { "--pattern=race", "--clock=fast", NULL }, "--clock must be “tsc” or “monotonic”, not “fast”" },
  { { "--pattern=race", "--memory=10", NULL }, "--memory must be a whole number of MiB from 64 to 65536, not “10”" },
  { { "--pattern=race", "--memory=lots", NULL }, "--memory must be a whole number of MiB from 64 to 65536" },
  { { "--pattern=condition", "--variant=shout", NULL }, "--variant: condition has no variant “shout”; choose one of notify, notify-all" },
  { { "--pattern=race", "--variant=notify", NULL }, "--variant does not apply to race, which runs one way only" },
  { { "--pattern=race", "--seed=-3", NULL }, "--seed must be a whole number from 0 to 18446744073709551615, not “-3”" },
  { { "--pattern=timer", "--timers=2", "--cancel=2", NULL }, "--cancel must be at most one less than --timers (1), not 2" },
  { { "--pattern=timer", "--shortest=5", "--longest=1", NULL }, "--shortest (5 s) must not be longer than --longest (1 s)" },
};

/* Each bad value: a message naming the option and what it accepts, a
 * non-zero exit, and no file. */
static void
test_bad_values (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "out.json", NULL);
  g_autofree char *export_arg = g_strdup_printf ("--export=%s", path);

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      const char *args[8] = { NULL };
      g_auto(Result) result = { 0 };
      guint n = 0;

      for (; bad_cases[i].args[n] != NULL; n++)
        args[n] = bad_cases[i].args[n];
      args[n++] = export_arg;
      args[n] = NULL;

      run_weft (&result, args);
      g_test_message ("%s -> %d: %s", bad_cases[i].args[0], result.status, result.err);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_nonnull (strstr (result.err, bad_cases[i].message));
      g_assert_true (g_str_has_prefix (result.err, "weft: "));
      g_assert_cmpuint (test_count_entries (dir), ==, 0);
    }

  test_remove_tree (dir);
}

/* Either clock records a run that checks; the TSC where there is none
 * says so and falls back. */
static void
test_clock_choice (void)
{
  const char * const clocks[] = { "--clock=monotonic", "--clock=tsc" };
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "lock.json", NULL);
  g_autofree char *export_arg = g_strdup_printf ("--export=%s", path);

  for (guint i = 0; i < G_N_ELEMENTS (clocks); i++)
    {
      const char * const args[] = { "--pattern=lock", "--pace=0", "--duration=0.2", clocks[i], export_arg, NULL };
      g_auto(Result) result = { 0 };

      run_weft (&result, args);
      g_test_message ("%s -> %d: %s%s", clocks[i], result.status, result.out, result.err);
      g_assert_cmpint (result.status, ==, 0);
      g_assert_true (g_str_has_prefix (result.out, "lock: "));
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  test_remove_tree (dir);
}

/* Events lost in discard mode: no violation, exit status 4, and the
 * summary says what could not be verified.  (The JSON's fields for it
 * are tested in test-export, on a trace small enough to parse.) */
static void
test_discard_exits_inconclusive (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "lost.svg", NULL);
  g_autofree char *export_arg = g_strdup_printf ("--export=%s", path);
  const char * const args[] = { "--pattern=nightclub", "--threads=32", "--pace=0", "--recording=discard",
                                "--duration=0.5", export_arg, NULL };
  g_auto(Result) result = { 0 };

  run_weft (&result, args);
  g_test_message ("%d: %s", result.status, result.out);
  /* Full speed against rings drained every few hundred microseconds
   * drops something; if a fast machine ever kept up, this says so. */
  if (strstr (result.out, " 0 dropped") != NULL)
    {
      g_test_skip ("nothing was dropped at full speed");
      test_remove_tree (dir);
      return;
    }
  g_assert_cmpint (result.status, ==, 4);
  g_assert_true (g_str_has_prefix (result.out, "nightclub: cannot verify: "));
  g_assert_null (strstr (result.out, "above"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  test_remove_tree (dir);
}

/* Ctrl-C stops the run, the trace so far is written, and the exit
 * status says it was interrupted; no temporary file is left. */
static void
test_interrupt_writes_partial_trace (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "partial.json", NULL);
  g_autofree char *export_arg = g_strdup_printf ("--export=%s", path);
  const char *argv[] = { g_getenv ("WEFT_BINARY"), "--pattern=barrier", "--pace=0.01", "--duration=60",
                         export_arg, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *other;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_usleep (G_USEC_PER_SEC);
  g_subprocess_send_signal (process, SIGINT);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);

  g_assert_cmpuint (test_count_entries (dir), ==, 1);
  g_assert_true (json_parser_load_from_file (parser, path, &error));
  other = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "otherData");
  g_assert_cmpint (json_object_get_int_member (other, "events"), >, 0);
  /* Stopped well before the 60 s it was given. */
  g_assert_cmpint (json_object_get_int_member (other, "duration_ns"), <, 30 * G_GINT64_CONSTANT (1000000000));
  test_remove_tree (dir);
}

static void
test_bad_paths (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "out.json", NULL);
  g_autofree char *folder = g_build_filename (dir, "a-folder.json", NULL);
  g_autofree char *text = g_build_filename (dir, "out.txt", NULL);
  g_autofree char *bare = g_build_filename (dir, "out", NULL);
  struct { const char *path; const char *message; } cases[] = {
    { missing, "does not exist" },
    { folder, "it is a folder" },
    { text, "is not a file type Weft can write; use .svg, .png, .pdf or .json" },
    { bare, "is not a file type Weft can write" },
  };

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *export_arg = g_strdup_printf ("--export=%s", cases[i].path);
      const char * const args[] = { "--pattern=race", "--pace=0", export_arg, NULL };
      g_auto(Result) result = { 0 };

      run_weft (&result, args);
      g_test_message ("%s -> %d: %s", cases[i].path, result.status, result.err);
      g_assert_cmpint (result.status, !=, 0);
      g_assert_nonnull (strstr (result.err, "--export"));
      g_assert_nonnull (strstr (result.err, cases[i].message));
      /* Only the folder made above is there: nothing was written. */
      g_assert_cmpuint (test_count_entries (dir), ==, 1);
    }

  g_rmdir (folder);
  test_remove_tree (dir);
}

/* A file the user cannot write is refused, not replaced: exit 1 (a
 * failed write), a message naming it, its bytes as they were and no
 * temporary file left beside it. */
static void
test_read_only_file (void)
{
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "ro.svg", NULL);
  g_autofree char *export_arg = g_strdup_printf ("--export=%s", path);
  const char * const args[] = { "--pattern=lock", "--duration=0.5", export_arg, NULL };
  const char original[] = "<svg>the user's own</svg>\n";
  g_auto(Result) result = { 0 };
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_set_contents (path, original, -1, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);

  run_weft (&result, args);
  g_test_message ("-> %d: %s", result.status, result.err);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_true (g_str_has_prefix (result.err, "weft: "));
  g_assert_nonnull (strstr (result.err, path));
  g_assert_nonnull (strstr (result.err, "read-only"));
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, original, sizeof original - 1);
  g_assert_cmpuint (test_count_entries (dir), ==, 1);

  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *list_argv[] = { NULL, "--list-patterns", NULL };
  g_autofree char *listed = NULL;
  g_auto(GStrv) patterns = NULL;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("WEFT_BINARY"));

  /* Every pattern Weft has, as it lists them. */
  list_argv[0] = g_getenv ("WEFT_BINARY");
  g_assert_true (g_spawn_sync (NULL, (char **) list_argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &listed, NULL, NULL, NULL));
  patterns = g_strsplit (g_strstrip (listed), "\n", -1);

  g_test_add_func ("/cli/list-patterns", test_list_patterns);
  g_test_add_func ("/cli/help-documents-options", test_help_documents_options);
  for (guint i = 0; patterns[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/export-json/%s", patterns[i]);
      g_test_add_data_func (path, patterns[i], test_export_json);
    }
  for (guint i = 0; patterns[i] != NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/cli/export-pictures/%s", patterns[i]);
      g_test_add_data_func (path, patterns[i], test_export_pictures);
    }
  g_test_add_func ("/cli/bad-values", test_bad_values);
  g_test_add_func ("/cli/bad-paths", test_bad_paths);
  g_test_add_func ("/cli/clock-choice", test_clock_choice);
  g_test_add_func ("/cli/discard-exits-inconclusive", test_discard_exits_inconclusive);
  g_test_add_func ("/cli/interrupt-writes-partial-trace", test_interrupt_writes_partial_trace);
  g_test_add_func ("/cli/read-only-file", test_read_only_file);

  return g_test_run ();
}
