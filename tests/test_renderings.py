"""Filled pages (dataset/answers.py) and scanned pages (dataset/scan.py): the renderings that show the
detector forms with answers in them and forms that came through a scanner."""

from __future__ import annotations

import random

import numpy as np
import pymupdf

from commonforms_cli.dataset.answers import FILL_SHARE, draw_answers
from commonforms_cli.dataset.scan import scanned_page
from commonforms_cli.fields import FieldClass

TEXT = (0.1, 0.1, 0.6, 0.14)
CHECK = (0.1, 0.3, 0.13, 0.325)
SIGN = (0.1, 0.5, 0.6, 0.56)
LABELS = [(FieldClass.text, TEXT), (FieldClass.choice, CHECK), (FieldClass.signature, SIGN)] * 1


def blank(height=1216, width=940):
    return np.full((height, width), 255, dtype=np.uint8)


def ink_inside(image, box, margin=0.02):
    h, w = image.shape
    y0, y1 = int((box[1] - margin) * h), int((box[3] + margin) * h)
    x0, x1 = int((box[0] - margin) * w), int((box[2] + margin) * w)
    return int(np.count_nonzero(image[y0:y1, x0:x1] < 200))


def test_answers_appear_in_the_boxes_and_nowhere_else():
    seen = {cls: 0 for cls in FieldClass}
    for seed in range(30):
        filled = draw_answers(blank(), LABELS, random.Random(seed))
        total = int(np.count_nonzero(filled < 200))
        inside = sum(ink_inside(filled, box, margin=0.04) for _, box in LABELS)
        assert inside == total, seed  # no ink away from the fields
        for cls, box in LABELS:
            seen[cls] += ink_inside(filled, box) > 0
    for cls, share in FILL_SHARE.items():  # some fields filled, some left empty, as people do
        assert 0.3 * share * 30 < seen[cls] < 30, cls


def test_the_same_seed_gives_the_same_page_and_the_input_is_not_changed():
    page = blank()
    one = draw_answers(page, LABELS, random.Random("form:0"))
    two = draw_answers(page, LABELS, random.Random("form:0"))
    assert np.array_equal(one, two)
    assert (page == 255).all()


def test_a_scan_is_grey_noisy_and_the_size_the_renderer_gives():
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    page.draw_rect(pymupdf.Rect(72, 100, 300, 120), color=(0, 0, 0), width=1)
    scan = scanned_page(page, 1216, random.Random(1))
    assert scan.shape == (1216, round(612 * 1216 / 792)) and scan.dtype == np.uint8
    paper = scan[600:700, 400:500]
    assert 200 < paper.mean() < 252 and paper.std() > 0.5  # tinted, noisy paper
    assert scan[int(100 * 1216 / 792), 150] < 160  # the ruled box survives the scan
