/* weft-check-fold.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the checks keep up with a run.
 *
 * A check reads the items of one trace in time order: spans by start,
 * instants and counter samples by time.  Sweeping the whole timeline
 * for every verdict costs seconds once a run holds tens of millions of
 * events, and it held the timeline's lock while it did.  Instead, each
 * pattern keeps a small running state (how many are inside now, the
 * most ever, the state of the rounds not yet finished, a bit per item)
 * and this file feeds it every item once, in time order, as the items
 * arrive; a verdict is read off the state in microseconds.
 *
 * The items arrive out of order.  The collector drains one ring after
 * another, so a drain brings each lane's events up to a different
 * moment, and a worker may stamp an event and then be preempted, or wait
 * for room in its ring, before publishing it: in a 64-thread run at full
 * speed some events reach the timeline over 100 ms after later-stamped
 * events of other lanes.  What does hold is that each lane's events come
 * in the order its thread stamped them.  So a lane that has delivered an
 * event stamped t will never deliver one stamped before t, and once
 * every lane has delivered something stamped at or after F (or its
 * thread has returned and been drained dry), nothing stamped before F
 * can still arrive: F is the fold's frontier (weft_timeline_ingest()
 * computes it).  The frontier trails the least recent lane, so a thread
 * blocked for long holds the verdict back that long, never wrong.
 *
 * Every lane's closed spans (one array per nesting depth), instants and
 * each object's committed samples are sorted already, so this keeps a
 * cursor into each array the pattern reads and merges them with a small
 * heap keyed by (time, rank, array), folding every item before the
 * frontier.  (Checks whose state does not depend on the order, such as
 * the barrier's per-phase sums, skip the merge: see any_order.)  Spans are folded whole, once closed; an open span that the
 * pattern reads stops the merge at its start until it closes.  At equal
 * times, instants come first, then samples, then spans (see
 * WeftCheckFuncs).  The cursors and the heap hold a few words per array,
 * and the patterns' states stay small, so memory does not grow with the
 * length of the run beyond a few bits per produced item.
 *
 * Should items ever come out of order all the same (a hand-built
 * timeline whose lanes are not in time order, or a pattern meeting a
 * round it has already retired), the live verdict is only as good as
 * that order, and weft_check_fold_finish() folds the finished timeline
 * once more, sorted as a whole, so the final verdict is always exact.
 */

#include "weft-check-fold.h"

#include <string.h>

#include "weft-checker.h"
#include "weft-timeline-private.h"

typedef enum
{
  SOURCE_SAMPLES,
  SOURCE_INSTANTS,
  SOURCE_SPANS,
} SourceKind;

/* Order at one moment: each kind of instant, then samples, then spans. */
#define RANK_SAMPLE ((guint32) WEFT_N_INSTANTS)
#define RANK_SPAN   ((guint32) WEFT_N_INSTANTS + 1)

/* One sorted array the pattern reads, and how far it has been folded. */
typedef struct
{
  WeftVec *array;            /* the timeline's own: its data moves as it grows */
  guint cursor;              /* the first item not folded yet */
  guint64 removed_seen;      /* array->n_removed when cursor was last moved */
  guint lane;
  guint8 kind;               /* SourceKind */
} Source;

/* The time of a source's next item, then its rank and the source's
 * index in one word, so that ties cost one more comparison, not two. */
typedef struct
{
  gint64 key;
  guint64 tie;
} HeapEntry;

#define TIE(rank, source) (((guint64) (rank) << 32) | (source))
#define TIE_RANK(tie) ((guint32) ((tie) >> 32))
#define TIE_SOURCE(tie) ((guint32) (tie))

/* An item of any source, for the one sort of a refold. */
typedef struct
{
  gint64 key;
  guint32 rank;
  guint32 source;
  guint index;
} SortedItem;

struct _WeftCheckFold
{
  WeftTimeline *timeline;    /* not a reference: the timeline owns its fold */
  const WeftCheckFuncs *funcs;
  gpointer state;
  WeftFoldFilter filter;
  GArray *sources;           /* Source */
  GArray *lane_depths;       /* guint8 per lane: depths whose spans have a source */
  HeapEntry *heap;
  guint heap_size;
  gint64 frontier;           /* every wanted item stamped before this is folded */
  gint64 last_key;           /* of the last item folded */
  guint32 last_rank;
  guint64 n_folded;
  guint64 n_missed;          /* items let go of before they were folded */
  gboolean let_go;           /* the timeline let go of items of some source */
  gboolean disordered;       /* an item came after a later one was folded */
  gboolean complete;
};

