"""Every memo in one Word document: memos on the project, on sources, on
codes and on cases, then the memos written on codings (with the passage they
annotate).  Only what the person exporting may read: under blind coding, a
coder's own memos and codings.  Written atomically."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import access, codebook
from coding.access import Acting
from exporters.atomic import ExportFailed, write_atomically
from storage.models import Case, Code, Coder, Coding, Memo, Source


def export_memos(session: Session, acting: Acting, path: Path) -> int:
    """Write the memos; returns how many (memos and coding memos)."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        found = f"'{path.suffix}'" if path.suffix else "no extension"
        raise ExportFailed(f"Cannot write the memos to {path}: {found} is not a Word file; give a name ending "
                           "in .docx.")
    readable = access.readable_layers(session, acting)
    coders = {c.id: c for c in session.scalars(select(Coder))}

    def may_read(author_id) -> bool:
        return readable is None or (author_id in coders and str(coders[author_id].uuid) in readable)

    memos = [m for m in session.scalars(select(Memo).order_by(Memo.created_at, Memo.id)) if may_read(m.author_id)]
    sources = dict(session.execute(select(Source.id, Source.name)).all())
    cases = dict(session.execute(select(Case.id, Case.name)).all())
    codes = {c.id: codebook.path_of(c) for c in session.scalars(select(Code))}
    groups = {"On the project": [], "On sources": [], "On codes": [], "On cases": []}
    for m in memos:
        if m.source_id is not None:
            groups["On sources"].append((sources.get(m.source_id, "?"), m))
        elif m.code_id is not None:
            groups["On codes"].append((codes.get(m.code_id, "?"), m))
        elif m.case_id is not None:
            groups["On cases"].append((cases.get(m.case_id, "?"), m))
        else:
            groups["On the project"].append(("", m))
    texts = {}
    coding_memos = []
    for c in session.scalars(select(Coding).where(Coding.memo != "").order_by(Coding.source_id, Coding.start)):
        if not may_read(c.coder_id):
            continue
        if c.source_id not in texts:
            texts[c.source_id] = session.scalar(select(Source.text).where(Source.id == c.source_id))
        coding_memos.append((sources[c.source_id], codes[c.code_id], coders[c.coder_id].name,
                             " ".join(texts[c.source_id][c.start:c.end].split()), c.memo))
    from coding.project import get_project

    title = get_project(session).title
    write_atomically(path, lambda tmp: _write(tmp, title, groups, coders, coding_memos, acting.name))
    return len(memos) + len(coding_memos)


def _write(path: Path, title: str, groups: dict, coders: dict, coding_memos: list, by: str) -> None:
    from exporters.docx_table import new_document

    doc = new_document()
    doc.add_heading(f"Memos — {title}", level=1)
    doc.add_paragraph(f"Exported by {by} on {dt.date.today():%Y-%m-%d}.")
    for heading, items in groups.items():
        if not items:
            continue
        doc.add_heading(heading, level=2)
        for target, m in sorted(items, key=lambda item: (item[0], item[1].created_at)):
            author = coders[m.author_id].name if m.author_id in coders else "unknown"
            p = doc.add_paragraph()
            p.add_run(f"{target} — " if target else "").bold = True
            p.add_run(f"{m.title + ': ' if m.title else ''}").italic = True
            p.add_run(f"{author}, {m.updated_at:%Y-%m-%d}")
            doc.add_paragraph(m.text)
    if coding_memos:
        doc.add_heading("On codings", level=2)
        for source, code, coder, passage, memo in coding_memos:
            p = doc.add_paragraph()
            p.add_run(f"{source} · {code} · {coder}").bold = True
            doc.add_paragraph(f"“{passage if len(passage) <= 300 else passage[:299] + '…'}”").runs[0].italic = True
            doc.add_paragraph(memo)
    doc.core_properties.title = f"Memos — {title}"
    doc.save(str(path))
