"""A seeded mutation fuzzer for ``prepare_form``: every damaged PDF must end in a valid
output or a clean ``CommonFormsError``, within a time limit, leaving no partial output.

Short runs are part of the test suite (tests/test_fuzz.py); long runs:

    python tests/fuzzing.py --cases 2000 --seconds 600 --seed 1
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import re
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

CASE_SECONDS = 20.0  # a case taking longer than this counts as a hang


def seed_documents(folder: Path) -> list[Path]:
    """Small PDFs the fuzzer mutates: plain, rotated, with fields, with an image, compressed or not."""
    import pymupdf

    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for index, (rotate, with_field, compress) in enumerate(
        [(0, False, True), (90, True, False), (0, True, True), (270, False, False)]
    ):
        doc = pymupdf.open()
        for number in range(2):
            page = doc.new_page(width=600, height=600)
            page.insert_text((40, 60), f"Name {number}", fontsize=11)
            page.draw_line((80, 62), (300, 62))
            page.draw_rect(pymupdf.Rect(40, 100, 50, 110))
            if rotate:
                page.set_rotation(rotate)
            if with_field:
                widget = pymupdf.Widget()
                widget.field_type, widget.field_name = pymupdf.PDF_WIDGET_TYPE_TEXT, f"existing{number}"
                widget.rect = pymupdf.Rect(300, 300, 500, 320)
                page.add_widget(widget)
        path = folder / f"seed{index}.pdf"
        doc.save(path, garbage=1, deflate=compress)
        made.append(path)
    return made


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One random corruption of the kinds that break PDF readers."""
    kind = rng.choice(["truncate", "flip", "delete_object", "bogus_length", "splice", "xref_garbage"])
    if kind == "truncate":
        return kind, data[: rng.randrange(len(data))]
    if kind == "flip":
        mutable = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            mutable[rng.randrange(len(mutable))] = rng.randrange(256)
        return kind, bytes(mutable)
    if kind == "delete_object":
        objects = list(re.finditer(rb"\d+ 0 obj.*?endobj", data, re.S))
        if objects:
            hit = rng.choice(objects)
            return kind, data[: hit.start()] + data[hit.end():]
        return kind, data
    if kind == "bogus_length":
        lengths = list(re.finditer(rb"/Length \d+", data))
        if lengths:
            hit = rng.choice(lengths)
            value = rng.choice([b"0", b"1", b"99999999", b"-5", str(rng.randrange(10**6)).encode()])
            return kind, data[: hit.start()] + b"/Length " + value + data[hit.end():]
        return kind, data
    if kind == "splice":
        a, b = sorted(rng.randrange(len(data)) for _ in range(2))
        c = rng.randrange(len(data))
        return kind, data[:c] + data[a:b] + data[c:]
    start = data.rfind(b"xref")
    if start < 0:
        start = rng.randrange(len(data))
    junk = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    return kind, data[:start] + junk + data[start + len(junk):]


@dataclass
class Tally:
    cases: int = 0
    written: int = 0
    clean_errors: dict = field(default_factory=dict)  # exit code name -> count
    failures: list = field(default_factory=list)  # (case, kind, what happened)

    def to_json(self) -> dict:
        return {"cases": self.cases, "written": self.written, "clean_errors": self.clean_errors,
                "failures": self.failures}


def _worker(connection, model: str) -> None:
    """Runs cases sent over the pipe, answering one line each."""
    import hashlib

    import pymupdf

    from commonforms_cli import CommonFormsError, prepare_form

    while True:
        job = connection.recv()
        if job is None:
            return
        source, output = Path(job[0]), Path(job[1])
        before = hashlib.sha256(source.read_bytes()).hexdigest()
        try:
            prepare_form(source, output, model=model)
            with pymupdf.open(output) as doc:
                assert doc.page_count >= 1
            answer = ("written", "")
        except CommonFormsError as exc:
            answer = ("clean", exc.exit_code.name) if not output.exists() else ("bug", f"output left behind: {exc}")
        except BaseException:  # anything else is exactly what the fuzzer is looking for
            answer = ("bug", traceback.format_exc(limit=3)[-600:])
        if hashlib.sha256(source.read_bytes()).hexdigest() != before:
            answer = ("bug", "input modified")
        connection.send(answer)


def fuzz(model: Path, work: Path, cases: int, seconds: float, seed: int) -> Tally:
    """Run up to ``cases`` mutations (or until ``seconds`` pass), each in a worker that is
    replaced if it hangs or dies."""
    rng = random.Random(seed)
    seeds = [path.read_bytes() for path in seed_documents(work / "seeds")]
    context = multiprocessing.get_context("spawn")
    tally = Tally()
    worker = parent = None
    deadline = time.monotonic() + seconds
    try:
        for case in range(cases):
            if time.monotonic() > deadline:
                break
            if worker is None:
                parent, child = context.Pipe()
                worker = context.Process(target=_worker, args=(child, str(model)), daemon=True)
                worker.start()
            kind, data = mutate(rng.choice(seeds), rng)
            source, output = work / f"case{case}.pdf", work / f"case{case}-out.pdf"
            source.write_bytes(data)
            parent.send((str(source), str(output)))
            tally.cases += 1
            if not parent.poll(CASE_SECONDS):
                tally.failures.append((case, kind, "hang"))
                worker.kill()
                worker = None
            else:
                try:
                    status, detail = parent.recv()
                except EOFError:
                    status, detail = "bug", f"worker died (exit code {worker.exitcode})"
                    worker = None
                if status == "written":
                    tally.written += 1
                elif status == "clean":
                    tally.clean_errors[detail] = tally.clean_errors.get(detail, 0) + 1
                else:
                    tally.failures.append((case, kind, detail))
            source.unlink(missing_ok=True)
            output.unlink(missing_ok=True)
    finally:
        if worker is not None:
            parent.send(None)
            worker.join(5)
            worker.kill()
    return tally


def main() -> None:
    import tempfile

    from conftest import FORM_BOXES, detector_model

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        model = detector_model(work / "model.onnx", FORM_BOXES)
        started = time.monotonic()
        tally = fuzz(model, work, args.cases, args.seconds, args.seed)
    print(json.dumps({**tally.to_json(), "seconds": round(time.monotonic() - started, 1)}, indent=2))
    sys.exit(1 if tally.failures else 0)


if __name__ == "__main__":
    main()
