"""Seconds per page of ``prepare``, stage by stage, beside the anchor's runtime on the same weights.

    python benchmarks/speed.py                                   # the product alone
    python benchmarks/speed.py --anchor --variants M.onnx ...    # venv with the bench extra

Rows (each measurement runs in a fresh process; figures are medians over ``--repeat``):

- ``prepare``: ``prepare_form`` end to end on flat multi-page forms: one generated
  50-page form (it also gives the peak RSS on a 50-page file) and the corpus's
  flat forms when ../shared/corpus is present. Stages are timed by wrapping the
  functions the pipeline calls, so the product code runs as shipped. Post-
  processing shows as ``decode`` (output to boxes, NMS) and ``refine`` (boxes
  to named fields); ``other`` is what no stage covers (opening, page geometry,
  reading existing widgets, and any stage whose function was renamed: the
  JSON lists those under ``unmeasured``).
- ``batch --jobs N``: the batch API on the same 50 pages as 5 files of 10.
- ``detect``: labelled validation pages (``--val-pages``; 0 = all of them),
  every runtime in its own process on the same pages, each rendering as its
  product does: ours at the model's size through onnxruntime, with and without
  the second pass (``Detector.detect(second_pass=True)``, prepare's default); the anchor's
  ``YOLO(.pt).predict`` on pages rendered at 144 dpi, with its defaults
  (``augment=True, imgsz=1600, iou=0.1``) and without TTA (``imgsz=1216``).
  Our weights were trained on greyscale, so the anchor is given the same grey
  page as a 3-channel BGR array. Detections are kept down to score 0.01 for AP;
  F1 is at each runtime's own thresholds (ours per class, the anchor's 0.3).

``cpu s/p`` is the CPU seconds a page took (user + system, worker processes
included): unlike wall time it hardly moves when others load the machine, and
cores / cpu s/p is the most pages a second the machine can give. Cold start:
from just before the process is spawned to the first page detected
(interpreter, imports, model load, first render and inference).
Install: on-disk size of the runtime dependency closure, from the installed
distributions' records (extras excluded). The 1-minute load average before and
after each row is reported: the machine may be shared.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus import ROOT, corpus_present, flat_forms, generated_form, split_files
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from commonforms_cli.dataset.widget_labels import labelled_pages
from commonforms_cli.dataset.metrics import Evaluator
from commonforms_cli.detect import Detector, default_model_path
from commonforms_cli.pdf.document import open_pdf
from commonforms_cli.evaluate import AP_MIN_SCORE
from commonforms_cli.fields import FieldClass
from commonforms_cli.options import DEFAULT_THRESHOLDS

WORK = ROOT / ".work" / "bench"
WORKERS = Path(__file__).with_name("speed_workers.py")
ANCHOR_WEIGHTS = ROOT / "models" / "checkpoints" / "commonforms-s.pt"
ANCHOR_THRESHOLD = 0.3  # FFDNetDetector.extract_widgets' conf, every class
ANCHOR_IOU = 0.1
# jbarrow/commonforms' runtime dependencies (formalpdf stands for pypdfium2, which it wraps).
ANCHOR_RUNTIME = (
    "ultralytics", "pypdfium2", "pypdf", "onnxruntime", "onnx", "onnxslim",
    "huggingface-hub", "pydantic", "cryptography", "pillow",
)  # fmt: skip
# Post-processing is two stages: decoding the output (NMS included) and refining detections into fields.
STAGES = ("render", "preprocess", "inference", "decode", "refine", "write", "other")
GENERATED_PAGES = 50
BATCH_FILES = 5
VAL_PAGES_PER_FILE = 2  # a partial validation set is spread over more forms


@dataclass
class Row:
    """One line of the table: a measured configuration."""

    name: str
    pages: int
    seconds_per_page: float
    cpu_per_page: float  # CPU seconds a page: what the work costs, however loaded the machine
    stages: dict[str, float] = field(default_factory=dict)  # seconds per page
    peak_rss_mb: float | None = None
    cold_start_s: float | None = None
    install_mb: float | None = None
    accuracy: dict | None = None  # EvalResult.to_dict()
    anchor_ratio: float | None = None  # the anchor's s/page over this row's, on the same pages
    anchor_cpu_ratio: float | None = None  # the same for CPU seconds a page
    repeats: list[float] = field(default_factory=list)  # s/page of each run
    unmeasured: list[str] = field(default_factory=list)  # stage functions the pipeline no longer has
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average before and after


@dataclass(frozen=True)
class Runtime:
    """A detect row: which worker, its settings, and the thresholds its F1 is taken at."""

    name: str
    kind: str
    spec: dict
    thresholds: dict | float


# --- measurements, each in a fresh process ------------------------------------------------------


def measure(kind: str, spec: dict, repeat: int) -> tuple[list[dict], tuple[float, float]]:
    """Run worker ``kind`` ``repeat`` times; its results and the load average around them."""
    load_before = os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        spec_path, result_path = Path(folder) / "spec.json", Path(folder) / "result.json"
        spec_path.write_text(json.dumps(spec))
        for _ in range(repeat):
            command = [sys.executable, str(WORKERS), kind, str(spec_path), str(result_path), str(time.time())]
            subprocess.run(command, check=True)
            results.append(json.loads(result_path.read_text()))
    return results, (load_before, os.getloadavg()[0])


def summarise(name: str, results: list[dict], load: tuple[float, float]) -> Row:
    """Medians over runs: seconds per page, per stage, peak RSS and cold start."""
    per_page = [r["seconds"] / r["pages"] for r in results]
    stages = {s for r in results for s in r["stages"]}
    cold = [r["first_page_s"] for r in results if r.get("first_page_s") is not None]
    return Row(
        name=name,
        pages=results[0]["pages"],
        seconds_per_page=statistics.median(per_page),
        cpu_per_page=statistics.median(r["cpu_seconds"] / r["pages"] for r in results),
        stages={s: statistics.median(r["stages"].get(s, 0.0) / r["pages"] for r in results) for s in stages},
        peak_rss_mb=statistics.median(r["peak_rss_mb"] for r in results),
        cold_start_s=statistics.median(cold) if cold else None,
        unmeasured=sorted({name for r in results for name in r.get("unmeasured", ())}),
        repeats=per_page,
        load=load,
    )


def prepare_row(name: str, files: list[Path], model: Path, threads: int | None, repeat: int) -> Row:
    spec = {"files": [str(f) for f in files], "model": str(model), "threads": threads}
    row = summarise(name, *measure("prepare", spec, repeat))
    row.stages["other"] = max(row.seconds_per_page - sum(row.stages.values()), 0.0)
    return row


def batch_row(files: list[Path], model: Path, jobs: int, threads: int | None, repeat: int) -> Row:
    spec = {"files": [str(f) for f in files], "model": str(model), "jobs": jobs, "threads": threads}
    each = "batch default" if threads is None else threads
    return summarise(f"batch --jobs {jobs}, {len(files)} files (threads: {each})", *measure("batch", spec, repeat))


def detect_rows(pages: list[dict], runtimes: list[Runtime], repeat: int) -> list[Row]:
    """Every runtime on the same labelled pages: seconds, AP and F1."""
    truth = [[(FieldClass(c), tuple(b)) for c, b in page["truth"]] for page in pages]
    rows = []
    for runtime in runtimes:
        spec = {"pages": [[p["file"], p["page"]] for p in pages], "min_score": AP_MIN_SCORE, **runtime.spec}
        results, load = measure(runtime.kind, spec, repeat)
        row = summarise(runtime.name, results, load)
        evaluator = Evaluator()
        for page_truth, found in zip(truth, results[0]["detections"]):
            evaluator.add_page(page_truth, [(FieldClass(c), score, tuple(b)) for c, score, b in found])
        row.accuracy = evaluator.result(runtime.thresholds).to_dict()
        rows.append(row)
    return rows


def validation_pages(files: list[Path], limit: int, size: int) -> list[dict]:
    """Validation pages and their truth as ``commonforms eval`` makes them (the widgets, cleaned
    into labels against the page rendered with them hidden); ``limit`` 0: every page."""
    pages = []
    for path in files:
        taken = 0
        with open_pdf(path) as doc:
            for labelled in labelled_pages(doc, size):
                labels = labelled.labels
                if labels.page_dropped or not labels.labels:
                    continue
                truth = [(label.cls.value, label.bbox) for label in labels.labels]
                pages.append({"file": str(path), "page": labelled.page.number, "truth": truth})
                taken += 1
                if limit and (len(pages) == limit or taken == VAL_PAGES_PER_FILE):
                    break
        if limit and len(pages) == limit:
            break
    return pages


def corpus_flat_forms(pages: int) -> list[Path]:
    """The corpus's first flat multi-page forms, about ``pages`` pages in all."""
    forms, count = [], 0
    for path in flat_forms():
        with open_pdf(path) as doc:
            count += doc.page_count
        forms.append(path)
        if count >= pages:
            break
    return forms


