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
