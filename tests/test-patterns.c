/* test-patterns.c: every pattern on real threads, over its parameter ranges
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-test-util.h"

#define RUNS_PER_PATTERN 18

/* A random value in the parameter's range, favouring small thread
 * counts and short durations so a hundred runs stay quick, with the
 * extremes tried too. */
static double
random_param (GRand               *rand,
              const WeftParamSpec *spec,
              guint                run)
{
  double max = spec->max;

  if (g_str_equal (spec->name, "pace"))
    return g_rand_double_range (rand, 0.001, 0.02);
  switch (spec->kind)
    {
    case WEFT_PARAM_CHOICE:
      return g_rand_int_range (rand, 0, g_strv_length ((char **) spec->choices));
    case WEFT_PARAM_BOOLEAN:
      return g_rand_int_range (rand, 0, 2);
    case WEFT_PARAM_DURATION:
    case WEFT_PARAM_NUMBER:
      return g_rand_double_range (rand, spec->min, MIN (spec->max, spec->min + 0.05));
    case WEFT_PARAM_INTEGER:
    default:
      break;
    }
  if (g_str_equal (spec->name, "threads") && run % 6 != 5)
    max = MIN (max, 12);
  else if (!g_str_equal (spec->name, "threads"))
    max = MIN (max, 40);
  if (run == 0)
    return spec->min;
  if (run == 1 || spec->min == max)
    return max;
  return g_rand_int_range (rand, (gint32) spec->min, (gint32) max + 1);
}

static void
test_randomized_runs (gconstpointer data)
{
  const WeftPattern *pattern = weft_patterns_lookup (data);
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint r = 0; r < RUNS_PER_PATTERN; r++)
    {
      WeftParams params;
      g_autoptr(GError) error = NULL;
      g_autoptr(WeftRun) run = NULL;
      g_autoptr(WeftTimeline) timeline = NULL;
      g_autoptr(WeftChecks) checks = NULL;
      g_autofree char *verdict = NULL;
      g_autofree char *described = NULL;

      /* Every variant, in turn. */
      weft_pattern_get_default_params (pattern, &params);
      params.variant = r % MAX (1, weft_pattern_get_n_variants (pattern));
      /* Drawn again until the values agree with each other as well as
       * with their ranges (a timer pattern cancels fewer than it sets). */
      for (guint tries = 0;; tries++)
        {
          g_autoptr(GError) refused = NULL;

          for (guint p = 0; p < weft_pattern_get_n_params (pattern); p++)
            params.values[p] = random_param (rand, &pattern->params[p], r);
          if (weft_pattern_check_params (pattern, &params, &refused))
            break;
          g_assert_cmpuint (tries, <, 1000);
        }
      if ((weft_pattern_find_param (pattern, "capacity") >= 0) && (weft_pattern_find_param (pattern, "threads") >= 0))
        weft_params_set (&params, "capacity", MIN (weft_params_get (&params, "capacity", 0),
                                                  weft_params_get (&params, "threads", 0) + 2));

      run = weft_run_new (pattern, &params, &error);
      g_assert_no_error (error);
      weft_run_set_seed (run, g_rand_int (rand));
      timeline = weft_record_run (run, 150 * WEFT_NSEC_PER_MSEC, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (weft_run_is_joined (run));

      checks = weft_check_timeline (timeline);
      verdict = weft_checks_to_string (checks);
      described = test_describe_params (weft_timeline_get_params (timeline));
      g_test_message ("%s %s: %s", pattern->name, described, verdict);
      g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
      g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
      /* Threads started during the run have lanes too. */
      g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), >=, weft_pattern_count_workers (pattern, &params));
      g_assert_cmpuint (weft_checks_get_n_checks (checks), >, 0);
      if (!weft_checks_all_passed (checks))
        g_error ("%s: %s", pattern->name, verdict);
      /* The lock never loses an update. */
      if (g_str_equal (pattern->name, "lock"))
        g_assert_true (test_find_check (checks, "updates")->passed);
    }

  g_rand_free (rand);
}

