/* weft-import-trace.c: a Chrome Trace JSON that Weft wrote, read back
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The inverse of weft-export-trace.c.  The timeline is rebuilt the way a
 * run builds its own: the pattern's setup makes the objects, with the
 * names, kinds and limits a live run of those parameters has; the lanes
 * come from the thread names, in order; and the events go through
 * weft_timeline_add_events() as a drain would bring them.  So the spans,
 * arrows, object lanes and checks are all folded by the code that folds
 * a live run, and a re-check is a real one, not the file's verdicts
 * copied.
 *
 * What the exporter derived rather than recorded is derived again, not
 * read: the lessons' marks (lost-update, phase-opened), the buffer's
 * full/empty on a wait, the arrows from a produce to its consume.  The
 * one kind of flow that is recorded, a hand-off, becomes again the
 * WEFT_INSTANT_HANDOFF the woken thread wrote.
 *
 * Nothing in the file is trusted.  Every field is looked at for its type
 * before it is read (json-glib warns on a wrong one, and tests run with
 * fatal warnings), every number for its range, and every failure is a
 * GError saying what is wrong and where.
 *
 * Trace formats: 2 (otherData.format) writes spans as B/E pairs; older
 * traces have no format and wrote them as X events with a dur, or, for a
 * while, already as pairs.  Both are read.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "weft-clock.h"
#include "weft-import-trace.h"
#include "weft-recorder.h"
#include "weft-run.h"
#include "weft-timer.h"

/* Where the imported run starts on the timeline's clock: far enough from
 * 0 that no time near it is read as "none", and that the few events a
 * run stamps before its start (a thread's START) stay positive. */
#define IMPORT_ORIGIN_NS (G_GINT64_CONSTANT (1) << 50)
/* The furthest a time may lie from the start, in µs: over eleven days,
 * and within what a double holds to the nanosecond. */
#define MAX_TRACE_US 1e12
/* Events handed over at once when nothing needs a finer grain. */
#define FEED_BATCH 65536

/* At one moment on one lane: a gap first (it cuts what is open), then
 * spans, as the file nests them, then a hand-off, which its thread
 * writes the moment its wait ends, before what it does next (its
 * acquire has the same stamp), then instants; samples last. */
typedef enum
{
  CLASS_GAP,
  CLASS_SPAN,
  CLASS_HANDOFF,
  CLASS_INSTANT,
  CLASS_SAMPLE,
} EventClass;

typedef struct
{
  WeftEvent ev;
  guint64 seq;               /* the order read, which breaks ties */
  guint8 class;              /* EventClass */
} Pending;

/* A format 1 span, written with its duration. */
typedef struct
{
  gint64 start_ns;
  gint64 end_ns;
  gint64 value;
  guint32 lane;
  guint32 arg;
  guint32 line;
  guint16 object;
  guint8 state;
  guint64 seq;
} XSpan;

/* The spans a lane has open, to tell an E with no B. */
typedef struct
{
  guint depth;
  guint8 states[WEFT_TIMELINE_MAX_DEPTH];
  guint16 objects[WEFT_TIMELINE_MAX_DEPTH];
} LaneStack;

/* One flow's two ends, `s` at the waker, `f` at the woken thread. */
typedef struct
{
  gint64 id;
  gint64 from_ns;
  gint64 to_ns;
  guint32 from_lane;
  guint32 to_lane;
  guint16 object;
  gboolean has_from;
  gboolean has_to;
  gboolean inferred;   /* args.inferred: a guessed hand-off */
} Flow;

/* Where a produce or consume was, to tell its flow from a hand-off. */
typedef struct
{
  gint64 time_ns;
  guint32 lane;
  guint16 object;
  guint8 code;
} ItemKey;

/* A thread may have had more than one lane: an exec gives its process a
 * new image, and the thread that made it a new lane, with the tid it
 * had.  Each later lane's thread_name says since when it is that one. */
typedef struct
{
  gint64 since_ns;           /* from the trace's start */
  guint next;                /* the tid's next lane, or G_MAXUINT */
} Life;

typedef struct
{
  WeftTimeline *timeline;
  const WeftPattern *pattern;
  gint64 format;
  GHashTable *lanes;         /* tid → its first lane + 1 */
  GArray *lives;             /* Life, by lane */
  GHashTable *instant_codes; /* the pattern's instant names → code + 1 */
  GArray *stacks;            /* LaneStack per lane */
  GArray *events;            /* Pending */
  GArray *x_spans;           /* XSpan */
  GHashTable *flows;         /* id → Flow */
  GHashTable *items;         /* ItemKey set */
  guint64 seq;
  guint index;               /* the traceEvents element being read */
  GCancellable *cancellable;
  GArray *fed;               /* WeftEvent: each handed over, in order, when asked */
} Import;

G_DEFINE_QUARK (weft-import-error-quark, weft_import_error)

static void
import_clear (Import *im)
{
  g_clear_pointer (&im->timeline, weft_timeline_unref);
  g_clear_pointer (&im->lanes, g_hash_table_unref);
  g_clear_pointer (&im->lives, g_array_unref);
  g_clear_pointer (&im->instant_codes, g_hash_table_unref);
  g_clear_pointer (&im->stacks, g_array_unref);
  g_clear_pointer (&im->events, g_array_unref);
  g_clear_pointer (&im->x_spans, g_array_unref);
  g_clear_pointer (&im->flows, g_hash_table_unref);
  g_clear_pointer (&im->items, g_hash_table_unref);
  g_clear_pointer (&im->fed, g_array_unref);
}

static guint
item_key_hash (gconstpointer data)
{
  const ItemKey *key = data;

  return g_int64_hash (&key->time_ns) ^ (key->lane * 31u) ^ ((guint) key->object << 8) ^ key->code;
}

static gboolean
item_key_equal (gconstpointer a,
                gconstpointer b)
{
  const ItemKey *x = a, *y = b;

  return x->time_ns == y->time_ns && x->lane == y->lane && x->object == y->object && x->code == y->code;
}

/* Sets @error about the element of traceEvents being read. */
static gboolean fail_event (Import     *im,
                            GError    **error,
                            const char *format,
                            ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail_event (Import     *im,
            GError    **error,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* TRANSLATORS: "traceEvents[1234]": the JSON's array of events and the
   * index of the one that is wrong, kept as written; %s says what is wrong */
  g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID, _("traceEvents[%u]: %s"), im->index, what);
  return FALSE;
}

