"""The ONNX detector: decoding, thresholds, NMS, letterbox, the fused second pass and model validation."""

from __future__ import annotations

import hashlib

import numpy as np
import onnxruntime as ort
import pytest
from onnx_models import (
    SIZE,
    constant_model,
    end_to_end_output,
    raw_output,
    ultralytics_metadata,
)
from PIL import Image

from commonforms_cli.detect import session as detector_module
from commonforms_cli.detect import (
    DEFAULT_MODEL_NAME,
    Detector,
    default_model_path,
    letterbox,
    model_input,
    nms,
)
from commonforms_cli.detect.fusion import fuse
from commonforms_cli.errors import BadArgumentsError, ModelError
from commonforms_cli.fields import Detection, FieldClass
from commonforms_cli.geometry import Raster

TEXT, CHOICE, SIGNATURE = 0, 1, 2

# In input pixels of the 64x64 model; the image is 64x64 too, so fractions are pixels / 64.
BEST_TEXT = (TEXT, 0.9, (8, 8, 24, 16))
WEAKER_TEXT_OVERLAP = (TEXT, 0.8, (9, 8, 25, 16))  # IoU 0.88 with BEST_TEXT
CHOICE_SAME_PLACE = (CHOICE, 0.7, (8, 8, 24, 16))
FAINT_SIGNATURE = (SIGNATURE, 0.2, (40, 40, 56, 48))
SEPARATE_TEXT = (TEXT, 0.5, (32, 8, 48, 16))
CANDIDATES = [BEST_TEXT, WEAKER_TEXT_OVERLAP, CHOICE_SAME_PLACE, FAINT_SIGNATURE, SEPARATE_TEXT]


def fractions(box, width=SIZE, height=SIZE):
    x0, y0, x1, y1 = box
    return (x0 / width, y0 / height, x1 / width, y1 / height)


def summary(detections):
    return [(d.cls, round(d.score, 4), d.bbox) for d in detections]


def page(height=SIZE, width=SIZE, seed=0):
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)


@pytest.fixture
def model_path(tmp_path):
    return constant_model(tmp_path / "five.onnx", raw_output(CANDIDATES))


def test_decode_threshold_and_class_aware_nms(model_path):
    detections = Detector(model_path).detect(page(), 0.25, page=3)
    assert summary(detections) == [
        (FieldClass.text, 0.9, fractions(BEST_TEXT[2])),
        (FieldClass.choice, 0.7, fractions(CHOICE_SAME_PLACE[2])),  # other class: not suppressed
        (FieldClass.text, 0.5, fractions(SEPARATE_TEXT[2])),
    ]
    assert {d.page for d in detections} == {3}


def test_loose_iou_keeps_overlapping_boxes(model_path):
    detections = Detector(model_path).detect(page(), 0.25, iou=0.95)
    assert [d.score for d in detections] == pytest.approx([0.9, 0.8, 0.7, 0.5])


def test_per_class_thresholds(model_path):
    detector = Detector(model_path)
    strict_text = {FieldClass.text: 0.95, FieldClass.choice: 0.5, FieldClass.signature: 0.1}
    assert summary(detector.detect(page(), strict_text)) == [
        (FieldClass.choice, 0.7, fractions(CHOICE_SAME_PLACE[2])),
        (FieldClass.signature, 0.2, fractions(FAINT_SIGNATURE[2])),
    ]
    only_choice = {FieldClass.choice: 0.5}  # classes left out are not reported
    assert [d.cls for d in detector.detect(page(), only_choice)] == [FieldClass.choice]


def test_max_det_keeps_the_best(model_path):
    detections = Detector(model_path).detect(page(), 0.25, max_det=2)
    assert [d.score for d in detections] == pytest.approx([0.9, 0.7])


@pytest.mark.parametrize(
    "image_shape, input_box, expected",
    [
        # landscape 64x40 (w x h): 12 rows of padding above, 12 below
        ((40, 64), (16, 16, 48, 32), (0.25, 0.1, 0.75, 0.5)),
        # portrait 40x64: 12 columns of padding left
        ((64, 40), (16, 16, 32, 48), (0.1, 0.25, 0.5, 0.75)),
        # 128x80 is resized to 64x40 first: same fractions as the landscape page
        ((80, 128), (16, 16, 48, 32), (0.25, 0.1, 0.75, 0.5)),
    ],
)
def test_letterbox_is_undone(tmp_path, image_shape, input_box, expected):
    path = constant_model(tmp_path / "one.onnx", raw_output([(TEXT, 0.9, input_box)]))
    (detection,) = Detector(path).detect(page(*image_shape), 0.5)
    assert detection.bbox == pytest.approx(expected, abs=1e-12)


