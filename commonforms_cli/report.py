"""What a run found and wrote: the Python API's return value, and the JSON of it
(fields_json.py holds the schema, both ways)."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .fields import Field, FieldClass
from .fields_json import ModelSummary, document_to_json, field_to_json, page_to_json
from .geometry import Box, PageGeometry
from .output_files import write_text_atomically


@dataclass(frozen=True)
class FieldRecord:
    """A field detected or written, with the /Rect it has in the PDF (user space)."""

    field: Field
    rect: Box

    @classmethod
    def of(cls, item: Field, geometry: PageGeometry) -> "FieldRecord":
        return cls(item, geometry.to_user_rect(item.bbox))

    @property
    def cls(self) -> FieldClass:
        return self.field.field_class

    @property
    def kind(self) -> str:
        return self.field.kind.value

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def label(self) -> str:
        return self.field.label

    @property
    def score(self) -> float:
        return self.field.score

    @property
    def bbox(self) -> Box:
        return self.field.bbox

    @property
    def format(self) -> str:
        return self.field.format

    def to_json(self) -> dict:
        return field_to_json(self.field, self.rect)


@dataclass
class PageReport:
    index: int
    width: float  # displayed, in points
    height: float
    rotation: int
    fields: list[FieldRecord] = field(default_factory=list)

    @classmethod
    def of(cls, index: int, geometry: PageGeometry) -> "PageReport":
        width, height = geometry.display_size
        return cls(index, width, height, geometry.rotation)

    def to_json(self) -> dict:
        return page_to_json(self.index, (self.width, self.height), self.rotation, [f.to_json() for f in self.fields])


@dataclass
class Report:
    """Every page of one input, with the fields detected (detect) or written (prepare)."""

    input: str
    model: ModelSummary
    pages: list[PageReport] = field(default_factory=list)
    output: str | None = None
    warnings: list[str] = field(default_factory=list)  # for the user, not part of the JSON
    existing_fields: int = 0  # fields the PDF already had, kept: detections overlapping them were left out

    @property
    def fields(self) -> list[FieldRecord]:
        return [f for page in self.pages for f in page.fields]

    def count_by_class(self) -> dict[str, int]:
        counts = {cls.value: 0 for cls in FieldClass}
        for record in self.fields:
            counts[record.cls.value] += 1
        return counts

    def to_json(self) -> dict:
        return document_to_json(self.input, self.model, [page.to_json() for page in self.pages])

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
