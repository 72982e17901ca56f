"""commonforms fill: values by name or label, buttons by export value or yes/no, appearances every viewer
shows, flattening, one-copy-per-row CSV, and the exit codes when something is wrong."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pymupdf
import pytest
from pypdf import PdfReader

from commonforms_cli import FillReport, fill_csv, fill_form, prepare_form
from commonforms_cli.errors import (
    BadArgumentsError, EncryptedPdfError, ExitCode, InputFileError, OutputFileError, UnsupportedPdfError,
)
from commonforms_cli.fields import Field, FieldKind
from commonforms_cli.pdf.form_writer import write_fields
from commonforms_cli.pdf.save import save_pdf
from conftest import draw_signed_form

REPO = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "commonforms_cli"]
SCALE = 2.0

FIELDS = [
    Field(0, FieldKind.text, (0.10, 0.05, 0.60, 0.08), "full_name", label="Full name", font_size=10),
    Field(0, FieldKind.text, (0.10, 0.10, 0.40, 0.13), "home_phone", label="Phone", font_size=10),
    Field(0, FieldKind.text, (0.50, 0.10, 0.80, 0.13), "work_phone", label="Phone", font_size=10),
    Field(0, FieldKind.text, (0.10, 0.15, 0.40, 0.18), "start", label="Start date (mm/dd/yyyy)", font_size=10),
    Field(0, FieldKind.multiline, (0.10, 0.20, 0.60, 0.30), "comments", label="Comments", font_size=10),
    Field(0, FieldKind.comb, (0.10, 0.32, 0.30, 0.35), "zip", label="ZIP", max_len=5, font_size=10),
    Field(0, FieldKind.text, (0.10, 0.37, 0.25, 0.385), "code", label="Code"),  # font size 0: auto
    Field(0, FieldKind.checkbox, (0.10, 0.42, 0.13, 0.44), "agree", label="I agree", export_value="Yes"),
    *[
        Field(0, FieldKind.radio, (x, 0.48, x + 0.03, 0.50), "smoker", group="smoker", export_value=value,
              label=value, question="Do you smoke?")
        for x, value in ((0.10, "Yes"), (0.20, "No"), (0.30, "N/A"))
    ],
    Field(0, FieldKind.signature, (0.10, 0.80, 0.60, 0.86), "signature", label="Signature"),
]


def fillable(path: Path, rotate: int = 0, fields=FIELDS) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=800)
    page.insert_text((40, 30), "A drawn form", fontsize=11)
    if rotate:
        doc.xref_set_key(page.xref, "Rotate", str(rotate))
    write_fields(doc, fields)
    save_pdf(doc, path)
    return path


@pytest.fixture
def form(tmp_path) -> Path:
    return fillable(tmp_path / "form.pdf")


def values(path: Path) -> dict[str, str]:
    """Each field's /V as pypdf reads it."""
    return {name: str(field.get("/V", "")) for name, field in PdfReader(path).get_fields().items()}


def run(*args, stdin: bytes | None = None):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, input=stdin, timeout=120)


def assert_clean_failure(result, code: ExitCode, words: str):
    stderr = result.stderr.decode()
    assert result.returncode == code, stderr
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr, stderr
    assert words in stderr, stderr


def render(path: Path) -> np.ndarray:
    with pymupdf.open(path) as doc:
        pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(SCALE, SCALE), colorspace=pymupdf.csGRAY)
        return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width).copy()


def widget_boxes(path: Path) -> dict[str, pymupdf.Rect]:
    """Each field's first widget, in rendered (display) points."""
    boxes = {}
    with pymupdf.open(path) as doc:
        page = doc[0]
        for widget in page.widgets():
            boxes.setdefault(widget.field_name, widget.rect * page.rotation_matrix)
    return boxes


def ink(image: np.ndarray, box: pymupdf.Rect, inset: float = 1.5) -> np.ndarray:
    """The dark pixels inside a display box."""
    x0, y0, x1, y1 = (int(v * SCALE) for v in (box.x0 + inset, box.y0 + inset, box.x1 - inset, box.y1 - inset))
    return image[y0:y1, x0:x1] < 128


def appearance_stream(path: Path, name: str) -> str:
    with pymupdf.open(path) as doc:
        widget = next(w for w in doc[0].widgets() if w.field_name == name)
        kind, ref = doc.xref_get_key(widget.xref, "AP/N")
        return doc.xref_stream(int(ref.split()[0])).decode("latin-1")


