"""Every option of detect/prepare, validated in one place.

The CLI and the Python API build the same ``Options``; nothing downstream
checks arguments again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from .errors import BadArgumentsError
from .fields import FieldClass

# Per-class score thresholds: the F1-optimal ones at IoU 0.5 on the validation
# split of real forms, rounded (models/README.md has the figures). Signature has
# too few real validation fields to tune, so it keeps the anchor's 0.3.
DEFAULT_THRESHOLDS: dict[FieldClass, float] = {
    FieldClass.text: 0.55,
    FieldClass.choice: 0.25,
    FieldClass.signature: 0.3,
}
DEVICES = ("cpu", "cuda")


@dataclass(frozen=True)
class Options:
    model: Path | None = None  # None: the bundled model
    thresholds: Mapping[FieldClass, float] = field(default_factory=lambda: dict(DEFAULT_THRESHOLDS))
    password: str | None = None
    replace_existing: bool = False
    signature_as_text: bool = False
    device: str = "cpu"
    threads: int | None = None  # onnxruntime intra-op threads; None: its default
    second_pass: bool = True  # detect again at 0.84 of the size and fuse the two (--no-second-pass)
    snap: bool = True  # move detected edges onto the page's drawn lines (--no-snap)
    names: bool = True  # names and tooltips from the labels beside fields (--no-names)
    ocr: bool = True  # read the words of scanned pages by OCR, where the ocr extra is installed (--no-ocr)
    groups: bool = True  # exclusive check boxes become radio groups (--no-groups)
    signature_lines: bool = True  # signature fields on captioned lines (or blanks) nothing detected covers (--no-signature-lines)
    drawn_check_boxes: bool = True  # weak check-box detections on a square the page draws (--no-drawn-check-boxes)
    drawn_text_fields: bool = True  # weak text detections on a rule or cell the page draws (--no-drawn-text-fields)
    table_rows: bool = True  # a text box over a ruled table's rows becomes one field per row (--no-table-rows)
    table_cells: bool = True  # text fields in the empty cells of a table the detector half filled (--no-table-cells)
    grid_cells: bool = True  # text fields in the empty body cells under a row of drawn column headers (--no-grid-cells)
    labelled_lines: bool = True  # text fields on labelled drawn lines nothing detected covers (--no-labelled-lines)
    typed_check_boxes: bool = True  # check boxes on typed squares nothing detected covers (--no-typed-check-boxes)
    caption_parts: bool = True  # "First: ___ Last: ___" in one text box: a field after each caption (--no-caption-parts)
    # A text box over several captions printed under its line: one field per caption (--captions-under). Off by
    # default: authors split such lines on some forms (New York court forms) and not on others (refine_corpus.py).
    captions_under: bool = False
    cell_stacks: bool = True  # text boxes stacked in one empty drawn cell: one field filling it (--no-cell-stacks)
    headed_parts: bool = True  # text boxes under several column headers ("Name  Signature"): one per header (--no-headed-parts)
    # Date and number formats (JavaScript actions) where labels call for them (--formats). Off by default:
    # PDF/A forbids actions on widgets, and PDFBox Preflight fails a form that has them (README, Formats).
    formats: bool = False

    def with_changes(self, **changes) -> "Options":
        return validated(replace(self, **changes))


def parse_thresholds(text: str | float | Mapping | None) -> dict[FieldClass, float]:
    """``0.4`` (every class) or ``text=0.3,choice=0.25,signature=0.5`` (the rest keep defaults)."""
    thresholds = dict(DEFAULT_THRESHOLDS)
    if text is None:
        return thresholds
    if isinstance(text, Mapping):
        items = [(FieldClass(k) if not isinstance(k, FieldClass) else k, v) for k, v in text.items()]
        thresholds.update({cls: _score(v, f"threshold for {cls.value}") for cls, v in items})
        return thresholds
    if isinstance(text, (int, float)) or "=" not in str(text):
        value = _score(text, "threshold")
        return {cls: value for cls in thresholds}
    for part in str(text).split(","):
        name, _, value = part.partition("=")
        try:
            cls = FieldClass(name.strip().lower())
        except ValueError:
            raise BadArgumentsError(
                f"unknown field class {name.strip()!r} in thresholds (use text, choice, signature)"
            ) from None
        thresholds[cls] = _score(value, f"threshold for {cls.value}")
    return thresholds


def _score(value, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise BadArgumentsError(f"{what} must be a number between 0 and 1, not {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise BadArgumentsError(f"{what} must be between 0 and 1, not {number}")
    return number


def validated(options: Options) -> Options:
    if options.device not in DEVICES:
        raise BadArgumentsError(f"--device must be one of {', '.join(DEVICES)}, not {options.device!r}")
    if options.threads is not None and options.threads < 1:
        raise BadArgumentsError("--threads must be at least 1")
    thresholds = parse_thresholds(options.thresholds)
    model = Path(options.model) if options.model is not None else None
    return replace(options, thresholds=thresholds, model=model)
