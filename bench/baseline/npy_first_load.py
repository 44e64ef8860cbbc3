"""numpy's side of `arrays-first`: one np.load in a fresh process, into fresh memory.

Usage: npy_first_load.py <file.npy> [<small.npy>]
Prints the seconds the one np.load of <file.npy> took, wall and the thread's CPU time. With <small.npy>, that small file is loaded first, untimed,
so that what is left is the cost of the load itself (numpy has no JIT, but its first call imports and caches a few
things); without it, the timed load is the process's very first.
"""
import sys
import time

import numpy as np

if len(sys.argv) > 2:
    np.load(sys.argv[2])
cpu = time.thread_time()
start = time.perf_counter()
a = np.load(sys.argv[1])
elapsed = time.perf_counter() - start
cpu = time.thread_time() - cpu
assert a.nbytes > 0
print(elapsed, cpu)
