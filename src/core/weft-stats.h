/* weft-stats.h: how long each thread worked, waited and held, over a range
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a teacher asks of a run ("how long did each thread wait?"),
 * measured from a timeline's spans over a stretch of time: per thread
 * the time in each state (the innermost span's, so a wait inside a
 * critical section counts as waiting), the waits begun in the stretch
 * with the longest and the median; per object the acquires, how many of
 * them had to wait first (its contention), and the time it was held.
 * Times in a state are cut to the stretch; a wait or a hold is counted
 * where it began, at its whole length.
 */

#pragma once

#include <glib.h>

#include "weft-timeline.h"

G_BEGIN_DECLS

typedef struct
{
  guint lane;
  gint64 state_ns[WEFT_N_STATES];
  guint n_waits;
  gint64 longest_wait_ns;
  gint64 median_wait_ns;
} WeftThreadStats;

typedef struct
{
  guint16 object;
  guint n_acquires;
  guint n_contended;         /* acquires that waited first */
  gint64 held_ns;            /* cut to the stretch */
  gint64 longest_hold_ns;
} WeftObjectStats;

typedef struct _WeftStats WeftStats;

WeftStats             *weft_stats_new          (WeftTimeline *timeline,
                                                gint64        t0,
                                                gint64        t1);
void                   weft_stats_free         (WeftStats    *self);
void                   weft_stats_get_range    (WeftStats    *self,
                                                gint64       *t0,
                                                gint64       *t1);
guint                  weft_stats_get_n_threads (WeftStats   *self);
const WeftThreadStats *weft_stats_get_thread   (WeftStats    *self,
                                                guint         index);
const WeftThreadStats *weft_stats_get_total    (WeftStats    *self);
guint                  weft_stats_get_n_objects (WeftStats   *self);
const WeftObjectStats *weft_stats_get_object   (WeftStats    *self,
                                                guint         index);
char                  *weft_stats_to_text      (WeftStats    *self);
char                  *weft_stats_to_csv       (WeftStats    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftStats, weft_stats_free)

G_END_DECLS
