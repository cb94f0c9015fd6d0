/* counter.c: threads add to one counter under a mutex (tests/test-record.c)
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: THREADS threads each lock table_lock ROUNDS times;
 * the counter ends at THREADS * ROUNDS, printed, and the exit status is 0.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define THREADS 4
#define ROUNDS 2000

pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *
add (void *data)
{
  char name[16];

  /* Named by itself: a thread named from outside may be gone already. */
  snprintf (name, sizeof name, "adder-%d", *(int *) data);
  pthread_setname_np (pthread_self (), name);
  for (int i = 0; i < ROUNDS; i++)
    {
      pthread_mutex_lock (&table_lock);
      counter++;
      pthread_mutex_unlock (&table_lock);
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  pthread_t threads[THREADS];
  int numbers[THREADS];

  for (int i = 0; i < THREADS; i++)
    {
      numbers[i] = i + 1;
      pthread_create (&threads[i], NULL, add, &numbers[i]);
    }
  for (int i = 0; i < THREADS; i++)
    pthread_join (threads[i], NULL);
  printf ("counter %ld\n", counter);
  return counter == (long) THREADS * ROUNDS ? 0 : 1;
}
