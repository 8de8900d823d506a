"""Applying, adjusting, removing and retrieving codings."""
from __future__ import annotations

import pytest

from coding import access, audit, cases, codebook, coders, codings, sources
from coding.errors import Conflict, InvalidRequest, NotFound
from coding.sources import SectionSpec
from coding.text import sha256
from tests.factories import TEXT, seed


def handles(s, names):
    return (sources.get_source(s, names["source"]), codebook.get_code(s, names["access"]),
            coders.get_coder(s, names["a"]))


def test_apply_stores_code_point_offsets(store):
    names = seed(store)
    quote = "Mine cancelled twice 😕 and then left."
    start = TEXT.index(quote)
    with store.transaction("Priya") as s:
        src = sources.get_source(s, names["source"])
        codings.apply_coding(s, src, codebook.get_code(s, names["cancel"]), coders.get_coder(s, "Priya"),
                             start, start + len(quote), memo="an emoji inside")
    with store.session() as s:
        [seg] = codings.retrieve(s, access.system("t"))
        assert seg.text == quote and seg.end - seg.start == len(quote)
        assert seg.memo == "an emoji inside"
        [entry] = [e for e in audit.entries(s) if e.action == "coding.apply"]
        assert entry.actor == "Priya" and entry.after["code"] == names["cancel"]


@pytest.mark.parametrize("start, end, message", [
    (10, 10, "must start before it ends"),
    (20, 5, "must start before it ends"),
    (-1, 5, "outside"),
    (0, len(TEXT) + 1, "outside 'fg', which has"),
])
def test_invalid_spans_are_refused_with_a_readable_message(store, start, end, message):
    names = seed(store)
    with store.transaction(access.system("t")) as s:
        with pytest.raises(InvalidRequest, match=message):
            codings.apply_coding(s, *handles(s, names), start, end)


def test_unknown_code_or_coder_is_refused(store):
    seed(store)
    with store.session() as s:
        with pytest.raises(NotFound, match="no code 'Nope'"):
            codebook.get_code(s, "Nope")
        with pytest.raises(NotFound, match="no coder called 'Zed' \\(coders: Daniel, Priya\\)"):
            coders.get_coder(s, "Zed")


def test_duplicate_and_grouping_codes_are_refused(store):
    names = seed(store)
    with store.transaction(access.system("t")) as s:
        src, code, coder = handles(s, names)
        codings.apply_coding(s, src, code, coder, 0, 5)
        with pytest.raises(Conflict, match="already applied"):
            codings.apply_coding(s, src, code, coder, 0, 5)
        grouping = codebook.get_code(s, "Relationship")
        codebook.update_code(s, grouping, codable=False)
        with pytest.raises(InvalidRequest, match="grouping"):
            codings.apply_coding(s, src, grouping, coder, 0, 5)


def test_adjust_and_remove_write_before_and_after(store):
    names = seed(store)
    with store.transaction(access.system("t")) as s:
        coding = codings.apply_coding(s, *handles(s, names), 0, 5)
        uid = coding.uuid
    with store.transaction(access.system("t")) as s:
        coding = codings.get_coding(s, uid)
        codings.adjust_coding(s, coding, start=2, end=9, memo="wider")
        with pytest.raises(InvalidRequest):
            codings.adjust_coding(s, coding, end=1)
    with store.transaction(access.system("t")) as s:
        codings.remove_coding(s, codings.get_coding(s, uid))
    with store.session() as s:
        log = audit.entries(s, uid)
        assert [e.action for e in log] == ["coding.apply", "coding.adjust", "coding.remove"]
        assert (log[1].before["start"], log[1].after["start"], log[1].after["memo"]) == (0, 2, "wider")
        assert log[2].before["end"] == 9 and log[2].after is None
        assert codings.retrieve(s, access.system("t")) == []
        with pytest.raises(NotFound):
            codings.get_coding(s, uid)


def test_retrieve_filters_by_code_coder_source_kind_and_case_attribute(store):
    text = "Ana: It helped me a lot.\nBen: It did not help.\n"
    with store.transaction(access.system("t")) as s:
        src = sources.add_source(s, "fg", "focus-group", text, sha256(text.encode()), sections=[
            SectionSpec(5, 24, speaker="Ana", case_name="Ana"), SectionSpec(30, 46, speaker="Ben", case_name="Ben")])
        notes = sources.add_source(s, "notes", "notes", "It helped.", "x")
        group = cases.ensure_attribute(s, "group", "text")
        year = cases.ensure_attribute(s, "year", "integer")
        cases.set_value(s, cases.get_case(s, "Ana"), group, "Mentee")
        cases.set_value(s, cases.get_case(s, "Ben"), group, "Mentor")
        cases.set_value(s, cases.get_case(s, "Ana"), year, "2")
        help_ = codebook.ensure_path(s, "Benefits/Help")
        other = codebook.ensure_path(s, "Benefits/Other")
        a, b = coders.create_coder(s, "A"), coders.create_coder(s, "B")
        codings.apply_coding(s, src, help_, a, 5, 24)
        codings.apply_coding(s, src, help_, b, 30, 46)
        codings.apply_coding(s, src, other, b, 8, 14)
        codings.apply_coding(s, notes, help_, a, 0, 10)
    with store.session() as s:
        benefits = codebook.get_code(s, "Benefits")
        assert len(codings.retrieve(s, access.system("t"), code=benefits)) == 4
        assert len(codings.retrieve(s, access.system("t"), code=benefits, include_subcodes=False)) == 0
        assert [x.text for x in codings.retrieve(s, access.system("t"), coder=coders.get_coder(s, "B"))] == ["helped", "It did not help."]
        assert [x.case for x in codings.retrieve(s, access.system("t"), where={"group": "Mentee"})] == ["Ana", "Ana"]
        assert [x.speaker for x in codings.retrieve(s, access.system("t"), where={"year": 2})] == ["Ana", "Ana"]
        assert [x.source for x in codings.retrieve(s, access.system("t"), source_kind="notes")] == ["notes"]
        assert [x.text for x in codings.retrieve(s, access.system("t"), source=sources.get_source(s, "notes"))] == ["It helped."]
        with pytest.raises(NotFound, match="no case attribute called 'age'"):
            codings.retrieve(s, access.system("t"), where={"age": 3})
