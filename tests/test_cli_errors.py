"""The command line on bad input: one clear line, a distinct exit code, nothing left behind."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pymupdf
import pytest

from commonforms_cli.errors import ExitCode

CLI = [sys.executable, "-m", "commonforms_cli"]
ROOT = Path(__file__).resolve().parents[1]
BUNDLED_MODEL = ROOT / "models" / "commonforms-s.onnx"
RUNS = 5  # an exit that races a thread fails some runs only


def run(*args, cwd=None):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def assert_clean_failure(result, code: ExitCode, words: str):
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert words in lines[0]


def test_version():
    assert run("--version").stdout.startswith("commonforms ")


def _option_help(text: str, option: str) -> str | None:
    """One option's entry in a --help text (its lines), or None if the command has no such option."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines)
              if line.lstrip().startswith("-") and option in re.split(r"[ ,/]+", line.strip().split("  ")[0])]
    if not starts:
        return None
    end = next((i for i in range(starts[0] + 1, len(lines)) if lines[i].lstrip().startswith("-")), len(lines))
    return "\n".join(lines[starts[0]:end])


@pytest.mark.parametrize("command", [[], ["prepare"], ["detect"], ["preview"], ["eval"], ["fill"], ["dataset"],
                                     ["dataset", "build"], ["dataset", "synth"]], ids=" ".join)
def test_help_reads_well_at_80_columns(command):
    """Nothing cut ('…', or a command summary ending in '...'), no Python types as metavars, within 80 columns."""
    result = subprocess.run([*CLI, *command, "--help"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "COLUMNS": "80"})
    assert (result.returncode, result.stderr) == (0, "")
    text = result.stdout
    assert "…" not in text and "<bool>" not in text
    assert not re.findall(r"<(?:str|int|float|path|file|dir|list)\b[^>]*>", text)
    lines = text.splitlines()
    assert max(map(len, lines)) <= 80
    assert not [line for line in lines if line.endswith("...") and not line.startswith("Usage:")]
    jobs = _option_help(text, "--jobs")
    if jobs is not None:
        assert "(default: one per core)" in " ".join(jobs.split()) and "[default: 0]" not in jobs


def test_success(tmp_path, flat_pdf, form_model):
    out = tmp_path / "out.pdf"
    result = run("prepare", flat_pdf, out, "--model", form_model)
    assert result.returncode == ExitCode.ok, result.stderr
    assert "3 fields written" in result.stderr
    assert out.exists()


def test_text_file_renamed_pdf(tmp_path, form_model):
    fake = tmp_path / "notes.pdf"
    fake.write_text("this is not a PDF\n" * 20)
    out = tmp_path / "out.pdf"
    assert_clean_failure(run("prepare", fake, out, "--model", form_model), ExitCode.input_file, "not a PDF")
    assert not out.exists()


def test_empty_and_missing_files(tmp_path, form_model):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    assert_clean_failure(run("detect", empty, "--model", form_model), ExitCode.input_file, "empty")
    assert_clean_failure(run("detect", tmp_path / "nope.pdf", "--model", form_model), ExitCode.input_file, "no such file")


