"""A value from the data as what its field takes: text, a check box or radio state, a list option.

Check boxes and radio options take their export value, or a yes/no word
(true/false, yes/no, on/off, x, 1/0; JSON booleans); an empty value or null
clears any field. A text field with a date or number format stores and shows
the value the way its format script would, when the value reads as one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..field_formats import DateFormat
from ..refine.names import fold
from ..pdf.fillable_fields import COMBO, EDIT, MULTILINE, FillKind, FormField
from .data import Value

OFF = "Off"
_TRUE = {"true", "yes", "on", "x", "1"}
_FALSE = {"false", "no", "off", "0", ""}


@dataclass(frozen=True)
class Assignment:
    """What filling does to one field."""

    field: FormField
    value: str  # its /V: the text, the chosen option's export value, or a button state ("Off": none)
    shown: str  # what the appearance draws: the text as formatted, or a chosen option's text


class RefusedValue(Exception):
    """A value its field cannot take; the message says what it takes instead."""


def assign(item: FormField, value: Value, warnings: list[str]) -> Assignment:
    """The assignment of ``value`` to ``item``; RefusedValue when the field cannot take it."""
    if item.kind is FillKind.text:
        return _text(item, value, warnings)
    if item.kind in (FillKind.checkbox, FillKind.radio):
        state = _state(item, value)
        return Assignment(item, state, state)
    if item.kind is FillKind.choice:
        return _choice(item, value)
    what = "a signature field: it is signed, not filled" if item.kind is FillKind.signature else "a push button"
    raise RefusedValue(f"is {what}")


def _text(item: FormField, value: Value, warnings: list[str]) -> Assignment:
    if isinstance(value, bool):
        raise RefusedValue(f"is a text field: give text or a number, not {str(value).lower()}")
    text = "" if value is None else value if isinstance(value, str) else f"{Decimal(repr(value)):f}"
    if not item.flags & MULTILINE:
        text = " ".join(text.splitlines())
    _check_showable(text)
    if item.max_len and len(text) > item.max_len:
        raise RefusedValue(f"takes at most {item.max_len} characters, not {len(text)} ({text!r})")
    if item.format is None or not text:
        return Assignment(item, text, text)
    stored, shown = item.format.stored(text), item.format.display(text)
    if stored is None:
        kind = f"a date as {item.format.pattern}" if isinstance(item.format, DateFormat) else "a number"
        warnings.append(f"{item.name}: {text!r} is not {kind}, as the field's format expects; filled as given")
        return Assignment(item, text, text)
    return Assignment(item, stored, shown)


def _state(item: FormField, value: Value) -> str:
    """The on-state ``value`` chooses, or Off."""
    word = _loose(str(value)) if value is not None else ""
    chosen = {w.on_state for w in item.widgets if w.on_state and word and word in _names(item, w)}
    if not isinstance(value, bool) and len(chosen) == 1:
        return chosen.pop()
    if len(chosen) > 1:
        raise RefusedValue(f"has {len(chosen)} options {str(value)!r} could mean: {', '.join(sorted(chosen))}")
    if value is False or value is None or word in _FALSE:
        return OFF
    if (value is True or word in _TRUE) and len(item.on_states) == 1:
        return item.on_states[0]
    choices = ", ".join(repr(_shown_value(item, w)) for w in item.widgets if w.on_state)
    if item.kind is FillKind.checkbox:
        raise RefusedValue(f"is a check box: give true or false (yes/no, on/off, x) or its export value {choices}, "
                          f"not {value!r}")
    raise RefusedValue(f"is a radio group: give one of {choices} (or false to clear it), not {value!r}")


def _choice(item: FormField, value: Value) -> Assignment:
    text = "" if value is None else str(value)
    if not text:
        return Assignment(item, "", "")
    for compare in (str, _loose):
        for export, shown in item.options:
            if compare(text) in (compare(export), compare(shown)):
                return Assignment(item, export, shown)
    if item.flags & COMBO and item.flags & EDIT:
        _check_showable(text)
        return Assignment(item, text, text)
    choices = ", ".join(repr(shown) for _, shown in item.options[:12]) + (" ..." if len(item.options) > 12 else "")
    raise RefusedValue(f"is a list: give one of {choices}, not {text!r}")


def _names(item: FormField, widget) -> set[str]:
    """What a button widget's value may be called: its state, its /Opt export value, a radio option's label."""
    names = {widget.on_state, widget.export_value} | ({widget.label} if item.kind is FillKind.radio else set())
    return {_loose(name) for name in names if name}


def _shown_value(item: FormField, widget) -> str:
    """The name a button widget's value is best given by: /Opt, a radio option's label, else its state."""
    return widget.export_value or (widget.label if item.kind is FillKind.radio else "") or widget.on_state


def _check_showable(text: str) -> None:
    """Appearances draw with a WinAnsi (Latin) font: other characters cannot be shown."""
    unshowable = sorted({c for c in text if c not in "\n\r" and not _in_winansi(c)})
    if unshowable:
        raise RefusedValue(f"has characters the form's fonts cannot show: {''.join(unshowable)!r}")


def _in_winansi(char: str) -> bool:
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return char >= " "


def _loose(text: str) -> str:
    """Case, accents, spaces and punctuation aside: "N/A" is the state N_A."""
    return re.sub(r"[\W_]+", "", fold(text))
