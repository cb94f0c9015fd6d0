/* weft-lod.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-lod.h"

#include <malloc.h>
#include <math.h>
#include <string.h>

#include "weft-search.h"

/* Every level k >= 1 folds in the items of level k - 1 (level 0 being
 * the raw items, which the timeline keeps), counting how many it has
 * `consumed` and how many of those lie in items it has closed.  When the
 * timeline lets go of old items, a level may drop only what the next
 * coarser one has closed over, so whatever was dropped at one level is
 * still drawn, coarser, by another; `from_ns` records where a level's
 * items begin after that.  The coarsest level never drops anything. */
typedef struct
{
  WeftVec items;                  /* WeftSpan, closed, sorted, disjoint */
  gint64 resolution;
  guint consumed;                 /* items of the finer level folded in */
  guint closed;                   /* of those, the ones in closed items */
  gint64 from_ns;                 /* the items cover from here on */
  gboolean has_open;
  WeftSpan open;                  /* the item still growing */
  gint64 state_ns[WEFT_N_STATES]; /* time per state inside `open` */
} SpanLevel;

struct _WeftSpanLod
{
  guint n_levels;                 /* levels 1..n_levels are in use */
  SpanLevel levels[WEFT_LOD_MAX_LEVELS + 1];  /* [0]: only from_ns, for the raw spans */
};

typedef struct
{
  WeftVec items;                  /* WeftSampleBucket */
  gint64 resolution;
  guint consumed;
  guint closed;
  gint64 from_ns;
  gboolean has_open;
  WeftSampleBucket open;
} SampleLevel;

struct _WeftSampleLod
{
  guint n_levels;
  SampleLevel levels[WEFT_LOD_MAX_LEVELS + 1];
};

typedef struct
{
  WeftVec items;                  /* WeftInstantRecord: one per kind per stretch */
  guint64 kinds;                  /* the kinds kept of the last stretch, as bits */
  gint64 resolution;
  guint consumed;
  gint64 from_ns;
} InstantLevel;

struct _WeftInstantLod
{
  guint64 marks;                  /* kinds drawn as marks, as bits */
  guint n_levels;
  InstantLevel levels[WEFT_LOD_MAX_LEVELS + 1];
};

/* A new level's resolution: at least four times the last one's, and wide
 * enough to merge about four of the finer level's items into each, so
 * that every level shrinks its data rather than copying it. */
static gint64
next_resolution (gint64 finer_resolution,
                 gint64 extent_ns,
                 guint  n_finer)
{
  gint64 resolution = MAX (WEFT_LOD_BASE_NS, finer_resolution * 4);
  gint64 spacing = extent_ns / MAX (n_finer, 1);

  while (resolution < 4 * spacing)
    resolution *= 4;
  return resolution;
}

/* The same for spans above the first level, whose items are each at
 * least the finer resolution long, so spaced a little more than it:
 * four times it already merges about four of them, and asking for four
 * spacings too would jump to sixteen times, leaving a query a level
 * with several items to a pixel where the next would have one.  Two
 * spacings still halve the items at the very least. */
static gint64
next_span_resolution (guint  k,
                      gint64 finer_resolution,
                      gint64 extent_ns,
                      guint  n_finer)
{
  gint64 resolution;
  gint64 spacing = extent_ns / MAX (n_finer, 1);

  if (k == 1)
    return next_resolution (finer_resolution, extent_ns, n_finer);
  resolution = MAX (WEFT_LOD_BASE_NS, finer_resolution * 4);
  while (resolution < 2 * spacing)
    resolution *= 4;
  return resolution;
}

/**
 * weft_array_get_memory:
 *
 * The bytes the allocator holds for @array's elements.  A GArray grows
 * its block to the next power of two and never shrinks it, so that is up
 * to twice len × element size, and GArray does not say how much; the
 * allocator does.  The elements are one block from g_realloc() (the one
 * g_array_steal() hands over to be g_free()d), and malloc_usable_size()
 * is there for statistics such as this one.  The timeline's own arrays
 * are WeftVecs; this is for the GArrays others keep beside it.
 */
gsize
weft_array_get_memory (GArray *array)
{
  return array->data != NULL ? malloc_usable_size (array->data) : 0;
}

/* Before when each level lets go of its items when the raw detail goes
 * before @cut_ns: level k keeps sqrt(r_k / r_1) times the stretch of
 * time the raw detail keeps, back from @end_ns.  An item of level k
 * stands for r_k of time or more, so per second the level costs at most
 * r_1 / r_k of what level 1 does, and kept that much longer, at most
 * sqrt(r_1 / r_k): with each level four times coarser or more, all of
 * them together cost at most twice level 1, which holds a quarter of
 * the raw items at most (r_1 is four spacings or more), so half of the
 * raw detail.  Yet the coarse levels, which views zoomed out over old
 * time read, keep far more time than the fine ones. */
