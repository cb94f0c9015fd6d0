/* weft-params.h: the knobs a pattern declares, their kinds, ranges and defaults
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pattern lists its parameters as WeftParamSpecs in its own file; the
 * window's rows, the CLI's options and --help, the settings and the
 * exports are all made from that list, so a pattern with a new knob
 * touches nothing else.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WeftPattern WeftPattern;

/* The most parameters one pattern takes, its variant and pace included. */
#define WEFT_MAX_PARAMS 8

typedef enum
{
  WEFT_PARAM_INTEGER,   /* a whole number: threads, rounds */
  WEFT_PARAM_NUMBER,    /* any number in range: the pace */
  WEFT_PARAM_DURATION,  /* seconds, on the run's clock: a timeout, a delay */
  WEFT_PARAM_CHOICE,    /* one of `choices`; the value is its index */
  WEFT_PARAM_BOOLEAN,   /* 0 or 1 */
} WeftParamKind;

typedef struct
{
  const char *name;                 /* "threads": CLI option, settings and JSON key */
  WeftParamKind kind;
  const char *label;                /* N_("Threads"): the window's row */
  const char *description;          /* N_() one line for --help and the row's tooltip */
  double min;
  double max;
  double default_value;
  const char * const *choices;      /* CHOICE only: names as typed, NULL-terminated */
} WeftParamSpec;

/* Marks a string for translation where gi18n is not included. */
#ifndef N_
#define N_(String) (String)
#endif

/* The parameters every pattern shares, spelled once so that they read
 * and translate the same everywhere. */
#define WEFT_PARAM_SPEC_THREADS(min, max, def) \
  { "threads", WEFT_PARAM_INTEGER, N_("Threads"), N_("How many worker threads run"), min, max, def, NULL }
#define WEFT_PARAM_SPEC_PACE(def) \
  { "pace", WEFT_PARAM_NUMBER, N_("Pace"), \
    N_("Scales every simulated pause; 0 runs flat out"), 0, 10, def, NULL }

/* One variant of a pattern: the broken and the fixed way, say. */
typedef struct
{
  const char *name;                 /* "notify-all": --variant, settings, JSON */
  const char *label;                /* N_("notify_all()") */
  const char *description;          /* N_() one line */
  /* The marks its chart draws where they differ from the pattern's (a
   * notify or a notify-all); 0: the pattern's. */
  guint64 marks;
  /* A deadlock is what it exists to show (a plain lock asked twice, the
   * philosophers' classic order): found, it is a lesson, not a failure. */
  gboolean deadlock_is_lesson;
} WeftVariant;

/* Values for one pattern's parameters, in the order it declares them. */
typedef struct
{
  const WeftPattern *pattern;
  double values[WEFT_MAX_PARAMS];
  guint variant;                    /* index into the pattern's variants */
  guint64 seed;                     /* only when `seeded` */
  gboolean seeded;
} WeftParams;

#define WEFT_PARAMS_ERROR (weft_params_error_quark ())

typedef enum
{
  WEFT_PARAMS_ERROR_OUT_OF_RANGE,
  WEFT_PARAMS_ERROR_NOT_A_NUMBER,
  WEFT_PARAMS_ERROR_NOT_APPLICABLE,
} WeftParamsError;

GQuark       weft_params_error_quark   (void);

char        *weft_param_spec_describe  (const WeftParamSpec *spec);
gboolean     weft_param_spec_parse     (const WeftParamSpec *spec,
                                        const char          *text,
                                        double              *value,
                                        GError             **error);
gboolean     weft_param_spec_check     (const WeftParamSpec *spec,
                                        double               value,
                                        GError             **error);
char        *weft_param_spec_format    (const WeftParamSpec *spec,
                                        double               value);
gboolean     weft_param_spec_is_whole  (const WeftParamSpec *spec);

gboolean     weft_params_set           (WeftParams *params,
                                        const char *name,
                                        double      value);
double       weft_params_get           (const WeftParams *params,
                                        const char       *name,
                                        double            fallback);
gboolean     weft_params_set_variant   (WeftParams *params,
                                        const char *name);
const char  *weft_params_get_variant_name (const WeftParams *params);
guint64      weft_params_get_marks     (const WeftParams *params);

G_END_DECLS
