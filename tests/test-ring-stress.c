/* test-ring-stress.c: four real producers against one late, concurrent consumer
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-recorder.h"

#define N_PRODUCERS 4
#define EVENTS_PER_PRODUCER 1000000
/* A small ring, and a consumer that starts only once every producer has
 * emitted several rings' worth: each ring overflows before its first
 * drain, so drops happen however the threads are scheduled, and go on
 * happening while the consumer races the producers. */
#define RING_CAPACITY 1024
#define EVENTS_BEFORE_CONSUMER (4 * RING_CAPACITY)

typedef struct
{
  WeftRecorder *recorder;
  _Atomic guint n_started;
  _Atomic guint n_overflowed;
  _Atomic gboolean producers_done;
  guint64 stored[N_PRODUCERS];   /* by lane, each written by its producer */
  guint64 drains;          /* consumer-only */
} Shared;

typedef struct
{
  gint64 next_value;       /* the next sequence number expected */
  gint64 last_time;
  guint64 delivered;
  guint64 gaps;            /* events skipped: must match the drop count */
  guint64 marked;          /* what the ring's gap marks said it dropped */
} LaneCheck;

typedef struct
{
  LaneCheck lanes[N_PRODUCERS];
  guint64 out_of_order;
  guint64 time_went_back;
  guint64 n_marks;
} Consumer;

static gpointer
producer (gpointer data)
{
  Shared *shared = data;
  char name[32];
  WeftRing *ring;
  guint64 stored = 0;

  /* Relaxed: only makes the names distinct; no data hangs on it. */
  g_snprintf (name, sizeof name, "producer-%u",
              atomic_fetch_add_explicit (&shared->n_started, 1, memory_order_relaxed));
  ring = weft_recorder_register (shared->recorder, name);
  g_assert_cmpuint (ring->lane, <, N_PRODUCERS);

  for (gint64 i = 0; i < EVENTS_PER_PRODUCER; i++)
    {
      stored += weft_ring_emit (ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 0, i, 0);
      /* Release: pairs with the consumer's acquire, so every emit above
       * happens before its first drain: none of them could see room it
       * made, and this ring has overflowed before anything drains it. */
      if (i + 1 == EVENTS_BEFORE_CONSUMER)
        atomic_fetch_add_explicit (&shared->n_overflowed, 1, memory_order_release);
    }
  /* Read by the test after joining this thread. */
  shared->stored[ring->lane] = stored;

  return NULL;
}

static void
check_batch (const WeftEvent *events,
             gsize            n_events,
             gpointer         user_data)
{
  Consumer *consumer = user_data;

  for (gsize i = 0; i < n_events; i++)
    {
      const WeftEvent *ev = &events[i];
      LaneCheck *lane;

      g_assert_cmpuint (ev->lane, <, N_PRODUCERS);
      lane = &consumer->lanes[ev->lane];
      if (ev->kind == WEFT_EVENT_GAP)
        {
          /* It comes before the next event stored, and spans the
           * stamps of what was lost. */
          g_assert_cmpint (ev->time_ns, >=, lane->last_time);
          g_assert_cmpint (ev->value, >=, ev->time_ns);
          lane->marked += ev->arg;
          consumer->n_marks++;
          lane->last_time = ev->time_ns;
          continue;
        }

      /* A producer's events arrive in its order, each at most once; the
       * only thing allowed between two is a gap of dropped events. */
      if (ev->value < lane->next_value)
        consumer->out_of_order++;
      else
        lane->gaps += ev->value - lane->next_value;
      lane->next_value = ev->value + 1;

      if (ev->time_ns < lane->last_time)
        consumer->time_went_back++;
      lane->last_time = ev->time_ns;
      lane->delivered++;
    }
}

