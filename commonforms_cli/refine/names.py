"""Field names from labels: short, unique, stable (``first_name``, ``employer_address_2``).

Without a label a field keeps ``<kind>_<page>_<n>``, as before refinement.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import unicodedata

from ..fields import Field, FieldKind

MAX_NAME_WORDS = 5
MAX_NAME_CHARS = 40
# Numbering in front of a label is not part of its name.
_ENUMERATIONS = [
    re.compile(r"^(line|part|section|item|question|step)\s+\w{1,4}[.:)]?\s+"),  # "Line 5. ", "Part II "
    re.compile(r"^\(?\d{1,3}[a-z]?[.):]\s*"),  # "1.", "12a)", "(3)"
    re.compile(r"^\(?[a-z][.)]\s+"),  # "a. ", "(b) "
    re.compile(r"^\d{1,3}[a-z]?\s+(?=[a-z])"),  # "5 Total income"
]
# A table cell's place, after its column's header: "Amount, row 3" names "amount_row_3" however long the header.
_POSITION = re.compile(r",\s*((?:row|column)\s+\d+)$")
_FILLERS = {"please", "enter", "your", "the", "a", "an"}  # "Enter your name" names "name"
# A list item's mark, then its words ("• been convicted of ...").
LIST_MARK = re.compile(r"^[•▪◦‣∙·●■–-]\s+")


def fold(text: str) -> str:
    """Lower case without accents, so "Firma del Cliente" and "FIRMA" read alike."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tooltip(label: str) -> str:
    """The label as a screen reader should say it: one line, no list mark starting it, no colon
    ending it or one of its parts ("NAME:, row 1": "NAME, row 1")."""
    return LIST_MARK.sub("", " ".join(label.split()), count=1).replace(":,", ",").rstrip(":").strip()


def name_from(label: str) -> str:
    """A short field name from a label ("2. Date of birth (mm/dd/yyyy):" -> "date_of_birth"); "" if none."""
    text = fold(label).strip()
    position = _POSITION.search(text)
    if position:
        return "_".join(filter(None, [name_from(text[: position.start()]), *position.group(1).split()]))
    for _ in range(3):
        for pattern in _ENUMERATIONS:
            text = pattern.sub("", text, count=1)
    text = re.sub(r"['\u2019]s\b", "", text)
    bare = re.sub(r"\([^)]*\)", " ", text)
    words = re.findall(r"[a-z0-9]+", bare) or re.findall(r"[a-z0-9]+", text)
    while words and words[0] in _FILLERS:
        words.pop(0)
    name = "_".join(words[:MAX_NAME_WORDS])
    return name[:MAX_NAME_CHARS].rsplit("_", 1)[0] if len(name) > MAX_NAME_CHARS else name


def assign_names(fields: list[Field], from_labels: bool) -> list[Field]:
    """Unique, stable names in tab order: from labels, else ``<kind>_<page>_<n>``.

    ``n`` counts the fields of that kind on the page (radio groups count once),
    so a fallback name says where the field is whether or not its neighbours
    have labels. A name seen before gets ``_2``, ``_3`` ... The options of a radio
    group share the group's name. Without ``from_labels`` no label is kept either.
    """
    used: set[str] = set()
    counters: dict[tuple[int, FieldKind], int] = {}
    group_names: dict[str, str] = {}
    named = []
    for item in fields:
        if item.kind is FieldKind.radio and item.group in group_names:
            name = group_names[item.group]
        else:
            key = (item.page, item.kind)
            counters[key] = counters.get(key, 0) + 1
            source = item.question if item.kind is FieldKind.radio else item.label
            base = (from_labels and name_from(source)) or f"{item.kind.value}_{item.page + 1}_{counters[key]}"
            name = _claim(base, used)
            if item.kind is FieldKind.radio:
                group_names[item.group] = name
        label, question = (tooltip(item.label), item.question) if from_labels else ("", "")
        group = name if item.kind is FieldKind.radio else ""
        named.append(dataclasses.replace(item, name=name, label=label, group=group, question=question))
    return named


def _claim(base: str, used: set[str]) -> str:
    """``base``, or the first of ``base_2``, ``base_3`` ... not used yet; marks it used."""
    candidates = itertools.chain([base], (f"{base}_{n}" for n in itertools.count(2)))
    name = next(c for c in candidates if c not in used)
    used.add(name)
    return name
