"""The refine stage end to end: forms drawn here, a detector that finds exactly their boxes,
and the names, labels, kinds, groups and tab order a person would have made."""

from __future__ import annotations

import pymupdf
import pytest

from commonforms_cli import detect_fields, prepare_form
from commonforms_cli.refine.names import tooltip
from refine_forms import FONT, DrawnForm


def _fields(report):
    return [(f.kind, f.name, f.label) for f in report.fields]


def _labels(form: DrawnForm, tmp_path) -> list[str]:
    """The labels of the fields found on a drawn form, in order."""
    pdf, model = form.save(tmp_path)
    return [f.label for f in detect_fields(pdf, model=model).fields]


@pytest.fixture
def labelled_form(tmp_path):
    form = DrawnForm()
    form.labelled_line("First name:", 40, 60, 280)
    form.labelled_line("Last name:", 300, 60, 560)
    form.labelled_line("2. Date of birth (mm/dd/yyyy):", 40, 90, 280)
    form.labelled_line("Employer's address", 40, 120, 560)
    form.labelled_line("Employer's address", 40, 150, 560)
    form.line(40, 280, 182)
    form.detect("text", 40, 169, 280, 182)  # nothing labels this one
    x = form.check_box(form.text(40, 220, "Do you smoke?") + 20, 220, "Yes")
    form.check_box(x + 15, 220, "No")
    x = form.text(40, 250, "Benefits (check all that apply):") + 20
    for option in ("Food", "Cash", "Housing"):
        x = form.check_box(x, 250, option) + 15
    x = form.text(40, 280, "Rate our service:") + 20
    for option in "12345":
        x = form.check_box(x, 280, option) + 15
    return form.save(tmp_path)


def test_names_and_tooltips_come_from_labels(labelled_form):
    pdf, model = labelled_form
    report = detect_fields(pdf, model=model)
    assert _fields(report)[:6] == [
        ("text", "first_name", "First name"),
        ("text", "last_name", "Last name"),
        ("text", "date_of_birth", "2. Date of birth (mm/dd/yyyy)"),
        ("text", "employer_address", "Employer's address"),
        ("text", "employer_address_2", "Employer's address"),
        ("text", "text_1_6", ""),  # no label: <kind>_<page>_<n>, n counting the page's text fields
    ]


def test_exclusive_options_become_one_radio_group(labelled_form):
    pdf, model = labelled_form
    assert _fields(detect_fields(pdf, model=model))[6:] == [
        ("radio", "do_you_smoke", "Yes"),
        ("radio", "do_you_smoke", "No"),
        ("checkbox", "food", "Food"),  # "check all that apply": independent
        ("checkbox", "cash", "Cash"),
        ("checkbox", "housing", "Housing"),
        *[("radio", "rate_our_service", rating) for rating in "12345"],
    ]


def test_written_form_has_tooltips_radio_groups_and_widget_tab_order(tmp_path, labelled_form):
    pdf, model = labelled_form
    out = tmp_path / "out.pdf"
    prepare_form(pdf, out, model=model)
    with pymupdf.open(out) as doc:
        page = doc[0]
        assert doc.xref_get_key(page.xref, "Tabs") == ("name", "/W")
        widgets = list(page.widgets())
        tooltips = {w.field_name: w.field_label for w in widgets if w.field_type_string == "Text"}
        assert tooltips["first_name"] == "First name" and tooltips["employer_address_2"] == "Employer's address"
        smoke = [w for w in widgets if w.field_name == "do_you_smoke"]
        assert [w.field_type_string for w in smoke] == ["RadioButton", "RadioButton"]
        assert [w.on_state() for w in smoke] == ["Yes", "No"]
        parent = doc.xref_get_key(smoke[0].xref, "Parent")[1].split()[0]
        assert doc.xref_get_key(int(parent), "TU") == ("string", "Do you smoke?")
        ratings = [w.on_state() for w in widgets if w.field_name == "rate_our_service"]
        assert ratings == ["1", "2", "3", "4", "5"]
        assert [w.field_type_string for w in widgets if w.field_name in ("food", "cash", "housing")] == ["CheckBox"] * 3


def _questions(form: DrawnForm, tmp_path) -> list[tuple]:
    """Each field found on the form: its kind, label and (a radio option's) group question."""
    pdf, model = form.save(tmp_path)
    return [(f.kind, f.label, f.field.question) for f in detect_fields(pdf, model=model).fields]


def _options(form: DrawnForm, question: str, baseline: float, *labels: str) -> None:
    """A question, then a row of check boxes labelled on their right."""
    x = form.text(40, baseline, question) + 12 if question else 40
    for label in labels:
        x = form.check_box(x, baseline, label) + 12


def test_radio_groups_only_where_the_options_exclude_each_other(tmp_path):
    form = DrawnForm()
    _options(form, "Are you a resident?", 60, "Yes", "No", "N/A")
    _options(form, "Sex", 80, "Male", "Female")
    _options(form, "Tipo de solicitud (marque uno):", 100, "Nueva", "Renovación")
    _options(form, "Is the provider a person or an organization?", 120, "Person", "Organization")
    _options(form, "Wildlife fund", 140, "$10", "$20", "Other")
    _options(form, "I confirm that I", 160, "have", "have not told my guardian")
    _options(form, "Credential", 170, "REAL ID", "NON-REAL ID")  # an option and its denial
    _options(form, "Parent notified (check one or both):", 180, "Mother", "Father")
    _options(form, "Benefits (check all that apply):", 200, "Food", "Cash")
    _options(form, "Languages spoken", 220, "English", "Spanish", "French")  # independent options
    form.text(40, 245, "Filing status")
    _options(form, "", 260, "Single", "Married jointly", "Married separately")
    _options(form, "", 275, "Head of household")  # the grid's second row
    form.text(40, 300, "Documents")
    form.text(250, 300, "Enclosed")
    for row, document in enumerate(("Passport", "Birth certificate", "Proof of address")):
        form.text(40, 324 + 16 * row, document)  # one check box per table row
        form.check_box(250, 324 + 16 * row)
    pdf, model = form.save(tmp_path)
    kinds: dict[str, list[str]] = {}
    for item in detect_fields(pdf, model=model).fields:
        kinds.setdefault(item.name if item.kind == "radio" else "checkbox", []).append(item.label)
    assert kinds == {
        "are_you_a_resident": ["Yes", "No", "N/A"],
        "sex": ["Male", "Female"],
        "tipo_de_solicitud": ["Nueva", "Renovación"],
        "is_the_provider_a_person": ["Person", "Organization"],
        "wildlife_fund": ["$10", "$20", "Other"],
        "i_confirm_that_i": ["have", "have not told my guardian"],
        "credential": ["REAL ID", "NON-REAL ID"],
        "filing_status": ["Single", "Married jointly", "Married separately", "Head of household"],
        "checkbox": ["Mother", "Father", "Food", "Cash", "English", "Spanish", "French",
                     "Passport", "Birth certificate", "Proof of address"],
    }


def test_questions_that_take_one_answer_whatever_the_options_are_called(tmp_path):
    form = DrawnForm()
    _options(form, "Delivery method:", 60, "In person", "Mail", "Courier")
    _options(form, "I am the", 90, "Applicant", "Respondent", "Witness")
    _options(form, "Documents enclosed:", 120, "Lease", "Receipts", "Photos")  # independent options
    # the question over the row asks for one answer ("your answer", as Ontario's tribunals ask)
    form.text(40, 150, "Who has signed? Shade the circle next to your answer.")
    _options(form, "", 166, "Tenant 1", "Tenant 2", "Legal Representative")
    _options(form, "11. Religion:", 196, "Christianity", "Islam", "None")  # a land registry's form
    _options(form, "12. Education:", 226, "Primary", "Secondary", "Tertiary")
    assert [(kind, question) for kind, _, question in _questions(form, tmp_path)] == [
        *[("radio", "Delivery method:")] * 3, *[("radio", "I am the")] * 3, *[("checkbox", "")] * 3,
        *[("radio", "Who has signed? Shade the circle next to your answer.")] * 3,
        *[("radio", "11. Religion:")] * 3, *[("radio", "12. Education:")] * 3]


def test_an_option_s_long_label_does_not_part_its_row(tmp_path):
    """The gap between two options of a row is the blank paper between them: a long label
    ("Naturalized U.S. Citizen or Derived U.S. Citizen") leaves the next option in its question."""
    form = DrawnForm()
    x = form.text(40, 60, "Citizenship (check one):") + 12
    x = form.check_box(x, 60, "U.S. Citizen") + 12
    x = form.check_box(x, 60, "Naturalized U.S. Citizen or Derived U.S. Citizen by birth abroad") + 12
    form.check_box(x, 60, "Not a U.S. Citizen")
    assert [(kind, question) for kind, _, question in _questions(form, tmp_path)] == [
        ("radio", "Citizenship (check one):")] * 3


def test_a_grid_of_answers_ends_where_a_question_allowing_more_than_one_begins(tmp_path):
    # "Birth sex" makes any answer under it exclusive; the race question right under it does not
    form = DrawnForm()
    _options(form, "Birth sex", 60, "Male", "Female")
    form.text(40, 69, "Race (you may check more than one)")
    _options(form, "", 80, "Asian", "White")
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        ("radio", "birth_sex", "Male"),
        ("radio", "birth_sex", "Female"),
        ("checkbox", "asian", "Asian"),
        ("checkbox", "white", "White"),
    ]


def test_a_grid_of_answers_ends_at_a_row_that_asks_its_own_question(tmp_path):
    # "Marital status" makes any answer under it exclusive, but "Languages spoken:" on its left
    # starts another question, which lists no exclusive answers
    form = DrawnForm()
    for baseline, question, options in ((60, "Marital status:", ("Single", "Married", "Widowed")),
                                        (76, "Languages spoken:", ("English", "French", "Other"))):
        form.text(40, baseline, question)
        for column, option in enumerate(options):
            form.check_box(150 + 90 * column, baseline, option)
    pdf, model = form.save(tmp_path)
    assert [(kind, name) for kind, name, _ in _fields(detect_fields(pdf, model=model))] == [
        ("radio", "marital_status")] * 3 + [("checkbox", "english"), ("checkbox", "french"), ("checkbox", "other")]


def test_a_hint_on_the_question_line_counts_and_another_option_label_is_no_question(tmp_path):
    # "Relationship to you (Check one)" over a row whose left neighbour is another question's option
    form = DrawnForm()
    form.text(300, 60, "Relationship to you (Check one)")  # the hint separate from the question
    form.check_box(40, 76, "Other person")
    x = 300
    for option in ("Son", "Daughter", "Stepson"):
        x = form.check_box(x, 76, option) + 12
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [("checkbox", "other_person", "Other person")] + [
        ("radio", "relationship_to_you", option) for option in ("Son", "Daughter", "Stepson")]


def test_options_labelled_on_their_left_answer_the_question_left_of_their_labels(tmp_path):
    # "... an offence?   No [ ]   Yes [ ]": the row's question stands left of the first option's label
    form = DrawnForm()
    form.text(40, 58, "Have you ever been convicted of")
    x = form.text(40, 72, "an offence in any country?") + 60
    for option in ("No", "Yes"):
        x = form.left_labelled_box(x, 72, option) + 22
    assert _questions(form, tmp_path) == [
        ("radio", option, "Have you ever been convicted of an offence in any country?") for option in ("No", "Yes")]


def test_yes_and_no_labelled_on_their_left_keep_their_own_boxes_however_close(tmp_path):
    # "6. ... Alaska?   Yes [ ] No [ ]": "No" stands as near the first box as the second; the row's
    # last box, with words on its left only, says the row is labelled on the left
    form = DrawnForm()
    questions = {60: "5. Has anyone been convicted of a felony?", 84: "6. Do you intend to stay in Alaska?"}
    for baseline, question in questions.items():
        form.text(40, baseline, question)
        x = 400
        for option in ("Yes", "No"):
            x = form.left_labelled_box(x, baseline, option) + 4
    # each row's question is its own, not the row above it
    assert _questions(form, tmp_path) == [
        ("radio", option, question) for question in questions.values() for option in ("Yes", "No")]


def test_a_question_left_of_its_options_goes_on_onto_the_lines_under_it(tmp_path):
    # "5. Are you a nonprofit organized as tax  [ ] Yes  [ ] No" over "exempt or a research
    # organization?": the question is all its lines, down to where its sentence ends, even onto a
    # line that starts with a number ("a total of" over "25 or fewer people?")
    form = DrawnForm()
    items = {60: ("5.", "Are you a nonprofit organized as tax", "exempt or a research organization?"),
             96: ("6.", "Do you employ a total of", "25 or fewer people?")}
    for baseline, (number, first, second) in items.items():
        form.text(40, baseline, number)
        x = form.text(60, baseline, first) + 20
        for option in ("Yes", "No"):
            x = form.check_box(x, baseline, option) + 12
        form.text(60, baseline + 12, second)
    # the second question takes nothing of the first one's last line, which ends in "?"
    assert _questions(form, tmp_path) == [
        ("radio", option, f"{first} {second}") for _, first, second in items.values() for option in ("Yes", "No")]


