"""Reading a file's bytes and decoding text, with a clear message for every
kind of bad input."""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from importers.errors import ImportFailed

MB = 1_000_000  # sizes in messages and in the README are decimal megabytes
MAX_TEXT_BYTES = 50 * MB  # far above any transcript or notes file
CONTROL_SHARE = 0.01  # text has (almost) no control characters; binary data decoded as text has many


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
            f"{path} is {size / MB:.1f} MB, over the {limit / MB:.0f} MB limit for one file; "
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
    bom_less = _utf16_without_bom(data)
    if bom_less is not None:
        return DecodedText(_not_binary(_strict(data, bom_less, path), path), bom_less)
    if b"\x00" in data[:8192]:
        raise ImportFailed(
            f"{path} looks like a binary file, not text; export it as .txt, .csv or .docx first."
        )
    try:
        return DecodedText(_not_binary(data.decode("utf-8"), path), "utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return DecodedText(_not_binary(data.decode("cp1252"), path), "cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{path}: byte {exc.start} is neither UTF-8 nor Windows-1252 text; "
            "save the file as UTF-8 and import it again."
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the start of ``data`` looks like UTF-16 text
    written without a byte-order mark (NUL in every other byte), else None."""
    head = data[:4096]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _not_binary(text: str, path: Path) -> str:
    """Refuse text that is mostly not text: bytes that happened to decode."""
    sample = text[:65536]
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x7F <= ord(ch) < 0xA0)
    if sample and controls > CONTROL_SHARE * len(sample):
        raise ImportFailed(
            f"{path} looks like a binary file, not text ({controls} control characters in its first "
            f"{len(sample):,}); export it as .txt, .csv or .docx first."
        )
    return text


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{path}: the file says it is {encoding.upper()} but byte {exc.start} is not; "
            "save it again as UTF-8."
        ) from None
