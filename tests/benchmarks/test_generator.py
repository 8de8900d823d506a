"""The benchmark generator builds what its spec says, the same every time,
and the plain per-character loop the table compares with computes the same
κ as Tandem on the same file (else the ratio would compare different work)."""
from __future__ import annotations

import sqlite3

import pytest

from benchmarks import generator, per_character
from benchmarks.generator import Spec

SPEC = Spec(sources=3, chars=3000, codes=4, per_code=2, agree=0.5, span=(20, 300), turn=400, seed=5)


@pytest.fixture()
def built(tmp_path, monkeypatch):
    monkeypatch.setattr(generator, "ROOT", tmp_path)  # built here, not in the shared cache
    return generator.project(SPEC)


def _codings(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT s.name, c.name, k.name, x.start, x.\"end\" FROM coding x JOIN source s ON "
                          "s.id = x.source_id JOIN code c ON c.id = x.code_id JOIN coder k ON k.id = x.coder_id "
                          "ORDER BY 1, 2, 3, 4, 5").fetchall()


def test_the_project_holds_every_coding_of_its_spec(built):
    rows = _codings(built)
    assert len(rows) == SPEC.n_codings == 3 * 4 * 2 * 2
    assert {r[2] for r in rows} == {"A", "B"}
    with sqlite3.connect(built) as db:
        lengths = [n for (n,) in db.execute("SELECT n_chars FROM source")]
        sections = db.execute("SELECT COUNT(*) FROM section").fetchone()[0]
    assert lengths == [3000] * 3
    assert sections >= 3 * 3000 // 500  # speaker turns of about 400 characters


def test_the_same_spec_gives_the_same_codings(built, tmp_path, monkeypatch):
    monkeypatch.setattr(generator, "ROOT", tmp_path / "again")
    assert _codings(generator.project(SPEC)) == _codings(built)


def test_one_coders_copy_holds_that_coder_alone(built):
    rows = _codings(generator.project(SPEC, "coder-B"))
    assert rows and {r[2] for r in rows} == {"B"}
    assert rows == [r for r in _codings(built) if r[2] == "B"]


def test_the_plain_loop_computes_tandems_kappa(built):
    from coding import access
    from coding.agreement.corpus import AgreementRequest
    from coding.agreement.service import compute_agreement
    from storage import open_project

    lengths, codes, spans, a, b = per_character.read(str(built), "A", "B")
    plain = per_character.agree(lengths, codes, spans, a, b)
    with open_project(built) as store, store.session() as s:
        report = compute_agreement(s, access.system("test"), AgreementRequest(("A", "B"), unit="char", n_boot=0))
    tandem = {r.code_id: r.coefficients.cohen_kappa for r in report.codes}
    assert set(plain) == set(tandem)
    for code, kappa in plain.items():
        assert kappa == pytest.approx(tandem[code], abs=1e-9)
