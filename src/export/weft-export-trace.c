/* weft-export-trace.c: Chrome Trace Event JSON, which Perfetto UI opens
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written straight to the file rather than through a JsonBuilder tree:
 * a run can hold millions of events, and a node per event would need
 * many times the timeline's own memory.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-export.h"

#include <string.h>

static void
write_string (FILE       *file,
              const char *text)
{
  const char *run = text;

  fputc ('"', file);
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;
      /* Write the plain run before it in one go, then the escape. */
      fwrite (run, 1, p - run, file);
      run = p + 1;
      switch (c)
        {
        case '"': fputs ("\\\"", file); break;
        case '\\': fputs ("\\\\", file); break;
        case '\n': fputs ("\\n", file); break;
        case '\r': fputs ("\\r", file); break;
        case '\t': fputs ("\\t", file); break;
        default: fprintf (file, "\\u%04x", c); break;
        }
    }
  fwrite (run, 1, strlen (run), file);
  fputc ('"', file);
}

/* Microseconds with the nanoseconds as three decimals, as the format
 * wants, relative to when the workers were let go. */
static void
write_micros (FILE   *file,
              gint64  ns)
{
  if (ns < 0)
    {
      fputc ('-', file);
      ns = -ns;
    }
  fprintf (file, "%" G_GINT64_FORMAT ".%03d", ns / 1000, (int) (ns % 1000));
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

/* The arg an instant's value means, or NULL when it carries none. */
static const char *
instant_arg_name (WeftInstant instant)
{
  switch (instant)
    {
    case WEFT_INSTANT_PRODUCE:
    case WEFT_INSTANT_CONSUME: return "item";
    case WEFT_INSTANT_ARRIVE:
    case WEFT_INSTANT_DEPART: return "phase";
    case WEFT_INSTANT_READ:
    case WEFT_INSTANT_WRITE: return "value";
    case WEFT_INSTANT_WAKE: return "woken";
    case WEFT_INSTANT_ACQUIRE:
    case WEFT_INSTANT_RELEASE:
    case WEFT_INSTANT_POST:
    case WEFT_N_INSTANTS:
    default: return NULL;
    }
}

static void
write_lane (FILE         *file,
            WeftTimeline *timeline,
            guint         lane)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);
  gint64 origin = weft_timeline_get_origin (timeline);
  gint tid = weft_timeline_get_lane_tid (timeline, lane);
  const WeftInstantRecord *instants;
  guint n_instants;

  fprintf (file, ",\n{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":%d,\"args\":{\"name\":", tid);
  write_string (file, weft_timeline_get_lane_name (timeline, lane));
  fprintf (file, "}},\n{\"ph\":\"M\",\"name\":\"thread_sort_index\",\"pid\":1,\"tid\":%d,"
                 "\"args\":{\"sort_index\":%u}}", tid, lane);

  for (guint depth = 0; depth < weft_timeline_get_lane_depth (timeline, lane); depth++)
    {
      guint n;
      const WeftSpan *spans = weft_timeline_get_spans (timeline, lane, depth, &n);

      for (guint i = 0; i < n; i++)
        {
          const WeftSpan *span = &spans[i];
          const char *object = weft_timeline_get_object_name (timeline, span->object);

          fprintf (file, ",\n{\"ph\":\"X\",\"name\":\"%s\",\"cat\":", weft_state_to_string (span->state));
          write_string (file, object);
          fprintf (file, ",\"pid\":1,\"tid\":%d,\"ts\":", tid);
          write_micros (file, span->start_ns - origin);
          fputs (",\"dur\":", file);
          write_micros (file, span->end_ns - span->start_ns);
          fputs (",\"args\":{\"object\":", file);
          write_string (file, object);
          if (pattern->steps != NULL && span->arg >= 1 && span->arg <= g_strv_length ((char **) pattern->steps))
            {
              fputs (",\"step\":", file);
              write_string (file, pattern->steps[span->arg - 1]);
              fprintf (file, ",\"round\":%" G_GINT64_FORMAT, span->value);
            }
          if (span->flags & WEFT_SPAN_CUT)
            fputs (",\"cut\":true", file);
          fputs ("}}", file);
        }
    }

  instants = weft_timeline_get_instants (timeline, lane, &n_instants);
  for (guint i = 0; i < n_instants; i++)
    {
      const WeftInstantRecord *instant = &instants[i];
      const char *arg = instant_arg_name (instant->instant);

      fprintf (file, ",\n{\"ph\":\"i\",\"s\":\"t\",\"name\":\"%s\",\"cat\":",
               weft_instant_to_string (instant->instant));
      write_string (file, weft_timeline_get_object_name (timeline, instant->object));
      fprintf (file, ",\"pid\":1,\"tid\":%d,\"ts\":", tid);
      write_micros (file, instant->time_ns - origin);
      fputs (",\"args\":{\"object\":", file);
      write_string (file, weft_timeline_get_object_name (timeline, instant->object));
      if (arg != NULL)
        fprintf (file, ",\"%s\":%" G_GINT64_FORMAT, arg, instant->value);
      fputs ("}}", file);
    }
}

