/* test-compare.c: two runs on one time axis, driven as a user drives them (under Xvfb)
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <cairo.h>
#include <glib/gstdio.h>
#include <librsvg/rsvg.h>
#include <poppler.h>

#include "weft-application.h"
#include "weft-chart.h"
#include "weft-compare-pair.h"
#include "weft-compare-view.h"
#include "weft-export.h"
#include "weft-palette.h"
#include "weft-window.h"

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

static WeftCompareView *
compare_view (WeftWindow *window)
{
  return weft_window_get_compare_view (window);
}

static WeftGanttView *
upper_view (WeftWindow *window)
{
  return weft_compare_pane_get_gantt_view (weft_compare_view_get_upper (compare_view (window)));
}

static WeftGanttView *
lower_view (WeftWindow *window)
{
  return weft_compare_pane_get_gantt_view (weft_compare_view_get_lower (compare_view (window)));
}

static gboolean
both_finished (gpointer data)
{
  WeftCompareView *view = compare_view (data);

  return view != NULL && weft_compare_view_get_state (view) == WEFT_RUN_STATE_FINISHED &&
         weft_compare_pane_get_checks (weft_compare_view_get_upper (view)) != NULL &&
         weft_compare_pane_get_checks (weft_compare_view_get_lower (view)) != NULL;
}

static gboolean
no_live_runs (gpointer data)
{
  return weft_window_get_n_live_runs (data) == 0;
}

static gboolean
compared_runs_gone (gpointer data)
{
  return weft_compare_view_get_n_live_runs (data) == 0;
}

static gboolean
not_exporting (gpointer data)
{
  return !weft_window_is_exporting (data);
}

static gboolean
not_opening (gpointer data)
{
  return !weft_window_is_opening (data);
}

static WeftWindow *
open_window (void)
{
  WeftWindow *window = weft_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
close_window (WeftWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

/* @name's lesson, short and quick, shown live in @window. */
static void
show_lesson (WeftWindow *window,
             const char *name,
             double      iterations)
{
  const WeftPattern *pattern = weft_patterns_lookup (name);
  WeftParams params;

  weft_pattern_get_default_params (pattern, &params);
  weft_params_set (&params, "iterations", iterations);
  weft_params_set (&params, "pace", 0.1);
  weft_window_show_pattern (window, pattern, &params);
}

/* The race compared with its lock, both run to the end. */
static WeftWindow *
compare_race_and_lock (void)
{
  WeftWindow *window = open_window ();

  show_lesson (window, "race", 8);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL);
  g_assert_nonnull (compare_view (window));
  g_assert_cmpint (wait_until (both_finished, window, 30000), >=, 0);
  /* Drawn once more, now that both have ended. */
  spin (100);
  return window;
}

/* Where a view's chart is now, as it lays it out. */
static void
view_layout (WeftGanttView    *view,
             WeftChartOptions *options,
             WeftChartLayout  *layout)
{
  WeftTimeline *timeline = weft_gantt_view_get_timeline (view);

  weft_chart_options_init (options);
  weft_gantt_view_get_range (view, &options->t0, &options->t1);
  options->width = gtk_widget_get_width (GTK_WIDGET (view));
  options->height = gtk_widget_get_height (GTK_WIDGET (view));
  options->fill_height = TRUE;
  weft_timeline_lock (timeline);
  weft_chart_layout (timeline, options, layout);
  weft_timeline_unlock (timeline);
}

/* The view as the screen shows it: its snapshot, rendered. */
static cairo_surface_t *
render_view (WeftGanttView *view)
{
  int width = gtk_widget_get_width (GTK_WIDGET (view));
  int height = gtk_widget_get_height (GTK_WIDGET (view));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (view));
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;

  g_assert_true (gsk_renderer_realize (renderer, NULL, &error));
  g_assert_no_error (error);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  gdk_texture_download (texture, cairo_image_surface_get_data (surface), cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  gsk_renderer_unrealize (renderer);
  return surface;
}

