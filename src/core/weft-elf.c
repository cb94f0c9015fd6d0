/* weft-elf.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Headers, segments, sections and symbols are copied out of the file
 * with memcpy, never read in place: a malformed file may put a header
 * at an odd offset, and a misaligned read is undefined behaviour.  No
 * pointer into the file is formed before its range has been checked.
 *
 * C++ names are kept mangled (`_ZN7Runtime4lockE`): demangling needs
 * libstdc++'s __cxa_demangle, and the core links GLib and libc only.
 */

#include "weft-elf.h"

#include <elf.h>
#include <string.h>
#include <sys/stat.h>

G_DEFINE_QUARK (weft-elf-error-quark, weft_elf_error)

typedef struct
{
  guint64 addr;
  guint64 size;
  guint64 max_end;    /* the furthest end of this symbol and all before it */
  gsize name;         /* into names */
} Symbol;

typedef struct
{
  guint64 offset;
  guint64 vaddr;
  guint64 file_size;
  guint64 mem_size;
} Segment;

struct _WeftElf
{
  gboolean fixed;     /* ET_EXEC: linked to run at its own addresses */
  GArray *segments;   /* Segment, PT_LOAD in file order */
  GArray *symbols;    /* Symbol, by address; at one address, biggest first */
  GString *names;
};

/* A symbol as it is read, with what decides between aliases. */
typedef struct
{
  Symbol symbol;
  const char *name;   /* in the file's string table; NUL-terminated there */
  gsize name_len;
  guint binding;
} Candidate;

/* TRUE when [offset, offset + size) lies inside the file. */
static gboolean
in_file (gsize   file_size,
         guint64 offset,
         guint64 size)
{
  return offset <= file_size && size <= file_size - offset;
}

static guint
leading_underscores (const char *name)
{
  guint n = 0;

  while (name[n] == '_')
    n++;
  return n;
}

/* Where one address has several names (glibc's environ, _environ and
 * __environ), the one a programmer writes: fewest leading underscores,
 * then global before weak before local, then the shorter.  At one
 * address the biggest object sorts first, so a lookup, which walks back
 * from the last symbol at or before an address, meets the innermost of
 * nested objects first. */
static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const Candidate *x = a, *y = b;
  guint ux, uy;

  if (x->symbol.addr != y->symbol.addr)
    return x->symbol.addr < y->symbol.addr ? -1 : 1;
  if (x->symbol.size != y->symbol.size)
    return x->symbol.size > y->symbol.size ? -1 : 1;
  ux = leading_underscores (x->name);
  uy = leading_underscores (y->name);
  if (ux != uy)
    return ux < uy ? -1 : 1;
  if (x->binding != y->binding)
    return x->binding == STB_GLOBAL ? -1
         : y->binding == STB_GLOBAL ? 1
         : x->binding == STB_LOCAL ? 1
         : y->binding == STB_LOCAL ? -1 : 0;
  if (x->name_len != y->name_len)
    return x->name_len < y->name_len ? -1 : 1;
  return strncmp (x->name, y->name, x->name_len);
}

/* The section headers as a checked array, or FALSE when the file has
 * none that can be read (then it has no names, but can still be placed
 * by its segments). */
static gboolean
read_section_table (const guint8     *data,
                    gsize             size,
                    const Elf64_Ehdr *ehdr,
                    guint64          *n_sections)
{
  Elf64_Shdr first;

  if (ehdr->e_shoff == 0 || ehdr->e_shentsize < sizeof (Elf64_Shdr))
    return FALSE;
  if (!in_file (size, ehdr->e_shoff, sizeof first))
    return FALSE;
  *n_sections = ehdr->e_shnum;
  /* Past 0xff00 sections the count lives in the first header's size. */
  if (*n_sections == 0)
    {
      memcpy (&first, data + ehdr->e_shoff, sizeof first);
      *n_sections = first.sh_size;
    }
  return *n_sections > 0
         && *n_sections <= (size - ehdr->e_shoff) / ehdr->e_shentsize;
}

static void
read_section (const guint8     *data,
              const Elf64_Ehdr *ehdr,
              guint64           index,
              Elf64_Shdr       *shdr)
{
  memcpy (shdr, data + ehdr->e_shoff + index * ehdr->e_shentsize, sizeof *shdr);
}

