"""Reading a file's bytes and decoding text, with a clear message for every
kind of bad input."""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from importers.errors import ImportFailed

MAX_TEXT_BYTES = 50 * 1024 * 1024  # 50 MB: far above any transcript or survey export


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    if not path.exists():
        raise ImportFailed(f"{path}: no such file.")
    if path.is_dir():
        raise ImportFailed(f"{path} is a folder; name the files inside it.")
    size = path.stat().st_size
    if size > limit:
        raise ImportFailed(
            f"{path} is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit for one file; "
            "split it into smaller files."
        )
    try:
        data = path.read_bytes()
    except PermissionError:
        raise ImportFailed(f"{path} cannot be read: permission denied.") from None
    if not data.strip():
        raise ImportFailed(f"{path} is empty; there is nothing to import.")
    return data


def decode(data: bytes, path: Path) -> DecodedText:
    """UTF-8 (with or without BOM), UTF-16 (with BOM), else Windows-1252 (what
    Excel writes as "CSV").  Binary data is refused."""
    if data.startswith(codecs.BOM_UTF8):
        return DecodedText(_strict(data[3:], "utf-8", path), "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return DecodedText(_strict(data, "utf-16", path), "utf-16")
    if b"\x00" in data[:8192]:
        raise ImportFailed(
            f"{path} looks like a binary file, not text; export it as .txt, .csv or .docx first."
        )
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return DecodedText(data.decode("cp1252"), "cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{path}: byte {exc.start} is neither UTF-8 nor Windows-1252 text; "
            "save the file as UTF-8 and import it again."
        ) from None


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{path}: the file says it is {encoding.upper()} but byte {exc.start} is not; "
            "save it again as UTF-8."
        ) from None
