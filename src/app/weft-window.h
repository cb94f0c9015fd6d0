/* weft-window.h
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "weft-application.h"
#include "weft-pattern.h"

G_BEGIN_DECLS

#define WEFT_TYPE_WINDOW (weft_window_get_type ())

G_DECLARE_FINAL_TYPE (WeftWindow, weft_window, WEFT, WINDOW, AdwApplicationWindow)

WeftWindow *weft_window_new                (WeftApplication   *application);
void        weft_window_get_pattern_params (WeftWindow        *self,
                                            const WeftPattern *pattern,
                                            WeftParams        *params);
void        weft_window_show_pattern       (WeftWindow        *self,
                                            const WeftPattern *pattern,
                                            const WeftParams  *params);

G_END_DECLS
