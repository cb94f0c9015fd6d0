/* weft-format.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * glibc does the work: the ' flag groups digits as LC_NUMERIC says, and
 * the I flag writes them in the locale's own digits (LC_CTYPE's
 * outdigits, with the decimal and grouping marks to match: "۱٬۲۳۴٫۵" in
 * fa_IR, where LC_NUMERIC alone would give "1,234.5").  Both follow the
 * calling thread's locale, so weft_format_use_c_locale() turns them,
 * and gettext, back to C and English on that thread alone.
 *
 * Translated messages with a number of their own ("%u of %u") get the
 * same digits from their translation: a Persian msgstr writes "%Iu".
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <langinfo.h>
#include <string.h>

#include "weft-clock.h"
#include "weft-format.h"

/**
 * weft_format_count:
 *
 * A whole number grouped as the locale groups it: "1,016,308",
 * "1.016.308" in tr_TR, "۱٬۰۱۶٬۳۰۸" in fa_IR.  The C locale groups
 * nothing, so there it is grouped with commas all the same: a summary
 * line reads "1,204" in a script's log as it does on screen.
 */
char *
weft_format_count (gint64 count)
{
  const char *separator = nl_langinfo (THOUSEP);
  g_autofree char *digits = NULL;
  GString *out;
  gsize len;

  if (separator != NULL && separator[0] != '\0')
    return g_strdup_printf ("%'I" G_GINT64_FORMAT, count);

  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, count < 0 ? -(guint64) count : (guint64) count);
  out = g_string_new (count < 0 ? "-" : "");
  len = strlen (digits);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* "4.15", "4,15", "۴٫۱۵": @decimals after the mark, grouped before it. */
char *
weft_format_decimal (double value,
                     int    decimals)
{
  return g_strdup_printf ("%'I.*f", CLAMP (decimals, 0, 17), value);
}

/* As printf's %g writes it, in the locale's digits: "0.25", "۰٫۲۵". */
char *
weft_format_number (double value)
{
  return g_strdup_printf ("%'Ig", value);
}

/* What digit @c is in the scripts a user may type it in, or -1:
 * European, Arabic-Indic (U+0660) and Extended Arabic-Indic (U+06F0,
 * Persian). */
static int
digit_value (gunichar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 0x0660 && c <= 0x0669)
    return c - 0x0660;
  if (c >= 0x06F0 && c <= 0x06F9)
    return c - 0x06F0;
  return -1;
}

/**
 * weft_format_parse_number:
 *
 * Reads back what weft_format_decimal() and the like write, or what a
 * user types: digits of any script above, the locale's decimal and
 * grouping marks (and the Arabic ones, U+066B and U+066C), a sign.
 *
 * Returns: FALSE, leaving @value alone, for anything else
 */
gboolean
weft_format_parse_number (const char *text,
                          double     *value)
{
  const char *radix = nl_langinfo (RADIXCHAR);
  const char *separator = nl_langinfo (THOUSEP);
  g_autoptr(GString) ascii = g_string_new (NULL);
  char *end = NULL;
  double parsed;

  g_return_val_if_fail (text != NULL, FALSE);

  for (const char *p = text; *p != '\0'; )
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      int digit = digit_value (c);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        return FALSE;
      if (digit >= 0)
        g_string_append_c (ascii, '0' + digit);
      else if (c == 0x066B || (radix[0] != '\0' && g_str_has_prefix (p, radix)))
        {
          g_string_append_c (ascii, '.');
          p += c == 0x066B ? g_utf8_next_char (p) - p : (gssize) strlen (radix);
          continue;
        }
      else if (c == 0x066C || (separator[0] != '\0' && g_str_has_prefix (p, separator)))
        {
          p += c == 0x066C ? g_utf8_next_char (p) - p : (gssize) strlen (separator);
          continue;
        }
      else if (c == '-' || c == 0x2212)
        g_string_append_c (ascii, '-');
      else if (c == '+')
        g_string_append_c (ascii, '+');
      else if (!g_unichar_isspace (c))
        return FALSE;
      p = g_utf8_next_char (p);
    }
  if (ascii->len == 0)
    return FALSE;
  parsed = g_ascii_strtod (ascii->str, &end);
  if (end == ascii->str || *end != '\0')
    return FALSE;
  *value = parsed;
  return TRUE;
}

