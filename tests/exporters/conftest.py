"""Fixtures of the export tests."""
from __future__ import annotations

import pytest

from storage import create_project
from tests.exporters.refi_project import build


@pytest.fixture
def rich(tmp_path):
    """A project with every kind of thing a REFI-QDA export carries."""
    store = create_project(tmp_path / "rich.tandem", "Rich study")
    build(store)
    yield store
    store.close()
