"""COCO-style detection metrics for the field detector, without pycocotools.

The numbers follow pycocotools' bbox evaluation (one area range, no cap on
detections per page; ignore regions as its non-crowd ``ignore`` ground truth)
so they compare with what ultralytics and the CommonForms paper report, and
add precision, recall and F1
at the score thresholds the tool actually applies, since that operating point
is what a user of the CLI gets.

Boxes are display fractions. No page size is needed: scaling x and y by
different factors multiplies every axis-aligned area, intersections included,
by the same factor, so IoU in fractions equals IoU in points or pixels.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from enum import Enum

import numpy as np

from ..fields import CLASS_ORDER
from ..geometry import Box, pairwise_iou

# pycocotools' exact grids (linspace, not arange), so boundary cases agree with it.
IOU_THRESHOLDS = np.linspace(0.5, 0.95, int(np.round((0.95 - 0.5) / 0.05)) + 1)
RECALL_POINTS = np.linspace(0.0, 1.0, int(np.round((1.0 - 0.0) / 0.01)) + 1)
_AP50, _AP75 = 0, 5  # indices into IOU_THRESHOLDS


def match_page(ious: np.ndarray, thresholds: np.ndarray = IOU_THRESHOLDS, free: np.ndarray | None = None) -> np.ndarray:
    """Greedy COCO matching on one page and class -> (D, T) bool "is a true positive".

    ``ious`` is (D, G) with detections already in descending score order. Each
    detection takes the unmatched ground truth with the highest IoU at or above
    the threshold (the last one on a tie, as pycocotools does); all thresholds
    are matched at once. ``free`` (D, T): only these detections may match.
    """
    n_dets, n_gts = ious.shape
    matched = np.zeros((n_dets, len(thresholds)), dtype=bool)
    if n_gts == 0:
        return matched
    gt_taken = np.zeros((len(thresholds), n_gts), dtype=bool)
    floor = np.minimum(thresholds, 1 - 1e-10)[:, None]
    rows = np.arange(len(thresholds))
    for det in range(n_dets):
        eligible = ~gt_taken & (ious[det][None, :] >= floor)
        if free is not None:
            eligible &= free[det][:, None]
        candidates = np.where(eligible, ious[det][None, :], -1.0)
        best = n_gts - 1 - np.argmax(candidates[:, ::-1], axis=1)
        hit = eligible.any(axis=1)
        matched[det] = hit
        gt_taken[rows[hit], best[hit]] = True
    return matched


def ignored_detections(ious: np.ndarray, matched: np.ndarray, thresholds: np.ndarray = IOU_THRESHOLDS) -> np.ndarray:
    """(D, T) bool: the detections that matched no ground truth but take an ignore region.

    ``ious`` is (D, I) against the ignore regions, detections in descending score order,
    ``matched`` their ground-truth matches (match_page). As in pycocotools, a detection
    takes an ignore region only when it matched no real ground truth, and each region is
    taken once: a second detection on it still counts as a false positive.
    """
    return match_page(ious, thresholds, free=~matched)


def average_precision(
    scores: np.ndarray, matched: np.ndarray, n_gt: int, ignored: np.ndarray | None = None
) -> np.ndarray:
    """COCO 101-point interpolated AP per IoU threshold -> (T,).

    ``matched`` is (D, T) for detections pooled over pages in the order they were
    added; the stable sort makes equal scores rank as pycocotools ranks them.
    ``ignored`` (D, T) detections count neither as true nor as false positives.
    """
    order = np.argsort(-scores, kind="mergesort")
    counted = np.ones_like(matched) if ignored is None else ~ignored[order]
    tp = np.cumsum(matched[order] & counted, axis=0)
    fp = np.cumsum(~matched[order] & counted, axis=0)
    n_dets = len(scores)
    ap = np.zeros(matched.shape[1])
    if n_dets == 0:
        return ap
    recall = tp / n_gt
    precision = tp / np.maximum(tp + fp, 1)  # 0 before the first counted detection, as in pycocotools
    envelope = np.maximum.accumulate(precision[::-1], axis=0)[::-1]
    for t in range(matched.shape[1]):
        at = np.searchsorted(recall[:, t], RECALL_POINTS, side="left")
        reached = at < n_dets
        ap[t] = envelope[at[reached], t].sum() / len(RECALL_POINTS)
    return ap


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


class _Rates:
    """Precision, recall and F1 from tp/fp/fn counts (None where undefined)."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)