# --- values ---------------------------------------------------------------------------------------
def test_fills_by_name_and_by_label_and_the_values_show(form, tmp_path):
    out = tmp_path / "filled.pdf"
    data = {"full_name": "Ada Lovelace", "start date": "2024-05-17", "COMMENTS": "Line one\nLine two",
            "zip": 12345, "agree": True, "Do you smoke?": "no"}
    report = fill_form(form, data, out)
    assert isinstance(report, FillReport) and report.output == str(out)
    assert report.filled == {"full_name": "Ada Lovelace", "start": "2024-05-17", "comments": "Line one\nLine two",
                             "zip": "12345", "agree": "Yes", "smoker": "No"}
    read = values(out)
    assert read["full_name"] == "Ada Lovelace" and read["zip"] == "12345" and read["comments"] == "Line one\nLine two"
    assert (read["agree"], read["smoker"]) == ("/Yes", "/No")
    image, empty, boxes = render(out), render(form), widget_boxes(out)
    for name in ("full_name", "start", "comments", "zip", "agree"):
        assert ink(image, boxes[name]).sum() > 20 + ink(empty, boxes[name]).sum(), name
    reader = PdfReader(out)
    annots = (r.get_object() for r in reader.pages[0]["/Annots"])
    shown = [(a["/Parent"]["/T"], a["/AS"]) for a in annots if "/Parent" in a]
    assert shown == [("smoker", "/Off"), ("smoker", "/No"), ("smoker", "/Off")]
    assert "/NeedAppearances" not in reader.trailer["/Root"]["/AcroForm"]


def test_check_boxes_and_radios_take_export_values_and_yes_no_words(form, tmp_path):
    for value, state in [(True, "/Yes"), ("yes", "/Yes"), ("ON", "/Yes"), ("x", "/Yes"), (1, "/Yes"), ("Yes", "/Yes"),
                         (False, "/Off"), ("no", "/Off"), ("off", "/Off"), ("", "/Off"), (None, "/Off"), (0, "/Off")]:
        out = tmp_path / "box.pdf"
        fill_form(form, {"agree": value}, out)
        assert values(out)["agree"] == state, value
    for value, state in [("N/A", "/N_A"), ("n a", "/N_A"), ("YES", "/Yes"), (False, "/Off")]:
        out = tmp_path / "radio.pdf"
        fill_form(form, {"smoker": value}, out)
        assert values(out)["smoker"] == state, value


def test_values_a_field_cannot_take_are_refused_all_in_one_line(form, tmp_path):
    out = tmp_path / "out.pdf"
    with pytest.raises(BadArgumentsError) as error:
        fill_form(form, {"agree": "maybe", "smoker": "sometimes", "zip": "1234567", "full_name": True}, out)
    message = str(error.value)
    assert "'agree'" in message and "check box" in message and "'Yes'" in message
    assert "radio group" in message and "'Yes', 'No', 'N/A'" in message
    assert "at most 5 characters" in message and "text field" in message
    assert not out.exists()
    with pytest.raises(BadArgumentsError, match="signed, not filled"):
        fill_form(form, {"signature": "Ada"}, out)
    with pytest.raises(BadArgumentsError, match="cannot show"):
        fill_form(form, {"full_name": "Жанна"}, out)


def test_numbers_become_text(form, tmp_path):
    out = tmp_path / "out.pdf"
    fill_form(form, {"full_name": 12.5, "code": 7, "comments": -0.25}, out)
    assert {k: values(out)[k] for k in ("full_name", "code", "comments")} == {
        "full_name": "12.5", "code": "7", "comments": "-0.25"}


# --- matching keys ------------------------------------------------------------------------------
def test_an_ambiguous_label_is_an_error_and_names_win(form, tmp_path):
    out = tmp_path / "out.pdf"
    with pytest.raises(BadArgumentsError, match=r"'Phone' matches 2 fields \(home_phone, work_phone\)"):
        fill_form(form, {"Phone": "123"}, out)
    fill_form(form, {"home phone": "123", "Work_Phone": "456"}, out)  # names, loosely
    assert (values(out)["home_phone"], values(out)["work_phone"]) == ("123", "456")
    with pytest.raises(BadArgumentsError, match="set the same field 'full_name'"):
        fill_form(form, {"full_name": "a", "Full name": "b"}, out)


