/* weft-session.h: one run, its collector and its timeline, for any front end
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window, the CLI and the tests all drive a run through this: start
 * it, pause it, stop it, read its timeline.  Capture goes on in the
 * collector's thread whatever the caller does; the caller only reads,
 * holding the timeline's lock while the run is live.
 */

#pragma once

#include <glib.h>
#include <signal.h>

#include "weft-checker.h"
#include "weft-collector.h"
#include "weft-run.h"
#include "weft-timeline.h"

G_BEGIN_DECLS

typedef struct
{
  WeftRecordingMode mode;     /* lossless unless asked */
  gsize memory_budget;        /* bytes of timeline, past which the oldest detail
                               * goes; 0 for the default */
  guint ring_capacity;        /* events per ring; 0 for the run's choice */
} WeftSessionOptions;

typedef struct _WeftSession WeftSession;

typedef enum
{
  WEFT_RECORDING_FINISHED,     /* every worker returned on its own */
  WEFT_RECORDING_TIME_UP,      /* stopped at the time limit */
  WEFT_RECORDING_INTERRUPTED,  /* stopped by a signal */
  WEFT_RECORDING_FAILED,       /* the workers could not start */
} WeftRecordingEnd;

WeftSession  *weft_session_new          (const WeftPattern         *pattern,
                                         const WeftParams          *params,
                                         const WeftSessionOptions  *options,
                                         GError                   **error);
WeftSession  *weft_session_new_for_run  (WeftRun                   *run,
                                         const WeftSessionOptions  *options);
WeftSession  *weft_session_ref          (WeftSession *self);
void          weft_session_unref        (WeftSession *self);

gboolean      weft_session_start        (WeftSession  *self,
                                         GError      **error);
void          weft_session_set_paused   (WeftSession *self,
                                         gboolean     paused);
void          weft_session_request_stop (WeftSession *self);
gboolean      weft_session_is_started   (WeftSession *self);
gboolean      weft_session_is_done      (WeftSession *self);
void          weft_session_join         (WeftSession *self);
const GError *weft_session_get_error    (WeftSession *self);
WeftRecordingEnd weft_session_wait      (WeftSession                 *self,
                                         gint64                       max_ns,
                                         const volatile sig_atomic_t *interrupted);

WeftRun      *weft_session_get_run      (WeftSession *self);
WeftTimeline *weft_session_get_timeline (WeftSession *self);
WeftChecks   *weft_session_check        (WeftSession *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftSession, weft_session_unref)

G_END_DECLS
