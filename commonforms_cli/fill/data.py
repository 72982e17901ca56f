"""The values to fill in: a JSON object (one filled copy) or a CSV table (a copy per row).

JSON values are strings, numbers, booleans or null; CSV values are strings
(the file's first row names the columns). Every mistake is a BadArgumentsError
naming the file and the place in it, before any PDF is written.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Union

from ..errors import BadArgumentsError

Value = Union[str, int, float, bool, None]
ValuesSource = Union[str, os.PathLike, Mapping[str, Any]]
RowsSource = Union[str, os.PathLike, Iterable[Mapping[str, Any]]]


@dataclass(frozen=True)
class Rows:
    """A CSV table: its columns in order, and each row's cells by column (row 1 is the first after the header)."""

    source: str
    columns: list[str]
    rows: list[dict[str, str]]


def read_values(source: ValuesSource) -> tuple[str, dict[str, Value]]:
    """(the source's name for messages, key -> value) from a JSON file, ``-`` for stdin, or a mapping."""
    if isinstance(source, Mapping):
        name, data = "data", source
    else:
        name = _name(source)
        try:
            data = json.loads(_read_text(source), object_pairs_hook=_no_repeated_keys)
        except json.JSONDecodeError as exc:
            raise BadArgumentsError(f"{name}: not JSON ({exc})") from None
        except _RepeatedKey as exc:
            raise BadArgumentsError(f"{name}: the key {exc.args[0]!r} appears twice") from None
    if not isinstance(data, Mapping):
        raise BadArgumentsError(
            f'{name}: expected an object of field names (or labels) and values, like {{"name": "Ada"}}'
        )
    for key, value in data.items():
        if not isinstance(key, str):
            raise BadArgumentsError(f"{name}: keys must be field names or labels, not {key!r}")
        if not (value is None or isinstance(value, (str, bool, int, float))) or (
            isinstance(value, float) and not math.isfinite(value)
        ):
            raise BadArgumentsError(f"{name}: {key}: expected a string, number, true/false or null, not {value!r}")
    return name, dict(data)


def read_rows(source: RowsSource) -> Rows:
    """A CSV file (``-`` for stdin; comma, semicolon or tab separated, as the header shows) or row mappings."""
    if not isinstance(source, (str, os.PathLike)):
        rows = [{str(k): "" if v is None else str(v) for k, v in row.items()} for row in source]
        columns = list(dict.fromkeys(key for row in rows for key in row))
        return Rows("rows", columns, [{c: row.get(c, "") for c in columns} for row in rows])
    name = _name(source)
    text = _read_text(source).lstrip("\ufeff")  # Excel writes a byte order mark
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        table = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise BadArgumentsError(f"{name}: not CSV ({exc})") from None
    if not table:
        raise BadArgumentsError(f"{name}: empty: expected a header row naming the fields, then one row per copy")
    columns = [cell.strip() for cell in table[0]]
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if "" in columns or repeated:
        problem = "a column has no name" if "" in columns else f"the column {repeated[0]!r} appears twice"
        raise BadArgumentsError(f"{name}: header: {problem}")
    rows = []
    for number, row in enumerate(table[1:], start=1):
        if len(row) != len(columns):
            raise BadArgumentsError(f"{name}: row {number}: {len(row)} cells, but the header names {len(columns)}")
        rows.append(dict(zip(columns, row)))
    if not rows:
        raise BadArgumentsError(f"{name}: no rows after the header")
    return Rows(name, columns, rows)


def _delimiter(text: str) -> str:
    """The separator the header row uses most: spreadsheets in many locales write ';'."""
    header = text.split("\n", 1)[0]
    return max(",;\t", key=header.count)


class _RepeatedKey(Exception):
    pass


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict:
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise _RepeatedKey(key)
    return dict(pairs)


def _name(source) -> str:
    return "<stdin>" if str(source) == "-" else str(source)


def _read_text(source) -> str:
    name = _name(source)
    try:
        return sys.stdin.read() if str(source) == "-" else Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BadArgumentsError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise BadArgumentsError(f"{name}: is a folder") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BadArgumentsError(f"{name}: cannot read ({exc})") from None
