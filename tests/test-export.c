/* test-export.c: the files a user exports, read back
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* For unshare(), to give the full-disk test a file system of its own. */
#define _GNU_SOURCE

#include <cairo.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <librsvg/rsvg.h>
#include <poppler.h>
#include <sched.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include "weft-chart.h"
#include "weft-export.h"
#include "test-files.h"
#include "weft-test-util.h"

typedef struct
{
  WeftTimeline *timeline;
  WeftChecks *checks;
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const WeftPattern *pattern;
  WeftParams params;
  g_autoptr(WeftRun) run = NULL;
  g_autoptr(GError) error = NULL;

  test_params (data, &pattern, &params);
  weft_params_set (&params, "pace", 0.01);
  run = weft_run_new (pattern, &params, &error);
  g_assert_no_error (error);
  fixture->timeline = weft_record_run (run, 300 * WEFT_NSEC_PER_MSEC, NULL, &error);
  g_assert_no_error (error);
  fixture->checks = weft_check_timeline (fixture->timeline);
  fixture->dir = g_dir_make_tmp ("weft-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  weft_checks_free (fixture->checks);
  weft_timeline_unref (fixture->timeline);
}

static char *
export (Fixture    *fixture,
        const char *name,
        int         width)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  WeftExportOptions options = { .width = width };
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_true (weft_export_timeline (fixture->timeline, fixture->checks, path, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_test_message ("%s: %ld bytes", name, (long) st.st_size);
  return path;
}

/* A span as a trace viewer reads it: in doubles. */
typedef struct
{
  double start;
  double end;
} ReadSpan;

static double
event_ts (JsonObject *event)
{
  return json_object_get_double_member (event, "ts");
}

static gpointer
lookup_or_add (GHashTable *table,
               gpointer    key,
               gpointer  (*make) (void))
{
  gpointer value = g_hash_table_lookup (table, key);

  if (value == NULL)
    {
      value = make ();
      g_hash_table_insert (table, key, value);
    }
  return value;
}

static gpointer
new_span_array (void)
{
  return g_array_new (FALSE, FALSE, sizeof (ReadSpan));
}

static gpointer
new_stack (void)
{
  return g_ptr_array_new ();
}

/* An E names the span it ends exactly as its B did: speedscope pairs
 * them on name and args. */
static void
assert_same_span (JsonObject *begin,
                  JsonObject *end)
{
  g_autofree char *begin_args = json_to_string (json_object_get_member (begin, "args"), FALSE);
  g_autofree char *end_args = json_to_string (json_object_get_member (end, "args"), FALSE);

  g_assert_cmpstr (json_object_get_string_member (begin, "name"), ==,
                   json_object_get_string_member (end, "name"));
  g_assert_cmpstr (begin_args, ==, end_args);
}

/* Each tid's spans, read as a viewer reads them: a B and the next E
 * that closes it, like a stack, in file order; an X as ts + dur. */
static GHashTable *
read_spans (JsonArray *events)
{
  g_autoptr(GHashTable) stacks = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  GHashTable *spans = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  GHashTableIter iter;
  gpointer stack;

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);
      char ph = json_object_get_string_member (event, "ph")[0];
      gpointer tid;
      ReadSpan span;

      if (ph != 'B' && ph != 'E' && ph != 'X')
        continue;
      tid = GINT_TO_POINTER (json_object_get_int_member (event, "tid"));
      stack = lookup_or_add (stacks, tid, new_stack);
      if (ph == 'B')
        {
          g_ptr_array_add (stack, event);
          continue;
        }
      if (ph == 'E')
        {
          JsonObject *begin;

          g_assert_cmpuint (((GPtrArray *) stack)->len, >, 0);
          begin = g_ptr_array_steal_index (stack, ((GPtrArray *) stack)->len - 1);
          assert_same_span (begin, event);
          span = (ReadSpan) { event_ts (begin), event_ts (event) };
        }
      else
        span = (ReadSpan) { event_ts (event), event_ts (event) + json_object_get_double_member (event, "dur") };
      g_assert_cmpfloat (span.end, >=, span.start);
      g_array_append_val (lookup_or_add (spans, tid, new_span_array), span);
    }

  /* Every B was ended. */
  g_hash_table_iter_init (&iter, stacks);
  while (g_hash_table_iter_next (&iter, NULL, &stack))
    g_assert_cmpuint (((GPtrArray *) stack)->len, ==, 0);
  return spans;
}

static int
compare_read_spans (gconstpointer a,
                    gconstpointer b)
{
  const ReadSpan *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  /* Of two that start together, the longer is the parent. */
  return (x->end < y->end) - (x->end > y->end);
}

/* Taken in order of start, with the spans still open as a stack: each
 * must start no earlier than the sibling before it ended, and end no
 * later than its parent.  Compared as doubles, with no tolerance. */
static void
assert_nested (GArray *spans,
               gint    tid)
{
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (double));

  g_array_sort (spans, compare_read_spans);
  for (guint i = 0; i < spans->len; i++)
    {
      const ReadSpan *span = &g_array_index (spans, ReadSpan, i);

      while (open->len > 0 && g_array_index (open, double, open->len - 1) <= span->start)
        g_array_set_size (open, open->len - 1);
      if (open->len > 0 && span->end > g_array_index (open, double, open->len - 1))
        g_error ("tid %d: the span %.17g to %.17g overlaps one that ends at %.17g",
                 tid, span->start, span->end, g_array_index (open, double, open->len - 1));
      g_array_append_val (open, span->end);
    }
}

/* Parses the exported JSON and checks that every lane nests exactly.
 * Returns: how many spans it held */
