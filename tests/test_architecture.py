"""The core stays Qt-free: the import-linter contract in pyproject.toml holds."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_import_linter_contract_holds():
    exe = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([exe, "--config", REPO / "pyproject.toml"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "The core never imports Qt KEPT" in result.stdout


def test_the_contract_would_catch_a_violation(tmp_path):
    """A core module that imports PySide6 breaks the contract (so the check can fail)."""
    bad = REPO / "coding" / "_contract_probe.py"
    bad.write_text("import PySide6.QtCore\n")
    try:
        exe = Path(sys.executable).with_name("lint-imports")
        result = subprocess.run([exe, "--config", REPO / "pyproject.toml", "--no-cache"], cwd=REPO,
                                capture_output=True, text=True)
    finally:
        bad.unlink()
    assert result.returncode != 0 and "BROKEN" in result.stdout
