"""Many files at once: worker processes, one model session each; a bad file fails alone.

Each worker loads the detector once, in the pool's initializer, and then
prepares file after file. A file that fails is recorded and the batch goes
on. A worker that dies (MuPDF can crash on a hostile PDF) breaks the whole
``ProcessPoolExecutor``; the files in flight at that moment are suspects, and
each is run again alone in a fresh one-worker pool, so that only the file
that crashes again is failed and the rest of the batch carries on.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from ..detect import load_detector
from ..errors import BadArgumentsError, CommonFormsError, ExitCode
from ..fields_json import FieldsSource
from ..options import Options
from ..output_files import remove_temporaries
from ..pipeline import PageCallback, prepare_form
from .jobs import Job, plan_jobs
from .report import BatchReport, FileResult, Status

# Errors about the run rather than the file (a bad model, a bad option): every
# other file would fail the same way, so the batch stops.
RUN_ERRORS = (ExitCode.bad_args, ExitCode.model)
CRASHED = "the process preparing this file died (a crash in MuPDF or onnxruntime); it was retried alone and died again"
POLL_SECONDS = 0.2  # how often page progress is passed on while files are in flight


def prepare_file(
    input: Path | str | bytes,
    output: Path | str,
    options: Options,
    *,
    fields: FieldsSource | None = None,
    on_page: PageCallback | None = None,
) -> FileResult:
    """``prepare_form`` for one file of many: its failure is returned, not raised.

    Errors about the run itself (model, arguments) are still raised.
    """
    name = "-" if isinstance(input, (bytes, bytearray)) else str(input)
    start = time.perf_counter()
    try:
        report = prepare_form(input, output, options, fields=fields, on_page=on_page)
    except CommonFormsError as exc:
        if exc.exit_code in RUN_ERRORS:
            raise
        return FileResult.failure(name, exc.exit_code, exc.message, time.perf_counter() - start)
    except Exception as exc:  # a bug, or a library failing in a way not foreseen: this file only
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        return FileResult.failure(name, ExitCode.other, f"internal error: {type(exc).__name__}: {detail}",
                                  time.perf_counter() - start)
    return FileResult(name, str(output), Status.ok, time.perf_counter() - start, report=report)


def prepare_job(job: Job, options: Options, on_page: PageCallback | None = None) -> FileResult:
    """One file of a batch, its output folder made first (outputs mirror the inputs' folders)."""
    try:
        job.output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return FileResult.failure(str(job.input), ExitCode.output_file,
                                  f"{job.output.parent}: cannot create the folder ({exc.strerror or exc})")
    return prepare_file(job.input, job.output, options, on_page=on_page)


class BatchEvents:
    """What a progress display hears while a batch runs; this one hears nothing."""

    def started(self, jobs: list[Job]) -> None:
        pass

    def pages(self, index: int, done: int, total: int) -> None:
        pass

    def finished(self, index: int, result: FileResult) -> None:
        pass


class Batch:
    """Jobs run over a process pool; ``report()`` holds what is done so far (e.g. after Ctrl-C)."""

    def __init__(self, jobs: list[Job], options: Options, *, workers: int = 0, skip_existing: bool = False):
        if workers < 0:
            raise BadArgumentsError("--jobs must be 0 (one per core) or more")
        self.jobs = jobs
        self.workers = max(1, workers or available_cores())
        self.options = options
        self.skip_existing = skip_existing
        self.results: list[FileResult | None] = [None] * len(jobs)
        self._start = time.perf_counter()

    def report(self) -> BatchReport:
        return BatchReport([r for r in self.results if r is not None], time.perf_counter() - self._start)

    def run(self, events: BatchEvents | None = None) -> BatchReport:
        events = events or BatchEvents()
        self._start = time.perf_counter()
        events.started(self.jobs)
        todo = deque()
        for index, job in enumerate(self.jobs):
            if self.skip_existing and job.output.exists():
                self._record(index, FileResult(str(job.input), str(job.output), Status.skipped), events)
            else:
                todo.append(index)
        workers = min(self.workers, len(todo))
        options = self._worker_options(workers)
        while todo:
            for suspect in self._run_pool(todo, workers, options, events):
                if self._run_pool(deque([suspect]), 1, options, events):
                    self._record(suspect, FileResult.failure(str(self.jobs[suspect].input), ExitCode.other, CRASHED),
                                 events)
        return self.report()

    def _worker_options(self, workers: int) -> Options:
        """Share the cores between workers unless --threads says otherwise: N sessions each
        using every core would fight over them."""
        if self.options.threads is not None or workers < 1:
            return self.options
        return replace(self.options, threads=max(1, available_cores() // workers))

    def _run_pool(self, todo: deque, workers: int, options: Options, events: BatchEvents) -> list[int]:
        """Run jobs from ``todo`` until it is empty; if a worker dies, the jobs then in flight."""
        context = multiprocessing.get_context("spawn")  # no fork of a threaded parent
        pages = context.Queue()
        pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(options, pages))
        in_flight = {}
        try:
            while todo or in_flight:
                while todo and len(in_flight) < workers:  # no more queued than running: in flight = running
                    index = todo.popleft()
                    in_flight[pool.submit(_work, index, self.jobs[index])] = index
                done, _ = wait(in_flight, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                _pass_pages(pages, events)
                broken = False
                for future in done:
                    error = future.exception()
                    if isinstance(error, BrokenProcessPool):
                        broken = True
                        continue
                    index = in_flight.pop(future)
                    if error is not None:
                        raise error
                    self._record(index, future.result(), events)
                if broken:  # what the dead worker was writing: no half-saved temporaries stay behind
                    for index in in_flight.values():
                        remove_temporaries(self.jobs[index].output)
                    return sorted(in_flight.values())
            _pass_pages(pages, events)
            return []
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
            pages.close()

    def _record(self, index: int, result: FileResult, events: BatchEvents) -> None:
        self.results[index] = result
        events.finished(index, result)


def available_cores() -> int:
    """The cores this process may run on (a container's or taskset's share, not the host's)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def prepare_batch(
    inputs: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    options: Options | None = None,
    *,
    jobs: int = 0,
    skip_existing: bool = False,
    events: BatchEvents | None = None,
    **changes,
) -> BatchReport:
    """Prepare every PDF in ``inputs`` (files, folders, globs) into ``out_dir``, mirrored,
    ``jobs`` files at a time (0: one per core). Failed files are in the report, not raised."""
    options = (options or Options()).with_changes(**changes)
    batch = Batch(plan_jobs(inputs, out_dir), options, workers=jobs, skip_existing=skip_existing)
    return batch.run(events)


# --- in the worker processes --------------------------------------------------------------------
_worker: dict = {}


def _start_worker(options: Options, pages) -> None:
    """Load the model once per process. A failure is kept and raised by the first job,
    which ends the batch with the model's own error and exit code (a pool whose
    initializer raises only says that a process died)."""
    _worker.update(options=options, pages=pages, error=None)
    try:
        load_detector(options.model, options.device, options.threads)
    except Exception as exc:
        _worker["error"] = exc


def _work(index: int, job: Job) -> FileResult:
    if _worker["error"] is not None:
        raise _worker["error"]

    def on_page(done: int, total: int) -> None:
        _worker["pages"].put((index, done, total))

    return prepare_job(job, _worker["options"], on_page)


def _pass_pages(pages, events: BatchEvents) -> None:
    while True:
        try:
            events.pages(*pages.get_nowait())
        except queue.Empty:
            return
