"""The refine modules one at a time: page content, snapping, names, kinds, groups, order."""

from __future__ import annotations

import pymupdf
import pytest

from commonforms_cli.pdf.document import page_geometry
from commonforms_cli.fields import Detection, Field, FieldClass, FieldKind
from commonforms_cli.refine import RefineOptions, refine_page
from commonforms_cli.refine.groups import Option, radio_groups
from commonforms_cli.refine.drawn_check_boxes import drawn_check_boxes
from commonforms_cli.refine.drawn_text_fields import drawn_text_fields
from commonforms_cli.refine.weak import search_thresholds, split_by_threshold
from commonforms_cli.refine.kinds import comb_cells, is_signature_caption, kind_of
from commonforms_cli.refine.names import assign_names, name_from, tooltip
from commonforms_cli.refine.order import tab_order
from commonforms_cli.pdf.page_content import PageContent, Phrase, read_page_content
from commonforms_cli.refine.snap import snap_box
from commonforms_cli.refine.table_rows import table_rows
from commonforms_cli.refine.captioned_parts import split_at_captions
from commonforms_cli.refine.stacked_in_cells import merged_in_cells
from commonforms_cli.refine.table_cells import cell_around

PAGE = (600.0, 600.0)


def _content(phrases=(), horizontal=(), vertical=()) -> PageContent:
    """Page content given in points on a 600 x 600 page."""
    return PageContent.of(
        PAGE,
        [Phrase(text, tuple(v / 600 for v in box), 10.0) for text, box in phrases],
        [tuple(v / 600 for v in row) for row in horizontal],
        [tuple(v / 600 for v in row) for row in vertical],
    )


def _points(box) -> list[float]:
    return [round(v * 600, 2) for v in box]


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_page_content_is_in_display_fractions_on_rotated_pages(rotate):
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=400)
    page.insert_text((100, 100), "Name: ______", fontsize=10, rotate=rotate)  # upright once the page turns
    page.set_rotation(rotate)
    content = read_page_content(page, page_geometry(page))
    (phrase,) = content.phrases
    assert phrase.text == "Name:" and phrase.font_size == 10
    x0, y0, x1, y1 = phrase.bbox
    assert x1 > x0 and y1 - y0 < 0.05  # upright as displayed
    (ruling,) = content.horizontal  # the underscores are a drawn line, right of the label
    assert ruling[1] > x1
    display = page.rect  # displayed size, rotation applied
    assert content.size == pytest.approx((display.width, display.height))


def test_words_split_at_gaps_leaders_and_box_glyphs():
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=600)
    page.insert_text((40, 60), "Total income . . . . . . 12", fontsize=10)
    page.insert_text((40, 90), "City        State", fontsize=10)
    content = read_page_content(page, page_geometry(page))
    assert [p.text for p in content.phrases] == ["Total income", "12", "City", "State"]


def test_text_the_colour_of_the_paper_is_read_only_on_a_background():
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=600)
    white = (1, 1, 1)
    page.insert_text((40, 60), "signer1_DocuSignFullName", fontsize=8, color=white)  # an e-signing anchor
    page.insert_text((40, 90), "Name ________", fontsize=10, color=white)  # no line on paper either
    page.draw_rect(pymupdf.Rect(38, 110, 300, 126), color=None, fill=(0.1, 0.1, 0.4))
    page.insert_text((40, 122), "PART 2 APPLICANT", fontsize=10, color=white)  # a heading on a dark band
    page.insert_text((40, 150), "Date", fontsize=10, color=(0.3, 0.3, 0.3))
    content = read_page_content(page, page_geometry(page))
    assert [p.text for p in content.phrases] == ["PART 2 APPLICANT", "Date"]
    assert all(not 0.1 < y < 0.16 for y, _, _ in content.horizontal.tolist())  # no rule from the underscores


def test_page_content_finds_circles_drawn_or_typed_but_not_dots():
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=600)
    page.draw_circle((104, 104), 4, width=0.75)  # a printed radio button
    page.draw_circle((204, 104), 4, color=None, fill=(0, 0, 0))  # a bullet
    page.draw_circle((304, 104), 60, width=0.75)  # a seal's ring, no button
    page.insert_text((400, 108), "○ Yes", fontsize=10, fontname="china-s")
    content = read_page_content(page, page_geometry(page))
    drawn, typed = sorted(content.circles.tolist())
    assert _points(drawn) == [100, 100, 108, 108] and 400 <= typed[0] * 600 < typed[2] * 600 <= 411
    assert [p.text for p in content.phrases] == ["Yes"]


def test_page_content_is_the_printed_page_not_its_widgets():
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=600)
    page.insert_text((100, 190), "Name", fontsize=10)
    page.draw_line((100, 200), (300, 200), width=0.75)  # the page's own rule
    widget = pymupdf.Widget()
    widget.field_type, widget.field_name, widget.field_value = pymupdf.PDF_WIDGET_TYPE_TEXT, "name", "Ada"
    widget.rect, widget.border_color, widget.border_width = pymupdf.Rect(100, 300, 300, 320), (0, 0, 0), 1
    page.add_widget(widget)  # its border and value are drawn by its appearance, not by the page
    assert "Ada" in page.get_text() and any(round(d["rect"].y1) == 320 for d in page.get_drawings())
    content = read_page_content(page, page_geometry(page))
    assert [p.text for p in content.phrases] == ["Name"]
    assert _points(content.horizontal.reshape(-1)) == [200, 100, 300] and not len(content.vertical)
    assert len(list(page.widgets())) == 1  # the page read is untouched