static void
level_cuts (gint64        cut_ns,
            gint64        end_ns,
            const gint64 *resolution,
            guint         n_levels,
            gint64       *cuts)
{
  double kept = (double) MAX (0, end_ns - cut_ns);

  cuts[0] = cut_ns;
  for (guint k = 1; k <= n_levels; k++)
    {
      double back = kept * sqrt ((double) resolution[k] / (double) resolution[1]);

      /* Times are far from the ends of gint64; this product need not be. */
      cuts[k] = back < (double) (G_MAXINT64 / 4) ? end_ns - (gint64) back : G_MININT64;
    }
}

/* A part of a query's range and the level that draws it. */
typedef struct
{
  guint level;
  gint64 from_ns;
  gint64 to_ns;
} Part;

/* Which level draws which part of [t0, t1): level @k, the one that suits
 * the zoom, wherever it still has items (from from_ns[k] on), and before
 * that, each coarser level from where its own items begin, up to the
 * coarsest, which has them all.  Fills @parts oldest first, so that the
 * items come out in time order; returns how many. */
static guint
plan_parts (const gint64 *from_ns,
            guint         k,
            guint         n_levels,
            gint64        t0,
            gint64        t1,
            Part         *parts)
{
  Part newest_first[WEFT_LOD_MAX_LEVELS + 1];
  gint64 upto = t1;
  guint n = 0;

  for (guint j = k; j <= n_levels && upto > t0; j++)
    {
      gint64 begin = MAX (t0, from_ns[j]);

      /* A level that let go of more than a finer one serves nothing the
       * finer one does not. */
      if (begin < upto)
        {
          newest_first[n++] = (Part) { j, begin, upto };
          upto = begin;
        }
    }
  for (guint i = 0; i < n; i++)
    parts[i] = newest_first[n - 1 - i];
  return n;
}

WeftSpanLod *
weft_span_lod_new (void)
{
  WeftSpanLod *lod = g_new0 (WeftSpanLod, 1);

  for (guint k = 0; k <= WEFT_LOD_MAX_LEVELS; k++)
    lod->levels[k].from_ns = G_MININT64;
  return lod;
}

void
weft_span_lod_free (WeftSpanLod *lod)
{
  if (lod == NULL)
    return;
  for (guint k = 1; k <= lod->n_levels; k++)
    weft_vec_clear (&lod->levels[k].items);
  g_free (lod);
}

gsize
weft_span_lod_get_memory (WeftSpanLod *lod)
{
  gsize bytes = sizeof *lod;

  for (guint k = 1; k <= lod->n_levels; k++)
    bytes += weft_vec_get_memory (&lod->levels[k].items);
  return bytes;
}

static guint
span_count (const WeftSpan *span)
{
  return (span->flags & WEFT_SPAN_MERGED) ? (guint) span->value : 1;
}

static void
span_level_close (SpanLevel *level)
{
  guint best = 0;

  if (!level->has_open)
    return;
  for (guint s = 1; s < WEFT_N_STATES; s++)
    if (level->state_ns[s] > level->state_ns[best])
      best = s;
  level->open.state = best;
  weft_vec_append (&level->items, &level->open);
  level->has_open = FALSE;
}

/* Folds in the finer level's item number level->consumed. */
static void
span_level_fold (SpanLevel      *level,
                 const WeftSpan *span)
{
  gint64 resolution = level->resolution;
  gint64 length = span->end_ns - span->start_ns;
  guint index = level->consumed;

  if (length >= resolution)
    {
      /* Wide enough to draw on its own at this level. */
      span_level_close (level);
      weft_vec_append (&level->items, span);
      level->closed = index + 1;
      return;
    }

  if (level->has_open && span->start_ns - level->open.end_ns < resolution)
    {
      level->open.end_ns = MAX (level->open.end_ns, span->end_ns);
      level->open.value += span_count (span);
      level->state_ns[span->state] += length;
      /* A summary keeps a line only where all it stands for share it. */
      if (level->open.line != span->line)
        level->open.line = 0;
    }
  else
    {
      span_level_close (level);
      level->closed = index;
      level->open = *span;
      level->open.flags = (span->flags & WEFT_SPAN_CUT) | WEFT_SPAN_MERGED;
      level->open.value = span_count (span);
      memset (level->state_ns, 0, sizeof level->state_ns);
      level->state_ns[span->state] = length;
      level->has_open = TRUE;
    }

  if (level->open.end_ns - level->open.start_ns >= resolution)
    {
      span_level_close (level);
      level->closed = index + 1;
    }
}