# --- install size -------------------------------------------------------------------------------


def installed_mb(roots: tuple[str, ...]) -> tuple[float, dict[str, float], list[str]]:
    """MB on disk of ``roots`` and all they require at run time (extras excluded), in all and by
    distribution, and the names that are not installed here."""
    sizes: dict[str, float] = {}
    missing = []
    pending = list(roots)
    while pending:
        name = canonicalize_name(pending.pop())
        if name in sizes or name in missing:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            missing.append(name)
            continue
        sizes[name] = sum(_file_size(dist.locate_file(f)) for f in dist.files or ()) / 1e6
        for text in dist.requires or ():
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return sum(sizes.values()), dict(sorted(sizes.items(), key=lambda item: -item[1])), missing


def _file_size(path) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:  # a RECORD entry since removed
        return 0


# --- report -------------------------------------------------------------------------------------

COLUMNS = (
    ("run", 46), ("pages", 5), ("s/page", 6), ("cpu s/p", 7), *((stage[:7], 7) for stage in STAGES), ("RSS MB", 6),
    ("cold s", 6), ("inst MB", 7), ("AP50", 5), ("AP50-95", 7), ("text50", 6), ("choice50", 8), ("F1", 5),
    ("x anchor", 8), ("x a. cpu", 8), ("load", 9),
)  # fmt: skip


