"""Measure the refine stage on the real fillable forms of the corpus.

    python benchmarks/refine_corpus.py ../shared/corpus --split heldout --detections /tmp/heldout_dets.json
    python benchmarks/refine_corpus.py ../shared/corpus --split all --only labels,groups
    python benchmarks/refine_corpus.py ../shared/corpus --split val --only tooltips,kinds,choices,multiline \
        --detections /tmp/val_dets.json      # issue 18's table; a cache holds one split's pages

labels  For every visible widget whose author wrote a tooltip (/TU), the label
        our finder reads for the widget's own box (the other widgets block the
        way as detected fields would) against that tooltip: exact, normalised
        (folded words), same derived name, and word overlap. The text layer
        never holds widget values (they live in annotations), so nothing has
        to be hidden. Machine-made tooltips (one token that is no plain word:
        "Text1", "optTransaction", "undefined") are left out: they are field
        names, not what a person reads.
groups  Radio grouping of the check boxes and radio buttons, using the widget
        boxes as the detections, against the author's radio groups (radio buttons,
        and check boxes of one field with different on-states, which exclude each
        other as radio buttons do: ``author_types``): pairwise
        same-group precision and recall over the choice widgets of each page
        (all pages, and pages where the author made radio groups at all), the
        share of author groups found exactly (overall, and among groups whose
        every option has a label in the text layer), and the author's check
        boxes and radio buttons by what we make of them (check box or radio).
snap    mAP50-95 of the bundled detector with and without snapping, on the
        labelled pages (ground truth cleaned as ``commonforms eval`` does).
        ``--detections FILE`` keeps the detector's output (score >= 0.01) in
        FILE, or reuses it, since running the model is the slow part.
        ``--jitter PT`` shakes every detected edge by up to PT points first,
        to see what snapping does for a less precise detector.
signatures
        What becomes of the signature lines, labelled as ``eval --signatures-by-name``
        does (Signature widgets, and text widgets named as signatures): each is
        matched (IoU >= 0.5) to the detector's boxes at the default thresholds,
        then to the fields the refine stage makes of them (signature, or another
        kind: recall); and the signature fields refine writes, by what the truth
        is there: a signature (their share: precision), another field, nothing. ``prepare`` writes what refine makes, so this is the user's
        view; AP (``eval``) sees the detector only.
choices Check boxes and radio buttons written against the visible choice widgets
        (IoU >= 0.5, one to one: precision, recall, F1), with and without keeping
        the weak check-box detections that sit on a square the page draws
        (refine/drawn_check_boxes.py), and the written boxes no widget matches by
        what added them: the detector (at the threshold) or the drawn-square rule.
texts   The same for text fields and the weak text detections on a rule or cell
        the page draws (refine/drawn_text_fields.py); ``--no-table-rows`` refines
        both without splitting text boxes over a ruled table's rows (refine/table_rows.py).
tooltips
        The fields refine writes from the detector's boxes, as ``prepare`` does:
        the share with a tooltip, and, on those matching (IoU >= 0.5) a widget
        whose author wrote a tooltip, the word agreement (precision, recall, F1)
        of ours (a radio option's: its group's question and its own label) and theirs;
        a tooltip its author gave to most of a document's widgets, ten at least
        ("Form input"), is a placeholder and counts as none.
kinds   The author's check boxes and radio buttons that a written choice field
        matches (IoU >= 0.5), by what we wrote them as: the share of radio
        buttons written as radio, and of check boxes written as check boxes (also
        without the check boxes whose option answers yes or no); check boxes that
        exclude each other are counted apart, with the radio buttons in the share of
        the author's one-of choices written as radio.
rules   Text fields written against the visible text widgets (P / R / F1, IoU >= 0.5, one to
        one) with every page-drawing rule on, and with each switched off alone (``RULES``).
languages
        Text fields and check boxes written against the visible widgets (P / R / F1,
        IoU >= 0.5, one to one) by the manifest's language guess (``lang_guess``):
        do forms in other languages fare worse (issue 16, item 6)?
multiline
        The author's text widgets (type Text) that a written text field (text,
        multiline or comb) matches (IoU >= 0.5), by the author's multiline flag
        (/Ff bit 13) and ours: the share that agree.

``--detections FILE`` serves snap, signatures, choices, texts, rules, languages, tooltips, kinds and multiline alike.

``--scanned``: every page as a scanner gives it (its print at 150 dpi, grey, blurred, JPEG: one
picture, no text layer); the detector sees that page as ``prepare`` renders it, and refine reads
it as ``prepare`` does, by OCR where the ocr extra is installed (``--no-ocr``: without). The truth
is the original page's widgets. Its detections need their own ``--detections`` file.

Corpus PDFs and renders never leave this machine: only figures are printed.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np
import pymupdf
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commonforms_cli.dataset.scan import SCAN_DPI, scan_look  # noqa: E402
from commonforms_cli.dataset.splits import SPLITS, read_languages  # noqa: E402
from commonforms_cli.dataset.widget_labels import labelled_pages, signature_rule  # noqa: E402
from commonforms_cli.dataset.metrics import Evaluator  # noqa: E402
from commonforms_cli.errors import BadArgumentsError  # noqa: E402
from commonforms_cli.pdf.document import open_pdf, page_geometry  # noqa: E402
from commonforms_cli.fields import Detection, Field, FieldClass, FieldKind  # noqa: E402
from commonforms_cli.geometry import intersect, iou  # noqa: E402
from commonforms_cli.options import DEFAULT_THRESHOLDS, Options, parse_thresholds  # noqa: E402
from commonforms_cli.pipeline import refine_detections  # noqa: E402
from commonforms_cli.refine import numbered_headings, search_thresholds, with_block_headings  # noqa: E402
from commonforms_cli.refine.groups import Option, on_circle, radio_groups  # noqa: E402
from commonforms_cli.refine.labels import LabelFinder  # noqa: E402
from commonforms_cli.refine.names import fold, name_from, tooltip  # noqa: E402
from commonforms_cli.pdf.page_content import PageContent, read_page_content  # noqa: E402
from commonforms_cli.refine.snap import snap_box  # noqa: E402
from commonforms_cli.pdf.existing_widgets import read_widgets  # noqa: E402
from commonforms_cli.pdf.render import render_page, render_print  # noqa: E402
from training.split_files import add_split_options, files_of_split  # noqa: E402

AP_MIN_SCORE = 0.01
# How pages are read, set once by main (--scanned, --no-ocr, --no-second-pass): the printed page or a
# scan of it, whether refine reads a page with no text layer by OCR, and whether the detector looks
# twice, as prepare does by default.
SCANNED = False
OCR = True
SECOND_PASS = True


def widget_pages(files: list[Path]):
    """(path, page, geometry, visible classed widgets) for every page with widgets; bad files skipped."""
    for path in files:
        try:
            with open_pdf(path) as doc:
                for page in doc:
                    geometry = page_geometry(page)
                    widgets = [w for w in read_widgets(page, geometry) if w.field_class and not w.hidden]
                    if widgets:
                        yield path, page, geometry, widgets
        except Exception as exc:  # damaged files: one must not end the run
            print(f"skipped {path.name}: {exc}", file=sys.stderr)


def truth_pages(files: list[Path], long_side: int):
    """(path, LabelledPage) for every page with labels left after cleaning: rendered at
    ``long_side`` and labelled by dataset/widget_labels.py's ``labelled_pages``, the loop of
    ``commonforms eval`` and ``dataset build``; bad files skipped."""
    for path in files:
        try:
            with open_pdf(path) as doc:
                for labelled in labelled_pages(doc, long_side):
                    if not labelled.labels.page_dropped and labelled.labels.labels:
                        yield path, labelled
        except Exception as exc:  # damaged files: one must not end the run
            print(f"skipped {path.name}: {exc}", file=sys.stderr)


# --- (a) labels against author tooltips ----------------------------------------------------------
def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def authored(tooltip_text: str) -> bool:
    """Words a person wrote: several, or one plain word ("Zip"), not an identifier ("Text1",
    "optTransaction", "RadioButtonList") or "undefined"."""
    text = tooltip_text.strip()
    return " " in text or (text.isalpha() and text.lower() != "undefined" and not re.search(r"[a-z][A-Z]", text))


def word_agreement(ours: str, theirs: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of our label's words among the author's tooltip's words."""
    ours_words, their_words = set(words(ours)), set(words(theirs))
    shared = len(ours_words & their_words)
    precision = shared / len(ours_words) if ours_words else 0.0
    recall = shared / len(their_words) if their_words else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if shared else 0.0