void
weft_span_lod_update (WeftSpanLod    *lod,
                      const WeftSpan *raw,
                      guint           n_raw)
{
  const WeftSpan *finer = raw;
  guint n_finer = n_raw;

  for (guint k = 1; k <= WEFT_LOD_MAX_LEVELS; k++)
    {
      SpanLevel *level = &lod->levels[k];

      if (k > lod->n_levels)
        {
          if (n_finer <= WEFT_LOD_MIN_ITEMS)
            break;
          weft_vec_init (&level->items, sizeof (WeftSpan));
          level->resolution = next_span_resolution (k, lod->levels[k - 1].resolution,
                                                    finer[n_finer - 1].end_ns - finer[0].start_ns, n_finer);
          lod->n_levels = k;
        }

      for (; level->consumed < n_finer; level->consumed++)
        span_level_fold (level, &finer[level->consumed]);

      finer = weft_vec_items (&level->items, const WeftSpan);
      n_finer = level->items.len;
    }
}

static gboolean
span_ends_by (gconstpointer item,
              gconstpointer key)
{
  return ((const WeftSpan *) item)->end_ns <= *(const gint64 *) key;
}

/* First index whose item ends after t0; items are disjoint and sorted,
 * so their ends are sorted too. */
static guint
first_span_ending_after (const WeftSpan *items,
                         guint           n,
                         gint64          t0)
{
  return weft_lower_bound (items, sizeof *items, 0, n, span_ends_by, &t0);
}

/* How many items each level, 0 being @raw, lets go of when the raw
 * detail goes before @cut_ns: those that end by the level's cut, as far
 * as the next coarser level has closed over them.  The coarsest keeps
 * all it has. */
static void
span_lod_plan (WeftSpanLod    *lod,
               const WeftVec  *raw,
               gint64          cut_ns,
               gint64          end_ns,
               gint64         *cuts,
               guint          *drop)
{
  gint64 resolution[WEFT_LOD_MAX_LEVELS + 1];

  for (guint k = 0; k <= lod->n_levels; k++)
    resolution[k] = lod->levels[k].resolution;
  level_cuts (cut_ns, end_ns, resolution, lod->n_levels, cuts);
  for (guint k = 0; k <= lod->n_levels; k++)
    {
      const WeftVec *items = k == 0 ? raw : &lod->levels[k].items;

      drop[k] = 0;
      if (k < lod->n_levels)
        drop[k] = MIN (first_span_ending_after (weft_vec_items (items, const WeftSpan), items->len, cuts[k]),
                       lod->levels[k + 1].closed);
    }
}

/**
 * weft_span_lod_memory_after:
 *
 * What @raw and the summary would take after weft_span_lod_let_go()
 * with the same times.
 */
gsize
weft_span_lod_memory_after (WeftSpanLod   *lod,
                            const WeftVec *raw,
                            gint64         cut_ns,
                            gint64         end_ns)
{
  gint64 cuts[WEFT_LOD_MAX_LEVELS + 1];
  guint drop[WEFT_LOD_MAX_LEVELS + 1];
  gsize bytes;

  span_lod_plan (lod, raw, cut_ns, end_ns, cuts, drop);
  bytes = sizeof *lod + weft_vec_memory_after_remove_front (raw, drop[0]);
  for (guint k = 1; k <= lod->n_levels; k++)
    bytes += weft_vec_memory_after_remove_front (&lod->levels[k].items, drop[k]);
  return bytes;
}

/**
 * weft_span_lod_let_go:
 * @raw: the raw spans the summary was built from
 * @cut_ns: the raw spans that end by then go
 * @end_ns: the latest time recorded
 *
 * Drops the raw spans that end by @cut_ns, and the items of each level
 * that end by that level's cut (see level_cuts()), wherever a coarser
 * level has them closed over, so the range they covered is still drawn,
 * from the finest level left.
 */
void
weft_span_lod_let_go (WeftSpanLod *lod,
                      WeftVec     *raw,
                      gint64       cut_ns,
                      gint64       end_ns)
{
  gint64 cuts[WEFT_LOD_MAX_LEVELS + 1];
  guint drop[WEFT_LOD_MAX_LEVELS + 1];

  span_lod_plan (lod, raw, cut_ns, end_ns, cuts, drop);
  for (guint k = 0; k < lod->n_levels; k++)
    {
      WeftVec *items = k == 0 ? raw : &lod->levels[k].items;
      SpanLevel *coarser = &lod->levels[k + 1];

      if (drop[k] == 0)
        continue;
      /* Disjoint and sorted: what is left starts after this. */
      lod->levels[k].from_ns = weft_vec_index (items, WeftSpan, drop[k] - 1).end_ns;
      weft_vec_remove_front (items, drop[k]);
      weft_vec_shrink (items);
      coarser->consumed -= drop[k];
      coarser->closed -= drop[k];
    }
}