def test_a_question_over_options_labelled_on_their_left_is_no_part_of_the_first_label(tmp_path):
    # "Is this child migrating with you?" over "No [ ]" over "Yes [ ]": a line ending in a
    # question mark is a question of its own, not the first words of the option under it
    form = DrawnForm()
    form.text(40, 60, "Is this child migrating with you?")
    for baseline, option in ((76, "No"), (92, "Yes")):
        form.text(40, baseline, option)
        form.check_box(62, baseline)
    assert _questions(form, tmp_path) == [
        ("radio", option, "Is this child migrating with you?") for option in ("No", "Yes")]


def test_a_label_after_its_item_number_is_led_by_it_and_takes_no_line_of_the_item_above(tmp_path):
    # "including all affiliates of this company?" ends item 6; "7.  U.S. Social Security Number"
    # starts item 7 under it: the field's label is item 7's number and words, as a reader of the
    # page says them (the text layer holds the number apart, as USCIS forms do); its name is the words
    form = DrawnForm()
    form.text(60, 60, "including all affiliates of this company")
    form.text(40, 74, "7.")
    form.labelled_line("U.S. Social Security Number", 60, 74, 400)
    pdf, model = form.save(tmp_path)
    [field] = detect_fields(pdf, model=model).fields
    assert (field.label, field.name) == ("7. U.S. Social Security Number", "u_s_social_security_number")


def test_the_blanks_of_a_date_written_in_words_are_its_day_month_and_year(tmp_path):
    # a notary's jurat, "Subscribed and sworn to before me this ___ day of ________, 20__": the
    # words around each blank name another blank ("day of" ends before the month's)
    form = DrawnForm()
    x = form.text(40, 100, "Subscribed and sworn to before me this")
    for words, width in (("day of", 40), (", 20", 90), ("", 30)):
        form.line(x + 2, x + 2 + width, 102)
        form.detect("text", x + 2, 90, x + 2 + width, 102)
        if words:
            x = form.text(x + 6 + width, 100, words)
    pdf, model = form.save(tmp_path)
    assert [(f.label, f.name) for f in detect_fields(pdf, model=model).fields] == [
        ("Day", "day"), ("Month", "month"), ("Year", "year")]


def test_numbered_items_in_frames_label_their_parts_as_their_author_would(tmp_path):
    # a state form's items: "[1] Your name:" over "First: ___  Last: ___", "[3] Phone #:" typed
    # with "|" comb dividers before three boxes parted by "-", "[4] Occupation:" with the detector's
    # box reaching over the label's end. The frames are item numbers, no boxes to tick; the parts
    # of one entry share its label; the repeated "First:" and "Last:" are told apart by the item's
    # words, not its number.
    form = DrawnForm()
    for item, top, words in ((1, 60, "Your name:"), (2, 120, "Your name on your licence:")):
        form.rect(40, top - 10, 52, top + 2)
        form.text(43, top, str(item))
        form.detect("choice", 40, top - 10, 52, top + 2)
        form.text(60, top, words)
        for label, x, x1 in (("First:", 60, 280), ("Last:", 300, 560)):
            form.labelled_line(label, x, top + 24, x1)
    form.rect(40, 158, 52, 170)  # right under the line above: the text over it is item 2's
    form.text(43, 168, "3")
    form.detect("choice", 40, 158, 52, 170)
    x = form.text(60, 168, "Phone #: | | |") + 8
    for part in range(3):
        form.rect(x, 158, x + 50, 171)
        form.detect("text", x, 158, x + 50, 171)
        if part < 2:
            form.text(x + 54, 168, "-")
        x += 64
    end = form.text(60, 240, "Occupation:")
    form.line(end + 2, 560, 242)
    form.detect("text", end - 12, 229, 560, 242)
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [(f.kind, f.label) for f in fields] == [
        ("text", "Your name: First"), ("text", "Your name: Last"),
        ("text", "Your name on your licence: First"), ("text", "Your name on your licence: Last"),
        ("text", "Phone #"), ("text", "Phone #"), ("text", "Phone #"), ("text", "Occupation")]
    assert fields[-1].bbox[0] * 600 >= end  # the field starts clear of its label


def test_a_bulleted_question_wraps_under_its_words_not_its_bullet(tmp_path):
    # "• been convicted of an offence" / "  in any country?   No [ ]  Yes [ ]"
    form = DrawnForm()
    words = form.text(40, 58, "• ")
    form.text(words, 58, "been convicted of an offence")
    x = form.text(words, 72, "in any country?") + 60
    for option in ("No", "Yes"):
        x = form.left_labelled_box(x, 72, option) + 22
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    # the group's tooltip (its /TU) says the question without the list's mark
    assert {(f.name, tooltip(f.field.question)) for f in fields} == {
        ("been_convicted_of_an_offence", "been convicted of an offence in any country?")}


def test_repeated_blocks_lead_their_fields_with_the_block_heading(tmp_path):
    # "PERSON 1" and "PERSON 2", each with the same fields: their tooltips and names tell them apart
    form = DrawnForm()
    for block, top in ((1, 60), (2, 200)):
        form.text(40, top, f"PERSON {block}", bold=True)
        form.labelled_line("First name", 40, top + 30, 280)
        form.labelled_line("Last name", 300, top + 30, 560)
        form.text(40, top + 70, "Gender:")
        form.check_box(100, top + 70, "Male")
        form.check_box(150, top + 70, "Female")
    form.labelled_line("Date", 40, 400, 280)  # asked once: no block heading
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [(f.name, tooltip(f.field.question or f.label)) for f in fields] == [
        ("person_1_first_name", "PERSON 1: First name"), ("person_1_last_name", "PERSON 1: Last name"),
        ("person_1_gender", "PERSON 1: Gender"), ("person_1_gender", "PERSON 1: Gender"),
        ("person_2_first_name", "PERSON 2: First name"), ("person_2_last_name", "PERSON 2: Last name"),
        ("person_2_gender", "PERSON 2: Gender"), ("person_2_gender", "PERSON 2: Gender"),
        ("date", "Date")]


def _block_pages(*headings: str) -> DrawnForm:
    """One page per heading, each with the same two labelled lines under it and "Page N" at its top."""
    form = DrawnForm()
    for number, heading in enumerate(headings, 1):
        if number > 1:
            form.page = form.doc.new_page(width=600, height=600)
        form.text(500, 30, f"Page {number}")
        form.text(40, 60, heading, bold=True)
        for x0, x1, label in ((40, 280, "First name"), (300, 560, "Last name")):
            start = form.text(x0, 90, label) + 6
            form.line(start, x1, 92)
            if number == 1:
                form.detect("text", start, 79, x1, 92)  # the detector finds the same boxes on every page
    return form


def test_blocks_one_to_a_page_lead_their_fields_with_their_headings(tmp_path):
    # "PERSON 6" on one page and "PERSON 7" on the next: a household supplement's pages
    pdf, model = _block_pages("PERSON 6", "PERSON7").save(tmp_path)
    assert [f.name for f in detect_fields(pdf, model=model).fields] == [
        "person_6_first_name", "person_6_last_name", "person_7_first_name", "person_7_last_name"]


def test_page_numbers_and_a_lone_numbered_heading_head_no_block(tmp_path):
    # "Page 1", "Page 2" number pages; "Section 1" alone in the document is no family of blocks
    pdf, model = _block_pages("Section 1", "Applicant").save(tmp_path)
    assert [f.name for f in detect_fields(pdf, model=model).fields] == [
        "first_name", "last_name", "first_name_2", "last_name_2"]


def test_a_block_whose_heading_is_garbled_is_led_by_no_other_block_heading(tmp_path):
    # "PERSON 8" read as "PERSONS" under "PERSON 7": PERSON 7 seems to hold two blocks, and neither
    # is led by it (PERSON 6's fields still are; the detector finds the lower boxes on page 1 too)
    form = _block_pages("PERSON 6", "PERSON 7")
    form.text(40, 160, "PERSONS", bold=True)
    for x0, x1, label in ((40, 280, "First name"), (300, 560, "Last name")):
        form.line(form.text(x0, 190, label) + 6, x1, 192)
    form.detect("text", 102, 179, 280, 192)
    form.detect("text", 357, 179, 560, 192)
    pdf, model = form.save(tmp_path)
    assert [f.name for f in detect_fields(pdf, model=model).fields] == [
        "person_6_first_name", "person_6_last_name", "text_1_3", "text_1_4",
        "first_name", "last_name", "first_name_2", "last_name_2"]


def test_numbered_labels_head_no_block(tmp_path):
    # "Phone 1 ____  Phone 2 ____" over two "Other ____": the numbered labels name their own fields
    form = DrawnForm()
    form.labelled_line("Phone 1", 40, 60, 280)
    form.labelled_line("Phone 2", 300, 60, 560)
    form.labelled_line("Other", 40, 100, 280)
    form.labelled_line("Other", 300, 100, 560)
    pdf, model = form.save(tmp_path)
    assert [f.name for f in detect_fields(pdf, model=model).fields] == ["phone_1", "phone_2", "other", "other_2"]


def test_rows_numbered_in_the_margin_lead_their_repeated_labels_with_their_number(tmp_path):
    # a table's rows numbered "1" .. "3" half-way down each, each with a "First Name" and a "Last
    # Name" captioned in its top corner; "Total" asked once
    form = DrawnForm()
    for row, top in enumerate((60, 120, 180), 1):
        form.text(44, top + 32, str(row), bold=True)
        for y, caption in ((top, "First Name"), (top + 30, "Last Name")):
            form.rect(60, y, 300, y + 30)
            form.text(62, y + 8, caption)
            form.detect("text", 61, y + 10, 299, y + 29)
    form.labelled_line("Total", 40, 270, 300)
    pdf, model = form.save(tmp_path)
    assert [f.label for f in detect_fields(pdf, model=model).fields] == [
        f"{row}: {name}" for row in (1, 2, 3) for name in ("First Name", "Last Name")] + ["Total"]


def test_numbers_that_tell_no_repeats_apart_lead_nothing(tmp_path):
    # one number beside two rows that ask the same: the number is no row's own
    form = DrawnForm()
    form.text(44, 92, "1", bold=True)
    for y in (60, 90):
        form.rect(60, y, 300, y + 30)
        form.text(62, y + 8, "Name")
        form.detect("text", 61, y + 10, 299, y + 29)
    pdf, model = form.save(tmp_path)
    assert [f.label for f in detect_fields(pdf, model=model).fields] == ["Name", "Name"]


def test_a_caption_left_of_a_box_labelled_on_its_right_asks_the_question_under_it(tmp_path):
    # "GENDER  [ ] Prefer not to say" over "[ ] Male  [ ] Female": GENDER is no label of the box
    # after it, so it still asks what the options under it answer; the answer wrapped onto the line
    # above is one of them, and "[ ] Veteran" over the next pair is none
    form = DrawnForm()
    form.text(40, 50, "GENDER")
    form.check_box(90, 50, "Prefer not to say")
    form.check_box(40, 66, "Male")
    form.check_box(90, 66, "Female")
    form.check_box(300, 50, "Veteran")
    form.check_box(300, 66, "Male")
    form.check_box(350, 66, "Female")
    pdf, model = form.save(tmp_path)
    radios = [f for f in detect_fields(pdf, model=model).fields if f.kind == "radio"]
    assert [(f.field.question, f.label) for f in radios][:3] == [
        ("GENDER", "Prefer not to say"), ("GENDER", "Male"), ("GENDER", "Female")]
    assert "Veteran" not in [f.label for f in radios]


def test_drawn_rules_part_two_questions_on_one_line(tmp_path):
    # | Gender: [ ] Male [ ] Female | Are you pregnant? [ ] Yes [ ] No |, each question over its boxes
    form = DrawnForm()
    form.text(40, 60, "Gender:")
    form.check_box(40, 76, "Male")
    form.check_box(100, 76, "Female")
    form.vertical(160, 48, 82)
    form.text(165, 60, "Are you pregnant?")
    form.check_box(165, 76, "Yes")
    form.check_box(215, 76, "No")
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        ("radio", "gender", "Male"), ("radio", "gender", "Female"),
        ("radio", "are_you_pregnant", "Yes"), ("radio", "are_you_pregnant", "No")]


