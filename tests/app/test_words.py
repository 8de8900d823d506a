"""Numbers in sentences read as people write them."""
from app.common.words import plural


def test_plurals():
    assert [plural(1, "coder"), plural(2, "coder"), plural(0, "hit")] == ["1 coder", "2 coders", "0 hits"]
    assert plural(8, "run of characters") == "8 runs of characters"
    assert [plural(3, "category"), plural(2, "day"), plural(2, "match"), plural(1200, "source")] == [
        "3 categories", "2 days", "2 matches", "1,200 sources"]


def test_kind_names():
    from app.common.words import kind_name

    assert [kind_name("focus-group"), kind_name("interview"), kind_name("field-notes")] == [
        "Focus group", "Interview", "Field notes"]
