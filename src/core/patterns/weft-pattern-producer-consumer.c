/* weft-pattern-producer-consumer.c: a bounded buffer between two crews
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mutex guards a ring of C slots; producers wait on "not-full" when it
 * is full and consumers on "not-empty" when it is empty.  Items are
 * numbered under the lock, and `produce`, `consume` and the fill count
 * are stamped while holding it, so their order in the trace is the order
 * in which they happened.  Each names the slot (its arg, from 1) the item
 * went into or came out of, for the buffer's lane.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-checker.h"
#include "weft-cond.h"
#include "weft-patterns-private.h"

enum { ROLE_PRODUCER, ROLE_CONSUMER };

typedef struct
{
  WeftMutex buffer;
  WeftCond not_full;
  WeftCond not_empty;
  /* Guarded by buffer. */
  gint64 *slots;
  guint capacity;
  guint head;
  guint count;
  gint64 next_item;
} BufferState;

static const WeftRole roles[] = {
  [ROLE_PRODUCER] = { NC_("thread role", "producer"), "prod", TRUE },
  [ROLE_CONSUMER] = { NC_("thread role", "consumer"), "cons", TRUE },
  { NULL },
};

/* Half the threads produce (at least one), the rest consume. */
static guint
producer_consumer_role_of (const WeftParams *params,
                           guint             index,
                           guint            *number)
{
  guint producers = MAX (1, (guint) weft_params_get (params, "threads", 0) / 2);

  if (index < producers)
    {
      *number = index + 1;
      return ROLE_PRODUCER;
    }
  *number = index - producers + 1;
  return ROLE_CONSUMER;
}

static gpointer
producer_consumer_setup (WeftRun *run)
{
  BufferState *state = g_new0 (BufferState, 1);

  state->capacity = (guint) weft_params_get (weft_run_get_params (run), "capacity", 0);
  state->slots = g_new0 (gint64, state->capacity);
  weft_mutex_init (&state->buffer, run, "buffer");
  /* The fill count is drawn against the buffer's bound. */
  weft_run_set_object_limit (run, state->buffer.object, state->capacity);
  weft_cond_init (&state->not_full, run, "not-full", &state->buffer);
  weft_cond_init (&state->not_empty, run, "not-empty", &state->buffer);
  return state;
}

static void
producer_consumer_free (gpointer data)
{
  BufferState *state = data;

  weft_cond_clear (&state->not_full);
  weft_cond_clear (&state->not_empty);
  weft_mutex_clear (&state->buffer);
  g_free (state->slots);
  g_free (state);
}

static const char producer_consumer_code[] =
  "buffer = threading.Lock()\n"
  "not_full = threading.Condition(buffer)\n"
  "not_empty = threading.Condition(buffer)\n"
  "slots = collections.deque()\n"
  "next_item = 0\n"
  "\n"
  "def producer():\n"
  "    global next_item\n"
  "    while True:\n"
  "        work()\n"
  "        with buffer:\n"
  "            while len(slots) == capacity:\n"
  "                not_full.wait()\n"
  "            next_item += 1\n"
  "            slots.append(next_item)\n"
  "            not_empty.notify()\n"
  "\n"
  "def consumer():\n"
  "    while True:\n"
  "        with buffer:\n"
  "            while len(slots) == 0:\n"
  "                not_empty.wait()\n"
  "            item = slots.popleft()\n"
  "            not_full.notify()\n"
  "        use(item)\n";

enum
{
  LINE_PRODUCER_WORK = 10, LINE_PRODUCER_WITH = 11, LINE_PRODUCER_WAIT = 13,
  LINE_APPEND = 15, LINE_PRODUCER_NOTIFY = 16,
  LINE_CONSUMER_WITH = 20, LINE_CONSUMER_WAIT = 22, LINE_POPLEFT = 23,
  LINE_CONSUMER_NOTIFY = 24, LINE_USE = 25,
};

static void
produce (WeftWorker  *worker,
         BufferState *state)
{
  for (;;)
    {
      gint64 item;
      guint slot;
      gboolean go_on;

      weft_worker_at (worker, LINE_PRODUCER_WORK);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 400, 0, 0))
        return;
      weft_worker_at (worker, LINE_PRODUCER_WITH);
      if (!weft_mutex_lock (&state->buffer, worker))
        return;
      weft_worker_at (worker, LINE_PRODUCER_WAIT);
      while (state->count == state->capacity)
        if (!weft_cond_wait (&state->not_full, worker))
          return;   /* stopped, and the buffer's lock let go */

      weft_worker_at (worker, LINE_APPEND);
      weft_worker_step (worker, WEFT_STEP_PRODUCE, state->buffer.object, state->next_item + 1);
      item = ++state->next_item;
      slot = (state->head + state->count) % state->capacity;
      state->slots[slot] = item;
      state->count++;
      weft_ring_emit (worker->ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_PRODUCE, state->buffer.object, item, slot + 1);
      weft_worker_counter (worker, state->buffer.object, state->count);
      go_on = weft_worker_pause (worker, 50, 120);
      weft_worker_at (worker, LINE_PRODUCER_NOTIFY);
      weft_cond_notify (&state->not_empty, worker);
      /* Leaving the `with` block gives the buffer's lock back. */
      weft_worker_at (worker, LINE_PRODUCER_WITH);
      weft_mutex_unlock (&state->buffer, worker);
      if (!go_on)
        return;
    }
}