/* A number for a translated message, which takes no format macro. */
static char *
format_int (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* Members, by type; NULL (or FALSE) when missing or of another type. */
static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *name)
{
  JsonNode *node = get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* A whole number: an integer, or a double with nothing after the point
 * that a double still holds exactly. */
static gboolean
node_get_int (JsonNode *node,
              gint64   *value)
{
  double d;

  if (!node_is_number (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  d = json_node_get_double (node);
  if (!isfinite (d) || d != floor (d) || fabs (d) > 9007199254740992.0)
    return FALSE;
  *value = (gint64) d;
  return TRUE;
}

static gboolean
get_bool (JsonObject *object,
          const char *name,
          gboolean   *value)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

/* A time in µs with ns as decimals, back to whole ns from the start.  A
 * double holds every time up to MAX_TRACE_US to well under half a ns,
 * so rounding the product gives back the very integer written. */
static gboolean
read_micros (Import      *im,
             JsonObject  *event,
             const char  *name,
             gint64      *ns,
             GError     **error)
{
  JsonNode *node = get_member (event, name);
  double us;

  if (node == NULL)
    return fail_event (im, error, _("no “%s”"), name);
  if (!node_is_number (node))
    return fail_event (im, error, _("“%s” is not a number"), name);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    us = (double) json_node_get_int (node);
  else
    us = json_node_get_double (node);
  if (!isfinite (us) || fabs (us) > MAX_TRACE_US)
    return fail_event (im, error, _("“%s” is out of range: %g µs"), name, us);
  *ns = (gint64) llround (us * 1000.0);
  return TRUE;
}

/* A relative time or count in otherData, in ns, within the trace's range. */
static gboolean
read_other_ns (JsonObject  *object,
               const char  *where,
               const char  *name,
               gint64      *ns,
               GError     **error)
{
  JsonNode *node = get_member (object, name);

  if (!node_get_int (node, ns) || *ns < -(gint64) (MAX_TRACE_US * 1000) || *ns > (gint64) (MAX_TRACE_US * 1000))
    {
      /* TRANSLATORS: e.g. "otherData.pauses[2]: “from_ns” is not a whole number of nanoseconds in range" */
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID,
                   _("%s: “%s” is not a whole number of nanoseconds in range"), where, name);
      return FALSE;
    }
  return TRUE;
}

/* Thread @tid's lane at @time_ns (from the trace's start): its latest
 * lane begun by then.  FALSE for a tid with no thread_name. */
static gboolean
lane_at (Import *im,
         gint64  tid,
         gint64  time_ns,
         guint  *lane)
{
  gpointer found = g_hash_table_lookup (im->lanes, &tid);

  if (found == NULL)
    return FALSE;
  *lane = GPOINTER_TO_UINT (found) - 1;
  for (;;)
    {
      guint next = g_array_index (im->lives, Life, *lane).next;

      if (next == G_MAXUINT || time_ns < g_array_index (im->lives, Life, next).since_ns)
        return TRUE;
      *lane = next;
    }
}

static gboolean
lookup_lane (Import      *im,
             JsonObject  *event,
             guint32     *lane,
             GError     **error)
{
  gint64 tid, time_ns = 0;
  guint found;

  if (!node_get_int (get_member (event, "tid"), &tid))
    return fail_event (im, error, _("no whole number “tid”"));
  /* Only a tid with later lanes needs the time; what is wrong with it
   * is said where the event's time is read. */
  if (get_member (event, "ts") != NULL && !read_micros (im, event, "ts", &time_ns, NULL))
    time_ns = 0;
  if (!lane_at (im, tid, time_ns, &found))
    {
      g_autofree char *shown = format_int (tid);

      return fail_event (im, error, _("tid %s has no “thread_name”"), shown);
    }
  *lane = found;
  return TRUE;
}

/* An object by the name the exporter wrote: "none" for no object. */
static gboolean
lookup_object (Import      *im,
               const char  *name,
               guint16     *object,
               GError     **error)
{
  if (name == NULL || g_str_equal (name, "none"))
    {
      *object = WEFT_OBJECT_NONE;
      return TRUE;
    }
  if (!weft_timeline_find_object (im->timeline, name, object))
    return fail_event (im, error, _("%s has no object “%s”"), im->pattern->name, name);
  return TRUE;
}

static gboolean
read_state (Import      *im,
            JsonObject  *event,
            guint8      *state,
            GError     **error)
{
  const char *name = get_string (event, "name");

  if (name == NULL)
    return fail_event (im, error, _("a span with no “name”"));
  for (guint s = 0; s < WEFT_N_STATES; s++)
    if (g_str_equal (name, weft_state_to_string (s)))
      {
        *state = s;
        return TRUE;
      }
  return fail_event (im, error, _("“%s” is no thread state (working, waiting, critical or recorder)"), name);
}

/* An optional whole-number arg: absent is @fallback, anything else an error. */
static gboolean
read_arg_int (Import      *im,
              JsonObject  *args,
              const char  *name,
              gint64       min,
              gint64       max,
              gint64       fallback,
              gint64      *value,
              GError     **error)
{
  JsonNode *node = get_member (args, name);

  *value = fallback;
  if (node == NULL)
    return TRUE;
  if (!node_get_int (node, value) || *value < min || *value > max)
    {
      g_autofree char *low = format_int (min);
      g_autofree char *high = format_int (max);

      return fail_event (im, error, _("“args.%s” is not a whole number from %s to %s"), name, low, high);
    }
  return TRUE;
}

static void
add_pending (Import          *im,
             const WeftEvent *ev,
             EventClass       class)
{
  Pending pending = { *ev, im->seq++, class };

  g_array_append_val (im->events, pending);
}

/* The object, line and the pattern's step (with its round) or value
 * that a span's args carry. */
static gboolean
read_span_args (Import      *im,
                JsonObject  *event,
                WeftEvent   *ev,
                GError     **error)
{
  JsonObject *args = get_object (event, "args");
  const char *step = get_string (args, "step");
  const char *will = get_string (args, "will");
  gint64 number;

  if (!lookup_object (im, get_string (args, "object"), &ev->object, error))
    return FALSE;
  if (!read_arg_int (im, args, "line", 0, G_MAXUINT32, 0, &number, error))
    return FALSE;
  ev->line = (guint32) number;
  if (will != NULL)
    {
      /* A `held` span: what Step mode held the thread before. */
      WeftStep s;

      for (s = 0; s < WEFT_N_STEPS; s++)
        if (g_str_equal (weft_step_to_string (s), will))
          break;
      if (s == WEFT_N_STEPS)
        return fail_event (im, error, _("unknown sync point “%s”"), will);
      ev->arg = s;
    }
  else if (step != NULL)
    {
      guint n_steps = im->pattern->steps != NULL ? g_strv_length ((char **) im->pattern->steps) : 0;
      guint s;

      for (s = 0; s < n_steps; s++)
        if (g_str_equal (im->pattern->steps[s], step))
          break;
      if (s == n_steps)
        return fail_event (im, error, _("%s has no step “%s”"), im->pattern->name, step);
      ev->arg = s + 1;
      return read_arg_int (im, args, "round", G_MININT64, G_MAXINT64, 0, &ev->value, error);
    }
  return read_arg_int (im, args, "value", G_MININT64, G_MAXINT64, 0, &ev->value, error);
}

static gboolean
read_span_edge (Import      *im,
                JsonObject  *event,
                gboolean     begin,
                GError     **error)
{
  WeftEvent ev = { 0, };
  LaneStack *stack;
  gboolean cut = FALSE;

  if (!lookup_lane (im, event, &ev.lane, error) ||
      !read_micros (im, event, "ts", &ev.time_ns, error) ||
      !read_state (im, event, &ev.code, error) ||
      !read_span_args (im, event, &ev, error))
    return FALSE;
  ev.time_ns += IMPORT_ORIGIN_NS;
  stack = &g_array_index (im->stacks, LaneStack, ev.lane);

  if (begin)
    {
      if (stack->depth == WEFT_TIMELINE_MAX_DEPTH)
        return fail_event (im, error, _("spans nest deeper than %d on one thread"), WEFT_TIMELINE_MAX_DEPTH);
      stack->states[stack->depth] = ev.code;
      stack->objects[stack->depth] = ev.object;
      stack->depth++;
      ev.kind = WEFT_EVENT_BEGIN;
      add_pending (im, &ev, CLASS_SPAN);
      return TRUE;
    }

  /* The exporter writes each lane's pairs nested, so an E closes the
   * span its thread opened last. */
  if (stack->depth == 0 || stack->states[stack->depth - 1] != ev.code ||
      stack->objects[stack->depth - 1] != ev.object)
    return fail_event (im, error, _("an “E” (“%s” on “%s”) with no “B” open before it on its thread"),
                       weft_state_to_string (ev.code), weft_timeline_get_object_name (im->timeline, ev.object));
  stack->depth--;
  /* A span cut short, by its parent's end or the run's, is left for the
   * timeline to cut there again, which marks it cut as the run had. */
  get_bool (get_object (event, "args"), "cut", &cut);
  if (cut)
    return TRUE;
  ev.kind = WEFT_EVENT_END;
  ev.value = 0;
  ev.arg = 0;
  add_pending (im, &ev, CLASS_SPAN);
  return TRUE;
}

/* Format 1: a span as one X event, start and duration. */
static gboolean
read_x_span (Import      *im,
             JsonObject  *event,
             GError     **error)
{
  WeftEvent ev = { 0, };
  XSpan span;
  gint64 dur;

  if (!lookup_lane (im, event, &ev.lane, error) ||
      !read_micros (im, event, "ts", &ev.time_ns, error) ||
      !read_micros (im, event, "dur", &dur, error) ||
      !read_state (im, event, &ev.code, error) ||
      !read_span_args (im, event, &ev, error))
    return FALSE;
  if (dur < 0)
    return fail_event (im, error, _("“dur” is negative"));
  span = (XSpan) {
    ev.time_ns + IMPORT_ORIGIN_NS, ev.time_ns + dur + IMPORT_ORIGIN_NS, ev.value,
    ev.lane, ev.arg, ev.line, ev.object, ev.code, im->seq++
  };
  g_array_append_val (im->x_spans, span);
  return TRUE;
}

static gboolean
read_instant (Import      *im,
              JsonObject  *event,
              GError     **error)
{
  const char *name = get_string (event, "name");
  const char *scope = get_string (event, "s");
  JsonObject *args = get_object (event, "args");
  const WeftInstantInfo *info;
  WeftEvent ev = { 0, };
  gpointer code;
  gint64 number;

  if (name == NULL)
    return fail_event (im, error, _("an instant with no “name”"));
  /* Pause marks (otherData.pauses says the same) and what the exporter
   * derived from the checks, which the re-check derives again. */
  if (g_strcmp0 (scope, "g") == 0 || g_str_equal (name, "lost-update") || g_str_equal (name, "phase-opened"))
    return TRUE;
  code = g_hash_table_lookup (im->instant_codes, name);
  if (code == NULL)
    return fail_event (im, error, _("%s has no instant “%s”"), im->pattern->name, name);
  ev.kind = WEFT_EVENT_INSTANT;
  ev.code = GPOINTER_TO_UINT (code) - 1;
  /* Hand-offs are written as flows, read in read_flow(). */
  if (ev.code == WEFT_INSTANT_HANDOFF)
    return TRUE;
  info = weft_pattern_get_instant_info (im->pattern, ev.code);
  if (!lookup_lane (im, event, &ev.lane, error) ||
      !read_micros (im, event, "ts", &ev.time_ns, error) ||
      !lookup_object (im, get_string (args, "object"), &ev.object, error) ||
      !read_arg_int (im, args, "line", 0, G_MAXUINT32, 0, &number, error))
    return FALSE;
  ev.time_ns += IMPORT_ORIGIN_NS;
  ev.line = (guint32) number;

  switch (ev.code)
    {
    case WEFT_INSTANT_START:
      {
        gboolean daemon = FALSE;

        get_bool (args, "daemon", &daemon);
        ev.value = daemon;
      }
      break;
    case WEFT_INSTANT_RAISE:
      {
        const char *message = get_string (args, "message");

        if (message != NULL)
          ev.arg = weft_timeline_add_message (im->timeline, message);
      }
      break;
    case WEFT_INSTANT_CANCEL:
      {
        gboolean late = FALSE;

        if (get_bool (args, "late", &late) && late)
          ev.arg = WEFT_TIMER_CANCEL_LATE;
      }
      break;
    default:
      break;
    }
  if (ev.code != WEFT_INSTANT_START && info != NULL && info->arg_name != NULL &&
      !read_arg_int (im, args, info->arg_name, G_MININT64, G_MAXINT64, 0, &ev.value, error))
    return FALSE;

  if (ev.code == WEFT_INSTANT_PRODUCE || ev.code == WEFT_INSTANT_CONSUME)
    {
      ItemKey *key = g_new (ItemKey, 1);

      *key = (ItemKey) { ev.time_ns, ev.lane, ev.object, ev.code };
      g_hash_table_add (im->items, key);
    }
  add_pending (im, &ev, CLASS_INSTANT);
  return TRUE;
}

/* A counter sample: the object's value from then on.  Samples name no
 * thread; feed() gives each to the lane that was last busy. */
static gboolean
read_counter (Import      *im,
              JsonObject  *event,
              GError     **error)
{
  JsonObject *args = get_object (event, "args");
  WeftEvent ev = { 0, };
  g_autoptr(GList) members = NULL;
  gboolean found = FALSE;

  if (!lookup_object (im, get_string (event, "name"), &ev.object, error) ||
      !read_micros (im, event, "ts", &ev.time_ns, error))
    return FALSE;
  if (ev.object == WEFT_OBJECT_NONE)
    return fail_event (im, error, _("a counter names no object"));
  ev.time_ns += IMPORT_ORIGIN_NS;
  ev.kind = WEFT_EVENT_COUNTER;
  /* One arg, whose name says what the number means (occupancy, fill…). */
  if (args != NULL)
    members = json_object_get_members (args);
  for (GList *l = members; l != NULL && !found; l = l->next)
    found = node_get_int (json_object_get_member (args, l->data), &ev.value);
  if (!found)
    return fail_event (im, error, _("a counter with no whole number in its “args”"));
  add_pending (im, &ev, CLASS_SAMPLE);
  return TRUE;
}

static gboolean
read_flow (Import      *im,
           JsonObject  *event,
           gboolean     from,
           GError     **error)
{
  gint64 id, time_ns;
  guint32 lane;
  guint16 object;
  Flow *flow;

  if (!node_get_int (get_member (event, "id"), &id))
    return fail_event (im, error, _("a flow with no whole number “id”"));
  if (!lookup_lane (im, event, &lane, error) ||
      !read_micros (im, event, "ts", &time_ns, error) ||
      !lookup_object (im, get_string (get_object (event, "args"), "object"), &object, error))
    return FALSE;
  flow = g_hash_table_lookup (im->flows, &id);
  if (flow == NULL)
    {
      flow = g_new0 (Flow, 1);
      flow->id = id;
      flow->object = object;
      g_hash_table_insert (im->flows, &flow->id, flow);
    }
  if (from ? flow->has_from : flow->has_to)
    {
      g_autofree char *shown = format_int (id);

      return fail_event (im, error, _("a second “%s” for flow %s"), from ? "s" : "f", shown);
    }
  {
    JsonNode *inferred = get_member (get_object (event, "args"), "inferred");

    if (inferred != NULL && JSON_NODE_HOLDS_VALUE (inferred) &&
        json_node_get_value_type (inferred) == G_TYPE_BOOLEAN && json_node_get_boolean (inferred))
      flow->inferred = TRUE;
  }
  if (from)
    {
      flow->from_ns = time_ns + IMPORT_ORIGIN_NS;
      flow->from_lane = lane;
      flow->has_from = TRUE;
    }
  else
    {
      flow->to_ns = time_ns + IMPORT_ORIGIN_NS;
      flow->to_lane = lane;
      flow->has_to = TRUE;
    }
  return TRUE;
}

static gboolean
read_event (Import      *im,
            JsonNode    *node,
            GError     **error)
{
  JsonObject *event;
  const char *ph;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_event (im, error, _("not a JSON object"));
  event = json_node_get_object (node);
  ph = get_string (event, "ph");
  if (ph == NULL)
    return fail_event (im, error, _("no “ph”"));
  if (g_str_equal (ph, "B") || g_str_equal (ph, "E"))
    return read_span_edge (im, event, ph[0] == 'B', error);
  if (g_str_equal (ph, "X"))
    return read_x_span (im, event, error);
  if (g_str_equal (ph, "i") || g_str_equal (ph, "I"))
    return read_instant (im, event, error);
  if (g_str_equal (ph, "C"))
    return read_counter (im, event, error);
  if (g_str_equal (ph, "s") || g_str_equal (ph, "f"))
    return read_flow (im, event, ph[0] == 's', error);
  /* Metadata (read before) and kinds Weft never writes. */
  return TRUE;
}

/* Each process's name by its pid, from their process_name events: pid
 * 1 is the run itself, any other a recorded program's process. */
static GHashTable *
read_process_names (JsonArray *events)
{
  GHashTable *names = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint n = json_array_get_length (events);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (events, i);
      JsonObject *event;
      const char *name;
      gint64 pid;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      event = json_node_get_object (node);
      if (g_strcmp0 (get_string (event, "ph"), "M") != 0 || g_strcmp0 (get_string (event, "name"), "process_name") != 0)
        continue;
      name = get_string (get_object (event, "args"), "name");
      if (name != NULL && node_get_int (get_member (event, "pid"), &pid) && pid != 1 &&
          !g_hash_table_contains (names, &pid))
        g_hash_table_insert (names, g_memdup2 (&pid, sizeof pid), (gpointer) name);
    }
  return names;
}

/* The process (of im->timeline) a thread_name event's lane belongs to:
 * added as its first lane comes, so processes keep the order they were
 * shown in; WEFT_TIMELINE_NO_PROCESS for pid 1 (or none). */
static guint
lane_process (Import     *im,
              JsonObject *event,
              GHashTable *names,
              GHashTable *processes)
{
  gint64 pid;
  gpointer found;
  guint process;

  if (!node_get_int (get_member (event, "pid"), &pid) || pid == 1 || pid < G_MININT || pid > G_MAXINT)
    return WEFT_TIMELINE_NO_PROCESS;
  if (g_hash_table_lookup_extended (processes, &pid, NULL, &found))
    return GPOINTER_TO_UINT (found);
  process = weft_timeline_add_process (im->timeline, (gint) pid, g_hash_table_lookup (names, &pid));
  g_hash_table_insert (processes, g_memdup2 (&pid, sizeof pid), GUINT_TO_POINTER (process));
  return process;
}

/* The lanes, in the order of their thread_name events, each in its
 * process. */
static gboolean
read_lanes (Import      *im,
            JsonArray   *events,
            GError     **error)
{
  guint n = json_array_get_length (events);
  guint max_lanes = WEFT_RECORDER_MAX_LANES;
  g_autoptr(GHashTable) names = read_process_names (events);
  g_autoptr(GHashTable) processes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  /* Only patterns that start threads mid-run may have more than they
   * start with. */
  if (im->pattern->count_workers == NULL)
    max_lanes = weft_pattern_count_workers (im->pattern, weft_timeline_get_params (im->timeline));

  for (im->index = 0; im->index < n; im->index++)
    {
      JsonNode *node = json_array_get_element (events, im->index);
      JsonObject *event;
      const char *name;
      gint64 *tid;
      guint lane, last;
      Life life = { 0, G_MAXUINT };

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail_event (im, error, _("not a JSON object"));
      event = json_node_get_object (node);
      if (g_strcmp0 (get_string (event, "ph"), "M") != 0 || g_strcmp0 (get_string (event, "name"), "thread_name") != 0)
        continue;
      name = get_string (get_object (event, "args"), "name");
      if (name == NULL)
        return fail_event (im, error, _("a “thread_name” with no “args.name”"));
      tid = g_new (gint64, 1);
      if (!node_get_int (get_member (event, "tid"), tid) || *tid < G_MININT || *tid > G_MAXINT)
        {
          g_free (tid);
          return fail_event (im, error, _("a “thread_name” with no whole number “tid”"));
        }
      /* A tid's later lane (an exec's) says since when it is the one. */
      if (g_hash_table_contains (im->lanes, tid) &&
          (get_member (get_object (event, "args"), "since") == NULL ||
           !read_micros (im, get_object (event, "args"), "since", &life.since_ns, NULL)))
        {
          g_autofree char *shown = format_int (*tid);

          fail_event (im, error, _("a second “thread_name” for tid %s"), shown);
          g_free (tid);
          return FALSE;
        }
      if (weft_timeline_get_n_lanes (im->timeline) == max_lanes)
        {
          g_free (tid);
          return fail_event (im, error, _("more threads than %s runs with these parameters (%u)"),
                             im->pattern->name, max_lanes);
        }
      lane = weft_timeline_add_lane (im->timeline, name, (gint) *tid);
      life.next = G_MAXUINT;
      g_array_append_val (im->lives, life);
      if (lane_at (im, *tid, G_MAXINT64, &last))
        {
          g_array_index (im->lives, Life, last).next = lane;
          g_free (tid);
        }
      else
        g_hash_table_insert (im->lanes, tid, GUINT_TO_POINTER (lane + 1));
      weft_timeline_set_lane_process (im->timeline, lane, lane_process (im, event, names, processes));
    }
  g_array_set_size (im->stacks, weft_timeline_get_n_lanes (im->timeline));
  return TRUE;
}

static int
compare_x_spans (gconstpointer a,
                 gconstpointer b)
{
  const XSpan *x = a, *y = b;

  if (x->lane != y->lane)
    return x->lane < y->lane ? -1 : 1;
  if (x->start_ns != y->start_ns)
    return x->start_ns < y->start_ns ? -1 : 1;
  /* Parents, the longer, before the children they hold. */
  if (x->end_ns != y->end_ns)
    return x->end_ns > y->end_ns ? -1 : 1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

static void
add_x_end (Import      *im,
           const XSpan *span)
{
  WeftEvent ev = { span->end_ns, 0, span->lane, 0, span->object, WEFT_EVENT_END, span->state, span->line };

  add_pending (im, &ev, CLASS_SPAN);
}

/* X spans back to B/E pairs, each lane's nested as the timeline closes
 * them: a span starts inside the last one still open, clipped to it. */
static void
convert_x_spans (Import *im)
{
  XSpan stack[WEFT_TIMELINE_MAX_DEPTH];
  guint depth = 0;
  guint32 lane = G_MAXUINT32;

  g_array_sort (im->x_spans, compare_x_spans);
  for (guint i = 0; i < im->x_spans->len; i++)
    {
      XSpan span = g_array_index (im->x_spans, XSpan, i);
      WeftEvent ev = { span.start_ns, span.value, span.lane, span.arg, span.object, WEFT_EVENT_BEGIN,
                       span.state, span.line };

      if (span.lane != lane)
        {
          while (depth > 0)
            add_x_end (im, &stack[--depth]);
          lane = span.lane;
        }
      while (depth > 0 && stack[depth - 1].end_ns <= span.start_ns)
        add_x_end (im, &stack[--depth]);
      /* Deeper than a timeline nests: the timeline would drop it too. */
      if (depth == WEFT_TIMELINE_MAX_DEPTH)
        continue;
      if (depth > 0)
        span.end_ns = MIN (span.end_ns, stack[depth - 1].end_ns);
      add_pending (im, &ev, CLASS_SPAN);
      stack[depth++] = span;
    }
  while (depth > 0)
    add_x_end (im, &stack[--depth]);
}

static int
compare_flows (gconstpointer a,
               gconstpointer b)
{
  const Flow *x = a, *y = b;

  return (x->id > y->id) - (x->id < y->id);
}

/* Flows back to what they were drawn from.  A produce and its consume
 * make their arrow by themselves once both are in; every other flow was
 * a hand-off, which the woken thread recorded at the end of its wait. */
static void
convert_flows (Import *im)
{
  GHashTableIter iter;
  Flow *flow;
  g_autoptr(GArray) handoffs = g_array_new (FALSE, FALSE, sizeof (Flow));

  g_hash_table_iter_init (&iter, im->flows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &flow))
    {
      ItemKey produce = { flow->from_ns, flow->from_lane, flow->object, WEFT_INSTANT_PRODUCE };
      ItemKey consume = { flow->to_ns, flow->to_lane, flow->object, WEFT_INSTANT_CONSUME };

      if (!flow->has_from || !flow->has_to)
        continue;
      if (g_hash_table_contains (im->items, &produce) && g_hash_table_contains (im->items, &consume))
        continue;
      g_array_append_val (handoffs, *flow);
    }
  /* In the file's order, whatever order the table kept. */
  g_array_sort (handoffs, compare_flows);
  for (guint i = 0; i < handoffs->len; i++)
    {
      const Flow *f = &g_array_index (handoffs, Flow, i);
      WeftEvent ev = { f->to_ns, f->from_ns, f->to_lane,
                       f->from_lane | (f->inferred ? WEFT_HANDOFF_INFERRED : 0), f->object, WEFT_EVENT_INSTANT,
                       WEFT_INSTANT_HANDOFF, 0 };

      add_pending (im, &ev, CLASS_HANDOFF);
    }
}

/* Where events were lost: each gap as the GAP its ring wrote, which cuts
 * what its lane had open, as it did in the run. */
static gboolean
read_gaps (Import      *im,
           JsonObject  *other,
           GError     **error)
{
  JsonArray *gaps = get_array (other, "gaps");

  for (guint i = 0; gaps != NULL && i < json_array_get_length (gaps); i++)
    {
      JsonNode *node = json_array_get_element (gaps, i);
      JsonObject *gap = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *where = g_strdup_printf ("otherData.gaps[%u]", i);
      gint64 tid, from_ns, to_ns, dropped;
      guint lane;
      WeftEvent ev = { 0, };

      if (!read_other_ns (gap, where, "from_ns", &from_ns, error) ||
          !read_other_ns (gap, where, "to_ns", &to_ns, error) ||
          !read_other_ns (gap, where, "dropped", &dropped, error))
        return FALSE;
      if (!node_get_int (get_member (gap, "tid"), &tid) || !lane_at (im, tid, from_ns, &lane))
        {
          g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID,
                       _("%s: no “tid” of a thread in the trace"), where);
          return FALSE;
        }
      ev = (WeftEvent) { IMPORT_ORIGIN_NS + from_ns, IMPORT_ORIGIN_NS + MAX (from_ns, to_ns),
                         lane, (guint32) CLAMP (dropped, 0, G_MAXUINT32),
                         WEFT_OBJECT_NONE, WEFT_EVENT_GAP, 0, 0 };
      add_pending (im, &ev, CLASS_GAP);
    }
  return TRUE;
}

