/* test-primitives.c: every primitive on real threads, judged by its trace
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run of an existing pattern serves only as a container: it gives the
 * primitives their objects, a recorder, a stop and a run clock, and is
 * never started.  The tests start their own threads, each with a worker
 * of its own lane, and assert what the recorded events say: who notified
 * whom, who was released, who broke what.  No assertion is on a
 * duration; the few sleeps and short deadlines only give a broken
 * primitive the chance to show itself, and the 60 s limits only turn a
 * hang into a failure.
 */

#include <stdatomic.h>
#include <stdlib.h>

#include "weft-barrier.h"
#include "weft-cond.h"
#include "weft-flag.h"
#include "weft-rlock.h"
#include "weft-semaphore.h"
#include "weft-test-util.h"

#define GIVE_UP_NS (60 * WEFT_NSEC_PER_SEC)
#define SHORT_DEADLINE_NS (20 * WEFT_NSEC_PER_MSEC)

static gboolean
test_light (void)
{
  return g_getenv ("WEFT_TEST_LIGHT") != NULL;
}

typedef struct
{
  WeftRun *run;
  GArray *events;           /* everything drained so far */
  WeftWorker main;          /* the test's own thread, as a worker */
} Rig;

static void
rig_init (Rig *rig)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;

  test_params ("lock", &pattern, &params);
  rig->run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  rig->events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  /* Zeroed first: a worker's fields the rig does not set (killed) are
   * read by weft_worker_should_stop(). */
  memset (&rig->main, 0, sizeof rig->main);
  rig->main.run = rig->run;
  rig->main.ring = weft_recorder_register (weft_run_get_recorder (rig->run), "main");
}

/* Stops the run (running the primitives' abort functions), so the
 * primitives must still exist: clear them after this. */
static void
rig_clear (Rig *rig)
{
  g_clear_pointer (&rig->run, weft_run_unref);
  g_clear_pointer (&rig->events, g_array_unref);
}

static guint32
rig_register (Rig        *rig,
              WeftWorker *worker,
              const char *name)
{
  memset (worker, 0, sizeof *worker);
  worker->run = rig->run;
  worker->ring = weft_recorder_register (weft_run_get_recorder (rig->run), name);
  g_assert_nonnull (worker->ring);
  return worker->ring->lane;
}

static void
collect (const WeftEvent *events,
         gsize            n_events,
         gpointer         user_data)
{
  g_array_append_vals (user_data, events, n_events);
}

static void
rig_drain (Rig *rig)
{
  weft_recorder_drain (weft_run_get_recorder (rig->run), collect, rig->events);
}

/* The @nth (0-based) event that matches; @lane G_MAXUINT32 for any. */
static const WeftEvent *
rig_find (Rig     *rig,
          guint32  lane,
          guint8   kind,
          guint8   code,
          guint16  object,
          guint    nth)
{
  for (guint i = 0; i < rig->events->len; i++)
    {
      const WeftEvent *ev = &g_array_index (rig->events, WeftEvent, i);

      if ((lane == G_MAXUINT32 || ev->lane == lane) && ev->kind == kind && ev->code == code &&
          ev->object == object && nth-- == 0)
        return ev;
    }
  return NULL;
}

static guint
rig_count (Rig     *rig,
           guint32  lane,
           guint8   kind,
           guint8   code,
           guint16  object)
{
  guint n = 0;

  while (rig_find (rig, lane, kind, code, object, n) != NULL)
    n++;
  return n;
}

/* Drains until the @nth such event is recorded. */
static WeftEvent
rig_wait_for (Rig     *rig,
              guint32  lane,
              guint8   kind,
              guint8   code,
              guint16  object,
              guint    nth)
{
  gint64 give_up = weft_clock_now_ns () + GIVE_UP_NS;
  const WeftEvent *ev;

  for (;;)
    {
      rig_drain (rig);
      ev = rig_find (rig, lane, kind, code, object, nth);
      if (ev != NULL || weft_clock_now_ns () > give_up)
        break;
      g_usleep (1000);
    }
  g_assert_nonnull (ev);
  return *ev;
}

/* Every span a lane opened it closed, once its thread is done. */
static void
rig_assert_balanced (Rig *rig)
{
  g_autoptr(GHashTable) open = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer depth;

  rig_drain (rig);
  for (guint i = 0; i < rig->events->len; i++)
    {
      const WeftEvent *ev = &g_array_index (rig->events, WeftEvent, i);
      gint n = GPOINTER_TO_INT (g_hash_table_lookup (open, GUINT_TO_POINTER (ev->lane)));

      if (ev->kind == WEFT_EVENT_BEGIN)
        n++;
      else if (ev->kind == WEFT_EVENT_END)
        n--;
      g_assert_cmpint (n, >=, 0);
      g_hash_table_insert (open, GUINT_TO_POINTER (ev->lane), GINT_TO_POINTER (n));
    }
  g_hash_table_iter_init (&iter, open);
  while (g_hash_table_iter_next (&iter, NULL, &depth))
    g_assert_cmpint (GPOINTER_TO_INT (depth), ==, 0);
}

/* The lane's events on @object as a string of codes, "A[ ]R" style:
 * A acquire, R release, [ ] critical, ( ) waiting, W wake, N notify,
 * T timeout, B broken, D depart, > arrive, S set, C clear. */