def test_a_box_alone_in_its_cell_beside_a_group_answers_no_question_of_that_group(tmp_path):
    # | Sex: [ ] Male [ ] Female | [ ] Veteran |: "Sex" makes any answer exclusive, but not the box
    # in the next cell; | Admitted? [ ] Yes [ ] No | [ ] Unknown |: answers that exclude each other
    form = DrawnForm()
    for baseline, question, pair, alone in ((60, "Sex:", ("Male", "Female"), "Veteran"),
                                            (90, "Admitted?", ("Yes", "No"), "Unknown")):
        form.text(40, baseline, question)
        form.check_box(100, baseline, pair[0])
        form.check_box(150, baseline, pair[1])
        form.vertical(200, baseline - 12, baseline + 6)
        form.check_box(205, baseline, alone)
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        ("radio", "sex", "Male"), ("radio", "sex", "Female"), ("checkbox", "veteran", "Veteran"),
        *[("radio", "admitted", answer) for answer in ("Yes", "No", "Unknown")]]


def test_cells_captioned_over_their_options_on_a_page_without_rules_are_a_group_each(tmp_path):
    # "RELATION" over [ ] Relative [ ] Friend, "MARITAL STATUS" over five statuses, side by side, the
    # cells' rules and boxes part of an image (not drawn here): the captions part the questions. The
    # detector's boxes sit unevenly: "Divorced" ends nearer the next box than "Never married" starts,
    # but nearer still to its own box
    form = DrawnForm()
    form.text(40, 50, "RELATION")
    x = 40
    for label in ("Relative", "Friend"):
        x = form.check_box(x, 70, label) + 12
    form.text(x, 50, "MARITAL STATUS")
    for label, gap in (("Legally separated", 1), ("Divorced", 1), ("Never married", 4), ("Married", 1),
                       ("Widowed", 1)):
        form.detect("choice", x, 62, x + 8, 70)
        x = form.text(x + 8 + gap, 70, label) + 2.5
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        ("checkbox", "relative", "Relative"), ("checkbox", "friend", "Friend"),
        *[("radio", "marital_status", label)
          for label in ("Legally separated", "Divorced", "Never married", "Married", "Widowed")]]


def test_questions_answered_in_yes_and_no_columns_are_a_radio_group_each(tmp_path):
    # a ruled table: questions in the first column, a box in each cell of the "YES" and "NO" columns;
    # the words beside each box are in another cell, so the column header labels it
    form = DrawnForm()
    form.text(303, 56, "YES")
    form.text(333, 56, "NO")
    questions = ("A. Are you a veteran?", "B. Have you served abroad?")
    for row, question in enumerate(questions):
        baseline = 74 + 20 * row
        form.text(40, baseline, question)
        form.check_box(306, baseline)
        form.check_box(336, baseline)
    for x in (36, 296, 326, 356):
        form.vertical(x, 44, 100)
    for y in (44, 60, 80, 100):
        form.line(36, 356, y)
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        ("radio", "are_you_a_veteran", "YES"), ("radio", "are_you_a_veteran", "NO"),
        ("radio", "have_you_served_abroad", "YES"), ("radio", "have_you_served_abroad", "NO")]


def test_two_medical_history_tables_side_by_side_under_y_and_n_are_a_radio_group_per_condition(tmp_path):
    # "condition  [ ] [ ]" under "Y" "N", twice across the page: the left table's "N" box has the right
    # table's condition as its nearest words, far off; the letters heading the columns are its answers
    form = DrawnForm()
    tables = (("Asthma", "Diabetes"), ("Stroke", "Seizures"))
    for left, conditions in zip((40, 320), tables):
        form.text(left + 150, 56, "Y")
        form.text(left + 180, 56, "N")
        for row, condition in enumerate(conditions):
            form.text(left, 74 + 16 * row, condition)
            form.check_box(left + 148, 74 + 16 * row)
            form.check_box(left + 178, 74 + 16 * row)
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        ("radio", condition, answer) for condition in ("asthma", "stroke", "diabetes", "seizures") for answer in "YN"]


def test_a_likert_matrix_of_check_boxes_is_a_radio_group_per_statement(tmp_path):
    # the agreement scale heads columns of squares; the first statement ends close to its first
    # box, as near as a label on its left would be: the heading, not the statement, labels that box
    form = DrawnForm()
    scale = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")
    for column, answer in enumerate(scale):
        form.text(110 + 95 * column, 50, answer)
    statements = ("Staff friendly", "Short wait")
    for row, statement in enumerate(statements):
        form.text(40, 74 + 18 * row, statement)
        for column in range(5):
            form.check_box(125 + 95 * column, 74 + 18 * row)
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        ("radio", statement.lower().replace(" ", "_"), answer) for statement in statements for answer in scale]


def test_a_lone_column_of_boxes_under_yes_is_a_checklist_labelled_by_its_rows(tmp_path):
    # "Yes" heads one column of boxes far right of the statements they confirm: no yes/no answers
    # (no "No" box beside any), so each box keeps its statement
    form = DrawnForm()
    form.text(300, 56, "Yes")
    statements = ("I have read the policy", "I agree to the terms", "I am over 18")
    for row, statement in enumerate(statements):
        form.text(40, 74 + 16 * row, statement)
        form.check_box(303, 74 + 16 * row)
    pdf, model = form.save(tmp_path)
    assert [(f.kind, f.label) for f in detect_fields(pdf, model=model).fields] == [
        ("checkbox", statement) for statement in statements]


@pytest.mark.parametrize("ruled", [False, True])
def test_a_rating_table_of_check_boxes_under_numbers_is_a_radio_group_per_row(tmp_path, ruled):
    # "1" .. "5" heading columns of squares, each row's question far on its left: the numbers label
    # the boxes (the question labelled the first one, and the row read as no rating scale)
    form = DrawnForm()
    for column in range(5):
        form.text(262 + 30 * column, 56, str(column + 1))
    questions = ("Cleanliness", "Speed", "Courtesy")
    for row, question in enumerate(questions):
        form.text(40, 74 + 18 * row, question)
        for column in range(5):
            form.check_box(260 + 30 * column, 74 + 18 * row)
    for x in [36] + [255 + 30 * column for column in range(6)] if ruled else ():
        form.vertical(x, 44, 116)
    for y in (44, 62, 80, 98, 116) if ruled else ():
        form.line(36, 405, y)
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        ("radio", question.lower(), str(rating)) for question in questions for rating in range(1, 6)]


@pytest.mark.parametrize("headers", [("Poor", "Fair", "Good"), ("Happy", "Meh", "Sad")])
def test_a_table_of_questions_answered_in_columns_of_circles_is_a_radio_group_per_row(tmp_path, headers):
    # each row's question on its left, far from the circles; the column headers name the answers
    # where they are answers ("Poor" / "Fair" / "Good"); the rows are never one group
    form = DrawnForm()
    for column, header in enumerate(headers):
        form.text(300 + 40 * column, 40, header)
    questions = ("How was the food?", "How was the service?", "How was the room?")
    for row, question in enumerate(questions):
        form.text(40, 60 + 16 * row, question)
        for column in range(3):
            form.page.draw_circle((304 + 40 * column, 56 + 16 * row), 4, width=0.75)
            form.detect("choice", 300 + 40 * column, 52 + 16 * row, 308 + 40 * column, 60 + 16 * row)
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [f.kind for f in fields] == ["radio"] * 9
    assert len({f.name for f in fields}) == 3
    if headers[0] == "Poor":
        assert _fields(detect_fields(pdf, model=model)) == [
            ("radio", name, answer) for name in ("how_was_the_food", "how_was_the_service", "how_was_the_room")
            for answer in headers]


def test_a_table_header_over_a_drawn_rule_is_no_first_line_of_the_first_row_label(tmp_path):
    # "Expense" heads the column of row names, a rule under it; "Rent" alone labels its row's field
    form = DrawnForm()
    form.text(40, 56, "Expense")
    form.text(200, 56, "Monthly cost")
    for row, expense in enumerate(("Rent", "Utilities")):
        form.text(40, 74 + 18 * row, expense)
        form.detect("text", 200, 62 + 18 * row, 340, 76 + 18 * row)
    for x in (36, 196, 340):
        form.vertical(x, 44, 98)
    for y in (44, 62, 80, 98):
        form.line(36, 340, y)
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [("text", "rent", "Rent"), ("text", "utilities", "Utilities")]


@pytest.mark.parametrize("note", [
    ("If you received a form", "from a brokerage firm,", "list the firm's name as",
     "the payer and enter the", "total shown on that", "form."),
    # as Schedule B wraps it: a form's number on the line after its name, "Forms" after "for"
    ("(See instructions for", "Forms 1040 and", "1040-SR.) If you", "received a Form", "1099-INT, Form",
     "1099-OID, or a firm's", "statement, enter the", "total shown on that", "form."),
    # five short lines: a side note though no sentence of prose
    ("(See instructions", "and the", "instructions for", "Forms 1040 and", "1040-SR, line 2b.)"),
])
def test_a_note_in_the_margin_beside_a_table_labels_none_of_its_rows(tmp_path, note):
    # Schedule B prints "If you received a Form 1099 ..." down its margin beside 14 payer rows: its
    # lines are no row's label; each row is named by its column and its place
    form = DrawnForm()
    for line, words in enumerate(note):
        form.text(40, 70 + 14 * line, words)
    form.text(160, 52, "Name of payer")
    form.text(420, 52, "Amount")
    for row in range(5):
        bottom = 70 + 18 * row
        form.line(160, 520, bottom)
        form.detect("text", 160, bottom - 12, 400, bottom)
        form.detect("text", 420, bottom - 12, 520, bottom)
    labels = _labels(form, tmp_path)
    assert labels == [f"{column}, row {row}" for row in range(1, 6) for column in ("Name of payer", "Amount")]


def test_a_long_column_finds_its_header_over_blank_paper(tmp_path):
    # Schedule B's "Amount" stands 25 pt over its rows, beside the first line's long question: the
    # column's rows are named by it; a short stack that far under words is not
    form = DrawnForm()
    form.text(40, 52, "1 List the name of each payer and, where any interest is from a mortgage,")
    form.text(40, 64, "the address of the buyer who used the property as a home.")
    for header, baseline, rows in (("Amount", 52, 5), ("Other income", 180, 2)):
        form.text(420, baseline, header)  # 28 pt over the first row: 2.8 lines of its type
        for bottom in range(baseline + 42, baseline + 42 + 12 * rows, 12):
            form.line(400, 520, bottom)
            form.detect("text", 400, bottom - 12, 520, bottom)
    labels = _labels(form, tmp_path)
    assert labels[:5] == ["Amount"] * 5
    assert not any("Other income" in label for label in labels[5:])


def test_one_label_repeated_down_a_column_labels_each_row_it_stands_on(tmp_path):
    # a timesheet's "von" before each day's field: its lines run on as a sentence would, but one
    # label repeated on every row is no margin note
    form = DrawnForm()
    for row in range(6):
        bottom = 70 + 18 * row
        form.text(40, bottom, "von")
        form.line(70, 200, bottom)
        form.detect("text", 70, bottom - 12, 200, bottom)
    assert _labels(form, tmp_path) == ["von"] * 6


def test_a_row_numbered_in_brackets_takes_no_words_from_the_column_left_of_its_number(tmp_path):
    # a page of two columns: the right one's rows are numbered "(1)", "(2)" beside the left one's
    # prose; the prose's lines are no row's label, the rows are named by their header and place
    form = DrawnForm()
    for line, words in enumerate(("a. List the income of all", "others living in your home.")):
        form.text(40, 70 + 14 * line, words)
    form.text(320, 52, "Value")
    form.text(440, 52, "Still owe")
    for row in range(3):
        bottom = 70 + 14 * row
        form.text(300, bottom, f"({row + 1})")
        form.line(320, 540, bottom)
        form.detect("text", 320, bottom - 11, 420, bottom)
        form.detect("text", 440, bottom - 11, 540, bottom)
    labels = _labels(form, tmp_path)
    assert labels == ["Value, row 1", "Still owe, row 1", "Value, row 2", "Still owe, row 2",
                      "Value, row 3", "Still owe, row 3"]


def test_a_field_found_in_a_tall_header_cell_leaves_the_header_to_the_rows_under_it(tmp_path):
    # a box under "Description" in its own tall header cell (a detector's false find) does not
    # hide the header from the column's rows, nor count as one of them
    form = DrawnForm()
    form.text(80, 56, "Description")
    form.text(240, 56, "Amount")
    for x in (40, 60, 220, 340):
        form.vertical(x, 44, 152)
    for y in (44, 98, 116, 134, 152):
        form.line(40, 340, y)
    form.detect("text", 62, 84, 218, 97)
    for row in range(3):
        top = 98 + 18 * row
        form.text(46, top + 13, str(row + 1))
        form.detect("text", 62, top + 2, 218, top + 16)
        form.detect("text", 222, top + 2, 338, top + 16)
    labels = _labels(form, tmp_path)
    assert labels[1:] == ["Description, row 1", "Amount, row 1", "Description, row 2", "Amount, row 2",
                          "Description, row 3", "Amount, row 3"]


