/* test-window.c: the window, driven as a user drives it (under Xvfb)
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <dirent.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>

#include "weft-application.h"
#include "weft-chart.h"
#include "weft-deadlock-panel.h"
#include "weft-export.h"
#include "weft-recording.h"
#include "weft-palette.h"
#include "weft-params-editor.h"
#include "weft-step-bar.h"
#include "weft-test-util.h"
#include "weft-window.h"
#include "widget-walk.h"

static WeftApplication *app;

typedef gboolean (*Condition) (gpointer data);

/* Runs the main loop until @condition holds or @timeout_ms pass;
 * returns how long it took, or -1 on timeout. */
static gint64
wait_until (Condition condition,
            gpointer  data,
            guint     timeout_ms)
{
  gint64 start = g_get_monotonic_time ();

  while (!condition (data))
    {
      if (g_get_monotonic_time () - start > (gint64) timeout_ms * 1000)
        return -1;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return (g_get_monotonic_time () - start) / 1000;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

static void
spin (guint ms)
{
  wait_until (never, NULL, ms);
}

/* What a restarted run must carry: one parameter's value, or (when
 * @name is NULL) the variant. */
typedef struct
{
  WeftWindow *window;
  const char *name;
  double value;
} RunCarries;

static gboolean
run_carries (gpointer data)
{
  RunCarries *want = data;
  WeftRun *run = weft_window_get_run (want->window);
  const WeftParams *params;

  if (run == NULL)
    return FALSE;
  params = weft_run_get_params (run);
  if (want->name == NULL)
    return params->variant == (guint) want->value;
  return weft_params_get (params, want->name, -1) == want->value;
}

/* A changed value restarts the run once it settles: waits for the run
 * that carries it, however slow the machine, rather than a fixed time. */
static void
wait_for_restart (WeftWindow *window,
                  const char *name,
                  double      value)
{
  RunCarries want = { window, name, value };

  g_assert_cmpint (wait_until (run_carries, &want, 20000), >=, 0);
}

static WeftWindow *
open_window (void)
{
  WeftWindow *window = weft_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (WeftWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

static GtkListBox *
pattern_list (WeftWindow *window)
{
  return GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW, "pattern_list"));
}

static void
select_pattern (WeftWindow *window,
                guint       index)
{
  GtkListBox *list = pattern_list (window);

  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, index));
}

/* Every worker lane has a span (open or closed) and every counter lane
 * a sample: real threads are on the chart. */
static gboolean
lanes_hold_spans (gpointer data)
{
  WeftWindow *window = data;
  WeftTimeline *timeline = weft_window_get_timeline (window);
  WeftRun *run = weft_window_get_run (window);

  if (timeline == NULL || run == NULL)
    return FALSE;
  if (weft_timeline_get_n_lanes (timeline) < weft_run_get_n_workers (run))
    return FALSE;
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      WeftSpan span;
      guint n;

      weft_timeline_get_spans (timeline, lane, 0, &n);
      if (n == 0 && !weft_timeline_span_at (timeline, lane, weft_timeline_get_end (timeline), 0, &span))
        return FALSE;
      if (weft_timeline_get_lane_tid (timeline, lane) <= 0)
        return FALSE;
    }
  for (guint16 object = 0; object < weft_timeline_get_n_objects (timeline); object++)
    {
      const WeftObjectInfo *info = weft_timeline_get_object (timeline, object);
      guint n;

      weft_timeline_get_samples (timeline, object, &n);
      if ((info->kind != WEFT_OBJECT_CONDITION && !(info->kind == WEFT_OBJECT_MUTEX && info->limit == 0)) && n == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
run_state_is_stopped (gpointer data)
{
  return weft_window_get_run_state (data) == WEFT_RUN_STATE_STOPPED;
}

static gboolean
no_live_runs (gpointer data)
{
  return weft_window_get_n_live_runs (data) == 0;
}

/* Worker threads still alive in this process, by their kernel names. */
static guint
count_worker_threads (void)
{
  DIR *dir = opendir ("/proc/self/task");
  struct dirent *entry;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((entry = readdir (dir)) != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/self/task/%s/comm", entry->d_name);
      g_autofree char *comm = NULL;

      if (entry->d_name[0] == '.')
        continue;
      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_has_prefix (comm, "weft-"))
        n++;
    }
  closedir (dir);
  return n;
}

static void
test_each_pattern_runs_live (void)
{
  WeftWindow *window = open_window ();
  guint n;

  weft_patterns_get_all (&n);
  for (guint i = 0; i < n; i++)
    {
      gint64 took;
      WeftRun *run;

      select_pattern (window, i);
      run = weft_window_get_run (window);
      g_assert_nonnull (run);
      g_assert_true (weft_window_get_pattern (window) == weft_run_get_pattern (run));
      g_assert_cmpint (weft_window_get_run_state (window), ==, WEFT_RUN_STATE_RUNNING);

      took = wait_until (lanes_hold_spans, window, 1000);
      g_test_message ("%s: every lane and counter lane drawn from real threads after %" G_GINT64_FORMAT " ms",
                      weft_run_get_pattern (run)->name, took);
      g_assert_cmpint (took, >=, 0);
    }

  /* Stop joins the workers, without blocking the main loop. */
  gtk_widget_activate_action (GTK_WIDGET (window), "run.stop", NULL);
  g_assert_cmpint (wait_until (run_state_is_stopped, window, 2000), >=, 0);
  g_assert_true (weft_run_is_joined (weft_window_get_run (window)));
  g_assert_cmpint (wait_until (no_live_runs, window, 2000), >=, 0);
  g_assert_cmpuint (count_worker_threads (), ==, 0);

  close_window (window);
}

static void
test_switching_quickly_leaves_nothing_running (void)
{
  WeftWindow *window = open_window ();
  guint n;

  weft_patterns_get_all (&n);
  for (guint round = 0; round < 40; round++)
    {
      select_pattern (window, (round * 7) % n);
      spin (round % 3 == 0 ? 0 : 5);
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "run.stop", NULL);
  g_assert_cmpint (wait_until (no_live_runs, window, 3000), >=, 0);
  g_assert_cmpuint (count_worker_threads (), ==, 0);
  close_window (window);
}

static gboolean
has_some_events (gpointer data)
{
  WeftTimeline *timeline = weft_window_get_timeline (data);
  return timeline != NULL && weft_timeline_get_n_events (timeline) > 20;
}

/* Every event the run's workers have emitted so far: drained into the
 * window's timeline, still waiting in a ring, or dropped.  Counting the
 * rings too means a collector that stopped draining could not pass for
 * workers that stopped working. */
static guint64
count_emitted (WeftWindow *window)
{
  WeftRecorder *recorder = weft_run_get_recorder (weft_window_get_run (window));

  return weft_recorder_get_delivered (recorder) +
         weft_recorder_get_fill (recorder) +
         weft_recorder_get_dropped (recorder);
}

typedef struct
{
  WeftWindow *window;
  guint64 last;
  gint64 last_changed;
} Quiet;

/* Nothing new for 300 ms: every worker has reached the point where the
 * pause holds it (a step already under way finishes first, and a worker
 * may have been preempted in the middle of one). */
static gboolean
workers_went_quiet (gpointer data)
{
  Quiet *quiet = data;
  guint64 now = count_emitted (quiet->window);

  if (now != quiet->last)
    {
      quiet->last = now;
      quiet->last_changed = g_get_monotonic_time ();
      return FALSE;
    }
  return g_get_monotonic_time () - quiet->last_changed >= 300 * 1000;
}

typedef struct
{
  WeftTimeline *timeline;
  guint64 since;
} Advance;

static gboolean
timeline_advanced (gpointer data)
{
  Advance *advance = data;

  return weft_timeline_get_n_events (advance->timeline) > advance->since;
}

static void
test_pause_and_resume (void)
{
  WeftWindow *window = open_window ();
  WeftRun *run;
  WeftTimeline *timeline;
  Quiet quiet = { window, 0, 0 };
  Advance advance = { NULL, 0 };
  guint64 paused_at, drawn_at;

  select_pattern (window, 2);
  g_assert_cmpint (wait_until (has_some_events, window, 3000), >=, 0);
  run = weft_window_get_run (window);
  timeline = weft_window_get_timeline (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.toggle-pause", NULL);
  g_assert_cmpint (weft_window_get_run_state (window), ==, WEFT_RUN_STATE_PAUSED);

  /* Paused, the workers emit nothing, though the window goes on draining
   * and wall time goes by. */
  quiet.last = count_emitted (window);
  quiet.last_changed = g_get_monotonic_time ();
  g_assert_cmpint (wait_until (workers_went_quiet, &quiet, 5000), >=, 0);
  paused_at = count_emitted (window);
  spin (500);
  g_assert_cmpuint (count_emitted (window), ==, paused_at);
  drawn_at = weft_timeline_get_n_events (timeline);
  g_assert_cmpuint (drawn_at + weft_recorder_get_dropped (weft_run_get_recorder (run)), ==, paused_at);

  /* Resumed, they emit again and the chart gets the new events. */
  gtk_widget_activate_action (GTK_WIDGET (window), "run.toggle-pause", NULL);
  g_assert_cmpint (weft_window_get_run_state (window), ==, WEFT_RUN_STATE_RUNNING);
  advance.timeline = timeline;
  advance.since = drawn_at;
  g_assert_cmpint (wait_until (timeline_advanced, &advance, 3000), >=, 0);

  /* Restart makes a new run of the same pattern. */
  gtk_widget_activate_action (GTK_WIDGET (window), "run.restart", NULL);
  g_assert_true (weft_window_get_run (window) != run);
  g_assert_true (weft_run_get_pattern (weft_window_get_run (window)) == weft_run_get_pattern (run));
  close_window (window);
}

static GtkLabel *
elapsed_label (WeftWindow *window)
{
  return GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW, "elapsed_label"));
}

/* Whether any pixel in column @x, from @top to @bottom, has one of the
 * thread states' colours: activity drawn there. */
static gboolean
column_shows_activity (cairo_surface_t   *surface,
                       int                x,
                       int                top,
                       int                bottom,
                       const WeftPalette *palette)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  for (int y = top; y < bottom; y++)
    {
      guint32 pixel = *(const guint32 *) (gconstpointer) (data + y * stride + x * 4);

      for (guint s = 0; s < WEFT_N_STATES; s++)
        {
          const WeftColor *c = &palette->states[s];
          guint32 want = 0xff000000u | (guint32) (c->red * 255 + 0.5) << 16
                         | (guint32) (c->green * 255 + 0.5) << 8 | (guint32) (c->blue * 255 + 0.5);

          if (pixel == want)
            return TRUE;
        }
    }
  return FALSE;
}

/* Paused at full speed: Elapsed stops, the run records the pause, and
 * the chart draws one band over it with no thread's activity showing
 * through, though a worker parked mid-step has a span that crosses it. */
