/* weft-replay.h: a saved run played back as if live
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "weft-timeline.h"

G_BEGIN_DECLS

typedef struct _WeftReplay WeftReplay;

WeftReplay   *weft_replay_new          (WeftTimeline *whole,
                                        GArray       *events);
void          weft_replay_free         (WeftReplay   *self);
WeftTimeline *weft_replay_get_timeline (WeftReplay   *self);
WeftTimeline *weft_replay_get_whole    (WeftReplay   *self);
gint64        weft_replay_get_position (WeftReplay   *self);
gint64        weft_replay_get_start    (WeftReplay   *self);
gint64        weft_replay_get_end      (WeftReplay   *self);
gboolean      weft_replay_is_done      (WeftReplay   *self);
void          weft_replay_seek         (WeftReplay   *self,
                                        gint64        time_ns);
gboolean      weft_replay_step         (WeftReplay   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftReplay, weft_replay_free)

G_END_DECLS
