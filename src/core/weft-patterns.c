/* weft-patterns.c: the registry of patterns, in the order the sidebar shows
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "weft-patterns-private.h"
#include "weft-run.h"

/* The order of patterns/meson.build, which makes the list. */
static const WeftPattern * const patterns[] = {
  WEFT_PATTERN_LIST
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

/* Also the patterns no one picks but a saved trace may name: a recorded
 * program's (weft record). */
const WeftPattern *
weft_patterns_lookup_any (const char *name)
{
  if (g_strcmp0 (weft_program_pattern.name, name) == 0)
    return &weft_program_pattern;
  return weft_patterns_lookup (name);
}

guint
weft_pattern_get_n_params (const WeftPattern *pattern)
{
  guint n = 0;

  while (pattern->params != NULL && pattern->params[n].name != NULL)
    n++;
  g_assert (n <= WEFT_MAX_PARAMS);
  return n;
}

/* The index of the parameter called @name, or -1. */
gint
weft_pattern_find_param (const WeftPattern *pattern,
                         const char        *name)
{
  for (guint i = 0; pattern->params != NULL && pattern->params[i].name != NULL; i++)
    if (g_str_equal (pattern->params[i].name, name))
      return i;
  return -1;
}

/* 0 for a pattern that runs one way only. */
guint
weft_pattern_get_n_variants (const WeftPattern *pattern)
{
  guint n = 0;

  while (pattern->variants != NULL && pattern->variants[n].name != NULL)
    n++;
  return n;
}

gint
weft_pattern_find_variant (const WeftPattern *pattern,
                           const char        *name)
{
  for (guint i = 0; i < weft_pattern_get_n_variants (pattern); i++)
    if (g_str_equal (pattern->variants[i].name, name))
      return i;
  return -1;
}

/* What instant @code means in this pattern: a primitive's or its own;
 * NULL for a code nobody declared. */
const WeftInstantInfo *
weft_pattern_get_instant_info (const WeftPattern *pattern,
                               guint              code)
{
  if (code < WEFT_INSTANT_OWN_FIRST)
    return weft_instant_get_builtin_info (code);
  if (pattern != NULL && code - WEFT_INSTANT_OWN_FIRST < pattern->n_own_instants)
    return &pattern->own_instants[code - WEFT_INSTANT_OWN_FIRST];
  return NULL;
}

/* What the pattern declares about its object called @name, or NULL. */
const WeftObjectSpec *
weft_pattern_find_object (const WeftPattern *pattern,
                          const char        *name)
{
  for (guint i = 0; pattern != NULL && pattern->objects != NULL && pattern->objects[i].name != NULL; i++)
    if (g_str_equal (pattern->objects[i].name, name))
      return &pattern->objects[i];
  return NULL;
}

guint
weft_pattern_count_workers (const WeftPattern *pattern,
                            const WeftParams  *params)
{
  if (pattern->count_workers != NULL)
    return pattern->count_workers (params);
  return (guint) weft_params_get (params, "threads", 1);
}

void
weft_pattern_get_default_params (const WeftPattern *pattern,
                                 WeftParams        *params)
{
  guint n = weft_pattern_get_n_params (pattern);

  memset (params, 0, sizeof *params);
  params->pattern = pattern;
  for (guint i = 0; i < n; i++)
    params->values[i] = pattern->params[i].default_value;
}

/* Every parameter the pattern takes must lie in its range. */
gboolean
weft_pattern_check_params (const WeftPattern *pattern,
                           const WeftParams  *params,
                           GError           **error)
{
  guint n = weft_pattern_get_n_params (pattern);

  g_return_val_if_fail (params->pattern == pattern, FALSE);

  for (guint i = 0; i < n; i++)
    if (!weft_param_spec_check (&pattern->params[i], params->values[i], error))
      {
        g_prefix_error (error, "%s: ", pattern->name);
        return FALSE;
      }
  if (pattern->check_params != NULL && !pattern->check_params (params, error))
    {
      g_prefix_error (error, "%s: ", pattern->name);
      return FALSE;
    }
  if (params->variant >= MAX (1, weft_pattern_get_n_variants (pattern)))
    {
      g_set_error (error, WEFT_PARAMS_ERROR, WEFT_PARAMS_ERROR_OUT_OF_RANGE,
                   _("%s has no variant number %u"), pattern->name, params->variant + 1);
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

/**
 * weft_pattern_dup_code_lines:
 *
 * The pattern's listing (WeftPattern.code) cut into lines: line N of it,
 * as events count, is element N - 1.
 *
 * Returns: (transfer full): a %NULL-terminated array, empty for a
 *   pattern with no listing
 */
char **
weft_pattern_dup_code_lines (const WeftPattern *pattern)
{
  char **lines;
  guint n;

  g_return_val_if_fail (pattern != NULL, NULL);
  if (pattern->code == NULL || pattern->code[0] == '\0')
    return g_new0 (char *, 1);
  lines = g_strsplit (pattern->code, "\n", -1);
  /* The listing ends with a newline, which starts no line of its own. */
  n = g_strv_length (lines);
  if (n > 0 && lines[n - 1][0] == '\0')
    g_clear_pointer (&lines[n - 1], g_free);
  return lines;
}

/* The calls that make each instant, in Python's threading module and in
 * pthreads, by the kind of object they are made on.  An instant that is
 * no call (a wake, a read) has none and is said in words. */
typedef struct
{
  const char *python;
  const char *mutex;                /* pthreads, on a mutex (and by default) */
  const char *semaphore;            /* on a semaphore, where that differs */
} InstantCalls;

static const InstantCalls instant_calls[WEFT_N_INSTANTS] = {
  [WEFT_INSTANT_ACQUIRE] = { "acquire()", "pthread_mutex_lock()", "sem_wait()" },
  [WEFT_INSTANT_RELEASE] = { "release()", "pthread_mutex_unlock()", "sem_post()" },
  [WEFT_INSTANT_POST] = { "release()", "sem_post()", NULL },
  [WEFT_INSTANT_NOTIFY] = { "notify()", "pthread_cond_signal()", NULL },
  [WEFT_INSTANT_NOTIFY_ALL] = { "notify_all()", "pthread_cond_broadcast()", NULL },
  /* An Event is a flag and a condition: set() broadcasts. */
  [WEFT_INSTANT_SET] = { "set()", "pthread_cond_broadcast()", NULL },
  [WEFT_INSTANT_CLEAR] = { "clear()", "clear()", NULL },
  [WEFT_INSTANT_ARRIVE] = { "wait()", "pthread_barrier_wait()", NULL },
  [WEFT_INSTANT_JOIN] = { "join()", "pthread_join()", NULL },
  [WEFT_INSTANT_START] = { "start()", "pthread_create()", NULL },
  [WEFT_INSTANT_SCHEDULE] = { "start()", "pthread_create()", NULL },
  [WEFT_INSTANT_CANCEL] = { "cancel()", "cancel()", NULL },
  [WEFT_INSTANT_RESET] = { "reset()", "reset()", NULL },
  [WEFT_INSTANT_ABORT] = { "abort()", "abort()", NULL },
};

/**
 * weft_pattern_get_instant_word:
 * @kind: the kind of object it happened on
 *
 * What the chart, its legend and the details call an instant: the call
 * that made it, as Python's threading module or pthreads spell it, or
 * for an instant that is no call, its translated word.  The JSON keeps
 * the fixed names of WeftInstantInfo.name whatever the words.
 *
 * Returns: a static or translated string, "" for an unknown code
 */
const char *
weft_pattern_get_instant_word (const WeftPattern *pattern,
                               guint              code,
                               WeftObjectKind     kind,
                               WeftWords          words)
{
  const WeftInstantInfo *info = weft_pattern_get_instant_info (pattern, code);
  const InstantCalls *calls = code < WEFT_N_INSTANTS ? &instant_calls[code] : NULL;

  if (calls != NULL && calls->python != NULL)
    {
      if (words == WEFT_WORDS_PYTHON)
        return calls->python;
      if (kind == WEFT_OBJECT_SEMAPHORE && calls->semaphore != NULL)
        return calls->semaphore;
      return calls->mutex;
    }
  return info != NULL ? g_dgettext (GETTEXT_PACKAGE, info->label) : "";
}
