/* weft-clock.h: the one clock every event is stamped with
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Libc only, at compile time and at run time: the preloaded recorder
 * (src/preload/) builds weft-clock.c too and must stamp on the same
 * time base as the Weft process, which hands it its WeftClockParams
 * through shared memory (weft_clock_set_params()).
 *
 * Two sources:
 *
 * - "tsc": the CPU's invariant time-stamp counter (constant_tsc and
 *   nonstop_tsc: it ticks at one rate whatever the core's frequency or
 *   sleep state, the same counter on every core), read in user space
 *   and scaled to nanoseconds.  Cheaper than the vDSO's clock_gettime()
 *   (bench-ring: clock.tsc.ns against clock.monotonic.ns; the fence that
 *   keeps stamps honest, below, is most of its cost).
 * - "monotonic": clock_gettime (CLOCK_MONOTONIC), answered by the vDSO,
 *   the fallback on any other CPU or when asked for (--clock=monotonic).
 *
 * Either way a stamp is in nanoseconds on CLOCK_MONOTONIC's time base:
 * the TSC is calibrated against it once, at load (weft-clock.c says
 * how closely, and how far the two may drift apart over a long run).
 * Stamps and durations use weft_clock_now_ns(); a deadline handed to
 * the kernel (pthread_cond_timedwait() on a CLOCK_MONOTONIC condition,
 * clock_nanosleep (TIMER_ABSTIME)...) must come from
 * weft_clock_monotonic_ns(), the clock the kernel counts it on.
 */

#pragma once

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* x86-64 only: the conversion multiplies in 128 bits. */
#if defined(__x86_64__)
# include <x86intrin.h>
# define WEFT_CLOCK_HAVE_TSC 1
#else
# define WEFT_CLOCK_HAVE_TSC 0
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define WEFT_NSEC_PER_SEC INT64_C (1000000000)
#define WEFT_NSEC_PER_MSEC INT64_C (1000000)

typedef enum
{
  WEFT_CLOCK_SOURCE_MONOTONIC = 1,
  WEFT_CLOCK_SOURCE_TSC = 2,
} WeftClockSource;

/* How a TSC reading becomes nanoseconds on CLOCK_MONOTONIC's base:
 *
 *   ns = base_ns + (((tsc - base_tsc) * mult) >> shift)
 *
 * with the product taken in 128 bits, so it cannot overflow however long
 * the run (2^64 ticks is over a century at 4 GHz).  Plain C types and a
 * fixed layout (32 bytes, no hidden padding), to be copied through
 * shared memory to the preloaded library.  With source MONOTONIC the
 * other fields are unused (0). */
typedef struct
{
  int64_t base_ns;
  uint64_t base_tsc;
  uint32_t mult;
  uint32_t shift;
  uint32_t source;          /* a WeftClockSource */
  uint32_t reserved;        /* 0 */
} WeftClockParams;

/* The conversion in use, never changed once published: changing clocks
 * publishes a new one (weft-clock.c).  NULL until the first use or the
 * library's constructor calibrates.  Not for use outside this header. */
extern _Atomic (const WeftClockParams *) weft_clock_current_;

int64_t         weft_clock_now_slow_     (void);

/* ns = base_ns + ((tsc - base_tsc) * mult >> shift), the difference
 * taken as signed: a reading a few ticks before the base (another
 * core's counter a hair behind) gives a time a hair before base_ns
 * rather than wrapping to centuries away. */
#if WEFT_CLOCK_HAVE_TSC
static inline int64_t
weft_clock_convert_ (const WeftClockParams *params,
                     uint64_t               tsc)
{
  __int128 ticks = (int64_t) (tsc - params->base_tsc);

  return params->base_ns + (int64_t) ((ticks * params->mult) >> params->shift);
}
#endif

void            weft_clock_init          (void);
bool            weft_clock_tsc_available (void);
bool            weft_clock_use_tsc       (void);
void            weft_clock_use_monotonic (void);
const char     *weft_clock_get_source    (void);
void            weft_clock_get_params    (WeftClockParams       *params);
bool            weft_clock_set_params    (const WeftClockParams *params);
int64_t         weft_clock_params_to_ns  (const WeftClockParams *params,
                                          uint64_t               tsc);