/* Reads the sized data objects of the first table of @type; FALSE when
 * there is no such table, or it or its string table is not whole. */
static gboolean
read_symbols (WeftElf          *self,
              const guint8     *data,
              gsize             size,
              const Elf64_Ehdr *ehdr,
              guint64           n_sections,
              guint32           type)
{
  g_autoptr(GArray) candidates = NULL;
  Elf64_Shdr table, strings, home;
  guint64 i, n_symbols;
  const char *strtab;
  Candidate *last = NULL;

  for (i = 0; i < n_sections; i++)
    {
      read_section (data, ehdr, i, &table);
      if (table.sh_type == type)
        break;
    }
  if (i == n_sections)
    return FALSE;

  if (table.sh_entsize < sizeof (Elf64_Sym)
      || !in_file (size, table.sh_offset, table.sh_size)
      || table.sh_link >= n_sections)
    return FALSE;
  read_section (data, ehdr, table.sh_link, &strings);
  if (strings.sh_type != SHT_STRTAB || strings.sh_size == 0
      || !in_file (size, strings.sh_offset, strings.sh_size))
    return FALSE;
  strtab = (const char *) data + strings.sh_offset;

  candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  n_symbols = table.sh_size / table.sh_entsize;
  for (i = 0; i < n_symbols; i++)
    {
      Elf64_Sym sym;
      Candidate c;
      const char *end, *at;

      memcpy (&sym, data + table.sh_offset + i * table.sh_entsize, sizeof sym);
      /* Thread-local objects (STT_TLS) have a copy per thread, at an
       * address no table says: they are not named. */
      if (ELF64_ST_TYPE (sym.st_info) != STT_OBJECT || sym.st_size == 0
          || sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE
          || sym.st_shndx >= n_sections
          || sym.st_value > G_MAXUINT64 - sym.st_size
          || sym.st_name >= strings.sh_size)
        continue;
      read_section (data, ehdr, sym.st_shndx, &home);
      if ((home.sh_flags & SHF_ALLOC) == 0
          || (home.sh_flags & (SHF_EXECINSTR | SHF_TLS)) != 0)
        continue;

      c.name = strtab + sym.st_name;
      end = memchr (c.name, '\0', strings.sh_size - sym.st_name);
      if (end == NULL || end == c.name)
        continue;
      /* The static linker writes a versioned name (stdout@GLIBC_2.2.5)
       * for a copy of a library's object; the version is not its name. */
      at = memchr (c.name, '@', end - c.name);
      c.name_len = (at != NULL ? at : end) - c.name;
      /* Names go to the window and to JSON, which take UTF-8 only. */
      if (c.name_len == 0 || !g_utf8_validate (c.name, c.name_len, NULL))
        continue;
      c.symbol.addr = sym.st_value;
      c.symbol.size = sym.st_size;
      c.binding = ELF64_ST_BIND (sym.st_info);
      g_array_append_val (candidates, c);
    }

  g_array_sort (candidates, compare_candidates);
  for (i = 0; i < candidates->len; i++)
    {
      Candidate *c = &g_array_index (candidates, Candidate, i);

      /* Of aliases (same address and size), the first is the one shown. */
      if (last != NULL && last->symbol.addr == c->symbol.addr
          && last->symbol.size == c->symbol.size)
        continue;
      last = c;
      c->symbol.name = self->names->len;
      g_string_append_len (self->names, c->name, c->name_len);
      g_string_append_c (self->names, '\0');
      c->symbol.max_end = c->symbol.addr + c->symbol.size;
      if (self->symbols->len > 0)
        c->symbol.max_end = MAX (c->symbol.max_end,
                                 g_array_index (self->symbols, Symbol, self->symbols->len - 1).max_end);
      g_array_append_val (self->symbols, c->symbol);
    }
  return TRUE;
}