def test_unknown_keys_are_all_listed_and_nothing_is_written(form, tmp_path):
    out = tmp_path / "out.pdf"
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"full_nmae": "Ada", "favourite colour": "red", "zip": "1"}))
    result = run("fill", form, data, out)
    assert_clean_failure(result, ExitCode.bad_args, "2 keys match no field")
    assert "'full_nmae' (did you mean 'full_name'?)" in result.stderr.decode()
    assert "'favourite colour'" in result.stderr.decode()
    assert not out.exists() and list(tmp_path.glob(".*.tmp")) == []

    result = run("fill", form, data, out, "--ignore-unknown")
    assert result.returncode == 0, result.stderr
    assert "ignored keys" in result.stderr.decode() and values(out)["zip"] == "1"
    report = fill_form(form, data, out, ignore_unknown=True)
    assert report.ignored == ["full_nmae", "favourite colour"]


# --- appearances ----------------------------------------------------------------------------------
def test_appearances_use_the_fields_font_size_and_colour(tmp_path):
    form = fillable(tmp_path / "form.pdf")
    with pymupdf.open(form) as doc:  # give one field Times in blue, as another writer might
        acroform = int(doc.xref_get_key(doc.pdf_catalog(), "AcroForm")[1].split()[0])
        times = doc.get_new_xref()
        doc.update_object(times, "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>")
        doc.xref_set_key(acroform, "DR/Font/TiRo", f"{times} 0 R")
        widget = next(w for w in doc[0].widgets() if w.field_name == "full_name")
        doc.xref_set_key(widget.xref, "DA", "(/TiRo 9 Tf 0 0 1 rg)")
        doc.save(tmp_path / "times.pdf")
    out = tmp_path / "out.pdf"
    fill_form(tmp_path / "times.pdf", {"full_name": "Ada", "zip": "123"}, out)
    assert re.search(r"/TiRo 9 Tf 0 0 1 rg", appearance_stream(out, "full_name"))
    assert re.search(r"/Helv 10 Tf 0 g", appearance_stream(out, "zip"))
    with pymupdf.open(out) as doc:
        pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(SCALE, SCALE), clip=widget_boxes(out)["full_name"])
    colours = np.frombuffer(pix.samples, np.uint8).reshape(-1, pix.n)
    assert ((colours[:, 2] > 150) & (colours[:, 0] < 100)).sum() > 10  # the blue of the /DA


def test_auto_size_fits_the_box(form, tmp_path):
    out = tmp_path / "out.pdf"
    long_value = "A value much longer than this small box is wide"
    fill_form(form, {"code": long_value}, out)
    stream = appearance_stream(out, "code")
    size = float(re.search(r"/Helv ([\d.]+) Tf", stream)[1])
    box = widget_boxes(out)["code"]
    assert pymupdf.get_text_length(long_value, "helv", size) <= box.width - 4
    assert size * 0.925 <= box.height  # the line's height fits too
    fill_form(form, {"code": "Short"}, out)
    short = float(re.search(r"/Helv ([\d.]+) Tf", appearance_stream(out, "code"))[1])
    assert size < short <= 12


def test_text_that_overflows_a_fixed_size_box_is_written_with_a_warning(form, tmp_path):
    report = fill_form(form, {"zip": "12", "full_name": "W" * 80}, tmp_path / "out.pdf")
    assert any("full_name" in w and "does not fit" in w for w in report.warnings)
    assert not any("zip" in w for w in report.warnings)


@pytest.mark.parametrize("rotate", [90, 180, 270])
def test_values_stand_upright_on_rotated_pages(rotate, tmp_path):
    form = fillable(tmp_path / "form.pdf", rotate=rotate)
    out = tmp_path / "out.pdf"
    fill_form(form, {"full_name": "WWWWWWWWWWWW"}, out)
    rows, cols = np.nonzero(ink(render(out), widget_boxes(out)["full_name"]))
    assert cols.max() - cols.min() > 3 * (rows.max() - rows.min())  # a line of text, not a column


