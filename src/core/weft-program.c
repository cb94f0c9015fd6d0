/* weft-program.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts a program with libweft-record.so preloaded and memory shared
 * with it (weft-record-shm.h), hands its threads' rings to the recorder
 * as they appear, names its objects, and watches its processes: Weft
 * becomes their subreaper, so a forked grandchild's exit is reported
 * here too, and each exited process's lanes are finished (a thread cut
 * off by exit() never finishes its own ring).
 */

#define _GNU_SOURCE
#include "config.h"

#include <glib/gi18n-lib.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <limits.h>
#include <linux/futex.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "weft-program.h"
#include "weft-record-shm.h"
#include "weft-symbols.h"

extern char **environ;

/* How often the watcher looks for exited processes. */
#define WATCH_NAP_NS (10 * WEFT_NSEC_PER_MSEC)
/* How long a program asked to stop gets before it is killed. */
#define TERMINATE_GRACE_NS (2 * WEFT_NSEC_PER_SEC)

G_DEFINE_QUARK (weft-program-error-quark, weft_program_error)

/* A process as the user knows it: one pid, whose images (an exec keeps
 * the pid) are one process. */
typedef struct
{
  gint pid;
  char *name;               /* its latest image's */
} ProcessInfo;

struct _WeftProgram
{
  char **argv;
  char *path;               /* argv[0] found on PATH */

  int fd;
  WeftRecordHeader *header;
  gsize size;
  gboolean mapping_given;   /* to the recorder, which unmaps it */

  pid_t pid;                /* the program's first process */
  pthread_t watcher;
  gboolean watching;

  /* Under `lock`. */
  pthread_mutex_t lock;
  pthread_cond_t cond;
  WeftProgramStop on_stop;  /* chosen at the start, or changed before the stop */
  gboolean stop_requested;
  gboolean exited;          /* the first process has exited */
  int wait_status;

  /* The collector's: each process's symbols, snapshot when one of its
   * objects was first named (NULL: could not be read), and when. */
  WeftSymbols *symbols[WEFT_RECORD_MAX_PROCESSES];
  gboolean symbols_tried[WEFT_RECORD_MAX_PROCESSES];
  gint64 symbols_read_ns[WEFT_RECORD_MAX_PROCESSES];
  guint32 n_snapshot;       /* processes whose mappings were read so far */

  /* The collector's, in weft_program_adopt_lanes(). */
  guint n_adopted;
  guint32 name_serials[WEFT_RECORD_MAX_LANES];
  gint tids[WEFT_RECORD_MAX_LANES];
  /* The collector's: each adopted lane's process, an index into
   * `processes` (ProcessInfo), in the order their first lanes came. */
  guint lane_process[WEFT_RECORD_MAX_LANES];
  gint entry_process[WEFT_RECORD_MAX_PROCESSES];  /* by header entry; -1: not met */
  GArray *processes;

  _Atomic gboolean finished;
};

static void
clear_process_info (gpointer data)
{
  ProcessInfo *info = data;

  g_free (info->name);
}

/* The preloaded library: beside a build tree's weft, or installed. */
static char *
find_recorder_library (void)
{
  const char *env = g_getenv ("WEFT_PRELOAD");
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      g_autofree char *beside = g_build_filename (dir, "preload", "libweft-record.so", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&beside);
    }
  return g_strdup (WEFT_PRELOAD_PATH);
}

/* An ELF executable with no program interpreter is statically linked:
 * the dynamic loader never runs, so nothing is preloaded.  A script
 * (#!) runs its interpreter, which is looked at when it starts. */
