/* weft-params.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "weft-params.h"

G_DEFINE_QUARK (weft-params-error-quark, weft_params_error)

typedef struct
{
  const char *name;     /* CLI option, GSettings key, JSON key */
  const char *label;    /* what the sidebar shows */
  gboolean integer;
} ParamInfo;

static const ParamInfo params[WEFT_N_PARAMS] = {
  [WEFT_PARAM_THREADS] = { "threads", N_("Threads"), TRUE },
  [WEFT_PARAM_CAPACITY] = { "capacity", N_("Capacity"), TRUE },
  [WEFT_PARAM_ITERATIONS] = { "iterations", N_("Increments per thread"), TRUE },
  [WEFT_PARAM_PACE] = { "pace", N_("Pace"), FALSE },
};

const char *
weft_param_get_name (WeftParam param)
{
  g_return_val_if_fail (param < WEFT_N_PARAMS, NULL);
  return params[param].name;
}

const char *
weft_param_get_label (WeftParam param)
{
  g_return_val_if_fail (param < WEFT_N_PARAMS, NULL);
  return _(params[param].label);
}

gboolean
weft_param_is_integer (WeftParam param)
{
  g_return_val_if_fail (param < WEFT_N_PARAMS, FALSE);
  return params[param].integer;
}

gboolean
weft_param_from_name (const char *name,
                      WeftParam  *param)
{
  for (guint i = 0; i < WEFT_N_PARAMS; i++)
    if (g_strcmp0 (name, params[i].name) == 0)
      {
        *param = i;
        return TRUE;
      }
  return FALSE;
}

/* "a whole number from 1 to 256", "exactly 2", "a number from 0 to 10" */
char *
weft_param_range_describe (WeftParam             param,
                           const WeftParamRange *range)
{
  if (range->min == range->max)
    return g_strdup_printf (_("exactly %.15g"), range->min);
  if (weft_param_is_integer (param))
    return g_strdup_printf (_("a whole number from %.15g to %.15g"), range->min, range->max);
  return g_strdup_printf (_("a number from %.15g to %.15g"), range->min, range->max);
}

gboolean
weft_param_check (WeftParam             param,
                  const WeftParamRange *range,
                  double                value,
                  GError              **error)
{
  g_autofree char *accepted = weft_param_range_describe (param, range);

  if (!range->applies)
    {
      g_set_error (error, WEFT_PARAMS_ERROR, WEFT_PARAMS_ERROR_NOT_APPLICABLE,
                   _("--%s does not apply to this pattern"), params[param].name);
      return FALSE;
    }
  if (isnan (value) || value < range->min || value > range->max ||
      (weft_param_is_integer (param) && value != floor (value)))
    {
      g_set_error (error, WEFT_PARAMS_ERROR, WEFT_PARAMS_ERROR_OUT_OF_RANGE,
                   _("--%s must be %s, not %.15g"), params[param].name, accepted, value);
      return FALSE;
    }
  return TRUE;
}

gboolean
weft_param_parse (WeftParam             param,
                  const WeftParamRange *range,
                  const char           *text,
                  double               *value,
                  GError              **error)
{
  char *end = NULL;
  double parsed;

  g_return_val_if_fail (text != NULL, FALSE);

  parsed = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (parsed))
    {
      g_autofree char *accepted = weft_param_range_describe (param, range);

      g_set_error (error, WEFT_PARAMS_ERROR, WEFT_PARAMS_ERROR_NOT_A_NUMBER,
                   _("--%s must be %s, not “%s”"), params[param].name, accepted, text);
      return FALSE;
    }
  if (!weft_param_check (param, range, parsed, error))
    return FALSE;

  *value = parsed;
  return TRUE;
}
