"""Tab order: the order a person reads the page in, by rows, column by column where it has columns.

The page is cut like a newspaper (recursive XY-cut) over its fields and its
text: a vertical gutter that nothing crosses splits columns, read left column
first, but only when the two sides are not row-aligned. Row-aligned sides
are a table, or label/field pairs, and are read row by row. A two-column
layout whose lines happen to align reads as rows too: geometry alone cannot
tell it from a table.
"""

from __future__ import annotations

import numpy as np

from ..fields import Field
from ..pdf.page_content import PageContent

MIN_GUTTER_PT = 12.0  # the narrowest white strip that separates columns
# Sides are row-aligned when this share of the smaller side's items has a
# partner on the other side whose centre is within this share of its height.
ALIGNED_SHARE = 0.5
ALIGNED_CENTRE = 0.5


def tab_order(fields: list[Field], content: PageContent) -> list[Field]:
    """One page's fields in reading order."""
    boxes = np.array([f.bbox for f in fields] + [p.bbox for p in content.phrases], float).reshape(-1, 4)
    cutter = _Cutter(boxes, content.fraction_x(MIN_GUTTER_PT))
    order = [i for i in cutter.order(list(range(len(boxes)))) if i < len(fields)]
    return [fields[i] for i in order]


class _Cutter:
    def __init__(self, boxes: np.ndarray, min_gutter: float):
        self.boxes = boxes
        self.min_gutter = min_gutter

    def order(self, items: list[int]) -> list[int]:
        if len(items) < 2:
            return items
        columns = self._columns(items)
        if columns:
            return [i for column in columns for i in self.order(column)]
        bands = self._bands(items)
        if len(bands) == 1:
            return _line_order(items, self.boxes)
        ordered = []
        start = 0
        while start < len(bands):
            end = start + 1  # grow the run of bands while they share a column gutter
            while end < len(bands) and self._columns([i for band in bands[start : end + 1] for i in band]):
                end += 1
            ordered.extend(self.order([i for band in bands[start:end] for i in band]))
            start = end
        return ordered

    def _bands(self, items: list[int]) -> list[list[int]]:
        """Items split where a horizontal white strip crosses all of them, top to bottom."""
        bands: list[list[int]] = []
        bottom = -np.inf
        for i in sorted(items, key=lambda i: self.boxes[i, 1]):
            if self.boxes[i, 1] >= bottom:
                bands.append([])
            bands[-1].append(i)
            bottom = max(bottom, self.boxes[i, 3])
        return bands

    def _columns(self, items: list[int]) -> list[list[int]] | None:
        """The items split at the first gutter whose sides are not row-aligned, or None."""
        for gutter in self._gutters(items):
            left = [i for i in items if self.boxes[i, 0] + self.boxes[i, 2] < 2 * gutter]
            right = [i for i in items if self.boxes[i, 0] + self.boxes[i, 2] >= 2 * gutter]
            if left and right and not _row_aligned(self.boxes[left], self.boxes[right]):
                return [left, right]
        return None

    def _gutters(self, items: list[int]) -> list[float]:
        """Middles of the vertical white strips, at least ``min_gutter`` wide, between items."""
        spans = sorted((self.boxes[i, 0], self.boxes[i, 2]) for i in items)
        gutters = []
        reach = spans[0][1]
        for x0, x1 in spans[1:]:
            if x0 - reach >= self.min_gutter:
                gutters.append((x0 + reach) / 2)
            reach = max(reach, x1)
        return gutters


def _row_aligned(left: np.ndarray, right: np.ndarray) -> bool:
    smaller, other = (left, right) if len(left) <= len(right) else (right, left)
    centres = (other[:, 1] + other[:, 3]) / 2
    heights = other[:, 3] - other[:, 1]
    matched = 0
    for box in smaller:
        centre, height = (box[1] + box[3]) / 2, box[3] - box[1]
        matched += bool(np.any(np.abs(centres - centre) <= ALIGNED_CENTRE * np.minimum(heights, height)))
    return matched >= ALIGNED_SHARE * len(smaller)


def _line_order(items: list[int], boxes: np.ndarray) -> list[int]:
    """Top-to-bottom lines, left to right within a line.

    An item joins a line when its vertical centre falls within the line's
    first item, so a check box and the taller text field beside it share one.
    """
    lines: list[list[int]] = []
    for i in sorted(items, key=lambda i: (boxes[i, 1], boxes[i, 0])):
        centre = (boxes[i, 1] + boxes[i, 3]) / 2
        line = next((line for line in lines if boxes[line[0], 1] <= centre <= boxes[line[0], 3]), None)
        if line is None:
            lines.append([i])
        else:
            line.append(i)
    return [i for line in lines for i in sorted(line, key=lambda i: boxes[i, 0])]

