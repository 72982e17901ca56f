"""Saving a PDF safely: atomically (never a half-written output), never over its input, and for a
signed PDF as an incremental update that leaves the signed bytes as they were."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pymupdf
from pymupdf import mupdf

from ..errors import OutputFileError, UnsupportedPdfError
from ..output_files import same_path, write_atomically
from .objects import mupdf_document


def save_pdf(doc: pymupdf.Document, output_path: str | os.PathLike, *, incremental: bool = False) -> None:
    """Write the document atomically (``write_atomically``): never a half-written output.

    Writing over the input is refused: the input is still being read.

    ``incremental`` appends the changes to a copy of the original bytes
    instead of rewriting the file, so the original revision (and any
    signature over it) stays byte-for-byte intact.
    """
    output = Path(output_path)
    if doc.name and same_path(doc.name, output):
        raise OutputFileError(f"{output}: is the input file; choose another output")
    if incremental and not doc.can_save_incrementally():
        name = doc.name or "<stdin>"
        raise UnsupportedPdfError(f"{name}: the PDF had to be repaired, so it cannot be updated incrementally")

    def write(temporary: Path) -> None:
        if incremental:
            _write_incremental(doc, temporary)
        else:
            # PDF_ENCRYPT_KEEP: an encrypted input gives an output with the same passwords.
            # no_new_id: keep the input's /ID rather than a fresh random one, so the same input
            # gives the same bytes (batches are reproducible whatever --jobs is).
            doc.save(str(temporary), garbage=1, deflate=True, encryption=pymupdf.PDF_ENCRYPT_KEEP, no_new_id=True)

    write_atomically(output, write)


def _write_incremental(doc, path: Path) -> None:
    """Copy the original bytes to ``path``, then let MuPDF append an update section.

    PyMuPDF's own incremental save only writes back onto the input file.
    """
    if doc.stream is not None:
        path.write_bytes(doc.stream)
    else:
        shutil.copyfile(doc.name, path)
    options = mupdf.PdfWriteOptions()
    options.do_incremental = 1
    out = mupdf.FzOutput(str(path), 1)  # 1: append
    try:
        mupdf.pdf_write_document(mupdf_document(doc), out, options)
    finally:
        out.fz_close_output()
