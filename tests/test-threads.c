/* test-threads.c: threads that start and end mid-run, and timers
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small pattern made here, whose one thread, `main`, plays a scenario:
 * it spawns workers, daemons and timers and joins them.  Every assertion
 * is on the recorded timeline (and what the threads saw), never on how
 * long anything took: the machine is shared and noisy.
 */

#include <pthread.h>
#include <stdatomic.h>

#include "weft-check-fold.h"
#include "weft-test-util.h"
#include "weft-timeline-private.h"
#include "weft-timer.h"

enum { ROLE_MAIN, ROLE_WORKER, ROLE_DAEMON, ROLE_TIMER };

static const WeftRole roles[] = {
  [ROLE_MAIN] = { "main", "main", FALSE, WEFT_ROLE_MAIN },
  [ROLE_WORKER] = { "worker", "worker", TRUE, 0 },
  [ROLE_DAEMON] = { "daemon", "daemon", TRUE, 0 },
  [ROLE_TIMER] = { "timer", "timer", TRUE, 0 },
};

typedef enum
{
  PLAY_SPAWN_JOIN,      /* a worker that works, one that raises; both joined */
  PLAY_MANY,            /* many workers spawned at full speed, each spawning one more */
  PLAY_DAEMON,          /* a daemon and a worker; main returns without joining */
  PLAY_TIMER,           /* a timer fires; main joins it */
  PLAY_TIMER_GATED,     /* as PLAY_TIMER, once the test opens the gate */
  PLAY_CANCEL,          /* one timer cancelled in time, one too late */
  PLAY_STOP_JOIN,       /* main joins a worker that never ends */
  PLAY_STOP_TIMER,      /* main joins a timer that would wait a minute */
  PLAY_SEEDED,          /* two workers note their first random number */
  PLAY_CANCEL_AT_DEADLINE, /* a cancel just as the delay runs out */
} Play;

#define N_MANY 12
#define CHILD_SPANS 5
#define TIMER_DELAY_NS (40 * WEFT_NSEC_PER_MSEC)
#define TIMER_RACE_DELAY_NS (2 * WEFT_NSEC_PER_MSEC)
#define RAISED "the disk is on fire"

typedef struct
{
  Play play;
  WeftTimer *timers[2];
  /* What the threads saw, for the test to read after the run. */
  gint64 scheduled_run_ns;      /* the run's clock just before a timer started */
  gint64 fired_run_ns;          /* and when its function ran */
  gboolean join_result;
  _Atomic gboolean joining;
  gboolean cancel_in_time;
  gboolean cancel_late;
  guint64 randoms[2];
  /* The gate main waits at in PLAY_TIMER_GATED. */
  pthread_mutex_t gate_lock;
  pthread_cond_t gate_cond;
  gboolean gate_open;
  _Atomic gboolean scheduled;
} Scenario;

/* weft_run_new() calls setup() with only the run: the test says which
 * scenario to play here first.  Tests run one at a time. */
static Scenario *next_scenario;

static gpointer
scenario_setup (WeftRun *run)
{
  Scenario *scenario = next_scenario;

  for (guint i = 0; i < G_N_ELEMENTS (scenario->timers); i++)
    scenario->timers[i] = weft_timer_new (run, ROLE_TIMER);
  return scenario;
}

static void
scenario_free (gpointer data)
{
  Scenario *scenario = data;

  for (guint i = 0; i < G_N_ELEMENTS (scenario->timers); i++)
    g_clear_pointer (&scenario->timers[i], weft_timer_free);
}

static guint
scenario_role_of (const WeftParams *params,
                  guint             index,
                  guint            *number)
{
  *number = 1;
  return ROLE_MAIN;
}

static void
child_work (WeftWorker *worker,
            gpointer    data)
{
  for (guint i = 0; i < CHILD_SPANS; i++)
    if (!weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 1, 3, i, 0))
      return;
}

static void
raising_work (WeftWorker *worker,
              gpointer    data)
{
  weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 1, 2, 0, 0);
  weft_worker_raise (worker, RAISED);
}

/* Spawns one more before its own work, as a thread pool's worker might. */
static void
parent_work (WeftWorker *worker,
             gpointer    data)
{
  WeftWorker *grandchild = weft_worker_spawn (worker, ROLE_WORKER, 100 + worker->number, FALSE,
                                              child_work, NULL, NULL);

  child_work (worker, data);
  if (grandchild != NULL)
    weft_worker_join (worker, grandchild);
}

static void
forever_work (WeftWorker *worker,
              gpointer    data)
{
  while (weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 2, 4, 0, 0))
    ;
}

static void
random_work (WeftWorker *worker,
             gpointer    data)
{
  Scenario *scenario = data;

  scenario->randoms[worker->number - 1] = weft_worker_random (worker);
}

static void
fire_work (WeftWorker *worker,
           gpointer    data)
{
  Scenario *scenario = data;

  scenario->fired_run_ns = weft_run_now_ns (worker->run);
  weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 1, 2, 0, 0);
}

