"""Check boxes that answer one question with exclusive options become one radio group.

Options of one question sit in a row (``[ ] Yes [ ] No``), a column or a grid,
close together and alike in size. They are exclusive when their labels are
answers that exclude each other (yes/no, ratings and amounts, sex, marital
status, ...; an answer and its denial, "have" / "have not", "Real ID" / "Non-Real ID";
the options the question names, "a person or an organization?") or when the
question says so ("check one", "marque uno"), or when the page prints each as a
circle, as radio buttons are printed. Two unlabelled boxes a short word apart on
one line (a page whose words are no text) are taken for Yes / No.
"check all that apply", "check one or both" and "you may check more than one" keep
them check boxes (also the rows of a grid under another question, and the rows and columns
of a grid that ask nothing of their own under such a question), as does
anything unrecognised: a check box wrongly made a radio button loses the user an
answer, the reverse only a convenience. Rules drawn between options part two
questions on one line, and a table that answers its row's question in columns
headed "Yes" / "No" is labelled by those headers (labels.py): a group per row.

Measured with benchmarks/refine_corpus.py --only kinds,groups (held out / val): the rows of a grid
taken whole and only under the group's own question, another option's label no question, a hint on
the question's line, rules between questions and answer columns took the author radio buttons written
as radio from .533 to .590 / .709 to .699 (val had counted ten "Citizenship" options swept into the
"Marital status" group above them), author check boxes kept .891 / .825 (unchanged), same-group pair
precision .520 to .559 / .602 to .690 and recall .307 to .335 / .514 to .529, author groups found
exactly .529 to .582 / .573 to .636; "citizenship" as a one-answer question then took val to .741
(held out unchanged). Rows of printed circles under a group's question joining it: pair recall .335
to .347 / .542 to .565, precision .559 to .560 / .696 to .700, radios .590 to .593 / .741.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..geometry import Box, enclosing, iou, same_line
from ..pdf.page_content import PageContent
from .names import fold
from .table_cells import cell_around

# Options of one question: centres within this share of their height of one
# line (rows) or x within this share of their width (columns), sizes within
# this ratio, and no further apart than this many option sizes.
SAME_LINE = 0.5
SAME_COLUMN = 0.5
MAX_SIZE_RATIO = 1.6
MAX_ROW_GAP = 12.0
# Further apart, two options of a row are still next to each other where at most this many option
# sizes of blank paper part them: an option's long label fills the rest ("[ ] Naturalized U.S.
# Citizen or Derived U.S. Citizen  [ ] Not a U.S. Citizen"). Measured with
# benchmarks/refine_corpus.py --only kinds,groups (val / held out / source val): author radio
# buttons written as radio .787 / .601 / .596 -> .818 / .609 / .603, author check boxes kept
# .751 / .884 / .722 -> .744 / .878 / .719: the check boxes now radio are options of "check one"
# lists ("I am (check one):", "ID Type Used: (check one)") that their authors left check boxes.
# At 4 sizes of blank rather than 12, boxes for office use further along the line ("Delivery Method:
# ... [ ] Service Ontario Center    MS [ ]  FL [ ]") stay out of the row: check boxes kept val
# .7443 -> .7456, held out .8747 -> .8773, source val .7186 -> .7192; radios unchanged.
MAX_ROW_BLANK = 4.0
MAX_COLUMN_GAP = 4.0
MAX_CAPTION_GAP = 1.5  # a cell's caption over its options: its foot at most this many option sizes above them
MAX_GRID_GAP = 2.5  # a grid's next row of options: at most this many option sizes under the last
# Two options on one line with no label (the page's words are pixels or outlines) and room for no more
# than a short word between them, at most this many option widths, are Yes / No. Measured with
# benchmarks/refine_corpus.py --only kinds (author radio buttons written as radio / check boxes kept):
# val .369 -> .514 / .8405 -> .8339 (nearly all in one family of scanned forms), heldout .3915 /
# .8956 -> .8943; at 2.0 val gains half as much (.429), at 3.0 no more radios and .8286 check boxes.
MAX_UNLABELLED_PAIR_GAP = 2.5
# A drawn table's row of options ("[ ] Yes [ ] No" in each row under "Is this person a US citizen?"):
# the options' cell at most this many option heights tall (a frame around a whole list is no row).
MAX_TABLE_ROW_HEIGHT = 3.0
# Its options' labels at most this many words: "[ ] YES [ ] NO - I am a U.S. citizen residing outside the
# United States" asks its own question in its label.
MAX_TABLE_ANSWER_WORDS = 3
# Options that all sit on circles the page prints (radio buttons, as forms draw them) are exclusive
# whatever their labels say: a box is on a circle at this IoU. benchmarks/refine_corpus.py --only kinds:
# heldout .3915 -> .4838 author radios as radio, val .518 -> .522, check boxes kept unchanged on both
# (.8943, .8339); at 0.3 val .527, at 0.7 heldout .481 and val .518.
MIN_CIRCLE_IOU = 0.5

# Measured with benchmarks/refine_corpus.py --only kinds (author radios written as radio / check boxes kept):
# "never married" and "unknown" as marital statuses took held out .486 -> .541 / .896 -> .896 and val
# .718 -> .718 / .833 -> .825 (the val check boxes made radio are "Relationship status: Married / Never
# married / Separated", which their author left check boxes); the periods, held out -> .556 / .896, val
# unchanged. "Y" / "N" (medical-history tables head their answer columns so): no figure moves on either
# split, and a drawn table's "N" boxes stop taking the next table's condition as their label. Payment
# methods (cash, check, money order, card ...) were tried and left out: val .833 -> .829, held out
# .486 -> .496 / .896 -> .888. So were parties (democratic, republican, ... "issues only"; session 15):
# source val radios .593 -> .609 but check boxes .726 -> .720, val check boxes .802 -> .798.
_ANSWER_SETS = [
    {"yes", "no", "y", "n", "n/a", "na", "not applicable", "unknown", "unsure", "don t know", "dont know", "maybe",
     "si", "oui", "non", "ja", "nein", "sim", "nao", "tak", "nie"},
    {"true", "false"},
    {"male", "female", "other", "m", "f", "x", "non binary", "nonbinary", "prefer not to say", "rather not say",
     "masculino", "femenino", "hombre", "mujer", "homme", "femme", "mannlich", "weiblich", "divers",
     "keine angabe", "kein eintrag"},
    {"am", "pm", "a m", "p m"},
    {"single", "married", "divorced", "widowed", "separated", "legally separated", "domestic partner", "civil union",
     "never married",
     "unknown",
     "head of household", "qualifying widow", "qualifying widower", "qualifying surviving spouse"},
    {"strongly agree", "agree", "neutral", "disagree", "strongly disagree", "neither agree nor disagree"},
    {"excellent", "very good", "good", "fair", "poor", "very poor", "average", "satisfactory", "unsatisfactory"},
    {"always", "often", "usually", "sometimes", "rarely", "seldom", "never"},
    {"daily", "weekly", "biweekly", "bi weekly", "semi monthly", "monthly", "quarterly", "annually", "yearly",
     "hourly", "per hour", "per week", "per month", "per year"},
    {"full time", "part time", "full", "part"},
    {"checking", "savings"},
    {"citizen", "non citizen", "not a citizen", "permanent resident"},
    {"own", "rent"},
    {"week", "month", "year", "day", "hour", "other"},  # "Paid per: [ ] week [ ] month [ ] other (specify)"
    {"new", "renewal", "change", "replacement"},
    {"jr", "sr", "ii", "iii", "iv"},  # a name's suffix
    {"city", "town", "village", "township", "borough"},  # the kind of municipality
    {"left", "right", "both"},
]
# "Shade the circle next to your answer" (Ontario's tribunals, over squares): held out author radios
# written as radio .665 -> .677, nothing else moves on val, held out or source val.
_ONE_ONLY = re.compile(
    r"(\b(check|select|choose|mark|tick|circle|pick|fill in) (only |just )?one\b|\b(only|just) one\b|\bone only\b"
    r"|\(one\)|\b(next to|beside) your answer\b"
    r"|\b(marque|seleccione|elija|escoja) (solo |solamente )?(un[oa]?|1)\b|\bcochez (une|1) (seule )?case\b"
    r"|\bune seule (case|reponse)\b|\bkreuzen sie (nur )?eine?\b|\bnur eine (antwort|moglichkeit)\b)"
)
# Questions whose answers exclude each other whatever the options are called. A method ("Delivery
# Method: [ ] In Person [ ] Mail [ ] Courier") and "I am the [ ] Applicant [ ] Respondent": held out,
# author radios written as radio .6182 -> .6502, check boxes kept .8786 -> .8747 (a delivery-method
# list its author left check boxes); val and source val unchanged. Religion and education (a land
# registry's "11. Religion: [ ] Christianity [ ] Islam [ ] None"): held out .7112 -> .7287, source
# val .6316 -> .6382, val unchanged.
_ONE_ANSWER_QUESTION = re.compile(
    r"\b(gender|sex|geschlecht|sexe|sexo|genero|marital status|familienstand|estado civil|etat civil|citizenship"
    r"|(eye|hair) colou?r|(delivery|payment|contact) method|method of (delivery|payment|contact)|religion|education"
    r"|i am (a|an|the))\b|性別|性别|gioi tinh"
)
_ANY_NUMBER = re.compile(
    r"\b(all|any) that apply\b|\b(check|select|mark) all\b|\bone or (more|both)\b|\btodas? las? que\b"
    r"|\b(check|select|mark|tick|choose) more than one\b"
    r"|\btoutes les (cases|reponses)\b|\bmehrfachnennung|\balle zutreffenden\b"
)
# "Is the provider a person or an organization?": options named in the question, joined by "or".
_OR = re.compile(r"\b(or|o|ou|oder)\b")
# "10." or "3)" beside a box numbers an item of a list (the box's own words are further away): no
# answer, so no rating scale.
_ITEM_NUMBER = re.compile(r"\s*\d+[.)]\s*")
# Besides numbers (a rating scale, amounts), a list may offer one of these.
_BESIDE_NUMBERS = {"other", "none", "n/a", "na", "not applicable"}
_NEGATIONS = ("not", "no", "never")
# Words that deny the option after them: "Non-Real ID", "Not a citizen".
_DENIALS = ("non", "not", "not a", "not an", "no")
# "eligible" / "ineligible", and "not" inside a phrase ("the plot is (not) surveyed"): held out,
# author radios written as radio .6502 -> .6650, check boxes kept .8773 -> .8760 ("De residente" /
# "De no residente", left check boxes by their author); val and source val unchanged.
_NEGATIVE_PREFIXES = ("un", "in", "im", "ir", "il", "dis", "non")
# One word in the singular and the plural ("[ ] MINOR [ ] MINORS"), with a name's suffixes and the
# kinds of municipality among _ANSWER_SETS: source val author radios written as radio .5987 -> .6316,
# check boxes kept unchanged; val and held out unchanged.
_PLURAL_ENDINGS = ("s", "es", "ren")


@dataclass(frozen=True)
class Option:
    """A check box on the page, with the label beside it."""

    bbox: Box
    label: str
    circle: bool = False  # the page prints a circle there, as it prints radio buttons


def on_circle(box: Box, circles: np.ndarray) -> bool:
    """Does the page print one of ``circles`` where ``box`` is?"""
    return any(iou(box, tuple(circle)) >= MIN_CIRCLE_IOU for circle in circles)


@dataclass(frozen=True)
class RadioGroup:
    options: list[int]  # indices into the options given, in reading order
    question: str  # the text that asks the question ("" if none was found)


# (option boxes in reading order, their labels, whether they form a row, every option's label) -> the
# question they answer.
QuestionFinder = Callable[[list[Box], list[str], bool, list[str]], str]


def radio_groups(
    options: list[Option], question_of: QuestionFinder, content: PageContent | None = None
) -> list[RadioGroup]:
    """The groups of two or more options that answer one question exclusively; ``content``: the
    page, whose drawn rules part the questions of a line.

    Rows are tried first, and the rows of options under a row group that answer its question too
    (a grid); options no group took are then tried as columns (an AM/PM pair stacked in each cell
    of a week's table is a column, though the AM boxes of all days line up in a row).
    """
    boxes = np.array([o.bbox for o in options], float).reshape(-1, 4)
    labels = [o.label for o in options]
    rows = _chains(boxes, by_row=True, content=content)
    worded = _worded(content) if content is not None else np.zeros(0, bool)

    def asked(chosen: list[int], is_row: bool) -> str:
        """The question over the options; with none of their own, a grid's question where it lets
        the reader check more than one: a column answers the question of the row it starts on
        ("Languages (check all that apply): ( ) English" over more circles), a grid's next rows that
        of its first ("Race (check all that apply)" over two rows of circles). Only that one: a
        grid's "(select one)" made a column of a delivery method and two media one group (held out
        pair precision .588 -> .584); as it is, neither split moves (benchmarks/refine_corpus.py
        --only kinds,groups,tooltips)."""
        question = question_of([options[i].bbox for i in chosen], [labels[i] for i in chosen], is_row, labels)
        if question:
            return question
        row = _row_over(chosen, rows, boxes) if is_row else next(row for row in rows if chosen[0] in row)
        grid = asked(row, True) if row else ""
        return grid if _ANY_NUMBER.search(fold(grid)) else ""

    groups: list[RadioGroup] = []
    taken: set[int] = set()

    def free_rows() -> list[list[int]]:
        """The rows of the options no group has taken yet."""
        free = [i for i in range(len(options)) if i not in taken]
        return [[free[i] for i in chain] for chain in _chains(boxes[free], by_row=True, content=content)]

    for is_row in (True, False):
        free = [i for i in range(len(options)) if i not in taken]
        for chain in _chains(boxes[free], by_row=is_row, content=content):
            for chunk in _split_at_repeats([free[i] for i in chain], options):
                for group in _groups_in(chunk, options, asked, is_row, content):
                    groups.append(group)
                    taken.update(group.options)
        for group in sorted(groups, key=lambda g: boxes[g.options, 1].min()) if is_row else ():
            if not any(other is group for other in groups):
                continue  # taken into a group above it
            # a free row running on past the group (under the next cell's options) offers the
            # options under the group
            candidates = [part for row in free_rows() if (part := _under_width(group.options, row, boxes))]
            # a group of its own joins only where no words stand left of it: those would ask its
            # question (a table of questions answered in columns of circles)
            candidates += [other.options for other in groups if other is not group and content is not None
                           and not _words_left_of(boxes[other.options[0]], content, worded)]
            for row in _grid_under(group, options, boxes, candidates, asked):
                groups[:] = [other for other in groups if other.options is not row]
                group.options.extend(row)
                taken.update(row)
            over = _row_over(group.options, free_rows(), boxes)
            if over and _wrapped_over(group, over, options, boxes):
                group.options[:0] = over
                taken.update(over)
    return groups


def _span(members: list[int], boxes: np.ndarray) -> tuple[float, float]:
    """How far the options ``members`` reach left and right, an option size to spare."""
    size = float(np.max(boxes[members, 3] - boxes[members, 1]))
    return boxes[members, 0].min() - size, boxes[members, 2].max() + size


def _under_width(members: list[int], row: list[int], boxes: np.ndarray) -> list[int]:
    """The options of ``row`` that start within the span of the options ``members``: "[ ] Blue
    [ ] Black" of a row of colours under the eye colours' cell, not its "[ ] Blonde [ ] Red" under
    the hair colours'."""
    left, right = _span(members, boxes)
    return [i for i in row if left <= boxes[i, 0] <= right]


