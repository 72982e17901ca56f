"""Every field kind, on every page orientation, works in 13 viewer engines; so do filled forms and prepare's
default output; formats (opt-in) in all but PDF/A-1's PDFBox Preflight.

Runs ../shared/tools/viewer-check/check_form.py --require-all on outputs made
here. The engines are system packages, so this runs only where they are
installed: .ci/run installs them (when ../shared is present) and sets
VIEWER_CHECK_ENV to the install folder. Elsewhere the tests skip.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

from commonforms_cli import fill_form
from commonforms_cli.fields import Field, FieldKind
from commonforms_cli.pipeline import prepare_form
from commonforms_cli.pdf.form_writer import write_fields
from commonforms_cli.pdf.save import save_pdf
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


def _form_with_every_kind(path: Path, rotation, mediabox, cropbox, fields=EVERY_KIND) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=800)
    page.insert_text((60, 50), f"Every kind, /Rotate {rotation}", fontsize=12)
    if mediabox:
        doc.xref_set_key(page.xref, "MediaBox", "[%g %g %g %g]" % mediabox)
    if cropbox:
        doc.xref_set_key(page.xref, "CropBox", "[%g %g %g %g]" % cropbox)
    doc.xref_set_key(page.xref, "Rotate", str(rotation))
    write_fields(doc, fields)
    save_pdf(doc, path)
    return path


def _check(pdf: Path, *options: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "VIEWER_CHECK_NODE_MODULES": str(ENV / "js" / "node_modules")}
    return subprocess.run(
        [str(ENV / "venv" / "bin" / "python"), str(CHECK_FORM), str(pdf), "--require-all", *options],
        capture_output=True, text=True, env=env, timeout=600,
    )


def _check_keeping_renders(pdf: Path) -> dict:
    """check_form's JSON summary; its renders stay in the summary's workdir, beside ``pdf``."""
    result = _check(pdf, "--json", "--keep", str(pdf.with_suffix(".renders")))
    return json.loads(result.stdout)


def _failing(summary: dict) -> dict[str, list[str]]:
    """Engines that failed, with what they said; and the lint errors under "lint"."""
    failing = {e["engine"]: e["errors"] + e["field_problems"] + e["pixels"]
               for e in summary["engines"] if e["status"] != "ok"}
    errors = [message for severity, message in summary["lint"] if severity == "E"]
    return {**failing, **({"lint": errors} if errors else {})}


# Each engine's render of a PDF as it is (before check_form fills anything), and pdf.js's print render
# (of its filled state, which keeps the fields check_form leaves alone).
RENDERS = {"pdftoppm": "pdftoppm_empty", "gs": "gs_empty", "chromium": "chromium_empty", "mupdf": "mupdf_empty",
           "pdfium": "pdfium_empty", "pdfjs": "pdfjs_empty", "pdfjs-print": "pdfjs_print", "poppler": "poppler_empty",
           "pdfbox": "pdfbox_empty"}


MIN_CHANGED_PIXELS = 40  # at 144 dpi (Chromium's screenshots: about half): a few characters, or a mark


def _check_form_module():
    spec = importlib.util.spec_from_file_location("check_form", CHECK_FORM)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _unseen_values(empty: dict, filled: dict, targets: dict[str, str | None]) -> dict[str, list[str]]:
    """Per rendering engine, the filled fields whose values it does not show.

    ``targets``: field name -> the on-state of the widget that shows its value
    (None: a text field's widget). A value shows where, against the same
    engine's render of the form before filling, enough pixels changed.
    """
    check_form = _check_form_module()
    reference = check_form.reference(filled["pdf"])
    widgets = {w["name"]: w for w in reference["widgets"]
               if w["name"] in targets and targets[w["name"]] in (None, *w["on_states"])}
    assert set(widgets) == set(targets)
    plan = json.loads(Path(filled["workdir"], "plan.json").read_text())
    filled_by_check_form = {target["label"].split("[")[0] for target in plan["targets"]}
    unseen = {}
    for engine, stem in RENDERS.items():
        missing = []
        for name, widget in widgets.items():
            if engine == "pdfjs-print" and name in filled_by_check_form:
                continue  # its print render is of check_form's own values
            before, after = (Image.open(Path(s["workdir"], f"{stem}_{widget['page']}.png")) for s in (empty, filled))
            mapper = check_form.chromium_mapper if engine == "chromium" else check_form.scaled_mapper
            box = mapper(widget["rect"], reference["pages"][widget["page"]], after)
            if check_form.changed_pixels(before, after, box, 2)[0] < MIN_CHANGED_PIXELS:
                missing.append(name)
        if missing:
            unseen[engine] = missing
    return unseen


def test_every_field_kind_on_every_page_setup(tmp_path):
    forms = [
        _form_with_every_kind(tmp_path / f"kinds-{i}.pdf", *setup) for i, setup in enumerate(PAGE_SETUPS)
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_check, forms))
    failures = [f"{pdf.name}:\n{r.stdout[-3000:]}{r.stderr[-1000:]}" for pdf, r in zip(forms, results) if r.returncode]
    assert not failures, "\n\n".join(failures)


def test_the_readme_example_output(tmp_path):
    """prepare's default output of the README's example passes all 13 engines, PDFBox Preflight's PDF/A-1
    rules included: formats are opt-in (see test_the_readme_example_output_with_formats)."""
    out = tmp_path / "flat-form-fillable.pdf"
    prepare_form(REPO / "examples" / "flat-form.pdf", out)
    summary = _check_keeping_renders(out)
    assert len(summary["engines"]) == 13 and _failing(summary) == {}, _failing(summary)


def test_the_readme_example_output_with_formats(tmp_path):
    """With --formats (its date field gets one), only PDF/A-1's rules object: see test_formats_break_no_viewer."""
    out = tmp_path / "flat-form-fillable.pdf"
    report = prepare_form(REPO / "examples" / "flat-form.pdf", out, formats=True)
    assert [item.format for item in report.fields if item.format] == ["date:mm/dd/yyyy"]
    summary = _check_keeping_renders(out)
    assert len(summary["engines"]) == 13
    assert_only_pdfa_objects_to_formats(summary)


# --- filled forms -------------------------------------------------------------------------------
FILLED_TOO = [
    Field(0, FieldKind.text, (0.5, 0.34, 0.9, 0.38), "city", label="City", font_size=10),
    Field(0, FieldKind.text, (0.5, 0.40, 0.7, 0.42), "code", label="Code"),  # auto size
    Field(0, FieldKind.checkbox, (0.5, 0.44, 0.54, 0.47), "newsletter", export_value="Yes"),
    Field(0, FieldKind.radio, (0.5, 0.52, 0.54, 0.55), "colour", group="colour", export_value="Red"),
    Field(0, FieldKind.radio, (0.6, 0.52, 0.64, 0.55), "colour", group="colour", export_value="Green"),
]
# check_form fills the first text, multiline, check box and radio group itself: fill gives those values
# that differ from its own, so that its change still shows, and fills the others, which check_form leaves alone.
FILL_VALUES = {"name": "Ada Lovelace", "comments": "Some\ncomment", "zip": "12345", "city": "Springfield",
               "code": "A long value in an auto-size box", "newsletter": True, "colour": "Green"}
SHOWN = {"zip": None, "city": None, "code": None, "newsletter": "Yes", "colour": "Green"}


@pytest.mark.parametrize("setup", [PAGE_SETUPS[0], PAGE_SETUPS[5]], ids=["upright", "rotated-offset"])
def test_filled_forms_work_and_show_their_values_in_every_engine(setup, tmp_path):
    form = _form_with_every_kind(tmp_path / "form.pdf", *setup, fields=EVERY_KIND + FILLED_TOO)
    filled = tmp_path / "filled.pdf"
    fill_form(form, FILL_VALUES, filled)
    with ThreadPoolExecutor(max_workers=2) as pool:
        before, after = pool.map(_check_keeping_renders, [form, filled])
    assert _failing(after) == {}
    assert _unseen_values(before, after, SHOWN) == {}


# --- formats ------------------------------------------------------------------------------------
FORMATTED = [
    Field(0, FieldKind.text, (0.1, 0.08, 0.4, 0.12), "birth", label="Date of birth", font_size=10,
          format="date:mm/dd/yyyy"),
    Field(0, FieldKind.text, (0.5, 0.08, 0.8, 0.12), "amount", label="Amount", font_size=10, format="number:$1,234.56"),
    *EVERY_KIND[1:],
]


def assert_only_pdfa_objects_to_formats(summary: dict) -> None:
    """Every engine passes but PDFBox Preflight, whose PDF/A-1 rules forbid actions (/AA) on widgets (5.2.5)."""
    failing = _failing(summary)
    assert set(failing) == {"preflight"}, failing
    assert all("5.2.5" in message for message in failing["preflight"]), failing


def test_formats_break_no_viewer(tmp_path):
    """The date field is check_form's first text field: every engine takes its "Alice Example" there as
    anywhere else (none of them runs the keystroke script), lists and renders the formatted fields, and
    shows what fill wrote, formatted. Only PDF/A-1's rules object, hence formats are opt-in (--formats)."""
    form = _form_with_every_kind(tmp_path / "form.pdf", 0, None, None, fields=FORMATTED)
    filled = tmp_path / "filled.pdf"
    fill_form(form, {"birth": "1990-05-17", "amount": 1234.5}, filled)
    with ThreadPoolExecutor(max_workers=2) as pool:
        before, after = pool.map(_check_keeping_renders, [form, filled])
    for summary in (before, after):
        assert_only_pdfa_objects_to_formats(summary)
    assert _unseen_values(before, after, {"birth": None, "amount": None}) == {}
