/* weft-window.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows a live run: its WeftSession records on a thread of
 * its own whether the window is shown, hidden or busy, and the window
 * only reads the timeline, once a frame.  Nothing here ever waits for a
 * worker: stop only asks, and a session is joined once its collector
 * has finished, which makes the join immediate.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "weft-code-view.h"
#include "weft-compare-view.h"
#include "weft-deadlock-panel.h"
#include "weft-export.h"
#include "weft-export-task.h"
#include "weft-params-editor.h"
#include "weft-popover-fit.h"
#include "weft-replay-bar.h"
#include "weft-session.h"
#include "weft-squeeze-scroller.h"
#include "weft-step-bar.h"
#include "weft-trace-open.h"
#include "weft-ticks.h"
#include "weft-verdict-style.h"
#include "weft-window.h"

/* How long a change to a parameter waits for the next one before the
 * run restarts, so typing "128" restarts once, not three times. */
#define PARAMS_SETTLE_MS 400
/* The checker reads the whole timeline; while live it runs at most this
 * often, and never more than a tenth of the time. */
#define CHECK_INTERVAL_NS (400 * WEFT_NSEC_PER_MSEC)

struct _WeftWindow
{
  AdwApplicationWindow parent_instance;

  char **program;                   /* weft record: the program it records, or NULL */
  gboolean program_detach;

  AdwToastOverlay *toast_overlay;
  AdwLeaflet *leaflet;
  GtkBox *sidebar_box;
  GtkListBox *pattern_list;
  WeftParamsEditor *params_editor;  /* in the sidebar, or the popover when folded */
  GtkMenuButton *params_button;     /* shown while folded */
  GtkScrolledWindow *params_scroller; /* in its popover */
  AdwWindowTitle *window_title;
  GtkButton *pause_button;
  GtkButton *compact_pause_button;  /* Pause alone, when Stop and Restart do not fit */
  GtkMenuButton *export_button;
  AdwSqueezer *view_squeezer;       /* the view's buttons, or the compact menu */
  GtkMenuButton *menu_button;
  GtkMenuButton *compact_menu_button;
  GtkWidget *view_controls;         /* the zoom and follow buttons, in the compact menu */
  GtkBox *status_bar;
  WeftSqueezeScroller *info_scroller; /* the pattern's card and any deadlock */
  GtkBox *info_box;
  GtkBox *pattern_card;
  GtkLabel *explanation_label;
  GtkFlowBox *verdict_box;
  WeftGanttView *gantt_view;
  GtkPaned *chart_paned;
  GtkWidget *code_scroller;
  WeftCodeView *code_view;          /* beside the chart, or below it when narrow */
  guint place_code_id;              /* tick callback giving the code its room */
  gboolean classroom;               /* the view for a projector */
  WeftDeadlockPanel *deadlock_panel; /* above the chart, while a deadlock is shown */
  GtkLabel *elapsed_label;
  GtkLabel *rate_label;
  GtkLabel *fill_label;
  GtkLabel *dropped_label;


  GSettings *settings;
  const WeftPattern *pattern;
  WeftParams params;
  WeftSession *session;
  WeftTimeline *timeline;           /* the session's, once started */
  WeftChecks *checks;
  GPtrArray *retiring;              /* WeftSession: asked to stop, not yet done */
  WeftRunState state;
  guint tick_id;
  gint64 next_check_at;
  guint64 checked_events;
  gint64 checked_frontier;          /* the fold's frontier at the last check */
  gint64 rate_since;
  guint64 rate_events;
  double rate;
  guint params_timeout;
  char *verdicts_shown;
  AdwToast *last_toast;             /* weak */
  char *last_export;
  WeftExportTask *export_task;      /* being written */
  GCancellable *export_cancellable;
  AdwToast *progress_toast;         /* weak */
  GtkProgressBar *progress_bar;     /* in progress_toast */
  guint progress_source;
  char *opened_name;                /* the file shown, when no run is */
  GMenuModel *primary_menu;         /* the main menu, from the template */
  GMenuModel *compact_menu;         /* what a narrow header bar holds, then the main menu */
  WeftReplayBar *replay_bar;        /* under the chart, while a saved run is shown */
  WeftStepBar *step_bar;            /* under the chart, in Step mode */
  gboolean stepping;                /* Step mode: live runs hold threads at sync points */
  gint64 replay_checked_at;
  GMenu *recent_menu;               /* Open Recent, in it */
  GMenu *open_section;              /* where it goes, while there is any */
  GCancellable *open_cancellable;   /* a file being read */
  WeftCompareView *compare_view;    /* in place of the one run, while comparing */
  gboolean comparing;
  AdwMessageDialog *close_dialog;   /* weak: asking what closing does to a program */
  gboolean disposed;
};

G_DEFINE_FINAL_TYPE (WeftWindow, weft_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_FOLLOW_LIVE,
  PROP_SHOW_ARROWS,
  PROP_SHOW_CODE,
  PROP_C_WORDS,
  PROP_CLASSROOM,
  PROP_STEPPING,
  PROP_COMPARING,
  PROP_OVERVIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_run (WeftWindow *self);
static void schedule_code_placement (WeftWindow *self);
static void ensure_ticking (WeftWindow *self);
static void start_compare (WeftWindow *self);
static void leave_compare (WeftWindow *self,
                           gboolean    back_to_run);

WeftWindow *
weft_window_new (WeftApplication *application)
{
  return g_object_new (WEFT_TYPE_WINDOW, "application", application, NULL);
}

/* How much time the chart shows while following: enough for several
 * of the pattern's interactions at its pace. */
static gint64
live_window_for (const WeftParams *params)
{
  double pace = weft_params_get (params, "pace", 1);

  return (gint64) (MAX (0.25, 10.0 * pace) * WEFT_NSEC_PER_SEC);
}

/* The run controls act on both runs while comparing. */
static WeftRunState
shown_state (WeftWindow *self)
{
  return self->comparing ? weft_compare_view_get_state (self->compare_view) : self->state;
}

/* The chart the zoom and follow buttons move: on a shared axis, both. */
static WeftGanttView *
shown_chart (WeftWindow *self)
{
  return self->comparing ? weft_compare_pane_get_gantt_view (weft_compare_view_get_upper (self->compare_view))
                         : self->gantt_view;
}

static const char *
state_label (WeftWindow *self)
{
  switch (shown_state (self))
    {
    case WEFT_RUN_STATE_RUNNING: return _("Running");
    case WEFT_RUN_STATE_PAUSED: return _("Paused");
    case WEFT_RUN_STATE_STOPPING: return _("Stopping…");
    case WEFT_RUN_STATE_STOPPED:
      return _("Stopped");
    case WEFT_RUN_STATE_FINISHED: return _("Finished");
    case WEFT_RUN_STATE_NONE:
    default: return "";
    }
}

/* weft record: the program the current run records, while it is being
 * recorded (running or paused), or NULL. */
static WeftProgram *
live_program (WeftWindow *self)
{
  if (self->program == NULL || self->comparing || self->session == NULL ||
      (self->state != WEFT_RUN_STATE_RUNNING && self->state != WEFT_RUN_STATE_PAUSED))
    return NULL;
  return weft_run_get_program (weft_session_get_run (self->session));
}

/* Whether the run that ended let its program go on, unrecorded: the
 * program, or a process of it, was still running when it was let go. */
static gboolean
program_went_on (WeftWindow *self)
{
  WeftProgram *program;
  int status;

  if (self->session == NULL ||
      (self->state != WEFT_RUN_STATE_STOPPED && self->state != WEFT_RUN_STATE_FINISHED))
    return FALSE;
  program = weft_run_get_program (weft_session_get_run (self->session));
  return program != NULL && weft_program_is_finished (program) &&
         (!weft_program_get_status (program, &status) || weft_program_get_n_still_running (program) > 0);
}

/* What Step mode holds now, as the stepper knows it. */
static void
update_step_bar (WeftWindow *self)
{
  gboolean live = self->session != NULL && self->state == WEFT_RUN_STATE_RUNNING;
  guint n_held = live ? weft_stepper_get_n_held (weft_run_get_stepper (weft_session_get_run (self->session))) : 0;

  if (self->stepping)
    weft_step_bar_set_held (self->step_bar, n_held, live);
}

static void
update_controls (WeftWindow *self)
{
  WeftRunState state = shown_state (self);
  gboolean live = state == WEFT_RUN_STATE_RUNNING;

  /* A run read from a file says which file. */
  adw_window_title_set_subtitle (self->window_title,
                                 !self->comparing && self->session == NULL && self->opened_name != NULL
                                 ? self->opened_name : state_label (self));
  /* The header's Pause, and the one shown alone when the header is narrow. */
  for (guint i = 0; i < 2; i++)
    {
      GtkButton *button = i == 0 ? self->pause_button : self->compact_pause_button;

      gtk_button_set_icon_name (button, live ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (button),
                                   live ? _("Pause (Space)")
                                        : state == WEFT_RUN_STATE_PAUSED ? _("Resume (Space)")
                                                                         : _("Run Again (Space)"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      live ? _("Pause") : state == WEFT_RUN_STATE_PAUSED ? _("Resume") : _("Run Again"),
                                      -1);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.stop",
                                 live || state == WEFT_RUN_STATE_PAUSED);
  /* Shown in the menu only then: a pattern's threads are Weft's own. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.detach-program", live_program (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.file",
                                 (self->comparing || self->timeline != NULL) && self->export_task == NULL);
  /* Threads are let go only from a live run in Step mode.  Compared
   * runs are not stepped: Step mode waits for the one run. */
  /* A program's threads are not Weft's to hold at their sync points. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.step-mode", !self->comparing && self->program == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.step-any", self->stepping && self->session != NULL && live);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "run.step-lane", self->stepping && self->session != NULL && live);
  gtk_widget_set_visible (GTK_WIDGET (self->step_bar), self->stepping && !self->comparing);
  update_step_bar (self);
}

static void
show_toast (WeftWindow *self,
            AdwToast   *toast)
{
  g_set_weak_pointer (&self->last_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Pattern and parameters, remembered per pattern in GSettings. */
static void
save_params (WeftWindow *self)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "pattern-params");
  GVariantBuilder all, mine;
  GVariantIter iter;
  const char *name;
  GVariant *values;

  g_variant_builder_init (&mine, G_VARIANT_TYPE ("a{sd}"));
  for (guint i = 0; i < weft_pattern_get_n_params (self->pattern); i++)
    g_variant_builder_add (&mine, "{sd}", self->pattern->params[i].name, self->params.values[i]);
  /* The variant by its place in the list; a bad one reads as the default. */
  if (weft_pattern_get_n_variants (self->pattern) > 0)
    g_variant_builder_add (&mine, "{sd}", "variant", (double) self->params.variant);

  g_variant_builder_init (&all, G_VARIANT_TYPE ("a{sa{sd}}"));
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "{&s@a{sd}}", &name, &values))
    {
      if (!g_str_equal (name, self->pattern->name))
        g_variant_builder_add (&all, "{s@a{sd}}", name, values);
      g_variant_unref (values);
    }
  g_variant_builder_add (&all, "{sa{sd}}", self->pattern->name, &mine);
  g_settings_set_value (self->settings, "pattern-params", g_variant_builder_end (&all));
  g_settings_set_string (self->settings, "last-pattern", self->pattern->name);
}

