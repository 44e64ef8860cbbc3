"""Generates the data set of the group benchmark: RUNS runs of tag Bench, each a folder with a config.ini of
8 parameters plus time (written by Python's configparser, as PymoNNto writes it) and a 100-element float64
arr.npy (numpy.save; left out with --no-arrays, as for the 1,000,000-run set). Two processes write at once.
Existing complete data sets are reused by the benchmark.

usage: make_group_data.py DATA_FOLDER RUNS [--no-arrays]
"""
import configparser
import multiprocessing
import os
import sys
import time

import numpy as np


def write_runs(args):
    main, start, end, arrays = args
    rng = np.random.default_rng(start)
    for i in range(start, end):
        path = os.path.join(main, "Bench%d" % i)
        os.mkdir(path)
        config = configparser.ConfigParser()
        config.add_section("Parameters")
        values = {
            "time": time.time(),
            "number_of_neurons": 100 + (i * 7919) % 1900,
            "score": float(rng.random()),
            "learning_rate": 0.001 * (1 + i % 7),
            "seed": i,
            "connectivity": round(0.05 + (i % 10) * 0.01, 2),
            "plastic": i % 2 == 0,
            "label": "net%d" % (i % 13),
            "delays": [1, 2, 3],
        }
        for key, value in values.items():
            config.set("Parameters", key, str(value))
        with open(os.path.join(path, "config.ini"), "w") as f:
            config.write(f)
        if arrays:
            np.save(os.path.join(path, "arr.npy"), rng.random(100))


def main():
    data, runs = sys.argv[1], int(sys.argv[2])
    arrays = "--no-arrays" not in sys.argv[3:]
    main_folder = os.path.join(data, "StorageManager", "Bench")
    os.makedirs(main_folder, exist_ok=True)
    chunk = 2000
    jobs = [(main_folder, s, min(runs + 1, s + chunk), arrays) for s in range(1, runs + 1, chunk)]
    with multiprocessing.Pool(2) as pool:
        for _ in pool.imap_unordered(write_runs, jobs):
            pass


if __name__ == "__main__":
    main()