def test_page_content_reads_a_page_whose_field_tree_is_broken(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=300, height=300)
    page.insert_text((10, 60), "Name", fontsize=10)
    widget = pymupdf.Widget()
    widget.field_type, widget.field_name, widget.rect = pymupdf.PDF_WIDGET_TYPE_TEXT, "a", pymupdf.Rect(10, 10, 100, 30)
    page.add_widget(widget)
    kid = page.first_widget.xref
    parent = doc.get_new_xref()
    doc.update_object(parent, f"<< /T (p) /Kids [{kid} 0 R] /Parent {kid} 0 R >>")  # a cycle, as real files have
    doc.xref_set_key(kid, "Parent", f"{parent} 0 R")
    doc.save(tmp_path / "cycle.pdf")
    with pymupdf.open(tmp_path / "cycle.pdf") as broken:
        content = read_page_content(broken[0], page_geometry(broken[0]))
    assert [p.text for p in content.phrases] == ["Name"]


def test_a_line_printed_twice_in_one_place_is_read_once():
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=600)
    for x in (100, 100.3):  # a fake bold: the same words again a third of a point to the right
        page.insert_text((x, 60), "PROBATE COURT", fontsize=10)
    page.insert_text((100, 90), "PROBATE COURT", fontsize=10)  # the same words on another line stay
    content = read_page_content(page, page_geometry(page))
    assert [p.text for p in content.phrases] == ["PROBATE COURT", "PROBATE COURT"]
    first, second = (p.bbox[1] * 600 for p in content.phrases)
    assert round(second - first) == 30


def test_phrases_know_where_each_character_is():
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=600)
    page.insert_text((100, 60), "QMale   QFemale", fontsize=10)
    (phrase,) = read_page_content(page, page_geometry(page)).phrases
    assert phrase.text == "QMale QFemale" and len(phrase.spans) == len(phrase.text)  # spaces run into one
    female = 100 + pymupdf.get_text_length("QMale   ", fontsize=10)
    assert [round(x0 * 600, 1) for x0, _ in (phrase.spans[0], phrase.spans[6])] == [100, round(female, 1)]


def test_words_split_at_marks_set_in_a_symbol_font():
    doc = pymupdf.open()
    page = doc.new_page(width=600, height=600)
    x = 40 + pymupdf.get_text_length("Married? ", fontsize=10)
    page.insert_text((40, 60), "Married? ", fontsize=10)
    page.insert_text((x, 60), "o", fontsize=10, fontname="zadb")  # an empty square, "o" to the text layer
    page.insert_text((x + 8, 60), " Yes", fontsize=10)
    content = read_page_content(page, page_geometry(page))
    assert [p.text for p in content.phrases] == ["Married?", "Yes"]


def test_snap_moves_edges_that_are_visibly_off_and_only_those():
    content = _content(horizontal=[(62, 80, 300)], vertical=[(80, 40, 62)])
    box = tuple(v / 600 for v in (83, 47, 298.5, 59))
    # left 3 pt off its line -> moved; bottom 3 pt off -> moved; right 1.5 pt off the line's end -> stays
    assert _points(snap_box(box, FieldClass.text, content)) == [80, 47, 298.5, 62]
    scan = PageContent.of(PAGE)
    assert snap_box(box, FieldClass.text, scan) == box


def test_check_boxes_follow_their_square_not_a_longer_line():
    square = {"horizontal": [(100, 40, 50), (110, 40, 50)], "vertical": [(40, 100, 110), (50, 100, 110)]}
    content = _content(horizontal=[(112, 0, 300), *square["horizontal"]], vertical=square["vertical"])
    box = tuple(v / 600 for v in (37.5, 97.5, 52.5, 109.5))
    assert _points(snap_box(box, FieldClass.choice, content)) == [40, 100, 50, 109.5]


@pytest.mark.parametrize(
    "label, name",
    [
        ("First name:", "first_name"),
        ("2. Date of birth (mm/dd/yyyy):", "date_of_birth"),
        ("Line 5b. Employer's address", "employer_address"),
        ("(a) Please enter your e-mail", "e_mail"),
        ("Name of employer or business, if self employed", "name_of_employer_or_business"),
        ("Fecha de expiración", "fecha_de_expiracion"),
        ("(mm/dd/yyyy)", "mm_dd_yyyy"),
        ("Symbol or CUSIP Number, row 1", "symbol_or_cusip_number_row_1"),  # a cell keeps its place
        ("Wages, column 3", "wages_column_3"),
        ("$", ""),
        ("", ""),
    ],
)
def test_names_from_labels(label, name):
    assert name_from(label) == name


def test_tooltips_read_without_the_colons_that_end_a_label_or_its_parts():
    assert tooltip("  Date of\nbirth: ") == "Date of birth"
    assert tooltip("NAME:, row 1") == "NAME, row 1"
    assert tooltip("Time: 10:30") == "Time: 10:30"  # a colon inside stays
    assert tooltip("• been convicted of an offence?") == "been convicted of an offence?"  # no list mark
    assert tooltip("-5 degrees") == "-5 degrees"  # a sign is no list mark


