"""Synthetic blocks of the ruled layouts the detector misses on forms from sources it never saw
(issue 16): cells captioned small inside, questions ending in a rule, rules captioned in parts
under them, signature lines with an arrowhead or an X, tables filled in row by row.

Each block draws into the column [x0, x1] from y down and returns the y below it (dataset/synth.py
composes them). Labels sit where the real corpus's widgets sit, measured on the widgets of 250
``app``-tier corpus files (10th-90th percentile, scratch measurement of widget edges against the
page's rulings):

- a text widget on a rule stands on it (bottom within 1.3 pt of the rule), 11-22 pt tall
  (13 pt at the median, with 9 pt body text): ``RULE_FIELD_PT``;
- a widget in a ruled cell spans the cell within 1 pt of each rule: ``CELL_INSET_PT``;
- in a cell captioned at its top (156 widgets) the widget starts halfway down the caption
  (5.4 pt under the top rule at the median, the caption's ink reaching 10.5 pt down); in a cell
  captioned at its bottom (45 widgets) it covers the whole cell, caption too;
- signature widgets standing on a rule are 12-26 pt tall (refine/signature_lines.py).
"""

from __future__ import annotations

import random

from ..fields import FieldClass
from .synth_canvas import Canvas
from .synth_words import (
    COLUMNS, DATE_WORD, LABELS, LINE_PROMPTS, OPTIONS, PART_CAPTIONS, PLACE_AND_DATE, SIGN_PROMPTS,
    SIGNATURE_LABELS,
)

RULE_FIELD_PT = (11.0, 22.0)
SIGNATURE_FIELD_PT = (12.0, 26.0)
CELL_INSET_PT = 0.5
# Share of a top caption's extent (gap + font size) the field starts below the cell's top rule.
TOP_CAPTION_COVERED = 0.5
MIN_RULE_PT = 40.0  # a blank shorter than this is not worth drawing
MIN_COMB_PT = 9.0  # character boxes smaller than this take no handwriting


def block_caption_cells(c: Canvas, x0: float, x1: float, y: float) -> float:
    """A section of ruled cells, each captioned small inside at its top or bottom edge ("Name,
    Vorname" over an empty space), a frame heavier than the rules within; some cells hold check
    boxes or character boxes, and the last row may be "Ort, Datum | Unterschrift"."""
    rng = c.rng
    small = c.size * rng.uniform(0.6, 0.8)
    at_top = rng.random() < 0.75
    gap = rng.uniform(1.0, 2.5)  # between the caption and the rule it hangs from or stands on
    height = max(small + gap + RULE_FIELD_PT[0], c.size * rng.uniform(2.2, 3.6))
    frame, inner = _frame_and_inner(c)
    number = 1 if rng.random() < 0.3 else 0
    rows = rng.randint(2, 6)
    signature_row = rng.random() < 0.3
    for r in range(rows):
        top, bottom = y + r * height, y + (r + 1) * height
        if r:
            c.line(x0, top, x1, top, width=inner)
        last = r == rows - 1 and signature_row
        edges = _column_edges(rng, x0, x1, 2 if last else rng.choice([1, 2, 2, 3, 3, 4]))
        for i, (a, b) in enumerate(zip(edges, edges[1:])):
            if i:
                c.line(a, top, a, bottom, width=inner)
            caption = (c.pick(SIGNATURE_LABELS) if i else c.pick(PLACE_AND_DATE)) if last else c.pick(LABELS)
            if number:
                caption, number = f"{number} {caption}", number + 1
            caption = _fit(c, caption, b - a - 4, small, font=c.caption_font)
            if not last and b - a > 120 and rng.random() < 0.15:
                comb = height - gap - small - 3 >= MIN_COMB_PT and rng.random() < 0.4
                (_comb_cell if comb else _choice_cell)(c, a, b, top, bottom, caption, small, gap)
                continue
            baseline = top + gap + small * 0.8 if at_top else bottom - gap - small * 0.25
            c.caption(a + rng.uniform(1.5, 3.0), baseline, caption, small)
            field_top = top + TOP_CAPTION_COVERED * (gap + small) if at_top else top + CELL_INSET_PT
            cls = FieldClass.signature if last and i else FieldClass.text
            c.field(cls, (a + CELL_INSET_PT, field_top, b - CELL_INSET_PT, bottom - CELL_INSET_PT))
    c.rect((x0, y, x1, y + rows * height), width=frame)
    return y + rows * height + c.size * 0.8


