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
  WEFT_EVENT_LINE,      /* the thread went on to `line` of the listing
                         * with nothing else to say so: it works there,
                         * inside a critical section (weft_worker_pause()) */
} WeftEventKind;

/* Thread states, the shared vocabulary of DESIGN.md. */
typedef enum
{
  WEFT_STATE_WORKING,
  WEFT_STATE_WAITING,
  WEFT_STATE_CRITICAL,
  WEFT_STATE_RECORDER,  /* waiting for room in its own ring: Weft's cost, not the pattern's */
  WEFT_STATE_HELD,      /* held at a sync point by Step mode; arg: the WeftStep it will take */
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
  WEFT_INSTANT_SET,         /* an Event's flag raised */
  WEFT_INSTANT_CLEAR,       /* an Event's flag lowered */
  WEFT_INSTANT_NOTIFY,      /* value: the lane it chose, or -1 when none waited */
  WEFT_INSTANT_NOTIFY_ALL,  /* value: how many it woke */
  WEFT_INSTANT_START,       /* a thread's lane begins; value: 1 for a daemon */
  WEFT_INSTANT_END,         /* its function returned */
  WEFT_INSTANT_RAISE,       /* it ended on an uncaught error; arg: message id */
  WEFT_INSTANT_KILLED,      /* a daemon cut off when main exited */
  WEFT_INSTANT_JOIN,        /* a join returned; value: the joined lane */
  WEFT_INSTANT_SCHEDULE,    /* a Timer started; value: timer number */
  WEFT_INSTANT_FIRE,        /* its delay passed and it ran; value: timer number */
  WEFT_INSTANT_CANCEL,      /* cancelled; value: timer number */
  WEFT_INSTANT_BROKEN,      /* a barrier wait ended in BrokenBarrierError; value: phase */
  WEFT_INSTANT_RESET,       /* a barrier was reset; value: the new phase */
  WEFT_INSTANT_TIMEOUT,     /* a wait gave up at its timeout; value: phase */
  WEFT_INSTANT_ABORT,       /* a barrier was aborted; value: phase */
  WEFT_INSTANT_HANDOFF,     /* the cause of the wait that just ended: see below */
  WEFT_N_INSTANTS
} WeftInstant;

/* A hand-off: written by a thread that had to wait, once another thread
 * let it go, on its own lane and at the moment its wait ended (the end of
 * its `waiting` span, the same stamp).  `arg` is the lane of the thread
 * that let it go, `value` that thread's own stamp of the event that did
 * it (its release, post, notify, set, last arrival or end), and `object`
 * the object they met on.  So one record is one arrow, from (arg, value)
 * to (lane, time_ns), with nothing to match up afterwards.  A thread
 * that never waited records none: the uncontended paths stay as they
 * were.  It draws no mark; the chart draws it as an arrow. */

/* In a hand-off's `arg`: the arrow is a guess.  The kernel, not the
 * program, chose which waiter a post or a signal let go (a recorded
 * program's, weft record); drawn dashed. */
#define WEFT_HANDOFF_INFERRED 0x80000000u

/* Instant codes from here up are a pattern's own (WeftPattern.own_instants). */
#define WEFT_INSTANT_OWN_FIRST 32
#define WEFT_INSTANT_MAX 64
G_STATIC_ASSERT (WEFT_N_INSTANTS <= WEFT_INSTANT_OWN_FIRST);
/* One instant kind as a bit, for sets of kinds (filters, the legend). */
#define WEFT_INSTANT_BIT(code) (G_GUINT64_CONSTANT (1) << (code))

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
  guint32 line;     /* the line of the pattern's listing the thread was at
                     * (WeftPattern.code, 1-based); 0 = none */
} WeftEvent;

G_STATIC_ASSERT (sizeof (WeftEvent) == 32);

/* How the chart draws an instant.  Solid and ring shapes come in pairs,
 * so the two halves of a hand-off (acquire/release, post/wake) look
 * alike but are told apart by outline as well as colour. */
typedef enum
{
  WEFT_MARK_NONE,           /* not drawn: the lane's band shows it (start, end) */
  WEFT_MARK_TRIANGLE,
  WEFT_MARK_TRIANGLE_RING,
  WEFT_MARK_CIRCLE,
  WEFT_MARK_CIRCLE_RING,
  WEFT_MARK_SQUARE,
  WEFT_MARK_SQUARE_RING,
  WEFT_MARK_DIAMOND,
  WEFT_MARK_DIAMOND_RING,
  WEFT_MARK_BRACKET_OPEN,   /* [ */
  WEFT_MARK_BRACKET_CLOSE,  /* ] */
  WEFT_MARK_CROSS,          /* an ending nobody chose: killed, broken, abort */
  WEFT_MARK_BAR,            /* a tall bar: set, reset */
  WEFT_MARK_BAR_RING,       /* its outline: clear */
  WEFT_MARK_STAR,           /* an error: raise, timeout */
  WEFT_N_MARK_SHAPES
} WeftMarkShape;

/* Which colour of the palette a mark takes, by what it means. */
typedef enum
{
  WEFT_MARK_COLOR_LOCK,     /* taking and giving up a lock */
  WEFT_MARK_COLOR_SIGNAL,   /* post, wake, notify, set, depart */
  WEFT_MARK_COLOR_ITEM,     /* an item made */
  WEFT_MARK_COLOR_ITEM_TAKEN,
  WEFT_MARK_COLOR_ARRIVAL,  /* arrive, write, schedule */
  WEFT_MARK_COLOR_LIFECYCLE,/* start, end, join */
  WEFT_MARK_COLOR_ERROR,    /* raise, killed, broken, timeout, abort */
  WEFT_N_MARK_COLORS
} WeftMarkColor;

/* What the rest of Weft needs to know about one kind of instant. */
typedef struct
{
  const char *name;         /* the JSON's word, fixed: "notify-all" */
  const char *label;        /* N_() what the chart and legend say */
  WeftMarkShape shape;
  WeftMarkColor color;
  const char *arg_name;     /* what its value means in the JSON's args, or NULL */
  guint8 weight;            /* where marks crowd, the heavier one is drawn */
} WeftInstantInfo;

const WeftInstantInfo *weft_instant_get_builtin_info (guint code);

const char *weft_state_to_string   (WeftState   state);
const char *weft_instant_to_string (WeftInstant instant);
guint        weft_instant_weight    (guint8      instant);

G_END_DECLS