def _wrapped_over(group: RadioGroup, row: list[int], options: list[Option], boxes: np.ndarray) -> bool:
    """Are the options of ``row``, right over ``group``, answers of its wrapped onto the line
    above: within its width, and answering with its options by their labels alone ("[ ] Prefer not
    to say" over "[ ] Male [ ] Female" in a narrow cell)? Val author radios written as radio .818
    -> .839, groups found exactly .733 -> .782; held out, source val and check boxes unchanged."""
    left, right = _span(group.options, boxes)
    within = np.all((boxes[row, 0] >= left) & (boxes[row, 2] <= right))
    return bool(within) and _exclusive([_answer(options[i].label) for i in [*row, *group.options]], "")


def _grid_under(
    group: RadioGroup, options: list[Option], boxes: np.ndarray, rows: list[list[int]], asked: Callable
) -> list[list[int]]:
    """The ``rows`` of options (free ones, or groups of their own) laid out under ``group`` (within
    its width, the next rows down) that answer its question too: "Single  Married jointly  Married
    separately" over "Head of household"; printed circles in rows under one question. Not the
    options of the next question down, which a row's own question ("11. Religion:" on its left,
    "Citizenship" over it) shows; that question may let the reader check more than one ("Race (you
    may check more than one)"), and the group's question may make any answer exclusive ("Marital
    status"), so labels alone do not tell."""
    size = float(np.max(boxes[group.options, 3] - boxes[group.options, 1]))
    labels = {option.label for option in options}
    added: list[list[int]] = []
    for row in sorted(rows, key=lambda row: boxes[row, 1].min()):
        top, middle = boxes[row, 1].min(), boxes[row, 1:4:2].mean()
        # the rows above it: a row added a point higher is beside it, not above
        placed = [*group.options, *(i for r in added for i in r)]
        bottom = max((boxes[i, 3] for i in placed if boxes[i, 3] <= middle), default=np.inf)
        if not (_under_width(group.options, row, boxes) == row and 0 <= top - bottom <= MAX_GRID_GAP * size):
            continue
        question = asked(row, True)  # over a grid's next row, the row above's labels ask nothing
        circles = all(options[i].circle for i in [*placed, *row])
        if (not question or question == group.question or question in labels) and (
            circles or _exclusive([_answer(options[i].label) for i in [*placed, *row]], fold(group.question))
        ):
            added.append(row)
    return added


