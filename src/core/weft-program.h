/* weft-program.h: a program run under the recorder (weft record)
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "weft-pattern.h"
#include "weft-recorder.h"

G_BEGIN_DECLS

typedef struct _WeftProgram WeftProgram;

/* What stopping a run does to a program still running. */
typedef enum
{
  WEFT_PROGRAM_TERMINATE,  /* SIGTERM, then SIGKILL if it does not go */
  WEFT_PROGRAM_DETACH,     /* it goes on, unrecorded */
} WeftProgramStop;

typedef enum
{
  WEFT_PROGRAM_ERROR_STATIC,     /* statically linked: nothing can be preloaded */
  WEFT_PROGRAM_ERROR_NOT_FOUND,
  WEFT_PROGRAM_ERROR_NO_RECORDER,  /* libweft-record.so is missing */
  WEFT_PROGRAM_ERROR_FAILED,
} WeftProgramError;

#define WEFT_PROGRAM_ERROR (weft_program_error_quark ())
GQuark weft_program_error_quark (void);

WeftProgram *weft_program_new          (const char * const *argv,
                                        WeftProgramStop     on_stop,
                                        GError            **error);
void         weft_program_free         (WeftProgram *self);
const char * const *weft_program_get_argv (WeftProgram *self);
gboolean     weft_program_start        (WeftProgram   *self,
                                        WeftRecorder  *recorder,
                                        GError       **error);
void         weft_program_adopt_lanes  (WeftProgram  *self,
                                        WeftRecorder *recorder);
guint        weft_program_get_lane_process (WeftProgram *self,
                                            guint        lane);
guint        weft_program_get_n_processes (WeftProgram *self);
void         weft_program_get_process  (WeftProgram  *self,
                                        guint         process,
                                        gint         *pid,
                                        const char  **name);
gboolean     weft_program_describe_object (WeftProgram     *self,
                                           guint            id,
                                           char           **name,
                                           WeftObjectKind  *kind);
void         weft_program_set_stop_mode (WeftProgram     *self,
                                         WeftProgramStop  on_stop);
WeftProgramStop weft_program_get_stop_mode (WeftProgram *self);
gint         weft_program_get_pid      (WeftProgram *self);
void         weft_program_request_stop (WeftProgram *self);
void         weft_program_set_paused   (WeftProgram *self,
                                        gboolean     paused);
gboolean     weft_program_is_finished  (WeftProgram *self);
void         weft_program_join         (WeftProgram *self);
gboolean     weft_program_get_status   (WeftProgram *self,
                                        int         *wait_status);
char        *weft_program_describe_status (WeftProgram *self);
guint        weft_program_get_n_still_running (WeftProgram *self);
gboolean     weft_program_is_lane_detached    (WeftProgram *self,
                                               guint        lane);
guint64      weft_program_get_n_refused (WeftProgram *self);

G_END_DECLS
