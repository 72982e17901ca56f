"""New layouts from a YOLO training set: its pages cut into bands, restacked and mixed across
sources, printed another way; every label moves with its band and stays exact.

    python training/augment_pages.py $CF/data/corpus $CF/data/corpus_aug --copies 2 --seed 1 --jobs 14 \\
        --sources $CF/data/corpus/sources.tsv

Session 9: more minutes on the same real pages lost held-out AP (the detector learns the ~100
training sources' layouts). Each copy here is a page's bands in a new order, often with bands
of a page from another source (dataset/page_bands.py), then another stroke weight, ink, paper
and shading (dataset/ink_style.py), some scanned (dataset/scan.py). Works on images and labels
alone, as fill_images.py does, so it runs where the set was unpacked. ``--sources``: a table
whose first column is the PDF stem and whose ``repo`` column names its source (the corpus
manifest, or stage.py's sources.tsv); without it each PDF is a source.
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

from commonforms_cli.dataset.build import read_yolo_labels, write_yolo_labels  # noqa: E402
from commonforms_cli.dataset.ink_style import restyle  # noqa: E402
from commonforms_cli.dataset.page_bands import BandedPage, band_page, recompose  # noqa: E402
from commonforms_cli.dataset.scan import scan_look  # noqa: E402
from commonforms_cli.dataset.splits import read_repos  # noqa: E402
from commonforms_cli.dataset.widget_labels import Label  # noqa: E402
from commonforms_cli.geometry import Raster  # noqa: E402

MIX_SHARE = 0.7  # copies that take bands from a page of another source; the others restack their own
SCAN_SHARE = 0.2  # copies that look scanned (blur, grey paper, noise, JPEG: the held-out `scan` rendering's look)


def banded(image: Path, labels: Path) -> BandedPage:
    gray = np.asarray(Image.open(image).convert("L"))
    raster = Raster.of(gray)
    return band_page(gray, [(label.cls, raster.to_pixels(label.bbox)) for label in read_yolo_labels(labels)])


def augment_one(job) -> int:
    """Write one new page; returns how many labels it holds."""
    (image, labels), partners, out_image, out_label, seed, scan_share = job
    rng = random.Random(seed)
    gray, boxes, spans = recompose(banded(image, labels), [banded(*pair) for pair in partners], rng)
    gray = restyle(gray, spans, rng)
    if rng.random() < scan_share:
        gray = np.asarray(scan_look(Image.fromarray(gray), rng))
    raster = Raster.of(gray)
    Image.fromarray(gray).save(out_image, "PNG", compress_level=1)
    write_yolo_labels(out_label, [Label(cls, raster.to_fractions(box)) for cls, box in boxes])
    return len(boxes)


def source_of(image: Path, repos: dict[str, str]) -> str:
    """A page's source: its PDF's repository, else the PDF (``dataset build`` names pages STEM_pNNNN)."""
    stem = image.stem.rsplit("_p", 1)[0]
    return repos.get(stem, stem)


def plan_jobs(source: Path, out: Path, copies: int, seed: int, repos: dict[str, str], scan_share: float) -> list:
    """One job a copy of each page, its partner (if any) drawn from the pages of other sources."""
    pages = []
    for image in sorted((source / "images" / "train").iterdir()):
        label = source / "labels" / "train" / f"{image.stem}.txt"
        if label.exists():
            pages.append((image, label))
    sources = [source_of(image, repos) for image, _ in pages]
    jobs = []
    for index, page in enumerate(pages):
        others = [other for other, name in zip(pages, sources) if name != sources[index]] or pages
        for copy in range(copies):
            rng = random.Random(f"{seed}:{page[0].stem}:{copy}")
            partners = [rng.choice(others)] if rng.random() < MIX_SHARE else []
            name = f"{page[0].stem}_aug{copy}"
            jobs.append((page, partners, out / "images" / "train" / f"{name}.png",
                         out / "labels" / "train" / f"{name}.txt", f"{seed}:{name}", scan_share))
    return jobs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", type=Path, help="a set with images/train and labels/train")
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, default=2, help="new pages per training page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--sources", type=Path, help="TSV: PDF stem first, a 'repo' column")
    parser.add_argument("--scan-share", type=float, default=SCAN_SHARE, help="copies made to look scanned")
    args = parser.parse_args()
    (args.out / "images" / "train").mkdir(parents=True, exist_ok=True)
    (args.out / "labels" / "train").mkdir(parents=True, exist_ok=True)
    repos = read_repos(args.sources) if args.sources else {}
    jobs = plan_jobs(args.source, args.out, args.copies, args.seed, repos, args.scan_share)
    with ProcessPoolExecutor(max_workers=args.jobs or None) as pool:
        labels = sum(pool.map(augment_one, jobs, chunksize=8))
    print(f"augmented {len(jobs)} pages ({labels} labels) into {args.out}")


if __name__ == "__main__":
    main()
