"""Appearance streams: form XObjects drawn upright in a widget's displayed frame, and the font they use."""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from .geometry import Box
from .pdf_objects import new_xref, pdf_number, set_nested

HELVETICA = "Helv"  # the /DR name of the form's default font
_HELVETICA_FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


@dataclass(frozen=True)
class Placement:
    """One widget's page, /Rect and rotation (its page's, or its /MK /R), and its appearance frame.

    Appearances are drawn upright in the displayed frame (``display_size``);
    ``matrix`` turns that frame by the rotation so that it lands on the
    unrotated /Rect. /MK /R tells viewers that regenerate to do the same.
    """

    page_xref: int
    rect: Box
    rotation: int

    @property
    def user_size(self) -> tuple[float, float]:
        return (self.rect[2] - self.rect[0], self.rect[3] - self.rect[1])

    @property
    def display_size(self) -> tuple[float, float]:
        w, h = self.user_size
        return (h, w) if self.rotation in (90, 270) else (w, h)

    @property
    def matrix(self) -> str:
        w, h = (pdf_number(v) for v in self.user_size)
        return {
            0: "1 0 0 1 0 0",
            90: f"0 1 -1 0 {w} 0",
            180: f"-1 0 0 -1 {w} {h}",
            270: f"0 -1 1 0 0 {h}",
        }[self.rotation]


def new_appearance(doc: pymupdf.Document, place: Placement, content: str, resources: str = "<< >>") -> int:
    """A form XObject drawn in the displayed frame and turned onto the /Rect."""
    w, h = (pdf_number(v) for v in place.display_size)
    xref = new_xref(
        doc,
        f"<< /Type /XObject /Subtype /Form /BBox [0 0 {w} {h}] /Matrix [{place.matrix}] /Resources {resources} >>",
    )
    doc.update_stream(xref, content.encode("latin-1"))
    return xref


def helvetica_resources(doc: pymupdf.Document, acroform: int) -> str:
    """/Resources naming the form's /Helv, added to /AcroForm /DR /Font if missing (other entries kept).

    poppler crashes when a user types into a field whose /DA font is missing from /DR.
    """
    kind, font = doc.xref_get_key(acroform, f"DR/Font/{HELVETICA}")
    if kind not in ("xref", "dict"):
        font = f"{new_xref(doc, _HELVETICA_FONT)} 0 R"
        set_nested(doc, acroform, ["DR", "Font", HELVETICA], font)
    return f"<< /Font << /{HELVETICA} {font} >> >>"
