/* main.c: the weft binary
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "weft-application.h"
#include "weft-record-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WeftApplication) app = NULL;
  const char *localedir = g_getenv ("WEFT_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* WEFT_LOCALEDIR: translations from a build tree, for runs that are
   * not installed (build-aux/dev run sets it). */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (weft_record_cli_wanted (argc, argv))
    return weft_record_cli_main (argc, argv);

  app = weft_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
