/* weft-export-trace.c: Chrome Trace Event JSON, which Perfetto UI opens
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written straight to the file rather than through a JsonBuilder tree:
 * a run can hold millions of events, and a node per event would need
 * many times the timeline's own memory.
 *
 * Spans are written as "B"/"E" pairs rather than "X" events.  An X
 * event's end is ts + dur, a sum each reader computes in its own
 * arithmetic: in doubles, 570324.679 + 14102.946 comes out above
 * 584427.625, so a span seems to overlap the next one, and speedscope
 * even subtracts the first timestamp before adding.  No choice of dur
 * digits survives every reader's arithmetic.  A pair needs none: both
 * ends are written as timestamps, from integer nanoseconds, so when a
 * span ends where the next begins, or where its parent ends, the two
 * timestamps are the same characters and any reader parses them to the
 * same number.  Each lane's pairs are written in time order, parents
 * around their children, so that a reader that takes them in file order
 * or sorts them stably by time gets the same nesting.  The E repeats the
 * B's name and args: speedscope matches the two on both.
 */

#include "config.h"

#include <sys/wait.h>

#include <glib/gi18n-lib.h>

#include "weft-export.h"
#include "weft-export-buffer.h"
#include "weft-lessons.h"
#include "weft-timer.h"

/* 2: spans as B/E pairs; checks with a status; pauses and gaps. */
#define WEFT_TRACE_FORMAT_VERSION 2

typedef struct
{
  WeftExportBuffer out;
  WeftTimeline *timeline;
  gint64 origin;
  char **objects;           /* each object's name as a JSON string, then "none" */
  gsize *object_lens;
  guint n_objects;
  char **steps;             /* the pattern's step names as JSON strings */
  guint n_steps;
  char tid[24];             /* the current lane's tid, as written */
  gsize tid_len;
  gint pid;                 /* the current lane's process: 1, the run's own,
                             * or a recorded program's process's real pid */
  GHashTable *tids;         /* tids whose thread_name was written */
} TraceWriter;

/* Spans of one lane, and how far each depth has been written. */
typedef struct
{
  const WeftSpan *spans[WEFT_TIMELINE_MAX_DEPTH];
  guint n_spans[WEFT_TIMELINE_MAX_DEPTH];
  guint next[WEFT_TIMELINE_MAX_DEPTH];
  guint n_depths;
} LaneSpans;

static char **
json_strings (const char * const *texts,
              guint               n)
{
  char **json = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    json[i] = weft_export_json_string (texts[i]);
  return json;
}

static void
trace_writer_init (TraceWriter             *tw,
                   WeftTimeline            *timeline,
                   const WeftExportOptions *options,
                   FILE                    *file)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);
  guint64 total = 0;
  g_autofree const char **names = NULL;

  tw->timeline = timeline;
  tw->origin = weft_timeline_get_origin (timeline);
  tw->tids = g_hash_table_new (NULL, NULL);

  /* Names written with every event are escaped once, here. */
  tw->n_objects = weft_timeline_get_n_objects (timeline);
  names = g_new (const char *, tw->n_objects + 1);
  for (guint i = 0; i <= tw->n_objects; i++)
    names[i] = weft_timeline_get_object_name (timeline, (guint16) i);
  tw->objects = json_strings (names, tw->n_objects + 1);
  tw->object_lens = g_new (gsize, tw->n_objects + 1);
  for (guint i = 0; i <= tw->n_objects; i++)
    tw->object_lens[i] = strlen (tw->objects[i]);
  tw->n_steps = pattern->steps != NULL ? g_strv_length ((char **) pattern->steps) : 0;
  tw->steps = json_strings (pattern->steps, tw->n_steps);

  /* Progress counts spans, instants and samples alike. */
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n;

      for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
        {
          weft_timeline_get_spans (timeline, lane, depth, &n);
          total += n;
        }
      weft_timeline_get_instants (timeline, lane, &n);
      total += n;
    }
  for (guint16 object = 0; object < tw->n_objects; object++)
    {
      guint n;

      weft_timeline_get_samples (timeline, object, &n);
      total += n;
    }
  weft_export_buffer_init (&tw->out, file, options, total);
}

static void
trace_writer_clear (TraceWriter *tw)
{
  g_strfreev (tw->objects);
  g_free (tw->object_lens);
  g_strfreev (tw->steps);
  g_clear_pointer (&tw->tids, g_hash_table_unref);
}

static void
put_object (TraceWriter *tw,
            guint16      object)
{
  guint i = MIN (object, tw->n_objects);

  weft_export_buffer_put (&tw->out, tw->objects[i], tw->object_lens[i]);
}

static void
set_lane (TraceWriter *tw,
          guint        lane)
{
  gint tid = weft_timeline_get_lane_tid (tw->timeline, lane);
  char *end = tw->tid + sizeof tw->tid;
  char *start = weft_export_format_digits (end, ABS ((gint64) tid));
  guint process = weft_timeline_get_lane_process (tw->timeline, lane);

  if (tid < 0)
    *--start = '-';
  tw->tid_len = end - start;
  memmove (tw->tid, start, tw->tid_len);
  /* A recorded program's threads under their own processes, as Perfetto
   * and speedscope group them; a pattern's all under the run's. */
  tw->pid = process == WEFT_TIMELINE_NO_PROCESS ? 1 : weft_timeline_get_process_pid (tw->timeline, process);
}

