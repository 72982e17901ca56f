"""The command line: argument parsing and printing only; the work is in the API."""

from __future__ import annotations

import functools
import inspect
import sys
import tempfile
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, List, Optional

import typer
from rich.console import Console

from .. import __version__
from ..dataset.splits import SplitPlan, manifest_plan
from ..errors import BadArgumentsError, CommonFormsError, ExitCode, OutputFileError
from ..options import Options, parse_thresholds
from ..output_files import check_output_file, check_output_folder, same_path

# Plain click help (rich_markup_mode=None): at 80 columns rich's option table cut its texts with "…".
app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Turn flat PDF forms into fillable ones: detect where a person would type, tick or sign, "
    "and write real AcroForm fields there.",
)
dataset_app = typer.Typer(rich_markup_mode=None, no_args_is_help=True,
                          help="Build detector training data (for fine-tuning on your own forms).")
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


# --- options shared by commands, each declared once ----------------------------------------------
@dataclass(frozen=True)
class OptionSet:
    """Command-line options that several commands share, declared once (as OCRmyPDF builds its
    options from one declaration).

    A command names the set as one parameter (``options: Options = DETECTION``); ``@shared_options``
    puts the set's options in its place, in the order declared here, and hands the command what
    ``build`` makes of their values. ``eager`` sets are built first (-v, -q: before any error).
    """

    build: Callable[..., Any]
    options: tuple[tuple[str, Any, Any], ...]  # (parameter name, type, typer.Option(...))
    eager: bool = False

    @classmethod
    def of(cls, build: Callable[..., Any], eager: bool = False, **options: tuple[Any, Any]) -> "OptionSet":
        return cls(build, tuple((name, kind, option) for name, (kind, option) in options.items()), eager)

    def __getitem__(self, name: str):
        """One option's declaration, for a command that takes it alone."""
        return next(option for own, _, option in self.options if own == name)


def shared_options(command: Callable) -> Callable:
    """``command`` with each ``OptionSet`` parameter spelled out as the set's options, run as every
    command runs (``_run``: one line and an exit code on failure) with the sets built."""
    signature = inspect.signature(command)
    sets = {p.name: p.default for p in signature.parameters.values() if isinstance(p.default, OptionSet)}
    parameters = []
    for parameter in signature.parameters.values():
        if parameter.name not in sets:
            parameters.append(parameter)
            continue
        parameters += [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=option, annotation=kind)
                       for name, kind, option in sets[parameter.name].options]
    order = sorted(sets, key=lambda name: not sets[name].eager)

    @functools.wraps(command)
    def run(**values):
        raw = {name: {own: values.pop(own) for own, _, _ in option_set.options} for name, option_set in sets.items()}

        def work():
            for name in order:
                values[name] = sets[name].build(**raw[name])
            command(**values)

        _run(work)

    run.__signature__ = signature.replace(parameters=parameters)
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run


def _options(threshold=None, **values) -> Options:
    """Options from the command line's values, named as in ``Options``."""
    return Options().with_changes(thresholds=parse_thresholds(threshold), **values)


def _verbosity(verbose: bool, quiet: bool) -> None:
    """-v and -q work after the command too (``commonforms prepare -q ...``)."""
    _State.verbose = _State.verbose or verbose
    _State.quiet = _State.quiet or quiet


# What detect, prepare and preview (and in part eval) take: an ``Options``.
def _switch(default: bool, flag: str, help: str) -> tuple:
    """An on/off option ``--flag/--no-flag`` of OptionSet.of."""
    return bool, typer.Option(default, f"--{flag}/--no-{flag}", help=help)


