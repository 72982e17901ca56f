"""Synthetic form pages drawn on a PDF page (pdf/drawing.py), with every field's box known exactly.

Real fillable PDFs are few and skewed (US government forms, almost no real
signature fields), so the generator draws the cues a person reads as "type,
tick or sign here" in many styles: underlined blanks, boxed fields, table
grids, comb cells, check boxes and radio circles (drawn and as glyphs),
signature lines in several languages, free-text areas; with distractors that
are *not* fields (rules, filled tables, shaded bars, paragraphs), several fonts
and scripts, one or two columns, and scan-like variants. The layouts the
detector missed on forms from unseen sources (cells captioned inside, questions
ending in a rule, signature lines with markers, row tables: issue 16) are drawn
by synth_ruled.py. Each page depends only on its seed, so a dataset can be
regenerated exactly.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageFilter

from ..fields import FieldClass
from ..geometry import Box, Raster
from ..pdf.drawing import Sheet, glyph_ink
from .synth_canvas import CJK_FONT, Canvas
from .synth_ruled import block_caption_cells, block_named_rules, block_row_table, block_signature_prompt
from .synth_words import DATE_WORD, LABELS, OPTIONS, QUESTIONS, SIGNATURE_LABELS, TITLES
from .widget_labels import Label

if TYPE_CHECKING:
    import pymupdf

@dataclass
class SynthPage:
    image: np.ndarray  # H x W uint8 greyscale, longer side = imgsz
    labels: list[Label]


# --- blocks: each draws into [x0, x1] from y and returns the new y --------------------------

def _block_underlines(c: Canvas, x0: float, x1: float, y: float) -> float:
    """Rows of 'Label: ______' or blanks with the label printed under the line."""
    rng = c.rng
    per_row = rng.choice([1, 1, 2, 2, 3, 4])
    label_below = rng.random() < 0.35
    height = c.size * rng.uniform(1.4, 2.2)
    for _ in range(rng.randint(1, 4)):
        gap = rng.uniform(8, 20)
        span = (x1 - x0 - gap * (per_row - 1)) / per_row
        line_y = y + height
        for i in range(per_row):
            cx0 = x0 + i * (span + gap)
            label = c.pick(LABELS) + ("" if label_below else rng.choice([":", ":", "", " "]))
            if label_below:
                fx0 = cx0
                c.text(cx0, line_y + c.size * 1.1, label, size=c.size * 0.85)
            else:
                fx0 = cx0 + c.width_of(label) + rng.uniform(2, 6)
            if span - (fx0 - cx0) < 20:
                continue
            if rng.random() < 0.1 and not label_below:  # underscores typed as text, as Word forms do
                n = max(3, int((cx0 + span - fx0) / c.width_of("_")))
                c.text(fx0, line_y, "_" * n)
                fx1 = fx0 + c.width_of("_" * n)
            else:
                fx1 = cx0 + span
                c.line(fx0, line_y + 1, fx1, line_y + 1)
            if not label_below:
                c.text(cx0, line_y - 1, label)
            c.field(FieldClass.text, (fx0, line_y - height * 0.9, fx1, line_y + 0.5))
        y = line_y + (c.size * 1.6 if label_below else c.size * 0.8)
    return y


def _block_boxes(c: Canvas, x0: float, x1: float, y: float) -> float:
    """A grid of ruled boxes, each with a small caption inside or above."""
    rng = c.rng
    cols = rng.choice([1, 2, 2, 3, 3, 4])
    height = c.size * rng.uniform(2.2, 3.4)
    caption_inside = rng.random() < 0.6
    for _ in range(rng.randint(1, 4)):
        cuts = sorted(rng.uniform(0.15, 0.85) for _ in range(cols - 1))
        edges = [x0] + [x0 + (x1 - x0) * t for t in cuts] + [x1]
        top = y if caption_inside else y + c.size * 1.2
        for a, b in zip(edges, edges[1:]):
            c.rect((a, top, b, top + height))
            caption = c.pick(LABELS)
            small = c.size * 0.8
            if caption_inside:
                c.text(a + 2, top + small + 1, caption, size=small)
                c.field(FieldClass.text, (a + 1, top + small + 2.5, b - 1, top + height - 1))
            else:
                c.text(a, top - 2, caption, size=small)
                c.field(FieldClass.text, (a + 1, top + 1, b - 1, top + height - 1))
        y = top + height + (0 if rng.random() < 0.5 else c.size * 0.6)
    return y + c.size * 0.5


def _block_table(c: Canvas, x0: float, x1: float, y: float) -> float:
    """A table with a header row; empty cells are fields, filled cells are not."""
    rng = c.rng
    cols = rng.randint(2, 6)
    rows = rng.randint(2, 7)
    row_h = c.size * rng.uniform(1.6, 2.4)
    cuts = sorted(rng.uniform(0.1, 0.9) for _ in range(cols - 1))
    edges = [x0] + [x0 + (x1 - x0) * t for t in cuts] + [x1]
    shade = c.accent if rng.random() < 0.5 else None
    c.rect((x0, y, x1, y + row_h), fill=shade)
    for a, b in zip(edges, edges[1:]):
        c.text(a + 2, y + row_h * 0.68, c.pick(LABELS)[: max(3, int((b - a) / (c.size * 0.5)))],
               size=c.size * 0.85, bold=True)
    prefilled_rows = rng.randint(0, rows // 2) if rng.random() < 0.3 else 0
    first_col_labels = rng.random() < 0.4
    for r in range(rows):
        top = y + row_h * (r + 1)
        for ci, (a, b) in enumerate(zip(edges, edges[1:])):
            c.rect((a, top, b, top + row_h))
            if r < prefilled_rows or (first_col_labels and ci == 0):
                c.text(a + 2, top + row_h * 0.68, c.sentence(2)[: max(3, int((b - a) / (c.size * 0.5)))])
            else:
                c.field(FieldClass.text, (a + 1, top + 1, b - 1, top + row_h - 1))
    return y + row_h * (rows + 1) + c.size


def _block_comb(c: Canvas, x0: float, x1: float, y: float) -> float:
    """Character cells (SSN, dates, account numbers): one field per run of cells."""
    rng = c.rng
    label = c.pick(LABELS)
    cell = c.size * rng.uniform(1.3, 1.9)
    groups = rng.choice([[3, 2, 4], [2, 2, 4], [9], [10], [6], [4, 4, 4, 4], [1, 8], [5, 4]])
    lx = x0 + c.text(x0, y + cell * 0.75, label + ":") + 6
    for size in groups:
        if lx + size * cell > x1:
            break
        open_top = rng.random() < 0.3  # cells drawn as ticks on a baseline
        for k in range(size):
            if open_top:
                c.line(lx + k * cell, y + cell * 0.55, lx + k * cell, y + cell)
            else:
                c.rect((lx + k * cell, y, lx + (k + 1) * cell, y + cell))
        if open_top:
            c.line(lx, y + cell, lx + size * cell, y + cell)
            c.line(lx + size * cell, y + cell * 0.55, lx + size * cell, y + cell)
        c.field(FieldClass.text, (lx, y, lx + size * cell, y + cell))
        lx += size * cell
        if len(groups) > 1:
            c.text(lx + 2, y + cell * 0.75, "-")
            lx += c.width_of("-") + 4
    return y + cell + c.size


def _draw_choice(c: Canvas, x: float, y: float, side: float, round_: bool, glyph: str) -> Box:
    """Draw one check box or radio circle with its top-left at (x, y), labelled; return its label."""
    if glyph:
        fontname = "zadb" if glyph == "o" else CJK_FONT
        ink = glyph_ink(fontname, glyph)
        size = side / (ink[3] - ink[1])  # font size that makes the ink `side` tall
        origin = (x - ink[0] * size, y - ink[1] * size)
        c.sheet.text(origin, glyph, fontname, size, c.ink)
        box = (x, y, x + (ink[2] - ink[0]) * size, y + side)
        c.field(FieldClass.choice, box)
        return box
    return c.check_box((x, y, x + side, y + side), round_=round_)


def _block_choices(c: Canvas, x0: float, x1: float, y: float) -> float:
    """A question with check boxes or radio circles, in a row or a column."""
    rng = c.rng
    side = rng.uniform(6.5, 12.0)
    round_ = rng.random() < 0.3
    glyph = rng.choice(["", "", "", "", "□", "○" if round_ else "□", "o"])
    box_left = rng.random() < 0.85
    question = c.pick(QUESTIONS)
    c.text(x0, y + c.size, question, bold=rng.random() < 0.4)
    y += c.size * 1.8
    answers = OPTIONS.get(c.lang) or OPTIONS["en"]
    options = rng.sample(answers, k=min(rng.randint(2, 6), len(answers)))
    vertical = rng.random() < 0.4
    x = x0 + rng.uniform(0, 20)
    for option in options:
        w = c.width_of(option)
        if not vertical and x + side + w + 10 > x1:
            x, y = x0 + rng.uniform(0, 20), y + side * 1.8
        if box_left:
            box = _draw_choice(c, x, y, side, round_, glyph)
            c.text(box[2] + 3, y + side * 0.85, option)
        else:
            c.text(x, y + side * 0.85, option)
            box = _draw_choice(c, x + w + 4, y, side, round_, glyph)
        if vertical:
            y += side * rng.uniform(1.5, 2.2)
        else:
            x += side + w + rng.uniform(12, 30)
    return y + (side * 1.8 if not vertical else side * 0.5) + c.size * 0.5


def _block_inline_choices(c: Canvas, x0: float, x1: float, y: float) -> float:
    """Sentences with check boxes set in the running text ("The [] plaintiff [] defendant is ..."),
    often drawn thin and grey: the kind a court form uses and the block layout above never makes."""
    rng = c.rng
    size = c.size
    side = size * rng.uniform(0.75, 1.05)
    grey = rng.choice([None, None, 0.35, 0.5, 0.6])
    width = rng.choice([0.3, 0.5, 0.75])
    options = OPTIONS.get(c.lang) or OPTIONS["en"]
    for _ in range(rng.randint(1, 4)):
        x = x0 + (0 if rng.random() < 0.7 else side + 4)
        # half the lines open with a check box, the others with a few words
        words = [c.sentence(rng.randint(1, 3)).rstrip(".")] if rng.random() < 0.5 else []
        chosen = rng.sample(options, k=min(rng.randint(1, 3), len(options)))
        pieces = words + [piece for option in chosen for piece in ("[]", option)]
        pieces += [c.sentence(rng.randint(3, 10)).lower()]
        for piece in pieces:
            if piece == "[]":
                if x + side > x1:
                    break
                top = y + size - side * rng.uniform(0.9, 1.0)  # on the baseline, as a glyph would sit
                color = (grey, grey, grey) if grey is not None else c.ink
                c.check_box((x, top, x + side, top + side), width=width, color=color)
                x += side + rng.uniform(2, 4)
                continue
            w = c.width_of(piece)
            if x + w > x1:  # the line runs out: cut the words, as a wrap would
                piece = piece[: max(1, int(len(piece) * (x1 - x) / max(w, 1.0)))]
                w = c.width_of(piece)
            if x + w <= x1:
                c.text(x, y + size, piece)
            x += w + rng.uniform(size * 0.6, size * 2.5)
        y += size * rng.uniform(2.0, 3.2)
    return y + size * 0.5


def _block_signature(c: Canvas, x0: float, x1: float, y: float) -> float:
    """A signature line (label below or to the left), often with a date field beside it."""
    rng = c.rng
    label = c.pick(SIGNATURE_LABELS)
    # Real signature fields are often no taller than a text field: only the caption tells them apart.
    height = c.size * rng.uniform(1.4, 3.6)
    line_y = y + height
    with_date = rng.random() < 0.6
    split = x0 + (x1 - x0) * rng.uniform(0.55, 0.72) if with_date else x1
    if rng.random() < 0.5:  # label under the line
        sx0 = x0
        c.text(sx0, line_y + c.size * 1.15, label, size=c.size * 0.9)
    else:
        c.text(x0, line_y - 1, label + rng.choice([":", "", " X"]), bold=rng.random() < 0.3)
        sx0 = x0 + c.width_of(label + ":  X") + 4
    if rng.random() < 0.15:
        c.text(sx0, line_y - 2, "X", size=c.size * 1.4, bold=True)
    c.line(sx0, line_y, split - 10, line_y)
    c.field(FieldClass.signature, (sx0, line_y - height * 0.95, split - 10, line_y + 0.5))
    if with_date:
        date = DATE_WORD.get(c.lang, "Date")
        c.line(split, line_y, x1, line_y)
        c.text(split, line_y + c.size * 1.15, date, size=c.size * 0.9)
        c.field(FieldClass.text, (split, line_y - c.size * 1.8, x1, line_y + 0.5))
    return line_y + c.size * 2.5


def _block_signature_box(c: Canvas, x0: float, x1: float, y: float) -> float:
    """A boxed signature area with a caption."""
    rng = c.rng
    height = c.size * rng.uniform(3.0, 5.0)
    right = x0 + (x1 - x0) * rng.uniform(0.5, 1.0)
    c.rect((x0, y, right, y + height))
    caption = c.pick(SIGNATURE_LABELS)
    c.text(x0 + 2, y + c.size, caption, size=c.size * 0.85)
    c.field(FieldClass.signature, (x0 + 1, y + c.size * 1.3, right - 1, y + height - 1))
    return y + height + c.size


def _block_textarea(c: Canvas, x0: float, x1: float, y: float) -> float:
    """A captioned free-text area, boxed or ruled with several lines."""
    rng = c.rng
    c.text(x0, y + c.size, c.pick(LABELS) + rng.choice([":", "", " (explain)"]), bold=rng.random() < 0.5)
    y += c.size * 1.5
    if rng.random() < 0.5:
        height = c.size * rng.uniform(4, 10)
        c.rect((x0, y, x1, y + height))
        c.field(FieldClass.text, (x0 + 1, y + 1, x1 - 1, y + height - 1))
        return y + height + c.size
    step = c.size * rng.uniform(1.6, 2.2)
    for _ in range(rng.randint(2, 5)):
        y += step
        c.line(x0, y, x1, y)
        c.field(FieldClass.text, (x0, y - step * 0.85, x1, y + 0.5))
    return y + c.size


def _block_paragraph(c: Canvas, x0: float, x1: float, y: float) -> float:
    """Instructions: text that is not a field (a distractor)."""
    rng = c.rng
    size = c.size * rng.uniform(0.8, 1.0)
    for _ in range(rng.randint(2, 7)):
        words, x = rng.randint(6, 18), x0
        line = c.sentence(words)
        while c.width_of(line, size) > x1 - x0 and len(line) > 10:
            line = line[: int(len(line) * 0.85)]
        c.text(x, y + size, line, size=size)
        y += size * 1.3
    return y + c.size * 0.6


def _block_section(c: Canvas, x0: float, x1: float, y: float) -> float:
    """A section heading: shaded bar, ruled line or bold text (a distractor)."""
    rng = c.rng
    title = f"{rng.choice(['Part', 'Section', 'Step', ''])} {rng.randint(1, 9)} {c.pick(QUESTIONS)}".strip()
    style = rng.random()
    h = c.size * 1.8
    if style < 0.4:
        dark = rng.random() < 0.5
        c.rect((x0, y, x1, y + h), fill=(0.15, 0.15, 0.15) if dark else c.accent, color=None, width=0)
        c.text(x0 + 4, y + h * 0.7, title, bold=True, color=(1, 1, 1) if dark else c.ink)
    elif style < 0.7:
        c.text(x0, y + h * 0.7, title, bold=True)
        c.line(x0, y + h, x1, y + h, width=rng.choice([1.0, 2.0, 3.0]))
    else:
        c.text(x0, y + h * 0.7, title, bold=True, size=c.size * 1.2)
    return y + h + c.size * 0.6


BLOCKS = (
    (_block_underlines, 18), (_block_boxes, 12), (_block_table, 8), (_block_comb, 5), (_block_choices, 16),
    (_block_inline_choices, 5), (_block_signature, 9), (_block_signature_box, 3), (_block_textarea, 6),
    (_block_paragraph, 12), (_block_section, 11),
    (block_caption_cells, 12), (block_named_rules, 8), (block_signature_prompt, 7), (block_row_table, 7),
)
# German, Austrian, Swiss and Polish forms print whole sections of captioned cells: on their pages
# that block is drawn this many times more often.
CELL_LANGUAGES, CELL_BOOST = {"de", "pl"}, 3


def _block_weights(lang: str) -> list[float]:
    return [weight * (CELL_BOOST if block is block_caption_cells and lang in CELL_LANGUAGES else 1)
            for block, weight in BLOCKS]


def draw_form(seed: int) -> tuple[pymupdf.Document, list[tuple[FieldClass, Box]]]:
    """Draw one synthetic form page; return it (a one-page PDF) and its fields in points (top-left origin)."""
    sheet, fields = _draw(seed)
    return sheet.doc, fields


def _draw(seed: int) -> tuple[Sheet, list[tuple[FieldClass, Box]]]:
    rng = random.Random(seed)
    c = Canvas(rng)
    margin = rng.uniform(28, 60)
    x0, x1 = margin, c.width - margin
    y = margin
    # header
    title = c.pick(TITLES)
    tsize = c.size * rng.uniform(1.5, 2.3)
    if rng.random() < 0.5:
        c.text(x0, y + tsize, title, size=tsize, bold=True)
    else:
        c.text((c.width - c.width_of(title, tsize, bold=True)) / 2, y + tsize, title, size=tsize, bold=True)
    if rng.random() < 0.5:
        c.text(x1 - 80, y + c.size, f"Form {rng.randint(100, 9999)}-{rng.choice('ABCDEFGH')}", size=c.size * 0.9)
    if rng.random() < 0.3:
        c.rect((x0, y + tsize + 4, x1, y + tsize + 5.5), fill=c.ink, width=0)
    y += tsize * 1.8
    bottom = c.height - margin - 20
    blocks, weights = [block for block, _ in BLOCKS], _block_weights(c.lang)
    two_columns = rng.random() < 0.3
    while y < bottom - 40:
        if two_columns and rng.random() < 0.7:
            mid = (x0 + x1) / 2
            ya = rng.choices(blocks, weights)[0](c, x0, mid - 10, y)
            yb = rng.choices(blocks, weights)[0](c, mid + 10, x1, y)
            y_next = max(ya, yb)
        else:
            y_next = rng.choices(blocks, weights)[0](c, x0, x1, y)
        y = y_next + rng.uniform(2, 14)
    # footer
    c.text(x0, c.height - margin * 0.6, f"{c.sentence(3)}  Page {rng.randint(1, 4)}", size=c.size * 0.75)
    # The last block may run past the bottom edge: keep only fields wholly on the page.
    fields = [(cls, b) for cls, b in c.fields if b[3] <= c.height - 2 and b[2] <= c.width - 2]
    return c.sheet, fields


def synth_page(seed: int, imgsz: int = 1216, scan_probability: float = 0.25) -> SynthPage:
    """Render one synthetic page as the detector would see it, with its labels."""
    sheet, fields = _draw(seed)
    width, height = sheet.size
    gray = np.asarray(Image.fromarray(sheet.render(imgsz)).convert("L"))
    sheet.close()
    labels = [Label(cls, Raster(width, height).to_fractions(b)) for cls, b in fields]  # a page in points
    rng = random.Random(seed ^ 0x5CA7)
    if rng.random() < scan_probability:
        gray, labels = _scan_like(gray, labels, rng)
    return SynthPage(gray, labels)


def _scan_like(gray: np.ndarray, labels: list[Label], rng: random.Random):
    """Make a page look scanned: slight skew, blur, grey paper, noise, JPEG."""
    image = Image.fromarray(gray)
    height, width = gray.shape
    paper = rng.randint(200, 250)
    angle = rng.uniform(-1.2, 1.2)
    if abs(angle) > 0.2:
        image = image.rotate(angle, resample=Image.BILINEAR, fillcolor=255)
        labels = [Label(l.cls, _rotate_box(l.bbox, angle, width, height)) for l in labels]
    if rng.random() < 0.6:
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.1)))
    array = np.asarray(image).astype(np.float32) * (paper / 255.0)
    array += np.random.default_rng(rng.randint(0, 2**31)).normal(0, rng.uniform(2, 10), array.shape)
    image = Image.fromarray(np.clip(array, 0, 255).astype(np.uint8))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=rng.randint(30, 80))
    return np.asarray(Image.open(buffer).convert("L")), labels


def _rotate_box(box: Box, angle: float, width: int, height: int) -> Box:
    """The axis-aligned box of a box turned by PIL's rotate (counter-clockwise, about the centre)."""
    theta = np.deg2rad(angle)
    cx, cy = width / 2, height / 2
    raster = Raster(width, height)
    x0, y0, x1, y1 = raster.to_pixels(box)
    xs = np.array([x0, x1, x1, x0]) - cx
    ys = np.array([y0, y0, y1, y1]) - cy
    # image y points down, so a counter-clockwise turn on screen is clockwise in these axes
    rx = xs * np.cos(theta) + ys * np.sin(theta) + cx
    ry = -xs * np.sin(theta) + ys * np.cos(theta) + cy
    x0, y0, x1, y1 = raster.to_fractions((rx.min(), ry.min(), rx.max(), ry.max()))
    return (float(max(0, x0)), float(max(0, y0)), float(min(1, x1)), float(min(1, y1)))


