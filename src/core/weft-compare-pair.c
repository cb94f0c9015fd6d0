/* weft-compare-pair.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A lesson is compared with what mends it: the race with the lock, the
 * philosophers' circle with the ordered forks, notify() with
 * notify_all(), a plain lock asked twice with a reentrant one.  The
 * broken way goes above.  Both runs take the parameters the user set
 * where both have them, and one seed, so they make the same random
 * choices and differ only in the rule.
 */

#include "config.h"

#include "weft-compare-pair.h"

typedef struct
{
  const char *pattern;
  const char *variant;     /* NULL: the pattern's default */
} Side;

static const struct
{
  Side broken;
  Side fixed;
} pairs[] = {
  { { "race", NULL }, { "lock", NULL } },
  { { "deadlock", "unordered" }, { "deadlock", "ordered" } },
  { { "condition", "notify" }, { "condition", "notify-all" } },
  { { "rlock", "lock" }, { "rlock", "rlock" } },
};

static gboolean
side_is (const Side       *side,
         const WeftParams *params)
{
  return g_str_equal (side->pattern, params->pattern->name);
}

/* @side's pattern and variant, with @shown's values where it takes a
 * parameter of the same name (and the value is one it accepts). */
static void
side_params (const Side       *side,
             const WeftParams *shown,
             WeftParams       *params)
{
  const WeftPattern *pattern = weft_patterns_lookup (side->pattern);

  g_assert (pattern != NULL);
  weft_pattern_get_default_params (pattern, params);
  for (guint i = 0; i < weft_pattern_get_n_params (pattern); i++)
    {
      const WeftParamSpec *spec = &pattern->params[i];
      gint index = weft_pattern_find_param (shown->pattern, spec->name);

      if (index >= 0 && weft_param_spec_check (spec, shown->values[index], NULL))
        params->values[i] = shown->values[index];
    }
  if (side->variant != NULL)
    weft_params_set_variant (params, side->variant);
}

/**
 * weft_compare_pair_for:
 * @shown: the lesson on screen, with the user's parameters
 * @upper: (out): the run to draw above, the broken one where there is one
 * @lower: (out): the run to draw below
 *
 * Returns: what sets the two apart
 */
WeftPairKind
weft_compare_pair_for (const WeftParams *shown,
                       WeftParams       *upper,
                       WeftParams       *lower)
{
  WeftPairKind kind;
  guint64 seed;

  g_return_val_if_fail (shown != NULL && shown->pattern != NULL, WEFT_PAIR_TWICE);

  kind = WEFT_PAIR_TWICE;
  *upper = *shown;
  *lower = *shown;
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    if (side_is (&pairs[i].broken, shown) || side_is (&pairs[i].fixed, shown))
      {
        side_params (&pairs[i].broken, shown, upper);
        side_params (&pairs[i].fixed, shown, lower);
        kind = upper->pattern == lower->pattern ? WEFT_PAIR_VARIANTS : WEFT_PAIR_PATTERNS;
        break;
      }
  /* A lesson with ways of its own but no broken one (the barrier's
   * timeout and abort()): its first two ways. */
  if (kind == WEFT_PAIR_TWICE && weft_pattern_get_n_variants (shown->pattern) >= 2)
    {
      upper->variant = 0;
      lower->variant = 1;
      kind = WEFT_PAIR_VARIANTS;
    }

  /* A saved run's seed is kept, so its choices come again; otherwise
   * one is drawn for both. */
  seed = shown->seeded ? shown->seed : g_random_int () | ((guint64) g_random_int () << 32);
  upper->seeded = lower->seeded = TRUE;
  upper->seed = lower->seed = seed;
  return kind;
}