def _row_over(row: list[int], rows: list[list[int]], boxes: np.ndarray) -> list[int] | None:
    """The row of options right over ``row`` (at most ``MAX_GRID_GAP`` option sizes higher, across
    the same span): the grid's row before it."""
    size = float(np.max(boxes[row, 3] - boxes[row, 1]))
    top, (left, right) = boxes[row, 1].min(), _span(row, boxes)
    over = [other for other in rows if 0 <= top - boxes[other, 3].max() <= MAX_GRID_GAP * size
            and boxes[other, 0].min() <= right and boxes[other, 2].max() >= left]
    return max(over, key=lambda other: boxes[other, 3].max(), default=None)


def _worded(content: PageContent) -> np.ndarray:
    """Per phrase of the page: is it words (two letters or more)?"""
    return np.array([sum(c.isalpha() for c in p.text) >= 2 for p in content.phrases], bool).reshape(-1)


def _words_left_of(box: np.ndarray, content: PageContent, worded: np.ndarray) -> bool:
    """Are words (``worded`` phrases) printed on ``box``'s line, left of it?"""
    phrases = content.phrase_boxes
    return bool(np.any(same_line(phrases, box, SAME_LINE) & worded & (phrases[:, 2] <= box[0])))


def _groups_in(
    chunk: list[int], options: list[Option], asked: Callable, is_row: bool, content: PageContent | None
) -> list[RadioGroup]:
    """The groups of a row (column) of options: those of its parts between drawn rules where each
    part is one, two questions in two cells of a line ("| Gender: [ ] Male [ ] Female | Pregnant?
    [ ] Yes [ ] No |"); else the group of them all (a table's row of answers, a cell for each),
    where no part is a group, the labels of all exclude each other ("[ ] Yes [ ] No | [ ] Unknown")
    or the question says "check one". Else the parts that are groups: a box in the next cell
    answers something else ("| Sex: [ ] Male [ ] Female | [ ] Veteran |"), and a question naming
    no options ("Sex", "Eye color") must not sweep it in. Measured with benchmarks/refine_corpus.py
    --only kinds,groups (held out / val): same-group pair precision .560 -> .588 / .700 -> .709,
    recall .347 -> .329 / .565, groups found exactly .582 -> .587 / .641 -> .646, author radios as
    radio .593 -> .583 / .741 -> .739 (options that had been in a group mixing two questions: "Birth
    sex" with "Gender identity", "Eye color" with "Hair color"), check boxes kept unchanged."""
    parts: list[list[int]] = [[chunk[0]]]
    captions = _caption_starts(chunk, options, content) if is_row and content is not None else np.zeros(0)
    for previous, i in zip(chunk, chunk[1:]):
        ruled = content is not None and content.ruled_between(options[previous].bbox, options[i].bbox, is_row)
        if ruled or np.any((captions > options[previous].bbox[2]) & (captions <= options[i].bbox[2])):
            parts.append([])
        parts[-1].append(i)
    groups = [_group_of(part, options, asked, is_row) for part in parts] if len(parts) > 1 else []
    if groups and all(groups):
        return groups
    found = [group for group in groups if group]
    group = _group_of(chunk, options, asked, is_row)
    if not group:
        return found
    labels_exclude = _exclusive([_answer(options[i].label) for i in chunk], "")
    return [group] if not found or labels_exclude or _ONE_ONLY.search(fold(group.question)) else found


