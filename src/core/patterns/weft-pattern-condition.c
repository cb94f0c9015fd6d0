/* weft-pattern-condition.c: customers wait on a Condition for tickets
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Python's threading.Condition at a ticket counter.  A clerk puts
 * tickets on the counter one at a time, under the condition's lock, and
 * calls notify() or notify_all(); customers take one under the lock, and
 * while there is none they wait, in a `while` loop, as Python's docs
 * ask.  With notify_all() every waiting customer wakes for each ticket,
 * one takes it and the others find the counter empty and wait again:
 * the wasted wake-ups are the lesson.
 *
 * Tickets are numbered under the lock, and `produce` (a ticket added)
 * and `consume` (a ticket taken) are stamped while it is held, on the
 * condition's object, so their order in the trace is the order in which
 * they happened.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-checker.h"
#include "weft-cond.h"
#include "weft-patterns-private.h"

enum { ROLE_CLERK, ROLE_CUSTOMER };
enum { VARIANT_NOTIFY, VARIANT_NOTIFY_ALL };

typedef struct
{
  WeftMutex lock;
  WeftCond tickets;
  gboolean notify_all;
  /* Guarded by lock. */
  gint64 next_ticket;
  gint64 first_left;    /* the oldest ticket on the counter */
} CounterState;

static const WeftRole roles[] = {
  [ROLE_CLERK] = { NC_("thread role", "clerk"), "clerk", FALSE },
  [ROLE_CUSTOMER] = { NC_("thread role", "customer"), "cust", TRUE },
  { NULL },
};

/* The first thread is the clerk; every other one a customer. */
static guint
condition_role_of (const WeftParams *params,
                   guint             index,
                   guint            *number)
{
  *number = index == 0 ? 1 : index;
  return index == 0 ? ROLE_CLERK : ROLE_CUSTOMER;
}

static gpointer
condition_setup (WeftRun *run)
{
  CounterState *state = g_new0 (CounterState, 1);

  state->notify_all = weft_run_get_params (run)->variant == VARIANT_NOTIFY_ALL;
  state->first_left = 1;
  weft_mutex_init (&state->lock, run, "lock");
  weft_cond_init (&state->tickets, run, "tickets", &state->lock);
  return state;
}

static void
condition_free (gpointer data)
{
  CounterState *state = data;

  weft_cond_clear (&state->tickets);
  weft_mutex_clear (&state->lock);
  g_free (state);
}

/* What the clerk and the customers do, as Python would say it; the
 * lines their events carry count in it. */
static const char condition_code[] =
  "lock = threading.Lock()\n"
  "tickets = threading.Condition(lock)\n"
  "next_ticket = 0\n"
  "first_left = 1\n"
  "\n"
  "def clerk():\n"
  "    global next_ticket\n"
  "    while True:\n"
  "        work()\n"
  "        with tickets:\n"
  "            next_ticket += 1\n"
  "            if notify_all:\n"
  "                tickets.notify_all()\n"
  "            else:\n"
  "                tickets.notify()\n"
  "\n"
  "def customer():\n"
  "    global first_left\n"
  "    while True:\n"
  "        with tickets:\n"
  "            while first_left > next_ticket:\n"
  "                tickets.wait()\n"
  "            ticket = first_left\n"
  "            first_left += 1\n"
  "        work()\n";

enum
{
  LINE_PRINT = 9,
  LINE_CLERK_WITH = 10,
  LINE_PRODUCE = 11,
  LINE_NOTIFY_ALL = 13,
  LINE_NOTIFY = 15,
  LINE_CUSTOMER_WITH = 20,
  LINE_WAIT = 22,
  LINE_TAKE = 23,
  LINE_SERVED = 25,
};

