/* weft-popover-fit.c: popovers that open over their window
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A popover opens centred on what it points at, and the windowing
 * system moves it only to keep it on the screen.  In a narrow window
 * (a phone's width, or a desktop window made as small) a menu opened
 * from the header bar's end would hang past the window's edge; shifted
 * sideways as it opens, it stays over the window, its arrow still on
 * its button.
 */

#include "config.h"

#include <math.h>

#include "weft-popover-fit.h"

/* Room kept between a popover and the window's edge. */
#define EDGE_MARGIN 6

static void
on_show (GtkPopover *popover)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (popover));
  GtkWidget *window = parent != NULL ? GTK_WIDGET (gtk_widget_get_root (parent)) : NULL;
  GtkPositionType position = gtk_popover_get_position (popover);
  graphene_rect_t anchor;
  GdkRectangle rect;
  int width, room;
  double left, shifted;

  gtk_popover_set_offset (popover, 0, 0);
  if (window == NULL || (position != GTK_POS_TOP && position != GTK_POS_BOTTOM))
    return;
  if (!gtk_widget_compute_bounds (parent, window, &anchor))
    return;
  if (gtk_popover_get_pointing_to (popover, &rect))
    {
      anchor.origin.x += rect.x;
      anchor.size.width = rect.width;
    }
  room = gtk_widget_get_width (window);
  /* What shows: the popover's contents, without the room its shadow takes. */
  gtk_widget_measure (gtk_widget_get_first_child (GTK_WIDGET (popover)), GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width,
                      NULL, NULL);
  if (width + 2 * EDGE_MARGIN > room)
    return;
  /* Where it would open, centred, and the nearest place inside. */
  left = anchor.origin.x + (anchor.size.width - width) / 2;
  shifted = CLAMP (left, EDGE_MARGIN, room - EDGE_MARGIN - width);
  gtk_popover_set_offset (popover, (int) round (shifted - left), 0);
  /* Shown already (GtkWidget::show runs GTK's handler first): placed anew. */
  gtk_popover_present (popover);
}

/**
 * weft_popover_keep_in_window:
 *
 * Each time @popover opens, shifts it sideways as far as it takes to
 * lie over its window, where it fits at all.
 */
void
weft_popover_keep_in_window (GtkPopover *popover)
{
  g_return_if_fail (GTK_IS_POPOVER (popover));

  g_signal_connect (popover, "show", G_CALLBACK (on_show), NULL);
}
