"""Small files that would expand into huge projects or run for minutes are
refused in seconds, naming the limit (``importers.limits``) and what to do;
real documents of the same shape import."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from importers import documents, limits
from importers.errors import ImportFailed
from tests.importers import office_files as make
from tests.importers.hostile_files import rewrite_zip


def plan(path: Path, **opts):
    return documents.plan(path, documents.ImportOptions(**opts))


def refused(path: Path, pattern: str, **opts) -> str:
    started = time.monotonic()
    with pytest.raises(ImportFailed) as info:
        plan(path, **opts)
    message = str(info.value)
    assert message.startswith(str(path)) and "\n" not in message, message
    assert re.search(pattern, message), message
    assert time.monotonic() - started < 30, "a bomb must be refused in seconds, not minutes"
    return message


@pytest.mark.parametrize("xml, what", [
    ('<text:p>a<text:s text:c="100000000"/>b</text:p>', "text:c"),
    ('<table:table><table:table-row><table:table-cell table:number-columns-repeated="100000000">'
     '<text:p>cell</text:p></table:table-cell></table:table-row></table:table>', "table:number-columns-repeated"),
    ('<table:table><table:table-row table:number-rows-repeated="100000000"><table:table-cell>'
     '<text:p>row</text:p></table:table-cell></table:table-row></table:table>', "table:number-rows-repeated"),
])
def test_a_tiny_odt_with_a_huge_repeat_count_is_refused(tmp_path, xml, what):
    path = make.odt(tmp_path / "bomb.odt", xml)
    assert path.stat().st_size < 1000
    message = refused(path, rf"{what}='100000000'.*over Tandem's limit of {limits.MAX_REPEAT:,}")
    assert "LibreOffice" in message


def test_many_allowed_repeats_cannot_add_up_past_the_text_limit(tmp_path):
    spaces = f'<text:s text:c="{limits.MAX_REPEAT}"/>'
    count = limits.MAX_TEXT_CHARS // limits.MAX_REPEAT + 1
    path = make.odt(tmp_path / "spaces.odt", f"<text:p>a{spaces * count}b</text:p>")
    assert path.stat().st_size < 100_000
    refused(path, rf"text is over {limits.MAX_TEXT_CHARS:,} characters|over Tandem's limit of "
                  rf"{limits.MAX_TEXT_CHARS:,} characters")


def _docx_padded(tmp_path: Path, paragraphs: int) -> Path:
    good = make.docx_paragraphs(tmp_path / "good.docx", ["First."])
    padding = b"".join(b"<w:p><w:r><w:t>Padding paragraph %d of %x.</w:t></w:r></w:p>" % (i, i * 7919)
                       for i in range(paragraphs))

    def change(member: str, data: bytes):
        if member == "word/document.xml":
            at = data.index(b"<w:body>") + len(b"<w:body>")
            return member, data[:at] + padding + data[at:]
        return None

    return rewrite_zip(good, tmp_path / "padded.docx", change)


def test_a_docx_padded_with_paragraphs_is_refused_before_it_is_read(tmp_path):
    path = _docx_padded(tmp_path, limits.MAX_PARAGRAPHS + 1)
    assert path.stat().st_size < 3_000_000
    refused(path, rf"more than {limits.MAX_PARAGRAPHS:,} paragraphs.*over Tandem's limit")


def test_a_long_real_docx_imports_well_within_the_time_limit(tmp_path):
    """Style names are looked up once per style, not once per paragraph: python-docx
    took a millisecond for each (20 s for these 20,000 paragraphs, 17 minutes for 2
    million); a tenth of the time limit is ample now (about a second)."""
    path = _docx_padded(tmp_path, 20_000)
    with limits.time_limit(path, seconds=limits.MAX_SECONDS / 10):
        planned = plan(path, kind="notes")
    assert len(planned.sections) == 20_001


def test_too_many_pages_of_pdf_is_refused(tmp_path):
    good = make.pdf(tmp_path / "one.pdf", ["A page."])
    data = good.read_bytes()
    pages = limits.MAX_PDF_PAGES + 1
    kids = b" ".join(b"3 0 R" for _ in range(pages))
    bomb = data.replace(b"/Kids [3 0 R] /Count 1", b"/Kids [" + kids + b"] /Count %d" % pages)
    # the xref offsets after object 2 moved: pypdf repairs that by itself
    path = tmp_path / "pages.pdf"
    path.write_bytes(bomb)
    refused(path, rf"{pages:,} pages, over Tandem's limit of {limits.MAX_PDF_PAGES:,}")


def test_a_text_with_too_many_sections_is_refused(tmp_path):
    path = tmp_path / "many.txt"
    path.write_bytes(b"x\n\n" * (limits.MAX_SECTIONS + 1))
    refused(path, rf"{limits.MAX_SECTIONS + 1:,} sections .*over Tandem's limit of {limits.MAX_SECTIONS:,}",
            kind="notes")


def test_reading_stops_when_the_time_limit_is_up(tmp_path):
    path = make.docx_paragraphs(tmp_path / "notes.docx", ["One.", "Two."])
    with limits.time_limit(path, seconds=0.0):
        with pytest.raises(ImportFailed, match=r"took longer than 0 seconds, Tandem's limit for one file"):
            plan(path)
    assert plan(path).sections  # the limit is per read: the next one has its own time