/* When the run was paused: sorted, none inside another. */
static gboolean
read_pauses (Import      *im,
             JsonObject  *other,
             GError     **error)
{
  JsonArray *pauses = get_array (other, "pauses");
  gint64 last = G_MININT64;

  for (guint i = 0; pauses != NULL && i < json_array_get_length (pauses); i++)
    {
      JsonNode *node = json_array_get_element (pauses, i);
      JsonObject *pause = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      g_autofree char *where = g_strdup_printf ("otherData.pauses[%u]", i);
      gint64 from_ns, to_ns;

      if (!read_other_ns (pause, where, "from_ns", &from_ns, error) ||
          !read_other_ns (pause, where, "to_ns", &to_ns, error))
        return FALSE;
      if (from_ns < last || to_ns < from_ns)
        {
          g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID,
                       _("%s: pauses must be in order and end after they begin"), where);
          return FALSE;
        }
      weft_timeline_begin_pause (im->timeline, IMPORT_ORIGIN_NS + from_ns);
      weft_timeline_end_pause (im->timeline, IMPORT_ORIGIN_NS + to_ns);
      last = to_ns;
    }
  return TRUE;
}

/* The parameters, variant and seed as the run had them.  Parameters the
 * file leaves out keep their defaults; ones this Weft does not know are
 * ignored; one out of range is an error. */