/**
 * weft_window_get_pattern_params:
 *
 * The parameters @pattern ran with last, from the settings, or its
 * defaults where none were saved or a saved one is out of range.
 */
void
weft_window_get_pattern_params (WeftWindow        *self,
                                const WeftPattern *pattern,
                                WeftParams        *params)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "pattern-params");
  g_autoptr(GVariant) mine = NULL;

  weft_pattern_get_default_params (pattern, params);
  mine = g_variant_lookup_value (saved, pattern->name, G_VARIANT_TYPE ("a{sd}"));
  if (mine == NULL)
    return;
  for (guint i = 0; i < weft_pattern_get_n_params (pattern); i++)
    {
      double value;

      if (g_variant_lookup (mine, pattern->params[i].name, "d", &value) &&
          weft_param_spec_check (&pattern->params[i], value, NULL))
        params->values[i] = value;
    }
  {
    double variant;

    if (g_variant_lookup (mine, "variant", "d", &variant) &&
        variant >= 0 && variant < weft_pattern_get_n_variants (pattern))
      params->variant = (guint) variant;
  }
}

static gboolean
params_settled (gpointer data)
{
  WeftWindow *self = data;

  self->params_timeout = 0;
  save_params (self);
  start_run (self);
  return G_SOURCE_REMOVE;
}

static void
on_params_changed (WeftParamsEditor *editor,
                   WeftWindow       *self)
{
  /* A run started from the sidebar draws a new seed each time. */
  self->params = *weft_params_editor_get_params (editor);
  self->params.seeded = FALSE;
  g_clear_handle_id (&self->params_timeout, g_source_remove);
  self->params_timeout = g_timeout_add (PARAMS_SETTLE_MS, params_settled, self);
}

static void
select_row_for (WeftWindow        *self,
                const WeftPattern *pattern)
{
  guint n;
  const WeftPattern * const *patterns = weft_patterns_get_all (&n);

  for (guint i = 0; i < n; i++)
    if (patterns[i] == pattern)
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->pattern_list, i);

        if (gtk_list_box_get_selected_row (self->pattern_list) != row)
          gtk_list_box_select_row (self->pattern_list, row);
      }
}

/**
 * weft_window_show_pattern:
 *
 * Selects @pattern with @params and starts it live at once.
 */
void
weft_window_show_pattern (WeftWindow        *self,
                          const WeftPattern *pattern,
                          const WeftParams  *params)
{
  g_return_if_fail (WEFT_IS_WINDOW (self));
  g_return_if_fail (pattern != NULL);

  g_clear_handle_id (&self->params_timeout, g_source_remove);
  if (self->program != NULL)
    {
      g_clear_pointer (&self->program, g_strfreev);
      gtk_list_box_set_selection_mode (self->pattern_list, GTK_SELECTION_BROWSE);
      gtk_widget_set_visible (GTK_WIDGET (self->params_editor), TRUE);
      gtk_widget_set_visible (self->code_scroller, g_settings_get_boolean (self->settings, "show-code"));
      weft_gantt_view_set_words (self->gantt_view, g_settings_get_boolean (self->settings, "c-words")
                                                   ? WEFT_WORDS_C : WEFT_WORDS_PYTHON);
      update_controls (self);
    }
  self->pattern = pattern;
  self->params = *params;
  select_row_for (self, pattern);
  weft_params_editor_set_params (self->params_editor, &self->params);
  adw_window_title_set_title (self->window_title, _(pattern->title));
  gtk_label_set_text (self->explanation_label, _(pattern->explanation));
  save_params (self);
  start_run (self);
}

static void
on_row_selected (GtkListBox    *box,
                 GtkListBoxRow *row,
                 WeftWindow    *self)
{
  guint n;
  const WeftPattern * const *patterns = weft_patterns_get_all (&n);
  const WeftPattern *pattern;
  WeftParams params;

  /* Selecting shows the pattern; only activating a row turns the page.
   * Folded, Back gives the list focus, which selects its row anew, and
   * arrow keys select as they move: neither may take the user away. */
  if (row == NULL)
    return;
  pattern = patterns[gtk_list_box_row_get_index (row)];
  if (pattern == self->pattern)
    return;
  weft_window_get_pattern_params (self, pattern, &params);
  weft_window_show_pattern (self, pattern, &params);
}

/* A click (or Enter) on a row shows its chart, even the row already
 * selected: folded, that is how the user gets back to the chart. */
static void
on_row_activated (GtkListBox    *box,
                  GtkListBoxRow *row,
                  WeftWindow    *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static GtkWidget *
pattern_row_new (const WeftPattern *pattern)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name (pattern->icon_name);
  GtkWidget *title = gtk_label_new (_(pattern->title));
  GtkWidget *summary = gtk_label_new (_(pattern->summary));

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (summary, "dim-label");
  gtk_widget_add_css_class (summary, "pattern-row-summary");
  gtk_box_append (GTK_BOX (labels), title);
  gtk_box_append (GTK_BOX (labels), summary);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), labels);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(pattern->title),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _(pattern->summary),
                                  -1);
  return row;
}

static void
retire_run (WeftWindow *self)
{
  if (self->session == NULL)
    return;
  weft_session_request_stop (self->session);
  g_ptr_array_add (self->retiring, g_steal_pointer (&self->session));
}

static void
clear_verdicts (WeftWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->verdict_box))) != NULL)
    gtk_flow_box_remove (self->verdict_box, child);
  g_clear_pointer (&self->verdicts_shown, g_free);
}

static void stop_run (GtkWidget *widget, const char *action_name, GVariant *parameter);

/* weft record --duration: stops it as the Stop button would. */
static gboolean
stop_recording_at_duration (gpointer data)
{
  WeftWindow *self = data;

  if (self->program != NULL && self->state == WEFT_RUN_STATE_RUNNING)
    stop_run (GTK_WIDGET (self), "run.stop", NULL);
  return G_SOURCE_REMOVE;
}

/* weft record: the program again, from its start. */
static WeftSession *
new_program_session (WeftWindow                *self,
                     const WeftSessionOptions  *options,
                     GError                   **error)
{
  g_autoptr(WeftRun) run = NULL;
  WeftProgram *program;

  program = weft_program_new ((const char * const *) self->program,
                              self->program_detach ? WEFT_PROGRAM_DETACH : WEFT_PROGRAM_TERMINATE, error);
  if (program == NULL)
    return NULL;
  run = weft_run_new_for_program (program);
  return weft_session_new_for_run (run, options);
}

/* Starts the current pattern afresh; the old run stops in the background. */
static void
start_run (WeftWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSession) session = NULL;
  WeftSessionOptions options = { 0 };

  /* While comparing, the lesson chosen, or changed, is compared. */
  if (self->comparing)
    {
      start_compare (self);
      return;
    }
  retire_run (self);
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  g_clear_pointer (&self->checks, weft_checks_free);
  g_clear_pointer (&self->opened_name, g_free);
  clear_verdicts (self);
  weft_deadlock_panel_clear (self->deadlock_panel);
  weft_replay_bar_set_replay (self->replay_bar, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->replay_bar), FALSE);
  self->state = WEFT_RUN_STATE_NONE;

  options.mode = g_settings_get_enum (self->settings, "recording");
  options.memory_budget = (gsize) g_settings_get_uint (self->settings, "memory-budget") << 20;
  if (self->program != NULL)
    session = new_program_session (self, &options, &error);
  else
    session = weft_session_new (self->pattern, &self->params, &options, &error);
  /* In Step mode every thread is held at its first sync point. */
  if (session != NULL && self->stepping)
    weft_stepper_set_on (weft_run_get_stepper (weft_session_get_run (session)), TRUE);
  if (session != NULL && weft_session_start (session, &error))
    {
      self->session = g_steal_pointer (&session);
      self->timeline = weft_timeline_ref (weft_session_get_timeline (self->session));
      self->state = WEFT_RUN_STATE_RUNNING;
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Could not start the run: %s"), error->message);
      show_toast (self, adw_toast_new (message));
    }

  weft_gantt_view_set_timeline (self->gantt_view, self->timeline, live_window_for (&self->params));
  weft_code_view_set_timeline (self->code_view, self->timeline);
  self->next_check_at = 0;
  self->checked_events = G_MAXUINT64;
  self->rate_since = weft_clock_now_ns ();
  self->rate_events = 0;
  self->rate = 0;
  update_controls (self);
  ensure_ticking (self);
}

static void show_verdicts (WeftWindow *self);
static gboolean show_deadlock (WeftWindow *self);

/* The status bar of a run read from a file: how long it ran, and what
 * it lost, as it was recorded. */
static void
show_trace_status (WeftWindow *self)
{
  guint64 dropped = weft_timeline_get_dropped (self->timeline);
  g_autofree char *elapsed = weft_format_duration (weft_timeline_get_active_ns (self->timeline));
  g_autofree char *elapsed_text = g_strdup_printf (_("Elapsed %s"), elapsed);
  g_autofree char *n_dropped = weft_format_count (dropped);
  g_autofree char *dropped_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s event dropped",
                                                                "%s events dropped", dropped), n_dropped);
  /* TRANSLATORS: the status bar of a run read back from a file; %s is the file's name */
  g_autofree char *from = g_strdup_printf (_("Opened from %s"), self->opened_name);

  gtk_label_set_text (self->elapsed_label, elapsed_text);
  gtk_label_set_text (self->rate_label, from);
  gtk_label_set_text (self->dropped_label, dropped_text);
  gtk_widget_set_visible (GTK_WIDGET (self->rate_label), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->fill_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->dropped_label), dropped > 0 || !self->classroom);
}

/**
 * weft_window_record_program:
 * @argv: the program and its arguments
 * @detach: whether stopping lets it go on unrecorded, rather than
 *   stopping it too
 *
 * Runs @argv with the recorder preloaded and shows its threads live.
 * Run Again runs it again; picking a pattern leaves it.
 */
