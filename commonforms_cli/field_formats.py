"""Field formats: a date pattern or a number style, kept as Acrobat's form JavaScript keeps them.

A format is one string in the detect JSON, so that a person can read and edit it:
``date:mm/dd/yyyy`` (the pattern AFDate_FormatEx takes: d, m, y and separators) or
``number:1,234.56`` (an example amount: its separators, decimals and currency show the
style; ``number:$1,234.56``, ``number:1.234,56 €``); ``""`` for none. In the PDF, a format
is a pair of JavaScript actions in the field's /AA: /K checks each keystroke, /F draws the
value formatted. ``fill`` draws values the way /F would, since no script runs there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


# AFNumber_Format's sepStyle: (thousands separator, decimal mark) for 0..3.
_SEPARATORS = {0: (",", "."), 1: ("", "."), 2: (".", ","), 3: ("", ",")}
# AFDate writes English month names, whatever the viewer's language.
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
_DATE_TOKENS = re.compile(r"yyyy|yy|mmmm|mmm|mm|m|dd|d")
_DATE_PATTERN = re.compile(r"(yyyy|yy|mmmm|mmm|mm|m|dd|d|[ ./,-])+")
_NUMBER_EXAMPLE = re.compile(
    r"(?P<before>[^\d]*)1(?P<thousands>[,.]?)234(?:(?P<mark>[.,])(?P<decimals>\d+))?(?P<after>[^\d]*)"
)


@dataclass(frozen=True)
class DateFormat:
    pattern: str  # "mm/dd/yyyy": AFDate's letters (d, dd, m, mm, mmm, mmmm, yy, yyyy) and separators

    def __str__(self) -> str:
        return f"date:{self.pattern}"

    def javascript(self) -> tuple[str, str]:
        """(format script, keystroke script)."""
        return f'AFDate_FormatEx("{self.pattern}");', f'AFDate_KeystrokeEx("{self.pattern}");'

    def hint(self) -> str:
        return self.pattern

    def stored(self, value: str) -> str | None:
        """What /V holds: the date as the field shows it, as if typed so."""
        return self.display(value)

    def display(self, value: str) -> str | None:
        """The value as a date in this pattern (given as yyyy-mm-dd or already in it); None if it is no date."""
        day = _iso_date(value) or self._parse(value)
        return _DATE_TOKENS.sub(lambda token: _date_part(day, token.group()), self.pattern) if day else None

    def _parse(self, value: str) -> date | None:
        """Read a value typed in this pattern, all in numbers (month names are not read)."""
        tokens, numbers = _DATE_TOKENS.findall(self.pattern), re.findall(r"\d+", value)
        if len(tokens) != len(numbers) or "mmm" in self.pattern:
            return None
        parts = {token: int(number) for token, number in zip(tokens, numbers)}
        year = parts.get("yyyy", parts.get("yy", -1))
        if "yy" in parts:
            year += 2000 if year < 50 else 1900
        try:
            return date(year, parts.get("mm", parts.get("m", 0)), parts.get("dd", parts.get("d", 1)))
        except ValueError:
            return None


@dataclass(frozen=True)
class NumberFormat:
    decimals: int
    separators: int  # AFNumber_Format's sepStyle, 0..3 (see _SEPARATORS)
    currency: str = ""  # as printed beside the number, with its space: "$", " €"
    currency_first: bool = True

    def __str__(self) -> str:
        thousands, mark = _SEPARATORS[self.separators]
        fraction = f"{mark}{'56'[:self.decimals].ljust(self.decimals, '0')}" if self.decimals else ""
        example = f"1{thousands}234{fraction}"
        return "number:" + (self.currency + example if self.currency_first else example + self.currency)

    def javascript(self) -> tuple[str, str]:
        arguments = f'{self.decimals}, {self.separators}, 0, 0, "{self.currency}", {str(self.currency_first).lower()}'
        return f"AFNumber_Format({arguments});", f"AFNumber_Keystroke({arguments});"

    def hint(self) -> str:
        return ""

    def stored(self, value: str) -> str | None:
        """What /V holds: the plain number ("1234.5"), as Acrobat keeps it under the formatted display."""
        number = _decimal(value, _SEPARATORS[self.separators])
        return None if number is None else f"{number:f}"

    def display(self, value: str) -> str | None:
        """The value in this style ("1234.5" -> "$1,234.50"); None if it is no number."""
        number = _decimal(value, _SEPARATORS[self.separators])
        if number is None:
            return None
        thousands, mark = _SEPARATORS[self.separators]
        rounded = abs(number).quantize(Decimal(1).scaleb(-self.decimals), rounding=ROUND_HALF_UP)
        whole, _, fraction = f"{rounded:f}".partition(".")
        grouped = f"{int(whole):,}".replace(",", thousands)
        text = grouped + (mark + fraction if self.decimals else "")
        text = self.currency + text if self.currency_first else text + self.currency
        return ("-" if number < 0 and rounded else "") + text


FieldFormat = DateFormat | NumberFormat


def parse_format(text: str) -> FieldFormat | None:
    """A format from its JSON string; None for ""; ValueError saying what is wrong otherwise."""
    kind, _, spec = text.partition(":")
    if not text:
        return None
    if kind == "date" and _DATE_PATTERN.fullmatch(spec) and _DATE_TOKENS.search(spec):
        return DateFormat(spec)
    match = _NUMBER_EXAMPLE.fullmatch(spec) if kind == "number" else None
    style = _style(match["thousands"], match["mark"]) if match else None
    if style is not None and not (match["before"] and match["after"]):
        currency_first = bool(match["before"])
        currency = match["before"] if currency_first else match["after"]
        return NumberFormat(len(match["decimals"] or ""), style, currency, currency_first)
    raise ValueError(
        f'{text!r} is not a format: use "date:" and a pattern such as mm/dd/yyyy or dd.mm.yyyy, or "number:" '
        f"and the way 1234.56 is written, such as 1,234.56, $1,234.56 or 1.234,56 €"
    )


def format_of_script(script: str) -> FieldFormat | None:
    """The format an /AA /F script applies, when it is one of Acrobat's date or number formats."""
    match = re.search(r'AFDate_FormatEx\(\s*"([^"]+)"\s*\)', script)
    if match and _DATE_PATTERN.fullmatch(match[1]) and _DATE_TOKENS.search(match[1]):
        return DateFormat(match[1])
    match = re.search(
        r'AFNumber_Format\(\s*(\d+)\s*,\s*([0-3])\s*,\s*\d+\s*,\s*\d+\s*,\s*"([^"]*)"\s*,\s*(true|false)\s*\)', script
    )
    if match:
        return NumberFormat(int(match[1]), int(match[2]), match[3], match[4] == "true")
    return None