def test_boxes_are_clipped_and_padding_only_boxes_dropped(tmp_path):
    straddling = (TEXT, 0.9, (-8, 4, 32, 20))  # starts left of the input and in the top padding
    in_padding = (CHOICE, 0.8, (8, 0, 24, 10))  # the page starts at row 12
    path = constant_model(tmp_path / "edges.onnx", raw_output([straddling, in_padding]))
    (detection,) = Detector(path).detect(page(40, 64), 0.5)
    assert detection.bbox == pytest.approx((0.0, 0.0, 0.5, 0.2), abs=1e-12)


def test_letterbox_matches_ultralytics_rounding():
    image = page(39, 64)  # 25 rows of padding: 12 above, 13 below
    canvas, placement = letterbox(image, (SIZE, SIZE))
    assert placement == Raster(left=0, top=12, width=64, height=39)
    assert (canvas[:12] == 114).all() and (canvas[51:] == 114).all()
    assert (canvas[12:51] == image).all()

    _, resized = letterbox(page(100, 37), (SIZE, SIZE))  # ratio 0.64: 23.68 -> 24 wide, 40 / 2 columns each side
    assert resized == Raster(left=20, top=0, width=24, height=64)


def test_model_input_rgb_and_gray():
    image = page(40, 64)
    rgb, placement = model_input(image, (SIZE, SIZE), gray=False)
    assert rgb.shape == (1, 3, SIZE, SIZE) and rgb.dtype == np.float32 and rgb.flags.c_contiguous
    assert np.array_equal(rgb[0, :, 12:52], image.transpose(2, 0, 1) / np.float32(255))
    assert np.all(rgb[0, :, :12] == np.float32(114) / 255)

    gray, _ = model_input(image, (SIZE, SIZE), gray=True)
    luma = np.asarray(Image.fromarray(image).convert("L"))
    assert all(np.array_equal(gray[0, channel, 12:52], luma / np.float32(255)) for channel in range(3))
    assert np.all(gray[0, :, :12] == np.float32(114) / 255)


def test_gray_metadata_feeds_greyscale(tmp_path):
    output = raw_output([BEST_TEXT])
    colour_blind = ultralytics_metadata(commonforms_input="gray")
    gray_model = constant_model(tmp_path / "gray.onnx", output, colour_blind, colour_penalty=True)
    rgb_model = constant_model(tmp_path / "rgb.onnx", output, colour_penalty=True)
    assert len(Detector(gray_model).detect(page(), 0.5)) == 1
    assert Detector(rgb_model).detect(page(), 0.5) == []  # colour reached the model
    assert Detector(gray_model).model_info.gray_input and not Detector(rgb_model).model_info.gray_input


@pytest.mark.parametrize(
    "names, expected",
    [
        ("{0: 'TextBox', 1: 'ChoiceButton', 2: 'Signature'}", [FieldClass.text, FieldClass.choice, FieldClass.signature]),
        ("{0: 'signature', 1: 'check_box', 2: 'ComboBox'}", [FieldClass.signature, FieldClass.choice, FieldClass.text]),
        ("{0: 'a', 1: 'b', 2: 'c'}", [FieldClass.text, FieldClass.choice, FieldClass.signature]),
        (None, [FieldClass.text, FieldClass.choice, FieldClass.signature]),
    ],
)
def test_class_names_map_by_meaning(tmp_path, names, expected):
    boxes = [(index, 0.9, (8 + 16 * index, 8, 20 + 16 * index, 16)) for index in range(3)]
    path = constant_model(tmp_path / "named.onnx", raw_output(boxes), ultralytics_metadata(names=names))
    detections = sorted(Detector(path).detect(page(), 0.5), key=lambda d: d.bbox[0])
    assert [d.cls for d in detections] == expected


