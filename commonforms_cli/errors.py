"""Exit codes and the exceptions that carry them.

Every failure a user can cause is one of these exceptions; the CLI prints its
message as one line and exits with its code (OCRmyPDF's model).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes. 2 is what the argument parser uses for usage errors, so every
    argument error shares it."""

    ok = 0
    other = 1  # an unexpected failure (a bug): reported in one line, traceback with -v
    bad_args = 2
    input_file = 3  # not a PDF, damaged beyond repair, unreadable, no pages
    encrypted = 4  # needs a password, or the password is wrong
    output_file = 5  # output not writable, same as input, folder missing, disk full
    model = 6  # model file missing or not a compatible detector
    unsupported = 7  # a valid PDF we refuse to change (e.g. it would break a signature)
    batch_failures = 8  # a batch ran, but some files failed
    interrupted = 130


class CommonFormsError(Exception):
    """Base class: a failure with a message meant for the user."""

    exit_code = ExitCode.other

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class BadArgumentsError(CommonFormsError):
    exit_code = ExitCode.bad_args


class InputFileError(CommonFormsError):
    exit_code = ExitCode.input_file


class EncryptedPdfError(CommonFormsError):
    exit_code = ExitCode.encrypted


class OutputFileError(CommonFormsError):
    exit_code = ExitCode.output_file


class ModelError(CommonFormsError):
    exit_code = ExitCode.model


class UnsupportedPdfError(CommonFormsError):
    exit_code = ExitCode.unsupported
