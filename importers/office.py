"""Word (.docx), OpenDocument (.odt) and PDF documents -> blocks, in reading order.

Every reader takes the file's bytes as read once (``data``), so the bytes
checked are the bytes parsed.  Zip containers are checked first
(``importers.zipsafe``: password protection, damage, decompression bombs,
DOCTYPEs in any XML member, too many paragraphs); then .docx goes through
python-docx, .odt's ``content.xml`` through lxml (entities and network off),
PDF text layers through pypdf, whose warnings are kept off the console.
What a document may expand to is bounded by ``importers.limits``.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Optional

from lxml import etree

from importers import limits, zipsafe
from importers.blocks import Block
from importers.errors import ImportFailed, one_line
from importers.limits import MAX_PARAGRAPHS, MAX_PDF_PAGES, MAX_REPEAT, MAX_TEXT_CHARS
from importers.quiet import library_quiet

_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _bytes(path: Path, data: Optional[bytes]) -> bytes:
    if data is not None:
        return data
    from importers.files import read_bytes

    return read_bytes(path, limit=limits.MAX_OFFICE_BYTES)


def _refuse_compound(path: Path, data: bytes, app: str, new: str) -> None:
    """An OLE compound file is a password-protected file, or an old-style
    Word (.doc) file given a new name."""
    zipsafe.refuse_protected(path, data, app)
    if data.startswith(zipsafe.OLE_MAGIC):
        raise ImportFailed(f"{path}: this is an old-style Word (.doc) file, which Tandem cannot read; "
                           f"open it in {app} and save it as {new}.")


class _Budget:
    """Characters of text a document has expanded to so far, against MAX_TEXT_CHARS."""

    def __init__(self, path: Path):
        self.path, self.chars = path, 0

    def add(self, n: int) -> None:
        self.chars += n
        if self.chars > MAX_TEXT_CHARS:
            raise limits.too_big(self.path, "its text would grow to", f"more than {MAX_TEXT_CHARS:,} characters",
                                 f"{MAX_TEXT_CHARS:,} characters", "split it into smaller documents")


# --- Word -----------------------------------------------------------------------------------


def read_docx(path: Path, data: Optional[bytes] = None) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    data = _bytes(path, data)
    _refuse_compound(path, data, "Word", ".docx")
    zipsafe.check_zip(path, "Word (.docx)", data,
                      counted=(frozenset({"p", "tr"}), MAX_PARAGRAPHS, "paragraphs and table rows"))
    budget = _Budget(path)
    styles: dict[Optional[str], str] = {}
    try:
        document = docx.Document(io.BytesIO(data))
        blocks: list[Block] = []
        for item in document.iter_inner_content():
            limits.tick()
            if isinstance(item, Paragraph):
                blocks.append(_docx_paragraph(item, styles))
                budget.add(len(blocks[-1].text))
            elif isinstance(item, Table):
                for row in item.rows:
                    cells = _unique_cells(row)
                    blocks.append(Block(" | ".join(cells), kind="row", cells=cells))
                    budget.add(len(blocks[-1].text))
    except ImportFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx fails in many ways on damaged parts
        raise ImportFailed(
            f"{path}: not a readable Word document ({type(exc).__name__}: {one_line(exc)}); "
            "open it in Word or LibreOffice and save it again as .docx."
        ) from None
    return blocks


def _style_name(p, styles: dict[Optional[str], str]) -> str:
    """The paragraph's style name, looked up once per style id: python-docx
    searches the styles part on every ``Paragraph.style`` (a millisecond each)."""
    style_id = p._p.style
    if style_id not in styles:
        style = p.style
        styles[style_id] = (style.name if style is not None else "") or ""
    return styles[style_id]


def _docx_paragraph(p, styles: dict[Optional[str], str]) -> Block:
    style = _style_name(p, styles)
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


# --- OpenDocument ---------------------------------------------------------------------------

_ODF = {
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}
_SPACES = f"{{{_ODF['text']}}}c"
_COLUMNS = f"{{{_ODF['table']}}}number-columns-repeated"
_ROWS = f"{{{_ODF['table']}}}number-rows-repeated"
_ROW = f"{{{_ODF['table']}}}table-row"
_CELL = f"{{{_ODF['table']}}}table-cell"
_P = f"{{{_ODF['text']}}}p"
_WHOLE = re.compile(r"[0-9]+")


def _local(node) -> str:
    """An element's local name; "" for a comment or processing instruction."""
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def read_odt(path: Path, data: Optional[bytes] = None) -> list[Block]:
    data = _bytes(path, data)
    _refuse_compound(path, data, "LibreOffice", ".odt")
    zipsafe.check_zip(path, "OpenDocument (.odt)", data,
                      counted=(frozenset({"p", "h", "table-row"}), MAX_PARAGRAPHS, "paragraphs and table rows"))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = etree.fromstring(archive.read("content.xml"), _SAFE_XML)
    except (KeyError, zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError) as exc:
        raise ImportFailed(f"{path}: not a readable OpenDocument text ({one_line(exc)}); save it again as .odt.") from None
    body = root.find("office:body/office:text", _ODF)
    if body is None:
        raise ImportFailed(f"{path}: has no text body; is it an OpenDocument text (.odt) file?")
    reader = _OdtReader(path)
    reader.walk(body)
    return reader.blocks