def test_truncated_pdf_is_repaired_or_refused_cleanly(tmp_path, flat_pdf, form_model):
    data = flat_pdf.read_bytes()
    for keep in (len(data) // 2, 40):
        truncated = tmp_path / f"truncated{keep}.pdf"
        truncated.write_bytes(data[:keep])
        out = tmp_path / f"out{keep}.pdf"
        result = run("prepare", truncated, out, "--model", form_model)
        if result.returncode == ExitCode.ok:  # MuPDF repaired it: a valid output must exist
            with pymupdf.open(out) as doc:
                assert doc.page_count >= 1
        else:
            assert_clean_failure(result, ExitCode.input_file, str(truncated))
            assert not out.exists()


def test_encrypted_pdf_with_and_without_password(tmp_path, flat_pdf, form_model):
    locked = tmp_path / "locked.pdf"
    with pymupdf.open(flat_pdf) as doc:
        doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    out = tmp_path / "out.pdf"
    assert_clean_failure(run("prepare", locked, out, "--model", form_model), ExitCode.encrypted, "--password")
    assert not out.exists()
    assert_clean_failure(
        run("prepare", locked, out, "--model", form_model, "--password", "wrong"), ExitCode.encrypted, "password"
    )
    result = run("prepare", locked, out, "--model", form_model, "--password", "secret")
    assert result.returncode == ExitCode.ok, result.stderr
    with pymupdf.open(out) as doc:
        assert doc.needs_pass  # the output keeps the input's protection
        assert doc.authenticate("secret")
        assert len(list(doc[0].widgets())) == 3


def test_output_equal_to_input_is_refused(tmp_path, flat_pdf, form_model):
    before = hashlib.sha256(flat_pdf.read_bytes()).hexdigest()
    assert_clean_failure(run("prepare", flat_pdf, flat_pdf, "--model", form_model), ExitCode.output_file, "input")
    assert hashlib.sha256(flat_pdf.read_bytes()).hexdigest() == before


def test_output_folder_missing_or_unwritable(tmp_path, flat_pdf, form_model):
    missing = tmp_path / "no" / "such" / "out.pdf"
    assert_clean_failure(run("prepare", flat_pdf, missing, "--model", form_model), ExitCode.output_file, "does not exist")
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    assert_clean_failure(
        run("prepare", flat_pdf, blocked / "out.pdf", "--model", form_model), ExitCode.output_file, "out.pdf"
    )


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root ignores permissions")
def test_read_only_folder(tmp_path, flat_pdf, form_model):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = run("prepare", flat_pdf, folder / "out.pdf", "--model", form_model)
        assert_clean_failure(result, ExitCode.output_file, "out.pdf")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_bad_model_and_bad_arguments(tmp_path, flat_pdf):
    not_a_model = tmp_path / "model.onnx"
    not_a_model.write_text("nope")
    assert_clean_failure(run("detect", flat_pdf, "--model", not_a_model), ExitCode.model, "model.onnx")
    assert_clean_failure(run("detect", flat_pdf, "--model", tmp_path / "absent.onnx"), ExitCode.model, "absent.onnx")
    result = run("detect", flat_pdf, "--threshold", "text=2")
    assert_clean_failure(result, ExitCode.bad_args, "between 0 and 1")
    assert run("prepare").returncode == ExitCode.bad_args  # usage error


def test_detect_json_to_stdout_is_pure_json(flat_pdf, form_model):
    import json

    result = run("detect", flat_pdf, "--model", form_model, "--json", "-")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["pages"][0]["fields"]) == 3


