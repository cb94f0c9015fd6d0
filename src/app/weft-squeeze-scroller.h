/* weft-squeeze-scroller.h: content shown whole, or scrolled when squeezed
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WEFT_TYPE_SQUEEZE_SCROLLER (weft_squeeze_scroller_get_type ())

G_DECLARE_FINAL_TYPE (WeftSqueezeScroller, weft_squeeze_scroller, WEFT, SQUEEZE_SCROLLER, GtkWidget)

GtkWidget *weft_squeeze_scroller_new            (void);
void       weft_squeeze_scroller_set_child      (WeftSqueezeScroller *self,
                                                 GtkWidget           *child);
GtkWidget *weft_squeeze_scroller_get_child      (WeftSqueezeScroller *self);
void       weft_squeeze_scroller_set_min_height (WeftSqueezeScroller *self,
                                                 int                  min_height);
int        weft_squeeze_scroller_get_min_height (WeftSqueezeScroller *self);

G_END_DECLS
