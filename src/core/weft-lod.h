/* weft-lod.h: level-of-detail summaries of sorted spans and counter samples
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Level k merges what is shorter than its resolution r_k into items at
 * least r_k long, as Tracy folds spans under a few pixels: a query at p ns
 * per pixel reads the coarsest level with r_k <= p, so it meets a few
 * items per pixel column however many events lie beneath.  Level k is
 * built only once level k-1 holds more than WEFT_LOD_MIN_ITEMS, with r_k
 * at least four times r_(k-1) and four times level k-1's mean spacing
 * (two for spans above level 1, whose items are each r_(k-1) long or
 * more), so a sparse lane costs nothing extra and each level of a dense
 * one is about a quarter of the one below.  Levels fold in new items
 * incrementally as the timeline grows.
 *
 * Instants are points, so nothing merges: level k keeps, of each
 * r_k-wide stretch of time that holds any, the instant that tells most
 * (weft_instant_weight(), the first of equals).
 *
 * To stay within a memory budget the timeline lets go of the oldest
 * items, raw ones and the finer levels' alike (weft_*_lod_let_go()); a
 * level drops only what a coarser one holds, the coarsest drops nothing,
 * and a query over a range a level no longer covers reads the finest
 * level that does.  Old time is then drawn as zoomed out, never blank.
 */

#pragma once

#include <glib.h>

#include "weft-event.h"
#include "weft-vec.h"

G_BEGIN_DECLS

#define WEFT_LOD_MAX_LEVELS 12
#define WEFT_LOD_BASE_NS G_GINT64_CONSTANT (1024)
#define WEFT_LOD_MIN_ITEMS 1024u

typedef enum
{
  WEFT_SPAN_OPEN = 1 << 0,    /* still running: end is "now" */
  WEFT_SPAN_CUT = 1 << 1,     /* the run ended before the span did */
  WEFT_SPAN_MERGED = 1 << 2,  /* a summary: value counts the spans merged */
  WEFT_SPAN_LOST = 1 << 3,    /* its end fell in a gap of dropped events: drawn up
                               * to where the gap began, its true end unknown */
} WeftSpanFlags;

/* 32 bytes: one span stands for its begin and end events. */
typedef struct
{
  gint64 start_ns;
  gint64 end_ns;
  gint64 value;        /* round, phase or item; for merged items, how many spans */
  guint16 arg;         /* pattern label such as a rendezvous step, 0 = none */
  guint16 line;        /* the listing line its begin event carried, 0 = none */
  guint16 object;
  guint8 state;        /* WeftState; for merged items the one that took most time */
  guint8 flags;        /* WeftSpanFlags */
} WeftSpan;

G_STATIC_ASSERT (sizeof (WeftSpan) == 32);

typedef struct
{
  gint64 time_ns;
  gint64 value;
} WeftSample;

/* 24 bytes. */
typedef struct
{
  gint64 time_ns;
  gint64 value;
  guint16 object;
  guint8 instant;      /* WeftInstant */
  guint8 line;         /* the listing line it carried, 0 = none (listings are short) */
  guint32 arg;         /* the event's arg: a RAISE's message (weft_run_get_message()),
                        * a late CANCEL's flag (weft-timer.h) */
} WeftInstantRecord;

G_STATIC_ASSERT (sizeof (WeftInstantRecord) == 24);

/* A run of counter samples seen at a coarser resolution. */
typedef struct
{
  gint64 start_ns;
  gint64 end_ns;       /* time of the last sample inside */
  gint64 min;
  gint64 max;
  gint64 last;
} WeftSampleBucket;

typedef struct _WeftSpanLod WeftSpanLod;
typedef struct _WeftSampleLod WeftSampleLod;
typedef struct _WeftInstantLod WeftInstantLod;

typedef void (*WeftSpanFunc)   (const WeftSpan *span,
                                gpointer        user_data);
