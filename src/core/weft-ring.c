/* weft-ring.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-ring.h"

#include <string.h>

WeftRing *
weft_ring_new (guint   capacity,
               guint32 lane)
{
  WeftRing *ring;

  g_return_val_if_fail (capacity >= 2, NULL);
  g_return_val_if_fail ((capacity & (capacity - 1)) == 0, NULL);

  /* Zeroed, which also touches every page now, so the first lap of a
   * worker never takes a page fault on its hot path. */
  ring = g_aligned_alloc0 (1, weft_ring_get_size (capacity), WEFT_CACHE_LINE);
  weft_ring_init_in (ring, capacity, lane);

  return ring;
}

/**
 * weft_ring_set_mode:
 * @gate: (nullable): where to wait in lossless mode
 *
 * Call before the producer writes its first event.
 */
void
weft_ring_set_mode (WeftRing          *ring,
                    WeftRecordingMode  mode,
                    WeftStallGate     *gate)
{
  g_return_if_fail (mode == WEFT_RECORDING_DISCARD || ring->mask + 1 >= 8);

  ring->mode = mode;
  ring->gate = gate;
}

void
weft_ring_free (WeftRing *ring)
{
  if (ring == NULL)
    return;
  g_aligned_free (ring);
}

guint64
weft_ring_get_dropped (WeftRing *ring)
{
  /* Relaxed: a monotonic single-writer counter; exact once the producer
   * has been joined, a recent value while it runs, which is all the
   * status line needs. */
  return atomic_load_explicit (&ring->dropped, memory_order_relaxed);
}

guint64
weft_ring_get_fill (WeftRing *ring)
{
  /* Relaxed on both: an estimate for display, never used to index. */
  guint64 head = atomic_load_explicit (&ring->head, memory_order_relaxed);
  guint64 tail = atomic_load_explicit (&ring->tail, memory_order_relaxed);

  return head >= tail ? head - tail : 0;
}

/* Whether the producer is done: a drain that begins after this returned
 * TRUE delivers every event the ring will ever hold. */
gboolean
weft_ring_is_finished (WeftRing *ring)
{
  /* Acquire: pairs with the release in weft_ring_finish(), so the head
   * that the next drain loads is at least the producer's last. */
  return atomic_load_explicit (&ring->finished, memory_order_acquire);
}

/**
 * weft_ring_is_parked:
 *
 * Called by the consumer after a drain that began at time T: %TRUE when
 * the producer is blocked and that drain took in everything it wrote
 * before blocking, so no event stamped before T can still come.
 */
gboolean
weft_ring_is_parked (WeftRing *ring)
{
  guint64 token;

  /* Keeps this load after the drain and after T was read. */
  atomic_thread_fence (memory_order_seq_cst);
  /* Seq_cst: see weft_ring_unpark().  Reading a token means the
   * producer's unpark comes after this load, and the token's head
   * equal to our tail means we hold all it wrote before it parked (an
   * older token whose head we hold is as good: its unpark came after
   * this load too).  0 or a head we lack makes us wait for its next
   * event, as before. */
  token = atomic_load_explicit (&ring->parked, memory_order_seq_cst);
  /* Relaxed: only this thread writes tail. */
  return token != 0 && token - 1 == atomic_load_explicit (&ring->tail, memory_order_relaxed);
}

/* A live consumer takes a quiet ring's unpublished events at most this
 * often: how stale the last events of a thread that stopped writing
 * without blocking (it computes, say) can get. */
#define QUIET_DRAIN_NS WEFT_NSEC_PER_MSEC

/* Hands the events from tail up to @head to @func.  Consumer only. */
static gsize
drain_to (WeftRing      *ring,
          guint64        head,
          WeftDrainFunc  func,
          gpointer       user_data)
{
  /* Relaxed: only this thread writes tail. */
  guint64 tail = atomic_load_explicit (&ring->tail, memory_order_relaxed);
  guint64 capacity = ring->mask + 1;
  guint64 n = head - tail;
  guint64 first;
  guint64 run;

  /* A published head behind what a full drain already took. */
  if ((gint64) n <= 0)
    return 0;

  /* At most two contiguous runs: up to the end of the array, then from
   * its start. */
  first = tail & ring->mask;
  run = MIN (n, capacity - first);
  func (&ring->slots[first], run, user_data);
  if (run < n)
    func (&ring->slots[0], n - run, user_data);

  /* Release: our reads of the slots above happen before the producer,
   * which loads tail with acquire, may overwrite them. */
  atomic_store_explicit (&ring->tail, head, memory_order_release);
  if (ring->waits_across_processes)
    weft_ring_wake_writer (ring);

  return n;
}