def _caption_starts(row: list[int], options: list[Option], content: PageContent) -> np.ndarray:
    """Where the captions printed right over a row of options start (x): cells' captions, each over
    its own question's options ("GENDER" over "[ ] Male [ ] Female", "MARITAL STATUS" over the next
    boxes), where the page draws no rule between the cells (its drawing is an image). Words on the
    line of any option (a grid's row above, its labels) are no caption."""
    boxes = np.array([options[i].bbox for i in row], float)
    size = float(np.max(boxes[:, 3] - boxes[:, 1]))
    top = boxes[:, 1].min()
    phrases = content.phrase_boxes
    over = (phrases[:, 3] <= top + SAME_LINE * size) & (phrases[:, 3] >= top - MAX_CAPTION_GAP * size)
    every = np.array([option.bbox for option in options], float)
    phrase, option = phrases[over, None, :], every[None, :, :]  # every pair of a phrase over and an option
    overlap = np.minimum(phrase[..., 3], option[..., 3]) - np.maximum(phrase[..., 1], option[..., 1])
    heights = np.minimum(phrase[..., 3] - phrase[..., 1], option[..., 3] - option[..., 1])
    on_option_line = np.any(overlap >= SAME_LINE * heights, axis=1)
    return phrases[over, 0][~on_option_line]


