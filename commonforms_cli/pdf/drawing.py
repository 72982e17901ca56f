"""A blank PDF page to draw on, for the synthetic forms of dataset/synth.py: text, lines, boxes
and circles in points from the page's top-left corner, then the page as pixels."""

from __future__ import annotations

import functools

import numpy as np
import pymupdf

from ..geometry import Box
from .render import render_page

Colour = tuple[float, float, float]


class Sheet:
    """A new one-page PDF ``width`` x ``height`` points."""

    def __init__(self, width: float, height: float):
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=width, height=height)

    @property
    def size(self) -> tuple[float, float]:
        return (self.page.rect.width, self.page.rect.height)

    def text(self, origin: tuple[float, float], text: str, font: str, size: float, colour: Colour) -> None:
        """``text`` in one of MuPDF's built-in fonts, its baseline starting at ``origin``."""
        self.page.insert_text(origin, text, fontname=font, fontsize=size, color=colour)

    def line(self, start: tuple[float, float], end: tuple[float, float], colour: Colour, width: float) -> None:
        self.page.draw_line(start, end, color=colour, width=width)

    def rect(self, box: Box, colour: Colour | None, fill: Colour | None, width: float) -> None:
        self.page.draw_rect(pymupdf.Rect(*box), color=colour, fill=fill, width=width)

    def circle(self, centre: tuple[float, float], radius: float, colour: Colour, width: float) -> None:
        self.page.draw_circle(centre, radius, color=colour, width=width)

    def render(self, long_side: int) -> np.ndarray:
        """The page as ``prepare`` renders it: H x W x 3 RGB, its longer side ``long_side`` pixels."""
        return render_page(self.page, long_side)

    def close(self) -> None:
        self.doc.close()


def text_length(text: str, font: str, size: float) -> float:
    """How long ``text`` runs in a built-in font, in points."""
    return pymupdf.get_text_length(text, fontname=font, fontsize=size)


@functools.lru_cache(maxsize=None)
def glyph_ink(font: str, char: str) -> Box:
    """Where a glyph's ink lies relative to its text origin, in units of the font size.

    Font metrics describe the em box, not the ink (MuPDF's fallback font draws
    its box glyphs small and low), so measure a render once.
    """
    size, origin = 100.0, (50.0, 150.0)
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=200)
    page.insert_text(origin, char, fontname=font, fontsize=size)
    pix = page.get_pixmap(colorspace=pymupdf.csGRAY, alpha=False)
    ink = np.argwhere(np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width) < 128)
    doc.close()
    (top, left), (bottom, right) = ink.min(axis=0), ink.max(axis=0) + 1
    return (
        (left - origin[0]) / size, (top - origin[1]) / size, (right - origin[0]) / size, (bottom - origin[1]) / size
    )