static void
consume (WeftWorker  *worker,
         BufferState *state)
{
  for (;;)
    {
      gint64 item;
      guint slot;
      gboolean go_on;

      weft_worker_at (worker, LINE_CONSUMER_WITH);
      if (!weft_mutex_lock (&state->buffer, worker))
        return;
      weft_worker_at (worker, LINE_CONSUMER_WAIT);
      while (state->count == 0)
        if (!weft_cond_wait (&state->not_empty, worker))
          return;   /* stopped, and the buffer's lock let go */

      weft_worker_at (worker, LINE_POPLEFT);
      weft_worker_step (worker, WEFT_STEP_CONSUME, state->buffer.object, state->slots[state->head]);
      item = state->slots[state->head];
      slot = state->head;
      state->head = (state->head + 1) % state->capacity;
      state->count--;
      weft_ring_emit (worker->ring, WEFT_EVENT_INSTANT, WEFT_INSTANT_CONSUME, state->buffer.object, item, slot + 1);
      weft_worker_counter (worker, state->buffer.object, state->count);
      go_on = weft_worker_pause (worker, 50, 120);
      weft_worker_at (worker, LINE_CONSUMER_NOTIFY);
      weft_cond_notify (&state->not_full, worker);
      weft_worker_at (worker, LINE_CONSUMER_WITH);
      weft_mutex_unlock (&state->buffer, worker);
      if (!go_on)
        return;

      /* Using the item: consumers are slower, so the buffer fills. */
      weft_worker_at (worker, LINE_USE);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 200, 500, item, 0))
        return;
    }
}

static void
producer_consumer_work (WeftWorker *worker,
                        gpointer    data)
{
  if (worker->role == ROLE_PRODUCER)
    produce (worker, data);
  else
    consume (worker, data);
}

/* While a run goes on: two bits per item (produced, consumed), the few
 * items that broke the rules, the counts so far, and the fill's range.
 *
 * The verdict is the one of a look at the whole trace, where an item is
 * judged against its last production: consumed when never produced is
 * "never produced"; its first consumption before its last production is
 * "before being produced"; any later one is "twice".  Folding in time
 * order, a consumption of an item not produced yet counts as never
 * produced until a production comes, and then moves to the other two. */
typedef struct
{
  gboolean has_buffer;
  guint capacity;
  GArray *produced;         /* guint64 words: bit v once item v was produced */
  GArray *consumed;         /* bit v once item v was consumed */
  GHashTable *early;        /* items first consumed before their last production */
  GHashTable *unproduced;   /* item -> consumptions while it was never produced */
  guint64 consumptions;
  guint64 unknown;
  guint64 twice;
  guint64 too_early;
  WeftRange fill;
} BufferFold;

static gpointer
producer_consumer_fold_new (WeftTimeline   *timeline,
                            gboolean        keep_all,
                            WeftFoldFilter *filter)
{
  BufferFold *fold = g_new0 (BufferFold, 1);
  guint16 buffer;

  fold->capacity = (guint) weft_params_get (weft_timeline_get_params (timeline), "capacity", 0);
  fold->produced = g_array_new (FALSE, TRUE, sizeof (guint64));
  fold->consumed = g_array_new (FALSE, TRUE, sizeof (guint64));
  fold->early = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  fold->unproduced = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  fold->has_buffer = weft_timeline_find_object (timeline, "buffer", &buffer);
  if (fold->has_buffer)
    {
      filter->instant_kinds = (1u << WEFT_INSTANT_PRODUCE) | (1u << WEFT_INSTANT_CONSUME);
      filter->instant_object = buffer;
      filter->sample_object = buffer;
    }
  return fold;
}

static void
producer_consumer_fold_free (gpointer data)
{
  BufferFold *fold = data;

  g_array_unref (fold->produced);
  g_array_unref (fold->consumed);
  g_hash_table_unref (fold->early);
  g_hash_table_unref (fold->unproduced);
  g_free (fold);
}

static void
fold_produce (BufferFold *fold,
              gint64      item)
{
  gint64 key = item;

  if (item < 1)
    return;
  if (!weft_item_set_has (fold->produced, item))
    {
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (fold->unproduced, &key));

      weft_item_set_add (fold->produced, item);
      /* Consumed already: the first time too early, the others twice. */
      if (seen > 0)
        {
          g_hash_table_remove (fold->unproduced, &key);
          fold->unknown -= seen;
          fold->too_early++;
          fold->twice += seen - 1;
          weft_item_set_add (fold->consumed, item);
          g_hash_table_add (fold->early, g_memdup2 (&key, sizeof key));
        }
    }
  /* Produced again after its first consumption, which now came too early. */
  else if (weft_item_set_has (fold->consumed, item) && !g_hash_table_contains (fold->early, &key))
    {
      g_hash_table_add (fold->early, g_memdup2 (&key, sizeof key));
      fold->too_early++;
    }
}

