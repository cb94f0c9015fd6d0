/* weft-window.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "weft-window.h"

struct _WeftWindow
{
  AdwApplicationWindow parent_instance;
};

G_DEFINE_FINAL_TYPE (WeftWindow, weft_window, ADW_TYPE_APPLICATION_WINDOW)

WeftWindow *
weft_window_new (WeftApplication *application)
{
  return g_object_new (WEFT_TYPE_WINDOW, "application", application, NULL);
}

static void
weft_window_class_init (WeftWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/weft/Weft/weft-window.ui");
}

static void
weft_window_init (WeftWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
weft_window_get_pattern_params (WeftWindow        *self,
                                const WeftPattern *pattern,
                                WeftParams        *params)
{
  weft_pattern_get_default_params (pattern, params);
}

void
weft_window_show_pattern (WeftWindow        *self,
                          const WeftPattern *pattern,
                          const WeftParams  *params)
{
}
