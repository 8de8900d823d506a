"""Long answers import intact; surveys too wide or too large to be real are
refused in seconds, naming the limit."""
from __future__ import annotations

import io
import time
from pathlib import Path

import openpyxl
import pytest

from importers import documents, limits
from importers.errors import ImportFailed
from importers.surveys.reader import read_survey


def plan(path: Path):
    return documents.plan(path, documents.ImportOptions())


def test_an_answer_of_200000_characters_imports_intact(tmp_path):
    answer = "".join(f"Sentence {i} of a very long answer, with \"quotes\", commas; and\nline breaks. "
                     for i in range(3000))[:200_000]
    assert len(answer) == 200_000
    quoted = answer.replace('"', '""')
    path = tmp_path / "long.csv"
    path.write_text(f'id,What happened?\nR1,"{quoted}"\nR2,Short answer.\n', encoding="utf-8")
    planned = plan(path)
    texts = [planned.text[s.start:s.end] for s in planned.sections]
    assert texts[0] == answer.strip() and texts[1] == "Short answer."


def test_long_answers_in_codebook_csv_are_read(tmp_path):
    from importers import codebook_csv

    description = "d" * 150_000
    path = tmp_path / "codebook.csv"
    path.write_text(f'code,description\nTrust,"{description}"\n', encoding="utf-8")
    rows = codebook_csv.parse(path)
    assert rows[0].fields["description"] == description


def test_an_unclosed_quote_is_still_reported(tmp_path):
    path = tmp_path / "open.csv"
    path.write_text('id,q\n1,"never closed\n2,x\n', encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"row 2 \(line 2\) opens a quoted answer that never closes"):
        read_survey(path)


def test_a_csv_survey_with_too_many_columns_is_refused_in_seconds(tmp_path):
    n = 100_000
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"q{i}" for i in range(n)) + "\n" + ",".join("answer" for _ in range(n)) + "\n")
    start = time.monotonic()
    with pytest.raises(ImportFailed, match=rf"100,000 columns, over Tandem's limit of "
                                           rf"{limits.MAX_SURVEY_COLUMNS:,} columns") as info:
        plan(path)
    assert time.monotonic() - start < 5
    assert str(info.value).startswith(f"{path}: row 1 has")


def test_an_xlsx_survey_with_too_many_columns_is_refused(tmp_path):
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    sheet.append([f"q{i}" for i in range(limits.MAX_SURVEY_COLUMNS + 1)])
    sheet.append(["x"] * 3)
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "wide.xlsx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ImportFailed, match=r"10,001 columns, over Tandem's limit"):
        read_survey(path)


def test_a_survey_with_too_many_cells_is_refused(tmp_path):
    cols = 1_000
    rows = limits.MAX_SURVEY_CELLS // cols + 1
    path = tmp_path / "many.csv"
    with open(path, "w") as fh:
        fh.write(",".join(f"q{i}" for i in range(cols)) + "\n")
        line = "," * (cols - 1) + "x\n"
        fh.write(line * rows)
    with pytest.raises(ImportFailed, match=r"more than 20,000,000 cells \(at row 20001\), over Tandem's limit of 20,000,000 cells"):
        read_survey(path)
