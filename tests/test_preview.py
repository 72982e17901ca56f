"""preview: one PNG per page, the fields drawn in their class's colour on the page as rendered."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pymupdf
from PIL import Image

from commonforms_cli.errors import ExitCode
from commonforms_cli.fields import FieldClass
from commonforms_cli.preview import COLOURS, preview_form
from commonforms_cli.pdf.render import render_page
from conftest import FORM_BOXES, draw_flat_form

CLI = [sys.executable, "-m", "commonforms_cli"]


def centre_pixel(image: np.ndarray, bbox) -> tuple[int, int, int]:
    height, width = image.shape[:2]
    x, y = (bbox[0] + bbox[2]) / 2 * width, (bbox[1] + bbox[3]) / 2 * height
    return tuple(int(v) for v in image[int(y), int(x)])


def tinted_towards(pixel, colour) -> bool:
    """White tinted by ``colour``: its strongest channel stays brightest, the others drop."""
    strongest = int(np.argmax(colour))
    return all(pixel[strongest] > pixel[i] for i in range(3) if i != strongest)


def test_a_png_per_page_with_the_fields_drawn(tmp_path, form_model):
    pdf = draw_flat_form(tmp_path / "form.pdf", pages=2)
    out = tmp_path / "preview"
    result = subprocess.run([*CLI, "preview", pdf, "-o", out, "--model", form_model, "--size", "800"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    pngs = [out / "form-page1.png", out / "form-page2.png"]
    assert result.stdout.split() == [str(p) for p in pngs]
    with pymupdf.open(pdf) as doc:
        plain = render_page(doc[0], 800)
    for png in pngs:
        image = np.asarray(Image.open(png).convert("RGB"))
        assert image.shape == plain.shape
        assert (image != plain).any()  # not a plain render
        for name, score, bbox in FORM_BOXES:
            pixel = centre_pixel(image, bbox)
            if score >= 0.3:  # drawn only when above the default thresholds, as prepare writes
                assert tinted_towards(pixel, COLOURS[FieldClass(name)]), (name, pixel)
            else:
                assert pixel == centre_pixel(plain, bbox)


def test_preview_of_an_edited_fields_json(tmp_path, flat_pdf):
    data = {"pages": [{"index": 0, "fields": [{"kind": "signature", "bbox": [0.5, 0.5, 0.9, 0.6], "name": "sig"}]}]}
    (png,) = preview_form(flat_pdf, tmp_path, fields=data, size=600)
    image = np.asarray(Image.open(png).convert("RGB"))
    assert tinted_towards(centre_pixel(image, (0.5, 0.5, 0.9, 0.6)), COLOURS[FieldClass.signature])
    assert centre_pixel(image, FORM_BOXES[0][2]) == (255, 255, 255)  # nothing detected, nothing drawn


def test_preview_folder_that_cannot_be_made(tmp_path, flat_pdf, form_model):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    result = subprocess.run([*CLI, "preview", flat_pdf, "-o", blocked / "sub", "--model", form_model],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == ExitCode.output_file
    assert len(result.stderr.strip().splitlines()) == 1
