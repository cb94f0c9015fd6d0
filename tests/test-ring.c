/* test-ring.c: single-threaded behaviour of the event ring and recorder
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sys/wait.h>
#include <unistd.h>

#include "weft-recorder.h"
#include "weft-run.h"

typedef struct
{
  GArray *events;
} Sink;

static void
collect (const WeftEvent *events,
         gsize            n_events,
         gpointer         user_data)
{
  Sink *sink = user_data;

  g_array_append_vals (sink->events, events, n_events);
}

static void
sink_init (Sink *sink)
{
  sink->events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
}

static void
sink_clear (Sink *sink)
{
  g_array_unref (sink->events);
}

static void
emit_n (WeftRing *ring,
        guint     n)
{
  for (guint i = 0; i < n; i++)
    g_assert_true (weft_ring_emit_at (ring, 1000 + i, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 1, i, 0));
}

/* A lane's stamps never go back: an event stamped before the one stored
 * ahead of it (a stamp taken before a stall in the recorder, or an
 * unfenced read of the TSC run ahead) is stored at that one's time. */
static void
test_stamps_never_go_back (void)
{
  WeftRing *ring = weft_ring_new (16, 0);
  const gint64 stamps[] = { 100, 300, 200, 300, 400 };
  const gint64 stored[] = { 100, 300, 300, 300, 400 };
  Sink sink;

  sink_init (&sink);
  for (guint i = 0; i < G_N_ELEMENTS (stamps); i++)
    weft_ring_emit_at (ring, stamps[i], WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 1, i, 0);
  g_assert_cmpuint (weft_ring_drain (ring, collect, &sink), ==, G_N_ELEMENTS (stamps));
  for (guint i = 0; i < G_N_ELEMENTS (stamps); i++)
    g_assert_cmpint (g_array_index (sink.events, WeftEvent, i).time_ns, ==, stored[i]);

  sink_clear (&sink);
  weft_ring_free (ring);
}

/* A live consumer sees whole batches as they are published; the rest of
 * a batch when the producer parks or finishes, or once a quiet while
 * has passed; a full drain sees everything at once. */
static void
test_live_drain_batches (void)
{
  WeftRing *ring = weft_ring_new (256, 0);
  const gint64 quiet = WEFT_NSEC_PER_MSEC;
  gint64 now = 10 * quiet;
  Sink sink;

  sink_init (&sink);
  /* A quiet ring's rest is taken at the first look... */
  emit_n (ring, 3);
  g_assert_cmpuint (weft_ring_drain_live (ring, now, collect, &sink), ==, 3);
  /* ...and then not again until a quiet while has passed. */
  emit_n (ring, WEFT_RING_BATCH - 4);
  g_assert_cmpuint (weft_ring_drain_live (ring, now + 1, collect, &sink), ==, 0);
  g_assert_cmpuint (weft_ring_drain_live (ring, now + quiet - 1, collect, &sink), ==, 0);
  /* The event that completes a batch publishes it. */
  emit_n (ring, 1);
  g_assert_cmpuint (weft_ring_drain_live (ring, now + 2, collect, &sink), ==, WEFT_RING_BATCH - 3);
  emit_n (ring, 5);
  g_assert_cmpuint (weft_ring_drain_live (ring, now + 3, collect, &sink), ==, 0);
  g_assert_cmpuint (weft_ring_drain_live (ring, now + quiet, collect, &sink), ==, 5);
  now += quiet;
  /* Parking publishes: the parked ring's events come at once, and the
   * consumer that took them knows the lane is quiet. */
  emit_n (ring, 2);
  weft_ring_park (ring);
  g_assert_cmpuint (weft_ring_drain_live (ring, now + 1, collect, &sink), ==, 2);
  g_assert_true (weft_ring_is_parked (ring));
  weft_ring_unpark (ring);
  /* A full drain takes what is not published yet. */
  emit_n (ring, 4);
  g_assert_cmpuint (weft_ring_drain (ring, collect, &sink), ==, 4);
  g_assert_cmpuint (weft_ring_drain_live (ring, now + 2, collect, &sink), ==, 0);
  /* Finishing publishes. */
  emit_n (ring, 1);
  weft_ring_finish (ring);
  g_assert_cmpuint (weft_ring_drain_live (ring, now + 3, collect, &sink), ==, 1);
  /* Nothing lost, nothing twice, in order. */
  g_assert_cmpuint (sink.events->len, ==, 3 + WEFT_RING_BATCH - 3 + 5 + 2 + 4 + 1);
  for (guint i = 1; i < sink.events->len; i++)
    {
      const WeftEvent *ev = &g_array_index (sink.events, WeftEvent, i);
      const WeftEvent *before = ev - 1;

      g_assert_true (ev->value == before->value + 1 || ev->value == 0);
    }

  sink_clear (&sink);
  weft_ring_free (ring);
}

