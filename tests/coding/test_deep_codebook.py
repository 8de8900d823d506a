"""A codebook path a thousand levels deep is refused at the door, and a
project that already holds a very deep chain (written by an older Tandem or
another program) is still listed, exported and compared: nothing recurses
on the user's data."""
from __future__ import annotations

import uuid

from sqlalchemy import insert, select

from coding import access, codebook
from storage.models import Code
from tests.cli.test_cli import run


def test_an_absurdly_deep_path_is_refused_in_one_line(tmp_path, capsys):
    project = tmp_path / "p.tandem"
    assert run(capsys, "new", str(project))[0] == 0
    deep = tmp_path / "deep.csv"
    deep.write_text("code,description\n" + "/".join(f"L{i}" for i in range(1000)) + ",too deep\n",
                    encoding="utf-8")
    before = project.read_bytes()
    code, _o, err = run(capsys, "codebook", "import", str(project), str(deep))
    assert code == 1 and err.count("\n") == 1 and "levels deep" in err
    assert project.read_bytes() == before


def test_moving_a_code_too_deep_is_refused(sqlite_store):
    with sqlite_store.transaction(access.system("t")) as s:
        chain = codebook.ensure_path(s, "/".join(f"L{i}" for i in range(codebook.MAX_DEPTH + 1)))
        other = codebook.ensure_path(s, "Other/Below")
        try:
            codebook.move_code(s, codebook.get_code(s, "Other"), chain)
        except Exception as exc:  # noqa: BLE001 - the message is what matters
            assert "levels deep" in str(exc)
        else:
            raise AssertionError("a move past the depth limit was accepted")
        assert other.parent.name == "Other"


def test_a_very_deep_codebook_already_in_a_project_is_read_without_recursion(sqlite_store, tmp_path, capsys):
    with sqlite_store.transaction(access.system("t")) as s:
        parent = None
        for i in range(3000):  # far past Python's recursion limit, as an older file could hold
            parent = s.execute(insert(Code).values(name=f"L{i}", colour="#AABBCC", parent_id=parent, position=0,
                                                   uuid=uuid.uuid4())
                               .returning(Code.id)).scalar()
    with sqlite_store.session() as s:
        walked = list(codebook.walk(s))
        assert len(walked) == 3000 and walked[-1][1] == 2999
        assert len(codebook.tree(s)) == 3000
        assert s.scalar(select(Code.name).where(Code.id == parent)) == "L2999"
    path = sqlite_store.path
    sqlite_store.close()
    code, out, err = run(capsys, "codebook", "list", str(path))
    assert code == 0, err
    code, _o, err = run(capsys, "codebook", "export", str(path), str(tmp_path / "cb.csv"))
    assert code == 0, err
