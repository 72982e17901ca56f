"""What a run found and wrote: the detect/prepare JSON and the Python API's return value.

The JSON schema (stable; documented in README.md):

    {"input": str, "model": {"name": str, "sha256": str, "imgsz": int},
     "pages": [{"index": int, "width": float, "height": float, "rotation": int,
                "fields": [{"class": "text"|"choice"|"signature", "kind": str, "score": float,
                            "bbox": [x0, y0, x1, y1], "rect": [x0, y0, x1, y1], "name": str,
                            "label": str}]}]}

``bbox`` is in fractions of the page as displayed (origin top-left); ``rect``
is the PDF user-space ``/Rect``; ``width``/``height`` are the displayed page
size in points. ``label`` is the text that labels the field (its tooltip; ""
when none was found).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .fields import Field, FieldClass
from .geometry import Box, PageGeometry
from .output_files import write_text_atomically


@dataclass(frozen=True)
class ModelSummary:
    name: str
    sha256: str
    imgsz: int


@dataclass(frozen=True)
class FieldRecord:
    cls: FieldClass
    kind: str
    score: float
    bbox: Box
    rect: Box
    name: str
    label: str = ""

    @classmethod
    def of(cls, item: Field, geometry: PageGeometry) -> "FieldRecord":
        rect = geometry.to_user_rect(item.bbox)
        return cls(item.field_class, item.kind.value, item.score, item.bbox, rect, item.name, item.label)

    def to_json(self) -> dict:
        return {
            "class": self.cls.value,
            "kind": self.kind,
            "score": round(self.score, 4),
            "bbox": [round(v, 6) for v in self.bbox],
            "rect": [round(v, 3) for v in self.rect],
            "name": self.name,
            "label": self.label,
        }


@dataclass
class PageReport:
    index: int
    width: float
    height: float
    rotation: int
    fields: list[FieldRecord] = field(default_factory=list)

    @classmethod
    def of(cls, index: int, geometry: PageGeometry) -> "PageReport":
        width, height = geometry.display_size
        return cls(index, width, height, geometry.rotation)

    def to_json(self) -> dict:
        return {
            "index": self.index,
            "width": round(self.width, 3),
            "height": round(self.height, 3),
            "rotation": self.rotation,
            "fields": [f.to_json() for f in self.fields],
        }


@dataclass
class Report:
    """Every page of one input, with the fields detected (detect) or written (prepare)."""

    input: str
    model: ModelSummary
    pages: list[PageReport] = field(default_factory=list)
    output: str | None = None
    warnings: list[str] = field(default_factory=list)  # for the user, not part of the JSON

    @property
    def fields(self) -> list[FieldRecord]:
        return [f for page in self.pages for f in page.fields]

    def count_by_class(self) -> dict[str, int]:
        counts = {cls.value: 0 for cls in FieldClass}
        for record in self.fields:
            counts[record.cls.value] += 1
        return counts

    def to_json(self) -> dict:
        return {
            "input": self.input,
            "model": {"name": self.model.name, "sha256": self.model.sha256, "imgsz": self.model.imgsz},
            "pages": [page.to_json() for page in self.pages],
        }

    def write_json(self, destination: str | Path) -> None:
        write_json(self.to_json(), destination)


def write_json(data: dict, destination: str | Path) -> None:
    """Write JSON to a path (whole or not at all), or to stdout for ``-``."""
    text = json.dumps(data, indent=2) + "\n"
    if str(destination) == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_text_atomically(destination, text)