/* "pid":P,"tid": for the current lane, its tid to follow. */
static void
put_pid_tid (TraceWriter *tw)
{
  weft_export_buffer_put_literal (&tw->out, "\"pid\":");
  weft_export_buffer_put_int (&tw->out, tw->pid);
  weft_export_buffer_put_literal (&tw->out, ",\"tid\":");
  weft_export_buffer_put (&tw->out, tw->tid, tw->tid_len);
}

static const char *
state_name (guint8 state)
{
  return state < WEFT_N_STATES ? weft_state_to_string (state) : "unknown";
}

static const WeftInstantInfo *
instant_info (TraceWriter *tw,
              guint8       instant)
{
  return weft_pattern_get_instant_info (weft_timeline_get_pattern (tw->timeline), instant);
}

/* `"name":"working"` and the rest that a span's B and E share up to ts. */
static void
put_span_head (TraceWriter    *tw,
               const WeftSpan *span)
{
  const char *name = state_name (span->state);

  weft_export_buffer_put_literal (&tw->out, "\"name\":\"");
  weft_export_buffer_put (&tw->out, name, strlen (name));
  weft_export_buffer_put_literal (&tw->out, "\",");
}

static void
put_span_args (TraceWriter    *tw,
               const WeftSpan *span)
{
  weft_export_buffer_put_literal (&tw->out, ",\"args\":{\"object\":");
  put_object (tw, span->object);
  if (span->state == WEFT_STATE_HELD)
    {
      /* What Step mode held the thread before: its arg is a WeftStep. */
      const char *will = weft_step_to_string (span->arg);

      weft_export_buffer_put_literal (&tw->out, ",\"will\":\"");
      weft_export_buffer_put (&tw->out, will, strlen (will));
      weft_export_buffer_put_literal (&tw->out, "\"");
      if (span->value != 0)
        {
          weft_export_buffer_put_literal (&tw->out, ",\"value\":");
          weft_export_buffer_put_int (&tw->out, span->value);
        }
    }
  else if (span->arg >= 1 && span->arg <= tw->n_steps)
    {
      const char *step = tw->steps[span->arg - 1];

      weft_export_buffer_put_literal (&tw->out, ",\"step\":");
      weft_export_buffer_put (&tw->out, step, strlen (step));
      weft_export_buffer_put_literal (&tw->out, ",\"round\":");
      weft_export_buffer_put_int (&tw->out, span->value);
    }
  else if (span->value != 0)
    {
      /* The round, phase or item the span was in, which the checks of a
       * trace read back (weft-import-trace.c) need as the run had it. */
      weft_export_buffer_put_literal (&tw->out, ",\"value\":");
      weft_export_buffer_put_int (&tw->out, span->value);
    }
  if (span->line != 0)
    {
      weft_export_buffer_put_literal (&tw->out, ",\"line\":");
      weft_export_buffer_put_int (&tw->out, span->line);
    }
  if (span->flags & WEFT_SPAN_CUT)
    weft_export_buffer_put_literal (&tw->out, ",\"cut\":true");
  if (span->state == WEFT_STATE_WAITING)
    switch (weft_lessons_wait_reason (tw->timeline, span->object))
      {
      case WEFT_WAIT_FULL:
        weft_export_buffer_put_literal (&tw->out, ",\"buffer\":\"full\"");
        break;
      case WEFT_WAIT_EMPTY:
        weft_export_buffer_put_literal (&tw->out, ",\"buffer\":\"empty\"");
        break;
      case WEFT_WAIT_OTHER:
      default:
        break;
      }
  weft_export_buffer_put_literal (&tw->out, "}}");
}

static void
put_tid_ts (TraceWriter *tw,
            gint64       time_ns)
{
  put_pid_tid (tw);
  weft_export_buffer_put_literal (&tw->out, ",\"ts\":");
  weft_export_buffer_put_micros (&tw->out, time_ns - tw->origin);
}

static void
put_begin (TraceWriter    *tw,
           const WeftSpan *span,
           gint64          start_ns)
{
  weft_export_buffer_put_literal (&tw->out, ",\n{\"ph\":\"B\",");
  put_span_head (tw, span);
  weft_export_buffer_put_literal (&tw->out, "\"cat\":");
  put_object (tw, span->object);
  weft_export_buffer_put_c (&tw->out, ',');
  put_tid_ts (tw, start_ns);
  put_span_args (tw, span);
}

static void
put_end (TraceWriter    *tw,
         const WeftSpan *span,
         gint64          end_ns)
{
  weft_export_buffer_put_literal (&tw->out, ",\n{\"ph\":\"E\",");
  put_span_head (tw, span);
  put_tid_ts (tw, end_ns);
  put_span_args (tw, span);
}

/* Writes the spans at @depth that belong within [*lo, hi], each with its
 * own children inside it, leaving *lo at the last one's end.  The
 * timeline closes spans like a stack, so a span already lies within its
 * parent and after its sibling; the clamps only make sure of it for a
 * timeline built by hand from events out of order. */