def _choice_cell(c: Canvas, a: float, b: float, top: float, bottom: float, caption: str, small: float, gap: float):
    """A cell captioned at its top whose answer is ticked: options with their boxes in a row."""
    rng = c.rng
    c.caption(a + 2, top + gap + small * 0.8, caption, small)
    room = bottom - (top + gap + small)
    side = min(rng.uniform(6.5, 10.0), room - 3)
    box_top = bottom - (room + side) / 2
    x = a + rng.uniform(3, 8)
    options = OPTIONS.get(c.lang) or OPTIONS["en"]
    for option in rng.sample(options, k=rng.randint(2, 3)):
        if x + side + c.width_of(option) + 4 > b:
            break
        label = c.check_box((x, box_top, x + side, box_top + side))
        x = label[2] + 3 + c.text(label[2] + 3, box_top + side * 0.85, option) + rng.uniform(8, 16)


def _comb_cell(c: Canvas, a: float, b: float, top: float, bottom: float, caption: str, small: float, gap: float):
    """A cell captioned at its top whose answer goes one character a box (IBAN, tax number):
    a run of boxes along its bottom, labelled as one field, as comb fields are."""
    rng = c.rng
    c.caption(a + 2, top + gap + small * 0.8, caption, small)
    side = min(rng.uniform(9.0, 14.0), bottom - top - gap - small - 3)
    count = min(int((b - a - 8) / side), rng.choice([6, 9, 11, 13, 22]))
    x, box_top = a + rng.uniform(3, 6), bottom - side - rng.uniform(1.5, 3.0)
    for k in range(count):
        c.rect((x + k * side, box_top, x + (k + 1) * side, box_top + side), width=c.line_width * 0.75)
    c.field(FieldClass.text, (x, box_top, x + count * side, box_top + side))


def block_named_rules(c: Canvas, x0: float, x1: float, y: float) -> float:
    """Questions that end in a long rule on their own line ("1. Your current name: ________"), the
    rule sometimes captioned in parts under it ("first   middle   last") and drawn as one rule (one
    field) or as a rule per part (a field each), sometimes continued by a full-width rule."""
    rng = c.rng
    small = c.size * rng.uniform(0.65, 0.8)
    numbered = rng.random() < 0.4
    for i in range(rng.randint(1, 4)):
        height = _rule_field_height(c, FieldClass.text)
        rule_y = y + height
        prompt = (f"{i + 1}. " if numbered else "") + c.pick(LINE_PROMPTS) + rng.choice([":", ":", ""])
        start = x0 + c.text(x0, rule_y - 1.5, prompt) + rng.uniform(3, 8)
        if x1 - start < MIN_RULE_PT * 2:  # no room on the prompt's line: the rule takes the next
            start, rule_y = x0 + rng.uniform(0, 15), rule_y + c.size * 0.4 + height
        end = x1 - (x1 - start) * rng.choice([0, 0, rng.uniform(0, 0.3)])
        parts = c.pick(PART_CAPTIONS) if rng.random() < 0.45 else []
        if parts:
            _parted_rule(c, start, end, rule_y, height, parts, small)
            y = rule_y + small * 1.3 + rng.uniform(4, 10)
            continue
        _rule_field(c, FieldClass.text, start, end, rule_y, height)
        if rng.random() < 0.25:
            rule_y += height
            _rule_field(c, FieldClass.text, x0, x1, rule_y, height)
        y = rule_y + rng.uniform(3, 10)
    return y + c.size * 0.5


def _parted_rule(c: Canvas, start: float, end: float, rule_y: float, height: float, parts: list[str],
                 small: float) -> None:
    """A rule captioned in parts under it: one rule and field, or one per part with gaps between."""
    rng = c.rng
    split = rng.random() < 0.5
    spacing = rng.uniform(6, 12) if split else 0.0
    shares = [rng.uniform(1.0, 2.0) for _ in parts]
    unit = (end - start - spacing * (len(parts) - 1)) / sum(shares)
    centred = rng.random() < 0.4
    x = start
    for part, share in zip(parts, shares):
        width = share * unit
        offset = (width - c.width_of(part, small, font=c.caption_font)) / 2 if centred else 1.0
        c.caption(x + max(0.0, offset), rule_y + small * 1.05 + 1, part, small)
        if split:
            _rule_field(c, FieldClass.text, x, x + width, rule_y, height)
        x += width + spacing
    if not split:
        _rule_field(c, FieldClass.text, start, end, rule_y, height)


