/* weft-compare-view.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Compare: two runs, one above the other, each with its own lanes,
 * verdicts and title line, on one time axis counted from each run's own
 * start (weft_gantt_view_link_axis()), so zoom, pan, follow-live and a
 * stretch measured on the ruler move both.  A lesson is compared live
 * with what mends it (weft_compare_pair_for()), both runs started at
 * once; two saved runs are compared as read.  Pause, stop and run again
 * act on both.
 *
 * Two live runs share the machine's cores: each can slow the other, as
 * it would any program.  The bar above says so, and says how long a
 * run's threads waited for their recorder when they did (the chart
 * draws those waits as `recorder`).
 */

#include "config.h"

#include <glib/gi18n.h>

#include "weft-compare-view.h"
#include "weft-ticks.h"
#include "weft-trace-open.h"

#define REAP_INTERVAL_MS 50

struct _WeftCompareView
{
  GtkBox parent_instance;

  GtkLabel *note_label;
  GtkLabel *stall_label;
  WeftComparePane *upper;
  WeftComparePane *lower;

  /* What runs again: both lessons' parameters. */
  gboolean has_params;
  WeftParams upper_params;
  WeftParams lower_params;
  WeftPairKind kind;               /* of a lesson compared */
  gboolean of_lesson;              /* a lesson, not saved runs */
  gboolean fresh_seed;             /* a lesson compared: each run again draws one */
  gboolean live;                   /* both ran live, side by side */
  WeftSessionOptions options;

  GPtrArray *retiring;             /* WeftSession: asked to stop, not yet done */
  guint reap_source;
  guint tick_id;
  WeftRunState state;
};

