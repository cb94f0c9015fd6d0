/* weft-waitfor.c
 *
 * Copyright 2026 The Weft authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each event costs an array store: a lane's wait or a lock's holder is
 * set or cleared, nothing is searched.  Cycles are looked for once per
 * drain (weft_waitfor_poll()), by following each waiting lane's chain
 * of waits-for and held-by; a lane already met in this search is not
 * followed twice, so a search costs one step per lane.
 *
 * Every wait and every hold gets a number from one counter, so a cycle
 * found again later is known to be the very same one only when each of
 * its waits and holds still has the number it had: a lane that gave a
 * fork back and took it again in between does not make a stale cycle
 * look as if it had lasted.
 */

#include "weft-waitfor.h"

#define NO_LANE G_MAXUINT
#define NO_OBJECT G_MAXUINT16

typedef struct
{
  guint16 waits_for;        /* NO_OBJECT: waits for no lock */
  gboolean forgotten;       /* its events were lost: nothing it does is known */
  guint32 wait_seq;
  guint64 visit;            /* the last search step that met it */
} LaneNode;

typedef struct
{
  guint holder;             /* NO_LANE: free */
  guint depth;              /* how many times its holder took it */
  guint32 hold_seq;
} LockNode;

/* An edge as it was seen, with the numbers of its wait and its hold. */
typedef struct
{
  WeftWaitEdge edge;
  guint32 wait_seq;
  guint32 hold_seq;
} Witness;

struct _WeftWaitFor
{
  GArray *lanes;            /* LaneNode, by lane */
  GArray *locks;            /* LockNode, by object */
  guint32 seq;
  guint64 visit;
  GArray *candidate;        /* Witness: a cycle seen, not yet confirmed */
  gint64 candidate_since;   /* on the run's clock */
  GArray *cycle;            /* WeftWaitEdge: the deadlock, once confirmed */
  gint64 cycle_time;
  gboolean confirmed;
  gboolean told;            /* poll() has said so */
};

WeftWaitFor *
weft_waitfor_new (void)
{
  WeftWaitFor *self = g_new0 (WeftWaitFor, 1);

  self->lanes = g_array_new (FALSE, TRUE, sizeof (LaneNode));
  self->locks = g_array_new (FALSE, TRUE, sizeof (LockNode));
  self->candidate = g_array_new (FALSE, FALSE, sizeof (Witness));
  self->cycle = g_array_new (FALSE, FALSE, sizeof (WeftWaitEdge));
  return self;
}

void
weft_waitfor_free (WeftWaitFor *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->lanes);
  g_array_unref (self->locks);
  g_array_unref (self->candidate);
  g_array_unref (self->cycle);
  g_free (self);
}

static LaneNode *
lane_node (WeftWaitFor *self,
           guint        lane)
{
  if (G_UNLIKELY (lane >= self->lanes->len))
    {
      guint old = self->lanes->len;

      g_array_set_size (self->lanes, MAX (lane + 1, old * 2));
      for (guint i = old; i < self->lanes->len; i++)
        g_array_index (self->lanes, LaneNode, i).waits_for = NO_OBJECT;
    }
  return &g_array_index (self->lanes, LaneNode, lane);
}

static LockNode *
lock_node (WeftWaitFor *self,
           guint16      object)
{
  if (G_UNLIKELY (object >= self->locks->len))
    {
      guint old = self->locks->len;

      g_array_set_size (self->locks, MAX ((guint) object + 1, old * 2));
      for (guint i = old; i < self->locks->len; i++)
        g_array_index (self->locks, LockNode, i).holder = NO_LANE;
    }
  return &g_array_index (self->locks, LockNode, object);
}

static void
confirm (WeftWaitFor  *self,
         const Witness *witnesses,
         guint          n,
         gint64         time_ns)
{
  g_array_set_size (self->cycle, 0);
  for (guint i = 0; i < n; i++)
    g_array_append_val (self->cycle, witnesses[i].edge);
  self->cycle_time = time_ns;
  self->confirmed = TRUE;
}

/* @lane began waiting for the lock @object at @time_ns. */
void
weft_waitfor_wait (WeftWaitFor *self,
                   guint        lane,
                   guint16      object,
                   gint64       time_ns)
{
  LockNode *lock = lock_node (self, object);
  LaneNode *node = lane_node (self, lane);

  if (node->forgotten)
    return;
  node->waits_for = object;
  node->wait_seq = ++self->seq;
  /* Waiting for itself: certain at once, see the top of weft-waitfor.h. */
  if (lock->holder == lane && !self->confirmed)
    {
      Witness self_wait = { { lane, object, lane }, node->wait_seq, lock->hold_seq };

      confirm (self, &self_wait, 1, time_ns);
    }
}

void
weft_waitfor_end_wait (WeftWaitFor *self,
                       guint        lane,
                       guint16      object)
{
  LaneNode *node = lane_node (self, lane);

  if (node->waits_for == object)
    node->waits_for = NO_OBJECT;
}

void
weft_waitfor_acquire (WeftWaitFor *self,
                      guint        lane,
                      guint16      object)
{
  LockNode *lock = lock_node (self, object);

  /* Lanes met as holders are followed by the search. */
  if (lane_node (self, lane)->forgotten)
    return;
  if (lock->holder == lane)
    {
      lock->depth++;
      return;
    }
  /* Another holder still here only means its release, stamped earlier
   * on a lane drained later, has not come yet: this take is the newer. */
  lock->holder = lane;
  lock->depth = 1;
  lock->hold_seq = ++self->seq;
}

