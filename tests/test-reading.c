/* test-reading.c: the chart and the code pane read like the tutorial
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a student reads: the code with each thread on its line, Python's
 * words (or pthread's, when asked), a scale and a caption on every
 * object lane, the rendezvous's steps named, and the classroom view's
 * plainer lanes.
 */

#include <math.h>

#include "chart-texts.h"
#include "weft-code.h"

/* The plot starts here, and a counter's scale numbers end 6 units left
 * of it (weft-chart-private.h: LABEL_WIDTH; weft-chart-objects.c). */
#define PLOT_X 150.0
#define SCALE_X (PLOT_X - 6)

static void
whole_run (WeftTimeline     *timeline,
           WeftChartOptions *options,
           double            width)
{
  weft_chart_options_init (options);
  options->t0 = weft_timeline_get_origin (timeline);
  options->t1 = weft_timeline_get_end (timeline) + 1;
  options->width = width;
  options->with_legend = TRUE;
  options->height = weft_chart_natural_height (timeline, options);
}

static void
collect_code_text (double           x,
                   double           baseline,
                   const char      *text,
                   double           size,
                   gboolean         bold,
                   const WeftColor *color,
                   WeftTextAlign    align,
                   gpointer         user_data)
{
  collect_text (x, baseline, text, size, bold, color, align, user_data);
}

/* The pane writes every line of the listing, numbered, and each
 * thread's name on its line, after the line's code. */
static void
test_code_pane (gconstpointer data)
{
  const WeftPattern *pattern = data;
  g_auto(GStrv) lines = weft_pattern_dup_code_lines (pattern);
  guint n_lines = g_strv_length (lines);
  WeftCodeMarker markers[] = {
    { 0, "thread-one", 2, WEFT_STATE_WAITING },
    { 1, "thread-two", 2, WEFT_STATE_CRITICAL },
    { 2, "thread-three", n_lines, WEFT_STATE_WORKING },
  };
  WeftCodeOptions options = { .width = 900 };
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);
  Texts texts = {
    g_ptr_array_new_with_free_func (g_free), g_array_new (FALSE, FALSE, sizeof (double)),
    g_array_new (FALSE, FALSE, sizeof (double)),
  };

  options.text_func = collect_code_text;
  options.text_data = &texts;
  weft_code_draw (cr, pattern, markers, G_N_ELEMENTS (markers), &options);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  for (guint i = 0; i < n_lines; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      g_assert_cmpuint (count_text (&texts, number), >=, 1);
      if (lines[i][0] != '\0')
        g_assert_cmpuint (count_text (&texts, lines[i]), >=, 1);
    }

  for (guint m = 0; m < G_N_ELEMENTS (markers); m++)
    {
      g_autofree char *number = g_strdup_printf ("%u", markers[m].line);
      gint chip = -1, row = -1;

      for (guint i = 0; i < texts.texts->len; i++)
        {
          if (g_str_equal (g_ptr_array_index (texts.texts, i), markers[m].name))
            chip = (gint) i;
          /* The line's number, the first text of its row. */
          if (row < 0 && g_str_equal (g_ptr_array_index (texts.texts, i), number))
            row = (gint) i;
        }
      g_assert_cmpint (chip, >=, 0);
      g_assert_cmpint (row, >=, 0);
      /* On the line's row, to the right of its code, which follows the
       * number. */
      g_assert_cmpfloat (fabs (g_array_index (texts.baselines, double, chip) -
                               g_array_index (texts.baselines, double, row)), <, 1.0);
      g_assert_cmpfloat (g_array_index (texts.xs, double, chip), >, g_array_index (texts.xs, double, row + 1));
    }
  /* A click finds the line drawn there. */
  for (guint line = 1; line <= n_lines; line++)
    g_assert_cmpuint (weft_code_line_at (pattern, &options,
                                         weft_code_get_line_top (&options, line) +
                                           weft_code_get_line_height (&options) / 2), ==, line);
  g_assert_cmpuint (weft_code_line_at (pattern, &options, weft_code_get_height (pattern, &options) + 5), ==, 0);
  texts_clear (&texts);
}

/* A hand-made nightclub: one patron takes the club and gives it back. */
static WeftTimeline *
nightclub_by_hand (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  WeftTimeline *timeline;
  guint16 club;
  guint lane;
  WeftEvent ev[4];

  test_params ("nightclub", &pattern, &params);
  timeline = weft_timeline_new (pattern, &params);
  club = weft_timeline_add_object (timeline, "club", WEFT_OBJECT_SEMAPHORE, 3);
  lane = weft_timeline_add_lane (timeline, "patron-1", 1);
  weft_timeline_set_origin (timeline, 1000);
  ev[0] = test_event (lane, 2000, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, club, 0, 0);
  ev[1] = test_event (lane, 9000, WEFT_EVENT_END, WEFT_STATE_CRITICAL, club, 0, 0);
  ev[2] = test_event (lane, 9000, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, club, 0, 0);
  ev[3] = test_event (lane, 9500, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, club, 1, 0);
  weft_timeline_add_events (timeline, ev, G_N_ELEMENTS (ev));
  return timeline;
}

/* The legend says release(), as Python does; asked for pthread's words,
 * sem_post(). */
static void
test_words (void)
{
  g_autoptr(WeftTimeline) timeline = nightclub_by_hand ();
  WeftChartOptions options;
  Texts python, c;

  whole_run (timeline, &options, 1200);
  draw_texts_with (timeline, &options, &python);
  g_assert_cmpuint (count_text (&python, "release()"), ==, 1);
  g_assert_cmpuint (count_text (&python, "sem_post()"), ==, 0);
  g_assert_cmpuint (count_text (&python, "post"), ==, 0);

  whole_run (timeline, &options, 1200);
  options.words = WEFT_WORDS_C;
  draw_texts_with (timeline, &options, &c);
  g_assert_cmpuint (count_text (&c, "sem_post()"), ==, 1);
  g_assert_cmpuint (count_text (&c, "release()"), ==, 0);
  texts_clear (&python);
  texts_clear (&c);
}

