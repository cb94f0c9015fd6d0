/* weft-timeline.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "weft-timeline.h"

#include <glib/gi18n-lib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "weft-arrow-fold.h"
#include "weft-check-fold.h"
#include "weft-format.h"
#include "weft-lane-order.h"
#include "weft-object-track.h"
#include "weft-program.h"
#include "weft-search.h"
#include "weft-timeline-private.h"

typedef struct
{
  gint64 start_ns;
  gint64 value;
  guint16 arg;
  guint16 line;
  guint16 object;
  guint8 state;
} OpenSpan;

typedef struct
{
  char *name;
  gint tid;
  guint n_depths;                              /* depths ever used */
  WeftVec spans[WEFT_TIMELINE_MAX_DEPTH];      /* WeftSpan, closed */
  WeftSpanLod *lods[WEFT_TIMELINE_MAX_DEPTH];
  OpenSpan stack[WEFT_TIMELINE_MAX_DEPTH];     /* spans begun, not ended */
  guint depth;
  WeftVec instants;                            /* WeftInstantRecord */
  WeftVec arrows;                              /* WeftArrow into this lane, by to_ns */
  WeftArrowIndex *arrow_index;                 /* their counts by source, for folding */
  WeftInstantLod *instant_lod;
  gboolean had_gap;                            /* ENDs may lack their BEGIN */
  /* Each lane's events come in the order its thread stamped them, so
   * none stamped before the latest one seen can still come. */
  gint64 last_ns;
  gboolean done;                               /* its thread returned and was drained dry */
  /* At the last drain its thread was blocked with all it had written
   * taken in (weft_ring_park()): quiet until that drain began. */
  gboolean parked;
  /* Its thread's life: the first event (its START, for a thread that
   * records one) and its END, RAISE or KILLED; G_MAXINT64 until seen. */
  gint64 start_ns;
  gint64 end_ns;
  guint line;                                  /* the listing line of its latest event */
} Lane;

typedef struct
{
  WeftVec samples;                             /* WeftSample, committed, sorted */
  WeftVec pending;                             /* WeftSample, drained, not yet in order */
  WeftSampleLod *lod;
  gint64 stale_from;                           /* earliest late sample since the summary
                                                * was updated; G_MAXINT64 for none */
  gint64 lowest;                               /* over committed samples */
  gint64 highest;
  guint late_at;                               /* lowest index a late sample landed at since
                                                * the check fold last asked; G_MAXUINT: none */
} Series;

typedef struct
{
  gint pid;
  char *name;
} Process;

/* Allocated with g_atomic_rc_box_new0(), which keeps the count. */
struct _WeftTimeline
{
  /* Held by the collector while it folds a batch in and by every reader
   * of a live timeline; see weft_timeline_lock(). */
  pthread_mutex_t lock;
  _Atomic guint n_waiting;                     /* threads blocked in weft_timeline_lock() */
  _Atomic gint64 frame_wanted_ns;              /* when a weft_timeline_try_lock() failed,
                                                * 0 once one has got in */
  const WeftPattern *pattern;
  WeftParams params;
  WeftRun *run;                                /* NULL when built by hand */
  GArray *objects;                             /* WeftObjectInfo */
  GPtrArray *series;                           /* Series, by object id */
  GPtrArray *tracks;                           /* WeftObjectTrack or NULL, by object id */
  GPtrArray *lanes;                            /* Lane */
  /* A recorded program's processes (Process), in the order their first
   * lanes came, and each lane's: the rows the chart shows lanes in. */
  GArray *processes;
  WeftLaneOrder order;
  gint64 origin_ns;
  gint64 end_ns;
  gboolean finished;
  char *stop_reason;                           /* why the run stopped itself, or NULL */
  gint64 stop_ns;                              /* when a stop was asked for; 0: never */
  guint64 dropped;
  guint64 n_events;
  guint64 n_spans;
  guint64 malformed;                           /* ENDs with no BEGIN, too deep nesting */
  guint64 instant_kinds;                       /* 1 << WeftInstant, for each kind seen */
  GArray *gaps;                                /* WeftGap, in the order found */
  GPtrArray *messages;                         /* char *, RAISE messages when built by hand */
  /* WeftPause, sorted.  Under pause_lock only, not the timeline's lock:
   * pausing must not wait for the collector (a cut holds the lock for
   * tens of milliseconds), so the window answers at once. */
  pthread_mutex_t pause_lock;
  GArray *pauses;
  gint64 stall_ns;                             /* total time in `recorder` spans */
  guint64 n_held;                              /* `held` spans begun: Step mode was used */
  gsize memory_budget;
  WeftCheckFold *fold;                         /* the checks, kept up as events arrive */
  gint64 detail_from_ns;                       /* raw detail let go before this; 0: none */
  gint64 known_until_ns;                       /* nothing stamped before this can still come */
  WeftWaitFor *waitfor;                        /* who waits for whom, on mutexes */
  char *deadlock_stop;                         /* a deadlock's reason, for the collector to stop
                                                * the run with; NULL: nothing to do */
  char *deadlock_stop_recorded;                /* the same in English, for the trace */
  guint64 n_arrows;                            /* hand-offs taken in, let go or not */
  GHashTable *items;                           /* ItemEnd by its key: a produce or consume
                                                * whose other half has not come yet */
  gint64 longest_arrow_ns;                     /* the greatest to_ns - from_ns */
};

static guint first_arrow_at_or_after (const WeftVec *arrows,
                                      gint64         t);

static void
lane_free (gpointer data)
{
  Lane *lane = data;

  for (guint d = 0; d < WEFT_TIMELINE_MAX_DEPTH; d++)
    {
      weft_vec_clear (&lane->spans[d]);
      weft_span_lod_free (lane->lods[d]);
    }
  weft_vec_clear (&lane->instants);
  weft_vec_clear (&lane->arrows);
  weft_arrow_index_free (lane->arrow_index);
  weft_instant_lod_free (lane->instant_lod);
  g_free (lane->name);
  g_free (lane);
}

static void
process_clear (gpointer data)
{
  Process *process = data;

  g_free (process->name);
}

static void
series_free (gpointer data)
{
  Series *series = data;

  weft_vec_clear (&series->samples);
  weft_vec_clear (&series->pending);
  weft_sample_lod_free (series->lod);
  g_free (series);
}