DETECTION = OptionSet.of(
    _options,
    model=(Optional[Path], typer.Option(
        None, "--model", "-m", metavar="FILE", dir_okay=False,
        help="ONNX detector (ultralytics layout; FFDNet exports work). Default: the bundled model.")),
    threshold=(Optional[str], typer.Option(
        None, "--threshold", "-t", metavar="SCORES", help="Minimum score: one number for every class, or per class "
        "like text=0.3,choice=0.25,signature=0.5.")),
    password=(Optional[str], typer.Option(None, "--password", metavar="PASSWORD", help="Password of an encrypted "
                                          "PDF.")),
    signature_as_text=(bool, typer.Option(False, "--signature-as-text", help="Write signature fields as text "
                                          "fields.")),
    replace_existing=(bool, typer.Option(False, "--replace-existing", help="Remove the PDF's existing fields first "
                                         "(default: keep them and add only fields that do not overlap them).")),
    device=(str, typer.Option("cpu", "--device", metavar="cpu|cuda", help="Where the model runs (cuda needs "
                              "onnxruntime-gpu).")),
    threads=(Optional[int], typer.Option(None, "--threads", metavar="N", help="onnxruntime threads per process "
                                         "(default: all cores, shared out between --jobs processes).")),
    second_pass=_switch(True, "second-pass", "Detect again on the page at 0.84 of the model's size and fuse "
                                             "the two (a model of dynamic input size only); --no-second-pass: "
                                             "a third less model time, held-out text F1 1 point lower."),
    snap=_switch(True, "snap", "Move detected edges onto the lines drawn on the page, and text boxes off the "
                               "labels they overlap."),
    names=_switch(True, "names", "Name fields (and set tooltips) from the labels beside them; --no-names: "
                                 "<kind>_<page>_<n>."),
    ocr=_switch(True, "ocr", "Read the words of scanned pages (no text layer) by OCR, to name their fields; "
                             "needs the ocr extra (pip install 'commonforms[ocr]')."),
    groups=_switch(True, "groups", "Make check boxes that exclude each other radio groups."),
    signature_lines=_switch(True, "signature-lines", "Add a signature field on each line the page captions as "
                                                     "a signature that no detected field covers, and in the "
                                                     "blank under a signature caption printed without a line."),
    drawn_check_boxes=_switch(True, "drawn-check-boxes", "Keep check boxes the detector scored under the "
                                                         "threshold where the page draws their square."),
    drawn_text_fields=_switch(True, "drawn-text-fields", "Keep text fields the detector scored under the "
                                                         "threshold where the page draws their rule or cell."),
    table_rows=_switch(True, "table-rows", "Split a text field that spans the ruled rows of a table into one "
                                           "field per row."),
    table_cells=_switch(True, "table-cells", "Add text fields in the empty cells of a table where other cells "
                                             "of the same size in the row or column hold one."),
    grid_cells=_switch(True, "grid-cells", "Add text fields in the empty cells of a drawn table under a row of "
                                           "column headers (two at least)."),
    labelled_lines=_switch(True, "labelled-lines", "Add a text field on each drawn line that starts right "
                                                   "after a label, with room above it, that no detected field "
                                                   "covers."),
    typed_check_boxes=_switch(True, "typed-check-boxes", "Add a check box on each empty square typed as text "
                                                         "(\"□ Yes\") that no detected field covers."),
    caption_parts=_switch(True, "caption-parts", "Split a text field that holds several captions ending in a "
                                                 "colon (\"First: ___ Last: ___\") into a field after each."),
    captions_under=_switch(False, "captions-under", "Split a text field along a line with several captions "
                                                    "printed under it (\"(City)  (State)  (Zip)\") into one "
                                                    "field per caption."),
    cell_stacks=_switch(True, "cell-stacks", "Make text fields stacked in one tall empty drawn cell (a calendar's "
                                             "day) one multiline field filling the cell."),
    headed_parts=_switch(True, "headed-parts", "Split a column of text fields under several column headers "
                                               "(\"Name  Signature\" over one ruled cell per row) into one "
                                               "field per header."),
    formats=_switch(False, "formats", "Give text fields labelled as dates or amounts a date or number format "
                                      "(JavaScript actions, as Acrobat writes them; PDF/A forbids them, hence "
                                      "off by default)."),
)

# -v and -q after the command name, as before it.
VERBOSITY = OptionSet.of(
    _verbosity,
    eager=True,
    verbose=(bool, typer.Option(False, "--verbose", "-v", help="Show tracebacks and a line per file.")),
    quiet=(bool, typer.Option(False, "--quiet", "-q", help="Print errors only.")),
)

# What eval and dataset build count as signatures besides Signature widgets (``SignatureTruth``).
SIGNATURE_TRUTH = OptionSet.of(
    dict,
    signatures_by_name=(bool, typer.Option(
        False, "--signatures-by-name",
        help="Count text widgets named as signatures (\"ApplicantSignature\") as signature fields.")),
    signatures_by_caption=(bool, typer.Option(
        False, "--signatures-by-caption",
        help="Count text widgets the page labels as signatures (\"Signature of applicant\"), wide enough to sign "
        "in, as signature fields: the rule prepare applies to detected text boxes.")),
    signatures_on_lines=(bool, typer.Option(
        False, "--signatures-on-lines",
        help="Count ruled lines the page captions as signatures, with room to sign and no widget, as signature "
        "fields (most forms leave the line a person signs on without a field).")),
)


