"""``commonforms eval``: measure the detector on fillable PDFs.

Each page is rendered with its widgets hidden (what the detector would see on
a flat copy of the form); the widgets, cleaned by the same rules as the
training labels, are the ground truth, on two truths at once: ``cued``, the
widgets whose spot the flat page draws (a rule under it, a cell around it, a
printed square: dataset/cues.py), detections on the others ignored; and
``visible``, every visible widget (the CommonForms protocol). The page may also
be shown as a 150-dpi grey scan (``scan``) or with answers written in
(``filled``, dataset/answers.py). AP is computed from detections down to a low
score, F1 at the thresholds the tool uses.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

from .dataset.answers import draw_answers
from .dataset.cues import spots_shown
from .dataset.metrics import EvalResult, Evaluator
from .dataset.scan import scanned_page
from .dataset.widget_labels import SignatureTruth, labelled_pages
from .detect import load_detector
from .errors import BadArgumentsError
from .options import Options, validated
from .pdf import open_pdf

AP_MIN_SCORE = 0.01  # detections kept for the precision/recall curve
RENDERINGS = ("plain", "scan", "filled")


@dataclass(frozen=True)
class EvalReport:
    """The detector's figures on one rendering of the pages, against both truths."""

    rendering: str
    cued: EvalResult  # widgets whose spot the flat page draws; detections on the others ignored
    visible: EvalResult  # every visible widget

    def to_dict(self) -> dict:
        return {"rendering": self.rendering, "cued": self.cued.to_dict(), "visible": self.visible.to_dict()}


def pdf_files(inputs: Iterable[Path]) -> list[Path]:
    """The PDFs named, and those inside named folders (recursively), sorted."""
    files: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            files.extend(sorted(p for p in item.rglob("*") if p.suffix.lower() == ".pdf"))
        elif item.exists():
            files.append(item)
        else:
            raise BadArgumentsError(f"{item}: no such file or folder")
    return files


def evaluate_pdfs(
    inputs: Iterable[Path],
    options: Options | None = None,
    on_file: Callable[[Path, str], None] | None = None,
    signatures_by_name: bool = False,
    signatures_by_caption: bool = False,
    signatures_on_lines: bool = False,
    rendering: str = "plain",
) -> EvalReport:
    """AP and F1 of the detector over every labelled page of ``inputs``.

    Files that cannot be opened are skipped (``on_file`` hears why).
    ``signatures_by_name`` and ``signatures_by_caption`` count text widgets named
    or labelled as signatures as signatures, ``signatures_on_lines`` signature lines
    without a widget (see ``SignatureTruth``). ``rendering``: one of ``RENDERINGS``;
    the scan's noise and the answers depend only on the file's name and the page.
    """
    if rendering not in RENDERINGS:
        raise BadArgumentsError(f"rendering must be one of {', '.join(RENDERINGS)}, not {rendering!r}")
    signatures = SignatureTruth(signatures_by_name, signatures_by_caption, signatures_on_lines)
    options = validated(options or Options())
    detector = load_detector(options.model, options.device, options.threads)
    size = max(detector.input_size)
    cued, visible = Evaluator(), Evaluator()
    for path in pdf_files(inputs):
        try:
            with open_pdf(path, options.password) as doc:
                for labelled in labelled_pages(doc, size, signatures):
                    page, image, gray, truth = labelled.page, labelled.image, labelled.gray, labelled.labels
                    if truth.page_dropped or not truth.labels:
                        continue
                    every = [(label.cls, label.bbox) for label in truth.labels + truth.uncued]
                    drawn = spots_shown(gray, every)
                    rng = random.Random(f"{path.stem}:{page.number}")
                    if rendering == "scan":
                        image = np.repeat(scanned_page(page, size, rng)[:, :, None], 3, axis=2)
                    elif rendering == "filled":
                        image = np.repeat(draw_answers(gray, every, rng)[:, :, None], 3, axis=2)
                    found = [(d.cls, d.score, d.bbox)
                             for d in detector.detect(image, AP_MIN_SCORE, page=page.number,
                                                      second_pass=options.second_pass)]
                    cued.add_page(
                        [w for w, shown in zip(every, drawn) if shown], found,
                        ignore=[w for w, shown in zip(every, drawn) if not shown],
                    )
                    visible.add_page(every, found)
        except Exception as exc:  # one bad file must not end a long evaluation
            if on_file:
                on_file(path, f"skipped: {exc}")
            continue
        if on_file:
            on_file(path, "ok")
    return EvalReport(rendering, cued.result(options.thresholds), visible.result(options.thresholds))


def write_result(result: EvalReport, destination: str | Path) -> None:
    text = json.dumps(result.to_dict(), indent=2) + "\n"
    if str(destination) == "-":
        sys.stdout.write(text)
    else:
        Path(destination).write_text(text, encoding="utf-8")