static void
serve (WeftWorker   *worker,
       CounterState *state)
{
  for (;;)
    {
      gboolean go_on;

      /* Printing the next ticket. */
      weft_worker_at (worker, LINE_PRINT);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 250, 500,
                             state->next_ticket + 1, 0))
        return;
      weft_worker_at (worker, LINE_CLERK_WITH);
      if (!weft_mutex_lock (&state->lock, worker))
        return;
      /* Only the clerk writes next_ticket, so reading it above without
       * the lock was fine; customers read it under the lock. */
      weft_worker_at (worker, LINE_PRODUCE);
      weft_worker_step (worker, WEFT_STEP_PRODUCE, state->tickets.object, state->next_ticket + 1);
      weft_worker_instant (worker, WEFT_INSTANT_PRODUCE, state->tickets.object, ++state->next_ticket);
      go_on = weft_worker_pause (worker, 100, 200);
      if (state->notify_all)
        {
          weft_worker_at (worker, LINE_NOTIFY_ALL);
          weft_cond_notify_all (&state->tickets, worker);
        }
      else
        {
          weft_worker_at (worker, LINE_NOTIFY);
          weft_cond_notify (&state->tickets, worker);
        }
      /* Leaving the `with` block gives the lock back. */
      weft_worker_at (worker, LINE_CLERK_WITH);
      weft_mutex_unlock (&state->lock, worker);
      if (!go_on)
        return;
    }
}

static void
queue_up (WeftWorker   *worker,
          CounterState *state)
{
  for (;;)
    {
      gint64 ticket;

      weft_worker_at (worker, LINE_CUSTOMER_WITH);
      if (!weft_mutex_lock (&state->lock, worker))
        return;
      /* The wait's line covers all it does: the lock let go, the wait,
       * and the lock taken again. */
      while (state->first_left > state->next_ticket)
        {
          weft_worker_at (worker, LINE_WAIT);
          if (!weft_cond_wait (&state->tickets, worker))
            return;   /* stopped, and the lock let go */
        }
      weft_worker_at (worker, LINE_TAKE);
      weft_worker_step (worker, WEFT_STEP_CONSUME, state->tickets.object, state->first_left);
      ticket = state->first_left++;
      weft_worker_instant (worker, WEFT_INSTANT_CONSUME, state->tickets.object, ticket);
      /* Leaving the `with` block gives the lock back. */
      weft_worker_at (worker, LINE_CUSTOMER_WITH);
      weft_mutex_unlock (&state->lock, worker);

      /* Being served: longer than a ticket takes to print, so customers
       * come back to an empty counter and wait. */
      weft_worker_at (worker, LINE_SERVED);
      if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 700, 1600, ticket, 0))
        return;
    }
}

static void
condition_work (WeftWorker *worker,
                gpointer    data)
{
  if (worker->role == ROLE_CLERK)
    serve (worker, data);
  else
    queue_up (worker, data);
}

/* Where a customer is, by the trace, since its last wait on tickets. */
typedef enum
{
  PHASE_IDLE,
  PHASE_WOKEN,          /* left its wait with a wake, lock not yet held */
  PHASE_HOLDING,        /* and then took the lock: a ticket or a new wait comes next */
} Phase;

typedef struct
{
  gint64 wait_start;    /* its last wait on tickets */
  gint64 wait_end;
  gint64 held_start;    /* its last `critical` on the lock */
  gint64 held_end;
  gint64 chosen_by;     /* the notifier that chose it during this wait, or -1 */
  gint64 heard_from;    /* a notifier that chose another during this wait, or -1 */
  guint64 chosen_all;   /* the notify_all() that chose it, from 1; 0 for none */
  gboolean passed_over; /* a notify said nobody waited while it did */
  Phase phase;
} CustomerLane;

/* A notify_all() whose waits have not all ended yet. */
typedef struct
{
  gint64 woke_by_word;  /* how many it says it woke */
  guint open;           /* waits around it not yet seen to end */
  guint woke;           /* of those, the ones that ended with its wake */
} OpenNotify;

/* While a run goes on: a bit per ticket added and per ticket taken, each
 * lane's place, the notify_all() calls whose waits are still open, and
 * counts.  The condition stamps `notify` and the begin of every wait
 * under its queue's lock, so the waits open around a notify that no
 * earlier notify chose are its queue, but for waiters a stop has just
 * let go: those leave with no wake.  So a notify that passed over a
 * waiter is at fault only if that waiter wakes later, and a notify_all()
 * is judged once every wait around it has ended: as many woke as it
 * says it woke. */