/**
 * weft_span_lod_let_go_summarised:
 * @raw: the raw spans the summary was built from
 *
 * Drops every raw span the first level has closed over, for rows whose
 * detail is told another way (weft-queue-rows.h) and whose summary is
 * all that is asked of them when zoomed out.  A query that would read
 * raw spans there reads the first level instead.
 */
void
weft_span_lod_let_go_summarised (WeftSpanLod *lod,
                                 WeftVec     *raw)
{
  SpanLevel *coarser = &lod->levels[1];
  guint drop;

  if (lod->n_levels == 0 || coarser->closed == 0)
    return;
  drop = MIN (coarser->closed, raw->len);
  lod->levels[0].from_ns = weft_vec_index (raw, WeftSpan, drop - 1).end_ns;
  weft_vec_remove_front (raw, drop);
  weft_vec_shrink_if_sparse (raw);
  coarser->consumed -= drop;
  coarser->closed -= drop;
}

/* Where each level's items begin. */
static void
span_lod_froms (WeftSpanLod *lod,
                gint64      *from_ns)
{
  for (guint k = 0; k <= lod->n_levels; k++)
    from_ns[k] = lod->levels[k].from_ns;
}

static void
emit_if_visible (const WeftSpan *span,
                 gint64          t0,
                 gint64          t1,
                 WeftSpanFunc    func,
                 gpointer        user_data)
{
  if (span->end_ns > t0 && span->start_ns < t1)
    func (span, user_data);
}

/**
 * weft_span_lod_query:
 *
 * Calls @func, in time order, for every item that overlaps [t0, t1) at
 * the level of detail that suits @ns_per_pixel: the level's closed items,
 * then the items still growing at that level and every finer one, which
 * together cover what the level has not closed yet.  Where that level
 * has let go of its items, the finest level that still has them stands
 * in, its items cut short where the finer ones begin.
 */
void
weft_span_lod_query (WeftSpanLod    *lod,
                     const WeftSpan *raw,
                     guint           n_raw,
                     gint64          t0,
                     gint64          t1,
                     gint64          ns_per_pixel,
                     WeftSpanFunc    func,
                     gpointer        user_data)
{
  gint64 from_ns[WEFT_LOD_MAX_LEVELS + 1];
  Part parts[WEFT_LOD_MAX_LEVELS + 1];
  guint k = 0, n_parts;

  /* The coarsest level whose items are at most two pixels wide (merged
   * ones a pixel or two, long spans as they are); 0 is the raw spans.
   * The chart then merges per pixel, so nothing finer would show. */
  while (k < lod->n_levels && lod->levels[k + 1].resolution <= 2 * ns_per_pixel)
    k++;

  span_lod_froms (lod, from_ns);
  n_parts = plan_parts (from_ns, k, lod->n_levels, t0, t1, parts);
  for (guint p = 0; p < n_parts; p++)
    {
      const Part *part = &parts[p];
      const WeftSpan *items = raw;
      guint n = n_raw;

      if (part->level > 0)
        {
          items = weft_vec_items (&lod->levels[part->level].items, const WeftSpan);
          n = lod->levels[part->level].items.len;
        }
      for (guint i = first_span_ending_after (items, n, part->from_ns); i < n && items[i].start_ns < part->to_ns; i++)
        {
          WeftSpan cut;

          if (part->to_ns == t1 || items[i].end_ns <= part->to_ns)
            {
              func (&items[i], user_data);
              continue;
            }
          /* A coarse item reaching into where finer ones take over. */
          cut = items[i];
          cut.end_ns = part->to_ns;
          func (&cut, user_data);
        }
    }

  for (guint j = k; j >= 1; j--)
    if (lod->levels[j].has_open)
      {
        SpanLevel *level = &lod->levels[j];
        WeftSpan open = level->open;
        guint best = 0;

        for (guint s = 1; s < WEFT_N_STATES; s++)
          if (level->state_ns[s] > level->state_ns[best])
            best = s;
        open.state = best;
        emit_if_visible (&open, t0, t1, func, user_data);
      }
}

WeftSampleLod *
weft_sample_lod_new (void)
{
  WeftSampleLod *lod = g_new0 (WeftSampleLod, 1);

  for (guint k = 0; k <= WEFT_LOD_MAX_LEVELS; k++)
    lod->levels[k].from_ns = G_MININT64;
  return lod;
}

void
weft_sample_lod_free (WeftSampleLod *lod)
{
  if (lod == NULL)
    return;
  for (guint k = 1; k <= lod->n_levels; k++)
    weft_vec_clear (&lod->levels[k].items);
  g_free (lod);
}

gsize
weft_sample_lod_get_memory (WeftSampleLod *lod)
{
  gsize bytes = sizeof *lod;

  for (guint k = 1; k <= lod->n_levels; k++)
    bytes += weft_vec_get_memory (&lod->levels[k].items);
  return bytes;
}

