/* weft-ring-write.c: the producer's side of a ring
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything a thread that records calls, apart from the inline hot
 * path in weft-ring.h.  It calls no GLib function, only libc: the
 * library `weft record` preloads into other programs (src/preload/)
 * compiles this file too, and writes the same rings in memory it shares
 * with Weft.  So Weft's own workers and a recorded program's threads
 * run one ring code, which ThreadSanitizer checks in the core's tests.
 */

#include "weft-ring.h"

#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A writer sharing its ring with another process sleeps at most this
 * long at a time, then looks whether the consumer is still there. */
#define SHARED_WAIT_SLICE_NS (2 * WEFT_NSEC_PER_MSEC)
/* A consumer that has not said who it is by then is not coming. */
#define NO_CONSUMER_YET_NS WEFT_NSEC_PER_SEC

/* The bytes a ring of @capacity events takes, its slots included. */
gsize
weft_ring_get_size (guint capacity)
{
  return sizeof (WeftRing) + (gsize) capacity * sizeof (WeftEvent);
}

/**
 * weft_ring_init_in:
 * @mem: weft_ring_get_size() bytes, zeroed, aligned to a cache line
 * @capacity: a power of two, at least 2
 *
 * Makes an empty ring in @mem, which may be shared with another process:
 * the ring holds no pointer but its gate (none until weft_ring_set_mode()).
 */
WeftRing *
weft_ring_init_in (gpointer mem,
                   guint    capacity,
                   guint32  lane)
{
  WeftRing *ring = mem;

  ring->mask = capacity - 1;
  ring->lane = lane;
  ring->gate = NULL;
  atomic_init (&ring->head, 0);
  atomic_init (&ring->published, 0);
  atomic_init (&ring->tail, 0);
  ring->last_full_drain_ns = 0;
  atomic_init (&ring->dropped, 0);
  atomic_init (&ring->finished, FALSE);
  atomic_init (&ring->parked, 0);
  ring->last_ns = G_MININT64;

  return ring;
}

/* A full ring first yields the core a few times (the consumer may be
 * mid-drain on the other core), then sleeps on the gate. */
#define STALL_YIELDS 8
/* A stalled writer rechecks at least this often even if no drain wakes
 * it, so a broadcast it missed costs it at most this. */
#define STALL_RECHECK_NS (1 * WEFT_NSEC_PER_MSEC)
/* Room a lossless writer needs after a stall: the event itself, a gap
 * mark if one is pending, and the stall's own begin and end. */
#define STALL_SLOTS 2

/* Producer only: makes every event stored so far visible to a live
 * consumer, not only whole batches. */
