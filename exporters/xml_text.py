"""Text that XML-based files (XLSX, DOCX) can hold: the control characters
XML 1.0 forbids are dropped.  Its own module, so that a Word or sheet export
does not import the agreement report (and numpy) to clean a string."""
from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # the control characters XLSX and DOCX (XML) cannot hold


def safe_sheet_text(text: str) -> str:
    """Text without the control characters XLSX and DOCX (XML) cannot hold."""
    return CONTROL.sub("", text)
