/* test-export.c: the files a user exports, read back
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <cairo.h>
#include <glib/gstdio.h>
#include <math.h>
#include <librsvg/rsvg.h>
#include <poppler.h>

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
  params.values[WEFT_PARAM_PACE] = 0.01;
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
  g_assert_nonnull (strstr (seen.text->str, "working"));
  g_assert_nonnull (strstr (seen.text->str, "waiting"));
  g_assert_nonnull (strstr (seen.text->str, "critical"));
  g_assert_nonnull (strstr (seen.text->str, "Legend"));
  for (guint i = 0; i < weft_checks_get_n_checks (fixture->checks); i++)
    g_assert_nonnull (strstr (seen.text->str, weft_checks_get_check (fixture->checks, i)->message));
  g_string_free (seen.text, TRUE);
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

int
main (int   argc,
      char *argv[])
{
  const char * const patterns[] = { "race", "lock", "nightclub", "rendezvous", "producer-consumer", "barrier" };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autofree char *path = g_strdup_printf ("/export/every-format/%s", patterns[i]);
      g_test_add (path, Fixture, patterns[i], fixture_set_up, test_every_format, fixture_tear_down);
    }
  g_test_add ("/export/bad-paths-leave-nothing", Fixture, "race", fixture_set_up,
              test_bad_paths_leave_nothing, fixture_tear_down);
  g_test_add ("/export/atomic-write", Fixture, "race", fixture_set_up, test_atomic_write, fixture_tear_down);
  g_test_add ("/export/visible-range", Fixture, "barrier", fixture_set_up, test_visible_range, fixture_tear_down);

  return g_test_run ();
}
