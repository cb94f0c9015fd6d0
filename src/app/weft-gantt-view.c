/* weft-gantt-view.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Draws through src/render in snapshot(), so the screen and the exports
 * share one drawing path.  The chart reads the timeline through its
 * level-of-detail queries, so a frame costs what the visible pixels
 * cost.  Time always runs left to right, also in right-to-left locales:
 * the window mirrors, the axis does not.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "weft-gantt-view.h"
#include "weft-popover-fit.h"
#include "weft-lessons.h"
#include "weft-span-details.h"
#include "weft-ticks.h"

/* The narrowest window one can zoom to, and how far past the recorded
 * run one can zoom out or pan. */
#define MIN_SPAN_NS G_GINT64_CONSTANT (200)
#define ZOOM_STEP 2.0
#define PAN_STEP 0.1
#define LANE_SCROLL_STEP 28.0
#define WHEEL_PIXELS 48.0
/* Spans highlighted as related to the selection, at most. */
#define MAX_RELATED 64

struct _WeftGanttView
{
  GtkWidget parent_instance;

  WeftTimeline *timeline;
  GskRenderNode *last_frame;      /* shown again while the timeline is busy */
  guint retry_draw;
  gint64 t0;
  gint64 t1;
  gint64 live_window;
  double scroll_y;
  /* The thread lanes' scrollbar, shown while they overflow; its
   * adjustment follows scroll_y and scroll_y follows it. */
  GtkWidget *scrollbar;
  GtkAdjustment *lanes_adjustment;
  gboolean syncing_adjustment;
  gboolean lanes_scroll;       /* the thread lanes overflow */
  double bar_top;              /* the thread lanes' area, where the bar goes */
  double bar_bottom;
  gboolean allocating;         /* in size_allocate: nothing to queue */
  gboolean follow_live;
  gboolean frozen;             /* paused: hold the view still */
  gboolean show_arrows;        /* hand-offs, where the zoom leaves room */
  gboolean overview;           /* many threads zoomed out: their overview */
  char *overview_hint;         /* how to get the lanes back from it */
  gint hover_lane;
  gboolean has_hover_span;     /* the span under the pointer: its arrows stand out */
  WeftChartSpanRef hover_span;
  guint hover_line;            /* the hovered span's line of the listing, 0 none */
  guint code_line;             /* spans from this line are outlined, 0 none */
  WeftWords words;
  gboolean classroom;
  double pointer_x;            /* last known, the anchor for wheel zoom */
  gboolean keys_used;          /* since the last click: the focus ring shows */

  /* The span clicked, or moved to with the keyboard, and its details. */
  gboolean has_selection;
  guint selected_lane;
  WeftSpan selected;
  GtkWidget *details;          /* GtkPopover */
  GtkWidget *details_label;
  double press_x;
  double press_y;

  /* The stretch dragged out on the ruler, and its figures. */
  gboolean has_measure;
  gboolean measuring;          /* the drag began on the ruler */
  double measure_plot_x;       /* where the plot lay when it began */
  double measure_plot_width;
  gint64 measure_t0;
  gint64 measure_t1;
  GtkWidget *measure;          /* WeftMeasurePopover */

  /* Gesture state. */
  gint64 drag_t0;
  gint64 drag_t1;
  double drag_scroll_y;
  gint64 pinch_span;
  double pinch_anchor;

  /* A view sharing this one's time axis (Compare): both show the same
   * stretch, counted from each run's own start, and measure the same
   * stretch.  What each run spans is noted whenever its timeline is read
   * under its lock, so that the other can follow without waiting for a
   * lock a collector may hold. */
  WeftGanttView *axis_peer;    /* weak */
  gint64 known_origin;         /* 0 until the run's workers were let go */
  gint64 known_length;
  gboolean known_finished;
  gboolean measure_owner;      /* its popover shows the stretch's figures */
  char *title;                 /* the run's name in the figures; NULL: its lesson's */
};

