/* weft-chart-private.h: what the chart's layers share (private to render/)
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart is drawn in layers, one file each, in the order
 * weft_chart_draw() calls them: layout and axis, thread lanes (with
 * their marks) or the overview of many threads, arrows, object lanes,
 * overlays, the selection, legend.  Each layer reads the same context
 * and draws into the same cairo_t.
 */

#pragma once

#include <pango/pangocairo.h>

#include "weft-census.h"
#include "weft-chart.h"
#include "weft-chart-arrows.h"

G_BEGIN_DECLS


#define LABEL_WIDTH 150.0
#define PAD_RIGHT 14.0
#define RULER_HEIGHT 26.0
#define LANE_HEIGHT 28.0
#define LANE_HEIGHT_MAX 60.0
/* Many threads: lanes shrink to fit before they scroll, down to where
 * the states still show.  A lane has room for its name from
 * LANE_NAME_HEIGHT, for its thread id below from LANE_DETAIL_HEIGHT;
 * thinner lanes are named every few lanes, and each on hover. */
#define LANE_HEIGHT_MIN 8.0
#define LANE_NAME_HEIGHT 14.0
#define LANE_DETAIL_HEIGHT 24.0
/* More threads than fit even so: zoomed out so far that each lane has
 * a span every this many pixel columns or more often (on average over
 * the run), where a thin lane is a blur of colours, one overview of how
 * many threads were in each state stands for the lanes. */
#define OVERVIEW_COLUMNS_PER_SPAN 16.0
#define OVERVIEW_MIN_HEIGHT 140.0
/* What a picture of natural height takes a window's lanes to have,
 * when not told: about a 1400x900 window's. */
#define OVERVIEW_REFERENCE_ROOM 640.0
/* A heading over each process's lanes, for a program recorded across
 * several: a line of text and room around it. */
#define GROUP_HEADING_HEIGHT 22.0
#define COUNTER_HEIGHT 56.0     /* a lane that is only a counter */
#define COUNTER_STRIP 22.0      /* an object lane's counter, above its rows */
#define OBJECT_PAD 5.0
#define HOLDER_ROW 14.0
#define SLOT_ROW 13.0
#define QUEUE_ROW 9.0
#define ROW_GROUP_GAP 3.0
#define MAX_ROWS_SHOWN 8        /* beyond, rows thin out to fit, none left out */
#define MAX_QUEUE_ROWS_SHOWN 5
#define SECTION_GAP 10.0
#define LEGEND_HEIGHT 30.0     /* one or two rows; more make the band taller */
#define LEGEND_ROW_TOP 8.5     /* the first row's middle, from the band's top */
#define LEGEND_ROW_STEP 14.0
#define LEGEND_ROW_BOTTOM 7.5  /* from the last row's middle to the band's end */
#define HEADER_MARGIN 16.0
#define TITLE_SIZE 17.0
#define TEXT_SIZE 11.0
#define SMALL_SIZE 9.5
#define SCALE_SIZE 8.0          /* a counter's scale numbers */
#define SCALED_LABEL_RIGHT (LABEL_WIDTH - 28) /* an object lane's name, left of its scale */
#define LINE_GAP 6.0
#define MARK_SIZE 8.0
#define CLASSROOM_MAGNIFY 1.35

/* The legend's band for @rows rows of entries, taller where text is
 * magnified. */
static inline double
weft_chart_legend_height (const WeftChartOptions *options,
                          guint                   rows)
{
  double rows_height = LEGEND_ROW_TOP + (MAX (rows, 1) - 1) * LEGEND_ROW_STEP + LEGEND_ROW_BOTTOM;

  return MAX (LEGEND_HEIGHT, rows_height) * (options->classroom ? CLASSROOM_MAGNIFY : 1.0);
}
#define MIN_TICK_SPACING 90.0
#define DEFAULT_FONT "Cantarell, DejaVu Sans, Sans"

