/* weft-vec.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "weft-vec.h"

#include <malloc.h>

#define MIN_CAPACITY 16u

void
weft_vec_init (WeftVec *vec,
               guint    elt_size)
{
  memset (vec, 0, sizeof *vec);
  vec->elt_size = elt_size;
}

void
weft_vec_clear (WeftVec *vec)
{
  g_clear_pointer (&vec->data, g_free);
  vec->len = vec->capacity = 0;
}

static void
set_capacity (WeftVec *vec,
              guint    capacity)
{
  vec->data = g_realloc_n (vec->data, capacity, vec->elt_size);
  vec->capacity = capacity;
}

/* Room for @n_more items: by half again at least, so appends cost
 * amortised constant time while what is reserved and not used stays
 * under a third of the block (a doubling array's is up to half). */
void
weft_vec_grow (WeftVec *vec,
               guint    n_more)
{
  guint64 want = (guint64) vec->len + n_more;
  guint64 capacity = MAX ((guint64) vec->capacity + vec->capacity / 2, MIN_CAPACITY);

  if (want <= vec->capacity)
    return;
  if (want > G_MAXUINT)
    g_error ("adding %u items to an array of %u would overflow", n_more, vec->len);
  set_capacity (vec, (guint) CLAMP (capacity, want, G_MAXUINT));
}

void
weft_vec_insert (WeftVec       *vec,
                 guint          index,
                 gconstpointer  item)
{
  guint8 *at;

  g_return_if_fail (index <= vec->len);

  if (vec->len == vec->capacity)
    weft_vec_grow (vec, 1);
  at = (guint8 *) vec->data + (gsize) index * vec->elt_size;
  memmove (at + vec->elt_size, at, (gsize) (vec->len - index) * vec->elt_size);
  memcpy (at, item, vec->elt_size);
  vec->len++;
}

/* Drops the first @n items; the block keeps its size until shrunk. */
void
weft_vec_remove_front (WeftVec *vec,
                       guint    n)
{
  g_return_if_fail (n <= vec->len);

  if (n == 0)
    return;
  memmove (vec->data, (guint8 *) vec->data + (gsize) n * vec->elt_size,
           (gsize) (vec->len - n) * vec->elt_size);
  vec->len -= n;
  vec->n_removed += n;
}

void
weft_vec_truncate (WeftVec *vec,
                   guint    len)
{
  g_return_if_fail (len <= vec->len);
  vec->len = len;
}

static guint
fitted_capacity (guint len)
{
  return len == 0 ? 0 : MAX (len + len / 4, MIN_CAPACITY);
}

/* Gives back what is reserved beyond what is held and a quarter more,
 * the quarter so that the next appends need not grow it at once. */
void
weft_vec_shrink (WeftVec *vec)
{
  guint fitted = fitted_capacity (vec->len);

  if (vec->capacity <= fitted)
    return;
  if (fitted == 0)
    weft_vec_clear (vec);
  else
    set_capacity (vec, fitted);
}

/* For a queue that empties as it is read (the timeline's pending
 * events): one burst (a lagging horizon at full speed once held 3.6 MiB
 * of them) must not keep its peak block for the rest of the run.  Only
 * once three quarters of the block stand empty, so that a queue whose
 * length swings by a little is not reallocated on every drain: the
 * block then halves or more, and growing back to it takes as many
 * appends again, so the copies cost O(1) per item.  Blocks of up to
 * SPARSE_FLOOR items are kept whatever they hold: a queue that fills
 * and empties on every drain would otherwise be freed and regrown from
 * nothing each time. */
#define SPARSE_FLOOR 1024u

void
weft_vec_shrink_if_sparse (WeftVec *vec)
{
  if (vec->capacity > SPARSE_FLOOR && vec->len < vec->capacity / 4)
    weft_vec_shrink (vec);
}

/**
 * weft_vec_get_memory:
 *
 * The bytes the allocator holds for the items.  Asked of the allocator
 * (malloc_usable_size() is there for statistics such as this), as the
 * block from g_realloc() may be a little larger than asked.
 */
gsize
weft_vec_get_memory (const WeftVec *vec)
{
  return vec->data != NULL ? malloc_usable_size (vec->data) : 0;
}

/* What the block would take once the first @n items were removed and
 * it was shrunk: for planning how much to let go. */
gsize
weft_vec_memory_after_remove_front (const WeftVec *vec,
                                    guint          n)
{
  guint fitted = fitted_capacity (vec->len - MIN (n, vec->len));

  if (n == 0 || vec->capacity <= fitted)
    return weft_vec_get_memory (vec);
  return (gsize) fitted * vec->elt_size;
}
