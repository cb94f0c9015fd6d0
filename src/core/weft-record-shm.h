/* weft-record-shm.h: the memory `weft record` shares with a recorded program
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Weft makes one memfd, sized and laid out as below, and starts the
 * program with the preloaded library (src/preload/) and the fd's number
 * in WEFT_RECORD_FD.  Every process of the program that loads the
 * library (forked children share the mapping; exec'd ones map it again
 * from the inherited fd) claims a process entry, and each of its threads
 * claims a lane: a WeftRing in this memory that only it writes, drained
 * by Weft's collector like any of Weft's own rings.
 *
 * Nothing here holds a pointer: both sides map the memory at different
 * addresses, so everything is found by index and offset.  Claims are
 * lock-free (an atomic counter, then a `ready` flag stored with release
 * once the entry is written), so a recorded thread never waits for
 * Weft, and Weft never waits for the program.
 *
 * Included by the preloaded library, which links only libc: GLib's
 * types and macros only, no GLib function.
 */

#pragma once

#include <glib.h>
#include <stdatomic.h>

#include "weft-ring.h"

G_BEGIN_DECLS

#define WEFT_RECORD_ENV_FD "WEFT_RECORD_FD"
#define WEFT_RECORD_MAGIC G_GUINT64_CONSTANT (0x3144524f43455257)  /* "WRECORD1" */
#define WEFT_RECORD_VERSION 5

#define WEFT_RECORD_MAX_PROCESSES 256u
#define WEFT_RECORD_MAX_LANES 1024u
#define WEFT_RECORD_MAX_OBJECTS 4096u
/* Open addressing: at most half full, so a probe ends soon. */
#define WEFT_RECORD_OBJECT_SLOTS 8192u
/* 256 KiB a thread.  The collector drains every quarter millisecond when
 * idle, so a thread would need tens of millions of sync calls a second
 * to fill one; pages are only ever touched by a lane that is used. */
#define WEFT_RECORD_RING_CAPACITY 8192u
#define WEFT_RECORD_NAME_LEN 16
/* A process's name, as it was started: longer than a thread's, which the
 * kernel cuts at 15 bytes, since it labels the process's group of lanes. */
#define WEFT_RECORD_PROCESS_NAME_LEN 48

/* One process of the program. */
typedef struct
{
  _Atomic guint32 ready;     /* 1 once pid, parent and name are written */
  gint32 pid;
  gint32 parent;             /* its parent process's index, or -1 */
  guint32 forked;            /* 1: a fork's child, its memory a copy of its parent's
                              * (no exec since), so the parent's symbols are its own */
  _Atomic guint32 exited;    /* set by Weft once it is gone */
  /* Set by Weft once it has read the process's mappings, to name its
   * objects (a futex): a new image waits for it, a little, at start, so
   * that a program over in a millisecond is named all the same. */
  _Atomic guint32 seen;
  /* The program it runs, by the name it was started as (its argv[0]'s
   * last part: "make", "python3"); a fork's child keeps its parent's.
   * NUL-terminated; cut, maybe within a character, when it is longer. */
  char name[WEFT_RECORD_PROCESS_NAME_LEN];
} WeftRecordProcess;

/* One thread of the program: lane i owns ring i. */
typedef struct
{
  _Atomic guint32 ready;     /* 1 once the ring and what follows are written */
  guint32 process;           /* index into processes */
  _Atomic gint32 tid;        /* 0 until the thread runs (its parent claims the lane) */
  _Atomic guint64 thread;    /* its pthread_t in its process, for joins and renames */
  /* The thread's name as pthread_setname_np() set it, or its comm; a
   * rename bumps `name_serial` after writing `name`, and Weft reads the
   * name only when the serial is even (a seqlock). */
  _Atomic guint32 name_serial;
  char name[WEFT_RECORD_NAME_LEN];
  _Atomic gint64 end_ns;     /* when its function returned, for a joiner's arrow */
  /* 1 once nothing will join it: made detached (its START then says
   * daemon) or detached later by pthread_detach().  A daemon blocked
   * when its program ends is waiting for work, as daemons do, so the
   * summary's note on threads blocked at the end leaves it out
   * (weft_program_is_lane_detached()). */
  _Atomic guint32 detached;
} WeftRecordLane;

/* One sync object, by the order the program first used it: its id. */
typedef struct
{
  _Atomic guint32 ready;     /* 1 once the fields below are written */
  guint16 kind;              /* WeftObjectKind */
  guint16 process;
  guint64 address;           /* in that process */
  /* Who last let it go and when, for the next waiter's arrow:
   * (lane + 1) << 48 | (stamp - base_ns), 0 for no one yet. */
  _Atomic guint64 last_release;
} WeftRecordObject;

/* Where an address was entered: the key is the address (objects are at
 * least 8-byte aligned) with the process index above it, so a forked
 * child's objects at the parent's addresses are its own. */
typedef struct
{
  _Atomic guint64 key;       /* 0: free */
  _Atomic guint32 id;        /* object id + 1 once assigned, 0 while being */
} WeftRecordSlot;

typedef struct
{
  guint64 magic;
  guint32 version;
  guint32 ring_capacity;
  guint64 size;              /* of the whole mapping */
  guint64 rings_offset;
  guint64 ring_stride;
  gint64 base_ns;            /* when recording began, on Weft's stamps' clock */
  /* Weft's clock, which the library stamps with too (weft_clock_set_params()),
   * so that the program's events and Weft's are on one time base. */
  WeftClockParams clock;

  /* 1 while Weft drains; once 0, the program goes on unrecorded. */
  _Atomic guint32 attached;
  _Atomic guint32 n_processes;
  _Atomic guint32 n_lanes;
  _Atomic guint32 n_objects;
  _Atomic guint64 lanes_refused;    /* threads past WEFT_RECORD_MAX_LANES */
  _Atomic guint64 objects_refused;  /* objects past WEFT_RECORD_MAX_OBJECTS */

  WeftRecordProcess processes[WEFT_RECORD_MAX_PROCESSES];
  WeftRecordLane lanes[WEFT_RECORD_MAX_LANES];
  WeftRecordObject objects[WEFT_RECORD_MAX_OBJECTS];
  WeftRecordSlot slots[WEFT_RECORD_OBJECT_SLOTS];
} WeftRecordHeader;

#define WEFT_RECORD_PAGE 4096u
#define WEFT_RECORD_ALIGN_UP(n) (((n) + WEFT_RECORD_PAGE - 1) & ~(guint64) (WEFT_RECORD_PAGE - 1))

static inline guint64
weft_record_rings_offset (void)
{
  return WEFT_RECORD_ALIGN_UP (sizeof (WeftRecordHeader));
}

static inline guint64
weft_record_ring_stride (void)
{
  return WEFT_RECORD_ALIGN_UP (weft_ring_get_size (WEFT_RECORD_RING_CAPACITY));
}

static inline guint64
weft_record_total_size (void)
{
  return weft_record_rings_offset () + weft_record_ring_stride () * WEFT_RECORD_MAX_LANES;
}

static inline WeftRing *
weft_record_get_ring (WeftRecordHeader *header,
                      guint             lane)
{
  return (WeftRing *) ((char *) header + header->rings_offset + header->ring_stride * lane);
}

G_END_DECLS