def test_forms_from_another_writer_fill_too(tmp_path):
    """PyMuPDF's own widgets: hierarchical names, a combo box and a list box, ZapfDingbats check boxes."""
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=800)
    for kind, name, rect, extra in [
        (pymupdf.PDF_WIDGET_TYPE_TEXT, "person.name", (50, 50, 300, 70), {}),
        (pymupdf.PDF_WIDGET_TYPE_COMBOBOX, "country", (50, 90, 300, 110), {"choice_values": ["France", "Spain"]}),
        (pymupdf.PDF_WIDGET_TYPE_LISTBOX, "size", (50, 130, 300, 190),
         {"choice_values": [["s", "Small"], ["l", "Large"]]}),
        (pymupdf.PDF_WIDGET_TYPE_CHECKBOX, "ok", (50, 210, 65, 225), {}),
    ]:
        widget = pymupdf.Widget()
        widget.field_type, widget.field_name, widget.rect = kind, name, pymupdf.Rect(rect)
        for key, value in extra.items():
            setattr(widget, key, value)
        page.add_widget(widget)
    doc.save(tmp_path / "other.pdf")
    out = tmp_path / "out.pdf"
    fill_form(tmp_path / "other.pdf", {"person.name": "Ada", "country": "spain", "size": "Large", "ok": "yes"}, out)
    read = values(out)
    assert (read["person.name"], read["country"], read["size"]) == ("Ada", "Spain", "l")
    assert read["ok"] not in ("", "/Off")
    image, empty, boxes = render(out), render(tmp_path / "other.pdf"), widget_boxes(out)
    for name in ("person.name", "country", "size"):
        assert ink(image, boxes[name]).sum() > ink(empty, boxes[name]).sum() + 20, name
    with pytest.raises(BadArgumentsError, match="'France', 'Spain'"):
        fill_form(tmp_path / "other.pdf", {"country": "Italy"}, out)


# --- flatten ------------------------------------------------------------------------------------
def test_flatten_bakes_the_values_into_the_page(form, tmp_path):
    out = tmp_path / "flat.pdf"
    filled = tmp_path / "filled.pdf"
    data = {"full_name": "Ada Lovelace", "agree": True, "smoker": "Yes"}
    fill_form(form, data, filled)
    report = fill_form(form, data, out, flatten=True)
    assert report.flattened
    with pymupdf.open(out) as doc:
        assert not doc.is_form_pdf and list(doc[0].widgets()) == []
        assert "Ada Lovelace" in doc[0].get_text()
    boxes = widget_boxes(filled)
    flat_image, filled_image = render(out), render(filled)
    for name in ("full_name", "agree", "smoker"):
        assert ink(flat_image, boxes[name]).sum() == pytest.approx(ink(filled_image, boxes[name]).sum(), rel=0.1), name


# --- files, streams and errors ------------------------------------------------------------------
def test_the_input_is_never_modified(form, tmp_path):
    before = hashlib.sha256(form.read_bytes()).hexdigest()
    fill_form(form, {"full_name": "Ada"}, tmp_path / "out.pdf", flatten=True)
    with pytest.raises(OutputFileError, match="input"):
        fill_form(form, {"full_name": "Ada"}, form)
    assert hashlib.sha256(form.read_bytes()).hexdigest() == before


def test_exit_codes_and_nothing_left_behind(form, tmp_path):
    data = tmp_path / "data.json"
    data.write_text('{"full_name": "Ada"}')
    out = tmp_path / "out.pdf"
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("not a PDF\n" * 10)
    assert_clean_failure(run("fill", not_pdf, data, out), ExitCode.input_file, "not a PDF")
    assert_clean_failure(run("fill", form, data, tmp_path / "missing" / "out.pdf"), ExitCode.output_file,
                         "does not exist")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json")
    assert_clean_failure(run("fill", form, bad_json, out), ExitCode.bad_args, "not JSON")
    bad_json.write_text('["a list"]')
    assert_clean_failure(run("fill", form, bad_json, out), ExitCode.bad_args, "expected an object")
    bad_json.write_text('{"full_name": {"nested": 1}}')
    assert_clean_failure(run("fill", form, bad_json, out), ExitCode.bad_args, "full_name")
    assert_clean_failure(run("fill", form, tmp_path / "absent.json", out), ExitCode.bad_args, "no such file")
    flat = tmp_path / "flat.pdf"
    _flat(flat)
    assert_clean_failure(run("fill", flat, data, out), ExitCode.bad_args, "no form fields")
    assert_clean_failure(run("fill", form, data), ExitCode.bad_args, "INPUT DATA OUTPUT")
    assert not out.exists() and list(tmp_path.glob(".*.tmp")) == []


