/* weft-preload.h: what the preloaded recorder's files share
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libweft-record.so is loaded into a program by `weft record` (with
 * LD_PRELOAD) and records what the program's threads do with its
 * mutexes, conditions, semaphores, barriers and threads, into rings
 * Weft drains (weft-record-shm.h).  It links only libc, takes no lock
 * and allocates nothing on the paths that record, and never prints: the
 * program's output is the program's.  When it cannot record (no Weft,
 * no room) it gets out of the way and the program runs as it would.
 */

#pragma once

#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>

#include "weft-clock.h"
#include "weft-pattern.h"
#include "weft-record-shm.h"
#include "weft-ring.h"

#define WP_EXPORT __attribute__ ((visibility ("default")))
#define WP_TLS __thread __attribute__ ((tls_model ("initial-exec")))

/* The mapping, or NULL when this process records nothing. */
extern WeftRecordHeader *wp_header;
/* This process's index in wp_header->processes. */
extern guint32 wp_process;

/* The calling thread's ring, NULL until it records its first event
 * (wp_self()); a thread refused a lane keeps wp_refused set. */
extern WP_TLS WeftRing *wp_ring;
extern WP_TLS gboolean wp_refused;
/* Set while the thread writes an event; a signal handler that records
 * meanwhile (sem_post() is async-signal-safe) must not write into the
 * same slot, so its event is counted lost and marked as a gap after. */
extern WP_TLS gboolean wp_emitting;
extern WP_TLS gint64 wp_lost_in_handler_ns;
extern WP_TLS _Atomic guint32 wp_lost_in_handler;

WeftRing *wp_claim_self   (void);
guint16   wp_object_slow  (const void     *address,
                           WeftObjectKind  kind,
                           guint64         key,
                           guint32         at);
void      wp_resolve_all  (void);

/* The ring to record the calling thread's next event in, or NULL: not
 * recording (no Weft, Weft gone, or no lane left for this thread). */
static inline WeftRing *
wp_self (void)
{
  WeftRing *ring = wp_ring;

  if (G_UNLIKELY (ring == NULL))
    return wp_claim_self ();
  /* Relaxed: a hint that Weft has let go; events written after it are
   * harmless, merely never read. */
  if (G_UNLIKELY (!atomic_load_explicit (&wp_header->attached, memory_order_relaxed)))
    return NULL;
  return ring;
}

static inline guint64
wp_object_key (const void *address)
{
  return ((guint64) (guintptr) address >> 3) | ((guint64) (wp_process + 1) << 45);
}

static inline guint32
wp_object_hash (guint64 key)
{
  return (guint32) ((key * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 51) & (WEFT_RECORD_OBJECT_SLOTS - 1);
}

/* The object id of the sync object at @address, entering it on first
 * use; WEFT_OBJECT_NONE when the table is full. */
static inline guint16
wp_object (const void     *address,
           WeftObjectKind  kind)
{
  guint64 key = wp_object_key (address);
  guint32 at = wp_object_hash (key);
  WeftRecordSlot *slot = &wp_header->slots[at];

  /* Acquire on both: pairs with the releases in wp_object_slow(), so an
   * id read here comes with its object's entry written. */
  if (G_LIKELY (atomic_load_explicit (&slot->key, memory_order_acquire) == key))
    {
      guint32 id = atomic_load_explicit (&slot->id, memory_order_acquire);
      if (G_LIKELY (id != 0))
        return (guint16) (id - 1);
    }
  return wp_object_slow (address, kind, key, at);
}

/* Inlined into every wrapper, which comes here on every lock and
 * unlock: gcc chose to call it, and a call is no help on that path. */
static inline __attribute__ ((always_inline)) void
wp_emit (WeftRing      *ring,
         gint64         time_ns,
         WeftEventKind  kind,
         guint8         code,
         guint16        object,
         gint64         value,
         guint32        arg)
{
  if (G_UNLIKELY (wp_emitting))
    {
      /* Relaxed: a read-modify-write in one instruction, so that the
       * thread's own decrement below, which this may interrupt, cannot
       * lose it; no other thread ever touches it. */
      if (atomic_fetch_add_explicit (&wp_lost_in_handler, 1, memory_order_relaxed) == 0)
        wp_lost_in_handler_ns = time_ns;
      return;
    }
  wp_emitting = TRUE;
  /* Signal fences: only a handler on this same thread reads the flag,
   * so keeping the compiler from moving the stores is enough. */
  atomic_signal_fence (memory_order_seq_cst);
  weft_ring_emit_at (ring, time_ns, kind, code, object, value, arg);
  /* Handlers that came during a wait for room may be many; the flag
   * stays up while they are counted, which writes the ring too.  One
   * that comes after is counted at the thread's next event. */
  while (G_UNLIKELY (atomic_load_explicit (&wp_lost_in_handler, memory_order_relaxed) != 0))
    {
      atomic_fetch_sub_explicit (&wp_lost_in_handler, 1, memory_order_relaxed);
      weft_ring_mark_dropped (ring, wp_lost_in_handler_ns);
    }
  atomic_signal_fence (memory_order_seq_cst);
  wp_emitting = FALSE;
  atomic_signal_fence (memory_order_seq_cst);
}

/* Who lets a waiter go: the release, post, signal or arrival stamped
 * last on the object.  Written before the call that lets it go. */
static inline void
wp_note_release (WeftRing *ring,
                 guint16   object,
                 gint64    now)
{
  guint64 since = (guint64) (now - wp_header->base_ns) & ((G_GUINT64_CONSTANT (1) << 48) - 1);

  if (object == WEFT_OBJECT_NONE)
    return;
  /* Relaxed: read by the thread the call below lets go, which the
   * primitive itself orders after this store (a mutex's unlock and
   * lock, a post and a wait); for a condition it is a guess anyway,
   * drawn as one. */
  atomic_store_explicit (&wp_header->objects[object].last_release,
                         ((guint64) (ring->lane + 1) << 48) | since, memory_order_relaxed);
}

/* The stamp of the last release noted on @object, and its lane; 0 when
 * none was. */
static inline gint64
wp_last_release (guint16  object,
                 guint32 *lane)
{
  /* Relaxed: see wp_note_release(). */
  guint64 last = atomic_load_explicit (&wp_header->objects[object].last_release, memory_order_relaxed);

  if (last == 0)
    return 0;
  *lane = (guint32) (last >> 48) - 1;
  return wp_header->base_ns + (gint64) (last & ((G_GUINT64_CONSTANT (1) << 48) - 1));
}

/* The arrow into a wait that just ended at @now, from whoever let the
 * object go last; @inferred when the kernel, not the program, chose
 * which waiter went (a post, a signal). */
static inline void
wp_emit_cause (WeftRing *ring,
               guint16   object,
               gint64    now,
               gboolean  inferred)
{
  guint32 lane = 0;
  gint64 released;

  if (object == WEFT_OBJECT_NONE)
    return;
  released = wp_last_release (object, &lane);
  if (released == 0 || lane == ring->lane)
    return;
  wp_emit (ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_HANDOFF, object, released,
           lane | (inferred ? WEFT_HANDOFF_INFERRED : 0));
}

/* Before and after a call that may block: see weft_ring_park(). */
static inline void
wp_park (WeftRing *ring)
{
  weft_ring_park (ring);
}

static inline void
wp_unpark (WeftRing *ring)
{
  weft_ring_unpark (ring);
}
