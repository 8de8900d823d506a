"""Every real third-party sample in ../shared/samples imports into a project
with the right sources, turns, speakers, cases and responses (read in place)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from coding import access, cases, sources
from importers import documents
from storage.models import Section
from tests.conftest import SAMPLES

pytestmark = pytest.mark.skipif(not SAMPLES.exists(), reason=f"samples folder missing: {SAMPLES}")


def import_one(store, path, **opts):
    planned = documents.plan_all([path], documents.ImportOptions(**opts))
    with store.transaction(access.system("t")) as s:
        return documents.write(s, planned)


def sections(store, name):
    with store.session() as s:
        src = sources.get_source(s, name)
        return [(x.speaker, x.case.name if x.case else None, x.is_moderator, src.text[x.start:x.end], x.meta)
                for x in sources.sections_of(s, src)], src.kind


TRANSCRIPTS = [
    # file, turns after merging consecutive cues of a speaker, speakers (None: the file names none)
    ("zoom_cloud_transcript_zoomGroupStats.vtt", None, {"Paul McCartney", "Andrew Knight", "John Lennon",
                                                         "George Harrison", "Ringo Starr"}),
    ("teams_2022_classic_voice_tags.vtt", None, {"Hurst, Peter", "Wright, Steve"}),
    ("teams_premium_voice_tags.vtt", None, {"Janaki", "Charles"}),
    ("teams_2022_onedrive_bom_no_speakers.vtt", 270, set()),
    ("teams_new_format_no_speakers.vtt", 4, set()),
    ("zoom_chat_zoomGroupStats.txt", None, None),
    ("qualcoder_bracket_id_turns.txt", None, {"id1", "id2", "id3"}),
]


@pytest.mark.parametrize("name, n_turns, speakers", TRANSCRIPTS)
def test_transcript_samples(sqlite_store, name, n_turns, speakers):
    path = SAMPLES / "transcripts" / name
    report = import_one(sqlite_store, path)
    assert report.imported == [path.stem]
    turns, kind = sections(sqlite_store, path.stem)
    found = {sp for sp, *_ in turns if sp}
    if speakers is not None:
        assert found == speakers
    if n_turns is not None:
        assert len(turns) == n_turns
    # consecutive turns never share a named speaker (cues were merged)
    assert all(a[0] is None or a[0] != b[0] for a, b in zip(turns, turns[1:]))
    # every named speaker became a case; unnamed turns have none
    assert all((case == sp) for sp, case, *_ in turns)
    assert kind in ("focus-group", "interview")
    assert all(text.strip() == text and text for *_, text, _ in turns)


def test_zoom_sample_keeps_timings_and_continuations(sqlite_store):
    path = SAMPLES / "transcripts" / "zoom_cloud_transcript_zoomGroupStats.vtt"
    import_one(sqlite_store, path, moderators={"Andrew Knight"})
    turns, kind = sections(sqlite_store, path.stem)
    assert kind == "focus-group"
    assert all("start_ms" in meta and meta["end_ms"] >= meta["start_ms"] for *_, meta in turns)
    assert all(case is None for sp, case, mod, *_ in turns if sp == "Andrew Knight")
    assert all(mod == (sp == "Andrew Knight") for sp, case, mod, *_ in turns)


def test_reimporting_a_sample_is_skipped(sqlite_store):
    path = SAMPLES / "transcripts" / "teams_premium_voice_tags.vtt"
    import_one(sqlite_store, path)
    assert import_one(sqlite_store, path).skipped[0].startswith("teams_premium_voice_tags.vtt: already imported")


def test_docx_sample(sqlite_store):
    path = SAMPLES / "docx" / "qualcoder_ID1_plain_paragraphs.docx"
    import_one(sqlite_store, path, kind="interview", case="ID1")
    paras, kind = sections(sqlite_store, path.stem)
    assert kind == "interview" and len(paras) == 3 and {c for _, c, *_ in paras} == {"ID1"}


SURVEYS = [
    # file, dictionary, respondents, text questions, an attribute expected on the first case
    ("google_forms_sheet_export_autistica.csv", None, 42, 1, None),
    ("qualcoder_survey_case_first_column.csv", None, 3, 1, None),
    ("qualtrics_3header_importid_json.csv", None, 1, 1, None),
    ("qualtrics_3header_importid_pydict_freetext.csv", None, 10, 2, None),
    ("qualtrics_legacy_2header_bom.csv", None, 1, 1, None),
    ("redcap_raw_export_simple.csv", None, 5, 1, "race"),
    ("redcap_raw_export_simple.csv", "redcap_data_dictionary_simple.csv", 5, 1, "race"),
]


@pytest.mark.parametrize("name, dictionary, respondents, questions, attribute", SURVEYS)
def test_survey_samples(sqlite_store, name, dictionary, respondents, questions, attribute):
    path = SAMPLES / "surveys" / name
    opts = {"dictionary": SAMPLES / "surveys" / dictionary} if dictionary else {}
    report = import_one(sqlite_store, path, **opts)
    assert report.imported == [path.stem]
    assert any("survey" in d for d in report.decisions)
    with sqlite_store.session() as s:
        src = sources.get_source(s, path.stem)
        secs = sources.sections_of(s, src)
        assert src.kind == "survey" and src.meta["respondents"] == respondents
        assert len(src.meta["questions"]) == questions
        assert secs and all(x.kind == "response" and x.case is not None and x.question for x in secs)
        assert all(src.text[x.start:x.end].strip() == src.text[x.start:x.end] for x in secs)
        n_cases = s.scalar(select(func.count(func.distinct(Section.case_id))).where(Section.source_id == src.id))
        assert n_cases <= respondents
        if attribute:
            first = cases.attributes_of(s, secs[0].case)
            assert any(k.lower().startswith(attribute) for k in first), first
    if dictionary:
        with sqlite_store.session() as s:
            values = {str(v) for c in cases.list_cases(s) for k, v in cases.attributes_of(s, c).items()
                      if k.startswith("Race")}
            assert any("White" in v for v in values)  # labels from the dictionary, not codes


def test_google_forms_multiline_answers_and_curly_quotes_survive(sqlite_store):
    path = SAMPLES / "surveys" / "google_forms_sheet_export_autistica.csv"
    import_one(sqlite_store, path)
    with sqlite_store.session() as s:
        src = sources.get_source(s, path.stem)
        answers = [src.text[x.start:x.end] for x in sources.sections_of(s, src)]
    assert any("\n" in a for a in answers)
    assert any("\u2019" in a for a in answers)
