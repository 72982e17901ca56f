"""Hard inputs: odd page sizes, no pages, owner passwords, signed and XFA forms, long files.

In every failure: a distinct error, no output file, the input byte-identical.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pymupdf
import pytest

from commonforms_cli import prepare_form
from commonforms_cli.errors import ExitCode, InputFileError, UnsupportedPdfError
from conftest import draw_flat_form, draw_signed_form


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _minimal_pdf(objects: list[str], root: int = 1) -> bytes:
    """A PDF written by hand from object bodies (1-based numbering), with a correct xref."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_zero_pages(tmp_path, form_model):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(_minimal_pdf(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [] /Count 0 >>"]))
    out = tmp_path / "out.pdf"
    with pytest.raises(InputFileError, match="no pages"):
        prepare_form(empty, out, model=form_model)
    assert not out.exists()


@pytest.mark.parametrize("size", [(14400, 14400), (1, 1), (14400, 20)])
def test_extreme_page_sizes_render_at_the_model_size(tmp_path, form_model, size):
    """200 x 200 inches, 1 x 1 pt, 200 inches x 20 pt: each renders at the model's size."""
    pdf = draw_flat_form(tmp_path / "in.pdf", size=size)
    report = prepare_form(pdf, tmp_path / "out.pdf", model=form_model)
    # the test detector's three boxes lie on a square page's area; on the 200-inch one they miss the
    # drawn "Name ____" line (at 80-300 pt), which then gets a field of its own (refine/labelled_lines.py)
    assert len(report.fields) == {(14400, 14400): 4, (1, 1): 3, (14400, 20): 0}[size]
    (page,) = report.pages
    assert (page.width, page.height) == pytest.approx(size)
    for record in report.fields:
        assert all(0 <= v <= max(size) for v in record.rect)


def test_owner_password_only_opens_and_keeps_its_protection(tmp_path, flat_pdf, form_model):
    locked = tmp_path / "owner-only.pdf"
    with pymupdf.open(flat_pdf) as doc:
        doc.save(locked, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", permissions=pymupdf.PDF_PERM_PRINT)
    out = tmp_path / "out.pdf"
    report = prepare_form(locked, out, model=form_model)
    assert len(report.fields) == 3
    with pymupdf.open(out) as doc:
        assert doc.is_encrypted or doc.metadata.get("encryption")
        assert len(list(doc[0].widgets())) == 3


def test_signed_pdf_is_updated_incrementally(tmp_path, form_model):
    signed = draw_signed_form(tmp_path / "signed.pdf")
    original = signed.read_bytes()
    out = tmp_path / "out.pdf"
    report = prepare_form(signed, out, model=form_model)
    assert out.read_bytes().startswith(original)  # the signed revision is untouched, byte for byte
    assert len(report.fields) == 3
    with pymupdf.open(out) as doc:
        assert sorted(w.field_type_string for w in doc[0].widgets()) == ["CheckBox", "Signature", "Signature", "Text"]


def test_signed_pdf_refuses_replace_existing(tmp_path, form_model):
    signed = draw_signed_form(tmp_path / "signed.pdf")
    before = _sha(signed)
    out = tmp_path / "out.pdf"
    with pytest.raises(UnsupportedPdfError, match="signed"):
        prepare_form(signed, out, model=form_model, replace_existing=True)
    assert not out.exists() and _sha(signed) == before


def test_certified_pdf_that_allows_no_changes_is_refused(tmp_path, form_model):
    certified = draw_signed_form(tmp_path / "certified.pdf", certify_no_changes=True)
    out = tmp_path / "out.pdf"
    with pytest.raises(UnsupportedPdfError, match="certif"):
        prepare_form(certified, out, model=form_model)
    assert not out.exists()


def test_xfa_is_removed_with_a_warning(tmp_path, flat_pdf, form_model):
    xfa = tmp_path / "xfa.pdf"
    with pymupdf.open(flat_pdf) as doc:
        stream = doc.get_new_xref()
        doc.update_object(stream, "<< >>")
        doc.update_stream(stream, b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'></xdp:xdp>")
        doc.xref_set_key(doc.pdf_catalog(), "AcroForm", f"<< /Fields [] /XFA {stream} 0 R >>")
        doc.xref_set_key(doc.pdf_catalog(), "NeedsRendering", "true")
        doc.save(xfa)
    out = tmp_path / "out.pdf"
    report = prepare_form(xfa, out, model=form_model)
    assert any("XFA" in warning for warning in report.warnings)
    with pymupdf.open(out) as doc:
        acroform = doc.xref_get_key(doc.pdf_catalog(), "AcroForm")
        text = doc.xref_object(int(acroform[1].split()[0])) if acroform[0] == "xref" else acroform[1]
        assert "/XFA" not in text
        assert doc.xref_get_key(doc.pdf_catalog(), "NeedsRendering")[0] == "null"


def test_a_thousand_pages_stream_in_bounded_memory(tmp_path, form_model):
    """Pages are rendered and dropped one at a time: peak memory must not grow with length."""
    script = (
        "import resource, sys\n"
        "from commonforms_cli import prepare_form\n"
        "report = prepare_form(sys.argv[1], sys.argv[2], model=sys.argv[3])\n"
        "print(len(report.pages), len(report.fields), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    peaks = {}
    for pages in (10, 1000):
        pdf = draw_flat_form(tmp_path / f"in{pages}.pdf", pages=pages)
        result = subprocess.run(
            [sys.executable, "-c", script, str(pdf), str(tmp_path / f"out{pages}.pdf"), str(form_model)],
            capture_output=True, text=True, timeout=600,
        )
        assert result.returncode == ExitCode.ok, result.stderr
        count, fields, peak_kb = map(int, result.stdout.split())
        assert (count, fields) == (pages, 3 * pages)
        peaks[pages] = peak_kb
    assert peaks[1000] - peaks[10] < 150 * 1024, peaks  # < 150 MB more for 100x the pages
