/* test-data.c: Weft as a desktop citizen: files, validators, install
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "test-files.h"

#define APP_ID "io.github.weft.Weft"

static const char *
build_root (void)
{
  return g_getenv ("WEFT_BUILD_ROOT");
}

static const char *
source_root (void)
{
  return g_getenv ("WEFT_SOURCE_ROOT");
}

/* Runs a command; returns its exit status, with what it printed. */
static int
run (char       **output,
     const char  *first,
     ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (output != NULL)
    *output = g_strconcat (out ? out : "", err ? err : "", NULL);
  g_test_message ("%s: %s%s", first, out ? out : "", err ? err : "");
  return g_subprocess_get_exit_status (process);
}

static void
test_desktop_file (void)
{
  g_autofree char *path = g_build_filename (build_root (), "data", APP_ID ".desktop", NULL);
  g_autofree char *output = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) categories = NULL;
  g_autofree char *persian = NULL;
  g_autofree char *exec = NULL;
  g_autofree char *icon = NULL;
  g_autofree char *comment = NULL;

  g_assert_cmpint (run (&output, "desktop-file-validate", path, NULL), ==, 0);
  g_assert_null (strstr (output, "error:"));

  g_key_file_load_from_file (keys, path, G_KEY_FILE_KEEP_TRANSLATIONS, &error);
  g_assert_no_error (error);
  exec = g_key_file_get_string (keys, "Desktop Entry", "Exec", NULL);
  icon = g_key_file_get_string (keys, "Desktop Entry", "Icon", NULL);
  comment = g_key_file_get_string (keys, "Desktop Entry", "Comment", NULL);
  /* Files given to it (Open With) are passed on, so Flatpak forwards them. */
  g_assert_cmpstr (exec, ==, "weft %U");
  g_assert_cmpstr (icon, ==, APP_ID);
  categories = g_key_file_get_string_list (keys, "Desktop Entry", "Categories", NULL, NULL);
  g_assert_true (g_strv_contains ((const char * const *) categories, "Development"));
  g_assert_true (g_strv_contains ((const char * const *) categories, "Education"));
  g_assert_true (g_key_file_has_key (keys, "Desktop Entry", "Keywords", NULL));
  /* Name and Comment come translated from the .po files. */
  persian = g_key_file_get_locale_string (keys, "Desktop Entry", "Comment", "fa", NULL);
  g_assert_nonnull (persian);
  g_assert_cmpstr (persian, !=, comment);
}

static void
test_metainfo (void)
{
  g_autofree char *path = g_build_filename (build_root (), "data", APP_ID ".metainfo.xml", NULL);
  g_autofree char *output = NULL;
  g_autofree char *contents = NULL;

  g_assert_cmpint (run (&output, "appstreamcli", "validate", "--no-net", path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  /* The newest release first, the one meson.build names. */
  g_assert_nonnull (strstr (contents, "<releases>\n    <release version=\"0.2.0\""));
  g_assert_nonnull (strstr (contents, "<content_rating type=\"oars-1.1\""));
  g_assert_nonnull (strstr (contents, "<launchable type=\"desktop-id\">" APP_ID ".desktop</launchable>"));
  g_assert_nonnull (strstr (contents, "<branding>"));
  g_assert_nonnull (strstr (contents, "<developer"));
  g_assert_nonnull (strstr (contents, "xml:lang=\"fa\""));
  g_assert_nonnull (strstr (contents, "xml:lang=\"tr\""));
}

/* Each screenshot the metainfo names is in data/screenshots/. */
static void
test_screenshots_exist (void)
{
  g_autofree char *path = g_build_filename (source_root (), "data", APP_ID ".metainfo.xml.in", NULL);
  g_autofree char *contents = NULL;
  const char *marker = "/main/data/screenshots/";
  guint found = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  for (const char *p = strstr (contents, marker); p != NULL; p = strstr (p + 1, marker))
    {
      g_autofree char *name = g_strndup (p + strlen (marker), strcspn (p + strlen (marker), "<"));
      g_autofree char *file = g_build_filename (source_root (), "data", "screenshots", name, NULL);

      g_test_message ("screenshot %s", file);
      g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
      found++;
    }
  g_assert_cmpuint (found, >=, 1);
}

static void
test_schema (void)
{
  g_autofree char *dir = g_build_filename (source_root (), "data", NULL);

  g_assert_cmpint (run (NULL, "glib-compile-schemas", "--strict", "--dry-run", dir, NULL), ==, 0);
}

static void
test_flatpak_manifest (void)
{
  g_autofree char *path = g_build_filename (source_root (), "flatpak", APP_ID ".json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char * const expected_args[] = {
    "--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
  };
  JsonObject *manifest, *module, *source;
  JsonArray *args, *modules, *sources;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  manifest = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (manifest, "id"), ==, APP_ID);
  g_assert_cmpstr (json_object_get_string_member (manifest, "runtime"), ==, "org.gnome.Platform");
  g_assert_cmpstr (json_object_get_string_member (manifest, "sdk"), ==, "org.gnome.Sdk");
  g_assert_cmpint (g_ascii_strtoll (json_object_get_string_member (manifest, "runtime-version"), NULL, 10), >=, 50);
  g_assert_cmpstr (json_object_get_string_member (manifest, "command"), ==, "weft");

  /* The minimal sandbox, and nothing else: no files, no network. */
  args = json_object_get_array_member (manifest, "finish-args");
  g_assert_cmpuint (json_array_get_length (args), ==, G_N_ELEMENTS (expected_args));
  for (guint i = 0; i < G_N_ELEMENTS (expected_args); i++)
    g_assert_cmpstr (json_array_get_string_element (args, i), ==, expected_args[i]);
  g_assert_true (json_object_has_member (manifest, "cleanup"));

  modules = json_object_get_array_member (manifest, "modules");
  g_assert_cmpuint (json_array_get_length (modules), ==, 1);
  module = json_array_get_object_element (modules, 0);
  g_assert_cmpstr (json_object_get_string_member (module, "name"), ==, "weft");
  g_assert_cmpstr (json_object_get_string_member (module, "buildsystem"), ==, "meson");
  sources = json_object_get_array_member (module, "sources");
  source = json_array_get_object_element (sources, 0);
  g_assert_cmpstr (json_object_get_string_member (source, "type"), ==, "dir");
  g_assert_cmpstr (json_object_get_string_member (source, "path"), ==, "..");
}

/* Whether a source file holds a string marked for translation. */
static gboolean
has_marked_strings (const char *path,
                    GRegex     *c_marks)
{
  g_autofree char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;
  if (g_str_has_suffix (path, ".ui"))
    return strstr (contents, "translatable=\"yes\"") != NULL;
  if (g_str_has_suffix (path, ".gschema.xml"))
    return strstr (contents, "<summary>") != NULL || strstr (contents, "<description>") != NULL;
  if (g_str_has_suffix (path, ".desktop.in") || g_str_has_suffix (path, ".metainfo.xml.in"))
    return TRUE;
  return g_regex_match (c_marks, contents, 0, NULL);
}

static void
collect_sources (const char *root,
                 const char *relative,
                 GPtrArray  *out)
{
  g_autofree char *dir_path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = *relative ? g_build_filename (relative, name, NULL) : g_strdup (name);
      g_autofree char *full = g_build_filename (root, child, NULL);

      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        collect_sources (root, child, out);
      else if (g_str_has_suffix (name, ".c") || g_str_has_suffix (name, ".ui") ||
               g_str_has_suffix (name, ".desktop.in") || g_str_has_suffix (name, ".metainfo.xml.in") ||
               g_str_has_suffix (name, ".gschema.xml"))
        g_ptr_array_add (out, g_steal_pointer (&child));
    }
}