static void
test_order_and_content (void)
{
  WeftRing *ring = weft_ring_new (16, 7);
  Sink sink;
  const guint kinds[] = { WEFT_EVENT_BEGIN, WEFT_EVENT_INSTANT, WEFT_EVENT_COUNTER, WEFT_EVENT_END };

  sink_init (&sink);
  for (guint i = 0; i < 10; i++)
    g_assert_true (weft_ring_emit_at (ring, 1000 + i, kinds[i % 4], i % 3, 40 + i,
                                      G_GINT64_CONSTANT (-5) * i, 100 + i));
  g_assert_cmpuint (weft_ring_get_fill (ring), ==, 10);
  g_assert_cmpuint (weft_ring_drain (ring, collect, &sink), ==, 10);
  g_assert_cmpuint (weft_ring_get_fill (ring), ==, 0);

  g_assert_cmpuint (sink.events->len, ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      const WeftEvent *ev = &g_array_index (sink.events, WeftEvent, i);

      g_assert_cmpint (ev->time_ns, ==, 1000 + i);
      g_assert_cmpuint (ev->kind, ==, kinds[i % 4]);
      g_assert_cmpuint (ev->code, ==, i % 3);
      g_assert_cmpuint (ev->object, ==, 40 + i);
      g_assert_cmpint (ev->value, ==, G_GINT64_CONSTANT (-5) * i);
      g_assert_cmpuint (ev->arg, ==, 100 + i);
      g_assert_cmpuint (ev->lane, ==, 7);
    }

  /* A second drain finds nothing new. */
  g_assert_cmpuint (weft_ring_drain (ring, collect, &sink), ==, 0);
  g_assert_cmpuint (sink.events->len, ==, 10);

  sink_clear (&sink);
  weft_ring_free (ring);
}

static void
test_emit_stamps_monotonic_time (void)
{
  WeftRing *ring = weft_ring_new (8, 0);
  Sink sink;
  gint64 before = weft_clock_now_ns ();
  gint64 after;

  sink_init (&sink);
  weft_ring_emit (ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 1, 2, 0);
  weft_ring_emit (ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, 1, 3, 0);
  after = weft_clock_now_ns ();
  weft_ring_drain (ring, collect, &sink);

  g_assert_cmpuint (sink.events->len, ==, 2);
  g_assert_cmpint (g_array_index (sink.events, WeftEvent, 0).time_ns, >=, before);
  g_assert_cmpint (g_array_index (sink.events, WeftEvent, 1).time_ns, >=,
                   g_array_index (sink.events, WeftEvent, 0).time_ns);
  g_assert_cmpint (g_array_index (sink.events, WeftEvent, 1).time_ns, <=, after);

  sink_clear (&sink);
  weft_ring_free (ring);
}

/* Odd batch sizes against a small ring make every lap start at a
 * different slot, so each drain crosses the array's end sometimes. */
static void
test_wrap_around_many_laps (void)
{
  const guint capacity = 8;
  WeftRing *ring = weft_ring_new (capacity, 0);
  Sink sink;
  gint64 next_emit = 0;
  gint64 next_expected = 0;

  sink_init (&sink);
  for (guint lap = 0; lap < 5000; lap++)
    {
      guint batch = 1 + (lap * 7) % capacity;

      for (guint i = 0; i < batch; i++, next_emit++)
        g_assert_true (weft_ring_emit_at (ring, next_emit, WEFT_EVENT_INSTANT, 0, 0, next_emit, 0));

      g_array_set_size (sink.events, 0);
      g_assert_cmpuint (weft_ring_drain (ring, collect, &sink), ==, batch);
      for (guint i = 0; i < sink.events->len; i++)
        g_assert_cmpint (g_array_index (sink.events, WeftEvent, i).value, ==, next_expected++);
    }
  g_assert_cmpint (next_expected, ==, next_emit);
  g_assert_cmpint (next_emit, >, 1000 * capacity);
  g_assert_cmpuint (weft_ring_get_dropped (ring), ==, 0);

  sink_clear (&sink);
  weft_ring_free (ring);
}

