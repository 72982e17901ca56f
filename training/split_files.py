"""Print the PDFs of one split of the corpus, as the dataset builder assigns them.

    commonforms eval $(python training/split_files.py ../shared/corpus --split val)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commonforms_cli.dataset.build import read_groups, split_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path, help="folder holding manifest.tsv and pdfs/")
    parser.add_argument("--split", default="val", choices=("train", "val"))
    parser.add_argument("--val-fraction", type=float, default=0.15)
    args = parser.parse_args()
    groups = read_groups(args.corpus / "manifest.tsv")
    for pdf in sorted((args.corpus / "pdfs").glob("*.pdf")):
        if split_of(groups.get(pdf.stem, pdf.stem), args.val_fraction) == args.split:
            print(pdf)


if __name__ == "__main__":
    main()
