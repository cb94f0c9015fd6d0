/* weft-squeeze-scroller.c: content shown whole, or scrolled when squeezed
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asks for the height its child needs at the width it is given, as a box
 * of wrapped text does, and scrolls the child only when given less: down
 * to min-height, or (min-height -1) never.  A GtkScrolledWindow alone
 * asks its child for a height at no width in particular, which for
 * wrapped text is the height at its narrowest, far taller than needed.
 */

#include "config.h"

#include "weft-squeeze-scroller.h"

struct _WeftSqueezeScroller
{
  GtkWidget parent_instance;

  GtkWidget *scrolled;    /* GtkScrolledWindow */
  int min_height;         /* -1: never squeezed */
};

G_DEFINE_FINAL_TYPE (WeftSqueezeScroller, weft_squeeze_scroller, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CHILD,
  PROP_MIN_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
weft_squeeze_scroller_new (void)
{
  return g_object_new (WEFT_TYPE_SQUEEZE_SCROLLER, NULL);
}

static GtkSizeRequestMode
weft_squeeze_scroller_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
weft_squeeze_scroller_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  WeftSqueezeScroller *self = WEFT_SQUEEZE_SCROLLER (widget);
  GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scrolled));
  int needed = 0;

  /* Measured as allocated, so that GTK knows what it is given. */
  gtk_widget_measure (self->scrolled, orientation, for_size, minimum, natural, NULL, NULL);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    return;
  if (child != NULL && gtk_widget_get_visible (child))
    gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, for_size, &needed, NULL, NULL, NULL);
  *natural = needed;
  *minimum = self->min_height < 0 ? needed : MIN (needed, self->min_height);
}

static void
weft_squeeze_scroller_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  WeftSqueezeScroller *self = WEFT_SQUEEZE_SCROLLER (widget);

  gtk_widget_size_allocate (self->scrolled, &(GtkAllocation) { 0, 0, width, height }, -1);
}

/**
 * weft_squeeze_scroller_set_child:
 *
 * What is shown, whole where it fits, scrolled up and down where not.
 */
void
weft_squeeze_scroller_set_child (WeftSqueezeScroller *self,
                                 GtkWidget           *child)
{
  g_return_if_fail (WEFT_IS_SQUEEZE_SCROLLER (self));

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), child);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHILD]);
}

GtkWidget *
weft_squeeze_scroller_get_child (WeftSqueezeScroller *self)
{
  GtkWidget *child;

  g_return_val_if_fail (WEFT_IS_SQUEEZE_SCROLLER (self), NULL);

  child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->scrolled));
  /* A widget that cannot scroll itself is in a viewport. */
  if (GTK_IS_VIEWPORT (child))
    child = gtk_viewport_get_child (GTK_VIEWPORT (child));
  return child;
}

/**
 * weft_squeeze_scroller_set_min_height:
 * @min_height: the least it shows of its child before it scrolls, or -1
 *   to show it whole always
 */
void
weft_squeeze_scroller_set_min_height (WeftSqueezeScroller *self,
                                      int                  min_height)
{
  g_return_if_fail (WEFT_IS_SQUEEZE_SCROLLER (self));

  min_height = MAX (min_height, -1);
  if (self->min_height == min_height)
    return;
  self->min_height = min_height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MIN_HEIGHT]);
}

int
weft_squeeze_scroller_get_min_height (WeftSqueezeScroller *self)
{
  g_return_val_if_fail (WEFT_IS_SQUEEZE_SCROLLER (self), -1);
  return self->min_height;
}

static void
weft_squeeze_scroller_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  WeftSqueezeScroller *self = WEFT_SQUEEZE_SCROLLER (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, weft_squeeze_scroller_get_child (self));
      break;
    case PROP_MIN_HEIGHT:
      g_value_set_int (value, self->min_height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
weft_squeeze_scroller_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  WeftSqueezeScroller *self = WEFT_SQUEEZE_SCROLLER (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      weft_squeeze_scroller_set_child (self, g_value_get_object (value));
      break;
    case PROP_MIN_HEIGHT:
      weft_squeeze_scroller_set_min_height (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
weft_squeeze_scroller_dispose (GObject *object)
{
  WeftSqueezeScroller *self = WEFT_SQUEEZE_SCROLLER (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  G_OBJECT_CLASS (weft_squeeze_scroller_parent_class)->dispose (object);
}

static void
weft_squeeze_scroller_class_init (WeftSqueezeScrollerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = weft_squeeze_scroller_dispose;
  object_class->get_property = weft_squeeze_scroller_get_property;
  object_class->set_property = weft_squeeze_scroller_set_property;
  widget_class->get_request_mode = weft_squeeze_scroller_get_request_mode;
  widget_class->measure = weft_squeeze_scroller_measure;
  widget_class->size_allocate = weft_squeeze_scroller_size_allocate;

  properties[PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MIN_HEIGHT] =
    g_param_spec_int ("min-height", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
weft_squeeze_scroller_init (WeftSqueezeScroller *self)
{
  self->min_height = -1;
  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}
