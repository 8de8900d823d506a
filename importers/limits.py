"""Every bound the importers put on what one file may make them do, in one
place, and the clock that stops a read that runs too long.

Each limit is far above any real file (the figures say why) and low enough
that a hostile file is refused in seconds, before anything is written.  A
refusal names the file, the limit and what to do (``too_big``).

The time limit is per file read (``time_limit``): loops that could run long
call ``tick()``, which refuses the file once its time is up.  The clock lives
in a context variable, so imports in different threads have their own.
"""
from __future__ import annotations

import contextlib
import csv
import time
from contextvars import ContextVar
from pathlib import Path
from typing import Iterator, Optional

from importers.errors import ImportFailed

MB = 1_000_000  # sizes in messages and in the README are decimal megabytes

# --- file sizes --------------------------------------------------------------------------
MAX_TEXT_BYTES = 50 * MB  # a transcript or notes file: a 10-hour transcript is under 2 MB
MAX_OFFICE_BYTES = 100 * MB  # .docx, .odt, .pdf: images make them large, the text is small
MAX_SURVEY_BYTES = 200 * MB  # a 10,000-respondent export is about 20 MB

# --- zip containers (.docx, .odt, .xlsx) ----------------------------------------------------
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # 200 MB of XML is far beyond any real document
MAX_RATIO = 100  # real Office files compress 3-20x; bombs compress thousands of times
RATIO_FLOOR = 10 * 1024 * 1024  # below 10 MB unpacked, a high ratio cannot hurt

# --- what a file may expand to ------------------------------------------------------------
# A source's stored text: 100 million characters is some 15 million words (30,000 pages);
# the largest text file Tandem reads holds at most 50 million.
MAX_TEXT_CHARS = 100_000_000
# Sections of one source (turns, paragraphs, answers): a 10-hour transcript has about 10,000
# cues, a 10,000-respondent survey with 20 open questions 200,000 answers.
MAX_SECTIONS = 500_000
# Paragraphs and table rows of a Word or OpenDocument file: a 2,000-page document has about
# 40,000; counted in the XML before any library builds them.
MAX_PARAGRAPHS = 200_000
# A repeat count in OpenDocument XML (text:c spaces, number-columns-repeated,
# number-rows-repeated): LibreOffice writes small ones (a run of spaces, a few equal cells).
MAX_REPEAT = 10_000
# Pages of a PDF: reports and theses run to hundreds.
MAX_PDF_PAGES = 10_000
# Survey columns: Excel itself stops at 16,384; large Qualtrics exports have a few thousand.
MAX_SURVEY_COLUMNS = 10_000
# Survey cells (rows x columns): 100,000 respondents x 200 columns.
MAX_SURVEY_CELLS = 20_000_000
# One CSV field (a long free-text answer): as large as the largest survey file, so only the
# file size limit bounds it (Python's csv module stops at 131,072 characters by default).
MAX_CSV_FIELD = MAX_SURVEY_BYTES

# --- time ---------------------------------------------------------------------------------
# Reading one file: real files take seconds; this only stops what the counts above miss.
MAX_SECONDS = 120.0

_deadline: ContextVar[Optional[tuple[float, float, str]]] = ContextVar("tandem_import_deadline", default=None)


def too_big(path: Path | str, what: str, found: str, limit: str, fix: str) -> ImportFailed:
    """One message for a limit: the file, what is too big, the limit and what to do."""
    return ImportFailed(f"{path}: {what} {found}, over Tandem's limit of {limit}; {fix}.")


@contextlib.contextmanager
def time_limit(path: Path | str, seconds: float = MAX_SECONDS) -> Iterator[None]:
    """Refuse the file at the next ``tick()`` once ``seconds`` have passed.
    Nested limits never extend an outer one."""
    now = time.monotonic()
    outer = _deadline.get()
    end = now + seconds
    if outer is not None and outer[0] <= end:
        token = _deadline.set(outer)
    else:
        token = _deadline.set((end, seconds, str(path)))
    try:
        yield
    finally:
        _deadline.reset(token)


def tick() -> None:
    """Raise ImportFailed when the current file's time is up (cheap: call it in loops)."""
    current = _deadline.get()
    if current is not None and time.monotonic() > current[0]:
        raise ImportFailed(
            f"{current[2]}: reading the file took longer than {current[1]:g} seconds, Tandem's limit "
            "for one file, so it was stopped; split the file into smaller ones (or remove what makes "
            "it unusually large) and import them.")


def check_source(path: Path | str, text: str, sections: int) -> None:
    """A planned source within MAX_TEXT_CHARS and MAX_SECTIONS."""
    if len(text) > MAX_TEXT_CHARS:
        raise too_big(path, "its text is", f"{len(text):,} characters", f"{MAX_TEXT_CHARS:,} characters",
                      "split it into smaller files")
    if sections > MAX_SECTIONS:
        raise too_big(path, "it holds", f"{sections:,} sections (turns, paragraphs or answers)",
                      f"{MAX_SECTIONS:,} for one source", "split it into smaller files")


def allow_long_csv_fields() -> None:
    """Let Python's csv module read fields up to MAX_CSV_FIELD characters (the
    setting is process-wide; it is only ever raised)."""
    if csv.field_size_limit() < MAX_CSV_FIELD:
        csv.field_size_limit(MAX_CSV_FIELD)
