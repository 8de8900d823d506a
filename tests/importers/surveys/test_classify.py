"""The content rules and REDCap details, one case at a time."""
from __future__ import annotations

from pathlib import Path

import pytest

from importers.surveys.classify import classify_content, multi_select
from importers.surveys.reader import read_survey

PROSE = [
    "I found the sessions really useful for planning my research.",
    "It helped me understand how other people code their interviews.",
    "The group work was the best part, we learnt a lot from each other.",
    "Too much theory at the start, the practical work came too late.",
    "I would have liked more time with the software itself.",
    "Being able to ask questions at any time made a real difference.",
]


@pytest.mark.parametrize("values, role, vtype, reason", [
    (["1", "2", "5", "4", "", "3"], "attribute", "integer", "small whole numbers 1–5 (a rating scale or choice codes)"),
    (["12", "80", "45"], "attribute", "integer", "whole numbers 12–80"),
    (["1.5", "2", "3.25"], "attribute", "float", "numbers 1.5–3.25"),
    (["2024-01-02", "2023-12-31"], "attribute", "date", "dates (YYYY-MM-DD)"),
    (["1/2/2024 10:00:00", "1/3/2024 11:30:00"], "attribute", "text", "dates and times"),
    (["", " ", ""], "ignore", None, "no answers"),
    (["NA", "", "n/a"], "ignore", None, "no answers (only 'NA', 'n/a')"),
    (["Yes", "Yes", "Yes"], "attribute", "text", "every answer is 'Yes'"),
    (["Agree", "Strongly agree", "Agree", "Disagree"], "attribute", "text",
     "3 different answers: 'Agree', 'Strongly agree', 'Disagree'"),
    (["Hello World!"], "text", None, "answers are written as sentences (100%)"),
    (PROSE, "text", None, "100% of answers have more than 5 words"),
])
def test_content_rules(values, role, vtype, reason):
    assert classify_content(values) == (role, vtype, reason)


def test_few_long_answers_among_many_short_ones_is_still_text():
    values = ["No"] * 20 + ["Thanks"] * 3 + PROSE[:5]
    assert classify_content(values) == ("text", None, "5 different answers have more than 5 words")


def test_one_long_other_answer_in_a_choice_column_is_an_attribute():
    values = ["Red", "Blue", "Green"] * 10 + ["None of these, I prefer a colour you did not list"]
    role, vtype, _ = classify_content(values)
    assert (role, vtype) == ("attribute", "text")


def test_single_choice_with_long_labels_is_an_attribute():
    labels = ["I am a parent or guardian of someone autistic", "I know someone who is autistic at work",
              "I have no personal connection to autism at all"]
    role, _, reason = classify_content(labels * 8)
    assert role == "attribute" and reason.startswith("3 different answers")


def test_varied_short_phrases_are_text():
    values = ["more hands-on work", "better coffee please", "shorter days overall", "clearer slides maybe",
              "fewer group tasks", "longer lunch break"]
    role, _, reason = classify_content(values)
    assert role == "text" and reason.startswith("varied answers: 100% different")


def test_single_words_are_attributes():
    assert classify_content(["shopping", "golf", "gardening"])[0] == "attribute"


def test_multi_select_with_semicolons_and_commas():
    forms = ["Email;Phone;", "Phone;", "Email;Post;", "Phone;Post;", "Email;"]
    role, vtype, reason = classify_content(forms)
    assert (role, vtype) == ("attribute", "text") and "3 options joined with ';'" in reason
    google = ["Ethics, Coding", "Coding", "Ethics, Coding, Writing", "Writing, Coding"]
    assert multi_select(google)[0] == ", "
    assert multi_select(PROSE + ["It was fine, thanks, really fine, and good."]) is None


def test_platform_text_entry_is_text_unless_numbers():
    assert classify_content(["ok"], open_ended="Qualtrics text entry (ImportId QID3_TEXT)") == \
        ("text", None, "Qualtrics text entry (ImportId QID3_TEXT)")
    assert classify_content(["34", "29"], open_ended="Qualtrics text entry (ImportId QID4_TEXT)")[:2] == \
        ("attribute", "integer")


# --- REDCap details -------------------------------------------------------------------------

