/* weft-recorder.h: the set of per-thread rings one consumer drains
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "weft-ring.h"

G_BEGIN_DECLS

/* Default ring capacity, in events (2 MiB of 32-byte records).  A worker
 * emitting one million events per second fills 33,334 slots in the two
 * frames (1/30 s) between drains; 65,536 holds twice that. */
#define WEFT_RING_DEFAULT_CAPACITY 65536u

/* Lanes a recorder can register: patterns take at most 256 threads. */
#define WEFT_RECORDER_MAX_LANES 1024u

typedef struct _WeftRecorder WeftRecorder;

WeftRecorder *weft_recorder_new            (guint ring_capacity);
WeftRecorder *weft_recorder_ref            (WeftRecorder *self);
void          weft_recorder_unref          (WeftRecorder *self);

WeftRing     *weft_recorder_register       (WeftRecorder *self,
                                            const char   *name);
WeftRing     *weft_recorder_register_lane  (WeftRecorder *self,
                                            const char   *name,
                                            gint          tid);
gint          weft_recorder_adopt_ring     (WeftRecorder *self,
                                            WeftRing     *ring,
                                            const char   *name,
                                            gint          tid);
void          weft_recorder_hold_mapping   (WeftRecorder *self,
                                            gpointer      mapping,
                                            gsize         size);
void          weft_recorder_set_lane_name  (WeftRecorder *self,
                                            guint         lane,
                                            const char   *name);
void          weft_recorder_set_lane_tid   (WeftRecorder *self,
                                            guint         lane,
                                            gint          tid);
guint         weft_recorder_get_n_lanes    (WeftRecorder *self);
WeftRing     *weft_recorder_get_ring       (WeftRecorder *self,
                                            guint         lane);
const char   *weft_recorder_get_lane_name  (WeftRecorder *self,
                                            guint         lane);
gint          weft_recorder_get_lane_tid   (WeftRecorder *self,
                                            guint         lane);
guint         weft_recorder_get_ring_capacity (WeftRecorder *self);
void          weft_recorder_set_mode       (WeftRecorder      *self,
                                            WeftRecordingMode  mode);
void          weft_recorder_wait_for_work  (WeftRecorder *self,
                                            gint64        timeout_ns);
void          weft_recorder_close          (WeftRecorder *self);
gboolean      weft_recorder_is_lane_finished (WeftRecorder *self,
                                              guint         lane);
gboolean      weft_recorder_is_lane_parked (WeftRecorder *self,
                                            guint         lane);
gboolean      weft_recorder_get_unmarked_gap (WeftRecorder *self,
                                              guint         lane,
                                              gint64       *from_ns,
                                              gint64       *to_ns,
                                              guint64      *n_dropped);

gsize         weft_recorder_drain          (WeftRecorder  *self,
                                            WeftDrainFunc  func,
                                            gpointer       user_data);
gsize         weft_recorder_drain_live     (WeftRecorder  *self,
                                            gint64         now_ns,
                                            WeftDrainFunc  func,
                                            gpointer       user_data);
guint64       weft_recorder_get_dropped    (WeftRecorder *self);
guint64       weft_recorder_get_delivered  (WeftRecorder *self);
guint64       weft_recorder_get_fill       (WeftRecorder *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftRecorder, weft_recorder_unref)

G_END_DECLS