static void
wait_at_gate (Scenario   *scenario,
              WeftWorker *worker)
{
  pthread_mutex_lock (&scenario->gate_lock);
  while (!scenario->gate_open && !weft_worker_should_stop (worker))
    {
      gint64 wake = weft_clock_monotonic_ns () + 10 * WEFT_NSEC_PER_MSEC;
      struct timespec ts = { wake / WEFT_NSEC_PER_SEC, wake % WEFT_NSEC_PER_SEC };

      pthread_cond_timedwait (&scenario->gate_cond, &scenario->gate_lock, &ts);
    }
  pthread_mutex_unlock (&scenario->gate_lock);
}

static void
start_timer (Scenario   *scenario,
             WeftWorker *worker,
             guint       which,
             gint64      delay_ns)
{
  g_autoptr(GError) error = NULL;

  scenario->scheduled_run_ns = weft_run_now_ns (worker->run);
  g_assert_true (weft_timer_start (scenario->timers[which], worker, which + 1, delay_ns,
                                   fire_work, scenario, &error));
  g_assert_no_error (error);
  atomic_store (&scenario->scheduled, TRUE);
}

static void
main_work (WeftWorker *worker,
           gpointer    data)
{
  Scenario *scenario = data;
  WeftWorker *children[N_MANY] = { NULL, };
  g_autoptr(GError) error = NULL;

  /* Not when the run is to be paused before it goes on: a paced span
   * would hold it there. */
  if (scenario->play != PLAY_TIMER_GATED)
    weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 1, 2, 0, 0);

  switch (scenario->play)
    {
    case PLAY_SPAWN_JOIN:
      children[0] = weft_worker_spawn (worker, ROLE_WORKER, 1, FALSE, child_work, NULL, &error);
      g_assert_no_error (error);
      children[1] = weft_worker_spawn (worker, ROLE_WORKER, 2, FALSE, raising_work, NULL, &error);
      g_assert_no_error (error);
      scenario->join_result = weft_worker_join (worker, children[0]) &&
                              weft_worker_join (worker, children[1]);
      break;

    case PLAY_MANY:
      for (guint i = 0; i < N_MANY; i++)
        children[i] = weft_worker_spawn (worker, ROLE_WORKER, i + 1, FALSE, parent_work, NULL, NULL);
      scenario->join_result = TRUE;
      for (guint i = 0; i < N_MANY; i++)
        scenario->join_result &= children[i] != NULL && weft_worker_join (worker, children[i]);
      break;

    case PLAY_DAEMON:
      weft_worker_spawn (worker, ROLE_DAEMON, 1, TRUE, forever_work, NULL, NULL);
      weft_worker_spawn (worker, ROLE_WORKER, 1, FALSE, child_work, NULL, NULL);
      /* Returns without joining: the program waits for the worker, not
       * for the daemon. */
      break;

    case PLAY_TIMER_GATED:
      wait_at_gate (scenario, worker);
      G_GNUC_FALLTHROUGH;
    case PLAY_TIMER:
      start_timer (scenario, worker, 0, TIMER_DELAY_NS);
      scenario->join_result = weft_worker_join (worker, weft_timer_get_thread (scenario->timers[0]));
      break;

    case PLAY_CANCEL:
      /* A minute of run time: the cancel comes long before. */
      start_timer (scenario, worker, 0, 60 * WEFT_NSEC_PER_SEC);
      weft_worker_span (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 1, 2, 0, 0);
      scenario->cancel_in_time = weft_timer_cancel (scenario->timers[0], worker);
      start_timer (scenario, worker, 1, 0);
      scenario->join_result = weft_worker_join (worker, weft_timer_get_thread (scenario->timers[0])) &&
                              weft_worker_join (worker, weft_timer_get_thread (scenario->timers[1]));
      scenario->cancel_late = weft_timer_cancel (scenario->timers[1], worker);
      break;

    case PLAY_CANCEL_AT_DEADLINE:
      /* Spin until the delay has just run out on the run's clock, then
       * cancel: the timer's thread is waking for its deadline now. */
      start_timer (scenario, worker, 0, TIMER_RACE_DELAY_NS);
      while (weft_run_now_ns (worker->run) < scenario->scheduled_run_ns + TIMER_RACE_DELAY_NS)
        ;
      scenario->cancel_in_time = weft_timer_cancel (scenario->timers[0], worker);
      scenario->join_result = weft_worker_join (worker, weft_timer_get_thread (scenario->timers[0]));
      break;

    case PLAY_STOP_JOIN:
      children[0] = weft_worker_spawn (worker, ROLE_WORKER, 1, FALSE, forever_work, NULL, NULL);
      atomic_store (&scenario->joining, TRUE);
      scenario->join_result = weft_worker_join (worker, children[0]);
      break;

    case PLAY_STOP_TIMER:
      start_timer (scenario, worker, 0, 60 * WEFT_NSEC_PER_SEC);
      atomic_store (&scenario->joining, TRUE);
      scenario->join_result = weft_worker_join (worker, weft_timer_get_thread (scenario->timers[0]));
      break;

    case PLAY_SEEDED:
      for (guint i = 0; i < 2; i++)
        children[i] = weft_worker_spawn (worker, ROLE_WORKER, i + 1, FALSE, random_work, scenario, NULL);
      for (guint i = 0; i < 2; i++)
        weft_worker_join (worker, children[i]);
      break;

    default:
      g_assert_not_reached ();
    }
}

