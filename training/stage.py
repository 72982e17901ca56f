"""Pack a dataset folder into tar files of at most ``--mb`` MiB each, for the GPU machine.

    python training/stage.py .work/ds corpus .stage --mb 26 --first-mb 6 --val-every 2

Each device call carries at most 64 MiB with the working tree (about 33 MiB), so the data
travels in parts, one call each: ``.stage/p0/corpus.tar`` (small: it travels with the 25 MiB of
wheels), ``.stage/p1/corpus.tar``... ``--val-every 2`` sends every second validation page
(ultralytics' validation only picks the best epoch; the held-out PDFs judge the run). Every
part is a whole tar (a page's image and both its label files in the same one), so ``gpu_session.sh
setup`` unpacks each part as it arrives. The held-out split stays here: it is measured with
``commonforms eval`` on its PDFs, never trained on. ``--sources MANIFEST``: the first part also
carries ``NAME/sources.tsv`` (each PDF stem's repository), so that augment_pages.py mixes bands of
pages from different sources on the machine.
"""

from __future__ import annotations

import argparse
import io
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from commonforms_cli.dataset.splits import read_repos  # noqa: E402

SPLITS = ("train", "val")
LABEL_SETS = ("labels", "labels_visible")  # cued widgets; every visible widget


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=Path, help="output of `commonforms dataset build`")
    parser.add_argument("name", help="folder name on the GPU machine ($CF/data/NAME)")
    parser.add_argument("stage", type=Path, help="where the parts go (NAME.tar in p0, p1, ...)")
    parser.add_argument("--mb", type=float, default=26.0, help="size of each part")
    parser.add_argument("--first-mb", type=float, default=6.0, help="size of the first part")
    parser.add_argument("--val-every", type=int, default=1, help="send every N-th validation page")
    parser.add_argument("--sources", type=Path, help="the corpus manifest (a 'repo' column)")
    args = parser.parse_args()
    pages = []
    for split in SPLITS:
        images = sorted((args.dataset / "images" / split).iterdir())
        for image in images[:: args.val_every] if split == "val" else images:
            files = [image] + [args.dataset / kind / split / f"{image.stem}.txt" for kind in LABEL_SETS]
            pages.append((files, sum(f.stat().st_size for f in files)))
    parts: list[list] = [[]]
    size = 0.0
    for page in pages:
        limit = (args.first_mb if len(parts) == 1 else args.mb) * 2**20
        if parts[-1] and size + page[1] > limit:
            parts.append([])
            size = 0.0
        parts[-1].append(page)
        size += page[1]
    for index, part in enumerate(parts):
        folder = args.stage / f"p{index}"
        folder.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / f"{args.name}.tar", "w") as tar:
            for files, _ in part:
                for path in files:
                    tar.add(path, arcname=f"{args.name}/{path.relative_to(args.dataset)}")
            if args.sources and index == 0:
                _add_sources(tar, f"{args.name}/sources.tsv", read_repos(args.sources))
        print(folder / f"{args.name}.tar", len(part), "pages")


def _add_sources(tar: tarfile.TarFile, name: str, repos: dict[str, str]) -> None:
    """A two-column table (stem, repo) that augment_pages.py --sources reads."""
    table = "stem\trepo\n" + "".join(f"{stem}\t{repo}\n" for stem, repo in sorted(repos.items()))
    info = tarfile.TarInfo(name)
    info.size = len(table.encode("utf-8"))
    tar.addfile(info, io.BytesIO(table.encode("utf-8")))


if __name__ == "__main__":
    main()
