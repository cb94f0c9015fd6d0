/* weft-event.h: the 32-byte record a worker writes for every state change
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  WEFT_EVENT_BEGIN,     /* a span in `state` on `object` starts */
  WEFT_EVENT_END,       /* the innermost open span ends (state/object repeated) */
  WEFT_EVENT_INSTANT,   /* an instant of kind `code` (a WeftInstant) */
  WEFT_EVENT_COUNTER,   /* object `object` now holds `value` */
  WEFT_EVENT_GAP,       /* the ring dropped `arg` events stamped from
                         * `time_ns` to `value` (discard mode only) */
} WeftEventKind;

/* Thread states, the shared vocabulary of DESIGN.md. */
typedef enum
{
  WEFT_STATE_WORKING,
  WEFT_STATE_WAITING,
  WEFT_STATE_CRITICAL,
  WEFT_STATE_RECORDER,  /* waiting for room in its own ring: Weft's cost, not the pattern's */
  WEFT_N_STATES
} WeftState;

typedef enum
{
  WEFT_INSTANT_ACQUIRE,
  WEFT_INSTANT_RELEASE,
  WEFT_INSTANT_POST,
  WEFT_INSTANT_WAKE,
  WEFT_INSTANT_PRODUCE,
  WEFT_INSTANT_CONSUME,
  WEFT_INSTANT_ARRIVE,
  WEFT_INSTANT_DEPART,
  WEFT_INSTANT_READ,
  WEFT_INSTANT_WRITE,
  WEFT_N_INSTANTS
} WeftInstant;

/* The object of a span that touches no shared object (a thread's own
 * work, or a wait on the recorder). */
#define WEFT_OBJECT_NONE G_MAXUINT16

/* One event.  Exactly 32 bytes so two share a cache line and a ring slot
 * never straddles one. */
typedef struct
{
  gint64  time_ns;  /* CLOCK_MONOTONIC, see weft-clock.h */
  gint64  value;    /* item number, phase, round or counter value */
  guint32 lane;     /* the recorder lane of the thread that wrote it */
  guint32 arg;      /* pattern-defined label, e.g. a rendezvous step; 0 = none */
  guint16 object;   /* object id within the run */
  guint8  kind;     /* WeftEventKind */
  guint8  code;     /* WeftState for BEGIN/END, WeftInstant for INSTANT */
  guint32 reserved;
} WeftEvent;

G_STATIC_ASSERT (sizeof (WeftEvent) == 32);

const char *weft_state_to_string   (WeftState   state);
const char *weft_instant_to_string (WeftInstant instant);
guint        weft_instant_weight    (guint8      instant);

G_END_DECLS