def test_names_are_unique_and_fall_back_per_page_and_kind():
    fields = [
        Field(0, FieldKind.text, (0, 0, 1, 1), "", label="Address"),
        Field(0, FieldKind.text, (0, 0, 1, 1), "", label="Address"),
        Field(0, FieldKind.text, (0, 0, 1, 1), "", label="$"),
        Field(1, FieldKind.checkbox, (0, 0, 1, 1), ""),
        Field(1, FieldKind.radio, (0, 0, 1, 1), "", label="Yes", group="1:0", question="Married?"),
        Field(1, FieldKind.radio, (0, 0, 1, 1), "", label="No", group="1:0", question="Married?"),
    ]
    named = assign_names(fields, from_labels=True)
    assert [f.name for f in named] == ["address", "address_2", "text_1_3", "checkbox_2_1", "married", "married"]
    assert [f.group for f in named][-2:] == ["married", "married"]
    plain = assign_names(fields, from_labels=False)
    assert [f.name for f in plain] == ["text_1_1", "text_1_2", "text_1_3", "checkbox_2_1", "radio_2_1", "radio_2_1"]
    assert {f.label for f in plain} == {""} and {f.question for f in plain} == {""}


@pytest.mark.parametrize(
    "caption, expected",
    [
        ("Signature of applicant", True),
        ("Witness signature, only required when the patient is unable to sign", True),  # a short lead
        ("I agree that by my signature, the county may release my records", False),  # prose
        ("22A. SIGNATURE OF VETERAN (Do Not Print)", True),  # the aside names no other field
        ("Sign here", True),
        ("Firma del solicitante", True),
        ("Unterschrift", True),
        ("Signature du déclarant", True),
        ("Assinatura", True),
        ("Date signed", False),
        ("Printed name", False),
        ("Applicant", False),
        ("Elternunterschrift", True),  # compounded
        ("Czytelny podpis wnioskodawcy", True),
        ("Hakijan allekirjoituksen", True),  # declined
        ("Potpis podnositelja", True),
        ("Chữ ký của người khai", True),
        ("חתימת המבקש", True),
        ("חתימה", True),
        ("簽名", True),
        ("Nome e cognome", False),
        ("Nimenselvennys", False),  # the printed name under a Finnish signature
        ("SIGN", True),  # the tab or arrow at a signature line
        ("Sign language interpreter needed?", False),
        ("Sign-in sheet", False),
        ("Signed on:", False),  # a date
        ("Signed at", False),  # a place
        ("I, the undersigned, declare that he signed the same thereto by order of the board.", False),  # prose
        ("I have read the above. Signature of patient:", True),  # a caption after a sentence
        ("Signature of voter (or person designated to sign by a voter who is unable to sign)", True),
        # prose after the caption names no other field; a short caption after it does
        ("Officer Signature:, If the applicant is unable to meet the officer at the agreed time and date, call "
         "the service number to make a new appointment.", True),
        ("APPLICANT'S SIGNATURE: DATE: (MM/DD/YY)", False),
        ("IF SIGNED BY AN ATTORNEY, NAME OF PARTY REPRESENTED", False),
        ("This statement is prepared and submitted by:, SIGNATURE OF ATTORNEY OR SELF-REPRESENTED PARTY", True),
        ("Notary Public in and for the State of TEXAS", True),  # the line over it is the notary's to sign
        ("Notary Public, printed name", False),
        ("Notary Public Commission Expires:", False),  # a date
    ],
)
def test_signature_captions_in_common_languages(caption, expected):
    assert is_signature_caption(caption) is expected


@pytest.mark.parametrize("height, kind", [(14, FieldKind.text), (28, FieldKind.text), (40, FieldKind.multiline)])
def test_multiline_where_three_lines_fit(height, kind):
    """Authors make boxes with room for two lines one-line fields far more often than multiline."""
    content = _content(phrases=[("Comments", (100, 80, 150, 92))])  # 10 pt type
    detection = Detection(0, FieldClass.text, 0.9, tuple(v / 600 for v in (100, 100, 400, 100 + height)))
    assert kind_of(detection, "Comments", content, signature_as_text=False) == (kind, 0)


@pytest.mark.parametrize("height, kind", [(50, FieldKind.signature), (80, FieldKind.multiline)])
def test_a_box_labelled_signature_is_one_if_at_least_twice_as_wide_as_tall(height, kind):
    """A letter's "Signature" box, 141 x 50 pt, is a place to sign; a square-ish one is a writing area."""
    content = _content(phrases=[("Signature", (100, 80, 150, 92))])
    detection = Detection(0, FieldClass.text, 0.9, tuple(v / 600 for v in (100, 100, 241, 100 + height)))
    assert kind_of(detection, "Signature", content, signature_as_text=False) == (kind, 0)


def test_comb_cells_need_regular_dividers():
    box = tuple(v / 600 for v in (100, 100, 260, 116))
    regular = _content(vertical=[(100 + 20 * i, 100, 116) for i in range(9)])
    assert comb_cells(box, regular) == 8
    irregular = _content(vertical=[(x, 100, 116) for x in (100, 120, 150, 160, 200, 260)])
    assert comb_cells(box, irregular) == 0
    table_cells = _content(vertical=[(x, 100, 116) for x in (100, 180, 260)])  # wide cells are not characters
    assert comb_cells(box, table_cells) == 0


