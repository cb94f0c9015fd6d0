/* weft-preload-sync.c: the program's mutexes, conditions, semaphores,
 * barriers and read-write locks, recorded as Weft's own primitives are
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An uncontended lock and unlock cost two stamps and two stores into
 * the thread's own ring: `critical` begins once the lock is held and
 * ends before it is let go, so one mutex's critical spans never overlap.
 * Neither stamp pays for the clock's fence: the end is stamped before
 * the release (weft_clock_now_unordered_ns() says why that is enough),
 * and the beginning of an uncontended hold is kept at or after the last
 * release of that mutex, which the lock's own acquire made visible
 * (begin_hold_taken()).  Stamps after a wait use the ordered clock.
 * Only a thread that had to wait records `waiting`, and the arrow from
 * whoever let the object go.
 *
 * A read-write lock is entered as a semaphore (several may hold it; the
 * wait-for graph, which needs one holder, leaves it out), its shared
 * holds marked by value 1.  A POSIX semaphore records instants, not
 * spans: any thread may post it, so a wait and a post need not pair on
 * one lane.
 */

#define _GNU_SOURCE
#include "weft-preload.h"

#include <errno.h>
#include <semaphore.h>
#include <threads.h>

#include "weft-preload-real.h"

/* ---- the steps every primitive takes ---- */

static inline void
begin_hold (WeftRing *ring,
            guint16   object,
            gint64    value,
            gint64    now)
{
  wp_emit (ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, object, value, 0);
}

/* A hold taken without waiting.  The unfenced clock may be read a
 * little before the lock's own load saw the last holder's release, so
 * the stamp is kept at or after that release's, which the acquire made
 * visible here (wp_note_release() is stored before the unlock): the
 * picture never shows two holders, and costs no fence. */
static inline void
begin_hold_taken (WeftRing *ring,
                  guint16   object,
                  gint64    value)
{
  gint64 now = weft_clock_now_unordered_ns ();
  guint32 lane;

#ifdef WP_TEST_SKEW_NS
  /* test-record's build: as if the counter had been read this long
   * before the lock's load completed, far longer than a CPU runs ahead. */
  now -= WP_TEST_SKEW_NS;
#endif
  if (object != WEFT_OBJECT_NONE)
    now = MAX (now, wp_last_release (object, &lane));
  begin_hold (ring, object, value, now);
}

static inline void
end_hold (WeftRing *ring,
          guint16   object)
{
  gint64 now = weft_clock_now_unordered_ns ();

  wp_emit (ring, now, WEFT_EVENT_END, WEFT_STATE_CRITICAL, object, 0, 0);
  wp_note_release (ring, object, now);
}

static inline void
begin_wait (WeftRing *ring,
            guint16   object)
{
  wp_emit (ring, weft_clock_now_unordered_ns (), WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, object, 0, 0);
  wp_park (ring);
}

/* Ends a wait that @got the object (then with its cause), or timed out,
 * or failed; returns its stamp. */
static inline gint64
end_wait (WeftRing *ring,
          guint16   object,
          gboolean  got,
          gboolean  timed_out,
          gboolean  inferred)
{
  gint64 now;

  wp_unpark (ring);
  now = weft_clock_now_ns ();
  wp_emit (ring, now, WEFT_EVENT_END, WEFT_STATE_WAITING, object, 0, 0);
  if (got)
    wp_emit_cause (ring, object, now, inferred);
  else if (timed_out)
    wp_emit (ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_TIMEOUT, object, 0, 0);
  return now;
}

static inline void
instant (WeftRing    *ring,
         WeftInstant  code,
         guint16      object,
         gint64       value)
{
  wp_emit (ring, weft_clock_now_ns (), WEFT_EVENT_INSTANT, code, object, value, 0);
}

/* A robust mutex whose holder died is held all the same. */
#define HELD(res) ((res) == 0 || (res) == EOWNERDEAD)

/* 1 when the thread that just took @mutex already held it (a recursive
 * mutex, as GLib's GRecMutex and Python's RLock are): the same thread
 * inside again, never a second thread, and the check must know it.
 * glibc's public layout: the type in __kind's low bits, the depth in
 * __count; read by the holder, after taking it. */