static char *
rig_shape (Rig     *rig,
           guint32  lane,
           guint16  object)
{
  GString *shape = g_string_new (NULL);

  rig_drain (rig);
  for (guint i = 0; i < rig->events->len; i++)
    {
      const WeftEvent *ev = &g_array_index (rig->events, WeftEvent, i);

      if (ev->lane != lane || ev->object != object)
        continue;
      if (ev->kind == WEFT_EVENT_BEGIN)
        g_string_append_c (shape, ev->code == WEFT_STATE_CRITICAL ? '[' : '(');
      else if (ev->kind == WEFT_EVENT_END)
        g_string_append_c (shape, ev->code == WEFT_STATE_CRITICAL ? ']' : ')');
      else if (ev->kind == WEFT_EVENT_INSTANT)
        switch (ev->code)
          {
          case WEFT_INSTANT_ACQUIRE: g_string_append_c (shape, 'A'); break;
          case WEFT_INSTANT_RELEASE: g_string_append_c (shape, 'R'); break;
          case WEFT_INSTANT_WAKE: g_string_append_c (shape, 'W'); break;
          case WEFT_INSTANT_NOTIFY: g_string_append_c (shape, 'N'); break;
          case WEFT_INSTANT_TIMEOUT: g_string_append_c (shape, 'T'); break;
          case WEFT_INSTANT_BROKEN: g_string_append_c (shape, 'B'); break;
          case WEFT_INSTANT_DEPART: g_string_append_c (shape, 'D'); break;
          case WEFT_INSTANT_ARRIVE: g_string_append_c (shape, '>'); break;
          case WEFT_INSTANT_SET: g_string_append_c (shape, 'S'); break;
          case WEFT_INSTANT_CLEAR: g_string_append_c (shape, 'C'); break;
          /* A hand-off is a wait's cause, not a step of it: test-handoff.c. */
          case WEFT_INSTANT_HANDOFF: break;
          default: g_string_append_c (shape, '?'); break;
          }
    }
  return g_string_free (shape, FALSE);
}

/* One test thread: a body, its worker, and whatever it reports. */
typedef struct _Actor Actor;
typedef void (*ActorFunc) (Actor *actor);

struct _Actor
{
  Rig *rig;
  WeftWorker worker;
  guint32 lane;
  ActorFunc func;
  gpointer object;          /* the primitive under test */
  gpointer other;           /* a second one (a condition's mutex) */
  gint64 arg;               /* a phase or a deadline */
  gint result;
  _Atomic gint go;          /* set by the test to let the body go on */
  _Atomic gboolean done;
  GThread *thread;
};

static gpointer
actor_main (gpointer data)
{
  Actor *actor = data;

  actor->func (actor);
  /* Release: the body's results, written above, are seen by the test
   * thread once its acquire load sees `done`. */
  atomic_store_explicit (&actor->done, TRUE, memory_order_release);
  return NULL;
}

static void
actor_start (Actor      *actor,
             Rig        *rig,
             const char *name,
             ActorFunc   func,
             gpointer    object,
             gpointer    other,
             gint64      arg)
{
  actor->rig = rig;
  actor->lane = rig_register (rig, &actor->worker, name);
  actor->func = func;
  actor->object = object;
  actor->other = other;
  actor->arg = arg;
  actor->result = -1;
  atomic_init (&actor->go, 0);
  atomic_init (&actor->done, FALSE);
  actor->thread = g_thread_new (name, actor_main, actor);
}

/* Lets the body past its next actor_wait_for_go(). */
static void
actor_go (Actor *actor)
{
  /* Relaxed: a hint; the body polls it and nothing is published with it. */
  atomic_fetch_add_explicit (&actor->go, 1, memory_order_relaxed);
}

static void
actor_wait_for_go (Actor *actor,
                   gint   level)
{
  while (atomic_load_explicit (&actor->go, memory_order_relaxed) < level)
    g_usleep (1000);
}

/* Joins the actor, failing rather than hanging if it never returns;
 * drains meanwhile so that no ring fills. */
static gint
actor_join (Actor *actor)
{
  gint64 give_up = weft_clock_now_ns () + GIVE_UP_NS;

  /* Acquire: pairs with the release store in actor_main(). */
  while (!atomic_load_explicit (&actor->done, memory_order_acquire) && weft_clock_now_ns () < give_up)
    {
      rig_drain (actor->rig);
      g_usleep (1000);
    }
  g_assert_true (atomic_load_explicit (&actor->done, memory_order_acquire));
  g_thread_join (actor->thread);
  return actor->result;
}

/* ---- mutex ---- */

static void
lock_twice (Actor *actor)
{
  WeftMutex *mutex = actor->object;

  g_assert_true (weft_mutex_lock (mutex, &actor->worker));
  actor->result = weft_mutex_lock (mutex, &actor->worker);
  weft_mutex_unlock (mutex, &actor->worker);
}

/* A non-reentrant lock asked for again by its holder: the trace shows
 * the thread waiting for itself, the run stops saying why, and the
 * thread gets FALSE rather than hanging. */
static void
test_mutex_self_deadlock (void)
{
  Rig rig;
  WeftMutex mutex;
  Actor actor;
  g_autofree char *reason = NULL;
  g_autofree char *shape = NULL;

  rig_init (&rig);
  weft_mutex_init (&mutex, rig.run, "lock-1");
  actor_start (&actor, &rig, "worker-1", lock_twice, &mutex, NULL, 0);
  g_assert_cmpint (actor_join (&actor), ==, FALSE);

  reason = weft_run_dup_stop_reason (rig.run);
  g_assert_cmpstr (reason, ==, "worker-1 waits for a lock it already holds");
  shape = rig_shape (&rig, actor.lane, mutex.object);
  g_assert_cmpstr (shape, ==, "A[()]R");
  rig_assert_balanced (&rig);

  rig_clear (&rig);
  weft_mutex_clear (&mutex);
}

static void
hold_until_go (Actor *actor)
{
  WeftMutex *mutex = actor->object;

  g_assert_true (weft_mutex_lock (mutex, &actor->worker));
  actor_wait_for_go (actor, 1);
  weft_mutex_unlock (mutex, &actor->worker);
}

static void
lock_once (Actor *actor)
{
  WeftMutex *mutex = actor->object;

  actor->result = weft_mutex_lock (mutex, &actor->worker);
  if (actor->result)
    weft_mutex_unlock (mutex, &actor->worker);
}

/* The holder never lets go while the run stops: the waiter must leave
 * on the stop alone. */
