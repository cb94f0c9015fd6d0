/* weft-measure-popover.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows a WeftStats as its text table, which can be selected and
 * copied, and saves it as CSV.  The figures are taken when the stretch
 * is measured and kept: a live run going on does not change them under
 * the reader.  Stretches measured on two runs at once (Compare) have
 * both runs' figures, shown one run at a time or both, one above the
 * other; saved as CSV, both runs' rows carry a first column naming
 * their run.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "weft-measure-popover.h"

struct _WeftMeasurePopover
{
  GtkPopover parent_instance;

  GtkScrolledWindow *table_scroller;
  GtkLabel *table_label;
  GtkLabel *status_label;
  GtkBox *run_switcher;
  char *text;                   /* what is shown, and copied */
  char *csv;                    /* what is saved */
  GStrv run_names;              /* each run's name, its text and CSV */
  GStrv run_texts;
  GStrv run_csvs;
  int shown_run;                /* the run shown; -1: all of them */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (WeftMeasurePopover, weft_measure_popover, GTK_TYPE_POPOVER)

GtkWidget *
weft_measure_popover_new (void)
{
  return g_object_new (WEFT_TYPE_MEASURE_POPOVER, NULL);
}

static void
say (WeftMeasurePopover *self,
     const char         *message)
{
  gtk_label_set_text (self->status_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), message != NULL);
}

/* A CSV field naming a run: quoted, with quotes doubled. */
static void
append_csv_name (GString    *out,
                 const char *name)
{
  g_autoptr(GString) quoted = g_string_new (name);

  g_string_replace (quoted, "\"", "\"\"", 0);
  g_string_append_printf (out, "\"%s\",", quoted->str);
}

/* Every run's rows under one header, each row led by its run's name. */
static char *
join_csv (WeftMeasurePopover *self)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; self->run_csvs[i] != NULL; i++)
    {
      g_auto(GStrv) lines = g_strsplit (self->run_csvs[i], "\n", -1);

      if (i == 0)
        g_string_append_printf (out, "run,%s\n", lines[0]);
      for (guint j = 1; lines[j] != NULL; j++)
        if (lines[j][0] != '\0')
          {
            append_csv_name (out, self->run_names[i]);
            g_string_append_printf (out, "%s\n", lines[j]);
          }
    }
  return g_string_free (out, FALSE);
}

/* Shows run @index's figures, or with -1 every run's, one above the other. */
static void
show_run (WeftMeasurePopover *self,
          int                 index)
{
  guint n = self->run_texts != NULL ? g_strv_length (self->run_texts) : 0;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->csv, g_free);
  self->shown_run = index;
  if (n == 1)
    {
      self->text = g_strdup (self->run_texts[0]);
      self->csv = g_strdup (self->run_csvs[0]);
    }
  else if (index >= 0 && (guint) index < n)
    {
      self->text = g_strdup (self->run_texts[index]);
      self->csv = g_strdup (self->run_csvs[index]);
    }
  else if (n > 1)
    {
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < n; i++)
        g_string_append_printf (text, "%s%s\n%s", i > 0 ? "\n\n" : "", self->run_names[i], self->run_texts[i]);
      self->text = g_string_free (text, FALSE);
      self->csv = join_csv (self);
    }
  gtk_label_set_text (self->table_label, self->text != NULL ? self->text : "");
  /* A selectable label given focus selects all of itself: the figures
   * are read first, and copied with the button or a selection. */
  gtk_label_select_region (self->table_label, 0, 0);
  /* Fewer figures, a smaller popover: a shown popover keeps its size
   * until laid out again. */
  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_popover_present (GTK_POPOVER (self));
}

static void
on_run_toggled (GtkToggleButton    *button,
                WeftMeasurePopover *self)
{
  if (gtk_toggle_button_get_active (button))
    show_run (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "run")));
}

