"""Detections the PDF already has a field for are not written twice."""

from __future__ import annotations

from ..fields import Detection
from ..geometry import Box, area, intersect

# A detection that covers this much of an existing widget (or is this much covered) duplicates it.
EXISTING_OVERLAP = 0.5


def drop_existing(detections: list[Detection], existing: list[Box]) -> list[Detection]:
    """Detections that do not duplicate a field the page already has."""
    return [d for d in detections if not any(_overlaps(d.bbox, box) for box in existing)]


def _overlaps(a: Box, b: Box) -> bool:
    shared = intersect(a, b)
    if shared is None:
        return False
    smaller = min(area(a), area(b))
    return smaller > 0 and area(shared) / smaller >= EXISTING_OVERLAP
