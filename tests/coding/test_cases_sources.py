"""Cases with typed attributes; sources with normalised text and sections."""
from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from coding import access, audit, cases, sources
from coding.errors import Conflict, InvalidRequest
from coding.sources import SectionSpec


def test_attribute_types_are_inferred_and_enforced(store):
    assert cases.infer_type(["1", "22", ""]) == "integer"
    assert cases.infer_type(["1.5", "2"]) == "float"
    assert cases.infer_type(["2025-03-01"]) == "date"
    assert cases.infer_type(["Mentee", "3"]) == "text"
    with store.transaction(access.system("t")) as s:
        case = cases.ensure_case(s, "R01")
        likert = cases.ensure_attribute(s, "satisfaction", "integer")
        started = cases.ensure_attribute(s, "started", "date")
        consent = cases.ensure_attribute(s, "consent", "boolean")
        cases.set_value(s, case, likert, "+4")
        cases.set_value(s, case, started, "2025-09-01")
        cases.set_value(s, case, consent, "yes")
        with pytest.raises(InvalidRequest, match="'four' is not a whole number for attribute 'satisfaction'"):
            cases.set_value(s, case, likert, "four")
    with store.session() as s:
        assert cases.attributes_of(s, cases.get_case(s, "R01")) == {
            "satisfaction": 4, "started": dt.date(2025, 9, 1), "consent": True}
        log = [e for e in audit.entries(s) if e.action == "case.set_attribute"]
        assert log[0].after == {"attribute": "satisfaction", "value": "4"}


def test_source_text_is_nfc_with_lf_newlines(store):
    decomposed = "Cafe\u0301\r\nline two\rthree"
    with store.transaction(access.system("t")) as s:
        src = sources.add_source(s, "doc", "document", decomposed, "abc")
        assert src.text == unicodedata.normalize("NFC", "Café\nline two\nthree")
        with pytest.raises(Conflict, match="already a source called 'doc'"):
            sources.add_source(s, "doc", "document", "x", "def")
        with pytest.raises(InvalidRequest, match="Unknown source kind"):
            sources.add_source(s, "doc2", "video", "x", "def")


def test_sections_must_fit_the_text(store):
    with store.transaction(access.system("t")) as s:
        with pytest.raises(InvalidRequest, match="outside the text"):
            sources.add_source(s, "doc", "focus-group", "short", "x", sections=[SectionSpec(0, 99)])
