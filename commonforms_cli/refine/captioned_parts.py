"""One line, several captions: a text box along it split into one field per caption.

A line with captions printed small under it ("(City, Village or Town)   (State)   (Zip Code)",
"Last Name   Maiden/Other Name(s)   Date of Birth") asks for one answer over each caption; so does
a line that carries its captions ("First: ______  Middle: ______  Last: ______"). On forms from
issuers it never saw, the detector often draws one box along the whole line, and a person filling
the form finds one field for three answers. The page says where the answers go:
- captions under the box, on one line, each short: the box is cut in the gap between each two
  captions, ``CUT_SHARE`` of the gap before the next one. Not where the captions label other
  fields instead: one ends in a colon, or a detected field stands on their line or starts right
  under one of them (the next line's labels), or the box is a drawn cell or tops a row of cells
  (the captions head the cells under them);
- captions inside the box, on one line, each ending in a colon and the first at its start: each
  blank after a caption is a field;
- column headers over a column of boxes ("Name   Signature" over one ruled cell per row, which the
  detector takes for one field): each box is cut between the headers as between captions under a
  line. Not where the headers are another field's captions (a field right over them), stand on a
  labelled line ("Sex:  Male  Female"), reach past the box, or are set unlike each other ("COUNTY
  OF  ____  ss.:"), nor in a box with words printed inside it.
A part narrower than ``MIN_PART_PT`` leaves the box whole.

Measured with the shipped model's cached detections (benchmarks/refine_corpus.py --only texts),
text P / R / F1 against the authors' widgets:
- captions inside: held out .7426 / .7191 / .7307 -> .7437 / .7209 / .7321 (12 more fields on a
  widget, 7 more written); val and source val unchanged (no such lines there). On by default.
- captions under as well, from the default (with kinds.py's squarer signature boxes): held out
  .7322 -> .7328 (22 more fields on a widget, 47 more written), val .8997 -> .9000, but source val
  .9225 -> .9210 (30 more written, one fewer on a widget): the
  authors of the New York court forms held out make one field per caption, those of the source
  val's address lines ("Street, Apt. #   City   State   Zip Code") one field for the line. Chosen
  on source val, so off by default (``--captions-under``).
- headers over a column, from the default: text F1 val .8994 -> .9010 (an incident form's
  "Name | Signature" rows: signature truths written as signatures 35 -> 48 of 85), held out .7322
  -> .7332 (heirs' "NAME:  DATE OF DEATH" lines, a "Last Name:  First Name:  Middle Name:" cell;
  one court form's "Name of Fiduciary  Address  Citizenship  Court" line, one author field, now
  four), source val .9225 -> .9227; tooltip word F1 unchanged (+-.0002). On by default
  (``--no-headed-parts``).
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from ..fields import Detection, FieldClass
from ..geometry import Box, same_line
from ..pdf.page_content import PageContent, Phrase
from .drawn_text_fields import in_drawn_cell
from .kinds import MIN_MULTILINE_LINES, lines_that_fit
from .labels import DEFAULT_LINE_PT, MAX_BELOW_GAP_LINES

# Where a part ends in the gap between its caption and the next one, as a share of the gap before
# the next caption. Author widgets side by side over captions (first 700 files of the training
# split, 876 pairs): cut there, both widgets met at IoU >= 0.5 in 1714 of 1752 cases at .15, 1692 at
# 0 (each part starting at its caption) and 1562 at .5 (half-way).
CUT_SHARE = 0.15
MAX_CAPTION_WORDS = 6  # longer text under a line is prose, not a caption
LARGER_TYPE = 1.05  # captions are set no larger than the body text (larger type under a line is a heading)
MIN_CAPTION_GAP_EM = 1.0  # captions this far apart (in their type size) are two
MIN_PART_PT = 24.0  # room for a few characters at least
EDGE_PT = 1.0  # the gap left between two parts, and between a caption and its blank
TOUCH_PT = 3.0  # a cell's side starting this close to the line starts on it
SIDE_PT = 6.0  # a field starting this close to a caption's start is the field under that caption
BELOW_LINES = 1.5  # under a caption, and this close below it, is the field it labels
LEAD_LINES = 1.0  # the first caption inside the box starts this close to its left side
_NUMBERED_ITEM = re.compile(r"^\s*\(?\d{1,2}[a-z]?[.)]")


def split_at_captions(
    detections: list[Detection], content: PageContent, inside: bool = True, under: bool = False,
    headed: bool = False,
) -> list[Detection]:
    """``detections`` with each one-line text box whose line carries several captions split into
    one box per caption: captions ``inside`` the box, ``under`` it, or column headers over it
    (``headed``)."""
    boxes = [d.bbox for d in detections]
    split = []
    for detection in detections:
        is_text = detection.cls is FieldClass.text
        parts = _parts(detection.bbox, content, boxes, inside, under, headed) if is_text else []
        split.extend([dataclasses.replace(detection, bbox=part) for part in parts] or [detection])
    return split


def _parts(box: Box, content: PageContent, boxes: list[Box], inside: bool, under: bool, headed: bool) -> list[Box]:
    if not content.phrases or lines_that_fit(box, content) >= MIN_MULTILINE_LINES:
        return []  # a writing area, not a line
    line_pt = content.body_font_size or DEFAULT_LINE_PT
    phrases = content.phrase_boxes
    middle_x, middle_y = (phrases[:, 0] + phrases[:, 2]) / 2, (phrases[:, 1] + phrases[:, 3]) / 2
    within = (middle_x > box[0]) & (middle_x < box[2])
    printed = np.flatnonzero(within & (middle_y > box[1]) & (middle_y < box[3]))
    if len(printed):
        return _blanks_after(box, [content.phrases[i] for i in printed], content, line_pt) if inside else []
    if headed:
        parts = _under_headers(box, content, boxes)
        if parts:
            return parts
    if not under:
        return []
    tops = phrases[:, 1]
    below = within & (tops >= box[3] - content.fraction_y(0.3 * line_pt))
    below &= tops <= box[3] + content.fraction_y(MAX_BELOW_GAP_LINES * line_pt)
    captions = _one_line([content.phrases[i] for i in np.flatnonzero(below)])
    if len(captions) < 2 or any(not _is_caption(p, content) or p.text.rstrip().endswith(":") for p in captions):
        return []
    top, bottom = min(p.bbox[1] for p in captions), max(p.bbox[3] for p in captions)
    if any(other != box and top <= (other[1] + other[3]) / 2 <= bottom and other[0] < box[2] and other[2] > box[0]
           for other in boxes):
        return []  # fields on the captions' line: they are those fields' labels
    if any(_heads(caption, other, content, line_pt) for caption in captions for other in boxes if other != box):
        return []  # a field starting under a caption, right below it: the caption is that field's label
    if _cells_under(box, top, content) or in_drawn_cell(box, content):
        return []  # captions under a drawn cell, or over a row of them, head the cells under them
    if any(content.points_x(b.bbox[0] - a.bbox[2]) < MIN_CAPTION_GAP_EM * a.font_size
           for a, b in zip(captions, captions[1:])):
        return []
    cuts = [b.bbox[0] - CUT_SHARE * (b.bbox[0] - a.bbox[2]) for a, b in zip(captions, captions[1:])]
    return _cut(box, [box[0], *cuts], [*cuts, box[2]], content)


def _under_headers(box: Box, content: PageContent, boxes: list[Box]) -> list[Box]:
    """The parts of a box in a column of boxes under several column headers ("Name   Signature" over
    one ruled cell per row): one per header, cut as between captions; none unless the headers stand on
    one line right over the column's top box, with no field on their line."""
    line_pt = content.body_font_size or DEFAULT_LINE_PT
    top = _column_top(box, boxes, content, line_pt)
    phrases = content.phrase_boxes
    middle_x = (phrases[:, 0] + phrases[:, 2]) / 2
    over = (middle_x > box[0]) & (middle_x < box[2]) & (phrases[:, 3] <= top[1] + content.fraction_y(0.3 * line_pt))
    over &= phrases[:, 3] >= top[1] - content.fraction_y(MAX_BELOW_GAP_LINES * line_pt)
    if not over.any():
        return []
    nearest = phrases[over, 3].max()
    line = over & (phrases[:, 3] >= nearest - content.fraction_y(line_pt / 2))
    headers = _one_line([content.phrases[i] for i in np.flatnonzero(line)])
    if len(headers) < 2 or not all(_is_caption(p, content) for p in headers):
        return []
    if len({p.text.rstrip().endswith(":") for p in headers}) > 1:
        return []  # a table's headers are set alike; "COUNTY OF  ss.:" is a line's text, not headers
    if any(p.bbox[0] < box[0] - content.fraction_x(EDGE_PT) or p.bbox[2] > box[2] for p in headers):
        return []  # a header reaching past the box heads more than it
    header_top, header_bottom = min(p.bbox[1] for p in headers), max(p.bbox[3] for p in headers)
    if any(p.text.rstrip().endswith(":") and p.bbox[2] <= box[0] for p in _one_line_with(headers[0], content)):
        return []  # a label on their line ("Sex:  Male  Female"): they are its options, not headers
    if any(other != box and header_top <= (other[1] + other[3]) / 2 <= header_bottom
           and other[0] < box[2] and other[2] > box[0] for other in boxes):
        return []  # fields on the headers' line: those are their labels
    if any(header_top - content.fraction_y(BELOW_LINES * line_pt) <= other[3] <= header_bottom
           and other[0] < box[2] and other[2] > box[0] for other in boxes):
        return []  # a field right over them: they are its captions ("City, state, zip   Telephone number")
    if any(content.points_x(b.bbox[0] - a.bbox[2]) < MIN_CAPTION_GAP_EM * a.font_size
           for a, b in zip(headers, headers[1:])):
        return []
    cuts = [b.bbox[0] - CUT_SHARE * (b.bbox[0] - a.bbox[2]) for a, b in zip(headers, headers[1:])]
    return _cut(box, [box[0], *cuts], [*cuts, box[2]], content)


