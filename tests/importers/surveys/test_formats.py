"""Hand-written exports: SurveyMonkey's two header rows, delimiters, encodings,
line endings, plain sheets and XLSX workbooks built with openpyxl."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from importers.errors import ImportFailed
from importers.surveys.reader import describe, read_survey


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def col(table, name: str):
    return next(c for c in table.columns if c.name == name)


def cells(table, name: str) -> list[str]:
    c = col(table, name)
    return [row[c.index] for _, row in table.rows]


LONG = [
    "More time for the interview practice, and examples from real studies.",
    "The reading list was far too long for the time we had, honestly.",
    "I would like feedback on my coding earlier in the course, not at the end.",
    "Shorter lectures and more hands-on work with real transcripts please.",
]

SURVEYMONKEY = (
    "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,"
    "Custom Data 1,How satisfied are you with the course?,Which topics were useful?,,,"
    "What would you improve?,Group\n"
    ",,,,,,,,,Response,Statistics,Interviews,Other (please specify),Open-Ended Response,Response\n"
    f'11432457801,254339211,06/01/2024 09:12:33 AM,06/01/2024 09:20:01 AM,81.2.69.142,,,,,Very satisfied,'
    f'Statistics,,,"{LONG[0]}",A\n'
    f'11432457802,254339211,06/01/2024 10:02:11 AM,06/01/2024 10:09:45 AM,81.2.69.143,,,,,Satisfied,'
    f'Statistics,Interviews,,"{LONG[1]}",B\n'
    f'11432457803,254339211,06/02/2024 08:40:00 AM,06/02/2024 08:52:30 AM,81.2.69.144,,,,,Neutral,,'
    f'Interviews,Ethics,"{LONG[2]}",A\n'
    f'11432457804,254339211,06/02/2024 11:15:19 AM,06/02/2024 11:21:02 AM,81.2.69.145,,,,,Satisfied,'
    f'Statistics,,,"{LONG[3]}",B\n'
)


def test_surveymonkey_two_header_rows(tmp_path):
    t = read_survey(write(tmp_path, "sm.csv", SURVEYMONKEY, newline="\r\n"))
    assert t.platform == "surveymonkey"
    assert len(t.rows) == 4 and t.rows[0][0] == 3
    assert [c.name for c in t.columns][9:] == [
        "How satisfied are you with the course?",
        "Which topics were useful? — Statistics",
        "Which topics were useful? — Interviews",
        "Which topics were useful? — Other (please specify)",
        "What would you improve?",
        "Group",
    ]
    assert [c.name for c in t.by_role("id")] == ["Respondent ID"]
    assert cells(t, "Respondent ID")[0] == "11432457801"
    assert {c.name for c in t.by_role("metadata")} == {
        "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
        "Last Name", "Custom Data 1"}
    # "Other (please specify)" is what respondents wrote in: text to code, however few answered it
    assert [c.name for c in t.by_role("text")] == ["Which topics were useful? — Other (please specify)",
                                                   "What would you improve?"]
    assert cells(t, "Which topics were useful? — Other (please specify)") == ["", "", "Ethics", ""]
    assert cells(t, "What would you improve?") == LONG
    assert [c.name for c in t.by_role("group")] == ["Group"]
    satisfied = col(t, "How satisfied are you with the course?")
    assert satisfied.role == "attribute" and satisfied.value_type == "text"
    assert col(t, "Which topics were useful? — Statistics").role == "attribute"
    assert any("SurveyMonkey" in n for n in t.notes)


def test_surveymonkey_without_metadata_columns(tmp_path):
    text = ("Which topics were useful?,,What would you improve?\n"
            "Statistics,Interviews,Open-Ended Response\n"
            f'Statistics,,"{LONG[0]}"\n,Interviews,"{LONG[1]}"\nStatistics,Interviews,"{LONG[2]}"\n')
    t = read_survey(write(tmp_path, "sm.csv", text))
    assert t.platform == "surveymonkey"
    assert [c.name for c in t.columns] == ["Which topics were useful? — Statistics",
                                           "Which topics were useful? — Interviews",
                                           "What would you improve?"]
    assert t.by_role("id") == [] and len(t.rows) == 3


PLAIN = [
    ["Participant", "Cohort", "Satisfaction", "Agree?", "Comment"],
    ["P01", "2023", "4", "Strongly agree", "The sessions were useful – I’d like more of them…"],
    ["P02", "2023", "5", "Agree", "Not much to add, it was a good experience overall."],
    ["P03", "2024", "3", "Disagree", "The timing didn’t suit me; evenings would be better for me."],
    ["P04", "2024", "2", "Agree", "More examples from practice and fewer slides, please."],
]


def _joined(rows, delimiter: str) -> str:
    return "\n".join(delimiter.join(r) for r in rows) + "\n"


def _check_plain(t):
    assert t.platform == "plain" and len(t.rows) == 4
    assert [c.name for c in t.by_role("id")] == ["Participant"]
    assert [c.name for c in t.by_role("group")] == ["Cohort"]
    assert col(t, "Cohort").value_type == "integer"
    assert col(t, "Satisfaction").role == "attribute" and col(t, "Satisfaction").value_type == "integer"
    assert col(t, "Agree?").role == "attribute" and col(t, "Agree?").value_type == "text"
    assert [c.name for c in t.by_role("text")] == ["Comment"]
    assert cells(t, "Comment")[0] == "The sessions were useful – I’d like more of them…"
    assert cells(t, "Comment")[2] == "The timing didn’t suit me; evenings would be better for me."


def test_semicolon_delimiter_in_cp1252(tmp_path):
    rows = [[f'"{c}"' if ";" in c else c for c in r] for r in PLAIN]
    t = read_survey(write(tmp_path, "excel.csv", _joined(rows, ";"), encoding="cp1252", newline="\r\n"))
    assert t.delimiter == ";" and t.encoding == "cp1252"
    _check_plain(t)


def test_tab_delimiter_in_utf16(tmp_path):
    path = tmp_path / "unicode.txt.csv"
    path.write_bytes(_joined(PLAIN, "\t").replace("\n", "\r\n").encode("utf-16"))  # BOM + LE
    t = read_survey(path)
    assert t.delimiter == "\t" and t.encoding == "utf-16"
    _check_plain(t)


def test_utf8_comma_with_bom_and_curly_quotes(tmp_path):
    rows = [[f'"{c}"' if "," in c else c for c in r] for r in PLAIN]
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + _joined(rows, ",").encode("utf-8"))
    t = read_survey(path)
    assert t.encoding == "utf-8-sig" and t.columns[0].name == "Participant"
    _check_plain(t)


def test_line_breaks_inside_answers_become_lf(tmp_path):
    text = ('id,answer\r\n1,"First line\r\nsecond line, with more words in it"\r\n'
            '2,"Old Mac\rline break here and some more words"\r\n3,"plain answer with many words in it"\r\n')
    path = tmp_path / "crlf.csv"
    path.write_bytes(text.encode())
    t = read_survey(path)
    assert cells(t, "answer") == ["First line\nsecond line, with more words in it",
                                  "Old Mac\nline break here and some more words",
                                  "plain answer with many words in it"]
    assert [n for n, _ in t.rows] == [2, 3, 4]


def test_blank_lines_are_skipped_but_keep_their_row_numbers(tmp_path):
    t = read_survey(write(tmp_path, "gaps.csv", "id,q\n\nA,x\n,\nB,y\n"))
    assert [n for n, _ in t.rows] == [3, 5]


def test_plain_id_by_content_and_empty_column_ignored(tmp_path):
    text = "Code,Empty,Score\nX-1,,1\nX-2,,2\nX-3,,3\n"
    t = read_survey(write(tmp_path, "codes.csv", text))
    assert [c.name for c in t.by_role("id")] == ["Code"]
    assert "unique" in col(t, "Code").reason
    assert col(t, "Empty").role == "ignore"
    assert any("no free-text column" in n for n in t.notes)


def test_named_id_with_duplicates_is_not_used(tmp_path):
    t = read_survey(write(tmp_path, "dup.csv", "Respondent ID,Answer\nA,yes\nA,no\nB,yes\n"))
    assert t.by_role("id") == []
    assert any("'A' appears twice" in n for n in t.notes)


def test_exact_duplicate_column_is_ignored(tmp_path):
    t = read_survey(write(tmp_path, "twice.csv", "id,Age,Age\n1,30,30\n2,40,40\n"))
    assert [c.role for c in t.columns] == ["id", "attribute", "ignore"]
    assert "copy of column 2" in t.columns[2].reason


def test_qualtrics_two_row_export_without_import_ids(tmp_path):
    text = ("StartDate,EndDate,ResponseId,Q1,Q2\n"
            "Start Date,End Date,Response ID,How old are you?,What did you learn?\n"
            f'2024-01-01 10:00:00,2024-01-01 10:05:00,R_1,34,"{LONG[0]}"\n'
            f'2024-01-02 10:00:00,2024-01-02 10:05:00,R_2,29,"{LONG[1]}"\n')
    t = read_survey(write(tmp_path, "q.csv", text))
    assert t.platform == "qualtrics"
    assert [c.role for c in t.columns] == ["metadata", "metadata", "id", "attribute", "text"]
    assert col(t, "Q2").question == "What did you learn?"


def test_na_markers_keep_a_numeric_column_typed_as_text(tmp_path):
    rows = "\n".join(f"R{i},{v}" for i, v in enumerate(["1", "2", "N/A", "5", "4"]))
    t = read_survey(write(tmp_path, "na.csv", "id,Rating\n" + rows + "\n"))
    rating = col(t, "Rating")
    assert rating.role == "attribute" and rating.value_type == "text"
    assert "'N/A'" in rating.reason


# --- XLSX ---------------------------------------------------------------------------------


def google_workbook(path: Path, extra_sheet: bool = False) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Form Responses 1"
    ws.append(["Timestamp", "Email address", "Date of visit", "How useful was it? (1-5)", "Hours spent",
               "What did you take away from the day?", "Which sessions did you attend?"])
    answers = [
        "I learnt how to plan an interview study from start to finish.",
        "Mostly that coding together\nis faster than coding alone, surprisingly.",
        "The ethics session changed how I think about consent forms.",
        "Useful examples of codebooks from published studies, which I’ll reuse.",
    ]
    sessions = ["Ethics, Coding", "Coding", "Ethics, Coding, Writing", "Writing, Coding"]
    for i in range(4):
        ws.append([dt.datetime(2024, 3, 4 + i, 9, 15, 30), f"person{i}@example.org", dt.datetime(2024, 3, 1 + i),
                   float(3 + i % 3), 2.5 + i, answers[i], sessions[i]])
    ws.append([None] * 7)  # a trailing empty row
    if extra_sheet:
        other = book.create_sheet("Summary")
        other.append(["Participant", "Note"])
        other.append(["A", "first"])
        other.append(["B", "second"])
    book.save(path)
    return path


def test_xlsx_google_forms_dates_and_numbers(tmp_path):
    t = read_survey(google_workbook(tmp_path / "form.xlsx"))
    assert t.platform == "google-forms"
    assert t.delimiter == "" and len(t.rows) == 4
    assert [n for n, _ in t.rows] == [2, 3, 4, 5]
    assert cells(t, "Timestamp")[0] == "2024-03-04 09:15:30"
    assert col(t, "Timestamp").role == "metadata"
    assert col(t, "Email address").role == "metadata"
    assert cells(t, "Date of visit") == ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"]
    assert col(t, "Date of visit").value_type == "date"
    assert cells(t, "How useful was it? (1-5)") == ["3", "4", "5", "3"]  # 3.0 -> "3"
    assert col(t, "How useful was it? (1-5)").value_type == "integer"
    assert cells(t, "Hours spent") == ["2.5", "3.5", "4.5", "5.5"]
    assert col(t, "Hours spent").value_type == "float"
    take_away = col(t, "What did you take away from the day?")
    assert take_away.role == "text"
    assert cells(t, "What did you take away from the day?")[1] == \
        "Mostly that coding together\nis faster than coding alone, surprisingly."
    sessions = col(t, "Which sessions did you attend?")
    assert sessions.role == "attribute" and "multi-select" in sessions.reason
    assert any("Form Responses 1" in n for n in t.notes)


def test_xlsx_sheet_by_name_and_unknown_sheet(tmp_path):
    path = google_workbook(tmp_path / "two.xlsx", extra_sheet=True)
    t = read_survey(path, sheet="Summary")
    assert t.platform == "plain" and [c.name for c in t.by_role("id")] == ["Participant"]
    with pytest.raises(ImportFailed, match=r"no sheet 'Nope'; the sheets are: Form Responses 1, Summary\."):
        read_survey(path, sheet="Nope")


def test_xlsx_booleans_times_and_formula_cells(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["id", "Consented", "Time", "Total"])
    ws.append(["a", True, dt.time(9, 30), 3])
    ws.append(["b", False, dt.time(14, 0), 1234567])
    path = tmp_path / "types.xlsx"
    book.save(path)
    t = read_survey(path)
    assert cells(t, "Consented") == ["TRUE", "FALSE"]
    assert cells(t, "Time") == ["09:30:00", "14:00:00"]
    assert cells(t, "Total") == ["3", "1234567"]


def test_describe_lines(tmp_path):
    t = read_survey(write(tmp_path, "sm.csv", SURVEYMONKEY))
    lines = describe(t)
    assert lines[0].startswith("surveymonkey: ")
    assert "#14 'What would you improve?' → text (SurveyMonkey 'Open-Ended Response')" in lines
    assert any(line.startswith("#1 'Respondent ID' → id (") for line in lines)
    assert any("→ group, text (named like a group" in line for line in lines)
