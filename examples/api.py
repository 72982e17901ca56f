"""The Python API: detect, review the fields in code, then write exactly those.

    python examples/api.py FLAT.pdf OUT.pdf [PREFIX]

The steps of ``commonforms detect --json`` -> edit -> ``commonforms prepare --fields``, with a
script as the editor: detections below a score are dropped, and every name gets a prefix (say,
the form's code, so that data filled into several forms can be merged without clashes).
"""

from __future__ import annotations

import sys

from commonforms_cli import CommonFormsError, detect_fields, prepare_form

MIN_SCORE = 0.5


def review(fields: dict, prefix: str) -> dict:
    """Keep the confident fields, renamed; ``fields`` is the detect JSON."""
    for page in fields["pages"]:
        page["fields"] = [
            {**field, "name": prefix + field["name"]} for field in page["fields"] if field["score"] >= MIN_SCORE
        ]
    return fields


def main() -> None:
    flat, out = sys.argv[1], sys.argv[2]
    prefix = sys.argv[3] if len(sys.argv) > 3 else "form_"
    try:
        fields = review(detect_fields(flat).to_json(), prefix)
        report = prepare_form(flat, out, fields=fields)  # the model is not run again
    except CommonFormsError as error:
        print(f"api.py: error: {error}", file=sys.stderr)
        sys.exit(int(error.exit_code))
    for field in report.fields:
        print(f"{field.name:40} {field.kind:10} {field.score:.2f}")


if __name__ == "__main__":
    main()
