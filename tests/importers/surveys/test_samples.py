"""The real survey exports in /work/shared/samples/surveys (see SOURCES.md there),
read in place: platform, respondents, id column and every column's role."""
from __future__ import annotations

from pathlib import Path

import pytest

from importers.surveys.reader import describe, read_survey

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples" / "surveys"

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"the shared survey samples are not at {SAMPLES}")


def roles(table) -> dict[str, str]:
    return {c.name: c.role for c in table.columns}


def names(table, role: str) -> list[str]:
    return [c.name for c in table.by_role(role)]


def column(table, name: str):
    return next(c for c in table.columns if c.name == name)


def cells(table, name: str) -> list[str]:
    col = column(table, name)
    return [row[col.index] for _, row in table.rows]


# --- Google Forms -----------------------------------------------------------------------

GF = "google_forms_sheet_export_autistica.csv"
GF_Q1 = ("Q1: What information would you like us to know about your needs, priorities, desires and "
         "concerns for the citizen science platform?")
GF_Q2 = "Q2: Do you have a personal connection to autism?"
GF_Q3 = "Q3: Can we use the information above to inform how we design and build the platform?"
GF_CONSENT = "I understand that the information I provide in this form will be made publicly available."


@pytest.fixture(scope="module")
def google():
    return read_survey(SAMPLES / GF)


def test_google_forms_platform_rows_and_no_id(google):
    assert google.platform == "google-forms"
    assert len(google.rows) == 42
    assert google.rows[0][0] == 2 and google.rows[-1][0] == 43  # spreadsheet rows: header is row 1
    assert google.by_role("id") == []
    assert any("no respondent id column" in n for n in google.notes)
    assert google.encoding == "utf-8" and google.delimiter == ","


def test_google_forms_roles(google):
    assert roles(google) == {"Timestamp": "metadata", GF_CONSENT: "attribute", GF_Q1: "text",
                             GF_Q2: "attribute", GF_Q3: "attribute"}
    assert column(google, GF_Q1).question == GF_Q1  # full question text is the name
    q2 = column(google, GF_Q2)
    assert q2.value_type == "text" and q2.reason.startswith("multi-select")
    assert "7 options" in q2.reason
    assert "% of answers have more than 5 words" in column(google, GF_Q1).reason


def test_google_forms_multiline_answers_kept_with_lf_only(google):
    answers = cells(google, GF_Q1)
    focus = next(a for a in answers if a.startswith("Ideas for Focus Groups:"))
    assert focus.startswith("Ideas for Focus Groups:\n\nWhat intrigued you about the project?\n")
    assert focus.endswith("Booklet or material about what to expect.")
    assert "Travel Blog as discussed on twitter\n" in answers  # a trailing line break is an answer's own
    assert sum(1 for a in answers if "\n" in a) == 5
    assert not any("\r" in c for _, row in google.rows for c in row)


def test_google_forms_quotes_and_curly_apostrophes_kept(google):
    answers = cells(google, GF_Q1)
    assert any("I’m travelling in a FIRE BOX." in a for a in answers)
    assert sum(1 for a in answers if "’" in a) == 6
    assert any('control myself ro be "normal" that' in a for a in answers)  # "" unescaped
    assert "NA" in answers and answers.count("") == 14
    assert "I think this question could include more specific examples. " in answers  # spaces kept


# --- Qualtrics --------------------------------------------------------------------------


