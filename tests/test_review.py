"""detect -> edit the JSON -> prepare --fields writes exactly the edited fields, without the model."""

from __future__ import annotations

import copy
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pymupdf
import pytest
from typer.testing import CliRunner

from commonforms_cli import prepare_form
from commonforms_cli.cli import app
from commonforms_cli.pdf.document import page_geometry
from commonforms_cli.errors import BadArgumentsError, ExitCode
from commonforms_cli.fields import Field, FieldKind
from commonforms_cli.fields_json import ATTRIBUTES, field_to_json, read_fields
from conftest import draw_flat_form
from refine_forms import DrawnForm

CLI = [sys.executable, "-m", "commonforms_cli"]
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "flat-form.pdf"


def run(*args, stdin: str | None = None):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, input=stdin, timeout=120)


def widgets(path):
    """(name, type, display bbox) of every widget, page by page."""
    found = []
    with pymupdf.open(path) as doc:
        for page in doc:
            geometry = page_geometry(page)
            for widget in page.widgets():
                rect = [float(v) for v in doc.xref_get_key(widget.xref, "Rect")[1].strip("[]").split()]
                found.append((widget.field_name, widget.field_type_string, geometry.to_display_bbox(rect)))
    return found


def test_detect_edit_prepare_writes_exactly_the_edited_fields(tmp_path, flat_pdf, form_model):
    detected = tmp_path / "fields.json"
    assert run("detect", flat_pdf, "--model", form_model, "--json", detected).returncode == 0
    data = json.loads(detected.read_text())
    text, checkbox, signature = data["pages"][0]["fields"]
    text["name"] = "full_name"  # rename
    signature.update({"kind": "text", "class": "text", "name": "signed_by"})  # change the kind
    signature["bbox"] = [0.1, 0.8, 0.5, 0.85]  # move and shrink it
    data["pages"][0]["fields"] = [text, signature]  # drop the check box, a false positive
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data))

    out = tmp_path / "out.pdf"
    # The model is never loaded: a missing one does not matter.
    result = run("prepare", flat_pdf, out, "--fields", edited, "--model", tmp_path / "absent.onnx")
    assert result.returncode == 0, result.stderr
    written = widgets(out)
    assert [(name, kind) for name, kind, _ in written] == [("full_name", "Text"), ("signed_by", "Text")]
    for (_, _, bbox), wanted in zip(written, (text["bbox"], [0.1, 0.8, 0.5, 0.85])):
        assert bbox == pytest.approx(wanted, abs=1e-4)


def every_kind_form(folder):
    """A drawn form with a field of every kind and a date field (a format), and a detector that finds
    exactly its boxes."""
    form = DrawnForm()
    form.labelled_line("Full name:", 40, 60, 560)  # text
    end = form.text(40, 100, "Account number") + 6  # comb: eight drawn character cells
    form.rect(end, 88, end + 160, 104)
    for i in range(1, 8):
        form.vertical(end + 20 * i, 88, 104)
    form.detect("text", end, 88, end + 160, 104)
    form.text(40, 140, "Comments")  # multiline
    form.rect(40, 145, 560, 205)
    form.detect("text", 40, 145, 560, 205)
    x = form.check_box(form.text(40, 240, "Do you smoke?") + 20, 240, "Yes")  # a radio group
    form.check_box(x + 15, 240, "No")
    form.check_box(40, 270, "I agree to the terms")  # a check box
    form.line(40, 250, 330)  # signature
    form.text(40, 342, "Signature of applicant")
    form.detect("signature", 40, 300, 250, 330)
    form.labelled_line("Date of birth", 40, 380, 300)  # a text field with a date format
    return form.save(folder)


def _plain(value):
    """A PDF object as plain values: dictionaries by key, streams with their decoded data, indirect
    objects followed; /P (the page) and /Kids (a radio group's options) are left out, or they cycle."""
    if isinstance(value, pikepdf.Stream):
        return {"dictionary": _plain(pikepdf.Dictionary(value.stream_dict)), "data": value.read_bytes()}
    if isinstance(value, pikepdf.Dictionary):
        return {str(key): _plain(item) for key, item in value.items() if key not in ("/P", "/Kids")}
    if isinstance(value, pikepdf.Array):
        return [_plain(item) for item in value]
    if isinstance(value, (pikepdf.Name, pikepdf.String)):
        return str(value)
    return value


