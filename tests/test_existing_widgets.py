"""Reading the widgets a PDF already has: check boxes of one field that exclude each other."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pymupdf

from commonforms_cli.pdf.document import page_geometry
from commonforms_cli.pdf.existing_widgets import read_widgets


def _check_box(number: int, rect: str, on: str, parent: int | None = None, name: str = "") -> str:
    owner = f"/Parent {parent} 0 R" if parent else f"/T ({name}) /FT /Btn"
    return (f"{number} 0 obj << /Type /Annot /Subtype /Widget /Rect [{rect}] {owner} /P 3 0 R /AS /Off "
            f"/AP << /N << /{on} 20 0 R /Off 20 0 R >> >> >> endobj\n")


def _form_with_check_boxes(path: Path) -> Path:
    """One page: "Smoker", a field of two check boxes whose on-states are Yes and No (ticking one
    clears the other, as Acrobat makes a one-of set of check boxes), and "Pets", a lone check box."""
    objects = [
        "1 0 obj << /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [10 0 R 13 0 R] >> >> endobj\n",
        "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n",
        "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 300 300] /Annots [11 0 R 12 0 R 13 0 R] >> endobj\n",
        "10 0 obj << /T (Smoker) /FT /Btn /Kids [11 0 R 12 0 R] >> endobj\n",
        _check_box(11, "20 250 32 262", "Yes", parent=10),
        _check_box(12, "60 250 72 262", "No", parent=10),
        _check_box(13, "20 200 32 212", "Yes", name="Pets"),
        "20 0 obj << /Type /XObject /Subtype /Form /BBox [0 0 12 12] /Length 0 >> stream\n\nendstream endobj\n",
    ]
    path.write_bytes(("%PDF-1.7\n" + "".join(objects) + "trailer << /Root 1 0 R >>\n%%EOF\n").encode())
    return path


def _refine_corpus():
    """benchmarks/refine_corpus.py, which is a script, not a package module."""
    path = Path(__file__).parents[1] / "benchmarks" / "refine_corpus.py"
    spec = importlib.util.spec_from_file_location("refine_corpus", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_each_check_box_reads_its_on_state(tmp_path):
    with pymupdf.open(_form_with_check_boxes(tmp_path / "form.pdf")) as doc:
        widgets = read_widgets(doc[0], page_geometry(doc[0]))
    assert [(w.type_name, w.field_name, w.on_state) for w in widgets] == [
        ("CheckBox", "Smoker", "Yes"), ("CheckBox", "Smoker", "No"), ("CheckBox", "Pets", "Yes")]


def test_check_boxes_of_one_field_with_different_on_states_count_as_one_of_choices(tmp_path):
    """The corpus benchmark measures such check boxes with the author's radio groups, not as check
    boxes the author wanted kept."""
    with pymupdf.open(_form_with_check_boxes(tmp_path / "form.pdf")) as doc:
        widgets = read_widgets(doc[0], page_geometry(doc[0]))
    assert _refine_corpus().author_types(widgets) == ["exclusive CheckBox", "exclusive CheckBox", "CheckBox"]
