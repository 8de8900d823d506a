"""The reconciliation decisions log written to CSV, XLSX and DOCX: rows built by
hand as the reconciliation service gives them, read back with csv, openpyxl and
python-docx and checked cell by cell."""
from __future__ import annotations

import csv

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl import load_workbook

from exporters.atomic import ExportFailed
from exporters.decisions_log import export_decisions
from storage.errors import TandemError

ZOE, DANIEL = "c0000000-0000-4000-8000-00000000000a", "c0000000-0000-4000-8000-00000000000b"
PRACTICAL, EMOTIONAL = "Support/Practical help", "Support/Emotional support"
INJECTED = '=HYPERLINK("http://example.com/x", "click") … said it twice'
METHODS = ("Two coders (Zoë and Daniel) coded independently; every discrepancy was discussed "
           "and decided by consensus, the rationale recorded for each decision.")
HEADER = ["decided_at", "discrepancy_id", "class", "code", "source", "coder_a", "coder_b",
          "a_spans", "b_spans", "choice", "rationale", "decided_by", "status", "reopened_by",
          "reopened_at", "reopen_reason", "consensus_codings_added", "decision_uuid"]
DOCX_HEADER = ["Code", "Source", "Class", "Choice", "Rationale", "Decided by", "Date"]


def _basis(n, coder, code, start, end):
    return {"uuid": f"b000000{n}-0000-4000-8000-000000000000", "coder_uuid": coder,
            "code_uuid": f"d000000{n}-0000-4000-8000-000000000000", "code": code,
            "start": start, "end": end}


def _row(n, cls, code, basis, choice, rationale, decided_by, decided_at, created=(),
         status="decided", span=None, reopened_by=None, reopened_at=None, reopen_reason=None):
    return {"discrepancy_id": f"D-{n}", "uuid": f"e000000{n}-0000-4000-8000-000000000000",
            "class": cls, "code": code, "source": "Interview 3 – Zoë", "coder_a": "Zoë",
            "coder_b": "Daniel", "unit": "character", "choice": choice, "rationale": rationale,
            "status": status, "decided_by": decided_by, "decided_at": decided_at,
            "created": list(created), "span": span, "reopened_by": reopened_by,
            "reopened_at": reopened_at, "reopen_reason": reopen_reason, "basis": basis}


@pytest.fixture
def rows():
    return [
        _row(1, "a_only", PRACTICAL, [_basis(1, ZOE, PRACTICAL, 40, 60)], "accept-a", INJECTED,
             "Zoë", "2024-05-03T14:22:10+00:00", created=["f0000001-0000-4000-8000-000000000000"]),
        _row(2, "different_code", f"{PRACTICAL} | {EMOTIONAL}",
             [_basis(2, ZOE, PRACTICAL, 100, 180), _basis(3, DANIEL, EMOTIONAL, 102, 175)],
             "both", "Both readings hold: help offered and comfort.", "Daniel",
             "2024-05-04T09:05:00+00:00",
             created=["f0000002-0000-4000-8000-000000000000", "f0000003-0000-4000-8000-000000000000"]),
        _row(3, "boundary", EMOTIONAL,
             [_basis(4, ZOE, EMOTIONAL, 200, 260), _basis(5, DANIEL, EMOTIONAL, 210, 270)],
             "edit", "The whole quote, not half of it.", "Zoë", "2024-05-05T23:59:59+00:00",
             created=["f0000004-0000-4000-8000-000000000000"], status="reopened", span=[200, 270],
             reopened_by="Daniel", reopened_at="2024-05-06T08:00:00+00:00",
             reopen_reason="Span cuts off the speaker’s last sentence…"),
        _row(4, "b_only", EMOTIONAL,
             [_basis(6, DANIEL, EMOTIONAL, 300, 320), _basis(7, DANIEL, EMOTIONAL, 330, 340)],
             "neither", "", "Daniel", "2024-05-07T10:00:00+00:00"),
    ]


def _csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _docx_rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


# ----------------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------------

