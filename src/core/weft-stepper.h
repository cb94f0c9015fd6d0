/* weft-stepper.h: Step mode, where the user lets one thread go at a time
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdatomic.h>

G_BEGIN_DECLS

/* What a held thread will do once let go: each a sync point of the
 * tutorials' vocabulary.  Stored in its `held` span's arg. */
typedef enum
{
  WEFT_STEP_ACQUIRE,
  WEFT_STEP_RELEASE,
  WEFT_STEP_POST,
  WEFT_STEP_WAIT,
  WEFT_STEP_NOTIFY,
  WEFT_STEP_NOTIFY_ALL,
  WEFT_STEP_SET,
  WEFT_STEP_CLEAR,
  WEFT_STEP_ARRIVE,
  WEFT_STEP_PRODUCE,
  WEFT_STEP_CONSUME,
  WEFT_STEP_READ,
  WEFT_STEP_WRITE,
  WEFT_STEP_JOIN,
  WEFT_N_STEPS
} WeftStep;

typedef struct _WeftStepper WeftStepper;

WeftStepper *weft_stepper_new         (void);
void         weft_stepper_free        (WeftStepper *self);
void         weft_stepper_set_on      (WeftStepper *self,
                                       gboolean     on);
gboolean     weft_stepper_is_on       (WeftStepper *self);
_Atomic gboolean *weft_stepper_get_flag (WeftStepper *self);
void         weft_stepper_close       (WeftStepper *self);
void         weft_stepper_hold        (WeftStepper *self,
                                       guint        lane);
gboolean     weft_stepper_is_held     (WeftStepper *self,
                                       guint        lane);
guint        weft_stepper_get_n_held  (WeftStepper *self);
gboolean     weft_stepper_release     (WeftStepper *self,
                                       guint        lane);
gboolean     weft_stepper_release_any (WeftStepper *self,
                                       guint32      choice,
                                       guint       *lane);

const char  *weft_step_to_string     (WeftStep step);

G_END_DECLS