static gboolean
read_params (const WeftPattern  *pattern,
             JsonObject         *other,
             WeftParams         *params,
             GError            **error)
{
  JsonObject *given = get_object (other, "params");
  JsonNode *seed = get_member (other, "seed");
  const char *variant = get_string (other, "variant");

  weft_pattern_get_default_params (pattern, params);
  for (guint i = 0; i < weft_pattern_get_n_params (pattern); i++)
    {
      const WeftParamSpec *spec = &pattern->params[i];
      JsonNode *node = get_member (given, spec->name);
      double value = NAN;
      gboolean flag;
      gint64 number;

      if (node == NULL)
        continue;
      if (spec->kind == WEFT_PARAM_CHOICE && get_string (given, spec->name) != NULL)
        {
          const char *name = get_string (given, spec->name);

          for (guint c = 0; spec->choices[c] != NULL; c++)
            if (g_str_equal (spec->choices[c], name))
              value = c;
        }
      else if (spec->kind == WEFT_PARAM_BOOLEAN && get_bool (given, spec->name, &flag))
        value = flag;
      else if (node_get_int (node, &number))
        value = (double) number;
      else if (node_is_number (node))
        value = json_node_get_double (node);

      if (isnan (value) || !weft_param_spec_check (spec, value, NULL))
        {
          g_autofree char *accepted = weft_param_spec_describe (spec);

          g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID,
                       _("otherData.params: “%s” must be %s"), spec->name, accepted);
          return FALSE;
        }
      params->values[i] = value;
    }
  if (variant != NULL && !weft_params_set_variant (params, variant))
    {
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID,
                   _("otherData.variant: %s has no variant “%s”"), pattern->name, variant);
      return FALSE;
    }
  if (seed != NULL)
    {
      gint64 value;

      /* Seeds above G_MAXINT64 come back from json-glib wrapped round. */
      if (!node_get_int (seed, &value))
        {
          g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID,
                       _("otherData.seed is not a whole number"));
          return FALSE;
        }
      params->seed = (guint64) value;
      params->seeded = TRUE;
    }
  if (!weft_pattern_check_params (pattern, params, error))
    {
      g_prefix_error (error, "otherData.params: ");
      return FALSE;
    }
  return TRUE;
}