def _group_of(chunk: list[int], options: list[Option], asked: Callable, is_row: bool) -> RadioGroup | None:
    if len(chunk) < 2:
        return None
    labels = [options[i].label for i in chunk]
    question = asked(chunk, is_row)
    unlabelled_pair = is_row and _unlabelled_pair([options[i].bbox for i in chunk], labels)
    if unlabelled_pair or all(options[i].circle for i in chunk):
        return None if _ANY_NUMBER.search(fold(question)) else RadioGroup(chunk, question)
    return RadioGroup(chunk, question) if _exclusive([_answer(label) for label in labels], fold(question)) else None


def _unlabelled_pair(boxes: list[Box], labels: list[str]) -> bool:
    """Two boxes in a row, unlabelled, a short word apart: "( ) Yes ( ) No" whose words are no text."""
    if len(boxes) != 2 or any(labels):
        return False
    (x0, _, x1, _), (next_x0, _, _, _) = boxes
    return next_x0 - x1 <= MAX_UNLABELLED_PAIR_GAP * (x1 - x0)


def _chains(boxes: np.ndarray, by_row: bool, content: PageContent | None = None) -> list[list[int]]:
    """Boxes linked to their next neighbour along a row (or down a column) into chains; in a row,
    with ``content``, also a neighbour further off with little blank paper between them."""
    along, across = (0, 1) if by_row else (1, 0)
    sizes = boxes[:, 2 + along] - boxes[:, along]
    centres = (boxes[:, across] + boxes[:, 2 + across]) / 2
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i, along], boxes[i, across]))
    chains: list[list[int]] = []
    for i in order:
        for chain in chains:
            last = chain[-1]
            small, big = sorted((sizes[i], sizes[last]))
            gap = boxes[i, along] - boxes[last, 2 + along]
            near = 0 <= gap <= (MAX_ROW_GAP if by_row else MAX_COLUMN_GAP) * big
            if by_row and content is not None and gap > 0 and not near:
                near = _blank_between(boxes[last], boxes[i], content) <= MAX_ROW_BLANK * big
            aligned = abs(centres[i] - centres[last]) <= (SAME_LINE if by_row else SAME_COLUMN) * small
            if aligned and big <= MAX_SIZE_RATIO * small and near:
                chain.append(i)
                break
        else:
            chains.append([i])
    return chains


