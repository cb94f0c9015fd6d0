/* weft-format.h: numbers, times and thread names as the user's locale writes them
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything on screen and in pictures that is a number goes through
 * here: digits and separators from LC_NUMERIC (and the locale's own
 * digits, as glibc's I flag gives them: Persian in fa_IR), units and
 * thread roles in the user's language.  What programs read (the JSON
 * trace, CSV, the --check line) is made between
 * weft_format_use_c_locale() and weft_format_restore_locale(): C
 * numbers and English words, whatever the user's locale.
 */

#pragma once

#include <glib.h>
#include <locale.h>

#include "weft-timeline.h"

G_BEGIN_DECLS

char       *weft_format_count          (gint64        count);
char       *weft_format_decimal        (double        value,
                                        int           decimals);
char       *weft_format_number         (double        value);
gboolean    weft_format_parse_number   (const char   *text,
                                        double       *value);

gint64      weft_format_time_unit      (gint64        ns);
char       *weft_format_time           (gint64        ns,
                                        gint64        unit_ns,
                                        int           decimals);
char       *weft_format_seconds        (double        seconds);
char       *weft_format_duration       (gint64        ns);
char       *weft_format_moment         (gint64        offset_ns);

const char *weft_format_role_lane      (const WeftPattern *pattern,
                                        const char        *name);
const char *weft_format_lane_name      (WeftTimeline *timeline,
                                        guint         lane);
const char *weft_format_lane_number    (WeftTimeline *timeline,
                                        guint         lane);

locale_t    weft_format_use_c_locale   (void);
void        weft_format_restore_locale (locale_t      previous);

G_END_DECLS