static inline gboolean
entry_before (const HeapEntry *a,
              const HeapEntry *b)
{
  return a->key < b->key || (a->key == b->key && a->tie < b->tie);
}

static void
sift_down (HeapEntry *heap,
           guint      n,
           guint      i)
{
  HeapEntry moving = heap[i];

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && entry_before (&heap[child + 1], &heap[child]))
        child++;
      if (!entry_before (&heap[child], &moving))
        break;
      heap[i] = heap[child];
      i = child;
    }
  heap[i] = moving;
}

static void
add_source (WeftCheckFold *self,
            SourceKind     kind,
            WeftVec       *array,
            guint          lane)
{
  Source source = { array, 0, array->n_removed, lane, kind };

  g_array_append_val (self->sources, source);
}

/* Sources for the lanes, and the nesting depths of a lane, that came
 * since the last advance: a lane that never nests has one for depth 0. */
static void
ensure_sources (WeftCheckFold *self)
{
  guint n_lanes = weft_timeline_get_n_lanes (self->timeline);

  while (self->lane_depths->len < n_lanes)
    {
      guint lane = self->lane_depths->len;
      guint8 none = 0;

      g_array_append_val (self->lane_depths, none);
      if (self->filter.instant_kinds != 0)
        add_source (self, SOURCE_INSTANTS, weft_timeline_get_instant_array (self->timeline, lane), lane);
    }
  if (self->filter.span_states != 0)
    for (guint lane = 0; lane < n_lanes; lane++)
      {
        guint8 *done = &g_array_index (self->lane_depths, guint8, lane);
        guint depth = weft_timeline_get_lane_depth (self->timeline, lane);

        for (; *done < depth; (*done)++)
          if (self->filter.span_depths & (1u << *done))
            add_source (self, SOURCE_SPANS, weft_timeline_get_span_array (self->timeline, lane, *done), lane);
      }
  if (self->heap_size < self->sources->len)
    {
      self->heap_size = self->sources->len;
      self->heap = g_renew (HeapEntry, self->heap, self->heap_size);
    }
}

static inline gboolean
instant_wanted (const WeftFoldFilter    *filter,
                const WeftInstantRecord *instant)
{
  return instant->instant < WEFT_INSTANT_MAX && (filter->instant_kinds & WEFT_INSTANT_BIT (instant->instant)) != 0 &&
         (filter->any_instant_object || filter->instant_object == instant->object);
}

/* Whether item @i of @source is one the pattern reads; its sort key. */
static inline gboolean
item_key (const WeftCheckFold *self,
          const Source        *source,
          guint                i,
          gint64              *key,
          guint32             *rank)
{
  switch (source->kind)
    {
    case SOURCE_SAMPLES:
      *key = weft_vec_index (source->array, WeftSample, i).time_ns;
      *rank = RANK_SAMPLE;
      return TRUE;
    case SOURCE_INSTANTS:
      {
        const WeftInstantRecord *instant = &weft_vec_index (source->array, WeftInstantRecord, i);

        *key = instant->time_ns;
        *rank = instant->instant;
        return instant_wanted (&self->filter, instant);
      }
    case SOURCE_SPANS:
    default:
      {
        const WeftSpan *span = &weft_vec_index (source->array, WeftSpan, i);

        *key = span->start_ns;
        *rank = RANK_SPAN;
        /* The source is for one depth the filter wants. */
        return (self->filter.span_states & (1u << span->state)) != 0 &&
               (self->filter.span_object == WEFT_FOLD_ANY_OBJECT || self->filter.span_object == span->object);
      }
    }
}

/* Moves the cursor past what the pattern does not read; the next item's
 * key, or FALSE at the end of what has arrived. */
static inline gboolean
peek (const WeftCheckFold *self,
      Source              *source,
      gint64              *key,
      guint32             *rank)
{
  for (; source->cursor < source->array->len; source->cursor++)
    if (item_key (self, source, source->cursor, key, rank))
      return TRUE;
  return FALSE;
}

