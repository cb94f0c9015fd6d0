/* weft-pattern.h: what a synchronization pattern tells the engine
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A pattern is one file in patterns/ that fills a WeftPattern: its name,
 * the words a teacher would use for it, the parameters it takes, what
 * each worker thread does, and the invariants the trace must prove.
 * Adding a pattern touches only that file, the list in weft-patterns.c
 * and po/POTFILES.in.
 */

#pragma once

#include <glib.h>

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

typedef struct
{
  const char *name;                 /* lane prefix: "patron" gives patron-1, ... */
  const char *short_name;           /* for the kernel's 15-byte thread name */
  gboolean numbered;                /* FALSE for a fixed cast: "A", "B" */
  WeftRoleFlags flags;
} WeftRole;

typedef struct
{
  const char *name;                 /* "nightclub": CLI, settings, file names */
  const char *title;                /* N_("Semaphore nightclub") */
  const char *summary;              /* N_() one line for the sidebar */
  const char *explanation;          /* N_() the analogy, one paragraph */
  const char *icon_name;
  WeftParamRange ranges[WEFT_N_PARAMS];
  const char * const *steps;        /* names for a span's arg (1-based), or NULL */

  /* Creates the shared objects (weft_run_add_object()) and returns the
   * pattern's state, freed with free_state after every worker joined. */
  gpointer (*setup)       (WeftRun *run);
  void     (*free_state)  (gpointer state);
  /* Which role worker @index (0-based) plays, and its number in it. */
  guint    (*role_of)     (const WeftParams *params,
                           guint             index,
                           guint            *number);
  const WeftRole *roles;
  /* The body of every worker thread; returns when done or stopped. */
  void     (*work)        (WeftWorker *worker,
                           gpointer    state);
  /* Called by the last worker to finish, on its thread. */
  void     (*finish)      (WeftWorker *worker,
                           gpointer    state);
  /* Proves the pattern's invariants from the timeline alone, folding
   * its events in as they arrive (weft-check-fold.h). */
  const WeftCheckFuncs *checks;
} WeftPattern;

const WeftPattern * const *weft_patterns_get_all (guint *n_patterns);
const WeftPattern         *weft_patterns_lookup  (const char *name);
void                       weft_pattern_get_default_params (const WeftPattern *pattern,
                                                            WeftParams        *params);
gboolean                   weft_pattern_check_params (const WeftPattern *pattern,
                                                      const WeftParams  *params,
                                                      GError           **error);
guint                      weft_pattern_role_of (const WeftPattern *pattern,
                                                 const WeftParams  *params,
                                                 guint              index,
                                                 guint             *number);

G_END_DECLS