void
weft_window_record_program (WeftWindow         *self,
                            const char * const *argv,
                            gboolean            detach,
                            gint64              max_ns)
{
  g_autofree char *name = NULL;

  g_return_if_fail (argv != NULL && argv[0] != NULL);

  if (self->stepping)
    g_object_set (self, "stepping", FALSE, NULL);
  g_strfreev (self->program);
  self->program = g_strdupv ((char **) argv);
  self->program_detach = detach;
  self->pattern = &weft_program_pattern;
  weft_pattern_get_default_params (self->pattern, &self->params);
  /* No pattern is shown, and a program has no knobs of Weft's. */
  gtk_list_box_set_selection_mode (self->pattern_list, GTK_SELECTION_SINGLE);
  gtk_list_box_unselect_all (self->pattern_list);
  gtk_widget_set_visible (GTK_WIDGET (self->params_editor), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->params_button), FALSE);
  /* It has no listing of Weft's to show, and it calls pthread's
   * functions, not Python's: set here, not in the settings, so that a
   * pattern picked afterwards looks as the user left it. */
  gtk_widget_set_visible (self->code_scroller, FALSE);
  weft_gantt_view_set_words (self->gantt_view, WEFT_WORDS_C);
  name = g_path_get_basename (self->program[0]);
  adw_window_title_set_title (self->window_title, name);
  gtk_label_set_text (self->explanation_label, _(self->pattern->explanation));
  start_run (self);
  if (max_ns > 0 && max_ns < G_MAXINT64)
    g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MIN (max_ns / WEFT_NSEC_PER_MSEC, G_MAXUINT),
                        stop_recording_at_duration, g_object_ref (self), g_object_unref);
}

/**
 * weft_window_show_trace:
 * @timeline: a finished timeline, read from a file
 * @name: what to call it: the file's name
 *
 * Shows a saved run as a finished one: its chart, code, verdicts (checked
 * again) and any deadlock.  Its pattern and parameters fill the sidebar,
 * so Run Again, or a change, runs it live.
 */
void
weft_window_show_trace (WeftWindow   *self,
                        WeftTimeline *timeline,
                        const char   *name)
{
  g_return_if_fail (WEFT_IS_WINDOW (self));
  g_return_if_fail (weft_timeline_is_finished (timeline));

  /* One saved run opened is shown alone. */
  leave_compare (self, FALSE);
  g_clear_handle_id (&self->params_timeout, g_source_remove);
  retire_run (self);
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  g_clear_pointer (&self->checks, weft_checks_free);
  clear_verdicts (self);
  weft_deadlock_panel_clear (self->deadlock_panel);
  weft_replay_bar_set_replay (self->replay_bar, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->replay_bar), FALSE);

  self->pattern = weft_timeline_get_pattern (timeline);
  self->params = *weft_timeline_get_params (timeline);
  self->timeline = weft_timeline_ref (timeline);
  g_free (self->opened_name);
  self->opened_name = g_strdup (name);
  self->state = WEFT_RUN_STATE_FINISHED;
  select_row_for (self, self->pattern);
  weft_params_editor_set_params (self->params_editor, &self->params);
  /* Shown, not changed by the user: no new run for it, and Run Again
   * keeps the saved run's seed, so its random choices come again. */
  g_clear_handle_id (&self->params_timeout, g_source_remove);
  self->params = *weft_timeline_get_params (timeline);
  adw_window_title_set_title (self->window_title, _(self->pattern->title));
  gtk_label_set_text (self->explanation_label, _(self->pattern->explanation));

  weft_gantt_view_set_timeline (self->gantt_view, self->timeline, live_window_for (&self->params));
  weft_gantt_view_zoom_fit (self->gantt_view);
  weft_code_view_set_timeline (self->code_view, self->timeline);
  weft_timeline_lock (self->timeline);
  self->checks = weft_check_timeline (self->timeline);
  weft_code_view_update (self->code_view);
  show_deadlock (self);
  weft_timeline_unlock (self->timeline);
  show_verdicts (self);
  show_trace_status (self);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  update_controls (self);
}

typedef struct
{
  WeftWindow *self;
  GFile *file;
} Opening;

static void
opening_free (Opening *opening)
{
  g_object_unref (opening->self);
  g_object_unref (opening->file);
  g_free (opening);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opening, opening_free)

static void
on_trace_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Opening) opening = user_data;
  WeftWindow *self = opening->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftOpenedTrace) opened = weft_trace_open_finish (result, &error);
  g_autofree char *name = g_file_get_basename (opening->file);
  g_autofree char *uri = NULL;

  /* A later open took over: this one was cancelled, and is not said. */
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->open_cancellable);
  if (opened == NULL)
    {
      /* TRANSLATORS: the first %s is a file's name, the second why it could not be opened */
      g_autofree char *message = g_strdup_printf (_("Could not open %s: %s"), name, error->message);
      AdwToast *toast = adw_toast_new (message);

      adw_toast_set_timeout (toast, 0);
      show_toast (self, toast);
      return;
    }
  uri = g_file_get_uri (opening->file);
  gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  weft_window_show_trace (self, opened->timeline, name);
  weft_replay_bar_set_replay (self->replay_bar, weft_replay_new (opened->timeline, opened->events));
  gtk_widget_set_visible (GTK_WIDGET (self->replay_bar), TRUE);
}

/**
 * weft_window_open_file:
 *
 * Reads a trace Weft saved (a .json export) and shows it: see
 * weft_window_show_trace().  A file that cannot be read, or is no Weft
 * trace, is said so in a toast, and what was shown stays.
 */
void
weft_window_open_file (WeftWindow *self,
                       GFile      *file)
{
  Opening *opening;

  g_return_if_fail (WEFT_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();
  opening = g_new0 (Opening, 1);
  opening->self = g_object_ref (self);
  opening->file = g_object_ref (file);
  weft_trace_open_async (file, self->open_cancellable, on_trace_opened, opening);
}

/* Whether a file is being read, for tests. */
gboolean
weft_window_is_opening (WeftWindow *self)
{
  return self->open_cancellable != NULL;
}

WeftReplayBar *
weft_window_get_replay_bar (WeftWindow *self)
{
  return self->replay_bar;
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  WeftWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      weft_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

/* win.open: a file chooser for a saved trace. */
static void
open_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WeftWindow *self = WEFT_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) traces = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Open a Saved Run"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (traces, _("Weft trace (JSON)"));
  gtk_file_filter_add_mime_type (traces, "application/json");
  gtk_file_filter_add_pattern (traces, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), traces);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* win.open-recent("uri"): a run opened before, from the main menu. */
static void
open_recent_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  weft_window_open_file (WEFT_WINDOW (widget), file);
}

#define MAX_RECENT_RUNS 8

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *x = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *y = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (y, x);
}

/* The main menu's Open Recent: the traces this application opened,
 * newest first, those no longer there left out. */
static void
update_recent_menu (WeftWindow *self)
{
  GtkRecentManager *manager = gtk_recent_manager_get_default ();
  GList *items = gtk_recent_manager_get_items (manager);
  g_autoptr(GPtrArray) ours = g_ptr_array_new ();
  guint shown = 0;

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (gtk_recent_info_has_application (info, g_get_prgname ()) && gtk_recent_info_exists (info) &&
          g_str_has_suffix (gtk_recent_info_get_uri (info), ".json"))
        g_ptr_array_add (ours, info);
    }
  g_ptr_array_sort (ours, compare_recent);
  for (guint i = 0; i < ours->len && shown < MAX_RECENT_RUNS; i++, shown++)
    {
      GtkRecentInfo *info = g_ptr_array_index (ours, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", gtk_recent_info_get_uri (info));
      g_menu_append_item (self->recent_menu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
  /* An empty Open Recent says nothing: it is there only when it lists. */
  if (shown > 0 && g_menu_model_get_n_items (G_MENU_MODEL (self->open_section)) == 1)
    g_menu_append_submenu (self->open_section, _("Open _Recent"), G_MENU_MODEL (self->recent_menu));
  else if (shown == 0 && g_menu_model_get_n_items (G_MENU_MODEL (self->open_section)) > 1)
    g_menu_remove (self->open_section, 1);
}

/* The replay started a timeline of its own (it began, or went back):
 * the chart, code and verdicts follow it, at the newest moment. */
static void
on_replay_timeline (WeftReplayBar *bar,
                    WeftTimeline  *timeline,
                    WeftWindow    *self)
{
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  g_clear_pointer (&self->checks, weft_checks_free);
  self->timeline = weft_timeline_ref (timeline);
  weft_deadlock_panel_clear (self->deadlock_panel);
  /* The whole run's span of time, which the replay fills as it plays. */
  {
    WeftReplay *replay = weft_replay_bar_get_replay (bar);
    gint64 length = weft_replay_get_end (replay) - weft_replay_get_start (replay);

    weft_gantt_view_set_timeline (self->gantt_view, self->timeline, MAX (length + length / 50, 1));
  }
  weft_gantt_view_set_follow_live (self->gantt_view, TRUE);
  weft_code_view_set_timeline (self->code_view, self->timeline);
  self->replay_checked_at = 0;
}

/* The replay went on: drawn as a live run is, checked as often. */
static void
on_replay_advanced (WeftReplayBar *bar,
                    WeftWindow    *self)
{
  gint64 now = weft_clock_now_ns ();
  gboolean done = weft_replay_is_done (weft_replay_bar_get_replay (bar));

  weft_gantt_view_update (self->gantt_view);
  weft_timeline_lock (self->timeline);
  weft_code_view_update (self->code_view);
  if (done || now - self->replay_checked_at >= CHECK_INTERVAL_NS || !weft_replay_bar_is_playing (bar))
    {
      g_clear_pointer (&self->checks, weft_checks_free);
      self->checks = weft_check_timeline (self->timeline);
      self->replay_checked_at = now;
    }
  show_deadlock (self);
  weft_timeline_unlock (self->timeline);
  if (self->checks != NULL)
    show_verdicts (self);
  show_trace_status (self);
}

/* A trace dropped on the window opens, as from File → Open. */
static gboolean
on_file_dropped (GtkDropTarget *target,
                 const GValue  *value,
                 double         x,
                 double         y,
                 WeftWindow    *self)
{
  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;
  weft_window_open_file (self, g_value_get_object (value));
  return TRUE;
}

static void
show_verdicts (WeftWindow *self)
{
  g_autofree char *text = weft_checks_to_string (self->checks);

  if (g_strcmp0 (text, self->verdicts_shown) == 0)
    return;
  clear_verdicts (self);
  self->verdicts_shown = g_steal_pointer (&text);

  for (guint i = 0; i < weft_checks_get_n_checks (self->checks); i++)
    {
      const WeftCheck *check = weft_checks_get_check (self->checks, i);
      GtkWidget *badge;

      /* Inconclusive checks all say the same thing: once is enough. */
      if (i > 0 && g_str_equal (check->message, weft_checks_get_check (self->checks, i - 1)->message))
        continue;
      badge = gtk_label_new (check->message);

      gtk_label_set_wrap (GTK_LABEL (badge), TRUE);
      gtk_widget_add_css_class (badge, "verdict");
      gtk_widget_add_css_class (badge, weft_verdict_style (check->status));
      gtk_flow_box_append (self->verdict_box, badge);
    }
  weft_gantt_view_set_checks (self->gantt_view, self->checks);
}

static void
run_checks (WeftWindow *self)
{
  gint64 began = weft_clock_now_ns ();
  gint64 cost;

  g_clear_pointer (&self->checks, weft_checks_free);
  self->checks = weft_session_check (self->session);
  self->checked_events = weft_timeline_get_n_events (self->timeline);
  self->checked_frontier = weft_timeline_get_fold_frontier (self->timeline);
  cost = weft_clock_now_ns () - began;
  self->next_check_at = weft_clock_now_ns () + MAX (CHECK_INTERVAL_NS, 10 * cost);
  show_verdicts (self);
}

static void
update_status (WeftWindow *self)
{
  g_autoptr(WeftTimelineLocker) locker = weft_timeline_locker_new (self->timeline);
  WeftRecorder *recorder = weft_run_get_recorder (weft_session_get_run (self->session));
  guint64 events = weft_timeline_get_n_events (self->timeline);
  guint64 dropped = weft_timeline_get_dropped (self->timeline);
  guint64 room = (guint64) weft_recorder_get_ring_capacity (recorder) * MAX (1, weft_recorder_get_n_lanes (recorder));
  gint64 now = weft_clock_now_ns ();
  /* Paused time is not run time. */
  g_autofree char *elapsed = weft_format_duration (weft_timeline_get_active_ns (self->timeline));
  g_autofree char *elapsed_text = NULL;
  g_autofree char *rate_text = NULL;
  g_autofree char *fill_text = NULL;
  g_autofree char *dropped_text = NULL;
  g_autofree char *n_rate = NULL;
  g_autofree char *n_dropped = weft_format_count (dropped);
  gboolean went_on = program_went_on (self);

  if (now - self->rate_since >= WEFT_NSEC_PER_SEC)
    {
      self->rate = (events - self->rate_events) * 1e9 / (now - self->rate_since);
      self->rate_since = now;
      self->rate_events = events;
    }
  if (self->state != WEFT_RUN_STATE_RUNNING)
    self->rate = 0;
  n_rate = weft_format_count ((gint64) self->rate);

  elapsed_text = g_strdup_printf (_("Elapsed %s"), elapsed);
  rate_text = g_strdup_printf (_("%s events/s"), n_rate);
  fill_text = g_strdup_printf (_("Rings %.0f%% full"), 100.0 * weft_recorder_get_fill (recorder) / room);
  dropped_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s event dropped", "%s events dropped", dropped),
                                  n_dropped);
  /* A rate of nothing says less than where the program went. */
  if (went_on)
    {
      g_autofree char *name = g_path_get_basename (weft_program_get_argv (weft_run_get_program (weft_session_get_run (self->session)))[0]);

      g_free (rate_text);
      /* TRANSLATORS: the status bar once recording stopped but the
       * recorded program was let run on; %s is the program's name */
      rate_text = g_strdup_printf (_("%s goes on, unrecorded"), name);
    }
  gtk_label_set_text (self->elapsed_label, elapsed_text);
  gtk_label_set_text (self->rate_label, rate_text);
  gtk_label_set_text (self->fill_label, fill_text);
  gtk_label_set_text (self->dropped_label, dropped_text);
  /* The classroom view keeps what the lesson needs: how long it ran,
   * and any events lost, which it never hides; and a program that runs
   * on unseen. */
  gtk_widget_set_visible (GTK_WIDGET (self->rate_label), !self->classroom || went_on);
  gtk_widget_set_visible (GTK_WIDGET (self->fill_label), !self->classroom);
  gtk_widget_set_visible (GTK_WIDGET (self->dropped_label), !self->classroom || dropped > 0);
  /* Loud when it is not zero. */
  if (dropped > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->dropped_label), "dropped");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->dropped_label), "dropped");
}

