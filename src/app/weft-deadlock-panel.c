/* weft-deadlock-panel.c: a found deadlock, named in red and drawn
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A deadlock is no passing note: once the trace shows one, this panel
 * above the chart names the cycle in red and draws it as a small
 * wait-for graph (weft_chart_draw_deadlock_graph_into()), and both stay
 * until the next run.  libadwaita 1.2 has no AdwBanner, hence a label.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "weft-chart.h"
#include "weft-deadlock-panel.h"

struct _WeftDeadlockPanel
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel *label;
  GtkDrawingArea *graph;
  WeftTimeline *timeline;       /* the run the graph is of, while shown */
};

G_DEFINE_FINAL_TYPE (WeftDeadlockPanel, weft_deadlock_panel, GTK_TYPE_WIDGET)

static void
draw_graph (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  WeftDeadlockPanel *self = user_data;
  g_autoptr(WeftTimelineLocker) locker = NULL;
  WeftChartOptions options;

  if (self->timeline == NULL)
    return;
  weft_chart_options_init (&options);
  options.width = width;
  options.height = height;
  options.dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  /* The cycle is fixed once found, but the collector may be folding in
   * the run's last events. */
  locker = weft_timeline_locker_new (self->timeline);
  weft_chart_draw_deadlock_graph_into (cr, self->timeline, &options);
}

static void
weft_deadlock_panel_dispose (GObject *object)
{
  WeftDeadlockPanel *self = WEFT_DEADLOCK_PANEL (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  G_OBJECT_CLASS (weft_deadlock_panel_parent_class)->dispose (object);
}

static void
weft_deadlock_panel_class_init (WeftDeadlockPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = weft_deadlock_panel_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "deadlockpanel");
}

static void
weft_deadlock_panel_init (WeftDeadlockPanel *self)
{
  GtkWidget *scroller;

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  gtk_widget_set_margin_bottom (self->box, 6);

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_selectable (self->label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (self->label), "heading");
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->label));

  self->graph = GTK_DRAWING_AREA (gtk_drawing_area_new ());
  gtk_drawing_area_set_draw_func (self->graph, draw_graph, self, NULL);
  /* A window narrower than the graph scrolls it sideways. */
  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_halign (scroller, GTK_ALIGN_START);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->graph));
  gtk_box_append (GTK_BOX (self->box), scroller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->graph), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Wait-for graph of the deadlock"), -1);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
weft_deadlock_panel_new (void)
{
  return g_object_new (WEFT_TYPE_DEADLOCK_PANEL, NULL);
}

/**
 * weft_deadlock_panel_show:
 *
 * Shows @timeline's deadlock, once the trace has one; the timeline is
 * locked.  Returns whether it does.
 */
gboolean
weft_deadlock_panel_show (WeftDeadlockPanel *self,
                          WeftTimeline      *timeline)
{
  g_autofree char *cycle = NULL;
  g_autofree char *text = NULL;
  double width, height;

  if (gtk_widget_get_visible (GTK_WIDGET (self)))
    return TRUE;
  cycle = weft_timeline_describe_deadlock (timeline);
  if (cycle == NULL)
    return FALSE;
  text = g_strdup_printf (_("Deadlock: %s"), cycle);
  gtk_label_set_text (self->label, text);
  /* The graph's description is the cycle in words, for screen readers. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->graph), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, cycle, -1);
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  self->timeline = weft_timeline_ref (timeline);
  weft_chart_deadlock_graph_size (timeline, &width, &height);
  gtk_drawing_area_set_content_width (self->graph, (int) width);
  gtk_drawing_area_set_content_height (self->graph, (int) height);
  gtk_widget_queue_draw (GTK_WIDGET (self->graph));
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  return TRUE;
}

/* For the next run: nothing to show. */
void
weft_deadlock_panel_clear (WeftDeadlockPanel *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  g_clear_pointer (&self->timeline, weft_timeline_unref);
}

gboolean
weft_deadlock_panel_is_shown (WeftDeadlockPanel *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self));
}

/* What the red line says, as shown. */
const char *
weft_deadlock_panel_get_text (WeftDeadlockPanel *self)
{
  return gtk_label_get_text (self->label);
}
