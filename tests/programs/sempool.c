/* sempool.c: six threads share a pool of two connections (a semaphore)
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: never more than POOL threads inside at once (counted
 * under a mutex, and the program fails if it sees more); exit status 0.
 */

#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <time.h>

#define THREADS 6
#define POOL 2
#define ROUNDS 20

sem_t pool;
pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static int inside, most;

static void *
use (void *data)
{
  struct timespec ts = { 0, 300 * 1000 };

  for (int i = 0; i < ROUNDS; i++)
    {
      sem_wait (&pool);
      pthread_mutex_lock (&count_lock);
      inside++;
      most = inside > most ? inside : most;
      pthread_mutex_unlock (&count_lock);
      nanosleep (&ts, NULL);
      pthread_mutex_lock (&count_lock);
      inside--;
      pthread_mutex_unlock (&count_lock);
      sem_post (&pool);
    }
  return NULL;
}

int
main (void)
{
  pthread_t threads[THREADS];

  sem_init (&pool, 0, POOL);
  for (int i = 0; i < THREADS; i++)
    pthread_create (&threads[i], NULL, use, NULL);
  for (int i = 0; i < THREADS; i++)
    pthread_join (threads[i], NULL);
  printf ("at most %d inside\n", most);
  return most <= POOL ? 0 : 1;
}
