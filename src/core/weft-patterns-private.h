/* weft-patterns-private.h: what a pattern file includes
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-pattern.h"
#include "weft-pattern-list.h"
#include "weft-run.h"
#include "weft-timeline.h"
