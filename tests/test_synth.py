"""The synthetic form generator: deterministic by seed, with boxes that fit the page and its ink."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from PIL import Image

from commonforms_cli.dataset.widget_labels import _has_visible_cue
from commonforms_cli.dataset.synth import (
    CJK_FONT, _block_inline_choices, _Canvas, _draw_choice, build_synthetic, synth_page,
)
from commonforms_cli.fields import FieldClass
from commonforms_cli.pdf.drawing import glyph_ink

IMGSZ = 320
PAGES = 3
# build_synthetic(seed=1) draws pages 1_000_003..1_000_005: choice+text, all three classes,
# signature+text; so all three classes appear, and one page alone carries all of them.
SEED = 1
OTHER_SEED = 2
SKEWED_SEED = 0  # synth_page(0) turned scan-like is rotated by about 1 degree (|angle| > 0.2)


def build(out: Path, seed: int) -> dict:
    return build_synthetic(out, PAGES, seed=seed, imgsz=IMGSZ, jobs=1)


def files_of(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def label_lines(out: Path) -> list[list[tuple[int, float, float, float, float]]]:
    pages = []
    for path in sorted((out / "labels" / "train").glob("*.txt")):
        rows = []
        for line in path.read_text(encoding="utf-8").splitlines():
            cls, *box = line.split()
            rows.append((int(cls), *map(float, box)))
        pages.append(rows)
    return pages


def assert_boxes_valid(boxes) -> None:
    assert boxes
    for x0, y0, x1, y1 in boxes:
        assert 0.0 <= x0 < x1 <= 1.0 and 0.0 <= y0 < y1 <= 1.0, (x0, y0, x1, y1)


@pytest.fixture(scope="module")
def twice(tmp_path_factory):
    first, second = tmp_path_factory.mktemp("synth_a"), tmp_path_factory.mktemp("synth_b")
    return (first, build(first, SEED)), (second, build(second, SEED))


def test_same_seed_gives_identical_files(twice):
    (first, stats_a), (second, stats_b) = twice
    files = files_of(first)
    assert sorted(files) == [
        "data.yaml",
        *[f"images/train/synth_{i:06d}.png" for i in range(PAGES)],
        *[f"labels/train/synth_{i:06d}.txt" for i in range(PAGES)],
    ]
    assert files == files_of(second)  # labels and image bytes alike
    assert stats_a == stats_b


def test_different_seeds_give_different_pages(twice, tmp_path):
    (first, _), _ = twice
    build(tmp_path, OTHER_SEED)
    assert label_lines(tmp_path) != label_lines(first)
    for i in range(PAGES):
        name = f"images/train/synth_{i:06d}.png"
        assert (tmp_path / name).read_bytes() != (first / name).read_bytes()


def test_every_label_is_a_box_inside_the_image(twice):
    (first, _), _ = twice
    for rows in label_lines(first):
        assert_boxes_valid([(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2) for _, cx, cy, w, h in rows])
        assert all(w > 0 and h > 0 for _, _, _, w, h in rows)


def test_all_three_classes_appear_and_stats_count_them(twice):
    (first, stats), _ = twice
    pages = label_lines(first)
    counts = {name: sum(row[0] == i for rows in pages for row in rows)
              for i, name in enumerate(("text", "choice", "signature"))}
    assert all(counts.values()), counts
    assert stats == {"pages": PAGES, "fields": counts}
    assert any({row[0] for row in rows} == {0, 1, 2} for rows in pages)


def test_images_have_the_requested_size(twice):
    (first, _), _ = twice
    for path in (first / "images" / "train").glob("*.png"):
        image = Image.open(path)
        assert image.mode == "L" and max(image.size) == IMGSZ


def test_every_synthetic_field_has_a_visible_cue():
    """The generator's fields pass the same visible-cue rule the dataset builder applies to real forms."""
    page = synth_page(SEED * 1_000_003 + 1, IMGSZ, scan_probability=0.0)
    assert {label.cls for label in page.labels} == set(FieldClass)
    missing = [label for label in page.labels if not _has_visible_cue(page.image, label.bbox)]
    assert not missing


def test_scan_like_page_keeps_valid_boxes_near_the_clean_ones():
    clean = synth_page(SKEWED_SEED, IMGSZ, scan_probability=0.0)
    scanned = synth_page(SKEWED_SEED, IMGSZ, scan_probability=1.0)
    assert scanned.image.shape == clean.image.shape
    assert scanned.image.mean() < clean.image.mean()  # grey paper
    assert [l.cls for l in scanned.labels] == [l.cls for l in clean.labels]
    assert [l.bbox for l in scanned.labels] != [l.bbox for l in clean.labels]  # the page was skewed
    assert_boxes_valid([label.bbox for label in scanned.labels])
    for a, b in zip(scanned.labels, clean.labels):
        assert a.bbox == pytest.approx(b.bbox, abs=0.03)  # about a degree of skew moves boxes a little


def test_without_scan_the_page_is_deterministic_on_white_paper():
    a = synth_page(SKEWED_SEED, IMGSZ, scan_probability=0.0)
    b = synth_page(SKEWED_SEED, IMGSZ, scan_probability=0.0)
    assert np.array_equal(a.image, b.image) and a.labels == b.labels
    assert np.median(a.image) == 255  # white paper, no noise


def test_glyph_ink_of_the_box_glyph_lies_within_the_em_square():
    x0, y0, x1, y1 = glyph_ink(CJK_FONT, "□")
    assert 0.0 <= x0 < x1 <= 1.0  # right of the origin, within one em
    assert -1.0 <= y0 < y1 <= 0.25  # above the baseline (a little descent allowed), within one em
    assert x1 - x0 < 1.0 and y1 - y0 < 1.0  # the ink, not the em box
    assert (x1 - x0) == pytest.approx(y1 - y0, abs=0.05)  # a square glyph measures square


def test_a_glyph_check_box_is_labelled_where_its_ink_is():
    canvas = _Canvas(random.Random(0))
    canvas.ink = (0, 0, 0)
    x0, y0, x1, y1 = _draw_choice(canvas, 100.0, 100.0, 12.0, round_=False, glyph="□")
    zoom = 8
    pix = canvas.sheet.page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csGRAY, alpha=False)
    gray = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width)
    ys, xs = np.nonzero(gray < 128)
    ink = (xs.min() / zoom, ys.min() / zoom, (xs.max() + 1) / zoom, (ys.max() + 1) / zoom)
    canvas.sheet.close()
    assert y1 - y0 == pytest.approx(12.0)
    assert ink == pytest.approx((x0, y0, x1, y1), abs=0.6)  # within about half a point


def test_inline_check_boxes_are_labelled_on_their_drawn_squares_within_lines_of_text():
    canvas = _Canvas(random.Random(3))
    _block_inline_choices(canvas, 40.0, canvas.width - 40.0, 40.0)
    squares = [tuple(d["rect"]) for d in canvas.sheet.page.get_drawings()]
    spans = [line["bbox"] for block in canvas.sheet.page.get_text("dict")["blocks"] for line in block["lines"]]
    canvas.sheet.close()
    assert canvas.fields and {cls for cls, _ in canvas.fields} == {FieldClass.choice}
    for _, (x0, y0, x1, y1) in canvas.fields:
        assert x1 - x0 == pytest.approx(y1 - y0)
        assert any(s == pytest.approx((x0, y0, x1, y1), abs=1.0) for s in squares)  # the square is drawn there
        # a line of text shares the box's height: the box sits in running text, not in a block of its own
        assert any(min(y1, b[3]) - max(y0, b[1]) > 0.5 * (y1 - y0) for b in spans)
