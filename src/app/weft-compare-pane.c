/* weft-compare-pane.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One run of the two Compare shows: its title line (its name and its
 * verdicts, as badges, a deadlock's among them), how far it has gone,
 * and its chart, which draws the deadlock's cycle too.  Half a window
 * has no room for the wait-for graph the window shows above one run.  A live run records on its own collector thread, as in the
 * window; the pane reads its timeline once a frame when it is free, and
 * never waits for it.  A run read from a file is shown finished.
 */

#include "config.h"

#include <glib/gi18n.h>

#include "weft-compare-pane.h"
#include "weft-ticks.h"
#include "weft-verdict-style.h"

/* The checker reads the whole timeline; as in the window, a live run is
 * checked at most this often, and never more than a tenth of the time. */
#define CHECK_INTERVAL_NS (400 * WEFT_NSEC_PER_MSEC)

struct _WeftComparePane
{
  GtkBox parent_instance;

  GtkLabel *title_label;
  GtkFlowBox *verdict_box;
  GtkLabel *state_label;
  WeftGanttView *gantt_view;

  char *label;
  WeftSession *session;          /* a live run; NULL for one read from a file */
  gboolean recorded_here;        /* started by this pane, not given */
  WeftTimeline *timeline;
  WeftChecks *checks;
  WeftRunState state;
  gint64 next_check_at;
  guint64 checked_events;
  gint64 checked_frontier;       /* the fold's frontier at the last check */
  gint64 stall_ns;               /* the recorder's stalls, at the last frame */
  char *stop_reason;
  char *verdicts_shown;
  char *title_text;
};

G_DEFINE_FINAL_TYPE (WeftComparePane, weft_compare_pane, GTK_TYPE_BOX)

GtkWidget *
weft_compare_pane_new (void)
{
  return g_object_new (WEFT_TYPE_COMPARE_PANE, NULL);
}

static void
clear_verdicts (WeftComparePane *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->verdict_box))) != NULL)
    gtk_flow_box_remove (self->verdict_box, child);
  g_clear_pointer (&self->verdicts_shown, g_free);
}

/* The title line: the run's name, then each verdict as a badge, as the
 * window shows them; said whole to a screen reader. */
