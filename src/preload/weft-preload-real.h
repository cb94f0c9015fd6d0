/* weft-preload-real.h: the functions the recorder stands in front of
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each interposed function calls the C library's own, found with
 * dlsym(RTLD_NEXT) once at load, or dlvsym() where glibc has two
 * functions under one name.  A library's constructor may call one
 * before ours has run, so each also resolves on first use.
 */

#pragma once

#include <pthread.h>
#include <semaphore.h>
#include <threads.h>
#include <time.h>

/* Found by name alone: glibc has one of each, or several versions that
 * are one function under several names. */
#define WP_PLAIN_FUNCTIONS(X) \
  X (pthread_create) X (pthread_join) X (pthread_detach) X (pthread_exit) X (pthread_setname_np) \
  X (pthread_mutex_lock) X (pthread_mutex_trylock) X (pthread_mutex_timedlock) \
  X (pthread_mutex_clocklock) X (pthread_mutex_unlock) \
  X (pthread_cond_clockwait) \
  X (pthread_rwlock_rdlock) X (pthread_rwlock_tryrdlock) X (pthread_rwlock_timedrdlock) \
  X (pthread_rwlock_wrlock) X (pthread_rwlock_trywrlock) X (pthread_rwlock_timedwrlock) \
  X (pthread_rwlock_unlock) \
  X (pthread_barrier_wait) \
  X (sem_wait) X (sem_timedwait) X (sem_clockwait) X (sem_trywait) X (sem_post) \
  X (mtx_lock) X (mtx_trylock) X (mtx_timedlock) X (mtx_unlock) \
  X (cnd_wait) X (cnd_timedwait) X (cnd_signal) X (cnd_broadcast) \
  X (nanosleep) X (clock_nanosleep)

/* The condition functions that x86-64's glibc has twice, for two kinds
 * of condition (below); the recorder exports both and each calls its
 * own kind's. */
#define WP_COND_FUNCTIONS(X) \
  X (pthread_cond_wait) X (pthread_cond_timedwait) \
  X (pthread_cond_signal) X (pthread_cond_broadcast)

#define WP_REAL_FUNCTIONS(X) WP_PLAIN_FUNCTIONS (X) WP_COND_FUNCTIONS (X)

#if defined (__x86_64__) && defined (__LP64__)
/* glibc 2.3.2 brought new condition variables; x86-64's glibc still
 * exports the first ones, at its base version, for programs linked
 * before (an old condition holds a pointer to a new one it allocates on
 * first use).  Such a program's pthread_cond_wait@GLIBC_2.2.5 must reach
 * the old function, which a new one handed an old condition would
 * misread.  Other architectures came later and have only the new ones,
 * at their own base version, which the unversioned names serve. */
# define WP_OLD_CONDS 1
# define WP_COND_VERSION "GLIBC_2.3.2"
# define WP_OLD_COND_VERSION "GLIBC_2.2.5"

# define WP_DECLARE_REAL_OLD(name) extern __typeof__ (name) *real_old_##name;
WP_COND_FUNCTIONS (WP_DECLARE_REAL_OLD)
# undef WP_DECLARE_REAL_OLD
#endif

#define WP_DECLARE_REAL(name) extern __typeof__ (name) *real_##name;
WP_REAL_FUNCTIONS (WP_DECLARE_REAL)
#undef WP_DECLARE_REAL

#define WP_REAL_OR_RESOLVE(name) \
  do { if (__builtin_expect (real_##name == NULL, 0)) wp_resolve_all (); } while (0)
#define WP_REAL_OLD_OR_RESOLVE(name) \
  do { if (__builtin_expect (real_old_##name == NULL, 0)) wp_resolve_all (); } while (0)