static void
write_counters (FILE         *file,
                WeftTimeline *timeline)
{
  gint64 origin = weft_timeline_get_origin (timeline);

  for (guint16 object = 0; object < weft_timeline_get_n_objects (timeline); object++)
    {
      const WeftObjectInfo *info = weft_timeline_get_object (timeline, object);
      guint n;
      const WeftSample *samples = weft_timeline_get_samples (timeline, object, &n);

      for (guint i = 0; i < n; i++)
        {
          fputs (",\n{\"ph\":\"C\",\"name\":", file);
          write_string (file, info->name);
          fputs (",\"pid\":1,\"ts\":", file);
          write_micros (file, samples[i].time_ns - origin);
          fprintf (file, ",\"args\":{\"%s\":%" G_GINT64_FORMAT "}}", counter_arg_name (info), samples[i].value);
        }
    }
}

static void
write_other_data (FILE         *file,
                  WeftTimeline *timeline,
                  WeftChecks   *checks)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);
  const WeftParams *params = weft_timeline_get_params (timeline);
  gboolean first = TRUE;
  gint64 expected, actual;

  fputs ("\"otherData\":{\"pattern\":", file);
  write_string (file, pattern->name);
  fputs (",\"params\":{", file);
  for (guint i = 0; i < WEFT_N_PARAMS; i++)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      if (!pattern->ranges[i].applies)
        continue;
      fprintf (file, "%s\"%s\":", first ? "" : ",", weft_param_get_name (i));
      if (weft_param_is_integer (i))
        fprintf (file, "%" G_GINT64_FORMAT, (gint64) params->values[i]);
      else
        fputs (g_ascii_dtostr (number, sizeof number, params->values[i]), file);
      first = FALSE;
    }
  fprintf (file, "},\"dropped\":%" G_GUINT64_FORMAT ",\"events\":%" G_GUINT64_FORMAT
                 ",\"duration_ns\":%" G_GINT64_FORMAT,
           weft_timeline_get_dropped (timeline), weft_timeline_get_n_events (timeline),
           weft_timeline_get_end (timeline) - weft_timeline_get_origin (timeline));
  if (weft_checks_get_result (checks, &expected, &actual))
    fprintf (file, ",\"result\":{\"expected\":%" G_GINT64_FORMAT ",\"actual\":%" G_GINT64_FORMAT
                   ",\"lost\":%" G_GINT64_FORMAT "}", expected, actual, expected - actual);

  fputs (",\"checks\":[", file);
  for (guint i = 0; i < weft_checks_get_n_checks (checks); i++)
    {
      const WeftCheck *check = weft_checks_get_check (checks, i);

      fprintf (file, "%s{\"name\":", i > 0 ? "," : "");
      write_string (file, check->id);
      fprintf (file, ",\"status\":\"%s\",\"passed\":%s,\"lesson\":%s,\"message\":",
               weft_check_status_to_string (check->status),
               check->passed ? "true" : "false", check->is_lesson ? "true" : "false");
      write_string (file, check->message);
      fputs ("}", file);
    }
  fputs ("],\"generator\":\"Weft " PACKAGE_VERSION "\"}", file);
}

/**
 * weft_export_write_trace:
 *
 * The whole run as Chrome Trace Event JSON: a `thread_name` for every
 * worker, `X` spans named by state, `i` instants, `C` counters, and in
 * `otherData` the pattern, its parameters, drops, result and checks.
 */
gboolean
weft_export_write_trace (WeftTimeline  *timeline,
                         WeftChecks    *checks,
                         FILE          *file,
                         GError       **error)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);

  fputs ("{\"traceEvents\":[\n{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"args\":{\"name\":", file);
  write_string (file, pattern->name);
  fputs ("}}", file);
  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    write_lane (file, timeline, lane);
  write_counters (file, timeline);
  fputs ("\n],\n\"displayTimeUnit\":\"ns\",\n", file);
  write_other_data (file, timeline, checks);
  fputs ("}\n", file);

  if (ferror (file))
    {
      g_set_error (error, WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_FAILED, _("Writing the trace failed"));
      return FALSE;
    }
  return TRUE;
}