static void
test_pause_band (void)
{
  WeftWindow *window = open_window ();
  const WeftPattern *pattern = weft_patterns_lookup ("barrier");
  WeftParams params;
  WeftTimeline *timeline;
  g_autofree char *elapsed_paused = NULL;
  const WeftPause *pauses;
  g_autoptr(GArray) pause_copy = NULL;
  guint n_pauses;
  WeftChartOptions options;
  WeftChartLayout layout;
  cairo_surface_t *surface;
  cairo_t *cr;
  double x0, x1;
  guint inside = 0, outside = 0;

  weft_window_get_pattern_params (window, pattern, &params);
  weft_params_set (&params, "pace", 0);
  weft_params_set (&params, "threads", 4);
  weft_window_show_pattern (window, pattern, &params);
  g_assert_cmpint (wait_until (has_some_events, window, 3000), >=, 0);
  spin (300);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.toggle-pause", NULL);
  spin (100);
  elapsed_paused = g_strdup (gtk_label_get_text (elapsed_label (window)));
  spin (1200);
  /* Elapsed did not count the paused second. */
  g_assert_cmpstr (gtk_label_get_text (elapsed_label (window)), ==, elapsed_paused);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.toggle-pause", NULL);
  spin (300);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.stop", NULL);
  g_assert_cmpint (wait_until (run_state_is_stopped, window, 5000), >=, 0);

  timeline = weft_window_get_timeline (window);
  pause_copy = weft_timeline_dup_pauses (timeline);
  pauses = (const WeftPause *) (gpointer) pause_copy->data;
  n_pauses = pause_copy->len;
  g_assert_cmpuint (n_pauses, ==, 1);
  g_assert_cmpint (pauses[0].to_ns - pauses[0].from_ns, >=, 1200 * WEFT_NSEC_PER_MSEC);

  weft_chart_options_init (&options);
  options.t0 = weft_timeline_get_origin (timeline);
  options.t1 = weft_timeline_get_end (timeline);
  options.width = 1200;
  options.height = 400;
  options.snap = TRUE;
  weft_chart_layout (timeline, &options, &layout);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 400);
  cr = cairo_create (surface);
  weft_chart_draw (cr, timeline, &options);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  x0 = weft_chart_time_to_x (&options, &layout, pauses[0].from_ns);
  x1 = weft_chart_time_to_x (&options, &layout, pauses[0].to_ns);
  g_assert_cmpfloat (x1 - x0, >, 20);
  for (int x = (int) ceil (x0) + 1; x < (int) floor (x1) - 1; x++)
    inside += column_shows_activity (surface, x, (int) layout.lanes_y,
                                     (int) MIN (layout.lanes_bottom, layout.lanes_y + layout.n_lanes * layout.lane_height),
                                     weft_palette_get (FALSE));
  for (int x = (int) layout.plot_x + 2; x < (int) x0 - 2; x++)
    outside += column_shows_activity (surface, x, (int) layout.lanes_y,
                                      (int) MIN (layout.lanes_bottom, layout.lanes_y + layout.n_lanes * layout.lane_height),
                                      weft_palette_get (FALSE));
  cairo_surface_destroy (surface);
  /* The threads were busy before the pause and idle under it. */
  g_assert_cmpuint (outside, >, 0);
  g_assert_cmpuint (inside, ==, 0);
  close_window (window);
}

typedef struct
{
  WeftTimeline *timeline;
  guint64 at_least;
} Reached;

static gboolean
timeline_reached (gpointer data)
{
  Reached *reached = data;
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (reached->timeline);

  return weft_timeline_get_n_events (reached->timeline) >= reached->at_least;
}

/* Hidden at full speed, with no frame clock running, the recording goes
 * on: the timeline grows while the window is unmapped, and nothing is
 * lost. */
static void
test_hidden_window_records (void)
{
  WeftWindow *window = open_window ();
  const WeftPattern *pattern = weft_patterns_lookup ("nightclub");
  WeftParams params;
  WeftTimeline *timeline;
  guint64 before;
  Reached reached;

  weft_window_get_pattern_params (window, pattern, &params);
  weft_params_set (&params, "pace", 0);
  weft_params_set (&params, "threads", 16);
  weft_window_show_pattern (window, pattern, &params);
  g_assert_cmpint (wait_until (has_some_events, window, 3000), >=, 0);
  timeline = weft_window_get_timeline (window);

  gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  spin (50);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window)));
  weft_timeline_lock (timeline);
  before = weft_timeline_get_n_events (timeline);
  weft_timeline_unlock (timeline);
  /* Far more than the rings hold: they had to be drained meanwhile. */
  reached.timeline = timeline;
  reached.at_least = before + 4 * (guint64) weft_recorder_get_ring_capacity (
                       weft_run_get_recorder (weft_window_get_run (window))) * 16;
  g_assert_cmpint (wait_until (timeline_reached, &reached, 20000), >=, 0);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (window)));

  gtk_widget_set_visible (GTK_WIDGET (window), TRUE);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.stop", NULL);
  g_assert_cmpint (wait_until (run_state_is_stopped, window, 10000), >=, 0);
  g_assert_cmpuint (weft_timeline_get_dropped (timeline), ==, 0);
  g_assert_false (weft_checks_any_with_status (weft_window_get_checks (window), WEFT_CHECK_FAIL));
  g_assert_false (weft_checks_any_with_status (weft_window_get_checks (window), WEFT_CHECK_INCONCLUSIVE));
  close_window (window);
}

static void
test_zoom_pan_follow (void)
{
  WeftWindow *window = open_window ();
  WeftGanttView *view = weft_window_get_gantt_view (window);
  gint64 t0, t1, z0, z1, p0, p1;
  gint64 end;

  select_pattern (window, 4);
  g_assert_cmpint (wait_until (has_some_events, window, 3000), >=, 0);
  spin (300);
  g_assert_true (weft_gantt_view_get_follow_live (view));
  weft_gantt_view_get_range (view, &t0, &t1);

  /* Zoom in halves the window about its middle, and leaves follow-live. */
  gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-in", NULL);
  weft_gantt_view_get_range (view, &z0, &z1);
  g_assert_cmpint (z1 - z0, ==, (t1 - t0) / 2);
  g_assert_cmpint (ABS ((z0 + z1) / 2 - (t0 + t1) / 2), <=, 1);
  g_assert_false (weft_gantt_view_get_follow_live (view));

  /* The view stays put while following is off. */
  spin (200);
  weft_gantt_view_get_range (view, &p0, &p1);
  g_assert_cmpint (p0, ==, z0);
  g_assert_cmpint (p1, ==, z1);

  /* Panning with the keyboard moves it by a tenth. */
  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-out", NULL);
  weft_gantt_view_get_range (view, &z0, &z1);
  g_assert_cmpint (z1 - z0, ==, t1 - t0);
  weft_gantt_view_pan (view, 0.1);
  weft_gantt_view_get_range (view, &p0, &p1);
  g_assert_cmpint (p0 - z0, ==, (z1 - z0) / 10);

  /* Follow-live returns to the newest moment. */
  gtk_widget_activate_action (GTK_WIDGET (window), "view.follow", NULL);
  g_assert_true (weft_gantt_view_get_follow_live (view));
  spin (100);
  weft_gantt_view_get_range (view, &p0, &p1);
  end = weft_timeline_get_end (weft_window_get_timeline (window));
  g_assert_cmpint (p0, <=, end);
  g_assert_cmpint (p1, >=, end - 50 * 1000 * 1000);

  /* Fit shows the whole run. */
  gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-fit", NULL);
  weft_gantt_view_get_range (view, &p0, &p1);
  g_assert_cmpint (p0, ==, weft_timeline_get_origin (weft_window_get_timeline (window)));
  g_assert_cmpint (p1, >=, weft_timeline_get_end (weft_window_get_timeline (window)));

  /* Zooming at a point keeps that moment under it. */
  weft_gantt_view_get_range (view, &t0, &t1);
  weft_gantt_view_zoom (view, 4.0, 0.25);
  weft_gantt_view_get_range (view, &z0, &z1);
  g_assert_cmpint (ABS ((z0 + (z1 - z0) / 4) - (t0 + (t1 - t0) / 4)), <=, 2);

  /* Zoom out stops at the run's extent, or the live window's. */
  gtk_widget_activate_action (GTK_WIDGET (window), "run.toggle-pause", NULL);
  for (guint i = 0; i < 12; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-out", NULL);
  weft_gantt_view_get_range (view, &z0, &z1);
  end = weft_timeline_get_end (weft_window_get_timeline (window));
  g_assert_cmpint (z1 - z0, <=, MAX (10 * WEFT_NSEC_PER_SEC, end - weft_timeline_get_origin (weft_window_get_timeline (window))));
  close_window (window);
}

static void
test_tooltip_and_accessibility (void)
{
  WeftWindow *window = open_window ();
  WeftGanttView *view = weft_window_get_gantt_view (window);
  g_autofree char *text = NULL;
  gboolean found = FALSE;
  int width, height;

  select_pattern (window, 1);
  g_assert_cmpint (wait_until (has_some_events, window, 3000), >=, 0);
  spin (600);

  /* Somewhere on the first lane there is a span to describe. */
  width = gtk_widget_get_width (GTK_WIDGET (view));
  height = gtk_widget_get_height (GTK_WIDGET (view));
  g_assert_cmpint (width, >, 300);
  for (int x = 160; x < width - 20 && !found; x += 10)
    for (int y = 30; y < MIN (height, 80) && !found; y += 4)
      if (weft_gantt_view_describe_at (view, x, y, &text) && strstr (text, "worker-1") != NULL)
        found = TRUE;
      else
        g_clear_pointer (&text, g_free);
  g_assert_true (found);
  g_test_message ("tooltip: %s", text);
  g_assert_nonnull (strstr (text, "TID"));
  g_assert_nonnull (strstr (text, "started at"));

  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL));
  close_window (window);
}

/* Clicking a span selects it: the details name its thread, state and
 * time, and list the events inside, and for a wait on the lock who held
 * it meanwhile; clicking where no span is clears. */
static void
test_click_shows_span_details (void)
{
  WeftWindow *window = open_window ();
  WeftGanttView *view = weft_window_get_gantt_view (window);
  g_autofree char *details = NULL;
  gboolean found = FALSE;
  int width;

  select_pattern (window, 1);
  g_assert_cmpint (wait_until (has_some_events, window, 3000), >=, 0);
  spin (800);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.toggle-pause", NULL);
  /* The whole run across the chart: beside the code pane, at the live
   * zoom, a critical span can be a pixel or two wide. */
  gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-fit", NULL);
  spin (100);

  width = gtk_widget_get_width (GTK_WIDGET (view));
  for (int x = 160; x < width - 20 && !found; x += 2)
    for (int y = 30; y < 80 && !found; y += 4)
      if (weft_gantt_view_select_at (view, x, y))
        {
          g_clear_pointer (&details, g_free);
          details = weft_gantt_view_dup_selection_details (view);
          found = strstr (details, "critical on lock") != NULL;
        }
  g_assert_true (found);
  g_test_message ("details: %s", details);
  g_assert_true (g_str_has_prefix (details, "worker-1, TID "));
  g_assert_nonnull (strstr (details, "\nfrom "));
  /* Inside a critical span on the lock, the thread read and wrote the counter. */
  g_assert_nonnull (strstr (details, "Inside:"));
  g_assert_nonnull (strstr (details, "read of counter at "));
  g_assert_nonnull (strstr (details, "write of counter at "));

  /* A wait on the lock says who let it go, and when. */
  found = FALSE;
  for (int lane_y = 30; lane_y < 250 && !found; lane_y += 6)
    for (int x = 160; x < width - 20 && !found; x += 5)
      if (weft_gantt_view_select_at (view, x, lane_y))
        {
          g_clear_pointer (&details, g_free);
          details = weft_gantt_view_dup_selection_details (view);
          found = strstr (details, "waiting on lock") != NULL && strstr (details, "\nlet go by worker-") != NULL;
        }
  g_assert_true (found);
  g_assert_nonnull (strstr (details, "; awake "));
  /* And who held the lock meanwhile: the thread that let it go did. */
  g_test_message ("details: %s", details);
  g_assert_nonnull (strstr (details, "\nheld by worker-"));

  /* The label left of the lanes is no span. */
  g_assert_false (weft_gantt_view_select_at (view, 10, 40));
  g_assert_null (weft_gantt_view_dup_selection_details (view));
  close_window (window);
}

/* Every control a user can reach has a name for assistive technology:
 * icon-only buttons and spin buttons carry an explicit label. */