@pytest.mark.parametrize("lines, field, label", [
    # "5 Pensions and" over "annuities" set under "Pensions" (a hanging indent), the field beside
    # the second line: the label is both lines, and the item above is not part of it
    ([(40, 60, "4 Other gains"), (40, 74, "5 Pensions and"),
      (40 + pymupdf.get_text_length("5 ", fontname="helv", fontsize=10), 88, "annuities")],
     (200, 77, 400, 90), "5 Pensions and annuities"),
    # single-spaced type (10 on 11 points): the lines' boxes overlap, yet they wrap
    ([(40, 60, "Your Social Security"), (40, 71, "number")], (150, 61, 400, 73), "Your Social Security number"),
    # the field beside the second line reaching up beside the first: it is no other field of that line
    ([(40, 60, "Signature of"), (40, 72, "Probate Judge")], (150, 56, 400, 76), "Signature of Probate Judge"),
])
def test_a_label_wraps_from_the_lines_above_its_field(tmp_path, lines, field, label):
    form = DrawnForm()
    for x, baseline, words in lines:
        form.text(x, baseline, words)
    form.line(field[0], field[2], field[3])
    form.detect("text", *field)
    pdf, model = form.save(tmp_path)
    assert [found for _, _, found in _fields(detect_fields(pdf, model=model))] == [label]


def test_a_label_wrapping_onto_a_second_line_beside_a_tall_field_is_both_lines(tmp_path):
    # "What is the change and the reason" over "for it (new class, etc.)?" on the left of one box
    # as tall as both lines: the label is the whole question; the line under a short box is not
    form = DrawnForm()
    form.text(40, 60, "What is the change and the reason")
    form.text(40, 72, "for it (new class, wrong date, etc.)?")
    form.rect(240, 50, 540, 76)
    form.detect("text", 240, 50, 540, 76)
    form.text(40, 120, "Name of the school you attend")
    form.text(40, 132, "and its address")
    form.line(240, 540, 122)
    form.detect("text", 240, 110, 540, 122)
    assert _labels(form, tmp_path) == [
        "What is the change and the reason for it (new class, wrong date, etc.)?", "Name of the school you attend"]


def test_a_blank_labelled_on_its_right_takes_that_label_unless_it_labels_the_next_field(tmp_path):
    # a court's caption prints "______ COUNTY"; on "Name ____ Date ____" the words after the
    # first blank are the second one's label
    form = DrawnForm()
    form.line(40, 140, 80)
    form.detect("text", 40, 68, 140, 80)
    form.text(144, 79, "COUNTY")
    x = form.text(40, 120, "Name") + 6
    form.line(x, 250, 122)
    form.detect("text", x, 110, 250, 122)
    x = form.text(256, 120, "Date") + 6
    form.line(x, 400, 122)
    form.detect("text", x, 110, 400, 122)
    assert _labels(form, tmp_path) == ["COUNTY", "Name", "Date"]


def test_a_right_aligned_stack_of_labels_labels_the_blanks_on_their_left(tmp_path):
    # a court's caption: "STATE OF MICHIGAN" over "______ JUDICIAL CIRCUIT" over "______ COUNTY",
    # right-aligned; the title and the case number's own field further along the first blank's line
    form = DrawnForm()
    form.text_ending_at(200, 60, "STATE OF MICHIGAN")
    for baseline, words in ((74, "JUDICIAL CIRCUIT"), (88, "COUNTY")):
        form.detect("text", 40, baseline - 11, form.text_ending_at(200, baseline, words) - 2, baseline + 1)
    form.text(240, 74, "CUSTODY AFFIDAVIT")
    form.text(420, 60, "Case number")
    form.detect("text", 420, 63, 560, 76)
    assert _labels(form, tmp_path) == ["JUDICIAL CIRCUIT", "Case number", "COUNTY"]


def test_a_two_line_label_of_the_next_field_does_not_label_the_field_before_it(tmp_path):
    # "Amount" over "[   ]  b. NJCLASS / Deduction [   ]": the right-aligned two lines label the
    # box right after them; "Date From:" over "Time From:" (left-aligned, as long) is no stack either
    form = DrawnForm()
    form.text(40, 46, "Amount")
    form.detect("text", 40, 50, 200, 64)
    end = form.text(204, 56, "b. NJCLASS")
    form.text_ending_at(end + 1, 66, "Deduction")
    form.detect("text", end + 4, 50, end + 94, 64)
    form.text(40, 120, "Incident Name:")
    form.detect("text", 40, 124, 190, 150)
    form.text(200, 134, "Date From:")
    form.text(200, 146, "Time From:")
    assert _labels(form, tmp_path) == ["Amount", "b. NJCLASS Deduction", "Incident Name"]


def test_a_label_cell_boxed_as_a_field_labels_the_cell_beside_it(tmp_path):
    # a drawn table of label cells and amount cells; the detector boxed the "Court fee" label cell
    # too: its words still name the amount beside it (the label cell itself keeps them)
    form = DrawnForm()
    for x in (60, 200, 300):
        form.vertical(x, 46, 82)
    for y in (46, 64, 82):
        form.line(60, 300, y)
    form.text(64, 58, "Amount claimed")
    form.text(64, 76, "Court fee")
    form.detect("text", 201, 47, 299, 63)
    form.detect("text", 61, 65, 199, 81)
    form.detect("text", 201, 65, 299, 81)
    assert _labels(form, tmp_path) == ["Amount claimed", "Court fee", "Court fee"]


def test_a_box_found_over_a_header_cell_leaves_the_header_to_its_column(tmp_path):
    # months over a table's columns; the detector also boxed the "Feb" header cell: its column's
    # rows are "Feb, row N" (not the words over the header row)
    form = DrawnForm()
    form.text(60, 40, "Coverage Codes")
    for x, month in ((60, "Jan"), (100, "Feb"), (140, "Mar")):
        form.text(x + 10, 58, month)
    for x in (60, 100, 140, 180):
        form.vertical(x, 46, 118)
    for y in (46, 64, 82, 100, 118):
        form.line(60, 180, y)
    form.detect("text", 101, 47, 139, 63)
    for top in (64, 82, 100):
        for x in (60, 100, 140):
            form.detect("text", x + 1, top + 1, x + 39, top + 17)
    feb = [label for label in _labels(form, tmp_path) if label.startswith("Feb")]
    assert feb == ["Feb", "Feb, row 1", "Feb, row 2", "Feb, row 3"]


@pytest.mark.parametrize("drawn", [True, False])
def test_an_example_row_boxed_under_its_header_does_not_head_the_column(tmp_path, drawn):
    # "Property" heads a column (drawn as a table or not) whose first row is a printed example
    # ("Condo"), boxed by the detector like the blank rows under it: the blank rows are the
    # header's, not the example's (the example's own box keeps its word)
    form = DrawnForm()
    form.text(62, 58, "Property")
    form.text(62, 76, "Condo")
    if drawn:
        form.vertical(60, 46, 136)
        form.vertical(160, 46, 136)
        for y in (46, 64, 82, 100, 118, 136):
            form.line(60, 160, y)
    for top in (64, 82, 100, 118):
        form.detect("text", 61, top + 1, 159, top + 17)
    assert _labels(form, tmp_path) == ["Condo", "Property", "Property", "Property"]


def test_captions_under_rows_of_rules_stay_with_their_rules(tmp_path):
    # "Your first name" printed small under one rule, "Spouse's first name" under the next, whose
    # box reaches up over the first caption: each caption labels the rule it is under
    form = DrawnForm()
    form.text(40, 40, "Enter your personal information below.")
    for rule, caption in ((80, "Your first name"), (104, "Spouse's first name")):
        form.line(40, 250, rule)
        form.detect("text", 40, rule - 18, 250, rule)
        form.page.insert_text((42, rule + 7), caption, fontsize=6, fontname="helv")
    assert _labels(form, tmp_path) == [
        "Your first name", "Spouse's first name"]


def test_captions_at_the_tops_of_cells_label_the_fields_under_them(tmp_path):
    # "Home address" and "City or town" printed small at the tops of two rows, each right under the
    # rule that ends the row above: the bottom row has no caption under it, so neither caption
    # belongs to the rule it sits under
    form = DrawnForm()
    form.labelled_line("Name", 40, 58, 300)
    for top, caption in ((60, "Home address"), (90, "City or town")):
        form.page.insert_text((42, top + 7), caption, fontsize=6, fontname="helv")
        form.line(40, 300, top + 30)
        form.detect("text", 40, top + 9, 300, top + 30)
    assert _labels(form, tmp_path) == [
        "Name", "Home address", "City or town"]


def test_control_characters_in_the_text_layer_reach_no_label(tmp_path):
    # some producers type a backspace after a label ("E-mail to\b"): no tooltip or name holds it
    form = DrawnForm()
    form.labelled_line("E-mail to\x08 the office:", 40, 60, 300)
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [("text", "e_mail_to_the_office", "E-mail to the office")]


def test_printed_circles_in_rows_under_one_question_are_one_radio_group(tmp_path):
    # each row of circles alone would be a group; the rows under the question are one
    form = DrawnForm()
    form.text(40, 60, "The family member is my:")
    for baseline, row in ((76, ("Child", "Spouse", "Parent")), (92, ("Sibling", "Grandchild"))):
        for column, option in enumerate(row):
            form.radio_circle(40 + 100 * column, baseline, option)
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        ("radio", "family_member_is_my", option) for option in ("Child", "Spouse", "Parent", "Sibling", "Grandchild")]


def test_the_numbers_of_a_list_nearer_its_boxes_than_their_words_are_no_rating_scale(tmp_path):
    # "10. [ ]    Trust proceedings" down a numbered list: the numbers label the boxes, and "10", "11",
    # "12" would read as a scale ("Rate our service: 1 2 3 4 5" is one: test_exclusive_options_...)
    form = DrawnForm()
    for row, item in enumerate(("Trust proceedings", "Writ proceedings", "Other action")):
        baseline = 60 + 16 * row
        box = form.text(40, baseline, f"{10 + row}.") + 2
        form.rect(box, baseline - 8, box + 8, baseline)
        form.detect("choice", box, baseline - 8, box + 8, baseline)
        form.text(box + 20, baseline, item)
    pdf, model = form.save(tmp_path)
    assert [(f.kind, f.label) for f in detect_fields(pdf, model=model).fields] == [
        ("checkbox", "10."), ("checkbox", "11."), ("checkbox", "12.")
    ]


def test_check_boxes_typed_in_a_symbol_font_are_labelled_by_the_words_after_them(tmp_path):
    # "Has your name changed? o Yes o No", the squares Wingdings letters: one line of text to the
    # text layer, which the squares must cut for "Yes" and "No" to label them
    form = DrawnForm()
    x = form.glyph_box(form.text(40, 60, "Has your name changed?") + 3, 60, "Yes")
    form.glyph_box(x + 6, 60, "No")
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        ("radio", "has_your_name_changed", "Yes"),
        ("radio", "has_your_name_changed", "No"),
    ]


def test_squares_typed_as_text_that_the_detector_missed_become_check_boxes_unless_switched_off(tmp_path):
    # "Do you rent? o Yes o No", the squares ZapfDingbats letters the detector scored under any
    # threshold (on unseen forms it misses most typed squares: they are as small as the words)
    form = DrawnForm()
    x = form.text(40, 60, "Do you rent?") + 3
    for answer in ("Yes", "No"):
        form.page.insert_text((x, 60), "o", fontsize=FONT, fontname="zadb")
        x = form.text(x + 11, 60, answer) + 6
    form.labelled_line("Name", 40, 100, 300)
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [(f.kind, f.label) for f in fields] == [("radio", "Yes"), ("radio", "No"), ("text", "Name")]
    square = [v * 600 for v in fields[0].bbox]  # the ink (7 pt at 10 pt type, on the baseline) 1.4 times
    assert square[2] - square[0] == pytest.approx(9.8) and square[3] == pytest.approx(60 + 1.4, abs=0.1)
    assert [f.kind for f in detect_fields(pdf, model=model, typed_check_boxes=False).fields] == ["text"]


def test_a_typed_square_glued_to_the_question_before_it_is_labelled_by_the_words_after_it(tmp_path):
    # "...in the past six months?o YES o NO" (a benefits form): the question ends where the first
    # square starts, nearer to its box than "YES"
    form = DrawnForm()
    x = form.text(40, 60, "Has anyone dropped health insurance in the past six months?")
    for answer in ("YES", "NO"):
        form.page.insert_text((x, 60), "o", fontsize=FONT, fontname="zadb")
        x = form.text(x + 9, 60, answer) + 4
    form.labelled_line("Name", 40, 100, 300)
    pdf, model = form.save(tmp_path)
    assert [(f.kind, f.label) for f in detect_fields(pdf, model=model).fields][:2] == [
        ("radio", "YES"), ("radio", "NO")]


