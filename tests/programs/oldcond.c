/* oldcond.c: producers and consumers on glibc's old condition variables
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * x86-64 only.  A program linked before glibc 2.3.2 calls the first
 * condition functions, which glibc still exports at GLIBC_2.2.5: an old
 * condition holds, in its first word, a pointer to a new one glibc
 * allocates on first use, and nothing else.  This one binds its calls
 * to those versions, as such a program's are bound.
 *
 * Known behaviour: 2 producers put ITEMS items each into a box of SLOTS
 * slots guarded by box_lock, waiting on box_not_full with
 * pthread_cond_wait@GLIBC_2.2.5; 2 consumers take them all, a little
 * slower than they come, waiting on box_not_empty with
 * pthread_cond_timedwait@GLIBC_2.2.5 (a deadline far off); signals and
 * the last broadcast are the old functions too.  Writes "taken N, sum S,
 * old layout yes|no" to the file named by its first argument, and exits
 * 0 when every item was taken once and both conditions still have the
 * old layout: a new function handed one would have written past its
 * first word.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Every reference below goes to the old versions, not the defaults. */
__asm__ (".symver pthread_cond_init, pthread_cond_init@GLIBC_2.2.5");
__asm__ (".symver pthread_cond_destroy, pthread_cond_destroy@GLIBC_2.2.5");
__asm__ (".symver pthread_cond_wait, pthread_cond_wait@GLIBC_2.2.5");
__asm__ (".symver pthread_cond_timedwait, pthread_cond_timedwait@GLIBC_2.2.5");
__asm__ (".symver pthread_cond_signal, pthread_cond_signal@GLIBC_2.2.5");
__asm__ (".symver pthread_cond_broadcast, pthread_cond_broadcast@GLIBC_2.2.5");

#define SLOTS 2
#define ITEMS 100

pthread_mutex_t box_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t box_not_full;
pthread_cond_t box_not_empty;
static int slots[SLOTS];
static int fill, head;
static long taken_sum;
static int taken;

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

  for (int i = 0; i < ITEMS; i++)
    {
      pthread_mutex_lock (&box_lock);
      while (fill == SLOTS)
        pthread_cond_wait (&box_not_full, &box_lock);
      slots[(head + fill) % SLOTS] = first + i;
      fill++;
      pthread_cond_signal (&box_not_empty);
      pthread_mutex_unlock (&box_lock);
      nap (1000);
    }
  return NULL;
}

static void *
consume (void *data)
{
  (void) data;
  for (;;)
    {
      struct timespec deadline;

      pthread_mutex_lock (&box_lock);
      clock_gettime (CLOCK_REALTIME, &deadline);
      deadline.tv_sec += 30;
      while (fill == 0 && taken < 2 * ITEMS)
        pthread_cond_timedwait (&box_not_empty, &box_lock, &deadline);
      if (taken == 2 * ITEMS)
        {
          pthread_mutex_unlock (&box_lock);
          return NULL;
        }
      taken_sum += slots[head];
      head = (head + 1) % SLOTS;
      fill--;
      taken++;
      if (taken == 2 * ITEMS)
        pthread_cond_broadcast (&box_not_empty);
      pthread_cond_signal (&box_not_full);
      pthread_mutex_unlock (&box_lock);
      nap (1500);
    }
}

/* The old layout: a pointer in the first word (set once used), and
 * every other byte as pthread_cond_init@GLIBC_2.2.5 left it, zero. */
static int
has_old_layout (pthread_cond_t *cond)
{
  static const char zero[sizeof (pthread_cond_t)];
  void *first;

  memcpy (&first, cond, sizeof first);
  return first != NULL && memcmp ((char *) cond + sizeof first, zero, sizeof (pthread_cond_t) - sizeof first) == 0;
}

int
main (int argc, char **argv)
{
  pthread_t threads[4];
  int firsts[2] = { 0, 100000 };
  long expected = 0;
  int old;
  FILE *out;

  if (argc < 2)
    return 2;
  pthread_cond_init (&box_not_full, NULL);
  pthread_cond_init (&box_not_empty, NULL);
  for (int p = 0; p < 2; p++)
    for (int i = 0; i < ITEMS; i++)
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
  old = has_old_layout (&box_not_full) && has_old_layout (&box_not_empty);
  out = fopen (argv[1], "w");
  if (out == NULL)
    return 2;
  fprintf (out, "taken %d, sum %ld, old layout %s\n", taken, taken_sum, old ? "yes" : "no");
  fclose (out);
  pthread_cond_destroy (&box_not_full);
  pthread_cond_destroy (&box_not_empty);
  return taken_sum == expected && old ? 0 : 1;
}