def test_refine_adds_a_signature_field_on_a_captioned_line_the_detector_left_empty():
    content = _content(
        phrases=[("Signature of applicant", (100, 202, 200, 212)), ("Date", (340, 202, 360, 212))],
        horizontal=[(200, 100, 300), (200, 340, 500)],
    )
    fields = refine_page(3, [], content, [], RefineOptions())
    assert [(f.page, f.kind, _points(f.bbox), f.label) for f in fields] == [
        (3, FieldKind.signature, [100, 180, 300, 200], "Signature of applicant")
    ]
    detected = Detection(3, FieldClass.text, 0.9, tuple(v / 600 for v in (100, 184, 300, 200)))
    assert [f.kind for f in refine_page(3, [detected], content, [], RefineOptions())] == [FieldKind.signature]
    existing = [tuple(v / 600 for v in (100, 182, 300, 200))]
    assert refine_page(3, [], content, existing, RefineOptions()) == []
    for options in (RefineOptions(signature_lines=False), RefineOptions(signature_as_text=True)):
        assert refine_page(3, [], content, [], options) == []


def test_a_caption_between_two_lines_belongs_to_the_line_above_it():
    stacked = _content(
        phrases=[("Plaintiff signature", (100, 202, 190, 212))], horizontal=[(200, 100, 300), (240, 100, 300)]
    )
    assert [_points(f.bbox) for f in refine_page(0, [], stacked, [], RefineOptions())] == [[100, 180, 300, 200]]
    # in a cell, a caption under the top edge labels the room above the bottom one
    cell = _content(
        phrases=[("Signature of applicant", (102, 202, 200, 212))],
        horizontal=[(200, 100, 300), (240, 100, 300)],
        vertical=[(100, 200, 240), (300, 200, 240)],
    )
    assert [_points(f.bbox) for f in refine_page(0, [], cell, [], RefineOptions())] == [[100, 220, 300, 240]]


def _options(*labels_at):
    return [Option(tuple(v / 600 for v in (x, y, x + 8, y + 8)), label) for label, x, y in labels_at]


def test_radio_groups_split_repeated_answers_and_respect_the_question():
    row = _options(("Yes", 100, 100), ("No", 140, 100), ("Yes", 300, 100), ("No", 340, 100))
    groups = radio_groups(row, lambda *_: "")
    assert [g.options for g in groups] == [[0, 1], [2, 3]]
    listed = _options(("Food", 100, 100), ("Cash", 100, 115), ("Housing", 100, 130))
    assert radio_groups(listed, lambda *_: "Benefits (check one)")[0].options == [0, 1, 2]
    assert radio_groups(listed, lambda *_: "Benefits") == []
    assert radio_groups(_options(("Yes", 100, 100), ("No", 140, 100)), lambda *_: "Check all that apply") == []


@pytest.mark.parametrize("labels", [
    ("Married", "Never married", "Separated", "Unknown"),  # a marital status with no question printed
    ("week", "month", "other (specify)"),  # "paid per"
    ("revocable", "irrevocable"),  # an option and its denial
    ("De residente", "De no residente"),
    ("the plot is surveyed (survey data submitted)", "the plot is NOT surveyed and I need an identification"),
    ("MINOR", "MINORS"),  # one word in the singular and the plural: "In the matter of [ ] minor [ ] minors"
    ("child", "children"),
    ("Jr", "Sr", "II", "III"),  # a name's suffix
    ("Town", "Village", "City"),  # a municipality's kind
])
def test_radio_groups_know_marital_statuses_periods_and_denials(labels):
    row = _options(*((label, 100 + 60 * i, 100) for i, label in enumerate(labels)))
    assert [g.options for g in radio_groups(row, lambda *_: "")] == [list(range(len(labels)))]


@pytest.mark.parametrize("labels", [("Mail", "Email"), ("Son", "Sons of veterans"), ("Minor", "Minors", "Adults")])
def test_options_that_only_look_alike_are_no_denial_or_number_of_each_other(labels):
    row = _options(*((label, 100 + 80 * i, 100) for i, label in enumerate(labels)))
    assert radio_groups(row, lambda *_: "") == []


def test_radio_groups_stack_in_columns_when_rows_are_not_answers():
    # AM/PM pairs stacked in each day's cell: the AM boxes line up in a row, but do not answer one question
    options = _options(("AM", 100, 100), ("PM", 100, 112), ("AM", 200, 100), ("PM", 200, 112))
    groups = radio_groups(options, lambda *_: "")
    assert sorted(g.options for g in groups) == [[0, 1], [2, 3]]


def _field(name, x0, y0, x1, y1) -> Field:
    return Field(0, FieldKind.text, tuple(v / 600 for v in (x0, y0, x1, y1)), name)


def test_order_aligned_columns_read_as_rows():
    fields = [_field(f"{side}{row}", x, 100 + 30 * row, x + 200, 112 + 30 * row)
              for side, x in (("right", 320), ("left", 40)) for row in range(3)]  # fmt: skip
    ordered = tab_order(fields, _content())
    assert [f.name for f in ordered] == ["left0", "right0", "left1", "right1", "left2", "right2"]


