"""The forms the benchmarks run on: the shared corpus where present, generated forms always."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonforms_cli.dataset.build import read_groups, split_of  # noqa: E402
from commonforms_cli.dataset.synth import draw_form  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
VAL_FRACTION = 0.15  # the dataset builder's default, so "val" here is the split the model never saw


def corpus_present() -> bool:
    return (CORPUS / "manifest.tsv").is_file()


def split_files(split: str) -> list[Path]:
    """The corpus PDFs of ``split`` ('train' or 'val'), as training/split_files.py lists them."""
    groups = read_groups(CORPUS / "manifest.tsv")
    pdfs = sorted((CORPUS / "pdfs").glob("*.pdf"))
    return [pdf for pdf in pdfs if split_of(groups.get(pdf.stem, pdf.stem), VAL_FRACTION) == split]


def flat_forms(min_pages: int = 2) -> list[Path]:
    """The corpus's flat forms (no fields: what the tool exists for) of ``min_pages`` pages or more."""
    with open(CORPUS / "manifest.tsv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        CORPUS / "pdfs" / f"{row['sha16']}.pdf"
        for row in rows
        if row["widget_pages"] == "0" and int(row["pages"]) >= min_pages
    ]


def generated_form(path: Path, pages: int, first_seed: int = 0) -> Path:
    """A flat multi-page PDF of synthetic form pages (seeds ``first_seed``...), made once."""
    if not path.exists():
        doc = pymupdf.open()
        for seed in range(first_seed, first_seed + pages):
            page_doc, _ = draw_form(seed)
            with page_doc:
                doc.insert_pdf(page_doc)
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(path, garbage=3, deflate=True)
        doc.close()
    return path