static void
sample_level_fold (SampleLevel            *level,
                   const WeftSampleBucket *bucket)
{
  if (level->has_open && bucket->start_ns - level->open.start_ns < level->resolution)
    {
      level->open.end_ns = MAX (level->open.end_ns, bucket->end_ns);
      level->open.min = MIN (level->open.min, bucket->min);
      level->open.max = MAX (level->open.max, bucket->max);
      level->open.last = bucket->last;
      return;
    }
  if (level->has_open)
    weft_vec_append (&level->items, &level->open);
  level->closed = level->consumed;
  level->open = *bucket;
  level->has_open = TRUE;
}

static WeftSampleBucket
bucket_of_sample (const WeftSample *sample)
{
  WeftSampleBucket bucket = {
    sample->time_ns, sample->time_ns, sample->value, sample->value, sample->value
  };
  return bucket;
}

void
weft_sample_lod_update (WeftSampleLod    *lod,
                        const WeftSample *raw,
                        guint             n_raw)
{
  const WeftSampleBucket *finer = NULL;
  guint n_finer = n_raw;

  for (guint k = 1; k <= WEFT_LOD_MAX_LEVELS; k++)
    {
      SampleLevel *level = &lod->levels[k];

      if (k > lod->n_levels)
        {
          gint64 extent;

          if (n_finer <= WEFT_LOD_MIN_ITEMS)
            break;
          extent = k == 1 ? raw[n_raw - 1].time_ns - raw[0].time_ns
                          : finer[n_finer - 1].end_ns - finer[0].start_ns;
          weft_vec_init (&level->items, sizeof (WeftSampleBucket));
          level->resolution = next_resolution (lod->levels[k - 1].resolution, extent, n_finer);
          lod->n_levels = k;
        }

      for (; level->consumed < n_finer; level->consumed++)
        {
          WeftSampleBucket bucket;

          if (k == 1)
            bucket = bucket_of_sample (&raw[level->consumed]);
          else
            bucket = finer[level->consumed];
          sample_level_fold (level, &bucket);
        }

      finer = weft_vec_items (&level->items, const WeftSampleBucket);
      n_finer = level->items.len;
    }
}

static gboolean
sample_before (gconstpointer item,
               gconstpointer key)
{
  return ((const WeftSample *) item)->time_ns < *(const gint64 *) key;
}

static gboolean
sample_at_or_before (gconstpointer item,
                     gconstpointer key)
{
  return ((const WeftSample *) item)->time_ns <= *(const gint64 *) key;
}

static gboolean
bucket_ends_before (gconstpointer item,
                    gconstpointer key)
{
  return ((const WeftSampleBucket *) item)->end_ns < *(const gint64 *) key;
}

static gboolean
bucket_starts_before (gconstpointer item,
                      gconstpointer key)
{
  return ((const WeftSampleBucket *) item)->start_ns < *(const gint64 *) key;
}

static gboolean
bucket_starts_by (gconstpointer item,
                  gconstpointer key)
{
  return ((const WeftSampleBucket *) item)->start_ns <= *(const gint64 *) key;
}

/* As span_lod_plan(): the raw samples before the cut go but the last
 * one, so the value from the cut on is still known; buckets go when
 * their last sample is before the cut. */
static void
sample_lod_plan (WeftSampleLod *lod,
                 const WeftVec *raw,
                 gint64         cut_ns,
                 gint64         end_ns,
                 gint64        *cuts,
                 guint         *drop)
{
  gint64 resolution[WEFT_LOD_MAX_LEVELS + 1];

  for (guint k = 0; k <= lod->n_levels; k++)
    resolution[k] = lod->levels[k].resolution;
  level_cuts (cut_ns, end_ns, resolution, lod->n_levels, cuts);
  for (guint k = 0; k <= lod->n_levels; k++)
    {
      guint before;

      drop[k] = 0;
      if (k == lod->n_levels)
        continue;
      if (k == 0)
        {
          before = weft_lower_bound (raw->data, raw->elt_size, 0, raw->len, sample_before, &cuts[0]);
          before = before > 0 ? before - 1 : 0;
        }
      else
        before = weft_lower_bound (lod->levels[k].items.data, sizeof (WeftSampleBucket), 0,
                                   lod->levels[k].items.len, bucket_ends_before, &cuts[k]);
      drop[k] = MIN (before, lod->levels[k + 1].closed);
    }
}

gsize
weft_sample_lod_memory_after (WeftSampleLod *lod,
                              const WeftVec *raw,
                              gint64         cut_ns,
                              gint64         end_ns)
{
  gint64 cuts[WEFT_LOD_MAX_LEVELS + 1];
  guint drop[WEFT_LOD_MAX_LEVELS + 1];
  gsize bytes;

  sample_lod_plan (lod, raw, cut_ns, end_ns, cuts, drop);
  bytes = sizeof *lod + weft_vec_memory_after_remove_front (raw, drop[0]);
  for (guint k = 1; k <= lod->n_levels; k++)
    bytes += weft_vec_memory_after_remove_front (&lod->levels[k].items, drop[k]);
  return bytes;
}

