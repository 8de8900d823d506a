"""Stored text: how imported text is normalised, and how it is fingerprinted.

Stored text is NFC with ``\\n`` newlines; offsets everywhere are half-open
Unicode code-point offsets into it (Python ``str`` indices).
"""
from __future__ import annotations

import hashlib
import unicodedata


def normalise(text: str) -> str:
    """NFC, with CRLF, CR, and Unicode line/paragraph separators turned into LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return unicodedata.normalize("NFC", text)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
