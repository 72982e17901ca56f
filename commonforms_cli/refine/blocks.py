"""Repeated blocks: a form that asks the same questions of several people ("PERSON 7", "PERSON 8",
each block with its LEGAL NAME, FIRST NAME, GENDER) gives each block's fields the block's numbered
heading, so that tooltips and names tell the blocks apart ("PERSON 8: FIRST NAME",
``person_8_first_name``, where a screen reader said "FIRST NAME" ten times and ``fill`` keys were
``first_name_2`` .. ``first_name_10``).

Only labels (and radio questions) that repeat in the document take a heading, only headings of a
numbered family (one word or two and a number, alone on their line, the same words with two numbers
at least in the document, on one page or one a page), not a numbered label of a field ("Phone 2")
nor a page's number, and only where the repeats' headings differ. On the val split
(refine_corpus.py --only tooltips) it led 302 fields (children's and people's blocks of
immigration, benefits and tax forms, in English, Spanish and Vietnamese): tooltip word F1 .5332 ->
.5398; held out, no page has such blocks (before the "Phone 2" rule, 10 fields there took a
numbered label for a heading). Settled over the document rather than the page (a household
supplement's one person a page): word F1 val .5425 -> .5557, source val .5393 -> .5391, held out
unchanged.
"""

from __future__ import annotations

import collections
import dataclasses
import re

import numpy as np

from ..fields import Field, FieldKind
from ..geometry import Box
from ..pdf.page_content import PageContent, Phrase
from .labels import DEFAULT_LINE_PT
from .names import fold

# A page's number, not a block's heading ("Page 2", "Seite 3").
_PAGE_WORDS = frozenset({"page", "pg", "pagina", "página", "seite", "side", "sida", "sivu", "strona"})
# "PERSON 7", "Child 2", "Vehicle #1", "Employer No. 2": a few words and a number, alone on the line.
_NUMBERED = re.compile(r"^(?P<words>[^\W\d_][^\W\d_'’ .-]*(?: [^\W\d_][^\W\d_'’.-]*){0,2})\s*(?:#|no\.?)?\s*"
                       r"(?P<number>\d{1,2})\s*:?$", re.IGNORECASE)
# A row's number alone in a table's margin ("1", "12."), and how far (lines of body text) from a
# field's middle it may stand: a block of two rows numbered once, half-way down.
_BARE_NUMBER = re.compile(r"^\d{1,2}\.?$")
ROW_NUMBER_LINES = 3.0
ITEM_WORDS_GAP = 3.0  # heights of the number: how far after it an item's words start


def numbered_headings(content: PageContent) -> list[Phrase]:
    """The page's phrases shaped as a block's heading: a few words and a number, not a page's own
    number ("Page 2"). Whether they head blocks is settled over the document (``with_block_headings``)."""
    return [p for p in content.phrases if (match := _NUMBERED.match(p.text.strip()))
            and fold(match["words"]) not in _PAGE_WORDS]


def with_block_headings(pages: list[tuple[list[Field], list[Phrase]]]) -> list[list[Field]]:
    """Each page's fields (given with its ``numbered_headings``), each repeated label (a radio
    option's repeated question) led by the numbered heading of its block, where the repeats sit
    under different headings: on one page, or on pages of their own ("PERSON 6" and "PERSON 7" on
    pages 2 and 3)."""
    every = [item for fields, _ in pages for item in fields]
    labels = {fold(item.label.strip()) for item in every}
    # a numbered label ("Phone 2", "Question 11") names its own field and heads no block
    headings = [[h for h in page_headings if fold(h.text.strip()) not in labels] for _, page_headings in pages]
    numbers = collections.defaultdict(set)
    for words, number in (_parts(h) for page_headings in headings for h in page_headings):
        numbers[fold(words)].add(number)
    headings = [[h for h in page_headings if len(numbers[fold(_parts(h)[0])]) >= 2] for page_headings in headings]
    members = collections.defaultdict(list)  # a repeated text: (page, field) of each field saying it
    for page, (fields, _) in enumerate(pages):
        for index, item in enumerate(fields):
            if text := _repeatable(item):
                members[text].append((page, index))
    led = [list(fields) for fields, _ in pages]
    for places in (m for m in members.values() if len(m) >= 2):
        owners = [_heading_over(pages[page][0][index], headings[page]) for page, index in places]
        if len({o.text for o in owners if o is not None}) < 2:
            continue  # one block, or none: the heading tells nothing apart
        # A block whose own heading the text layer garbled ("PERSON 8" read as "PERSONS") is taken
        # for the block above it, which then holds more repeats than the others: those stay as they are.
        held = [sum(other is owner for other in owners) for owner in owners]
        fewest = min(n for n, owner in zip(held, owners) if owner is not None)
        for (page, index), owner, count in zip(places, owners, held):
            if owner is not None and count == fewest:
                led[page][index] = _led_by(led[page][index], " ".join(_parts(owner)))
    return led