typedef struct
{
  cairo_t *cr;
  WeftTimeline *timeline;
  const WeftChartOptions *options;
  const WeftPalette *palette;
  WeftChartLayout layout;
  gint64 ns_per_pixel;
  PangoFontDescription *font;
  PangoLayout *text_layout;     /* one per draw: making layouts is costly */
  double scale;                 /* device pixels per unit, for raster strips */
  double magnify;               /* text grows by this: 1, more in the classroom view */
  double mark_size;             /* MARK_SIZE, magnified */
  double units_per_ns;          /* the time axis, as a product: the hot loops divide nothing */
  cairo_t *outer_cr;            /* while drawing into a lane's group */
  cairo_surface_t *sprites[WEFT_INSTANT_MAX];
  guint lessons_drawn;          /* 1 << WeftWaitReason drawn, for the legend */
  /* Where the legend's next entry goes (weft_chart_legend_next()). */
  double legend_x;
  guint legend_row;
  gboolean legend_centred;      /* one row, in the middle of the band */
  gboolean legend_any;          /* every entry the run may show here, for
                                 * the band's height: see weft_chart_legend_rows() */
} WeftChartCtx;


/* Marks are drawn at most one per few pixels per lane. */
typedef struct
{
  WeftChartCtx *ctx;
  GArray *xs[WEFT_INSTANT_MAX];     /* NULL for kinds the pattern does not draw */
  GArray *from_line;                /* x of marks from options->code_line, or NULL */
} WeftMarkBatch;

/* Nested spans sit inside their parents, a little inset from the lane's
 * band at each depth. */
static inline double
weft_chart_span_inset (guint depth)
{
  return 5.0 + depth * 4.0;
}

/* The same in a lane @height tall: in a lane shrunk to fit many threads
 * the insets shrink with it, so nested spans stay inside their parents
 * and the lane. */
static inline double
weft_chart_lane_inset (double height,
                       guint  depth)
{
  double inset = weft_chart_span_inset (depth) * MIN (1.0, height / LANE_HEIGHT);

  return MIN (inset, (height - 1) / 2);
}

/* Shared drawing helpers (weft-chart.c) */
void        weft_chart_set_color            (cairo_t         *cr,
                                             const WeftColor *color);
void        weft_chart_draw_text            (WeftChartCtx    *ctx,
                                             double           x,
                                             double           baseline,
                                             const char      *text,
                                             double           size,
                                             gboolean         bold,
                                             const WeftColor *color,
                                             WeftTextAlign    align);
void        weft_chart_fill_background      (WeftChartCtx    *ctx);
double      weft_chart_text_width           (WeftChartCtx    *ctx,
                                             const char      *text,
                                             double           size,
                                             gboolean         bold);


/* Layout (weft-chart-layout.c) */
double      weft_chart_lane_top             (const WeftChartCtx *ctx,
                                             guint               lane);
double      weft_chart_counter_top          (const WeftChartCtx *ctx,
                                             guint               index);
double      weft_chart_group_top            (const WeftChartCtx *ctx,
                                             guint               process);
gboolean    weft_chart_lane_at_offset       (WeftTimeline          *timeline,
                                             const WeftChartLayout *layout,
                                             double                 offset,
                                             guint                 *lane);
gboolean    weft_chart_overview_possible    (WeftTimeline           *timeline,
                                             const WeftChartOptions *options,
                                             const WeftChartLayout  *layout);

/* Axis (weft-chart-axis.c) */
void        weft_chart_draw_header          (WeftChartCtx *ctx);
void        weft_chart_draw_ruler           (WeftChartCtx *ctx);

/* Thread lanes (weft-chart-lanes.c) */
void        weft_chart_hatch_rect           (cairo_t         *cr,
                                             double           x,
                                             double           y,
                                             double           width,
                                             double           height,
                                             const WeftColor *color,
                                             double           alpha);
