/* weft-gantt-view.h: the live Gantt chart widget
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "weft-chart.h"
#include "weft-measure-popover.h"
#include "weft-timeline.h"

G_BEGIN_DECLS

#define WEFT_TYPE_GANTT_VIEW (weft_gantt_view_get_type ())

G_DECLARE_FINAL_TYPE (WeftGanttView, weft_gantt_view, WEFT, GANTT_VIEW, GtkWidget)

GtkWidget    *weft_gantt_view_new             (void);
void          weft_gantt_view_set_timeline    (WeftGanttView *self,
                                               WeftTimeline  *timeline,
                                               gint64         live_window_ns);
WeftTimeline *weft_gantt_view_get_timeline    (WeftGanttView *self);
void          weft_gantt_view_update          (WeftGanttView *self);
void          weft_gantt_view_set_frozen      (WeftGanttView *self,
                                               gboolean       frozen);

gboolean      weft_gantt_view_get_follow_live (WeftGanttView *self);
gboolean      weft_gantt_view_get_show_arrows (WeftGanttView *self);
void          weft_gantt_view_set_show_arrows (WeftGanttView *self,
                                               gboolean       show_arrows);
void          weft_gantt_view_set_follow_live (WeftGanttView *self,
                                               gboolean       follow_live);
gboolean      weft_gantt_view_get_overview    (WeftGanttView *self);
void          weft_gantt_view_set_overview    (WeftGanttView *self,
                                               gboolean       overview);
gboolean      weft_gantt_view_shows_overview  (WeftGanttView *self);
double        weft_gantt_view_get_lanes_room  (WeftGanttView *self);
void          weft_gantt_view_get_range       (WeftGanttView *self,
                                               gint64        *t0,
                                               gint64        *t1);
void          weft_gantt_view_set_range       (WeftGanttView *self,
                                               gint64         t0,
                                               gint64         t1);
void          weft_gantt_view_zoom            (WeftGanttView *self,
                                               double         factor,
                                               double         anchor);
void          weft_gantt_view_zoom_fit        (WeftGanttView *self);
void          weft_gantt_view_pan             (WeftGanttView *self,
                                               double         fraction);
void          weft_gantt_view_scroll_lanes    (WeftGanttView *self,
                                               double         dy);
void          weft_gantt_view_set_checks      (WeftGanttView *self,
                                               WeftChecks    *checks);
gboolean      weft_gantt_view_step_at         (WeftGanttView *self,
                                               double         x,
                                               double         y);
gboolean      weft_gantt_view_select_at       (WeftGanttView *self,
                                               double         x,
                                               double         y);
char         *weft_gantt_view_dup_selection_details (WeftGanttView *self);
gboolean      weft_gantt_view_describe_at     (WeftGanttView *self,
                                               double         x,
                                               double         y,
                                               char         **text);
void          weft_gantt_view_set_code_line   (WeftGanttView *self,
                                               guint          line);
guint         weft_gantt_view_get_code_line   (WeftGanttView *self);
guint         weft_gantt_view_get_hover_line  (WeftGanttView *self);
void          weft_gantt_view_set_words       (WeftGanttView *self,
                                               WeftWords      words);
WeftWords     weft_gantt_view_get_words       (WeftGanttView *self);
void          weft_gantt_view_set_classroom   (WeftGanttView *self,
                                               gboolean       classroom);
gboolean      weft_gantt_view_get_classroom   (WeftGanttView *self);
void          weft_gantt_view_measure_range   (WeftGanttView *self,
                                               gint64         t0,
                                               gint64         t1);
void          weft_gantt_view_clear_measure   (WeftGanttView *self);
gboolean      weft_gantt_view_get_measure     (WeftGanttView *self,
                                               gint64        *t0,
                                               gint64        *t1);
WeftMeasurePopover *weft_gantt_view_get_measure_popover (WeftGanttView *self);
void          weft_gantt_view_link_axis       (WeftGanttView *self,
                                               WeftGanttView *other);
WeftGanttView *weft_gantt_view_get_axis_peer  (WeftGanttView *self);
void          weft_gantt_view_set_title       (WeftGanttView *self,
                                               const char    *title);

G_END_DECLS
