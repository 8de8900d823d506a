"""Small builders for tests: a project with a source, coders and codes."""
from __future__ import annotations

from coding import access
from coding import codebook, coders, sources
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
