/* weft-census.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each lane is read once: its spans at every depth and its gaps, as the
 * timeline's queries give them for the column's width, are swept into
 * one run of pieces in time order, the innermost one winning (a gap
 * over all), with what no span covers in between.  The pieces are then
 * dealt out over the columns: a column a piece covers whole takes the
 * piece's kind, which is added for the whole stretch at once in an
 * array of differences; a column shared by several pieces takes the
 * kind that had most of its time.  So a frame costs what the lanes'
 * queries return plus the columns, not lanes times columns.
 *
 * The overview reads every lane where the lanes read only those in
 * sight, so it asks the timeline for items up to four columns wide, not
 * two as a lane does: a lane with a span or more to a column is read
 * from its level-of-detail summary, a quarter of the items, each
 * standing for its spans by the state that took most of their time.  A
 * lane with fewer spans than that is read span by span, exactly.
 */

#include "weft-census.h"

#include <math.h>
#include <string.h>

struct _WeftCensus
{
  guint n_columns;
  guint *counts;                  /* WEFT_N_CENSUS per column */
};

/* A stretch of one lane in one kind. */
typedef struct
{
  gint64 start_ns;
  gint64 end_ns;
  guint kind;
} Piece;

/* The depths, then the gaps over them all. */
#define N_LAYERS (WEFT_TIMELINE_MAX_DEPTH + 1)

typedef struct
{
  GArray *pieces;                 /* Piece, sorted and disjoint */
  gint64 from_ns;                 /* what is read of the lane */
  gint64 to_ns;
} Layer;

/* Where the pieces go: the column being filled, and the differences
 * that count whole columns. */
typedef struct
{
  guint n_columns;
  gint64 t0;
  double columns_per_ns;
  guint *counts;                  /* the census's, for columns shared by pieces */
  gint32 *diff;                   /* (n_columns + 1) per kind, for whole
                                   * columns a piece covers */
  gboolean has_column;
  guint column;
  double column_x;                /* the same, as a double */
  double time[WEFT_N_CENSUS];     /* in columns, within the one being filled */
} Tally;

/* The kinds, the one that tells most first: of kinds that took as long
 * in a column, the first wins (a lock held for as long as it was waited
 * for is held). */
static const guint by_rank[WEFT_N_CENSUS] = {
  WEFT_CENSUS_LOST,
  WEFT_CENSUS_CRITICAL,
  WEFT_CENSUS_WAITING,
  WEFT_CENSUS_HELD,
  WEFT_CENSUS_RECORDER,
  WEFT_CENSUS_WORKING,
  WEFT_CENSUS_BETWEEN,
};

static void
tally_add_columns (Tally *tally,
                   guint  kind,
                   guint  first,
                   guint  end)
{
  tally->diff[kind * (tally->n_columns + 1) + first]++;
  tally->diff[kind * (tally->n_columns + 1) + end]--;
}

static void
tally_close_column (Tally *tally)
{
  guint best = by_rank[0];

  if (!tally->has_column)
    return;
  for (guint i = 1; i < WEFT_N_CENSUS; i++)
    if (tally->time[by_rank[i]] > tally->time[best])
      best = by_rank[i];
  tally->counts[(gsize) tally->column * WEFT_N_CENSUS + best]++;
  tally->has_column = FALSE;
}

static void
tally_open_column (Tally *tally,
                   guint  column)
{
  tally->has_column = TRUE;
  tally->column = column;
  tally->column_x = column;
  memset (tally->time, 0, sizeof tally->time);
}

