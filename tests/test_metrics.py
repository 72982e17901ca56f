"""Hand-made detection cases whose COCO numbers are known in advance."""

from __future__ import annotations

import contextlib
import io
import json

import numpy as np
import pytest

from commonforms_cli.dataset.metrics import (
    IOU_THRESHOLDS,
    Evaluator,
    format_table,
    match_page,
    pairwise_iou,
)
from commonforms_cli.fields import CLASS_ORDER, FieldClass
from commonforms_cli.geometry import iou

T, C, S = FieldClass.text, FieldClass.choice, FieldClass.signature
A = (0.1, 0.1, 0.3, 0.2)
B = (0.5, 0.5, 0.7, 0.6)
FAR = (0.8, 0.8, 0.9, 0.9)


def evaluate(pages, thresholds=0.0):
    evaluator = Evaluator()
    for gt, preds in pages:
        evaluator.add_page(gt, preds)
    return evaluator.result(thresholds)


def test_perfect_predictions_score_one_at_every_threshold():
    result = evaluate(
        [
            ([(T, A), (C, B)], [(T, 0.9, A), (C, 0.8, B)]),
            ([(S, A), (T, B)], [(S, 0.7, A), (T, 0.6, B)]),
        ]
    )
    for cls in CLASS_ORDER:
        m = result.per_class[cls]
        assert (m.ap50, m.ap75, m.ap50_95) == (1.0, 1.0, 1.0)
    assert (result.map50, result.map75, result.map50_95) == (1.0, 1.0, 1.0)
    assert (result.tp, result.fp, result.fn) == (4, 0, 0)


def test_iou_0_7_matches_up_to_0_70_only():
    # IoU = (0.5 * 0.35) / 0.25 = 0.7 exactly in floating point, and 0.7 is a grid value.
    gt, pred = (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.35)
    assert pairwise_iou(np.array([pred]), np.array([gt]))[0, 0] == 0.7
    m = evaluate([([(T, gt)], [(T, 0.9, pred)])]).per_class[T]
    assert m.ap50 == 1.0
    assert m.ap75 == 0.0
    assert m.ap50_95 == pytest.approx(5 / 10, abs=1e-12)


def test_iou_exactly_0_5_counts_at_ap50():
    gt, pred = (0.0, 0.0, 0.5, 0.5), (0.0, 0.0, 0.5, 0.25)
    m = evaluate([([(T, gt)], [(T, 0.9, pred)])]).per_class[T]
    assert m.ap50 == 1.0
    assert m.ap50_95 == pytest.approx(1 / 10, abs=1e-12)
    assert (m.tp, m.fp, m.fn) == (1, 0, 0)


def test_false_positive_ranked_above_true_positive_halves_ap():
    # Precision 1/2 at recall 1, and the envelope carries 1/2 to every recall point.
    m = evaluate([([(T, A)], [(T, 0.9, FAR), (T, 0.8, A)])]).per_class[T]
    assert m.ap50 == pytest.approx(0.5, abs=1e-12)


def test_two_gt_one_detected_is_coco_101_point_value():
    # Recall reaches only 0.5: the points 0.00..0.50 (51 of 101) have precision 1.
    m = evaluate([([(T, A), (T, B)], [(T, 0.9, A)])]).per_class[T]
    assert m.ap50 == pytest.approx(51 / 101, abs=1e-12)
    assert m.ap50_95 == pytest.approx(51 / 101, abs=1e-12)


def test_ground_truth_without_detections_scores_zero():
    m = evaluate([([(T, A)], [])]).per_class[T]
    assert (m.ap50, m.ap50_95) == (0.0, 0.0)
    assert (m.tp, m.fp, m.fn) == (0, 0, 1)


def test_duplicate_detection_is_a_false_positive():
    # Ranked: A (TP), A again (FP), B (TP) -> precision 1, 1/2, 2/3 at recall .5, .5, 1.
    # Envelope: 1 up to recall .5 (51 points), 2/3 beyond it (50 points).
    m = evaluate([([(T, A), (T, B)], [(T, 0.9, A), (T, 0.8, A), (T, 0.7, B)])]).per_class[T]
    assert m.ap50 == pytest.approx((51 + 50 * 2 / 3) / 101, abs=1e-12)
    assert (m.tp, m.fp, m.fn) == (2, 1, 0)


def evaluate_with_ignore(gt, preds, ignore, thresholds=0.0):
    evaluator = Evaluator()
    evaluator.add_page(gt, preds, ignore=ignore)
    return evaluator.result(thresholds)


def test_a_detection_on_an_ignore_region_counts_for_nothing():
    # Ranked: FAR (ignored), A (TP): as if FAR had not been found.
    m = evaluate_with_ignore([(T, A)], [(T, 0.9, FAR), (T, 0.8, A)], ignore=[(T, FAR)]).per_class[T]
    assert m.ap50 == 1.0 and m.ap50_95 == 1.0
    assert (m.tp, m.fp, m.fn) == (1, 0, 0)


