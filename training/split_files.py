"""Print the PDFs of one split of the corpus, as the dataset builder assigns them.

    commonforms eval $(python training/split_files.py ../shared/corpus --split heldout) --json eval.json

``heldout`` (the headline validation) is every file of the repositories in
training/heldout_repos.txt; ``val`` the group split of the other sources, or with
``--val-by-source`` their split by repository (give the flag the dataset was built with).
benchmarks/refine_corpus.py takes the same split options through ``add_split_options``.
"""

from __future__ import annotations

import argparse
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


def files_of_split(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[Path]:
    """The corpus PDFs of ``args.split``; a bad option is the parser's error."""
    try:
        plan = corpus_plan(args.corpus, args.heldout_repos, args.val_fraction, args.val_by_source)
    except (OSError, ValueError) as exc:
        parser.error(str(exc))
    return corpus_files(args.corpus, args.split, plan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_split_options(parser)
    for pdf in files_of_split(parser, parser.parse_args()):
        print(pdf)


if __name__ == "__main__":
    main()