/* CLOCK_MONOTONIC itself, from the vDSO: for every deadline a kernel
 * wait counts on, whichever source stamps events. */
static inline int64_t
weft_clock_monotonic_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (int64_t) ts.tv_sec * WEFT_NSEC_PER_SEC + ts.tv_nsec;
}

#if WEFT_CLOCK_HAVE_TSC
/* The TSC, read no earlier than every load before it has completed.
 * RDTSC alone may execute ahead of earlier instructions, so a thread
 * that stamps "acquired" after seeing another's release could read the
 * counter before that load is done and stamp earlier than the release.
 * LFENCE holds RDTSC back until all earlier instructions have completed
 * locally (Intel always; AMD with the bit Linux sets, the same way the
 * kernel's own rdtsc_ordered() works).  Later stores cannot become
 * visible before RDTSC has executed, as stores commit in order after
 * retirement, so "releasing" stamped before a release stays before it. */
static inline uint64_t
weft_clock_read_tsc (void)
{
  _mm_lfence ();
  return __rdtsc ();
}

/* The TSC with no fence: it may be read a little before the loads and
 * stores ahead of it complete, never after this thread's later stores
 * become visible.  See weft_clock_now_unordered_ns() for when that is
 * enough. */
static inline uint64_t
weft_clock_read_tsc_unordered (void)
{
  return __rdtsc ();
}
#else
/* No TSC to read: 0, and the source is never "tsc". */
static inline uint64_t
weft_clock_read_tsc (void)
{
  return 0;
}

static inline uint64_t
weft_clock_read_tsc_unordered (void)
{
  return 0;
}
#endif

/* The hot path: one load of the published conversion, then the counter
 * and a 64x32-bit multiply, or the vDSO.
 *
 * Relaxed, not acquire, though the fields read through the pointer were
 * written by whoever published it: the pointer is only ever published
 * before the threads that stamp with it exist (the library's
 * constructor, --clock while parsing options, the preloaded library's
 * constructor, tests and the benchmark before they start their threads),
 * so thread creation already orders those writes before these reads.
 * The fields are then read through the pointer loaded here, an address
 * dependency no CPU Weft runs on reorders.  Acquire would cost nothing
 * more on x86, but under ThreadSanitizer every acquire joins vector
 * clocks: on every event, that slowed recording by a fifth there. */
static inline int64_t
weft_clock_now_ns (void)
{
  const WeftClockParams *params = atomic_load_explicit (&weft_clock_current_, memory_order_relaxed);

  if (__builtin_expect (params == NULL, 0))
    return weft_clock_now_slow_ ();
#if WEFT_CLOCK_HAVE_TSC
  if (__builtin_expect (params->source == WEFT_CLOCK_SOURCE_TSC, 1))
    return weft_clock_convert_ (params, weft_clock_read_tsc ());
#endif
  return weft_clock_monotonic_ns ();
}

/* A stamp that only has to come before what this thread does next: an
 * event stamped just before a release, a post, a signal or the start of
 * a wait.  Without the fence the TSC costs about half as much here
 * (bench-ring: clock.tsc.ns against clock.tsc.unordered.ns), and it is
 * still honest for those events: this thread's later stores, the
 * release among them, become visible only after the read has executed,
 * so any thread that sees the release stamps later.  Never for an event
 * that must come after something another thread did (an acquire, a
 * wake, a join): there the unfenced read may run ahead of the load that
 * saw it, and weft_clock_now_ns() is the one to use.  Successive reads
 * on one thread are not promised to be in order either: the ring keeps a
 * lane's stamps from going back (weft_ring_emit_at()). */
static inline int64_t
weft_clock_now_unordered_ns (void)
{
  const WeftClockParams *params = atomic_load_explicit (&weft_clock_current_, memory_order_relaxed);

  if (__builtin_expect (params == NULL, 0))
    return weft_clock_now_slow_ ();
#if WEFT_CLOCK_HAVE_TSC
  if (__builtin_expect (params->source == WEFT_CLOCK_SOURCE_TSC, 1))
    return weft_clock_convert_ (params, weft_clock_read_tsc_unordered ());
#endif
  return weft_clock_monotonic_ns ();
}

#ifdef __cplusplus
}
#endif