static const char * const object_kinds[] = { "mutex", "semaphore", "condition", "barrier", "counter", NULL };

/* A recorded program's objects, as the trace lists them
 * (otherData.objects): no setup of Weft's made them. */
static gboolean
add_program_objects (Import      *im,
                     JsonObject  *other,
                     GError     **error)
{
  JsonNode *node = get_member (other, "objects");
  JsonArray *objects;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID,
                   _("otherData.objects: a recorded program’s trace lists its objects"));
      return FALSE;
    }
  objects = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonNode *element = json_array_get_element (objects, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *name = get_string (object, "name");
      const char *kind = get_string (object, "kind");
      guint k = 0;

      while (kind != NULL && object_kinds[k] != NULL && !g_str_equal (object_kinds[k], kind))
        k++;
      if (name == NULL || kind == NULL || object_kinds[k] == NULL || i >= WEFT_OBJECT_NONE)
        {
          g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID,
                       _("otherData.objects[%u]: no “name”, or a “kind” Weft does not know"), i);
          return FALSE;
        }
      weft_timeline_add_object (im->timeline, name, (WeftObjectKind) k, 0);
    }
  return TRUE;
}

/* The objects a run of these parameters makes, from the pattern's own
 * setup on a run that is never started. */
static gboolean
add_objects (Import      *im,
             JsonObject  *other,
             GError     **error)
{
  g_autoptr(WeftRun) run = NULL;

  if (im->pattern == &weft_program_pattern)
    return add_program_objects (im, other, error);
  run = weft_run_new (im->pattern, weft_timeline_get_params (im->timeline), error);

  if (run == NULL)
    return FALSE;
  for (guint i = 0; i < weft_run_get_n_objects (run); i++)
    {
      const WeftObjectInfo *info = weft_run_get_object (run, i);

      weft_timeline_add_object (im->timeline, info->name, info->kind, info->limit);
    }
  return TRUE;
}

