/* weft-object-track.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are given out as the events come, in time order: a holder takes
 * the lowest permit row free and keeps it until it lets go; a barrier's
 * arrivals keep the row they came to; an item sits in the slot its
 * producer names (the `arg` of its produce and consume, 1-based), from
 * its produce to its consume.
 *
 * The queue is kept as how long it was: a waiter who joins fills the
 * row below the last one in use, and whoever leaves, the last row in
 * use empties.  Who stood where is not kept here: when someone leaves,
 * everyone behind moves up, and storing that costs a span per waiter
 * behind, per wait.  The lanes' own waiting spans tell it for any moment
 * (weft-queue-rows.c), so these rows are anonymous (WEFT_SPAN_MERGED,
 * one each) and serve the views zoomed too far out to name anyone.
 *
 * Events of one lane come in the order stamped, lanes' in any order
 * (weft-check-fold.c says why), so they wait in `pending` until the
 * timeline's frontier passes them.  At one moment, a lane that lets go
 * is folded before one that takes: a release and the acquire it allowed
 * may bear the same stamp, and a lock must not show two holders.
 */

#include "weft-object-track.h"

#include "weft-search.h"
#include "weft-vec.h"

typedef struct
{
  WeftVec spans;            /* WeftSpan, closed, sorted, disjoint */
  WeftSpanLod *lod;
  gboolean open;
  WeftSpan current;         /* the occupant now, while open */
} Row;

typedef struct
{
  gint32 holder_row;        /* -1: holds nothing */
  guint32 depth;            /* a reentrant lock's levels */
  gint32 arrival_row;       /* a barrier's, -1: none */
} LaneState;

struct _WeftObjectTrack
{
  guint16 object;
  WeftObjectKind kind;
  gint64 limit;
  GPtrArray *rows[WEFT_N_OBJECT_ROWS];   /* Row */
  GArray *lanes;                         /* LaneState, by lane */
  GArray *queue;                         /* guint32 lanes, first in line first */
  WeftVec pending;                       /* WeftEvent, not folded yet */
  gint64 known_until;
};

static void
row_free (gpointer data)
{
  Row *row = data;

  weft_vec_clear (&row->spans);
  weft_span_lod_free (row->lod);
  g_free (row);
}

static Row *
get_row (WeftObjectTrack   *self,
         WeftObjectRowKind  kind,
         guint              index)
{
  GPtrArray *rows = self->rows[kind];

  while (rows->len <= index)
    {
      Row *row = g_new0 (Row, 1);

      weft_vec_init (&row->spans, sizeof (WeftSpan));
      row->lod = weft_span_lod_new ();
      g_ptr_array_add (rows, row);
    }
  return g_ptr_array_index (rows, index);
}

WeftObjectTrack *
weft_object_track_new (guint16         object,
                       WeftObjectKind  kind,
                       gint64          limit)
{
  WeftObjectTrack *self = g_new0 (WeftObjectTrack, 1);

  self->object = object;
  self->kind = kind;
  self->limit = limit;
  for (guint k = 0; k < WEFT_N_OBJECT_ROWS; k++)
    self->rows[k] = g_ptr_array_new_with_free_func (row_free);
  self->lanes = g_array_new (FALSE, FALSE, sizeof (LaneState));
  self->queue = g_array_new (FALSE, FALSE, sizeof (guint32));
  weft_vec_init (&self->pending, sizeof (WeftEvent));
  self->known_until = G_MININT64;

  /* A guard's permits are all there from the start: its rows are too. */
  if (kind == WEFT_OBJECT_SEMAPHORE && limit > 0)
    get_row (self, WEFT_OBJECT_ROW_HOLDER, MIN (limit, 1024) - 1);
  else if (kind == WEFT_OBJECT_MUTEX)
    get_row (self, WEFT_OBJECT_ROW_HOLDER, 0);
  return self;
}

void
weft_object_track_free (WeftObjectTrack *self)
{
  if (self == NULL)
    return;
  for (guint k = 0; k < WEFT_N_OBJECT_ROWS; k++)
    g_ptr_array_unref (self->rows[k]);
  g_array_unref (self->lanes);
  g_array_unref (self->queue);
  weft_vec_clear (&self->pending);
  g_free (self);
}

