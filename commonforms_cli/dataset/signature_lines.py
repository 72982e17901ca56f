"""Signature lines that carry no widget, as signature labels.

Most fillable forms leave the line a person signs on without a field (it is
signed on paper), so the widget recipe makes those lines background: the
detector learns not to fire where it should. A ruled line captioned as a
signature (by the refine stage's rule, refine/kinds.py), with room above it
and nothing on it, is labelled as a signature box standing on the line.
"""

from __future__ import annotations

import numpy as np

from ..fields import FieldClass
from ..geometry import Box
from ..refine.kinds import is_signature_line
from ..refine.labels import LabelFinder
from ..refine.page_content import PageContent

# The box's height above the line: text widgets named as signatures that stand on a ruling
# are 12-26 pt tall (10th-90th percentile on the corpus's training split), 16 pt at the median.
SIGNATURE_BOX_PT = 20.0
# Text or a field this close above the line means it is an underline, not room to sign.
MIN_ROOM_PT = 12.0
# Slack for lines and edges drawn a little apart (points).
TOUCH_PT = 2.0
# Captions set this much larger than the page's body text are headings ("SECTION 4 - SIGNATURE").
HEADING_SCALE = 1.2


def unwidgeted_signature_lines(content: PageContent, field_boxes: list[Box]) -> list[Box]:
    """Boxes (display fractions) for the signature lines of a page that no field covers."""
    fields = np.array(field_boxes, float).reshape(-1, 4)
    finder = LabelFinder(content, field_boxes)
    found: list[Box] = []
    for box in _spaces_above_lines(content):
        box = _room_left(box, np.vstack([fields, content.phrase_boxes]), content)
        if box is None or _is_top_of_a_box(box, content):
            continue
        label = finder.label(box, FieldClass.text, through_fields=False)
        if is_signature_line(box, label, content) and not _is_heading(label, box, content):
            found.append(box)
    return found


def _spaces_above_lines(content: PageContent):
    """A box of the signing height on every horizontal line, cut where vertical lines cross it
    (one ruling under a row of cells is one line per cell)."""
    height = content.fraction_y(SIGNATURE_BOX_PT)
    vertical = content.vertical
    for y, x0, x1 in content.horizontal:
        top = max(0.0, y - height)
        cuts = [x0, x1]
        if len(vertical):
            rise = np.minimum(vertical[:, 2], y) - np.maximum(vertical[:, 1], top)
            margin = content.fraction_x(TOUCH_PT)
            inside = (vertical[:, 0] > x0 + margin) & (vertical[:, 0] < x1 - margin) & (rise >= 0.5 * (y - top))
            cuts += list(vertical[inside, 0])
        cuts.sort()
        for left, right in zip(cuts, cuts[1:]):
            yield (left, top, right, y)


def _room_left(box: Box, obstacles: np.ndarray, content: PageContent) -> Box | None:
    """The box lowered under whatever text or field sits in it; None when less than
    ``MIN_ROOM_PT`` is left above the line."""
    x0, top, x1, y = box
    touch = content.fraction_y(TOUCH_PT)
    across = (np.minimum(obstacles[:, 2], x1) - np.maximum(obstacles[:, 0], x0)) > 0
    inside = across & (obstacles[:, 3] > top + touch) & (obstacles[:, 1] < y - touch)
    if inside.any():
        top = max(top, float(obstacles[inside, 3].max()))
    if content.points_y(y - top) < MIN_ROOM_PT:
        return None
    return (x0, top, x1, y)


def _is_top_of_a_box(box: Box, content: PageContent) -> bool:
    """Vertical lines leaving the line downwards: it is the top edge of a box or table
    (the room above it belongs to something else)."""
    x0, _, x1, y = box
    vertical = content.vertical
    if not len(vertical):
        return False
    reach_x, reach_y = content.fraction_x(TOUCH_PT), content.fraction_y(TOUCH_PT)
    starts_here = np.abs(vertical[:, 1] - y) <= reach_y
    goes_down = vertical[:, 2] - y > content.fraction_y(MIN_ROOM_PT / 2)
    within = (vertical[:, 0] >= x0 - reach_x) & (vertical[:, 0] <= x1 + reach_x)
    return bool((starts_here & goes_down & within).any())


def _is_heading(label: str, box: Box, content: PageContent) -> bool:
    """Is the caption set larger than the body text, near the box?"""
    body = content.body_font_size
    if not body or not label:
        return False
    reach = content.fraction_y(3 * body)
    for phrase in content.phrases:
        near = phrase.bbox[1] < box[3] + reach and phrase.bbox[3] > box[1] - reach
        if near and phrase.text in label and phrase.font_size > HEADING_SCALE * body:
            return True
    return False