static gboolean
write_spans_within (TraceWriter *tw,
                    LaneSpans   *lane,
                    guint        depth,
                    gint64      *lo,
                    gint64       hi)
{
  if (depth >= lane->n_depths)
    return TRUE;

  while (lane->next[depth] < lane->n_spans[depth])
    {
      const WeftSpan *span = &lane->spans[depth][lane->next[depth]];
      gint64 start, end, child_lo;

      /* Starting at the parent's end and going on: the next parent's. */
      if (span->start_ns >= hi && span->end_ns > hi)
        break;
      lane->next[depth]++;

      start = CLAMP (span->start_ns, *lo, hi);
      end = CLAMP (span->end_ns, start, hi);
      put_begin (tw, span, start);
      child_lo = start;
      if (!write_spans_within (tw, lane, depth + 1, &child_lo, end))
        return FALSE;
      put_end (tw, span, end);
      *lo = end;
      if (!weft_export_buffer_advance (&tw->out))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_lane_spans (TraceWriter *tw,
                  guint        lane_index)
{
  LaneSpans lane = { 0 };
  gint64 lo = G_MININT64;

  lane.n_depths = MIN (weft_timeline_get_lane_depth (tw->timeline, lane_index), WEFT_TIMELINE_MAX_DEPTH);
  for (guint depth = 0; depth < lane.n_depths; depth++)
    lane.spans[depth] = weft_timeline_get_spans (tw->timeline, lane_index, depth, &lane.n_spans[depth]);

  /* The pass from depth 0 writes everything; a deeper span that lay
   * outside every parent (events out of order) is written after, at the
   * top, rather than lost. */
  for (guint depth = 0; depth < lane.n_depths; depth++)
    if (!write_spans_within (tw, &lane, depth, &lo, G_MAXINT64))
      return FALSE;
  return TRUE;
}

static void
put_instant (TraceWriter             *tw,
             const WeftInstantRecord *instant)
{
  const WeftInstantInfo *info = instant_info (tw, instant->instant);
  const char *name = info != NULL ? info->name : "unknown";
  const char *arg = info != NULL ? info->arg_name : NULL;

  weft_export_buffer_put_literal (&tw->out, ",\n{\"ph\":\"i\",\"s\":\"t\",\"name\":\"");
  weft_export_buffer_put (&tw->out, name, strlen (name));
  weft_export_buffer_put_literal (&tw->out, "\",\"cat\":");
  put_object (tw, instant->object);
  weft_export_buffer_put_c (&tw->out, ',');
  put_tid_ts (tw, instant->time_ns);
  weft_export_buffer_put_literal (&tw->out, ",\"args\":{\"object\":");
  put_object (tw, instant->object);
  /* A thread's life says whether it was a daemon and why it ended. */
  switch (instant->instant)
    {
    case WEFT_INSTANT_START:
      weft_export_buffer_put_literal (&tw->out, ",\"daemon\":");
      if (instant->value != 0)
        weft_export_buffer_put_literal (&tw->out, "true");
      else
        weft_export_buffer_put_literal (&tw->out, "false");
      arg = NULL;
      break;
    case WEFT_INSTANT_RAISE:
      {
        const char *message = weft_timeline_get_message (tw->timeline, instant->arg);

        weft_export_buffer_put_literal (&tw->out, ",\"message\":");
        weft_export_buffer_put_json_string (&tw->out, message != NULL ? message : "");
      }
      break;
    case WEFT_INSTANT_CANCEL:
      /* Python's cancel() after the function started does nothing. */
      if (instant->arg == WEFT_TIMER_CANCEL_LATE)
        weft_export_buffer_put_literal (&tw->out, ",\"late\":true");
      break;
    default:
      break;
    }
  if (arg != NULL)
    {
      weft_export_buffer_put_literal (&tw->out, ",\"");
      weft_export_buffer_put (&tw->out, arg, strlen (arg));
      weft_export_buffer_put_literal (&tw->out, "\":");
      weft_export_buffer_put_int (&tw->out, instant->value);
    }
  if (instant->line != 0)
    {
      weft_export_buffer_put_literal (&tw->out, ",\"line\":");
      weft_export_buffer_put_int (&tw->out, instant->line);
    }
  weft_export_buffer_put_literal (&tw->out, "}}");
}

/* A thread that exec'd had a lane for each image, with one tid: the
 * later lane's thread_name says from when the tid's events are its
 * (when its first came), for weft-import-trace.c to tell them apart. */
static void
put_since (TraceWriter *tw,
           guint        lane)
{
  gint tid = weft_timeline_get_lane_tid (tw->timeline, lane);
  gint64 start = weft_timeline_get_lane_start (tw->timeline, lane);

  if (g_hash_table_add (tw->tids, GINT_TO_POINTER (tid)))
    return;
  if (start == G_MAXINT64)
    start = weft_timeline_get_end (tw->timeline);
  weft_export_buffer_put_literal (&tw->out, ",\"since\":");
  weft_export_buffer_put_micros (&tw->out, start - tw->origin);
}

static gboolean
write_lane (TraceWriter *tw,
            guint        lane)
{
  const WeftInstantRecord *instants;
  guint n_instants;

  set_lane (tw, lane);
  weft_export_buffer_put_literal (&tw->out, ",\n{\"ph\":\"M\",\"name\":\"thread_name\",");
  put_pid_tid (tw);
  weft_export_buffer_put_literal (&tw->out, ",\"args\":{\"name\":");
  weft_export_buffer_put_json_string (&tw->out, weft_timeline_get_lane_name (tw->timeline, lane));
  put_since (tw, lane);
  weft_export_buffer_put_literal (&tw->out, "}},\n{\"ph\":\"M\",\"name\":\"thread_sort_index\",");
  put_pid_tid (tw);
  weft_export_buffer_put_literal (&tw->out, ",\"args\":{\"sort_index\":");
  weft_export_buffer_put_int (&tw->out, lane);
  weft_export_buffer_put_literal (&tw->out, "}}");

  if (!write_lane_spans (tw, lane))
    return FALSE;

  instants = weft_timeline_get_instants (tw->timeline, lane, &n_instants);
  for (guint i = 0; i < n_instants; i++)
    {
      /* A hand-off is written as a flow (write_flows()), not a mark. */
      if (instants[i].instant == WEFT_INSTANT_HANDOFF)
        continue;
      put_instant (tw, &instants[i]);
      if (!weft_export_buffer_advance (&tw->out))
        return FALSE;
    }
  return TRUE;
}

static const char *
counter_arg_name (const WeftObjectInfo *object)
{
  switch (object->kind)
    {
    case WEFT_OBJECT_SEMAPHORE: return object->limit > 0 ? "occupancy" : "pending";
    case WEFT_OBJECT_MUTEX: return "fill";
    case WEFT_OBJECT_BARRIER: return "arrived";
    case WEFT_OBJECT_COUNTER:
    case WEFT_OBJECT_CONDITION:
    default: return "value";
    }
}

static gboolean
write_counters (TraceWriter *tw)
{
  for (guint16 object = 0; object < tw->n_objects; object++)
    {
      const char *arg = counter_arg_name (weft_timeline_get_object (tw->timeline, object));
      gsize arg_len = strlen (arg);
      guint n;
      const WeftSample *samples = weft_timeline_get_samples (tw->timeline, object, &n);

      for (guint i = 0; i < n; i++)
        {
          weft_export_buffer_put_literal (&tw->out, ",\n{\"ph\":\"C\",\"name\":");
          put_object (tw, object);
          weft_export_buffer_put_literal (&tw->out, ",\"pid\":1,\"ts\":");
          weft_export_buffer_put_micros (&tw->out, samples[i].time_ns - tw->origin);
          weft_export_buffer_put_literal (&tw->out, ",\"args\":{\"");
          weft_export_buffer_put (&tw->out, arg, arg_len);
          weft_export_buffer_put_literal (&tw->out, "\":");
          weft_export_buffer_put_int (&tw->out, samples[i].value);
          weft_export_buffer_put_literal (&tw->out, "}}");
          if (!weft_export_buffer_advance (&tw->out))
            return FALSE;
        }
    }
  return TRUE;
}

/* Written once per file: clarity before speed. */
static void
put_printf (WeftExportBuffer *out,
            const char       *format,
            ...) G_GNUC_PRINTF (2, 3);

static void
put_printf (WeftExportBuffer *out,
            const char       *format,
            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  weft_export_buffer_put (out, text, strlen (text));
}

static void
write_params (WeftExportBuffer *out,
              WeftTimeline     *timeline)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);
  const WeftParams *params = weft_timeline_get_params (timeline);
  guint n = weft_pattern_get_n_params (pattern);

  weft_export_buffer_put_literal (out, ",\"params\":{");
  for (guint i = 0; i < n; i++)
    {
      const WeftParamSpec *spec = &pattern->params[i];
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      put_printf (out, "%s\"%s\":", i == 0 ? "" : ",", spec->name);
      switch (spec->kind)
        {
        case WEFT_PARAM_INTEGER:
          weft_export_buffer_put_int (out, (gint64) params->values[i]);
          break;
        case WEFT_PARAM_CHOICE:
          weft_export_buffer_put_json_string (out, spec->choices[(guint) params->values[i]]);
          break;
        case WEFT_PARAM_BOOLEAN:
          put_printf (out, "%s", params->values[i] != 0 ? "true" : "false");
          break;
        case WEFT_PARAM_NUMBER:
        case WEFT_PARAM_DURATION:
        default:
          put_printf (out, "%s", g_ascii_dtostr (number, sizeof number, params->values[i]));
          break;
        }
    }
  weft_export_buffer_put_c (out, '}');
  /* Enough to run it again: --variant and --seed. */
  if (weft_params_get_variant_name (params) != NULL)
    {
      weft_export_buffer_put_literal (out, ",\"variant\":");
      weft_export_buffer_put_json_string (out, weft_params_get_variant_name (params));
    }
  if (params->seeded)
    put_printf (out, ",\"seed\":%" G_GUINT64_FORMAT, params->seed);
}