static guint
check_names (GtkWidget *widget,
             guint     *checked)
{
  guint unnamed = 0;

  if (GTK_IS_WINDOW_CONTROLS (widget))
    return 0;
  if (gtk_widget_get_visible (widget) &&
      ((GTK_IS_BUTTON (widget) && gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL) ||
       (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL) ||
       GTK_IS_SPIN_BUTTON (widget)))
    {
      (*checked)++;
      if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
        {
          g_test_message ("no accessible name: %s", G_OBJECT_TYPE_NAME (widget));
          unnamed++;
        }
    }
  /* The parts inside a spin button or a menu button are GTK's own. */
  if (GTK_IS_SPIN_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget))
    return unnamed;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    unnamed += check_names (child, checked);
  return unnamed;
}

/* The control that sets parameter @name ("variant" for the variants). */
static GtkWidget *
param_control (WeftWindow *window,
               const char *name)
{
  WeftParamsEditor *editor = WEFT_PARAMS_EDITOR (gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW,
                                                                                "params_editor"));
  return weft_params_editor_get_control (editor, name);
}

static void
test_controls_have_names (void)
{
  WeftWindow *window = open_window ();
  guint checked = 0;

  select_pattern (window, 4);
  spin (100);
  g_assert_cmpuint (check_names (GTK_WIDGET (window), &checked), ==, 0);
  g_assert_cmpuint (checked, >=, 10);
  /* The keyboard shortcuts window is there to be opened. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "show-help-overlay"));
  close_window (window);
}

static void
test_settings_restored (void)
{
  WeftWindow *window = open_window ();
  GtkSpinButton *threads, *capacity;
  const WeftParams *params;

  select_pattern (window, 4);
  threads = GTK_SPIN_BUTTON (param_control (window, "threads"));
  capacity = GTK_SPIN_BUTTON (param_control (window, "capacity"));
  gtk_spin_button_set_value (threads, 6);
  gtk_spin_button_set_value (capacity, 5);
  /* The run restarts once the values settle. */
  wait_for_restart (window, "threads", 6);
  wait_for_restart (window, "capacity", 5);
  params = weft_window_get_params (window);
  g_assert_cmpfloat (weft_params_get (params, "threads", 0), ==, 6);
  g_assert_cmpuint (weft_run_get_n_workers (weft_window_get_run (window)), ==, 6);
  select_pattern (window, 0);
  close_window (window);

  /* Another pattern was last; its own parameters kept; then back. */
  window = open_window ();
  g_assert_cmpstr (weft_window_get_pattern (window)->name, ==, "race");
  select_pattern (window, 4);
  params = weft_window_get_params (window);
  g_assert_cmpstr (weft_window_get_pattern (window)->name, ==, "producer-consumer");
  g_assert_cmpfloat (weft_params_get (params, "threads", 0), ==, 6);
  g_assert_cmpfloat (weft_params_get (params, "capacity", 0), ==, 5);
  close_window (window);

  window = open_window ();
  g_assert_cmpstr (weft_window_get_pattern (window)->name, ==, "producer-consumer");
  threads = GTK_SPIN_BUTTON (param_control (window, "threads"));
  g_assert_cmpfloat (gtk_spin_button_get_value (threads), ==, 6);
  close_window (window);
}

/* In Persian a parameter's spin button writes Persian digits, and
 * reads back what a Persian keyboard types. */
static void
test_params_in_persian (void)
{
  locale_t persian = newlocale (LC_ALL_MASK, "fa_IR.UTF-8", (locale_t) 0);
  g_autoptr(WeftParamsEditor) editor = NULL;
  GtkEditable *threads;
  locale_t previous;
  WeftParams params;

  if (persian == (locale_t) 0)
    g_error ("the fa_IR.UTF-8 locale is not generated here; build-aux/dev test generates it");
  previous = uselocale (persian);
  editor = g_object_ref_sink (g_object_new (WEFT_TYPE_PARAMS_EDITOR, NULL));
  weft_pattern_get_default_params (weft_patterns_lookup ("nightclub"), &params);
  weft_params_editor_set_params (editor, &params);
  threads = GTK_EDITABLE (weft_params_editor_get_control (editor, "threads"));
  g_assert_cmpstr (gtk_editable_get_text (threads), ==, "۸");

  gtk_editable_set_text (threads, "۱۲");
  gtk_spin_button_update (GTK_SPIN_BUTTON (threads));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (threads)), ==, 12);
  g_assert_cmpfloat (weft_params_get (weft_params_editor_get_params (editor), "threads", 0), ==, 12);
  g_assert_cmpstr (gtk_editable_get_text (threads), ==, "۱۲");
  /* What is no number leaves the value as it was. */
  gtk_editable_set_text (threads, "ده");
  gtk_spin_button_update (GTK_SPIN_BUTTON (threads));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (threads)), ==, 12);
  g_assert_cmpstr (gtk_editable_get_text (threads), ==, "۱۲");

  uselocale (previous);
  freelocale (persian);
}

/* win.show-arrows turns the chart's arrows off and on, and is kept. */
static void
test_show_arrows (void)
{
  WeftWindow *window = open_window ();
  WeftGanttView *view = weft_window_get_gantt_view (window);

  g_assert_true (weft_gantt_view_get_show_arrows (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-arrows", NULL));
  g_assert_false (weft_gantt_view_get_show_arrows (view));
  close_window (window);

  window = open_window ();
  view = weft_window_get_gantt_view (window);
  g_assert_false (weft_gantt_view_get_show_arrows (view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-arrows", NULL));
  g_assert_true (weft_gantt_view_get_show_arrows (view));
  close_window (window);

  /* A change of the setting after those windows closed reaches nothing
   * of theirs. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.weft.Weft");

    g_settings_set_boolean (settings, "show-arrows", FALSE);
    g_settings_set_boolean (settings, "show-arrows", TRUE);
  }
}

static guint
index_of_pattern (const char *name)
{
  guint n;
  const WeftPattern * const *patterns = weft_patterns_get_all (&n);

  for (guint i = 0; i < n; i++)
    if (g_str_equal (patterns[i]->name, name))
      return i;
  g_assert_not_reached ();
}

/* A variant chosen is kept for its pattern, like its parameters, and a
 * run started from the sidebar draws a new seed each time. */
static void
test_variant_restored (void)
{
  WeftWindow *window = open_window ();
  guint condition = index_of_pattern ("condition");
  guint64 first_seed;

  select_pattern (window, condition);
  spin (100);
  first_seed = weft_run_get_params (weft_window_get_run (window))->seed;
  adw_combo_row_set_selected (ADW_COMBO_ROW (param_control (window, "variant")), 1);
  wait_for_restart (window, NULL, 1);
  g_assert_cmpstr (weft_params_get_variant_name (weft_run_get_params (weft_window_get_run (window))), ==,
                   "notify-all");
  g_assert_cmpuint (weft_run_get_params (weft_window_get_run (window))->seed, !=, first_seed);
  select_pattern (window, 0);
  close_window (window);

  window = open_window ();
  select_pattern (window, condition);
  spin (100);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (param_control (window, "variant"))), ==, 1);
  g_assert_cmpstr (weft_params_get_variant_name (weft_run_get_params (weft_window_get_run (window))), ==,
                   "notify-all");
  close_window (window);
}

static guint
count_rows (GtkWidget *widget)
{
  guint n = ADW_IS_PREFERENCES_ROW (widget) ? 1 : 0;

  /* A combo row's popover holds rows of its own: not the editor's. */
  if (n == 1)
    return 1;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

/* Every pattern's rows come from its declaration: one per parameter,
 * of the control its kind calls for, with its range, and one for its
 * variants; a variant or value chosen there is what the run gets. */
static void
test_rows_from_declaration (void)
{
  WeftWindow *window = open_window ();
  GtkWidget *editor = (GtkWidget *) gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW, "params_editor");
  guint n;
  const WeftPattern * const *patterns = weft_patterns_get_all (&n);

  for (guint p = 0; p < n; p++)
    {
      const WeftPattern *pattern = patterns[p];
      guint n_variants = weft_pattern_get_n_variants (pattern);
      GtkWidget *variants;

      select_pattern (window, p);
      spin (20);
      g_assert_true (weft_window_get_pattern (window) == pattern);
      g_assert_cmpuint (count_rows (editor), ==, weft_pattern_get_n_params (pattern) + (n_variants > 0));

      for (guint i = 0; i < weft_pattern_get_n_params (pattern); i++)
        {
          const WeftParamSpec *spec = &pattern->params[i];
          GtkWidget *control = param_control (window, spec->name);
          GtkWidget *row = weft_params_editor_get_row (WEFT_PARAMS_EDITOR (editor), spec->name);

          g_assert_nonnull (control);
          g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, spec->label);
          switch (spec->kind)
            {
            case WEFT_PARAM_CHOICE:
              g_assert_true (ADW_IS_COMBO_ROW (control));
              g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (control))), ==,
                                g_strv_length ((char **) spec->choices));
              break;
            case WEFT_PARAM_BOOLEAN:
              g_assert_true (GTK_IS_SWITCH (control));
              break;
            case WEFT_PARAM_INTEGER:
            case WEFT_PARAM_NUMBER:
            case WEFT_PARAM_DURATION:
            default:
              {
                double min, max;

                g_assert_true (GTK_IS_SPIN_BUTTON (control));
                gtk_spin_button_get_range (GTK_SPIN_BUTTON (control), &min, &max);
                g_assert_cmpfloat (min, ==, spec->min);
                g_assert_cmpfloat (max, ==, spec->max);
                g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (control)), ==,
                                   weft_window_get_params (window)->values[i]);
                /* The pace says what its 0 means. */
                if (g_str_equal (spec->name, "pace"))
                  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                            "0 runs at full speed"));
              }
              break;
            }
        }

      variants = param_control (window, "variant");
      if (n_variants == 0)
        {
          g_assert_null (variants);
          continue;
        }
      g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (variants))), ==, n_variants);
      /* Choosing the last variant restarts the run with it. */
      adw_combo_row_set_selected (ADW_COMBO_ROW (variants), n_variants - 1);
      wait_for_restart (window, NULL, n_variants - 1);
      g_assert_cmpuint (weft_run_get_params (weft_window_get_run (window))->variant, ==, n_variants - 1);
      adw_combo_row_set_selected (ADW_COMBO_ROW (variants), 0);
      wait_for_restart (window, NULL, 0);
    }
  close_window (window);
}

static gboolean
run_finished (gpointer data)
{
  WeftRunState state = weft_window_get_run_state (data);
  return state == WEFT_RUN_STATE_FINISHED;
}

static gboolean
export_done (gpointer data)
{
  return !weft_window_is_exporting (data);
}

static void
test_export_raises_toast (void)
{
  WeftWindow *window = open_window ();
  g_autofree char *dir = g_dir_make_tmp ("weft-window-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "run.svg", NULL);
  g_autofree char *bad = g_build_filename (dir, "missing", "run.svg", NULL);
  AdwToast *toast;

  select_pattern (window, 0);
  g_assert_cmpint (wait_until (has_some_events, window, 3000), >=, 0);

  weft_window_export_to_path (window, svg, FALSE);
  /* Written on a worker thread while the window goes on. */
  g_assert_true (weft_window_is_exporting (window));
  g_assert_cmpint (wait_until (export_done, window, 10000), >=, 0);
  g_assert_true (g_file_test (svg, G_FILE_TEST_IS_REGULAR));
  toast = weft_window_get_last_toast (window);
  g_assert_nonnull (toast);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "Exported “run.svg”");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "Open");

  /* A path that cannot be written: an error toast, and no file. */
  weft_window_export_to_path (window, bad, TRUE);
  g_assert_cmpint (wait_until (export_done, window, 10000), >=, 0);
  toast = weft_window_get_last_toast (window);
  g_assert_true (g_str_has_prefix (adw_toast_get_title (toast), "Could not export:"));
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));

  g_remove (svg);
  g_rmdir (dir);
  close_window (window);
}

