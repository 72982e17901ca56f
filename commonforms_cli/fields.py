"""The plain records passed between pipeline stages.

Boxes are always display fractions (see geometry.py): ``(x0, y0, x1, y1)``
of the page as displayed, origin top-left.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from .geometry import Box


class FieldClass(str, Enum):
    """The detector's three classes (CommonForms' label set)."""

    text = "text"
    choice = "choice"
    signature = "signature"


# Class order of the detector's outputs, as trained (ultralytics names 0, 1, 2).
CLASS_ORDER = (FieldClass.text, FieldClass.choice, FieldClass.signature)


class FieldKind(str, Enum):
    """What the writer makes of a field: a refinement of its class."""

    text = "text"
    multiline = "multiline"
    comb = "comb"
    checkbox = "checkbox"
    radio = "radio"
    signature = "signature"

    @property
    def field_class(self) -> FieldClass:
        if self in (FieldKind.checkbox, FieldKind.radio):
            return FieldClass.choice
        if self is FieldKind.signature:
            return FieldClass.signature
        return FieldClass.text


@dataclass(frozen=True)
class Detection:
    """One box the detector found on one page."""

    page: int
    cls: FieldClass
    score: float
    bbox: Box


@dataclass
class Field:
    """A form field to write: a detection refined with a kind, a name and a label."""

    page: int
    kind: FieldKind
    bbox: Box
    name: str
    score: float = 1.0
    label: str = ""
    group: str = ""  # radio options: which group (one field, named as its first option); empty for the rest
    export_value: str = ""  # a radio option's on-state / a check box's value
    max_len: int = 0  # comb fields: the number of character cells
    font_size: float = 0.0  # 0 = auto
    format: str = ""  # a text field's date or number format, as field_formats.py writes it ("date:mm/dd/yyyy")
    question: str = ""  # a radio option: the question its group answers (the group's tooltip)

    @property
    def field_class(self) -> FieldClass:
        return self.kind.field_class