static const WeftPattern scenario_pattern = {
  .name = "test-threads",
  .title = "Threads",
  .summary = "Threads that come and go",
  .explanation = "Test only.",
  .params = (const WeftParamSpec[]) {
    { "threads", WEFT_PARAM_INTEGER, "Threads", "", 1, 1, 1, NULL },
    WEFT_PARAM_SPEC_PACE (1),
    { NULL },
  },
  .setup = scenario_setup,
  .free_state = scenario_free,
  .role_of = scenario_role_of,
  .roles = roles,
  .work = main_work,
};

static void
scenario_init (Scenario *scenario,
               Play      play)
{
  *scenario = (Scenario) { .play = play };
  pthread_mutex_init (&scenario->gate_lock, NULL);
  /* On CLOCK_MONOTONIC, as wait_at_gate()'s deadline is: with the
   * default CLOCK_REALTIME that deadline lay decades in the past and
   * the wait spun. */
  weft_run_cond_init (&scenario->gate_cond);
  atomic_init (&scenario->joining, FALSE);
  atomic_init (&scenario->scheduled, FALSE);
}

static void
scenario_clear (Scenario *scenario)
{
  pthread_cond_destroy (&scenario->gate_cond);
  pthread_mutex_destroy (&scenario->gate_lock);
}

static WeftRun *
scenario_run_new (Scenario *scenario,
                  double    pace)
{
  WeftParams params;
  g_autoptr(GError) error = NULL;
  WeftRun *run;

  weft_pattern_get_default_params (&scenario_pattern, &params);
  weft_params_set (&params, "pace", pace);
  next_scenario = scenario;
  run = weft_run_new (&scenario_pattern, &params, &error);
  g_assert_no_error (error);
  return run;
}

/* Plays @play to its end (or @max_ns, then stops it). */
static WeftTimeline *
play (Scenario         *scenario,
      WeftRun         **run_out,
      double            pace,
      gint64            max_ns,
      WeftRecordingEnd *end)
{
  g_autoptr(WeftRun) run = scenario_run_new (scenario, pace);
  g_autoptr(GError) error = NULL;
  WeftTimeline *timeline;

  timeline = weft_record_run (run, max_ns, end, &error);
  g_assert_no_error (error);
  g_assert_true (weft_run_is_joined (run));
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
  if (run_out != NULL)
    *run_out = g_steal_pointer (&run);
  return timeline;
}

/* The lane named @name. */
static guint
find_lane (WeftTimeline *timeline,
           const char   *name)
{
  for (guint i = 0; i < weft_timeline_get_n_lanes (timeline); i++)
    if (g_strcmp0 (weft_timeline_get_lane_name (timeline, i), name) == 0)
      return i;
  g_error ("no lane %s", name);
}

static guint
count_instants (WeftTimeline *timeline,
                guint         lane,
                WeftInstant   kind)
{
  guint n, count = 0;
  const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

  for (guint i = 0; i < n; i++)
    count += instants[i].instant == kind;
  return count;
}

/* The first instant of @kind on @lane, which must have one. */
static const WeftInstantRecord *
find_instant (WeftTimeline *timeline,
              guint         lane,
              WeftInstant   kind)
{
  guint n;
  const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);

  for (guint i = 0; i < n; i++)
    if (instants[i].instant == kind)
      return &instants[i];
  g_error ("no %s on lane %s", weft_instant_to_string (kind), weft_timeline_get_lane_name (timeline, lane));
}

/* Every lane's life in order: one START, its first event, and one of
 * END, RAISE or KILLED, its last; returns which. */
static WeftInstant
assert_life (WeftTimeline *timeline,
             guint         lane)
{
  guint n, n_ends = 0;
  const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, lane, &n);
  const WeftInstantRecord *last;

  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpuint (instants[0].instant, ==, WEFT_INSTANT_START);
  g_assert_cmpuint (count_instants (timeline, lane, WEFT_INSTANT_START), ==, 1);
  g_assert_cmpint (weft_timeline_get_lane_start (timeline, lane), ==, instants[0].time_ns);
  for (guint depth = 0; depth < WEFT_TIMELINE_MAX_DEPTH; depth++)
    {
      guint n_spans;
      const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n_spans);

      for (guint i = 0; i < n_spans; i++)
        {
          g_assert_cmpint (spans[i].start_ns, >=, instants[0].time_ns);
          /* Every span was closed by its own thread, stopped or not. */
          g_assert_cmpuint (spans[i].flags & WEFT_SPAN_CUT, ==, 0);
        }
    }
  n_ends = count_instants (timeline, lane, WEFT_INSTANT_END) +
           count_instants (timeline, lane, WEFT_INSTANT_RAISE) +
           count_instants (timeline, lane, WEFT_INSTANT_KILLED);
  g_assert_cmpuint (n_ends, ==, 1);
  /* Nothing comes after the end of a thread on its own lane. */
  last = &instants[n - 1];
  g_assert_true (last->instant == WEFT_INSTANT_END || last->instant == WEFT_INSTANT_RAISE ||
                 last->instant == WEFT_INSTANT_KILLED);
  g_assert_cmpint (weft_timeline_get_lane_end (timeline, lane), ==, last->time_ns);
  return last->instant;
}

