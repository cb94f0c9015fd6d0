/* deadlock.c: two threads take two mutexes in opposite orders
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: left takes fork_a then fork_b, right takes fork_b
 * then fork_a; a barrier between their first and second lock makes the
 * cycle certain.  It never exits on its own: Weft must find the cycle
 * and stop it.
 */

#include <pthread.h>
#include <stdio.h>

pthread_mutex_t fork_a = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t fork_b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_one;

static void *
left (void *data)
{
  pthread_mutex_lock (&fork_a);
  pthread_barrier_wait (&both_hold_one);
  pthread_mutex_lock (&fork_b);
  pthread_mutex_unlock (&fork_b);
  pthread_mutex_unlock (&fork_a);
  return NULL;
}

static void *
right (void *data)
{
  pthread_mutex_lock (&fork_b);
  pthread_barrier_wait (&both_hold_one);
  pthread_mutex_lock (&fork_a);
  pthread_mutex_unlock (&fork_a);
  pthread_mutex_unlock (&fork_b);
  return NULL;
}

int
main (void)
{
  pthread_t a, b;

  pthread_barrier_init (&both_hold_one, NULL, 2);
  pthread_create (&a, NULL, left, NULL);
  pthread_create (&b, NULL, right, NULL);
  pthread_join (a, NULL);
  pthread_join (b, NULL);
  puts ("no deadlock this time");
  return 0;
}