def _said(item: Field) -> str:
    """What a field's tooltip says first: a radio option's group question, else its label."""
    return item.question if item.kind is FieldKind.radio else item.label


def _repeatable(item: Field) -> str:
    """What a field says, folded, as its repeats say it; "" for nothing or a numbered label
    ("Phone 2"), which names its own field and repeats no other."""
    text = fold(_said(item))
    return "" if _NUMBERED.match(text) else text


def _parts(heading: Phrase) -> tuple[str, str]:
    """A numbered heading's words and number, as a reader says them: "PERSON", "6" where the text
    layer reads "PERSON6:"."""
    match = _NUMBERED.match(heading.text.strip())
    return match["words"].strip(), match["number"]


def _led_by(item: Field, heading: str) -> Field:
    if item.kind is FieldKind.radio:
        return dataclasses.replace(item, question=f"{heading}: {item.question}")
    return dataclasses.replace(item, label=f"{heading}: {item.label}")


def _heading_over(item: Field, headings: list[Phrase]) -> Phrase | None:
    """The block the field is in: of the headings above it (their top above its middle) that start
    left of its right edge, the lowest; of blocks side by side (headings on one line), the one
    starting nearest on its left."""
    if not headings:
        return None
    x0, y0, x1, y1 = item.bbox
    boxes = np.array([h.bbox for h in headings], float)
    above = np.flatnonzero((boxes[:, 1] < (y0 + y1) / 2) & (boxes[:, 0] < x1))
    if not len(above):
        return None
    lowest = boxes[above, 1].max()
    line = above[boxes[above, 1] >= lowest - (boxes[above, 3] - boxes[above, 1]).max() / 2]
    return headings[int(line[np.argmax(boxes[line, 0])])]


def with_row_numbers(fields: list[Field], content: PageContent) -> list[Field]:
    """A page's fields, those whose label repeats on it each led by the number printed on its left
    that tells the repeats apart: a table's rows numbered "1" .. "12" down its margin, each with
    its own "First Name" and "Last Name" ("1: First Name", where a screen reader said "First
    Name" twelve times). Only where every repeat of the label finds a number of its own."""
    numbers = [p for p in content.phrases if _BARE_NUMBER.match(p.text.strip())]
    if not numbers:
        return fields
    boxes = np.array([p.bbox for p in numbers], float)
    reach = content.fraction_y(ROW_NUMBER_LINES * (content.body_font_size or DEFAULT_LINE_PT))
    repeats = collections.defaultdict(list)
    for index, item in enumerate(fields):
        if text := _repeatable(item):
            repeats[text].append(index)
    led = list(fields)
    for places in (p for p in repeats.values() if len(p) >= 2):
        found = [_number_beside(fields[i].bbox, boxes, reach) for i in places]
        if None in found or len(set(found)) < len(found):
            continue  # a repeat with no number of its own: the numbers tell nothing apart
        for index, number in zip(places, found):
            led[index] = _led_by(fields[index], _item_heading(numbers[number], fields[index], content))
    return led


def _item_heading(number: Phrase, item: Field, content: PageContent) -> str:
    """What tells a repeat apart: its number, or where the number heads an item over the field's
    line ("[1] Your name:" over "First: ___  Last: ___"), the item's words after it ("Your name:
    First", as the form's author names it, where "1: First" says nothing to a reader); not the
    field's own label (a row's caption in its cell's corner, beside a number half-way down)."""
    own = number.text.strip().rstrip(".")
    if (number.bbox[1] + number.bbox[3]) / 2 >= item.bbox[1]:
        return own  # on the field's line: a table row's number
    line = number.bbox[3] - number.bbox[1]
    after = [p for p in content.phrases if 0 <= p.bbox[0] - number.bbox[2] <= ITEM_WORDS_GAP * line
             and abs((p.bbox[1] + p.bbox[3]) / 2 - (number.bbox[1] + number.bbox[3]) / 2) < line / 2
             and any(c.isalpha() for c in p.text)]
    words = min(after, key=lambda p: p.bbox[0]).text.strip().rstrip(":") if after else ""
    return words if words and fold(words) != fold(_said(item).strip().rstrip(":")) else own


def _number_beside(box: Box, numbers: np.ndarray, reach: float) -> int | None:
    """The number printed left of the field on its row: of those ending left of it whose middle
    is within ``reach`` of the field's, the nearest to its middle (then to its left side)."""
    middle = (box[1] + box[3]) / 2
    distance = np.abs((numbers[:, 1] + numbers[:, 3]) / 2 - middle)
    beside = (numbers[:, 2] <= box[0]) & (distance <= reach)
    if not beside.any():
        return None
    order = np.lexsort((box[0] - numbers[:, 2], np.round(distance, 4)))
    return int(next(i for i in order if beside[i]))
