/* weft-program-pattern.c: what Weft knows of any recorded program
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A program Weft did not write has no invariant of its own that Weft
 * could know.  Two hold for every program, and the trace proves them or
 * not: no two threads are ever inside one mutex at once (a re-entered
 * recursive mutex is the same thread, marked by value 1), and no cycle
 * of threads waiting for each other's mutexes forms.
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "weft-check-fold.h"
#include "weft-checker.h"
#include "weft-format.h"
#include "weft-run.h"
#include "weft-timeline.h"

typedef struct
{
  WeftTimeline *timeline;
  GHashTable *inside;        /* object id -> WeftOverlap *, mutexes only */
  guint64 entries;
  guint16 broken;            /* the first mutex held by two at once */
  guint most;
} ProgramFold;

static void
overlap_free (gpointer data)
{
  weft_overlap_clear (data);
  g_free (data);
}

static gpointer
program_fold_new (WeftTimeline   *timeline,
                  gboolean        keep_all,
                  WeftFoldFilter *filter)
{
  ProgramFold *fold = g_new0 (ProgramFold, 1);

  fold->timeline = timeline;
  fold->inside = g_hash_table_new_full (NULL, NULL, NULL, overlap_free);
  fold->broken = WEFT_OBJECT_NONE;
  filter->span_states = 1u << WEFT_STATE_CRITICAL;
  filter->span_object = WEFT_FOLD_ANY_OBJECT;
  filter->span_depths = ~0u;
  return fold;
}

static void
program_fold_free (gpointer data)
{
  ProgramFold *fold = data;

  g_hash_table_unref (fold->inside);
  g_free (fold);
}

static gboolean
program_fold_span (gpointer        data,
                   guint           lane,
                   const WeftSpan *span)
{
  ProgramFold *fold = data;
  WeftOverlap *inside;

  /* Re-entries (value 1) are the holder's own; other kinds may have
   * several holders (a read-write lock's readers, a semaphore's). */
  if (span->value != 0 || span->object >= weft_timeline_get_n_objects (fold->timeline) ||
      weft_timeline_get_object (fold->timeline, span->object)->kind != WEFT_OBJECT_MUTEX)
    return TRUE;
  inside = g_hash_table_lookup (fold->inside, GUINT_TO_POINTER (span->object));
  if (inside == NULL)
    {
      inside = g_new0 (WeftOverlap, 1);
      weft_overlap_init (inside);
      g_hash_table_insert (fold->inside, GUINT_TO_POINTER (span->object), inside);
    }
  weft_overlap_add (inside, span->start_ns, span->end_ns);
  fold->entries++;
  if (inside->most > 1 && fold->broken == WEFT_OBJECT_NONE)
    {
      fold->broken = span->object;
      fold->most = inside->most;
    }
  return TRUE;
}

static void
program_report (gpointer      data,
                WeftTimeline *timeline,
                gboolean      complete,
                WeftChecks   *checks)
{
  ProgramFold *fold = data;
  g_autofree char *cycle = weft_timeline_describe_deadlock (timeline);
  guint n_mutexes = g_hash_table_size (fold->inside);

  if (fold->broken != WEFT_OBJECT_NONE)
    weft_checks_add (checks, "mutual-exclusion", FALSE, FALSE,
                     _("mutual exclusion broken: %u threads inside %s at once"), fold->most,
                     weft_timeline_get_object (timeline, fold->broken)->name);
  else if (fold->entries == 0)
    weft_checks_add_pending (checks, "mutual-exclusion",
                             complete ? _("no mutex was held: nothing to check")
                                      : _("no one has come out of a mutex yet"));
  else
    {
      g_autofree char *entries = weft_format_count (fold->entries);

      weft_checks_add (checks, "mutual-exclusion", TRUE, FALSE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "mutual exclusion held on %u mutex across %s entries",
                                    "mutual exclusion held on %u mutexes across %s entries", n_mutexes),
                       n_mutexes, entries);
    }

  if (cycle != NULL)
    weft_checks_add (checks, "no-deadlock", FALSE, FALSE, _("deadlock: %s"), cycle);
  else if (fold->entries == 0)
    weft_checks_add_pending (checks, "no-deadlock",
                             complete ? _("no mutex was held: no cycle could form")
                                      : _("no cycle has formed yet"));
  else
    weft_checks_add (checks, "no-deadlock", TRUE, FALSE,
                     complete ? _("no cycle of threads waiting for each other’s mutexes formed")
                              : _("no cycle has formed yet"));
}

static gsize
program_fold_get_memory (gpointer data)
{
  ProgramFold *fold = data;
  GHashTableIter iter;
  gpointer value;
  gsize bytes = sizeof *fold;

  g_hash_table_iter_init (&iter, fold->inside);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    bytes += sizeof (WeftOverlap) + ((WeftOverlap *) value)->size * sizeof (gint64);
  return bytes;
}

static const WeftCheckFuncs program_checks = {
  .fold_new = program_fold_new,
  .fold_free = program_fold_free,
  .fold_span = program_fold_span,
  .report = program_report,
  .get_memory = program_fold_get_memory,
};

static guint
program_count_workers (const WeftParams *params)
{
  return 0;
}

static gpointer
program_setup (WeftRun *run)
{
  return NULL;
}

static guint
program_role_of (const WeftParams *params,
                 guint             index,
                 guint            *number)
{
  *number = index + 1;
  return 0;
}

static const WeftRole program_roles[] = {
  { NC_("thread role", "thread"), "thread", TRUE },
  { NULL },
};

const WeftPattern weft_program_pattern = {
  .name = "program",
  .title = N_("Recorded program"),
  .summary = N_("Any program’s threads, recorded as it runs"),
  .explanation = N_("A program Weft did not write, run with Weft’s recorder loaded into it: every mutex, "
                    "condition, semaphore, barrier and thread it uses is drawn as Weft’s own are."),
  .icon_name = "weft-lock-symbolic",
  .params = (const WeftParamSpec[]) {
    { NULL },
  },
  /* Not `working`: between its calls a thread runs its own code, or
   * sleeps, or waits in a call the recorder does not see; the lane
   * says nothing rather than guess. */
  .states = (1u << WEFT_STATE_WAITING) | (1u << WEFT_STATE_CRITICAL),
  .marks = WEFT_INSTANT_BIT (WEFT_INSTANT_POST) | WEFT_INSTANT_BIT (WEFT_INSTANT_ACQUIRE) |
           WEFT_INSTANT_BIT (WEFT_INSTANT_NOTIFY) | WEFT_INSTANT_BIT (WEFT_INSTANT_NOTIFY_ALL) |
           WEFT_INSTANT_BIT (WEFT_INSTANT_ARRIVE) | WEFT_INSTANT_BIT (WEFT_INSTANT_DEPART) |
           WEFT_INSTANT_BIT (WEFT_INSTANT_JOIN) | WEFT_INSTANT_BIT (WEFT_INSTANT_TIMEOUT),
  .count_workers = program_count_workers,
  .setup = program_setup,
  .role_of = program_role_of,
  .roles = program_roles,
  .checks = &program_checks,
};