typedef struct
{
  gboolean has_objects;
  guint16 lock;
  guint16 tickets;
  gboolean notify_all;
  GArray *lanes;        /* CustomerLane, by lane */
  GArray *added;        /* guint64 words: bit k once ticket k was added */
  GArray *taken;
  guint64 takes;
  guint64 unknown;      /* taken before (or without) being added */
  guint64 twice;
  guint64 wakes;
  guint64 spurious;     /* wakes no notify explains */
  guint64 unlocked;     /* tickets taken or waits begun without the lock after a wake */
  guint64 useful;       /* wakes that ended with a ticket */
  guint64 wasted;       /* wakes that ended waiting again */
  guint64 notifies;     /* notify() or notify_all() calls */
  guint64 woke_none;    /* notify() calls that found nobody waiting */
  guint64 extra;        /* wakes pinned on a notify() that chose another */
  guint64 miscounted;   /* notifies at odds with the waits open around them */
  guint64 n_all;        /* notify_all() calls numbered so far */
  GHashTable *open_all; /* number -> OpenNotify */
} ConditionFold;

static gpointer
condition_fold_new (WeftTimeline   *timeline,
                    gboolean        keep_all,
                    WeftFoldFilter *filter)
{
  ConditionFold *fold = g_new0 (ConditionFold, 1);

  fold->notify_all = weft_timeline_get_params (timeline)->variant == VARIANT_NOTIFY_ALL;
  fold->lanes = g_array_new (FALSE, FALSE, sizeof (CustomerLane));
  fold->added = g_array_new (FALSE, TRUE, sizeof (guint64));
  fold->taken = g_array_new (FALSE, TRUE, sizeof (guint64));
  fold->open_all = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  fold->has_objects = weft_timeline_find_object (timeline, "lock", &fold->lock) &&
                      weft_timeline_find_object (timeline, "tickets", &fold->tickets);
  if (fold->has_objects)
    {
      /* Waits on tickets and holds of the lock: two objects. */
      filter->span_states = (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL);
      filter->span_object = WEFT_FOLD_ANY_OBJECT;
      filter->span_depths = ~0u;
      filter->instant_kinds = WEFT_INSTANT_BIT (WEFT_INSTANT_PRODUCE) | WEFT_INSTANT_BIT (WEFT_INSTANT_CONSUME) |
                              WEFT_INSTANT_BIT (WEFT_INSTANT_NOTIFY) | WEFT_INSTANT_BIT (WEFT_INSTANT_NOTIFY_ALL) |
                              WEFT_INSTANT_BIT (WEFT_INSTANT_WAKE);
      filter->instant_object = fold->tickets;
    }
  return fold;
}

static void
condition_fold_free (gpointer data)
{
  ConditionFold *fold = data;

  g_array_unref (fold->lanes);
  g_array_unref (fold->added);
  g_array_unref (fold->taken);
  g_hash_table_unref (fold->open_all);
  g_free (fold);
}

static CustomerLane *
get_lane (ConditionFold *fold,
          guint          lane)
{
  while (fold->lanes->len <= lane)
    {
      CustomerLane fresh = { G_MAXINT64, G_MAXINT64, G_MAXINT64, G_MAXINT64, -1, -1, 0, FALSE, PHASE_IDLE };
      g_array_append_val (fold->lanes, fresh);
    }
  return &g_array_index (fold->lanes, CustomerLane, lane);
}

static gboolean
is_waiting (const CustomerLane *customer,
            gint64              time_ns)
{
  return customer->wait_start <= time_ns && time_ns < customer->wait_end;
}

/* @customer's wait, chosen by a notify_all(), is over; @woke says how. */
static void
settle_chosen (ConditionFold *fold,
               CustomerLane  *customer,
               gboolean       woke)
{
  gint64 key = customer->chosen_all;
  OpenNotify *notify;

  customer->chosen_all = 0;
  notify = key > 0 ? g_hash_table_lookup (fold->open_all, &key) : NULL;
  if (notify == NULL)
    return;
  notify->woke += woke;
  if (--notify->open > 0)
    return;
  if (notify->woke != notify->woke_by_word)
    fold->miscounted++;
  g_hash_table_remove (fold->open_all, &key);
}