G_DEFINE_FINAL_TYPE (WeftGanttView, weft_gantt_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FOLLOW_LIVE,
  PROP_SHOW_ARROWS,
  PROP_OVERVIEW,
  PROP_HOVER_LINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  STEP_LANE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
weft_gantt_view_new (void)
{
  return g_object_new (WEFT_TYPE_GANTT_VIEW, NULL);
}

static void
options_for_size (WeftGanttView    *self,
                  WeftChartOptions *options)
{
  weft_chart_options_init (options);
  options->t0 = self->t0;
  options->t1 = MAX (self->t1, self->t0 + 1);
  options->width = gtk_widget_get_width (GTK_WIDGET (self));
  options->height = gtk_widget_get_height (GTK_WIDGET (self));
  options->scroll_y = self->scroll_y;
  options->dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  options->snap = TRUE;
  options->scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  options->fill_height = TRUE;
  options->hover_lane = self->hover_lane;
  options->has_hover_span = self->has_hover_span;
  options->hover_span = self->hover_span;
  options->code_line = self->code_line;
  options->words = self->words;
  options->classroom = self->classroom;
  options->with_arrows = self->show_arrows;
  options->lanes_only = !self->overview;
  options->overview_hint = self->overview_hint;
  options->has_selection = self->has_selection;
  options->selection = (WeftChartSpanRef) { self->selected_lane, self->selected.start_ns, self->selected.end_ns };
  options->has_measure = self->has_measure;
  options->measure_t0 = self->measure_t0;
  options->measure_t1 = self->measure_t1;
}

/* The scrollbar shows what scrolls: its range, page and value follow
 * the layout and scroll_y.  Where it goes and whether it shows are
 * settled in size_allocate; a change to either asks for one. */
static void
sync_scrollbar (WeftGanttView         *self,
                const WeftChartLayout *layout)
{
  gboolean overflow = FALSE;
  double top = 0, bottom = 0;

  if (layout != NULL)
    {
      double visible = layout->threads_bottom - layout->lanes_y;

      overflow = layout->content_height > visible;
      top = layout->lanes_y;
      bottom = layout->threads_bottom;
      self->syncing_adjustment = TRUE;
      gtk_adjustment_configure (self->lanes_adjustment, self->scroll_y, 0, MAX (layout->content_height, visible),
                                LANE_SCROLL_STEP, MAX (visible * 0.9, LANE_SCROLL_STEP), visible);
      self->syncing_adjustment = FALSE;
    }
  if (overflow != self->lanes_scroll || top != self->bar_top || bottom != self->bar_bottom)
    {
      self->lanes_scroll = overflow;
      self->bar_top = top;
      self->bar_bottom = bottom;
      if (!self->allocating)
        gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
}

static void
clamp_scroll (WeftGanttView *self)
{
  WeftChartOptions options;
  WeftChartLayout layout;
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  double visible, most;

  if (self->timeline == NULL)
    {
      self->scroll_y = 0;
      sync_scrollbar (self, NULL);
      return;
    }
  options_for_size (self, &options);
  weft_chart_layout (self->timeline, &options, &layout);
  /* Pinned object lanes stay put: only the threads' area scrolls. */
  visible = layout.threads_bottom - layout.lanes_y;
  most = MAX (0.0, layout.content_height - visible);
  self->scroll_y = CLAMP (self->scroll_y, 0.0, most);
  sync_scrollbar (self, &layout);
}

/* The scrollbar dragged, clicked or wheeled: the lanes follow. */
static void
on_adjustment_value_changed (GtkAdjustment *adjustment,
                             WeftGanttView *self)
{
  if (self->syncing_adjustment)
    return;
  self->scroll_y = gtk_adjustment_get_value (adjustment);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gint64
recorded_start (WeftGanttView *self)
{
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  return weft_timeline_get_origin (self->timeline);
}

/* Notes what the run spans, for a view sharing the axis; the timeline
 * is read under its (recursive) lock. */
static void
note_extent (WeftGanttView *self)
{
  g_autoptr(WeftTimelineLocker) locker = NULL;

  if (self->timeline == NULL)
    {
      self->known_origin = self->known_length = 0;
      self->known_finished = FALSE;
      return;
    }
  locker = weft_timeline_locker_new (self->timeline);
  self->known_origin = weft_timeline_get_origin (self->timeline);
  self->known_length = self->known_origin != 0 ? MAX (0, weft_timeline_get_end (self->timeline) - self->known_origin) : 0;
  self->known_finished = weft_timeline_is_finished (self->timeline);
}

/* The view sharing the axis, once both runs have begun: before that
 * there is no start to count from. */
static WeftGanttView *
started_peer (WeftGanttView *self)
{
  WeftGanttView *peer = self->axis_peer;

  if (peer == NULL || peer->timeline == NULL || peer->known_origin == 0 || self->known_origin == 0)
    return NULL;
  return peer;
}

/* The end of the axis: the newest moment recorded, and on a shared axis
 * as far on from this run's start as the other run has gone from its
 * own, so that both views clamp, zoom and follow alike. */
static gint64
recorded_end (WeftGanttView *self)
{
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  gint64 start = recorded_start (self);
  gint64 end = MAX (weft_timeline_get_end (self->timeline), start + 1);
  WeftGanttView *peer;

  note_extent (self);
  peer = started_peer (self);
  if (peer != NULL)
    end = MAX (end, start + peer->known_length);
  return end;
}

/* Whether the axis holds finished runs only. */
static gboolean
axis_finished (WeftGanttView *self)
{
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);

  if (!weft_timeline_is_finished (self->timeline))
    return FALSE;
  return self->axis_peer == NULL || self->axis_peer->timeline == NULL || self->axis_peer->known_finished;
}

/* @t on this view's axis, on the peer's: the same time from its start. */
static gint64
to_peer (WeftGanttView *self,
         WeftGanttView *peer,
         gint64         t)
{
  return peer->known_origin + (t - self->known_origin);
}

static void set_follow (WeftGanttView *self, gboolean follow);

/* The peer shows the stretch this view shows, and follows as it does. */
static void
sync_peer_range (WeftGanttView *self)
{
  WeftGanttView *peer = started_peer (self);

  if (peer == NULL)
    return;
  peer->t0 = to_peer (self, peer, self->t0);
  peer->t1 = to_peer (self, peer, self->t1);
  set_follow (peer, self->follow_live);
  clamp_scroll (peer);
  gtk_widget_queue_draw (GTK_WIDGET (peer));
}

/* The peer shades the stretch this view measures (or none). */
static void
sync_peer_measure (WeftGanttView *self)
{
  WeftGanttView *peer = started_peer (self);

  if (peer == NULL)
    return;
  peer->has_measure = self->has_measure;
  peer->measure_t0 = to_peer (self, peer, self->measure_t0);
  peer->measure_t1 = to_peer (self, peer, self->measure_t1);
  gtk_widget_queue_draw (GTK_WIDGET (peer));
}

static gint64
max_span (WeftGanttView *self)
{
  /* Zoomed out no further than the whole run, or the live window while
   * the run is shorter: beyond that is only empty time. */
  return MAX (self->live_window, recorded_end (self) - recorded_start (self));
}

/* While following: the newest moment at the right edge once the run is
 * longer than the window; the whole run once it has finished. */
static void
apply_follow (WeftGanttView *self)
{
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  gint64 origin = recorded_start (self);
  gint64 end = recorded_end (self);
  gint64 window = self->t1 > self->t0 ? self->t1 - self->t0 : self->live_window;

  if (axis_finished (self))
    {
      gint64 margin = (end - origin) / 50;

      self->t0 = origin;
      self->t1 = end + MAX (margin, 1);
    }
  else if (end - origin <= window)
    {
      self->t0 = origin;
      self->t1 = origin + window;
    }
  else
    {
      self->t1 = end;
      self->t0 = end - window;
    }
  sync_peer_range (self);
}

static void
set_follow (WeftGanttView *self,
            gboolean       follow)
{
  if (self->follow_live == follow)
    return;
  self->follow_live = follow;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
  /* Following is the axis's: the peer follows, or stops, too. */
  if (started_peer (self) != NULL && self->axis_peer->follow_live != follow)
    set_follow (self->axis_peer, follow);
}

/* A change the user made: it leaves follow-live. */
static void
set_range_manually (WeftGanttView *self,
                    gint64         t0,
                    gint64         t1)
{
  gint64 span = CLAMP (t1 - t0, MIN_SPAN_NS, max_span (self));
  /* Keep a tenth of the window over what was recorded (or was shown),
   * so one cannot wander off into empty time. */
  gint64 lowest = recorded_start (self) - span + span / 10;
  gint64 highest = MAX (recorded_end (self), self->t1) - span / 10;

  t0 = CLAMP (t0, lowest, MAX (lowest, highest));
  self->t0 = t0;
  self->t1 = t0 + span;
  set_follow (self, FALSE);
  /* Zoomed out or in, many threads' lanes give way to their overview
   * or come back: what scrolls changes. */
  clamp_scroll (self);
  sync_peer_range (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
weft_gantt_view_set_range (WeftGanttView *self,
                           gint64         t0,
                           gint64         t1)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  if (self->timeline != NULL)
    set_range_manually (self, t0, t1);
}

void
weft_gantt_view_get_range (WeftGanttView *self,
                           gint64        *t0,
                           gint64        *t1)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  *t0 = self->t0;
  *t1 = self->t1;
}

/**
 * weft_gantt_view_zoom:
 * @factor: above 1 zooms in, below 1 zooms out
 * @anchor: where the zoom centres, as a fraction of the plot's width;
 *   the moment under it stays put
 */
void
weft_gantt_view_zoom (WeftGanttView *self,
                      double         factor,
                      double         anchor)
{
  gint64 span, new_span, pivot;

  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  if (self->timeline == NULL || factor <= 0)
    return;
  span = self->t1 - self->t0;
  new_span = CLAMP ((gint64) (span / factor), MIN_SPAN_NS, max_span (self));
  pivot = self->t0 + (gint64) (span * anchor);
  set_range_manually (self, pivot - (gint64) (new_span * anchor), pivot - (gint64) (new_span * anchor) + new_span);
}

void
weft_gantt_view_zoom_fit (WeftGanttView *self)
{
  gint64 origin, end;

  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  if (self->timeline == NULL)
    return;
  origin = recorded_start (self);
  end = recorded_end (self);
  set_range_manually (self, origin, end + MAX ((end - origin) / 50, 1));
}

/* Moves the window by @fraction of its width; negative goes back. */
void
weft_gantt_view_pan (WeftGanttView *self,
                     double         fraction)
{
  gint64 shift;

  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  if (self->timeline == NULL)
    return;
  shift = (gint64) ((self->t1 - self->t0) * fraction);
  set_range_manually (self, self->t0 + shift, self->t1 + shift);
}

void
weft_gantt_view_scroll_lanes (WeftGanttView *self,
                              double         dy)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  self->scroll_y += dy;
  clamp_scroll (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
weft_gantt_view_get_follow_live (WeftGanttView *self)
{
  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), FALSE);
  return self->follow_live;
}

void
weft_gantt_view_set_follow_live (WeftGanttView *self,
                                 gboolean       follow_live)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  set_follow (self, follow_live);
  if (follow_live && self->timeline != NULL)
    {
      apply_follow (self);
      clamp_scroll (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* Paused: keep the window where it is even while following. */
/* Whether hand-offs are drawn as arrows (at zooms where they fit). */
gboolean
weft_gantt_view_get_show_arrows (WeftGanttView *self)
{
  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), FALSE);

  return self->show_arrows;
}

void
weft_gantt_view_set_show_arrows (WeftGanttView *self,
                                 gboolean       show_arrows)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  show_arrows = !!show_arrows;
  if (self->show_arrows == show_arrows)
    return;
  self->show_arrows = show_arrows;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ARROWS]);
}

