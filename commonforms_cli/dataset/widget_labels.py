"""Turn a fillable page's widgets into clean detector labels.

The CommonForms recipe: the widgets' rectangles, rendered with the widgets
hidden, are the labels. Real forms carry widgets a reader never sees or that
sit where the page draws nothing, so each widget passes a series of cleaning
rules; the name of the rule that removed it is recorded so the builder can
report how much each rule removes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Iterator

import numpy as np
from PIL import Image

from ..fields import FieldClass
from ..geometry import Box, PageGeometry, Raster, area, intersect, iou
from ..pdf.document import page_geometry
from ..pdf.existing_widgets import ExistingWidget, read_widgets
from ..pdf.page_content import PageContent, read_page_content
from ..pdf.render import render_page
from ..refine.kinds import is_signature_line, is_signature_term
from ..refine.labels import LabelFinder
from ..refine.signature_lines import uncovered_signature_lines

if TYPE_CHECKING:
    import pymupdf

MIN_SIDE_PX = 4  # narrower or lower than this at the model's size: invisible to it
MAX_PAGE_SHARE = 0.5  # a widget covering more of the page than this is a layout artefact
MIN_INSIDE_SHARE = 0.5  # this much of the widget must lie on the page
OVERLAP_IOU = 0.5  # a widget overlapping a kept one this much duplicates it
CUE_DELTA = 12  # grey levels away from white that count as drawn (light field shading too)
CUE_MIN_PIXELS = 8  # drawn pixels needed around a widget for it to have a visible cue
PAGE_MIN_CUED_SHARE = 0.5  # pages where fewer widgets have a cue are misaligned/XFA pages

RULES = ("no_class", "hidden", "out_of_bounds", "tiny", "oversize", "overlap", "no_cue")
# Not removals: text widgets relabelled as signatures, by name or by the caption the page gives them,
# and signature lines without a widget added as labels.
SIGNATURE_BY_NAME = "signature_by_name"
SIGNATURE_BY_CAPTION = "signature_by_caption"
SIGNATURE_LINE = "signature_line"

# Which rule, if any, makes a kept text widget (and its clipped box) a signature: the stat it counts under.
SignatureRule = Callable[[ExistingWidget, Box], "str | None"]


@dataclass(frozen=True)
class Label:
    cls: FieldClass
    bbox: Box  # display fractions, clipped to the page


@dataclass(frozen=True)
class SignatureTruth:
    """Which signatures the labels hold besides Signature widgets: text widgets named or captioned
    as signatures (``signature_rule``), and signature lines no widget covers (refine/signature_lines.py)."""

    by_name: bool = False
    by_caption: bool = False
    lines: bool = False


@dataclass
class PageLabels:
    labels: list[Label]
    removed: Counter  # rule name -> widgets removed by it (and SIGNATURE_BY_* -> text widgets relabelled)
    page_dropped: str = ""  # non-empty: the page-level rule that dropped the page
    # Visible widgets removed only for want of a visible cue: truth of "every visible widget"
    # (the CommonForms protocol), ignore regions of the cued truth (``commonforms eval``).
    uncued: list[Label] = field(default_factory=list)


@dataclass
class LabelledPage:
    """A page that has widgets, rendered with them hidden, and its labels."""

    page: pymupdf.Page
    image: np.ndarray  # H x W x 3 RGB: what the detector sees of the flat page
    gray: np.ndarray  # H x W: the same in grey, which the cue rules look at (and the dataset stores)
    labels: PageLabels


def labelled_pages(
    doc: pymupdf.Document, long_side: int, signatures: SignatureTruth = SignatureTruth()
) -> Iterator[LabelledPage]:
    """Every page of ``doc`` with widgets, rendered at ``long_side`` pixels and labelled: the
    per-page loop of ``dataset build`` (training labels) and ``eval`` (the truth). A page whose
    labels the page-level rules dropped comes too, with its ``labels.page_dropped`` set."""
    for page in doc:
        geometry = page_geometry(page)
        widgets = read_widgets(page, geometry)
        if not widgets:
            continue
        image = render_page(page, long_side)
        gray = np.asarray(Image.fromarray(image).convert("L"))
        yield LabelledPage(page, image, gray, label_widget_page(page, geometry, widgets, gray, signatures))


def label_widget_page(
    page: pymupdf.Page, geometry: PageGeometry, widgets: list[ExistingWidget], gray: np.ndarray,
    signatures: SignatureTruth = SignatureTruth(),
) -> PageLabels:
    """One page's labels, with the signatures ``signatures`` asks for (the page's text and
    lines are read only when a rule needs them)."""
    content = read_page_content(page, geometry) if signatures.by_caption or signatures.lines else None
    lines = uncovered_signature_lines(content, [w.bbox for w in widgets]) if signatures.lines else []
    rule = signature_rule(content, widgets, signatures.by_name, signatures.by_caption)
    return label_page(widgets, gray, rule, [line.bbox for line in lines])


def label_page(
    widgets: list[ExistingWidget], gray: np.ndarray, signatures: SignatureRule | None = None,
    signature_lines: list[Box] = (),
) -> PageLabels:
    """Apply the cleaning rules, in order, to one page's widgets.

    ``gray`` is the page rendered without widgets (H x W uint8), used to check
    that each widget sits on something a reader (and the detector) can see.
    ``signatures`` (see ``signature_rule``) relabels text widgets as signatures:
    most real forms put text fields on their signature lines, which would
    otherwise teach the detector that a signature line is a text field.
    ``signature_lines`` (boxes no widget covers) are added as signature labels.
    """
    raster = Raster.of(gray)
    removed: Counter = Counter()
    kept: list[Label] = []
    uncued: list[Label] = []
    checked = 0  # widgets that reached the visible-cue rule
    for widget in widgets:
        rule, box = _first_failed_rule(widget, kept, raster)
        if rule is not None:
            removed[rule] += 1
            continue
        checked += 1
        cls = widget.field_class
        reason = signatures(widget, box) if signatures is not None and cls is FieldClass.text else None
        if not _has_visible_cue(gray, box):
            removed["no_cue"] += 1
            uncued.append(Label(FieldClass.signature if reason else cls, box))
            continue
        if reason:
            cls = FieldClass.signature
            removed[reason] += 1
        kept.append(Label(cls, box))
    if checked and len(kept) / checked < PAGE_MIN_CUED_SHARE:
        return PageLabels([], removed, page_dropped="page_no_cue")
    for box in signature_lines:
        if all(iou(box, other.bbox) < OVERLAP_IOU for other in kept):
            kept.append(Label(FieldClass.signature, box))
            removed[SIGNATURE_LINE] += 1
    uncued = [u for u in uncued if all(iou(u.bbox, other.bbox) < OVERLAP_IOU for other in kept)]
    return PageLabels(kept, removed, uncued=uncued)


def signature_rule(
    content: PageContent | None, widgets: list[ExistingWidget], by_name: bool, by_caption: bool
) -> SignatureRule | None:
    """The text widgets of a page that count as signatures: named so ("ApplicantSignature",
    "Firma del cliente"), and/or labelled so on the page (``content``) with room to sign, which is
    the rule ``prepare``'s refine stage applies to detected text boxes (refine/kinds.py), so that
    training labels and the fields written agree. None: no relabelling."""
    if not (by_name or by_caption):
        return None
    if by_caption:
        finder = LabelFinder(content, [w.bbox for w in widgets])  # other widgets block, as detected boxes do

    def rule(widget: ExistingWidget, box: Box) -> str | None:
        if by_name and is_signature_name(widget.field_name):
            return SIGNATURE_BY_NAME
        if by_caption and is_signature_line(box, finder.label(box, FieldClass.text), content):
            return SIGNATURE_BY_CAPTION
        return None

    return rule


def is_signature_name(field_name: str) -> bool:
    """Does a field's own name, split into words ("form1[0].ApplicantSignature_2"), say signature?

    Only the last part of the qualified name counts: the parents name a section, and the
    fields of a "SignHere" or "TranslatorSignature" section hold its date, phone and address.
    """
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", _own_name(field_name))
    return is_signature_term(re.sub(r"[^0-9A-Za-z\u00C0-\uFFFF]+|(?<=[A-Za-z])(?=[0-9])", " ", spaced))


def _own_name(field_name: str) -> str:
    """The last part of a qualified field name, without XFA indices or numbered kids
    ("form1[0].SignHere[0].f3_11[0]" -> "f3_11"; "Signature.0" -> "Signature")."""
    parts = [re.sub(r"\[\d+\]$", "", part) for part in field_name.split(".")]
    named = [part for part in parts if part and not part.isdigit()]
    return named[-1] if named else field_name


def _first_failed_rule(widget, kept, raster: Raster):
    if widget.field_class is None:
        return "no_class", None
    if widget.hidden:
        return "hidden", None
    box = intersect(widget.bbox, (0.0, 0.0, 1.0, 1.0))
    if box is None or area(box) < MIN_INSIDE_SHARE * area(widget.bbox):
        return "out_of_bounds", None
    if min(raster.pixel_size(box)) < MIN_SIDE_PX:
        return "tiny", None
    if area(box) > MAX_PAGE_SHARE:
        return "oversize", None
    if any(iou(box, other.bbox) >= OVERLAP_IOU for other in kept):
        return "overlap", None
    return None, box


def _has_visible_cue(gray: np.ndarray, box: Box) -> bool:
    """Is anything drawn on or around the box (a line, a frame, shading, a label beside it)?

    The search reaches further sideways than up and down, so that a label
    just left of a field ("Name:  [      ]") or right of a check box counts.
    """
    height, width = gray.shape
    x0, y0, x1, y1 = Raster(width, height).to_pixels(box)
    side = min(x1 - x0, y1 - y0)
    pad_x, pad_y = max(6.0, 1.5 * side), max(4.0, 0.3 * side)
    region = gray[
        max(0, int(y0 - pad_y)) : min(height, int(np.ceil(y1 + pad_y))),
        max(0, int(x0 - pad_x)) : min(width, int(np.ceil(x1 + pad_x))),
    ]
    return int(np.count_nonzero(region < 255 - CUE_DELTA)) >= CUE_MIN_PIXELS
