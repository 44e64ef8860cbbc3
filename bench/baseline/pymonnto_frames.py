"""Baseline for the media benchmark: PymoNNto's save_frame, restated here for measurement.

What PymoNNto's StorageManager.save_frame does for each frame: a counter per key (from 0), the file name
key + str(counter) + '.png' in the run folder, imageio.imwrite of the uint8 image (imageio hands PNG to Pillow,
which filters adaptively and compresses with zlib's default level), then the counter goes up.

usage: pymonnto_frames.py FOLDER FRAMES noise|smooth   -> prints seconds spent writing and the mean file size
"""
import os
import sys
import time

import imageio
import numpy as np

WIDTH = HEIGHT = 256


def frames(count, mode):
    if mode == "noise":
        rng = np.random.default_rng(1)
        return [rng.integers(0, 256, (HEIGHT, WIDTH, 3), dtype=np.uint8) for _ in range(count)]
    y, x = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float64)
    out = []
    for t in range(count):
        image = np.empty((HEIGHT, WIDTH, 3))
        image[..., 0] = 127.5 + 127 * np.sin((x + 2 * t) / 19.0) * np.cos((y - t) / 23.0)
        image[..., 1] = 127.5 + 127 * np.sin((0.7 * x + 0.3 * y + t) / 13.0)
        image[..., 2] = 127.5 + 127 * np.cos(np.sqrt((x - 128) ** 2 + (y - 128) ** 2) / 9.0 - t * 0.2)
        out.append(image.astype(np.uint8))
    return out


class FrameSaver:
    def __init__(self, folder):
        self.folder = folder
        self.frame_counter = {}

    def save_frame(self, image, key):
        if key not in self.frame_counter:
            self.frame_counter[key] = 0
        imageio.imwrite(os.path.join(self.folder, key + str(self.frame_counter[key]) + ".png"), image)
        self.frame_counter[key] += 1


def main():
    folder, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    images = frames(count, mode)
    saver = FrameSaver(folder)
    start = time.perf_counter()
    for image in images:
        saver.save_frame(image, "f")
    seconds = time.perf_counter() - start
    size = sum(os.path.getsize(os.path.join(folder, "f%d.png" % i)) for i in range(count)) / count
    print(seconds, size)


if __name__ == "__main__":
    main()
