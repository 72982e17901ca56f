"""The fields of a fillable PDF as ``fill`` sees them: name, label, kind, widgets and the values they take.

Read through MuPDF's widget list, page by page (as pdf/existing_widgets.py does): a field is
what its widgets share, the nearest dictionary up their /Parent chain with a
/T. Widgets listed inline in /Annots (no object number) cannot be changed in
place and are skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from enum import Enum

import pymupdf
from pymupdf import mupdf

from ..geometry import WidgetFrame
from ..field_formats import FieldFormat, format_of_script

# Field flag (/Ff) bits, PDF 32000-1 tables 226, 228, 230.
MULTILINE = 1 << 12
PASSWORD = 1 << 13
COMBO = 1 << 17
EDIT = 1 << 18  # a combo box that also takes text of its own
COMB = 1 << 24


class FillKind(str, Enum):
    """What a value does to a field."""

    text = "text"
    checkbox = "checkbox"
    radio = "radio"
    choice = "choice"  # a combo box or list box: one of its options
    signature = "signature"  # signed, not filled
    button = "button"  # a push button: no value


_KIND_OF_TYPE = {
    pymupdf.PDF_WIDGET_TYPE_TEXT: FillKind.text,
    pymupdf.PDF_WIDGET_TYPE_CHECKBOX: FillKind.checkbox,
    pymupdf.PDF_WIDGET_TYPE_RADIOBUTTON: FillKind.radio,
    pymupdf.PDF_WIDGET_TYPE_COMBOBOX: FillKind.choice,
    pymupdf.PDF_WIDGET_TYPE_LISTBOX: FillKind.choice,
    pymupdf.PDF_WIDGET_TYPE_SIGNATURE: FillKind.signature,
    pymupdf.PDF_WIDGET_TYPE_BUTTON: FillKind.button,
}


@dataclass(frozen=True)
class FormWidget:
    xref: int
    place: WidgetFrame  # the /Rect, turned by /MK /R as viewers turn generated appearances
    on_state: str  # a check box or radio widget's on-state; "" for other kinds, or none drawn
    label: str  # the widget's own /TU: a radio option's answer
    export_value: str  # the /Opt entry of a button widget ("" if none): its value when state names are indices


@dataclass
class FormField:
    name: str  # fully qualified, parent names joined by "."
    label: str  # /TU, the tooltip (what prepare writes from the printed label)
    kind: FillKind
    xref: int  # the field dictionary (a widget's own, when field and widget are one object)
    flags: int
    max_len: int = 0
    options: list[tuple[str, str]] = dataclass_field(default_factory=list)  # choice: (export value, shown text)
    format: FieldFormat | None = None  # from the field's /AA /F script
    widgets: list[FormWidget] = dataclass_field(default_factory=list)

    @property
    def on_states(self) -> list[str]:
        """Distinct on-states, in widget order."""
        return list(dict.fromkeys(w.on_state for w in self.widgets if w.on_state))


def read_form(doc: pymupdf.Document) -> list[FormField]:
    """Every field that has a widget on a page, in page and /Annots order."""
    fields: dict[int, FormField] = {}
    for page in doc:
        widget = mupdf.pdf_first_widget(page._pdf_page())
        while widget.m_internal:
            obj = mupdf.pdf_annot_obj(widget)
            if mupdf.pdf_is_indirect(obj):
                _add_widget(fields, obj, widget)
            widget = mupdf.pdf_next_widget(widget)
    return list(fields.values())


def _add_widget(fields: dict[int, FormField], obj, widget) -> None:
    field_obj = _field_of(obj)
    xref = mupdf.pdf_to_num(field_obj)
    if xref not in fields:
        fields[xref] = _read_field(field_obj, xref, mupdf.pdf_widget_type(widget))
    item = fields[xref]
    rect = mupdf.pdf_dict_get_rect(obj, mupdf.PDF_ENUM_NAME_Rect)
    rotation = mupdf.pdf_dict_get_int(mupdf.pdf_dict_get(obj, mupdf.PDF_ENUM_NAME_MK), mupdf.PDF_ENUM_NAME_R) % 360
    item.widgets.append(FormWidget(
        xref=mupdf.pdf_to_num(obj),
        place=WidgetFrame((rect.x0, rect.y0, rect.x1, rect.y1), rotation if rotation in (90, 180, 270) else 0),
        on_state=_on_state(obj) if item.kind in (FillKind.checkbox, FillKind.radio) else "",
        label=mupdf.pdf_dict_get_text_string(obj, mupdf.PDF_ENUM_NAME_TU).strip(),
        export_value=_button_export_value(field_obj, obj),
    ))


def _field_of(obj):
    """The field a widget belongs to: itself if it has a /T, else the nearest parent that has."""
    node = obj
    while node.m_internal and not mupdf.pdf_dict_get(node, mupdf.PDF_ENUM_NAME_T).m_internal:
        parent = mupdf.pdf_dict_get(node, mupdf.PDF_ENUM_NAME_Parent)
        if not parent.m_internal:
            return obj
        node = parent
    return node if node.m_internal else obj


def _read_field(obj, xref: int, widget_type: int) -> FormField:
    kind = _KIND_OF_TYPE.get(widget_type, FillKind.button)
    max_len = mupdf.pdf_to_int(mupdf.pdf_dict_get_inheritable(obj, mupdf.PDF_ENUM_NAME_MaxLen))
    return FormField(
        name=mupdf.pdf_load_field_name(obj),
        label=mupdf.pdf_dict_get_inheritable_text_string(obj, mupdf.PDF_ENUM_NAME_TU).strip(),
        kind=kind,
        xref=xref,
        flags=mupdf.pdf_field_flags(obj),
        max_len=max_len,
        options=_choice_options(obj) if kind is FillKind.choice else [],
        format=format_of_script(_format_script(obj)) if kind is FillKind.text else None,
    )


def _on_state(obj) -> str:
    """The first state other than /Off in the widget's normal appearances."""
    states = mupdf.pdf_dict_getp(obj, "AP/N")
    if not mupdf.pdf_is_dict(states) or mupdf.pdf_is_stream(states):
        return ""
    for i in range(mupdf.pdf_dict_len(states)):
        name = mupdf.pdf_to_name(mupdf.pdf_dict_get_key(states, i))
        if name != "Off":
            return name
    return ""


