"""A connection that breaks during COMMIT, on the real PostgreSQL server
behind a relay that loses the server's answer (tests/cut_proxy.py): the
server saved the change, the client never heard.  The store asks the server
on a fresh connection — by the transaction's uuid in the audit log — rather
than telling the person "not saved"; when the server cannot be asked, the
error says it may be saved and carries what to look for."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from coding import access, codebook
from storage import open_url
from storage.errors import ConnectionLostError
from storage.models import AuditEntry, Code
from tests.cut_proxy import CutProxy

pytestmark = pytest.mark.postgres


@pytest.fixture
def relayed(pg_url):
    """A project on the server, opened through the relay."""
    url, kwargs = pg_url
    proxy = CutProxy()
    store = open_url(proxy.url(url), title="Study", **kwargs)
    yield store, proxy
    store.close()
    proxy.close()


def _codes(store, name) -> int:
    with store.session() as s:
        return s.scalar(select(func.count(Code.id)).where(Code.name == name))


def test_a_commit_whose_answer_was_lost_but_was_saved_counts_as_saved(relayed):
    store, proxy = relayed
    proxy.cut_next_commit = True
    with store.transaction(access.system("test")) as s:  # no error: the server is asked, and says saved
        codebook.create_code(s, "Belonging")
    assert proxy.commits_cut == 1  # the answer really was lost
    assert _codes(store, "Belonging") == 1


def test_a_commit_whose_answer_was_lost_when_the_server_cannot_be_asked_says_it_may_be_saved(relayed):
    store, proxy = relayed
    proxy.cut_next_commit, proxy.refuse_after_cut = True, True
    with pytest.raises(ConnectionLostError) as raised:
        with store.transaction(access.system("test")) as s:
            codebook.create_code(s, "Belonging")
    assert proxy.commits_cut == 1
    message = str(raised.value)
    assert "cannot be asked yet whether it saved it" in message and "not saved" not in message
    assert raised.value.unsure_of is not None
    assert store.saved(raised.value.unsure_of) is None  # still unreachable
    proxy.refusing = False  # the server answers again
    assert store.saved(raised.value.unsure_of) is True
    assert _codes(store, "Belonging") == 1
    with store.session() as s:  # the audit entry of exactly that transaction
        assert s.scalar(select(func.count(AuditEntry.id))
                        .where(AuditEntry.transaction_uuid == raised.value.unsure_of)) == 1


def test_a_commit_the_server_never_received_is_found_unsaved_and_says_so(relayed):
    store, proxy = relayed
    proxy.drop_next_commit = True
    with pytest.raises(ConnectionLostError) as raised:
        with store.transaction(access.system("test")) as s:
            codebook.create_code(s, "Belonging")
    assert raised.value.unsure_of is None and "was not saved" in str(raised.value)  # asked: it was not
    assert _codes(store, "Belonging") == 0


def test_a_connection_lost_before_the_commit_says_not_saved_without_asking(relayed):
    store, proxy = relayed
    with pytest.raises(ConnectionLostError) as raised:
        with store.transaction(access.system("test")) as s:
            code = codebook.create_code(s, "Belonging")
            s.flush()
            proxy.close()  # every connection gone, and no new one taken
            code.description = "Sent by the flush before COMMIT: lost there, not during COMMIT"
    assert raised.value.unsure_of is None and "was not saved" in str(raised.value)


def test_a_commit_still_on_its_way_is_stopped_before_the_log_is_believed(relayed):
    """The COMMIT has not reached the server when the client gives up; the
    log has no entry yet, but the old connection's server process would
    still commit it when it arrives: it is ended first, so "not saved" stays
    true."""
    store, proxy = relayed
    proxy.hold_next_commit = True
    with pytest.raises(ConnectionLostError) as raised:
        with store.transaction(access.system("test")) as s:
            codebook.create_code(s, "Belonging")
    assert raised.value.unsure_of is None and "was not saved" in str(raised.value)
    proxy.release.set()  # the COMMIT arrives now
    assert proxy.held_delivered.wait(10)
    assert _codes(store, "Belonging") == 0