static inline gint64
reentry (pthread_mutex_t *mutex)
{
  /* glibc's kind mask (PTHREAD_MUTEX_KIND_MASK_NP) is internal: 3. */
  return (mutex->__data.__kind & 3) == PTHREAD_MUTEX_RECURSIVE_NP &&
         mutex->__data.__count > 1;
}

/* ---- pthread mutexes ---- */

WP_EXPORT int
pthread_mutex_lock (pthread_mutex_t *mutex)
{
  WeftRing *ring = wp_self ();
  guint16 object;
  int res;
  gint64 now;

  WP_REAL_OR_RESOLVE (pthread_mutex_lock);
  if (ring == NULL)
    return real_pthread_mutex_lock (mutex);
  object = wp_object (mutex, WEFT_OBJECT_MUTEX);
  res = real_pthread_mutex_trylock (mutex);
  if (G_LIKELY (HELD (res)))
    {
      begin_hold_taken (ring, object, reentry (mutex));
      return res;
    }
  if (res != EBUSY)
    return real_pthread_mutex_lock (mutex);
  begin_wait (ring, object);
  res = real_pthread_mutex_lock (mutex);
  now = end_wait (ring, object, HELD (res), FALSE, FALSE);
  if (HELD (res))
    begin_hold (ring, object, reentry (mutex), now);
  return res;
}

WP_EXPORT int
pthread_mutex_trylock (pthread_mutex_t *mutex)
{
  WeftRing *ring = wp_self ();
  int res;

  WP_REAL_OR_RESOLVE (pthread_mutex_trylock);
  res = real_pthread_mutex_trylock (mutex);
  if (ring != NULL && HELD (res))
    begin_hold_taken (ring, wp_object (mutex, WEFT_OBJECT_MUTEX), reentry (mutex));
  return res;
}

static int
timed_mutex_lock (pthread_mutex_t       *mutex,
                  gboolean               has_clock,
                  clockid_t              clock,
                  const struct timespec *deadline)
{
  WeftRing *ring = wp_self ();
  guint16 object;
  int res;
  gint64 now;

#define CALL() (has_clock ? real_pthread_mutex_clocklock (mutex, clock, deadline) \
                          : real_pthread_mutex_timedlock (mutex, deadline))
  if (ring == NULL)
    return CALL ();
  object = wp_object (mutex, WEFT_OBJECT_MUTEX);
  res = real_pthread_mutex_trylock (mutex);
  if (HELD (res))
    {
      begin_hold_taken (ring, object, reentry (mutex));
      return res;
    }
  if (res != EBUSY)
    return CALL ();
  begin_wait (ring, object);
  res = CALL ();
  now = end_wait (ring, object, HELD (res), res == ETIMEDOUT, FALSE);
#undef CALL
  if (HELD (res))
    begin_hold (ring, object, reentry (mutex), now);
  return res;
}

WP_EXPORT int
pthread_mutex_timedlock (pthread_mutex_t       *mutex,
                         const struct timespec *deadline)
{
  WP_REAL_OR_RESOLVE (pthread_mutex_timedlock);
  return timed_mutex_lock (mutex, FALSE, CLOCK_REALTIME, deadline);
}

WP_EXPORT int
pthread_mutex_clocklock (pthread_mutex_t       *mutex,
                         clockid_t              clock,
                         const struct timespec *deadline)
{
  WP_REAL_OR_RESOLVE (pthread_mutex_clocklock);
  return timed_mutex_lock (mutex, TRUE, clock, deadline);
}

WP_EXPORT int
pthread_mutex_unlock (pthread_mutex_t *mutex)
{
  WeftRing *ring = wp_self ();

  WP_REAL_OR_RESOLVE (pthread_mutex_unlock);
  if (ring != NULL)
    end_hold (ring, wp_object (mutex, WEFT_OBJECT_MUTEX));
  return real_pthread_mutex_unlock (mutex);
}

/* ---- conditions ---- */