def _split_plan(groups: Optional[Path], val_fraction: float, heldout_repos: Optional[Path], val_by_source: bool
                ) -> SplitPlan:
    """The split options, checked where the plan is made (``manifest_plan``)."""
    try:
        return manifest_plan(groups, heldout_repos, val_fraction, val_by_source)
    except (OSError, ValueError) as exc:
        raise BadArgumentsError(str(exc)) from exc


# How dataset build splits the files: train, val and the held-out sources (``SplitPlan``).
SPLIT_PLAN = OptionSet.of(
    _split_plan,
    groups=(Optional[Path], typer.Option(
        None, "--groups", metavar="FILE", help="The manifest, a TSV: file stem (first column), 'group' and 'repo'; "
        "versions of one form share a group and a split.")),
    val_fraction=(float, typer.Option(
        0.15, "--val-fraction", metavar="FRACTION", help="Share of the groups (or files; or sources, with "
        "--val-by-source) that go to the validation split.")),
    heldout_repos=(Optional[Path], typer.Option(
        None, "--heldout-repos", metavar="FILE", dir_okay=False, help="File of repositories (one owner/name a line) "
        "whose files form the 'heldout' split; needs --groups with a 'repo' column.")),
    val_by_source=(bool, typer.Option(
        False, "--val-by-source", help="Draw the validation split by source repository instead of by group, so "
        "that validation measures sources training never saw; needs --groups with a 'repo' column.")),
)

JsonOption = typer.Option(None, "--json", metavar="FILE", help="Write the fields as JSON to this file ('-' for "
                          "stdout).")
JobsOption = typer.Option(0, "--jobs", "-j", metavar="N", show_default=False, help="Processes (default: one per "
                          "core).")


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


def _check_json_output(json: str | None, input: str | Path | None = None, output: str | None = None) -> None:
    """--json FILE is checked with the other outputs, before any work."""
    if not json or json == "-":
        return
    check_output_file(json, None if str(input) == "-" else input)
    if output not in (None, "-") and same_path(json, output):
        raise BadArgumentsError(f"{json}: --json and OUTPUT are the same file")


def _source(name: str | Path):
    """A PDF argument: '-' is stdin, read whole (PDFs are read from the end)."""
    return sys.stdin.buffer.read() if str(name) == "-" else Path(name)


@contextmanager
def _pdf_output(output: str) -> Iterator[Path]:
    """Where to write OUTPUT: the file itself, or for '-' a temporary file that goes to stdout once the
    block has run without error (a failure must not leave half a PDF in a pipe)."""
    if output != "-":
        yield Path(output)
        return
    with tempfile.TemporaryDirectory(prefix="commonforms-") as folder:
        path = Path(folder) / "out.pdf"
        yield path
        pdf = path.read_bytes()
    sys.stdout.buffer.write(pdf)
    sys.stdout.flush()


# --- commands ---------------------------------------------------------------------------------
@app.command(short_help="Write a fillable copy of a PDF, or of many with -o.")
@shared_options
def prepare(
    inputs: List[str] = typer.Argument(..., metavar="INPUTS", hidden=True),
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", "-o", metavar="OUT_DIR", file_okay=False,
                                              help="Write each input's fillable copy here, mirroring the "
                                              "folders below the inputs (made if missing)."),
    jobs: int = typer.Option(0, "--jobs", "-j", metavar="N", show_default=False, help="With -o: files prepared "
                             "at once, each process with its own model (default: one per core)."),
    skip_existing: bool = typer.Option(False, "--skip-existing", help="Leave outputs that already exist alone "
                                       "(resumes an interrupted batch)."),
    fields: Optional[str] = typer.Option(None, "--fields", metavar="FILE", help="Use the fields of this detect JSON "
                                         "(edited or not; '-' for stdin) instead of running the model."),
    options: Options = DETECTION,
    json: Optional[str] = typer.Option(None, "--json", metavar="FILE", help="Write the fields as JSON to this "
                                       "file ('-' for stdout); with -o, the batch report."),
    verbosity: None = VERBOSITY,
) -> None:
    """Write a fillable copy of INPUT to OUTPUT: commonforms prepare INPUT OUTPUT. The input is never
    modified; '-' as INPUT reads stdin, as OUTPUT writes stdout.

    With -o OUT_DIR, INPUTS are PDF files, folders and quoted globs, and each PDF's copy is written
    below OUT_DIR, mirroring the folders below the inputs.
    """
    if output_dir is None:
        _prepare_one(inputs, options, fields, skip_existing, json)
    else:
        _prepare_many(inputs, output_dir, options, fields, jobs, skip_existing, json)


