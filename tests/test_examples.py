"""The examples run as a user would run them, with the bundled model: they are the product."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from conftest import widget_names

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FLAT_FORM = EXAMPLES / "flat-form.pdf"
# `commonforms` as installed beside this Python, first on the PATH the examples see.
ENV = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}


@pytest.fixture
def forms(tmp_path) -> Path:
    """The example form in a subfolder, and a file that is not a PDF."""
    folder = tmp_path / "forms"
    (folder / "clinic").mkdir(parents=True)
    shutil.copy(FLAT_FORM, folder / "clinic" / "intake.pdf")
    (folder / "scan-failed.pdf").write_text("this upload is not a PDF\n")
    return folder


def test_shell_loop(tmp_path, forms):
    with pymupdf.open(FLAT_FORM) as doc:
        doc.save(forms / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="owner")
    out = tmp_path / "fillable"
    result = subprocess.run(["bash", EXAMPLES / "batch.sh", forms, out], capture_output=True, text=True,
                            env=ENV, timeout=300)
    assert result.returncode == 1, result.stderr  # two files were not prepared
    assert f"ok       {forms}/clinic/intake.pdf" in result.stdout
    assert "2 file(s) not prepared" in result.stdout
    assert f"not a PDF or damaged: {forms}/scan-failed.pdf" in result.stderr
    assert (out / "encrypted.txt").read_text() == f"needs a password: {forms}/locked.pdf\n"
    assert len(widget_names(out / "clinic" / "intake.pdf")) > 10


def test_github_actions_job_fails_on_a_bad_file(tmp_path, forms):
    workflow = yaml.safe_load((EXAMPLES / "github-actions.yml").read_text())
    steps = workflow["jobs"]["prepare"]["steps"]
    prepare = next(step for step in steps if step.get("id") == "prepare")
    upload = next(step for step in steps if "upload-artifact" in step.get("uses", ""))
    assert upload["if"] == "always()" and "fillable-report.json" in upload["with"]["path"]
    # Run the step as GitHub's runner does (bash -e -o pipefail) in a checkout holding forms/.
    result = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", prepare["run"]],
                            cwd=tmp_path, capture_output=True, text=True, env=ENV, timeout=300)
    assert result.returncode == 8, result.stderr  # the job fails
    assert "commonforms: error: forms/scan-failed.pdf: not a PDF" in result.stderr
    assert len(widget_names(tmp_path / "fillable" / "clinic" / "intake.pdf")) > 10
    report = json.loads((tmp_path / "fillable-report.json").read_text())
    assert [(f["input"], f["status"]) for f in report["files"]] == [
        ("forms/scan-failed.pdf", "failed"), ("forms/clinic/intake.pdf", "ok")
    ]


def test_python_api_script(tmp_path):
    out = tmp_path / "reviewed.pdf"
    result = subprocess.run([sys.executable, EXAMPLES / "api.py", FLAT_FORM, out, "cc101_"], capture_output=True,
                            text=True, env=ENV, timeout=300)
    assert result.returncode == 0, result.stderr
    printed = [line.split() for line in result.stdout.splitlines()]
    assert len(printed) > 10 and all(float(score) >= 0.5 for _, _, score in printed)
    assert widget_names(out) == [name for name, _, _ in printed]
    assert all(name.startswith("cc101_") for name, _, _ in printed)