/* The WAITING span of a join on @lane for @child_lane. */
static const WeftSpan *
find_join_span (WeftTimeline *timeline,
                guint         lane,
                guint         child_lane)
{
  guint n;
  const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, 0, &n);

  for (guint i = 0; i < n; i++)
    if (spans[i].state == WEFT_STATE_WAITING && spans[i].object == WEFT_OBJECT_NONE &&
        spans[i].value == child_lane)
      return &spans[i];
  g_error ("no join of lane %u on lane %u", child_lane, lane);
}

static void
test_spawn_and_join (void)
{
  Scenario scenario;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  WeftRecordingEnd end;
  guint main_lane, child, raiser, n_spans;
  const WeftSpan *main_spans;
  const WeftInstantRecord *raise;

  scenario_init (&scenario, PLAY_SPAWN_JOIN);
  timeline = play (&scenario, &run, 1, 30 * WEFT_NSEC_PER_SEC, &end);
  g_assert_cmpint (end, ==, WEFT_RECORDING_FINISHED);
  g_assert_true (scenario.join_result);

  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 3);
  g_assert_cmpuint (weft_run_get_n_workers (run), ==, 3);
  main_lane = find_lane (timeline, "main");
  child = find_lane (timeline, "worker-1");
  raiser = find_lane (timeline, "worker-2");
  g_assert_cmpuint (main_lane, ==, 0);

  /* Each spawned lane starts after what its parent did before spawning
   * it, with a START that says it is no daemon, and keeps all it did. */
  main_spans = weft_timeline_get_spans (timeline, main_lane, 0, &n_spans);
  g_assert_cmpuint (n_spans, >=, 1);
  g_assert_cmpuint (main_spans[0].state, ==, WEFT_STATE_WORKING);
  for (guint lane = 0; lane < 3; lane++)
    {
      g_assert_cmpint (find_instant (timeline, lane, WEFT_INSTANT_START)->value, ==, 0);
      g_assert_cmpint (weft_timeline_get_lane_tid (timeline, lane), >, 0);
      g_assert_cmpint (weft_timeline_get_lane_tid (timeline, lane), ==, weft_run_get_worker_tid (run, lane));
    }
  g_assert_cmpint (weft_timeline_get_lane_start (timeline, child), >=, main_spans[0].end_ns);
  g_assert_cmpint (weft_timeline_get_lane_start (timeline, raiser), >=,
                   weft_timeline_get_lane_start (timeline, child));
  weft_timeline_get_spans (timeline, child, 0, &n_spans);
  g_assert_cmpuint (n_spans, ==, CHILD_SPANS);

  g_assert_cmpuint (assert_life (timeline, main_lane), ==, WEFT_INSTANT_END);
  g_assert_cmpuint (assert_life (timeline, child), ==, WEFT_INSTANT_END);

  /* The raise ends its lane with its message, and no END. */
  g_assert_cmpuint (assert_life (timeline, raiser), ==, WEFT_INSTANT_RAISE);
  raise = find_instant (timeline, raiser, WEFT_INSTANT_RAISE);
  g_assert_cmpuint (raise->arg, !=, 0);
  g_assert_cmpstr (weft_run_get_message (run, raise->arg), ==, RAISED);
  g_assert_cmpstr (weft_timeline_get_message (timeline, raise->arg), ==, RAISED);
  g_assert_null (weft_run_get_message (run, 0));
  g_assert_null (weft_run_get_message (run, raise->arg + 1));

  /* Each join waits until its child has ended, then says whom it joined. */
  for (guint i = 0; i < 2; i++)
    {
      guint lane = i == 0 ? child : raiser;
      const WeftInstantRecord *join = NULL;
      guint n;
      const WeftInstantRecord *instants = weft_timeline_get_instants (timeline, main_lane, &n);

      for (guint k = 0; k < n; k++)
        if (instants[k].instant == WEFT_INSTANT_JOIN && instants[k].value == lane)
          join = &instants[k];
      g_assert_nonnull (join);
      g_assert_cmpint (join->time_ns, >=, weft_timeline_get_lane_end (timeline, lane));
      g_assert_cmpint (find_join_span (timeline, main_lane, lane)->end_ns, >=,
                       weft_timeline_get_lane_end (timeline, lane));
    }
  g_assert_cmpuint (count_instants (timeline, main_lane, WEFT_INSTANT_JOIN), ==, 2);

  g_clear_pointer (&run, weft_run_unref);
  scenario_clear (&scenario);
}

/* Threads spawning threads at full speed: every lane is there from its
 * START on, nothing is malformed, and the checks' fold sees it all. */
