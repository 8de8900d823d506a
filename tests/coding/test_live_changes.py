"""The audit log read as a change sequence: what other people changed since
a position, as one Change, on both engines."""
from __future__ import annotations

from coding import access, blind, codebook, coders, codings, sources
from coding.changes import Seen, changes_since, log_position
from tests.factories import seed_themes


def test_another_persons_codings_memos_and_codes_since_a_position(store):
    seed_themes(store)
    with store.transaction(access.system("t")) as s:
        coders.create_coder(s, "Omar")
    with store.session() as s:
        start = log_position(s)
        survey_uuid = str(sources.get_source(s, "Survey").uuid)
        omar = access.resolve(s, "Omar")
        assert changes_since(s, start, "Lena") == (None, start)  # nothing since
    with store.transaction(omar) as s:
        survey = sources.get_source(s, "Survey")
        codings.apply_coding(s, survey, codebook.get_code(s, "Influences/Positive/Accessibility"),
                             coders.get_coder(s, "Omar"), 0, 5)
    with store.session() as s:
        change, after = changes_since(s, start, "Lena")
        assert change.codings and change.sources == {survey_uuid} and not change.codebook
        assert after.newest > start.newest
        assert changes_since(s, start, "Omar")[0] is None  # one's own steps have notified already
        assert changes_since(s, after, "Lena")[0] is None  # read once
    with store.transaction(omar) as s:
        codebook.create_code(s, "Omar's idea")
    with store.session() as s:
        change, after = changes_since(s, after, "Lena")
        assert change.codebook and not change.codings and change.blind is None


def test_blind_mode_and_new_sources_switched_by_someone_else(store):
    seed_themes(store)
    with store.session() as s:
        start = log_position(s)
        lena = access.resolve(s, "Lena")
    with store.transaction(lena) as s:
        blind.set_blind(s, lena, False)
    with store.session() as s:
        change, seen = changes_since(s, start, "Omar")
    assert change.blind is False
    with store.transaction(access.system("an import")) as s:
        sources.add_source(s, "New notes", "notes", "Some words.", "0" * 64)
    with store.session() as s:
        change, _ = changes_since(s, seen, "Omar")
    assert change.source_list  # everything is read again


def test_an_entry_committed_after_a_later_one_is_still_noticed(sqlite_store):
    seed_themes(sqlite_store)
    with sqlite_store.session() as s:
        now = log_position(s)
    # as if the newest entry had been read before the one just below it committed
    early = Seen(now.newest, now.recent - {now.newest - 1})
    with sqlite_store.session() as s:
        change, seen = changes_since(s, early, "Omar")
    assert change is not None and change.codings
    assert seen == now


def test_the_same_coder_in_another_program_is_someone_else_to_this_window(sqlite_store):
    """Live updates leave out the transactions this window's store wrote,
    not everything under the coder's name: Omar's second window (another
    store on the same file) shows up in his first."""
    from storage import open_project

    seed_themes(sqlite_store)
    with sqlite_store.transaction(access.system("t")) as s:
        coders.create_coder(s, "Omar")
    with sqlite_store.session() as s:
        start = log_position(s)
        omar = access.resolve(s, "Omar")
    with sqlite_store.transaction(omar) as s:  # in this window
        codebook.create_code(s, "Omar's first idea")
    mine = sqlite_store.written_transactions()
    with sqlite_store.session() as s:
        assert changes_since(s, start, "Omar", mine=mine)[0] is None  # shown already, by the step itself
    with open_project(sqlite_store.path) as other:  # Omar's other window
        with other.transaction(omar) as s:
            codebook.create_code(s, "Omar's second idea")
    with sqlite_store.session() as s:
        change, _ = changes_since(s, start, "Omar", mine=sqlite_store.written_transactions())
        assert change is not None and change.codebook
        assert changes_since(s, start, "Omar")[0] is None  # by name alone, it was missed


def test_a_transaction_let_go_is_reported_again_however_long_ago_it_was_read(sqlite_store, monkeypatch):
    """A step whose COMMIT lost its answer and that the person let go: live
    updates may have read past its entries as this window's own; forgotten
    (``forget_written``), it is reported once more — found by its
    transaction, even below the ids read again each time (LOOKBACK)."""
    from coding import changes

    monkeypatch.setattr(changes, "LOOKBACK", 2)
    seed_themes(sqlite_store)
    with sqlite_store.session() as s:
        start = log_position(s)
    before = sqlite_store.written_transactions()
    with sqlite_store.transaction(access.system("t")) as s:
        codebook.create_code(s, "Let go")
    (let_go,) = sqlite_store.written_transactions() - before
    for name in ("A", "B", "C"):  # later entries push it below LOOKBACK
        with sqlite_store.transaction(access.system("t")) as s:
            coders.create_coder(s, name)
    with sqlite_store.session() as s:
        _, seen = changes_since(s, start, "t", mine=sqlite_store.written_transactions())
        assert changes_since(s, seen, "t", mine=sqlite_store.written_transactions())[0] is None  # read past it
    sqlite_store.forget_written(let_go)
    again = sqlite_store.take_forgotten()
    assert again == {let_go} and sqlite_store.take_forgotten() == frozenset()  # taken once
    with sqlite_store.session() as s:
        change, _ = changes_since(s, seen, "t", mine=sqlite_store.written_transactions(), again=again)
    assert change is not None and change.codebook
