"""The codings CSV names a source by its name or, where one source has it,
by the file it was imported from ("interview3.docx", not the stem)."""
from __future__ import annotations

import pytest

from coding import access, sources
from coding.text import sha256
from importers import codings_csv
from importers.errors import ImportFailed

TEXT = "She always answered my emails.\n"


def _add(s, name, filename):
    sources.add_source(s, name, "interview", TEXT, sha256(name.encode()), original_filename=filename)


def test_a_source_is_found_by_its_file_name_when_only_one_has_it(sqlite_store, tmp_path):
    with sqlite_store.transaction(access.system("t")) as s:
        _add(s, "Interview 3", "interview3.docx")
        _add(s, "Interview 4a", "interview4.docx")
        _add(s, "Interview 4b", "interview4.docx")
    path = tmp_path / "c.csv"
    path.write_text("source,coder,code,start,end,memo\nInterview3.DOCX,Ana,Access,0,3,\n", encoding="utf-8")
    with sqlite_store.transaction(access.system("t")) as s:
        assert codings_csv.write(s, codings_csv.parse(path), path) == (1, 0)
    path.write_text("source,coder,code,start,end,memo\ninterview4.docx,Ana,Access,0,3,\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="file of several sources .*Interview 4a, Interview 4b"):
        with sqlite_store.transaction(access.system("t")) as s:
            codings_csv.write(s, codings_csv.parse(path), path)