def _prepare_one(inputs: List[str], options: Options, fields, skip_existing: bool, json) -> None:
    if inputs and Path(inputs[0]).is_dir():
        raise BadArgumentsError(f"{inputs[0]}: is a folder; prepare the PDFs in it with -o OUT_DIR")
    if len(inputs) != 2:
        raise BadArgumentsError("give INPUT OUTPUT, or several inputs with -o OUT_DIR")
    input, output = inputs
    if output == "-" and json == "-":
        raise BadArgumentsError("OUTPUT and --json cannot both be '-' (stdout)")
    if input == "-" and fields == "-":
        raise BadArgumentsError("INPUT and --fields cannot both be '-' (stdin)")
    if output != "-":
        check_output_file(output, None if input == "-" else input)
    _check_json_output(json, input, output)
    if skip_existing and output != "-" and Path(output).exists():
        if not _State.quiet:
            stderr.print(f"{output}: exists, skipped (--skip-existing)", markup=False)
        return
    from ..pipeline import prepare_form
    from .progress import fields_written, page_bar

    source = _source(input)
    with _pdf_output(output) as path:
        with page_bar(stderr, stderr.is_terminal and not _State.quiet) as on_page:
            report = prepare_form(source, path, options, fields=fields, on_page=on_page)
        report.output = output
        if json:  # before the PDF goes to stdout: a JSON that fails takes its PDF with it
            try:
                report.write_json(json)
            except OutputFileError:
                path.unlink(missing_ok=True)  # the PDF without its JSON is half the result asked for
                raise
    if not _State.quiet:
        _print_warnings(report.warnings)
        stderr.print(f"{'<stdout>' if output == '-' else output}: {fields_written(report)}", markup=False)


def _print_warnings(warnings: list[str]) -> None:
    for warning in warnings:
        stderr.print(f"commonforms: warning: {warning}", markup=False)


def _prepare_many(inputs: List[str], output_dir: Path, options: Options, fields, jobs: int, skip_existing: bool,
                  json) -> None:
    from ..batch import Batch
    from ..batch.jobs import plan_jobs
    from .progress import batch_events, summary_table

    if fields is not None:
        raise BadArgumentsError("--fields goes with one INPUT OUTPUT, not with -o")
    _check_json_output(json)
    batch = Batch(plan_jobs(inputs, output_dir), options, workers=jobs, skip_existing=skip_existing)
    try:
        with batch_events(stderr, quiet=_State.quiet, verbose=_State.verbose) as events:
            report = batch.run(events)
    finally:  # also after Ctrl-C: the files done so far, for the record and --skip-existing
        if json:
            batch.report().write_json(json)
    if not _State.quiet:
        stderr.print(summary_table(report))
    if report.exit_code:
        raise typer.Exit(int(report.exit_code))


@app.command(short_help="The fields prepare would write, as a table or JSON.")
@shared_options
def detect(
    input: Path = typer.Argument(..., metavar="INPUT", hidden=True, dir_okay=False),
    json: Optional[str] = JsonOption,
    options: Options = DETECTION,
    verbosity: None = VERBOSITY,
) -> None:
    """Detect the fields of INPUT ('-': stdin) without writing a PDF: a table on stdout, or the JSON
    that prepare --json writes (edit it and give it back to prepare --fields)."""
    from ..pipeline import detect_fields

    _check_json_output(json, input)
    report = detect_fields(_source(input), options)
    if json:
        report.write_json(json)
    if not _State.quiet and json != "-":
        from .fields_table import fields_table

        typer.echo(fields_table(report))
    if not _State.quiet:
        _print_warnings(report.warnings)
    if not _State.quiet and report.existing_fields:
        from .progress import existing_fields_note

        stderr.print(f"commonforms: note: {input}: {existing_fields_note(report)}", markup=False)


