"""Find form fields on a rendered page with a YOLO detector exported to ONNX: the onnxruntime session.

Reads the layout ultralytics exports (decode.py), so official FFDNet exports and
ours load alike; the model's metadata says its classes, input size and stride.
Boxes come back as fractions of the image passed in (geometry.py's convention).
"""

from __future__ import annotations

import ast
import hashlib
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import onnxruntime as ort

from ..errors import BadArgumentsError, ModelError
from ..fields import CLASS_ORDER, Detection, FieldClass
from ..geometry import Raster
from .decode import DEFAULT_IOU, DEFAULT_MAX_DET, decode, model_input
from .fusion import fuse

DEFAULT_MODEL_NAME = "commonforms-s.onnx"
# Installed wheel first (pyproject force-includes models/ into the package), then a source checkout.
_PACKAGE = Path(__file__).resolve().parent.parent
MODEL_DIRS = (_PACKAGE / "models", _PACKAGE.parent / "models")

DEFAULT_STRIDE = 32  # YOLO's largest stride, for exports whose metadata lacks it

# The second pass (``Detector.detect(second_pass=True)``) sees the page at this share of the
# model's size (1216 -> 1024 px): fused with the first, held-out text F1 after refine went from
# .719 to .729 (models/README.md, session 16). Each pass keeps boxes down to FUSION_FLOOR, so that
# a box one pass scored low still counts towards the fused score.
SECOND_PASS_SCALE = 0.84
FUSION_FLOOR = 0.02

_PROVIDER_ALIASES = {"cpu": "CPUExecutionProvider", "cuda": "CUDAExecutionProvider"}
# cuDNN's default exhaustive search times every convolution algorithm for each new input shape:
# with pages still at their own shapes, 0.51 s/page on an H200 against 0.20 with the heuristic.
# Accelerators now get one shape (Detector.__init__), so it runs once a session either way.
PROVIDER_OPTIONS = {"CUDAExecutionProvider": {"cudnn_conv_algo_search": "HEURISTIC"}}

# Class names found in exports, normalised by _normalise_name.
_CLASS_BY_NAME = {
    "text": FieldClass.text,
    "textbox": FieldClass.text,
    "textfield": FieldClass.text,
    "combobox": FieldClass.text,
    "choice": FieldClass.choice,
    "choicebutton": FieldClass.choice,
    "checkbox": FieldClass.choice,
    "radio": FieldClass.choice,
    "radiobutton": FieldClass.choice,
    "button": FieldClass.choice,
    "signature": FieldClass.signature,
    "sign": FieldClass.signature,
}


@dataclass(frozen=True)
class ModelInfo:
    """What a report needs to say which model produced the fields."""

    path: Path
    name: str
    sha256: str
    imgsz: tuple[int, int]  # (height, width) of the model input
    class_names: tuple[str, ...]  # as the model names its outputs
    gray_input: bool
    end_to_end: bool


def default_model_path() -> Path:
    """The bundled model, so that the CLI works without ``--model``."""
    for folder in MODEL_DIRS:
        candidate = folder / DEFAULT_MODEL_NAME
        if candidate.is_file():
            return candidate
    raise ModelError("no bundled model found; pass --model")


_LOADED: dict[tuple, "Detector"] = {}
_LOADING = threading.Lock()


def load_detector(model: Path | None, device: str = "cpu", threads: int | None = None) -> Detector:
    """One onnxruntime session per model and process, reused across files; locked, so that API
    callers on several threads (a Dask worker's) never load the same model twice."""
    key = (model, device, threads)
    with _LOADING:
        if key not in _LOADED:
            _LOADED[key] = Detector(model or default_model_path(), providers=device, threads=threads)
        return _LOADED[key]


