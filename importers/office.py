"""Word (.docx), OpenDocument (.odt) and PDF documents -> blocks, in reading order.

.docx through python-docx (its XML parser resolves no entities), .odt by
reading ``content.xml`` with lxml (entities and network access off), PDF text
layers through pypdf.  Zip containers are checked for damage and
decompression bombs first (``importers.zipsafe``).
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from lxml import etree

from importers.blocks import Block
from importers.errors import ImportFailed
from importers.zipsafe import check_zip

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def read_docx(path: Path) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    check_zip(path, "Word (.docx)")
    try:
        document = docx.Document(str(path))
        blocks: list[Block] = []
        for item in document.iter_inner_content():
            if isinstance(item, Paragraph):
                blocks.append(_docx_paragraph(item))
            elif isinstance(item, Table):
                for row in item.rows:
                    cells = _unique_cells(row)
                    blocks.append(Block(" | ".join(cells), kind="row", cells=cells))
    except ImportFailed:
        raise
    except (KeyError, zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError, ValueError) as exc:
        raise ImportFailed(
            f"{path}: not a readable Word document ({type(exc).__name__}: {exc}); "
            "open it in Word or LibreOffice and save it again as .docx."
        ) from None
    return blocks


def _docx_paragraph(p) -> Block:
    style = (p.style.name if p.style is not None else "") or ""
    text = p.text  # line breaks inside the paragraph come back as "\n"
    kind = "heading" if style.lower().startswith(("heading", "title")) else "paragraph"
    label = None
    bold = ""
    for run in p.runs:
        if run.bold and run.text:
            bold += run.text
        elif run.text.strip():
            break
        else:
            bold += run.text
    bold = bold.strip()
    if bold and (bold.endswith(":") or text[len(bold):].lstrip().startswith(":")) and len(bold) <= 60:
        label = bold
    return Block(text, kind=kind, bold_label=label)


def _unique_cells(row) -> list[str]:
    """Cell texts of a row, merged cells counted once."""
    out, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            continue
        seen.add(id(cell._tc))
        out.append(cell.text)
    return out


_ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def read_odt(path: Path) -> list[Block]:
    check_zip(path, "OpenDocument (.odt)")
    try:
        with zipfile.ZipFile(path) as archive:
            root = etree.fromstring(archive.read("content.xml"), _SAFE_XML)
    except (KeyError, zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError) as exc:
        raise ImportFailed(f"{path}: not a readable OpenDocument text ({exc}); save it again as .odt.") from None
    body = root.find("office:body/office:text", _ODF)
    if body is None:
        raise ImportFailed(f"{path}: has no text body; is it an OpenDocument text (.odt) file?")
    blocks: list[Block] = []
    _odt_walk(body, blocks)
    return blocks


def _odt_text(node) -> str:
    out = [node.text or ""]
    for child in node:
        tag = etree.QName(child).localname
        if tag == "s":
            out.append(" " * int(child.get(f"{{{_ODF['text']}}}c", "1")))
        elif tag == "tab":
            out.append("\t")
        elif tag == "line-break":
            out.append("\n")
        elif tag not in ("note", "annotation"):
            out.append(_odt_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _odt_walk(node, blocks: list[Block]) -> None:
    for child in node:
        tag = etree.QName(child).localname
        if tag == "h":
            blocks.append(Block(_odt_text(child), kind="heading"))
        elif tag == "p":
            blocks.append(Block(_odt_text(child)))
        elif tag == "table":
            for row in child.iter(f"{{{_ODF['table']}}}table-row"):
                cells = ["\n".join(_odt_text(p) for p in cell.iter(f"{{{_ODF['text']}}}p"))
                         for cell in row.findall("table:table-cell", _ODF)]
                blocks.append(Block(" | ".join(cells), kind="row", cells=cells))
        elif tag in ("list", "list-item", "section"):
            _odt_walk(child, blocks)


def read_pdf(path: Path) -> list[Block]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise ImportFailed(f"{path}: the PDF is password-protected; save an unprotected copy first.")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ImportFailed:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ImportFailed(f"{path}: not a readable PDF ({exc}); export it again from its application.") from None
    if not any(p.strip() for p in pages):
        raise ImportFailed(
            f"{path}: the PDF has no text layer (a scan?); run OCR on it or import the text instead."
        )
    blocks = []
    for page in pages:
        for para in page.replace("\r", "\n").split("\n\n"):
            if para.strip():
                blocks.append(Block(para.strip()))
    return blocks
