"""Each field's label: the text a person reads to know what goes there.

The label becomes the tooltip (/TU, what screen readers say) and, in
names.py, the field name (``date_of_birth``). A label is the nearest text in the direction forms
put it: left of a text box or above it (through the fields of a table column
to its header), the words right of a check box (after the letter OCR made of
the printed box, "QYes QNo"). A field, not text, being the
nearest thing in that direction means the text there labels another field, and
so does a caption printed right under another field ("first  middle  last"
under a name's rule). Page-footer text and type too small to read label nothing,
and a sentence is no column header nor any field's caption.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..fields import FieldClass
from ..geometry import Box, same_line
from ..pdf.page_content import OWN_SIDE_PT, PageContent
from .groups import is_answer
from .names import LIST_MARK
from .table_cells import SAME_RULE_PT, cell_around

# A field this small (points) and about square (longer side over shorter) is a box to tick.
MAX_TICK_BOX_PT = 20.0
TICK_BOX_ASPECT = 1.5
# How far a label may be from its field.
MAX_SIDE_GAP = 0.7  # page widths, for a text field's label on its left (dot leaders run far)
PART_GAP_LINES = 2.5  # lines of body text between the parts of one entry ("[ ] - [ ]")
MAX_PART_PT = 120.0  # the longest part of one entry (a phone number's, a date's)
MIN_ROW_WIDTH = 0.5  # a field under another is its column's next row when at least this share of its width
RIGHT_LABEL_GAP_PT = 12.0  # points, for a text field's label right after it ("______ COUNTY")
MAX_OPTION_GAP = 0.35  # page widths, for an option's label beside its box
MAX_ABOVE_GAP_LINES = 2.0  # lines of body text, for labels above (a column header counts from the top field)
MAX_BELOW_GAP_LINES = 0.8  # captions printed under a line sit right under it
# A column of this many stacked text fields or more finds its header this far over its top field:
# Schedule B's "Amount" stands 25 pt over its 14 rows, across the blank beside the first row's long
# question. Tooltips written (refine_corpus.py --only tooltips): val .9520 -> .9600, held out .9433 ->
# .9465, source val .9544 -> .9627; the same reach for check-box questions lost val groups.
MIN_HEADED_ROWS = 4
MAX_COLUMN_HEADER_GAP_LINES = 3.5
# A label the detector boxed as a field (a column's header cell, a row's label cell) holds a few
# words; a header cell's box is as wide as the column's cells (within this share).
MAX_BOXED_LABEL_WORDS = 3
HEADER_BOX_WIDTH_SHARE = 0.25
MAX_EMPTY_ROWS = 3  # empty cells over a column's top field (rows whose fields were not found) before its header
# A label above wins over one on the left only when it is this many times closer.
ABOVE_OVER_LEFT = 3.0
# A check box's label is on its right unless the text on its left is this many times closer.
LEFT_OVER_RIGHT = 1.5
# Words this many box widths away from a check box stand apart from it (its label sits a space away):
# under an answer heading its column, the answer labels it.
APART_BOX_WIDTHS = 4.0
# Boxes and text share a line when they overlap by this share of the smaller one's height.
SAME_LINE_OVERLAP = 0.5
# Text may reach this far (points) into the field's box and still be beside it.
OVERLAP_ALLOWANCE_PT = 2.0
DEFAULT_LINE_PT = 10.0  # a line of text where the page has none
# A label wraps over at most this many lines, at most this share of a line apart.
MAX_LABEL_LINES = 3
CONTINUATION_GAP = 0.6
# Lines of a paragraph set solid (leading down to the type's size) overlap their neighbours' boxes,
# which hold room for ascenders and descenders, by up to this share of a line: 10-point type on
# 12-point leading by 0.13, on 10-point by 0.28. At 0.1, single-spaced labels never wrapped;
# tooltip word F1 val .5568 -> .5640, source val .5418 -> .5442, held out .6510 -> .6538.
MAX_LINE_OVERLAP = 0.3
# Captions under a field are small type: smaller than this share of the body text's or the field's label's.
SMALL_TYPE = 0.9
# A character covering this share of a check box's width is the box's own print, read by OCR as a
# letter ("QMale": the "Q" is a radio circle).
MARK_COVER = 0.7
# Text this close to the page's bottom edge (points), under every field, is the page's footer.
FOOTER_BAND_PT = 45.0
# Type smaller than this (points) is no label anyone reads: signing services' anchor words ("SIGN" at
# 2 pt inside a signature box) and hidden marks. Fine print is set at 5 pt and more.
MIN_READABLE_PT = 4.0
# Type this many times the body text's size is a watermark ("DRAFT  DO NOT FILE" at 60 pt across a
# page of 9 pt type) or a poster's title: no field's label.
MAX_LABEL_SCALE = 4.0
# Text of more than this many words is prose: a sentence a field sits under or over ("I declare
# under penalty of perjury ... is true and correct."), not what a person calls the field: prose is
# no column header, and no caption of the field over it.
# Of the held-out / val text fields matching an authored tooltip (refine_corpus.py --only tooltips),
# 119 of 2664 had labels of more than 15 words (mean word F1 .29 against .63 for the rest) / 108 of
# 1681 (.60 against .55: val's authors often copy the sentence into the tooltip). The rule's gain in
# word F1 summed over those fields, at 8 / 10 / 12 / 15 / 20 / 25 words: held out +19.2 / +22.5 /
# +17.8 / +13.7 / +8.6 / +2.1, val -3.1 / -4.2 / -2.7 / +1.6 / +0.8 / +0.8; 15 is the shortest that
# costs val nothing (tooltip word F1 over all fields: held out .6401 -> .6435, val .4896 -> .4902).
PROSE_WORDS = 15
# A paragraph wrapped over this many lines (none repeated) in a narrow margin, beside fields, is a
# side note however few its words: "(See instructions / and the / instructions for / Forms 1040 and /
# 1040-SR, line 2b.)". With the wrapped references of ``_continues``, tooltip word F1 (refine_corpus.py
# --only tooltips) val .5967 -> .5973, source val .5802 -> .5806, held out .7040 unchanged (.7006
# without the guard on repeats: a timesheet's "von" on every day's row).
SIDE_NOTE_LINES = 5
# A list's letter at the start of a line: "c. Food", "(ii) Rent", "b Credit for ..." (not "a brokerage").
_LIST_LETTER = re.compile(r"^\(?(?:[a-z]{1,3}[.)]\s|(?:[a-z]|[ivx]{1,4})\s+[A-Z0-9])")
# An item's number or letter before its words: "5 Pensions", "1 a Total", "b Household", "12. Name".
_ITEM_NUMBER = re.compile(r"^(?:\d{1,2}[a-z]?\.?|\(?[a-z]\)|[a-z]\.?)\s+(?:[a-z]\.?\s+)?(?=[A-Z])")
_ITEM_NUMBER_ALONE = re.compile(r"^(?:\d{1,2}[a-z]?\.?|\d{1,2}\.[a-z]\.?|\(?[a-z0-9]{1,2}\))$", re.IGNORECASE)  # "7.", "3.b.", "(c)"
NUMBER_GAP_LINES = 3.0  # lines of body text: an item's number and its first words, however indented
# A date written out in words around blanks: "this ___ day of ________, 20__" (a notary's jurat).
_DAY_AFTER = re.compile(r"^[_\s]*(st|nd|rd|th)?\s*day of\b")  # the words after the day's blank
_MONTH_AFTER = re.compile(r"\bday of[_\s]*$")  # the words before the month's blank
_CENTURY = re.compile(r"(^|[\s,])(19|20)[_\s]*$")  # the year's printed first digits, "20" of "20__"
MAX_DATE_WORD_GAP_PT = 12.0  # the words right before or after a blank in such a date
_POINTER = re.compile(r"^[►▶▸➤➔→⇒▷]+$")  # an arrow printed before a field
# An arrow alone before a field, blank paper between it and the words on its left from the lines
# above to the lines below (a gutter between the page's columns): those words label nothing here.
GUTTER_LINES = 3.0  # lines of body text above and below the field's line
MIN_GUTTER_PT = 18.0  # wider than the gap between a label and the arrow after it ("(mm/dd/yy) ▶")
# Words no sentence ends on: a line ending in one goes on, even onto a number.
_BROKEN_WORD = re.compile(r"[^\W\d_]{2}-$")  # a line ending in a word broken off by a hyphen
_GOES_ON = frozenset("a an the of to for than by with in on at from and or about over under".split())
# A word naming a numbered document or part of one, whose number may wrap onto the next line:
# "received a Form" over "1099-INT, Form" over "1099-OID, or"; "instructions for" over "Forms 1040".
_REFERENCE = r"(?:forms?|schedules?|lines?|parts?|sections?|publications?|pub\.)"
_REFERENCE_WORD = re.compile(rf"^{_REFERENCE}$", re.IGNORECASE)
_REFERENCE_START = re.compile(rf"^{_REFERENCE}\s+\d", re.IGNORECASE)
_ROW_NUMBER = re.compile(r"^\(\d{1,2}\)$")  # "(3)" numbering a table's row
# A heading ending in the parts its row of cells holds, one per cell: "(MM DD YYYY)", "(TT.MM.JJJJ)".
_PARTS = re.compile(r"\(((?:[A-Za-z]{1,4}[\s/.\-]+){1,5}[A-Za-z]{1,4})\)\s*:?$")


@dataclass(frozen=True)
class _Found:
    """A label candidate and how far it is from the field, in points."""

    text: str
    gap: float
    column: bool = False  # above: the header of a column of fields, not only this field's label
    row: int = 1  # above: the field's place in that column (1: right under the header)
    start: float = 0.0  # above and left: where the text starts (x, display fraction)
    stacked: bool = False  # on the right: a line of a right-aligned stack of labels


class LabelFinder:
    """Finds labels on one page, given every field box on it (fields block the way to other fields' labels)."""

    def __init__(self, content: PageContent, boxes: list[Box]):
        self.content = content
        self.phrases = content.phrase_boxes
        self.fields = np.array(boxes, float).reshape(-1, 4)
        self.line_pt = content.body_font_size or DEFAULT_LINE_PT
        # Text is above (below) a box when its line's middle is: a line's box holds room for
        # ascenders and descenders, so a label in a cell's top corner ("LAST NAME:") or a caption
        # right under a rule reaches a few points into a detected box that its ink stays out of.
        self.middles = (self.phrases[:, 1] + self.phrases[:, 3]) / 2
        texts = [p.text for p in content.phrases]
        sizes = np.array([p.font_size for p in content.phrases], float).reshape(-1)
        hidden = self._footer() | (sizes < MIN_READABLE_PT) | (sizes > MAX_LABEL_SCALE * self.line_pt)
        # Text fields are labelled by words: "$", "35" or "(mm/dd/yyyy)" beside them are
        # not labels, and the search looks past them. Options may be labelled "1" or "A".
        self.wordy = np.array([is_wordy(t) for t in texts], bool).reshape(-1) & ~hidden
        # A paragraph in a side column beside a stack of fields labels none of them: its lines
        # are fragments of a note ("If you received a Form / 1099-INT, Form ..." beside 14 rows).
        # Tooltip word F1 (refine_corpus.py --only tooltips): val .5394 -> .5406, source val
        # .5387 -> .5393, held out unchanged.
        self.left_usable = self.wordy & ~self._side_notes()
        # A row numbered "(1)", "(2)" beside its first field is labelled by nothing left of its
        # number: those words belong to the page's other column (FW-001's "(1)" rows took the
        # left column's prose). Tooltip word F1 held out .6488 -> .6510, val and source val unchanged.
        self.row_numbers = np.array([bool(_ROW_NUMBER.match(t)) for t in texts], bool).reshape(-1)
        self.pointers = np.array([bool(_POINTER.match(t.strip())) for t in texts], bool).reshape(-1)
        self.marked = np.array([any(c.isalnum() for c in t) for t in texts], bool).reshape(-1) & ~hidden
        # Under a line, words in brackets are its caption, as US court forms print "(Signature of
        # Petitioner)" and "(Print Name)"; beside or above a field they are a hint: "(optional)".
        self.bracketed = np.array([_bracketed(t) and _letters(t) >= 2 for t in texts], bool).reshape(-1) & ~hidden
        # Text already labelling the field on its right does not label the field below it, nor
        # does a caption under another field.
        self.above_usable = self.wordy.copy()
        self.left_label_of = [self._left_label(tuple(field)) for field in self.fields]
        self.above_usable[[i for i in self.left_label_of if i is not None]] = False
        self.caption_of = self._caption_owners()
        self.above_usable &= self.caption_of < 0

    def label(self, box: Box, cls: FieldClass, through_fields: bool = True) -> str:
        """``through_fields``: a header above a column of fields labels a box under them
        (a field in a table); False for a box that is not a field (a bare line)."""
        if cls is FieldClass.choice:
            return self._choice_label(box)
        inside = self._inside(box)
        if inside:
            return inside
        worded = self._date_in_words(box)
        if worded:
            return worded
        left = self._beside(box, "left", self.left_usable, sentence_ends=True)
        above = self._above(box, self.above_usable, through_fields, sentence_ends=True, text_field=True)
        caption = self._below(box, own=True)  # small type right under it: "first  middle  last"
        prose_above = above is not None and _is_prose(above.text)
        # a row of a table's column: under another row, or over one of its width (a check box
        # under a cell is no next row)
        if (above and above.column and not prose_above and not caption and self._in_table_row(box)
                and (above.row > 1 or self._field_under(box, MIN_ROW_WIDTH))):
            heading, _ = self._row_heading(box)
            # a heading starting where the row's own label starts heads a section, not a column
            if not heading or heading.start < above.start - self.content.fraction_x(OVERLAP_ALLOWANCE_PT):
                return f"{above.text}, {heading.text if heading else f'row {above.row}'}"  # "Amount, row 3"
        loose = above is None or self._loose(above, box)
        if left is not None and above is not None and above.row == 1 and self._walled_off(box, left, above):
            left = None
        if (left is None and caption is None and above is not None and above.row > 1
                and (before := self._part_after(box)) is not None):
            return self.label(before, cls, through_fields)
        if left is None:
            left = self._label_on_right(box)
            loose = loose or (left is not None and left.stacked)
        if left and (loose or above.gap * ABOVE_OVER_LEFT > left.gap):
            return f"{left.text}, {caption.text}" if caption else self._part(left.text, box, 1)
        if caption and loose:
            return caption.text
        below = self._below(box, own=False)  # a caption printed under a line beats text further up
        if below and (not above or _under_over_above(below, above)):
            return below.text
        if above:
            return above.text
        heading, column = self._row_heading(box)  # a row of cells without headers: "Wages, column 3"
        if not heading:  # (the first cell's heading would be ``left``, None by here)
            return ""
        return self._part(heading.text, box, column) or f"{heading.text}, column {column}"

    def _date_in_words(self, box: Box) -> str:
        """The part of a date written out in words that a blank on its line asks for ("sworn before
        me this ___ day of ________, 20__": "Day", "Month", "Year"), "" if none: the words around
        such blanks name no field ("day of" for the month)."""
        if not self._dates_in_words:
            return ""  # most pages: no field there to look at the words around
        line = _same_line(self.phrases, box)
        allowance = self.content.fraction_x(OVERLAP_ALLOWANCE_PT)
        reach = self.content.fraction_x(MAX_DATE_WORD_GAP_PT)
        gaps_left, gaps_right = box[0] - self.phrases[:, 2], self.phrases[:, 0] - box[2]
        texts = self._lowered
        left = np.flatnonzero(line & (gaps_left >= -allowance) & (gaps_left <= reach))
        right = np.flatnonzero(line & (gaps_right >= -allowance) & (gaps_right <= reach))
        before = texts[left[np.argmin(gaps_left[left])]] if len(left) else ""
        after = texts[right[np.argmin(gaps_right[right])]] if len(right) else ""
        if _DAY_AFTER.match(after):
            return "Day"
        if _MONTH_AFTER.search(before):
            return "Month"
        earlier = np.flatnonzero(line & (self.phrases[:, 2] <= box[0] + allowance))
        if _CENTURY.search(before) and any("day of" in texts[i] for i in earlier):
            return "Year"
        return ""

    @cached_property
    def _lowered(self) -> list[str]:
        """The phrases' words, trimmed and in lower case (read for every field, so once)."""
        return [p.text.strip().lower() for p in self.content.phrases]

    @cached_property
    def _dates_in_words(self) -> bool:
        """Does the page write a date out in words ("... day of ...") anywhere?"""
        return any("day of" in text for text in self._lowered)

    def _left_label(self, box: Box) -> int | None:
        """The phrase a field takes as its label on its left, but none for a box to tick labelled
        right after it whose left words follow no other box ("GENDER  [ ] Prefer not to say"):
        those stay free to ask the question of the options under them (the label of the option
        before it, "[ ] M.D.  [ ] D.O.", is still taken)."""
        index = self._nearest_left(box, self.wordy, MAX_SIDE_GAP)
        width, height = self.content.points_x(box[2] - box[0]), self.content.points_y(box[3] - box[1])
        if (index is None or max(width, height) > MAX_TICK_BOX_PT
                or max(width, height) > TICK_BOX_ASPECT * min(width, height)):
            return index
        labelled_after = self._nearest_right(box, self.marked, box[2] - box[0]) is not None or (
            self._own_mark(box) is not None)
        before = _same_line(self.fields, box) & (np.abs(self.phrases[index, 0] - self.fields[:, 2]) <= box[2] - box[0])
        return None if labelled_after and not before.any() else index

    def _walled_off(self, box: Box, left: _Found, above: _Found) -> bool:
        """Is the text on the box's left in another cell of its row, and the text right above it (no
        field between) the caption of its own: a rule between the box and its left text from over
        the caption (by at most two lines: the cell's top) down to the box's foot? "RELATIONSHIP TO
        YOU" over the box, not "Male  Female" left of it. The cell may hold more fields under the
        box with no label on their left ("CASE NO." over the case number and the judge's name,
        beside the form's title), or with one but no rule drawn between them and the box (the
        title's next line beside the judge's name): its side runs down past them (6 val and 7
        source-val Michigan captions). Not a column's side from the top of a page of ruled line
        items labelled on their left, nor a box's own side (which stops at its top)."""
        foot = box[3]
        for under in self._stacked_under(box):
            labelled = any(self.left_label_of[i] is not None for i in np.flatnonzero(_is(self.fields, under)))
            if labelled and self.content.ruled_between(box, under, along_x=False, margin_pt=-OVERLAP_ALLOWANCE_PT):
                break  # a ruled-off row labelled on its left: line items, not the cell's fields
            foot = under[3]
        rules = self.content.vertical
        allowance = self.content.fraction_x(OWN_SIDE_PT)
        end = box[0] - self.content.fraction_x(left.gap)
        line = self.content.fraction_y(self.line_pt)
        caption_foot = box[1] - self.content.fraction_y(above.gap)
        between = (rules[:, 0] > end) & (rules[:, 0] <= box[0] + allowance)
        tops = (rules[:, 1] <= caption_foot - line / 2) & (rules[:, 1] >= caption_foot - 2 * line)
        feet = (rules[:, 2] >= (box[1] + box[3]) / 2) & (rules[:, 2] <= foot + line)
        return bool(np.any(between & tops & feet))

    def _label_on_right(self, box: Box) -> _Found | None:
        """A blank with its label right after it ("______ JUDICIAL CIRCUIT", "______ COUNTY" in a
        court's caption): the few words next to its right end, where they label no field of their
        own and no field follows them on their line, unless they stand in a right-aligned stack of
        such labels (``_in_right_aligned_stack``). Only where nothing labels it on its left.
        Tooltip word F1 val .5656 -> .5662, source val .5445 -> .5449, held out .6537 -> .6552;
        signature truths written as signatures val 31 -> 32, source val 36 -> 37 ("____ Signature")."""
        index = self._nearest_right(box, self.wordy, self.content.fraction_x(RIGHT_LABEL_GAP_PT))
        if index is None or index in self.left_label_of or len(self.content.phrases[index].text.split()) > 4:
            return None
        phrase = tuple(self.phrases[index])
        stacked = self._in_right_aligned_stack(index)
        after = (self.fields[:, 0] >= phrase[2]) & _same_line(self.fields, phrase)
        if stacked:  # only a field right after the words takes them ("b. NJCLASS" / "Deduction" [ ][ ])
            after &= self.fields[:, 0] - phrase[2] <= self.content.fraction_x(RIGHT_LABEL_GAP_PT)
        if after.any():
            return None
        return _Found(self.content.phrases[index].text, (phrase[0] - box[2]) * self.content.size[0],
                      start=phrase[0], stacked=stacked)

    def _in_right_aligned_stack(self, index: int) -> bool:
        """Do the words on the line right over or under the phrase end where it ends? A court's
        caption stacks "STATE OF MICHIGAN" / "______ JUDICIAL CIRCUIT" / "______ COUNTY" so: each
        line labels the blank on its left (not the words over it, nor a field further along its
        line, across the caption's cell), and none labels the blank under it. Lines that start
        where it starts too are a left-aligned column ("Date From:" over "Time From:"). With the
        caption cell's rule (``_walled_off``), 19 labels of 11 val files and 33 of 22 source-val
        files changed, all in Michigan court captions; tooltip word F1 val .5999 -> .6014, source
        val .5843 -> .5842 (its two authored pairs that changed have the whole stack for a
        tooltip), held out unchanged."""
        phrase = self.phrases[index]
        line = self.content.fraction_y(self.line_pt)
        allowance = self.content.fraction_x(OVERLAP_ALLOWANCE_PT)
        gaps = np.maximum(phrase[1] - self.phrases[:, 3], self.phrases[:, 1] - phrase[3])
        near = gaps <= line / 2
        near &= ~_same_line(self.phrases, tuple(phrase)) & _spans_overlap(self.phrases, tuple(phrase), 0.0)
        ends = np.abs(self.phrases[:, 2] - phrase[2]) <= allowance
        return bool(np.any(near & ends & (np.abs(self.phrases[:, 0] - phrase[0]) > allowance)))

    def caption(self, box: Box) -> str:
        """The field's own caption, printed small right under it ("first  middle  last"), or ""."""
        found = self._below(box, own=True)
        return found.text if found else ""

    def _part(self, heading: str, box: Box, column: int) -> str:
        """The cell's part of a heading that names one part per cell, "Date of birth (MM DD YYYY)"
        over three boxes: "Date of birth, MM"; else the heading as it is (first cell) or ""."""
        parts = _PARTS.search(heading)
        if parts is None:
            return heading if column == 1 else ""
        cells = column
        for _ in range(len(self.fields)):
            box = self._next_field(box, "right")
            if box is None:
                break
            cells += 1
        names = re.split(r"[\s/.\-]+", parts.group(1))
        if len(names) != cells:
            return heading if column == 1 else ""
        return f"{heading[: parts.start()].rstrip()}, {names[column - 1]}"

    def _loose(self, above: _Found, box: Box) -> bool:
        """Is the text above the field no label of its own: a column's header, a section's heading,
        or text starting left of the field (prose running over it)? The field's own label on its
        left, or its caption, wins over it."""
        return above.column or above.start < box[0] - self.content.fraction_x(OVERLAP_ALLOWANCE_PT)

    def question(self, boxes: list[Box], labels: list[str], is_row: bool, option_labels: Sequence[str] = ()) -> str:
        """The text that asks what a row or column of options answers.

        A row's question is left of its first option, unless that is another option's label
        (``option_labels``: "[ ] Tenant  [ ] Son" is no question about sons); else, and for a
        column, it is above the first option, with a hint on its line ("(Check one)"). Never the
        options' own ``labels``; an option's label above may ask ("[ ] I request a ballot for
        (check one):" over "[ ] Primary  [ ] General"). Above a row, not past another option: a
        grid's next row answers its first row's question (``groups._grid_under``), not a heading
        over the grid (with ``groups._under_width``: held out author radios written as radio .677
        -> .697, val .8389 -> .8347; author pairs grouped, recall, val .592 -> .623, held out .394
        -> .445, source val .431 -> .436, precision up on val and held out, -.0006 on source val).
        """
        index = self._nearest_left(boxes[0], self.wordy, MAX_SIDE_GAP) if is_row else None
        left = self._with_lines_above(index) if index is not None else ""
        if left and left not in labels and left not in option_labels:
            return " ".join([left, *self._lines_below(index, boxes[0], beside=False)])
        above = self._above(boxes[0], self.above_usable | self._hints, through_fields=not is_row)
        return above.text if above and above.text not in labels else ""

    def question_past_labels(self, boxes: list[Box], labels: list[str]) -> str:
        """A group's question where it is left of a row of options labelled on their left ("... an
        offence?   No [ ]  Yes [ ]"): the text left of the first option's label. It names the group
        and is its tooltip, before the text above the row (the row above's question), but never
        makes a group: asked so, it made 60 more of val's check boxes radio buttons (check boxes
        kept .825 -> .785; the tooltips did not move)."""
        label = self._beside(boxes[0], "left", self.wordy)
        if not label or label.text != labels[0] or not _same_line(np.array(boxes), boxes[-1]).all():
            return ""
        question = self._beside((label.start, boxes[0][1], label.start, boxes[0][3]), "left", self.wordy)
        return question.text if question and question.text not in labels else ""

    @cached_property
    def _hints(self) -> np.ndarray:
        """Bracketed phrases right after usable words on their line ("Hair colour (check one)");
        alone on their line they are asides ("(including name at birth)"), no question."""
        hints = np.zeros(len(self.phrases), bool)
        reach = self.content.fraction_x(self.line_pt)
        for index in np.flatnonzero(self.bracketed):
            hint = tuple(self.phrases[index])
            gaps = hint[0] - self.phrases[:, 2]
            hints[index] = np.any(self.above_usable & _same_line(self.phrases, hint) & (gaps > -reach) & (gaps < reach))
        return hints

    def _choice_label(self, box: Box) -> str:
        """The words right of the box, or left if much nearer (and not nearer still to the box
        before them) or if its row is labelled on the left ("Yes [ ]  No [ ]"); right of a square
        typed in the text, however near the words on its left ("months?□ YES"). Where those stand
        apart from it (across a drawn rule, in the next cell, or several box widths away), an
        answer heading the box's column ("YES" / "NO", "Poor" / "Good", a rating's "1" .. "5" over
        a table of questions), where another box stands beside it on its line, labels it instead,
        and over words on its left even near (a Likert row's statement ending close to its first
        box); with no words beside it, the text above it."""
        after_mark = self._after_own_mark(box)
        if after_mark:
            return after_mark
        right = self._beside(box, "right", self.marked, MAX_OPTION_GAP)
        left = self._beside(box, "left", self.marked, MAX_OPTION_GAP)
        typed = right is not None and self._on_typed_square(box)
        if typed and not self._row_labelled_on_left(box) and not self._apart(box, right, True):
            return right.text  # "months?□ YES □ NO": the square is typed before its own words
        beside = right if right and (not left or left.gap * LEFT_OVER_RIGHT > right.gap) else left
        if beside is right and left and self._row_labelled_on_left(box):
            beside = left
        elif beside is left and right and self._follows_a_box(box, left):
            beside = right
        if beside is right and right and not self._apart(box, right, True):
            return right.text  # most check boxes: no need to look above
        above = self._above(box, self.marked)
        # an answer heads one of a row of answer columns, not a lone column ("Yes" over a checklist)
        answer = above is not None and (is_answer(above.text) or above.text.strip().isdigit())
        headed = answer and self._in_table_row(box)
        if beside is left and left and not headed and not self._apart(box, left, False):
            return left.text
        if above and (beside is None or headed):
            return above.text
        return beside.text if beside else ""

    def _on_typed_square(self, box: Box) -> bool:
        """Is the box on a square typed in the text ("□ Yes"), whose words follow it on its line?"""
        squares = self.content.squares
        middle_x, middle_y = (squares[:, 0] + squares[:, 2]) / 2, (squares[:, 1] + squares[:, 3]) / 2
        return bool(np.any((middle_x > box[0]) & (middle_x < box[2]) & (middle_y > box[1]) & (middle_y < box[3])))

    def _row_labelled_on_left(self, box: Box) -> bool:
        """Are the boxes of this box's line labelled on their left ("Yes [ ]  No [ ]")? The last
        box of the line says: words near its left and none after it (none starting on it either: OCR
        boxes words loosely, and reads "OYes ONo" with the mark glued on). Then the words between two
        boxes are the second one's, however the gaps fall."""
        width = box[2] - box[0]
        boxes = _same_line(self.fields, box) & (self.fields[:, 0] > box[2]) & (
            np.abs((self.fields[:, 2] - self.fields[:, 0]) - width) <= 0.5 * width)
        if not boxes.any():
            return False
        last = tuple(self.fields[np.flatnonzero(boxes)[np.argmax(self.fields[boxes, 0])]])
        left = self._beside(last, "left", self.marked, MAX_OPTION_GAP)
        near = APART_BOX_WIDTHS * self.content.points_x(width)
        after = _same_line(self.phrases, last) & self.marked & (self.phrases[:, 0] >= last[0]) & (
            self.phrases[:, 0] <= last[2] + MAX_OPTION_GAP)
        return left is not None and left.gap <= near and not after.any()

    def _follows_a_box(self, box: Box, left: _Found) -> bool:
        """Do the words on the box's left stand nearer the box before them on its line than to it
        ("[ ] Divorced  [ ] Never married", a detector's box a little right of its circle)? Then they
        are that box's label, and this box's is on its right."""
        allowance = self.content.fraction_x(OVERLAP_ALLOWANCE_PT)
        before = _same_line(self.fields, box) & (self.fields[:, 2] <= left.start + allowance)
        gaps = self.content.points_x(left.start - self.fields[before, 2])
        return bool(before.any() and gaps.min() < left.gap)

    def _apart(self, box: Box, found: _Found, right: bool) -> bool:
        """Does the text ``found`` beside the box stand apart from it: further than
        ``APART_BOX_WIDTHS``, or across a drawn rule?"""
        if found.gap > APART_BOX_WIDTHS * self.content.points_x(box[2] - box[0]):
            return True
        gap = self.content.fraction_x(found.gap)
        if right:
            return self.content.ruled_between(box, (box[2] + gap, box[1], box[2] + gap, box[3]), True)
        return self.content.ruled_between((box[0] - gap, box[1], box[0] - gap, box[3]), box, True)

    def _after_own_mark(self, box: Box) -> str:
        """OCR reads a printed box or circle as a letter glued to the label after it ("QMale
        QFemale"): where one character covers the box, the characters after it, up to the next
        field on the line, are the box's label."""
        index = self._own_mark(box)
        if index is None:
            return ""
        allowance = self.content.fraction_x(OVERLAP_ALLOWANCE_PT)
        fields = _same_line(self.fields, box) & (self.fields[:, 0] >= box[2] - allowance) & ~_is(self.fields, box)
        start, stop = box[2] - allowance, (self.fields[fields, 0].min() if fields.any() else np.inf) - allowance
        phrase = self.content.phrases[index]
        return "".join(c for c, (x0, _) in zip(phrase.text, phrase.spans) if start <= x0 < stop).strip()

    def _own_mark(self, box: Box) -> int | None:
        """The phrase one of whose characters covers the box and that runs on past it: OCR's "QMale
        QFemale", the box read as a letter glued to its label."""
        allowance = self.content.fraction_x(OVERLAP_ALLOWANCE_PT)
        line = _same_line(self.phrases, box) & self.marked
        line &= (self.phrases[:, 0] < box[2]) & (self.phrases[:, 2] > box[2] + allowance)
        width = box[2] - box[0]
        for index in np.flatnonzero(line):
            spans = self.content.phrases[index].spans
            if any(min(x1, box[2]) - max(x0, box[0]) >= MARK_COVER * width for x0, x1 in spans):
                return int(index)
        return None

    # --- directions ------------------------------------------------------------------------------
    def _beside(
        self, box: Box, side: str, usable: np.ndarray, reach: float = MAX_SIDE_GAP, sentence_ends: bool = False
    ) -> _Found | None:
        """The nearest text on the same line on one side, unless a field is nearer (``sentence_ends``:
        see ``_with_lines_above``)."""
        if side == "left":
            index = self._nearest_left(box, usable, reach)
            if index is None:
                return None
            gap = (box[0] - self.phrases[index, 2]) * self.content.size[0]
            text = self._with_lines_above(index, sentence_ends, box)
            if sentence_ends:
                text = _joined([text, *self._lines_below(index, box, beside=True)])
            return _Found(text, gap, start=self.phrases[index, 0])
        index = self._nearest_right(box, usable, reach)
        if index is None:
            return None
        gap = (self.phrases[index, 0] - box[2]) * self.content.size[0]
        return _Found(_joined([self.content.phrases[index].text, *self._option_lines_below(index, box)]), gap)

    def _nearest_right(self, box: Box, usable: np.ndarray, reach: float) -> int | None:
        allowance = self.content.fraction_x(OVERLAP_ALLOWANCE_PT)
        gaps = self.phrases[:, 0] - box[2]
        ok = usable & (self.phrases[:, 2] > box[2]) & (gaps >= -allowance) & (gaps <= reach)
        return self._unblocked(ok, gaps, self.fields[:, 0] - box[2], box)

    def _nearest_left(self, box: Box, usable: np.ndarray, reach: float) -> int | None:
        allowance = self.content.fraction_x(OVERLAP_ALLOWANCE_PT)
        gaps = box[0] - self.phrases[:, 2]
        ok = usable & (self.phrases[:, 0] < box[0]) & (gaps >= -allowance) & (gaps <= reach)
        index = self._unblocked(ok, gaps, box[0] - self.fields[:, 2], box)
        if index is None:
            return None
        line = _same_line(self.phrases, box) & (gaps >= -allowance) & (gaps < gaps[index])
        if np.any(self.row_numbers & line):
            return None
        # an arrow follows its label ("Add lines 5 and 6 . . . ▶", "7. NAICS Code  ►"); one with a
        # gutter on its left ("►  [ ]" under "8. USCIS Online Account Number" in a page's right
        # column) has its label above, and the words across the gutter are the other column's
        pointers = np.flatnonzero(self.pointers & line)
        if len(pointers) and self._gutter(self.phrases[index, 2], self.phrases[pointers, 0].min(), box):
            return None
        return index

    def _gutter(self, start: float, end: float, box: Box) -> bool:
        """Does blank paper part ``start`` from ``end`` (display fractions) on every line near
        ``box``'s, text and fields alike: a gutter between a page's columns?"""
        middle, reach = (box[1] + box[3]) / 2, self.content.fraction_y(GUTTER_LINES * self.line_pt)
        spans = [self.phrases[np.abs(self.middles - middle) <= reach][:, [0, 2]],
                 self.fields[np.abs((self.fields[:, 1] + self.fields[:, 3]) / 2 - middle) <= reach][:, [0, 2]]]
        reached, widest = start, self.content.fraction_x(MIN_GUTTER_PT)
        for x0, x1 in sorted(map(tuple, np.concatenate(spans))):
            if x0 >= end:
                break
            if x0 - reached >= widest:
                return True
            reached = max(reached, x1)
        return end - reached >= widest

    def _unblocked(self, ok: np.ndarray, gaps: np.ndarray, field_gaps: np.ndarray, box: Box) -> int | None:
        """The nearest phrase on ``box``'s line among ``ok``, unless a field on that side is nearer."""
        ok = ok & _same_line(self.phrases, box)
        if not ok.any():
            return None
        best = np.flatnonzero(ok)[np.argmin(gaps[ok])]
        allowance = self.content.fraction_x(OVERLAP_ALLOWANCE_PT)
        field_ok = (field_gaps >= -allowance) & _same_line(self.fields, box) & ~_is(self.fields, box)
        if field_ok.any() and field_gaps[field_ok].min() < gaps[best]:
            return None
        return int(best)

    def _above(
        self, box: Box, usable: np.ndarray, through_fields: bool = True, sentence_ends: bool = False,
        text_field: bool = False,
    ) -> _Found | None:
        """The nearest text above; through fields stacked in the same column, the column's header
        (``sentence_ends``: see ``_with_lines_above``; ``text_field``: a text field's, which may
        also be a long column's further off, ``MIN_HEADED_ROWS``, or a header cell boxed as a
        field, ``_header_in_box``)."""
        allowance = self.content.fraction_y(OVERLAP_ALLOWANCE_PT)
        limit = self.content.fraction_y(MAX_ABOVE_GAP_LINES * self.line_pt)
        column = self._field_under(box)  # a heading over stacked fields, not one field's label
        row, under, start = 1, None, box
        while True:
            phrase_gaps = box[1] - self.phrases[:, 3]
            field_gaps = box[1] - self.fields[:, 3]
            phrase_ok = self._over(box, usable, limit)
            field_ok = (field_gaps >= -allowance) & (field_gaps <= limit) & (self.fields[:, 1] < box[1])
            field_ok &= _spans_overlap(self.fields, box, 0.5)  # strictly higher: the walk ends
            nearest_phrase = phrase_gaps[phrase_ok].min() if phrase_ok.any() else np.inf
            nearest_field = field_gaps[field_ok].min() if field_ok.any() else np.inf
            if nearest_field < nearest_phrase:
                if not through_fields:
                    return None
                upper = tuple(self.fields[field_ok][np.argmin(field_gaps[field_ok])])
                if text_field and (words := self._header_in_box(upper, box, usable, limit)):
                    return _Found(words, self.content.points_y(max(nearest_field, 0.0)), True, row, upper[0])
                under, box = box, upper
                column, row = True, row + 1
                continue
            header = self._header_cell(box, row, under) if column else None
            if header is not None:
                return header
            if text_field and column and not np.isfinite(nearest_phrase):
                if row + sum(1 for _ in self._stacked_under(start)) >= MIN_HEADED_ROWS:  # over blank paper
                    reach = self.content.fraction_y(MAX_COLUMN_HEADER_GAP_LINES * self.line_pt)
                    phrase_ok = self._over(box, usable, reach)
                    nearest_phrase = phrase_gaps[phrase_ok].min() if phrase_ok.any() else np.inf
            if not np.isfinite(nearest_phrase):
                return None
            same_line = phrase_gaps <= nearest_phrase + self.content.fraction_y(self.line_pt / 2)
            line = np.flatnonzero(phrase_ok & same_line)
            text = self._with_lines_above(line[0], sentence_ends) if len(line) == 1 else self._join(line)
            gap = self.content.points_y(max(nearest_phrase, 0.0))
            return _Found(text, gap, column, row, self.phrases[line, 0].min())

    def _header_in_box(self, upper: Box, box: Box, usable: np.ndarray, limit: float) -> str:
        """The words of a column's header cell that the detector boxed as a field too ("Apr" over a
        column of month cells, where "Coverage Codes" over the header row named the column): a few
        words inside a box of the column's width right over it, with no words of the column's own
        width right over that box (a header over an example row's "Condo", a wrapped header's
        first line over its "name"; in a drawn table, no cell with words over the box's cell,
        thin empty bands aside); else "". For text fields only (``text_field``). Tooltip word
        F1 source val .5842 -> .5859 (an IRS table's April column, "Issuing Agency" and
        "BALANCE/VALUE" rows), held out .7047 -> .7046 with written fields with a tooltip .9465 ->
        .9473, val unchanged; the words-over guard then .5859 -> .5860 and .7046 -> .7047 (12
        source val labels, each back to its column's header)."""
        width = box[2] - box[0]
        if abs((upper[2] - upper[0]) - width) > HEADER_BOX_WIDTH_SHARE * width:
            return ""
        words = self._boxed_label(upper)
        if not words:
            return ""
        cell = cell_around(upper, self.content)
        if cell is not None:  # drawn: a header cell has no cell with words over it
            over_cell, line = self._cell_over(cell), self.content.fraction_y(self.line_pt)
            while over_cell is not None and self._empty(over_cell) and over_cell[3] - over_cell[1] < line:
                over_cell = self._cell_over(over_cell)  # a band drawn under a header's fill
            return "" if over_cell is not None and not self._empty(over_cell) else words
        over = np.flatnonzero(self._over(upper, usable, limit))
        reach = self.content.fraction_x(SAME_RULE_PT)
        within = (self.phrases[over, 0] >= upper[0] - reach) & (self.phrases[over, 2] <= upper[2] + reach)
        return "" if within.any() else words

    def _over(self, box: Box, usable: np.ndarray, reach: float) -> np.ndarray:
        """Per phrase, is it a usable one over ``box``, across its width, within ``reach``?"""
        ok = usable & (self.middles < box[1]) & (box[1] - self.phrases[:, 3] <= reach)
        return ok & _spans_overlap(self.phrases, box, 0.0)

    def _header_cell(self, top: Box, row: int, under: Box | None) -> _Found | None:
        """The column header of a drawn table: the words of the cell right above the cell of
        ``top`` (the column's top field), between the same left and right rules, however tall it
        is; or, where ``top`` is a field found in the header cell itself under its words
        ("Description" over an empty band), that cell's, for the fields ``under`` it (tooltip
        word F1, refine_corpus.py --only tooltips: val .5406 -> .5425; held out and source val
        unchanged, with 6 more tooltips on the source val). Where the header mixes bold and
        regular print, the bold lines name the column and the rest is a note ("Cost per Unit" over
        "Including comm./fees")."""
        cell = cell_around(top, self.content)
        if cell is None:
            return None
        reach_x, reach_y = self.content.fraction_x(SAME_RULE_PT), self.content.fraction_y(SAME_RULE_PT)
        own = [i for i in self.content.phrases_centred_in(cell) if self.wordy[i]]
        if own:
            below = cell_around(under, self.content) if under is not None else None
            if below is None or abs(below[0] - cell[0]) > reach_x or abs(below[2] - cell[2]) > reach_x:
                return None  # the cell's own caption ("DATE:" in its corner) labels it
            if np.any(self.phrases[own, 3] > top[1] + self.content.fraction_y(OVERLAP_ALLOWANCE_PT)):
                return None  # words beside or under the field: a captioned cell, no header
            header, row = cell, row - 1
        else:
            header = self._cell_over(cell)
            # empty cells over it: rows whose fields were not found (up to MAX_EMPTY_ROWS)
            for _ in range(MAX_EMPTY_ROWS):
                if header is None or not self._empty(header):
                    break
                header, row = self._cell_over(header), row + 1
            if header is None:
                return None
        words = [i for i in self.content.phrases_centred_in(header) if self.wordy[i]]
        bold = [i for i in words if self.content.phrases[i].bold]
        words = bold if bold and len(bold) < len(words) else words
        if not words:
            return self._turned_header(header, top, row)
        gap = self.content.points_y(max(top[1] - self.phrases[words, 3].max(), 0.0))
        return _Found(self._join(np.array(words)), gap, True, row, self.phrases[words, 0].min())

    def _cell_over(self, cell: Box) -> Box | None:
        """The drawn cell right over ``cell``, between the same left and right rules; None if none."""
        reach_x, reach_y = self.content.fraction_x(SAME_RULE_PT), self.content.fraction_y(SAME_RULE_PT)
        over = cell_around((cell[0], cell[1] - 2 * reach_y, cell[2], cell[1] - reach_y), self.content)
        if over is None or abs(over[0] - cell[0]) > reach_x or abs(over[2] - cell[2]) > reach_x:
            return None
        return over

    def _empty(self, cell: Box) -> bool:
        """Does the cell hold no text, upright or on its side?"""
        return not len(self.content.phrases_centred_in(cell)) and not self.content.turned_centred_in(cell)

    def _turned_header(self, header: Box, top: Box, row: int) -> _Found | None:
        """A header cell's text set on its side, where it has no upright words ("ETHNICITY" read
        bottom to top over a narrow column); None if it has none."""
        turned = self.content.turned_centred_in(header)
        if not turned:
            return None
        gap = self.content.points_y(max(top[1] - max(p.bbox[3] for p in turned), 0.0))
        return _Found(" ".join(p.text for p in turned), gap, True, row, min(p.bbox[0] for p in turned))

    def _in_table_row(self, box: Box) -> bool:
        """Does a field sit right next to ``box`` on its line, no words between (a table's cells)?"""
        return self._next_field(box, "left") is not None or self._next_field(box, "right") is not None

    def _row_heading(self, box: Box) -> tuple[_Found | None, int]:
        """The words left of the first cell of ``box``'s table row, and which cell of the row
        ``box`` is (1: the first). Where nothing stands left of a first cell that holds a few words
        and touches the next cell (within a line's height), it is a label cell the detector boxed
        too ("Court fee" beside its amount): its words head the row, and the cells are counted
        after it (a Finnish score table's "Pisteet, Häkki" for "Pisteet, row 1"; written fields
        with a tooltip held out .9473 -> .9481, tooltip word F1 .7047 -> .7049; 11 val and 4
        source-val labels). A gap wider than a line is a page's next column, not the row's."""
        column, second = 1, box
        for _ in range(len(self.fields)):
            previous = self._next_field(box, "left")
            if previous is None:
                break
            second, box, column = box, previous, column + 1
        heading = self._beside(box, "left", self.left_usable, sentence_ends=True)
        if heading is None and column > 1 and second[0] - box[2] <= self.content.fraction_x(self.line_pt):
            if words := self._boxed_label(box):
                return _Found(words, 0.0, False, 1, box[0]), column - 1
        return heading, column

    def _boxed_label(self, box: Box) -> str:
        """The words inside ``box`` if they are few enough for a label boxed as a field, else ""."""
        words = self._inside(box)
        return words if 0 < len(words.split()) <= MAX_BOXED_LABEL_WORDS else ""

    def _next_field(self, box: Box, side: str) -> Box | None:
        """The nearest field on ``box``'s line on ``side``, unless words stand between them."""
        allowance = self.content.fraction_x(OVERLAP_ALLOWANCE_PT)
        if side == "left":
            field_gaps, phrase_gaps = box[0] - self.fields[:, 2], box[0] - self.phrases[:, 2]
        else:
            field_gaps, phrase_gaps = self.fields[:, 0] - box[2], self.phrases[:, 0] - box[2]
        ok = (field_gaps >= -allowance) & _same_line(self.fields, box) & ~_is(self.fields, box)
        if not ok.any():
            return None
        nearest = np.flatnonzero(ok)[np.argmin(field_gaps[ok])]
        between = self.wordy & _same_line(self.phrases, box) & (phrase_gaps >= -allowance)
        return None if np.any(between & (phrase_gaps < field_gaps[nearest])) else tuple(self.fields[nearest])

    def _part_after(self, box: Box) -> Box | None:
        """The field ``box`` goes on from, close on its left with no words between (a phone number's
        "[   ] - [   ] - [    ]", a date's "[  ] / [  ] / [    ]"): its parts, all short, share its
        label (a date box after a signature line is an entry of its own), before the text over the
        fields above them; with nothing above, a heading names the parts (``_part``)."""
        before = self._next_field(box, "left")
        if before is None or box[0] - before[2] > self.content.fraction_x(PART_GAP_LINES * self.line_pt):
            return None
        longest = self.content.points_x(max(box[2] - box[0], before[2] - before[0]))
        return before if longest <= MAX_PART_PT else None

    def _field_under(self, box: Box, min_width: float = 0.0) -> bool:
        """Is another field stacked right under ``box`` in its column, no words between them, at
        least ``min_width`` times as wide?"""
        return self._next_under(box, min_width) is not None

    def _next_under(self, box: Box, min_width: float = 0.0) -> Box | None:
        """The first field stacked right under ``box`` (see ``_field_under``), if any."""
        gaps = self.fields[:, 1] - box[3]
        allowance = self.content.fraction_y(OVERLAP_ALLOWANCE_PT)
        near = (gaps >= -allowance) & (gaps <= self.content.fraction_y(MAX_ABOVE_GAP_LINES * self.line_pt))
        near &= _spans_overlap(self.fields, box, 0.5) & ~_is(self.fields, box)
        near &= self.fields[:, 2] - self.fields[:, 0] >= min_width * (box[2] - box[0])
        for under in self.fields[near]:
            between = (self.middles > box[3]) & (self.middles < under[1])
            if not np.any(self.wordy & between & _spans_overlap(self.phrases, tuple(under), 0.0)):
                return tuple(under)
        return None

    def _stacked_under(self, box: Box) -> Iterator[Box]:
        """The fields stacked under ``box`` in its column, top down."""
        for _ in range(len(self.fields)):
            box = self._next_under(box)
            if box is None:
                return
            yield box

    def _below(self, box: Box, own: bool) -> _Found | None:
        """The line printed right under the box: with ``own``, only its captions (see
        ``_caption_owners``); else any words there, bracketed ones in body type included ("(Print
        Name)" under a court form's rule), that are no other field's caption."""
        gaps = self.phrases[:, 1] - box[3]
        ok = (self.middles > box[3]) & _spans_overlap(self.phrases, box, 0.0)
        ok &= gaps <= self.content.fraction_y(MAX_BELOW_GAP_LINES * self.line_pt)
        mine = np.isin(self.caption_of, np.flatnonzero(_is(self.fields, box)))
        ok &= mine if own else (self.wordy | self.bracketed) & (mine | (self.caption_of < 0))
        if not ok.any():
            return None
        nearest = gaps[ok].min()
        line = ok & (gaps <= nearest + self.content.fraction_y(self.line_pt / 2))
        text = self._join(np.flatnonzero(line), unbracketed=True)
        return _Found(text, self.content.points_y(max(nearest, 0.0)))

    @cached_property
    def _sentence_goes_on(self) -> dict[int, int]:
        """Per wordy phrase whose sentence goes on onto the one line wrapped under it (``_continues``):
        that line's index."""
        texts = [p.text for p in self.content.phrases]
        below: dict[int, int] = {}
        for index in np.flatnonzero(self.wordy):
            after = np.flatnonzero(self._wrapped_lines(int(index), above=False))
            if len(after) == 1 and _continues(texts[index], texts[after[0]]):
                below[int(index)] = int(after[0])
        return below

    def _side_notes(self) -> np.ndarray:
        """Per phrase, is it a line of a prose paragraph (three lines or more and ``PROSE_WORDS``,
        or ``SIDE_NOTE_LINES``; each line starting where the one above starts, in its type, as
        close as a label's wrapped lines, going on with its sentence: ``_sentence_goes_on``) with
        fields wholly right of it on the lines of two of its lines or more?"""
        texts = [p.text for p in self.content.phrases]
        below = self._sentence_goes_on
        notes = np.zeros(len(self.phrases), bool)
        for top in set(below) - set(below.values()):
            lines = [top]
            while lines[-1] in below and len(lines) <= len(self.phrases):
                lines.append(below[lines[-1]])
            right = self.fields[:, 0] >= self.phrases[lines, 2].max()
            beside = [np.any(right & _same_line(self.fields, tuple(self.phrases[i]))) for i in lines]
            words = sum(len(texts[i].split()) for i in lines)
            # a column of one label repeated ("von" on each day's row) is no paragraph
            paragraph = len(lines) >= SIDE_NOTE_LINES and len({texts[i] for i in lines}) == len(lines)
            if (paragraph or len(lines) >= 3 and words > PROSE_WORDS) and sum(beside) >= 2:
                notes[lines] = True
        return notes

    def _caption_owners(self) -> np.ndarray:
        """Per phrase, the field it is a caption of (-1: none).

        A caption is printed right under its field (within ``MAX_BELOW_GAP_LINES``) in type smaller
        than the body text or the field's own label, nearer to it than to any field under it (or
        that field has a caption of its own), and not in a drawn cell (whose text labels the cell:
        a table's header, a boxed form's label of the field under it). Only words that label no
        field on their right can be captions. On val, without the type rule, labels above their
        field that sit close under the previous row's field became that field's captions.
        """
        owners = np.full(len(self.phrases), -1)
        reach = self.content.fraction_y(MAX_BELOW_GAP_LINES * self.line_pt)
        sizes = np.array([p.font_size for p in self.content.phrases], float)
        nearer_under = {}  # candidate caption -> the field under it that it is nearer to
        for index in np.flatnonzero(self.above_usable | self.bracketed):
            phrase = tuple(self.phrases[index])
            beside = _spans_overlap(self.fields, phrase, 0.0)
            up = phrase[1] - self.fields[:, 3]
            over = beside & (self.fields[:, 3] < self.middles[index]) & (up <= reach) & (self.fields[:, 1] < phrase[1])
            if not over.any():
                continue
            field = np.flatnonzero(over)[np.argmin(up[over])]
            label = self.left_label_of[field]
            if sizes[index] >= SMALL_TYPE * max(self.line_pt, sizes[label] if label is not None else 0.0):
                continue
            if self._framed(phrase):
                continue
            down = self.fields[:, 1] - phrase[3]
            under = beside & (self.fields[:, 1] > self.middles[index])
            if under.any() and down[under].min() <= max(up[field], 0.0):
                nearer_under[index] = int(np.flatnonzero(under)[np.argmin(down[under])])
            owners[index] = field
        # A caption nearer to the field under it is that field's label, unless that field keeps a
        # caption of its own under it: rows of rules captioned underneath ("Your first name" under
        # one rule, "Spouse's first name" under the next, whose box reaches up to the first's).
        # Settled from the bottom up, so that in cells captioned at their tops every caption goes.
        # Tooltip word F1 source val .5628 -> .5688, held out .6737 -> .6743, val .5832 unchanged.
        for index in sorted(nearer_under, key=lambda i: -self.phrases[i, 1]):
            if not np.any(owners == nearer_under[index]):
                owners[index] = -1
        return owners

    def _framed(self, phrase: Box) -> bool:
        """Do drawn sides stand left and right of the phrase (a cell around it)?"""
        rulings = self.content.vertical
        allowance = self.content.fraction_x(OVERLAP_ALLOWANCE_PT)
        middle = (phrase[1] + phrase[3]) / 2
        across = (rulings[:, 1] <= middle) & (rulings[:, 2] >= middle)
        return bool(np.any(across & (rulings[:, 0] <= phrase[0] + allowance))
                    and np.any(across & (rulings[:, 0] >= phrase[2] - allowance)))

    def _footer(self) -> np.ndarray:
        """Phrases in the page's bottom band, under every field: the page footer."""
        top = self.phrases[:, 1]
        lowest_field = self.fields[:, 3].max() if len(self.fields) else 0.0
        return (top >= 1 - self.content.fraction_y(FOOTER_BAND_PT)) & (top >= lowest_field)

    def _inside(self, box: Box) -> str:
        """Words printed inside the field's box (cells that carry their own caption)."""
        cx = (self.phrases[:, 0] + self.phrases[:, 2]) / 2
        cy = (self.phrases[:, 1] + self.phrases[:, 3]) / 2
        inside = self.wordy & (cx > box[0]) & (cx < box[2]) & (cy > box[1]) & (cy < box[3])
        return self._join(np.flatnonzero(inside))

    # --- helpers ---------------------------------------------------------------------------------
    def _with_lines_above(self, index: int, sentence_ends: bool = False, labelled: Box | None = None) -> str:
        """A label with the lines it wraps from ("Your Social Security" / "number").

        A line above continues the label when it starts where the label starts,
        sits close above it in the same type, does not end like a label (":"),
        and has no field of its own beside it. With ``sentence_ends`` (a text field's label), a
        line ending a sentence does not continue it either: "... is true and correct." over
        "Date: ____" labels no date, nor does a line with a drawn rule under it (a table's header
        over its first row: "Expense" over "Rent"; refine_corpus.py --only tooltips, word F1 held out
        .6465 -> .6469, val .4929 -> .4942). Questions keep such a lead-in: refine/groups.py reads
        them, and stopping there for them too made 2 more of val's check boxes radio buttons (the
        rule too: 12 more, check boxes kept .8249 -> .8169). The field being ``labelled`` beside a
        label's last line may reach up beside the line above too ("Signature of" over "Probate Judge",
        a tall box on their right): that is no other field of the line above. A field's label
        (``sentence_ends``) is led by its item's number printed apart before it ("3.g. Province").
        """
        lines = [index]
        for _ in range(MAX_LABEL_LINES - 1):
            near = self._wrapped_lines(lines[0], above=True)
            candidates = [i for i in np.flatnonzero(near) if not self._ends_a_label(i, sentence_ends, labelled)
                          and not (sentence_ends and self._ruled_between_lines(i, lines[0]))]
            if len(candidates) != 1:
                break
            lines.insert(0, candidates[0])
        number = self._number_before[lines[0]] if sentence_ends else -1  # a question reads on without it
        if number >= 0 and self.content.ruled_between(tuple(self.phrases[number]), tuple(self.phrases[lines[0]]), True):
            number = -1  # a row's number in the margin, outside the cell the label is in
        return _joined([self.content.phrases[i].text for i in ([number] if number >= 0 else []) + lines])

    def _lines_below(self, index: int, box: Box, beside: bool) -> list[str]:
        """The lines a label beside ``box`` wraps to: the sentence goes on there, and no other
        field stands on their right, nor right before them (an option's box before its own label).
        With ``beside``, only lines beside the box too: a text field's label ("Initial here to
        indicate you" over "have completed this page:" beside one tall box;
        tooltip word F1 val .5640 -> .5656, source val .5442 -> .5445, held out .6538 -> .6537);
        else (a question left of a row of options) down to where its sentence ends ("Are you a
        nonprofit organized as tax" over "exempt or a governmental research organization?"; tooltip
        word F1 held out .6553 -> .6556, val .5662 -> .5663)."""
        lines: list[str] = []
        last = index
        reach = self.content.fraction_x(self.line_pt)
        for _ in range(MAX_LABEL_LINES - 1):
            lower = self._sentence_goes_on.get(last)
            if lower is None:
                break
            on_line = _same_line(self.fields, tuple(self.phrases[lower])) & ~_is(self.fields, box)
            before = self.phrases[lower, 0] - self.fields[:, 2]  # an option's box right before the line
            beside_line = (self.fields[:, 0] >= self.phrases[lower, 2]) | ((before >= 0) & (before <= reach))
            if (beside and not box[1] <= self.middles[lower] <= box[3]) or np.any(on_line & beside_line):
                break
            lines.append(self.content.phrases[lower].text)
            last = lower
        return lines

    def _option_lines_below(self, index: int, box: Box) -> list[str]:
        """The lines an option's words (phrase ``index``) wrap to, unless the sentence goes on
        through a blank on their own line ("[ ] The ____ shall not hold ..." over "... the other
        party responsible"), a field that the next line runs under. Tooltip word F1 held out .6743 ->
        .6763 ("[ ] Haupt-" over "wohnung"), val .5832 -> .5831 (authors who cut an option's tooltip at
        its first line), source val .5688 -> .5689; two more of its author check boxes written as
        radio buttons: the 1040's "Head of household (HOH)" and "Qualifying surviving spouse (QSS)",
        which now read whole, join its filing status ("Check only one box")."""
        lower = self._sentence_goes_on.get(index)
        if lower is None:
            return []
        phrase = tuple(self.phrases[index])
        after = _same_line(self.fields, phrase) & (self.fields[:, 0] >= phrase[2])
        if np.any(after & (self.fields[:, 0] < self.phrases[lower, 2])):
            return []
        return self._lines_below(index, box, beside=False)

    def _wrapped_lines(self, index: int, above: bool) -> np.ndarray:
        """The lines right above (under) phrase ``index`` that its text could wrap from (to): in its
        type, as close as a paragraph's lines, their words starting where it starts (where its words
        start, after a bullet or number) or centred where it is; a line above may also start where
        it starts, its words hanging after a number ("5 Pensions and" over "annuities") or not,
        unless its own bullet or number starts a new item ("4 Other gains" over "5 Pensions and")."""
        line = self.phrases[index]
        if above and (self.text_starts[index] > line[0] or self._number_before[index] >= 0):
            return np.zeros(len(self.phrases), bool)  # a bullet or number starts an item: no line above is part of it
        height = line[3] - line[1]
        gaps = line[1] - self.phrases[:, 3] if above else self.phrases[:, 1] - line[3]
        near = self.wordy & (gaps >= -MAX_LINE_OVERLAP * height) & (gaps <= CONTINUATION_GAP * height)
        reach = self.content.fraction_x(OVERLAP_ALLOWANCE_PT)
        if above:
            aligned = np.minimum(np.abs(self.text_starts - line[0]), np.abs(self.phrases[:, 0] - line[0])) <= reach
        else:
            aligned = np.abs(self.text_starts - self.text_starts[index]) <= reach
        # or centred on one middle, as a table's headers wrap ("Date of" over "Birth")
        aligned |= np.abs(self.phrases[:, 0] + self.phrases[:, 2] - line[0] - line[2]) / 2 <= reach
        near &= aligned
        return near & (np.abs(self.phrases[:, 3] - self.phrases[:, 1] - height) <= 0.15 * height)

    @cached_property
    def _number_before(self) -> np.ndarray:
        """Per phrase, the index of an item's number printed apart right before it on its line ("7."
        left of "U.S. Social Security Number", under item 6's last line "including all affiliates
        of this company?"), else -1. Then it starts an item: no line above it is part of its label,
        and the number leads it ("3.g. Province", as "3.d. City or Town" reads where the text layer
        holds number and words as one phrase)."""
        numbers = np.array([bool(_ITEM_NUMBER_ALONE.match(p.text.strip())) for p in self.content.phrases], bool)
        number_before = np.full(len(self.phrases), -1)
        reach = self.content.fraction_x(NUMBER_GAP_LINES * self.line_pt)
        for index in np.flatnonzero(numbers):
            number = tuple(self.phrases[index])
            gaps = self.phrases[:, 0] - number[2]
            after = _same_line(self.phrases, number) & (gaps >= 0) & (gaps <= reach) & ~numbers
            if after.any():
                number_before[np.flatnonzero(after)[np.argmin(gaps[after])]] = index
        return number_before

    @cached_property
    def text_starts(self) -> np.ndarray:
        """Where each phrase's words start: after a list's bullet ("• been convicted of an offence"
        wraps to "in any country?" under "been") or an item's number ("5 Pensions and" wraps to
        "annuities" under "Pensions")."""
        starts = self.phrases[:, 0].copy()
        for index, phrase in enumerate(self.content.phrases):
            mark = LIST_MARK.match(phrase.text) or _ITEM_NUMBER.match(phrase.text)
            if mark and len(phrase.spans) > mark.end():
                starts[index] = phrase.spans[mark.end()][0]
        return starts

    def _ruled_between_lines(self, upper: int, lower: int) -> bool:
        """Is a rule drawn between two lines of text (a table's header over its first row)? Their
        middles are compared: type reaches to within a point of the rules that frame it."""
        def middle_line(index: int) -> Box:
            x0, _, x1, _ = self.phrases[index]
            return (x0, self.middles[index], x1, self.middles[index])
        return self.content.ruled_between(middle_line(upper), middle_line(lower), False)

    def _ends_a_label(self, index: int, sentence_ends: bool, labelled: Box | None = None) -> bool:
        """A line that ends with a colon (with ``sentence_ends``, a full stop; else a question
        mark) or has a field on its right is a label, or a sentence, in its own right. A text
        field's label keeps a question above it ("Are your payments up to date?" over "If 'No,' how
        much do you owe?"), an option's does not: "Is this child migrating with you?" over "No [ ]"
        over "Yes [ ]" asks, and "No" answers (on val, 23 such Yes / No pairs of a visa form became
        radio groups, as issue 18 item 3 asks; its author made them check boxes, so check boxes kept
        .8008 -> .7706)."""
        text = self.content.phrases[index].text
        if text.rstrip().endswith((":", ".") if sentence_ends else (":", "?")):
            return True
        box = tuple(self.phrases[index])
        others = ~_is(self.fields, labelled) if labelled is not None else True
        return bool(np.any((self.fields[:, 0] >= box[2]) & _same_line(self.fields, box) & others))

    def _join(self, indices: np.ndarray, unbracketed: bool = False) -> str:
        """Phrases in reading order (top line first, left to right), as one label; with
        ``unbracketed``, a phrase wholly in brackets without them ("(Print Name)": "Print Name")."""
        ordered = sorted(indices, key=lambda i: (round(self.phrases[i, 1] * 200), self.phrases[i, 0]))
        texts = (self.content.phrases[i].text.strip() for i in ordered)
        return " ".join(t[1:-1].strip() if unbracketed and _bracketed(t) else t for t in texts)


def _joined(lines: list[str]) -> str:
    """Wrapped lines as one text, a word broken at a line's end by a hyphen made whole again
    ("Haupt-" over "wohnung": "Hauptwohnung"); a hyphen before a capital stays ("Ordens-" over
    "Künstlername"), as does a dash standing apart ("(09/11/2001 -")."""
    text = ""
    for line in (line.strip() for line in lines):
        if _BROKEN_WORD.search(text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def _continues(upper: str, lower: str) -> bool:
    """Does ``lower`` go on with the sentence of the line above it: ``upper`` ends in no stop or
    colon and ``lower`` starts in lower case, not with a list's letter ("c. Food"), or with a number
    after a word no sentence ends on ("... a total of" over "25 or fewer ...", "(sum of Lines 21
    and" over "21a of Form 502)": tooltip word F1 val .5664 -> .5668) or after a document's name
    ("received a Form" over "1099-INT, Form"), or with a document named by its number after such a
    word ("instructions for" over "Forms 1040 and")? Stacked labels ("State of" over "County of")
    and numbered lines ("10 Multiply ..." over "11 Credit ...") do not."""
    upper, lower = upper.rstrip(), lower.lstrip()
    if not upper or upper[-1] in ".:;?!)":
        return False
    last = upper.split()[-1].lower()
    if lower[:1].isdigit():  # "Do you employ a total of" over "25 or fewer employees?"
        return last in _GOES_ON or bool(_REFERENCE_WORD.match(last))
    if last in _GOES_ON and _REFERENCE_START.match(lower):
        return True
    return lower[:1].islower() and not _LIST_LETTER.match(lower)


def _is_prose(text: str) -> bool:
    """A sentence or a paragraph (see ``PROSE_WORDS``), not a label."""
    return len(text.split()) > PROSE_WORDS


def _under_over_above(below: _Found, above: _Found) -> bool:
    """Does the line under a field label it rather than the text above? The nearer one does, but
    prose under the field is no caption (it is the next question's text), and prose heading a
    stack of fields is no label of the fields under the first ("... without notice to the
    undersigned." over the lines of "(Signature)", "(Print Name)")."""
    if _is_prose(above.text) and above.row > 1:
        return True
    return not _is_prose(below.text) and below.gap < above.gap


def is_wordy(text: str) -> bool:
    """Two letters or more, and not only a parenthesised hint."""
    return not _bracketed(text) and _letters(text) >= 2


def _bracketed(text: str) -> bool:
    stripped = text.strip()
    return stripped.startswith("(") and stripped.endswith(")")


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _same_line(boxes: np.ndarray, box: Box) -> np.ndarray:
    return same_line(boxes, box, SAME_LINE_OVERLAP)


def _spans_overlap(boxes: np.ndarray, box: Box, share: float) -> np.ndarray:
    """Boxes whose horizontal span overlaps ``box``'s (by ``share`` of the narrower one, if given)."""
    overlap = np.minimum(boxes[:, 2], box[2]) - np.maximum(boxes[:, 0], box[0])
    narrower = np.minimum(boxes[:, 2] - boxes[:, 0], box[2] - box[0])
    return overlap > share * narrower


def _is(boxes: np.ndarray, box: Box) -> np.ndarray:
    """Rows of ``boxes`` that are ``box`` (np.isclose's tolerances, without its cost)."""
    return np.all(np.abs(boxes - np.asarray(box, float)) <= 1e-8 + 1e-5 * np.abs(np.asarray(box, float)), axis=1)
