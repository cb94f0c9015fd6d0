/* bench-ring.c: what recording costs a worker, against GAsyncQueue
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints `name value unit` lines (DESIGN.md).  Both designs run the same
 * workload side by side in one process, so their ratio holds even when
 * the machine is busy; so do the two clocks (TSC and the vDSO's
 * CLOCK_MONOTONIC), round for round.
 *
 * Every cost is timed on CLOCK_MONOTONIC itself, whichever clock the
 * events are stamped with, except one producer's cost per push, timed
 * on its own CPU time (what recording costs it, not the time it sat
 * preempted on a busy machine).  The consumer drains as Weft's
 * collector does: what the rings published (weft_recorder_drain_live()),
 * again at once after a busy pass, after a nap after a quiet one.
 *
 *   ring.push.1p.ns            a post, stamped before it lets go with the
 *                              TSC unfenced (weft_clock_now_unordered_ns())
 *   ring.push.1p.ordered.ns    the same event stamped with the fenced TSC,
 *                              as one after an acquire or a wake is
 *   ring.push.1p.monotonic.ns  the same with the vDSO's clock
 */

#include "bench-util.h"
#include "weft-collector.h"
#include "weft-recorder.h"

#define ROUNDS 9
#define RING_EVENTS 1000000
#define QUEUE_EVENTS 200000
#define MAX_PRODUCERS 4
#define CLOCK_READS 2000000

/* How one producer's events are stamped. */
typedef enum
{
  STAMP_UNORDERED,
  STAMP_ORDERED,
} Stamp;

typedef struct
{
  WeftRecorder *recorder;
  Stamp stamp;
  gboolean cpu_time;           /* time producers on their own CPU time */
  GAsyncQueue *queue;
  guint n_producers;
  guint events_per_producer;
  _Atomic guint running;       /* producers not yet finished */
  _Atomic gboolean go;         /* start line, so producers overlap */
  double ns_per_event[MAX_PRODUCERS];
  _Atomic guint next_index;
} Round;

static void
wait_for_start (Round *round)
{
  /* Acquire: pairs with the release that opens the start line. */
  while (!atomic_load_explicit (&round->go, memory_order_acquire))
    g_thread_yield ();
}

static gpointer
ring_producer (gpointer data)
{
  Round *round = data;
  /* Relaxed: a unique slot index is all this needs. */
  guint index = atomic_fetch_add_explicit (&round->next_index, 1, memory_order_relaxed);
  WeftRing *ring = weft_recorder_register (round->recorder, "bench");
  gint64 start, end;

  wait_for_start (round);
  start = round->cpu_time ? bench_thread_cpu_ns () : weft_clock_monotonic_ns ();
  if (round->stamp == STAMP_UNORDERED)
    for (guint i = 0; i < round->events_per_producer; i++)
      weft_ring_emit_at (ring, weft_clock_now_unordered_ns (), WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 1, i, 0);
  else
    for (guint i = 0; i < round->events_per_producer; i++)
      weft_ring_emit (ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 1, i, 0);
  end = round->cpu_time ? bench_thread_cpu_ns () : weft_clock_monotonic_ns ();

  round->ns_per_event[index] = (double) (end - start) / round->events_per_producer;
  /* Release: our result above is visible to whoever sees running reach 0. */
  atomic_fetch_sub_explicit (&round->running, 1, memory_order_release);
  return NULL;
}

static gpointer
queue_producer (gpointer data)
{
  Round *round = data;
  guint index = atomic_fetch_add_explicit (&round->next_index, 1, memory_order_relaxed);
  gint64 start, end;

  wait_for_start (round);
  start = weft_clock_monotonic_ns ();
  for (guint i = 0; i < round->events_per_producer; i++)
    {
      /* What a GLib programmer would write: one heap record per event,
       * pushed through the locked queue. */
      WeftEvent *ev = g_new (WeftEvent, 1);

      ev->time_ns = weft_clock_now_ns ();
      ev->value = i;
      ev->lane = index;
      ev->arg = 0;
      ev->object = 1;
      ev->kind = WEFT_EVENT_INSTANT;
      ev->code = WEFT_INSTANT_POST;
      g_async_queue_push (round->queue, ev);
    }
  end = weft_clock_monotonic_ns ();

  round->ns_per_event[index] = (double) (end - start) / round->events_per_producer;
  atomic_fetch_sub_explicit (&round->running, 1, memory_order_release);
  return NULL;
}