def _one_line_with(phrase: Phrase, content: PageContent) -> list[Phrase]:
    """The page's phrases on ``phrase``'s line."""
    return [content.phrases[i] for i in np.flatnonzero(same_line(content.phrase_boxes, phrase.bbox))]


def _column_top(box: Box, boxes: list[Box], content: PageContent, line_pt: float) -> Box:
    """The top box of the column of boxes that ``box`` closes: each stacked right over the next, their
    sides within ``SIDE_PT`` of ``box``'s."""
    side, gap = content.fraction_x(SIDE_PT), content.fraction_y(line_pt / 2)
    top = box
    while True:
        above = [other for other in boxes
                 if abs(other[0] - box[0]) <= side and abs(other[2] - box[2]) <= side
                 and -gap <= top[1] - other[3] <= gap and other[1] < top[1]]
        if not above:
            return top
        top = max(above, key=lambda other: other[1])


def _heads(caption: Phrase, box: Box, content: PageContent, line_pt: float) -> bool:
    """Does the caption stand right over ``box``, at its start, as a label over its field?"""
    below = content.points_y(box[1] - caption.bbox[3])
    return -line_pt / 2 <= below <= BELOW_LINES * line_pt and abs(content.points_x(box[0] - caption.bbox[0])) <= SIDE_PT


