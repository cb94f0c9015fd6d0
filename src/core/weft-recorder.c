/* weft-recorder.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "weft-recorder.h"

#include <pthread.h>
#include <sys/mman.h>
#include <unistd.h>

typedef struct
{
  char *name;
  gboolean adopted;          /* its ring is someone else's memory (weft_recorder_adopt_ring()) */
  /* The thread's own id.  A lane registered for a thread not started
   * yet (weft_recorder_register_lane()) holds 0 until that thread sets
   * it, while the consumer may read it. */
  _Atomic gint tid;
} WeftLaneInfo;

/* Allocated with g_atomic_rc_box_new0(), which keeps the count. */
struct _WeftRecorder
{
  guint ring_capacity;

  /* Registration is rare (once per worker) and may lock; draining never
   * does: it reads n_lanes and the rings published below it.  A pthread
   * mutex rather than GMutex, whose futex code ThreadSanitizer cannot see
   * through. */
  pthread_mutex_t register_lock;
  _Atomic guint n_lanes;
  WeftRing *rings[WEFT_RECORDER_MAX_LANES];
  WeftLaneInfo lanes[WEFT_RECORDER_MAX_LANES];

  WeftRecordingMode mode;
  WeftStallGate gate;
  GPtrArray *old_names;       /* renamed lanes' names, which readers may still hold */
  gpointer mapping;           /* where adopted rings live, unmapped last */
  gsize mapping_size;

  /* Consumer-only. */
  _Atomic guint64 delivered;  /* written by the consumer only */
};

WeftRecorder *
weft_recorder_new (guint ring_capacity)
{
  WeftRecorder *self;

  g_return_val_if_fail (ring_capacity >= 2, NULL);
  g_return_val_if_fail ((ring_capacity & (ring_capacity - 1)) == 0, NULL);

  self = g_atomic_rc_box_new0 (WeftRecorder);
  pthread_mutex_init (&self->register_lock, NULL);
  self->ring_capacity = ring_capacity;
  self->mode = WEFT_RECORDING_DISCARD;
  weft_stall_gate_init (&self->gate);
  atomic_init (&self->n_lanes, 0);
  self->old_names = g_ptr_array_new_with_free_func (g_free);

  return self;
}

WeftRecorder *
weft_recorder_ref (WeftRecorder *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  /* An increment by a holder of a reference needs no ordering at all;
   * GLib's atomic one is stronger than that. */
  return g_atomic_rc_box_acquire (self);
}

static void
weft_recorder_clear (gpointer data)
{
  WeftRecorder *self = data;
  guint n;

  /* Relaxed: the last reference is gone, so no thread still registers. */
  n = atomic_load_explicit (&self->n_lanes, memory_order_relaxed);
  for (guint i = 0; i < n; i++)
    {
      if (!self->lanes[i].adopted)
        weft_ring_free (self->rings[i]);
      g_free (self->lanes[i].name);
    }
  g_ptr_array_unref (self->old_names);
  if (self->mapping != NULL)
    munmap (self->mapping, self->mapping_size);
  pthread_mutex_destroy (&self->register_lock);
  weft_stall_gate_clear (&self->gate);
}

void
weft_recorder_unref (WeftRecorder *self)
{
  g_return_if_fail (self != NULL);
  /* GLib's decrement is a full barrier, so every other holder's last use
   * happens before the clear function runs and the box is freed. */
  g_atomic_rc_box_release_full (self, weft_recorder_clear);
}

/**
 * weft_recorder_register:
 * @name: the thread's display name, e.g. "patron-3"
 *
 * Called once by each worker thread, from that thread: gives it its own
 * ring and lane.  Allocates, so never call it on a hot path.
 *
 * Returns: (transfer none) (nullable): the thread's ring, owned by the
 *   recorder, or %NULL when every lane is taken.
 */
WeftRing *
weft_recorder_register (WeftRecorder *self,
                        const char   *name)
{
  return weft_recorder_register_lane (self, name, gettid ());
}

/**
 * weft_recorder_register_lane:
 * @name: the thread's display name
 * @tid: its native thread id, or 0 when it has none yet
 *
 * As weft_recorder_register(), for a thread that another one is about
 * to start: the starter registers the lane and may write the first
 * events into its ring, then hands the ring over with pthread_create(),
 * whose happens-before makes the new thread its only producer from then
 * on.  The new thread gives its id with weft_recorder_set_lane_tid().
 */
WeftRing *
weft_recorder_register_lane (WeftRecorder *self,
                             const char   *name,
                             gint          tid)
{
  guint lane;

  g_return_val_if_fail (self != NULL, NULL);

  pthread_mutex_lock (&self->register_lock);
  /* Relaxed: n_lanes only changes under register_lock, which we hold. */
  lane = atomic_load_explicit (&self->n_lanes, memory_order_relaxed);
  if (lane >= WEFT_RECORDER_MAX_LANES)
    {
      pthread_mutex_unlock (&self->register_lock);
      g_critical ("weft: more than %u threads registered", WEFT_RECORDER_MAX_LANES);
      return NULL;
    }
  self->rings[lane] = weft_ring_new (self->ring_capacity, lane);
  weft_ring_set_mode (self->rings[lane], self->mode, &self->gate);
  self->lanes[lane].name = g_strdup (name);
  /* Relaxed: published with the lane by the release below. */
  atomic_store_explicit (&self->lanes[lane].tid, tid, memory_order_relaxed);
  /* Release: the consumer loads n_lanes with acquire, so it sees the ring
   * and lane info written above before it reads them. */
  atomic_store_explicit (&self->n_lanes, lane + 1, memory_order_release);
  pthread_mutex_unlock (&self->register_lock);

  return self->rings[lane];
}

