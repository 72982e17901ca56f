"""The pipeline as named stages: open -> render -> detect -> refine -> write.

Pages are streamed: each is rendered, detected and dropped before the next,
so memory stays flat however long the document is. Only the detections (a
few hundred small records) are kept until the write stage.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pymupdf

from . import refine
from .detector import Detector, default_model_path
from .document import Source, open_pdf, page_geometry
from .fields import Detection, Field
from .geometry import PageGeometry
from .options import Options, check_output_path, validated
from .render import render_page
from .report import FieldRecord, ModelSummary, PageReport, Report
from .widgets import read_widgets
from .writer import remove_existing_fields, save_pdf, write_fields

PageCallback = Callable[[int, int], None]  # (pages done, pages in all)


@functools.lru_cache(maxsize=4)
def load_detector(model: Path | None, device: str = "cpu", threads: int | None = None) -> Detector:
    """One onnxruntime session per model and process, reused across files."""
    return Detector(model or default_model_path(), providers=device, threads=threads)


@dataclass
class _Detected:
    """The detect stage's result for one document."""

    fields: list[Field]
    geometries: list[PageGeometry]


def _detect_stage(
    doc: pymupdf.Document, detector: Detector, options: Options, on_page: PageCallback | None
) -> _Detected:
    """Render and detect page by page; refine into fields in tab order."""
    size = max(detector.input_size)
    ordered: list[Detection] = []
    geometries = []
    for page in doc:
        geometry = page_geometry(page)
        geometries.append(geometry)
        detections = detector.detect(render_page(page, size), options.thresholds, page=page.number)
        if not options.replace_existing:
            existing = [w.bbox for w in read_widgets(page, geometry)]
            detections = refine.drop_existing(detections, existing)
        ordered.extend(refine.reading_order(detections))
        if on_page:
            on_page(page.number + 1, doc.page_count)
    heights = {i: g.display_size[1] for i, g in enumerate(geometries)}
    fields = refine.to_fields(ordered, heights, refine.RefineOptions(options.signature_as_text))
    return _Detected(fields, geometries)


def _report(input_name: str, detector: Detector, detected: _Detected, fields: list[Field]) -> Report:
    info = detector.model_info
    report = Report(input=input_name, model=ModelSummary(info.name, info.sha256, max(info.imgsz)))
    report.pages = [PageReport.of(i, g) for i, g in enumerate(detected.geometries)]
    for item in fields:
        report.pages[item.page].fields.append(FieldRecord.of(item, detected.geometries[item.page]))
    return report


def detect_fields(
    input: Source, options: Options | None = None, *, on_page: PageCallback | None = None, **changes
) -> Report:
    """Detect the fields ``prepare_form`` would write, without writing anything."""
    options = _resolve(options, changes)
    detector = load_detector(options.model, options.device, options.threads)
    with open_pdf(input, options.password) as doc:
        detected = _detect_stage(doc, detector, options, on_page)
    return _report(_name_of(input), detector, detected, detected.fields)


def prepare_form(
    input: Source,
    output: str | Path,
    options: Options | None = None,
    *,
    on_page: PageCallback | None = None,
    **changes,
) -> Report:
    """Write a fillable copy of ``input`` to ``output``; the input is never modified."""
    options = _resolve(options, changes)
    input_path = None if isinstance(input, (bytes, bytearray)) else input
    output = check_output_path(input_path, output)
    detector = load_detector(options.model, options.device, options.threads)
    with open_pdf(input, options.password) as doc:
        detected = _detect_stage(doc, detector, options, on_page)
        if options.replace_existing:
            remove_existing_fields(doc)
        written = write_fields(doc, detected.fields)
        save_pdf(doc, output)
    fields = [_as_written(w) for w in written]
    report = _report(_name_of(input), detector, detected, fields)
    report.output = str(output)
    return report


def _resolve(options: Options | None, changes: dict) -> Options:
    """The API takes an Options, keyword overrides, or both; validated once."""
    base = options or Options()
    return base.with_changes(**changes) if changes else validated(base)


def _as_written(written) -> Field:
    """The field with the name the writer gave it (unique within the form)."""
    return dataclasses.replace(written.field, name=written.name)


def _name_of(source: Source) -> str:
    return "-" if isinstance(source, (bytes, bytearray)) else str(source)
