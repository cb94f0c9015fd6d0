/* detach.c: threads nothing joins, and how the program's exit ends them
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: main starts five threads, each naming itself:
 * - `sleeper`, made detached, waits on idle_cond for ever;
 * - `worker`, made joinable and detached by main once it has begun,
 *   takes work_lock over and over for ever;
 * - `finisher`, made detached, takes work_lock a few times and returns
 *   well before main does (main waits for its thread to be gone);
 * - `joined`, joinable, takes work_lock a few times and is joined;
 * - `stuck`, joinable but never joined, waits on idle_cond for ever.
 * Then main returns 0, and the exit ends sleeper, worker and stuck
 * wherever they are.
 */

#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

pthread_mutex_t work_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t idle_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t idle_cond = PTHREAD_COND_INITIALIZER;
static atomic_int rounds;
static atomic_int idle_waiters;
static atomic_int finisher_tid;
static char sleeper_name[] = "sleeper";
static char stuck_name[] = "stuck";

static void
nap (long us)
{
  struct timespec ts = { 0, us * 1000 };
  nanosleep (&ts, NULL);
}

static void
take_work_lock (int times)
{
  for (int i = 0; i < times; i++)
    {
      pthread_mutex_lock (&work_lock);
      atomic_fetch_add (&rounds, 1);
      pthread_mutex_unlock (&work_lock);
      nap (1000);
    }
}

static void *
wait_for_ever (void *name)
{
  pthread_setname_np (pthread_self (), name);
  pthread_mutex_lock (&idle_lock);
  atomic_fetch_add (&idle_waiters, 1);
  for (;;)
    pthread_cond_wait (&idle_cond, &idle_lock);
  return NULL;
}

static void *
work_for_ever (void *data)
{
  (void) data;
  pthread_setname_np (pthread_self (), "worker");
  for (;;)
    take_work_lock (1);
  return NULL;
}

static void *
finish (void *data)
{
  (void) data;
  pthread_setname_np (pthread_self (), "finisher");
  take_work_lock (5);
  atomic_store (&finisher_tid, gettid ());
  return NULL;
}

static void *
join_me (void *data)
{
  (void) data;
  pthread_setname_np (pthread_self (), "joined");
  take_work_lock (5);
  return NULL;
}

int
main (void)
{
  pthread_attr_t detached;
  pthread_t sleeper, worker, finisher, joined, stuck;
  char task[64];
  struct stat st;

  pthread_attr_init (&detached);
  pthread_attr_setdetachstate (&detached, PTHREAD_CREATE_DETACHED);
  pthread_create (&sleeper, &detached, wait_for_ever, sleeper_name);
  pthread_create (&finisher, &detached, finish, NULL);
  pthread_attr_destroy (&detached);
  pthread_create (&worker, NULL, work_for_ever, NULL);
  pthread_create (&joined, NULL, join_me, NULL);
  pthread_create (&stuck, NULL, wait_for_ever, stuck_name);

  /* Detached once it runs: its lane began joinable. */
  while (atomic_load (&rounds) == 0)
    nap (1000);
  pthread_detach (worker);
  pthread_join (joined, NULL);

  /* The finisher is gone (its end recorded) before main returns. */
  while (atomic_load (&finisher_tid) == 0)
    nap (1000);
  snprintf (task, sizeof task, "/proc/self/task/%d", atomic_load (&finisher_tid));
  while (stat (task, &st) == 0)
    nap (1000);
  while (atomic_load (&idle_waiters) < 2)
    nap (1000);
  /* The worker goes on a while after its detach. */
  nap (20 * 1000);
  return 0;
}
