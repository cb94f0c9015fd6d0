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

typedef struct
{
  gint64 ns;
  const char *symbol;
} Unit;

static const Unit units[] = {
  { G_GINT64_CONSTANT (1000000000), "s" },
  { 1000000, "ms" },
  { 1000, "µs" },
  { 1, "ns" },
};

/* The largest unit the value reaches, so labels read "1.4 s", "350 ms". */
static const Unit *
unit_for (gint64 ns)
{
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (ABS (ns) >= units[i].ns)
      return &units[i];
  return &units[G_N_ELEMENTS (units) - 1];
}

/**
 * weft_ticks_format:
 * @offset_ns: the tick's time since the run began
 * @step_ns: the ruler's step
 *
 * Writes the tick in the largest unit it reaches, with just enough
 * decimals to tell it from its neighbours: "0", "1.4 s", "350 ms",
 * "1.200005 s".
 */
char *
weft_ticks_format (gint64 offset_ns,
                   gint64 step_ns)
{
  const Unit *unit;
  int decimals = 0;

  if (offset_ns == 0)
    return g_strdup ("0");

  unit = unit_for (offset_ns);
  for (gint64 resolution = unit->ns; resolution > step_ns && resolution > 1; resolution /= 10)
    decimals++;

  return g_strdup_printf ("%.*f %s", decimals, (double) offset_ns / unit->ns, unit->symbol);
}

/* A duration for people: "512 ms", "1.25 s", "840 ns". */
char *
weft_format_duration (gint64 ns)
{
  const Unit *unit = unit_for (ns);
  double value = (double) ns / unit->ns;

  if (unit->ns == 1)
    return g_strdup_printf ("%" G_GINT64_FORMAT " ns", ns);
  return g_strdup_printf ("%.*f %s", value >= 100 ? 0 : value >= 10 ? 1 : 2, value, unit->symbol);
}

/* A moment in a run, to the microsecond or better: "1.037 s",
 * "12.500 ms", "840 ns". */
char *
weft_format_moment (gint64 offset_ns)
{
  const Unit *unit = unit_for (offset_ns);

  if (offset_ns == 0)
    return g_strdup ("0");
  if (unit->ns == 1)
    return g_strdup_printf ("%" G_GINT64_FORMAT " ns", offset_ns);
  return g_strdup_printf ("%.3f %s", (double) offset_ns / unit->ns, unit->symbol);
}