static gboolean
fold_item (WeftCheckFold *self,
           const Source  *source,
           guint          i)
{
  /* A pattern that reads no items of a kind need not say what to do
   * with them. */
  switch (source->kind)
    {
    case SOURCE_SAMPLES:
      return self->funcs->fold_sample == NULL ||
             self->funcs->fold_sample (self->state, &weft_vec_index (source->array, WeftSample, i));
    case SOURCE_INSTANTS:
      return self->funcs->fold_instant == NULL ||
             self->funcs->fold_instant (self->state, source->lane,
                                        &weft_vec_index (source->array, WeftInstantRecord, i));
    case SOURCE_SPANS:
    default:
      return self->funcs->fold_span == NULL ||
             self->funcs->fold_span (self->state, source->lane, &weft_vec_index (source->array, WeftSpan, i));
    }
}

/* A pattern that declares no checks (a benchmark's) folds nothing and
 * reports none. */
static gpointer
no_checks_new (WeftTimeline   *timeline,
               gboolean        keep_all,
               WeftFoldFilter *filter)
{
  filter->span_states = 0;
  filter->instant_kinds = 0;
  filter->sample_object = WEFT_OBJECT_NONE;
  filter->any_order = TRUE;
  return NULL;
}

static void
no_checks_free (gpointer state)
{
}

static void
no_checks_report (gpointer      state,
                  WeftTimeline *timeline,
                  gboolean      complete,
                  WeftChecks   *checks)
{
}

static const WeftCheckFuncs no_checks = {
  .fold_new = no_checks_new,
  .fold_free = no_checks_free,
  .report = no_checks_report,
};

/**
 * weft_check_fold_new:
 *
 * A fold of @timeline's checks that has folded nothing yet.  The objects
 * the pattern's checks name must have been added to @timeline.
 */
WeftCheckFold *
weft_check_fold_new (WeftTimeline *timeline)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);
  WeftCheckFold *self = g_new0 (WeftCheckFold, 1);

  self->timeline = timeline;
  self->funcs = pattern->checks != NULL ? pattern->checks : &no_checks;
  self->filter.sample_object = WEFT_OBJECT_NONE;
  self->filter.span_object = WEFT_FOLD_ANY_OBJECT;
  self->state = self->funcs->fold_new (timeline, FALSE, &self->filter);
  self->sources = g_array_new (FALSE, FALSE, sizeof (Source));
  self->lane_depths = g_array_new (FALSE, FALSE, sizeof (guint8));
  if (self->filter.sample_object < weft_timeline_get_n_objects (timeline))
    add_source (self, SOURCE_SAMPLES, weft_timeline_get_sample_array (timeline, self->filter.sample_object), 0);
  self->frontier = G_MININT64;
  self->last_key = G_MININT64;
  ensure_sources (self);
  return self;
}

void
weft_check_fold_free (WeftCheckFold *self)
{
  if (self == NULL)
    return;
  self->funcs->fold_free (self->state);
  g_array_unref (self->sources);
  g_array_unref (self->lane_depths);
  g_free (self->heap);
  g_free (self);
}

/* The timeline lets go of its oldest items to stay within its memory
 * budget, only ever ones before the frontier, all folded already (see
 * weft_timeline_let_go_before()): each cursor moves back by as many
 * items as went from the front of its array since it last moved, so it
 * points at the same item.  Should items go that were never folded, the
 * verdict cannot cover them: they are counted, for tests to catch. */
static void
follow_let_go (WeftCheckFold *self,
               Source        *source)
{
  guint64 gone = source->array->n_removed - source->removed_seen;

  if (gone == 0)
    return;
  self->let_go = TRUE;
  if (gone > source->cursor)
    {
      self->n_missed += gone - source->cursor;
      source->cursor = 0;
    }
  else
    source->cursor -= (guint) gone;
  source->removed_seen = source->array->n_removed;
}

/* Folds every wanted item keyed before @limit (all of them with @all),
 * merging the sources in order. */
