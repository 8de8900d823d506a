"""The user's choices: only the columns named change role; names, questions and
1-based numbers all name a column; mistakes are refused with the list of columns."""
from __future__ import annotations


import pytest

from importers.errors import ImportFailed
from importers.surveys.reader import apply_overrides, describe, find_column, read_survey

TEXT = (
    "Participant,Cohort,Satisfaction,Comment,Email,Site\n"
    "P01,A,4,The sessions were useful and I would like more of them.,a@example.org,North\n"
    "P02,B,5,\"Not much to add, it was a good experience overall.\",b@example.org,North\n"
    "P03,A,3,The timing did not suit me; evenings would be better.,c@example.org,South\n"
)


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text(TEXT)
    return read_survey(path)


def roles(t) -> list[str]:
    return [c.role for c in t.columns]


def test_automatic_roles(table):
    assert roles(table) == ["id", "group", "attribute", "text", "metadata", "attribute"]


def test_only_named_columns_change(table):
    out = apply_overrides(table, text_columns=["Site"], attr_columns=["Comment"])
    assert roles(out) == ["id", "group", "attribute", "attribute", "metadata", "text"]
    assert out.columns[3].value_type == "text"
    assert out.columns[5].reason == "your choice" and out.columns[5].value_type is None
    assert roles(table) == ["id", "group", "attribute", "text", "metadata", "attribute"]  # original kept
    assert out.rows is table.rows


def test_columns_by_number_question_and_loose_spelling(table):
    assert find_column(table, "3").name == "Satisfaction"
    assert find_column(table, "  satisfaction ").name == "Satisfaction"
    out = apply_overrides(table, attr_columns=["5"])
    assert out.columns[4].role == "attribute" and out.columns[4].value_type == "text"


def test_unknown_column_lists_the_columns(table, tmp_path):
    with pytest.raises(ImportFailed) as info:
        apply_overrides(table, text_columns=["Feedback"])
    assert str(info.value) == (
        f"{tmp_path / 'plain.csv'}: there is no column 'Feedback'; the columns are: 1 Participant; "
        "2 Cohort; 3 Satisfaction; 4 Comment; 5 Email; 6 Site.")


def test_new_id_column_demotes_the_old_one(table):
    out = apply_overrides(table, id_column="Email")
    assert roles(out)[:5] == ["metadata", "group", "attribute", "text", "id"]
    assert "you chose 'Email' instead" in out.columns[0].reason


def test_id_column_must_be_unique(table, tmp_path):
    with pytest.raises(ImportFailed) as info:
        apply_overrides(table, id_column="Site")
    assert str(info.value) == (f"{tmp_path / 'plain.csv'}: row 3 repeats respondent North from row 2; "
                               "choose a column whose values are filled and unique")


def test_group_column_moves(table):
    out = apply_overrides(table, group_column="Site")
    assert roles(out)[1] == "attribute" and roles(out)[5] == "group"
    assert out.columns[5].value_type == "text"


def test_one_column_two_roles_is_refused(table):
    with pytest.raises(ImportFailed, match=r"column 'Comment' is named both as text and as attribute"):
        apply_overrides(table, text_columns=["Comment"], attr_columns=["4"])


def test_taking_the_id_for_text_leaves_no_id(table):
    out = apply_overrides(table, text_columns=["Participant"])
    assert out.by_role("id") == []
    assert any("no longer the respondent id" in n for n in out.notes)


def test_ambiguous_name_asks_for_a_number(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("ResponseId,Q1,Q1_TEXT\nResponse ID,Pick one,Pick one\n"
                    '"{""ImportId"":""_recordId""}","{""ImportId"":""QID1""}","{""ImportId"":""QID1_TEXT""}"\n'
                    "R_1,1,\nR_2,4,something else entirely here\n")
    t = read_survey(path)
    with pytest.raises(ImportFailed, match=r"'Pick one' names 2 columns \(2, 3\); name the column by its number"):
        apply_overrides(t, attr_columns=["Pick one"])
    assert apply_overrides(t, attr_columns=["Q1_TEXT"]).columns[2].role == "attribute"


def test_describe_after_overrides(table):
    lines = describe(apply_overrides(table, attr_columns=["Comment"]))
    assert "#4 'Comment' → attribute, text (your choice)" in lines
    assert "#1 'Participant' → id (named like a respondent id; every value unique)" in lines
    assert lines[0].startswith("plain: ")


def test_notes_follow_the_overrides(tmp_path):
    path = tmp_path / "noid.csv"
    path.write_text("Timestamp,Score,Word\n1/2/2024 10:00:00,3,ok\n1/3/2024 11:00:00,4,fine\n")
    t = read_survey(path)
    assert any(n.startswith("no respondent id column") for n in t.notes)
    assert any(n.startswith("no free-text column") for n in t.notes)
    out = apply_overrides(t, id_column="Timestamp", text_columns=["Word"])
    assert not any(n.startswith(("no respondent id column", "no free-text column")) for n in out.notes)
    assert [c.role for c in out.columns] == ["id", "attribute", "text"]
