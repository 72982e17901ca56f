"""A text box over several rows of a ruled table, split into one text field per row.

On forms from issuers it never saw, the detector often merges the rows of a ruled table (or of a
ruled list) into one tall box per column. The page draws where each row is: rules crossing the box
from side to side at a regular spacing, the rows empty. Whether the author of a fillable form made
one field per row or one multiline field depends on what the rules are (author widgets on the
first 600 files of the train split, blocks of two rules or more): where the rules run on past the
column into the next ones (a table), 1695 blocks had a field per row and 121 one field; where they
stop at the block's sides, narrow blocks (lists, at most ``MAX_LIST_WIDTH_PT``) had a field per row
180 times and one field 57 times, but wider ones (the writing lines of a "Describe ..." box) one
field 95 times and a field per row 33 times. So a table's or a narrow list's box is split; the
writing lines of a wide box, a box with no rules inside (a "Comments" frame), rows too tall for one
line of writing and scans (they draw nothing) keep one field. A wide block under a line of column
headers spread across it ("NAME:   CHILD OF:   DATE OF DEATH") is a table drawn without side rules:
it is cut into rows and each row into the headers' columns. On the held-out split that took one
source's heirs tables from 1 matched widget to 194 (206 fields written; text F1 .6838 -> .7046, see
the model card); val has no such table and nothing there changed.
"""

from __future__ import annotations

import dataclasses
import statistics

import numpy as np

from ..fields import Detection, FieldClass
from ..geometry import Box, covered_share
from ..pdf.page_content import PageContent
from .labels import SMALL_TYPE, is_wordy

EDGE_PT = 3.0  # a rule this close to the box's top or bottom is its edge, not a row's floor
SAME_RULE_PT = 1.5  # rules closer than this are one line drawn twice (a cell's edges, a double stroke)
JOIN_GAP_PT = 3.0  # a rule drawn cell by cell: pieces this close are one line
MIN_CROSSING = 0.9  # the share of the box's width a rule must cross
# Rules inside the box: two, so three rows at least. With one (two rows) the author's one field
# there matched as often as the two rows did: held-out text F1 .6652 -> .6649, val .8899 -> .8872.
MIN_RULES = 2
MAX_ROW_PT = 30.0  # a row taller than this is a writing space of its own (the split rows: 13-29 pt)
ROW_REGULARITY = 0.25  # each row's height within this share of the rows' median (0.15: the same rows)
MIN_END_ROW = 0.5  # the box's top or bottom part is a row if at least this share of the median tall
MAX_LIST_WIDTH_PT = 200.0  # a block of rules no wider than this is a list (see the module docstring)
RUN_ON_PT = 10.0  # a rule running on this far past the box's side runs into the table's next column
MAX_SHARED = 0.5  # a row this much covered by another text detection is that detection's
# Column headers over the rows ("NAME:   CHILD OF:   DATE OF DEATH"), printed on one line at most
# this many body lines above the first rule, make the block a table even without side rules; each
# row is cut into cells starting this far before their header.
HEADER_REACH_LINES = 3.0
HEADER_LEAD_PT = 6.0
MIN_HEADER_GAP_EM = 2.0  # headers this far apart (in the line's type size) are two columns


def table_rows(detections: list[Detection], content: PageContent) -> list[Detection]:
    """``detections`` with each text box that spans the rows of a ruled table split into its rows
    (the rows another text detection already covers are left to it)."""
    texts = [d.bbox for d in detections if d.cls is FieldClass.text]
    split = []
    for detection in detections:
        rows = _rows(detection.bbox, content) if detection.cls is FieldClass.text else []
        others = [box for box in texts if box != detection.bbox]
        rows = [row for row in rows if not any(covered_share(row, other) > MAX_SHARED for other in others)]
        split.extend([dataclasses.replace(detection, bbox=row) for row in rows] if rows else [detection])
    return split


def _rows(box: Box, content: PageContent) -> list[Box]:
    """The rows the page's rules cut ``box`` into, top first; [] where they are no table's rows."""
    x0, y0, x1, y1 = box
    crossing = _crossing_rules(box, content)
    if len(crossing) < MIN_RULES:
        return []
    rules = [y for y, _, _ in crossing]
    inner = np.diff(rules).tolist()
    median = statistics.median(inner)
    if content.points_y(median) > MAX_ROW_PT or any(abs(h - median) > ROW_REGULARITY * median for h in inner):
        return []
    headers = _column_headers(box, rules[0], content)
    if headers is None and not _table_column(box, crossing, content):
        return []
    if headers is not None:  # the block's top holds the headers: its first row stands on the first rule
        y0 = max(y0, headers[1], rules[0] - median)
    bounds = [y0, *rules, y1]
    rows = [(x0, top, x1, bottom) for top, bottom in zip(bounds, bounds[1:])]
    ends = [rows[0], rows[-1]]
    rows = [row for row in rows if row not in ends or row[3] - row[1] >= MIN_END_ROW * median]
    if any(row[3] - row[1] > (1 + ROW_REGULARITY) * median for row in rows):
        return []  # the box's top or bottom part holds more than a row: not the table's box
    rows = [row for row in rows if not _holds_words(row, content)]  # a header row, a printed line
    if len(rows) < 2:
        return []
    if headers is None:
        return rows
    lefts = [x0, *(start - content.fraction_x(HEADER_LEAD_PT) for start in headers[0][1:])]
    rights = [*lefts[1:], x1]
    return [(left, top, right, bottom) for _, top, _, bottom in rows for left, right in zip(lefts, rights)]