static void
test_race_finishes_with_verdict (void)
{
  WeftWindow *window = open_window ();
  GtkSpinButton *pace;
  WeftChecks *checks;
  const WeftCheck *check;
  const WeftParams *params;
  gint64 expected, actual;
  g_autofree char *n_lost = NULL;
  g_autofree char *n_expected = NULL;
  g_autofree char *message = NULL;

  select_pattern (window, 0);
  pace = GTK_SPIN_BUTTON (param_control (window, "pace"));
  gtk_spin_button_set_value (pace, 0.05);
  wait_for_restart (window, "pace", 0.05);
  g_assert_cmpint (wait_until (run_finished, window, 10000), >=, 0);
  params = weft_run_get_params (weft_window_get_run (window));
  g_assert_cmpfloat (weft_params_get (params, "pace", 0), ==, 0.05);
  checks = weft_window_get_checks (window);
  g_assert_nonnull (checks);

  /* Every increment was recorded, so the one check is the race's own,
   * with nothing dropped to make it doubt the trace. */
  g_assert_cmpuint (weft_timeline_get_dropped (weft_window_get_timeline (window)), ==, 0);
  g_assert_cmpuint (weft_checks_get_n_checks (checks), ==, 1);
  check = weft_checks_get_check (checks, 0);
  g_test_message ("race verdict: %s", check->message);
  g_assert_cmpstr (check->id, ==, "updates");

  /* Every thread did all its increments; with each one's load and store
   * apart by milliseconds, some overwrote others.  That loss is the
   * lesson, not a broken invariant. */
  g_assert_true (weft_checks_get_result (checks, &expected, &actual));
  g_assert_cmpint (expected, ==,
                   (guint) weft_params_get (params, "threads", 0) *
                   (gint64) (guint) weft_params_get (params, "iterations", 0));
  g_assert_cmpint (actual, >, 0);
  g_assert_cmpint (actual, <, expected);
  g_assert_false (check->passed);
  g_assert_true (check->is_lesson);
  g_assert_true (weft_checks_all_passed (checks));
  n_lost = weft_format_count (expected - actual);
  n_expected = weft_format_count (expected);
  message = g_strdup_printf ("lost %s of %s updates", n_lost, n_expected);
  /* Then how many of them are marked on the chart (test-lessons.c). */
  g_assert_true (g_str_has_prefix (check->message, message));
  g_assert_true (check->message[strlen (message)] == '\0' ||
                 g_str_has_suffix (check->message, "marked where they were overwritten") ||
                 g_str_has_suffix (check->message, "marked where it was overwritten"));
  close_window (window);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
run_stopped (gpointer data)
{
  WeftRunState state = weft_window_get_run_state (data);

  return state == WEFT_RUN_STATE_STOPPED || state == WEFT_RUN_STATE_FINISHED;
}

/* The philosophers deadlock: the window names the cycle in red and
 * draws its graph above the chart, until the next run, which has none. */
static void
test_deadlock_shown (void)
{
  WeftWindow *window = open_window ();
  GtkWidget *panel;
  g_autofree char *path = NULL;

  select_pattern (window, index_of_pattern ("deadlock"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (param_control (window, "variant")), 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (param_control (window, "threads")), 3);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (param_control (window, "pace")), 0.1);
  wait_for_restart (window, "threads", 3);
  wait_for_restart (window, "pace", 0.1);
  g_assert_cmpstr (weft_params_get_variant_name (weft_run_get_params (weft_window_get_run (window))), ==,
                   "unordered");
  g_assert_cmpint (wait_until (run_stopped, window, 20000), >=, 0);
  spin (100);

  panel = find_descendant (GTK_WIDGET (window), WEFT_TYPE_DEADLOCK_PANEL);
  g_assert_nonnull (panel);
  g_assert_true (gtk_widget_get_visible (panel));
  g_assert_true (weft_deadlock_panel_is_shown (WEFT_DEADLOCK_PANEL (panel)));
  path = weft_timeline_describe_deadlock (weft_window_get_timeline (window));
  g_assert_nonnull (path);
  g_assert_true (g_str_has_suffix (weft_deadlock_panel_get_text (WEFT_DEADLOCK_PANEL (panel)), path));
  g_assert_true (g_str_has_prefix (weft_deadlock_panel_get_text (WEFT_DEADLOCK_PANEL (panel)), "Deadlock: "));
  /* The graph was given room for the cycle. */
  g_assert_cmpint (gtk_widget_get_height (gtk_widget_get_last_child (gtk_widget_get_first_child (panel))), >=, 130);

  /* Taking forks in order, the next run never deadlocks. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (param_control (window, "variant")), 1);
  wait_for_restart (window, NULL, 1);
  g_assert_false (gtk_widget_get_visible (panel));
  select_pattern (window, 0);
  close_window (window);
}


static GtkScrollbar *
lanes_scrollbar (WeftGanttView *view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_SCROLLBAR (child))
      return GTK_SCROLLBAR (child);
  return NULL;
}

static gboolean
scrollbar_shown (gpointer data)
{
  GtkWidget *bar = data;

  return gtk_widget_get_child_visible (bar) && gtk_widget_get_mapped (bar);
}

static gboolean
scrollbar_hidden (gpointer data)
{
  return !scrollbar_shown (data);
}

/* The lock with 64 threads: the thread lanes overflow and a scrollbar
 * shows beside them, moving as the lanes scroll and scrolling them as
 * it moves; with 4 threads all fit and it is gone.  Every lane is asked
 * for, as the overview would stand for them once the run is shown
 * whole. */
static void
test_lanes_scrollbar (void)
{
  WeftWindow *window = open_window ();
  WeftGanttView *view = weft_window_get_gantt_view (window);
  GtkScrollbar *bar = lanes_scrollbar (view);
  GtkAdjustment *adjustment;
  double value;

  g_assert_nonnull (bar);
  adjustment = gtk_scrollbar_get_adjustment (bar);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overview", NULL);
  g_assert_false (weft_gantt_view_get_overview (view));
  select_pattern (window, index_of_pattern ("lock"));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (param_control (window, "threads")), 64);
  wait_for_restart (window, "threads", 64);
  g_assert_cmpint (wait_until (lanes_hold_spans, window, 20000), >=, 0);
  g_assert_cmpint (wait_until (scrollbar_shown, bar, 5000), >=, 0);
  /* Beside the thread lanes, not over the pinned lock below them. */
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (bar)), <, gtk_widget_get_height (GTK_WIDGET (view)) - 60);
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, gtk_adjustment_get_page_size (adjustment));

  value = gtk_adjustment_get_value (adjustment);
  weft_gantt_view_scroll_lanes (view, 100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, value + 100);
  weft_gantt_view_scroll_lanes (view, 1e6);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==,
                     gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
  /* Moved by the bar, the lanes follow: scrolling on from there starts
   * where the bar was put. */
  gtk_adjustment_set_value (adjustment, 56);
  weft_gantt_view_scroll_lanes (view, 28);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 84);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (param_control (window, "threads")), 4);
  wait_for_restart (window, "threads", 4);
  g_assert_cmpint (wait_until (lanes_hold_spans, window, 20000), >=, 0);
  g_assert_cmpint (wait_until (scrollbar_hidden, bar, 5000), >=, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overview", NULL);
  g_assert_true (weft_gantt_view_get_overview (view));
  select_pattern (window, 0);
  close_window (window);
}

static gboolean
overview_shown (gpointer data)
{
  return weft_gantt_view_shows_overview (data);
}

/* The lock with 256 threads, once it has run, shown whole: their lanes
 * give way to the overview, the lock's lane still below it, and hovering
 * it gives the counts; zoomed in, the lanes come back, scrolling; with
 * the overview turned off (win.overview), every lane, also at fit-all. */
static void
test_overview_many_threads (void)
{
  WeftWindow *window = open_window ();
  WeftGanttView *view = weft_window_get_gantt_view (window);
  GtkScrollbar *bar = lanes_scrollbar (view);
  g_autofree char *counts = NULL;
  g_autofree char *lock = NULL;
  int width, height;
  guint steps = 0;

  select_pattern (window, index_of_pattern ("lock"));
  /* At full speed: thousands of spans in a moment. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (param_control (window, "pace")), 0);
  wait_for_restart (window, "pace", 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (param_control (window, "threads")), 256);
  wait_for_restart (window, "threads", 256);
  g_assert_cmpint (wait_until (run_finished, window, 60000), >=, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-fit", NULL);
  g_assert_cmpint (wait_until (overview_shown, view, 5000), >=, 0);
  g_assert_cmpint (wait_until (scrollbar_hidden, bar, 5000), >=, 0);

  width = gtk_widget_get_width (GTK_WIDGET (view));
  height = gtk_widget_get_height (GTK_WIDGET (view));
  for (int y = 30; y < height && (counts == NULL || lock == NULL); y += 4)
    {
      g_autofree char *text = NULL;

      if (!weft_gantt_view_describe_at (view, 150 + (width - 150) / 3, y, &text))
        continue;
      if (counts == NULL && strstr (text, "In this column") != NULL)
        counts = g_steal_pointer (&text);
      else if (counts != NULL && lock == NULL && g_str_has_prefix (text, "lock at"))
        lock = g_steal_pointer (&text);
    }
  g_assert_nonnull (counts);
  g_test_message ("overview: %s", counts);
  g_assert_true (g_str_has_prefix (counts, "At "));
  g_assert_nonnull (strstr (counts, " waiting"));
  /* The lock's lane is still there, below the overview. */
  g_assert_nonnull (lock);

  /* Zoomed in far enough, each thread's lane again, too many to fit. */
  while (weft_gantt_view_shows_overview (view) && steps++ < 24)
    gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-in", NULL);
  g_assert_false (weft_gantt_view_shows_overview (view));
  g_assert_cmpint (wait_until (scrollbar_shown, bar, 5000), >=, 0);

  /* Every lane asked for: no overview even with the whole run shown. */
  gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-fit", NULL);
  g_assert_true (weft_gantt_view_shows_overview (view));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overview", NULL);
  g_assert_false (weft_gantt_view_get_overview (view));
  g_assert_false (weft_gantt_view_shows_overview (view));
  g_assert_cmpint (wait_until (scrollbar_shown, bar, 5000), >=, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.overview", NULL);
  g_assert_true (weft_gantt_view_shows_overview (view));

  /* The lock as other tests expect it. */
  {
    WeftParams defaults;

    weft_pattern_get_default_params (weft_patterns_lookup ("lock"), &defaults);
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (param_control (window, "threads")),
                               weft_params_get (&defaults, "threads", 0));
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (param_control (window, "pace")),
                               weft_params_get (&defaults, "pace", 0));
    wait_for_restart (window, "pace", weft_params_get (&defaults, "pace", 0));
  }
  select_pattern (window, 0);
  close_window (window);
}

/* The code pane marks each live thread on the line its latest event
 * carries; a click on a line outlines that line's spans on the chart,
 * a second lets it go; F9's action hides the pane; the words and the
 * classroom view follow their actions. */
/* A stretch measured on the lock's chart: its figures name every worker
 * and the lock, the band is shown, the CSV is written whole, and closing
 * the figures lets the stretch go. */