/* As weft_span_lod_let_go(), for counter samples and their buckets. */
void
weft_sample_lod_let_go (WeftSampleLod *lod,
                        WeftVec       *raw,
                        gint64         cut_ns,
                        gint64         end_ns)
{
  gint64 cuts[WEFT_LOD_MAX_LEVELS + 1];
  guint drop[WEFT_LOD_MAX_LEVELS + 1];

  sample_lod_plan (lod, raw, cut_ns, end_ns, cuts, drop);
  for (guint k = 0; k < lod->n_levels; k++)
    {
      WeftVec *items = k == 0 ? raw : &lod->levels[k].items;
      SampleLevel *coarser = &lod->levels[k + 1];

      if (drop[k] == 0)
        continue;
      if (k == 0)
        lod->levels[0].from_ns = weft_vec_index (items, WeftSample, drop[0]).time_ns;
      else if (drop[k] < items->len)
        lod->levels[k].from_ns = weft_vec_index (items, WeftSampleBucket, drop[k]).start_ns;
      else
        lod->levels[k].from_ns = weft_vec_last (items, WeftSampleBucket)->end_ns + 1;
      weft_vec_remove_front (items, drop[k]);
      weft_vec_shrink (items);
      coarser->consumed -= drop[k];
      coarser->closed -= drop[k];
    }
}

/**
 * weft_sample_lod_rewind:
 * @raw: the samples, with one inserted at @time_ns since the last update
 *
 * A late sample landed among those already folded in: every level
 * forgets what it built from @time_ns on, to fold it again at the next
 * update.  Buckets that hold samples the finer level has let go of
 * cannot be built again and stay as they are.
 */
void
weft_sample_lod_rewind (WeftSampleLod    *lod,
                        const WeftSample *raw,
                        guint             n_raw,
                        gint64            time_ns)
{
  /* Level k keeps the buckets that end before this. */
  gint64 keep_before = time_ns;

  for (guint k = 1; k <= lod->n_levels; k++)
    {
      SampleLevel *level = &lod->levels[k];
      const WeftSampleBucket *items = weft_vec_items (&level->items, const WeftSampleBucket);
      guint keep = weft_lower_bound (items, sizeof *items, 0, level->items.len, bucket_ends_before, &keep_before);
      guint pinned = weft_lower_bound (items, sizeof *items, 0, level->items.len, bucket_starts_before,
                                       &lod->levels[k - 1].from_ns);
      gint64 kept_end;

      keep = MAX (keep, pinned);
      weft_vec_truncate (&level->items, keep);
      level->has_open = FALSE;
      kept_end = keep > 0 ? items[keep - 1].end_ns : G_MININT64;
      /* The finer items after the last bucket kept are folded again. */
      if (k == 1)
        level->consumed = weft_lower_bound (raw, sizeof *raw, 0, n_raw, sample_at_or_before, &kept_end);
      else
        level->consumed = weft_lower_bound (lod->levels[k - 1].items.data, sizeof *items, 0,
                                            lod->levels[k - 1].items.len, bucket_starts_by, &kept_end);
      level->closed = level->consumed;
      /* A coarser bucket that took in one dropped here goes too. */
      keep_before = kept_end == G_MININT64 ? G_MININT64 : kept_end + 1;
    }
}

/**
 * weft_sample_lod_query:
 *
 * Calls @func, in time order, with the buckets that cover [t0, t1) at
 * the level suiting @ns_per_pixel, starting with the last one before t0
 * so a step line can begin at the left edge with the right value.
 * Where that level has let go of its buckets, the finest level that
 * still has them stands in.
 */