static void
count_events (const WeftEvent *events,
              gsize            n_events,
              gpointer         user_data)
{
  guint64 *sum = user_data;

  for (gsize i = 0; i < n_events; i++)
    *sum += events[i].value;
}

/* Runs one round; the calling thread is the consumer.  Appends each
 * producer's cost per event to samples. */
static void
run_round (gboolean  use_ring,
           guint     n_producers,
           Stamp     stamp,
           GArray   *samples)
{
  Round round = { 0 };
  GThread *threads[MAX_PRODUCERS];
  guint64 sum = 0;
  guint64 total = 0;

  round.n_producers = n_producers;
  round.stamp = stamp;
  round.cpu_time = n_producers == 1;
  round.events_per_producer = use_ring ? RING_EVENTS : QUEUE_EVENTS;
  atomic_init (&round.running, n_producers);
  atomic_init (&round.go, FALSE);
  atomic_init (&round.next_index, 0);
  if (use_ring)
    {
      round.recorder = weft_recorder_new (WEFT_RING_DEFAULT_CAPACITY);
      /* As Weft records: a producer whose ring is full waits for room,
       * so no push is counted that was a cheap drop. */
      weft_recorder_set_mode (round.recorder, WEFT_RECORDING_LOSSLESS);
    }
  else
    round.queue = g_async_queue_new ();

  for (guint i = 0; i < n_producers; i++)
    threads[i] = g_thread_new ("producer", use_ring ? ring_producer : queue_producer, &round);
  /* Release: the round's setup above is visible to every producer. */
  atomic_store_explicit (&round.go, TRUE, memory_order_release);

  if (use_ring)
    {
      /* Acquire: pairs with each producer's release when it finishes. */
      while (atomic_load_explicit (&round.running, memory_order_acquire) > 0)
        if (weft_recorder_drain_live (round.recorder, weft_clock_now_ns (), count_events, &sum) <
            WEFT_COLLECTOR_IDLE_BATCH)
          weft_recorder_wait_for_work (round.recorder, WEFT_COLLECTOR_IDLE_NAP_NS);
      weft_recorder_drain (round.recorder, count_events, &sum);
    }
  else
    {
      for (guint64 n = (guint64) n_producers * round.events_per_producer; total < n; total++)
        {
          WeftEvent *ev = g_async_queue_pop (round.queue);

          sum += ev->value;
          g_free (ev);
        }
    }

  for (guint i = 0; i < n_producers; i++)
    g_thread_join (threads[i]);
  for (guint i = 0; i < n_producers; i++)
    g_array_append_val (samples, round.ns_per_event[i]);

  if (use_ring)
    {
      g_assert_cmpuint (weft_recorder_get_dropped (round.recorder), ==, 0);
      weft_recorder_unref (round.recorder);
    }
  else
    g_async_queue_unref (round.queue);
}

static double
median_push_cost (gboolean use_ring,
                  guint    n_producers)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));

  /* One round unmeasured first: a cold start (caches, the cores' clock
   * speed) showed as twice the steady cost. */
  run_round (use_ring, n_producers, STAMP_ORDERED, samples);
  g_array_set_size (samples, 0);
  for (guint r = 0; r < ROUNDS; r++)
    run_round (use_ring, n_producers, STAMP_ORDERED, samples);

  return bench_median (samples);
}

/* One producer stamping with the TSC, unfenced and fenced, and with the
 * vDSO clock, round for round, so that the machine's load weighs on all
 * alike.  Without an invariant TSC all three are the vDSO clock. */
static void
median_push_cost_by_clock (double *tsc,
                           double *tsc_ordered,
                           double *monotonic)
{
  g_autoptr(GArray) tsc_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ordered_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) monotonic_samples = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r <= ROUNDS; r++)
    {
      /* The first round of each is a warm-up, not counted. */
      if (r == 1)
        {
          g_array_set_size (tsc_samples, 0);
          g_array_set_size (ordered_samples, 0);
          g_array_set_size (monotonic_samples, 0);
        }
      weft_clock_use_monotonic ();
      run_round (TRUE, 1, STAMP_ORDERED, monotonic_samples);
      weft_clock_use_tsc ();
      run_round (TRUE, 1, STAMP_UNORDERED, tsc_samples);
      run_round (TRUE, 1, STAMP_ORDERED, ordered_samples);
    }

  *tsc = bench_median (tsc_samples);
  *tsc_ordered = bench_median (ordered_samples);
  *monotonic = bench_median (monotonic_samples);
}

