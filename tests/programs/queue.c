/* queue.c: producers and consumers on a condition-variable queue
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: 2 producers put N items each (the first
 * argument, 200 without one) into a queue of SLOTS slots guarded by
 * queue_lock, waiting on not_full and not_empty; 2 consumers take them
 * all, a little slower than they come, so the queue fills.  A run takes
 * about 8 ms an item.  Prints the sum taken; exit status 0 when every
 * item was taken once.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define SLOTS 4

pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int slots[SLOTS];
static int fill, head;
static long taken_sum;
static int taken;
static int items = 200;

static void
nap (long us)
{
  struct timespec ts = { 0, us * 1000 };
  nanosleep (&ts, NULL);
}

static void *
produce (void *data)
{
  int first = *(int *) data;

  for (int i = 0; i < items; i++)
    {
      pthread_mutex_lock (&queue_lock);
      while (fill == SLOTS)
        pthread_cond_wait (&not_full, &queue_lock);
      slots[(head + fill) % SLOTS] = first + i;
      fill++;
      pthread_cond_signal (&not_empty);
      pthread_mutex_unlock (&queue_lock);
      nap (5000);
    }
  return NULL;
}

static void *
consume (void *data)
{
  for (;;)
    {
      pthread_mutex_lock (&queue_lock);
      while (fill == 0 && taken < 2 * items)
        pthread_cond_wait (&not_empty, &queue_lock);
      if (taken == 2 * items)
        {
          pthread_mutex_unlock (&queue_lock);
          return NULL;
        }
      taken_sum += slots[head];
      head = (head + 1) % SLOTS;
      fill--;
      taken++;
      if (taken == 2 * items)
        pthread_cond_broadcast (&not_empty);
      pthread_cond_signal (&not_full);
      pthread_mutex_unlock (&queue_lock);
      nap (8000);
    }
}

int
main (int argc, char **argv)
{
  pthread_t threads[4];
  int firsts[2] = { 0, 100000 };
  long expected = 0;

  if (argc > 1)
    items = atoi (argv[1]);

  for (int p = 0; p < 2; p++)
    for (int i = 0; i < items; i++)
      expected += firsts[p] + i;
  pthread_create (&threads[0], NULL, produce, &firsts[0]);
  pthread_create (&threads[1], NULL, produce, &firsts[1]);
  pthread_create (&threads[2], NULL, consume, NULL);
  pthread_create (&threads[3], NULL, consume, NULL);
  pthread_setname_np (threads[0], "producer-1");
  pthread_setname_np (threads[1], "producer-2");
  pthread_setname_np (threads[2], "consumer-1");
  pthread_setname_np (threads[3], "consumer-2");
  for (int i = 0; i < 4; i++)
    pthread_join (threads[i], NULL);
  printf ("taken %d, sum %ld\n", taken, taken_sum);
  return taken_sum == expected ? 0 : 1;
}
