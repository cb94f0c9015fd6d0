/* weft-lessons.h: where each pattern's lesson happened, for the chart
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The checks say how often a lesson happened; these say where.  Each is
 * found from recorded events only, by the pattern's check fold as the
 * events arrive (so in time order, trailing the fold's frontier a
 * little), and kept sorted by time so the chart finds those in view with
 * a binary search.  Hold the timeline's lock while reading them.
 */

#pragma once

#include <glib.h>

#include "weft-timeline.h"

G_BEGIN_DECLS

/* A write to the race's counter that stored a value another write had
 * stored already: both writers read the value before, so one of the two
 * updates is lost.  The writer read `value - 1` (the stale read, on its
 * own lane) and wrote `value` after `over_lane` had written it (as
 * stamped): "racer-3 wrote 17 over racer-1's 17".  Every value up to the
 * highest written was written at least once, so these writes are exactly
 * the writes less the highest value: with the counter's final value, the
 * shortfall (less what a last stale write took back). */
typedef struct
{
  gint64 write_ns;
  gint64 read_ns;      /* the stale read, on the same lane as the write */
  gint64 over_ns;      /* the write of the same value before it, on over_lane */
  gint64 value;
  guint32 lane;
  guint32 over_lane;
} WeftLostUpdate;

/* How far back (in values) a write's value is looked up: a write of a
 * value older than this is left unclaimed. */
#define WEFT_LOST_UPDATE_WINDOW 8192

/* A barrier phase opening: its last arrival, which let everyone go. */
typedef struct
{
  gint64 time_ns;
  gint64 phase;
  guint32 lane;        /* the last to arrive */
  guint32 padding;
} WeftPhaseOpening;

/* Why a thread waited, from the object it waited on. */
typedef enum
{
  WEFT_WAIT_OTHER,
  WEFT_WAIT_FULL,      /* for room: the producer-consumer's `not-full` */
  WEFT_WAIT_EMPTY,     /* for an item: its `not-empty` */
} WeftWaitReason;

const WeftLostUpdate   *weft_lessons_get_lost_updates   (WeftTimeline *timeline,
                                                         guint        *n_lost);
guint                   weft_lessons_first_lost_update  (const WeftLostUpdate *lost,
                                                         guint                 n_lost,
                                                         gint64                time_ns);
gboolean                weft_lessons_get_update_totals  (WeftTimeline *timeline,
                                                         guint64      *unclaimed,
                                                         gint64       *highest);
const WeftPhaseOpening *weft_lessons_get_phase_openings (WeftTimeline *timeline,
                                                         guint        *n_openings);
guint                   weft_lessons_first_opening      (const WeftPhaseOpening *openings,
                                                         guint                   n_openings,
                                                         gint64                  time_ns);
WeftWaitReason          weft_lessons_wait_reason        (WeftTimeline *timeline,
                                                         guint16       object);
char                   *weft_lessons_describe_lost_update (WeftTimeline         *timeline,
                                                           const WeftLostUpdate *lost);
char                   *weft_lessons_describe           (WeftTimeline   *timeline,
                                                         guint           lane,
                                                         const WeftSpan *span,
                                                         gint64          time_ns,
                                                         gint64          slop_ns);

/* For the patterns' folds (weft-pattern-race.c, weft-pattern-barrier.c). */
const WeftLostUpdate   *weft_pattern_race_get_lost_updates  (gpointer  fold_state,
                                                             guint    *n_lost);
void                    weft_pattern_race_get_update_totals (gpointer  fold_state,
                                                             guint64  *unclaimed,
                                                             gint64   *highest);
const WeftPhaseOpening *weft_pattern_barrier_get_openings   (gpointer  fold_state,
                                                             guint    *n_openings);

G_END_DECLS
