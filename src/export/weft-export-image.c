/* weft-export-image.c: SVG, PNG and PDF through the chart renderer
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The picture is drawn by src/render, as on screen, onto Cairo's SVG,
 * image or PDF surface.  Two things are added to the SVG Cairo writes:
 * text stays text (searchable, selectable, and a fraction of the size of
 * glyph outlines), and each lane's group is named after its thread.
 *
 * A picture of compared runs stacks their charts one above the other,
 * each with its own header, lanes and legend, on one time axis counted
 * from each run's own start.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "weft-chart.h"
#include "weft-code.h"
#include "weft-export.h"
#include "weft-export-buffer.h"

#define DEFAULT_RASTER_WIDTH 1600
#define DEFAULT_VECTOR_WIDTH 1200
#define SVG_FONT_FAMILY "Cantarell, &apos;DejaVu Sans&apos;, sans-serif"

/* Where Cairo's output goes, keeping the reason a write failed, which
 * Cairo's status alone would lose. */
typedef struct
{
  FILE *file;
  int write_errno;
} FileSink;

static cairo_status_t
write_to_file (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  FileSink *sink = closure;

  errno = 0;
  if (fwrite (data, 1, length, sink->file) == length)
    return CAIRO_STATUS_SUCCESS;
  if (sink->write_errno == 0)
    sink->write_errno = errno != 0 ? errno : EIO;
  return CAIRO_STATUS_WRITE_ERROR;
}

static cairo_status_t
write_to_string (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_string_append_len (closure, (const char *) data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The whole run when no range is given, with a sliver of margin; a run
 * stacked under others is drawn over as long as the longest,
 * @longest_ns, from its own start. */
static void
prepare_options (WeftTimeline            *timeline,
                 WeftChecks              *checks,
                 const WeftExportOptions *export_options,
                 gint64                   shift_ns,
                 gint64                   longest_ns,
                 WeftExportFormat         format,
                 WeftChartOptions        *options)
{
  weft_chart_options_init (options);
  options->t0 = export_options->t0 + shift_ns;
  options->t1 = export_options->t1 + shift_ns;
  if (export_options->t1 <= export_options->t0)
    {
      gint64 origin = weft_timeline_get_origin (timeline);
      gint64 end = MAX (MAX (weft_timeline_get_end (timeline), origin + 1), origin + longest_ns);

      options->t0 = origin;
      options->t1 = end + MAX ((end - origin) / 100, 1);
    }
  options->width = export_options->width > 0 ? export_options->width
                   : format == WEFT_EXPORT_PNG ? DEFAULT_RASTER_WIDTH : DEFAULT_VECTOR_WIDTH;
  options->dark = export_options->dark;
  options->words = export_options->words;
  options->snap = format == WEFT_EXPORT_PNG;
  options->with_header = TRUE;
  options->with_legend = TRUE;
  options->checks = checks;
  options->lanes_only = export_options->lanes_only;
  options->lanes_room = export_options->lanes_room;
  options->height = weft_chart_natural_height (timeline, options);
}

static gboolean
check_cairo (cairo_status_t   status,
             GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_FAILED,
               _("Drawing the picture failed: %s"), cairo_status_to_string (status));
  return FALSE;
}

/* A failed write is told as the system tells it, not as Cairo's
 * "error while writing to output stream". */
static gboolean
check_sink (const FileSink  *sink,
            cairo_status_t   status,
            GError         **error)
{
  if (sink->write_errno != 0)
    {
      weft_export_set_io_error (error, sink->write_errno);
      return FALSE;
    }
  return check_cairo (status, error);
}

/* The listing beside the chart, when asked for: where the picture
 * makes room for it, and where each thread was when it was drawn. */
#define CODE_TOP 8.0

typedef struct
{
  double x;                       /* the chart's width */
  double width;
  WeftCodeOptions options;
  GArray *markers;                /* WeftCodeMarker */
} CodePart;

static CodePart *
code_part_new (WeftTimeline           *timeline,
               const WeftChartOptions *chart)
{
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);
  CodePart *code = g_new0 (CodePart, 1);

  code->markers = weft_code_collect_markers (timeline);
  code->options.dark = chart->dark;
  code->x = chart->width;
  code->width = weft_code_get_width (pattern, &code->options, code->markers->len > 0 ? 3 : 0);
  code->options.width = code->width;
  return code;
}

/* What one picture holds: a chart, or several stacked (compared runs),
 * and the code to the right of a lone chart when asked for. */
