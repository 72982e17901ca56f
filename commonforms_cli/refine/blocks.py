"""Repeated blocks: a form that asks the same questions of several people ("PERSON 7", "PERSON 8",
each block with its LEGAL NAME, FIRST NAME, GENDER) gives each block's fields the block's numbered
heading, so that tooltips and names tell the blocks apart ("PERSON 8: FIRST NAME",
``person_8_first_name``, where a screen reader said "FIRST NAME" ten times and ``fill`` keys were
``first_name_2`` .. ``first_name_10``).

Only labels (and radio questions) that repeat on the page take a heading, only headings of a
numbered family (one word or two and a number, alone on their line, the same words with two numbers
at least on the page), not a numbered label of a field ("Phone 2"), and only where the repeats'
headings differ. On the val split (refine_corpus.py --only tooltips) it led 302 fields (children's
and people's blocks of immigration, benefits and tax forms, in English, Spanish and Vietnamese):
tooltip word F1 .5332 -> .5398; held out, no page has such blocks (before the "Phone 2" rule, 10
fields there took a numbered label for a heading).
"""

from __future__ import annotations

import collections
import dataclasses
import re

import numpy as np

from ..fields import Field, FieldKind
from ..pdf.page_content import PageContent, Phrase
from .names import fold

# "PERSON 7", "Child 2", "Vehicle #1", "Employer No. 2": a few words and a number, alone on the line.
_NUMBERED = re.compile(r"^(?P<words>[^\W\d_][^\W\d_'’ .-]*(?: [^\W\d_][^\W\d_'’.-]*){0,2})\s*(?:#|no\.?)?\s*"
                       r"(?P<number>\d{1,2})\s*:?$", re.IGNORECASE)


def with_block_headings(fields: list[Field], content: PageContent) -> list[Field]:
    """``fields`` with each repeated label (a radio option's repeated question) led by the numbered
    heading of its block, where the repeats sit under different headings."""
    said = [_said(item) for item in fields]
    labels = {fold(item.label.strip()) for item in fields}
    # a numbered label ("Phone 2", "Question 11") names its own field and heads no block
    headings = [h for h in _numbered_headings(content) if fold(h.text.strip()) not in labels]
    if not headings:
        return fields
    repeats = collections.Counter(fold(text) for text in said if text)
    led = list(fields)
    for text in [t for t, n in repeats.items() if n >= 2 and not _NUMBERED.match(t)]:
        members = [i for i, t in enumerate(said) if fold(t) == text]
        owners = [_heading_over(fields[i], headings) for i in members]
        if len({o.text for o in owners if o is not None}) < 2:
            continue  # one block, or none: the heading tells nothing apart
        for i, owner in zip(members, owners):
            if owner is not None:
                led[i] = _led_by(fields[i], owner.text.rstrip(":").strip())
    return led


def _said(item: Field) -> str:
    """What a field's tooltip says first: a radio option's group question, else its label."""
    return item.question if item.kind is FieldKind.radio else item.label


def _led_by(item: Field, heading: str) -> Field:
    if item.kind is FieldKind.radio:
        return dataclasses.replace(item, question=f"{heading}: {item.question}")
    return dataclasses.replace(item, label=f"{heading}: {item.label}")


def _numbered_headings(content: PageContent) -> list[Phrase]:
    """Phrases that head a numbered family: the same words with at least two numbers on the page."""
    matches = [(p, _NUMBERED.match(p.text.strip())) for p in content.phrases]
    families = collections.defaultdict(set)
    for _, match in matches:
        if match:
            families[fold(match["words"])].add(match["number"])
    return [p for p, match in matches if match and len(families[fold(match["words"])]) >= 2]


def _heading_over(item: Field, headings: list[Phrase]) -> Phrase | None:
    """The block the field is in: of the headings above it (their top above its middle) that start
    left of its right edge, the lowest; of blocks side by side (headings on one line), the one
    starting nearest on its left."""
    x0, y0, x1, y1 = item.bbox
    boxes = np.array([h.bbox for h in headings], float)
    above = np.flatnonzero((boxes[:, 1] < (y0 + y1) / 2) & (boxes[:, 0] < x1))
    if not len(above):
        return None
    lowest = boxes[above, 1].max()
    line = above[boxes[above, 1] >= lowest - (boxes[above, 3] - boxes[above, 1]).max() / 2]
    return headings[int(line[np.argmax(boxes[line, 0])])]