static void
test_drop_counting_when_full (void)
{
  const guint capacity = 32;
  WeftRing *ring = weft_ring_new (capacity, 0);
  Sink sink;
  guint stored = 0;

  sink_init (&sink);
  for (guint i = 0; i < capacity + 11; i++)
    stored += weft_ring_emit_at (ring, i, WEFT_EVENT_INSTANT, 0, 0, i, 0);

  g_assert_cmpuint (stored, ==, capacity);
  g_assert_cmpuint (weft_ring_get_dropped (ring), ==, 11);
  g_assert_cmpuint (weft_ring_get_fill (ring), ==, capacity);

  /* The oldest events survive; the ones that found the ring full are the
   * ones dropped, and nothing already stored was overwritten. */
  g_assert_cmpuint (weft_ring_drain (ring, collect, &sink), ==, capacity);
  for (guint i = 0; i < capacity; i++)
    g_assert_cmpint (g_array_index (sink.events, WeftEvent, i).value, ==, i);

  /* Room again after a drain; the count of drops stays exact. */
  g_assert_true (weft_ring_emit_at (ring, 99, WEFT_EVENT_INSTANT, 0, 0, 99, 0));
  g_assert_cmpuint (weft_ring_get_dropped (ring), ==, 11);

  sink_clear (&sink);
  weft_ring_free (ring);
}

/* A parked ring is quiet only once everything written before it parked
 * has been drained, and only until it unparks. */
static void
test_park (void)
{
  WeftRing *ring = weft_ring_new (8, 0);
  Sink sink;

  sink_init (&sink);
  g_assert_false (weft_ring_is_parked (ring));
  weft_ring_emit_at (ring, 1, WEFT_EVENT_INSTANT, 0, 0, 0, 0);
  weft_ring_emit_at (ring, 2, WEFT_EVENT_INSTANT, 0, 0, 0, 0);
  weft_ring_park (ring);
  /* Two events not taken in yet: one of them may be the oldest. */
  g_assert_false (weft_ring_is_parked (ring));
  weft_ring_drain (ring, collect, &sink);
  g_assert_true (weft_ring_is_parked (ring));
  weft_ring_unpark (ring);
  g_assert_false (weft_ring_is_parked (ring));

  /* Woken, it writes again and parks; a drain that missed the write
   * does not count as quiet. */
  weft_ring_emit_at (ring, 3, WEFT_EVENT_INSTANT, 0, 0, 0, 0);
  weft_ring_park (ring);
  g_assert_false (weft_ring_is_parked (ring));
  weft_ring_drain (ring, collect, &sink);
  g_assert_true (weft_ring_is_parked (ring));
  weft_ring_unpark (ring);

  /* Dropped events whose gap is not marked yet will come stamped in the
   * past: a ring holding them never parks. */
  for (guint i = 0; i < 12; i++)
    weft_ring_emit_at (ring, 10 + i, WEFT_EVENT_INSTANT, 0, 0, 0, 0);
  weft_ring_drain (ring, collect, &sink);
  weft_ring_park (ring);
  g_assert_false (weft_ring_is_parked (ring));

  sink_clear (&sink);
  weft_ring_free (ring);
}

static void
test_recorder_lanes (void)
{
  g_autoptr(WeftRecorder) recorder = weft_recorder_new (16);
  WeftRing *a = weft_recorder_register (recorder, "alpha");
  WeftRing *b = weft_recorder_register (recorder, "beta");
  Sink sink;

  /* A reference is the recorder itself; giving one back leaves it whole
   * for the holder of the other (AddressSanitizer sees to it). */
  g_assert_true (weft_recorder_ref (recorder) == recorder);
  weft_recorder_unref (recorder);

  sink_init (&sink);
  g_assert_cmpuint (weft_recorder_get_n_lanes (recorder), ==, 2);
  g_assert_cmpstr (weft_recorder_get_lane_name (recorder, 0), ==, "alpha");
  g_assert_cmpstr (weft_recorder_get_lane_name (recorder, 1), ==, "beta");
  g_assert_cmpint (weft_recorder_get_lane_tid (recorder, 0), >, 0);

  for (guint i = 0; i < 20; i++)
    weft_ring_emit_at (a, i, WEFT_EVENT_INSTANT, 0, 0, i, 0);
  weft_ring_emit_at (b, 5, WEFT_EVENT_INSTANT, 0, 0, 5, 0);

  g_assert_cmpuint (weft_recorder_get_fill (recorder), ==, 17);
  g_assert_cmpuint (weft_recorder_drain (recorder, collect, &sink), ==, 17);
  g_assert_cmpuint (weft_recorder_get_delivered (recorder), ==, 17);
  g_assert_cmpuint (weft_recorder_get_dropped (recorder), ==, 4);
  g_assert_cmpuint (g_array_index (sink.events, WeftEvent, 16).lane, ==, 1);

  sink_clear (&sink);
}

