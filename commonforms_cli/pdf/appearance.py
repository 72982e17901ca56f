"""Appearance streams: form XObjects drawn upright in a widget's displayed frame, and the font they use."""

from __future__ import annotations

import pymupdf

from ..geometry import WidgetFrame
from .objects import new_xref, pdf_number, set_nested

HELVETICA = "Helv"  # the /DR name of the form's default font
_HELVETICA_FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def _matrix(frame: WidgetFrame) -> str:
    """/Matrix that turns the upright displayed frame by the rotation onto the unrotated /Rect."""
    w, h = (pdf_number(v) for v in frame.user_size)
    return {
        0: "1 0 0 1 0 0",
        90: f"0 1 -1 0 {w} 0",
        180: f"-1 0 0 -1 {w} {h}",
        270: f"0 -1 1 0 0 {h}",
    }[frame.rotation]


def new_appearance(doc: pymupdf.Document, frame: WidgetFrame, content: str, resources: str = "<< >>") -> int:
    """A form XObject drawn upright in the widget's displayed frame and turned onto its /Rect (see WidgetFrame)."""
    w, h = (pdf_number(v) for v in frame.display_size)
    xref = new_xref(
        doc,
        f"<< /Type /XObject /Subtype /Form /BBox [0 0 {w} {h}] /Matrix [{_matrix(frame)}] /Resources {resources} >>",
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
