"""The fields JSON, both ways: what ``detect --json`` / ``prepare --json`` write, and what
``prepare --fields`` / ``preview --fields`` read back, perhaps edited by a person.

One schema (documented in README.md; keys are added, never changed or removed)::

    {"input": str, "model": {"name": str, "sha256": str, "imgsz": int},
     "pages": [{"index": int, "width": float, "height": float, "rotation": int,
                "fields": [{"class": "text"|"choice"|"signature", "kind": str, "score": float,
                            "bbox": [x0, y0, x1, y1], "rect": [x0, y0, x1, y1], "name": str,
                            "label": str, "group": str, "question": str, "export_value": str,
                            "max_len": int, "font_size": float, "format": str}]}]}

``field_to_json`` and ``field_from_json`` mirror each other over every
attribute of ``Field`` that the writer uses, so an unedited JSON writes
exactly the widgets ``prepare`` writes; the fields' order is the tab order.
``bbox`` (display fractions) is the truth and is written unrounded; ``rect``
(the PDF ``/Rect``) is derived from it and ignored on reading; ``class`` may
stand in for ``kind``; ``format`` is a text field's date or number format
(field_formats.py; "" for none). Every mistake is reported with its place in the JSON,
before any PDF is opened, so a script that edits the file learns exactly
what it broke.
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .errors import BadArgumentsError
from .field_formats import parse_format
from .fields import Field, FieldClass, FieldKind
from .geometry import Box

FieldsSource = str | Path | Mapping[str, Any]

# Field attributes carried under their own names, with the JSON type of each.
ATTRIBUTES = {"name": str, "label": str, "group": str, "question": str, "export_value": str, "max_len": int,
              "font_size": float, "format": str}
KIND_OF_CLASS = {FieldClass.text: FieldKind.text, FieldClass.choice: FieldKind.checkbox,
                 FieldClass.signature: FieldKind.signature}
PAGE_SIZE_TOLERANCE_PT = 1.0


@dataclass(frozen=True)
class ModelSummary:
    """Which model found the fields."""

    name: str
    sha256: str
    imgsz: int

    def to_json(self) -> dict:
        return {"name": self.name, "sha256": self.sha256, "imgsz": self.imgsz}

    @classmethod
    def from_json(cls, data) -> "ModelSummary":
        """Lenient: the model is a record of where the fields came from, not something to write."""
        if not isinstance(data, Mapping):
            return cls("", "", 0)
        imgsz = data.get("imgsz")
        return cls(str(data.get("name", "")), str(data.get("sha256", "")), imgsz if isinstance(imgsz, int) else 0)


def field_to_json(item: Field, rect: Box) -> dict:
    """One field as the JSON carries it; ``rect``: its /Rect in PDF user space."""
    return {
        "class": item.field_class.value,
        "kind": item.kind.value,
        "score": round(item.score, 4),
        "bbox": list(item.bbox),
        "rect": [round(v, 3) for v in rect],
        **{key: getattr(item, key) for key in ATTRIBUTES},
    }


def page_to_json(index: int, size: tuple[float, float], rotation: int, fields: list[dict]) -> dict:
    """One page: its displayed size in points, its /Rotate and its fields in tab order."""
    return {"index": index, "width": round(size[0], 3), "height": round(size[1], 3), "rotation": rotation,
            "fields": fields}


def document_to_json(input: str, model: ModelSummary, pages: list[dict]) -> dict:
    return {"input": input, "model": model.to_json(), "pages": pages}


@dataclass(frozen=True)
class FieldsPage:
    index: int
    size: tuple[float, float] | None  # displayed width and height in points, when the JSON says
    fields: list[Field]


@dataclass(frozen=True)
class FieldsDocument:
    """The fields of a JSON, in its order (the tab order), ready to write."""

    source: str
    model: ModelSummary  # the model that first found them, as the JSON says
    pages: list[FieldsPage]

    def fields_for(self, page_sizes: list[tuple[float, float]]) -> list[Field]:
        """The fields, once checked against the displayed page sizes of the PDF they go into."""
        for page in self.pages:
            if page.index >= len(page_sizes):
                raise BadArgumentsError(
                    f"{self.source}: page {page.index + 1} is not in the PDF (it has {len(page_sizes)})"
                )
            actual = page_sizes[page.index]
            if page.size and any(abs(a - b) > PAGE_SIZE_TOLERANCE_PT for a, b in zip(page.size, actual)):
                raise BadArgumentsError(
                    f"{self.source}: page {page.index + 1} is {page.size[0]:g}x{page.size[1]:g} pt in the JSON "
                    f"but {actual[0]:g}x{actual[1]:g} pt in the PDF: these fields are for another PDF"
                )
        return [item for page in self.pages for item in page.fields]


def read_fields(source: FieldsSource) -> FieldsDocument:
    """Read and validate a fields JSON: a file, ``-`` for stdin, or the already parsed object."""
    if not isinstance(source, (str, os.PathLike)):
        return document_from_json(source, "fields")
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
    return document_from_json(data, name)


def document_from_json(data, name: str) -> FieldsDocument:
    """The parsed JSON's fields; ``name`` says where it came from in error messages."""
    reader = _Reader(name)
    if not isinstance(data, Mapping) or not isinstance(data.get("pages"), list):
        reader.fail("top level", 'expected an object with a "pages" list (the JSON detect --json writes)')
    pages, seen = [], set()
    for i, page in enumerate(data["pages"]):
        read = reader.page(page, f"pages[{i}]")
        if read.index in seen:
            reader.fail(f"pages[{i}].index", f"page index {read.index} appears twice")
        seen.add(read.index)
        pages.append(read)
    return FieldsDocument(name, ModelSummary.from_json(data.get("model")), pages)


class _Reader:
    """Validation with the JSON path of each mistake in its message."""

    def __init__(self, name: str):
        self.name = name

    def fail(self, where: str, problem: str):
        raise BadArgumentsError(f"{self.name}: {where}: {problem}")

    def page(self, data, where: str) -> FieldsPage:
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
            size = (self.number(data.get("width"), f"{where}.width"),
                    self.number(data.get("height"), f"{where}.height"))
        return FieldsPage(index, size,
                          [self.field(item, index, f"{where}.fields[{j}]") for j, item in enumerate(fields)])

    def field(self, data, page: int, where: str) -> Field:
        if not isinstance(data, Mapping):
            self.fail(where, "expected an object")
        kind = self.kind(data, where)
        bbox = self.bbox(data.get("bbox"), f"{where}.bbox")
        score = self.number(data.get("score", 1.0), f"{where}.score")
        if not 0.0 <= score <= 1.0:
            self.fail(f"{where}.score", f"must be between 0 and 1, not {score:g}")
        attributes = {key: self.attribute(data[key], kind_of, f"{where}.{key}")
                      for key, kind_of in ATTRIBUTES.items() if key in data}
        self.check_format(attributes.get("format", ""), kind, f"{where}.format")
        return Field(page=page, kind=kind, bbox=bbox, name=attributes.pop("name", ""), score=score, **attributes)

    def check_format(self, text: str, kind: FieldKind, where: str) -> None:
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

    def bbox(self, value, where: str) -> Box:
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

    def attribute(self, value, kind_of: type, where: str):
        if kind_of is str and isinstance(value, str):
            return value
        if kind_of is int and isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        if kind_of is float:
            return self.number(value, where)
        self.fail(where, f"expected {'a string' if kind_of is str else 'a whole number >= 0'}, not {value!r}")
