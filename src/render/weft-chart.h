/* weft-chart.h: draws a range of a timeline into any cairo_t
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one drawing path behind the window's chart and every picture
 * export, so a file shows what the screen showed.  Cairo and Pango only.
 */

#pragma once

#include <cairo.h>

#include "weft-checker.h"
#include "weft-palette.h"
#include "weft-timeline.h"

G_BEGIN_DECLS

typedef enum
{
  WEFT_TEXT_START,
  WEFT_TEXT_END,
} WeftTextAlign;

/* Where text goes instead of glyphs, for targets that keep text as text
 * (SVG): at (x, baseline), in pixels of the given size. */
typedef void (*WeftChartTextFunc) (double           x,
                                   double           baseline,
                                   const char      *text,
                                   double           size,
                                   gboolean         bold,
                                   const WeftColor *color,
                                   WeftTextAlign    align,
                                   gpointer         user_data);

/* A lane's group (SVG): begin returns where to draw the lane (or NULL
 * to draw it in place), end is given that back once the lane is drawn. */
typedef cairo_t *(*WeftChartGroupBegin) (const char *name,
                                         gpointer    user_data);
typedef void     (*WeftChartGroupEnd)   (cairo_t    *cr,
                                         gpointer    user_data);

/* A span on the chart, by lane and time: what is selected or hovered. */
typedef struct
{
  guint lane;
  gint64 start_ns;
  gint64 end_ns;
} WeftChartSpanRef;

typedef struct
{
  gint64 t0;                     /* visible range, CLOCK_MONOTONIC ns */
  gint64 t1;
  double width;                  /* the area, in user units */
  double height;
  double scroll_y;               /* lanes scrolled up by this much */
  gboolean dark;
  gboolean snap;                 /* whole-pixel edges, for raster targets */
  double scale;                  /* device pixels per unit (HiDPI); 0 = 1 */
  gboolean with_header;          /* title, parameters and verdicts */
  gboolean with_legend;
  gboolean with_arrows;          /* hand-offs, where they do not clutter */
  gboolean fill_height;          /* lanes grow (a little) into spare room */
  WeftChartGroupBegin group_begin; /* each lane its own group, if set */
  WeftChartGroupEnd group_end;
  WeftChecks *checks;            /* verdicts for the header; may be NULL */
  const char *font_family;       /* NULL for the default */
  WeftChartTextFunc text_func;   /* NULL: draw glyphs */
  gpointer text_data;
  gint hover_lane;               /* -1 for none */
  gboolean has_hover_span;       /* its arrows, in and out, stand out */
  WeftChartSpanRef hover_span;
  gboolean has_selection;        /* outlined in the accent colour */
  WeftChartSpanRef selection;
  const WeftChartSpanRef *related; /* spans the selection relates to, */
  guint n_related;                 /* on other lanes: outlined fainter */
  WeftWords words;                 /* what instants are called: Python's or C's */
  gboolean classroom;              /* for a projector: larger text and marks,
                                    * no thread ids */
  guint code_line;                 /* spans from this line of the listing
                                    * (WeftPattern.code) are outlined; 0 none */
  gboolean has_measure;            /* a stretch of time being measured, */
  gint64 measure_t0;               /* shaded across every lane */
  gint64 measure_t1;
  gboolean lanes_only;             /* every thread's lane, never the overview */
  double lanes_room;               /* without fill_height (a picture of natural
                                    * height): the room a window's lanes had,
                                    * which decides the overview as there;
                                    * 0 for a window's worth */
  const char *overview_hint;       /* under the overview's title: how to get the
                                    * lanes back (the window's keys); may be NULL */
} WeftChartOptions;

typedef enum
{
  WEFT_CHART_HIT_NONE,
  WEFT_CHART_HIT_LANE,
  WEFT_CHART_HIT_COUNTER,
  WEFT_CHART_HIT_RULER,
  WEFT_CHART_HIT_OVERVIEW,
} WeftChartHitKind;

typedef struct
{
  WeftChartHitKind kind;
  guint index;                   /* lane, or counter object id */
  gint64 time_ns;
} WeftChartHit;

