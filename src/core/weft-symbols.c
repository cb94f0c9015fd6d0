/* weft-symbols.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /proc/PID/maps lists the files the process has mapped.  Each file is
 * read once (weft-elf.c), and each time it was loaded becomes a module:
 * where its segments lie in the process, and by how much its addresses
 * were moved to lie there.  An address is named by the module that
 * holds it, from the file's symbols.  Files are kept by device, inode
 * and path, so a refresh reads only what the process has mapped since,
 * and lets go of what it has unmapped.
 */

#include "weft-symbols.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "weft-elf.h"

typedef struct
{
  WeftElf *elf;         /* the files table's */
  guint64 bias;         /* address in the process - address as linked */
  guint64 start;        /* where its segments lie in the process; end exclusive */
  guint64 end;
} Module;

struct _WeftSymbols
{
  int pid;
  guint64 start_time;   /* the process's, in clock ticks after boot */
  GHashTable *files;    /* "dev inode path" -> WeftElf, NULL for a file that is not one */
  GArray *modules;      /* Module */
};

/* One line of /proc/PID/maps that names a file. */
typedef struct
{
  guint64 start;
  guint64 end;
  guint64 offset;
  guint64 inode;
  guint dev_major;
  guint dev_minor;
  const char *path;
} Mapping;

/* When the process started, which tells it from a later process given
 * the same number once it has gone. */
static gboolean
read_start_time (int       pid,
                 guint64  *start_time,
                 GError  **error)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  const char *field;
  guint i;

  if (!g_file_get_contents (path, &text, NULL, error))
    return FALSE;
  /* The command name, in parentheses, may hold spaces and parentheses
   * itself; the fields after the last ')' are numbers.  The start time
   * is field 22, the 20th after the name. */
  field = strrchr (text, ')');
  for (i = 0; field != NULL && i < 20; i++)
    field = strchr (field + 1, ' ');
  if (field == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "Cannot read when process %d started", pid);
      return FALSE;
    }
  *start_time = g_ascii_strtoull (field + 1, NULL, 10);
  return TRUE;
}

static gboolean
parse_mapping (const char *line,
               Mapping    *mapping)
{
  unsigned long long start, end, offset, inode;
  char perms[5];
  int at = 0;

  if (sscanf (line, "%llx-%llx %4s %llx %x:%x %llu %n", &start, &end, perms,
              &offset, &mapping->dev_major, &mapping->dev_minor, &inode, &at) < 7
      || at == 0 || line[at] != '/' || start >= end)
    return FALSE;
  mapping->start = start;
  mapping->end = end;
  mapping->offset = offset;
  mapping->inode = inode;
  mapping->path = line + at;
  return TRUE;
}

/* Opens @path if it is the regular file with @inode.  The device is
 * not compared: on overlayfs the mappings and stat() can disagree on it.
 * Checking first with stat() keeps device nodes (a GPU's, mapped by the
 * program) from being opened at all. */