def test_order_unaligned_columns_read_column_by_column():
    fields = [_field(f"left{row}", 40, 100 + 30 * row, 240, 112 + 30 * row) for row in range(3)]
    fields += [_field(f"right{row}", 320, 115 + 30 * row, 520, 127 + 30 * row) for row in range(3)]
    ordered = tab_order(list(reversed(fields)), _content())
    assert [f.name for f in ordered] == ["left0", "left1", "left2", "right0", "right1", "right2"]


def _square(x0, y0, side):
    """The four rulings of a drawn square, as (horizontal, vertical) rows in points."""
    x1, y1 = x0 + side, y0 + side
    return [(y0, x0, x1), (y1, x0, x1)], [(x0, y0, y1), (x1, y0, y1)]


def _choice(x0, y0, x1, y1, score=0.1) -> Detection:
    return Detection(page=0, cls=FieldClass.choice, score=score, bbox=tuple(v / 600 for v in (x0, y0, x1, y1)))


def test_weak_check_boxes_are_kept_on_a_drawn_square_only():
    horizontal, vertical = _square(100, 100, 10)
    table_h, table_v = [(300, 50, 550), (310, 50, 550)], [(100, 300, 310), (110, 300, 310)]  # a table row
    content = _content(horizontal=horizontal + table_h, vertical=vertical + table_v)
    on_square = _choice(101, 101, 109, 109)  # within reach of each edge
    off = _choice(200, 100, 210, 110)
    in_table = _choice(100, 300, 110, 310)  # the top and bottom run far past the box: a table's lines
    assert drawn_check_boxes([on_square, off, in_table], content, []) == [on_square]


def test_a_drawn_square_under_another_field_settles_nothing():
    horizontal, vertical = _square(100, 100, 10)
    content = _content(horizontal=horizontal, vertical=vertical)
    weak = _choice(100, 100, 110, 110)
    assert drawn_check_boxes([weak], content, [tuple(v / 600 for v in (95, 95, 160, 112))]) == []
    assert drawn_check_boxes([weak, weak], content, []) == [weak]  # and a second box on the same square


def test_weak_detections_are_searched_down_to_the_weakest_score_the_drawing_settles():
    thresholds = {FieldClass.text: 0.55, FieldClass.choice: 0.25, FieldClass.signature: 0.3}
    search = search_thresholds(thresholds)
    assert search == {FieldClass.text: 0.05, FieldClass.choice: 0.02, FieldClass.signature: 0.3}
    assert search_thresholds({**thresholds, FieldClass.choice: 0.005})[FieldClass.choice] == 0.005
    assert search_thresholds(thresholds, check_boxes=False, text_fields=False) == thresholds
    strong, weak = _choice(0, 0, 10, 10, score=0.5), _choice(0, 0, 10, 10, score=0.1)
    assert split_by_threshold([strong, weak], thresholds) == ([strong], [weak])


def test_refine_keeps_a_weak_check_box_on_its_square_unless_switched_off():
    horizontal, vertical = _square(100, 100, 10)
    content = _content(phrases=[("Yes", (113, 101, 130, 109))], horizontal=horizontal, vertical=vertical)
    weak = _choice(100, 100, 110, 110)
    (field,) = refine_page(0, [], content, [], RefineOptions(), [weak])
    assert (field.kind, field.label, field.score) == (FieldKind.checkbox, "Yes", 0.1)
    assert refine_page(0, [], content, [], RefineOptions(drawn_check_boxes=False), [weak]) == []
    assert refine_page(0, [], content, [weak.bbox], RefineOptions(), [weak]) == []  # the page has that field


def _text(x0, y0, x1, y1, score=0.1) -> Detection:
    return Detection(page=0, cls=FieldClass.text, score=score, bbox=tuple(v / 600 for v in (x0, y0, x1, y1)))


def test_weak_text_detections_are_kept_on_a_drawn_rule_or_cell_only():
    rules = [(120, 150, 400), (350, 100, 300)]  # "Name: ____" from x 150 to 400 at y 120; a printed line's rule
    cell_h, cell_v = [(200, 100, 300), (240, 100, 300)], [(100, 200, 240), (300, 200, 240)]
    content = _content(phrases=[("Name:", (110, 110, 145, 119)), ("Please print clearly", (100, 338, 300, 349))],
                       horizontal=rules + cell_h, vertical=cell_v)
    on_rule = _text(152, 106, 398, 121)
    in_cell = _text(102, 202, 298, 222)  # the top half of a cell: its sides run along it
    on_nothing = _text(150, 400, 400, 416)
    on_printed_words = _text(100, 336, 300, 351)  # ruled, but words fill it
    assert drawn_text_fields([on_rule, in_cell, on_nothing, on_printed_words], content, []) == [on_rule, in_cell]
    short_rule = _text(40, 106, 398, 121)  # the rule runs under less than 70% of it
    assert drawn_text_fields([short_rule], content, []) == []