static void
show_verdicts (WeftComparePane *self)
{
  g_autofree char *text = self->checks != NULL ? weft_checks_to_string (self->checks) : g_strdup ("");
  g_autoptr(GString) title = NULL;

  if (g_strcmp0 (text, self->verdicts_shown) == 0)
    return;
  clear_verdicts (self);
  self->verdicts_shown = g_steal_pointer (&text);
  title = g_string_new (self->label);
  for (guint i = 0; self->checks != NULL && i < weft_checks_get_n_checks (self->checks); i++)
    {
      const WeftCheck *check = weft_checks_get_check (self->checks, i);
      GtkWidget *badge;

      /* Inconclusive checks all say the same thing: once is enough. */
      if (i > 0 && g_str_equal (check->message, weft_checks_get_check (self->checks, i - 1)->message))
        continue;
      /* TRANSLATORS: the separators of a compared run's title line, as a
       * screen reader says it: "Data race: lost 2 of 100 updates; …" */
      g_string_append_printf (title, i == 0 ? _(": %s") : _("; %s"), check->message);
      badge = gtk_label_new (check->message);
      /* Two lines at most, in half a window: the rest in its tooltip. */
      gtk_label_set_wrap (GTK_LABEL (badge), TRUE);
      gtk_label_set_lines (GTK_LABEL (badge), 2);
      gtk_label_set_ellipsize (GTK_LABEL (badge), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (badge, check->message);
      gtk_widget_add_css_class (badge, "verdict");
      gtk_widget_add_css_class (badge, weft_verdict_style (check->status));
      gtk_flow_box_append (self->verdict_box, badge);
    }
  g_free (self->title_text);
  self->title_text = g_string_free (g_steal_pointer (&title), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->title_text, -1);
  weft_gantt_view_set_checks (self->gantt_view, self->checks);
}

static const char *
state_word (WeftRunState state)
{
  switch (state)
    {
    case WEFT_RUN_STATE_RUNNING: return _("Running");
    case WEFT_RUN_STATE_PAUSED: return _("Paused");
    case WEFT_RUN_STATE_STOPPING: return _("Stopping…");
    case WEFT_RUN_STATE_STOPPED: return _("Stopped");
    case WEFT_RUN_STATE_FINISHED: return _("Finished");
    case WEFT_RUN_STATE_NONE:
    default: return "";
    }
}

/* Where the run is, how long it has run (paused time is not run time),
 * what it lost, and why it stopped if it stopped on its own; the
 * timeline is locked. */
static void
show_state (WeftComparePane *self)
{
  guint64 dropped = weft_timeline_get_dropped (self->timeline);
  g_autofree char *elapsed = weft_format_duration (weft_timeline_get_active_ns (self->timeline));
  g_autoptr(GString) text = g_string_new (NULL);

  /* TRANSLATORS: a compared run's state and how long it ran, e.g. "Running · 2.4 s" */
  g_string_printf (text, _("%s · %s"), state_word (self->state), elapsed);
  if (dropped > 0)
    {
      g_autofree char *n_dropped = weft_format_count (dropped);

      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%s event dropped", "%s events dropped", dropped),
                              n_dropped);
    }
  if (self->stop_reason != NULL)
    {
      g_string_append (text, " · ");
      g_string_append (text, self->stop_reason);
    }
  gtk_label_set_text (self->state_label, text->str);
  if (dropped > 0 || self->stop_reason != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
}

/* Forgets the run shown; a live one must have been taken first. */
static void
reset (WeftComparePane *self)
{
  g_assert (self->session == NULL);
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  g_clear_pointer (&self->checks, weft_checks_free);
  g_clear_pointer (&self->stop_reason, g_free);
  clear_verdicts (self);
  self->state = WEFT_RUN_STATE_NONE;
  self->next_check_at = 0;
  self->checked_events = G_MAXUINT64;
  self->stall_ns = 0;
}

static void
set_label (WeftComparePane *self,
           const char      *label)
{
  g_autofree char *title = g_strdup_printf (_("%s:"), label);

  g_free (self->label);
  self->label = g_strdup (label);
  gtk_label_set_text (self->title_label, title);
  weft_gantt_view_set_title (self->gantt_view, label);
}

/**
 * weft_compare_pane_start:
 * @label: what the run is called on its title line
 * @live_window_ns: how much time the chart shows while following
 *
 * Starts a run of @params live.  The run shown before must have been
 * taken (weft_compare_pane_take_session()).
 */
gboolean
weft_compare_pane_start (WeftComparePane           *self,
                         const WeftParams          *params,
                         const WeftSessionOptions  *options,
                         const char                *label,
                         gint64                     live_window_ns,
                         GError                   **error)
{
  g_autoptr(WeftSession) session = NULL;

  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), FALSE);

  reset (self);
  set_label (self, label);
  session = weft_session_new (params->pattern, params, options, error);
  if (session == NULL || !weft_session_start (session, error))
    {
      weft_gantt_view_set_timeline (self->gantt_view, NULL, live_window_ns);
      show_verdicts (self);
      return FALSE;
    }
  self->session = g_steal_pointer (&session);
  self->recorded_here = TRUE;
  self->timeline = weft_timeline_ref (weft_session_get_timeline (self->session));
  self->state = WEFT_RUN_STATE_RUNNING;
  weft_gantt_view_set_timeline (self->gantt_view, self->timeline, live_window_ns);
  gtk_label_set_text (self->state_label, state_word (self->state));
  show_verdicts (self);
  return TRUE;
}

/**
 * weft_compare_pane_show_timeline:
 * @timeline: a run read from a file, or one asked to stop that is still
 *   folding in its last events
 *
 * Shows a run no session of this pane records: finished, or stopping
 * until its timeline is.
 */
void
weft_compare_pane_show_timeline (WeftComparePane *self,
                                 WeftTimeline    *timeline,
                                 const char      *label,
                                 gint64           live_window_ns)
{
  g_return_if_fail (WEFT_IS_COMPARE_PANE (self));
  g_return_if_fail (timeline != NULL);

  reset (self);
  set_label (self, label);
  self->recorded_here = FALSE;
  self->timeline = weft_timeline_ref (timeline);
  self->state = WEFT_RUN_STATE_STOPPING;
  weft_gantt_view_set_timeline (self->gantt_view, self->timeline, live_window_ns);
  show_verdicts (self);
  /* A finished run is checked and drawn at once. */
  weft_compare_pane_tick (self);
}

/* The live run, for the caller to stop and join; the chart keeps
 * showing what it recorded. */
WeftSession *
weft_compare_pane_take_session (WeftComparePane *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), NULL);
  return g_steal_pointer (&self->session);
}