/* Which of glibc's functions a wait calls. */
typedef enum
{
  COND_WAIT,
  COND_TIMEDWAIT,
  COND_CLOCKWAIT,
#ifdef WP_OLD_CONDS
  OLD_COND_WAIT,          /* the GLIBC_2.2.5 ones, for an old condition */
  OLD_COND_TIMEDWAIT,
#endif
} CondCall;

static inline int
cond_call (CondCall               call,
           pthread_cond_t        *cond,
           pthread_mutex_t       *mutex,
           clockid_t              clock,
           const struct timespec *deadline)
{
  switch (call)
    {
    case COND_WAIT:
      return real_pthread_cond_wait (cond, mutex);
    case COND_TIMEDWAIT:
      return real_pthread_cond_timedwait (cond, mutex, deadline);
#ifdef WP_OLD_CONDS
    case OLD_COND_WAIT:
      return real_old_pthread_cond_wait (cond, mutex);
    case OLD_COND_TIMEDWAIT:
      return real_old_pthread_cond_timedwait (cond, mutex, deadline);
#endif
    case COND_CLOCKWAIT:
    default:
      return real_pthread_cond_clockwait (cond, mutex, clock, deadline);
    }
}

/* glibc lets go of the mutex and takes it back inside the wait, so the
 * recorder says so itself: `critical` on the mutex ends, `waiting` on
 * the condition lasts until the wait returns with the mutex held.  An
 * old condition is recorded as itself, at the program's address, not as
 * the new one glibc keeps for it. */
static int
cond_wait (pthread_cond_t        *cond,
           pthread_mutex_t       *mutex,
           CondCall               call,
           clockid_t              clock,
           const struct timespec *deadline)
{
  WeftRing *ring = wp_self ();
  guint16 on_cond, on_mutex;
  int res;
  gint64 now;

  if (ring == NULL)
    return cond_call (call, cond, mutex, clock, deadline);
  on_cond = wp_object (cond, WEFT_OBJECT_CONDITION);
  on_mutex = wp_object (mutex, WEFT_OBJECT_MUTEX);
  end_hold (ring, on_mutex);
  begin_wait (ring, on_cond);
  res = cond_call (call, cond, mutex, clock, deadline);
  /* Woken by a signal or broadcast, the kernel chose this waiter: the
   * arrow is a guess, drawn as one. */
  now = end_wait (ring, on_cond, res == 0, res == ETIMEDOUT, TRUE);
  begin_hold (ring, on_mutex, reentry (mutex), now);
  return res;
}

WP_EXPORT int
pthread_cond_wait (pthread_cond_t  *cond,
                   pthread_mutex_t *mutex)
{
  WP_REAL_OR_RESOLVE (pthread_cond_wait);
  return cond_wait (cond, mutex, COND_WAIT, CLOCK_REALTIME, NULL);
}

WP_EXPORT int
pthread_cond_timedwait (pthread_cond_t        *cond,
                        pthread_mutex_t       *mutex,
                        const struct timespec *deadline)
{
  WP_REAL_OR_RESOLVE (pthread_cond_timedwait);
  return cond_wait (cond, mutex, COND_TIMEDWAIT, CLOCK_REALTIME, deadline);
}

WP_EXPORT int
pthread_cond_clockwait (pthread_cond_t        *cond,
                        pthread_mutex_t       *mutex,
                        clockid_t              clock,
                        const struct timespec *deadline)
{
  WP_REAL_OR_RESOLVE (pthread_cond_clockwait);
  return cond_wait (cond, mutex, COND_CLOCKWAIT, clock, deadline);
}

static void
notify (pthread_cond_t *cond,
        WeftInstant     code)
{
  WeftRing *ring = wp_self ();
  guint16 object;
  gint64 now;

  if (ring == NULL)
    return;
  object = wp_object (cond, WEFT_OBJECT_CONDITION);
  now = weft_clock_now_unordered_ns ();
  /* -1: which waiter goes is the kernel's choice, not known here. */
  wp_emit (ring, now, WEFT_EVENT_INSTANT, code, object, code == WEFT_INSTANT_NOTIFY ? -1 : 0, 0);
  wp_note_release (ring, object, now);
}

WP_EXPORT int
pthread_cond_signal (pthread_cond_t *cond)
{
  WP_REAL_OR_RESOLVE (pthread_cond_signal);
  notify (cond, WEFT_INSTANT_NOTIFY);
  return real_pthread_cond_signal (cond);
}

