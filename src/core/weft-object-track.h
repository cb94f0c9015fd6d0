/* weft-object-track.h: who holds, waits on and fills one shared object
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An object's lane is drawn in rows, each of which holds at most one
 * occupant at a time: a lock's holder or a semaphore's permits (a
 * permit's row stays its holder's while held), places in the queue of
 * those waiting for it (first in line in row 0), a buffer's slots (the
 * item in each), a barrier's arrivals this phase (in order).  Each row
 * keeps its occupants as WeftSpans, sorted and disjoint, with a level-
 * of-detail summary, so a query costs per pixel however long the run.
 * The queue's rows say only how long the line was; who stood where in
 * it comes from the lanes (weft-queue-rows.h).
 *
 * The rows are folded from the same events as the thread lanes, in time
 * order across lanes: only what was stamped before the fold's frontier
 * (nothing earlier can still arrive) is folded, so the rows are known
 * up to weft_object_track_get_known_until() and never guessed past it.
 */

#pragma once

#include <glib.h>

#include "weft-lod.h"
#include "weft-pattern.h"

G_BEGIN_DECLS

typedef enum
{
  WEFT_OBJECT_ROW_HOLDER,   /* the lock, or one permit: value is the holder's lane */
  WEFT_OBJECT_ROW_QUEUE,    /* a place in line, row 0 first, in use or not: anonymous
                             * (WEFT_SPAN_MERGED), see weft-queue-rows.h for who */
  WEFT_OBJECT_ROW_SLOT,     /* a buffer's slot: value is the item, arg its producer's lane + 1 */
  WEFT_OBJECT_ROW_ARRIVAL,  /* a barrier's n-th arrival this phase: value is its lane,
                             * arg the phase */
  WEFT_N_OBJECT_ROWS
} WeftObjectRowKind;

typedef struct _WeftObjectTrack WeftObjectTrack;

WeftObjectTrack *weft_object_track_new      (guint16         object,
                                             WeftObjectKind  kind,
                                             gint64          limit);
void             weft_object_track_free     (WeftObjectTrack *self);

/* Folding: events of this object (and gaps) as drained, then fold. */
void             weft_object_track_add_event (WeftObjectTrack *self,
                                              const WeftEvent *event);
void             weft_object_track_fold     (WeftObjectTrack *self,
                                             gint64           horizon);
void             weft_object_track_finish   (WeftObjectTrack *self,
                                             gint64           end_ns);
gsize            weft_object_track_get_memory (WeftObjectTrack *self);
gsize            weft_object_track_get_pending_memory (WeftObjectTrack *self);
gsize            weft_object_track_memory_after (WeftObjectTrack *self,
                                                 gint64           cut_ns,
                                                 gint64           end_ns);
void             weft_object_track_let_go   (WeftObjectTrack *self,
                                             gint64           cut_ns,
                                             gint64           end_ns);

/* Reading. */
WeftObjectKind   weft_object_track_get_kind (WeftObjectTrack   *self);
guint            weft_object_track_get_n_rows (WeftObjectTrack   *self,
                                               WeftObjectRowKind  kind);
gint64           weft_object_track_get_known_until (WeftObjectTrack *self);
void             weft_object_track_query    (WeftObjectTrack   *self,
                                             WeftObjectRowKind  kind,
                                             guint              row,
                                             gint64             t0,
                                             gint64             t1,
                                             gint64             ns_per_pixel,
                                             WeftSpanFunc       func,
                                             gpointer           user_data);
gboolean         weft_object_track_occupant_at (WeftObjectTrack   *self,
                                                WeftObjectRowKind  kind,
                                                guint              row,
                                                gint64             time_ns,
                                                WeftSpan          *occupant);
const WeftSpan  *weft_object_track_get_occupants (WeftObjectTrack   *self,
                                                  WeftObjectRowKind  kind,
                                                  guint              row,
                                                  guint             *n_occupants);

G_END_DECLS