@pytest.mark.parametrize("question_left", [False, True])
def test_rows_of_circles_under_a_check_all_that_apply_question_stay_check_boxes(tmp_path, question_left):
    # "Race (check all that apply)" over a grid of circles, its third column past the question's
    # end; or on the left of the first row, the second row under it with no words of its own
    form = DrawnForm()
    end = form.text(40, 60, "Race (check all that apply):")
    x0 = end + 12 if question_left else 40
    races = (("White", "Black", "Asian"), ("American Indian", "Pacific Islander", "Other"))
    for baseline, row in zip((76, 92) if not question_left else (60, 76), races):
        for column, race in enumerate(row):
            form.radio_circle(x0 + 100 * column, baseline, race)
    pdf, model = form.save(tmp_path)
    assert [(f.kind, f.label) for f in detect_fields(pdf, model=model).fields] == [
        ("checkbox", race) for row in races for race in row]


def test_a_column_of_circles_after_a_check_all_that_apply_question_stays_check_boxes(tmp_path):
    # "Languages (check all that apply):  ( ) English" and the other circles stacked under the first
    form = DrawnForm()
    x = form.text(40, 60, "Languages (check all that apply):") + 12
    languages = ("English", "Spanish", "French", "Other")
    for row, language in enumerate(languages):
        form.radio_circle(x, 60 + 14 * row, language)
    pdf, model = form.save(tmp_path)
    assert [(f.kind, f.label) for f in detect_fields(pdf, model=model).fields] == [
        ("checkbox", language) for language in languages]


def test_options_printed_as_circles_are_one_radio_group(tmp_path):
    options = ("Email", "Phone", "Mail")
    form = DrawnForm()
    for baseline, question in ((60, "Preferred contact"), (90, "Contact (check all that apply)")):
        x = form.text(40, baseline, question) + 12
        for option in options:
            x = form.radio_circle(x, baseline, option) + 12
    _options(form, "Reached by", 120, *options)  # squares: independent options
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        *[("radio", "preferred_contact", option) for option in options],
        *[("checkbox", option.lower(), option) for option in options],
        *[("checkbox", f"{option.lower()}_2", option) for option in options],
    ]


def test_a_printed_box_read_as_a_letter_by_ocr_is_the_box_not_its_label(tmp_path):
    # OCR read each printed circle as a "Q" glued to its answer: "Sex  QMale QFemale"
    form = DrawnForm()
    x = form.text(40, 60, "Sex") + 12
    form.text(x, 60, "QMale QFemale")
    for left in (x, x + pymupdf.get_text_length("QMale ", fontsize=10)):
        form.detect("choice", left, 52, left + 8, 60)  # the detector sees the circles under the Qs
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [("radio", "sex", "Male"), ("radio", "sex", "Female")]


def test_unlabelled_boxes_a_short_word_apart_on_one_line_are_yes_and_no(tmp_path):
    # a page whose words are pixels: only the boxes are known
    form = DrawnForm()
    form.check_box(form.check_box(40, 60) + 16, 60)  # "( ) Yes ( ) No": room for a short word
    form.check_box(form.check_box(40, 90) + 60, 90)  # room for a long label: independent options
    x = form.check_box(40, 120) + 16
    form.check_box(form.check_box(x, 120) + 16, 120)  # three in a row: no pair
    pdf, model = form.save(tmp_path)
    kinds = [f.kind for f in detect_fields(pdf, model=model).fields]
    assert kinds == ["radio", "radio", *["checkbox"] * 5]


@pytest.fixture
def kinds_form(tmp_path):
    form = DrawnForm()
    form.labelled_line("Name", 40, 60, 560)
    end = form.text(40, 100, "Account number") + 6
    form.rect(end, 88, end + 160, 104)
    for i in range(1, 8):  # eight character cells
        form.vertical(end + 20 * i, 88, 104)
    form.detect("text", end, 88, end + 160, 104)
    form.text(40, 140, "Comments")
    form.rect(40, 145, 560, 205)
    form.detect("text", 40, 145, 560, 205)
    form.line(40, 250, 260)
    form.text(40, 272, "Signature of applicant")
    form.detect("text", 40, 240, 250, 260)
    form.line(300, 450, 260)
    form.text(300, 272, "Date")
    form.detect("text", 300, 240, 450, 260)
    form.line(40, 250, 320)
    form.text(40, 332, "Firma del cliente")
    form.detect("text", 40, 300, 250, 320)
    return form.save(tmp_path)


def test_kinds_of_text_field(tmp_path, kinds_form):
    pdf, model = kinds_form
    out = tmp_path / "out.pdf"
    report = prepare_form(pdf, out, model=model)
    assert [(f.kind, f.name) for f in report.fields] == [
        ("text", "name"),
        ("comb", "account_number"),
        ("multiline", "comments"),
        ("signature", "signature_of_applicant"),  # a text box on a line captioned as a signature
        ("text", "date"),
        ("signature", "firma_del_cliente"),
    ]
    with pymupdf.open(out) as doc:
        widgets = {w.field_name: w for w in doc[0].widgets()}
        assert widgets["account_number"].text_maxlen == 8
        assert widgets["account_number"].field_flags & (1 << 24)  # comb
        assert widgets["comments"].field_flags & (1 << 12)  # multiline
        assert widgets["comments"].text_fontsize == 10  # the form's own size: several lines fit
        assert widgets["name"].text_fontsize == 9.5  # fitted to a 13 pt box
        assert widgets["signature_of_applicant"].field_type_string == "Signature"


def test_signature_needs_its_own_label_and_room_to_sign(tmp_path):
    form = DrawnForm()
    form.text(40, 60, "Signature of taxpayer")  # a caption with no drawn line: a scan's text layer
    form.detect("text", 200, 46, 500, 64)
    form.text(40, 140, "Spouse's signature")  # labelled so, but a character cell: no room to sign
    form.rect(150, 128, 166, 144)
    form.detect("text", 150, 128, 166, 144)
    form.line(300, 560, 144)
    form.text(300, 156, "Date")  # a date box's label is "Date", whatever the line above says
    form.detect("text", 300, 128, 560, 144)
    form.text(300, 220, "SIGN")  # a box to sign in, 3.5 times as wide as tall
    form.rect(340, 200, 515, 250)
    form.detect("text", 340, 200, 515, 250)
    pdf, model = form.save(tmp_path)
    report = detect_fields(pdf, model=model)
    assert [(f.kind, f.name) for f in report.fields] == [
        ("signature", "signature_of_taxpayer"),
        ("text", "spouse_signature"),
        ("text", "date"),
        ("signature", "sign"),
    ]


def test_a_signature_box_keeps_its_kind_only_where_the_page_does_not_label_it_otherwise(tmp_path):
    form = DrawnForm()
    form.line(40, 260, 100)
    form.text(40, 112, "SIGN")  # the tab at a signature line: still a signature
    form.detect("signature", 40, 80, 260, 100)
    form.line(300, 560, 100)
    form.text(300, 112, "Print name")  # the line beside it: the detector took it for a signature too
    form.detect("signature", 300, 80, 560, 100)
    form.line(40, 260, 300)  # no text near: the detector's word stands
    form.detect("signature", 40, 280, 260, 300)
    pdf, model = form.save(tmp_path)
    report = detect_fields(pdf, model=model)
    assert [(f.kind, f.label) for f in report.fields] == [
        ("signature", "SIGN"), ("text", "Print name"), ("signature", ""),
    ]
    assert {f.kind for f in detect_fields(pdf, model=model, signature_as_text=True).fields} == {"text"}


def test_a_line_detected_as_two_classes_gets_one_field(tmp_path):
    # the detector suppresses overlaps within a class only: a text box and a signature box on one
    # line, each of which refine may turn into the other's kind, are one field, the surer one's
    form = DrawnForm()
    for baseline, label, text_score, signature_score in ((60, "Signed:", 0.83, 0.39), (100, "Witness:", 0.57, 0.37)):
        start = form.text(40, baseline, label) + 6
        form.line(start, 300, baseline + 2)
        form.detect("text", start, baseline - 11, 300, baseline + 2, score=text_score)
        form.detect("signature", start + 1, baseline - 11, 301, baseline + 2, score=signature_score)
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [("signature", "signed", "Signed"), ("text", "witness", "Witness")]


def test_a_text_box_captioned_by_prose_or_the_signing_date_stays_text(tmp_path):
    form = DrawnForm()
    form.labelled_line("Signed on:", 40, 60, 300)  # the date of signing
    form.text(40, 100, "The petitioner signed the same thereto by order of the board of the corporation.")
    form.line(40, 300, 124)
    form.detect("text", 40, 108, 300, 124)
    form.labelled_line("SIGN", 40, 180, 300)
    pdf, model = form.save(tmp_path)
    assert [f.kind for f in detect_fields(pdf, model=model).fields] == ["text", "text", "signature"]


def test_a_captioned_signature_line_nothing_was_detected_on_gets_a_signature_field(tmp_path):
    form = DrawnForm()
    form.labelled_line("Name:", 40, 60, 300)
    form.line(40, 260, 140)
    form.text(40, 152, "Signature of applicant")  # nothing detected on this line
    form.line(300, 450, 140)
    form.text(300, 152, "Date")
    pdf, model = form.save(tmp_path)
    out = tmp_path / "out.pdf"
    report = prepare_form(pdf, out, model=model)
    assert [(f.kind, f.name) for f in report.fields] == [("text", "name"), ("signature", "signature_of_applicant")]
    assert [round(v * 600) for v in report.fields[1].bbox] == [40, 120, 260, 140]
    with pymupdf.open(out) as doc:
        assert {w.field_name: w.field_type_string for w in doc[0].widgets()}["signature_of_applicant"] == "Signature"
    assert [f.kind for f in detect_fields(pdf, model=model, signature_lines=False).fields] == ["text"]


def test_a_signature_caption_over_blank_paper_gets_a_signature_field_in_the_blank(tmp_path):
    form = DrawnForm()
    form.text(40, 60, "I accept the rules of the club and the fees for the whole season.")
    form.text(40, 100, "Firma del padre/madre/tutor")  # no line anywhere: one signs in the blank under it
    form.text(40, 190, "Cuota anual: 450 EUR")
    form.line(300, 440, 140)
    form.text(445, 140, "Signature")  # "____ Signature": the caption of its line, not of the blank under it
    form.line(300, 560, 230)
    form.text(300, 242, "Signature of petitioner")  # under its line: the line's caption
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [(f.kind, f.name) for f in fields] == [
        ("signature", "firma_del_padre_madre_tutor"),
        ("signature", "signature"),  # on "____ Signature"'s own line; nothing under it
        ("signature", "signature_of_petitioner"),  # on its line, as before
    ]
    assert [round(v * 600) for v in fields[1].bbox][::2] == [300, 440]
    x0, y0, x1, y1 = (v * 600 for v in fields[0].bbox)
    assert x0 == pytest.approx(40) and 100 < y0 < 106 and y1 < 182 and y1 - y0 >= 36 and x1 - x0 >= 179.9


def test_a_signature_caption_printed_twice_gets_one_signature_field(tmp_path):
    # some producers print a caption twice over itself (a poor man's bold): one blank, one field
    form = DrawnForm()
    for _ in range(2):
        form.text(40, 100, "Firma del padre/madre/tutor")
    form.text(40, 190, "Cuota anual: 450 EUR")
    pdf, model = form.save(tmp_path)
    assert _fields(detect_fields(pdf, model=model)) == [
        ("signature", "firma_del_padre_madre_tutor", "Firma del padre/madre/tutor")]


def test_a_labelled_line_nothing_was_detected_on_gets_a_text_field(tmp_path):
    form = DrawnForm()
    form.text(40, 60, "Please complete every blank of this form and return it to the clerk.")
    end = form.text(40, 100, "Case No.")
    form.line(end + 4, end + 160, 102)  # nothing detected here: the page draws the blank
    form.line(40, 560, 130)  # a rule across the page with no label: a separator
    end = form.text(40, 160, "Unit")
    form.line(end + 4, end + 34, 162)  # too short to write in: an underline
    end = form.text(300, 100, "If yes, who?")
    form.labelled_line("Name:", 40, 200, 300)  # detected: gets no second field
    form.line(end + 40, 560, 102)  # starts far from its label: not the label's blank
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [(f.kind, f.name) for f in fields] == [("text", "case_no"), ("text", "name")]
    x0, y0, x1, y1 = (v * 600 for v in fields[0].bbox)
    assert x1 - x0 == pytest.approx(156, abs=1) and y1 == pytest.approx(102, abs=1) and y1 - y0 == pytest.approx(16)
    assert [f.name for f in detect_fields(pdf, model=model, labelled_lines=False).fields] == ["name"]


