/* weft-chart-held.c: where Step mode holds a thread, and what it will do
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A held thread's lane carries, under its name, a button-like badge with
 * the key that lets it go and what it will do then ("2 ▶ will write 17").
 * It is drawn from the trace, the open `held` span, never from the
 * stepper: the badge shows only what the thread has recorded.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-chart-private.h"
#include "weft-stepper.h"

/**
 * weft_chart_describe_step:
 * @held: a `held` span
 *
 * What the held thread will do once let go, in the tutorials' words.
 *
 * Returns: (transfer full): "will write 17", "will acquire lock"
 */
char *
weft_chart_describe_step (WeftTimeline   *timeline,
                          const WeftSpan *held)
{
  const char *object = weft_timeline_get_object_name (timeline, held->object);
  g_autofree char *value = weft_format_count (held->value);

  switch ((WeftStep) held->arg)
    {
    /* TRANSLATORS: what a thread held in Step mode will do next; %s is a lock or semaphore */
    case WEFT_STEP_ACQUIRE: return g_strdup_printf (_("will acquire %s"), object);
    case WEFT_STEP_RELEASE: return g_strdup_printf (_("will release %s"), object);
    /* TRANSLATORS: a semaphore's release(), which gives a permit back */
    case WEFT_STEP_POST: return g_strdup_printf (_("will release %s"), object);
    case WEFT_STEP_WAIT: return g_strdup_printf (_("will wait on %s"), object);
    case WEFT_STEP_NOTIFY: return g_strdup_printf (_("will notify %s"), object);
    case WEFT_STEP_NOTIFY_ALL: return g_strdup_printf (_("will notify all on %s"), object);
    case WEFT_STEP_SET: return g_strdup_printf (_("will set %s"), object);
    case WEFT_STEP_CLEAR: return g_strdup_printf (_("will clear %s"), object);
    case WEFT_STEP_ARRIVE: return g_strdup_printf (_("will arrive at %s"), object);
    /* TRANSLATORS: %s is the number of the item it will put in the buffer */
    case WEFT_STEP_PRODUCE: return g_strdup_printf (_("will put item %s"), value);
    case WEFT_STEP_CONSUME: return g_strdup_printf (_("will take item %s"), value);
    /* TRANSLATORS: %s is a shared variable, such as "counter" */
    case WEFT_STEP_READ: return g_strdup_printf (_("will read %s"), object);
    /* TRANSLATORS: %s is the value it will write, e.g. "will write 17" */
    case WEFT_STEP_WRITE: return g_strdup_printf (_("will write %s"), value);
    case WEFT_STEP_JOIN:
      /* TRANSLATORS: %s is the thread it will wait for, e.g. "worker-2" */
      return g_strdup_printf (_("will join %s"),
                              held->value >= 0 && held->value < weft_timeline_get_n_lanes (timeline)
                              ? weft_format_lane_name (timeline, (guint) held->value) : "?");
    case WEFT_N_STEPS:
    default:
      return g_strdup (_("will go on"));
    }
}

/* The key that lets @lane go: 1 to 9, then 0 for the tenth. */
static gboolean
step_key (guint  lane,
          char  *key)
{
  if (lane >= 10)
    return FALSE;
  *key = lane == 9 ? '0' : (char) ('1' + lane);
  return TRUE;
}

/**
 * weft_chart_draw_held_badge:
 *
 * Draws @lane's badge under its name when its thread is held, and says
 * whether it did, so that the caller leaves out what it would have
 * written there.
 */
gboolean
weft_chart_draw_held_badge (WeftChartCtx *ctx,
                            guint         lane,
                            double        top,
                            double        height)
{
  WeftSpan held;
  g_autofree char *what = NULL;
  g_autofree char *text = NULL;
  double width, right = LABEL_WIDTH - 10, baseline = top + height / 2 + SMALL_SIZE + 1;
  char key;

  if (!weft_timeline_get_held (ctx->timeline, lane, &held))
    return FALSE;

  what = weft_chart_describe_step (ctx->timeline, &held);
  if (step_key (lane, &key))
    text = g_strdup_printf ("%c ▶ %s", key, what);
  else
    text = g_strdup_printf ("▶ %s", what);
  width = MIN (weft_chart_text_width (ctx, text, SMALL_SIZE, TRUE), LABEL_WIDTH - 22);

  weft_chart_set_color (ctx->cr, &ctx->palette->states[WEFT_STATE_HELD]);
  cairo_rectangle (ctx->cr, right - width - 4, baseline - SMALL_SIZE - 1, width + 8, SMALL_SIZE + 5);
  cairo_fill (ctx->cr);
  weft_chart_draw_text (ctx, right, baseline, text, SMALL_SIZE, TRUE,
                        &ctx->palette->roles[WEFT_COLOR_STEP_TEXT], WEFT_TEXT_END);
  return TRUE;
}
