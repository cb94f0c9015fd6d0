/* barrier.c: four threads work in phases separated by a barrier
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: PHASES phases; no thread leaves a phase before the
 * last has arrived (each checks a shared count); exit status 0.
 */

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#define THREADS 4
#define PHASES 5

pthread_barrier_t phase_barrier;
static atomic_int arrived[PHASES];
static atomic_int early;

static void *
work (void *data)
{
  int n = *(int *) data;

  for (int p = 0; p < PHASES; p++)
    {
      struct timespec ts = { 0, (long) (n + 1) * 200 * 1000 };

      nanosleep (&ts, NULL);
      atomic_fetch_add (&arrived[p], 1);
      pthread_barrier_wait (&phase_barrier);
      if (atomic_load (&arrived[p]) != THREADS)
        atomic_fetch_add (&early, 1);
    }
  return NULL;
}

int
main (void)
{
  pthread_t threads[THREADS];
  int numbers[THREADS];

  pthread_barrier_init (&phase_barrier, NULL, THREADS);
  for (int i = 0; i < THREADS; i++)
    {
      numbers[i] = i;
      pthread_create (&threads[i], NULL, work, &numbers[i]);
    }
  for (int i = 0; i < THREADS; i++)
    pthread_join (threads[i], NULL);
  printf ("%d left early\n", atomic_load (&early));
  return atomic_load (&early) == 0 ? 0 : 1;
}
