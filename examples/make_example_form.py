"""Draw the bundled example: a flat, one-page intake form (no fields, just ink).

    python examples/make_example_form.py examples/flat-form.pdf

Underlined blanks, boxed fields, a comb-style date, check boxes, a comments
box and a signature line, partly in two columns: the cues commonforms turns
into fields.
"""

from __future__ import annotations

import sys

import pymupdf

WIDTH, HEIGHT = 612, 792
LEFT, RIGHT, MIDDLE = 54, 558, 306
INK = (0, 0, 0)


def underline(page, x, y, label, x1, size=10):
    """'Label ________' with the line ending at x1; y is the baseline."""
    page.insert_text((x, y), label, fontname="helv", fontsize=size)
    start = x + pymupdf.get_text_length(label, "helv", size) + 6
    page.draw_line((start, y + 2), (x1, y + 2), color=INK, width=0.75)


def box(page, x0, y0, x1, y1, caption):
    """A ruled box with a small caption inside its top-left corner."""
    page.draw_rect(pymupdf.Rect(x0, y0, x1, y1), color=INK, width=0.75)
    page.insert_text((x0 + 3, y0 + 8), caption, fontname="helv", fontsize=6.5)


def checkbox(page, x, y, label, size=9):
    page.draw_rect(pymupdf.Rect(x, y - size + 1, x + size, y + 1), color=INK, width=0.75)
    page.insert_text((x + size + 4, y), label, fontname="helv", fontsize=10)


def draw(page) -> None:
    page.insert_text((LEFT, 66), "Community Clinic - New Patient Intake", fontname="hebo", fontsize=17)
    page.insert_text((LEFT, 84), "Please print clearly. All information is kept confidential.", fontname="helv", fontsize=9)
    page.draw_rect(pymupdf.Rect(LEFT, 96, RIGHT, 114), color=None, fill=(0.85, 0.85, 0.85))
    page.insert_text((LEFT + 6, 109), "1. About you", fontname="hebo", fontsize=11)

    underline(page, LEFT, 140, "First name", MIDDLE - 12)
    underline(page, MIDDLE + 6, 140, "Last name", RIGHT)
    underline(page, LEFT, 170, "Street address", RIGHT)
    underline(page, LEFT, 200, "City", 250)
    underline(page, 262, 200, "State", 360)
    underline(page, 372, 200, "ZIP code", RIGHT)

    page.insert_text((LEFT, 232), "Date of birth (MM DD YYYY)", fontname="helv", fontsize=10)
    x = 200
    for group in (2, 2, 4):
        for _ in range(group):
            page.draw_rect(pymupdf.Rect(x, 220, x + 14, 236), color=INK, width=0.75)
            x += 14
        x += 10
    page.insert_text((370, 232), "Sex:", fontname="helv", fontsize=10)
    checkbox(page, 400, 232, "Female")
    checkbox(page, 460, 232, "Male")
    checkbox(page, 510, 232, "Other")

    box(page, LEFT, 252, MIDDLE - 6, 280, "Phone")
    box(page, MIDDLE + 6, 252, RIGHT, 280, "Email")

    page.draw_rect(pymupdf.Rect(LEFT, 298, RIGHT, 316), color=None, fill=(0.85, 0.85, 0.85))
    page.insert_text((LEFT + 6, 311), "2. Your health", fontname="hebo", fontsize=11)
    page.insert_text((LEFT, 338), "Do you have any of the following? (check all that apply)", fontname="helv", fontsize=10)
    conditions = ["Asthma", "Diabetes", "Heart disease", "High blood pressure", "Allergies", "None of these"]
    for i, name in enumerate(conditions):
        column, row = divmod(i, 3)
        checkbox(page, LEFT + 10 + column * 250, 360 + row * 20, name)
    page.insert_text((LEFT, 438), "Current medications", fontname="helv", fontsize=10)
    page.draw_rect(pymupdf.Rect(LEFT, 444, RIGHT, 500), color=INK, width=0.75)

    page.draw_rect(pymupdf.Rect(LEFT, 518, RIGHT, 536), color=None, fill=(0.85, 0.85, 0.85))
    page.insert_text((LEFT + 6, 531), "3. Emergency contact", fontname="hebo", fontsize=11)
    underline(page, LEFT, 562, "Name", MIDDLE - 12)
    underline(page, MIDDLE + 6, 562, "Relationship", RIGHT)
    underline(page, LEFT, 592, "Phone", MIDDLE - 12)
    underline(page, MIDDLE + 6, 592, "Alternate phone", RIGHT)

    page.insert_text(
        (LEFT, 632), "I confirm that the information above is true and complete.", fontname="helv", fontsize=9
    )
    page.draw_line((LEFT, 680), (360, 680), color=INK, width=0.75)
    page.insert_text((LEFT, 692), "Signature of patient or guardian", fontname="helv", fontsize=8)
    page.draw_line((390, 680), (RIGHT, 680), color=INK, width=0.75)
    page.insert_text((390, 692), "Date", fontname="helv", fontsize=8)
    page.insert_text((LEFT, 750), "Form CC-101 (rev. 2026)", fontname="helv", fontsize=7)


def main() -> None:
    out = sys.argv[1] if len(sys.argv) > 1 else "flat-form.pdf"
    doc = pymupdf.open()
    draw(doc.new_page(width=WIDTH, height=HEIGHT))
    doc.set_metadata({"title": "New Patient Intake (example flat form)", "producer": "commonforms example"})
    doc.save(out, garbage=4, deflate=True, no_new_id=True)
    print(out)


if __name__ == "__main__":
    main()
