"""Build int8 and fp16 variants of a detector, to be measured by benchmarks/speed.py.

    python benchmarks/quantize.py models/commonforms-s.onnx .work/speed [--calibration 48]

Writes ``<stem>-int8.onnx`` (static QDQ, calibrated on rendered training pages),
``<stem>-int8-dynamic.onnx`` and ``<stem>-fp16.onnx``. None of them is shipped:
speed.py reports their speed and AP so that whoever decides can.

Static int8 is what can pay on a CPU: activations uint8, weights int8 per
channel with ``reduce_range`` (7-bit), ORT's advice for x86 cores without VNNI
such as the 2-core EPYC (Zen 3) this was written on. The whole Detect head
stays float: its convolutions, whose int8 rounding cost the session-3 weights
1.2 points of choice AP50-95 on the validation split (72.4 with a float head,
71.6 int8; 73.6 all float) for no end-to-end time we could measure (0.35 s a
page either way), and its decoding (DFL softmax, box arithmetic, class
sigmoid), where boxes quantized to 256 steps of a 1216 px range would move by
pixels.
The stem (the first convolution, ``/model.0/``) stays float too: quantizing its
output cost most of what int8 took from check boxes. Choice AP50-95 on val,
stem quantized -> stem float (the model all float), on three checkpoints of
session 7: 77.0 -> 77.9 (78.8), 75.5 -> 77.6 (78.3), 77.2 -> 77.4 (77.9).
Keeping the second and third layers float as well gained nothing more, nor did
the P3 neck's last block; the model alone, in alternating runs on one 1216x960
page, took 0.392 and 0.360 s with a float stem against 0.397 and 0.365.
Calibration pages come from the corpus's training split (never validation,
which measures the result) or, without the corpus, from synthetic forms.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

import onnx
from onnxruntime.quantization import (
    CalibrationDataReader,
    CalibrationMethod,
    QuantFormat,
    QuantType,
    quant_pre_process,
    quantize_dynamic,
    quantize_static,
)
from onnxruntime.transformers.float16 import convert_float_to_float16

from corpus import corpus_present, generated_form, split_files

from commonforms_cli.detect import Detector
from commonforms_cli.pdf.document import open_pdf
from commonforms_cli.pdf.render import render_page

HEAD = "/model.23/"  # ultralytics' Detect head in YOLO11 exports
STEM = "/model.0/"  # its first convolution


class PageReader(CalibrationDataReader):
    """Model inputs of rendered pages, made as the detector makes them (letterbox, greyscale)."""

    def __init__(self, input_name: str, detector: Detector, images):
        self._inputs = ({input_name: detector.preprocess(image)[0]} for image in images)

    def get_next(self):
        return next(self._inputs, None)


def calibration_images(count: int, size: int, seed: int = 0):
    """One page rendered at ``size`` from each of ``count`` training forms of the corpus (more
    layouts than every page of a few forms), or ``count`` synthetic pages without the corpus."""
    if not corpus_present():
        with tempfile.TemporaryDirectory() as folder:
            with open_pdf(generated_form(Path(folder) / "calibration.pdf", count)) as doc:
                yield from (render_page(page, size) for page in doc)
        return
    rng = random.Random(seed)
    for path in rng.sample(split_files("train"), count):
        with open_pdf(path) as doc:
            yield render_page(doc[rng.randrange(doc.page_count)], size)


def float_nodes(model: onnx.ModelProto) -> list[str]:
    """The nodes kept in float: the Detect head's and the stem's."""
    return [node.name for node in model.graph.node if node.name.startswith((HEAD, STEM))]


def build_static_int8(model: Path, prepared: Path, output: Path, pages: int) -> None:
    detector = Detector(model)
    graph = onnx.load(prepared)
    reader = PageReader(graph.graph.input[0].name, detector, calibration_images(pages, max(detector.input_size)))
    quantize_static(
        prepared,
        output,
        reader,
        quant_format=QuantFormat.QDQ,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=True,
        calibrate_method=CalibrationMethod.MinMax,
        nodes_to_exclude=float_nodes(graph),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--calibration", type=int, default=48, help="pages to calibrate static int8 on")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    stem = args.model.stem
    prepared = args.out_dir / f"{stem}-prepared.onnx"  # shapes inferred, as quantization wants
    quant_pre_process(str(args.model), str(prepared), skip_symbolic_shape=True)  # fails on dynamic sizes

    outputs = {
        "int8": args.out_dir / f"{stem}-int8.onnx",
        "int8-dynamic": args.out_dir / f"{stem}-int8-dynamic.onnx",
        "fp16": args.out_dir / f"{stem}-fp16.onnx",
    }
    build_static_int8(args.model, prepared, outputs["int8"], args.calibration)
    quantize_dynamic(prepared, outputs["int8-dynamic"], weight_type=QuantType.QUInt8)
    half = convert_float_to_float16(onnx.load(args.model), keep_io_types=True)  # float32 in and out
    onnx.save(half, outputs["fp16"])
    prepared.unlink()
    for name, path in outputs.items():
        print(f"{name}: {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
