"""Field formats from labels, as Acrobat's form wizard sets them: dates where the label says date,
numbers where it says amount.

The label's own pattern wins ("(mm/dd/yyyy)", "TT.MM.JJJJ", "JJ/MM/AAAA"); else its
language picks the usual order: mm/dd/yyyy in English, dd.mm.yyyy in German,
dd/mm/yyyy in French and Spanish. An amount ("Amount", "Betrag", "Montant",
"Importe", "Total", a currency) gets two decimals written the language's way,
with the currency the label prints. Only one-line text boxes wide enough for
the formatted value get a format: a day or month cell of a split date, a
"Date and place" line or "Total hours" stay plain text.
"""

from __future__ import annotations

import re

from ..field_formats import DateFormat, NumberFormat
from ..fields import FieldKind
from .names import fold

MAX_LABEL_WORDS = 8  # a longer label is a sentence that may mention a date in passing
DIGIT_EM, SEPARATOR_EM = 0.556, 0.333  # Helvetica's digit width, and a separator's at most
PADDING_PT = 4.0  # the viewer's inner margins, both sides
DEFAULT_FONT_PT = 10.0  # for auto-size fields

_DATE_WORDS = re.compile(r"\b(date|dated|dob|fecha|\w*datum)\b")
_NOT_ONE_DATE = re.compile(
    r"\b(time|place|city|hour|lieu|heure|ort|uhrzeit|zeit|lugar|hora|from|to|bis|von|au|del|al)\b"
)
_FRENCH = re.compile(r"\b(de|du|le|la|naissance|fait|effet|debut|fin|signature)\b")
_PATTERN = re.compile(r"(?<![a-z])([dmyjta]{1,4})([./ -])([dmyjta]{1,4})(?:\2([dmyjta]{1,4}))?(?![a-z])")
_DATE_ORDER = {"en": "mm/dd/yyyy", "de": "dd.mm.yyyy", "fr": "dd/mm/yyyy", "es": "dd/mm/yyyy"}

_AMOUNT_LANGUAGE = {"amount": "en", "total": "", "summe": "de", "montant": "fr", "importe": "es"}  # *betrag: de
_AMOUNT = re.compile(r"\b(amount|total|\w*betrag|summe|montant|importe)\b")
_CURRENCY = re.compile(r"(\$|€|£|\beur\b|\busd\b|\bgbp\b|\bchf\b)")
_NOT_MONEY = re.compile(
    r"\b(number|no|count|quantity|qty|hours?|days?|weeks?|months?|years?|pages?|persons?|people|anzahl|stunden|"
    r"tage|nombre|heures|jours|numero|horas|dias|percent|weight|kg|lbs?|miles|km)\b|%|#"
)
# (AFNumber's sepStyle, currency before the number) per language.
_NUMBER_STYLE = {"en": (0, True), "de": (2, False), "es": (2, False), "fr": (3, False)}


def field_format(kind: FieldKind, label: str, width_pt: float, font_size: float) -> str:
    """The format string (``date:mm/dd/yyyy``, ``number:$1,234.56``) a field's label calls for; "" for none."""
    folded = " ".join(fold(label).split())
    if kind is not FieldKind.text or not folded or len(folded.split()) > MAX_LABEL_WORDS:
        return ""
    found = _date_format(folded) or _number_format(folded)
    if found is None or _width_needed(str(found).partition(":")[2], font_size or DEFAULT_FONT_PT) > width_pt:
        return ""
    return str(found)


def _date_format(folded: str) -> DateFormat | None:
    printed = _printed_pattern(folded)
    if printed:
        return DateFormat(printed)
    words = _DATE_WORDS.search(folded)
    if not words or _NOT_ONE_DATE.search(folded):
        return None
    word = words.group(1)
    language = "es" if word == "fecha" else "de" if word.endswith("datum") else "fr" if _FRENCH.search(folded) else "en"
    return DateFormat(_DATE_ORDER[language])


def _printed_pattern(folded: str) -> str:
    """A date pattern the label prints, in AFDate's letters: "TT.MM.JJJJ" -> "dd.mm.yyyy"; "" if none."""
    for match in _PATTERN.finditer(folded):
        groups = [g for g in (match[1], match[3], match[4]) if g]
        if any(len(set(g)) > 1 for g in groups):
            continue
        french = any(g[0] == "a" for g in groups)  # année: JJ is the day (jour)
        parts = [_date_part(g, french) for g in groups]
        has_year = "yy" in parts or "yyyy" in parts
        if None not in parts and "mm" in parts and has_year and len(set(parts)) == len(parts):
            return match[2].join(parts)
    return ""


def _date_part(group: str, french: bool) -> str | None:
    letter, size = group[0], len(group)
    if letter in "dt" or (letter == "j" and french and size <= 2):
        return "dd" if size <= 2 else None
    if letter == "m":
        return "mm" if size <= 2 else None
    if letter in "ya" or letter == "j":
        return {2: "yy", 4: "yyyy"}.get(size)
    return None


def _number_format(folded: str) -> NumberFormat | None:
    currency = _CURRENCY.search(folded)
    word = _AMOUNT.search(folded)
    if not (currency or word) or _NOT_MONEY.search(folded):
        return None
    language = _AMOUNT_LANGUAGE.get(word.group(1), "de") if word else ""
    symbol = currency.group(1).upper() if currency else ""  # as printed: "€", "EUR"
    if not language:  # "Total", or a currency alone: the currency's custom
        language = "de" if symbol in ("€", "EUR", "CHF") else "en"
    separators, first = _NUMBER_STYLE[language]
    if symbol:
        return NumberFormat(2, separators, symbol if first else f" {symbol}", first)
    return NumberFormat(2, separators)


def _width_needed(example: str, font_size: float) -> float:
    """Room for a value written like ``example`` (12/31/2000, $1,234.56) at the field's size."""
    digits = sum(c.isalnum() for c in example)
    return (digits * DIGIT_EM + (len(example) - digits) * SEPARATOR_EM) * font_size + PADDING_PT