def measure_labels(files: list[Path]) -> dict:
    counts: Counter = Counter()
    overlap = defaultdict(list)
    for _, page, geometry, widgets in widget_pages(files):
        content = read_page_content(page, geometry)
        finder = LabelFinder(content, [w.bbox for w in widgets])
        for widget in widgets:
            if not widget.tooltip or not authored(widget.tooltip):
                continue
            cls = widget.field_class.value
            ours, theirs = tooltip(finder.label(widget.bbox, widget.field_class)), tooltip(widget.tooltip)
            ours_words = words(ours)
            counts[cls, "widgets"] += 1
            counts[cls, "found"] += bool(ours)
            counts[cls, "exact"] += ours == theirs
            counts[cls, "normalised"] += bool(ours_words) and ours_words == words(theirs)
            counts[cls, "same_name"] += bool(ours) and name_from(ours) == name_from(theirs)
            for key, value in zip(("precision", "recall", "f1"), word_agreement(ours, theirs)):
                overlap[cls, key].append(value)
            counts[cls, "contained"] += bool(ours_words) and set(ours_words) <= set(words(theirs))
    result = {}
    for cls in sorted({c for c, _ in counts}):
        n = counts[cls, "widgets"]
        result[cls] = {"widgets": n, **{k: round(counts[cls, k] / n, 4) for k in
                       ("found", "exact", "normalised", "same_name", "contained")},
                       **{f"word_{k}": round(float(np.mean(overlap[cls, k])), 4)
                          for k in ("precision", "recall", "f1")}}
    return result


