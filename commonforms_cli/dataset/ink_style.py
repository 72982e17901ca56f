"""Another printer's look for a training page: stroke weight, ink and paper greys, contrast, shading.

The training sources each print their forms one way (one weight of rule, black on white); pages
from other issuers come bolder or fainter, in blue, brown or grey ink, on tinted paper, with
shaded sections. The detector sees a page as grey (PIL's luma, replicated to three channels), so
each colour is a grey level here. Nothing moves: every label keeps its box.
"""

from __future__ import annotations

import random
from typing import Sequence

import numpy as np

# Luma of the inks a form is printed in: black 0, dark blue (0, 0, 139) 16, dark grey 64,
# brown (101, 67, 33) 73, grey (120, 120, 120) 120.
INK_GREYS = (0, 16, 64, 73, 120)
PAPER_GREYS = (235, 255)  # white to a light tint (cream, pale blue or green paper: luma 235-250)
GAMMA = (0.7, 1.5)  # below 1 darkens the anti-aliased edges (a heavier print), above lightens them
STROKE_SHARES = (0.35, 0.3, 0.35)  # bolder by a pixel, as drawn, fainter
SHADE_SHARE = 0.15  # bands shaded, as a form's section headers and alternate table rows often are
SHADE_GREYS = (205, 245)  # the paper under a shaded band: 205 is as dark as the corpus's section bars, about


def restyle(gray: np.ndarray, bands: Sequence[tuple[int, int]], rng: random.Random) -> np.ndarray:
    """``gray`` (H x W uint8) printed another way; ``bands``: (top, bottom) row spans that may be shaded."""
    weight = rng.choices((_bolder, None, _fainter), STROKE_SHARES)[0]
    page = weight(gray) if weight else gray.astype(np.float32)
    # a fainter stroke keeps its gamma at most 1: a light one-pixel rule must not fade into the paper
    gamma = rng.uniform(GAMMA[0], 1.0 if weight is _fainter else GAMMA[1])
    for top, bottom in bands:
        if rng.random() < SHADE_SHARE:
            page[top:bottom] *= rng.uniform(*SHADE_GREYS) / 255.0
    return _tone_curve(rng, gamma)[np.clip(page, 0, 255).astype(np.uint8)]


def _bolder(gray: np.ndarray) -> np.ndarray:
    """Every stroke a pixel wider (right and down): the darkest of each 2 x 2 neighbourhood."""
    page = gray.astype(np.float32)
    page[:, 1:] = np.minimum(page[:, 1:], page[:, :-1])
    page[1:] = np.minimum(page[1:], page[:-1])
    return page


def _fainter(gray: np.ndarray) -> np.ndarray:
    """Strokes thinner and lighter: halfway to the lightest of each 2 x 2 neighbourhood, so that
    a one-pixel rule turns grey instead of vanishing (its field's cue must stay on the page)."""
    page = gray.astype(np.float32)
    light = page.copy()
    light[:, 1:] = np.maximum(light[:, 1:], light[:, :-1])
    light[1:] = np.maximum(light[1:], light[:-1])
    return (page + light) / 2


def _tone_curve(rng: random.Random, gamma: float) -> np.ndarray:
    """A 256-entry table: gamma on the darkness, then black to the ink's grey and white to the paper's."""
    ink, paper = rng.choice(INK_GREYS), rng.uniform(*PAPER_GREYS)
    darkness = 1.0 - np.arange(256, dtype=np.float32) / 255.0
    darkness **= gamma
    return np.round(paper - darkness * (paper - ink)).astype(np.uint8)
