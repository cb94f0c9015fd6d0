/* weft-clock.h: the one clock every event is stamped with
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <time.h>

G_BEGIN_DECLS

#define WEFT_NSEC_PER_SEC G_GINT64_CONSTANT (1000000000)
#define WEFT_NSEC_PER_MSEC G_GINT64_CONSTANT (1000000)

/* CLOCK_MONOTONIC is answered by the vDSO on Linux, so this is the only
 * "system call" a worker's hot path makes, and it costs no kernel entry.
 * It is one clock for every CPU, which is what lets timestamps taken on
 * different threads be compared to prove ordering. */
static inline gint64
weft_clock_now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * WEFT_NSEC_PER_SEC + ts.tv_nsec;
}

G_END_DECLS