typedef void (*WeftBucketFunc) (const WeftSampleBucket *bucket,
                                gpointer                user_data);

/* What to look through for instants, part of a query's range by part. */
typedef struct
{
  const WeftInstantRecord *items;
  guint n_items;
  gint64 from_ns;      /* this part of the range: [from_ns, to_ns) */
  gint64 to_ns;
} WeftInstantPart;

/* The timeline lets go of old items: the raw ones from before @cut_ns,
 * and each level's from further back, the coarser the further, up to
 * the latest time recorded, @end_ns. */
WeftSpanLod *weft_span_lod_new        (void);
void         weft_span_lod_free       (WeftSpanLod *lod);
void         weft_span_lod_update     (WeftSpanLod    *lod,
                                       const WeftSpan *raw,
                                       guint           n_raw);
gsize        weft_span_lod_get_memory (WeftSpanLod *lod);
gsize        weft_span_lod_memory_after (WeftSpanLod   *lod,
                                         const WeftVec *raw,
                                         gint64         cut_ns,
                                         gint64         end_ns);
void         weft_span_lod_let_go     (WeftSpanLod *lod,
                                       WeftVec     *raw,
                                       gint64       cut_ns,
                                       gint64       end_ns);
void         weft_span_lod_let_go_summarised (WeftSpanLod *lod,
                                              WeftVec     *raw);
void         weft_span_lod_query      (WeftSpanLod    *lod,
                                       const WeftSpan *raw,
                                       guint           n_raw,
                                       gint64          t0,
                                       gint64          t1,
                                       gint64          ns_per_pixel,
                                       WeftSpanFunc    func,
                                       gpointer        user_data);

WeftSampleLod *weft_sample_lod_new    (void);
void           weft_sample_lod_free   (WeftSampleLod *lod);
void           weft_sample_lod_update (WeftSampleLod    *lod,
                                       const WeftSample *raw,
                                       guint             n_raw);
void           weft_sample_lod_rewind (WeftSampleLod    *lod,
                                       const WeftSample *raw,
                                       guint             n_raw,
                                       gint64            time_ns);
gsize          weft_sample_lod_get_memory (WeftSampleLod *lod);
gsize          weft_sample_lod_memory_after (WeftSampleLod *lod,
                                             const WeftVec *raw,
                                             gint64         cut_ns,
                                             gint64         end_ns);
void           weft_sample_lod_let_go (WeftSampleLod *lod,
                                       WeftVec       *raw,
                                       gint64         cut_ns,
                                       gint64         end_ns);
void           weft_sample_lod_query  (WeftSampleLod    *lod,
                                       const WeftSample *raw,
                                       guint             n_raw,
                                       gint64            t0,
                                       gint64            t1,
                                       gint64            ns_per_pixel,
                                       WeftBucketFunc    func,
                                       gpointer          user_data);

WeftInstantLod *weft_instant_lod_new        (guint64 marks);
void            weft_instant_lod_free       (WeftInstantLod *lod);
void            weft_instant_lod_update     (WeftInstantLod          *lod,
                                             const WeftInstantRecord *raw,
                                             guint                    n_raw);
gsize           weft_instant_lod_get_memory (WeftInstantLod *lod);
gsize           weft_instant_lod_memory_after (WeftInstantLod *lod,
                                               const WeftVec  *raw,
                                               gint64          cut_ns,
                                               gint64          end_ns);
void            weft_instant_lod_let_go     (WeftInstantLod *lod,
                                             WeftVec        *raw,
                                             gint64          cut_ns,
                                             gint64          end_ns);
guint           weft_instant_lod_plan       (WeftInstantLod          *lod,
                                             const WeftInstantRecord *raw,
                                             guint                    n_raw,
                                             gint64                   t0,
                                             gint64                   t1,
                                             gint64                   ns_per_column,
                                             WeftInstantPart         *parts);

gsize           weft_array_get_memory       (GArray *array);

G_END_DECLS
