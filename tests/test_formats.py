"""Field formats: with --formats, a date or number format where the label says so, written as Acrobat's
JavaScript actions, kept in the detect JSON and honoured by prepare --fields; off by default (no actions,
no format in the JSON, none written from a reviewed JSON); drawn by fill the way the format would show
the value."""

from __future__ import annotations

import json
import subprocess
import sys

import pymupdf
import pytest
from pypdf import PdfReader

from commonforms_cli import detect_fields, fill_form, prepare_form
from commonforms_cli.errors import BadArgumentsError, ExitCode
from commonforms_cli.field_formats import DateFormat, NumberFormat, format_of_script, parse_format, with_hint
from commonforms_cli.fields import FieldKind
from commonforms_cli.refine.formats import field_format
from refine_forms import DrawnForm

CLI = [sys.executable, "-m", "commonforms_cli"]


@pytest.mark.parametrize("label, expected", [
    ("Date", "date:mm/dd/yyyy"),
    ("Date of birth", "date:mm/dd/yyyy"),
    ("Datum", "date:dd.mm.yyyy"),
    ("Geburtsdatum", "date:dd.mm.yyyy"),
    ("Fecha de nacimiento", "date:dd/mm/yyyy"),
    ("Date de naissance", "date:dd/mm/yyyy"),
    ("Date of birth (mm/dd/yyyy)", "date:mm/dd/yyyy"),
    ("Birth date DD.MM.YYYY", "date:dd.mm.yyyy"),
    ("Geburtsdatum (TT.MM.JJJJ)", "date:dd.mm.yyyy"),
    ("Né le (JJ/MM/AAAA)", "date:dd/mm/yyyy"),
    ("Card expires MM/YY", "date:mm/yy"),
    ("Amount", "number:1,234.56"),
    ("Amount ($)", "number:$1,234.56"),
    ("Total", "number:1,234.56"),
    ("Total (€)", "number:1.234,56 €"),
    ("Betrag in EUR", "number:1.234,56 EUR"),
    ("Gesamtbetrag", "number:1.234,56"),
    ("Montant €", "number:1234,56 €"),
    ("Importe", "number:1.234,56"),
    # Not one date, not money, or not a date at all.
    ("Date and place of birth", ""),
    ("Ort, Datum", ""),
    ("Date/Time", ""),
    ("Update", ""),
    ("Total hours", ""),
    ("Number of children", ""),
    ("Name", ""),
    ("I confirm that the amount stated above is correct and complete as of the date", ""),
])
def test_the_label_decides_the_format(label, expected):
    assert field_format(FieldKind.text, label, 200, 10) == expected


def test_only_one_line_text_boxes_wide_enough_get_one():
    assert field_format(FieldKind.text, "Date of birth (MM DD YYYY)", 28, 10) == ""  # the month cell of a split date
    assert field_format(FieldKind.text, "Date", 70, 0) == "date:mm/dd/yyyy"  # auto size: judged at 10 pt
    assert field_format(FieldKind.text, "Date", 50, 10) == ""
    for kind in (FieldKind.multiline, FieldKind.comb, FieldKind.checkbox, FieldKind.signature):
        assert field_format(kind, "Date", 200, 10) == ""


def test_format_strings_round_trip_and_say_what_is_wrong():
    for text in ("date:mm/dd/yyyy", "date:dd.mm.yyyy", "date:mmm d, yyyy", "number:1,234.56", "number:$1,234.56",
                 "number:1.234,56 €", "number:1234", "number:1234,5"):
        assert str(parse_format(text)) == text
    assert parse_format("") is None
    for bad in ("date:", "date:hh:mm", "number:12", "number:$1,234.56 €", "money:1,234.56", "number:1,234,56"):
        with pytest.raises(ValueError, match="is not a format"):
            parse_format(bad)


def test_formats_read_back_from_acrobat_scripts():
    assert format_of_script('AFDate_FormatEx("dd.mm.yyyy");') == DateFormat("dd.mm.yyyy")
    assert format_of_script('AFNumber_Format(2, 0, 0, 0, "$", true);') == NumberFormat(2, 0, "$", True)
    assert format_of_script("event.value = 1;") is None


