"""numpy's side of the `arrays` benchmark: np.save, np.load and np.load(mmap_mode='r') of a float64 array.

Usage: npy_numpy.py <folder> <MiB> <repeats>
Prints JSON {"save": [s…], "load": [s…], "map": [s…]}: seconds per repeat, after one untimed save and load.
The array is made once; each timed save replaces the same file, as the C# side does, after os.sync() outside the
timing (as on the C# side: no save is throttled by dirty pages left by earlier ones).
"""
import json
import os
import sys
import time

import numpy as np

folder, mib, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
a = np.arange(mib * 1024 * 1024 // 8, dtype=np.float64) * 0.5
path = '%s/numpy_%d.npy' % (folder, mib)
np.save(path, a)
np.load(path)
times = {'save': [], 'load': [], 'map': []}
for _ in range(repeats):
    os.sync()
    start = time.perf_counter()
    np.save(path, a)
    times['save'].append(time.perf_counter() - start)
    start = time.perf_counter()
    b = np.load(path)
    times['load'].append(time.perf_counter() - start)
    del b
    start = time.perf_counter()
    m = np.load(path, mmap_mode='r')
    times['map'].append(time.perf_counter() - start)
    del m
print(json.dumps(times))
