/* weft-ring.h: a bounded, lock-free, single-producer single-consumer ring
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why one ring per thread rather than one shared multi-producer ring:
 * with one writer per ring the producer never competes for a slot, so a
 * push is a plain store into memory only its own core has written,
 * followed by one release store of the head index: no compare-and-swap,
 * no cache line bouncing between producers.  A Vyukov-style MPMC ring
 * needs a CAS on a shared index per push, which on this 2-core machine
 * costs several times the push itself once four producers contend.  The
 * consumer merges rings by time anyway (the timeline sorts per lane), so
 * a shared ring would buy nothing.  `build-aux/dev bench` shows the
 * figures (ring.push.*, ring.vs-gasyncqueue.4p).
 *
 * Layout follows concurrencykit's ck_ring: power-of-two capacity,
 * free-running 64-bit indices (they never wrap in practice), and the
 * producer's and consumer's indices on separate cache lines so that
 * neither side's writes invalidate the line the other side spins on.
 *
 * The producer publishes its head for the consumer once per batch of
 * WEFT_RING_BATCH events, not once per event (as Tracy's queues do):
 * a consumer that drains right behind a busy producer then reads whole
 * lines the producer has finished with, and the line holding the
 * published head moves between the cores once a batch instead of once
 * an event.  The rest of a batch is never stranded: the producer publishes before
 * it blocks (weft_ring_park()) and when it is done (weft_ring_finish()),
 * and a consumer takes a quiet ring's unpublished tail itself
 * (weft_ring_drain(), which reads the producer's own head), at most
 * once a millisecond per ring while the run is live
 * (weft_ring_drain_live()).
 */

#pragma once

#include <glib.h>
#include <pthread.h>
#include <stdatomic.h>

#include "weft-clock.h"
#include "weft-event.h"

G_BEGIN_DECLS

#define WEFT_CACHE_LINE 64
/* Events per publication of the head: 32 events of 32 bytes are 16
 * whole cache lines. */
#define WEFT_RING_BATCH 32

typedef struct _WeftRing WeftRing;

/* What a worker does when its ring is full. */
typedef enum
{
  WEFT_RECORDING_LOSSLESS,  /* wait for room; the wait is recorded as a `recorder` span */
  WEFT_RECORDING_DISCARD,   /* drop the event, count it, and mark the gap */
} WeftRecordingMode;

/* Where writers of full rings wait for the one consumer to make room,
 * and where the consumer waits for work.  Shared by every ring of a
 * recorder.  A pthread mutex and conditions rather than GMutex/GCond,
 * whose futex code ThreadSanitizer cannot see through. */
typedef struct
{
  pthread_mutex_t lock;
  pthread_cond_t room;      /* broadcast by the consumer after a drain */
  pthread_cond_t work;      /* signalled by a writer that found its ring full */
  guint n_stalled;          /* writers waiting on `room`; under `lock` */
  gboolean closed;          /* no consumer any more: full rings drop; under `lock` */
} WeftStallGate;

/* Called by the consumer with contiguous runs of events, oldest first. */
typedef void (*WeftDrainFunc) (const WeftEvent *events,
                               gsize            n_events,
                               gpointer         user_data);

struct _WeftRing
{
  /* Producer's line: only the owning thread writes these, after every
   * event, and no other thread reads them while it runs: a consumer
   * reads `head` only to take a quiet ring's last events
   * (weft_ring_drain()), and a display its fill now and then. */
  _Alignas (WEFT_CACHE_LINE) _Atomic guint64 head;
  guint64 cached_tail;        /* producer's last view of `tail` */
  guint64 pending_drops;      /* dropped since the last event stored */
  gint64 first_drop_ns;       /* stamps of the first and last of those */
  gint64 last_drop_ns;
  gint64 last_ns;             /* the latest stamp stored: none goes back past it */
  guint32 line;               /* the listing line its events carry (weft_worker_at()) */
  guint32 emitted_line;       /* the line its latest event carried */

