/* weft-application.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "weft-application.h"
#include "weft-cli.h"
#include "weft-window.h"

struct _WeftApplication
{
  AdwApplication parent_instance;

  /* weft record: the program its window records, or NULL. */
  char **program;
  gboolean detach;
  gint64 max_ns;
};

G_DEFINE_FINAL_TYPE (WeftApplication, weft_application, ADW_TYPE_APPLICATION)

extern void weft_register_resource (void);

WeftApplication *
weft_application_new (void)
{
  return g_object_new (WEFT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/weft/Weft",
                       NULL);
}

static WeftWindow *
get_window (WeftApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (weft_window_new (self));
  return WEFT_WINDOW (window);
}

/**
 * weft_application_new_for_program:
 *
 * For `weft record -- PROGRAM`: an instance of its own (never the one
 * already running), whose window records the program live.
 */
WeftApplication *
weft_application_new_for_program (const char * const *argv,
                                  gboolean            detach,
                                  gint64              max_ns)
{
  WeftApplication *self = g_object_new (WEFT_TYPE_APPLICATION,
                                        "application-id", APP_ID,
                                        "flags", G_APPLICATION_NON_UNIQUE,
                                        "resource-base-path", "/io/github/weft/Weft",
                                        NULL);

  self->program = g_strdupv ((char **) argv);
  self->detach = detach;
  self->max_ns = max_ns;
  return self;
}

static void
weft_application_activate (GApplication *app)
{
  WeftApplication *self = WEFT_APPLICATION (app);
  WeftWindow *window = get_window (self);

  gtk_window_present (GTK_WINDOW (window));
  if (self->program != NULL)
    {
      weft_window_record_program (window, (const char * const *) self->program, self->detach, self->max_ns);
      g_clear_pointer (&self->program, g_strfreev);
    }
}

/* `weft FILE.json`, or a file given to the running instance: shown in
 * its window as a finished run. */
static void
weft_application_open (GApplication  *app,
                       GFile        **files,
                       int            n_files,
                       const char    *hint)
{
  WeftWindow *window = get_window (WEFT_APPLICATION (app));

  if (n_files > 0)
    weft_window_open_file (window, files[0]);
  gtk_window_present (GTK_WINDOW (window));
}

/* app.open-pattern("(sa{sd}msmt)"): a pattern, the parameters, variant
 * and seed given on the command line, forwarded to the running instance
 * if there is one. */
static void
open_pattern_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  WeftApplication *self = user_data;
  const char *name;
  const char *variant;
  gboolean seeded;
  guint64 seed;
  g_autoptr(GVariantIter) iter = NULL;
  const WeftPattern *pattern;
  WeftParams params;
  const char *key;
  double value;

  g_variant_get (parameter, "(&sa{sd}m&smt)", &name, &iter, &variant, &seeded, &seed);
  pattern = weft_patterns_lookup (name);
  if (pattern == NULL)
    return;

  weft_window_get_pattern_params (get_window (self), pattern, &params);
  while (g_variant_iter_loop (iter, "{&sd}", &key, &value))
    weft_params_set (&params, key, value);
  if (variant != NULL)
    weft_params_set_variant (&params, variant);
  params.seeded = seeded;
  params.seed = seeded ? seed : 0;
  weft_window_show_pattern (get_window (self), pattern, &params);
}