@app.command(short_help="Pictures of the pages with those fields drawn on them.")
@shared_options
def preview(
    input: Path = typer.Argument(..., metavar="INPUT", hidden=True, dir_okay=False),
    output_dir: Path = typer.Option(..., "--output-dir", "-o", metavar="DIR", file_okay=False,
                                    help="Folder for the PNGs, one per page (made if missing)."),
    fields: Optional[str] = typer.Option(None, "--fields", metavar="FILE", help="Draw the fields of this detect "
                                         "JSON (edited or not; '-' for stdin) instead of detecting."),
    size: int = typer.Option(1600, "--size", metavar="PX", min=200, max=10000,
                             help="Longer side of each picture, in pixels."),
    options: Options = DETECTION,
    verbosity: None = VERBOSITY,
) -> None:
    """Draw the fields prepare would write on pictures of the pages of INPUT ('-': stdin), one PNG
    a page, to look at before trusting them."""
    from ..preview import preview_form

    if str(input) == "-" and fields == "-":
        raise BadArgumentsError("INPUT and --fields cannot both be '-' (stdin)")
    for path in preview_form(_source(input), output_dir, options, fields=fields, size=size):
        if not _State.quiet:
            typer.echo(path)


@app.command("eval", short_help="Measure the detector on fillable PDFs.")
@shared_options
def evaluate(
    inputs: List[Path] = typer.Argument(..., metavar="INPUTS", hidden=True),
    model: Optional[Path] = DETECTION["model"],
    threshold: Optional[str] = DETECTION["threshold"],
    json: Optional[str] = typer.Option(None, "--json", metavar="FILE", help="Write the figures as JSON ('-' for "
                                       "stdout)."),
    threads: Optional[int] = DETECTION["threads"],
    second_pass: bool = DETECTION["second_pass"],
    signatures: dict = SIGNATURE_TRUTH,
    rendering: str = typer.Option("plain", "--rendering", metavar="plain|scan|filled", help="How the detector sees "
                                  "each page: plain (as rendered), scan (a 150-dpi grey scan of it) or filled (with "
                                  "answers written in)."),
) -> None:
    """Measure the detector on INPUTS, fillable PDFs or folders of them, whose widgets are the
    truth: AP50, AP50-95 per class, F1 at the thresholds, on the widgets the flat page shows a cue
    for (cued) and on every visible widget (visible)."""
    from ..evaluate import evaluate_pdfs, write_result

    options = _options(threshold, model=model, threads=threads, second_pass=second_pass)
    _check_json_output(json)
    report = evaluate_pdfs(inputs, options, **signatures, rendering=rendering)
    if json:
        write_result(report, json)
    if json != "-":
        from ..dataset.metrics import format_table

        for truth, result in (("cued", report.cued), ("visible", report.visible)):
            typer.echo(f"{truth} widgets, {report.rendering} pages ({result.pages}):")
            typer.echo(format_table(result))
        best = ", ".join(f"{c.value}={t:.2f}" for c, t in report.cued.f1_optimal_thresholds.items())
        typer.echo(f"F1-optimal thresholds at IoU 0.5, cued (to tune --threshold): {best or '-'}")


@dataset_app.command("build", short_help="Fillable PDFs -> YOLO/COCO training data.")
@shared_options
def dataset_build(
    source: Path = typer.Argument(..., metavar="SOURCE", hidden=True, file_okay=False),
    out: Path = typer.Argument(..., metavar="OUT", hidden=True),
    plan: SplitPlan = SPLIT_PLAN,
    imgsz: int = typer.Option(1216, "--imgsz", metavar="PX", help="Longer side of the rendered pages, in pixels."),
    image_format: str = typer.Option("png", "--image-format", metavar="png|webp", help="Image format (both "
                                     "lossless)."),
    jobs: int = JobsOption,
    signatures: dict = SIGNATURE_TRUTH,
) -> None:
    """Render the fillable PDFs below the folder SOURCE with their widgets hidden; the widgets
    become labels. OUT gets the YOLO layout, a COCO json and stats.json."""
    import json as json_module

    from ..dataset.build import IMAGE_FORMATS, build_dataset

    if image_format not in IMAGE_FORMATS:
        raise BadArgumentsError(f"--image-format must be one of {', '.join(IMAGE_FORMATS)}")
    if not source.is_dir():
        raise BadArgumentsError(f"{source}: not a folder")
    files = sorted(p for p in source.rglob("*") if p.suffix.lower() == ".pdf")
    stats = build_dataset(files, out, imgsz, plan, jobs, image_format, **signatures)
    typer.echo(json_module.dumps(stats, indent=2))


