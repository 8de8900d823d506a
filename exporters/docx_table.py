"""Tables in Word documents (python-docx), shared by the DOCX exports.

A document with one-inch margins and a compact paragraph style for table text,
tables in the house style (header row repeated on every page, no emphasis on
the first column, no banding), cell text, column widths, captions and rules.
Qt-free.
"""
from __future__ import annotations

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from exporters.xml_text import safe_sheet_text

TABLE_STYLE = "Light List Accent 1"
TABLE_TEXT = "Tandem Table Text"
FONT_SIZE = Pt(9)
TEXT_WIDTH = 6.5  # inches: Letter or A4 with the margins new_document sets


def new_document():
    """A document with one-inch side margins and the table text style."""
    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Inches(1)
    table_text_style(doc)
    return doc


def word_text(text: str) -> str:
    """Text Word can hold, with "95 %" kept on one line."""
    return safe_sheet_text(text).replace(" %", "\u00a0%")


def table_text_style(doc) -> None:
    style = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.font.size = FONT_SIZE
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = 1.0


def caption(doc, number: int, text: str) -> None:
    paragraph = doc.add_paragraph(style="Caption")
    paragraph.add_run(f"Table {number}. ").bold = True
    paragraph.add_run(word_text(text))
    paragraph.paragraph_format.keep_with_next = True


def new_table(doc, titles: list[str], widths: list[float], right: list[bool]):
    """A table holding its header row (``titles``, bold), repeated on every page."""
    table = doc.add_table(rows=1, cols=len(titles))
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    plain_first_column(table)
    header = table.rows[0]
    repeat_header(header)
    for i, title in enumerate(titles):
        cell_text(header.cells[i], title, bold=True, right=right[i])
    set_widths(table, widths)
    return table


def _table_text(paragraph) -> str:
    """The table text style's id, found once per document: python-docx looks
    a style up by reading every style, by name and again for the default
    (at a few hundred cells that was most of a second)."""
    part = paragraph.part
    style_id = getattr(part, "_tandem_table_text", None)
    if style_id is None:
        style_id = part._tandem_table_text = part.document.styles[TABLE_TEXT].style_id
    return style_id


def cell_text(cell, text: str, bold: bool = False, italic: bool = False, right: bool = False,
              indent: bool = False, mark: str = "") -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.style = _table_text(paragraph)  # what ``paragraph.style = …`` writes, without the lookups
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    if indent:
        paragraph.paragraph_format.left_indent = Pt(8)
    if text:
        run = paragraph.add_run(word_text(text))
        run.bold = bold or None
        run.italic = italic or None
    if mark:
        paragraph.add_run(" " + mark).font.superscript = True


def set_widths(table, widths: list[float]) -> None:
    """Word reads the cells' widths, LibreOffice the grid's: set both."""
    for column, width in zip(table.columns, widths):
        column.width = Inches(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Inches(width)


def plain_first_column(table) -> None:
    """The style's header row only: no emphasis on the first column, no banding."""
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    for key, val in (("w:val", "0620"), ("w:firstRow", "1"), ("w:lastRow", "0"),
                     ("w:firstColumn", "0"), ("w:lastColumn", "0"), ("w:noHBand", "1"),
                     ("w:noVBand", "1")):
        look.set(qn(key), val)


def whole_row(table):
    """A new row that Word keeps on one page (``w:cantSplit``): a quote or a
    figure is never cut across a page break."""
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return row


def repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def top_rule(cell) -> None:
    properties = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    top = OxmlElement("w:top")
    for key, val in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "4F81BD")):
        top.set(qn(key), val)
    borders.append(top)
    properties.append(borders)
