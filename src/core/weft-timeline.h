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
 *
 * A run may go on for as long as its user likes: past its memory budget
 * the timeline lets go of its oldest detail and keeps only the summary
 * of that time, so get_spans() and its kin hold everything from
 * get_detail_from() on, while the queries still draw the whole run.
 */

#pragma once

#include <glib.h>

#include "weft-lod.h"
#include "weft-object-track.h"
#include "weft-pattern.h"
#include "weft-run.h"
#include "weft-waitfor.h"

G_BEGIN_DECLS

#define WEFT_TIMELINE_MAX_DEPTH 4
/* A lane of no process: every pattern's, and Weft's own. */
#define WEFT_TIMELINE_NO_PROCESS G_MAXUINT
/* Memory a timeline may hold before it lets go of its oldest detail. */
#define WEFT_TIMELINE_DEFAULT_BUDGET_MIB 1024

/* Where a lane lost events (discard mode): nothing it did between
 * from_ns and to_ns is known. */
typedef struct
{
  gint64 from_ns;
  gint64 to_ns;
  guint64 n_dropped;
  guint lane;
} WeftGap;

/* When the run was paused; to_ns is 0 while it still is. */
typedef struct
{
  gint64 from_ns;
  gint64 to_ns;
} WeftPause;

typedef void (*WeftInstantFunc) (const WeftInstantRecord *instant,
                                 gpointer                 user_data);

typedef enum
{
  /* A thread (from_lane) let another (to_lane) out of a wait: from_ns is
   * the waker's own stamp of the event that did it, to_ns the end of the
   * woken thread's wait.  Taken as they are from the woken thread's
   * WEFT_INSTANT_HANDOFF records (weft-event.h). */
  WEFT_ARROW_WAKE,
  /* An item went from its `produce` (from) to its `consume` (to): the
   * item number is the link, one arrow per item. */
  WEFT_ARROW_ITEM,
} WeftArrowKind;

/* A hand-off, from_ns <= to_ns, between two lanes: nothing is matched
 * up from timestamps. */
typedef struct
{
  gint64 from_ns;
  gint64 to_ns;
  guint32 from_lane;
  guint32 to_lane;
  guint16 object;      /* what they met on, or WEFT_OBJECT_NONE (a join) */
  guint8 kind;         /* WeftArrowKind */
  guint8 inferred;     /* a guess: the kernel chose which waiter went
                        * (WEFT_HANDOFF_INFERRED); drawn dashed */
  guint8 padding[4];
} WeftArrow;

G_STATIC_ASSERT (sizeof (WeftArrow) == 32);

typedef void (*WeftArrowFunc) (const WeftArrow *arrow,
                               gpointer         user_data);

/* Arrows folded as spans are, at coarse zoom: @count of them, into one
 * lane from one lane, ending within a column; @arrow is the latest. */
typedef struct
{
  WeftArrow arrow;
  guint count;
} WeftArrowFold;

typedef void (*WeftArrowFoldFunc) (const WeftArrowFold *fold,
                                   gpointer             user_data);

WeftTimeline      *weft_timeline_new          (const WeftPattern *pattern,
                                               const WeftParams  *params);
WeftTimeline      *weft_timeline_new_for_run  (WeftRun *run);
WeftRun           *weft_timeline_get_run      (WeftTimeline *self);
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
guint              weft_timeline_add_process  (WeftTimeline *self,
                                               gint          pid,
                                               const char   *name);
void               weft_timeline_set_process_name (WeftTimeline *self,
                                                   guint         process,
                                                   const char   *name);
void               weft_timeline_set_lane_process (WeftTimeline *self,
                                                   guint         lane,
                                                   guint         process);
void               weft_timeline_add_events   (WeftTimeline    *self,
                                               const WeftEvent *events,
                                               gsize            n_events);
void               weft_timeline_set_origin   (WeftTimeline *self,
                                               gint64        origin_ns);
void               weft_timeline_set_dropped  (WeftTimeline *self,
                                               guint64       dropped);
void               weft_timeline_set_n_events (WeftTimeline *self,
                                               guint64       n_events);
void               weft_timeline_set_stop_reason (WeftTimeline *self,
                                                  const char   *reason);
void               weft_timeline_finish       (WeftTimeline *self,
                                               gint64        end_ns);
void               weft_timeline_begin_pause  (WeftTimeline *self,
                                               gint64        time_ns);
void               weft_timeline_end_pause    (WeftTimeline *self,
                                               gint64        time_ns);
void               weft_timeline_set_memory_budget (WeftTimeline *self,
                                                    gsize         bytes);
gboolean           weft_timeline_keep_within_budget (WeftTimeline *self);
void               weft_timeline_let_go_before (WeftTimeline *self,
                                                gint64        time_ns);

/* A timeline that a collector thread fills while others read it: hold
 * the lock around every read of a live timeline, and never for long. */
void               weft_timeline_lock         (WeftTimeline *self);
void               weft_timeline_unlock       (WeftTimeline *self);
gboolean           weft_timeline_try_lock     (WeftTimeline *self);
gboolean           weft_timeline_is_frame_wanted (WeftTimeline *self,
                                                  gint64        within_ns);
gboolean           weft_timeline_has_waiters  (WeftTimeline *self);

/* What it describes. */
const WeftPattern *weft_timeline_get_pattern  (WeftTimeline *self);
const char        *weft_timeline_get_stop_reason (WeftTimeline *self);
gint64             weft_timeline_get_stop_ns  (WeftTimeline *self);
void               weft_timeline_set_stop_ns  (WeftTimeline *self,
                                               gint64        stop_ns);