static void
reap_retired (WeftWindow *self)
{
  for (guint i = self->retiring->len; i-- > 0;)
    {
      WeftSession *session = g_ptr_array_index (self->retiring, i);

      /* Its collector has finished, so the join is immediate. */
      if (weft_session_is_done (session))
        {
          weft_session_join (session);
          g_ptr_array_remove_index_fast (self->retiring, i);
        }
    }
}

static gboolean
has_live_work (WeftWindow *self)
{
  /* A paused run draws nothing: its chart does not change. */
  return self->retiring->len > 0 ||
         self->state == WEFT_RUN_STATE_RUNNING ||
         self->state == WEFT_RUN_STATE_STOPPING;
}

/* Once a frame: drain the rings, follow, and tell what happened. */
/* Names and draws the cycle above the chart once the trace shows one;
 * the timeline is locked.  Returns whether it does. */
static gboolean
show_deadlock (WeftWindow *self)
{
  return weft_deadlock_panel_show (self->deadlock_panel, self->timeline);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  WeftWindow *self = WEFT_WINDOW (widget);
  gboolean just_ended = FALSE;

  reap_retired (self);

  if (self->session != NULL && (self->state == WEFT_RUN_STATE_RUNNING || self->state == WEFT_RUN_STATE_STOPPING))
    {
      if (weft_session_is_done (self->session))
        {
          const GError *error = weft_session_get_error (self->session);

          if (error != NULL)
            {
              g_autofree char *message = g_strdup_printf (_("Could not start the run: %s"), error->message);
              show_toast (self, adw_toast_new (message));
              self->state = WEFT_RUN_STATE_STOPPING;
            }
          weft_session_join (self->session);
          self->state = self->state == WEFT_RUN_STATE_STOPPING ? WEFT_RUN_STATE_STOPPED : WEFT_RUN_STATE_FINISHED;
          just_ended = TRUE;
          /* The run saw it could never go on (a thread waiting for a
           * lock it holds itself): say why it stopped. */
          {
            g_autofree char *reason = weft_run_dup_stop_reason (weft_session_get_run (self->session));

            /* A deadlock also stays named, in red, above the chart. */
            weft_timeline_lock (self->timeline);
            show_deadlock (self);
            weft_timeline_unlock (self->timeline);
            /* Said once: a deadlock's reason is its cycle, already in red. */
            if (reason != NULL && !weft_deadlock_panel_is_shown (self->deadlock_panel))
              {
                g_autofree char *message = g_strdup_printf (_("Stopped: %s"), reason);
                AdwToast *toast = adw_toast_new (message);

                adw_toast_set_timeout (toast, 0);
                show_toast (self, toast);
              }
            if (reason != NULL)
              self->state = WEFT_RUN_STATE_STOPPED;
          }
          update_controls (self);
        }

      /* While the collector holds the timeline, this frame shows what
       * the last one did rather than wait; a run that just ended has
       * let it go for good. */
      if (just_ended)
        weft_timeline_lock (self->timeline);
      if (just_ended || weft_timeline_try_lock (self->timeline))
        {
          weft_gantt_view_update (self->gantt_view);
          weft_code_view_update (self->code_view);
          update_status (self);
          update_step_bar (self);
          show_deadlock (self);
          if (just_ended ||
              (weft_clock_now_ns () >= self->next_check_at &&
               (weft_timeline_get_n_events (self->timeline) != self->checked_events ||
                /* Threads that block after their last event let the
                 * checks go on with no event more (Step mode, a long
                 * wait), and the verdicts with them. */
                weft_timeline_get_fold_frontier (self->timeline) != self->checked_frontier)))
            run_checks (self);
          weft_timeline_unlock (self->timeline);
        }
    }

  if (!has_live_work (self))
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
ensure_ticking (WeftWindow *self)
{
  if (self->tick_id == 0 && has_live_work (self))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

static gboolean
show_paused_frame (gpointer data)
{
  WeftWindow *self = data;

  if (!self->disposed && self->state == WEFT_RUN_STATE_PAUSED)
    {
      weft_gantt_view_update (self->gantt_view);
      if (weft_timeline_try_lock (self->timeline))
        {
          weft_code_view_update (self->code_view);
          weft_timeline_unlock (self->timeline);
        }
      update_status (self);
    }
  return G_SOURCE_REMOVE;
}

/* Step mode's "Step any": one of the held threads, chosen at random. */
static void
step_any (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  WeftWindow *self = WEFT_WINDOW (widget);
  guint lane;

  if (self->session == NULL ||
      !weft_stepper_release_any (weft_run_get_stepper (weft_session_get_run (self->session)),
                                 g_random_int (), &lane))
    show_toast (self, adw_toast_new (_("No thread is held at a sync point now")));
}

/* Lets one lane's thread go to its next sync point, if it is held at
 * one; a thread blocked in a primitive is not, and says so. */
static void
step_lane (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  WeftWindow *self = WEFT_WINDOW (widget);
  guint lane = g_variant_get_uint32 (parameter);
  g_autofree char *message = NULL;
  const char *name;

  if (self->session == NULL ||
      weft_stepper_release (weft_run_get_stepper (weft_session_get_run (self->session)), lane))
    return;
  if (self->timeline == NULL || lane >= weft_timeline_get_n_lanes (self->timeline))
    return;
  name = weft_format_lane_name (self->timeline, lane);
  /* TRANSLATORS: Step mode refused to let a thread go; %s is its name */
  message = g_strdup_printf (_("%s is not held at a sync point: it is blocked or still running"), name);
  show_toast (self, adw_toast_new (message));
}

static void
on_step_lane_clicked (WeftGanttView *view,
                      guint          lane,
                      WeftWindow    *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "run.step-lane", "u", lane);
}

static void
toggle_pause (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WeftWindow *self = WEFT_WINDOW (widget);

  if (self->comparing)
    {
      weft_compare_view_toggle_pause (self->compare_view);
      return;
    }
  switch (self->state)
    {
    case WEFT_RUN_STATE_RUNNING:
      weft_session_set_paused (self->session, TRUE);
      weft_gantt_view_set_frozen (self->gantt_view, TRUE);
      self->state = WEFT_RUN_STATE_PAUSED;
      /* One last frame shows where the pause began, drawn when the
       * timeline is free; then nothing is redrawn until something
       * changes.  The pause itself has taken effect already. */
      g_idle_add_full (G_PRIORITY_DEFAULT, show_paused_frame, g_object_ref (self), g_object_unref);
      break;
    case WEFT_RUN_STATE_PAUSED:
      weft_session_set_paused (self->session, FALSE);
      weft_gantt_view_set_frozen (self->gantt_view, FALSE);
      self->state = WEFT_RUN_STATE_RUNNING;
      ensure_ticking (self);
      break;
    case WEFT_RUN_STATE_STOPPED:
    case WEFT_RUN_STATE_FINISHED:
    case WEFT_RUN_STATE_NONE:
      if (self->pattern != NULL)
        start_run (self);
      return;
    case WEFT_RUN_STATE_STOPPING:
    default:
      return;
    }
  update_controls (self);
}

static void
stop_run (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  WeftWindow *self = WEFT_WINDOW (widget);

  if (self->comparing)
    {
      weft_compare_view_stop (self->compare_view);
      return;
    }
  if (self->state != WEFT_RUN_STATE_RUNNING && self->state != WEFT_RUN_STATE_PAUSED)
    return;
  weft_session_request_stop (self->session);
  weft_gantt_view_set_frozen (self->gantt_view, FALSE);
  self->state = WEFT_RUN_STATE_STOPPING;
  update_controls (self);
  ensure_ticking (self);
}

/* win.detach-program: recording ends as with Stop, but the program is
 * let go on, unrecorded, whatever weft record --detach said.  This stop
 * only: Run Again starts it afresh, as the command line asked. */
static void
detach_program (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  WeftWindow *self = WEFT_WINDOW (widget);
  WeftProgram *program = live_program (self);

  if (program == NULL)
    return;
  weft_program_set_stop_mode (program, WEFT_PROGRAM_DETACH);
  stop_run (widget, "run.stop", NULL);
}

static void
restart_run (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WeftWindow *self = WEFT_WINDOW (widget);

  if (self->comparing)
    weft_compare_view_run_again (self->compare_view);
  else if (self->pattern != NULL)
    start_run (self);
}

static void
zoom_in (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  weft_gantt_view_zoom (shown_chart (WEFT_WINDOW (widget)), 2.0, 0.5);
}

static void
zoom_out (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  weft_gantt_view_zoom (shown_chart (WEFT_WINDOW (widget)), 0.5, 0.5);
}

static void
zoom_fit (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  weft_gantt_view_zoom_fit (shown_chart (WEFT_WINDOW (widget)));
}

/* Ctrl+E: the export menu, or where it went in a narrow header bar. */
static void
open_export_menu (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  WeftWindow *self = WEFT_WINDOW (widget);

  gtk_menu_button_popup (gtk_widget_get_mapped (GTK_WIDGET (self->export_button)) ? self->export_button
                                                                                   : self->compact_menu_button);
}

static void
open_exported (AdwToast   *toast,
               WeftWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (self->last_export == NULL)
    return;
  file = g_file_new_for_path (self->last_export);
  uri = g_file_get_uri (file);
  /* Through the OpenURI portal when sandboxed. */
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
show_export_error (WeftWindow *self,
                   GError     *error)
{
  g_autofree char *message = g_strdup_printf (_("Could not export: %s"), error->message);
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  show_toast (self, toast);
}

static gboolean
update_export_progress (gpointer data)
{
  WeftWindow *self = data;

  if (self->export_task != NULL && self->progress_bar != NULL)
    gtk_progress_bar_set_fraction (self->progress_bar, weft_export_task_get_fraction (self->export_task));
  return G_SOURCE_CONTINUE;
}

static void
end_export (WeftWindow *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->progress_toast != NULL)
    adw_toast_dismiss (self->progress_toast);
  g_clear_weak_pointer (&self->progress_toast);
  self->progress_bar = NULL;
  g_clear_pointer (&self->export_task, weft_export_task_unref);
  g_clear_object (&self->export_cancellable);
  if (!self->disposed)
    update_controls (self);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(WeftWindow) self = user_data;
  g_autoptr(WeftExportTask) task = weft_export_task_ref (self->export_task);
  g_autofree char *basename = g_path_get_basename (weft_export_task_get_path (task));
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  end_export (self);
  /* A window closed meanwhile has nowhere to say anything. */
  if (!weft_export_task_run_finish (task, result, &error) || self->disposed)
    {
      if (error != NULL && !self->disposed)
        show_export_error (self, error);
      return;
    }

  g_free (self->last_export);
  self->last_export = g_strdup (weft_export_task_get_path (task));
  toast = adw_toast_new_format (_("Exported “%s”"), basename);
  adw_toast_set_button_label (toast, _("Open"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_exported), self, 0);
  show_toast (self, toast);
}

static void
cancel_export (AdwToast   *toast,
               WeftWindow *self)
{
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

/**
 * weft_window_export_to_path:
 * @whole_run: the whole run, or only the range the chart shows
 *
 * Exports in the format @path's extension names, on a worker thread
 * with a progress bar in a toast (with a button to cancel), then raises
 * a toast: on success with a button that opens the file, on failure
 * saying why.
 */
void
weft_window_export_to_path (WeftWindow *self,
                            const char *path,
                            gboolean    whole_run)
{
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *label = NULL;
  WeftExportOptions options = { 0 };
  AdwToast *toast;

  g_return_if_fail (WEFT_IS_WINDOW (self));

  if ((self->timeline == NULL && !self->comparing) || self->export_task != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_FAILED,
                                                     self->export_task == NULL ? _("There is no run to export")
                                                                               : _("Another export is still being written"));
      show_export_error (self, error);
      return;
    }

  if (!whole_run)
    weft_gantt_view_get_range (shown_chart (self), &options.t0, &options.t1);
  /* Pictures say what the chart says, and show the code where it does;
   * they give many threads' lanes way to their overview as it does. */
  options.words = weft_gantt_view_get_words (self->gantt_view);
  options.lanes_only = !weft_gantt_view_get_overview (shown_chart (self));
  options.lanes_room = weft_gantt_view_get_lanes_room (shown_chart (self));
  options.with_code = gtk_widget_get_visible (self->code_scroller);
  if (self->comparing)
    {
      /* Both runs, one above the other, on the axis the charts share;
       * without the code, which is two listings (weft_export_runs()). */
      WeftComparePane *panes[] = { weft_compare_view_get_upper (self->compare_view),
                                   weft_compare_view_get_lower (self->compare_view) };
      WeftTimeline *timelines[] = { weft_compare_pane_get_timeline (panes[0]), weft_compare_pane_get_timeline (panes[1]) };
      const char *labels[] = { weft_compare_pane_get_label (panes[0]), weft_compare_pane_get_label (panes[1]) };

      if (timelines[0] == NULL || timelines[1] == NULL)
        {
          g_autoptr(GError) error = g_error_new_literal (WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_FAILED,
                                                         _("There is no run to export"));
          show_export_error (self, error);
          return;
        }
      self->export_task = weft_export_task_new_for_runs (2, timelines, labels, path, &options);
    }
  else
    self->export_task = weft_export_task_new (self->timeline, path, &options);
  self->export_cancellable = g_cancellable_new ();

  label = g_strdup_printf (_("Writing “%s”"), basename);
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_progress_bar_set_text (self->progress_bar, label);
  gtk_widget_set_valign (GTK_WIDGET (self->progress_bar), GTK_ALIGN_CENTER);
  toast = adw_toast_new (label);
  adw_toast_set_custom_title (toast, GTK_WIDGET (self->progress_bar));
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_button_label (toast, _("Cancel"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (cancel_export), self, 0);
  g_set_weak_pointer (&self->progress_toast, toast);
  show_toast (self, toast);
  self->progress_source = g_timeout_add (100, update_export_progress, self);
  update_controls (self);

  weft_export_task_run_async (self->export_task, self->export_cancellable, on_export_done, g_object_ref (self));
}

/* Whether an export is being written. */
gboolean
weft_window_is_exporting (WeftWindow *self)
{
  return self->export_task != NULL;
}

typedef struct
{
  WeftWindow *self;
  gboolean whole_run;
} ExportRequest;

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    ExportRequest   *request)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      GtkFileFilter *filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));

      g_autofree char *base = path != NULL ? g_path_get_basename (path) : NULL;

      /* A name typed without an extension takes the chosen type's. */
      if (path != NULL && weft_export_format_for_path (path) == WEFT_EXPORT_UNKNOWN && filter != NULL &&
          g_object_get_data (G_OBJECT (filter), "extension") != NULL && strchr (base, '.') == NULL)
        {
          char *with_extension = g_strconcat (path, g_object_get_data (G_OBJECT (filter), "extension"), NULL);
          g_free (path);
          path = with_extension;
        }
      if (path != NULL)
        weft_window_export_to_path (request->self, path, request->whole_run);
    }
  g_object_unref (request->self);
  g_free (request);
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *mime_type,
            const char     *extension)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *pattern = g_strconcat ("*", extension, NULL);

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_mime_type (filter, mime_type);
  gtk_file_filter_add_pattern (filter, pattern);
  g_object_set_data_full (G_OBJECT (filter), "extension", g_strdup (extension), g_free);
  gtk_file_chooser_add_filter (chooser, filter);
}

