/* weft-ring.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-ring.h"

#include <sched.h>
#include <string.h>

/* A full ring first yields the core a few times (the consumer may be
 * mid-drain on the other core), then sleeps on the gate. */
#define STALL_YIELDS 8
/* A stalled writer rechecks at least this often even if no drain wakes
 * it, so a broadcast it missed costs it at most this. */
#define STALL_RECHECK_NS (1 * WEFT_NSEC_PER_MSEC)
/* Room a lossless writer needs after a stall: the event itself, a gap
 * mark if one is pending, and the stall's own begin and end. */
#define STALL_SLOTS 2

WeftRing *
weft_ring_new (guint   capacity,
               guint32 lane)
{
  WeftRing *ring;

  g_return_val_if_fail (capacity >= 2, NULL);
  g_return_val_if_fail ((capacity & (capacity - 1)) == 0, NULL);

  ring = g_aligned_alloc0 (1, sizeof *ring, WEFT_CACHE_LINE);
  ring->mask = capacity - 1;
  ring->lane = lane;
  ring->slots = g_aligned_alloc (capacity, sizeof (WeftEvent), WEFT_CACHE_LINE);
  /* Touch every page now, so the first lap of a worker never takes a
   * page fault on its hot path. */
  memset (ring->slots, 0, (gsize) capacity * sizeof (WeftEvent));
  atomic_init (&ring->head, 0);
  atomic_init (&ring->tail, 0);
  atomic_init (&ring->dropped, 0);
  atomic_init (&ring->finished, FALSE);
  atomic_init (&ring->parked, 0);

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
  g_aligned_free (ring->slots);
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

/**
 * weft_ring_finish:
 *
 * Called by the producer once it has written its last event, so that the
 * consumer knows no event stamped later than those will ever come.
 */
void
weft_ring_finish (WeftRing *ring)
{
  /* Release: every slot and head store above happens before a consumer
   * that reads `finished` with acquire goes on to load head. */
  atomic_store_explicit (&ring->finished, TRUE, memory_order_release);
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
 * weft_ring_park:
 *
 * Called by the producer just before it blocks (on a lock, a condition,
 * a paced sleep), holding no timestamp it has yet to write.  Until it
 * calls weft_ring_unpark(), a consumer that has drained everything
 * written before this knows the lane is quiet: whatever it writes next
 * is stamped after the consumer looked (weft_ring_is_parked()).  So a
 * thread blocked for seconds does not hold the checks back for seconds.
 * It costs a store per wait and nothing on the path that records.
 */
void
weft_ring_park (WeftRing *ring)
{
  /* A gap not marked yet will be written stamped in the past. */
  if (ring->pending_drops != 0)
    return;
  /* Relaxed on both: only this thread writes head; and the consumer
   * compares the token with its own tail, so it needs no other write of
   * ours to be visible with it.  What it concludes rests on unpark. */
  atomic_store_explicit (&ring->parked,
                         atomic_load_explicit (&ring->head, memory_order_relaxed) + 1,
                         memory_order_relaxed);
}

/**
 * weft_ring_unpark:
 *
 * Called by the producer once it wakes, before it reads the clock for
 * its next event.
 */
void
weft_ring_unpark (WeftRing *ring)
{
  /* Seq_cst, then a full fence: the store must be visible to every core
   * before this thread reads the clock again.  A consumer whose load of
   * `parked` still found the token therefore looked before that clock
   * read, so every later stamp of ours is later than its look.  (The
   * clock is no memory access; this rests on the fence completing before
   * the vDSO's ordered counter read, as on x86 and arm64.) */
  atomic_store_explicit (&ring->parked, 0, memory_order_seq_cst);
  atomic_thread_fence (memory_order_seq_cst);
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

/* Called only by the one consumer thread. */
gsize
weft_ring_drain (WeftRing      *ring,
                 WeftDrainFunc  func,
                 gpointer       user_data)
{
  /* Relaxed: only this thread writes tail. */
  guint64 tail = atomic_load_explicit (&ring->tail, memory_order_relaxed);
  /* Acquire: pairs with the producer's release of head, so the slots
   * below head are fully written before we read them. */
  guint64 head = atomic_load_explicit (&ring->head, memory_order_acquire);
  guint64 capacity = ring->mask + 1;
  guint64 n = head - tail;
  guint64 first;
  guint64 run;

  if (n == 0)
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

  return n;
}

/* The next free slots: how many the producer may write past @head. */
static guint64
free_slots (WeftRing *ring,
            guint64   head)
{
  return ring->mask + 1 - (head - ring->cached_tail);
}

static void
deadline_after (struct timespec *ts,
                gint64           ns)
{
  gint64 deadline = weft_clock_now_ns () + ns;

  ts->tv_sec = deadline / WEFT_NSEC_PER_SEC;
  ts->tv_nsec = deadline % WEFT_NSEC_PER_SEC;
}

/* Sleeps until the consumer drains (or a short while passes), having
 * told it that a writer waits.  Returns FALSE once the gate is closed. */
static gboolean
wait_for_room (WeftRing *ring,
               guint64   head,
               guint64   needed)
{
  WeftStallGate *gate = ring->gate;
  struct timespec ts;
  gboolean open;

  deadline_after (&ts, STALL_RECHECK_NS);
  pthread_mutex_lock (&gate->lock);
  gate->n_stalled++;
  pthread_cond_signal (&gate->work);
  /* Acquire, as in emit: the slots given back are ours to overwrite.
   * Checked under the lock the consumer broadcasts with, after it has
   * stored tail, so either we see its drain here or its broadcast
   * finds us waiting: no wakeup is lost. */
  ring->cached_tail = atomic_load_explicit (&ring->tail, memory_order_acquire);
  if (!gate->closed && free_slots (ring, head) < needed)
    pthread_cond_timedwait (&gate->room, &gate->lock, &ts);
  gate->n_stalled--;
  open = !gate->closed;
  pthread_mutex_unlock (&gate->lock);

  return open;
}

static gboolean
drop (WeftRing *ring,
      gint64    time_ns)
{
  if (ring->pending_drops == 0)
    ring->first_drop_ns = time_ns;
  ring->last_drop_ns = time_ns;
  ring->pending_drops++;
  /* Relaxed: single writer; readers only need an eventually exact
   * count, and they read it after joining this thread. */
  atomic_store_explicit (&ring->dropped,
                         atomic_load_explicit (&ring->dropped, memory_order_relaxed) + 1,
                         memory_order_relaxed);
  return FALSE;
}

/**
 * weft_ring_emit_slow:
 *
 * The ring is full, or earlier events were dropped and their gap is not
 * marked yet.  Lossless: wait for the consumer, then store the event
 * followed by a `recorder` span from when the wait began to when it
 * ended, so the chart shows what recording cost this thread.  Discard:
 * drop the event and remember the gap; the next event stored is
 * preceded by a WEFT_EVENT_GAP that says what was lost and when.
 */
gboolean
weft_ring_emit_slow (WeftRing      *ring,
                     gint64         time_ns,
                     WeftEventKind  kind,
                     guint8         code,
                     guint16        object,
                     gint64         value,
                     guint32        arg)
{
  /* Relaxed: only this thread writes head. */
  guint64 head = atomic_load_explicit (&ring->head, memory_order_relaxed);
  gboolean lossless = ring->mode == WEFT_RECORDING_LOSSLESS && ring->gate != NULL;
  guint64 needed = 1 + (ring->pending_drops != 0);
  gint64 stall_from = 0;

  for (guint tries = 0; free_slots (ring, head) < needed + (stall_from != 0 ? STALL_SLOTS : 0); tries++)
    {
      if (!lossless)
        return drop (ring, time_ns);
      if (stall_from == 0)
        {
          stall_from = weft_clock_now_ns ();
          continue;
        }
      if (tries < STALL_YIELDS)
        {
          sched_yield ();
          /* Acquire: as in weft_ring_emit_at(). */
          ring->cached_tail = atomic_load_explicit (&ring->tail, memory_order_acquire);
        }
      else if (!wait_for_room (ring, head, needed + STALL_SLOTS))
        return drop (ring, time_ns);
    }

  if (ring->pending_drops != 0)
    {
      weft_ring_put (ring, head++, ring->first_drop_ns, WEFT_EVENT_GAP, 0, WEFT_OBJECT_NONE,
                     ring->last_drop_ns, (guint32) MIN (ring->pending_drops, G_MAXUINT32));
      ring->pending_drops = 0;
    }
  weft_ring_put (ring, head++, time_ns, kind, code, object, value, arg);
  if (stall_from != 0)
    {
      weft_ring_put (ring, head++, stall_from, WEFT_EVENT_BEGIN, WEFT_STATE_RECORDER,
                     WEFT_OBJECT_NONE, 0, 0);
      weft_ring_put (ring, head++, weft_clock_now_ns (), WEFT_EVENT_END, WEFT_STATE_RECORDER,
                     WEFT_OBJECT_NONE, 0, 0);
    }

  /* Release: publishes every slot written above, as in emit. */
  atomic_store_explicit (&ring->head, head, memory_order_release);
  return TRUE;
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

void
weft_stall_gate_init (WeftStallGate *gate)
{
  pthread_condattr_t attr;

  pthread_mutex_init (&gate->lock, NULL);
  pthread_condattr_init (&attr);
  /* Deadlines are on the same clock as event timestamps. */
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
