"""Baseline for the group benchmark: PymoNNto's StorageManagerGroup algorithm, restated here for measurement
(as of its published source; its evolution hooks left out).

What PymoNNto's group does: refresh() lists the main folder and makes a StorageManager for every folder whose name
contains the tag (each checks that the Data/StorageManager folder, the main folder and the run folder exist);
config.ini is parsed with ConfigParser on a run's first load_param; load_param casts 'True'/'False', numbers with
a '.' to float, others to int, else keeps the text. sort_by sorts StorageManagerList by load_param (missing:
-inf); get_multi_param_list builds numpy arrays of get_param_list per parameter and masks runs holding None;
smg['key>value'] loads each run's key as text, substitutes it into the query and eval()s it; get_np_list np.loads
every run's array.

usage: pymonnto_group.py DATA_FOLDER analyze|nplist   -> prints JSON: seconds, peak RSS (MB), counts
"""
import configparser
import json
import os
import resource
import sys
import time

import numpy as np


class StorageManager:
    def __init__(self, data_folder, main_folder_name, folder_name):
        storage_manager_folder = data_folder + "/StorageManager/"
        if not os.path.exists(storage_manager_folder):
            os.mkdir(storage_manager_folder)
        if not os.path.exists(storage_manager_folder + main_folder_name + "/"):
            os.mkdir(storage_manager_folder + main_folder_name + "/")
        self.absolute_path = storage_manager_folder + main_folder_name + "/" + folder_name + "/"
        if not os.path.exists(self.absolute_path):
            os.mkdir(self.absolute_path)
        self.config = None

    def init_config(self):
        if self.config is None:
            self.config = configparser.ConfigParser()
            self.config.read(self.absolute_path + "config.ini")

    def load_param(self, key, section="Parameters", default=None, return_string=False):
        self.init_config()
        try:
            s = self.config.get(section, key)
        except Exception:
            return default
        if return_string:
            return s
        if len(s) > 0:
            if s == "True":
                return True
            if s == "False":
                return False
            try:
                return float(s) if "." in s else int(s)
            except ValueError:
                return s
        return s

    def load_np(self, key):
        return np.load(self.absolute_path + key + ".npy")


class StorageManagerGroup:
    def __init__(self, tag, data_folder):
        self.absolute_path = data_folder + "/StorageManager/" + tag + "/"
        self.tag = tag
        self.data_folder = data_folder
        self.StorageManagerList = []
        if os.path.exists(self.absolute_path):
            for folder in os.listdir(self.absolute_path):
                if os.path.isdir(self.absolute_path + folder) and self.tag in folder:
                    self.StorageManagerList.append(StorageManager(data_folder, tag, folder))

    def sort_by(self, param, section="Parameters"):
        self.StorageManagerList = sorted(self.StorageManagerList, key=lambda sm: sm.load_param(param, section, default=-np.inf))

    def get_param_list(self, param, section="Parameters"):
        return [sm.load_param(param, section) for sm in self.StorageManagerList]

    def get_multi_param_list(self, params, section="Parameters", remove_none=True):
        remove = True
        results = []
        for param in params:
            results.append(np.array(self.get_param_list(param, section)))
            remove *= (results[-1] != None) * (results[-1] != np.nan)  # noqa: E711 (numpy element-wise)
        results = np.array(results)
        if remove_none:
            results = results[:, remove]
        return results

    def get_np_list(self, name):
        return [sm.load_np(name) for sm in self.StorageManagerList]

    def __getitem__(self, query):
        result = []
        key = query.replace("=", "|").replace(" ", "|").replace(">", "|").replace("<", "|").split("|")[0]
        for sm in self.StorageManagerList:
            param = sm.load_param(key, return_string=True)
            if param is not None and eval(query.replace(key, param)):
                result.append(sm)
        return result


def main():
    data, what = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    smg = StorageManagerGroup("Bench", data)
    if what == "analyze":
        smg.sort_by("score")
        lists = smg.get_multi_param_list(["score", "number_of_neurons", "learning_rate"])
        big = smg["number_of_neurons>1000"]
        counts = [len(smg.StorageManagerList), int(lists.shape[1]), len(big)]
    else:
        start = time.perf_counter()
        arrays = smg.get_np_list("arr")
        counts = [len(arrays), int(sum(a.size for a in arrays))]
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "counts": counts}))


if __name__ == "__main__":
    main()
