"""Shared test helpers: the real-world samples (used in place, never copied)
and a deliberately naive cue scanner that does not share code with the
parsers, so the tests check the parsers against an independent reading."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[3].parent / "shared" / "samples"
TRANSCRIPTS = SAMPLES / "transcripts"


def read_sample(name: str) -> str:
    """A sample decoded as UTF-8 with its BOM and CRLFs untouched (no
    universal-newline translation); skips the test when samples are absent."""
    path = TRANSCRIPTS / name
    if not path.is_file():
        pytest.skip(f"real-world sample {path} not available: the shared samples folder "
                    f"{SAMPLES} is missing on this machine")
    return path.read_bytes().decode("utf-8")


def arrow_lines(text: str) -> int:
    """Lines containing '-->' (the simplest possible count)."""
    return sum("-->" in line for line in re.split(r"\r\n|\r|\n", text))


def raw_cues(text: str) -> list[tuple[str, list[str]]]:
    """(timing line, text lines) per cue: blocks split on blank lines, the
    text being whatever follows the line with '-->' in the block."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    cues = []
    for block in re.split(r"\n[ \t]*\n", text):
        lines = block.strip("\n").split("\n")
        for i, line in enumerate(lines):
            if "-->" in line:
                cues.append((line, lines[i + 1:]))
                break
    return cues


def words(text: str) -> list[str]:
    return text.split()
