/* test-symbols.c: a program's objects named by their symbols
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built twice: as a position-independent executable, which the loader
 * moves, and with TEST_FIXED_ADDRESS as one linked to fixed addresses.
 */

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "weft-elf.h"
#include "weft-symbols.h"

#ifndef TEST_FIXED_ADDRESS
#define TEST_FIXED_ADDRESS 0
#endif

/* What a recorded program's objects look like: a global lock, one
 * private to its file, and one inside a global struct. */
pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t quiet_lock = PTHREAD_MUTEX_INITIALIZER;

struct Runtime
{
  char name[0x1a0];
  guint64 generation;
  pthread_mutex_t lock;
  pthread_cond_t ready;
};
struct Runtime runtime;

#define ADDRESS(pointer) ((guint64) (guintptr) (pointer))

static void
assert_name (WeftSymbols   *symbols,
             gconstpointer  pointer,
             const char    *expected)
{
  g_autofree char *name = weft_symbols_lookup (symbols, ADDRESS (pointer));

  g_assert_cmpstr (name, ==, expected);
}

static void
assert_own_globals (WeftSymbols *symbols)
{
  g_autofree char *in_runtime = g_strdup_printf ("runtime+0x%zx", G_STRUCT_OFFSET (struct Runtime, lock));

  g_assert_cmpstr (in_runtime, ==, "runtime+0x1a8");
  assert_name (symbols, &table_lock, "table_lock");
  assert_name (symbols, &quiet_lock, "quiet_lock");
  assert_name (symbols, &runtime.lock, in_runtime);
  assert_name (symbols, &runtime, "runtime");
  assert_name (symbols, (const char *) &table_lock + 8, "table_lock+0x8");
}

/* libc's own stdout and __environ, not a copy the executable may have
 * of them: asked of libc, dlsym looks in libc and what it depends on. */
static gpointer
libc_symbol (const char *name)
{
  void *libc = dlopen ("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
  gpointer address;

  g_assert_nonnull (libc);
  address = dlsym (libc, name);
  g_assert_nonnull (address);
  dlclose (libc);
  return address;
}

static void
test_own_globals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSymbols) symbols = weft_symbols_new_for_pid (getpid (), &error);
  g_autofree pthread_mutex_t *on_heap = g_new0 (pthread_mutex_t, 1);
  pthread_mutex_t on_stack;
  g_autoptr(WeftElf) exe = NULL;
  int fd;

  g_assert_no_error (error);
  assert_own_globals (symbols);

  /* Only data objects with a size are named. */
  assert_name (symbols, on_heap, NULL);
  assert_name (symbols, &on_stack, NULL);
  assert_name (symbols, (gconstpointer) (guintptr) test_own_globals, NULL);
  assert_name (symbols, NULL, NULL);
  assert_name (symbols, (gconstpointer) (guintptr) G_MAXUINT64, NULL);

  /* The test was built as it says: a moved or a fixed executable. */
  fd = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  exe = weft_elf_new_for_fd (fd, &error);
  close (fd);
  g_assert_no_error (error);
  g_assert_cmpint (weft_elf_is_fixed (exe), ==, TEST_FIXED_ADDRESS);
}

static void
test_library (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSymbols) symbols = weft_symbols_new_for_pid (getpid (), &error);

  g_assert_no_error (error);
  assert_name (symbols, libc_symbol ("stdout"), "stdout");
  assert_name (symbols, (const char *) libc_symbol ("_IO_2_1_stdout_") + 0x10, "_IO_2_1_stdout_+0x10");
  /* environ, _environ and __environ are one object: the name written. */
  assert_name (symbols, libc_symbol ("__environ"), "environ");
}

/* A child left behind by a failed test would hold the test's output
 * open, and the test runner would wait for it. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* A forked child has the same addresses: its snapshot names them while
 * it runs, and after it has exited, reaped or not. */