static void
test_mutex_stop_blocked (void)
{
  Rig rig;
  WeftMutex mutex;
  Actor holder, waiter;
  g_autofree char *shape = NULL;

  rig_init (&rig);
  weft_mutex_init (&mutex, rig.run, "lock-1");
  actor_start (&holder, &rig, "holder", hold_until_go, &mutex, NULL, 0);
  rig_wait_for (&rig, holder.lane, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, mutex.object, 0);
  actor_start (&waiter, &rig, "waiter", lock_once, &mutex, NULL, 0);
  rig_wait_for (&rig, waiter.lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, mutex.object, 0);

  weft_run_request_stop (rig.run);
  g_assert_cmpint (actor_join (&waiter), ==, FALSE);
  shape = rig_shape (&rig, waiter.lane, mutex.object);
  g_assert_cmpstr (shape, ==, "()");

  actor_go (&holder);
  actor_join (&holder);
  rig_assert_balanced (&rig);
  rig_clear (&rig);
  weft_mutex_clear (&mutex);
}

typedef struct
{
  WeftMutex mutex;
  gint64 counter;           /* under mutex */
  guint rounds;
} Counted;

static void
count_under_lock (Actor *actor)
{
  Counted *counted = actor->object;

  for (guint i = 0; i < counted->rounds; i++)
    {
      g_assert_true (weft_mutex_lock (&counted->mutex, &actor->worker));
      counted->counter++;
      if (i % 8 == 0)
        g_thread_yield ();
      weft_mutex_unlock (&counted->mutex, &actor->worker);
    }
}