static gpointer
consumer_thread (gpointer data)
{
  Shared *shared = data;
  Consumer *consumer = g_new0 (Consumer, 1);

  /* Starts late, on purpose; see RING_CAPACITY.  Acquire: pairs with
   * each producer's release once its ring is full. */
  while (atomic_load_explicit (&shared->n_overflowed, memory_order_acquire) < N_PRODUCERS)
    g_thread_yield ();

  /* Drain while the producers run, without knowing how many have
   * registered yet.  Acquire: pairs with the release below, so the final
   * drain sees every event the joined producers wrote. */
  while (!atomic_load_explicit (&shared->producers_done, memory_order_acquire))
    {
      if (weft_recorder_drain (shared->recorder, check_batch, consumer) == 0)
        g_thread_yield ();
      shared->drains++;
    }
  weft_recorder_drain (shared->recorder, check_batch, consumer);

  return consumer;
}

static void
test_four_producers_one_late_consumer (void)
{
  Shared shared = { 0 };
  g_autofree Consumer *consumer = NULL;
  GThread *drainer;
  GThread *threads[N_PRODUCERS];

  shared.recorder = weft_recorder_new (RING_CAPACITY);
  atomic_init (&shared.n_started, 0);
  atomic_init (&shared.n_overflowed, 0);
  atomic_init (&shared.producers_done, FALSE);

  drainer = g_thread_new ("consumer", consumer_thread, &shared);
  for (guint i = 0; i < N_PRODUCERS; i++)
    threads[i] = g_thread_new ("producer", producer, &shared);
  for (guint i = 0; i < N_PRODUCERS; i++)
    g_thread_join (threads[i]);
  /* Release: everything the producers did (seen through the joins)
   * happens before the consumer's last drain. */
  atomic_store_explicit (&shared.producers_done, TRUE, memory_order_release);
  consumer = g_thread_join (drainer);

  g_assert_cmpuint (weft_recorder_get_n_lanes (shared.recorder), ==, N_PRODUCERS);
  g_assert_cmpuint (consumer->out_of_order, ==, 0);
  g_assert_cmpuint (consumer->time_went_back, ==, 0);
  for (guint i = 0; i < N_PRODUCERS; i++)
    {
      WeftRing *ring = weft_recorder_get_ring (shared.recorder, i);
      LaneCheck *lane = &consumer->lanes[i];
      guint64 dropped = weft_ring_get_dropped (ring);
      /* Drops after the last delivered event show as a short tail. */
      guint64 tail = EVENTS_PER_PRODUCER - lane->next_value;

      g_assert_cmpuint (weft_ring_get_fill (ring), ==, 0);
      /* Each ring overflowed before anything drained it: drops counted,
       * and they are exactly the events whose emit said "not stored". */
      g_assert_cmpuint (dropped, >=, EVENTS_BEFORE_CONSUMER - RING_CAPACITY);
      g_assert_cmpuint (dropped, ==, EVENTS_PER_PRODUCER - shared.stored[i]);
      g_assert_cmpuint (lane->delivered, ==, shared.stored[i]);
      g_assert_cmpuint (lane->delivered + dropped, ==, EVENTS_PER_PRODUCER);
      g_assert_cmpuint (lane->gaps + tail, ==, dropped);
      /* Every gap between delivered events was marked, exactly. */
      g_assert_cmpuint (lane->marked, ==, lane->gaps);
      g_test_message ("lane %u: %" G_GUINT64_FORMAT " delivered, %" G_GUINT64_FORMAT " dropped",
                      i, lane->delivered, dropped);
    }
  /* The recorder delivered every event stored, gap marks included. */
  g_assert_cmpuint (weft_recorder_get_delivered (shared.recorder) + weft_recorder_get_dropped (shared.recorder),
                    ==, (guint64) N_PRODUCERS * EVENTS_PER_PRODUCER + consumer->n_marks);
  g_test_message ("%" G_GUINT64_FORMAT " drains", shared.drains);

  weft_recorder_unref (shared.recorder);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ring/stress/four-producers-one-late-consumer", test_four_producers_one_late_consumer);

  return g_test_run ();
}
