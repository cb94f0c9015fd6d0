/* weft-search.h: the one binary search over sorted arrays
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spans, instants, samples and their summaries are all kept sorted by
 * time, and every lookup in them asks the same question: where does the
 * first item that is not yet before some moment sit?  This answers it
 * once, with the item's test passed in, so each caller only says what
 * "before" means for its items.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @item comes wholly before what is sought, described by @key.
 * Over a sorted array it must hold for a prefix and fail from then on. */
typedef gboolean (*WeftBeforeFunc) (gconstpointer item,
                                    gconstpointer key);

/**
 * weft_lower_bound:
 * @items: the sorted array
 * @item_size: bytes per item
 * @lo: the first index to consider
 * @hi: one past the last
 * @before: holds for every item of [@lo, @hi) ahead of the answer, and
 *   for none from it on
 * @key: passed to @before
 *
 * Inline, so that with a static @before the compiler can fold the call
 * into the loop, as if the search were written out for its item type.
 *
 * Returns: the first index in [@lo, @hi) whose item is not @before, or
 *   @hi when every one is
 */
static inline guint
weft_lower_bound (gconstpointer  items,
                  gsize          item_size,
                  guint          lo,
                  guint          hi,
                  WeftBeforeFunc before,
                  gconstpointer  key)
{
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (before ((const guint8 *) items + (gsize) mid * item_size, key))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

G_END_DECLS