WP_EXPORT int
pthread_cond_broadcast (pthread_cond_t *cond)
{
  WP_REAL_OR_RESOLVE (pthread_cond_broadcast);
  notify (cond, WEFT_INSTANT_NOTIFY_ALL);
  return real_pthread_cond_broadcast (cond);
}

#ifdef WP_OLD_CONDS
/* The same, for a program linked against the old conditions: exported
 * as pthread_cond_wait@GLIBC_2.2.5 and so on beside the defaults above
 * (@@GLIBC_2.3.2, set by weft-preload.map), each calling the old
 * function.  Their own names are kept local by the map. */
# define WP_OLD(name) WP_EXPORT __attribute__ ((symver (#name "@" WP_OLD_COND_VERSION)))
# define WP_DECLARE_OLD(name) __typeof__ (name) wp_old_##name;
WP_COND_FUNCTIONS (WP_DECLARE_OLD)
# undef WP_DECLARE_OLD

WP_OLD (pthread_cond_wait) int
wp_old_pthread_cond_wait (pthread_cond_t  *cond,
                          pthread_mutex_t *mutex)
{
  WP_REAL_OLD_OR_RESOLVE (pthread_cond_wait);
  return cond_wait (cond, mutex, OLD_COND_WAIT, CLOCK_REALTIME, NULL);
}

WP_OLD (pthread_cond_timedwait) int
wp_old_pthread_cond_timedwait (pthread_cond_t        *cond,
                               pthread_mutex_t       *mutex,
                               const struct timespec *deadline)
{
  WP_REAL_OLD_OR_RESOLVE (pthread_cond_timedwait);
  return cond_wait (cond, mutex, OLD_COND_TIMEDWAIT, CLOCK_REALTIME, deadline);
}

WP_OLD (pthread_cond_signal) int
wp_old_pthread_cond_signal (pthread_cond_t *cond)
{
  WP_REAL_OLD_OR_RESOLVE (pthread_cond_signal);
  notify (cond, WEFT_INSTANT_NOTIFY);
  return real_old_pthread_cond_signal (cond);
}

WP_OLD (pthread_cond_broadcast) int
wp_old_pthread_cond_broadcast (pthread_cond_t *cond)
{
  WP_REAL_OLD_OR_RESOLVE (pthread_cond_broadcast);
  notify (cond, WEFT_INSTANT_NOTIFY_ALL);
  return real_old_pthread_cond_broadcast (cond);
}

# undef WP_OLD
#endif

/* ---- read-write locks ---- */

static int
rwlock_take (pthread_rwlock_t      *rwlock,
             gboolean               shared,
             int                    how,
             const struct timespec *deadline)
{
  WeftRing *ring = wp_self ();
  guint16 object;
  int res;
  gint64 now;

#define TRY() (shared ? real_pthread_rwlock_tryrdlock (rwlock) : real_pthread_rwlock_trywrlock (rwlock))
#define CALL() (how == 0 ? (shared ? real_pthread_rwlock_rdlock (rwlock) : real_pthread_rwlock_wrlock (rwlock)) \
                : (shared ? real_pthread_rwlock_timedrdlock (rwlock, deadline) \
                          : real_pthread_rwlock_timedwrlock (rwlock, deadline)))
  if (ring == NULL)
    return CALL ();
  object = wp_object (rwlock, WEFT_OBJECT_SEMAPHORE);
  res = TRY ();
  if (res == 0)
    {
      begin_hold (ring, object, shared, weft_clock_now_ns ());
      return 0;
    }
  if (res != EBUSY)
    return CALL ();
  begin_wait (ring, object);
  res = CALL ();
#undef TRY
#undef CALL
  now = end_wait (ring, object, res == 0, res == ETIMEDOUT, FALSE);
  if (res == 0)
    begin_hold (ring, object, shared, now);
  return res;
}

WP_EXPORT int
pthread_rwlock_rdlock (pthread_rwlock_t *rwlock)
{
  WP_REAL_OR_RESOLVE (pthread_rwlock_rdlock);
  return rwlock_take (rwlock, TRUE, 0, NULL);
}