/* What a run's rings must hold: a worker busy recording emits about a
 * million events a second with a core to itself (weft-recorder.h), and
 * threads beyond the two cores a run's ring budget is sized for share
 * them.  The window drains once a 60 Hz frame; a ring holds two frames'
 * worth, so one late frame drops nothing. */
#define BUSY_EVENTS_PER_SEC G_GUINT64_CONSTANT (1000000)
#define BUSY_CORES 2u
#define FRAMES_BETWEEN_DRAINS 2u
#define FRAMES_PER_SEC 60u

static void
test_run_ring_capacity (void)
{
  /* Runs size their rings from a shared budget: many threads get less. */
  const struct
  {
    guint threads;
    guint capacity;
  } runs[] = {
    { 1, 65536 },
    { 4, 65536 },
    { 64, 32768 },
    { 256, 8192 },
  };
  const WeftPattern *pattern = weft_patterns_lookup ("race");
  WeftParams params;

  g_assert_nonnull (pattern);
  weft_pattern_get_default_params (pattern, &params);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(WeftRun) run = NULL;
      g_autoptr(GError) error = NULL;
      WeftRecorder *recorder;
      WeftRing *ring;
      guint64 rate = BUSY_EVENTS_PER_SEC * MIN (runs[i].threads, BUSY_CORES) / runs[i].threads;
      /* Rounded up: the frames' worth, whole. */
      guint64 busy_frames = (rate * FRAMES_BETWEEN_DRAINS + FRAMES_PER_SEC - 1) / FRAMES_PER_SEC;
      guint capacity;
      guint64 stored = 0;

      weft_params_set (&params, "threads", runs[i].threads);
      run = weft_run_new (pattern, &params, &error);
      g_assert_no_error (error);
      recorder = weft_run_get_recorder (run);
      capacity = weft_recorder_get_ring_capacity (recorder);
      g_test_message ("%u threads: rings of %u events; a busy worker emits %" G_GUINT64_FORMAT
                      " between drains", runs[i].threads, capacity, busy_frames);
      g_assert_cmpuint (capacity, ==, runs[i].capacity);

      /* A worker's ring is that size, and takes two frames of busy
       * emitting without dropping anything. */
      ring = weft_recorder_register (recorder, "worker");
      g_assert_nonnull (ring);
      g_assert_cmpuint (ring->mask + 1, ==, capacity);
      for (guint64 e = 0; e < busy_frames; e++)
        stored += weft_ring_emit_at (ring, e, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 0, e, 0);
      g_assert_cmpuint (stored, ==, busy_frames);
      g_assert_cmpuint (weft_ring_get_dropped (ring), ==, 0);
      g_assert_cmpuint (weft_ring_get_fill (ring), ==, busy_frames);
    }
}

static void
drain_nothing (const WeftEvent *events,
               gsize            n_events,
               gpointer         user_data)
{
  *(gsize *) user_data += n_events;
}

/* A ring shared with another process (weft record's) waits for room
 * while its consumer lives, and is woken by its drain; once the
 * consumer is gone, a writer never waits on it again, it drops. */
static void
test_shared_ring_consumer_gone (void)
{
  WeftRing *ring = weft_ring_new (8, 0);
  pid_t gone;
  gsize drained = 0;
  gint64 begin;

  weft_ring_wait_across_processes (ring);
  /* A pid that was a process and is no more. */
  gone = fork ();
  if (gone == 0)
    _exit (0);
  g_assert_cmpint (waitpid (gone, NULL, 0), ==, gone);
  weft_ring_set_consumer (ring, gone);

  for (guint i = 0; i < 8; i++)
    g_assert_true (weft_ring_emit (ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 0, i, 0));
  begin = g_get_monotonic_time ();
  /* Full, and nobody to drain it: dropped at once, then never waits. */
  g_assert_false (weft_ring_emit (ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 0, 8, 0));
  for (guint i = 0; i < 1000; i++)
    g_assert_false (weft_ring_emit (ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 0, 9, 0));
  g_assert_cmpint (g_get_monotonic_time () - begin, <, G_USEC_PER_SEC);
  g_assert_cmpuint (weft_ring_get_dropped (ring), ==, 1001);
  g_assert_cmpuint (weft_ring_drain (ring, drain_nothing, &drained), ==, 8);
  weft_ring_free (ring);
}

/* While the consumer lives, a full shared ring waits for its drain,
 * and nothing is lost. */
static gpointer
drain_later (gpointer data)
{
  WeftRing *ring = data;
  gsize drained = 0;

  g_usleep (50 * 1000);
  while (drained < 9)
    {
      weft_ring_drain (ring, drain_nothing, &drained);
      g_usleep (1000);
    }
  return NULL;
}