/* One toggle per run, and one for all of them, chosen. */
static void
fill_run_switcher (WeftMeasurePopover *self)
{
  guint n = g_strv_length (self->run_names);
  GtkWidget *child;
  GtkToggleButton *first = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->run_switcher))) != NULL)
    gtk_box_remove (self->run_switcher, child);
  gtk_widget_set_visible (GTK_WIDGET (self->run_switcher), n > 1);
  if (n < 2)
    return;
  for (int i = 0; i <= (int) n; i++)
    {
      /* TRANSLATORS: shows the figures of both compared runs, one above the other */
      GtkWidget *button = gtk_toggle_button_new_with_label (i < (int) n ? self->run_names[i] : _("Both"));
      int run = i < (int) n ? i : -1;

      g_object_set_data (G_OBJECT (button), "run", GINT_TO_POINTER (run));
      if (first == NULL)
        first = GTK_TOGGLE_BUTTON (button);
      else
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), first);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), run == self->shown_run);
      g_signal_connect (button, "toggled", G_CALLBACK (on_run_toggled), self);
      gtk_box_append (self->run_switcher, button);
    }
}

/**
 * weft_measure_popover_set_runs:
 * @n_runs: how many runs were measured, one or more
 * @names: (nullable): what each run is called, when there are several
 * @stats: each run's figures
 *
 * Shows every run's figures, above the others' in the order given.
 */
void
weft_measure_popover_set_runs (WeftMeasurePopover *self,
                               guint               n_runs,
                               const char * const *names,
                               WeftStats * const  *stats)
{
  g_return_if_fail (WEFT_IS_MEASURE_POPOVER (self));
  g_return_if_fail (n_runs >= 1 && stats != NULL);
  g_return_if_fail (n_runs == 1 || names != NULL);

  g_strfreev (self->run_names);
  g_strfreev (self->run_texts);
  g_strfreev (self->run_csvs);
  self->run_names = g_new0 (char *, n_runs + 1);
  self->run_texts = g_new0 (char *, n_runs + 1);
  self->run_csvs = g_new0 (char *, n_runs + 1);
  for (guint i = 0; i < n_runs; i++)
    {
      self->run_names[i] = g_strdup (names != NULL ? names[i] : "");
      self->run_texts[i] = weft_stats_to_text (stats[i]);
      self->run_csvs[i] = weft_stats_to_csv (stats[i]);
    }
  self->shown_run = -1;
  fill_run_switcher (self);
  show_run (self, -1);
  say (self, NULL);
}

void
weft_measure_popover_set_stats (WeftMeasurePopover *self,
                                WeftStats          *stats)
{
  g_return_if_fail (WEFT_IS_MEASURE_POPOVER (self));

  weft_measure_popover_set_runs (self, 1, NULL, &stats);
}

/* How many runs the figures are of. */
guint
weft_measure_popover_get_n_runs (WeftMeasurePopover *self)
{
  g_return_val_if_fail (WEFT_IS_MEASURE_POPOVER (self), 0);
  return self->run_texts != NULL ? g_strv_length (self->run_texts) : 0;
}

/**
 * weft_measure_popover_show_run:
 * @index: a run, in the order given; -1 for all of them
 *
 * As choosing the run's toggle does.
 */
void
weft_measure_popover_show_run (WeftMeasurePopover *self,
                               int                 index)
{
  g_return_if_fail (WEFT_IS_MEASURE_POPOVER (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->run_switcher)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "run")) == index)
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (child), TRUE);
  show_run (self, index);
}

const char *
weft_measure_popover_get_text (WeftMeasurePopover *self)
{
  g_return_val_if_fail (WEFT_IS_MEASURE_POPOVER (self), NULL);
  return self->text;
}

const char *
weft_measure_popover_get_csv (WeftMeasurePopover *self)
{
  g_return_val_if_fail (WEFT_IS_MEASURE_POPOVER (self), NULL);
  return self->csv;
}

/* Written whole or not at all: g_file_replace_contents() writes a
 * temporary file and renames it over @file. */