def block_signature_prompt(c: Canvas, x0: float, x1: float, y: float) -> float:
    """A signature line as forms ask for it: a prompt ("Sign below") above or before a rule that
    starts with an arrowhead or an X, the signer often captioned under it and a date line beside
    it; or a box captioned "Signature" under it."""
    rng = c.rng
    style = rng.random()
    small = c.size * rng.uniform(0.7, 0.9)
    if style < 0.25:
        return _signature_box(c, x0, x1, y, small)
    height = _rule_field_height(c, FieldClass.signature)
    with_date = rng.random() < 0.5 and x1 - x0 > 250
    end = x0 + (x1 - x0) * rng.uniform(0.55, 0.7) if with_date else x1 - (x1 - x0) * rng.uniform(0, 0.4)
    if style < 0.65:  # the prompt above, the rule on the next line
        c.text(x0, y + c.size, c.pick(SIGN_PROMPTS) + rng.choice([":", "", ""]), bold=rng.random() < 0.5)
        rule_y = y + c.size * 1.4 + height
        start = x0 + rng.uniform(0, 20)
    else:  # the prompt before the rule, on its line
        rule_y = y + height
        start = x0 + c.text(x0, rule_y - 1.5, c.pick(SIGNATURE_LABELS) + rng.choice([":", ""])) + rng.uniform(4, 10)
    start += _signature_marker(c, start, rule_y)
    if end - start < 110:  # narrower than any signature line a form prints
        end = min(x1, start + 110)
    _rule_field(c, FieldClass.signature, start, end, rule_y, height)
    below = rule_y + small * 1.05 + 1
    if rng.random() < 0.6:
        caption = c.pick(SIGNATURE_LABELS)
        c.caption(start, below, f"({caption})" if rng.random() < 0.4 else caption, small)
    if with_date and x1 - end > 60:
        date_start = end + rng.uniform(10, 25)
        _rule_field(c, FieldClass.text, date_start, x1, rule_y, _rule_field_height(c, FieldClass.text))
        c.caption(date_start, below, DATE_WORD.get(c.lang, "Date"), small)
    return below + c.size


def _signature_marker(c: Canvas, x: float, rule_y: float) -> float:
    """What some forms print at a signature line's start (an arrowhead, an "X"); its width."""
    rng = c.rng
    kind = rng.choice(["arrow", "arrow", "x", "none"])
    side = c.size * rng.uniform(0.7, 1.1)
    if kind == "arrow":  # a filled triangle pointing along the line, standing on it
        c.sheet.polygon([(x, rule_y - side - 1), (x + side * 0.87, rule_y - side / 2 - 1), (x, rule_y - 1)], c.ink)
        return side * 0.87 + 2
    if kind == "x":
        return c.text(x, rule_y - 2, "X", size=side * 1.3, bold=True) + 2
    return 0.0


def _signature_box(c: Canvas, x0: float, x1: float, y: float, small: float) -> float:
    """A box to sign in, captioned under it (or at its top), maybe beside a place-and-date box."""
    rng = c.rng
    height = rng.uniform(24.0, 50.0)
    right = x0 + (x1 - x0) * rng.uniform(0.4, 0.8)
    left = x0
    if rng.random() < 0.5 and right < x1 - 100:  # "Ort, Datum" first, the signature to its right
        split = x0 + (x1 - x0) * rng.uniform(0.3, 0.45)
        c.rect((x0, y, split - 8, y + height))
        c.caption(x0, y + height + small * 1.05 + 1, c.pick(PLACE_AND_DATE), small)
        c.field(FieldClass.text, (x0 + CELL_INSET_PT, y + CELL_INSET_PT, split - 8 - CELL_INSET_PT,
                                  y + height - CELL_INSET_PT))
        left, right = split, x1
    c.rect((left, y, right, y + height))
    caption = _fit(c, c.pick(SIGNATURE_LABELS), right - left - 4, small, font=c.caption_font)
    if rng.random() < 0.7:
        c.caption(left, y + height + small * 1.05 + 1, caption, small)
        field_top = y + CELL_INSET_PT
    else:
        c.caption(left + 2, y + small + 1.5, caption, small)
        field_top = y + TOP_CAPTION_COVERED * (small + 1.5)
    c.field(FieldClass.signature, (left + CELL_INSET_PT, field_top, right - CELL_INSET_PT, y + height - CELL_INSET_PT))
    return y + height + small * 1.5 + c.size


