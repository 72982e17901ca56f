"""``commonforms eval``: a fillable PDF's widgets are the truth; detectors with known answers are scored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from commonforms_cli.evaluate import evaluate_pdfs
from commonforms_cli.fields import FieldClass
from commonforms_cli.options import Options
from conftest import MODEL_SIZE, detector_model

PAGE = 600.0  # square page: the model's square input needs no letterbox
WIDGET_TYPES = {
    "text": pymupdf.PDF_WIDGET_TYPE_TEXT,
    "choice": pymupdf.PDF_WIDGET_TYPE_CHECKBOX,
    "signature": pymupdf.PDF_WIDGET_TYPE_SIGNATURE,
}
# Widget boxes in fractions of the page, on whole pixels of the 256 px model input.
TRUTH = [
    ("text", (64 / 256, 32 / 256, 192 / 256, 48 / 256)),
    ("choice", (32 / 256, 80 / 256, 40 / 256, 88 / 256)),
    ("signature", (32 / 256, 200 / 256, 160 / 256, 224 / 256)),
]
# The text box shifted right by 31 of its 128 px: IoU = 97 / 159 = 0.61, which passes the IoU
# thresholds 0.50, 0.55 and 0.60 of COCO's ten and fails 0.65 .. 0.95, so AP50-95 = 3 / 10.
SHIFT = 31 / 256
SHIFTED_TEXT = (TRUTH[0][1][0] + SHIFT, TRUTH[0][1][1], TRUTH[0][1][2] + SHIFT, TRUTH[0][1][3])


def fillable_form(path: Path, fields) -> Path:
    """A 600x600 page with a ruled frame (the visible cue) under each widget."""
    assert MODEL_SIZE == 256  # the boxes above sit on the model input's pixel grid
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE, height=PAGE)
    page.insert_text((40, 20), "Application form", fontsize=11)
    for i, (cls, box) in enumerate(fields):
        rect = pymupdf.Rect(*(v * PAGE for v in box))
        page.draw_rect(rect, color=(0, 0, 0), width=1)
        widget = pymupdf.Widget()
        widget.field_type = WIDGET_TYPES[cls]
        widget.field_name = f"{cls}_{i}"
        widget.rect = rect
        page.add_widget(widget)
    doc.save(path)
    doc.close()
    return path


def model_finding(path: Path, boxes, score: float = 0.9) -> Path:
    return detector_model(path, [(cls, score, box) for cls, box in boxes])


def per_class(result) -> dict[str, object]:
    return {cls.value: metrics for cls, metrics in result.per_class.items()}


def test_exact_detections_score_one(tmp_path):
    form = fillable_form(tmp_path / "form.pdf", TRUTH)
    model = model_finding(tmp_path / "exact.onnx", TRUTH)
    result = evaluate_pdfs([form], Options(model=model)).cued
    assert result.pages == 1
    for cls, metrics in per_class(result).items():
        assert metrics.gt_count == 1, cls
        assert metrics.ap50 == pytest.approx(1.0), cls
        assert metrics.ap50_95 == pytest.approx(1.0), cls
        assert (metrics.tp, metrics.fp, metrics.fn) == (1, 0, 0), cls
        assert metrics.f1 == 1.0
    assert result.map50_95 == pytest.approx(1.0)
    assert result.f1 == 1.0


def test_a_shifted_box_scores_ap50_one_and_ap50_95_three_tenths(tmp_path):
    form = fillable_form(tmp_path / "form.pdf", TRUTH[:1])
    model = model_finding(tmp_path / "shifted.onnx", [("text", SHIFTED_TEXT)])
    metrics = per_class(evaluate_pdfs([form], Options(model=model)).cued)
    text = metrics["text"]
    assert text.ap50 == pytest.approx(1.0)
    assert text.ap50_95 == pytest.approx(0.3)
    assert text.ap75 == 0.0
    assert text.f1 == 1.0  # F1 is taken at IoU 0.5
    assert metrics["choice"].ap50 is None and metrics["signature"].ap50 is None  # no truth: undefined


def test_missed_and_spurious_detections_lower_f1(tmp_path):
    form = fillable_form(tmp_path / "form.pdf", TRUTH)
    # finds the text field, misses the check box, and calls the signature field a text field
    model = model_finding(tmp_path / "partial.onnx", [TRUTH[0], ("text", TRUTH[2][1])])
    result = evaluate_pdfs([form], Options(model=model)).cued
    metrics = per_class(result)
    assert (metrics["text"].tp, metrics["text"].fp, metrics["text"].fn) == (1, 1, 0)
    assert (metrics["choice"].tp, metrics["choice"].fn) == (0, 1)
    assert (metrics["signature"].tp, metrics["signature"].fn) == (0, 1)
    assert result.f1 == pytest.approx(2 * 1 / (2 * 1 + 1 + 2))


def test_a_widget_without_a_visible_cue_is_ignored_in_the_cued_truth_and_counted_in_the_visible(tmp_path):
    """The cued truth applies the dataset's cleaning rules: a widget on blank paper is no miss, and
    finding it is no false positive; the visible truth (the CommonForms protocol) counts it."""
    path = tmp_path / "form.pdf"
    fillable_form(path, TRUTH)
    with pymupdf.open(path) as doc:  # one more text widget, on blank paper
        widget = pymupdf.Widget()
        widget.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
        widget.field_name = "floating"
        widget.rect = pymupdf.Rect(350, 400, 550, 420)
        doc[0].add_widget(widget)
        doc.save(tmp_path / "with-floating.pdf")
    model = model_finding(tmp_path / "exact.onnx", TRUTH)
    report = evaluate_pdfs([tmp_path / "with-floating.pdf"], Options(model=model))
    assert report.cued.gt_count == 3 and report.cued.f1 == 1.0
    assert report.visible.gt_count == 4
    assert per_class(report.visible)["text"].fn == 1
    floating = (350 / PAGE, 400 / PAGE, 550 / PAGE, 420 / PAGE)
    finding_it = model_finding(tmp_path / "floating.onnx", [*TRUTH, ("text", floating)])
    report = evaluate_pdfs([tmp_path / "with-floating.pdf"], Options(model=finding_it))
    assert report.cued.f1 == 1.0 and report.cued.fp == 0
    assert report.visible.f1 == 1.0 and report.visible.gt_count == 4


def test_a_file_that_is_not_a_pdf_is_skipped(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    fillable_form(folder / "form.pdf", TRUTH)
    (folder / "notes.pdf").write_text("not a PDF at all\n", encoding="utf-8")
    model = model_finding(tmp_path / "exact.onnx", TRUTH)
    heard = {}
    result = evaluate_pdfs(
        [folder], Options(model=model), on_file=lambda path, what: heard.update({path.name: what})
    ).cued
    assert heard["form.pdf"] == "ok"
    assert heard["notes.pdf"].startswith("skipped:")
    assert result.pages == 1 and result.f1 == 1.0


def test_cli_prints_json_with_per_class_entries(tmp_path):
    form = fillable_form(tmp_path / "form.pdf", TRUTH)
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\x00\x01 not a PDF")
    model = model_finding(tmp_path / "exact.onnx", TRUTH)
    result = subprocess.run(
        [sys.executable, "-m", "commonforms_cli", "eval", str(form), str(junk), "--model", str(model), "--json", "-"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)["cued"]  # stdout holds the JSON and nothing else
    assert report["pages"] == 1
    assert set(report["per_class"]) == {c.value for c in FieldClass}
    for cls, entry in report["per_class"].items():
        assert entry["gt_count"] == 1, cls
        assert entry["ap50"] == pytest.approx(1.0) and entry["ap50_95"] == pytest.approx(1.0), cls
        assert entry["f1"] == 1.0, cls
    assert report["overall"]["map50_95"] == pytest.approx(1.0)
    assert report["overall"]["f1"] == 1.0


def test_signatures_by_caption_makes_a_captioned_text_widget_signature_truth(tmp_path):
    """A signature line written as a text field counts as a signature when asked: the detector
    that calls it text then misses a signature."""
    line = ("text", (64 / 256, 120 / 256, 192 / 256, 136 / 256))  # 300 x 37.5 pt: room to sign
    path = fillable_form(tmp_path / "form.pdf", [line])
    with pymupdf.open(path) as doc:
        doc[0].insert_text((line[1][0] * PAGE, line[1][3] * PAGE + 12), "Signature of applicant", fontsize=10)
        doc.save(tmp_path / "captioned.pdf")
    model = model_finding(tmp_path / "text.onnx", [line])
    plain = per_class(evaluate_pdfs([tmp_path / "captioned.pdf"], Options(model=model)).cued)
    by_caption = per_class(
        evaluate_pdfs([tmp_path / "captioned.pdf"], Options(model=model), signatures_by_caption=True).cued
    )
    assert (plain["text"].tp, plain["signature"].fn) == (1, 0)
    assert (by_caption["text"].fp, by_caption["signature"].fn) == (1, 1)


@pytest.mark.parametrize("rendering", ["scan", "filled"])
def test_scan_and_filled_renderings_keep_the_truth_and_show_the_detector_another_page(tmp_path, rendering):
    form = fillable_form(tmp_path / "form.pdf", TRUTH)
    model = model_finding(tmp_path / "exact.onnx", TRUTH)
    report = evaluate_pdfs([form], Options(model=model), rendering=rendering)
    assert report.rendering == rendering
    assert report.cued.gt_count == 3 and report.cued.f1 == 1.0  # the test model answers any image alike


def test_an_unknown_rendering_is_a_bad_argument(tmp_path):
    from commonforms_cli.errors import BadArgumentsError

    with pytest.raises(BadArgumentsError):
        evaluate_pdfs([fillable_form(tmp_path / "form.pdf", TRUTH)], rendering="photocopy")
