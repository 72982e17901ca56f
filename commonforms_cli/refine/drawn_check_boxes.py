"""Check boxes the detector was unsure of, settled by the square the page draws under them.

A check box is the one field a vector PDF draws exactly: a small square of four rulings. The
detector sees pixels and scores some real check boxes low (set inline in a sentence, or in a
dense row), so a weak check-box detection is kept where such a square lies under it: its
nearest ruling on each side runs along that side and not far past it. On the validation split
(benchmarks/refine_corpus.py --only choices, looked at by eye) it keeps 38 boxes: 24 on
check-box widgets, 13 printed check boxes the author gave no widget, and one empty box in a
letterhead.
"""

from __future__ import annotations

from ..fields import Detection, FieldClass
from ..geometry import Box, covered_share
from ..pdf.page_content import PageContent
from .weak import settled

# The weakest check-box detection a drawn square can settle is weak.WEAK_CHOICE_SCORE: on val,
# 0.03 settled 5 fewer check-box widgets than 0.01; 0.003 settled 3 more and 4 more boxes without a widget.
# Session 16's second look halves the score of a box one look alone finds: at 0.01 that added 26
# boxes without a widget on the source val (check-box F1 .899 against .902 at 0.02); held out .701
# either way, val .873 against .874; one look at 0.02: held out .700 (.700), source val .904 (.902).
EDGE_TOLERANCE_PT = 2.0  # how far a square's edge may lie from the detected edge
MIN_EDGE_COVER = 0.7  # the share of the box's side a ruling must run along
MAX_EDGE_LENGTH = 1.6  # a ruling longer than this many sides is a table or underline, not a square
MAX_SHARED = 0.3  # the share of the box another field may cover: more, and the square is that field's


def drawn_check_boxes(weak: list[Detection], content: PageContent, taken: list[Box]) -> list[Detection]:
    """The weak check-box detections that sit on a square the page draws and on no other field
    (``taken``: the confident detections' boxes and the page's existing widgets)."""
    return settled(
        weak, FieldClass.choice, lambda detection: _on_drawn_square(detection.bbox, content), taken,
        lambda box, other: covered_share(box, other) > MAX_SHARED,
    )


def _on_drawn_square(box: Box, content: PageContent) -> bool:
    return all(drawn_sides(box, content, MAX_EDGE_LENGTH))


def drawn_sides(box: Box, content: PageContent, max_length: float | None) -> tuple[bool, bool, bool, bool]:
    """Whether a ruling runs along the box's top, bottom, left and right side (no longer than
    ``max_length`` sides, if given)."""
    x0, y0, x1, y1 = box
    reach_x, reach_y = content.fraction_x(EDGE_TOLERANCE_PT), content.fraction_y(EDGE_TOLERANCE_PT)
    return (
        _has_edge(content, True, y0, (x0, x1), reach_y, max_length),
        _has_edge(content, True, y1, (x0, x1), reach_y, max_length),
        _has_edge(content, False, x0, (y0, y1), reach_x, max_length),
        _has_edge(content, False, x1, (y0, y1), reach_x, max_length),
    )


def _has_edge(content: PageContent, horizontal: bool, position: float, span: tuple[float, float], reach: float,
              max_length: float | None) -> bool:
    """Is the ruling nearest this edge, within ``reach``, a side of the box: along most of
    ``span`` and (given ``max_length``) not far past it?"""
    ruling = content.ruling_near(horizontal, position, span, reach)
    if ruling is None:
        return False
    _, start, end = ruling
    side = span[1] - span[0]
    along = min(end, span[1]) - max(start, span[0])
    return along >= MIN_EDGE_COVER * side and (max_length is None or end - start <= max_length * side)