G_DEFINE_FINAL_TYPE (WeftCompareView, weft_compare_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ensure_ticking (WeftCompareView *self);

GtkWidget *
weft_compare_view_new (void)
{
  return g_object_new (WEFT_TYPE_COMPARE_VIEW, NULL);
}

/* How much time the charts show while following, as the window does
 * for one run: enough for several of the slower run's interactions. */
static gint64
live_window_for (const WeftParams *params)
{
  double pace = weft_params_get (params, "pace", 1);

  return (gint64) (MAX (0.25, 10.0 * pace) * WEFT_NSEC_PER_SEC);
}

/* Both runs as one: running while either runs, and so on down. */
static WeftRunState
combined_state (WeftCompareView *self)
{
  static const WeftRunState order[] = {
    WEFT_RUN_STATE_RUNNING, WEFT_RUN_STATE_PAUSED, WEFT_RUN_STATE_STOPPING,
    WEFT_RUN_STATE_STOPPED, WEFT_RUN_STATE_FINISHED,
  };
  WeftRunState a = weft_compare_pane_get_state (self->upper);
  WeftRunState b = weft_compare_pane_get_state (self->lower);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (a == order[i] || b == order[i])
      return order[i];
  return WEFT_RUN_STATE_NONE;
}

static void
update_state (WeftCompareView *self)
{
  WeftRunState state = combined_state (self);

  if (state == self->state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
reap_retired (gpointer data)
{
  WeftCompareView *self = data;

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
  if (self->retiring->len > 0)
    return G_SOURCE_CONTINUE;
  self->reap_source = 0;
  return G_SOURCE_REMOVE;
}

/* Stops a pane's live run in the background: joined once done, by a
 * timeout rather than the frame clock, so even with Compare hidden. */
static void
retire (WeftCompareView *self,
        WeftComparePane *pane)
{
  WeftSession *session = weft_compare_pane_take_session (pane);

  if (session == NULL)
    return;
  weft_session_request_stop (session);
  g_ptr_array_add (self->retiring, session);
  if (self->reap_source == 0)
    self->reap_source = g_timeout_add (REAP_INTERVAL_MS, reap_retired, self);
}

/* The recorder's waits, said where they happened, while two live runs
 * share the cores. */
static void
show_stalls (WeftCompareView *self)
{
  WeftComparePane *panes[] = { self->upper, self->lower };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; self->live && i < G_N_ELEMENTS (panes); i++)
    {
      gint64 stall = weft_compare_pane_get_stall_ns (panes[i]);
      g_autofree char *duration = NULL;

      if (stall <= 0)
        continue;
      duration = weft_format_duration (stall);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: %s is a compared run's name, then a duration; "recorder" is the state drawn on the chart */
      g_string_append_printf (text, _("%s: its threads waited %s in all for room to record their events "
                                      "(“recorder” on its lanes); the two runs share the cores and can slow each other."),
                              weft_compare_pane_get_label (panes[i]), duration);
    }
  if (g_strcmp0 (text->str, gtk_label_get_text (self->stall_label)) != 0)
    gtk_label_set_text (self->stall_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->stall_label), text->len > 0);
}

/* Whether a frame has anything to show: a paused run draws nothing. */
static gboolean
has_live_work (WeftCompareView *self)
{
  return self->state == WEFT_RUN_STATE_RUNNING || self->state == WEFT_RUN_STATE_STOPPING;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *frame_clock,
         gpointer       user_data)
{
  WeftCompareView *self = WEFT_COMPARE_VIEW (widget);

  weft_compare_pane_tick (self->upper);
  weft_compare_pane_tick (self->lower);
  update_state (self);
  show_stalls (self);
  if (!has_live_work (self))
    {
      self->tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
ensure_ticking (WeftCompareView *self)
{
  update_state (self);
  if (self->tick_id == 0 && has_live_work (self))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

/* Where the runs are drawn, and whether they run side by side. */
static void
show_note (WeftCompareView *self)
{
  g_autofree char *text = NULL;
  const char *upper = weft_compare_pane_get_label (self->upper);
  const char *lower = weft_compare_pane_get_label (self->lower);

  if (self->live)
    {
      guint cores = g_get_num_processors ();

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* TRANSLATORS: the compared runs' names, then how many processor cores there are */
                                           "%s above, %s below, on one time axis counted from each run’s start. Both run at "
                                           "once on this computer’s %u core, so each can slow the other; the charts show "
                                           "what each run’s threads did.",
                                           "%s above, %s below, on one time axis counted from each run’s start. Both run at "
                                           "once on this computer’s %u cores, so each can slow the other; the charts show "
                                           "what each run’s threads did.",
                                           cores),
                              upper, lower, cores);
    }
  else
    /* TRANSLATORS: the names of two compared runs read from files */
    text = g_strdup_printf (_("%s above, %s below, on one time axis counted from each run’s start."), upper, lower);
  gtk_label_set_text (self->note_label, text);
}

/* Both views on one axis, from each run's start, following the newest
 * moment of the longer. */
static void
link_axes (WeftCompareView *self)
{
  weft_gantt_view_link_axis (weft_compare_pane_get_gantt_view (self->upper),
                             weft_compare_pane_get_gantt_view (self->lower));
}

static const char *
label_for (WeftPairKind      kind,
           const WeftParams *params,
           gboolean          upper)
{
  switch (kind)
    {
    case WEFT_PAIR_PATTERNS:
      return _(params->pattern->title);
    case WEFT_PAIR_VARIANTS:
      return _(params->pattern->variants[params->variant].label);
    case WEFT_PAIR_TWICE:
    default:
      /* TRANSLATORS: a lesson with one way only is compared with itself, run twice */
      return upper ? _("First run") : _("Second run");
    }
}

/* Starts both runs at once, live. */
static void
start_both (WeftCompareView *self,
            const char      *upper_label,
            const char      *lower_label)
{
  g_autoptr(GError) upper_error = NULL;
  g_autoptr(GError) lower_error = NULL;
  gint64 window = MAX (live_window_for (&self->upper_params), live_window_for (&self->lower_params));

  retire (self, self->upper);
  retire (self, self->lower);
  self->live = TRUE;
  /* One after the other, with nothing between: their starts lie a few
   * microseconds apart, and each is drawn from its own. */
  weft_compare_pane_start (self->upper, &self->upper_params, &self->options, upper_label, window, &upper_error);
  weft_compare_pane_start (self->lower, &self->lower_params, &self->options, lower_label, window, &lower_error);
  link_axes (self);
  show_note (self);
  show_stalls (self);
  ensure_ticking (self);
}

/**
 * weft_compare_view_compare_lesson:
 * @shown: the lesson on screen, with the user's parameters
 * @options: how to record
 *
 * Runs @shown's broken way above and its fixed way below, live and at
 * once, with the user's parameters where both take them and one seed.
 */
void
weft_compare_view_compare_lesson (WeftCompareView          *self,
                                  const WeftParams         *shown,
                                  const WeftSessionOptions *options)
{
  WeftPairKind kind;
  g_autofree char *upper = NULL;
  g_autofree char *lower = NULL;

  g_return_if_fail (WEFT_IS_COMPARE_VIEW (self));
  g_return_if_fail (shown != NULL && shown->pattern != NULL);

  kind = weft_compare_pair_for (shown, &self->upper_params, &self->lower_params);
  self->kind = kind;
  self->of_lesson = TRUE;
  self->has_params = TRUE;
  self->fresh_seed = !shown->seeded;
  self->options = *options;
  upper = g_strdup (label_for (kind, &self->upper_params, TRUE));
  lower = g_strdup (label_for (kind, &self->lower_params, FALSE));
  start_both (self, upper, lower);
}

/**
 * weft_compare_view_compare_runs:
 * @upper: a run read from a file, or one stopping
 * @lower: likewise
 *
 * Shows two runs that no longer run, one above the other; running them
 * again runs both live, each with its own parameters and seed.
 */
void
weft_compare_view_compare_runs (WeftCompareView *self,
                                WeftTimeline    *upper,
                                const char      *upper_label,
                                WeftTimeline    *lower,
                                const char      *lower_label)
{
  gint64 window;

  g_return_if_fail (WEFT_IS_COMPARE_VIEW (self));
  g_return_if_fail (upper != NULL && lower != NULL);

  retire (self, self->upper);
  retire (self, self->lower);
  self->upper_params = *weft_timeline_get_params (upper);
  self->lower_params = *weft_timeline_get_params (lower);
  self->kind = WEFT_PAIR_PATTERNS;
  self->of_lesson = FALSE;
  self->has_params = TRUE;
  self->fresh_seed = FALSE;
  self->live = FALSE;
  window = MAX (live_window_for (&self->upper_params), live_window_for (&self->lower_params));
  weft_compare_pane_show_timeline (self->upper, upper, upper_label, window);
  weft_compare_pane_show_timeline (self->lower, lower, lower_label, window);
  link_axes (self);
  show_note (self);
  show_stalls (self);
  ensure_ticking (self);
  /* Read whole: shown whole, as the window shows a saved run. */
  weft_gantt_view_zoom_fit (weft_compare_pane_get_gantt_view (self->upper));
}

/* Both runs again, live, as they were set: a compared lesson draws a
 * new seed for both, saved runs keep theirs. */
void
weft_compare_view_run_again (WeftCompareView *self)
{
  g_autofree char *upper = NULL;
  g_autofree char *lower = NULL;

  g_return_if_fail (WEFT_IS_COMPARE_VIEW (self));

  if (!self->has_params)
    return;
  if (self->fresh_seed)
    {
      guint64 seed = g_random_int () | ((guint64) g_random_int () << 32);

      self->upper_params.seed = self->lower_params.seed = seed;
    }
  upper = g_strdup (weft_compare_pane_get_label (self->upper));
  lower = g_strdup (weft_compare_pane_get_label (self->lower));
  start_both (self, upper, lower);
}

static gboolean
show_paused_frame (gpointer data)
{
  WeftCompareView *self = data;

  weft_compare_pane_tick (self->upper);
  weft_compare_pane_tick (self->lower);
  return G_SOURCE_REMOVE;
}

/* Pauses both while either runs; resumes both while paused; runs both
 * again once both have ended. */
void
weft_compare_view_toggle_pause (WeftCompareView *self)
{
  g_return_if_fail (WEFT_IS_COMPARE_VIEW (self));

  switch (self->state)
    {
    case WEFT_RUN_STATE_RUNNING:
      weft_compare_pane_set_paused (self->upper, TRUE);
      weft_compare_pane_set_paused (self->lower, TRUE);
      /* One last frame shows where the pause began, drawn when the
       * timelines are free; then nothing is redrawn until resumed. */
      g_idle_add_full (G_PRIORITY_DEFAULT, show_paused_frame, g_object_ref (self), g_object_unref);
      break;
    case WEFT_RUN_STATE_PAUSED:
      weft_compare_pane_set_paused (self->upper, FALSE);
      weft_compare_pane_set_paused (self->lower, FALSE);
      break;
    case WEFT_RUN_STATE_STOPPED:
    case WEFT_RUN_STATE_FINISHED:
    case WEFT_RUN_STATE_NONE:
      weft_compare_view_run_again (self);
      return;
    case WEFT_RUN_STATE_STOPPING:
    default:
      return;
    }
  ensure_ticking (self);
}

/* Asks both runs to stop. */
void
weft_compare_view_stop (WeftCompareView *self)
{
  g_return_if_fail (WEFT_IS_COMPARE_VIEW (self));

  weft_compare_pane_request_stop (self->upper);
  weft_compare_pane_request_stop (self->lower);
  ensure_ticking (self);
}

/* Compare is left: both runs stop in the background. */
void
weft_compare_view_let_go (WeftCompareView *self)
{
  g_return_if_fail (WEFT_IS_COMPARE_VIEW (self));

  retire (self, self->upper);
  retire (self, self->lower);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
}

/**
 * weft_compare_view_style_like:
 * @model: the window's chart
 *
 * Both charts draw as @model does: arrows, the words for events, the
 * classroom view, the overview of many threads.
 */
void
weft_compare_view_style_like (WeftCompareView *self,
                              WeftGanttView   *model)
{
  WeftComparePane *panes[] = { self->upper, self->lower };

  g_return_if_fail (WEFT_IS_COMPARE_VIEW (self));

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      WeftGanttView *view = weft_compare_pane_get_gantt_view (panes[i]);

      weft_gantt_view_set_show_arrows (view, weft_gantt_view_get_show_arrows (model));
      weft_gantt_view_set_words (view, weft_gantt_view_get_words (model));
      weft_gantt_view_set_classroom (view, weft_gantt_view_get_classroom (model));
      weft_gantt_view_set_overview (view, weft_gantt_view_get_overview (model));
    }
}

WeftRunState
weft_compare_view_get_state (WeftCompareView *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_VIEW (self), WEFT_RUN_STATE_NONE);
  return self->state;
}

