/* weft-queue-rows.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The line is rebuilt as the track built it (weft-object-track.c): in
 * time order, a waiter joins at the end, and at one moment those who
 * leave go before those who come, so that the rows agree with the
 * track's count of them.  Waiters who came at one moment line up by
 * lane, as the track folds them.
 */

#include "weft-queue-rows.h"

#include "weft-object-track.h"
#include "weft-search.h"

/* More spans than this per pixel column, all lanes together, and the
 * stretch is given anonymous: so many could not be told apart on
 * screen, and the work stays per pixel, not per wait, at any zoom.
 * At 8, bench-render's 10k-span frame named its 3,300 waits at fit-all
 * and took 5.9-7.9 ms p95 against 3.8-4.8 ms at 4. */
#define SPANS_PER_COLUMN 4
#define MIN_SPAN_BUDGET 4096

struct _WeftQueueRows
{
  GPtrArray *rows;          /* GArray of WeftSpan, one per row */
};

typedef struct
{
  gint64 start_ns;
  gint64 end_ns;
  guint32 lane;
  guint16 line;
  guint8 flags;
} Wait;

typedef struct
{
  gint64 time_ns;
  guint wait;               /* index into the sorted waits */
  gboolean leaves;
} Change;

typedef struct
{
  GArray *waits;
  guint32 lane;
  guint16 object;
  gint64 known;
} Gather;

static GArray *
row_array (WeftQueueRows *self,
           guint          row)
{
  while (self->rows->len <= row)
    g_ptr_array_add (self->rows, g_array_new (FALSE, FALSE, sizeof (WeftSpan)));
  return g_ptr_array_index (self->rows, row);
}

static gboolean
ends_by (gconstpointer item,
         gconstpointer key)
{
  return ((const WeftSpan *) item)->end_ns <= *(const gint64 *) key;
}

static gboolean
starts_before (gconstpointer item,
               gconstpointer key)
{
  return ((const WeftSpan *) item)->start_ns < *(const gint64 *) key;
}

/* Whether the lanes hold at most @budget spans over [t0, t1). */
static gboolean
few_enough (WeftTimeline *timeline,
            gint64        t0,
            gint64        t1,
            guint64       budget)
{
  guint64 count = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint d = 0; d < weft_timeline_get_lane_depth (timeline, lane); d++)
      {
        guint n;
        const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, d, &n);
        guint from = weft_lower_bound (spans, sizeof *spans, 0, n, ends_by, &t0);
        guint to = weft_lower_bound (spans, sizeof *spans, from, n, starts_before, &t1);

        count += to - from;
        if (count > budget)
          return FALSE;
      }
  return TRUE;
}

static void
gather_wait (const WeftSpan *span,
             gpointer        user_data)
{
  Gather *gather = user_data;
  Wait wait;

  /* A summary of old time names no one; the time it stood for is
   * before the stretch asked, which starts where detail is whole. */
  if (span->state != WEFT_STATE_WAITING || span->object != gather->object ||
      (span->flags & WEFT_SPAN_MERGED) || span->start_ns >= gather->known || span->end_ns <= span->start_ns)
    return;
  wait = (Wait) { span->start_ns, span->end_ns, gather->lane, span->line, span->flags };
  /* Past what the track has folded nothing is shown, as on its rows. */
  if (wait.end_ns >= gather->known || (wait.flags & WEFT_SPAN_OPEN))
    {
      wait.end_ns = MIN (wait.end_ns, gather->known);
      wait.flags = WEFT_SPAN_OPEN;
    }
  g_array_append_val (gather->waits, wait);
}

static int
compare_waits (gconstpointer a,
               gconstpointer b)
{
  const Wait *x = a, *y = b;

  if (x->start_ns != y->start_ns)
    return (x->start_ns > y->start_ns) - (x->start_ns < y->start_ns);
  return (x->lane > y->lane) - (x->lane < y->lane);
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b)
{
  const Change *x = a, *y = b;

  if (x->time_ns != y->time_ns)
    return (x->time_ns > y->time_ns) - (x->time_ns < y->time_ns);
  if (x->leaves != y->leaves)
    return x->leaves ? -1 : 1;
  return (x->wait > y->wait) - (x->wait < y->wait);
}

typedef struct
{
  WeftQueueRows *self;
  const Wait *waits;
  guint16 object;
  GArray *line;             /* guint: waits in line, first first */
  GArray *occupant;         /* guint per row: whose segment is open */
  GArray *since;            /* gint64 per row: since when */
} Sweep;