DICTIONARY = (
    '"Variable / Field Name","Form Name","Section Header","Field Type","Field Label",'
    '"Select Choices or Calculations","Field Note","Text Validation Type OR Show Slider Number",'
    '"Text Validation Min","Text Validation Max",Identifier?\n'
    'study_id,intake,,text,"Study ID",,,,,,\n'
    'intro,intake,,descriptive,"<b>Please answer</b> the questions below",,,,,,\n'
    'contact,intake,,checkbox,"How may we <i>contact</i> you?","1, Email | 2, Phone | -1, Prefer not to say",,,,,\n'
    'experience,intake,,notes,"Tell us about your experience",,,,,,\n'
    'city,intake,,text,"City",,,,,,\n'
    'pain,intake,,slider,"Pain today","0, none | 100, worst",,,,,\n'
    'agree,intake,,yesno,"Do you agree?",,,,,,\n'
)
EXPORT = (
    "study_id,contact___1,contact___2,contact____1,experience,city,pain,agree,intake_timestamp,intake_complete\n"
    "S1,1,1,0,\"It went well, mostly.\nThe staff were kind.\",Leeds,20,1,2024-01-01 10:00,2\n"
    "S2,0,0,1,,York,75,0,2024-01-02 10:00,2\n"
    "S3,0,1,0,Too long a wait.,Leeds,,1,2024-01-03 10:00,1\n"
)


@pytest.fixture
def files(tmp_path) -> tuple[Path, Path]:
    export, dictionary = tmp_path / "export.csv", tmp_path / "dictionary.csv"
    export.write_text(EXPORT)
    dictionary.write_text(DICTIONARY)
    return export, dictionary


def test_redcap_detected_by_complete_columns_without_record_id(files):
    t = read_survey(files[0])
    assert t.platform == "redcap"
    assert [c.name for c in t.by_role("id")] == ["study_id"]
    contact = next(c for c in t.columns if c.name == "contact")
    assert [row[contact.index] for _, row in t.rows] == ["1; 2", "-1", "2"]
    meta = {c.name for c in t.by_role("metadata")}
    assert meta == {"intake_timestamp", "intake_complete"}


def test_redcap_dictionary_labels_html_negative_codes_and_types(files):
    t = read_survey(files[0], dictionary=files[1])
    by = {c.name: c for c in t.columns}
    assert list(by) == ["study_id", "contact", "experience", "city", "pain", "agree", "intake_timestamp",
                        "intake_complete"]
    assert by["contact"].question == "How may we contact you?"
    assert [row[by["contact"].index] for _, row in t.rows] == ["Email; Phone", "Prefer not to say", "Phone"]
    assert by["experience"].role == "text" and by["experience"].question == "Tell us about your experience"
    assert by["city"].role == "text" and "without validation" in by["city"].reason
    assert (by["pain"].role, by["pain"].value_type) == ("attribute", "integer")
    assert (by["agree"].role, by["agree"].value_type) == ("attribute", "integer")
    assert t.rows[0][1][by["experience"].index] == "It went well, mostly.\nThe staff were kind."


def test_names_with_initials_are_not_sentences():
    assert classify_content(["J. Smith", "A. Jones", "K. Patel"])[0] == "attribute"


@pytest.mark.parametrize("first, is_id", [
    (["1", "2", "3", "4"], True),  # a running number
    (["24", "67", "35", "41"], False),  # ages that happen to differ
    (["P-01", "P-02", "P-03", "P-04"], True),
    (["Anna Maria Lopez", "Ben", "Cy", "Di"], False),  # three words
])
def test_plain_first_column_id_by_content(tmp_path, first, is_id):
    path = tmp_path / "p.csv"
    path.write_text("Col,Answer\n" + "".join(f"{v},yes\n" for v in first))
    t = read_survey(path)
    assert [c.name for c in t.by_role("id")] == (["Col"] if is_id else [])


def test_dictionary_with_a_non_redcap_export_is_noted(tmp_path, files):
    path = tmp_path / "q.csv"
    path.write_text("StartDate,ResponseId,Q1\nStart Date,Response ID,Why?\nx,R_1,Because it was useful.\n")
    t = read_survey(path, dictionary=files[1])
    assert t.platform == "qualtrics"
    assert "the data dictionary applies to REDCap exports only; ignored" in t.notes


def test_start_date_and_response_id_without_a_label_row_is_not_qualtrics(tmp_path):
    path = tmp_path / "custom.csv"
    path.write_text("ResponseId,StartDate,Answer\n101,2024-01-01,yes\n102,2024-01-02,no\n")
    t = read_survey(path)
    assert t.platform == "plain" and len(t.rows) == 2
    assert [c.name for c in t.by_role("id")] == ["ResponseId"]


def test_checkbox_with_nothing_checked_is_ignored(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("record_id,pets___1,pets___2,why,form_complete\n1,0,0,Because I like them a lot really.,2\n"
                    "2,0,0,No reason at all that I can think of.,2\n")
    t = read_survey(path)
    assert [(c.name, c.role) for c in t.columns] == [("record_id", "id"), ("pets", "ignore"), ("why", "text"),
                                                     ("form_complete", "metadata")]