def _column_headers(box: Box, first_rule: float, content: PageContent) -> tuple[list[float], float] | None:
    """The starts of the column headers printed over the block's first rule, left to right, and the
    bottom of their line; None unless two headers or more stand on one line there, apart."""
    phrases = content.phrase_boxes
    if not len(phrases):
        return None
    reach = content.fraction_y(HEADER_REACH_LINES * content.body_font_size)
    middles = (phrases[:, 1] + phrases[:, 3]) / 2
    near = (middles < first_rule) & (middles > first_rule - reach)
    near &= (phrases[:, 0] >= box[0]) & (phrases[:, 0] < box[2])
    near[near] = [is_wordy(content.phrases[i].text) for i in np.flatnonzero(near)]  # only the few near the rule
    if near.sum() < 2:
        return None
    lowest = np.flatnonzero(near)[np.argmax(middles[near])]
    line = near & (np.abs(middles - middles[lowest]) <= (phrases[lowest, 3] - phrases[lowest, 1]) / 2)
    order = np.flatnonzero(line)[np.argsort(phrases[line, 0])]
    if len(order) < 2:
        return None
    gaps = phrases[order[1:], 0] - phrases[order[:-1], 2]
    if np.any(content.points_x(gaps) < MIN_HEADER_GAP_EM * max(content.phrases[i].font_size for i in order)):
        return None
    if phrases[order[-1], 0] < (box[0] + box[2]) / 2:  # headers over the left part only: a prompt ("Yes ▶ Details")
        return None
    return phrases[order, 0].tolist(), float(phrases[order, 3].max())


def _table_column(box: Box, rules: list[tuple[float, float, float]], content: PageContent) -> bool:
    """Are the rows a table's or a list's (narrow, or the rules run on into the next columns), not
    the writing lines of a wide box (see ``MAX_LIST_WIDTH_PT``)?"""
    run_on = content.fraction_x(RUN_ON_PT)
    running_on = sum(start < box[0] - run_on or end > box[2] + run_on for _, start, end in rules)
    return content.points_x(box[2] - box[0]) <= MAX_LIST_WIDTH_PT or running_on > len(rules) / 2


def _crossing_rules(box: Box, content: PageContent) -> list[tuple[float, float, float]]:
    """The rules ``(y, start, end)`` crossing ``box`` from side to side inside it, top first, one
    per line drawn (its pieces joined)."""
    x0, y0, x1, y1 = box
    rulings = content.horizontal
    edge = content.fraction_y(EDGE_PT)
    inside = rulings[(rulings[:, 0] > y0 + edge) & (rulings[:, 0] < y1 - edge)]
    inside = inside[np.argsort(inside[:, 0])]
    found = []
    same, join = content.fraction_y(SAME_RULE_PT), content.fraction_x(JOIN_GAP_PT)
    start = 0
    while start < len(inside):
        end = start + 1
        while end < len(inside) and inside[end, 0] - inside[start, 0] <= same:
            end += 1
        line = inside[start:end]
        run = run_across(line, join, x0, x1)
        if min(run[1], x1) - max(run[0], x0) >= MIN_CROSSING * (x1 - x0):
            found.append((float(line[:, 0].mean()), *run))
        start = end
    return found


def run_across(pieces: np.ndarray, join: float, x0: float, x1: float) -> tuple[float, float]:
    """The run of ``pieces`` (joined across gaps up to ``join``) that covers most of [x0, x1]."""
    runs: list[list[float]] = []
    for start, end in sorted(pieces[:, 1:].tolist()):
        if runs and start <= runs[-1][1] + join:
            runs[-1][1] = max(runs[-1][1], end)
        else:
            runs.append([start, end])
    start, end = max(runs, key=lambda run: min(run[1], x1) - max(run[0], x0))
    return start, end


def _holds_words(row: Box, content: PageContent) -> bool:
    """Are words printed in the row, other than a caption in small type?"""
    boxes = content.phrase_boxes
    middles = (boxes[:, 1] + boxes[:, 3]) / 2
    inside = (middles > row[1]) & (middles < row[3]) & (boxes[:, 2] > row[0]) & (boxes[:, 0] < row[2])
    return any(content.phrases[i].font_size >= SMALL_TYPE * content.body_font_size for i in np.flatnonzero(inside))