gboolean
weft_measure_popover_save_csv (WeftMeasurePopover *self,
                               GFile              *file,
                               GError            **error)
{
  g_return_val_if_fail (WEFT_IS_MEASURE_POPOVER (self), FALSE);
  g_return_val_if_fail (self->csv != NULL, FALSE);

  return g_file_replace_contents (file, self->csv, strlen (self->csv), NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                  NULL, error);
}

static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WeftMeasurePopover *self = WEFT_MEASURE_POPOVER (widget);

  if (self->text == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->text);
  say (self, _("Copied"));
}

static void
on_chooser_response (GtkNativeDialog    *dialog,
                     int                 response,
                     WeftMeasurePopover *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      if (weft_measure_popover_save_csv (self, file, &error))
        {
          g_autofree char *name = g_file_get_basename (file);
          /* TRANSLATORS: %s is a file name */
          g_autofree char *saved = g_strdup_printf (_("Saved as %s"), name);

          say (self, saved);
        }
      else
        {
          g_autofree char *name = g_file_get_parse_name (file);
          /* TRANSLATORS: the first %s is a file, the second why it could not be written */
          g_autofree char *failed = g_strdup_printf (_("Could not save %s: %s"), name, error->message);

          say (self, failed);
        }
    }
  g_clear_object (&self->chooser);
}

static void
save_csv_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  WeftMeasurePopover *self = WEFT_MEASURE_POPOVER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->csv == NULL || self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save Figures as CSV"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  /* TRANSLATORS: the suggested name of a saved table of figures */
  /* A file's name stays in English, as the export's "weft-PATTERN-TIME.svg":
   * it is passed on to scripts and other machines. */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "weft-figures.csv");
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The table's widest, and what a popover's frame and margins take. */
#define TABLE_MAX_WIDTH 1000
#define POPOVER_FRAME 48

static void
on_shown (GtkWidget          *widget,
          WeftMeasurePopover *self)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  GtkRoot *root = parent != NULL ? gtk_widget_get_root (parent) : NULL;

  gtk_label_select_region (self->table_label, 0, 0);
  /* No wider than the window: in a narrow one the table scrolls.  Shown
   * already (GtkWidget::show runs GTK's handler first): sized anew. */
  if (root != NULL)
    {
      gtk_scrolled_window_set_max_content_width (self->table_scroller,
                                                 CLAMP (gtk_widget_get_width (GTK_WIDGET (root)) - POPOVER_FRAME, 1,
                                                        TABLE_MAX_WIDTH));
      gtk_popover_present (GTK_POPOVER (self));
    }
}

static void
weft_measure_popover_dispose (GObject *object)
{
  WeftMeasurePopover *self = WEFT_MEASURE_POPOVER (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  G_OBJECT_CLASS (weft_measure_popover_parent_class)->dispose (object);
}

static void
weft_measure_popover_finalize (GObject *object)
{
  WeftMeasurePopover *self = WEFT_MEASURE_POPOVER (object);

  g_free (self->text);
  g_free (self->csv);
  g_strfreev (self->run_names);
  g_strfreev (self->run_texts);
  g_strfreev (self->run_csvs);
  G_OBJECT_CLASS (weft_measure_popover_parent_class)->finalize (object);
}

static void
weft_measure_popover_class_init (WeftMeasurePopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = weft_measure_popover_dispose;
  object_class->finalize = weft_measure_popover_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/weft/Weft/weft-measure-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, WeftMeasurePopover, table_scroller);
  gtk_widget_class_bind_template_child (widget_class, WeftMeasurePopover, table_label);
  gtk_widget_class_bind_template_child (widget_class, WeftMeasurePopover, status_label);
  gtk_widget_class_bind_template_child (widget_class, WeftMeasurePopover, run_switcher);
  gtk_widget_class_install_action (widget_class, "measure.copy", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "measure.save-csv", NULL, save_csv_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "measure.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "measure.save-csv", NULL);
}

static void
weft_measure_popover_init (WeftMeasurePopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown_run = -1;
  g_signal_connect (self, "show", G_CALLBACK (on_shown), self);
}
