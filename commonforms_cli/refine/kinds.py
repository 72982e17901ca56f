"""What a text box is for: one line, several lines, a comb of character cells, or a signature.

The detector only says "text"; the page says more. A box three lines tall at
the form's own font size is multiline; a box divided into character cells is
a comb (with /MaxLen = the cells); a text box labelled "Signature", wide enough
to sign in, is a signature field (the anchor's users saw signatures detected as
text, and so does our detector: real forms put text fields on signature lines).
The other way round too: a box detected as a signature that the page labels as
something else ("Print name", "Date", "City") is that field, a text box.
"""

from __future__ import annotations

import math
import re

import numpy as np

from ..fields import Detection, FieldClass, FieldKind
from ..geometry import Box
from .names import fold
from ..pdf.page_content import PageContent

LINE_SPACING = 1.15  # line height per font size
PADDING_PT = 1.0  # viewers' inner margin, top and bottom
DEFAULT_FONT_PT = 10.0  # where the page has no text layer
MIN_FONT_PT, MAX_FONT_PT = 6.0, 12.0
# A box is multiline where this many lines fit. Against the authors' multiline flag on the text
# widgets our fields match (benchmarks/refine_corpus.py --only multiline), boxes with room for
# two lines were one-line fields 153 times in 171 on heldout and 213 in 271 on val; with three
# lines agreement went .928 -> .962 (heldout) and .953 -> .974 (val).
MIN_MULTILINE_LINES = 3
# A comb: at least this many cells, each at most this wide for its height,
# with dividers rising at least this share of the box and spaced within this
# share of their mean.
MIN_COMB_CELLS = 3
MAX_CELL_ASPECT = 2.0
MIN_DIVIDER_RISE = 0.25
COMB_REGULARITY = 0.15
# Room to sign: at least this wide, and this many times as wide as tall. With the label rule (see
# is_signature_line), measured by benchmarks/refine_corpus.py --only signatures: signature fields
# written over the truth's text fields fell from 38 to 8 (val) and 144 to 37 (train; most of those
# left are signature lines whose text field has a generic name), signature lines found as
# signatures stayed 16 of 52 (val) and went 135 -> 128 of 220 (train).
MIN_SIGNATURE_WIDTH_PT = 72.0
# A box to sign in may be squarer than a line: at 3 (held out / val, --only signatures) signature truths
# written as signatures went 61 -> 63 of 94 / 30 -> 30 of 85, signature fields over other fields 27 -> 28 /
# 14 -> 14 (two "SIGN" boxes 48 pt tall became signatures, not multiline text). At 2 (session 26, same
# measure): held out 62 -> 63 of 94 (a French letter's "Signature" box, 141 x 50 pt), signature fields 176 ->
# 177, none more over other fields; val and source val unchanged, text F1 unchanged on all three.
MIN_SIGNATURE_ASPECT = 2.0
# "Signature" in common languages, the words that compound or decline ("Elternunterschrift",
# "podpisu", "allekirjoituksen") as any word holding them; a date or a printed name next to a
# signature is not one. The words added to the first list here changed, on the held-out and val
# splits, only a Vietnamese form: its 24 "Chữ ký" boxes became signature fields, as the English
# version's "Signature" boxes are (the author made no widget there); the truth by name is unchanged.
_SIGNATURE = re.compile(
    r"\b(signature|signatures|sign here|signed|firma|firme|signatur|assinatura|alairas|semnatura|imza"
    r"|paraksts|parasas|allkiri|namnteckning|tanda tangan|chu ky|υπογραφη|подпись|подпис|підпис)\b"
    r"|unterschrift|handtekening|ondertekening|underskrift|podpis|potpis|allekirjoitu"
    r"|署名|签名|簽名|签字|簽字|서명|חתימ|توقيع"
)
_NOT_SIGNATURE = re.compile(
    r"\b(date|dated|datum|fecha|data|dato|paivamaara|print|printed|name|nom|nombre|nome|cognome|naam|namn"
    r"|nimi|nimenselvennys|namnfortydligande|imie|nazwisko|vorname|prenom|title|titre|expires)\b"
)
# Printed captions only (not field names, see is_signature_term): "SIGN" at a signature line (a tab,
# an arrow's caption, "Sign here"), but not sign language, sign-in or sign-up; "Signed on: ____" and
# "Signed at: ____" caption a date or a place. A caption is a few words: a signature word in a longer
# sentence is prose ("... and that he signed the same thereto by order of the board ..."). Measured
# with benchmarks/refine_corpus.py --only signatures (held out / val): "SIGN" took the signature lines
# written as signatures from 49 to 74 of 117 / 24 to 34 of 85; "signed on/at" removed 20 / 0 signature
# fields, 8 on text fields and 12 on text fields named "Signed on" (dates, which the truth by name
# counts as signatures); the sentence bound (asides in parentheses left out) removed 19 / 2, of which
# 1 / 0 on a signature truth (a text field named "If Authorization is signed by someone other than
# the patient, please state reason"). Those figures read the widgets' own appearances as page text
# (fixed in session 11): on the printed page alone "SIGN" changes no truth's kind (49 of 94 / 28 of
# 85 either way) and adds 3 / 1 signature fields on no widget; kept for the "Sign" tabs of tax forms.
_SIGN = re.compile(r"\bsign\b(?![- ]?(in|up|language)\b)")
_WHEN_OR_WHERE_SIGNED = re.compile(r"\bsigned (on|at|this)\b")
MAX_CAPTION_WORDS = 10
# "Notary Public" (in and for a state, a county) captions the line where the notary signs. Measured with
# benchmarks/refine_corpus.py --only texts,signatures (val / held out / source val): signature truths
# written as signatures 32 -> 35 of 85 / 63 of 94 / 37 of 55; signature fields 141 -> 146 / 177 -> 189
# (New York court forms' notary lines, whose authors made no signature widget: 4 on their text fields)
# / 173 -> 175 (on no widget); text F1 after refine .8997 -> .8994 / .7322 / .9224 -> .9225.
_NOTARY = re.compile(r"^\W*(notary public|notario publico)\b")
# Field names that say when or where a signature was made: on the source-held-out validation 26 of
# the 117 text widgets named as signatures held a date, a place or a reason ("Signed on", "Signed
# dd/mm/yyyy", "Dia_Firma", "Localidad_Firma", "Signature_dt").
_WHEN_OR_WHERE = re.compile(r"\b(dd|mm|yy|yyyy|dt|dia|mes|ano|localidad|lugar|ort|place|city)\b")
# a caption ends at a colon too ("Officer Signature: If ..."), and where a label meets its caption (":,")
_SENTENCE_END = re.compile(r"[.;!?:](?:\s|$|,)")
# A short lead before a comma captions as well: "Witness signature, only required when the patient
# is unable to sign"; a longer one is prose ("I agree that by my signature, the county may ...").
MAX_LEAD_WORDS = 5
_ASIDE = re.compile(r"\([^()]*\)")


