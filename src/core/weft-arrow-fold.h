/* weft-arrow-fold.h: counts of a lane's arrows by source, for folding
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "weft-timeline.h"

G_BEGIN_DECLS

typedef struct _WeftArrowIndex WeftArrowIndex;

WeftArrowIndex *weft_arrow_index_new        (void);
void            weft_arrow_index_free       (WeftArrowIndex *index);
void            weft_arrow_index_forget_from (WeftArrowIndex *index,
                                              guint           first_changed);
gsize           weft_arrow_index_get_memory (WeftArrowIndex *index);
guint           weft_arrow_index_find       (WeftArrowIndex    *index,
                                             const WeftArrow   *arrows,
                                             guint              n_arrows,
                                             guint              lo,
                                             gint64             t);
void            weft_arrow_index_fold       (WeftArrowIndex    *index,
                                             const WeftArrow   *arrows,
                                             guint              lo,
                                             guint              hi,
                                             WeftArrowFoldFunc  func,
                                             gpointer           user_data);

G_END_DECLS
