/* weft-window.h
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "weft-application.h"
#include "weft-checker.h"
#include "weft-code-view.h"
#include "weft-gantt-view.h"
#include "weft-pattern.h"
#include "weft-replay-bar.h"
#include "weft-run.h"
#include "weft-session.h"

G_BEGIN_DECLS

#define WEFT_TYPE_WINDOW (weft_window_get_type ())

G_DECLARE_FINAL_TYPE (WeftWindow, weft_window, WEFT, WINDOW, AdwApplicationWindow)

typedef struct _WeftCompareView WeftCompareView;

typedef enum
{
  WEFT_RUN_STATE_NONE,
  WEFT_RUN_STATE_RUNNING,
  WEFT_RUN_STATE_PAUSED,
  WEFT_RUN_STATE_STOPPING,
  WEFT_RUN_STATE_STOPPED,
  WEFT_RUN_STATE_FINISHED,
} WeftRunState;

WeftWindow        *weft_window_new                (WeftApplication   *application);
void               weft_window_get_pattern_params (WeftWindow        *self,
                                                   const WeftPattern *pattern,
                                                   WeftParams        *params);
void               weft_window_show_pattern       (WeftWindow        *self,
                                                   const WeftPattern *pattern,
                                                   const WeftParams  *params);
const WeftPattern *weft_window_get_pattern        (WeftWindow *self);
const WeftParams  *weft_window_get_params         (WeftWindow *self);
WeftRun           *weft_window_get_run            (WeftWindow *self);
WeftSession       *weft_window_get_session        (WeftWindow *self);
WeftTimeline      *weft_window_get_timeline       (WeftWindow *self);
WeftChecks        *weft_window_get_checks         (WeftWindow *self);
WeftRunState       weft_window_get_run_state      (WeftWindow *self);
WeftCodeView      *weft_window_get_code_view (WeftWindow *self);
WeftGanttView     *weft_window_get_gantt_view     (WeftWindow *self);
guint              weft_window_get_n_live_runs    (WeftWindow *self);
void               weft_window_export_to_path     (WeftWindow  *self,
                                                   const char  *path,
                                                   gboolean     whole_run);
gboolean           weft_window_is_exporting       (WeftWindow *self);
AdwToast          *weft_window_get_last_toast     (WeftWindow *self);
AdwMessageDialog  *weft_window_get_close_dialog   (WeftWindow *self);
void               weft_window_record_program     (WeftWindow         *self,
                                                   const char * const *argv,
                                                   gboolean            detach,
                                                   gint64              max_ns);
void               weft_window_show_trace         (WeftWindow   *self,
                                                   WeftTimeline *timeline,
                                                   const char   *name);
void               weft_window_open_file          (WeftWindow *self,
                                                   GFile      *file);
gboolean           weft_window_is_opening         (WeftWindow *self);
WeftReplayBar     *weft_window_get_replay_bar     (WeftWindow *self);
WeftCompareView   *weft_window_get_compare_view   (WeftWindow *self);
void               weft_window_compare_files      (WeftWindow    *self,
                                                   GFile * const *files,
                                                   guint          n_files);

G_END_DECLS
