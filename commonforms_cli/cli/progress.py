"""What a person, or a CI log, sees while files are prepared, and the summary after a batch.

On a terminal: rich bars for files and pages with their rate and ETA, and
failures printed above the bars as they happen. Anywhere else (CI logs,
stderr redirected): one plain line per file, nothing that redraws. ``-q``
leaves only the failures; ``-v`` adds a line per file on a terminal too.
"""

from __future__ import annotations

import contextlib
from typing import Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ..batch import BatchEvents
from ..batch.jobs import Job
from ..batch.report import BatchReport, FileResult, Status
from ..pipeline import PageCallback
from ..report import Report


def batch_events(console: Console, *, quiet: bool, verbose: bool) -> contextlib.AbstractContextManager[BatchEvents]:
    """Bars on a terminal, plain lines elsewhere, failures only when quiet."""
    if console.is_terminal and not quiet:
        return _Bars(console, verbose)
    return contextlib.nullcontext(_Lines(console, quiet))


@contextlib.contextmanager
def page_bar(console: Console, enabled: bool) -> Iterator[PageCallback | None]:
    """A transient pages bar for one file on a terminal; ``None`` (no callback) otherwise."""
    if not enabled:
        yield None
        return
    with Progress(*_columns(), console=console, transient=True) as progress:
        task = progress.add_task("pages", total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def failure_line(result: FileResult) -> str:
    return f"commonforms: error: {result.input}: {reason(result)}"


def reason(result: FileResult) -> str:
    """The error without the file name that most messages start with."""
    prefix = f"{result.input}: "
    return result.error[len(prefix):] if result.error.startswith(prefix) else result.error


def describe(result: FileResult) -> str:
    """One line for a file that did not fail."""
    if result.status is Status.skipped:
        return f"{result.input}: skipped, {result.output} exists"
    line = f"{result.input} -> {result.output}: {fields_written(result.report)} in {result.seconds:.1f} s"
    return "\n".join([line, *(f"warning: {w}" for w in result.report.warnings)])


def fields_written(report: Report) -> str:
    """What prepare wrote; and, for a PDF that had fields, that it kept them and why nothing overlaps them."""
    counts = report.count_by_class()
    if report.existing_fields and not sum(counts.values()):
        return f"nothing added: {existing_fields_note(report)}"
    written = (
        f"{sum(counts.values())} fields written ({counts['text']} text, {counts['choice']} choice, "
        f"{counts['signature']} signature) on {len(report.pages)} page(s)"
    )
    return f"{written}; {existing_fields_note(report)}" if report.existing_fields else written


def existing_fields_note(report: Report) -> str:
    count = report.existing_fields
    return (f"the PDF already has {count} field{'' if count == 1 else 's'}; detections that overlap them are "
            "not added (--replace-existing removes them first)")


def summary_table(report: BatchReport) -> Table:
    """Files, pages, fields by kind, time; then each failure and why."""
    table = Table(box=None, show_header=False, pad_edge=False)
    table.add_column(style="bold")
    table.add_column()
    statuses = ", ".join(f"{len(report.by_status(s))} {s.value}" for s in Status)
    kinds = {kind: n for kind, n in report.count_by_kind().items() if n}
    rate = report.pages / report.seconds if report.seconds > 0 else 0.0
    table.add_row("files", f"{len(report.files)} ({statuses})")
    table.add_row("pages", str(report.pages))
    detail = ", ".join(f"{n} {kind}" for kind, n in kinds.items())
    table.add_row("fields", f"{sum(kinds.values())} ({detail})" if detail else "0")
    table.add_row("seconds", f"{report.seconds:.1f} ({rate:.2f} pages/s)")
    if report.failed:
        failures = Table(box=None, pad_edge=False, title=None)
        for column in ("failed file", "exit code", "reason"):
            failures.add_column(column, overflow="fold")
        for result in report.failed:
            failures.add_row(result.input, f"{int(result.error_code)} ({result.error_code.name})", reason(result))
        table.add_row("failures", failures)
    return table


class _Lines(BatchEvents):
    """One plain line per file, for logs."""

    def __init__(self, console: Console, quiet: bool):
        self.console, self.quiet = console, quiet
        self.total = self.done = 0

    def started(self, jobs: list[Job]) -> None:
        self.total = len(jobs)

    def finished(self, index: int, result: FileResult) -> None:
        self.done += 1
        if result.status is Status.failed:
            self.console.print(failure_line(result), markup=False, highlight=False)
        elif not self.quiet:
            self.console.print(f"commonforms: [{self.done}/{self.total}] {describe(result)}", markup=False,
                               highlight=False)


class _Bars(BatchEvents):
    """Files and pages bars; failures (and with -v every file) printed above them."""

    def __init__(self, console: Console, verbose: bool):
        self.verbose = verbose
        self.progress = Progress(*_columns(), console=console)
        self.files = self.progress.add_task("files", total=0)
        self.pages_task = self.progress.add_task("pages", total=0)
        self.page_totals: dict[int, int] = {}  # by file, from its first page event
        self.pages_done: dict[int, int] = {}
        self.finished_files: set[int] = set()

    def __enter__(self) -> "_Bars":
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.stop()

    def started(self, jobs: list[Job]) -> None:
        self.progress.update(self.files, total=len(jobs))

    def pages(self, index: int, done: int, total: int) -> None:
        if index in self.finished_files:  # a late event: the file's count is final
            return
        if index not in self.page_totals:
            self._set_total(index, total)
        self._advance_pages(index, done)

    def finished(self, index: int, result: FileResult) -> None:
        done = result.pages if result.report else self.pages_done.get(index, 0)
        self._advance_pages(index, done)
        self._set_total(index, done)  # a failed file's unread pages leave the total
        self.finished_files.add(index)
        self.progress.advance(self.files)
        if result.status is Status.failed:
            self.progress.console.print(failure_line(result), markup=False, highlight=False)
        elif self.verbose:
            self.progress.console.print(describe(result), markup=False, highlight=False)

    def _set_total(self, index: int, total: int) -> None:
        self.page_totals[index] = total
        self.progress.update(self.pages_task, total=sum(self.page_totals.values()))

    def _advance_pages(self, index: int, done: int) -> None:
        step = done - self.pages_done.get(index, 0)
        if step > 0:
            self.pages_done[index] = done
            self.progress.advance(self.pages_task, step)


class _Rate(ProgressColumn):
    """Items per second since the start: pages arrive in bursts (a file's at once when it ends),
    which rich's windowed speed turns into absurd figures."""

    def render(self, task) -> Text:
        if not task.elapsed or not task.completed:
            return Text("")
        return Text(f"{task.completed / task.elapsed:.2f} {task.description}/s", style="progress.data.speed")


def _columns() -> tuple[ProgressColumn, ...]:
    return (
        TextColumn("{task.description:>5}"),
        BarColumn(),
        MofNCompleteColumn(),
        _Rate(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
