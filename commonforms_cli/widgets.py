"""The form fields a PDF already has: read each widget as a display-fraction box.

Used by the writer (keep or replace existing fields), by the dataset builder
(existing widgets are the labels) and by eval (they are the ground truth).
"""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf

from .fields import FieldClass
from .geometry import Box, PageGeometry

# CommonForms' class map: Text + ComboBox -> text; CheckBox + Radio -> choice;
# Signature -> signature; push buttons and list boxes have no class.
_CLASS_OF_TYPE = {
    pymupdf.PDF_WIDGET_TYPE_TEXT: FieldClass.text,
    pymupdf.PDF_WIDGET_TYPE_COMBOBOX: FieldClass.text,
    pymupdf.PDF_WIDGET_TYPE_CHECKBOX: FieldClass.choice,
    pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON: FieldClass.choice,
    pymupdf.PDF_WIDGET_TYPE_SIGNATURE: FieldClass.signature,
}

_HIDDEN = 2  # annotation flag bits: Hidden
_NOVIEW = 32  # NoView


@dataclass(frozen=True)
class ExistingWidget:
    xref: int
    type_name: str  # "Text", "CheckBox", "RadioButton", "ComboBox", "ListBox", "Button", "Signature"
    field_class: FieldClass | None  # None: no detector class (button, list box)
    field_name: str
    tooltip: str
    hidden: bool  # Hidden or NoView flag set: never shown to a reader
    rect: Box  # the /Rect as written, in user space
    bbox: Box  # display fractions (may reach outside 0..1)


def read_widgets(page: pymupdf.Page, geometry: PageGeometry) -> list[ExistingWidget]:
    """Every widget annotation on the page, in the order the page lists them."""
    doc = page.parent
    found = []
    for widget in page.widgets():
        r = widget.rect
        if r.is_empty or r.is_infinite:
            continue
        bbox = geometry.from_unrotated_points((r.x0, r.y0, r.x1, r.y1))
        flags = _int_key(doc, widget.xref, "F") if widget.xref > 0 else 0
        found.append(
            ExistingWidget(
                xref=widget.xref,
                type_name=widget.field_type_string,
                field_class=_CLASS_OF_TYPE.get(widget.field_type),
                field_name=widget.field_name or "",
                tooltip=(widget.field_label or "").strip(),
                hidden=bool(flags & (_HIDDEN | _NOVIEW)),
                rect=geometry.to_user_rect(bbox),
                bbox=bbox,
            )
        )
    return found


def _int_key(doc: pymupdf.Document, xref: int, key: str) -> int:
    kind, value = doc.xref_get_key(xref, key)
    if kind != "int":
        return 0
    try:
        return int(value)
    except ValueError:
        return 0