static int
compare_pending (gconstpointer a,
                 gconstpointer b)
{
  const Pending *x = a, *y = b;

  if (x->ev.time_ns != y->ev.time_ns)
    return x->ev.time_ns < y->ev.time_ns ? -1 : 1;
  if (x->class != y->class)
    return x->class < y->class ? -1 : 1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Hands the events over in time order, so every lane's come in order.
 * Samples name no thread; each goes to the lane busy last, at the line
 * it was at, so that it changes neither that lane's life nor its place.
 * With @fine, one at a time, and just before each a tick (a LINE event
 * changing nothing): the wait-for graph is looked at after every
 * handing over, and a deadlock is one only once its cycle has lasted
 * the grace period (weft-waitfor.h), by the trace's own clock, while
 * the events that end it come all at once when the run is stopped. */
static gboolean
feed (Import        *im,
      gboolean       fine,
      GError       **error)
{
  guint n_lanes = weft_timeline_get_n_lanes (im->timeline);
  g_autofree guint32 *lines = g_new0 (guint32, MAX (n_lanes, 1));
  g_autofree WeftEvent *batch = g_new (WeftEvent, FEED_BATCH);
  guint32 busy = 0;
  gboolean any = FALSE;
  gint64 last = G_MININT64;
  gsize n = 0;

  g_array_sort (im->events, compare_pending);
  for (guint i = 0; i < im->events->len; i++)
    {
      WeftEvent ev = g_array_index (im->events, Pending, i).ev;

      if (fine && any && ev.time_ns - 1 > last)
        {
          WeftEvent tick = { ev.time_ns - 1, 0, busy, 0, WEFT_OBJECT_NONE, WEFT_EVENT_LINE, 0, lines[busy] };

          weft_timeline_add_events (im->timeline, &tick, 1);
          if (im->fed != NULL)
            g_array_append_val (im->fed, tick);
        }
      if (ev.kind == WEFT_EVENT_COUNTER)
        {
          ev.lane = busy;
          ev.line = lines[busy];
        }
      else if (ev.kind != WEFT_EVENT_GAP && ev.lane < n_lanes)
        {
          busy = ev.lane;
          lines[busy] = ev.line;
          any = TRUE;
        }
      batch[n++] = ev;
      if (im->fed != NULL)
        g_array_append_val (im->fed, ev);
      last = ev.time_ns;
      if (n == FEED_BATCH || fine)
        {
          weft_timeline_add_events (im->timeline, batch, n);
          n = 0;
          if ((i & 4095) == 0 && g_cancellable_set_error_if_cancelled (im->cancellable, error))
            return FALSE;
        }
    }
  if (n > 0)
    weft_timeline_add_events (im->timeline, batch, n);
  return TRUE;
}

static gboolean
read_format (JsonObject  *other,
             gint64      *format,
             GError     **error)
{
  JsonNode *node = get_member (other, "format");

  /* Before the version was written: format 1. */
  *format = 1;
  if (node == NULL)
    return TRUE;
  if (!node_get_int (node, format) || *format < 1)
    {
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID,
                   _("otherData.format is not a whole number from 1"));
      return FALSE;
    }
  if (*format > WEFT_IMPORT_FORMAT_MAX)
    {
      g_autofree char *shown = format_int (*format);

      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_NEWER_FORMAT,
                   _("Made by a newer Weft (trace format %s); this one reads up to %d"),
                   shown, WEFT_IMPORT_FORMAT_MAX);
      return FALSE;
    }
  return TRUE;
}

