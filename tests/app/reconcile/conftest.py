"""The Reconcile window's tests run on two coders' codings of one small source."""
from __future__ import annotations

import pytest

from tests.factories import seed_pair


@pytest.fixture
def store(sqlite_store):
    seed_pair(sqlite_store)
    return sqlite_store