/* A piece, in time order after the lane's last one. */
static inline void
tally_piece (Tally *tally,
             gint64 start_ns,
             gint64 end_ns,
             guint  kind)
{
  double x0 = (start_ns - tally->t0) * tally->columns_per_ns;
  double x1 = (end_ns - tally->t0) * tally->columns_per_ns;
  guint first, last;

  /* Most pieces lie within the column being filled. */
  if (tally->has_column && x0 >= tally->column_x && x1 <= tally->column_x + 1)
    {
      tally->time[kind] += MAX (x1 - x0, 0.0);
      return;
    }
  x0 = CLAMP (x0, 0.0, (double) tally->n_columns);
  x1 = CLAMP (x1, 0.0, (double) tally->n_columns);
  if (x1 <= x0)
    return;
  first = MIN ((guint) x0, tally->n_columns - 1);
  /* The last column the piece has any time in: one ending on a
   * column's edge has none in the column beyond. */
  last = (guint) x1;
  if (last == x1 || last == tally->n_columns)
    last--;
  last = MAX (last, first);

  if (tally->has_column && tally->column != first)
    tally_close_column (tally);
  if (!tally->has_column)
    tally_open_column (tally, first);
  if (first == last)
    {
      tally->time[kind] += x1 - x0;
      return;
    }
  tally->time[kind] += first + 1 - x0;
  tally_close_column (tally);
  if (last > first + 1)
    tally_add_columns (tally, kind, first + 1, last);
  tally_open_column (tally, last);
  tally->time[kind] += x1 - last;
}

static void
collect_piece (const WeftSpan *span,
               gpointer        user_data)
{
  Layer *layer = user_data;
  Piece piece = { MAX (span->start_ns, layer->from_ns), MIN (span->end_ns, layer->to_ns), span->state };

  if (span->state >= WEFT_N_STATES)
    return;
  /* Kept disjoint, whatever a summary reaching into finer items does. */
  if (layer->pieces->len > 0)
    piece.start_ns = MAX (piece.start_ns, g_array_index (layer->pieces, Piece, layer->pieces->len - 1).end_ns);
  if (piece.end_ns > piece.start_ns)
    g_array_append_val (layer->pieces, piece);
}

/* Sweeps the layers from @from_ns to @to_ns into @tally: at each moment
 * the topmost layer with a piece there, or BETWEEN where none has. */
static void
sweep_layers (Layer  *layers,
              guint   n_layers,
              gint64  from_ns,
              gint64  to_ns,
              Tally  *tally)
{
  guint next_piece[N_LAYERS] = { 0 };
  gint64 pos = from_ns;

  while (pos < to_ns)
    {
      guint kind = WEFT_CENSUS_BETWEEN;
      gboolean found = FALSE;
      gint64 next = to_ns;

      for (guint l = n_layers; l-- > 0;)
        {
          GArray *pieces = layers[l].pieces;
          const Piece *piece;

          while (next_piece[l] < pieces->len && g_array_index (pieces, Piece, next_piece[l]).end_ns <= pos)
            next_piece[l]++;
          if (next_piece[l] == pieces->len)
            continue;
          piece = &g_array_index (pieces, Piece, next_piece[l]);
          if (piece->start_ns <= pos)
            {
              if (!found)
                kind = piece->kind;
              found = TRUE;
              next = MIN (next, piece->end_ns);
            }
          else
            next = MIN (next, piece->start_ns);
        }
      tally_piece (tally, pos, next, kind);
      pos = next;
    }
  tally_close_column (tally);
}

/* A lane with one depth and nothing lost, the common case, needs no
 * sweep: its spans go straight to the tally, time between them counted
 * as in no span. */
typedef struct
{
  Tally *tally;
  gint64 from_ns;
  gint64 to_ns;
  gint64 pos;                     /* what is tallied so far */
} Stream;

static void
stream_piece (const WeftSpan *span,
              gpointer        user_data)
{
  Stream *stream = user_data;
  gint64 start = MAX (span->start_ns, stream->pos);
  gint64 end = MIN (span->end_ns, stream->to_ns);

  if (span->state >= WEFT_N_STATES || end <= start)
    return;
  if (start > stream->pos)
    tally_piece (stream->tally, stream->pos, start, WEFT_CENSUS_BETWEEN);
  tally_piece (stream->tally, start, end, span->state);
  stream->pos = end;
}

