/* weft-checker.h: proving a pattern's invariants from its timeline alone
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

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

/* One span with the lane it was on, for sweeps across lanes. */
typedef struct
{
  gint64 start_ns;
  gint64 end_ns;
  guint lane;
  gint64 value;
  guint32 arg;
} WeftLaneSpan;

/* One instant with its lane, for checks across lanes. */
typedef struct
{
  gint64 time_ns;
  gint64 value;
  guint lane;
} WeftLaneInstant;

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
void             weft_checks_set_result     (WeftChecks *checks,
                                             gint64      expected,
                                             gint64      actual);

/* Helpers for patterns' check functions. */
char            *weft_format_count          (gint64 count);
GArray          *weft_checker_collect_spans (WeftTimeline *timeline,
                                             WeftState     state,
                                             guint16       object);
GArray          *weft_checker_collect_instants (WeftTimeline *timeline,
                                                WeftInstant   instant,
                                                guint16       object);
guint            weft_checker_max_concurrent (GArray *lane_spans);
void             weft_checker_check_exclusion (WeftTimeline *timeline,
                                               WeftChecks   *checks,
                                               const char   *object_name);
void             weft_checker_check_updates (WeftTimeline *timeline,
                                             WeftChecks   *checks,
                                             const char   *counter_name,
                                             gboolean      loss_is_the_lesson);
gboolean         weft_checker_samples_within (WeftTimeline *timeline,
                                              guint16       object,
                                              gint64        min,
                                              gint64        max,
                                              gint64       *lowest,
                                              gint64       *highest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftChecks, weft_checks_free)

G_END_DECLS
