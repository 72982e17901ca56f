"""The form fields a PDF already has: read each widget as a display-fraction box.

Used by the writer (keep or replace existing fields), by the dataset builder
(existing widgets are the labels) and by eval (they are the ground truth).
"""

from __future__ import annotations

from dataclasses import dataclass

import pymupdf
from pymupdf import mupdf

from ..fields import FieldClass
from ..geometry import Box, PageGeometry

# CommonForms' class map: Text + ComboBox -> text; CheckBox + Radio -> choice;
# Signature -> signature; push buttons and list boxes have no class.
_CLASS_OF_TYPE = {
    pymupdf.PDF_WIDGET_TYPE_TEXT: FieldClass.text,
    pymupdf.PDF_WIDGET_TYPE_COMBOBOX: FieldClass.text,
    pymupdf.PDF_WIDGET_TYPE_CHECKBOX: FieldClass.choice,
    pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON: FieldClass.choice,
    pymupdf.PDF_WIDGET_TYPE_SIGNATURE: FieldClass.signature,
}

_TYPE_NAMES = {
    pymupdf.PDF_WIDGET_TYPE_BUTTON: "Button",
    pymupdf.PDF_WIDGET_TYPE_CHECKBOX: "CheckBox",
    pymupdf.PDF_WIDGET_TYPE_COMBOBOX: "ComboBox",
    pymupdf.PDF_WIDGET_TYPE_LISTBOX: "ListBox",
    pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON: "RadioButton",
    pymupdf.PDF_WIDGET_TYPE_SIGNATURE: "Signature",
    pymupdf.PDF_WIDGET_TYPE_TEXT: "Text",
}
_HIDDEN = 2  # annotation flag bits: Hidden
_NOVIEW = 32  # NoView
_MULTILINE = 1 << 12  # field flag bit 13 (/Ff) of a text field: Multiline
_BUTTONS_WITH_STATES = (pymupdf.PDF_WIDGET_TYPE_CHECKBOX, pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON)


@dataclass(frozen=True)
class ExistingWidget:
    xref: int
    type_name: str  # "Text", "CheckBox", "RadioButton", "ComboBox", "ListBox", "Button", "Signature"
    field_class: FieldClass | None  # None: no detector class (button, list box)
    field_name: str
    tooltip: str
    hidden: bool  # Hidden or NoView flag set: never shown to a reader
    multiline: bool  # a text field whose /Ff sets Multiline (its text wraps)
    on_state: str  # a check box's or radio button's appearance name when on ("Yes", "1"); "" otherwise
    rect: Box  # the /Rect as written, in user space
    bbox: Box  # display fractions (may reach outside 0..1)


def read_widgets(page: pymupdf.Page, geometry: PageGeometry) -> list[ExistingWidget]:
    """Every widget annotation on the page, in the order the page lists them.

    Uses MuPDF's widget list directly rather than ``page.widgets()``, which
    parses each widget's /DA and stops the whole page at the first malformed
    one; here a damaged widget is skipped and the rest are read.
    """
    found = []
    widget = mupdf.pdf_first_widget(page._pdf_page())
    while widget.m_internal:
        try:
            record = _read_widget(widget, geometry)
        except mupdf.FzErrorBase:
            record = None
        if record is not None:
            found.append(record)
        widget = mupdf.pdf_next_widget(widget)
    return found


def _read_widget(widget, geometry: PageGeometry) -> ExistingWidget | None:
    box = mupdf.pdf_bound_widget(widget)  # display frame, see PageGeometry.from_display_points
    if not (box.x1 > box.x0 and box.y1 > box.y0) or mupdf.fz_is_infinite_rect(box):
        return None
    bbox = geometry.from_display_points((box.x0, box.y0, box.x1, box.y1))
    kind = mupdf.pdf_widget_type(widget)
    obj = mupdf.pdf_annot_obj(widget)
    return ExistingWidget(
        xref=mupdf.pdf_to_num(obj),
        type_name=_TYPE_NAMES.get(kind, "Unknown"),
        field_class=_CLASS_OF_TYPE.get(kind),
        field_name=mupdf.pdf_load_field_name(obj),
        tooltip=mupdf.pdf_dict_get_inheritable_text_string(obj, mupdf.PDF_ENUM_NAME_TU).strip(),
        hidden=bool(mupdf.pdf_annot_flags(widget) & (_HIDDEN | _NOVIEW)),
        multiline=kind == pymupdf.PDF_WIDGET_TYPE_TEXT and bool(mupdf.pdf_field_flags(obj) & _MULTILINE),
        on_state=_on_state(obj) if kind in _BUTTONS_WITH_STATES else "",
        rect=geometry.to_user_rect(bbox),
        bbox=bbox,
    )


def _on_state(obj) -> str:
    """The name of the widget's "on" appearance: a button field holds one such name as its value,
    so check boxes of one field with different on-states exclude each other, as radio buttons do."""
    state = mupdf.pdf_button_field_on_state(obj)
    return mupdf.pdf_to_name(state) if state.m_internal else ""