static gboolean
is_static_executable (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;
  const Elf64_Ehdr *eh;

  if (!g_file_get_contents (path, &data, &length, NULL) || length < sizeof (Elf64_Ehdr))
    return FALSE;
  eh = (const Elf64_Ehdr *) data;
  if (memcmp (eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64)
    return FALSE;
  if (eh->e_phoff == 0 || eh->e_phentsize != sizeof (Elf64_Phdr) ||
      eh->e_phoff > length || (guint64) eh->e_phnum * sizeof (Elf64_Phdr) > length - eh->e_phoff)
    return FALSE;
  for (guint i = 0; i < eh->e_phnum; i++)
    {
      const Elf64_Phdr *ph = (const Elf64_Phdr *) (data + eh->e_phoff) + i;

      if (ph->p_type == PT_INTERP || ph->p_type == PT_DYNAMIC)
        return FALSE;
    }
  return TRUE;
}

WeftProgram *
weft_program_new (const char * const *argv,
                  WeftProgramStop     on_stop,
                  GError            **error)
{
  WeftProgram *self;
  g_autofree char *path = NULL;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  path = g_find_program_in_path (argv[0]);
  if (path == NULL)
    {
      g_set_error (error, WEFT_PROGRAM_ERROR, WEFT_PROGRAM_ERROR_NOT_FOUND,
                   _("%s: no such program"), argv[0]);
      return NULL;
    }
  if (is_static_executable (path))
    {
      g_set_error (error, WEFT_PROGRAM_ERROR, WEFT_PROGRAM_ERROR_STATIC,
                   _("%s cannot be recorded: it is statically linked"), argv[0]);
      return NULL;
    }

  self = g_new0 (WeftProgram, 1);
  self->argv = g_strdupv ((char **) argv);
  self->path = g_steal_pointer (&path);
  self->on_stop = on_stop;
  self->fd = -1;
  self->processes = g_array_new (FALSE, FALSE, sizeof (ProcessInfo));
  g_array_set_clear_func (self->processes, clear_process_info);
  for (guint i = 0; i < WEFT_RECORD_MAX_PROCESSES; i++)
    self->entry_process[i] = -1;
  pthread_mutex_init (&self->lock, NULL);
  {
    pthread_condattr_t attr;

    pthread_condattr_init (&attr);
    pthread_condattr_setclock (&attr, CLOCK_MONOTONIC);
    pthread_cond_init (&self->cond, &attr);
    pthread_condattr_destroy (&attr);
  }
  atomic_init (&self->finished, FALSE);
  return self;
}

const char * const *
weft_program_get_argv (WeftProgram *self)
{
  return (const char * const *) self->argv;
}

static gboolean
make_shared_memory (WeftProgram  *self,
                    GError      **error)
{
  WeftRecordHeader *header;

  self->size = weft_record_total_size ();
  /* Close-on-exec: only the program gets it (dup2 in the spawn below). */
  self->fd = memfd_create ("weft-record", MFD_CLOEXEC);
  if (self->fd < 0 || ftruncate (self->fd, (off_t) self->size) != 0)
    {
      g_set_error (error, WEFT_PROGRAM_ERROR, WEFT_PROGRAM_ERROR_FAILED,
                   _("Could not make memory to share with the program: %s"), g_strerror (errno));
      return FALSE;
    }
  header = mmap (NULL, self->size, PROT_READ | PROT_WRITE, MAP_SHARED, self->fd, 0);
  if (header == MAP_FAILED)
    {
      g_set_error (error, WEFT_PROGRAM_ERROR, WEFT_PROGRAM_ERROR_FAILED,
                   _("Could not make memory to share with the program: %s"), g_strerror (errno));
      return FALSE;
    }
  header->magic = WEFT_RECORD_MAGIC;
  header->version = WEFT_RECORD_VERSION;
  header->ring_capacity = WEFT_RECORD_RING_CAPACITY;
  header->size = self->size;
  header->rings_offset = weft_record_rings_offset ();
  header->ring_stride = weft_record_ring_stride ();
  weft_clock_get_params (&header->clock);
  header->base_ns = weft_clock_now_ns ();
  /* Relaxed: the spawn below publishes the whole page to the program. */
  atomic_store_explicit (&header->attached, 1, memory_order_relaxed);
  self->header = header;
  return TRUE;
}

static char **
make_environment (WeftProgram *self,
                  const char  *library)
{
  char **env = g_get_environ ();
  const char *preload = g_environ_getenv (env, "LD_PRELOAD");
  g_autofree char *fd = g_strdup_printf ("%d", self->fd);
  g_autofree char *both = preload != NULL && *preload != '\0'
                          ? g_strdup_printf ("%s:%s", library, preload) : g_strdup (library);

  env = g_environ_setenv (env, "LD_PRELOAD", both, TRUE);
  env = g_environ_setenv (env, WEFT_RECORD_ENV_FD, fd, TRUE);
  return env;
}

/* ---- watching its processes ---- */

/* Every lane of @process is finished: nothing it wrote is still to come. */
static void
finish_process (WeftProgram *self,
                guint32      process)
{
  WeftRecordHeader *header = self->header;
  guint32 n = MIN (atomic_load_explicit (&header->n_lanes, memory_order_acquire), WEFT_RECORD_MAX_LANES);

  for (guint32 i = 0; i < n; i++)
    if (atomic_load_explicit (&header->lanes[i].ready, memory_order_acquire) &&
        header->lanes[i].process == process)
      /* The process is gone, so the ring has no producer left: finishing
       * it here says what its threads could not.  A thread still running
       * when its process ended (exit() from another thread, _exit(), a
       * signal) was killed with it, daemon (detached) or not: so its lane
       * ends there, rather than running on to the end of the run as if
       * it had outlived its process.  A thread that returned first has
       * finished its ring, and is left as it is. */
      weft_ring_finish_cut_off (weft_record_get_ring (header, i), WEFT_INSTANT_KILLED);
  /* Release: after the finishes. */
  atomic_store_explicit (&header->processes[process].exited, 1, memory_order_release);
}

static void
process_exited (WeftProgram *self,
                pid_t        pid)
{
  WeftRecordHeader *header = self->header;
  guint32 n = MIN (atomic_load_explicit (&header->n_processes, memory_order_acquire), WEFT_RECORD_MAX_PROCESSES);

  for (guint32 i = 0; i < n; i++)
    if (atomic_load_explicit (&header->processes[i].ready, memory_order_acquire) &&
        header->processes[i].pid == pid &&
        !atomic_load_explicit (&header->processes[i].exited, memory_order_acquire))
      finish_process (self, i);
}

/* A recorded process its own parent reaped never comes to the watcher:
 * gone (or a zombie, whose threads are all gone), its lanes are done. */
static void
notice_vanished (WeftProgram *self)
{
  WeftRecordHeader *header = self->header;
  guint32 n = MIN (atomic_load_explicit (&header->n_processes, memory_order_acquire), WEFT_RECORD_MAX_PROCESSES);

  for (guint32 i = 0; i < n; i++)
    {
      WeftRecordProcess *process = &header->processes[i];
      g_autofree char *stat_path = NULL;
      g_autofree char *stat = NULL;
      const char *state;

      if (!atomic_load_explicit (&process->ready, memory_order_acquire) ||
          atomic_load_explicit (&process->exited, memory_order_acquire))
        continue;
      stat_path = g_strdup_printf ("/proc/%d/stat", process->pid);
      /* "pid (comm) S ...": the state follows the last ')'. */
      if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
        finish_process (self, i);
      else if ((state = strrchr (stat, ')')) != NULL && (state[1] == '\0' || state[2] == 'Z' || state[2] == 'X'))
        finish_process (self, i);
    }
}

/* Recorded processes still running. */
static guint
count_running (WeftProgram *self)
{
  WeftRecordHeader *header = self->header;
  guint32 n = MIN (atomic_load_explicit (&header->n_processes, memory_order_acquire), WEFT_RECORD_MAX_PROCESSES);
  guint running = 0;

  for (guint32 i = 0; i < n; i++)
    if (atomic_load_explicit (&header->processes[i].ready, memory_order_acquire) &&
        !atomic_load_explicit (&header->processes[i].exited, memory_order_acquire))
      running++;
  return running;
}

static void
signal_all (WeftProgram *self,
            int          signo)
{
  WeftRecordHeader *header = self->header;
  guint32 n = MIN (atomic_load_explicit (&header->n_processes, memory_order_acquire), WEFT_RECORD_MAX_PROCESSES);

  pthread_mutex_lock (&self->lock);
  if (!self->exited)
    kill (self->pid, signo);
  pthread_mutex_unlock (&self->lock);
  for (guint32 i = 0; i < n; i++)
    if (atomic_load_explicit (&header->processes[i].ready, memory_order_acquire) &&
        !atomic_load_explicit (&header->processes[i].exited, memory_order_acquire) &&
        header->processes[i].pid != self->pid)
      kill (header->processes[i].pid, signo);
}

/* Nobody will drain any more: a thread waiting for room goes on. */
static void
let_go_of_writers (WeftProgram *self)
{
  WeftRecordHeader *header = self->header;
  guint32 n = MIN (atomic_load_explicit (&header->n_lanes, memory_order_acquire), WEFT_RECORD_MAX_LANES);

  for (guint32 i = 0; i < n; i++)
    weft_ring_let_go_of_writers (weft_record_get_ring (header, i));
}

/* How often a detached program's processes are looked at. */
#define REAP_NAP_NS (100 * WEFT_NSEC_PER_MSEC)

static void *
reaper_main (void *data)
{
  GArray *pids = data;
  struct timespec nap = { 0, REAP_NAP_NS };

  pthread_setname_np (pthread_self (), "weft-reaper");
  while (pids->len > 0)
    {
      for (guint i = pids->len; i-- > 0;)
        {
          pid_t pid = g_array_index (pids, pid_t, i);
          pid_t got = waitpid (pid, NULL, WNOHANG);

          /* Not Weft's child: gone, or another's (a grandchild whose
           * parent lives), which comes to Weft, the subreaper, if its
           * parent goes first.  Reaped by a later run's watcher (which
           * waits for any child) is gone too.  A pid freed and given
           * to a child of Weft's within one nap would be reaped here:
           * a window of 100 ms in a pid space of millions. */
          if (got == pid || (got < 0 && errno == ECHILD && kill (pid, 0) != 0 && errno == ESRCH))
            g_array_remove_index_fast (pids, i);
        }
      if (pids->len > 0)
        nanosleep (&nap, NULL);
    }
  g_array_unref (pids);
  return NULL;
}

/* A program let go on unrecorded is still Weft's child, and Weft may
 * live on long after (its window stays open): each of its processes is
 * reaped when it exits, on a thread of its own, so none is left a
 * zombie and nothing waits for it.  Only those pids, never any child:
 * a later run's watcher must see its own program's exit. */
static void
reap_when_gone (WeftProgram *self)
{
  WeftRecordHeader *header = self->header;
  guint32 n = MIN (atomic_load_explicit (&header->n_processes, memory_order_acquire), WEFT_RECORD_MAX_PROCESSES);
  GArray *pids = g_array_new (FALSE, FALSE, sizeof (pid_t));
  pthread_attr_t attr;
  pthread_t reaper;

  pthread_mutex_lock (&self->lock);
  if (!self->exited)
    g_array_append_val (pids, self->pid);
  pthread_mutex_unlock (&self->lock);
  for (guint32 i = 0; i < n; i++)
    if (atomic_load_explicit (&header->processes[i].ready, memory_order_acquire) &&
        !atomic_load_explicit (&header->processes[i].exited, memory_order_acquire) &&
        header->processes[i].pid != self->pid)
      g_array_append_val (pids, header->processes[i].pid);
  if (pids->len == 0)
    {
      g_array_unref (pids);
      return;
    }
  pthread_attr_init (&attr);
  pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
  /* Without a thread the zombies stay until Weft exits: no worse. */
  if (pthread_create (&reaper, &attr, reaper_main, pids) != 0)
    g_array_unref (pids);
  pthread_attr_destroy (&attr);
}

static void *
watcher_main (void *data)
{
  WeftProgram *self = data;
  gint64 stop_asked_ns = 0;
  gboolean terminated = FALSE, killed = FALSE;

  pthread_setname_np (pthread_self (), "weft-watcher");
  for (;;)
    {
      int status;
      pid_t pid = waitpid (-1, &status, WNOHANG);
      gboolean stop, detach, exited, done;
      struct timespec deadline;
      gint64 until;

      if (pid > 0)
        {
          process_exited (self, pid);
          if (pid == self->pid)
            {
              pthread_mutex_lock (&self->lock);
              self->exited = TRUE;
              self->wait_status = status;
              pthread_mutex_unlock (&self->lock);
            }
          continue;
        }

      pthread_mutex_lock (&self->lock);
      stop = self->stop_requested;
      detach = self->on_stop == WEFT_PROGRAM_DETACH;
      exited = self->exited;
      pthread_mutex_unlock (&self->lock);

      if (stop && detach)
        {
          /* Relaxed: the program's threads stop recording at their next
           * call; what they write meanwhile is never read. */
          atomic_store_explicit (&self->header->attached, 0, memory_order_relaxed);
          let_go_of_writers (self);
          signal_all (self, SIGCONT);
          reap_when_gone (self);
          break;
        }
      if (stop && !terminated)
        {
          stop_asked_ns = weft_clock_now_ns ();
          /* A thread blocked on a full ring must see the signal. */
          let_go_of_writers (self);
          signal_all (self, SIGTERM);
          /* A paused program would hold the signal until it went on. */
          signal_all (self, SIGCONT);
          terminated = TRUE;
        }
      else if (terminated && !killed && weft_clock_now_ns () - stop_asked_ns > TERMINATE_GRACE_NS)
        {
          signal_all (self, SIGKILL);
          killed = TRUE;
        }

      notice_vanished (self);
      /* Done once the first process and every recorded one are gone (a
       * process that never loaded the recorder is not waited for). */
      done = exited && count_running (self) == 0;
      if (done || (pid < 0 && errno == ECHILD && exited))
        break;

      /* On CLOCK_MONOTONIC, the condition's clock, not the stamps'. */
      until = weft_clock_monotonic_ns () + WATCH_NAP_NS;
      deadline.tv_sec = until / WEFT_NSEC_PER_SEC;
      deadline.tv_nsec = until % WEFT_NSEC_PER_SEC;
      pthread_mutex_lock (&self->lock);
      if (self->stop_requested == stop)
        pthread_cond_timedwait (&self->cond, &self->lock, &deadline);
      pthread_mutex_unlock (&self->lock);
    }

  /* Release: pairs with weft_program_is_finished(); every finish above
   * comes before. */
  atomic_store_explicit (&self->finished, TRUE, memory_order_release);
  return NULL;
}

gboolean
weft_program_start (WeftProgram   *self,
                    WeftRecorder  *recorder,
                    GError       **error)
{
  g_autofree char *library = find_recorder_library ();
  g_auto(GStrv) env = NULL;
  posix_spawn_file_actions_t actions;
  int res;

  g_return_val_if_fail (self->header == NULL, FALSE);

  if (!g_file_test (library, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, WEFT_PROGRAM_ERROR, WEFT_PROGRAM_ERROR_NO_RECORDER,
                   _("The recorder library %s is missing: reinstall Weft"), library);
      return FALSE;
    }
  if (!make_shared_memory (self, error))
    return FALSE;
  env = make_environment (self, library);

  /* Orphaned grandchildren come to Weft, so their exits are seen. */
  prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);

  posix_spawn_file_actions_init (&actions);
  /* dup2 onto itself clears close-on-exec in the child only (glibc). */
  posix_spawn_file_actions_adddup2 (&actions, self->fd, self->fd);
  res = posix_spawn (&self->pid, self->path, &actions, NULL, self->argv, env);
  posix_spawn_file_actions_destroy (&actions);
  if (res != 0)
    {
      g_set_error (error, WEFT_PROGRAM_ERROR, WEFT_PROGRAM_ERROR_FAILED,
                   _("Could not start %s: %s"), self->argv[0], g_strerror (res));
      return FALSE;
    }

  res = pthread_create (&self->watcher, NULL, watcher_main, self);
  if (res != 0)
    {
      kill (self->pid, SIGKILL);
      waitpid (self->pid, NULL, 0);
      g_set_error (error, WEFT_PROGRAM_ERROR, WEFT_PROGRAM_ERROR_FAILED,
                   _("Could not start %s: %s"), self->argv[0], g_strerror (res));
      return FALSE;
    }
  self->watching = TRUE;
  /* The recorder drains rings in it for as long as it lives. */
  weft_recorder_hold_mapping (recorder, self->header, self->size);
  self->mapping_given = TRUE;
  return TRUE;
}

