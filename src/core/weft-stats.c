/* weft-stats.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spans nest: a thread waiting for a second fork inside its critical
 * section on the first has a waiting span inside a critical one.  Each
 * span's time is counted to its state, and a nested span's time taken
 * back from its parent's state, so every moment counts once, to the
 * state the thread was in.
 *
 * Paused time is the user's, not the threads': a span that lasts over a
 * pause counts only its time outside it, as Elapsed does.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-clock.h"
#include "weft-format.h"
#include "weft-search.h"
#include "weft-stats.h"

struct _WeftStats
{
  WeftTimeline *timeline;
  gint64 t0;
  gint64 t1;
  GArray *threads;          /* WeftThreadStats, by lane */
  WeftThreadStats total;
  GArray *objects;          /* WeftObjectStats, for objects that were held */
  GArray *pauses;           /* WeftPause, in order */
};

static void
collect_span (const WeftSpan *span,
              gpointer        user_data)
{
  /* Summaries of let-go time stand for many spans: not measured. */
  if (!(span->flags & WEFT_SPAN_MERGED) && span->end_ns > span->start_ns && span->state < WEFT_N_STATES)
    g_array_append_val ((GArray *) user_data, *span);
}

/* How much of [from, to) the run was not paused. */
static gint64
active_ns (WeftStats *self,
           gint64     from,
           gint64     to)
{
  gint64 length = MAX (0, to - from);

  for (guint i = 0; i < self->pauses->len && length > 0; i++)
    {
      const WeftPause *pause = &g_array_index (self->pauses, WeftPause, i);
      gint64 end = pause->to_ns != 0 ? pause->to_ns : G_MAXINT64;

      length -= MAX (0, MIN (end, to) - MAX (pause->from_ns, from));
    }
  return MAX (0, length);
}

/* A span's time within the stretch, its pauses left out. */
static gint64
clipped (WeftStats      *self,
         const WeftSpan *span)
{
  return active_ns (self, MAX (span->start_ns, self->t0), MIN (span->end_ns, self->t1));
}

static gboolean
ends_by (gconstpointer item,
         gconstpointer key)
{
  return ((const WeftSpan *) item)->end_ns <= *(const gint64 *) key;
}

/* The span of @outer that holds @span, or NULL. */
static const WeftSpan *
parent_of (GArray         *outer,
           const WeftSpan *span)
{
  const WeftSpan *spans = (const WeftSpan *) (gconstpointer) outer->data;
  guint i = weft_lower_bound (spans, sizeof *spans, 0, outer->len, ends_by, &span->start_ns);

  return i < outer->len && spans[i].start_ns <= span->start_ns ? &spans[i] : NULL;
}

