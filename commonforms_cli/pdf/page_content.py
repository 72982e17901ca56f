"""What the PDF itself says about a page: its words and its ruling lines, in display fractions.

Read once per page and shared by every refine step. A page that is a picture
(a scan, a form exported as an image) has its rulings found in its pixels
(picture_rules.py) and its words read by OCR where the text layer has none.
PyMuPDF reports text and drawings unrotated, in points from the CropBox's
top-left corner: ``PageGeometry.from_unrotated_points`` (and its array
form, for characters) is the only conversion used.
"""

from __future__ import annotations

import collections
import functools
import itertools
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import Callable, NamedTuple

import numpy as np
import pymupdf

from ..geometry import Box, PageGeometry, covered_share, enclosing
from .ocr import OcrWord, garbled, needs_ocr, ocr_available, read_lines
from .picture_rules import MAX_DRAWN_LINES, MIN_PICTURE_SHARE, picture_rules, picture_share

# A drawn rectangle thinner than this (points) is a line (tables are often drawn with thin fills).
LINE_MAX_THICKNESS_PT = 2.5
JOIN_PT = 2.5  # pieces of one rule: this close in height, and end to start along it
# A path lighter than this in every channel is invisible on white paper.
INVISIBLE_LIGHTNESS = 0.95
# Runs of underscores this long are drawn lines typed as text ("Name: ________").
UNDERSCORE_RUN = 3
# How far an underscore's ink sits below the baseline, in font sizes (Helvetica and Times: 0.1 em).
UNDERSCORE_DROP = 0.1
# A gap wider than this (in font sizes) between characters of one line splits it into phrases.
PHRASE_GAP = 1.0
# A rule this near (font sizes) the foot of a phrase's box, no wider than the phrase, underlines it.
UNDERLINE_REACH = 0.3
# A ruling must run along this much of a box's edge to be that edge's line.
MIN_SHARED = 0.5
# Glyphs that draw a check box or radio circle in text, and those of them that are solid (bullets).
_BOX_GLYPHS = set("☐☑☒□■▢○●◯❍❏❐❑❒")
_SOLID_GLYPHS = set("■●▪◼⬛")
_ROUND_GLYPHS = set("○◯❍")
# Empty squares typed as text ("□ Yes"), in Unicode or a symbol font's letters and private-use codes
# (Wingdings' "o", "p", "q", "r" and "¨"): where a person ticks.
_HOLLOW_SQUARES = set("☐□▢❏❐❑❒")
_SYMBOL_HOLLOW_SQUARES = set("opqr¨\uf06f\uf070\uf071\uf072\uf0a8")
# A typed square's ink: about this share of the font size wide and tall, standing on the baseline.
SQUARE_INK_SHARE = 0.7
# A circle drawn on a page (a path of curves only, as round as this and at most this wide, in points)
# is where a radio button is printed: the radio buttons of the corpus's forms are 6-15 pt wide; a
# seal's ring or a logo is wider.
MAX_CIRCLE_PT = 40.0
CIRCLE_ROUNDNESS = 1.25  # the longer side over the shorter
# Fonts of symbols only: their letters draw boxes and circles ("o" and "q" in Wingdings are empty
# squares), whatever character the text layer maps them to.
_SYMBOL_FONT = re.compile(r"wingding|webding|dingbat", re.IGNORECASE)
# Bold faces by name, where a subset font leaves the bold flag unset ("ABCDEF+Helvetica-Bold").
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# A path filled darker than this in every channel, without a stroke, is a solid mark (a bullet).
SOLID_DARKNESS = 0.5
# Lines of text set on their side at most this many font sizes apart are lines of one text.
TURNED_LINE_GAP = 0.5
# Dot leaders ("Name ..........") separate a label from its field; they are not words.
_LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}")
# A rule within this many points of a box's edge is the box's own side (a drawn square's).
OWN_SIDE_PT = 1.5
# OCR boxes a word's ink with a margin: the font size is about this share of the box's height.
OCR_BOX_TO_SIZE = 0.73
# A line of text drawn again within this many points of itself is one line printed twice (a fake
# bold, a producer's duplicate): read once, or its words label a field twice ("PROBATE COURT
# PROBATE COURT").
OVERPRINT_PT = 1.0