def _blank_between(left: np.ndarray, right: np.ndarray, content: PageContent) -> float:
    """The widest stretch of blank paper on the line between two boxes of a row."""
    phrases = content.phrase_boxes
    line = same_line(phrases, left, SAME_LINE) & (phrases[:, 2] > left[2]) & (phrases[:, 0] < right[0])
    edges = sorted((max(a, left[2]), min(b, right[0])) for a, b in phrases[line][:, [0, 2]].tolist())
    widest, reached = 0.0, float(left[2])
    for start, end in edges:
        widest = max(widest, start - reached)
        reached = max(reached, end)
    return max(widest, float(right[0]) - reached)


def _split_at_repeats(run: list[int], options: list[Option]) -> list[list[int]]:
    """``Yes No Yes No`` on one row is two questions: a label seen again starts the next."""
    chunks: list[list[int]] = [[]]
    seen: set[str] = set()
    for i in run:
        label = _answer(options[i].label)
        if label and label in seen:
            chunks.append([])
            seen = set()
        seen.add(label)
        chunks[-1].append(i)
    return chunks


def _exclusive(labels: list[str], question: str) -> bool:
    if _ANY_NUMBER.search(question):
        return False
    if _ONE_ONLY.search(question) or _ONE_ANSWER_QUESTION.search(question):
        return True
    if not all(labels) or len(set(labels)) < len(labels):
        return False
    return (
        _numbers(labels)
        or _named_in_question(labels, question)
        or _two_forms(labels)
        or any(all(_is_answer(label, answers) for label in labels) for answers in _ANSWER_SETS)
    )


