"""Check boxes typed as text ("□ Yes  □ No") that nothing detected covers.

A typed square is as small as the words beside it, and on forms from issuers it never saw the
detector scores most of them under any threshold. On a form, a typed empty square is where a
person ticks: of those on the corpus's pages with widgets, an author's check box holds 313 of 385
(training split) and 433 of 528 (held out). Each square no field covers gets a check box the size
authors give one: its ink ``SCALE`` times over (on the training split, the scale whose box meets
the author's widget at IoU >= .5 most often: .67 of them, against .47 at the ink's own size).
"""

from __future__ import annotations

from ..fields import Detection, FieldClass
from ..geometry import Box, intersect
from ..pdf.page_content import PageContent

SCALE = 1.4
SCORE = 1.0  # the page prints these boxes; no detector scored them


def typed_check_boxes(page: int, content: PageContent, detections: list[Detection],
                      existing: list[Box]) -> list[Detection]:
    """A check box on each typed square of the page where no detected field lies (a check box
    meeting it, or any field over its middle) and no existing widget meets it."""
    taken = [d.bbox for d in detections if d.cls is FieldClass.choice] + list(existing)
    others = [d.bbox for d in detections if d.cls is not FieldClass.choice]
    added: list[Detection] = []
    for square in content.squares:
        box = _scaled(tuple(float(v) for v in square), SCALE)
        middle = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        if any(intersect(box, other) is not None for other in taken):
            continue
        if any(x0 <= middle[0] <= x1 and y0 <= middle[1] <= y1 for x0, y0, x1, y1 in others):
            continue
        added.append(Detection(page, FieldClass.choice, SCORE, box))
        taken.append(box)
    return added


def _scaled(box: Box, scale: float) -> Box:
    half_x, half_y = (box[2] - box[0]) * scale / 2, (box[3] - box[1]) * scale / 2
    middle_x, middle_y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return (middle_x - half_x, middle_y - half_y, middle_x + half_x, middle_y + half_y)
