"""A .qdpx comes from someone else's computer.  Member paths leaving the
folder (zip slip, absolute paths, drive letters, symbolic links), paths in
the XML pointing outside the package, decompression bombs, over-large
members, XML entity tricks (in UTF-8 and UTF-16), and files that are really
something else are each refused with one message naming the problem and the
fix — through the command line, with the project untouched (and a project
the import would have created not left behind), nothing written anywhere,
not even to the temporary folder."""
from __future__ import annotations

import hashlib
import tempfile
import zipfile
from pathlib import Path

import pytest

from importers import refi_package
from importers.errors import ImportFailed
from importers.refi_qda import read

from tests.cli.test_cli import assert_one_line_error, run
from tests.importers.office_files import docx_paragraphs
from tests.importers.refi_files import project, qdpx, selection, symlink_member, text_source

TEXT = b"I felt anxious before the interview.\n"
MEMBER = "sources/F0000000-0000-4000-8000-000000000001.txt"
GOOD = project(text_source(selection("E0000000-0000-4000-8000-000000000001", 2, 14, "felt anxious")))


@pytest.fixture
def quiet_tmp(tmp_path, monkeypatch):
    """The temporary folder, empty: an import must leave nothing in it."""
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    yield folder
    assert list(folder.iterdir()) == []


@pytest.fixture
def existing(tmp_path, capsys):
    path = tmp_path / "study.tandem"
    assert run(capsys, "new", path)[0] == 0
    return path


def _refused(capsys, tmp_path, existing, bad: Path, fragment: str) -> None:
    before = hashlib.sha256(existing.read_bytes()).hexdigest()
    assert_one_line_error(*run(capsys, "import", existing, bad)[::2], fragment)
    assert hashlib.sha256(existing.read_bytes()).hexdigest() == before
    fresh = tmp_path / "fresh.tandem"
    assert_one_line_error(*run(capsys, "import", fresh, bad)[::2], fragment)
    assert not list(tmp_path.glob("fresh.tandem*"))  # the project the import would have made is gone again


@pytest.mark.parametrize("name,why", [
    ("../evil.txt", "climbs out with '..'"), ("sources/../../evil.txt", "climbs out with '..'"),
    ("/tmp/evil.txt", "it is an absolute path"), ("C:\\Windows\\evil.txt", "it is an absolute path"),
])
def test_member_paths_leaving_the_folder(name, why, tmp_path, existing, capsys, quiet_tmp):
    bad = qdpx(tmp_path / "slip.qdpx", GOOD, {MEMBER: TEXT, name: b"owned"})
    _refused(capsys, tmp_path, existing, bad, "zip-slip attack, or a damaged file; Tandem refuses it")
    with pytest.raises(ImportFailed, match=why.replace("(", r"\(")):
        read(bad)
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_a_symbolic_link_member(tmp_path, existing, capsys, quiet_tmp):
    bad = qdpx(tmp_path / "link.qdpx", GOOD)
    symlink_member(bad, MEMBER, "/etc/passwd")
    _refused(capsys, tmp_path, existing, bad, "(it is a symbolic link)")


def test_source_paths_in_the_xml_pointing_outside(tmp_path, existing, capsys, quiet_tmp):
    climbing = project(text_source("", path="internal://../../../etc/passwd"))
    _refused(capsys, tmp_path, existing, qdpx(tmp_path / "up.qdpx", climbing), "points outside the project")
    for path in ("absolute:///etc/passwd", "file:///etc/passwd", "relative:///../../etc/passwd"):
        outside = project(text_source("", path=path) + text_source("", name="ok", guid="5" * 8 + "-0000-4000-8000-"
                                                                    + "0" * 12))
        plan = read(qdpx(tmp_path / "out.qdpx", outside, {MEMBER: TEXT}))
        assert [s.name for s in plan.sources] == ["ok"]  # never read from the disk: listed as missing its text
        assert any("'interview1.txt' (its text is not in the file" in n for n in plan.not_imported)


def test_a_decompression_bomb(tmp_path, existing, capsys, quiet_tmp):
    bad = qdpx(tmp_path / "bomb.qdpx", GOOD, {MEMBER: b"\0" * (12 * 1024 * 1024)})
    assert bad.stat().st_size < 200_000
    _refused(capsys, tmp_path, existing, bad, "as a possible decompression bomb")


