"""An import that names an existing case spelled differently ("fg-01" for
FG-01) gives its turns to that case and says so."""
from __future__ import annotations

import json

from coding import cases, sources
from storage import open_project
from tests.cli.test_cli import run

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana>It helped.\n\n00:00:05.000 --> 00:00:07.000\n<v Ben>Not me.\n"


def test_a_case_spelled_differently_is_the_existing_case_and_the_import_says_so(demo_copy, tmp_path, capsys):
    vtt = tmp_path / "extra.vtt"
    vtt.write_text(VTT, encoding="utf-8")
    code, out, err = run(capsys, "import", str(demo_copy), str(vtt), "--speaker", "Ana=fg-01", "--speaker",
                         "Ben=NEW-1", "--json", "--as", "Priya Raman")
    assert code == 0, err
    notes = json.loads(out)["decisions"]
    assert any("'fg-01' is the existing case 'FG-01'" in n for n in notes)
    with open_project(demo_copy) as store, store.session() as s:
        names = [c.name for c in cases.list_cases(s)]
        assert "fg-01" not in names and "NEW-1" in names
        src = sources.get_source(s, "extra")
        assert [x.case.name for x in sources.sections_of(s, src)] == ["FG-01", "NEW-1"]
