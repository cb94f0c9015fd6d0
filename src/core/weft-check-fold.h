/* weft-check-fold.h: a pattern's checks, folded in as events arrive
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A WeftCheckFold keeps, for the pattern of one timeline, a small running
 * state from which the verdict over everything folded so far is read in
 * a few microseconds, however long the run.  The timeline owns one and
 * advances it after every drain (see weft-check-fold.c for how it knows
 * which events may be folded); tests and benchmarks may build their own.
 *
 * A pattern describes its checks with a WeftCheckFuncs: which spans,
 * instants and counter samples it wants (a WeftFoldFilter), what to do
 * with each, in time order, and how to word the verdict.
 */

#pragma once

#include <glib.h>

#include "weft-lod.h"
#include "weft-pattern.h"

G_BEGIN_DECLS

typedef struct _WeftCheckFold WeftCheckFold;

/* Any object, for span_object. */
#define WEFT_FOLD_ANY_OBJECT G_MAXUINT32

/* What a pattern's checks read; everything else is skipped unread. */
typedef struct
{
  guint32 span_states;      /* 1 << WeftState for each state wanted; 0: no spans */
  guint32 span_object;      /* the object they are on, or WEFT_FOLD_ANY_OBJECT */
  guint32 span_depths;      /* 1 << depth for each nesting depth wanted */
  guint64 instant_kinds;    /* WEFT_INSTANT_BIT () of each kind wanted; 0: none */
  guint16 instant_object;
  gboolean any_instant_object; /* instants on every object, and on none (a
                                * thread's start, end, join), not only
                                * on instant_object */
  guint16 sample_object;    /* whose counter samples, or WEFT_OBJECT_NONE */
  /* The state comes out the same whatever order the items before a
   * frontier are folded in (the barrier's sums, the rendezvous' rounds),
   * so the fold may take each array in turn and skip the merge. */
  gboolean any_order;
} WeftFoldFilter;

static inline gboolean
weft_fold_filter_wants_span (const WeftFoldFilter *filter,
                             guint                 depth,
                             guint8                state,
                             guint16               object)
{
  return (filter->span_depths & (1u << depth)) != 0 && (filter->span_states & (1u << state)) != 0 &&
         (filter->span_object == WEFT_FOLD_ANY_OBJECT || filter->span_object == object);
}

/**
 * WeftCheckFuncs:
 * @fold_new: creates the running state for @timeline and fills @filter.
 *   With @keep_all the state must not forget what it has folded (no
 *   retiring of finished rounds): it is then fed a whole finished
 *   timeline whose events did not arrive in order.
 * @fold_span: a closed span, fed in order of start
 * @fold_instant: an instant, in order of time
 * @fold_sample: a counter sample of the filter's object, in order of time
 *   (any of the three may be NULL when the filter wants none of its kind)
 * @report: adds the checks to @checks; @complete once every event of a
 *   finished timeline has been folded
 * @get_memory: bytes the state holds
 *
 * Items are fed in order of time; at equal times instants come first (in
 * the order of WeftInstant), then samples, then spans, so that a sample
 * is seen before a span that starts with it, a `produce` before the
 * `consume` of the same moment, and a `write` before the counter sample
 * that shows it.  The fold callbacks return %FALSE when they met an item
 * they cannot fold exactly (one about a round they have already
 * forgotten): the checks are then folded again from scratch, with
 * @keep_all, once the timeline is finished.
 */
struct _WeftCheckFuncs
{
  gpointer (*fold_new)     (WeftTimeline   *timeline,
                            gboolean        keep_all,
                            WeftFoldFilter *filter);
  void     (*fold_free)    (gpointer state);
  gboolean (*fold_span)    (gpointer        state,
                            guint           lane,
                            const WeftSpan *span);
  gboolean (*fold_instant) (gpointer                 state,
                            guint                    lane,
                            const WeftInstantRecord *instant);
  gboolean (*fold_sample)  (gpointer          state,
                            const WeftSample *sample);
  void     (*report)       (gpointer      state,
                            WeftTimeline *timeline,
                            gboolean      complete,
                            WeftChecks   *checks);
  gsize    (*get_memory)   (gpointer state);
};

