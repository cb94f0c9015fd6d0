/* weft-params-editor.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row is made from the pattern's declaration (weft-pattern.h): a
 * combo row for its variants, then per parameter a spin button, a combo
 * row or a switch by kind, titled and described in its own words.  A
 * pattern with a new knob needs nothing here.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "weft-checker.h"
#include "weft-params-editor.h"

struct _WeftParamsEditor
{
  AdwBin parent_instance;

  AdwPreferencesGroup *group;
  WeftParams params;
  GtkWidget *variant_row;               /* AdwComboRow, or NULL */
  GtkWidget *rows[WEFT_MAX_PARAMS];
  GtkWidget *controls[WEFT_MAX_PARAMS]; /* spin button, switch, or the combo row itself */
  guint n_rows;
  gboolean syncing;                     /* setting the controls ourselves */
};

G_DEFINE_FINAL_TYPE (WeftParamsEditor, weft_params_editor, ADW_TYPE_BIN)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed (WeftParamsEditor *self,
         guint             index,
         double            value)
{
  if (self->syncing || self->params.values[index] == value)
    return;
  self->params.values[index] = value;
  g_signal_emit (self, signals[CHANGED], 0);
}

static gint
index_of (WeftParamsEditor *self,
          gpointer          control)
{
  for (guint i = 0; i < self->n_rows; i++)
    if (self->controls[i] == control)
      return i;
  return -1;
}

/* A spin button writes its value as the locale does ("۸" in Persian)
 * and reads back what it wrote or what was typed, in any digits. */
static gboolean
on_spin_output (GtkSpinButton *spin)
{
  g_autofree char *text = weft_format_decimal (gtk_spin_button_get_value (spin),
                                               (int) gtk_spin_button_get_digits (spin));

  if (!g_str_equal (text, gtk_editable_get_text (GTK_EDITABLE (spin))))
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* What is no number leaves the value as it was (GTK would take 0, and
 * the range's least). */
static int
on_spin_input (GtkSpinButton *spin,
               double        *value)
{
  if (!weft_format_parse_number (gtk_editable_get_text (GTK_EDITABLE (spin)), value))
    *value = gtk_spin_button_get_value (spin);
  return TRUE;
}

static void
on_spin_changed (GtkSpinButton    *spin,
                 WeftParamsEditor *self)
{
  changed (self, index_of (self, spin), gtk_spin_button_get_value (spin));
}

static void
on_switch_changed (GtkSwitch        *toggle,
                   GParamSpec       *pspec,
                   WeftParamsEditor *self)
{
  changed (self, index_of (self, toggle), gtk_switch_get_active (toggle) ? 1 : 0);
}

static void
on_choice_changed (AdwComboRow      *row,
                   GParamSpec       *pspec,
                   WeftParamsEditor *self)
{
  changed (self, index_of (self, row), adw_combo_row_get_selected (row));
}

static void
show_variant_description (WeftParamsEditor *self)
{
  const WeftPattern *pattern = self->params.pattern;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->variant_row),
                               _(pattern->variants[self->params.variant].description));
}

static void
on_variant_changed (AdwComboRow      *row,
                    GParamSpec       *pspec,
                    WeftParamsEditor *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (self->syncing || selected == GTK_INVALID_LIST_POSITION || selected == self->params.variant)
    return;
  self->params.variant = selected;
  show_variant_description (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* "1 to 256", "Exactly 2", "0.1 to 5 s" */
static char *
range_text (const WeftParamSpec *spec)
{
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;

  if (spec->kind == WEFT_PARAM_INTEGER)
    {
      low = weft_format_count ((gint64) spec->min);
      high = weft_format_count ((gint64) spec->max);
    }
  else
    {
      low = weft_format_number (spec->min);
      high = weft_format_number (spec->max);
    }
  if (spec->kind == WEFT_PARAM_DURATION)
    /* Translators: a duration's range, in seconds, e.g. "0.1 to 5 s" */
    return g_strdup_printf (_("%s to %s s"), low, high);
  if (spec->min == spec->max)
    return g_strdup_printf (_("Exactly %s"), low);
  /* The pace's 0 is no slower pace but none at all: said where it is set. */
  if (g_str_equal (spec->name, "pace"))
    /* Translators: the pace's range, e.g. "0 to 10; 0 runs at full speed" */
    return g_strdup_printf (_("%s to %s; 0 runs at full speed"), low, high);
  /* Translators: a parameter's range, e.g. "1 to 256" */
  return g_strdup_printf (_("%s to %s"), low, high);
}

static GtkWidget *
combo_row_new (const char * const *items,
               gboolean            translate)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  for (guint i = 0; items[i] != NULL; i++)
    gtk_string_list_append (list, translate ? _(items[i]) : items[i]);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  g_object_unref (list);
  return row;
}

static void
add_param_row (WeftParamsEditor    *self,
               const WeftParamSpec *spec)
{
  guint i = self->n_rows++;
  GtkWidget *row, *control;

  switch (spec->kind)
    {
    case WEFT_PARAM_CHOICE:
      row = control = combo_row_new (spec->choices, FALSE);
      g_signal_connect (row, "notify::selected", G_CALLBACK (on_choice_changed), self);
      break;

    case WEFT_PARAM_BOOLEAN:
      row = adw_action_row_new ();
      control = gtk_switch_new ();
      gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
      g_signal_connect (control, "notify::active", G_CALLBACK (on_switch_changed), self);
      break;

    case WEFT_PARAM_INTEGER:
    case WEFT_PARAM_NUMBER:
    case WEFT_PARAM_DURATION:
    default:
      {
        g_autofree char *subtitle = range_text (spec);
        gboolean whole = spec->kind == WEFT_PARAM_INTEGER;

        row = adw_action_row_new ();
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        control = gtk_spin_button_new_with_range (spec->min, MAX (spec->max, spec->min + 1),
                                                  whole ? 1 : 0.1);
        gtk_spin_button_set_range (GTK_SPIN_BUTTON (control), spec->min, spec->max);
        gtk_spin_button_set_digits (GTK_SPIN_BUTTON (control), whole ? 0 : 2);
        /* Not numeric: that takes ASCII digits only, and a Persian
         * keyboard types others (on_spin_input() reads them). */
        gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (control), FALSE);
        if (whole && spec->max >= 100000)
          gtk_editable_set_width_chars (GTK_EDITABLE (control), 7);
        gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
        gtk_widget_set_sensitive (control, spec->min < spec->max);
        g_signal_connect (control, "output", G_CALLBACK (on_spin_output), NULL);
        g_signal_connect (control, "input", G_CALLBACK (on_spin_input), NULL);
        g_signal_connect (control, "value-changed", G_CALLBACK (on_spin_changed), self);
      }
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(spec->label));
  gtk_widget_set_tooltip_text (row, _(spec->description));
  if (control != row)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), control);
      gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(spec->label), -1);
    }
  self->rows[i] = row;
  self->controls[i] = control;
  adw_preferences_group_add (self->group, row);
}

