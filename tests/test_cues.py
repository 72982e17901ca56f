"""The cued truth (dataset/cues.py): a widget counts when the page draws its spot."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest
from PIL import Image

from commonforms_cli.dataset.cues import spots_shown
from commonforms_cli.fields import FieldClass
from commonforms_cli.pdf.render import render_page

W, H = 612.0, 792.0


def page_gray(draw) -> np.ndarray:
    doc = pymupdf.open()
    page = doc.new_page(width=W, height=H)
    draw(page)
    gray = np.asarray(Image.fromarray(render_page(page, 1216)).convert("L"))
    doc.close()
    return gray


def spot_shown(gray, cls, box) -> bool:
    (shown,) = spots_shown(gray, [(cls, box)])
    return shown


def frac(x0, y0, x1, y1):
    return (x0 / W, y0 / H, x1 / W, y1 / H)


BLANK = frac(150, 100, 400, 116)  # a text widget's box


@pytest.mark.parametrize("width", [0.25, 0.5, 1.0])
def test_a_rule_under_the_box_shows_it(width):
    gray = page_gray(lambda p: (p.insert_text((72, 114), "Name:", fontsize=10),
                                p.draw_line((150, 116), (400, 116), width=width)))
    assert spot_shown(gray, FieldClass.text, BLANK)


def test_a_dashed_rule_shows_it():
    gray = page_gray(lambda p: p.draw_line((150, 116), (400, 116), width=0.75, dashes="[3 1] 0"))
    assert spot_shown(gray, FieldClass.text, BLANK)


def test_a_caption_beside_blank_paper_does_not():
    gray = page_gray(lambda p: p.insert_text((72, 114), "Name:", fontsize=10))
    assert not spot_shown(gray, FieldClass.text, BLANK)


def test_text_inside_the_box_is_no_rule():
    gray = page_gray(lambda p: p.insert_text((150, 112), "Please print your full legal name here", fontsize=10))
    assert not spot_shown(gray, FieldClass.text, BLANK)


def test_a_table_cell_shows_a_box_at_its_top():
    # the widget fills the top of a tall cell whose bottom rule is far below it
    gray = page_gray(lambda p: p.draw_rect(pymupdf.Rect(148, 98, 402, 160), width=0.75))
    assert spot_shown(gray, FieldClass.text, BLANK)


def test_a_printed_square_shows_a_check_box_and_its_caption_alone_does_not():
    box = frac(100, 200, 110, 210)
    square = page_gray(lambda p: (p.draw_rect(pymupdf.Rect(100, 200, 110, 210), width=0.75),
                                  p.insert_text((114, 209), "Yes", fontsize=9)))
    caption = page_gray(lambda p: p.insert_text((114, 209), "Yes", fontsize=9))
    circle = page_gray(lambda p: p.draw_circle((105, 205), 5, width=0.75))
    assert spot_shown(square, FieldClass.choice, box)
    assert spot_shown(circle, FieldClass.choice, box)
    assert not spot_shown(caption, FieldClass.choice, box)
