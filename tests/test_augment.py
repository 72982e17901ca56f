"""Layout augmentation of training pages: bands restacked and mixed, ink restyled, labels exact.

The drawn pages hold sections of boxes, each box filled with a grey of its own, so that a label
box found again in an augmented page can be checked to hold the very pixels it held before.
"""

from __future__ import annotations

import importlib.util
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from commonforms_cli.dataset.build import read_yolo_labels, write_yolo_labels
from commonforms_cli.dataset.ink_style import INK_GREYS, restyle
from commonforms_cli.dataset.page_bands import INK_LEVEL, band_page, recompose
from commonforms_cli.dataset.widget_labels import Label
from commonforms_cli.fields import CLASS_ORDER
from commonforms_cli.geometry import Raster

SCRIPT = Path(__file__).resolve().parents[1] / "training" / "augment_pages.py"
PAPER = 255


def drawn_page(width: int, height: int, seed: int, first_fill: int) -> tuple[np.ndarray, list]:
    """A white page of sections: a caption bar, then a row of outlined boxes, each box a label
    filled with its own grey (``first_fill``, ``first_fill + 1``...), sections 14-40 px apart."""
    rng = random.Random(seed)
    gray = np.full((height, width), PAPER, dtype=np.uint8)
    labels = []
    y = rng.randint(10, 30)
    fill = first_fill
    while y + 60 < height:
        gray[y:y + 4, 10:rng.randint(60, width - 10)] = 0  # a caption, as a bar of ink
        y += rng.randint(8, 12)
        x = rng.randint(8, 30)
        box_height = rng.randint(14, 30)
        while x + 40 < width:
            box_width = rng.randint(20, 60)
            x1, y1 = min(x + box_width, width - 4), y + box_height
            gray[y:y1, x:x1] = 0  # the outline
            gray[y + 1:y1 - 1, x + 1:x1 - 1] = fill
            labels.append((CLASS_ORDER[fill % 3], (float(x), float(y), float(x1), float(y1))))
            fill += 1
            x = x1 + rng.randint(6, 20)
        y += box_height + rng.randint(14, 40)
    return gray, labels


def inside(gray: np.ndarray, box) -> np.ndarray:
    x0, y0, x1, y1 = (round(v) for v in box)
    return gray[y0 + 2:y1 - 2, x0 + 2:x1 - 2]


