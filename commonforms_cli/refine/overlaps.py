"""One field per spot: the detector suppresses overlapping boxes within a class, not across classes.

A line the detector calls both text and signature (or a small square both text and check box)
comes out as two boxes, and refine may turn either into the other's kind (a text box labelled
"Signature" becomes a signature field, a signature box labelled "Name" a text field): the user
would get two fields on one line. The more confident detection keeps the spot.
"""

from __future__ import annotations

from ..fields import Detection
from ..geometry import iou

# Boxes of two classes overlapping this much (IoU) are one spot, as the detector's suppression within
# a class has it. benchmarks/refine_corpus.py --only texts,choices,signatures (held out / val): text
# precision .7619 -> .7650 / .8802 -> .8809 (recall unchanged: F1 .7182 -> .7196 / .8918 -> .8922),
# check boxes .7840 -> .7856 / .8530 -> .8533, signature fields 180 -> 174 / 139 -> 137 (truths
# written as signatures unchanged, 58 / 28); at 0.5 the same fields.
SAME_SPOT_IOU = 0.7


def one_per_spot(detections: list[Detection]) -> list[Detection]:
    """The detections in their order, less any that overlaps a more confident one of another class
    at ``SAME_SPOT_IOU``."""
    kept: list[Detection] = []
    for detection in sorted(detections, key=lambda d: -d.score):
        if not any(other.cls is not detection.cls and iou(other.bbox, detection.bbox) >= SAME_SPOT_IOU
                   for other in kept):
            kept.append(detection)
    return [d for d in detections if any(d is k for k in kept)]