/* Whether a lesson is compared with its mend, rather than saved runs. */
gboolean
weft_compare_view_is_lesson (WeftCompareView *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_VIEW (self), FALSE);
  return self->of_lesson;
}

/* Runs whose threads may still be alive: those shown and those stopping. */
guint
weft_compare_view_get_n_live_runs (WeftCompareView *self)
{
  WeftComparePane *panes[] = { self->upper, self->lower };
  guint n = self->retiring->len;

  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    if (weft_compare_pane_has_threads (panes[i]))
      n++;
  return n;
}

WeftComparePane *
weft_compare_view_get_upper (WeftCompareView *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_VIEW (self), NULL);
  return self->upper;
}

WeftComparePane *
weft_compare_view_get_lower (WeftCompareView *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_VIEW (self), NULL);
  return self->lower;
}

/* What the window's title says while comparing: "Data race and Lock";
 * the lesson's title when its two ways are compared. */
char *
weft_compare_view_dup_title (WeftCompareView *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_VIEW (self), NULL);
  if (weft_compare_view_is_lesson (self) && self->kind != WEFT_PAIR_PATTERNS)
    return g_strdup (_(self->upper_params.pattern->title));
  /* TRANSLATORS: the window's title while two runs are compared, e.g. "Data race and Lock" */
  return g_strdup_printf (_("%s and %s"), weft_compare_pane_get_label (self->upper),
                          weft_compare_pane_get_label (self->lower));
}

