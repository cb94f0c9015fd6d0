/* weft-elf.h: the data objects an ELF file names, read without libelf
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `weft record` names a program's sync objects by the symbols that hold
 * them.  This reads what that takes from an ELF64 little-endian file:
 * its sized data objects (STT_OBJECT in an allocated section that is
 * neither code nor thread-local storage) from .symtab, or from .dynsym
 * when the file was stripped, and its loadable segments, which say
 * where the file's addresses land in a process.
 *
 * Any program can be recorded, so the file is untrusted input: every
 * offset and size is checked against the bytes there, and a malformed
 * file gives fewer names or none, never a crash.  Names are copied out,
 * so nothing refers to the file once it is read.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WEFT_ELF_ERROR (weft_elf_error_quark ())

typedef enum
{
  WEFT_ELF_ERROR_NOT_ELF,
  WEFT_ELF_ERROR_UNSUPPORTED,   /* 32-bit, big-endian, or not loadable */
  WEFT_ELF_ERROR_MALFORMED,
} WeftElfError;

typedef struct _WeftElf WeftElf;

GQuark      weft_elf_error_quark   (void);

WeftElf    *weft_elf_new_for_data  (gconstpointer  data,
                                    gsize          size,
                                    GError       **error);
WeftElf    *weft_elf_new_for_fd    (int            fd,
                                    GError       **error);
void        weft_elf_free          (WeftElf       *self);

guint       weft_elf_get_n_symbols (WeftElf       *self);
gboolean    weft_elf_is_fixed      (WeftElf       *self);
gboolean    weft_elf_get_extent    (WeftElf       *self,
                                    guint64       *start,
                                    guint64       *end);
gboolean    weft_elf_get_bias      (WeftElf       *self,
                                    guint64        map_start,
                                    guint64        map_offset,
                                    guint64        page_size,
                                    guint64       *bias);
const char *weft_elf_lookup        (WeftElf       *self,
                                    guint64        vaddr,
                                    guint64       *offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WeftElf, weft_elf_free)

G_END_DECLS
