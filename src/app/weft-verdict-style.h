/* weft-verdict-style.h: the style class of a verdict's badge
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-checker.h"

/* The window's and Compare's badges colour a verdict alike (style.css). */
static inline const char *
weft_verdict_style (WeftCheckStatus status)
{
  switch (status)
    {
    case WEFT_CHECK_PASS: return "success";
    case WEFT_CHECK_LESSON: return "warning";
    case WEFT_CHECK_INCONCLUSIVE: return "inconclusive";
    case WEFT_CHECK_PENDING: return "pending";
    case WEFT_CHECK_FAIL:
    default: return "error";
    }
}