WeftTimeline *
weft_timeline_new (const WeftPattern *pattern,
                   const WeftParams  *params)
{
  WeftTimeline *self;

  g_return_val_if_fail (pattern != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);

  self = g_atomic_rc_box_new0 (WeftTimeline);
  self->pattern = pattern;
  self->params = *params;
  self->objects = g_array_new (FALSE, TRUE, sizeof (WeftObjectInfo));
  self->series = g_ptr_array_new_with_free_func (series_free);
  self->tracks = g_ptr_array_new_with_free_func ((GDestroyNotify) weft_object_track_free);
  self->lanes = g_ptr_array_new_with_free_func (lane_free);
  self->processes = g_array_new (FALSE, FALSE, sizeof (Process));
  g_array_set_clear_func (self->processes, process_clear);
  weft_lane_order_init (&self->order);
  self->items = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  self->gaps = g_array_new (FALSE, FALSE, sizeof (WeftGap));
  self->messages = g_ptr_array_new_with_free_func (g_free);
  self->pauses = g_array_new (FALSE, FALSE, sizeof (WeftPause));
  pthread_mutex_init (&self->pause_lock, NULL);
  self->waitfor = weft_waitfor_new ();
  self->memory_budget = (gsize) WEFT_TIMELINE_DEFAULT_BUDGET_MIB << 20;
  self->known_until_ns = G_MININT64;
  atomic_init (&self->n_waiting, 0);
  atomic_init (&self->frame_wanted_ns, 0);
  {
    pthread_mutexattr_t attr;

    /* Recursive: a reader that holds it may call helpers that take it. */
    pthread_mutexattr_init (&attr);
    pthread_mutexattr_settype (&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init (&self->lock, &attr);
    pthread_mutexattr_destroy (&attr);
  }

  return self;
}

/* A timeline that drains @run's recorder on each weft_timeline_ingest(). */
WeftTimeline *
weft_timeline_new_for_run (WeftRun *run)
{
  WeftTimeline *self = weft_timeline_new (weft_run_get_pattern (run), weft_run_get_params (run));

  self->run = weft_run_ref (run);
  for (guint i = 0; i < weft_run_get_n_objects (run); i++)
    {
      const WeftObjectInfo *info = weft_run_get_object (run, i);
      weft_timeline_add_object (self, info->name, info->kind, info->limit);
    }
  self->origin_ns = weft_run_get_start_ns (run);

  return self;
}

WeftTimeline *
weft_timeline_ref (WeftTimeline *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  /* An increment by a holder of a reference needs no ordering at all;
   * GLib's atomic one is stronger than that. */
  return g_atomic_rc_box_acquire (self);
}

static void
weft_timeline_clear (gpointer data)
{
  WeftTimeline *self = data;

  for (guint i = 0; i < self->objects->len; i++)
    g_free (g_array_index (self->objects, WeftObjectInfo, i).name);
  g_free (self->stop_reason);
  g_free (self->deadlock_stop);
  g_free (self->deadlock_stop_recorded);
  weft_waitfor_free (self->waitfor);
  g_array_unref (self->objects);
  g_ptr_array_unref (self->series);
  g_ptr_array_unref (self->tracks);
  g_ptr_array_unref (self->lanes);
  g_array_unref (self->processes);
  weft_lane_order_clear (&self->order);
  g_hash_table_unref (self->items);
  g_array_unref (self->gaps);
  g_ptr_array_unref (self->messages);
  g_array_unref (self->pauses);
  pthread_mutex_destroy (&self->pause_lock);
  g_clear_pointer (&self->fold, weft_check_fold_free);
  pthread_mutex_destroy (&self->lock);
  g_clear_pointer (&self->run, weft_run_unref);
}

void
weft_timeline_unref (WeftTimeline *self)
{
  g_return_if_fail (self != NULL);
  /* GLib's decrement is a full barrier, so every other holder's last use
   * happens before the clear function runs and the box is freed. */
  g_atomic_rc_box_release_full (self, weft_timeline_clear);
}

guint16
weft_timeline_add_object (WeftTimeline   *self,
                          const char     *name,
                          WeftObjectKind  kind,
                          gint64          limit)
{
  WeftObjectInfo info = { g_strdup (name), kind, limit };
  Series *series = g_new0 (Series, 1);

  g_return_val_if_fail (self->objects->len < WEFT_OBJECT_NONE, WEFT_OBJECT_NONE);

  weft_vec_init (&series->samples, sizeof (WeftSample));
  weft_vec_init (&series->pending, sizeof (WeftSample));
  series->lod = weft_sample_lod_new ();
  series->late_at = G_MAXUINT;
  series->stale_from = G_MAXINT64;
  g_array_append_val (self->objects, info);
  g_ptr_array_add (self->series, series);
  /* Objects that are held, queued for or arrived at get an object lane. */
  g_ptr_array_add (self->tracks,
                   kind == WEFT_OBJECT_MUTEX || kind == WEFT_OBJECT_SEMAPHORE || kind == WEFT_OBJECT_BARRIER
                   ? weft_object_track_new (self->objects->len - 1, kind, limit) : NULL);

  return self->objects->len - 1;
}

guint
weft_timeline_add_lane (WeftTimeline *self,
                        const char   *name,
                        gint          tid)
{
  Lane *lane = g_new0 (Lane, 1);

  lane->name = g_strdup (name);
  lane->tid = tid;
  lane->last_ns = G_MININT64;
  lane->start_ns = G_MAXINT64;
  lane->end_ns = G_MAXINT64;
  for (guint d = 0; d < WEFT_TIMELINE_MAX_DEPTH; d++)
    {
      weft_vec_init (&lane->spans[d], sizeof (WeftSpan));
      lane->lods[d] = weft_span_lod_new ();
    }
  weft_vec_init (&lane->instants, sizeof (WeftInstantRecord));
  weft_vec_init (&lane->arrows, sizeof (WeftArrow));
  lane->arrow_index = weft_arrow_index_new ();
  lane->instant_lod = weft_instant_lod_new (weft_params_get_marks (&self->params));
  g_ptr_array_add (self->lanes, lane);
  weft_lane_order_add_lane (&self->order, WEFT_LANE_NO_PROCESS);

  return self->lanes->len - 1;
}

/**
 * weft_timeline_add_process:
 *
 * A process of a recorded program, which lanes may then be put in
 * (weft_timeline_set_lane_process()).  Processes are shown in the order
 * they were added, so add them as their first lanes come.
 *
 * Returns: the process's index
 */
guint
weft_timeline_add_process (WeftTimeline *self,
                           gint          pid,
                           const char   *name)
{
  Process process = { pid, g_strdup (name != NULL ? name : "") };

  g_array_append_val (self->processes, process);
  weft_lane_order_add_process (&self->order);
  return self->processes->len - 1;
}

/* An exec renames a process: it runs another program, with the pid it had. */
void
weft_timeline_set_process_name (WeftTimeline *self,
                                guint         process,
                                const char   *name)
{
  Process *info;

  g_return_if_fail (process < self->processes->len);

  info = &g_array_index (self->processes, Process, process);
  if (g_strcmp0 (info->name, name) == 0)
    return;
  g_free (info->name);
  info->name = g_strdup (name != NULL ? name : "");
}

void
weft_timeline_set_lane_process (WeftTimeline *self,
                                guint         lane,
                                guint         process)
{
  g_return_if_fail (lane < self->lanes->len);
  g_return_if_fail (process == WEFT_TIMELINE_NO_PROCESS || process < self->processes->len);

  weft_lane_order_set_process (&self->order, lane, process);
}

static void
close_span (WeftTimeline *self,
            Lane         *lane,
            gint64        end_ns,
            guint8        flags)
{
  const OpenSpan *open = &lane->stack[--lane->depth];
  WeftSpan span = {
    .start_ns = open->start_ns,
    .end_ns = MAX (end_ns, open->start_ns),
    .value = open->value,
    .arg = open->arg,
    .line = open->line,
    .object = open->object,
    .state = open->state,
    .flags = flags,
  };

  weft_vec_append (&lane->spans[lane->depth], &span);
  self->n_spans++;
  if (span.state == WEFT_STATE_RECORDER)
    self->stall_ns += span.end_ns - span.start_ns;
}

static void
fold_end (WeftTimeline    *self,
          Lane            *lane,
          const WeftEvent *ev)
{
  /* Match the innermost open span of this state and object; anything
   * still open inside it lost its end (a dropped event) and is cut. */
  for (guint d = lane->depth; d-- > 0;)
    if (lane->stack[d].state == ev->code && lane->stack[d].object == ev->object)
      {
        while (lane->depth > d + 1)
          close_span (self, lane, ev->time_ns, WEFT_SPAN_CUT);
        close_span (self, lane, ev->time_ns, 0);
        return;
      }
  /* After a gap, an END whose BEGIN was dropped (or whose span the gap
   * closed) is expected, not malformed. */
  if (!lane->had_gap)
    self->malformed++;
}

/* Events were lost on @lane: whatever was open there may have ended
 * inside the gap, so it is closed where the gap began and marked lost,
 * never stretched on to the next event or the end of the trace. */
static void
fold_gap (WeftTimeline *self,
          guint         lane_index,
          gint64        from_ns,
          gint64        to_ns,
          guint64       n_dropped)
{
  Lane *lane = g_ptr_array_index (self->lanes, lane_index);
  WeftGap gap = { from_ns, MAX (from_ns, to_ns), n_dropped, lane_index };

  while (lane->depth > 0)
    close_span (self, lane, from_ns, WEFT_SPAN_LOST);
  lane->had_gap = TRUE;
  g_array_append_val (self->gaps, gap);
  /* What it waits for and holds is not known any more: no deadlock is
   * ever built on it. */
  weft_waitfor_forget_lane (self->waitfor, lane_index);
}

static void
fold_counter (WeftTimeline    *self,
              const WeftEvent *ev)
{
  WeftSample sample = { ev->time_ns, ev->value };

  if (ev->object >= self->series->len)
    {
      self->malformed++;
      return;
    }
  weft_vec_append (&((Series *) g_ptr_array_index (self->series, ev->object))->pending, &sample);
}

static int
compare_samples (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const WeftSample *x = a, *y = b;

  return (x->time_ns > y->time_ns) - (x->time_ns < y->time_ns);
}

/* Samples of one object come from many threads' rings, drained one ring
 * after another, so a drain hands them over out of order.  Every sample
 * stamped before @horizon, when this drain began, has been drained (bar
 * a thread preempted between stamping and publishing), so those are
 * sorted and appended; later ones wait for the next drain, when rings
 * drained after theirs may hold earlier ones.  A late sample (one whose
 * thread was preempted or stalled between stamping and publishing, which
 * at full speed happens every few drains) is inserted in its place, and
 * the summary is refolded from there. */
static void
commit_samples (Series *series,
                gint64  horizon,
                gint64  detail_from)
{
  WeftVec *pending = &series->pending;
  guint n_ready = 0;

  if (pending->len == 0)
    return;

  /* Stable, so equal stamps from one thread keep their order. */
  g_qsort_with_data (pending->data, pending->len, sizeof (WeftSample), compare_samples, NULL);
  while (n_ready < pending->len && weft_vec_index (pending, WeftSample, n_ready).time_ns < horizon)
    n_ready++;

  for (guint i = 0; i < n_ready; i++)
    {
      WeftSample *sample = &weft_vec_index (pending, WeftSample, i);
      guint at = series->samples.len;

      while (at > 0 && weft_vec_index (&series->samples, WeftSample, at - 1).time_ns > sample->time_ns)
        at--;
      series->lowest = series->samples.len == 0 ? sample->value : MIN (series->lowest, sample->value);
      series->highest = series->samples.len == 0 ? sample->value : MAX (series->highest, sample->value);
      if (at < series->samples.len)
        {
          /* The check fold is told even of one it cannot be given, so
           * that it knows its order broke. */
          series->late_at = MIN (series->late_at, at);
          /* Only the summary is left of that time, and it stands.  The
           * cut never passes the fold's frontier, and nothing stamped
           * before that can still come, so this is for broken order. */
          if (sample->time_ns < detail_from)
            continue;
          series->stale_from = MIN (series->stale_from, sample->time_ns);
        }
      weft_vec_insert (&series->samples, at, sample);
    }
  weft_vec_remove_front (pending, n_ready);
  weft_vec_shrink_if_sparse (pending);
}

/* The recorder's lanes up to @n that the timeline has not met yet:
 * threads start during a run, and a drain may bring the events of a lane
 * registered after the ingest looked. */
static void
add_run_lanes (WeftTimeline *self,
               guint         n)
{
  WeftRecorder *recorder = weft_run_get_recorder (self->run);
  WeftProgram *program = weft_run_get_program (self->run);

  for (guint i = self->lanes->len; i < n; i++)
    {
      guint lane = weft_timeline_add_lane (self, weft_recorder_get_lane_name (recorder, i),
                                           weft_recorder_get_lane_tid (recorder, i));

      if (program != NULL)
        {
          guint process = weft_program_get_lane_process (program, i);

          /* The program numbers its processes as their first lanes come,
           * which is the order they are added here too. */
          while (process != G_MAXUINT && self->processes->len <= process)
            {
              gint pid;
              const char *name;

              weft_program_get_process (program, self->processes->len, &pid, &name);
              weft_timeline_add_process (self, pid, name);
            }
          if (process != G_MAXUINT)
            weft_timeline_set_lane_process (self, lane, process);
        }
    }
}

/* A process that exec'd runs another program now: its name follows. */
static void
rename_run_processes (WeftTimeline *self)
{
  WeftProgram *program = weft_run_get_program (self->run);

  for (guint i = 0; i < self->processes->len; i++)
    {
      const char *name;

      weft_program_get_process (program, i, NULL, &name);
      weft_timeline_set_process_name (self, i, name);
    }
}

/* A recorded program's objects appear as it uses them: the program
 * enters an object before it writes any event that names it. */
static void
add_run_objects (WeftTimeline *self,
                 guint         upto)
{
  weft_run_discover_objects (self->run, upto);
  for (guint i = self->objects->len; i < weft_run_get_n_objects (self->run); i++)
    {
      const WeftObjectInfo *info = weft_run_get_object (self->run, i);
      weft_timeline_add_object (self, info->name, info->kind, info->limit);
    }
}

/* Waits and holds on a lock with one holder make the wait-for graph
 * (weft-waitfor.h); other objects' are left out. */
static void
fold_wait_for (WeftTimeline    *self,
               const WeftEvent *ev)
{
  if (ev->object >= self->objects->len ||
      g_array_index (self->objects, WeftObjectInfo, ev->object).kind != WEFT_OBJECT_MUTEX)
    return;
  if (ev->code == WEFT_STATE_WAITING)
    {
      if (ev->kind == WEFT_EVENT_BEGIN)
        weft_waitfor_wait (self->waitfor, ev->lane, ev->object, ev->time_ns);
      else
        weft_waitfor_end_wait (self->waitfor, ev->lane, ev->object);
    }
  else if (ev->code == WEFT_STATE_CRITICAL)
    {
      if (ev->kind == WEFT_EVENT_BEGIN)
        weft_waitfor_acquire (self->waitfor, ev->lane, ev->object);
      else
        weft_waitfor_release (self->waitfor, ev->lane, ev->object);
    }
}

/* One half of an item's journey, waiting in WeftTimeline.items for the
 * other: lanes are drained in batches of their own, so a consume can be
 * taken in before the produce it follows. */
typedef struct
{
  gint64 key;          /* object << 48 ^ item: items are numbered per object */
  gint64 time_ns;
  guint32 lane;
  gboolean consumed;
} ItemEnd;

/* Puts @arrow among its lane's arrows in order of to_ns: an item's
 * arrow may be made after later arrows into the same lane came in. */
static void
insert_arrow (WeftTimeline    *self,
              const WeftArrow *arrow)
{
  Lane *to = g_ptr_array_index (self->lanes, arrow->to_lane);
  guint at = first_arrow_at_or_after (&to->arrows, arrow->to_ns + 1);

  weft_vec_insert (&to->arrows, at, arrow);
  weft_arrow_index_forget_from (to->arrow_index, at);
  self->n_arrows++;
  self->longest_arrow_ns = MAX (self->longest_arrow_ns, arrow->to_ns - arrow->from_ns);
}

/* `produce` of item k and `consume` of item k make one arrow, whichever
 * comes in first.  A second produce or consume of an item (which the
 * pattern's checks report) makes none: the first stays matched. */
static void
fold_item (WeftTimeline    *self,
           const WeftEvent *ev)
{
  gint64 key = ((gint64) ev->object << 48) ^ ev->value;
  gboolean consumed = ev->code == WEFT_INSTANT_CONSUME;
  ItemEnd *other = g_hash_table_lookup (self->items, &key);
  WeftArrow arrow = { 0, };

  if (other == NULL)
    {
      ItemEnd *end = g_new (ItemEnd, 1);

      *end = (ItemEnd) { key, ev->time_ns, ev->lane, consumed };
      g_hash_table_insert (self->items, &end->key, end);
      return;
    }
  if (other->consumed == consumed)
    return;

  arrow.from_ns = consumed ? other->time_ns : ev->time_ns;
  arrow.from_lane = consumed ? other->lane : ev->lane;
  arrow.to_ns = consumed ? ev->time_ns : other->time_ns;
  arrow.to_lane = consumed ? ev->lane : other->lane;
  arrow.object = ev->object;
  arrow.kind = WEFT_ARROW_ITEM;
  g_hash_table_remove (self->items, &key);
  /* Made and taken by one thread, or taken before it was made: no
   * hand-off to draw (the checks say what went wrong). */
  if (arrow.from_lane != arrow.to_lane && arrow.from_ns <= arrow.to_ns)
    insert_arrow (self, &arrow);
}

/* A WEFT_INSTANT_HANDOFF becomes an arrow into its lane.  One whose
 * source is no lane of this run, or comes after its target, describes
 * nothing the threads did and is counted as malformed, not drawn. */
static void
fold_handoff (WeftTimeline    *self,
              Lane            *lane,
              const WeftEvent *ev)
{
  WeftArrow arrow = { 0, };
  guint32 from = ev->arg & ~WEFT_HANDOFF_INFERRED;

  /* The waker's lane may not have been drained yet (a thread joined as
   * soon as it ended): the recorder knows it, so the timeline takes it. */
  if (from >= self->lanes->len && self->run != NULL &&
      from < weft_recorder_get_n_lanes (weft_run_get_recorder (self->run)))
    add_run_lanes (self, from + 1);
  if (from >= self->lanes->len || from == ev->lane || ev->value > ev->time_ns)
    {
      self->malformed++;
      return;
    }
  arrow.from_ns = ev->value;
  arrow.to_ns = ev->time_ns;
  arrow.inferred = (ev->arg & WEFT_HANDOFF_INFERRED) != 0;
  arrow.from_lane = from;
  arrow.to_lane = ev->lane;
  arrow.object = ev->object;
  arrow.kind = WEFT_ARROW_WAKE;
  weft_vec_append (&lane->arrows, &arrow);
  self->n_arrows++;
  self->longest_arrow_ns = MAX (self->longest_arrow_ns, arrow.to_ns - arrow.from_ns);
}

/* What an object's lane needs of @ev: holds and waits on it, items in
 * and out of its slots, and any gap, which may have ended either. */
static void
feed_tracks (WeftTimeline    *self,
             const WeftEvent *ev)
{
  WeftObjectTrack *track;

  if (ev->kind == WEFT_EVENT_GAP)
    {
      for (guint i = 0; i < self->tracks->len; i++)
        if ((track = g_ptr_array_index (self->tracks, i)) != NULL)
          weft_object_track_add_event (track, ev);
      return;
    }
  if (ev->object >= self->tracks->len || (track = g_ptr_array_index (self->tracks, ev->object)) == NULL)
    return;
  if (ev->kind == WEFT_EVENT_BEGIN || ev->kind == WEFT_EVENT_END
      ? ev->code == WEFT_STATE_WAITING || ev->code == WEFT_STATE_CRITICAL
      : ev->kind == WEFT_EVENT_INSTANT && (ev->code == WEFT_INSTANT_PRODUCE || ev->code == WEFT_INSTANT_CONSUME))
    weft_object_track_add_event (track, ev);
}

/* Folds the objects' lanes up to @horizon: see weft-object-track.h. */
static void
fold_tracks (WeftTimeline *self,
             gint64        horizon)
{
  self->known_until_ns = MAX (self->known_until_ns, horizon);
  for (guint i = 0; i < self->tracks->len; i++)
    {
      WeftObjectTrack *track = g_ptr_array_index (self->tracks, i);

      if (track != NULL)
        weft_object_track_fold (track, horizon);
    }
}

static void
fold_event (WeftTimeline    *self,
            const WeftEvent *ev)
{
  Lane *lane;

  if (ev->lane >= self->lanes->len)
    {
      /* The drain found the lane registered, so the recorder has it. */
      if (self->run == NULL || ev->lane >= weft_recorder_get_n_lanes (weft_run_get_recorder (self->run)))
        {
          self->malformed++;
          return;
        }
      add_run_lanes (self, ev->lane + 1);
    }
  if (ev->object != WEFT_OBJECT_NONE && ev->object >= self->objects->len && self->run != NULL)
    add_run_objects (self, ev->object);
  lane = g_ptr_array_index (self->lanes, ev->lane);
  self->end_ns = MAX (self->end_ns, ev->time_ns);
  lane->last_ns = MAX (lane->last_ns, ev->time_ns);
  lane->start_ns = MIN (lane->start_ns, ev->time_ns);
  if (ev->kind != WEFT_EVENT_GAP)
    lane->line = ev->line;

  switch (ev->kind)
    {
    case WEFT_EVENT_BEGIN:
      if (lane->depth == WEFT_TIMELINE_MAX_DEPTH || ev->code >= WEFT_N_STATES)
        {
          self->malformed++;
          break;
        }
      fold_wait_for (self, ev);
      feed_tracks (self, ev);
      self->n_held += ev->code == WEFT_STATE_HELD;
      lane->stack[lane->depth] = (OpenSpan) {
        ev->time_ns, ev->value, (guint16) MIN (ev->arg, G_MAXUINT16),
        /* No line rather than a wrong one: listings are far shorter. */
        (guint16) (ev->line <= G_MAXUINT16 ? ev->line : 0), ev->object, ev->code
      };
      lane->depth++;
      lane->n_depths = MAX (lane->n_depths, lane->depth);
      break;

    case WEFT_EVENT_END:
      fold_wait_for (self, ev);
      feed_tracks (self, ev);
      fold_end (self, lane, ev);
      break;

    case WEFT_EVENT_INSTANT:
      {
        WeftInstantRecord record = {
          ev->time_ns, ev->value, ev->object, ev->code, (guint8) (ev->line <= G_MAXUINT8 ? ev->line : 0), ev->arg
        };
        weft_vec_append (&lane->instants, &record);
        if (ev->code == WEFT_INSTANT_END || ev->code == WEFT_INSTANT_RAISE || ev->code == WEFT_INSTANT_KILLED)
          lane->end_ns = MIN (lane->end_ns, ev->time_ns);
        if (ev->code < WEFT_INSTANT_MAX)
          self->instant_kinds |= G_GUINT64_CONSTANT (1) << ev->code;
        if (ev->code == WEFT_INSTANT_HANDOFF)
          fold_handoff (self, lane, ev);
        else if (ev->code == WEFT_INSTANT_PRODUCE || ev->code == WEFT_INSTANT_CONSUME)
          {
            fold_item (self, ev);
            feed_tracks (self, ev);
          }
      }
      break;

    case WEFT_EVENT_COUNTER:
      fold_counter (self, ev);
      break;

    case WEFT_EVENT_LINE:
      /* Only where the thread is (lane->line, above). */
      break;

    case WEFT_EVENT_GAP:
      feed_tracks (self, ev);
      fold_gap (self, ev->lane, ev->time_ns, ev->value, ev->arg);
      self->end_ns = MAX (self->end_ns, ev->value);
      break;

    default:
      self->malformed++;
      break;
    }
}

static void
fold_batch (const WeftEvent *events,
            gsize            n_events,
            gpointer         user_data)
{
  WeftTimeline *self = user_data;

  for (gsize i = 0; i < n_events; i++)
    fold_event (self, &events[i]);
  self->n_events += n_events;
}

static void
update_summaries (WeftTimeline *self,
                  gint64        horizon)
{
  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);

      for (guint d = 0; d < lane->n_depths; d++)
        weft_span_lod_update (lane->lods[d], weft_vec_items (&lane->spans[d], const WeftSpan),
                              lane->spans[d].len);
      weft_instant_lod_update (lane->instant_lod, weft_vec_items (&lane->instants, const WeftInstantRecord),
                               lane->instants.len);
    }
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      commit_samples (series, horizon, self->detail_from_ns);
      if (series->stale_from != G_MAXINT64)
        {
          weft_sample_lod_rewind (series->lod, weft_vec_items (&series->samples, const WeftSample),
                                  series->samples.len, series->stale_from);
          series->stale_from = G_MAXINT64;
        }
      weft_sample_lod_update (series->lod, weft_vec_items (&series->samples, const WeftSample),
                              series->samples.len);
    }
}