static void
test_measure (void)
{
  WeftWindow *window = open_window ();
  WeftGanttView *view = weft_window_get_gantt_view (window);
  WeftMeasurePopover *popover = weft_gantt_view_get_measure_popover (view);
  g_autofree char *dir = g_dir_make_tmp ("weft-measure-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "figures.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  WeftTimeline *timeline;
  gint64 t0, t1, origin, end;

  select_pattern (window, 1);
  g_assert_cmpint (wait_until (has_some_events, window, 3000), >=, 0);
  spin (600);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.toggle-pause", NULL);
  spin (100);
  timeline = weft_window_get_timeline (window);
  weft_timeline_lock (timeline);
  origin = weft_timeline_get_origin (timeline);
  end = weft_timeline_get_end (timeline);
  weft_timeline_unlock (timeline);

  /* Dragged right to left, as a user may. */
  weft_gantt_view_measure_range (view, end, origin);
  spin (100);
  g_assert_true (weft_gantt_view_get_measure (view, &t0, &t1));
  g_assert_cmpint (t0, ==, origin);
  g_assert_cmpint (t1, ==, end);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_test_message ("%s", weft_measure_popover_get_text (popover));
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", i);

      g_assert_nonnull (strstr (weft_measure_popover_get_text (popover), name));
    }
  g_assert_nonnull (strstr (weft_measure_popover_get_text (popover), "\nlock "));

  g_assert_true (weft_measure_popover_save_csv (popover, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  g_assert_cmpstr (csv, ==, weft_measure_popover_get_csv (popover));
  g_assert_true (g_str_has_prefix (csv, "kind,name,working_s,"));

  gtk_popover_popdown (GTK_POPOVER (popover));
  spin (100);
  g_assert_false (weft_gantt_view_get_measure (view, &t0, &t1));
  g_unlink (path);
  g_rmdir (dir);
  close_window (window);
}

/* The shortcuts window builds, and lists the mouse's gestures too. */
static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  GObject *overlay;
  GSList *objects;
  guint gestures = 0;

  g_assert_true (gtk_builder_add_from_resource (builder, "/io/github/weft/Weft/gtk/help-overlay.ui", &error));
  g_assert_no_error (error);
  overlay = gtk_builder_get_object (builder, "help_overlay");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  objects = gtk_builder_get_objects (builder);
  for (GSList *o = objects; o != NULL; o = o->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (o->data))
      {
        GtkShortcutType type;
        g_autofree char *subtitle = NULL;

        g_object_get (o->data, "shortcut-type", &type, "subtitle", &subtitle, NULL);
        if (type == GTK_SHORTCUT_GESTURE && subtitle != NULL && strstr (subtitle, "ruler") != NULL)
          gestures++;
      }
  g_slist_free (objects);
  g_assert_cmpuint (gestures, ==, 1);
  gtk_window_destroy (GTK_WINDOW (overlay));
}

/* Whether the main menu's first section has Open Recent, listing one. */
static gboolean
recent_listed (gpointer data)
{
  GMenuModel *primary = G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (data), WEFT_TYPE_WINDOW,
                                                                    "primary_menu"));
  g_autoptr(GMenuModel) section = g_menu_model_get_item_link (primary, 0, G_MENU_LINK_SECTION);
  g_autoptr(GMenuModel) recent = NULL;

  if (g_menu_model_get_n_items (section) < 2)
    return FALSE;
  recent = g_menu_model_get_item_link (section, 1, G_MENU_LINK_SUBMENU);
  return recent != NULL && g_menu_model_get_n_items (recent) >= 1;
}

static gboolean
not_opening (gpointer data)
{
  return !weft_window_is_opening (data);
}

/* A saved run opens as a finished one: its pattern, lanes, verdicts
 * and deadlock as recorded, the file's name under the title; a file
 * that is no trace says so and leaves the chart as it was. */
static void
test_open_saved_run (void)
{
  WeftWindow *window = open_window ();
  g_autofree char *dir = g_dir_make_tmp ("weft-open-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "philosophers.json", NULL);
  g_autofree char *bad = g_build_filename (dir, "notes.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  g_autoptr(WeftTimeline) recorded = NULL;
  g_autoptr(WeftChecks) checks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *recorded_verdict = NULL;
  g_autofree char *shown_verdict = NULL;
  WeftExportOptions options = { 0 };
  AdwWindowTitle *title = ADW_WINDOW_TITLE (gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW,
                                                                          "window_title"));
  WeftTimeline *shown;
  guint n;

  {
    const WeftPattern *pattern;
    WeftParams params;
    g_autoptr(WeftRun) run = NULL;

    pattern = weft_patterns_lookup ("deadlock");
    weft_pattern_get_default_params (pattern, &params);
    g_assert_true (weft_params_set_variant (&params, "unordered"));
    weft_params_set (&params, "threads", 3);
    weft_params_set (&params, "pace", 0.1);
    run = weft_run_new (pattern, &params, NULL);
    recorded = weft_record_run (run, 3 * WEFT_NSEC_PER_SEC, NULL, &error);
    g_assert_no_error (error);
  }
  checks = weft_check_timeline (recorded);
  recorded_verdict = weft_checks_to_string (checks);
  g_assert_true (weft_export_timeline (recorded, checks, path, &options, &error));
  g_assert_no_error (error);

  weft_window_open_file (window, file);
  g_assert_cmpint (wait_until (not_opening, window, 10000), >=, 0);
  spin (100);
  shown = weft_window_get_timeline (window);
  g_assert_true (shown != recorded);
  g_assert_true (weft_window_get_pattern (window) == weft_patterns_lookup ("deadlock"));
  g_assert_cmpint (weft_window_get_run_state (window), ==, WEFT_RUN_STATE_FINISHED);
  /* The run the window opened on was told to stop: it goes, none comes. */
  g_assert_cmpint (wait_until (no_live_runs, window, 10000), >=, 0);
  g_assert_null (weft_window_get_session (window));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "philosophers.json");
  g_assert_cmpuint (weft_timeline_get_n_lanes (shown), ==, 3);
  shown_verdict = weft_checks_to_string (weft_window_get_checks (window));
  g_assert_cmpstr (shown_verdict, ==, recorded_verdict);
  g_assert_nonnull (weft_timeline_get_deadlock (shown, &n, NULL));

  /* It is in Open Recent now, after Open a Saved Run…. */
  g_assert_cmpint (wait_until (recent_listed, window, 5000), >=, 0);

  /* Replayed: a step shows the first moment on a timeline of its own;
   * the end is the run again, verdicts and all; played, it grows. */
  {
    WeftReplayBar *bar = weft_window_get_replay_bar (window);
    WeftReplay *replay = weft_replay_bar_get_replay (bar);
    g_autofree char *replayed_verdict = NULL;
    WeftTimeline *replayed;
    guint64 events;

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bar)));
    g_assert_nonnull (replay);
    gtk_widget_activate_action (GTK_WIDGET (bar), "replay.step", NULL);
    replayed = weft_window_get_timeline (window);
    g_assert_true (replayed != shown);
    g_assert_cmpint (weft_timeline_get_end (replayed), <, weft_timeline_get_end (shown));
    weft_replay_bar_seek (bar, weft_replay_get_end (replay));
    g_assert_true (weft_replay_is_done (replay));
    replayed_verdict = weft_checks_to_string (weft_window_get_checks (window));
    g_assert_cmpstr (replayed_verdict, ==, recorded_verdict);
    g_assert_nonnull (weft_timeline_get_deadlock (weft_window_get_timeline (window), &n, NULL));

    gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (bar), WEFT_TYPE_REPLAY_BAR,
                                                                              "speed_dropdown")), 0);
    g_assert_cmpfloat (weft_replay_bar_get_speed (bar), ==, 0.25);
    gtk_widget_activate_action (GTK_WIDGET (bar), "replay.play", NULL);
    g_assert_true (weft_replay_bar_is_playing (bar));
    events = weft_timeline_get_n_events (weft_window_get_timeline (window));
    spin (400);
    g_assert_cmpuint (weft_timeline_get_n_events (weft_window_get_timeline (window)), >, events);
    g_assert_false (weft_replay_is_done (replay));
    gtk_widget_activate_action (GTK_WIDGET (bar), "replay.play", NULL);
    g_assert_false (weft_replay_bar_is_playing (bar));
    shown = weft_window_get_timeline (window);
  }

  /* Not a trace: a toast says so, and the run shown stays. */
  g_assert_true (g_file_set_contents (bad, "[1, 2, 3]", -1, NULL));
  weft_window_open_file (window, bad_file);
  g_assert_cmpint (wait_until (not_opening, window, 10000), >=, 0);
  spin (50);
  g_assert_true (weft_window_get_timeline (window) == shown);
  g_assert_nonnull (weft_window_get_last_toast (window));
  g_assert_true (g_str_has_prefix (adw_toast_get_title (weft_window_get_last_toast (window)),
                                   "Could not open notes.json: "));

  /* Run Again runs it live, with its parameters. */
  gtk_widget_activate_action (GTK_WIDGET (window), "run.toggle-pause", NULL);
  g_assert_cmpint (weft_window_get_run_state (window), ==, WEFT_RUN_STATE_RUNNING);
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "Running");
  g_assert_cmpfloat (weft_params_get (weft_window_get_params (window), "threads", 0), ==, 3);
  /* With the saved run's seed, so its random choices come again. */
  g_assert_true (weft_window_get_params (window)->seeded);
  g_assert_cmpuint (weft_window_get_params (window)->seed, ==, weft_timeline_get_params (recorded)->seed);

  g_unlink (path);
  g_unlink (bad);
  g_rmdir (dir);
  close_window (window);
}

static void
test_code_pane (void)
{
  WeftWindow *window = open_window ();
  WeftCodeView *code = weft_window_get_code_view (window);
  WeftGanttView *view = weft_window_get_gantt_view (window);
  GtkWidget *scroller = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW, "code_scroller"));
  GtkWidget *rate = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW, "rate_label"));
  WeftTimeline *timeline;
  guint marked = 0, line;

  select_pattern (window, 1);
  g_assert_cmpint (wait_until (has_some_events, window, 3000), >=, 0);
  spin (300);
  g_assert_true (gtk_widget_get_visible (scroller));
  timeline = weft_window_get_timeline (window);

  weft_timeline_lock (timeline);
  weft_code_view_update (code);
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      WeftState state;
      gboolean live = weft_timeline_get_lane_position (timeline, lane, &line, &state);

      g_assert_cmpuint (weft_code_view_get_marked_line (code, lane), ==, live ? line : 0);
      marked += live && line > 0;
    }
  weft_timeline_unlock (timeline);
  g_assert_cmpuint (marked, >, 0);

  /* lock's listing: line 8 is `with lock:`. */
  g_assert_cmpuint (weft_code_view_select_at (code, weft_code_view_get_line_y (code, 8)), ==, 8);
  g_assert_cmpuint (weft_gantt_view_get_code_line (view), ==, 8);
  g_assert_cmpuint (weft_code_view_select_at (code, weft_code_view_get_line_y (code, 8)), ==, 0);
  g_assert_cmpuint (weft_gantt_view_get_code_line (view), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL);
  g_assert_false (gtk_widget_get_visible (scroller));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-code", NULL);
  g_assert_true (gtk_widget_get_visible (scroller));

  g_assert_cmpint (weft_gantt_view_get_words (view), ==, WEFT_WORDS_PYTHON);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.c-words", NULL);
  g_assert_cmpint (weft_gantt_view_get_words (view), ==, WEFT_WORDS_C);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.c-words", NULL);
  g_assert_cmpint (weft_gantt_view_get_words (view), ==, WEFT_WORDS_PYTHON);

  g_assert_true (gtk_widget_get_visible (rate));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.classroom", NULL);
  g_assert_false (gtk_widget_get_visible (rate));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.classroom", NULL);
  g_assert_true (gtk_widget_get_visible (rate));

  /* Another pattern, another listing: nothing stays selected. */
  g_assert_cmpuint (weft_code_view_select_at (code, weft_code_view_get_line_y (code, 3)), ==, 3);
  select_pattern (window, 2);
  g_assert_cmpuint (weft_code_view_get_selected_line (code), ==, 0);
  g_assert_cmpuint (weft_gantt_view_get_code_line (view), ==, 0);
  close_window (window);
}

/* Step mode, as the trace shows it: is @lane held, about to take @step? */
typedef struct
{
  WeftWindow *window;
  guint lane;
  WeftStep step;
  WeftState state;   /* or, with step WEFT_N_STEPS, in this state */
} LaneWant;