/* Pixels of @color along the row at @y, over the plot. */
static guint
count_color (cairo_surface_t *surface,
             double           y,
             double           x0,
             double           x1,
             const WeftColor *color)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint n = 0;

  for (int x = (int) x0; x < (int) x1 && x < cairo_image_surface_get_width (surface); x++)
    {
      const guint32 pixel = *(const guint32 *) (data + (int) y * stride + x * 4);
      int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

      if (ABS (r - (int) (color->red * 255)) <= 3 && ABS (g - (int) (color->green * 255)) <= 3 &&
          ABS (b - (int) (color->blue * 255)) <= 3)
        n++;
    }
  return n;
}

/* Every lane of the view's run is drawn: its row holds spans of the
 * working colour. */
static void
assert_every_lane_drawn (WeftGanttView *view)
{
  WeftTimeline *timeline = weft_gantt_view_get_timeline (view);
  const WeftColor *working = &weft_palette_get (FALSE)->states[WEFT_STATE_WORKING];
  cairo_surface_t *surface = render_view (view);
  WeftChartOptions options;
  WeftChartLayout layout;

  view_layout (view, &options, &layout);
  g_assert_cmpuint (layout.n_lanes, ==, weft_timeline_get_n_lanes (timeline));
  g_assert_cmpuint (layout.n_lanes, >=, 2);
  for (guint lane = 0; lane < layout.n_lanes; lane++)
    {
      double middle = layout.lanes_y + (lane + 0.5) * layout.lane_height;
      guint n = count_color (surface, middle, layout.plot_x, layout.plot_x + layout.plot_width, working);

      g_test_message ("%s lane %u: %u working pixels", weft_timeline_get_lane_name (timeline, lane), lane, n);
      g_assert_cmpuint (n, >, 10);
    }
  cairo_surface_destroy (surface);
}

/* A view's range, from its run's start. */
static void
relative_range (WeftGanttView *view,
                gint64        *r0,
                gint64        *r1)
{
  WeftTimeline *timeline = weft_gantt_view_get_timeline (view);
  gint64 origin;

  weft_timeline_lock (timeline);
  origin = weft_timeline_get_origin (timeline);
  weft_timeline_unlock (timeline);
  weft_gantt_view_get_range (view, r0, r1);
  *r0 -= origin;
  *r1 -= origin;
}

static void
assert_axes_linked (WeftWindow *window)
{
  gint64 a0, a1, b0, b1;

  relative_range (upper_view (window), &a0, &a1);
  relative_range (lower_view (window), &b0, &b1);
  g_test_message ("upper %.3f..%.3f s, lower %.3f..%.3f s", a0 / 1e9, a1 / 1e9, b0 / 1e9, b1 / 1e9);
  g_assert_cmpint (a0, ==, b0);
  g_assert_cmpint (a1, ==, b1);
  g_assert_cmpint (weft_gantt_view_get_follow_live (upper_view (window)), ==,
                   weft_gantt_view_get_follow_live (lower_view (window)));
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_assert_not_reached ();
}