static guint
check_trace_nests (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) spans = NULL;
  GHashTableIter iter;
  gpointer tid, lane;
  guint n = 0;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  spans = read_spans (json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                                    "traceEvents"));
  g_hash_table_iter_init (&iter, spans);
  while (g_hash_table_iter_next (&iter, &tid, &lane))
    {
      assert_nested (lane, GPOINTER_TO_INT (tid));
      n += ((GArray *) lane)->len;
    }
  return n;
}

/* What the SVG parser saw. */
typedef struct
{
  guint lane_groups;
  GString *text;        /* all character data, for searching */
  gboolean in_svg;
} SvgSeen;

static void
svg_start (GMarkupParseContext  *context,
           const char           *element,
           const char          **names,
           const char          **values,
           gpointer              user_data,
           GError              **error)
{
  SvgSeen *seen = user_data;

  if (g_str_equal (element, "svg"))
    seen->in_svg = TRUE;
  if (g_str_equal (element, "g"))
    for (guint i = 0; names[i] != NULL; i++)
      if (g_str_equal (names[i], "class") && g_str_equal (values[i], "lane"))
        seen->lane_groups++;
}

static void
svg_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 len,
          gpointer              user_data,
          GError              **error)
{
  SvgSeen *seen = user_data;

  g_string_append_len (seen->text, text, len);
  g_string_append_c (seen->text, '\n');
}

static void
check_svg (Fixture    *fixture,
           const char *path)
{
  static const GMarkupParser parser = { svg_start, NULL, svg_text, NULL, NULL };
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  SvgSeen seen = { 0, g_string_new (NULL), FALSE };
  WeftChartOptions options;
  WeftChartLayout layout;
  const WeftPattern *pattern = weft_timeline_get_pattern (fixture->timeline);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  /* Well-formed: the whole document parses as XML. */
  context = g_markup_parse_context_new (&parser, 0, &seen, NULL);
  g_assert_true (g_markup_parse_context_parse (context, contents, -1, &error));
  g_assert_no_error (error);
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_true (seen.in_svg);

  /* One group per lane: a thread's lane or a counter's. */
  weft_chart_options_init (&options);
  options.width = 1200;
  options.height = 800;
  weft_chart_layout (fixture->timeline, &options, &layout);
  g_assert_cmpuint (seen.lane_groups, ==, layout.n_lanes + layout.n_counters);
  g_assert_cmpuint (layout.n_lanes, ==, weft_timeline_get_n_lanes (fixture->timeline));

  /* Readable on its own: title, lanes, legend, verdicts. */
  g_assert_nonnull (strstr (seen.text->str, pattern->title));
  g_assert_nonnull (strstr (seen.text->str, weft_timeline_get_lane_name (fixture->timeline, 0)));
  /* The legend names the states the pattern draws, and no other. */
  for (guint s = 0; s < WEFT_STATE_RECORDER; s++)
    if (pattern->states & (1u << s))
      g_assert_nonnull (strstr (seen.text->str, weft_state_to_string (s)));
    else
      g_assert_null (strstr (seen.text->str, weft_state_to_string (s)));
  g_assert_nonnull (strstr (seen.text->str, "Legend"));
  for (guint i = 0; i < weft_checks_get_n_checks (fixture->checks); i++)
    g_assert_nonnull (strstr (seen.text->str, weft_checks_get_check (fixture->checks, i)->message));
  g_string_free (seen.text, TRUE);
}

/* Whether the SVG at @path writes @label inside its picture. */
static gboolean
svg_shows_text (const char *path,
                const char *label)
{
  g_autofree char *svg = NULL;
  g_autoptr(GRegex) size = g_regex_new ("<svg[^>]* width=\"([0-9.]+)[a-z]*\" height=\"([0-9.]+)", 0, 0, NULL);
  g_autoptr(GRegex) text = g_regex_new ("<text x=\"([-0-9.e]+)\" y=\"([-0-9.e]+)\"[^>]*>([^<]*)</text>", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *escaped = g_markup_escape_text (label, -1);
  g_autofree char *width_text = NULL;
  g_autofree char *height_text = NULL;
  double width, height;

  g_assert_true (g_file_get_contents (path, &svg, NULL, NULL));
  g_assert_true (g_regex_match (size, svg, 0, &match));
  width_text = g_match_info_fetch (match, 1);
  height_text = g_match_info_fetch (match, 2);
  width = g_ascii_strtod (width_text, NULL);
  height = g_ascii_strtod (height_text, NULL);
  g_clear_pointer (&match, g_match_info_unref);
  for (g_regex_match (text, svg, 0, &match); g_match_info_matches (match); g_match_info_next (match, NULL))
    {
      g_autofree char *x = g_match_info_fetch (match, 1);
      g_autofree char *y = g_match_info_fetch (match, 2);
      g_autofree char *content = g_match_info_fetch (match, 3);

      if (g_str_equal (content, escaped))
        return g_ascii_strtod (x, NULL) >= 0 && g_ascii_strtod (x, NULL) < width &&
               g_ascii_strtod (y, NULL) > 0 && g_ascii_strtod (y, NULL) <= height;
    }
  return FALSE;
}

/* A picture exported at a phone's width names everything its legend
 * names when wide, inside the picture: the legend wraps onto more rows
 * instead of leaving any out. */
static void
test_narrow_legend (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const labels[] = { "working", "waiting", "critical", "let in", "release()", "wake" };
  g_autofree char *wide = export (fixture, "wide.svg", 1200);
  g_autofree char *narrow = export (fixture, "narrow.svg", 360);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_test_message ("%s", labels[i]);
      g_assert_true (svg_shows_text (wide, labels[i]));
      g_assert_true (svg_shows_text (narrow, labels[i]));
    }
}