def fills(gray: np.ndarray, labels) -> dict[int, tuple]:
    """Each label's fill grey (its interior's middle pixel) -> (class, its interior's pixels)."""
    found = {}
    for cls, box in labels:
        pixels = inside(gray, box)
        found[int(pixels[pixels.shape[0] // 2, pixels.shape[1] // 2])] = (cls, pixels)
    return found


def test_bands_cover_the_page_and_cut_no_ink_and_no_label():
    gray, labels = drawn_page(300, 400, seed=1, first_fill=20)
    page = band_page(gray, labels)
    assert len(page.bands) >= 4
    stacked = np.concatenate([band.pixels for band in page.bands])
    assert np.array_equal(stacked, gray[page.top:page.top + len(stacked)])
    assert sum(len(band.labels) for band in page.bands) == len(labels)
    cuts = np.cumsum([page.top] + [band.height for band in page.bands])
    for row in cuts[1:-1]:
        assert (gray[row] >= INK_LEVEL).all()
        assert not any(y0 <= row < y1 for _, (_, y0, _, y1) in labels)


@pytest.mark.parametrize("seed", range(12))
def test_recomposed_labels_hold_the_pixels_they_held(seed):
    """Mixed with a narrower and a wider page (whose bands are scaled down): each label box of the
    new page holds the fill and class of one original box, exact where nothing was scaled."""
    page, labels = drawn_page(300, 400, seed, first_fill=20)
    narrow, narrow_labels = drawn_page(240, 400, seed + 100, first_fill=100)
    wide, wide_labels = drawn_page(360, 300, seed + 200, first_fill=150)
    new, new_labels, spans = recompose(
        band_page(page, labels), [band_page(narrow, narrow_labels), band_page(wide, wide_labels)], random.Random(seed)
    )
    assert new.shape == page.shape and new_labels
    exact = fills(page, labels) | fills(narrow, narrow_labels)
    scaled = fills(wide, wide_labels)
    seen = set()
    for cls, box in new_labels:
        assert 0 <= box[0] < box[2] <= new.shape[1] and 0 <= box[1] < box[3] <= new.shape[0]
        pixels = inside(new, box)
        fill = int(pixels[pixels.shape[0] // 2, pixels.shape[1] // 2])
        if fill in exact:
            assert exact[fill][0] is cls and np.array_equal(pixels, exact[fill][1])
        else:  # resampled: the interior keeps its grey, the outline's blur at most a pixel in
            assert scaled[fill][0] is cls and np.abs(pixels[1:-1, 1:-1].astype(int) - fill).max() <= 2
        seen.add(fill)
    assert len(seen) == len(new_labels)  # no box twice
    assert all(0 <= top < bottom <= new.shape[0] for top, bottom in spans)


def test_restyle_keeps_a_thin_rule_and_a_grey_block_visible():
    gray = np.full((60, 80), PAPER, dtype=np.uint8)
    gray[30, 10:70] = 0  # a one-pixel rule: a field's only cue
    gray[40:50, 10:20] = 90  # a grey box
    for seed in range(60):
        out = restyle(gray, [(0, 25), (25, 60)], random.Random(seed))
        paper = int(out[35, 75])  # beside both, in the same band (shaded or not)
        assert out[30, 10:70].max() <= paper - 50, seed
        assert out[45, 15] <= paper - 30, seed


def test_restyle_reaches_every_ink_grey():
    gray = np.zeros((4, 4), dtype=np.uint8)
    darkest = {int(restyle(gray, [], random.Random(seed)).min()) for seed in range(200)}
    assert set(INK_GREYS) <= darkest


def write_set(root: Path, pages: dict[str, tuple[np.ndarray, list]]) -> None:
    for folder in ("images", "labels"):
        (root / folder / "train").mkdir(parents=True)
    for stem, (gray, labels) in pages.items():
        Image.fromarray(gray).save(root / "images" / "train" / f"{stem}.png")
        raster = Raster.of(gray)
        write_yolo_labels(root / "labels" / "train" / f"{stem}.txt",
                          [Label(cls, raster.to_fractions(box)) for cls, box in labels])


@pytest.fixture(scope="module")
def small_set(tmp_path_factory):
    root = tmp_path_factory.mktemp("set")
    # light fills: darker than the outline on any restyled page (a fainter one-pixel outline is
    # grey), so that each written box can be checked to lie on its outline
    pages = {f"{stem}_p0000": drawn_page(300, 400, seed, first_fill=170) for seed, stem in enumerate("abcd")}
    write_set(root / "corpus", pages)
    (root / "sources.tsv").write_text("sha16\trepo\na\tone/repo\nb\tone/repo\nc\ttwo/repo\nd\tthree/repo\n")
    return root, pages


def run_script(root: Path, out: str, seed: int, scan_share: float = 0.0) -> Path:
    """No scanned copies unless asked: their noise would hide a box a pixel off."""
    subprocess.run([sys.executable, str(SCRIPT), str(root / "corpus"), str(root / out), "--copies", "2",
                    "--seed", str(seed), "--jobs", "1", "--sources", str(root / "sources.tsv"),
                    "--scan-share", str(scan_share)], check=True, capture_output=True, timeout=120)
    return root / out


def test_the_script_writes_copies_whose_labels_hold_their_boxes(small_set):
    root, pages = small_set
    out = run_script(root, "aug", seed=1)
    images = sorted((out / "images" / "train").iterdir())
    assert [image.stem for image in images] == sorted(f"{stem}_aug{k}" for stem in pages for k in (0, 1))
    for image in images:
        gray = np.asarray(Image.open(image))
        labels = read_yolo_labels(out / "labels" / "train" / f"{image.stem}.txt")
        assert gray.shape == (400, 300) and labels
        raster = Raster.of(gray)
        for label in labels:  # each box still holds one flat grey, inside its darker outline
            box = raster.to_pixels(label.bbox)
            pixels = inside(gray, box)
            assert pixels.max() - pixels.min() <= 2
            x0, y0, x1, y1 = (round(v) for v in box)
            for outline in (gray[y0, x0:x1], gray[y1 - 1, x0:x1], gray[y0:y1, x0], gray[y0:y1, x1 - 1]):
                assert outline.max() < pixels.min()


def test_the_script_is_deterministic_per_seed(small_set):
    root, _ = small_set
    read = lambda out: {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.*"))}  # noqa: E731
    first, again, other = (read(run_script(root, name, seed)) for name, seed in (("s1", 1), ("s1b", 1), ("s2", 2)))
    assert first == again
    assert first != other


def test_scanned_copies_keep_every_label(small_set):
    root, _ = small_set
    clean, scanned = run_script(root, "clean", seed=3), run_script(root, "scanned", seed=3, scan_share=1.0)
    labels = sorted((clean / "labels" / "train").iterdir())
    assert labels
    assert all(path.read_bytes() == (scanned / "labels" / "train" / path.name).read_bytes() for path in labels)
    image = labels[0].stem + ".png"
    pair = [np.asarray(Image.open(out / "images" / "train" / image)) for out in (clean, scanned)]
    assert pair[0].shape == pair[1].shape and not np.array_equal(*pair)


def test_partners_come_from_other_sources(small_set, tmp_path):
    root, _ = small_set
    spec = importlib.util.spec_from_file_location("augment_pages", SCRIPT)
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    repos = {"a": "one/repo", "b": "one/repo", "c": "two/repo", "d": "three/repo"}
    jobs = script.plan_jobs(root / "corpus", tmp_path, copies=20, seed=1, repos=repos, scan_share=0.0)
    pairs = [(repos[page[0].stem[0]], repos[partner[0].stem[0]]) for page, partners, *_ in jobs for partner in partners]
    assert pairs and all(own != theirs for own, theirs in pairs)
    assert script.source_of(Path("x_p0003.png"), repos) == "x"  # no row in the table: the PDF is the source