/* The check fold, made once the objects it reads exist. */
WeftCheckFold *
weft_timeline_get_check_fold (WeftTimeline *self)
{
  if (self->fold == NULL)
    self->fold = weft_check_fold_new (self);
  return self->fold;
}

/* Nothing stamped before the returned time can still arrive on a lane
 * that has not finished: see the top of weft-check-fold.c.  A parked
 * lane sends nothing stamped before the drain that saw it parked began,
 * which the callers' cap covers. */
static gint64
lanes_frontier (WeftTimeline *self)
{
  gint64 frontier = G_MAXINT64;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);

      if (!lane->done && !lane->parked)
        frontier = MIN (frontier, lane->last_ns);
    }
  return frontier;
}

static char *
describe_deadlock_stop (WeftTimeline *self)
{
  g_autofree char *cycle = weft_timeline_describe_deadlock (self);

  return g_strdup_printf (_("Deadlock: %s"), cycle);
}

/* Looks for a deadlock once the events of a drain are in: the grace
 * period runs on @run_now_ns, the run's clock, which stops while paused;
 * @now_ns is the trace's latest moment, by which the cycle held.  A
 * cycle of two or more threads is for the collector to stop the run
 * with; a thread waiting for itself is stopped by its own mutex. */
static void
poll_deadlock (WeftTimeline *self,
               gint64        run_now_ns,
               gint64        now_ns)
{
  guint n_edges;

  if (!weft_waitfor_poll (self->waitfor, run_now_ns, now_ns, WEFT_WAITFOR_GRACE_NS))
    return;
  weft_waitfor_get_cycle (self->waitfor, &n_edges);
  if (n_edges > 1 && self->run != NULL)
    {
      locale_t previous;

      g_free (self->deadlock_stop);
      g_free (self->deadlock_stop_recorded);
      self->deadlock_stop = describe_deadlock_stop (self);
      previous = weft_format_use_c_locale ();
      self->deadlock_stop_recorded = describe_deadlock_stop (self);
      weft_format_restore_locale (previous);
    }
}

