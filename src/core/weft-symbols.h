/* weft-symbols.h: a program's data objects, named by its symbols
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `weft record` learns from the library preloaded into a program the
 * address, in the program's process, of each mutex, condition variable,
 * semaphore, barrier and rwlock the program uses.  This turns such an
 * address into the name the programmer gave it: the global `table_lock`,
 * or `runtime+0x1a8` for a lock inside the global struct `runtime`.  An
 * object on the heap or a stack, or a thread-local one, has no symbol
 * and gets no name: the caller shows its kind and address instead.
 *
 * What is needed is read when the snapshot is taken, and again when it
 * is refreshed: the process's file mappings and the symbols of each
 * file.  A lookup reads the snapshot only, so a program that has exited
 * since still has its objects named.  The process must belong to the
 * same user (reading its mappings is as ptrace would be allowed).  Not
 * thread-safe: one thread takes, refreshes and reads a snapshot.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _WeftSymbols WeftSymbols;

WeftSymbols *weft_symbols_new_for_pid (int           pid,
                                       GError      **error);
gboolean     weft_symbols_refresh     (WeftSymbols  *self,
                                       GError      **error);
char        *weft_symbols_lookup      (WeftSymbols  *self,
                                       guint64       address);
void         weft_symbols_free        (WeftSymbols  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftSymbols, weft_symbols_free)

G_END_DECLS
