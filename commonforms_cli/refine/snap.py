"""Move detected edges that are visibly off onto the drawn line they belong to.

The PDF knows exactly where its lines are; the detector sees pixels. An edge
moves only when a ruling runs along it within reach, so a scan (no drawings)
or a field with no drawn cue keeps the detector's box. An edge already close
to its line stays: authors put widgets up to a point or so inside or outside
the lines, and the bundled detector has learnt where (on the corpus its edges
are ~0.3 pt from the author's; moving them onto the line lowers AP50-95).
On the printed page alone (widget borders no longer read as lines, session 11)
snapping moves AP50-95 by a tenth of a point either way: held out text .3041 ->
.3049, choice .2680 -> .2693; val .7225 -> .7216, .6465 -> .6431
(benchmarks/refine_corpus.py --only snap).

A text box the detector stretched over the end of its label is moved off it too
(``clear_of_labels``): the label's words are the page's, and the label finder
reads only words outside a field as its label.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from ..fields import Detection, FieldClass
from ..geometry import Box
from ..pdf.page_content import PageContent

# How far (points) an edge may move; also at most this share of the box's side,
# so a small check box does not jump to a neighbouring line.
TOLERANCE_PT = 4.0
TOLERANCE_SHARE = 0.35
# An edge closer than this (points) to its line is where it should be already.
MIN_MOVE_PT = 2.0
# A text box reaching over a label's end by at most this share of its width starts clear of it.
MAX_LABEL_OVERLAP = 0.3
LABEL_CLEARANCE_PT = 1.0
# Which edges follow lines. The top of a text box does not follow its cell's top
# line: authors leave room for the caption (snapping it lowered AP50-95 at every distance).
SNAPPED_EDGES = {
    FieldClass.choice: ("left", "top", "right", "bottom"),
    FieldClass.text: ("left", "right", "bottom"),
    FieldClass.signature: ("left", "right", "bottom"),
}


def snap_detections(detections: list[Detection], content: PageContent) -> list[Detection]:
    return [dataclasses.replace(d, bbox=snap_box(d.bbox, d.cls, content)) for d in detections]


def snap_box(box: Box, cls: FieldClass, content: PageContent) -> Box:
    """``box`` with each edge that is visibly off a ruling within reach moved onto it."""
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    reach_x = (content.fraction_x(MIN_MOVE_PT), min(content.fraction_x(TOLERANCE_PT), TOLERANCE_SHARE * width))
    reach_y = (content.fraction_y(MIN_MOVE_PT), min(content.fraction_y(TOLERANCE_PT), TOLERANCE_SHARE * height))
    # side -> (its ruling is horizontal, where the edge is, the span it runs along, reach across, reach along)
    sides = {
        "left": (False, x0, (y0, y1), reach_x, reach_y),
        "top": (True, y0, (x0, x1), reach_y, reach_x),
        "right": (False, x1, (y0, y1), reach_x, reach_y),
        "bottom": (True, y1, (x0, x1), reach_y, reach_x),
    }
    snapped = list(box)
    for index, (side, (horizontal, edge, span, reach, slack)) in enumerate(sides.items()):
        ruling = _line_off(content, horizontal, edge, span, reach) if side in SNAPPED_EDGES[cls] else None
        # A check box follows its own square, not a longer line running past it.
        if ruling is not None and (cls is not FieldClass.choice or _within(ruling, span, slack[1])):
            snapped[index] = ruling[0]
    if cls is not FieldClass.choice:
        _snap_to_line_ends(snapped, box, content, reach_x, reach_y)
    if snapped[2] - snapped[0] < width / 2 or snapped[3] - snapped[1] < height / 2:
        return box  # two edges found the same line: the cue is not this box's
    return tuple(snapped)


def _snap_to_line_ends(snapped: list[float], box: Box, content: PageContent, reach_x, reach_y) -> None:
    """A text line's ends are the field's ends where no side is drawn."""
    line = content.ruling_near(True, box[3], (box[0], box[2]), reach_y[1])
    if line is None:
        return
    for index, end in ((0, line[1]), (2, line[2])):
        side_drawn = content.ruling_near(False, box[index], (box[1], box[3]), reach_x[1]) is not None
        if not side_drawn and reach_x[0] <= abs(end - box[index]) <= reach_x[1]:
            snapped[index] = end


def clear_of_labels(detections: list[Detection], content: PageContent) -> list[Detection]:
    """Text and signature boxes that reach over the end of a label on their left ("Occupation:")
    or the start of the next one on their right start (end) clear of it: the words are the page's,
    not the field's, and a label the box covers labels nothing. After boxes are cut at the captions
    inside them (``split_at_captions``), which reads the captions a box holds. Tooltip word F1 (val
    / held out / source val) .5874 -> .5882, .7017 -> .7086, .5723 -> .5757; text F1 .9012 ->
    .9013, .7406 -> .7404, .9228 -> .9230 (only labels ending in a colon: tooltips .5881, .7042,
    .5733)."""
    phrases = content.phrase_boxes
    if not len(phrases):
        return detections
    middles = content.phrase_centres[:, 1]
    slack, gap = content.fraction_x(MIN_MOVE_PT), content.fraction_x(LABEL_CLEARANCE_PT)
    moved = []
    for det in detections:
        x0, y0, x1, y1 = det.bbox
        most = MAX_LABEL_OVERLAP * (x1 - x0)
        on_line = (middles > y0) & (middles < y1)
        left = on_line & (phrases[:, 0] < x0 - slack) & (phrases[:, 2] > x0) & (phrases[:, 2] - x0 <= most)
        right = on_line & (phrases[:, 2] > x1 + slack) & (phrases[:, 0] < x1) & (x1 - phrases[:, 0] <= most)
        if det.cls is FieldClass.choice or not (left.any() or right.any()):
            moved.append(det)
            continue
        x0 = phrases[left, 2].max() + gap if left.any() else x0
        x1 = phrases[right, 0].min() - gap if right.any() else x1
        moved.append(dataclasses.replace(det, bbox=(x0, y0, x1, y1)))
    return moved


def _within(ruling, span: tuple[float, float], slack: float) -> bool:
    return ruling[1] >= span[0] - slack and ruling[2] <= span[1] + slack


def _line_off(content: PageContent, horizontal: bool, position: float, span, reach: tuple[float, float]):
    """The ruling nearest an edge if the edge is visibly off it (``reach`` is min, max); else None."""
    ruling = content.ruling_near(horizontal, position, span, reach[1])
    return ruling if ruling is not None and abs(ruling[0] - position) >= reach[0] else None
