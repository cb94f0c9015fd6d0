/* weft-compare-view.h: two runs, one above the other, on one time axis
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "weft-compare-pair.h"
#include "weft-compare-pane.h"

G_BEGIN_DECLS

#define WEFT_TYPE_COMPARE_VIEW (weft_compare_view_get_type ())

G_DECLARE_FINAL_TYPE (WeftCompareView, weft_compare_view, WEFT, COMPARE_VIEW, GtkBox)

GtkWidget       *weft_compare_view_new             (void);
void             weft_compare_view_compare_lesson  (WeftCompareView          *self,
                                                    const WeftParams         *shown,
                                                    const WeftSessionOptions *options);
void             weft_compare_view_compare_runs    (WeftCompareView *self,
                                                    WeftTimeline    *upper,
                                                    const char      *upper_label,
                                                    WeftTimeline    *lower,
                                                    const char      *lower_label);
void             weft_compare_view_open_runs_async (WeftCompareView     *self,
                                                    WeftTimeline        *upper,
                                                    const char          *upper_label,
                                                    GFile * const       *files,
                                                    guint                n_files,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean         weft_compare_view_open_runs_finish (WeftCompareView  *self,
                                                     GAsyncResult     *result,
                                                     GError          **error);
void             weft_compare_view_run_again       (WeftCompareView *self);
void             weft_compare_view_toggle_pause    (WeftCompareView *self);
void             weft_compare_view_stop            (WeftCompareView *self);
void             weft_compare_view_style_like      (WeftCompareView *self,
                                                    WeftGanttView   *model);
void             weft_compare_view_let_go          (WeftCompareView *self);

WeftRunState     weft_compare_view_get_state       (WeftCompareView *self);
gboolean         weft_compare_view_is_lesson       (WeftCompareView *self);
guint            weft_compare_view_get_n_live_runs (WeftCompareView *self);
WeftComparePane *weft_compare_view_get_upper       (WeftCompareView *self);
WeftComparePane *weft_compare_view_get_lower       (WeftCompareView *self);
char            *weft_compare_view_dup_title       (WeftCompareView *self);
const char      *weft_compare_view_get_note        (WeftCompareView *self);
const char      *weft_compare_view_get_stall_note  (WeftCompareView *self);

G_END_DECLS