def _button_export_value(field_obj, obj) -> str:
    """A button widget's /Opt entry: the parent's /Opt, at the widget's place among its /Kids."""
    options = mupdf.pdf_dict_get_inheritable(field_obj, mupdf.PDF_ENUM_NAME_Opt)
    kids = mupdf.pdf_dict_get(field_obj, mupdf.PDF_ENUM_NAME_Kids)
    if not mupdf.pdf_is_array(options) or not mupdf.pdf_is_array(kids):
        return ""
    for i in range(min(mupdf.pdf_array_len(kids), mupdf.pdf_array_len(options))):
        if mupdf.pdf_to_num(mupdf.pdf_array_get(kids, i)) == mupdf.pdf_to_num(obj):
            return mupdf.pdf_to_text_string(mupdf.pdf_array_get(options, i))
    return ""


def _choice_options(obj) -> list[tuple[str, str]]:
    """(export value, shown text) of each option; an option given as one string is both."""
    return [
        (mupdf.pdf_choice_field_option(obj, 1, i), mupdf.pdf_choice_field_option(obj, 0, i))
        for i in range(mupdf.pdf_choice_field_option_count(obj))
    ]


def _format_script(obj) -> str:
    """The JavaScript of the field's format action (/AA /F), a string or a stream; "" if none."""
    script = mupdf.pdf_dict_getp(obj, "AA/F/JS")
    if mupdf.pdf_is_stream(script):
        return bytes(mupdf.pdf_load_stream(script).fz_buffer_extract()).decode("latin-1")
    return mupdf.pdf_to_text_string(script) if mupdf.pdf_is_string(script) else ""
