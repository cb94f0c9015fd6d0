// cxx-queue.cpp: a C++ queue on std::mutex and std::condition_variable
//
// Copyright 2026 The Weft authors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Known behaviour: a std::thread producer pushes 100 items, two
// consumers pop them all; std::mutex and std::condition_variable are
// pthread's underneath, so the recorder sees them.  Exit status 0 when
// every item was taken once.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

static std::mutex queue_mutex;
static std::condition_variable queue_ready;
static std::deque<int> queue;
static bool done;
static long sum;

static void
consume ()
{
  for (;;)
    {
      std::unique_lock<std::mutex> lock (queue_mutex);
      queue_ready.wait (lock, [] { return !queue.empty () || done; });
      if (queue.empty ())
        return;
      sum += queue.front ();
      queue.pop_front ();
    }
}

int
main ()
{
  std::thread a (consume), b (consume);

  for (int i = 1; i <= 100; i++)
    {
      {
        std::lock_guard<std::mutex> lock (queue_mutex);
        queue.push_back (i);
      }
      queue_ready.notify_one ();
      std::this_thread::sleep_for (std::chrono::microseconds (200));
    }
  {
    std::lock_guard<std::mutex> lock (queue_mutex);
    done = true;
  }
  queue_ready.notify_all ();
  a.join ();
  b.join ();
  return sum == 5050 ? 0 : 1;
}