static gboolean
lane_is (gpointer data)
{
  LaneWant *want = data;
  WeftTimeline *timeline = weft_window_get_timeline (want->window);
  WeftSpan held;
  WeftState state;
  guint line;
  gboolean yes;

  if (timeline == NULL || !weft_timeline_try_lock (timeline))
    return FALSE;
  if (want->lane >= weft_timeline_get_n_lanes (timeline))
    yes = FALSE;
  else if (want->step == WEFT_N_STEPS)
    yes = weft_timeline_get_lane_position (timeline, want->lane, &line, &state) && state == want->state;
  else
    yes = weft_timeline_get_held (timeline, want->lane, &held) && held.arg == want->step;
  weft_timeline_unlock (timeline);
  return yes;
}

static void
wait_lane (WeftWindow *window,
           guint       lane,
           WeftStep    step)
{
  LaneWant want = { window, lane, step, 0 };

  g_assert_cmpint (wait_until (lane_is, &want, 20000), >=, 0);
}

/* The window's verdict on mutual exclusion is a pass: someone entered. */
static gboolean
exclusion_seen (gpointer data)
{
  WeftChecks *checks = weft_window_get_checks (data);
  const WeftCheck *check = checks != NULL ? test_find_check (checks, "mutual-exclusion") : NULL;

  return check != NULL && check->status == WEFT_CHECK_PASS;
}

static gboolean
view_allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 300 && gtk_widget_get_height (data) > 200;
}

/* Clicks the topmost held thread's name, going down the names column
 * as a pointer would; returns the lane it let go. */
static guint
click_first_held_lane (WeftWindow *window)
{
  WeftGanttView *view = weft_window_get_gantt_view (window);
  WeftTimeline *timeline = weft_window_get_timeline (window);
  guint held = G_MAXUINT;

  /* A slow machine may not have given the view its size yet. */
  g_assert_cmpint (wait_until (view_allocated, view, 20000), >=, 0);
  weft_timeline_lock (timeline);
  for (guint lane = weft_timeline_get_n_lanes (timeline); lane-- > 0;)
    {
      WeftSpan span;

      if (weft_timeline_get_held (timeline, lane, &span))
        held = lane;
    }
  weft_timeline_unlock (timeline);
  g_assert_cmpuint (held, !=, G_MAXUINT);
  for (int y = 0; y < gtk_widget_get_height (GTK_WIDGET (view)); y += 2)
    if (weft_gantt_view_step_at (view, 40, y))
      return held;
  g_assert_not_reached ();
}

/* A student steps a lost update into existence: read, read, write,
 * write, with a click on a lane and a number key; a thread blocked in
 * a lock cannot be stepped; Run lets every thread go. */
static void
test_step_mode (void)
{
  WeftWindow *window = open_window ();
  const WeftPattern *race = weft_patterns_lookup ("race");
  const WeftPattern *lock = weft_patterns_lookup ("lock");
  WeftParams params;
  WeftChecks *checks;
  const WeftCheck *updates;
  gint64 expected, actual;
  LaneWant waiting = { window, 1, WEFT_N_STEPS, WEFT_STATE_WAITING };

  gtk_widget_activate_action (GTK_WIDGET (window), "run.step-mode", NULL);
  weft_window_get_pattern_params (window, race, &params);
  weft_params_set (&params, "threads", 2);
  weft_params_set (&params, "iterations", 1);
  weft_params_set (&params, "pace", 0.1);
  weft_window_show_pattern (window, race, &params);

  /* Every thread starts held at its first sync point, the read. */
  wait_lane (window, 0, WEFT_STEP_READ);
  wait_lane (window, 1, WEFT_STEP_READ);
  g_assert_cmpuint (click_first_held_lane (window), ==, 0);   /* racer-1 reads 0 */
  wait_lane (window, 0, WEFT_STEP_WRITE);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.step-lane", "u", 1);   /* key 2: racer-2 reads 0 */
  wait_lane (window, 1, WEFT_STEP_WRITE);
  g_assert_cmpuint (click_first_held_lane (window), ==, 0);   /* racer-1 writes 1 */
  gtk_widget_activate_action (GTK_WIDGET (window), "run.step-lane", "u", 1);   /* racer-2 writes 1 */
  g_assert_cmpint (wait_until (run_finished, window, 20000), >=, 0);
  spin (100);

  checks = weft_window_get_checks (window);
  g_assert_nonnull (checks);
  g_assert_true (weft_checks_get_result (checks, &expected, &actual));
  g_assert_cmpint (expected, ==, 2);
  g_assert_cmpint (actual, ==, 1);
  updates = test_find_check (checks, "updates");
  g_assert_cmpint (updates->status, ==, WEFT_CHECK_LESSON);
  g_test_message ("stepped: %s", updates->message);

  /* worker-1 takes the lock and is held at its release; worker-2, let
   * go, waits for the lock: it is refused a step, and the user is told. */
  weft_window_get_pattern_params (window, lock, &params);
  weft_params_set (&params, "threads", 2);
  weft_params_set (&params, "iterations", 1);
  weft_params_set (&params, "pace", 0.1);
  weft_window_show_pattern (window, lock, &params);
  wait_lane (window, 0, WEFT_STEP_ACQUIRE);
  wait_lane (window, 1, WEFT_STEP_ACQUIRE);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.step-lane", "u", 0);
  wait_lane (window, 0, WEFT_STEP_RELEASE);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.step-lane", "u", 1);
  g_assert_cmpint (wait_until (lane_is, &waiting, 20000), >=, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.step-lane", "u", 1);
  g_assert_cmpstr (adw_toast_get_title (weft_window_get_last_toast (window)), ==,
                   "worker-2 is not held at a sync point: it is blocked or still running");

  /* worker-1 releases; worker-2 gets the lock and is held at its own
   * release.  Every thread held, nothing more is recorded, yet the
   * verdict catches up with worker-1's whole stay inside. */
  gtk_widget_activate_action (GTK_WIDGET (window), "run.step-lane", "u", 0);
  wait_lane (window, 1, WEFT_STEP_RELEASE);
  g_assert_cmpint (wait_until (exclusion_seen, window, 20000), >=, 0);

  /* Run leaves Step mode: both threads go on to the end. */
  gtk_widget_activate_action (GTK_WIDGET (window), "run.step-mode", NULL);
  g_assert_cmpint (wait_until (run_finished, window, 20000), >=, 0);
  spin (100);
  checks = weft_window_get_checks (window);
  g_assert_true (weft_checks_all_passed (checks));
  close_window (window);

  /* The next tests start from the patterns' own parameters. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.weft.Weft");

    g_settings_reset (settings, "pattern-params");
  }
}

/* The narrow layout: a phone's width, 360 by 700. */
#define NARROW_WIDTH 360
#define NARROW_HEIGHT 700

typedef struct
{
  GtkWidget *window;
  int width;
  int height;
} WindowSize;

static gboolean
window_has_size (gpointer data)
{
  WindowSize *size = data;
  AdwLeaflet *leaflet = ADW_LEAFLET (gtk_widget_get_template_child (size->window, WEFT_TYPE_WINDOW, "leaflet"));

  return gtk_widget_get_width (size->window) == size->width && gtk_widget_get_height (size->window) == size->height &&
         !adw_leaflet_get_child_transition_running (leaflet);
}

/* Asks for @width×@height of content and waits until the window has it,
 * if it can (it cannot be made smaller than its content needs).  Without
 * a compositor the window's frame (its resize borders) is outside that,
 * as on a phone there is none.  Asked twice, as a user drags twice: the
 * first size is worked out with the sidebar still beside the chart,
 * which folds away only once it is given that width, and may be taller
 * than the folded window needs. */
static void
resize_window (WeftWindow *window,
               int         width,
               int         height)
{
  WindowSize size = { GTK_WIDGET (window), width, height };
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  for (guint i = 0; i < 2 && !window_has_size (&size); i++)
    {
      int frame_width = gdk_surface_get_width (surface) - gtk_widget_get_width (GTK_WIDGET (window));
      int frame_height = gdk_surface_get_height (surface) - gtk_widget_get_height (GTK_WIDGET (window));

      gtk_window_set_default_size (GTK_WINDOW (window), width + frame_width, height + frame_height);
      wait_until (window_has_size, &size, 2000);
    }
  spin (100);
}

static GtkWidget *
template_child (WeftWindow *window,
                const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW, name));
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits for @widget's window to draw a frame, so that what was just
 * shown has been laid out, however slow the machine (a sanitizer's
 * build is). */
static void
wait_for_layout (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  g_assert_cmpint (wait_until (flag_set, &painted, 10000), >=, 0);
  g_signal_handler_disconnect (clock, handler);
}

/* Fails with the list of what is cut off under @root, and where the
 * window's room went. */
static void
assert_all_reachable (WeftWindow *window,
                      GtkWidget  *root,
                      guint       at_least)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  guint checked;

  wait_for_layout (root);
  checked = walk_check_tree (root, GTK_WIDGET (window), problems);

  g_test_message ("%u controls checked", checked);
  if (problems->len > 0)
    {
      walk_dump (GTK_WIDGET (window), 0);
      g_test_message ("%s", problems->str);
    }
  g_assert_cmpstr (problems->str, ==, "");
  g_assert_cmpuint (checked, >=, at_least);
}

static WeftWindow *open_narrow_window (const char *pattern);
static gboolean widget_mapped (gpointer data);

/* Which page the leaflet shows: "sidebar" or "content". */
static const char *
visible_page (WeftWindow *window)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (template_child (window, "leaflet"));

  return gtk_buildable_get_buildable_id (GTK_BUILDABLE (adw_leaflet_get_visible_child (leaflet)));
}

/* The window has the size asked for: its content is no larger. */
static void
assert_window_size (WeftWindow *window,
                    int         width,
                    int         height)
{
  if (gtk_widget_get_width (GTK_WIDGET (window)) != width || gtk_widget_get_height (GTK_WIDGET (window)) != height)
    walk_dump (GTK_WIDGET (window), 0);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, width);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, height);
}

/* At 360×700 the window is that size, folded to the chart's page, and
 * every control on it is whole inside the window. */
static void
test_narrow_chart_page (void)
{
  WeftWindow *window = open_narrow_window ("nightclub");
  GtkWidget *step_bar = find_descendant (GTK_WIDGET (window), WEFT_TYPE_STEP_BAR);

  assert_all_reachable (window, GTK_WIDGET (window), 6);

  /* Step mode's bar too: its two buttons, and the window no larger. */
  gtk_widget_activate_action (GTK_WIDGET (window), "run.step-mode", NULL);
  g_assert_cmpint (wait_until (widget_mapped, step_bar, 2000), >=, 0);
  spin (200);
  assert_window_size (window, NARROW_WIDTH, NARROW_HEIGHT);
  assert_all_reachable (window, GTK_WIDGET (window), 8);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.step-mode", NULL);
  close_window (window);
}

static gboolean
page_shown (gpointer data)
{
  WeftWindow *window = data;
  AdwLeaflet *leaflet = ADW_LEAFLET (template_child (window, "leaflet"));
  const char *want = g_object_get_data (G_OBJECT (window), "want-page");

  return g_strcmp0 (visible_page (window), want) == 0 && !adw_leaflet_get_child_transition_running (leaflet);
}

/* Waits for the leaflet to show @page, after a gesture. */
static void
assert_page_shown (WeftWindow *window,
                   const char *page)
{
  g_object_set_data (G_OBJECT (window), "want-page", (gpointer) page);
  wait_until (page_shown, window, 2000);
  g_assert_cmpstr (visible_page (window), ==, page);
}

/* Opened narrow on the chart's page: the window at 360×700, folded. */
static WeftWindow *
open_narrow_window (const char *pattern)
{
  WeftWindow *window = open_window ();

  select_pattern (window, index_of_pattern (pattern));
  resize_window (window, NARROW_WIDTH, NARROW_HEIGHT);
  g_assert_cmpint (wait_until (has_some_events, window, 3000), >=, 0);
  spin (300);
  assert_window_size (window, NARROW_WIDTH, NARROW_HEIGHT);
  g_assert_true (adw_leaflet_get_folded (ADW_LEAFLET (template_child (window, "leaflet"))));
  assert_page_shown (window, "content");
  return window;
}