/* POTFILES.in lists every file with a marked string, and only files
 * that exist: a new file with strings fails here until it is listed. */
static void
test_potfiles_complete (void)
{
  g_autofree char *potfiles_path = g_build_filename (source_root (), "po", "POTFILES.in", NULL);
  g_autofree char *potfiles = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GRegex) c_marks = g_regex_new ("(^|[^A-Za-z0-9_])(_|N_|C_|NC_|g_dngettext|g_dpgettext2)\\s*\\(",
                                           G_REGEX_MULTILINE, 0, NULL);
  g_auto(GStrv) lines = NULL;
  guint missing = 0;

  g_assert_true (g_file_get_contents (potfiles_path, &potfiles, NULL, NULL));
  lines = g_strsplit (potfiles, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *full = NULL;
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      full = g_build_filename (source_root (), line, NULL);
      if (!g_file_test (full, G_FILE_TEST_IS_REGULAR))
        g_error ("POTFILES.in lists %s, which does not exist", line);
      g_hash_table_add (listed, g_strdup (line));
    }

  collect_sources (source_root (), "src", sources);
  collect_sources (source_root (), "ui", sources);
  collect_sources (source_root (), "data", sources);
  for (guint i = 0; i < sources->len; i++)
    {
      const char *relative = g_ptr_array_index (sources, i);
      g_autofree char *full = g_build_filename (source_root (), relative, NULL);

      if (has_marked_strings (full, c_marks) && !g_hash_table_contains (listed, relative))
        {
          g_test_message ("%s has strings marked for translation but is not in po/POTFILES.in", relative);
          missing++;
        }
    }
  g_assert_cmpuint (sources->len, >, 20);
  g_assert_cmpuint (missing, ==, 0);
}

/* meson install puts everything in the standard places. */
static void
test_install (void)
{
  g_autofree char *destdir = g_dir_make_tmp ("weft-install-XXXXXX", NULL);
  g_autofree char *destdir_arg = g_strdup_printf ("--destdir=%s", destdir);
  g_autofree char *output = NULL;
  const char *prefix = g_getenv ("WEFT_PREFIX");
  const char * const paths[] = {
    "bin/weft",
    "share/applications/" APP_ID ".desktop",
    "share/metainfo/" APP_ID ".metainfo.xml",
    "share/icons/hicolor/scalable/apps/" APP_ID ".svg",
    "share/icons/hicolor/symbolic/apps/" APP_ID "-symbolic.svg",
    "share/glib-2.0/schemas/" APP_ID ".gschema.xml",
    "share/locale/fa/LC_MESSAGES/weft.mo",
    "share/locale/tr/LC_MESSAGES/weft.mo",
  };

  g_assert_nonnull (prefix);
  g_assert_cmpint (run (&output, "meson", "install", "--no-rebuild", "--quiet", "-C", build_root (),
                        destdir_arg, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *installed = g_build_filename (destdir, prefix, paths[i], NULL);
      GStatBuf st;

      g_test_message ("installed: %s", installed);
      g_assert_cmpint (g_stat (installed, &st), ==, 0);
      g_assert_cmpint (st.st_size, >, 0);
    }
  test_remove_tree (destdir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (build_root ());
  g_assert_nonnull (source_root ());

  g_test_add_func ("/data/desktop-file", test_desktop_file);
  g_test_add_func ("/data/metainfo", test_metainfo);
  g_test_add_func ("/data/screenshots-exist", test_screenshots_exist);
  g_test_add_func ("/data/schema", test_schema);
  g_test_add_func ("/data/flatpak-manifest", test_flatpak_manifest);
  g_test_add_func ("/data/potfiles-complete", test_potfiles_complete);
  g_test_add_func ("/data/install", test_install);

  return g_test_run ();
}