# --- (b) radio groups against the author's ------------------------------------------------------
def measure_groups(files: list[Path]) -> dict:
    pairs: Counter = Counter()
    groups: Counter = Counter()
    kinds: Counter = Counter()
    for path, page, geometry, widgets in widget_pages(files):
        choices = [w for w in widgets if w.field_class is FieldClass.choice]
        if not choices:
            continue
        content = read_page_content(page, geometry)
        finder = LabelFinder(content, [w.bbox for w in widgets])
        options = [Option(w.bbox, finder.label(w.bbox, FieldClass.choice), on_circle(w.bbox, content.circles))
                   for w in choices]
        predicted = {}
        for number, group in enumerate(radio_groups(options, finder.question, content)):
            predicted.update({i: number for i in group.options})
        types = author_types(choices)
        truth = {i: w.field_name for i, w in enumerate(choices) if types[i] != "CheckBox"}
        for i, w in enumerate(choices):
            kinds.update(_kind_keys(types[i], "radio" if i in predicted else "checkbox", options[i].label))
        page_has_radio = len(truth) > 1
        for a, b in combinations(range(len(choices)), 2):
            same_truth = a in truth and truth.get(b) == truth[a]
            same_predicted = a in predicted and predicted.get(b) == predicted[a]
            for scope in ("all", "radio_pages") if page_has_radio else ("all",):
                pairs[scope, same_truth, same_predicted] += 1
        for name in set(truth.values()):
            members = {i for i, n in truth.items() if n == name}
            if len(members) < 2:
                continue
            first = predicted.get(min(members))
            exact = first is not None and {i for i, n in predicted.items() if n == first} == members
            labelled = all(options[i].label for i in members)
            groups["author_groups"] += 1
            groups["exact"] += exact
            groups["labelled"] += labelled
            groups["labelled_exact"] += exact and labelled
    result = {}
    for scope in ("all", "radio_pages"):
        tp, fp, fn = pairs[scope, True, True], pairs[scope, False, True], pairs[scope, True, False]
        result[scope] = {"true_pairs": tp + fn, "predicted_pairs": tp + fp,
                         "precision": round(tp / (tp + fp), 4) if tp + fp else None,
                         "recall": round(tp / (tp + fn), 4) if tp + fn else None}
    result["author_groups"] = {
        "groups": groups["author_groups"],
        "found_exactly": _share(groups["exact"], groups["author_groups"]),
        "with_every_option_labelled": _share(groups["labelled"], groups["author_groups"]),
        "found_exactly_when_labelled": _share(groups["labelled_exact"], groups["labelled"]),
    }
    result["kinds"] = {**dict(sorted(kinds.items())), **_kind_shares(kinds)}
    return result


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# --- (c) mAP with and without snapping -----------------------------------------------------------
def detections(files: list[Path], cache: Path | None, model: Path | None = None) -> list[dict]:
    """The detector's output (score >= 0.01) and the cleaned ground truth (cued labels, and the
    visible widgets without a cue) of every labelled page."""
    wanted = [str(path) for path in files]
    if cache and cache.exists():
        stored = json.loads(cache.read_text())
        if not isinstance(stored, dict):
            sys.exit(f"{cache} was made by an older refine_corpus (no file list, no uncued widgets): remove it")
        if not set(wanted) <= set(stored["files"]):
            sys.exit(f"{cache} holds the detections of other files: give another --detections file")
        if stored.get("scanned", False) != SCANNED:
            sys.exit(f"{cache} holds the detections of {'scanned' if stored.get('scanned') else 'printed'} "
                     "pages: give another --detections file")
        if stored.get("second_pass", False) != SECOND_PASS:
            sys.exit(f"{cache} holds detections {'with' if stored.get('second_pass') else 'without'} the second "
                     "pass: give another --detections file")
        return [record for record in stored["pages"] if record["file"] in set(wanted)]
    from commonforms_cli.detect import load_detector

    detector = load_detector(model)
    pages = []
    for path, labelled in truth_pages(files, max(detector.input_size)):
        truth, number = labelled.labels, labelled.page.number
        image = render_page(scanned_copy(labelled.page)[0], max(detector.input_size)) if SCANNED else labelled.image
        found = detector.detect(image, AP_MIN_SCORE, page=number, second_pass=SECOND_PASS)
        pages.append({"file": str(path), "page": number,
                      "truth": [[label.cls.value, list(label.bbox)] for label in truth.labels],
                      "uncued": [[label.cls.value, list(label.bbox)] for label in truth.uncued],
                      "found": [[d.cls.value, d.score, list(d.bbox)] for d in found]})
        print(f"detected {len(pages)} pages", file=sys.stderr, end="\r")
    if cache:
        cache.write_text(json.dumps({"files": wanted, "scanned": SCANNED, "second_pass": SECOND_PASS, "pages": pages}))
    return pages


