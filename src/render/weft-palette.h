/* weft-palette.h: state colours, colour-blind safe, light and dark
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "weft-event.h"

G_BEGIN_DECLS

typedef struct
{
  double red, green, blue, alpha;
} WeftColor;

typedef enum
{
  WEFT_COLOR_BACKGROUND,
  WEFT_COLOR_FOREGROUND,   /* text */
  WEFT_COLOR_DIM,          /* secondary text, ticks */
  WEFT_COLOR_GRID,
  WEFT_COLOR_LANE_ALT,     /* every other lane's band */
  WEFT_COLOR_COUNTER,
  WEFT_COLOR_LIMIT,        /* a counter's bound: capacity, expected */
  WEFT_COLOR_PASS,
  WEFT_COLOR_FAIL,
  WEFT_COLOR_WARNING,
  WEFT_COLOR_STEP_TEXT,    /* written on a span */
  WEFT_COLOR_ACCENT,       /* the selection, and what it relates to */
  WEFT_N_COLORS
} WeftColorRole;

/* Threads told apart where an object lane shows who holds it. */
#define WEFT_N_LANE_COLORS 8

typedef struct
{
  gboolean dark;
  WeftColor states[WEFT_N_STATES];
  WeftColor marks[WEFT_N_MARK_COLORS];
  WeftColor roles[WEFT_N_COLORS];
  WeftColor lanes[WEFT_N_LANE_COLORS];
} WeftPalette;

const WeftPalette *weft_palette_get (gboolean dark);
const WeftColor   *weft_palette_get_lane_color (const WeftPalette *palette,
                                                guint              lane);
const WeftColor   *weft_palette_get_text_on (const WeftPalette *palette,
                                             const WeftColor   *fill);
char              *weft_color_to_hex (const WeftColor *color);

G_END_DECLS