@pytest.mark.parametrize(
    "names, class_count, message",
    [
        ("{0: 'text', 1: 'choice', 2: 'table'}", 3, "are not form-field classes"),  # partly known: no guessing
        ("{0: 'cat', 1: 'dog'}", 2, "are not form-field classes"),
        (None, 2, "are not form-field classes"),
        ("{0: 'text', 1: 'choice', 2: 'signature'}", 2, "output has 2 classes but the metadata names 3"),
    ],
)
def test_unusable_classes_are_refused(tmp_path, names, class_count, message):
    output = raw_output([(TEXT, 0.9, (8, 8, 24, 16))], class_count=class_count)
    path = constant_model(tmp_path / "odd.onnx", output, ultralytics_metadata(names=names))
    with pytest.raises(ModelError, match=message):
        Detector(path)


@pytest.mark.parametrize(
    "extra_metadata",
    [{"end2end": "True"}, {"args": "{'batch': 1, 'nms': True}"}, {}],  # YOLO26, nms=True, shape alone
    ids=["end2end", "nms-export", "by-shape"],
)
def test_end_to_end_layout(tmp_path, extra_metadata):
    rows = [
        (TEXT, 0.9, (8, 8, 24, 16)),
        (TEXT, 0.6, (9, 8, 25, 16)),  # overlaps, but the model already chose to keep it
        (SIGNATURE, 0.8, (8, 32, 40, 48)),
        (CHOICE, 0.1, (40, 8, 48, 16)),  # below the threshold
    ]
    path = constant_model(
        tmp_path / "e2e.onnx", end_to_end_output(rows), ultralytics_metadata(**extra_metadata)
    )
    detector = Detector(path)
    assert detector.end_to_end
    assert summary(detector.detect(page(), 0.25)) == [
        (FieldClass.text, 0.9, fractions((8, 8, 24, 16))),
        (FieldClass.signature, 0.8, fractions((8, 32, 40, 48))),
        (FieldClass.text, 0.6, fractions((9, 8, 25, 16))),
    ]


def test_dynamic_input_size_comes_from_metadata(tmp_path):
    dynamic = ("batch", 3, "height", "width")
    output = raw_output([BEST_TEXT])
    path = constant_model(tmp_path / "dynamic.onnx", output, input_shape=dynamic)
    detector = Detector(path)
    assert detector.input_size == (SIZE, SIZE)
    assert summary(detector.detect(page(), 0.5)) == [(FieldClass.text, 0.9, fractions(BEST_TEXT[2]))]

    without_imgsz = {k: v for k, v in ultralytics_metadata().items() if k != "imgsz"}
    path = constant_model(tmp_path / "no-imgsz.onnx", output, without_imgsz, input_shape=dynamic)
    with pytest.raises(ModelError, match="gives no imgsz"):
        Detector(path)


def test_dynamic_input_size_pads_to_the_stride_only(tmp_path):
    """As ultralytics' own predict does (``auto=True``): a wide page is not padded to a square."""
    canvas, placement = letterbox(page(16, 64), (SIZE, SIZE), stride=32)
    assert canvas.shape == (32, 64, 3) and placement == Raster(left=0, top=8, width=64, height=16)

    in_page = (TEXT, 0.9, (16, 8, 48, 24))  # rows 8-24 of the 32-row input: the whole page's height
    dynamic = ("batch", 3, "height", "width")
    path = constant_model(tmp_path / "dynamic.onnx", raw_output([in_page]), input_shape=dynamic)
    (detection,) = Detector(path).detect(page(16, 64), 0.5)
    assert detection.bbox == pytest.approx((0.25, 0.0, 0.75, 1.0), abs=1e-12)
    static = constant_model(tmp_path / "static.onnx", raw_output([in_page]))
    assert Detector(static).detect(page(16, 64), 0.5) == []  # the square input's top padding


def test_dynamic_input_size_on_an_accelerator_is_square(tmp_path, monkeypatch):
    """An accelerator gets one input shape for all pages (a new shape costs CUDA a slow setup)."""

    class OnAccelerator:
        def __init__(self, session):
            self._session = session

        def __getattr__(self, name):
            return getattr(self._session, name)

        def get_providers(self):
            return ["CUDAExecutionProvider", "CPUExecutionProvider"]

    open_session = detector_module._open_session
    monkeypatch.setattr(detector_module, "_open_session", lambda *args: OnAccelerator(open_session(*args)))
    in_page = (TEXT, 0.9, (16, 8, 48, 24))  # the page's rows on a stride-padded input only
    dynamic = ("batch", 3, "height", "width")
    path = constant_model(tmp_path / "dynamic.onnx", raw_output([in_page]), input_shape=dynamic)
    detector = Detector(path)
    assert detector.providers[0] == "CUDAExecutionProvider"
    assert detector.preprocess(page(16, 64))[0].shape == (1, 3, SIZE, SIZE)
    assert detector.detect(page(16, 64), 0.5) == []  # the square input's top padding


