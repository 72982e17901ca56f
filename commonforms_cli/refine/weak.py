"""Detections under the thresholds, which the page's own drawing may still settle.

The detector is sure of the forms it resembles and unsure on issuers it never saw (on the
source-held-out validation the F1-optimal text threshold is a tenth of the default). A vector
PDF draws exactly the things a field is made of: a check box's square, a blank's rule, a cell.
Where a weak detection sits on such a drawing, the drawing settles it (drawn_check_boxes.py,
drawn_text_fields.py); elsewhere the threshold stands. Scans draw nothing, so nothing changes.
"""

from __future__ import annotations

from typing import Callable, Mapping

from ..fields import Detection, FieldClass
from ..geometry import Box

# The weakest detection each rule may settle (see the rules' modules for the figures).
WEAK_CHOICE_SCORE = 0.02
WEAK_TEXT_SCORE = 0.05


def search_thresholds(
    thresholds: Mapping[FieldClass, float], check_boxes: bool = True, text_fields: bool = True
) -> dict[FieldClass, float]:
    """The thresholds to detect with, so that the weak detections the switched-on rules settle
    come back too."""
    floors = {FieldClass.choice: WEAK_CHOICE_SCORE if check_boxes else 1.0,
              FieldClass.text: WEAK_TEXT_SCORE if text_fields else 1.0}
    return {cls: min(value, floors.get(cls, 1.0)) for cls, value in thresholds.items()}


def split_by_threshold(
    found: list[Detection], thresholds: Mapping[FieldClass, float]
) -> tuple[list[Detection], list[Detection]]:
    """``found`` (detected with ``search_thresholds``) as the confident detections and the weak rest."""
    confident = [d for d in found if d.score >= thresholds[d.cls]]
    return confident, [d for d in found if d.score < thresholds[d.cls]]


def settled(
    weak: list[Detection], cls: FieldClass, drawn: Callable[[Detection], bool], taken: list[Box],
    collides: Callable[[Box, Box], bool],
) -> list[Detection]:
    """The weak detections of ``cls``, best first, that the page's drawing settles (``drawn``)
    and that collide with no box taken: ``taken`` (the confident detections' and the page's
    existing widgets') and each one kept before."""
    kept: list[Detection] = []
    taken = list(taken)
    for detection in sorted(weak, key=lambda d: -d.score):
        box = detection.bbox
        if detection.cls is cls and drawn(detection) and not any(collides(box, other) for other in taken):
            kept.append(detection)
            taken.append(box)
    return kept
