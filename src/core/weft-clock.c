/* weft-clock.c: choosing and calibrating the clock events are stamped with
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Libc only (no GLib call): the preloaded recorder compiles this file
 * too.  It defines WEFT_CLOCK_NO_CONSTRUCTOR, so that a program it is
 * loaded into does not spend the calibration at start, and sets the
 * Weft process's conversion instead (weft_clock_set_params()).
 *
 * Calibration.  At load a constructor reads the TSC and CLOCK_MONOTONIC
 * together twice, CALIBRATION_NS apart.  Each reading is the best of
 * SAMPLE_TRIES brackets "TSC, clock_gettime(), TSC": the narrowest
 * bracket (about 40 ns here) is the one least disturbed by an interrupt
 * or a preemption, and the clock's reading is matched with its middle,
 * so each end is known to within half a bracket.  Over 5 ms that bounds
 * the rate's error by 2 * 20 ns / 5 ms = 8 ppm; test-clock measures what
 * it is on the machine it runs on (0.01 to 2.1 ppm over runs on a KVM
 * guest, whose CLOCK_MONOTONIC is itself computed from the TSC).
 *
 * Drift.  There is no recalibration, so a TSC stamp and CLOCK_MONOTONIC
 * can draw apart over a run by that rate error (at most 8 ppm: 29 ms an
 * hour),
 * plus any change in the rate NTP slews CLOCK_MONOTONIC at after the
 * calibration (the kernel bounds the slew at 500 ppm; a synchronised
 * clock moves by a few ppm).  Nothing in Weft compares a stamp with
 * CLOCK_MONOTONIC across a long stretch: stamps are compared with each
 * other, all on the TSC, and exported relative to the run's start, so
 * a drift only scales shown durations by those few ppm.  Kernel
 * deadlines are taken on CLOCK_MONOTONIC itself (weft-clock.h), and a
 * deadline counted in stamps converts only a duration, off by the same
 * few ppm of it.
 *
 * A virtual machine saved and restored, or migrated, may see its TSC
 * jump or change rate while the kernel's clock does not; Linux then
 * usually clears constant_tsc/nonstop_tsc, or does not, and
 * --clock=monotonic is the way out.
 */

#include "weft-clock.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if WEFT_CLOCK_HAVE_TSC
# include <cpuid.h>
#endif

#define CALIBRATION_NS (5 * WEFT_NSEC_PER_MSEC)
#define SAMPLE_TRIES 64

_Atomic (const WeftClockParams *) weft_clock_current_;

static const WeftClockParams monotonic_params = { .source = WEFT_CLOCK_SOURCE_MONOTONIC };

/* Written once, inside pthread_once(), before any pointer to it is
 * published; read-only after. */
static WeftClockParams calibrated;
static bool have_tsc;
static pthread_once_t calibrate_once = PTHREAD_ONCE_INIT;

/* Conversions given by weft_clock_set_params(), newest first.  Never
 * freed: a thread may still be converting with one a moment after the
 * next is published, and they stay reachable from here (a few, at most,
 * in a process's life). */
typedef struct _SetParams SetParams;
struct _SetParams
{
  WeftClockParams params;
  SetParams *older;
};
static _Atomic (SetParams *) given;

#if WEFT_CLOCK_HAVE_TSC
/* "constant_tsc" and "nonstop_tsc" as whole words on the flags line. */
static bool
cpuinfo_has_invariant_tsc (void)
{
  FILE *cpuinfo = fopen ("/proc/cpuinfo", "re");
  char *line = NULL;
  size_t size = 0;
  bool constant = false, nonstop = false;

  if (cpuinfo == NULL)
    return false;
  while (getline (&line, &size, cpuinfo) > 0)
    {
      char *colon = strchr (line, ':');

      if (strncmp (line, "flags", 5) != 0 || colon == NULL)
        continue;
      for (char *save = NULL, *word = strtok_r (colon + 1, " \t\n", &save);
           word != NULL; word = strtok_r (NULL, " \t\n", &save))
        {
          constant |= strcmp (word, "constant_tsc") == 0;
          nonstop |= strcmp (word, "nonstop_tsc") == 0;
        }
      break;
    }
  free (line);
  fclose (cpuinfo);

  return constant && nonstop;
}

