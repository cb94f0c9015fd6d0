/* weft-event.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-event.h"

/* These words are the vocabulary of DESIGN.md: the UI, the exports and
 * the tests all spell states and instants exactly like this. */
static const char * const state_names[WEFT_N_STATES] = {
  [WEFT_STATE_WORKING] = "working",
  [WEFT_STATE_WAITING] = "waiting",
  [WEFT_STATE_CRITICAL] = "critical",
  [WEFT_STATE_RECORDER] = "recorder",
};

static const char * const instant_names[WEFT_N_INSTANTS] = {
  [WEFT_INSTANT_ACQUIRE] = "acquire",
  [WEFT_INSTANT_RELEASE] = "release",
  [WEFT_INSTANT_POST] = "post",
  [WEFT_INSTANT_WAKE] = "wake",
  [WEFT_INSTANT_PRODUCE] = "produce",
  [WEFT_INSTANT_CONSUME] = "consume",
  [WEFT_INSTANT_ARRIVE] = "arrive",
  [WEFT_INSTANT_DEPART] = "depart",
  [WEFT_INSTANT_READ] = "read",
  [WEFT_INSTANT_WRITE] = "write",
  [WEFT_INSTANT_SET] = "set",
  [WEFT_INSTANT_CLEAR] = "clear",
  [WEFT_INSTANT_NOTIFY] = "notify",
  [WEFT_INSTANT_NOTIFY_ALL] = "notify-all",
  [WEFT_INSTANT_START] = "start",
  [WEFT_INSTANT_END] = "end",
  [WEFT_INSTANT_RAISE] = "raise",
  [WEFT_INSTANT_KILLED] = "killed",
  [WEFT_INSTANT_JOIN] = "join",
  [WEFT_INSTANT_SCHEDULE] = "schedule",
  [WEFT_INSTANT_FIRE] = "fire",
  [WEFT_INSTANT_CANCEL] = "cancel",
  [WEFT_INSTANT_BROKEN] = "broken",
  [WEFT_INSTANT_RESET] = "reset",
  [WEFT_INSTANT_TIMEOUT] = "timeout",
  [WEFT_INSTANT_ABORT] = "abort",
};

/* Where instants crowd, the ones that tell the pattern's story win over
 * acquire and release, which the critical spans show anyway. */
static const guint8 instant_weights[WEFT_N_INSTANTS] = {
  [WEFT_INSTANT_ACQUIRE] = 1,
  [WEFT_INSTANT_RELEASE] = 1,
  [WEFT_INSTANT_POST] = 3,
  [WEFT_INSTANT_WAKE] = 2,
  [WEFT_INSTANT_PRODUCE] = 4,
  [WEFT_INSTANT_CONSUME] = 4,
  [WEFT_INSTANT_ARRIVE] = 4,
  [WEFT_INSTANT_DEPART] = 4,
  [WEFT_INSTANT_READ] = 3,
  [WEFT_INSTANT_WRITE] = 4,
  [WEFT_INSTANT_SET] = 4,
  [WEFT_INSTANT_CLEAR] = 3,
  [WEFT_INSTANT_NOTIFY] = 4,
  [WEFT_INSTANT_NOTIFY_ALL] = 4,
  [WEFT_INSTANT_START] = 2,
  [WEFT_INSTANT_END] = 2,
  [WEFT_INSTANT_RAISE] = 5,
  [WEFT_INSTANT_KILLED] = 5,
  [WEFT_INSTANT_JOIN] = 3,
  [WEFT_INSTANT_SCHEDULE] = 3,
  [WEFT_INSTANT_FIRE] = 4,
  [WEFT_INSTANT_CANCEL] = 4,
  [WEFT_INSTANT_BROKEN] = 5,
  [WEFT_INSTANT_RESET] = 4,
  [WEFT_INSTANT_TIMEOUT] = 5,
  [WEFT_INSTANT_ABORT] = 5,
};

const char *
weft_state_to_string (WeftState state)
{
  g_return_val_if_fail (state < WEFT_N_STATES, "unknown");
  return state_names[state];
}

const char *
weft_instant_to_string (WeftInstant instant)
{
  g_return_val_if_fail (instant < WEFT_N_INSTANTS, "unknown");
  return instant_names[instant];
}

/* How much an instant tells, for choosing which to show where there is
 * room for one; an unknown code tells nothing. */
guint
weft_instant_weight (guint8 instant)
{
  return instant < WEFT_N_INSTANTS ? instant_weights[instant] : 0;
}