/* What one read of the clock in use costs, fenced or not. */
static double
clock_read_cost (Stamp stamp)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  /* Volatile: the sum keeps every read, and reads are not hoisted. */
  volatile gint64 sink = 0;

  for (guint r = 0; r < ROUNDS; r++)
    {
      gint64 start = weft_clock_monotonic_ns ();
      gint64 sum = 0;
      double ns;

      if (stamp == STAMP_UNORDERED)
        for (guint i = 0; i < CLOCK_READS; i++)
          sum += weft_clock_now_unordered_ns ();
      else
        for (guint i = 0; i < CLOCK_READS; i++)
          sum += weft_clock_now_ns ();
      ns = (double) (weft_clock_monotonic_ns () - start) / CLOCK_READS;
      sink += sum;
      g_array_append_val (samples, ns);
    }
  (void) sink;
  return bench_median (samples);
}

static void
clock_read_costs (double *tsc,
                  double *tsc_unordered,
                  double *monotonic)
{
  weft_clock_use_monotonic ();
  *monotonic = clock_read_cost (STAMP_ORDERED);
  *tsc = weft_clock_use_tsc () ? clock_read_cost (STAMP_ORDERED) : -1.0;
  *tsc_unordered = weft_clock_use_tsc () ? clock_read_cost (STAMP_UNORDERED) : -1.0;
}

static void
copy_events (const WeftEvent *events,
             gsize            n_events,
             gpointer         user_data)
{
  GArray *dest = user_data;

  g_array_append_vals (dest, events, n_events);
}

/* The consumer's side: events per second moved out of a full ring into
 * the consumer's own array, which is what the timeline does per frame. */
static double
drain_throughput (void)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) dest = g_array_sized_new (FALSE, FALSE, sizeof (WeftEvent), WEFT_RING_DEFAULT_CAPACITY);
  WeftRing *ring = weft_ring_new (WEFT_RING_DEFAULT_CAPACITY, 0);

  for (guint r = 0; r < ROUNDS * 4; r++)
    {
      gint64 start, end;
      double rate;

      for (guint i = 0; i < WEFT_RING_DEFAULT_CAPACITY; i++)
        weft_ring_emit_at (ring, i, WEFT_EVENT_INSTANT, 0, 0, i, 0);
      g_array_set_size (dest, 0);
      start = weft_clock_monotonic_ns ();
      weft_ring_drain (ring, copy_events, dest);
      end = weft_clock_monotonic_ns ();
      g_assert_cmpuint (dest->len, ==, WEFT_RING_DEFAULT_CAPACITY);
      rate = (double) WEFT_RING_DEFAULT_CAPACITY / ((end - start) / 1e9) / 1e6;
      g_array_append_val (samples, rate);
    }
  weft_ring_free (ring);

  return bench_median (samples);
}

int
main (int   argc,
      char *argv[])
{
  double ring_1p, ring_1p_ordered, ring_1p_monotonic, ring_4p, queue_4p;
  double clock_tsc, clock_tsc_unordered, clock_monotonic;

  clock_read_costs (&clock_tsc, &clock_tsc_unordered, &clock_monotonic);
  /* Interleave the two designs so a burst of load elsewhere on the
   * machine hurts both, not one. */
  median_push_cost_by_clock (&ring_1p, &ring_1p_ordered, &ring_1p_monotonic);
  ring_4p = median_push_cost (TRUE, 4);
  queue_4p = median_push_cost (FALSE, 4);

  if (clock_tsc >= 0)
    {
      bench_print ("clock.tsc.ns", clock_tsc, "ns");
      bench_print ("clock.tsc.unordered.ns", clock_tsc_unordered, "ns");
    }
  bench_print ("clock.monotonic.ns", clock_monotonic, "ns");
  bench_print ("ring.push.1p.ns", ring_1p, "ns");
  bench_print ("ring.push.1p.ordered.ns", ring_1p_ordered, "ns");
  bench_print ("ring.push.1p.monotonic.ns", ring_1p_monotonic, "ns");
  bench_print ("ring.push.4p.ns", ring_4p, "ns");
  bench_print ("gasyncqueue.push.4p.ns", queue_4p, "ns");
  bench_print ("ring.vs-gasyncqueue.4p", queue_4p / ring_4p, "x");
  bench_print ("ring.drain.Mev_s", drain_throughput (), "Mev/s");

  return 0;
}