static gboolean
condition_fold_span (gpointer        data,
                     guint           lane,
                     const WeftSpan *span)
{
  ConditionFold *fold = data;
  CustomerLane *customer = get_lane (fold, lane);

  if (span->state == WEFT_STATE_CRITICAL && span->object == fold->lock)
    {
      customer->held_start = span->start_ns;
      customer->held_end = span->end_ns;
      if (customer->phase == PHASE_WOKEN)
        customer->phase = PHASE_HOLDING;
    }
  else if (span->state == WEFT_STATE_WAITING && span->object == fold->tickets)
    {
      /* Woken, it found no ticket and waits again: a wasted wake-up. */
      if (customer->phase == PHASE_HOLDING)
        fold->wasted++;
      else if (customer->phase == PHASE_WOKEN)
        fold->unlocked++;
      /* Its last wait was chosen but ended with no wake: a stop. */
      settle_chosen (fold, customer, FALSE);
      customer->phase = PHASE_IDLE;
      customer->wait_start = span->start_ns;
      customer->wait_end = span->end_ns;
      customer->chosen_by = -1;
      customer->heard_from = -1;
      customer->passed_over = FALSE;
    }
  return TRUE;
}

static void
fold_notify (ConditionFold           *fold,
             guint                    lane,
             const WeftInstantRecord *instant)
{
  gboolean all = instant->instant == WEFT_INSTANT_NOTIFY_ALL;
  gint64 number = all ? (gint64) ++fold->n_all : 0;
  OpenNotify *open = g_new0 (OpenNotify, 1);
  gboolean chose_queued = FALSE;

  fold->notifies++;
  open->woke_by_word = instant->value;
  for (guint l = 0; l < fold->lanes->len; l++)
    {
      CustomerLane *customer = &g_array_index (fold->lanes, CustomerLane, l);

      if (!is_waiting (customer, instant->time_ns) || customer->chosen_by >= 0)
        continue;
      if (all || instant->value == l)
        {
          customer->chosen_by = lane;
          customer->chosen_all = number;
          chose_queued = TRUE;
          open->open++;
        }
      else if (instant->value < 0)
        customer->passed_over = TRUE;
      else
        customer->heard_from = lane;
    }

  if (!all)
    {
      if (instant->value < 0)
        fold->woke_none++;
      /* It chose a thread that was not in the queue. */
      else if (!chose_queued)
        fold->miscounted++;
      g_free (open);
    }
  else if (open->open == 0)
    {
      if (instant->value != 0)
        fold->miscounted++;
      g_free (open);
    }
  else
    g_hash_table_insert (fold->open_all, g_memdup2 (&number, sizeof number), open);
}

static void
fold_wake (ConditionFold           *fold,
           guint                    lane,
           const WeftInstantRecord *instant)
{
  CustomerLane *customer = get_lane (fold, lane);

  fold->wakes++;
  /* A notify said nobody waited, yet it was in the queue all along. */
  if (customer->passed_over)
    fold->miscounted++;
  if (customer->chosen_by >= 0 && customer->chosen_by == instant->value)
    {
      settle_chosen (fold, customer, TRUE);
      customer->phase = PHASE_WOKEN;
    }
  /* Woken by a notify() that chose someone else. */
  else if (customer->heard_from >= 0 && customer->heard_from == instant->value)
    {
      fold->extra++;
      customer->phase = PHASE_WOKEN;
    }
  else
    fold->spurious++;
  settle_chosen (fold, customer, FALSE);
  customer->chosen_by = -1;
  customer->heard_from = -1;
  customer->passed_over = FALSE;
}

static void
fold_take (ConditionFold           *fold,
           guint                    lane,
           const WeftInstantRecord *instant)
{
  CustomerLane *customer = get_lane (fold, lane);
  gint64 ticket = instant->value;

  fold->takes++;
  /* Taken outside the lock: woken and not holding it yet, or no hold
   * of it around the moment. */
  if (customer->phase == PHASE_WOKEN ||
      instant->time_ns < customer->held_start || customer->held_end < instant->time_ns)
    fold->unlocked++;
  if (ticket < 1 || !weft_item_set_has (fold->added, ticket))
    fold->unknown++;
  else if (weft_item_set_has (fold->taken, ticket))
    fold->twice++;
  else
    weft_item_set_add (fold->taken, ticket);

  if (customer->phase == PHASE_HOLDING)
    fold->useful++;
  customer->phase = PHASE_IDLE;
}

