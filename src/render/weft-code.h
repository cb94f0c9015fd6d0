/* weft-code.h: draws a pattern's listing, each thread marked on its line
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The code pane's picture, drawn by the window and by the SVG and PDF
 * exports alike.  Cairo and Pango only.
 */

#pragma once

#include <cairo.h>

#include "weft-chart.h"
#include "weft-palette.h"
#include "weft-timeline.h"

G_BEGIN_DECLS

/* A live thread at a line of the listing. */
typedef struct
{
  guint lane;
  const char *name;              /* the lane's, for people (weft-format.h):
                                  * kept as long as the timeline lives */
  guint line;                    /* 1-based */
  WeftState state;               /* its innermost open span's, or working */
  gboolean ended;                /* its thread ended (or the run stopped) here */
  const char *number;            /* what tells it from its kin where its
                                  * name does not fit: "12" for patron-12,
                                  * NULL for "A" */
} WeftCodeMarker;

typedef struct
{
  double width;                  /* the area, in user units */
  gboolean dark;
  double font_size;              /* the code's; 0 for the default */
  guint hover_line;              /* a hovered span's line: tinted; 0 none */
  guint selected_line;           /* the line whose spans stand out; 0 none */
  WeftChartTextFunc text_func;   /* NULL: draw glyphs */
  gpointer text_data;
} WeftCodeOptions;

GArray  *weft_code_collect_markers (WeftTimeline          *timeline);
double   weft_code_get_line_height (const WeftCodeOptions *options);
double   weft_code_get_line_top    (const WeftCodeOptions *options,
                                    guint                  line);
double   weft_code_get_height      (const WeftPattern     *pattern,
                                    const WeftCodeOptions *options);
double   weft_code_get_width       (const WeftPattern     *pattern,
                                    const WeftCodeOptions *options,
                                    guint                  n_chips);
guint    weft_code_line_at         (const WeftPattern     *pattern,
                                    const WeftCodeOptions *options,
                                    double                 y);
void     weft_code_draw            (cairo_t               *cr,
                                    const WeftPattern     *pattern,
                                    const WeftCodeMarker  *markers,
                                    guint                  n_markers,
                                    const WeftCodeOptions *options);

G_END_DECLS
