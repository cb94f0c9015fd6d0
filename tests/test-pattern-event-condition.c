/* test-pattern-event-condition.c: the starting gun and the ticket counter
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For each check, a hand-made trace that breaks it must fail it by id,
 * next to the same trace made right, which passes; then real runs of
 * every variant must pass and show their lesson in the trace itself.
 */

#include "weft-test-util.h"

static gboolean
is_light (void)
{
  return g_getenv ("WEFT_TEST_LIGHT") != NULL;
}

static WeftCheckStatus
status_of (WeftChecks *checks,
           const char *id)
{
  const WeftCheck *check = test_find_check (checks, id);

  g_assert_nonnull (check);
  g_test_message ("%s: %s (%s)", id, check->message, weft_check_status_to_string (check->status));
  return check->status;
}

/* The starting gun: runner-1 and runner-2 wait on gun, the starter
 * fires once, both leave with a wake naming it, then it clears. */
typedef enum
{
  GUN_OK,
  GUN_WAKE_WITH_NO_SET,     /* runner-2 leaves before the shot */
  GUN_WAKE_AFTER_CLEAR,     /* the flag is down again before they leave */
  GUN_WRONG_SETTER,         /* runner-1's wake names runner-2 */
  GUN_MISCOUNTED,           /* set says it released one of the two */
  GUN_LEFT_BEHIND,          /* runner-2 never leaves with a wake */
} GunCase;

static WeftChecks *
check_gun_trace (GunCase which)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftChecks *checks;
  guint16 gun;
  gint64 runner2_end = which == GUN_WAKE_WITH_NO_SET ? 250 : 320;

  test_params ("event", &pattern, &params);
  weft_params_set (&params, "threads", 3);
  test_trace_init (&trace, pattern, &params);
  gun = weft_timeline_add_object (trace.timeline, "gun", WEFT_OBJECT_CONDITION, 0);
  weft_timeline_add_lane (trace.timeline, "starter", 1);
  weft_timeline_add_lane (trace.timeline, "runner-1", 2);
  weft_timeline_add_lane (trace.timeline, "runner-2", 3);

  test_trace_span (&trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 0, 300, 1, 0);
  test_trace_add (&trace, 0, 300, WEFT_EVENT_INSTANT, WEFT_INSTANT_SET, gun,
                  which == GUN_WAKE_WITH_NO_SET || which == GUN_MISCOUNTED ? 1 : 2, 0);
  test_trace_add (&trace, 0, which == GUN_WAKE_AFTER_CLEAR ? 305 : 400, WEFT_EVENT_INSTANT, WEFT_INSTANT_CLEAR,
                  gun, 0, 0);

  test_trace_span (&trace, 1, WEFT_STATE_WAITING, gun, 100, 310, 0, 0);
  test_trace_add (&trace, 1, 311, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, gun,
                  which == GUN_WRONG_SETTER ? 2 : 0, 0);
  test_trace_span (&trace, 1, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 311, 500, 1, 0);

  test_trace_span (&trace, 2, WEFT_STATE_WAITING, gun, 120, runner2_end, 0, 0);
  if (which != GUN_LEFT_BEHIND)
    test_trace_add (&trace, 2, runner2_end + 1, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, gun, 0, 0);
  test_trace_span (&trace, 2, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, runner2_end + 1, 500, 1, 0);

  checks = test_trace_check (&trace);
  test_trace_clear (&trace);
  return checks;
}

static void
test_event_checks (void)
{
  g_autoptr(WeftChecks) ok = check_gun_trace (GUN_OK);
  const struct { GunCase which; const char *fails; const char *passes; } cases[] = {
    { GUN_WAKE_WITH_NO_SET, "wake-on-set", "set-releases-all" },
    { GUN_WAKE_AFTER_CLEAR, "wake-on-set", "set-releases-all" },
    { GUN_WRONG_SETTER, "wake-on-set", "set-releases-all" },
    { GUN_MISCOUNTED, "set-releases-all", "wake-on-set" },
    { GUN_LEFT_BEHIND, "set-releases-all", "wake-on-set" },
  };

  g_assert_cmpint (status_of (ok, "wake-on-set"), ==, WEFT_CHECK_PASS);
  g_assert_cmpint (status_of (ok, "set-releases-all"), ==, WEFT_CHECK_PASS);
  g_assert_cmpstr (test_find_check (ok, "set-releases-all")->message, ==,
                   "1 set() released every runner waiting on gun (2 in all)");
  g_assert_true (weft_checks_all_passed (ok));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WeftChecks) bad = check_gun_trace (cases[i].which);

      g_assert_cmpint (status_of (bad, cases[i].fails), ==, WEFT_CHECK_FAIL);
      g_assert_cmpint (status_of (bad, cases[i].passes), ==, WEFT_CHECK_PASS);
      g_assert_false (weft_checks_all_passed (bad));
    }
}

