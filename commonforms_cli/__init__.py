"""commonforms: turn flat PDF forms into fillable ones.

The Python API mirrors the command line one to one::

    from commonforms_cli import detect_fields, prepare_batch, prepare_form
    report = prepare_form("flat.pdf", "fillable.pdf", thresholds="text=0.3", replace_existing=True)
    for field in report.fields: ...
    batch = prepare_batch(["forms/"], "fillable/", jobs=4)   # prepare forms/ -o fillable/ --jobs 4

Each function takes the same options as the command (see ``Options``) and
returns a ``Report`` with every field detected or written (``prepare_batch``:
a ``BatchReport``, one ``FileResult`` per file).
"""

__version__ = "0.1.0"

from .batch import prepare_batch  # noqa: E402
from .batch_report import BatchReport, FileResult  # noqa: E402
from .errors import CommonFormsError, ExitCode  # noqa: E402
from .evaluate import evaluate_pdfs  # noqa: E402
from .fields import Field, FieldClass, FieldKind  # noqa: E402
from .options import Options  # noqa: E402
from .pipeline import detect_fields, prepare_form  # noqa: E402
from .preview import preview_form  # noqa: E402
from .report import FieldRecord, Report  # noqa: E402

__all__ = [
    "BatchReport",
    "CommonFormsError",
    "ExitCode",
    "Field",
    "FieldClass",
    "FieldKind",
    "FieldRecord",
    "FileResult",
    "Options",
    "Report",
    "detect_fields",
    "evaluate_pdfs",
    "prepare_batch",
    "prepare_form",
    "preview_form",
]