/* The largest unit @ns reaches, in ns: "1.4 s" rather than "1400 ms". */
gint64
weft_format_time_unit (gint64 ns)
{
  static const gint64 units[] = { WEFT_NSEC_PER_SEC, WEFT_NSEC_PER_MSEC, 1000 };
  guint64 size = ns < 0 ? -(guint64) ns : (guint64) ns;

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (size >= (guint64) units[i])
      return units[i];
  return 1;
}

/* @number followed by its unit, in the order the language writes them. */
static char *
with_unit (const char *number,
           gint64      unit_ns)
{
  switch (unit_ns)
    {
    case WEFT_NSEC_PER_SEC:
      /* TRANSLATORS: a time in seconds; %s is the number: "1.25 s" */
      return g_strdup_printf (C_("time unit", "%s s"), number);
    case WEFT_NSEC_PER_MSEC:
      /* TRANSLATORS: a time in milliseconds; %s is the number: "350 ms" */
      return g_strdup_printf (C_("time unit", "%s ms"), number);
    case 1000:
      /* TRANSLATORS: a time in microseconds; %s is the number: "12.5 µs" */
      return g_strdup_printf (C_("time unit", "%s µs"), number);
    default:
      /* TRANSLATORS: a time in nanoseconds; %s is the number: "840 ns" */
      return g_strdup_printf (C_("time unit", "%s ns"), number);
    }
}

/**
 * weft_format_time:
 * @unit_ns: the unit to write it in: 1, 1000, 1000000 or 1000000000
 *
 * @ns in that unit with @decimals: weft_format_time (4150000000,
 * 1000000000, 2) is "4.15 s", and "۴٫۱۵ ثانیه" in Persian.
 */
char *
weft_format_time (gint64 ns,
                  gint64 unit_ns,
                  int    decimals)
{
  g_autofree char *number = NULL;

  g_return_val_if_fail (unit_ns > 0, NULL);

  number = weft_format_decimal ((double) ns / unit_ns, decimals);
  return with_unit (number, unit_ns);
}

/* A parameter's seconds, as many digits as it has: "1.5 s". */
char *
weft_format_seconds (double seconds)
{
  g_autofree char *number = weft_format_number (seconds);

  return with_unit (number, WEFT_NSEC_PER_SEC);
}

/* A duration for people, three digits or so: "512 ms", "1.25 s",
 * "840 ns". */
char *
weft_format_duration (gint64 ns)
{
  gint64 unit = weft_format_time_unit (ns);
  double value = ABS ((double) ns / unit);

  if (unit == 1)
    return weft_format_time (ns, 1, 0);
  return weft_format_time (ns, unit, value >= 100 ? 0 : value >= 10 ? 1 : 2);
}

/* A moment in a run, to the microsecond or better: "1.037 s",
 * "12.500 ms", "840 ns"; the run's start is plain "0". */
char *
weft_format_moment (gint64 offset_ns)
{
  gint64 unit = weft_format_time_unit (offset_ns);

  if (offset_ns == 0)
    return weft_format_count (0);
  return weft_format_time (offset_ns, unit, unit == 1 ? 0 : 3);
}

/* The role a lane's name says its thread plays: "patron-12" is a
 * patron, number 12 (*number 0 for a role of one thread, as "A").
 * NULL for a name no role of @pattern gives, as a trace from elsewhere
 * may have. */