def with_hint(label: str, field_format: FieldFormat | None) -> str:
    """The tooltip: the label, and the pattern to type in when the label does not print one."""
    hint = field_format.hint() if field_format else ""
    if not hint or re.search(r"yy|jj|aa", re.sub(r"[^a-z]", "", label.lower())):
        return label
    return f"{label} ({hint})" if label else hint


def _style(thousands: str, mark: str | None) -> int | None:
    """AFNumber's sepStyle for an example's separators; None for a combination it has not."""
    if mark is None:  # no decimals: the one separator groups thousands
        mark = "," if thousands == "." else "."
    return next((style for style, pair in _SEPARATORS.items() if pair == (thousands, mark)), None)


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", value) else None
    except ValueError:
        return None


def _date_part(day: date, token: str) -> str:
    return {
        "yyyy": f"{day.year:04d}", "yy": f"{day.year % 100:02d}",
        "mmmm": _MONTHS[day.month - 1], "mmm": _MONTHS[day.month - 1][:3],
        "mm": f"{day.month:02d}", "m": str(day.month), "dd": f"{day.day:02d}", "d": str(day.day),
    }[token]


def _decimal(value: str, separators: tuple[str, str]) -> Decimal | None:
    """A plain number ("-1234.5") or one written in the field's own style ("1.234,50")."""
    text = value.strip()
    thousands, mark = separators
    candidates = [text]
    if re.fullmatch(r"-?[\d" + re.escape(thousands) + r"]+(" + re.escape(mark) + r"\d*)?", text):
        candidates.append(text.replace(thousands, "").replace(mark, ".") if thousands else text.replace(mark, "."))
    for candidate in candidates:
        if re.fullmatch(r"-?\d+(\.\d*)?|-?\.\d+", candidate):
            try:
                return Decimal(candidate)
            except InvalidOperation:
                return None
    return None