def widget_dictionaries(path):
    """Every widget of the PDF, page by page in /Annots (tab) order, with every key, its appearance
    streams and its parent field; and the form's /Fields by name, in order."""
    with pikepdf.open(path) as pdf:
        widgets = [[_plain(annot) for annot in page.obj.get("/Annots", []) if annot.get("/Subtype") == "/Widget"]
                   for page in pdf.pages]
        form = pdf.Root.AcroForm
        return widgets, [str(item.T) for item in form.Fields], _plain(pikepdf.Dictionary(
            {key: item for key, item in form.items() if key != "/Fields"}))


@pytest.mark.parametrize("form", ["drawn", "example"])
def test_unedited_fields_write_exactly_what_prepare_writes(tmp_path, form):
    """detect --json, then prepare --fields with the JSON unedited, writes the same widgets as a direct
    prepare: every key (/FT, /T, /TU, /Rect, /DA, /MaxLen, /Ff, /MK, /AA format actions, appearance states
    and streams, radio parents with their question), in the same order. The drawn form runs all three with
    --formats (its date field's format goes through the JSON); the example runs the bundled model, with
    the defaults."""
    if form == "drawn":
        pdf, model = every_kind_form(tmp_path)
        model_args, switches = ["--model", model], ["--formats"]
    else:
        pdf, model_args, switches = EXAMPLE, [], []
    fields_json, direct, reviewed = tmp_path / "fields.json", tmp_path / "direct.pdf", tmp_path / "reviewed.pdf"
    for args in (["detect", pdf, "--json", fields_json, *model_args, *switches],
                 ["prepare", pdf, direct, *model_args, *switches],
                 ["prepare", pdf, reviewed, "--fields", fields_json, *switches]):
        result = run(*args)
        assert result.returncode == 0, result.stderr
    fields = [item for page in json.loads(fields_json.read_text())["pages"] for item in page["fields"]]
    if form == "drawn":
        assert {item["kind"] for item in fields} == {kind.value for kind in FieldKind}
        assert [item["format"] for item in fields if item["format"]] == ["date:mm/dd/yyyy"]
    assert widget_dictionaries(reviewed) == widget_dictionaries(direct)


def test_the_json_carries_every_attribute_the_writer_uses():
    """A Field attribute the JSON left out would be lost between detect and prepare --fields."""
    carried = {"kind", "bbox", "score", *ATTRIBUTES}
    assert {item.name for item in dataclasses.fields(Field)} - {"page"} == carried
    items = [Field(0, FieldKind.radio, (0.1, 0.2, 0.3, 0.4), "smoker", score=0.5, label="Yes", group="smoker",
                   question="Do you smoke?", export_value="Yes", max_len=0, font_size=9.5),
             Field(0, FieldKind.text, (0.1, 0.5, 0.3, 0.55), "born", label="Born", font_size=10.0,
                   format="date:dd.mm.yyyy")]
    data = {"pages": [{"index": 0, "fields": [field_to_json(item, (0, 0, 1, 1)) for item in items]}]}
    assert read_fields(json.loads(json.dumps(data))).pages[0].fields == items


def test_fields_from_stdin_and_on_the_right_page(tmp_path, form_model):
    pdf = draw_flat_form(tmp_path / "two.pdf", pages=2)
    data = {"pages": [{"index": 1, "fields": [{"kind": "checkbox", "bbox": [0.1, 0.1, 0.15, 0.15], "name": "agree"}]}]}
    out = tmp_path / "out.pdf"
    result = run("prepare", pdf, out, "--fields", "-", stdin=json.dumps(data))
    assert result.returncode == 0, result.stderr
    with pymupdf.open(out) as doc:
        assert [w.field_name for w in doc[0].widgets()] == []
        assert [(w.field_name, w.field_type_string) for w in doc[1].widgets()] == [("agree", "CheckBox")]