class Detector:
    """An ONNX field detector: load once, then ``detect`` page after page."""

    def __init__(self, path: str | Path, *, providers: str | Sequence[str] = "cpu", threads: int | None = None):
        """``providers``: 'cpu', 'cuda' or onnxruntime provider names; ``threads``:
        intra-op threads (None: onnxruntime's default)."""
        self.path = Path(path)
        self._session = _open_session(self.path, _execution_providers(providers), threads)
        metadata = self._session.get_modelmeta().custom_metadata_map
        names = _parse_names(_metadata_literal(metadata, "names"))
        self.input_size, self._input_dtype, dynamic_size = _read_input(
            self._session.get_inputs()[0], metadata, self.path
        )
        # A model of dynamic input size gets pages padded to its stride only (see letterbox) on the
        # CPU. An accelerator gets one input shape for every page: each new shape costs it a setup
        # far longer than the padding's extra compute (CUDA: 0.20 s/page against 0.01 s inference).
        on_cpu = self._session.get_providers()[0] == "CPUExecutionProvider"
        stride = _read_stride(metadata)
        self._pad_stride = stride if dynamic_size and on_cpu else None
        self._second_input_size = _second_input_size(self.input_size, stride) if dynamic_size else None
        self._input_name = self._session.get_inputs()[0].name
        self._output_name = self._session.get_outputs()[0].name
        self.end_to_end, class_count = _read_output_layout(
            self._session.get_outputs()[0].shape, metadata, names, self.path
        )
        if names is not None and len(names) != class_count:
            raise ModelError(
                f"{self.path.name}: output has {class_count} classes but the metadata names {len(names)}"
            )
        self.classes = _field_classes(names, class_count, self.path)
        self.class_names = tuple(names) if names else tuple(cls.value for cls in self.classes)
        self.gray_input = metadata.get("commonforms_input", "").strip().lower() == "gray"

    @property
    def providers(self) -> list[str]:
        """The onnxruntime execution providers the session runs on, best first."""
        return self._session.get_providers()

    @cached_property
    def model_info(self) -> ModelInfo:
        """Hashed on first use: reports need it, plain runs need not read 40 MB twice."""
        digest = hashlib.sha256()
        with self.path.open("rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
        return ModelInfo(
            path=self.path,
            name=self.path.stem,
            sha256=digest.hexdigest(),
            imgsz=self.input_size,
            class_names=self.class_names,
            gray_input=self.gray_input,
            end_to_end=self.end_to_end,
        )

    def detect(
        self,
        image: np.ndarray,
        thresholds: Mapping[FieldClass, float] | float,
        *,
        page: int = 0,
        iou: float = DEFAULT_IOU,
        max_det: int = DEFAULT_MAX_DET,
        second_pass: bool = False,
    ) -> list[Detection]:
        """Fields on one rendered page (HxWx3 uint8 RGB), best first.

        ``thresholds``: the minimum score, for all classes or per class (a class
        missing from the mapping is not reported). Boxes are fractions of
        ``image``, clipped to [0, 1]. End-to-end models are not suppressed again,
        as ultralytics does not either. The same as ``preprocess``, ``infer`` and
        ``decode`` in turn, which callers that time or overlap the steps use.
        ``second_pass``: detect again at ``SECOND_PASS_SCALE`` of the size and fuse
        the two (``fusion.py``); only for models of dynamic input size (a fixed
        one gets one pass).
        """
        if not (second_pass and self._second_input_size):
            tensor, raster = self.preprocess(image)
            return self.decode(self.infer(tensor), raster, thresholds, page=page, iou=iou, max_det=max_det)
        minimum = thresholds if isinstance(thresholds, Mapping) else dict.fromkeys(self.classes, thresholds)
        floor = {cls: min(score, FUSION_FLOOR) for cls, score in minimum.items()}
        passes = []
        for input_size in (self.input_size, self._second_input_size):
            tensor, raster = self.preprocess(image, input_size)
            passes.append(self.decode(self.infer(tensor), raster, floor, page=page, iou=iou, max_det=max_det))
        return [found for found in fuse(passes) if found.score >= minimum[found.cls]][:max_det]

    def preprocess(self, image: np.ndarray, input_size: tuple[int, int] | None = None) -> tuple[np.ndarray, Raster]:
        """The model's input for one rendered page (HxWx3 uint8 RGB), and where the page sits in it;
        ``input_size``: a smaller one than the model's, for a model of dynamic size."""
        if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
            raise ValueError(f"expected an HxWx3 uint8 RGB image, got {image.dtype} {image.shape}")
        return model_input(image, input_size or self.input_size, self.gray_input, self._input_dtype, self._pad_stride)

    def infer(self, tensor: np.ndarray) -> np.ndarray:
        """The model's first output for one input, checked against the layout read at load.

        onnxruntime releases the GIL while it runs, so another thread can render meanwhile.
        """
        try:
            (output,) = self._session.run([self._output_name], {self._input_name: tensor})
        except Exception as error:  # onnxruntime raises its own, unrelated exception types
            raise ModelError(f"{self.path.name}: inference failed: {_first_line(error)}") from error
        expected_rows = 6 if self.end_to_end else 4 + len(self.classes)
        row_axis = 2 if self.end_to_end else 1
        if output.ndim != 3 or output.shape[0] != 1 or output.shape[row_axis] != expected_rows:
            raise ModelError(f"{self.path.name}: unexpected output shape {list(output.shape)}")
        return output[0].astype(np.float32, copy=False)

    def decode(
        self,
        prediction: np.ndarray,
        raster: Raster,
        thresholds: Mapping[FieldClass, float] | float,
        *,
        page: int = 0,
        iou: float = DEFAULT_IOU,
        max_det: int = DEFAULT_MAX_DET,
    ) -> list[Detection]:
        """Detections from ``infer``'s output, ``raster`` being where ``preprocess`` put the page in the input."""
        return decode(prediction, raster, self.classes, thresholds, end_to_end=self.end_to_end, page=page, iou=iou,
                      max_det=max_det)


def _execution_providers(providers: str | Sequence[str]) -> list[str]:
    """onnxruntime provider names for 'cpu' / 'cuda' / explicit names, CPU last as the fallback
    for operators an accelerator lacks; an unavailable provider is the user's error."""
    requested = [providers] if isinstance(providers, str) else list(providers)
    names = [_PROVIDER_ALIASES.get(name.lower(), name) for name in requested]
    available = ort.get_available_providers()
    for name in names:
        if name not in available:
            raise BadArgumentsError(
                f"onnxruntime here has no {name} (available: {', '.join(available)});"
                " for 'cuda' install onnxruntime-gpu with CUDA and cuDNN"
            )
    if "CPUExecutionProvider" not in names:
        names.append("CPUExecutionProvider")
    return names


def _open_session(path: Path, providers: list[str], threads: int | None) -> ort.InferenceSession:
    if not path.exists():
        raise ModelError(f"model file not found: {path}")
    if not path.is_file():
        raise ModelError(f"model path is not a file: {path}")
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3  # errors only: onnxruntime's warnings are not the user's business
    if threads is not None:
        options.intra_op_num_threads = threads
    # Idle threads sleep rather than spin: a spinning thread takes the core that rendering, a
    # second --jobs worker or another program needs (2 busy cores, int8: 0.63 s a page, not 0.78).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        session = ort.InferenceSession(
            str(path), sess_options=options, providers=[(name, PROVIDER_OPTIONS.get(name, {})) for name in providers]
        )
    except Exception as error:  # onnxruntime raises its own, unrelated exception types
        raise ModelError(f"cannot load model {path}: not a usable ONNX model ({_first_line(error)})") from error
    # onnxruntime falls back to CPU silently when an accelerator's libraries fail to load.
    if providers[0] not in session.get_providers():
        raise BadArgumentsError(f"{providers[0]} could not be started; check the CUDA and cuDNN installation")
    return session


