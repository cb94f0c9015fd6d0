/* widget-walk.h: what a user can reach in a window, as the tests read it
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Walks a widget tree for the controls a user acts on and says which of
 * them are cut off: outside the window, or outside a parent that does
 * not scroll.  Popovers are placed where their surface is, relative to
 * the window, so a popover hanging off the window's edge counts too.
 */

#pragma once

#include <gtk/gtk.h>

#include "weft-code-view.h"
#include "weft-gantt-view.h"

/* Half a pixel either way is rounding, not clipping. */
#define WALK_SLACK 0.5

/* Views scroll what they show: a window onto one this big can be read. */
#define WALK_VIEW_MIN 48.0

static inline gboolean
walk_is_view (GtkWidget *widget)
{
  return WEFT_IS_GANTT_VIEW (widget) || WEFT_IS_CODE_VIEW (widget);
}

/* What a user clicks, types into, drags or toggles: the chart and the
 * code's lines are clicked too. */
static inline gboolean
walk_is_actionable (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    return gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (widget));
  return GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
         GTK_IS_SPIN_BUTTON (widget) || GTK_IS_ENTRY (widget) || GTK_IS_DROP_DOWN (widget) ||
         GTK_IS_SCALE (widget) || GTK_IS_CHECK_BUTTON (widget) || walk_is_view (widget);
}

/* Where @widget is, in @window's coordinates, across popovers: a
 * popover is a surface of its own, placed relative to its parent's. */
static inline gboolean
walk_bounds_in_window (GtkWidget       *widget,
                       GtkWidget       *window,
                       graphene_rect_t *bounds)
{
  GtkNative *native = gtk_widget_get_native (widget);

  if (native == NULL || !gtk_widget_compute_bounds (widget, GTK_WIDGET (native), bounds))
    return FALSE;
  while (GTK_WIDGET (native) != window)
    {
      GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (native));
      GdkSurface *surface = gtk_native_get_surface (native);
      double x, y;

      if (!GTK_IS_POPOVER (native) || parent == NULL || surface == NULL || !GDK_IS_POPUP (surface))
        return FALSE;
      /* Into the popover's surface, then its parent's surface... */
      gtk_native_get_surface_transform (native, &x, &y);
      bounds->origin.x += x + gdk_popup_get_position_x (GDK_POPUP (surface));
      bounds->origin.y += y + gdk_popup_get_position_y (GDK_POPUP (surface));
      /* ...then the parent native's own coordinates. */
      native = gtk_widget_get_native (parent);
      gtk_native_get_surface_transform (native, &x, &y);
      bounds->origin.x -= x;
      bounds->origin.y -= y;
    }
  return TRUE;
}

static inline gboolean
walk_rect_contains (const graphene_rect_t *outer,
                    const graphene_rect_t *inner)
{
  return inner->origin.x >= outer->origin.x - WALK_SLACK &&
         inner->origin.y >= outer->origin.y - WALK_SLACK &&
         inner->origin.x + inner->size.width <= outer->origin.x + outer->size.width + WALK_SLACK &&
         inner->origin.y + inner->size.height <= outer->origin.y + outer->size.height + WALK_SLACK;
}

static inline char *
walk_describe (GtkWidget *widget)
{
  const char *name = NULL;
  g_autofree char *label = NULL;

  if (GTK_IS_ACTIONABLE (widget))
    name = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL)
    label = g_strdup (gtk_button_get_label (GTK_BUTTON (widget)));
  else if (gtk_widget_get_tooltip_text (widget) != NULL)
    label = g_strdup (gtk_widget_get_tooltip_text (widget));
  return g_strdup_printf ("%s%s%s%s%s", G_OBJECT_TYPE_NAME (widget),
                          name != NULL ? " " : "", name != NULL ? name : "",
                          label != NULL ? " “" : "", label != NULL ? label : "");
}

/* Whether @widget can be seen whole, scrolling where a parent scrolls:
 * inside each parent up to the window (a scrolled window must show at
 * least as much as the widget is big, then is held to the same). */