static int
weft_application_handle_local_options (GApplication *app,
                                       GVariantDict *dict)
{
  g_auto(WeftCliOptions) options = { 0 };
  g_autoptr(GError) error = NULL;
  const WeftPattern *pattern;
  WeftParams params;
  WeftSessionOptions session_options;
  WeftCliPicture picture;
  gboolean params_given;
  double duration;
  const char * const *names;
  guint n_names;

  /* First, so that a bad value is one whatever else is asked, and
   * before anything is stamped.  In this process only: a window already
   * open keeps its clock. */
  {
    const char *clock = NULL;

    if (g_variant_dict_lookup (dict, "clock", "&s", &clock) && !weft_cli_set_clock (clock, &error))
      {
        g_printerr ("weft: %s\n", error->message);
        return WEFT_EXIT_BAD_VALUE;
      }
  }

  if (g_variant_dict_contains (dict, "version"))
    {
      g_print ("weft %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (dict, "list-patterns"))
    {
      weft_cli_list_patterns ();
      return 0;
    }

  /* A saved trace, checked again for a script: no window, nothing else. */
  if (g_variant_dict_contains (dict, "check"))
    {
      g_autofree char *trace = NULL;

      g_variant_dict_lookup (dict, "check", "^ay", &trace);
      return weft_cli_check_trace (trace);
    }

  /* --stats FILE, or --stats=csv FILE: the file comes as the option's
   * value, or after it when the value names the format. */
  if (g_variant_dict_contains (dict, "stats"))
    {
      g_autofree char *value = NULL;
      g_autofree const char **files = NULL;
      gboolean csv;

      g_variant_dict_lookup (dict, "stats", "s", &value);
      g_variant_dict_lookup (dict, G_OPTION_REMAINING, "^a&ay", &files);
      csv = g_str_equal (value, "csv");
      if (!csv && !g_str_equal (value, "text"))
        return weft_cli_print_stats (value, FALSE);
      if (files == NULL || files[0] == NULL)
        {
          g_printerr ("weft: %s\n", _("--stats=csv and --stats=text take a trace after them: --stats=csv FILE.json"));
          return WEFT_EXIT_BAD_VALUE;
        }
      return weft_cli_print_stats (files[0], csv);
    }

  g_variant_dict_lookup (dict, "pattern", "s", &options.pattern);
  g_variant_dict_lookup (dict, "variant", "s", &options.variant);
  g_variant_dict_lookup (dict, "seed", "s", &options.seed);
  names = weft_cli_get_param_names (&n_names);
  for (guint i = 0; i < n_names; i++)
    g_variant_dict_lookup (dict, names[i], "s", &options.params[i]);
  g_variant_dict_lookup (dict, "duration", "s", &options.duration);
  g_variant_dict_lookup (dict, "export", "^ay", &options.export_path);
  g_variant_dict_lookup (dict, "recording", "s", &options.recording);
  g_variant_dict_lookup (dict, "memory", "s", &options.memory);
  g_variant_dict_lookup (dict, "words", "s", &options.words);
  options.code = g_variant_dict_contains (dict, "code");

  if (!weft_cli_parse (&options, &pattern, &params, &params_given, &duration, &session_options, &error) ||
      !weft_cli_parse_picture (&options, &picture, &error))
    {
      g_printerr ("weft: %s\n", error->message);
      return WEFT_EXIT_BAD_VALUE;
    }

  if (options.export_path != NULL)
    return weft_cli_run_headless (pattern, &params, &session_options, duration, options.export_path, &picture);

  /* weft FILE.json: the options took the file, so it is opened here,
   * in this instance or the one already running. */
  {
    g_autofree const char **files = NULL;

    if (g_variant_dict_lookup (dict, G_OPTION_REMAINING, "^a&ay", &files) && files[0] != NULL)
      {
        g_autoptr(GFile) file = g_file_new_for_commandline_arg (files[0]);

        if (!g_application_register (app, NULL, &error))
          {
            g_printerr ("weft: %s\n", error->message);
            return 1;
          }
        g_application_open (app, &file, 1, "");
        return g_application_get_is_remote (app) ? 0 : -1;
      }
  }

  if (pattern != NULL)
    {
      GVariantBuilder given;

      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("weft: %s\n", error->message);
          return 1;
        }
      g_variant_builder_init (&given, G_VARIANT_TYPE ("a{sd}"));
      for (guint i = 0; i < n_names; i++)
        if (options.params[i] != NULL)
          g_variant_builder_add (&given, "{sd}", names[i], weft_params_get (&params, names[i], 0));
      g_action_group_activate_action (G_ACTION_GROUP (app), "open-pattern",
                                      g_variant_new ("(sa{sd}msmt)", pattern->name, &given,
                                                     options.variant != NULL ? weft_params_get_variant_name (&params) : NULL,
                                                     params.seeded, params.seed));
      /* The running instance shows it; this one has nothing left to do. */
      if (g_application_get_is_remote (app))
        return 0;
    }

  return -1;
}

static void weft_application_startup (GApplication *app);

static void
weft_application_finalize (GObject *object)
{
  g_strfreev (WEFT_APPLICATION (object)->program);
  G_OBJECT_CLASS (weft_application_parent_class)->finalize (object);
}

static void
weft_application_class_init (WeftApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = weft_application_finalize;
  app_class->activate = weft_application_activate;
  app_class->open = weft_application_open;
  app_class->startup = weft_application_startup;
  app_class->handle_local_options = weft_application_handle_local_options;
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "The Weft authors", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Weft"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Weft authors"),
                         "developers", developers,
                         "comments", _("See threads synchronize: real threads run the classic patterns, "
                                       "and a live timeline shows what each one does."),
                         "website", "https://github.com/weft/weft",
                         "issue-url", "https://github.com/weft/weft/issues",
                         "copyright", "© 2026 The Weft authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your name and email, one translator per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing each window saves its size and stops its threads. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_close (windows->data);
      windows = next;
    }
}

static const GActionEntry app_actions[] = {
  { "open-pattern", open_pattern_activated, "(sa{sd}msmt)" },
  { "about", about_activated },
  { "quit", quit_activated },
};

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

  g_application_add_main_option_entries (G_APPLICATION (self), weft_cli_get_option_entries ());
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("See threads synchronize: run a pattern on real threads and watch its timeline."));
  {
    g_autofree char *description =
      g_strdup_printf ("%s\n\n%s",
                       _("Exit status with --export: 0 every check passed, is the lesson "
                         "(the race’s lost updates) or had nothing to check yet; "
                         "1 the run or the write failed; "
                         "2 a bad value; 3 a check failed; 4 a check could not be verified "
                         "because events were lost; 130 or 143 after Ctrl-C or SIGTERM, "
                         "once what was recorded is written."),
                       /* TRANSLATORS: keep the command as it is */
                       _("weft record [--export=FILE] -- PROGRAM [ARGS…] records any program’s threads "
                         "instead: see weft record --help."));

    g_application_set_option_context_description (G_APPLICATION (self), description);
  }
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
}

static void
weft_application_startup (GApplication *app)
{
  const char *quit_accels[] = { "<Ctrl>q", NULL };

  G_APPLICATION_CLASS (weft_application_parent_class)->startup (app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}
