"""Which side of the split a corpus file lands on.

Three sides. ``heldout``: every file of the source repositories listed in a held-out file
(training/heldout_repos.txt): a user's form comes from an issuer the model never saw, and only
whole sources held out measure that. ``val``: a hash among the other sources, either of the
file's group (the versions of one form; the default, the split the project has always used) or,
``val_by_source``, of its source repository: a group val shares sources with training, and two
continued runs that it ranked best were worse on the held-out sources than their start (text
AP50-95 .357 -> .342/.335), so only whole repositories validate generalisation. ``train``: the rest.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

SPLITS = ("train", "val", "heldout")


def split_of(group: str, val_fraction: float) -> str:
    """Deterministic split by a name (a group, or a source): every file of it lands on one side."""
    bucket = int.from_bytes(hashlib.sha256(group.encode()).digest()[:8], "big") / 2**64
    return "val" if bucket < val_fraction else "train"


def _read_column(table: Path, column: str) -> dict[str, str]:
    """File stem -> the row's ``column`` (empty where the table has none), from a TSV whose first
    column is the stem (or ``sha16``)."""
    with open(table, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        return {row[reader.fieldnames[0]]: row.get(column) or "" for row in reader}


def read_groups(table: Path) -> dict[str, str]:
    """File stem -> group, from a TSV with a ``group`` column (the corpus manifest has one)."""
    return {stem: group or stem for stem, group in _read_column(table, "group").items()}


def read_repos(table: Path) -> dict[str, str]:
    """File stem -> source repository, for the rows of a TSV that name one in a ``repo`` column."""
    return {stem: repo for stem, repo in _read_column(table, "repo").items() if repo}


def read_languages(table: Path) -> dict[str, str]:
    """File stem -> the manifest's language guess ("en", "de"; empty where it has none)."""
    return _read_column(table, "lang_guess")


def read_heldout_repos(path: Path) -> frozenset[str]:
    """One ``owner/name`` a line; ``#`` starts a comment."""
    names = (line.split("#", 1)[0].strip() for line in Path(path).read_text(encoding="utf-8").splitlines())
    return frozenset(name for name in names if name)


def heldout_stems(repos: dict[str, str], heldout: frozenset[str]) -> frozenset[str]:
    """The stems whose repository (``repos``: stem -> repository) is one of ``heldout``.

    A listed repository no file has is an error: a typo would silently move a whole source into
    training."""
    unknown = heldout - set(repos.values())
    if unknown:
        raise ValueError(f"held-out repositories not in the manifest: {', '.join(sorted(unknown))}")
    return frozenset(stem for stem, repo in repos.items() if repo in heldout)


def source_units(repos: dict[str, str], groups: dict[str, str]) -> dict[str, str]:
    """Stem -> the name a by-source split hashes it by: its repository (its group where none is
    named). Repositories that share a group are joined under the least of their names, so neither
    a repository nor a form's versions straddle train and val (the corpus has one such group)."""
    stems = sorted(repos.keys() | groups.keys())
    unit = {stem: (0, repos.get(stem) or groups.get(stem, stem)) for stem in stems}
    parent: dict[tuple[int, str], tuple[int, str]] = {}

    def root(node: tuple[int, str]) -> tuple[int, str]:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    for stem in stems:
        # (0, unit) sorts before (1, group): every root, the least node of its union, names a unit
        ends = root(unit[stem]), root((1, groups.get(stem, stem)))
        parent[max(ends)] = min(ends)
    return {stem: root(unit[stem])[1] for stem in stems}


@dataclass(frozen=True)
class SplitPlan:
    """The split of every file, by stem: held out by source, else val by a hash of its group or
    (``val_by_source``) of its repository. Checks its options on creation, for every caller."""

    groups: dict[str, str] = field(default_factory=dict)
    heldout: frozenset[str] = frozenset()
    val_fraction: float = 0.15
    repos: dict[str, str] = field(default_factory=dict)  # stem -> source repository
    val_by_source: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.val_fraction <= 1:
            raise ValueError(f"the val fraction must be between 0 and 1, not {self.val_fraction}")
        if self.val_by_source and not self.repos:
            raise ValueError("a val split by source needs a manifest with a 'repo' column")

    def group(self, stem: str) -> str:
        return self.groups.get(stem, stem)

    @cached_property
    def _units(self) -> dict[str, str]:
        """Held-out files take no part: their repositories are out before val is drawn."""
        kept = {stem: repo for stem, repo in self.repos.items() if stem not in self.heldout}
        return source_units(kept, {stem: g for stem, g in self.groups.items() if stem not in self.heldout})

    def split(self, stem: str) -> str:
        if stem in self.heldout:
            return "heldout"
        name = self._units.get(stem, self.group(stem)) if self.val_by_source else self.group(stem)
        return split_of(name, self.val_fraction)


def manifest_plan(
    manifest: Path | None, heldout_file: Path | None = None, val_fraction: float = 0.15, val_by_source: bool = False,
) -> SplitPlan:
    """The plan for the files a manifest (stem, ``group``, ``repo``) names, or for files without
    one (each its own group): what ``dataset build``, training/split_files.py and
    benchmarks/refine_corpus.py all split by."""
    if manifest is None:
        if heldout_file:
            raise ValueError("held-out repositories need a manifest naming each file's repository")
        return SplitPlan(val_fraction=val_fraction, val_by_source=val_by_source)
    repos = read_repos(manifest)
    heldout = heldout_stems(repos, read_heldout_repos(heldout_file)) if heldout_file else frozenset()
    return SplitPlan(read_groups(manifest), heldout, val_fraction, repos, val_by_source)


def corpus_plan(
    corpus: Path, heldout_file: Path | None, val_fraction: float = 0.15, val_by_source: bool = False
) -> SplitPlan:
    """The plan for a corpus folder (``manifest.tsv``, ``pdfs/``) and a held-out list (or none)."""
    return manifest_plan(Path(corpus) / "manifest.tsv", heldout_file, val_fraction, val_by_source)


def corpus_files(corpus: Path, split: str, plan: SplitPlan) -> list[Path]:
    """The corpus PDFs of one split (``all`` for every one), sorted."""
    pdfs = sorted((Path(corpus) / "pdfs").glob("*.pdf"))
    return [pdf for pdf in pdfs if split == "all" or plan.split(pdf.stem) == split]
