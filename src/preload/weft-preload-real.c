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

/* Idempotent, and harmless if two threads race through it: each stores
 * the same pointers. */
void
wp_resolve_all (void)
{
#define WP_RESOLVE(name) \
  if (real_##name == NULL) \
    real_##name = (__typeof__ (name) *) dlsym (RTLD_NEXT, #name);
  WP_REAL_FUNCTIONS (WP_RESOLVE)
#undef WP_RESOLVE
}
