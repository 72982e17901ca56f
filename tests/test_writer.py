"""The writer: fields every reader lists, fills and renders upright; saves that never half-write."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import numpy as np
import pikepdf
import pymupdf
import pypdfium2
import pytest
from pypdf import PdfReader, PdfWriter

from commonforms_cli.pdf.document import page_geometry
from commonforms_cli.errors import OutputFileError
from commonforms_cli.fields import Field, FieldKind
from commonforms_cli.pdf.form_writer import remove_existing_fields, write_fields
from commonforms_cli.pdf.save import save_pdf

SCALE = 2.0  # render at 144 dpi

# Page setups: every rotation, and boxes that do not start at 0,0.
SETUPS = {
    "upright": {},
    "rotate90": {"Rotate": "90"},
    "rotate180": {"Rotate": "180"},
    "rotate270": {"Rotate": "270"},
    "offset": {"MediaBox": "[-40 100 572 942]", "CropBox": "[-20 150 540 900]"},
    "offset-rotate270": {"MediaBox": "[50 -300 662 492]", "CropBox": "[60 -280 640 480]", "Rotate": "270"},
}


def flat_doc(page_keys: dict[str, str] | None = None) -> pymupdf.Document:
    """A one-page flat form, its page dictionary given the keys, reopened from bytes (no stale state)."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((30, 60), "A flat form")
    for key, value in (page_keys or {}).items():
        doc.xref_set_key(page.xref, key, value)
    return pymupdf.open("pdf", doc.tobytes())


def all_kinds() -> list[Field]:
    """One field of every kind; boxes in display fractions, clear of the page's own text."""
    return [
        Field(0, FieldKind.text, (0.10, 0.20, 0.60, 0.26), "name", label="Full name"),
        Field(0, FieldKind.multiline, (0.10, 0.30, 0.60, 0.40), "address"),
        Field(0, FieldKind.comb, (0.10, 0.44, 0.40, 0.48), "zip", max_len=5),
        Field(0, FieldKind.checkbox, (0.10, 0.52, 0.16, 0.57), "agree", label="I agree"),
        Field(0, FieldKind.radio, (0.10, 0.62, 0.16, 0.67), "colour", group="colour", export_value="Red"),
        Field(0, FieldKind.radio, (0.30, 0.62, 0.36, 0.67), "colour", group="colour"),
        Field(0, FieldKind.radio, (0.50, 0.62, 0.56, 0.67), "colour", group="colour"),
        Field(0, FieldKind.signature, (0.10, 0.75, 0.60, 0.85), "signature"),
    ]


# Field name -> (PyMuPDF's type name, /FT)
EXPECTED_TYPES = {
    "name": ("Text", "/Tx"),
    "address": ("Text", "/Tx"),
    "zip": ("Text", "/Tx"),
    "agree": ("CheckBox", "/Btn"),
    "colour": ("RadioButton", "/Btn"),
    "signature": ("Signature", "/Sig"),
}


def write_and_save(doc: pymupdf.Document, fields: list[Field], folder: Path, name: str = "out.pdf"):
    """write_fields + save_pdf; every output must also pass pikepdf's (qpdf's) syntax check."""
    written = write_fields(doc, fields)
    path = folder / name
    save_pdf(doc, path)
    with pikepdf.open(path) as pdf:
        assert pdf.check_pdf_syntax() == []
    return path, written


def pdf_rect(value) -> tuple[float, ...]:
    return tuple(float(v) for v in value)


def assert_rect(actual, expected):
    assert np.allclose(actual, expected, atol=0.5), (actual, expected)


# --- rendering ----------------------------------------------------------------------------------
def render_mupdf(path: Path) -> np.ndarray:
    with pymupdf.open(path) as doc:
        pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(SCALE, SCALE), colorspace=pymupdf.csGRAY, annots=True)
        return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).copy()


def render_pdfium(path: Path) -> np.ndarray:
    pdf = pypdfium2.PdfDocument(path)
    try:
        pdf.init_forms()
        image = pdf[0].render(scale=SCALE, may_draw_forms=True, grayscale=True).to_numpy()
        return image.reshape(image.shape[0], image.shape[1], -1)[..., 0].copy()
    finally:
        pdf.close()


RENDERERS = {"mupdf": render_mupdf, "pdfium": render_pdfium}


