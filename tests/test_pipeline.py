"""prepare_form / detect_fields end to end, with a detector whose answers are known."""

from __future__ import annotations

import hashlib
import json

import pymupdf
import pypdf
import pytest

from commonforms_cli import Options, detect_fields, prepare_form, process_page
from commonforms_cli.detect import session as detector_module
from commonforms_cli.detect import Detector
from commonforms_cli.pdf.document import page_geometry
from commonforms_cli.pdf.page_content import read_page_content
from commonforms_cli.pipeline import refine_detections
from commonforms_cli.errors import ModelError
from conftest import FORM_BOXES, detector_model, draw_flat_form

FIELD_TYPES = {"text": "Text", "choice": "CheckBox", "signature": "Signature"}
EXPECTED = [b for b in FORM_BOXES if b[1] >= 0.3]  # the default thresholds drop the last box


def _widgets(path):
    with pymupdf.open(path) as doc:
        return [(w.field_type_string, w.field_name, page.number) for page in doc for w in page.widgets()]


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_prepare_writes_each_detection_as_a_field(tmp_path, flat_pdf, form_model):
    before = _sha(flat_pdf)
    out = tmp_path / "out.pdf"
    report = prepare_form(flat_pdf, out, model=form_model)
    assert _sha(flat_pdf) == before  # the input is never modified
    assert [f.cls.value for f in report.fields] == ["text", "choice", "signature"]
    assert sorted(t for t, _, _ in _widgets(out)) == sorted(FIELD_TYPES[c] for c, _, _ in EXPECTED)
    with pymupdf.open(out) as doc:
        geometry = page_geometry(doc[0])
        for record in report.fields:
            widget = next(w for w in doc[0].widgets() if w.field_name == record.name)
            raw = [float(v) for v in doc.xref_get_key(widget.xref, "Rect")[1].strip("[]").split()]
            assert raw == pytest.approx(list(record.rect), abs=0.5)
            assert record.rect == pytest.approx(geometry.to_user_rect(record.bbox))
    fields = pypdf.PdfReader(out).get_fields()
    assert {f.name for f in report.fields} == set(fields)


def test_fields_follow_reading_order_and_have_deterministic_names(tmp_path, flat_pdf, form_model):
    report = prepare_form(flat_pdf, tmp_path / "out.pdf", model=form_model)
    assert [f.name for f in report.fields] == ["name", "checkbox_1_1", "signature_1_1"]  # "Name" labels the text box
    again = prepare_form(flat_pdf, tmp_path / "again.pdf", model=form_model)
    assert (tmp_path / "out.pdf").read_bytes() != b""
    assert [f.to_json() for f in again.fields] == [f.to_json() for f in report.fields]


def test_thresholds_and_signature_as_text(tmp_path, flat_pdf, form_model):
    report = prepare_form(
        flat_pdf, tmp_path / "out.pdf", model=form_model, thresholds="0.1", signature_as_text=True
    )
    assert [f.kind for f in report.fields].count("signature") == 0
    assert len(report.fields) == 4
    assert "Signature" not in {t for t, _, _ in _widgets(tmp_path / "out.pdf")}


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_rotated_and_offset_pages_get_rects_in_user_space(tmp_path, form_model, rotate):
    pdf = draw_flat_form(tmp_path / "in.pdf", rotate=rotate, mediabox=(100, 50, 700, 650), cropbox=(100, 50, 700, 650))
    out = tmp_path / "out.pdf"
    report = prepare_form(pdf, out, model=form_model)
    with pymupdf.open(out) as doc:
        geometry = page_geometry(doc[0])
        assert geometry.rotation == rotate
        for record in report.fields:
            assert record.bbox == pytest.approx(next(b for c, s, b in EXPECTED if abs(s - record.score) < 1e-4), abs=1e-3)
            assert geometry.to_display_bbox(record.rect) == pytest.approx(record.bbox, abs=1e-6)
            assert all(100 <= v <= 700 for v in record.rect[0::2]) and all(50 <= v <= 650 for v in record.rect[1::2])


def test_existing_fields_are_kept_and_not_duplicated(tmp_path, flat_pdf, form_model):
    first = tmp_path / "first.pdf"
    prepare_form(flat_pdf, first, model=form_model)
    second = tmp_path / "second.pdf"
    report = prepare_form(first, second, model=form_model)
    assert report.fields == []  # every detection overlaps a field the PDF already has
    assert report.existing_fields == 3
    assert len(_widgets(second)) == len(_widgets(first))
    replaced = prepare_form(first, tmp_path / "third.pdf", model=form_model, replace_existing=True)
    assert len(_widgets(tmp_path / "third.pdf")) == len(replaced.fields) == 3
    assert replaced.existing_fields == 0


