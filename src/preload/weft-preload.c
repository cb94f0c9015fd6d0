/* weft-preload.c: attaching to Weft, and the program's threads and objects
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "weft-preload.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <linux/futex.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "weft-preload-real.h"

WeftRecordHeader *wp_header;
guint32 wp_process;
WP_TLS WeftRing *wp_ring;
WP_TLS gboolean wp_refused;
WP_TLS gboolean wp_emitting;
WP_TLS gint64 wp_lost_in_handler_ns;
WP_TLS _Atomic guint32 wp_lost_in_handler;

/* ---- lanes ---- */

static void
read_own_name (char name[WEFT_RECORD_NAME_LEN])
{
  memset (name, 0, WEFT_RECORD_NAME_LEN);
  /* The kernel's comm: the program's name for its first thread, and
   * what threads inherit until they are named. */
  if (prctl (PR_GET_NAME, name, 0, 0, 0) != 0)
    name[0] = '\0';
  name[WEFT_RECORD_NAME_LEN - 1] = '\0';
}

/* Claims the next lane for a thread, its ring set up and, with @start_ns,
 * its START stamped on it (saying @detached: a daemon, as Weft's own
 * patterns call a thread nothing joins); or -1 when there is none left. */
static gint
claim_lane (gint32      tid,
            const char *name,
            gint64      start_ns,
            gboolean    detached)
{
  WeftRecordLane *lane;
  WeftRing *ring;
  guint32 index;

  /* Relaxed: the counter only hands out indices; the lane is published
   * by its own `ready` below. */
  index = atomic_fetch_add_explicit (&wp_header->n_lanes, 1, memory_order_relaxed);
  if (index >= WEFT_RECORD_MAX_LANES)
    {
      atomic_fetch_add_explicit (&wp_header->lanes_refused, 1, memory_order_relaxed);
      return -1;
    }
  lane = &wp_header->lanes[index];
  ring = weft_ring_init_in (weft_record_get_ring (wp_header, index), wp_header->ring_capacity, index);
  /* Lossless while Weft drains: a full ring waits for it, and the wait
   * is drawn as the recorder's; once Weft is gone, the thread goes on
   * unrecorded. */
  weft_ring_wait_across_processes (ring);
  lane->process = wp_process;
  memcpy (lane->name, name, WEFT_RECORD_NAME_LEN);
  lane->name[WEFT_RECORD_NAME_LEN - 1] = '\0';
  /* Relaxed, both: published by the release of `ready`. */
  atomic_store_explicit (&lane->tid, tid, memory_order_relaxed);
  atomic_store_explicit (&lane->detached, detached, memory_order_relaxed);
  if (start_ns != 0)
    weft_ring_emit_at (ring, start_ns, WEFT_EVENT_INSTANT, WEFT_INSTANT_START, WEFT_OBJECT_NONE, detached, 0);
  /* Release: Weft loads `ready` with acquire before it reads the ring
   * header and the fields above. */
  atomic_store_explicit (&lane->ready, 1, memory_order_release);
  return (gint) index;
}

/* A thread Weft did not see start (the main thread, or one made some
 * other way than pthread_create()) gets its lane at its first event. */
WeftRing *
wp_claim_self (void)
{
  char name[WEFT_RECORD_NAME_LEN];
  gint lane;

  if (wp_header == NULL || wp_refused ||
      !atomic_load_explicit (&wp_header->attached, memory_order_relaxed))
    return NULL;
  read_own_name (name);
  lane = claim_lane (gettid (), name, weft_clock_now_ns (), FALSE);
  if (lane < 0)
    {
      wp_refused = TRUE;
      return NULL;
    }
  /* Relaxed: as in thread_start(). */
  atomic_store_explicit (&wp_header->lanes[lane].thread, (guint64) pthread_self (), memory_order_relaxed);
  wp_ring = weft_record_get_ring (wp_header, lane);
  return wp_ring;
}

/* ---- objects ---- */

