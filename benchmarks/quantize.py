"""Build int8 and fp16 variants of a detector, to be measured by benchmarks/speed.py.

    python benchmarks/quantize.py FLOAT.onnx .work/speed [--calibration 48] [--method percentile]

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

Session 10, on session 8's ``fill8`` weights, measured on the source-held-out
split (``commonforms eval`` on ``--split heldout``, cued truth, text / choice
AP50-95; float .357 / .320; the session-8 build, MinMax on 48 random training
pages, .344 / .315):

- pages dealt one training source at a time (107 sources; itext-java alone
  holds 17% of the files), 96 of them, MinMax: .347 / .316;
- the same ranges with the C2PSA block (``/model.10/``) float: .358 / .317;
  the SPPF (``/model.9/``) float as well: .359 / .319; instead the neck's last
  blocks (``/model.16/``, ``/model.19/``, ``/model.22/``) float: .348 / .317;
- Percentile (99.999) on the first 48 of those pages: .346 / .324; with
  ``/model.10/`` float .356 / .325, with ``/model.9/`` too .356 / .326, with
  only the block's attention float (``ATTENTION``, this script's default)
  .356 / .326, the file shipped since session 10 (13.1 MB against 12.5).

So clipping the range's tails recovers check boxes, and the attention's
MatMuls and softmax (attention logits on uint8 queries and keys) cost what
int8 took from text. On scanned pages it scored .306 / .315 (the session-8
build .304 / .312); the model alone took 0.376, 0.343, 0.354, 0.329 CPU s a
page against the session-8 build's 0.370, 0.358, 0.345, 0.359 in alternating
runs (``benchmarks/speed.py --skip prepare batch --val-pages 30``).
Percentile calibration histograms every activation of every page: 8 to 19 min
(6.5 CPU min) for 48 pages on the shared 2-core machine, against 4 for MinMax
on 96; the defaults rebuild the shipped file byte for byte;
``--ranges`` saves the ranges for variants that change only ``--keep-float``.
Entropy calibration and other percentiles were not tried.
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

from corpus import CORPUS, corpus_present, generated_form, split_files

from commonforms_cli.dataset.splits import read_repos
from commonforms_cli.detect import Detector
from commonforms_cli.pdf.document import open_pdf
from commonforms_cli.pdf.render import render_page

HEAD = "/model.23/"  # ultralytics' Detect head in YOLO11 exports
STEM = "/model.0/"  # its first convolution
ATTENTION = "/model.10/m/m.0/attn/"  # the C2PSA block's self-attention (its MatMuls and softmax)
CALIBRATION = {
    "minmax": CalibrationMethod.MinMax,
    "percentile": CalibrationMethod.Percentile,
}
# Pages calibrated at a time: one, as the histogram methods stack a call's activations into one
# array (pages differ in size) and keep them all until the call ends (24 GB for 48 pages, session 3).
PAGES_AT_ONCE = 1


class PageReader(CalibrationDataReader):
    """Model inputs of rendered pages, made as the detector makes them (letterbox, greyscale).

    Ranged (``set_range``), so that the calibrator can take the pages one at a time."""

    def __init__(self, input_name: str, detector: Detector, images):
        self._input_name = input_name
        self._detector = detector
        self._images = list(images)
        self.set_range(0, len(self._images))

    def __len__(self) -> int:
        return len(self._images)

    def set_range(self, start_index: int, end_index: int) -> None:
        self._inputs = (
            {self._input_name: self._detector.preprocess(image)[0]} for image in self._images[start_index:end_index]
        )

    def get_next(self):
        return next(self._inputs, None)


def spread_over_sources(paths: list[Path], rng: random.Random) -> list[Path]:
    """``paths`` shuffled, then dealt one source repository at a time: the first pages come
    from as many issuers as the split has (itext-java alone holds 17% of the training files)."""
    repos = read_repos(CORPUS / "manifest.tsv")
    by_source: dict[str, list[Path]] = {}
    for path in rng.sample(paths, len(paths)):
        by_source.setdefault(repos.get(path.stem, path.stem), []).append(path)
    rounds = max(len(files) for files in by_source.values())
    return [files[i] for i in range(rounds) for files in by_source.values() if i < len(files)]


def calibration_images(count: int, size: int, seed: int = 0):
    """One page rendered at ``size`` from each of ``count`` training forms of the corpus, spread
    over its sources (more layouts than every page of a few forms), or ``count`` synthetic pages
    without the corpus."""
    if not corpus_present():
        with tempfile.TemporaryDirectory() as folder:
            with open_pdf(generated_form(Path(folder) / "calibration.pdf", count)) as doc:
                yield from (render_page(page, size) for page in doc)
        return
    rng = random.Random(seed)
    for path in spread_over_sources(split_files("train"), rng)[:count]:
        with open_pdf(path) as doc:
            yield render_page(doc[rng.randrange(doc.page_count)], size)


def float_nodes(model: onnx.ModelProto, prefixes: tuple[str, ...]) -> list[str]:
    """The nodes kept in float: the Detect head's, the stem's, the attention's and those under ``prefixes``."""
    return [node.name for node in model.graph.node if node.name.startswith((HEAD, STEM, ATTENTION, *prefixes))]


def build_static_int8(model: Path, prepared: Path, output: Path, args: argparse.Namespace) -> None:
    detector = Detector(model)
    graph = onnx.load(prepared)
    reader = None  # the ranges are read from --ranges
    if not (args.ranges and args.ranges.is_file()):
        images = calibration_images(args.calibration, max(detector.input_size))
        reader = PageReader(graph.graph.input[0].name, detector, images)
    quantize_static(
        prepared,
        output,
        reader,
        quant_format=QuantFormat.QDQ,
        activation_type=QuantType.QUInt8,
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=True,
        calibrate_method=CALIBRATION[args.method],
        nodes_to_exclude=float_nodes(graph, tuple(args.keep_float)),
        extra_options={"CalibStridedMinMax": PAGES_AT_ONCE, "CalibPercentile": args.percentile},
        calibration_cache_path=args.ranges,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--calibration", type=int, default=48, help="pages to calibrate static int8 on")
    parser.add_argument("--method", choices=CALIBRATION, default="percentile", help="how activation ranges are set")
    parser.add_argument("--percentile", type=float, default=99.999, help="kept by --method percentile")
    parser.add_argument(
        "--keep-float", nargs="*", default=[], metavar="PREFIX", help="node-name prefixes kept float, e.g. /model.10/"
    )
    parser.add_argument(
        "--ranges", type=Path, help="activation ranges: read if the file exists, else calibrated and saved there "
        "(a variant that changes only --keep-float reuses them; the file knows not which pages made it)"
    )
    parser.add_argument("--only", nargs="*", choices=("int8", "int8-dynamic", "fp16"), help="build only these")
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
    outputs = {name: path for name, path in outputs.items() if not args.only or name in args.only}
    if "int8" in outputs:
        build_static_int8(args.model, prepared, outputs["int8"], args)
    if "int8-dynamic" in outputs:
        quantize_dynamic(prepared, outputs["int8-dynamic"], weight_type=QuantType.QUInt8)
    if "fp16" in outputs:
        half = convert_float_to_float16(onnx.load(args.model), keep_io_types=True)  # float32 in and out
        onnx.save(half, outputs["fp16"])
    prepared.unlink()
    for name, path in outputs.items():
        print(f"{name}: {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
