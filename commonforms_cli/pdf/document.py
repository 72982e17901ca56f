"""Opening PDFs safely, and reading each page's geometry as the renderer sees it."""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Union

import pymupdf
from pymupdf import mupdf

from ..errors import EncryptedPdfError, InputFileError
from ..geometry import PageGeometry
from .objects import xref_of

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

Source = Union[str, os.PathLike, bytes]


def open_pdf(source: Source, password: str | None = None) -> pymupdf.Document:
    """Open a PDF for reading, or raise an error a user can act on.

    MuPDF repairs broken cross-reference tables on open, so a damaged file
    that can still be rendered is processed; one that cannot fails here.
    """
    name = "<stdin>" if isinstance(source, (bytes, bytearray)) else str(source)
    if not isinstance(source, (bytes, bytearray)):
        path = Path(source)
        if not path.exists():
            raise InputFileError(f"{name}: no such file")
        if path.is_dir():
            raise InputFileError(f"{name}: is a folder, not a PDF")
        if path.stat().st_size == 0:
            raise InputFileError(f"{name}: the file is empty")
    try:
        if isinstance(source, (bytes, bytearray)):
            if not source:
                raise InputFileError(f"{name}: the input is empty")
            doc = pymupdf.open(stream=bytes(source), filetype="pdf")
        else:
            doc = pymupdf.open(str(source), filetype="pdf")
    except InputFileError:
        raise
    except Exception as exc:  # MuPDF raises several types for unreadable files
        raise InputFileError(f"{name}: not a PDF or damaged beyond repair ({_short(exc)})") from exc

    if not doc.is_pdf:
        doc.close()
        raise InputFileError(f"{name}: not a PDF")
    if doc.needs_pass:
        if password is None:
            doc.close()
            raise EncryptedPdfError(f"{name}: the PDF is encrypted; give its password with --password")
        if not doc.authenticate(password):
            doc.close()
            raise EncryptedPdfError(f"{name}: the password does not open this PDF")
    try:
        pages = doc.page_count
    except Exception as exc:
        doc.close()
        raise InputFileError(f"{name}: damaged page tree ({_short(exc)})") from exc
    if pages == 0:
        doc.close()
        raise InputFileError(f"{name}: the PDF has no pages")
    return doc


@contextlib.contextmanager
def reading(name: str):
    """MuPDF errors raised while a document is processed mean the file is damaged.

    MuPDF repairs what it can on open, but some damage only shows when an
    object is reached (a broken dictionary, a dangling reference); that is
    the input's fault, so it becomes one clear InputFileError.
    """
    try:
        yield
    except mupdf.FzErrorBase as exc:
        raise InputFileError(f"{name}: damaged PDF ({_short(exc)})") from exc
    except ValueError as exc:  # PyMuPDF's own check for references to missing objects
        if str(exc) != pymupdf.MSG_BAD_XREF:
            raise
        raise InputFileError(f"{name}: damaged PDF (a reference to a missing object)") from exc


@dataclass(frozen=True)
class FormState:
    """What in an existing PDF constrains how it may be changed."""

    signed: bool  # a signature field holds a signature: only an incremental update keeps it valid
    certified_no_changes: bool  # a DocMDP certification with P=1: no change at all is allowed
    has_xfa: bool  # an XFA form: XFA-first viewers would ignore new AcroForm fields


def form_state(doc: pymupdf.Document) -> FormState:
    catalog = doc.pdf_catalog()
    kind, value = doc.xref_get_key(catalog, "AcroForm")
    acroform_text = doc.xref_object(xref_of(value)) if kind == "xref" else (value if kind == "dict" else "")
    has_xfa = "/XFA" in acroform_text
    signed = any(_holds_signature(doc, xref) for page in doc for xref in _signature_widgets(page))
    certified_no_changes = False
    kind, value = doc.xref_get_key(catalog, "Perms/DocMDP")
    if kind == "xref":
        certification = doc.xref_object(xref_of(value), compressed=True)
        certified_no_changes = bool(re.search(r"/TransformMethod\s*/DocMDP", certification)) and bool(
            re.search(r"/P\s+1\b", certification)
        )
    return FormState(signed, certified_no_changes, has_xfa)


def _signature_widgets(page: pymupdf.Page):
    """Signature widgets' xrefs, through MuPDF's widget list (page.widgets() stops at a bad /DA)."""
    widget = mupdf.pdf_first_widget(page._pdf_page())
    while widget.m_internal:
        if mupdf.pdf_widget_type(widget) == pymupdf.PDF_WIDGET_TYPE_SIGNATURE:
            yield mupdf.pdf_to_num(mupdf.pdf_annot_obj(widget))
        widget = mupdf.pdf_next_widget(widget)


def _holds_signature(doc: pymupdf.Document, xref: int) -> bool:
    """A signature field whose /V (own or inherited from its parent field) is a signature dictionary."""
    while xref > 0:
        kind, _ = doc.xref_get_key(xref, "V")
        if kind in ("xref", "dict"):
            return True
        kind, parent = doc.xref_get_key(xref, "Parent")
        xref = xref_of(parent) if kind == "xref" else 0
    return False


def page_geometry(page: pymupdf.Page) -> PageGeometry:
    """The page's boxes in PDF user space, exactly as MuPDF renders them.

    PyMuPDF reports the MediaBox as written but the CropBox flipped into its
    own top-down frame (y' = MediaBox.y1 - y); undo that here so that
    geometry.py works purely in PDF terms.
    """
    media = page.mediabox
    crop = page.cropbox
    raw_crop = (crop.x0, media.y1 - crop.y1, crop.x1, media.y1 - crop.y0)
    return PageGeometry.from_boxes(
        (media.x0, media.y0, media.x1, media.y1),
        raw_crop,
        rotation=page.rotation,
        user_unit=_user_unit(page),
    )


def _user_unit(page: pymupdf.Page) -> float:
    """The page's /UserUnit (PDF 1.6: points per user-space unit); MuPDF itself ignores it."""
    value = mupdf.pdf_dict_get(page._pdf_page().obj(), mupdf.PDF_ENUM_NAME_UserUnit)
    unit = mupdf.pdf_to_real(value) if mupdf.pdf_is_number(value) else 1.0
    return unit if unit > 0 else 1.0


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
