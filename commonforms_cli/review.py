"""Fields a person reviewed: the detect JSON, perhaps edited, read back to be written as it is.

``detect --json`` -> drop false positives, rename, change a kind, move a box
-> ``prepare --fields``. ``bbox`` is the truth (``rect`` is derived from it and
ignored); ``kind`` says what is written, and ``class`` stands in for it when
absent. Every mistake is reported with its place in the JSON, before any PDF
is opened, so a script that edits the file learns exactly what it broke.
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import pymupdf

from .document import page_geometry
from .errors import BadArgumentsError
from .field_formats import parse_format
from .fields import Field, FieldClass, FieldKind
from .report import ModelSummary

FieldsSource = str | Path | Mapping[str, Any]

KIND_OF_CLASS = {FieldClass.text: FieldKind.text, FieldClass.choice: FieldKind.checkbox,
                 FieldClass.signature: FieldKind.signature}
# Field attributes the JSON may set beyond the detect schema (a tooltip, a radio group, comb cells).
OPTIONAL_KEYS = {"label": str, "group": str, "export_value": str, "max_len": int, "font_size": float, "format": str}
PAGE_SIZE_TOLERANCE_PT = 1.0


@dataclass(frozen=True)
class ReviewedPage:
    index: int
    size: tuple[float, float] | None  # displayed width and height in points, when the JSON says
    fields: list[Field]


@dataclass(frozen=True)
class ReviewedFields:
    """The fields of a detect JSON, in its order (the tab order), ready to write."""

    source: str
    model: ModelSummary  # the model that first found them, as the JSON says
    pages: list[ReviewedPage]

    def fields_for(self, doc: pymupdf.Document) -> list[Field]:
        """The fields, once checked against the PDF they are written to."""
        for page in self.pages:
            if page.index >= doc.page_count:
                raise BadArgumentsError(
                    f"{self.source}: page {page.index + 1} is not in the PDF (it has {doc.page_count})"
                )
            actual = page_geometry(doc[page.index]).display_size
            if page.size and any(abs(a - b) > PAGE_SIZE_TOLERANCE_PT for a, b in zip(page.size, actual)):
                raise BadArgumentsError(
                    f"{self.source}: page {page.index + 1} is {page.size[0]:g}x{page.size[1]:g} pt in the JSON "
                    f"but {actual[0]:g}x{actual[1]:g} pt in the PDF: these fields are for another PDF"
                )
        return [item for page in self.pages for item in page.fields]


def read_fields(source: FieldsSource) -> ReviewedFields:
    """Read and validate a detect JSON: a file, ``-`` for stdin, or the already parsed object."""
    if not isinstance(source, (str, os.PathLike)):
        name, data = "fields", source
    else:
        name = "<stdin>" if str(source) == "-" else str(source)
        try:
            text = sys.stdin.read() if str(source) == "-" else Path(source).read_text(encoding="utf-8")
            data = json.loads(text)
        except FileNotFoundError:
            raise BadArgumentsError(f"{name}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BadArgumentsError(f"{name}: cannot read ({exc})") from None
        except json.JSONDecodeError as exc:
            raise BadArgumentsError(f"{name}: not JSON ({exc})") from None
    return _Reader(name).document(data)


class _Reader:
    """Validation with the JSON path of each mistake in its message."""

    def __init__(self, name: str):
        self.name = name

    def fail(self, where: str, problem: str):
        raise BadArgumentsError(f"{self.name}: {where}: {problem}")

    def document(self, data) -> ReviewedFields:
        if not isinstance(data, Mapping) or not isinstance(data.get("pages"), list):
            self.fail("top level", 'expected an object with a "pages" list (the JSON detect --json writes)')
        pages, seen = [], set()
        for i, page in enumerate(data["pages"]):
            reviewed = self.page(page, f"pages[{i}]")
            if reviewed.index in seen:
                self.fail(f"pages[{i}].index", f"page index {reviewed.index} appears twice")
            seen.add(reviewed.index)
            pages.append(reviewed)
        return ReviewedFields(self.name, self.model(data.get("model")), pages)

    def model(self, data) -> ModelSummary:
        if not isinstance(data, Mapping):
            return ModelSummary("", "", 0)
        imgsz = data.get("imgsz")
        return ModelSummary(str(data.get("name", "")), str(data.get("sha256", "")), imgsz if isinstance(imgsz, int) else 0)

    def page(self, data, where: str) -> ReviewedPage:
        if not isinstance(data, Mapping):
            self.fail(where, "expected an object")
        index = data.get("index")
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            self.fail(f"{where}.index", "expected the page's 0-based index")
        fields = data.get("fields", [])
        if not isinstance(fields, list):
            self.fail(f"{where}.fields", "expected a list")
        size = None
        if "width" in data or "height" in data:
            size = (self.number(data.get("width"), f"{where}.width"), self.number(data.get("height"), f"{where}.height"))
        return ReviewedPage(index, size, [self.field(item, index, f"{where}.fields[{j}]") for j, item in enumerate(fields)])

    def field(self, data, page: int, where: str) -> Field:
        if not isinstance(data, Mapping):
            self.fail(where, "expected an object")
        kind = self.kind(data, where)
        bbox = self.bbox(data.get("bbox"), f"{where}.bbox")
        name = data.get("name", "")
        if not isinstance(name, str):
            self.fail(f"{where}.name", "expected a string")
        score = self.number(data.get("score", 1.0), f"{where}.score")
        if not 0.0 <= score <= 1.0:
            self.fail(f"{where}.score", f"must be between 0 and 1, not {score:g}")
        extra = {key: self.optional(data[key], kind_of, f"{where}.{key}")
                 for key, kind_of in OPTIONAL_KEYS.items() if key in data}
        self.field_format(extra.get("format", ""), kind, f"{where}.format")
        return Field(page=page, kind=kind, bbox=bbox, name=name, score=score, **extra)

    def field_format(self, text: str, kind: FieldKind, where: str) -> None:
        try:
            parse_format(text)
        except ValueError as exc:
            self.fail(where, str(exc))
        if text and kind.field_class is not FieldClass.text:
            self.fail(where, f"a {kind.value} has no format; only text fields do")

    def kind(self, data: Mapping, where: str) -> FieldKind:
        kind = cls = None
        if "kind" in data:
            kind = self.choice(FieldKind, data["kind"], f"{where}.kind")
        if "class" in data:
            cls = self.choice(FieldClass, data["class"], f"{where}.class")
        if kind is None and cls is None:
            self.fail(where, 'needs a "kind" (or a "class")')
        if kind is not None and cls is not None and kind.field_class is not cls:
            self.fail(where, f'kind {kind.value!r} is not of class {cls.value!r}: change both, or drop "class"')
        return kind if kind is not None else KIND_OF_CLASS[cls]

    def choice(self, enum, value, where: str):
        try:
            return enum(value)
        except ValueError:
            self.fail(where, f"{value!r} is not one of {', '.join(member.value for member in enum)}")

    def bbox(self, value, where: str) -> tuple[float, float, float, float]:
        if not isinstance(value, list) or len(value) != 4:
            self.fail(where, "expected [x0, y0, x1, y1] in fractions of the displayed page")
        x0, y0, x1, y1 = (self.number(v, where) for v in value)
        if not all(0.0 <= v <= 1.0 for v in (x0, y0, x1, y1)):
            self.fail(where, "values must be fractions of the page, between 0 and 1")
        if not (x0 < x1 and y0 < y1):
            self.fail(where, "needs x0 < x1 and y0 < y1 (origin top-left)")
        return (x0, y0, x1, y1)

    def number(self, value, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            self.fail(where, f"expected a number, not {value!r}")
        return float(value)

    def optional(self, value, kind_of: type, where: str):
        if kind_of is str and isinstance(value, str):
            return value
        if kind_of is int and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if kind_of is float:
            return self.number(value, where)
        self.fail(where, f"expected {'a string' if kind_of is str else 'a whole number >= 0'}, not {value!r}")