static int
compare_gaps (gconstpointer a,
              gconstpointer b)
{
  const WeftGap *x = a, *y = b;

  if (x->lane != y->lane)
    return x->lane < y->lane ? -1 : 1;
  return (x->from_ns > y->from_ns) - (x->from_ns < y->from_ns);
}

/* The timeline's gaps, sorted by lane and time. */
static GArray *
sorted_gaps (WeftTimeline *timeline)
{
  guint n_gaps;
  const WeftGap *gaps = weft_timeline_get_gaps (timeline, &n_gaps);
  GArray *sorted = g_array_sized_new (FALSE, FALSE, sizeof (WeftGap), n_gaps);

  g_array_append_vals (sorted, gaps, n_gaps);
  g_array_sort (sorted, compare_gaps);
  return sorted;
}

/* When @lane's thread was alive, as far as the timeline tells: FALSE
 * before its first event. */
static gboolean
lane_lifetime (WeftTimeline *timeline,
               guint         lane,
               gint64       *start_ns,
               gint64       *end_ns)
{
  *start_ns = weft_timeline_get_lane_start (timeline, lane);
  *end_ns = weft_timeline_get_lane_end (timeline, lane);
  if (*end_ns == G_MAXINT64)
    *end_ns = weft_timeline_get_end (timeline);
  return *start_ns != G_MAXINT64;
}

/**
 * weft_census_new:
 * @t0: where column 0 begins
 * @ns_per_column: how long each column is
 *
 * Counts, in each of @n_columns columns from @t0 on, the threads alive
 * in it by the state each spent most of it in (see weft-census.h).
 * Read the timeline under its lock.
 */
WeftCensus *
weft_census_new (WeftTimeline *timeline,
                 gint64        t0,
                 double        ns_per_column,
                 guint         n_columns)
{
  WeftCensus *self = g_new0 (WeftCensus, 1);
  Layer layers[N_LAYERS];
  g_autoptr(GArray) gaps = sorted_gaps (timeline);
  g_autofree gint32 *diff = NULL;
  Tally tally = { 0 };
  /* Items up to four columns wide (see the top of this file). */
  gint64 read_ns = MAX (1, (gint64) (2 * ns_per_column));
  gint64 t1;
  guint next_gap = 0;

  g_return_val_if_fail (ns_per_column > 0, self);

  self->n_columns = n_columns;
  self->counts = g_new0 (guint, (gsize) n_columns * WEFT_N_CENSUS);
  if (n_columns == 0)
    return self;
  diff = g_new0 (gint32, (gsize) (n_columns + 1) * WEFT_N_CENSUS);
  tally.n_columns = n_columns;
  tally.t0 = t0;
  tally.columns_per_ns = 1.0 / ns_per_column;
  tally.diff = diff;
  tally.counts = self->counts;
  t1 = t0 + (gint64) ceil (ns_per_column * n_columns);
  for (guint l = 0; l < N_LAYERS; l++)
    layers[l].pieces = g_array_new (FALSE, FALSE, sizeof (Piece));

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint depths = MIN (weft_timeline_get_lane_depth (timeline, lane), WEFT_TIMELINE_MAX_DEPTH);
      gint64 born, died, from, to;
      Layer *lost = &layers[depths];

      while (next_gap < gaps->len && g_array_index (gaps, WeftGap, next_gap).lane < lane)
        next_gap++;
      if (!lane_lifetime (timeline, lane, &born, &died))
        continue;
      from = MAX (born, t0);
      to = MIN (died, t1);
      if (from >= to)
        continue;

      if (depths <= 1 && (next_gap == gaps->len || g_array_index (gaps, WeftGap, next_gap).lane != lane))
        {
          Stream stream = { &tally, from, to, from };

          if (depths == 1)
            weft_timeline_query_spans (timeline, lane, 0, from, to, read_ns,
                                       stream_piece, &stream);
          if (stream.pos < to)
            tally_piece (&tally, stream.pos, to, WEFT_CENSUS_BETWEEN);
          tally_close_column (&tally);
          continue;
        }
      for (guint d = 0; d <= depths; d++)
        {
          g_array_set_size (layers[d].pieces, 0);
          layers[d].from_ns = from;
          layers[d].to_ns = to;
        }
      for (guint d = 0; d < depths; d++)
        weft_timeline_query_spans (timeline, lane, d, from, to, read_ns,
                                   collect_piece, &layers[d]);
      /* Where the lane lost events, nothing it did is known. */
      for (; next_gap < gaps->len && g_array_index (gaps, WeftGap, next_gap).lane == lane; next_gap++)
        {
          const WeftGap *gap = &g_array_index (gaps, WeftGap, next_gap);
          WeftSpan as_span = { .start_ns = gap->from_ns, .end_ns = MAX (gap->to_ns, gap->from_ns + 1) };

          if (as_span.end_ns > from && as_span.start_ns < to)
            {
              collect_piece (&as_span, lost);
              if (lost->pieces->len > 0)
                g_array_index (lost->pieces, Piece, lost->pieces->len - 1).kind = WEFT_CENSUS_LOST;
            }
        }
      sweep_layers (layers, depths + 1, from, to, &tally);
    }

  for (guint k = 0; k < WEFT_N_CENSUS; k++)
    {
      gint32 running = 0;

      for (guint c = 0; c < n_columns; c++)
        {
          running += diff[k * (n_columns + 1) + c];
          self->counts[(gsize) c * WEFT_N_CENSUS + k] += (guint) MAX (running, 0);
        }
    }
  for (guint l = 0; l < N_LAYERS; l++)
    g_array_unref (layers[l].pieces);
  return self;
}