/**
 * weft_timeline_add_events:
 *
 * Adds events as a drain would: each lane's events in the order they
 * were stamped, lanes in any order.  The checks fold in everything
 * stamped before the least recent lane's last event.
 */
void
weft_timeline_add_events (WeftTimeline    *self,
                          const WeftEvent *events,
                          gsize            n_events)
{
  g_return_if_fail (!self->finished);

  fold_batch (events, n_events, self);
  update_summaries (self, G_MAXINT64);
  /* Built by hand, the trace's own time is the run's clock. */
  poll_deadlock (self, self->end_ns - weft_timeline_get_paused_ns (self, self->end_ns), self->end_ns);
  fold_tracks (self, lanes_frontier (self));
  weft_check_fold_advance (weft_timeline_get_check_fold (self), lanes_frontier (self));
}

/**
 * weft_timeline_ingest:
 *
 * Drains the run's rings into the timeline.  Call it from one thread
 * only, once a frame; it never waits for a worker.
 *
 * Returns: how many events arrived
 */
gsize
weft_timeline_ingest (WeftTimeline *self)
{
  WeftRecorder *recorder;
  gboolean finishing[WEFT_RECORDER_MAX_LANES];
  gint64 drain_began;
  guint n_lanes, n_known;
  gsize n = 0;

  g_return_val_if_fail (self->run != NULL, 0);

  if (self->finished)
    return 0;

  recorder = weft_run_get_recorder (self->run);
  weft_run_sync_program (self->run);
  add_run_lanes (self, weft_recorder_get_n_lanes (recorder));
  if (weft_run_get_program (self->run) != NULL)
    rename_run_processes (self);
  if (self->origin_ns == 0)
    self->origin_ns = weft_run_get_start_ns (self->run);

  /* Read before the drain: a thread that had returned by then has
   * nothing left but what this drain brings. */
  n_known = self->lanes->len;
  for (guint i = 0; i < n_known; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);

      finishing[i] = lane->done || weft_recorder_is_lane_finished (recorder, i);
      /* A spawned thread gives its id once it runs. */
      if (lane->tid == 0)
        lane->tid = weft_recorder_get_lane_tid (recorder, i);
      /* A program's thread may name itself at any time. */
      if (weft_run_get_program (self->run) != NULL)
        {
          const char *name = weft_recorder_get_lane_name (recorder, i);

          if (g_strcmp0 (name, lane->name) != 0)
            {
              g_free (lane->name);
              lane->name = g_strdup (name);
            }
        }
    }
  drain_began = weft_clock_now_ns ();
  /* Until no lane came while draining.  A thread's lane is registered,
   * and its START stamped, by its parent before the thread exists, and
   * the parent goes on stamping after that.  Had the drain missed the
   * new lane but taken in the parent's later events, the frontier could
   * pass the child's START before the child's lane was ever read.  Once
   * a drain ends with no lane more than when it began, every lane
   * registered later was registered after the parent events this drain
   * took in, so its events are all stamped at or after the frontier. */
  do
    {
      n_lanes = weft_recorder_get_n_lanes (recorder);
      n += weft_recorder_drain_live (recorder, drain_began, fold_batch, self);
      /* A program's thread claims its lane itself, before its START:
       * the same reasoning holds once the claim is taken in here. */
      weft_run_sync_program (self->run);
    }
  while (weft_recorder_get_n_lanes (recorder) != n_lanes);
  /* Lanes registered with nothing drained yet hold the frontier back
   * until their first event comes. */
  add_run_lanes (self, n_lanes);
  self->dropped = weft_recorder_get_dropped (recorder);
  for (guint i = 0; i < n_known; i++)
    ((Lane *) g_ptr_array_index (self->lanes, i))->done = finishing[i];
  /* After the drain: a lane blocked since before it, all it wrote taken
   * in, cannot send anything stamped before drain_began. */
  for (guint i = 0; i < n_lanes; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);

      lane->parked = !lane->done && weft_recorder_is_lane_parked (recorder, i);
    }
  /* While the run is live, open spans reach up to now. */
  if (self->origin_ns != 0)
    self->end_ns = MAX (self->end_ns, weft_clock_now_ns ());
  update_summaries (self, drain_began);
  /* Everything drained was stamped before now. */
  poll_deadlock (self, weft_run_now_ns (self->run), weft_clock_now_ns ());
  fold_tracks (self, MIN (drain_began, lanes_frontier (self)));
  /* Samples are committed only up to when the drain began. */
  weft_check_fold_advance (weft_timeline_get_check_fold (self), MIN (drain_began, lanes_frontier (self)));

  return n;
}

void
weft_timeline_set_origin (WeftTimeline *self,
                          gint64        origin_ns)
{
  self->origin_ns = origin_ns;
}

void
weft_timeline_set_dropped (WeftTimeline *self,
                           guint64       dropped)
{
  self->dropped = dropped;
}

/* For a trace read back: the events the run recorded, which the events
 * it was rebuilt from (one per span end, instant and sample) undercount. */
void
weft_timeline_set_n_events (WeftTimeline *self,
                            guint64       n_events)
{
  self->n_events = n_events;
}

/* For a trace read back: why its run stopped itself, as it said then. */
void
weft_timeline_set_stop_reason (WeftTimeline *self,
                               const char   *reason)
{
  g_free (self->stop_reason);
  self->stop_reason = g_strdup (reason);
}

/**
 * weft_timeline_finish:
 * @end_ns: when recording ended, or 0 for the last event's time
 *
 * Ends the timeline: spans still open are closed at @end_ns and marked
 * cut.  For a run, call it after the workers are joined and drained.
 */
void
weft_timeline_finish (WeftTimeline *self,
                      gint64        end_ns)
{
  if (self->finished)
    return;

  if (self->run != NULL)
    {
      WeftRecorder *recorder = weft_run_get_recorder (self->run);

      weft_timeline_ingest (self);
      /* The trace is for programs: its reason stays in English. */
      self->stop_reason = weft_run_dup_recorded_stop_reason (self->run);
      self->stop_ns = weft_run_get_stop_ns (self->run);
      /* Drops after a lane's last stored event left no mark in its ring. */
      if (weft_run_is_joined (self->run))
        for (guint i = 0; i < self->lanes->len; i++)
          {
            gint64 from_ns, to_ns;
            guint64 n_dropped;

            if (weft_recorder_get_unmarked_gap (recorder, i, &from_ns, &to_ns, &n_dropped))
              {
                fold_gap (self, i, from_ns, to_ns, n_dropped);
                self->end_ns = MAX (self->end_ns, to_ns);
              }
          }
    }
  self->end_ns = MAX (self->end_ns, end_ns);
  /* A pause still open when the run ended ends with it. */
  pthread_mutex_lock (&self->pause_lock);
  if (self->pauses->len > 0 && g_array_index (self->pauses, WeftPause, self->pauses->len - 1).to_ns == 0)
    g_array_index (self->pauses, WeftPause, self->pauses->len - 1).to_ns =
      MAX (self->end_ns, g_array_index (self->pauses, WeftPause, self->pauses->len - 1).from_ns);
  pthread_mutex_unlock (&self->pause_lock);
  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);

      while (lane->depth > 0)
        close_span (self, lane, self->end_ns, WEFT_SPAN_CUT);
    }
  update_summaries (self, G_MAXINT64);
  /* Every sample is committed: nothing more comes to wait. */
  for (guint i = 0; i < self->series->len; i++)
    weft_vec_clear (&((Series *) g_ptr_array_index (self->series, i))->pending);
  for (guint i = 0; i < self->tracks->len; i++)
    if (g_ptr_array_index (self->tracks, i) != NULL)
      weft_object_track_finish (g_ptr_array_index (self->tracks, i), self->end_ns);
  weft_check_fold_finish (weft_timeline_get_check_fold (self));
  self->known_until_ns = G_MAXINT64;
  self->finished = TRUE;
}

/* The run it drains, or NULL for a trace read back. */
WeftRun *
weft_timeline_get_run (WeftTimeline *self)
{
  return self->run;
}

const WeftPattern *
weft_timeline_get_pattern (WeftTimeline *self)
{
  return self->pattern;
}

/* When the run was asked to stop (by the user, its duration or itself),
 * once finished; 0 when it ended on its own.  Set by hand for a trace
 * read back. */
gint64
weft_timeline_get_stop_ns (WeftTimeline *self)
{
  return self->stop_ns;
}

void
weft_timeline_set_stop_ns (WeftTimeline *self,
                           gint64        stop_ns)
{
  self->stop_ns = stop_ns;
}

/* Why the run stopped itself ("worker-1 waits for a lock it already
 * holds"), once finished; NULL when it did not. */
const char *
weft_timeline_get_stop_reason (WeftTimeline *self)
{
  return self->stop_reason;
}

const WeftParams *
weft_timeline_get_params (WeftTimeline *self)
{
  return &self->params;
}

gint64
weft_timeline_get_origin (WeftTimeline *self)
{
  return self->origin_ns;
}

gint64
weft_timeline_get_end (WeftTimeline *self)
{
  return MAX (self->end_ns, self->origin_ns);
}

gboolean
weft_timeline_is_finished (WeftTimeline *self)
{
  return self->finished;
}

guint64
weft_timeline_get_dropped (WeftTimeline *self)
{
  return self->dropped;
}

guint64
weft_timeline_get_n_events (WeftTimeline *self)
{
  return self->n_events;
}

/* How much memory the timeline may hold before it lets go of its oldest
 * detail (see weft_timeline_keep_within_budget()). */
void
weft_timeline_set_memory_budget (WeftTimeline *self,
                                 gsize         bytes)
{
  self->memory_budget = bytes;
}

gsize
weft_timeline_get_memory_budget (WeftTimeline *self)
{
  return self->memory_budget;
}

const WeftGap *
weft_timeline_get_gaps (WeftTimeline *self,
                        guint        *n_gaps)
{
  *n_gaps = self->gaps->len;
  return (const WeftGap *) (gpointer) self->gaps->data;
}

/* Pauses take only the pause lock, never the timeline's: see `pauses`. */
void
weft_timeline_begin_pause (WeftTimeline *self,
                           gint64        time_ns)
{
  WeftPause pause = { time_ns, 0 };

  pthread_mutex_lock (&self->pause_lock);
  if (self->pauses->len == 0 || g_array_index (self->pauses, WeftPause, self->pauses->len - 1).to_ns != 0)
    g_array_append_val (self->pauses, pause);
  else
    g_critical ("weft_timeline_begin_pause: the timeline is paused already");
  pthread_mutex_unlock (&self->pause_lock);
}

