"""Low-level PDF object helpers over PyMuPDF's xref API, shared by the writer and the filler."""

from __future__ import annotations

import re

from pymupdf import mupdf


def acroform_xref(doc) -> int:
    """The catalog's /AcroForm as an indirect object, created or moved out of the catalog if need be."""
    catalog = doc.pdf_catalog()
    kind, value = doc.xref_get_key(catalog, "AcroForm")
    if kind == "xref":
        return xref_of(value)
    xref = new_xref(doc, value if kind == "dict" else "<< /Fields [] >>")
    doc.xref_set_key(catalog, "AcroForm", f"{xref} 0 R")
    return xref


def append_refs(doc, owner: int, key: str, xrefs: list[int]) -> None:
    """Append references to an array entry, direct or indirect.

    The result is always a direct array on the owner, so an indirect array
    shared with another page is left as it was.
    """
    if not xrefs:
        return
    items = array_text(doc, owner, key).strip()[1:-1]
    doc.xref_set_key(owner, key, f"[{items} {ref_array(xrefs)[1:-1]}]")


def array_text(doc, owner: int, key: str) -> str:
    """An array entry's PDF text, following an indirect reference; "[]" if absent or not an array."""
    kind, value = doc.xref_get_key(owner, key)
    if kind == "xref":
        value = doc.xref_object(xref_of(value), compressed=True)
    value = value.strip()
    return value if value.startswith("[") else "[]"


def set_nested(doc, xref: int, keys: list[str], value: str) -> None:
    """Set ``A/B/C``, following indirect dictionaries on the way (xref_set_key refuses to)."""
    owner, path = xref, []
    for key in keys[:-1]:
        kind, ref = doc.xref_get_key(owner, "/".join(path + [key]))
        if kind == "xref":
            owner, path = xref_of(ref), []
        else:
            path.append(key)
    doc.xref_set_key(owner, "/".join(path + [keys[-1]]), value)


def delete_keys(doc, xref: int, *keys: str) -> None:
    """Remove keys outright (xref_set_key(..., "null") leaves ``/Key null`` behind)."""
    obj = mupdf.pdf_load_object(mupdf_document(doc), xref)
    for key in keys:
        mupdf.pdf_dict_dels(obj, key)


def sync_open_pages(doc) -> None:
    """Make pages the caller still holds reload their annotations, or page.widgets() fails."""
    mupdf.pdf_sync_open_pages(mupdf_document(doc))


def mupdf_document(doc) -> mupdf.PdfDocument:
    """MuPDF's own document, for the few operations PyMuPDF's xref API lacks."""
    return mupdf.pdf_document_from_fz_document(doc.this)


def new_xref(doc, pdf_object: str) -> int:
    xref = doc.get_new_xref()
    doc.update_object(xref, pdf_object)
    return xref


def refs(array_text: str) -> list[int]:
    return [int(num) for num in re.findall(r"(\d+)\s+\d+\s+R", array_text)]


def ref_array(xrefs) -> str:
    return "[" + " ".join(f"{xref} 0 R" for xref in xrefs) + "]"


def xref_of(reference: str) -> int:
    return int(reference.split()[0])


def pdf_number(value: float) -> str:
    """A PDF number: fixed-point (PDF has no exponent notation), no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def pdf_name(text: str) -> str:
    """``text`` as a PDF name object, characters outside the regular set written #xx."""
    return "/" + re.sub(r"[^!-~]|[#()<>\[\]{}/%]", lambda m: "".join(f"#{b:02X}" for b in m.group().encode()), text)
