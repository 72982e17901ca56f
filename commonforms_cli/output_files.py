"""Outputs: checked before any work, then written whole or not at all.

Every path a command writes (the PDF, the ``--json`` file, the preview folder)
is checked before the input is read, so a mistake in it costs no work and
leaves nothing behind. Files are written to a temporary beside their target
and renamed onto it, so a failure midway never leaves half a file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path
from typing import Callable

from .errors import BadArgumentsError, OutputFileError


def check_output_file(output: str | os.PathLike, input: str | os.PathLike | None = None) -> Path:
    """``output`` can be written: not a folder, in a folder that exists and is writable, not ``input``."""
    output = Path(output)
    if output.is_dir():
        raise BadArgumentsError(f"{output}: is a folder; give an output file name")
    if not output.parent.is_dir():
        raise OutputFileError(f"{output}: the folder {output.parent} does not exist")
    if not os.access(output.parent, os.W_OK | os.X_OK):
        raise OutputFileError(f"{output}: permission denied")
    if input is not None and same_path(input, output):
        raise OutputFileError(f"{output}: is the input file; choose another output")
    return output


def check_output_folder(folder: str | os.PathLike) -> Path:
    """``folder`` is a folder that exists or can be made (made later, once there is something to put in it)."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputFileError(f"{folder}: is a file, not a folder")
    existing = next(p for p in (folder, *folder.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise OutputFileError(f"{folder}: cannot make the folder: {existing} is a file")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputFileError(f"{folder}: permission denied")
    return folder


def same_path(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name one file, whether or not it exists yet."""
    with contextlib.suppress(OSError):
        return os.path.samefile(a, b)
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def write_atomically(output: str | os.PathLike, write: Callable[[Path], None]) -> None:
    """Call ``write`` on an empty temporary file beside ``output``, then rename it onto ``output``.

    The temporary is in the output's folder (same file system, so the rename
    is atomic) and fsynced first. On any failure it is removed and
    OutputFileError says why in one line.
    """
    output = Path(output)
    temporary = None
    try:
        temporary = _create_temporary(output)
        write(temporary)
        _fsync(temporary)
        os.replace(temporary, output)
        temporary = None
    except Exception as exc:  # OSError, or a library's own errors while writing
        raise OutputFileError(_why_not_written(output, exc)) from exc
    finally:  # also on Ctrl-C
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    if os.name == "posix":  # make the rename itself durable; Windows cannot open folders
        with contextlib.suppress(OSError):
            _fsync(output.parent)


def write_text_atomically(output: str | os.PathLike, text: str) -> None:
    write_atomically(output, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def remove_temporaries(output: str | os.PathLike) -> None:
    """Delete what a process killed in the middle of ``write_atomically`` left beside ``output``."""
    output = Path(output)
    for stale in output.parent.glob(f".{output.name}.*.tmp"):
        stale.unlink(missing_ok=True)


def _create_temporary(output: Path) -> Path:
    """An empty, unique file next to the output, with the mode the umask gives new files."""
    temporary = output.with_name(f".{output.name}.{secrets.token_hex(6)}.tmp")
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    return temporary


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _why_not_written(output: Path, exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError) and not output.parent.is_dir():
        return f"{output}: the folder {output.parent} does not exist"
    if isinstance(exc, PermissionError):
        return f"{output}: permission denied"
    if isinstance(exc, IsADirectoryError):
        return f"{output}: is a folder"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if getattr(exc, "errno", None) in (errno.ENOSPC, errno.EDQUOT) or "No space left" in text:
        return f"{output}: the disk is full"
    return f"{output}: cannot write ({text[:160]})"
