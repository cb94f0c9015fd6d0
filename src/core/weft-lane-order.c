/* weft-lane-order.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "weft-lane-order.h"

#include <string.h>

void
weft_lane_order_init (WeftLaneOrder *self)
{
  self->lane_process = g_array_new (FALSE, FALSE, sizeof (guint));
  self->row_of_lane = g_array_new (FALSE, FALSE, sizeof (guint));
  self->lane_of_row = g_array_new (FALSE, FALSE, sizeof (guint));
  self->first_row = g_array_new (FALSE, TRUE, sizeof (guint));
  self->n_processes = 0;
  g_array_set_size (self->first_row, 1);
}

void
weft_lane_order_clear (WeftLaneOrder *self)
{
  g_clear_pointer (&self->lane_process, g_array_unref);
  g_clear_pointer (&self->row_of_lane, g_array_unref);
  g_clear_pointer (&self->lane_of_row, g_array_unref);
  g_clear_pointer (&self->first_row, g_array_unref);
}

/* A counting sort by process, stable, so lanes keep the order they came
 * in within their process.  Done whole at every change: a run has at
 * most a thousand lanes, and lanes come far less often than frames. */
static void
update (WeftLaneOrder *self)
{
  guint n_lanes = self->lane_process->len;
  guint *first;
  guint none = 0;

  g_array_set_size (self->row_of_lane, n_lanes);
  g_array_set_size (self->lane_of_row, n_lanes);
  g_array_set_size (self->first_row, self->n_processes + 1);
  first = (guint *) self->first_row->data;
  memset (first, 0, (self->n_processes + 1) * sizeof (guint));

  for (guint lane = 0; lane < n_lanes; lane++)
    {
      guint process = g_array_index (self->lane_process, guint, lane);

      if (process == WEFT_LANE_NO_PROCESS)
        none++;
      else
        first[process + 1]++;
    }
  /* Counts to where each process's rows begin, after the lanes of none. */
  first[0] = none;
  for (guint p = 1; p <= self->n_processes; p++)
    first[p] += first[p - 1];

  {
    g_autofree guint *next = g_memdup2 (first, (self->n_processes + 1) * sizeof (guint));
    guint next_none = 0;

    for (guint lane = 0; lane < n_lanes; lane++)
      {
        guint process = g_array_index (self->lane_process, guint, lane);
        guint row = process == WEFT_LANE_NO_PROCESS ? next_none++ : next[process]++;

        g_array_index (self->row_of_lane, guint, lane) = row;
        g_array_index (self->lane_of_row, guint, row) = lane;
      }
  }
}

void
weft_lane_order_add_process (WeftLaneOrder *self)
{
  self->n_processes++;
  update (self);
}

void
weft_lane_order_add_lane (WeftLaneOrder *self,
                          guint          process)
{
  g_return_if_fail (process == WEFT_LANE_NO_PROCESS || process < self->n_processes);

  g_array_append_val (self->lane_process, process);
  update (self);
}

void
weft_lane_order_set_process (WeftLaneOrder *self,
                             guint          lane,
                             guint          process)
{
  g_return_if_fail (lane < self->lane_process->len);
  g_return_if_fail (process == WEFT_LANE_NO_PROCESS || process < self->n_processes);

  if (g_array_index (self->lane_process, guint, lane) == process)
    return;
  g_array_index (self->lane_process, guint, lane) = process;
  update (self);
}

guint
weft_lane_order_get_process (const WeftLaneOrder *self,
                             guint                lane)
{
  g_return_val_if_fail (lane < self->lane_process->len, WEFT_LANE_NO_PROCESS);

  return g_array_index (self->lane_process, guint, lane);
}

guint
weft_lane_order_get_row (const WeftLaneOrder *self,
                         guint                lane)
{
  g_return_val_if_fail (lane < self->row_of_lane->len, lane);

  return g_array_index (self->row_of_lane, guint, lane);
}

guint
weft_lane_order_get_lane (const WeftLaneOrder *self,
                          guint                row)
{
  g_return_val_if_fail (row < self->lane_of_row->len, row);

  return g_array_index (self->lane_of_row, guint, row);
}

/* Where @process's rows begin, and how many it has. */
guint
weft_lane_order_get_first_row (const WeftLaneOrder *self,
                               guint                process,
                               guint               *n_rows)
{
  const guint *first = (const guint *) self->first_row->data;

  g_return_val_if_fail (process < self->n_processes, 0);

  if (n_rows != NULL)
    *n_rows = first[process + 1] - first[process];
  return first[process];
}
