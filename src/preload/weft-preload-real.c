/* weft-preload-real.c: finding the C library's own functions
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "weft-preload.h"

#include <dlfcn.h>

#include "weft-preload-real.h"

#define WP_DEFINE_REAL(name) __typeof__ (name) *real_##name;
WP_REAL_FUNCTIONS (WP_DEFINE_REAL)
#undef WP_DEFINE_REAL

#ifdef WP_OLD_CONDS
# define WP_DEFINE_REAL_OLD(name) __typeof__ (name) *real_old_##name;
WP_COND_FUNCTIONS (WP_DEFINE_REAL_OLD)
# undef WP_DEFINE_REAL_OLD
#endif

/* Idempotent, and harmless if two threads race through it: each stores
 * the same pointers. */
void
wp_resolve_all (void)
{
#define WP_RESOLVE(name) \
  if (real_##name == NULL) \
    real_##name = (__typeof__ (name) *) dlsym (RTLD_NEXT, #name);
  WP_PLAIN_FUNCTIONS (WP_RESOLVE)
#undef WP_RESOLVE

#ifdef WP_OLD_CONDS
  /* By version, both kinds: plain dlsym() gives the default today, but
   * each wrapper must call its own kind whatever the default is. */
# define WP_RESOLVE_COND(name) \
  if (real_##name == NULL) \
    real_##name = (__typeof__ (name) *) dlvsym (RTLD_NEXT, #name, WP_COND_VERSION); \
  if (real_old_##name == NULL) \
    real_old_##name = (__typeof__ (name) *) dlvsym (RTLD_NEXT, #name, WP_OLD_COND_VERSION);
#else
# define WP_RESOLVE_COND(name) \
  if (real_##name == NULL) \
    real_##name = (__typeof__ (name) *) dlsym (RTLD_NEXT, #name);
#endif
  WP_COND_FUNCTIONS (WP_RESOLVE_COND)
#undef WP_RESOLVE_COND
}