def scanned_copy(page) -> "pymupdf.Document":
    """``page`` printed and scanned (``dataset/scan.py``'s look, seeded by the file and page): a
    document of one page, its displayed size, holding one grey picture and no text."""
    rng = random.Random(f"{Path(page.parent.name).stem}:{page.number}")
    picture = scan_look(Image.fromarray(render_print(page, SCAN_DPI)), rng)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    copy = pymupdf.open()
    copy.new_page(width=page.rect.width, height=page.rect.height).insert_image(
        pymupdf.Rect(0, 0, page.rect.width, page.rect.height), stream=buffer.getvalue())
    return copy


@dataclass
class DetectedPage:
    """A labelled page with what the detector found on it, ready to refine as ``prepare`` does."""

    record: dict  # one of ``detections``' records
    widgets: list  # the page's visible classed widgets
    content: PageContent
    found: list[Detection]  # down to the scores the drawing rules settle (refine.search_thresholds)

    def truth(self, cls: FieldClass, uncued: bool = True) -> list:
        """The truth boxes of ``cls``: the cued labels, and with ``uncued`` every visible widget."""
        labels = self.record["truth"] + (self.record["uncued"] if uncued else [])
        return [tuple(box) for name, box in labels if name == cls.value]

    def refined(self, options: Options | None = None) -> list[Field]:
        """The fields ``prepare --replace-existing`` writes here, but for the names."""
        return refine_detections(self.record["page"], self.found, self.content, [], options or Options())


def detected_pages(files: list[Path], cache: Path | None, model: Path | None = None):
    """Every labelled page as a DetectedPage (detections cached in ``cache`` as ``detections`` does)."""
    search = search_thresholds(DEFAULT_THRESHOLDS)
    records = defaultdict(list)
    for record in detections(files, cache, model):
        records[record["file"]].append(record)
    for path, file_records in records.items():
        with open_pdf(path) as doc:
            for record in file_records:
                page = doc[record["page"]]
                geometry = page_geometry(page)
                widgets = [w for w in read_widgets(page, geometry) if w.field_class and not w.hidden]
                found = [Detection(record["page"], FieldClass(cls), score, tuple(box))
                         for cls, score, box in record["found"] if score >= search[FieldClass(cls)]]
                read = scanned_copy(page)[0] if SCANNED else page
                content = read_page_content(read, page_geometry(read), ocr=OCR)  # as prepare reads it
                yield DetectedPage(record, widgets, content, found)


def measure_snap(files: list[Path], cache: Path | None, jitter_pt: float, model: Path | None = None) -> dict:
    """AP with and without snapping; ``jitter_pt`` > 0 first moves every detected edge by up to
    that many points at random (seeded), to stand for a less precise detector."""
    rng = np.random.default_rng(0)
    off, on = Evaluator(), Evaluator()
    for record in detections(files, cache, model):
        with open_pdf(record["file"]) as doc:
            page = doc[record["page"]]
            content = read_page_content(page, page_geometry(page))
        shake = jitter_pt * np.array([1 / content.size[0], 1 / content.size[1]] * 2)
        truth = [(FieldClass(cls), tuple(box)) for cls, box in record["truth"]]
        found = [(FieldClass(cls), score, tuple(np.add(box, rng.uniform(-shake, shake))))
                 for cls, score, box in record["found"]]
        off.add_page(truth, found)
        on.add_page(truth, [(cls, score, snap_box(box, cls, content)) for cls, score, box in found])
    result = {"jitter_pt": jitter_pt}
    for name, evaluator in (("without_snap", off), ("with_snap", on)):
        metrics = evaluator.result(DEFAULT_THRESHOLDS)
        result[name] = {"pages": metrics.pages, "map50_95": round(metrics.map50_95, 4),
                        "map50": round(metrics.map50, 4),
                        **{f"ap50_95_{cls.value}": round(m.ap50_95, 4) for cls, m in metrics.per_class.items()
                           if m.ap50_95 is not None}}
    return result


