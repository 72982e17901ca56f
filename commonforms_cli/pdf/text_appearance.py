"""Appearance streams for filled text and list fields, drawn as viewers draw what a person types.

The field's own /DA gives the font, size and colour. One line is centred
vertically; a multiline field wraps from the top; a comb puts one character
in each of its /MaxLen cells; /Q aligns left, centre or right. /MK's
background and border are drawn under the text. Size 0 (auto) is the largest
that fits the box, up to 12 pt, as viewers size it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pymupdf
from pymupdf import mupdf

from ..geometry import WidgetFrame
from .appearance import new_appearance
from .field_fonts import Font, field_font
from .fillable_fields import COMB, MULTILINE, PASSWORD, FormField, FormWidget
from .objects import mupdf_document, pdf_name, pdf_number

# Line height per font size. prepare sizes a multiline field's font with the same spacing
# (refine/kinds.py, LINE_SPACING), so that what it sized fits when filled; a test holds the two equal.
LINE_SPACING = 1.15

AUTO_MAX_PT = 12.0
AUTO_STEP_PT = 0.5
PADDING_PT = 2.0  # between the border and the text, as Acrobat leaves it
_HIGHLIGHT = "0.6 0.75 0.85 rg"  # a chosen list option's background, Acrobat's


@dataclass(frozen=True)
class DefaultAppearance:
    """A /DA string: ``/Helv 10 Tf 0 g``."""

    font: str
    size: float  # 0: auto
    colour: str  # the colour operator with its operands, "0 g" by default

    @classmethod
    def parse(cls, text: str) -> "DefaultAppearance":
        font = re.search(r"/([^\s/]+)\s+([-\d.]+)\s+Tf", text)
        colour = re.search(r"((?:[-\d.]+\s+){1,4})(g|rg|k)\b", text)
        size = abs(float(font[2])) if font and re.fullmatch(r"-?\d*\.?\d+", font[2]) else 0.0
        return cls(font[1] if font else "", size, " ".join(colour[1].split() + [colour[2]]) if colour else "0 g")


@dataclass(frozen=True)
class _Frame:
    """A widget's drawing frame: its displayed size, border width and colours."""

    width: float
    height: float
    border: float
    background: str  # fill operator, "" for none
    border_colour: str  # stroke operator, "" for none

    @property
    def inset(self) -> float:
        return self.border + PADDING_PT

    def decoration(self) -> str:
        """The background and the border, under the text, as Acrobat draws them."""
        parts = []
        if self.background:
            parts.append(f"q {self.background} 0 0 {pdf_number(self.width)} {pdf_number(self.height)} re f Q")
        if self.border_colour and self.border:
            half = self.border / 2
            parts.append(
                f"q {self.border_colour} {pdf_number(self.border)} w {pdf_number(half)} {pdf_number(half)} "
                f"{pdf_number(self.width - self.border)} {pdf_number(self.height - self.border)} re S Q"
            )
        return "\n".join(parts) + ("\n" if parts else "")


def draw_text(
    doc: pymupdf.Document, acroform: int, item: FormField, widget: FormWidget, shown: str
) -> tuple[int, bool]:
    """A new /N appearance of ``widget`` showing ``shown``: (its xref, whether the text overflows the box)."""
    obj = mupdf.pdf_load_object(mupdf_document(doc), widget.xref)
    da = DefaultAppearance.parse(mupdf.pdf_to_text_string(_inherited(doc, acroform, obj, "DA")))
    frame = _frame(obj, widget.place)
    text = "*" * len(shown) if item.flags & PASSWORD else shown
    font = field_font(doc, acroform, da.font, text)
    alignment = mupdf.pdf_to_int(_inherited(doc, acroform, obj, "Q"))
    if item.flags & COMB and item.max_len:
        size, lines, fits = _comb(text, item.max_len, da.size, font, frame)
    elif item.flags & MULTILINE:
        size, lines, fits = _multiline(text, da.size, font, frame, alignment)
    else:
        size, lines, fits = _single(text, da.size, font, frame, alignment)
    return _appearance(doc, widget.place, frame, font, size, da.colour, lines), not fits


def draw_list(doc: pymupdf.Document, acroform: int, item: FormField, widget: FormWidget, chosen: str) -> int:
    """A list box's appearance: its options from the top, the chosen one highlighted."""
    obj = mupdf.pdf_load_object(mupdf_document(doc), widget.xref)
    da = DefaultAppearance.parse(mupdf.pdf_to_text_string(_inherited(doc, acroform, obj, "DA")))
    frame = _frame(obj, widget.place)
    font = field_font(doc, acroform, da.font, "".join(shown for _, shown in item.options))
    size = da.size or min(AUTO_MAX_PT, _height_fit(frame.height - 2 * frame.border, font))
    step = size * LINE_SPACING
    top = frame.height - frame.border
    highlight, lines = "", []
    for row, (export, shown) in enumerate(item.options):
        baseline = top - (row + 1) * step - font.descent * size
        if export == chosen:
            highlight = (f"q {_HIGHLIGHT} {pdf_number(frame.border)} {pdf_number(top - (row + 1) * step)} "
                         f"{pdf_number(frame.width - 2 * frame.border)} {pdf_number(step)} re f Q\n")
        lines.append((frame.inset, baseline, shown))
    return _appearance(doc, widget.place, frame, font, size, da.colour, lines, under=highlight)


