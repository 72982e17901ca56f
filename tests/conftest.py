"""Shared fixtures: flat PDFs drawn by the tests, and detectors that return known boxes."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from onnx_models import constant_model, raw_output, ultralytics_metadata

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
requires_corpus = pytest.mark.skipif(not (CORPUS / "manifest.tsv").exists(), reason="../shared/corpus is absent")

MODEL_SIZE = 256
CLASS_INDEX = {"text": 0, "choice": 1, "signature": 2}


def draw_flat_form(path: Path, size=(600, 600), rotate: int = 0, mediabox=None, cropbox=None, pages: int = 1) -> Path:
    """A flat page (lines and a box, no fields), optionally rotated or with offset boxes."""
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=size[0], height=size[1])
        page.insert_text((40, 60), "Name", fontsize=11)
        page.draw_line((80, 62), (300, 62))
        page.draw_rect(pymupdf.Rect(40, 100, 50, 110))
        if mediabox:
            doc.xref_set_key(page.xref, "MediaBox", "[%g %g %g %g]" % mediabox)
        if cropbox:
            doc.xref_set_key(page.xref, "CropBox", "[%g %g %g %g]" % cropbox)
        if rotate:
            doc.xref_set_key(page.xref, "Rotate", str(rotate))
    doc.save(path)
    return path


def draw_signed_form(path: Path, certify_no_changes: bool = False) -> Path:
    """A form with one signed signature field (a syntactically complete signature dictionary;
    the cryptography is not checked here, only that its bytes survive)."""
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=600)
    page.insert_text((40, 60), "Name", fontsize=11)
    page.draw_line((80, 62), (300, 62))
    page.draw_rect(pymupdf.Rect(40, 100, 50, 110))
    sig = doc.get_new_xref()
    doc.update_object(
        sig,
        "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached "
        "/ByteRange [0 0 0 0] /Contents <" + "00" * 64 + "> /M (D:20260101000000Z)"
        + (" /Reference [ << /Type /SigRef /TransformMethod /DocMDP /TransformParams << /P 1 /V /1.2 >> >> ]"
           if certify_no_changes else "") + " >>",
    )
    widget = doc.get_new_xref()
    doc.update_object(
        widget,
        f"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signed) /V {sig} 0 R /Rect [300 100 500 140] "
        f"/F 4 /P {page.xref} 0 R >>",
    )
    doc.xref_set_key(page.xref, "Annots", f"[{widget} 0 R]")
    doc.xref_set_key(doc.pdf_catalog(), "AcroForm", f"<< /Fields [{widget} 0 R] /SigFlags 3 >>")
    if certify_no_changes:
        doc.xref_set_key(doc.pdf_catalog(), "Perms", f"<< /DocMDP {sig} 0 R >>")
    doc.save(path)
    return path


def widget_names(path: Path) -> list[str]:
    """Every widget's field name, page by page."""
    with pymupdf.open(path) as doc:
        return [w.field_name for page in doc for w in page.widgets()]


def detector_model(path: Path, boxes, dynamic: bool = False) -> Path:
    """An ONNX detector (ultralytics layout, MODEL_SIZE px) that always finds ``boxes``:
    ``(class name, score, (x0, y0, x1, y1) in fractions of a square page)``; ``dynamic``: of
    dynamic input size (as our exports), the boxes then at the same input pixels at any size."""
    candidates = [
        (CLASS_INDEX[name], score, tuple(v * MODEL_SIZE for v in box)) for name, score, box in boxes
    ]
    return constant_model(
        path,
        raw_output(candidates),
        metadata=ultralytics_metadata(size=MODEL_SIZE),
        input_shape=("batch", 3, "height", "width") if dynamic else (1, 3, MODEL_SIZE, MODEL_SIZE),
    )


FORM_BOXES = [
    ("text", 0.9, (0.15, 0.07, 0.5, 0.1)),
    ("choice", 0.8, (0.0667, 0.1667, 0.0833, 0.1833)),
    ("signature", 0.7, (0.1, 0.8, 0.6, 0.87)),
    ("text", 0.2, (0.6, 0.6, 0.8, 0.65)),  # below the default threshold
]


@pytest.fixture
def form_model(tmp_path) -> Path:
    """A detector that finds one text field, one check box and one signature."""
    return detector_model(tmp_path / "form-model.onnx", FORM_BOXES)


@pytest.fixture
def flat_pdf(tmp_path) -> Path:
    return draw_flat_form(tmp_path / "flat.pdf")
