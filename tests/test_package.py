"""The package's public names: all importable, and loaded only when first used; and the test
extra, which must install everything the tests import."""

import ast
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import commonforms_cli

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", commonforms_cli.__all__)
def test_public_name_resolves(name):
    value = getattr(commonforms_cli, name)
    assert value.__name__ == name
    assert name in dir(commonforms_cli)


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_thing"):
        commonforms_cli.no_such_thing  # noqa: B018


def test_import_does_not_load_the_pipeline():
    """`commonforms --version` and the CLI's start stay cheap: onnxruntime, PyMuPDF and the
    batch machinery load only when a command needs them."""
    code = (
        "import sys, commonforms_cli; "
        "print(sorted(m for m in ('onnxruntime', 'pymupdf', 'multiprocessing', 'commonforms_cli.pipeline') "
        "if m in sys.modules))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def _imported_modules(paths) -> set[str]:
    """Top-level modules the files import, pytest.importorskip("...") included."""
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "importorskip"
                  and isinstance(node.args[0], ast.Constant)):
                found.add(node.args[0].value.split(".")[0])
    return found


def _installed_by(requirements: list[str]) -> set[str]:
    """The distributions that installing ``requirements`` brings in, dependencies and extras followed."""
    seen, todo = set(), [Requirement(text) for text in requirements]
    while todo:
        requirement = todo.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        for text in importlib.metadata.requires(requirement.name) or []:
            dependency = Requirement(text)
            extras = requirement.extras or {""}
            if dependency.marker is None or any(dependency.marker.evaluate({"extra": e}) for e in extras):
                todo.append(dependency)
    return {name for name, _ in seen}


def test_the_test_extra_installs_everything_the_tests_import():
    """`pip install ".[test]"` is enough to run the suite: a module it lacks fails collection (pypdfium2
    once did) or skips tests silently (pycocotools once did). The examples count: tests run them."""
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    installed = _installed_by(project["dependencies"] + project["optional-dependencies"]["test"])
    files = [*(ROOT / "tests").glob("*.py"), *(ROOT / "examples").glob("*.py")]
    local = {path.stem for path in files} | {"commonforms_cli"}
    third_party = _imported_modules(files) - set(sys.stdlib_module_names) - local
    providers = importlib.metadata.packages_distributions()
    missing = {module for module in third_party
               if not {canonicalize_name(d) for d in providers.get(module, [module])} & installed}
    assert not missing, f"add to pyproject.toml's [test] extra what provides: {sorted(missing)}"