  /* What the producer tells a consumer that looks after every drain, on
   * a line of their own: written once a batch or more rarely, so those
   * looks never pull the line above away from the producer. */
  _Alignas (WEFT_CACHE_LINE) _Atomic guint64 published;  /* head as of the last batch, park or finish */
  /* 1 + head while the producer is blocked with every event it stamped
   * already in the ring, 0 while it runs: weft_ring_park(). */
  _Atomic guint64 parked;
  _Atomic guint64 dropped;
  _Atomic gboolean finished;  /* the producer has written its last event */

  /* Consumer's line: only the draining thread writes tail. */
  _Alignas (WEFT_CACHE_LINE) _Atomic guint64 tail;
  gint64 last_full_drain_ns;  /* consumer only: weft_ring_drain_live() */
  /* For a ring shared with another process (waits_across_processes):
   * a writer sets room_wanted before it sleeps on tail's futex, and the
   * consumer wakes it after a drain; the consumer says who it is, and
   * that it is gone, so no writer ever waits for a consumer that will
   * never drain again. */
  _Atomic guint32 room_wanted;
  _Atomic gint32 consumer_pid;
  _Atomic guint32 consumer_gone;

  /* Read-only after creation. */
  _Alignas (WEFT_CACHE_LINE) guint64 mask;
  guint32 lane;
  WeftRecordingMode mode;
  WeftStallGate *gate;        /* NULL: never wait, whatever the mode, unless: */
  gboolean waits_across_processes;  /* lossless with no gate: wait on tail's futex */

  /* Inline, so that a ring is one block that can sit in memory shared
   * with another process (weft-record-shm.h): it holds no pointer the
   * other side would have to translate.  On a line of their own, so
   * that no slot straddles two. */
  _Alignas (WEFT_CACHE_LINE) WeftEvent slots[];
};

WeftRing *weft_ring_new         (guint     capacity,
                                 guint32   lane);
gsize     weft_ring_get_size    (guint     capacity);
WeftRing *weft_ring_init_in     (gpointer  mem,
                                 guint     capacity,
                                 guint32   lane);
void      weft_ring_free        (WeftRing *ring);
void      weft_ring_set_mode    (WeftRing          *ring,
                                 WeftRecordingMode  mode,
                                 WeftStallGate     *gate);
guint64   weft_ring_get_dropped (WeftRing *ring);
guint64   weft_ring_get_fill    (WeftRing *ring);
gsize     weft_ring_drain       (WeftRing      *ring,
                                 WeftDrainFunc  func,
                                 gpointer       user_data);
gsize     weft_ring_drain_live  (WeftRing      *ring,
                                 gint64         now_ns,
                                 WeftDrainFunc  func,
                                 gpointer       user_data);
void      weft_ring_finish      (WeftRing *ring);
void      weft_ring_finish_cut_off (WeftRing *ring,
                                    gint      instant);
gboolean  weft_ring_is_finished (WeftRing *ring);
void      weft_ring_park        (WeftRing *ring);
void      weft_ring_unpark      (WeftRing *ring);
gboolean  weft_ring_is_parked   (WeftRing *ring);
gboolean  weft_ring_get_unmarked_gap (WeftRing *ring,
                                      gint64   *from_ns,
                                      gint64   *to_ns,
                                      guint64  *n_dropped);

void      weft_stall_gate_init  (WeftStallGate *gate);
void      weft_stall_gate_clear (WeftStallGate *gate);
void      weft_stall_gate_open_room (WeftStallGate *gate);
void      weft_stall_gate_close (WeftStallGate *gate);
void      weft_stall_gate_wait_for_work (WeftStallGate *gate,
                                         gint64         timeout_ns);

void      weft_ring_wait_across_processes (WeftRing *ring);
void      weft_ring_set_consumer (WeftRing *ring,
                                  gint32    pid);
void      weft_ring_let_go_of_writers (WeftRing *ring);
void      weft_ring_wake_writer (WeftRing *ring);
void      weft_ring_mark_dropped (WeftRing *ring,
                                  gint64    time_ns);

gboolean  weft_ring_emit_slow   (WeftRing      *ring,
                                 gint64         time_ns,
                                 WeftEventKind  kind,
                                 guint8         code,
                                 guint16        object,
                                 gint64         value,
                                 guint32        arg);