static LaneState *
lane_state (WeftObjectTrack *self,
            guint32          lane)
{
  while (self->lanes->len <= lane)
    {
      LaneState fresh = { -1, 0, -1 };

      g_array_append_val (self->lanes, fresh);
    }
  return &g_array_index (self->lanes, LaneState, lane);
}

static void
open_row (WeftObjectTrack *self,
          Row             *row,
          gint64           start_ns,
          gint64           value,
          guint32          arg,
          WeftState        state)
{
  row->open = TRUE;
  row->current = (WeftSpan) {
    .start_ns = start_ns,
    .end_ns = start_ns,
    .value = value,
    /* Only tells a row's neighbouring runs apart (an arrival's number,
     * a phase): its low 16 bits do that. */
    .arg = (guint16) (arg & G_MAXUINT16),
    .object = self->object,
    .state = state,
  };
}

static void
close_row (Row    *row,
           gint64  end_ns,
           guint8  flags)
{
  if (!row->open)
    return;
  row->current.end_ns = MAX (end_ns, row->current.start_ns);
  row->current.flags |= flags;
  weft_vec_append (&row->spans, &row->current);
  row->open = FALSE;
}

static guint
first_free_row (WeftObjectTrack   *self,
                WeftObjectRowKind  kind)
{
  guint i = 0;

  while (i < self->rows[kind]->len && ((Row *) g_ptr_array_index (self->rows[kind], i))->open)
    i++;
  return i;
}

static void
hold (WeftObjectTrack *self,
      guint32          lane,
      gint64           time_ns)
{
  LaneState *state = lane_state (self, lane);
  guint index;

  /* A reentrant lock taken again by its holder: still one holder. */
  if (state->depth++ > 0)
    return;
  index = first_free_row (self, WEFT_OBJECT_ROW_HOLDER);
  open_row (self, get_row (self, WEFT_OBJECT_ROW_HOLDER, index), time_ns, lane, 0, WEFT_STATE_CRITICAL);
  state->holder_row = index;
}

static void
let_go_hold (WeftObjectTrack *self,
             guint32          lane,
             gint64           time_ns,
             guint8           flags)
{
  LaneState *state = lane_state (self, lane);

  /* An end whose beginning fell in a gap: nothing is known to close. */
  if (state->depth == 0 || (flags == 0 && --state->depth > 0))
    return;
  state->depth = 0;
  close_row (get_row (self, WEFT_OBJECT_ROW_HOLDER, state->holder_row), time_ns, flags);
  state->holder_row = -1;
}

static void
join_queue (WeftObjectTrack *self,
            guint32          lane,
            gint64           time_ns)
{
  Row *row;

  for (guint i = 0; i < self->queue->len; i++)
    if (g_array_index (self->queue, guint32, i) == lane)
      return;
  g_array_append_val (self->queue, lane);
  row = get_row (self, WEFT_OBJECT_ROW_QUEUE, self->queue->len - 1);
  /* Counts one occupant, as a summary does, and names none. */
  open_row (self, row, time_ns, 1, 0, WEFT_STATE_WAITING);
  row->current.flags = WEFT_SPAN_MERGED;
}

static void
leave_queue (WeftObjectTrack *self,
             guint32          lane,
             gint64           time_ns,
             guint8           flags)
{
  guint at = 0;

  while (at < self->queue->len && g_array_index (self->queue, guint32, at) != lane)
    at++;
  if (at == self->queue->len)
    return;
  g_array_remove_index (self->queue, at);
  /* The line is one shorter: its last row empties, whoever left. */
  close_row (get_row (self, WEFT_OBJECT_ROW_QUEUE, self->queue->len), time_ns, flags);
}

static void
arrive (WeftObjectTrack *self,
        guint32          lane,
        gint64           time_ns,
        gint64           phase)
{
  LaneState *state = lane_state (self, lane);
  guint index;

  if (state->arrival_row >= 0)
    return;
  index = first_free_row (self, WEFT_OBJECT_ROW_ARRIVAL);
  open_row (self, get_row (self, WEFT_OBJECT_ROW_ARRIVAL, index), time_ns, lane, (guint32) phase,
            WEFT_STATE_WAITING);
  state->arrival_row = index;
}