WeftCheckFold *weft_check_fold_new        (WeftTimeline  *timeline);
void           weft_check_fold_free       (WeftCheckFold *self);
void           weft_check_fold_advance    (WeftCheckFold *self,
                                           gint64         frontier_ns);
void           weft_check_fold_finish     (WeftCheckFold *self);
WeftChecks    *weft_check_fold_report     (WeftCheckFold *self);
gint64         weft_check_fold_get_frontier (WeftCheckFold *self);
gpointer       weft_check_fold_get_state  (WeftCheckFold *self);
guint64        weft_check_fold_get_n_folded (WeftCheckFold *self);
guint64        weft_check_fold_get_n_missed (WeftCheckFold *self);
gboolean       weft_check_fold_is_disordered (WeftCheckFold *self);
gsize          weft_check_fold_get_memory (WeftCheckFold *self);

/* Running states that several patterns' checks share. */

/* How many spans overlap at most, as a sweep over their start and end
 * points would find: spans are added in order of start, and only those
 * still open are remembered, so the state is as large as the most that
 * were ever open at once. */
typedef struct
{
  guint64 entries;     /* spans added */
  guint most;          /* the most open at one moment */
  guint n_open;
  guint size;
  gint64 *open_ends;   /* a min-heap of the ends of the spans open now */
} WeftOverlap;

void     weft_overlap_init  (WeftOverlap *overlap);
void     weft_overlap_clear (WeftOverlap *overlap);
void     weft_overlap_add   (WeftOverlap *overlap,
                             gint64       start_ns,
                             gint64       end_ns);

/* A counter's writes against what it shows.  While the run goes on, a
 * write folded just before the sample that shows it would look lost, so
 * the live verdict counts only the writes up to the last sample; once
 * the timeline is finished, every write counts. */
typedef struct
{
  guint64 writes;
  guint64 writes_at_sample;
  gint64 value;            /* the last sample */
  gboolean sampled;
} WeftUpdates;

static inline void
weft_updates_write (WeftUpdates *updates)
{
  updates->writes++;
}

static inline void
weft_updates_sample (WeftUpdates *updates,
                     gint64       value)
{
  updates->value = value;
  updates->sampled = TRUE;
  updates->writes_at_sample = updates->writes;
}

/* The least and greatest value a counter has shown. */
typedef struct
{
  gint64 lowest;
  gint64 highest;
  guint64 n_samples;
} WeftRange;

static inline void
weft_range_add (WeftRange *range,
                gint64     value)
{
  if (range->n_samples++ == 0)
    range->lowest = range->highest = value;
  else
    {
      range->lowest = MIN (range->lowest, value);
      range->highest = MAX (range->highest, value);
    }
}

/* Within [min, max]; an empty range reads 0..0, as a counter never set. */
static inline gboolean
weft_range_within (const WeftRange *range,
                   gint64           min,
                   gint64           max)
{
  gint64 lowest = range->n_samples > 0 ? range->lowest : 0;
  gint64 highest = range->n_samples > 0 ? range->highest : 0;

  return lowest >= min && highest <= max;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftCheckFold, weft_check_fold_free)

/* A set of item numbers (0 and up), for "each taken once": a bit per
 * item in an array of 64-bit words, grown as the run numbers more.  Its
 * array is a GArray of guint64, zero-filled (g_array_new (FALSE, TRUE,
 * sizeof (guint64))). */
static inline gboolean
weft_item_set_has (GArray *set,
                   gint64  item)
{
  guint64 word = item / 64;

  return item >= 0 && word < set->len &&
         (g_array_index (set, guint64, word) & (G_GUINT64_CONSTANT (1) << (item % 64))) != 0;
}

static inline void
weft_item_set_add (GArray *set,
                   gint64  item)
{
  guint64 word = item / 64;

  g_return_if_fail (item >= 0);
  /* Items are numbered in order, so the words grow with the run: 64
   * items to a word, doubled as needed. */
  if (word >= set->len)
    g_array_set_size (set, MAX (word + 1, set->len * 2));
  g_array_index (set, guint64, word) |= G_GUINT64_CONSTANT (1) << (item % 64);
}

G_END_DECLS
