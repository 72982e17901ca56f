"""Pages per second of ``prepare`` with the bundled model: the stages, one process, --jobs N,
and the memory of a worker. The detector runs as ``prepare`` runs it (its second pass included).

    python benchmarks/throughput.py [--files 4] [--pages 4] [--jobs 1 2] [--scanned]

Inputs are made here: the example form repeated (``--scanned``: as a 300 dpi
JPEG image per page, whose decoding makes rendering dearer, as in scans). The
README's sizing figures come from this script.

It also times rendering the next page in a thread while the detector runs
(pipelining), which the product does not do: rendering is 3-50 ms of a page's
0.3-0.6 s, so the most it could save is a few percent, and on two cores the
render thread takes most of that back from onnxruntime (measured with the int8
model: 0.302 against 0.312 s a page, within run-to-run noise).
"""

from __future__ import annotations

import argparse
import queue
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pymupdf

from commonforms_cli.batch import available_cores

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))


def make_pdf(path: Path, pages: int, scanned: bool) -> Path:
    from make_example_form import HEIGHT, WIDTH, draw

    form = pymupdf.open()
    draw(form.new_page(width=WIDTH, height=HEIGHT))
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=WIDTH, height=HEIGHT)
        if scanned:
            jpeg = form[0].get_pixmap(dpi=300, colorspace=pymupdf.csGRAY).tobytes("jpeg", jpg_quality=85)
            page.insert_image(page.rect, stream=jpeg)
        else:
            page.show_pdf_page(page.rect, form, 0)
    doc.save(path, garbage=4, deflate=True)
    return path


def stage_times(pdf: Path, threads: int | None) -> tuple[float, float, float]:
    """Seconds per page to render, and to run the detector with ``threads``, measured apart;
    and the detector's CPU seconds per page (the same on a busy machine: what sizing needs)."""
    from commonforms_cli.options import DEFAULT_THRESHOLDS, Options
    from commonforms_cli.detect import load_detector
    from commonforms_cli.pdf.render import render_page

    detector = load_detector(None, "cpu", threads)
    size = max(detector.input_size)
    with pymupdf.open(pdf) as doc:
        start = time.perf_counter()
        images = [render_page(page, size) for page in doc]
        render = (time.perf_counter() - start) / len(images)
        detector.detect(images[0], DEFAULT_THRESHOLDS, second_pass=Options().second_pass)  # warm-up
        start, cpu = time.perf_counter(), time.process_time()
        for image in images:
            detector.detect(image, DEFAULT_THRESHOLDS, second_pass=Options().second_pass)
        infer = (time.perf_counter() - start) / len(images)
        cpu = (time.process_time() - cpu) / len(images)
    return render, infer, cpu


def detect_loop(pdf: Path, depth: int) -> float:
    """Seconds per page to render and detect every page; ``depth`` > 0: a thread renders up to
    ``depth`` pages ahead of the detector (pipelining).

    The thread does all the MuPDF work (MuPDF is not to be used from two threads at once);
    onnxruntime releases the GIL while it runs, so the two can overlap.
    """
    from commonforms_cli.options import DEFAULT_THRESHOLDS, Options
    from commonforms_cli.detect import load_detector
    from commonforms_cli.pdf.render import render_page

    detector = load_detector(None, "cpu", available_cores())
    size = max(detector.input_size)
    rendered: queue.Queue = queue.Queue(maxsize=max(depth, 1))

    def produce():
        with pymupdf.open(pdf) as doc:
            for page in doc:
                yield render_page(page, size)

    def feed():
        for image in produce():
            rendered.put(image)
        rendered.put(None)

    def drain():
        while (image := rendered.get()) is not None:
            yield image

    start = time.perf_counter()
    if depth:
        threading.Thread(target=feed, daemon=True).start()
        images = drain()
    else:
        images = produce()
    count = 0
    for image in images:
        detector.detect(image, DEFAULT_THRESHOLDS, second_pass=Options().second_pass)
        count += 1
    return (time.perf_counter() - start) / count


def batch_rate(files: list[Path], out: Path, jobs: int, threads: int | None) -> tuple[float, float, float]:
    """Pages per second of a whole batch (process start and model loads included), its seconds,
    and the workers' CPU seconds per page."""
    from commonforms_cli.batch import prepare_batch

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # workers count once joined
        return usage.ru_utime + usage.ru_stime

    start, cpu = time.perf_counter(), children_cpu()
    report = prepare_batch(files, out, jobs=jobs, threads=threads)
    seconds = time.perf_counter() - start
    assert not report.failed, report.failed
    return report.pages / seconds, seconds, (children_cpu() - cpu) / report.pages


def worker_memory(pdf: Path) -> float:
    """Peak resident MiB of a fresh process that prepares ``pdf`` three times, as a worker does.

    Read as VmHWM, which exec resets: ru_maxrss would also count the parent's pages that the
    child shared between fork and exec.
    """
    code = (
        "import sys; from commonforms_cli import prepare_form\n"
        "for _ in range(3): prepare_form(sys.argv[1], sys.argv[2], threads=1)\n"
        "print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])"
    )
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run([sys.executable, "-c", code, str(pdf), str(Path(folder) / "out.pdf")],
                              capture_output=True, text=True, check=True)
    return int(done.stdout) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--threads", type=int, default=None, help="per process (default: cores / jobs)")
    parser.add_argument("--repeat", type=int, default=2, help="alternations of sequential and pipelined")
    parser.add_argument("--scanned", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        files = [make_pdf(folder / f"form{i}.pdf", args.pages, args.scanned) for i in range(args.files)]
        print(f"cores: {available_cores()}; {args.files} files x {args.pages} pages, scanned={args.scanned}")
        for threads in sorted({1, available_cores()}):
            render, infer, cpu = stage_times(files[0], threads)
            print(f"stages, {threads} onnxruntime thread(s): render {render * 1000:.0f} ms/page, "
                  f"detect {infer * 1000:.0f} ms/page ({1 / (render + infer):.2f} pages/s), "
                  f"detect CPU {cpu:.2f} s/page")
        times: dict[int, list[float]] = {0: [], 2: []}
        for _ in range(args.repeat):  # alternated, so that load from elsewhere hits both alike
            for depth in times:
                times[depth].append(detect_loop(files[0], depth))
        for depth, seconds in times.items() if args.repeat else ():
            label = f"pipelined (render thread, queue of {depth})" if depth else "sequential"
            print(f"one process, {label}: best {min(seconds):.3f} s/page, all {[round(s, 3) for s in seconds]}")
        for jobs in args.jobs:
            rate, seconds, cpu = batch_rate(files, folder / f"out{jobs}", jobs, args.threads)
            print(f"batch --jobs {jobs}: {rate:.2f} pages/s ({seconds:.1f} s for {args.files * args.pages} pages), "
                  f"worker CPU {cpu:.2f} s/page")
        print(f"peak memory of a worker process (one model, one file at a time): {worker_memory(files[0]):.0f} MiB")


if __name__ == "__main__":
    main()