def test_a_weak_check_box_detection_on_a_drawn_square_is_kept(tmp_path):
    form = DrawnForm()
    x = form.text(40, 60, "The") + 6
    form.rect(x, 52, x + 8, 60)  # "The [] plaintiff": the detector is unsure of this one
    form.detect("choice", x, 52, x + 8, 60, score=0.1)
    form.text(x + 11, 60, "plaintiff")
    form.detect("choice", 200, 52, 208, 60, score=0.1)  # nothing drawn here
    form.detect("choice", 40, 90, 48, 98, score=0.005)  # below the weakest score a square settles
    form.rect(40, 90, 48, 98)
    pdf, model = form.save(tmp_path)
    out = tmp_path / "out.pdf"
    report = prepare_form(pdf, out, model=model)
    assert [(f.kind, f.label, round(f.score, 2)) for f in report.fields] == [("checkbox", "plaintiff", 0.1)]
    with pymupdf.open(out) as doc:
        assert [w.field_type_string for w in doc[0].widgets()] == ["CheckBox"]
    assert detect_fields(pdf, model=model, drawn_check_boxes=False).fields == []


def test_printed_squares_that_are_no_answers_get_no_check_box(tmp_path):
    form = DrawnForm()
    form.check_box(40, 60, "I agree")  # a check box: kept
    form.text(40, 90, "Account number")
    for cell in range(6):  # a comb: character cells touching each other
        x = 140 + 12 * cell
        form.rect(x, 80, x + 12, 92)
        form.detect("choice", x, 80, x + 12, 92)
    form.text(300, 120, "Document number")
    form.text(420, 120, "Enclosed")
    for row in range(3):  # a table: a column of text cells, and a column of check boxes
        y = 126 + 12 * row
        form.rect(300, y, 312, y + 12)
        form.detect("choice", 300, y, 312, y + 12)
        form.rect(420, y, 432, y + 12)
        form.detect("choice", 420, y, 432, y + 12)
    for x, y, dx, dy in ((40, 200, 1, 1), (240, 200, -1, 1), (40, 300, 1, -1), (240, 300, -1, -1)):
        form.page.draw_line((x, y), (x + 30 * dx, y), width=0.75)  # the corners of a notary's seal area
        form.page.draw_line((x, y), (x, y + 30 * dy), width=0.75)
    form.detect("choice", 40, 200, 52, 212)
    form.page.draw_rect(pymupdf.Rect(300, 204, 306, 210), color=None, fill=(0, 0, 0))  # a bullet
    form.text(312, 210, "Bring your passport")
    form.detect("choice", 299, 203, 307, 211)
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [(f.kind, f.label) for f in fields] == [("checkbox", "I agree")] + [("checkbox", "Enclosed")] * 3


def test_an_empty_cell_of_a_table_the_detector_half_filled_gets_a_text_field(tmp_path):
    form = DrawnForm()
    columns, rows = (200, 320, 440, 560), (100, 120, 140, 160)
    for y in rows:  # a ruled 3 x 3 grid
        form.line(columns[0], columns[-1], y)
    for x in columns:
        form.vertical(x, rows[0], rows[-1])
    form.detect("text", 201, 101, 319, 119)  # the detector found two cells of the first row
    form.detect("text", 321, 101, 439, 119)
    form.text(204, 155, "N/A")  # a cell with printed words in it is no blank
    form.rect(40, 300, 160, 320)  # an empty box of the same size, in no row or column of the table
    for x in range(40, 120, 20):  # a row of cells too narrow for text: character or check-box cells
        form.rect(x, 200, x + 20, 220)
    form.detect("text", 41, 201, 59, 219)
    pdf, model = form.save(tmp_path)
    cells = {tuple(round(v * 600) for v in f.bbox) for f in detect_fields(pdf, model=model).fields}
    filled = {(x0 + 1, y0 + 1, x1 - 1, y1 - 1) for x0, x1 in zip(columns, columns[1:])
              for y0, y1 in zip(rows, rows[1:]) if (x0, y0) != (200, 140)} | {(41, 201, 59, 219)}
    assert cells == filled  # each at the place in its cell that the detected ones take in theirs
    assert len(detect_fields(pdf, model=model, table_cells=False).fields) == 3


def test_signature_as_text_keeps_signature_lines_text(kinds_form):
    pdf, model = kinds_form
    report = detect_fields(pdf, model=model, signature_as_text=True)
    assert "signature" not in [f.kind for f in report.fields]


def test_tab_order_reads_the_left_column_first(tmp_path):
    form = DrawnForm()
    form.text(220, 50, "Application for employment")  # a title across both columns
    left = ["Name", "Street", "City", "Phone"]
    right = ["Employer", "Position", "Salary"]
    for i, label in enumerate(left):  # lines of the columns do not align: a two-column layout
        form.labelled_line(label, 40, 100 + 30 * i, 270)
    for i, label in enumerate(right):
        form.labelled_line(label, 320, 115 + 30 * i, 560)
    form.boxes.reverse()  # the detector's order means nothing
    pdf, model = form.save(tmp_path)
    assert [f.name for f in detect_fields(pdf, model=model).fields] == [s.lower() for s in left + right]


def test_table_reads_row_by_row_and_names_cells_by_column_header_and_row(tmp_path):
    form = DrawnForm()
    form.labelled_line("Order number", 40, 60, 300)
    columns = [(40, 240, "Item"), (240, 400, "Quantity"), (400, 560, "Unit price")]
    for x0, _, header in columns:
        form.text(x0 + 4, 95, header)
    for row in range(3):
        y0 = 100 + 20 * row
        for x0, x1, _ in columns:
            form.rect(x0, y0, x1, y0 + 20)
            form.detect("text", x0 + 1, y0 + 1, x1 - 1, y0 + 19)
    form.text(244, 195, "Hours")  # a table whose rows are headed by printed words
    for row, day in enumerate(("Monday", "Tuesday")):
        baseline = 215 + 20 * row
        form.text(44, baseline, day)
        form.rect(240, baseline - 15, 400, baseline + 5)
        form.detect("text", 241, baseline - 14, 399, baseline + 4)
        form.rect(400, baseline - 15, 560, baseline + 5)
        form.detect("text", 401, baseline - 14, 559, baseline + 4)
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [f.name for f in fields] == [
        "order_number",
        "item_row_1", "quantity_row_1", "unit_price_row_1",
        "item_row_2", "quantity_row_2", "unit_price_row_2",
        "item_row_3", "quantity_row_3", "unit_price_row_3",
        "hours_monday", "monday_column_2", "hours_tuesday", "tuesday_column_2",
    ]  # fmt: skip
    assert fields[3].label == "Unit price, row 1"


def test_columns_under_tall_header_cells_are_named_by_the_header_not_its_note(tmp_path):
    form = DrawnForm()
    columns = [(40, 200), (200, 380), (380, 560)]
    form.rect(40, 80, 560, 140)  # a header row 60 pt tall: its words sit far above the first row
    for x in (40, 200, 380, 560):
        form.vertical(x, 80, 180)
    form.text(44, 92, "Description")
    form.text(204, 92, "Cost per Unit", bold=True)  # a bold header over a note in regular print
    form.text(204, 104, "Including fees, excluding")
    form.text(204, 116, "interest")
    # a header wrapped over two lines, its item letter in bold: the header is not bold for that
    form.text(form.text(384, 92, "(b)", bold=True) + 3, 92, "Symbol or")
    form.text(384, 104, "CUSIP Number")
    for y0 in (140, 160):
        form.line(40, 560, y0 + 20)
        for x0, x1 in columns:
            form.detect("text", x0 + 1, y0 + 1, x1 - 1, y0 + 19)
    form.rect(40, 220, 300, 250)  # a cell of words above a cell with its own caption in its corner
    form.text(44, 235, "Licence surrendered?")
    form.rect(40, 250, 300, 310)
    form.text(44, 262, "Date:")
    form.detect("text", 41, 268, 299, 288)
    form.detect("text", 41, 289, 299, 309)
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [f.name for f in fields] == [
        "description_row_1", "cost_per_unit_row_1", "symbol_or_cusip_number_row_1",
        "description_row_2", "cost_per_unit_row_2", "symbol_or_cusip_number_row_2",
        "date", "date_2",  # the cell's own caption, not the cell of words above it
    ]  # fmt: skip
    assert fields[2].label == "(b) Symbol or CUSIP Number, row 1"


def test_a_watermark_across_the_page_labels_no_field(tmp_path):
    form = DrawnForm()
    form.text(40, 60, "Complete every line of this form and return it with your statement of income.")
    form.labelled_line("Name:", 40, 100, 400)
    form.page.insert_text((60, 190), "DO NOT FILE", fontsize=60)  # a draft's watermark over a field
    form.line(60, 400, 206)
    form.detect("text", 60, 193, 400, 206)
    pdf, model = form.save(tmp_path)
    assert [(f.name, f.label) for f in detect_fields(pdf, model=model).fields] == [("name", "Name"), ("text_1_2", "")]


def test_a_tall_box_over_a_ruled_table_becomes_one_field_per_row(tmp_path):
    form = DrawnForm()
    form.ruled_table(40, 80, ["Name", "Date of birth"], 200, rows=4)
    form.text(40, 200, "Comments")
    form.rect(40, 205, 560, 265)  # a frame with nothing ruled inside: one box to write in
    form.detect("text", 40, 205, 560, 265)
    form.text(40, 300, "Describe what happened")
    for y in (322, 340, 358, 376):  # the writing lines of a wide box: authors make it one field
        form.line(40, 560, y)
    form.detect("text", 40, 306, 560, 376)
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [(f.kind, f.name) for f in fields] == [
        *[(kind, f"{column}_row_{row}") for row in range(1, 5) for kind, column in
          (("text", "name"), ("text", "date_of_birth"))],
        ("multiline", "comments"),
        ("multiline", "describe_what_happened"),
    ]  # fmt: skip
    assert [round(f.bbox[3] * 600) for f in fields[:8:2]] == [98, 116, 134, 152]  # each row down to its rule
    unsplit = detect_fields(pdf, model=model, table_rows=False).fields
    assert [(f.kind, f.name) for f in unsplit[:2]] == [("multiline", "name"), ("multiline", "date_of_birth")]


def _rule(form: DrawnForm, label: str, baseline: float, x0: float = 200, x1: float = 560) -> None:
    """A text field on a rule from ``x0``, its label (if any) at the left margin: tab-aligned rows."""
    if label:
        form.text(40, baseline, label)
    form.line(x0, x1, baseline + 2)
    form.detect("text", x0, baseline - 11, x1, baseline + 2)


def _captions(form: DrawnForm, baseline: float, *words_at: tuple[float, str]) -> None:
    """Small captions under a rule ("first  middle  last")."""
    for x, words in words_at:
        form.page.insert_text((x, baseline), words, fontsize=7)


def test_captions_under_a_rule_belong_to_that_rule_not_to_the_next_field_down(tmp_path):
    form = DrawnForm()
    _rule(form, "Name", 60)
    _captions(form, 70, (210, "first"), (330, "middle"), (450, "last"))
    _rule(form, "", 90)  # a second line, labelled by nothing printed
    _rule(form, "Address", 130)
    _captions(form, 140, (210, "street"), (330, "city"), (450, "zip"))
    _rule(form, "Phone", 158, 200, 400)  # its own label is far left; the captions are right above it
    for row in range(3):  # fields under the "last" caption's column, each with its own label
        _rule(form, f"Child {row + 1}", 200 + 18 * row, 440, 560)
    pdf, model = form.save(tmp_path)
    assert [(f.name, f.label) for f in detect_fields(pdf, model=model).fields] == [
        ("name_first_middle_last", "Name, first middle last"),
        ("text_1_2", ""),
        ("address_street_city_zip", "Address, street city zip"),
        ("phone", "Phone"),
        ("child_1", "Child 1"), ("child_2", "Child 2"), ("child_3", "Child 3"),
    ]  # fmt: skip


def test_a_section_heading_and_the_page_footer_name_no_field(tmp_path):
    form = DrawnForm()
    form.page.insert_text((200, 50), "Business details", fontsize=12)
    for row, label in enumerate(("Business name", "ABN", "Address")):
        baseline = 70 + 22 * row
        form.text(40, baseline, label)
        form.rect(200, baseline - 12, 560, baseline + 4)
        form.detect("text", 200, baseline - 12, 560, baseline + 4)
    form.line(40, 560, 570)  # the last line of the page, with the footer right under it
    form.detect("text", 40, 556, 560, 570)
    form.page.insert_text((40, 580), "Allgemeine Fassung", fontsize=7)
    pdf, model = form.save(tmp_path)
    assert [f.name for f in detect_fields(pdf, model=model).fields] == ["business_name", "abn", "address", "text_1_4"]