/* The ticket counter, with notify(): the clerk adds ticket 1 and
 * notifies customer-1, then ticket 2 and notifies customer-2; each
 * wakes, takes the lock again and takes its ticket. */
typedef enum
{
  TICKETS_OK,
  TICKETS_TWICE,            /* customer-2 takes ticket 1 again */
  TICKETS_UNADDED,          /* customer-2 takes a ticket never added */
  TICKETS_SPURIOUS,         /* customer-2 wakes with no notify */
  TICKETS_UNLOCKED,         /* customer-1 takes its ticket outside the lock */
  TICKETS_EXTRA,            /* the first notify wakes customer-2 too */
  TICKETS_NOBODY,           /* a notify says nobody waited while both did */
} TicketsCase;

static WeftChecks *
check_tickets_trace (TicketsCase which)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftChecks *checks;
  guint16 lock, tickets;
  gint64 second_ticket = which == TICKETS_TWICE ? 1 : which == TICKETS_UNADDED ? 9 : 2;

  test_params ("condition", &pattern, &params);
  weft_params_set (&params, "threads", 3);
  test_trace_init (&trace, pattern, &params);
  lock = weft_timeline_add_object (trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  tickets = weft_timeline_add_object (trace.timeline, "tickets", WEFT_OBJECT_CONDITION, 0);
  weft_timeline_add_lane (trace.timeline, "clerk", 1);
  weft_timeline_add_lane (trace.timeline, "customer-1", 2);
  weft_timeline_add_lane (trace.timeline, "customer-2", 3);

  /* The clerk. */
  test_trace_span (&trace, 0, WEFT_STATE_CRITICAL, lock, 290, 310, 0, 0);
  test_trace_add (&trace, 0, 295, WEFT_EVENT_INSTANT, WEFT_INSTANT_PRODUCE, tickets, 1, 0);
  test_trace_add (&trace, 0, 300, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY, tickets,
                  which == TICKETS_NOBODY ? -1 : 1, 0);
  test_trace_span (&trace, 0, WEFT_STATE_CRITICAL, lock, 490, 510, 0, 0);
  test_trace_add (&trace, 0, 495, WEFT_EVENT_INSTANT, WEFT_INSTANT_PRODUCE, tickets, 2, 0);
  test_trace_add (&trace, 0, 500, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY, tickets, 2, 0);

  /* customer-1 */
  test_trace_span (&trace, 1, WEFT_STATE_CRITICAL, lock, 100, 110, 0, 0);
  test_trace_span (&trace, 1, WEFT_STATE_WAITING, tickets, 110, 320, 0, 0);
  test_trace_add (&trace, 1, 321, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, tickets, 0, 0);
  test_trace_span (&trace, 1, WEFT_STATE_CRITICAL, lock, 330, 340, 0, 0);
  test_trace_add (&trace, 1, which == TICKETS_UNLOCKED ? 345 : 335, WEFT_EVENT_INSTANT, WEFT_INSTANT_CONSUME,
                  tickets, 1, 0);

  /* customer-2: waits from 130 to 520, or is woken early and waits again. */
  test_trace_span (&trace, 2, WEFT_STATE_CRITICAL, lock, 120, 130, 0, 0);
  if (which == TICKETS_SPURIOUS || which == TICKETS_EXTRA)
    {
      gint64 woke = which == TICKETS_SPURIOUS ? 250 : 320;

      test_trace_span (&trace, 2, WEFT_STATE_WAITING, tickets, 130, woke, 0, 0);
      test_trace_add (&trace, 2, woke + 1, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, tickets, 0, 0);
      test_trace_span (&trace, 2, WEFT_STATE_CRITICAL, lock, woke + 20, 440, 0, 0);
      test_trace_span (&trace, 2, WEFT_STATE_WAITING, tickets, 440, 520, 0, 0);
    }
  else
    test_trace_span (&trace, 2, WEFT_STATE_WAITING, tickets, 130, 520, 0, 0);
  test_trace_add (&trace, 2, 521, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, tickets, 0, 0);
  test_trace_span (&trace, 2, WEFT_STATE_CRITICAL, lock, 530, 540, 0, 0);
  test_trace_add (&trace, 2, 535, WEFT_EVENT_INSTANT, WEFT_INSTANT_CONSUME, tickets, second_ticket, 0);

  checks = test_trace_check (&trace);
  test_trace_clear (&trace);
  return checks;
}

