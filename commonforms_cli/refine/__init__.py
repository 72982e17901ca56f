"""The refine stage: detector boxes -> the fields a person would have made.

Per page, on top of the detector's boxes and using what the PDF itself knows
(its text layer and vector drawings, read once into a PageContent): drop boxes
the PDF already has a field for and check boxes on printed marks that are no box
to tick (comb cells, corner marks, bullets), keep weak check-box detections that
sit on a square the page draws and weak text detections on a drawn rule or cell
or after a caption (weak.py), split a text box over the ruled rows of a table into its rows, fill
the empty cells of a table the detector half filled or that column headers head,
snap edges to drawn lines, split a text box that holds several captions into one
field after each ("First: ___ Last: ___"; opt-in, also at captions printed under
its line), add check boxes on the squares typed as text that
nothing detected covers, find each field's label, decide its kind (multiline,
comb, signature) and format (date, amount), add signature fields on
captioned signature lines the detector left empty (and in the blank under a
signature caption printed with no line) and text fields on labelled lines the
detector left empty, group exclusive check boxes
into radio groups, and put the fields in reading order. Over the whole document
come the last two steps: the repeated labels of numbered blocks ("PERSON 7", one
page or several) are led by their block's heading, and names are given, unique
and numbered in tab order. Each step that adds or moves fields, names and groups
can be switched off.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..fields import Detection, Field, FieldKind
from ..geometry import Box
from .blocks import numbered_headings, with_block_headings, with_row_numbers
from .captioned_parts import split_at_captions
from .drawn_check_boxes import drawn_check_boxes
from .drawn_text_fields import drawn_text_fields
from .existing import drop_existing
from .formats import field_format
from .grid_cells import grid_cells
from .groups import Option, on_circle, radio_groups, table_row_questions
from .kinds import font_size, kind_of
from .labelled_lines import labelled_lines
from .labels import LabelFinder
from .overlaps import one_per_spot
from .names import assign_names
from ..pdf.page_content import PageContent
from .order import tab_order
from .printed_marks import printed_marks_dropped
from .signature_lines import uncovered_signature_lines, uncovered_signature_spaces
from .snap import clear_of_labels, snap_detections
from .stacked_in_cells import merged_in_cells
from .table_rows import table_rows
from .table_cells import table_cells
from .typed_check_boxes import typed_check_boxes
from .weak import search_thresholds, split_by_threshold

__all__ = ["RefineOptions", "refine_page", "numbered_headings", "with_block_headings", "assign_names",
           "search_thresholds", "split_by_threshold"]


@dataclass(frozen=True)
class RefineOptions:
    snap: bool = True  # move edges onto the page's drawn lines, and text boxes off the labels they overlap
    names: bool = True  # names and tooltips from labels (else <kind>_<page>_<n>, no tooltip)
    groups: bool = True  # exclusive check boxes -> radio groups
    signature_as_text: bool = False
    signature_lines: bool = True  # signature fields on captioned signature lines no detection covers
    drawn_check_boxes: bool = True  # weak check-box detections on a square the page draws are kept
    drawn_text_fields: bool = True  # weak text detections on a rule or cell the page draws are kept
    table_rows: bool = True  # a text box over the ruled rows of a table becomes one field per row
    table_cells: bool = True  # empty cells of a table whose other cells hold text fields get one too
    grid_cells: bool = True  # empty body cells under a row of drawn column headers get text fields
    labelled_lines: bool = True  # a drawn line right after a label, that nothing detected covers, gets a text field
    typed_check_boxes: bool = True  # a square typed as text ("□ Yes"), that nothing detected covers, gets a check box
    caption_parts: bool = True  # a text box holding "First: ___ Last: ___" becomes a field after each caption
    captions_under: bool = False  # a text box over several captions ("(City)  (State)") becomes one field per caption
    headed_parts: bool = True  # a column of text boxes under several headers ("Name  Signature") becomes one per header
    cell_stacks: bool = True  # text boxes stacked in one empty drawn cell become one field filling it
    formats: bool = False  # date and number formats where labels call for them (opt-in: --formats)


def refine_page(
    page: int, detections: list[Detection], content: PageContent, existing: list[Box], options: RefineOptions,
    weak: list[Detection] = (),
) -> list[Field]:
    """Page ``page``'s detections -> its fields in tab order, not yet led by block headings nor
    named (see ``with_block_headings`` and ``assign_names``).

    ``weak``: detections under the thresholds (``search_thresholds``); check boxes among them are
    kept where the page draws their square, text boxes where it draws their rule or cell.
    """
    detections = printed_marks_dropped(one_per_spot(drop_existing(detections, existing)), content)
    if options.drawn_check_boxes:
        taken = [d.bbox for d in detections] + list(existing)
        detections = detections + printed_marks_dropped(drawn_check_boxes(list(weak), content, taken), content)
    if options.drawn_text_fields:
        taken = [d.bbox for d in detections] + list(existing)
        detections = detections + drawn_text_fields(list(weak), content, taken)
    if options.table_rows:
        detections = table_rows(detections, content)
    if options.table_cells:
        detections = detections + table_cells(detections, content, list(existing))
    if options.grid_cells:
        detections = detections + grid_cells(page, detections, content, list(existing))
    if options.cell_stacks:
        detections = merged_in_cells(detections, content)
    if options.snap:
        detections = snap_detections(detections, content)
    if options.caption_parts or options.captions_under or options.headed_parts:
        detections = split_at_captions(detections, content, options.caption_parts, options.captions_under,
                                       options.headed_parts)
    if options.snap:
        detections = clear_of_labels(detections, content)
    if options.typed_check_boxes:
        detections = detections + typed_check_boxes(page, content, detections, list(existing))
    finder = LabelFinder(content, [d.bbox for d in detections])
    fields = [_field(d, finder, content, options) for d in detections]
    if options.signature_lines and not options.signature_as_text:
        fields += _signature_line_fields(page, content, [f.bbox for f in fields] + list(existing))
    if options.labelled_lines:
        found = labelled_lines(page, content, [f.bbox for f in fields] + list(existing))
        fields += [_field(d, finder, content, options) for d in found]
    if options.groups:
        fields = _grouped(fields, finder, content)
    return _options_together(tab_order(with_row_numbers(fields, content), content))


def _field(det: Detection, finder: LabelFinder, content: PageContent, options: RefineOptions) -> Field:
    label = finder.label(det.bbox, det.cls)
    kind, cells = kind_of(det, label, content, options.signature_as_text, finder.caption(det.bbox))
    size = font_size(kind, det.bbox, content)
    width = content.points_x(det.bbox[2] - det.bbox[0])
    return Field(
        page=det.page,
        kind=kind,
        bbox=det.bbox,
        name="",
        score=det.score,
        label=label,
        max_len=cells,
        font_size=size,
        format=field_format(kind, label, width, size) if options.formats else "",
    )


def _signature_line_fields(page: int, content: PageContent, covered: list[Box]) -> list[Field]:
    lines = uncovered_signature_lines(content, covered)
    spaces = uncovered_signature_spaces(content, covered + [line.bbox for line in lines])
    return [
        Field(page=page, kind=FieldKind.signature, bbox=line.bbox, name="", label=line.label)
        for line in lines + spaces
    ]


def _grouped(fields: list[Field], finder: LabelFinder, content: PageContent) -> list[Field]:
    """Check boxes that answer one question exclusively -> options of one radio group."""
    boxes = [i for i, f in enumerate(fields) if f.kind is FieldKind.checkbox]
    options = [Option(fields[i].bbox, fields[i].label, on_circle(fields[i].bbox, content.circles)) for i in boxes]
    grouped = list(fields)
    groups = radio_groups(options, finder.question, content)
    for number, (group, asked) in enumerate(zip(groups, table_row_questions(groups, options, content))):
        question = finder.question_past_labels([options[i].bbox for i in group.options],
                                               [options[i].label for i in group.options]) or asked
        for option in group.options:
            item = fields[boxes[option]]
            grouped[boxes[option]] = dataclasses.replace(
                item,
                kind=FieldKind.radio,
                group=f"{item.page}:{number}",
                export_value=item.label,
                question=question,
            )
    return grouped


def _options_together(fields: list[Field]) -> list[Field]:
    """A radio group's options follow its first one, so the group is one stop in the tab order."""
    groups: dict[str, list[Field]] = {}
    for item in fields:
        if item.kind is FieldKind.radio:
            groups.setdefault(item.group, []).append(item)
    ordered = []
    for item in fields:
        if item.kind is not FieldKind.radio:
            ordered.append(item)
        elif groups[item.group][0] is item:
            ordered.extend(groups[item.group])
    return ordered
