/* mutex-loop.c: lock/unlock pairs, timed by the program itself
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For bench-record: `mutex-loop PAIRS THREADS OUT` runs THREADS threads,
 * each doing PAIRS uncontended pthread_mutex_lock/unlock pairs on a
 * mutex of its own, and writes to OUT the fastest thread's nanoseconds
 * per pair.  The pairs come in batches of BATCH, timed apart from the
 * millisecond's rest after each, in which a recorder's collector drains:
 * so with one thread it is the recorder's cost on the path that records,
 * never a wait for room.  With several on a shared lock (`shared` as a
 * fourth argument), a lock-heavy program's whole run, not paced.
 */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 2 events a pair: well inside a recorder's ring of 8192. */
#define BATCH 2000

static long pairs;
static int shared;
static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;

/* The thread's own CPU time: what the pairs cost it, without the time it
 * sat preempted while another process (a recorder's collector, on a
 * loaded machine) had the core. */
static double
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void *
loop (void *data)
{
  pthread_mutex_t own = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_t *lock = shared ? &shared_lock : &own;
  double *result = data;
  struct timespec rest = { 0, 1000 * 1000 };
  double spent = 0;

  for (long done = 0; done < pairs;)
    {
      long batch = shared ? pairs : BATCH < pairs - done ? BATCH : pairs - done;
      double begin = now_ns ();

      for (long i = 0; i < batch; i++)
        {
          pthread_mutex_lock (lock);
          counter++;
          pthread_mutex_unlock (lock);
        }
      spent += now_ns () - begin;
      done += batch;
      if (!shared)
        nanosleep (&rest, NULL);
    }
  *result = spent / pairs;
  return NULL;
}

int
main (int argc, char **argv)
{
  int n_threads;
  pthread_t threads[64];
  double results[64], best;
  FILE *out;

  if (argc < 4)
    return 2;
  pairs = atol (argv[1]);
  n_threads = atoi (argv[2]);
  shared = argc > 4 && strcmp (argv[4], "shared") == 0;
  if (pairs <= 0 || n_threads < 1 || n_threads > 64)
    return 2;
  for (int i = 0; i < n_threads; i++)
    pthread_create (&threads[i], NULL, loop, &results[i]);
  for (int i = 0; i < n_threads; i++)
    pthread_join (threads[i], NULL);
  best = results[0];
  for (int i = 1; i < n_threads; i++)
    best = results[i] < best ? results[i] : best;
  out = fopen (argv[3], "w");
  if (out == NULL)
    return 1;
  fprintf (out, "%.3f\n", best);
  return fclose (out) == 0 ? 0 : 1;
}