static gboolean
condition_fold_instant (gpointer                 data,
                        guint                    lane,
                        const WeftInstantRecord *instant)
{
  ConditionFold *fold = data;

  switch (instant->instant)
    {
    case WEFT_INSTANT_PRODUCE:
      if (instant->value >= 1)
        weft_item_set_add (fold->added, instant->value);
      break;
    case WEFT_INSTANT_CONSUME:
      fold_take (fold, lane, instant);
      break;
    case WEFT_INSTANT_NOTIFY:
    case WEFT_INSTANT_NOTIFY_ALL:
      fold_notify (fold, lane, instant);
      break;
    case WEFT_INSTANT_WAKE:
      fold_wake (fold, lane, instant);
      break;
    default:
      break;
    }
  return TRUE;
}

static void
report_tickets (ConditionFold *fold,
                WeftChecks    *checks)
{
  g_autofree char *n_takes = weft_format_count (fold->takes);

  if (fold->takes == 0)
    weft_checks_add_pending (checks, "tickets", _("no ticket has been taken yet"));
  else if (fold->unknown + fold->twice == 0)
    weft_checks_add (checks, "tickets", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s ticket taken once, after it was added",
                                  "%s tickets, each taken once after it was added", fold->takes),
                     n_takes);
  else
    weft_checks_add (checks, "tickets", FALSE, FALSE,
                     _("of %s tickets taken, %u were never added first and %u were taken twice"),
                     n_takes, (guint) fold->unknown, (guint) fold->twice);
}

static void
report_wakes (ConditionFold *fold,
              WeftChecks    *checks)
{
  g_autofree char *n_wakes = weft_format_count (fold->wakes);

  if (fold->wakes == 0)
    weft_checks_add_pending (checks, "woken", _("no customer has been woken yet"));
  else if (fold->spurious + fold->unlocked == 0)
    weft_checks_add (checks, "woken", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s wake-up came from a notify and held the lock again",
                                  "%s wake-ups, each from a notify, each holding the lock again", fold->wakes),
                     n_wakes);
  else
    weft_checks_add (checks, "woken", FALSE, FALSE,
                     _("of %s wake-ups, %u came with no notify (spurious); %u times a customer went on "
                       "without holding the lock"),
                     n_wakes, (guint) fold->spurious, (guint) fold->unlocked);
}

/* Notifies at odds with the trace; once the whole trace is in, a
 * notify_all() still open has its last word. */
static guint64
count_miscounted (ConditionFold *fold,
                  gboolean       complete)
{
  guint64 miscounted = fold->miscounted;
  GHashTableIter iter;
  OpenNotify *notify;

  if (complete)
    {
      g_hash_table_iter_init (&iter, fold->open_all);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &notify))
        if (notify->woke != notify->woke_by_word)
          miscounted++;
    }
  return miscounted;
}

static void
report_notify (ConditionFold *fold,
               gboolean       complete,
               WeftChecks    *checks)
{
  guint64 miscounted = count_miscounted (fold, complete);
  g_autofree char *n_notifies = weft_format_count (fold->notifies);
  g_autofree char *n_wasted = weft_format_count (fold->wasted);

  if (fold->notifies == 0)
    weft_checks_add_pending (checks, "notify-one", _("the clerk has not called notify() yet"));
  else if (fold->extra + miscounted == 0)
    weft_checks_add (checks, "notify-one", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s notify() woke at most one customer (woken to find the ticket gone: %s)",
                                  "%s notify() calls each woke at most one customer (woken to find the ticket "
                                  "gone: %s)", fold->notifies),
                     n_notifies, n_wasted);
  else
    weft_checks_add (checks, "notify-one", FALSE, FALSE,
                     _("of %s notify() calls, %u woke a customer they did not choose and %u were at odds "
                       "with who was waiting"),
                     n_notifies, (guint) fold->extra, (guint) miscounted);
}

/* The lesson: every wake-up but one per ticket was for nothing. */
static void
report_notify_all (ConditionFold *fold,
                   gboolean       complete,
                   WeftChecks    *checks)
{
  guint64 miscounted = count_miscounted (fold, complete);
  g_autofree char *n_notifies = weft_format_count (fold->notifies);
  g_autofree char *n_woken = weft_format_count (fold->useful + fold->wasted);
  g_autofree char *n_wasted = weft_format_count (fold->wasted);

  if (fold->notifies == 0 || fold->useful + fold->wasted == 0)
    weft_checks_add_pending (checks, "wasted-wakeups", _("notify_all() has not woken anyone yet"));
  else if (fold->extra + miscounted > 0)
    weft_checks_add (checks, "wasted-wakeups", FALSE, FALSE,
                     _("of %s notify_all() calls, %u were at odds with who was waiting"),
                     n_notifies, (guint) (fold->extra + miscounted));
  else if (fold->wasted == 0)
    weft_checks_add (checks, "wasted-wakeups", TRUE, FALSE,
                     _("notify_all() woke customers %s times, none of them for nothing"), n_woken);
  else
    weft_checks_add (checks, "wasted-wakeups", FALSE, TRUE,
                     _("notify_all() woke customers %s times; %s of them found no ticket and waited again"),
                     n_woken, n_wasted);
}