static void
test_child (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSymbols) symbols = NULL;
  siginfo_t info;
  pid_t child;

  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      die_with_parent (NULL);
      for (;;)
        pause ();
    }

  symbols = weft_symbols_new_for_pid (child, &error);
  g_assert_no_error (error);
  assert_own_globals (symbols);
  g_assert_true (weft_symbols_refresh (symbols, &error));
  g_assert_no_error (error);

  g_assert_cmpint (kill (child, SIGKILL), ==, 0);
  /* Exited, not reaped yet: its number is its own but its maps are empty. */
  g_assert_cmpint (waitid (P_PID, child, &info, WEXITED | WNOWAIT), ==, 0);
  g_assert_false (weft_symbols_refresh (symbols, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  assert_own_globals (symbols);

  g_assert_cmpint (waitpid (child, NULL, 0), ==, child);
  g_assert_false (weft_symbols_refresh (symbols, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_own_globals (symbols);

  g_assert_null (weft_symbols_new_for_pid (child, &error));
  g_assert_nonnull (error);
}

/* Whether this process may open /proc/PID/map_files, which takes
 * privilege: the only way to a file deleted since it was mapped. */
static gboolean
can_open_map_files (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/map_files", 0, NULL);
  g_autofree char *path = NULL;
  const char *name;
  int fd;

  name = dir != NULL ? g_dir_read_name (dir) : NULL;
  if (name == NULL)
    return FALSE;
  path = g_build_filename ("/proc/self/map_files", name, NULL);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

/* A program deleted while it runs, as when it is rebuilt: its own
 * objects are named only through map_files, and never from whatever
 * now has its name; its libraries are named as before. */
static void
test_deleted_executable (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftSymbols) symbols = NULL;
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *copy_name = g_strdup_printf ("test-symbols-copy-%d", (int) getpid ());
  g_autofree char *copy = g_test_build_filename (G_TEST_BUILT, copy_name, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *own_name = NULL;
  const char *argv[] = { copy, "--wait", NULL };
  unsigned long long lock_address, stdout_address;
  char line[128];
  gsize length, got = 0;
  GPid child;
  int out;

  g_assert_true (g_file_get_contents (exe, &contents, &length, &error));
  g_assert_true (g_file_set_contents_full (copy, contents, length,
                                           G_FILE_SET_CONTENTS_NONE, 0755, &error));
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                           G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
                                           &child, NULL, &out, NULL, &error));
  while (got < sizeof line - 1 && memchr (line, '\n', got) == NULL)
    {
      gssize n = read (out, line + got, sizeof line - 1 - got);

      g_assert_cmpint (n, >, 0);
      got += n;
    }
  line[got] = '\0';
  close (out);
  g_assert_cmpint (sscanf (line, "%llx %llx", &lock_address, &stdout_address), ==, 2);
  g_assert_cmpint (g_unlink (copy), ==, 0);
  /* Another file where the program was. */
  g_assert_true (g_file_set_contents_full (copy, contents, length,
                                           G_FILE_SET_CONTENTS_NONE, 0755, &error));
  symbols = weft_symbols_new_for_pid (child, &error);
  g_unlink (copy);
  g_assert_no_error (error);
  own_name = weft_symbols_lookup (symbols, lock_address);
  g_assert_cmpstr (own_name, ==, can_open_map_files () ? "table_lock" : NULL);
  g_test_message ("deleted executable's lock: %s", own_name ? own_name : "(no name)");
  assert_name (symbols, (gconstpointer) (guintptr) stdout_address, "stdout");

  kill (child, SIGKILL);
  waitpid (child, NULL, 0);
  g_spawn_close_pid (child);
}

/* A small shared library laid out by hand, every field known: two
 * segments in the old layout where the data segment begins on the page
 * where code ends, and symbols of every kind. */
typedef struct
{
  const char *name;
  guint8 type;
  guint8 binding;
  guint16 section;
  guint64 value;
  guint64 size;
} HandSymbol;

enum { S_NULL, S_TEXT, S_DATA, S_TBSS, S_SYMTAB, S_STRTAB, N_SECTIONS };

static const HandSymbol hand_symbols[] = {
  { "", STT_NOTYPE, STB_LOCAL, SHN_UNDEF, 0, 0 },
  { "outer", STT_OBJECT, STB_GLOBAL, S_DATA, 0x202000, 0x100 },
  { "inner", STT_OBJECT, STB_LOCAL, S_DATA, 0x202040, 0x10 },
  { "__alias", STT_OBJECT, STB_GLOBAL, S_DATA, 0x202200, 8 },
  { "alias", STT_OBJECT, STB_WEAK, S_DATA, 0x202200, 8 },
  { "copied@GLIBC_2.2.5", STT_OBJECT, STB_GLOBAL, S_DATA, 0x202300, 8 },
  { "function", STT_FUNC, STB_GLOBAL, S_TEXT, 0x1000, 0x20 },
  { "per_thread", STT_TLS, STB_GLOBAL, S_TBSS, 0, 8 },
  { "in_code", STT_OBJECT, STB_LOCAL, S_TEXT, 0x1100, 8 },
  { "marker", STT_OBJECT, STB_GLOBAL, S_DATA, 0x202400, 0 },
  { "absolute", STT_OBJECT, STB_GLOBAL, SHN_ABS, 0x202500, 8 },
  { "undefined", STT_OBJECT, STB_GLOBAL, SHN_UNDEF, 0, 8 },
};

static GByteArray *
hand_made_library (void)
{
  GByteArray *file = g_byte_array_new ();
  g_autoptr(GByteArray) strtab = g_byte_array_new ();
  Elf64_Ehdr ehdr = { 0 };
  Elf64_Phdr phdr[2] = { { 0 } };
  Elf64_Shdr shdr[N_SECTIONS] = { { 0 } };
  guint32 names[G_N_ELEMENTS (hand_symbols)];
  guint64 strtab_at, symtab_at;
  guint i;

  memcpy (ehdr.e_ident, ELFMAG, SELFMAG);
  ehdr.e_ident[EI_CLASS] = ELFCLASS64;
  ehdr.e_ident[EI_DATA] = ELFDATA2LSB;
  ehdr.e_ident[EI_VERSION] = EV_CURRENT;
  ehdr.e_type = ET_DYN;
  ehdr.e_machine = EM_X86_64;
  ehdr.e_version = EV_CURRENT;
  ehdr.e_ehsize = sizeof ehdr;
  ehdr.e_phoff = sizeof ehdr;
  ehdr.e_phentsize = sizeof (Elf64_Phdr);
  ehdr.e_phnum = G_N_ELEMENTS (phdr);
  ehdr.e_shentsize = sizeof (Elf64_Shdr);
  ehdr.e_shnum = N_SECTIONS;
  ehdr.e_shstrndx = SHN_UNDEF;

  phdr[0] = (Elf64_Phdr) { PT_LOAD, PF_R | PF_X, 0, 0, 0, 0x1e10, 0x1e10, 0x200000 };
  phdr[1] = (Elf64_Phdr) { PT_LOAD, PF_R | PF_W, 0x1e10, 0x201e10, 0x201e10, 0x700, 0x1000, 0x200000 };

  g_byte_array_append (file, (const guint8 *) &ehdr, sizeof ehdr);
  g_byte_array_append (file, (const guint8 *) phdr, sizeof phdr);

  strtab_at = file->len;
  for (i = 0; i < G_N_ELEMENTS (hand_symbols); i++)
    {
      names[i] = strtab->len;
      g_byte_array_append (strtab, (const guint8 *) hand_symbols[i].name,
                           strlen (hand_symbols[i].name) + 1);
    }
  g_byte_array_append (file, strtab->data, strtab->len);
  while (file->len % 8 != 0)
    g_byte_array_append (file, (const guint8 *) "", 1);

  symtab_at = file->len;
  for (i = 0; i < G_N_ELEMENTS (hand_symbols); i++)
    {
      const HandSymbol *h = &hand_symbols[i];
      Elf64_Sym sym = { 0 };

      sym.st_name = names[i];
      sym.st_info = ELF64_ST_INFO (h->binding, h->type);
      sym.st_shndx = h->section;
      sym.st_value = h->value;
      sym.st_size = h->size;
      g_byte_array_append (file, (const guint8 *) &sym, sizeof sym);
    }

  shdr[S_TEXT] = (Elf64_Shdr) { 0, SHT_PROGBITS, SHF_ALLOC | SHF_EXECINSTR, 0x1000, 0x1000, 0xe10, 0, 0, 16, 0 };
  shdr[S_DATA] = (Elf64_Shdr) { 0, SHT_PROGBITS, SHF_ALLOC | SHF_WRITE, 0x201e10, 0x1e10, 0x700, 0, 0, 16, 0 };
  shdr[S_TBSS] = (Elf64_Shdr) { 0, SHT_NOBITS, SHF_ALLOC | SHF_WRITE | SHF_TLS, 0x202510, 0x2510, 8, 0, 0, 8, 0 };
  shdr[S_SYMTAB] = (Elf64_Shdr) { 0, SHT_SYMTAB, 0, 0, symtab_at, file->len - symtab_at, S_STRTAB, 1, 8, sizeof (Elf64_Sym) };
  shdr[S_STRTAB] = (Elf64_Shdr) { 0, SHT_STRTAB, 0, 0, strtab_at, strtab->len, 0, 0, 1, 0 };
  ehdr.e_shoff = file->len;
  memcpy (file->data, &ehdr, sizeof ehdr);
  g_byte_array_append (file, (const guint8 *) shdr, sizeof shdr);
  return file;
}

static void
assert_elf_name (WeftElf    *elf,
                 guint64     vaddr,
                 const char *expected,
                 guint64     expected_offset)
{
  guint64 offset = G_MAXUINT64;

  g_assert_cmpstr (weft_elf_lookup (elf, vaddr, &offset), ==, expected);
  if (expected != NULL)
    g_assert_cmpuint (offset, ==, expected_offset);
}

static void
test_hand_made (void)
{
  g_autoptr(GByteArray) file = hand_made_library ();
  g_autoptr(GError) error = NULL;
  g_autoptr(WeftElf) elf = weft_elf_new_for_data (file->data, file->len, &error);
  const guint64 base = 0x7f0012340000;
  guint64 bias = 0, start, end;
  Elf64_Shdr symtab;

  g_assert_no_error (error);
  g_assert_false (weft_elf_is_fixed (elf));
  /* outer, inner, alias (once for three names) and copied. */
  g_assert_cmpuint (weft_elf_get_n_symbols (elf), ==, 4);
  assert_elf_name (elf, 0x202000, "outer", 0);
  assert_elf_name (elf, 0x202040, "inner", 0);
  assert_elf_name (elf, 0x20204f, "inner", 0xf);
  assert_elf_name (elf, 0x202050, "outer", 0x50);
  assert_elf_name (elf, 0x2020ff, "outer", 0xff);
  assert_elf_name (elf, 0x202100, NULL, 0);
  assert_elf_name (elf, 0x202200, "alias", 0);
  assert_elf_name (elf, 0x202307, "copied", 7);
  assert_elf_name (elf, 0x1000, NULL, 0);
  assert_elf_name (elf, 0x1100, NULL, 0);
  assert_elf_name (elf, 0x202400, NULL, 0);
  assert_elf_name (elf, 0x202500, NULL, 0);
  assert_elf_name (elf, 0, NULL, 0);

  g_assert_true (weft_elf_get_extent (elf, &start, &end));
  g_assert_cmphex (start, ==, 0);
  g_assert_cmphex (end, ==, 0x202e10);
  /* Every mapping the loader makes gives the same bias: the code's, the
   * data's from its first page (which the code's last page shares in
   * the file), and the data's read-write part split off after RELRO. */
  g_assert_true (weft_elf_get_bias (elf, base, 0, 0x1000, &bias));
  g_assert_cmphex (bias, ==, base);
  bias = 0;
  g_assert_true (weft_elf_get_bias (elf, base + 0x201000, 0x1000, 0x1000, &bias));
  g_assert_cmphex (bias, ==, base);
  bias = 0;
  g_assert_true (weft_elf_get_bias (elf, base + 0x202000, 0x2000, 0x1000, &bias));
  g_assert_cmphex (bias, ==, base);
  /* No segment is mapped from there. */
  g_assert_false (weft_elf_get_bias (elf, base + 0x300000, 0x5000, 0x1000, &bias));

  /* Stripped: the same symbols, read from the dynamic symbol table. */
  memcpy (&symtab, file->data + file->len - (N_SECTIONS - S_SYMTAB) * sizeof symtab, sizeof symtab);
  symtab.sh_type = SHT_DYNSYM;
  memcpy (file->data + file->len - (N_SECTIONS - S_SYMTAB) * sizeof symtab, &symtab, sizeof symtab);
  g_clear_pointer (&elf, weft_elf_free);
  elf = weft_elf_new_for_data (file->data, file->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weft_elf_get_n_symbols (elf), ==, 4);
  assert_elf_name (elf, 0x202050, "outer", 0x50);

  /* An executable linked to fixed addresses is never moved. */
  ((Elf64_Ehdr *) (gpointer) file->data)->e_type = ET_EXEC;
  g_clear_pointer (&elf, weft_elf_free);
  elf = weft_elf_new_for_data (file->data, file->len, &error);
  g_assert_no_error (error);
  g_assert_true (weft_elf_is_fixed (elf));
  g_assert_true (weft_elf_get_bias (elf, base + 0x201000, 0x1000, 0x1000, &bias));
  g_assert_cmphex (bias, ==, 0);
}

/* Parses an exact-size copy, so that AddressSanitizer sees any read
 * past the end; returns the number of names found, or -1. */
static int
parse_copy (const guint8 *data,
            gsize         size)
{
  g_autofree guint8 *copy = g_memdup2 (data, size);
  g_autoptr(WeftElf) elf = weft_elf_new_for_data (copy != NULL ? copy : data, size, NULL);
  guint64 start, end, bias, offset, vaddr;

  if (elf == NULL)
    return -1;
  /* Whatever was read must be safe to use. */
  weft_elf_get_extent (elf, &start, &end);
  weft_elf_get_bias (elf, 0x7f0000000000, 0, 0x1000, &bias);
  for (vaddr = 0x201f00; vaddr < 0x202600; vaddr += 0x10)
    weft_elf_lookup (elf, vaddr, &offset);
  weft_elf_lookup (elf, G_MAXUINT64, &offset);
  return weft_elf_get_n_symbols (elf);
}

static void
test_malformed (void)
{
  g_autoptr(GByteArray) file = hand_made_library ();
  g_autoptr(GError) error = NULL;
  g_autofree char *exe = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  gsize exe_size, size, i;
  const gsize exe_cuts[] = { 0, 1, 4, 16, 63, 64, 120, 4096 };
  guint8 header[sizeof (Elf64_Ehdr)];
  guint rounds = g_getenv ("WEFT_TEST_LIGHT") != NULL ? 5000 : 50000;

  /* Not ELF, or not an ELF this reads. */
  g_assert_null (weft_elf_new_for_data ("hello", 5, &error));
  g_assert_error (error, WEFT_ELF_ERROR, WEFT_ELF_ERROR_NOT_ELF);
  g_clear_error (&error);
  memcpy (header, file->data, sizeof header);
  header[EI_CLASS] = ELFCLASS32;
  g_assert_null (weft_elf_new_for_data (header, sizeof header, &error));
  g_assert_error (error, WEFT_ELF_ERROR, WEFT_ELF_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* The section headers come last: cut anywhere, no name is left. */
  for (size = 0; size < file->len; size++)
    g_assert_cmpint (parse_copy (file->data, size), <=, 0);
  g_assert_cmpint (parse_copy (file->data, file->len), ==, 4);

  /* The same for a real executable, this one. */
  g_assert_true (g_file_get_contents ("/proc/self/exe", &exe, &exe_size, NULL));
  g_assert_cmpint (parse_copy ((const guint8 *) exe, exe_size), >, 0);
  for (i = 0; i < G_N_ELEMENTS (exe_cuts); i++)
    g_assert_cmpint (parse_copy ((const guint8 *) exe, exe_cuts[i]), <=, 0);
  g_assert_cmpint (parse_copy ((const guint8 *) exe, exe_size / 2), <=, 0);
  g_assert_cmpint (parse_copy ((const guint8 *) exe, exe_size - 1), <=, 0);

  /* Garbled: a few bytes anywhere in the small file set to anything,
   * often to the extremes.  Nothing is asserted but that it is read
   * without a fault, which the sanitizer builds watch. */
  for (i = 0; i < rounds; i++)
    {
      g_autofree guint8 *garbled = g_memdup2 (file->data, file->len);
      guint n = g_rand_int_range (rand, 1, 5), j;

      for (j = 0; j < n; j++)
        {
          guint at = g_rand_int_range (rand, 0, file->len);

          switch (g_rand_int_range (rand, 0, 3))
            {
            case 0: garbled[at] = 0xff; break;
            case 1: garbled[at] = 0; break;
            default: garbled[at] = g_rand_int_range (rand, 0, 256); break;
            }
        }
      parse_copy (garbled, file->len);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* The copy test_deleted_executable runs: says where its lock and
   * libc's stdout are, then waits to be looked at. */
  if (argc == 2 && strcmp (argv[1], "--wait") == 0)
    {
      printf ("%llx %llx\n", (unsigned long long) ADDRESS (&table_lock),
              (unsigned long long) ADDRESS (libc_symbol ("stdout")));
      fflush (stdout);
      for (;;)
        pause ();
    }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/symbols/own-globals", test_own_globals);
  g_test_add_func ("/symbols/library", test_library);
  g_test_add_func ("/symbols/child", test_child);
  g_test_add_func ("/symbols/deleted-executable", test_deleted_executable);
  g_test_add_func ("/symbols/elf/hand-made", test_hand_made);
  g_test_add_func ("/symbols/elf/malformed", test_malformed);
  return g_test_run ();
}