typedef struct
{
  double header_height;
  double ruler_y;
  double lanes_y;                /* top of the scrolling area */
  double lanes_bottom;           /* where it ends (the legend starts) */
  double legend_height;          /* as many rows as its entries take: none
                                  * is left out */
  double threads_bottom;         /* where the thread lanes' area ends:
                                  * lanes_bottom, or the top of the
                                  * pinned object lanes */
  gboolean objects_pinned;       /* object lanes held still at the bottom
                                  * while the thread lanes scroll above */
  double lane_height;
  guint n_groups;                /* processes headed above their lanes: 0 but
                                  * for a program recorded across several */
  double group_height;           /* each one's heading */
  gboolean overview;             /* more threads than fit, zoomed out: one
                                  * density overview stands for their lanes */
  double threads_height;         /* the thread lanes' (and their processes'
                                  * headings), or the overview's */
  double content_height;         /* what scrolls, unscrolled: lanes and
                                  * counters, or the lanes alone when the
                                  * counters are pinned */
  double plot_x;
  double plot_width;
  guint n_lanes;
  guint n_counters;
  guint16 counters[16];          /* object ids with an object lane */
  double counter_offsets[16];    /* each one's top, below the threads' lanes
                                  * (or below threads_bottom, pinned) */
  double counter_heights[16];    /* as tall as its kind of object needs */
  double objects_height;         /* all of them, with the gap above */
} WeftChartLayout;

void     weft_chart_options_init      (WeftChartOptions       *options);
void     weft_chart_layout            (WeftTimeline           *timeline,
                                       const WeftChartOptions *options,
                                       WeftChartLayout        *layout);
double   weft_chart_natural_height    (WeftTimeline           *timeline,
                                       const WeftChartOptions *options);
void     weft_chart_draw              (cairo_t                *cr,
                                       WeftTimeline           *timeline,
                                       const WeftChartOptions *options);
gboolean weft_chart_pick              (WeftTimeline           *timeline,
                                       const WeftChartOptions *options,
                                       double                  x,
                                       double                  y,
                                       WeftChartHit           *hit);
double   weft_chart_lane_y            (WeftTimeline           *timeline,
                                       const WeftChartOptions *options,
                                       const WeftChartLayout  *layout,
                                       guint                   lane);
double   weft_chart_time_to_x         (const WeftChartOptions *options,
                                       const WeftChartLayout  *layout,
                                       gint64                  time_ns);
gint64   weft_chart_x_to_time         (const WeftChartOptions *options,
                                       const WeftChartLayout  *layout,
                                       double                  x);
char    *weft_chart_describe_params   (WeftTimeline           *timeline);
char    *weft_chart_dup_process_label (WeftTimeline           *timeline,
                                       guint                   process);
const char *weft_chart_state_label    (WeftState               state);
char       *weft_chart_describe_step  (WeftTimeline           *timeline,
                                       const WeftSpan         *held);
gboolean    weft_chart_has_counter_lane (const WeftPattern    *pattern,
                                         const WeftObjectInfo *object);
gboolean    weft_chart_has_object_lane  (WeftTimeline         *timeline,
                                         guint16               object);
char       *weft_chart_dup_counter_caption (const WeftPattern    *pattern,
                                           const WeftObjectInfo *object);
const char *weft_chart_counter_meaning (const WeftPattern      *pattern,
                                        const WeftObjectInfo   *object);
char    *weft_chart_describe_object_at (WeftTimeline          *timeline,
                                        guint16                object,
                                        gint64                 time_ns);
char    *weft_chart_describe_overview_at (WeftTimeline           *timeline,
                                          const WeftChartOptions *options,
                                          gint64                  time_ns);

gboolean weft_chart_deadlock_graph_size      (WeftTimeline *timeline,
                                              double       *width,
                                              double       *height);
void     weft_chart_draw_deadlock_graph_into (cairo_t                *cr,
                                              WeftTimeline           *timeline,
                                              const WeftChartOptions *options);

G_END_DECLS
