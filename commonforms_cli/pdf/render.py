"""Render a page as displayed (CropBox, /Rotate), without annotations or widgets.

The detector sees exactly what a reader would see on a flat form: existing
form fields and comments are not drawn, so they neither help nor confuse it.
The dataset builder uses this same function, so training and inference see
the same pixels.
"""

from __future__ import annotations

import numpy as np
import pymupdf


def render_page(page: pymupdf.Page, long_side: int) -> np.ndarray:
    """Render ``page`` so that its longer displayed side is ``long_side`` pixels.

    Returns an ``H x W x 3`` uint8 RGB array. The pixel count is bounded by
    ``long_side`` squared whatever the page's size in points (a 200-inch page
    and a 1-point page both come out at the model's size).
    """
    rect = page.rect
    longest = max(rect.width, rect.height)
    if longest <= 0:
        raise ValueError("page has an empty CropBox")
    scale = long_side / longest
    pix = page.get_pixmap(
        matrix=pymupdf.Matrix(scale, scale),
        colorspace=pymupdf.csRGB,
        alpha=False,
        annots=False,
    )
    image = np.frombuffer(pix.samples_mv, dtype=np.uint8)
    image = image.reshape(pix.height, pix.width, pix.n)
    return image.copy()  # own the memory: the pixmap is freed after return


def render_print(page: pymupdf.Page, dpi: int) -> np.ndarray:
    """``page`` as a printer at ``dpi`` dots per inch would print it in grey (no annotations or
    widgets): ``H x W`` uint8, what a scan of the print starts from (dataset/scan.py)."""
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False, annots=False)
    return np.frombuffer(pix.samples_mv, dtype=np.uint8).reshape(pix.height, pix.width).copy()


def builtin_font(name: str) -> bytes:
    """The file of one of MuPDF's built-in fonts ("helv", "tiro", "cour", ...), to draw text into pictures."""
    return pymupdf.Font(name).buffer