static int
compare_ns (gconstpointer a,
            gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* The middle one, or between the two middle ones. */
static gint64
median (GArray *lengths)
{
  guint n = lengths->len;

  if (n == 0)
    return 0;
  g_array_sort (lengths, compare_ns);
  if (n % 2 == 1)
    return g_array_index (lengths, gint64, n / 2);
  return (g_array_index (lengths, gint64, n / 2 - 1) + g_array_index (lengths, gint64, n / 2)) / 2;
}

static WeftObjectStats *
object_stats (WeftStats *self,
              guint16    object)
{
  for (guint i = 0; i < self->objects->len; i++)
    if (g_array_index (self->objects, WeftObjectStats, i).object == object)
      return &g_array_index (self->objects, WeftObjectStats, i);
  g_array_append_val (self->objects, ((WeftObjectStats) { .object = object }));
  return &g_array_index (self->objects, WeftObjectStats, self->objects->len - 1);
}

/* A hold counts once, at its outermost level: a reentrant lock taken
 * again inside is the same hold. */
static gboolean
is_outermost_hold (GArray        **depths,
                   guint           d,
                   const WeftSpan *span)
{
  for (guint outer = d; outer-- > 0;)
    {
      const WeftSpan *parent = parent_of (depths[outer], span);

      if (parent != NULL && parent->state == WEFT_STATE_CRITICAL && parent->object == span->object)
        return FALSE;
    }
  return TRUE;
}

static void
measure_hold (WeftStats      *self,
              GArray         *spans,
              guint           index)
{
  const WeftSpan *span = &g_array_index (spans, WeftSpan, index);
  WeftObjectStats *stats = object_stats (self, span->object);
  gint64 length = active_ns (self, span->start_ns, span->end_ns);

  stats->held_ns += clipped (self, span);
  if (span->start_ns < self->t0)
    return;
  stats->n_acquires++;
  stats->longest_hold_ns = MAX (stats->longest_hold_ns, length);
  /* It waited when the span before it, on its level, was a wait for
   * this object that ended as it took it. */
  if (index > 0)
    {
      const WeftSpan *before = &g_array_index (spans, WeftSpan, index - 1);

      if (before->state == WEFT_STATE_WAITING && before->object == span->object &&
          before->end_ns == span->start_ns)
        stats->n_contended++;
    }
}

static void
measure_lane (WeftStats       *self,
              guint            lane,
              WeftThreadStats *stats,
              GArray          *all_waits)
{
  WeftTimeline *timeline = self->timeline;
  guint n_depths = weft_timeline_get_lane_depth (timeline, lane);
  g_autoptr(GArray) waits = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *depths[WEFT_TIMELINE_MAX_DEPTH] = { NULL };

  stats->lane = lane;
  for (guint d = 0; d < n_depths && d < WEFT_TIMELINE_MAX_DEPTH; d++)
    {
      depths[d] = g_array_new (FALSE, FALSE, sizeof (WeftSpan));
      /* At 0 ns a pixel: the spans themselves, with any still open. */
      weft_timeline_query_spans (timeline, lane, d, self->t0, self->t1, 0, collect_span, depths[d]);
    }

  for (guint d = 0; d < n_depths && d < WEFT_TIMELINE_MAX_DEPTH; d++)
    for (guint i = 0; i < depths[d]->len; i++)
      {
        const WeftSpan *span = &g_array_index (depths[d], WeftSpan, i);
        gint64 inside = clipped (self, span);

        stats->state_ns[span->state] += inside;
        if (d > 0)
          {
            const WeftSpan *parent = parent_of (depths[d - 1], span);

            if (parent != NULL)
              stats->state_ns[parent->state] -= inside;
          }
        if (span->state == WEFT_STATE_WAITING && span->start_ns >= self->t0)
          {
            gint64 length = active_ns (self, span->start_ns, span->end_ns);

            g_array_append_val (waits, length);
            stats->longest_wait_ns = MAX (stats->longest_wait_ns, length);
          }
        if (span->state == WEFT_STATE_CRITICAL && span->object != WEFT_OBJECT_NONE &&
            is_outermost_hold (depths, d, span))
          measure_hold (self, depths[d], i);
      }

  stats->n_waits = waits->len;
  g_array_append_vals (all_waits, waits->data, waits->len);
  stats->median_wait_ns = median (waits);
  for (guint d = 0; d < WEFT_TIMELINE_MAX_DEPTH; d++)
    g_clear_pointer (&depths[d], g_array_unref);
}

/**
 * weft_stats_new:
 *
 * Measures @timeline over [t0, t1), or over as much of it as keeps its
 * detail: weft_stats_get_range() says which.  Call with the timeline
 * locked, if it is live.
 */
WeftStats *
weft_stats_new (WeftTimeline *timeline,
                gint64        t0,
                gint64        t1)
{
  WeftStats *self = g_new0 (WeftStats, 1);
  g_autoptr(GArray) all_waits = g_array_new (FALSE, FALSE, sizeof (gint64));

  self->timeline = weft_timeline_ref (timeline);
  self->t0 = MAX (t0, weft_timeline_get_detail_from (timeline));
  self->t1 = MAX (self->t0, MIN (t1, weft_timeline_get_end (timeline)));
  self->threads = g_array_new (FALSE, TRUE, sizeof (WeftThreadStats));
  self->objects = g_array_new (FALSE, TRUE, sizeof (WeftObjectStats));
  self->pauses = weft_timeline_dup_pauses (timeline);

  g_array_set_size (self->threads, weft_timeline_get_n_lanes (timeline));
  for (guint lane = 0; lane < self->threads->len; lane++)
    {
      WeftThreadStats *stats = &g_array_index (self->threads, WeftThreadStats, lane);

      measure_lane (self, lane, stats, all_waits);
      for (guint s = 0; s < WEFT_N_STATES; s++)
        self->total.state_ns[s] += stats->state_ns[s];
      self->total.n_waits += stats->n_waits;
      self->total.longest_wait_ns = MAX (self->total.longest_wait_ns, stats->longest_wait_ns);
    }
  self->total.lane = G_MAXUINT;
  self->total.median_wait_ns = median (all_waits);
  return self;
}

void
weft_stats_free (WeftStats *self)
{
  if (self == NULL)
    return;
  weft_timeline_unref (self->timeline);
  g_array_unref (self->threads);
  g_array_unref (self->objects);
  g_array_unref (self->pauses);
  g_free (self);
}

void
weft_stats_get_range (WeftStats *self,
                      gint64    *t0,
                      gint64    *t1)
{
  *t0 = self->t0;
  *t1 = self->t1;
}

guint
weft_stats_get_n_threads (WeftStats *self)
{
  return self->threads->len;
}

const WeftThreadStats *
weft_stats_get_thread (WeftStats *self,
                       guint      index)
{
  g_return_val_if_fail (index < self->threads->len, NULL);
  return &g_array_index (self->threads, WeftThreadStats, index);
}

const WeftThreadStats *
weft_stats_get_total (WeftStats *self)
{
  return &self->total;
}

guint
weft_stats_get_n_objects (WeftStats *self)
{
  return self->objects->len;
}

const WeftObjectStats *
weft_stats_get_object (WeftStats *self,
                       guint      index)
{
  g_return_val_if_fail (index < self->objects->len, NULL);
  return &g_array_index (self->objects, WeftObjectStats, index);
}

static gint64
lived_ns (const WeftThreadStats *stats)
{
  gint64 sum = 0;

  for (guint s = 0; s < WEFT_N_STATES; s++)
    sum += stats->state_ns[s];
  return sum;
}

/* A state's share of the thread's measured time, in percent. */
static double
share (const WeftThreadStats *stats,
       WeftState              state)
{
  gint64 lived = lived_ns (stats);

  return lived > 0 ? 100.0 * stats->state_ns[state] / lived : 0;
}

static const char *
thread_name (WeftStats             *self,
             const WeftThreadStats *stats)
{
  /* TRANSLATORS: the row of the statistics that adds up every thread */
  return stats->lane == G_MAXUINT ? _("all threads") : weft_format_lane_name (self->timeline, stats->lane);
}

/* Rows of cells, laid out in columns: the first to the left, numbers to
 * the right. */
static void
append_table (GString   *out,
              GPtrArray *rows)
{
  guint n_columns = g_strv_length (g_ptr_array_index (rows, 0));
  g_autofree guint *widths = g_new0 (guint, n_columns);

  for (guint r = 0; r < rows->len; r++)
    for (guint c = 0; c < n_columns; c++)
      widths[c] = MAX (widths[c], g_utf8_strlen (((char **) g_ptr_array_index (rows, r))[c], -1));
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      for (guint c = 0; c < n_columns; c++)
        {
          guint pad = widths[c] - g_utf8_strlen (cells[c], -1);

          if (c > 0)
            g_string_append (out, "  ");
          if (c > 0)
            for (guint i = 0; i < pad; i++)
              g_string_append_c (out, ' ');
          g_string_append (out, cells[c]);
          if (c == 0)
            for (guint i = 0; i < pad; i++)
              g_string_append_c (out, ' ');
        }
      g_string_append_c (out, '\n');
    }
}

