"""Opening PDFs safely, and reading each page's geometry as the renderer sees it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Union

import pymupdf

from .errors import EncryptedPdfError, InputFileError
from .geometry import PageGeometry

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
    kind, value = page.parent.xref_get_key(page.xref, "UserUnit")
    if kind not in ("int", "real"):
        return 1.0
    try:
        return float(value)
    except ValueError:
        return 1.0


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