/* An inconclusive check names, in fields of its own, the lane and the
 * time (ns from the start) where the events it needed were lost. */
static void
write_checks (WeftExportBuffer *out,
              WeftTimeline     *timeline,
              WeftChecks       *checks)
{
  gint64 origin = weft_timeline_get_origin (timeline);

  weft_export_buffer_put_literal (out, ",\"checks\":[");
  for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
    {
      const WeftCheck *check = weft_checks_get_check (checks, i);

      put_printf (out, "%s{\"name\":", i > 0 ? "," : "");
      weft_export_buffer_put_json_string (out, check->id);
      put_printf (out, ",\"status\":\"%s\",\"passed\":%s,\"lesson\":%s,\"message\":",
                  weft_check_status_to_string (check->status),
                  check->passed ? "true" : "false", check->is_lesson ? "true" : "false");
      weft_export_buffer_put_json_string (out, check->message);
      if (check->has_gap && check->gap_lane < weft_timeline_get_n_lanes (timeline))
        {
          weft_export_buffer_put_literal (out, ",\"lane\":");
          weft_export_buffer_put_json_string (out, weft_timeline_get_lane_name (timeline, check->gap_lane));
          put_printf (out, ",\"from_ns\":%" G_GINT64_FORMAT ",\"to_ns\":%" G_GINT64_FORMAT,
                      check->gap_from_ns - origin, check->gap_to_ns - origin);
        }
      weft_export_buffer_put_c (out, '}');
    }
  weft_export_buffer_put_c (out, ']');
}