/* "1.250 s" */
static char *
seconds (gint64 ns)
{
  return weft_format_time (ns, WEFT_NSEC_PER_SEC, 3);
}

/* "12.500 ms" */
static char *
milliseconds (gint64 ns)
{
  return weft_format_time (ns, WEFT_NSEC_PER_MSEC, 3);
}

static char *
percent (double value)
{
  /* TRANSLATORS: a share, e.g. "42.0 %" */
  return g_strdup_printf (_("%.1f %%"), value);
}

/* g_strv_builder_take() is GLib 2.80: this owns @text the same way. */
static void
add_cell (GStrvBuilder *row,
          char         *text)
{
  g_strv_builder_add (row, text);
  g_free (text);
}

static char **
thread_row (WeftStats             *self,
            const WeftThreadStats *stats)
{
  GStrvBuilder *row = g_strv_builder_new ();
  char **cells;

  g_strv_builder_add (row, thread_name (self, stats));
  for (WeftState s = WEFT_STATE_WORKING; s <= WEFT_STATE_CRITICAL; s++)
    {
      add_cell (row, seconds (stats->state_ns[s]));
      add_cell (row, percent (share (stats, s)));
    }
  add_cell (row, weft_format_count (stats->n_waits));
  add_cell (row, stats->n_waits > 0 ? milliseconds (stats->longest_wait_ns) : g_strdup ("–"));
  add_cell (row, stats->n_waits > 0 ? milliseconds (stats->median_wait_ns) : g_strdup ("–"));
  cells = g_strv_builder_end (row);
  g_strv_builder_unref (row);
  return cells;
}

/**
 * weft_stats_to_text:
 *
 * The statistics as a text table, in the user's language and number
 * format: a row per thread and one for all of them, then a row per
 * object that was held.
 */