def test_values_are_shown_and_stored_as_the_format_does():
    us, german = parse_format("date:mm/dd/yyyy"), parse_format("date:dd.mm.yyyy")
    assert us.display("1990-05-17") == "05/17/1990" and german.display("17.5.1990") == "17.05.1990"
    assert us.display("1990-02-30") is None and us.display("soon") is None
    assert parse_format("date:mmm d, yyyy").display("1990-05-17") == "May 17, 1990"
    assert parse_format("date:dd/mm/yy").display("17/05/90") == "17/05/90"
    dollars, euros = parse_format("number:$1,234.56"), parse_format("number:1.234,56 €")
    assert (dollars.display("1234.5"), dollars.stored("1234.5")) == ("$1,234.50", "1234.5")
    assert (euros.display("-1234567.891"), euros.stored("1.234,5")) == ("-1.234.567,89 €", "1234.5")
    assert dollars.display("twelve") is None and dollars.stored("twelve") is None


def test_the_tooltip_says_the_pattern_unless_the_label_prints_one():
    date = parse_format("date:dd.mm.yyyy")
    assert with_hint("Datum", date) == "Datum (dd.mm.yyyy)"
    assert with_hint("Datum (TT.MM.JJJJ)", date) == "Datum (TT.MM.JJJJ)"
    assert with_hint("", date) == "dd.mm.yyyy"
    assert with_hint("Amount", parse_format("number:1,234.56")) == "Amount"


# --- with --formats, prepare writes them and detect reports them ---------------------------------------
def drawn_form(folder):
    form = DrawnForm()
    form.labelled_line("Name", 40, 60, 400)
    form.labelled_line("Date of birth", 40, 100, 300)
    form.labelled_line("Datum", 40, 140, 300)
    form.labelled_line("Amount ($)", 40, 180, 300)
    return form.save(folder)


def actions(path) -> dict[str, str]:
    """Each text field's format script (/AA /F), and its tooltip."""
    found = {}
    for name, field in PdfReader(path).get_fields().items():
        script = field.get("/AA", {}).get("/F", {}).get("/JS", "")
        found[name] = (str(script), str(field.get("/TU", "")))
    return found


def test_prepare_writes_formats_as_javascript_actions(tmp_path):
    pdf, model = drawn_form(tmp_path)
    report = detect_fields(pdf, model=model, formats=True)
    assert {f.name: f.format for f in report.fields} == {
        "name": "", "date_of_birth": "date:mm/dd/yyyy", "datum": "date:dd.mm.yyyy", "amount": "number:$1,234.56"}
    assert report.to_json()["pages"][0]["fields"][1]["format"] == "date:mm/dd/yyyy"
    out = tmp_path / "out.pdf"
    result = subprocess.run([*CLI, "prepare", pdf, out, "--model", model, "--formats"], capture_output=True)
    assert result.returncode == 0, result.stderr
    written = actions(out)
    assert written["date_of_birth"] == ('AFDate_FormatEx("mm/dd/yyyy");', "Date of birth (mm/dd/yyyy)")
    assert written["datum"] == ('AFDate_FormatEx("dd.mm.yyyy");', "Datum (dd.mm.yyyy)")
    assert written["amount"] == ('AFNumber_Format(2, 0, 0, 0, "$", true);', "Amount ($)")
    assert written["name"] == ("", "Name")
    keystroke = PdfReader(out).get_fields()["date_of_birth"]["/AA"]["/K"]
    assert (keystroke["/S"], keystroke["/JS"]) == ("/JavaScript", 'AFDate_KeystrokeEx("mm/dd/yyyy");')


