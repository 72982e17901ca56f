"""Print the PDFs of one split of the corpus, as the dataset builder assigns them.

    commonforms eval $(python training/split_files.py ../shared/corpus --split heldout) --json eval.json

``heldout`` (the headline validation) is every file of the repositories in
training/heldout_repos.txt; ``val`` the group split of the other sources, or with
``--val-by-source`` their split by repository (give the flag the dataset was built with).
``--source-half A|B`` keeps the files of one half of the split's repositories (by a hash of the
repository's name): a setting chosen on one half is reported on the other, and a difference
between two models that the halves disagree on is within their spread.
benchmarks/refine_corpus.py takes the same split options through ``add_split_options``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commonforms_cli.dataset.splits import SPLITS, corpus_files, corpus_plan  # noqa: E402

HELDOUT_REPOS = ROOT / "training" / "heldout_repos.txt"


def add_split_options(parser: argparse.ArgumentParser, splits: tuple[str, ...] = SPLITS) -> None:
    """The corpus folder and the options of ``commonforms dataset build`` that decide its split."""
    parser.add_argument("corpus", type=Path, help="folder holding manifest.tsv and pdfs/")
    parser.add_argument("--split", default="heldout", choices=splits)
    parser.add_argument("--val-fraction", type=float, default=0.15)
    parser.add_argument("--heldout-repos", type=Path, default=HELDOUT_REPOS)
    parser.add_argument("--val-by-source", action="store_true",
                        help="val drawn by source repository, as `dataset build --val-by-source`")
    parser.add_argument("--source-half", choices=("A", "B"),
                        help="only the files of one half of the split's source repositories")


def source_half(repo: str) -> str:
    """The half ("A" or "B") a source repository falls in, by a hash of its name."""
    return "AB"[int(hashlib.md5(repo.encode()).hexdigest(), 16) % 2]


def files_of_split(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[Path]:
    """The corpus PDFs of ``args.split`` (and ``args.source_half``); a bad option is the parser's error."""
    try:
        plan = corpus_plan(args.corpus, args.heldout_repos, args.val_fraction, args.val_by_source)
    except (OSError, ValueError) as exc:
        parser.error(str(exc))
    files = corpus_files(args.corpus, args.split, plan)
    if args.source_half:
        files = [pdf for pdf in files if source_half(plan.repos.get(pdf.stem, pdf.stem)) == args.source_half]
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_split_options(parser)
    for pdf in files_of_split(parser, parser.parse_args()):
        print(pdf)


if __name__ == "__main__":
    main()