void
weft_sample_lod_query (WeftSampleLod    *lod,
                       const WeftSample *raw,
                       guint             n_raw,
                       gint64            t0,
                       gint64            t1,
                       gint64            ns_per_pixel,
                       WeftBucketFunc    func,
                       gpointer          user_data)
{
  gint64 from_ns[WEFT_LOD_MAX_LEVELS + 1];
  Part parts[WEFT_LOD_MAX_LEVELS + 1];
  guint k = 0, n_parts;

  while (k < lod->n_levels && lod->levels[k + 1].resolution <= ns_per_pixel)
    k++;

  for (guint j = 0; j <= lod->n_levels; j++)
    from_ns[j] = lod->levels[j].from_ns;
  n_parts = plan_parts (from_ns, k, lod->n_levels, t0, t1, parts);
  for (guint p = 0; p < n_parts; p++)
    {
      const Part *part = &parts[p];
      guint lo;

      if (part->level == 0)
        {
          lo = weft_lower_bound (raw, sizeof *raw, 0, n_raw, sample_before, &part->from_ns);
          /* Only the oldest part starts with what came before t0. */
          for (guint i = p == 0 && lo > 0 ? lo - 1 : lo; i < n_raw && raw[i].time_ns < part->to_ns; i++)
            {
              WeftSampleBucket bucket = bucket_of_sample (&raw[i]);
              func (&bucket, user_data);
            }
        }
      else
        {
          const WeftSampleBucket *items = weft_vec_items (&lod->levels[part->level].items, const WeftSampleBucket);
          guint n = lod->levels[part->level].items.len;

          lo = weft_lower_bound (items, sizeof *items, 0, n, bucket_ends_before, &part->from_ns);
          for (guint i = p == 0 && lo > 0 ? lo - 1 : lo; i < n && items[i].start_ns < part->to_ns; i++)
            func (&items[i], user_data);
        }
    }

  /* What level k has not closed yet, from coarse to fine; it comes
   * after every closed bucket, so it starts past t1 if any of them did. */
  for (guint j = k; j >= 1; j--)
    if (lod->levels[j].has_open && lod->levels[j].open.start_ns < t1)
      func (&lod->levels[j].open, user_data);
}

/* @marks: the kinds the chart draws as marks (1 << code): a summary
 * keeps one of each in every stretch. */
WeftInstantLod *
weft_instant_lod_new (guint64 marks)
{
  WeftInstantLod *lod = g_new0 (WeftInstantLod, 1);

  lod->marks = marks;
  for (guint k = 0; k <= WEFT_LOD_MAX_LEVELS; k++)
    lod->levels[k].from_ns = G_MININT64;
  return lod;
}

void
weft_instant_lod_free (WeftInstantLod *lod)
{
  if (lod == NULL)
    return;
  for (guint k = 1; k <= lod->n_levels; k++)
    weft_vec_clear (&lod->levels[k].items);
  g_free (lod);
}

gsize
weft_instant_lod_get_memory (WeftInstantLod *lod)
{
  gsize bytes = sizeof *lod;

  for (guint k = 1; k <= lod->n_levels; k++)
    bytes += weft_vec_get_memory (&lod->levels[k].items);
  return bytes;
}

void
weft_instant_lod_update (WeftInstantLod          *lod,
                         const WeftInstantRecord *raw,
                         guint                    n_raw)
{
  const WeftInstantRecord *finer = raw;
  guint n_finer = n_raw;

  for (guint k = 1; k <= WEFT_LOD_MAX_LEVELS; k++)
    {
      InstantLevel *level = &lod->levels[k];

      if (k > lod->n_levels)
        {
          if (n_finer <= WEFT_LOD_MIN_ITEMS)
            break;
          weft_vec_init (&level->items, sizeof (WeftInstantRecord));
          level->resolution = next_resolution (lod->levels[k - 1].resolution,
                                               finer[n_finer - 1].time_ns - finer[0].time_ns, n_finer);
          lod->n_levels = k;
        }

      /* A stretch keeps the first instant of each kind the chart draws
       * as a mark, so a summary hides no mark behind another: a write
       * stays beside the reads around it.  Other kinds (a hand-off, an
       * acquire the critical span shows) are kept only where the
       * stretch has nothing else, the weightiest. */
      for (; level->consumed < n_finer; level->consumed++)
        {
          const WeftInstantRecord *instant = &finer[level->consumed];
          WeftInstantRecord *kept = level->items.len > 0 ? weft_vec_last (&level->items, WeftInstantRecord) : NULL;
          guint64 bit = G_GUINT64_CONSTANT (1) << (instant->instant % 64);
          gboolean marked = (lod->marks & bit) != 0;

          if (kept == NULL || instant->time_ns / level->resolution != kept->time_ns / level->resolution)
            {
              weft_vec_append (&level->items, instant);
              level->kinds = marked ? bit : 0;
            }
          else if (level->kinds == 0 &&
                   (marked || weft_instant_weight (instant->instant) > weft_instant_weight (kept->instant)))
            {
              /* The stretch held no mark yet: this one tells more. */
              *kept = *instant;
              level->kinds = marked ? bit : 0;
            }
          else if (marked && !(level->kinds & bit))
            {
              weft_vec_append (&level->items, instant);
              level->kinds |= bit;
            }
        }

      finer = weft_vec_items (&level->items, const WeftInstantRecord);
      n_finer = level->items.len;
    }
}

static gboolean
instant_before (gconstpointer item,
                gconstpointer key)
{
  return ((const WeftInstantRecord *) item)->time_ns < *(const gint64 *) key;
}