def test_csv_holds_one_raw_row_per_decision(rows, tmp_path):
    path = export_decisions(rows, tmp_path / "decisions.csv", METHODS)
    assert path == tmp_path / "decisions.csv"
    table = _csv(path)
    assert table[0] == HEADER
    assert len(table) == 1 + len(rows)
    records = [dict(zip(HEADER, r)) for r in table[1:]]
    first, different, reopened, b_only = records
    assert first == {
        "decided_at": "2024-05-03T14:22:10+00:00", "discrepancy_id": "D-1", "class": "a_only",
        "code": PRACTICAL, "source": "Interview 3 – Zoë", "coder_a": "Zoë", "coder_b": "Daniel",
        "a_spans": "40–60", "b_spans": "", "choice": "accept-a",
        "rationale": "'" + INJECTED,  # never a live formula in a spreadsheet
        "decided_by": "Zoë", "status": "decided", "reopened_by": "", "reopened_at": "",
        "reopen_reason": "", "consensus_codings_added": "1",
        "decision_uuid": "e0000001-0000-4000-8000-000000000000"}
    assert different["class"] == "different_code"  # machine-readable: the raw value
    assert different["code"] == f"{PRACTICAL} | {EMOTIONAL}"
    assert (different["a_spans"], different["b_spans"]) == ("100–180", "102–175")
    assert different["consensus_codings_added"] == "2"
    assert (reopened["a_spans"], reopened["b_spans"]) == ("200–260", "210–270")
    assert reopened["status"] == "reopened" and reopened["reopened_by"] == "Daniel"
    assert reopened["reopened_at"] == "2024-05-06T08:00:00+00:00"
    assert reopened["reopen_reason"] == "Span cuts off the speaker’s last sentence…"
    assert (b_only["a_spans"], b_only["b_spans"]) == ("", "300–320; 330–340")
    assert b_only["consensus_codings_added"] == "0" and b_only["rationale"] == ""


# ----------------------------------------------------------------------------
# XLSX
# ----------------------------------------------------------------------------

def test_xlsx_sheet_has_a_bold_frozen_filtered_header(rows, tmp_path):
    book = load_workbook(export_decisions(rows, tmp_path / "decisions.xlsx", METHODS))
    assert book.sheetnames == ["Decisions", "Methods"]
    sheet = book["Decisions"]
    assert [c.value for c in sheet[1]] == HEADER
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:R5"
    assert sheet.max_row == 1 + len(rows)
    widths = {h: sheet.column_dimensions[c.column_letter].width for h, c in zip(HEADER, sheet[1])}
    assert widths["rationale"] >= 40 and widths["decision_uuid"] >= 36
    assert all(widths[h] >= len(h) for h in HEADER)  # no header cut off


def test_xlsx_cells_carry_labels_spans_and_counts(rows, tmp_path):
    sheet = load_workbook(export_decisions(rows, tmp_path / "decisions.xlsx"))["Decisions"]
    records = [dict(zip(HEADER, (c.value for c in r))) for r in sheet.iter_rows(min_row=2)]
    assert [r["class"] for r in records] == ["A only", "different code", "boundary", "B only"]
    assert [(r["a_spans"], r["b_spans"]) for r in records] == [
        ("40–60", None), ("100–180", "102–175"), ("200–260", "210–270"), (None, "300–320; 330–340")]
    assert [r["consensus_codings_added"] for r in records] == [1, 2, 1, 0]
    assert records[0]["source"] == "Interview 3 – Zoë" and records[0]["decided_by"] == "Zoë"
    assert records[0]["decided_at"] == "2024-05-03T14:22:10+00:00"
    assert records[1]["code"] == f"{PRACTICAL} | {EMOTIONAL}"
    assert records[2]["status"] == "reopened"
    assert records[2]["reopen_reason"] == "Span cuts off the speaker’s last sentence…"
    assert records[3]["decision_uuid"] == "e0000004-0000-4000-8000-000000000000"


def test_xlsx_text_is_never_a_formula(rows, tmp_path):
    rows[1]["decided_by"] = "@Daniel"
    rows[2]["rationale"] = "-1 boundary, +2 words\x07"  # a control character Excel cannot hold
    sheet = load_workbook(export_decisions(rows, tmp_path / "decisions.xlsx"))["Decisions"]
    rationale = sheet.cell(2, HEADER.index("rationale") + 1)
    assert rationale.value == INJECTED and rationale.data_type == "s" and rationale.quotePrefix
    assert sheet.cell(3, HEADER.index("decided_by") + 1).quotePrefix
    edited = sheet.cell(4, HEADER.index("rationale") + 1)
    assert edited.value == "-1 boundary, +2 words" and edited.data_type == "s"
    assert not sheet.cell(2, HEADER.index("code") + 1).quotePrefix  # plain text left as it is
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)


def test_xlsx_methods_sheet_only_when_given(rows, tmp_path):
    book = load_workbook(export_decisions(rows, tmp_path / "with.xlsx", METHODS))
    assert book["Methods"]["A1"].value == "Methods"
    assert book["Methods"]["A3"].value == METHODS
    assert load_workbook(export_decisions(rows, tmp_path / "without.xlsx")).sheetnames == ["Decisions"]


# ----------------------------------------------------------------------------
# DOCX
# ----------------------------------------------------------------------------

