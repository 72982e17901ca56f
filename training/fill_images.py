"""Filled copies of a YOLO training set: the same pages with answers drawn in, the same labels.

    python training/fill_images.py $CF/data/corpus $CF/data/corpus_fill --seed 1 --jobs 14

Works on the images and labels alone (dataset/answers.py), so it runs where the set was unpacked
(the GPU machine) without the PDFs. Training on both sets teaches the detector that a field
holding an answer is still a field (issue 19).
"""

from __future__ import annotations

import argparse
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commonforms_cli.dataset.answers import draw_answers  # noqa: E402
from commonforms_cli.dataset.build import read_yolo_labels  # noqa: E402


def fill_one(job) -> None:
    image_path, label_path, out_image, out_label, seed = job
    gray = np.asarray(Image.open(image_path).convert("L"))
    labels = [(label.cls, label.bbox) for label in read_yolo_labels(label_path)]
    filled = draw_answers(gray, labels, random.Random(f"{seed}:{image_path.stem}"))
    Image.fromarray(filled).save(out_image, "PNG", compress_level=1)
    out_label.write_bytes(label_path.read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a set with images/train and labels/train")
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args()
    (args.out / "images" / "train").mkdir(parents=True, exist_ok=True)
    (args.out / "labels" / "train").mkdir(parents=True, exist_ok=True)
    jobs = []
    for image in sorted((args.source / "images" / "train").iterdir()):
        label = args.source / "labels" / "train" / f"{image.stem}.txt"
        if label.exists():
            name = f"{image.stem}_filled"
            jobs.append((image, label, args.out / "images" / "train" / f"{name}.png",
                         args.out / "labels" / "train" / f"{name}.txt", args.seed))
    with ProcessPoolExecutor(max_workers=args.jobs or None) as pool:
        list(pool.map(fill_one, jobs, chunksize=8))
    print(f"filled {len(jobs)} pages into {args.out}")


if __name__ == "__main__":
    main()