static void
test_shared_ring_waits_for_consumer (void)
{
  WeftRing *ring = weft_ring_new (8, 0);
  GThread *consumer;

  weft_ring_wait_across_processes (ring);
  weft_ring_set_consumer (ring, getpid ());
  consumer = g_thread_new ("consumer", drain_later, ring);
  for (guint i = 0; i < 9; i++)
    g_assert_true (weft_ring_emit (ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 0, i, 0));
  g_assert_cmpuint (weft_ring_get_dropped (ring), ==, 0);
  g_thread_join (consumer);
  weft_ring_free (ring);
}

/* A ring whose producer died unfinished (a recorded thread its
 * process's exit cut off) is finished by whoever saw it go: with an
 * instant stamped after everything in it, written without waiting and
 * only where there is room, and never over a ring its producer
 * finished itself. */
static void
test_finish_cut_off (void)
{
  WeftRing *ring = weft_ring_new (8, 0);
  gint64 before;
  Sink sink;

  sink_init (&sink);
  weft_ring_wait_across_processes (ring);
  weft_ring_set_consumer (ring, getpid ());

  /* Cut off parked, in a wait: unparked, then the instant. */
  weft_ring_emit (ring, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, 0, 0, 0);
  weft_ring_park (ring);
  before = weft_clock_now_ns ();
  weft_ring_finish_cut_off (ring, WEFT_INSTANT_KILLED);
  g_assert_true (weft_ring_is_finished (ring));
  g_assert_false (weft_ring_is_parked (ring));
  weft_ring_drain (ring, collect, &sink);
  g_assert_cmpuint (sink.events->len, ==, 2);
  g_assert_cmpint (g_array_index (sink.events, WeftEvent, 1).kind, ==, WEFT_EVENT_INSTANT);
  g_assert_cmpint (g_array_index (sink.events, WeftEvent, 1).code, ==, WEFT_INSTANT_KILLED);
  g_assert_cmpint (g_array_index (sink.events, WeftEvent, 1).time_ns, >=, before);
  /* Already finished: nothing more. */
  weft_ring_finish_cut_off (ring, WEFT_INSTANT_KILLED);
  g_assert_cmpuint (weft_ring_drain (ring, collect, &sink), ==, 0);
  weft_ring_free (ring);

  /* Full: finished all the same, without the instant, at once. */
  ring = weft_ring_new (8, 0);
  weft_ring_wait_across_processes (ring);
  weft_ring_set_consumer (ring, getpid ());
  for (guint i = 0; i < 8; i++)
    weft_ring_emit (ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, 0, i, 0);
  weft_ring_finish_cut_off (ring, WEFT_INSTANT_KILLED);
  g_assert_true (weft_ring_is_finished (ring));
  g_assert_cmpuint (weft_ring_get_dropped (ring), ==, 0);
  g_array_set_size (sink.events, 0);
  g_assert_cmpuint (weft_ring_drain (ring, collect, &sink), ==, 8);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpint (g_array_index (sink.events, WeftEvent, i).code, ==, WEFT_INSTANT_POST);
  weft_ring_free (ring);

  /* No instant asked: only finished. */
  ring = weft_ring_new (8, 0);
  weft_ring_finish_cut_off (ring, -1);
  g_assert_true (weft_ring_is_finished (ring));
  g_assert_cmpuint (weft_ring_drain (ring, collect, &sink), ==, 0);
  weft_ring_free (ring);
  sink_clear (&sink);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ring/order-and-content", test_order_and_content);
  g_test_add_func ("/ring/emit-stamps-monotonic-time", test_emit_stamps_monotonic_time);
  g_test_add_func ("/ring/wrap-around-many-laps", test_wrap_around_many_laps);
  g_test_add_func ("/ring/drop-counting-when-full", test_drop_counting_when_full);
  g_test_add_func ("/ring/park", test_park);
  g_test_add_func ("/ring/live-drain-batches", test_live_drain_batches);
  g_test_add_func ("/ring/stamps-never-go-back", test_stamps_never_go_back);
  g_test_add_func ("/ring/shared-consumer-gone", test_shared_ring_consumer_gone);
  g_test_add_func ("/ring/shared-waits-for-consumer", test_shared_ring_waits_for_consumer);
  g_test_add_func ("/ring/finish-cut-off", test_finish_cut_off);
  g_test_add_func ("/recorder/lanes", test_recorder_lanes);
  g_test_add_func ("/recorder/run-ring-capacity", test_run_ring_capacity);

  return g_test_run ();
}