const WeftParams  *weft_timeline_get_params   (WeftTimeline *self);
gint64             weft_timeline_get_origin   (WeftTimeline *self);
gint64             weft_timeline_get_end      (WeftTimeline *self);
gboolean           weft_timeline_is_finished  (WeftTimeline *self);
guint64            weft_timeline_get_dropped  (WeftTimeline *self);
guint64            weft_timeline_get_n_events (WeftTimeline *self);
guint64            weft_timeline_get_n_spans  (WeftTimeline *self);
gsize              weft_timeline_get_memory   (WeftTimeline *self);
gsize              weft_timeline_get_memory_in_flight (WeftTimeline *self);
gsize              weft_timeline_get_memory_budget (WeftTimeline *self);
gint64             weft_timeline_get_detail_from (WeftTimeline *self);
gint64             weft_timeline_get_known_until (WeftTimeline *self);
const WeftGap     *weft_timeline_get_gaps     (WeftTimeline *self,
                                               guint        *n_gaps);
GArray            *weft_timeline_dup_pauses   (WeftTimeline *self);
gint64             weft_timeline_get_paused_ns (WeftTimeline *self,
                                                gint64        until_ns);
gint64             weft_timeline_get_active_ns (WeftTimeline *self);
gint64             weft_timeline_get_stall_ns (WeftTimeline *self);
guint64            weft_timeline_get_n_held   (WeftTimeline *self);
gint64             weft_timeline_get_fold_frontier (WeftTimeline *self);
void               weft_timeline_reach        (WeftTimeline *self,
                                               gint64        time_ns);
gboolean           weft_timeline_get_held     (WeftTimeline *self,
                                               guint         lane,
                                               WeftSpan     *span);
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
/* A recorded program's processes, and the order lanes are shown in:
 * grouped by process when there is more than one (weft-lane-order.h). */
guint              weft_timeline_get_n_processes (WeftTimeline *self);
gint               weft_timeline_get_process_pid (WeftTimeline *self,
                                                  guint         process);
const char        *weft_timeline_get_process_name (WeftTimeline *self,
                                                   guint         process);
guint              weft_timeline_get_lane_process (WeftTimeline *self,
                                                   guint         lane);
gboolean           weft_timeline_groups_lanes (WeftTimeline *self);
guint              weft_timeline_get_lane_row (WeftTimeline *self,
                                               guint         lane);
guint              weft_timeline_get_row_lane (WeftTimeline *self,
                                               guint         row);
guint              weft_timeline_get_process_rows (WeftTimeline *self,
                                                   guint         process,
                                                   guint        *n_rows);
guint              weft_timeline_get_lane_depth (WeftTimeline *self,
                                                 guint         lane);
gint64             weft_timeline_get_lane_start (WeftTimeline *self,
                                                 guint         lane);
gint64             weft_timeline_get_lane_end (WeftTimeline *self,
                                               guint         lane);
gboolean           weft_timeline_get_lane_position (WeftTimeline *self,
                                                    guint         lane,
                                                    guint        *line,
                                                    WeftState    *state);
guint32            weft_timeline_add_message  (WeftTimeline *self,
                                               const char   *message);
const char        *weft_timeline_get_message  (WeftTimeline *self,
                                               guint32       arg);

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
guint64            weft_timeline_get_instant_kinds (WeftTimeline *self);

/* Who holds, waits on and fills an object, row by row; NULL when the
 * object has no such lane.  Read it under the timeline's lock. */
WeftObjectTrack   *weft_timeline_get_object_track (WeftTimeline *self,
                                                   guint16       object);

/* The deadlock the wait-for graph found, if any (weft-waitfor.h). */
const WeftWaitEdge *weft_timeline_get_deadlock (WeftTimeline *self,
                                                guint        *n_edges,
                                                gint64       *time_ns);
char              *weft_timeline_describe_deadlock (WeftTimeline *self);
char              *weft_timeline_dup_deadlock_path (WeftTimeline *self);
char              *weft_timeline_take_deadlock_stop (WeftTimeline  *self,
                                                    char         **recorded);

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
const WeftArrow   *weft_timeline_get_arrows   (WeftTimeline *self,
                                               guint         lane,
                                               guint        *n_arrows);
guint64            weft_timeline_get_n_arrows (WeftTimeline *self);
guint              weft_timeline_count_arrows (WeftTimeline *self,
                                               gint64        t0,
                                               gint64        t1,
                                               guint         limit);
void               weft_timeline_query_arrows (WeftTimeline  *self,
                                               gint64         t0,
                                               gint64         t1,
                                               WeftArrowFunc  func,
                                               gpointer       user_data);
void               weft_timeline_query_arrow_folds (WeftTimeline      *self,
                                                    gint64             t0,
                                                    gint64             t1,
                                                    gint64             ns_per_column,
                                                    WeftArrowFoldFunc  func,
                                                    gpointer           user_data);
gboolean           weft_timeline_span_at      (WeftTimeline *self,
                                               guint         lane,
                                               gint64        time_ns,
                                               gint64        slop_ns,
                                               WeftSpan     *span);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftTimeline, weft_timeline_unref)

/* Holds a timeline's lock for a scope, as GMutexLocker does:
 *   g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (timeline);
 * The lock is recursive, so a locked caller may call a locking helper. */
typedef WeftTimeline WeftTimelineLocker;

static inline WeftTimelineLocker *
weft_timeline_locker_new (WeftTimeline *timeline)
{
  if (timeline != NULL)
    weft_timeline_lock (timeline);
  return (WeftTimelineLocker *) timeline;
}

static inline void
weft_timeline_locker_free (WeftTimelineLocker *locker)
{
  weft_timeline_unlock ((WeftTimeline *) locker);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftTimelineLocker, weft_timeline_locker_free)

G_END_DECLS
