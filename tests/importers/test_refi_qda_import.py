"""Importing what real tools write: folder and file names in any case, every
namespace variant, bare paths, empty sets, CRLF text with a byte-order mark,
UTF-16 positions, texts held only as .docx or .pdf, inline text; selections
checked against the text they name; several users as several layers; and
merging into an existing project by GUID, then by name."""
from __future__ import annotations

import codecs
import uuid

import pytest
from sqlalchemy import select

from coding import access, cases, codebook, coders, codings, sources
from coding.text import sha256
from importers import refi_qda
from importers.errors import ImportFailed
from storage import create_project
from storage.models import Code, Coder, Coding, Source

from tests.importers.office_files import docx_paragraphs, pdf
from tests.importers.refi_files import CODE, CODE2, SOURCE, USER, USER2, project, qdpx, selection, text_source

TEXT = "I felt anxious before the interview.\nAfterwards I was relieved it went well.\n"
S1, S2, S3 = (f"E0000000-0000-4000-8000-00000000000{i}" for i in (1, 2, 3))


@pytest.fixture
def target(tmp_path):
    store = create_project(tmp_path / "target.tandem", "Target")
    yield store
    store.close()


def _run(path, store, acting=None):
    plan = refi_qda.read(path)
    with store.transaction(acting or access.system("importer")) as s:
        return plan, refi_qda.write(s, plan)


def _coded(store) -> list[tuple[str, str, str]]:
    with store.session() as s:
        texts = dict(s.execute(select(Source.id, Source.text)).all())
        names = dict(s.execute(select(Coder.id, Coder.name)).all())
        paths = {c.id: codebook.path_of(c) for c in s.scalars(select(Code))}
        return sorted((names[c.coder_id], paths[c.code_id], texts[c.source_id][c.start:c.end])
                      for c in s.scalars(select(Coding)))


@pytest.mark.parametrize("namespace", ["urn:QDA-XML:project:1.0", "urn:QDA-XML:project:1:0"])
def test_folder_and_document_names_namespaces_bare_paths_and_empty_sets(namespace, tmp_path, target):
    sels = selection(S1, 2, 14, "felt anxious") + selection(S2, 54, 75, "relieved it went well", USER2, CODE2)
    doc = project(text_source(sels, path="interview1.txt"), namespace=namespace, tail="<Sets/>", declaration=False)
    path = qdpx(tmp_path / "p.qdpx", doc, {"Sources/interview1.txt": TEXT.encode()}, document_name="Study.qde")
    plan, report = _run(path, target)
    assert _coded(target) == [("Alice", "Anxiety", "felt anxious"), ("Bob", "Relief", "relieved it went well")]
    assert plan.checked == 2 and not plan.findings
    assert report.created == {"coders": 2, "codes": 2, "sources": 1, "codings": 2}


def test_crlf_text_with_a_byte_order_mark_counts_code_points_over_the_file_as_stored(tmp_path, target):
    raw = "Line one 😀.\r\nI felt anxious 😟 before.\r\nDone.\r\n"
    start = raw.index("felt")
    end = raw.index("before") + len("before")
    doc = project(text_source(selection(S1, start, end, "felt anxious 😟 before")))
    path = qdpx(tmp_path / "p.qdpx", doc, {"sources/F0000000-0000-4000-8000-000000000001.txt":
                                           codecs.BOM_UTF8 + raw.encode()})
    plan, _ = _run(path, target)
    assert _coded(target) == [("Alice", "Anxiety", "felt anxious 😟 before")]
    assert plan.units == "code points" and not plan.findings
    with target.session() as s:
        assert s.scalar(select(Source.text)) == "Line one 😀.\nI felt anxious 😟 before.\nDone.\n"


def _emoji_file(tmp_path, origin, name):
    raw = "😀😀😀 intro.\r\nThe mentor 🤝 always answered.\r\n"
    units = lambda i: len(raw[:i].encode("utf-16-le")) // 2  # noqa: E731 - positions as NVivo counts them
    a, b = raw.index("mentor"), raw.index("answered") + len("answered")
    doc = project(text_source(selection(S1, units(a), units(b), name)), origin=origin)
    return qdpx(tmp_path / f"{origin[:5]}.qdpx", doc, {"sources/F0000000-0000-4000-8000-000000000001.txt":
                                                      codecs.BOM_UTF8 + raw.encode()})


def test_nvivo_files_count_utf16_units(tmp_path, target):
    plan, _ = _run(_emoji_file(tmp_path, "NVivo for Windows 12.6", ""), target)
    assert _coded(target) == [("Alice", "Anxiety", "mentor 🤝 always answered")]
    assert plan.units == "UTF-16 units" and "NVivo" in plan.unit_reason


def test_another_tool_counting_utf16_units_is_found_out_by_the_selected_text(tmp_path, target):
    plan, _ = _run(_emoji_file(tmp_path, "SomeTool 2.0", "mentor 🤝 always answered"), target)
    assert _coded(target) == [("Alice", "Anxiety", "mentor 🤝 always answered")]
    assert plan.units == "UTF-16 units" and "read as UTF-16 units 0 do not" in plan.unit_reason