static void
test_many_spawned (void)
{
  guint rounds = g_getenv ("WEFT_TEST_LIGHT") ? 3 : 20;

  for (guint r = 0; r < rounds; r++)
    {
      Scenario scenario;
      g_autoptr(WeftTimeline) timeline = NULL;
      WeftRecordingEnd end;

      scenario_init (&scenario, PLAY_MANY);
      timeline = play (&scenario, NULL, 0, 30 * WEFT_NSEC_PER_SEC, &end);
      g_assert_cmpint (end, ==, WEFT_RECORDING_FINISHED);
      g_assert_true (scenario.join_result);
      g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 1 + 2 * N_MANY);
      for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
        {
          guint n_spans;

          g_assert_cmpuint (assert_life (timeline, lane), ==, WEFT_INSTANT_END);
          if (lane > 0)
            {
              weft_timeline_get_spans (timeline, lane, 0, &n_spans);
              g_assert_cmpuint (n_spans, >=, CHILD_SPANS);
            }
        }
      scenario_clear (&scenario);
    }
}

/* A daemon still running when the program exits (main and every other
 * non-daemon returned) is killed; the non-daemon worker is waited for. */
static void
test_daemon_killed (void)
{
  Scenario scenario;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  WeftRecordingEnd end;
  guint main_lane, daemon, worker;
  gint64 killed_at;

  scenario_init (&scenario, PLAY_DAEMON);
  timeline = play (&scenario, &run, 1, 30 * WEFT_NSEC_PER_SEC, &end);
  /* It ended on its own, not by the recording's time limit. */
  g_assert_cmpint (end, ==, WEFT_RECORDING_FINISHED);

  main_lane = find_lane (timeline, "main");
  daemon = find_lane (timeline, "daemon-1");
  worker = find_lane (timeline, "worker-1");
  g_assert_cmpint (find_instant (timeline, daemon, WEFT_INSTANT_START)->value, ==, 1);
  g_assert_cmpuint (assert_life (timeline, main_lane), ==, WEFT_INSTANT_END);
  g_assert_cmpuint (assert_life (timeline, worker), ==, WEFT_INSTANT_END);
  g_assert_cmpuint (assert_life (timeline, daemon), ==, WEFT_INSTANT_KILLED);
  g_assert_cmpuint (count_instants (timeline, daemon, WEFT_INSTANT_END), ==, 0);

  /* Killed only once the program had nothing else to wait for. */
  killed_at = weft_timeline_get_lane_end (timeline, daemon);
  g_assert_cmpint (killed_at, >=, weft_timeline_get_lane_end (timeline, main_lane));
  g_assert_cmpint (killed_at, >=, weft_timeline_get_lane_end (timeline, worker));
  /* The worker did all its work: main's return did not cut it short. */
  {
    guint n_spans;

    weft_timeline_get_spans (timeline, worker, 0, &n_spans);
    g_assert_cmpuint (n_spans, ==, CHILD_SPANS);
  }

  g_clear_pointer (&run, weft_run_unref);
  scenario_clear (&scenario);
}

/* A timer fires once its delay has passed on the run's clock, on a lane
 * of its own that starts after its SCHEDULE. */
static void
test_timer_fires (void)
{
  Scenario scenario;
  g_autoptr(WeftTimeline) timeline = NULL;
  WeftRecordingEnd end;
  guint main_lane, timer;
  const WeftInstantRecord *schedule, *fire;

  scenario_init (&scenario, PLAY_TIMER);
  timeline = play (&scenario, NULL, 1, 30 * WEFT_NSEC_PER_SEC, &end);
  g_assert_cmpint (end, ==, WEFT_RECORDING_FINISHED);
  g_assert_true (scenario.join_result);

  main_lane = find_lane (timeline, "main");
  timer = find_lane (timeline, "timer-1");
  schedule = find_instant (timeline, main_lane, WEFT_INSTANT_SCHEDULE);
  fire = find_instant (timeline, timer, WEFT_INSTANT_FIRE);
  g_assert_cmpint (schedule->value, ==, 1);
  g_assert_cmpint (fire->value, ==, 1);
  g_assert_cmpint (weft_timeline_get_lane_start (timeline, timer), >=, schedule->time_ns);
  g_assert_cmpint (scenario.fired_run_ns - scenario.scheduled_run_ns, >=, TIMER_DELAY_NS);
  /* Real time passes at least as fast as the run's. */
  g_assert_cmpint (fire->time_ns - schedule->time_ns, >=, TIMER_DELAY_NS);
  g_assert_cmpuint (assert_life (timeline, timer), ==, WEFT_INSTANT_END);
  g_assert_cmpuint (count_instants (timeline, main_lane, WEFT_INSTANT_CANCEL), ==, 0);
  scenario_clear (&scenario);
}

/* A timer started while the run is paused, for longer than its delay,
 * does not fire until the delay has passed in unpaused time. */
