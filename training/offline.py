"""Make ultralytics train on a machine with no network and no polars.

Import this module before anything else from ultralytics. What it changes, and why:

- ``YOLO_OFFLINE=1``: ultralytics then skips its online checks and downloads
  (hub events, GitHub asset lookups).
- The AMP check (``check_amp``) downloads ``yolo26n.pt`` to compare FP32 and
  AMP outputs; offline it would fail. On the H100/H200 we train on AMP is
  known good, so the check answers True.
- ``BaseTrainer.read_results_csv`` imports polars (a 54 MB wheel) every time a
  checkpoint is saved; it only parses ``results.csv``, which the csv module
  does as well.
- Call ``train(..., plots=False)``: the plotting code fetches Arial.ttf and
  imports polars.

The DDP launcher re-imports the trainer class by module name in each worker
process, so these patches live at module import time and the trainer class
used for training (``OfflineDetectionTrainer``) is defined here.
"""

from __future__ import annotations

import csv
import os

os.environ.setdefault("YOLO_OFFLINE", "1")
os.environ.setdefault("YOLO_VERBOSE", "True")

import ultralytics.engine.trainer as _trainer_module  # noqa: E402
from ultralytics.models.yolo.detect import DetectionTrainer  # noqa: E402


def _amp_is_fine(model) -> bool:
    return True


def _read_results_csv(self) -> dict:
    """results.csv -> {column: [values]} without polars."""
    try:
        with open(self.csv, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
    except OSError:
        return {}
    columns: dict = {}
    for row in rows:
        for key, value in row.items():
            key = key.strip()
            try:
                columns.setdefault(key, []).append(float(value))
            except (TypeError, ValueError):
                columns.setdefault(key, []).append(value)
    return columns


_trainer_module.check_amp = _amp_is_fine
_trainer_module.BaseTrainer.read_results_csv = _read_results_csv


class OfflineDetectionTrainer(DetectionTrainer):
    """DetectionTrainer whose module carries the offline patches into DDP workers."""