def test_selections_that_miss_their_text_are_moved_or_kept_and_always_reported(tmp_path, target):
    sels = (selection(S1, 0, 12, "relieved it went well")  # the text is elsewhere: moved there
            + selection(S2, 2, 14, "Quotation 1:2")  # a label, not text: placed by position
            + selection(S3, 70, 500, "far away"))  # outside the text: not imported
    doc = project(text_source(sels))
    path = qdpx(tmp_path / "p.qdpx", doc, {"sources/F0000000-0000-4000-8000-000000000001.txt": TEXT.encode()})
    plan, report = _run(path, target)
    assert _coded(target) == [("Alice", "Anxiety", "felt anxious"), ("Alice", "Anxiety", "relieved it went well")]
    [moved, outside] = plan.findings
    assert "claims “relieved it went well” but reads “I felt anxio”: moved to 54–75" in moved.line()
    assert outside.outcome.startswith("not imported: the positions fall outside the text")
    assert plan.checked == 1 and plan.unchecked == 1
    assert any("moved to 54–75" in line for line in report.lines())


def test_a_source_held_only_as_docx_is_read_and_its_positions_mapped(tmp_path, target):
    docx = docx_paragraphs(tmp_path / "i.docx", ["I felt anxious before the interview.",
                                                 "Afterwards I was relieved it went well."])
    text = "I felt anxious before the interview.\nAfterwards I was relieved it went well."
    a = text.index("relieved")
    src = text_source(selection(S1, a, a + len("relieved it went well"), "relieved it went well"), path="",
                      extra=' richTextPath="internal://R1.docx"')
    path = qdpx(tmp_path / "p.qdpx", project(src), {"sources/R1.docx": docx.read_bytes()})
    plan, _ = _run(path, target)
    assert _coded(target) == [("Alice", "Anxiety", "relieved it went well")] and not plan.findings


def test_a_pdf_source_and_an_inline_text_source(tmp_path, target):
    pdf_file = pdf(tmp_path / "r.pdf", ["Quarterly report on mentoring."])
    inline = (f'<TextSource guid="{uuid.uuid4()}" name="Inline"><PlainTextContent>{TEXT}</PlainTextContent>'
              + selection(S1, 2, 14, "felt anxious") + "</TextSource>")
    pdf_source = (f'<PDFSource guid="{uuid.uuid4()}" name="Report.pdf" path="internal://P1.pdf">'
                  '<PDFSelection guid="{0}" page="0" firstX="1" firstY="1" secondX="9" secondY="9"/></PDFSource>'
                  .format(uuid.uuid4()))
    path = qdpx(tmp_path / "p.qdpx", project(inline + pdf_source), {"sources/P1.pdf": pdf_file.read_bytes()})
    plan, report = _run(path, target)
    with target.session() as s:
        texts = dict(s.execute(select(Source.name, Source.text)).all())
    assert texts["Inline"] == TEXT and "Quarterly report on mentoring." in texts["Report.pdf"]
    assert _coded(target) == [("Alice", "Anxiety", "felt anxious")]
    assert any("1 PDF region selections" in line for line in report.lines())


def test_several_users_keep_their_own_layers_and_whole_source_codings(tmp_path, target):
    sels = (selection(S1, 2, 14, "", user=USER2, coder=USER)  # NVivo: the Coding's user made it
            + selection(S2, 2, 14, "", user=USER, coder=USER2))
    whole = f'<Coding guid="{uuid.uuid4()}" creatingUser="{USER2}"><CodeRef targetGUID="{CODE2}"/></Coding>'
    path = qdpx(tmp_path / "p.qdpx", project(text_source(sels + whole)),
                {"sources/F0000000-0000-4000-8000-000000000001.txt": TEXT.encode()})
    _run(path, target)
    assert _coded(target) == [("Alice", "Anxiety", "felt anxious"), ("Bob", "Anxiety", "felt anxious"),
                              ("Bob", "Relief", TEXT)]


@pytest.mark.parametrize("namespace", ["urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0",
                                       "urn:QDA-XML:codebook:0:4"])
def test_codebooks_in_every_namespace_variant_with_guids_that_are_not_uuids(namespace, tmp_path, target):
    qdc = tmp_path / "c.qdc"
    qdc.write_text(f'<CodeBook xmlns="{namespace}" origin="x"><Codes><Code guid="code-1" name="Feelings" '
                   'isCodable="false"><Description>All feelings</Description><Code guid="code-2" name="and/or" '
                   'isCodable="true" color="#A0B"/><Code guid="code-3" name="And/Or" isCodable="true"/></Code>'
                   '</Codes><Sets/></CodeBook>', encoding="utf-8")
    plan, report = _run(qdc, target)
    with target.session() as s:
        nodes = {n.path: n for n in codebook.tree(s)}
    assert set(nodes) == {"Feelings", "Feelings/and∕or", "Feelings/And∕Or (2)"}
    assert nodes["Feelings"].description == "All feelings" and not nodes["Feelings"].codable
    assert nodes["Feelings/and∕or"].colour == "#AA00BB"
    assert any("the code 'and/or' is called 'and∕or'" in n for n in report.notes)