def test_a_less_weak_text_detection_just_after_a_colon_caption_is_kept_with_no_rule_or_cell():
    """ "Name of attorney:" on blank paper, in a box drawn by nothing (a court form's party block)."""
    content = _content(phrases=[("Name of attorney:", (100, 300, 190, 310)), ("Firm name", (100, 330, 160, 340))])
    after_colon = _text(196, 298, 500, 312, score=0.2)
    assert drawn_text_fields([after_colon], content, []) == [after_colon]
    assert drawn_text_fields([_text(196, 298, 500, 312, score=0.1)], content, []) == []  # too unsure
    assert drawn_text_fields([_text(230, 298, 500, 312, score=0.2)], content, []) == []  # far from it
    assert drawn_text_fields([_text(166, 328, 500, 342, score=0.2)], content, []) == []  # no colon


def test_a_weak_text_box_over_another_field_is_not_kept_and_the_rule_can_be_switched_off():
    content = _content(horizontal=[(120, 150, 400)])
    weak = _text(152, 106, 398, 121)
    assert drawn_text_fields([weak], content, [tuple(v / 600 for v in (150, 104, 300, 121))]) == []
    assert drawn_text_fields([weak, _text(150, 105, 399, 121, score=0.06)], content, []) == [weak]
    (field,) = refine_page(0, [], content, [], RefineOptions(drawn_check_boxes=False), [weak])
    assert (field.kind, field.score) == (FieldKind.text, 0.1)
    assert refine_page(0, [], content, [], RefineOptions(drawn_text_fields=False), [weak]) == []


def _row_bottoms(detections: list[Detection]) -> list[float]:
    return [_points(d.bbox)[3] for d in detections]


def test_a_narrow_ruled_list_is_split_into_rows_but_the_writing_lines_of_a_wide_box_are_not():
    rules = [(y, 100, 260) for y in (120, 140, 160, 180)] + [(y, 300, 560) for y in (120, 140, 160, 180)]
    content = _content(phrases=[("Heirs", (102, 88, 130, 98))], horizontal=rules)
    narrow, wide = _text(100, 101, 260, 180, score=0.9), _text(300, 101, 560, 180, score=0.9)
    assert _row_bottoms(table_rows([narrow, wide], content)) == [120, 140, 160, 180, 180]
    choice = Detection(page=0, cls=FieldClass.choice, score=0.9, bbox=narrow.bbox)
    assert table_rows([choice], content) == [choice]  # only text boxes have rows


def test_a_wide_ruled_block_under_column_headers_is_cut_into_rows_and_columns():
    rules = [(y, 40, 560) for y in (120, 140, 160)]  # no side rules, and none running on: writing lines...
    headers = [("NAME:", (60, 88, 100, 98)), ("CHILD OF:", (240, 88, 290, 98)), ("DATE OF DEATH:", (420, 88, 500, 98))]
    block = _text(40, 86, 560, 160, score=0.9)
    cells = table_rows([block], _content(phrases=headers, horizontal=rules))  # ...but headed as a table's columns
    assert [_points(d.bbox) for d in cells[:3]] == [[40, 100, 234, 120], [234, 100, 414, 120], [414, 100, 560, 120]]
    assert len(cells) == 9
    prompt = [("Yes", (60, 88, 80, 98)), ("Give details:", (120, 88, 190, 98))]  # a prompt over the left part
    assert table_rows([block], _content(phrases=prompt, horizontal=rules)) == [block]


def test_table_rows_leave_out_printed_rows_uneven_rules_and_rows_another_detection_has():
    rules = [(y, 40, 560) for y in (120, 140, 160, 180)]  # they run on past each column: a table
    content = _content(phrases=[("Total", (102, 144, 130, 154))], horizontal=rules)
    column = _text(100, 101, 260, 180, score=0.9)
    assert _row_bottoms(table_rows([column], content)) == [120, 140, 180]  # "Total" is printed in row 3
    found_row = _text(300, 141, 460, 160, score=0.9)
    assert _row_bottoms(table_rows([_text(300, 101, 460, 180, score=0.9), found_row], content)) == [120, 140, 180, 160]
    uneven = _content(horizontal=[(y, 40, 560) for y in (120, 128, 160, 180)])
    assert table_rows([column], uneven) == [column]


@pytest.mark.parametrize("right_column, label", [
    # "8. USCIS Online Account Number" over "►  [ ]" in the page's right column: across the gutter,
    # the left column's "3.a. In Care Of Name" (its own field under it) labels nothing here
    ([("8.", (320, 86, 330, 96)), ("USCIS Online Account Number", (340, 86, 480, 96)), ("►", (330, 100, 340, 110))],
     "8. USCIS Online Account Number"),
    # "Date of birth (mm/dd/yyyy) ►  [ ]" on one line, no gutter: the arrow follows its label
    ([("Date of birth (mm/dd/yyyy)", (190, 100, 318, 110)), ("►", (330, 100, 340, 110))],
     "Date of birth (mm/dd/yyyy)"),
])
def test_an_arrow_across_a_gutter_from_the_words_on_its_left_leaves_them_to_their_column(right_column, label):
    content = _content(phrases=[("3.a. In Care Of Name", (40, 100, 140, 110)), *right_column])
    left_field, right_field = (40, 112, 280, 126), (345, 98, 560, 112)
    detections = [Detection(0, FieldClass.text, 0.9, tuple(v / 600 for v in box)) for box in (left_field, right_field)]
    fields = refine_page(0, detections, content, [], RefineOptions())
    assert {_points(f.bbox)[0]: f.label for f in fields} == {40: "3.a. In Care Of Name", 345: label}