# --- (d) signature lines: detector, then refine ----------------------------------------------------
def measure_signatures(files: list[Path], cache: Path | None, options: Options, model: Path | None = None) -> dict:
    """Per truth signature: the detector's class and refine's kind on it; the signature fields
    written, by what the truth is there (a signature, another field, nothing)."""
    counts: Counter = Counter()
    for page in detected_pages(files, cache, model):
        # signatures by name only: by caption would be the refine rule measured against itself
        signatures, others = _truth_by_name(page)
        found = [d for d in page.found if d.score >= options.thresholds[d.cls]]
        fields = page.refined(options)
        counts["pages"] += 1
        for box in signatures:
            counts["truth"] += 1
            counts["detector:" + _best_match(box, [(d.bbox, d.cls.value) for d in found])] += 1
            counts["refine:" + _best_match(box, [(f.bbox, f.kind.field_class.value) for f in fields])] += 1
        for item in fields:
            if item.kind is FieldKind.signature:
                counts["written"] += 1
                if _best_match(item.bbox, [(b, "sig") for b in signatures]) == "sig":
                    counts["written_on_signature"] += 1
                elif _best_match(item.bbox, [(b, "other") for b in others]) == "other":
                    counts["written_on_other_field"] += 1
        print(f"signatures: {counts['pages']} pages", file=sys.stderr, end="\r")
    return {**dict(sorted(counts.items())),
            "recall": _share(counts["refine:signature"], counts["truth"]),
            "written_share_on_signature": _share(counts["written_on_signature"], counts["written"])}


def _truth_by_name(page: DetectedPage) -> tuple[list, list]:
    """The cued truth boxes of the page, signatures and the rest, labelled as ``eval
    --signatures-by-name`` does: the cache's text labels whose widget is named as a signature
    become signatures (relabelling changes no box, so the cache's cleaning stands)."""
    rule = signature_rule(None, page.widgets, by_name=True, by_caption=False)
    named = {tuple(box) for w in page.widgets if w.field_class is FieldClass.text
             and (box := intersect(w.bbox, (0.0, 0.0, 1.0, 1.0))) is not None and rule(w, box)}
    signatures, others = [], []
    for cls, box in page.record["truth"]:
        is_signature = cls == FieldClass.signature.value or (cls == FieldClass.text.value and tuple(box) in named)
        (signatures if is_signature else others).append(tuple(box))
    return signatures, others


# --- (e) weak detections settled by what the page draws -----------------------------------------
DRAWN_RULES = {FieldClass.choice: "drawn_check_boxes", FieldClass.text: "drawn_text_fields"}


def measure_drawn(files: list[Path], cls: FieldClass, cache: Path | None, model: Path | None = None,
                  options: Options | None = None) -> dict:
    """Fields of ``cls`` written (refined with ``options``), against the visible widgets of that
    class (IoU >= 0.5, one to one), with and without the rule that keeps weak detections the page's
    drawing settles (check boxes on a drawn square, text fields on a drawn rule or cell)."""
    options = options or Options()
    counts: Counter = Counter()
    for page in detected_pages(files, cache, model):
        boxes = page.truth(cls)
        counts["pages"] += 1
        counts["truth"] += len(boxes)
        for name, settings in (("without", options.with_changes(**{DRAWN_RULES[cls]: False})), ("with", options)):
            written = [f for f in page.refined(settings) if f.kind.field_class is cls]
            matched = {j for _, j in _pairs(boxes, [f.bbox for f in written])}
            counts[f"{name}:written"] += len(written)
            counts[f"{name}:matched"] += len(matched)
            for j, item in enumerate(written):  # what no widget matches, by what added it
                if j not in matched:
                    counts[f"{name}:unmatched_{'detector' if item.score >= options.thresholds[cls] else 'drawn'}"] += 1
        print(f"{cls.value}: {counts['pages']} pages", file=sys.stderr, end="\r")
    report = dict(sorted(counts.items()))
    for name in ("without", "with"):
        report.update({f"{name}:{key}": value for key, value in _scores(counts, name).items()})
    return report


def _scores(counts: Counter, name: str) -> dict:
    """Precision, recall and F1 of variant ``name`` from its ``name:matched``, ``name:written`` and the ``truth``."""
    precision = _share(counts[f"{name}:matched"], counts[f"{name}:written"])
    recall = _share(counts[f"{name}:matched"], counts["truth"])
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision and recall else None
    return {"precision": precision, "recall": recall, "f1": f1}


# Refine's rules that add or move text fields from the page's drawing, as Options names them.
RULES = ("snap", "drawn_text_fields", "table_rows", "table_cells", "grid_cells", "labelled_lines")


