"""Display fractions <-> PDF user space, checked against what MuPDF actually renders."""

from __future__ import annotations

import numpy as np
import pymupdf
import pytest

from commonforms_cli.pdf.document import page_geometry
from commonforms_cli.geometry import PageGeometry, Raster
from commonforms_cli.pdf.render import render_page

CASES = [
    # (rotation, mediabox, cropbox)
    (0, (0, 0, 600, 800), None),
    (90, (0, 0, 600, 800), None),
    (180, (0, 0, 600, 800), None),
    (270, (0, 0, 600, 800), None),
    (0, (100, 50, 700, 850), (150, 100, 650, 700)),
    (90, (100, 50, 700, 850), (150, 100, 650, 700)),
    (270, (-300, -400, 300, 400), (-250, -300, 200, 350)),
]


def _mark(mediabox, cropbox):
    """A user-space rectangle inside the visible page, off-centre so mirror-image errors show."""
    x0, y0, x1, y1 = cropbox or mediabox
    w, h = x1 - x0, y1 - y0
    return (x0 + 0.2 * w, y0 + 0.6 * h, x0 + 0.45 * w, y0 + 0.7 * h)


def _page(rotation, mediabox, cropbox):
    doc = pymupdf.open()
    page = doc.new_page()
    doc.xref_set_key(page.xref, "MediaBox", "[%g %g %g %g]" % mediabox)
    if cropbox:
        doc.xref_set_key(page.xref, "CropBox", "[%g %g %g %g]" % cropbox)
    doc.xref_set_key(page.xref, "Rotate", str(rotation))
    # Paint MARK in raw user space: the content stream is not subject to PyMuPDF's conventions.
    x0, y0, x1, y1 = _mark(mediabox, cropbox)
    content = f"0 g {x0} {y0} {x1 - x0} {y1 - y0} re f".encode()
    xref = doc.get_new_xref()
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, content)
    doc.xref_set_key(page.xref, "Contents", f"{xref} 0 R")
    return doc, doc[0]


@pytest.mark.parametrize("rotation, mediabox, cropbox", CASES)
def test_user_rect_lands_where_mupdf_draws_it(rotation, mediabox, cropbox):
    doc, page = _page(rotation, mediabox, cropbox)
    geometry = page_geometry(page)
    image = render_page(page, 800)
    ink = np.argwhere(image.min(axis=2) < 128)
    (top, left), (bottom, right) = ink.min(axis=0), ink.max(axis=0) + 1
    height, width = image.shape[:2]
    expected = geometry.to_display_bbox(_mark(mediabox, cropbox))
    found = (left / width, top / height, right / width, bottom / height)
    assert found == pytest.approx(expected, abs=2.0 / 800)
    assert geometry.display_size == pytest.approx((page.rect.width, page.rect.height))


@pytest.mark.parametrize("rotation, mediabox, cropbox", CASES)
def test_round_trip(rotation, mediabox, cropbox):
    geometry = PageGeometry.from_boxes(mediabox, cropbox, rotation)
    bbox = (0.1, 0.2, 0.35, 0.3)
    assert geometry.to_display_bbox(geometry.to_user_rect(bbox)) == pytest.approx(bbox)


def test_widget_frame_matches_user_space():
    doc, page = _page(90, (100, 50, 700, 850), (150, 100, 650, 700))
    geometry = page_geometry(page)
    widget = pymupdf.Widget()
    widget.field_type, widget.field_name = pymupdf.PDF_WIDGET_TYPE_TEXT, "probe"
    widget.rect = pymupdf.Rect(10, 20, 110, 40)
    page.add_widget(widget)
    raw = [float(v) for v in doc.xref_get_key(page.first_widget.xref, "Rect")[1].strip("[]").split()]
    assert geometry.from_unrotated_points((10, 20, 110, 40)) == pytest.approx(geometry.to_display_bbox(raw))


def test_user_unit_scales_display_size_only():
    geometry = PageGeometry.from_boxes((0, 0, 100, 200), rotation=90, user_unit=2.0)
    assert geometry.display_size == (400.0, 200.0)
    assert geometry.to_user_rect((0, 0, 1, 1)) == pytest.approx((0, 0, 100, 200))


def test_cropbox_is_clipped_to_mediabox_and_odd_rotation_ignored():
    geometry = PageGeometry.from_boxes((0, 0, 100, 100), (-50, -50, 50, 50), rotation=45)
    assert geometry.cropbox == (0, 0, 50, 50)
    assert geometry.rotation == 0


@pytest.mark.parametrize("rotation,mediabox,cropbox", CASES)
def test_array_conversion_matches_the_one_box_conversion(rotation, mediabox, cropbox):
    """A page's characters are converted in one array; each row must be what one box gives."""
    geometry = PageGeometry.from_boxes(mediabox, cropbox, rotation)
    boxes = [(10, 20, 110, 40), (300, 5, 250, 60), (0, 0, 0, 0), (7.5, 700, 7.5, 700)]  # one reversed
    rows = geometry.from_unrotated_points_array(boxes)
    assert rows.shape == (4, 4)
    assert [tuple(row) for row in rows.tolist()] == [geometry.from_unrotated_points(box) for box in boxes]
    assert geometry.from_unrotated_points_array([]).shape == (0, 4)  # a page without text


def test_raster_maps_fractions_to_pixels_and_back():
    """The letterboxed model input: the page's picture 64 x 39 pixels at (0, 12) in the input."""
    raster = Raster(width=64, height=39, left=0, top=12)
    box = (0.25, 0.5, 0.75, 1.0)
    assert raster.to_pixels(box) == (16.0, 31.5, 48.0, 51.0)
    assert raster.pixel_size(box) == (32.0, 19.5)
    assert raster.to_fractions(raster.to_pixels(box)) == pytest.approx(box)
    rows = raster.to_fractions(np.array([raster.to_pixels(box)] * 2))
    assert rows.shape == (2, 4) and rows[1] == pytest.approx(box)
    assert Raster.of(np.zeros((39, 64, 3), np.uint8)) == Raster(64, 39)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_widget_frame_is_drawn_upright_and_turned_onto_the_rect(rotation):
    geometry = PageGeometry.from_boxes((0, 0, 600, 800), rotation=rotation)
    frame = geometry.widget_frame((0.1, 0.2, 0.4, 0.25))  # looks wide on every page
    assert frame.rect == geometry.to_user_rect((0.1, 0.2, 0.4, 0.25)) and frame.rotation == rotation
    width, height = frame.display_size
    assert width > height
    assert frame.user_size == ((height, width) if rotation in (90, 270) else (width, height))