static void
test_timer_waits_out_pause (void)
{
  Scenario scenario;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftSession) session = NULL;
  g_autoptr(GArray) pauses = NULL;
  g_autoptr(GError) error = NULL;
  WeftTimeline *timeline;
  WeftPause pause;
  guint timer;
  gint64 give_up;

  scenario_init (&scenario, PLAY_TIMER_GATED);
  run = scenario_run_new (&scenario, 1);
  session = weft_session_new_for_run (run, NULL);
  g_assert_true (weft_session_start (session, &error));
  g_assert_no_error (error);
  give_up = weft_clock_now_ns () + 60 * WEFT_NSEC_PER_SEC;
  while (!weft_session_is_started (session) && weft_clock_now_ns () < give_up)
    g_usleep (1000);

  weft_session_set_paused (session, TRUE);
  pthread_mutex_lock (&scenario.gate_lock);
  scenario.gate_open = TRUE;
  pthread_cond_broadcast (&scenario.gate_cond);
  pthread_mutex_unlock (&scenario.gate_lock);
  while (!atomic_load (&scenario.scheduled) && weft_clock_now_ns () < give_up)
    g_usleep (1000);
  g_assert_true (atomic_load (&scenario.scheduled));
  /* Paused for several times the delay: a timer on the real clock would
   * have fired by now. */
  g_usleep (4 * TIMER_DELAY_NS / 1000);
  g_assert_false (weft_timer_has_fired (scenario.timers[0]));
  weft_session_set_paused (session, FALSE);

  g_assert_cmpint (weft_session_wait (session, 30 * WEFT_NSEC_PER_SEC, NULL), ==, WEFT_RECORDING_FINISHED);
  timeline = weft_session_get_timeline (session);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
  timer = find_lane (timeline, "timer-1");
  pauses = weft_timeline_dup_pauses (timeline);
  g_assert_cmpuint (pauses->len, ==, 1);
  pause = g_array_index (pauses, WeftPause, 0);
  g_assert_cmpint (find_instant (timeline, timer, WEFT_INSTANT_FIRE)->time_ns, >, pause.to_ns);
  g_assert_cmpint (scenario.fired_run_ns - scenario.scheduled_run_ns, >=, TIMER_DELAY_NS);
  g_assert_cmpuint (assert_life (timeline, timer), ==, WEFT_INSTANT_END);

  g_clear_pointer (&session, weft_session_unref);
  g_clear_pointer (&run, weft_run_unref);
  scenario_clear (&scenario);
}

/* A cancel that comes just as the delay runs out either stopped the
 * timer (and then it never fires, though its thread woke for the
 * deadline too) or came too late (and says so): never both. */
static void
test_timer_cancel_at_deadline (void)
{
  guint rounds = g_getenv ("WEFT_TEST_LIGHT") != NULL ? 20 : 200;
  guint in_time = 0;

  for (guint r = 0; r < rounds; r++)
    {
      Scenario scenario;
      g_autoptr(WeftTimeline) timeline = NULL;
      WeftRecordingEnd end;
      guint timer;

      scenario_init (&scenario, PLAY_CANCEL_AT_DEADLINE);
      timeline = play (&scenario, NULL, 1, 30 * WEFT_NSEC_PER_SEC, &end);
      g_assert_cmpint (end, ==, WEFT_RECORDING_FINISHED);
      timer = find_lane (timeline, "timer-1");
      g_assert_cmpuint (count_instants (timeline, timer, WEFT_INSTANT_FIRE), ==, scenario.cancel_in_time ? 0 : 1);
      in_time += scenario.cancel_in_time;
      scenario_clear (&scenario);
    }
  g_test_message ("%u of %u cancels at the deadline came in time", in_time, rounds);
}

/* A timer cancelled in time never fires, and its thread ends; a cancel
 * after it fired does nothing and is marked late. */
static void
test_timer_cancelled (void)
{
  Scenario scenario;
  g_autoptr(WeftTimeline) timeline = NULL;
  WeftRecordingEnd end;
  guint main_lane, cancelled, fired, n;
  const WeftInstantRecord *instants;
  guint n_cancels = 0;

  scenario_init (&scenario, PLAY_CANCEL);
  timeline = play (&scenario, NULL, 1, 30 * WEFT_NSEC_PER_SEC, &end);
  g_assert_cmpint (end, ==, WEFT_RECORDING_FINISHED);
  g_assert_true (scenario.join_result);
  g_assert_true (scenario.cancel_in_time);
  g_assert_false (scenario.cancel_late);

  main_lane = find_lane (timeline, "main");
  cancelled = find_lane (timeline, "timer-1");
  fired = find_lane (timeline, "timer-2");
  g_assert_cmpuint (count_instants (timeline, cancelled, WEFT_INSTANT_FIRE), ==, 0);
  g_assert_cmpuint (assert_life (timeline, cancelled), ==, WEFT_INSTANT_END);
  g_assert_cmpuint (count_instants (timeline, fired, WEFT_INSTANT_FIRE), ==, 1);
  g_assert_cmpuint (assert_life (timeline, fired), ==, WEFT_INSTANT_END);

  instants = weft_timeline_get_instants (timeline, main_lane, &n);
  for (guint i = 0; i < n; i++)
    if (instants[i].instant == WEFT_INSTANT_CANCEL)
      {
        n_cancels++;
        if (instants[i].value == 1)
          {
            g_assert_cmpuint (instants[i].arg, ==, 0);
            g_assert_cmpint (instants[i].time_ns, <=, weft_timeline_get_lane_end (timeline, cancelled));
          }
        else
          {
            g_assert_cmpint (instants[i].value, ==, 2);
            g_assert_cmpuint (instants[i].arg, ==, WEFT_TIMER_CANCEL_LATE);
            g_assert_cmpint (instants[i].time_ns, >, find_instant (timeline, fired, WEFT_INSTANT_FIRE)->time_ns);
          }
      }
  g_assert_cmpuint (n_cancels, ==, 2);
  scenario_clear (&scenario);
}