def test_over_large_members_and_documents(tmp_path, existing, capsys, quiet_tmp, monkeypatch):
    from importers import limits

    monkeypatch.setattr(limits, "MAX_TEXT_BYTES", 1000)
    big = qdpx(tmp_path / "big.qdpx", GOOD, {MEMBER: b"word " * 400})
    _refused(capsys, tmp_path, existing, big, "it unpacks to 2 kB, over Tandem's limit of 1 kB")
    monkeypatch.setattr(refi_package, "MAX_XML", 500)
    _refused(capsys, tmp_path, existing, qdpx(tmp_path / "doc.qdpx", GOOD, {MEMBER: TEXT}),
             "project.qde (the project document): it unpacks to")
    bare = tmp_path / "bare.qde"
    bare.write_text(GOOD, encoding="utf-8")
    _refused(capsys, tmp_path, existing, bare, "bare.qde: it is 1 kB, over Tandem's limit of 500 bytes")


ENTITIES = {
    "billion laughs": '<!DOCTYPE Project [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                      '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
    "external entity": '<!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>',
    "external DTD": '<!DOCTYPE Project SYSTEM "http://example.com/evil.dtd">',
}


@pytest.mark.parametrize("kind", sorted(ENTITIES))
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_xml_entity_tricks(kind, encoding, tmp_path, existing, capsys, quiet_tmp):
    body = GOOD.replace('name="Test project"', 'name="&c;"' if kind == "billion laughs" else 'name="&secret;"'
                        if kind == "external entity" else 'name="x"')
    doc = body.replace("?>\n", "?>\n" + ENTITIES[kind] + "\n", 1)
    if encoding == "utf-16":
        doc = doc.replace('encoding="utf-8"', 'encoding="utf-16"')
    bad = qdpx(tmp_path / "xxe.qdpx", doc.encode(encoding), {MEMBER: TEXT})
    _refused(capsys, tmp_path, existing, bad, "declares XML entities or a document type (<!DOCTYPE …>)")


def test_a_bare_qde_with_a_doctype_is_refused_too(tmp_path, existing, capsys, quiet_tmp):
    bad = tmp_path / "p.qde"
    bad.write_text(GOOD.replace("?>\n", "?>\n" + ENTITIES["external entity"], 1), encoding="utf-8")
    _refused(capsys, tmp_path, existing, bad, "declares XML entities")


def test_files_that_are_something_else(tmp_path, existing, capsys, quiet_tmp):
    pdf_file = tmp_path / "report.qdpx"
    pdf_file.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    _refused(capsys, tmp_path, existing, pdf_file, "is not a REFI-QDA project: it is not a zip archive (it looks "
                                                   "like a PDF file)")
    docx = docx_paragraphs(tmp_path / "w.docx", ["Hello"])
    renamed = tmp_path / "renamed.qdpx"
    renamed.write_bytes(docx.read_bytes())
    _refused(capsys, tmp_path, existing, renamed, "it is a Word document (.docx) renamed")
    empty_zip = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(empty_zip, "w") as z:
        z.writestr("notes.txt", "hi")
    _refused(capsys, tmp_path, existing, empty_zip, "a zip archive without a project document (*.qde) at its root")
    two = qdpx(tmp_path / "two.qdpx", GOOD, {"other.qde": GOOD.encode()})
    _refused(capsys, tmp_path, existing, two, "holds 2 project documents")
    broken = qdpx(tmp_path / "broken.qdpx", GOOD[:-40])
    _refused(capsys, tmp_path, existing, broken, "is not well-formed XML")
    html = qdpx(tmp_path / "html.qdpx", "<html><body>hi</body></html>")
    _refused(capsys, tmp_path, existing, html, "its root element is <html>")
    cut = tmp_path / "cut.qdpx"
    cut.write_bytes(qdpx(tmp_path / "whole.qdpx", GOOD, {MEMBER: TEXT}).read_bytes()[:150])
    _refused(capsys, tmp_path, existing, cut, "the zip archive is damaged or truncated")


def test_a_text_that_is_not_utf8(tmp_path, existing, capsys, quiet_tmp):
    bad = qdpx(tmp_path / "enc.qdpx", GOOD, {MEMBER: b"caf\xe9 \xff\xfe binary"})
    _refused(capsys, tmp_path, existing, bad, "is not UTF-8, which REFI-QDA text files are")


def test_mixing_refi_files_with_documents_is_refused(tmp_path, existing, capsys):
    good = qdpx(tmp_path / "ok.qdpx", GOOD, {MEMBER: TEXT})
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    assert_one_line_error(*run(capsys, "import", existing, good, tmp_path / "a.txt")[::2],
                          "import REFI-QDA files (.qdpx, .qdc, .qde) on their own")
    assert_one_line_error(*run(capsys, "import", existing, good, "--kind", "interview")[::2],
                          "--kind do not apply to REFI-QDA files")