void
weft_waitfor_release (WeftWaitFor *self,
                      guint        lane,
                      guint16      object)
{
  LockNode *lock = lock_node (self, object);

  /* A release late from a lane drained late belongs to an older hold. */
  if (lock->holder == lane && --lock->depth == 0)
    lock->holder = NO_LANE;
}

/* @lane lost events: what it waits for and holds is no longer known, so
 * no cycle is ever followed through it. */
void
weft_waitfor_forget_lane (WeftWaitFor *self,
                          guint        lane)
{
  LaneNode *node = lane_node (self, lane);

  node->forgotten = TRUE;
  node->waits_for = NO_OBJECT;
}

/* The lock @lane waits for and its holder, or FALSE where the chain ends. */
static gboolean
follow (WeftWaitFor *self,
        guint        lane,
        Witness     *out)
{
  LaneNode *node = &g_array_index (self->lanes, LaneNode, lane);
  LockNode *lock;

  if (node->forgotten || node->waits_for == NO_OBJECT)
    return FALSE;
  lock = lock_node (self, node->waits_for);
  if (lock->holder == NO_LANE || lane_node (self, lock->holder)->forgotten)
    return FALSE;
  *out = (Witness) { { lane, node->waits_for, lock->holder }, node->wait_seq, lock->hold_seq };
  return TRUE;
}

static gboolean
still_holds (WeftWaitFor *self)
{
  for (guint i = 0; i < self->candidate->len; i++)
    {
      const Witness *seen = &g_array_index (self->candidate, Witness, i);
      Witness now;

      if (!follow (self, seen->edge.lane, &now) || now.edge.object != seen->edge.object ||
          now.edge.holder != seen->edge.holder || now.wait_seq != seen->wait_seq ||
          now.hold_seq != seen->hold_seq)
        return FALSE;
    }
  return TRUE;
}

/* Fills the candidate with a cycle through @lane, from its lowest lane
 * on, so that it reads "philosopher-1 waits for ..." */
static void
take_cycle (WeftWaitFor *self,
            guint        lane)
{
  guint first = lane;
  Witness w;

  for (guint cur = lane; follow (self, cur, &w) && w.edge.holder != lane; cur = w.edge.holder)
    first = MIN (first, w.edge.holder);
  g_array_set_size (self->candidate, 0);
  for (guint cur = first; follow (self, cur, &w); cur = w.edge.holder)
    {
      g_array_append_val (self->candidate, w);
      if (w.edge.holder == first)
        break;
    }
}

/* One step per lane: a walk stops at a lane met before in this search;
 * met in this very walk, it closes a cycle. */
static gboolean
find_cycle (WeftWaitFor *self)
{
  guint64 search_began = self->visit;

  for (guint start = 0; start < self->lanes->len; start++)
    {
      guint64 walk = ++self->visit;
      guint cur = start;
      Witness w;

      for (;;)
        {
          LaneNode *node = &g_array_index (self->lanes, LaneNode, cur);

          if (node->visit > search_began)
            {
              if (node->visit != walk)
                break;
              take_cycle (self, cur);
              return TRUE;
            }
          node->visit = walk;
          if (!follow (self, cur, &w))
            break;
          cur = w.edge.holder;
        }
    }
  return FALSE;
}

/**
 * weft_waitfor_poll:
 * @run_now_ns: the run's clock, which stops while paused
 * @now_ns: the trace's clock, for when the deadlock is said to hold
 * @grace_ns: how long a cycle must last unchanged
 *
 * Looks for a cycle; a cycle that has lasted @grace_ns is the deadlock
 * (weft_waitfor_get_cycle()).  Only the first deadlock is kept.
 *
 * Returns: %TRUE once, when a deadlock is first known
 */
gboolean
weft_waitfor_poll (WeftWaitFor *self,
                   gint64       run_now_ns,
                   gint64       now_ns,
                   gint64       grace_ns)
{
  if (!self->confirmed)
    {
      if (self->candidate->len > 0 && !still_holds (self))
        g_array_set_size (self->candidate, 0);
      if (self->candidate->len == 0 && find_cycle (self))
        self->candidate_since = run_now_ns;
      if (self->candidate->len > 0 && run_now_ns - self->candidate_since >= grace_ns)
        confirm (self, (const Witness *) (gpointer) self->candidate->data, self->candidate->len, now_ns);
    }
  if (self->confirmed && !self->told)
    {
      self->told = TRUE;
      return TRUE;
    }
  return FALSE;
}

/* The deadlock, from its lowest lane round to it again; NULL: none. */
const WeftWaitEdge *
weft_waitfor_get_cycle (WeftWaitFor *self,
                        guint       *n_edges)
{
  *n_edges = self->confirmed ? self->cycle->len : 0;
  return self->confirmed ? (const WeftWaitEdge *) (gpointer) self->cycle->data : NULL;
}

/* When the deadlock was known to hold, on the trace's clock. */
gint64
weft_waitfor_get_cycle_time (WeftWaitFor *self)
{
  return self->cycle_time;
}

gsize
weft_waitfor_get_memory (WeftWaitFor *self)
{
  return sizeof *self + self->lanes->len * sizeof (LaneNode) + self->locks->len * sizeof (LockNode) +
         self->candidate->len * sizeof (Witness) + self->cycle->len * sizeof (WeftWaitEdge);
}
