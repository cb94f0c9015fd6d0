/* weft-replay-bar.h: play a saved run back, at a speed, with a scrubber
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "weft-replay.h"

G_BEGIN_DECLS

#define WEFT_TYPE_REPLAY_BAR (weft_replay_bar_get_type ())

G_DECLARE_FINAL_TYPE (WeftReplayBar, weft_replay_bar, WEFT, REPLAY_BAR, GtkBox)

GtkWidget    *weft_replay_bar_new          (void);
void          weft_replay_bar_set_replay   (WeftReplayBar *self,
                                            WeftReplay    *replay);
WeftReplay   *weft_replay_bar_get_replay   (WeftReplayBar *self);
gboolean      weft_replay_bar_is_playing   (WeftReplayBar *self);
double        weft_replay_bar_get_speed    (WeftReplayBar *self);
void          weft_replay_bar_set_compact  (WeftReplayBar *self,
                                            gboolean       compact);
void          weft_replay_bar_seek         (WeftReplayBar *self,
                                            gint64         time_ns);

G_END_DECLS
