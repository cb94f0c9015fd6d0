/* late.c: a program that starts its threads late, one at a time
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: main sleeps, then starts three threads 50 ms apart;
 * each locks late_lock a few times.  Exit status 0.
 */

#include <pthread.h>
#include <time.h>

pthread_mutex_t late_lock = PTHREAD_MUTEX_INITIALIZER;

static void
nap_ms (long ms)
{
  struct timespec ts = { 0, ms * 1000 * 1000 };
  nanosleep (&ts, NULL);
}

static void *
work (void *data)
{
  for (int i = 0; i < 5; i++)
    {
      pthread_mutex_lock (&late_lock);
      nap_ms (1);
      pthread_mutex_unlock (&late_lock);
    }
  return NULL;
}

int
main (void)
{
  pthread_t threads[3];

  nap_ms (100);
  for (int i = 0; i < 3; i++)
    {
      pthread_create (&threads[i], NULL, work, NULL);
      nap_ms (50);
    }
  for (int i = 0; i < 3; i++)
    pthread_join (threads[i], NULL);
  return 0;
}