static int
open_same_file (const char *path,
                guint64     inode)
{
  struct stat st;
  int fd;

  if (stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_ino != inode)
    return -1;
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    return -1;
  /* The file may have been replaced between the two looks. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_ino != inode)
    {
      close (fd);
      return -1;
    }
  return fd;
}

/* The file behind @mapping, as the process sees it, or NULL.  Through
 * map_files it is the very file mapped, even one deleted since (shown
 * as "PATH (deleted)") or reached through another mount namespace, but
 * the kernel lets only a process with CAP_CHECKPOINT_RESTORE or
 * CAP_SYS_ADMIN open it.  Otherwise the path is read when it still
 * leads to the same inode, so a file rebuilt since it was mapped is
 * never read in its place: its addresses would give wrong names. */
static WeftElf *
read_file (int            pid,
           const Mapping *mapping)
{
  g_autofree char *by_mapping = NULL;
  WeftElf *elf;
  int fd;

  by_mapping = g_strdup_printf ("/proc/%d/map_files/%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x",
                                pid, mapping->start, mapping->end);
  fd = open_same_file (by_mapping, mapping->inode);
  if (fd < 0)
    fd = open_same_file (mapping->path, mapping->inode);
  if (fd < 0)
    return NULL;
  elf = weft_elf_new_for_fd (fd, NULL);
  close (fd);
  return elf;
}

/* Adds the module @mapping belongs to, unless it is known already. */
static void
add_module (GArray        *modules,
            WeftElf       *elf,
            const Mapping *mapping,
            guint64        page_size)
{
  Module module = { elf, 0, 0, 0 };
  guint64 start, end;
  guint i;

  if (!weft_elf_get_bias (elf, mapping->start, mapping->offset, page_size, &module.bias)
      || !weft_elf_get_extent (elf, &start, &end))
    return;
  for (i = 0; i < modules->len; i++)
    {
      const Module *known = &g_array_index (modules, Module, i);

      if (known->elf == elf && known->bias == module.bias)
        return;
    }
  module.start = start + module.bias;
  module.end = end + module.bias;
  /* A mapping that is not in the segments it would place is not the
   * loader's: the program mapped the file to read it, say. */
  if (module.start >= module.end
      || mapping->start < (module.start & ~(page_size - 1))
      || mapping->start >= module.end)
    return;
  g_array_append_val (modules, module);
}

WeftSymbols *
weft_symbols_new_for_pid (int      pid,
                          GError **error)
{
  g_autoptr(WeftSymbols) self = NULL;

  g_return_val_if_fail (pid > 0, NULL);

  self = g_new0 (WeftSymbols, 1);
  self->pid = pid;
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) weft_elf_free);
  self->modules = g_array_new (FALSE, FALSE, sizeof (Module));
  if (!read_start_time (pid, &self->start_time, error)
      || !weft_symbols_refresh (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Takes the snapshot again: files the process has mapped since are
 * read, files it has unmapped are let go.  When the process has exited
 * (or cannot be read) this fails and the snapshot stays as it was. */
gboolean
weft_symbols_refresh (WeftSymbols  *self,
                      GError      **error)
{
  g_autofree char *maps_path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(GArray) modules = NULL;
  guint64 page_size = (guint64) sysconf (_SC_PAGESIZE);
  guint64 start_time;
  char *line, *next;

  g_return_val_if_fail (self != NULL, FALSE);

  maps_path = g_strdup_printf ("/proc/%d/maps", self->pid);
  if (!g_file_get_contents (maps_path, &text, NULL, error))
    return FALSE;
  /* Read after the mappings: had the process gone and its number been
   * given to another, what was read would be the other's.  A process
   * that has exited and is not reaped yet keeps its number and start
   * time, but has no mappings left. */
  if (!read_start_time (self->pid, &start_time, error))
    return FALSE;
  if (start_time != self->start_time || text[0] == '\0')
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   "Process %d has exited", self->pid);
      return FALSE;
    }

  files = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) weft_elf_free);
  modules = g_array_new (FALSE, FALSE, sizeof (Module));
  for (line = text; line != NULL && *line != '\0'; line = next)
    {
      g_autofree char *key = NULL;
      gpointer known_key, elf;
      Mapping mapping;

      next = strchr (line, '\n');
      if (next != NULL)
        *next++ = '\0';
      if (!parse_mapping (line, &mapping))
        continue;

      key = g_strdup_printf ("%x:%x %" G_GUINT64_FORMAT " %s", mapping.dev_major,
                             mapping.dev_minor, mapping.inode, mapping.path);
      if (!g_hash_table_lookup_extended (files, key, NULL, &elf))
        {
          if (g_hash_table_steal_extended (self->files, key, &known_key, &elf))
            g_hash_table_insert (files, known_key, elf);
          else
            {
              elf = read_file (self->pid, &mapping);
              g_hash_table_insert (files, g_steal_pointer (&key), elf);
            }
        }
      if (elf != NULL)
        add_module (modules, elf, &mapping, page_size);
    }

  g_hash_table_unref (self->files);
  self->files = g_steal_pointer (&files);
  g_array_unref (self->modules);
  self->modules = g_steal_pointer (&modules);
  return TRUE;
}

/* "name", or "name+0x1a8" for an address inside the object, or NULL
 * when no sized data object holds @address.  Reads the snapshot only. */
char *
weft_symbols_lookup (WeftSymbols *self,
                     guint64      address)
{
  guint i;

  g_return_val_if_fail (self != NULL, NULL);

  /* Tens of modules, or a few hundred: a walk costs less than keeping
   * them sorted, and takes any that overlap in turn. */
  for (i = 0; i < self->modules->len; i++)
    {
      const Module *module = &g_array_index (self->modules, Module, i);
      const char *name;
      guint64 offset;

      if (address < module->start || address >= module->end)
        continue;
      name = weft_elf_lookup (module->elf, address - module->bias, &offset);
      if (name == NULL)
        continue;
      if (offset == 0)
        return g_strdup (name);
      return g_strdup_printf ("%s+0x%" G_GINT64_MODIFIER "x", name, offset);
    }
  return NULL;
}

void
weft_symbols_free (WeftSymbols *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->files, g_hash_table_unref);
  g_clear_pointer (&self->modules, g_array_unref);
  g_free (self);
}
