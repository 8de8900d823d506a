"""No export runs code in a spreadsheet: codes, coders, cases and memos named
like formulas (=, +, -, @, tab, carriage return) are written as text in every
CSV and XLSX Tandem writes — the agreement report, coded segments, the
codebook, codings, the matrix."""
from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from coding import access, codebook, coders, codings, sources
from coding.agreement.corpus import AgreementRequest
from coding.agreement.service import compute_agreement
from exporters.agreement import export_report
from exporters.codebook_csv import export as export_codebook_csv
from exporters.codebook_report import export_codebook
from exporters.codings_csv import export as export_codings
from exporters.matrix import export_matrix
from exporters.segments import export_segments
from tests.factories import seed_themes

HOSTILE = ["=HYPERLINK(\"x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturned"]


@pytest.fixture
def project(sqlite_store):
    store = seed_themes(sqlite_store)
    with store.transaction(access.system("t")) as s:
        omar = coders.create_coder(s, "@Omar")
        source = sources.get_source(s, "Survey")
        parent = codebook.get_code(s, "Influences/Negative")
        for i, name in enumerate(HOSTILE):
            code = codebook.create_code(s, name, parent=parent)
            codings.apply_coding(s, source, code, omar, i, i + 5, memo=name)
            codings.apply_coding(s, source, code, coders.get_coder(s, "Lena"), i, i + 5)
    return store


def _lead(store):
    with store.session() as s:
        return access.resolve(s, "Lena")


def _csv_cells(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def _assert_csv_safe(path):
    cells = _csv_cells(path)
    assert any("=HYPERLINK" in c or "@Omar" in c for c in cells), path  # the hostile text is there, guarded
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))
                or (c.startswith("-") and not c[1:].replace(".", "", 1).isdigit())], path


def _assert_xlsx_safe(path):
    book = load_workbook(path)
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert any(isinstance(c.value, str) and ("=HYPERLINK" in c.value or "@Omar" in c.value) for c in cells), path
    assert not [c.coordinate for c in cells if c.data_type == "f"], path


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_every_export_keeps_formula_like_text_as_text(project, tmp_path, suffix):
    lead = _lead(project)
    with project.session() as s:
        report = compute_agreement(s, lead, AgreementRequest(coders=("Lena", "@Omar"), n_boot=50))
        export_report(report, tmp_path / f"agreement{suffix}")
        export_segments(s, lead, tmp_path / f"segments{suffix}")
        export_codebook(s, lead, tmp_path / f"codebook{suffix}")
        export_matrix(s, lead, tmp_path / f"matrix{suffix}", "group")
        if suffix == ".csv":
            export_codebook_csv(s, tmp_path / "codebook-exchange.csv")
            export_codings(s, lead, tmp_path / "codings.csv")
    check = _assert_csv_safe if suffix == ".csv" else _assert_xlsx_safe
    written = sorted(tmp_path.glob(f"*{suffix}"))
    assert len(written) == (7 if suffix == ".csv" else 4)
    for path in written:
        check(path)
