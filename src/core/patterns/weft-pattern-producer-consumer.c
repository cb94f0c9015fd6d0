/* weft-pattern-producer-consumer.c: a bounded buffer between two crews
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A mutex guards a ring of C slots; producers wait on "not-full" when it
 * is full and consumers on "not-empty" when it is empty.  Items are
 * numbered under the lock, and `produce`, `consume` and the fill count
 * are stamped while holding it, so their order in the trace is the order
 * in which they happened.
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
  [ROLE_PRODUCER] = { "producer", "prod", TRUE },
  [ROLE_CONSUMER] = { "consumer", "cons", TRUE },
};

/* Half the threads produce (at least one), the rest consume. */
static guint
producer_consumer_role_of (const WeftParams *params,
                           guint             index,
                           guint            *number)
{
  guint producers = MAX (1, weft_params_get_uint (params, WEFT_PARAM_THREADS) / 2);

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

  state->capacity = weft_params_get_uint (weft_run_get_params (run), WEFT_PARAM_CAPACITY);
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

static void
produce (WeftWorker  *worker,
         BufferState *state)
{
  for (;;)
    {
      gint64 item;
      gboolean go_on;

      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 100, 400, 0, 0))
        return;
      if (!weft_mutex_lock (&state->buffer, worker))
        return;
      while (state->count == state->capacity)
        if (!weft_cond_wait (&state->not_full, worker))
          {
            weft_mutex_unlock (&state->buffer, worker);
            return;
          }

      item = ++state->next_item;
      state->slots[(state->head + state->count) % state->capacity] = item;
      state->count++;
      weft_worker_instant (worker, WEFT_INSTANT_PRODUCE, state->buffer.object, item);
      weft_worker_counter (worker, state->buffer.object, state->count);
      go_on = weft_worker_pause (worker, 50, 120);
      weft_cond_signal (&state->not_empty, worker);
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
      gboolean go_on;

      if (!weft_mutex_lock (&state->buffer, worker))
        return;
      while (state->count == 0)
        if (!weft_cond_wait (&state->not_empty, worker))
          {
            weft_mutex_unlock (&state->buffer, worker);
            return;
          }

      item = state->slots[state->head];
      state->head = (state->head + 1) % state->capacity;
      state->count--;
      weft_worker_instant (worker, WEFT_INSTANT_CONSUME, state->buffer.object, item);
      weft_worker_counter (worker, state->buffer.object, state->count);
      go_on = weft_worker_pause (worker, 50, 120);
      weft_cond_signal (&state->not_full, worker);
      weft_mutex_unlock (&state->buffer, worker);
      if (!go_on)
        return;

      /* Using the item: consumers are slower, so the buffer fills. */
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

static void
producer_consumer_check (WeftTimeline *timeline,
                         WeftChecks   *checks)
{
  guint capacity = weft_params_get_uint (weft_timeline_get_params (timeline), WEFT_PARAM_CAPACITY);
  g_autoptr(GArray) produced = NULL;
  g_autoptr(GArray) consumed = NULL;
  g_autofree gint64 *produced_at = NULL;
  g_autofree guint8 *times_consumed = NULL;
  g_autofree char *n_consumed = NULL;
  guint unknown = 0, twice = 0, too_early = 0;
  gint64 max_item = 0, lowest, highest;
  guint16 buffer;

  if (!weft_timeline_find_object (timeline, "buffer", &buffer))
    {
      weft_checks_add (checks, "items", FALSE, FALSE, _("no object “%s” in the trace"), "buffer");
      return;
    }

  produced = weft_checker_collect_instants (timeline, WEFT_INSTANT_PRODUCE, buffer);
  consumed = weft_checker_collect_instants (timeline, WEFT_INSTANT_CONSUME, buffer);
  for (guint i = 0; i < produced->len; i++)
    max_item = MAX (max_item, g_array_index (produced, WeftLaneInstant, i).value);
  produced_at = g_new (gint64, max_item + 1);
  times_consumed = g_new0 (guint8, max_item + 1);
  for (gint64 i = 0; i <= max_item; i++)
    produced_at[i] = -1;
  for (guint i = 0; i < produced->len; i++)
    {
      const WeftLaneInstant *p = &g_array_index (produced, WeftLaneInstant, i);
      if (p->value >= 1)
        produced_at[p->value] = p->time_ns;
    }

  for (guint i = 0; i < consumed->len; i++)
    {
      const WeftLaneInstant *c = &g_array_index (consumed, WeftLaneInstant, i);

      if (c->value < 1 || c->value > max_item || produced_at[c->value] < 0)
        unknown++;
      else if (times_consumed[c->value]++ > 0)
        twice++;
      else if (c->time_ns < produced_at[c->value])
        too_early++;
    }

  n_consumed = weft_format_count (consumed->len);
  if (unknown + twice + too_early == 0)
    weft_checks_add (checks, "items", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s item consumed once, after it was produced",
                                  "%s items, each consumed once after it was produced", consumed->len),
                     n_consumed);
  else
    weft_checks_add (checks, "items", FALSE, FALSE,
                     _("of %s items consumed, %u were never produced, %u consumed twice, %u before being produced"),
                     n_consumed, unknown, twice, too_early);

  if (weft_checker_samples_within (timeline, buffer, 0, capacity, &lowest, &highest))
    {
      g_autofree char *high = weft_format_count (highest);

      weft_checks_add (checks, "fill", TRUE, FALSE,
                       _("buffer fill stayed within 0..%u (highest %s)"), capacity, high);
    }
  else
    {
      g_autofree char *low = weft_format_count (lowest);
      g_autofree char *high = weft_format_count (highest);

      weft_checks_add (checks, "fill", FALSE, FALSE,
                       _("buffer fill left 0..%u: it read from %s to %s"), capacity, low, high);
    }
}

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
  .ranges = {
    [WEFT_PARAM_THREADS] = { TRUE, 2, 256, 4 },
    [WEFT_PARAM_CAPACITY] = { TRUE, 1, 1024, 3 },
    [WEFT_PARAM_PACE] = { TRUE, 0, 10, 1 },
  },
  .setup = producer_consumer_setup,
  .free_state = producer_consumer_free,
  .role_of = producer_consumer_role_of,
  .roles = roles,
  .work = producer_consumer_work,
  .check = producer_consumer_check,
};
