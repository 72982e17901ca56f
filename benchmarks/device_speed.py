"""``prepare`` on the CPU and through onnxruntime-gpu's CUDA provider, on the same pages.

    python benchmarks/device_speed.py [--pages 50] [--devices cpu cuda] [--model M.onnx]
                                      [--cudnn-search HEURISTIC|EXHAUSTIVE|DEFAULT]

For issue #6's GPU check (run on the lent GPU machine by ``training/gpu_session.sh cuda-check``).
Each device prepares the generated form once to warm up (session, CUDA kernels), then again,
timed. Prints s/page per device and whether every device wrote the same fields as the first
(kind and name, boxes within 0.5 pt), and the model's own seconds a page (one rendered page's
input, run 20 times), as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from corpus import generated_form

from commonforms_cli import prepare_form
from commonforms_cli.detect import session as detector_module
from commonforms_cli.detect import load_detector
from commonforms_cli.pdf.document import open_pdf
from commonforms_cli.pdf.render import render_page

BOX_TOLERANCE_PT = 0.5
INFER_REPEATS = 20


def timed_prepare(pdf: Path, out: Path, device: str, model: Path | None) -> tuple[float, list]:
    prepare_form(pdf, out, model=model, device=device)  # warm-up
    started = time.perf_counter()
    report = prepare_form(pdf, out, model=model, device=device)
    return time.perf_counter() - started, [(f.kind, f.name, f.rect) for f in report.fields]


def timed_infer(pdf: Path, device: str, model: Path | None) -> float:
    detector = load_detector(model, device)
    with open_pdf(pdf) as document:
        tensor, _ = detector.preprocess(render_page(document[0], max(detector.input_size)))
    detector.infer(tensor)
    started = time.perf_counter()
    for _ in range(INFER_REPEATS):
        detector.infer(tensor)
    return (time.perf_counter() - started) / INFER_REPEATS


def same_fields(a: list, b: list) -> bool:
    return len(a) == len(b) and all(
        x[:2] == y[:2] and max(abs(p - q) for p, q in zip(x[2], y[2])) <= BOX_TOLERANCE_PT for x, y in zip(a, b)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--devices", nargs="+", default=["cpu", "cuda"])
    parser.add_argument("--model", type=Path, default=None, help="default: the bundled model")
    parser.add_argument("--cudnn-search", default=None, help="CUDA's cudnn_conv_algo_search (default: ours)")
    args = parser.parse_args()
    cuda_options = detector_module.PROVIDER_OPTIONS["CUDAExecutionProvider"]
    if args.cudnn_search:
        cuda_options["cudnn_conv_algo_search"] = args.cudnn_search
    result: dict = {"pages": args.pages, "cudnn_conv_algo_search": cuda_options["cudnn_conv_algo_search"], "devices": {}}
    with tempfile.TemporaryDirectory() as folder:
        pdf = generated_form(Path(folder) / "form.pdf", args.pages)
        first = None
        for device in args.devices:
            seconds, fields = timed_prepare(pdf, Path(folder) / f"{device}.pdf", device, args.model)
            first = fields if first is None else first
            providers = load_detector(args.model, device).providers
            result["devices"][device] = {
                "s_per_page": round(seconds / args.pages, 4),
                "infer_s_per_page": round(timed_infer(pdf, device, args.model), 4),
                "fields": len(fields),
                "same_fields_as_first": same_fields(first, fields),
                "providers": providers,
            }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
