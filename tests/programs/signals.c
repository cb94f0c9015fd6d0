/* signals.c: sem_post from a signal handler, while the thread it
 * interrupts is itself recording
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: a 50 µs interval timer's SIGALRM handler posts
 * handler_sem (sem_post is async-signal-safe) while main locks and
 * unlocks loop_lock and posts loop_sem in a loop for about half a
 * second.  Writes "POSTS" (all sem_post calls made) to the file given
 * as the first argument.  An event the handler could not record is
 * counted lost, never written over another.
 */

#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

static sem_t handler_sem, loop_sem;
static pthread_mutex_t loop_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile sig_atomic_t handler_posts;

static void
on_alarm (int signum)
{
  sem_post (&handler_sem);
  handler_posts++;
}

int
main (int argc, char **argv)
{
  struct itimerval every = { { 0, 50 }, { 0, 50 } };
  struct itimerval off = { { 0, 0 }, { 0, 0 } };
  struct sigaction action = { 0 };
  struct timespec begin, now;
  long loop_posts = 0;
  FILE *out;

  if (argc < 2)
    return 2;
  sem_init (&handler_sem, 0, 0);
  sem_init (&loop_sem, 0, 0);
  action.sa_handler = on_alarm;
  sigaction (SIGALRM, &action, NULL);
  setitimer (ITIMER_REAL, &every, NULL);
  clock_gettime (CLOCK_MONOTONIC, &begin);
  do
    {
      for (int i = 0; i < 1000; i++)
        {
          pthread_mutex_lock (&loop_lock);
          pthread_mutex_unlock (&loop_lock);
          sem_post (&loop_sem);
          loop_posts++;
        }
      clock_gettime (CLOCK_MONOTONIC, &now);
    }
  while ((now.tv_sec - begin.tv_sec) * 1000000000L + (now.tv_nsec - begin.tv_nsec) < 500000000L);
  setitimer (ITIMER_REAL, &off, NULL);
  out = fopen (argv[1], "w");
  if (out == NULL)
    return 1;
  fprintf (out, "%ld\n", loop_posts + handler_posts);
  return fclose (out) == 0 ? 0 : 1;
}
