/* weft-replay-bar.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plays a WeftReplay at 0.25x to 16x the run's own pace, one frame's
 * worth of the run's time per frame; the scrubber jumps anywhere, Step
 * shows the next event.  It tells the window what
 * to show with two signals: "timeline-changed" when the replay starts a
 * new timeline (it went back), "advanced" when the shown one grew.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "weft-clock.h"
#include "weft-format.h"
#include "weft-replay-bar.h"

static const double speeds[] = { 0.25, 0.5, 1, 2, 4, 8, 16 };

struct _WeftReplayBar
{
  GtkBox parent_instance;

  GtkBox *row;
  GtkButton *play_button;
  GtkDropDown *speed_dropdown;
  GtkScale *scale;
  GtkAdjustment *adjustment;
  GtkLabel *time_label;

  WeftReplay *replay;
  WeftTimeline *shown;       /* the replay's timeline last announced */
  guint tick_id;
  gint64 last_frame_us;
  gboolean moving_scale;     /* set by the replay, not the user */
  gboolean whole_shown;      /* the run read back is shown, not the replay */
};

G_DEFINE_FINAL_TYPE (WeftReplayBar, weft_replay_bar, GTK_TYPE_BOX)

enum {
  TIMELINE_CHANGED,
  ADVANCED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
weft_replay_bar_new (void)
{
  return g_object_new (WEFT_TYPE_REPLAY_BAR, NULL);
}

double
weft_replay_bar_get_speed (WeftReplayBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->speed_dropdown);

  return speeds[MIN (selected, G_N_ELEMENTS (speeds) - 1)];
}

/* The scrubber and the time beside it, from the replay's position. */
static void
show_position (WeftReplayBar *self)
{
  gint64 start = weft_replay_get_start (self->replay);
  gint64 length = weft_replay_get_end (self->replay) - start;
  gint64 position = self->whole_shown ? length : weft_replay_get_position (self->replay) - start;
  g_autofree char *text = NULL;
  g_autofree char *at = weft_format_time (position, WEFT_NSEC_PER_SEC, 3);
  g_autofree char *of = weft_format_time (length, WEFT_NSEC_PER_SEC, 3);

  self->moving_scale = TRUE;
  gtk_adjustment_configure (self->adjustment, position / 1e9, 0, length / 1e9, length / 1e9 / 100,
                            length / 1e9 / 10, 0);
  self->moving_scale = FALSE;
  /* TRANSLATORS: a replay's position and the run's length, each with
   * its unit, e.g. "1.250 s of 4.000 s" */
  text = g_strdup_printf (_("%s of %s"), at, of);
  gtk_label_set_text (self->time_label, text);
}

/* Tells the window what the replay shows now. */
static void
announce (WeftReplayBar *self)
{
  WeftTimeline *timeline = weft_replay_get_timeline (self->replay);

  self->whole_shown = FALSE;
  if (timeline != self->shown)
    {
      self->shown = timeline;
      g_signal_emit (self, signals[TIMELINE_CHANGED], 0, timeline);
    }
  g_signal_emit (self, signals[ADVANCED], 0);
  show_position (self);
}

static void
update_play_button (WeftReplayBar *self)
{
  gboolean playing = self->tick_id != 0;

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->play_button),
                               playing ? _("Pause the replay") : _("Replay the saved run as if live"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->play_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  playing ? _("Pause the replay") : _("Replay"), -1);
}

static void
stop_playing (WeftReplayBar *self)
{
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  update_play_button (self);
}

/* A frame's worth of the run, at the chosen speed. */
static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  WeftReplayBar *self = WEFT_REPLAY_BAR (widget);
  gint64 now_us = gdk_frame_clock_get_frame_time (clock);
  gint64 elapsed_ns = self->last_frame_us != 0 ? (now_us - self->last_frame_us) * 1000 : 0;

  self->last_frame_us = now_us;
  weft_replay_seek (self->replay,
                    weft_replay_get_position (self->replay) + (gint64) (elapsed_ns * weft_replay_bar_get_speed (self)));
  announce (self);
  if (weft_replay_is_done (self->replay))
    {
      self->tick_id = 0;
      update_play_button (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
play_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WeftReplayBar *self = WEFT_REPLAY_BAR (widget);

  if (self->replay == NULL)
    return;
  if (self->tick_id != 0)
    {
      stop_playing (self);
      return;
    }
  /* From the start again, once it has played to the end. */
  if (weft_replay_is_done (self->replay) || self->whole_shown)
    weft_replay_seek (self->replay, weft_replay_get_start (self->replay));
  announce (self);
  self->last_frame_us = 0;
  self->tick_id = gtk_widget_add_tick_callback (widget, tick_cb, NULL, NULL);
  update_play_button (self);
}

static void
step_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WeftReplayBar *self = WEFT_REPLAY_BAR (widget);

  if (self->replay == NULL)
    return;
  stop_playing (self);
  /* Stepping from the whole run shown starts at the beginning. */
  if (weft_replay_is_done (self->replay) || self->whole_shown)
    weft_replay_seek (self->replay, weft_replay_get_start (self->replay));
  weft_replay_step (self->replay);
  announce (self);
}

