/* weft-code-view.h: the code pane, each thread marked on its line, live
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "weft-timeline.h"

G_BEGIN_DECLS

#define WEFT_TYPE_CODE_VIEW (weft_code_view_get_type ())

G_DECLARE_FINAL_TYPE (WeftCodeView, weft_code_view, WEFT, CODE_VIEW, GtkWidget)

GtkWidget *weft_code_view_new               (void);
void       weft_code_view_set_timeline      (WeftCodeView *self,
                                             WeftTimeline *timeline);
void       weft_code_view_update            (WeftCodeView *self);
void       weft_code_view_set_hover_line    (WeftCodeView *self,
                                             guint         line);
guint      weft_code_view_get_selected_line (WeftCodeView *self);
void       weft_code_view_set_selected_line (WeftCodeView *self,
                                             guint         line);
guint      weft_code_view_get_marked_line   (WeftCodeView *self,
                                             guint         lane);
guint      weft_code_view_select_at         (WeftCodeView *self,
                                             double        y);
double     weft_code_view_get_line_y        (WeftCodeView *self,
                                             guint         line);
void       weft_code_view_set_large         (WeftCodeView *self,
                                             gboolean      large);

G_END_DECLS