def test_an_ignore_region_is_taken_once_and_only_by_its_class():
    m = evaluate_with_ignore([(T, A)], [(T, 0.9, A), (T, 0.8, FAR), (T, 0.7, FAR), (C, 0.6, FAR)],
                             ignore=[(T, FAR)])
    assert (m.per_class[T].tp, m.per_class[T].fp) == (1, 1)  # the second detection on FAR is a false positive
    assert m.per_class[C].fp == 1  # a choice on a text region is a false positive


def test_a_detection_prefers_real_truth_to_an_ignore_region():
    # B's detection overlaps both B (truth) and an ignore region at B: it takes B.
    m = evaluate_with_ignore([(T, B)], [(T, 0.9, B)], ignore=[(T, B)]).per_class[T]
    assert (m.tp, m.fp, m.fn) == (1, 0, 0)


def test_higher_score_claims_its_best_ground_truth_first():
    # The first detection overlaps both boxes but B more; the second, which fits B
    # better, finds B taken and A below 0.5: it is a false positive and A is missed.
    ious = np.array([[0.6, 0.8], [0.3, 0.9]])
    matched = match_page(ious, np.array([0.5]))
    assert matched[:, 0].tolist() == [True, False]


def test_detection_takes_highest_iou_unmatched_ground_truth():
    ious = np.array([[0.6, 0.8], [0.9, 0.7]])
    matched = match_page(ious, np.array([0.5]))
    assert matched[:, 0].tolist() == [True, True]


def test_wrong_class_is_fp_for_its_class_and_fn_for_the_truth():
    result = evaluate([([(T, A)], [(C, 0.9, A)])])
    text, choice = result.per_class[T], result.per_class[C]
    assert (text.tp, text.fp, text.fn, text.ap50) == (0, 0, 1, 0.0)
    assert (choice.tp, choice.fp, choice.fn, choice.ap50) == (0, 1, 0, None)


def test_class_without_ground_truth_is_left_out_of_the_mean():
    result = evaluate([([(T, A), (C, B)], [(T, 0.9, A), (S, 0.5, FAR)])])
    assert result.per_class[T].ap50 == 1.0
    assert result.per_class[C].ap50 == 0.0
    assert result.per_class[S].ap50 is None
    assert result.map50 == pytest.approx(0.5)
    data = result.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["per_class"]["signature"]["ap50_95"] is None
    assert data["overall"]["map50"] == pytest.approx(0.5)


def test_precision_recall_f1_at_per_class_score_thresholds():
    pages = [
        (
            [(T, A), (T, B), (C, A)],
            [(T, 0.9, A), (T, 0.4, B), (T, 0.8, FAR), (C, 0.3, A), (C, 0.6, FAR)],
        )
    ]
    result = evaluate(pages, {T: 0.5, C: 0.2, S: 0.5})
    text, choice = result.per_class[T], result.per_class[C]
    # text keeps A (TP) and FAR (FP); B's detection is below 0.5, so B is missed.
    assert (text.tp, text.fp, text.fn) == (1, 1, 1)
    assert (text.precision, text.recall, text.f1) == (0.5, 0.5, 0.5)
    assert (choice.tp, choice.fp, choice.fn) == (1, 1, 0)
    assert (choice.precision, choice.recall) == (0.5, 1.0)
    assert choice.f1 == pytest.approx(2 / 3)
    # Pooled over classes: TP 2, FP 2, FN 1.
    assert (result.precision, result.recall) == (0.5, 2 / 3)
    assert result.f1 == pytest.approx(4 / 7)
    # A threshold only moves the operating point; AP uses every score.
    assert text.ap50 == evaluate(pages, 0.0).per_class[T].ap50


def test_undefined_operating_point_values_are_none():
    m = evaluate([([], [])], 0.5).per_class[S]
    assert (m.precision, m.recall, m.f1) == (None, None, None)


def test_iou_in_fractions_equals_iou_in_points_on_an_anisotropic_page():
    width, height = 612.0, 1008.0
    a, b = (0.1, 0.2, 0.5, 0.3), (0.2, 0.15, 0.6, 0.35)

    def points(box):
        return (box[0] * width, box[1] * height, box[2] * width, box[3] * height)

    assert pairwise_iou(np.array([a]), np.array([b]))[0, 0] == pytest.approx(iou(points(a), points(b)))


def test_unknown_class_and_missing_threshold_are_rejected():
    evaluator = Evaluator([T, C])
    with pytest.raises(ValueError):
        evaluator.add_page([(S, A)], [])
    with pytest.raises(ValueError):
        evaluator.result({T: 0.5})