static void
publish (WeftRing *ring)
{
  /* Relaxed load: only this thread writes head.  Release store: as in
   * weft_ring_emit_at(), the slots below it are written. */
  atomic_store_explicit (&ring->published,
                         atomic_load_explicit (&ring->head, memory_order_relaxed),
                         memory_order_release);
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
  publish (ring);
  /* Release: every slot and head store above happens before a consumer
   * that reads `finished` with acquire goes on to load head. */
  atomic_store_explicit (&ring->finished, TRUE, memory_order_release);
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
  /* Before the token: a consumer that finds it drains up to here. */
  publish (ring);
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

/* The next free slots: how many the producer may write past @head. */
static guint64
free_slots (WeftRing *ring,
            guint64   head)
{
  return ring->mask + 1 - (head - ring->cached_tail);
}

/**
 * weft_ring_finish_cut_off:
 * @instant: a #WeftInstant to end the lane with, or -1 for none
 *
 * Finishes a ring whose producer is gone without finishing it (a
 * recorded program's thread cut off when its process exited or
 * exec'd), for whoever saw it go.  With @instant, that instant is
 * written first, in the producer's place and stamped now: unparked
 * first, as the producer would before its next stamp, so that the stamp
 * is later than anything a consumer concluded from the parked ring.  It
 * never waits for room: a ring too full for it (its consumer far behind)
 * ends without it.  A ring its producer finished is left as it is.
 */
void
weft_ring_finish_cut_off (WeftRing *ring,
                          gint      instant)
{
  guint64 head, tail;

  /* Acquire: pairs with the release in weft_ring_finish(), so a ring its
   * producer finished has all of its writes seen here. */
  if (atomic_load_explicit (&ring->finished, memory_order_acquire))
    return;
  if (instant >= 0)
    {
      /* Relaxed: the producer is gone, so this is the only writer of
       * head now, and its last store came before its process ended. */
      head = atomic_load_explicit (&ring->head, memory_order_relaxed);
      /* Acquire: as in weft_ring_emit_at(). */
      tail = atomic_load_explicit (&ring->tail, memory_order_acquire);
      ring->cached_tail = tail;
      /* Room for the instant and a gap mark it may bring: so the emit
       * below never waits. */
      if (free_slots (ring, head) >= 2)
        {
          weft_ring_unpark (ring);
          weft_ring_emit_at (ring, weft_clock_now_ns (), WEFT_EVENT_INSTANT, (guint8) instant,
                             WEFT_OBJECT_NONE, 0, 0);
        }
    }
  weft_ring_finish (ring);
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

/**
 * weft_ring_wait_across_processes:
 *
 * For a ring in memory shared with Weft (a recorded program's): lossless,
 * a writer whose ring is full sleeps on the futex of the consumer's tail
 * until it drains, and records that wait as the recorder's; once the
 * consumer is gone it drops instead.  Call before the first event.
 */
void
weft_ring_wait_across_processes (WeftRing *ring)
{
  ring->mode = WEFT_RECORDING_LOSSLESS;
  ring->gate = NULL;
  ring->waits_across_processes = TRUE;
}

static long
futex (_Atomic guint64       *word,
       int                    op,
       guint32                value,
       const struct timespec *timeout)
{
  /* The futex is tail's low half: x86-64 and arm64 are little-endian.
   * Not FUTEX_PRIVATE: the two sides are different processes. */
  return syscall (SYS_futex, (guint32 *) (gpointer) word, op, value, timeout, NULL, 0);
}

/* Whether the consumer can still drain this ring. */
static gboolean
consumer_is_there (WeftRing *ring,
                   gint64    waiting_since)
{
  gint32 pid;

  /* Relaxed, both: flags set once, rechecked every slice. */
  if (atomic_load_explicit (&ring->consumer_gone, memory_order_relaxed))
    return FALSE;
  pid = atomic_load_explicit (&ring->consumer_pid, memory_order_relaxed);
  if (pid == 0)
    return weft_clock_now_ns () - waiting_since < NO_CONSUMER_YET_NS;
  /* Weft crashed or was killed: nobody will ever drain. */
  return kill (pid, 0) == 0 || errno == EPERM;
}

/* One slice of a shared ring's wait for room.  Returns FALSE once the
 * consumer is gone: the ring drops from then on, never waits again. */
static gboolean
wait_for_room_across_processes (WeftRing *ring,
                                guint64   head,
                                guint64   needed,
                                gint64    waiting_since)
{
  struct timespec slice = { 0, SHARED_WAIT_SLICE_NS };
  guint64 tail;

  if (!consumer_is_there (ring, waiting_since))
    {
      ring->mode = WEFT_RECORDING_DISCARD;
      return FALSE;
    }
  /* Seq_cst, then a full fence, against the consumer's store of tail, a
   * fence and its load of room_wanted (weft_ring_drain()): either it
   * sees our flag and wakes us, or our load below sees its new tail.
   * And the futex only sleeps while tail still holds what we read. */
  atomic_store_explicit (&ring->room_wanted, 1, memory_order_seq_cst);
  atomic_thread_fence (memory_order_seq_cst);
  tail = atomic_load_explicit (&ring->tail, memory_order_acquire);
  ring->cached_tail = tail;
  if (free_slots (ring, head) < needed)
    futex (&ring->tail, FUTEX_WAIT, (guint32) tail, &slice);
  /* Acquire: as in weft_ring_emit_at(). */
  ring->cached_tail = atomic_load_explicit (&ring->tail, memory_order_acquire);
  return TRUE;
}

/* The consumer, after a drain: wakes a writer of another process that
 * waits for room.  The fence pairs with the writer's (see above). */
void
weft_ring_wake_writer (WeftRing *ring)
{
  atomic_thread_fence (memory_order_seq_cst);
  if (atomic_load_explicit (&ring->room_wanted, memory_order_seq_cst))
    {
      atomic_store_explicit (&ring->room_wanted, 0, memory_order_relaxed);
      futex (&ring->tail, FUTEX_WAKE, INT_MAX, NULL);
    }
}

/* The consumer says who it is, so a writer can tell it is gone. */
void
weft_ring_set_consumer (WeftRing *ring,
                        gint32    pid)
{
  /* Relaxed: a lone number, read again every slice of a wait. */
  atomic_store_explicit (&ring->consumer_pid, pid, memory_order_relaxed);
}

/* The consumer will drain no more: writers waiting go on, dropping. */
void
weft_ring_let_go_of_writers (WeftRing *ring)
{
  /* Relaxed: the wake below, or the next slice, makes the writer look. */
  atomic_store_explicit (&ring->consumer_gone, 1, memory_order_relaxed);
  futex (&ring->tail, FUTEX_WAKE, INT_MAX, NULL);
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
 * weft_ring_mark_dropped:
 *
 * Counts an event the producer could not store (one a signal handler
 * tried to write while the thread it interrupted was writing another),
 * so that the next event stored is preceded by a gap mark.  Producer
 * only, never inside weft_ring_emit_at().
 */
void
weft_ring_mark_dropped (WeftRing *ring,
                        gint64    time_ns)
{
  drop (ring, time_ns);
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
  gboolean lossless = ring->mode == WEFT_RECORDING_LOSSLESS && (ring->gate != NULL || ring->waits_across_processes);
  guint64 needed = 1 + (ring->pending_drops != 0);
  gint64 stall_from = 0;

  /* The consumer may have to drain this batch's events to make room. */
  publish (ring);
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
      else if (ring->gate == NULL
               ? !wait_for_room_across_processes (ring, head, needed + STALL_SLOTS, stall_from)
               : !wait_for_room (ring, head, needed + STALL_SLOTS))
        return drop (ring, time_ns);
    }

  if (ring->pending_drops != 0)
    {
      weft_ring_put (ring, head++, ring->first_drop_ns, WEFT_EVENT_GAP, 0, WEFT_OBJECT_NONE,
                     ring->last_drop_ns, (guint32) MIN (ring->pending_drops, G_MAXUINT32));
      ring->pending_drops = 0;
    }
  /* As in weft_ring_emit_at(); the gap above is stamped in the past on
   * purpose, from when the events it stands for were lost. */
  ring->last_ns = time_ns = MAX (time_ns, ring->last_ns);
  weft_ring_put (ring, head++, time_ns, kind, code, object, value, arg);
  if (stall_from != 0)
    {
      weft_ring_put (ring, head++, MAX (stall_from, time_ns), WEFT_EVENT_BEGIN, WEFT_STATE_RECORDER,
                     WEFT_OBJECT_NONE, 0, 0);
      ring->last_ns = MAX (weft_clock_now_ns (), ring->last_ns);
      weft_ring_put (ring, head++, ring->last_ns, WEFT_EVENT_END, WEFT_STATE_RECORDER,
                     WEFT_OBJECT_NONE, 0, 0);
    }

  /* Release: publishes every slot written above, as in emit. */
  atomic_store_explicit (&ring->head, head, memory_order_release);
  publish (ring);
  return TRUE;
}

