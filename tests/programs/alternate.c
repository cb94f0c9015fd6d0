/* alternate.c: two threads take one mutex in turn, with work between
 * (tests/test-record.c)
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: THREADS threads each lock turn_lock ROUNDS times and
 * then work a microsecond or so outside it, so that one often takes the
 * lock without waiting moments after the other let it go: the hand-off
 * an early stamp would get wrong.  Exits 0 when the count is right.
 */

#include <pthread.h>
#include <stdio.h>

#define THREADS 2
#define ROUNDS 4000
#define WORK 300

pthread_mutex_t turn_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *
take_turns (void *data)
{
  for (int i = 0; i < ROUNDS; i++)
    {
      pthread_mutex_lock (&turn_lock);
      counter++;
      pthread_mutex_unlock (&turn_lock);
      for (volatile int w = 0; w < WORK; w++)
        ;
    }
  return NULL;
}

int
main (void)
{
  pthread_t threads[THREADS];

  for (int i = 0; i < THREADS; i++)
    pthread_create (&threads[i], NULL, take_turns, NULL);
  for (int i = 0; i < THREADS; i++)
    pthread_join (threads[i], NULL);
  printf ("counter %ld\n", counter);
  return counter == (long) THREADS * ROUNDS ? 0 : 1;
}