/* export.file("visible" | "whole"): a file chooser that goes through the
 * portal inside Flatpak, suggesting a name from the pattern and time. */
static void
export_file (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  WeftWindow *self = WEFT_WINDOW (widget);
  gboolean whole = g_str_equal (g_variant_get_string (parameter, NULL), "whole");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d-%H%M%S");
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;
  ExportRequest *request;

  if (self->timeline == NULL && !self->comparing)
    return;

  dialog = gtk_file_chooser_native_new (whole ? _("Export Whole Run") : _("Export Visible Range"),
                                        GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (dialog), _("SVG image"), "image/svg+xml", ".svg");
  add_filter (GTK_FILE_CHOOSER (dialog), _("PNG image"), "image/png", ".png");
  add_filter (GTK_FILE_CHOOSER (dialog), _("PDF document"), "application/pdf", ".pdf");
  /* A trace holds one run: compared runs are pictures only. */
  if (!self->comparing)
    add_filter (GTK_FILE_CHOOSER (dialog), _("Chrome trace (Perfetto)"), "application/json", ".json");
  if (self->comparing)
    {
      WeftTimeline *upper = weft_compare_pane_get_timeline (weft_compare_view_get_upper (self->compare_view));
      WeftTimeline *lower = weft_compare_pane_get_timeline (weft_compare_view_get_lower (self->compare_view));

      name = g_strdup_printf ("weft-%s-%s-%s.svg", upper != NULL ? weft_timeline_get_pattern (upper)->name : "",
                              lower != NULL ? weft_timeline_get_pattern (lower)->name : "", stamp);
    }
  else
    name = g_strdup_printf ("weft-%s-%s.svg", self->pattern->name, stamp);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);

  request = g_new0 (ExportRequest, 1);
  request->self = g_object_ref (self);
  request->whole_run = whole;
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void on_follow_changed (WeftWindow *self);

/* Compare: two runs in place of the one, on one time axis
 * (weft-compare-view.c does the work), made the first time it is asked
 * for: a window that never compares pays nothing for it. */
static void
ensure_compare_view (WeftWindow *self)
{
  if (self->compare_view != NULL)
    return;
  self->compare_view = WEFT_COMPARE_VIEW (weft_compare_view_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->compare_view), FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->chart_paned))),
                              GTK_WIDGET (self->compare_view), GTK_WIDGET (self->chart_paned));
  g_signal_connect_object (self->compare_view, "notify::state", G_CALLBACK (update_controls), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (weft_compare_pane_get_gantt_view (weft_compare_view_get_upper (self->compare_view)),
                           "notify::follow-live", G_CALLBACK (on_follow_changed), self, G_CONNECT_SWAPPED);
}

/* The rest of the content, all but the header bar, is hidden while
 * comparing and shown again as it was. */
static void
show_compare_view (WeftWindow *self,
                   gboolean    compare)
{
  GtkWidget *compare_view = GTK_WIDGET (self->compare_view);
  GtkWidget *box = gtk_widget_get_parent (compare_view);

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (child == compare_view || ADW_IS_HEADER_BAR (child))
        continue;
      if (compare)
        {
          g_object_set_data (G_OBJECT (child), "weft-shown-alone", GINT_TO_POINTER (gtk_widget_get_visible (child)));
          gtk_widget_set_visible (child, FALSE);
        }
      else
        gtk_widget_set_visible (child, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (child), "weft-shown-alone")));
    }
  gtk_widget_set_visible (compare_view, compare);
}