def _read_input(node: ort.NodeArg, metadata: Mapping[str, str], path: Path):
    """The input's (height, width), dtype, and whether its height and width are dynamic;
    a static shape wins over the ``imgsz`` metadata, which gives a dynamic one's largest size."""
    shape = node.shape
    batch_ok = len(shape) == 4 and (not isinstance(shape[0], int) or shape[0] == 1)
    if not batch_ok or (isinstance(shape[1], int) and shape[1] != 3):
        raise ModelError(f"{path.name}: input shape {shape} is not an image (expected 1x3xSxS)")
    dtypes = {"tensor(float)": np.float32, "tensor(float16)": np.float16}
    if node.type not in dtypes:
        raise ModelError(f"{path.name}: input type {node.type} is not float")
    if isinstance(shape[2], int) and isinstance(shape[3], int):
        return (shape[2], shape[3]), dtypes[node.type], False
    imgsz = _metadata_literal(metadata, "imgsz")
    if isinstance(imgsz, int):
        imgsz = [imgsz, imgsz]
    if not (isinstance(imgsz, (list, tuple)) and len(imgsz) == 2 and all(isinstance(v, int) and v > 0 for v in imgsz)):
        raise ModelError(f"{path.name}: input size is dynamic and the metadata gives no imgsz")
    return (imgsz[0], imgsz[1]), dtypes[node.type], True