def format_table(rows: list[Row]) -> str:
    """One line a row; '-' where a figure does not apply. Stages are seconds per page."""

    def num(value, digits=3):
        return "-" if value is None else f"{value:.{digits}f}"

    def line(cells) -> str:  # the run's name to the left, figures to the right
        return " ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, (_, w)) in enumerate(zip(cells, COLUMNS)))

    lines = [line(title for title, _ in COLUMNS)]
    for row in rows:
        overall = (row.accuracy or {}).get("overall", {})
        per_class = (row.accuracy or {}).get("per_class", {})
        lines.append(line([
            row.name, str(row.pages), num(row.seconds_per_page), num(row.cpu_per_page),
            *(num(row.stages.get(s)) for s in STAGES),
            num(row.peak_rss_mb, 0), num(row.cold_start_s, 2), num(row.install_mb, 0),
            num(overall.get("map50")), num(overall.get("map50_95")),
            num(per_class.get("text", {}).get("ap50")), num(per_class.get("choice", {}).get("ap50")),
            num(overall.get("f1")), num(row.anchor_ratio, 2), num(row.anchor_cpu_ratio, 2),
            f"{row.load[0]:.1f}>{row.load[1]:.1f}",
        ]))  # fmt: skip
    return "\n".join(lines)


def environment() -> dict:
    import onnxruntime

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    return {"cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
            "onnxruntime": onnxruntime.__version__}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=None, help="ONNX detector (default: the bundled one)")
    parser.add_argument("--threads", type=int, default=None, help="onnxruntime intra-op threads (default: its own)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh-process runs of each prepare and batch row")
    parser.add_argument("--detect-repeat", type=int, default=1, help="runs of each detect row (AP from the first)")
    parser.add_argument("--corpus-pages", type=int, default=30, help="pages of the corpus's flat forms (0: none)")
    parser.add_argument("--jobs", type=int, nargs="*", default=[2], help="a batch row for each")
    parser.add_argument("--val-pages", type=int, default=24, help="labelled validation pages (0: all)")
    parser.add_argument("--variants", type=Path, nargs="*", default=[], help="more ONNX models for detect rows")
    parser.add_argument("--anchor", action="store_true", help="also run ultralytics + torch on --weights")
    parser.add_argument("--weights", type=Path, default=ANCHOR_WEIGHTS, help="the anchor's checkpoint")
    parser.add_argument("--skip", nargs="*", default=[], choices=("prepare", "batch", "detect"))
    parser.add_argument("--json", type=Path, default=WORK / "speed.json", help="a copy of the JSON")
    args = parser.parse_args()
    model = (args.model or default_model_path()).resolve()
    ours_install = installed_mb(("commonforms",))
    anchor_install = installed_mb(ANCHOR_RUNTIME) if args.anchor else None
    rows: list[Row] = []

    generated = generated_form(WORK / f"generated-{GENERATED_PAGES}.pdf", GENERATED_PAGES)
    if "prepare" not in args.skip:
        rows.append(prepare_row(f"prepare: generated {GENERATED_PAGES}-page form", [generated], model,
                                args.threads, args.repeat))  # fmt: skip
        if corpus_present() and args.corpus_pages:
            forms = corpus_flat_forms(args.corpus_pages)
            rows.append(prepare_row(f"prepare: corpus flat forms ({len(forms)} files)", forms, model,
                                    args.threads, args.repeat))  # fmt: skip
        for row in rows:
            row.install_mb = ours_install[0]
    if "batch" not in args.skip:
        size = GENERATED_PAGES // BATCH_FILES  # the same pages as the generated form
        parts = [generated_form(WORK / f"generated-{size}-{i}.pdf", size, i * size) for i in range(BATCH_FILES)]
        rows += [batch_row(parts, model, jobs, args.threads, args.repeat) for jobs in args.jobs]
    if "detect" not in args.skip and corpus_present():
        pages = validation_pages(split_files("val"), args.val_pages, max(Detector(model).input_size))
        runtimes = []
        if args.anchor:
            weights = {"weights": str(args.weights), "iou": ANCHOR_IOU}
            runtimes += [
                Runtime("anchor: .pt predict, TTA, 1600 (its default)", "detect-anchor",
                        {**weights, "imgsz": 1600, "augment": True}, ANCHOR_THRESHOLD),
                Runtime("anchor: .pt predict, no TTA, 1216", "detect-anchor",
                        {**weights, "imgsz": 1216, "augment": False}, ANCHOR_THRESHOLD),
            ]  # fmt: skip
        runtimes += [
            Runtime(f"detect: ours, {path.name}{', second pass' if second_pass else ''}", "detect-ours",
                    {"model": str(path.resolve()), "threads": args.threads, "second_pass": second_pass},
                    DEFAULT_THRESHOLDS)
            for path in (model, *args.variants) for second_pass in (False, True)
        ]  # fmt: skip
        detected = detect_rows(pages, runtimes, args.detect_repeat)
        for row in detected:
            row.install_mb = (anchor_install if row.name.startswith("anchor") else ours_install)[0]
            if args.anchor:  # the first row: the anchor with its defaults
                row.anchor_ratio = detected[0].seconds_per_page / row.seconds_per_page
                row.anchor_cpu_ratio = detected[0].cpu_per_page / row.cpu_per_page
        rows += detected

    print(format_table(rows))
    record = {
        "environment": environment(),
        "model": str(model),
        "rows": [asdict(row) for row in rows],
        "install_mb": {
            "ours": ours_install[1],
            "anchor": anchor_install and {"sizes": anchor_install[1], "not installed": anchor_install[2]},
        },
    }
    text = json.dumps(record, indent=1, default=str)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