WeftElf *
weft_elf_new_for_data (gconstpointer   data,
                       gsize           size,
                       GError        **error)
{
  const guint8 *bytes = data;
  g_autoptr(WeftElf) self = NULL;
  Elf64_Ehdr ehdr;
  guint64 n_sections;
  guint i;

  g_return_val_if_fail (data != NULL || size == 0, NULL);

  if (size < EI_NIDENT || memcmp (bytes, ELFMAG, SELFMAG) != 0)
    {
      g_set_error_literal (error, WEFT_ELF_ERROR, WEFT_ELF_ERROR_NOT_ELF,
                           "Not an ELF file");
      return NULL;
    }
  /* Structures are copied as they are, so only a file in this
   * machine's byte order can be read. */
  if (bytes[EI_CLASS] != ELFCLASS64 || bytes[EI_DATA] != ELFDATA2LSB
      || G_BYTE_ORDER != G_LITTLE_ENDIAN)
    {
      g_set_error_literal (error, WEFT_ELF_ERROR, WEFT_ELF_ERROR_UNSUPPORTED,
                           "Only 64-bit little-endian ELF files are read");
      return NULL;
    }
  if (size < sizeof ehdr)
    {
      g_set_error_literal (error, WEFT_ELF_ERROR, WEFT_ELF_ERROR_MALFORMED,
                           "The ELF header is cut short");
      return NULL;
    }
  memcpy (&ehdr, bytes, sizeof ehdr);
  if (ehdr.e_type != ET_EXEC && ehdr.e_type != ET_DYN)
    {
      g_set_error_literal (error, WEFT_ELF_ERROR, WEFT_ELF_ERROR_UNSUPPORTED,
                           "Not an executable or a shared library");
      return NULL;
    }
  /* Without its segments a file cannot be placed in a process. */
  if (ehdr.e_phnum == 0 || ehdr.e_phentsize < sizeof (Elf64_Phdr)
      || !in_file (size, ehdr.e_phoff, (guint64) ehdr.e_phnum * ehdr.e_phentsize))
    {
      g_set_error_literal (error, WEFT_ELF_ERROR, WEFT_ELF_ERROR_MALFORMED,
                           "The program headers are missing or cut short");
      return NULL;
    }

  self = g_new0 (WeftElf, 1);
  self->fixed = ehdr.e_type == ET_EXEC;
  self->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  self->symbols = g_array_new (FALSE, FALSE, sizeof (Symbol));
  self->names = g_string_new (NULL);

  for (i = 0; i < ehdr.e_phnum; i++)
    {
      Elf64_Phdr phdr;
      Segment segment;

      memcpy (&phdr, bytes + ehdr.e_phoff + (guint64) i * ehdr.e_phentsize, sizeof phdr);
      if (phdr.p_type != PT_LOAD
          || phdr.p_vaddr > G_MAXUINT64 - phdr.p_memsz
          || phdr.p_offset > G_MAXUINT64 - phdr.p_filesz)
        continue;
      segment.offset = phdr.p_offset;
      segment.vaddr = phdr.p_vaddr;
      segment.file_size = phdr.p_filesz;
      segment.mem_size = phdr.p_memsz;
      g_array_append_val (self->segments, segment);
    }
  if (self->segments->len == 0)
    {
      g_set_error_literal (error, WEFT_ELF_ERROR, WEFT_ELF_ERROR_MALFORMED,
                           "The file has no loadable segment");
      return NULL;
    }

  if (read_section_table (bytes, size, &ehdr, &n_sections)
      && !read_symbols (self, bytes, size, &ehdr, n_sections, SHT_SYMTAB))
    read_symbols (self, bytes, size, &ehdr, n_sections, SHT_DYNSYM);

  return g_steal_pointer (&self);
}

/* Maps the file rather than reading it: a process's libraries can be
 * hundreds of megabytes, of which the headers and symbol tables are a
 * small part.  (Were the file cut short while it is read, the read
 * would fault; the files read are those the process runs, which its
 * user could as well change under the process itself.) */
WeftElf *
weft_elf_new_for_fd (int      fd,
                     GError **error)
{
  g_autoptr(GMappedFile) file = NULL;
  struct stat st;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error_literal (error, WEFT_ELF_ERROR, WEFT_ELF_ERROR_NOT_ELF,
                           "Not a regular file");
      return NULL;
    }
  file = g_mapped_file_new_from_fd (fd, FALSE, error);
  if (file == NULL)
    return NULL;
  return weft_elf_new_for_data (g_mapped_file_get_contents (file),
                                g_mapped_file_get_length (file), error);
}