guint16
wp_object_slow (const void     *address,
                WeftObjectKind  kind,
                guint64         key,
                guint32         at)
{
  for (guint probes = 0; probes < WEFT_RECORD_OBJECT_SLOTS; probes++, at = (at + 1) & (WEFT_RECORD_OBJECT_SLOTS - 1))
    {
      WeftRecordSlot *slot = &wp_header->slots[at];
      guint64 found = atomic_load_explicit (&slot->key, memory_order_acquire);
      guint32 id;

      if (found == 0)
        {
          guint64 expected = 0;

          /* Acq_rel: the winner goes on to publish the entry; a loser
           * reads who won. */
          if (atomic_compare_exchange_strong_explicit (&slot->key, &expected, key,
                                                       memory_order_acq_rel, memory_order_acquire))
            {
              WeftRecordObject *object;

              /* Relaxed: hands out an index, published below. */
              id = atomic_fetch_add_explicit (&wp_header->n_objects, 1, memory_order_relaxed);
              if (id >= WEFT_RECORD_MAX_OBJECTS)
                {
                  atomic_fetch_add_explicit (&wp_header->objects_refused, 1, memory_order_relaxed);
                  /* Release: an id past the table reads as no object. */
                  atomic_store_explicit (&slot->id, WEFT_OBJECT_NONE + 1u, memory_order_release);
                  return WEFT_OBJECT_NONE;
                }
              object = &wp_header->objects[id];
              object->kind = kind;
              object->process = (guint16) wp_process;
              object->address = (guint64) (guintptr) address;
              /* Release, twice: Weft reads the entry once `ready` is
               * set; threads read the id once the slot's id is. */
              atomic_store_explicit (&object->ready, 1, memory_order_release);
              atomic_store_explicit (&slot->id, id + 1, memory_order_release);
              return (guint16) id;
            }
          found = expected;
        }
      if (found == key)
        {
          /* Another thread is entering it: a few stores away. */
          while ((id = atomic_load_explicit (&slot->id, memory_order_acquire)) == 0)
            ;
          return id > WEFT_OBJECT_NONE ? WEFT_OBJECT_NONE : (guint16) (id - 1);
        }
    }
  return WEFT_OBJECT_NONE;
}

/* ---- processes ---- */

static gint32
find_process (gint32 pid)
{
  guint32 n = atomic_load_explicit (&wp_header->n_processes, memory_order_acquire);

  for (guint32 i = MIN (n, WEFT_RECORD_MAX_PROCESSES); i-- > 0;)
    if (atomic_load_explicit (&wp_header->processes[i].ready, memory_order_acquire) &&
        wp_header->processes[i].pid == pid)
      return (gint32) i;
  return -1;
}

/* An exec keeps the pid: the image before it wrote lanes that no thread
 * will ever write again.  Saying so lets Weft's checks go past them. */
static void
finish_earlier_image (gint32 pid,
                      guint32 self)
{
  guint32 n_lanes = MIN (atomic_load_explicit (&wp_header->n_lanes, memory_order_acquire), WEFT_RECORD_MAX_LANES);

  for (guint32 i = 0; i < self; i++)
    {
      WeftRecordProcess *process = &wp_header->processes[i];

      if (!atomic_load_explicit (&process->ready, memory_order_acquire) || process->pid != pid ||
          atomic_load_explicit (&process->exited, memory_order_relaxed))
        continue;
      for (guint32 l = 0; l < n_lanes; l++)
        if (atomic_load_explicit (&wp_header->lanes[l].ready, memory_order_acquire) &&
            wp_header->lanes[l].process == i)
          /* The exec ended every thread of that image that was still
           * running: each lane ends there, killed, as in Weft's
           * finish_process(), not drawn running beside the new image's. */
          weft_ring_finish_cut_off (weft_record_get_ring (wp_header, l), WEFT_INSTANT_KILLED);
      /* Release: after the finishes above. */
      atomic_store_explicit (&process->exited, 1, memory_order_release);
    }
}

/* argv[0]'s last part rather than the kernel's comm: an exec through a
 * link (/proc/self/exe, a versioned interpreter) gives comm the link's
 * name, while argv[0] is what the user ran.  A fork's child inherits it,
 * so it is named as its parent is. */
static void
read_process_name (char name[WEFT_RECORD_PROCESS_NAME_LEN])
{
  const char *short_name = program_invocation_short_name;

  memset (name, 0, WEFT_RECORD_PROCESS_NAME_LEN);
  if (short_name != NULL && short_name[0] != '\0')
    memcpy (name, short_name, MIN (strlen (short_name), WEFT_RECORD_PROCESS_NAME_LEN - 1));
  else
    read_own_name (name);
}

