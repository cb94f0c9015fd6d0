/* weft-lane-order.h: the order a timeline's lanes are shown in
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lanes are numbered in the order they appeared, and every event, arrow
 * and gap names its lane by that number, so it never changes.  A program
 * recorded across several processes interleaves them, though: a child's
 * threads come between its parent's.  The rows the chart draws are this
 * order instead: each process's lanes together, processes in the order
 * their first lanes appeared, lanes within a process in theirs.  Lanes of
 * no process (every pattern's) come first, as they appeared.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define WEFT_LANE_NO_PROCESS G_MAXUINT

typedef struct
{
  GArray *lane_process;   /* guint per lane: its process, or WEFT_LANE_NO_PROCESS */
  GArray *row_of_lane;    /* guint per lane */
  GArray *lane_of_row;    /* guint per row */
  GArray *first_row;      /* guint per process, and one past the last: where
                           * its rows begin (the next's begin where it ends) */
  guint n_processes;
} WeftLaneOrder;

void  weft_lane_order_init          (WeftLaneOrder *self);
void  weft_lane_order_clear         (WeftLaneOrder *self);
void  weft_lane_order_add_process   (WeftLaneOrder *self);
void  weft_lane_order_add_lane      (WeftLaneOrder *self,
                                     guint          process);
void  weft_lane_order_set_process   (WeftLaneOrder *self,
                                     guint          lane,
                                     guint          process);
guint weft_lane_order_get_process   (const WeftLaneOrder *self,
                                     guint                lane);
guint weft_lane_order_get_row       (const WeftLaneOrder *self,
                                     guint                lane);
guint weft_lane_order_get_lane      (const WeftLaneOrder *self,
                                     guint                row);
guint weft_lane_order_get_first_row (const WeftLaneOrder *self,
                                     guint                process,
                                     guint               *n_rows);

G_END_DECLS
