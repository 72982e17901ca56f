"""The forms the benchmarks run on: the shared corpus where present, generated forms always."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pymupdf

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from commonforms_cli.dataset.splits import corpus_files, corpus_plan  # noqa: E402
from commonforms_cli.dataset.synth import draw_form  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
HELDOUT_REPOS = ROOT / "training" / "heldout_repos.txt"


def corpus_present() -> bool:
    return (CORPUS / "manifest.tsv").is_file()


def split_files(split: str) -> list[Path]:
    """The corpus PDFs of ``split`` ('train', 'val' or 'heldout'), as training/split_files.py lists them."""
    return corpus_files(CORPUS, split, corpus_plan(CORPUS, HELDOUT_REPOS))


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