def test_labels_whose_line_reaches_into_the_box_still_label_it(tmp_path):
    form = DrawnForm()
    form.page.insert_text((40, 48), "A. APPLICANT INFORMATION (COMPLETE ALL FIELDS)", fontsize=11)
    for row, (left, right) in enumerate((("LAST NAME:", "FIRST NAME:"), ("DATE OF BIRTH:", "PHONE:"))):
        top = 56 + 34 * row
        for x0, x1, label in ((40, 300, left), (300, 560, right)):
            form.rect(x0, top, x1, top + 34)
            form.text(x0 + 2, top + 10, label)  # the label in the cell's top corner, over the box below it
            form.detect("text", x0 + 1, top + 10.5, x1 - 1, top + 33)
    form.text(40, 175, "I declare under penalty of perjury that the above is true and correct.")
    form.line(40, 300, 200)
    form.detect("text", 40, 186, 300, 201)
    form.text(40, 209, "Print your name here")  # a caption right under the rule: its line's top reaches in
    pdf, model = form.save(tmp_path)
    assert [f.label for f in detect_fields(pdf, model=model).fields] == [
        "LAST NAME", "FIRST NAME", "DATE OF BIRTH", "PHONE", "Print your name here"
    ]


def test_a_heading_naming_one_part_per_cell_labels_each_cell_by_its_part(tmp_path):
    form = DrawnForm()
    x = form.text(40, 60, "Date of birth (MM DD YYYY)") + 8
    for x0, width in ((x, 28), (x + 36, 28), (x + 72, 56)):
        form.rect(x0, 48, x0 + width, 64)
        form.detect("text", x0, 48, x0 + width, 64)
    x = form.text(40, 100, "Date signed (mm/dd/yyyy)") + 8  # one box for all the parts: the label as printed
    form.rect(x, 88, x + 120, 104)
    form.detect("text", x, 88, x + 120, 104)
    x = form.text(40, 140, "Phone (home work)") + 8  # parts that do not match the cells: columns
    for x0 in (x, x + 60, x + 120):
        form.rect(x0, 128, x0 + 52, 144)
        form.detect("text", x0, 128, x0 + 52, 144)
    pdf, model = form.save(tmp_path)
    assert [f.label for f in detect_fields(pdf, model=model).fields] == [
        "Date of birth, MM", "Date of birth, DD", "Date of birth, YYYY", "Date signed (mm/dd/yyyy)",
        "Phone (home work)", "Phone (home work), column 2", "Phone (home work), column 3",
    ]


def test_a_check_box_under_a_captioned_cell_makes_it_no_table_column(tmp_path):
    form = DrawnForm()
    for x0, caption in ((40, "FIRST NAME"), (200, "MIDDLE NAME")):
        form.text(x0 + 2, 50, caption)
        form.rect(x0, 40, x0 + 160, 70)
        form.detect("text", x0 + 1, 52, x0 + 159, 69)
    form.check_box(240, 80, "Prefer not to say")  # right under the second cell, in its column
    pdf, model = form.save(tmp_path)
    assert [f.label for f in detect_fields(pdf, model=model).fields] == [
        "FIRST NAME", "MIDDLE NAME", "Prefer not to say"]


@pytest.mark.parametrize("underlined", [False, True])
def test_a_column_header_centred_line_by_line_is_read_whole(tmp_path, underlined):
    # "Date of" over "Birth", each line centred (and underlined: no rule between them), over a
    # table ruled across only
    form = DrawnForm()
    for x0, x1, lines in ((40, 200, ("Date of", "Birth")), (200, 360, ("Social Security", "Number"))):
        for n, words in enumerate(lines):
            width = pymupdf.get_text_length(words, fontname="helv", fontsize=FONT)
            start = form.text((x0 + x1 - width) / 2, 56 + 13 * n, words) - width
            if underlined:
                form.line(start, start + width, 58 + 13 * n)
        for top in (80, 100):
            form.detect("text", x0 + 1, top + 1, x1 - 1, top + 19)
    for y in (40, 80, 100, 120):
        form.line(40, 360, y)
    pdf, model = form.save(tmp_path)
    assert [f.label for f in detect_fields(pdf, model=model).fields] == [
        "Date of Birth, row 1", "Social Security Number, row 1", "Date of Birth, row 2",
        "Social Security Number, row 2"]


def test_a_section_heading_over_the_rows_labels_is_no_column_header(tmp_path):
    form = DrawnForm()
    form.text(40, 50, "Your information (person asking the court):")
    for row, label in enumerate(("Name:", "Street address:", "Phone:")):
        _rule(form, label, 68 + 16 * row, 120, 396)  # stacked under the heading, each with its own label
    form.rect(400, 40, 560, 110)  # another block's box right beside them: their rows look like a table's
    form.detect("text", 400, 40, 560, 110)
    pdf, model = form.save(tmp_path)
    assert [f.label for f in detect_fields(pdf, model=model).fields][:3] == ["Name", "Street address", "Phone"]


def test_type_too_small_to_read_labels_nothing(tmp_path):
    form = DrawnForm()
    form.text(40, 60, "Applicant signature:")
    form.line(150, 400, 62)
    form.detect("signature", 150, 40, 400, 62)
    form.page.insert_text((152, 46), "SIGN", fontsize=2.2)  # a signing service's anchor word in the box
    pdf, model = form.save(tmp_path)
    assert [(f.name, f.label) for f in detect_fields(pdf, model=model).fields] == [
        ("applicant_signature", "Applicant signature")
    ]


def test_french_labels_come_from_the_fields_own_captions(tmp_path):
    form = DrawnForm()
    form.text(40, 60, "Je soussigné(e), représentant légal de l'entreprise dont le numéro suit,")
    form.rect(150, 66, 346, 80)  # under that prose, closer to it than to the comb's own caption
    for cell in range(1, 14):
        form.vertical(150 + 14 * cell, 66, 80)
    form.detect("text", 150, 66, 346, 80)
    form.page.insert_text((150, 90), "N° SIRET", fontsize=7)
    x = form.text(40, 110, "Né(e) le") + 6
    for x0, width, caption in ((x, 30, "jour"), (x + 40, 30, "mois"), (x + 80, 50, "année")):
        form.rect(x0, 98, x0 + width, 112)
        form.detect("text", x0, 98, x0 + width, 112)
        form.page.insert_text((x0 + 2, 121), caption, fontsize=7)
    pdf, model = form.save(tmp_path)
    assert [(f.kind, f.name) for f in detect_fields(pdf, model=model).fields] == [
        ("comb", "n_siret"), ("text", "ne_le_jour"), ("text", "mois"), ("text", "annee"),
    ]  # fmt: skip


def test_switches_turn_names_groups_and_snapping_off(tmp_path, labelled_form):
    pdf, model = labelled_form
    plain = detect_fields(pdf, model=model, names=False, groups=False)
    assert {f.label for f in plain.fields} == {""}
    assert [f.name for f in plain.fields][:3] == ["text_1_1", "text_1_2", "text_1_3"]
    assert {f.kind for f in plain.fields if f.cls.value == "choice"} == {"checkbox"}
    assert [f.name for f in plain.fields][6:8] == ["checkbox_1_1", "checkbox_1_2"]

    form = DrawnForm()
    form.text(40, 60, "Name")
    form.line(80, 300, 62)
    form.detect("text", 80, 47, 300, 59)  # the bottom edge is 3 pt above the drawn line
    pdf, model = form.save(tmp_path, "snap")
    snapped = detect_fields(pdf, model=model).fields[0].bbox
    assert snapped[3] * 600 == pytest.approx(62, abs=0.1)
    assert detect_fields(pdf, model=model, snap=False).fields[0].bbox[3] * 600 == pytest.approx(59, abs=0.1)


def test_the_empty_cells_under_a_row_of_column_headers_get_text_fields(tmp_path):
    form = DrawnForm()
    form.labelled_line("Company", 40, 60, 300)  # the detector finds nothing in the table
    columns, rows = (60, 200, 300, 400, 500), (100, 120, 140, 160)
    for x0, x1, header in zip(columns, columns[1:], ("Costs", "January", "February", "Total")):
        form.rect(x0, rows[0], x1, rows[1])
        form.text(x0 + 4, rows[1] - 5, header)
    for y0, y1, row in zip(rows[1:], rows[2:], ("Rent", "Power")):
        form.text(columns[0] + 4, y1 - 5, row)
        for x0, x1 in zip(columns, columns[1:]):
            form.rect(x0, y0, x1, y1)
    form.text(404, 155, "0")  # a cell with printed words in it is no blank
    form.rect(60, 300, 260, 320)  # one captioned box over an empty one: a layout, no table
    form.text(64, 315, "Remarks")
    form.rect(60, 320, 260, 340)
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [tuple(round(v * 600) for v in f.bbox) for f in fields[1:]] == [
        (200, 120, 300, 140), (300, 120, 400, 140), (400, 120, 500, 140),
        (200, 140, 300, 160), (300, 140, 400, 160),
    ]  # fmt: skip
    assert [f.label.split(",")[0] for f in fields[1:]] == ["January", "February", "Total", "January", "February"]
    assert len(detect_fields(pdf, model=model, grid_cells=False).fields) == 1


def test_the_band_an_underlined_column_header_cuts_off_its_cell_is_no_row(tmp_path):
    form = DrawnForm()
    form.labelled_line("Company", 40, 60, 300)
    for x0, header in ((100, "Name"), (250, "Date of birth")):
        form.rect(x0, 100, x0 + 150, 135)  # a tall header cell, its words underlined
        form.line(x0 + 4, form.text(x0 + 4, 112, header), 115)
        form.rect(x0, 135, x0 + 150, 155)
    pdf, model = form.save(tmp_path)
    fields = detect_fields(pdf, model=model).fields
    assert [tuple(round(v * 600) for v in f.bbox) for f in fields[1:]] == [(100, 135, 250, 155), (250, 135, 400, 155)]


def test_bracketed_captions_under_lines_name_them(tmp_path):
    form = DrawnForm()
    form.text(40, 60, "Dated:")
    form.line(60, 300, 100)
    form.detect("text", 60, 86, 300, 100)
    form.page.insert_text((120, 109), "(Signature of Petitioner)", fontsize=7)  # as US court forms print it
    form.line(60, 300, 150)
    form.detect("text", 60, 136, 300, 150)
    form.page.insert_text((150, 159), "(Print Name)", fontsize=7)
    form.rect(40, 220, 400, 250)
    form.text(44, 230, "22A. SIGNATURE OF VETERAN OR CLAIMANT (Do Not Print)")  # the aside names no field
    form.detect("text", 40, 220, 400, 250)
    pdf, model = form.save(tmp_path)
    assert [(f.kind, f.label) for f in detect_fields(pdf, model=model).fields] == [
        ("signature", "Signature of Petitioner"), ("text", "Print Name"),
        ("signature", "22A. SIGNATURE OF VETERAN OR CLAIMANT (Do Not Print)"),
    ]


def test_bracketed_captions_in_body_type_name_their_lines_not_the_paragraph_above(tmp_path):
    form = DrawnForm()
    form.text(40, 60, "Wherefore the petitioner prays that successor letters issue as original letters.")
    for row, caption in enumerate(("(Signature of Petitioner)", "(Print Name)")):  # as large as the paragraph
        baseline = 90 + 30 * row
        form.line(40, 300, baseline)
        form.detect("text", 40, baseline - 14, 300, baseline)
        form.text(120, baseline + 11, caption)
    pdf, model = form.save(tmp_path)
    assert [(f.kind, f.label) for f in detect_fields(pdf, model=model).fields] == [
        ("signature", "Signature of Petitioner"), ("text", "Print Name"),
    ]


def test_a_sentence_is_no_column_header_and_no_caption_of_the_field_over_it(tmp_path):
    form = DrawnForm()
    form.text(50, 60, "I declare under penalty of perjury that everything I have stated on this form is "
                      "true and correct.")
    form.labelled_line("Date:", 40, 80, 200)
    for x0, x1, caption in ((40, 280, "Type or print your name"), (320, 560, "Signature of declarant")):
        form.line(x0, x1, 110)  # a row of two lines under the date's, captioned in body type
        form.detect("text", x0, 96, x1, 110)
        form.text(x0 + 40, 121, caption)
    form.text(40, 180, "6. VETERAN'S SOCIAL SECURITY NUMBER")
    form.rect(40, 184, 200, 200)
    form.detect("text", 40, 184, 200, 200)
    form.text(40, 208, "7. Mailing address (number and street or rural route, post office box, city, state "
                       "and ZIP code)")  # the next question's, nearer than the box's own label above
    pdf, model = form.save(tmp_path)
    assert [(f.kind, f.label) for f in detect_fields(pdf, model=model).fields] == [
        ("text", "Date"), ("text", "Type or print your name"), ("signature", "Signature of declarant"),
        ("text", "6. VETERAN'S SOCIAL SECURITY NUMBER"),
    ]


