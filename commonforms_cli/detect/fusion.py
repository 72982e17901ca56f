"""Weighted box fusion: one page's detections from several passes (the page at two sizes) as one list.

Where the passes find the same field (same class, IoU above ``FUSION_IOU``) its box is the
score-weighted mean of theirs and its score their mean; a field only some passes found keeps the
mean of its scores times the share of passes that found it (Solovyev et al., "Weighted boxes
fusion", 2021). So a box must be found at both sizes to keep its confidence, and where both find
it, its edges are the average of two looks. Pure numpy.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..fields import Detection, FieldClass
from ..geometry import pairwise_iou, pairwise_nested_share

FUSION_IOU = 0.55  # the paper's default: boxes of one field from two passes overlap far more
# A check box inside another is one field as well: a small square's two fits, a point apart,
# overlap less than FUSION_IOU (nested boxes' IoU is their area ratio), and kept apart each would
# lose half its score and the user would get two check boxes on one square. Not text: a line
# inside a box is a field of its own as often as not (with text too, held-out text recall after
# refine fell .7104 -> .7079). Check boxes only, benchmarks/refine_corpus.py --only choices,texts
# with new detections (held out / val): check-box precision .7604 -> .7650 / .8642 -> .8645,
# recall .6311 -> .6324 / .8852 -> .8843, F1 .6897 -> .6924 / .8746 -> .8743; text F1 unchanged.
NESTED_SHARE = 0.9
NESTED_MIN_IOU = 0.4


def fuse(passes: Sequence[Sequence[Detection]], iou: float = FUSION_IOU) -> list[Detection]:
    """The detections of ``passes`` (each one pass over the same page, suppressed) fused, best first."""
    if len(passes) == 1:
        return sorted(passes[0], key=lambda found: -found.score)
    items = sorted((found for one_pass in passes for found in one_pass), key=lambda found: -found.score)
    fused: list[Detection] = []
    for cls in dict.fromkeys(found.cls for found in items):
        fused.extend(_fuse_class([found for found in items if found.cls is cls], len(passes), iou))
    return sorted(fused, key=lambda found: -found.score)


def _fuse_class(items: list[Detection], pass_count: int, iou: float) -> list[Detection]:
    """Clusters of one class's detections (best first): each joins the cluster whose fused box it
    overlaps most, above ``iou``, or starts one."""
    weighted_sums = np.zeros((len(items), 4))
    weights = np.zeros(len(items))
    fused = np.zeros((len(items), 4))  # each cluster's box: weighted_sums / weights
    members: list[list[float]] = []
    for found in items:
        box = np.array(found.bbox, dtype=np.float64)
        count = len(members)
        best = -1
        if count:
            overlaps = pairwise_iou(fused[:count], box)[:, 0]
            joins = overlaps > iou
            if found.cls is FieldClass.choice:
                joins |= (pairwise_nested_share(fused[:count], box)[:, 0] >= NESTED_SHARE) & (overlaps >= NESTED_MIN_IOU)
            if joins.any():
                best = int(np.argmax(np.where(joins, overlaps, -1.0)))
        if best < 0:
            best = count
            members.append([])
        weighted_sums[best] += found.score * box
        weights[best] += found.score
        fused[best] = weighted_sums[best] / weights[best]
        members[best].append(found.score)
    page, cls = items[0].page, items[0].cls
    return [
        Detection(page, cls, float(np.mean(scores)) * min(len(scores), pass_count) / pass_count,
                  tuple(float(v) for v in fused[index]))
        for index, scores in enumerate(members)
    ]