class _OdtReader:
    """content.xml's body -> blocks, honouring repeat counts within MAX_REPEAT
    and the text's growth within MAX_TEXT_CHARS."""

    def __init__(self, path: Path):
        self.path = path
        self.blocks: list[Block] = []
        self.budget = _Budget(path)

    def repeat(self, node, attribute: str) -> int:
        raw = node.get(attribute)
        if raw is None:
            return 1
        prefix = "text" if attribute.startswith(f"{{{_ODF['text']}}}") else "table"
        shown = f"{prefix}:{etree.QName(attribute).localname}='{raw}'"
        if not _WHOLE.fullmatch(raw) or int(raw) < 1:
            raise ImportFailed(
                f"{self.path}: content.xml has {shown}, which is not a whole number from 1 up; "
                "the file is damaged: open it in LibreOffice and save it again.")
        count = int(raw)
        if count > MAX_REPEAT:
            raise limits.too_big(
                self.path, "content.xml repeats something", f"{count:,} times ({shown})", f"{MAX_REPEAT:,}",
                "open the file in LibreOffice, remove the long run of spaces or of repeated rows or cells, "
                "and save it again")
        return count

    def text(self, node) -> str:
        out = [node.text or ""]
        self.budget.add(len(out[0]))
        for child in node:
            tag = _local(child)
            if tag == "s":
                n = self.repeat(child, _SPACES)
                self.budget.add(n)
                out.append(" " * n)
            elif tag == "tab":
                self.budget.add(1)
                out.append("\t")
            elif tag == "line-break":
                self.budget.add(1)
                out.append("\n")
            elif tag not in ("note", "annotation", ""):
                out.append(self.text(child))
            tail = child.tail or ""
            self.budget.add(len(tail))
            out.append(tail)
        return "".join(out)

    def add(self, block: Block) -> None:
        if len(self.blocks) >= MAX_PARAGRAPHS:
            raise limits.too_big(self.path, "it holds", f"more than {MAX_PARAGRAPHS:,} paragraphs and table rows",
                                 f"{MAX_PARAGRAPHS:,}", "split it into smaller documents and import those")
        self.blocks.append(block)

    def walk(self, node) -> None:
        for child in node:
            limits.tick()
            tag = _local(child)
            if tag == "h":
                self.add(Block(self.text(child), kind="heading"))
            elif tag == "p":
                self.add(Block(self.text(child)))
            elif tag == "table":
                for row in child.iter(_ROW):
                    self.table_row(row)
            elif tag in ("list", "list-item", "section"):
                self.walk(child)

    def table_row(self, row) -> None:
        cells: list[str] = []
        for cell in row.findall(_CELL):
            text = "\n".join(self.text(p) for p in cell.iter(_P))
            times = self.repeat(cell, _COLUMNS)
            if text:  # an empty cell repeated to the table's edge is not spelled out
                self.budget.add(len(text) * (times - 1))
                cells += [text] * times
            else:
                cells.append(text)
        rows = self.repeat(row, _ROWS)
        if not any(cells):
            rows = 1
        self.budget.add(len(" | ".join(cells)) * (rows - 1))
        for _ in range(rows):
            self.add(Block(" | ".join(cells), kind="row", cells=list(cells)))


# --- PDF ------------------------------------------------------------------------------------

def read_pdf(path: Path, data: Optional[bytes] = None) -> list[Block]:
    from pypdf import PdfReader

    data = _bytes(path, data)
    try:
        with library_quiet("pypdf"):
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise ImportFailed(f"{path}: the PDF is password-protected; save an unprotected copy first.")
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise limits.too_big(path, "the PDF has", f"{count:,} pages", f"{MAX_PDF_PAGES:,} pages",
                                     "split it into smaller PDFs and import those")
            budget, pages = _Budget(path), []
            for page in reader.pages:
                limits.tick()
                pages.append(page.extract_text() or "")
                budget.add(len(pages[-1]))
    except ImportFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf fails in many ways on damaged files
        raise ImportFailed(f"{path}: not a readable PDF ({one_line(exc)}); export it again from its "
                           "application.") from None
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