def test_a_sentence_over_a_stack_of_lines_labels_none_under_the_first(tmp_path):
    form = DrawnForm()
    form.text(50, 60, "Wherefore your petitioner respectfully prays that successor letters testamentary "
                      "issue to each of the petitioners named below.")
    form.labelled_line("Dated:", 40, 74, 300)
    for baseline, caption in ((102, "(Signature of Petitioner)"), (130, "(Print Name)")):
        form.line(40, 300, baseline)  # captioned a little further under it than the sentence is over the stack
        form.detect("text", 40, baseline - 12, 300, baseline)
        form.text(120, baseline + 12, caption)
    pdf, model = form.save(tmp_path)
    assert [(f.kind, f.label) for f in detect_fields(pdf, model=model).fields] == [
        ("text", "Dated"), ("signature", "Signature of Petitioner"), ("text", "Print Name"),
    ]


def test_a_line_ending_a_sentence_is_no_part_of_the_label_under_it(tmp_path):
    form = DrawnForm()
    form.text(40, 60, "I declare that the information above is true and correct.")
    form.labelled_line("Date:", 40, 74, 300)  # starts where the sentence starts, right under it
    form.text(40, 110, "Name of the person")
    form.labelled_line("completing this form", 40, 124, 300)  # a label wrapped over two lines
    pdf, model = form.save(tmp_path)
    assert [f.label for f in detect_fields(pdf, model=model).fields] == [
        "Date", "Name of the person completing this form",
    ]


def test_the_white_rows_of_a_striped_table_get_text_fields_too(tmp_path):
    form = DrawnForm()
    form.labelled_line("Company", 40, 60, 300)  # the detector finds nothing in the table
    columns = (60, 200, 300, 400)
    for x0, x1, header in zip(columns, columns[1:], ("Costs", "January", "February")):
        form.rect(x0, 100, x1, 120)
        form.text(x0 + 4, 115, header)
    for y0, label, shaded in ((120, "Rent", False), (140, "Power", True), (160, "Travel", False), (180, "Phone", True)):
        form.text(64, y0 + 15, label)  # every row's label, shaded or not
        if shaded:  # shaded rows are drawn as filled cells; the white rows between them as nothing
            for x0, x1 in zip(columns, columns[1:]):
                form.page.draw_rect(pymupdf.Rect(x0, y0, x1, y0 + 20), color=None, fill=(0.85, 0.85, 0.85))
    pdf, model = form.save(tmp_path)
    cells = sorted(tuple(round(v * 600) for v in f.bbox) for f in detect_fields(pdf, model=model).fields[1:])
    assert cells == [(200, y, 300, y + 20) for y in (120, 140, 160, 180)] + [(300, y, 400, y + 20) for y in (120, 140, 160, 180)]
    assert len(detect_fields(pdf, model=model, grid_cells=False).fields) == 1


def test_words_in_the_next_cell_left_of_a_field_do_not_label_it_over_its_own_caption(tmp_path):
    """A row of cells, each captioned at its top: the options of the cell on the left end near the
    field, but the rule between the cells runs up past the field to the captions. With a field
    under it, the caption could be a column's header, which a label on the left beats."""
    form = DrawnForm()
    for x0, x1 in ((40, 200), (200, 400)):
        form.rect(x0, 40, x1, 80)
    form.text(43, 50, "GENDER")
    form.check_box(60, 72, "Male")
    form.check_box(120, 72, "Female")
    form.text(203, 50, "RELATIONSHIP TO YOU")
    form.detect("text", 201, 56, 399, 79)
    form.text(320, 110, "From:")  # a field under it: the caption could head a column
    form.detect("text", 350, 97, 399, 112)
    pdf, model = form.save(tmp_path)
    assert [f.label for f in detect_fields(pdf, model=model).fields][2:] == ["RELATIONSHIP TO YOU", "From"]


def test_the_title_in_the_next_cell_does_not_label_fields_stacked_under_their_cells_caption(tmp_path):
    """A court's caption row: the form's title in the middle cell ends near the case number's field,
    and the cell on the right holds two fields under "CASE NO." (the case number, the judge's name)
    with nothing on their left: its side runs down past both, and its caption labels the top one."""
    form = DrawnForm()
    for x0, x1 in ((40, 200), (200, 400), (400, 580)):
        form.rect(x0, 40, x1, 100)
    form.text(214, 68, "OBJECTION TO PROPOSED ORDER")
    form.text(460, 50, "CASE NO.")
    form.detect("text", 402, 54, 578, 74)
    form.detect("text", 402, 76, 578, 94)
    assert _labels(form, tmp_path)[0] == "CASE NO."


def test_a_title_beside_each_field_of_a_caption_cell_does_not_label_them(tmp_path):
    """The same row with a title of two lines, one beside each field (so the judge's field is
    labelled on its left too), in a cell open on its right (only its top and foot are drawn): the
    two fields share the cell, no rule between them, and "CASE NO." labels the top one."""
    form = DrawnForm()
    form.line(40, 580, 40)
    form.line(40, 580, 100)
    form.vertical(200, 40, 100)
    form.vertical(400, 40, 100)
    for y, words in ((62, "UNIFORM CHILD"), (84, "CUSTODY AFFIDAVIT")):
        form.text(250, y, words)
    form.text(460, 50, "CASE NO.")
    form.detect("text", 402, 54, 578, 70)
    form.detect("text", 402, 76, 578, 92)
    assert _labels(form, tmp_path)[0] == "CASE NO."


def test_captions_of_side_by_side_cells_set_close_together_label_their_own_cells(tmp_path):
    form = DrawnForm()
    rule = form.text(42, 50, "SOCIAL SECURITY NUMBER (only if applying for help)") + 3  # 6 pt apart:
    form.text(rule + 3, 50, "DATE OF BIRTH")  # one phrase to the text layer, two cells on paper
    for x0, x1 in ((40, rule), (rule, rule + 120)):
        form.rect(x0, 40, x1, 72)
        form.detect("text", x0 + 1, 54, x1 - 1, 71)
    pdf, model = form.save(tmp_path)
    assert [f.label for f in detect_fields(pdf, model=model).fields] == [
        "SOCIAL SECURITY NUMBER (only if applying for help)", "DATE OF BIRTH"
    ]


def test_an_option_s_label_wrapping_onto_the_line_under_it_is_both_lines_a_broken_word_made_whole(tmp_path):
    # "[ ] Haupt-  [ ] Neben-" over "wohnung  wohnung" (a German form's narrow cells) are
    # "Hauptwohnung" and "Nebenwohnung"; "[ ] alleinige" over "Wohnung" stays one line (no sentence
    # goes on there), and the label of an option under another is no line of it
    form = DrawnForm()
    options = ((40, 60, "Haupt-", "wohnung"), (140, 60, "Neben-", "wohnung"), (40, 100, "alleinige", "Wohnung"),
               (40, 140, "is the person a", ""))
    for x, baseline, upper, lower in options:
        start = form.check_box(x, baseline, upper) - pymupdf.get_text_length(upper, fontname="helv", fontsize=10)
        if lower:
            form.text(start, baseline + 11, lower)
    form.check_box(40, 151, "minor")
    assert _labels(form, tmp_path) == [
        "Hauptwohnung", "Nebenwohnung", "alleinige", "is the person a", "minor"]


def test_rows_of_a_grid_answer_the_question_of_its_first_row_not_text_over_it(tmp_path):
    # "I am the" left of a grid's first row: its next rows answer it too, though text further up
    # (a section's heading over the first row) is what stands over them past the first row's boxes
    form = DrawnForm()
    form.text(20, 30, "A. General Application Information", bold=True)
    form.text(20, 60, "I am the")
    for row, labels in enumerate((("Appellant", "Respondent", "Landlord"), ("Tenant", "Witness", "Other"))):
        for column, label in enumerate(labels):
            form.check_box((70, 170, 270)[column], 60 + 13 * row, label)
    # two questions side by side, each over its first row (cells whose walls are no drawing); the
    # second row of options runs on under both, each option answering the question over it
    form.text(24, 110, "EYE COLOR: (check one)")
    form.text(204, 110, "HAIR COLOR: (check one)")
    for row, labels in enumerate((("BROWN", "GREEN", "GRAY", "BLACK", "AUBURN", "WHITE"),
                                  ("BLUE", "HAZEL", "PINK", "BLOND", "RED", "SILVER"))):
        for column, label in enumerate(labels):
            form.check_box(24 + 60 * column, 122 + 13 * row, label)
    assert [(kind, question) for kind, _, question in _questions(form, tmp_path)] == [
        *[("radio", "I am the")] * 6, *[("radio", "EYE COLOR: (check one)")] * 6,
        *[("radio", "HAIR COLOR: (check one)")] * 6]


def test_a_tall_header_cell_whose_walls_are_drawn_in_pieces_heads_its_column(tmp_path):
    # a header row made tall by the text turned on its side in other columns: "Name" sits far
    # over the first row, and the walls of its cell are drawn in two pieces each, end to end
    form = DrawnForm()
    form.text(90, 70, "Name")
    form.text(240, 70, "Amount")
    for x in (60, 220, 340):
        form.vertical(x, 44, 80)
        form.vertical(x, 80, 110)
        form.vertical(x, 110, 164)
    for y in (44, 110, 128, 146, 164):
        form.line(60, 340, y)
    for row in range(3):
        top = 110 + 18 * row
        form.detect("text", 62, top + 2, 218, top + 16)
        form.detect("text", 222, top + 2, 338, top + 16)
    assert _labels(form, tmp_path) == [
        "Name, row 1", "Amount, row 1", "Name, row 2", "Amount, row 2", "Name, row 3", "Amount, row 3"]


def test_headers_set_on_their_side_head_their_columns_past_rows_with_no_field_found(tmp_path):
    # | Name | ETHNICITY | IN SCHOOL (Yes or No) |: the narrow columns' headers are turned on their
    # side, "IN SCHOOL" and "(Yes or No)" two lines of one header. The detector missed the first row's
    # cells of the narrow columns (refine fills the wider one's, an empty cell in a row of fields),
    # and the walls of the narrow columns are drawn a row at a time, their pieces a fraction of a
    # point apart
    form = DrawnForm()
    form.text(64, 100, "Name")
    form.turned_text(176, 104, "ETHNICITY")
    form.turned_text(196, 104, "IN SCHOOL")
    form.turned_text(206, 104, "(Yes or No)")
    for x in (60, 220):
        form.vertical(x, 40, 162)
    for index, (top, bottom) in enumerate(((40, 108), (108, 126), (126, 144), (144, 162))):
        form.vertical(160 + 0.4 * (index % 2), top, bottom)
        form.vertical(185 - 0.4 * (index % 2), top, bottom)
    for y in (40, 108, 126, 144, 162):
        form.line(60, 220, y)
    for row, top in enumerate((108, 126, 144)):
        form.detect("text", 62, top + 2, 158, top + 16)
        if row:
            form.detect("text", 162, top + 2, 183, top + 16)
            form.detect("text", 187, top + 2, 218, top + 16)
    assert _labels(form, tmp_path) == [
        "Name, row 1", "IN SCHOOL (Yes or No), row 1",
        *[label for row in (2, 3) for label in (f"Name, row {row}", f"ETHNICITY, row {row}",
                                                 f"IN SCHOOL (Yes or No), row {row}")]]


def test_rows_of_yes_no_under_a_table_column_header_answer_it_row_by_row(tmp_path):
    # | Name | Is this person a US citizen? |, then rows of a name cell and "[ ] Yes [ ] No"; the header
    # asks over every row, so each row's group says its row, as a table cell's label does. The last
    # row asks a question of its own on the right of its options: no row of the header's
    form = DrawnForm()
    form.text(64, 60, "Name")
    form.text(164, 60, "Is this person a US citizen?")
    for x in (60, 160, 400):
        form.vertical(x, 46, 138)
    for y in (46, 66, 84, 102, 120, 138):
        form.line(60, 400, y)
    for top in (66, 84, 102, 120):
        form.detect("text", 61, top + 1, 159, top + 17)
        end = form.check_box(form.check_box(170, top + 13, "Yes") + 12, top + 13, "No")
    form.text(end + 12, 133, "Was the person born abroad?")
    questions = [question for kind, _, question in _questions(form, tmp_path) if kind == "radio"]
    assert questions[:6] == [*["Is this person a US citizen?"] * 2, *["Is this person a US citizen?, row 2"] * 2,
                             *["Is this person a US citizen?, row 3"] * 2]
    assert "row 4" not in " ".join(questions[6:])