def _spans(detections: list[Detection]) -> list[tuple[float, float]]:
    return [tuple(round(v, 1) for v in _points(d.bbox)[::2]) for d in detections]


def test_a_line_with_captions_printed_under_it_becomes_one_field_per_caption():
    """ "(City, Village or Town)   (State)   (Zip Code)" under one rule: three answers, not one."""
    captions = [("(City, Village or Town)", (100, 122, 200, 130)), ("(State)", (300, 122, 330, 130)),
                ("(Zip Code)", (420, 122, 460, 130))]
    along = _text(100, 106, 500, 120, score=0.9)
    parts = split_at_captions([along], _content(phrases=captions, horizontal=[(120, 100, 500)]), under=True)
    # each cut lies 15% of the gap between two captions before the next one (300 - 0.15 * 100, ...)
    assert _spans(parts) == [(100, 284), (286, 405.5), (407.5, 500)]
    assert all(_points(p.bbox)[1::2] == [106, 120] for p in parts)
    assert split_at_captions([along], _content(phrases=captions)) == [along]  # opt-in
    (field_under_zip,) = [f for f in refine_page(0, [along], _content(phrases=captions), [],
                                                 RefineOptions(captions_under=True)) if f.bbox[0] > 400 / 600]
    assert field_under_zip.label == "Zip Code"


def test_a_line_is_not_split_under_one_caption_the_next_lines_labels_or_prose():
    along = _text(100, 106, 500, 120, score=0.9)
    one = [("(City)", (100, 122, 130, 130))]
    labels = [("Day Phone:", (100, 122, 150, 130)), ("Evening Phone:", (300, 122, 370, 130))]
    close = [("Street", (100, 122, 130, 130)), ("Number", (133, 122, 170, 130))]  # one caption's two words
    prose = [("I certify that the statements made herein by me are true", (100, 122, 400, 130)),
             ("(City)", (420, 122, 450, 130))]
    cell_headers = [("2. SOCIAL SECURITY NUMBER", (100, 122, 200, 130)), ("3. VA FILE NUMBER", (300, 122, 370, 130))]
    for phrases in (one, labels, close, prose, cell_headers):
        assert split_at_captions([along], _content(phrases=phrases), under=True) == [along], phrases
    captions = [("(City)", (100, 122, 130, 130)), ("(State)", (300, 122, 330, 130))]
    beside = _text(140, 120, 290, 132, score=0.9)  # a field on the captions' line: they label the next line
    assert split_at_captions([along, beside], _content(phrases=captions), under=True) == [along, beside]
    cells = _content(phrases=captions, horizontal=[(120, 100, 500)], vertical=[(290, 120, 150)])
    assert split_at_captions([along], cells, under=True) == [along]  # the line tops a row of cells they head
    under_city = _text(100, 134, 290, 148, score=0.9)  # a field right under "(City)", from its start
    assert split_at_captions([along, under_city], _content(phrases=captions), under=True) == [along, under_city]
    boxed = _content(phrases=captions, horizontal=[(106, 100, 500), (120, 100, 500)],
                     vertical=[(100, 106, 120), (500, 106, 120)])
    assert split_at_captions([along], boxed, under=True) == [along]  # a drawn box: they head the box under it


def test_a_column_of_boxes_under_two_headers_becomes_two_columns():
    """A table's ruled cell with no divider under "Name" and "Signature": the detector draws one box
    per row across both, the author a name field and a signature field."""
    headers = [("Remarks", (100, 100, 140, 110)), ("Name", (310, 100, 335, 110)), ("Signature", (440, 100, 485, 110))]
    remarks = [_text(100, 114 + 16 * row, 290, 128 + 16 * row, score=0.9) for row in range(3)]
    rows = [_text(300, 114 + 16 * row, 580, 128 + 16 * row, score=0.9) for row in range(3)]
    content = _content(phrases=headers)
    split = split_at_captions(remarks + rows, content, inside=False, headed=True)
    # each cut lies 15% of the gap between the two headers before the second (440 - 0.15 * 105)
    assert _spans(split) == [(100, 290)] * 3 + [(300, 423.2), (425.2, 580)] * 3
    assert split_at_captions(remarks + rows, content, inside=False) == remarks + rows  # headed=False
    fields = refine_page(0, remarks + rows, content, [], RefineOptions())
    assert [(f.kind, f.label) for f in fields[:3]] == [
        (FieldKind.text, "Remarks, row 1"), (FieldKind.text, "Name, row 1"), (FieldKind.signature, "Signature, row 1")]
    assert [f.label for f in fields if f.kind is FieldKind.signature] == [f"Signature, row {n}" for n in (1, 2, 3)]
    whole = refine_page(0, remarks + rows, content, [], RefineOptions(headed_parts=False))
    assert len(whole) == 6