static gboolean
claim_process (gboolean forked)
{
  gint32 pid = getpid ();
  gint32 parent = find_process (getppid ());
  guint32 index = atomic_fetch_add_explicit (&wp_header->n_processes, 1, memory_order_relaxed);
  WeftRecordProcess *process;

  if (index >= WEFT_RECORD_MAX_PROCESSES)
    return FALSE;
  process = &wp_header->processes[index];
  process->pid = pid;
  process->parent = parent;
  process->forked = forked;
  read_process_name (process->name);
  wp_process = index;
  /* Release: Weft reads the entry once `ready` is set. */
  atomic_store_explicit (&process->ready, 1, memory_order_release);
  finish_earlier_image (pid, index);
  return TRUE;
}

/* The forking thread goes on in the child as its only thread, in a new
 * process: it gets a process entry and a lane of its own there. */
static void
after_fork_in_child (void)
{
  WeftRecordHeader *header = wp_header;

  wp_ring = NULL;
  wp_refused = FALSE;
  if (header == NULL)
    return;
  if (!claim_process (TRUE))
    {
      wp_header = NULL;
      return;
    }
  wp_claim_self ();
}

/* How long a new image waits, at most, for Weft to read its mappings. */
#define SEEN_WAIT_NS (200 * WEFT_NSEC_PER_MSEC)

/* Waits until Weft has read this process's mappings (weft-program.c
 * names objects from them), so that a program over in a millisecond is
 * named too; a short while at most, and not at all once Weft is gone. */
static void
wait_to_be_seen (WeftRecordProcess *process)
{
  struct timespec slice = { 0, 2 * WEFT_NSEC_PER_MSEC };
  gint64 until = weft_clock_monotonic_ns () + SEEN_WAIT_NS;

  /* Relaxed: rechecked after every wake and slice. */
  while (!atomic_load_explicit (&process->seen, memory_order_relaxed) &&
         atomic_load_explicit (&wp_header->attached, memory_order_relaxed) &&
         weft_clock_monotonic_ns () < until)
    syscall (SYS_futex, (guint32 *) &process->seen, FUTEX_WAIT, 0, &slice, NULL, 0);
}

static gboolean
attach (void)
{
  const char *fd_text = getenv (WEFT_RECORD_ENV_FD);
  WeftRecordHeader *header;
  struct stat st;
  char *end;
  long fd;

  if (fd_text == NULL)
    return FALSE;
  errno = 0;
  fd = strtol (fd_text, &end, 10);
  if (errno != 0 || *end != '\0' || fd < 0 || fd > G_MAXINT)
    return FALSE;
  if (fstat ((int) fd, &st) != 0 || (guint64) st.st_size < sizeof (WeftRecordHeader))
    return FALSE;
  header = mmap (NULL, (size_t) st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, (int) fd, 0);
  if (header == MAP_FAILED)
    return FALSE;
  if (header->magic != WEFT_RECORD_MAGIC || header->version != WEFT_RECORD_VERSION ||
      header->size != (guint64) st.st_size || header->ring_capacity != WEFT_RECORD_RING_CAPACITY ||
      header->rings_offset != weft_record_rings_offset () || header->ring_stride != weft_record_ring_stride ())
    {
      munmap (header, (size_t) st.st_size);
      return FALSE;
    }
  /* Before anything is stamped: Weft's clock, so that this process's
   * stamps and Weft's are on one time base.  A conversion this process
   * cannot use (it cannot happen on one machine) still leaves it on
   * CLOCK_MONOTONIC's base, give or take the calibration. */
  if (!weft_clock_set_params (&header->clock))
    weft_clock_use_monotonic ();
  wp_header = header;
  if (!claim_process (FALSE))
    {
      wp_header = NULL;
      munmap (header, (size_t) st.st_size);
      return FALSE;
    }
  wait_to_be_seen (&header->processes[wp_process]);
  return TRUE;
}

__attribute__ ((constructor)) static void
wp_init (void)
{
  wp_resolve_all ();
  if (!attach ())
    return;
  pthread_atfork (NULL, NULL, after_fork_in_child);
  /* The main thread's lane, so it comes first. */
  wp_claim_self ();
}