def test_class_alone_gives_the_default_kind_and_extra_keys_are_used(tmp_path, flat_pdf):
    data = {"pages": [{"index": 0, "fields": [
        {"class": "choice", "bbox": [0.1, 0.1, 0.13, 0.13]},
        {"kind": "comb", "bbox": [0.2, 0.3, 0.6, 0.35], "name": "zip", "max_len": 5, "label": "ZIP code"},
    ]}]}
    fields = read_fields(data).pages[0].fields
    assert [f.kind.value for f in fields] == ["checkbox", "comb"]
    assert (fields[1].max_len, fields[1].label, fields[0].score) == (5, "ZIP code", 1.0)
    report = prepare_form(flat_pdf, tmp_path / "out.pdf", fields=data)
    assert [f.kind for f in report.fields] == ["checkbox", "comb"]


GOOD = {"pages": [{"index": 0, "width": 600, "height": 600,
                   "fields": [{"kind": "text", "bbox": [0.1, 0.1, 0.5, 0.15], "name": "a"}]}]}


def edit(change):
    data = copy.deepcopy(GOOD)
    change(data)
    return data


@pytest.mark.parametrize("data, words", [
    ([], "top level"),
    (edit(lambda d: d["pages"][0].pop("index")), "pages[0].index"),
    (edit(lambda d: d["pages"].append(copy.deepcopy(d["pages"][0]))), "appears twice"),
    (edit(lambda d: d["pages"][0]["fields"][0].update(kind="button")), "pages[0].fields[0].kind: 'button' is not one of"),
    (edit(lambda d: d["pages"][0]["fields"][0].pop("kind")), 'needs a "kind"'),
    (edit(lambda d: d["pages"][0]["fields"][0].update({"class": "choice"})), "is not of class"),
    (edit(lambda d: d["pages"][0]["fields"][0].update(bbox=[0.1, 0.1, 0.5])), "pages[0].fields[0].bbox"),
    (edit(lambda d: d["pages"][0]["fields"][0].update(bbox=[0.1, 0.1, 1.5, 0.2])), "between 0 and 1"),
    (edit(lambda d: d["pages"][0]["fields"][0].update(bbox=[0.5, 0.1, 0.1, 0.2])), "x0 < x1"),
    (edit(lambda d: d["pages"][0]["fields"][0].update(bbox=[0.1, 0.1, "x", 0.2])), "expected a number"),
    (edit(lambda d: d["pages"][0]["fields"][0].update(name=3)), ".name: expected a string"),
    (edit(lambda d: d["pages"][0]["fields"][0].update(score=2)), ".score: must be between 0 and 1"),
    (edit(lambda d: d["pages"][0]["fields"][0].update(max_len=-1)), ".max_len"),
])
def test_invalid_json_is_refused_with_where(data, words):
    with pytest.raises(BadArgumentsError) as error:
        read_fields(data)
    assert words in error.value.message


def test_fields_that_do_not_fit_the_pdf_are_refused(tmp_path, flat_pdf):
    out = tmp_path / "out.pdf"
    with pytest.raises(BadArgumentsError, match="page 3 is not in the PDF"):
        prepare_form(flat_pdf, out, fields=edit(lambda d: d["pages"][0].update(index=2)))
    with pytest.raises(BadArgumentsError, match="for another PDF"):
        prepare_form(flat_pdf, out, fields=edit(lambda d: d["pages"][0].update(width=612, height=792)))
    assert not out.exists()


def test_cli_errors_for_fields_files(tmp_path, flat_pdf):
    out = tmp_path / "out.pdf"
    not_json = tmp_path / "notes.json"
    not_json.write_text("{nope")
    for args, words in [((flat_pdf, out, "--fields", tmp_path / "absent.json"), "no such file"),
                        ((flat_pdf, out, "--fields", not_json), "not JSON"),
                        (("-", out, "--fields", "-"), "cannot both be '-'")]:
        result = CliRunner().invoke(app, ["prepare", *map(str, args)])
        assert result.exit_code == ExitCode.bad_args
        assert result.stderr.count("\n") == 1 and words in result.stderr
    assert not out.exists()
