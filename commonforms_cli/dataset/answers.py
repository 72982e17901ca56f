"""Answers drawn into a rendered form page: typed and handwriting-like text, ticks, signatures.

People also hand the tool forms that already carry answers (an office's copy with its address
typed in, a form filled by hand and scanned). Training pages are rendered with their widgets,
and so their values, hidden: a model that only sees them learns "a field is a blank box" and
finds no field that holds text. ``draw_answers`` draws plausible answers at labelled boxes so that
training and validation pages can show filled forms with the same labels. It works on pixels
alone, so that training images can be filled where their PDFs are not (the GPU machine).
"""

from __future__ import annotations

import functools
import io
import math
import random
import string
from typing import Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..fields import FieldClass
from ..geometry import Box, Raster
from ..pdf.render import builtin_font

POINTS_PER_LONG_SIDE = 800.0  # a letter or A4 page's longer side, about: pixels per point from the image alone
FILL_SHARE = {FieldClass.text: 0.8, FieldClass.choice: 0.5, FieldClass.signature: 0.6}
HANDWRITTEN_SHARE = 0.35  # pages filled by hand rather than typed
TYPED_FONTS = ("helv", "tiro", "cour")  # MuPDF's built-in fonts: present wherever PyMuPDF is
HAND_FONTS = ("tiit", "helv", "hebo")  # slanted and jittered below, to look written

FIRST = ("James Maria Robert Linda Ahmed Sofia Wei Olga Jean Carlos Anna Lukas Fatima Pierre Giulia "
         "Hannah Mohammed Emily Juan Chloe Nguyen Aisha Peter Marta Kenji Laura").split()
LAST = ("Smith Garcia Johnson Müller Nguyen Rossi Dubois Kowalski Brown Schmidt Martinez Okafor Lee "
        "Fernández Novak Wilson Schneider Moreau Silva Jones Taylor Andersen Kim Patel").split()
STREETS = ("Main St Oak Avenue Hauptstraße Rue de la Paix Calle Mayor Elm Street Via Roma High Street "
           "Maple Dr Lindenweg Park Road").split(" ")
CITIES = ("Springfield, IL 62701|Berlin|Lyon 69002|Madrid 28013|Austin, TX 78701|Manchester M1 2AB|"
          "Toronto, ON|Sydney NSW 2000|Detroit, MI 48226|Wien 1010|Roma|Sacramento, CA 95814").split("|")
WORDS = ("yes no n/a unemployed teacher retired student self employed none see attached married single "
         "rent mortgage monthly weekly cash other pending approved unknown daughter son spouse").split()


def draw_answers(gray: np.ndarray, labels: Sequence[tuple[FieldClass, Box]], rng: random.Random) -> np.ndarray:
    """A copy of the greyscale page ``gray`` with answers drawn at some of the ``labels``
    (display fractions): text in the boxes of text fields, ticks in some check boxes, a scribble
    on some signature fields; the others stay empty, as on a real filled form."""
    raster = Raster.of(gray)
    scale = max(gray.shape) / POINTS_PER_LONG_SIDE
    hand = rng.random() < HANDWRITTEN_SHARE
    pen = _Pen(rng, hand, scale)
    for cls, box in labels:
        if rng.random() >= FILL_SHARE[cls]:
            continue
        pixels = raster.to_pixels(box)
        if pixels[2] - pixels[0] < 3 or pixels[3] - pixels[1] < 3:
            continue
        if cls is FieldClass.text:
            pen.text(pixels)
        elif cls is FieldClass.choice:
            pen.tick(pixels)
        else:
            pen.signature(pixels)
    return pen.apply(gray)


