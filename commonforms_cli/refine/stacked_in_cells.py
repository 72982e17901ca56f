"""Text boxes stacked in one empty drawn cell, made one field that fills the cell.

In a tall empty cell (a calendar's day, a "Remarks" box) the detector often finds two or three
writing lines one over the other, where the page draws no rule between them and the author made
one field for the cell. Where two text boxes or more have their centres in one drawn cell at least
``MIN_CELL_PT`` tall, no words are printed in it and none of the boxes fills most of its height
(that one is the author's box under a line of its own), they become one box: the cell, inside its
rules.

Measured with the bundled model's cached detections (benchmarks/refine_corpus.py, held out / val /
source val): text F1 after refine .7333 -> .7413 / .9012 / .9227 (held out: a calendar's 35 day
cells, 70 boxes of which none matched an author's field, now 31 fields, all matched; a household
form's and a German plan's tall cells, 6 more matched; an insurance certificate's 58-pt cell, one
fewer); multiline agreement .9611 -> .9595 / .9724 / .9635. At 50 pt a val form's 50-pt cell of
three stacked one-line fields (its author's, an address's lines) became one field; at 54 none.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import numpy as np

from ..fields import Detection, FieldClass
from ..geometry import Box
from ..pdf.page_content import PageContent
from .table_cells import SAME_RULE_PT, cell_around

INSET_PT = 1.0  # the field stays this far inside the cell's rules
MIN_CELL_PT = 54.0  # a writing area (see the module docstring); lower cells hold stacked one-line fields
MAX_MEMBER_SHARE = 0.6  # a box filling more of the cell's height is the author's own box in it


def merged_in_cells(detections: list[Detection], content: PageContent) -> list[Detection]:
    """``detections`` with the text boxes stacked in one empty drawn cell replaced by one box
    filling the cell (the first of them, its best score)."""
    cells: dict[Box, Box] = {}  # per cell to within a rule's width, the cell first found
    stacks: dict[Box, list[int]] = defaultdict(list)
    for index, detection in enumerate(detections):
        if detection.cls is FieldClass.text and (cell := cell_around(detection.bbox, content)) is not None:
            key = _rounded(cell, content)
            cells.setdefault(key, cell)
            stacks[key].append(index)
    merged: dict[int, Detection] = {}
    dropped: set[int] = set()
    for key, members in stacks.items():
        x0, y0, x1, y1 = cells[key]
        if (len(members) < 2 or content.points_y(y1 - y0) < MIN_CELL_PT or _printed_in(cells[key], content)
                or any(detections[i].bbox[3] - detections[i].bbox[1] > MAX_MEMBER_SHARE * (y1 - y0) for i in members)):
            continue
        inset_x, inset_y = content.fraction_x(INSET_PT), content.fraction_y(INSET_PT)
        first = detections[members[0]]
        merged[members[0]] = dataclasses.replace(first, bbox=(x0 + inset_x, y0 + inset_y, x1 - inset_x, y1 - inset_y),
                                                 score=max(detections[i].score for i in members))
        dropped.update(members[1:])
    return [merged.get(i, d) for i, d in enumerate(detections) if i not in dropped]


def _rounded(cell: Box, content: PageContent) -> Box:
    """The cell to within a rule's width, so that boxes in one cell find the same one."""
    step_x, step_y = content.fraction_x(SAME_RULE_PT), content.fraction_y(SAME_RULE_PT)
    return (round(cell[0] / step_x) * step_x, round(cell[1] / step_y) * step_y,
            round(cell[2] / step_x) * step_x, round(cell[3] / step_y) * step_y)


def _printed_in(cell: Box, content: PageContent) -> bool:
    """Are any words printed in the cell (a caption in its corner makes it a captioned cell)? A line's
    middle inside it: a label over the cell reaches into it by a descender."""
    boxes = content.phrase_boxes
    middles = content.phrase_centres[:, 1]
    return bool(np.any((middles > cell[1]) & (middles < cell[3]) & (boxes[:, 2] > cell[0]) & (boxes[:, 0] < cell[2])))