def test_qualtrics_three_header_rows_json_import_ids():
    t = read_survey(SAMPLES / "qualtrics_3header_importid_json.csv")
    assert t.platform == "qualtrics"
    assert len(t.rows) == 1 and t.rows[0][0] == 4
    assert names(t, "id") == ["ResponseId"]
    assert cells(t, "ResponseId") == ["R_2YPOQ602ER1jkf1"]
    assert names(t, "text") == ["Q2"]
    assert names(t, "attribute") == ["Q1"]
    assert column(t, "Q1").value_type == "integer"
    assert column(t, "Q1").question == "This is a multiple choice question."
    assert column(t, "Q2").question == "This is a free text question."
    assert "QID2_TEXT" in column(t, "Q2").reason
    assert cells(t, "Q2") == ["Hello World!"]
    meta = names(t, "metadata")
    assert meta[:8] == ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
                        "Finished", "RecordedDate"]
    assert {"RecipientLastName", "LocationLatitude", "DistributionChannel", "UserLanguage",
            "Q2 - Topics"} <= set(meta)
    assert len(meta) == 17
    assert column(t, "RecipientLastName").question == "Nachname des Empfängers"
    assert any("JSON" in n for n in t.notes)


def test_qualtrics_python_dict_import_ids_and_free_text():
    t = read_survey(SAMPLES / "qualtrics_3header_importid_pydict_freetext.csv")
    assert t.platform == "qualtrics"
    assert len(t.rows) == 10 and [n for n, _ in t.rows] == list(range(4, 14))
    assert names(t, "id") == ["ResponseID"]
    assert names(t, "text") == ["Q1_TEXT", "Q2"]
    assert names(t, "attribute") == ["Q1"]
    assert column(t, "Q1").value_type == "integer"
    assert sorted(set(cells(t, "Q1"))) == ["1", "5", "6"]
    assert column(t, "Q2").question == "What's up home skillets?"
    assert column(t, "Q1_TEXT").question == 'This question has multiple "other please specify" options'
    assert set(names(t, "metadata")) == {
        "ResponseSet", "IPAddress", "StartDate", "EndDate", "RecipientLastName", "RecipientFirstName",
        "RecipientEmail", "ExternalDataReference", "Finished", "Status", "LocationLatitude",
        "LocationLongitude", "LocationAccuracy"}
    assert any("Python-dict" in n for n in t.notes)
    assert cells(t, "Q1_TEXT")[0] == ""  # chose a listed option: no 'other' text


def test_qualtrics_legacy_bom_two_rows_trailing_comma():
    t = read_survey(SAMPLES / "qualtrics_legacy_2header_bom.csv")
    assert t.platform == "qualtrics-legacy"
    assert t.encoding == "utf-8-sig"
    assert len(t.rows) == 1 and t.rows[0][0] == 3
    assert len(t.columns) == 15  # the trailing comma's empty column is left out
    assert len(t.rows[0][1]) == 15
    assert any("trailing delimiter" in n for n in t.notes)
    assert t.columns[0].name == "ResponseID"  # no BOM in the name; V1 named by its label
    assert names(t, "id") == ["ResponseID"]
    assert names(t, "attribute") == ["Q1"] and column(t, "Q1").value_type == "integer"
    assert names(t, "text") == ["Q2"]
    assert column(t, "Q2").question == "This is a free text question."
    assert set(names(t, "metadata")) == {
        "ResponseSet", "Name", "ExternalDataReference", "EmailAddress", "IPAddress", "Status",
        "StartDate", "EndDate", "Finished", "LocationLatitude", "LocationLongitude", "LocationAccuracy"}
    assert cells(t, "Q2") == ["Hello World!"]


# --- REDCap -----------------------------------------------------------------------------

REDCAP = "redcap_raw_export_simple.csv"
DICTIONARY = "redcap_data_dictionary_simple.csv"
COMMENT_4 = ("This record doesn't have a DAG assigned\n\nSo call up Trudy on the telephone\n"
             "Send her a letter in the mail")