def test_docx_has_heading_summary_methods_and_one_row_per_decision(rows, tmp_path):
    doc = Document(str(export_decisions(rows, tmp_path / "decisions.docx", METHODS)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "Reconciliation decisions"
    assert doc.paragraphs[0].style.name == "Heading 1"
    assert texts[1] == "4 decisions by Zoë and Daniel (1 reopened)."
    assert METHODS in texts
    assert texts.index(METHODS) < texts.index("Table 1. Reconciliation decisions, one row per decision")
    assert len(doc.tables) == 1
    table = _docx_rows(doc.tables[0])
    assert table[0] == DOCX_HEADER
    assert len(table) == 1 + len(rows)
    shown = PRACTICAL.replace("/", " › ")  # code paths break between levels
    assert table[1] == [shown, "Interview 3 – Zoë", "A only", "Kept Zoë's coding", INJECTED, "Zoë",
                        "2024-05-03"]
    assert table[2][:4] == [f"{shown} | {EMOTIONAL.replace('/', ' › ')}", "Interview 3 – Zoë", "different code",
                            "Kept both"]
    assert table[3][2:4] == ["boundary", "New boundaries (reopened)"]  # no longer in force: said so
    assert table[3][6] == "2024-05-05"
    assert table[4][2:] == ["B only", "Kept neither", "", "Daniel", "2024-05-07"]
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape


def test_docx_header_repeats_on_every_page_in_a_compact_font(rows, tmp_path):
    doc = Document(str(export_decisions(rows, tmp_path / "decisions.docx")))
    table = doc.tables[0]
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true"
    assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None
               for r in table.rows[1:])
    paragraph = table.rows[1].cells[0].paragraphs[0]
    assert paragraph.style.font.size == Pt(9)
    assert all(r.bold for c in table.rows[0].cells for r in c.paragraphs[0].runs)


def test_docx_without_methods_or_decisions(tmp_path):
    doc = Document(str(export_decisions([], tmp_path / "empty.docx")))
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == ["Reconciliation decisions", "No decisions recorded."]
    assert _docx_rows(doc.tables[0]) == [DOCX_HEADER]


def test_one_decision_by_one_person(rows, tmp_path):
    doc = Document(str(export_decisions(rows[:1], tmp_path / "one.docx")))
    assert doc.paragraphs[1].text == "1 decision by Zoë."


def test_an_empty_log_in_csv_and_xlsx(tmp_path):
    assert _csv(export_decisions([], tmp_path / "empty.csv")) == [HEADER]
    sheet = load_workbook(export_decisions([], tmp_path / "empty.xlsx"))["Decisions"]
    assert [c.value for c in sheet[1]] == HEADER and sheet.max_row == 1


# ----------------------------------------------------------------------------
# Paths, errors and atomic writing
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["decisions.pdf", "decisions", "decisions.json"])
def test_unsupported_extension_is_a_clear_error_and_writes_nothing(rows, tmp_path, name):
    with pytest.raises(ExportFailed) as caught:
        export_decisions(rows, tmp_path / name)
    message = str(caught.value)
    assert str(tmp_path / name) in message and ".csv, .xlsx, .docx" in message
    assert ("no extension" if name == "decisions" else f"'{(tmp_path / name).suffix}'") in message
    assert isinstance(caught.value, TandemError)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_refused(rows, tmp_path):
    folder = tmp_path / "log.csv"
    folder.mkdir()
    with pytest.raises(ExportFailed) as caught:
        export_decisions(rows, folder)
    assert "is a folder" in str(caught.value) and ".csv, .xlsx, .docx" in str(caught.value)
    assert list(folder.iterdir()) == [] and list(tmp_path.iterdir()) == [folder]


def test_extension_case_is_ignored(rows, tmp_path):
    assert load_workbook(export_decisions(rows, tmp_path / "Log.XLSX")).sheetnames[0] == "Decisions"
    assert len(Document(str(export_decisions(rows, tmp_path / "Log.Docx"))).tables) == 1
    assert _csv(export_decisions(rows, tmp_path / "Log.CSV"))[0] == HEADER


def test_missing_folder_is_a_clear_error(rows, tmp_path):
    with pytest.raises(ExportFailed, match="folder exists"):
        export_decisions(rows, tmp_path / "nowhere" / "decisions.csv")


@pytest.mark.parametrize("ext", ["csv", "xlsx", "docx"])
def test_a_failure_mid_write_leaves_the_existing_file_alone(rows, tmp_path, ext):
    target = tmp_path / f"decisions.{ext}"
    target.write_bytes(b"the good export")
    broken = rows + [{"discrepancy_id": "D-9"}]  # no class, no choice: fails after the good rows
    with pytest.raises(KeyError):
        export_decisions(broken, target)
    assert target.read_bytes() == b"the good export"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind
    export_decisions(rows, target)  # a good export does replace it
    assert target.read_bytes() != b"the good export"
