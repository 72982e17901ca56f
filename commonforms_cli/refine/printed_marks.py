"""Printed marks that are no box to tick, though the detector may call them check boxes.

A comb's character cells and the cells of a table column are squares too, but they touch a like
square; a notary's seal area is marked by corners whose two long sides meet; a bullet is solid; a
frame around an item's number holds the number ("[1] Your name:", as Massachusetts forms number
their items: held out, 44 check boxes fewer that no author made, check-box F1 after refine .6972
-> .7025; val and source val unchanged).
On val (benchmarks/refine_corpus.py --only choices) the detector and the drawn-square rule write
286 check boxes no widget matches, nearly all printed check boxes the author gave no widget;
these rules take 1 of them away and no check box on a widget.
"""

from __future__ import annotations

import re

import numpy as np

from ..fields import Detection, FieldClass
from ..geometry import Box, area, covered_share
from .drawn_check_boxes import EDGE_TOLERANCE_PT, MAX_EDGE_LENGTH, drawn_sides
from .names import fold
from ..pdf.page_content import PageContent

MAX_SOLID_AREA = 2.0  # a solid mark up to this many times the box's area is a bullet under it, not a band
MIN_SOLID_COVER = 0.5  # the share of the box a solid mark covers when the box is on it
# A table column whose cells are for writing in, whatever their shape: its header, of at most this many words.
MAX_HEADER_WORDS = 4
_ITEM_NUMBER = re.compile(r"\d{1,2}[.)]?|[A-Za-z][.)]")
MIN_ITEM_LETTERS = 3  # the item's words after its numbered frame
_TEXT_COLUMN = re.compile(r"\b(number|no|nr|n°|num|numero|nummer|date|datum|fecha|amount|code|name|nom|nombre)\b")


def printed_marks_dropped(detections: list[Detection], content: PageContent) -> list[Detection]:
    """``detections`` without the check boxes on printed marks that are no box to tick: a
    character cell of a comb, a cell of a table column headed for text ("Document number"), a
    corner mark (two long sides meeting, as around a notary's seal) or a bullet (a solid mark)."""
    return [d for d in detections if d.cls is not FieldClass.choice or not _printed_mark(d.bbox, content)]


def _printed_mark(box: Box, content: PageContent) -> bool:
    if _on_solid_mark(box, content) or _item_number(box, content):
        return True
    sides = drawn_sides(box, content, None)
    if all(sides):
        return _like_square_beside(box, content, rows=True) or (
            _like_square_beside(box, content, rows=False) and _for_text(_column_header(box, content))
        )
    return _corner_mark(sides, drawn_sides(box, content, MAX_EDGE_LENGTH))


def _corner_mark(sides: tuple[bool, ...], short_sides: tuple[bool, ...]) -> bool:
    """Two sides drawn that meet at a corner, both running on far past the box: an L, as at the
    corners of a notary's seal area (a check box drawn with a shadow has short dark sides)."""
    top, bottom, left, right = sides
    long_arms = not any(side and short for side, short in zip(sides, short_sides))
    return sum(sides) == 2 and (top or bottom) and (left or right) and long_arms


def _like_square_beside(box: Box, content: PageContent, rows: bool) -> bool:
    """Is a square of the same size drawn right beside ``box`` (left or right; with ``rows``
    False, above or under)? Check boxes stand apart; cells of a comb or a table touch."""
    width, height = box[2] - box[0], box[3] - box[1]
    steps = [(width, 0.0), (-width, 0.0)] if rows else [(0.0, height), (0.0, -height)]
    return any(all(drawn_sides((box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy), content, None))
               for dx, dy in steps)


def _column_header(box: Box, content: PageContent) -> str:
    """The words right above the top cell of the column of like squares ``box`` is in."""
    height = box[3] - box[1]
    for _ in range(int(box[1] / height) if height > 0 else 0):
        above = (box[0], box[1] - height, box[2], box[1])
        if not all(drawn_sides(above, content, None)):
            break
        box = above
    phrases = content.phrase_boxes
    gaps = box[1] - phrases[:, 3]
    over = (gaps >= -content.fraction_y(EDGE_TOLERANCE_PT)) & (gaps <= 2 * height)
    over &= (np.minimum(phrases[:, 2], box[2]) > np.maximum(phrases[:, 0], box[0]))
    return " ".join(content.phrases[i].text for i in np.flatnonzero(over))


def _for_text(header: str) -> bool:
    """A column header (a few words) that asks for something written: "Document number", "Date"."""
    return len(header.split()) <= MAX_HEADER_WORDS and bool(_TEXT_COLUMN.search(fold(header)))


def _item_number(box: Box, content: PageContent) -> bool:
    """Is ``box`` a frame around an item's number ("[1] Your name:"): a number set inside it, the
    item's words right after it on its line? A box to tick is empty; a rating scale's numbered
    boxes stand beside each other, not before words."""
    inside = content.phrases_centred_in(box)
    if len(inside) != 1 or not _ITEM_NUMBER.fullmatch(content.phrases[inside[0]].text.strip()):
        return False
    height = box[3] - box[1]
    phrases = content.phrase_boxes
    after = (phrases[:, 0] >= box[2]) & (phrases[:, 0] - box[2] < 2 * height)
    overlap = np.minimum(phrases[:, 3], box[3]) - np.maximum(phrases[:, 1], box[1])
    after &= overlap > 0.5 * (phrases[:, 3] - phrases[:, 1])
    return any(sum(c.isalpha() for c in content.phrases[i].text) >= MIN_ITEM_LETTERS for i in np.flatnonzero(after))


def _on_solid_mark(box: Box, content: PageContent) -> bool:
    """Does a solid mark (a bullet), not much larger than the box, cover most of it?"""
    return any(covered_share(box, tuple(mark)) > MIN_SOLID_COVER and area(tuple(mark)) <= MAX_SOLID_AREA * area(box)
               for mark in content.solid)
