"""A real project for the Agreement window's tests: the demo study, built once."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.demo import build_demo


@pytest.fixture(scope="package")
def built_demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("agreement") / "demo.tandem"
    build_demo(path)
    return path


@pytest.fixture
def demo_path(built_demo, tmp_path) -> Path:
    """A private copy: tests may write to it."""
    path = tmp_path / "demo.tandem"
    shutil.copy(built_demo, path)
    return path
