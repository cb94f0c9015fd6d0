/* weft-application.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "weft-application.h"
#include "weft-window.h"

struct _WeftApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (WeftApplication, weft_application, ADW_TYPE_APPLICATION)

extern void weft_register_resource (void);

WeftApplication *
weft_application_new (void)
{
  return g_object_new (WEFT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/weft/Weft",
                       NULL);
}

static void
weft_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (weft_window_new (WEFT_APPLICATION (app)));

  gtk_window_present (window);
}

static void
weft_application_class_init (WeftApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = weft_application_activate;
}

static void
weft_application_init (WeftApplication *self)
{
  static gsize registered;

  /* The resource lives in a static library, so it is registered by hand
   * rather than by a constructor the linker could drop. */
  if (g_once_init_enter (&registered))
    {
      weft_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}