static int
compare_begins (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Contended use takes the sliced path: the count is exact and no two
 * critical spans of the mutex overlap. */
static void
test_mutex_contended (void)
{
  Rig rig;
  Counted counted = { .rounds = test_light () ? 300 : 3000 };
  Actor actors[4];
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 begin[G_N_ELEMENTS (actors)];

  rig_init (&rig);
  weft_mutex_init (&counted.mutex, rig.run, "lock-1");
  for (guint a = 0; a < G_N_ELEMENTS (actors); a++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", a + 1);
      actor_start (&actors[a], &rig, name, count_under_lock, &counted, NULL, 0);
    }
  for (guint a = 0; a < G_N_ELEMENTS (actors); a++)
    actor_join (&actors[a]);
  g_assert_cmpint (counted.counter, ==, (gint64) counted.rounds * G_N_ELEMENTS (actors));

  /* Critical spans as (begin, end) pairs, then sorted by begin. */
  rig_drain (&rig);
  for (guint i = 0; i < rig.events->len; i++)
    {
      const WeftEvent *ev = &g_array_index (rig.events, WeftEvent, i);
      guint a;

      if (ev->object != counted.mutex.object || ev->code != WEFT_STATE_CRITICAL ||
          (ev->kind != WEFT_EVENT_BEGIN && ev->kind != WEFT_EVENT_END))
        continue;
      for (a = 0; actors[a].lane != ev->lane; a++)
        ;
      if (ev->kind == WEFT_EVENT_BEGIN)
        begin[a] = ev->time_ns;
      else
        {
          g_array_append_val (spans, begin[a]);
          g_array_append_val (spans, ev->time_ns);
        }
    }
  g_assert_cmpuint (spans->len, ==, 2 * counted.rounds * G_N_ELEMENTS (actors));
  qsort (spans->data, spans->len / 2, 2 * sizeof (gint64), compare_begins);
  for (guint i = 2; i < spans->len; i += 2)
    g_assert_cmpint (g_array_index (spans, gint64, i), >=, g_array_index (spans, gint64, i - 1));

  rig_assert_balanced (&rig);
  rig_clear (&rig);
  weft_mutex_clear (&counted.mutex);
}

/* ---- rlock ---- */

static void
nest_three (Actor *actor)
{
  WeftRLock *rlock = actor->object;

  for (guint level = 1; level <= 3; level++)
    {
      g_assert_true (weft_rlock_acquire (rlock, &actor->worker));
      g_assert_cmpuint (weft_rlock_get_depth (rlock, &actor->worker), ==, level);
    }
  actor_wait_for_go (actor, 1);
  /* The pauses give a lock freed too early the time to be taken. */
  for (guint level = 3; level >= 1; level--)
    {
      weft_rlock_release (rlock, &actor->worker);
      g_assert_cmpuint (weft_rlock_get_depth (rlock, &actor->worker), ==, level - 1);
      if (level > 1)
        g_usleep (20000);
    }
}

static void
rlock_once (Actor *actor)
{
  WeftRLock *rlock = actor->object;

  actor->result = weft_rlock_acquire (rlock, &actor->worker);
  if (actor->result)
    weft_rlock_release (rlock, &actor->worker);
}

/* Three nested critical spans of one owner; a second thread waits and
 * gets the lock only after the outermost release. */
static void
test_rlock_nested (void)
{
  Rig rig;
  WeftRLock rlock;
  Actor owner, other;
  g_autofree char *owner_shape = NULL;
  g_autofree char *other_shape = NULL;
  WeftEvent last_release, acquired;

  rig_init (&rig);
  weft_rlock_init (&rlock, rig.run, "rlock");
  actor_start (&owner, &rig, "owner", nest_three, &rlock, NULL, 0);
  rig_wait_for (&rig, owner.lane, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, rlock.mutex.object, 2);
  actor_start (&other, &rig, "other", rlock_once, &rlock, NULL, 0);
  rig_wait_for (&rig, other.lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, rlock.mutex.object, 0);
  actor_go (&owner);
  actor_join (&owner);
  g_assert_cmpint (actor_join (&other), ==, TRUE);

  owner_shape = rig_shape (&rig, owner.lane, rlock.mutex.object);
  g_assert_cmpstr (owner_shape, ==, "A[A[A[]R]R]R");
  other_shape = rig_shape (&rig, other.lane, rlock.mutex.object);
  g_assert_cmpstr (other_shape, ==, "()A[]R");
  last_release = rig_wait_for (&rig, owner.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, rlock.mutex.object, 2);
  acquired = rig_wait_for (&rig, other.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, rlock.mutex.object, 0);
  g_assert_cmpint (acquired.time_ns, >=, last_release.time_ns);

  rig_assert_balanced (&rig);
  rig_clear (&rig);
  weft_rlock_clear (&rlock);
}

static void
nest_two_until_go (Actor *actor)
{
  WeftRLock *rlock = actor->object;

  g_assert_true (weft_rlock_acquire (rlock, &actor->worker));
  g_assert_true (weft_rlock_acquire (rlock, &actor->worker));
  actor_wait_for_go (actor, 1);
  weft_rlock_release (rlock, &actor->worker);
  weft_rlock_release (rlock, &actor->worker);
}

static void
test_rlock_stop_blocked (void)
{
  Rig rig;
  WeftRLock rlock;
  Actor owner, other;

  rig_init (&rig);
  weft_rlock_init (&rlock, rig.run, "rlock");
  actor_start (&owner, &rig, "owner", nest_two_until_go, &rlock, NULL, 0);
  rig_wait_for (&rig, owner.lane, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, rlock.mutex.object, 1);
  actor_start (&other, &rig, "other", rlock_once, &rlock, NULL, 0);
  rig_wait_for (&rig, other.lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, rlock.mutex.object, 0);

  weft_run_request_stop (rig.run);
  g_assert_cmpint (actor_join (&other), ==, FALSE);
  g_assert_cmpuint (rig_count (&rig, other.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, rlock.mutex.object), ==, 0);
  actor_go (&owner);
  actor_join (&owner);

  rig_assert_balanced (&rig);
  rig_clear (&rig);
  weft_rlock_clear (&rlock);
}

/* ---- condition ---- */

typedef struct
{
  WeftMutex mutex;
  WeftCond cond;
} Guarded;

static void
guarded_init (Guarded *g,
              Rig     *rig)
{
  weft_mutex_init (&g->mutex, rig->run, "mutex");
  weft_cond_init (&g->cond, rig->run, "cond", &g->mutex);
}

static void
guarded_clear (Guarded *g)
{
  weft_cond_clear (&g->cond);
  weft_mutex_clear (&g->mutex);
}

/* Waits once, with arg as deadline (-1 for none); the result is the
 * WeftCondResult, and whether the mutex was held after goes in `go`. */
static void
cond_wait_once (Actor *actor)
{
  Guarded *g = actor->object;

  g_assert_true (weft_mutex_lock (&g->mutex, &actor->worker));
  actor->result = weft_cond_wait_until (&g->cond, &actor->worker, actor->arg);
  if (actor->result != WEFT_COND_STOPPED)
    weft_mutex_unlock (&g->mutex, &actor->worker);
  else
    g_assert_false (weft_mutex_is_held_by (&g->mutex, &actor->worker));
}

static void
notify_locked (Rig     *rig,
               Guarded *g,
               gboolean all)
{
  g_assert_true (weft_mutex_lock (&g->mutex, &rig->main));
  if (all)
    weft_cond_notify_all (&g->cond, &rig->main);
  else
    weft_cond_notify (&g->cond, &rig->main);
  weft_mutex_unlock (&g->mutex, &rig->main);
}

/* Notify takes the oldest waiter, says so, and the woken one names its
 * notifier; with nobody waiting it records -1. */
static void
test_cond_notify_oldest (void)
{
  Rig rig;
  Guarded g;
  Actor first, second;
  guint32 main_lane;
  WeftEvent woke;
  g_autofree char *shape = NULL;

  rig_init (&rig);
  main_lane = rig.main.ring->lane;
  guarded_init (&g, &rig);
  actor_start (&first, &rig, "first", cond_wait_once, &g, NULL, -1);
  rig_wait_for (&rig, first.lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, g.cond.object, 0);
  actor_start (&second, &rig, "second", cond_wait_once, &g, NULL, -1);
  rig_wait_for (&rig, second.lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, g.cond.object, 0);

  notify_locked (&rig, &g, FALSE);
  woke = rig_wait_for (&rig, G_MAXUINT32, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, g.cond.object, 0);
  g_assert_cmpuint (woke.lane, ==, first.lane);
  g_assert_cmpint (woke.value, ==, main_lane);
  g_assert_cmpint (actor_join (&first), ==, WEFT_COND_NOTIFIED);

  notify_locked (&rig, &g, FALSE);
  woke = rig_wait_for (&rig, G_MAXUINT32, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, g.cond.object, 1);
  g_assert_cmpuint (woke.lane, ==, second.lane);
  g_assert_cmpint (woke.value, ==, main_lane);
  g_assert_cmpint (actor_join (&second), ==, WEFT_COND_NOTIFIED);

  notify_locked (&rig, &g, FALSE);
  rig_drain (&rig);
  g_assert_cmpint (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY, g.cond.object, 0)->value, ==, first.lane);
  g_assert_cmpint (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY, g.cond.object, 1)->value, ==, second.lane);
  g_assert_cmpint (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY, g.cond.object, 2)->value, ==, -1);
  g_assert_cmpint (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY, g.cond.object, 0)->time_ns, <=,
                   rig_find (&rig, first.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, g.cond.object, 0)->time_ns);

  /* The wait's shape, read on the mutex and the condition together:
   * critical ends and the mutex is released, the wait ends with the
   * wake, and the mutex is taken again. */
  shape = rig_shape (&rig, first.lane, g.cond.object);
  g_assert_cmpstr (shape, ==, "()W");
  g_clear_pointer (&shape, g_free);
  shape = rig_shape (&rig, first.lane, g.mutex.object);
  g_assert_true (g_str_equal (shape, "A[]RA[]R") || g_str_equal (shape, "A[]R()A[]R"));

  rig_assert_balanced (&rig);
  rig_clear (&rig);
  guarded_clear (&g);
}

/* Notify-all wakes exactly the waiters there were, each naming the
 * notifier; with none it records 0. */
