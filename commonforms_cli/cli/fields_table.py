"""detect's table: one line per field, in tab order, aligned for people and split-able for scripts."""

from __future__ import annotations

from ..report import Report

COLUMNS = ("page", "kind", "name", "score", "rect (pt)", "label")


def fields_table(report: Report) -> str:
    """Every field as page, kind, name, score, /Rect (PDF points) and label; the label, free
    text, comes last so that the columns before it stay aligned."""
    rows = [COLUMNS] + [
        (str(page.index + 1), record.kind, record.name, f"{record.score:.2f}",
         " ".join(f"{v:.1f}" for v in record.rect), record.label)
        for page in report.pages for record in page.fields
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(width) for cell, width in zip(row, widths)), row[-1]]).rstrip() for row in rows
    )
