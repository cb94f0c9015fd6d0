/* nothreads.c: a program that uses no threads at all
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Known behaviour: prints "hello" and exits 7.  The recorder must stay
 * silent: the output is exactly the program's.
 */

#include <stdio.h>

int
main (void)
{
  puts ("hello");
  return 7;
}
