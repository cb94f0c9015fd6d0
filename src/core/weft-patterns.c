/* weft-patterns.c: the list of patterns, in the order the sidebar shows
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-patterns-private.h"

static const WeftPattern * const patterns[] = {
  &weft_pattern_race,
  &weft_pattern_lock,
  &weft_pattern_nightclub,
  &weft_pattern_rendezvous,
  &weft_pattern_producer_consumer,
  &weft_pattern_barrier,
};

const WeftPattern * const *
weft_patterns_get_all (guint *n_patterns)
{
  *n_patterns = G_N_ELEMENTS (patterns);
  return patterns;
}

const WeftPattern *
weft_patterns_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    if (g_strcmp0 (patterns[i]->name, name) == 0)
      return patterns[i];
  return NULL;
}

void
weft_pattern_get_default_params (const WeftPattern *pattern,
                                 WeftParams        *params)
{
  for (guint i = 0; i < WEFT_N_PARAMS; i++)
    params->values[i] = pattern->ranges[i].applies ? pattern->ranges[i].default_value : 0;
}

/* Every parameter the pattern takes must lie in its range. */
gboolean
weft_pattern_check_params (const WeftPattern *pattern,
                           const WeftParams  *params,
                           GError           **error)
{
  for (guint i = 0; i < WEFT_N_PARAMS; i++)
    if (pattern->ranges[i].applies &&
        !weft_param_check (i, &pattern->ranges[i], params->values[i], error))
      {
        g_prefix_error (error, "%s: ", pattern->name);
        return FALSE;
      }
  return TRUE;
}

guint
weft_pattern_role_of (const WeftPattern *pattern,
                      const WeftParams  *params,
                      guint              index,
                      guint             *number)
{
  if (pattern->role_of != NULL)
    return pattern->role_of (params, index, number);
  *number = index + 1;
  return 0;
}
