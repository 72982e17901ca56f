"""The package's public names: all importable, and loaded only when first used."""

import subprocess
import sys

import pytest

import commonforms_cli


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
