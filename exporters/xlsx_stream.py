"""A streaming XLSX writer for big plain tables (the coded-segments export).

Why by hand: on this machine, 100,000 segments × 12 columns took 9.6 s
with openpyxl's write-only mode and 6.1 s with XlsxWriter's constant-memory
mode (measured 2026-12-07, same rows); writing the worksheet XML directly
takes 0.6 s.  The package is the smallest that Excel, LibreOffice and
openpyxl open without a repair: a workbook, a style sheet (plain, bold
header, quote-prefixed text, a title, wrapped text) and the sheets, with
strings inline (``t="inlineStr"``), column widths, a frozen, filtered header.

Cells: text is stored as text (never a formula: text starting with =, +, -
or @ gets the quote-prefix style, so editing it keeps it text), with the
control characters XML cannot hold removed; int and float as numbers;
bool as TRUE/FALSE; None and "" as an empty cell.  Wrap a value in
``Styled`` to choose its style.  The caller writes atomically
(``exporters.atomic``).  Qt-free.
"""
from __future__ import annotations

import datetime as dt
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence
from xml.sax.saxutils import escape

from exporters.xml_text import CONTROL
from exporters.sheet_cells import FORMULA_START

PLAIN, BOLD, TEXT, TITLE, WRAP = 0, 1, 2, 3, 4
FORMULA_FIRST = "".join(FORMULA_START)


@dataclass(frozen=True)
class Styled:
    value: Any
    style: int


@dataclass
class Sheet:
    name: str
    rows: Iterable[Sequence[Any]]
    widths: Sequence[float] = ()
    header: bool = False        # the first row is a bold, frozen, filtered header
    n_rows: int = 0             # data rows below the header (for the filter's range)
    wrapped: Sequence[int] = field(default_factory=tuple)  # 0-based columns whose text wraps


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def write_workbook(path: Path, sheets: Sequence[Sheet], title: str = "", creator: str = "Tandem") -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _content_types(len(sheets)))
        z.writestr("_rels/.rels", RELS)
        z.writestr("docProps/core.xml", _core(title, creator))
        z.writestr("xl/workbook.xml", _workbook(sheets))
        z.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        z.writestr("xl/styles.xml", STYLES)
        for i, sheet in enumerate(sheets, start=1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as out:
                for chunk in _sheet_xml(sheet):
                    out.write(chunk.encode("utf-8"))


def _cell(ref: str, value: Any, style: int) -> str:
    kind = type(value)
    if kind is str:  # most cells: checked first, with no call to spare
        if not value:
            return f'<c r="{ref}" s="{style}"/>' if style else ""
        if not value.isprintable():
            value = CONTROL.sub("", value)
        if "&" in value or "<" in value or ">" in value:
            value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if value[0] in FORMULA_FIRST and style in (PLAIN, WRAP):
            style = TEXT
        return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'
    if kind is Styled:
        return _cell(ref, value.value, value.style)
    if value is None:
        return f'<c r="{ref}" s="{style}"/>' if style else ""
    if kind is bool:
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)) and math.isfinite(value):
        return f'<c r="{ref}" s="{style}"><v>{value!r}</v></c>'
    return _cell(ref, str(value), style)


def _sheet_xml(sheet: Sheet) -> Iterable[str]:
    widths = list(sheet.widths)
    yield ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}">')
    if sheet.header:
        yield ('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft"'
               ' state="frozen"/></sheetView></sheetViews>')
    if widths:
        yield "<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                                 for i, w in enumerate(widths, start=1)) + "</cols>"
    yield "<sheetData>"
    letters: list[str] = []
    wrapped = set(sheet.wrapped)
    batch: list[str] = []
    n_cols = 0
    for r, row in enumerate(sheet.rows, start=1):
        while len(letters) < len(row):
            letters.append(column_letter(len(letters) + 1))
        n_cols = max(n_cols, len(row))
        base = BOLD if sheet.header and r == 1 else PLAIN
        cells = "".join([_cell(f"{letters[c]}{r}", v, WRAP if base == PLAIN and c in wrapped else base)
                         for c, v in enumerate(row)])
        batch.append(f'<row r="{r}">{cells}</row>')
        if len(batch) >= 2000:
            yield "".join(batch)
            batch = []
    yield "".join(batch) + "</sheetData>"
    if sheet.header and n_cols:
        yield f'<autoFilter ref="A1:{column_letter(n_cols)}{sheet.n_rows + 1}"/>'
    yield "</worksheet>"


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

RELS = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL}">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/></Relationships>')

STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
          '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
          '<font><b/><sz val="11"/><name val="Calibri"/></font>'
          '<font><b/><sz val="14"/><name val="Calibri"/></font></fonts>'
          '<fills count="2"><fill><patternFill patternType="none"/></fill>'
          '<fill><patternFill patternType="gray125"/></fill></fills>'
          '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
          '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
          '<cellXfs count="5">'
          '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
          '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>'
          '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
          '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
          '<alignment wrapText="1" vertical="top"/></xf></cellXfs>'
          '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _content_types(n: int) -> str:
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                     'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/'
            f'vnd.openxmlformats-package.core-properties+xml"/>{sheets}</Types>')


def _workbook(sheets: Sequence[Sheet]) -> str:
    entries = [f'<sheet name="{escape(sheet.name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
               for i, sheet in enumerate(sheets, start=1)]
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f'<sheets>{"".join(entries)}</sheets></workbook>')


def _workbook_rels(n: int) -> str:
    rels = "".join(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n + 1))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL}">{rels}'
            f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/></Relationships>')


def _core(title: str, creator: str) -> str:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{escape(creator)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created></cp:coreProperties>')