def build_synthetic(out_dir, count: int, seed: int = 0, imgsz: int = 1216, jobs: int = 0, first: int = 0) -> dict:
    """Write ``count`` synthetic pages to ``out_dir/{images,labels}/train`` (YOLO format).

    Page ``i`` uses seed ``seed * 1_000_003 + i``: the same arguments give the
    same files, and ``first`` lets several machines share one numbering.
    """
    from concurrent.futures import ProcessPoolExecutor
    from pathlib import Path

    from .build import write_data_yaml

    out_dir = Path(out_dir)
    (out_dir / "images" / "train").mkdir(parents=True, exist_ok=True)
    (out_dir / "labels" / "train").mkdir(parents=True, exist_ok=True)
    indices = range(first, first + count)
    with ProcessPoolExecutor(max_workers=jobs or None) as pool:
        totals = list(pool.map(_write_synth_page, [(out_dir, seed * 1_000_003 + i, i, imgsz) for i in indices],
                               chunksize=8))
    write_data_yaml(out_dir)
    fields = {cls.value: sum(t.get(cls.value, 0) for t in totals) for cls in FieldClass}
    return {"pages": count, "fields": fields}


def _write_synth_page(job) -> dict:
    from .build import save_gray_image, write_yolo_labels

    out_dir, page_seed, index, imgsz = job
    page = synth_page(page_seed, imgsz)
    name = f"synth_{index:06d}"
    save_gray_image(page.image, out_dir / "images" / "train" / f"{name}.png")
    write_yolo_labels(out_dir / "labels" / "train" / f"{name}.txt", page.labels)
    counts: dict = {}
    for label in page.labels:
        counts[label.cls.value] = counts.get(label.cls.value, 0) + 1
    return counts
