"""A step's Change: what it touched, combined with | (empty sets mean "any")."""
from coding.changes import Change


def test_changes_combine():
    a = Change.of_codings("s1", "coder1", delta="d")
    assert (a.codings, a.sources, a.layers, a.delta) == (True, {"s1"}, {"coder1"}, "d")
    both = a | Change.of_codings("s2", "coder1")
    assert both.sources == {"s1", "s2"} and both.layers == {"coder1"} and both.delta is None
    assert (a | Change(codebook=True)).delta == "d" and (a | Change(codebook=True)).codebook
    anywhere = a | Change(codings=True)
    assert anywhere.sources == frozenset() and anywhere.layers == frozenset()
    assert (Change(memos=True) | Change(blind=False)).blind is False
    assert not Change(memos=True).codings
