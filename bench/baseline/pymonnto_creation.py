"""Baseline for the creation benchmark: PymoNNto's run creation algorithm, restated here for measurement.

What PymoNNto's StorageManager does for each new run (as of its published source): a random folder number
drawn from 0..9999 (random mode) or the bare name (enumerated mode); when the folder exists, probe name_0,
name_1, ... with os.path.isdir until a free one; mkdir; then save_param('time', time.time()); then
save_param_dict, which rewrites config.ini through ConfigParser once per key.

usage: pymonnto_creation.py DATA_FOLDER RUNS random|enumerated   -> prints the seconds taken
"""
import configparser
import os
import random
import sys
import time


def create_run(main_path, name, random_nr):
    folder = name + (str(int(random.random() * 10000)) if random_nr else "")
    if os.path.isdir(os.path.join(main_path, folder)):
        count = 0
        while os.path.isdir(os.path.join(main_path, folder + "_{}".format(count))):
            count += 1
        folder += "_{}".format(count)
    path = os.path.join(main_path, folder)
    try:
        os.mkdir(path)
    except FileExistsError:
        pass
    return path


def save_param(path, config, key, value, section="Parameters"):
    if not config.has_section(section):
        config.add_section(section)
    config.set(section, key, str(value).replace("%", "percent"))
    with open(os.path.join(path, "config.ini"), "w") as f:
        config.write(f)


def main():
    data, runs, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    main_path = os.path.join(data, "StorageManager", "Bench")
    os.makedirs(main_path, exist_ok=True)
    start = time.perf_counter()
    for i in range(runs):
        path = create_run(main_path, "Bench", mode == "random")
        config = configparser.ConfigParser()
        config.read(os.path.join(path, "config.ini"))
        save_param(path, config, "time", time.time())
        params = {"number_of_neurons": 100 + i % 900, "learning_rate": 0.001 * (1 + i % 7), "score": i * 0.001,
                  "seed": i, "connectivity": 0.1, "plastic": i % 2 == 0, "label": "net" + str(i % 13), "delays": [1, 2, 3]}
        for key, value in params.items():
            save_param(path, config, key, value)
    print(time.perf_counter() - start)


if __name__ == "__main__":
    main()