static void
test_cond_notify_all (void)
{
  Rig rig;
  Guarded g;
  Actor waiters[3];
  guint32 main_lane;

  rig_init (&rig);
  main_lane = rig.main.ring->lane;
  guarded_init (&g, &rig);
  for (guint a = 0; a < G_N_ELEMENTS (waiters); a++)
    {
      g_autofree char *name = g_strdup_printf ("waiter-%u", a + 1);

      actor_start (&waiters[a], &rig, name, cond_wait_once, &g, NULL, -1);
      rig_wait_for (&rig, waiters[a].lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, g.cond.object, 0);
    }
  notify_locked (&rig, &g, TRUE);
  for (guint a = 0; a < G_N_ELEMENTS (waiters); a++)
    g_assert_cmpint (actor_join (&waiters[a]), ==, WEFT_COND_NOTIFIED);
  notify_locked (&rig, &g, TRUE);

  rig_drain (&rig);
  g_assert_cmpint (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY_ALL, g.cond.object, 0)->value, ==, 3);
  g_assert_cmpint (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY_ALL, g.cond.object, 1)->value, ==, 0);
  g_assert_cmpuint (rig_count (&rig, G_MAXUINT32, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, g.cond.object), ==, 3);
  for (guint a = 0; a < G_N_ELEMENTS (waiters); a++)
    g_assert_cmpint (rig_find (&rig, waiters[a].lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, g.cond.object, 0)->value,
                     ==, main_lane);

  rig_assert_balanced (&rig);
  rig_clear (&rig);
  guarded_clear (&g);
}

/* A wait whose deadline passes records `timeout`, no `wake`, and holds
 * the mutex again. */
static void
test_cond_timeout (void)
{
  Rig rig;
  Guarded g;
  Actor waiter;

  rig_init (&rig);
  guarded_init (&g, &rig);
  actor_start (&waiter, &rig, "waiter", cond_wait_once, &g, NULL,
               weft_run_now_ns (rig.run) + SHORT_DEADLINE_NS);
  g_assert_cmpint (actor_join (&waiter), ==, WEFT_COND_TIMED_OUT);
  rig_drain (&rig);
  g_assert_cmpuint (rig_count (&rig, waiter.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_TIMEOUT, g.cond.object), ==, 1);
  g_assert_cmpuint (rig_count (&rig, waiter.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, g.cond.object), ==, 0);

  rig_assert_balanced (&rig);
  rig_clear (&rig);
  guarded_clear (&g);
}

/* Stop ends a wait on the condition without a `wake`, and a wait that
 * was woken but blocks taking the mutex back. */
static void
test_cond_stop_blocked (void)
{
  Rig rig;
  Guarded g;
  Actor waiting, retaking;

  rig_init (&rig);
  guarded_init (&g, &rig);
  /* Queued first, so the notify below chooses it. */
  actor_start (&retaking, &rig, "retaking", cond_wait_once, &g, NULL, -1);
  rig_wait_for (&rig, retaking.lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, g.cond.object, 0);
  actor_start (&waiting, &rig, "waiting", cond_wait_once, &g, NULL, -1);
  rig_wait_for (&rig, waiting.lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, g.cond.object, 0);
  /* Notify and keep the mutex: the woken thread blocks taking it back. */
  g_assert_true (weft_mutex_lock (&g.mutex, &rig.main));
  weft_cond_notify (&g.cond, &rig.main);
  rig_wait_for (&rig, retaking.lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, g.mutex.object, 0);

  weft_run_request_stop (rig.run);
  g_assert_cmpint (actor_join (&waiting), ==, WEFT_COND_STOPPED);
  g_assert_cmpint (actor_join (&retaking), ==, WEFT_COND_STOPPED);
  weft_mutex_unlock (&g.mutex, &rig.main);

  rig_drain (&rig);
  g_assert_cmpuint (rig_count (&rig, waiting.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, g.cond.object), ==, 0);
  g_assert_cmpuint (rig_count (&rig, retaking.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, g.cond.object), ==, 1);
  rig_assert_balanced (&rig);
  rig_clear (&rig);
  guarded_clear (&g);
}

typedef struct
{
  Guarded g;
  gint64 tokens;            /* under g.mutex */
  guint rounds;
} Tokens;

static void
give_tokens (Actor *actor)
{
  Tokens *t = actor->object;

  for (guint i = 0; i < t->rounds; i++)
    {
      g_assert_true (weft_mutex_lock (&t->g.mutex, &actor->worker));
      t->tokens++;
      weft_cond_notify (&t->g.cond, &actor->worker);
      weft_mutex_unlock (&t->g.mutex, &actor->worker);
    }
}

static void
take_tokens (Actor *actor)
{
  Tokens *t = actor->object;

  for (guint i = 0; i < t->rounds; i++)
    {
      g_assert_true (weft_mutex_lock (&t->g.mutex, &actor->worker));
      while (t->tokens == 0)
        g_assert_true (weft_cond_wait (&t->g.cond, &actor->worker));
      t->tokens--;
      weft_mutex_unlock (&t->g.mutex, &actor->worker);
    }
}

/* Under load, every `wake` answers a `notify` that named that waiter:
 * per (notifier, waiter) pair the counts match. */
