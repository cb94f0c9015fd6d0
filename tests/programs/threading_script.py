# threading_script.py: Python's threading, recorded (tests/test-record.c)
#
# Copyright 2026 The Weft authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Known behaviour: four threads add to a counter under a Lock, a
# Semaphore of two lets them into a pool, and an Event starts them all.
# Prints the counter; exit status 0 when it is 4 * 200.
import threading
import time

counter = 0
lock = threading.Lock()
pool = threading.Semaphore(2)
go = threading.Event()


def worker():
    global counter
    go.wait()
    for _ in range(200):
        with lock:
            counter += 1
    with pool:
        time.sleep(0.01)


threads = [threading.Thread(target=worker, name=f"worker-{i + 1}") for i in range(4)]
for t in threads:
    t.start()
time.sleep(0.02)
go.set()
for t in threads:
    t.join()
print("counter", counter)
raise SystemExit(0 if counter == 800 else 1)