def test_an_existing_project_is_merged_by_guid_then_by_name_and_says_so(tmp_path, target):
    with target.transaction(access.system("t")) as s:
        mine = codebook.create_code(s, "Worry", uuid=uuid.UUID(CODE))  # same GUID, another name
        codebook.create_code(s, "Relief")  # same name
        coders.create_coder(s, "alice")
        src = sources.add_source(s, "interview1.txt", "interview", TEXT, sha256(TEXT.encode()))
        codings.apply_coding(s, src, mine, coders.get_coder(s, "alice"), 2, 14)
        cases.ensure_case(s, "P1")
    sels = selection(S1, 2, 14, "felt anxious") + selection(S2, 54, 75, "relieved it went well", code=CODE2)
    case = (f'<Cases><Case guid="{uuid.uuid4()}" name="p1"><SourceRef targetGUID="{SOURCE}"/></Case></Cases>')
    doc = project(text_source(sels), users=f'<Users><User guid="{USER}" name="Alice"/></Users>', tail="")
    doc = doc.replace("<Sources>", case + "<Sources>")
    path = qdpx(tmp_path / "p.qdpx", doc, {"sources/F0000000-0000-4000-8000-000000000001.txt": TEXT.encode()})
    _, report = _run(path, target)
    assert _coded(target) == [("alice", "Relief", "relieved it went well"), ("alice", "Worry", "felt anxious")]
    assert report.created == {"codings": 1} and report.present == 1
    merged = "\n".join(report.merged)
    for expected in ("user 'Alice' is the coder 'alice' (by name)", "code 'Worry' (by GUID)", "code 'Relief' (by name)",
                     "case 'p1' is the existing case 'P1' (by name)",
                     "source 'interview1.txt' is the source 'interview1.txt' (by name and text)"):
        assert expected in merged, expected


def test_a_coder_may_not_import_a_team_into_a_led_project(tmp_path, target):
    with target.transaction(access.system("t")) as s:
        coders.create_coder(s, "Lead", role="lead")
        me = coders.create_coder(s, "Carol")
    path = qdpx(tmp_path / "p.qdpx", project(text_source(selection(S1, 2, 14, "felt anxious"))),
                {"sources/F0000000-0000-4000-8000-000000000001.txt": TEXT.encode()})
    plan = refi_qda.read(path)
    with pytest.raises(Exception, match="cannot change Alice's codings"):
        with target.transaction(access.of_coder(me)) as s:
            refi_qda.write(s, plan)
    with target.session() as s:
        assert s.scalar(select(Coder.id).where(Coder.name == "Alice")) is None  # nothing was written


def test_a_project_with_nothing_tandem_can_hold_is_refused(tmp_path):
    doc = ('<Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="y"><Sources><AudioSource guid="'
           f'{uuid.uuid4()}" name="a.m4a" path="relative:///a.m4a"/></Sources></Project>')
    with pytest.raises(ImportFailed, match="holds nothing Tandem can import.*1 audio sources"):
        refi_qda.read(qdpx(tmp_path / "a.qdpx", doc))


@pytest.mark.parametrize("users_first", [True, False])
def test_sources_read_while_parsing_or_at_the_end_give_the_same_project(users_first, tmp_path, target):
    """Each source is read as soon as the parser completes it, and dropped
    (a large project is never held whole), once the users it may fall back
    on are known; a file listing its users after its sources — out of the
    standard's order — keeps them for the end and reads the same."""
    second = "50000000-0000-4000-8000-000000000002"
    sources = (text_source(selection(S1, 2, 14, "", user=USER2, coder=USER))
               + text_source(selection(S2, 2, 14, "", user=USER, coder=USER2) + selection(S3, 54, 62, ""),
                             path="internal://F0000000-0000-4000-8000-000000000002.txt", name="interview2.txt",
                             guid=second))
    document = project(sources)
    users = document[document.index("<Users>"):document.index("</Users>") + len("</Users>")]
    if not users_first:
        document = document.replace(users, "").replace("</Sources>", "</Sources>" + users)
        assert document.index("<Users>") > document.index("</Sources>")
    path = qdpx(tmp_path / "p.qdpx", document, {f"sources/F0000000-0000-4000-8000-00000000000{i}.txt": TEXT.encode()
                                                 for i in (1, 2)})
    plan, _ = _run(path, target)
    assert [s.name for s in plan.sources] == ["interview1.txt", "interview2.txt"]
    assert _coded(target) == [("Alice", "Anxiety", "felt anxious"), ("Alice", "Anxiety", "relieved"),
                              ("Bob", "Anxiety", "felt anxious")]