def test_table_lists_every_class_and_the_overall_row():
    table = format_table(evaluate([([(T, A)], [(T, 0.9, A)])]))
    lines = table.splitlines()
    assert lines[0].split() == ["class", "GT", "AP50", "AP50-95", "P", "R", "F1"]
    assert [line.split()[0] for line in lines[1:]] == ["text", "choice", "signature", "all"]
    assert lines[1].split()[1:] == ["1", "1.000", "1.000", "1.000", "1.000", "1.000"]
    assert lines[2].split()[1:] == ["0", "-", "-", "-", "-", "-"]


def random_pages(rng, gt_classes, n_pages=20):
    """Pages with near-misses, duplicates, wrong classes, empty pages and tied scores."""

    def jitter(box):
        x0, y0, x1, y1 = box
        w, h = x1 - x0, y1 - y0
        dx0, dx1 = rng.normal(0, 0.1 * w, 2)
        dy0, dy1 = rng.normal(0, 0.1 * h, 2)
        return (x0 + dx0, y0 + dy0, max(x0 + dx0, x1 + dx1) + 1e-3, max(y0 + dy0, y1 + dy1) + 1e-3)

    pages = []
    for _ in range(n_pages):
        gt = []
        for _ in range(rng.integers(0, 8)):
            x, y = rng.uniform(0, 0.8, 2)
            box = (x, y, x + rng.uniform(0.02, 0.2), y + rng.uniform(0.01, 0.05))
            gt.append((gt_classes[rng.integers(0, len(gt_classes))], box))
        preds = []
        for cls, box in gt:
            for _ in range(rng.integers(0, 3)):
                if rng.random() < 0.1:
                    cls = CLASS_ORDER[rng.integers(0, 3)]
                preds.append((cls, round(rng.random(), 1), jitter(box)))
        for _ in range(rng.integers(0, 3)):
            x, y = rng.uniform(0, 0.8, 2)
            preds.append((CLASS_ORDER[rng.integers(0, 3)], round(rng.random(), 1), (x, y, x + 0.1, y + 0.03)))
        pages.append((gt, preds))
    return pages


def pycocotools_precision(pages, width, height):
    """pycocotools' (T, R, K) precision array for the same pages, in points."""
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval

    def xywh(box):
        return [box[0] * width, box[1] * height, (box[2] - box[0]) * width, (box[3] - box[1]) * height]

    cat_ids = {cls: k + 1 for k, cls in enumerate(CLASS_ORDER)}
    images, annotations, results = [], [], []
    for image_id, (gt, preds) in enumerate(pages, start=1):
        images.append({"id": image_id, "width": width, "height": height})
        for cls, box in gt:
            bbox = xywh(box)
            annotations.append(
                {"id": len(annotations) + 1, "image_id": image_id, "category_id": cat_ids[cls],
                 "bbox": bbox, "area": bbox[2] * bbox[3], "iscrowd": 0}
            )
        for cls, score, box in preds:
            results.append({"image_id": image_id, "category_id": cat_ids[cls], "bbox": xywh(box), "score": score})
    with contextlib.redirect_stdout(io.StringIO()):
        coco_gt = COCO()
        coco_gt.dataset = {
            "images": images,
            "annotations": annotations,
            "categories": [{"id": i, "name": c.value} for c, i in cat_ids.items()],
        }
        coco_gt.createIndex()
        coco_eval = COCOeval(coco_gt, coco_gt.loadRes(results), "bbox")
        coco_eval.params.areaRng = [[0, 1e12]]
        coco_eval.params.areaRngLbl = ["all"]
        coco_eval.params.maxDets = [1000]
        coco_eval.evaluate()
        coco_eval.accumulate()
    return coco_eval.eval["precision"][:, :, :, 0, 0]


@pytest.mark.parametrize("seed", range(5))
def test_agrees_with_pycocotools(seed):
    pytest.importorskip("pycocotools")
    # Odd seeds give every class ground truth; even ones leave signatures without any.
    gt_classes = CLASS_ORDER if seed % 2 else CLASS_ORDER[:2]
    pages = random_pages(np.random.default_rng(seed), gt_classes)
    ours = evaluate(pages)
    theirs = pycocotools_precision(pages, width=612.0, height=792.0)
    for k, cls in enumerate(CLASS_ORDER):
        m = ours.per_class[cls]
        class_precision = theirs[:, :, k]
        if (class_precision == -1).all():
            assert m.ap50_95 is None
            continue
        ap = class_precision.mean(axis=1)
        assert m.ap50 == pytest.approx(ap[0], abs=1e-9)
        assert m.ap75 == pytest.approx(ap[list(IOU_THRESHOLDS).index(0.75)], abs=1e-9)
        assert m.ap50_95 == pytest.approx(ap.mean(), abs=1e-9)