def _numbers(labels: list[str]) -> bool:
    """A rating scale or a list of amounts ($10, $20, Other): one number is the answer."""
    numbers = [label for label in labels if label.isdigit()]
    return len(numbers) >= 2 and set(labels) - set(numbers) <= _BESIDE_NUMBERS


def _named_in_question(labels: list[str], question: str) -> bool:
    """The question asks for one of the options by name ("a person or an organization?")."""
    words = _words(question)
    return bool(_OR.search(words)) and all(re.search(rf"\b{re.escape(label)}\b", words) for label in labels)


def _two_forms(labels: list[str]) -> bool:
    """Two options, one word or phrase in two forms, so one is the case: the other denied ("have" /
    "have not told my guardian", "Real ID" / "Non Real ID", "Citizen" / "Not a citizen", "revocable"
    / "irrevocable", "the plot is surveyed" / "the plot is not surveyed and ..."), or one word in the
    singular and in the plural ("In the matter of [ ] MINOR [ ] MINORS", "[ ] child [ ] children")."""
    if len(labels) != 2:
        return False
    first, second = sorted(labels, key=len)
    words, denied = first.split(), second.split()
    return (
        any(second.startswith(f"{first} {negation}") for negation in _NEGATIONS)
        or any(second == f"{negation} {first}" for negation in _DENIALS)
        or (len(words) == 1 and any(second == prefix + first for prefix in _NEGATIVE_PREFIXES))
        or any(denied[:at] == words[:at] and denied[at:at + 2] == [negation, words[at]]
               for at in range(1, len(words)) for negation in _NEGATIONS)
        or (len(words) == 1 and any(second == first + ending for ending in _PLURAL_ENDINGS))
    )