typedef struct
{
  guint n_charts;
  WeftTimeline *timelines[WEFT_EXPORT_MAX_RUNS];
  WeftChartOptions charts[WEFT_EXPORT_MAX_RUNS];
  const char *labels[WEFT_EXPORT_MAX_RUNS];
  double tops[WEFT_EXPORT_MAX_RUNS];
  CodePart *code;
  double width;
  double height;
} Picture;

/* The whole picture's size: the charts one above the other, and the
 * code to their right. */
static void
picture_size (Picture *picture)
{
  const CodePart *code = picture->code;

  picture->width = picture->charts[0].width + (code != NULL ? code->width : 0);
  picture->height = 0;
  for (guint i = 0; i < picture->n_charts; i++)
    {
      picture->tops[i] = picture->height;
      picture->height += picture->charts[i].height;
    }
  if (code != NULL)
    picture->height = MAX (picture->height,
                           CODE_TOP + weft_code_get_height (weft_timeline_get_pattern (picture->timelines[0]),
                                                            &code->options));
}

/* What the file is called inside: one lesson's title, or both runs'. */
static char *
picture_title (const Picture *picture)
{
  if (picture->n_charts > 1)
    /* TRANSLATORS: the title of a picture of two compared runs, e.g. "Data race and Lock — Weft" */
    return g_strdup_printf (_("%s and %s — Weft"), picture->labels[0], picture->labels[1]);
  return g_strdup_printf (_("%s — Weft"), _(weft_timeline_get_pattern (picture->timelines[0])->title));
}

static void
code_part_free (CodePart *code)
{
  g_array_unref (code->markers);
  g_free (code);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CodePart, code_part_free)

typedef void (*ChartBegun) (const Picture *picture,
                            guint          index,
                            gpointer       user_data);

/* Draws the charts (and the code beside a lone one) onto @surface and
 * finishes it; Cairo's first error.  @begun, if set, hears of each chart
 * before it is drawn. */
