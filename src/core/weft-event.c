/* weft-event.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-event.h"

/* These words are the vocabulary of DESIGN.md: the UI, the exports and
 * the tests all spell states and instants exactly like this. */
static const char * const state_names[WEFT_N_STATES] = {
  [WEFT_STATE_WORKING] = "working",
  [WEFT_STATE_WAITING] = "waiting",
  [WEFT_STATE_CRITICAL] = "critical",
  [WEFT_STATE_RECORDER] = "recorder",
  [WEFT_STATE_HELD] = "held",
};

/* Every primitive's instants.  Where instants crowd, the ones that tell
 * the pattern's story (weight) win over acquire and release, which the
 * critical spans show anyway. */
static const WeftInstantInfo builtin_instants[WEFT_N_INSTANTS] = {
  [WEFT_INSTANT_ACQUIRE] = { "acquire", N_("acquire"), WEFT_MARK_TRIANGLE, WEFT_MARK_COLOR_LOCK, NULL, 1 },
  [WEFT_INSTANT_RELEASE] = { "release", N_("release"), WEFT_MARK_TRIANGLE_RING, WEFT_MARK_COLOR_LOCK, NULL, 1 },
  [WEFT_INSTANT_POST] = { "post", N_("post"), WEFT_MARK_CIRCLE, WEFT_MARK_COLOR_SIGNAL, NULL, 3 },
  [WEFT_INSTANT_WAKE] = { "wake", N_("wake"), WEFT_MARK_CIRCLE_RING, WEFT_MARK_COLOR_SIGNAL, "woken", 2 },
  [WEFT_INSTANT_PRODUCE] = { "produce", N_("produce"), WEFT_MARK_SQUARE, WEFT_MARK_COLOR_ITEM, "item", 4 },
  [WEFT_INSTANT_CONSUME] = { "consume", N_("consume"), WEFT_MARK_SQUARE_RING, WEFT_MARK_COLOR_ITEM_TAKEN, "item", 4 },
  [WEFT_INSTANT_ARRIVE] = { "arrive", N_("arrive"), WEFT_MARK_BRACKET_OPEN, WEFT_MARK_COLOR_ARRIVAL, "phase", 4 },
  [WEFT_INSTANT_DEPART] = { "depart", N_("depart"), WEFT_MARK_BRACKET_CLOSE, WEFT_MARK_COLOR_SIGNAL, "phase", 4 },
  [WEFT_INSTANT_READ] = { "read", N_("read"), WEFT_MARK_DIAMOND_RING, WEFT_MARK_COLOR_SIGNAL, "value", 3 },
  [WEFT_INSTANT_WRITE] = { "write", N_("write"), WEFT_MARK_DIAMOND, WEFT_MARK_COLOR_ARRIVAL, "value", 4 },
  [WEFT_INSTANT_SET] = { "set", N_("set"), WEFT_MARK_BAR, WEFT_MARK_COLOR_SIGNAL, "released", 4 },
  [WEFT_INSTANT_CLEAR] = { "clear", N_("clear"), WEFT_MARK_BAR_RING, WEFT_MARK_COLOR_SIGNAL, NULL, 3 },
  [WEFT_INSTANT_NOTIFY] = { "notify", N_("notify"), WEFT_MARK_CIRCLE, WEFT_MARK_COLOR_SIGNAL, "chose", 4 },
  [WEFT_INSTANT_NOTIFY_ALL] = { "notify-all", N_("notify all"), WEFT_MARK_CIRCLE, WEFT_MARK_COLOR_ARRIVAL, "woke", 4 },
  [WEFT_INSTANT_START] = { "start", N_("start"), WEFT_MARK_NONE, WEFT_MARK_COLOR_LIFECYCLE, "daemon", 0 },
  [WEFT_INSTANT_END] = { "end", N_("end"), WEFT_MARK_NONE, WEFT_MARK_COLOR_LIFECYCLE, NULL, 0 },
  [WEFT_INSTANT_RAISE] = { "raise", N_("raise"), WEFT_MARK_STAR, WEFT_MARK_COLOR_ERROR, NULL, 5 },
  [WEFT_INSTANT_KILLED] = { "killed", N_("killed"), WEFT_MARK_CROSS, WEFT_MARK_COLOR_ERROR, NULL, 5 },
  [WEFT_INSTANT_JOIN] = { "join", N_("join"), WEFT_MARK_TRIANGLE, WEFT_MARK_COLOR_LIFECYCLE, "joined", 3 },
  [WEFT_INSTANT_SCHEDULE] = { "schedule", N_("schedule"), WEFT_MARK_SQUARE_RING, WEFT_MARK_COLOR_ARRIVAL, "timer", 3 },
  [WEFT_INSTANT_FIRE] = { "fire", N_("fire"), WEFT_MARK_SQUARE, WEFT_MARK_COLOR_ARRIVAL, "timer", 4 },
  [WEFT_INSTANT_CANCEL] = { "cancel", N_("cancel"), WEFT_MARK_CROSS, WEFT_MARK_COLOR_LIFECYCLE, "timer", 4 },
  [WEFT_INSTANT_BROKEN] = { "broken", N_("broken"), WEFT_MARK_CROSS, WEFT_MARK_COLOR_ERROR, "phase", 5 },
  [WEFT_INSTANT_RESET] = { "reset", N_("reset"), WEFT_MARK_BAR, WEFT_MARK_COLOR_LIFECYCLE, "phase", 4 },
  [WEFT_INSTANT_TIMEOUT] = { "timeout", N_("timeout"), WEFT_MARK_STAR, WEFT_MARK_COLOR_ARRIVAL, "phase", 5 },
  [WEFT_INSTANT_ABORT] = { "abort", N_("abort"), WEFT_MARK_BAR, WEFT_MARK_COLOR_ERROR, "phase", 5 },
  [WEFT_INSTANT_HANDOFF] = { "handoff", N_("hand-off"), WEFT_MARK_NONE, WEFT_MARK_COLOR_SIGNAL, "from", 0 },
};

const char *
weft_state_to_string (WeftState state)
{
  g_return_val_if_fail (state < WEFT_N_STATES, "unknown");
  return state_names[state];
}

/* The built-in kind @code, or NULL for a pattern's own or an unknown one. */
const WeftInstantInfo *
weft_instant_get_builtin_info (guint code)
{
  return code < WEFT_N_INSTANTS ? &builtin_instants[code] : NULL;
}

const char *
weft_instant_to_string (WeftInstant instant)
{
  g_return_val_if_fail (instant < WEFT_N_INSTANTS, "unknown");
  return builtin_instants[instant].name;
}

/* How much an instant tells, for choosing which to show where there is
 * room for one; an unknown code tells nothing. */
guint
weft_instant_weight (guint8 instant)
{
  if (instant < WEFT_N_INSTANTS)
    return builtin_instants[instant].weight;
  /* A pattern's own instant is what it is there to show. */
  return instant >= WEFT_INSTANT_OWN_FIRST && instant < WEFT_INSTANT_MAX ? 4 : 0;
}