/* Whether more threads than fit give way, zoomed out, to an overview of
 * how many were in each state; if not, every lane is drawn, scrolling. */
gboolean
weft_gantt_view_get_overview (WeftGanttView *self)
{
  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), FALSE);

  return self->overview;
}

void
weft_gantt_view_set_overview (WeftGanttView *self,
                              gboolean       overview)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  overview = !!overview;
  if (self->overview == overview)
    return;
  self->overview = overview;
  clamp_scroll (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OVERVIEW]);
}

/* Whether the chart shows the overview now, at this zoom and size. */
gboolean
weft_gantt_view_shows_overview (WeftGanttView *self)
{
  WeftChartOptions options;
  WeftChartLayout layout;
  g_autoptr(WeftTimelineLocker) locker = NULL;

  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), FALSE);

  if (self->timeline == NULL)
    return FALSE;
  locker = weft_timeline_locker_new (self->timeline);
  options_for_size (self, &options);
  weft_chart_layout (self->timeline, &options, &layout);
  return layout.overview;
}

/* The room the lanes have, for a picture to decide as the chart does. */
double
weft_gantt_view_get_lanes_room (WeftGanttView *self)
{
  WeftChartOptions options;
  WeftChartLayout layout;
  g_autoptr(WeftTimelineLocker) locker = NULL;

  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), 0);

  if (self->timeline == NULL)
    return 0;
  locker = weft_timeline_locker_new (self->timeline);
  options_for_size (self, &options);
  weft_chart_layout (self->timeline, &options, &layout);
  return MAX (0, layout.lanes_bottom - layout.lanes_y);
}

void
weft_gantt_view_set_frozen (WeftGanttView *self,
                            gboolean       frozen)
{
  self->frozen = frozen;
}

/**
 * weft_gantt_view_set_timeline:
 * @live_window_ns: how much time the window shows while following
 *
 * Shows @timeline from its start, following the newest moment.
 */
void
weft_gantt_view_set_timeline (WeftGanttView *self,
                              WeftTimeline  *timeline,
                              gint64         live_window_ns)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  if (timeline != NULL)
    weft_timeline_ref (timeline);
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  self->timeline = timeline;
  self->live_window = MAX (live_window_ns, MIN_SPAN_NS);
  self->t0 = self->t1 = 0;
  self->scroll_y = 0;
  self->hover_lane = -1;
  self->has_hover_span = FALSE;
  self->hover_line = 0;
  self->frozen = FALSE;
  /* A selection belongs to the run it was made in, as does a stretch
   * measured on it. */
  self->has_selection = FALSE;
  gtk_popover_popdown (GTK_POPOVER (self->details));
  self->has_measure = FALSE;
  self->measure_owner = FALSE;
  if (gtk_widget_get_visible (self->measure))
    gtk_popover_popdown (GTK_POPOVER (self->measure));
  note_extent (self);
  set_follow (self, TRUE);
  if (timeline != NULL)
    apply_follow (self);
  clamp_scroll (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

WeftTimeline *
weft_gantt_view_get_timeline (WeftGanttView *self)
{
  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), NULL);
  return self->timeline;
}

/* After new events arrived: move with them if following, and redraw. */
void
weft_gantt_view_update (WeftGanttView *self)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  if (self->timeline == NULL)
    return;
  note_extent (self);
  if (self->follow_live && !self->frozen)
    apply_follow (self);
  clamp_scroll (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The verdicts, for the accessible description. */
void
weft_gantt_view_set_checks (WeftGanttView *self,
                            WeftChecks    *checks)
{
  g_autoptr(GString) text = NULL;
  const WeftPattern *pattern;

  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));

  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  if (self->timeline == NULL)
    return;

  pattern = weft_timeline_get_pattern (self->timeline);
  text = g_string_new (NULL);
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "Timeline of %s with %u thread.",
                                       "Timeline of %s with %u threads.",
                                       weft_timeline_get_n_lanes (self->timeline)),
                          _(pattern->title), weft_timeline_get_n_lanes (self->timeline));
  if (checks != NULL)
    for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
      g_string_append_printf (text, " %s.", weft_checks_get_check (checks, i)->message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
retry_draw_cb (gpointer data)
{
  WeftGanttView *self = data;

  self->retry_draw = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A span still going on when it was selected keeps growing. */
static void
refresh_selection (WeftGanttView *self)
{
  WeftSpan now;

  if (self->has_selection && (self->selected.flags & WEFT_SPAN_OPEN) &&
      self->selected_lane < weft_timeline_get_n_lanes (self->timeline) &&
      weft_timeline_span_at (self->timeline, self->selected_lane, self->selected.start_ns, 0, &now) &&
      now.start_ns == self->selected.start_ns)
    self->selected = now;
}

/* Where the keys go, once the keyboard is in use: a ring in the accent
 * colour just inside the chart's edge. */
static void
append_focus_ring (WeftGanttView *self,
                   GtkSnapshot   *snapshot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkRGBA accent = { 0.21, 0.52, 0.89, 1.0 };
  GskRoundedRect ring;
  float widths[4] = { 2, 2, 2, 2 };
  GdkRGBA colors[4];

  if (!self->keys_used || !gtk_widget_has_focus (widget))
    return;
  gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "accent_color", &accent);
  for (guint i = 0; i < 4; i++)
    colors[i] = accent;
  gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (1, 1, gtk_widget_get_width (widget) - 2,
                                                               gtk_widget_get_height (widget) - 2), 6);
  gtk_snapshot_append_border (snapshot, &ring, widths, colors);
}

static void
weft_gantt_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  WeftGanttView *self = WEFT_GANTT_VIEW (widget);
  WeftChartOptions options;
  WeftChartSpanRef related[MAX_RELATED];
  graphene_rect_t bounds;
  cairo_t *cr;

  if (self->timeline == NULL)
    return;

  /* A frame never waits for the collector: while it holds the timeline
   * (a batch being folded in, old detail let go), the last picture is
   * shown again and the chart is drawn afresh a moment later. */
  if (!weft_timeline_try_lock (self->timeline))
    {
      if (self->last_frame != NULL)
        gtk_snapshot_append_node (snapshot, self->last_frame);
      append_focus_ring (self, snapshot);
      gtk_widget_snapshot_child (widget, self->scrollbar, snapshot);
      if (self->retry_draw == 0)
        self->retry_draw = g_timeout_add_once (8, retry_draw_cb, self);
      return;
    }

  /* Nothing to draw before the workers were let go. */
  refresh_selection (self);
  options_for_size (self, &options);
  /* Found afresh each frame: while the run is live, more may come. */
  if (self->has_selection && self->selected_lane < weft_timeline_get_n_lanes (self->timeline))
    {
      options.related = related;
      options.n_related = weft_span_details_collect_related (self->timeline, self->selected_lane,
                                                             &self->selected, related, MAX_RELATED);
    }
  if (weft_timeline_get_origin (self->timeline) == 0 || options.width < 1 || options.height < 1)
    {
      weft_timeline_unlock (self->timeline);
      return;
    }
  graphene_rect_init (&bounds, 0, 0, options.width, options.height);
  g_clear_pointer (&self->last_frame, gsk_render_node_unref);
  self->last_frame = gsk_cairo_node_new (&bounds);
  cr = gsk_cairo_node_get_draw_context (self->last_frame);
  weft_chart_draw (cr, self->timeline, &options);
  cairo_destroy (cr);
  weft_timeline_unlock (self->timeline);
  gtk_snapshot_append_node (snapshot, self->last_frame);
  append_focus_ring (self, snapshot);
  gtk_widget_snapshot_child (widget, self->scrollbar, snapshot);
}

