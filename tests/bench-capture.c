/* bench-capture.c: how many events capture carries, and what a long run costs
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two measurements of the whole capture path (worker rings, the
 * collector thread, the timeline store), both through a WeftSession so
 * that nothing here stands in for the code a user runs:
 *
 * capture.lossless.Mev_s: four workers of a "flood" pattern, defined
 * below, emit as fast as they can in lossless mode.  A real pattern at
 * pace 0 spends most of its time in its own mutexes and conditions, so
 * it measures the pattern, not capture; flood does nothing but record,
 * with the mix of events the patterns write.  The rate is read off the
 * timeline's event count over a window after a warm-up, so it counts
 * only what reached the timeline.
 *
 * capture.60s.*: producer-consumer at pace 0 for up to 60 s with a
 * timeline budget of 512 MiB, as `weft --pattern=producer-consumer
 * --pace=0 --duration=60 --memory=512` records it, minus the export.
 * It prints the peak resident memory of the process, how much of the
 * workers' time went to waiting for the recorder, and how long the run
 * lasted: a run that reaches its budget stops early, and says so.
 *
 * The long run goes first: peak RSS is the process's high-water mark,
 * and the flood's timelines would raise it.  `bench-capture flood` or
 * `bench-capture soak` runs one part alone (for perf).
 */

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-util.h"
#include "weft-session.h"

#define FLOOD_THREADS 4
#define FLOOD_ROUNDS 3
#define FLOOD_WARMUP_NS (500 * WEFT_NSEC_PER_MSEC)
#define FLOOD_WINDOW_NS (2 * WEFT_NSEC_PER_SEC)

/* The window reads a live timeline once a frame. */
#define FRAME_US 16667

#define SOAK_SECONDS 60
#define SOAK_BUDGET_MIB 512

static const WeftRole flood_roles[] = {
  { "flooder", "flood", TRUE },
};

static gpointer
flood_setup (WeftRun *run)
{
  guint16 *object = g_new (guint16, 1);

  /* One object for every thread: its counter samples arrive from four
   * rings out of order, as a shared buffer's fill does. */
  *object = weft_run_add_object (run, "flood", WEFT_OBJECT_COUNTER, 0);
  return object;
}

/* One cycle: the thread's own work, then a critical section the way
 * WeftMutex records one (acquire and begin share a stamp, as do end and
 * release), with a counter sample inside, as producer-consumer writes
 * its fill.  Seven events, five clock reads. */
static void
flood_work (WeftWorker *worker,
            gpointer    state)
{
  guint16 object = *(guint16 *) state;

  for (gint64 i = 0; !weft_worker_should_stop (worker); i++)
    {
      gint64 now;

      weft_worker_begin (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, i, 0);
      weft_worker_end (worker, WEFT_STATE_WORKING, WEFT_OBJECT_NONE);

      now = weft_clock_now_ns ();
      weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_ACQUIRE, object, 0, 0);
      weft_ring_emit_at (worker->ring, now, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, object, 0, 0);
      weft_worker_counter (worker, object, i & 7);

      now = weft_clock_now_ns ();
      weft_ring_emit_at (worker->ring, now, WEFT_EVENT_END, WEFT_STATE_CRITICAL, object, 0, 0);
      weft_ring_emit_at (worker->ring, now, WEFT_EVENT_INSTANT, WEFT_INSTANT_RELEASE, object, 0, 0);
    }
}

static const WeftPattern flood_pattern = {
  .name = "flood",
  .title = "Flood",
  .summary = "Workers that only record",
  .explanation = "",
  .icon_name = "",
  .params = (const WeftParamSpec[]) {
    { "threads", WEFT_PARAM_INTEGER, "Threads", "", 1, 256, FLOOD_THREADS, NULL },
    { NULL },
  },
  .setup = flood_setup,
  .free_state = g_free,
  .roles = flood_roles,
  .work = flood_work,
};

/* The id of this process's thread called @name, or 0. */
static gint
find_thread (const char *name)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *entry;

  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", entry, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_equal (g_strchomp (comm), name))
        return atoi (entry);
    }
  return 0;
}

/* CPU time thread @tid has used, user and system, in nanoseconds; to a
 * clock tick, which over the window is a fraction of a percent. */