static void
fold_until (WeftCheckFold *self,
            gint64         limit,
            gboolean       all)
{
  HeapEntry *heap;
  guint n = 0;

  ensure_sources (self);
  heap = self->heap;
  for (guint i = 0; i < self->sources->len; i++)
    {
      Source *source = &g_array_index (self->sources, Source, i);
      gint64 key;
      guint32 rank;

      follow_let_go (self, source);
      /* A sample that came late landed before the cursor: the state has
       * folded its successors already. */
      if (source->kind == SOURCE_SAMPLES &&
          weft_timeline_take_late_sample (self->timeline, self->filter.sample_object) < source->cursor)
        self->disordered = TRUE;
      if (peek (self, source, &key, &rank) && (all || key < limit))
        heap[n++] = (HeapEntry) { key, TIE (rank, i) };
    }
  if (self->filter.any_order)
    {
      /* Each array in turn: what they hold before the limit is all there
       * will ever be, and the order does not matter to these checks. */
      for (guint i = 0; i < n; i++)
        {
          Source *source = &g_array_index (self->sources, Source, TIE_SOURCE (heap[i].tie));
          gint64 key;
          guint32 rank;

          do
            {
              if (!fold_item (self, source, source->cursor))
                self->disordered = TRUE;
              source->cursor++;
              self->n_folded++;
            }
          while (peek (self, source, &key, &rank) && (all || key < limit));
        }
      return;
    }
  for (guint i = n / 2; i-- > 0;)
    sift_down (heap, n, i);

  while (n > 0)
    {
      guint32 index = TIE_SOURCE (heap[0].tie);
      guint32 rank = TIE_RANK (heap[0].tie);
      Source *source = &g_array_index (self->sources, Source, index);
      gint64 key;

      if (heap[0].key < self->last_key || (heap[0].key == self->last_key && rank < self->last_rank))
        self->disordered = TRUE;
      self->last_key = heap[0].key;
      self->last_rank = rank;
      if (!fold_item (self, source, source->cursor))
        self->disordered = TRUE;
      source->cursor++;
      self->n_folded++;

      if (peek (self, source, &key, &rank) && (all || key < limit))
        heap[0] = (HeapEntry) { key, TIE (rank, index) };
      else
        heap[0] = heap[--n];
      if (n > 1)
        sift_down (heap, n, 0);
    }
}

/**
 * weft_check_fold_advance:
 * @frontier_ns: no event stamped before this can still arrive
 *
 * Folds every item the checks read that is stamped before @frontier_ns,
 * except spans that start after one still open.
 */
void
weft_check_fold_advance (WeftCheckFold *self,
                         gint64         frontier_ns)
{
  gint64 limit;

  g_return_if_fail (self != NULL);

  if (self->complete)
    return;
  /* Spans that start after one still open would be folded before it. */
  limit = frontier_ns;
  if (self->filter.span_states != 0)
    limit = MIN (limit, weft_timeline_get_earliest_open (self->timeline, &self->filter));
  fold_until (self, limit, FALSE);
  self->frontier = MAX (self->frontier, limit);
}

static int
compare_sorted_items (gconstpointer a,
                      gconstpointer b)
{
  const SortedItem *x = a, *y = b;

  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  if (x->rank != y->rank)
    return x->rank < y->rank ? -1 : 1;
  if (x->source != y->source)
    return x->source < y->source ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

/* The items did not come in order: fold the finished timeline again from
 * scratch, every wanted item sorted at once, into a state that forgets
 * nothing.  Only traces that break the order get here. */
static void
refold (WeftCheckFold *self)
{
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (SortedItem));

  self->funcs->fold_free (self->state);
  self->state = self->funcs->fold_new (self->timeline, TRUE, &self->filter);
  for (guint s = 0; s < self->sources->len; s++)
    {
      Source *source = &g_array_index (self->sources, Source, s);

      for (guint i = 0; i < source->array->len; i++)
        {
          SortedItem item = { 0, 0, s, i };

          if (item_key (self, source, i, &item.key, &item.rank))
            g_array_append_val (items, item);
        }
      source->cursor = source->array->len;
    }
  g_array_sort (items, compare_sorted_items);
  for (guint i = 0; i < items->len; i++)
    {
      const SortedItem *item = &g_array_index (items, SortedItem, i);

      fold_item (self, &g_array_index (self->sources, Source, item->source), item->index);
    }
}

