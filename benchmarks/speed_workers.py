"""One measurement of benchmarks/speed.py, in a fresh process:

    python benchmarks/speed_workers.py KIND SPEC.json RESULT.json SPAWNED_AT

Only the standard library is imported up here: each worker imports what it
measures and nothing else, so its cold start and peak RSS are the product's
(or the anchor's) own. ``SPAWNED_AT`` is the parent's ``time.time()`` just
before the spawn, so the cold start includes the interpreter's start.
"""

from __future__ import annotations

import functools
import json
import os
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ANCHOR_DPI = 144  # jbarrow/commonforms' render_pdf


class StageClock:
    """Seconds in each stage, from wrappers around the functions that do the stage."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.unmeasured: list[str] = []

    def wrap(self, owner, name: str, stage: str) -> None:
        original = getattr(owner, name, None)
        if original is None:  # the pipeline changed: its time goes to "other", and the JSON says so
            self.unmeasured.append(f"{owner.__name__}.{name}")
            return

        @functools.wraps(original)
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[stage] += time.perf_counter() - start

        setattr(owner, name, timed)


def _peak_rss_mb() -> float:
    """This process's peak, or its largest child's (batch workers) if that is larger."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


def _cpu_seconds() -> float:
    """User and system CPU of this process and its finished children: the cost of the work
    whatever else the machine runs (wall time is not, on a shared machine)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _options(spec: dict):
    from commonforms_cli.options import Options

    return Options(model=Path(spec["model"]), threads=spec.get("threads"))


def prepare(spec: dict, spawned_at: float) -> dict:
    """``prepare_form`` on each file, with the command's imports first (they are part of its cold start)."""
    import commonforms_cli.cli  # noqa: F401
    from commonforms_cli import pipeline, refine
    from commonforms_cli.detect import Detector

    clock = StageClock()
    for owner, name, stage in (
        (pipeline, "render_page", "render"),
        (Detector, "preprocess", "preprocess"),
        (Detector, "infer", "inference"),
        (Detector, "decode", "decode"),
        (pipeline, "read_page_content", "refine"),
        (refine, "refine_page", "refine"),
        (refine, "assign_names", "refine"),
        (pipeline, "remove_existing_fields", "write"),
        (pipeline, "write_fields", "write"),
        (pipeline, "set_tab_order", "write"),
        (pipeline, "save_pdf", "write"),
    ):
        clock.wrap(owner, name, stage)
    options = _options(spec)
    first_page = []

    def on_page(done: int, total: int) -> None:
        if not first_page:
            first_page.append(time.time() - spawned_at)

    pages = 0
    with tempfile.TemporaryDirectory() as out:
        start, cpu = time.perf_counter(), _cpu_seconds()
        for index, path in enumerate(spec["files"]):
            report = pipeline.prepare_form(path, Path(out) / f"{index}.pdf", options, on_page=on_page)
            pages += len(report.pages)
        seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    return {"pages": pages, "seconds": seconds, "cpu_seconds": cpu, "stages": clock.seconds,
            "unmeasured": clock.unmeasured, "peak_rss_mb": _peak_rss_mb(), "first_page_s": first_page[0]}  # fmt: skip


def batch(spec: dict, spawned_at: float) -> dict:
    """The batch API over ``jobs`` worker processes (no stages: they run in the workers)."""
    from commonforms_cli.batch import prepare_batch

    with tempfile.TemporaryDirectory() as out:
        start, cpu = time.perf_counter(), _cpu_seconds()
        report = prepare_batch(spec["files"], out, _options(spec), jobs=spec["jobs"])
        seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    if report.failed:
        raise RuntimeError(f"batch failed: {report.failed}")
    return {"pages": report.pages, "seconds": seconds, "cpu_seconds": cpu, "stages": {}, "peak_rss_mb": _peak_rss_mb()}


