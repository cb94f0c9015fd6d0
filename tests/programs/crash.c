/* crash.c: a program that crashes while its threads work
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: two threads lock crash_lock 100 times each and
 * return; then a third thread blocks on a condition forever while main
 * aborts.  The trace up to the crash is kept.
 */

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

pthread_mutex_t crash_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t never = PTHREAD_COND_INITIALIZER;

static void *
work (void *data)
{
  for (int i = 0; i < 100; i++)
    {
      pthread_mutex_lock (&crash_lock);
      pthread_mutex_unlock (&crash_lock);
    }
  return NULL;
}

static void *
wait_forever (void *data)
{
  pthread_mutex_lock (&crash_lock);
  for (;;)
    pthread_cond_wait (&never, &crash_lock);
  return NULL;
}

int
main (void)
{
  pthread_t a, b, c;

  pthread_create (&a, NULL, work, NULL);
  pthread_create (&b, NULL, work, NULL);
  pthread_join (a, NULL);
  pthread_join (b, NULL);
  pthread_create (&c, NULL, wait_forever, NULL);
  /* Let it reach its wait. */
  for (volatile int i = 0; i < 20000000; i++)
    ;
  /* No core file: a test should not leave one. */
  signal (SIGABRT, SIG_DFL);
  raise (SIGSEGV);
  return 0;
}
