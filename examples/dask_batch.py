"""Prepare many PDFs on a Dask cluster, with the JSON report of ``commonforms prepare -o --json``.

    python examples/dask_batch.py forms/ fillable/ --json report.json      # a local cluster, a worker per core
    python examples/dask_batch.py s3://bucket/forms s3://bucket/fillable --scheduler tcp://scheduler:8786

SOURCE and TARGET are folders or fsspec URLs (s3://, gs://, az://... with that fsspec package on
every worker); outputs mirror the inputs' paths below SOURCE. Each worker is a process with one
thread and one onnxruntime thread: a worker per core. A worker plugin loads the model when the
worker starts, and every task reuses it (``load_detector`` is cached per process). Tasks are
submitted a window at a time, so that millions of files never become millions of futures at
once. A worker that dies (a crash in MuPDF) is Dask's to handle: it retries the task elsewhere
and, if that worker dies too, the file is reported as failed. Needs ``commonforms[dask]``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import posixpath
import sys
import tempfile
import time
from itertools import islice

import fsspec
from dask.distributed import Client, LocalCluster, WorkerPlugin, as_completed
from rich.console import Console

from commonforms_cli import CommonFormsError, ExitCode, Options
from commonforms_cli.batch import RUN_ERRORS, available_cores, prepare_file
from commonforms_cli.batch.report import BatchReport, FileResult, Status
from commonforms_cli.detect import load_detector
from commonforms_cli.cli.progress import summary_table


class LoadModel(WorkerPlugin):
    """Load the model once per worker, as it starts, rather than in its first task."""

    def __init__(self, options: Options):
        self.options = options

    def setup(self, worker) -> None:
        load_detector(self.options.model, self.options.device, self.options.threads)


def mirrored(source: str, target: str) -> list[tuple[str, str]]:
    """(input, output) for every PDF below ``source``, the output at the same path below ``target``."""
    fs, root = fsspec.core.url_to_fs(source)
    protocol = source.split("://")[0] + "://" if "://" in source else ""
    pdfs = sorted(path for path in fs.find(root) if path.lower().endswith(".pdf"))
    return [(protocol + path, target.rstrip("/") + "/" + posixpath.relpath(path, root)) for path in pdfs]


def prepare_one(source: str, target: str, options: Options, skip_existing: bool) -> FileResult:
    """One file, on a worker: local files are used where they are; others go through a temporary copy."""
    fs_in, path_in = fsspec.core.url_to_fs(source)
    fs_out, path_out = fsspec.core.url_to_fs(target)
    if skip_existing and fs_out.exists(path_out):
        return FileResult(source, target, Status.skipped)
    with tempfile.TemporaryDirectory(prefix="commonforms-") as folder:
        local_in, local_out = path_in, path_out
        if not _is_local(fs_in):
            local_in = os.path.join(folder, posixpath.basename(path_in))
            fs_in.get_file(path_in, local_in)
        if _is_local(fs_out):
            os.makedirs(os.path.dirname(path_out), exist_ok=True)
        else:
            local_out = os.path.join(folder, "out.pdf")
        result = prepare_file(local_in, local_out, options)
        if result.status is Status.ok and local_out != path_out:
            fs_out.makedirs(posixpath.dirname(path_out), exist_ok=True)
            fs_out.put_file(local_out, path_out)
    result.input = source
    if result.output is not None:  # a failed file has none
        result.output = target
    result.error = result.error.replace(local_in, source).replace(local_out, target)  # name files as given
    return result


def run(client: Client, pairs: list[tuple[str, str]], options: Options, skip_existing: bool, window: int) -> BatchReport:
    """Every pair through the cluster, at most ``window`` at a time; results in input order."""
    client.register_plugin(LoadModel(options))
    start = time.perf_counter()
    results: list[FileResult | None] = [None] * len(pairs)
    index_of: dict[str, int] = {}
    running = as_completed()
    todo = iter(enumerate(pairs))

    def submit(index: int, pair: tuple[str, str]) -> None:
        future = client.submit(prepare_one, *pair, options, skip_existing, pure=False)
        index_of[future.key] = index
        running.add(future)

    for index, pair in islice(todo, window):
        submit(index, pair)
    for future in running:
        index = index_of.pop(future.key)
        results[index] = _result(future, pairs[index][0])
        for following in islice(todo, 1):
            submit(*following)
    return BatchReport(results, time.perf_counter() - start)


def _result(future, source: str) -> FileResult:
    """The task's FileResult; a task that raised (a worker died twice, a storage error) fails its file."""
    if future.status != "error":
        return future.result()
    error = future.exception()
    if getattr(error, "exit_code", None) in RUN_ERRORS:
        raise error  # a bad model or option fails every file: stop
    return FileResult.failure(source, getattr(error, "exit_code", ExitCode.other), f"{type(error).__name__}: {error}")


def _is_local(fs) -> bool:
    return "file" in fs.protocol or "local" in fs.protocol


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="folder or URL of the flat PDFs")
    parser.add_argument("target", help="folder or URL for the fillable PDFs")
    parser.add_argument("--json", help="write the batch report here ('-' for stdout)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler (default: a local cluster)")
    parser.add_argument("--workers", type=int, default=0, help="local cluster workers (default: one per core)")
    parser.add_argument("--window", type=int, default=0, help="tasks in flight (default: 4 per worker)")
    parser.add_argument("--model", help="ONNX detector (default: the bundled one)")
    parser.add_argument("--skip-existing", action="store_true")
    args = parser.parse_args()
    try:
        options = Options().with_changes(model=args.model, threads=1)  # a worker per core, a thread each
        with contextlib.ExitStack() as stack:
            address = args.scheduler or stack.enter_context(LocalCluster(
                n_workers=args.workers or available_cores(), threads_per_worker=1, processes=True,
                dashboard_address=None,
            ))
            client = stack.enter_context(Client(address))
            window = args.window or 4 * max(1, len(client.scheduler_info()["workers"]))
            report = run(client, mirrored(args.source, args.target), options, args.skip_existing, window)
    except CommonFormsError as error:
        print(f"dask_batch.py: error: {error}", file=sys.stderr)
        sys.exit(int(error.exit_code))
    if args.json:
        report.write_json(args.json)
    Console(stderr=True).print(summary_table(report))
    sys.exit(int(report.exit_code))


if __name__ == "__main__":
    main()
