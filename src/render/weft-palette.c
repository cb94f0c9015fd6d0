/* weft-palette.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * State colours come from the Okabe-Ito set, chosen so that the three
 * states stay distinct under protanopia, deuteranopia and tritanopia,
 * and keep enough contrast against both the light and the dark
 * background.  Each state also differs in lightness, so a greyscale
 * print still tells them apart.
 *
 * Lane colours, which say which thread holds an object, are Paul Tol's
 * "muted" set: eight that stay apart for colour-blind eyes, none of them
 * the states' own, so a holder is never read as a state.
 */

#include "weft-palette.h"

#define RGB(hex) { ((hex) >> 16 & 0xff) / 255.0, ((hex) >> 8 & 0xff) / 255.0, ((hex) & 0xff) / 255.0, 1.0 }

static const WeftPalette light = {
  .dark = FALSE,
  .states = {
    [WEFT_STATE_WORKING] = RGB (0x56B4E9),   /* sky blue */
    [WEFT_STATE_WAITING] = RGB (0xE69F00),   /* orange */
    [WEFT_STATE_CRITICAL] = RGB (0x009E73),  /* bluish green */
    [WEFT_STATE_RECORDER] = RGB (0x9A9996),  /* grey, hatched: Weft's cost */
    [WEFT_STATE_HELD] = RGB (0xF0E442),      /* yellow: held by the user in Step mode */
  },
  .marks = {
    [WEFT_MARK_COLOR_LOCK] = RGB (0x004D38),
    [WEFT_MARK_COLOR_SIGNAL] = RGB (0x0072B2),
    [WEFT_MARK_COLOR_ITEM] = RGB (0xCC79A7),
    [WEFT_MARK_COLOR_ITEM_TAKEN] = RGB (0x8E3F6B),
    [WEFT_MARK_COLOR_ARRIVAL] = RGB (0xD55E00),
    [WEFT_MARK_COLOR_LIFECYCLE] = RGB (0x3D3846),
    [WEFT_MARK_COLOR_ERROR] = RGB (0xC01C28),
  },
  .roles = {
    [WEFT_COLOR_BACKGROUND] = RGB (0xFFFFFF),
    [WEFT_COLOR_FOREGROUND] = RGB (0x1E1E1E),
    [WEFT_COLOR_DIM] = RGB (0x5E5C64),
    [WEFT_COLOR_GRID] = { 0.0, 0.0, 0.0, 0.10 },
    [WEFT_COLOR_LANE_ALT] = { 0.0, 0.0, 0.0, 0.035 },
    [WEFT_COLOR_COUNTER] = RGB (0xCC79A7),
    [WEFT_COLOR_LIMIT] = RGB (0xD55E00),
    [WEFT_COLOR_PASS] = RGB (0x1B7A4B),
    [WEFT_COLOR_FAIL] = RGB (0xC01C28),
    [WEFT_COLOR_WARNING] = RGB (0x9C6E03),
    [WEFT_COLOR_STEP_TEXT] = RGB (0x10243A),
    [WEFT_COLOR_ACCENT] = RGB (0x3584E4),
  },
  .lanes = {
    RGB (0x332288), RGB (0x88CCEE), RGB (0xCC6677), RGB (0x117733),
    RGB (0xDDCC77), RGB (0xAA4499), RGB (0x44AA99), RGB (0x882255),
  },
};

static const WeftPalette dark = {
  .dark = TRUE,
  .states = {
    [WEFT_STATE_WORKING] = RGB (0x56B4E9),
    [WEFT_STATE_WAITING] = RGB (0xE69F00),
    [WEFT_STATE_CRITICAL] = RGB (0x1AC493),
    [WEFT_STATE_RECORDER] = RGB (0x77767B),
    [WEFT_STATE_HELD] = RGB (0xE5D84A),
  },
  .marks = {
    [WEFT_MARK_COLOR_LOCK] = RGB (0xB9F5E1),
    [WEFT_MARK_COLOR_SIGNAL] = RGB (0x9AD7FF),
    [WEFT_MARK_COLOR_ITEM] = RGB (0xF0A8D0),
    [WEFT_MARK_COLOR_ITEM_TAKEN] = RGB (0xE07FB8),
    [WEFT_MARK_COLOR_ARRIVAL] = RGB (0xFF9F5A),
    [WEFT_MARK_COLOR_LIFECYCLE] = RGB (0xDEDDDA),
    [WEFT_MARK_COLOR_ERROR] = RGB (0xFF7B63),
  },
  .roles = {
    [WEFT_COLOR_BACKGROUND] = RGB (0x1E1E1E),
    [WEFT_COLOR_FOREGROUND] = RGB (0xFFFFFF),
    [WEFT_COLOR_DIM] = RGB (0xC0BFBC),
    [WEFT_COLOR_GRID] = { 1.0, 1.0, 1.0, 0.12 },
    [WEFT_COLOR_LANE_ALT] = { 1.0, 1.0, 1.0, 0.04 },
    [WEFT_COLOR_COUNTER] = RGB (0xF0A8D0),
    [WEFT_COLOR_LIMIT] = RGB (0xFF9F5A),
    [WEFT_COLOR_PASS] = RGB (0x8FF0A4),
    [WEFT_COLOR_FAIL] = RGB (0xFF7B63),
    [WEFT_COLOR_WARNING] = RGB (0xF8E45C),
    [WEFT_COLOR_STEP_TEXT] = RGB (0x10243A),
    [WEFT_COLOR_ACCENT] = RGB (0x78AEED),
  },
  /* The same hues, the dark ones lifted off the dark background. */
  .lanes = {
    RGB (0x7A6CD9), RGB (0x88CCEE), RGB (0xCC6677), RGB (0x2FA65A),
    RGB (0xDDCC77), RGB (0xC768B9), RGB (0x44AA99), RGB (0xC2457E),
  },
};

const WeftPalette *
weft_palette_get (gboolean is_dark)
{
  return is_dark ? &dark : &light;
}

const WeftColor *
weft_palette_get_lane_color (const WeftPalette *palette,
                             guint              lane)
{
  return &palette->lanes[lane % WEFT_N_LANE_COLORS];
}

/* Black or white, whichever reads better on @fill. */
const WeftColor *
weft_palette_get_text_on (const WeftPalette *palette,
                          const WeftColor   *fill)
{
  static const WeftColor black = { 0.07, 0.07, 0.07, 1.0 };
  static const WeftColor white = { 1.0, 1.0, 1.0, 1.0 };
  double luma = 0.2126 * fill->red + 0.7152 * fill->green + 0.0722 * fill->blue;

  return luma > 0.5 ? &black : &white;
}

char *
weft_color_to_hex (const WeftColor *color)
{
  return g_strdup_printf ("#%02x%02x%02x",
                          (guint) (color->red * 255.0 + 0.5),
                          (guint) (color->green * 255.0 + 0.5),
                          (guint) (color->blue * 255.0 + 0.5));
}