WP_EXPORT int
pthread_rwlock_wrlock (pthread_rwlock_t *rwlock)
{
  WP_REAL_OR_RESOLVE (pthread_rwlock_wrlock);
  return rwlock_take (rwlock, FALSE, 0, NULL);
}

WP_EXPORT int
pthread_rwlock_timedrdlock (pthread_rwlock_t      *rwlock,
                            const struct timespec *deadline)
{
  WP_REAL_OR_RESOLVE (pthread_rwlock_timedrdlock);
  return rwlock_take (rwlock, TRUE, 1, deadline);
}

WP_EXPORT int
pthread_rwlock_timedwrlock (pthread_rwlock_t      *rwlock,
                            const struct timespec *deadline)
{
  WP_REAL_OR_RESOLVE (pthread_rwlock_timedwrlock);
  return rwlock_take (rwlock, FALSE, 1, deadline);
}

WP_EXPORT int
pthread_rwlock_tryrdlock (pthread_rwlock_t *rwlock)
{
  WeftRing *ring = wp_self ();
  int res;

  WP_REAL_OR_RESOLVE (pthread_rwlock_tryrdlock);
  res = real_pthread_rwlock_tryrdlock (rwlock);
  if (ring != NULL && res == 0)
    begin_hold (ring, wp_object (rwlock, WEFT_OBJECT_SEMAPHORE), 1, weft_clock_now_ns ());
  return res;
}

WP_EXPORT int
pthread_rwlock_trywrlock (pthread_rwlock_t *rwlock)
{
  WeftRing *ring = wp_self ();
  int res;

  WP_REAL_OR_RESOLVE (pthread_rwlock_trywrlock);
  res = real_pthread_rwlock_trywrlock (rwlock);
  if (ring != NULL && res == 0)
    begin_hold (ring, wp_object (rwlock, WEFT_OBJECT_SEMAPHORE), 0, weft_clock_now_ns ());
  return res;
}

WP_EXPORT int
pthread_rwlock_unlock (pthread_rwlock_t *rwlock)
{
  WeftRing *ring = wp_self ();

  WP_REAL_OR_RESOLVE (pthread_rwlock_unlock);
  if (ring != NULL)
    end_hold (ring, wp_object (rwlock, WEFT_OBJECT_SEMAPHORE));
  return real_pthread_rwlock_unlock (rwlock);
}

/* ---- barriers ---- */

WP_EXPORT int
pthread_barrier_wait (pthread_barrier_t *barrier)
{
  WeftRing *ring = wp_self ();
  guint16 object;
  gint64 now;
  int res;

  WP_REAL_OR_RESOLVE (pthread_barrier_wait);
  if (ring == NULL)
    return real_pthread_barrier_wait (barrier);
  object = wp_object (barrier, WEFT_OBJECT_BARRIER);
  now = weft_clock_now_unordered_ns ();
  wp_emit (ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_ARRIVE, object, 0, 0);
  wp_note_release (ring, object, now);
  wp_emit (ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, object, 0, 0);
  wp_park (ring);
  res = real_pthread_barrier_wait (barrier);
  /* The last to arrive let everyone go: its arrival is the cause. */
  now = end_wait (ring, object, res == 0 || res == PTHREAD_BARRIER_SERIAL_THREAD, FALSE, FALSE);
  wp_emit (ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_DEPART, object, 0, 0);
  return res;
}

/* ---- POSIX semaphores ---- */

static int
sem_take (sem_t                 *sem,
          int                    how,
          clockid_t              clock,
          const struct timespec *deadline)
{
  WeftRing *ring = wp_self ();
  guint16 object;
  int res;

#define CALL() (how == 0 ? real_sem_wait (sem) \
                : how == 1 ? real_sem_timedwait (sem, deadline) \
                : real_sem_clockwait (sem, clock, deadline))
  if (ring == NULL)
    return CALL ();
  object = wp_object (sem, WEFT_OBJECT_SEMAPHORE);
  if (real_sem_trywait (sem) == 0)
    {
      instant (ring, WEFT_INSTANT_ACQUIRE, object, 0);
      return 0;
    }
  if (errno != EAGAIN)
    return CALL ();
  begin_wait (ring, object);
  res = CALL ();