def test_every_output_is_checked_before_any_work(tmp_path):
    """A bad OUTPUT or -o fails before the PDF, the data or the rows are read (all three are bad here:
    the output's error wins), and leaves no file or folder."""
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("not a PDF\n" * 10)
    (tmp_path / "taken").write_text("a file where a folder should be")
    before = sorted(tmp_path.iterdir())
    for args, code, words in [
        (("absent.json", tmp_path / "missing" / "out.pdf"), ExitCode.output_file, "does not exist"),
        (("absent.json", not_pdf), ExitCode.output_file, "is the input file"),
        (("absent.json", tmp_path), ExitCode.bad_args, "is a folder"),
        (("--csv", "absent.csv", "-o", tmp_path / "taken" / "copies"), ExitCode.output_file, "taken is a file"),
    ]:
        assert_clean_failure(run("fill", not_pdf, *args), code, words)
    assert sorted(tmp_path.iterdir()) == before


def test_no_csv_copy_is_written_over_the_input(form, tmp_path):
    rows = [{"id": "first", "full_name": "Ada"}, {"id": "form", "full_name": "Grace"}]
    before = form.read_bytes()
    with pytest.raises(OutputFileError, match="is the input file"):
        fill_csv(form, rows, tmp_path, name_column="id")
    assert form.read_bytes() == before and not (tmp_path / "first.pdf").exists()


