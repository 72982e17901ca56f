"""Seconds per page of ``prepare`` on scanned forms, with OCR (the ocr extra) and without.

    python benchmarks/ocr_speed.py [--pages 6] [--dpi 200]

The scans are the bundled example form printed to grey pictures at ``--dpi``, one picture a page,
no text layer: what a scanner gives. Each row is ``prepare_form`` end to end in this process, after
one warm-up page (the model and the OCR engine loaded). ``fields named`` counts the written fields
named from a label rather than numbered (``text_1_2``): what OCR is for.
"""

from __future__ import annotations

import argparse
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonforms_cli import prepare_form  # noqa: E402
from commonforms_cli.pdf.ocr import ocr_available  # noqa: E402

EXAMPLE = ROOT / "examples" / "flat-form.pdf"
NUMBERED = re.compile(r"^(text|check|radio|signature|comb|multiline|choice)\w*_\d+_\d+$")


def scanned_copy(source: Path, pages: int, dpi: int, out: Path) -> Path:
    """``pages`` pages of ``source`` (repeated), each as one grey picture."""
    scan = pymupdf.open()
    with pymupdf.open(source) as doc:
        for number in range(pages):
            page = doc[number % doc.page_count]
            picture = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
            scan.new_page(width=page.rect.width, height=page.rect.height).insert_image(page.rect, pixmap=picture)
    scan.save(out)
    return out


def run(scan: Path, ocr: bool, folder: Path) -> dict:
    prepare_form(scan, folder / "warm.pdf", ocr=ocr)  # loads the model and the OCR engine
    start = time.perf_counter()
    report = prepare_form(scan, folder / f"out-{ocr}.pdf", ocr=ocr)
    seconds = time.perf_counter() - start
    fields = [f for page in report.pages for f in page.fields]
    return {"s/page": seconds / len(report.pages), "fields": len(fields),
            "named": sum(not NUMBERED.match(f.name) for f in fields)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6)
    parser.add_argument("--dpi", type=int, default=200)
    args = parser.parse_args()
    if not ocr_available():
        sys.exit("the ocr extra is not installed: pip install '.[ocr]'")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        scan = scanned_copy(EXAMPLE, args.pages, args.dpi, folder / "scan.pdf")
        print(f"{args.pages} scanned pages of {EXAMPLE.name} at {args.dpi} dpi")
        print(f"{'':12} {'s/page':>7} {'fields':>7} {'named':>6}")
        for ocr in (False, True):
            row = run(scan, ocr, folder)
            print(f"{'ocr' if ocr else 'no ocr':12} {row['s/page']:7.2f} {row['fields']:7d} {row['named']:6d}")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
