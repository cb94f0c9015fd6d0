/* weft-code-view.c: the code pane, each thread marked on its line, live
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws through src/render (weft-code.c), as the exports do.  The window
 * calls weft_code_view_update() on each frame with the timeline locked;
 * the pane keeps what it found and draws from that, so it never waits
 * for the collector.  Clicking a line selects it ("selected-line"): the
 * chart then outlines every span that came from it.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "weft-code.h"
#include "weft-code-view.h"

#define LARGE_FONT 17.0

struct _WeftCodeView
{
  GtkWidget parent_instance;

  WeftTimeline *timeline;
  GArray *markers;             /* WeftCodeMarker, by line */
  guint hover_line;            /* the chart's hovered span's line */
  guint selected_line;
  gboolean large;              /* the classroom view's projector size */
};

G_DEFINE_FINAL_TYPE (WeftCodeView, weft_code_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_LINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
weft_code_view_new (void)
{
  return g_object_new (WEFT_TYPE_CODE_VIEW, NULL);
}

static void
options_for (WeftCodeView    *self,
             WeftCodeOptions *options)
{
  *options = (WeftCodeOptions) {
    .width = gtk_widget_get_width (GTK_WIDGET (self)),
    .dark = adw_style_manager_get_dark (adw_style_manager_get_default ()),
    .font_size = self->large ? LARGE_FONT : 0,
    .hover_line = self->hover_line,
    .selected_line = self->selected_line,
  };
}

static const WeftPattern *
get_pattern (WeftCodeView *self)
{
  return self->timeline != NULL ? weft_timeline_get_pattern (self->timeline) : NULL;
}

/* "Line 8, with lock: worker-1 waits, worker-3 holds it", for a screen
 * reader, one sentence per line that has a thread on it. */
static char *
describe (WeftCodeView *self)
{
  const WeftPattern *pattern = get_pattern (self);
  g_auto(GStrv) lines = NULL;
  GString *text = g_string_new (NULL);
  guint last_line = 0;

  if (pattern == NULL)
    return g_string_free (text, FALSE);
  lines = weft_pattern_dup_code_lines (pattern);
  for (guint i = 0; i < self->markers->len; i++)
    {
      const WeftCodeMarker *marker = &g_array_index (self->markers, WeftCodeMarker, i);
      const char *state;

      if (marker->line > g_strv_length (lines))
        continue;
      if (marker->line != last_line)
        {
          g_autofree char *code = g_strstrip (g_strdup (lines[marker->line - 1]));

          if (text->len > 0)
            g_string_append (text, ". ");
          /* TRANSLATORS: the code pane read aloud: a line's number and its code */
          g_string_append_printf (text, _("Line %u, %s:"), marker->line, code);
          last_line = marker->line;
        }
      else
        g_string_append_c (text, ',');
      if (marker->ended)
        state = _("ended here");
      else switch (marker->state)
        {
        case WEFT_STATE_WAITING:
          state = _("waiting");
          break;
        case WEFT_STATE_CRITICAL:
          state = _("in its critical section");
          break;
        default:
          state = _("running");
          break;
        }
      g_string_append_printf (text, " %s %s", marker->name, state);
    }
  return g_string_free (text, FALSE);
}

static gboolean
same_markers (GArray *a,
              GArray *b)
{
  if (a->len != b->len)
    return FALSE;
  /* Field by field: the padding between them is anything. */
  for (guint i = 0; i < a->len; i++)
    {
      const WeftCodeMarker *x = &g_array_index (a, WeftCodeMarker, i);
      const WeftCodeMarker *y = &g_array_index (b, WeftCodeMarker, i);

      if (x->lane != y->lane || x->line != y->line || x->state != y->state || x->ended != y->ended)
        return FALSE;
    }
  return TRUE;
}

/**
 * weft_code_view_update:
 *
 * Finds where each live thread is.  Call with the timeline locked.
 */
void
weft_code_view_update (WeftCodeView *self)
{
  g_autoptr(GArray) markers = NULL;
  g_autofree char *description = NULL;

  g_return_if_fail (WEFT_IS_CODE_VIEW (self));
  if (self->timeline == NULL)
    return;
  markers = weft_code_collect_markers (self->timeline);
  if (same_markers (markers, self->markers))
    return;
  g_array_unref (self->markers);
  self->markers = g_steal_pointer (&markers);
  description = describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
weft_code_view_set_timeline (WeftCodeView *self,
                             WeftTimeline *timeline)
{
  g_return_if_fail (WEFT_IS_CODE_VIEW (self));

  if (timeline != NULL)
    weft_timeline_ref (timeline);
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  self->timeline = timeline;
  g_array_set_size (self->markers, 0);
  self->hover_line = 0;
  weft_code_view_set_selected_line (self, 0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
weft_code_view_set_hover_line (WeftCodeView *self,
                               guint         line)
{
  g_return_if_fail (WEFT_IS_CODE_VIEW (self));
  if (self->hover_line == line)
    return;
  self->hover_line = line;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
weft_code_view_get_selected_line (WeftCodeView *self)
{
  g_return_val_if_fail (WEFT_IS_CODE_VIEW (self), 0);
  return self->selected_line;
}

void
weft_code_view_set_selected_line (WeftCodeView *self,
                                  guint         line)
{
  g_return_if_fail (WEFT_IS_CODE_VIEW (self));
  if (self->selected_line == line)
    return;
  self->selected_line = line;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_LINE]);
}

/* The line the pane marks @lane's live thread at; 0 where it marks
 * none (the thread has not started) or marks where it ended. */
guint
weft_code_view_get_marked_line (WeftCodeView *self,
                                guint         lane)
{
  g_return_val_if_fail (WEFT_IS_CODE_VIEW (self), 0);
  for (guint i = 0; i < self->markers->len; i++)
    if (g_array_index (self->markers, WeftCodeMarker, i).lane == lane &&
        !g_array_index (self->markers, WeftCodeMarker, i).ended)
      return g_array_index (self->markers, WeftCodeMarker, i).line;
  return 0;
}

/* The middle of @line's row, from the pane's top: for clicking it. */
double
weft_code_view_get_line_y (WeftCodeView *self,
                           guint         line)
{
  WeftCodeOptions options;

  g_return_val_if_fail (WEFT_IS_CODE_VIEW (self), 0);
  options_for (self, &options);
  return weft_code_get_line_top (&options, line) + weft_code_get_line_height (&options) / 2;
}

void
weft_code_view_set_large (WeftCodeView *self,
                          gboolean      large)
{
  g_return_if_fail (WEFT_IS_CODE_VIEW (self));
  if (self->large == large)
    return;
  self->large = large;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
weft_code_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  WeftCodeView *self = WEFT_CODE_VIEW (widget);
  WeftCodeOptions options;
  graphene_rect_t bounds;
  cairo_t *cr;

  if (get_pattern (self) == NULL)
    return;
  options_for (self, &options);
  graphene_rect_init (&bounds, 0, 0, options.width, gtk_widget_get_height (widget));
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  weft_code_draw (cr, get_pattern (self), (const WeftCodeMarker *) (gpointer) self->markers->data,
                  self->markers->len, &options);
  cairo_destroy (cr);
}

static void
weft_code_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  WeftCodeView *self = WEFT_CODE_VIEW (widget);
  WeftCodeOptions options;

  options_for (self, &options);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = get_pattern (self) != NULL ? (int) weft_code_get_height (get_pattern (self), &options) : 0;
  else
    {
      *minimum = 120;
      /* Room for the code and a few threads on one line. */
      *natural = get_pattern (self) != NULL ? (int) weft_code_get_width (get_pattern (self), &options, 3) : 0;
    }
}

/**
 * weft_code_view_select_at:
 *
 * What a click at @y does: selects the line there, or lets it go when it
 * was selected already (or when @y is below the last line).
 *
 * Returns: the line selected now, 0 for none
 */
guint
weft_code_view_select_at (WeftCodeView *self,
                          double        y)
{
  WeftCodeOptions options;
  guint line;

  g_return_val_if_fail (WEFT_IS_CODE_VIEW (self), 0);
  if (get_pattern (self) == NULL)
    return 0;
  options_for (self, &options);
  line = weft_code_line_at (get_pattern (self), &options, y);
  weft_code_view_set_selected_line (self, line == self->selected_line ? 0 : line);
  return self->selected_line;
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            WeftCodeView    *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  weft_code_view_select_at (self, y);
}

static gboolean
key_move (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  WeftCodeView *self = WEFT_CODE_VIEW (widget);
  g_auto(GStrv) lines = NULL;
  gint step = g_variant_get_int32 (args);
  gint n, line;

  if (get_pattern (self) == NULL)
    return FALSE;
  lines = weft_pattern_dup_code_lines (get_pattern (self));
  n = (gint) g_strv_length (lines);
  if (step == 0)
    line = 0;
  else if (self->selected_line == 0)
    line = step > 0 ? 1 : n;
  else
    line = CLAMP ((gint) self->selected_line + step, 1, n);
  weft_code_view_set_selected_line (self, (guint) line);
  return TRUE;
}

static void
weft_code_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  WeftCodeView *self = WEFT_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_LINE:
      g_value_set_uint (value, self->selected_line);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
weft_code_view_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  WeftCodeView *self = WEFT_CODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED_LINE:
      weft_code_view_set_selected_line (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
weft_code_view_dispose (GObject *object)
{
  WeftCodeView *self = WEFT_CODE_VIEW (object);

  g_clear_pointer (&self->timeline, weft_timeline_unref);
  G_OBJECT_CLASS (weft_code_view_parent_class)->dispose (object);
}

static void
weft_code_view_finalize (GObject *object)
{
  WeftCodeView *self = WEFT_CODE_VIEW (object);

  g_array_unref (self->markers);
  G_OBJECT_CLASS (weft_code_view_parent_class)->finalize (object);
}

static void
weft_code_view_class_init (WeftCodeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = weft_code_view_dispose;
  object_class->finalize = weft_code_view_finalize;
  object_class->get_property = weft_code_view_get_property;
  object_class->set_property = weft_code_view_set_property;
  widget_class->snapshot = weft_code_view_snapshot;
  widget_class->measure = weft_code_view_measure;

  /* The line whose spans the chart outlines; 0 for none. */
  properties[PROP_SELECTED_LINE] =
    g_param_spec_uint ("selected-line", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "weft-code");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, key_move, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, key_move, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, key_move, "i", 0);
}

static void
weft_code_view_init (WeftCodeView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->markers = g_array_new (FALSE, FALSE, sizeof (WeftCodeMarker));
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Code"), -1);
}