void
weft_timeline_end_pause (WeftTimeline *self,
                         gint64        time_ns)
{
  WeftPause *last = NULL;

  pthread_mutex_lock (&self->pause_lock);
  if (self->pauses->len > 0)
    last = &g_array_index (self->pauses, WeftPause, self->pauses->len - 1);
  if (last != NULL && last->to_ns == 0)
    last->to_ns = MAX (time_ns, last->from_ns);
  else
    g_critical ("weft_timeline_end_pause: the timeline is not paused");
  pthread_mutex_unlock (&self->pause_lock);
}

/**
 * weft_timeline_dup_pauses:
 *
 * When the run was paused, as a copy: another thread may pause it while
 * the caller reads.
 *
 * Returns: (transfer full): WeftPause, sorted
 */
GArray *
weft_timeline_dup_pauses (WeftTimeline *self)
{
  GArray *pauses;

  pthread_mutex_lock (&self->pause_lock);
  pauses = g_array_copy (self->pauses);
  pthread_mutex_unlock (&self->pause_lock);
  return pauses;
}

/* How long the run was paused between its start and @until_ns; a pause
 * still open counts up to @until_ns. */
gint64
weft_timeline_get_paused_ns (WeftTimeline *self,
                             gint64        until_ns)
{
  gint64 total = 0;

  pthread_mutex_lock (&self->pause_lock);
  for (guint i = 0; i < self->pauses->len; i++)
    {
      const WeftPause *pause = &g_array_index (self->pauses, WeftPause, i);
      gint64 to = pause->to_ns != 0 ? MIN (pause->to_ns, until_ns) : until_ns;

      if (to > pause->from_ns)
        total += to - pause->from_ns;
    }
  pthread_mutex_unlock (&self->pause_lock);
  return total;
}

/* How long the run has gone on, its pauses left out: what Elapsed says. */
gint64
weft_timeline_get_active_ns (WeftTimeline *self)
{
  gint64 end = weft_timeline_get_end (self);

  return MAX (0, end - self->origin_ns - weft_timeline_get_paused_ns (self, end));
}

/* Total time workers waited for room in their rings (lossless mode). */
/**
 * weft_timeline_reach:
 *
 * For a timeline built by hand that stands for a run up to @time_ns (a
 * replay at that moment), every event stamped before which has been
 * added: its end and its open spans reach there, and the checks and
 * the objects' lanes fold up to it, as no lane can still send anything
 * older.
 */
void
weft_timeline_reach (WeftTimeline *self,
                     gint64        time_ns)
{
  g_return_if_fail (!self->finished);
  self->end_ns = MAX (self->end_ns, time_ns);
  fold_tracks (self, time_ns);
  weft_check_fold_advance (weft_timeline_get_check_fold (self), time_ns);
}

/* How far the checks have folded: everything stamped before this.  It
 * can move with no new event, when a thread that was the last to speak
 * blocks (weft_ring_park()). */
gint64
weft_timeline_get_fold_frontier (WeftTimeline *self)
{
  return self->fold != NULL ? weft_check_fold_get_frontier (self->fold) : G_MININT64;
}

/* How many times a thread was held in Step mode. */
guint64
weft_timeline_get_n_held (WeftTimeline *self)
{
  return self->n_held;
}

gint64
weft_timeline_get_stall_ns (WeftTimeline *self)
{
  return self->stall_ns;
}

void
weft_timeline_lock (WeftTimeline *self)
{
  /* Relaxed, both: the count is only a hint for the collector (see
   * weft_timeline_has_waiters()); the mutex orders every access to what
   * it guards. */
  atomic_fetch_add_explicit (&self->n_waiting, 1, memory_order_relaxed);
  pthread_mutex_lock (&self->lock);
  atomic_fetch_sub_explicit (&self->n_waiting, 1, memory_order_relaxed);
}

/**
 * weft_timeline_try_lock:
 *
 * Takes the lock only if it is free: for a frame that would rather show
 * the last picture again than wait while the collector folds a batch in
 * or lets old detail go.
 *
 * Returns: whether the lock is now held
 */
gboolean
weft_timeline_try_lock (WeftTimeline *self)
{
  gboolean got = pthread_mutex_trylock (&self->lock) == 0;

  /* Relaxed: a hint for the collector, as n_waiting is; a stale value
   * costs it one wait it did not need, or the window one frame more. */
  atomic_store_explicit (&self->frame_wanted_ns, got ? 0 : weft_clock_now_ns (), memory_order_relaxed);
  return got;
}

/**
 * weft_timeline_is_frame_wanted:
 *
 * Whether a reader that would not wait (a window's frame) found the lock
 * taken within the last @within_ns and has not got it since.  A
 * collector that drains flat out would otherwise hold it at nearly
 * every moment a frame asks, and the window would show nothing of a
 * live run at full speed.  A window that stopped asking (hidden,
 * paused) is wanted no longer once @within_ns has passed.
 */
gboolean
weft_timeline_is_frame_wanted (WeftTimeline *self,
                               gint64        within_ns)
{
  /* Relaxed: as in weft_timeline_try_lock(). */
  gint64 wanted = atomic_load_explicit (&self->frame_wanted_ns, memory_order_relaxed);

  return wanted != 0 && weft_clock_now_ns () - wanted < within_ns;
}

/**
 * weft_timeline_has_waiters:
 *
 * Whether a thread is blocked waiting for the lock.  A mutex goes to
 * whoever asks first once it is free, so a collector that drains flat
 * out and locks again at once would keep a reader waiting for many
 * drains; it asks this to let the reader in first.
 */
gboolean
weft_timeline_has_waiters (WeftTimeline *self)
{
  /* Relaxed: a stale answer costs the collector a brief yield it did not
   * need, or a reader one more drain, as before; nothing else rides on
   * it. */
  return atomic_load_explicit (&self->n_waiting, memory_order_relaxed) > 0;
}

void
weft_timeline_unlock (WeftTimeline *self)
{
  pthread_mutex_unlock (&self->lock);
}

guint64
weft_timeline_get_n_spans (WeftTimeline *self)
{
  return self->n_spans;
}

guint64
weft_timeline_get_malformed (WeftTimeline *self)
{
  return self->malformed;
}

/* Bytes allocated for recorded data and its summaries: what the arrays
 * have reserved, not only what they hold so far. */
gsize
weft_timeline_get_memory (WeftTimeline *self)
{
  gsize bytes = 0;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);

      for (guint d = 0; d < lane->n_depths; d++)
        bytes += weft_vec_get_memory (&lane->spans[d]) + weft_span_lod_get_memory (lane->lods[d]);
      bytes += weft_vec_get_memory (&lane->instants) + weft_instant_lod_get_memory (lane->instant_lod);
      bytes += weft_vec_get_memory (&lane->arrows);
      bytes += weft_arrow_index_get_memory (lane->arrow_index);
    }
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      bytes += weft_vec_get_memory (&series->samples) + weft_vec_get_memory (&series->pending) +
               weft_sample_lod_get_memory (series->lod);
    }
  for (guint i = 0; i < self->tracks->len; i++)
    if (g_ptr_array_index (self->tracks, i) != NULL)
      bytes += weft_object_track_get_memory (g_ptr_array_index (self->tracks, i));
  if (self->fold != NULL)
    bytes += weft_check_fold_get_memory (self->fold);
  bytes += weft_waitfor_get_memory (self->waitfor);
  return bytes;
}

/**
 * weft_timeline_get_memory_in_flight:
 *
 * The part of weft_timeline_get_memory() drained but not yet folded in:
 * the events the objects' lanes and the counters hold until the
 * frontier passes them.  No cut can free it, as nothing was kept from
 * it yet.  It is what was stamped after the frontier, that is while the
 * slowest lane's ring was drained last, so the rings' size bounds it:
 * at full speed under a sanitizer, where one drain takes tens of
 * milliseconds, it reached 3.6 MiB.
 */
gsize
weft_timeline_get_memory_in_flight (WeftTimeline *self)
{
  gsize bytes = 0;

  for (guint i = 0; i < self->series->len; i++)
    bytes += weft_vec_get_memory (&((Series *) g_ptr_array_index (self->series, i))->pending);
  for (guint i = 0; i < self->tracks->len; i++)
    if (g_ptr_array_index (self->tracks, i) != NULL)
      bytes += weft_object_track_get_pending_memory (g_ptr_array_index (self->tracks, i));
  return bytes;
}

/* What the timeline would take after weft_timeline_let_go_before(). */
static gsize
memory_after_cut (WeftTimeline *self,
                  gint64        cut_ns)
{
  gsize bytes = 0;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);

      for (guint d = 0; d < lane->n_depths; d++)
        bytes += weft_span_lod_memory_after (lane->lods[d], &lane->spans[d], cut_ns, self->end_ns);
      bytes += weft_instant_lod_memory_after (lane->instant_lod, &lane->instants, cut_ns, self->end_ns);
      bytes += weft_vec_memory_after_remove_front (&lane->arrows, first_arrow_at_or_after (&lane->arrows, cut_ns));
    }
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      bytes += weft_sample_lod_memory_after (series->lod, &series->samples, cut_ns, self->end_ns) +
               weft_vec_get_memory (&series->pending);
    }
  for (guint i = 0; i < self->tracks->len; i++)
    if (g_ptr_array_index (self->tracks, i) != NULL)
      bytes += weft_object_track_memory_after (g_ptr_array_index (self->tracks, i), cut_ns, self->end_ns);
  return bytes;
}

/* The latest time a cut may be made at.  The checks must see every
 * event once, cut or not, so only what the fold has passed may go.
 * Every item it reads keyed before its frontier is folded, and nothing
 * keyed before that can still come (see weft-check-fold.c); a span goes
 * when it ended by the cut, so one of no length exactly at the frontier
 * would go unfolded unless the cut stays short of it.  Each cursor then
 * follows its array's n_removed (follow_let_go() in weft-check-fold.c).
 * The collector folds after every drain, before it cuts, in the same
 * locked section, so the frontier is as recent as it can be. */
static gint64
latest_cut (WeftTimeline *self)
{
  gint64 frontier;

  if (self->fold == NULL)
    return self->end_ns;
  frontier = weft_check_fold_get_frontier (self->fold);
  if (frontier == G_MAXINT64)
    return self->end_ns;
  if (frontier == G_MININT64)
    return G_MININT64;
  return MIN (self->end_ns, frontier - 1);
}