def test_boxes_are_not_split_under_one_header_a_heading_wider_than_them_or_a_line_of_labels():
    row = _text(300, 114, 580, 128, score=0.9)
    one = [("Name and address", (310, 100, 380, 110))]
    wider = [("Name", (250, 100, 275, 110)), ("Signature", (440, 100, 485, 110))]  # the first heads a wider column
    close = [("Name", (310, 100, 335, 110)), ("Signature", (340, 100, 385, 110))]  # one header's two words
    far = [("Name", (310, 60, 335, 70)), ("Signature", (440, 60, 485, 70))]  # not right over the box
    mixed = [("COUNTY OF", (310, 100, 355, 110)), ("ss.:", (540, 100, 555, 110))]  # a line's text, not headers
    options = [("Sex:", (250, 100, 270, 110)), ("Male", (310, 100, 335, 110)), ("Female", (440, 100, 470, 110))]
    for phrases in (one, wider, close, far, mixed, options):
        assert split_at_captions([row], _content(phrases=phrases), inside=False, headed=True) == [row], phrases
    headers = [("Name:", (310, 100, 335, 110)), ("Phone:", (440, 100, 470, 110))]
    assert len(split_at_captions([row], _content(phrases=headers), inside=False, headed=True)) == 2
    beside = _text(340, 98, 430, 112, score=0.9)  # a field on the headers' line: they label their own line
    assert split_at_captions([row, beside], _content(phrases=headers), inside=False, headed=True) == [row, beside]
    over = _text(300, 84, 580, 98, score=0.9)  # a field right over them: they are its captions
    assert split_at_captions([over, row], _content(phrases=headers), inside=False, headed=True) == [over, row]
    printed = _content(phrases=headers + [("Sex", (305, 116, 325, 126))])  # words inside: a heading band
    assert split_at_captions([row], printed, inside=False, headed=True) == [row]


def test_a_cell_whose_floor_and_roof_are_drawn_in_pieces_is_one_cell():
    """A table's rules drawn a cell at a time, and a wide column's in several pieces ("Address of Care
    Provider" over rows whose lines are three strokes each): the cell is found all the same."""
    pieces = [(y, x0, x1) for y in (100, 130) for x0, x1 in ((100, 180), (180, 260), (260, 400))]
    content = _content(horizontal=pieces, vertical=[(100, 100, 130), (400, 100, 130)])
    assert _points(cell_around(tuple(v / 600 for v in (102, 104, 398, 126)), content)) == [100, 100, 400, 130]
    apart = [(y, x0, x1) for y in (100, 130) for x0, x1 in ((100, 180), (200, 260), (280, 400))]  # gaps: no line
    gapped = _content(horizontal=apart, vertical=[(100, 100, 130), (400, 100, 130)])
    assert cell_around(tuple(v / 600 for v in (102, 104, 398, 126)), gapped) is None


def test_text_boxes_stacked_in_one_empty_cell_become_one_field_filling_it():
    """A calendar's day: the detector finds writing lines in a tall empty cell, the author made one field."""
    sides = [(100, 100, 180), (300, 100, 180)]
    cell = _content(horizontal=[(100, 100, 300), (180, 100, 300)], vertical=sides)
    stacked = [_text(102, 110, 298, 125, score=0.6), _text(102, 140, 298, 155, score=0.8)]
    (merged,) = merged_in_cells(stacked, cell)
    assert _points(merged.bbox) == [101, 101, 299, 179] and merged.score == 0.8
    (field,) = refine_page(0, stacked, cell, [], RefineOptions())
    assert field.kind is FieldKind.multiline
    assert len(refine_page(0, stacked, cell, [], RefineOptions(cell_stacks=False))) == 2
    ruled = _content(horizontal=[(100, 100, 300), (132, 100, 300), (180, 100, 300)], vertical=sides)
    printed = _content(phrases=[("Notes", (104, 102, 130, 110))], horizontal=[(100, 100, 300), (180, 100, 300)],
                       vertical=sides)
    # 50 pt: an address's three one-line fields stacked in one cell
    short = _content(horizontal=[(100, 100, 300), (150, 100, 300)], vertical=[(100, 100, 150), (300, 100, 150)])
    low = [_text(102, 102, 298, 115), _text(102, 118, 298, 131), _text(102, 134, 298, 147)]
    own_box = [_text(102, 104, 298, 118), _text(102, 120, 298, 178)]  # a line over the author's box
    for content, boxes in ((ruled, stacked), (printed, stacked), (short, low), (cell, stacked[:1]), (cell, own_box)):
        assert merged_in_cells(boxes, content) == boxes


def test_a_line_carrying_its_captions_becomes_one_field_after_each():
    """ "First: ______  Last: ______" in one detected box: a field on each blank."""
    along = _text(100, 106, 500, 120, score=0.9)
    content = _content(phrases=[("First:", (100, 108, 125, 118)), ("Last:", (300, 108, 322, 118))])
    assert _spans(split_at_captions([along], content)) == [(126, 299), (323, 500)]
    assert split_at_captions([along], content, inside=False) == [along]
    whole = refine_page(0, [along], content, [], RefineOptions(caption_parts=False))
    assert [f.bbox for f in whole] == [along.bbox]
    no_colon = _content(phrases=[("First", (100, 108, 122, 118)), ("Last", (300, 108, 320, 118))])
    assert split_at_captions([along], no_colon) == [along]
    late = _content(phrases=[("First:", (160, 108, 185, 118)), ("Last:", (300, 108, 322, 118))])
    assert split_at_captions([along], late) == [along]  # a blank before the first caption: not a captioned line