static cairo_status_t
draw_on (cairo_surface_t *surface,
         const Picture   *picture,
         ChartBegun       begun,
         gpointer         user_data)
{
  cairo_t *cr = cairo_create (surface);
  const CodePart *code = picture->code;
  cairo_status_t status;

  for (guint i = 0; i < picture->n_charts; i++)
    {
      if (begun != NULL)
        begun (picture, i, user_data);
      cairo_save (cr);
      cairo_translate (cr, 0, picture->tops[i]);
      /* A chart paints its whole background: only over its own part. */
      cairo_rectangle (cr, 0, 0, picture->charts[i].width, picture->charts[i].height);
      cairo_clip (cr);
      weft_chart_draw (cr, picture->timelines[i], &picture->charts[i]);
      cairo_restore (cr);
    }
  if (code != NULL)
    {
      const WeftPalette *palette = weft_palette_get (picture->charts[0].dark);

      cairo_save (cr);
      cairo_translate (cr, code->x, 0);
      /* The code's column runs the picture's height, a rule apart. */
      cairo_set_source_rgba (cr, palette->roles[WEFT_COLOR_BACKGROUND].red, palette->roles[WEFT_COLOR_BACKGROUND].green,
                             palette->roles[WEFT_COLOR_BACKGROUND].blue, 1.0);
      cairo_rectangle (cr, 0, 0, code->width, 1e5);
      cairo_fill (cr);
      cairo_set_source_rgba (cr, palette->roles[WEFT_COLOR_GRID].red, palette->roles[WEFT_COLOR_GRID].green,
                             palette->roles[WEFT_COLOR_GRID].blue, palette->roles[WEFT_COLOR_GRID].alpha);
      cairo_rectangle (cr, 0, 0, 1, 1e5);
      cairo_fill (cr);
      cairo_translate (cr, 0, CODE_TOP);
      weft_code_draw (cr, weft_timeline_get_pattern (picture->timelines[0]),
                      (const WeftCodeMarker *) (gpointer) code->markers->data, code->markers->len, &code->options);
      cairo_restore (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return status != CAIRO_STATUS_SUCCESS ? status : cairo_surface_status (surface);
}

/* What the SVG needs beyond Cairo's shapes. */
typedef struct
{
  double width;
  double height;                 /* of the chart being drawn */
  double top;                    /* where it is in the picture */
  GString *texts;                /* <text> elements */
  GString *code_texts;           /* the listing's, set in monospace */
  double code_x;
  GString *lanes;                /* finished lane groups */
  GString *lane_svg;             /* the lane being drawn */
  cairo_surface_t *lane_surface;
  char *lane_name;
  guint n_lanes;
  cairo_status_t status;
} SvgParts;

/* One <text> element into @out, at (x, baseline), with @attrs added. */
static void
append_svg_text (GString         *out,
                 double           x,
                 double           baseline,
                 const char      *text,
                 double           size,
                 const char      *attrs,
                 const WeftColor *color,
                 WeftTextAlign    align)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *hex = weft_color_to_hex (color);
  char xs[G_ASCII_DTOSTR_BUF_SIZE], ys[G_ASCII_DTOSTR_BUF_SIZE], sizes[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (out, "<text x=\"%s\" y=\"%s\" font-size=\"%s\"%s%s fill=\"%s\">%s</text>\n",
                          g_ascii_formatd (xs, sizeof xs, "%.1f", x),
                          g_ascii_formatd (ys, sizeof ys, "%.1f", baseline),
                          g_ascii_formatd (sizes, sizeof sizes, "%.1f", size),
                          attrs, align == WEFT_TEXT_END ? " text-anchor=\"end\"" : "", hex, escaped);
}

static void
svg_text (double           x,
          double           baseline,
          const char      *text,
          double           size,
          gboolean         bold,
          const WeftColor *color,
          WeftTextAlign    align,
          gpointer         user_data)
{
  SvgParts *parts = user_data;

  append_svg_text (parts->texts, x, parts->top + baseline, text, size, bold ? " font-weight=\"bold\"" : "", color,
                   align);
}

/* The listing's text, kept as text in a group of its own; bold is a
 * thread's name on its chip, set in the labels' font. */
static void
svg_code_text (double           x,
               double           baseline,
               const char      *text,
               double           size,
               gboolean         bold,
               const WeftColor *color,
               WeftTextAlign    align,
               gpointer         user_data)
{
  SvgParts *parts = user_data;

  append_svg_text (parts->code_texts, parts->code_x + x, CODE_TOP + baseline, text, size,
                   bold ? " font-weight=\"bold\" font-family=\"" SVG_FONT_FAMILY "\"" : "", color, align);
}

static cairo_surface_t *
svg_surface_new (GString *out,
                 double   width,
                 double   height)
{
  cairo_surface_t *surface = cairo_svg_surface_create_for_stream (write_to_string, out, width, height);

  cairo_svg_surface_restrict_to_version (surface, CAIRO_SVG_VERSION_1_1);
  return surface;
}

/* Each lane is drawn as an SVG document of its own... */
static cairo_t *
svg_group_begin (const char *name,
                 gpointer    user_data)
{
  SvgParts *parts = user_data;

  parts->lane_svg = g_string_new (NULL);
  parts->lane_surface = svg_surface_new (parts->lane_svg, parts->width, parts->height);
  parts->lane_name = g_strdup (name);
  return cairo_create (parts->lane_surface);
}

/* ...then nested in the whole as <g class="lane"><title>name</title>
 * <svg>...</svg></g>, its ids made unique to it. */
static void
svg_group_end (cairo_t  *cr,
               gpointer  user_data)
{
  SvgParts *parts = user_data;
  g_autofree char *prefix = g_strdup_printf ("lane%u-", parts->n_lanes++);
  g_autofree char *name = g_markup_escape_text (parts->lane_name, -1);
  g_autoptr(GString) body = NULL;
  cairo_status_t status = cairo_status (cr);
  const char *open, *open_end;
  char number[3][G_ASCII_DTOSTR_BUF_SIZE];

  cairo_destroy (cr);
  cairo_surface_finish (parts->lane_surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (parts->lane_surface);
  g_clear_pointer (&parts->lane_surface, cairo_surface_destroy);
  if (status != CAIRO_STATUS_SUCCESS && parts->status == CAIRO_STATUS_SUCCESS)
    parts->status = status;

  open = strstr (parts->lane_svg->str, "<svg");
  open_end = open != NULL ? strchr (open, '>') : NULL;
  if (open_end != NULL)
    {
      /* Cairo's root element sizes itself in points; nested, it must
       * take the parent's units one for one. */
      g_autofree char *id = g_strconcat (" id=\"", prefix, NULL);
      g_autofree char *url = g_strconcat ("url(#", prefix, NULL);
      g_autofree char *href = g_strconcat ("href=\"#", prefix, NULL);

      body = g_string_new (open_end + 1);
      g_string_replace (body, " id=\"", id, 0);
      g_string_replace (body, "url(#", url, 0);
      g_string_replace (body, "href=\"#", href, 0);
      g_string_append_printf (parts->lanes,
                              "<g class=\"lane\"><title>%s</title>\n<svg y=\"%s\" width=\"%s\" height=\"%s\">%s</g>\n",
                              name,
                              g_ascii_formatd (number[2], sizeof number[2], "%g", parts->top),
                              g_ascii_formatd (number[0], sizeof number[0], "%g", parts->width),
                              g_ascii_formatd (number[1], sizeof number[1], "%g", parts->height),
                              body->str);
    }
  g_string_free (parts->lane_svg, TRUE);
  parts->lane_svg = NULL;
  g_clear_pointer (&parts->lane_name, g_free);
}

/* The whole: a title, Cairo's background, ruler and legend, then the
 * lanes, then the text. */
static char *
assemble_svg (GString       *svg,
              SvgParts      *parts,
              const Picture *picture)
{
  g_autofree char *title = picture_title (picture);
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  const char *open = strstr (svg->str, "<svg");
  const char *open_end = open != NULL ? strchr (open, '>') : NULL;
  const char *close = g_strrstr (svg->str, "</svg>");
  GString *out;

  if (open_end == NULL || close == NULL || close < open_end)
    return g_strdup (svg->str);

  out = g_string_sized_new (svg->len + parts->lanes->len + parts->texts->len + 512);
  g_string_append_len (out, svg->str, open_end + 1 - svg->str);
  g_string_append_printf (out, "\n<title>%s</title>", escaped_title);
  g_string_append_len (out, open_end + 1, close - (open_end + 1));
  g_string_append (out, parts->lanes->str);
  g_string_append_printf (out, "<g id=\"labels\" font-family=\"%s\">\n%s</g>\n",
                          SVG_FONT_FAMILY, parts->texts->str);
  /* Spaces lead Python's lines: they are kept. */
  if (parts->code_texts->len > 0)
    g_string_append_printf (out, "<g id=\"code\" font-family=\"DejaVu Sans Mono, monospace\" xml:space=\"preserve\">\n%s</g>\n",
                            parts->code_texts->str);
  g_string_append (out, "</svg>\n");
  return g_string_free (out, FALSE);
}

/* Each compared run's lanes go in a group of their own, named after the
 * run; its labels are placed where its chart is. */
static void
svg_chart_begun (const Picture *picture,
                 guint          index,
                 gpointer       user_data)
{
  SvgParts *parts = user_data;

  parts->top = picture->tops[index];
  parts->height = picture->charts[index].height;
  if (picture->n_charts < 2)
    return;
  if (index > 0)
    g_string_append (parts->lanes, "</g>\n");
  {
    g_autofree char *name = g_markup_escape_text (picture->labels[index], -1);

    g_string_append_printf (parts->lanes, "<g class=\"run\" id=\"run-%u\"><title>%s</title>\n", index + 1, name);
  }
}

static gboolean
write_svg (Picture  *picture,
           FILE     *file,
           GError  **error)
{
  g_autoptr(GString) svg = g_string_new (NULL);
  CodePart *code = picture->code;
  SvgParts parts = {
    .width = picture->charts[0].width, .height = picture->charts[0].height,
    .texts = g_string_new (NULL), .code_texts = g_string_new (NULL), .lanes = g_string_new (NULL),
  };
  cairo_surface_t *surface;
  cairo_status_t status;
  gboolean ok;

  for (guint i = 0; i < picture->n_charts; i++)
    {
      picture->charts[i].text_func = svg_text;
      picture->charts[i].group_begin = svg_group_begin;
      picture->charts[i].group_end = svg_group_end;
      picture->charts[i].text_data = &parts;
    }
  if (code != NULL)
    {
      parts.code_x = code->x;
      code->options.text_func = svg_code_text;
      code->options.text_data = &parts;
    }

  surface = svg_surface_new (svg, picture->width, picture->height);
  status = draw_on (surface, picture, svg_chart_begun, &parts);
  if (picture->n_charts > 1)
    g_string_append (parts.lanes, "</g>\n");
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = parts.status;
  cairo_surface_destroy (surface);

  ok = check_cairo (status, error);
  if (ok)
    {
      g_autofree char *whole = assemble_svg (svg, &parts, picture);

      errno = 0;
      if (fputs (whole, file) == EOF)
        {
          weft_export_set_io_error (error, errno != 0 ? errno : EIO);
          ok = FALSE;
        }
    }
  g_string_free (parts.texts, TRUE);
  g_string_free (parts.code_texts, TRUE);
  g_string_free (parts.lanes, TRUE);
  return ok;
}

static gboolean
write_png (const Picture  *picture,
           FILE           *file,
           GError        **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  FileSink sink = { file, 0 };

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) picture->width, (int) ceil (picture->height));
  status = draw_on (surface, picture, NULL, NULL);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, write_to_file, &sink);
  cairo_surface_destroy (surface);
  return check_sink (&sink, status, error);
}