def measure_rules(files: list[Path], cache: Path | None, model: Path | None = None) -> dict:
    """Text P / R / F1 with every rule of ``RULES`` on (``all``) and with each off alone."""
    variants = {"all": Options(), **{f"no_{rule}": Options().with_changes(**{rule: False}) for rule in RULES}}
    counts: Counter = Counter()
    for page in detected_pages(files, cache, model):
        boxes = page.truth(FieldClass.text)
        counts["truth"] += len(boxes)
        for name, settings in variants.items():
            written = [f.bbox for f in page.refined(settings) if f.kind.field_class is FieldClass.text]
            counts[f"{name}:written"] += len(written)
            counts[f"{name}:matched"] += len(_pairs(boxes, written))
        print(f"rules: {counts['truth']} text widgets", file=sys.stderr, end="\r")
    return {name: {"written": counts[f"{name}:written"], **_scores(counts, name)} for name in variants}


def measure_languages(files: list[Path], manifest: Path, cache: Path | None, model: Path | None = None) -> dict:
    """Text fields and check boxes: P / R / F1 against the visible widgets, by the language
    the manifest guesses for each file ("?" where it has none)."""
    language = read_languages(manifest)
    counts: defaultdict[str, Counter] = defaultdict(Counter)
    for page in detected_pages(files, cache, model):
        fields = page.refined()
        lang = language.get(Path(page.record["file"]).stem) or "?"
        for cls in (FieldClass.text, FieldClass.choice):
            boxes = page.truth(cls)
            written = [f.bbox for f in fields if f.field_class is cls]
            tally = counts[f"{lang} {cls.value}"]
            tally.update({"truth": len(boxes), "fields:written": len(written),
                          "fields:matched": len(_pairs(boxes, written))})
    return {key: {"truth": tally["truth"], **_scores(tally, "fields")}
            for key, tally in sorted(counts.items()) if tally["truth"]}


# --- (f) what the written fields say: tooltips, and the kind of each choice -----------------------
def written_tooltip(item: Field) -> str:
    """What a reader hears for a written field: its tooltip; for a radio option, the group's question
    (the parent's /TU) and the option's own label."""
    return tooltip(f"{item.question} {item.label}" if item.kind is FieldKind.radio else item.label)


def refined_documents(files: list[Path], cache: Path | None, model: Path | None = None):
    """Each labelled page with the fields ``prepare`` writes on it, led by the headings of numbered
    blocks over the file's labelled pages, as ``prepare`` leads them over the document."""
    for _, pages in itertools.groupby(detected_pages(files, cache, model), lambda page: page.record["file"]):
        pages = list(pages)
        yield from zip(pages, with_block_headings([(p.refined(), numbered_headings(p.content)) for p in pages]))


def measure_tooltips(files: list[Path], cache: Path | None, model: Path | None = None) -> dict:
    """The fields ``prepare`` writes: the share with a tooltip, and on those that match (IoU >= 0.5)
    a widget whose author wrote a tooltip, the word agreement of the two; a document's placeholder
    tooltips (``_placeholders``) count as none."""
    counts: Counter = Counter()
    agreement = defaultdict(list)
    for _, document in itertools.groupby(refined_documents(files, cache, model), lambda item: item[0].record["file"]):
        document = list(document)
        placeholders = _placeholders([w.tooltip for page, _ in document for w in page.widgets if w.tooltip])
        counts["placeholder_tooltips"] += len(placeholders)
        for page, fields in document:
            _measure_page_tooltips(page, fields, placeholders, counts, agreement)
        print(f"tooltips: {counts['written']} fields", file=sys.stderr, end="\r")
    return {**counts, "with_tooltip_share": _share(counts["with_tooltip"], counts["written"]),
            **{f"word_{key}": round(float(np.mean(values)), 4) for key, values in agreement.items()}}


# A tooltip its author gave to this many of a document's widgets at least, and to more than half of
# those with one, is a placeholder ("Form input" on all 95 fields of a held-out form), not a label.
PLACEHOLDER_MIN_WIDGETS = 10


def _placeholders(tooltips: list[str]) -> set[str]:
    """The tooltips of a document's widgets that are placeholders (``PLACEHOLDER_MIN_WIDGETS``)."""
    return {text for text, n in Counter(tooltips).items()
            if n >= PLACEHOLDER_MIN_WIDGETS and n > len(tooltips) / 2}