#undef CALL
  {
    int saved = errno;
    gint64 now = end_wait (ring, object, res == 0, res != 0 && saved == ETIMEDOUT, TRUE);

    if (res == 0)
      wp_emit (ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, object, 0, 0);
    errno = saved;
  }
  return res;
}

WP_EXPORT int
sem_wait (sem_t *sem)
{
  WP_REAL_OR_RESOLVE (sem_wait);
  return sem_take (sem, 0, CLOCK_REALTIME, NULL);
}

WP_EXPORT int
sem_timedwait (sem_t                 *sem,
               const struct timespec *deadline)
{
  WP_REAL_OR_RESOLVE (sem_timedwait);
  return sem_take (sem, 1, CLOCK_REALTIME, deadline);
}

WP_EXPORT int
sem_clockwait (sem_t                 *sem,
               clockid_t              clock,
               const struct timespec *deadline)
{
  WP_REAL_OR_RESOLVE (sem_clockwait);
  return sem_take (sem, 2, clock, deadline);
}

WP_EXPORT int
sem_trywait (sem_t *sem)
{
  WeftRing *ring = wp_self ();
  int res;

  WP_REAL_OR_RESOLVE (sem_trywait);
  res = real_sem_trywait (sem);
  if (ring != NULL && res == 0)
    {
      int saved = errno;

      instant (ring, WEFT_INSTANT_ACQUIRE, wp_object (sem, WEFT_OBJECT_SEMAPHORE), 0);
      errno = saved;
    }
  return res;
}

WP_EXPORT int
sem_post (sem_t *sem)
{
  WeftRing *ring = wp_self ();

  WP_REAL_OR_RESOLVE (sem_post);
  if (ring != NULL)
    {
      guint16 object = wp_object (sem, WEFT_OBJECT_SEMAPHORE);
      gint64 now = weft_clock_now_unordered_ns ();

      wp_emit (ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_POST, object, 0, 0);
      wp_note_release (ring, object, now);
    }
  return real_sem_post (sem);
}

/* ---- C11 threads: glibc builds them on pthreads, but calls those
 * inside itself, where no preloaded symbol reaches ---- */

WP_EXPORT int
mtx_lock (mtx_t *mutex)
{
  WeftRing *ring = wp_self ();
  guint16 object;
  int res;
  gint64 now;

  WP_REAL_OR_RESOLVE (mtx_lock);
  if (ring == NULL)
    return real_mtx_lock (mutex);
  object = wp_object (mutex, WEFT_OBJECT_MUTEX);
  if ((res = real_mtx_trylock (mutex)) == thrd_success)
    {
      begin_hold_taken (ring, object, reentry ((pthread_mutex_t *) mutex));
      return res;
    }
  if (res != thrd_busy)
    return real_mtx_lock (mutex);
  begin_wait (ring, object);
  res = real_mtx_lock (mutex);
  now = end_wait (ring, object, res == thrd_success, FALSE, FALSE);
  if (res == thrd_success)
    begin_hold (ring, object, reentry ((pthread_mutex_t *) mutex), now);
  return res;
}

WP_EXPORT int
mtx_trylock (mtx_t *mutex)
{
  WeftRing *ring = wp_self ();
  int res;

  WP_REAL_OR_RESOLVE (mtx_trylock);
  res = real_mtx_trylock (mutex);
  if (ring != NULL && res == thrd_success)
    begin_hold_taken (ring, wp_object (mutex, WEFT_OBJECT_MUTEX), reentry ((pthread_mutex_t *) mutex));
  return res;
}

