"""The package's layout holds: each stage imports only what it may, and nothing imports in a circle.

pdf/ is the only package that imports PyMuPDF, detect/session.py the only module that imports
onnxruntime, cli/ the only one that imports typer and rich. pdf/ and detect/ know no stage
above them; refine/ takes one record from pdf/ (PageContent) and reads no PDF.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "commonforms_cli"
ROOT = "commonforms_cli"
# What every stage may use: the records passed between stages and the helpers they share.
RECORDS = {"errors", "fields", "geometry", "field_formats", "output_files"}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(name: str, path: Path, module_level: bool) -> set[str]:
    """The modules ``name`` imports (relative ones resolved), skipping ``if TYPE_CHECKING:`` blocks;
    ``module_level``: only those run on import (not the lazy ones inside functions)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if _type_checking(child) or (module_level and isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))):
                continue
            if isinstance(child, ast.Import):
                found.update(alias.name for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join(anchor + ([child.module] if child.module else []))
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in child.names if f"{base}.{alias.name}" in MODULES)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _internal(name: str) -> str:
    """``commonforms_cli.pdf.render`` -> ``pdf.render``."""
    return name[len(ROOT) + 1:]


@pytest.mark.parametrize("library, allowed", [
    ("pymupdf", "pdf."), ("onnxruntime", "detect.session"), ("typer", "cli."), ("rich", "cli."),
])
def test_libraries_stay_in_their_stage(library, allowed):
    users = {_internal(name) for name, path in MODULES.items()
             if any(i.split(".")[0] == library for i in _imports(name, path, module_level=False))}
    assert users, f"nothing imports {library}: is the test looking in the right place?"
    assert [user for user in sorted(users) if not user.startswith(allowed)] == []


@pytest.mark.parametrize("stage, may_use", [
    ("pdf", RECORDS),
    ("detect", RECORDS),
    ("refine", RECORDS | {"pdf.page_content"}),  # PageContent: a page's words and rulings, read by pdf/
])
def test_lower_stages_know_nothing_above_them(stage, may_use):
    for name, path in MODULES.items():
        if not _internal(name).startswith(f"{stage}."):
            continue
        used = {_internal(i) for i in _imports(name, path, module_level=False) if i.startswith(f"{ROOT}.")}
        others = {u for u in used if not u.startswith(f"{stage}.") and u != stage}
        assert others <= may_use, f"{name} imports {sorted(others - may_use)}"


def test_no_import_cycles():
    """Over the imports that run when a module is imported (the CLI's lazy ones are not)."""
    graph = {}
    for name, path in MODULES.items():
        edges = set()
        for target in _imports(name, path, module_level=True):
            parts = target.split(".")
            # importing a.b.c first imports a.b: its __init__ runs, unless it is one of name's own packages
            edges.update(prefix for prefix in (".".join(parts[:n]) for n in range(2, len(parts) + 1))
                         if not (name + ".").startswith(prefix + "."))
        graph[name] = {edge for edge in edges if edge in MODULES}
    done: set[str] = set()

    def walk(node: str, path: list[str]) -> None:
        if node in path:
            raise AssertionError("import cycle: " + " -> ".join(path[path.index(node):] + [node]))
        if node in done:
            return
        for target in sorted(graph[node]):
            walk(target, path + [node])
        done.add(node)

    for name in sorted(graph):
        walk(name, [])


def test_line_spacing_agrees_between_prepare_and_fill():
    """prepare sizes a multiline field's font for the line spacing fill lays its text out with."""
    from commonforms_cli.pdf.text_appearance import LINE_SPACING
    from commonforms_cli.refine.kinds import LINE_SPACING as SIZED_FOR

    assert LINE_SPACING == SIZED_FOR
