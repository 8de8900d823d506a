"""`tandem export qdpx`, `tandem export codebook OUT.qdc` and `tandem import
PROJECT FILE.qdpx|.qdc` on the demo study: files written, a new project made
from the export (with the consensus layer when a lead imports it), JSON, and
blind mode named in the output."""
from __future__ import annotations

import json
import zipfile

from sqlalchemy import func, select

from storage import open_project
from storage.models import Coder, Coding

from tests.cli.test_cli import assert_one_line_error, run


def _codings(path) -> dict:
    store = open_project(path)
    try:
        with store.session() as s:
            return dict(s.execute(select(Coder.name, func.count(Coding.id)).join(Coding, Coding.coder_id == Coder.id)
                                  .group_by(Coder.name)).all())
    finally:
        store.close()


def test_export_qdpx_and_import_it_into_a_new_project(demo_copy, tmp_path, capsys):
    out = tmp_path / "demo.qdpx"
    code, stdout, err = run(capsys, "export", "qdpx", demo_copy, out, "--as", "Priya Raman")
    assert code == 0, err
    assert stdout.startswith(f"wrote {out}: 5 sources, ") and "by 3 users" in stdout
    with zipfile.ZipFile(out) as z:
        assert z.namelist()[0] == "project.qde"
    new = tmp_path / "copy.tandem"
    code, stdout, err = run(capsys, "import", new, out, "--as", "Priya Raman", "--json")
    assert code == 0, err
    result = json.loads(stdout)
    assert result["created_project"] == str(new)
    [done] = result["imports"]
    assert done["created"]["sources"] == 5 and done["already_present"] == 0
    assert _codings(new) == _codings(demo_copy)  # every layer, the consensus layer too (Priya leads)
    code, stdout, err = run(capsys, "import", new, out, "--as", "Priya Raman")
    assert code == 0, err
    assert stdout.startswith(f"imported {out}: nothing new; ") and "codings already present" in stdout


def test_export_codebook_as_qdc_and_import_it(demo_copy, tmp_path, capsys):
    out = tmp_path / "codes.qdc"
    code, stdout, err = run(capsys, "export", "codebook", demo_copy, out)
    assert code == 0, err
    assert stdout.strip() == f"wrote 26 codes to {out} (REFI-QDA codebook)"
    empty = tmp_path / "empty.tandem"
    assert run(capsys, "new", empty)[0] == 0
    code, stdout, err = run(capsys, "import", empty, out)
    assert code == 0, err
    assert stdout.startswith(f"imported {out}: 26 codes")


def test_a_coder_under_blind_coding_is_told_what_the_export_holds(demo_copy, tmp_path, capsys):
    assert run(capsys, "blind", demo_copy, "on", "--as", "Priya Raman")[0] == 0
    code, stdout, err = run(capsys, "export", "qdpx", demo_copy, tmp_path / "mine.qdpx", "--as", "Daniel Osei")
    assert code == 0, err
    assert "(independent coding is on: only Daniel Osei's own codings and memos)" in stdout


def test_a_wrong_extension_is_refused_in_one_line(demo_copy, tmp_path, capsys):
    assert_one_line_error(*run(capsys, "export", "qdpx", demo_copy, tmp_path / "p.zip")[::2],
                          "'.zip' is not a supported format")
    assert not list(tmp_path.glob("p.*"))