static guint
count_colours (cairo_surface_t *surface)
{
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  const guchar *data = cairo_image_surface_get_data (surface);

  for (int y = 0; y < height; y += 3)
    for (int x = 0; x < width; x += 3)
      g_hash_table_add (colours, GUINT_TO_POINTER (*(const guint32 *) (data + y * stride + x * 4)));
  return g_hash_table_size (colours);
}

/* Mean difference of the two pictures, averaged over 16 x 16 cells, in
 * [0, 1]: coarse enough that font rendering does not matter, fine
 * enough that a missing lane or a shifted axis does. */
static double
coarse_difference (cairo_surface_t *a,
                   cairo_surface_t *b)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  double total = 0;
  guint cells = 0;

  for (int cy = 0; cy + 16 <= height; cy += 16)
    for (int cx = 0; cx + 16 <= width; cx += 16)
      {
        double sum_a[3] = { 0 }, sum_b[3] = { 0 };

        for (int y = cy; y < cy + 16; y++)
          for (int x = cx; x < cx + 16; x++)
            {
              const guchar *pa = cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a) + x * 4;
              const guchar *pb = cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b) + x * 4;

              for (int c = 0; c < 3; c++)
                {
                  sum_a[c] += pa[c];
                  sum_b[c] += pb[c];
                }
            }
        for (int c = 0; c < 3; c++)
          total += fabs (sum_a[c] - sum_b[c]) / (256.0 * 255.0);
        cells += 3;
      }
  return total / cells;
}

static void
test_every_format (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *svg = export (fixture, "trace.svg", 0);
  g_autofree char *png = export (fixture, "trace.png", 1000);
  g_autofree char *pdf = export (fixture, "trace.pdf", 0);
  g_autofree char *json = export (fixture, "trace.json", 0);
  g_autofree char *svg_same_size = export (fixture, "same-size.svg", 1000);
  g_autofree char *pdf_uri = NULL;
  g_autoptr(GError) error = NULL;
  PopplerDocument *document;
  PopplerPage *page;
  RsvgHandle *handle;
  g_autofree char *page_text = NULL;
  cairo_surface_t *picture, *rendered;
  RsvgRectangle viewport;
  cairo_t *cr;
  double difference;

  check_svg (fixture, svg);

  /* PNG: the size asked for, and a picture rather than a flat fill. */
  picture = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (picture), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (picture), ==, 1000);
  g_assert_cmpint (cairo_image_surface_get_height (picture), >, 200);
  g_assert_cmpuint (count_colours (picture), >, 20);

  /* PDF: poppler opens it, one page, with the title as real text. */
  pdf_uri = g_filename_to_uri (pdf, NULL, NULL);
  document = poppler_document_new_from_file (pdf_uri, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 1);
  page = poppler_document_get_page (document, 0);
  page_text = poppler_page_get_text (page);
  g_assert_nonnull (strstr (page_text, weft_timeline_get_pattern (fixture->timeline)->title));
  g_object_unref (page);
  g_object_unref (document);
  g_assert_true (g_file_test (json, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (check_trace_nests (json), ==, weft_timeline_get_n_spans (fixture->timeline));

  /* The SVG drawn back by librsvg matches the PNG, coarsely. */
  handle = rsvg_handle_new_from_file (svg_same_size, &error);
  g_assert_no_error (error);
  rendered = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width (picture),
                                         cairo_image_surface_get_height (picture));
  cr = cairo_create (rendered);
  viewport = (RsvgRectangle) { 0, 0, cairo_image_surface_get_width (picture), cairo_image_surface_get_height (picture) };
  g_assert_true (rsvg_handle_render_document (handle, cr, &viewport, &error));
  g_assert_no_error (error);
  g_object_unref (handle);
  cairo_destroy (cr);
  cairo_surface_flush (rendered);
  difference = coarse_difference (picture, rendered);
  g_test_message ("SVG rendered back differs from the PNG by %.3f (coarse mean)", difference);
  g_assert_cmpfloat (difference, <, 0.04);
  /* ...while an empty page would not: the measure can tell. */
  cr = cairo_create (rendered);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (rendered);
  g_assert_cmpfloat (coarse_difference (picture, rendered), >, 0.04);

  cairo_surface_destroy (rendered);
  cairo_surface_destroy (picture);
}

typedef struct
{
  JsonObject *start;
  JsonObject *finish;
} ReadFlow;

/* Whether @tid has a span that holds @ts, its edges included, or else
 * an instant at @ts (the cause's own mark: an Event may be set outside
 * any span, and a trace viewer reads an instant as a slice of no
 * length). */
static gboolean
lies_in_a_span (GHashTable *spans,
                JsonArray  *events,
                gint64      tid,
                double      ts)
{
  GArray *lane = g_hash_table_lookup (spans, GINT_TO_POINTER (tid));

  for (guint i = 0; lane != NULL && i < lane->len; i++)
    if (g_array_index (lane, ReadSpan, i).start <= ts && ts <= g_array_index (lane, ReadSpan, i).end)
      return TRUE;
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *ev = json_array_get_object_element (events, i);

      if (g_str_equal (json_object_get_string_member (ev, "ph"), "i") &&
          json_object_get_int_member_with_default (ev, "tid", -1) == tid && event_ts (ev) == ts)
        return TRUE;
    }
  return FALSE;
}

/* Hand-offs are flows a trace viewer can draw: each id has one `s` and
 * one `f` (bound to its enclosing slice), on threads the trace names,
 * each at a slice on that thread, the source no later than the target;
 * otherData.flows counts them, as many as the timeline's arrows. */