def test_fusion_averages_what_both_passes_find_and_discounts_the_rest():
    first = [Detection(0, FieldClass.text, 0.8, (0.10, 0.10, 0.30, 0.20)),
             Detection(0, FieldClass.choice, 0.6, (0.50, 0.50, 0.52, 0.52))]
    second = [Detection(0, FieldClass.text, 0.4, (0.13, 0.10, 0.33, 0.20)),  # IoU 0.74 with the first's
              Detection(0, FieldClass.signature, 0.6, (0.50, 0.50, 0.52, 0.52))]  # same place, other class
    fused = {found.cls: found for found in fuse([first, second])}
    assert fused[FieldClass.text].score == pytest.approx(0.6)  # the mean of the two
    assert fused[FieldClass.text].bbox == pytest.approx((0.11, 0.10, 0.31, 0.20))  # weighted by score
    assert fused[FieldClass.choice].score == pytest.approx(0.3)  # one pass of two found it
    assert fused[FieldClass.signature].score == pytest.approx(0.3)
    assert fuse([first]) == sorted(first, key=lambda found: -found.score)


def test_fusion_takes_a_check_box_inside_another_for_one_square_but_not_a_text_box():
    outer, inner = (0.50, 0.50, 0.53, 0.53), (0.505, 0.505, 0.525, 0.525)  # IoU 0.44, the inner one covered
    first = [Detection(0, FieldClass.choice, 0.6, outer), Detection(0, FieldClass.text, 0.6, (0.1, 0.1, 0.4, 0.13))]
    second = [Detection(0, FieldClass.choice, 0.6, inner), Detection(0, FieldClass.text, 0.6, (0.1, 0.1, 0.2, 0.13))]
    fused = fuse([first, second])
    assert [(found.cls, found.score) for found in fused if found.cls is FieldClass.choice] == [
        (FieldClass.choice, pytest.approx(0.6))]
    assert fused[0].bbox == pytest.approx((0.5025, 0.5025, 0.5275, 0.5275))
    assert [found.score for found in fused if found.cls is FieldClass.text] == [pytest.approx(0.3)] * 2


def test_second_pass_on_a_model_of_dynamic_size(tmp_path):
    """Pass two letterboxes the 128-px page into 96 px (0.84 of 128 in whole strides of 32): the
    constant model's boxes, in input pixels, land elsewhere on the page, so the large box's two
    looks fuse (IoU 0.56) and the small box's do not (IoU 0.42), each then at half its score."""
    large, small = (TEXT, 0.9, (0, 0, 64, 64)), (CHOICE, 0.9, (8, 8, 24, 16))
    dynamic = ("batch", 3, "height", "width")
    path = constant_model(tmp_path / "dynamic.onnx", raw_output([large, small]), ultralytics_metadata(size=128),
                          input_shape=dynamic)
    detector = Detector(path)
    image = page(128, 128)
    assert summary(detector.detect(image, 0.5)) == [
        (FieldClass.text, 0.9, (0.0, 0.0, 0.5, 0.5)), (FieldClass.choice, 0.9, (8 / 128, 8 / 128, 24 / 128, 16 / 128))]
    (fused,) = detector.detect(image, 0.5, second_pass=True)
    assert (fused.cls, fused.score) == (FieldClass.text, pytest.approx(0.9))
    assert fused.bbox == pytest.approx((0.0, 0.0, 7 / 12, 7 / 12))  # the mean of 1/2 and 2/3 of the page
    halves = detector.detect(image, 0.4, second_pass=True)
    assert [(found.cls, round(found.score, 4)) for found in halves] == [
        (FieldClass.text, 0.9), (FieldClass.choice, 0.45), (FieldClass.choice, 0.45)]


def test_second_pass_needs_a_model_of_dynamic_size_larger_than_a_stride(model_path, tmp_path):
    detector = Detector(model_path)
    assert detector.detect(page(), 0.25, second_pass=True) == detector.detect(page(), 0.25)
    dynamic = ("batch", 3, "height", "width")
    tiny = Detector(constant_model(tmp_path / "tiny.onnx", raw_output(CANDIDATES), input_shape=dynamic))  # 64 px
    assert tiny.detect(page(), 0.25, second_pass=True) == tiny.detect(page(), 0.25)


