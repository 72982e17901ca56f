"""Export a trained checkpoint to the ONNX file that commonforms ships.

    python training/export.py runs/s1/weights/best.pt models/commonforms-s.onnx

The layout is ultralytics' own (input ``images`` 1x3xSxS, output ``1x(4+nc)xN``,
metadata ``names``/``imgsz``/``stride``), so official FFDNet exports and ours
load the same way. One key is added: ``commonforms_input: gray``, because our
models are trained on greyscale renders and the detector then feeds them the
same (an official export lacks the key and gets RGB).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import onnx  # noqa: E402

from training.offline import OfflineDetectionTrainer  # noqa: E402,F401  (patches ultralytics first)
from ultralytics import YOLO  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoint")
    parser.add_argument("output")
    parser.add_argument("--imgsz", type=int, default=1216)
    parser.add_argument("--opset", type=int, default=17)
    parser.add_argument(
        "--dynamic", action="store_true",
        help="dynamic input size: the detector then pads pages to the stride only, not to a square",
    )
    args = parser.parse_args()

    exported = YOLO(args.checkpoint).export(
        format="onnx", imgsz=args.imgsz, opset=args.opset, simplify=True, dynamic=args.dynamic, half=False, nms=False
    )
    model = onnx.load(exported)
    entry = model.metadata_props.add()
    entry.key, entry.value = "commonforms_input", "gray"
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(output))
    if Path(exported).resolve() != output.resolve():
        Path(exported).unlink()
    print(output, output.stat().st_size)


if __name__ == "__main__":
    main()