def _measure_page_tooltips(page: "DetectedPage", fields: list[Field], placeholders: set[str], counts: Counter,
                           agreement: dict) -> None:
    """One page's share of ``measure_tooltips``: its written fields, and the word agreement of those
    matching a widget whose author wrote a tooltip that is no placeholder."""
    counts["written"] += len(fields)
    counts["with_tooltip"] += sum(bool(written_tooltip(f)) for f in fields)
    told = [w for w in page.widgets if w.tooltip and authored(w.tooltip) and w.tooltip not in placeholders]
    for i, j in _pairs([w.bbox for w in told], [f.bbox for f in fields]):
        counts["matched_authored"] += 1
        for key, value in zip(("precision", "recall", "f1"), word_agreement(written_tooltip(fields[j]),
                                                                              told[i].tooltip)):
            agreement[key].append(value)


def measure_choice_kinds(files: list[Path], cache: Path | None, model: Path | None = None) -> dict:
    """The author's check boxes and radio buttons that a written choice field matches (IoU >= 0.5):
    how many we wrote as check boxes and as radio buttons."""
    counts: Counter = Counter()
    for page in detected_pages(files, cache, model):
        choices = [w for w in page.widgets if w.field_class is FieldClass.choice]
        written = [f for f in page.refined() if f.kind.field_class is FieldClass.choice]
        types = author_types(choices)
        for i, j in _pairs([w.bbox for w in choices], [f.bbox for f in written]):
            counts.update(_kind_keys(types[i], written[j].kind.value, written[j].label))
    return {**dict(sorted(counts.items())), **_kind_shares(counts)}


def measure_multiline(files: list[Path], cache: Path | None, model: Path | None = None,
                      options: Options | None = None) -> dict:
    """The author's text widgets that a written text field (refined with ``options``) matches
    (IoU >= 0.5): how many whose multiline flag we wrote as the author did."""
    counts: Counter = Counter()
    for page in detected_pages(files, cache, model):
        texts = [w for w in page.widgets if w.type_name == "Text"]
        written = [f for f in page.refined(options) if f.kind.field_class is FieldClass.text]
        for i, j in _pairs([w.bbox for w in texts], [f.bbox for f in written]):
            ours = written[j].kind is FieldKind.multiline
            counts[f"{'multiline' if texts[i].multiline else 'one line'} as {written[j].kind.value}"] += 1
            counts["agree"] += ours == texts[i].multiline
            counts["matched"] += 1
    return {**dict(sorted(counts.items())), "agreement": _share(counts["agree"], counts["matched"])}


# An option that answers yes or no ("Yes", "No. Skip line 18", "N/A", "Sí", "Nein"): issue 18 asks
# for such answers to one question as a radio group, where many authors (IRS forms, an Australian
# visa form) left them check boxes.
_YES_NO = re.compile(r"(yes|no|y|n|n/a|na|si|oui|non|ja|nein)(?![\w/-])")


def author_types(choices: list) -> list[str]:
    """Each author choice widget's type as a reader meets it: "RadioButton", "CheckBox", or
    "exclusive CheckBox" for check boxes of one field with different on-states (the field holds one
    of them as its value, so ticking one clears the others: a radio group drawn as check boxes, as
    Acrobat makes one when several check boxes share a name)."""
    states = defaultdict(set)
    widgets = Counter()
    for w in choices:
        if w.type_name == "CheckBox":
            states[w.field_name].add(w.on_state)
            widgets[w.field_name] += 1
    return ["exclusive CheckBox" if w.type_name == "CheckBox" and widgets[w.field_name] > 1
            and len(states[w.field_name]) == widgets[w.field_name] else w.type_name for w in choices]


def _kind_keys(author_type: str, our_kind: str, label: str) -> list[str]:
    """Count keys for one author choice widget that we wrote as ``our_kind``: "<author type> as <our
    kind>", and the same prefixed "yes/no" where its printed option answers yes or no."""
    key = f"{author_type} as {our_kind}"
    return [key, f"yes/no {key}"] if _YES_NO.match(fold(label).strip(" .:-")) else [key]


def _kind_shares(counts: Counter) -> dict:
    """From counts keyed "<author type> as <our kind>": the shares the issue's table asks for (check
    boxes that exclude each other counted with neither), the author's one-of choices (radio buttons
    and exclusive check boxes) written as radio, and the check boxes kept among those whose option
    answers neither yes nor no."""
    kept, made_radio = counts["CheckBox as checkbox"], counts["CheckBox as radio"]
    yes_no_kept, yes_no_radio = counts["yes/no CheckBox as checkbox"], counts["yes/no CheckBox as radio"]
    exclusive = [counts[f"{author} as {ours}"] for author in ("RadioButton", "exclusive CheckBox")
                 for ours in ("radio", "checkbox")]
    return {
        "author_radios_as_radio": _share(counts["RadioButton as radio"],
                                         counts["RadioButton as radio"] + counts["RadioButton as checkbox"]),
        "author_exclusive_choices_as_radio": _share(exclusive[0] + exclusive[2], sum(exclusive)),
        "author_check_boxes_as_check_boxes": _share(kept, kept + made_radio),
        "author_check_boxes_as_check_boxes_but_yes_no": _share(kept - yes_no_kept,
                                                               kept + made_radio - yes_no_kept - yes_no_radio),
    }


