"""Words on screen: numbers in sentences ("1 coder", "8 runs of characters",
"No hits") and the names people read for the project's internal ones."""
from __future__ import annotations

IRREGULAR = {"run of characters": "runs of characters", "person": "people", "this": "these", "is": "are",
             "was": "were", "analysis": "analyses", "category": "categories"}


def plural(n: int, noun: str, plural_form: str = "") -> str:
    """``n`` and ``noun``, the noun in the plural unless ``n`` is 1 ("1 coder", "2 coders", "8 runs of characters")."""
    if n == 1:
        return f"1 {noun}"
    form = plural_form or IRREGULAR.get(noun) or (noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in
                                                  "aeiou" else noun + ("es" if noun.endswith(("s", "x", "ch", "sh"))
                                                                       else "s"))
    return f"{n:,} {form}"


KIND_NAMES = {"focus-group": "Focus group", "interview": "Interview", "survey": "Survey", "notes": "Notes",
              "document": "Document"}


def kind_name(kind: str) -> str:
    """A source kind as people read it: 'focus-group' is "Focus group"."""
    return KIND_NAMES.get(kind) or kind.replace("-", " ").capitalize()
