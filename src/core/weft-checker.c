/* weft-checker.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-checker.h"
#include "weft-timeline-private.h"

struct _WeftChecks
{
  GArray *checks;              /* WeftCheck */
  gboolean has_result;
  gint64 expected;
  gint64 actual;
};

static void
check_clear (gpointer data)
{
  WeftCheck *check = data;

  g_free (check->id);
  g_free (check->message);
}

WeftChecks *
weft_checks_new (void)
{
  WeftChecks *checks = g_new0 (WeftChecks, 1);

  checks->checks = g_array_new (FALSE, TRUE, sizeof (WeftCheck));
  g_array_set_clear_func (checks->checks, check_clear);
  return checks;
}

void
weft_checks_free (WeftChecks *checks)
{
  if (checks == NULL)
    return;
  g_array_unref (checks->checks);
  g_free (checks);
}

void
weft_checks_add (WeftChecks *checks,
                 const char *id,
                 gboolean    passed,
                 gboolean    is_lesson,
                 const char *format,
                 ...)
{
  WeftCheck check = { g_strdup (id), NULL, passed, is_lesson && !passed, WEFT_CHECK_PASS, FALSE, 0, 0, 0 };
  va_list args;

  if (!passed)
    check.status = is_lesson ? WEFT_CHECK_LESSON : WEFT_CHECK_FAIL;
  va_start (args, format);
  check.message = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (checks->checks, check);
}

/* A check that has seen nothing it could judge yet (no one has entered
 * the club, no round has finished): it says so rather than pass on no
 * evidence, and is not a failure either. */
void
weft_checks_add_pending (WeftChecks *checks,
                         const char *id,
                         const char *format,
                         ...)
{
  WeftCheck check = { g_strdup (id), NULL, FALSE, FALSE, WEFT_CHECK_PENDING, FALSE, 0, 0, 0 };
  va_list args;

  va_start (args, format);
  check.message = g_strdup_vprintf (format, args);
  va_end (args);
  g_array_append_val (checks->checks, check);
}

/* Adds to the message of the check added last. */
void
weft_checks_append (WeftChecks *checks,
                    const char *format,
                    ...)
{
  WeftCheck *check;
  g_autofree char *more = NULL;
  char *message;
  va_list args;

  g_return_if_fail (checks->checks->len > 0);

  check = &g_array_index (checks->checks, WeftCheck, checks->checks->len - 1);
  va_start (args, format);
  more = g_strdup_vprintf (format, args);
  va_end (args);
  message = g_strconcat (check->message, more, NULL);
  g_free (check->message);
  check->message = message;
}

void
weft_checks_set_result (WeftChecks *checks,
                        gint64      expected,
                        gint64      actual)
{
  checks->has_result = TRUE;
  checks->expected = expected;
  checks->actual = actual;
}

guint
weft_checks_get_n_checks (WeftChecks *checks)
{
  return checks->checks->len;
}

const WeftCheck *
weft_checks_get_check (WeftChecks *checks,
                       guint       index)
{
  g_return_val_if_fail (index < checks->checks->len, NULL);
  return &g_array_index (checks->checks, WeftCheck, index);
}

/* Whether every invariant held; the race's lost updates are the lesson,
 * not a broken invariant, and do not count against it, nor does a check
 * still waiting for something to check.  An inconclusive check did not
 * hold: nobody knows. */
gboolean
weft_checks_all_passed (WeftChecks *checks)
{
  return !weft_checks_any_with_status (checks, WEFT_CHECK_FAIL) &&
         !weft_checks_any_with_status (checks, WEFT_CHECK_INCONCLUSIVE);
}

gboolean
weft_checks_any_with_status (WeftChecks      *checks,
                             WeftCheckStatus  status)
{
  for (guint i = 0; i < checks->checks->len; i++)
    if (g_array_index (checks->checks, WeftCheck, i).status == status)
      return TRUE;
  return FALSE;
}

