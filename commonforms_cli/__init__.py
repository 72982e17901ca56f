"""commonforms: turn flat PDF forms into fillable ones.

The Python API mirrors the command line one to one::

    from commonforms_cli import prepare_form, detect_fields
    report = prepare_form("flat.pdf", "fillable.pdf", thresholds="text=0.3", replace_existing=True)
    for field in report.fields: ...

Each function takes the same options as the command (see ``Options``) and
returns a ``Report`` with every field detected or written.
"""

__version__ = "0.1.0"

from .errors import CommonFormsError, ExitCode  # noqa: E402
from .evaluate import evaluate_pdfs  # noqa: E402
from .fields import Field, FieldClass, FieldKind  # noqa: E402
from .options import Options  # noqa: E402
from .pipeline import detect_fields, prepare_form  # noqa: E402
from .report import FieldRecord, Report  # noqa: E402

__all__ = [
    "CommonFormsError",
    "ExitCode",
    "Field",
    "FieldClass",
    "FieldKind",
    "FieldRecord",
    "Options",
    "Report",
    "detect_fields",
    "evaluate_pdfs",
    "prepare_form",
]