/* Exit: the thread that calls exit() ends here; the others simply stop,
 * and Weft finishes their lanes once it sees the process gone. */
__attribute__ ((destructor)) static void
wp_fini (void)
{
  WeftRing *ring = wp_ring;

  if (ring == NULL || wp_header == NULL)
    return;
  wp_emit (ring, weft_clock_now_ns (), WEFT_EVENT_INSTANT, WEFT_INSTANT_END, WEFT_OBJECT_NONE, 0, 0);
  atomic_store_explicit (&wp_header->lanes[ring->lane].end_ns, weft_clock_now_ns (), memory_order_relaxed);
  weft_ring_finish (ring);
  wp_ring = NULL;
  wp_refused = TRUE;
}

/* ---- threads ---- */

typedef struct
{
  void *(*func) (void *);
  void *arg;
  gint lane;
} Start;

static void
end_thread (void)
{
  WeftRing *ring = wp_ring;
  gint64 now;

  if (ring == NULL)
    return;
  now = weft_clock_now_ns ();
  wp_emit (ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_END, WEFT_OBJECT_NONE, 0, 0);
  /* Relaxed: a joiner reads it after pthread_join() returned, which
   * orders it after this thread's end. */
  atomic_store_explicit (&wp_header->lanes[ring->lane].end_ns, now, memory_order_relaxed);
  weft_ring_finish (ring);
  wp_ring = NULL;
  wp_refused = TRUE;
}

static void *
thread_start (void *data)
{
  Start start = *(Start *) data;
  void *result;

  free (data);
  if (start.lane >= 0)
    {
      wp_ring = weft_record_get_ring (wp_header, (guint) start.lane);
      /* Relaxed: lone numbers Weft polls and joins look up. */
      atomic_store_explicit (&wp_header->lanes[start.lane].tid, gettid (), memory_order_relaxed);
      atomic_store_explicit (&wp_header->lanes[start.lane].thread, (guint64) pthread_self (), memory_order_relaxed);
    }
  result = start.func (start.arg);
  end_thread ();
  return result;
}

WP_EXPORT int
pthread_create (pthread_t             *thread,
                const pthread_attr_t  *attr,
                void                *(*func) (void *),
                void                  *arg)
{
  WeftRing *ring = wp_self ();
  char name[WEFT_RECORD_NAME_LEN];
  Start *start;
  int detach_state;
  gint lane;
  int res;

  WP_REAL_OR_RESOLVE (pthread_create);
  if (ring == NULL || (start = malloc (sizeof *start)) == NULL)
    return real_pthread_create (thread, attr, func, arg);
  start->func = func;
  start->arg = arg;
  /* Made detached, nothing will ever join it: a daemon from its start. */
  if (attr == NULL || pthread_attr_getdetachstate (attr, &detach_state) != 0)
    detach_state = PTHREAD_CREATE_JOINABLE;
  /* The lane is claimed and its START stamped here, before the thread
   * exists: so it comes before anything this thread stamps after it,
   * which is what lets Weft fold every lane in order. */
  read_own_name (name);
  lane = start->lane = claim_lane (0, name, weft_clock_now_ns (), detach_state == PTHREAD_CREATE_DETACHED);
  /* `start` is the new thread's from here: it frees it. */
  res = real_pthread_create (thread, attr, thread_start, start);
  if (res == 0 && lane >= 0)
    /* Relaxed: as in thread_start(); so a join right after this finds it. */
    atomic_store_explicit (&wp_header->lanes[lane].thread, (guint64) *thread, memory_order_relaxed);
  else if (res != 0)
    {
      if (lane >= 0)
        {
          WeftRing *unused = weft_record_get_ring (wp_header, (guint) lane);

          weft_ring_emit (unused, WEFT_EVENT_INSTANT, WEFT_INSTANT_END, WEFT_OBJECT_NONE, 0, 0);
          weft_ring_finish (unused);
        }
      free (start);
    }
  return res;
}