/* Everything the producer has stored, published or not.  Called only by
 * the one consumer thread. */
gsize
weft_ring_drain (WeftRing      *ring,
                 WeftDrainFunc  func,
                 gpointer       user_data)
{
  /* Acquire: pairs with the producer's release of head, so the slots
   * below head are fully written before we read them. */
  return drain_to (ring, atomic_load_explicit (&ring->head, memory_order_acquire), func, user_data);
}

/**
 * weft_ring_drain_live:
 * @now_ns: when this pass of the consumer began
 *
 * What a consumer that keeps up with a running producer calls: the
 * batches it has published, staying off the line it writes after every
 * event, and a quiet ring's unpublished rest once QUIET_DRAIN_NS has
 * passed since the last time.  Consumer only.
 */
gsize
weft_ring_drain_live (WeftRing      *ring,
                      gint64         now_ns,
                      WeftDrainFunc  func,
                      gpointer       user_data)
{
  /* Acquire: pairs with the producer's release of published. */
  gsize n = drain_to (ring, atomic_load_explicit (&ring->published, memory_order_acquire), func, user_data);

  if (n > 0 || now_ns - ring->last_full_drain_ns < QUIET_DRAIN_NS)
    return n;
  ring->last_full_drain_ns = now_ns;
  return weft_ring_drain (ring, func, user_data);
}

/**
 * weft_ring_get_unmarked_gap:
 *
 * Events dropped after the last one stored, whose gap no later event
 * marked.  Only once the producer has been joined.
 *
 * Returns: whether there were any
 */
gboolean
weft_ring_get_unmarked_gap (WeftRing *ring,
                            gint64   *from_ns,
                            gint64   *to_ns,
                            guint64  *n_dropped)
{
  if (ring->pending_drops == 0)
    return FALSE;
  *from_ns = ring->first_drop_ns;
  *to_ns = ring->last_drop_ns;
  *n_dropped = ring->pending_drops;
  return TRUE;
}

static void
deadline_after (struct timespec *ts,
                gint64           ns)
{
  /* CLOCK_MONOTONIC, as the gate's conditions count on, not the stamps'
   * clock, which is only calibrated to it. */
  gint64 deadline = weft_clock_monotonic_ns () + ns;

  ts->tv_sec = deadline / WEFT_NSEC_PER_SEC;
  ts->tv_nsec = deadline % WEFT_NSEC_PER_SEC;
}

void
weft_stall_gate_init (WeftStallGate *gate)
{
  pthread_condattr_t attr;

  pthread_mutex_init (&gate->lock, NULL);
  pthread_condattr_init (&attr);
  /* Deadlines come from weft_clock_monotonic_ns() (deadline_after()). */
  pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
  pthread_cond_init (&gate->room, &attr);
  pthread_cond_init (&gate->work, &attr);
  pthread_condattr_destroy (&attr);
  gate->n_stalled = 0;
  gate->closed = FALSE;
}

void
weft_stall_gate_clear (WeftStallGate *gate)
{
  pthread_cond_destroy (&gate->room);
  pthread_cond_destroy (&gate->work);
  pthread_mutex_destroy (&gate->lock);
}

/* The consumer, after each drain: wakes the writers waiting for room. */
void
weft_stall_gate_open_room (WeftStallGate *gate)
{
  pthread_mutex_lock (&gate->lock);
  if (gate->n_stalled > 0)
    pthread_cond_broadcast (&gate->room);
  pthread_mutex_unlock (&gate->lock);
}

/* No consumer will drain any more: stalled and future writers drop. */
void
weft_stall_gate_close (WeftStallGate *gate)
{
  pthread_mutex_lock (&gate->lock);
  gate->closed = TRUE;
  pthread_cond_broadcast (&gate->room);
  pthread_mutex_unlock (&gate->lock);
}

/* The consumer, when a drain found little: sleeps until a writer stalls
 * or @timeout_ns pass. */
void
weft_stall_gate_wait_for_work (WeftStallGate *gate,
                               gint64         timeout_ns)
{
  struct timespec ts;

  deadline_after (&ts, timeout_ns);
  pthread_mutex_lock (&gate->lock);
  if (gate->n_stalled == 0 && !gate->closed)
    pthread_cond_timedwait (&gate->work, &gate->lock, &ts);
  pthread_mutex_unlock (&gate->lock);
}
