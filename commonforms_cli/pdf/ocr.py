"""The words of a scanned page, read by OCR: a scan has no text layer, so without this its fields
get no labels, names or tooltips.

The OCR engine is RapidOCR (PP-OCR models on onnxruntime, bundled in its wheel: nothing is
downloaded), installed with the optional extra ``commonforms[ocr]``. Without it, scanned pages
keep numbered names and the pipeline says so once per document. Only pages that look scanned are
read (a picture over most of the page, or text drawn as outlines, and almost no text layer): OCR
costs seconds a page.
"""

from __future__ import annotations

import functools
import re
from typing import Any, NamedTuple

import pymupdf

from ..geometry import Box
from .picture_rules import MIN_PICTURE_SHARE, picture_share
from .render import render_page

# A page is scanned when it is a picture (picture_rules.MIN_PICTURE_SHARE) and its text layer has
# fewer phrases than this (a typed header or page number over a scan).
MAX_TEXT_PHRASES = 10
# A page of so many vector paths and no text has its words drawn as outlines (a glyph is a path;
# the corpus's one such form draws 630; forms with a text layer draw their rules in far fewer).
MIN_OUTLINE_PATHS = 200
# The longer side, in pixels, of the rendering read: 8-point captions of a letter page are about
# 17 pixels tall, which the recogniser reads. Lines are found on the rendering shrunk to
# OCR_FIND_SIDE: half the memory (finding lines takes 265 MiB, against 510 at 1600) and as good on
# the corpus's scanned validation pages (tooltip word F1 .639 against .640; .518 at 736). Lines are
# recognised one at a time: a batch pads every line to the longest, and on a passport form's two
# pages (201 lines) batches of 6 (RapidOCR's default) peaked at 810-960 MiB and took 7.7-7.9 s,
# one at a time 390-405 MiB and 7.1-7.2 s.
OCR_LONG_SIDE = 1600
OCR_FIND_SIDE = 960
# Words read with less confidence than this are noise (a stamp, a smudge, a signature).
MIN_WORD_SCORE = 0.5
# A printed radio circle or square read as a letter in front of its option's label ("OYes ONo",
# "口Married"): the glyph and the label's capitalised word after it.
_CIRCLE_MISREAD = re.compile(r"^[OoÓÒÔ0](?=[A-Z][a-z])")
_SQUARE_MISREAD = re.compile(r"^口")  # "□" itself is a box glyph already (page_content.py)
CIRCLE_GLYPH, SQUARE_GLYPH = "○", "☐"
# A text layer whose fonts map glyphs to the wrong letters ("%ameN" for "Name:", "F)ast(" for
# "(Last,"): at least this share of its words (of three letters or more) look so. On the corpus's
# pages only two forms' do (.17 to .37 of their words); the most of any other page is .11 (a
# programming manual's "shadowOffsetX").
MIN_GARBLED_SHARE = 0.15
_GARBLED_WORD = re.compile(
    r"[a-z][A-Z]$"  # a capital after small letters at the word's end: "MiddleY", "%ameN"
    r"|[A-Za-z](?:[#%)\]\[{}]|\((?![a-z]{1,3}\)))[A-Za-z]"  # inside a word: "F)ast" (not "Name(s)")
    r"|[a-z]\d[a-z]"  # a digit between small letters: "vi8ing"
    r"|^[%#)][A-Za-z]|[a-z]\($"  # a word led by % # ) or ending in "(": "#ontact", "Pirst("
)


class OcrWord(NamedTuple):
    text: str
    bbox: Box  # display fractions


def ocr_available() -> bool:
    """Whether the optional OCR engine is installed."""
    return _engine_class() is not None


def needs_ocr(page: pymupdf.Page, text_phrases: int) -> bool:
    """Words printed but (almost) none in the text layer: a scan (pictures cover most of the page),
    or text drawn as outlines (many vector paths, no text). A page with a typed header or page
    number over a scan still counts; a page drawing nothing does not."""
    if text_phrases >= MAX_TEXT_PHRASES or abs(page.rect) <= 0:
        return False
    return picture_share(page) >= MIN_PICTURE_SHARE or len(page.get_cdrawings()) >= MIN_OUTLINE_PATHS


def garbled(texts: list[str]) -> bool:
    """Does the text layer say other letters than the page prints (a font whose glyphs map to the
    wrong characters)? Then OCR reads the page instead."""
    words = [word for text in texts for word in text.split() if sum(c.isalpha() for c in word) >= 3]
    return bool(words) and sum(bool(_GARBLED_WORD.search(w)) for w in words) >= MIN_GARBLED_SHARE * len(words)


def read_lines(page: pymupdf.Page, threads: int | None = None) -> list[list[OcrWord]]:
    """The lines of words OCR reads on ``page`` as displayed (without annotations), top to bottom;
    [] where the engine is not installed. ``threads``: onnxruntime's (None: its default)."""
    if not ocr_available():
        return []
    engine = _engine(threads)
    image = render_page(page, OCR_LONG_SIDE)
    height, width = image.shape[:2]
    result = engine(image, return_word_box=True)
    if not result.txts:  # nothing read: its word results are then one placeholder, not lines of words
        return []
    lines = []
    for line in result.word_results or ():
        words = []
        for text, score, points in line:
            text = text.strip()
            if not text or score < MIN_WORD_SCORE:
                continue
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            bbox = (min(xs) / width, min(ys) / height, max(xs) / width, max(ys) / height)
            words.append(OcrWord(_box_glyphs(text), bbox))
        if words:
            lines.append(words)
    return lines


def _box_glyphs(text: str) -> str:
    """A printed circle or square read as a letter becomes the glyph it is, so that the page's
    reading treats it as a box and not as part of the option's label."""
    return _SQUARE_MISREAD.sub(SQUARE_GLYPH, _CIRCLE_MISREAD.sub(CIRCLE_GLYPH, text))


@functools.cache
def _engine_class() -> Any:
    try:
        from rapidocr import RapidOCR
    except ImportError:
        return None
    return RapidOCR


@functools.cache
def _engine(threads: int | None) -> Any:
    """One engine per process and thread count (loading takes a moment). Upright text only (a
    rotated page is rendered upright by its /Rotate); the quiet log keeps the CLI's output what the
    user asked for."""
    return _engine_class()(params={
        "Global.use_cls": False, "Global.log_level": "error",
        "Det.limit_type": "max", "Det.limit_side_len": OCR_FIND_SIDE, "Rec.rec_batch_num": 1,
        "EngineConfig.onnxruntime.intra_op_num_threads": threads or -1,
    })
