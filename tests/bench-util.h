/* bench-util.h: the shared shape of every benchmark's output
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdio.h>
#include <time.h>

/* CPU time this thread has used: what a producer pays, without the time
 * it sat preempted while another thread had the core. */
static inline gint64
bench_thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static inline int
bench_compare_doubles (gconstpointer a,
                       gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Sorts samples in place. */
static inline double
bench_median (GArray *samples)
{
  g_assert (samples->len > 0);
  g_array_sort (samples, bench_compare_doubles);
  return g_array_index (samples, double, samples->len / 2);
}

/* Sorts samples in place. */
static inline double
bench_percentile (GArray *samples,
                  double  percentile)
{
  guint index;

  g_assert (samples->len > 0);
  g_array_sort (samples, bench_compare_doubles);
  index = (guint) (percentile / 100.0 * (samples->len - 1) + 0.5);
  return g_array_index (samples, double, MIN (index, samples->len - 1));
}

/* One figure per line, `name value unit`, as DESIGN.md asks. */
static inline void
bench_print (const char *name,
             double      value,
             const char *unit)
{
  printf ("%s %.2f %s\n", name, value, unit);
  fflush (stdout);
}
