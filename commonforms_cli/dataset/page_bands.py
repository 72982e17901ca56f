"""Training pages cut into horizontal bands and stacked again in new orders, labels moving with their band.

Session 9 found that more minutes on the same real pages lose held-out AP: the detector learns
the layouts of the corpus's ~100 training sources. A form page is mostly a stack of sections
(a heading, a block of fields, a table, a signature row) with blank rows between them; stacking
the sections of pages from different sources in another order gives a layout that neither
source has, while every label stays exact: a cut crosses no label box and no ink.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from PIL import Image

from ..fields import FieldClass
from ..geometry import Box

INK_LEVEL = 160  # darker than this is ink: a rendered page's paper is 255, faint anti-aliased edges lighter
MIN_GAP = 10  # blank rows between two bands (7 pt at 1216 px): a caption's gap to its box is less, a section's more
LABEL_MARGIN = 2  # rows around a label box that stay with it (its stroke's anti-aliased edge)
EDGE_ROWS = 12  # blank rows a band keeps above its first and below its last ink where the page has them
SHIFT_SHARE = 0.3  # bands moved sideways within their blank margins
SHIFT_MAX = 0.08  # of the page width, at most


@dataclass
class Band:
    """Rows of one page: its grey pixels and the labels inside them (pixels, from the band's top-left)."""

    pixels: np.ndarray
    labels: list[tuple[FieldClass, Box]]

    @property
    def height(self) -> int:
        return self.pixels.shape[0]

    def columns(self) -> tuple[int, int]:
        """The first and one past the last column holding ink or a label: what may not leave the page."""
        used = (self.pixels < INK_LEVEL).any(axis=0)
        for _, (x0, _, x1, _) in self.labels:
            used[max(0, int(x0)):int(np.ceil(x1))] = True
        found = np.flatnonzero(used)
        return (int(found[0]), int(found[-1]) + 1) if found.size else (0, 0)


@dataclass
class BandedPage:
    """A page as its top margin, its bands top to bottom, and its paper's grey."""

    width: int
    height: int
    top: int  # rows above the first band
    bands: list[Band]
    paper: int


def cut_rows(gray: np.ndarray, label_boxes: Sequence[Box]) -> np.ndarray:
    """A boolean per row: True where the page may be cut (no ink, no label box within LABEL_MARGIN).

    Rows with a pixel or three of ink would also cut framed pages (on 206 training pages, one in
    eight stays one band without them, one in eleven with), but they cut tables between their
    column rules as well: a table row on its own elsewhere on the page is no form's layout."""
    free = ~(gray < INK_LEVEL).any(axis=1)
    for _, y0, _, y1 in label_boxes:
        free[max(0, int(y0) - LABEL_MARGIN):int(np.ceil(y1)) + LABEL_MARGIN] = False
    return free


def band_page(gray: np.ndarray, labels: Sequence[tuple[FieldClass, Box]]) -> BandedPage:
    """Cut ``gray`` (H x W) in the middle of every run of at least MIN_GAP cuttable rows;
    ``labels``: (class, pixel box). The rows above the first and below the last content keep
    at most EDGE_ROWS with the band; the rest is margin."""
    height, width = gray.shape
    free = cut_rows(gray, [box for _, box in labels])
    content = np.flatnonzero(~free)
    paper = int(np.bincount(gray.ravel(), minlength=256).argmax())
    if content.size == 0:
        return BandedPage(width, height, height, [], paper)
    first, last = int(content[0]), int(content[-1]) + 1
    edges = [max(0, first - EDGE_ROWS)]
    gaps = np.flatnonzero(np.diff(content) > MIN_GAP)  # content[g] and content[g + 1] are a gap apart
    edges += [int(content[g] + content[g + 1] + 1) // 2 for g in gaps]
    edges.append(min(height, last + EDGE_ROWS))
    bands = []
    for top, bottom in zip(edges, edges[1:]):
        inside = [(cls, (x0, y0 - top, x1, y1 - top)) for cls, (x0, y0, x1, y1) in labels if top <= y0 and y1 <= bottom]
        bands.append(Band(gray[top:bottom].copy(), inside))
    return BandedPage(width, height, edges[0], bands, paper)


def fitted(band: Band, width: int) -> Band:
    """``band`` no wider than ``width``: a band of a wider page is scaled down whole (labels too)."""
    if band.pixels.shape[1] <= width:
        return band
    height = max(1, round(band.height * width / band.pixels.shape[1]))
    pixels = np.asarray(Image.fromarray(band.pixels).resize((width, height), Image.BILINEAR))
    sx, sy = width / band.pixels.shape[1], height / band.height  # what the resize did to each axis
    return Band(pixels, [(cls, (x0 * sx, y0 * sy, x1 * sx, y1 * sy)) for cls, (x0, y0, x1, y1) in band.labels])


def recompose(page: BandedPage, partners: Sequence[BandedPage], rng: random.Random) -> tuple[np.ndarray, list, list]:
    """A new page of ``page``'s size: its top margin, then bands drawn in a random order from it
    and ``partners`` while they fit, then paper down to its bottom margin. Returns the grey image,
    its labels (class, pixel box) and the rows each band took (top, bottom)."""
    out = np.full((page.height, page.width), page.paper, dtype=np.uint8)
    pool = [fitted(band, page.width) for source in (page, *partners) for band in source.bands]
    rng.shuffle(pool)
    room = page.top + sum(band.height for band in page.bands)
    y = page.top
    labels, spans = [], []
    for band in pool:
        if y + band.height > room:
            continue
        placed = _placed(band, page.width, page.paper, rng)
        out[y:y + band.height] = placed.pixels
        labels += [(cls, (x0, y0 + y, x1, y1 + y)) for cls, (x0, y0, x1, y1) in placed.labels]
        spans.append((y, y + band.height))
        y += band.height
    return out, labels, spans


def _placed(band: Band, width: int, paper: int, rng: random.Random) -> Band:
    """``band`` as wide as the page: a narrower one at a random column, and any one (SHIFT_SHARE)
    moved sideways by at most SHIFT_MAX of the width, as far as its ink stays on the page."""
    x = rng.randint(0, width - band.pixels.shape[1])
    if rng.random() < SHIFT_SHARE:
        first, last = band.columns()
        reach = int(SHIFT_MAX * width)
        x = rng.randint(max(x - reach, -first), min(x + reach, width - last))
    pixels = np.full((band.height, width), paper, dtype=np.uint8)
    left, right = max(0, x), min(width, x + band.pixels.shape[1])  # the columns of the page it covers
    pixels[:, left:right] = band.pixels[:, left - x:right - x]
    return Band(pixels, [(cls, (x0 + x, y0, x1 + x, y1)) for cls, (x0, y0, x1, y1) in band.labels])