# --- layouts: (size, [(x, baseline, text)], fits) ----------------------------------------------
def _single(text: str, size: float, font: Font, frame: _Frame, alignment: int):
    room_x, room_y = frame.width - 2 * frame.inset, frame.height - 2 * frame.border
    if not size:
        size = min(AUTO_MAX_PT, _height_fit(room_y, font))
        if text and font.width(text, size) > room_x:
            size = max(math.floor(100 * room_x / font.width(text, 1.0)) / 100, 0.1)  # down: the PDF rounds
    baseline = (frame.height - (font.ascent - font.descent) * size) / 2 - font.descent * size
    width = font.width(text, size)
    return size, [(_aligned(frame, width, alignment), baseline, text)], width <= room_x + 0.01


def _multiline(text: str, size: float, font: Font, frame: _Frame, alignment: int):
    room_x, room_y = frame.width - 2 * frame.inset, frame.height - 2 * frame.inset
    sizes = [size] if size else [AUTO_MAX_PT - AUTO_STEP_PT * i for i in range(int(AUTO_MAX_PT / AUTO_STEP_PT) - 1)]
    for size in sizes:
        lines = _wrapped(text, size, font, room_x)
        if len(lines) * size * LINE_SPACING <= room_y:
            break
    top = frame.height - frame.inset - font.ascent * size
    placed = [(_aligned(frame, font.width(line, size), alignment), top - i * size * LINE_SPACING, line)
              for i, line in enumerate(lines)]
    return size, placed, len(lines) * size * LINE_SPACING <= room_y + 0.01


def _comb(text: str, cells: int, size: float, font: Font, frame: _Frame):
    cell = frame.width / cells
    widest = max((font.width(c, 1.0) for c in text), default=0.5)
    size = size or min(AUTO_MAX_PT, _height_fit(frame.height - 2 * frame.border, font), 0.9 * cell / widest)
    baseline = (frame.height - (font.ascent - font.descent) * size) / 2 - font.descent * size
    placed = [(i * cell + (cell - font.width(c, size)) / 2, baseline, c) for i, c in enumerate(text)]
    return size, placed, len(text) <= cells


def _wrapped(text: str, size: float, font: Font, room: float) -> list[str]:
    """Lines as a viewer wraps them: at spaces, and inside words longer than a line."""
    lines = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if font.width(candidate, size) <= room:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = word
            while len(line) > 1 and font.width(line, size) > room:
                cut = max((i for i in range(1, len(line)) if font.width(line[:i], size) <= room), default=1)
                lines.append(line[:cut])
                line = line[cut:]
        lines.append(line)
    return lines


def _height_fit(room: float, font: Font) -> float:
    """The largest size whose line fits ``room`` points of height, padding included."""
    return max((room - 2 * PADDING_PT) / (font.ascent - font.descent), 1.0)


def _aligned(frame: _Frame, width: float, alignment: int) -> float:
    if alignment == 1:
        return (frame.width - width) / 2
    if alignment == 2:
        return frame.width - frame.inset - width
    return frame.inset


# --- the stream ---------------------------------------------------------------------------------
def _appearance(
    doc, place: WidgetFrame, frame: _Frame, font: Font, size: float, colour: str, lines, under: str = ""
) -> int:
    inset = frame.border + 1
    text = "".join(
        f"1 0 0 1 {pdf_number(x)} {pdf_number(y)} Tm {font.encode(line)} Tj\n" for x, y, line in lines if line
    )
    content = (
        f"{frame.decoration()}{under}/Tx BMC\nq\n{pdf_number(inset)} {pdf_number(inset)} "
        f"{pdf_number(frame.width - 2 * inset)} {pdf_number(frame.height - 2 * inset)} re W n\n"
        + (f"BT\n{pdf_name(font.name)} {pdf_number(size)} Tf {colour}\n{text}ET\n" if text else "")
        + "Q\nEMC"
    )
    return new_appearance(doc, place, content, font.resources)


def _frame(obj, place: WidgetFrame) -> _Frame:
    width, height = place.display_size
    mk = mupdf.pdf_dict_get(obj, mupdf.PDF_ENUM_NAME_MK)
    background = _colour(mupdf.pdf_dict_get(mk, mupdf.PDF_ENUM_NAME_BG), fill=True)
    border_colour = _colour(mupdf.pdf_dict_get(mk, mupdf.PDF_ENUM_NAME_BC), fill=False)
    border_style = mupdf.pdf_dict_get(obj, mupdf.PDF_ENUM_NAME_BS)
    width_entry = mupdf.pdf_dict_get(border_style, mupdf.PDF_ENUM_NAME_W)
    border = mupdf.pdf_to_real(width_entry) if mupdf.pdf_is_number(width_entry) else (1.0 if border_colour else 0.0)
    return _Frame(width, height, max(border, 0.0), background, border_colour)


def _colour(array, fill: bool) -> str:
    """/MK colour array -> a colour operator; "" for none (an empty or missing array)."""
    if not mupdf.pdf_is_array(array):
        return ""
    values = [pdf_number(mupdf.pdf_to_real(mupdf.pdf_array_get(array, i))) for i in range(mupdf.pdf_array_len(array))]
    operator = {1: "g", 3: "rg", 4: "k"}.get(len(values))
    if operator is None:
        return ""
    return " ".join(values) + " " + (operator if fill else operator.upper())


def _inherited(doc, acroform: int, obj, key: str):
    """A field attribute from the widget, up its fields, else from /AcroForm."""
    value = mupdf.pdf_dict_get_inheritable(obj, mupdf.pdf_new_name(key))
    if not value.m_internal:
        value = mupdf.pdf_dict_gets(mupdf.pdf_load_object(mupdf_document(doc), acroform), key)
    return value