def _cells_under(box: Box, captions_top: float, content: PageContent) -> bool:
    """Does a drawn side of a cell start on the box's bottom line and run down past the captions' top?"""
    sides = content.vertical
    reach_x, reach_y = content.fraction_x(TOUCH_PT), content.fraction_y(TOUCH_PT)
    return bool(np.any((sides[:, 0] > box[0] - reach_x) & (sides[:, 0] < box[2] + reach_x)
                       & (np.abs(sides[:, 1] - box[3]) <= reach_y) & (sides[:, 2] > captions_top)))


def _blanks_after(box: Box, captions: list[Phrase], content: PageContent, line_pt: float) -> list[Box]:
    """The blanks after captions printed inside the box ("First: ___ Last: ___"), or none."""
    captions = _one_line(captions)
    if (len(captions) < 2 or not all(p.text.rstrip().endswith(":") and _is_caption(p, content) for p in captions)
            or content.points_x(captions[0].bbox[0] - box[0]) > LEAD_LINES * line_pt):
        return []
    starts = [p.bbox[2] for p in captions]
    ends = [p.bbox[0] for p in captions[1:]] + [box[2]]
    return _cut(box, starts, ends, content)


def _cut(box: Box, starts: list[float], ends: list[float], content: PageContent) -> list[Box]:
    """The parts of ``box`` from each start to its end, a little apart; none if one is too narrow."""
    edge = content.fraction_x(EDGE_PT)
    parts = [(x0 + edge * (x0 != box[0]), box[1], x1 - edge * (x1 != box[2]), box[3]) for x0, x1 in zip(starts, ends)]
    if any(content.points_x(part[2] - part[0]) < MIN_PART_PT for part in parts):
        return []
    return parts


def _one_line(phrases: list[Phrase]) -> list[Phrase]:
    """``phrases`` left to right if they stand on one line, else none (a block of text, not a line
    of captions)."""
    if not phrases:
        return []
    first = min(phrases, key=lambda p: p.bbox[1])
    if not same_line(np.array([p.bbox for p in phrases], float), first.bbox).all():
        return []
    return sorted(phrases, key=lambda p: p.bbox[0])


def _is_caption(phrase: Phrase, content: PageContent) -> bool:
    """Short, in type no larger than the body's, and no numbered item ("2. SOCIAL SECURITY NUMBER" heads
    the cell under the line, not a part of it)."""
    return (sum(c.isalpha() for c in phrase.text) >= 2 and len(phrase.text.split()) <= MAX_CAPTION_WORDS
            and not _NUMBERED_ITEM.match(phrase.text)
            and phrase.font_size <= LARGER_TYPE * (content.body_font_size or phrase.font_size))
