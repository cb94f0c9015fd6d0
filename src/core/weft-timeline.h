/* weft-timeline.h: drained events folded into spans, instants and counters
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one store the chart, the exports and the checker all read.  Each
 * lane keeps its spans per nesting depth, sorted and disjoint, so "what
 * is visible between t0 and t1" is a binary search, plus a level-of-
 * detail summary (weft-lod.h).  Instants stay per lane and counter
 * samples per object, both sorted by time.  Times are CLOCK_MONOTONIC
 * nanoseconds; get_origin() is when the run's workers were let go.
 */

#pragma once

#include <glib.h>

#include "weft-lod.h"
#include "weft-pattern.h"
#include "weft-run.h"

G_BEGIN_DECLS

#define WEFT_TIMELINE_MAX_DEPTH 4
/* Events a run's timeline keeps before its owner should stop the run:
 * about 250 MB, minutes of a busy pattern at full speed. */
#define WEFT_TIMELINE_EVENT_LIMIT G_GUINT64_CONSTANT (10000000)
#define WEFT_OBJECT_NONE G_MAXUINT16

typedef void (*WeftInstantFunc) (const WeftInstantRecord *instant,
                                 gpointer                 user_data);

WeftTimeline      *weft_timeline_new          (const WeftPattern *pattern,
                                               const WeftParams  *params);
WeftTimeline      *weft_timeline_new_for_run  (WeftRun *run);
WeftTimeline      *weft_timeline_ref          (WeftTimeline *self);
void               weft_timeline_unref        (WeftTimeline *self);

/* Building: from a run, or by hand (tests, imports). */
gsize              weft_timeline_ingest       (WeftTimeline *self);
guint16            weft_timeline_add_object   (WeftTimeline   *self,
                                               const char     *name,
                                               WeftObjectKind  kind,
                                               gint64          limit);
guint              weft_timeline_add_lane     (WeftTimeline *self,
                                               const char   *name,
                                               gint          tid);
void               weft_timeline_add_events   (WeftTimeline    *self,
                                               const WeftEvent *events,
                                               gsize            n_events);
void               weft_timeline_set_origin   (WeftTimeline *self,
                                               gint64        origin_ns);
void               weft_timeline_set_dropped  (WeftTimeline *self,
                                               guint64       dropped);
void               weft_timeline_finish       (WeftTimeline *self,
                                               gint64        end_ns);

/* What it describes. */
const WeftPattern *weft_timeline_get_pattern  (WeftTimeline *self);
const WeftParams  *weft_timeline_get_params   (WeftTimeline *self);
gint64             weft_timeline_get_origin   (WeftTimeline *self);
gint64             weft_timeline_get_end      (WeftTimeline *self);
gboolean           weft_timeline_is_finished  (WeftTimeline *self);
guint64            weft_timeline_get_dropped  (WeftTimeline *self);
guint64            weft_timeline_get_n_events (WeftTimeline *self);
gboolean           weft_timeline_is_full      (WeftTimeline *self);
guint64            weft_timeline_get_n_spans  (WeftTimeline *self);
gsize              weft_timeline_get_memory   (WeftTimeline *self);
guint64            weft_timeline_get_malformed (WeftTimeline *self);

guint              weft_timeline_get_n_objects (WeftTimeline *self);
const WeftObjectInfo *weft_timeline_get_object (WeftTimeline *self,
                                                guint16       object);
const char        *weft_timeline_get_object_name (WeftTimeline *self,
                                                  guint16       object);
gboolean           weft_timeline_find_object  (WeftTimeline *self,
                                               const char   *name,
                                               guint16      *object);

guint              weft_timeline_get_n_lanes  (WeftTimeline *self);
const char        *weft_timeline_get_lane_name (WeftTimeline *self,
                                                guint         lane);
gint               weft_timeline_get_lane_tid (WeftTimeline *self,
                                               guint         lane);
guint              weft_timeline_get_lane_depth (WeftTimeline *self,
                                                 guint         lane);

/* Every closed span, instant and sample, for the checker and exports. */
const WeftSpan    *weft_timeline_get_spans    (WeftTimeline *self,
                                               guint         lane,
                                               guint         depth,
                                               guint        *n_spans);
const WeftInstantRecord *weft_timeline_get_instants (WeftTimeline *self,
                                                     guint         lane,
                                                     guint        *n_instants);
const WeftSample  *weft_timeline_get_samples  (WeftTimeline *self,
                                               guint16       object,
                                               guint        *n_samples);
gboolean           weft_timeline_get_sample_range (WeftTimeline *self,
                                                   guint16       object,
                                                   gint64       *lowest,
                                                   gint64       *highest);
gboolean           weft_timeline_get_value_at (WeftTimeline *self,
                                               guint16       object,
                                               gint64        time_ns,
                                               gint64       *value);
guint32            weft_timeline_get_instant_kinds (WeftTimeline *self);

/* What is visible between t0 and t1, at most a few items per pixel. */
void               weft_timeline_query_spans  (WeftTimeline *self,
                                               guint         lane,
                                               guint         depth,
                                               gint64        t0,
                                               gint64        t1,
                                               gint64        ns_per_pixel,
                                               WeftSpanFunc  func,
                                               gpointer      user_data);
void               weft_timeline_query_instants (WeftTimeline    *self,
                                                 guint            lane,
                                                 gint64           t0,
                                                 gint64           t1,
                                                 gint64           ns_per_pixel,
                                                 WeftInstantFunc  func,
                                                 gpointer         user_data);
void               weft_timeline_query_samples (WeftTimeline   *self,
                                                guint16         object,
                                                gint64          t0,
                                                gint64          t1,
                                                gint64          ns_per_pixel,
                                                WeftBucketFunc  func,
                                                gpointer        user_data);
gboolean           weft_timeline_span_at      (WeftTimeline *self,
                                               guint         lane,
                                               gint64        time_ns,
                                               gint64        slop_ns,
                                               WeftSpan     *span);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftTimeline, weft_timeline_unref)

G_END_DECLS
