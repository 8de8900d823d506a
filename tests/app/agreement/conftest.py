"""The Agreement window's tests run on the demo study (``demo_copy`` in tests/conftest.py)."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def demo_path(demo_copy) -> Path:
    """A private copy: tests may write to it."""
    return demo_copy