WP_EXPORT int
mtx_timedlock (mtx_t                 *__restrict mutex,
               const struct timespec *__restrict deadline)
{
  WeftRing *ring = wp_self ();
  guint16 object;
  int res;
  gint64 now;

  WP_REAL_OR_RESOLVE (mtx_timedlock);
  if (ring == NULL)
    return real_mtx_timedlock (mutex, deadline);
  object = wp_object (mutex, WEFT_OBJECT_MUTEX);
  if ((res = real_mtx_trylock (mutex)) == thrd_success)
    {
      begin_hold_taken (ring, object, reentry ((pthread_mutex_t *) mutex));
      return res;
    }
  if (res != thrd_busy)
    return real_mtx_timedlock (mutex, deadline);
  begin_wait (ring, object);
  res = real_mtx_timedlock (mutex, deadline);
  now = end_wait (ring, object, res == thrd_success, res == thrd_timedout, FALSE);
  if (res == thrd_success)
    begin_hold (ring, object, reentry ((pthread_mutex_t *) mutex), now);
  return res;
}

WP_EXPORT int
mtx_unlock (mtx_t *mutex)
{
  WeftRing *ring = wp_self ();

  WP_REAL_OR_RESOLVE (mtx_unlock);
  if (ring != NULL)
    end_hold (ring, wp_object (mutex, WEFT_OBJECT_MUTEX));
  return real_mtx_unlock (mutex);
}

static int
cnd_wait_on (cnd_t                 *cond,
             mtx_t                 *mutex,
             const struct timespec *deadline)
{
  WeftRing *ring = wp_self ();
  guint16 on_cond, on_mutex;
  int res;
  gint64 now;

  if (ring == NULL)
    return deadline ? real_cnd_timedwait (cond, mutex, deadline) : real_cnd_wait (cond, mutex);
  on_cond = wp_object (cond, WEFT_OBJECT_CONDITION);
  on_mutex = wp_object (mutex, WEFT_OBJECT_MUTEX);
  end_hold (ring, on_mutex);
  begin_wait (ring, on_cond);
  res = deadline ? real_cnd_timedwait (cond, mutex, deadline) : real_cnd_wait (cond, mutex);
  now = end_wait (ring, on_cond, res == thrd_success, res == thrd_timedout, TRUE);
  begin_hold (ring, on_mutex, reentry ((pthread_mutex_t *) mutex), now);
  return res;
}

WP_EXPORT int
cnd_wait (cnd_t *cond,
          mtx_t *mutex)
{
  WP_REAL_OR_RESOLVE (cnd_wait);
  return cnd_wait_on (cond, mutex, NULL);
}

WP_EXPORT int
cnd_timedwait (cnd_t                 *__restrict cond,
               mtx_t                 *__restrict mutex,
               const struct timespec *__restrict deadline)
{
  WP_REAL_OR_RESOLVE (cnd_timedwait);
  return cnd_wait_on (cond, mutex, deadline);
}

WP_EXPORT int
cnd_signal (cnd_t *cond)
{
  WP_REAL_OR_RESOLVE (cnd_signal);
  notify ((pthread_cond_t *) cond, WEFT_INSTANT_NOTIFY);
  return real_cnd_signal (cond);
}

WP_EXPORT int
cnd_broadcast (cnd_t *cond)
{
  WP_REAL_OR_RESOLVE (cnd_broadcast);
  notify ((pthread_cond_t *) cond, WEFT_INSTANT_NOTIFY_ALL);
  return real_cnd_broadcast (cond);
}

/* ---- sleeps: no event, but a sleeping thread must not hold Weft's
 * checks back (weft_ring_park()) ---- */

WP_EXPORT int
nanosleep (const struct timespec *duration,
           struct timespec       *remaining)
{
  WeftRing *ring = wp_self ();
  int res;

  WP_REAL_OR_RESOLVE (nanosleep);
  if (ring == NULL)
    return real_nanosleep (duration, remaining);
  wp_park (ring);
  res = real_nanosleep (duration, remaining);
  {
    int saved = errno;
    wp_unpark (ring);
    errno = saved;
  }
  return res;
}

WP_EXPORT int
clock_nanosleep (clockid_t              clock,
                 int                    flags,
                 const struct timespec *request,
                 struct timespec       *remaining)
{
  WeftRing *ring = wp_self ();
  int res;

  WP_REAL_OR_RESOLVE (clock_nanosleep);
  if (ring == NULL)
    return real_clock_nanosleep (clock, flags, request, remaining);
  wp_park (ring);
  res = real_clock_nanosleep (clock, flags, request, remaining);
  wp_unpark (ring);
  return res;
}