/* At its default settings (at a faster pace, which scales every duration
 * alike), the race loses updates and the lock does not. */
static void
test_race_loses_updates_lock_does_not (void)
{
  const char * const names[] = { "race", "lock" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const WeftPattern *pattern;
      WeftParams params;
      g_autoptr(WeftRun) run = NULL;
      g_autoptr(WeftTimeline) timeline = NULL;
      g_autoptr(WeftChecks) checks = NULL;
      WeftRecordingEnd end;
      gint64 expected, actual;

      test_params (names[i], &pattern, &params);
      weft_params_set (&params, "pace", 0.05);
      run = weft_run_new (pattern, &params, NULL);
      timeline = weft_record_run (run, 30 * WEFT_NSEC_PER_SEC, &end, NULL);
      checks = weft_check_timeline (timeline);

      g_assert_cmpint (end, ==, WEFT_RECORDING_FINISHED);
      g_assert_true (weft_checks_get_result (checks, &expected, &actual));
      g_test_message ("%s: expected %" G_GINT64_FORMAT ", actual %" G_GINT64_FORMAT, names[i], expected, actual);
      g_assert_cmpint (expected, ==, 4 * 25);
      if (i == 0)
        {
          g_assert_cmpint (actual, <, expected);
          g_assert_true (test_find_check (checks, "updates")->is_lesson);
        }
      else
        g_assert_cmpint (actual, ==, expected);
    }
}

/* At full speed the race runs into the thousands of lost updates. */
static void
test_race_at_full_speed (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  gint64 expected, actual;

  test_params ("race", &pattern, &params);
  weft_params_set (&params, "pace", 0);
  weft_params_set (&params, "iterations", 5000);
  run = weft_run_new (pattern, &params, NULL);
  timeline = weft_record_run (run, 30 * WEFT_NSEC_PER_SEC, NULL, NULL);
  checks = weft_check_timeline (timeline);
  g_assert_true (weft_checks_get_result (checks, &expected, &actual));
  g_test_message ("race at pace 0: %s", test_find_check (checks, "updates")->message);
  if (weft_timeline_get_dropped (timeline) == 0)
    g_assert_cmpint (expected, ==, 20000);
  g_assert_cmpint (actual, <, expected);
}

static void
test_threads_are_named (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;

  test_params ("producer-consumer", &pattern, &params);
  weft_params_set (&params, "threads", 5);
  weft_params_set (&params, "pace", 0.01);
  run = weft_run_new (pattern, &params, NULL);
  timeline = weft_record_run (run, 50 * WEFT_NSEC_PER_MSEC, NULL, NULL);

  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 5);
  g_assert_cmpstr (weft_timeline_get_lane_name (timeline, 0), ==, "producer-1");
  g_assert_cmpstr (weft_timeline_get_lane_name (timeline, 1), ==, "producer-2");
  g_assert_cmpstr (weft_timeline_get_lane_name (timeline, 2), ==, "consumer-1");
  g_assert_cmpstr (weft_timeline_get_lane_name (timeline, 4), ==, "consumer-3");
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpint (weft_timeline_get_lane_tid (timeline, i), >, 0);
      g_assert_cmpint (weft_timeline_get_lane_tid (timeline, i), ==, weft_run_get_worker_tid (run, i));
    }
}