@dataclass(frozen=True)
class ClassMetrics(_Rates):
    """One class's numbers; AP fields are None when the class has no ground truth."""

    gt_count: int
    det_count: int
    ap50: float | None
    ap75: float | None
    ap50_95: float | None
    score_threshold: float
    tp: int  # at IoU 0.5 and score >= score_threshold
    fp: int
    fn: int

    def to_dict(self) -> dict:
        return {**asdict(self), "precision": self.precision, "recall": self.recall, "f1": self.f1}


def _mean(values: Iterable[float | None]) -> float | None:
    """Mean over classes that have ground truth, as COCO skips its -1 entries."""
    present = [v for v in values if v is not None]
    return float(np.mean(present)) if present else None


def _class_name(cls: Hashable) -> str:
    return str(cls.value) if isinstance(cls, Enum) else str(cls)


@dataclass(frozen=True)
class EvalResult(_Rates):
    """Per-class metrics plus their COCO means and pooled (micro) P/R/F1."""

    per_class: dict[Hashable, ClassMetrics]
    pages: int
    # Per class, the score threshold that would maximise F1 at IoU 0.5 (how defaults are chosen).
    f1_optimal_thresholds: dict = field(default_factory=dict)

    @property
    def gt_count(self) -> int:
        return sum(m.gt_count for m in self.per_class.values())

    @property
    def map50(self) -> float | None:
        return _mean(m.ap50 for m in self.per_class.values())

    @property
    def map75(self) -> float | None:
        return _mean(m.ap75 for m in self.per_class.values())

    @property
    def map50_95(self) -> float | None:
        return _mean(m.ap50_95 for m in self.per_class.values())

    @property
    def tp(self) -> int:
        return sum(m.tp for m in self.per_class.values())

    @property
    def fp(self) -> int:
        return sum(m.fp for m in self.per_class.values())

    @property
    def fn(self) -> int:
        return sum(m.fn for m in self.per_class.values())

    def to_dict(self) -> dict:
        """JSON-ready: class names as keys, None where a value is undefined."""
        return {
            "pages": self.pages,
            "f1_optimal_thresholds": {_class_name(c): t for c, t in self.f1_optimal_thresholds.items()},
            "per_class": {_class_name(c): m.to_dict() for c, m in self.per_class.items()},
            "overall": {
                "gt_count": self.gt_count,
                "map50": self.map50,
                "map75": self.map75,
                "map50_95": self.map50_95,
                "tp": self.tp,
                "fp": self.fp,
                "fn": self.fn,
                "precision": self.precision,
                "recall": self.recall,
                "f1": self.f1,
            },
        }


def format_table(result: EvalResult) -> str:
    """A plain-text table for logs and terminals; '-' marks an undefined value."""

    def num(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    header = ("class", "GT", "AP50", "AP50-95", "P", "R", "F1")
    rows = [
        (_class_name(c), str(m.gt_count), num(m.ap50), num(m.ap50_95), num(m.precision), num(m.recall), num(m.f1))
        for c, m in result.per_class.items()
    ]
    rows.append(
        ("all", str(result.gt_count), num(result.map50), num(result.map50_95),
         num(result.precision), num(result.recall), num(result.f1))
    )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
        for row in [header, *rows]
    ]
    return "\n".join(lines)