const char *
weft_compare_view_get_note (WeftCompareView *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_VIEW (self), NULL);
  return gtk_label_get_text (self->note_label);
}

/* What the bar says about the recorder's waits; "" while there were none. */
const char *
weft_compare_view_get_stall_note (WeftCompareView *self)
{
  g_return_val_if_fail (WEFT_IS_COMPARE_VIEW (self), NULL);
  return gtk_label_get_text (self->stall_label);
}

static void
weft_compare_view_dispose (GObject *object)
{
  WeftCompareView *self = WEFT_COMPARE_VIEW (object);

  /* Stop everything at once, then join: each join is quick once all
   * were told. */
  if (self->retiring != NULL)
    {
      weft_compare_view_let_go (self);
      g_clear_handle_id (&self->reap_source, g_source_remove);
      g_clear_pointer (&self->retiring, g_ptr_array_unref);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), WEFT_TYPE_COMPARE_VIEW);
  G_OBJECT_CLASS (weft_compare_view_parent_class)->dispose (object);
}

static void
weft_compare_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  WeftCompareView *self = WEFT_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_uint (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
weft_compare_view_class_init (WeftCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = weft_compare_view_dispose;
  object_class->get_property = weft_compare_view_get_property;

  /* Both runs' state as one (a WeftRunState): what the run controls show. */
  properties[PROP_STATE] =
    g_param_spec_uint ("state", NULL, NULL, WEFT_RUN_STATE_NONE, WEFT_RUN_STATE_FINISHED, WEFT_RUN_STATE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (WEFT_TYPE_COMPARE_PANE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/weft/Weft/weft-compare-view.ui");
  gtk_widget_class_bind_template_child (widget_class, WeftCompareView, note_label);
  gtk_widget_class_bind_template_child (widget_class, WeftCompareView, stall_label);
  gtk_widget_class_bind_template_child (widget_class, WeftCompareView, upper);
  gtk_widget_class_bind_template_child (widget_class, WeftCompareView, lower);
}

static void
weft_compare_view_init (WeftCompareView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->retiring = g_ptr_array_new_with_free_func ((GDestroyNotify) weft_session_unref);
}

/* Reading saved runs to compare: what is read, and what is waited for. */
typedef struct
{
  WeftTimeline *timelines[2];
  char *labels[2];
  GFile *files[2];               /* NULL for a run given, not read */
  guint n_reading;
  GError *error;                 /* the first file that could not be read */
} Reading;

static void
reading_free (Reading *reading)
{
  for (guint i = 0; i < 2; i++)
    {
      g_clear_pointer (&reading->timelines[i], weft_timeline_unref);
      g_free (reading->labels[i]);
      g_clear_object (&reading->files[i]);
    }
  g_clear_error (&reading->error);
  g_free (reading);
}

/* One file's read: which of the two it is. */
typedef struct
{
  GTask *task;
  guint slot;
} ReadOne;

static void
on_run_read (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ReadOne *one = user_data;
  g_autoptr(GTask) task = one->task;
  guint slot = one->slot;
  Reading *reading = g_task_get_task_data (task);
  WeftCompareView *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftOpenedTrace) opened = weft_trace_open_finish (result, &error);

  g_free (one);
  if (opened != NULL)
    reading->timelines[slot] = weft_timeline_ref (opened->timeline);
  else if (reading->error == NULL)
    {
      g_autofree char *name = g_file_get_basename (reading->files[slot]);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        reading->error = g_steal_pointer (&error);
      else
        /* Said as the window says it of one file. */
        reading->error = g_error_new (error->domain, error->code, _("Could not open %s: %s"), name, error->message);
    }
  if (--reading->n_reading > 0)
    return;
  if (reading->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&reading->error));
      return;
    }
  for (guint i = 0; i < 2; i++)
    if (reading->files[i] != NULL)
      {
        g_autofree char *uri = g_file_get_uri (reading->files[i]);

        gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
      }
  weft_compare_view_compare_runs (self, reading->timelines[0], reading->labels[0], reading->timelines[1],
                                  reading->labels[1]);
  g_task_return_boolean (task, TRUE);
}