static void
rebuild (WeftParamsEditor  *self,
         const WeftPattern *pattern)
{
  guint n_variants = weft_pattern_get_n_variants (pattern);

  if (self->variant_row != NULL)
    adw_preferences_group_remove (self->group, self->variant_row);
  self->variant_row = NULL;
  for (guint i = 0; i < self->n_rows; i++)
    adw_preferences_group_remove (self->group, self->rows[i]);
  self->n_rows = 0;

  if (n_variants > 0)
    {
      g_autofree const char **labels = g_new0 (const char *, n_variants + 1);

      for (guint i = 0; i < n_variants; i++)
        labels[i] = pattern->variants[i].label;
      self->variant_row = combo_row_new (labels, TRUE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->variant_row), _("Variant"));
      g_signal_connect (self->variant_row, "notify::selected", G_CALLBACK (on_variant_changed), self);
      adw_preferences_group_add (self->group, self->variant_row);
    }
  for (guint i = 0; i < weft_pattern_get_n_params (pattern); i++)
    add_param_row (self, &pattern->params[i]);
}

/**
 * weft_params_editor_set_params:
 *
 * Shows @params, rebuilding the rows when the pattern changed.  Emits
 * no ::changed.
 */
void
weft_params_editor_set_params (WeftParamsEditor *self,
                               const WeftParams *params)
{
  const WeftPattern *pattern = params->pattern;

  g_return_if_fail (WEFT_IS_PARAMS_EDITOR (self));

  self->syncing = TRUE;
  if (self->params.pattern != pattern)
    rebuild (self, pattern);
  self->params = *params;

  if (self->variant_row != NULL)
    {
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->variant_row), params->variant);
      show_variant_description (self);
    }
  for (guint i = 0; i < self->n_rows; i++)
    {
      GtkWidget *control = self->controls[i];

      if (GTK_IS_SPIN_BUTTON (control))
        gtk_spin_button_set_value (GTK_SPIN_BUTTON (control), params->values[i]);
      else if (GTK_IS_SWITCH (control))
        gtk_switch_set_active (GTK_SWITCH (control), params->values[i] != 0);
      else
        adw_combo_row_set_selected (ADW_COMBO_ROW (control), (guint) params->values[i]);
    }
  self->syncing = FALSE;
}

const WeftParams *
weft_params_editor_get_params (WeftParamsEditor *self)
{
  return &self->params;
}

/* The row of the parameter called @name ("variant" for the variants),
 * or NULL when the pattern has none. */
GtkWidget *
weft_params_editor_get_row (WeftParamsEditor *self,
                            const char       *name)
{
  gint index;

  if (g_str_equal (name, "variant"))
    return self->variant_row;
  index = self->params.pattern != NULL ? weft_pattern_find_param (self->params.pattern, name) : -1;
  return index >= 0 ? self->rows[index] : NULL;
}

/* What the user sets it with: a GtkSpinButton, GtkSwitch or AdwComboRow. */
GtkWidget *
weft_params_editor_get_control (WeftParamsEditor *self,
                                const char       *name)
{
  gint index;

  if (g_str_equal (name, "variant"))
    return self->variant_row;
  index = self->params.pattern != NULL ? weft_pattern_find_param (self->params.pattern, name) : -1;
  return index >= 0 ? self->controls[index] : NULL;
}

static void
weft_params_editor_class_init (WeftParamsEditorClass *klass)
{
  /**
   * WeftParamsEditor::changed:
   *
   * The user changed the variant or a parameter.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
weft_params_editor_init (WeftParamsEditor *self)
{
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Parameters"));
  adw_preferences_group_set_description (self->group, _("A change restarts the run."));
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->group));
}
