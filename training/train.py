"""Train an FFDNet-style detector (ultralytics YOLO11) on a GPU, offline.

From scratch:      python training/train.py --data DS/data.yaml --model yolo11s.yaml --minutes 18
Continue training: python training/train.py --data DS/data.yaml --model models/ckpt.pt --minutes 18
Across sessions:   python training/train.py --data DS/data.yaml --model yolo11s.yaml --minutes 0 --epochs 80
                   python training/train.py --data DS/data.yaml --resume runs/NAME/weights/last.pt

``--minutes`` bounds the run: ultralytics fits the number of epochs (and the
learning-rate schedule) to the time after the first epoch, then ends with a
final validation and a stripped ``best.pt``. With ``--minutes 0`` the schedule
is ``--epochs`` long, longer than one session's GPU minutes: the session stops
the run, and the next one continues it from its ``last.pt`` (the optimizer,
the schedule and the epoch count travel in it) with ``--resume``. The
per-class validation figures are written to ``<project>/<name>/summary.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from training.offline import OfflineDetectionTrainer  # noqa: E402  (patches ultralytics first)
from ultralytics import YOLO  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", required=True, help="ultralytics data.yaml")
    parser.add_argument("--model", default="yolo11s.yaml", help="architecture .yaml (from scratch) or .pt to continue")
    parser.add_argument("--imgsz", type=int, default=1216)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--minutes", type=float, default=18.0, help="0: no time bound, --epochs sets the schedule")
    parser.add_argument("--resume", default=None, help="an interrupted run's last.pt: continue it as it was set up")
    parser.add_argument("--epochs", type=int, default=300, help="upper bound; --minutes usually ends the run")
    parser.add_argument("--device", default="0")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--project", default="runs")
    parser.add_argument("--name", default="train")
    parser.add_argument("--lr0", type=float, default=None, help="default: ultralytics' choice")
    parser.add_argument("--warmup-epochs", type=float, default=3.0)
    parser.add_argument("--close-mosaic", type=int, default=10)
    parser.add_argument("--mosaic", type=float, default=1.0, help="0 for a short fine-tune on whole pages")
    parser.add_argument("--cache", default="ram")
    parser.add_argument("--seed", type=int, default=0, help="another seed: a sibling of a run on the same data")
    args = parser.parse_args()

    started = time.time()
    if args.resume:
        # ultralytics takes every setting from the checkpoint, but for these, which may differ per machine
        model = YOLO(args.resume)
        metrics = model.train(trainer=OfflineDetectionTrainer, resume=args.resume, data=args.data,
                              device=args.device, workers=args.workers, cache=args.cache, plots=False)
        write_summary(model, metrics, args.resume, args.data, started)
        return
    model = YOLO(args.model)
    extra = {"lr0": args.lr0, "optimizer": "AdamW"} if args.lr0 else {}
    metrics = model.train(
        trainer=OfflineDetectionTrainer,
        data=args.data,
        imgsz=args.imgsz,
        batch=args.batch,
        epochs=args.epochs,
        time=args.minutes / 60.0 if args.minutes > 0 else None,
        device=args.device,
        workers=args.workers,
        project=args.project,
        name=args.name,
        exist_ok=True,
        cache=args.cache,
        plots=False,
        fliplr=0.0,  # mirrored text is not a form anyone fills
        warmup_epochs=args.warmup_epochs,
        close_mosaic=args.close_mosaic,
        mosaic=args.mosaic,
        pretrained=args.model.endswith(".pt"),
        seed=args.seed,
        deterministic=False,
        **extra,
    )
    write_summary(model, metrics, args.model, args.data, started)


def write_summary(model: YOLO, metrics, start: str, data: str, started: float) -> None:
    """The run's last validation, per class, in ``<project>/<name>/summary.json`` and on stdout."""
    names = metrics.names
    summary = {
        "model": start,
        "data": data,
        "imgsz": model.trainer.args.imgsz,
        "minutes": round((time.time() - started) / 60.0, 2),
        "epochs": model.trainer.epoch + 1,
        "map50_95": float(metrics.box.map),
        "map50": float(metrics.box.map50),
        "per_class": {
            names[int(c)]: {"map50_95": float(metrics.box.maps[int(c)]), "ap50": float(metrics.box.ap50[i])}
            for i, c in enumerate(metrics.box.ap_class_index)
        },
    }
    out = Path(model.trainer.save_dir) / "summary.json"
    out.write_text(json.dumps(summary, indent=2))
    print("SUMMARY", json.dumps(summary))


if __name__ == "__main__":
    main()
