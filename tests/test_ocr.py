"""Scanned pages: which pages are read by OCR, and the fields named from what it reads."""

from __future__ import annotations

import pymupdf
import pytest

from commonforms_cli import prepare_form
from commonforms_cli.pdf import ocr
from commonforms_cli.pdf.document import page_geometry
from commonforms_cli.pdf.page_content import read_page_content
from conftest import detector_model
from refine_forms import SIZE, DrawnForm


def _drawn_form() -> DrawnForm:
    form = DrawnForm()
    form.labelled_line("Full name", 50, 100, 400)
    form.labelled_line("Telephone number", 50, 140, 400)
    form.labelled_line("City", 50, 180, 300)
    form.text(50, 230, "Do you own a car?")
    form.check_box(160, 230, "Yes")
    form.check_box(210, 230, "No")
    return form


def _scan_of(form: DrawnForm, rotate: int = 0) -> pymupdf.Document:
    """The form printed and scanned: one picture of the page, no text layer."""
    picture = form.page.get_pixmap(dpi=200, colorspace=pymupdf.csGRAY)
    scan = pymupdf.open()
    page = scan.new_page(width=SIZE, height=SIZE)
    page.insert_image(page.rect, pixmap=picture)
    page.set_rotation(rotate)
    return scan


def _outlined(form: DrawnForm) -> pymupdf.Document:
    """The form with its text drawn as outlines (a path per glyph, no text layer), as some
    producers print it."""
    svg = form.page.get_svg_image(text_as_path=True)
    return pymupdf.open("pdf", pymupdf.open(stream=svg.encode(), filetype="svg").convert_to_pdf())


def _with_instructions(form: DrawnForm) -> DrawnForm:
    for line in range(5):
        form.text(50, 400 + 14 * line, "Print clearly in black ink and sign where the form asks you to sign.")
    return form


def test_a_picture_of_the_whole_page_is_scanned_and_a_typed_form_is_not():
    form = _drawn_form()
    scan = _scan_of(form)
    assert ocr.needs_ocr(scan[0], text_phrases=0)
    assert ocr.needs_ocr(scan[0], text_phrases=2)  # a typed page number or header over the scan
    assert not ocr.needs_ocr(scan[0], text_phrases=ocr.MAX_TEXT_PHRASES)
    assert not ocr.needs_ocr(form.page, text_phrases=0)  # no picture at all
    logo = pymupdf.open()
    page = logo.new_page(width=SIZE, height=SIZE)
    page.insert_image(pymupdf.Rect(20, 20, 120, 80), pixmap=form.page.get_pixmap(dpi=20))
    assert not ocr.needs_ocr(page, text_phrases=0)  # a logo on an empty page


def test_a_page_whose_text_is_drawn_as_outlines_needs_ocr():
    outlined = _outlined(_with_instructions(_drawn_form()))[0]
    assert read_page_content(outlined, page_geometry(outlined)).phrases == ()
    assert ocr.needs_ocr(outlined, text_phrases=0)
    assert not ocr.needs_ocr(_outlined(DrawnForm())[0], text_phrases=0)  # a blank page


@pytest.mark.parametrize("read, expected", [
    ("OYes", "○Yes"), ("ONo", "○No"), ("0Married", "○Married"), ("口Female", "☐Female"),
    ("ONE", "ONE"), ("OK", "OK"), ("Oregon", "Oregon"), ("Other", "Other"), ("O", "O"),
])
def test_a_box_read_as_a_letter_before_its_label_becomes_a_box_glyph(read, expected):
    assert ocr._box_glyphs(read) == expected


def test_without_the_ocr_extra_nothing_is_read(monkeypatch):
    monkeypatch.setattr(ocr, "_engine_class", lambda: None)
    page = _scan_of(_drawn_form())[0]
    assert not ocr.ocr_available()
    assert ocr.read_lines(page) == []
    assert read_page_content(page, page_geometry(page), ocr=True).phrases == ()


def test_without_the_ocr_extra_prepare_says_which_pages_it_could_not_read(monkeypatch, tmp_path):
    monkeypatch.setattr(ocr, "_engine_class", lambda: None)
    form = _drawn_form()
    scan = tmp_path / "scan.pdf"
    _scan_of(form).save(scan)
    model = detector_model(tmp_path / "model.onnx", form.boxes)
    report = prepare_form(scan, tmp_path / "out.pdf", model=model)
    assert report.warnings == ["page 1: no text layer to name fields by (a scan?), or one that garbles the words: "
                               "install the OCR extra (pip install 'commonforms[ocr]') to read them"]
    assert not prepare_form(scan, tmp_path / "out2.pdf", model=model, ocr=False).warnings  # asked not to read


@pytest.mark.parametrize("command", ["detect", "prepare"])
def test_without_the_ocr_extra_the_cli_warns_once_on_stderr(monkeypatch, tmp_path, command):
    from typer.testing import CliRunner

    from commonforms_cli.cli import app

    monkeypatch.setattr(ocr, "_engine_class", lambda: None)
    form = _drawn_form()
    scan = tmp_path / "scan.pdf"
    _scan_of(form).save(scan)
    model = detector_model(tmp_path / "model.onnx", form.boxes)
    outputs = [str(tmp_path / "out.pdf")] if command == "prepare" else []
    result = CliRunner().invoke(app, [command, str(scan), *outputs, "--model", str(model)])
    assert result.exit_code == 0
    assert result.stderr.count("commonforms: warning: page 1: no text layer to name fields by") == 1
    quiet = CliRunner().invoke(app, [command, str(scan), *outputs, "--model", str(model), "--no-ocr"])
    assert "warning" not in quiet.stderr


