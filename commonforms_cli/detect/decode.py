"""The detector's arithmetic, apart from onnxruntime: a page into the model's input
(letterbox), and the model's output back into detections (decode, NMS).

The layout is the one ultralytics exports: input ``1x3xSxS`` RGB in [0, 1],
letterboxed with grey 114; output ``1x(4+nc)xN`` of cx, cy, w, h in input pixels
then sigmoided class scores, or for end-to-end exports (YOLO26, or ``nms=True``)
``1xKx6`` rows of x0, y0, x1, y1, score, class. Pure numpy and PIL: testable
without a model.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from PIL import Image

from ..fields import CLASS_ORDER, Detection, FieldClass
from ..geometry import Raster

DEFAULT_IOU = 0.45
DEFAULT_MAX_DET = 1000  # dense forms carry 200+ fields a page
MAX_NMS_CANDIDATES = 30000  # ultralytics' max_nms: bounds NMS time on a degenerate output
PAD_VALUE = 114  # ultralytics' letterbox grey


def letterbox(
    image: np.ndarray, input_size: tuple[int, int], stride: int | None = None
) -> tuple[np.ndarray, Raster]:
    """Fit ``image`` (HxW or HxWx3 uint8) into ``input_size`` (h, w) as ultralytics'
    ``LetterBox(center=True)`` does, so the model sees what it was trained on; returns the
    canvas and where the image lies in it (a ``Raster``: input pixels <-> image fractions).

    ``stride``: pad only up to a multiple of it rather than to the full square
    (ultralytics' ``auto=True``, what its own ``predict`` does), for models whose
    input size is dynamic: a portrait letter page is then 1216x960, not
    1216x1216, and costs a fifth less to infer. Pages are rendered at the
    model's size, so normally this only pads.
    """
    in_h, in_w = input_size
    height, width = image.shape[:2]
    ratio = min(in_h / height, in_w / width)
    new_w, new_h = max(round(width * ratio), 1), max(round(height * ratio), 1)
    if (new_w, new_h) != (width, height):
        image = np.asarray(Image.fromarray(image).resize((new_w, new_h), Image.Resampling.BILINEAR))
    pad_w, pad_h = in_w - new_w, in_h - new_h
    if stride:
        pad_w, pad_h = pad_w % stride, pad_h % stride
    left, top = round(pad_w / 2 - 0.1), round(pad_h / 2 - 0.1)
    canvas = np.full((new_h + pad_h, new_w + pad_w) + image.shape[2:], PAD_VALUE, dtype=np.uint8)
    canvas[top : top + new_h, left : left + new_w] = image
    return canvas, Raster(new_w, new_h, left, top)


def model_input(
    image: np.ndarray, input_size: tuple[int, int], gray: bool, dtype=np.float32, stride: int | None = None
) -> tuple[np.ndarray, Raster]:
    """The ``1x3xHxW`` tensor the model sees for an RGB page, and where the page sits in it.

    ``gray``: the model was trained on greyscale pages (PIL's ``convert('L')``,
    as the dataset builder makes them), so feed it the same luma in all channels.
    ``stride``: see ``letterbox``.
    """
    if gray:
        image = np.asarray(Image.fromarray(image).convert("L"))
    canvas, raster = letterbox(image, input_size, stride)
    tensor = np.empty((1, 3) + canvas.shape[:2], dtype=np.float32)
    # Scaled straight into the tensor: one pass, no float copy of the page first.
    if gray:
        np.divide(canvas, np.float32(255), out=tensor[0, 0])
        tensor[0, 1:] = tensor[0, 0]
    else:
        np.divide(canvas.transpose(2, 0, 1), np.float32(255), out=tensor[0])
    return tensor.astype(dtype, copy=False), raster


def nms(boxes: np.ndarray, scores: np.ndarray, groups: np.ndarray, iou: float, max_det: int) -> np.ndarray:
    """Greedy non-maximum suppression within each group; indices of the kept boxes, best first.

    Each group's boxes are shifted apart (ultralytics' trick) so that boxes of
    different groups never overlap and one pass handles every class.
    ``boxes`` are ``x0, y0, x1, y1`` with positive area.
    """
    if not len(boxes):
        return np.empty(0, dtype=np.intp)
    shifted = boxes + ((boxes.max() - boxes.min() + 1.0) * groups)[:, None]
    x0, y0, x1, y1 = shifted.T
    areas = (x1 - x0) * (y1 - y0)
    order = np.argsort(-scores, kind="stable")
    keep = []
    while order.size and len(keep) < max_det:
        best, rest = order[0], order[1:]
        keep.append(best)
        overlap_w = np.clip(np.minimum(x1[best], x1[rest]) - np.maximum(x0[best], x0[rest]), 0.0, None)
        overlap_h = np.clip(np.minimum(y1[best], y1[rest]) - np.maximum(y0[best], y0[rest]), 0.0, None)
        shared = overlap_w * overlap_h
        order = rest[shared / (areas[best] + areas[rest] - shared) <= iou]
    return np.array(keep, dtype=np.intp)


def decode(
    prediction: np.ndarray,
    raster: Raster,
    classes: Sequence[FieldClass],
    thresholds: Mapping[FieldClass, float] | float,
    *,
    end_to_end: bool = False,
    page: int = 0,
    iou: float = DEFAULT_IOU,
    max_det: int = DEFAULT_MAX_DET,
) -> list[Detection]:
    """Detections, best first, from one output of a model whose classes are ``classes``:
    ``(4+nc) x N`` raw rows, suppressed here, or ``K x 6`` end-to-end rows (already suppressed, as
    ultralytics leaves them). ``raster``: where the page lies in the model input; boxes come back
    as fractions of the page, clipped to [0, 1]. ``thresholds``: the minimum score, for all classes
    or per class (a class missing from the mapping is not reported)."""
    if isinstance(thresholds, Mapping):
        minimum_scores = np.array([thresholds.get(cls, np.inf) for cls in classes], dtype=np.float32)
    else:
        minimum_scores = np.full(len(classes), thresholds, dtype=np.float32)
    if end_to_end:
        boxes, scores, labels = _decode_end_to_end(prediction, minimum_scores)
        keep = np.argsort(-scores, kind="stable")[:max_det]
    else:
        boxes, scores, labels = _decode_raw(prediction, minimum_scores)
        # NMS groups by field class, not model class: two overlapping choice boxes
        # would become two widgets even if the model called one 'radio'.
        groups = np.array([CLASS_ORDER.index(cls) for cls in classes], dtype=np.float64)
        keep = nms(boxes, scores, groups[labels], iou, max_det)
    fractions = np.clip(raster.to_fractions(boxes[keep]), 0.0, 1.0)  # of the image passed in
    return [
        Detection(page=page, cls=classes[label], score=float(score), bbox=tuple(map(float, box)))
        for box, score, label in zip(fractions, scores[keep], labels[keep])
        if box[2] > box[0] and box[3] > box[1]  # boxes wholly in the padding collapse when clipped
    ]


def _decode_raw(prediction: np.ndarray, minimum_scores: np.ndarray):
    """Candidates of a ``(4+nc) x N`` output: xyxy boxes, scores and model class indices.

    Each anchor keeps its best class (ultralytics' single-label decode); the
    lowest threshold cuts the anchors first so the rest works on a few hundred.
    """
    class_scores = prediction[4:]
    best_scores = class_scores.max(axis=0)
    candidates = np.flatnonzero(best_scores >= minimum_scores.min())
    labels = class_scores[:, candidates].argmax(axis=0)
    scores = best_scores[candidates]
    cx, cy, w, h = prediction[:4, candidates].astype(np.float64)
    passed = (scores >= minimum_scores[labels]) & (w > 0) & (h > 0)
    if np.count_nonzero(passed) > MAX_NMS_CANDIDATES:
        passed[np.argsort(-np.where(passed, scores, -np.inf), kind="stable")[MAX_NMS_CANDIDATES:]] = False
    boxes = np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], axis=1)
    return boxes[passed], scores[passed], labels[passed]


def _decode_end_to_end(prediction: np.ndarray, minimum_scores: np.ndarray):
    """Rows of a ``K x 6`` output (x0, y0, x1, y1, score, class); padding rows score 0."""
    labels = prediction[:, 5].astype(np.intp)
    known = (labels >= 0) & (labels < len(minimum_scores))
    rows, labels = prediction[known], labels[known]
    boxes = rows[:, :4].astype(np.float64)
    passed = (
        (rows[:, 4] >= minimum_scores[labels]) & (boxes[:, 2] > boxes[:, 0]) & (boxes[:, 3] > boxes[:, 1])
    )
    return boxes[passed], rows[passed, 4], labels[passed]