static void
weft_gantt_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  WeftGanttView *self = WEFT_GANTT_VIEW (widget);
  int bar_width = 0;

  self->allocating = TRUE;
  clamp_scroll (self);
  self->allocating = FALSE;
  /* Along the right edge of the thread lanes, and only while they
   * overflow: child-visible, as GtkScrolledWindow does, since a
   * widget's visibility is not to be changed while allocating. */
  gtk_widget_set_child_visible (self->scrollbar, self->lanes_scroll);
  gtk_widget_measure (self->scrollbar, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &bar_width, NULL, NULL);
  if (self->lanes_scroll)
    gtk_widget_size_allocate (self->scrollbar,
                              &(GtkAllocation) { MAX (0, width - bar_width), (int) self->bar_top,
                                                 bar_width, MAX (1, (int) (self->bar_bottom - self->bar_top)) },
                              -1);
  gtk_popover_present (GTK_POPOVER (self->details));
}

static void
weft_gantt_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 300 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 900 : 480;
}

static double
plot_fraction (WeftGanttView *self,
               double         x)
{
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  WeftChartOptions options;
  WeftChartLayout layout;

  options_for_size (self, &options);
  weft_chart_layout (self->timeline, &options, &layout);
  return CLAMP ((x - layout.plot_x) / layout.plot_width, 0.0, 1.0);
}

static double
plot_width (WeftGanttView *self)
{
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  WeftChartOptions options;
  WeftChartLayout layout;

  options_for_size (self, &options);
  weft_chart_layout (self->timeline, &options, &layout);
  return layout.plot_width;
}

static gboolean
lanes_overflow (WeftGanttView *self)
{
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  WeftChartOptions options;
  WeftChartLayout layout;

  options_for_size (self, &options);
  weft_chart_layout (self->timeline, &options, &layout);
  return layout.content_height > layout.threads_bottom - layout.lanes_y;
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           WeftGanttView            *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
  double pixels = wheel ? WHEEL_PIXELS : 1.0;

  if (self->timeline == NULL)
    return GDK_EVENT_PROPAGATE;

  if (state & GDK_CONTROL_MASK)
    {
      /* Zoom at the pointer: the moment under it stays under it. */
      weft_gantt_view_zoom (self, pow (1.0015, -dy * pixels * 4), plot_fraction (self, self->pointer_x));
      return GDK_EVENT_STOP;
    }

  if (state & GDK_SHIFT_MASK)
    {
      dx = dy;
      dy = 0;
    }
  if (dx != 0)
    weft_gantt_view_pan (self, dx * pixels / plot_width (self));
  if (dy != 0)
    {
      if (lanes_overflow (self))
        weft_gantt_view_scroll_lanes (self, dy * pixels);
      else
        weft_gantt_view_pan (self, dy * pixels / plot_width (self));
    }
  return GDK_EVENT_STOP;
}

/* The time under x, as the chart lays the plot out now. */
/* The time under x, from the plot as laid out when the drag began: the
 * view does not move while a stretch is dragged out, so the timeline is
 * not locked again on every motion, and the window never waits on the
 * collector while the pointer moves. */
static gint64
time_at_x (WeftGanttView *self,
           double         x)
{
  double fraction = (x - self->measure_plot_x) / MAX (self->measure_plot_width, 1.0);

  return self->drag_t0 + (gint64) (fraction * (self->drag_t1 - self->drag_t0));
}

/* Whether (x, y) is on the ruler, over the plot: a drag there measures.
 * Notes where the plot lies, for time_at_x(). */
static gboolean
on_ruler (WeftGanttView *self,
          double         x,
          double         y)
{
  WeftChartOptions options;
  WeftChartLayout layout;
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);

  options_for_size (self, &options);
  weft_chart_layout (self->timeline, &options, &layout);
  self->measure_plot_x = layout.plot_x;
  self->measure_plot_width = layout.plot_width;
  return y >= layout.ruler_y && y < layout.lanes_y && x >= layout.plot_x;
}

static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               WeftGanttView  *self)
{
  self->drag_t0 = self->t0;
  self->drag_t1 = self->t1;
  self->drag_scroll_y = self->scroll_y;
  self->measuring = self->timeline != NULL && on_ruler (self, x, y);
  /* The view holds still while a stretch is dragged out on it. */
  if (self->measuring)
    {
      set_follow (self, FALSE);
      self->measure_t0 = self->measure_t1 = time_at_x (self, x);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                WeftGanttView  *self)
{
  gint64 shift;
  double x, y;

  if (self->timeline == NULL || (fabs (dx) < 2 && fabs (dy) < 2))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (self->measuring)
    {
      gtk_gesture_drag_get_start_point (gesture, &x, &y);
      self->measure_t1 = time_at_x (self, x + dx);
      self->has_measure = TRUE;
      sync_peer_measure (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  shift = (gint64) (-dx * (self->drag_t1 - self->drag_t0) / plot_width (self));
  set_range_manually (self, self->drag_t0 + shift, self->drag_t1 + shift);
  self->scroll_y = self->drag_scroll_y - dy;
  clamp_scroll (self);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             WeftGanttView  *self)
{
  if (!self->measuring)
    return;
  self->measuring = FALSE;
  if (self->has_measure && self->measure_t1 != self->measure_t0)
    weft_gantt_view_measure_range (self, self->measure_t0, self->measure_t1);
  else
    weft_gantt_view_clear_measure (self);
}

/* What the figures call this view's run. */
static const char *
run_title (WeftGanttView *self)
{
  return self->title != NULL ? self->title : _(weft_timeline_get_pattern (self->timeline)->title);
}

/**
 * weft_gantt_view_measure_range:
 *
 * Shades [t0, t1) (in either order) on the chart and shows its figures
 * in a popover: per thread the time working, waiting and critical, the
 * waits, and per object its contention and hold time.  On a shared time
 * axis the other view shades the same stretch of its run, and the
 * popover has both runs' figures.
 */
void
weft_gantt_view_measure_range (WeftGanttView *self,
                               gint64         t0,
                               gint64         t1)
{
  WeftChartOptions options;
  WeftChartLayout layout;
  g_autoptr(WeftStats) stats = NULL;
  g_autoptr(WeftStats) peer_stats = NULL;
  WeftGanttView *peer;
  GdkRectangle rect;

  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));
  if (self->timeline == NULL || t0 == t1)
    return;
  self->has_measure = TRUE;
  self->measure_t0 = MIN (t0, t1);
  self->measure_t1 = MAX (t0, t1);
  {
    g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);

    stats = weft_stats_new (self->timeline, self->measure_t0, self->measure_t1);
    options_for_size (self, &options);
    weft_chart_layout (self->timeline, &options, &layout);
    note_extent (self);
  }
  peer = started_peer (self);
  if (peer != NULL)
    {
      g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (peer->timeline);

      sync_peer_measure (self);
      peer_stats = weft_stats_new (peer->timeline, peer->measure_t0, peer->measure_t1);
      /* One popover at a time tells the figures: this one now. */
      peer->measure_owner = FALSE;
      if (gtk_widget_get_visible (peer->measure))
        gtk_popover_popdown (GTK_POPOVER (peer->measure));
    }
  if (peer_stats != NULL)
    {
      /* The run above first, as the views stand. */
      GtkWidget *root = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (self)));
      graphene_point_t mine, theirs;
      gboolean above = TRUE;
      const char *names[2];
      WeftStats *all[2];

      if (root != NULL &&
          gtk_widget_compute_point (GTK_WIDGET (self), root, &GRAPHENE_POINT_INIT (0, 0), &mine) &&
          gtk_widget_compute_point (GTK_WIDGET (peer), root, &GRAPHENE_POINT_INIT (0, 0), &theirs))
        above = mine.y <= theirs.y;
      names[above ? 0 : 1] = run_title (self);
      names[above ? 1 : 0] = run_title (peer);
      all[above ? 0 : 1] = stats;
      all[above ? 1 : 0] = peer_stats;
      weft_measure_popover_set_runs (WEFT_MEASURE_POPOVER (self->measure), 2, names, all);
    }
  else
    weft_measure_popover_set_stats (WEFT_MEASURE_POPOVER (self->measure), stats);
  self->measure_owner = TRUE;
  rect.x = (int) weft_chart_time_to_x (&options, &layout, self->measure_t0);
  rect.width = MAX (1, (int) weft_chart_time_to_x (&options, &layout, self->measure_t1) - rect.x);
  rect.x = CLAMP (rect.x, (int) layout.plot_x, (int) (layout.plot_x + layout.plot_width) - 1);
  rect.width = MIN (rect.width, (int) (layout.plot_x + layout.plot_width) - rect.x);
  rect.y = (int) layout.ruler_y;
  rect.height = MAX (1, (int) (layout.lanes_y - layout.ruler_y));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->measure), &rect);
  gtk_popover_popup (GTK_POPOVER (self->measure));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
