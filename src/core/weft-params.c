/* weft-params.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "weft-pattern.h"

G_DEFINE_QUARK (weft-params-error-quark, weft_params_error)

/* Choices and booleans are stored as whole numbers too. */
gboolean
weft_param_spec_is_whole (const WeftParamSpec *spec)
{
  return spec->kind == WEFT_PARAM_INTEGER || spec->kind == WEFT_PARAM_CHOICE ||
         spec->kind == WEFT_PARAM_BOOLEAN;
}

static char *
choice_list (const WeftParamSpec *spec)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; spec->choices[i] != NULL; i++)
    g_string_append_printf (text, "%s“%s”", i > 0 ? ", " : "", spec->choices[i]);
  return g_string_free (text, FALSE);
}

/* "a whole number from 1 to 256", "exactly 2", "seconds from 0.1 to 5" */
char *
weft_param_spec_describe (const WeftParamSpec *spec)
{
  switch (spec->kind)
    {
    case WEFT_PARAM_CHOICE:
      {
        g_autofree char *list = choice_list (spec);
        return g_strdup_printf (_("one of %s"), list);
      }
    case WEFT_PARAM_BOOLEAN:
      return g_strdup (_("“yes” or “no”"));
    case WEFT_PARAM_DURATION:
      if (spec->min == spec->max)
        return g_strdup_printf (_("exactly %.15g seconds"), spec->min);
      return g_strdup_printf (_("a number of seconds from %.15g to %.15g"), spec->min, spec->max);
    case WEFT_PARAM_INTEGER:
    case WEFT_PARAM_NUMBER:
    default:
      if (spec->min == spec->max)
        return g_strdup_printf (_("exactly %.15g"), spec->min);
      if (spec->kind == WEFT_PARAM_INTEGER)
        return g_strdup_printf (_("a whole number from %.15g to %.15g"), spec->min, spec->max);
      return g_strdup_printf (_("a number from %.15g to %.15g"), spec->min, spec->max);
    }
}

static double
spec_max (const WeftParamSpec *spec)
{
  if (spec->kind == WEFT_PARAM_CHOICE)
    return g_strv_length ((char **) spec->choices) - 1;
  if (spec->kind == WEFT_PARAM_BOOLEAN)
    return 1;
  return spec->max;
}

static double
spec_min (const WeftParamSpec *spec)
{
  return spec->kind == WEFT_PARAM_CHOICE || spec->kind == WEFT_PARAM_BOOLEAN ? 0 : spec->min;
}

gboolean
weft_param_spec_check (const WeftParamSpec *spec,
                       double               value,
                       GError             **error)
{
  if (isnan (value) || value < spec_min (spec) || value > spec_max (spec) ||
      (weft_param_spec_is_whole (spec) && value != floor (value)))
    {
      g_autofree char *accepted = weft_param_spec_describe (spec);
      g_autofree char *shown = weft_param_spec_format (spec, value);

      g_set_error (error, WEFT_PARAMS_ERROR, WEFT_PARAMS_ERROR_OUT_OF_RANGE,
                   _("--%s must be %s, not %s"), spec->name, accepted, shown);
      return FALSE;
    }
  return TRUE;
}

/* The value as the command line takes it: a choice by name. */
char *
weft_param_spec_format (const WeftParamSpec *spec,
                        double               value)
{
  if (spec->kind == WEFT_PARAM_CHOICE && value >= 0 && value <= spec_max (spec) && value == floor (value))
    return g_strdup (spec->choices[(guint) value]);
  if (spec->kind == WEFT_PARAM_BOOLEAN && (value == 0 || value == 1))
    return g_strdup (value != 0 ? "yes" : "no");
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  /* The command line's syntax, whatever the locale: "0.5", never "0,5". */
  return g_strdup (g_ascii_formatd (number, sizeof number, "%.15g", value));
}

gboolean
weft_param_spec_parse (const WeftParamSpec *spec,
                       const char          *text,
                       double              *value,
                       GError             **error)
{
  char *end = NULL;
  double parsed;

  g_return_val_if_fail (text != NULL, FALSE);

  if (spec->kind == WEFT_PARAM_CHOICE)
    for (guint i = 0; spec->choices[i] != NULL; i++)
      if (g_str_equal (text, spec->choices[i]))
        {
          *value = i;
          return TRUE;
        }
  if (spec->kind == WEFT_PARAM_BOOLEAN)
    {
      if (g_str_equal (text, "yes") || g_str_equal (text, "true") || g_str_equal (text, "1"))
        {
          *value = 1;
          return TRUE;
        }
      if (g_str_equal (text, "no") || g_str_equal (text, "false") || g_str_equal (text, "0"))
        {
          *value = 0;
          return TRUE;
        }
    }

  parsed = g_ascii_strtod (text, &end);
  if (spec->kind == WEFT_PARAM_CHOICE || spec->kind == WEFT_PARAM_BOOLEAN ||
      end == text || *end != '\0' || !isfinite (parsed))
    {
      g_autofree char *accepted = weft_param_spec_describe (spec);

      g_set_error (error, WEFT_PARAMS_ERROR, WEFT_PARAMS_ERROR_NOT_A_NUMBER,
                   _("--%s must be %s, not “%s”"), spec->name, accepted, text);
      return FALSE;
    }
  if (!weft_param_spec_check (spec, parsed, error))
    return FALSE;

  *value = parsed;
  return TRUE;
}

/**
 * weft_params_set:
 *
 * Sets the parameter called @name, if the pattern takes one.
 *
 * Returns: whether it does
 */
gboolean
weft_params_set (WeftParams *params,
                 const char *name,
                 double      value)
{
  gint index;

  g_return_val_if_fail (params->pattern != NULL, FALSE);

  index = weft_pattern_find_param (params->pattern, name);
  if (index < 0)
    return FALSE;
  params->values[index] = value;
  return TRUE;
}

/* The parameter called @name, or @fallback when the pattern takes none. */
double
weft_params_get (const WeftParams *params,
                 const char       *name,
                 double            fallback)
{
  gint index;

  g_return_val_if_fail (params->pattern != NULL, fallback);

  index = weft_pattern_find_param (params->pattern, name);
  return index < 0 ? fallback : params->values[index];
}

gboolean
weft_params_set_variant (WeftParams *params,
                         const char *name)
{
  gint index = weft_pattern_find_variant (params->pattern, name);

  if (index < 0)
    return FALSE;
  params->variant = index;
  return TRUE;
}

/* NULL for a pattern without variants. */
const char *
weft_params_get_variant_name (const WeftParams *params)
{
  if (params->pattern->variants == NULL)
    return NULL;
  return params->pattern->variants[params->variant].name;
}

/* The marks a run with @params draws: its variant's, or its pattern's. */
guint64
weft_params_get_marks (const WeftParams *params)
{
  const WeftPattern *pattern = params->pattern;

  if (pattern->variants != NULL && pattern->variants[params->variant].marks != 0)
    return pattern->variants[params->variant].marks;
  return pattern->marks;
}
