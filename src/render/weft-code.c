/* weft-code.c: draws a pattern's listing, each thread marked on its line
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row per line: its number, the code, then a chip for every live
 * thread at that line, filled with its state's colour (the chart's:
 * orange while it waits, green while it holds) and dotted with its
 * lane's colour and named, so the pane reads like the chart's lanes.
 */

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "weft-checker.h"
#include "weft-code.h"

#define CODE_FONT "DejaVu Sans Mono, Monospace"
#define NAME_FONT "Cantarell, DejaVu Sans, Sans"
#define DEFAULT_SIZE 12.0
#define PAD 8.0
#define GUTTER_GAP 10.0
#define CHIP_GAP 5.0
#define CHIP_PAD 6.0
#define DOT 7.0

static gint
compare_markers (gconstpointer a,
                 gconstpointer b)
{
  const WeftCodeMarker *x = a, *y = b;

  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return x->lane < y->lane ? -1 : x->lane > y->lane;
}

/**
 * weft_code_collect_markers:
 *
 * Where every thread of @timeline is: the line of its latest event
 * (weft_timeline_get_lane_position()), and for one that ended, where it
 * was then.  Call with the timeline locked.
 *
 * Returns: (transfer full): WeftCodeMarker, by line then lane
 */
GArray *
weft_code_collect_markers (WeftTimeline *timeline)
{
  GArray *markers = g_array_new (FALSE, FALSE, sizeof (WeftCodeMarker));

  for (guint lane = 0; lane < weft_timeline_get_n_lanes (timeline); lane++)
    {
      WeftCodeMarker marker = { lane, weft_format_lane_name (timeline, lane), 0, WEFT_STATE_WORKING };

      marker.number = weft_format_lane_number (timeline, lane);
      marker.ended = !weft_timeline_get_lane_position (timeline, lane, &marker.line, &marker.state);
      /* A lane with no event yet has no line, and none to end on. */
      if (marker.line > 0 && weft_timeline_get_lane_start (timeline, lane) != G_MAXINT64)
        g_array_append_val (markers, marker);
    }
  g_array_sort (markers, compare_markers);
  return markers;
}

static double
font_size (const WeftCodeOptions *options)
{
  return options->font_size > 0 ? options->font_size : DEFAULT_SIZE;
}

double
weft_code_get_line_height (const WeftCodeOptions *options)
{
  return ceil (font_size (options) * 1.75);
}

/* Where the row of @line (1-based) begins. */
double
weft_code_get_line_top (const WeftCodeOptions *options,
                        guint                  line)
{
  return PAD + (line - 1.0) * weft_code_get_line_height (options);
}

double
weft_code_get_height (const WeftPattern     *pattern,
                      const WeftCodeOptions *options)
{
  g_auto(GStrv) lines = weft_pattern_dup_code_lines (pattern);

  return 2 * PAD + g_strv_length (lines) * weft_code_get_line_height (options);
}

/* The 1-based line at @y, or 0 for none. */
guint
weft_code_line_at (const WeftPattern     *pattern,
                   const WeftCodeOptions *options,
                   double                 y)
{
  g_auto(GStrv) lines = weft_pattern_dup_code_lines (pattern);
  double row = (y - PAD) / weft_code_get_line_height (options);

  if (row < 0 || row >= g_strv_length (lines))
    return 0;
  return (guint) row + 1;
}

typedef struct
{
  cairo_t *cr;
  const WeftCodeOptions *options;
  PangoLayout *layout;
  PangoFontDescription *code_font;
  PangoFontDescription *name_font;
} CodeCtx;