weft_gantt_view_clear_measure (WeftGanttView *self)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));
  self->has_measure = FALSE;
  self->measure_owner = FALSE;
  sync_peer_measure (self);
  if (gtk_widget_get_visible (self->measure))
    gtk_popover_popdown (GTK_POPOVER (self->measure));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The figures shown, for tests and the window. */
WeftMeasurePopover *
weft_gantt_view_get_measure_popover (WeftGanttView *self)
{
  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), NULL);
  return WEFT_MEASURE_POPOVER (self->measure);
}

gboolean
weft_gantt_view_get_measure (WeftGanttView *self,
                             gint64        *t0,
                             gint64        *t1)
{
  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), FALSE);
  *t0 = self->measure_t0;
  *t1 = self->measure_t1;
  return self->has_measure;
}

static void
on_measure_closed (GtkPopover    *popover,
                   WeftGanttView *self)
{
  /* Closing the figures lets the stretch go too, on both views of a
   * shared axis; a popover closed because the other view took over
   * lets nothing go. */
  if (!self->measure_owner)
    return;
  self->measure_owner = FALSE;
  self->has_measure = FALSE;
  sync_peer_measure (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_pinch_begin (GtkGesture       *gesture,
                GdkEventSequence *sequence,
                WeftGanttView    *self)
{
  double x = 0, y = 0;

  gtk_gesture_get_bounding_box_center (gesture, &x, &y);
  self->pinch_span = self->t1 - self->t0;
  self->pinch_anchor = self->timeline ? plot_fraction (self, x) : 0.5;
}

static void
on_pinch_scale (GtkGestureZoom *gesture,
                double          scale,
                WeftGanttView  *self)
{
  gint64 pivot, span;

  if (self->timeline == NULL || scale <= 0)
    return;
  pivot = self->t0 + (gint64) ((self->t1 - self->t0) * self->pinch_anchor);
  span = CLAMP ((gint64) (self->pinch_span / scale), MIN_SPAN_NS, max_span (self));
  set_range_manually (self, pivot - (gint64) (span * self->pinch_anchor),
                      pivot - (gint64) (span * self->pinch_anchor) + span);
}

/* The code pane follows the hovered span's line. */
static void
set_hover_line (WeftGanttView *self,
                guint          line)
{
  if (line == self->hover_line)
    return;
  self->hover_line = line;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOVER_LINE]);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           WeftGanttView            *self)
{
  WeftChartOptions options;
  WeftChartLayout layout;
  WeftChartHit hit;
  WeftSpan span;
  gint lane = -1;
  gboolean on_span = FALSE;
  WeftChartSpanRef hovered = { 0, };

  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  self->pointer_x = x;
  if (self->timeline == NULL)
    return;
  options_for_size (self, &options);
  weft_chart_layout (self->timeline, &options, &layout);
  if (weft_chart_pick (self->timeline, &options, x, y, &hit) && hit.kind == WEFT_CHART_HIT_LANE)
    {
      /* Spans thinner than a pixel can still be hovered, within three. */
      gint64 slop = (gint64) (3 * (options.t1 - options.t0) / layout.plot_width);

      lane = hit.index;
      on_span = x >= layout.plot_x && weft_timeline_span_at (self->timeline, lane, hit.time_ns, slop, &span);
      if (on_span)
        hovered = (WeftChartSpanRef) { lane, span.start_ns, span.end_ns };
    }
  if (lane != self->hover_lane || on_span != self->has_hover_span ||
      (on_span && (hovered.lane != self->hover_span.lane || hovered.start_ns != self->hover_span.start_ns ||
                   hovered.end_ns != self->hover_span.end_ns)))
    {
      self->hover_lane = lane;
      self->has_hover_span = on_span;
      self->hover_span = hovered;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  set_hover_line (self, on_span ? span.line : 0);
}

static void
on_leave (GtkEventControllerMotion *controller,
          WeftGanttView            *self)
{
  if (self->hover_lane != -1 || self->has_hover_span)
    {
      self->hover_lane = -1;
      self->has_hover_span = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  set_hover_line (self, 0);
}

static char *
format_moment (WeftGanttView *self,
               gint64         t)
{
  return weft_format_moment (t - weft_timeline_get_origin (self->timeline));
}

/**
 * weft_gantt_view_describe_at:
 *
 * What the tooltip says about the point (x, y): for a span, its thread,
 * state, object, start and duration; for a counter lane, its value.
 */
gboolean
weft_gantt_view_describe_at (WeftGanttView  *self,
                             double          x,
                             double          y,
                             char          **text)
{
  WeftChartOptions options;
  WeftChartLayout layout;
  WeftChartHit hit;
  gint64 slop;
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);

  if (self->timeline == NULL)
    return FALSE;
  options_for_size (self, &options);
  weft_chart_layout (self->timeline, &options, &layout);
  if (x < layout.plot_x || !weft_chart_pick (self->timeline, &options, x, y, &hit))
    return FALSE;
  /* Spans thinner than a pixel can still be found, within three. */
  slop = (gint64) (3 * (options.t1 - options.t0) / layout.plot_width);

  if (hit.kind == WEFT_CHART_HIT_LANE)
    {
      WeftSpan span;
      const char *object;
      g_autofree char *start = NULL;
      g_autofree char *length = NULL;
      g_autofree char *what = NULL;
      g_autofree char *lesson = NULL;
      const WeftPattern *pattern = weft_timeline_get_pattern (self->timeline);

      if (!weft_timeline_span_at (self->timeline, hit.index, hit.time_ns, slop, &span))
        return FALSE;
      object = weft_timeline_get_object_name (self->timeline, span.object);
      start = format_moment (self, span.start_ns);
      length = weft_format_duration (span.end_ns - span.start_ns);
      if (span.object == WEFT_OBJECT_NONE)
        what = g_strdup (weft_chart_state_label (span.state));
      else
        /* Translators: a thread state and the object, e.g. "waiting on club" */
        what = g_strdup_printf (_("%s on %s"), weft_chart_state_label (span.state), object);
      if (pattern->steps != NULL && span.arg >= 1)
        {
          g_autofree char *round = weft_format_count (span.value);
          char *with_step = g_strdup_printf (_("%s (step %s, round %s)"),
                                             what, pattern->steps[span.arg - 1], round);
          g_free (what);
          what = with_step;
        }
      *text = g_strdup_printf (_("%s, TID %d\n%s\nstarted at %s, %s %s"),
                               weft_format_lane_name (self->timeline, hit.index),
                               weft_timeline_get_lane_tid (self->timeline, hit.index),
                               what, start,
                               (span.flags & WEFT_SPAN_OPEN) ? _("so far") : _("lasted"),
                               length);
      /* The pattern's lesson, where it happened: a lost update, why it
       * waited, who let it in.  Said even when the chart hides arrows. */
      lesson = weft_lessons_describe (self->timeline, hit.index, &span, hit.time_ns, slop);
      if (lesson != NULL)
        {
          char *with_lesson = g_strconcat (*text, "\n", lesson, NULL);

          g_free (*text);
          *text = with_lesson;
        }
      return TRUE;
    }

  if (hit.kind == WEFT_CHART_HIT_OVERVIEW)
    {
      *text = weft_chart_describe_overview_at (self->timeline, &options, hit.time_ns);
      return TRUE;
    }

  if (hit.kind == WEFT_CHART_HIT_COUNTER)
    {
      const WeftObjectInfo *info = weft_timeline_get_object (self->timeline, hit.index);
      g_autofree char *when = format_moment (self, hit.time_ns);
      g_autofree char *value = NULL;
      g_autofree char *state = weft_chart_describe_object_at (self->timeline, hit.index, hit.time_ns);
      gint64 held;

      if (!weft_timeline_get_value_at (self->timeline, hit.index, hit.time_ns, &held))
        {
          if (state == NULL)
            return FALSE;
          /* Translators: "fork-2 at 1.204 s" and, below, who holds and waits for it */
          *text = g_strdup_printf (_("%s at %s\n%s"), info->name, when, state);
          return TRUE;
        }
      value = weft_format_count (held);
      /* Translators: "club occupancy: 3 at 1.204 s" */
      *text = g_strdup_printf (_("%s %s: %s at %s"), info->name, weft_chart_counter_meaning (weft_timeline_get_pattern (self->timeline), info), value, when);
      if (state != NULL)
        {
          char *both = g_strdup_printf ("%s\n%s", *text, state);

          g_free (*text);
          *text = both;
        }
      return TRUE;
    }
  return FALSE;
}

/* Where on the widget the selected span is, for the popover to point at. */
static gboolean
selection_rect (WeftGanttView *self,
                GdkRectangle  *rect)
{
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  WeftChartOptions options;
  WeftChartLayout layout;
  double x0, x1;

  options_for_size (self, &options);
  weft_chart_layout (self->timeline, &options, &layout);
  x0 = MAX (weft_chart_time_to_x (&options, &layout, self->selected.start_ns), layout.plot_x);
  x1 = MIN (weft_chart_time_to_x (&options, &layout, self->selected.end_ns), layout.plot_x + layout.plot_width);
  rect->x = (int) x0;
  rect->width = MAX (1, (int) (x1 - x0));
  rect->y = (int) weft_chart_lane_y (self->timeline, &options, &layout, self->selected_lane);
  rect->height = (int) layout.lane_height;
  /* No lane is drawn in the overview: its stretch of time there. */
  if (layout.overview)
    {
      rect->y = (int) (layout.lanes_y - options.scroll_y);
      rect->height = (int) layout.threads_height;
    }
  return x1 >= x0;
}

static void
show_selection (WeftGanttView *self)
{
  g_autofree char *text = NULL;
  GdkRectangle rect;

  {
    g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
    text = weft_span_details_describe (self->timeline, self->selected_lane, &self->selected);
  }
  gtk_label_set_text (GTK_LABEL (self->details_label), text);
  /* What a screen reader says for the chart is what the popover shows. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  if (selection_rect (self, &rect))
    {
      gtk_popover_set_pointing_to (GTK_POPOVER (self->details), &rect);
      gtk_popover_popup (GTK_POPOVER (self->details));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * weft_gantt_view_select_at:
 *
 * Selects the span at (x, y) and shows its details, or clears the
 * selection when there is none.
 *
 * Returns: whether a span was selected
 */
gboolean
weft_gantt_view_select_at (WeftGanttView *self,
                           double         x,
                           double         y)
{
  WeftChartOptions options;
  WeftChartLayout layout;
  WeftChartHit hit;
  gboolean found = FALSE;

  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), FALSE);

  if (self->timeline != NULL)
    {
      g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
      gint64 slop;

      options_for_size (self, &options);
      weft_chart_layout (self->timeline, &options, &layout);
      slop = (gint64) (3 * (options.t1 - options.t0) / layout.plot_width);
      if (x >= layout.plot_x && weft_chart_pick (self->timeline, &options, x, y, &hit) &&
          hit.kind == WEFT_CHART_HIT_LANE &&
          weft_timeline_span_at (self->timeline, hit.index, hit.time_ns, slop, &self->selected))
        {
          self->selected_lane = hit.index;
          found = TRUE;
        }
    }
  self->has_selection = found;
  if (found)
    show_selection (self);
  else
    {
      gtk_popover_popdown (GTK_POPOVER (self->details));
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return found;
}

/* The details of the selection, or NULL; for tests and the window. */
char *
weft_gantt_view_dup_selection_details (WeftGanttView *self)
{
  g_autoptr(WeftTimelineLocker) locker = NULL;

  if (!self->has_selection || self->timeline == NULL)
    return NULL;
  locker = weft_timeline_locker_new (self->timeline);
  return weft_span_details_describe (self->timeline, self->selected_lane, &self->selected);
}

/* Moves the selection to the next span (@step 1) or the one before (-1)
 * on its lane, among the lane's outermost spans. */
static gboolean
key_select_step (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  WeftGanttView *self = WEFT_GANTT_VIEW (widget);
  gint step = g_variant_get_int32 (args);
  const WeftSpan *spans;
  guint n, i;

  if (self->timeline == NULL)
    return FALSE;
  if (!self->has_selection)
    self->selected.start_ns = step > 0 ? self->t0 - 1 : self->t1 + 1;
  {
    g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);

    /* Start from the first lane's first span in view: the top one. */
    if (!self->has_selection)
      self->selected_lane = weft_timeline_get_n_lanes (self->timeline) > 0
                            ? weft_timeline_get_row_lane (self->timeline, 0) : 0;
    if (self->selected_lane >= weft_timeline_get_n_lanes (self->timeline))
      return FALSE;
    spans = weft_timeline_get_spans (self->timeline, self->selected_lane, 0, &n);
    if (step > 0)
      {
        for (i = 0; i < n && spans[i].start_ns <= self->selected.start_ns; i++)
          ;
        if (i == n)
          return TRUE;
      }
    else
      {
        for (i = n; i > 0 && spans[i - 1].start_ns >= self->selected.start_ns; i--)
          ;
        if (i == 0)
          return TRUE;
        i--;
      }
    self->selected = spans[i];
    self->has_selection = TRUE;
  }
  /* Keep it in view. */
  if (self->selected.start_ns < self->t0 || self->selected.start_ns > self->t1)
    set_range_manually (self, self->selected.start_ns - (self->t1 - self->t0) / 2,
                        self->selected.start_ns + (self->t1 - self->t0) / 2);
  show_selection (self);
  return TRUE;
}