/* One page, however many runs: they share its time axis. */
static gboolean
write_pdf (const Picture  *picture,
           FILE           *file,
           GError        **error)
{
  g_autofree char *title = picture_title (picture);
  FileSink sink = { file, 0 };
  cairo_surface_t *surface;
  cairo_status_t status;

  surface = cairo_pdf_surface_create_for_stream (write_to_file, &sink, picture->width, picture->height);

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Weft " PACKAGE_VERSION);
  status = draw_on (surface, picture, NULL, NULL);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_sink (&sink, status, error);
}

/**
 * weft_export_write_images:
 * @runs: the runs to draw, the first on top
 * @n_runs: how many, from 1 to %WEFT_EXPORT_MAX_RUNS
 * @export_options: the range, in the first run's time: every other run
 *   is drawn over the same stretch from its own start
 *
 * Draws each run, headed by its title, parameters and verdicts and
 * followed by its legend, one above the other on one time axis, as SVG,
 * PNG or PDF into @file.  The code goes beside a lone run only.
 */
gboolean
weft_export_write_images (const WeftExportRun      *runs,
                          guint                     n_runs,
                          WeftExportFormat          format,
                          const WeftExportOptions  *export_options,
                          FILE                     *file,
                          GError                  **error)
{
  Picture picture = { 0 };
  gint64 origin, longest = 0;
  gboolean ok;

  g_return_val_if_fail (n_runs >= 1 && n_runs <= WEFT_EXPORT_MAX_RUNS, FALSE);

  if (format != WEFT_EXPORT_SVG && format != WEFT_EXPORT_PNG && format != WEFT_EXPORT_PDF)
    {
      g_set_error (error, WEFT_EXPORT_ERROR, WEFT_EXPORT_ERROR_UNKNOWN_FORMAT, _("Not a picture format"));
      return FALSE;
    }
  for (guint i = 0; i < n_runs; i++)
    longest = MAX (longest, weft_timeline_get_end (runs[i].timeline) - weft_timeline_get_origin (runs[i].timeline));
  origin = weft_timeline_get_origin (runs[0].timeline);
  picture.n_charts = n_runs;
  for (guint i = 0; i < n_runs; i++)
    {
      picture.timelines[i] = runs[i].timeline;
      picture.labels[i] = runs[i].label != NULL ? runs[i].label : _(weft_timeline_get_pattern (runs[i].timeline)->title);
      prepare_options (runs[i].timeline, runs[i].checks, export_options,
                       weft_timeline_get_origin (runs[i].timeline) - origin, n_runs > 1 ? longest : 0,
                       format, &picture.charts[i]);
    }
  if (n_runs == 1 && export_options->with_code && weft_timeline_get_pattern (runs[0].timeline)->code != NULL)
    picture.code = code_part_new (runs[0].timeline, &picture.charts[0]);
  picture_size (&picture);

  switch (format)
    {
    case WEFT_EXPORT_SVG:
      ok = write_svg (&picture, file, error);
      break;
    case WEFT_EXPORT_PNG:
      ok = write_png (&picture, file, error);
      break;
    case WEFT_EXPORT_PDF:
    default:
      ok = write_pdf (&picture, file, error);
      break;
    }
  g_clear_pointer (&picture.code, code_part_free);
  return ok;
}

/**
 * weft_export_write_image:
 *
 * Draws @timeline, headed by its title, parameters and verdicts and
 * followed by the legend, as SVG, PNG or PDF into @file.
 */
gboolean
weft_export_write_image (WeftTimeline             *timeline,
                         WeftChecks               *checks,
                         WeftExportFormat          format,
                         const WeftExportOptions  *export_options,
                         FILE                     *file,
                         GError                  **error)
{
  WeftExportRun run = { timeline, checks, NULL };

  return weft_export_write_images (&run, 1, format, export_options, file, error);
}
