/* weft-params.h: the knobs a pattern takes, their ranges and defaults
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  WEFT_PARAM_THREADS,
  WEFT_PARAM_CAPACITY,
  WEFT_PARAM_ITERATIONS,
  WEFT_PARAM_PACE,
  WEFT_N_PARAMS
} WeftParam;

typedef struct
{
  gboolean applies;
  double min;
  double max;
  double default_value;
} WeftParamRange;

/* Values for every parameter; those a pattern does not take are ignored. */
typedef struct
{
  double values[WEFT_N_PARAMS];
} WeftParams;

#define WEFT_PARAMS_ERROR (weft_params_error_quark ())

typedef enum
{
  WEFT_PARAMS_ERROR_OUT_OF_RANGE,
  WEFT_PARAMS_ERROR_NOT_A_NUMBER,
  WEFT_PARAMS_ERROR_NOT_APPLICABLE,
} WeftParamsError;

GQuark       weft_params_error_quark   (void);
const char  *weft_param_get_name       (WeftParam param);
const char  *weft_param_get_label      (WeftParam param);
gboolean     weft_param_is_integer     (WeftParam param);
gboolean     weft_param_from_name      (const char *name,
                                        WeftParam  *param);

char        *weft_param_range_describe (WeftParam             param,
                                        const WeftParamRange *range);
gboolean     weft_param_parse          (WeftParam             param,
                                        const WeftParamRange *range,
                                        const char           *text,
                                        double               *value,
                                        GError              **error);
gboolean     weft_param_check          (WeftParam             param,
                                        const WeftParamRange *range,
                                        double                value,
                                        GError              **error);

static inline guint
weft_params_get_uint (const WeftParams *params,
                      WeftParam         param)
{
  return (guint) params->values[param];
}

G_END_DECLS
