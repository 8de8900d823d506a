"""Cases, attributes, speakers and sources changed after import: each change
type-checked, audited, refused whole when one value does not fit, and put
back exactly by what it returns for undo."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from coding import access, case_edits, cases, source_edits, sources
from coding.errors import Conflict, InvalidRequest, NotAllowed, NotFound
from storage.models import AuditEntry, Coding, Section
from tests.factories import seed_themes


@pytest.fixture
def project(store):
    return seed_themes(store)


def _t(store):
    return store.transaction(access.system("t"))


def _attrs(store, case):
    with store.session() as s:
        return cases.attributes_of(s, cases.get_case(s, case))


def test_values_are_set_type_checked_cleared_and_new_attributes_made(project):
    with _t(project) as s:
        assert case_edits.set_attribute(s, "P1", "group", "Mentor") == "Mentee"
        case_edits.set_attribute(s, "P1", "cohort", "2026")  # a new attribute, typed from its value
    assert _attrs(project, "P1") == {"group": "Mentor", "cohort": 2026}
    with pytest.raises(InvalidRequest, match="not a whole number"):
        with _t(project) as s:
            case_edits.set_attribute(s, "P1", "cohort", "soon")
    with _t(project) as s:
        case_edits.set_attribute(s, "p1", "COHORT", "")  # look-alike names; an empty value clears
    assert _attrs(project, "P1") == {"group": "Mentor"}
    with pytest.raises(NotFound, match="no case called 'P9'"):
        with _t(project) as s:
            case_edits.set_attribute(s, "P9", "group", "Mentor")


def test_attributes_are_added_renamed_retyped_and_deleted_with_undo(project):
    with _t(project) as s:
        case_edits.add_attribute(s, "Year", "text")
        for case, year in (("P1", "2025"), ("P2", "2026")):
            case_edits.set_attribute(s, case, "Year", year)
        assert case_edits.retype_attribute(s, "Year", "integer") == "text"
        assert case_edits.rename_attribute(s, "Year", "Cohort") == "Year"
    assert _attrs(project, "P2")["Cohort"] == 2026
    with _t(project) as s:
        case_edits.set_attribute(s, "M1", "Cohort", "2024")
        with pytest.raises(Conflict):
            case_edits.add_attribute(s, "cohort", "text")
    with _t(project) as s:
        case_edits.add_attribute(s, "Note", "text")
        case_edits.set_attribute(s, "M1", "Note", "joined late")
    with pytest.raises(InvalidRequest, match="case M1 has 'joined late'"):
        with _t(project) as s:
            case_edits.retype_attribute(s, "Note", "date")
    with _t(project) as s:
        gone = case_edits.delete_attribute(s, "Cohort")
    assert "Cohort" not in _attrs(project, "P1") and len(gone.values) == 3
    with _t(project) as s:
        case_edits.restore_attribute(s, gone)
    assert _attrs(project, "P1")["Cohort"] == 2025 and _attrs(project, "M1")["Cohort"] == 2024
    with project.session() as s:
        actions = [a for (a,) in s.execute(select(AuditEntry.action).where(AuditEntry.action.like("attribute.%")))]
    assert {"attribute.retype", "attribute.rename", "attribute.delete", "attribute.create"} <= set(actions)


def test_a_speakers_turns_are_given_to_a_case_or_marked_moderator_and_undone(project):
    with _t(project) as s:
        before = case_edits.assign_speaker(s, "Focus group", "ben", case_name="P7")
    with project.session() as s:
        ben = s.scalars(select(Section).where(Section.speaker == "Ben")).one()
        assert ben.case.name == "P7"
        assert ("Ben", 1, "P7", False) in case_edits.speakers(s, "Focus group")
    with _t(project) as s:
        case_edits.assign_speaker(s, "Focus group", "Ben", moderator=True, clear_case=True)
    with project.session() as s:
        ben = s.scalars(select(Section).where(Section.speaker == "Ben")).one()
        assert ben.case is None and ben.is_moderator
    with _t(project) as s:
        case_edits.restore_turns(s, before)
    with project.session() as s:
        ben = s.scalars(select(Section).where(Section.speaker == "Ben")).one()
        assert ben.case.name == "P2" and not ben.is_moderator
    with pytest.raises(NotFound, match="speakers: Ana, Ben, Cy"):
        with _t(project) as s:
            case_edits.assign_speaker(s, "Focus group", "Dora", case_name="P9")


def test_a_table_of_cases_is_checked_whole_before_anything_is_written(project):
    with _t(project) as s:
        done = case_edits.import_values(s, {"p1": {"age": "34"}, "R9": {"age": "51", "group": "Mentor"}})
    assert done["matched"] == [("p1", "P1")] and _attrs(project, "R9") == {"group": "Mentor", "age": 51}
    with pytest.raises(InvalidRequest, match="not a whole number"):
        with _t(project) as s:
            case_edits.import_values(s, {"P2": {"age": "40"}, "M1": {"age": "forty"}})
    assert "age" not in _attrs(project, "P2")


def test_a_source_is_deleted_with_its_codings_by_a_lead_and_restored_whole(project):
    with project.session() as s:
        assert source_edits.usage(s, "Survey") == {"Lena": 2}
        n = s.scalar(select(func.count(Coding.id)))
    with project.transaction(access.system("t")) as s:
        from coding import coders

        coders.create_coder(s, "Omar")
    with pytest.raises(NotAllowed, match="Only a lead"):
        with project.session() as s:
            omar = access.resolve(s, "Omar")
        with project.transaction(omar) as s:
            source_edits.delete(s, "Survey")
    with project.session() as s:
        lena = access.resolve(s, "Lena")
    with project.transaction(lena) as s:
        gone = source_edits.delete(s, "Survey")
    with project.session() as s:
        assert sources.find_source(s, "Survey") is None and s.scalar(select(func.count(Coding.id))) == n - 2
    with project.transaction(lena) as s:
        source_edits.restore(s, gone)
    with project.session() as s:
        survey = sources.get_source(s, "Survey")
        assert str(survey.uuid) == str(gone.source["uuid"]) and len(sources.sections_of(s, survey)) == 2
        assert s.scalar(select(func.count(Coding.id))) == n