def test_redcap_without_dictionary():
    t = read_survey(SAMPLES / REDCAP)
    assert t.platform == "redcap"
    assert len(t.rows) == 5 and [n for n, _ in t.rows] == [2, 3, 4, 5, 6]
    assert names(t, "id") == ["record_id"] and cells(t, "record_id") == ["1", "2", "3", "4", "5"]
    assert names(t, "text") == ["comments"]
    assert set(names(t, "metadata")) == {"name_first", "name_last", "address", "telephone", "email",
                                         "demographics_complete", "health_complete",
                                         "race_and_ethnicity_complete"}
    assert names(t, "attribute") == ["dob", "age", "sex", "height", "weight", "bmi", "race", "ethnicity"]
    types = {c.name: c.value_type for c in t.by_role("attribute")}
    assert types == {"dob": "date", "age": "integer", "sex": "text", "height": "float", "weight": "integer",
                     "bmi": "float", "race": "text", "ethnicity": "integer"}
    assert names(t, "ignore") == ["mugshot"]
    assert not any("___" in c.name for c in t.columns)
    assert cells(t, "race") == ["5", "3; 5", "4; 5", "2; 5", "1; 6"]
    assert "codes" in column(t, "race").reason
    assert COMMENT_4 in cells(t, "comments")
    assert cells(t, "address")[0] == "14 Rose Cottage St.\nKenning UK, 323232"


def test_redcap_with_dictionary():
    t = read_survey(SAMPLES / REDCAP, dictionary=SAMPLES / DICTIONARY)
    assert t.platform == "redcap" and len(t.rows) == 5
    assert names(t, "id") == ["record_id"]
    assert names(t, "text") == ["comments"]
    assert column(t, "comments").question == "Comments"
    assert "notes" in column(t, "comments").reason
    # fields the dictionary marks as identifiers are personal data: metadata
    assert set(names(t, "metadata")) == {"name_first", "name_last", "address", "telephone", "email", "dob",
                                         "demographics_complete", "health_complete",
                                         "race_and_ethnicity_complete"}
    types = {c.name: c.value_type for c in t.by_role("attribute")}
    assert types == {"age": "integer", "sex": "text", "height": "float", "weight": "integer",
                     "bmi": "float", "race": "text", "ethnicity": "text"}
    # radio answers are written with the dictionary's labels, not their codes
    assert cells(t, "ethnicity") == ["NOT Hispanic or Latino", "NOT Hispanic or Latino", "Unknown / Not Reported",
                                     "NOT Hispanic or Latino", "Hispanic or Latino"]
    assert column(t, "sex").question == "Gender" and "0 = Female" in column(t, "sex").reason
    assert column(t, "height").question == "Height (cm)"
    assert names(t, "ignore") == ["mugshot"]
    race = column(t, "race")
    assert race.question == "Race (Select all that apply)"
    assert cells(t, "race") == [
        "White",
        "Native Hawaiian or Other Pacific Islander; White",
        "Black or African American; White",
        "Asian; White",
        "American Indian/Alaska Native; Unknown / Not Reported",
    ]
    assert "labels from the data dictionary" in race.reason
    assert [c.index for c in t.columns] == list(range(len(t.columns)))
    assert all(len(row) == len(t.columns) for _, row in t.rows)


# --- plain sheet ------------------------------------------------------------------------


def test_qualcoder_plain_sheet_case_column():
    t = read_survey(SAMPLES / "qualcoder_survey_case_first_column.csv")
    assert t.platform == "plain"
    assert len(t.rows) == 3
    assert names(t, "id") == ["Case"] and cells(t, "Case") == ["ID4", "ID5", "ID6"]
    assert names(t, "text") == ["freetext"]
    assert names(t, "attribute") == ["Age", "Gender", "Interest"]
    assert column(t, "Age").value_type == "integer"
    assert cells(t, "Age") == ["24", "", "67"]
    assert cells(t, "freetext")[2].endswith("doing my gardening. ")
    assert not any("\r" in c for _, row in t.rows for c in row)


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.csv") if "dictionary" not in p.name)
                         if SAMPLES.is_dir() else [])
def test_every_sample_reads_and_is_described(name):
    t = read_survey(SAMPLES / name)
    lines = describe(t)
    assert len(lines) == len(t.columns) + 1
    assert all(" → " in line for line in lines[1:])
    assert len(t.by_role("id")) <= 1
    assert t.by_role("text"), "every sample has something to code"
    assert all(len(row) == len(t.columns) for _, row in t.rows)
