"""Average the weights of fine-tunes that started from one checkpoint (a "model soup").

    python training/soup.py runs/ftline/weights/best.pt runs/ftover/weights/best.pt soup.pt

Two fine-tunes of one checkpoint on different data settle in one basin, so their mean is a
model too, and it usually keeps the better of each: session 6's two fine-tunes tied on the
mean of the three classes' AP, and their mean beat both (training/README.md). Every float
tensor (weights and batch-norm statistics) is averaged; counters are taken from the first.
The output is the first checkpoint with the averaged model, so export.py reads it as usual.
"""

from __future__ import annotations

import argparse

import torch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkpoints", nargs="+", help="stripped ultralytics checkpoints of one architecture")
    parser.add_argument("output")
    args = parser.parse_args()
    if len(args.checkpoints) < 2:
        parser.error("give at least two checkpoints to average")

    loaded = [torch.load(path, map_location="cpu", weights_only=False) for path in args.checkpoints]
    states = [checkpoint["model"].state_dict() for checkpoint in loaded]
    averaged = {
        name: torch.stack([state[name].float() for state in states]).mean(0).to(tensor.dtype)
        if tensor.dtype.is_floating_point else tensor
        for name, tensor in states[0].items()
    }
    soup = loaded[0]
    soup["model"].load_state_dict(averaged)
    torch.save(soup, args.output)
    print(f"{args.output}: the mean of {len(states)} checkpoints")


if __name__ == "__main__":
    main()
