"""The .qdpx and .qdc exports: valid against the REFI-QDA schemas (lxml, the
shared .xsd files in place), laid out as the standard says (project.qde at
the root, a flat sources/ folder of <GUID>.txt, UTF-8 without a byte-order
mark), stable GUIDs, what each element carries, and blind mode."""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from coding import access, blind
from exporters.atomic import ExportFailed
from exporters.refi_qda import export_codebook, export_project
from storage import create_project
from storage.models import Code, Coder, Coding, Source

from tests.disk import fill_disk
from tests.exporters.refi_project import FG, FIXED, export

SHARED = Path(__file__).resolve().parents[3] / "shared" / "refi-qda"
NS = {"q": "urn:QDA-XML:project:1.0"}
pytestmark = pytest.mark.skipif(not (SHARED / "Project-mrt2019.xsd").exists(),
                                reason=f"the REFI-QDA schemas are not in {SHARED}")


@pytest.fixture(scope="module")
def schemas():
    return (etree.XMLSchema(etree.parse(str(SHARED / "Project-mrt2019.xsd"))),
            etree.XMLSchema(etree.parse(str(SHARED / "Codebook.xsd"))))


def _qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("project.qde")


def test_the_project_is_a_valid_qdpx_laid_out_as_the_standard_says(rich, tmp_path, schemas):
    out = tmp_path / "rich.qdpx"
    written = export(rich, out)
    with zipfile.ZipFile(out) as z:
        names = z.namelist()
        data = z.read("project.qde")
        texts = {n: z.read(n) for n in names if n != "project.qde"}
    assert names[0] == "project.qde" and len(names) == 4
    assert all(re.fullmatch(r"sources/[0-9a-f-]{36}\.txt", n) for n in texts)
    assert not data.startswith(b"\xef\xbb\xbf") and not any(t.startswith(b"\xef\xbb\xbf") for t in texts.values())
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    doc = etree.fromstring(data)
    assert schemas[0].validate(doc), schemas[0].error_log.last_error
    with rich.session() as s:
        fg = s.scalar(select(Source).where(Source.name == "Focus group 1"))
        n_codings = len(list(s.scalars(select(Coding))))
    assert texts[f"sources/{fg.uuid}.txt"].decode("utf-8") == FG
    assert written.codings == n_codings == len(doc.findall(".//q:Coding", NS))
    assert written.only is None and written.coders == 3


def test_every_coding_is_a_selection_by_its_coder_over_code_points(rich, tmp_path):
    out = tmp_path / "rich.qdpx"
    export(rich, out)
    doc = etree.fromstring(_qde(out))
    users = {u.get("guid"): (u.get("name"), u.get("id")) for u in doc.iterfind("q:Users/q:User", NS)}
    assert sorted(users.values()) == [("Consensus", "consensus"), ("Lena", "lead"), ("Omar", None)]
    with rich.session() as s:
        rows = {str(c.uuid): c for c in s.scalars(select(Coding))}
        code_uuids = {c.id: str(c.uuid) for c in s.scalars(select(Code))}
        coder_uuids = {c.id: str(c.uuid) for c in s.scalars(select(Coder))}
    source = doc.find("q:Sources/q:TextSource[@name='Focus group 1']", NS)
    coded = [sel for sel in source.iterfind("q:PlainTextSelection", NS) if sel.find("q:Coding", NS) is not None]
    for sel in coded:
        row = rows[sel.get("guid")]
        [coding] = sel.findall("q:Coding", NS)
        assert (int(sel.get("startPosition")), int(sel.get("endPosition"))) == (row.start, row.end)
        assert sel.get("creatingUser") == coding.get("creatingUser") == coder_uuids[row.coder_id]
        assert coding.find("q:CodeRef", NS).get("targetGUID") == code_uuids[row.code_id]
        assert sel.get("name") == " ".join(FG[row.start:row.end].split())  # the selected text, for checking
    emoji = next(sel for sel in coded if sel.get("name") == "𝒜 mentor who always answered my e-mails")
    assert FG[int(emoji.get("startPosition")):int(emoji.get("endPosition"))].startswith("𝒜")
    memo_refs = [c.find("q:NoteRef", NS) for sel in coded for c in sel.findall("q:Coding", NS)]
    notes = {n.get("guid"): n.findtext("q:PlainTextContent", namespaces=NS) for n in doc.iterfind("q:Notes/q:Note", NS)}
    assert sorted(notes[r.get("targetGUID")] for r in memo_refs if r is not None) == \
        ["Only the e-mails", "Warm tone", "accents"]