/* ---- lanes and objects, for the collector ---- */

static char *
read_lane_name (WeftRecordLane *lane)
{
  char name[WEFT_RECORD_NAME_LEN];
  guint32 before, after;

  do
    {
      /* Acquire, then a fence before the second read: see the writer in
       * pthread_setname_np(); a name read while it changed is read again. */
      before = atomic_load_explicit (&lane->name_serial, memory_order_acquire);
      for (guint i = 0; i < WEFT_RECORD_NAME_LEN; i++)
        name[i] = atomic_load_explicit ((_Atomic char *) &lane->name[i], memory_order_relaxed);
      atomic_thread_fence (memory_order_acquire);
      after = atomic_load_explicit (&lane->name_serial, memory_order_relaxed);
    }
  while (before != after || (before & 1) != 0);
  name[WEFT_RECORD_NAME_LEN - 1] = '\0';
  return g_utf8_make_valid (name, -1);
}

/* The process (an index into self->processes) of header entry @entry,
 * which is ready: a lane of it was.  A fork makes a new process; an exec
 * is the same process, with the pid it had, on a new image, which
 * renames it.  Going by the fork, not the pid alone, keeps apart two
 * processes that had one pid in turn. */
static guint
process_of_entry (WeftProgram *self,
                  guint32      entry)
{
  WeftRecordProcess *process = &self->header->processes[entry];
  char name[WEFT_RECORD_PROCESS_NAME_LEN];
  ProcessInfo info = { process->pid, NULL };
  gint found = -1;

  if (self->entry_process[entry] >= 0)
    return (guint) self->entry_process[entry];

  memcpy (name, process->name, sizeof name);
  name[sizeof name - 1] = '\0';
  if (!process->forked)
    for (guint i = self->processes->len; i-- > 0;)
      if (g_array_index (self->processes, ProcessInfo, i).pid == process->pid)
        {
          found = (gint) i;
          break;
        }
  if (found >= 0)
    {
      ProcessInfo *same = &g_array_index (self->processes, ProcessInfo, found);

      g_free (same->name);
      same->name = g_utf8_make_valid (name, -1);
    }
  else
    {
      info.name = g_utf8_make_valid (name, -1);
      g_array_append_val (self->processes, info);
      found = (gint) self->processes->len - 1;
    }
  self->entry_process[entry] = found;
  return (guint) found;
}