static void
test_condition_checks (void)
{
  g_autoptr(WeftChecks) ok = check_tickets_trace (TICKETS_OK);
  const struct { TicketsCase which; const char *fails; } cases[] = {
    { TICKETS_TWICE, "tickets" },
    { TICKETS_UNADDED, "tickets" },
    { TICKETS_SPURIOUS, "woken" },
    { TICKETS_UNLOCKED, "woken" },
    { TICKETS_EXTRA, "notify-one" },
    { TICKETS_NOBODY, "notify-one" },
  };

  g_assert_cmpint (status_of (ok, "tickets"), ==, WEFT_CHECK_PASS);
  g_assert_cmpint (status_of (ok, "woken"), ==, WEFT_CHECK_PASS);
  g_assert_cmpint (status_of (ok, "notify-one"), ==, WEFT_CHECK_PASS);
  g_assert_cmpstr (test_find_check (ok, "notify-one")->message, ==,
                   "2 notify() calls each woke at most one customer (woken to find the ticket gone: 0)");
  g_assert_null (test_find_check (ok, "wasted-wakeups"));
  g_assert_true (weft_checks_all_passed (ok));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(WeftChecks) bad = check_tickets_trace (cases[i].which);

      g_assert_cmpint (status_of (bad, cases[i].fails), ==, WEFT_CHECK_FAIL);
      g_assert_false (weft_checks_all_passed (bad));
    }

  /* A wake-up from a notify() that chose another is pinned on that
   * notify, not taken for a spurious one. */
  {
    g_autoptr(WeftChecks) extra = check_tickets_trace (TICKETS_EXTRA);
    g_assert_cmpint (status_of (extra, "woken"), ==, WEFT_CHECK_PASS);
  }
}

/* With notify_all(): both customers wake for ticket 1, customer-1 takes
 * it and customer-2 finds nothing and waits again, until ticket 2. */
static WeftChecks *
check_notify_all_trace (gboolean miscounted)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftChecks *checks;
  guint16 lock, tickets;

  test_params ("condition", &pattern, &params);
  weft_params_set (&params, "threads", 3);
  g_assert_true (weft_params_set_variant (&params, "notify-all"));
  test_trace_init (&trace, pattern, &params);
  lock = weft_timeline_add_object (trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  tickets = weft_timeline_add_object (trace.timeline, "tickets", WEFT_OBJECT_CONDITION, 0);
  weft_timeline_add_lane (trace.timeline, "clerk", 1);
  weft_timeline_add_lane (trace.timeline, "customer-1", 2);
  weft_timeline_add_lane (trace.timeline, "customer-2", 3);

  test_trace_span (&trace, 0, WEFT_STATE_CRITICAL, lock, 290, 310, 0, 0);
  test_trace_add (&trace, 0, 295, WEFT_EVENT_INSTANT, WEFT_INSTANT_PRODUCE, tickets, 1, 0);
  test_trace_add (&trace, 0, 300, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY_ALL, tickets, miscounted ? 1 : 2, 0);
  test_trace_span (&trace, 0, WEFT_STATE_CRITICAL, lock, 490, 510, 0, 0);
  test_trace_add (&trace, 0, 495, WEFT_EVENT_INSTANT, WEFT_INSTANT_PRODUCE, tickets, 2, 0);
  test_trace_add (&trace, 0, 500, WEFT_EVENT_INSTANT, WEFT_INSTANT_NOTIFY_ALL, tickets, 1, 0);

  test_trace_span (&trace, 1, WEFT_STATE_WAITING, tickets, 110, 320, 0, 0);
  test_trace_add (&trace, 1, 321, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, tickets, 0, 0);
  test_trace_span (&trace, 1, WEFT_STATE_CRITICAL, lock, 330, 340, 0, 0);
  test_trace_add (&trace, 1, 335, WEFT_EVENT_INSTANT, WEFT_INSTANT_CONSUME, tickets, 1, 0);

  test_trace_span (&trace, 2, WEFT_STATE_WAITING, tickets, 130, 320, 0, 0);
  test_trace_add (&trace, 2, 322, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, tickets, 0, 0);
  test_trace_span (&trace, 2, WEFT_STATE_CRITICAL, lock, 341, 350, 0, 0);
  test_trace_span (&trace, 2, WEFT_STATE_WAITING, tickets, 350, 520, 0, 0);
  test_trace_add (&trace, 2, 521, WEFT_EVENT_INSTANT, WEFT_INSTANT_WAKE, tickets, 0, 0);
  test_trace_span (&trace, 2, WEFT_STATE_CRITICAL, lock, 530, 540, 0, 0);
  test_trace_add (&trace, 2, 535, WEFT_EVENT_INSTANT, WEFT_INSTANT_CONSUME, tickets, 2, 0);

  checks = test_trace_check (&trace);
  test_trace_clear (&trace);
  return checks;
}