static gint64
thread_cpu_ns (gint tid)
{
  g_autofree char *path = g_strdup_printf ("/proc/self/task/%d/stat", tid);
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_comm;

  if (!g_file_get_contents (path, &stat, NULL, NULL) || (after_comm = strrchr (stat, ')')) == NULL)
    return 0;
  /* After the name: state is field 3, utime 14 and stime 15. */
  fields = g_strsplit (after_comm + 2, " ", 14);
  if (g_strv_length (fields) < 14)
    return 0;
  return (g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10)) *
         WEFT_NSEC_PER_SEC / sysconf (_SC_CLK_TCK);
}

/* The timeline's event count and stall time, the CPU time the collector
 * (thread @collector) has used, and when they were read: all under the
 * timeline's lock, so that they are those of whole drains and the
 * collector is not running between them. */
static void
read_count (WeftTimeline *timeline,
            gint          collector,
            guint64      *n_events,
            gint64       *stall_ns,
            gint64       *cpu_ns,
            gint64       *time_ns)
{
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (timeline);

  *n_events = weft_timeline_get_n_events (timeline);
  *stall_ns = weft_timeline_get_stall_ns (timeline);
  *cpu_ns = thread_cpu_ns (collector);
  *time_ns = weft_clock_now_ns ();
}

/* Reads the live timeline once a frame for @duration_ns, as the window
 * does while it draws, and appends how long each read waited for the
 * lock, in ms: what a frame loses to the collector holding it. */
static void
read_like_a_window (WeftTimeline *timeline,
                    gint64        duration_ns,
                    GArray       *waits)
{
  gint64 end = weft_clock_now_ns () + duration_ns;

  while (weft_clock_now_ns () < end)
    {
      gint64 asked = weft_clock_now_ns ();
      double ms;

      weft_timeline_lock (timeline);
      ms = (weft_clock_now_ns () - asked) / 1e6;
      (void) weft_timeline_get_n_events (timeline);
      weft_timeline_unlock (timeline);
      g_array_append_val (waits, ms);
      g_usleep (FRAME_US);
    }
}

/* What one flood round measured over its window. */
typedef struct
{
  double rate;             /* Mev/s that reached the timeline */
  double stall_share;      /* % of the producers' time spent waiting for room */
  double collector_ns;     /* collector CPU time per event */
  double collector_share;  /* % of one core the collector had */
} FloodFigures;

/* One window, after a warm-up (thread start, first laps of the rings,
 * the first growth of the timeline's arrays). */
static void
flood_round (FloodFigures *figures,
             GArray       *waits)
{
  /* Default budget: a full timeline only raises a flag for the
   * session's owner to stop on (weft_session_wait(), not used here), so
   * the window is never cut short. */
  WeftSessionOptions options = { WEFT_RECORDING_LOSSLESS, 0, 0 };
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSession) session = NULL;
  WeftTimeline *timeline;
  guint64 n0, n1;
  gint64 t0, t1, stall0, stall1, cpu0, cpu1;
  gint collector;

  weft_pattern_get_default_params (&flood_pattern, &params);
  session = weft_session_new (&flood_pattern, &params, &options, &error);
  g_assert_no_error (error);
  weft_session_start (session, &error);
  g_assert_no_error (error);
  timeline = weft_session_get_timeline (session);

  g_usleep (FLOOD_WARMUP_NS / 1000);
  collector = find_thread ("weft-collector");
  g_assert_cmpint (collector, >, 0);
  read_count (timeline, collector, &n0, &stall0, &cpu0, &t0);
  read_like_a_window (timeline, FLOOD_WINDOW_NS, waits);
  read_count (timeline, collector, &n1, &stall1, &cpu1, &t1);

  weft_session_request_stop (session);
  weft_session_join (session);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  g_assert_cmpuint (weft_timeline_get_malformed (timeline), ==, 0);

  figures->rate = (double) (n1 - n0) / (t1 - t0) * 1e3;
  /* Stall spans are counted when they close, so this share is close,
   * not exact, at the window's edges. */
  figures->stall_share = 100.0 * (stall1 - stall0) / ((double) FLOOD_THREADS * (t1 - t0));
  figures->collector_ns = (double) (cpu1 - cpu0) / (n1 - n0);
  figures->collector_share = 100.0 * (cpu1 - cpu0) / (t1 - t0);
}