static void
fold_consume (BufferFold *fold,
              gint64      item)
{
  fold->consumptions++;
  if (item < 1)
    fold->unknown++;
  else if (!weft_item_set_has (fold->produced, item))
    {
      gint64 key = item;
      guint seen = GPOINTER_TO_UINT (g_hash_table_lookup (fold->unproduced, &key));

      fold->unknown++;
      g_hash_table_insert (fold->unproduced, g_memdup2 (&key, sizeof key), GUINT_TO_POINTER (seen + 1));
    }
  else if (!weft_item_set_has (fold->consumed, item))
    weft_item_set_add (fold->consumed, item);
  else
    fold->twice++;
}

static gboolean
producer_consumer_fold_instant (gpointer                 data,
                                guint                    lane,
                                const WeftInstantRecord *instant)
{
  BufferFold *fold = data;

  if (instant->instant == WEFT_INSTANT_PRODUCE)
    fold_produce (fold, instant->value);
  else
    fold_consume (fold, instant->value);
  return TRUE;
}

static gboolean
producer_consumer_fold_sample (gpointer          data,
                               const WeftSample *sample)
{
  weft_range_add (&((BufferFold *) data)->fill, sample->value);
  return TRUE;
}

static void
producer_consumer_report (gpointer      data,
                          WeftTimeline *timeline,
                          gboolean      complete,
                          WeftChecks   *checks)
{
  BufferFold *fold = data;
  guint capacity = fold->capacity;
  g_autofree char *n_consumed = weft_format_count (fold->consumptions);

  if (!fold->has_buffer)
    {
      weft_checker_report_missing (checks, "items", "buffer");
      return;
    }

  if (fold->consumptions == 0)
    weft_checks_add_pending (checks, "items", _("no item has been consumed yet"));
  else if (fold->unknown + fold->twice + fold->too_early == 0)
    weft_checks_add (checks, "items", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s item consumed once, after it was produced",
                                  "%s items, each consumed once after it was produced", fold->consumptions),
                     n_consumed);
  else
    weft_checks_add (checks, "items", FALSE, FALSE,
                     _("of %s items consumed, %u were never produced, %u consumed twice, %u before being produced"),
                     n_consumed, (guint) fold->unknown, (guint) fold->twice, (guint) fold->too_early);

  if (fold->fill.n_samples == 0)
    weft_checks_add_pending (checks, "fill", _("nothing has been put in the buffer yet"));
  else if (weft_range_within (&fold->fill, 0, capacity))
    {
      g_autofree char *high = weft_format_count (fold->fill.highest);

      weft_checks_add (checks, "fill", TRUE, FALSE,
                       _("buffer fill stayed within 0..%u (highest %s)"), capacity, high);
    }
  else
    {
      g_autofree char *low = weft_format_count (fold->fill.lowest);
      g_autofree char *high = weft_format_count (fold->fill.highest);

      weft_checks_add (checks, "fill", FALSE, FALSE,
                       _("buffer fill left 0..%u: it read from %s to %s"), capacity, low, high);
    }
}

static gsize
producer_consumer_fold_get_memory (gpointer data)
{
  BufferFold *fold = data;

  return sizeof *fold + weft_array_get_memory (fold->produced) + weft_array_get_memory (fold->consumed) +
         (g_hash_table_size (fold->early) + g_hash_table_size (fold->unproduced)) * 4 * sizeof (gpointer);
}

static const WeftCheckFuncs producer_consumer_checks = {
  .fold_new = producer_consumer_fold_new,
  .fold_free = producer_consumer_fold_free,
  .fold_instant = producer_consumer_fold_instant,
  .fold_sample = producer_consumer_fold_sample,
  .report = producer_consumer_report,
  .get_memory = producer_consumer_fold_get_memory,
};

const WeftPattern weft_pattern_producer_consumer = {
  .name = "producer-consumer",
  .title = N_("Producer-consumer"),
  .summary = N_("A bounded buffer between two crews"),
  .explanation = N_("Producers make items and put them on a shelf with room for C; consumers take them "
                    "off and use them. A producer facing a full shelf waits until a consumer makes room, "
                    "and a consumer facing an empty one waits for a producer, like cooks and waiters "
                    "around a kitchen pass. A lock guards the shelf and two condition variables carry "
                    "the news."),
  .icon_name = "weft-producer-consumer-symbolic",
  .code = producer_consumer_code,
  .params = (const WeftParamSpec[]) {
    WEFT_PARAM_SPEC_THREADS (2, 256, 4),
    { "capacity", WEFT_PARAM_INTEGER, N_("Buffer slots"), N_("How many items the buffer holds"), 1, 1024, 3, NULL },
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_PRODUCE) | WEFT_INSTANT_BIT (WEFT_INSTANT_CONSUME),
  .objects = (const WeftObjectSpec[]) {
    { "buffer", N_("items in the buffer") },
    { NULL },
  },
  .setup = producer_consumer_setup,
  .free_state = producer_consumer_free,
  .role_of = producer_consumer_role_of,
  .roles = roles,
  .work = producer_consumer_work,
  .checks = &producer_consumer_checks,
};