static void
depart (WeftObjectTrack *self,
        guint32          lane,
        gint64           time_ns,
        guint8           flags)
{
  LaneState *state = lane_state (self, lane);

  if (state->arrival_row < 0)
    return;
  close_row (get_row (self, WEFT_OBJECT_ROW_ARRIVAL, state->arrival_row), time_ns, flags);
  state->arrival_row = -1;
}

static void
fold_one (WeftObjectTrack *self,
          const WeftEvent *ev)
{
  gboolean begin = ev->kind == WEFT_EVENT_BEGIN;

  switch (ev->kind)
    {
    case WEFT_EVENT_BEGIN:
    case WEFT_EVENT_END:
      if (self->kind == WEFT_OBJECT_BARRIER && ev->code == WEFT_STATE_WAITING)
        {
          if (begin)
            arrive (self, ev->lane, ev->time_ns, ev->value);
          else
            depart (self, ev->lane, ev->time_ns, 0);
        }
      else if (ev->code == WEFT_STATE_WAITING)
        {
          if (begin)
            join_queue (self, ev->lane, ev->time_ns);
          else
            leave_queue (self, ev->lane, ev->time_ns, 0);
        }
      else if (ev->code == WEFT_STATE_CRITICAL && self->kind != WEFT_OBJECT_BARRIER)
        {
          if (begin)
            hold (self, ev->lane, ev->time_ns);
          else
            let_go_hold (self, ev->lane, ev->time_ns, 0);
        }
      break;

    case WEFT_EVENT_INSTANT:
      if (ev->arg >= 1 && ev->arg <= 65536)
        {
          Row *slot = get_row (self, WEFT_OBJECT_ROW_SLOT, ev->arg - 1);

          /* An item put where one still sat, or taken from where another
           * did: the checks say so; the slot shows what was done. */
          close_row (slot, ev->time_ns, 0);
          if (ev->code == WEFT_INSTANT_PRODUCE)
            open_row (self, slot, ev->time_ns, ev->value, ev->lane + 1, WEFT_STATE_CRITICAL);
        }
      break;

    case WEFT_EVENT_GAP:
      /* Whatever the lane held or waited for may have ended in the gap. */
      if (ev->lane < self->lanes->len)
        {
          let_go_hold (self, ev->lane, ev->time_ns, WEFT_SPAN_LOST);
          depart (self, ev->lane, ev->time_ns, WEFT_SPAN_LOST);
        }
      leave_queue (self, ev->lane, ev->time_ns, WEFT_SPAN_LOST);
      break;

    default:
      break;
    }
}

/* Whether @ev lets go of something: at one moment these come first. */
static gboolean
lets_go (const WeftEvent *ev)
{
  return ev->kind == WEFT_EVENT_END || ev->kind == WEFT_EVENT_GAP ||
         (ev->kind == WEFT_EVENT_INSTANT && ev->code == WEFT_INSTANT_CONSUME);
}

void
weft_object_track_add_event (WeftObjectTrack *self,
                             const WeftEvent *event)
{
  weft_vec_append (&self->pending, event);
}

static int
compare_events (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const WeftEvent *x = a, *y = b;

  if (x->time_ns != y->time_ns)
    return (x->time_ns > y->time_ns) - (x->time_ns < y->time_ns);
  return (x->lane > y->lane) - (x->lane < y->lane);
}

static void
update_summaries (WeftObjectTrack *self)
{
  for (guint k = 0; k < WEFT_N_OBJECT_ROWS; k++)
    for (guint i = 0; i < self->rows[k]->len; i++)
      {
        Row *row = g_ptr_array_index (self->rows[k], i);

        weft_span_lod_update (row->lod, weft_vec_items (&row->spans, const WeftSpan), row->spans.len);
        /* The queue's raw rows would only ever be read zoomed in, where
         * the lanes name its waiters instead. */
        if (k == WEFT_OBJECT_ROW_QUEUE)
          weft_span_lod_let_go_summarised (row->lod, &row->spans);
      }
}

