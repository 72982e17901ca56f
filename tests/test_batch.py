"""prepare over many files: failures isolated and reported, outputs reproducible, re-runs resumable."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pymupdf
import pytest
from rich.console import Console
from typer.testing import CliRunner

from commonforms_cli import detect_fields
from commonforms_cli.batch import CRASHED, Batch, prepare_batch
from commonforms_cli.batch.report import Status
from commonforms_cli.cli import app
from commonforms_cli.errors import BadArgumentsError, ExitCode
from commonforms_cli.batch.jobs import plan_jobs
from commonforms_cli.options import Options
from commonforms_cli.cli.progress import batch_events
from conftest import draw_flat_form, widget_names

CLI = [sys.executable, "-m", "commonforms_cli"]


def run(*args, stdin: bytes | None = None, env=None):
    return subprocess.run([*CLI, *map(str, args)], capture_output=True, input=stdin, timeout=180, env=env)


@pytest.fixture
def forms(tmp_path) -> Path:
    """A folder of flat forms: two at the top, a two-page one in a subfolder."""
    folder = tmp_path / "forms"
    (folder / "sub").mkdir(parents=True)
    draw_flat_form(folder / "a.pdf")
    draw_flat_form(folder / "b.pdf")
    draw_flat_form(folder / "sub" / "c.pdf", pages=2)
    return folder


def add_bad_files(folder: Path) -> None:
    (folder / "broken.pdf").write_text("not a PDF at all\n" * 10)
    with pymupdf.open(folder / "a.pdf") as doc:
        doc.save(folder / "locked.pdf", encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="pw", owner_pw="owner")


def test_a_broken_and_an_encrypted_file_fail_alone(tmp_path, forms, form_model):
    add_bad_files(forms)
    out, report_path = tmp_path / "out", tmp_path / "report.json"
    result = run("prepare", forms, "-o", out, "--model", form_model, "--json", report_path, "--jobs", "2")
    assert result.returncode == ExitCode.batch_failures, result.stderr
    stderr = result.stderr.decode()
    assert "Traceback" not in stderr
    assert f"commonforms: error: {forms / 'broken.pdf'}: not a PDF" in stderr
    assert f"commonforms: error: {forms / 'locked.pdf'}: the PDF is encrypted" in stderr
    assert "2 failed" in stderr  # the summary table
    for name in ("a.pdf", "b.pdf", "sub/c.pdf"):
        assert len(widget_names(out / name)) == 3 * (2 if name.startswith("sub") else 1)
    assert not (out / "broken.pdf").exists() and not (out / "locked.pdf").exists()
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]

    report = json.loads(report_path.read_text())
    assert report["version"] == 1 and report["exit_code"] == ExitCode.batch_failures
    assert report["model"]["name"] == "form-model"
    assert report["summary"] | {"seconds": 0} == {
        "files": 5, "ok": 3, "failed": 2, "skipped": 0, "pages": 4, "seconds": 0,
        "fields": {"text": 4, "multiline": 0, "comb": 0, "checkbox": 4, "radio": 0, "signature": 4},
    }
    by_name = {Path(record["input"]).name: record for record in report["files"]}
    assert [Path(r["input"]).name for r in report["files"]] == ["a.pdf", "b.pdf", "broken.pdf", "locked.pdf", "c.pdf"]
    assert by_name["broken.pdf"]["error"]["code"] == ExitCode.input_file
    assert by_name["broken.pdf"]["error"]["name"] == "input_file"
    assert by_name["locked.pdf"]["error"] | {"message": ""} == {"code": 4, "name": "encrypted", "message": ""}
    assert "--password" in by_name["locked.pdf"]["error"]["message"]
    assert by_name["broken.pdf"]["pages"] == []
    assert by_name["broken.pdf"]["output"] is None and by_name["locked.pdf"]["output"] is None  # nothing written
    ok = by_name["c.pdf"]
    assert (ok["status"], ok["error"], ok["output"]) == ("ok", None, str(out / "sub" / "c.pdf"))
    assert [len(page["fields"]) for page in ok["pages"]] == [3, 3]
    assert ok["pages"] == detect_fields(forms / "sub" / "c.pdf", model=form_model).to_json()["pages"]


def test_jobs_2_writes_the_same_bytes_as_jobs_1(tmp_path, forms, form_model):
    one = prepare_batch([forms], tmp_path / "one", model=form_model, jobs=1)
    two = prepare_batch([forms], tmp_path / "two", model=form_model, jobs=2)
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*.pdf"))
    assert len(files) == 3
    for name in files:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name

    def fields(report):
        return [[record["pages"], record["status"]] for record in report.to_json()["files"]]

    assert fields(one) == fields(two)


def test_skip_existing_resumes_a_batch(tmp_path, forms, form_model):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.pdf").write_bytes(b"done before")  # as if an earlier run had written it
    report = prepare_batch([forms], out, model=form_model, jobs=1, skip_existing=True)
    assert [r.status for r in report.files] == [Status.skipped, Status.ok, Status.ok]
    assert (out / "a.pdf").read_bytes() == b"done before"
    assert report.exit_code == ExitCode.ok
    again = run("prepare", forms, "-o", out, "--model", form_model, "--skip-existing", "-q")
    assert (again.returncode, again.stderr) == (0, b"")  # all skipped: nothing to say


def test_stdin_to_stdout(tmp_path, flat_pdf, form_model):
    result = run("prepare", "-", "-", "--model", form_model, stdin=flat_pdf.read_bytes())
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"%PDF-") and result.stdout.rstrip().endswith(b"%%EOF")
    assert "<stdout>: 3 fields written" in result.stderr.decode()
    written = tmp_path / "from-stdout.pdf"
    written.write_bytes(result.stdout)
    assert len(widget_names(written)) == 3
    by_path = tmp_path / "by-path.pdf"
    assert run("prepare", flat_pdf, by_path, "--model", form_model).returncode == 0
    assert by_path.read_bytes() == result.stdout  # the same PDF whichever way it came in


def test_stdout_failure_writes_no_pdf(tmp_path, form_model):
    result = run("prepare", "-", "-", "--model", form_model, stdin=b"not a pdf" * 20)
    assert result.returncode == ExitCode.input_file
    assert result.stdout == b""
    assert result.stderr.decode().strip().startswith("commonforms: error: <stdin>: not a PDF")


def test_detect_reads_stdin(flat_pdf, form_model):
    result = run("detect", "-", "--model", form_model, "--json", "-", stdin=flat_pdf.read_bytes())
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["input"] == "-"


def test_argument_errors(tmp_path, forms, flat_pdf, form_model):
    for args, words in [
        ((flat_pdf,), "give INPUT OUTPUT"),
        ((flat_pdf, flat_pdf, flat_pdf), "give INPUT OUTPUT"),
        ((forms, tmp_path / "x.pdf"), "-o OUT_DIR"),
        ((flat_pdf, "-", "--json", "-"), "both be '-'"),
        ((forms, "-o", tmp_path / "o", "--fields", tmp_path / "f.json"), "--fields"),
        (("-", "-o", tmp_path / "o"), "stdin"),
        ((tmp_path / "nothing-*.pdf", "-o", tmp_path / "o"), "no file matches"),
        ((forms, "-o", forms / "a.pdf"), "is a file"),
    ]:
        # wide: a usage error is framed by rich, which would wrap a long path mid-message
        result = CliRunner().invoke(app, ["prepare", *map(str, args), "--model", str(form_model)], env={"COLUMNS": "1000"})
        assert result.exit_code == ExitCode.bad_args, (args, result.stderr)
        assert words in result.stderr, (args, result.stderr)


def test_a_bad_model_stops_the_batch_with_its_own_exit_code(tmp_path, forms):
    bad = tmp_path / "bad.onnx"
    bad.write_text("not a model")
    result = run("prepare", forms, "-o", tmp_path / "out", "--model", bad, "-q", "--jobs", "1")
    assert result.returncode == ExitCode.model
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "bad.onnx" in lines[0], lines


def test_a_crashing_worker_fails_only_its_file(tmp_path, forms, form_model, monkeypatch):
    """A worker that dies (as MuPDF can on a hostile PDF) breaks the pool; only the file that
    kills its worker again when run alone is failed."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(textwrap.dedent("""
        import os
        from commonforms_cli import pipeline
        real = pipeline.save_pdf
        def crash_on_poison(doc, output, **kwargs):
            if "poison" in str(output):
                (output.parent / f".{output.name}.dead.tmp").write_bytes(b"%PDF-1.7 half")
                os._exit(139)  # dies mid-save as a segfault would: no exception, no cleanup
            return real(doc, output, **kwargs)
        pipeline.save_pdf = crash_on_poison
    """))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]))
    draw_flat_form(forms / "poison.pdf")
    report = prepare_batch([forms], tmp_path / "out", model=form_model, jobs=2)
    statuses = {Path(r.input).name: (r.status, r.error_code) for r in report.files}
    assert statuses == {
        "a.pdf": (Status.ok, None), "b.pdf": (Status.ok, None), "c.pdf": (Status.ok, None),
        "poison.pdf": (Status.failed, ExitCode.other),
    }
    assert (report.failed[0].error, report.failed[0].output) == (CRASHED, None)
    assert report.exit_code == ExitCode.batch_failures
    assert not list((tmp_path / "out").rglob("*.tmp")) and not (tmp_path / "out" / "poison.pdf").exists()


def test_outputs_mirror_folders_and_globs(tmp_path, forms):
    out = tmp_path / "out"
    jobs = plan_jobs([forms], out)
    assert [(j.input.relative_to(forms), j.output.relative_to(out)) for j in jobs] == [
        (Path("a.pdf"), Path("a.pdf")), (Path("b.pdf"), Path("b.pdf")), (Path("sub/c.pdf"), Path("sub/c.pdf"))
    ]
    globbed = plan_jobs([str(forms / "**" / "c.pdf")], out)
    assert [j.output.relative_to(out) for j in globbed] == [Path("sub/c.pdf")]
    files = plan_jobs([forms / "sub" / "c.pdf", forms / "a.pdf"], out)
    assert [j.output.relative_to(out) for j in files] == [Path("c.pdf"), Path("a.pdf")]
    assert len(plan_jobs([forms, forms / "a.pdf"], out)) == 3  # named twice, prepared once
    nested = forms / "fillable"
    (nested / "old").mkdir(parents=True)
    draw_flat_form(nested / "old" / "x.pdf")
    assert len(plan_jobs([forms], nested)) == 3  # the output folder's own PDFs are not inputs


def test_two_inputs_for_one_output_are_refused(tmp_path, forms):
    other = tmp_path / "other"
    other.mkdir()
    draw_flat_form(other / "a.pdf")
    with pytest.raises(BadArgumentsError, match="would both be written"):
        plan_jobs([forms / "a.pdf", other / "a.pdf"], tmp_path / "out")
    with pytest.raises(BadArgumentsError, match="overwrite"):
        plan_jobs([forms], forms)


def test_negative_jobs_are_refused(tmp_path, forms):
    with pytest.raises(BadArgumentsError, match="--jobs must be 0"):
        prepare_batch([forms], tmp_path / "out", jobs=-1)
    assert not (tmp_path / "out").exists()


def test_plain_log_lines_when_not_a_terminal(tmp_path, forms, form_model):
    result = run("prepare", forms, "-o", tmp_path / "out", "--model", form_model, "--jobs", "1")
    assert result.returncode == 0
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith(f"commonforms: [1/3] {forms / 'a.pdf'} -> ")
    assert "\x1b[" not in result.stderr.decode()  # no colour or cursor codes in a log


def test_progress_bars_on_a_terminal(tmp_path, forms, form_model):
    add_bad_files(forms)
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=120)
    batch = Batch(plan_jobs([forms], tmp_path / "out"), Options(model=form_model), workers=1)
    with batch_events(console, quiet=False, verbose=False) as events:
        batch.run(events)
    text = screen.getvalue()
    assert "files" in text and "pages" in text and "5/5" in text
    assert "commonforms: error:" in text and "broken.pdf" in text
