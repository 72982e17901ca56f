"""A short, seeded fuzzing run: damaged PDFs end in a valid output or a clean error."""

from __future__ import annotations

from fuzzing import fuzz


def test_mutated_pdfs_end_cleanly(tmp_path, form_model):
    tally = fuzz(form_model, tmp_path, cases=60, seconds=90, seed=7)
    assert tally.cases >= 20
    assert tally.failures == []
    assert tally.written + sum(tally.clean_errors.values()) == tally.cases