/* otherData's figures of the run that its events do not say. */
static gboolean
read_run_facts (Import      *im,
                JsonObject  *other,
                gint64      *duration_ns,
                gint64      *detail_from_ns,
                GError     **error)
{
  gint64 dropped = 0, stop_ns = 0;

  *duration_ns = 0;
  *detail_from_ns = 0;
  if ((get_member (other, "duration_ns") != NULL &&
       !read_other_ns (other, "otherData", "duration_ns", duration_ns, error)) ||
      (get_member (other, "detail_from_ns") != NULL &&
       !read_other_ns (other, "otherData", "detail_from_ns", detail_from_ns, error)) ||
      (get_member (other, "stop_ns") != NULL &&
       !read_other_ns (other, "otherData", "stop_ns", &stop_ns, error)))
    return FALSE;
  if (get_member (other, "dropped") != NULL &&
      (!node_get_int (get_member (other, "dropped"), &dropped) || dropped < 0))
    {
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID,
                   _("otherData.dropped is not a whole number from 0"));
      return FALSE;
    }
  weft_timeline_set_dropped (im->timeline, dropped);
  if (get_member (other, "stop_ns") != NULL)
    weft_timeline_set_stop_ns (im->timeline, IMPORT_ORIGIN_NS + stop_ns);
  if (get_string (other, "stopped_because") != NULL)
    weft_timeline_set_stop_reason (im->timeline, get_string (other, "stopped_because"));
  return TRUE;
}

/* Opens @path and checks it is a trace this Weft can read: the parsed
 * root, its events and its otherData. */
/* json-glib reads the whole document into a tree before anything is
 * looked at, a node per value: a 2.0 GB trace grew past 24 GiB and was
 * killed.  This many bytes of memory per byte of file, measured, and no
 * more than half of the computer's memory, so that a file too large is
 * refused with a reason rather than taking the machine down. */
#define PARSE_BYTES_PER_FILE_BYTE 12

static gboolean
check_size (const char  *path,
            GError     **error)
{
  GStatBuf info;
  guint64 needed, memory;
  long pages = sysconf (_SC_PHYS_PAGES), page_size = sysconf (_SC_PAGESIZE);
  g_autofree char *file_size = NULL;
  g_autofree char *needed_size = NULL;
  g_autofree char *memory_size = NULL;

  /* Not there, or unreadable: the parser says so in its words. */
  if (g_stat (path, &info) != 0 || pages <= 0 || page_size <= 0)
    return TRUE;
  memory = (guint64) pages * (guint64) page_size;
  needed = (guint64) info.st_size * PARSE_BYTES_PER_FILE_BYTE;
  if (needed <= memory / 2)
    return TRUE;
  file_size = g_format_size (info.st_size);
  needed_size = g_format_size (needed);
  memory_size = g_format_size (memory);
  g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_TOO_LARGE,
               /* TRANSLATORS: sizes, e.g. "2.0 GB", "24.0 GB", "25.8 GB" */
               _("Too large to open: reading this %s trace would take about %s of memory, and this computer has %s"),
               file_size, needed_size, memory_size);
  return FALSE;
}