/* The run shown alone: a saved one whole, however far its replay went. */
static WeftTimeline *
shown_run (WeftWindow *self)
{
  WeftReplay *replay = weft_replay_bar_get_replay (self->replay_bar);

  return self->session == NULL && replay != NULL ? weft_replay_get_whole (replay) : self->timeline;
}

/* The one run makes way: it stops, so that the two compared have the
 * cores to themselves. */
static void
enter_compare (WeftWindow *self)
{
  ensure_compare_view (self);
  g_clear_handle_id (&self->params_timeout, g_source_remove);
  if (self->session != NULL && self->state != WEFT_RUN_STATE_FINISHED)
    self->state = WEFT_RUN_STATE_STOPPED;
  retire_run (self);
  ensure_ticking (self);
  weft_compare_view_style_like (self->compare_view, self->gantt_view);
  if (self->comparing)
    return;
  self->comparing = TRUE;
  show_compare_view (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
}

static void
show_compare_title (WeftWindow *self)
{
  g_autofree char *title = weft_compare_view_dup_title (self->compare_view);

  adw_window_title_set_title (self->window_title, title);
  update_controls (self);
}

/* The lesson shown, compared live with what mends it. */
static void
start_compare (WeftWindow *self)
{
  WeftSessionOptions options = { 0 };

  enter_compare (self);
  options.mode = g_settings_get_enum (self->settings, "recording");
  options.memory_budget = (gsize) g_settings_get_uint (self->settings, "memory-budget") << 20;
  weft_compare_view_compare_lesson (self->compare_view, &self->params, &options);
  show_compare_title (self);
}

/**
 * leave_compare:
 * @back_to_run: show a run alone again: the one shown before Compare
 *   when the upper run is it, as it was; else the upper run when it was
 *   read from a file; else the lesson, live
 */
static void
leave_compare (WeftWindow *self,
               gboolean    back_to_run)
{
  WeftComparePane *upper;
  g_autoptr(WeftTimeline) upper_timeline = NULL;
  g_autofree char *upper_label = NULL;
  gboolean given;

  if (!self->comparing)
    return;
  upper = weft_compare_view_get_upper (self->compare_view);
  given = weft_compare_pane_was_given (upper);
  if (weft_compare_pane_get_timeline (upper) != NULL)
    upper_timeline = weft_timeline_ref (weft_compare_pane_get_timeline (upper));
  upper_label = g_strdup (weft_compare_pane_get_label (upper));
  weft_compare_view_let_go (self->compare_view);
  self->comparing = FALSE;
  show_compare_view (self, FALSE);
  adw_window_title_set_title (self->window_title, _(self->pattern->title));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPARING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
  if (back_to_run)
    {
      gboolean finished = FALSE;

      if (given)
        {
          weft_timeline_lock (upper_timeline);
          finished = weft_timeline_is_finished (upper_timeline);
          weft_timeline_unlock (upper_timeline);
        }
      if (given && upper_timeline == shown_run (self))
        /* It was shown before Compare, and is again, as it was (or as
         * it ended, when Compare stopped it). */
        weft_gantt_view_update (self->gantt_view);
      else if (given && finished)
        weft_window_show_trace (self, upper_timeline, upper_label);
      else
        start_run (self);
    }
  update_controls (self);
}

static void
on_compare_opened (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(WeftWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean read = weft_compare_view_open_runs_finish (WEFT_COMPARE_VIEW (source), result, &error);

  /* A later open took over: this one was cancelled, and is not said. */
  if (self->disposed || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->open_cancellable);
  if (!read)
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 0);
      show_toast (self, toast);
      return;
    }
  /* The run shown before, if live, is compared as recorded so far: it
   * stops now. */
  enter_compare (self);
  show_compare_title (self);
}

/**
 * weft_window_compare_files:
 * @files: two saved runs; or one, compared with the run shown now
 *
 * Reads the runs and shows them one above the other.  A run shown now
 * that is still live is stopped once they are read, and compared as
 * recorded.
 */
void
weft_window_compare_files (WeftWindow    *self,
                           GFile * const *files,
                           guint          n_files)
{
  WeftTimeline *upper = NULL;
  g_autofree char *upper_label = NULL;

  g_return_if_fail (WEFT_IS_WINDOW (self));
  g_return_if_fail (n_files >= 1);

  if (n_files == 1)
    {
      if (self->comparing)
        {
          /* The run above stays; the one below makes way. */
          upper = weft_compare_pane_get_timeline (weft_compare_view_get_upper (self->compare_view));
          upper_label = g_strdup (weft_compare_pane_get_label (weft_compare_view_get_upper (self->compare_view)));
        }
      else if (self->timeline != NULL)
        {
          upper = shown_run (self);
          upper_label = g_strdup (self->opened_name != NULL ? self->opened_name : _(self->pattern->title));
        }
      else
        {
          weft_window_open_file (self, files[0]);
          return;
        }
    }
  ensure_compare_view (self);
  /* Until every file is read, what was shown stays, and goes on. */
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  self->open_cancellable = g_cancellable_new ();
  weft_compare_view_open_runs_async (self->compare_view, upper, upper_label, files, upper != NULL ? 1 : 2,
                                     self->open_cancellable, on_compare_opened, g_object_ref (self));
}

static void
on_compare_open_response (GtkNativeDialog *dialog,
                          int              response,
                          WeftWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      GFile *files[2] = { NULL, NULL };
      guint n = MIN (g_list_model_get_n_items (chosen), 2);

      for (guint i = 0; i < n; i++)
        files[i] = g_list_model_get_item (chosen, i);
      if (n > 0)
        weft_window_compare_files (self, files, n);
      for (guint i = 0; i < n; i++)
        g_object_unref (files[i]);
    }
  g_object_unref (dialog);
}

/* win.compare-open: one saved run to compare with the run shown, or two
 * to compare with each other. */