static void
test_cond_every_wake_explained (void)
{
  Rig rig;
  Tokens t = { .rounds = test_light () ? 200 : 2000 };
  Actor actors[4];
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer n_left;
  guint wakes = 0;

  rig_init (&rig);
  guarded_init (&t.g, &rig);
  actor_start (&actors[0], &rig, "taker-1", take_tokens, &t, NULL, 0);
  actor_start (&actors[1], &rig, "taker-2", take_tokens, &t, NULL, 0);
  /* So that at least one wait is explained. */
  rig_wait_for (&rig, actors[0].lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, t.g.cond.object, 0);
  actor_start (&actors[2], &rig, "giver-1", give_tokens, &t, NULL, 0);
  actor_start (&actors[3], &rig, "giver-2", give_tokens, &t, NULL, 0);
  for (guint a = 0; a < G_N_ELEMENTS (actors); a++)
    actor_join (&actors[a]);
  g_assert_cmpint (t.tokens, ==, 0);

  /* +1 per notify naming (notifier, waiter), -1 per wake. */
  rig_drain (&rig);
  for (guint i = 0; i < rig.events->len; i++)
    {
      const WeftEvent *ev = &g_array_index (rig.events, WeftEvent, i);
      gint64 key;
      gint n;

      if (ev->kind != WEFT_EVENT_INSTANT || ev->object != t.g.cond.object)
        continue;
      if (ev->code == WEFT_INSTANT_NOTIFY && ev->value >= 0)
        key = ((gint64) ev->lane << 32) | ev->value;
      else if (ev->code == WEFT_INSTANT_WAKE)
        {
          key = (ev->value << 32) | ev->lane;
          wakes++;
        }
      else
        continue;
      n = GPOINTER_TO_INT (g_hash_table_lookup (pairs, &key));
      n += ev->code == WEFT_INSTANT_NOTIFY ? 1 : -1;
      g_hash_table_insert (pairs, g_memdup2 (&key, sizeof key), GINT_TO_POINTER (n));
    }
  g_test_message ("%u wakes, each explained", wakes);
  g_assert_cmpuint (wakes, >, 0);
  g_hash_table_iter_init (&iter, pairs);
  while (g_hash_table_iter_next (&iter, NULL, &n_left))
    g_assert_cmpint (GPOINTER_TO_INT (n_left), ==, 0);

  rig_assert_balanced (&rig);
  rig_clear (&rig);
  guarded_clear (&t.g);
}

/* ---- flag ---- */

static void
flag_wait_once (Actor *actor)
{
  actor->result = weft_flag_wait_until (actor->object, &actor->worker, actor->arg);
}

/* A set releases every waiter, each naming the setter, even though the
 * flag is cleared at once; a wait on a raised flag passes at once and
 * draws no waiting. */
static void
test_flag_set_releases_all (void)
{
  Rig rig;
  WeftFlag flag;
  Actor waiters[3], late;
  guint32 main_lane;

  rig_init (&rig);
  main_lane = rig.main.ring->lane;
  weft_flag_init (&flag, rig.run, "flag");
  for (guint a = 0; a < G_N_ELEMENTS (waiters); a++)
    {
      g_autofree char *name = g_strdup_printf ("waiter-%u", a + 1);

      actor_start (&waiters[a], &rig, name, flag_wait_once, &flag, NULL, -1);
      rig_wait_for (&rig, waiters[a].lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, flag.object, 0);
    }
  weft_flag_set (&flag, &rig.main);
  weft_flag_clear (&flag, &rig.main);
  g_assert_false (weft_flag_is_set (&flag));
  for (guint a = 0; a < G_N_ELEMENTS (waiters); a++)
    g_assert_cmpint (actor_join (&waiters[a]), ==, WEFT_FLAG_WAS_SET);

  rig_drain (&rig);
  g_assert_cmpint (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_SET, flag.object, 0)->value, ==, 3);
  g_assert_nonnull (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_CLEAR, flag.object, 0));
  for (guint a = 0; a < G_N_ELEMENTS (waiters); a++)
    {
      g_autofree char *shape = rig_shape (&rig, waiters[a].lane, flag.object);

      g_assert_cmpstr (shape, ==, "()W");
      g_assert_cmpint (rig_find (&rig, waiters[a].lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, flag.object, 0)->value,
                       ==, main_lane);
    }

  weft_flag_set (&flag, &rig.main);
  g_assert_true (weft_flag_is_set (&flag));
  actor_start (&late, &rig, "late", flag_wait_once, &flag, NULL, -1);
  g_assert_cmpint (actor_join (&late), ==, WEFT_FLAG_WAS_SET);
  rig_drain (&rig);
  g_assert_cmpint (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_SET, flag.object, 1)->value, ==, 0);
  g_assert_cmpuint (rig_count (&rig, late.lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, flag.object), ==, 0);

  rig_assert_balanced (&rig);
  rig_clear (&rig);
  weft_flag_destroy (&flag);
}

static void
test_flag_timeout (void)
{
  Rig rig;
  WeftFlag flag;
  Actor waiter;
  g_autofree char *shape = NULL;

  rig_init (&rig);
  weft_flag_init (&flag, rig.run, "flag");
  actor_start (&waiter, &rig, "waiter", flag_wait_once, &flag, NULL,
               weft_run_now_ns (rig.run) + SHORT_DEADLINE_NS);
  g_assert_cmpint (actor_join (&waiter), ==, WEFT_FLAG_TIMED_OUT);
  shape = rig_shape (&rig, waiter.lane, flag.object);
  g_assert_cmpstr (shape, ==, "()T");

  rig_clear (&rig);
  weft_flag_destroy (&flag);
}

static void
test_flag_stop_blocked (void)
{
  Rig rig;
  WeftFlag flag;
  Actor waiter;
  g_autofree char *shape = NULL;

  rig_init (&rig);
  weft_flag_init (&flag, rig.run, "flag");
  actor_start (&waiter, &rig, "waiter", flag_wait_once, &flag, NULL, -1);
  rig_wait_for (&rig, waiter.lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, flag.object, 0);
  weft_run_request_stop (rig.run);
  g_assert_cmpint (actor_join (&waiter), ==, WEFT_FLAG_STOPPED);
  shape = rig_shape (&rig, waiter.lane, flag.object);
  g_assert_cmpstr (shape, ==, "()");

  rig_clear (&rig);
  weft_flag_destroy (&flag);
}

/* ---- barrier ---- */

static void
barrier_wait_once (Actor *actor)
{
  /* `other` carries the deadline, when there is one. */
  gint64 deadline = actor->other != NULL ? *(gint64 *) actor->other : -1;

  actor->result = weft_barrier_wait (actor->object, &actor->worker, actor->arg, deadline);
}

