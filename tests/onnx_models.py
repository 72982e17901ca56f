"""Tiny ONNX models in ultralytics' export layouts, for detector tests.

Each model outputs a fixed tensor of candidates but still reads its input (it
adds 0 x the sum of the image), so onnxruntime runs it like a real detector.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SIZE = 64
NAMES = "{0: 'text', 1: 'choice', 2: 'signature'}"
OTHER_CLASS_SCORE = 0.01  # what a real model gives the classes a box is not


def ultralytics_metadata(names: str | None = NAMES, size: int = SIZE, **extra: str) -> dict[str, str]:
    """Metadata as ultralytics writes it (values are ``str()`` of Python objects)."""
    metadata = {"task": "detect", "stride": "32", "imgsz": f"[{size}, {size}]", "batch": "1", **extra}
    if names is not None:
        metadata["names"] = names
    return metadata


def raw_output(candidates, class_count: int = 3, padding_anchors: int = 10) -> np.ndarray:
    """A ``1x(4+nc)xN`` output from ``(class index, score, (x0, y0, x1, y1))`` in input pixels.

    Padding anchors score 0 everywhere, like the empty background of a page.
    """
    columns = []
    for class_index, score, (x0, y0, x1, y1) in candidates:
        scores = np.full(class_count, OTHER_CLASS_SCORE)
        scores[class_index] = score
        columns.append([(x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0, *scores])
    columns += [[SIZE / 2, SIZE / 2, 8, 8] + [0.0] * class_count] * padding_anchors
    return np.array(columns, dtype=np.float32).T[None]


def end_to_end_output(rows, slots: int = 10) -> np.ndarray:
    """A ``1xKx6`` output from ``(class index, score, (x0, y0, x1, y1))``, zero-padded to K rows."""
    output = np.zeros((1, slots, 6), dtype=np.float32)
    for row, (class_index, score, box) in enumerate(rows):
        output[0, row] = [*box, score, class_index]
    return output


def constant_model(
    path: Path,
    output: np.ndarray,
    metadata: dict[str, str] | None = None,
    input_shape=(1, 3, SIZE, SIZE),
    colour_penalty: bool = False,
    half_input: bool = False,
) -> Path:
    """Save a model that returns ``output`` for any image.

    ``colour_penalty``: subtract 1000 x max|R - G| from the output, so any colour
    in the input wipes out every score (a probe for the greyscale path).
    ``half_input``: take a float16 image, as ``half=True`` exports do.
    """
    nodes = [
        helper.make_node("Cast", ["images"], ["pixels"], to=TensorProto.FLOAT),
        helper.make_node("ReduceSum", ["pixels"], ["image_sum"], keepdims=0),
        helper.make_node("Mul", ["image_sum", "zero"], ["no_change"]),
        helper.make_node("Add", ["candidates", "no_change"], ["unpenalised" if colour_penalty else "output0"]),
    ]
    initializers = [
        numpy_helper.from_array(output.astype(np.float32), "candidates"),
        numpy_helper.from_array(np.array(0.0, dtype=np.float32), "zero"),
    ]
    if colour_penalty:
        nodes += [
            helper.make_node("Slice", ["pixels", "red_start", "red_end", "channel_axis"], ["red"]),
            helper.make_node("Slice", ["pixels", "red_end", "green_end", "channel_axis"], ["green"]),
            helper.make_node("Sub", ["red", "green"], ["red_minus_green"]),
            helper.make_node("Abs", ["red_minus_green"], ["colour_difference"]),
            helper.make_node("ReduceMax", ["colour_difference"], ["colour"], keepdims=0),
            helper.make_node("Mul", ["colour", "thousand"], ["penalty"]),
            helper.make_node("Sub", ["unpenalised", "penalty"], ["output0"]),
        ]
        initializers += [
            numpy_helper.from_array(np.array([0], dtype=np.int64), "red_start"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "red_end"),
            numpy_helper.from_array(np.array([2], dtype=np.int64), "green_end"),
            numpy_helper.from_array(np.array([1], dtype=np.int64), "channel_axis"),
            numpy_helper.from_array(np.array(1000.0, dtype=np.float32), "thousand"),
        ]
    input_type = TensorProto.FLOAT16 if half_input else TensorProto.FLOAT
    graph = helper.make_graph(
        nodes,
        "constant_detector",
        [helper.make_tensor_value_info("images", input_type, list(input_shape))],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, list(output.shape))],
        initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8  # readable by any onnxruntime the project supports
    for key, value in (metadata if metadata is not None else ultralytics_metadata()).items():
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return path