static inline void
weft_ring_put (WeftRing      *ring,
               guint64        at,
               gint64         time_ns,
               WeftEventKind  kind,
               guint8         code,
               guint16        object,
               gint64         value,
               guint32        arg)
{
  WeftEvent *slot = &ring->slots[at & ring->mask];

  slot->time_ns = time_ns;
  slot->value = value;
  slot->lane = ring->lane;
  slot->arg = arg;
  slot->object = object;
  slot->kind = kind;
  slot->code = code;
  slot->line = ring->line;
  ring->emitted_line = ring->line;
}

/* The hot path.  Called only by the ring's owning thread.  Takes no lock,
 * makes no system call and never allocates while the ring has room.
 * When it is full, weft_ring_emit_slow() waits for the consumer
 * (lossless) or drops the event and counts it (discard).
 * Returns whether the event was stored. */
/* How far ahead of the slot it writes the producer asks for the line
 * it will write next but a few: 16 events, 8 lines, some hundreds of
 * nanoseconds at full speed. */
#define WEFT_RING_PREFETCH_AHEAD 16

/* Asks for the line holding slot @at for writing, without waiting.  The
 * consumer read that line on the ring's last lap, so writing it again
 * takes it back from the consumer's core; asked for here, that happens
 * while the producer goes on, not in the store buffer that the
 * program's next locked instruction (its next lock or unlock) must wait
 * to drain.  PREFETCHW, not a plain prefetch, which would fetch the line
 * to share and leave the write to take it over again; an x86-64 that
 * lacks it treats it as a NOP. */
static inline void
weft_ring_prefetch_ (WeftRing *ring,
                     guint64   at)
{
#if defined(__x86_64__)
  __asm__ volatile ("prefetchw %0" : : "m" (ring->slots[at & ring->mask]));
#else
  __builtin_prefetch (&ring->slots[at & ring->mask], 1, 3);
#endif
}

static inline gboolean
weft_ring_emit_at (WeftRing      *ring,
                   gint64         time_ns,
                   WeftEventKind  kind,
                   guint8         code,
                   guint16        object,
                   gint64         value,
                   guint32        arg)
{
  /* Relaxed: this thread is the only writer of head, so it reads back
   * its own last store. */
  guint64 head = atomic_load_explicit (&ring->head, memory_order_relaxed);

  if (G_UNLIKELY (head - ring->cached_tail > ring->mask || ring->pending_drops != 0))
    {
      /* Acquire: pairs with the consumer's release of tail, so its reads
       * of the slots it gave back happen before we overwrite them. */
      ring->cached_tail = atomic_load_explicit (&ring->tail, memory_order_acquire);
      if (head - ring->cached_tail > ring->mask || ring->pending_drops != 0)
        return weft_ring_emit_slow (ring, time_ns, kind, code, object, value, arg);
    }

  /* A lane's stamps never go back.  A thread that stamps once for
   * several events may stall in the recorder (weft_ring_emit_slow())
   * after the first, whose `recorder` span then ends later than the
   * rest were stamped: they did happen after it.  And two unfenced
   * reads of the TSC on one thread are not promised to be in order. */
  if (G_UNLIKELY (time_ns < ring->last_ns))
    time_ns = ring->last_ns;
  ring->last_ns = time_ns;
  weft_ring_put (ring, head, time_ns, kind, code, object, value, arg);
  weft_ring_prefetch_ (ring, head + WEFT_RING_PREFETCH_AHEAD);

  /* Release, on both: hands the slot contents written above to a
   * consumer that loads either index with acquire before reading them.
   * The first costs a plain store on x86, to a line only this thread
   * writes; the second is the one a live consumer waits on. */
  atomic_store_explicit (&ring->head, head + 1, memory_order_release);
  if (G_UNLIKELY (((head + 1) & (WEFT_RING_BATCH - 1)) == 0))
    atomic_store_explicit (&ring->published, head + 1, memory_order_release);
  return TRUE;
}

static inline gboolean
weft_ring_emit (WeftRing      *ring,
                WeftEventKind  kind,
                guint8         code,
                guint16        object,
                gint64         value,
                guint32        arg)
{
  return weft_ring_emit_at (ring, weft_clock_now_ns (), kind, code, object, value, arg);
}

G_END_DECLS