char *
weft_stats_to_text (WeftStats *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) threads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  gint64 origin = weft_timeline_get_origin (self->timeline);
  const char *thread_heads[] = {
    /* TRANSLATORS: column heads of the statistics table */
    _("thread"), _("working"), "", _("waiting"), "", _("critical"), "", _("waits"), _("longest wait"),
    _("median wait"), NULL,
  };

  /* TRANSLATORS: the time range the statistics cover, in seconds from the run's start */
  g_string_append_printf (out, _("From %.3f s to %.3f s of the run (%.3f s)\n\n"), (self->t0 - origin) / 1e9,
                          (self->t1 - origin) / 1e9, (self->t1 - self->t0) / 1e9);
  g_ptr_array_add (threads, g_strdupv ((char **) thread_heads));
  for (guint i = 0; i < self->threads->len; i++)
    g_ptr_array_add (threads, thread_row (self, &g_array_index (self->threads, WeftThreadStats, i)));
  g_ptr_array_add (threads, thread_row (self, &self->total));
  append_table (out, threads);

  if (self->objects->len > 0)
    {
      g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
      const char *object_heads[] = {
        /* TRANSLATORS: column heads of the objects' statistics; contention is the share of acquires that waited */
        _("object"), _("acquires"), _("waited"), _("contention"), _("held"), _("longest hold"), NULL,
      };

      g_string_append_c (out, '\n');
      g_ptr_array_add (objects, g_strdupv ((char **) object_heads));
      for (guint i = 0; i < self->objects->len; i++)
        {
          const WeftObjectStats *stats = &g_array_index (self->objects, WeftObjectStats, i);
          GStrvBuilder *row = g_strv_builder_new ();

          g_strv_builder_add (row, weft_timeline_get_object_name (self->timeline, stats->object));
          add_cell (row, weft_format_count (stats->n_acquires));
          add_cell (row, weft_format_count (stats->n_contended));
          add_cell (row, stats->n_acquires > 0 ? percent (100.0 * stats->n_contended / stats->n_acquires)
                                                          : g_strdup ("–"));
          add_cell (row, seconds (stats->held_ns));
          add_cell (row, stats->n_acquires > 0 ? milliseconds (stats->longest_hold_ns) : g_strdup ("–"));
          g_ptr_array_add (objects, g_strv_builder_end (row));
          g_strv_builder_unref (row);
        }
      append_table (out, objects);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A number as CSV wants it: a dot, whatever the locale. */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.9g", value));
}

/* A name as a CSV field: quoted, with quotes doubled. */
static void
append_field (GString    *out,
              const char *text)
{
  g_string_append_c (out, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

static void
append_thread_csv (GString               *out,
                   WeftStats             *self,
                   const WeftThreadStats *stats)
{
  g_string_append (out, stats->lane == G_MAXUINT ? "total," : "thread,");
  append_field (out, stats->lane == G_MAXUINT ? "all" : weft_timeline_get_lane_name (self->timeline, stats->lane));
  for (WeftState s = WEFT_STATE_WORKING; s <= WEFT_STATE_CRITICAL; s++)
    append_number (out, stats->state_ns[s] / 1e9);
  for (WeftState s = WEFT_STATE_WORKING; s <= WEFT_STATE_CRITICAL; s++)
    append_number (out, share (stats, s) / 100);
  g_string_append_printf (out, ",%u", stats->n_waits);
  append_number (out, stats->longest_wait_ns / 1e9);
  append_number (out, stats->median_wait_ns / 1e9);
  g_string_append (out, ",,,,,\n");
}

/**
 * weft_stats_to_csv:
 *
 * The statistics as CSV with a header line and fixed English names, for
 * spreadsheets and scripts: times in seconds and shares as fractions,
 * with dots, in any locale.  A row's `kind` says whether it is a thread,
 * the total or an object; the columns that do not apply are empty.
 */
char *
weft_stats_to_csv (WeftStats *self)
{
  GString *out = g_string_new ("kind,name,working_s,waiting_s,critical_s,working_share,waiting_share,"
                               "critical_share,waits,longest_wait_s,median_wait_s,"
                               "acquires,waited,contention,held_s,longest_hold_s\n");

  for (guint i = 0; i < self->threads->len; i++)
    append_thread_csv (out, self, &g_array_index (self->threads, WeftThreadStats, i));
  append_thread_csv (out, self, &self->total);
  for (guint i = 0; i < self->objects->len; i++)
    {
      const WeftObjectStats *stats = &g_array_index (self->objects, WeftObjectStats, i);

      g_string_append (out, "object,");
      append_field (out, weft_timeline_get_object_name (self->timeline, stats->object));
      g_string_append_printf (out, ",,,,,,,,,,%u,%u", stats->n_acquires, stats->n_contended);
      if (stats->n_acquires > 0)
        append_number (out, (double) stats->n_contended / stats->n_acquires);
      else
        g_string_append_c (out, ',');
      append_number (out, stats->held_ns / 1e9);
      append_number (out, stats->longest_hold_ns / 1e9);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