def test_codes_cases_variables_sets_and_notes_carry_what_tandem_holds(rich, tmp_path):
    out = tmp_path / "rich.qdpx"
    export(rich, out)
    doc = etree.fromstring(_qde(out))
    acc = doc.find(".//q:Code[@name='Accessibility']", NS)
    assert acc.get("color") == "#12AB34" and acc.get("isCodable") == "true"
    assert acc.findtext("q:Description", namespaces=NS) == ("Mentor could be reached.\n\nInclusion: Replies, "
                                                            "availability\n\nExclusion: Scheduling only\n\nExample: "
                                                            "She always answered my e-mails.\n\nIn the theme "
                                                            "table: Mentees could reach their mentor when they "
                                                            "needed to.")
    assert doc.find("q:CodeBook/q:Codes/q:Code[@name='Relationship']", NS).get("isCodable") == "false"
    types = {v.get("name"): v.get("typeOfVariable") for v in doc.iterfind("q:Variables/q:Variable", NS)}
    assert types == {"group": "Text", "age": "Integer", "score": "Float", "joined": "Date", "active": "Boolean"}
    p2 = doc.find("q:Cases/q:Case[@name='P2']", NS)
    values = [(v[1].tag.split("}")[1], v[1].text) for v in p2.iterfind("q:VariableValue", NS)]
    assert values == [("TextValue", "Mentee"), ("IntegerValue", "45"), ("FloatValue", "0.00001"),
                      ("DateValue", "2025-02-01"), ("BooleanValue", "false")]
    [turn] = p2.iterfind("q:SelectionRef", NS)
    selection = doc.find(f".//q:PlainTextSelection[@guid='{turn.get('targetGUID')}']", NS)
    assert selection.findtext("q:Description", namespaces=NS) == "Tandem section: turn; speaker: Ben"
    m1 = doc.find("q:Cases/q:Case[@name='M1']", NS)
    notes_source = doc.find("q:Sources/q:TextSource[@name='Notes']", NS)
    assert m1.find("q:SourceRef", NS).get("targetGUID") == notes_source.get("guid")
    sets = {s.get("name"): s for s in doc.iterfind("q:Sets/q:Set", NS)}
    assert set(sets) == {"Focus groups", "Surveys", "Documents", "Overall view (exclusive)"}
    assert len(sets["Overall view (exclusive)"].findall("q:MemberCode", NS)) == 3
    notes = {n.get("name"): n for n in doc.iterfind("q:Notes/q:Note", NS)}
    decision = notes["Reconciliation decision: Relationship/Positive/Accessibility"]
    assert "A's span holds the whole reply" in decision.findtext("q:PlainTextContent", namespaces=NS)
    referring = doc.findall(f".//q:PlainTextSelection/q:NoteRef[@targetGUID='{decision.get('guid')}']", NS)
    assert len(referring) >= 2  # the codings it rested on and the consensus coding it made
    about = notes["About this export"].findtext("q:PlainTextContent", namespaces=NS)
    assert "every coder's codings and memos and the consensus layer" in about and "2026-12-01" in about
    link = doc.find("q:Links/q:Link", NS)
    assert notes["About P2"].get("guid") == link.get("originGUID") and link.get("targetGUID") == p2.get("guid")