static void
bench_flood (void)
{
  g_autoptr(GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) stalls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) costs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) shares = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < FLOOD_ROUNDS; r++)
    {
      FloodFigures figures;

      flood_round (&figures, waits);
      g_array_append_val (rates, figures.rate);
      g_array_append_val (stalls, figures.stall_share);
      g_array_append_val (costs, figures.collector_ns);
      g_array_append_val (shares, figures.collector_share);
    }
  bench_print ("capture.lossless.Mev_s", bench_median (rates), "Mev/s");
  /* How much of the producers' time the collector made them wait: at
   * full speed capture goes as fast as the collector folds, and the
   * producers spend the rest of their time waiting for it. */
  bench_print ("capture.lossless.stall.share", bench_median (stalls), "%");
  /* What the collector spends per event, and how much of a core it
   * got: the rate is roughly their quotient, and only the first is a
   * property of the code rather than of the machine's load. */
  bench_print ("capture.collector.ns_per_event", bench_median (costs), "ns");
  bench_print ("capture.collector.cpu.share", bench_median (shares), "%");
  /* A frame that waits this long for the timeline is a dropped frame,
   * or several. */
  bench_print ("capture.reader.wait.p50.ms", bench_median (waits), "ms");
  bench_print ("capture.reader.wait.max.ms", bench_percentile (waits, 100), "ms");
}

static double
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  /* Linux gives ru_maxrss in KiB. */
  return usage.ru_maxrss / 1024.0;
}

static void
bench_soak (void)
{
  WeftSessionOptions options = { WEFT_RECORDING_LOSSLESS, (gsize) SOAK_BUDGET_MIB << 20, 0 };
  const WeftPattern *pattern = weft_patterns_lookup ("producer-consumer");
  WeftParams params;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSession) session = NULL;
  WeftTimeline *timeline;
  WeftRecordingEnd end;
  gint64 active_ns;
  guint64 n_events;

  g_assert_nonnull (pattern);
  weft_pattern_get_default_params (pattern, &params);
  weft_params_set (&params, "pace", 0);
  session = weft_session_new (pattern, &params, &options, &error);
  g_assert_no_error (error);
  weft_session_start (session, &error);
  g_assert_no_error (error);
  end = weft_session_wait (session, SOAK_SECONDS * WEFT_NSEC_PER_SEC, NULL);
  g_assert_cmpint (end, ==, WEFT_RECORDING_TIME_UP);

  timeline = weft_session_get_timeline (session);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  active_ns = weft_timeline_get_active_ns (timeline);
  n_events = weft_timeline_get_n_events (timeline);

  bench_print ("capture.60s.peak_MiB", peak_rss_mib (), "MiB");
  /* What the budget is checked against: the bytes the timeline's arrays
   * reserved, touched or not, so it can exceed the resident peak. */
  bench_print ("capture.60s.timeline_MiB", weft_timeline_get_memory (timeline) / 1048576.0, "MiB");
  bench_print ("capture.stall.share",
               100.0 * weft_timeline_get_stall_ns (timeline) /
               ((double) weft_timeline_get_n_lanes (timeline) * active_ns), "%");
  /* The run goes on past the budget, letting its oldest detail go: from
   * when the detail is whole, 0 if nothing went. */
  bench_print ("capture.60s.detail_from_s",
               (weft_timeline_get_detail_from (timeline) - weft_timeline_get_origin (timeline)) / 1e9, "s");
  bench_print ("capture.60s.recorded_s", active_ns / 1e9, "s");
  bench_print ("capture.60s.events", n_events / 1e6, "Mev");
  bench_print ("capture.60s.Mev_s", n_events / (active_ns / 1e3), "Mev/s");
}

int
main (int   argc,
      char *argv[])
{
  const char *only = argc > 1 ? argv[1] : NULL;

  if (only == NULL || g_str_equal (only, "soak"))
    bench_soak ();
  if (only == NULL || g_str_equal (only, "flood"))
    bench_flood ();

  return 0;
}