static void
start_barrier_waiters (Rig         *rig,
                       WeftBarrier *barrier,
                       Actor       *actors,
                       guint        n,
                       gint64       phase)
{
  for (guint a = 0; a < n; a++)
    {
      g_autofree char *name = g_strdup_printf ("hiker-%u-%u", (guint) phase, a + 1);

      actor_start (&actors[a], rig, name, barrier_wait_once, barrier, NULL, phase);
    }
}

/* A timed-out wait breaks the barrier: the one that timed out records
 * `timeout` then `broken`, the other waiter and a later arrival
 * `broken`; after a reset, a full phase passes, its last arrival before
 * its first departure. */
/* A barrier's timeout runs on the run's clock: a pause longer than the
 * timeout, while one party waits, breaks nothing; the other party comes
 * after the pause and both pass. */
static void
test_barrier_pause_breaks_nothing (void)
{
  Rig rig;
  WeftBarrier barrier;
  Actor patient, second;
  gint64 deadline;
  g_autofree char *shape = NULL;

  rig_init (&rig);
  weft_barrier_init (&barrier, rig.run, "barrier", 2);
  deadline = weft_run_now_ns (rig.run) + 300 * WEFT_NSEC_PER_MSEC;
  actor_start (&patient, &rig, "patient", barrier_wait_once, &barrier, &deadline, 1);
  rig_wait_for (&rig, patient.lane, WEFT_EVENT_COUNTER, 0, barrier.object, 0);
  weft_run_set_paused (rig.run, TRUE);
  g_usleep (600 * 1000);
  weft_run_set_paused (rig.run, FALSE);
  actor_start (&second, &rig, "second", barrier_wait_once, &barrier, NULL, 1);
  g_assert_cmpint (actor_join (&second), ==, WEFT_BARRIER_PASSED);
  g_assert_cmpint (actor_join (&patient), ==, WEFT_BARRIER_PASSED);
  g_assert_false (weft_barrier_is_broken (&barrier));

  rig_drain (&rig);
  g_assert_null (rig_find (&rig, patient.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_TIMEOUT, barrier.object, 0));
  g_assert_nonnull (rig_find (&rig, patient.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_DEPART, barrier.object, 0));
  rig_assert_balanced (&rig);
  rig_clear (&rig);
  weft_barrier_clear (&barrier);
}

static void
test_barrier_timeout_breaks (void)
{
  Rig rig;
  WeftBarrier barrier;
  Actor patient, impatient, late, hikers[3];
  gint64 deadline, last_arrival = G_MININT64, first_departure = G_MAXINT64;
  g_autofree char *shape = NULL;
  guint32 main_lane;

  rig_init (&rig);
  main_lane = rig.main.ring->lane;
  weft_barrier_init (&barrier, rig.run, "barrier", 3);
  actor_start (&patient, &rig, "patient", barrier_wait_once, &barrier, NULL, 1);
  rig_wait_for (&rig, patient.lane, WEFT_EVENT_COUNTER, 0, barrier.object, 0);
  deadline = weft_run_now_ns (rig.run) + SHORT_DEADLINE_NS;
  actor_start (&impatient, &rig, "impatient", barrier_wait_once, &barrier, &deadline, 1);
  g_assert_cmpint (actor_join (&impatient), ==, WEFT_BARRIER_BROKEN);
  g_assert_cmpint (actor_join (&patient), ==, WEFT_BARRIER_BROKEN);
  g_assert_true (weft_barrier_is_broken (&barrier));
  actor_start (&late, &rig, "late", barrier_wait_once, &barrier, NULL, 1);
  g_assert_cmpint (actor_join (&late), ==, WEFT_BARRIER_BROKEN);

  shape = rig_shape (&rig, impatient.lane, barrier.object);
  g_assert_cmpstr (shape, ==, ">(T)B");
  g_clear_pointer (&shape, g_free);
  shape = rig_shape (&rig, patient.lane, barrier.object);
  g_assert_cmpstr (shape, ==, ">()B");
  g_clear_pointer (&shape, g_free);
  shape = rig_shape (&rig, late.lane, barrier.object);
  g_assert_cmpstr (shape, ==, ">()B");
  g_assert_cmpint (rig_find (&rig, patient.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_BROKEN, barrier.object, 0)->value, ==, 1);

  weft_barrier_reset (&barrier, &rig.main);
  g_assert_false (weft_barrier_is_broken (&barrier));
  start_barrier_waiters (&rig, &barrier, hikers, G_N_ELEMENTS (hikers), 2);
  for (guint a = 0; a < G_N_ELEMENTS (hikers); a++)
    g_assert_cmpint (actor_join (&hikers[a]), ==, WEFT_BARRIER_PASSED);

  rig_drain (&rig);
  g_assert_cmpint (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_RESET, barrier.object, 0)->value, ==, 1);
  for (guint a = 0; a < G_N_ELEMENTS (hikers); a++)
    {
      const WeftEvent *arrive = rig_find (&rig, hikers[a].lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_ARRIVE, barrier.object, 0);
      const WeftEvent *depart = rig_find (&rig, hikers[a].lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_DEPART, barrier.object, 0);

      g_assert_nonnull (depart);
      g_assert_cmpint (depart->value, ==, 2);
      last_arrival = MAX (last_arrival, arrive->time_ns);
      first_departure = MIN (first_departure, depart->time_ns);
    }
  g_assert_cmpint (last_arrival, <=, first_departure);
  g_assert_cmpuint (rig_count (&rig, G_MAXUINT32, WEFT_EVENT_INSTANT, WEFT_INSTANT_BROKEN, barrier.object), ==, 3);

  rig_assert_balanced (&rig);
  rig_clear (&rig);
  weft_barrier_clear (&barrier);
}