def _detect_pages(spec: dict, spawned_at: float, render, detect) -> dict:
    """Render and detect each page of ``spec['pages']``; ``detect`` returns (detections,
    {stage: seconds}). The first page also runs once untimed first: its end is the cold start,
    and the timed pages are then all warm."""
    from commonforms_cli.pdf.document import open_pdf

    stages: dict[str, float] = defaultdict(float)
    detections = []
    first_page_s = None
    cpu = 0.0
    for path, number in spec["pages"]:
        with open_pdf(path) as doc:
            page = doc[number]
            if first_page_s is None:
                detect(render(page))
                first_page_s = time.time() - spawned_at
            cpu -= _cpu_seconds()
            start = time.perf_counter()
            image = render(page)
            stages["render"] += time.perf_counter() - start
            found, timings = detect(image)
            cpu += _cpu_seconds()
        for stage, seconds in timings.items():
            stages[stage] += seconds
        detections.append(found)
    return {"pages": len(detections), "seconds": sum(stages.values()), "cpu_seconds": cpu, "stages": stages,
            "detections": detections, "peak_rss_mb": _peak_rss_mb(), "first_page_s": first_page_s}  # fmt: skip


def detect_ours(spec: dict, spawned_at: float) -> dict:
    """Our ONNX path, ``Detector.detect`` with its steps timed (fusing the second pass's boxes
    counts as decode)."""
    from commonforms_cli.detect import Detector, session
    from commonforms_cli.pdf.render import render_page

    clock = StageClock()
    for owner, name, stage in ((Detector, "preprocess", "preprocess"), (Detector, "infer", "inference"),
                               (Detector, "decode", "decode"), (session, "fuse", "decode")):
        clock.wrap(owner, name, stage)
    detector = Detector(spec["model"], threads=spec.get("threads"))
    size = max(detector.input_size)

    def detect(image):
        before = dict(clock.seconds)
        found = detector.detect(image, spec["min_score"], second_pass=spec.get("second_pass", False))
        timings = {stage: seconds - before.get(stage, 0.0) for stage, seconds in clock.seconds.items()}
        return [(d.cls.value, d.score, d.bbox) for d in found], timings

    return _detect_pages(spec, spawned_at, lambda page: render_page(page, size), detect)


def detect_anchor(spec: dict, spawned_at: float) -> dict:
    """The anchor's runtime: ultralytics ``YOLO(weights).predict`` on pages rendered at 144 dpi."""
    os.environ.setdefault("YOLO_OFFLINE", "1")  # no update checks or downloads mid-measurement
    import numpy as np
    from PIL import Image
    from ultralytics import YOLO

    from commonforms_cli.pdf.render import render_page

    model = YOLO(spec["weights"], task="detect")

    def render(page):
        long_side = round(max(page.rect.width, page.rect.height) * ANCHOR_DPI / 72)
        gray = np.asarray(Image.fromarray(render_page(page, long_side)).convert("L"))
        return np.repeat(gray[:, :, None], 3, axis=2)  # the model's grey, as the BGR array predict takes

    def detect(image):
        (result,) = model.predict(
            image, imgsz=spec["imgsz"], augment=spec["augment"], iou=spec["iou"], conf=spec["min_score"],
            device="cpu", verbose=False,
        )  # fmt: skip
        boxes = result.boxes
        found = [
            (model.names[int(label)], float(score), tuple(map(float, box)))
            for label, score, box in zip(boxes.cls.numpy(), boxes.conf.numpy(), boxes.xyxyn.numpy())
        ]
        stages = (("preprocess", "preprocess"), ("inference", "inference"), ("decode", "postprocess"))
        return found, {stage: result.speed[key] / 1000 for stage, key in stages}  # ultralytics gives ms

    return _detect_pages(spec, spawned_at, render, detect)


WORKERS = {"prepare": prepare, "batch": batch, "detect-ours": detect_ours, "detect-anchor": detect_anchor}


def main(kind: str, spec_path: str, result_path: str, spawned_at: str) -> None:
    result = WORKERS[kind](json.loads(Path(spec_path).read_text()), float(spawned_at))
    Path(result_path).write_text(json.dumps(result))


if __name__ == "__main__":
    main(*sys.argv[1:])
