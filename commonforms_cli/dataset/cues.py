"""Does the flat page show where a widget is? The "cued" truth of ``commonforms eval``.

A person filling a printed form sees where to write from a rule under the blank, a box or a
cell around it, or a printed square to tick. A widget an author put on blank paper beside a
caption ("Name:      ") is a fair field, but no drawing says where its box begins and ends, so
its rectangle is the author's guess and no detector can be expected to reproduce it. The cued
truth counts only widgets whose spot the page draws (detections on the others are ignored);
the visible truth counts them all. Pixels only: scans have no vector drawing.
"""

from __future__ import annotations

import numpy as np

from ..fields import FieldClass
from ..geometry import Box, Raster

DARK = 215  # grey levels below this are ink (a hairline rendered at the model's size is light grey)
GAP_PX = 3  # gaps this wide in a line (dashes, dots of a scan) still make one line
MIN_RULE_COVER = 0.6  # a rule or cell side runs along this share of the box's side
MIN_SQUARE_SIDE_INK = 0.4  # each side of a printed square or circle: ink along this share of it


def spots_shown(gray: np.ndarray, boxes: list[tuple[FieldClass, Box]]) -> list[bool]:
    """For each ``(class, box)`` (display fractions): is there a rule under the box, a cell around
    it, or, for a check box, a printed square or circle on it? ``gray``: the page without
    widgets, H x W uint8; its ink is found once for all the boxes."""
    ink = gray < DARK
    raster = Raster.of(gray)
    return [_spot_shown(ink, cls, raster.to_pixels(box)) for cls, box in boxes]


def _spot_shown(ink: np.ndarray, cls: FieldClass, pixels: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = pixels
    if x1 - x0 < 1 or y1 - y0 < 1:
        return False
    if cls is FieldClass.choice:
        return _printed_square(ink, x0, y0, x1, y1)
    return _rule_under(ink, x0, y0, x1, y1) or _cell_sides(ink, x0, y0, x1, y1)


def _rule_under(ink: np.ndarray, x0, y0, x1, y1) -> bool:
    """A horizontal line along most of the box's width, from its middle to a little below it."""
    h = y1 - y0
    rows = ink[_span(ink.shape[0], (y0 + y1) / 2, y1 + max(4.0, 0.5 * h))]
    return _longest_run(rows[:, _span(ink.shape[1], x0, x1)]) >= MIN_RULE_COVER * (x1 - x0)


def _cell_sides(ink: np.ndarray, x0, y0, x1, y1) -> bool:
    """Vertical lines along most of the box's height at both its sides: a table cell."""
    reach = max(4.0, 0.1 * (x1 - x0))
    rows = _span(ink.shape[0], y0, y1)
    need = MIN_RULE_COVER * (y1 - y0)
    return all(
        _longest_run(ink[rows, _span(ink.shape[1], x - reach, x + reach)].T) >= need for x in (x0, x1)
    )


def _printed_square(ink: np.ndarray, x0, y0, x1, y1) -> bool:
    """Ink along each of the four sides of the box, a little inside or outside it."""
    side = min(x1 - x0, y1 - y0)
    reach = max(2.0, 0.3 * side)
    height, width = ink.shape
    inner_x, inner_y = _span(width, x0 + reach, x1 - reach), _span(height, y0 + reach, y1 - reach)
    strips = (
        ink[_span(height, y0 - reach, y0 + reach), inner_x].any(axis=0),
        ink[_span(height, y1 - reach, y1 + reach), inner_x].any(axis=0),
        ink[inner_y, _span(width, x0 - reach, x0 + reach)].any(axis=1),
        ink[inner_y, _span(width, x1 - reach, x1 + reach)].any(axis=1),
    )
    return all(strip.size and strip.mean() >= MIN_SQUARE_SIDE_INK for strip in strips)


def _span(size: int, start: float, end: float) -> slice:
    return slice(max(0, int(start)), max(0, min(size, int(np.ceil(end)))))


def _longest_run(rows: np.ndarray) -> int:
    """The longest run of ink along any row of ``rows`` (2-D bool), gaps up to GAP_PX bridged."""
    best = 0
    for row in rows:
        columns = np.flatnonzero(row)
        if len(columns) <= best:
            continue
        breaks = np.flatnonzero(np.diff(columns) > GAP_PX + 1)
        starts = np.concatenate(([0], breaks + 1))
        ends = np.concatenate((breaks, [len(columns) - 1]))
        best = max(best, int((columns[ends] - columns[starts]).max()) + 1)
    return best
