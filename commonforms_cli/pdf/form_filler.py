"""Values into the PDF: /V on each field, the chosen state on button widgets, new appearances for text;
and flattening (the values baked into the pages).

Every text and list widget gets a fresh appearance stream drawn here, so the
value shows in viewers that never regenerate one (print, pdf.js, Chrome) and
/NeedAppearances is left as the form had it. Check boxes and radio buttons
keep the appearances the form has for each state; filling picks one (/AS).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pymupdf

from .fillable_fields import COMBO, FillKind
from .objects import acroform_xref, delete_keys, pdf_name, sync_open_pages
from .text_appearance import draw_list, draw_text

if TYPE_CHECKING:
    from ..fill.values import Assignment  # what fill checked for each field: its field, value and shown text


def write_values(doc: pymupdf.Document, assignments: list[Assignment], warnings: list[str]) -> None:
    """Set every assigned field; a value too long for its box is written, and said in ``warnings``."""
    acroform = acroform_xref(doc)
    for assignment in assignments:
        item = assignment.field
        if item.kind in (FillKind.checkbox, FillKind.radio):
            doc.xref_set_key(item.xref, "V", pdf_name(assignment.value))
            for widget in item.widgets:
                state = assignment.value if widget.on_state == assignment.value else "Off"
                doc.xref_set_key(widget.xref, "AS", pdf_name(state))
            continue
        doc.xref_set_key(item.xref, "V", pymupdf.get_pdf_str(assignment.value))
        is_list = item.kind is FillKind.choice and not item.flags & COMBO
        if is_list:
            _set_list_index(doc, item, assignment.value)
        overflows = False
        for widget in item.widgets:
            if is_list:
                appearance = draw_list(doc, acroform, item, widget, assignment.value)
            else:
                appearance, overflow = draw_text(doc, acroform, item, widget, assignment.shown)
                overflows |= overflow
            doc.xref_set_key(widget.xref, "AP", f"<< /N {appearance} 0 R >>")
        if overflows:
            warnings.append(f"{item.name}: {assignment.shown!r} does not fit the box; viewers show it cut off")
    sync_open_pages(doc)


def flatten(doc: pymupdf.Document) -> None:
    """Bake the widgets' appearances into the pages: no fields are left."""
    doc.bake(annots=False, widgets=True)


def _set_list_index(doc: pymupdf.Document, item, value: str) -> None:
    """A list box's /I: the chosen option's index, which viewers read before /V."""
    index = next((i for i, (export, _) in enumerate(item.options) if export == value), None)
    if index is None:
        delete_keys(doc, item.xref, "I")
    else:
        doc.xref_set_key(item.xref, "I", f"[{index}]")