/* The lane of the thread @thread of this process, or -1. */
static gint
lane_of_thread (pthread_t thread)
{
  guint32 n = MIN (atomic_load_explicit (&wp_header->n_lanes, memory_order_acquire), WEFT_RECORD_MAX_LANES);

  /* From the newest: a pthread_t is reused once its thread is joined. */
  for (guint32 i = n; i-- > 0;)
    if (atomic_load_explicit (&wp_header->lanes[i].ready, memory_order_acquire) &&
        wp_header->lanes[i].process == wp_process &&
        /* Relaxed: stored by the creator before it returned, or by the
         * thread itself; either is ordered before a join or a rename of it. */
        atomic_load_explicit (&wp_header->lanes[i].thread, memory_order_relaxed) == (guint64) thread)
      return (gint) i;
  return -1;
}

WP_EXPORT int
pthread_join (pthread_t   thread,
              void      **result)
{
  WeftRing *ring = wp_self ();
  gint lane;
  gint64 now;
  int res;

  WP_REAL_OR_RESOLVE (pthread_join);
  if (ring == NULL)
    return real_pthread_join (thread, result);
  lane = lane_of_thread (thread);
  wp_emit (ring, weft_clock_now_ns (), WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, WEFT_OBJECT_NONE, lane, 0);
  wp_park (ring);
  res = real_pthread_join (thread, result);
  wp_unpark (ring);
  now = weft_clock_now_ns ();
  wp_emit (ring, now, WEFT_EVENT_END, WEFT_STATE_WAITING, WEFT_OBJECT_NONE, 0, 0);
  if (res == 0 && lane >= 0)
    {
      /* Relaxed: the join ordered the thread's end before this. */
      gint64 ended = atomic_load_explicit (&wp_header->lanes[lane].end_ns, memory_order_relaxed);

      if (ended > 0)
        wp_emit (ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_HANDOFF, WEFT_OBJECT_NONE, ended, (guint32) lane);
      wp_emit (ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_JOIN, WEFT_OBJECT_NONE, lane, 0);
    }
  return res;
}

WP_EXPORT int
pthread_detach (pthread_t thread)
{
  gint lane = -1;
  int res;

  WP_REAL_OR_RESOLVE (pthread_detach);
  /* Looked up first: once detached, a thread that has ended is freed at
   * once, and its pthread_t may be a new thread's by the time this
   * returns; until then it cannot be. */
  if (wp_header != NULL)
    lane = lane_of_thread (thread);
  res = real_pthread_detach (thread);
  if (res == 0 && lane >= 0)
    /* Relaxed: Weft reads it once the process is gone, which orders
     * every store the process made before; its START stays as it was,
     * a thread joinable when it began. */
    atomic_store_explicit (&wp_header->lanes[lane].detached, 1, memory_order_relaxed);
  return res;
}

WP_EXPORT void
pthread_exit (void *result)
{
  WP_REAL_OR_RESOLVE (pthread_exit);
  end_thread ();
  real_pthread_exit (result);
  __builtin_unreachable ();
}

WP_EXPORT int
pthread_setname_np (pthread_t   thread,
                    const char *name)
{
  int res;

  WP_REAL_OR_RESOLVE (pthread_setname_np);
  res = real_pthread_setname_np (thread, name);
  if (res == 0 && wp_header != NULL)
    {
      gint lane = lane_of_thread (thread);

      if (lane >= 0)
        {
          WeftRecordLane *entry = &wp_header->lanes[lane];
          guint32 serial = atomic_load_explicit (&entry->name_serial, memory_order_relaxed);

          /* A seqlock with a rare writer: odd while the name is being
           * written.  Release on the first bump and a release fence keep
           * the name's bytes between the two bumps for a reader that
           * checks the serial before and after (with acquire). */
          atomic_store_explicit (&entry->name_serial, serial + 1, memory_order_relaxed);
          atomic_thread_fence (memory_order_release);
          for (guint i = 0; i < WEFT_RECORD_NAME_LEN; i++)
            {
              char c = i + 1 < WEFT_RECORD_NAME_LEN ? name[i] : '\0';
              atomic_store_explicit ((_Atomic char *) &entry->name[i], c, memory_order_relaxed);
              if (c == '\0')
                {
                  for (guint j = i + 1; j < WEFT_RECORD_NAME_LEN; j++)
                    atomic_store_explicit ((_Atomic char *) &entry->name[j], '\0', memory_order_relaxed);
                  break;
                }
            }
          atomic_store_explicit (&entry->name_serial, serial + 2, memory_order_release);
        }
    }
  return res;
}
