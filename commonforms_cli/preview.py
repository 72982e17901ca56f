"""Pictures of what would be written: each page with its fields drawn on it.

What a person looks at before trusting a batch or an edited fields JSON: the
page as the detector sees it, every field outlined in its class's colour and
labelled with its name and score.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .errors import OutputFileError
from .fields import FieldClass
from .fields_json import FieldsSource, read_fields
from .geometry import Box, Raster
from .options import Options
from .output_files import check_output_folder, write_atomically
from .pdf import Source, open_pdf, page_geometry, render_page
from .pipeline import detect_fields

DEFAULT_SIZE = 1600  # longer side of a preview, in pixels
COLOURS = {
    FieldClass.text: (37, 99, 235),  # blue
    FieldClass.choice: (22, 163, 74),  # green
    FieldClass.signature: (219, 39, 119),  # magenta
}
FILL_ALPHA = 48


@dataclass(frozen=True)
class Mark:
    """One field as drawn: its class picks the colour."""

    cls: FieldClass
    bbox: Box  # display fractions
    label: str


def preview_form(
    input: Source,
    out_dir: str | Path,
    options: Options | None = None,
    *,
    fields: FieldsSource | None = None,
    size: int = DEFAULT_SIZE,
    **changes,
) -> list[Path]:
    """Write ``<name>-page<N>.png`` for each page of ``input`` into ``out_dir``, with the fields
    detected (or those of a ``fields`` JSON) drawn; returns the files written."""
    options = (options or Options()).with_changes(**changes)
    out_dir = check_output_folder(out_dir)  # made once the PDF is open: nothing is left for a bad input
    marks = _marks(input, options, fields)
    stem = "stdin" if isinstance(input, (bytes, bytearray)) else Path(input).stem
    written = []
    with open_pdf(input, options.password) as doc:
        digits = len(str(doc.page_count))
        _make_folder(out_dir)
        for page in doc:
            image = Image.fromarray(render_page(page, size))
            path = out_dir / f"{stem}-page{page.number + 1:0{digits}d}.png"
            marked = draw_marks(image, marks.get(page.number, []))
            write_atomically(path, lambda temporary: marked.save(temporary, format="PNG"))
            written.append(path)
    return written


def draw_marks(image: Image.Image, marks: list[Mark]) -> Image.Image:
    """The page with each mark as a tinted box and a label above it (inside when at the top edge)."""
    raster = Raster(*image.size)
    line = max(2, round(max(image.size) / 800))
    font = ImageFont.load_default(size=max(10, round(max(image.size) / 110)))
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for mark in marks:
        colour = COLOURS[mark.cls]
        box = raster.to_pixels(mark.bbox)
        draw.rectangle(box, fill=colour + (FILL_ALPHA,), outline=colour + (255,), width=line)
        left, top, right, bottom = draw.textbbox((0, 0), mark.label, font=font)
        text_w, text_h = right - left + 2 * line, bottom - top + 2 * line
        y = box[1] - text_h if box[1] >= text_h else box[1]
        draw.rectangle((box[0], y, box[0] + text_w, y + text_h), fill=colour + (220,))
        draw.text((box[0] + line - left, y + line - top), mark.label, font=font, fill=(255, 255, 255, 255))
    return Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")


def _marks(input: Source, options: Options, fields: FieldsSource | None) -> dict[int, list[Mark]]:
    """Marks by page: the fields ``prepare`` would write, or those of the JSON."""
    marks: dict[int, list[Mark]] = {}
    if fields is None:
        for page in detect_fields(input, options).pages:
            marks[page.index] = [Mark(r.cls, r.bbox, f"{r.name} {r.score:.2f}") for r in page.fields]
        return marks
    reviewed = read_fields(fields)
    with open_pdf(input, options.password) as doc:
        for item in reviewed.fields_for([page_geometry(page).display_size for page in doc]):
            marks.setdefault(item.page, []).append(Mark(item.field_class, item.bbox, f"{item.name} {item.score:.2f}"))
    return marks


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputFileError(f"{folder}: cannot create the folder ({exc.strerror or exc})") from exc