def _flat(path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((50, 50), "No fields here")
    doc.save(path)


def test_encrypted_forms_need_their_password_and_stay_encrypted(form, tmp_path):
    locked = tmp_path / "locked.pdf"
    with pymupdf.open(form) as doc:
        doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    out = tmp_path / "out.pdf"
    with pytest.raises(EncryptedPdfError, match="--password"):
        fill_form(locked, {"full_name": "Ada"}, out)
    assert_clean_failure(run("fill", locked, "-", out, "--password", "wrong", stdin=b'{"full_name": "Ada"}'),
                         ExitCode.encrypted, "password")
    fill_form(locked, {"full_name": "Ada"}, out, password="secret")
    with pymupdf.open(out) as doc:
        assert doc.needs_pass and doc.authenticate("secret")
        assert next(w.field_value for w in doc[0].widgets() if w.field_name == "full_name") == "Ada"


def test_a_signed_form_is_filled_in_an_incremental_update_and_not_flattened(tmp_path, form_model):
    signed = tmp_path / "signed.pdf"
    prepare_form(draw_signed_form(tmp_path / "signed-flat.pdf"), signed, model=form_model)
    original = signed.read_bytes()
    out = tmp_path / "out.pdf"
    report = fill_form(signed, {"name": "Ada"}, out)
    assert out.read_bytes().startswith(original)  # the signed revisions are untouched, byte for byte
    assert any("incremental" in w for w in report.warnings) and values(out)["name"] == "Ada"
    with pytest.raises(UnsupportedPdfError, match="--flatten would remove its signatures"):
        fill_form(signed, {"name": "Ada"}, tmp_path / "flat.pdf", flatten=True)
    assert not (tmp_path / "flat.pdf").exists()


def test_stdin_and_stdout(form, tmp_path):
    result = run("fill", "-", tmp_path / "data.json", tmp_path / "x.pdf", stdin=form.read_bytes())
    assert_clean_failure(result, ExitCode.bad_args, "no such file")
    (tmp_path / "data.json").write_text('{"full_name": "Ada"}')
    result = run("fill", "-", tmp_path / "data.json", "-", stdin=form.read_bytes())
    assert result.returncode == 0 and result.stdout.startswith(b"%PDF"), result.stderr
    out = tmp_path / "piped.pdf"
    out.write_bytes(result.stdout)
    assert values(out)["full_name"] == "Ada"
    result = run("fill", form, "-", tmp_path / "from-stdin.pdf", stdin=b'{"zip": "54321"}')
    assert result.returncode == 0 and values(tmp_path / "from-stdin.pdf")["zip"] == "54321"
    assert_clean_failure(run("fill", "-", "-", out), ExitCode.bad_args, "both be '-'")
    with pytest.raises(InputFileError):
        fill_form(b"", {}, tmp_path / "empty.pdf")


# --- CSV: one copy per row ----------------------------------------------------------------------
def test_one_copy_per_csv_row_named_from_a_column(form, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("id;full_name;agree;Do you smoke?\nada;Ada Lovelace;x;No\ngrace;Grace Hopper;;Yes\n",
                    encoding="utf-8")
    result = run("fill", form, "--csv", rows, "-o", tmp_path / "out", "--name-column", "id")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ada.pdf", "grace.pdf"]
    ada, grace = values(tmp_path / "out" / "ada.pdf"), values(tmp_path / "out" / "grace.pdf")
    assert (ada["full_name"], ada["agree"], ada["smoker"]) == ("Ada Lovelace", "/Yes", "/No")
    assert (grace["full_name"], grace["agree"], grace["smoker"]) == ("Grace Hopper", "/Off", "/Yes")


def test_csv_copies_are_numbered_without_a_name_column(form, tmp_path):
    rows = [{"full_name": f"Person {n}"} for n in range(1, 11)]
    reports = fill_csv(form, rows, tmp_path / "out")
    assert [Path(r.output).name for r in reports] == [f"form-{n:02d}.pdf" for n in range(1, 11)]
    assert values(tmp_path / "out" / "form-10.pdf")["full_name"] == "Person 10"


def test_a_bad_csv_row_stops_the_table_before_any_copy(form, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("full_name,agree\nAda,yes\nGrace,perhaps\n")
    result = run("fill", form, "--csv", rows, "-o", tmp_path / "out")
    assert_clean_failure(result, ExitCode.bad_args, "row 2")
    assert not (tmp_path / "out").exists()
    rows.write_text("name,full_name\nada,Ada\nada,Ada again\n")
    assert_clean_failure(run("fill", form, "--csv", rows, "-o", tmp_path / "out", "--name-column", "name"),
                         ExitCode.bad_args, "rows 1 and 2")
    assert_clean_failure(run("fill", form, "--csv", rows, "-o", tmp_path / "out", "--name-column", "id"),
                         ExitCode.bad_args, "no column 'id'")
    rows.write_text("full_name,colour,shoe\nAda,red,5\n")
    assert_clean_failure(run("fill", form, "--csv", rows, "-o", tmp_path / "out"), ExitCode.bad_args,
                         "2 keys match no field")
    assert not (tmp_path / "out").exists()


# --- the README example, end to end ---------------------------------------------------------------
def test_the_readme_example_end_to_end(tmp_path):
    fillable_pdf, fields_json = tmp_path / "f.pdf", tmp_path / "fields.json"
    result = run("prepare", REPO / "examples" / "flat-form.pdf", fillable_pdf, "--json", fields_json)
    assert result.returncode == 0, result.stderr
    names = [f["name"] for page in json.loads(fields_json.read_text())["pages"] for f in page["fields"]]
    assert {"first_name", "last_name", "sex", "asthma", "current_medications"} <= set(names)
    data = {"first_name": "Ada", "Last name": "Lovelace", "sex": "Female", "asthma": True,
            "current_medications": "Aspirin 100 mg, daily"}
    (tmp_path / "data.json").write_text(json.dumps(data))
    filled = tmp_path / "filled.pdf"
    result = run("fill", fillable_pdf, tmp_path / "data.json", filled)
    assert result.returncode == 0 and "5 fields filled" in result.stderr.decode(), result.stderr
    read = values(filled)
    assert ((read["first_name"], read["last_name"], read["sex"], read["asthma"])
            == ("Ada", "Lovelace", "/Female", "/Yes"))
    image, empty, boxes = render(filled), render(fillable_pdf), widget_boxes(filled)
    for name in ("first_name", "last_name", "asthma", "current_medications"):
        assert ink(image, boxes[name]).sum() > ink(empty, boxes[name]).sum() + 20, name
    flat = tmp_path / "flat.pdf"
    assert run("fill", fillable_pdf, tmp_path / "data.json", flat, "--flatten").returncode == 0
    with pymupdf.open(flat) as doc:
        text = doc[0].get_text()
        assert "Ada" in text and "Lovelace" in text and "Aspirin 100 mg, daily" in text
