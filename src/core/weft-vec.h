/* weft-vec.h: a growable array that gives memory back
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline must stay within a memory budget however long a run goes
 * on, by letting go of its oldest items.  A GArray cannot help there: it
 * rounds its block up to a power of two, up to twice what it holds, and
 * never shrinks it, so removing items frees nothing.  This array grows
 * by half at a time and, when asked, shrinks to what it holds plus a
 * quarter to grow into, so what the timeline counts it can also free.
 */

#pragma once

#include <glib.h>
#include <string.h>

G_BEGIN_DECLS

typedef struct
{
  gpointer data;
  guint len;
  guint capacity;     /* items the block has room for */
  guint elt_size;
  /* Items ever removed from the front: whoever keeps an index into the
   * array (the check fold's cursors) moves it back by what went since. */
  guint64 n_removed;
} WeftVec;

void     weft_vec_init          (WeftVec       *vec,
                                 guint          elt_size);
void     weft_vec_clear         (WeftVec       *vec);
void     weft_vec_grow          (WeftVec       *vec,
                                 guint          n_more);
void     weft_vec_insert        (WeftVec       *vec,
                                 guint          index,
                                 gconstpointer  item);
void     weft_vec_remove_front  (WeftVec       *vec,
                                 guint          n);
void     weft_vec_truncate      (WeftVec       *vec,
                                 guint          len);
void     weft_vec_shrink        (WeftVec       *vec);
void     weft_vec_shrink_if_sparse (WeftVec    *vec);
gsize    weft_vec_get_memory    (const WeftVec *vec);
gsize    weft_vec_memory_after_remove_front (const WeftVec *vec,
                                             guint          n);

/* Copies @item to the end and returns where it now lives. */
static inline gpointer
weft_vec_append (WeftVec       *vec,
                 gconstpointer  item)
{
  gpointer slot;

  if (G_UNLIKELY (vec->len == vec->capacity))
    weft_vec_grow (vec, 1);
  slot = (guint8 *) vec->data + (gsize) vec->len * vec->elt_size;
  memcpy (slot, item, vec->elt_size);
  vec->len++;
  return slot;
}

#define weft_vec_items(vec, type) ((type *) (gpointer) (vec)->data)
#define weft_vec_index(vec, type, i) (weft_vec_items (vec, type)[i])
#define weft_vec_last(vec, type) (&weft_vec_items (vec, type)[(vec)->len - 1])

G_END_DECLS
