/* weft-test-util.h: small helpers shared by the engine tests
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-checker.h"
#include "weft-recording.h"
#include "weft-session.h"
#include "weft-timeline.h"

static inline WeftEvent
test_event (guint32       lane,
            gint64        time_ns,
            WeftEventKind kind,
            guint8        code,
            guint16       object,
            gint64        value,
            guint32       arg)
{
  WeftEvent ev = { time_ns, value, lane, arg, object, kind, code, 0 };
  return ev;
}

/* A hand-made timeline: events are added in the order given. */
typedef struct
{
  WeftTimeline *timeline;
  GArray *events;
} TestTrace;

static inline void
test_trace_init (TestTrace         *trace,
                 const WeftPattern *pattern,
                 const WeftParams  *params)
{
  trace->timeline = weft_timeline_new (pattern, params);
  trace->events = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  weft_timeline_set_origin (trace->timeline, 1000);
}

static inline void
test_trace_add (TestTrace     *trace,
                guint32        lane,
                gint64         time_ns,
                WeftEventKind  kind,
                guint8         code,
                guint16        object,
                gint64         value,
                guint32        arg)
{
  WeftEvent ev = test_event (lane, time_ns, kind, code, object, value, arg);
  g_array_append_val (trace->events, ev);
}

/* A closed span as its two events. */
static inline void
test_trace_span (TestTrace *trace,
                 guint32    lane,
                 WeftState  state,
                 guint16    object,
                 gint64     start,
                 gint64     end,
                 gint64     value,
                 guint32    arg)
{
  test_trace_add (trace, lane, start, WEFT_EVENT_BEGIN, state, object, value, arg);
  test_trace_add (trace, lane, end, WEFT_EVENT_END, state, object, 0, 0);
}

static inline WeftChecks *
test_trace_check (TestTrace *trace)
{
  weft_timeline_add_events (trace->timeline, (const WeftEvent *) (gpointer) trace->events->data,
                            trace->events->len);
  weft_timeline_finish (trace->timeline, 0);
  return weft_check_timeline (trace->timeline);
}

static inline void
test_trace_clear (TestTrace *trace)
{
  g_clear_pointer (&trace->timeline, weft_timeline_unref);
  g_clear_pointer (&trace->events, g_array_unref);
}

static inline const WeftCheck *
test_find_check (WeftChecks *checks,
                 const char *id)
{
  for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
    if (g_strcmp0 (weft_checks_get_check (checks, i)->id, id) == 0)
      return weft_checks_get_check (checks, i);
  return NULL;
}

static inline void
test_params (const char *pattern_name,
             const WeftPattern **pattern,
             WeftParams  *params)
{
  *pattern = weft_patterns_lookup (pattern_name);
  g_assert_nonnull (*pattern);
  weft_pattern_get_default_params (*pattern, params);
}

/* "variant=notify threads=4 pace=0.01 seed=42", for test messages. */
static inline char *
test_describe_params (const WeftParams *params)
{
  const WeftPattern *pattern = params->pattern;
  GString *text = g_string_new (NULL);

  if (weft_params_get_variant_name (params) != NULL)
    g_string_append_printf (text, "variant=%s", weft_params_get_variant_name (params));
  for (guint i = 0; i < weft_pattern_get_n_params (pattern); i++)
    g_string_append_printf (text, "%s%s=%g", text->len > 0 ? " " : "", pattern->params[i].name, params->values[i]);
  if (params->seeded)
    g_string_append_printf (text, " seed=%" G_GUINT64_FORMAT, params->seed);
  return g_string_free (text, FALSE);
}

/* A real run of @pattern_name at @pace, recorded for @duration_ns. */
static inline WeftTimeline *
test_record (const char *pattern_name,
             double      pace,
             gint64      duration_ns)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(GError) error = NULL;
  WeftTimeline *timeline;

  test_params (pattern_name, &pattern, &params);
  weft_params_set (&params, "pace", pace);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  timeline = weft_record_run (run, duration_ns, NULL, &error);
  g_assert_no_error (error);
  return timeline;
}

/* A program recorded across two processes, as weft record would have
 * it: lanes numbered as they came, the child's between the parent's,
 * and the child's main thread exec'd, so that its tid has two lanes.
 *
 *   lane 0  parent 100   process 0 (pid 100, "parent")
 *   lane 1  parent 101   process 0
 *   lane 2  child 200    process 1 (pid 200, "child")
 *   lane 3  parent 102   process 0
 *   lane 4  child 201    process 1
 *   lane 5  exec 200     process 1, the same thread after its exec
 *
 * Each lane holds `lock` once, one after another. */
static inline WeftTimeline *
test_two_process_timeline (void)
{
  static const struct { const char *name; gint tid; guint process; } lanes[] = {
    { "parent 100", 100, 0 }, { "parent 101", 101, 0 }, { "child 200", 200, 1 },
    { "parent 102", 102, 0 }, { "child 201", 201, 1 }, { "exec 200", 200, 1 },
  };
  WeftParams params;
  TestTrace trace;
  guint16 lock;

  weft_pattern_get_default_params (&weft_program_pattern, &params);
  test_trace_init (&trace, &weft_program_pattern, &params);
  lock = weft_timeline_add_object (trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  for (guint i = 0; i < G_N_ELEMENTS (lanes); i++)
    {
      guint lane = weft_timeline_add_lane (trace.timeline, lanes[i].name, lanes[i].tid);

      if (lanes[i].process == weft_timeline_get_n_processes (trace.timeline))
        weft_timeline_add_process (trace.timeline, lanes[i].process == 0 ? 100 : 200,
                                   lanes[i].process == 0 ? "parent" : "child");
      weft_timeline_set_lane_process (trace.timeline, lane, lanes[i].process);
      test_trace_span (&trace, lane, WEFT_STATE_CRITICAL, lock, 2000 + i * 1000, 2500 + i * 1000, 0, 0);
    }
  weft_timeline_add_events (trace.timeline, (const WeftEvent *) (gpointer) trace.events->data, trace.events->len);
  weft_timeline_finish (trace.timeline, 0);
  g_clear_pointer (&trace.events, g_array_unref);
  return trace.timeline;
}