/**
 * weft_timeline_let_go_before:
 *
 * Keeps full detail from @time_ns on, and before it only the summary
 * the chart draws zoomed out: every lane lets go of its raw spans that
 * ended by then, its instants and counter samples before then (but the
 * last sample, so the value from @time_ns on is known), and the finer
 * summary levels of their items further back, the coarser the further
 * (see level_cuts() in weft-lod.c): old time is still drawn at about an
 * item per pixel when zoomed out, while the levels together cost at most
 * half of what the raw detail kept does.  What goes is always held by a
 * coarser level, so queries over that time read the finest level left,
 * and weft_timeline_get_detail_from() says from when the detail is
 * whole.  Call it with the summaries up to date, as
 * weft_timeline_ingest() and weft_timeline_add_events() leave them.
 */
void
weft_timeline_let_go_before (WeftTimeline *self,
                             gint64        time_ns)
{
  time_ns = MIN (time_ns, self->end_ns);
  time_ns = MIN (time_ns, latest_cut (self));
  if (time_ns <= weft_timeline_get_detail_from (self))
    return;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);

      for (guint d = 0; d < lane->n_depths; d++)
        weft_span_lod_let_go (lane->lods[d], &lane->spans[d], time_ns, self->end_ns);
      weft_instant_lod_let_go (lane->instant_lod, &lane->instants, time_ns, self->end_ns);
      /* Arrows have no summary: those into the time let go go with it. */
      weft_vec_remove_front (&lane->arrows, first_arrow_at_or_after (&lane->arrows, time_ns));
      weft_arrow_index_forget_from (lane->arrow_index, 0);
    }
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      weft_sample_lod_let_go (series->lod, &series->samples, time_ns, self->end_ns);
    }
  for (guint i = 0; i < self->tracks->len; i++)
    if (g_ptr_array_index (self->tracks, i) != NULL)
      weft_object_track_let_go (g_ptr_array_index (self->tracks, i), time_ns, self->end_ns);
  self->detail_from_ns = time_ns;
}

/**
 * weft_timeline_keep_within_budget:
 *
 * Once the timeline's memory passes seven eighths of its budget, lets
 * go of its oldest detail, enough to come back to five eighths: each
 * time a quarter or more goes, so the arrays are moved up rarely.  The
 * eighth kept free covers what the timeline grows between two calls
 * (an array grows by half at once) and the rest of the process (rings,
 * the window), so that a run's whole footprint stays near the budget:
 * cutting only at the budget itself, a 10-minute run in the window
 * peaked at 1053 MiB of RSS for a 1024 MiB budget.  The owner calls it
 * now and then while it fills the timeline, holding the lock; it walks
 * every lane.
 *
 * Returns: whether any detail went
 */
gboolean
weft_timeline_keep_within_budget (WeftTimeline *self)
{
  gsize trigger = self->memory_budget / 8 * 7;
  gsize target = self->memory_budget / 8 * 5;
  gint64 lo, hi;

  if (weft_timeline_get_memory (self) <= trigger)
    return FALSE;

  /* The earliest cut that reaches the target: letting go of more only
   * costs detail.  Keeping nothing past lo is over budget; hi is as far
   * as it can go, and if even that is not enough, it goes that far. */
  lo = weft_timeline_get_detail_from (self);
  hi = latest_cut (self);
  if (hi <= lo)
    return FALSE;
  if (memory_after_cut (self, hi) <= target)
    {
      gint64 precision = MAX (1, (hi - lo) / 1024);

      while (hi - lo > precision)
        {
          gint64 mid = lo + (hi - lo) / 2;

          if (memory_after_cut (self, mid) <= target)
            hi = mid;
          else
            lo = mid;
        }
    }
  weft_timeline_let_go_before (self, hi);
  return TRUE;
}

/* From when every span, instant and sample is kept: the origin until the
 * timeline first let go of detail to stay within its budget.  Before it
 * there is only the summary, which queries read there. */
gint64
weft_timeline_get_detail_from (WeftTimeline *self)
{
  return MAX (self->detail_from_ns, self->origin_ns);
}

/* Up to when the lanes are known: nothing stamped before the returned
 * time can still arrive (the frontier the objects' lanes are folded up
 * to, see weft-check-fold.c), so what is drawn after it may yet change.
 * G_MAXINT64 once finished, G_MININT64 before anything is known. */
gint64
weft_timeline_get_known_until (WeftTimeline *self)
{
  return self->known_until_ns;
}

guint
weft_timeline_get_n_objects (WeftTimeline *self)
{
  return self->objects->len;
}

const WeftObjectInfo *
weft_timeline_get_object (WeftTimeline *self,
                          guint16       object)
{
  g_return_val_if_fail (object < self->objects->len, NULL);
  return &g_array_index (self->objects, WeftObjectInfo, object);
}

/* "none" for a thread's own work, which touches no shared object. */
const char *
weft_timeline_get_object_name (WeftTimeline *self,
                               guint16       object)
{
  if (object >= self->objects->len)
    return "none";
  return g_array_index (self->objects, WeftObjectInfo, object).name;
}

gboolean
weft_timeline_find_object (WeftTimeline *self,
                           const char   *name,
                           guint16      *object)
{
  for (guint i = 0; i < self->objects->len; i++)
    if (g_strcmp0 (g_array_index (self->objects, WeftObjectInfo, i).name, name) == 0)
      {
        *object = i;
        return TRUE;
      }
  return FALSE;
}

guint
weft_timeline_get_n_lanes (WeftTimeline *self)
{
  return self->lanes->len;
}

const char *
weft_timeline_get_lane_name (WeftTimeline *self,
                             guint         lane)
{
  g_return_val_if_fail (lane < self->lanes->len, NULL);
  return ((Lane *) g_ptr_array_index (self->lanes, lane))->name;
}

gint
weft_timeline_get_lane_tid (WeftTimeline *self,
                            guint         lane)
{
  g_return_val_if_fail (lane < self->lanes->len, 0);
  return ((Lane *) g_ptr_array_index (self->lanes, lane))->tid;
}

guint
weft_timeline_get_n_processes (WeftTimeline *self)
{
  return self->processes->len;
}

gint
weft_timeline_get_process_pid (WeftTimeline *self,
                               guint         process)
{
  g_return_val_if_fail (process < self->processes->len, 0);
  return g_array_index (self->processes, Process, process).pid;
}

const char *
weft_timeline_get_process_name (WeftTimeline *self,
                                guint         process)
{
  g_return_val_if_fail (process < self->processes->len, NULL);
  return g_array_index (self->processes, Process, process).name;
}

/* @lane's process, or WEFT_TIMELINE_NO_PROCESS (every pattern's lanes). */
guint
weft_timeline_get_lane_process (WeftTimeline *self,
                                guint         lane)
{
  g_return_val_if_fail (lane < self->lanes->len, WEFT_TIMELINE_NO_PROCESS);
  return weft_lane_order_get_process (&self->order, lane);
}

/**
 * weft_timeline_groups_lanes:
 *
 * Whether the lanes are shown in groups, one per process, each under its
 * process's name: a program recorded across more than one process.  A
 * single process needs no heading; nor does a pattern, which has none.
 */
gboolean
weft_timeline_groups_lanes (WeftTimeline *self)
{
  return self->processes->len > 1;
}

/* The row @lane is shown in (weft-lane-order.h): the lane's own number
 * unless the lanes are grouped by process. */
guint
weft_timeline_get_lane_row (WeftTimeline *self,
                            guint         lane)
{
  g_return_val_if_fail (lane < self->lanes->len, lane);
  return weft_lane_order_get_row (&self->order, lane);
}

/* The lane shown in row @row. */
guint
weft_timeline_get_row_lane (WeftTimeline *self,
                            guint         row)
{
  g_return_val_if_fail (row < self->lanes->len, row);
  return weft_lane_order_get_lane (&self->order, row);
}

/* The row where @process's lanes begin, and how many there are. */
guint
weft_timeline_get_process_rows (WeftTimeline *self,
                                guint         process,
                                guint        *n_rows)
{
  g_return_val_if_fail (process < self->processes->len, 0);
  return weft_lane_order_get_first_row (&self->order, process, n_rows);
}

/**
 * weft_timeline_get_lane_start:
 *
 * When @lane's thread started: the time of its first event, which for a
 * thread that records its life is its START.  Threads may start at any
 * time during a run, so the chart begins a lane's band here.
 *
 * Returns: a CLOCK_MONOTONIC time, or G_MAXINT64 while the lane has no event
 */
gint64
weft_timeline_get_lane_start (WeftTimeline *self,
                              guint         lane)
{
  g_return_val_if_fail (lane < self->lanes->len, G_MAXINT64);
  return ((Lane *) g_ptr_array_index (self->lanes, lane))->start_ns;
}

/**
 * weft_timeline_get_lane_end:
 *
 * When @lane's thread ended: the time of its END (its function
 * returned), RAISE (an uncaught error) or KILLED (a daemon cut off at
 * exit).
 *
 * Returns: a CLOCK_MONOTONIC time, or G_MAXINT64 while it runs (or for a
 *   trace that does not record how its threads end)
 */
gint64
weft_timeline_get_lane_end (WeftTimeline *self,
                            guint         lane)
{
  g_return_val_if_fail (lane < self->lanes->len, G_MAXINT64);
  return ((Lane *) g_ptr_array_index (self->lanes, lane))->end_ns;
}

/**
 * weft_timeline_get_lane_position:
 * @line: (out): the listing line of the lane's latest event (0: none)
 * @state: (out) (optional): the state of its innermost open span, or
 *   %WEFT_STATE_WORKING when none is open
 *
 * Where @lane's thread is in the pattern's listing (WeftPattern.code):
 * the line its latest event carried, which is the sync point it last
 * passed or waits in.
 *
 * Returns: %FALSE when the lane has no event yet or its thread ended
 */
gboolean
weft_timeline_get_lane_position (WeftTimeline *self,
                                 guint         lane,
                                 guint        *line,
                                 WeftState    *state)
{
  const Lane *l;

  g_return_val_if_fail (lane < self->lanes->len, FALSE);
  l = g_ptr_array_index (self->lanes, lane);
  *line = l->line;
  if (state != NULL)
    *state = l->depth > 0 ? l->stack[l->depth - 1].state : WEFT_STATE_WORKING;
  return l->start_ns != G_MAXINT64 && l->end_ns == G_MAXINT64;
}

/**
 * weft_timeline_add_message:
 *
 * For a timeline built by hand (an import): keeps what a RAISE said.
 *
 * Returns: the arg that finds it again (weft_timeline_get_message())
 */
guint32
weft_timeline_add_message (WeftTimeline *self,
                           const char   *message)
{
  g_return_val_if_fail (self->run == NULL, 0);
  g_ptr_array_add (self->messages, g_strdup (message));
  return self->messages->len;
}

/**
 * weft_timeline_get_message:
 * @arg: a RAISE instant's arg
 *
 * What the thread said when it ended on an error: the run's message for
 * a recorded timeline (weft_run_get_message()), or one added by hand.
 *
 * Returns: (nullable): the message, or %NULL for none
 */
const char *
weft_timeline_get_message (WeftTimeline *self,
                           guint32       arg)
{
  if (self->run != NULL)
    return weft_run_get_message (self->run, arg);
  if (arg >= 1 && arg <= self->messages->len)
    return g_ptr_array_index (self->messages, arg - 1);
  return NULL;
}

