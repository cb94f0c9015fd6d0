/* weft-arrow-fold.c: counts of a lane's arrows by source, for folding
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At coarse zoom the chart folds the arrows into a lane that end within
 * a few pixels of each other and come from the same lane into one,
 * drawn with their count.  Walking them to count would make a frame
 * cost as much as the run has arrows, so the index keeps, every
 * BLOCK arrows into the lane, how many came so far from each source
 * (lane and kind) and the last of them: the counts over any stretch are
 * two rows apart, plus at most a block walked at each end.  It keeps
 * too where each block begins in time, so that finding where a column
 * of arrows ends searches a short array and then one block, rather than
 * probing across the lane's arrows, a cache miss a probe.  It is
 * derived data, built as far as a query needs it and forgotten from
 * where the arrows change (an item's arrow put in among earlier ones,
 * old detail let go).
 */

#include "config.h"

#include "weft-arrow-fold.h"
#include "weft-search.h"

#define BLOCK 32u
/* A stretch this short is walked rather than looked up. */
#define WALK_AT_MOST (2 * BLOCK)

typedef struct
{
  guint32 count;
  guint32 last_plus_one;   /* index of the latest such arrow + 1; 0: none */
} Cell;

struct _WeftArrowIndex
{
  GArray *slots;           /* guint32 by source key: slot + 1, 0 for none yet */
  GArray *keys;            /* guint32 source key, by slot */
  GArray *cells;           /* Cell: rows of counts before arrow r * BLOCK */
  GArray *row_start;       /* guint32: where row r begins in cells */
  GArray *row_width;       /* guint32: slots row r holds; later ones are 0 */
  GArray *block_ns;        /* gint64: to_ns of arrow b * BLOCK, for the blocks rows counted */
};

static guint32
source_key (const WeftArrow *arrow)
{
  return arrow->from_lane * 2 + (arrow->kind == WEFT_ARROW_ITEM);
}

WeftArrowIndex *
weft_arrow_index_new (void)
{
  WeftArrowIndex *index = g_new0 (WeftArrowIndex, 1);
  guint32 zero = 0;

  index->slots = g_array_new (FALSE, TRUE, sizeof (guint32));
  index->keys = g_array_new (FALSE, FALSE, sizeof (guint32));
  index->cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  index->row_start = g_array_new (FALSE, FALSE, sizeof (guint32));
  index->row_width = g_array_new (FALSE, FALSE, sizeof (guint32));
  index->block_ns = g_array_new (FALSE, FALSE, sizeof (gint64));
  /* Row 0: nothing before the first arrow. */
  g_array_append_val (index->row_start, zero);
  g_array_append_val (index->row_width, zero);
  return index;
}

void
weft_arrow_index_free (WeftArrowIndex *index)
{
  if (index == NULL)
    return;
  g_array_unref (index->slots);
  g_array_unref (index->keys);
  g_array_unref (index->cells);
  g_array_unref (index->row_start);
  g_array_unref (index->row_width);
  g_array_unref (index->block_ns);
  g_free (index);
}

/* The arrows from @first_changed on are no longer what the rows counted
 * (moved, or let go: then 0). */
void
weft_arrow_index_forget_from (WeftArrowIndex *index,
                              guint           first_changed)
{
  guint rows = first_changed / BLOCK + 1;

  if (rows >= index->row_start->len)
    return;
  g_array_set_size (index->cells, g_array_index (index->row_start, guint32, rows));
  g_array_set_size (index->row_start, rows);
  g_array_set_size (index->row_width, rows);
  g_array_set_size (index->block_ns, rows - 1);
}

gsize
weft_arrow_index_get_memory (WeftArrowIndex *index)
{
  return sizeof *index + index->cells->len * sizeof (Cell) + index->block_ns->len * sizeof (gint64) +
         (index->row_start->len + index->row_width->len + index->keys->len + index->slots->len) * sizeof (guint32);
}

static guint
slot_for (WeftArrowIndex *index,
          guint32         key)
{
  /* Keys are two a lane: a table by key stays small. */
  if (key < index->slots->len && g_array_index (index->slots, guint32, key) > 0)
    return g_array_index (index->slots, guint32, key) - 1;
  if (key >= index->slots->len)
    g_array_set_size (index->slots, key + 1);
  g_array_append_val (index->keys, key);
  g_array_index (index->slots, guint32, key) = index->keys->len;
  return index->keys->len - 1;
}

/* Builds rows up to the one counting arrows before @row * BLOCK. */
static void
build_rows (WeftArrowIndex  *index,
            const WeftArrow *arrows,
            guint            row)
{
  while (index->row_start->len <= row)
    {
      guint last = index->row_start->len - 1;
      guint32 start = g_array_index (index->row_start, guint32, last);
      guint32 width = g_array_index (index->row_width, guint32, last);
      guint32 new_start = index->cells->len;
      guint32 new_width;
      Cell *cells;

      /* Count the block first: it may meet new sources, widening the row. */
      for (guint a = last * BLOCK; a < (last + 1) * BLOCK; a++)
        slot_for (index, source_key (&arrows[a]));
      new_width = index->keys->len;
      g_array_set_size (index->cells, new_start + new_width);
      cells = &g_array_index (index->cells, Cell, 0);
      for (guint s = 0; s < new_width; s++)
        cells[new_start + s] = s < width ? cells[start + s] : (Cell) { 0, 0 };
      for (guint a = last * BLOCK; a < (last + 1) * BLOCK; a++)
        {
          Cell *cell = &cells[new_start + slot_for (index, source_key (&arrows[a]))];

          cell->count++;
          cell->last_plus_one = a + 1;
        }
      g_array_append_val (index->row_start, new_start);
      g_array_append_val (index->row_width, new_width);
      g_array_append_val (index->block_ns, arrows[last * BLOCK].to_ns);
    }
}

