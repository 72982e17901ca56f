"""Every field kind, on every page orientation, works in 13 viewer engines.

Runs ../shared/tools/viewer-check/check_form.py --require-all on outputs made
here. The engines are system packages, so this runs only where they are
installed: .ci/run installs them (when ../shared is present) and sets
VIEWER_CHECK_ENV to the install folder. Elsewhere the tests skip.
"""

from __future__ import annotations

import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pymupdf
import pytest

from commonforms_cli.fields import Field, FieldKind
from commonforms_cli.pipeline import prepare_form
from commonforms_cli.writer import save_pdf, write_fields
from conftest import SHARED

CHECK_FORM = SHARED / "tools" / "viewer-check" / "check_form.py"
ENV = Path(os.environ.get("VIEWER_CHECK_ENV", "/nonexistent"))
pytestmark = pytest.mark.skipif(
    not (CHECK_FORM.exists() and (ENV / "venv" / "bin" / "python").exists()),
    reason="viewer-check engines not installed (set VIEWER_CHECK_ENV; .ci/run does)",
)
REPO = Path(__file__).resolve().parents[1]

# (rotation, MediaBox, CropBox)
PAGE_SETUPS = [
    (0, None, None),
    (90, None, None),
    (180, None, None),
    (270, None, None),
    (0, (0, 0, 700, 900), (50, 60, 650, 860)),
    (90, (-100, -100, 600, 800), (-50, -40, 550, 760)),
]

EVERY_KIND = [
    Field(0, FieldKind.text, (0.1, 0.08, 0.6, 0.12), "name", label="Name"),
    Field(0, FieldKind.multiline, (0.1, 0.16, 0.9, 0.3), "comments", label="Comments"),
    Field(0, FieldKind.comb, (0.1, 0.34, 0.4, 0.38), "zip", max_len=5),
    Field(0, FieldKind.checkbox, (0.1, 0.44, 0.14, 0.47), "agree", export_value="Yes"),
    Field(0, FieldKind.radio, (0.1, 0.52, 0.14, 0.55), "size", group="size", export_value="Small"),
    Field(0, FieldKind.radio, (0.2, 0.52, 0.24, 0.55), "size", group="size", export_value="Medium"),
    Field(0, FieldKind.radio, (0.3, 0.52, 0.34, 0.55), "size", group="size", export_value="Large"),
    Field(0, FieldKind.signature, (0.1, 0.7, 0.6, 0.78), "signature", label="Signature"),
]


def _form_with_every_kind(path: Path, rotation, mediabox, cropbox) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=800)
    page.insert_text((60, 50), f"Every kind, /Rotate {rotation}", fontsize=12)
    if mediabox:
        doc.xref_set_key(page.xref, "MediaBox", "[%g %g %g %g]" % mediabox)
    if cropbox:
        doc.xref_set_key(page.xref, "CropBox", "[%g %g %g %g]" % cropbox)
    doc.xref_set_key(page.xref, "Rotate", str(rotation))
    write_fields(doc, EVERY_KIND)
    save_pdf(doc, path)
    return path


def _check(pdf: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "VIEWER_CHECK_NODE_MODULES": str(ENV / "js" / "node_modules")}
    return subprocess.run(
        [str(ENV / "venv" / "bin" / "python"), str(CHECK_FORM), str(pdf), "--require-all"],
        capture_output=True, text=True, env=env, timeout=600,
    )


def test_every_field_kind_on_every_page_setup(tmp_path):
    forms = [
        _form_with_every_kind(tmp_path / f"kinds-{i}.pdf", *setup) for i, setup in enumerate(PAGE_SETUPS)
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_check, forms))
    failures = [f"{pdf.name}:\n{r.stdout[-3000:]}{r.stderr[-1000:]}" for pdf, r in zip(forms, results) if r.returncode]
    assert not failures, "\n\n".join(failures)


def test_the_readme_example_output(tmp_path):
    out = tmp_path / "flat-form-fillable.pdf"
    prepare_form(REPO / "examples" / "flat-form.pdf", out)
    result = _check(out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