/* CPUID 0x80000007, EDX bit 8: the TSC is invariant (Intel and AMD). */
static bool
cpuid_has_invariant_tsc (void)
{
  unsigned int eax, ebx, ecx, edx;

  if (__get_cpuid_max (0x80000000, NULL) < 0x80000007)
    return false;
  __cpuid (0x80000007, eax, ebx, ecx, edx);
  return (edx & (1u << 8)) != 0;
}

/* One reading of both clocks, from the narrowest of SAMPLE_TRIES brackets. */
static void
sample_both (uint64_t *tsc,
             int64_t  *ns)
{
  uint64_t narrowest = UINT64_MAX;

  for (int i = 0; i < SAMPLE_TRIES; i++)
    {
      uint64_t before = weft_clock_read_tsc ();
      int64_t mono = weft_clock_monotonic_ns ();
      uint64_t after = weft_clock_read_tsc ();

      if (after - before < narrowest)
        {
          narrowest = after - before;
          *tsc = before + (after - before) / 2;
          *ns = mono;
        }
    }
}

/* mult and shift for ns = ticks * mult >> shift: the largest shift whose
 * mult still fits in 32 bits, so the rate keeps about 9 digits. */
static bool
compute_scale (uint64_t  ticks,
               int64_t   ns,
               uint32_t *mult,
               uint32_t *shift)
{
  if (ticks == 0 || ns <= 0)
    return false;
  for (uint32_t s = 63; s > 0; s--)
    {
      unsigned __int128 m = (((unsigned __int128) ns << s) + ticks / 2) / ticks;

      if (m <= UINT32_MAX)
        {
          if (m == 0)
            return false;
          *mult = (uint32_t) m;
          *shift = s;
          return true;
        }
    }
  return false;
}

static void
calibrate (void)
{
  struct timespec nap = { 0, CALIBRATION_NS };
  uint64_t tsc0 = 0, tsc1 = 0;
  int64_t ns0 = 0, ns1 = 0;

  if (!cpuid_has_invariant_tsc () && !cpuinfo_has_invariant_tsc ())
    return;

  sample_both (&tsc0, &ns0);
  /* Asleep, not spinning: the CPU is the program's, not ours. */
  while (nanosleep (&nap, &nap) != 0)
    ;
  sample_both (&tsc1, &ns1);
  if (tsc1 <= tsc0 || !compute_scale (tsc1 - tsc0, ns1 - ns0, &calibrated.mult, &calibrated.shift))
    return;

  /* Anchored at the first reading, some milliseconds before any stamp
   * can be taken with it, so even a core whose counter lags a little
   * never reads below the base (the conversion would cope anyway). */
  calibrated.base_tsc = tsc0;
  calibrated.base_ns = ns0;
  calibrated.source = WEFT_CLOCK_SOURCE_TSC;
  have_tsc = true;
}
#else
static void
calibrate (void)
{
}
#endif

/* Publishes @params unless a conversion already is.  Release: pairs with
 * the acquire in weft_clock_get_params() (weft_clock_now_ns() relies on
 * thread creation as well, see there), so a thread that sees the
 * pointer sees the fields written before. */
static void
publish_first (const WeftClockParams *params)
{
  const WeftClockParams *none = NULL;

  atomic_compare_exchange_strong_explicit (&weft_clock_current_, &none, params,
                                           memory_order_release, memory_order_relaxed);
}

/* Release, as in publish_first(): the new conversion's fields are
 * visible to whoever loads the pointer with acquire. */
static void
publish (const WeftClockParams *params)
{
  atomic_store_explicit (&weft_clock_current_, params, memory_order_release);
}

/**
 * weft_clock_init:
 *
 * Calibrates the TSC if the CPU has an invariant one, and stamps with it
 * unless a clock was chosen already (weft_clock_use_monotonic(),
 * weft_clock_set_params()).  Thread-safe; costs the calibration (a few
 * ms) once per process, nothing after.  Runs when the library loads, and
 * on the first stamp where there is no constructor.
 */
void
weft_clock_init (void)
{
  pthread_once (&calibrate_once, calibrate);
  /* pthread_once() orders calibrate()'s writes before this read. */
  publish_first (have_tsc ? &calibrated : &monotonic_params);
}

