"""Fillable PDFs -> a YOLO (and COCO) detection dataset, split by source and document group.

Each page that carries widgets is rendered with the widgets hidden by the same
renderer ``prepare`` uses, at the model's size, and stored as a lossless greyscale
image (PNG, or WebP at 60% of the size for shipping datasets to a GPU machine);
the cleaned widget rectangles are its labels (see widget_labels.py). ``labels_visible``
holds the same pages' labels with the widgets the visible-cue rule dropped put
back, for training on every visible widget (the CommonForms protocol) instead.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
from PIL import Image

from ..pdf.document import open_pdf
from ..errors import CommonFormsError
from ..fields import CLASS_ORDER
from ..geometry import Raster
from .widget_labels import (
    RULES, SIGNATURE_BY_CAPTION, SIGNATURE_BY_NAME, SIGNATURE_LINE, Label, SignatureTruth, labelled_pages,
)
from .splits import SPLITS, SplitPlan


@dataclass
class PageRecord:
    image: str  # file name under images/<split>/
    source: str
    page: int
    group: str
    width: int
    height: int
    labels: list[Label]
    uncued: list[Label] = field(default_factory=list)  # visible widgets the cue rule dropped


@dataclass
class LabelledFile:
    """One PDF's pages as labelled (and their images staged), with what the cleaning rules removed."""

    source: str
    pages: list[PageRecord] = field(default_factory=list)
    removed: Counter = field(default_factory=Counter)
    pages_dropped: Counter = field(default_factory=Counter)
    widget_pages: int = 0
    error: str = ""


IMAGE_FORMATS = ("png", "webp")


def save_gray_image(gray: np.ndarray, path: Path) -> None:
    """Write a greyscale page losslessly, in the format the suffix names."""
    if path.suffix == ".webp":
        Image.fromarray(gray).save(path, "WEBP", lossless=True, quality=100, method=4)
    else:
        Image.fromarray(gray).save(path, "PNG", compress_level=6)


def label_file(
    path: Path,
    group: str,
    imgsz: int,
    image_dir: Path | None,
    image_format: str = "png",
    signatures: SignatureTruth = SignatureTruth(),
) -> LabelledFile:
    """Render and label every widget page of one PDF (runs in a worker process).
    ``signatures``: which signatures the labels hold besides Signature widgets."""
    result = LabelledFile(source=str(path))
    try:
        with open_pdf(path) as doc:
            _label_pages(doc, path, group, imgsz, image_dir, image_format, signatures, result)
    except CommonFormsError as exc:
        result.error = str(exc)
    except Exception as exc:  # a corpus file MuPDF chokes on must not stop the build
        result.error = f"{type(exc).__name__}: {exc}"
    return result


def _label_pages(
    doc, path: Path, group: str, imgsz: int, image_dir, image_format: str, signatures: SignatureTruth,
    result: LabelledFile,
) -> None:
    for labelled in labelled_pages(doc, imgsz, signatures):
        result.widget_pages += 1
        page = labelled.labels
        result.removed.update(page.removed)
        if page.page_dropped:
            result.pages_dropped[page.page_dropped] += 1
            continue
        if not page.labels:
            result.pages_dropped["no_labels_left"] += 1
            continue
        number = labelled.page.number
        name = f"{path.stem}_p{number:04d}.{image_format}"
        if image_dir is not None:
            save_gray_image(labelled.gray, image_dir / name)
        height, width = labelled.gray.shape
        result.pages.append(PageRecord(name, str(path), number, group, width, height, page.labels, page.uncued))


def build_dataset(
    sources: Iterable[Path],
    out_dir: Path,
    imgsz: int = 1216,
    plan: SplitPlan = SplitPlan(),
    jobs: int = 0,
    image_format: str = "png",
    progress=None,
    signatures_by_name: bool = False,
    signatures_by_caption: bool = False,
    signatures_on_lines: bool = False,
) -> dict:
    """Write ``out_dir/{images,labels,labels_visible}/{train,val,heldout}``, ``data.yaml``, COCO files
    and ``stats.json``.

    Returns the statistics (pages and fields per split and class, and what
    each cleaning rule removed). The ``signature*`` flags: see ``SignatureTruth``.
    ``plan``: each file's group and split (splits.py).
    """
    signatures = SignatureTruth(signatures_by_name, signatures_by_caption, signatures_on_lines)
    files = sorted(Path(s) for s in sources)
    staging = out_dir / "images" / "_all"
    staging.mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    results: list[LabelledFile] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [
            pool.submit(label_file, f, plan.group(f.stem), imgsz, staging, image_format, signatures)
            for f in files
        ]
        for future in futures:
            results.append(future.result())
            if progress:
                progress(results[-1])
    stats = _place_and_describe(results, out_dir, staging, plan)
    staging.rmdir()
    return stats


