"""Flat forms drawn for the refine tests, each with the detector boxes that go with it.

Pages are 600 x 600 pt, so a detector box in fractions is points / 600.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf

from conftest import detector_model

SIZE = 600.0
FONT = 10.0


class DrawnForm:
    """A flat page with labels and lines, and the boxes a perfect detector would find on it."""

    def __init__(self):
        self.doc = pymupdf.open()
        self.page = self.doc.new_page(width=SIZE, height=SIZE)
        self.boxes: list[tuple[str, float, tuple]] = []

    def text(self, x: float, baseline: float, words: str, bold: bool = False) -> float:
        """Words at a baseline; returns where they end."""
        font = "hebo" if bold else "helv"
        self.page.insert_text((x, baseline), words, fontsize=FONT, fontname=font)
        return x + pymupdf.get_text_length(words, fontname=font, fontsize=FONT)

    def text_ending_at(self, end: float, baseline: float, words: str) -> float:
        """Words set flush right, ending at ``end``; returns where they start."""
        start = end - pymupdf.get_text_length(words, fontname="helv", fontsize=FONT)
        self.text(start, baseline, words)
        return start

    def turned_text(self, x: float, bottom: float, words: str) -> None:
        """Words set on their side, read bottom to top from ``bottom`` (a narrow column's header),
        their foot at ``x``."""
        self.page.insert_text((x, bottom), words, fontsize=FONT, fontname="helv", rotate=90)

    def line(self, x0: float, x1: float, y: float) -> None:
        self.page.draw_line((x0, y), (x1, y), width=0.75)

    def vertical(self, x: float, y0: float, y1: float) -> None:
        self.page.draw_line((x, y0), (x, y1), width=0.75)

    def rect(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), width=0.75)

    def detect(self, cls: str, x0: float, y0: float, x1: float, y1: float, score: float = 0.9) -> None:
        self.boxes.append((cls, score, (x0 / SIZE, y0 / SIZE, x1 / SIZE, y1 / SIZE)))

    def labelled_line(self, label: str, x: float, baseline: float, x1: float) -> None:
        """``Label ____________`` with the text field on the line."""
        start = self.text(x, baseline, label) + 6
        self.line(start, x1, baseline + 2)
        self.detect("text", start, baseline - 11, x1, baseline + 2)

    def check_box(self, x: float, baseline: float, label: str = "") -> float:
        """``[ ] label``: a drawn square with its label on the right; returns where the label ends."""
        self.rect(x, baseline - 8, x + 8, baseline)
        self.detect("choice", x, baseline - 8, x + 8, baseline)
        return self.text(x + 11, baseline, label) if label else x + 8

    def left_labelled_box(self, x: float, baseline: float, label: str) -> float:
        """``label [ ]``: a drawn square with its label on the left; returns where the square ends."""
        x = self.text(x, baseline, label) + 4
        self.rect(x, baseline - 8, x + 8, baseline)
        self.detect("choice", x, baseline - 8, x + 8, baseline)
        return x + 8

    def radio_circle(self, x: float, baseline: float, label: str) -> float:
        """``( ) label``: a drawn circle (a printed radio button) with its label on the right;
        returns where the label ends."""
        self.page.draw_circle((x + 4, baseline - 4), 4, width=0.75)
        self.detect("choice", x, baseline - 8, x + 8, baseline)
        return self.text(x + 11, baseline, label)

    def glyph_box(self, x: float, baseline: float, label: str) -> float:
        """``o label`` with the "o" set in ZapfDingbats, where it draws a square (as Wingdings
        does): a check box typed as text, on the same text line as its label; returns where the
        label ends."""
        self.page.insert_text((x, baseline), "o", fontsize=FONT, fontname="zadb")
        self.detect("choice", x, baseline - 8, x + 8, baseline)
        return self.text(x + 11, baseline, label)

    def ruled_table(self, x0: float, top: float, headers: list[str], width: float, rows: int,
                    row_height: float = 18.0) -> None:
        """A table: column headers, then ``rows`` ruled rows under them, ``width`` per column, with
        a detector that merges each column's rows into one tall box (as it does on unseen forms)."""
        bottom = top + rows * row_height
        for column, header in enumerate(headers):
            left = x0 + column * width
            self.text(left + 3, top - 4, header)
            self.vertical(left, top, bottom)
            self.detect("text", left + 1, top + 1, left + width - 1, bottom)
        self.vertical(x0 + len(headers) * width, top, bottom)
        for row in range(rows + 1):
            self.line(x0, x0 + len(headers) * width, top + row * row_height)

    def save(self, folder: Path, name: str = "form") -> tuple[Path, Path]:
        """The PDF and a detector that finds exactly the boxes given."""
        pdf = folder / f"{name}.pdf"
        self.doc.save(pdf)
        return pdf, detector_model(folder / f"{name}.onnx", self.boxes)
