"""The whole team server stopped under its clients and started again (a
throwaway PostgreSQL server, tests/throwaway_server.py): a change made while
it is down is refused whole, saying so, and the same store carries the next
change out once the server is back — no reopening."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from coding import access, codebook, team_server
from storage.errors import ConnectionLostError
from storage.models import Code
from storage.server import open_server
from tests import throwaway_server


@pytest.fixture
def stoppable():
    reason = throwaway_server.unavailable()
    if reason:
        pytest.skip(reason)
    with throwaway_server.throwaway_server() as server:
        yield server, throwaway_server.team_project(server)


def _codes(store, name) -> int:
    with store.session() as s:
        return s.scalar(select(func.count(Code.id)).where(Code.name == name))


def test_a_change_while_the_server_is_stopped_fails_whole_and_the_next_goes_through_once_it_is_back(stoppable):
    server, omar_url = stoppable
    store = open_server(omar_url, throwaway_server.PASSWORD)
    try:
        with store.session() as s:
            omar = access.resolve(s, team_server.identity(store.engine)[0])
        server.stop()
        with pytest.raises(ConnectionLostError) as raised:
            with store.transaction(omar) as s:
                codebook.create_code(s, "Belonging")
        assert "was not saved" in str(raised.value) and raised.value.unsure_of is None
        server.start()
        with store.transaction(omar) as s:  # the same store: its pool reconnects
            codebook.create_code(s, "Belonging")
        assert _codes(store, "Belonging") == 1
    finally:
        store.close()