void        weft_chart_begin_group          (WeftChartCtx *ctx,
                                             const char   *name);
void        weft_chart_end_group            (WeftChartCtx *ctx);
void        weft_chart_draw_lane_label      (WeftChartCtx *ctx,
                                             double        top,
                                             double        height,
                                             const char   *name,
                                             const char   *detail);
void        weft_chart_draw_lanes           (WeftChartCtx *ctx);
gboolean    weft_chart_lanes_show_marks     (const WeftChartCtx *ctx);

/* Step mode (weft-chart-held.c) */
gboolean    weft_chart_draw_held_badge      (WeftChartCtx *ctx,
                                             guint         lane,
                                             double        top,
                                             double        height);

/* Marks (weft-chart-marks.c) */
const char *weft_chart_instant_label        (WeftChartCtx *ctx,
                                             guint         code);
gboolean    weft_chart_draws_mark           (WeftTimeline *timeline,
                                             guint         code);
void        weft_chart_collect_instant      (const WeftInstantRecord *instant,
                                             gpointer                 user_data);
void        weft_chart_mark_path_for        (WeftChartCtx *ctx,
                                             guint         code,
                                             double        x,
                                             double        y);
void        weft_chart_fill_marks           (WeftChartCtx *ctx,
                                             guint         code);
void        weft_chart_draw_marks           (WeftChartCtx  *ctx,
                                             WeftMarkBatch *batch,
                                             double         y);

/* Object lanes (weft-chart-objects.c) */
double      weft_chart_object_lane_height   (WeftTimeline *timeline,
                                             guint16       object);
void        weft_chart_draw_object_lane     (WeftChartCtx *ctx,
                                             guint         index,
                                             guint16       object);

/* The thread overview (weft-chart-overview.c) */
void        weft_chart_draw_overview        (WeftChartCtx *ctx);
const char *weft_chart_census_label         (WeftCensusKind     kind);
void        weft_chart_census_color         (const WeftPalette *palette,
                                             WeftCensusKind     kind,
                                             WeftColor         *color);

/* Overlays (weft-chart-overlays.c) */
void        weft_chart_draw_gaps            (WeftChartCtx *ctx);
void        weft_chart_draw_pauses          (WeftChartCtx *ctx);
void        weft_chart_draw_detail_boundary (WeftChartCtx *ctx);

/* Deadlock (weft-chart-deadlock.c) */
void        weft_chart_draw_deadlock        (WeftChartCtx *ctx);
void        weft_chart_draw_deadlock_graph  (WeftChartCtx *ctx,
                                             double        x,
                                             double        y,
                                             double        width,
                                             double        height);

/* Lessons (weft-chart-lessons.c) */
void        weft_chart_draw_lessons         (WeftChartCtx *ctx);
void        weft_chart_draw_lessons_legend  (WeftChartCtx *ctx);
gboolean    weft_chart_draws_wait_reasons   (WeftTimeline *timeline);
const char *weft_chart_handoff_label        (WeftChartCtx *ctx);

/* Selection (weft-chart-selection.c) */
void        weft_chart_ctx_init             (WeftChartCtx           *ctx,
                                             cairo_t                *cr,
                                             WeftTimeline           *timeline,
                                             const WeftChartOptions *options);
void        weft_chart_ctx_clear            (WeftChartCtx           *ctx);
void        weft_chart_draw_selection       (WeftChartCtx *ctx);
void        weft_chart_draw_measure         (WeftChartCtx *ctx);

/* Legend (weft-chart-legend.c) */
guint       weft_chart_legend_rows          (WeftTimeline           *timeline,
                                             const WeftChartOptions *options,
                                             const WeftChartLayout  *layout);
void        weft_chart_draw_legend          (WeftChartCtx *ctx);
void        weft_chart_legend_next          (WeftChartCtx *ctx,
                                             double        symbol,
                                             const char   *label,
                                             double       *x,
                                             double       *middle);

G_END_DECLS
