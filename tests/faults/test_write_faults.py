"""Every kind of write on a full disk and on a read-only (immutable) project
file: one line saying what is true (the disk is full / the file is
read-only), the project byte for byte as it was, and no half-written file
left where a good one should be."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.cli.test_cli import run
from tests.disk import chattr, fill_disk

VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana>Short but useful.\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _writes(project: Path, folder: Path, capsys) -> dict[str, list[str]]:
    """One command of every kind of write, against ``project``."""
    vtt = folder.parent / "extra.vtt"
    vtt.write_text(VTT, encoding="utf-8")
    codings = folder.parent / "kim.csv"
    codings.write_text("source,coder,code,start,end,memo\n"
                       "Mentee survey,Kim Lee,Programme outcomes/Benefits/Career guidance,0,10,\n", encoding="utf-8")
    code, out, _ = run(capsys, "discrepancies", str(project), "--as", "Priya Raman", "--json")
    pending = next(d for d in json.loads(out) if d["status"] == "pending" and d["class"] == "a_only")
    return {
        "import": ["import", str(project), str(vtt), "--as", "Priya Raman"],
        "codings import": ["codings", "import", str(project), str(codings), "--as", "Priya Raman"],
        "coder": ["coders", "add", str(project), "Zed"],
        "decision": ["reconcile", str(project), "--as", "Priya Raman", "--decide", f"{pending['id']}=accept-a"],
        "depth": ["themes", str(project), "--as", "Priya Raman", "--depth", "1"],
    }


def test_every_write_on_a_full_disk_is_refused_saying_so(demo_template, small_disk, capsys):
    project = small_disk / "p.tandem"
    project.write_bytes(demo_template.read_bytes())
    commands = _writes(project, small_disk, capsys)
    fill_disk(small_disk)
    before = digest(project)
    for what, argv in commands.items():
        code, _o, err = run(capsys, *argv)
        assert code == 1 and err.count("\n") == 1, (what, err)
        assert "full" in err and "restore" not in err.lower(), (what, err)
    for kind, name in (("segments", "s.csv"), ("codebook", "c.docx"), ("table", "t.docx"), ("segments", "s.xlsx")):
        code, _o, err = run(capsys, "export", kind, str(project), str(small_disk / name), "--as", "Priya Raman")
        assert code == 1 and err.count("\n") == 1 and str(small_disk / name) in err, (kind, err)
        assert not (small_disk / name).exists()
    code, _o, err = run(capsys, "backup", str(project))
    assert code == 1 and err.count("\n") == 1 and "free some space" in err
    assert digest(project) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "p.tandem"]  # nothing half-written


def test_every_write_to_an_immutable_project_is_refused_saying_so(demo_template, tmp_path, capsys):
    folder = tmp_path / "work"
    folder.mkdir()
    project = folder / "p.tandem"
    project.write_bytes(demo_template.read_bytes())
    commands = _writes(project, folder, capsys)
    before = digest(project)
    chattr("+i", project)
    try:
        for what, argv in commands.items():
            code, _o, err = run(capsys, *argv)
            assert code == 1 and err.count("\n") == 1 and "read-only" in err, (what, err)
        out = folder / "segments.csv"
        assert run(capsys, "export", "segments", str(project), str(out), "--as", "Priya Raman")[0] == 0
        assert out.stat().st_size > 0  # reading and exporting go on
    finally:
        chattr("-i", project)
    assert digest(project) == before
