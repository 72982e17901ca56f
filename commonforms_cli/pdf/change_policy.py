"""How an existing PDF may be changed: refused, appended as an incremental update, or its XFA dropped."""

from __future__ import annotations

import pymupdf

from ..errors import UnsupportedPdfError
from .document import form_state
from .form_writer import remove_xfa


def change_policy(doc: pymupdf.Document, name: str, change: str, removing: str | None, warnings: list[str]) -> bool:
    """Whether to save ``doc`` as an incremental update; raises where the change is refused.

    A signed PDF keeps its signatures valid only if the signed bytes stay as
    they are, so changes go into an incremental update; removing its fields
    (the option ``removing`` names, when given), or changing a PDF certified to
    allow no changes, would break them. An XFA form is dropped, or XFA-first
    viewers would ignore the AcroForm. ``change`` says what would be done
    ("adding fields"), for the message.
    """
    state = form_state(doc)
    if state.certified_no_changes:
        raise UnsupportedPdfError(f"{name}: the PDF is certified to allow no changes; {change} would void it")
    if state.signed and removing:
        raise UnsupportedPdfError(f"{name}: the PDF is signed; {removing} would remove its signatures")
    if state.has_xfa:
        remove_xfa(doc)
        warnings.append(f"{name}: removed the XFA form (XFA viewers would ignore the changed fields)")
    if state.signed:
        warnings.append(f"{name}: signed: changes appended as an incremental update, signatures kept")
    return state.signed