/* The back button shows the patterns, every one of them reachable; a
 * click on the pattern already shown goes back to its chart, running
 * on; a click on another shows its chart. */
static void
test_narrow_sidebar (void)
{
  WeftWindow *window = open_narrow_window ("nightclub");
  GtkListBox *list = pattern_list (window);
  GtkWidget *back = walk_find_id (GTK_WIDGET (window), "back_button");
  WeftRun *run = weft_window_get_run (window);
  guint n;

  weft_patterns_get_all (&n);
  g_assert_true (gtk_widget_get_mapped (back));
  gtk_widget_activate (back);
  assert_page_shown (window, "sidebar");
  /* Shown, not changed: the same run goes on. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));
  g_assert_true (weft_window_get_run (window) == run);
  g_assert_cmpint (gtk_list_box_row_get_index (gtk_list_box_get_selected_row (list)), ==, index_of_pattern ("nightclub"));
  /* Every row and the header's buttons. */
  assert_all_reachable (window, GTK_WIDGET (window), n + 1);

  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_selected_row (list)));
  assert_page_shown (window, "content");
  g_assert_true (weft_window_get_run (window) == run);
  g_assert_cmpint (weft_window_get_run_state (window), ==, WEFT_RUN_STATE_RUNNING);

  gtk_widget_activate (back);
  assert_page_shown (window, "sidebar");
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (list, index_of_pattern ("lock"))));
  assert_page_shown (window, "content");
  g_assert_cmpstr (weft_window_get_pattern (window)->name, ==, "lock");
  close_window (window);
}

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
widget_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

/* Opens @button's popover as a click does and waits until it shows. */
static GtkWidget *
open_menu_button (GtkMenuButton *button)
{
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));

  gtk_menu_button_popup (button);
  g_assert_cmpint (wait_until (widget_mapped, popover, 2000), >=, 0);
  wait_for_layout (popover);
  return popover;
}

static void
close_menu_button (GtkMenuButton *button)
{
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (button));

  gtk_menu_button_popdown (button);
  g_assert_cmpint (wait_until (widget_unmapped, popover, 2000), >=, 0);
}

/* Every action the chart page's header bar lets a user reach as it is
 * shown: its buttons, whole inside the window, and in each of its menus,
 * opened, what the menu lists and the buttons it holds.  What is cut
 * off goes into @problems. */
static void
collect_header_actions (WeftWindow *window,
                        GHashTable *actions,
                        GString    *problems)
{
  GtkWidget *header = walk_find_id (GTK_WIDGET (window), "content_header");
  g_autoptr(GPtrArray) menus = g_ptr_array_new ();

  walk_reachable_actions (header, GTK_WIDGET (window), actions, menus, problems);
  for (guint i = 0; i < menus->len; i++)
    {
      GtkMenuButton *button = g_ptr_array_index (menus, i);
      GtkWidget *popover;

      if (gtk_menu_button_get_menu_model (button) != NULL)
        walk_menu_actions (gtk_menu_button_get_menu_model (button), actions);
      popover = open_menu_button (button);
      walk_reachable_actions (popover, GTK_WIDGET (window), actions, NULL, problems);
      close_menu_button (button);
    }
}

/* The header bar's buttons that do not fit at 360 px are in its menu:
 * every action the wide header bar offers is reachable narrow too, each
 * button whole inside the window, each menu inside it when open. */
static void
test_narrow_header_actions (void)
{
  WeftWindow *window = open_window ();
  g_autoptr(GHashTable) wide = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) narrow = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  static const char * const expected[] = {
    "run.toggle-pause", "run.stop", "run.restart", "view.zoom-out", "view.zoom-fit", "view.zoom-in",
    "view.follow", "export.file::visible", "export.file::whole", "win.open", "win.show-code", "app.about",
  };
  GHashTableIter iter;
  const char *action;
  GtkMenuButton *compact = GTK_MENU_BUTTON (walk_find_id (GTK_WIDGET (window), "compact_menu_button"));

  select_pattern (window, index_of_pattern ("nightclub"));
  resize_window (window, 1400, 900);
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (template_child (window, "leaflet"))));
  collect_header_actions (window, wide, problems);
  g_assert_cmpstr (problems->str, ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_hash_table_contains (wide, expected[i]));

  resize_window (window, NARROW_WIDTH, NARROW_HEIGHT);
  assert_window_size (window, NARROW_WIDTH, NARROW_HEIGHT);
  assert_page_shown (window, "content");
  collect_header_actions (window, narrow, problems);
  g_test_message ("%u actions wide, %u narrow", g_hash_table_size (wide), g_hash_table_size (narrow));
  if (problems->len > 0)
    g_test_message ("%s", problems->str);
  g_assert_cmpstr (problems->str, ==, "");
  g_hash_table_iter_init (&iter, wide);
  while (g_hash_table_iter_next (&iter, (gpointer *) &action, NULL))
    {
      if (!g_hash_table_contains (narrow, action))
        g_test_message ("not reachable narrow: %s", action);
      g_assert_true (g_hash_table_contains (narrow, action));
    }

  /* F10 and Ctrl+E open what the narrow header bar shows. */
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (compact)));
  g_assert_true (gtk_menu_button_get_primary (compact));
  gtk_widget_activate_action (GTK_WIDGET (window), "export.menu", NULL);
  g_assert_cmpint (wait_until (widget_mapped, gtk_menu_button_get_popover (compact), 2000), >=, 0);
  close_menu_button (compact);
  close_window (window);
}

/* Narrow, the parameters are a popover on the chart's page: there every
 * control is whole inside the window, and a change restarts the run, in
 * sight.  Wide again, they are back in the sidebar. */
static void
test_narrow_parameters (void)
{
  WeftWindow *window = open_narrow_window ("nightclub");
  GtkMenuButton *button = GTK_MENU_BUTTON (walk_find_id (GTK_WIDGET (window), "params_button"));
  GtkWidget *editor = template_child (window, "params_editor");
  GtkWidget *threads = param_control (window, "threads");
  GtkWidget *popover;
  g_autoptr(GString) problems = g_string_new (NULL);

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (button)));
  popover = open_menu_button (button);
  g_assert_true (gtk_widget_is_ancestor (editor, popover));
  g_assert_true (gtk_widget_get_mapped (threads));
  g_assert_cmpuint (walk_check_tree (popover, GTK_WIDGET (window), problems), >=, 3);
  if (problems->len > 0)
    g_test_message ("%s", problems->str);
  g_assert_cmpstr (problems->str, ==, "");

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (threads), 5);
  wait_for_restart (window, "threads", 5);
  close_menu_button (button);

  resize_window (window, 1400, 900);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (button)));
  g_assert_true (gtk_widget_is_ancestor (editor, walk_find_id (GTK_WIDGET (window), "sidebar")));
  g_assert_true (gtk_widget_get_mapped (threads));
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (threads)), ==, 5);
  close_window (window);
}

/* A saved run, narrow: its replay bar, the deadlock it shows and the
 * figures of a measured stretch are all whole inside the window. */
static void
test_narrow_saved_run (void)
{
  WeftWindow *window = open_narrow_window ("nightclub");
  g_autofree char *dir = g_dir_make_tmp ("weft-narrow-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "philosophers.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  WeftExportOptions options = { 0 };
  WeftGanttView *view = weft_window_get_gantt_view (window);
  WeftMeasurePopover *measure = weft_gantt_view_get_measure_popover (view);
  g_autoptr(GString) problems = g_string_new (NULL);
  WeftTimeline *shown;

  {
    const WeftPattern *pattern = weft_patterns_lookup ("deadlock");
    WeftParams params;
    g_autoptr(WeftRun) run = NULL;
    g_autoptr(WeftTimeline) recorded = NULL;
    g_autoptr(WeftChecks) checks = NULL;

    weft_pattern_get_default_params (pattern, &params);
    g_assert_true (weft_params_set_variant (&params, "unordered"));
    weft_params_set (&params, "pace", 0.1);
    run = weft_run_new (pattern, &params, NULL);
    recorded = weft_record_run (run, 3 * WEFT_NSEC_PER_SEC, NULL, &error);
    g_assert_no_error (error);
    checks = weft_check_timeline (recorded);
    g_assert_true (weft_export_timeline (recorded, checks, path, &options, &error));
    g_assert_no_error (error);
  }

  weft_window_open_file (window, file);
  g_assert_cmpint (wait_until (not_opening, window, 10000), >=, 0);
  spin (300);
  assert_window_size (window, NARROW_WIDTH, NARROW_HEIGHT);
  assert_page_shown (window, "content");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (weft_window_get_replay_bar (window))));
  g_assert_true (gtk_widget_get_mapped (find_descendant (GTK_WIDGET (window), WEFT_TYPE_DEADLOCK_PANEL)));
  /* The header's buttons, the chart, the replay's five controls. */
  assert_all_reachable (window, GTK_WIDGET (window), 10);

  shown = weft_window_get_timeline (window);
  weft_gantt_view_measure_range (view, weft_timeline_get_origin (shown), weft_timeline_get_end (shown));
  g_assert_cmpint (wait_until (widget_mapped, measure, 2000), >=, 0);
  wait_for_layout (GTK_WIDGET (measure));
  g_assert_cmpuint (walk_check_tree (GTK_WIDGET (measure), GTK_WIDGET (window), problems), >=, 2);
  if (problems->len > 0)
    g_test_message ("%s", problems->str);
  g_assert_cmpstr (problems->str, ==, "");
  gtk_popover_popdown (GTK_POPOVER (measure));

  g_unlink (path);
  g_rmdir (dir);
  close_window (window);
}

/* Right to left, as in Persian, the narrow window is as usable: the
 * chart's page, the sidebar and every header action. */
static void
test_narrow_right_to_left (void)
{
  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  test_narrow_chart_page ();
  test_narrow_sidebar ();
  test_narrow_header_actions ();
  test_narrow_parameters ();
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

/* No two of the window's keys do different things: in each of its
 * shortcut controllers a trigger is bound once (Compare's and the
 * overview's once shared Ctrl+Shift+O).  Space is bound twice on
 * purpose, in two controllers: pause, caught before GTK's own. */
static void
test_keys_bound_once (void)
{
  WeftWindow *window = open_window ();
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  guint n_keys = 0;

  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, c);
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint s = 0; s < g_list_model_get_n_items (G_LIST_MODEL (controller)); s++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), s);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          g_autofree char *action = gtk_shortcut_action_to_string (gtk_shortcut_get_action (shortcut));
          GVariant *args = gtk_shortcut_get_arguments (shortcut);
          g_autofree char *printed = args != NULL ? g_variant_print (args, FALSE) : NULL;
          g_autofree char *what = g_strdup_printf ("%s %s", action, printed != NULL ? printed : "");
          const char *before = g_hash_table_lookup (seen, trigger);

          if (before != NULL && g_strcmp0 (before, what) != 0)
            g_error ("%s is bound to both %s and %s", trigger, before, what);
          g_hash_table_insert (seen, g_steal_pointer (&trigger), g_steal_pointer (&what));
          n_keys++;
        }
    }
  /* The window's own keys are there to be compared. */
  g_assert_cmpuint (n_keys, >, 20);
  close_window (window);
}

/* weft record's window: the program's threads appear live, no pattern
 * is shown and no knob of Weft's, Step mode is off, pausing pauses it,
 * and a pattern picked afterwards brings all that back. */
static gboolean
program_finished (gpointer data)
{
  return weft_window_get_run_state (data) == WEFT_RUN_STATE_FINISHED;
}

