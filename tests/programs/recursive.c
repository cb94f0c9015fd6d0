/* recursive.c: two threads take a recursive mutex three deep
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: each thread locks nested_lock (PTHREAD_MUTEX_RECURSIVE,
 * as GLib's GRecMutex and Python's RLock are) three times, then unlocks
 * it three times, 200 rounds.  One thread inside at a time, however
 * deep: mutual exclusion holds.  Exit status 0.
 */

#define _GNU_SOURCE
#include <pthread.h>

pthread_mutex_t nested_lock;
static int depth_seen;

static void *
work (void *data)
{
  for (int i = 0; i < 200; i++)
    {
      pthread_mutex_lock (&nested_lock);
      pthread_mutex_lock (&nested_lock);
      pthread_mutex_lock (&nested_lock);
      depth_seen++;
      pthread_mutex_unlock (&nested_lock);
      pthread_mutex_unlock (&nested_lock);
      pthread_mutex_unlock (&nested_lock);
    }
  return NULL;
}

int
main (void)
{
  pthread_mutexattr_t attr;
  pthread_t a, b;

  pthread_mutexattr_init (&attr);
  pthread_mutexattr_settype (&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init (&nested_lock, &attr);
  pthread_create (&a, NULL, work, NULL);
  pthread_create (&b, NULL, work, NULL);
  pthread_join (a, NULL);
  pthread_join (b, NULL);
  return depth_seen == 400 ? 0 : 1;
}
