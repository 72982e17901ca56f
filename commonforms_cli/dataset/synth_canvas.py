"""One synthetic form page being drawn (pdf/drawing.py's Sheet), in one page style, with the
boxes of the fields drawn on it recorded in points from the top-left corner."""

from __future__ import annotations

import random

from ..fields import FieldClass
from ..geometry import Box
from ..pdf.drawing import Sheet, text_length
from .synth_words import WEIGHTS, WORDS

PAPER = {"letter": (612.0, 792.0), "a4": (595.0, 842.0), "legal": (612.0, 1008.0)}
LATIN_FONTS = (("helv", "hebo"), ("tiro", "tibo"), ("cour", "cobo"))
# Small captions are often set in another face than the body text (italic, or sans under serif).
CAPTION_FONTS = ("helv", "heit", "tiro", "tiit")
CJK_FONT = "china-s"  # MuPDF's built-in Droid Sans Fallback: CJK, Cyrillic, box glyphs


class Canvas:
    """A page's paper, language, fonts, ink and line weights, and the fields drawn so far."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        paper = rng.choices(list(PAPER), weights=[6, 3, 1])[0]
        width, height = PAPER[paper]
        if rng.random() < 0.08:
            width, height = height, width
        self.sheet = Sheet(width, height)
        self.width, self.height = width, height
        self.lang = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
        self.regular, self.bold = rng.choice(LATIN_FONTS)
        self.caption_font = self.regular if rng.random() < 0.6 else rng.choice(CAPTION_FONTS)
        self.size = rng.choice([7.0, 8.0, 8.0, 9.0, 9.0, 10.0, 11.0])
        self.ink = rng.choice([(0, 0, 0)] * 4 + [(0.15, 0.15, 0.35), (0.3, 0.3, 0.3), (0.1, 0.25, 0.1)])
        self.accent = rng.choice([(0.85, 0.85, 0.85), (0.8, 0.87, 0.95), (0.92, 0.92, 0.8), (0.2, 0.3, 0.5)])
        self.line_width = rng.choice([0.5, 0.75, 1.0, 1.0, 1.5])
        self.fields: list[tuple[FieldClass, Box]] = []

    def font_for(self, text: str, bold: bool = False, font: str | None = None) -> str:
        if any(ord(ch) > 0x24F for ch in text):
            return CJK_FONT
        return font or (self.bold if bold else self.regular)

    def text(self, x: float, y: float, text: str, size: float | None = None, bold=False, color=None,
             font: str | None = None) -> float:
        """Write text with its baseline at y; return its width."""
        size = size or self.size
        font = self.font_for(text, bold, font)
        self.sheet.text((x, y), text, font, size, color or self.ink)
        return self.width_of(text, size, bold, font)

    def caption(self, x: float, y: float, text: str, size: float) -> float:
        """A small caption (inside a cell, under a rule) in the page's caption face."""
        return self.text(x, y, text, size=size, font=self.caption_font)

    def width_of(self, text: str, size: float | None = None, bold=False, font: str | None = None) -> float:
        size = size or self.size
        font = self.font_for(text, bold, font)
        if font == CJK_FONT:
            return len(text) * size
        return text_length(text, font, size)

    def line(self, x0, y0, x1, y1, width=None, color=None):
        self.sheet.line((x0, y0), (x1, y1), color or self.ink, width or self.line_width)

    def rect(self, box, width=None, color=None, fill=None):
        self.sheet.rect(box, color if color is not None else self.ink, fill,
                        width if width is not None else self.line_width)

    def check_box(self, box: Box, width=None, color=None, round_: bool = False) -> Box:
        """Draw a check box (or radio circle) on ``box``, the path its stroke follows, and label it.

        Real check box widgets cover the printed square to its stroke's outer edge: 0 to 0.5 pt
        outside the square's path on each side (10th-90th percentile, 2,883 check boxes of 250
        corpus files), so the label is the path grown by half the stroke.
        """
        width = width if width is not None else self.line_width
        x0, y0, x1, y1 = box
        if round_:
            self.sheet.circle(((x0 + x1) / 2, (y0 + y1) / 2), (x1 - x0) / 2, color or self.ink, width)
        else:
            self.rect(box, width=width, color=color)
        grow = width / 2
        label = (x0 - grow, y0 - grow, x1 + grow, y1 + grow)
        self.field(FieldClass.choice, label)
        return label

    def field(self, cls: FieldClass, box: Box):
        x0, y0, x1, y1 = box
        if x1 - x0 > 2 and y1 - y0 > 2:
            self.fields.append((cls, (x0, y0, x1, y1)))

    # vocabulary ---------------------------------------------------------------
    def pick(self, table: dict):
        return self.rng.choice(table.get(self.lang) or table["en"])

    def sentence(self, words: int) -> str:
        text = " ".join(self.rng.choice(WORDS) for _ in range(words))
        return text[0].upper() + text[1:] + "."