/* Moves the selection to the lane below (@step 1) or above (-1), as
 * they are shown (by process, where lanes are grouped), to its span at
 * the same moment, or the first after it. */
static gboolean
key_select_lane (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  WeftGanttView *self = WEFT_GANTT_VIEW (widget);
  gint step = g_variant_get_int32 (args);
  gint64 at;
  guint lane;

  if (self->timeline == NULL || !self->has_selection)
    return key_select_step (widget, g_variant_new_int32 (1), NULL);
  at = self->selected.start_ns;
  {
    g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
    guint n_lanes = weft_timeline_get_n_lanes (self->timeline);
    const WeftSpan *spans;
    guint n, i, row;

    if (self->selected_lane >= n_lanes)
      return TRUE;
    row = weft_timeline_get_lane_row (self->timeline, self->selected_lane);
    if (step < 0 && row == 0)
      return TRUE;
    row += step;
    if (row >= n_lanes)
      return TRUE;
    lane = weft_timeline_get_row_lane (self->timeline, row);
    spans = weft_timeline_get_spans (self->timeline, lane, 0, &n);
    for (i = 0; i < n && spans[i].end_ns < at; i++)
      ;
    if (i == n)
      return TRUE;
    self->selected_lane = lane;
    self->selected = spans[i];
  }
  show_selection (self);
  return TRUE;
}