void
weft_replay_bar_seek (WeftReplayBar *self,
                      gint64         time_ns)
{
  g_return_if_fail (WEFT_IS_REPLAY_BAR (self));

  if (self->replay == NULL)
    return;
  weft_replay_seek (self->replay, time_ns);
  announce (self);
}

static void
on_scale_moved (GtkAdjustment *adjustment,
                WeftReplayBar *self)
{
  if (self->moving_scale || self->replay == NULL)
    return;
  weft_replay_bar_seek (self, weft_replay_get_start (self->replay)
                              + (gint64) (gtk_adjustment_get_value (adjustment) * 1e9));
}

/**
 * weft_replay_bar_set_replay:
 * @replay: (nullable) (transfer full): what to play, or %NULL for nothing
 *
 * The window shows the whole run read back meanwhile; the replay's own
 * timeline is built only once Replay or Step is pressed, or the
 * scrubber moved.
 */
void
weft_replay_bar_set_replay (WeftReplayBar *self,
                            WeftReplay    *replay)
{
  g_return_if_fail (WEFT_IS_REPLAY_BAR (self));

  stop_playing (self);
  g_clear_pointer (&self->replay, weft_replay_free);
  self->replay = replay;
  self->shown = NULL;
  self->whole_shown = TRUE;
  if (replay != NULL)
    show_position (self);
}

WeftReplay *
weft_replay_bar_get_replay (WeftReplayBar *self)
{
  return self->replay;
}

gboolean
weft_replay_bar_is_playing (WeftReplayBar *self)
{
  return self->tick_id != 0;
}

static void
weft_replay_bar_dispose (GObject *object)
{
  WeftReplayBar *self = WEFT_REPLAY_BAR (object);

  stop_playing (self);
  g_clear_pointer (&self->replay, weft_replay_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), WEFT_TYPE_REPLAY_BAR);
  G_OBJECT_CLASS (weft_replay_bar_parent_class)->dispose (object);
}

static void
weft_replay_bar_class_init (WeftReplayBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = weft_replay_bar_dispose;

  signals[TIMELINE_CHANGED] = g_signal_new ("timeline-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                            NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[ADVANCED] = g_signal_new ("advanced", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/weft/Weft/weft-replay-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, WeftReplayBar, row);
  gtk_widget_class_bind_template_child (widget_class, WeftReplayBar, play_button);
  gtk_widget_class_bind_template_child (widget_class, WeftReplayBar, speed_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WeftReplayBar, scale);
  gtk_widget_class_bind_template_child (widget_class, WeftReplayBar, adjustment);
  gtk_widget_class_bind_template_child (widget_class, WeftReplayBar, time_label);
  gtk_widget_class_install_action (widget_class, "replay.play", NULL, play_activated);
  gtk_widget_class_install_action (widget_class, "replay.step", NULL, step_activated);
}

static void
weft_replay_bar_init (WeftReplayBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->adjustment, "value-changed", G_CALLBACK (on_scale_moved), self);
}

/**
 * weft_replay_bar_set_compact:
 *
 * Compact (in a narrow window), the scrubber has a row of its own, the
 * whole width, below the buttons and the time; otherwise it is between
 * them.
 */
void
weft_replay_bar_set_compact (WeftReplayBar *self,
                             gboolean       compact)
{
  GtkWidget *scale = GTK_WIDGET (self->scale);
  GtkWidget *home = compact ? GTK_WIDGET (self) : GTK_WIDGET (self->row);

  g_return_if_fail (WEFT_IS_REPLAY_BAR (self));

  if (gtk_widget_get_parent (scale) == home)
    return;
  g_object_ref (scale);
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (scale)), scale);
  if (compact)
    gtk_box_append (GTK_BOX (self), scale);
  else
    gtk_box_insert_child_after (self->row, scale, GTK_WIDGET (self->speed_dropdown));
  g_object_unref (scale);
  /* The time keeps to the row's end. */
  gtk_widget_set_hexpand (GTK_WIDGET (self->time_label), compact);
}
