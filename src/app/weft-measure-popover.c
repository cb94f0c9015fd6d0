/* weft-measure-popover.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows a WeftStats as its text table, which can be selected and
 * copied, and saves it as CSV.  The figures are taken when the stretch
 * is measured and kept: a live run going on does not change them under
 * the reader.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "weft-measure-popover.h"

struct _WeftMeasurePopover
{
  GtkPopover parent_instance;

  GtkLabel *table_label;
  GtkLabel *status_label;
  char *text;
  char *csv;
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

void
weft_measure_popover_set_stats (WeftMeasurePopover *self,
                                WeftStats          *stats)
{
  g_return_if_fail (WEFT_IS_MEASURE_POPOVER (self));

  g_free (self->text);
  g_free (self->csv);
  self->text = weft_stats_to_text (stats);
  self->csv = weft_stats_to_csv (stats);
  gtk_label_set_text (self->table_label, self->text);
  /* A selectable label given focus selects all of itself: the figures
   * are read first, and copied with the button or a selection. */
  gtk_label_select_region (self->table_label, 0, 0);
  say (self, NULL);
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
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("weft-figures.csv"));
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_shown (GtkWidget          *widget,
          WeftMeasurePopover *self)
{
  gtk_label_select_region (self->table_label, 0, 0);
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
  gtk_widget_class_bind_template_child (widget_class, WeftMeasurePopover, table_label);
  gtk_widget_class_bind_template_child (widget_class, WeftMeasurePopover, status_label);
  gtk_widget_class_install_action (widget_class, "measure.copy", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "measure.save-csv", NULL, save_csv_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "measure.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "measure.save-csv", NULL);
}

static void
weft_measure_popover_init (WeftMeasurePopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self, "show", G_CALLBACK (on_shown), self);
}
