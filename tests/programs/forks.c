/* forks.c: a program that forks a child, which runs threads of its own,
 * and execs itself in a grandchild
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: the parent runs one thread on parent_lock; a forked
 * child runs two threads on its own child_lock; an exec'd copy
 * (argument "exec") runs two threads too.  The parent waits for both.
 * Exit status 0.
 */

#include <pthread.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

pthread_mutex_t parent_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t child_lock = PTHREAD_MUTEX_INITIALIZER;

static void *
work (void *data)
{
  pthread_mutex_t *lock = data;

  for (int i = 0; i < 100; i++)
    {
      pthread_mutex_lock (lock);
      pthread_mutex_unlock (lock);
    }
  return NULL;
}

static void
two_threads (pthread_mutex_t *lock)
{
  pthread_t a, b;

  pthread_create (&a, NULL, work, lock);
  pthread_create (&b, NULL, work, lock);
  pthread_join (a, NULL);
  pthread_join (b, NULL);
}

int
main (int argc, char **argv)
{
  pthread_t t;
  pid_t child, execed;
  int status, failed = 0;

  if (argc > 1 && strcmp (argv[1], "exec") == 0)
    {
      two_threads (&child_lock);
      return 0;
    }
  pthread_create (&t, NULL, work, &parent_lock);
  child = fork ();
  if (child == 0)
    {
      two_threads (&child_lock);
      _exit (0);
    }
  execed = fork ();
  if (execed == 0)
    {
      execl ("/proc/self/exe", argv[0], "exec", (char *) NULL);
      _exit (127);
    }
  pthread_join (t, NULL);
  waitpid (child, &status, 0);
  failed |= !WIFEXITED (status) || WEXITSTATUS (status) != 0;
  waitpid (execed, &status, 0);
  failed |= !WIFEXITED (status) || WEXITSTATUS (status) != 0;
  return failed;
}