static void
test_json_flows (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *json = export (fixture, "flows.json", 0);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) flows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GHashTable) tids = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) spans = NULL;
  GHashTableIter iter;
  gpointer value;
  JsonObject *root;
  JsonArray *events;

  g_assert_true (json_parser_load_from_file (parser, json, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  events = json_object_get_array_member (root, "traceEvents");
  spans = read_spans (events);
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *ev = json_array_get_object_element (events, i);
      const char *ph = json_object_get_string_member (ev, "ph");
      gint64 id;
      ReadFlow *flow;

      if (g_str_equal (ph, "M") && g_str_equal (json_object_get_string_member (ev, "name"), "thread_name"))
        g_hash_table_add (tids, GINT_TO_POINTER (json_object_get_int_member (ev, "tid")));
      if (!g_str_equal (ph, "s") && !g_str_equal (ph, "f"))
        continue;
      g_assert_cmpstr (json_object_get_string_member (ev, "cat"), ==, "handoff");
      id = json_object_get_int_member (ev, "id");
      flow = g_hash_table_lookup (flows, &id);
      if (flow == NULL)
        {
          flow = g_new0 (ReadFlow, 1);
          g_hash_table_insert (flows, g_memdup2 (&id, sizeof id), flow);
        }
      if (g_str_equal (ph, "s"))
        {
          g_assert_null (flow->start);
          flow->start = ev;
        }
      else
        {
          g_assert_null (flow->finish);
          g_assert_cmpstr (json_object_get_string_member (ev, "bp"), ==, "e");
          flow->finish = ev;
        }
    }

  g_hash_table_iter_init (&iter, flows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ReadFlow *flow = value;

      g_assert_nonnull (flow->start);
      g_assert_nonnull (flow->finish);
      g_assert_cmpfloat (event_ts (flow->start), <=, event_ts (flow->finish));
      for (guint end = 0; end < 2; end++)
        {
          JsonObject *ev = end == 0 ? flow->start : flow->finish;
          gint64 tid = json_object_get_int_member (ev, "tid");

          g_assert_true (g_hash_table_contains (tids, GINT_TO_POINTER (tid)));
          if (!lies_in_a_span (spans, events, tid, event_ts (ev)))
            g_error ("the flow %s at %.3f on %" G_GINT64_FORMAT " is at no slice",
                     json_object_get_string_member (ev, "ph"), event_ts (ev), tid);
        }
    }
  g_test_message ("%s: %u flows", (const char *) data, g_hash_table_size (flows));
  g_assert_cmpuint (g_hash_table_size (flows), >, 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "otherData"), "flows"),
                   ==, g_hash_table_size (flows));
  g_assert_cmpuint (g_hash_table_size (flows), ==, weft_timeline_get_n_arrows (fixture->timeline));
}

