"""What a batch did, file by file: the ``prepare --json`` report of a batch.

The schema (stable; documented in README.md; ``version`` changes only when a
key changes meaning or goes away):

    {"version": 1, "exit_code": int, "model": {"name", "sha256", "imgsz"} | null,
     "summary": {"files": int, "ok": int, "failed": int, "skipped": int, "pages": int,
                 "fields": {kind: int for every kind}, "seconds": float},
     "files": [{"input": str, "output": str | null (failed), "status": "ok" | "failed" | "skipped",
                "error": {"code": int, "name": str, "message": str} | null,
                "seconds": float, "pages": [detect schema pages]}]}

Files are listed in input order whatever ``--jobs`` was, so two runs over the
same inputs give the same report but for the seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from ..errors import ExitCode
from ..fields import FieldKind
from ..report import Report, write_json

SCHEMA_VERSION = 1


class Status(str, Enum):
    ok = "ok"
    failed = "failed"
    skipped = "skipped"  # --skip-existing: the output was already there


@dataclass
class FileResult:
    """One file of a batch: its report when it was written, its error when not."""

    input: str
    output: str | None
    status: Status
    seconds: float = 0.0
    report: Report | None = None
    error_code: ExitCode | None = None
    error: str = ""

    @classmethod
    def failure(cls, input: str, code: ExitCode, message: str, seconds: float = 0.0) -> "FileResult":
        """A file that failed: it has no output (nothing was written) and says why."""
        return cls(input, None, Status.failed, seconds, error_code=code, error=message)

    @property
    def pages(self) -> int:
        return len(self.report.pages) if self.report else 0

    def to_json(self) -> dict:
        error = None
        if self.status is Status.failed:
            error = {"code": int(self.error_code), "name": self.error_code.name, "message": self.error}
        return {
            "input": self.input,
            "output": self.output,
            "status": self.status.value,
            "error": error,
            "seconds": round(self.seconds, 3),
            "pages": self.report.to_json()["pages"] if self.report else [],
        }


@dataclass
class BatchReport:
    """Every file of a batch, in input order."""

    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    def by_status(self, status: Status) -> list[FileResult]:
        return [result for result in self.files if result.status is status]

    @property
    def failed(self) -> list[FileResult]:
        return self.by_status(Status.failed)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.batch_failures if self.failed else ExitCode.ok

    @property
    def pages(self) -> int:
        return sum(result.pages for result in self.files)

    def count_by_kind(self) -> dict[str, int]:
        counts = {kind.value: 0 for kind in FieldKind}
        for result in self.files:
            for record in result.report.fields if result.report else ():
                counts[record.kind] += 1
        return counts

    def to_json(self) -> dict:
        model = next((r.report.model for r in self.files if r.report), None)
        return {
            "version": SCHEMA_VERSION,
            "exit_code": int(self.exit_code),
            "model": model.to_json() if model else None,
            "summary": {
                "files": len(self.files),
                **{status.value: len(self.by_status(status)) for status in Status},
                "pages": self.pages,
                "fields": self.count_by_kind(),
                "seconds": round(self.seconds, 3),
            },
            "files": [result.to_json() for result in self.files],
        }

    def write_json(self, destination: str | Path) -> None:
        write_json(self.to_json(), destination)
