"""Text fields on labelled lines that nothing detected covers ("Case No. ________").

A drawn line that starts right after a label on its own line, with room above it and nothing on
it, is a blank to write in, whatever the detector scored there. Measured on the cached detections
(held out / val, text fields against the visible widgets, benchmarks/refine_corpus.py --only
texts): F1 .6802 -> .6855 / .8939 -> .8937, 63 / 28 fields added, 55 / 11 on an author's widget;
most of the val ones without a widget are blanks their authors left unfilled ("If yes, who? ____",
"Immigration status ____", "Date ▶ ____"), a few separators ("—— OR ——").
"""

from __future__ import annotations

import numpy as np

from ..fields import Detection, FieldClass
from ..geometry import Box, intersect
from ..pdf.page_content import PageContent
from .labels import is_wordy
from .signature_lines import is_top_of_a_box, room_left, spaces_above_lines

# Labels are words (labels.is_wordy): with any two letters instead, "(optional) ____" too, 2 more
# held-out fields, both on a widget, and 2 more on val, neither. Simulated on the cached detections
# with a 30-pt label gap (held out / val F1 .6856 / .8936): lines from 72 pt, .6854 / .8936; fields
# 20 pt tall, .6852 / .8936; a 15-pt gap, .6858 / .8936 (5 fewer fields on val, 2 of them on a widget).
MIN_WIDTH_PT = 50.0  # shorter lines are underlines ("Unit __")
LABEL_GAP_PT = 15.0  # the label ends at most this far left of the line's start
BASELINE_PT = 6.0  # the label's bottom this close to the line: on its line, not the line above
FIELD_HEIGHT_PT = 16.0  # the field stands on the line this tall
SCORE = 1.0  # the page draws these fields; no detector scored them


def labelled_lines(page: int, content: PageContent, covered: list[Box]) -> list[Detection]:
    """A text field on each labelled line of the page that no box of ``covered`` reaches."""
    phrases = content.phrase_boxes
    labels = np.array([is_wordy(p.text) for p in content.phrases], bool).reshape(-1)
    obstacles = np.vstack([np.array(covered, float).reshape(-1, 4), phrases])
    taken = list(covered)
    added: list[Detection] = []
    bottoms = phrases[:, 3]
    for space in spaces_above_lines(content, _lines_with_words_on_them(content, labels)):
        x0, _, x1, y = space
        if content.points_x(x1 - x0) < MIN_WIDTH_PT:
            continue
        gap = x0 - phrases[:, 2]
        left = labels & (gap >= -content.fraction_x(2.0)) & (gap <= content.fraction_x(LABEL_GAP_PT))
        if not np.any(left & (np.abs(bottoms - y) <= content.fraction_y(BASELINE_PT))):
            continue
        box = (x0, y - content.fraction_y(FIELD_HEIGHT_PT), x1, y)
        room = room_left(space, obstacles, content)
        if room is None or is_top_of_a_box(room, content) or any(intersect(box, b) is not None for b in taken):
            continue
        added.append(Detection(page, FieldClass.text, SCORE, box))
        taken.append(box)
    return added


def _lines_with_words_on_them(content: PageContent, labels: np.ndarray) -> np.ndarray:
    """The horizontal lines with a label's bottom on them, from their start (less the label gap)
    to their end: the only ones whose cut pieces can start after a label (most pages rule far more)."""
    rows, phrases = content.horizontal, content.phrase_boxes[labels]
    if not len(rows) or not len(phrases):
        return rows[:0]
    near = np.abs(phrases[None, :, 3] - rows[:, None, 0]) <= content.fraction_y(BASELINE_PT)
    along = (phrases[None, :, 2] >= rows[:, None, 1] - content.fraction_x(LABEL_GAP_PT)) & (
        phrases[None, :, 2] <= rows[:, None, 2])
    return rows[np.any(near & along, axis=1)]