/* Whether the run shown was given (read from a file, say), not started
 * here. */
gboolean
weft_compare_pane_was_given (WeftComparePane *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), FALSE);
  return self->timeline != NULL && !self->recorded_here;
}

/* Whether the pane's run may have threads still alive. */
gboolean
weft_compare_pane_has_threads (WeftComparePane *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), FALSE);
  return self->session != NULL && !weft_session_is_done (self->session);
}

gboolean
weft_compare_pane_is_live (WeftComparePane *self)
{
  return self->state == WEFT_RUN_STATE_RUNNING || self->state == WEFT_RUN_STATE_PAUSED ||
         self->state == WEFT_RUN_STATE_STOPPING;
}

/* Whether the run has ended: its session is done, or the timeline it
 * was given is finished. */
static gboolean
run_ended (WeftComparePane *self)
{
  if (self->session != NULL)
    return weft_session_is_done (self->session);
  if (self->timeline == NULL)
    return TRUE;
  /* A timeline no session of ours records is finished once; the lock
   * is only tried, as for a frame. */
  if (!weft_timeline_try_lock (self->timeline))
    return FALSE;
  {
    gboolean finished = weft_timeline_is_finished (self->timeline);

    weft_timeline_unlock (self->timeline);
    return finished;
  }
}

static void
end_run (WeftComparePane *self)
{
  if (self->session != NULL)
    {
      const GError *error = weft_session_get_error (self->session);

      weft_session_join (self->session);
      if (error != NULL)
        {
          self->stop_reason = g_strdup_printf (_("Could not start the run: %s"), error->message);
          self->state = WEFT_RUN_STATE_STOPPED;
        }
      else
        {
          g_autofree char *reason = weft_run_dup_stop_reason (weft_session_get_run (self->session));

          self->state = self->state == WEFT_RUN_STATE_STOPPING ? WEFT_RUN_STATE_STOPPED : WEFT_RUN_STATE_FINISHED;
          /* The run saw it could never go on: said, unless it is a
           * deadlock, which its verdict names. */
          if (reason != NULL)
            {
              self->state = WEFT_RUN_STATE_STOPPED;
              g_autofree char *deadlock = NULL;

              weft_timeline_lock (self->timeline);
              deadlock = weft_timeline_describe_deadlock (self->timeline);
              weft_timeline_unlock (self->timeline);
              if (deadlock == NULL)
                self->stop_reason = g_strdup_printf (_("Stopped: %s"), reason);
            }
        }
    }
  else
    {
      /* Read from a file, or stopped by the window before Compare: it
       * says whether it was stopped, and why. */
      weft_timeline_lock (self->timeline);
      self->state = weft_timeline_get_stop_ns (self->timeline) != 0 || weft_timeline_get_stop_reason (self->timeline) != NULL
                    ? WEFT_RUN_STATE_STOPPED : WEFT_RUN_STATE_FINISHED;
      weft_timeline_unlock (self->timeline);
    }
}

/**
 * weft_compare_pane_tick:
 *
 * Once a frame: notes the end of the run, draws what it recorded and
 * checks it.  While the collector holds the timeline, this frame shows
 * what the last one did rather than wait.
 *
 * Returns: whether the run is still live
 */
gboolean
weft_compare_pane_tick (WeftComparePane *self)
{
  gboolean just_ended = FALSE;

  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), FALSE);

  if (!weft_compare_pane_is_live (self) || self->timeline == NULL)
    return FALSE;
  if (self->state != WEFT_RUN_STATE_PAUSED && run_ended (self))
    {
      end_run (self);
      just_ended = TRUE;
    }

  if (just_ended)
    weft_timeline_lock (self->timeline);
  else if (!weft_timeline_try_lock (self->timeline))
    return TRUE;

  weft_gantt_view_update (self->gantt_view);
  self->stall_ns = weft_timeline_get_stall_ns (self->timeline);
  /* As in the window: threads that block after their last event let
   * the checks go on with no event more, and the verdicts with them. */
  if (just_ended ||
      (weft_clock_now_ns () >= self->next_check_at &&
       (weft_timeline_get_n_events (self->timeline) != self->checked_events ||
        weft_timeline_get_fold_frontier (self->timeline) != self->checked_frontier)))
    {
      gint64 began = weft_clock_now_ns ();

      g_clear_pointer (&self->checks, weft_checks_free);
      self->checks = weft_check_timeline (self->timeline);
      self->checked_events = weft_timeline_get_n_events (self->timeline);
      self->checked_frontier = weft_timeline_get_fold_frontier (self->timeline);
      self->next_check_at = weft_clock_now_ns () + MAX (CHECK_INTERVAL_NS, 10 * (weft_clock_now_ns () - began));
    }
  show_state (self);
  weft_timeline_unlock (self->timeline);
  show_verdicts (self);
  return weft_compare_pane_is_live (self);
}