def block_row_table(c: Canvas, x0: float, x1: float, y: float) -> float:
    """A table filled in row by row: each cell of each empty row is a field of its own, whether the
    table is ruled in full, ruled only across, or shaded in bands; often a numbered first column
    (not a field) and sometimes a column of check boxes."""
    rng = c.rng
    style = rng.choice(["grid", "grid", "across", "bands"])
    rows = rng.randint(3, 9)
    row_h = max(RULE_FIELD_PT[0], c.size * rng.uniform(1.5, 2.3))
    head_h = row_h * rng.choice([1.0, 1.0, 1.6])
    numbered = rng.random() < 0.4
    checks = rng.random() < 0.25
    frame, inner = _frame_and_inner(c)
    number_w = c.size * 2.2 if numbered else 0.0
    check_w = c.size * 4 if checks else 0.0
    edges = _column_edges(rng, x0 + number_w, x1 - check_w, rng.randint(2, 5))
    edges = ([x0] if numbered else []) + edges + ([x1] if checks else [])
    head = c.size * 0.85
    shaded = rng.random() < 0.5 or style == "bands"
    if shaded:
        c.sheet.rect((x0, y, x1, y + head_h), None, c.accent, 0)
    on_dark = shaded and sum(c.accent) < 1.5  # white headings on a dark band
    columns = COLUMNS.get(c.lang) or COLUMNS["en"]
    titles = iter(rng.sample(columns, k=min(len(columns), len(edges))))
    for i, (a, b) in enumerate(zip(edges, edges[1:])):
        title = "Nr." if numbered and i == 0 else c.pick(OPTIONS) if checks and b == x1 else next(titles)
        c.text(a + 2, y + head_h / 2 + head * 0.35, _fit(c, title, b - a - 4, head, bold=True), size=head, bold=True,
               color=(1, 1, 1) if on_dark else None)
    body = y + head_h
    band = tuple(min(1.0, 0.5 + v / 2) for v in c.accent)  # the accent, lightened
    number_suffix = rng.choice(["", "."])
    inset = CELL_INSET_PT if style == "grid" else 1.5  # no rule between columns: leave them a gap
    for r in range(rows):
        top = body + r * row_h
        if style == "bands" and r % 2:
            c.sheet.rect((x0, top, x1, top + row_h), None, band, 0)
        elif style != "bands":
            c.line(x0, top, x1, top, width=frame if r == 0 else inner)
        for i, (a, b) in enumerate(zip(edges, edges[1:])):
            if numbered and i == 0:
                c.text(a + 3, top + row_h / 2 + c.size * 0.35, f"{r + 1}{number_suffix}")
            elif checks and b == x1:
                side = min(row_h * 0.65, rng.uniform(7.0, 10.0))
                cx, cy = (a + b - side) / 2, top + (row_h - side) / 2
                c.check_box((cx, cy, cx + side, cy + side), width=inner)
            else:
                c.field(FieldClass.text, (a + inset, top + CELL_INSET_PT, b - inset, top + row_h - CELL_INSET_PT))
    bottom = body + rows * row_h
    c.line(x0, bottom, x1, bottom, width=frame)
    if style == "grid":
        for a in edges[1:-1]:
            c.line(a, y, a, bottom, width=inner)
        c.rect((x0, y, x1, bottom), width=frame)
    return bottom + c.size


# --- shared helpers ---------------------------------------------------------------------------

def _rule_field(c: Canvas, cls: FieldClass, start: float, end: float, rule_y: float, height: float) -> None:
    """A rule from ``start`` to ``end`` and its field standing on it, ``height`` tall."""
    if end - start < MIN_RULE_PT:
        return
    c.line(start, rule_y, end, rule_y)
    c.field(cls, (start, rule_y - height, end, rule_y + c.line_width / 2))


def _rule_field_height(c: Canvas, cls: FieldClass) -> float:
    """How tall a field standing on a rule is, within the corpus's range: text fields about 1.45 times
    the body text at the median, signatures (16 pt at the median) taller."""
    if cls is FieldClass.signature:
        return min(SIGNATURE_FIELD_PT[1], max(SIGNATURE_FIELD_PT[0], c.size * c.rng.uniform(1.6, 2.8)))
    return min(RULE_FIELD_PT[1], max(RULE_FIELD_PT[0], c.size * c.rng.uniform(1.3, 2.2)))


def _frame_and_inner(c: Canvas) -> tuple[float, float]:
    """Line weights of a ruled section: its frame often heavier than the rules inside it."""
    rng = c.rng
    return c.line_width * rng.choice([1.0, 1.5, 2.0, 3.0]), max(0.25, c.line_width * rng.choice([0.5, 0.75, 1.0]))


def _column_edges(rng: random.Random, x0: float, x1: float, count: int) -> list[float]:
    """``count`` columns across [x0, x1], none less than half as wide as another's share."""
    shares = [rng.uniform(1.0, 2.5) for _ in range(count)]
    edges, x = [x0], x0
    for share in shares:
        x += (x1 - x0) * share / sum(shares)
        edges.append(x)
    edges[-1] = x1
    return edges


def _fit(c: Canvas, text: str, width: float, size: float, bold: bool = False, font: str | None = None) -> str:
    """``text`` cut to ``width`` points, as a form would abbreviate a caption."""
    while len(text) > 3 and c.width_of(text, size, bold, font) > width:
        text = text[:-1]
    return text