def _pairs(truth: list, written: list) -> list[tuple[int, int]]:
    """Pairs (truth index, written index) at IoU >= 0.5, each box used once, best pairs first."""
    candidates = sorted(((iou(t, w), i, j) for i, t in enumerate(truth) for j, w in enumerate(written)), reverse=True)
    pairs, used_truth, used_written = [], set(), set()
    for overlap, i, j in candidates:
        if overlap < 0.5:
            break
        if i not in used_truth and j not in used_written:
            used_truth.add(i)
            used_written.add(j)
            pairs.append((i, j))
    return pairs


def _best_match(box, candidates) -> str:
    """The tag of the candidate overlapping ``box`` most, if at IoU >= 0.5, else 'missed'."""
    best = max(candidates, key=lambda c: iou(box, c[0]), default=None)
    return best[1] if best is not None and iou(box, best[0]) >= 0.5 else "missed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_split_options(parser, (*SPLITS, "all"))
    parser.add_argument("--only", default="labels,groups,snap",
                        help="comma-separated: labels, groups, snap, signatures, choices, texts, rules, languages, "
                        "tooltips, kinds, multiline")
    parser.add_argument("--limit", type=int, help="only the first N files of the split (quick looks)")
    parser.add_argument("--model", type=Path, help="snap, signatures, choices: this ONNX detector, not the bundled one")
    parser.add_argument("--detections", type=Path, help="cache of the detector's output for snap, signatures, "
                        "choices, texts, rules, languages, tooltips, kinds, multiline (made if absent)")
    parser.add_argument("--jitter", type=float, default=0.0,
                        help="snap: move each detected edge by up to this many points first (a coarser detector)")
    parser.add_argument("--no-signature-lines", action="store_true",
                        help="signatures: refine without its signature fields on uncovered signature lines")
    parser.add_argument("--no-table-rows", action="store_true",
                        help="texts, multiline: refine without splitting text boxes over a ruled table's rows")
    parser.add_argument("--threshold", help="texts, choices: refine with these thresholds, as `prepare --threshold` "
                        "takes them (text=0.45); above the weak detections' floors (text 0.05, choice 0.02)")
    parser.add_argument("--scanned", action="store_true", help="every page as a 150-dpi grey scan of its print "
                        "(detector and refine; the truth stays the page's widgets)")
    parser.add_argument("--no-ocr", action="store_true", help="refine without reading pages by OCR (--no-ocr)")
    parser.add_argument("--no-second-pass", action="store_true", help="detect each page once (--no-second-pass)")
    args = parser.parse_args()
    global SCANNED, OCR, SECOND_PASS
    SCANNED, OCR, SECOND_PASS = args.scanned, not args.no_ocr, not args.no_second_pass
    files = files_of_split(parser, args)[: args.limit]
    try:
        thresholds = parse_thresholds(args.threshold)
    except BadArgumentsError as exc:
        parser.error(str(exc))
    wanted = set(args.only.split(","))
    report = {"split": args.split, "files": len(files)}
    if "labels" in wanted:
        report["labels_vs_tooltips"] = measure_labels(files)
    if "groups" in wanted:
        report["radio_groups"] = measure_groups(files)
    if "snap" in wanted:
        report["snap"] = measure_snap(files, args.detections, args.jitter, args.model)
    if "signatures" in wanted:
        options = Options(signature_lines=not args.no_signature_lines)
        report["signatures"] = measure_signatures(files, args.detections, options, args.model)
    if "choices" in wanted:
        report["choices"] = measure_drawn(files, FieldClass.choice, args.detections, args.model,
                                          Options(thresholds=thresholds))
    if "texts" in wanted:
        report["texts"] = measure_drawn(files, FieldClass.text, args.detections, args.model,
                                        Options(table_rows=not args.no_table_rows, thresholds=thresholds))
    if "rules" in wanted:
        report["rules"] = measure_rules(files, args.detections, args.model)
    if "languages" in wanted:
        report["languages"] = measure_languages(files, args.corpus / "manifest.tsv", args.detections, args.model)
    if "tooltips" in wanted:
        report["tooltips"] = measure_tooltips(files, args.detections, args.model)
    if "kinds" in wanted:
        report["choice_kinds"] = measure_choice_kinds(files, args.detections, args.model)
    if "multiline" in wanted:
        report["multiline"] = measure_multiline(files, args.detections, args.model,
                                                Options(table_rows=not args.no_table_rows))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