@dataset_app.command("synth", short_help="Synthetic form pages with exactly known fields.")
@shared_options
def dataset_synth(
    out: Path = typer.Argument(..., metavar="OUT", hidden=True),
    pages: int = typer.Option(1000, "--pages", "-n", metavar="N", help="Pages to draw."),
    seed: int = typer.Option(0, "--seed", metavar="N", help="Random seed: the same seed draws the same pages."),
    imgsz: int = typer.Option(1216, "--imgsz", metavar="PX", help="Longer side of the rendered pages, in pixels."),
    jobs: int = JobsOption,
) -> None:
    """Draw synthetic form pages whose fields are known exactly into the folder OUT (YOLO layout,
    train split)."""
    from ..dataset.synth import build_synthetic

    typer.echo(build_synthetic(out, pages, seed=seed, imgsz=imgsz, jobs=jobs))


# --- fill -------------------------------------------------------------------------------------
@app.command(short_help="Fill a form's fields from JSON, or one copy per CSV row.")
@shared_options
def fill(
    input: str = typer.Argument(..., metavar="INPUT", hidden=True),
    data: Optional[str] = typer.Argument(None, metavar="DATA", hidden=True),
    output: Optional[str] = typer.Argument(None, metavar="OUTPUT", hidden=True),
    csv: Optional[str] = typer.Option(None, "--csv", metavar="ROWS", help="A CSV table instead of DATA: its header "
                                      "names fields, each row makes one filled copy in -o ('-' for stdin)."),
    output_dir: Optional[Path] = typer.Option(None, "--output-dir", "-o", metavar="OUT_DIR", file_okay=False,
                                              help="With --csv: the folder for the copies (made if missing)."),
    name_column: Optional[str] = typer.Option(None, "--name-column", metavar="COLUMN", help="With --csv: name each "
                                              "copy from this column (default: INPUT's name and the row number)."),
    ignore_unknown: bool = typer.Option(False, "--ignore-unknown", help="Skip keys that match no field (default: "
                                        "list them and fail)."),
    flatten: bool = typer.Option(False, "--flatten", help="Bake the values into the pages: no fields are left."),
    password: Optional[str] = DETECTION["password"],
    verbosity: None = VERBOSITY,
) -> None:
    """Fill the fields of INPUT, a fillable PDF, from DATA, a JSON object of field names (or labels)
    and values, and write OUTPUT: commonforms fill INPUT DATA OUTPUT. The input is never modified;
    '-' as INPUT or DATA reads stdin, as OUTPUT writes stdout.

    With --csv ROWS -o OUT_DIR, each row of the table makes one filled copy in OUT_DIR. Check boxes
    and radio buttons take their export value or true/false (yes/no, on/off, x).
    """
    from ..fill import fill_csv, fill_form

    options = dict(password=password, ignore_unknown=ignore_unknown, flatten=flatten)
    if csv is None and output_dir is None and name_column is None:
        if data is None or output is None:
            raise BadArgumentsError("give INPUT DATA OUTPUT, or INPUT --csv ROWS -o OUT_DIR")
        if [input, data].count("-") > 1:
            raise BadArgumentsError("INPUT and DATA cannot both be '-' (stdin)")
        if output != "-":
            check_output_file(output, None if input == "-" else input)
        with _pdf_output(output) as path:
            report = fill_form(_source(input), data, path, **options)
        report.output = output
        _print_filled([report])
    else:
        if data is not None or csv is None or output_dir is None:
            raise BadArgumentsError("--csv ROWS and -o OUT_DIR go together, without DATA and OUTPUT")
        if [input, csv].count("-") > 1:
            raise BadArgumentsError("INPUT and --csv cannot both be '-' (stdin)")
        check_output_folder(output_dir)
        _print_filled(fill_csv(_source(input), csv, output_dir, name_column=name_column, **options))


def _print_filled(reports) -> None:
    if _State.quiet:
        return
    for report in reports:
        _print_warnings(report.warnings)
        if report.ignored:
            stderr.print(f"commonforms: warning: ignored keys that match no field: "
                         f"{', '.join(map(repr, report.ignored))}", markup=False)
        flattened = ", flattened" if report.flattened else ""
        count = len(report.filled)
        stderr.print(f"{'<stdout>' if report.output == '-' else report.output}: {count} field{'s' * (count != 1)} "
                     f"filled{flattened}", markup=False)


def main() -> None:
    app(prog_name="commonforms")