def kind_of(
    det: Detection, label: str, content: PageContent, signature_as_text: bool, caption: str = ""
) -> tuple[FieldKind, int]:
    """The kind a detection becomes, and its comb cells (0 unless a comb).

    ``label`` is the text that labels the box, ``caption`` its own caption printed under it
    (refine/labels.py). Check boxes may still become radio options, in groups.
    """
    if det.cls is FieldClass.choice:
        return FieldKind.checkbox, 0
    if not signature_as_text:
        if det.cls is FieldClass.signature and is_signature_box(label):
            return FieldKind.signature, 0
        if det.cls is FieldClass.text and is_signature_line(det.bbox, label, content, caption):
            return FieldKind.signature, 0
    cells = comb_cells(det.bbox, content)
    if cells >= MIN_COMB_CELLS:
        return FieldKind.comb, cells
    return (FieldKind.multiline if lines_that_fit(det.bbox, content) >= MIN_MULTILINE_LINES else FieldKind.text), 0


def form_font_size(content: PageContent) -> float:
    """The size a person would type at: the form's own body text size, within reason."""
    return min(max(content.body_font_size or DEFAULT_FONT_PT, MIN_FONT_PT), MAX_FONT_PT)


def lines_that_fit(box: Box, content: PageContent) -> int:
    height = content.points_y(box[3] - box[1]) - 2 * PADDING_PT
    return max(0, math.floor(height / (form_font_size(content) * LINE_SPACING)))


def font_size(kind: FieldKind, box: Box, content: PageContent) -> float:
    """The form's size where one line fits, else the largest that fits the height; 0 (auto) below the minimum.

    Check boxes, radio buttons and signatures draw no text: 0.
    """
    if kind.field_class is not FieldClass.text:
        return 0.0
    fitted = math.floor(2 * (content.points_y(box[3] - box[1]) - 2 * PADDING_PT) / LINE_SPACING) / 2
    size = min(form_font_size(content), fitted)
    return size if size >= MIN_FONT_PT else 0.0


