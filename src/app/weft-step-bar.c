/* weft-step-bar.c: what Step mode holds, and the buttons that let go
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shown under the chart while Step mode is on.  The buttons are the
 * window's actions (run.step-any, run.step-mode); the bar only says how
 * many threads wait for the user and how to let one go.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "weft-step-bar.h"

struct _WeftStepBar
{
  GtkBox parent_instance;

  GtkLabel *status_label;
  guint n_held;
  gboolean live;
  gboolean shown_once;
};

G_DEFINE_FINAL_TYPE (WeftStepBar, weft_step_bar, GTK_TYPE_BOX)

GtkWidget *
weft_step_bar_new (void)
{
  return g_object_new (WEFT_TYPE_STEP_BAR, NULL);
}

/* Called every frame; the label changes only when what it says does. */
void
weft_step_bar_set_held (WeftStepBar *self,
                        guint        n_held,
                        gboolean     live)
{
  g_autofree char *text = NULL;

  g_return_if_fail (WEFT_IS_STEP_BAR (self));

  if (self->shown_once && n_held == self->n_held && live == self->live)
    return;
  self->shown_once = TRUE;
  self->n_held = n_held;
  self->live = live;

  if (!live)
    text = g_strdup (_("Step mode: the next run starts with every thread held at its first sync point."));
  else if (n_held == 0)
    text = g_strdup (_("Step mode: no thread is held now; running threads stop at their next sync point."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Step mode: %u thread is held. Click ▶ on its lane, or press its number, to let it go to its next sync point.",
                                         "Step mode: %u threads are held. Click ▶ on a lane, or press its number, to let that thread go to its next sync point.",
                                         n_held),
                            n_held);
  gtk_label_set_text (self->status_label, text);
}

const char *
weft_step_bar_get_status (WeftStepBar *self)
{
  return gtk_label_get_text (self->status_label);
}

static void
weft_step_bar_class_init (WeftStepBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/weft/Weft/weft-step-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, WeftStepBar, status_label);
}

static void
weft_step_bar_init (WeftStepBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
