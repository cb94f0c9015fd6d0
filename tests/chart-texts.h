/* chart-texts.h: what a chart writes, as the tests read it
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart hands its text to a text_func where one is given (as the
 * SVG export does); these collect it, with where it went.
 */

#pragma once

#include <cairo.h>
#include <string.h>

#include "weft-chart.h"
#include "weft-test-util.h"

typedef struct
{
  GPtrArray *texts;
  GArray *xs;         /* double: where each text was put */
  GArray *baselines;  /* double: and at what height */
} Texts;

static inline void
collect_text (double           x,
              double           baseline,
              const char      *text,
              double           size,
              gboolean         bold,
              const WeftColor *color,
              WeftTextAlign    align,
              gpointer         user_data)
{
  Texts *texts = user_data;

  g_ptr_array_add (texts->texts, g_strdup (text));
  g_array_append_val (texts->xs, x);
  g_array_append_val (texts->baselines, baseline);
}

/* The text the chart writes for @timeline as @options ask. */
static inline void
draw_texts_with (WeftTimeline     *timeline,
                 WeftChartOptions *options,
                 Texts            *texts)
{
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_t *cr = cairo_create (surface);

  options->text_func = collect_text;
  options->text_data = texts;
  texts->texts = g_ptr_array_new_with_free_func (g_free);
  texts->xs = g_array_new (FALSE, FALSE, sizeof (double));
  texts->baselines = g_array_new (FALSE, FALSE, sizeof (double));
  weft_chart_draw (cr, timeline, options);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The text the chart writes for @timeline over [t0, t1), header and all. */
static inline void
draw_texts (WeftTimeline *timeline,
            gint64        t0,
            gint64        t1,
            Texts        *texts)
{
  WeftChartOptions options;

  weft_chart_options_init (&options);
  options.t0 = t0;
  options.t1 = t1;
  options.width = 1200;
  options.height = 400;
  options.with_header = TRUE;
  draw_texts_with (timeline, &options, texts);
}

static inline void
texts_clear (Texts *texts)
{
  g_ptr_array_unref (texts->texts);
  g_array_unref (texts->xs);
  g_array_unref (texts->baselines);
}

/* Where @text was written, or -1. */
static inline double
find_text (Texts      *texts,
           const char *text)
{
  for (guint i = 0; i < texts->texts->len; i++)
    if (strstr (g_ptr_array_index (texts->texts, i), text) != NULL)
      return g_array_index (texts->xs, double, i);
  return -1;
}

static inline guint
count_text (const Texts *texts,
            const char  *text)
{
  guint n = 0;

  for (guint i = 0; i < texts->texts->len; i++)
    n += g_str_equal (g_ptr_array_index (texts->texts, i), text);
  return n;
}
