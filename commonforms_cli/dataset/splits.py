"""Which side of the split a corpus file lands on.

Three sides. ``heldout``: every file of the source repositories listed in a held-out file
(training/heldout_repos.txt): a user's form comes from an issuer the model never saw, and only
whole sources held out measure that. ``val``: a hash of the file's group (the versions of one
form) among the other sources, the split the project used before, kept for ultralytics' own
validation during training. ``train``: the rest.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

SPLITS = ("train", "val", "heldout")


def split_of(group: str, val_fraction: float) -> str:
    """Deterministic split by group: every version of a form lands on one side."""
    bucket = int.from_bytes(hashlib.sha256(group.encode()).digest()[:8], "big") / 2**64
    return "val" if bucket < val_fraction else "train"


def _read_table(table: Path) -> tuple[str, list[dict]]:
    with open(table, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return reader.fieldnames[0], list(reader)


def read_groups(table: Path) -> dict[str, str]:
    """File stem -> group, from a TSV whose first column is the stem (or ``sha16``) and
    that has a ``group`` column (the corpus manifest has both)."""
    key, rows = _read_table(table)
    return {row[key]: row.get("group") or row[key] for row in rows}


def read_heldout_repos(path: Path) -> frozenset[str]:
    """One ``owner/name`` a line; ``#`` starts a comment."""
    names = (line.split("#", 1)[0].strip() for line in Path(path).read_text(encoding="utf-8").splitlines())
    return frozenset(name for name in names if name)


def heldout_stems(table: Path, repos: frozenset[str]) -> frozenset[str]:
    """The stems of the manifest's files whose ``repo`` is one of ``repos``.

    A listed repository the manifest does not know is an error: a typo would silently
    move a whole source into training."""
    key, rows = _read_table(table)
    unknown = repos - {row.get("repo", "") for row in rows}
    if unknown:
        raise ValueError(f"held-out repositories not in {table}: {', '.join(sorted(unknown))}")
    return frozenset(row[key] for row in rows if row.get("repo") in repos)


@dataclass(frozen=True)
class SplitPlan:
    """The split of every file, by stem: held out by source, else by group hash."""

    groups: dict[str, str] = field(default_factory=dict)
    heldout: frozenset[str] = frozenset()
    val_fraction: float = 0.15

    def split(self, stem: str) -> str:
        if stem in self.heldout:
            return "heldout"
        return split_of(self.groups.get(stem, stem), self.val_fraction)


def corpus_plan(corpus: Path, heldout_file: Path | None, val_fraction: float = 0.15) -> SplitPlan:
    """The plan for a corpus folder (``manifest.tsv``, ``pdfs/``) and a held-out list (or none)."""
    manifest = Path(corpus) / "manifest.tsv"
    heldout = heldout_stems(manifest, read_heldout_repos(heldout_file)) if heldout_file else frozenset()
    return SplitPlan(read_groups(manifest), heldout, val_fraction)


def corpus_files(corpus: Path, split: str, plan: SplitPlan) -> list[Path]:
    """The corpus PDFs of one split (``all`` for every one), sorted."""
    pdfs = sorted((Path(corpus) / "pdfs").glob("*.pdf"))
    return [pdf for pdf in pdfs if split == "all" or plan.split(pdf.stem) == split]