static void
test_condition_wasted_wakeups (void)
{
  g_autoptr(WeftChecks) ok = check_notify_all_trace (FALSE);
  g_autoptr(WeftChecks) bad = check_notify_all_trace (TRUE);

  g_assert_cmpint (status_of (ok, "tickets"), ==, WEFT_CHECK_PASS);
  g_assert_cmpint (status_of (ok, "woken"), ==, WEFT_CHECK_PASS);
  g_assert_cmpint (status_of (ok, "wasted-wakeups"), ==, WEFT_CHECK_LESSON);
  g_assert_cmpstr (test_find_check (ok, "wasted-wakeups")->message, ==,
                   "notify_all() woke customers 3 times; 1 of them found no ticket and waited again");
  g_assert_null (test_find_check (ok, "notify-one"));
  g_assert_true (weft_checks_all_passed (ok));

  g_assert_cmpint (status_of (bad, "wasted-wakeups"), ==, WEFT_CHECK_FAIL);
  g_assert_false (weft_checks_all_passed (bad));
}

/* Before anything happened, every check is pending, not a failure. */
static void
test_nothing_yet (void)
{
  const char * const names[] = { "event", "condition" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      const WeftPattern *pattern;
      WeftParams params;
      g_autoptr(WeftTimeline) timeline = NULL;
      g_autoptr(WeftChecks) checks = NULL;

      test_params (names[i], &pattern, &params);
      timeline = weft_timeline_new (pattern, &params);
      weft_timeline_add_object (timeline, "gun", WEFT_OBJECT_CONDITION, 0);
      weft_timeline_add_object (timeline, "lock", WEFT_OBJECT_MUTEX, 0);
      weft_timeline_add_object (timeline, "tickets", WEFT_OBJECT_CONDITION, 0);
      weft_timeline_add_lane (timeline, "worker-1", 1);
      weft_timeline_finish (timeline, 0);
      checks = weft_check_timeline (timeline);
      g_assert_cmpuint (weft_checks_get_n_checks (checks), >=, 2);
      for (guint c = 0; c < weft_checks_get_n_checks (checks); c++)
        g_assert_cmpint (weft_checks_get_check (checks, c)->status, ==, WEFT_CHECK_PENDING);
    }
}

/* Counts the instants of @kind on @object over every lane, and sums
 * their values. */
static guint
count_instants (WeftTimeline *timeline,
                const char   *object_name,
                WeftInstant   kind,
                gint64       *sum)
{
  guint16 object;
  guint n = 0;

  g_assert_true (weft_timeline_find_object (timeline, object_name, &object));
  if (sum != NULL)
    *sum = 0;
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n_instants;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n_instants);

      for (guint i = 0; i < n_instants; i++)
        if (instants[i].object == object && instants[i].instant == kind)
          {
            n++;
            if (sum != NULL)
              *sum += instants[i].value;
          }
    }
  return n;
}

