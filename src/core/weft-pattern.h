/* weft-pattern.h: what a synchronization pattern tells the engine
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pattern is one file in patterns/ that fills a WeftPattern: its name,
 * the words a teacher would use for it, the parameters and variants it
 * takes, the states and marks its chart draws (and any instant of its
 * own), what each worker thread does, and the invariants the trace must
 * prove.  The window, the command line, the legend, the chart and the
 * exports are all made from this declaration, so adding a pattern
 * touches only that file, the list in weft-patterns.c, po/POTFILES.in
 * and its icon.
 */

#pragma once

#include <glib.h>

#include "weft-event.h"
#include "weft-params.h"

G_BEGIN_DECLS

typedef struct _WeftRun WeftRun;
typedef struct _WeftWorker WeftWorker;
typedef struct _WeftTimeline WeftTimeline;
typedef struct _WeftChecks WeftChecks;
typedef struct _WeftCheckFuncs WeftCheckFuncs;

/* Kinds of shared object; they decide how a counter lane is labelled. */
typedef enum
{
  WEFT_OBJECT_MUTEX,
  WEFT_OBJECT_SEMAPHORE,
  WEFT_OBJECT_CONDITION,
  WEFT_OBJECT_BARRIER,
  WEFT_OBJECT_COUNTER,
} WeftObjectKind;

/* How a role's threads live and end (weft-run.h: weft_worker_spawn()). */
typedef enum
{
  WEFT_ROLE_MAIN = 1 << 0,          /* the program's main thread: once it and every
                                     * other non-daemon thread have returned, the
                                     * daemons still running are killed */
  WEFT_ROLE_DAEMON = 1 << 1,        /* the run's first threads of this role are daemons */
} WeftRoleFlags;

/* What one of the pattern's shared objects shows, where the kind alone
 * does not say: the words under its counter lane. */
typedef struct
{
  const char *name;                 /* as setup() names it: "club" */
  const char *meaning;              /* N_("occupancy"): its counter lane; NULL: it has none */
} WeftObjectSpec;

typedef struct
{
  const char *name;                 /* lane prefix: "patron" gives patron-1, ...;
                                     * NC_("thread role", …): the chart shows it
                                     * translated (weft-format.h) */
  const char *short_name;           /* for the kernel's 15-byte thread name */
  gboolean numbered;                /* FALSE for a fixed cast: "A", "B" */
  WeftRoleFlags flags;
} WeftRole;

struct _WeftPattern
{
  const char *name;                 /* "nightclub": CLI, settings, file names */
  const char *title;                /* N_("Semaphore nightclub") */
  const char *summary;              /* N_() one line for the sidebar */
  const char *explanation;          /* N_() the analogy, one paragraph */
  const char *icon_name;
  /* Its knobs, in the order the window shows them; ends with name NULL.
   * "threads" and "pace" mean the same for every pattern that has them. */
  const WeftParamSpec *params;
  /* Ways to run it, the first the default; NULL or ending with name NULL. */
  const WeftVariant *variants;
  /* What its chart draws, exactly: the legend shows these and no more.
   * Bits 1 << WeftState and WEFT_INSTANT_BIT (code). */
  guint states;
  guint64 marks;
  /* Its objects' counter lanes, where the kind's usual words do not fit;
   * ends with name NULL, or NULL. */
  const WeftObjectSpec *objects;
  /* Instants only this pattern emits: code WEFT_INSTANT_OWN_FIRST + i. */
  const WeftInstantInfo *own_instants;
  guint n_own_instants;
  const char * const *steps;        /* names for a span's arg (1-based), or NULL */
  /* What its workers do, in Python as the threading tutorials write it,
   * one role after another.  Each worker marks the line it is at
   * (weft_worker_at(), 1-based in the whole listing) before each sync
   * point, and its events carry it.  Not translated: it is code. */
  const char *code;
  /* Rules between parameters that their ranges cannot say ("cancel
   * fewer timers than there are"); NULL: none.  Sets @error, translated,
   * naming the options. */
  gboolean (*check_params)  (const WeftParams *params,
                             GError          **error);
  /* How many workers start with the run; NULL: the "threads" parameter. */
  guint    (*count_workers) (const WeftParams *params);

  /* Creates the shared objects (weft_run_add_object()) and returns the
   * pattern's state, freed with free_state after every worker joined. */
  gpointer (*setup)       (WeftRun *run);
  void     (*free_state)  (gpointer state);
  /* Which role worker @index (0-based) plays, and its number in it. */
  guint    (*role_of)     (const WeftParams *params,
                           guint             index,
                           guint            *number);
  const WeftRole *roles;            /* ends with name NULL */
  /* The body of every worker thread; returns when done or stopped. */
  void     (*work)        (WeftWorker *worker,
                           gpointer    state);
  /* Called by the last worker to finish, on its thread. */
  void     (*finish)      (WeftWorker *worker,
                           gpointer    state);
  /* Proves the pattern's invariants from the timeline alone, folding
   * its events in as they arrive (weft-check-fold.h). */
  const WeftCheckFuncs *checks;
};

const WeftPattern * const *weft_patterns_get_all (guint *n_patterns);
const WeftPattern         *weft_patterns_lookup  (const char *name);
const WeftPattern         *weft_patterns_lookup_any (const char *name);
void                       weft_pattern_get_default_params (const WeftPattern *pattern,
                                                            WeftParams        *params);
guint                      weft_pattern_get_n_params (const WeftPattern *pattern);
gint                       weft_pattern_find_param   (const WeftPattern *pattern,
                                                      const char        *name);
guint                      weft_pattern_get_n_variants (const WeftPattern *pattern);
gint                       weft_pattern_find_variant (const WeftPattern *pattern,
                                                      const char        *name);
const WeftInstantInfo     *weft_pattern_get_instant_info (const WeftPattern *pattern,
                                                          guint              code);
const WeftObjectSpec      *weft_pattern_find_object  (const WeftPattern *pattern,
                                                      const char        *name);
guint                      weft_pattern_count_workers (const WeftPattern *pattern,
                                                       const WeftParams  *params);
gboolean                   weft_pattern_check_params (const WeftPattern *pattern,
                                                      const WeftParams  *params,
                                                      GError           **error);
guint                      weft_pattern_role_of (const WeftPattern *pattern,
                                                 const WeftParams  *params,
                                                 guint              index,
                                                 guint             *number);
char                     **weft_pattern_dup_code_lines (const WeftPattern *pattern);

/* Which words the chart says an instant with. */
typedef enum
{
  WEFT_WORDS_PYTHON,                /* the tutorials': acquire(), release(), notify() */
  WEFT_WORDS_C,                     /* pthread's: sem_post(), pthread_cond_signal() */
} WeftWords;

const char                *weft_pattern_get_instant_word (const WeftPattern *pattern,
                                                          guint              code,
                                                          WeftObjectKind     kind,
                                                          WeftWords          words);

G_END_DECLS