def test_process_page_is_one_page_of_prepare(tmp_path, flat_pdf, form_model):
    """render -> detect -> refine for one page: the fields prepare writes there, but for the names,
    which are given over the whole document; the PDF's own widgets are kept and left out."""
    options = Options(model=form_model)
    with pymupdf.open(flat_pdf) as doc:
        result = process_page(doc[0], options)
        assert (result.index, result.geometry) == (0, page_geometry(doc[0]))
    assert [d.cls.value for d in result.detections][:3] == ["text", "choice", "signature"]
    report = detect_fields(flat_pdf, options)
    assert [(f.kind.value, f.bbox) for f in result.fields] == [(r.kind, r.bbox) for r in report.fields]
    assert all(f.name == "" for f in result.fields) and result.existing == []
    prepare_form(flat_pdf, tmp_path / "out.pdf", options)
    with pymupdf.open(tmp_path / "out.pdf") as doc:
        again = process_page(doc[0], options)
    assert (again.fields, len(again.existing)) == ([], 3)


def test_refine_detections_is_the_refine_half_of_process_page(flat_pdf, form_model):
    """Detections made elsewhere (benchmarks/refine_corpus.py's cache) refine as process_page's do."""
    options = Options(model=form_model)
    with pymupdf.open(flat_pdf) as doc:
        result = process_page(doc[0], options)
        content = read_page_content(doc[0], result.geometry)
        again = refine_detections(0, result.detections, content, [], options)
        as_text = refine_detections(0, result.detections, content, [], Options(signature_as_text=True))
    assert again == result.fields
    assert "signature" in [f.kind.value for f in again]  # the options are prepare's
    assert "signature" not in [f.kind.value for f in as_text]
    assert [f.bbox for f in as_text] == [f.bbox for f in again]


def test_the_second_pass_is_an_option(tmp_path, flat_pdf):
    """A model of dynamic size looks twice unless told not to (``--no-second-pass``). This one puts
    its box at the same input pixels in both looks, so on the page the two boxes do not meet (IoU
    0.37), and each keeps half its score."""
    model = detector_model(tmp_path / "dynamic.onnx", FORM_BOXES[:1], dynamic=True)
    with pymupdf.open(flat_pdf) as doc:
        once = process_page(doc[0], Options(model=model, second_pass=False))
        twice = process_page(doc[0], Options(model=model))
    assert [(d.cls.value, round(d.score, 3)) for d in once.detections] == [("text", 0.9)]
    assert [(d.cls.value, round(d.score, 3)) for d in twice.detections] == [("text", 0.45), ("text", 0.45)]
    from typer.testing import CliRunner

    from commonforms_cli.cli import app

    result = CliRunner().invoke(app, ["detect", str(flat_pdf), "--model", str(model), "--no-second-pass",
                                      "--json", "-"])
    fields = json.loads(result.stdout)
    assert [item["score"] for item in fields["pages"][0]["fields"]] == [pytest.approx(0.9)]


def test_detect_json_matches_the_schema(tmp_path, flat_pdf, form_model):
    report = detect_fields(flat_pdf, model=form_model)
    out = tmp_path / "fields.json"
    report.write_json(out)
    data = json.loads(out.read_text())
    assert set(data) == {"input", "model", "pages"}
    assert set(data["model"]) == {"name", "sha256", "imgsz"}
    assert data["model"]["imgsz"] == 256 and len(data["model"]["sha256"]) == 64
    (page,) = data["pages"]
    assert set(page) == {"index", "width", "height", "rotation", "fields"}
    assert (page["index"], page["width"], page["height"], page["rotation"]) == (0, 600.0, 600.0, 0)
    for item in page["fields"]:
        assert set(item) == {"class", "kind", "score", "bbox", "rect", "name", "label", "group", "question",
                             "export_value", "max_len", "font_size", "format"}
        assert item["class"] in ("text", "choice", "signature")
        assert all(isinstance(item[key], str)
                   for key in ("kind", "name", "label", "group", "question", "export_value", "format"))
        assert isinstance(item["max_len"], int) and isinstance(item["font_size"], float)
        assert 0 <= item["score"] <= 1
        assert len(item["bbox"]) == len(item["rect"]) == 4
        assert all(0 <= v <= 1 for v in item["bbox"])


def test_detector_is_loaded_once_per_process(tmp_path, flat_pdf, monkeypatch):
    model = detector_model(tmp_path / "m.onnx", FORM_BOXES)
    loads = []
    monkeypatch.setattr(detector_module, "Detector", lambda *args, **kw: loads.append(args) or Detector(*args, **kw))
    detect_fields(flat_pdf, model=model)
    detect_fields(flat_pdf, model=model)
    assert len(loads) == 1


def test_a_missing_model_fails_with_its_own_error(tmp_path, flat_pdf):
    with pytest.raises(ModelError, match="not found"):
        detect_fields(flat_pdf, model=tmp_path / "missing.onnx")
