/* weft-ticks.h: where the time ruler puts its ticks, and what it writes
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "weft-format.h"

G_BEGIN_DECLS

gint64  weft_ticks_choose_step (gint64 span_ns,
                                double width,
                                double min_spacing);
char   *weft_ticks_format      (gint64 offset_ns,
                                gint64 step_ns);

G_END_DECLS