/**
 * weft_check_fold_finish:
 *
 * Folds everything left, once the timeline is finished (every span
 * closed); the verdict is then the one for the whole run.
 */
void
weft_check_fold_finish (WeftCheckFold *self)
{
  g_return_if_fail (self != NULL);

  if (self->complete)
    return;
  fold_until (self, G_MAXINT64, TRUE);
  /* Once old detail is gone there is no whole timeline to fold again:
   * the verdict stays the live one, as good as the order was. */
  if (self->disordered && !self->let_go)
    refold (self);
  self->frontier = G_MAXINT64;
  self->complete = TRUE;
}

/* The verdict over everything folded so far, without the losses (see
 * weft_check_timeline(), which adds them). */
WeftChecks *
weft_check_fold_report (WeftCheckFold *self)
{
  WeftChecks *checks = weft_checks_new ();

  self->funcs->report (self->state, self->timeline, self->complete, checks);
  return checks;
}

/* Before when every item has been folded; G_MAXINT64 once complete. */
gint64
weft_check_fold_get_frontier (WeftCheckFold *self)
{
  return self->frontier;
}

/* The pattern's running state, for what it found besides the verdict
 * (weft-lessons.h); it is replaced when the checks are folded again. */
gpointer
weft_check_fold_get_state (WeftCheckFold *self)
{
  return self->state;
}

guint64
weft_check_fold_get_n_folded (WeftCheckFold *self)
{
  return self->n_folded;
}

/* Items the timeline let go of before they were folded: 0 unless the
 * cut passed the frontier, which weft_timeline_let_go_before() prevents. */
guint64
weft_check_fold_get_n_missed (WeftCheckFold *self)
{
  return self->n_missed;
}

/* Whether items came out of order, so that the live verdict may be off
 * until the timeline is finished and folded again. */
gboolean
weft_check_fold_is_disordered (WeftCheckFold *self)
{
  return self->disordered;
}

gsize
weft_check_fold_get_memory (WeftCheckFold *self)
{
  gsize bytes = sizeof *self + weft_array_get_memory (self->sources) + weft_array_get_memory (self->lane_depths) +
                self->heap_size * sizeof (HeapEntry);

  if (self->funcs->get_memory != NULL)
    bytes += self->funcs->get_memory (self->state);
  return bytes;
}

void
weft_overlap_init (WeftOverlap *overlap)
{
  memset (overlap, 0, sizeof *overlap);
}

void
weft_overlap_clear (WeftOverlap *overlap)
{
  g_clear_pointer (&overlap->open_ends, g_free);
  overlap->n_open = overlap->size = 0;
}

static void
open_ends_pop (WeftOverlap *overlap)
{
  gint64 *heap = overlap->open_ends;
  guint n = --overlap->n_open;
  gint64 moving = heap[n];
  guint i = 0;

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && heap[child + 1] < heap[child])
        child++;
      if (heap[child] >= moving)
        break;
      heap[i] = heap[child];
      i = child;
    }
  if (n > 0)
    heap[i] = moving;
}

static void
open_ends_push (WeftOverlap *overlap,
                gint64       end_ns)
{
  guint i;

  if (overlap->n_open == overlap->size)
    {
      overlap->size = MAX (8, overlap->size * 2);
      overlap->open_ends = g_renew (gint64, overlap->open_ends, overlap->size);
    }
  i = overlap->n_open++;
  while (i > 0 && overlap->open_ends[(i - 1) / 2] > end_ns)
    {
      overlap->open_ends[i] = overlap->open_ends[(i - 1) / 2];
      i = (i - 1) / 2;
    }
  overlap->open_ends[i] = end_ns;
}

/* Adds a span, in order of start.  A span ends before any that starts
 * at its end, so those do not overlap; and a span of no length is never
 * open at all (a sweep meets its end before its start). */
void
weft_overlap_add (WeftOverlap *overlap,
                  gint64       start_ns,
                  gint64       end_ns)
{
  overlap->entries++;
  if (end_ns <= start_ns)
    return;
  while (overlap->n_open > 0 && overlap->open_ends[0] <= start_ns)
    open_ends_pop (overlap);
  open_ends_push (overlap, end_ns);
  overlap->most = MAX (overlap->most, overlap->n_open);
}