/* How many nesting depths the lane has used (at least 1). */
guint
weft_timeline_get_lane_depth (WeftTimeline *self,
                              guint         lane)
{
  g_return_val_if_fail (lane < self->lanes->len, 1);
  return MAX (1, ((Lane *) g_ptr_array_index (self->lanes, lane))->n_depths);
}

const WeftSpan *
weft_timeline_get_spans (WeftTimeline *self,
                         guint         lane,
                         guint         depth,
                         guint        *n_spans)
{
  Lane *l;

  g_return_val_if_fail (lane < self->lanes->len, NULL);
  g_return_val_if_fail (depth < WEFT_TIMELINE_MAX_DEPTH, NULL);

  l = g_ptr_array_index (self->lanes, lane);
  *n_spans = l->spans[depth].len;
  return weft_vec_items (&l->spans[depth], const WeftSpan);
}

const WeftInstantRecord *
weft_timeline_get_instants (WeftTimeline *self,
                            guint         lane,
                            guint        *n_instants)
{
  Lane *l;

  g_return_val_if_fail (lane < self->lanes->len, NULL);

  l = g_ptr_array_index (self->lanes, lane);
  *n_instants = l->instants.len;
  return weft_vec_items (&l->instants, const WeftInstantRecord);
}

const WeftSample *
weft_timeline_get_samples (WeftTimeline *self,
                           guint16       object,
                           guint        *n_samples)
{
  Series *series;

  g_return_val_if_fail (object < self->series->len, NULL);

  series = g_ptr_array_index (self->series, object);
  *n_samples = series->samples.len;
  return weft_vec_items (&series->samples, const WeftSample);
}

/* The least and greatest value the object's counter has held. */
gboolean
weft_timeline_get_sample_range (WeftTimeline *self,
                                guint16       object,
                                gint64       *lowest,
                                gint64       *highest)
{
  Series *series;

  g_return_val_if_fail (object < self->series->len, FALSE);

  series = g_ptr_array_index (self->series, object);
  *lowest = series->lowest;
  *highest = series->highest;
  return series->samples.len > 0;
}

static gboolean
sample_at_or_before (gconstpointer item,
                     gconstpointer key)
{
  return ((const WeftSample *) item)->time_ns <= *(const gint64 *) key;
}

/**
 * weft_timeline_get_value_at:
 *
 * What the object's counter held at @time_ns: its last sample at or
 * before that moment.
 *
 * Returns: %FALSE before the first sample
 */
gboolean
weft_timeline_get_value_at (WeftTimeline *self,
                            guint16       object,
                            gint64        time_ns,
                            gint64       *value)
{
  Series *series;
  const WeftSample *samples;
  guint lo;

  g_return_val_if_fail (object < self->series->len, FALSE);

  series = g_ptr_array_index (self->series, object);
  samples = weft_vec_items (&series->samples, const WeftSample);
  lo = weft_lower_bound (samples, sizeof *samples, 0, series->samples.len, sample_at_or_before, &time_ns);
  if (lo == 0)
    return FALSE;
  *value = samples[lo - 1].value;
  return TRUE;
}

/* Which instants occur anywhere, as bits 1 << WeftInstant: the legend
 * shows only those. */
guint64
weft_timeline_get_instant_kinds (WeftTimeline *self)
{
  return self->instant_kinds;
}

static WeftSpan
open_span_at_depth (WeftTimeline *self,
                    Lane         *lane,
                    guint         depth)
{
  const OpenSpan *open = &lane->stack[depth];
  WeftSpan span = {
    .start_ns = open->start_ns,
    .end_ns = MAX (self->end_ns, open->start_ns),
    .value = open->value,
    .arg = open->arg,
    .line = open->line,
    .object = open->object,
    .state = open->state,
    .flags = WEFT_SPAN_OPEN,
  };
  return span;
}

/**
 * weft_timeline_get_held:
 * @span: (out): the `held` span, open, reaching to the trace's end
 *
 * Whether @lane's thread is held by Step mode now, as far as the trace
 * has come: its innermost open span is `held`.
 */
gboolean
weft_timeline_get_held (WeftTimeline *self,
                        guint         lane,
                        WeftSpan     *span)
{
  Lane *l;

  g_return_val_if_fail (lane < self->lanes->len, FALSE);
  l = g_ptr_array_index (self->lanes, lane);
  if (self->finished || l->depth == 0 || l->stack[l->depth - 1].state != WEFT_STATE_HELD)
    return FALSE;
  *span = open_span_at_depth (self, l, l->depth - 1);
  return TRUE;
}

/* The lane of @object (weft-object-track.h), or NULL for an object that
 * has none: a condition, a counter. */
WeftObjectTrack *
weft_timeline_get_object_track (WeftTimeline *self,
                                guint16       object)
{
  g_return_val_if_fail (object < self->tracks->len, NULL);
  return g_ptr_array_index (self->tracks, object);
}

WeftVec *
weft_timeline_get_span_array (WeftTimeline *self,
                              guint         lane,
                              guint         depth)
{
  g_return_val_if_fail (lane < self->lanes->len, NULL);
  g_return_val_if_fail (depth < WEFT_TIMELINE_MAX_DEPTH, NULL);
  return &((Lane *) g_ptr_array_index (self->lanes, lane))->spans[depth];
}

WeftVec *
weft_timeline_get_instant_array (WeftTimeline *self,
                                 guint         lane)
{
  g_return_val_if_fail (lane < self->lanes->len, NULL);
  return &((Lane *) g_ptr_array_index (self->lanes, lane))->instants;
}

WeftVec *
weft_timeline_get_sample_array (WeftTimeline *self,
                                guint16       object)
{
  g_return_val_if_fail (object < self->series->len, NULL);
  return &((Series *) g_ptr_array_index (self->series, object))->samples;
}

/* The start of the earliest span begun and not ended that @filter wants,
 * or G_MAXINT64: the check fold may not fold past it. */
gint64
weft_timeline_get_earliest_open (WeftTimeline         *self,
                                 const WeftFoldFilter *filter)
{
  gint64 earliest = G_MAXINT64;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);

      for (guint d = 0; d < lane->depth; d++)
        if (weft_fold_filter_wants_span (filter, d, lane->stack[d].state, lane->stack[d].object))
          earliest = MIN (earliest, lane->stack[d].start_ns);
    }
  return earliest;
}

/* The lowest index at which a sample of @object came in late, between
 * committed ones, since the last call; G_MAXUINT if none did. */
guint
weft_timeline_take_late_sample (WeftTimeline *self,
                                guint16       object)
{
  Series *series;
  guint at;

  g_return_val_if_fail (object < self->series->len, G_MAXUINT);
  series = g_ptr_array_index (self->series, object);
  at = series->late_at;
  series->late_at = G_MAXUINT;
  return at;
}

void
weft_timeline_query_spans (WeftTimeline *self,
                           guint         lane,
                           guint         depth,
                           gint64        t0,
                           gint64        t1,
                           gint64        ns_per_pixel,
                           WeftSpanFunc  func,
                           gpointer      user_data)
{
  Lane *l;

  g_return_if_fail (lane < self->lanes->len);
  g_return_if_fail (depth < WEFT_TIMELINE_MAX_DEPTH);

  l = g_ptr_array_index (self->lanes, lane);
  weft_span_lod_query (l->lods[depth], weft_vec_items (&l->spans[depth], const WeftSpan),
                       l->spans[depth].len, t0, t1, ns_per_pixel, func, user_data);
  if (l->depth > depth)
    {
      WeftSpan open = open_span_at_depth (self, l, depth);

      if (open.end_ns >= t0 && open.start_ns < t1)
        func (&open, user_data);
    }
}

static gboolean
instant_before (gconstpointer item,
                gconstpointer key)
{
  return ((const WeftInstantRecord *) item)->time_ns < *(const gint64 *) key;
}

static guint
first_instant_at_or_after (const WeftInstantRecord *items,
                           guint                    lo,
                           guint                    n,
                           gint64                   t)
{
  return weft_lower_bound (items, sizeof *items, lo, n, instant_before, &t);
}

/* The first instant at or after @t, looking forward from @lo, which is
 * where the last one was found: probes 1, 2, 4... items ahead, then
 * halves the last gap.  The next column's instant is a few items on, so
 * this reads a few neighbouring cache lines, where a search of the whole
 * rest of the array would jump across all of it. */
static guint
seek_instant (const WeftInstantRecord *items,
              guint                    lo,
              guint                    n,
              gint64                   t)
{
  guint ahead = 1;

  if (lo >= n || items[lo].time_ns >= t)
    return lo;
  /* items[lo + ahead / 2] is before t; the answer lies beyond it. */
  while (lo + ahead < n && items[lo + ahead].time_ns < t)
    ahead *= 2;
  return first_instant_at_or_after (items, lo + ahead / 2 + 1, MIN (lo + ahead, n), t);
}

/* At most one instant of each kind per pixel column: after a column,
 * the search jumps to the next, and wide columns read a level of detail
 * that keeps a few instants per column (one of each kind per stretch),
 * so the cost follows pixels, not instants.  Within a column, the first
 * few are looked at: the one that tells most (weft_instant_weight(), the
 * first of equals) is shown, and the first of each other kind. */
#define INSTANTS_WEIGHED_PER_COLUMN 24

/* One part of a query, [t0, t1), from one level's instants. */
static void
query_instants_in (const WeftInstantRecord *items,
                   guint                    n,
                   gint64                   t0,
                   gint64                   t1,
                   gint64                   ns_per_pixel,
                   WeftInstantFunc          func,
                   gpointer                 user_data)
{
  guint i = first_instant_at_or_after (items, 0, n, t0);

  while (i < n && items[i].time_ns < t1)
    {
      gint64 column_end = MIN (items[i].time_ns + MAX (ns_per_pixel, 1), t1);
      guint best = i, end = i + 1;
      guint64 kinds;

      for (; end < n && end < i + INSTANTS_WEIGHED_PER_COLUMN && items[end].time_ns < column_end; end++)
        if (weft_instant_weight (items[end].instant) > weft_instant_weight (items[best].instant))
          best = end;
      /* The heaviest, and a neighbour of every other kind with it (the
       * first of each), in time order: a write never hides the read
       * beside it. */
      kinds = G_GUINT64_CONSTANT (1) << (items[best].instant % 64);
      for (guint j = i; j < end; j++)
        if (j == best)
          func (&items[j], user_data);
        else if (!(kinds & (G_GUINT64_CONSTANT (1) << (items[j].instant % 64))))
          {
            kinds |= G_GUINT64_CONSTANT (1) << (items[j].instant % 64);
            func (&items[j], user_data);
          }
      if (ns_per_pixel > 1)
        i = seek_instant (items, i + 1, n, column_end);
      else
        i = end;
    }
}

