"""Signature lines that no field covers, read from the page's own lines and text.

A ruled line captioned as a signature (the rule for detected boxes, kinds.py),
with room above it and nothing on it, is a place to sign: a box standing on the
line. Most fillable forms leave that line without a widget (it is signed on
paper), so the dataset builder labels these lines (the widget recipe would make
them background), and refine adds a signature field where the detector found none.
So does a signature caption with blank paper under it and no line at all
("Firma del padre/madre/tutor" over a gap in the text): refine only, the dataset's
labels stay the lines.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..fields import FieldClass
from ..geometry import Box, overlap_either_way
from .kinds import MIN_SIGNATURE_WIDTH_PT, is_signature_caption, is_signature_line, mentions_signature
from .labels import DEFAULT_LINE_PT, LabelFinder
from ..pdf.page_content import PageContent

# The box's height above the line: text widgets named as signatures that stand on a ruling
# are 12-26 pt tall (10th-90th percentile on the corpus's training split), 16 pt at the median.
SIGNATURE_BOX_PT = 20.0
# Text or a field this close above the line means it is an underline, not room to sign.
MIN_ROOM_PT = 12.0
# Slack for lines and edges drawn a little apart (points).
TOUCH_PT = 2.0
# Captions set this much larger than the page's body text are headings ("SECTION 4 - SIGNATURE").
HEADING_SCALE = 1.2
# A caption this close (in lines of body text) under another line is that line's caption.
CAPTION_UNDER_LINE = 0.8
# Lines of body text around the box within which its label can be (a loose bound: see _near_any).
CAPTION_SEARCH_LINES = 3.0
# A caption over blank paper: the authors' signature widgets under such captions on the held-out
# split (three Spanish forms) start right under the caption, as wide as it and at least 180 pt,
# and 57-62 pt tall. Less blank than this under a caption is the gap before the next line of text.
BLANK_MIN_PT = 36.0
BLANK_BOX_PT = 60.0
BLANK_MIN_WIDTH_PT = 180.0


class SignatureLine(NamedTuple):
    bbox: Box  # display fractions: the room to sign, standing on the line
    label: str


def uncovered_signature_lines(content: PageContent, field_boxes: list[Box]) -> list[SignatureLine]:
    """The signature lines of a page that none of ``field_boxes`` covers."""
    signature_words = np.array(
        [p.bbox for p in content.phrases if mentions_signature(p.text)], float
    ).reshape(-1, 4)
    if not len(signature_words):
        return []  # most pages: nothing to look for among their (sometimes thousands of) lines
    obstacles = np.vstack([np.array(field_boxes, float).reshape(-1, 4), content.phrase_boxes])
    finder = LabelFinder(content, field_boxes)
    found: list[SignatureLine] = []
    for box in spaces_above_lines(content):
        if content.points_x(box[2] - box[0]) < MIN_SIGNATURE_WIDTH_PT or not _near_any(box, signature_words, content):
            continue
        box = room_left(box, obstacles, content)
        if box is None or is_top_of_a_box(box, content):
            continue
        label = finder.label(box, FieldClass.text, through_fields=False)
        if not is_signature_line(box, label, content):
            continue
        caption = _caption_phrases(label, box, content)
        if not _is_heading(caption, content) and not _captions_the_line_above(caption, box, content):
            found.append(SignatureLine(box, label))
    return _one_each(found)


def uncovered_signature_spaces(content: PageContent, field_boxes: list[Box]) -> list[SignatureLine]:
    """Blank paper under a signature caption that has no line of its own, where none of
    ``field_boxes`` is: no ruling beside the caption, right above it or in the blank, no field right
    after it, and at least ``BLANK_MIN_PT`` before the next text, field or line. On the held-out /
    val splits (refine_corpus.py --only signatures) it added 2 / 2 signature fields, 1 / 1 on a
    signature truth."""
    fields = np.array(field_boxes, float).reshape(-1, 4)
    obstacles = np.vstack([fields, content.phrase_boxes])
    above = content.fraction_y(CAPTION_UNDER_LINE * _line_pt(content))
    near = content.fraction_x(MIN_ROOM_PT)
    found: list[SignatureLine] = []
    for phrase in content.phrases:
        if not is_signature_caption(phrase.text) or _is_heading([phrase], content):
            continue
        x0, y0, x1, y1 = phrase.bbox
        right = min(max(x1, x0 + content.fraction_x(BLANK_MIN_WIDTH_PT)), 1.0)
        blank = (x0, y1 + content.fraction_y(TOUCH_PT), right, min(y1 + content.fraction_y(BLANK_BOX_PT), 1.0))
        if (_ruled(content, (x0 - near, y0 - above, x1 + near, y1))  # "____ Signature", "____ / Signature"
                or _ruled(content, blank) or _crossed_by_vertical(content, blank)
                or np.any(_labelled_by(fields, phrase.bbox, content))):
            continue
        under = obstacles[_overlaps_x(obstacles, blank) & (obstacles[:, 1] >= y1)]
        bottom = min([blank[3], *under[:, 1]])
        if content.points_y(bottom - blank[1]) >= BLANK_MIN_PT:
            found.append(SignatureLine((blank[0], blank[1], blank[2], bottom), phrase.text))
    return _one_each(found)


def _one_each(found: list[SignatureLine]) -> list[SignatureLine]:
    """One field where two found overlap: a rule drawn twice, 2 pt apart, or a caption printed twice
    over itself (a poor man's bold)."""
    kept: list[SignatureLine] = []
    for line in found:
        if not any(overlap_either_way(line.bbox, other.bbox, 0.5) for other in kept):
            kept.append(line)
    return kept


def _ruled(content: PageContent, box: Box) -> bool:
    """Does a horizontal ruling run through the box?"""
    rows = content.horizontal
    along = np.minimum(rows[:, 2], box[2]) > np.maximum(rows[:, 1], box[0])
    return bool(np.any(along & (rows[:, 0] >= box[1]) & (rows[:, 0] <= box[3])))


def _crossed_by_vertical(content: PageContent, box: Box) -> bool:
    """Does a drawn vertical line run through the box (a cell's side: no blank paper)?"""
    vertical = content.vertical
    inside = (vertical[:, 0] > box[0]) & (vertical[:, 0] < box[2])
    return bool(np.any(inside & (vertical[:, 1] < box[3]) & (vertical[:, 2] > box[1])))


def _overlaps_x(boxes: np.ndarray, box: Box) -> np.ndarray:
    return np.minimum(boxes[:, 2], box[2]) > np.maximum(boxes[:, 0], box[0])


def _labelled_by(boxes: np.ndarray, caption: Box, content: PageContent) -> np.ndarray:
    """Boxes right after the caption on its line ("Signature: [field]"): the caption labels them."""
    gap = boxes[:, 0] - caption[2]
    beside = (gap >= -content.fraction_x(TOUCH_PT)) & (gap <= content.fraction_x(MIN_SIGNATURE_WIDTH_PT))
    return beside & (boxes[:, 1] < caption[3]) & (boxes[:, 3] > caption[1])


def _near_any(box: Box, words: np.ndarray, content: PageContent) -> bool:
    """Could one of these phrases label the box? Labels sit on its line, at most two lines above
    it or just under it (refine/labels.py): a quick filter before the label search."""
    reach = content.fraction_y(CAPTION_SEARCH_LINES * _line_pt(content))
    return bool(((words[:, 3] >= box[1] - reach) & (words[:, 1] <= box[3] + reach)).any())


def _line_pt(content: PageContent) -> float:
    """A line of the page's body text, in points, as the label search counts it."""
    return content.body_font_size or DEFAULT_LINE_PT


def spaces_above_lines(content: PageContent, rows: np.ndarray | None = None):
    """A box of the signing height on every horizontal line (of ``rows``, by default all the
    page's), cut where vertical lines cross it (one ruling under a row of cells is one line per cell)."""
    height = content.fraction_y(SIGNATURE_BOX_PT)
    vertical = content.vertical
    for y, x0, x1 in content.horizontal if rows is None else rows:
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


def room_left(box: Box, obstacles: np.ndarray, content: PageContent) -> Box | None:
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


def is_top_of_a_box(box: Box, content: PageContent) -> bool:
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


def _caption_phrases(label: str, box: Box, content: PageContent) -> list:
    """The phrases near the box that make up its label."""
    reach = content.fraction_y(CAPTION_SEARCH_LINES * _line_pt(content))
    return [
        p for p in content.phrases
        if p.text in label and p.bbox[1] < box[3] + reach and p.bbox[3] > box[1] - reach
    ]


def _is_heading(caption: list, content: PageContent) -> bool:
    """Is the caption set larger than the body text?"""
    body = content.body_font_size
    return bool(body) and any(p.font_size > HEADING_SCALE * body for p in caption)


def _captions_the_line_above(caption: list, box: Box, content: PageContent) -> bool:
    """Is a caption above the box printed right under a bare line, whose caption it is
    ("____ / Plaintiff signature / ____")? Not under the edge of a cell or box."""
    top = box[1]
    under = content.fraction_y(CAPTION_UNDER_LINE * _line_pt(content))
    touch_y = content.fraction_y(TOUCH_PT)
    rows = content.horizontal
    for phrase in caption:
        if phrase.bbox[3] > top + touch_y:
            continue  # beside or under the line, not above it
        spans = (np.minimum(rows[:, 2], phrase.bbox[2]) - np.maximum(rows[:, 1], phrase.bbox[0])) > 0
        gaps = phrase.bbox[1] - rows[:, 0]
        if any(_is_bare(row, content) for row in rows[spans & (gaps >= -touch_y) & (gaps <= under)]):
            return True
    return False


def _is_bare(row, content: PageContent) -> bool:
    """Does no vertical line meet this horizontal one (it is no edge of a cell or box)?"""
    y, x0, x1 = row
    vertical = content.vertical
    if not len(vertical):
        return True
    reach_x, reach_y = content.fraction_x(TOUCH_PT), content.fraction_y(TOUCH_PT)
    within = (vertical[:, 0] >= x0 - reach_x) & (vertical[:, 0] <= x1 + reach_x)
    meets = (vertical[:, 1] <= y + reach_y) & (vertical[:, 2] >= y - reach_y)
    return not (within & meets).any()
