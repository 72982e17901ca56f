"""``fill``: set a fillable PDF's fields from data, the way a program or a CI pipeline fills forms.

``fill_form`` writes one filled copy from a JSON object (``fill IN DATA OUT``);
``fill_csv`` one copy per row of a CSV table (``fill IN --csv ROWS -o DIR``).
Every key and value is checked against the form before any PDF is written;
outputs appear only when complete, and the input is never modified.

The rules are here: data.py reads the values, matching.py matches keys to the
form's fields, values.py checks what each field takes. The PDF side is in pdf/:
fillable_fields.py reads the form, form_filler.py writes the values and their
appearances (text_appearance.py, field_fonts.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BadArgumentsError
from ..output_files import check_output_file, check_output_folder
from ..pdf.change_policy import change_policy
from ..pdf.document import Source, open_pdf, reading
from ..pdf.fillable_fields import FormField, read_form
from ..pdf.form_filler import flatten as flatten_pages, write_values
from ..pdf.save import save_pdf
from .data import Rows, RowsSource, Value, ValuesSource, read_rows, read_values
from .matching import match_keys, unknown_keys_message
from .values import Assignment, RefusedValue, assign

if TYPE_CHECKING:
    import pymupdf

__all__ = ["FillReport", "fill_csv", "fill_form"]

MAX_PROBLEMS_LISTED = 5


@dataclass
class FillReport:
    """One filled copy: what was set, and what was not."""

    input: str
    output: str
    filled: dict[str, str] = dataclass_field(default_factory=dict)  # field name -> the value written (/V)
    ignored: list[str] = dataclass_field(default_factory=list)  # keys that match no field (ignore_unknown)
    flattened: bool = False
    warnings: list[str] = dataclass_field(default_factory=list)


def fill_form(
    input: Source, data: ValuesSource, output: str | Path, *, password: str | None = None,
    ignore_unknown: bool = False, flatten: bool = False,
) -> FillReport:
    """Write ``input`` filled with ``data`` (a JSON file, ``-`` for stdin, or a mapping) to ``output``.

    Keys are field names, or labels (tooltips) when no name matches; see
    ``commonforms fill --help``. Keys that match no field are an error unless
    ``ignore_unknown``; ``flatten`` bakes the values into the pages and removes the fields.
    """
    output = check_output_file(output, _path_of(input))
    source, values = read_values(data)
    with open_pdf(input, password) as doc, reading(_name_of(input)):
        plan = _plan(source, values, _form_fields(doc, input), ignore_unknown)
        return _write(doc, input, plan, output, flatten)


def fill_csv(
    input: Source, rows: RowsSource, output_dir: str | Path, *, name_column: str | None = None,
    password: str | None = None, ignore_unknown: bool = False, flatten: bool = False,
) -> list[FillReport]:
    """Write one filled copy of ``input`` per row of ``rows`` (a CSV file, ``-`` for stdin, or row mappings)
    into ``output_dir``, named from the ``name_column`` cells, else by row number.

    The folder is checked before anything is read, each copy's path before the PDF is, and every row
    before any copy is written: a bad row fails the whole table.
    """
    output_dir = check_output_folder(output_dir)
    table = read_rows(rows)
    outputs = _row_outputs(input, table, output_dir, name_column)
    if output_dir.is_dir():  # a folder still to be made holds neither the input nor anything in the way
        for output in outputs:
            check_output_file(output, _path_of(input))
    with open_pdf(input, password) as doc, reading(_name_of(input)):
        fields = _form_fields(doc, input)
    keys = [c for c in table.columns if c != name_column or _names_a_field(c, fields)]
    plans = [_plan(f"{table.source}: row {n}", {k: row[k] for k in keys}, fields, ignore_unknown, table.source)
             for n, row in enumerate(table.rows, start=1)]
    output_dir.mkdir(parents=True, exist_ok=True)
    reports = []
    for plan, output in zip(plans, outputs):
        with open_pdf(input, password) as doc, reading(_name_of(input)):
            reports.append(_write(doc, input, plan, output, flatten))
    return reports


@dataclass(frozen=True)
class _Plan:
    """Everything one copy sets, checked against the form."""

    assignments: list[Assignment]
    ignored: list[str]
    warnings: list[str]


def _plan(where: str, values: dict[str, Value], fields: list[FormField], ignore_unknown: bool,
          keys_source: str | None = None) -> _Plan:
    """Match keys to fields and turn values into what each field takes; every problem in one error.

    ``keys_source`` names where the keys come from when that is not ``where``
    (a CSV header, not one of its rows)."""
    matches = match_keys(keys_source or where, list(values), fields)
    if matches.unknown and not ignore_unknown:
        raise BadArgumentsError(unknown_keys_message(keys_source or where, matches.unknown, fields)
                                + " (--ignore-unknown skips them)")
    warnings: list[str] = []
    assignments, problems = [], []
    for key, item in matches.fields.items():
        try:
            assignments.append(assign(item, values[key], warnings))
        except RefusedValue as exc:
            named = f"field {item.name!r}" if key == item.name else f"{key!r} (field {item.name!r})"
            problems.append(f"{named} {exc}")
    if problems:
        more = len(problems) - MAX_PROBLEMS_LISTED
        listed = "; ".join(problems[:MAX_PROBLEMS_LISTED]) + (f"; and {more} more" if more > 0 else "")
        raise BadArgumentsError(f"{where}: {listed}")
    return _Plan(assignments, matches.unknown, warnings)


def _write(doc: pymupdf.Document, input: Source, plan: _Plan, output: Path, flatten: bool) -> FillReport:
    name = _name_of(input)
    report = FillReport(name, str(output), ignored=plan.ignored, flattened=flatten, warnings=list(plan.warnings))
    incremental = change_policy(doc, name, "filling", "--flatten" if flatten else None, report.warnings)
    write_values(doc, plan.assignments, report.warnings)
    if flatten:
        flatten_pages(doc)
    save_pdf(doc, output, incremental=incremental)
    report.filled = {a.field.name: a.value for a in plan.assignments}
    return report


def _form_fields(doc: pymupdf.Document, input: Source) -> list[FormField]:
    fields = read_form(doc)
    if not fields:
        raise BadArgumentsError(f"{_name_of(input)}: has no form fields to fill (commonforms prepare makes them)")
    return fields


def _row_outputs(input: Source, table: Rows, output_dir: Path, name_column: str | None) -> list[Path]:
    """Each row's output file: its name column's cell, made a safe file name, else the row number."""
    if name_column is not None and name_column not in table.columns:
        raise BadArgumentsError(f"{table.source}: no column {name_column!r} (--name-column); "
                                f"the columns are {', '.join(map(repr, table.columns))}")
    stem = "filled" if isinstance(input, (bytes, bytearray)) else Path(input).stem
    digits = len(str(len(table.rows)))
    names = []
    for number, row in enumerate(table.rows, start=1):
        if name_column is None:
            names.append(f"{stem}-{number:0{digits}d}.pdf")
            continue
        name = re.sub(r"[\x00-\x1f/\\:*?\"<>|]+", "_", row[name_column]).strip(" ._")
        if not name:
            raise BadArgumentsError(f"{table.source}: row {number}: the {name_column!r} cell is empty; "
                                    "every copy needs a file name")
        names.append(name if name.lower().endswith(".pdf") else f"{name}.pdf")
    seen: dict[str, int] = {}
    for number, name in enumerate(names, start=1):
        if name.lower() in seen:
            raise BadArgumentsError(f"{table.source}: rows {seen[name.lower()]} and {number} would both be "
                                    f"written to {output_dir / name}")
        seen[name.lower()] = number
    return [output_dir / name for name in names]


def _names_a_field(column: str, fields: list[FormField]) -> bool:
    """Is the name column also one of the form's fields? Then it is filled too."""
    return not match_keys(column, [column], fields).unknown


def _path_of(source: Source) -> Path | None:
    return None if isinstance(source, (bytes, bytearray)) else Path(source)


def _name_of(source: Source) -> str:
    return "-" if isinstance(source, (bytes, bytearray)) else str(source)
