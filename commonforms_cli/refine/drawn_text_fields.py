"""Text fields the detector was unsure of, settled by the rule or the cell the page draws there.

On forms from issuers it never saw, the detector scores many real blanks low (on the
source-held-out validation its F1-optimal text threshold is about a tenth of the default). A
blank is what a vector PDF draws exactly: a rule along its bottom ("Name: ______", a cell's
floor) or a table cell's two sides. So a weak text detection is kept where the page draws such
a rule or cell at its edges, no printed words fill it, and no other field covers it.
"""

from __future__ import annotations

from ..fields import Detection, FieldClass
from ..geometry import Box, area, intersect, overlap_either_way
from ..pdf.page_content import PageContent
from .weak import settled

EDGE_REACH_PT = 4.0  # how far the rule may lie from the detected edge (or this share of the height:)
EDGE_REACH_SHARE = 0.4
MIN_EDGE_COVER = 0.7  # the share of the box's side a rule must run along
MAX_PRINTED = 0.25  # a box more than this much covered by printed words is text, not a blank
MAX_SHARED = 0.3  # the share either way another field may cover: more, and the blank is that field's


def drawn_text_fields(weak: list[Detection], content: PageContent, taken: list[Box]) -> list[Detection]:
    """The weak text detections, best first, that sit on a drawn rule or cell, hold no printed
    words, and cover no other field nor lie under one (``taken``: the confident detections' and
    existing widgets' boxes)."""
    return settled(
        weak, FieldClass.text,
        lambda box: (_on_rule(box, content) or _in_cell(box, content)) and _printed_share(box, content) <= MAX_PRINTED,
        taken,
        lambda box, other: overlap_either_way(box, other, MAX_SHARED),
    )


def _on_rule(box: Box, content: PageContent) -> bool:
    x0, y0, x1, y1 = box
    reach = max(content.fraction_y(EDGE_REACH_PT), EDGE_REACH_SHARE * (y1 - y0))
    return _runs_along(content, True, y1, (x0, x1), reach)


def _in_cell(box: Box, content: PageContent) -> bool:
    x0, y0, x1, y1 = box
    reach = max(content.fraction_x(EDGE_REACH_PT), 0.05 * (x1 - x0))
    return all(_runs_along(content, False, x, (y0, y1), reach) for x in (x0, x1))


def _runs_along(content: PageContent, horizontal: bool, position: float, span: tuple[float, float],
                reach: float) -> bool:
    ruling = content.ruling_near(horizontal, position, span, reach)
    if ruling is None:
        return False
    _, start, end = ruling
    return min(end, span[1]) - max(start, span[0]) >= MIN_EDGE_COVER * (span[1] - span[0])


def _printed_share(box: Box, content: PageContent) -> float:
    """The share of the box's area that printed words cover."""
    covered = sum(area(overlap) for other in content.phrase_boxes
                  if (overlap := intersect(box, tuple(other))) is not None)
    return covered / area(box) if area(box) > 0 else 0.0
