"""Detections -> fields: what kind each box becomes, its name, and the tab order.

The detector only knows three classes; a person filling the form expects
more (multiline boxes, names, a sensible tab order) and expects nothing to be
written twice where the PDF already has a field.
"""

from __future__ import annotations

from dataclasses import dataclass

from .fields import Detection, Field, FieldClass, FieldKind
from .geometry import Box, area, intersect

# A text box this many text lines tall (at ~12 pt per line) is multiline.
MULTILINE_MIN_HEIGHT_PT = 30.0
# A detection that covers this much of an existing widget (or is this much covered) duplicates it.
EXISTING_OVERLAP = 0.5


@dataclass(frozen=True)
class RefineOptions:
    signature_as_text: bool = False


def drop_existing(detections: list[Detection], existing: list[Box]) -> list[Detection]:
    """Detections that do not duplicate a field the page already has."""
    return [d for d in detections if not any(_overlaps(d.bbox, box) for box in existing)]


def _overlaps(a: Box, b: Box) -> bool:
    shared = intersect(a, b)
    if shared is None:
        return False
    smaller = min(area(a), area(b))
    return smaller > 0 and area(shared) / smaller >= EXISTING_OVERLAP


def reading_order(detections: list[Detection]) -> list[Detection]:
    """Top-to-bottom lines, left to right within a line.

    Boxes join a line when their vertical centre falls within the line's
    first box, so a check box and its neighbouring text field (different
    heights, same line) stay together.
    """
    lines: list[list[Detection]] = []
    for det in sorted(detections, key=lambda d: (d.bbox[1], d.bbox[0])):
        centre = (det.bbox[1] + det.bbox[3]) / 2
        for line in lines:
            top, bottom = line[0].bbox[1], line[0].bbox[3]
            if top <= centre <= bottom:
                line.append(det)
                break
        else:
            lines.append([det])
    lines.sort(key=lambda line: min(d.bbox[1] for d in line))
    return [d for line in lines for d in sorted(line, key=lambda d: d.bbox[0])]


def to_fields(detections: list[Detection], page_heights_pt: dict[int, float], options: RefineOptions) -> list[Field]:
    """One Field per detection, in the order given, named ``<kind>_<page>_<n>`` (1-based)."""
    fields = []
    counters: dict[tuple[int, str], int] = {}
    for det in detections:
        kind = _kind_of(det, page_heights_pt[det.page], options)
        key = (det.page, kind.value)
        counters[key] = counters.get(key, 0) + 1
        name = f"{kind.value}_{det.page + 1}_{counters[key]}"
        fields.append(Field(page=det.page, kind=kind, bbox=det.bbox, name=name, score=det.score))
    return fields


def _kind_of(det: Detection, page_height_pt: float, options: RefineOptions) -> FieldKind:
    if det.cls is FieldClass.choice:
        return FieldKind.checkbox
    if det.cls is FieldClass.signature and not options.signature_as_text:
        return FieldKind.signature
    height_pt = (det.bbox[3] - det.bbox[1]) * page_height_pt
    return FieldKind.multiline if height_pt >= MULTILINE_MIN_HEIGHT_PT else FieldKind.text