static void
close_segment (Sweep  *sweep,
               guint   row,
               gint64  end_ns,
               gboolean left)
{
  guint index = g_array_index (sweep->occupant, guint, row);
  const Wait *wait = &sweep->waits[index];
  WeftSpan span = {
    .start_ns = g_array_index (sweep->since, gint64, row),
    .end_ns = end_ns,
    .value = wait->lane,
    /* Tells one wait's run in a row from the next one's of that lane. */
    .arg = (guint16) (index + 1),
    .line = wait->line,
    .object = sweep->object,
    .state = WEFT_STATE_WAITING,
    /* A wait that ended lost or cut ends so here; one that moved on to
     * the row above did not end. */
    .flags = left ? wait->flags : (wait->flags & WEFT_SPAN_OPEN),
  };

  g_array_append_val (row_array (sweep->self, row), span);
}

/* Rows from @first on take whoever is now at their place in line. */
static void
settle_rows (Sweep  *sweep,
             guint   first,
             guint   old_len,
             gint64  time_ns,
             GArray *left)
{
  guint new_len = sweep->line->len;

  for (guint r = first; r < MAX (old_len, new_len); r++)
    {
      guint now = r < new_len ? g_array_index (sweep->line, guint, r) : G_MAXUINT;

      if (r < old_len)
        {
          guint before = g_array_index (sweep->occupant, guint, r);
          gboolean gone = FALSE;

          if (before == now)
            continue;
          for (guint i = 0; i < left->len; i++)
            gone |= g_array_index (left, guint, i) == before;
          close_segment (sweep, r, time_ns, gone);
        }
      if (r < new_len)
        {
          if (sweep->occupant->len <= r)
            {
              g_array_set_size (sweep->occupant, r + 1);
              g_array_set_size (sweep->since, r + 1);
            }
          g_array_index (sweep->occupant, guint, r) = now;
          g_array_index (sweep->since, gint64, r) = time_ns;
        }
    }
}

/* Who stood where over [t0, t1), from the lanes' waits. */
static void
name_rows (WeftQueueRows *self,
           WeftTimeline  *timeline,
           guint16        object,
           gint64         t0,
           gint64         t1,
           gint64         known)
{
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (Wait));
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(GArray) left = g_array_new (FALSE, FALSE, sizeof (guint));
  Sweep sweep = { self, NULL, object, NULL, NULL, NULL };
  Gather gather = { waits, 0, object, known };

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    for (guint d = 0; d < weft_timeline_get_lane_depth (timeline, lane); d++)
      {
        gather.lane = lane;
        /* At 0 ns a pixel: the raw spans, never a summary of them. */
        weft_timeline_query_spans (timeline, lane, d, t0, t1, 0, gather_wait, &gather);
      }
  if (waits->len == 0)
    return;
  g_array_sort (waits, compare_waits);
  sweep.waits = (const Wait *) (gconstpointer) waits->data;

  for (guint i = 0; i < waits->len; i++)
    {
      const Wait *wait = &sweep.waits[i];
      Change join = { MAX (wait->start_ns, t0), i, FALSE };

      g_array_append_val (changes, join);
      if (!(wait->flags & WEFT_SPAN_OPEN) && wait->end_ns < t1)
        {
          Change leave = { wait->end_ns, i, TRUE };

          g_array_append_val (changes, leave);
        }
    }
  g_array_sort (changes, compare_changes);

  sweep.line = g_array_new (FALSE, FALSE, sizeof (guint));
  sweep.occupant = g_array_new (FALSE, FALSE, sizeof (guint));
  sweep.since = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint c = 0; c < changes->len;)
    {
      gint64 time_ns = g_array_index (changes, Change, c).time_ns;
      guint old_len = sweep.line->len, first = old_len;

      g_array_set_size (left, 0);
      for (; c < changes->len && g_array_index (changes, Change, c).time_ns == time_ns; c++)
        {
          const Change *change = &g_array_index (changes, Change, c);

          if (change->leaves)
            {
              for (guint at = 0; at < sweep.line->len; at++)
                if (g_array_index (sweep.line, guint, at) == change->wait)
                  {
                    g_array_remove_index (sweep.line, at);
                    first = MIN (first, at);
                    break;
                  }
              g_array_append_val (left, change->wait);
            }
          else
            g_array_append_val (sweep.line, change->wait);
        }
      settle_rows (&sweep, first, old_len, time_ns, left);
    }
  /* Those still in line at the stretch's end. */
  for (guint r = 0; r < sweep.line->len; r++)
    close_segment (&sweep, r, MIN (t1, sweep.waits[g_array_index (sweep.occupant, guint, r)].end_ns), FALSE);
  g_array_unref (sweep.line);
  g_array_unref (sweep.occupant);
  g_array_unref (sweep.since);
}