static void
set_color (cairo_t         *cr,
           const WeftColor *color,
           double           alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static double
text_width (CodeCtx                    *ctx,
            const PangoFontDescription *font,
            const char                 *text)
{
  PangoRectangle logical;

  pango_layout_set_font_description (ctx->layout, font);
  pango_layout_set_text (ctx->layout, text, -1);
  pango_layout_get_pixel_extents (ctx->layout, NULL, &logical);
  return logical.width;
}

/* Text whose baseline is at @baseline. */
static void
show_text (CodeCtx                    *ctx,
           PangoFontDescription       *font,
           double                      x,
           double                      baseline,
           const char                 *text,
           const WeftColor            *color,
           WeftTextAlign               align)
{
  if (ctx->options->text_func != NULL)
    {
      /* Names are bold, code is not: a text target tells them so. */
      ctx->options->text_func (x, baseline, text, pango_font_description_get_size (font) / (double) PANGO_SCALE,
                               font == ctx->name_font, color, align, ctx->options->text_data);
      return;
    }
  pango_layout_set_font_description (ctx->layout, font);
  pango_layout_set_text (ctx->layout, text, -1);
  if (align == WEFT_TEXT_END)
    x -= text_width (ctx, font, text);
  set_color (ctx->cr, color, 1.0);
  cairo_move_to (ctx->cr, x, baseline - pango_layout_get_baseline (ctx->layout) / (double) PANGO_SCALE);
  pango_cairo_show_layout (ctx->cr, ctx->layout);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   width,
              double   height,
              double   radius)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* A chip's words: the thread's name, or where the line is crowded,
 * what tells it from its kin (patron-12 is "12", A stays "A"). */
static const char *
chip_label (const WeftCodeMarker *marker,
            gboolean              short_form)
{
  return short_form && marker->number != NULL ? marker->number : marker->name;
}

static double
chip_width (CodeCtx    *ctx,
            const char *label)
{
  return DOT + 3 * CHIP_PAD / 2 + text_width (ctx, ctx->name_font, label);
}

/* The chips of one line's threads, from @x on: named in full where they
 * fit, by number where they do not, then as many as fit and how many
 * more. */
static void
draw_chips (CodeCtx              *ctx,
            const WeftPalette    *palette,
            const WeftCodeMarker *markers,
            guint                 n,
            double                x,
            double                top,
            double                row)
{
  double height = row - 6, y = top + 3;
  double baseline = top + row / 2 + font_size (ctx->options) * 0.35;
  double right = ctx->options->width - PAD, all = x;
  gboolean short_form;

  for (guint i = 0; i < n; i++)
    all += chip_width (ctx, markers[i].name) + CHIP_GAP;
  short_form = all > right;

  for (guint i = 0; i < n; i++)
    {
      const char *label = chip_label (&markers[i], short_form);
      const WeftColor *fill = &palette->states[markers[i].state < WEFT_N_STATES ? markers[i].state : 0];
      double width = chip_width (ctx, label);
      g_autofree char *more = NULL;

      if (i + 1 < n && x + width + CHIP_GAP + text_width (ctx, ctx->name_font, "+999") > right)
        {
          g_autofree char *count = weft_format_count (n - i);

          more = g_strdup_printf ("+%s", count);
          show_text (ctx, ctx->name_font, x, baseline, more, &palette->roles[WEFT_COLOR_DIM], WEFT_TEXT_START);
          return;
        }

      /* A thread that ended is outlined where it ended, not filled: it
       * is in no state any more. */
      if (markers[i].ended)
        fill = &palette->roles[WEFT_COLOR_BACKGROUND];
      rounded_rect (ctx->cr, x, y, width, height, height / 2);
      set_color (ctx->cr, fill, 1.0);
      cairo_fill_preserve (ctx->cr);
      set_color (ctx->cr, &palette->roles[WEFT_COLOR_DIM], markers[i].ended ? 1.0 : 0.0);
      cairo_set_line_width (ctx->cr, 1.0);
      cairo_stroke (ctx->cr);
      cairo_arc (ctx->cr, x + CHIP_PAD / 2 + DOT / 2 + 1, y + height / 2, DOT / 2, 0, 2 * G_PI);
      set_color (ctx->cr, weft_palette_get_lane_color (palette, markers[i].lane), 1.0);
      cairo_fill_preserve (ctx->cr);
      set_color (ctx->cr, weft_palette_get_text_on (palette, fill), 0.8);
      cairo_stroke (ctx->cr);
      show_text (ctx, ctx->name_font, x + CHIP_PAD + DOT, baseline, label,
                 markers[i].ended ? &palette->roles[WEFT_COLOR_DIM] : weft_palette_get_text_on (palette, fill),
                 WEFT_TEXT_START);
      x += width + CHIP_GAP;
    }
}

/* Where the code starts (past the line numbers) and how wide it is. */
static void
measure_columns (CodeCtx  *ctx,
                 char    **lines,
                 double   *gutter,
                 double   *code_width)
{
  guint n_lines = g_strv_length (lines);
  g_autofree char *widest_number = g_strdup_printf ("%u", MAX (n_lines, 10));

  *gutter = PAD + text_width (ctx, ctx->code_font, widest_number) + GUTTER_GAP;
  *code_width = 0;
  for (guint i = 0; i < n_lines; i++)
    *code_width = MAX (*code_width, text_width (ctx, ctx->code_font, lines[i]));
}

static void
code_ctx_init (CodeCtx               *ctx,
               cairo_t               *cr,
               const WeftCodeOptions *options)
{
  double size = font_size (options);

  *ctx = (CodeCtx) { cr, options };
  ctx->layout = pango_cairo_create_layout (cr);
  /* Code reads left to right in a right-to-left interface too. */
  pango_layout_set_auto_dir (ctx->layout, FALSE);
  ctx->code_font = pango_font_description_from_string (CODE_FONT);
  pango_font_description_set_absolute_size (ctx->code_font, size * PANGO_SCALE);
  ctx->name_font = pango_font_description_from_string (NAME_FONT);
  pango_font_description_set_absolute_size (ctx->name_font, size * 0.85 * PANGO_SCALE);
  pango_font_description_set_weight (ctx->name_font, PANGO_WEIGHT_BOLD);
}

static void
code_ctx_clear (CodeCtx *ctx)
{
  pango_font_description_free (ctx->code_font);
  pango_font_description_free (ctx->name_font);
  g_object_unref (ctx->layout);
}

/* How wide the listing wants to be, with room for @n_chips threads on
 * one line. */
double
weft_code_get_width (const WeftPattern     *pattern,
                     const WeftCodeOptions *options,
                     guint                  n_chips)
{
  g_auto(GStrv) lines = weft_pattern_dup_code_lines (pattern);
  cairo_surface_t *scratch = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (scratch);
  CodeCtx ctx;
  double gutter, code_width, chip;

  code_ctx_init (&ctx, cr, options);
  measure_columns (&ctx, lines, &gutter, &code_width);
  chip = DOT + 3 * CHIP_PAD / 2 + text_width (&ctx, ctx.name_font, "worker-10") + CHIP_GAP;
  code_ctx_clear (&ctx);
  cairo_destroy (cr);
  cairo_surface_destroy (scratch);
  return ceil (gutter + code_width + 2 * GUTTER_GAP + n_chips * chip + PAD);
}

/**
 * weft_code_draw:
 * @markers: (array length=n_markers): by line, as weft_code_collect_markers() gives them
 *
 * Draws @pattern's listing from (0, 0), options->width wide and
 * weft_code_get_height() tall.
 */
void
weft_code_draw (cairo_t               *cr,
                const WeftPattern     *pattern,
                const WeftCodeMarker  *markers,
                guint                  n_markers,
                const WeftCodeOptions *options)
{
  const WeftPalette *palette = weft_palette_get (options->dark);
  g_auto(GStrv) lines = weft_pattern_dup_code_lines (pattern);
  guint n_lines = g_strv_length (lines);
  double row = weft_code_get_line_height (options);
  double size = font_size (options);
  double gutter, code_width;
  CodeCtx ctx;
  guint m = 0;

  code_ctx_init (&ctx, cr, options);
  measure_columns (&ctx, lines, &gutter, &code_width);

  cairo_save (cr);
  set_color (cr, &palette->roles[WEFT_COLOR_BACKGROUND], 1.0);
  cairo_rectangle (cr, 0, 0, options->width, 2 * PAD + n_lines * row);
  cairo_fill (cr);

  for (guint i = 0; i < n_lines; i++)
    {
      guint line = i + 1;
      double top = PAD + i * row;
      double baseline = top + row / 2 + size * 0.35;
      g_autofree char *number = g_strdup_printf ("%u", line);
      guint first = m;

      if (line == options->selected_line || line == options->hover_line)
        {
          cairo_rectangle (cr, 0, top, options->width, row);
          set_color (cr, &palette->roles[WEFT_COLOR_ACCENT], line == options->selected_line ? 0.28 : 0.14);
          cairo_fill (cr);
          if (line == options->selected_line)
            {
              cairo_rectangle (cr, 0, top, 3, row);
              set_color (cr, &palette->roles[WEFT_COLOR_ACCENT], 1.0);
              cairo_fill (cr);
            }
        }

      show_text (&ctx, ctx.code_font, gutter - GUTTER_GAP, baseline, number, &palette->roles[WEFT_COLOR_DIM],
                 WEFT_TEXT_END);
      show_text (&ctx, ctx.code_font, gutter, baseline, lines[i], &palette->roles[WEFT_COLOR_FOREGROUND],
                 WEFT_TEXT_START);

      while (m < n_markers && markers[m].line < line)
        m++;
      first = m;
      while (m < n_markers && markers[m].line == line)
        m++;
      if (m > first)
        /* Right after the line's own code, so a short line leaves
         * room for many threads. */
        draw_chips (&ctx, palette, markers + first, m - first,
                    gutter + text_width (&ctx, ctx.code_font, lines[i]) + 2 * GUTTER_GAP, top, row);
    }
  cairo_restore (cr);
  code_ctx_clear (&ctx);
}