/**
 * weft_compare_view_open_runs_async:
 * @upper: (nullable): the run to show above, as shown now; %NULL to
 *   read both from @files
 * @upper_label: what @upper is called
 * @files: two saved runs, or one when @upper is given
 *
 * Reads saved runs off the main loop and, once every one is read,
 * compares them (weft_compare_view_compare_runs()), named by their
 * files.  A file that cannot be read fails the whole, saying which and
 * why, and what was shown stays.
 */
void
weft_compare_view_open_runs_async (WeftCompareView     *self,
                                   WeftTimeline        *upper,
                                   const char          *upper_label,
                                   GFile * const       *files,
                                   guint                n_files,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  Reading *reading;
  guint first;

  g_return_if_fail (WEFT_IS_COMPARE_VIEW (self));
  g_return_if_fail (n_files == (upper != NULL ? 1u : 2u));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, weft_compare_view_open_runs_async);
  reading = g_new0 (Reading, 1);
  g_task_set_task_data (task, reading, (GDestroyNotify) reading_free);
  first = upper != NULL ? 1 : 0;
  if (upper != NULL)
    {
      reading->timelines[0] = weft_timeline_ref (upper);
      reading->labels[0] = g_strdup (upper_label);
    }
  reading->n_reading = n_files;
  for (guint i = 0; i < n_files; i++)
    {
      ReadOne *one = g_new0 (ReadOne, 1);

      reading->files[first + i] = g_object_ref (files[i]);
      reading->labels[first + i] = g_file_get_basename (files[i]);
      one->task = g_object_ref (task);
      one->slot = first + i;
      weft_trace_open_async (files[i], cancellable, on_run_read, one);
    }
  g_object_unref (task);
}

gboolean
weft_compare_view_open_runs_finish (WeftCompareView  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