/* Stop breaks a join, and a timer's wait: the run joins, and every lane
 * still ends with END, its spans closed by its own thread. */
static void
test_stop_while_waiting (gconstpointer data)
{
  Play what = GPOINTER_TO_INT (data);
  Scenario scenario;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftSession) session = NULL;
  g_autoptr(GError) error = NULL;
  WeftTimeline *timeline;
  guint main_lane;
  gint64 give_up;

  scenario_init (&scenario, what);
  run = scenario_run_new (&scenario, 1);
  session = weft_session_new_for_run (run, NULL);
  g_assert_true (weft_session_start (session, &error));
  give_up = weft_clock_now_ns () + 60 * WEFT_NSEC_PER_SEC;
  while (!atomic_load (&scenario.joining) && weft_clock_now_ns () < give_up)
    g_usleep (1000);
  g_assert_true (atomic_load (&scenario.joining));

  /* Stop returns and the run is joined; how fast is bench-stop's. */
  weft_session_request_stop (session);
  weft_session_join (session);
  g_assert_true (weft_run_is_joined (run));

  timeline = weft_session_get_timeline (session);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 2);
  main_lane = find_lane (timeline, "main");
  find_join_span (timeline, main_lane, 1);
  for (guint lane = 0; lane < 2; lane++)
    g_assert_cmpuint (assert_life (timeline, lane), ==, WEFT_INSTANT_END);
  /* The stop ends the child too: the join may see it end first, and then
   * it did join, after the child's END; or it gave up, and says so. */
  if (scenario.join_result)
    g_assert_cmpint (find_instant (timeline, main_lane, WEFT_INSTANT_JOIN)->time_ns, >=,
                     weft_timeline_get_lane_end (timeline, 1));
  else
    g_assert_cmpuint (count_instants (timeline, main_lane, WEFT_INSTANT_JOIN), ==, 0);
  if (what == PLAY_STOP_TIMER)
    g_assert_cmpuint (count_instants (timeline, 1, WEFT_INSTANT_FIRE), ==, 0);

  g_clear_pointer (&session, weft_session_unref);
  g_clear_pointer (&run, weft_run_unref);
  scenario_clear (&scenario);
}

/* A thread blocked for long does not hold the checks back: once it is
 * parked in its join, with all it wrote taken in, the fold goes on past
 * its last event with the events of the child it waits for. */
static void
test_blocked_lane_lets_fold_on (void)
{
  Scenario scenario;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  WeftCheckFold *fold;
  gint64 give_up, mark = 0;

  scenario_init (&scenario, PLAY_STOP_JOIN);
  run = scenario_run_new (&scenario, 1);
  g_assert_true (weft_run_start (run, &error));
  timeline = weft_timeline_new_for_run (run);
  fold = weft_timeline_get_check_fold (timeline);
  give_up = weft_clock_now_ns () + 20 * WEFT_NSEC_PER_SEC;
  while (weft_clock_now_ns () < give_up)
    {
      weft_timeline_ingest (timeline);
      /* Main stamps its join just after it says it joins; a quarter of a
       * second later it has, unless the machine stalled it that long. */
      if (mark == 0 && atomic_load (&scenario.joining))
        mark = weft_clock_now_ns () + 250 * WEFT_NSEC_PER_MSEC;
      if (mark != 0 && weft_check_fold_get_frontier (fold) > mark)
        break;
      g_usleep (2000);
    }
  g_assert_cmpint (mark, !=, 0);
  g_assert_cmpint (weft_check_fold_get_frontier (fold), >, mark);

  weft_run_stop (run);
  weft_timeline_ingest (timeline);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);
  g_clear_pointer (&timeline, weft_timeline_unref);
  g_clear_pointer (&run, weft_run_unref);
  scenario_clear (&scenario);
}

/* Spawned workers draw from the run's seed and where they were spawned:
 * the same seed gives the same numbers, whatever the scheduler did. */
static void
test_spawned_seeded (void)
{
  guint64 first[2] = { 0, };

  for (guint r = 0; r < 3; r++)
    {
      Scenario scenario;
      g_autoptr(WeftRun) run = NULL;
      g_autoptr(WeftTimeline) timeline = NULL;

      scenario_init (&scenario, PLAY_SEEDED);
      run = scenario_run_new (&scenario, 0);
      weft_run_set_seed (run, r < 2 ? 42 : 43);
      g_assert_cmpuint (weft_run_get_seed (run), ==, r < 2 ? 42 : 43);
      timeline = weft_record_run (run, 30 * WEFT_NSEC_PER_SEC, NULL, NULL);
      g_assert_cmpuint (scenario.randoms[0], !=, scenario.randoms[1]);
      if (r == 0)
        memcpy (first, scenario.randoms, sizeof first);
      else if (r == 1)
        g_assert_true (memcmp (first, scenario.randoms, sizeof first) == 0);
      else
        g_assert_true (memcmp (first, scenario.randoms, sizeof first) != 0);
      g_clear_pointer (&timeline, weft_timeline_unref);
      g_clear_pointer (&run, weft_run_unref);
      scenario_clear (&scenario);
    }
}