/* When the run was paused, in ns from its start. */
static void
write_pauses (WeftExportBuffer *out,
              WeftTimeline     *timeline)
{
  gint64 origin = weft_timeline_get_origin (timeline);
  g_autoptr(GArray) copy = weft_timeline_dup_pauses (timeline);
  const WeftPause *pauses = (const WeftPause *) (gpointer) copy->data;
  guint n = copy->len;

  weft_export_buffer_put_literal (out, ",\"pauses\":[");
  for (guint i = 0; i < n; i++)
    put_printf (out, "%s{\"from_ns\":%" G_GINT64_FORMAT ",\"to_ns\":%" G_GINT64_FORMAT "}",
                i > 0 ? "," : "", pauses[i].from_ns - origin,
                (pauses[i].to_ns != 0 ? pauses[i].to_ns : weft_timeline_get_end (timeline)) - origin);
  weft_export_buffer_put_c (out, ']');
}

/* Where events were lost (discard mode): nothing is known there. */
static void
write_gaps (WeftExportBuffer *out,
            WeftTimeline     *timeline)
{
  gint64 origin = weft_timeline_get_origin (timeline);
  guint n;
  const WeftGap *gaps = weft_timeline_get_gaps (timeline, &n);

  weft_export_buffer_put_literal (out, ",\"gaps\":[");
  for (guint i = 0; i < n; i++)
    {
      put_printf (out, "%s{\"lane\":", i > 0 ? "," : "");
      weft_export_buffer_put_json_string (out, weft_timeline_get_lane_name (timeline, gaps[i].lane));
      put_printf (out, ",\"tid\":%d,\"from_ns\":%" G_GINT64_FORMAT ",\"to_ns\":%" G_GINT64_FORMAT
                       ",\"dropped\":%" G_GUINT64_FORMAT "}",
                  weft_timeline_get_lane_tid (timeline, gaps[i].lane),
                  gaps[i].from_ns - origin, gaps[i].to_ns - origin, gaps[i].n_dropped);
    }
  weft_export_buffer_put_c (out, ']');
}

/* The deadlock the wait-for graph found, edge by edge, with the lanes'
 * and objects' own names; absent when there was none. */
static void
write_deadlock (WeftExportBuffer *out,
                WeftTimeline     *timeline)
{
  guint n;
  const WeftWaitEdge *edges = weft_timeline_get_deadlock (timeline, &n, NULL);

  if (edges == NULL)
    return;
  weft_export_buffer_put_literal (out, ",\"deadlock\":[");
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        weft_export_buffer_put_c (out, ',');
      weft_export_buffer_put_literal (out, "{\"thread\":");
      weft_export_buffer_put_json_string (out, weft_timeline_get_lane_name (timeline, edges[i].lane));
      weft_export_buffer_put_literal (out, ",\"waits_for\":");
      weft_export_buffer_put_json_string (out, weft_timeline_get_object_name (timeline, edges[i].object));
      weft_export_buffer_put_literal (out, ",\"held_by\":");
      weft_export_buffer_put_json_string (out, weft_timeline_get_lane_name (timeline, edges[i].holder));
      weft_export_buffer_put_c (out, '}');
    }
  weft_export_buffer_put_c (out, ']');
}

/* The flows write_flows() writes: every arrow still held in detail. */
static guint64
count_flows (WeftTimeline *timeline)
{
  guint64 n = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      guint n_arrows;

      weft_timeline_get_arrows (timeline, lane, &n_arrows);
      n += n_arrows;
    }
  return n;
}

/* weft record: the command, and how it ended, apart from Weft's own
 * verdicts: {"exited": true, "code": 0}, or "signal": 11, or
 * {"exited": false} for one still running, unrecorded. */
static void
write_program (WeftExportBuffer *out,
               WeftTimeline     *timeline)
{
  WeftRun *run = weft_timeline_get_run (timeline);
  WeftProgram *program = run != NULL ? weft_run_get_program (run) : NULL;
  const char * const *argv;
  g_autofree char *text = NULL;
  int status;

  if (program == NULL)
    return;
  argv = weft_program_get_argv (program);
  weft_export_buffer_put_literal (out, ",\"program\":[");
  for (guint i = 0; argv[i] != NULL; i++)
    {
      if (i > 0)
        weft_export_buffer_put_literal (out, ",");
      weft_export_buffer_put_json_string (out, argv[i]);
    }
  weft_export_buffer_put_literal (out, "],\"program_status\":{");
  if (!weft_program_get_status (program, &status))
    weft_export_buffer_put_literal (out, "\"exited\":false");
  else if (WIFEXITED (status))
    put_printf (out, "\"exited\":true,\"code\":%d", WEXITSTATUS (status));
  else
    put_printf (out, "\"exited\":true,\"signal\":%d,\"core_dumped\":%s", WTERMSIG (status),
                WCOREDUMP (status) ? "true" : "false");
  text = weft_program_describe_status (program);
  weft_export_buffer_put_literal (out, ",\"text\":");
  weft_export_buffer_put_json_string (out, text);
  weft_export_buffer_put_literal (out, "}");
}

