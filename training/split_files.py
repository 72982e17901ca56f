"""Print the PDFs of one split of the corpus, as the dataset builder assigns them.

    commonforms eval $(python training/split_files.py ../shared/corpus --split heldout) --json eval.json

``heldout`` (the headline validation) is every file of the repositories in
training/heldout_repos.txt; ``val`` the group split of the other sources.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commonforms_cli.dataset.splits import SPLITS, corpus_files, corpus_plan  # noqa: E402

HELDOUT_REPOS = ROOT / "training" / "heldout_repos.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="folder holding manifest.tsv and pdfs/")
    parser.add_argument("--split", default="heldout", choices=SPLITS)
    parser.add_argument("--val-fraction", type=float, default=0.15)
    parser.add_argument("--heldout-repos", type=Path, default=HELDOUT_REPOS)
    args = parser.parse_args()
    for pdf in corpus_files(args.corpus, args.split, corpus_plan(args.corpus, args.heldout_repos, args.val_fraction)):
        print(pdf)


if __name__ == "__main__":
    main()
