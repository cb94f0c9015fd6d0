/* weft-collector.h: the thread that drains a run's rings into its timeline
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "weft-run.h"
#include "weft-timeline.h"

G_BEGIN_DECLS

/* When a drain finds less than this, the rings are nearly idle and the
 * collector may sleep until a writer stalls or a little time passes.
 * A thread emitting ten million events per second fills no ring of
 * 4096 slots within the nap.  Public so that bench-ring's consumer
 * drains at the collector's pace. */
#define WEFT_COLLECTOR_IDLE_BATCH 256
#define WEFT_COLLECTOR_IDLE_NAP_NS (250 * G_GINT64_CONSTANT (1000))

typedef struct _WeftCollector WeftCollector;

WeftCollector *weft_collector_start   (WeftRun       *run,
                                       WeftTimeline  *timeline,
                                       GError       **error);
gboolean       weft_collector_is_started (WeftCollector *self);
gboolean       weft_collector_is_done (WeftCollector *self);
const GError  *weft_collector_get_error (WeftCollector *self);
void           weft_collector_join    (WeftCollector *self);
void           weft_collector_free    (WeftCollector *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftCollector, weft_collector_free)

G_END_DECLS