static char *
describe_lane (WeftRecordLane *lane,
               gint            tid)
{
  g_autofree char *name = read_lane_name (lane);

  return tid > 0 ? g_strdup_printf ("%s %d", name, tid) : g_steal_pointer (&name);
}

static long
futex_wake_all (_Atomic guint32 *word)
{
  /* Not FUTEX_PRIVATE: the waiter is another process. */
  return syscall (SYS_futex, (guint32 *) word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

/* Reads the mappings of every process that appeared since, and tells
 * it so: a new image waits for that at its start (a little), since a
 * program over in a millisecond would be gone before any of its objects
 * were named.  A fork's child is named from its parent's and does not
 * wait. */
static void
snapshot_new_processes (WeftProgram *self)
{
  WeftRecordHeader *header = self->header;
  guint32 n = MIN (atomic_load_explicit (&header->n_processes, memory_order_acquire), WEFT_RECORD_MAX_PROCESSES);

  while (self->n_snapshot < n &&
         atomic_load_explicit (&header->processes[self->n_snapshot].ready, memory_order_acquire))
    {
      guint32 i = self->n_snapshot++;
      WeftRecordProcess *process = &header->processes[i];

      if (!process->forked && !self->symbols_tried[i])
        {
          self->symbols_tried[i] = TRUE;
          self->symbols_read_ns[i] = weft_clock_now_ns ();
          self->symbols[i] = weft_symbols_new_for_pid (process->pid, NULL);
        }
      /* Relaxed: a flag the process rechecks; the wake makes it look. */
      atomic_store_explicit (&process->seen, 1, memory_order_relaxed);
      futex_wake_all (&process->seen);
    }
}

/**
 * weft_program_adopt_lanes:
 *
 * Called by the collector before each drain: hands the recorder every
 * lane claimed since, in order (a lane is drained only once all before
 * it are), and renames lanes whose thread named itself or started.
 */
void
weft_program_adopt_lanes (WeftProgram  *self,
                          WeftRecorder *recorder)
{
  WeftRecordHeader *header = self->header;
  guint32 n;

  if (header == NULL)
    return;
  snapshot_new_processes (self);
  n = MIN (atomic_load_explicit (&header->n_lanes, memory_order_acquire), WEFT_RECORD_MAX_LANES);
  for (guint i = 0; i < self->n_adopted; i++)
    {
      WeftRecordLane *lane = &header->lanes[i];
      guint32 serial = atomic_load_explicit (&lane->name_serial, memory_order_acquire);
      gint tid = atomic_load_explicit (&lane->tid, memory_order_relaxed);

      if (serial != self->name_serials[i] || tid != self->tids[i])
        {
          g_autofree char *name = describe_lane (lane, tid);

          if ((serial & 1) != 0)
            continue;
          self->name_serials[i] = serial;
          self->tids[i] = tid;
          weft_recorder_set_lane_name (recorder, i, name);
          weft_recorder_set_lane_tid (recorder, i, tid);
        }
    }
  while (self->n_adopted < n)
    {
      guint i = self->n_adopted;
      WeftRecordLane *lane = &header->lanes[i];
      g_autofree char *name = NULL;
      gint tid;

      /* Acquire: pairs with the release in the program's claim, so the
       * ring's header and the lane's fields are written. */
      if (!atomic_load_explicit (&lane->ready, memory_order_acquire))
        break;
      tid = atomic_load_explicit (&lane->tid, memory_order_relaxed);
      self->name_serials[i] = atomic_load_explicit (&lane->name_serial, memory_order_acquire);
      self->tids[i] = tid;
      name = describe_lane (lane, tid);
      weft_ring_set_consumer (weft_record_get_ring (header, i), getpid ());
      if (weft_recorder_adopt_ring (recorder, weft_record_get_ring (header, i), name, tid) < 0)
        break;
      /* A lane's process is ready before the lane: its first thread
       * claimed it, then the lane (the acquire above pairs with both). */
      self->lane_process[i] = lane->process < WEFT_RECORD_MAX_PROCESSES
                                ? process_of_entry (self, lane->process) : G_MAXUINT;
      self->n_adopted++;
    }
}

/**
 * weft_program_get_lane_process:
 *
 * For the collector: the process whose thread adopted lane @lane is, as
 * an index into the program's processes (numbered in the order their
 * first threads' lanes came), or G_MAXUINT for none.
 */
guint
weft_program_get_lane_process (WeftProgram *self,
                               guint        lane)
{
  g_return_val_if_fail (lane < self->n_adopted, G_MAXUINT);

  return self->lane_process[lane];
}

/**
 * weft_program_get_process:
 *
 * For the collector: process @process's pid and latest name (an exec
 * renames it; owned by @self, valid until the next adoption), as
 * weft_program_get_lane_process() numbers them.
 */
void
weft_program_get_process (WeftProgram  *self,
                          guint         process,
                          gint         *pid,
                          const char  **name)
{
  const ProcessInfo *info;

  g_return_if_fail (process < self->processes->len);

  info = &g_array_index (self->processes, ProcessInfo, process);
  if (pid != NULL)
    *pid = info->pid;
  if (name != NULL)
    *name = info->name;
}

/* For the collector: the processes met so far. */
guint
weft_program_get_n_processes (WeftProgram *self)
{
  return self->processes->len;
}

static const char *
kind_word (WeftObjectKind kind)
{
  switch (kind)
    {
    case WEFT_OBJECT_MUTEX:
      return "mutex";
    case WEFT_OBJECT_SEMAPHORE:
      return "semaphore";
    case WEFT_OBJECT_CONDITION:
      return "cond";
    case WEFT_OBJECT_BARRIER:
      return "barrier";
    case WEFT_OBJECT_COUNTER:
    default:
      return "object";
    }
}

/* How long a miss waits before the process's mappings are read again:
 * a library loaded later (dlopen) has symbols the snapshot lacks, but
 * most misses are objects on the heap, which no reading will name. */
#define SYMBOLS_REFRESH_NS (500 * WEFT_NSEC_PER_MSEC)

/* The program's own name for the object at @address in @process:
 * "table_lock", "_PyRuntime+0x1a8", or NULL. */
static char *
symbol_for (WeftProgram *self,
            guint        process,
            guint64      address)
{
  WeftRecordProcess *entry;
  char *name;

  if (process >= WEFT_RECORD_MAX_PROCESSES)
    return NULL;
  entry = &self->header->processes[process];
  if (!self->symbols_tried[process])
    {
      self->symbols_tried[process] = TRUE;
      self->symbols_read_ns[process] = weft_clock_now_ns ();
      self->symbols[process] = weft_symbols_new_for_pid (entry->pid, NULL);
    }
  /* Gone already with no snapshot: a fork's child is a copy of its
   * parent, whose names are its own; any other keeps its objects'
   * kind-and-address names, never a name that may be another's. */
  if (self->symbols[process] == NULL)
    return entry->forked && entry->parent >= 0 && (guint) entry->parent < process
           ? symbol_for (self, (guint) entry->parent, address) : NULL;
  name = weft_symbols_lookup (self->symbols[process], address);
  if (name == NULL && weft_clock_now_ns () - self->symbols_read_ns[process] > SYMBOLS_REFRESH_NS)
    {
      self->symbols_read_ns[process] = weft_clock_now_ns ();
      if (weft_symbols_refresh (self->symbols[process], NULL))
        name = weft_symbols_lookup (self->symbols[process], address);
    }
  return name;
}

/**
 * weft_program_describe_object:
 *
 * The object @id, once the program has entered it; an event naming it
 * is drained only after that.
 */
gboolean
weft_program_describe_object (WeftProgram     *self,
                              guint            id,
                              char           **name,
                              WeftObjectKind  *kind)
{
  WeftRecordObject *object;

  if (self->header == NULL || id >= WEFT_RECORD_MAX_OBJECTS)
    return FALSE;
  object = &self->header->objects[id];
  /* Acquire: pairs with the release in the program's wp_object_slow(). */
  if (!atomic_load_explicit (&object->ready, memory_order_acquire))
    return FALSE;
  *kind = (WeftObjectKind) object->kind;
  *name = symbol_for (self, object->process, object->address);
  if (*name == NULL)
    *name = g_strdup_printf ("%s 0x%" G_GINT64_MODIFIER "x", kind_word (*kind), object->address);
  return TRUE;
}

/* ---- stopping ---- */

/**
 * weft_program_set_stop_mode:
 *
 * What weft_program_request_stop() does to the program if it is still
 * running: stop it, or let it go on unrecorded.  For the user's choice
 * at the moment of stopping, so called before the stop is requested;
 * a stop already under way is not changed.
 */
void
weft_program_set_stop_mode (WeftProgram     *self,
                            WeftProgramStop  on_stop)
{
  g_return_if_fail (self != NULL);

  pthread_mutex_lock (&self->lock);
  if (!self->stop_requested)
    self->on_stop = on_stop;
  pthread_mutex_unlock (&self->lock);
}

WeftProgramStop
weft_program_get_stop_mode (WeftProgram *self)
{
  WeftProgramStop on_stop;

  pthread_mutex_lock (&self->lock);
  on_stop = self->on_stop;
  pthread_mutex_unlock (&self->lock);
  return on_stop;
}

/* The program's first process, once started; 0 before. */
gint
weft_program_get_pid (WeftProgram *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->pid;
}

void
weft_program_request_stop (WeftProgram *self)
{
  pthread_mutex_lock (&self->lock);
  self->stop_requested = TRUE;
  pthread_cond_broadcast (&self->cond);
  pthread_mutex_unlock (&self->lock);
}

/**
 * weft_program_set_paused:
 *
 * Stops every process of the program (SIGSTOP), or lets them go on
 * (SIGCONT): paused time is a pause for its threads too.
 */
void
weft_program_set_paused (WeftProgram *self,
                         gboolean     paused)
{
  if (self->header != NULL && !weft_program_is_finished (self))
    signal_all (self, paused ? SIGSTOP : SIGCONT);
}

gboolean
weft_program_is_finished (WeftProgram *self)
{
  return atomic_load_explicit (&self->finished, memory_order_acquire);
}

void
weft_program_join (WeftProgram *self)
{
  if (!self->watching)
    return;
  pthread_join (self->watcher, NULL);
  self->watching = FALSE;
}

/* The first process's wait status, once it has exited. */
gboolean
weft_program_get_status (WeftProgram *self,
                         int         *wait_status)
{
  gboolean exited;

  pthread_mutex_lock (&self->lock);
  exited = self->exited;
  *wait_status = self->wait_status;
  pthread_mutex_unlock (&self->lock);
  return exited;
}

/* "exited with status 0", "killed by signal 11 (Segmentation fault)",
 * "still running, unrecorded", in English: for the trace and scripts. */
char *
weft_program_describe_status (WeftProgram *self)
{
  int status;

  if (!weft_program_get_status (self, &status))
    return g_strdup ("still running, unrecorded");
  if (WIFEXITED (status))
    return g_strdup_printf ("exited with status %d", WEXITSTATUS (status));
  if (WIFSIGNALED (status))
    return g_strdup_printf ("killed by signal %d (%s)%s", WTERMSIG (status), sigabbrev_np (WTERMSIG (status)) ?: "?",
                            WCOREDUMP (status) ? ", core dumped" : "");
  return g_strdup ("ended");
}

guint
weft_program_get_n_still_running (WeftProgram *self)
{
  return self->header != NULL ? count_running (self) : 0;
}

/**
 * weft_program_is_lane_detached:
 *
 * Whether nothing was ever to join the thread of recorder lane @lane
 * (made detached, or detached later): a daemon, which may well be
 * waiting for work when its program ends.
 */
gboolean
weft_program_is_lane_detached (WeftProgram *self,
                               guint        lane)
{
  if (self->header == NULL || lane >= WEFT_RECORD_MAX_LANES)
    return FALSE;
  /* Acquire on ready: the lane's entry is the program's once set.
   * Relaxed on detached: a lone flag, set before the thread's last
   * event was drained, which is before anyone asks. */
  return atomic_load_explicit (&self->header->lanes[lane].ready, memory_order_acquire) &&
         atomic_load_explicit (&self->header->lanes[lane].detached, memory_order_relaxed);
}

/* Threads and objects the shared memory had no room for. */
guint64
weft_program_get_n_refused (WeftProgram *self)
{
  if (self->header == NULL)
    return 0;
  return atomic_load_explicit (&self->header->lanes_refused, memory_order_relaxed) +
         atomic_load_explicit (&self->header->objects_refused, memory_order_relaxed);
}

void
weft_program_free (WeftProgram *self)
{
  if (self == NULL)
    return;
  if (self->watching)
    {
      weft_program_request_stop (self);
      weft_program_join (self);
    }
  if (self->header != NULL && !self->mapping_given)
    munmap (self->header, self->size);
  if (self->fd >= 0)
    close (self->fd);
  for (guint i = 0; i < WEFT_RECORD_MAX_PROCESSES; i++)
    g_clear_pointer (&self->symbols[i], weft_symbols_free);
  g_array_unref (self->processes);
  pthread_cond_destroy (&self->cond);
  pthread_mutex_destroy (&self->lock);
  g_strfreev (self->argv);
  g_free (self->path);
  g_free (self);
}