static void
on_press (GtkGestureClick *gesture,
          int              n_press,
          double           x,
          double           y,
          WeftGanttView   *self)
{
  self->press_x = x;
  self->press_y = y;
  self->keys_used = FALSE;
}

/* The lane whose held badge (weft-chart-held.c) is at @x, @y: the names
 * column of a lane whose thread Step mode holds. */
static gboolean
held_lane_at (WeftGanttView *self,
              double         x,
              double         y,
              guint         *lane)
{
  g_autoptr(WeftTimelineLocker) locker = NULL;
  WeftChartOptions options;
  WeftChartLayout layout;
  WeftChartHit hit;
  WeftSpan held;

  if (self->timeline == NULL)
    return FALSE;
  locker = weft_timeline_locker_new (self->timeline);
  options_for_size (self, &options);
  weft_chart_layout (self->timeline, &options, &layout);
  if (x >= layout.plot_x || !weft_chart_pick (self->timeline, &options, x, y, &hit) ||
      hit.kind != WEFT_CHART_HIT_LANE || !weft_timeline_get_held (self->timeline, hit.index, &held))
    return FALSE;
  *lane = hit.index;
  return TRUE;
}

/**
 * weft_gantt_view_step_at:
 *
 * What a click at @x, @y on the names column does to a held thread:
 * asks (::step-lane) that it be let go.
 *
 * Returns: whether a held thread's name was there
 */
gboolean
weft_gantt_view_step_at (WeftGanttView *self,
                         double         x,
                         double         y)
{
  guint lane;

  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), FALSE);

  if (!held_lane_at (self, x, y, &lane))
    return FALSE;
  g_signal_emit (self, signals[STEP_LANE], 0, lane);
  return TRUE;
}

/* A click, not the end of a drag, selects; on a held thread's name, it
 * lets the thread go. */
static void
on_release (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            WeftGanttView   *self)
{
  if (fabs (x - self->press_x) > 4 || fabs (y - self->press_y) > 4)
    return;
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!weft_gantt_view_step_at (self, x, y))
    weft_gantt_view_select_at (self, x, y);
}

/* Keys used on the chart show where they go, until the pointer is used
 * on it again: GTK's own focus-visible is reset by the window as the
 * chart's keys go by, so the chart keeps its own. */