static gboolean
open_trace (JsonParser   *parser,
            const char   *path,
            JsonArray   **events,
            JsonObject  **other,
            GError      **error)
{
  g_autoptr(GError) local = NULL;
  JsonNode *root;

  if (!check_size (path, error))
    return FALSE;
  if (!json_parser_load_from_mapped_file (parser, path, &local))
    {
      if (local->domain != JSON_PARSER_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_NOT_JSON,
                   _("Truncated or not JSON: %s"), local->message);
      return FALSE;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_NOT_JSON, _("The file is empty"));
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_NOT_A_TRACE,
                   _("Not a Weft trace: the top level is not a JSON object"));
      return FALSE;
    }
  *events = get_array (json_node_get_object (root), "traceEvents");
  if (*events == NULL)
    {
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_NOT_A_TRACE,
                   _("Not a Weft trace: no “traceEvents” array"));
      return FALSE;
    }
  *other = get_object (json_node_get_object (root), "otherData");
  if (*other == NULL)
    {
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_NOT_A_TRACE,
                   _("Not a Weft trace: no “otherData”"));
      return FALSE;
    }
  return TRUE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Import, import_clear)

/**
 * weft_trace_import:
 * @path: a `.json` trace that Weft exported, of format 1 or 2
 * @cancellable: (nullable): looked at now and then while events are read
 *
 * Reads the trace back into a finished timeline as close as the file
 * lets it come to the one exported: the pattern with its parameters,
 * variant and seed; the same objects; the lanes with their names and
 * tids, in order; every span, instant, counter sample and hand-off at
 * the very nanosecond it had; pauses, gaps and drops; why and when the
 * run stopped.  Its checks are folded from those events as a live run's
 * are, so weft_check_timeline() re-checks the run.  A trace whose run
 * let go of its oldest detail starts at weft_timeline_get_detail_from().
 *
 * Returns: (transfer full): the timeline, or %NULL with @error set: a
 * #GFileError when the file cannot be read, a #WeftImportError when it
 * is not a trace this Weft can read, saying what is wrong and where
 */
WeftTimeline *
weft_trace_import (const char    *path,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return weft_trace_import_with_events (path, cancellable, NULL, error);
}

/**
 * weft_trace_import_with_events:
 * @events: (out) (optional): the events the timeline was built from, in
 *   the order they were handed over (WeftEvent), for a replay
 *
 * As weft_trace_import(), and gives the events too.
 */
WeftTimeline *
weft_trace_import_with_events (const char    *path,
                               GCancellable  *cancellable,
                               GArray       **events_out,
                               GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_auto(Import) im = { 0, };
  JsonArray *events;
  JsonObject *other;
  const char *name;
  WeftParams params;
  JsonArray *deadlock;
  gint64 duration_ns, detail_from_ns;
  guint n_events;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!open_trace (parser, path, &events, &other, error) || !read_format (other, &im.format, error))
    return NULL;
  name = get_string (other, "pattern");
  if (name == NULL)
    {
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_NOT_A_TRACE,
                   _("Not a Weft trace: no otherData.pattern"));
      return NULL;
    }
  im.pattern = weft_patterns_lookup_any (name);
  if (im.pattern == NULL)
    {
      g_set_error (error, WEFT_IMPORT_ERROR, WEFT_IMPORT_ERROR_INVALID,
                   _("otherData.pattern: this Weft has no pattern “%s”"), name);
      return NULL;
    }
  if (!read_params (im.pattern, other, &params, error))
    return NULL;

  im.timeline = weft_timeline_new (im.pattern, &params);
  weft_timeline_set_origin (im.timeline, IMPORT_ORIGIN_NS);
  im.cancellable = cancellable;
  im.lanes = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  im.lives = g_array_new (FALSE, FALSE, sizeof (Life));
  im.instant_codes = g_hash_table_new (g_str_hash, g_str_equal);
  im.stacks = g_array_new (FALSE, TRUE, sizeof (LaneStack));
  im.events = g_array_new (FALSE, FALSE, sizeof (Pending));
  im.x_spans = g_array_new (FALSE, FALSE, sizeof (XSpan));
  im.flows = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, g_free);
  im.items = g_hash_table_new_full (item_key_hash, item_key_equal, g_free, NULL);
  for (guint code = 0; code < WEFT_INSTANT_MAX; code++)
    {
      const WeftInstantInfo *info = weft_pattern_get_instant_info (im.pattern, code);

      if (info != NULL && info->name != NULL && !g_hash_table_contains (im.instant_codes, info->name))
        g_hash_table_insert (im.instant_codes, (gpointer) info->name, GUINT_TO_POINTER (code + 1));
    }

  if (!add_objects (&im, other, error) || !read_lanes (&im, events, error))
    return NULL;
  n_events = json_array_get_length (events);
  for (im.index = 0; im.index < n_events; im.index++)
    {
      if ((im.index & 4095) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!read_event (&im, json_array_get_element (events, im.index), error))
        return NULL;
    }
  convert_x_spans (&im);
  convert_flows (&im);
  if (!read_gaps (&im, other, error) || !read_pauses (&im, other, error) ||
      !read_run_facts (&im, other, &duration_ns, &detail_from_ns, error))
    return NULL;

  /* Only a run that deadlocked needs the wait-for graph looked at after
   * every event; any other is handed over in batches. */
  deadlock = get_array (other, "deadlock");
  if (events_out != NULL)
    im.fed = g_array_new (FALSE, FALSE, sizeof (WeftEvent));
  if (!feed (&im, deadlock != NULL && json_array_get_length (deadlock) > 0, error))
    return NULL;
  weft_timeline_finish (im.timeline, duration_ns > 0 ? IMPORT_ORIGIN_NS + duration_ns : 0);
  /* What the run recorded; the events it is rebuilt from are fewer. */
  if (node_is_number (get_member (other, "events")))
    {
      gint64 recorded;

      if (node_get_int (get_member (other, "events"), &recorded) && recorded >= 0)
        weft_timeline_set_n_events (im.timeline, (guint64) recorded);
    }
  /* The run had let go of detail before this: say so, as it did. */
  if (detail_from_ns > 0)
    weft_timeline_let_go_before (im.timeline, IMPORT_ORIGIN_NS + detail_from_ns);

  if (events_out != NULL)
    *events_out = g_steal_pointer (&im.fed);
  return g_steal_pointer (&im.timeline);
}