def is_answer(label: str) -> bool:
    """Is the label a known answer ("Yes", "N/A", "Female", "Weekly", "Excellent")?"""
    return any(_is_answer(_answer(label), answers) for answers in _ANSWER_SETS)


def _is_answer(label: str, answers: set[str]) -> bool:
    """The label is one of the answers, or starts with a word-long one ("married filing jointly")."""
    return label in answers or any(len(answer) > 1 and label.startswith(answer + " ") for answer in answers)


def _answer(label: str) -> str:
    """A label as an answer word: folded, punctuation gone, ``Yes.`` == ``YES``.

    "Yes – fill in the section below" answers "yes": a known answer before a
    dash, comma or colon stands for the whole label.
    """
    if _ITEM_NUMBER.fullmatch(label):
        return ""
    whole = _words(label)
    head = _words(re.split(r"\s[-–—]\s|[,:;(]", label, maxsplit=1)[0])
    return head if head != whole and any(head in answers for answers in _ANSWER_SETS) else whole


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9/]+", fold(text).replace("'", " ")))


def table_row_questions(groups: list[RadioGroup], options: list[Option], content: PageContent) -> list[str]:
    """Each group's question; one with none, in a drawn table's row under groups of the same options
    in the same places, answers the question of the top one that has one, for its row: "Is this person
    a US citizen?, row 3" (each row's "[ ] Yes [ ] No" under the column's header), as a table cell's
    label says its row. benchmarks/refine_corpus.py --only tooltips (word F1): held out .6941 -> .6957
    (a household table's citizenship and SNAP columns), val and source val unchanged."""
    questions = [group.question for group in groups]
    labels = {fold(option.label).strip() for option in options}
    for index, group in enumerate(groups):
        box = enclosing([options[i].bbox for i in group.options])
        if (group.question or any(len(options[i].label.split()) > MAX_TABLE_ANSWER_WORDS for i in group.options)
                or not _in_table_row(box, content, labels)):
            continue
        upper, row = index, 1
        while not questions[index] and (upper := _group_above(upper, groups, options)) is not None:
            row += 1
            if groups[upper].question:
                questions[index] = f"{groups[upper].question}, row {row}"
    return questions


def _in_table_row(box: Box, content: PageContent, labels: set[str]) -> bool:
    """Is ``box`` (a group's options) in a drawn table row that prints no words but options'
    ``labels`` across the page (a row asking its own question, left or right of its options, is none)?"""
    cell = cell_around(box, content)
    if cell is None or cell[3] - cell[1] > MAX_TABLE_ROW_HEIGHT * (box[3] - box[1]):
        return False
    on_line = np.flatnonzero(same_line(content.phrase_boxes, box))
    return all(fold(content.phrases[i].text).strip() in labels for i in on_line)


def _group_above(index: int, groups: list[RadioGroup], options: list[Option]) -> int | None:
    """The nearest group above ``groups[index]`` whose options stand over its own, one for one; None
    if there is none."""
    own = [options[i].bbox for i in groups[index].options]
    found = None
    for other, group in enumerate(groups):
        boxes = [options[i].bbox for i in group.options]
        if len(boxes) != len(own) or boxes[0][3] > own[0][1]:
            continue
        if all(abs(a[0] - b[0]) <= SAME_COLUMN * (b[2] - b[0]) for a, b in zip(boxes, own)) and (
                found is None or boxes[0][1] > options[groups[found].options[0]].bbox[1]):
            found = other
    return found