static gboolean
arrow_before (gconstpointer item,
              gconstpointer key)
{
  return ((const WeftArrow *) item)->to_ns < *(const gint64 *) key;
}

/**
 * weft_arrow_index_find:
 * @arrows: every arrow into the lane, by to_ns, @n_arrows of them
 *
 * Returns: the first arrow from @lo on ending at or after @t, or
 *   @n_arrows.  It gallops over where blocks begin, from @lo's on (the
 *   next column's end is near), then searches one block.
 */
guint
weft_arrow_index_find (WeftArrowIndex  *index,
                       const WeftArrow *arrows,
                       guint            n_arrows,
                       guint            lo,
                       gint64           t)
{
  const gint64 *starts;
  guint n_blocks, block, next, step = 1;

  if (lo >= n_arrows || arrows[lo].to_ns >= t)
    return lo;
  build_rows (index, arrows, n_arrows / BLOCK);
  starts = &g_array_index (index->block_ns, gint64, 0);
  n_blocks = index->block_ns->len;
  block = lo / BLOCK;
  if (block >= n_blocks)
    return weft_lower_bound (arrows, sizeof (WeftArrow), lo, n_arrows, arrow_before, &t);

  /* The last block beginning before @t: @block's does (it is no later
   * than @lo's end), @next's does not, or there is no @next. */
  next = block + 1;
  while (next < n_blocks && starts[next] < t)
    {
      block = next;
      next = MIN (n_blocks, next + step);
      step *= 2;
    }
  while (next - block > 1)
    {
      guint mid = block + (next - block) / 2;

      if (starts[mid] < t)
        block = mid;
      else
        next = mid;
    }
  /* Walked, not halved: in order, the block's cache lines are fetched
   * ahead of the walk, and counting the column (counts_before()) walks
   * them next. */
  for (lo = MAX (lo, block * BLOCK); lo < n_arrows && arrows[lo].to_ns < t; lo++)
    ;
  return lo;
}

/* Counts by slot of the arrows before @at, into @out (n_slots wide). */
static void
counts_before (WeftArrowIndex  *index,
               const WeftArrow *arrows,
               guint            at,
               Cell            *out)
{
  guint row = at / BLOCK;
  guint32 start, width;

  build_rows (index, arrows, row);
  start = g_array_index (index->row_start, guint32, row);
  width = g_array_index (index->row_width, guint32, row);
  for (guint s = 0; s < index->keys->len; s++)
    out[s] = s < width ? g_array_index (index->cells, Cell, start + s) : (Cell) { 0, 0 };
  for (guint a = row * BLOCK; a < at; a++)
    {
      Cell *cell = &out[slot_for (index, source_key (&arrows[a]))];

      cell->count++;
      cell->last_plus_one = a + 1;
    }
}

/* Folds a short stretch by walking it: few sources, so a short list. */
static void
fold_walk (const WeftArrow   *arrows,
           guint              lo,
           guint              hi,
           WeftArrowFoldFunc  func,
           gpointer           user_data)
{
  guint32 keys[WALK_AT_MOST];
  guint counts[WALK_AT_MOST];
  guint lasts[WALK_AT_MOST];
  guint n = 0;

  for (guint a = lo; a < hi; a++)
    {
      guint32 key = source_key (&arrows[a]);
      guint k;

      for (k = 0; k < n && keys[k] != key; k++)
        ;
      if (k == n)
        {
          keys[n] = key;
          counts[n++] = 0;
        }
      counts[k]++;
      lasts[k] = a;
    }
  for (guint k = 0; k < n; k++)
    {
      WeftArrowFold fold = { arrows[lasts[k]], counts[k] };
      func (&fold, user_data);
    }
}

/**
 * weft_arrow_index_fold:
 * @arrows: every arrow into the lane, by to_ns
 *
 * Calls @func once for each source (lane and kind) of the arrows
 * @lo to @hi - 1, with how many came from it and the latest of them.
 */
void
weft_arrow_index_fold (WeftArrowIndex    *index,
                       const WeftArrow   *arrows,
                       guint              lo,
                       guint              hi,
                       WeftArrowFoldFunc  func,
                       gpointer           user_data)
{
  Cell on_stack[2 * 64];
  g_autofree Cell *on_heap = NULL;
  Cell *before, *upto;
  guint n_slots;

  if (hi <= lo)
    return;
  if (hi - lo <= WALK_AT_MOST)
    {
      fold_walk (arrows, lo, hi, func, user_data);
      return;
    }
  /* Rows first: they may meet sources that widen the counts. */
  build_rows (index, arrows, hi / BLOCK);
  for (guint a = (hi / BLOCK) * BLOCK; a < hi; a++)
    slot_for (index, source_key (&arrows[a]));
  n_slots = index->keys->len;
  /* A frame folds thousands of stretches: no allocation for the usual few sources. */
  before = n_slots <= 64 ? on_stack : (on_heap = g_new (Cell, 2 * n_slots));
  upto = before + n_slots;
  counts_before (index, arrows, lo, before);
  counts_before (index, arrows, hi, upto);
  for (guint s = 0; s < n_slots; s++)
    if (upto[s].count > before[s].count)
      {
        WeftArrowFold fold = { arrows[upto[s].last_plus_one - 1], upto[s].count - before[s].count };
        func (&fold, user_data);
      }
}