/**
 * weft_recorder_adopt_ring:
 * @ring: a ring in memory the recorder does not own (a recorded
 *   program's, weft-record-shm.h), whose lane is the next lane
 *
 * Drains @ring like the rings the recorder made; it is never freed here.
 *
 * Returns: its lane, or -1 when there are already too many
 */
gint
weft_recorder_adopt_ring (WeftRecorder *self,
                          WeftRing     *ring,
                          const char   *name,
                          gint          tid)
{
  guint lane;

  g_return_val_if_fail (self != NULL, -1);

  pthread_mutex_lock (&self->register_lock);
  /* Relaxed: n_lanes only changes under register_lock, which we hold. */
  lane = atomic_load_explicit (&self->n_lanes, memory_order_relaxed);
  if (lane >= WEFT_RECORDER_MAX_LANES)
    {
      pthread_mutex_unlock (&self->register_lock);
      return -1;
    }
  self->rings[lane] = ring;
  self->lanes[lane].adopted = TRUE;
  self->lanes[lane].name = g_strdup (name);
  /* Relaxed, then release: as in weft_recorder_register_lane(). */
  atomic_store_explicit (&self->lanes[lane].tid, tid, memory_order_relaxed);
  atomic_store_explicit (&self->n_lanes, lane + 1, memory_order_release);
  pthread_mutex_unlock (&self->register_lock);

  return lane;
}

/* The memory adopted rings live in, unmapped when the recorder goes:
 * a reader of the recorder may outlive whoever mapped it. */
void
weft_recorder_hold_mapping (WeftRecorder *self,
                            gpointer      mapping,
                            gsize         size)
{
  g_return_if_fail (self->mapping == NULL);
  self->mapping = mapping;
  self->mapping_size = size;
}

/* A thread renamed itself.  Only the consumer's thread may call this:
 * the old name stays valid for the recorder's life, since another
 * reader may hold it. */
void
weft_recorder_set_lane_name (WeftRecorder *self,
                             guint         lane,
                             const char   *name)
{
  g_return_if_fail (lane < weft_recorder_get_n_lanes (self));

  pthread_mutex_lock (&self->register_lock);
  g_ptr_array_add (self->old_names, self->lanes[lane].name);
  self->lanes[lane].name = g_strdup (name);
  pthread_mutex_unlock (&self->register_lock);
}

/* The thread of @lane, registered by another, says who it is. */
void
weft_recorder_set_lane_tid (WeftRecorder *self,
                            guint         lane,
                            gint          tid)
{
  g_return_if_fail (lane < weft_recorder_get_n_lanes (self));
  /* Relaxed: a lone number, not a pointer to anything; a reader that
   * still sees 0 asks again later (weft_timeline_ingest() does). */
  atomic_store_explicit (&self->lanes[lane].tid, tid, memory_order_relaxed);
}

/**
 * weft_recorder_set_mode:
 *
 * What a worker whose ring is full does; set it before any worker
 * registers.  A recorder starts in discard mode, since only a consumer
 * that drains continuously (a WeftCollector) can make waiting safe.
 */
void
weft_recorder_set_mode (WeftRecorder      *self,
                        WeftRecordingMode  mode)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (weft_recorder_get_n_lanes (self) == 0);
  g_return_if_fail (mode == WEFT_RECORDING_DISCARD || self->ring_capacity >= 8);

  self->mode = mode;
}

/* The consumer: sleep until a writer waits for room, or @timeout_ns. */
void
weft_recorder_wait_for_work (WeftRecorder *self,
                             gint64        timeout_ns)
{
  weft_stall_gate_wait_for_work (&self->gate, timeout_ns);
}

/* The consumer is gone: writers of full rings drop from now on. */
void
weft_recorder_close (WeftRecorder *self)
{
  weft_stall_gate_close (&self->gate);
}

/* Whether @lane's thread has written its last event (weft_ring_finish()):
 * once it has, the next drain holds everything the lane will record. */
gboolean
weft_recorder_is_lane_finished (WeftRecorder *self,
                                guint         lane)
{
  g_return_val_if_fail (lane < weft_recorder_get_n_lanes (self), FALSE);
  return weft_ring_is_finished (self->rings[lane]);
}

/* Whether @lane's thread is blocked with everything it wrote before
 * blocking drained already (weft_ring_park()): then nothing it sends
 * later is stamped before the drain that just ended began. */