/* The words of the JSON contract: pass, lesson, fail, inconclusive, pending. */
const char *
weft_check_status_to_string (WeftCheckStatus status)
{
  switch (status)
    {
    case WEFT_CHECK_PASS: return "pass";
    case WEFT_CHECK_LESSON: return "lesson";
    case WEFT_CHECK_FAIL: return "fail";
    case WEFT_CHECK_INCONCLUSIVE: return "inconclusive";
    case WEFT_CHECK_PENDING: return "pending";
    default: return "unknown";
    }
}

gboolean
weft_checks_get_result (WeftChecks *checks,
                        gint64     *expected,
                        gint64     *actual)
{
  if (checks->has_result)
    {
      *expected = checks->expected;
      *actual = checks->actual;
    }
  return checks->has_result;
}

/* "mutual exclusion held across 1,204 entries; all 100 updates kept" */
char *
weft_checks_to_string (WeftChecks *checks)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < checks->checks->len; i++)
    {
      const WeftCheck *check = &g_array_index (checks->checks, WeftCheck, i);

      /* Inconclusive checks all say the same: once is enough. */
      if (i > 0 && g_str_equal (check->message, g_array_index (checks->checks, WeftCheck, i - 1).message))
        continue;
      if (i > 0)
        g_string_append (text, "; ");
      g_string_append (text, check->message);
    }
  return g_string_free (text, FALSE);
}

/* "cannot verify: 1,234 events lost on patron-3 between 2.1 s and 2.3 s" */
static char *
describe_gaps (WeftTimeline *timeline,
               const WeftGap *first,
               guint          n_gaps,
               guint64        dropped)
{
  g_autofree char *n = weft_format_count (dropped);
  gint64 origin = weft_timeline_get_origin (timeline);

  if (first == NULL)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "cannot verify: %s event was lost",
                                         "cannot verify: %s events were lost", dropped), n);
  if (n_gaps == 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "cannot verify: %s event lost on %s between %.6f s and %.6f s",
                                         "cannot verify: %s events lost on %s between %.6f s and %.6f s",
                                         dropped),
                            n, weft_format_lane_name (timeline, first->lane),
                            (first->from_ns - origin) / 1e9, (first->to_ns - origin) / 1e9);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "cannot verify: %s event lost in %u gaps, the first on %s between %.6f s and %.6f s",
                                       "cannot verify: %s events lost in %u gaps, the first on %s between %.6f s and %.6f s",
                                       dropped),
                          n, n_gaps, weft_format_lane_name (timeline, first->lane),
                          (first->from_ns - origin) / 1e9, (first->to_ns - origin) / 1e9);
}

/**
 * weft_checks_mark_losses:
 *
 * Every check reads the whole run across all lanes, so any lost event
 * may hide a violation or fake one: if @timeline lost any, each check
 * says it cannot verify, and where the first events were lost.
 */
void
weft_checks_mark_losses (WeftChecks   *checks,
                         WeftTimeline *timeline)
{
  guint n_gaps;
  const WeftGap *gaps = weft_timeline_get_gaps (timeline, &n_gaps);
  guint64 dropped = weft_timeline_get_dropped (timeline);
  g_autofree char *why = NULL;

  const WeftGap *first = NULL;

  if (dropped == 0 && n_gaps == 0)
    return;
  /* The gaps come in the order the rings were drained: name the earliest. */
  for (guint i = 0; i < n_gaps; i++)
    if (first == NULL || gaps[i].from_ns < first->from_ns)
      first = &gaps[i];
  if (dropped == 0)
    for (guint i = 0; i < n_gaps; i++)
      dropped += gaps[i].n_dropped;
  why = describe_gaps (timeline, first, n_gaps, dropped);

  for (guint i = 0; i < checks->checks->len; i++)
    {
      WeftCheck *check = &g_array_index (checks->checks, WeftCheck, i);

      /* What it saw is no evidence either way: never show it as a
       * verdict, only that there is none. */
      g_free (check->message);
      check->message = g_strdup (why);
      check->status = WEFT_CHECK_INCONCLUSIVE;
      check->passed = FALSE;
      check->is_lesson = FALSE;
      if (first != NULL)
        {
          check->has_gap = TRUE;
          check->gap_lane = first->lane;
          check->gap_from_ns = first->from_ns;
          check->gap_to_ns = first->to_ns;
        }
    }
}