/**
 * weft_object_track_fold:
 * @horizon: nothing stamped before it can still arrive
 *
 * Folds in, in time order, every pending event stamped before @horizon.
 */
void
weft_object_track_fold (WeftObjectTrack *self,
                        gint64           horizon)
{
  const WeftEvent *events;
  guint n_ready = 0;

  if (self->pending.len > 0)
    {
      /* Stable: one lane's events at one moment keep their order. */
      g_qsort_with_data (self->pending.data, self->pending.len, sizeof (WeftEvent), compare_events, NULL);
      events = weft_vec_items (&self->pending, const WeftEvent);
      while (n_ready < self->pending.len && events[n_ready].time_ns < horizon)
        n_ready++;

      for (guint i = 0; i < n_ready;)
        {
          guint end = i;

          while (end < n_ready && events[end].time_ns == events[i].time_ns)
            end++;
          /* Lanes whose first event at this moment lets go, then the rest,
           * each lane's events in their order. */
          for (guint pass = 0; pass < 2; pass++)
            for (guint a = i; a < end;)
              {
                guint b = a;

                while (b < end && events[b].lane == events[a].lane)
                  b++;
                if (lets_go (&events[a]) == (pass == 0))
                  for (guint e = a; e < b; e++)
                    fold_one (self, &events[e]);
                a = b;
              }
          i = end;
        }
      weft_vec_remove_front (&self->pending, n_ready);
      weft_vec_shrink_if_sparse (&self->pending);
    }
  if (horizon != G_MAXINT64)
    self->known_until = MAX (self->known_until, horizon);
  update_summaries (self);
}

/* The run is over: everything pending is folded, and what is still held
 * or awaited is cut at @end_ns. */
void
weft_object_track_finish (WeftObjectTrack *self,
                          gint64           end_ns)
{
  weft_object_track_fold (self, G_MAXINT64);
  weft_vec_clear (&self->pending);
  for (guint k = 0; k < WEFT_N_OBJECT_ROWS; k++)
    for (guint i = 0; i < self->rows[k]->len; i++)
      close_row (g_ptr_array_index (self->rows[k], i), end_ns, WEFT_SPAN_CUT);
  g_array_set_size (self->queue, 0);
  for (guint l = 0; l < self->lanes->len; l++)
    g_array_index (self->lanes, LaneState, l) = (LaneState) { -1, 0, -1 };
  self->known_until = MAX (self->known_until, end_ns);
  update_summaries (self);
}

gsize
weft_object_track_get_memory (WeftObjectTrack *self)
{
  gsize bytes = sizeof *self + weft_vec_get_memory (&self->pending);

  for (guint k = 0; k < WEFT_N_OBJECT_ROWS; k++)
    for (guint i = 0; i < self->rows[k]->len; i++)
      {
        Row *row = g_ptr_array_index (self->rows[k], i);

        bytes += sizeof *row + weft_vec_get_memory (&row->spans) + weft_span_lod_get_memory (row->lod);
      }
  return bytes;
}

/* The part of weft_object_track_get_memory() still waiting to be folded. */
gsize
weft_object_track_get_pending_memory (WeftObjectTrack *self)
{
  return weft_vec_get_memory (&self->pending);
}

gsize
weft_object_track_memory_after (WeftObjectTrack *self,
                                gint64           cut_ns,
                                gint64           end_ns)
{
  gsize bytes = sizeof *self + weft_vec_get_memory (&self->pending);

  for (guint k = 0; k < WEFT_N_OBJECT_ROWS; k++)
    for (guint i = 0; i < self->rows[k]->len; i++)
      {
        Row *row = g_ptr_array_index (self->rows[k], i);

        bytes += sizeof *row + weft_span_lod_memory_after (row->lod, &row->spans, cut_ns, end_ns);
      }
  return bytes;
}

/* As the lanes' spans do: raw occupants that ended by @cut_ns go, the
 * summary keeps their time. */
void
weft_object_track_let_go (WeftObjectTrack *self,
                          gint64           cut_ns,
                          gint64           end_ns)
{
  for (guint k = 0; k < WEFT_N_OBJECT_ROWS; k++)
    for (guint i = 0; i < self->rows[k]->len; i++)
      {
        Row *row = g_ptr_array_index (self->rows[k], i);

        weft_span_lod_let_go (row->lod, &row->spans, cut_ns, end_ns);
      }
}

