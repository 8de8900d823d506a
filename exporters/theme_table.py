"""The theme table a journal prints, as a Word document (python-docx).

Two layouts of the same rows:

* ``grouped``: Category | Theme | Description of theme | Representative
  quotes* — the category merged down its themes, each theme and its
  description merged down its quotes;
* ``sectioned``: Theme | Description of theme | Representative quotes*, each
  category a full-width row above its themes.

Sections (by a case attribute: "Mentee response", "Mentor response") are
full-width bold rows.  One quote per row, in curly quotes, optionally
attributed ("— mentor, survey"); the header row repeats on every page; a
footnote says where the quotes came from, then the author's own note.
Written atomically: a failure leaves no half file.
"""
from __future__ import annotations

from pathlib import Path

from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from coding.themes import ThemeTable
from exporters.atomic import ExportFailed, write_atomically
from exporters.docx_table import caption, cell_text, new_document, new_table, whole_row

LAYOUTS = ("grouped", "sectioned")
QUOTES_TITLE = "Representative quotes*"
FONT = "Times New Roman"
WIDTHS = {  # inches, portrait (6.5 in of text) and landscape (9 in)
    ("grouped", False): [1.0, 1.25, 1.65, 2.6], ("grouped", True): [1.4, 1.6, 2.4, 3.6],
    ("sectioned", False): [1.4, 1.9, 3.2], ("sectioned", True): [1.8, 2.7, 4.5],
}


def check_path(path: Path) -> None:
    path = Path(path)
    if path.suffix.lower() != ".docx":
        found = f"'{path.suffix}'" if path.suffix else "no extension"
        raise ExportFailed(f"Cannot write the theme table to {path}: {found} is not a Word file; "
                           "give a name ending in .docx.")
    if path.is_dir():
        raise ExportFailed(f"Cannot write the theme table to {path}: it is a folder; give a file name.")


def export_theme_table(table: ThemeTable, path: Path, layout: str = "grouped", attribution: bool = False,
                       note: str = "", caption_text: str = "", landscape: bool = False) -> Path:
    path = Path(path)
    check_path(path)
    if layout not in LAYOUTS:
        raise ExportFailed(f"Unknown layout '{layout}'; use grouped or sectioned.")
    if not table.sections:
        raise ExportFailed(f"There is nothing to put in the table: no theme has a quote in {table.layer}'s "
                           "codings (pin quotes, or choose another coder with --coder).")
    return write_atomically(path, lambda tmp: _write(table, tmp, layout, attribution, note, caption_text, landscape))


QUOTE_MARKS = "“”\"'"


def quote_text(text: str, attribution: str = "") -> str:
    """One quote in curly double quotes, then its attribution after a dash."""
    body = "“" + text.strip().strip(QUOTE_MARKS).strip() + "”"
    return f"{body} — {attribution}" if attribution else body


def _write(table: ThemeTable, path: Path, layout: str, attribution: bool, note: str, caption_text: str,
           landscape: bool) -> None:
    doc = new_document()
    _fonts(doc)
    if landscape:
        for section in doc.sections:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
    caption(doc, 1, caption_text or "Themes and representative quotes")
    grouped = layout == "grouped"
    titles = (["Category"] if grouped else []) + ["Theme", "Description of theme", QUOTES_TITLE]
    widths = WIDTHS[(layout, landscape)]
    t = new_table(doc, titles, widths, [False] * len(titles))
    t.style = doc.styles["Table Grid"]  # the plain ruled table journals print
    for section in table.sections:
        if section.label:
            _full_row(t, section.label, bold=True)
        for category in section.categories:
            if not grouped:
                _full_row(t, category.name, bold=True, italic=True)
            category_rows = []  # the cells of each row as added (Table.cell reads the whole grid each call)
            offset = 1 if grouped else 0
            for theme in category.themes:
                rows = [whole_row(t).cells for _q in theme.quotes]
                for cells, q in zip(rows, theme.quotes):
                    cell_text(cells[-1], quote_text(q.text, q.attribution() if attribution else ""))
                cell_text(rows[0][offset], theme.name, bold=True)
                cell_text(rows[0][offset + 1], theme.description)
                if len(rows) > 1:
                    for col in (offset, offset + 1):
                        rows[0][col].merge(rows[-1][col])
                category_rows += rows
            if grouped:
                cell_text(category_rows[0][0], category.name, italic=True)
                if len(category_rows) > 1:
                    category_rows[0][0].merge(category_rows[-1][0])
    # (every cell has its width: add_row copies the grid's, a merge adds the widths it spans)
    foot = " ".join(x for x in (table.footnote(), note.strip()) if x)
    if foot:
        p = doc.add_paragraph(foot)
        p.paragraph_format.space_before = Pt(4)
        for run in p.runs:
            run.font.size = Pt(9)
    doc.core_properties.title = caption_text or "Themes and representative quotes"
    doc.core_properties.comments = (f"Tandem theme table: quotes from {table.layer}"
                                    + (f", sections by {table.section_by}" if table.section_by else ""))
    doc.save(str(path))


def _full_row(t, text: str, bold: bool = False, italic: bool = False) -> None:
    row = whole_row(t)
    cells = row.cells
    merged = cells[0].merge(cells[-1])
    cell_text(merged, text, bold=bold, italic=italic)


def _fonts(doc) -> None:
    for name in ("Normal", "Tandem Table Text", "Caption"):
        if name not in [s.name for s in doc.styles]:
            continue
        style = doc.styles[name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
