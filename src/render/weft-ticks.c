/* weft-ticks.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-ticks.h"

/**
 * weft_ticks_choose_step:
 * @span_ns: the visible stretch of time
 * @width: its width on screen
 * @min_spacing: the least room between two ticks
 *
 * Returns: the smallest step of 1, 2 or 5 times a power of ten
 *   nanoseconds that keeps ticks at least @min_spacing apart
 */
gint64
weft_ticks_choose_step (gint64 span_ns,
                        double width,
                        double min_spacing)
{
  static const gint64 mantissas[] = { 1, 2, 5 };
  double needed;

  if (span_ns <= 0 || width <= 0)
    return 1;
  needed = span_ns * (min_spacing / width);
  for (gint64 power = 1; power <= G_GINT64_CONSTANT (1000000000000000); power *= 10)
    for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
      if (mantissas[i] * power >= needed)
        return mantissas[i] * power;
  return G_GINT64_CONSTANT (1000000000000000);
}

/**
 * weft_ticks_format:
 * @offset_ns: the tick's time since the run began
 * @step_ns: the ruler's step
 *
 * Writes the tick in the largest unit it reaches, with just enough
 * decimals to tell it from its neighbours, as the locale writes
 * numbers and units: "0", "1.4 s", "350 ms", "1.200005 s".
 */
char *
weft_ticks_format (gint64 offset_ns,
                   gint64 step_ns)
{
  gint64 unit;
  int decimals = 0;

  if (offset_ns == 0)
    return weft_format_count (0);

  unit = weft_format_time_unit (offset_ns);
  for (gint64 resolution = unit; resolution > step_ns && resolution > 1; resolution /= 10)
    decimals++;

  return weft_format_time (offset_ns, unit, decimals);
}