def test_half_precision_input(tmp_path):
    path = constant_model(tmp_path / "half.onnx", raw_output([BEST_TEXT]), half_input=True)
    assert summary(Detector(path).detect(page(), 0.5)) == [(FieldClass.text, 0.9, fractions(BEST_TEXT[2]))]


def test_model_info(model_path):
    info = Detector(model_path, threads=1).model_info
    assert info.name == "five" and info.path == model_path
    assert info.sha256 == hashlib.sha256(model_path.read_bytes()).hexdigest()
    assert info.imgsz == (SIZE, SIZE)
    assert info.class_names == ("text", "choice", "signature")
    assert not info.end_to_end


def test_missing_and_unreadable_files(tmp_path):
    with pytest.raises(ModelError, match="model file not found"):
        Detector(tmp_path / "absent.onnx")
    with pytest.raises(ModelError, match="not a file"):
        Detector(tmp_path)
    text = tmp_path / "notes.onnx"
    text.write_text("this is not a model\n")
    with pytest.raises(ModelError, match="not a usable ONNX model") as raised:
        Detector(text)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "output_shape, input_shape, message",
    [
        ((1, 10), (1, 3, SIZE, SIZE), "is not a YOLO detection output"),  # a classifier
        ((1, 7, 5, 2), (1, 3, SIZE, SIZE), "is not a YOLO detection output"),
        ((1, 4, 9), (1, 3, SIZE, SIZE), "is not a YOLO detection output"),  # no class rows
        ((1, 7, 9), (1, 3, SIZE), "is not an image"),
        ((1, 7, 9), (1, 1, SIZE, SIZE), "is not an image"),
    ],
)
def test_incompatible_models_are_refused(tmp_path, output_shape, input_shape, message):
    path = constant_model(tmp_path / "bad.onnx", np.zeros(output_shape, np.float32), input_shape=input_shape)
    with pytest.raises(ModelError, match=message):
        Detector(path)


@pytest.mark.skipif("CUDAExecutionProvider" in ort.get_available_providers(), reason="CUDA is available here")
def test_unavailable_cuda_is_a_clear_error(model_path):
    with pytest.raises(BadArgumentsError, match="no CUDAExecutionProvider"):
        Detector(model_path, providers="cuda")


def test_image_must_be_rgb_uint8(model_path):
    with pytest.raises(ValueError, match="HxWx3 uint8"):
        Detector(model_path).detect(page().astype(np.float32), 0.5)


def test_nms_matches_a_plain_greedy_reference():
    rng = np.random.default_rng(7)
    corners = rng.uniform(0, 100, (300, 2))
    boxes = np.hstack([corners, corners + rng.uniform(5, 30, (300, 2))])
    scores = rng.uniform(0, 1, 300)
    groups = rng.integers(0, 3, 300).astype(np.float64)

    def iou(a, b):
        w = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
        h = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
        shared = w * h
        return shared / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - shared)

    expected = []
    for index in np.argsort(-scores, kind="stable"):
        if all(groups[index] != groups[kept] or iou(boxes[index], boxes[kept]) <= 0.45 for kept in expected):
            expected.append(index)
    assert nms(boxes, scores, groups, 0.45, 1000).tolist() == expected
    assert nms(boxes, scores, groups, 0.45, 5).tolist() == expected[:5]


def test_default_model_path(tmp_path, monkeypatch):
    package_dir, checkout_dir = tmp_path / "package", tmp_path / "checkout"
    package_dir.mkdir()
    checkout_dir.mkdir()
    (package_dir / "other.onnx").write_bytes(b"")
    monkeypatch.setattr(detector_module, "MODEL_DIRS", (package_dir, checkout_dir))
    with pytest.raises(ModelError, match="no bundled model found; pass --model"):
        default_model_path()
    (checkout_dir / DEFAULT_MODEL_NAME).write_bytes(b"")
    assert default_model_path() == checkout_dir / DEFAULT_MODEL_NAME
    (package_dir / DEFAULT_MODEL_NAME).write_bytes(b"")
    assert default_model_path() == package_dir / DEFAULT_MODEL_NAME
