"""A page as a 150-dpi greyscale scan of its print, for measuring the detector on scans.

Many flat forms reach the tool as scans: a page image at 150-300 dpi, grey, a little blurred
and noisy, JPEG-compressed. ``scanned_page`` makes that image from a PDF page (no skew, so
that the page's widget boxes stay the truth), at the size ``prepare`` would render it.
"""

from __future__ import annotations

import io
import random

from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageFilter

from ..pdf.render import render_print

if TYPE_CHECKING:
    import pymupdf

SCAN_DPI = 150


def scanned_page(page: pymupdf.Page, long_side: int, rng: random.Random, dpi: int = SCAN_DPI) -> np.ndarray:
    """``page`` printed and scanned at ``dpi`` (widgets hidden), then brought to ``long_side``
    pixels as the renderer would show that scan: H x W uint8 greyscale."""
    scan = scan_look(Image.fromarray(render_print(page, dpi)), rng)
    scale = long_side / max(scan.size)
    size = (max(1, round(scan.width * scale)), max(1, round(scan.height * scale)))
    return np.asarray(scan.resize(size, Image.BILINEAR))


def scan_look(image: Image.Image, rng: random.Random) -> Image.Image:
    """A greyscale page as a scanner returns it: a little blurred, on greyer paper, noisy,
    JPEG-compressed (training pages get it too: training/augment_pages.py)."""
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
    paper = rng.randint(225, 250)
    array = np.asarray(image, dtype=np.float32) * (paper / 255.0)
    array += np.random.default_rng(rng.randint(0, 2**31)).normal(0, rng.uniform(2, 6), array.shape)
    buffer = io.BytesIO()
    Image.fromarray(np.clip(array, 0, 255).astype(np.uint8)).save(buffer, "JPEG", quality=rng.randint(60, 85))
    return Image.open(buffer).convert("L")