def comb_cells(box: Box, content: PageContent) -> int:
    """How many equal character cells drawn dividers split the box into (0: not a comb)."""
    x0, y0, x1, y1 = box
    height_pt = content.points_y(y1 - y0)
    margin = content.fraction_x(1.0)
    lines = content.vertical
    if len(lines) < MIN_COMB_CELLS - 1:
        return 0
    rise = np.minimum(lines[:, 2], y1) - np.maximum(lines[:, 1], y0)
    inside = (lines[:, 0] > x0 + margin) & (lines[:, 0] < x1 - margin) & (rise >= MIN_DIVIDER_RISE * (y1 - y0))
    dividers = _merged(np.sort(lines[inside, 0]), margin)
    if len(dividers) < MIN_COMB_CELLS - 1:
        return 0
    widths = np.diff(dividers)
    cell = widths.mean()
    if widths.std() > COMB_REGULARITY * cell or content.size[0] * cell > MAX_CELL_ASPECT * height_pt:
        return 0
    outer = round((dividers[0] - x0) / cell) + round((x1 - dividers[-1]) / cell)
    return len(widths) + outer


def _merged(positions: np.ndarray, within: float) -> np.ndarray:
    """Positions closer than ``within`` are one divider (a cell's two sides drawn twice)."""
    if not len(positions):
        return positions
    keep = np.concatenate([[True], np.diff(positions) > within])
    return positions[keep]


def is_signature_line(box: Box, label: str, content: PageContent, caption: str = "") -> bool:
    """Labelled or captioned as a signature, with room to sign. The label and the line's own caption,
    not any text near the box: a date or a comb row under a "Signature" caption has its own label.
    No ruling is required, so that a scan with a text layer qualifies (its lines are pixels; same
    count on the validation forms)."""
    width = content.points_x(box[2] - box[0])
    height = content.points_y(box[3] - box[1])
    roomy = width >= MIN_SIGNATURE_WIDTH_PT and width >= MIN_SIGNATURE_ASPECT * height
    return roomy and (is_signature_caption(label) or is_signature_caption(caption))


def is_signature_box(label: str) -> bool:
    """Does a box the detector calls a signature stay one? Unless the page labels it as another
    field: on the source-held-out validation 67 of the 113 signature fields the detector's class
    made lay on the author's text fields ("Print Name", "Date", "Title", "City"). With this rule
    (refine_corpus.py --only signatures, held out / val) signature fields over other fields fell
    from 102 to 43 / 42 to 19, signature truths written as signatures from 74 to 73 / 34 to 31. A
    box with no label (a scan without a text layer) keeps the detector's word."""
    return not label.strip() or is_signature_caption(label)


def is_signature_caption(text: str) -> bool:
    """Does printed text caption a signature ("Signature of applicant", "SIGN")?"""
    folded = fold(text)
    main = _ASIDE.sub(" ", folded)  # "SIGNATURE OF VETERAN (Do Not Print)": the aside names no other field
    # prose after the caption names no field either ("Officer Signature:, If the applicant is unable
    # to meet the officer at the agreed time and date, ..."); a short caption does ("SIGNATURE: DATE:").
    # Held out (--only signatures): signature truths written as signatures 60 -> 61 of 94, signature
    # fields 173 -> 177 (the 3 more on no widget: parents' and an attorney's signature lines), none
    # more on another field; val unchanged.
    parts = _SENTENCE_END.split(main)
    captions = [part for part in parts if len(part.split()) <= MAX_CAPTION_WORDS]
    if any(_NOT_SIGNATURE.search(part) for part in captions) or _WHEN_OR_WHERE_SIGNED.search(folded):
        return False
    if _NOTARY.match(main):
        return True
    sentences = [(sentence, MAX_CAPTION_WORDS) for sentence in parts]
    sentences.append((main.split(",")[0], MAX_LEAD_WORDS))  # "Witness signature, only required when ..."
    return any(
        len(sentence.split()) <= most and (_SIGNATURE.search(sentence) or _SIGN.search(sentence))
        for sentence, most in sentences
    )


def is_signature_term(text: str) -> bool:
    """Does a name say signature ("Applicant Signature"; not "Sign 1", see _SIGN, nor "Signed on",
    "Signed dd/mm/yyyy", "Localidad_Firma": when or where it was signed)?"""
    folded = fold(text)
    return bool(_SIGNATURE.search(folded)) and not (
        _NOT_SIGNATURE.search(folded) or _WHEN_OR_WHERE_SIGNED.search(folded) or _WHEN_OR_WHERE.search(folded)
    )


def mentions_signature(text: str) -> bool:
    """Does the text hold a signature word (a caption may join it with more text)?"""
    folded = fold(text)
    return bool(_SIGNATURE.search(folded) or _SIGN.search(folded))