class _Pen:
    """One person's answers on one page: a typewriter or a hand, one ink."""

    def __init__(self, rng: random.Random, hand: bool, scale: float):
        self.rng, self.hand, self.scale = rng, hand, scale
        self.font = rng.choice(HAND_FONTS if hand else TYPED_FONTS)
        self.size_pt = rng.uniform(10, 14) if hand else rng.uniform(8, 11)
        self.ink = rng.randint(25, 110) if hand else rng.randint(0, 60)
        self.slant = rng.uniform(-0.05, 0.3) if hand else 0.0
        self.layers: list[tuple[tuple[int, int], Image.Image]] = []  # (top-left, alpha) stamps

    # --- text fields ------------------------------------------------------------------------
    def text(self, box: tuple[float, float, float, float]) -> None:
        x0, y0, x1, y1 = box
        box_w, box_h = x1 - x0, y1 - y0
        size = max(5.0, min(self.size_pt * self.scale, 0.8 * box_h))
        line_step = size * 1.35
        lines = 1 if box_h < 2.4 * line_step else min(8, int(box_h / line_step))
        if lines > 1:
            lines = self.rng.randint(1, lines)
        max_chars = max(1, int(box_w / (0.55 * size)) - 1)
        texts = [self._value(max_chars) for _ in range(lines)]
        stamp = self._stamp_text(texts, size, line_step)
        if stamp.width > box_w * 1.05:  # too long for the box: shrink, as a person writes smaller
            ratio = box_w / stamp.width
            stamp = stamp.resize((max(1, int(stamp.width * ratio)), max(1, int(stamp.height * ratio))))
        pad = self.rng.uniform(0.5, 3.0) * self.scale
        if self.rng.random() < 0.12:  # centred
            left = x0 + (box_w - stamp.width) / 2
        else:
            left = x0 + pad
        if lines == 1:  # the baseline near the bottom, as on a rule; by hand, now and then off it
            top = y1 - stamp.height - self.rng.uniform(0.05, 0.2) * box_h
            if self.hand:
                top += self.rng.uniform(-0.25, 0.2) * box_h
        else:
            top = y0 + pad
        self.layers.append(((int(left), int(top)), stamp))

    def _stamp_text(self, texts: list[str], size: float, line_step: float) -> Image.Image:
        font = _font(self.font, int(round(size)))
        width = int(max(font.getlength(t) for t in texts) + size * 2)
        height = int(line_step * (len(texts) - 1) + size * 1.6)
        stamp = Image.new("L", (width, height), 0)
        draw = ImageDraw.Draw(stamp)
        for i, text in enumerate(texts):
            x = size * 0.2 + (self.rng.uniform(-0.1, 0.3) * size if self.hand else 0)
            draw.text((x, i * line_step + size * 0.1), text, fill=255, font=font,
                      stroke_width=1 if self.hand and size > 16 and self.rng.random() < 0.5 else 0)
        if self.hand:
            angle = self.rng.uniform(-2.0, 2.0)
            stamp = stamp.transform(stamp.size, Image.AFFINE, (1, self.slant, -self.slant * height / 2, 0, 1, 0),
                                    resample=Image.BILINEAR).rotate(angle, resample=Image.BILINEAR, expand=True)
        bbox = stamp.getbbox()
        return stamp.crop(bbox) if bbox else stamp

    def _value(self, max_chars: int) -> str:
        rng = self.rng
        makers = [_name, _date, _amount, _number, _phone, _email, _address, _city, _words]
        for _ in range(6):
            text = rng.choice(makers)(rng)
            if len(text) <= max_chars:
                return text
        if max_chars <= 3:
            return rng.choice([str(rng.randint(0, 99)), rng.choice(string.ascii_uppercase), "X", "12"])[:max_chars]
        return text[: max_chars].rstrip()

    # --- check boxes ------------------------------------------------------------------------
    def tick(self, box: tuple[float, float, float, float]) -> None:
        x0, y0, x1, y1 = box
        side = min(x1 - x0, y1 - y0)
        grow = self.rng.uniform(0.0, 0.35) * side if self.hand else 0.0
        size = int(side + 2 * grow) + 2
        stamp = Image.new("L", (size, size), 0)
        draw = ImageDraw.Draw(stamp)
        stroke = max(1, int(round(side * self.rng.uniform(0.08, 0.16))))
        inset = self.rng.uniform(0.12, 0.28) * size if not self.hand else self.rng.uniform(0.0, 0.2) * size
        a, b = inset, size - inset
        style = self.rng.choice(("x", "check", "fill") if not self.hand else ("x", "check", "check"))
        if style == "x":
            draw.line([(a, a), (b, b)], fill=255, width=stroke)
            draw.line([(a, b), (b, a)], fill=255, width=stroke)
        elif style == "check":
            draw.line([(a, size * 0.55), (size * 0.42, b), (b + grow * 0.5, a - grow * 0.5)], fill=255,
                      width=stroke, joint="curve")
        else:
            draw.rectangle([a, a, b, b], fill=255)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        jitter = 0.1 * side if self.hand else 0.0
        left = cx - size / 2 + self.rng.uniform(-jitter, jitter)
        top = cy - size / 2 + self.rng.uniform(-jitter, jitter)
        self.layers.append(((int(left), int(top)), stamp))

    # --- signatures -------------------------------------------------------------------------
    def signature(self, box: tuple[float, float, float, float]) -> None:
        """A scribble: a few loops drawn along the box's lower half, as wide as a name."""
        x0, y0, x1, y1 = box
        box_w, box_h = x1 - x0, y1 - y0
        rng = self.rng
        width = box_w * rng.uniform(0.3, 0.8)
        height = min(box_h * rng.uniform(0.5, 1.1), width / 2.5, 40 * self.scale)
        steps = max(20, int(width))
        freqs = [rng.uniform(3, 9) * math.tau / width for _ in range(3)]
        phases = [rng.uniform(0, math.tau) for _ in range(3)]
        points = []
        for i in range(steps):
            x = width * i / (steps - 1)
            y = sum(math.sin(f * x + p) / (k + 1) for k, (f, p) in enumerate(zip(freqs, phases)))
            loop = math.sin(freqs[0] * 2.1 * x) * 0.25 * width / steps * 6
            points.append((x + loop + 2, height / 2 + y * height / 3.5 + 2))
        stamp = Image.new("L", (int(width + 8), int(height + 8)), 0)
        ImageDraw.Draw(stamp).line(points, fill=255, width=max(1, int(round(self.scale * rng.uniform(0.6, 1.4)))),
                                   joint="curve")
        left = x0 + rng.uniform(0.02, 0.2) * box_w
        top = y1 - height - rng.uniform(0.0, 0.35) * box_h
        self.layers.append(((int(left), int(top)), stamp))

    def apply(self, gray: np.ndarray) -> np.ndarray:
        height, width = gray.shape
        alpha = np.zeros((height, width), dtype=np.uint8)
        for (left, top), stamp in self.layers:
            ink = np.asarray(stamp)
            x0, y0 = max(0, left), max(0, top)
            x1, y1 = min(width, left + ink.shape[1]), min(height, top + ink.shape[0])
            if x1 > x0 and y1 > y0:
                part = ink[y0 - top : y1 - top, x0 - left : x1 - left]
                alpha[y0:y1, x0:x1] = np.maximum(alpha[y0:y1, x0:x1], part)
        a = alpha.astype(np.float32) / 255.0
        out = gray.astype(np.float32) * (1.0 - a) + np.minimum(gray, self.ink).astype(np.float32) * a
        return np.clip(out + 0.5, 0, 255).astype(np.uint8)


