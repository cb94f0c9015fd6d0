/* weft-census.h: how many threads were in each state, column by column
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the chart's thread overview draws when there are more lanes than
 * fit: for each column of time, every thread alive in it counted once,
 * by what it did there.  A thread's state at a moment is its innermost
 * span's (a thread holding one lock while waiting on another is
 * waiting); in a column it is the state it spent most of the column in,
 * time it spent in no span included, so the counts of a column add up to
 * the threads alive in it.  The spans are read through the timeline's
 * level-of-detail queries, summaries up to a few columns wide standing
 * for a lane with more spans than columns: there a thread counts in the
 * state that took most of the summary's time, as its lane draws it.
 */

#pragma once

#include <glib.h>

#include "weft-timeline.h"

G_BEGIN_DECLS

typedef enum
{
  WEFT_CENSUS_WORKING = WEFT_STATE_WORKING,
  WEFT_CENSUS_WAITING = WEFT_STATE_WAITING,
  WEFT_CENSUS_CRITICAL = WEFT_STATE_CRITICAL,
  WEFT_CENSUS_RECORDER = WEFT_STATE_RECORDER,
  WEFT_CENSUS_HELD = WEFT_STATE_HELD,
  WEFT_CENSUS_BETWEEN = WEFT_N_STATES, /* alive, inside no span */
  WEFT_CENSUS_LOST,           /* its events were lost there: not known */
  WEFT_N_CENSUS
} WeftCensusKind;

typedef struct _WeftCensus WeftCensus;

WeftCensus  *weft_census_new           (WeftTimeline *timeline,
                                        gint64        t0,
                                        double        ns_per_column,
                                        guint         n_columns);
void         weft_census_free          (WeftCensus   *self);
guint        weft_census_get_n_columns (WeftCensus   *self);
const guint *weft_census_get_column    (WeftCensus   *self,
                                        guint         column);
guint        weft_census_get_alive     (WeftCensus   *self,
                                        guint         column);
gboolean     weft_census_count_at      (WeftTimeline *timeline,
                                        gint64        time_ns,
                                        guint         counts[WEFT_N_CENSUS]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftCensus, weft_census_free)

G_END_DECLS
