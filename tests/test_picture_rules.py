"""Rules printed in a picture of the page (a scan, a form exported as an image under its text
layer): found in the pixels, as a page's vector rules are found in its drawing."""

from __future__ import annotations

import io

import numpy as np
import pymupdf
from PIL import Image

from commonforms_cli import detect_fields
from commonforms_cli.pdf.document import page_geometry
from commonforms_cli.pdf.page_content import read_page_content
from commonforms_cli.pdf.picture_rules import picture_rules
from refine_forms import SIZE, DrawnForm


def _picture_of(drawn: DrawnForm, dpi: int = 150, tilt: float = 0.0) -> pymupdf.Document:
    """A page that is one picture of ``drawn`` (grey, ``tilt`` degrees askew, as scanned), with
    no drawing or text of its own."""
    pixmap = drawn.page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    image = Image.frombytes("L", (pixmap.width, pixmap.height), pixmap.samples)
    if tilt:
        image = image.rotate(tilt, resample=Image.Resampling.BICUBIC, fillcolor=255)
    png = io.BytesIO()
    image.save(png, format="PNG")
    doc = pymupdf.open()
    doc.new_page(width=SIZE, height=SIZE).insert_image(pymupdf.Rect(0, 0, SIZE, SIZE), stream=png.getvalue())
    return doc


def _in_points(rules: list[tuple[float, float, float]]) -> list[tuple[int, int, int]]:
    return sorted(tuple(round(v * SIZE) for v in rule) for rule in rules)


def test_rules_are_found_in_a_picture_and_glyphs_bars_and_boxes_are_not():
    drawn = DrawnForm()
    drawn.line(50, 550, 100)  # a rule across the page
    drawn.line(300, 500, 200)  # a line to write on
    drawn.vertical(300, 100, 150)  # a cell's side
    drawn.check_box(60, 260, "Yes")  # a check box's sides are shorter than a rule
    drawn.page.insert_text((50, 350), "HEADING TITLE", fontsize=30, fontname="hebo")
    drawn.page.draw_rect(pymupdf.Rect(50, 400, 550, 430), color=None, fill=(0, 0, 0))  # a black bar
    horizontal, vertical = picture_rules(_picture_of(drawn)[0])
    assert [rule[0] for rule in _in_points(horizontal)] == [100, 200]
    assert all(abs(got - want) <= 1 for rule, expected in zip(_in_points(horizontal), [(100, 50, 550), (200, 300, 500)])
               for got, want in zip(rule, expected))
    assert [(x, abs(y0 - 100) <= 1, abs(y1 - 150) <= 1) for x, y0, y1 in _in_points(vertical)] == [(300, True, True)]


def test_a_scanned_rule_a_little_askew_is_one_rule():
    drawn = DrawnForm()
    drawn.line(50, 550, 300)
    horizontal, _ = picture_rules(_picture_of(drawn, tilt=0.4)[0])  # 3.5 pt higher at one end
    assert len(horizontal) == 1
    assert horizontal[0][2] - horizontal[0][1] > 490 / SIZE


def test_a_page_that_draws_its_own_rules_over_a_picture_keeps_its_own():
    drawn = DrawnForm()
    drawn.line(50, 550, 300)
    page = _picture_of(drawn)[0]
    for y in range(400, 600, 20):  # a background picture, and the page's own table over it
        page.draw_line((50, y), (550, y), width=0.75)
    content = read_page_content(page, page_geometry(page))
    assert sorted(round(y * SIZE) for y in content.horizontal[:, 0]) == list(range(400, 600, 20))


def test_captions_of_side_by_side_cells_over_a_picture_of_the_form_label_their_own_cells(tmp_path):
    """A form exported as a picture, its words laid over it as a text layer a point off the
    picture's rules: the captions of two cells set close together are two captions."""
    cells = DrawnForm()
    rule = 42 + pymupdf.get_text_length("SOCIAL SECURITY NUMBER (only if applying for help)", "helv", 10) + 3
    for x0, x1 in ((40, rule), (rule, rule + 120)):
        cells.rect(x0, 40, x1, 72)
    form = DrawnForm()
    form.doc = _picture_of(cells)
    form.page = form.doc[0]
    form.text(42, 50, "SOCIAL SECURITY NUMBER (only if applying for help)")
    form.text(rule + 2, 50, "DATE OF BIRTH")  # a point left of where the picture's cell starts
    for x0, x1 in ((40, rule), (rule, rule + 120)):
        form.detect("text", x0 + 1, 54, x1 - 1, 71)
    pdf, model = form.save(tmp_path)
    assert [f.label for f in detect_fields(pdf, model=model).fields] == [
        "SOCIAL SECURITY NUMBER (only if applying for help)", "DATE OF BIRTH"
    ]
    assert np.isclose(read_page_content(form.page, page_geometry(form.page)).vertical[:, 0] * SIZE, rule, atol=1).any()