/* Every object lane with a counter writes its caption and, at the
 * plot's edge, its lowest and highest value. */
static void
test_scales (gconstpointer data)
{
  const WeftPattern *pattern = data;
  g_autoptr(WeftTimeline) timeline = test_record (pattern->name, 0.05, 400 * WEFT_NSEC_PER_MSEC);
  WeftChartOptions options;
  Texts texts;
  guint counters = 0, scale_numbers = 0;

  whole_run (timeline, &options, 1400);
  draw_texts_with (timeline, &options, &texts);
  for (guint16 i = 0; i < weft_timeline_get_n_objects (timeline); i++)
    {
      const WeftObjectInfo *info = weft_timeline_get_object (timeline, i);
      g_autofree char *caption = NULL;

      if (!weft_chart_has_object_lane (timeline, i) || !weft_chart_has_counter_lane (pattern, info))
        continue;
      caption = weft_chart_dup_counter_caption (pattern, info);
      g_test_message ("%s: %s", info->name, caption);
      g_assert_cmpuint (count_text (&texts, caption), >=, 1);
      if (info->limit > 0 && info->kind != WEFT_OBJECT_COUNTER)
        g_assert_nonnull (strstr (caption, "of"));
      counters++;
    }
  for (guint i = 0; i < texts.texts->len; i++)
    scale_numbers += g_array_index (texts.xs, double, i) == SCALE_X;
  g_test_message ("%s: %u counters, %u scale numbers", pattern->name, counters, scale_numbers);
  g_assert_cmpuint (scale_numbers, ==, 2 * counters);
  texts_clear (&texts);
}

/* At a zoom where every step is wider than its name, every step of the
 * rendezvous is named on its lane. */
static void
test_rendezvous_steps (void)
{
  g_autoptr(WeftTimeline) timeline = test_record ("rendezvous", 0.2, 1500 * WEFT_NSEC_PER_MSEC);
  const char * const *names = weft_patterns_lookup ("rendezvous")->steps;
  guint steps = 0, named = 0;

  /* Each step zoomed to a third of the plot, whatever its length: its
   * name is written on it, within its own span. */
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint d = 0; d < weft_timeline_get_lane_depth (timeline, lane); d++)
      {
        guint n;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, d, &n);

        for (guint s = 0; s < n; s++)
          {
            gint64 length = MAX (spans[s].end_ns - spans[s].start_ns, 1);
            WeftChartOptions options;
            WeftChartLayout layout;
            Texts texts;
            double x0, x1;

            if (spans[s].arg == 0)
              continue;
            steps++;
            whole_run (timeline, &options, 1200);
            options.t0 = spans[s].start_ns - length;
            options.t1 = spans[s].end_ns + length;
            weft_chart_layout (timeline, &options, &layout);
            x0 = weft_chart_time_to_x (&options, &layout, spans[s].start_ns);
            x1 = weft_chart_time_to_x (&options, &layout, spans[s].end_ns);
            draw_texts_with (timeline, &options, &texts);
            for (guint i = 0; i < texts.texts->len; i++)
              if (g_str_equal (g_ptr_array_index (texts.texts, i), names[spans[s].arg - 1]) &&
                  g_array_index (texts.xs, double, i) >= x0 && g_array_index (texts.xs, double, i) < x1)
                {
                  named++;
                  break;
                }
            texts_clear (&texts);
          }
      }
  g_test_message ("%u steps, %u named", steps, named);
  g_assert_cmpuint (steps, >, 4);
  g_assert_cmpuint (named, ==, steps);
}

/* The classroom view writes no thread ids; the default view does. */
static void
test_classroom (void)
{
  g_autoptr(WeftTimeline) timeline = test_record ("lock", 0.05, 300 * WEFT_NSEC_PER_MSEC);
  WeftChartOptions options;
  Texts plain, classroom;
  guint tids = 0;

  whole_run (timeline, &options, 1200);
  draw_texts_with (timeline, &options, &plain);
  for (guint i = 0; i < plain.texts->len; i++)
    tids += g_str_has_prefix (g_ptr_array_index (plain.texts, i), "TID ");
  g_assert_cmpuint (tids, ==, weft_timeline_get_n_lanes (timeline));

  whole_run (timeline, &options, 1200);
  options.classroom = TRUE;
  draw_texts_with (timeline, &options, &classroom);
  for (guint i = 0; i < classroom.texts->len; i++)
    g_assert_false (g_str_has_prefix (g_ptr_array_index (classroom.texts, i), "TID "));
  g_assert_cmpuint (count_text (&classroom, "worker-1"), >=, 1);
  texts_clear (&plain);
  texts_clear (&classroom);
}

int
main (int   argc,
      char *argv[])
{
  guint n;
  const WeftPattern * const *patterns;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reading/words", test_words);
  g_test_add_func ("/reading/rendezvous-steps", test_rendezvous_steps);
  g_test_add_func ("/reading/classroom", test_classroom);
  patterns = weft_patterns_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *code = g_strdup_printf ("/reading/code-pane/%s", patterns[i]->name);
      g_autofree char *scales = g_strdup_printf ("/reading/scales/%s", patterns[i]->name);

      g_test_add_data_func (code, patterns[i], test_code_pane);
      g_test_add_data_func (scales, patterns[i], test_scales);
    }
  return g_test_run ();
}