static void
compare_open_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  WeftWindow *self = WEFT_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) traces = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Open a Run to Compare"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Compare"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_filter_set_name (traces, _("Weft trace (JSON)"));
  gtk_file_filter_add_mime_type (traces, "application/json");
  gtk_file_filter_add_pattern (traces, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), traces);
  g_signal_connect (dialog, "response", G_CALLBACK (on_compare_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Two compared runs, for the tests; NULL while one run is shown. */
WeftCompareView *
weft_window_get_compare_view (WeftWindow *self)
{
  g_return_val_if_fail (WEFT_IS_WINDOW (self), NULL);
  return self->comparing ? self->compare_view : NULL;
}

static void
back_clicked_cb (WeftWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

const WeftPattern *
weft_window_get_pattern (WeftWindow *self)
{
  return self->pattern;
}

const WeftParams *
weft_window_get_params (WeftWindow *self)
{
  return &self->params;
}

WeftRun *
weft_window_get_run (WeftWindow *self)
{
  return self->session != NULL ? weft_session_get_run (self->session) : NULL;
}

WeftSession *
weft_window_get_session (WeftWindow *self)
{
  return self->session;
}

WeftTimeline *
weft_window_get_timeline (WeftWindow *self)
{
  return self->timeline;
}

WeftChecks *
weft_window_get_checks (WeftWindow *self)
{
  return self->checks;
}

WeftRunState
weft_window_get_run_state (WeftWindow *self)
{
  return self->state;
}

WeftCodeView *
weft_window_get_code_view (WeftWindow *self)
{
  g_return_val_if_fail (WEFT_IS_WINDOW (self), NULL);
  return self->code_view;
}

WeftGanttView *
weft_window_get_gantt_view (WeftWindow *self)
{
  return self->gantt_view;
}

/* Runs whose threads may still be alive: the current one and those stopping. */
guint
weft_window_get_n_live_runs (WeftWindow *self)
{
  guint n = self->retiring->len;

  if (self->compare_view != NULL)
    n += weft_compare_view_get_n_live_runs (self->compare_view);
  if (self->session != NULL && !weft_session_is_done (self->session))
    n++;
  return n;
}

AdwToast *
weft_window_get_last_toast (WeftWindow *self)
{
  return self->last_toast;
}

static gboolean
close_after_asking (gpointer data)
{
  WeftWindow *self = data;

  if (!self->disposed)
    gtk_window_close (GTK_WINDOW (self));
  return G_SOURCE_REMOVE;
}

static void
on_close_response (AdwMessageDialog *dialog,
                   const char       *response,
                   WeftWindow       *self)
{
  if (g_str_equal (response, "detach"))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.detach-program", NULL);
  else if (g_str_equal (response, "stop"))
    gtk_widget_activate_action (GTK_WIDGET (self), "run.stop", NULL);
  else
    return;
  /* The run is stopping now, so this close goes through.  Once the
   * dialog is done with its response: the window it belongs to must not
   * go while it is still answering. */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_after_asking, g_object_ref (self), g_object_unref);
}

/* Closing the window ends the recording: what that does to the program
 * is the user's to say, not Weft's to guess. */
static void
ask_before_closing (WeftWindow *self)
{
  g_autofree char *name = g_path_get_basename (self->program[0]);
  AdwMessageDialog *dialog;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  /* TRANSLATORS: asked when the window is closed while it records a
   * program; %s is the program's name */
  adw_message_dialog_format_heading (dialog, _("Stop “%s”?"), name);
  /* TRANSLATORS: %s is the program's name */
  adw_message_dialog_format_body (dialog, _("“%s” is still running. Closing the window ends its recording; "
                                            "the program can stop too, or go on running without Weft."), name);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "detach", _("_Let It Run"),
                                    "stop", _("_Stop Program"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response), self, 0);
  g_set_weak_pointer (&self->close_dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The dialog asking what closing does to the recorded program, while it
 * is shown; for tests. */
AdwMessageDialog *
weft_window_get_close_dialog (WeftWindow *self)
{
  return self->close_dialog;
}

static gboolean
weft_window_close_request (GtkWindow *window)
{
  WeftWindow *self = WEFT_WINDOW (window);
  WeftProgram *program = live_program (self);
  int width, height;

  /* weft record --detach said already: closing lets it go on. */
  if (program != NULL && weft_program_get_stop_mode (program) != WEFT_PROGRAM_DETACH)
    {
      ask_before_closing (self);
      return TRUE;
    }

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (weft_window_parent_class)->close_request (window);
}

static void
weft_window_dispose (GObject *object)
{
  WeftWindow *self = WEFT_WINDOW (object);

  g_clear_handle_id (&self->params_timeout, g_source_remove);
  self->disposed = TRUE;
  /* The export's thread holds its own references; it stops soon and
   * removes its temporary file. */
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  /* Likewise a file being read: its reply finds the window disposed. */
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  /* Stop everything at once, then join: each join is quick once all
   * were told. */
  retire_run (self);
  if (self->retiring != NULL)
    {
      for (guint i = 0; i < self->retiring->len; i++)
        weft_session_request_stop (g_ptr_array_index (self->retiring, i));
      g_clear_pointer (&self->retiring, g_ptr_array_unref);
    }
  g_clear_pointer (&self->timeline, weft_timeline_unref);
  g_clear_pointer (&self->checks, weft_checks_free);
  g_clear_object (&self->settings);
  g_clear_weak_pointer (&self->last_toast);
  g_clear_weak_pointer (&self->close_dialog);

  gtk_widget_dispose_template (GTK_WIDGET (self), WEFT_TYPE_WINDOW);
  G_OBJECT_CLASS (weft_window_parent_class)->dispose (object);
}

static void
weft_window_finalize (GObject *object)
{
  g_strfreev (WEFT_WINDOW (object)->program);
  WeftWindow *self = WEFT_WINDOW (object);

  g_free (self->verdicts_shown);
  g_free (self->last_export);
  g_free (self->opened_name);
  g_clear_object (&self->recent_menu);
  g_clear_object (&self->open_section);
  G_OBJECT_CLASS (weft_window_parent_class)->finalize (object);
}

static void
weft_window_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  WeftWindow *self = WEFT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FOLLOW_LIVE:
      /* Asked for by the action before the template exists, too. */
      g_value_set_boolean (value, self->gantt_view == NULL || weft_gantt_view_get_follow_live (shown_chart (self)));
      break;
    case PROP_COMPARING:
      g_value_set_boolean (value, self->comparing);
      break;
    case PROP_SHOW_ARROWS:
      g_value_set_boolean (value, self->gantt_view == NULL || weft_gantt_view_get_show_arrows (self->gantt_view));
      break;
    case PROP_SHOW_CODE:
      g_value_set_boolean (value, self->code_scroller == NULL || gtk_widget_get_visible (self->code_scroller));
      break;
    case PROP_C_WORDS:
      g_value_set_boolean (value, self->gantt_view != NULL && weft_gantt_view_get_words (self->gantt_view) == WEFT_WORDS_C);
      break;
    case PROP_CLASSROOM:
      g_value_set_boolean (value, self->classroom);
      break;
    case PROP_STEPPING:
      g_value_set_boolean (value, self->stepping);
      break;
    case PROP_OVERVIEW:
      g_value_set_boolean (value, self->gantt_view == NULL || weft_gantt_view_get_overview (self->gantt_view));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The compared charts draw as the one does. */
static void
restyle_compare (WeftWindow *self)
{
  if (self->compare_view != NULL)
    weft_compare_view_style_like (self->compare_view, self->gantt_view);
}

static void
weft_window_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  WeftWindow *self = WEFT_WINDOW (object);

  switch (prop_id)
    {
    case PROP_FOLLOW_LIVE:
      if (self->gantt_view != NULL)
        weft_gantt_view_set_follow_live (shown_chart (self), g_value_get_boolean (value));
      break;
    case PROP_COMPARING:
      /* Asked for by the action before the template exists, too. */
      if (self->comparing != g_value_get_boolean (value) && self->chart_paned != NULL)
        {
          if (g_value_get_boolean (value))
            start_compare (self);
          else
            leave_compare (self, TRUE);
        }
      break;
    case PROP_SHOW_ARROWS:
      if (self->gantt_view != NULL &&
          weft_gantt_view_get_show_arrows (self->gantt_view) != g_value_get_boolean (value))
        {
          weft_gantt_view_set_show_arrows (self->gantt_view, g_value_get_boolean (value));
          restyle_compare (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SHOW_CODE:
      if (self->code_scroller != NULL &&
          gtk_widget_get_visible (self->code_scroller) != g_value_get_boolean (value))
        {
          gtk_widget_set_visible (self->code_scroller, g_value_get_boolean (value));
          if (g_value_get_boolean (value))
            schedule_code_placement (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_C_WORDS:
      if (self->gantt_view != NULL &&
          (weft_gantt_view_get_words (self->gantt_view) == WEFT_WORDS_C) != g_value_get_boolean (value))
        {
          weft_gantt_view_set_words (self->gantt_view, g_value_get_boolean (value) ? WEFT_WORDS_C : WEFT_WORDS_PYTHON);
          restyle_compare (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_STEPPING:
      if (self->stepping != g_value_get_boolean (value))
        {
          self->stepping = g_value_get_boolean (value);
          /* Turned on, running threads stop at their next sync point;
           * turned off, every held thread goes on. */
          if (self->session != NULL)
            weft_stepper_set_on (weft_run_get_stepper (weft_session_get_run (self->session)), self->stepping);
          if (self->step_bar != NULL)
            update_controls (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_OVERVIEW:
      if (self->gantt_view != NULL &&
          weft_gantt_view_get_overview (self->gantt_view) != g_value_get_boolean (value))
        {
          weft_gantt_view_set_overview (self->gantt_view, g_value_get_boolean (value));
          restyle_compare (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_CLASSROOM:
      if (self->classroom != g_value_get_boolean (value))
        {
          self->classroom = g_value_get_boolean (value);
          if (self->gantt_view != NULL)
            weft_gantt_view_set_classroom (self->gantt_view, self->classroom);
          restyle_compare (self);
          if (self->code_view != NULL)
            {
              weft_code_view_set_large (self->code_view, self->classroom);
              /* Larger code wants a wider pane. */
              schedule_code_placement (self);
            }
          /* At once, whether or not the collector holds the timeline; the
           * next frame says whether events were dropped. */
          gtk_widget_set_visible (GTK_WIDGET (self->rate_label), !self->classroom);
          gtk_widget_set_visible (GTK_WIDGET (self->fill_label), !self->classroom);
          if (self->timeline != NULL && self->session != NULL && weft_timeline_try_lock (self->timeline))
            {
              update_status (self);
              weft_timeline_unlock (self->timeline);
            }
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
on_hover_line_changed (WeftWindow *self)
{
  weft_code_view_set_hover_line (self->code_view, weft_gantt_view_get_hover_line (self->gantt_view));
}

static void
on_code_line_selected (WeftWindow *self)
{
  weft_gantt_view_set_code_line (self->gantt_view, weft_code_view_get_selected_line (self->code_view));
}

/* On the first frame the paned has its size, the code gets the width
 * (or, below the chart, the height) it asks for and the chart the rest.
 * The divider then stays where the user puts it until the view changes:
 * the narrow layout, the classroom view, the code shown again. */
static gboolean
place_code_pane (GtkWidget     *paned,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  WeftWindow *self = WEFT_WINDOW (user_data);
  gboolean vertical = gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)) == GTK_ORIENTATION_VERTICAL;
  int size = vertical ? gtk_widget_get_height (paned) : gtk_widget_get_width (paned);
  int natural = 0;

  /* A hidden pane asks for nothing: placed when it is shown. */
  if (!gtk_widget_get_visible (self->code_scroller))
    {
      self->place_code_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (size <= 0)
    return G_SOURCE_CONTINUE;
  /* Below the chart, the listing's own height: its scroller asks for
   * no more than a line or two. */
  gtk_widget_measure (vertical ? GTK_WIDGET (self->code_view) : self->code_scroller,
                      vertical ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL, -1,
                      NULL, &natural, NULL, NULL);
  /* The chart keeps at least half beside the code, two thirds above it. */
  gtk_paned_set_position (self->chart_paned, size - MIN (natural, vertical ? size / 3 : size / 2));
  self->place_code_id = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_code_placement (WeftWindow *self)
{
  if (self->place_code_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->chart_paned), self->place_code_id);
  self->place_code_id = gtk_widget_add_tick_callback (GTK_WIDGET (self->chart_paned), place_code_pane, self, NULL);
}

/* Folded, the card above the chart shows at least this much of itself. */
#define FOLDED_INFO_MIN_HEIGHT 120

/* Folded, the sidebar is a page of its own: the parameters go to a
 * popover on the chart's page, where a change is seen as it is made,
 * and the status bar's halves stack rather than widen the window. */
static void
on_folded_changed (WeftWindow *self)
{
  gboolean folded = adw_leaflet_get_folded (self->leaflet);
  GtkWidget *editor = GTK_WIDGET (self->params_editor);
  GtkWidget *home = folded ? GTK_WIDGET (self->params_scroller) : GTK_WIDGET (self->sidebar_box);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->chart_paned),
                                  folded ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  schedule_code_placement (self);

  if (gtk_widget_get_parent (editor) != home)
    {
      g_object_ref (editor);
      if (folded)
        {
          gtk_box_remove (self->sidebar_box, editor);
          gtk_scrolled_window_set_child (self->params_scroller, editor);
        }
      else
        {
          gtk_scrolled_window_set_child (self->params_scroller, NULL);
          gtk_box_append (self->sidebar_box, editor);
        }
      g_object_unref (editor);
    }
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->status_bar),
                                  folded ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  /* Folded, the card and any deadlock show whole where there is room,
   * and scroll where there is not, the chart keeping its own room.
   * (Whole, they would also set the window's least height: the window
   * asks its content for one with no width in mind, and the verdicts
   * then answer for their narrowest, each a word wide, far taller than a
   * phone.) */
  weft_squeeze_scroller_set_min_height (self->info_scroller, folded ? FOLDED_INFO_MIN_HEIGHT : -1);
  /* What the run found comes first where only the start shows: a
   * deadlock, then the verdicts, then what the pattern is. */
  gtk_box_reorder_child_after (self->info_box, GTK_WIDGET (self->deadlock_panel),
                               folded ? NULL : GTK_WIDGET (self->pattern_card));
  gtk_box_reorder_child_after (self->pattern_card, GTK_WIDGET (self->verdict_box),
                               folded ? NULL : GTK_WIDGET (self->explanation_label));
  weft_replay_bar_set_compact (self->replay_bar, folded);
}

/* @section's items, none showing its shortcut: a menu as narrow as a
 * phone has no room for them, nor often a keyboard. */
static GMenuModel *
copy_without_shortcuts (GMenuModel *section)
{
  GMenu *copy = g_menu_new ();

  for (int i = 0; i < g_menu_model_get_n_items (section); i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new_from_model (section, i);

      g_menu_item_set_attribute (item, "accel", "s", "");
      g_menu_append_item (copy, item);
    }
  return G_MENU_MODEL (copy);
}

/* The main menu's section @index, as the compact menu has it: the first
 * the very same, so that Open Recent is kept up to date in both; the
 * others copied without their shortcuts, as the compact menu's own
 * items are, and one with a title a submenu of that name: the menu has
 * to fit a phone's height too. */
static GMenuItem *
compact_menu_section (WeftWindow *self,
                      GMenuModel *primary,
                      int         index)
{
  g_autoptr(GMenuModel) section = g_menu_model_get_item_link (primary, index, G_MENU_LINK_SECTION);
  g_autoptr(GMenuModel) copy = NULL;
  g_autoptr(GMenu) holder = NULL;
  g_autofree char *title = NULL;

  if (section == NULL || section == G_MENU_MODEL (self->open_section))
    return g_menu_item_new_from_model (primary, index);
  copy = copy_without_shortcuts (section);
  if (!g_menu_model_get_item_attribute (primary, index, G_MENU_ATTRIBUTE_LABEL, "s", &title))
    return g_menu_item_new_section (NULL, copy);
  holder = g_menu_new ();
  g_menu_append_submenu (holder, title, copy);
  return g_menu_item_new_section (NULL, G_MENU_MODEL (holder));
}

/* F10 opens whichever main menu the header bar shows. */
static void
on_view_squeezed (WeftWindow *self)
{
  gboolean compact = adw_squeezer_get_visible_child (self->view_squeezer) == GTK_WIDGET (self->compact_menu_button);

  gtk_menu_button_set_primary (self->menu_button, !compact);
  gtk_menu_button_set_primary (self->compact_menu_button, compact);
}

static void
on_follow_changed (WeftWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
}

static void
weft_window_class_init (WeftWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = weft_window_dispose;
  object_class->finalize = weft_window_finalize;
  object_class->get_property = weft_window_get_property;
  object_class->set_property = weft_window_set_property;
  window_class->close_request = weft_window_close_request;

  properties[PROP_FOLLOW_LIVE] =
    g_param_spec_boolean ("follow-live", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* What the chart's view menu toggles, kept in the settings. */
  properties[PROP_SHOW_ARROWS] =
    g_param_spec_boolean ("show-arrows", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The code pane, kept in the settings too. */
  properties[PROP_SHOW_CODE] =
    g_param_spec_boolean ("show-code", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Larger text and marks, no engineer's details: for a projector. */
  properties[PROP_CLASSROOM] =
    g_param_spec_boolean ("classroom", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Many threads, zoomed out: one overview of them, not their lanes. */
  properties[PROP_OVERVIEW] =
    g_param_spec_boolean ("overview", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether events are named as pthreads calls them, not Python. */
  properties[PROP_C_WORDS] =
    g_param_spec_boolean ("c-words", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Step mode: the user plays the scheduler. */
  properties[PROP_STEPPING] =
    g_param_spec_boolean ("stepping", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Two runs, one above the other, in place of the one. */
  properties[PROP_COMPARING] =
    g_param_spec_boolean ("comparing", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WEFT_TYPE_GANTT_VIEW);
  g_type_ensure (WEFT_TYPE_CODE_VIEW);
  g_type_ensure (WEFT_TYPE_PARAMS_EDITOR);
  g_type_ensure (WEFT_TYPE_SQUEEZE_SCROLLER);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/weft/Weft/weft-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, pattern_list);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, params_editor);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, params_button);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, params_scroller);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, compact_pause_button);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, view_squeezer);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, compact_menu_button);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, compact_menu);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, view_controls);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, status_bar);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, info_scroller);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, info_box);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, pattern_card);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, verdict_box);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, gantt_view);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, chart_paned);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, code_scroller);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, code_view);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, rate_label);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, fill_label);
  gtk_widget_class_bind_template_child (widget_class, WeftWindow, dropped_label);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "run.toggle-pause", NULL, toggle_pause);
  gtk_widget_class_install_action (widget_class, "run.stop", NULL, stop_run);
  gtk_widget_class_install_action (widget_class, "run.restart", NULL, restart_run);
  gtk_widget_class_install_action (widget_class, "win.detach-program", NULL, detach_program);
  gtk_widget_class_install_property_action (widget_class, "run.step-mode", "stepping");
  gtk_widget_class_install_action (widget_class, "run.step-any", NULL, step_any);
  gtk_widget_class_install_action (widget_class, "run.step-lane", "u", step_lane);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "run.step-mode", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "run.step-any", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "run.step-any", NULL);
  /* Keys 1 to 9 let lanes 1 to 9 go, 0 the tenth; on the way up, so a
   * parameter's entry keeps its digits. */
  for (guint k = 0; k < 10; k++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + k - (k == 9 ? 10 : 0), 0,
                                           "run.step-lane", "u", k);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_1 + k - (k == 9 ? 10 : 0), 0,
                                           "run.step-lane", "u", k);
    }
  gtk_widget_class_install_action (widget_class, "view.zoom-in", NULL, zoom_in);
  gtk_widget_class_install_action (widget_class, "view.zoom-out", NULL, zoom_out);
  gtk_widget_class_install_action (widget_class, "view.zoom-fit", NULL, zoom_fit);
  gtk_widget_class_install_property_action (widget_class, "view.follow", "follow-live");
  gtk_widget_class_install_property_action (widget_class, "win.show-arrows", "show-arrows");
  gtk_widget_class_install_property_action (widget_class, "win.show-code", "show-code");
  gtk_widget_class_install_property_action (widget_class, "win.c-words", "c-words");
  gtk_widget_class_install_property_action (widget_class, "win.classroom", "classroom");
  gtk_widget_class_install_property_action (widget_class, "win.overview", "overview");
  gtk_widget_class_install_action (widget_class, "export.file", "s", export_file);
  gtk_widget_class_install_action (widget_class, "export.menu", NULL, open_export_menu);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_activated);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_install_property_action (widget_class, "win.compare", "comparing");
  gtk_widget_class_install_action (widget_class, "win.compare-open", NULL, compare_open_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.compare", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.compare-open",
                                       NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, GDK_CONTROL_MASK, "run.stop", NULL);
  /* Beside Stop's key, the gentler stop: the program goes on.  Ctrl+>
   * as typed, Shift and all (Ctrl+Shift+. on a US keyboard): a Shift
   * that makes the symbol is not asked for again, as with Ctrl+plus. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_greater, GDK_CONTROL_MASK, "win.detach-program", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "run.restart", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-arrows", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-code", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.classroom", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.overview", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "view.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "view.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "view.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "view.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "view.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "view.follow", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "export.menu", NULL);
}

static void
weft_window_init (WeftWindow *self)
{
  guint n;
  const WeftPattern * const *patterns = weft_patterns_get_all (&n);
  const WeftPattern *last;
  WeftParams params;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* A deadlock is no passing note: it stays above the chart until the
   * next run. */
  self->deadlock_panel = WEFT_DEADLOCK_PANEL (weft_deadlock_panel_new ());
  gtk_box_append (self->info_box, GTK_WIDGET (self->deadlock_panel));

  self->retiring = g_ptr_array_new_with_free_func ((GDestroyNotify) weft_session_unref);
  self->settings = g_settings_new (APP_ID);

  {
    GMenuModel *primary = self->primary_menu;

    self->recent_menu = g_menu_new ();
    /* Open a Saved Run…'s section: Open Recent goes after it. */
    self->open_section = G_MENU (g_menu_model_get_item_link (primary, 0, G_MENU_LINK_SECTION));
    update_recent_menu (self);
    g_signal_connect_object (gtk_recent_manager_get_default (), "changed", G_CALLBACK (update_recent_menu), self,
                             G_CONNECT_SWAPPED);

    /* The compact menu ends with the main menu's sections. */
    for (int i = 0; i < g_menu_model_get_n_items (primary); i++)
      {
        g_autoptr(GMenuItem) item = compact_menu_section (self, primary, i);

        g_menu_append_item (G_MENU (self->compact_menu), item);
      }
    gtk_popover_menu_add_child (GTK_POPOVER_MENU (gtk_menu_button_get_popover (self->compact_menu_button)),
                                self->view_controls, "view-controls");
  }
  /* In a narrow window the header bar's menus open over it, not past its edge. */
  {
    GtkMenuButton *buttons[] = { self->menu_button, self->export_button, self->compact_menu_button,
                                 self->params_button };

    for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
      weft_popover_keep_in_window (gtk_menu_button_get_popover (buttons[i]));
  }
  /* Under the chart, over the status bar, in Step mode. */
  self->step_bar = WEFT_STEP_BAR (weft_step_bar_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->step_bar), FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->chart_paned))),
                              GTK_WIDGET (self->step_bar), GTK_WIDGET (self->chart_paned));
  g_signal_connect_object (self->gantt_view, "step-lane", G_CALLBACK (on_step_lane_clicked), self, 0);
  /* Under the chart, over the status bar, while a saved run is shown. */
  self->replay_bar = WEFT_REPLAY_BAR (weft_replay_bar_new ());
  gtk_widget_set_visible (GTK_WIDGET (self->replay_bar), FALSE);
  gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->chart_paned))),
                              GTK_WIDGET (self->replay_bar), GTK_WIDGET (self->chart_paned));
  g_signal_connect (self->replay_bar, "timeline-changed", G_CALLBACK (on_replay_timeline), self);
  g_signal_connect (self->replay_bar, "advanced", G_CALLBACK (on_replay_advanced), self);
  {
    GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

    g_signal_connect (drop, "drop", G_CALLBACK (on_file_dropped), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
  g_signal_connect (self->params_editor, "changed", G_CALLBACK (on_params_changed), self);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Space pauses wherever focus is, a parameter's entry included: it
   * is caught on the way down, before any child can take it. */
  {
    GtkEventController *shortcuts = gtk_shortcut_controller_new ();
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GAction) recording = g_settings_create_action (self->settings, "recording");

    gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_space, 0),
                                                            gtk_named_action_new ("run.toggle-pause")));
    gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

    /* The recording mode applies from the next run on. */
    g_action_map_add_action (G_ACTION_MAP (group), recording);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "settings", G_ACTION_GROUP (group));
  }

  /* win.show-arrows is the window's property, bound both ways to the
   * setting: the menu's check, the key and the chart follow one value,
   * kept across runs.  (A class property action, not a GSettings action
   * in the window's map: that one outlives the window's action group and
   * reports a later change of the setting to a group already gone.) */
  g_settings_bind (self->settings, "show-arrows", self, "show-arrows", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-code", self, "show-code", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "c-words", self, "c-words", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "classroom", self, "classroom", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "thread-overview", self, "overview", G_SETTINGS_BIND_DEFAULT);

  /* Hovering a span marks its line; clicking a line outlines its spans. */
  g_signal_connect_object (self->gantt_view, "notify::hover-line",
                           G_CALLBACK (on_hover_line_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->code_view, "notify::selected-line",
                           G_CALLBACK (on_code_line_selected), self, G_CONNECT_SWAPPED);
  /* Narrow, the code goes below the chart, as a sheet would. */
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (on_folded_changed), self, G_CONNECT_SWAPPED);
  on_folded_changed (self);

  g_signal_connect_object (self->gantt_view, "notify::follow-live",
                           G_CALLBACK (on_follow_changed), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->pattern_list, pattern_row_new (patterns[i]));
  g_signal_connect (self->pattern_list, "row-selected", G_CALLBACK (on_row_selected), self);
  g_signal_connect (self->pattern_list, "row-activated", G_CALLBACK (on_row_activated), self);
  g_signal_connect_object (self->view_squeezer, "notify::visible-child",
                           G_CALLBACK (on_view_squeezed), self, G_CONNECT_SWAPPED);
  on_view_squeezed (self);

  /* Open on the pattern used last, live at once. */
  {
    g_autofree char *name = g_settings_get_string (self->settings, "last-pattern");
    last = weft_patterns_lookup (name);
  }
  if (last == NULL)
    last = patterns[0];
  weft_window_get_pattern_params (self, last, &params);
  weft_window_show_pattern (self, last, &params);
  /* Folded, it opens on the chart. */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}
