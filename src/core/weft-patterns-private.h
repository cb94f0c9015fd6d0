/* weft-patterns-private.h: the descriptors the pattern files define
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-pattern.h"
#include "weft-run.h"
#include "weft-timeline.h"

G_BEGIN_DECLS

extern const WeftPattern weft_pattern_race;
extern const WeftPattern weft_pattern_lock;
extern const WeftPattern weft_pattern_nightclub;
extern const WeftPattern weft_pattern_rendezvous;
extern const WeftPattern weft_pattern_producer_consumer;
extern const WeftPattern weft_pattern_barrier;

G_END_DECLS
