"""The pipeline as named stages: open -> render -> detect -> refine -> write.

``process_page`` takes one page through render -> detect -> refine
(``refine_detections``: its refine half, for detections made elsewhere). Pages are
streamed: each is rendered, detected and dropped before the next, so memory
stays flat however long the document is. Only the fields (a few hundred small
records) are kept until the write stage.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import refine
from .detect import Detector, load_detector
from .fields import Detection, Field
from .fields_json import FieldsSource, ModelSummary, read_fields
from .geometry import Box, PageGeometry
from .options import Options, validated
from .output_files import check_output_file
from .pdf import (
    ExistingWidget, PageContent, Source, change_policy, open_pdf, page_geometry, read_page_content, read_widgets,
    reading, remove_existing_fields, render_page, save_pdf, set_tab_order, write_fields,
)
from .pdf.ocr import garbled, needs_ocr, ocr_available
from .pdf.page_content import Phrase
from .report import FieldRecord, PageReport, Report

if TYPE_CHECKING:
    import pymupdf

PageCallback = Callable[[int, int], None]  # (pages done, pages in all)


@dataclass
class PageResult:
    """One page through render -> detect -> refine."""

    index: int  # the page's number, from 0
    geometry: PageGeometry
    fields: list[Field]  # in tab order, not named yet: names are unique over the document (refine.assign_names)
    detections: list[Detection]  # the detector's, at and under the thresholds (refine.search_thresholds)
    existing: list[ExistingWidget]  # the page's own widgets, kept: fields overlapping them were left out
    unread: bool = False  # a page whose words its text layer lacks or garbles, not read (no ocr extra)
    headings: list[Phrase] = dataclasses.field(default_factory=list)  # refine.numbered_headings


def process_page(
    page: pymupdf.Page, options: Options | None = None, *, detector: Detector | None = None
) -> PageResult:
    """Render ``page``, detect its fields and refine them: what ``prepare`` writes on the page,
    but for the names and the headings of numbered blocks, settled over the document (its
    ``headings`` are the page's candidates). ``detector``: the one loaded for ``options`` when not
    given."""
    options = options or Options()
    detector = detector or load_detector(options.model, options.device, options.threads)
    geometry = page_geometry(page)
    search = refine.search_thresholds(options.thresholds, options.drawn_check_boxes, options.drawn_text_fields)
    found = detector.detect(render_page(page, max(detector.input_size)), search, page=page.number,
                            second_pass=options.second_pass)
    widgets = [] if options.replace_existing else read_widgets(page, geometry)
    content = read_page_content(page, geometry, ocr=options.ocr, threads=options.threads)
    fields = refine_detections(page.number, found, content, [w.bbox for w in widgets], options)
    texts = [p.text for p in content.phrases]
    unread = options.ocr and not ocr_available() and (needs_ocr(page, len(texts)) or garbled(texts))
    return PageResult(page.number, geometry, fields, found, widgets, unread, refine.numbered_headings(content))


def refine_detections(
    page_number: int, found: list[Detection], content: PageContent, existing: list[Box], options: Options
) -> list[Field]:
    """The refine half of ``process_page``, for detections made elsewhere (a cache of the
    detector's output): ``found``, detected down to ``refine.search_thresholds``, split at
    ``options.thresholds`` and refined as ``prepare`` does, beside the page's own widgets
    ``existing``. The fields are in tab order, not named yet."""
    confident, weak = refine.split_by_threshold(found, options.thresholds)
    # The refine switches are the Options fields of the same names.
    switches = {f.name: getattr(options, f.name) for f in dataclasses.fields(refine.RefineOptions)}
    settings = refine.RefineOptions(**switches)
    return refine.refine_page(page_number, confident, content, existing, settings, weak)


@dataclass
class _Detected:
    """The detect stage's result for one document."""

    fields: list[Field]
    geometries: list[PageGeometry]
    existing_fields: int = 0  # fields the PDF already has and keeps: detections overlapping them are dropped
    unread_pages: list[int] = dataclasses.field(default_factory=list)  # PageResult.unread, by page number


def _detect_stage(
    doc: pymupdf.Document, detector: Detector, options: Options, on_page: PageCallback | None
) -> _Detected:
    """Each page through ``process_page``; the fields led by their blocks' headings and named over
    the whole document, in tab order."""
    pages: list[tuple[list[Field], list[Phrase]]] = []
    geometries = []
    existing_names: set[str] = set()
    unread: list[int] = []
    for page in doc:
        result = process_page(page, options, detector=detector)
        geometries.append(result.geometry)
        pages.append((result.fields, result.headings))
        existing_names.update(w.field_name for w in result.existing)
        if result.unread:
            unread.append(page.number)
        if on_page:
            on_page(page.number + 1, doc.page_count)
    fields = [item for led in refine.with_block_headings(pages) for item in led]
    return _Detected(refine.assign_names(fields, options.names), geometries, len(existing_names), unread)


def _model_summary(detector: Detector) -> ModelSummary:
    info = detector.model_info
    return ModelSummary(info.name, info.sha256, max(info.imgsz))


def _report(input_name: str, model: ModelSummary, detected: _Detected, fields: list[Field]) -> Report:
    report = Report(input=input_name, model=model, existing_fields=detected.existing_fields)
    if detected.unread_pages:
        pages = ", ".join(str(n + 1) for n in detected.unread_pages)
        report.warnings.append(f"page{'s' if len(detected.unread_pages) > 1 else ''} {pages}: no text layer to name "
                               "fields by (a scan?), or one that garbles the words: install the OCR extra (pip install "
                               "'commonforms[ocr]') to read them")
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
    with open_pdf(input, options.password) as doc, reading(_name_of(input)):
        detected = _detect_stage(doc, detector, options, on_page)
    return _report(_name_of(input), _model_summary(detector), detected, detected.fields)


def prepare_form(
    input: Source,
    output: str | Path,
    options: Options | None = None,
    *,
    fields: FieldsSource | None = None,
    on_page: PageCallback | None = None,
    **changes,
) -> Report:
    """Write a fillable copy of ``input`` to ``output``; the input is never modified.

    ``fields``: a detect JSON (a file or the parsed object), perhaps edited by a
    person; exactly its fields are written and the model is not run.
    """
    options = _resolve(options, changes)
    input_path = None if isinstance(input, (bytes, bytearray)) else input
    output = check_output_file(output, input_path)
    reviewed = read_fields(fields) if fields is not None else None
    detector = None if reviewed is not None else load_detector(options.model, options.device, options.threads)
    warnings: list[str] = []
    with open_pdf(input, options.password) as doc, reading(_name_of(input)):
        removing = "--replace-existing" if options.replace_existing else None
        incremental = change_policy(doc, _name_of(input), "adding fields", removing, warnings)
        if reviewed is not None:
            geometries = [page_geometry(page) for page in doc]
            reviewed_fields = reviewed.fields_for([g.display_size for g in geometries])
            detected = _Detected(_with_formats(reviewed_fields, options.formats, warnings), geometries)
        else:
            detected = _detect_stage(doc, detector, options, on_page)
        if options.replace_existing:
            remove_existing_fields(doc)
        written = write_fields(doc, detected.fields)
        for number in sorted({w.field.page for w in written}):
            set_tab_order(doc[number])  # tab in the order the fields were written
        save_pdf(doc, output, incremental=incremental)
    model = reviewed.model if reviewed is not None else _model_summary(detector)
    report = _report(_name_of(input), model, detected, [_as_written(w) for w in written])
    report.output = str(output)
    report.warnings = warnings + report.warnings
    return report


def _resolve(options: Options | None, changes: dict) -> Options:
    """The API takes an Options, keyword overrides, or both; validated once."""
    base = options or Options()
    return base.with_changes(**changes) if changes else validated(base)


def _with_formats(fields: list[Field], formats: bool, warnings: list[str]) -> list[Field]:
    """The reviewed fields as they are (--formats), or without their formats, as prepare writes none by
    default; a warning says how many the JSON gave, so that a reviewed format is not lost unnoticed."""
    given = sum(bool(item.format) for item in fields)
    if formats or not given:
        return fields
    warnings.append(f"{given} of the given fields {'has a format' if given == 1 else 'have formats'}, not written "
                    "without --formats")
    return [dataclasses.replace(item, format="") for item in fields]


def _as_written(written) -> Field:
    """The field with the name the writer gave it (unique within the form)."""
    return dataclasses.replace(written.field, name=written.name)


def _name_of(source: Source) -> str:
    return "-" if isinstance(source, (bytes, bytearray)) else str(source)
