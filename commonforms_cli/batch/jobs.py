"""Which files a batch reads, and where each one's output goes.

Inputs are files, folders and glob patterns. Outputs mirror the inputs under
one folder, as ``rsync SRC/ OUT/`` would: a folder's PDFs keep their path
relative to that folder, a quoted glob's matches keep theirs relative to the
pattern's fixed part, and a file named directly (or expanded by the shell)
lands at the top. Two inputs that would write the same output are refused
before any work starts.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..errors import BadArgumentsError


@dataclass(frozen=True)
class Job:
    """One file of a batch: read ``input``, write ``output``."""

    input: Path
    output: Path


def plan_jobs(inputs: Iterable[str | os.PathLike], out_dir: str | os.PathLike) -> list[Job]:
    """The jobs for ``inputs`` (in the order given, each folder sorted) writing under ``out_dir``."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise BadArgumentsError(f"{out_dir}: -o must be a folder, and this is a file")
    jobs: list[Job] = []
    claimed: dict[Path, Path] = {}
    for item in map(str, inputs):
        if item == "-":
            raise BadArgumentsError("'-' (stdin) works only as 'prepare - OUTPUT', not in a batch with -o")
        for source, relative in _expand(item, out_dir):
            output = out_dir / relative
            key = Path(os.path.normcase(os.path.abspath(output)))
            if key == Path(os.path.normcase(os.path.abspath(source))):
                raise BadArgumentsError(f"{source}: its output would overwrite it; choose another -o folder")
            if key in claimed:
                if claimed[key] == source:
                    continue  # the same file named twice (e.g. a folder and a file in it)
                raise BadArgumentsError(f"{claimed[key]} and {source} would both be written to {output}")
            claimed[key] = source
            jobs.append(Job(source, output))
    if not jobs:
        raise BadArgumentsError("no PDF files found in the inputs given")
    return jobs


def _expand(item: str, out_dir: Path) -> list[tuple[Path, Path]]:
    """(input file, output path relative to the output folder) for one argument."""
    path = Path(item)
    if path.is_dir():
        return [(file, file.relative_to(path)) for file in _pdfs_under(path, out_dir)]
    if glob.has_magic(item) and not path.exists():
        base = _fixed_prefix(item)
        matches = sorted(Path(m) for m in glob.glob(item, recursive=True))
        files = [m for m in matches if m.is_file() and not _inside(m, out_dir)]
        if not files:
            raise BadArgumentsError(f"{item}: no file matches")
        return [(file, file.relative_to(base)) for file in files]
    return [(path, Path(path.name))]  # a missing file is that file's failure, not the batch's


def _pdfs_under(folder: Path, out_dir: Path) -> list[Path]:
    """PDFs in ``folder`` and its subfolders, sorted; the output folder's own files are not inputs."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not _inside(Path(root) / d, out_dir))
        found.extend(Path(root) / name for name in sorted(files) if name.lower().endswith(".pdf"))
    return found


def _fixed_prefix(pattern: str) -> Path:
    """The folders of a glob pattern before its first wildcard: ``forms/**/*.pdf`` -> ``forms``."""
    parts = []
    for part in Path(pattern).parts[:-1]:
        if glob.has_magic(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False
