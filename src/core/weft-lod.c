/* weft-lod.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-lod.h"

#include <string.h>

#include "weft-search.h"

typedef struct
{
  WeftVec items;                  /* WeftSpan, closed, sorted, disjoint */
  gint64 resolution;
  guint consumed;                 /* items of the finer level folded in */
  gboolean has_open;
  WeftSpan open;                  /* the item still growing */
  gint64 state_ns[WEFT_N_STATES]; /* time per state inside `open` */
} SpanLevel;

struct _WeftSpanLod
{
  guint n_levels;                 /* levels 1..n_levels are in use */
  SpanLevel levels[WEFT_LOD_MAX_LEVELS + 1];
};

typedef struct
{
  WeftVec items;                  /* WeftSampleBucket */
  gint64 resolution;
  guint consumed;
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
  WeftVec items;                  /* WeftInstantRecord: one per stretch */
  gint64 resolution;
  guint consumed;
} InstantLevel;

struct _WeftInstantLod
{
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

WeftSpanLod *
weft_span_lod_new (void)
{
  return g_new0 (WeftSpanLod, 1);
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

static void
span_level_fold (SpanLevel      *level,
                 const WeftSpan *span,
                 gint64          resolution)
{
  gint64 length = span->end_ns - span->start_ns;

  if (length >= resolution)
    {
      /* Wide enough to draw on its own at this level. */
      span_level_close (level);
      weft_vec_append (&level->items, span);
      return;
    }

  if (level->has_open && span->start_ns - level->open.end_ns < resolution)
    {
      level->open.end_ns = MAX (level->open.end_ns, span->end_ns);
      level->open.value += span_count (span);
      level->state_ns[span->state] += length;
    }
  else
    {
      span_level_close (level);
      level->open = *span;
      level->open.flags = (span->flags & WEFT_SPAN_CUT) | WEFT_SPAN_MERGED;
      level->open.value = span_count (span);
      memset (level->state_ns, 0, sizeof level->state_ns);
      level->state_ns[span->state] = length;
      level->has_open = TRUE;
    }

  if (level->open.end_ns - level->open.start_ns >= resolution)
    span_level_close (level);
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
          level->resolution = next_resolution (lod->levels[k - 1].resolution,
                                               finer[n_finer - 1].end_ns - finer[0].start_ns, n_finer);
          lod->n_levels = k;
        }

      for (; level->consumed < n_finer; level->consumed++)
        span_level_fold (level, &finer[level->consumed], level->resolution);

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
 * together cover what the level has not closed yet.
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
  guint k = 0;
  const WeftSpan *items = raw;
  guint n = n_raw;

  /* The coarsest level whose items are at most two pixels wide (merged
   * ones a pixel or two, long spans as they are); 0 is the raw spans.
   * The chart then merges per pixel, so nothing finer would show. */
  while (k < lod->n_levels && lod->levels[k + 1].resolution <= 2 * ns_per_pixel)
    k++;
  if (k > 0)
    {
      items = weft_vec_items (&lod->levels[k].items, const WeftSpan);
      n = lod->levels[k].items.len;
    }

  for (guint i = first_span_ending_after (items, n, t0); i < n && items[i].start_ns < t1; i++)
    func (&items[i], user_data);

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
  return g_new0 (WeftSampleLod, 1);
}

void
weft_sample_lod_reset (WeftSampleLod *lod)
{
  for (guint k = 1; k <= lod->n_levels; k++)
    weft_vec_clear (&lod->levels[k].items);
  memset (lod, 0, sizeof *lod);
}

void
weft_sample_lod_free (WeftSampleLod *lod)
{
  if (lod == NULL)
    return;
  weft_sample_lod_reset (lod);
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
                   const WeftSampleBucket *bucket,
                   gint64                  resolution)
{
  if (level->has_open && bucket->start_ns - level->open.start_ns < resolution)
    {
      level->open.end_ns = MAX (level->open.end_ns, bucket->end_ns);
      level->open.min = MIN (level->open.min, bucket->min);
      level->open.max = MAX (level->open.max, bucket->max);
      level->open.last = bucket->last;
      return;
    }
  if (level->has_open)
    weft_vec_append (&level->items, &level->open);
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
          sample_level_fold (level, &bucket, level->resolution);
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
bucket_ends_before (gconstpointer item,
                    gconstpointer key)
{
  return ((const WeftSampleBucket *) item)->end_ns < *(const gint64 *) key;
}

/**
 * weft_sample_lod_query:
 *
 * Calls @func, in time order, with the buckets that cover [t0, t1) at
 * the level suiting @ns_per_pixel, starting with the last one before t0
 * so a step line can begin at the left edge with the right value.
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
  guint k = 0;
  guint lo;

  while (k < lod->n_levels && lod->levels[k + 1].resolution <= ns_per_pixel)
    k++;
  if (k == 0)
    {
      lo = weft_lower_bound (raw, sizeof *raw, 0, n_raw, sample_before, &t0);
      for (guint i = lo > 0 ? lo - 1 : 0; i < n_raw && raw[i].time_ns < t1; i++)
        {
          WeftSampleBucket bucket = bucket_of_sample (&raw[i]);
          func (&bucket, user_data);
        }
      return;
    }

  {
    const WeftSampleBucket *items = weft_vec_items (&lod->levels[k].items, const WeftSampleBucket);
    guint n = lod->levels[k].items.len;
    gboolean past_end = FALSE;

    lo = weft_lower_bound (items, sizeof *items, 0, n, bucket_ends_before, &t0);
    for (guint i = lo > 0 ? lo - 1 : 0; i < n; i++)
      {
        if (items[i].start_ns >= t1)
          {
            past_end = TRUE;
            break;
          }
        func (&items[i], user_data);
      }
    if (past_end)
      return;

    /* What level k has not closed yet, from coarse to fine. */
    for (guint j = k; j >= 1; j--)
      if (lod->levels[j].has_open && lod->levels[j].open.start_ns < t1)
        func (&lod->levels[j].open, user_data);
  }
}

WeftInstantLod *
weft_instant_lod_new (void)
{
  return g_new0 (WeftInstantLod, 1);
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

      for (; level->consumed < n_finer; level->consumed++)
        {
          const WeftInstantRecord *instant = &finer[level->consumed];
          WeftInstantRecord *kept = level->items.len > 0 ? weft_vec_last (&level->items, WeftInstantRecord) : NULL;

          if (kept == NULL || instant->time_ns / level->resolution != kept->time_ns / level->resolution)
            weft_vec_append (&level->items, instant);
          else if (weft_instant_weight (instant->instant) > weft_instant_weight (kept->instant))
            *kept = *instant;
        }

      finer = weft_vec_items (&level->items, const WeftInstantRecord);
      n_finer = level->items.len;
    }
}

/**
 * weft_instant_lod_level:
 *
 * The instants to look through for columns @ns_per_column wide: the
 * coarsest level with at least two stretches per column, so each
 * column still sees a few, or @raw when none is that fine.  Every
 * instant lies within half a column of one kept at that level.
 */
const WeftInstantRecord *
weft_instant_lod_level (WeftInstantLod          *lod,
                        const WeftInstantRecord *raw,
                        guint                    n_raw,
                        gint64                   ns_per_column,
                        guint                   *n_items)
{
  guint k = 0;

  while (k < lod->n_levels && lod->levels[k + 1].resolution * 2 <= ns_per_column)
    k++;
  if (k == 0)
    {
      *n_items = n_raw;
      return raw;
    }
  *n_items = lod->levels[k].items.len;
  return weft_vec_items (&lod->levels[k].items, const WeftInstantRecord);
}
