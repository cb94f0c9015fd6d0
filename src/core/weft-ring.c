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

  return ring;
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