def crop(image: np.ndarray, doc_path: Path, bbox, inset: float = 1.0) -> np.ndarray:
    """The pixels of a display-fraction box, a little inside it."""
    with pymupdf.open(doc_path) as doc:
        x0, y0, x1, y1 = page_geometry(doc[0]).display_points(bbox)
    return image[
        int(y0 * SCALE + inset) : int(y1 * SCALE - inset),
        int(x0 * SCALE + inset) : int(x1 * SCALE - inset),
    ]


def ink(pixels: np.ndarray) -> np.ndarray:
    return pixels < 128


def ink_extent(mask: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of the ink in a mask."""
    rows, cols = np.nonzero(mask)
    assert rows.size, "no ink"
    return cols.min(), rows.min(), cols.max(), rows.max()


# --- filling ------------------------------------------------------------------------------------
def fill_with_pypdf(path: Path, name: str, value: str, out: Path) -> None:
    writer = PdfWriter(clone_from=str(path))
    writer.update_page_form_field_values(writer.pages[0], {name: value}, auto_regenerate=False)
    writer.write(out)


def fill_with_pymupdf(path: Path, name: str, value: str, out: Path) -> None:
    with pymupdf.open(path) as doc:
        for widget in doc[0].widgets():
            if widget.field_name == name:
                widget.field_value = value
                widget.update()
        doc.save(out)


def switch_on(path: Path, field_xref: int, widget_xref: int, state: str, out: Path) -> None:
    """Turn a button on the way a viewer does: /V on the field, /AS on the widget."""
    with pymupdf.open(path) as doc:
        doc.xref_set_key(field_xref, "V", f"/{state}")
        doc.xref_set_key(widget_xref, "AS", f"/{state}")
        doc.save(out)


# --- tests --------------------------------------------------------------------------------------
@pytest.mark.parametrize("setup", SETUPS)
def test_every_field_is_listed_with_its_type_name_and_rect(setup, tmp_path):
    doc = flat_doc(SETUPS[setup])
    geometry = page_geometry(doc[0])
    fields = all_kinds()
    path, _ = write_and_save(doc, fields, tmp_path)
    names = [f.group or f.name for f in fields]
    rects = [geometry.to_user_rect(f.bbox) for f in fields]

    with pymupdf.open(path) as reopened:
        widgets = [(w.field_name, w.field_type_string, reopened.xref_get_key(w.xref, "Rect")[1]) for w in reopened[0].widgets()]
    assert [(name, kind) for name, kind, _ in widgets] == [(name, EXPECTED_TYPES[name][0]) for name in names]
    for (_, _, rect), expected in zip(widgets, rects):
        assert_rect(pdf_rect(rect[1:-1].split()), expected)

    reader = PdfReader(path)
    assert {name: f["/FT"] for name, f in reader.get_fields().items()} == {n: ft for n, (_, ft) in EXPECTED_TYPES.items()}
    for annot, expected in zip(reader.pages[0]["/Annots"], rects, strict=True):
        assert_rect(pdf_rect(annot.get_object()["/Rect"]), expected)


def test_field_dictionaries_carry_what_viewers_need(tmp_path):
    doc = flat_doc({"Rotate": "90"})
    path, written = write_and_save(doc, all_kinds(), tmp_path)
    reader = PdfReader(path)
    acroform = reader.trailer["/Root"]["/AcroForm"]
    helv = acroform["/DR"]["/Font"]["/Helv"]
    assert (helv["/BaseFont"], helv["/Encoding"]) == ("/Helvetica", "/WinAnsiEncoding")
    assert acroform["/DA"] == "/Helv 0 Tf 0 g"
    assert "/NeedAppearances" not in acroform and "/SigFlags" not in acroform

    widgets = [a.get_object() for a in reader.pages[0]["/Annots"]]
    for widget in widgets:
        assert widget["/F"] == 4 and widget["/MK"]["/R"] == 90
        assert widget["/P"].get_object() == reader.pages[0]
        assert "/N" in widget["/AP"]
    by_name = {w.get("/T", w.get("/Parent", {}).get("/T")): w for w in widgets}
    assert by_name["name"]["/TU"] == "Full name" and by_name["name"]["/DA"] == "/Helv 0 Tf 0 g"
    assert by_name["name"]["/AP"]["/N"].get_data().strip() == b"/Tx BMC EMC"
    assert by_name["address"]["/Ff"] == 1 << 12
    assert (by_name["zip"]["/Ff"], by_name["zip"]["/MaxLen"]) == (1 << 24, 5)
    agree = by_name["agree"]
    assert (agree["/V"], agree["/AS"], agree["/MK"]["/CA"]) == ("/Off", "/Off", "4")
    assert set(agree["/AP"]["/N"]) == {"/Yes", "/Off"}
    tick = agree["/AP"]["/N"]["/Yes"]
    assert b"Tf" not in tick.get_data() and "/Font" not in tick["/Resources"]  # a vector mark, no glyph
    assert by_name["signature"]["/FT"] == "/Sig"

    kids = [w for w in widgets if "/Parent" in w]
    parent = kids[0]["/Parent"].get_object()
    assert (parent["/Ff"], parent["/V"], len(parent["/Kids"])) == ((1 << 15) | (1 << 14), "/Off", 3)
    assert [set(k["/AP"]["/N"]) for k in kids] == [{"/Red", "/Off"}, {"/Choice2", "/Off"}, {"/Choice3", "/Off"}]
    assert [w.on_state for w in written if w.field.kind is FieldKind.radio] == ["Red", "Choice2", "Choice3"]
    assert all(k["/AS"] == "/Off" and k["/MK"]["/CA"] == "l" and "/T" not in k for k in kids)


def test_annots_and_fields_follow_the_order_given(tmp_path):
    doc = flat_doc()
    text, multiline, comb, check, red, green, blue, sig = all_kinds()
    fields = [red, text, green, check, blue, sig]
    path, written = write_and_save(doc, fields, tmp_path)
    reader = PdfReader(path)
    annots = [a.idnum for a in reader.pages[0]["/Annots"]]
    assert annots == [w.xref for w in written]
    top_level = [f.get_object()["/T"] for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]]
    assert top_level == ["colour", "name", "agree", "signature"]


def test_pages_the_caller_holds_see_new_and_removed_widgets():
    doc = flat_doc()
    page = doc[0]
    page.get_pixmap()  # loaded and rendered: MuPDF holds its annotation list
    write_fields(doc, all_kinds())
    assert [w.field_name for w in page.widgets()] == ["name", "address", "zip", "agree"] + ["colour"] * 3 + ["signature"]
    assert remove_existing_fields(doc) == 8
    assert list(page.widgets()) == []


def test_names_are_unique_flat_and_states_are_valid_names(tmp_path):
    doc = flat_doc()
    box = (0.1, 0.1, 0.2, 0.15)
    fields = [
        Field(0, FieldKind.text, box, "name"),
        Field(0, FieldKind.text, box, "name"),
        Field(0, FieldKind.text, box, "name"),
        Field(0, FieldKind.text, box, "first.last"),
        Field(0, FieldKind.checkbox, box, "opt", export_value="Sí, bitte!"),
        Field(0, FieldKind.radio, box, "a", group="g", export_value="Off"),  # the group's name: its first option's
        Field(0, FieldKind.radio, box, "b", group="g", export_value="same"),
        Field(0, FieldKind.radio, box, "c", group="g", export_value="same"),
        Field(0, FieldKind.radio, box, "solo"),  # no group: a group of its own
    ]
    path, written = write_and_save(doc, fields, tmp_path)
    assert [w.name for w in written] == ["name", "name_2", "name_3", "first_last", "opt", "a", "a", "a", "solo"]
    assert [w.on_state for w in written[4:]] == ["S_bitte", "Choice1", "same", "same_2", "Choice1"]
    assert set(PdfReader(path).get_fields()) == {"name", "name_2", "name_3", "first_last", "opt", "a", "solo"}


@pytest.mark.parametrize("field, value", [(0, "HELLO"), (1, "HELLO"), (2, "12345")], ids=["text", "multiline", "comb"])
@pytest.mark.parametrize("filler", [fill_with_pypdf, fill_with_pymupdf], ids=["pypdf", "pymupdf"])
@pytest.mark.parametrize("setup", SETUPS)
def test_filled_text_renders_upright(setup, filler, field, value, tmp_path):
    doc = flat_doc(SETUPS[setup])
    fields = all_kinds()
    path, _ = write_and_save(doc, fields, tmp_path)
    filled = tmp_path / "filled.pdf"
    filler(path, fields[field].name, value, filled)
    box = fields[field].bbox
    for render in RENDERERS.values():
        before, after = crop(render(path), path, box), crop(render(filled), filled, box)
        assert not ink(before).any()
        left, top, right, bottom = ink_extent(ink(after))
        assert right - left > bottom - top, f"{render.__name__}: text is not upright"


@pytest.mark.parametrize("setup", SETUPS)
def test_checked_box_and_chosen_radio_render_a_mark(setup, tmp_path):
    doc = flat_doc(SETUPS[setup])
    fields = all_kinds()
    path, written = write_and_save(doc, fields, tmp_path)
    check, green = written[3], written[5]
    reader = PdfReader(path)
    radio_parent = reader.get_object(green.xref).raw_get("/Parent").idnum
    checked = tmp_path / "checked.pdf"
    switch_on(path, check.xref, check.xref, check.on_state, checked)
    chosen = tmp_path / "chosen.pdf"
    switch_on(checked, radio_parent, green.xref, green.on_state, chosen)

    boxes = [f.bbox for f in fields[3:7]]  # agree, red, green, blue
    for name, render in RENDERERS.items():
        empty = [ink(crop(render(path), path, b)).any() for b in boxes]
        marked = [ink(crop(render(chosen), chosen, b)).any() for b in boxes]
        assert empty == [False] * 4, name
        assert marked == [True, False, True, False], name


@pytest.mark.parametrize("setup", SETUPS)
def test_check_mark_is_drawn_upright(setup, tmp_path):
    """A wide box: the tick stays square and its long arm ends high on the right, as displayed."""
    doc = flat_doc(SETUPS[setup])
    box = (0.3, 0.3, 0.6, 0.36)
    path, (check,) = write_and_save(doc, [Field(0, FieldKind.checkbox, box, "wide")], tmp_path)
    checked = tmp_path / "checked.pdf"
    switch_on(path, check.xref, check.xref, check.on_state, checked)
    for name, render in RENDERERS.items():
        mask = ink(crop(render(checked), checked, box))
        left, top, right, bottom = ink_extent(mask)
        assert 0.75 < (right - left) / (bottom - top) < 1.33, name
        right_end_rows = np.nonzero(mask[:, right - (right - left) // 8 :])[0]
        assert right_end_rows.mean() < (top + bottom) / 2, name


def test_existing_form_structures_are_kept_and_extended(tmp_path):
    """A direct /AcroForm with its own /DA and an indirect /DR, indirect /Fields and /Annots, a comment."""
    doc = flat_doc()
    page = doc[0]
    page.add_text_annot((20, 20), "a comment")
    old = doc.get_new_xref()
    doc.update_object(old, f"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /Rect [10 10 50 30] /P {page.xref} 0 R /F 4 >>")
    comment = page.annot_xrefs()[0][0]
    fields_array, annots_array = doc.get_new_xref(), doc.get_new_xref()
    doc.update_object(fields_array, f"[{old} 0 R]")
    doc.update_object(annots_array, f"[{comment} 0 R {old} 0 R]")
    doc.xref_set_key(page.xref, "Annots", f"{annots_array} 0 R")
    resources = doc.get_new_xref()
    doc.update_object(resources, "<< /Font << /ZaDb << /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >> >> >>")
    doc.xref_set_key(
        doc.pdf_catalog(), "AcroForm", f"<< /Fields {fields_array} 0 R /DA (/ZaDb 9 Tf 1 0 0 rg) /DR {resources} 0 R >>"
    )
    doc = pymupdf.open("pdf", doc.tobytes())

    path, _ = write_and_save(doc, all_kinds()[:2], tmp_path)
    reader = PdfReader(path)
    acroform = reader.trailer["/Root"]["/AcroForm"]
    assert set(acroform["/DR"]["/Font"]) == {"/ZaDb", "/Helv"}
    assert acroform["/DA"] == "/ZaDb 9 Tf 1 0 0 rg"
    assert [f.get_object()["/T"] for f in acroform["/Fields"]] == ["name", "name_2", "address"]
    subtypes = [a.get_object()["/Subtype"] for a in reader.pages[0]["/Annots"]]
    assert subtypes[0] == "/Text" and subtypes.count("/Widget") == 3


def test_remove_existing_fields_keeps_other_annotations(tmp_path):
    doc = flat_doc()
    page = doc[0]
    for kind, name, rect in [
        (pymupdf.PDF_WIDGET_TYPE_TEXT, "old_text", (50, 100, 200, 120)),
        (pymupdf.PDF_WIDGET_TYPE_CHECKBOX, "old_box", (50, 130, 62, 142)),
    ]:
        widget = pymupdf.Widget()
        widget.field_type, widget.field_name, widget.rect = kind, name, pymupdf.Rect(rect)
        page.add_widget(widget)
    page.add_text_annot((300, 300), "keep me")
    annots = doc.xref_get_key(page.xref, "Annots")[1]
    doc.xref_set_key(page.xref, "Annots", annots[:-1] + "<< /Type /Annot /Subtype /Square /Rect [9 9 40 40] >>]")
    catalog = doc.pdf_catalog()
    doc.xref_set_key(catalog, "AcroForm/XFA", "[(template) 1 0 R]")
    doc.xref_set_key(catalog, "AcroForm/SigFlags", "3")
    doc.xref_set_key(catalog, "NeedsRendering", "true")
    doc = pymupdf.open("pdf", doc.tobytes())

    assert remove_existing_fields(doc) == 2
    path, _ = write_and_save(doc, [Field(0, FieldKind.text, (0.1, 0.5, 0.4, 0.55), "old_text")], tmp_path)
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    assert "/XFA" not in root["/AcroForm"] and "/SigFlags" not in root["/AcroForm"]
    assert "/NeedsRendering" not in root
    assert list(reader.get_fields()) == ["old_text"]  # the old name is free again
    subtypes = sorted(a.get_object()["/Subtype"] for a in reader.pages[0]["/Annots"])
    assert subtypes == ["/Popup", "/Square", "/Text", "/Widget"]


# --- saving -------------------------------------------------------------------------------------
def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_save_replaces_the_output_and_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "form.pdf"
    out.write_bytes(b"old content")
    doc = flat_doc()
    write_fields(doc, all_kinds())
    save_pdf(doc, out)
    assert leftovers(tmp_path) == ["form.pdf"]
    assert len(PdfReader(out).get_fields()) == 6


def test_save_into_a_missing_folder_fails_cleanly(tmp_path):
    with pytest.raises(OutputFileError, match="does not exist"):
        save_pdf(flat_doc(), tmp_path / "missing" / "form.pdf")
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_save_into_a_read_only_folder_fails_cleanly(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputFileError, match="permission denied"):
            save_pdf(flat_doc(), folder / "form.pdf")
        assert leftovers(folder) == []
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize(
    "error, message",
    [
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.ENOSPC, "No space left on device"), "disk is full"),
        (RuntimeError("code=2: cannot write: No space left on device"), "disk is full"),
    ],
)
def test_a_failing_write_removes_the_temporary_file(tmp_path, monkeypatch, error, message):
    doc = flat_doc()

    def failing_save(filename, **options):
        Path(filename).write_bytes(b"%PDF-1.7 partial")
        raise error

    monkeypatch.setattr(doc, "save", failing_save)
    with pytest.raises(OutputFileError, match=message) as raised:
        save_pdf(doc, tmp_path / "form.pdf")
    assert "\n" not in str(raised.value)
    assert leftovers(tmp_path) == []


def test_save_refuses_to_overwrite_the_input_or_a_folder(tmp_path):
    source = tmp_path / "in.pdf"
    flat_doc().save(source)
    doc = pymupdf.open(source)
    with pytest.raises(OutputFileError, match="input file"):
        save_pdf(doc, tmp_path / "." / "in.pdf")
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputFileError, match="is a folder"):
        save_pdf(doc, tmp_path / "folder")
    assert leftovers(tmp_path) == ["folder", "in.pdf"]


@pytest.mark.parametrize("from_bytes", [False, True], ids=["file", "bytes"])
def test_incremental_save_keeps_the_original_bytes(tmp_path, from_bytes):
    source = tmp_path / "in.pdf"
    flat_doc({"Rotate": "90"}).save(source)
    original = source.read_bytes()
    doc = pymupdf.open("pdf", original) if from_bytes else pymupdf.open(source)
    write_fields(doc, all_kinds())
    out = tmp_path / "out.pdf"
    save_pdf(doc, out, incremental=True)
    data = out.read_bytes()
    assert data.startswith(original) and len(data) > len(original)
    assert len(PdfReader(out).get_fields()) == 6
    with pikepdf.open(out) as pdf:
        assert pdf.check_pdf_syntax() == []
