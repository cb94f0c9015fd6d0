/* weft-compare-pane.h: one of the two runs Compare shows
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "weft-checker.h"
#include "weft-gantt-view.h"
#include "weft-session.h"
#include "weft-window.h"

G_BEGIN_DECLS

#define WEFT_TYPE_COMPARE_PANE (weft_compare_pane_get_type ())

G_DECLARE_FINAL_TYPE (WeftComparePane, weft_compare_pane, WEFT, COMPARE_PANE, GtkBox)

GtkWidget     *weft_compare_pane_new           (void);
gboolean       weft_compare_pane_start         (WeftComparePane          *self,
                                                const WeftParams         *params,
                                                const WeftSessionOptions *options,
                                                const char               *label,
                                                gint64                    live_window_ns,
                                                GError                  **error);
void           weft_compare_pane_show_timeline (WeftComparePane *self,
                                                WeftTimeline    *timeline,
                                                const char      *label,
                                                gint64           live_window_ns);
WeftSession   *weft_compare_pane_take_session  (WeftComparePane *self);
gboolean       weft_compare_pane_tick          (WeftComparePane *self);
void           weft_compare_pane_set_paused    (WeftComparePane *self,
                                                gboolean         paused);
void           weft_compare_pane_request_stop  (WeftComparePane *self);

WeftRunState   weft_compare_pane_get_state     (WeftComparePane *self);
const char    *weft_compare_pane_get_label     (WeftComparePane *self);
WeftTimeline  *weft_compare_pane_get_timeline  (WeftComparePane *self);
WeftChecks    *weft_compare_pane_get_checks    (WeftComparePane *self);
WeftGanttView *weft_compare_pane_get_gantt_view (WeftComparePane *self);
const char    *weft_compare_pane_get_title_text (WeftComparePane *self);
gint64         weft_compare_pane_get_stall_ns  (WeftComparePane *self);
gboolean       weft_compare_pane_is_live       (WeftComparePane *self);
gboolean       weft_compare_pane_has_threads   (WeftComparePane *self);
gboolean       weft_compare_pane_was_given     (WeftComparePane *self);

G_END_DECLS