#ifndef WEFT_CLOCK_NO_CONSTRUCTOR
__attribute__ ((constructor)) static void
weft_clock_constructor (void)
{
  weft_clock_init ();
}
#endif

int64_t
weft_clock_now_slow_ (void)
{
  weft_clock_init ();
  return weft_clock_now_ns ();
}

/* Whether this CPU has an invariant TSC that could be calibrated. */
bool
weft_clock_tsc_available (void)
{
  pthread_once (&calibrate_once, calibrate);
  return have_tsc;
}

/**
 * weft_clock_use_tsc:
 *
 * Stamps with the TSC from now on, as calibrated at start.  Only while
 * no other thread stamps: the threads that will are started after, which
 * is what lets weft_clock_now_ns() load the choice relaxed.
 *
 * Returns: %false, changing nothing, when there is no invariant TSC
 */
bool
weft_clock_use_tsc (void)
{
  if (!weft_clock_tsc_available ())
    return false;
  publish (&calibrated);
  return true;
}

/* Stamps with CLOCK_MONOTONIC from now on; see weft_clock_use_tsc(). */
void
weft_clock_use_monotonic (void)
{
  /* No calibration: weft_clock_init() never replaces a published choice. */
  publish (&monotonic_params);
}

/* "tsc" or "monotonic", as --clock and the JSON trace name them. */
const char *
weft_clock_get_source (void)
{
  WeftClockParams params;

  weft_clock_get_params (&params);
  return params.source == WEFT_CLOCK_SOURCE_TSC ? "tsc" : "monotonic";
}

/* The conversion in use, to hand to another process. */
void
weft_clock_get_params (WeftClockParams *params)
{
  /* Acquire, as in weft_clock_now_ns(): its fields are read below. */
  const WeftClockParams *current = atomic_load_explicit (&weft_clock_current_, memory_order_acquire);

  if (current == NULL)
    {
      weft_clock_init ();
      current = atomic_load_explicit (&weft_clock_current_, memory_order_acquire);
    }
  *params = *current;
}

/**
 * weft_clock_set_params:
 * @params: a conversion from weft_clock_get_params(), maybe another process's
 *
 * Stamps with @params from now on, so that this process's stamps are on
 * the same time base as the process that gave them.  Like
 * weft_clock_use_tsc(), only while no other thread stamps.
 *
 * Returns: %false, changing nothing, when @params is not a conversion
 * this CPU can use (a TSC one on a CPU without an invariant TSC, a
 * nonsense scale), or memory ran out
 */
bool
weft_clock_set_params (const WeftClockParams *params)
{
  SetParams *node;

  if (params->source == WEFT_CLOCK_SOURCE_MONOTONIC)
    {
      weft_clock_use_monotonic ();
      return true;
    }
  if (params->source != WEFT_CLOCK_SOURCE_TSC || params->mult == 0 || params->shift >= 64 ||
      !WEFT_CLOCK_HAVE_TSC)
    return false;

  node = calloc (1, sizeof *node);
  if (node == NULL)
    return false;
  node->params = *params;
  node->params.reserved = 0;
  /* Relaxed: `given` only keeps the nodes reachable; nothing reads
   * through it, so the CAS needs no ordering of its own. */
  node->older = atomic_load_explicit (&given, memory_order_relaxed);
  while (!atomic_compare_exchange_weak_explicit (&given, &node->older, node,
                                                 memory_order_relaxed, memory_order_relaxed))
    ;
  /* Not calibrated here, which is the point for the preloaded library:
   * weft_clock_init() never replaces a published choice. */
  publish (&node->params);
  return true;
}

/* What weft_clock_now_ns() would answer with @params for the TSC
 * reading @tsc; for tests, and for a collector converting another
 * process's raw readings.  CLOCK_MONOTONIC now for a monotonic @params. */
int64_t
weft_clock_params_to_ns (const WeftClockParams *params,
                         uint64_t               tsc)
{
#if WEFT_CLOCK_HAVE_TSC
  if (params->source == WEFT_CLOCK_SOURCE_TSC)
    return weft_clock_convert_ (params, tsc);
#endif
  (void) tsc;
  return weft_clock_monotonic_ns ();
}