void
weft_census_free (WeftCensus *self)
{
  if (self == NULL)
    return;
  g_free (self->counts);
  g_free (self);
}

guint
weft_census_get_n_columns (WeftCensus *self)
{
  return self->n_columns;
}

/* WEFT_N_CENSUS counts, by WeftCensusKind. */
const guint *
weft_census_get_column (WeftCensus *self,
                        guint       column)
{
  g_return_val_if_fail (column < self->n_columns, NULL);
  return &self->counts[(gsize) column * WEFT_N_CENSUS];
}

/* The threads alive in @column: its counts, added up. */
guint
weft_census_get_alive (WeftCensus *self,
                       guint       column)
{
  const guint *counts = weft_census_get_column (self, column);
  guint alive = 0;

  for (guint k = 0; k < WEFT_N_CENSUS; k++)
    alive += counts[k];
  return alive;
}

/**
 * weft_census_count_at:
 * @counts: (out): the threads alive at @time_ns, by WeftCensusKind
 *
 * How many threads were in each state at the moment @time_ns, each by
 * its innermost span then: exact, from every event.  Where the timeline
 * let go of its detail only summaries are left, which cannot say that:
 * there it returns FALSE.
 */
gboolean
weft_census_count_at (WeftTimeline *timeline,
                      gint64        time_ns,
                      guint         counts[WEFT_N_CENSUS])
{
  guint n_gaps;
  const WeftGap *gaps = weft_timeline_get_gaps (timeline, &n_gaps);

  memset (counts, 0, sizeof (guint) * WEFT_N_CENSUS);
  if (time_ns < weft_timeline_get_detail_from (timeline))
    return FALSE;
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      gint64 born, died;
      WeftSpan span;
      gboolean lost = FALSE;

      if (!lane_lifetime (timeline, lane, &born, &died) || time_ns < born || time_ns >= died)
        continue;
      for (guint i = 0; i < n_gaps && !lost; i++)
        lost = gaps[i].lane == lane && gaps[i].from_ns <= time_ns && time_ns <= gaps[i].to_ns;
      if (lost)
        counts[WEFT_CENSUS_LOST]++;
      else if (weft_timeline_span_at (timeline, lane, time_ns, 0, &span) && span.state < WEFT_N_STATES)
        counts[span.state]++;
      else
        counts[WEFT_CENSUS_BETWEEN]++;
    }
  return TRUE;
}
