"""The ruling lines of a page that is a picture: a scan, or a form exported as one image with its
words laid over it as a text layer. Such a page draws no vector lines, so without this its table
cells, lines to write on and the rules between side-by-side captions are unknown to refine
("SOCIAL SECURITY NUMBER | DATE OF BIRTH" read as one caption). The lines are found in the page's
pixels: runs of ink far longer than any glyph's stroke and as thin as a drawn rule.
"""

from __future__ import annotations

import numpy as np
import pymupdf

from .render import render_page

# The page is searched at this longer side in pixels: about 0.5 pt a pixel on a letter page, so a
# hairline rule is a pixel or two wide.
PICTURE_LONG_SIDE = 1600
# A page is a picture when pictures cover this share of it and it draws fewer than MAX_DRAWN_LINES
# lines and rectangles itself (more: its own rules, over a picture that is a background or a logo).
MIN_PICTURE_SHARE = 0.5
MAX_DRAWN_LINES = 8
# A run of ink shorter than this (points) is a glyph's stroke or a check box's side, not a rule.
MIN_RULE_PT = 18.0
# A band of ink thicker than this (points), or shorter than MIN_RULE_ASPECT times its thickness, is
# a filled shape, a heavy bar or a large glyph's stem (a 30-point heading's: 22 pt tall and 3 pt
# thick, a rule at least 30 times as long as thick).
MAX_RULE_THICKNESS_PT = 3.0
MIN_RULE_ASPECT = 10
# Ink is this much darker than the paper (grey levels): rules printed grey count, as do a scan's
# on grey paper.
INK_CONTRAST = 60
# A scan's rules are tilted: one that steps to the next pixel row (column) every so often is still one
# rule when a run may continue a pixel above or below.
TILT_PX = 1

Rule = tuple[float, float, float]  # (at, start, end) in display fractions, as PageContent's rulings


def picture_share(page: pymupdf.Page) -> float:
    """The share of the page that its pictures cover (a scan is one picture, or a few tiles of one)."""
    area = abs(page.rect)
    if area <= 0:
        return 0.0
    return sum(abs(pymupdf.Rect(info["bbox"]) & page.rect) for info in page.get_image_info()) / area


def picture_rules(page: pymupdf.Page) -> tuple[list[Rule], list[Rule]]:
    """The horizontal and vertical rules printed in the page's pixels, as displayed, in display
    fractions: ``(y, x0, x1)`` and ``(x, y0, y1)``."""
    grey = render_page(page, PICTURE_LONG_SIDE).mean(axis=2)
    ink = grey < np.median(grey) - INK_CONTRAST
    height, width = ink.shape
    points_per_pixel = max(page.rect.width, page.rect.height) / max(height, width)
    min_length = MIN_RULE_PT / points_per_pixel
    max_thickness = MAX_RULE_THICKNESS_PT / points_per_pixel
    horizontal = [(at / height, start / width, end / width)
                  for at, start, end in _rules_along_rows(ink, min_length, max_thickness)]
    vertical = [(at / width, start / height, end / height)
                for at, start, end in _rules_along_rows(ink.T, min_length, max_thickness)]
    return horizontal, vertical


def _rules_along_rows(ink: np.ndarray, min_length: float, max_thickness: float) -> list[Rule]:
    """The rules running along the rows of ``ink`` (bool, rows x columns): ``(row, start, end)`` in
    pixels, the row at the rule's middle. Runs at least ``min_length`` long on neighbouring rows
    that overlap are one rule (a tilted rule steps from row to row); one holding more than
    ``max_thickness`` pixels of ink per pixel of its length, or too few pixels of length per pixel
    of ink across (``MIN_RULE_ASPECT``), is no rule."""
    tilted = ink.copy()
    for step in range(1, TILT_PX + 1):
        tilted[step:] |= ink[:-step]
        tilted[:-step] |= ink[step:]
    edges = np.diff(np.pad(tilted, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    starts, ends = np.argwhere(edges == 1), np.argwhere(edges == -1)  # row-major: they pair up
    long = ends[:, 1] - starts[:, 1] >= min_length
    rules: list[list[int]] = []  # [first row, last row, start, end], growing down the page
    for row, start, end in zip(starts[long, 0], starts[long, 1], ends[long, 1]):
        joined = [r for r in rules if r[1] >= row - 1 and r[2] < end and start < r[3]]
        for other in joined[1:]:  # a run that bridges two rules makes them one
            joined[0][:] = [min(joined[0][0], other[0]), row, min(joined[0][2], other[2]), max(joined[0][3], other[3])]
            rules.remove(other)
        if joined:
            joined[0][1:] = [row, min(joined[0][2], start), max(joined[0][3], end)]
        else:
            rules.append([row, row, start, end])
    found = []
    for first, last, start, end in rules:
        thickness = _thickness(ink, first, last, start, end, reach=int(max_thickness) + 1)
        if thickness <= max_thickness and end - start >= MIN_RULE_ASPECT * thickness:
            found.append(((first + last) / 2, float(start), float(end)))
    return found


def _thickness(ink: np.ndarray, first: int, last: int, start: int, end: int, reach: int) -> float:
    """How deep the ink runs across a rule found on rows ``first`` to ``last``, columns ``start`` to
    ``end``: the median over its columns of the ink run through it (looked for up to ``reach`` rows
    beyond). A rule's own width where words touch it here and there; a glyph's bar or a filled
    shape its whole depth."""
    top = max(first - TILT_PX - reach, 0)
    strip = ink[top: last + TILT_PX + reach + 1, start:end].astype(np.int32)
    down, up = strip.copy(), strip.copy()  # ink rows in a row down to here, and up to here
    for row in range(1, len(strip)):
        down[row] = (down[row - 1] + 1) * strip[row]
        up[-row - 1] = (up[-row] + 1) * strip[-row - 1]
    through = np.where(strip > 0, down + up - 1, 0)
    deepest = through[max(first - TILT_PX - top, 0): last + TILT_PX + 1 - top].max(axis=0)
    return float(np.median(deepest[deepest > 0])) if deepest.any() else 0.0
