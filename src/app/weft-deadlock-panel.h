/* weft-deadlock-panel.h: a found deadlock, named in red and drawn
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "weft-timeline.h"

G_BEGIN_DECLS

#define WEFT_TYPE_DEADLOCK_PANEL (weft_deadlock_panel_get_type ())

G_DECLARE_FINAL_TYPE (WeftDeadlockPanel, weft_deadlock_panel, WEFT, DEADLOCK_PANEL, GtkWidget)

GtkWidget *weft_deadlock_panel_new   (void);
gboolean   weft_deadlock_panel_show  (WeftDeadlockPanel *self,
                                      WeftTimeline      *timeline);
void       weft_deadlock_panel_clear (WeftDeadlockPanel *self);
gboolean   weft_deadlock_panel_is_shown (WeftDeadlockPanel *self);
const char *weft_deadlock_panel_get_text (WeftDeadlockPanel *self);

G_END_DECLS
