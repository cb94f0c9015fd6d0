/* weft-measure-popover.h: the figures of a stretch of time dragged out on the ruler
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "weft-stats.h"

G_BEGIN_DECLS

#define WEFT_TYPE_MEASURE_POPOVER (weft_measure_popover_get_type ())

G_DECLARE_FINAL_TYPE (WeftMeasurePopover, weft_measure_popover, WEFT, MEASURE_POPOVER, GtkPopover)

GtkWidget  *weft_measure_popover_new       (void);
void        weft_measure_popover_set_stats (WeftMeasurePopover *self,
                                            WeftStats          *stats);
void        weft_measure_popover_set_runs  (WeftMeasurePopover *self,
                                            guint               n_runs,
                                            const char * const *names,
                                            WeftStats * const  *stats);
guint       weft_measure_popover_get_n_runs (WeftMeasurePopover *self);
void        weft_measure_popover_show_run  (WeftMeasurePopover *self,
                                            int                 index);
const char *weft_measure_popover_get_text  (WeftMeasurePopover *self);
const char *weft_measure_popover_get_csv   (WeftMeasurePopover *self);
gboolean    weft_measure_popover_save_csv  (WeftMeasurePopover *self,
                                            GFile              *file,
                                            GError            **error);

G_END_DECLS
