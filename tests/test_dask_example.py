"""examples/dask_batch.py on a local Dask cluster writes what `prepare --jobs 1` writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import draw_flat_form

pytest.importorskip("dask")
pytest.importorskip("distributed")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dask_batch.py"


def by_file(report_path: Path, root: Path) -> dict:
    report = json.loads(report_path.read_text())
    return {
        Path(f["input"]).relative_to(root): (f["status"], f["error"] and f["error"]["code"], f["pages"])
        for f in report["files"]
    }


def test_dask_example_writes_what_jobs_1_writes(tmp_path, form_model):
    forms = tmp_path / "forms"
    (forms / "sub").mkdir(parents=True)
    draw_flat_form(forms / "a.pdf")
    draw_flat_form(forms / "sub" / "b.pdf", pages=2)
    (forms / "broken.pdf").write_text("not a PDF")
    local = subprocess.run(
        [sys.executable, "-m", "commonforms_cli", "prepare", forms, "-o", tmp_path / "local", "--jobs", "1",
         "--model", form_model, "--json", tmp_path / "local.json"], capture_output=True, text=True, timeout=300)
    assert local.returncode == 8, local.stderr
    dask = subprocess.run(
        [sys.executable, EXAMPLE, forms, tmp_path / "dask", "--workers", "2", "--model", form_model,
         "--json", tmp_path / "dask.json"], capture_output=True, text=True, timeout=300)
    assert dask.returncode == 8, dask.stderr  # the same exit code: some files failed

    assert by_file(tmp_path / "dask.json", forms) == by_file(tmp_path / "local.json", forms)
    for name in ("a.pdf", "sub/b.pdf"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert not (tmp_path / "dask" / "broken.pdf").exists()
