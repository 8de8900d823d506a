"""Every file in the shared REFI-QDA folder (the hand-written test vector and
exports written by NVivo for Windows and Mac, ATLAS.ti and qc) imports into a
new project, with the counts the file holds and selected texts checked
against an independent reading of the file (its text sliced by the file's
own positions, in the units that tool counts)."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from coding import access, codebook
from coding.text import normalise
from importers import refi_qda
from storage import create_project
from storage.models import Code, Coder, Coding, Memo, Source

SHARED = Path(__file__).resolve().parents[3] / "shared" / "refi-qda"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"the shared REFI-QDA files are not in {SHARED}")
OLTAS = SHARED / "real" / "nvivo-win-12.6-oltas.qdpx"


def _import(path: Path, tmp_path: Path):
    plan = refi_qda.read(path)
    store = create_project(tmp_path / "imported.tandem", plan.title)
    with store.transaction(access.system("importer")) as s:
        report = refi_qda.write(s, plan)
    return store, plan, report


def _counts(store) -> dict:
    with store.session() as s:
        return {what: s.scalar(select(func.count()).select_from(model))
                for what, model in (("coders", Coder), ("codes", Code), ("sources", Source), ("codings", Coding),
                                    ("memos", Memo))}


def _texts(store) -> list[tuple[str, str]]:
    with store.session() as s:
        texts = dict(s.execute(select(Source.id, Source.text)).all())
        paths = {c.id: codebook.path_of(c) for c in s.scalars(select(Code))}
        return sorted((paths[c.code_id], texts[c.source_id][c.start:c.end]) for c in s.scalars(select(Coding)))


@pytest.mark.parametrize("name", ["examples/minimal.qdpx", "examples/minimal/project.qde"])
def test_the_minimal_test_vector(name, tmp_path):
    store, plan, report = _import(SHARED / name, tmp_path)
    try:
        assert _counts(store) == {"coders": 1, "codes": 2, "sources": 1, "codings": 2, "memos": 0}
        assert _texts(store) == [("Anxiety", "felt anxious"), ("Relief", "relieved it went well")]
        assert plan.checked == 2 and not plan.findings and plan.units == "code points"
        with store.session() as s:
            assert s.scalar(select(Code.description).where(Code.name == "Anxiety")) == \
                "Expressions of worry or nervousness"
            assert s.scalar(select(Code.colour).where(Code.name == "Anxiety")) == "#E53935"
    finally:
        store.close()


def test_the_minimal_codebook(tmp_path):
    store, plan, report = _import(SHARED / "examples" / "minimal-codebook.qdc", tmp_path)
    try:
        assert plan.kind == "codebook"
        assert _counts(store) == {"coders": 0, "codes": 2, "sources": 0, "codings": 0, "memos": 0}
    finally:
        store.close()


def test_nvivo_for_windows_positions_count_utf16_units_over_the_crlf_text(tmp_path):
    store, plan, report = _import(OLTAS, tmp_path)
    try:
        assert _counts(store) == {"coders": 2, "codes": 60, "sources": 1, "codings": 97, "memos": 0}
        assert plan.units == "UTF-16 units" and not plan.findings
        with zipfile.ZipFile(OLTAS) as z:
            raw = z.read("Sources/56a79789-d535-4fb8-bedd-a915504c54ba.txt").decode("utf-8-sig")
        units = raw.encode("utf-16-le")
        with store.session() as s:
            [text] = s.scalars(select(Source.text))
            coded = {(c.start, c.end) for c in s.scalars(select(Coding))}
            coders_ = {name: n for name, n in s.execute(select(Coder.name, func.count(Coding.id)).outerjoin(
                Coding, Coding.coder_id == Coder.id).group_by(Coder.name))}
        assert text == normalise(raw) and "\r" not in text
        from lxml import etree

        ns = {"q": "urn:QDA-XML:project:1.0"}
        with zipfile.ZipFile(OLTAS) as z:
            doc = etree.fromstring(z.read("project.qde"))
        spans = sorted({(int(e.get("startPosition")), int(e.get("endPosition")))
                        for e in doc.iterfind(".//q:PlainTextSelection", ns)})
        stored = sorted(coded)
        assert len(spans) == len(stored)
        for (a, b), (start, end) in zip(spans, stored):  # the file's own slice, read independently
            assert text[start:end] == normalise(units[2 * a:2 * b].decode("utf-16-le"))
        assert any(text[s:e] == "Nem tehetik kötelezővé! 😡😡" for s, e in stored)
        assert coders_ == {"floriansipos": 97, "Gergo": 0}  # the Coding's user, not the selection's
    finally:
        store.close()


def test_nvivo_for_mac_codebook_only(tmp_path):
    store, plan, report = _import(SHARED / "real" / "nvivo-mac-15-codebook-only.qdpx", tmp_path)
    try:
        assert _counts(store) == {"coders": 2, "codes": 262, "sources": 2, "codings": 0, "memos": 0}
        with store.session() as s:
            assert s.scalar(select(func.max(func.length(Source.text)))) == 1
            deepest = max(codebook.path_of(c).count("/") for c in s.scalars(select(Code)))
        assert deepest >= 2  # the hierarchy is kept
    finally:
        store.close()


def test_qc_bare_paths_and_code_points(tmp_path):
    store, plan, report = _import(SHARED / "real" / "qc-1.3.2-demo.qdpx", tmp_path)
    try:
        assert _counts(store) == {"coders": 1, "codes": 262, "sources": 2, "codings": 205, "memos": 0}
        with zipfile.ZipFile(SHARED / "real" / "qc-1.3.2-demo.qdpx") as z:
            board = z.read("sources/board_2017.txt").decode("utf-8")
        with store.session() as s:
            names = sorted(s.scalars(select(Source.name)))
            spans = {(c.start, c.end) for c in s.scalars(select(Coding).join(Source).where(
                Source.name == "board_2017"))}
        assert names == ["admin-1", "board_2017"]  # qc writes no TextSource name: the file's name
        assert (320, 400) in spans and board[320:400].startswith("This district goal is engage every student")
        assert plan.units == "code points"
    finally:
        store.close()


def test_atlas_ti_hierarchy_notes_and_what_it_cannot_bring(tmp_path):
    store, plan, report = _import(SHARED / "real" / "atlasti-mac-8.4-testproject.qdpx", tmp_path)
    try:
        assert _counts(store) == {"coders": 2, "codes": 14, "sources": 0, "codings": 0, "memos": 2}
        with store.session() as s:
            paths = {codebook.path_of(c) for c in s.scalars(select(Code))}
            titles = set(s.scalars(select(Memo.title)))
        assert {"Coke/full-fat Coke", "Coke/diet Coke", "Coke", '"rushed"'} <= paths  # 'Coke::diet Coke'
        assert titles == {"Research Plan", "My favorite Coke ad"}
        text = "\n".join(report.lines())
        for expected in ("8 text sources without their text, with 8 selections and 13 codings",
                         "1 picture sources (cornflakes-n-milk.jpg)", "1 audio sources", "2 video sources",
                         "4 PDF region selections", "1 graphs", "1 links", "16 sets",
                         "the user 'ATLAS.ti' (the exporting program itself"):
            assert expected in text, expected
    finally:
        store.close()
