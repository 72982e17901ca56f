"""Fields -> real AcroForm widgets with appearance streams, in tab order (save.py saves the PDF).

Widgets are written with PyMuPDF's low-level object API, not ``page.add_widget()``:
its check boxes draw ZapfDingbats glyphs that poppler shows empty and PDFBox
draws wrongly, and it writes /SigFlags before anything is signed (see
shared/tools/viewer-check/README.md). Here every widget has its own appearance
stream, marks are vector paths, and /NeedAppearances is never set, so every
viewer shows the same thing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field as dataclass_field

import pymupdf
from pymupdf import mupdf

from ..field_formats import FieldFormat, parse_format, with_hint
from ..fields import Field, FieldKind
from ..geometry import Box, PageGeometry, WidgetFrame
from .appearance import HELVETICA, helvetica_resources, new_appearance
from .document import page_geometry
from .objects import (
    acroform_xref, append_refs, array_text, delete_keys, mupdf_document, new_xref, pdf_number, ref_array, refs,
    sync_open_pages,
)

# Annotation flag and field flag (/Ff) bits, PDF 32000-1 tables 165, 226, 228.
_PRINT = 4
_MULTILINE = 1 << 12
_NO_TOGGLE_TO_OFF = 1 << 14
_RADIO = 1 << 15
_COMB = 1 << 24

_KAPPA = 0.5523  # control-point distance that makes four Bezier curves a circle
# Viewers follow /Annots order for tabbing with /W (PDF 2.0: widgets in array
# order, then other annotations); /R or /C would make them re-sort by position.
TAB_ORDER = "/W"


def _unit_polygon(points) -> str:
    start, *rest = points
    return f"{start[0]} {start[1]} m " + " ".join(f"{x} {y} l" for x, y in rest) + " h"


def _unit_circle() -> str:
    """A circle filling the unit square, as four Bezier curves."""
    lo, hi = 0.5 - 0.5 * _KAPPA, 0.5 + 0.5 * _KAPPA
    return (
        f"1 0.5 m 1 {hi} {hi} 1 0.5 1 c {lo} 1 0 {hi} 0 0.5 c "
        f"0 {lo} {lo} 0 0.5 0 c {hi} 0 1 {lo} 1 0.5 c h"
    )


# Marks drawn in the unit square (y up). The tick is lopsided (its long arm ends
# high on the right), so an upside-down or sideways appearance shows in a render.
_TICK = _unit_polygon([(0.08, 0.55), (0.2, 0.67), (0.4, 0.45), (0.8, 0.88), (0.92, 0.76), (0.4, 0.2)])
_DOT = _unit_circle()


@dataclass(frozen=True)
class WrittenField:
    """What write_fields made of one Field."""

    field: Field
    name: str  # the terminal field's /T (a radio option's: its group's)
    on_state: str  # check box / radio on-state name; "" for other kinds
    rect: Box  # the widget's /Rect, user space
    xref: int  # the widget annotation


def write_fields(doc: pymupdf.Document, fields: list[Field]) -> list[WrittenField]:
    """Add each field as an AcroForm field and widget, in the order given.

    The order is the tab order: widgets are appended to their page's /Annots
    and fields to /AcroForm /Fields in that order (a radio group takes the
    place of its first option). Radio options sharing ``Field.group`` (or,
    without one, ``Field.name``) become the kids of one field, named as its
    first option. Names that collide get ``_2``, ``_3`` ... appended.
    """
    if not fields:
        return []
    form = _Form(doc)
    pages: dict[int, tuple[int, PageGeometry]] = {}  # page number -> its xref and geometry, read once
    groups: dict[str, _RadioGroup] = {}
    top_level: list[int] = []
    annots: dict[int, list[int]] = {}
    written = []
    for item in fields:
        if item.page not in pages:
            page = doc[item.page]
            pages[item.page] = page.xref, page_geometry(page)
        page_xref, geometry = pages[item.page]
        place = geometry.widget_frame(item.bbox)
        if item.kind is FieldKind.radio:
            key = item.group or item.name
            if key not in groups:
                groups[key] = _RadioGroup(doc.get_new_xref(), form.unique_name(item.name or key), item.question)
                top_level.append(groups[key].xref)
            group = groups[key]
            name, on_state = group.name, group.new_state(item.export_value)
            entries = f"/Parent {group.xref} 0 R" + _button_entries(doc, place, on_state, _DOT)
            xref = _write_widget(doc, page_xref, place, item.label, entries, caption="l")
            group.kids.append(xref)
        else:
            name = form.unique_name(item.name)
            field_format = parse_format(item.format)
            entries, caption, on_state = _terminal_entries(doc, form, item, name, place, field_format)
            xref = _write_widget(doc, page_xref, place, with_hint(item.label, field_format), entries, caption)
            top_level.append(xref)
        annots.setdefault(page_xref, []).append(xref)
        written.append(WrittenField(item, name, on_state, place.rect, xref))
    for group in groups.values():
        doc.update_object(group.xref, group.pdf_object())
    for page_xref, xrefs in annots.items():
        append_refs(doc, page_xref, "Annots", xrefs)
    append_refs(doc, form.xref, "Fields", top_level)
    sync_open_pages(doc)
    return written


def set_tab_order(page: pymupdf.Page) -> None:
    """Make viewers tab through the widgets in the order they were written.

    A damaged page object that cannot take the key keeps the viewer's default.
    """
    try:
        page.parent.xref_set_key(page.xref, "Tabs", TAB_ORDER)
    except (ValueError, pymupdf.mupdf.FzErrorBase):
        pass


def remove_existing_fields(doc: pymupdf.Document) -> int:
    """Delete every widget and empty the form, for --replace-existing.

    Other annotations (links, comments) stay. /XFA goes too, or XFA-aware
    viewers would keep showing the old form, and /SigFlags, since no
    signature field remains. Returns the number of widgets removed.
    """
    removed = sum(_remove_widgets(doc, doc.page_xref(number)) for number in range(doc.page_count))
    if doc.xref_get_key(doc.pdf_catalog(), "AcroForm")[0] != "null":
        acroform = acroform_xref(doc)
        doc.xref_set_key(acroform, "Fields", "[]")
        delete_keys(doc, acroform, "SigFlags")
        remove_xfa(doc)
    sync_open_pages(doc)
    return removed


def remove_xfa(doc: pymupdf.Document) -> None:
    """Drop the XFA form: XFA-first viewers (Adobe's) would show it and ignore the AcroForm."""
    catalog = doc.pdf_catalog()
    if doc.xref_get_key(catalog, "AcroForm")[0] != "null":
        delete_keys(doc, acroform_xref(doc), "XFA")
    delete_keys(doc, catalog, "NeedsRendering")  # XFA's "render me dynamically" switch


# --- the form dictionary ------------------------------------------------------------------------
class _Form:
    """The document's /AcroForm, made indirect and ready for new fields.

    /DR /Font gets /Helv (existing entries kept): see ``helvetica_resources``.
    """

    def __init__(self, doc: pymupdf.Document):
        self.xref = acroform_xref(doc)
        self.font_resources = helvetica_resources(doc, self.xref)
        if doc.xref_get_key(self.xref, "DA")[0] == "null":
            doc.xref_set_key(self.xref, "DA", pymupdf.get_pdf_str(_default_appearance(0)))
        self.names = {_field_name(doc, xref) for xref in refs(array_text(doc, self.xref, "Fields"))}

    def unique_name(self, name: str) -> str:
        """A top-level /T not used yet. Dots would make a hierarchical name, so they become ``_``."""
        base = name.replace(".", "_").strip() or "field"
        return _claim(base, self.names)


@dataclass
class _RadioGroup:
    """The parent field of a radio group; its kids are the options' widgets."""

    xref: int
    name: str
    tooltip: str = ""  # the question the options answer (/TU), from Field.question
    kids: list[int] = dataclass_field(default_factory=list)
    states: set[str] = dataclass_field(default_factory=set)

    def new_state(self, export_value: str) -> str:
        """A distinct on-state per option, or options toggle together."""
        return _claim(_state_name(export_value, f"Choice{len(self.states) + 1}"), self.states)

    def pdf_object(self) -> str:
        tooltip = f" /TU {pymupdf.get_pdf_str(self.tooltip)}" if self.tooltip else ""
        return (
            f"<< /FT /Btn /Ff {_RADIO | _NO_TOGGLE_TO_OFF} /T {pymupdf.get_pdf_str(self.name)}"
            f" /V /Off{tooltip} /Kids {ref_array(self.kids)} >>"
        )


# --- field and widget dictionaries --------------------------------------------------------------
def _terminal_entries(
    doc, form: _Form, item: Field, name: str, place: WidgetFrame, field_format: FieldFormat | None
) -> tuple[str, str, str]:
    """The field entries of a non-radio field: (entries, /MK /CA caption, on-state).

    A text field's format is a pair of JavaScript actions (/AA), Acrobat's own
    AFDate_*/AFNumber_* calls, which every viewer that runs form scripts knows."""
    title = f"/T {pymupdf.get_pdf_str(name)}"
    if item.kind is FieldKind.checkbox:
        on_state = _state_name(item.export_value, "Yes")
        return f"/FT /Btn {title} /V /Off" + _button_entries(doc, place, on_state, _TICK), "4", on_state
    if item.kind is FieldKind.signature:
        return f"/FT /Sig {title} /AP << /N {new_appearance(doc, place, '')} 0 R >>", "", ""
    flags, max_len = 0, ""
    if item.kind is FieldKind.multiline:
        flags |= _MULTILINE
    elif item.kind is FieldKind.comb and item.max_len > 0:  # a comb needs /MaxLen; without one, plain text
        flags |= _COMB
        max_len = f" /MaxLen {item.max_len}"
    da = pymupdf.get_pdf_str(_default_appearance(item.font_size))
    empty = new_appearance(doc, place, "/Tx BMC EMC", form.font_resources)
    actions = f" {_format_actions(field_format)}" if field_format else ""
    return f"/FT /Tx {title} /Ff {flags}{max_len} /DA {da}{actions} /AP << /N {empty} 0 R >>", "", ""


def _format_actions(field_format: FieldFormat) -> str:
    """The field's /AA entry: the keystroke (/K) and format (/F) JavaScript actions."""
    format_script, keystroke_script = field_format.javascript()
    return (
        f"/AA << /K << /S /JavaScript /JS {pymupdf.get_pdf_str(keystroke_script)} >>"
        f" /F << /S /JavaScript /JS {pymupdf.get_pdf_str(format_script)} >> >>"
    )


def _button_entries(doc, place: WidgetFrame, on_state: str, mark: str) -> str:
    """/AS and the on and off appearances of a check box or radio widget."""
    on = new_appearance(doc, place, _mark_content(place, mark))
    off = new_appearance(doc, place, "")
    return f" /AS /Off /AP << /N << /{on_state} {on} 0 R /Off {off} 0 R >> >>"


def _write_widget(doc, page_xref: int, place: WidgetFrame, label: str, entries: str, caption: str) -> int:
    """Write a widget annotation: the entries every widget shares, plus the field's."""
    mk = f"/R {place.rotation}" + (f" /CA {pymupdf.get_pdf_str(caption)}" if caption else "")
    tooltip = f" /TU {pymupdf.get_pdf_str(label)}" if label else ""
    rect = " ".join(pdf_number(v) for v in place.rect)
    return new_xref(
        doc,
        f"<< /Type /Annot /Subtype /Widget /F {_PRINT} /P {page_xref} 0 R /Rect [{rect}]"
        f" /MK << {mk} >>{tooltip} {entries} >>",
    )


def _mark_content(place: WidgetFrame, unit_path: str) -> str:
    """Fill a unit-square path scaled to 80% of the widget's short side, centred."""
    w, h = place.display_size
    side = 0.8 * min(w, h)
    x, y = (w - side) / 2, (h - side) / 2
    return f"q 0 g {pdf_number(side)} 0 0 {pdf_number(side)} {pdf_number(x)} {pdf_number(y)} cm {unit_path} f Q"


def _default_appearance(font_size: float) -> str:
    """/DA: Helvetica in black; size 0 lets the viewer fit the text to the box."""
    return f"/{HELVETICA} {pdf_number(max(font_size, 0))} Tf 0 g"


def _state_name(value: str, fallback: str) -> str:
    """An export value as a PDF name; /Off is reserved for the off state."""
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", value).strip("_")
    return name if name and name != "Off" else fallback


def _claim(base: str, used: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3`` ... whichever is free; marks it used."""
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}_{n}"
    used.add(name)
    return name


# --- low-level object helpers -------------------------------------------------------------------
def _remove_widgets(doc, page_xref: int) -> int:
    """Delete a page's widgets from its /Annots, whether they are listed by reference or inline."""
    annots = mupdf.pdf_dict_gets(mupdf.pdf_load_object(mupdf_document(doc), page_xref), "Annots")
    widgets = [
        i
        for i in range(mupdf.pdf_array_len(annots))
        if mupdf.pdf_to_name(mupdf.pdf_dict_gets(mupdf.pdf_array_get(annots, i), "Subtype")) == "Widget"
    ]
    for i in reversed(widgets):
        mupdf.pdf_array_delete(annots, i)
    return len(widgets)


def _field_name(doc, xref: int) -> str:
    kind, value = doc.xref_get_key(xref, "T")
    return value if kind == "string" else ""