/* A recorded program's objects: no setup of Weft's made them, so a
 * reader needs their list; written for a program's trace read back,
 * too, whose program is long gone. */
static void
write_program_objects (WeftExportBuffer *out,
                       WeftTimeline     *timeline)
{
  if (weft_timeline_get_pattern (timeline) != &weft_program_pattern)
    return;
  weft_export_buffer_put_literal (out, ",\"objects\":[");
  for (guint i = 0; i < weft_timeline_get_n_objects (timeline); i++)
    {
      static const char * const kinds[] = { "mutex", "semaphore", "condition", "barrier", "counter" };
      const WeftObjectInfo *info = weft_timeline_get_object (timeline, i);

      if (i > 0)
        weft_export_buffer_put_literal (out, ",");
      weft_export_buffer_put_literal (out, "{\"name\":");
      weft_export_buffer_put_json_string (out, info->name);
      weft_export_buffer_put_literal (out, ",\"kind\":");
      weft_export_buffer_put_json_string (out, info->kind < G_N_ELEMENTS (kinds) ? kinds[info->kind] : "counter");
      weft_export_buffer_put_literal (out, "}");
    }
  weft_export_buffer_put_literal (out, "]");
}

static void
write_other_data (WeftExportBuffer *out,
                  WeftTimeline     *timeline,
                  WeftChecks       *checks)
{
  gint64 expected, actual;

  weft_export_buffer_put_literal (out, "\"otherData\":{\"pattern\":");
  weft_export_buffer_put_json_string (out, weft_timeline_get_pattern (timeline)->name);
  write_params (out, timeline);
  if (weft_timeline_get_stop_reason (timeline) != NULL)
    {
      weft_export_buffer_put_literal (out, ",\"stopped_because\":");
      weft_export_buffer_put_json_string (out, weft_timeline_get_stop_reason (timeline));
    }
  put_printf (out, ",\"dropped\":%" G_GUINT64_FORMAT ",\"events\":%" G_GUINT64_FORMAT
                   ",\"duration_ns\":%" G_GINT64_FORMAT,
              weft_timeline_get_dropped (timeline), weft_timeline_get_n_events (timeline),
              weft_timeline_get_end (timeline) - weft_timeline_get_origin (timeline));
  /* Past its memory budget a run lets go of its oldest detail, so the
   * events written start here; before it only the summary was kept, and
   * "events" still counts all that were recorded.  0: all of it. */
  put_printf (out, ",\"active_ns\":%" G_GINT64_FORMAT ",\"detail_from_ns\":%" G_GINT64_FORMAT
                   ",\"recorder_stall_ns\":%" G_GINT64_FORMAT ",\"format\":%d",
              weft_timeline_get_active_ns (timeline),
              weft_timeline_get_detail_from (timeline) - weft_timeline_get_origin (timeline),
              weft_timeline_get_stall_ns (timeline), WEFT_TRACE_FORMAT_VERSION);
  /* When the run was asked to stop, which tells a main thread that was
   * stopped from one that returned; absent when it ended on its own. */
  if (weft_timeline_get_stop_ns (timeline) != 0)
    put_printf (out, ",\"stop_ns\":%" G_GINT64_FORMAT,
                weft_timeline_get_stop_ns (timeline) - weft_timeline_get_origin (timeline));
  if (weft_checks_get_result (checks, &expected, &actual))
    put_printf (out, ",\"result\":{\"expected\":%" G_GINT64_FORMAT ",\"actual\":%" G_GINT64_FORMAT
                     ",\"lost\":%" G_GINT64_FORMAT "}", expected, actual, expected - actual);
  put_printf (out, ",\"flows\":%" G_GUINT64_FORMAT, count_flows (timeline));
  write_checks (out, timeline, checks);
  write_pauses (out, timeline);
  write_gaps (out, timeline);
  write_deadlock (out, timeline);
  write_program (out, timeline);
  write_program_objects (out, timeline);
  /* The listing its events' args.line count in, so a reader can show
   * which line each thread was at. */
  if (weft_timeline_get_pattern (timeline)->code != NULL)
    {
      weft_export_buffer_put_literal (out, ",\"code\":");
      weft_export_buffer_put_json_string (out, weft_timeline_get_pattern (timeline)->code);
    }
  weft_export_buffer_put_literal (out, ",\"generator\":\"Weft " PACKAGE_VERSION "\"}");
}

/* Each pause as a global instant pair, so a trace viewer shows where
 * the threads were held. */