/* Every pattern's runs are held to this one: a deadlock fails them,
 * unless the variant is there to show one, and its own checks say so. */
static void
report_deadlock (WeftTimeline *timeline,
                 WeftChecks   *checks)
{
  const WeftParams *params = weft_timeline_get_params (timeline);
  const WeftPattern *pattern = weft_timeline_get_pattern (timeline);
  g_autofree char *cycle = weft_timeline_describe_deadlock (timeline);

  if (cycle == NULL)
    return;
  if (pattern->variants != NULL && params->variant < weft_pattern_get_n_variants (pattern) &&
      pattern->variants[params->variant].deadlock_is_lesson)
    return;
  weft_checks_add (checks, "deadlock", FALSE, FALSE, _("deadlock: %s"), cycle);
}

/**
 * weft_check_timeline:
 *
 * The verdict over everything the timeline's checks have folded in: the
 * whole run once it is finished, and while it is live, everything up to
 * a moment shortly before now (see weft-check-fold.c).  It is read off a
 * small running state, so it costs the same at any length of run.  Hold
 * the timeline's lock while its run is live.
 */
WeftChecks *
weft_check_timeline (WeftTimeline *timeline)
{
  WeftChecks *checks = weft_check_fold_report (weft_timeline_get_check_fold (timeline));

  report_deadlock (timeline, checks);
  weft_checks_mark_losses (checks, timeline);
  return checks;
}

/* A check whose object the trace does not have fails: it cannot hold. */
void
weft_checker_report_missing (WeftChecks *checks,
                             const char *id,
                             const char *object_name)
{
  weft_checks_add (checks, id, FALSE, FALSE, _("no object “%s” in the trace"), object_name);
}

/* No two `critical` spans on the object overlap. */
void
weft_checker_report_exclusion (WeftChecks        *checks,
                               const WeftOverlap *inside)
{
  g_autofree char *entries = weft_format_count (inside->entries);

  if (inside->entries == 0)
    weft_checks_add_pending (checks, "mutual-exclusion", _("no one has come out yet"));
  else if (inside->most <= 1)
    weft_checks_add (checks, "mutual-exclusion", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "mutual exclusion held across %s entry",
                                  "mutual exclusion held across %s entries", inside->entries),
                     entries);
  else
    weft_checks_add (checks, "mutual-exclusion", FALSE, FALSE,
                     _("mutual exclusion broken: %u threads inside at once"), inside->most);
}

/* Every increment (a `write` instant) against the counter's value: its
 * last sample, which the last worker out stamps once all have written. */
void
weft_checker_report_updates (WeftChecks        *checks,
                             const WeftUpdates *updates,
                             gboolean           complete,
                             gboolean           loss_is_the_lesson)
{
  guint64 writes = complete ? updates->writes : updates->writes_at_sample;
  gint64 actual = updates->sampled ? updates->value : 0;
  gint64 lost = (gint64) writes - actual;
  g_autofree char *n_writes = weft_format_count (writes);
  g_autofree char *n_lost = weft_format_count (lost);

  weft_checks_set_result (checks, writes, actual);
  if (writes == 0 && actual == 0)
    weft_checks_add_pending (checks, "updates", _("no update has been made yet"));
  else if (lost == 0)
    weft_checks_add (checks, "updates", TRUE, FALSE,
                     g_dngettext (GETTEXT_PACKAGE, "the %s update was kept", "all %s updates kept",
                                  writes), n_writes);
  else if (lost > 0)
    weft_checks_add (checks, "updates", FALSE, loss_is_the_lesson,
                     g_dngettext (GETTEXT_PACKAGE, "lost %s of %s update", "lost %s of %s updates",
                                  writes), n_lost, n_writes);
  else
    {
      g_autofree char *n_actual = weft_format_count (actual);

      weft_checks_add (checks, "updates", FALSE, FALSE,
                       _("the counter reads %s after only %s updates"), n_actual, n_writes);
    }
}