class Evaluator:
    """Accumulates pages one at a time so a large test set never sits in memory as boxes.

    Only each detection's score and its per-threshold match flags are kept.
    """

    def __init__(self, classes: Sequence[Hashable] = CLASS_ORDER):
        self.classes = tuple(classes)
        self.pages = 0
        self._gt_counts = {c: 0 for c in self.classes}
        self._scores: dict = {c: [] for c in self.classes}
        self._matched: dict = {c: [] for c in self.classes}
        self._ignored: dict = {c: [] for c in self.classes}

    def add_page(
        self,
        gt: Iterable[tuple[Hashable, Box]],
        predictions: Iterable[tuple[Hashable, float, Box]],
        ignore: Iterable[tuple[Hashable, Box]] = (),
    ) -> None:
        """Match one page's predictions to its ground truth, class by class. A prediction on
        an ``ignore`` region of its class that matches no ground truth counts for nothing."""
        gt_boxes: dict = {c: [] for c in self.classes}
        ignore_boxes: dict = {c: [] for c in self.classes}
        pred_boxes: dict = {c: [] for c in self.classes}
        pred_scores: dict = {c: [] for c in self.classes}
        for cls, box in gt:
            self._check_class(cls)
            gt_boxes[cls].append(box)
        for cls, box in ignore:
            self._check_class(cls)
            ignore_boxes[cls].append(box)
        for cls, score, box in predictions:
            self._check_class(cls)
            pred_scores[cls].append(float(score))
            pred_boxes[cls].append(box)
        for cls in self.classes:
            scores = np.asarray(pred_scores[cls], dtype=float)
            order = np.argsort(-scores, kind="mergesort")
            dets = np.asarray(pred_boxes[cls], dtype=float).reshape(-1, 4)[order]
            matched = match_page(pairwise_iou(dets, np.asarray(gt_boxes[cls], dtype=float)))
            self._gt_counts[cls] += len(gt_boxes[cls])
            self._scores[cls].append(scores[order])
            self._matched[cls].append(matched)
            self._ignored[cls].append(
                ignored_detections(pairwise_iou(dets, np.asarray(ignore_boxes[cls], dtype=float)), matched)
            )
        self.pages += 1

    def _check_class(self, cls: Hashable) -> None:
        """A class outside the evaluated set is a caller bug, not a miss to count."""
        if cls not in self._gt_counts:
            raise ValueError(f"class {cls!r} is not one of {self.classes}")

    def _pooled(self, cls: Hashable) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Scores (D,), matches (D, T) and ignore flags (D, T) of a class over every page."""
        empty = np.zeros((0, len(IOU_THRESHOLDS)), dtype=bool)
        return (
            np.concatenate([np.empty(0), *self._scores[cls]]),
            np.concatenate([empty, *self._matched[cls]]),
            np.concatenate([empty, *self._ignored[cls]]),
        )

    def _best_f1_thresholds(self) -> dict:
        """Per class, the score threshold that maximises F1 at IoU 0.5."""
        best = {}
        for cls in self.classes:
            scores, matched, ignored = self._pooled(cls)
            counted = ~ignored[:, _AP50]
            scores, matched = scores[counted], matched[counted, _AP50]
            if not len(scores) or not self._gt_counts[cls]:
                continue
            order = np.argsort(-scores, kind="mergesort")
            tp = np.cumsum(matched[order])
            kept = np.arange(1, len(scores) + 1)
            f1 = 2 * tp / (kept + self._gt_counts[cls])
            best[cls] = float(scores[order][int(np.argmax(f1))])
        return best

    def result(self, score_thresholds: Mapping[Hashable, float] | float) -> EvalResult:
        """AP over all scores, plus TP/FP/FN at each class's operating threshold.

        Greedy matching visits detections by descending score, so dropping those
        below a threshold leaves the rest's matches unchanged: the IoU-0.5 flags
        computed once serve any threshold.
        """
        if not isinstance(score_thresholds, Mapping):
            score_thresholds = {c: float(score_thresholds) for c in self.classes}
        missing = [c for c in self.classes if c not in score_thresholds]
        if missing:
            raise ValueError(f"no score threshold for {missing}")
        per_class = {}
        for cls in self.classes:
            scores, matched, ignored = self._pooled(cls)
            n_gt = self._gt_counts[cls]
            ap = average_precision(scores, matched, n_gt, ignored) if n_gt else None
            threshold = float(score_thresholds[cls])
            kept = (scores >= threshold) & ~ignored[:, _AP50]
            tp = int(np.count_nonzero(matched[kept, _AP50]))
            per_class[cls] = ClassMetrics(
                gt_count=n_gt,
                det_count=len(scores),
                ap50=None if ap is None else float(ap[_AP50]),
                ap75=None if ap is None else float(ap[_AP75]),
                ap50_95=None if ap is None else float(ap.mean()),
                score_threshold=threshold,
                tp=tp,
                fp=int(np.count_nonzero(kept)) - tp,
                fn=n_gt - tp,
            )
        return EvalResult(per_class=per_class, pages=self.pages, f1_optimal_thresholds=self._best_f1_thresholds())