static gboolean
write_pause_marks (TraceWriter *tw)
{
  g_autoptr(GArray) copy = weft_timeline_dup_pauses (tw->timeline);
  const WeftPause *pauses = (const WeftPause *) (gpointer) copy->data;
  guint n = copy->len;

  for (guint i = 0; i < n; i++)
    {
      gint64 to = pauses[i].to_ns != 0 ? pauses[i].to_ns : weft_timeline_get_end (tw->timeline);

      weft_export_buffer_put_literal (&tw->out, ",\n{\"ph\":\"i\",\"s\":\"g\",\"name\":\"paused\",\"pid\":1,\"tid\":0,\"ts\":");
      weft_export_buffer_put_micros (&tw->out, pauses[i].from_ns - tw->origin);
      weft_export_buffer_put_literal (&tw->out, "},\n{\"ph\":\"i\",\"s\":\"g\",\"name\":\"resumed\",\"pid\":1,\"tid\":0,\"ts\":");
      weft_export_buffer_put_micros (&tw->out, to - tw->origin);
      weft_export_buffer_put_c (&tw->out, '}');
      if (!weft_export_buffer_advance (&tw->out))
        return FALSE;
    }
  return TRUE;
}

/* One flow end: `s` on the waker's thread or `f` on the woken one's. */
static void
put_flow_end (TraceWriter *tw,
              const char  *phase,
              guint        lane,
              gint64       time_ns,
              guint64      id,
              guint16      object,
              gboolean     bind_enclosing,
              gboolean     inferred)
{
  set_lane (tw, lane);
  weft_export_buffer_put_literal (&tw->out, ",\n{\"ph\":\"");
  weft_export_buffer_put (&tw->out, phase, strlen (phase));
  weft_export_buffer_put_literal (&tw->out, "\",\"name\":\"hand-off\",\"cat\":\"handoff\",\"id\":");
  weft_export_buffer_put_int (&tw->out, (gint64) id);
  weft_export_buffer_put_c (&tw->out, ',');
  put_tid_ts (tw, time_ns);
  weft_export_buffer_put_literal (&tw->out, ",\"args\":{\"object\":");
  put_object (tw, object);
  /* A guess: which waiter went was the kernel's choice (weft record). */
  if (inferred)
    weft_export_buffer_put_literal (&tw->out, ",\"inferred\":true");
  weft_export_buffer_put_c (&tw->out, '}');
  if (bind_enclosing)
    weft_export_buffer_put_literal (&tw->out, ",\"bp\":\"e\"");
  weft_export_buffer_put_c (&tw->out, '}');
}

/* Every hand-off as a v1 flow: `s` at the cause on the waker's thread,
 * `f` at the end of the woken thread's wait, bound ("bp":"e") to the
 * slice that encloses it, which a flow's next-slice binding would miss
 * when the wait ends the lane's last slice.  A flow cannot fork, so a
 * set or a barrier that lets several go is one flow per woken thread,
 * each with its own id.  Written after the slices, so that a viewer
 * reading in order has every slice before the flows that bind to it. */
static gboolean
write_flows (TraceWriter *tw)
{
  guint64 id = 0;

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (tw->timeline); lane++)
    {
      guint n_arrows;
      const WeftArrow *arrows = weft_timeline_get_arrows (tw->timeline, lane, &n_arrows);

      for (guint a = 0; a < n_arrows; a++)
        {
          id++;
          put_flow_end (tw, "s", arrows[a].from_lane, arrows[a].from_ns, id, arrows[a].object, FALSE,
                        arrows[a].inferred);
          put_flow_end (tw, "f", arrows[a].to_lane, arrows[a].to_ns, id, arrows[a].object, TRUE,
                        arrows[a].inferred);
          if (!weft_export_buffer_advance (&tw->out))
            return FALSE;
        }
    }
  return TRUE;
}

/* Each lost update of the race, on the thread whose write repeated a
 * value: what it wrote, the stale read it was based on (on the same
 * thread) and the write of that value it stored over. */
static gboolean
write_lost_updates (TraceWriter *tw)
{
  guint n_lost;
  const WeftLostUpdate *lost = weft_lessons_get_lost_updates (tw->timeline, &n_lost);
  guint16 counter = WEFT_OBJECT_NONE;

  weft_timeline_find_object (tw->timeline, "counter", &counter);
  for (guint i = 0; i < n_lost; i++)
    {
      set_lane (tw, lost[i].over_lane);
      weft_export_buffer_put_literal (&tw->out, ",\n{\"ph\":\"i\",\"s\":\"t\",\"name\":\"lost-update\",\"cat\":");
      put_object (tw, counter);
      weft_export_buffer_put_literal (&tw->out, ",\"args\":{\"over_tid\":");
      weft_export_buffer_put (&tw->out, tw->tid, tw->tid_len);
      weft_export_buffer_put_literal (&tw->out, ",\"over_ts\":");
      weft_export_buffer_put_micros (&tw->out, lost[i].over_ns - tw->origin);
      set_lane (tw, lost[i].lane);
      weft_export_buffer_put_literal (&tw->out, ",\"object\":");
      put_object (tw, counter);
      weft_export_buffer_put_literal (&tw->out, ",\"value\":");
      weft_export_buffer_put_int (&tw->out, lost[i].value);
      weft_export_buffer_put_literal (&tw->out, ",\"read_value\":");
      weft_export_buffer_put_int (&tw->out, lost[i].value - 1);
      weft_export_buffer_put_literal (&tw->out, ",\"read_tid\":");
      weft_export_buffer_put (&tw->out, tw->tid, tw->tid_len);
      weft_export_buffer_put_literal (&tw->out, ",\"read_ts\":");
      weft_export_buffer_put_micros (&tw->out, lost[i].read_ns - tw->origin);
      weft_export_buffer_put_literal (&tw->out, "},");
      put_tid_ts (tw, lost[i].write_ns);
      weft_export_buffer_put_c (&tw->out, '}');
      if (!weft_export_buffer_advance (&tw->out))
        return FALSE;
    }
  return TRUE;
}

