"""Which field each key of the data sets: by name, else by label, loosely but never by a guess.

In order, the first that finds anything decides: the field name exactly; the
name ignoring case, accents, spaces and underscores ("Date of birth" finds
``date_of_birth``); the label (/TU) the same way; the label without what it
says in brackets ("Date of birth" finds "Date of birth (mm/dd/yyyy)"). A key
that finds two fields at one step is ambiguous, and an error: filling the
wrong one silently would be worse.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..errors import BadArgumentsError
from ..refine.names import fold
from ..pdf.fillable_fields import FormField


@dataclass(frozen=True)
class Matches:
    fields: dict[str, FormField]  # key -> the field it sets
    unknown: list[str]  # keys that match no field, in the data's order


def match_keys(source: str, keys: list[str], fields: list[FormField]) -> Matches:
    """Resolve every key; one BadArgumentsError lists every ambiguous key, or two keys setting one field."""
    steps = [
        lambda f: [f.name],
        lambda f: [_loose(f.name)],
        lambda f: [_loose(f.label)] if f.label else [],
        lambda f: [_loose(_unbracketed(f.label))] if f.label else [],
    ]
    loosen = [lambda k: k, _loose, _loose, lambda k: _loose(_unbracketed(k))]
    indexes = [_index(fields, step) for step in steps]
    found: dict[str, FormField] = {}
    unknown, ambiguous = [], []
    for key in keys:
        candidates = next((index[loose(key)] for index, loose in zip(indexes, loosen) if loose(key) in index), [])
        if len(candidates) > 1:
            ambiguous.append(f"{key!r} matches {len(candidates)} fields ({', '.join(f.name for f in candidates)})")
        elif candidates:
            found[key] = candidates[0]
        else:
            unknown.append(key)
    setters: dict[str, list[str]] = {}
    for key, item in found.items():
        setters.setdefault(item.name, []).append(key)
    twice = [f"{' and '.join(map(repr, keys))} set the same field {name!r}"
             for name, keys in setters.items() if len(keys) > 1]
    if ambiguous or twice:
        raise BadArgumentsError(f"{source}: " + "; ".join(ambiguous + twice) + (
            ": use the field names" if ambiguous else ""))
    return Matches(found, unknown)


def unknown_keys_message(source: str, unknown: list[str], fields: list[FormField]) -> str:
    """One line naming every unknown key, with the nearest field name where one is close."""
    names = [f.name for f in fields]
    described = []
    for key in unknown:
        close = difflib.get_close_matches(key, names, n=1)
        described.append(f"{key!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    plural = "s match" if len(unknown) > 1 else " matches"
    return f"{source}: {len(unknown)} key{plural} no field of the form: {', '.join(described)}"


def _index(fields: list[FormField], keys_of) -> dict[str, list[FormField]]:
    index: dict[str, list[FormField]] = {}
    for item in fields:
        for key in keys_of(item):
            if key and item not in index.setdefault(key, []):
                index[key].append(item)
    return index


def _loose(text: str) -> str:
    """Lower case, no accents, runs of spaces, underscores and punctuation as one space."""
    return " ".join(re.findall(r"\w+", fold(text).replace("_", " ")))


def _unbracketed(text: str) -> str:
    return re.sub(r"\([^)]*\)|\[[^]]*\]", " ", text)
