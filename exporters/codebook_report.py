"""The codebook as a document for the team or an appendix: every code with
its definition, inclusion and exclusion criteria, example, and its number of
codings per coder (only the layers the person exporting may read: under
blind coding, a coder's own).  Word (.docx), Excel (.xlsx: an "About"
sheet, then the codes) or CSV (.csv), chosen by the extension; written
atomically.  (The round-trip CSV that ``tandem codebook
import`` reads is ``exporters.codebook_csv``.)"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from coding import access, codebook
from coding.access import Acting
from exporters.atomic import check_target, write_atomically
from exporters.csv_out import write_csv
from storage.models import Coder, Coding

FORMATS = (".docx", ".xlsx", ".csv")


@dataclass
class CodeRow:
    path: str
    name: str
    depth: int
    description: str
    inclusion: str
    exclusion: str
    example: str
    codable: bool
    exclusive: bool
    needs_work: bool
    counts: dict[str, int]  # coder -> codings


def rows(session: Session, acting: Acting) -> tuple[list[str], list[CodeRow]]:
    """The coders shown (the layers ``acting`` may read) and a row per code."""
    readable = access.readable_layers(session, acting)
    people = [c for c in session.scalars(select(Coder).order_by(Coder.role == "consensus", Coder.name))
              if readable is None or str(c.uuid) in readable]
    counts: dict[tuple[int, int], int] = {(code_id, coder_id): n for code_id, coder_id, n in session.execute(
        select(Coding.code_id, Coding.coder_id, func.count(Coding.id)).group_by(Coding.code_id, Coding.coder_id))}
    out = []
    for code, depth in codebook.walk(session):
        out.append(CodeRow(codebook.path_of(code), code.name, depth, code.description, code.inclusion,
                           code.exclusion, code.example, code.codable, code.exclusive, bool(code.needs_work),
                           {p.name: counts.get((code.id, p.id), 0) for p in people}))
    return [p.name for p in people], out


def export_codebook(session: Session, acting: Acting, path: Path) -> int:
    path = Path(path)
    suffix = check_target(path, "the codebook", FORMATS)
    people, found_rows = rows(session, acting)
    header = ["code", "level", "description", "inclusion", "exclusion", "example", "codable", "exclusive",
              "needs_work"] + [f"codings: {p}" for p in people]
    table = [[r.path, r.depth + 1, r.description, r.inclusion, r.exclusion, r.example, _yes(r.codable),
              _yes(r.exclusive), _yes(r.needs_work)] + [r.counts[p] for p in people] for r in found_rows]
    if suffix == ".csv":
        return write_csv(path, header, table)
    from coding.project import get_project

    title = get_project(session).title
    if suffix == ".xlsx":
        write_atomically(path, lambda tmp: _xlsx(tmp, title, acting.name, people, header, table))
        return len(found_rows)
    write_atomically(path, lambda tmp: _docx(tmp, title, people, found_rows, acting.name))
    return len(found_rows)


def _xlsx(path: Path, title: str, by: str, people: list[str], header: list[str], table: list[list]) -> None:
    import datetime as dt

    from exporters.xlsx_stream import BOLD, TITLE, Sheet, Styled, write_workbook

    facts = [("Project", title), ("Exported by", by), ("Coders counted", ", ".join(people) or "none readable"),
             ("Date", dt.date.today().isoformat()), ("Rows", len(table)),
             ("Holds", "One code a row on the sheet \"Codebook\", in codebook order: its path (Category/Theme/Code), "
                       "level, definition, inclusion and exclusion criteria, example, whether it is applied itself, "
                       "whether its children are exclusive values, whether reconciliation flagged its definition, "
                       "and its codings per coder.")]
    about = Sheet("About", [[Styled(f"Codebook — {title}", TITLE)], []] + [[Styled(k, BOLD), v] for k, v in facts],
                  widths=(24, 80))
    codes = Sheet("Codebook", [header, *table], widths=[40, 7, 60, 40, 40, 40, 9, 9, 11] + [12] * len(people),
                  header=True, n_rows=len(table), wrapped=(0, 2, 3, 4, 5))
    write_workbook(path, [about, codes], title=f"Codebook — {title}")


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _docx(path: Path, title: str, people: list[str], found: list[CodeRow], by: str) -> None:
    import datetime as dt

    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    from exporters.docx_table import caption, cell_text, new_document, new_table, whole_row

    doc = new_document()
    for section in doc.sections:  # definitions and a column per coder read best across the page
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading(f"Codebook — {title}", level=1)
    doc.add_paragraph(f"{sum(r.codable for r in found)} codes; codings counted per coder "
                      f"({', '.join(people) or 'none readable'}). Exported by {by} on {dt.date.today():%Y-%m-%d}.")
    caption(doc, 1, "Codes, their definitions and criteria")
    texts = [("Definition", "description", 2.2), ("Include when", "inclusion", 1.3),
             ("Exclude when", "exclusion", 1.3), ("Example", "example", 1.3)]
    texts = [t for t in texts if any(getattr(r, t[1]) for r in found)] or texts[:1]  # no empty columns
    titles = ["Code"] + [t[0] for t in texts] + people
    widths = [1.8] + [t[2] for t in texts] + [0.8] * len(people)
    scale = 9.0 / sum(widths)  # a landscape page's text width
    widths = [w * scale for w in widths]
    table = new_table(doc, titles, widths, [False] * (1 + len(texts)) + [True] * len(people))
    for r in found:
        cells = whole_row(table).cells
        cell_text(cells[0], r.name + (" ⚑" if r.needs_work else ""), bold=not r.codable or r.depth == 0,
                  italic=r.exclusive)
        cells[0].paragraphs[0].paragraph_format.left_indent = Pt(9 * r.depth)  # the tree, by indentation
        for cell, (_title, attr, _w) in zip(cells[1:], texts):
            cell_text(cell, getattr(r, attr))
        for cell, p in zip(cells[1 + len(texts):], people):
            cell_text(cell, str(r.counts[p]), right=True)
    doc.add_paragraph("Bold: a top-level category, or a code that is not applied itself; italic: an "
                      "exclusive group; ⚑: definition flagged as needing work in reconciliation.")
    doc.core_properties.title = f"Codebook — {title}"
    doc.save(str(path))
