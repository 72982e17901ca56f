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
    """A new one-page PDF ``width`` x ``height`` points.

    Everything drawn goes into one shape, committed once when the page is read: committing each
    line as ``Page.draw_*`` does rewrites the growing content stream every time, which took more
    than half of a synthetic page's drawing time. Text lies over every drawing, as forms print it.
    """

    def __init__(self, width: float, height: float):
        self._doc = pymupdf.open()
        self._page = self._doc.new_page(width=width, height=height)
        self._shape = self._page.new_shape()
        self._writers: list[pymupdf.TextWriter] = []  # text written with embedded fonts, after the shape

    @property
    def page(self) -> pymupdf.Page:
        """The page with everything drawn so far on it."""
        if self._shape.totalcont or self._shape.text_cont or self._writers:  # finish() moves drawings to totalcont
            self._shape.commit()
            for writer in self._writers:
                writer.write_text(self._page)
            self._shape, self._writers = self._page.new_shape(), []
        return self._page

    @property
    def doc(self) -> pymupdf.Document:
        """The one-page PDF with everything drawn so far on it."""
        return self.page.parent

    @property
    def size(self) -> tuple[float, float]:
        return (self._page.rect.width, self._page.rect.height)

    def text(self, origin: tuple[float, float], text: str, font: str, size: float, colour: Colour) -> None:
        """``text`` in one of MuPDF's built-in fonts, its baseline starting at ``origin``.

        A base-14 font written the plain way is WinAnsi-encoded and drops Polish or Czech letters
        (ą, ł, ő); written through a TextWriter it is embedded and keeps every glyph it has.
        """
        if _win_ansi(text) or font not in _LATIN_BASE14:
            self._shape.insert_text(origin, text, fontname=font, fontsize=size, color=colour)
            return
        writer = pymupdf.TextWriter(self._page.rect, color=colour)
        writer.append(origin, text, font=_font(font), fontsize=size)
        self._writers.append(writer)

    def line(self, start: tuple[float, float], end: tuple[float, float], colour: Colour, width: float) -> None:
        self._shape.draw_line(start, end)
        self._shape.finish(color=colour, width=width, closePath=False)

    def rect(self, box: Box, colour: Colour | None, fill: Colour | None, width: float) -> None:
        self._shape.draw_rect(pymupdf.Rect(*box))
        self._shape.finish(color=colour, fill=fill, width=width)

    def polygon(self, points: list[tuple[float, float]], fill: Colour) -> None:
        """A closed, filled shape with no outline (the arrowheads that point at a signature line)."""
        self._shape.draw_polyline(points)
        self._shape.finish(color=None, fill=fill, width=0, closePath=True)

    def circle(self, centre: tuple[float, float], radius: float, colour: Colour, width: float) -> None:
        self._shape.draw_circle(centre, radius)
        self._shape.finish(color=colour, width=width)

    def render(self, long_side: int) -> np.ndarray:
        """The page as ``prepare`` renders it: H x W x 3 RGB, its longer side ``long_side`` pixels."""
        return render_page(self.page, long_side)

    def close(self) -> None:
        self._doc.close()


def text_length(text: str, font: str, size: float) -> float:
    """How long ``text`` runs in a built-in font, in points (as ``Sheet.text`` writes it)."""
    if _win_ansi(text) or font not in _LATIN_BASE14:
        return pymupdf.get_text_length(text, fontname=font, fontsize=size)
    return _font(font).text_length(text, fontsize=size)


# The base-14 text fonts: MuPDF's copies cover Latin Extended-A, though WinAnsi reaches only Latin-1.
_LATIN_BASE14 = {"helv", "heit", "hebo", "hebi", "tiro", "tiit", "tibo", "tibi", "cour", "coit", "cobo", "cobi"}


def _win_ansi(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


@functools.lru_cache(maxsize=None)
def _font(name: str) -> pymupdf.Font:
    return pymupdf.Font(name)


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