def test_the_same_project_exported_twice_differs_only_in_the_export_date(rich, tmp_path):
    a, b = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    export(rich, a, now=FIXED)
    export(rich, b, now=FIXED + dt.timedelta(days=3, hours=2))
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        assert za.namelist() == zb.namelist()
        for name in za.namelist()[1:]:
            assert za.read(name) == zb.read(name)
        first, second = za.read("project.qde").decode(), zb.read("project.qde").decode()
    assert first != second

    def without_date(text: str) -> str:
        text = text.replace("2026-12-01T09:30:00Z", "DATE").replace("2026-12-04T11:30:00Z", "DATE")
        return text.replace("on 2026-12-01.", "on DAY.").replace("on 2026-12-04.", "on DAY.")
    assert without_date(first) == without_date(second)
    guids = re.findall(r'guid="([^"]+)"', first)
    assert len(guids) == len(set(guids))  # every GUID names one thing


def test_a_coder_under_blind_coding_exports_their_own_layer_and_the_file_says_so(rich, tmp_path, schemas):
    with rich.transaction(access.system("t")) as s:
        blind.set_blind(s, access.system("t"), True)
        omar = s.scalar(select(Coder).where(Coder.name == "Omar"))
        mine = len(list(s.scalars(select(Coding).where(Coding.coder_id == omar.id))))
    out = tmp_path / "omar.qdpx"
    written = export(rich, out, access.of_coder(omar))
    doc = etree.fromstring(_qde(out))
    assert schemas[0].validate(doc), schemas[0].error_log.last_error
    creators = {c.get("creatingUser") for c in doc.iterfind(".//q:Coding", NS)}
    assert creators == {str(omar.uuid)} and written.codings == mine == len(doc.findall(".//q:Coding", NS))
    notes = [n.get("name") for n in doc.iterfind("q:Notes/q:Note", NS)]
    assert "Plan" not in notes and "Recording" in notes  # Lena's memo is hers; Omar's is his
    assert not any(n.startswith("Reconciliation decision") for n in notes if n)
    about = doc.find("q:Notes/q:Note[@name='About this export']/q:PlainTextContent", NS).text
    assert "only Omar's own codings and memos: independent (blind) coding is on" in about
    assert written.only == "Omar" and "only Omar's own" in written.line()


def test_the_codebook_is_a_valid_qdc_with_its_exclusive_group(rich, tmp_path, schemas):
    out = tmp_path / "codes.qdc"
    with rich.session() as s:
        n = export_codebook(s, out)
    data = out.read_bytes()
    doc = etree.fromstring(data)
    assert schemas[1].validate(doc), schemas[1].error_log.last_error
    assert not data.startswith(b"\xef\xbb\xbf")
    ns = {"c": "urn:QDA-XML:codebook:1.0"}
    assert n == len(doc.findall(".//c:Code", ns)) == 10
    [group] = doc.iterfind("c:Sets/c:Set", ns)
    assert [m.get("guid") is not None for m in group.iterfind("c:MemberCode", ns)] == [True] * 3


def test_wrong_targets_are_refused_before_anything_is_written(rich, tmp_path):
    with rich.session() as s:
        with pytest.raises(ExportFailed, match=r"'\.zip' is not a supported format.*\.qdpx"):
            export_project(s, access.system("t"), tmp_path / "p.zip")
        with pytest.raises(ExportFailed, match="it is a folder"):
            export_project(s, access.system("t"), tmp_path)
        with pytest.raises(ExportFailed, match=r"\.qdc"):
            export_codebook(s, tmp_path / "codes.xml")
    empty = create_project(tmp_path / "empty.tandem", "Empty")
    try:
        with empty.session() as s, pytest.raises(ExportFailed, match="codebook is empty"):
            export_codebook(s, tmp_path / "none.qdc")
    finally:
        empty.close()
    assert not [p.name for p in tmp_path.iterdir() if not p.name.startswith(("empty.tandem", "rich.tandem"))]


def test_a_full_disk_leaves_no_half_written_file(rich, small_disk):
    fill_disk(small_disk)
    with rich.session() as s, pytest.raises(ExportFailed, match="Cannot write .*out.qdpx"):
        export_project(s, access.system("t"), small_disk / "out.qdpx")
    assert [p.name for p in small_disk.iterdir()] == ["filler"]