static gboolean
on_key_shows_focus (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    WeftGanttView         *self)
{
  if (!self->keys_used)
    {
      self->keys_used = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
  return FALSE;
}

static gboolean
on_query_tooltip (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  g_autofree char *text = NULL;

  if (keyboard || !weft_gantt_view_describe_at (WEFT_GANTT_VIEW (widget), x, y, &text))
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static gboolean
key_pan (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  weft_gantt_view_pan (WEFT_GANTT_VIEW (widget), g_variant_get_double (args));
  return TRUE;
}

static gboolean
key_scroll (GtkWidget *widget,
            GVariant  *args,
            gpointer   user_data)
{
  weft_gantt_view_scroll_lanes (WEFT_GANTT_VIEW (widget), g_variant_get_double (args));
  return TRUE;
}

static gboolean
key_zoom (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  weft_gantt_view_zoom (WEFT_GANTT_VIEW (widget), g_variant_get_double (args), 0.5);
  return TRUE;
}

static gboolean
key_home (GtkWidget *widget,
          GVariant  *args,
          gpointer   user_data)
{
  WeftGanttView *self = WEFT_GANTT_VIEW (widget);

  if (self->timeline != NULL)
    set_range_manually (self, recorded_start (self), recorded_start (self) + (self->t1 - self->t0));
  return TRUE;
}

static gboolean
key_end (GtkWidget *widget,
         GVariant  *args,
         gpointer   user_data)
{
  weft_gantt_view_set_follow_live (WEFT_GANTT_VIEW (widget), TRUE);
  return TRUE;
}

static void
on_dark_changed (WeftGanttView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
weft_gantt_view_dispose (GObject *object)
{
  WeftGanttView *self = WEFT_GANTT_VIEW (object);

  weft_gantt_view_link_axis (self, NULL);
  g_clear_pointer (&self->title, g_free);
  g_clear_handle_id (&self->retry_draw, g_source_remove);
  g_clear_pointer (&self->last_frame, gsk_render_node_unref);
  g_clear_pointer (&self->details, gtk_widget_unparent);
  g_clear_pointer (&self->measure, gtk_widget_unparent);
  g_clear_pointer (&self->scrollbar, gtk_widget_unparent);
  if (self->lanes_adjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->lanes_adjustment, self);
  g_clear_object (&self->lanes_adjustment);
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  g_clear_pointer (&self->overview_hint, g_free);
  G_OBJECT_CLASS (weft_gantt_view_parent_class)->dispose (object);
}

static void
weft_gantt_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  WeftGanttView *self = WEFT_GANTT_VIEW (object);

  switch (prop_id)
    {
    case PROP_FOLLOW_LIVE:
      g_value_set_boolean (value, self->follow_live);
      break;
    case PROP_SHOW_ARROWS:
      g_value_set_boolean (value, self->show_arrows);
      break;
    case PROP_OVERVIEW:
      g_value_set_boolean (value, self->overview);
      break;
    case PROP_HOVER_LINE:
      g_value_set_uint (value, self->hover_line);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
weft_gantt_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  WeftGanttView *self = WEFT_GANTT_VIEW (object);

  switch (prop_id)
    {
    case PROP_FOLLOW_LIVE:
      weft_gantt_view_set_follow_live (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_ARROWS:
      weft_gantt_view_set_show_arrows (self, g_value_get_boolean (value));
      break;
    case PROP_OVERVIEW:
      weft_gantt_view_set_overview (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
weft_gantt_view_class_init (WeftGanttViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = weft_gantt_view_dispose;
  object_class->get_property = weft_gantt_view_get_property;
  object_class->set_property = weft_gantt_view_set_property;

  widget_class->snapshot = weft_gantt_view_snapshot;
  widget_class->measure = weft_gantt_view_measure;
  widget_class->size_allocate = weft_gantt_view_size_allocate;

  properties[PROP_FOLLOW_LIVE] =
    g_param_spec_boolean ("follow-live", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_ARROWS] =
    g_param_spec_boolean ("show-arrows", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OVERVIEW] =
    g_param_spec_boolean ("overview", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The line of the pattern's listing the span under the pointer came
   * from (WeftPattern.code); 0 for none. */
  properties[PROP_HOVER_LINE] =
    g_param_spec_uint ("hover-line", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * WeftGanttView::step-lane:
   * @lane: the lane clicked
   *
   * The user clicked the badge of a thread Step mode holds.
   */
  signals[STEP_LANE] =
    g_signal_new ("step-lane", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "weft-gantt");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, 0, key_pan, "d", -PAN_STEP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, 0, key_pan, "d", PAN_STEP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, 0, key_scroll, "d", -LANE_SCROLL_STEP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, 0, key_scroll, "d", LANE_SCROLL_STEP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_plus, 0, key_zoom, "d", ZOOM_STEP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Add, 0, key_zoom, "d", ZOOM_STEP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_equal, 0, key_zoom, "d", ZOOM_STEP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_minus, 0, key_zoom, "d", 1.0 / ZOOM_STEP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Subtract, 0, key_zoom, "d", 1.0 / ZOOM_STEP);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Home, 0, key_home, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_End, 0, key_end, NULL);
  /* The selection moves with Ctrl and the arrows; plain arrows still pan. */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK, key_select_step, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK, key_select_step, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, GDK_CONTROL_MASK, key_select_lane, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, GDK_CONTROL_MASK, key_select_lane, "i", -1);
}

static void
weft_gantt_view_init (WeftGanttView *self)
{
  GtkEventController *scroll;
  GtkEventController *motion;
  GtkEventController *key;
  GtkEventController *focus;
  GtkGesture *drag;
  GtkGesture *pinch;
  GtkGesture *click;

  self->hover_lane = -1;
  self->follow_live = TRUE;
  self->show_arrows = TRUE;
  self->overview = TRUE;
  {
    /* The window's key for the overview (win.overview), as the
     * shortcuts window writes it. */
    g_autofree char *keys = gtk_accelerator_get_label (GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK);

    /* TRANSLATORS: under the overview that stands for many threads' lanes;
     * %s is a key, e.g. "Shift+Ctrl+M" */
    self->overview_hint = g_strdup_printf (_("Zoom in, or press %s, to see each thread’s lane"), keys);
  }
  self->live_window = 10 * WEFT_NSEC_PER_SEC;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (on_key_shows_focus), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (gtk_widget_queue_draw), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline chart"),
                                  -1);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip), NULL);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  pinch = gtk_gesture_zoom_new ();
  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch_scale), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_press), self);
  g_signal_connect (click, "released", G_CALLBACK (on_release), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  self->details_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->details_label, "body");
  gtk_label_set_xalign (GTK_LABEL (self->details_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->details_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->details_label), 48);
  self->measure = weft_measure_popover_new ();
  weft_popover_keep_in_window (GTK_POPOVER (self->measure));
  gtk_widget_set_parent (self->measure, GTK_WIDGET (self));
  g_signal_connect (self->measure, "closed", G_CALLBACK (on_measure_closed), self);

  self->lanes_adjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 1, LANE_SCROLL_STEP, 1, 1));
  g_signal_connect (self->lanes_adjustment, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);
  self->scrollbar = gtk_scrollbar_new (GTK_ORIENTATION_VERTICAL, self->lanes_adjustment);
  gtk_widget_set_child_visible (self->scrollbar, FALSE);
  gtk_widget_set_parent (self->scrollbar, GTK_WIDGET (self));

  self->details = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (self->details), self->details_label);
  gtk_popover_set_autohide (GTK_POPOVER (self->details), TRUE);
  weft_popover_keep_in_window (GTK_POPOVER (self->details));
  gtk_widget_set_parent (self->details, GTK_WIDGET (self));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed), self, G_CONNECT_SWAPPED);
}

/**
 * weft_gantt_view_set_code_line:
 * @line: a line of the pattern's listing, or 0
 *
 * Outlines every span that came from @line: what the code pane's click
 * asks to see.
 */
void
weft_gantt_view_set_code_line (WeftGanttView *self,
                               guint          line)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));
  if (self->code_line == line)
    return;
  self->code_line = line;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
weft_gantt_view_get_code_line (WeftGanttView *self)
{
  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), 0);
  return self->code_line;
}

guint
weft_gantt_view_get_hover_line (WeftGanttView *self)
{
  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), 0);
  return self->hover_line;
}

void
weft_gantt_view_set_words (WeftGanttView *self,
                           WeftWords      words)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));
  if (self->words == words)
    return;
  self->words = words;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

WeftWords
weft_gantt_view_get_words (WeftGanttView *self)
{
  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), WEFT_WORDS_PYTHON);
  return self->words;
}

gboolean
weft_gantt_view_get_classroom (WeftGanttView *self)
{
  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), FALSE);
  return self->classroom;
}

void
weft_gantt_view_set_classroom (WeftGanttView *self,
                               gboolean       classroom)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));
  if (self->classroom == classroom)
    return;
  self->classroom = classroom;
  clamp_scroll (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * weft_gantt_view_link_axis:
 * @other: (nullable): the view to share a time axis with; %NULL to stop
 *
 * Puts both views on one time axis, each counted from its own run's
 * start: from then on zoom, pan, follow-live and a measured stretch move
 * both, and each clamps to the longer run.  @other takes this view's
 * stretch.  A view shares its axis with one other at most.
 */
void
weft_gantt_view_link_axis (WeftGanttView *self,
                           WeftGanttView *other)
{
  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));
  g_return_if_fail (other == NULL || (WEFT_IS_GANTT_VIEW (other) && other != self));

  if (self->axis_peer == other)
    return;
  if (self->axis_peer != NULL)
    {
      WeftGanttView *old = self->axis_peer;

      g_clear_weak_pointer (&old->axis_peer);
      g_clear_weak_pointer (&self->axis_peer);
    }
  if (other == NULL)
    return;
  weft_gantt_view_link_axis (other, NULL);
  g_set_weak_pointer (&self->axis_peer, other);
  g_set_weak_pointer (&other->axis_peer, self);
  if (self->timeline != NULL)
    {
      note_extent (self);
      sync_peer_range (self);
    }
}

/* The view this one shares its time axis with, or NULL. */
WeftGanttView *
weft_gantt_view_get_axis_peer (WeftGanttView *self)
{
  g_return_val_if_fail (WEFT_IS_GANTT_VIEW (self), NULL);
  return self->axis_peer;
}

/**
 * weft_gantt_view_set_title:
 * @title: (nullable): what the run is called; %NULL for its lesson's title
 *
 * The run's name, where a figure or a screen reader must tell it from
 * another run's.
 */
void
weft_gantt_view_set_title (WeftGanttView *self,
                           const char    *title)
{
  g_autofree char *label = NULL;

  g_return_if_fail (WEFT_IS_GANTT_VIEW (self));
  g_free (self->title);
  self->title = g_strdup (title);
  /* TRANSLATORS: the chart's name for a screen reader; %s names the run, e.g. "Data race" */
  label = title != NULL ? g_strdup_printf (_("Timeline chart of %s"), title) : g_strdup (_("Timeline chart"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}