/* The lesson's broken way above, its fixed way below. */
static void
test_pairs (void)
{
  static const struct
  {
    const char *shown;
    const char *upper;
    const char *upper_variant;
    const char *lower;
    const char *lower_variant;
    WeftPairKind kind;
  } cases[] = {
    { "race", "race", NULL, "lock", NULL, WEFT_PAIR_PATTERNS },
    { "lock", "race", NULL, "lock", NULL, WEFT_PAIR_PATTERNS },
    { "deadlock", "deadlock", "unordered", "deadlock", "ordered", WEFT_PAIR_VARIANTS },
    { "condition", "condition", "notify", "condition", "notify-all", WEFT_PAIR_VARIANTS },
    { "rlock", "rlock", "lock", "rlock", "rlock", WEFT_PAIR_VARIANTS },
    { "nightclub", "nightclub", NULL, "nightclub", NULL, WEFT_PAIR_TWICE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const WeftPattern *pattern = weft_patterns_lookup (cases[i].shown);
      WeftParams shown, upper, lower;

      weft_pattern_get_default_params (pattern, &shown);
      weft_params_set (&shown, "threads", 3);
      g_assert_cmpint (weft_compare_pair_for (&shown, &upper, &lower), ==, cases[i].kind);
      g_assert_cmpstr (upper.pattern->name, ==, cases[i].upper);
      g_assert_cmpstr (lower.pattern->name, ==, cases[i].lower);
      if (cases[i].upper_variant != NULL)
        {
          g_assert_cmpstr (weft_params_get_variant_name (&upper), ==, cases[i].upper_variant);
          g_assert_cmpstr (weft_params_get_variant_name (&lower), ==, cases[i].lower_variant);
        }
      /* The user's threads, where both take them, and one seed. */
      g_assert_cmpfloat (weft_params_get (&upper, "threads", 3), ==, 3);
      g_assert_cmpfloat (weft_params_get (&lower, "threads", 3), ==, 3);
      g_assert_true (upper.seeded && lower.seeded);
      g_assert_cmpuint (upper.seed, ==, lower.seed);
    }
}

/* Compare runs the race above its lock, live at once, each with its
 * lanes, verdicts and title line; both draw every lane. */
static void
test_lesson_runs_both (void)
{
  WeftWindow *window = compare_race_and_lock ();
  WeftCompareView *view = compare_view (window);
  WeftComparePane *upper = weft_compare_view_get_upper (view);
  WeftComparePane *lower = weft_compare_view_get_lower (view);
  GObject *window_title = gtk_widget_get_template_child (GTK_WIDGET (window), WEFT_TYPE_WINDOW, "window_title");

  g_assert_cmpstr (weft_timeline_get_pattern (weft_compare_pane_get_timeline (upper))->name, ==, "race");
  g_assert_cmpstr (weft_timeline_get_pattern (weft_compare_pane_get_timeline (lower))->name, ==, "lock");
  g_assert_cmpstr (adw_window_title_get_title (ADW_WINDOW_TITLE (window_title)), ==, "Data race and Lock");
  g_test_message ("%s\n%s", weft_compare_pane_get_title_text (upper), weft_compare_pane_get_title_text (lower));
  g_assert_true (g_str_has_prefix (weft_compare_pane_get_title_text (upper), "Data race: "));
  g_assert_true (strstr (weft_compare_pane_get_title_text (upper), " updates") != NULL);
  g_assert_true (g_str_has_prefix (weft_compare_pane_get_title_text (lower), "Lock: "));
  g_assert_nonnull (strstr (weft_compare_pane_get_title_text (lower), "updates kept"));
  /* Each keeps its own checks: the lock's mutual exclusion is its own. */
  g_assert_null (strstr (weft_compare_pane_get_title_text (upper), "mutual exclusion"));
  g_assert_nonnull (strstr (weft_compare_pane_get_title_text (lower), "mutual exclusion"));
  /* Both share the cores, and the bar says so. */
  g_assert_nonnull (strstr (weft_compare_view_get_note (view), "core"));
  /* The one run's chart made way. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (weft_window_get_gantt_view (window))));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (upper_view (window))));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (lower_view (window))));

  assert_every_lane_drawn (upper_view (window));
  assert_every_lane_drawn (lower_view (window));

  /* Compare asks no more width than the window's narrowest, 360 px. */
  {
    int minimum;

    gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    g_test_message ("Compare is at least %d px wide", minimum);
    g_assert_cmpint (minimum, <=, 360);
  }
  close_window (window);
}

/* The header bar's button for @action, as a user finds it. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *action)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Zoom, pan and follow-live move both charts: the header's zoom button,
 * the wheel on the lower chart and a drag across the upper one. */
static void
test_axes_linked (void)
{
  WeftWindow *window = compare_race_and_lock ();
  GtkWidget *upper = GTK_WIDGET (upper_view (window));
  GtkWidget *lower = GTK_WIDGET (lower_view (window));
  GtkEventController *wheel = find_controller (lower, GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  GtkEventController *drag = find_controller (upper, GTK_TYPE_GESTURE_DRAG);
  GtkWidget *zoom_in = find_button (GTK_WIDGET (window), "view.zoom-in");
  WeftChartOptions options;
  WeftChartLayout layout;
  gint64 t0, t1, z0, z1, p0, p1;
  gboolean stop;

  /* Finished: both show the longer run whole, from each one's start. */
  assert_axes_linked (window);
  relative_range (upper_view (window), &t0, &t1);
  g_assert_cmpint (t0, ==, 0);

  g_assert_nonnull (zoom_in);
  /* Activated, a button shows itself pressed a moment, then is clicked. */
  gtk_widget_activate (zoom_in);
  spin (400);
  assert_axes_linked (window);
  relative_range (lower_view (window), &z0, &z1);
  g_assert_cmpint (z1 - z0, ==, (t1 - t0) / 2);
  g_assert_false (weft_gantt_view_get_follow_live (upper_view (window)));

  /* The wheel over the lower chart goes later in both. */
  g_signal_emit_by_name (wheel, "scroll", 0.0, 1.0, &stop);
  g_assert_true (stop);
  assert_axes_linked (window);
  relative_range (upper_view (window), &p0, &p1);
  g_test_message ("wheel: from %.3f to %.3f s", z0 / 1e9, p0 / 1e9);
  g_assert_cmpint (p0, >, z0);
  g_assert_cmpint (p1 - p0, ==, z1 - z0);

  /* Dragging the upper chart's lanes to the right goes back in both. */
  view_layout (upper_view (window), &options, &layout);
  g_signal_emit_by_name (drag, "drag-begin", layout.plot_x + 100, layout.lanes_y + 10);
  g_signal_emit_by_name (drag, "drag-update", layout.plot_width / 8, 0.0);
  g_signal_emit_by_name (drag, "drag-end", layout.plot_width / 8, 0.0);
  assert_axes_linked (window);
  relative_range (lower_view (window), &z0, &z1);
  g_test_message ("drag: from %.3f to %.3f s", p0 / 1e9, z0 / 1e9);
  g_assert_cmpint (z0, <, p0);
  g_assert_cmpint (z1 - z0, ==, p1 - p0);

  /* Shown whole again, and following again, both. */
  gtk_widget_activate_action (GTK_WIDGET (window), "view.zoom-fit", NULL);
  assert_axes_linked (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "view.follow", NULL);
  g_assert_true (weft_gantt_view_get_follow_live (lower_view (window)));
  assert_axes_linked (window);
  close_window (window);
}

/* A stretch measured on one chart is shaded on both; the figures are of
 * both runs, one run's or both, and saved with a column naming the run. */
static void
test_selection_covers_both (void)
{
  WeftWindow *window = compare_race_and_lock ();
  WeftMeasurePopover *popover = weft_gantt_view_get_measure_popover (lower_view (window));
  g_autofree char *both_text = NULL;
  gint64 origin, a0, a1, b0, b1, start;

  {
    WeftTimeline *timeline = weft_gantt_view_get_timeline (lower_view (window));

    weft_timeline_lock (timeline);
    origin = weft_timeline_get_origin (timeline);
    weft_timeline_unlock (timeline);
  }
  start = origin + 100 * 1000 * 1000;
  weft_gantt_view_measure_range (lower_view (window), start, start + WEFT_NSEC_PER_SEC);
  spin (100);
  g_assert_true (weft_gantt_view_get_measure (lower_view (window), &b0, &b1));
  g_assert_true (weft_gantt_view_get_measure (upper_view (window), &a0, &a1));
  g_assert_cmpint (b1 - b0, ==, WEFT_NSEC_PER_SEC);
  g_assert_cmpint (a1 - a0, ==, WEFT_NSEC_PER_SEC);
  {
    WeftTimeline *timeline = weft_gantt_view_get_timeline (upper_view (window));

    weft_timeline_lock (timeline);
    g_assert_cmpint (a0 - weft_timeline_get_origin (timeline), ==, b0 - origin);
    weft_timeline_unlock (timeline);
  }

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (weft_measure_popover_get_n_runs (popover), ==, 2);
  both_text = g_strdup (weft_measure_popover_get_text (popover));
  g_test_message ("%s", both_text);
  /* The run above first, then the one below, each with its threads. */
  g_assert_true (g_str_has_prefix (both_text, "Data race\n"));
  g_assert_nonnull (strstr (both_text, "\n\nLock\n"));
  g_assert_nonnull (strstr (both_text, "racer-1"));
  g_assert_nonnull (strstr (both_text, "worker-1"));
  g_assert_true (g_str_has_prefix (weft_measure_popover_get_csv (popover), "run,kind,name,"));
  g_assert_nonnull (strstr (weft_measure_popover_get_csv (popover), "\n\"Data race\",thread,\"racer-1\","));
  g_assert_nonnull (strstr (weft_measure_popover_get_csv (popover), "\n\"Lock\",thread,\"worker-1\","));

  /* One run's figures: the lock's, who waited how long. */
  weft_measure_popover_show_run (popover, 1);
  g_assert_null (strstr (weft_measure_popover_get_text (popover), "racer-1"));
  g_assert_nonnull (strstr (weft_measure_popover_get_text (popover), "worker-1"));
  g_assert_nonnull (strstr (weft_measure_popover_get_text (popover), "longest wait"));
  g_assert_true (g_str_has_prefix (weft_measure_popover_get_csv (popover), "kind,name,"));

  /* Closing the figures lets the stretch go on both. */
  gtk_popover_popdown (GTK_POPOVER (popover));
  spin (100);
  g_assert_false (weft_gantt_view_get_measure (lower_view (window), &b0, &b1));
  g_assert_false (weft_gantt_view_get_measure (upper_view (window), &a0, &a1));
  close_window (window);
}

/* The height of @timeline's picture exported alone. */
static int
png_height (const char *path)
{
  cairo_surface_t *picture = cairo_image_surface_create_from_png (path);
  int height;

  g_assert_cmpint (cairo_surface_status (picture), ==, CAIRO_STATUS_SUCCESS);
  height = cairo_image_surface_get_height (picture);
  cairo_surface_destroy (picture);
  return height;
}

static void
export_and_wait (WeftWindow *window,
                 const char *path)
{
  weft_window_export_to_path (window, path, TRUE);
  g_assert_cmpint (wait_until (not_exporting, window, 20000), >=, 0);
}

static guint
count_substrings (const char *haystack,
                  const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (haystack, needle); at != NULL; at = strstr (at + 1, needle))
    n++;
  return n;
}

/* SVG, PNG and PDF of a compared view draw both charts, one above the
 * other; JSON, which holds one run, is refused with a reason. */
static void
test_exports_draw_both (void)
{
  WeftWindow *window = compare_race_and_lock ();
  WeftCompareView *view = compare_view (window);
  g_autofree char *dir = g_dir_make_tmp ("weft-compare-XXXXXX", NULL);
  g_autofree char *svg = g_build_filename (dir, "both.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "both.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "both.pdf", NULL);
  g_autofree char *json = g_build_filename (dir, "both.json", NULL);
  g_autofree char *race_png = g_build_filename (dir, "race.png", NULL);
  g_autofree char *lock_png = g_build_filename (dir, "lock.png", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *pdf_uri = NULL;
  g_autofree char *page_text = NULL;
  g_autoptr(GError) error = NULL;
  RsvgHandle *handle;
  PopplerDocument *document;
  PopplerPage *page;
  WeftComparePane *panes[] = { weft_compare_view_get_upper (view), weft_compare_view_get_lower (view) };
  const char *alone[] = { race_png, lock_png };
  double svg_width, svg_height, pdf_width, pdf_height;
  int heights = 0;

  /* Each run alone, for the sizes the two stack to. */
  for (guint i = 0; i < 2; i++)
    {
      WeftTimeline *timeline = weft_compare_pane_get_timeline (panes[i]);
      WeftExportOptions options = { 0 };

      weft_timeline_lock (timeline);
      g_assert_true (weft_export_timeline (timeline, weft_compare_pane_get_checks (panes[i]), alone[i], &options,
                                           &error));
      weft_timeline_unlock (timeline);
      g_assert_no_error (error);
      heights += png_height (alone[i]);
    }

  export_and_wait (window, png);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (png_height (png), ==, heights);
  /* Both are drawn, each in its own part: the race above, the lock's
   * waits (in their own colour, which the race has none of) below. */
  {
    cairo_surface_t *picture = cairo_image_surface_create_from_png (png);
    const WeftPalette *palette = weft_palette_get (FALSE);
    int race_height = png_height (race_png);
    guint above[2] = { 0, 0 }, below[2] = { 0, 0 };

    for (int y = 0; y < heights; y++)
      for (guint state = 0; state < 2; state++)
        {
          const WeftColor *color = &palette->states[state == 0 ? WEFT_STATE_WORKING : WEFT_STATE_WAITING];
          guint n = count_color (picture, y, 0, cairo_image_surface_get_width (picture), color);

          if (y < race_height)
            above[state] += n;
          else
            below[state] += n;
        }
    g_test_message ("working pixels %u above, %u below; waiting %u above, %u below", above[0], below[0], above[1],
                    below[1]);
    g_assert_cmpuint (above[0], >, 1000);
    g_assert_cmpuint (below[0], >, 1000);
    g_assert_cmpuint (below[1], >, 1000);
    /* Only the legend's swatch could have it above, and the race's has none. */
    g_assert_cmpuint (above[1], ==, 0);
    cairo_surface_destroy (picture);
  }

  export_and_wait (window, svg);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_cmpuint (count_substrings (contents, "<g class=\"run\""), ==, 2);
  g_assert_nonnull (strstr (contents, "<title>Data race and Lock — Weft</title>"));
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *racer = g_strdup_printf ("<title>racer-%u</title>", i);
      g_autofree char *worker = g_strdup_printf ("<title>worker-%u</title>", i);

      g_assert_cmpuint (count_substrings (contents, racer), ==, 1);
      g_assert_cmpuint (count_substrings (contents, worker), ==, 1);
    }
  /* The lanes below come after the race's, lower down. */
  g_assert_true (strstr (contents, "racer-4") < strstr (contents, "worker-1"));
  handle = rsvg_handle_new_from_file (svg, &error);
  g_assert_no_error (error);
  /* A pixel a point: the SVG is sized in points, as the PDF is. */
  rsvg_handle_set_dpi (handle, 72);
  g_assert_true (rsvg_handle_get_intrinsic_size_in_pixels (handle, &svg_width, &svg_height));
  g_assert_cmpfloat (svg_width, ==, 1200);
  g_test_message ("SVG %.0f x %.0f", svg_width, svg_height);
  /* Vector pictures are drawn 1200 wide, so shorter than the PNG's: two
   * charts tall all the same. */
  g_assert_cmpfloat (svg_height, >, 600);
  g_object_unref (handle);

  export_and_wait (window, pdf);
  pdf_uri = g_filename_to_uri (pdf, NULL, NULL);
  document = poppler_document_new_from_file (pdf_uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 1);
  page = poppler_document_get_page (document, 0);
  poppler_page_get_size (page, &pdf_width, &pdf_height);
  /* The same picture, as tall as the SVG. */
  g_assert_cmpfloat (ABS (pdf_height - svg_height), <, 1);
  page_text = poppler_page_get_text (page);
  g_test_message ("%s", page_text);
  g_assert_nonnull (strstr (page_text, "Data race — Weft"));
  g_assert_nonnull (strstr (page_text, "Lock — Weft"));
  g_assert_nonnull (strstr (page_text, "racer-1"));
  g_assert_nonnull (strstr (page_text, "worker-1"));
  g_assert_nonnull (strstr (page_text, "updates kept"));
  g_object_unref (page);
  g_object_unref (document);

  /* A trace holds one run: refused, said, nothing written. */
  export_and_wait (window, json);
  g_assert_false (g_file_test (json, G_FILE_TEST_EXISTS));
  g_assert_nonnull (strstr (adw_toast_get_title (weft_window_get_last_toast (window)), "A JSON trace holds one run"));

  g_unlink (svg);
  g_unlink (png);
  g_unlink (pdf);
  g_unlink (race_png);
  g_unlink (lock_png);
  g_rmdir (dir);
  close_window (window);
}

/* Pause, stop and run again act on both; leaving Compare returns to one
 * run, live, and lets both go. */
static void
test_controls_and_leaving (void)
{
  WeftWindow *window = open_window ();
  WeftCompareView *view;
  WeftTimeline *before;

  show_lesson (window, "race", 1000);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL);
  view = compare_view (window);
  g_assert_nonnull (view);
  spin (300);
  g_assert_cmpint (weft_compare_view_get_state (view), ==, WEFT_RUN_STATE_RUNNING);

  gtk_widget_activate_action (GTK_WIDGET (window), "run.toggle-pause", NULL);
  g_assert_cmpint (weft_compare_pane_get_state (weft_compare_view_get_upper (view)), ==, WEFT_RUN_STATE_PAUSED);
  g_assert_cmpint (weft_compare_pane_get_state (weft_compare_view_get_lower (view)), ==, WEFT_RUN_STATE_PAUSED);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.toggle-pause", NULL);
  g_assert_cmpint (weft_compare_pane_get_state (weft_compare_view_get_upper (view)), ==, WEFT_RUN_STATE_RUNNING);
  g_assert_cmpint (weft_compare_pane_get_state (weft_compare_view_get_lower (view)), ==, WEFT_RUN_STATE_RUNNING);

  gtk_widget_activate_action (GTK_WIDGET (window), "run.stop", NULL);
  g_assert_cmpint (wait_until (no_live_runs, window, 20000), >=, 0);
  spin (100);
  g_assert_cmpint (weft_compare_pane_get_state (weft_compare_view_get_upper (view)), ==, WEFT_RUN_STATE_STOPPED);
  g_assert_cmpint (weft_compare_pane_get_state (weft_compare_view_get_lower (view)), ==, WEFT_RUN_STATE_STOPPED);

  /* Run again: both, afresh. */
  before = weft_compare_pane_get_timeline (weft_compare_view_get_lower (view));
  gtk_widget_activate_action (GTK_WIDGET (window), "run.toggle-pause", NULL);
  g_assert_true (weft_compare_pane_get_timeline (weft_compare_view_get_lower (view)) != before);
  g_assert_cmpint (weft_compare_view_get_state (view), ==, WEFT_RUN_STATE_RUNNING);
  g_assert_cmpuint (weft_window_get_n_live_runs (window), >=, 2);

  /* Back to one run: the lesson alone, live; both compared runs stop. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL);
  g_assert_null (weft_window_get_compare_view (window));
  g_assert_cmpint (weft_window_get_run_state (window), ==, WEFT_RUN_STATE_RUNNING);
  g_assert_cmpstr (weft_timeline_get_pattern (weft_window_get_timeline (window))->name, ==, "race");
  spin (100);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (weft_window_get_gantt_view (window))));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_cmpint (wait_until (compared_runs_gone, view, 20000), >=, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "run.stop", NULL);
  g_assert_cmpint (wait_until (no_live_runs, window, 20000), >=, 0);
  close_window (window);
}

/* Two saved runs are compared as read, named by their files; back to
 * one run shows the upper one alone. */
static void
test_saved_runs (void)
{
  WeftWindow *window = compare_race_and_lock ();
  WeftCompareView *view = compare_view (window);
  g_autofree char *dir = g_dir_make_tmp ("weft-compare-XXXXXX", NULL);
  g_autofree char *race = g_build_filename (dir, "race-monday.json", NULL);
  g_autofree char *lock = g_build_filename (dir, "lock-monday.json", NULL);
  g_autoptr(GFile) race_file = g_file_new_for_path (race);
  g_autoptr(GFile) lock_file = g_file_new_for_path (lock);
  g_autoptr(GError) error = NULL;
  WeftComparePane *panes[] = { weft_compare_view_get_upper (view), weft_compare_view_get_lower (view) };
  const char *paths[] = { race, lock };
  GFile *both[] = { race_file, lock_file };
  guint64 events[2];

  for (guint i = 0; i < 2; i++)
    {
      WeftTimeline *timeline = weft_compare_pane_get_timeline (panes[i]);

      weft_timeline_lock (timeline);
      events[i] = weft_timeline_get_n_events (timeline);
      g_assert_true (weft_export_timeline (timeline, weft_compare_pane_get_checks (panes[i]), paths[i], NULL, &error));
      weft_timeline_unlock (timeline);
      g_assert_no_error (error);
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL);
  g_assert_null (weft_window_get_compare_view (window));

  weft_window_compare_files (window, both, 2);
  g_assert_cmpint (wait_until (not_opening, window, 20000), >=, 0);
  g_assert_true (weft_window_get_compare_view (window) == view);
  g_assert_cmpstr (weft_compare_pane_get_label (panes[0]), ==, "race-monday.json");
  g_assert_cmpstr (weft_compare_pane_get_label (panes[1]), ==, "lock-monday.json");
  spin (100);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (weft_compare_pane_get_state (panes[i]), ==, WEFT_RUN_STATE_FINISHED);
      g_assert_cmpuint (weft_timeline_get_n_events (weft_compare_pane_get_timeline (panes[i])), ==, events[i]);
    }
  g_assert_nonnull (strstr (weft_compare_pane_get_title_text (panes[1]), "updates kept"));
  assert_axes_linked (window);
  assert_every_lane_drawn (upper_view (window));
  assert_every_lane_drawn (lower_view (window));

  /* Back to one: the race as read, alone. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL);
  g_assert_null (weft_window_get_compare_view (window));
  g_assert_cmpint (weft_window_get_run_state (window), ==, WEFT_RUN_STATE_FINISHED);
  g_assert_cmpstr (weft_timeline_get_pattern (weft_window_get_timeline (window))->name, ==, "race");

  /* One file: compared with the run shown, which goes above. */
  weft_window_compare_files (window, &lock_file, 1);
  g_assert_cmpint (wait_until (not_opening, window, 20000), >=, 0);
  g_assert_nonnull (weft_window_get_compare_view (window));
  g_assert_cmpstr (weft_compare_pane_get_label (panes[0]), ==, "race-monday.json");
  g_assert_cmpstr (weft_compare_pane_get_label (panes[1]), ==, "lock-monday.json");

  g_unlink (race);
  g_unlink (lock);
  g_rmdir (dir);
  close_window (window);
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
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);

  app = weft_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));

  g_test_add_func ("/compare/pairs", test_pairs);
  g_test_add_func ("/compare/lesson-runs-both", test_lesson_runs_both);
  g_test_add_func ("/compare/axes-linked", test_axes_linked);
  g_test_add_func ("/compare/selection-covers-both", test_selection_covers_both);
  g_test_add_func ("/compare/exports-draw-both", test_exports_draw_both);
  g_test_add_func ("/compare/controls-and-leaving", test_controls_and_leaving);
  g_test_add_func ("/compare/saved-runs", test_saved_runs);

  status = g_test_run ();
  g_object_unref (app);
  return status;
}