gboolean
weft_recorder_is_lane_parked (WeftRecorder *self,
                              guint         lane)
{
  g_return_val_if_fail (lane < weft_recorder_get_n_lanes (self), FALSE);
  return weft_ring_is_parked (self->rings[lane]);
}

/* Events @lane dropped at its end with nothing after them to mark the
 * gap; only once its thread has been joined. */
gboolean
weft_recorder_get_unmarked_gap (WeftRecorder *self,
                                guint         lane,
                                gint64       *from_ns,
                                gint64       *to_ns,
                                guint64      *n_dropped)
{
  g_return_val_if_fail (lane < weft_recorder_get_n_lanes (self), FALSE);
  return weft_ring_get_unmarked_gap (self->rings[lane], from_ns, to_ns, n_dropped);
}

guint
weft_recorder_get_n_lanes (WeftRecorder *self)
{
  /* Acquire: pairs with the release in weft_recorder_register(). */
  return atomic_load_explicit (&self->n_lanes, memory_order_acquire);
}

WeftRing *
weft_recorder_get_ring (WeftRecorder *self,
                        guint         lane)
{
  g_return_val_if_fail (lane < weft_recorder_get_n_lanes (self), NULL);
  return self->rings[lane];
}

const char *
weft_recorder_get_lane_name (WeftRecorder *self,
                             guint         lane)
{
  const char *name;

  g_return_val_if_fail (lane < weft_recorder_get_n_lanes (self), NULL);
  /* Under the lock a rename takes; the name read stays valid after it
   * (weft_recorder_set_lane_name()). */
  pthread_mutex_lock (&self->register_lock);
  name = self->lanes[lane].name;
  pthread_mutex_unlock (&self->register_lock);
  return name;
}

gint
weft_recorder_get_lane_tid (WeftRecorder *self,
                            guint         lane)
{
  g_return_val_if_fail (lane < weft_recorder_get_n_lanes (self), 0);
  /* Relaxed: see weft_recorder_set_lane_tid(). */
  return atomic_load_explicit (&self->lanes[lane].tid, memory_order_relaxed);
}

guint
weft_recorder_get_ring_capacity (WeftRecorder *self)
{
  return self->ring_capacity;
}

/* Both drains: @now_ns 0 for everything stored, else live. */
static gsize
drain_rings (WeftRecorder  *self,
             gint64         now_ns,
             WeftDrainFunc  func,
             gpointer       user_data)
{
  guint n = weft_recorder_get_n_lanes (self);
  gsize total = 0;

  for (guint i = 0; i < n; i++)
    total += now_ns == 0
             ? weft_ring_drain (self->rings[i], func, user_data)
             : weft_ring_drain_live (self->rings[i], now_ns, func, user_data);
  /* Relaxed: one writer; readers on other threads want a recent count
   * for display, exact once the consumer has been joined. */
  atomic_store_explicit (&self->delivered,
                         atomic_load_explicit (&self->delivered, memory_order_relaxed) + total,
                         memory_order_relaxed);
  /* After every tail is stored: see wait_for_room() in weft-ring.c. */
  weft_stall_gate_open_room (&self->gate);

  return total;
}

/**
 * weft_recorder_drain:
 *
 * Hands every event waiting in every ring to @func, ring by ring, each
 * ring's events in the order its thread wrote them.  Only one thread may
 * drain a recorder.  It need not know how many workers exist: lanes
 * registered while it runs are drained next time.
 *
 * Returns: the number of events delivered
 */
gsize
weft_recorder_drain (WeftRecorder  *self,
                     WeftDrainFunc  func,
                     gpointer       user_data)
{
  return drain_rings (self, 0, func, user_data);
}

/**
 * weft_recorder_drain_live:
 * @now_ns: when this pass began (weft_clock_now_ns())
 *
 * As weft_recorder_drain(), for a consumer that drains again and again
 * while the threads run: it takes what each ring has published, whole
 * batches, and a quiet ring's last events every so often
 * (weft_ring_drain_live()), so that it never chases a busy thread's
 * writes line by line.
 */
gsize
weft_recorder_drain_live (WeftRecorder  *self,
                          gint64         now_ns,
                          WeftDrainFunc  func,
                          gpointer       user_data)
{
  return drain_rings (self, MAX (now_ns, 1), func, user_data);
}

guint64
weft_recorder_get_dropped (WeftRecorder *self)
{
  guint n = weft_recorder_get_n_lanes (self);
  guint64 dropped = 0;

  for (guint i = 0; i < n; i++)
    dropped += weft_ring_get_dropped (self->rings[i]);

  return dropped;
}

/* Consumer thread only. */
guint64
weft_recorder_get_delivered (WeftRecorder *self)
{
  /* Relaxed: see weft_recorder_drain(). */
  return atomic_load_explicit (&self->delivered, memory_order_relaxed);
}

guint64
weft_recorder_get_fill (WeftRecorder *self)
{
  guint n = weft_recorder_get_n_lanes (self);
  guint64 fill = 0;

  for (guint i = 0; i < n; i++)
    fill += weft_ring_get_fill (self->rings[i]);

  return fill;
}
