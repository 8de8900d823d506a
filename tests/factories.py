"""Small builders for tests: a project with a source, coders and codes."""
from __future__ import annotations

from coding import access, codebook, coders, codings, sources
from coding.sources import SectionSpec
from coding.text import sha256

TEXT = (
    "Mentor: How did the meetings go?\n"
    "Ana: They were helpful, honestly. She always answered my emails.\n"
    "Ben: Mine cancelled twice 😕 and then left.\n"
)


def seed(store, text: str = TEXT, name: str = "fg") -> dict[str, str]:
    """One source, two coders, a small codebook; returns their names/paths."""
    with store.transaction(access.system("tester")) as s:
        sources.add_source(s, name, "focus-group", text, sha256(text.encode()))
        coders.create_coder(s, "Priya", role="lead")
        coders.create_coder(s, "Daniel")
        codebook.ensure_path(s, "Relationship/Positive/Accessibility")
        codebook.ensure_path(s, "Relationship/Negative/Cancelled meetings")
    return {"source": name, "a": "Priya", "b": "Daniel",
            "access": "Relationship/Positive/Accessibility",
            "cancel": "Relationship/Negative/Cancelled meetings"}


PAIR_TEXT = ("Kim: How did it go?\n"                                    # 0-20 (moderator)
             "Ana: They were helpful, she always answered my emails.\n"  # 20-75
             "Ben: Mine cancelled twice and then left the programme.\n")  # 75-130
ACCESS, CANCEL = "Rel/Positive/Accessibility", "Rel/Negative/Cancelled"


def _sections(text):
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        who = line.split(":")[0]
        out.append(SectionSpec(kind="turn", start=pos + len(who) + 2, end=pos + len(line) - 1, speaker=who,
                               is_moderator=who == "Kim"))
        pos += len(line)
    return out


def seed_pair(store) -> None:
    """A focus group coded by Lena (lead, coder A) and Omar (coder B): one
    agreement and one discrepancy of each class (see the comments)."""
    with store.transaction(access.system("t")) as s:
        src = sources.add_source(s, "fg", "focus-group", PAIR_TEXT, sha256(PAIR_TEXT.encode()),
                                  sections=_sections(PAIR_TEXT))
        lena, omar = coders.create_coder(s, "Lena", role="lead"), coders.create_coder(s, "Omar")
        acc, can = codebook.ensure_path(s, ACCESS), codebook.ensure_path(s, CANCEL)
        for coder, code, start, end in [
            (lena, acc, 25, 45), (omar, acc, 25, 45),      # agreement
            (lena, acc, 46, 74), (omar, acc, 52, 74),      # boundary
            (lena, can, 80, 100), (omar, acc, 80, 98),     # different code
            (lena, can, 101, 129),                         # A only
            (omar, can, 0, 3),                             # B only
        ]:
            codings.apply_coding(s, src, code, coder, start, end)


THEMES_FG = "Ana: She always answered my emails.\nBen: Mine cancelled twice.\nCy: We met for coffee, which helped.\n"
THEMES_SURVEY = "I could message her any time.\nNot much contact at all.\n"


def seed_themes(store):
    """Two sources (a focus group and a survey), mentees and a mentor, one
    lead coder (Lena); themes at depth 2 under "Influences"."""
    from coding import cases

    with store.transaction(access.system("t")) as s:
        turns, pos = [], 0
        for line, case in zip(THEMES_FG.splitlines(keepends=True), ("P1", "P2", "M1")):
            turns.append(SectionSpec(kind="turn", start=pos + line.index(":") + 2, end=pos + len(line) - 1,
                                     speaker=line.split(":")[0], case_name=case))
            pos += len(line)
        for name, group in (("P1", "Mentee"), ("P2", "Mentee"), ("M1", "Mentor"), ("R1", "Mentee"), ("R2", "Mentor")):
            cases.set_value(s, cases.ensure_case(s, name), cases.ensure_attribute(s, "group", "text"), group)
        fg = sources.add_source(s, "Focus group", "focus-group", THEMES_FG, sha256(THEMES_FG.encode()),
                                sections=turns)
        responses = [SectionSpec(kind="response", start=0, end=29, case_name="R1"),
                     SectionSpec(kind="response", start=30, end=54, case_name="R2")]
        sv = sources.add_source(s, "Survey", "survey", THEMES_SURVEY, sha256(THEMES_SURVEY.encode()),
                                sections=responses)
        lena = coders.create_coder(s, "Lena", role="lead")
        pos_cat = codebook.ensure_path(s, "Influences/Positive")
        codebook.update_code(s, pos_cat, codable=False, description="What helped")
        access_code = codebook.ensure_path(s, "Influences/Positive/Accessibility")
        codebook.update_code(s, access_code, description="The mentor was easy to reach.")
        informal = codebook.ensure_path(s, "Influences/Positive/Informal contact")
        neg = codebook.ensure_path(s, "Influences/Negative/Time pressure")
        codebook.update_code(s, codebook.get_code(s, "Influences"), codable=False)
        codebook.update_code(s, codebook.get_code(s, "Influences/Negative"), codable=False)
        for src, code, text in ((fg, access_code, "She always answered my emails."), (fg, informal, "coffee"),
                                (fg, neg, "Mine cancelled twice."), (sv, access_code, "I could message her any time."),
                                (sv, neg, "Not much contact at all.")):
            start = src.text.index(text)
            codings.apply_coding(s, src, code, lena, start, start + len(text))
    return store