/* Parks the run's workers at their next step, or lets them go on; a
 * run that has ended, or was read from a file, has none to park. */
void
weft_compare_pane_set_paused (WeftComparePane *self,
                              gboolean         paused)
{
  g_return_if_fail (WEFT_IS_COMPARE_PANE (self));

  if (self->session == NULL ||
      self->state != (paused ? WEFT_RUN_STATE_RUNNING : WEFT_RUN_STATE_PAUSED))
    return;
  weft_session_set_paused (self->session, paused);
  weft_gantt_view_set_frozen (self->gantt_view, paused);
  self->state = paused ? WEFT_RUN_STATE_PAUSED : WEFT_RUN_STATE_RUNNING;
  /* The pause is said at once, whether or not the collector holds the
   * timeline; the next frame says the rest. */
  gtk_label_set_text (self->state_label, state_word (self->state));
}

/* Asks the run to stop; the next frames show it stopping, then stopped. */
void
weft_compare_pane_request_stop (WeftComparePane *self)
{
  g_return_if_fail (WEFT_IS_COMPARE_PANE (self));

  if (self->session == NULL || (self->state != WEFT_RUN_STATE_RUNNING && self->state != WEFT_RUN_STATE_PAUSED))
    return;
  weft_session_request_stop (self->session);
  weft_gantt_view_set_frozen (self->gantt_view, FALSE);
  self->state = WEFT_RUN_STATE_STOPPING;
  gtk_label_set_text (self->state_label, state_word (self->state));
}

WeftRunState
weft_compare_pane_get_state (WeftComparePane *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), WEFT_RUN_STATE_NONE);
  return self->state;
}

const char *
weft_compare_pane_get_label (WeftComparePane *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), NULL);
  return self->label;
}

WeftTimeline *
weft_compare_pane_get_timeline (WeftComparePane *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), NULL);
  return self->timeline;
}

WeftChecks *
weft_compare_pane_get_checks (WeftComparePane *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), NULL);
  return self->checks;
}

WeftGanttView *
weft_compare_pane_get_gantt_view (WeftComparePane *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), NULL);
  return self->gantt_view;
}

/* The title line as a screen reader says it: "Data race: lost 2 of 100
 * updates". */
const char *
weft_compare_pane_get_title_text (WeftComparePane *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), NULL);
  return self->title_text;
}

/* How long the run's workers waited for room to record, as of the last
 * frame that read the timeline. */
gint64
weft_compare_pane_get_stall_ns (WeftComparePane *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_PANE (self), 0);
  return self->stall_ns;
}

static void
weft_compare_pane_dispose (GObject *object)
{
  WeftComparePane *self = WEFT_COMPARE_PANE (object);

  /* The last reference stops the run and waits for its threads; the
   * view takes a live run before, so this is for a window torn down. */
  g_clear_pointer (&self->session, weft_session_unref);
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  g_clear_pointer (&self->checks, weft_checks_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), WEFT_TYPE_COMPARE_PANE);
  G_OBJECT_CLASS (weft_compare_pane_parent_class)->dispose (object);
}

static void
weft_compare_pane_finalize (GObject *object)
{
  WeftComparePane *self = WEFT_COMPARE_PANE (object);

  g_free (self->label);
  g_free (self->stop_reason);
  g_free (self->verdicts_shown);
  g_free (self->title_text);
  G_OBJECT_CLASS (weft_compare_pane_parent_class)->finalize (object);
}

static void
weft_compare_pane_class_init (WeftComparePaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = weft_compare_pane_dispose;
  object_class->finalize = weft_compare_pane_finalize;

  g_type_ensure (WEFT_TYPE_GANTT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/weft/Weft/weft-compare-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, WeftComparePane, title_label);
  gtk_widget_class_bind_template_child (widget_class, WeftComparePane, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, WeftComparePane, state_label);
  gtk_widget_class_bind_template_child (widget_class, WeftComparePane, gantt_view);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
weft_compare_pane_init (WeftComparePane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->checked_events = G_MAXUINT64;
}
