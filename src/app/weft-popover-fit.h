/* weft-popover-fit.h: popovers that open over their window
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void weft_popover_keep_in_window (GtkPopover *popover);

G_END_DECLS
