"""commonforms: turn flat PDF forms into fillable ones.

The Python API mirrors the command line one to one::

    from commonforms_cli import detect_fields, fill_form, prepare_batch, prepare_form
    report = prepare_form("flat.pdf", "fillable.pdf", thresholds="text=0.3", replace_existing=True)
    for field in report.fields: ...
    batch = prepare_batch(["forms/"], "fillable/", jobs=4)   # prepare forms/ -o fillable/ --jobs 4
    fill_form("fillable.pdf", {"first_name": "Ada"}, "filled.pdf", flatten=True)  # fill IN DATA OUT --flatten

Each function takes the same options as the command (see ``Options``) and
returns a ``Report`` with every field detected or written (``prepare_batch``:
a ``BatchReport``, one ``FileResult`` per file; ``fill_form``: a ``FillReport``,
``fill_csv``: one per row). ``process_page`` is one page of ``prepare``: render -> detect ->
refine, a ``PageResult``.
"""

import importlib

__version__ = "0.1.0"

# Imported on first use (PEP 562), so that `commonforms --version` or a single `prepare` does not
# pay for batch, evaluation and preview imports it never runs: part of the cold start.
_EXPORTS = {
    "prepare_batch": "batch",
    "BatchReport": "batch.report",
    "FileResult": "batch.report",
    "CommonFormsError": "errors",
    "ExitCode": "errors",
    "evaluate_pdfs": "evaluate",
    "Field": "fields",
    "FillReport": "fill",
    "fill_csv": "fill",
    "fill_form": "fill",
    "FieldClass": "fields",
    "FieldKind": "fields",
    "Options": "options",
    "detect_fields": "pipeline",
    "prepare_form": "pipeline",
    "process_page": "pipeline",
    "PageResult": "pipeline",
    "preview_form": "preview",
    "FieldRecord": "report",
    "Report": "report",
}


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))


__all__ = [
    "BatchReport",
    "CommonFormsError",
    "ExitCode",
    "Field",
    "FieldClass",
    "FieldKind",
    "FieldRecord",
    "FileResult",
    "FillReport",
    "Options",
    "PageResult",
    "Report",
    "detect_fields",
    "evaluate_pdfs",
    "fill_csv",
    "fill_form",
    "prepare_batch",
    "prepare_form",
    "preview_form",
    "process_page",
]