void
weft_timeline_query_instants (WeftTimeline    *self,
                              guint            lane,
                              gint64           t0,
                              gint64           t1,
                              gint64           ns_per_pixel,
                              WeftInstantFunc  func,
                              gpointer         user_data)
{
  WeftInstantPart parts[WEFT_LOD_MAX_LEVELS + 1];
  Lane *l;
  guint n_parts;

  g_return_if_fail (lane < self->lanes->len);

  l = g_ptr_array_index (self->lanes, lane);
  n_parts = weft_instant_lod_plan (l->instant_lod, weft_vec_items (&l->instants, const WeftInstantRecord),
                                   l->instants.len, t0, t1, ns_per_pixel, parts);
  for (guint p = 0; p < n_parts; p++)
    query_instants_in (parts[p].items, parts[p].n_items, parts[p].from_ns, parts[p].to_ns,
                       ns_per_pixel, func, user_data);
}

void
weft_timeline_query_samples (WeftTimeline   *self,
                             guint16         object,
                             gint64          t0,
                             gint64          t1,
                             gint64          ns_per_pixel,
                             WeftBucketFunc  func,
                             gpointer        user_data)
{
  Series *series;

  g_return_if_fail (object < self->series->len);

  series = g_ptr_array_index (self->series, object);
  weft_sample_lod_query (series->lod, weft_vec_items (&series->samples, const WeftSample),
                         series->samples.len, t0, t1, ns_per_pixel, func, user_data);
}

static gboolean
span_ends_by (gconstpointer item,
              gconstpointer key)
{
  return ((const WeftSpan *) item)->end_ns <= *(const gint64 *) key;
}

static gboolean
find_span (const WeftSpan *spans,
           guint           n,
           gint64          t,
           gint64          slop,
           WeftSpan       *found)
{
  /* end + slop <= t, with slop moved across: times are far from the
   * ends of gint64. */
  gint64 ends_by = t - slop;
  guint lo = weft_lower_bound (spans, sizeof *spans, 0, n, span_ends_by, &ends_by);

  if (lo < n && spans[lo].start_ns - slop <= t)
    {
      *found = spans[lo];
      return TRUE;
    }
  return FALSE;
}

/**
 * weft_timeline_span_at:
 * @slop_ns: how far a span may lie from @time_ns and still be found, so
 *   that a span thinner than a pixel can be hovered
 *
 * Finds the innermost span of @lane at @time_ns, for tooltips.
 */
gboolean
weft_timeline_span_at (WeftTimeline *self,
                       guint         lane,
                       gint64        time_ns,
                       gint64        slop_ns,
                       WeftSpan     *span)
{
  Lane *l;

  g_return_val_if_fail (lane < self->lanes->len, FALSE);

  l = g_ptr_array_index (self->lanes, lane);
  for (guint d = MAX (l->n_depths, l->depth); d-- > 0;)
    {
      if (d < l->depth)
        {
          WeftSpan open = open_span_at_depth (self, l, d);

          /* Open spans reach up to now, inclusive: they have not ended. */
          if (open.start_ns - slop_ns <= time_ns && time_ns <= open.end_ns + slop_ns)
            {
              *span = open;
              return TRUE;
            }
        }
      if (find_span (weft_vec_items (&l->spans[d], const WeftSpan), l->spans[d].len,
                     time_ns, slop_ns, span))
        return TRUE;
    }
  return FALSE;
}

/**
 * weft_timeline_get_deadlock:
 * @n_edges: (out): how many threads the cycle goes through
 * @time_ns: (out) (optional): when it was known to hold, on the trace's
 *   clock: every edge's wait and hold were open then
 *
 * The deadlock found in the trace: each thread waits for a lock held by
 * the next, and the last by the first.
 *
 * Returns: (nullable): the cycle, or %NULL when there was none
 */
const WeftWaitEdge *
weft_timeline_get_deadlock (WeftTimeline *self,
                            guint        *n_edges,
                            gint64       *time_ns)
{
  if (time_ns != NULL)
    *time_ns = weft_waitfor_get_cycle_time (self->waitfor);
  return weft_waitfor_get_cycle (self->waitfor, n_edges);
}

/* "philosopher-1 waits for fork-2, held by philosopher-2; …", translated;
 * NULL when there was no deadlock. */
char *
weft_timeline_describe_deadlock (WeftTimeline *self)
{
  const WeftWaitEdge *edges;
  GString *text;
  guint n;

  edges = weft_timeline_get_deadlock (self, &n, NULL);
  if (edges == NULL)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (text, _("; "));
      if (edges[i].holder == edges[i].lane)
        g_string_append_printf (text, _("%s waits for %s, which it holds itself"),
                                weft_format_lane_name (self, edges[i].lane),
                                weft_timeline_get_object_name (self, edges[i].object));
      else
        g_string_append_printf (text, _("%s waits for %s, held by %s"),
                                weft_format_lane_name (self, edges[i].lane),
                                weft_timeline_get_object_name (self, edges[i].object),
                                weft_format_lane_name (self, edges[i].holder));
    }
  return g_string_free (text, FALSE);
}

/* "philosopher-1 → fork-2 → philosopher-2 → … → philosopher-1", with the
 * names untranslated, for scripts; NULL when there was no deadlock. */
char *
weft_timeline_dup_deadlock_path (WeftTimeline *self)
{
  const WeftWaitEdge *edges;
  GString *text;
  guint n;

  edges = weft_timeline_get_deadlock (self, &n, NULL);
  if (edges == NULL)
    return NULL;
  text = g_string_new (weft_timeline_get_lane_name (self, edges[0].lane));
  for (guint i = 0; i < n; i++)
    g_string_append_printf (text, " → %s → %s", weft_timeline_get_object_name (self, edges[i].object),
                            weft_timeline_get_lane_name (self, edges[i].holder));
  return g_string_free (text, FALSE);
}

/* The reason to stop the run with, once, when a deadlock was just found
 * (for the collector, which stops it without holding the lock), and in
 * *@recorded, the same in English for the trace. */
char *
weft_timeline_take_deadlock_stop (WeftTimeline  *self,
                                  char         **recorded)
{
  *recorded = g_steal_pointer (&self->deadlock_stop_recorded);
  return g_steal_pointer (&self->deadlock_stop);
}

static gboolean
arrow_before (gconstpointer item,
              gconstpointer key)
{
  return ((const WeftArrow *) item)->to_ns < *(const gint64 *) key;
}

/* The first arrow into the lane ending at or after @t. */
static guint
first_arrow_at_or_after (const WeftVec *arrows,
                         gint64         t)
{
  return weft_lower_bound (weft_vec_items (arrows, const WeftArrow), sizeof (WeftArrow),
                           0, arrows->len, arrow_before, &t);
}

/* Every arrow into @lane still held in detail, by to_ns. */
const WeftArrow *
weft_timeline_get_arrows (WeftTimeline *self,
                          guint         lane,
                          guint        *n_arrows)
{
  Lane *l;

  g_return_val_if_fail (lane < self->lanes->len, NULL);

  l = g_ptr_array_index (self->lanes, lane);
  *n_arrows = l->arrows.len;
  return weft_vec_items (&l->arrows, const WeftArrow);
}

/* How many hand-offs the timeline has taken in. */
guint64
weft_timeline_get_n_arrows (WeftTimeline *self)
{
  return self->n_arrows;
}

/* How many arrows end in [t0, t1), counting no further than @limit:
 * two binary searches a lane, so the chart can ask before it draws. */
guint
weft_timeline_count_arrows (WeftTimeline *self,
                            gint64        t0,
                            gint64        t1,
                            guint         limit)
{
  guint n = 0;

  for (guint i = 0; i < self->lanes->len && n < limit; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);

      n += first_arrow_at_or_after (&lane->arrows, t1) - first_arrow_at_or_after (&lane->arrows, t0);
    }
  return MIN (n, limit);
}

/**
 * weft_timeline_query_arrows:
 *
 * Calls @func for every arrow that crosses [t0, t1): ending in it, or
 * starting before t1 and ending after (no arrow is longer than the
 * longest seen, which bounds the search), lane by lane, by to_ns.
 */
void
weft_timeline_query_arrows (WeftTimeline  *self,
                            gint64         t0,
                            gint64         t1,
                            WeftArrowFunc  func,
                            gpointer       user_data)
{
  gint64 last_end = t1 > G_MAXINT64 - self->longest_arrow_ns ? G_MAXINT64 : t1 + self->longest_arrow_ns;

  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);
      const WeftArrow *arrows = weft_vec_items (&lane->arrows, const WeftArrow);

      for (guint a = first_arrow_at_or_after (&lane->arrows, t0);
           a < lane->arrows.len && arrows[a].to_ns <= last_end; a++)
        if (arrows[a].from_ns < t1)
          func (&arrows[a], user_data);
    }
}

/**
 * weft_timeline_query_arrow_folds:
 * @ns_per_column: how close in time arrows' ends must be to fold
 *
 * Calls @func for the arrows ending in [t0, t1), folded: those into one
 * lane from one lane, of one kind, ending in the same column (columns
 * are whole multiples of @ns_per_column, so they stay put as the view
 * pans) come as one, with their count and the latest of them.  Every
 * arrow in the range is counted once, and the cost follows the columns
 * that hold arrows, not the arrows (weft-arrow-fold.c).  Arrows that end
 * after t1 but start before it are given one by one, up to a few a lane.
 */
void
weft_timeline_query_arrow_folds (WeftTimeline      *self,
                                 gint64             t0,
                                 gint64             t1,
                                 gint64             ns_per_column,
                                 WeftArrowFoldFunc  func,
                                 gpointer           user_data)
{
  gint64 last_end = t1 > G_MAXINT64 - self->longest_arrow_ns ? G_MAXINT64 : t1 + self->longest_arrow_ns;

  ns_per_column = MAX (1, ns_per_column);
  for (guint i = 0; i < self->lanes->len; i++)
    {
      Lane *lane = g_ptr_array_index (self->lanes, i);
      const WeftArrow *arrows = weft_vec_items (&lane->arrows, const WeftArrow);
      /* Searched through the index, which touches a few cache lines
       * where a search of the arrows misses on nearly every probe. */
      guint a = weft_arrow_index_find (lane->arrow_index, arrows, lane->arrows.len, 0, t0);
      guint beyond = 0;

      while (a < lane->arrows.len && arrows[a].to_ns < t1)
        {
          gint64 column = arrows[a].to_ns / ns_per_column;
          gint64 column_end = column < G_MAXINT64 / ns_per_column - 1 ? (column + 1) * ns_per_column : G_MAXINT64;
          guint b = weft_arrow_index_find (lane->arrow_index, arrows, lane->arrows.len, a + 1, MIN (column_end, t1));

          weft_arrow_index_fold (lane->arrow_index, arrows, a, b, func, user_data);
          a = b;
        }
      /* Off the right edge: only the line coming in shows. */
      for (; a < lane->arrows.len && arrows[a].to_ns <= last_end && beyond < 64; a++)
        if (arrows[a].from_ns < t1)
          {
            WeftArrowFold fold = { arrows[a], 1 };

            func (&fold, user_data);
            beyond++;
          }
    }
}