@dataclass(frozen=True)
class Phrase:
    """A run of words on one displayed line, with no wide gap or leader inside."""

    text: str
    bbox: Box
    font_size: float  # points
    spans: tuple[tuple[float, float], ...] = ()  # each character's (x0, x1), display fractions; () unknown
    bold: bool = False  # set in a bold face (a table's header over a note in regular print)


@dataclass(frozen=True)
class PageContent:
    """A page's phrases, ruling lines, solid marks and circles, all in display fractions.

    ``phrase_boxes`` is the phrases' boxes as an (N, 4) array, for searching;
    ``horizontal`` rows are ``(y, x0, x1)`` and ``vertical`` rows ``(x, y0, y1)``;
    a drawn rectangle gives its four edges. ``solid`` rows are the boxes of solid
    marks (filled squares and dots, drawn or typed): bullets, not boxes to tick.
    ``circles`` rows are the boxes of empty circles, drawn or typed: printed radio buttons.
    ``squares`` rows are the ink boxes of empty squares typed as text ("□ Yes").
    ``turned`` is the text set on its side (a narrow column's header, read bottom to top), one
    phrase per stack of lines; kept apart, as only a table's header cells read it.
    ``size`` is the displayed page in points, for turning tolerances in points
    into fractions.
    """

    size: tuple[float, float]
    phrases: tuple[Phrase, ...]
    horizontal: np.ndarray
    vertical: np.ndarray
    solid: np.ndarray
    circles: np.ndarray
    squares: np.ndarray
    turned: tuple[Phrase, ...] = ()

    @classmethod
    def of(cls, size, phrases=(), horizontal=(), vertical=(), solid=(), circles=(), squares=(),
           turned=()) -> "PageContent":
        rulings = [np.array(r, float).reshape(-1, 3) for r in (horizontal, vertical)]
        marks = [np.array(m, float).reshape(-1, 4) for m in (solid, circles, squares)]
        return cls(size, tuple(phrases), *rulings, *marks, tuple(turned))

    @functools.cached_property
    def phrase_boxes(self) -> np.ndarray:
        return np.array([p.bbox for p in self.phrases], float).reshape(-1, 4)

    @functools.cached_property
    def joined_horizontal(self) -> np.ndarray:
        """``horizontal`` with the pieces of one line joined: a table's floor drawn a cell at a time,
        or a wide cell's in several strokes, is one rule across it."""
        rules = self.horizontal
        if not len(rules):
            return rules
        same_y, join_x = self.fraction_y(JOIN_PT), self.fraction_x(JOIN_PT)
        rules = rules[np.lexsort((rules[:, 1], np.round(rules[:, 0] / same_y)))]
        joined = [list(rules[0])]
        for y, start, end in rules[1:]:
            last = joined[-1]
            if abs(y - last[0]) <= same_y and start <= last[2] + join_x:
                last[2] = max(last[2], end)
            else:
                joined.append([y, start, end])
        return np.array(joined, float)

    @functools.cached_property
    def phrase_centres(self) -> np.ndarray:
        boxes = self.phrase_boxes
        return np.column_stack([(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2])

    def phrases_centred_in(self, box) -> np.ndarray:
        """The indices of the phrases whose centre lies inside ``box``."""
        x, y = self.phrase_centres[:, 0], self.phrase_centres[:, 1]
        return np.flatnonzero((x > box[0]) & (x < box[2]) & (y > box[1]) & (y < box[3]))

    def turned_centred_in(self, box) -> list[Phrase]:
        """The ``turned`` phrases whose centre lies inside ``box``, left to right."""
        inside = [p for p in self.turned
                  if box[0] < (p.bbox[0] + p.bbox[2]) / 2 < box[2] and box[1] < (p.bbox[1] + p.bbox[3]) / 2 < box[3]]
        return sorted(inside, key=lambda p: p.bbox[0])

    @functools.cached_property
    def body_font_size(self) -> float:
        """The font size most characters on the page are set in (0 when there is no text layer)."""
        if not self.phrases:
            return 0.0
        chars = collections.Counter()
        for phrase in self.phrases:
            chars[round(phrase.font_size * 2) / 2] += len(phrase.text)
        return chars.most_common(1)[0][0]

    def ruling_near(self, horizontal: bool, position: float, span: tuple[float, float], reach: float):
        """The ruling ``(at, start, end)`` nearest ``position`` that runs along at least
        ``MIN_SHARED`` of ``span``, if it is within ``reach``; else None."""
        rulings = self.horizontal if horizontal else self.vertical
        if not len(rulings):
            return None
        shared = np.minimum(rulings[:, 2], span[1]) - np.maximum(rulings[:, 1], span[0])
        distance = np.abs(rulings[:, 0] - position)
        along = (shared >= MIN_SHARED * (span[1] - span[0])) & (distance <= reach)
        if not along.any():
            return None
        return tuple(rulings[np.argmin(np.where(along, distance, np.inf))])

    def ruled_between(self, first: Box, second: Box, along_x: bool, margin_pt: float = OWN_SIDE_PT) -> bool:
        """Is a rule drawn across the line of two boxes (``first`` before ``second`` along x, or
        along y), between them and not a box's own side (a negative ``margin_pt``: sides count)?"""
        rulings = self.vertical if along_x else self.horizontal
        along = 0 if along_x else 1
        margin = margin_pt / self.size[along]
        across = (first[1 - along] + first[3 - along] + second[1 - along] + second[3 - along]) / 4
        between = (rulings[:, 0] > first[2 + along] + margin) & (rulings[:, 0] < second[along] - margin)
        return bool(np.any(between & (rulings[:, 1] <= across) & (rulings[:, 2] >= across)))

    def fraction_x(self, points: float) -> float:
        return points / self.size[0]

    def fraction_y(self, points: float) -> float:
        return points / self.size[1]

    def points_x(self, fraction: float) -> float:
        return fraction * self.size[0]

    def points_y(self, fraction: float) -> float:
        return fraction * self.size[1]


def read_page_content(
    page: pymupdf.Page, geometry: PageGeometry, ocr: bool = False, threads: int | None = None
) -> PageContent:
    """Phrases from the text layer, rulings and circles from the vector drawings of one page (typed
    underscores, bullets and circles count as drawn), without its annotations (see ``_printed_page``).
    ``ocr``: a page whose words are not in its text layer (a scan, outlined text) is also read by OCR
    (where the ``ocr`` extra is installed), on ``threads`` onnxruntime threads."""
    bare = _printed_page(page)
    page = bare[0] if bare is not None else page
    horizontal: list[tuple[float, float, float]] = []
    vertical: list[tuple[float, float, float]] = []
    solid: list[Box] = []
    circles: list[Box] = []
    squares: list[Box] = []
    turned: list[Phrase] = []
    drawings = [path for path in page.get_drawings() if _visible(path)]
    # looked for only where the page has text the colour of paper (images take time to list)
    backgrounds = functools.cache(lambda: _backgrounds(page, drawings))
    phrases = _phrases(page, geometry, horizontal, solid, circles, squares, turned, backgrounds)
    misread = ocr and ocr_available() and garbled([p.text for p in phrases])
    if misread or (ocr and needs_ocr(page, len(phrases))):
        typed = [] if misread else phrases  # a garbled text layer is read again, all of it
        phrases = typed + _phrases_read(read_lines(page, threads), geometry, typed, horizontal, solid, circles,
                                        squares)
    drawn = _drawn_boxes(drawings)
    for box, filled in drawn:
        box = geometry.from_unrotated_points(box)
        _add_edges(box, geometry, horizontal, vertical)
        if filled:
            solid.append(box)
    if len(drawn) < MAX_DRAWN_LINES and picture_share(page) >= MIN_PICTURE_SHARE:
        pictured = picture_rules(page)
        horizontal += pictured[0]
        vertical += pictured[1]
    circles.extend(geometry.from_unrotated_points(box) for box in _drawn_circles(drawings))
    phrases = _cut_at_rules(phrases, vertical, geometry.display_size[0])
    horizontal = [rule for rule, under in zip(horizontal, _underlines(horizontal, phrases, geometry.display_size))
                  if not under]
    return PageContent.of(geometry.display_size, phrases, horizontal, vertical, solid, circles, squares, turned)


def _underlines(
    rules: list[tuple[float, float, float]], phrases: list[Phrase], size: tuple[float, float]
) -> np.ndarray:
    """Per rule, does it underline a phrase: at the foot of its words, from where they start (a
    table's rule under a narrow column's header starts before it) to within a font size of where
    they end (a trailing space)? An underlined heading ("Date of" over "Birth", each underlined) is
    no table rule to part its lines or cells by, nor a line to write on."""
    if not rules or not phrases:
        return np.zeros(len(rules), bool)
    y, x0, x1 = (column[:, None] for column in np.array(rules, float).T)
    left, _, right, foot = np.array([p.bbox for p in phrases], float).T
    em = np.array([p.font_size for p in phrases], float)
    em_x, em_y = em / size[0], em / size[1]
    starts = np.abs(x0 - left) <= OWN_SIDE_PT / size[0]
    under = (np.abs(y - foot) <= UNDERLINE_REACH * em_y) & starts & (x1 <= right + em_x)
    return np.any(under & (x1 - x0 >= (right - left) / 2), axis=1)


def _cut_at_rules(
    phrases: list[Phrase], vertical: list[tuple[float, float, float]], width_pt: float
) -> list[Phrase]:
    """The phrases, each cut where a drawn vertical rule at least as tall as its words (a glyph's
    own strokes, drawn as paths, cut nothing) passes between two of its characters: a table's
    cells, each with its own caption ("SOCIAL SECURITY NUMBER | DATE OF BIRTH"), or an option's
    words and the next cell's ("None | Hispanic?"), set closer than a phrase's gap. The rule may
    touch a character's ink by ``OWN_SIDE_PT``: a text layer laid over a picture of the form sits a
    point or two off the picture's rules."""
    if not phrases or not vertical:
        return phrases
    x, y0, y1 = (column[None, :] for column in np.array(vertical, float).T)
    left, top, right, bottom = (column[:, None] for column in np.array([p.bbox for p in phrases], float).T)
    middle = (top + bottom) / 2
    crossing = (left < x) & (x < right) & (y0 <= middle) & (middle <= y1) & (y1 - y0 >= bottom - top)
    cut = []
    for phrase, across in zip(phrases, crossing):
        cut.extend(_cut_at(phrase, x[0, across], OWN_SIDE_PT / width_pt) if across.any() else [phrase])
    return cut


def _cut_at(phrase: Phrase, cuts: np.ndarray, touch: float) -> list[Phrase]:
    """``phrase`` cut at each of ``cuts`` (x) that falls between two of its characters' ink, or
    within ``touch`` of it."""
    if len(phrase.spans) != len(phrase.text):
        return [phrase]
    parts, start, ink_end = [], 0, None
    for index, (char, (ink_start, char_end)) in enumerate(zip(phrase.text, phrase.spans)):
        if char == " ":
            continue
        if ink_end is not None and np.any((ink_end - touch <= cuts) & (cuts <= ink_start + touch)):
            parts.append((start, index))
            start = index
        ink_end = char_end
    parts.append((start, len(phrase.text)))
    return [_part_of(phrase, first, end) for first, end in parts] if len(parts) > 1 else [phrase]


def _part_of(phrase: Phrase, start: int, end: int) -> Phrase:
    """The characters ``start:end`` of ``phrase`` as a phrase of their own, without outer spaces."""
    while phrase.text[start] == " ":
        start += 1
    while phrase.text[end - 1] == " ":
        end -= 1
    spans = phrase.spans[start:end]
    box = (spans[0][0], phrase.bbox[1], max(x1 for _, x1 in spans), phrase.bbox[3])
    return replace(phrase, text=phrase.text[start:end], bbox=box, spans=spans)


def _printed_page(page: pymupdf.Page) -> pymupdf.Document | None:
    """A copy of ``page`` without its annotations, or None if it has none or cannot be copied (a
    damaged file: the page is then read as it is). PyMuPDF reads annotation appearances (a form's
    widget borders, comb ticks and values) as the page's own drawings and text; the detector renders
    the page without them, and on the corpus's fillable forms they are the answer."""
    if page.parent.xref_get_key(page.xref, "Annots")[0] == "null":  # page.first_widget fails on broken forms
        return None
    bare = pymupdf.open()
    try:  # without widgets and links too: copying a form's fields fails on some real files (cycles
        # in the field tree, broken parents), which the page's printing never depends on
        bare.insert_pdf(page.parent, from_page=page.number, to_page=page.number, links=False, annots=False,
                        widgets=False)
    except (RuntimeError, pymupdf.mupdf.FzErrorBase):  # found by tests/test_fuzz.py: a truncated file
        return None
    return bare


# --- text ----------------------------------------------------------------------------------------
class _Char(NamedTuple):
    text: str
    bbox: Box  # display fractions
    size: float  # font size, points
    baseline: float  # display fraction (y)
    symbol: bool  # set in a font of symbols only (Wingdings)
    bold: bool  # set in a bold face


def _phrases(
    page: pymupdf.Page, geometry: PageGeometry, underscores: list, solid: list, circles: list, squares: list,
    turned: list, backgrounds: Callable[[], list[pymupdf.Rect]],
) -> list[Phrase]:
    """Upright lines of text split at wide gaps, leaders and underscore runs; text the colour of
    the paper is left out, unless it stands on one of the ``backgrounds`` (``_shows``).

    Underscore runs are typed lines: they go to ``underscores`` as rulings; solid glyphs
    (bullets) go to ``solid``, circle glyphs to ``circles`` and empty squares to ``squares`` as boxes;
    lines set on their side go to ``turned`` (``_turned_phrases``).
    """
    raw = page.get_text("rawdict", flags=pymupdf.TEXTFLAGS_RAWDICT & ~pymupdf.TEXT_PRESERVE_IMAGES)
    lines = [
        [(c, span["size"], bool(_SYMBOL_FONT.search(span["font"])), _is_bold(span))
         for span in line["spans"] if _shows(span, backgrounds) for c in span["chars"]]
        for block in raw["blocks"]
        for line in block.get("lines", ())
    ]
    sized = [char for line in lines for char in line]
    # the whole page's characters in two conversions, not two per character
    boxes = geometry.from_unrotated_points_array([c["bbox"] for c, *_ in sized]).tolist()
    origins = geometry.from_unrotated_points_array([(*c["origin"], *c["origin"]) for c, *_ in sized])
    chars = [
        _Char(_printable(c["c"]), tuple(box), size, baseline, symbol, bold)
        for (c, size, symbol, bold), box, baseline in zip(sized, boxes, origins[:, 1].tolist())
    ]
    starts = itertools.accumulate((len(line) for line in lines), initial=0)
    char_lines = [chars[start : start + len(line)] for start, line in zip(starts, lines)]
    char_lines = _without_overprints(char_lines, geometry.display_size)
    on_side = _turned_phrases(char_lines, geometry.display_size)
    if not garbled([phrase.text for phrase in on_side]):  # a font that maps its glyphs to other letters
        turned.extend(on_side)
    return _lines_phrases(char_lines, geometry.display_size, underscores, solid, circles, squares)


def _backgrounds(page: pymupdf.Page, drawings: list[dict]) -> list[pymupdf.Rect]:
    """Where the page paints under its text (a filled shape that is not white, an image): light
    text shows there (a heading in white on a dark band)."""
    filled = [pymupdf.Rect(path["rect"]) for path in drawings
              if path.get("fill") is not None and min(path["fill"], default=0.0) < INVISIBLE_LIGHTNESS]
    return filled + [pymupdf.Rect(image["bbox"]) for image in page.get_image_info()]


def _shows(span: dict, backgrounds: Callable[[], list[pymupdf.Rect]]) -> bool:
    """Is the span's text visible: darker than paper, or on a background? White text on white
    paper is an e-signing service's anchor ("signer1_DocuSignFullName") or a hidden rule of
    underscores: it labels nothing and draws no line."""
    colour = span["color"]
    if min(colour >> 16, (colour >> 8) & 255, colour & 255) < INVISIBLE_LIGHTNESS * 255:
        return True
    x0, y0, x1, y1 = span["bbox"]
    middle = pymupdf.Point((x0 + x1) / 2, (y0 + y1) / 2)
    return any(middle in background for background in backgrounds())


def _without_overprints(lines: list[list[_Char]], size: tuple[float, float]) -> list[list[_Char]]:
    """The lines, each line printed twice at (nearly) one place kept once (``OVERPRINT_PT``)."""
    reach_x, reach_y = OVERPRINT_PT / size[0], OVERPRINT_PT / size[1]
    kept: list[list[_Char]] = []
    starts: dict[str, list[tuple[float, float]]] = {}  # where each text's lines start
    for line in lines:
        if line:
            text = "".join(c.text for c in line)
            x0, y0 = line[0].bbox[:2]
            if any(abs(x0 - x) <= reach_x and abs(y0 - y) <= reach_y for x, y in starts.get(text, ())):
                continue
            starts.setdefault(text, []).append((x0, y0))
        kept.append(line)
    return kept


def _lines_phrases(lines: list[list[_Char]], size: tuple[float, float], underscores: list, solid: list,
                   circles: list, squares: list) -> list[Phrase]:
    """Each upright line of characters cut into phrases; its solid, round and empty square glyphs
    kept as marks."""
    found = []
    for line_chars in lines:
        if line_chars and _upright(line_chars):
            found.extend(_split_line(line_chars, size, underscores))
            squares.extend(_square_ink(c, size) for c in line_chars if _is_hollow_square(c))
        solid.extend(c.bbox for c in line_chars if c.text in _SOLID_GLYPHS)
        circles.extend(c.bbox for c in line_chars if c.text in _ROUND_GLYPHS)
    return found


def _turned_phrases(lines: list[list[_Char]], size: tuple[float, float]) -> list[Phrase]:
    """The lines set on their side, a stack of them side by side joined into one phrase: "IN
    SCHOOL" beside "(Yes or No)" read bottom to top is "IN SCHOOL (Yes or No)" (lines read top to
    bottom join from the right). As the headers of their columns' cells (``LabelFinder``): fields
    with a tooltip held out .9261 -> .9409, val .9522 -> .9531; tooltip word F1 held out .6958 ->
    .6974 (with the header found past empty rows), val .5837 -> .5868, source val unchanged."""
    found: list[tuple[bool, Phrase]] = []
    for chars in lines:
        inked = [c for c in chars if c.text.strip()]
        if len(inked) < 2:
            continue
        first, last = inked[0].bbox, inked[-1].bbox
        drift_x = abs((last[0] + last[2]) - (first[0] + first[2])) / 2
        if drift_x > first[2] - first[0] or abs(last[1] - first[1]) <= first[3] - first[1]:
            continue  # upright, or turned at a slant (a stamp)
        text = " ".join("".join(c.text for c in chars).split())
        box = enclosing([c.bbox for c in inked])
        found.append((last[1] < first[1], Phrase(text, box, inked[0].size, bold=all(c.bold for c in inked))))
    stacks: list[tuple[bool, list[Phrase]]] = []
    for rising, phrase in sorted(found, key=lambda item: (item[0], item[1].bbox[0])):
        if stacks and stacks[-1][0] == rising and _stacked(stacks[-1][1][-1], phrase, size):
            stacks[-1][1].append(phrase)
        else:
            stacks.append((rising, [phrase]))
    return [Phrase(" ".join(p.text for p in (stack if rising else stack[::-1])), enclosing([p.bbox for p in stack]),
                   stack[0].font_size, bold=all(p.bold for p in stack)) for rising, stack in stacks]


def _stacked(left: Phrase, right: Phrase, size: tuple[float, float]) -> bool:
    """Are two turned lines side by side lines of one text: at most half a font size apart, along
    the same stretch (overlapping by half the shorter)?"""
    gap = (right.bbox[0] - left.bbox[2]) * size[0]
    overlap = min(left.bbox[3], right.bbox[3]) - max(left.bbox[1], right.bbox[1])
    shorter = min(left.bbox[3] - left.bbox[1], right.bbox[3] - right.bbox[1])
    return gap <= TURNED_LINE_GAP * left.font_size and overlap >= shorter / 2


def _is_hollow_square(char: _Char) -> bool:
    return char.text in _HOLLOW_SQUARES or (char.symbol and char.text in _SYMBOL_HOLLOW_SQUARES)


def _square_ink(char: _Char, size: tuple[float, float]) -> Box:
    """Where a typed square's ink is: centred in its advance, on its baseline (its box in the text
    layer runs from the font's ascent to its descent, taller than the square)."""
    half_x, side_y = SQUARE_INK_SHARE * char.size / size[0] / 2, SQUARE_INK_SHARE * char.size / size[1]
    middle = (char.bbox[0] + char.bbox[2]) / 2
    return (middle - half_x, char.baseline - side_y, middle + half_x, char.baseline)


def _phrases_read(read: list[list[OcrWord]], geometry: PageGeometry, typed: list[Phrase], underscores: list,
                  solid: list, circles: list, squares: list) -> list[Phrase]:
    """The phrases of the lines OCR ``read``, but where the text layer already has words."""
    height_pt = geometry.display_size[1]
    lines = []
    for words in read:
        chars: list[_Char] = []
        for word in words:
            x0, y0, x1, y1 = word.bbox
            size = OCR_BOX_TO_SIZE * (y1 - y0) * height_pt
            step = (x1 - x0) / len(word.text)
            if chars:
                chars.append(_Char(" ", (x0, y0, x0, y1), size, y1, False, False))
            chars.extend(_Char(c, (x0 + i * step, y0, x0 + (i + 1) * step, y1), size, y1, False, False)
                         for i, c in enumerate(word.text))
        lines.append(chars)
    phrases = _lines_phrases(lines, geometry.display_size, underscores, solid, circles, squares)
    return [p for p in phrases if not any(covered_share(p.bbox, t.bbox) >= 0.5 for t in typed)]


def _printable(char: str) -> str:
    """A control character (a backspace some producers type after a label) as a space: it must not
    reach a tooltip or a field name."""
    return " " if unicodedata.category(char) == "Cc" else char


def _is_bold(span: dict) -> bool:
    """A bold face, by the font's flags or, where a subset font leaves them unset, by its name."""
    return bool(span["flags"] & pymupdf.TEXT_FONT_BOLD) or bool(_BOLD_FONT.search(span["font"]))


def _upright(chars: list[_Char]) -> bool:
    """Text that reads left to right as displayed (side notes and rotated stamps do not)."""
    first, last = chars[0].bbox, chars[-1].bbox
    return len(chars) == 1 or (last[0] > first[0] and abs(last[1] - first[1]) < (first[3] - first[1]))


def _split_line(chars: list[_Char], size: tuple[float, float], underscores: list) -> list[Phrase]:
    """Cut a line into phrases at wide gaps, underscore runs, check box glyphs and vertical bars
    (a comb's dividers typed as "|" after its label: "Phone #: | | |" is "Phone #:")."""
    runs: list[list[_Char]] = [[]]
    last_ink = None
    for is_underscore, group in itertools.groupby(chars, key=lambda c: c.text == "_"):
        group = list(group)
        if is_underscore and len(group) >= UNDERSCORE_RUN:
            underscores.append(_underscore_ruling(group, size[1]))
            runs.append([])
            last_ink = None
            continue
        for char in group:
            if _is_drawn_box(char) or char.text == "|":
                runs.append([])
                last_ink = None
                continue
            if char.text.strip():
                if last_ink is not None and (char.bbox[0] - last_ink.bbox[2]) * size[0] > PHRASE_GAP * char.size:
                    runs.append([])
                last_ink = char
            runs[-1].append(char)
    return [phrase for run in runs for phrase in _phrases_of(run)]


def _is_drawn_box(char: _Char) -> bool:
    """Box and circle glyphs: by their code, a symbol font's private-use code, or any mark set in a
    symbol font (Wingdings' empty square is "o" to the text layer)."""
    return char.text in _BOX_GLYPHS or "\ue000" <= char.text <= "\uf8ff" or (char.symbol and bool(char.text.strip()))


def _underscore_ruling(run: list[_Char], page_height_pt: float) -> tuple[float, float, float]:
    """The line an underscore run draws: its ink sits just under the baseline."""
    ink = run[0].baseline + UNDERSCORE_DROP * run[0].size / page_height_pt
    return (ink, run[0].bbox[0], run[-1].bbox[2])


def _phrases_of(chars: list[_Char]) -> list[Phrase]:
    """Characters -> phrases, with dot leaders cut out."""
    text = "".join(c.text for c in chars)
    found = []
    start = 0
    for leader in [*_LEADER.finditer(text), None]:
        end = leader.start() if leader else len(text)
        part = [c for c in chars[start:end] if c.text.strip()]
        if part:
            boxes = np.array([c.bbox for c in part])
            bbox = (boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max())
            words, spans = _words(chars[start:end])
            # bold where most of its letters are: "(b)" in bold before "Date returned" is no bold header
            # (tooltip word F1 source val .5713 -> .5741, val .5868 -> .5875, held out unchanged)
            bold = 2 * sum(c.bold for c in part) > len(part)
            found.append(Phrase(words, tuple(float(v) for v in bbox), float(part[0].size), spans, bold))
        start = leader.end() if leader else end
    return found


def _words(chars: list[_Char]) -> tuple[str, tuple[tuple[float, float], ...]]:
    """The characters' text, each run of spaces one space, and each character's (x0, x1)."""
    kept: list[_Char] = []
    for char in chars:
        if char.text.strip():
            kept.append(char)
        elif kept and kept[-1].text != " ":
            kept.append(char._replace(text=" "))
    while kept and kept[-1].text == " ":
        kept.pop()
    return "".join(c.text for c in kept), tuple((c.bbox[0], c.bbox[2]) for c in kept)


# --- drawings ------------------------------------------------------------------------------------
def _drawn_boxes(drawings: list[dict]) -> list[tuple[Box, bool]]:
    """Every straight line and rectangle of the visible ``drawings``, as unrotated point boxes (a
    line's is flat), and whether it is a solid mark (filled dark, not stroked)."""
    boxes = []
    for path in drawings:
        solid = _solid(path)
        for item in path["items"]:
            if item[0] == "l":
                boxes.append(((item[1].x, item[1].y, item[2].x, item[2].y), False))
            elif item[0] == "re":
                boxes.append((tuple(item[1]), solid))
            elif item[0] == "qu" and item[1].is_rectangular:
                boxes.append((tuple(item[1].rect), solid))
    return boxes


def _drawn_circles(drawings: list[dict]) -> list[Box]:
    """The small circles among the visible ``drawings`` (paths of curves only, about as wide as
    tall, not solid), as unrotated point boxes."""
    circles = []
    for path in drawings:
        rect = path["rect"]
        small, large = sorted((rect.width, rect.height))
        round_ = large <= MAX_CIRCLE_PT and small > 0 and large <= CIRCLE_ROUNDNESS * small
        if round_ and not _solid(path) and {item[0] for item in path["items"]} == {"c"}:
            circles.append(tuple(rect))
    return circles


def _solid(path: dict) -> bool:
    return path.get("color") is None and max(path.get("fill") or (1.0,)) < SOLID_DARKNESS


def _visible(path: dict) -> bool:
    colours = [c for c in (path.get("color"), path.get("fill")) if c is not None]
    return any(min(c, default=0.0) < INVISIBLE_LIGHTNESS for c in colours)


def _add_edges(box: Box, geometry: PageGeometry, horizontal: list, vertical: list) -> None:
    """A thin box is one ruling along its length; a real rectangle gives four."""
    x0, y0, x1, y1 = box
    width_pt, height_pt = (x1 - x0) * geometry.display_size[0], (y1 - y0) * geometry.display_size[1]
    if height_pt <= LINE_MAX_THICKNESS_PT and width_pt > height_pt:
        horizontal.append(((y0 + y1) / 2, x0, x1))
    elif width_pt <= LINE_MAX_THICKNESS_PT and height_pt > width_pt:
        vertical.append(((x0 + x1) / 2, y0, y1))
    elif width_pt > LINE_MAX_THICKNESS_PT and height_pt > LINE_MAX_THICKNESS_PT:
        horizontal.extend([(y0, x0, x1), (y1, x0, x1)])
        vertical.extend([(x0, y0, y1), (x1, y0, y1)])
