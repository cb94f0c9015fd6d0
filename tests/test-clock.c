/* test-clock.c: the stamps' clock, TSC or CLOCK_MONOTONIC
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib.h>
#include <string.h>

#include "weft-clock.h"

/* How far a TSC stamp may be from CLOCK_MONOTONIC: the calibration's
 * error at the start (tens of ns), its rate error over the seconds since
 * (a few ppm) and anything NTP changed meanwhile, with room for a busy
 * machine.  A wrong conversion (a factor of two, a lost bit) is off by
 * milliseconds at least. */
#define OFFSET_TOLERANCE_NS (50 * G_GINT64_CONSTANT (1000))
/* How far the two may draw apart over WINDOW_NS: 100 ppm. */
#define WINDOW_NS (200 * WEFT_NSEC_PER_MSEC)
#define DRIFT_TOLERANCE_NS (20 * G_GINT64_CONSTANT (1000))

static gboolean
light (void)
{
  return g_getenv ("WEFT_TEST_LIGHT") != NULL;
}

/* The stamp's clock less CLOCK_MONOTONIC at one moment, from the
 * narrowest of many brackets "monotonic, stamp, monotonic", so that a
 * preemption in one does not count. */
static gint64
offset_from_monotonic (void)
{
  gint64 narrowest = G_MAXINT64, offset = 0;

  for (guint i = 0; i < 2000; i++)
    {
      gint64 before = weft_clock_monotonic_ns ();
      gint64 stamp = weft_clock_now_ns ();
      gint64 after = weft_clock_monotonic_ns ();

      if (after - before < narrowest)
        {
          narrowest = after - before;
          offset = stamp - (before + (after - before) / 2);
        }
    }
  return offset;
}

static void
test_tsc_agrees_with_monotonic (void)
{
  gint64 start, end;

  if (!weft_clock_use_tsc ())
    {
      g_test_skip ("no invariant TSC on this CPU");
      return;
    }
  g_assert_cmpstr (weft_clock_get_source (), ==, "tsc");

  start = offset_from_monotonic ();
  g_usleep (WINDOW_NS / 1000);
  end = offset_from_monotonic ();
  g_test_message ("TSC less CLOCK_MONOTONIC: %" G_GINT64_FORMAT " ns, then %" G_GINT64_FORMAT
                  " ns %" G_GINT64_FORMAT " ms later: drift %" G_GINT64_FORMAT " ns (%.2f ppm)",
                  start, end, WINDOW_NS / WEFT_NSEC_PER_MSEC, end - start,
                  (end - start) * 1e6 / WINDOW_NS);
  g_assert_cmpint (ABS (start), <=, OFFSET_TOLERANCE_NS);
  g_assert_cmpint (ABS (end), <=, OFFSET_TOLERANCE_NS);
  g_assert_cmpint (ABS (end - start), <=, DRIFT_TOLERANCE_NS);
}

/* Monotonic: the very clock, so every stamp lies inside its bracket. */
static void
test_force_monotonic (void)
{
  gboolean had_tsc = weft_clock_tsc_available ();

  weft_clock_use_monotonic ();
  g_assert_cmpstr (weft_clock_get_source (), ==, "monotonic");
  for (guint i = 0; i < 1000; i++)
    {
      gint64 before = weft_clock_monotonic_ns ();
      gint64 stamp = weft_clock_now_ns ();
      gint64 after = weft_clock_monotonic_ns ();

      g_assert_cmpint (before, <=, stamp);
      g_assert_cmpint (stamp, <=, after);
    }

  g_assert_cmpint (weft_clock_use_tsc (), ==, had_tsc);
  g_assert_cmpstr (weft_clock_get_source (), ==, had_tsc ? "tsc" : "monotonic");
}

typedef struct
{
  _Atomic gint64 published;     /* the writer's latest stamp, 0 before any */
  _Atomic gint64 seen;          /* the reader's acknowledgement of it */
  guint rounds;
  guint64 out_of_order;
  gint64 worst_ns;
} HandOff;

/* Stamps, then publishes the stamp; waits until the reader has seen it. */
static gpointer
hand_off_writer (gpointer data)
{
  HandOff *hand_off = data;

  for (guint i = 0; i < hand_off->rounds; i++)
    {
      gint64 stamp = weft_clock_now_ns ();

      /* Release: the stamp was taken before this store, in program
       * order; the reader's acquire makes its own later stamp follow. */
      atomic_store_explicit (&hand_off->published, stamp, memory_order_release);
      /* Acquire: pairs with the reader's release of `seen`. */
      while (atomic_load_explicit (&hand_off->seen, memory_order_acquire) != stamp)
        ;
    }
  return NULL;
}

static void
hand_off_read (HandOff *hand_off)
{
  gint64 last = 0;

  for (guint i = 0; i < hand_off->rounds; i++)
    {
      gint64 published, stamp;

      /* Acquire: pairs with the writer's release; the stamp below is
       * taken after this load has returned the writer's stamp. */
      while ((published = atomic_load_explicit (&hand_off->published, memory_order_acquire)) == last)
        ;
      stamp = weft_clock_now_ns ();
      if (stamp < published)
        {
          hand_off->out_of_order++;
          hand_off->worst_ns = MAX (hand_off->worst_ns, published - stamp);
        }
      last = published;
      /* Release: lets the writer go on to its next stamp. */
      atomic_store_explicit (&hand_off->seen, published, memory_order_release);
    }
}