static void
test_bad_paths_leave_nothing (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "no", "such", "dir.svg", NULL);
  g_autofree char *text = g_build_filename (fixture->dir, "trace.txt", NULL);
  g_autofree char *folder = g_build_filename (fixture->dir, "folder.png", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (weft_export_timeline (fixture->timeline, fixture->checks, missing, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  g_assert_false (weft_export_timeline (fixture->timeline, fixture->checks, text, NULL, &error));
  g_assert_error (error, WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_false (weft_export_timeline (fixture->timeline, fixture->checks, folder, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_rmdir (folder);

  g_assert_cmpuint (test_count_entries (fixture->dir), ==, 0);
}

static gboolean
write_half_then_fail (FILE     *file,
                      gpointer  user_data,
                      GError  **error)
{
  fputs ("{\"traceEvents\":[", file);
  g_set_error (error, WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_FAILED, "disk on fire");
  return FALSE;
}

static gboolean
write_hello (FILE     *file,
             gpointer  user_data,
             GError  **error)
{
  fputs (user_data, file);
  return TRUE;
}

/* A failure midway leaves neither the file nor its temporary, and an
 * existing file is only replaced once the new one is complete. */
static void
test_atomic_write (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (weft_export_write_atomically (path, write_half_then_fail, NULL, &error));
  g_assert_error (error, WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (test_count_entries (fixture->dir), ==, 0);

  g_assert_true (weft_export_write_atomically (path, write_hello, (gpointer) "first", &error));
  g_assert_false (weft_export_write_atomically (path, write_half_then_fail, NULL, &error));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "first");
  g_assert_cmpuint (test_count_entries (fixture->dir), ==, 1);
}

/* Visible-range exports draw that range only. */
static void
test_visible_range (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "range.svg", NULL);
  g_autofree char *contents = NULL;
  gint64 origin = weft_timeline_get_origin (fixture->timeline);
  WeftExportOptions options = { origin + 100 * WEFT_NSEC_PER_MSEC, origin + 150 * WEFT_NSEC_PER_MSEC, 0, FALSE };
  g_autoptr(GError) error = NULL;

  g_assert_true (weft_export_timeline (fixture->timeline, fixture->checks, path, &options, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "Shown: 100.000 ms to 150.000 ms."));
}

/* A lane of spans back to back with nested ones inside, at times in
 * nanoseconds whose microsecond decimals do not add up exactly as
 * doubles: about one X event in eight would overlap the next. */
static void
add_touching_spans (TestTrace *trace,
                    guint      lane,
                    guint16    lock,
                    guint16    club,
                    gint64     t,
                    guint      n)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (lane + 7);

  for (guint i = 0; i < n; i++)
    {
      gint64 mid = t + g_rand_int_range (rand, 1, 40000000);
      gint64 end = mid + g_rand_int_range (rand, 1, 40000000);

      test_trace_span (trace, lane, WEFT_STATE_WAITING, lock, t, mid, 0, 0);
      test_trace_add (trace, lane, mid, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, lock, 0, 0);
      /* A child that starts with its parent, and one that ends with it. */
      test_trace_span (trace, lane, WEFT_STATE_WAITING, club, mid, mid + (end - mid) / 3, 0, 0);
      test_trace_span (trace, lane, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, mid + (end - mid) / 3, end, 0, 0);
      test_trace_add (trace, lane, end, WEFT_EVENT_END, WEFT_STATE_CRITICAL, lock, 0, 0);
      t = end;
    }
}

/* Every span read back as doubles nests exactly: siblings that touch
 * touch, children stay inside their parents, at any magnitude. */
static void
test_json_nests_exactly (void)
{
  g_autofree char *dir = g_dir_make_tmp ("weft-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "nested.json", NULL);
  g_autoptr(WeftChecks) checks = NULL;
  g_autoptr(GError) error = NULL;
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  guint16 lock, club;
  guint first, second, third;

  test_params ("lock", &pattern, &params);
  test_trace_init (&trace, pattern, &params);
  weft_timeline_set_origin (trace.timeline, 0);
  lock = weft_timeline_add_object (trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  club = weft_timeline_add_object (trace.timeline, "club", WEFT_OBJECT_SEMAPHORE, 3);
  first = weft_timeline_add_lane (trace.timeline, "worker-1", 101);
  second = weft_timeline_add_lane (trace.timeline, "worker-2", 102);
  third = weft_timeline_add_lane (trace.timeline, "worker-3", 103);

  /* The spans that made speedscope warn, then a zero-length one. */
  test_trace_span (&trace, first, WEFT_STATE_WORKING, WEFT_OBJECT_NONE, 570324679, 584427625, 0, 0);
  test_trace_span (&trace, first, WEFT_STATE_WAITING, lock, 584427625, 584427625, 0, 0);
  add_touching_spans (&trace, first, lock, club, 584427625, 2000);
  /* An hour in, where a double has fewer digits to spare. */
  add_touching_spans (&trace, second, lock, club, G_GINT64_CONSTANT (3600000000000) - 7, 2000);
  /* Left open: cut where the run ends, with the span it is in. */
  test_trace_add (&trace, third, 5, WEFT_EVENT_BEGIN, WEFT_STATE_CRITICAL, lock, 0, 0);
  test_trace_add (&trace, third, 999, WEFT_EVENT_BEGIN, WEFT_STATE_WAITING, club, 0, 0);
  checks = test_trace_check (&trace);

  g_assert_true (weft_export_timeline (trace.timeline, checks, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (check_trace_nests (path), ==, weft_timeline_get_n_spans (trace.timeline));
  g_assert_cmpuint (weft_timeline_get_n_spans (trace.timeline), ==, 2 + 2 * 2000 * 4 + 2);

  test_trace_clear (&trace);
  test_remove_tree (dir);
}

/* The JSON carries pauses (in otherData and as global instants), the
 * gaps where events were lost, and each check's status with the lane
 * and time it could not verify. */
static void
test_json_pauses_and_gaps (void)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  g_autoptr(WeftChecks) checks = NULL;
  g_autofree char *dir = g_dir_make_tmp ("weft-export-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "pauses.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *other, *pause, *gap, *check;
  JsonArray *events;
  guint16 lock;
  guint n_paused = 0, n_resumed = 0;

  test_params ("lock", &pattern, &params);
  test_trace_init (&trace, pattern, &params);
  lock = weft_timeline_add_object (trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  weft_timeline_add_lane (trace.timeline, "worker-1", 101);
  weft_timeline_add_lane (trace.timeline, "worker-2", 102);
  test_trace_span (&trace, 0, WEFT_STATE_CRITICAL, lock, 2000, 3000, 0, 0);
  test_trace_add (&trace, 1, 2500, WEFT_EVENT_GAP, 0, WEFT_OBJECT_NONE, 2900, 7);
  test_trace_span (&trace, 1, WEFT_STATE_CRITICAL, lock, 3000, 4000, 0, 0);
  weft_timeline_add_events (trace.timeline, (const WeftEvent *) (gpointer) trace.events->data, trace.events->len);
  weft_timeline_begin_pause (trace.timeline, 5000);
  weft_timeline_end_pause (trace.timeline, 9000);
  weft_timeline_finish (trace.timeline, 10000);
  checks = weft_check_timeline (trace.timeline);
  g_assert_true (weft_export_timeline (trace.timeline, checks, json, NULL, &error));
  g_assert_no_error (error);
  test_trace_clear (&trace);

  g_assert_true (json_parser_load_from_file (parser, json, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  other = json_object_get_object_member (root, "otherData");
  g_assert_cmpint (json_object_get_int_member (other, "format"), ==, 2);
  /* Origin is 1000 ns. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (other, "pauses")), ==, 1);
  pause = json_array_get_object_element (json_object_get_array_member (other, "pauses"), 0);
  g_assert_cmpint (json_object_get_int_member (pause, "from_ns"), ==, 4000);
  g_assert_cmpint (json_object_get_int_member (pause, "to_ns"), ==, 8000);
  g_assert_cmpint (json_object_get_int_member (other, "active_ns"), ==, 9000 - 4000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (other, "gaps")), ==, 1);
  gap = json_array_get_object_element (json_object_get_array_member (other, "gaps"), 0);
  g_assert_cmpstr (json_object_get_string_member (gap, "lane"), ==, "worker-2");
  g_assert_cmpint (json_object_get_int_member (gap, "from_ns"), ==, 1500);
  g_assert_cmpint (json_object_get_int_member (gap, "to_ns"), ==, 1900);
  g_assert_cmpint (json_object_get_int_member (gap, "dropped"), ==, 7);
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (other, "checks")); i++)
    {
      check = json_array_get_object_element (json_object_get_array_member (other, "checks"), i);
      g_assert_cmpstr (json_object_get_string_member (check, "status"), ==, "inconclusive");
      g_assert_cmpstr (json_object_get_string_member (check, "lane"), ==, "worker-2");
      g_assert_cmpint (json_object_get_int_member (check, "from_ns"), ==, 1500);
      g_assert_cmpint (json_object_get_int_member (check, "to_ns"), ==, 1900);
    }

  events = json_object_get_array_member (root, "traceEvents");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *ev = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (ev, "s", ""), "g") != 0)
        continue;
      if (g_str_equal (json_object_get_string_member (ev, "name"), "paused"))
        {
          g_assert_cmpfloat (json_object_get_double_member (ev, "ts"), ==, 4.0);
          n_paused++;
        }
      else if (g_str_equal (json_object_get_string_member (ev, "name"), "resumed"))
        {
          g_assert_cmpfloat (json_object_get_double_member (ev, "ts"), ==, 8.0);
          n_resumed++;
        }
    }
  g_assert_cmpuint (n_paused, ==, 1);
  g_assert_cmpuint (n_resumed, ==, 1);
  test_remove_tree (dir);
}

/* A hand-made run of @n spans on four lanes, for tests that need many. */
static WeftTimeline *
busy_timeline (guint n)
{
  const WeftPattern *pattern;
  WeftParams params;
  TestTrace trace;
  WeftTimeline *timeline;
  guint16 lock;

  test_params ("lock", &pattern, &params);
  test_trace_init (&trace, pattern, &params);
  lock = weft_timeline_add_object (trace.timeline, "lock", WEFT_OBJECT_MUTEX, 0);
  for (guint lane = 0; lane < 4; lane++)
    {
      g_autofree char *name = g_strdup_printf ("worker-%u", lane + 1);
      weft_timeline_add_lane (trace.timeline, name, 200 + lane);
    }
  for (guint i = 0; i < n; i++)
    test_trace_span (&trace, i % 4, i % 8 < 4 ? WEFT_STATE_WAITING : WEFT_STATE_CRITICAL, lock,
                     2000 + i * 1000, 2000 + i * 1000 + 999, 0, 0);
  weft_checks_free (test_trace_check (&trace));
  timeline = weft_timeline_ref (trace.timeline);
  test_trace_clear (&trace);
  return timeline;
}

typedef struct
{
  GArray *fractions;
  GCancellable *cancellable;    /* cancelled once half is written, when set */
} ProgressSeen;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  ProgressSeen *seen = user_data;

  g_array_append_val (seen->fractions, fraction);
  if (seen->cancellable != NULL && fraction >= 0.5)
    g_cancellable_cancel (seen->cancellable);
}

/* Progress rises by about a hundredth at a time and ends at 1, once. */
static void
test_progress (void)
{
  g_autoptr(WeftTimeline) timeline = busy_timeline (20000);
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  g_autofree char *dir = g_dir_make_tmp ("weft-export-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "progress.json", NULL);
  g_autofree char *svg = g_build_filename (dir, "progress.svg", NULL);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  ProgressSeen seen = { fractions, NULL };
  WeftExportOptions options = { .progress = on_progress, .progress_data = &seen };
  g_autoptr(GError) error = NULL;

  g_assert_true (weft_export_timeline (timeline, checks, json, &options, &error));
  g_assert_no_error (error);
  g_test_message ("%u progress reports", fractions->len);
  g_assert_cmpuint (fractions->len, >=, 50);
  g_assert_cmpuint (fractions->len, <=, 101);
  for (guint i = 0; i < fractions->len; i++)
    {
      double fraction = g_array_index (fractions, double, i);

      g_assert_cmpfloat (fraction, >, i > 0 ? g_array_index (fractions, double, i - 1) : 0);
      g_assert_cmpfloat (fraction, <=, 1);
      if (i > 0)
        g_assert_cmpfloat (fraction - g_array_index (fractions, double, i - 1), <=, 0.02);
    }
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1);

  /* A picture is drawn in one go: done is all it can say. */
  g_array_set_size (fractions, 0);
  g_assert_true (weft_export_timeline (timeline, checks, svg, &options, &error));
  g_assert_cmpuint (fractions->len, ==, 1);
  g_assert_cmpfloat (g_array_index (fractions, double, 0), ==, 1);

  test_remove_tree (dir);
}

/* A cancel midway stops the export: an error that says so, the file
 * that was there left as it was, and no temporary file. */
static void
test_cancel (void)
{
  g_autoptr(WeftTimeline) timeline = busy_timeline (20000);
  g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
  g_autofree char *dir = g_dir_make_tmp ("weft-export-XXXXXX", NULL);
  g_autofree char *json = g_build_filename (dir, "cancel.json", NULL);
  g_autofree char *png = g_build_filename (dir, "cancel.png", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  ProgressSeen seen = { fractions, cancellable };
  WeftExportOptions options = {
    .progress = on_progress, .progress_data = &seen, .cancellable = cancellable,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (json, "before", -1, NULL));
  g_assert_false (weft_export_timeline (timeline, checks, json, &options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (error->message, json));
  g_assert_nonnull (strstr (error->message, "cancelled"));
  g_clear_error (&error);
  /* Stopped soon after it was asked to, never saying it was done. */
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), <, 0.52);
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "before");
  g_assert_cmpuint (test_count_entries (dir), ==, 1);

  /* Already cancelled: a picture is not even drawn. */
  g_assert_false (weft_export_timeline (timeline, checks, png, &options, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (test_count_entries (dir), ==, 1);

  test_remove_tree (dir);
}

/* A file its owner made read-only is not replaced, even by root, for
 * whom neither access() nor rename() would object. */
static void
test_read_only_target (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "kept.svg", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "kept as it was", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);

  g_assert_false (weft_export_timeline (fixture->timeline, fixture->checks, path, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ACCES);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "kept as it was");
  g_assert_cmpuint (test_count_entries (fixture->dir), ==, 1);

  /* Writable again, it is replaced. */
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_true (weft_export_timeline (fixture->timeline, fixture->checks, path, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
write_then_run_out_of_space (FILE     *file,
                             gpointer  user_data,
                             GError  **error)
{
  fputs ("{\"traceEvents\":[", file);
  g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC, g_strerror (ENOSPC));
  return FALSE;
}

/* What a failed write says: which file, and the system's reason. */
static void
test_write_failure_names_file (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "out.json", NULL);
  g_autofree char *expected = g_strdup_printf ("Cannot write “%s”: %s", path, g_strerror (ENOSPC));
  g_autoptr(GError) error = NULL;

  g_assert_false (weft_export_write_atomically (path, write_then_run_out_of_space, NULL, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_cmpstr (error->message, ==, expected);
  g_assert_cmpuint (test_count_entries (fixture->dir), ==, 0);
}

/* The trace writer checks its writes: on /dev/full, every one fails
 * with ENOSPC, as on a full disk. */
static void
test_trace_on_full_device (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  FILE *full = fopen ("/dev/full", "wb");

  if (full == NULL)
    {
      g_test_skip ("no /dev/full");
      return;
    }
  g_assert_false (weft_export_write_trace (fixture->timeline, fixture->checks, NULL, full, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_cmpstr (error->message, ==, g_strerror (ENOSPC));
  fclose (full);
}

/* Real write failures through the whole export, without privileges: a
 * file size limit makes the kernel refuse writes past it (EFBIG).  In a
 * subprocess, so that the limit binds nothing else. */
static void
test_file_size_limit (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(WeftTimeline) timeline = busy_timeline (20000);
      g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
      g_autofree char *dir = g_dir_make_tmp ("weft-export-XXXXXX", NULL);
      g_autofree char *json = g_build_filename (dir, "big.json", NULL);
      g_autofree char *small = g_build_filename (dir, "small.json", NULL);
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      struct rlimit limit;

      g_assert_true (g_file_set_contents (json, "before", -1, NULL));
      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &limit), ==, 0);

      /* The trace writer's own writes fail... */
      limit.rlim_cur = 64 * 1024;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (weft_export_timeline (timeline, checks, json, NULL, &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, json));
      g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
      g_clear_error (&error);

      /* ...and so does the flush of a small file's last bytes. */
      limit.rlim_cur = 2;
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (weft_export_write_atomically (small, write_hello, (gpointer) "hello", &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED);
      g_assert_nonnull (strstr (error->message, small));
      g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));

      g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "before");
      g_assert_cmpuint (test_count_entries (dir), ==, 1);
      test_remove_tree (dir);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Where the full-disk subprocess leaves word that it could mount. */
static char *
full_disk_marker (pid_t parent)
{
  g_autofree char *name = g_strdup_printf ("weft-full-disk-%d", (int) parent);
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

/* A disk that really fills up: a 64 KiB tmpfs, mounted in a mount
 * namespace of the subprocess's own, so nothing outside sees it.  Needs
 * root (or CAP_SYS_ADMIN); skipped without. */
static void
test_full_disk (void)
{
  g_autofree char *marker = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(WeftTimeline) timeline = busy_timeline (20000);
      g_autoptr(WeftChecks) checks = weft_check_timeline (timeline);
      g_autofree char *dir = g_dir_make_tmp ("weft-export-XXXXXX", NULL);
      g_autofree char *json = g_build_filename (dir, "full.json", NULL);
      g_autoptr(GError) error = NULL;

      marker = full_disk_marker (getppid ());
      if (unshare (CLONE_NEWNS) != 0 ||
          mount ("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
          mount ("tmpfs", dir, "tmpfs", 0, "size=64k") != 0)
        {
          g_rmdir (dir);
          return;
        }
      g_assert_false (weft_export_timeline (timeline, checks, json, NULL, &error));
      g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
      g_assert_cmpstr (strstr (error->message, json), !=, NULL);
      g_assert_cmpstr (strstr (error->message, g_strerror (ENOSPC)), !=, NULL);
      g_test_message ("%s", error->message);
      g_assert_cmpuint (test_count_entries (dir), ==, 0);
      umount (dir);
      g_rmdir (dir);
      g_assert_true (g_file_set_contents (marker, "", 0, NULL));
      return;
    }

  marker = full_disk_marker (getpid ());
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  if (g_remove (marker) != 0)
    g_test_skip ("cannot mount a small tmpfs here (needs root)");
}

/* Every event's pid in @json, by its tid (thread events) or -1 (the
 * rest), and each process_name's pid → name. */
static void
read_pids (const char  *json,
           GHashTable **tid_pids,
           GHashTable **process_names,
           GPtrArray  **other_pids)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *events;

  g_assert_true (json_parser_load_from_file (parser, json, &error));
  g_assert_no_error (error);
  events = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "traceEvents");
  *tid_pids = g_hash_table_new (NULL, NULL);
  *process_names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  *other_pids = g_ptr_array_new ();
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *ev = json_array_get_object_element (events, i);
      gint64 pid = json_object_get_int_member (ev, "pid");
      const char *ph = json_object_get_string_member (ev, "ph");

      if (g_str_equal (ph, "M") && g_str_equal (json_object_get_string_member (ev, "name"), "process_name"))
        g_hash_table_insert (*process_names, GINT_TO_POINTER ((gint) pid),
                             g_strdup (json_object_get_string_member (json_object_get_object_member (ev, "args"),
                                                                      "name")));
      else if (json_object_has_member (ev, "tid") && json_object_get_int_member (ev, "tid") != 0)
        {
          gint tid = (gint) json_object_get_int_member (ev, "tid");
          gpointer before;

          /* A thread is under one process, every event of it. */
          if (g_hash_table_lookup_extended (*tid_pids, GINT_TO_POINTER (tid), NULL, &before))
            g_assert_cmpint (GPOINTER_TO_INT (before), ==, pid);
          g_hash_table_insert (*tid_pids, GINT_TO_POINTER (tid), GINT_TO_POINTER ((gint) pid));
        }
      else
        g_ptr_array_add (*other_pids, GINT_TO_POINTER ((gint) pid));
    }
}

/* A recorded program's threads are under their own processes' pids,
 * each process named, so that Perfetto and speedscope group them as
 * Weft does; a pattern's are all under pid 1, the run. */
static void
test_json_process_pids (void)
{
  g_autoptr(WeftTimeline) program = test_two_process_timeline ();
  g_autoptr(WeftTimeline) pattern = test_record ("lock", 0.05, 100 * WEFT_NSEC_PER_MSEC);
  g_autofree char *dir = g_dir_make_tmp ("weft-export-XXXXXX", NULL);
  g_autofree char *program_json = g_build_filename (dir, "program.json", NULL);
  g_autofree char *pattern_json = g_build_filename (dir, "pattern.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) tid_pids = NULL;
  g_autoptr(GHashTable) names = NULL;
  g_autoptr(GPtrArray) others = NULL;
  GHashTableIter iter;
  gpointer pid;

  {
    g_autoptr(WeftChecks) checks = weft_check_timeline (program);

    g_assert_true (weft_export_timeline (program, checks, program_json, NULL, &error));
    g_assert_no_error (error);
  }
  read_pids (program_json, &tid_pids, &names, &others);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (tid_pids, GINT_TO_POINTER (100))), ==, 100);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (tid_pids, GINT_TO_POINTER (102))), ==, 100);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (tid_pids, GINT_TO_POINTER (200))), ==, 200);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (tid_pids, GINT_TO_POINTER (201))), ==, 200);
  g_assert_cmpuint (g_hash_table_size (tid_pids), ==, 5);
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (100)), ==, "parent");
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (200)), ==, "child");
  /* The run's own (counters) stays pid 1, named by the pattern. */
  g_assert_cmpstr (g_hash_table_lookup (names, GINT_TO_POINTER (1)), ==, "program");
  g_assert_cmpuint (g_hash_table_size (names), ==, 3);
  g_clear_pointer (&tid_pids, g_hash_table_unref);
  g_clear_pointer (&names, g_hash_table_unref);
  g_clear_pointer (&others, g_ptr_array_unref);

  {
    g_autoptr(WeftChecks) checks = weft_check_timeline (pattern);

    g_assert_true (weft_export_timeline (pattern, checks, pattern_json, NULL, &error));
    g_assert_no_error (error);
  }
  read_pids (pattern_json, &tid_pids, &names, &others);
  g_assert_cmpuint (g_hash_table_size (tid_pids), >, 0);
  g_hash_table_iter_init (&iter, tid_pids);
  while (g_hash_table_iter_next (&iter, NULL, &pid))
    g_assert_cmpint (GPOINTER_TO_INT (pid), ==, 1);
  for (guint i = 0; i < others->len; i++)
    g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (others, i)), ==, 1);
  g_assert_cmpuint (g_hash_table_size (names), ==, 1);

  g_unlink (program_json);
  g_unlink (pattern_json);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  guint n;
  const WeftPattern * const *patterns = weft_patterns_get_all (&n);

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = g_strdup_printf ("/export/every-format/%s", patterns[i]->name);
      g_test_add (path, Fixture, patterns[i]->name, fixture_set_up, test_every_format, fixture_tear_down);
    }
  g_test_add ("/export/bad-paths-leave-nothing", Fixture, "race", fixture_set_up,
              test_bad_paths_leave_nothing, fixture_tear_down);
  g_test_add ("/export/atomic-write", Fixture, "race", fixture_set_up, test_atomic_write, fixture_tear_down);
  g_test_add ("/export/visible-range", Fixture, "barrier", fixture_set_up, test_visible_range, fixture_tear_down);
  g_test_add ("/export/narrow-legend", Fixture, "nightclub", fixture_set_up, test_narrow_legend, fixture_tear_down);
  g_test_add_func ("/export/json/nests-exactly", test_json_nests_exactly);
  {
    static const char *with_handoffs[] = { "lock", "nightclub", "condition", "barrier", "event", "rendezvous" };

    for (guint i = 0; i < G_N_ELEMENTS (with_handoffs); i++)
      {
        g_autofree char *path = g_strdup_printf ("/export/json/flows/%s", with_handoffs[i]);

        g_test_add (path, Fixture, with_handoffs[i], fixture_set_up, test_json_flows, fixture_tear_down);
      }
  }
  g_test_add_func ("/export/progress", test_progress);
  g_test_add_func ("/export/json/pauses-and-gaps", test_json_pauses_and_gaps);
  g_test_add_func ("/export/json/process-pids", test_json_process_pids);
  g_test_add_func ("/export/cancel", test_cancel);
  g_test_add ("/export/read-only-target", Fixture, "lock", fixture_set_up, test_read_only_target,
              fixture_tear_down);
  g_test_add ("/export/write-failure/names-file", Fixture, "race", fixture_set_up,
              test_write_failure_names_file, fixture_tear_down);
  g_test_add ("/export/write-failure/full-device", Fixture, "race", fixture_set_up,
              test_trace_on_full_device, fixture_tear_down);
  g_test_add_func ("/export/write-failure/file-size-limit", test_file_size_limit);
  g_test_add_func ("/export/write-failure/full-disk", test_full_disk);

  return g_test_run ();
}