WeftObjectKind
weft_object_track_get_kind (WeftObjectTrack *self)
{
  return self->kind;
}

/* How many rows of @kind were ever used (for permits: all of them). */
guint
weft_object_track_get_n_rows (WeftObjectTrack   *self,
                              WeftObjectRowKind  kind)
{
  g_return_val_if_fail (kind < WEFT_N_OBJECT_ROWS, 0);
  return self->rows[kind]->len;
}

/* Up to when the rows are known: G_MININT64 before anything was. */
gint64
weft_object_track_get_known_until (WeftObjectTrack *self)
{
  return self->known_until;
}

/**
 * weft_object_track_query:
 *
 * Calls @func, in time order, for each occupant of the row that overlaps
 * [t0, t1), at the detail that suits @ns_per_pixel: merged items
 * (WEFT_SPAN_MERGED) say only that the row was in use, not by whom.  An
 * occupant still there is given up to get_known_until(), marked open.
 */
void
weft_object_track_query (WeftObjectTrack   *self,
                         WeftObjectRowKind  kind,
                         guint              row,
                         gint64             t0,
                         gint64             t1,
                         gint64             ns_per_pixel,
                         WeftSpanFunc       func,
                         gpointer           user_data)
{
  Row *r;

  g_return_if_fail (kind < WEFT_N_OBJECT_ROWS);
  if (row >= self->rows[kind]->len)
    return;
  r = g_ptr_array_index (self->rows[kind], row);
  weft_span_lod_query (r->lod, weft_vec_items (&r->spans, const WeftSpan), r->spans.len,
                       t0, t1, ns_per_pixel, func, user_data);
  if (r->open && self->known_until > r->current.start_ns)
    {
      WeftSpan open = r->current;

      open.end_ns = self->known_until;
      open.flags |= WEFT_SPAN_OPEN;
      if (open.end_ns > t0 && open.start_ns < t1)
        func (&open, user_data);
    }
}

static gboolean
ends_by (gconstpointer item,
         gconstpointer key)
{
  return ((const WeftSpan *) item)->end_ns <= *(const gint64 *) key;
}

/* Who sat in the row at @time_ns, from the detail kept: FALSE when no
 * one did, or when that is not known (before the detail kept). */
gboolean
weft_object_track_occupant_at (WeftObjectTrack   *self,
                               WeftObjectRowKind  kind,
                               guint              row,
                               gint64             time_ns,
                               WeftSpan          *occupant)
{
  const WeftSpan *spans;
  Row *r;
  guint i;

  g_return_val_if_fail (kind < WEFT_N_OBJECT_ROWS, FALSE);
  if (row >= self->rows[kind]->len)
    return FALSE;
  r = g_ptr_array_index (self->rows[kind], row);
  spans = weft_vec_items (&r->spans, const WeftSpan);
  i = weft_lower_bound (spans, sizeof *spans, 0, r->spans.len, ends_by, &time_ns);
  if (i < r->spans.len && spans[i].start_ns <= time_ns)
    {
      *occupant = spans[i];
      return TRUE;
    }
  if (r->open && r->current.start_ns <= time_ns && time_ns < self->known_until)
    {
      *occupant = r->current;
      occupant->end_ns = self->known_until;
      occupant->flags |= WEFT_SPAN_OPEN;
      return TRUE;
    }
  return FALSE;
}

/* The row's closed occupants kept, for the checks and tests. */
const WeftSpan *
weft_object_track_get_occupants (WeftObjectTrack   *self,
                                 WeftObjectRowKind  kind,
                                 guint              row,
                                 guint             *n_occupants)
{
  Row *r;

  g_return_val_if_fail (kind < WEFT_N_OBJECT_ROWS, NULL);
  *n_occupants = 0;
  if (row >= self->rows[kind]->len)
    return NULL;
  r = g_ptr_array_index (self->rows[kind], row);
  *n_occupants = r->spans.len;
  return weft_vec_items (&r->spans, const WeftSpan);
}
