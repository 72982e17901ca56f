"""The font a filled value is drawn in: the field's own (/DA, from /AcroForm /DR) where it can show it.

A simple font (Type1, TrueType) with WinAnsi encoding, or ASCII text in one
with its standard encoding, whose widths are known (its /Widths, or the
standard-14 metrics its name points to), draws the text itself. A subset
embedded font may lack the glyphs, a composite (Type0) font needs its own
encoding, and a symbol font shows no letters: those, and a /DA font missing
from /DR, give way to the form's Helvetica, as Acrobat does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pymupdf
from pymupdf import mupdf

from .appearance import HELVETICA, helvetica_resources
from .objects import mupdf_document, pdf_name

# Standard-14 families by what a font's name starts with, and their vertical metrics (em).
_FAMILIES = [("helvetica", "he"), ("arial", "he"), ("times", "ti"), ("courier", "co")]
_VERTICAL = {"he": (0.718, -0.207), "ti": (0.683, -0.217), "co": (0.629, -0.157)}
_SIMPLE = {"Type1", "TrueType", "MMType1"}


@dataclass(frozen=True)
class Font:
    """One font as an appearance stream uses it."""

    resources: str  # the appearance's /Resources, naming the font as ``name``
    name: str
    ascent: float  # above the baseline, in em
    descent: float  # below it, negative
    widths: tuple[int, list[float]] | None  # (/FirstChar, /Widths in 1/1000 em), else ``metrics``
    metrics: pymupdf.Font | None

    def width(self, text: str, size: float) -> float:
        """The width of ``text`` at ``size`` points."""
        if self.widths is None:
            return self.metrics.text_length(text, fontsize=size)
        first, widths = self.widths
        codes = text.encode("cp1252", "replace")
        return sum(widths[c - first] if 0 <= c - first < len(widths) else 0.0 for c in codes) * size / 1000

    def encode(self, text: str) -> str:
        """The text as a PDF hex string in the font's (WinAnsi) encoding."""
        return "<" + text.encode("cp1252", "replace").hex().upper() + ">"


def field_font(doc: pymupdf.Document, acroform: int, name: str, text: str) -> Font:
    """The /DR font ``name`` if it can draw ``text``, else the form's Helvetica."""
    form = mupdf.pdf_load_object(mupdf_document(doc), acroform)
    font = mupdf.pdf_dict_getp(form, f"DR/Font/{name}")
    own = _own_font(font, name, text) if name and mupdf.pdf_is_indirect(font) else None
    if own is not None:
        return own
    ascent, descent = _VERTICAL["he"]
    return Font(helvetica_resources(doc, acroform), HELVETICA, ascent, descent, None, pymupdf.Font("helv"))


def _own_font(font, name: str, text: str) -> Font | None:
    subtype = mupdf.pdf_to_name(mupdf.pdf_dict_get(font, mupdf.PDF_ENUM_NAME_Subtype))
    base = mupdf.pdf_to_name(mupdf.pdf_dict_get(font, mupdf.PDF_ENUM_NAME_BaseFont))
    encoding = mupdf.pdf_dict_get(font, mupdf.PDF_ENUM_NAME_Encoding)
    winansi = mupdf.pdf_to_name(encoding) == "WinAnsiEncoding"
    encodable = winansi or (not encoding.m_internal and text.isascii())
    if subtype not in _SIMPLE or re.match(r"[A-Z]{6}\+", base) or not encodable:
        return None
    descriptor = mupdf.pdf_dict_get(font, mupdf.PDF_ENUM_NAME_FontDescriptor)
    if mupdf.pdf_dict_get_int(descriptor, mupdf.PDF_ENUM_NAME_Flags) & 4:  # symbolic: no Latin letters
        return None
    family = next((short for prefix, short in _FAMILIES if base.lower().startswith(prefix)), None)
    widths = _widths(font)
    if widths is None and family is None:
        return None
    ascent, descent = _VERTICAL[family or "he"]
    if mupdf.pdf_is_dict(descriptor) and mupdf.pdf_dict_get_real(descriptor, mupdf.PDF_ENUM_NAME_Ascent) > 0:
        ascent = mupdf.pdf_dict_get_real(descriptor, mupdf.PDF_ENUM_NAME_Ascent) / 1000
        descent = mupdf.pdf_dict_get_real(descriptor, mupdf.PDF_ENUM_NAME_Descent) / 1000
    metrics = pymupdf.Font(_standard_name(family, base)) if widths is None else None
    resources = f"<< /Font << {pdf_name(name)} {mupdf.pdf_to_num(font)} 0 R >> >>"
    return Font(resources, name, ascent, descent, widths, metrics)


def _widths(font) -> tuple[int, list[float]] | None:
    array = mupdf.pdf_dict_get(font, mupdf.PDF_ENUM_NAME_Widths)
    if not mupdf.pdf_is_array(array) or not mupdf.pdf_array_len(array):
        return None
    first = mupdf.pdf_dict_get_int(font, mupdf.PDF_ENUM_NAME_FirstChar)
    return first, [mupdf.pdf_to_real(mupdf.pdf_array_get(array, i)) for i in range(mupdf.pdf_array_len(array))]


def _standard_name(family: str, base: str) -> str:
    """PyMuPDF's short name of the standard-14 face: helv, hebo, heit, hebi; tiro ...; cour ..."""
    lower = base.lower()
    bold, italic = "bold" in lower, "italic" in lower or "oblique" in lower
    style = {(False, False): {"he": "lv", "ti": "ro", "co": "ur"}[family], (True, False): "bo",
             (False, True): "it", (True, True): "bi"}[(bold, italic)]
    return family + style