static inline gboolean
walk_check_widget (GtkWidget *widget,
                   GtkWidget *window,
                   GString   *problems)
{
  g_autofree char *what = walk_describe (widget);
  GtkWidget *subject = widget;
  graphene_rect_t bounds, window_bounds;

  if (!walk_bounds_in_window (widget, window, &bounds))
    {
      g_string_append_printf (problems, "%s has no place in the window\n", what);
      return FALSE;
    }
  for (GtkWidget *parent = gtk_widget_get_parent (widget); parent != NULL && !GTK_IS_NATIVE (parent);
       parent = gtk_widget_get_parent (parent))
    {
      graphene_rect_t subject_bounds, parent_bounds;

      if (!walk_bounds_in_window (subject, window, &subject_bounds) ||
          !walk_bounds_in_window (parent, window, &parent_bounds))
        continue;
      if (GTK_IS_SCROLLED_WINDOW (parent))
        {
          /* Scrolled into view, a control shows whole; a view (the
           * code) is what scrolls, and needs only room to be read. */
          gboolean view = subject == widget && walk_is_view (widget);
          double need_width = view ? MIN (subject_bounds.size.width, WALK_VIEW_MIN) : subject_bounds.size.width;
          double need_height = view ? MIN (subject_bounds.size.height, WALK_VIEW_MIN) : subject_bounds.size.height;

          if (parent_bounds.size.width + WALK_SLACK < need_width ||
              parent_bounds.size.height + WALK_SLACK < need_height)
            {
              g_string_append_printf (problems, "%s is larger than the %g×%g its scrolled window shows\n", what,
                                      parent_bounds.size.width, parent_bounds.size.height);
              return FALSE;
            }
          subject = parent;
          continue;
        }
      /* What scrolls is larger than its viewport: held to the scrolled window instead. */
      if (GTK_IS_VIEWPORT (parent))
        continue;
      if (!walk_rect_contains (&parent_bounds, &subject_bounds))
        {
          g_autofree char *where = walk_describe (parent);

          g_string_append_printf (problems, "%s is cut off by %s: %g,%g %g×%g outside %g,%g %g×%g\n", what, where,
                                  subject_bounds.origin.x, subject_bounds.origin.y, subject_bounds.size.width,
                                  subject_bounds.size.height, parent_bounds.origin.x, parent_bounds.origin.y,
                                  parent_bounds.size.width, parent_bounds.size.height);
          return FALSE;
        }
    }
  /* The widget itself, or the scrolled window that brings it into view. */
  walk_bounds_in_window (subject, window, &bounds);
  graphene_rect_init (&window_bounds, 0, 0, gtk_widget_get_width (window), gtk_widget_get_height (window));
  if (!walk_rect_contains (&window_bounds, &bounds))
    {
      g_string_append_printf (problems, "%s is outside the window: %g,%g %g×%g\n", what,
                              bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
      return FALSE;
    }
  return TRUE;
}

/* Every control shown under @root: how many were checked; what is cut
 * off goes into @problems. */
static inline guint
walk_check_tree (GtkWidget *root,
                 GtkWidget *window,
                 GString   *problems)
{
  guint checked = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;
  if (walk_is_actionable (root))
    {
      walk_check_widget (root, window, problems);
      checked++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    checked += walk_check_tree (child, window, problems);
  return checked;
}

/* The actions in @model, its sections and submenus, by detailed name. */
static inline void
walk_menu_actions (GMenuModel *model,
                   GHashTable *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (model, i, G_MENU_ATTRIBUTE_TARGET, NULL);
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (model, i);
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_hash_table_add (actions, g_action_print_detailed_name (action, target));
      while (g_menu_link_iter_get_next (links, NULL, &link))
        {
          walk_menu_actions (link, actions);
          g_object_unref (link);
        }
    }
}

/* The actions a user can reach from @root as shown: its buttons, whole
 * inside the window (what is not goes into @problems, unreached), and
 * into @menus the menu buttons, for the caller to open and walk. */
static inline void
walk_reachable_actions (GtkWidget  *root,
                        GtkWidget  *window,
                        GHashTable *actions,
                        GPtrArray  *menus,
                        GString    *problems)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_ACTIONABLE (root) && gtk_actionable_get_action_name (GTK_ACTIONABLE (root)) != NULL &&
      walk_check_widget (root, window, problems))
    g_hash_table_add (actions, g_action_print_detailed_name (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)),
                                                             gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root))));
  if (GTK_IS_MENU_BUTTON (root) && menus != NULL && walk_check_widget (root, window, problems))
    g_ptr_array_add (menus, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (!GTK_IS_POPOVER (child))
      walk_reachable_actions (child, window, actions, menus, problems);
}

/* The widget under @root its template or builder file calls @id. */
static inline GtkWidget *
walk_find_id (GtkWidget  *root,
              const char *id)
{
  if (GTK_IS_BUILDABLE (root) && g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = walk_find_id (child, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* For a failing test: each widget under @root with its size and its
 * minimum, so it says where the room went. */
static inline void
walk_dump (GtkWidget *root,
           guint      depth)
{
  int min_width, min_height;
  const char *id = GTK_IS_BUILDABLE (root) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)) : NULL;

  if (!gtk_widget_get_visible (root))
    return;
  gtk_widget_measure (root, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (root, GTK_ORIENTATION_VERTICAL, MAX (gtk_widget_get_width (root), min_width), &min_height, NULL,
                      NULL, NULL);
  g_test_message ("%*s%s%s%s %d×%d (min %d×%d)%s", depth * 2, "", G_OBJECT_TYPE_NAME (root),
                  id != NULL ? " #" : "", id != NULL ? id : "",
                  gtk_widget_get_width (root), gtk_widget_get_height (root), min_width, min_height,
                  gtk_widget_get_mapped (root) ? "" : " unmapped");
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    walk_dump (child, depth + 1);
}