static void
condition_report (gpointer      data,
                  WeftTimeline *timeline,
                  gboolean      complete,
                  WeftChecks   *checks)
{
  ConditionFold *fold = data;

  if (!fold->has_objects)
    {
      weft_checker_report_missing (checks, "tickets", "tickets");
      return;
    }
  report_tickets (fold, checks);
  report_wakes (fold, checks);
  if (fold->notify_all)
    report_notify_all (fold, complete, checks);
  else
    report_notify (fold, complete, checks);
}

static gsize
condition_fold_get_memory (gpointer data)
{
  ConditionFold *fold = data;

  return sizeof *fold + weft_array_get_memory (fold->lanes) + weft_array_get_memory (fold->added) +
         weft_array_get_memory (fold->taken) +
         g_hash_table_size (fold->open_all) * (sizeof (OpenNotify) + 4 * sizeof (gpointer));
}

static const WeftCheckFuncs condition_checks = {
  .fold_new = condition_fold_new,
  .fold_free = condition_fold_free,
  .fold_span = condition_fold_span,
  .fold_instant = condition_fold_instant,
  .report = condition_report,
  .get_memory = condition_fold_get_memory,
};

const WeftPattern weft_pattern_condition = {
  .name = "condition",
  .title = N_("Condition: the ticket counter"),
  .summary = N_("notify() wakes one waiter, notify_all() wakes them all"),
  .explanation = N_("Customers queue at a ticket counter. A clerk prints tickets one at a time, lays each "
                    "on the counter while holding the counter's lock, and calls out: notify() wakes the "
                    "customer who has waited longest, notify_all() wakes everyone. A customer who finds "
                    "the counter empty waits, and whoever wakes checks again in a while loop, because "
                    "somebody else may have taken the ticket first. With notify_all() every waiting "
                    "customer gets up for each ticket, one takes it, and the rest sit down again: wasted "
                    "wake-ups."),
  .icon_name = "weft-condition-symbolic",
  .code = condition_code,
  .params = (const WeftParamSpec[]) {
    WEFT_PARAM_SPEC_THREADS (2, 64, 5),
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .variants = (const WeftVariant[]) {
    { "notify", N_("notify()"), N_("Each ticket wakes the customer who has waited longest"),
      WEFT_INSTANT_BIT (WEFT_INSTANT_PRODUCE) | WEFT_INSTANT_BIT (WEFT_INSTANT_CONSUME) |
      WEFT_INSTANT_BIT (WEFT_INSTANT_NOTIFY) | WEFT_INSTANT_BIT (WEFT_INSTANT_WAKE) },
    { "notify-all", N_("notify_all()"), N_("Each ticket wakes every waiting customer"),
      WEFT_INSTANT_BIT (WEFT_INSTANT_PRODUCE) | WEFT_INSTANT_BIT (WEFT_INSTANT_CONSUME) |
      WEFT_INSTANT_BIT (WEFT_INSTANT_NOTIFY_ALL) | WEFT_INSTANT_BIT (WEFT_INSTANT_WAKE) },
    { NULL },
  },
  .states = (1u << WEFT_STATE_WORKING) | (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_PRODUCE) | WEFT_INSTANT_BIT (WEFT_INSTANT_CONSUME) |
           WEFT_INSTANT_BIT (WEFT_INSTANT_NOTIFY) | WEFT_INSTANT_BIT (WEFT_INSTANT_NOTIFY_ALL) |
           WEFT_INSTANT_BIT (WEFT_INSTANT_WAKE),
  .setup = condition_setup,
  .free_state = condition_free,
  .role_of = condition_role_of,
  .roles = roles,
  .work = condition_work,
  .checks = &condition_checks,
};