/* Abort breaks the barrier for its waiters; reset makes it whole. */
static void
test_barrier_abort_and_reset (void)
{
  Rig rig;
  WeftBarrier barrier;
  Actor waiter, resetting[2], pair[2];
  guint32 main_lane;

  rig_init (&rig);
  main_lane = rig.main.ring->lane;
  weft_barrier_init (&barrier, rig.run, "barrier", 2);

  actor_start (&waiter, &rig, "waiter", barrier_wait_once, &barrier, NULL, 1);
  rig_wait_for (&rig, waiter.lane, WEFT_EVENT_COUNTER, 0, barrier.object, 0);
  weft_barrier_abort (&barrier, &rig.main);
  g_assert_cmpint (actor_join (&waiter), ==, WEFT_BARRIER_BROKEN);
  weft_barrier_reset (&barrier, &rig.main);

  /* A reset with a waiter fails that waiter only. */
  start_barrier_waiters (&rig, &barrier, resetting, 1, 2);
  rig_wait_for (&rig, resetting[0].lane, WEFT_EVENT_COUNTER, 0, barrier.object, 0);
  weft_barrier_reset (&barrier, &rig.main);
  g_assert_cmpint (actor_join (&resetting[0]), ==, WEFT_BARRIER_BROKEN);
  g_assert_false (weft_barrier_is_broken (&barrier));

  start_barrier_waiters (&rig, &barrier, pair, 2, 3);
  g_assert_cmpint (actor_join (&pair[0]), ==, WEFT_BARRIER_PASSED);
  g_assert_cmpint (actor_join (&pair[1]), ==, WEFT_BARRIER_PASSED);

  rig_drain (&rig);
  g_assert_nonnull (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_ABORT, barrier.object, 0));
  g_assert_cmpint (rig_find (&rig, main_lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_RESET, barrier.object, 1)->value, ==, 2);
  g_assert_cmpint (rig_find (&rig, waiter.lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_BROKEN, barrier.object, 0)->value, ==, 1);
  g_assert_cmpint (rig_find (&rig, resetting[0].lane, WEFT_EVENT_INSTANT, WEFT_INSTANT_BROKEN, barrier.object, 0)->value, ==, 2);

  rig_assert_balanced (&rig);
  rig_clear (&rig);
  weft_barrier_clear (&barrier);
}

/* The run's stop is no abort: its waiter records no `broken`. */
static void
test_barrier_stop_blocked (void)
{
  Rig rig;
  WeftBarrier barrier;
  Actor waiter;
  g_autofree char *shape = NULL;

  rig_init (&rig);
  weft_barrier_init (&barrier, rig.run, "barrier", 2);
  actor_start (&waiter, &rig, "waiter", barrier_wait_once, &barrier, NULL, 1);
  rig_wait_for (&rig, waiter.lane, WEFT_EVENT_COUNTER, 0, barrier.object, 0);
  weft_run_request_stop (rig.run);
  g_assert_cmpint (actor_join (&waiter), ==, WEFT_BARRIER_STOPPED);
  shape = rig_shape (&rig, waiter.lane, barrier.object);
  g_assert_cmpstr (shape, ==, ">()");

  rig_clear (&rig);
  weft_barrier_clear (&barrier);
}

/* ---- semaphore ---- */

static void
semaphore_acquire_once (Actor *actor)
{
  actor->result = weft_semaphore_acquire (actor->object, &actor->worker);
}

static void
test_semaphore_stop_blocked (void)
{
  Rig rig;
  WeftSemaphore semaphore;
  Actor waiter;
  g_autofree char *shape = NULL;

  rig_init (&rig);
  weft_semaphore_init (&semaphore, rig.run, "club", 1, WEFT_SEMAPHORE_GUARD);
  g_assert_true (weft_semaphore_acquire (&semaphore, &rig.main));
  actor_start (&waiter, &rig, "waiter", semaphore_acquire_once, &semaphore, NULL, 0);
  rig_wait_for (&rig, waiter.lane, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, semaphore.object, 0);
  weft_run_request_stop (rig.run);
  g_assert_cmpint (actor_join (&waiter), ==, FALSE);
  shape = rig_shape (&rig, waiter.lane, semaphore.object);
  g_assert_cmpstr (shape, ==, "()");
  weft_semaphore_release (&semaphore, &rig.main);

  rig_clear (&rig);
  weft_semaphore_clear (&semaphore);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/primitives/mutex/self-deadlock", test_mutex_self_deadlock);
  g_test_add_func ("/primitives/mutex/stop-blocked", test_mutex_stop_blocked);
  g_test_add_func ("/primitives/mutex/contended", test_mutex_contended);
  g_test_add_func ("/primitives/rlock/nested", test_rlock_nested);
  g_test_add_func ("/primitives/rlock/stop-blocked", test_rlock_stop_blocked);
  g_test_add_func ("/primitives/cond/notify-oldest", test_cond_notify_oldest);
  g_test_add_func ("/primitives/cond/notify-all", test_cond_notify_all);
  g_test_add_func ("/primitives/cond/timeout", test_cond_timeout);
  g_test_add_func ("/primitives/cond/stop-blocked", test_cond_stop_blocked);
  g_test_add_func ("/primitives/cond/every-wake-explained", test_cond_every_wake_explained);
  g_test_add_func ("/primitives/flag/set-releases-all", test_flag_set_releases_all);
  g_test_add_func ("/primitives/flag/timeout", test_flag_timeout);
  g_test_add_func ("/primitives/flag/stop-blocked", test_flag_stop_blocked);
  g_test_add_func ("/primitives/barrier/timeout-breaks", test_barrier_timeout_breaks);
  g_test_add_func ("/primitives/barrier/pause-breaks-nothing", test_barrier_pause_breaks_nothing);
  g_test_add_func ("/primitives/barrier/abort-and-reset", test_barrier_abort_and_reset);
  g_test_add_func ("/primitives/barrier/stop-blocked", test_barrier_stop_blocked);
  g_test_add_func ("/primitives/semaphore/stop-blocked", test_semaphore_stop_blocked);

  return g_test_run ();
}