@functools.lru_cache(maxsize=64)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(io.BytesIO(_font_file(name)), max(4, size))


@functools.lru_cache(maxsize=8)
def _font_file(name: str) -> bytes:
    return builtin_font(name)


# --- values -----------------------------------------------------------------------------------
def _name(rng):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return rng.choice([f"{first} {last}", f"{last}, {first}", f"{first[0]}. {last}", f"{first} {last}".upper()])


def _date(rng):
    d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1940, 2026)
    return rng.choice([f"{m:02d}/{d:02d}/{y}", f"{d:02d}.{m:02d}.{y}", f"{y}-{m:02d}-{d:02d}", f"{d}/{m}/{y % 100:02d}"])


def _amount(rng):
    value = rng.choice([rng.randint(1, 99), rng.randint(100, 9999), rng.randint(10000, 250000)])
    cents = rng.randint(0, 99)
    return rng.choice([f"${value:,}.{cents:02d}", f"{value:,}.{cents:02d}", f"{value} €", f"{value},{cents:02d}",
                       str(value)])


def _number(rng):
    return rng.choice([str(rng.randint(0, 99)), str(rng.randint(100, 99999)),
                       f"{rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
                       "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(rng.randint(5, 10)))])


def _phone(rng):
    return rng.choice([f"({rng.randint(200, 999)}) {rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
                       f"+49 {rng.randint(30, 899)} {rng.randint(100000, 9999999)}",
                       f"0{rng.randint(1, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"])


def _email(rng):
    return f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower()}@{rng.choice(['mail.com', 'web.de', 'gmx.net', 'example.org'])}"


def _address(rng):
    return f"{rng.randint(1, 999)} {rng.choice(STREETS)}"


def _city(rng):
    return rng.choice(CITIES)


def _words(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6))).capitalize()
