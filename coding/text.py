"""Stored text: how imported text is normalised, and how it is fingerprinted.

Stored text is NFC with ``\\n`` newlines; offsets everywhere are half-open
Unicode code-point offsets into it (Python ``str`` indices).
"""
from __future__ import annotations

import hashlib
import re
import unicodedata


def normalise(text: str) -> str:
    """NFC, with CRLF, CR, and Unicode line/paragraph separators turned into LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return unicodedata.normalize("NFC", text)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def whole_number(text: str) -> int:
    """``text`` as an integer, written with ASCII digits only: Python's int()
    also takes "7_0" (70) and Arabic-Indic or full-width digits, which no
    offset or count a person means is written as."""
    if text.isascii() and text.isdigit():  # the common case, without the pattern: "1200"
        return int(text)
    text = text.strip()
    if not WHOLE_NUMBER.fullmatch(text):
        raise ValueError(f"not a whole number written with the digits 0-9: {text!r}")
    return int(text)


def text_digest(text: str) -> str:
    """The checksum a source keeps of its stored text (SHA-256 of its UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch in "'’-_"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words and trim surrounding spaces, so a
    sloppy drag still codes what the coder meant."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    while start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
        start -= 1
    while end < len(text) and _is_word(text[end]) and _is_word(text[end - 1]):
        end += 1
    return start, end
