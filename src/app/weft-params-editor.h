/* weft-params-editor.h: the rows that set a pattern's variant and parameters
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "weft-pattern.h"

G_BEGIN_DECLS

#define WEFT_TYPE_PARAMS_EDITOR (weft_params_editor_get_type ())

G_DECLARE_FINAL_TYPE (WeftParamsEditor, weft_params_editor, WEFT, PARAMS_EDITOR, AdwBin)

void              weft_params_editor_set_params (WeftParamsEditor *self,
                                                 const WeftParams *params);
const WeftParams *weft_params_editor_get_params (WeftParamsEditor *self);
GtkWidget        *weft_params_editor_get_row    (WeftParamsEditor *self,
                                                 const char       *name);
GtkWidget        *weft_params_editor_get_control (WeftParamsEditor *self,
                                                  const char       *name);

G_END_DECLS
