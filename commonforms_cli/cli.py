"""The command line: argument parsing and printing only; the work is in the API."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import CommonFormsError, ExitCode
from .options import Options, parse_thresholds

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Turn flat PDF forms into fillable ones: detect where a person would type, tick or sign, "
    "and write real AcroForm fields there.",
)
dataset_app = typer.Typer(no_args_is_help=True, help="Build detector training data (for fine-tuning on your own forms).")
app.add_typer(dataset_app, name="dataset")

stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class _State:
    verbose = False
    quiet = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"commonforms {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show tracebacks and more detail."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    _State.verbose, _State.quiet = verbose, quiet


# --- shared options ---------------------------------------------------------------------------
ModelOption = typer.Option(None, "--model", "-m", help="ONNX detector (ultralytics layout; FFDNet exports work). "
                           "Default: the bundled model.", dir_okay=False)
ThresholdOption = typer.Option(None, "--threshold", "-t", help="Minimum score: one number for every class, or "
                               "per class like text=0.3,choice=0.25,signature=0.5.")
PasswordOption = typer.Option(None, "--password", help="Password of an encrypted PDF.")
SignatureAsTextOption = typer.Option(False, "--signature-as-text", help="Write signature fields as text fields.")
ReplaceOption = typer.Option(False, "--replace-existing", help="Remove the PDF's existing fields first "
                             "(default: keep them and add only fields that do not overlap them).")
DeviceOption = typer.Option("cpu", "--device", help="cpu, or cuda (needs onnxruntime-gpu).")
ThreadsOption = typer.Option(None, "--threads", help="onnxruntime threads per process (default: all cores).")
JsonOption = typer.Option(None, "--json", help="Write the fields as JSON to this file ('-' for stdout).")


def _options(model, threshold, password, signature_as_text, replace_existing, device, threads) -> Options:
    return Options().with_changes(
        model=model,
        thresholds=parse_thresholds(threshold),
        password=password,
        signature_as_text=signature_as_text,
        replace_existing=replace_existing,
        device=device,
        threads=threads,
    )


def _run(work) -> None:
    """Run a command: one clear line and a distinct exit code on failure, never a traceback
    unless --verbose."""
    try:
        work()
    except CommonFormsError as exc:
        if _State.verbose:
            traceback.print_exc()
        stderr.print(f"commonforms: error: {exc.message}", markup=False)
        raise typer.Exit(int(exc.exit_code))
    except KeyboardInterrupt:
        stderr.print("commonforms: interrupted", markup=False)
        raise typer.Exit(int(ExitCode.interrupted))
    except (typer.Exit, typer.Abort):
        raise
    except Exception as exc:  # a bug, or a library failing in a way we did not foresee
        if _State.verbose:
            traceback.print_exc()
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        stderr.print(f"commonforms: internal error: {type(exc).__name__}: {detail} (run with -v for details)",
                     markup=False)
        raise typer.Exit(int(ExitCode.other))


def _summary_table(report) -> Table:
    table = Table(title=None, box=None, pad_edge=False)
    for column in ("page", "text", "choice", "signature"):
        table.add_column(column, justify="right")
    for page in report.pages:
        counts = {"text": 0, "choice": 0, "signature": 0}
        for record in page.fields:
            counts[record.cls.value] += 1
        table.add_row(str(page.index + 1), *(str(counts[k]) for k in ("text", "choice", "signature")))
    return table


# --- commands ---------------------------------------------------------------------------------
@app.command()
def prepare(
    input: Path = typer.Argument(..., help="The flat PDF form.", dir_okay=False),
    output: Path = typer.Argument(..., help="Where to write the fillable PDF (not the input).", dir_okay=False),
    model: Optional[Path] = ModelOption,
    threshold: Optional[str] = ThresholdOption,
    password: Optional[str] = PasswordOption,
    signature_as_text: bool = SignatureAsTextOption,
    replace_existing: bool = ReplaceOption,
    device: str = DeviceOption,
    threads: Optional[int] = ThreadsOption,
    json: Optional[str] = JsonOption,
) -> None:
    """Write a fillable copy of INPUT to OUTPUT."""

    def work():
        from .pipeline import prepare_form

        options = _options(model, threshold, password, signature_as_text, replace_existing, device, threads)
        report = prepare_form(input, output, options)
        if json:
            report.write_json(json)
        if not _State.quiet:
            counts = report.count_by_class()
            stderr.print(
                f"{output}: {sum(counts.values())} fields written "
                f"({counts['text']} text, {counts['choice']} choice, {counts['signature']} signature) "
                f"on {len(report.pages)} page(s)",
                markup=False,
            )

    _run(work)


@app.command()
def detect(
    input: Path = typer.Argument(..., help="The PDF to look at.", dir_okay=False),
    json: Optional[str] = JsonOption,
    model: Optional[Path] = ModelOption,
    threshold: Optional[str] = ThresholdOption,
    password: Optional[str] = PasswordOption,
    signature_as_text: bool = SignatureAsTextOption,
    replace_existing: bool = ReplaceOption,
    device: str = DeviceOption,
    threads: Optional[int] = ThreadsOption,
) -> None:
    """Detect fields without writing a PDF: a table, or the JSON that prepare --json writes."""

    def work():
        from .pipeline import detect_fields

        options = _options(model, threshold, password, signature_as_text, replace_existing, device, threads)
        report = detect_fields(input, options)
        if json:
            report.write_json(json)
        if not _State.quiet and json != "-":
            stderr.print(_summary_table(report))

    _run(work)


@app.command("eval")
def evaluate(
    inputs: List[Path] = typer.Argument(..., help="Fillable PDFs, or folders of them: their widgets are the truth."),
    model: Optional[Path] = ModelOption,
    threshold: Optional[str] = ThresholdOption,
    json: Optional[str] = typer.Option(None, "--json", help="Write the figures as JSON ('-' for stdout)."),
    threads: Optional[int] = ThreadsOption,
) -> None:
    """Measure the detector on fillable PDFs: AP50, AP50-95 per class, F1 at the thresholds."""

    def work():
        from .evaluate import evaluate_pdfs, write_result

        options = Options().with_changes(model=model, thresholds=parse_thresholds(threshold), threads=threads)
        result = evaluate_pdfs(inputs, options)
        if json:
            write_result(result, json)
        if json != "-":
            from .dataset.metrics import format_table

            typer.echo(format_table(result))

    _run(work)


@dataset_app.command("build")
def dataset_build(
    source: Path = typer.Argument(..., help="Folder of fillable PDFs.", file_okay=False),
    out: Path = typer.Argument(..., help="Output folder (YOLO layout, COCO json, stats.json)."),
    groups: Optional[Path] = typer.Option(None, "--groups", help="TSV: file stem (first column) and 'group'; "
                                          "versions of one form share a group and a split."),
    imgsz: int = typer.Option(1216, "--imgsz", help="Longer side of the rendered pages, in pixels."),
    val_fraction: float = typer.Option(0.15, "--val-fraction"),
    image_format: str = typer.Option("png", "--image-format", help="png or webp (lossless)."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Processes (default: cores)."),
) -> None:
    """Render fillable PDFs with their widgets hidden; the widgets become labels."""

    def work():
        import json as json_module

        from .dataset.build import IMAGE_FORMATS, build_dataset, read_groups
        from .errors import BadArgumentsError

        if image_format not in IMAGE_FORMATS:
            raise BadArgumentsError(f"--image-format must be one of {', '.join(IMAGE_FORMATS)}")
        if not source.is_dir():
            raise BadArgumentsError(f"{source}: not a folder")
        files = sorted(p for p in source.rglob("*") if p.suffix.lower() == ".pdf")
        stats = build_dataset(files, out, imgsz, val_fraction, read_groups(groups) if groups else None, jobs,
                              image_format)
        typer.echo(json_module.dumps(stats, indent=2))

    _run(work)


@dataset_app.command("synth")
def dataset_synth(
    out: Path = typer.Argument(..., help="Output folder (YOLO layout, train split)."),
    pages: int = typer.Option(1000, "--pages", "-n"),
    seed: int = typer.Option(0, "--seed"),
    imgsz: int = typer.Option(1216, "--imgsz"),
    jobs: int = typer.Option(0, "--jobs", "-j"),
) -> None:
    """Draw synthetic form pages whose fields are known exactly."""

    def work():
        from .dataset.synth import build_synthetic

        typer.echo(build_synthetic(out, pages, seed=seed, imgsz=imgsz, jobs=jobs))

    _run(work)


def main() -> None:
    app(prog_name="commonforms")