static gboolean
program_lanes_shown (gpointer data)
{
  WeftTimeline *timeline = weft_window_get_timeline (data);

  return timeline != NULL && weft_timeline_get_n_lanes (timeline) >= 5;
}

static void
test_record_program (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("WEFT_TEST_PROGRAMS"), "program-queue", NULL);
  const char *argv[] = { path, "40", NULL };
  WeftWindow *window = open_window ();
  GtkWidget *editor = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW, "params_editor"));
  GtkWidget *code = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW, "code_scroller"));
  g_autoptr(WeftChecks) checks = NULL;
  WeftTimeline *timeline;
  gboolean stepping = TRUE;

  spin (200);
  weft_window_record_program (window, argv, FALSE, G_MAXINT64);
  g_assert_true (weft_window_get_pattern (window) == &weft_program_pattern);
  g_assert_null (gtk_list_box_get_selected_row (pattern_list (window)));
  g_assert_false (gtk_widget_get_visible (editor));
  g_assert_false (gtk_widget_get_visible (code));
  /* A program's threads have no sync points of Weft's to hold. */
  gtk_widget_activate_action (GTK_WIDGET (window), "run.step-mode", NULL);
  g_object_get (window, "stepping", &stepping, NULL);
  g_assert_false (stepping);
  g_assert_cmpint (wait_until (program_lanes_shown, window, 20000), >=, 0);
  g_assert_cmpint (wait_until (program_finished, window, 30000), >=, 0);

  timeline = weft_window_get_timeline (window);
  g_assert_cmpuint (weft_timeline_get_n_lanes (timeline), ==, 5);
  g_assert_cmpuint (weft_timeline_get_n_arrows (timeline), >, 0);
  checks = weft_check_timeline (timeline);
  g_assert_true (weft_checks_all_passed (checks));

  /* Back to a pattern: its row, its knobs. */
  select_pattern (window, 1);
  g_assert_true (weft_window_get_pattern (window) != &weft_program_pattern);
  g_assert_true (gtk_widget_get_visible (editor));
  g_assert_true (gtk_widget_get_visible (code));
  close_window (window);
}

/* weft record's window, ending the recording of a program that runs on:
 * the Stop Recording, Let the Program Run action; closing the window,
 * which asks first. */
static gboolean
run_ended (gpointer data)
{
  WeftRunState state = weft_window_get_run_state (data);

  return state == WEFT_RUN_STATE_STOPPED || state == WEFT_RUN_STATE_FINISHED;
}

/* Exited and reaped: a zombie still takes a signal of 0. */
static gboolean
process_gone (gpointer data)
{
  return kill (GPOINTER_TO_INT (data), 0) != 0 && errno == ESRCH;
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Clicks @dialog's button labelled @label, as the user would: the
 * dialog closes, then answers. */
static void
click_response (AdwMessageDialog *dialog,
                const char       *label)
{
  GtkWidget *widget = GTK_WIDGET (dialog);

  /* Depth first, through every child. */
  while (widget != NULL)
    {
      if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
        {
          g_signal_emit_by_name (widget, "clicked");
          return;
        }
      if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != NULL && widget != GTK_WIDGET (dialog) && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          widget = widget == NULL || widget == GTK_WIDGET (dialog) ? NULL : gtk_widget_get_next_sibling (widget);
        }
    }
  g_error ("no response labelled %s", label);
}

/* The program being recorded in @window, once its threads are shown. */
static gint
record_long_program (WeftWindow *window,
                     gboolean    detach)
{
  g_autofree char *path = g_build_filename (g_getenv ("WEFT_TEST_PROGRAMS"), "program-queue", NULL);
  /* About 8 ms an item: many seconds, far longer than the test needs. */
  const char *argv[] = { path, "2000", NULL };
  gint pid;

  weft_window_record_program (window, argv, detach, G_MAXINT64);
  g_assert_cmpint (wait_until (program_lanes_shown, window, 20000), >=, 0);
  pid = weft_program_get_pid (weft_run_get_program (weft_window_get_run (window)));
  g_assert_cmpint (pid, >, 0);
  g_assert_cmpint (kill (pid, 0), ==, 0);
  return pid;
}

static void
test_detach_program (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("WEFT_TEST_PROGRAMS"), "program-queue", NULL);
  /* A few seconds: it ends on its own while the test waits. */
  const char *argv[] = { path, "400", NULL };
  WeftWindow *window = open_window ();
  GtkLabel *rate = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW, "rate_label"));
  g_autoptr(WeftTimeline) timeline = NULL;
  g_autofree char *status = NULL;
  WeftProgram *program;
  guint64 n_events;
  gint pid;

  /* A pattern's threads are Weft's: nothing to let run. */
  spin (200);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.detach-program", NULL);
  spin (50);
  g_assert_cmpint (weft_window_get_run_state (window), ==, WEFT_RUN_STATE_RUNNING);

  weft_window_record_program (window, argv, FALSE, G_MAXINT64);
  g_assert_cmpint (wait_until (program_lanes_shown, window, 20000), >=, 0);
  program = weft_run_get_program (weft_window_get_run (window));
  pid = weft_program_get_pid (program);
  timeline = weft_timeline_ref (weft_window_get_timeline (window));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.detach-program", NULL);
  g_assert_cmpint (wait_until (run_ended, window, 10000), >=, 0);
  /* Stopped by the user, and recorded no further. */
  g_assert_cmpint (weft_window_get_run_state (window), ==, WEFT_RUN_STATE_STOPPED);
  g_assert_true (weft_timeline_is_finished (timeline));
  g_assert_cmpuint (weft_window_get_n_live_runs (window), ==, 0);
  /* Let go, not stopped: it runs on, and the status bar says so. */
  g_assert_cmpint (kill (pid, 0), ==, 0);
  status = weft_program_describe_status (program);
  g_assert_cmpstr (status, ==, "still running, unrecorded");
  g_assert_nonnull (strstr (gtk_label_get_text (rate), "program-queue goes on, unrecorded"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (rate)));
  n_events = weft_timeline_get_n_events (timeline);

  /* It ends on its own, and is reaped: no zombie left behind. */
  g_assert_cmpint (wait_until (process_gone, GINT_TO_POINTER (pid), 60000), >=, 0);
  g_assert_cmpuint (weft_timeline_get_n_events (timeline), ==, n_events);
  close_window (window);
}

static void
test_close_asks_about_program (void)
{
  WeftWindow *window = open_window ();
  gpointer alive = window;
  AdwMessageDialog *dialog;
  gint pid;

  g_object_add_weak_pointer (G_OBJECT (window), &alive);
  spin (200);
  pid = record_long_program (window, FALSE);

  /* Cancel: nothing changes. */
  gtk_window_close (GTK_WINDOW (window));
  spin (100);
  dialog = weft_window_get_close_dialog (window);
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "detach"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "stop"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  /* A second close while it asks asks once. */
  gtk_window_close (GTK_WINDOW (window));
  g_assert_true (weft_window_get_close_dialog (window) == dialog);
  click_response (dialog, "_Cancel");
  spin (100);
  g_assert_nonnull (alive);
  g_assert_cmpint (weft_window_get_run_state (window), ==, WEFT_RUN_STATE_RUNNING);
  g_assert_cmpint (kill (pid, 0), ==, 0);

  /* Let It Run: the window goes, the program stays, and is reaped when
   * it ends (here, told to by the test). */
  gtk_window_close (GTK_WINDOW (window));
  dialog = weft_window_get_close_dialog (window);
  g_assert_nonnull (dialog);
  click_response (dialog, "_Let It Run");
  g_assert_cmpint (wait_until (pointer_cleared, &alive, 10000), >=, 0);
  g_assert_cmpint (kill (pid, 0), ==, 0);
  spin (300);
  g_assert_cmpint (kill (pid, 0), ==, 0);
  kill (pid, SIGTERM);
  g_assert_cmpint (wait_until (process_gone, GINT_TO_POINTER (pid), 10000), >=, 0);

  /* Stop Program: the window goes, and the program with it. */
  window = open_window ();
  alive = window;
  g_object_add_weak_pointer (G_OBJECT (window), &alive);
  spin (200);
  pid = record_long_program (window, FALSE);
  gtk_window_close (GTK_WINDOW (window));
  click_response (weft_window_get_close_dialog (window), "_Stop Program");
  g_assert_cmpint (wait_until (pointer_cleared, &alive, 10000), >=, 0);
  g_assert_cmpint (wait_until (process_gone, GINT_TO_POINTER (pid), 10000), >=, 0);

  /* weft record --detach: closing does as it said, unasked. */
  window = open_window ();
  alive = window;
  g_object_add_weak_pointer (G_OBJECT (window), &alive);
  spin (200);
  pid = record_long_program (window, TRUE);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (wait_until (pointer_cleared, &alive, 10000), >=, 0);
  spin (300);
  g_assert_cmpint (kill (pid, 0), ==, 0);
  kill (pid, SIGTERM);
  g_assert_cmpint (wait_until (process_gone, GINT_TO_POINTER (pid), 10000), >=, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *recent_home = NULL;
  int status;

  /* Runs opened here go to a recent list of their own, not the user's. */
  recent_home = g_dir_make_tmp ("weft-test-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", recent_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  /* Warnings fail the test: a switch storm must leave none behind. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  app = weft_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/window/each-pattern-runs-live", test_each_pattern_runs_live);
  g_test_add_func ("/window/switching-quickly", test_switching_quickly_leaves_nothing_running);
  g_test_add_func ("/window/pause-and-resume", test_pause_and_resume);
  g_test_add_func ("/window/pause-band", test_pause_band);
  g_test_add_func ("/window/hidden-window-records", test_hidden_window_records);
  g_test_add_func ("/window/zoom-pan-follow", test_zoom_pan_follow);
  g_test_add_func ("/window/tooltip-and-accessibility", test_tooltip_and_accessibility);
  g_test_add_func ("/window/controls-have-names", test_controls_have_names);
  g_test_add_func ("/window/settings-restored", test_settings_restored);
  g_test_add_func ("/window/params-in-persian", test_params_in_persian);
  g_test_add_func ("/window/show-arrows", test_show_arrows);
  g_test_add_func ("/window/rows-from-declaration", test_rows_from_declaration);
  g_test_add_func ("/window/variant-restored", test_variant_restored);
  g_test_add_func ("/window/click-shows-span-details", test_click_shows_span_details);
  g_test_add_func ("/window/measure", test_measure);
  g_test_add_func ("/window/step-mode", test_step_mode);
  g_test_add_func ("/window/keys-bound-once", test_keys_bound_once);
  g_test_add_func ("/window/help-overlay", test_help_overlay);
  g_test_add_func ("/window/open-saved-run", test_open_saved_run);
  g_test_add_func ("/window/export-raises-toast", test_export_raises_toast);
  g_test_add_func ("/window/race-finishes-with-verdict", test_race_finishes_with_verdict);
  g_test_add_func ("/window/deadlock-shown", test_deadlock_shown);
  g_test_add_func ("/window/lanes-scrollbar", test_lanes_scrollbar);
  g_test_add_func ("/window/overview-many-threads", test_overview_many_threads);
  g_test_add_func ("/window/code-pane", test_code_pane);
  g_test_add_func ("/window/narrow/chart-page", test_narrow_chart_page);
  g_test_add_func ("/window/record-program", test_record_program);
  g_test_add_func ("/window/record-program/detach", test_detach_program);
  g_test_add_func ("/window/record-program/close-asks", test_close_asks_about_program);
  g_test_add_func ("/window/narrow/sidebar", test_narrow_sidebar);
  g_test_add_func ("/window/narrow/header-actions", test_narrow_header_actions);
  g_test_add_func ("/window/narrow/parameters", test_narrow_parameters);
  g_test_add_func ("/window/narrow/saved-run", test_narrow_saved_run);
  g_test_add_func ("/window/narrow/right-to-left", test_narrow_right_to_left);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
