/* weft-compare-pair.h: which two runs a lesson is compared with
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "weft-pattern.h"

G_BEGIN_DECLS

typedef enum
{
  WEFT_PAIR_PATTERNS,      /* two lessons: the race and the lock that mends it */
  WEFT_PAIR_VARIANTS,      /* one lesson's broken way and its fixed way */
  WEFT_PAIR_TWICE,         /* a lesson that runs one way only, run twice */
} WeftPairKind;

WeftPairKind weft_compare_pair_for (const WeftParams *shown,
                                    WeftParams       *upper,
                                    WeftParams       *lower);

G_END_DECLS