def test_formats_are_off_by_default_everywhere(tmp_path):
    """No actions, no pattern in the tooltip (it comes with the format), no format in the detect JSON;
    --no-formats says the same; a reviewed JSON's formats are dropped too, with a warning."""
    pdf, model = drawn_form(tmp_path)
    assert [f.format for f in detect_fields(pdf, model=model).fields] == ["", "", "", ""]
    out = tmp_path / "out.pdf"
    for switch in ([], ["--no-formats"]):
        result = subprocess.run([*CLI, "prepare", pdf, out, "--model", model, *switch], capture_output=True)
        assert result.returncode == 0, result.stderr
        assert actions(out) == {"name": ("", "Name"), "date_of_birth": ("", "Date of birth"), "datum": ("", "Datum"),
                                "amount": ("", "Amount ($)")}
        assert "/AA" not in out.read_bytes().decode("latin-1")
    fields = tmp_path / "fields.json"
    fields.write_text(json.dumps(detect_fields(pdf, model=model, formats=True).to_json()))
    result = subprocess.run([*CLI, "prepare", pdf, out, "--fields", fields], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "warning: 3 of the given fields have formats, not written without --formats" in result.stderr
    assert all(script == "" for script, _ in actions(out).values())
    assert actions(out)["date_of_birth"][1] == "Date of birth"
    report = prepare_form(pdf, out, fields=fields, formats=False)
    assert report.warnings == ["3 of the given fields have formats, not written without --formats"]
    assert prepare_form(pdf, out, fields=detect_fields(pdf, model=model).to_json()).warnings == []


def test_prepare_fields_honours_the_json_format(tmp_path):
    pdf, model = drawn_form(tmp_path)
    data = detect_fields(pdf, model=model, formats=True).to_json()
    fields = data["pages"][0]["fields"]
    fields[0]["format"] = "number:1.234,56 €"  # the person says: Name is an amount in euros
    fields[1]["format"] = ""  # and the date of birth free text
    out = tmp_path / "out.pdf"
    prepare_form(pdf, out, fields=data, formats=True)
    written = actions(out)
    assert written["name"][0] == 'AFNumber_Format(2, 2, 0, 0, " €", false);'
    assert written["date_of_birth"] == ("", "Date of birth")

    (tmp_path / "bad.json").write_text(json.dumps(data).replace('"number:1.234,56 \\u20ac"', '"money"'))
    result = subprocess.run([*CLI, "prepare", pdf, out, "--fields", tmp_path / "bad.json"], capture_output=True,
                            text=True)
    assert result.returncode == ExitCode.bad_args
    assert "pages[0].fields[0].format: 'money' is not a format" in result.stderr
    fields[0].update(kind="checkbox", **{"class": "choice"})
    fields[0]["format"] = "date:mm/dd/yyyy"
    with pytest.raises(BadArgumentsError, match=r"fields\[0\]\.format: a checkbox has no format"):
        prepare_form(pdf, out, fields=data, formats=True)


# --- fill draws values as the format shows them -------------------------------------------------------
def test_fill_stores_and_shows_values_as_the_format_does(tmp_path):
    pdf, model = drawn_form(tmp_path)
    fillable = tmp_path / "fillable.pdf"
    prepare_form(pdf, fillable, model=model, formats=True)
    out = tmp_path / "filled.pdf"
    report = fill_form(fillable, {"date_of_birth": "1990-05-17", "datum": "1990-05-17", "amount": 1234.5}, out)
    assert report.filled == {"date_of_birth": "05/17/1990", "datum": "17.05.1990", "amount": "1234.5"}
    assert report.warnings == []
    with pymupdf.open(out) as doc:
        text = doc[0].get_text()
        assert "1234.5" not in text  # not baked yet: appearances only
        doc.bake(annots=False, widgets=True)
        shown = doc[0].get_text()
    assert "05/17/1990" in shown and "17.05.1990" in shown and "$1,234.50" in shown

    report = fill_form(fillable, {"date_of_birth": "next week", "amount": "lots"}, out)
    assert report.filled == {"date_of_birth": "next week", "amount": "lots"}
    assert len(report.warnings) == 2 and "as mm/dd/yyyy" in report.warnings[0]
