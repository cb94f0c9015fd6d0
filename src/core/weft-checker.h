/* weft-checker.h: proving a pattern's invariants from its timeline alone
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "weft-check-fold.h"
#include "weft-format.h"
#include "weft-timeline.h"

G_BEGIN_DECLS

typedef enum
{
  WEFT_CHECK_PASS,
  WEFT_CHECK_LESSON,        /* a failure the pattern exists to show (the race) */
  WEFT_CHECK_FAIL,
  WEFT_CHECK_INCONCLUSIVE,  /* events the check needed were lost */
  WEFT_CHECK_PENDING,       /* nothing to check yet: no verdict, and no failure */
} WeftCheckStatus;

typedef struct
{
  char *id;               /* stable: "mutual-exclusion", "lost-updates" */
  char *message;          /* translated, with counts: "club never above 3 of 3" */
  gboolean passed;
  gboolean is_lesson;     /* a failure the pattern exists to show (the race) */
  WeftCheckStatus status;
  /* For an inconclusive check, where it could not see: the first gap. */
  gboolean has_gap;
  guint gap_lane;
  gint64 gap_from_ns;     /* CLOCK_MONOTONIC, as the timeline's */
  gint64 gap_to_ns;
} WeftCheck;

WeftChecks      *weft_checks_new            (void);
void             weft_checks_free           (WeftChecks *checks);
WeftChecks      *weft_check_timeline        (WeftTimeline *timeline);
guint            weft_checks_get_n_checks   (WeftChecks *checks);
const WeftCheck *weft_checks_get_check      (WeftChecks *checks,
                                             guint       index);
gboolean         weft_checks_all_passed     (WeftChecks *checks);
gboolean         weft_checks_any_with_status (WeftChecks      *checks,
                                              WeftCheckStatus  status);
const char      *weft_check_status_to_string (WeftCheckStatus status);
gboolean         weft_checks_get_result     (WeftChecks *checks,
                                             gint64     *expected,
                                             gint64     *actual);
char            *weft_checks_to_string      (WeftChecks *checks);

void             weft_checks_add            (WeftChecks *checks,
                                             const char *id,
                                             gboolean    passed,
                                             gboolean    is_lesson,
                                             const char *format,
                                             ...) G_GNUC_PRINTF (5, 6);
void             weft_checks_add_pending    (WeftChecks *checks,
                                             const char *id,
                                             const char *format,
                                             ...) G_GNUC_PRINTF (3, 4);
void             weft_checks_append         (WeftChecks *checks,
                                             const char *format,
                                             ...) G_GNUC_PRINTF (2, 3);
void             weft_checks_mark_losses    (WeftChecks   *checks,
                                             WeftTimeline *timeline);
void             weft_checks_set_result     (WeftChecks *checks,
                                             gint64      expected,
                                             gint64      actual);

/* Verdicts that several patterns' checks share, from their running
 * states (weft-check-fold.h). */
void             weft_checker_report_missing (WeftChecks *checks,
                                              const char *id,
                                              const char *object_name);
void             weft_checker_report_exclusion (WeftChecks        *checks,
                                                const WeftOverlap *inside);
void             weft_checker_report_updates (WeftChecks        *checks,
                                              const WeftUpdates *updates,
                                              gboolean           complete,
                                              gboolean           loss_is_the_lesson);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftChecks, weft_checks_free)

G_END_DECLS