static WeftTimeline *
record (const char *name,
        const char *variant,
        guint       seed)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftRun) run = NULL;
  WeftTimeline *timeline;

  test_params (name, &pattern, &params);
  if (variant != NULL)
    g_assert_true (weft_params_set_variant (&params, variant));
  weft_params_set (&params, "pace", 0.02);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  weft_run_set_seed (run, seed);
  timeline = weft_record_run (run, (is_light () ? 1 : 2) * WEFT_NSEC_PER_SEC, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  return timeline;
}

/* A real run: every set released all the runners waiting on gun, so the
 * wakes on gun are exactly what the sets say they released. */
static void
test_event_run (void)
{
  g_autoptr(WeftTimeline) timeline = record ("event", NULL, 11);
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  gint64 released;
  guint sets = count_instants (timeline, "gun", WEFT_INSTANT_SET, &released);
  guint wakes = count_instants (timeline, "gun", WEFT_INSTANT_WAKE, NULL);
  g_autofree char *verdict = weft_checks_to_string (checks);

  g_test_message ("event: %u sets released %" G_GINT64_FORMAT ", %u wakes: %s", sets, released, wakes, verdict);
  g_assert_true (weft_checks_all_passed (checks));
  g_assert_cmpint (status_of (checks, "wake-on-set"), ==, WEFT_CHECK_PASS);
  g_assert_cmpint (status_of (checks, "set-releases-all"), ==, WEFT_CHECK_PASS);
  g_assert_cmpuint (sets, >=, 2);
  g_assert_cmpint (released, ==, wakes);
  /* One set releases many: four runners to the shot, most of them waiting. */
  g_assert_cmpint (released, >, sets);
}

static void
test_condition_runs (void)
{
  g_autoptr(WeftTimeline) notify = record ("condition", "notify", 12);
  g_autoptr(WeftTimeline) notify_all = record ("condition", "notify-all", 12);
  g_autoptr(WeftChecks) one = weft_check_timeline (notify);
  g_autoptr(WeftChecks) all = weft_check_timeline (notify_all);
  gint64 woken_by_all;
  guint n_notify = count_instants (notify, "tickets", WEFT_INSTANT_NOTIFY, NULL);
  guint n_notify_all = count_instants (notify_all, "tickets", WEFT_INSTANT_NOTIFY_ALL, &woken_by_all);
  guint wakes_all = count_instants (notify_all, "tickets", WEFT_INSTANT_WAKE, NULL);
  guint takes_all = count_instants (notify_all, "tickets", WEFT_INSTANT_CONSUME, NULL);

  g_assert_true (weft_checks_all_passed (one));
  g_assert_cmpint (status_of (one, "tickets"), ==, WEFT_CHECK_PASS);
  g_assert_cmpint (status_of (one, "woken"), ==, WEFT_CHECK_PASS);
  g_assert_cmpint (status_of (one, "notify-one"), ==, WEFT_CHECK_PASS);
  g_assert_cmpuint (n_notify, >, 0);
  /* notify() wakes at most one: never more wakes than notifies. */
  g_assert_cmpuint (count_instants (notify, "tickets", WEFT_INSTANT_WAKE, NULL), <=, n_notify);

  /* The lesson: notify_all() wakes more customers than there are
   * tickets to take, and the checker says so. */
  g_test_message ("notify-all: %u calls woke %" G_GINT64_FORMAT " (%u wakes) for %u tickets taken",
                  n_notify_all, woken_by_all, wakes_all, takes_all);
  g_assert_true (weft_checks_all_passed (all));
  g_assert_cmpint (status_of (all, "tickets"), ==, WEFT_CHECK_PASS);
  g_assert_cmpint (status_of (all, "woken"), ==, WEFT_CHECK_PASS);
  g_assert_cmpint (status_of (all, "wasted-wakeups"), ==, WEFT_CHECK_LESSON);
  g_assert_cmpint (woken_by_all, ==, wakes_all);
  g_assert_cmpuint (wakes_all, >, takes_all / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/event/checks", test_event_checks);
  g_test_add_func ("/event/run", test_event_run);
  g_test_add_func ("/condition/checks", test_condition_checks);
  g_test_add_func ("/condition/wasted-wakeups", test_condition_wasted_wakeups);
  g_test_add_func ("/condition/runs", test_condition_runs);
  g_test_add_func ("/event-condition/nothing-yet", test_nothing_yet);

  return g_test_run ();
}