static const WeftRole *
find_role (const WeftPattern *pattern,
           const char        *name,
           guint             *number)
{
  if (pattern == NULL || pattern->roles == NULL || name == NULL)
    return NULL;
  for (const WeftRole *role = pattern->roles; role->name != NULL; role++)
    {
      gsize len = strlen (role->name);
      const char *rest = name + len;
      guint64 parsed;

      if (strncmp (name, role->name, len) != 0)
        continue;
      if (!role->numbered && rest[0] == '\0')
        {
          *number = 0;
          return role;
        }
      /* As weft-run.c names them: no sign, no leading zero. */
      if (role->numbered && rest[0] == '-' && rest[1] >= '1' && rest[1] <= '9' &&
          g_ascii_string_to_unsigned (rest + 1, 10, 1, G_MAXUINT, &parsed, NULL))
        {
          *number = (guint) parsed;
          return role;
        }
    }
  return NULL;
}

/* A lane's number is a name, not a quantity: never grouped. */
static char *
lane_number (guint number)
{
  return g_strdup_printf ("%Iu", number);
}

/**
 * weft_format_role_lane:
 * @name: a lane's name as the run gave it ("patron-12")
 *
 * The name for people: the role translated and the number in the
 * locale's digits ("مهمان ۱۲" in Persian); in the C locale, @name as
 * it is.  A name no role of @pattern gives is @name.
 *
 * Returns: an interned string, or @name
 */
const char *
weft_format_role_lane (const WeftPattern *pattern,
                       const char        *name)
{
  const WeftRole *role;
  const char *role_text;
  g_autofree char *number = NULL;
  g_autofree char *label = NULL;
  guint n;

  role = find_role (pattern, name, &n);
  if (role == NULL)
    return name;
  role_text = g_dpgettext2 (GETTEXT_PACKAGE, "thread role", role->name);
  if (!role->numbered)
    return role_text;
  number = lane_number (n);
  /* TRANSLATORS: a thread's name in the chart: its role (translated
   * with the context "thread role"), then its number: "patron-3" */
  label = g_strdup_printf (C_("thread lane", "%s-%s"), role_text, number);
  return g_intern_string (label);
}

/* weft_format_role_lane() for one of @timeline's lanes. */
const char *
weft_format_lane_name (WeftTimeline *timeline,
                       guint         lane)
{
  return weft_format_role_lane (weft_timeline_get_pattern (timeline),
                                weft_timeline_get_lane_name (timeline, lane));
}

/**
 * weft_format_lane_number:
 *
 * What tells the lane from its kin, where its full name does not fit:
 * its number in the locale's digits ("۱۲" for patron-12), or for a name
 * from elsewhere what follows its last dash.
 *
 * Returns: (nullable): an interned string, part of the lane's name, or
 *   NULL for a lane with no number ("A", "main")
 */
const char *
weft_format_lane_number (WeftTimeline *timeline,
                         guint         lane)
{
  const char *name = weft_timeline_get_lane_name (timeline, lane);
  const WeftRole *role;
  const char *dash;
  g_autofree char *number = NULL;
  guint n;

  role = find_role (weft_timeline_get_pattern (timeline), name, &n);
  if (role != NULL && !role->numbered)
    return NULL;
  if (role != NULL)
    {
      number = lane_number (n);
      return g_intern_string (number);
    }
  dash = strrchr (name, '-');
  return dash != NULL && dash[1] != '\0' ? dash + 1 : NULL;
}

static locale_t
c_locale (void)
{
  static gsize made = 0;
  static locale_t c;

  if (g_once_init_enter (&made))
    {
      c = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
      g_once_init_leave (&made, 1);
    }
  return c;
}

/**
 * weft_format_use_c_locale:
 *
 * Until weft_format_restore_locale(), this thread formats numbers as C
 * does and gettext answers in English (it ignores LANGUAGE in the C
 * locale), whatever the process's locale: for what programs read.
 * Other threads are not touched.
 *
 * Returns: the thread's locale before, for weft_format_restore_locale()
 */
locale_t
weft_format_use_c_locale (void)
{
  return uselocale (c_locale ());
}

void
weft_format_restore_locale (locale_t previous)
{
  uselocale (previous);
}
