"""Everything that reads or writes a PDF, through PyMuPDF; the stages around it see records.

- document.py: open a PDF safely (errors a user can act on), each page's geometry
- render.py: a page as pixels, as displayed, without its widgets
- existing_widgets.py: the widgets a PDF already has, as display-fraction boxes
- page_content.py: a page's words and ruling lines (what the refine stage reads)
- ocr.py: the words of scanned pages, read by OCR (the optional ocr extra)
- picture_rules.py: the ruling lines of a page that is a picture (a scan, a form exported as an image)
- form_writer.py: fields -> AcroForm widgets with appearance streams, tab order (prepare)
- fillable_fields.py, form_filler.py: a form's fields read, and values written in (fill),
  with text_appearance.py and field_fonts.py drawing the filled text
- appearance.py, objects.py: appearance streams and low-level PDF object helpers
- change_policy.py: how an existing PDF may be changed (signed, certified, XFA)
- save.py: atomic, incremental where a signature needs it
- drawing.py: a blank page to draw synthetic forms on (dataset/synth.py)

The records it reads into (ExistingWidget, PageContent, FormField) are what the
stages above see; none of them imports PyMuPDF (tests/test_layout.py).
"""

from .change_policy import change_policy
from .document import Source, open_pdf, page_geometry, reading
from .existing_widgets import ExistingWidget, read_widgets
from .form_writer import WrittenField, remove_existing_fields, set_tab_order, write_fields
from .page_content import PageContent, read_page_content
from .render import render_page
from .save import save_pdf

__all__ = [
    "ExistingWidget", "PageContent", "Source", "WrittenField", "change_policy", "open_pdf", "page_geometry",
    "read_page_content", "read_widgets", "reading", "remove_existing_fields", "render_page", "save_pdf",
    "set_tab_order", "write_fields",
]