static void
test_bad_params_refused (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  WeftRun *run;

  test_params ("rendezvous", &pattern, &params);
  weft_params_set (&params, "threads", 3);
  run = weft_run_new (pattern, &params, &error);
  g_assert_null (run);
  g_assert_error (error, WEFT_PARAMS_ERROR, WEFT_PARAMS_ERROR_OUT_OF_RANGE);
  g_assert_cmpstr (error->message, ==, "rendezvous: --threads must be exactly 2, not 3");
  g_clear_error (&error);

  test_params ("producer-consumer", &pattern, &params);
  weft_params_set (&params, "threads", 1);
  g_assert_null (weft_run_new (pattern, &params, &error));
  g_assert_cmpstr (error->message, ==, "producer-consumer: --threads must be a whole number from 2 to 256, not 1");
  g_clear_error (&error);

  test_params ("nightclub", &pattern, &params);
  weft_params_set (&params, "capacity", 2.5);
  g_assert_null (weft_run_new (pattern, &params, &error));
  g_assert_error (error, WEFT_PARAMS_ERROR, WEFT_PARAMS_ERROR_OUT_OF_RANGE);
}

/* The states and marks a timeline holds, over all its lanes. */
static void
collect_drawn (WeftTimeline *timeline,
               guint        *states,
               guint64      *marks)
{
  *marks |= weft_timeline_get_instant_kinds (timeline);
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
      {
        guint n;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

        for (guint i = 0; i < n; i++)
          *states |= 1u << spans[i].state;
      }
}

/* The legend lists exactly what the chart draws: for each variant, the
 * states its runs show are the declared ones, and every mark it declares
 * occurs.  (The chart draws no mark the run does not declare:
 * weft-chart.c filters them.) */
static void
test_legend_is_exact (gconstpointer data)
{
  const WeftPattern *pattern = weft_patterns_lookup (data);
  guint n_variants = MAX (1, weft_pattern_get_n_variants (pattern));

  for (guint v = 0; v < n_variants; v++)
    {
      guint states = 0;
      guint64 marks = 0, declared = 0;

      for (guint r = 0; r < 2; r++)
        {
          WeftParams params;
          g_autoptr(GError) error = NULL;
          g_autoptr(WeftRun) run = NULL;
          g_autoptr(WeftTimeline) timeline = NULL;

          weft_pattern_get_default_params (pattern, &params);
          params.variant = v;
          params.seed = 7 + r;
          params.seeded = TRUE;
          weft_params_set (&params, "pace", 0.02);
          declared = weft_params_get_marks (&params);
          run = weft_run_new (pattern, &params, &error);
          g_assert_no_error (error);
          timeline = weft_record_run (run, 2 * WEFT_NSEC_PER_SEC, NULL, &error);
          g_assert_no_error (error);
          collect_drawn (timeline, &states, &marks);
        }

      /* Weft's own waits are in the legend only where they happened. */
      states &= ~(1u << WEFT_STATE_RECORDER);
      g_test_message ("%s variant %u: states seen 0x%x, declared 0x%x; marks seen 0x%" G_GINT64_MODIFIER
                      "x, declared 0x%" G_GINT64_MODIFIER "x", pattern->name, v, states, pattern->states, marks,
                      declared);
      g_assert_cmphex (states, ==, pattern->states);
      g_assert_cmphex (marks & declared, ==, declared);
    }
}

int
main (int   argc,
      char *argv[])
{
  guint n;
  const WeftPattern * const *patterns;

  g_test_init (&argc, &argv, NULL);

  patterns = weft_patterns_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/patterns/randomized/%s", patterns[i]->name);
      g_autofree char *legend = g_strdup_printf ("/patterns/legend-is-exact/%s", patterns[i]->name);

      g_test_add_data_func (path, patterns[i]->name, test_randomized_runs);
      g_test_add_data_func (legend, patterns[i]->name, test_legend_is_exact);
    }
  g_test_add_func ("/patterns/race-loses-updates-lock-does-not", test_race_loses_updates_lock_does_not);
  g_test_add_func ("/patterns/race-at-full-speed", test_race_at_full_speed);
  g_test_add_func ("/patterns/threads-are-named", test_threads_are_named);
  g_test_add_func ("/patterns/bad-params-refused", test_bad_params_refused);

  return g_test_run ();
}