/* Each barrier phase's opening, at its last arrival, on that thread. */
static gboolean
write_phase_openings (TraceWriter *tw)
{
  guint n;
  const WeftPhaseOpening *openings = weft_lessons_get_phase_openings (tw->timeline, &n);
  guint16 barrier = WEFT_OBJECT_NONE;

  weft_timeline_find_object (tw->timeline, "barrier", &barrier);
  for (guint i = 0; i < n; i++)
    {
      set_lane (tw, openings[i].lane);
      weft_export_buffer_put_literal (&tw->out, ",\n{\"ph\":\"i\",\"s\":\"p\",\"name\":\"phase-opened\",\"cat\":");
      put_object (tw, barrier);
      weft_export_buffer_put_c (&tw->out, ',');
      put_tid_ts (tw, openings[i].time_ns);
      weft_export_buffer_put_literal (&tw->out, ",\"args\":{\"object\":");
      put_object (tw, barrier);
      weft_export_buffer_put_literal (&tw->out, ",\"phase\":");
      weft_export_buffer_put_int (&tw->out, openings[i].phase);
      weft_export_buffer_put_literal (&tw->out, "}}");
      if (!weft_export_buffer_advance (&tw->out))
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_events (TraceWriter *tw)
{
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (tw->timeline); lane++)
    if (!write_lane (tw, lane))
      return FALSE;
  return write_counters (tw) && write_pause_marks (tw) && write_flows (tw) &&
         write_lost_updates (tw) && write_phase_openings (tw);
}

/* A recorded program's processes, each named, in the order Weft shows
 * them (their sort index; pid 1, the run's counters, before them). */
static void
write_processes (TraceWriter *tw)
{
  for (guint i = 0; i < weft_timeline_get_n_processes (tw->timeline); i++)
    {
      gint pid = weft_timeline_get_process_pid (tw->timeline, i);

      weft_export_buffer_put_literal (&tw->out, ",\n{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":");
      weft_export_buffer_put_int (&tw->out, pid);
      weft_export_buffer_put_literal (&tw->out, ",\"args\":{\"name\":");
      weft_export_buffer_put_json_string (&tw->out, weft_timeline_get_process_name (tw->timeline, i));
      weft_export_buffer_put_literal (&tw->out, "}},\n{\"ph\":\"M\",\"name\":\"process_sort_index\",\"pid\":");
      weft_export_buffer_put_int (&tw->out, pid);
      weft_export_buffer_put_literal (&tw->out, ",\"args\":{\"sort_index\":");
      weft_export_buffer_put_int (&tw->out, i + 1);
      weft_export_buffer_put_literal (&tw->out, "}}");
    }
}

/**
 * weft_export_write_trace:
 * @checks: the verdicts to write, in English: as weft_check_timeline()
 *   gives them in the C locale (weft_export_timeline() makes them so)
 * @options: (nullable): for the progress callback and cancellable
 *
 * The whole run as Chrome Trace Event JSON: a `thread_name` for every
 * worker, spans as `B`/`E` pairs named by state, `i` instants, `C`
 * counters, and in `otherData` the pattern, its parameters, drops,
 * result and checks.  Everything is under pid 1, the run, except a
 * recorded program's threads: those are under their processes' real
 * pids, each with a `process_name` and `process_sort_index`.  Written in the C locale whatever the user's, so
 * that the file is the same in every language.
 *
 * Returns: FALSE with @error set when a write fails or the export is
 * cancelled; what was written is then incomplete
 */
gboolean
weft_export_write_trace (WeftTimeline             *timeline,
                         WeftChecks               *checks,
                         const WeftExportOptions  *options,
                         FILE                     *file,
                         GError                  **error)
{
  TraceWriter tw = { 0 };
  gboolean complete;
  locale_t previous;

  g_return_val_if_fail (timeline != NULL, FALSE);
  g_return_val_if_fail (checks != NULL, FALSE);
  g_return_val_if_fail (file != NULL, FALSE);

  previous = weft_format_use_c_locale ();
  trace_writer_init (&tw, timeline, options, file);
  weft_export_buffer_put_literal (&tw.out, "{\"traceEvents\":[\n{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"args\":{\"name\":");
  weft_export_buffer_put_json_string (&tw.out, weft_timeline_get_pattern (timeline)->name);
  weft_export_buffer_put_literal (&tw.out, "}}");
  write_processes (&tw);
  complete = write_events (&tw);
  if (complete)
    {
      weft_export_buffer_put_literal (&tw.out, "\n],\n\"displayTimeUnit\":\"ns\",\n");
      write_other_data (&tw.out, timeline, checks);
      weft_export_buffer_put_literal (&tw.out, "}\n");
    }
  trace_writer_clear (&tw);
  weft_format_restore_locale (previous);
  /* An early stop was a cancel or a failed write, which _finish() reports. */
  return weft_export_buffer_finish (&tw.out, error);
}
