/* weft-step-bar.h: what Step mode holds, and the buttons that let go
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WEFT_TYPE_STEP_BAR (weft_step_bar_get_type ())

G_DECLARE_FINAL_TYPE (WeftStepBar, weft_step_bar, WEFT, STEP_BAR, GtkBox)

GtkWidget  *weft_step_bar_new        (void);
void        weft_step_bar_set_held   (WeftStepBar *self,
                                      guint        n_held,
                                      gboolean     live);
const char *weft_step_bar_get_status (WeftStepBar *self);

G_END_DECLS