def _second_input_size(input_size: tuple[int, int], stride: int) -> tuple[int, int] | None:
    """The second pass's input size: ``SECOND_PASS_SCALE`` of the model's, in whole strides; None
    where that is the model's own (a model too small to look at twice)."""
    second = tuple(max(stride, round(side * SECOND_PASS_SCALE / stride) * stride) for side in input_size)
    return None if second == tuple(input_size) else second


def _read_stride(metadata: Mapping[str, str]) -> int:
    stride = _metadata_literal(metadata, "stride")
    return stride if isinstance(stride, int) and stride > 0 else DEFAULT_STRIDE


def _read_output_layout(
    shape: list, metadata: Mapping[str, str], names: list[str] | None, path: Path
) -> tuple[bool, int]:
    """(end_to_end, class count) from the first output's shape and the export metadata."""
    export_args = _metadata_literal(metadata, "args")
    flagged = _metadata_literal(metadata, "end2end") is True or (
        isinstance(export_args, dict) and export_args.get("nms") is True
    )
    expected_classes = len(names) if names else len(CLASS_ORDER)
    if len(shape) == 3:
        rows, columns = shape[1], shape[2]
        if flagged or (columns == 6 and rows != 4 + expected_classes):
            if columns == 6:
                return True, expected_classes
        elif isinstance(rows, int) and rows > 4:
            return False, rows - 4
    raise ModelError(
        f"{path.name}: output shape {shape} is not a YOLO detection output"
        " (expected 1x(4+classes)xN, or 1xKx6 end-to-end)"
    )


def _field_classes(names: list[str] | None, class_count: int, path: Path) -> tuple[FieldClass, ...]:
    """FieldClass of each model class, by meaning. Three classes with no names, or
    none recognised, are taken in CommonForms' training order; partly recognised
    names are refused rather than guessed."""
    mapped = [_CLASS_BY_NAME.get(_normalise_name(name)) for name in names or ()]
    if mapped and all(mapped):
        return tuple(mapped)
    if not any(mapped) and class_count == len(CLASS_ORDER):
        return CLASS_ORDER
    raise ModelError(
        f"{path.name}: classes {names or class_count} are not form-field classes (text, choice, signature)"
    )


def _parse_names(value) -> list[str] | None:
    """Class names in index order from ultralytics' ``{0: 'text', ...}``, or None."""
    if isinstance(value, dict) and value and sorted(value) == list(range(len(value))):
        return [str(value[index]) for index in range(len(value))]
    if isinstance(value, (list, tuple)) and value:
        return [str(name) for name in value]
    return None


def _normalise_name(name: str) -> str:
    return "".join(char for char in name.lower() if char.isalnum())


def _metadata_literal(metadata: Mapping[str, str], key: str):
    """A metadata entry as the Python value ultralytics wrote with ``str()``; None if absent or unreadable."""
    try:
        return ast.literal_eval(metadata[key])
    except (KeyError, ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__