void
weft_elf_free (WeftElf *self)
{
  /* NULL too: a cache remembers files that are not ELF as NULL. */
  if (self == NULL)
    return;
  g_array_unref (self->segments);
  g_array_unref (self->symbols);
  g_string_free (self->names, TRUE);
  g_free (self);
}

guint
weft_elf_get_n_symbols (WeftElf *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->symbols->len;
}

/* TRUE for an executable linked to run at fixed addresses (not PIE). */
gboolean
weft_elf_is_fixed (WeftElf *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->fixed;
}

/* The addresses the file's segments occupy, as linked (before any
 * load bias); @end is exclusive.  A data object's tail in .bss lies
 * past what the file maps, so a lookup places an address by these and
 * not by the process's file mappings. */
gboolean
weft_elf_get_extent (WeftElf *self,
                     guint64 *start,
                     guint64 *end)
{
  guint i;

  g_return_val_if_fail (self != NULL, FALSE);

  *start = G_MAXUINT64;
  *end = 0;
  for (i = 0; i < self->segments->len; i++)
    {
      const Segment *s = &g_array_index (self->segments, Segment, i);

      *start = MIN (*start, s->vaddr);
      *end = MAX (*end, s->vaddr + s->mem_size);
    }
  return *start < *end;
}

/* How far the file's addresses were moved when it was loaded, from one
 * of its mappings in the process: @map_offset is the file offset mapped
 * at @map_start.  Byte X of a segment is at p_vaddr + (X - p_offset) as
 * linked and at map_start + (X - map_offset) in the process, so the
 * difference, the bias, is map_start - map_offset + p_offset - p_vaddr.
 * The segment is the one the loader mapped there: the loader maps each
 * segment from its first page, so that one is sought first; a mapping
 * that begins inside a segment (the loader split it in two to make its
 * relocated part read-only) then takes the segment it lies in.  A fixed
 * executable is not moved. */
gboolean
weft_elf_get_bias (WeftElf *self,
                   guint64  map_start,
                   guint64  map_offset,
                   guint64  page_size,
                   guint64 *bias)
{
  const Segment *found = NULL;
  guint i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (page_size > 0 && (page_size & (page_size - 1)) == 0, FALSE);

  if (self->fixed)
    {
      *bias = 0;
      return TRUE;
    }
  for (i = 0; i < self->segments->len && found == NULL; i++)
    {
      const Segment *s = &g_array_index (self->segments, Segment, i);

      if (s->file_size > 0 && (s->offset & ~(page_size - 1)) == map_offset)
        found = s;
    }
  for (i = 0; i < self->segments->len && found == NULL; i++)
    {
      const Segment *s = &g_array_index (self->segments, Segment, i);

      if (map_offset > s->offset && map_offset < s->offset + s->file_size)
        found = s;
    }
  if (found == NULL)
    return FALSE;
  *bias = map_start - map_offset + found->offset - found->vaddr;
  return TRUE;
}

/* The data object at @vaddr (as linked), and how far into it @vaddr is;
 * NULL when no sized object holds it. */
const char *
weft_elf_lookup (WeftElf *self,
                 guint64  vaddr,
                 guint64 *offset)
{
  const Symbol *symbols;
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, NULL);

  /* The number of symbols that start at or before @vaddr. */
  symbols = (const Symbol *) (gpointer) self->symbols->data;
  hi = self->symbols->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (symbols[mid].addr <= vaddr)
        lo = mid + 1;
      else
        hi = mid;
    }
  /* Walk back to the nearest start whose object reaches @vaddr; once no
   * object at or before this one reaches it, none will. */
  while (lo > 0 && symbols[lo - 1].max_end > vaddr)
    {
      const Symbol *s = &symbols[--lo];

      if (vaddr < s->addr + s->size)
        {
          if (offset != NULL)
            *offset = vaddr - s->addr;
          return self->names->str + s->name;
        }
    }
  return NULL;
}