/* The same from a trace built by hand, as an import would: a lane's
 * life runs from its first event to its END, RAISE or KILLED. */
static void
test_lane_life_by_hand (void)
{
  WeftParams params;
  TestTrace trace;
  guint32 arg;
  const WeftInstantRecord *raise;

  weft_pattern_get_default_params (&scenario_pattern, &params);
  test_trace_init (&trace, &scenario_pattern, &params);
  weft_timeline_add_lane (trace.timeline, "main", 1);
  weft_timeline_add_lane (trace.timeline, "worker-1", 2);
  weft_timeline_add_lane (trace.timeline, "daemon-1", 3);
  arg = weft_timeline_add_message (trace.timeline, RAISED);
  test_trace_add (&trace, 0, 1000, WEFT_EVENT_INSTANT, WEFT_INSTANT_START, WEFT_OBJECT_NONE, 0, 0);
  test_trace_add (&trace, 1, 1500, WEFT_EVENT_INSTANT, WEFT_INSTANT_START, WEFT_OBJECT_NONE, 0, 0);
  test_trace_span (&trace, 1, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 1600, 1900, 0, 0);
  test_trace_add (&trace, 1, 2000, WEFT_EVENT_INSTANT, WEFT_INSTANT_RAISE, WEFT_OBJECT_NONE, 0, arg);
  test_trace_add (&trace, 2, 2100, WEFT_EVENT_INSTANT, WEFT_INSTANT_START, WEFT_OBJECT_NONE, 1, 0);
  test_trace_add (&trace, 0, 3000, WEFT_EVENT_INSTANT, WEFT_INSTANT_END, WEFT_OBJECT_NONE, 0, 0);
  test_trace_add (&trace, 2, 3100, WEFT_EVENT_INSTANT, WEFT_INSTANT_KILLED, WEFT_OBJECT_NONE, 0, 0);
  weft_timeline_add_events (trace.timeline, (const WeftEvent *) (gpointer) trace.events->data,
                            trace.events->len);

  g_assert_cmpint (weft_timeline_get_lane_start (trace.timeline, 1), ==, 1500);
  g_assert_cmpint (weft_timeline_get_lane_end (trace.timeline, 1), ==, 2000);
  g_assert_cmpint (weft_timeline_get_lane_end (trace.timeline, 0), ==, 3000);
  g_assert_cmpint (weft_timeline_get_lane_start (trace.timeline, 2), ==, 2100);
  g_assert_cmpint (weft_timeline_get_lane_end (trace.timeline, 2), ==, 3100);
  raise = find_instant (trace.timeline, 1, WEFT_INSTANT_RAISE);
  g_assert_cmpuint (raise->arg, ==, arg);
  g_assert_cmpstr (weft_timeline_get_message (trace.timeline, raise->arg), ==, RAISED);
  g_assert_null (weft_timeline_get_message (trace.timeline, 0));
  g_assert_cmpuint (weft_timeline_get_malformed (trace.timeline), ==, 0);
  test_trace_clear (&trace);

  /* A lane with nothing yet, or nothing that ends it. */
  test_trace_init (&trace, &scenario_pattern, &params);
  weft_timeline_add_lane (trace.timeline, "main", 1);
  g_assert_cmpint (weft_timeline_get_lane_start (trace.timeline, 0), ==, G_MAXINT64);
  test_trace_span (&trace, 0, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 1600, 1900, 0, 0);
  weft_timeline_add_events (trace.timeline, (const WeftEvent *) (gpointer) trace.events->data,
                            trace.events->len);
  g_assert_cmpint (weft_timeline_get_lane_start (trace.timeline, 0), ==, 1600);
  g_assert_cmpint (weft_timeline_get_lane_end (trace.timeline, 0), ==, G_MAXINT64);
  test_trace_clear (&trace);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/threads/spawn-and-join", test_spawn_and_join);
  g_test_add_func ("/threads/many-spawned", test_many_spawned);
  g_test_add_func ("/threads/daemon-killed", test_daemon_killed);
  g_test_add_func ("/threads/timer-fires", test_timer_fires);
  g_test_add_func ("/threads/timer-waits-out-pause", test_timer_waits_out_pause);
  g_test_add_func ("/threads/timer-cancelled", test_timer_cancelled);
  g_test_add_func ("/threads/timer-cancel-at-deadline", test_timer_cancel_at_deadline);
  g_test_add_data_func ("/threads/stop-in-join", GINT_TO_POINTER (PLAY_STOP_JOIN), test_stop_while_waiting);
  g_test_add_data_func ("/threads/stop-in-timer", GINT_TO_POINTER (PLAY_STOP_TIMER), test_stop_while_waiting);
  g_test_add_func ("/threads/spawned-seeded", test_spawned_seeded);
  g_test_add_func ("/threads/blocked-lane-lets-fold-on", test_blocked_lane_lets_fold_on);
  g_test_add_func ("/threads/lane-life-by-hand", test_lane_life_by_hand);

  return g_test_run ();
}