def _place_and_describe(results, out_dir: Path, staging: Path, plan: SplitPlan) -> dict:
    per_split: dict[str, list[PageRecord]] = {s: [] for s in SPLITS}
    for result in results:
        for record in result.pages:
            per_split[plan.split(Path(record.source).stem)].append(record)
    for split, records in per_split.items():
        (out_dir / "images" / split).mkdir(parents=True, exist_ok=True)
        (out_dir / "labels" / split).mkdir(parents=True, exist_ok=True)
        (out_dir / "labels_visible" / split).mkdir(parents=True, exist_ok=True)
        for record in records:
            os.replace(staging / record.image, out_dir / "images" / split / record.image)
            label_name = Path(record.image).stem + ".txt"
            write_yolo_labels(out_dir / "labels" / split / label_name, record.labels)
            write_yolo_labels(out_dir / "labels_visible" / split / label_name, record.labels + record.uncued)
        _write_coco(out_dir / f"coco_{split}.json", split, records)
        with open(out_dir / f"pages_{split}.tsv", "w", encoding="utf-8") as handle:
            handle.write("image\tsource\tpage\tgroup\tfields\n")
            for r in records:
                handle.write(f"{r.image}\t{r.source}\t{r.page}\t{r.group}\t{len(r.labels)}\n")
    write_data_yaml(out_dir)
    removed = sum((r.removed for r in results), Counter())
    dropped = sum((r.pages_dropped for r in results), Counter())
    stats = {
        "files": len(results),
        "files_failed": {r.source: r.error for r in results if r.error},
        "widget_pages": sum(r.widget_pages for r in results),
        "widgets_removed_by_rule": {rule: removed.get(rule, 0) for rule in RULES},
        "pages_dropped_by_rule": dict(dropped),
        "text_relabelled_signature_by_name": removed.get(SIGNATURE_BY_NAME, 0),
        "text_relabelled_signature_by_caption": removed.get(SIGNATURE_BY_CAPTION, 0),
        "signature_lines_added": removed.get(SIGNATURE_LINE, 0),
        "val_split_by": "source" if plan.val_by_source else "group",
        "splits": {
            split: {
                "pages": len(records),
                "repos": len({plan.repos.get(Path(r.source).stem, "") for r in records} - {""}),
                "groups": len({r.group for r in records}),
                "fields": dict(Counter(label.cls.value for r in records for label in r.labels)),
                "visible_fields": dict(Counter(label.cls.value for r in records for label in r.labels + r.uncued)),
            }
            for split, records in per_split.items()
        },
    }
    (out_dir / "stats.json").write_text(json.dumps(stats, indent=2), encoding="utf-8")
    return stats


def write_data_yaml(out_dir: Path) -> None:
    """The ultralytics dataset description, with the detector's class names (the held-out
    split is not ultralytics' business: ``commonforms eval`` measures it on the PDFs)."""
    splits = [s for s in ("train", "val") if (out_dir / "images" / s).is_dir()]
    lines = ["path: ."] + [f"{s}: images/{s}" for s in splits] + ["names:"]
    lines += [f"  {i}: {c.value}" for i, c in enumerate(CLASS_ORDER)]
    (out_dir / "data.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_yolo_labels(path: Path, labels: list[Label]) -> None:
    """One ``class cx cy w h`` line per label, in fractions of the image."""
    lines = []
    for label in labels:
        x0, y0, x1, y1 = label.bbox
        cls = CLASS_ORDER.index(label.cls)
        lines.append(f"{cls} {(x0 + x1) / 2:.6f} {(y0 + y1) / 2:.6f} {x1 - x0:.6f} {y1 - y0:.6f}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_yolo_labels(path: Path) -> list[Label]:
    """The labels ``write_yolo_labels`` wrote (boxes in display fractions again)."""
    labels = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        cls, cx, cy, w, h = line.split()
        cx, cy, w, h = map(float, (cx, cy, w, h))
        labels.append(Label(CLASS_ORDER[int(cls)], (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)))
    return labels


def _write_coco(path: Path, split: str, records: list[PageRecord]) -> None:
    images, annotations = [], []
    for image_id, record in enumerate(records, start=1):
        images.append(
            {"id": image_id, "file_name": f"images/{split}/{record.image}", "width": record.width, "height": record.height}
        )
        raster = Raster(record.width, record.height)
        for label in record.labels:
            x0, y0, _, _ = raster.to_pixels(label.bbox)
            w, h = raster.pixel_size(label.bbox)
            annotations.append(
                {
                    "id": len(annotations) + 1,
                    "image_id": image_id,
                    "category_id": CLASS_ORDER.index(label.cls),
                    "bbox": [round(x0, 2), round(y0, 2), round(w, 2), round(h, 2)],
                    "area": round(w * h, 2),
                    "iscrowd": 0,
                }
            )
    categories = [{"id": i, "name": c.value} for i, c in enumerate(CLASS_ORDER)]
    path.write_text(json.dumps({"images": images, "annotations": annotations, "categories": categories}), encoding="utf-8")