typedef struct
{
  WeftQueueRows *self;
  guint row;
  gint64 to_ns;
} Anonymous;

static void
add_anonymous (const WeftSpan *span,
               gpointer        user_data)
{
  Anonymous *anonymous = user_data;
  WeftSpan copy = *span;

  if (copy.start_ns >= anonymous->to_ns)
    return;
  copy.end_ns = MIN (copy.end_ns, anonymous->to_ns);
  g_array_append_val (row_array (anonymous->self, anonymous->row), copy);
}

/**
 * weft_queue_rows_new:
 *
 * The line for @object over [t0, t1), at the detail that suits
 * @ns_per_pixel: per row, in time order, spans whose value is the
 * waiter's lane, or anonymous ones (WEFT_SPAN_MERGED) where the waiters
 * are not told apart.  Nothing is given past what the object's track
 * has folded.
 */
WeftQueueRows *
weft_queue_rows_new (WeftTimeline *timeline,
                     guint16       object,
                     gint64        t0,
                     gint64        t1,
                     gint64        ns_per_pixel)
{
  WeftQueueRows *self = g_new0 (WeftQueueRows, 1);
  WeftObjectTrack *track = weft_timeline_get_object_track (timeline, object);
  gint64 known, named_from, named_to;
  guint64 budget;

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  if (track == NULL || t1 <= t0)
    return self;

  known = weft_object_track_get_known_until (track);
  named_from = MAX (t0, weft_timeline_get_detail_from (timeline));
  named_to = MIN (t1, known);
  budget = MAX ((guint64) MIN_SPAN_BUDGET,
                (guint64) ((named_to - named_from) / MAX (ns_per_pixel, 1)) * SPANS_PER_COLUMN);
  if (named_from >= named_to || !few_enough (timeline, named_from, named_to, budget))
    named_from = t1;

  /* Before the detail kept, or where too many waited: the track's rows. */
  for (guint r = 0; r < weft_object_track_get_n_rows (track, WEFT_OBJECT_ROW_QUEUE) && t0 < named_from; r++)
    {
      Anonymous anonymous = { self, r, named_from };

      row_array (self, r);
      weft_object_track_query (track, WEFT_OBJECT_ROW_QUEUE, r, t0, named_from, ns_per_pixel,
                               add_anonymous, &anonymous);
    }
  if (named_from < named_to)
    name_rows (self, timeline, object, named_from, named_to, known);
  return self;
}

void
weft_queue_rows_free (WeftQueueRows *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->rows);
  g_free (self);
}

guint
weft_queue_rows_get_n_rows (WeftQueueRows *self)
{
  return self->rows->len;
}

const WeftSpan *
weft_queue_rows_get_row (WeftQueueRows *self,
                         guint          row,
                         guint         *n_spans)
{
  GArray *spans;

  *n_spans = 0;
  if (row >= self->rows->len)
    return NULL;
  spans = g_ptr_array_index (self->rows, row);
  *n_spans = spans->len;
  return (const WeftSpan *) (gconstpointer) spans->data;
}

/* Who stood in place @row at @time_ns: FALSE when no one did, or when
 * that is not known (not folded yet, or the detail let go). */
gboolean
weft_queue_rows_occupant_at (WeftTimeline *timeline,
                             guint16       object,
                             guint         row,
                             gint64        time_ns,
                             WeftSpan     *occupant)
{
  g_autoptr(WeftQueueRows) rows = weft_queue_rows_new (timeline, object, time_ns, time_ns + 1, 1);
  guint n;
  const WeftSpan *spans = weft_queue_rows_get_row (rows, row, &n);

  for (guint i = 0; i < n; i++)
    if (spans[i].start_ns <= time_ns && time_ns < spans[i].end_ns && !(spans[i].flags & WEFT_SPAN_MERGED))
      {
        *occupant = spans[i];
        return TRUE;
      }
  return FALSE;
}