/* Two threads (on two cores when there are two) hand a stamp back and
 * forth; the one that sees it stamps no earlier. */
static void
check_hand_off_order (void)
{
  HandOff hand_off = { .rounds = light () ? 20000 : 200000 };
  GThread *writer;

  atomic_init (&hand_off.published, 0);
  atomic_init (&hand_off.seen, 0);
  writer = g_thread_new ("writer", hand_off_writer, &hand_off);
  hand_off_read (&hand_off);
  g_thread_join (writer);

  g_test_message ("%s: %u hand-offs, %" G_GUINT64_FORMAT " out of order (worst by %" G_GINT64_FORMAT " ns)",
                  weft_clock_get_source (), hand_off.rounds, hand_off.out_of_order, hand_off.worst_ns);
  g_assert_cmpuint (hand_off.out_of_order, ==, 0);
}

static void
test_ordered_across_threads (void)
{
  if (weft_clock_use_tsc ())
    check_hand_off_order ();
  weft_clock_use_monotonic ();
  check_hand_off_order ();
  weft_clock_use_tsc ();
}

/* Another process's conversion, set here, gives the same times for the
 * same counter readings: the preloaded library's stamps then line up
 * with Weft's. */
static void
test_params_round_trip (void)
{
  WeftClockParams mine, copy, back, broken;
  guint64 ticks_per_hour;

  if (!weft_clock_use_tsc ())
    {
      g_test_skip ("no invariant TSC on this CPU");
      return;
    }
  weft_clock_get_params (&mine);
  g_assert_cmpuint (mine.source, ==, WEFT_CLOCK_SOURCE_TSC);
  g_assert_cmpuint (mine.mult, >, 0);

  copy = mine;
  weft_clock_use_monotonic ();
  g_assert_true (weft_clock_set_params (&copy));
  g_assert_cmpstr (weft_clock_get_source (), ==, "tsc");
  weft_clock_get_params (&back);
  g_assert_cmpmem (&back, sizeof back, &mine, sizeof mine);

  /* The same reading, the same time, over a day either side of the base. */
  ticks_per_hour = (guint64) ((((unsigned __int128) 3600 * WEFT_NSEC_PER_SEC) << mine.shift) / mine.mult);
  for (gint64 hours = -24; hours <= 24; hours++)
    {
      guint64 tsc = mine.base_tsc + (guint64) (hours * (gint64) ticks_per_hour);
      gint64 expected = mine.base_ns + hours * 3600 * WEFT_NSEC_PER_SEC;

      g_assert_cmpint (weft_clock_params_to_ns (&back, tsc), ==, weft_clock_params_to_ns (&mine, tsc));
      /* No overflow: hours of ticks still scale to hours, to within
       * the 32-bit rate's rounding (well under a ppm). */
      g_assert_cmpint (ABS (weft_clock_params_to_ns (&mine, tsc) - expected), <=,
                       ABS (hours) * 3600 * G_GINT64_CONSTANT (1000) + 1000);
    }

  /* Stamps taken with the set conversion are its conversions of the
   * counter read around them. */
  for (guint i = 0; i < 1000; i++)
    {
      gint64 before = weft_clock_params_to_ns (&mine, weft_clock_read_tsc ());
      gint64 stamp = weft_clock_now_ns ();
      gint64 after = weft_clock_params_to_ns (&mine, weft_clock_read_tsc ());

      g_assert_cmpint (before, <=, stamp);
      g_assert_cmpint (stamp, <=, after);
    }

  /* Another base moves every stamp by exactly the difference. */
  copy.base_ns += WEFT_NSEC_PER_SEC;
  g_assert_true (weft_clock_set_params (&copy));
  {
    guint64 tsc = weft_clock_read_tsc ();
    g_assert_cmpint (weft_clock_params_to_ns (&copy, tsc) - weft_clock_params_to_ns (&mine, tsc), ==,
                     WEFT_NSEC_PER_SEC);
  }

  /* Nonsense is refused and changes nothing. */
  broken = mine;
  broken.mult = 0;
  g_assert_false (weft_clock_set_params (&broken));
  broken = mine;
  broken.source = 7;
  g_assert_false (weft_clock_set_params (&broken));
  weft_clock_get_params (&back);
  g_assert_cmpmem (&back, sizeof back, &copy, sizeof copy);

  /* A monotonic conversion round-trips too. */
  weft_clock_use_monotonic ();
  weft_clock_get_params (&back);
  g_assert_cmpuint (back.source, ==, WEFT_CLOCK_SOURCE_MONOTONIC);
  weft_clock_use_tsc ();
  g_assert_true (weft_clock_set_params (&back));
  g_assert_cmpstr (weft_clock_get_source (), ==, "monotonic");

  g_assert_true (weft_clock_use_tsc ());
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clock/tsc-agrees-with-monotonic", test_tsc_agrees_with_monotonic);
  g_test_add_func ("/clock/force-monotonic", test_force_monotonic);
  g_test_add_func ("/clock/ordered-across-threads", test_ordered_across_threads);
  g_test_add_func ("/clock/params-round-trip", test_params_round_trip);

  return g_test_run ();
}