def _files(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` (temporaries included) with its content's hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def work(tmp_path) -> Path:
    """The example form, a folder of PDFs, a text file named .pdf and an encrypted PDF."""
    work = tmp_path / "work"
    (work / "forms").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "flat-form.pdf", work / "in.pdf")
    shutil.copy(ROOT / "examples" / "flat-form.pdf", work / "forms" / "a.pdf")
    (work / "notes.pdf").write_text("this is not a PDF\n" * 20)
    with pymupdf.open(work / "in.pdf") as doc:
        doc.save(work / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="owner")
    return work


@pytest.mark.skipif(not BUNDLED_MODEL.is_file(), reason="the bundled model is absent")
@pytest.mark.parametrize("args, code, words", [
    (("in.pdf", "missing/out.pdf"), ExitCode.output_file, "missing does not exist"),
    (("in.pdf",), ExitCode.bad_args, "give INPUT OUTPUT"),
    (("in.pdf", "in.pdf"), ExitCode.output_file, "is the input file"),
    (("in.pdf", "out.pdf", "--json", "missing/fields.json"), ExitCode.output_file, "missing does not exist"),
    (("forms",), ExitCode.bad_args, "-o OUT_DIR"),
    (("notes.pdf", "out.pdf"), ExitCode.input_file, "not a PDF"),
    (("locked.pdf", "out.pdf"), ExitCode.encrypted, "--password"),
])
def test_every_failure_exits_cleanly_every_time_with_the_bundled_model(work, args, code, words):
    """The documented exit code, one line, no abort ('terminate called' and exit 134 were a model
    loading on a thread when the process exited), nothing written, the input unchanged."""
    before = _files(work)
    for _ in range(RUNS):
        result = run("prepare", *args, cwd=work)
        assert "terminate called" not in result.stderr
        assert_clean_failure(result, code, words)
        assert _files(work) == before


@pytest.mark.parametrize("args, code, words", [
    (("detect", "in.pdf", "--json", "missing/fields.json"), ExitCode.output_file, "missing does not exist"),
    (("prepare", "in.pdf", "out.pdf", "--json", "out.pdf"), ExitCode.bad_args, "--json and OUTPUT are the same"),
    (("prepare", "in.pdf", "out.pdf", "--json", "in.pdf"), ExitCode.output_file, "is the input file"),
    (("prepare", "forms", "-o", "out", "--json", "missing/report.json"), ExitCode.output_file,
     "missing does not exist"),
    (("preview", "in.pdf", "-o", "in.pdf/pictures"), ExitCode.output_file, "in.pdf is a file"),
    (("preview", "notes.pdf", "-o", "pictures"), ExitCode.input_file, "not a PDF"),
    (("eval", "forms", "--json", "missing/eval.json"), ExitCode.output_file, "missing does not exist"),
])
def test_every_output_is_checked_before_any_work(work, form_model, args, code, words):
    """PDF, JSON and preview folder: a bad one fails before the input is read, and leaves no file or folder."""
    before = _files(work)
    assert_clean_failure(run(*args, "--model", form_model, cwd=work), code, words)
    assert _files(work) == before
    assert sorted(p.name for p in work.iterdir()) == ["forms", "in.pdf", "locked.pdf", "notes.pdf"]


def test_a_json_that_cannot_be_written_takes_the_pdf_with_it(tmp_path, flat_pdf, form_model, monkeypatch):
    """A failure past the checks (a full disk) still leaves nothing: not the PDF without its JSON."""
    from typer.testing import CliRunner

    from commonforms_cli import report
    from commonforms_cli.cli import app
    from commonforms_cli.errors import OutputFileError

    def disk_full(destination, text):
        raise OutputFileError(f"{destination}: the disk is full")

    monkeypatch.setattr(report, "write_text_atomically", disk_full)
    out = tmp_path / "out.pdf"
    result = CliRunner().invoke(app, ["prepare", str(flat_pdf), str(out), "--model", str(form_model),
                                      "--json", str(tmp_path / "fields.json")])
    assert result.exit_code == ExitCode.output_file
    assert "fields.json: the disk is full" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["flat.pdf", "form-model.onnx"]


def test_detect_prints_the_fields_as_a_table_on_stdout(flat_pdf, form_model):
    """`detect x.pdf > fields.txt` keeps the fields: page, kind, name, score, /Rect and label, one a line."""
    from commonforms_cli import detect_fields

    result = run("detect", flat_pdf, "--model", form_model)
    assert (result.returncode, result.stderr) == (0, "")
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["page", "kind", "name", "score", "rect", "(pt)", "label"]
    expected = detect_fields(flat_pdf, model=form_model).fields
    assert [row.split()[:4] for row in rows] == [["1", r.kind, r.name, f"{r.score:.2f}"] for r in expected]
    assert [[float(v) for v in row.split()[4:8]] for row in rows] == [[round(v, 1) for v in r.rect] for r in expected]
    assert [" ".join(row.split()[8:]) for row in rows] == [r.label for r in expected] == ["Name", "", ""]


def test_a_pdf_that_has_fields_says_why_nothing_was_added(tmp_path, flat_pdf, form_model):
    once, twice = tmp_path / "once.pdf", tmp_path / "twice.pdf"
    assert run("prepare", flat_pdf, once, "--model", form_model).returncode == ExitCode.ok
    result = run("prepare", once, twice, "--model", form_model)
    assert result.returncode == ExitCode.ok, result.stderr
    assert result.stderr == (f"{twice}: nothing added: the PDF already has 3 fields; detections that overlap them "
                             "are not added (--replace-existing removes them first)\n")
    detected = run("detect", once, "--model", form_model)
    assert detected.stdout.splitlines()[1:] == []  # the table's header only
    assert "note: " in detected.stderr and "already has 3 fields" in detected.stderr
    replaced = run("prepare", once, tmp_path / "thrice.pdf", "--model", form_model, "--replace-existing")
    assert replaced.stderr.endswith(": 3 fields written (1 text, 1 choice, 1 signature) on 1 page(s)\n")
