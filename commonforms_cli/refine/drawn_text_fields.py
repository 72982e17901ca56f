"""Text fields the detector was unsure of, settled by the rule, the cell or the caption the page
prints there.

On forms from issuers it never saw, the detector scores many real blanks low (on the
source-held-out validation its F1-optimal text threshold is about a tenth of the default). A
blank is what a vector PDF draws exactly: a rule along its bottom ("Name: ______", a cell's
floor) or a table cell's two sides. So a weak text detection is kept where the page draws such
a rule or cell at its edges, no printed words fill it, and no other field covers it. A blank
with neither ("Name of attorney:" on blank paper) is settled by its caption where the detector is
less unsure of it.
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

# A caption ending in a colon ("Name of attorney:") with blank paper after it, in a box or none: a
# weak text detection from this score up that starts within this many points after it is kept too.
# Text F1 after refine (benchmarks/refine_corpus.py --only texts), held out / source val / val:
# .7283 -> .7307 / .9201 -> .9225 / .9000 -> .8997; from .05: .7291 / .9220 / .8993; from .25: .7298
# / .9222 / .8999; a reach of 6 pt: .7298 / .9221 / .8998 (held out, a blind field after every such
# caption with room: 152 of 786 on a widget). A caption right over the box instead ("Street Number"
# over a blank whose box only the widget drew), from .25 / .30: .7306 / .7303, .9224 / .9227, .9001
# / .9004 on top of this rule: not kept.
CAPTIONED_SCORE = 0.15
CAPTION_REACH_PT = 14.0


def drawn_text_fields(weak: list[Detection], content: PageContent, taken: list[Box]) -> list[Detection]:
    """The weak text detections, best first, that sit on a drawn rule or cell (or, from
    ``CAPTIONED_SCORE`` up, start just after a caption ending in a colon), hold no printed words,
    and cover no other field nor lie under one (``taken``: the confident detections' and existing
    widgets' boxes)."""
    return settled(weak, FieldClass.text, lambda detection: _blank(detection, content), taken,
                   lambda box, other: overlap_either_way(box, other, MAX_SHARED))


def _blank(detection: Detection, content: PageContent) -> bool:
    """Does the page settle the weak detection as a blank to write in?"""
    box = detection.bbox
    drawn = _on_rule(box, content) or in_drawn_cell(box, content)
    captioned = detection.score >= CAPTIONED_SCORE and _after_caption(box, content)
    return (drawn or captioned) and _printed_share(box, content) <= MAX_PRINTED


def _after_caption(box: Box, content: PageContent) -> bool:
    """Does a caption ending in a colon end on the box's line, just before its left edge?"""
    x0, y0, _, y1 = box
    middle = (y0 + y1) / 2
    reach = content.fraction_x(CAPTION_REACH_PT)
    return any(phrase.bbox[1] <= middle <= phrase.bbox[3] and x0 - reach <= phrase.bbox[2] <= x0 + reach / 2
               and phrase.text.rstrip().endswith(":") for phrase in content.phrases)


def _on_rule(box: Box, content: PageContent) -> bool:
    x0, y0, x1, y1 = box
    reach = max(content.fraction_y(EDGE_REACH_PT), EDGE_REACH_SHARE * (y1 - y0))
    return _runs_along(content, True, y1, (x0, x1), reach)


def in_drawn_cell(box: Box, content: PageContent) -> bool:
    """Does the page draw a side along each end of the box (a cell around it)?"""
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