/* The instants before the cut go, all folded in already; a level keeps
 * its last, which a later finer instant in its stretch may replace. */
static void
instant_lod_plan (WeftInstantLod *lod,
                  const WeftVec  *raw,
                  gint64          cut_ns,
                  gint64          end_ns,
                  gint64         *cuts,
                  guint          *drop)
{
  gint64 resolution[WEFT_LOD_MAX_LEVELS + 1];

  for (guint k = 0; k <= lod->n_levels; k++)
    resolution[k] = lod->levels[k].resolution;
  level_cuts (cut_ns, end_ns, resolution, lod->n_levels, cuts);
  for (guint k = 0; k <= lod->n_levels; k++)
    {
      const WeftVec *items = k == 0 ? raw : &lod->levels[k].items;

      drop[k] = 0;
      if (k == lod->n_levels)
        continue;
      drop[k] = weft_lower_bound (items->data, sizeof (WeftInstantRecord), 0, items->len, instant_before, &cuts[k]);
      if (k > 0 && items->len > 0)
        drop[k] = MIN (drop[k], items->len - 1);
      drop[k] = MIN (drop[k], lod->levels[k + 1].consumed);
    }
}

gsize
weft_instant_lod_memory_after (WeftInstantLod *lod,
                               const WeftVec  *raw,
                               gint64          cut_ns,
                               gint64          end_ns)
{
  gint64 cuts[WEFT_LOD_MAX_LEVELS + 1];
  guint drop[WEFT_LOD_MAX_LEVELS + 1];
  gsize bytes;

  instant_lod_plan (lod, raw, cut_ns, end_ns, cuts, drop);
  bytes = sizeof *lod + weft_vec_memory_after_remove_front (raw, drop[0]);
  for (guint k = 1; k <= lod->n_levels; k++)
    bytes += weft_vec_memory_after_remove_front (&lod->levels[k].items, drop[k]);
  return bytes;
}

/* As weft_span_lod_let_go(), for instants. */
void
weft_instant_lod_let_go (WeftInstantLod *lod,
                         WeftVec        *raw,
                         gint64          cut_ns,
                         gint64          end_ns)
{
  gint64 cuts[WEFT_LOD_MAX_LEVELS + 1];
  guint drop[WEFT_LOD_MAX_LEVELS + 1];

  instant_lod_plan (lod, raw, cut_ns, end_ns, cuts, drop);
  for (guint k = 0; k < lod->n_levels; k++)
    {
      WeftVec *items = k == 0 ? raw : &lod->levels[k].items;
      gint64 first_kept;

      if (drop[k] == 0)
        continue;
      /* From the cut on, or from the first one kept, if that is older. */
      first_kept = drop[k] < items->len ? weft_vec_index (items, WeftInstantRecord, drop[k]).time_ns : G_MAXINT64;
      lod->levels[k].from_ns = MAX (lod->levels[k].from_ns, MIN (cuts[k], first_kept));
      weft_vec_remove_front (items, drop[k]);
      weft_vec_shrink (items);
      lod->levels[k + 1].consumed -= drop[k];
    }
}

/**
 * weft_instant_lod_plan:
 * @parts: (out caller-allocates) (array fixed-size=13): filled oldest first
 *
 * The instants to look through for columns @ns_per_column wide, part by
 * part of [t0, t1): the coarsest level with at least two stretches per
 * column, so each column still sees a few, or @raw when none is that
 * fine; and where that level has let go of its instants, the finest
 * level that still has them.  Every instant lies within half a column
 * of one kept at the level chosen.
 *
 * Returns: how many parts
 */
guint
weft_instant_lod_plan (WeftInstantLod          *lod,
                       const WeftInstantRecord *raw,
                       guint                    n_raw,
                       gint64                   t0,
                       gint64                   t1,
                       gint64                   ns_per_column,
                       WeftInstantPart         *parts)
{
  gint64 from_ns[WEFT_LOD_MAX_LEVELS + 1];
  Part planned[WEFT_LOD_MAX_LEVELS + 1];
  guint k = 0, n_parts;

  while (k < lod->n_levels && lod->levels[k + 1].resolution * 2 <= ns_per_column)
    k++;

  for (guint j = 0; j <= lod->n_levels; j++)
    from_ns[j] = lod->levels[j].from_ns;
  n_parts = plan_parts (from_ns, k, lod->n_levels, t0, t1, planned);
  for (guint p = 0; p < n_parts; p++)
    {
      guint level = planned[p].level;

      parts[p].items = level == 0 ? raw : weft_vec_items (&lod->levels[level].items, const WeftInstantRecord);
      parts[p].n_items = level == 0 ? n_raw : lod->levels[level].items.len;
      parts[p].from_ns = planned[p].from_ns;
      parts[p].to_ns = planned[p].to_ns;
    }
  return n_parts;
}