@pytest.fixture
def engine():
    pytest.importorskip("rapidocr", reason="the ocr extra is not installed")


@pytest.mark.parametrize("rotate", [0, 90])
def test_ocr_reads_the_labels_of_a_scanned_page_where_the_text_layer_had_them(engine, rotate):
    form = _drawn_form()
    form.page.set_rotation(rotate)
    typed = read_page_content(form.page, page_geometry(form.page))
    scan = _scan_of(_drawn_form(), rotate)[0]
    assert read_page_content(scan, page_geometry(scan)).phrases == ()  # the scan alone: nothing to read
    read = read_page_content(scan, page_geometry(scan), ocr=True)
    for phrase in typed.phrases:
        found = [p for p in read.phrases if p.text == phrase.text]
        assert found, f"{phrase.text!r} not read; read: {[p.text for p in read.phrases]}"
        assert max(abs(a - b) for a, b in zip(found[0].bbox, phrase.bbox)) < 0.02  # within 12 pt of 600
        assert found[0].font_size == pytest.approx(phrase.font_size, rel=0.35)


def test_ocr_reads_the_words_of_a_page_drawn_as_outlines(engine):
    form = _with_instructions(_drawn_form())
    outlined = _outlined(form)[0]
    read = read_page_content(outlined, page_geometry(outlined), ocr=True)
    typed = read_page_content(form.page, page_geometry(form.page))
    assert [p.text for p in read.phrases] == [p.text for p in typed.phrases]


def test_ocr_reads_nothing_on_a_blank_scan(engine):
    blank = DrawnForm()
    blank.rect(50, 50, 300, 300)  # a picture with no words
    assert ocr.read_lines(_scan_of(blank)[0]) == []


def test_ocr_leaves_the_text_layer_of_a_page_as_it_is(engine):
    form = _drawn_form()
    with_ocr = read_page_content(form.page, page_geometry(form.page), ocr=True)
    without = read_page_content(form.page, page_geometry(form.page))
    assert with_ocr.phrases == without.phrases
    assert with_ocr.horizontal.tolist() == without.horizontal.tolist()


def test_fields_of_a_scanned_form_are_named_from_the_words_ocr_reads(engine, tmp_path):
    form = _drawn_form()
    scan = tmp_path / "scan.pdf"
    _scan_of(form).save(scan)
    model = detector_model(tmp_path / "model.onnx", form.boxes)
    report = prepare_form(scan, tmp_path / "out.pdf", model=model)
    assert not report.warnings
    written = [(f.name, f.field.label, f.kind) for page in report.pages for f in page.fields]
    assert written == [("full_name", "Full name", "text"), ("telephone_number", "Telephone number", "text"),
                       ("city", "City", "text"), ("do_you_own_a_car", "Yes", "radio"),
                       ("do_you_own_a_car", "No", "radio")]
    unread = prepare_form(scan, tmp_path / "unread.pdf", model=model, ocr=False)
    assert "full_name" not in {f.name for page in unread.pages for f in page.fields}


@pytest.mark.parametrize("texts, expected", [
    (["%ameN", "LAME F)ast( Pirst( MiddleY", "OA8E vP BRT8H", "Telephone number"], True),  # a font's map shifted
    (["Name(s) of applicant(s)", "Date (mm/dd/yyyy)", "McDonald", "iPhone", "SSN#"], False),
    ([], False),
])
def test_a_text_layer_that_says_other_letters_than_the_page_is_garbled(texts, expected):
    assert ocr.garbled(texts) is expected


def test_a_page_whose_text_layer_is_garbled_is_read_by_ocr_instead(engine, tmp_path):
    """The page prints "Full name" (here as a picture) but its text layer, invisible over it,
    says "%ulN nameY": OCR reads the page instead of the text layer."""
    printed = DrawnForm()
    printed.text(50, 100, "Full name")
    printed.text(50, 140, "Telephone number")
    page = _scan_of(printed)[0]
    for baseline, garbled in ((100, "%ulN nameY"), (140, "Te)ephone numDerY")):
        page.insert_text((50, baseline), garbled, fontsize=10, render_mode=3)  # invisible, over the picture
    texts = [p.text for p in read_page_content(page, page_geometry(page), ocr=True).phrases]
    assert "Full name" in texts and "Telephone number" in texts
    assert [p.text for p in read_page_content(page, page_geometry(page), ocr=False).phrases] == [
        "%ulN nameY", "Te)ephone numDerY"]


def test_without_the_ocr_extra_prepare_says_which_garbled_pages_it_could_not_read(monkeypatch, tmp_path):
    monkeypatch.setattr(ocr, "_engine_class", lambda: None)
    form = DrawnForm()
    form.labelled_line("%ulN nameY", 50, 100, 400)  # a text layer whose font maps the letters wrongly
    form.labelled_line("Te)ephone numDerY", 50, 140, 400)
    pdf, model = form.save(tmp_path)
    report = prepare_form(pdf, tmp_path / "out.pdf", model=model)
    assert report.warnings and report.warnings[0].startswith("page 1: no text layer to name fields by")
