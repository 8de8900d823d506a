"""Reading a file's bytes and decoding text, with a clear message for every
kind of bad input: binary data (also behind a byte-order mark), bytes that
fit no encoding, files mixing UTF-8 and Windows-1252, and mojibake (UTF-8
that was once read as Windows-1252 and saved again, "cafÃ©").  Each message
names the line, and for bad bytes the byte offset (counted from 0)."""
from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from importers.errors import ImportFailed
from importers.limits import MAX_TEXT_BYTES, MB

CONTROL_SHARE = 0.01  # text has (almost) no control or unassigned characters; binary data has many
# UTF-16 without a byte-order mark is recognised by its NUL bytes, which takes some text to
# tell from UTF-8 that holds a NUL ("\x00\u0800" is 00 E0 A0 80, "\u00e0\ua080" in UTF-16-BE).
UTF16_GUESS_MIN = 32
FIX_ENCODING = "open it in a text editor and save it as UTF-8, then import it again"


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
    """UTF-8 (with or without BOM), UTF-16 (with BOM, or without when every
    other byte is NUL), else Windows-1252 (what Excel writes as "CSV").
    Binary data, mixed encodings and mojibake are refused."""
    if data.startswith(codecs.BOM_UTF8):
        decoded = DecodedText(_strict(data, "utf-8-sig", path), "utf-8-sig")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        decoded = DecodedText(_strict(data, "utf-16", path), "utf-16")
    elif (bom_less := _utf16_without_bom(data)) is not None:
        decoded = DecodedText(_strict(data, bom_less, path), bom_less)
    else:
        if b"\x00" in data[:8192]:
            raise ImportFailed(
                f"{path} looks like a binary file, not text; export it as .txt, .csv or .docx first.")
        try:
            decoded = DecodedText(data.decode("utf-8"), "utf-8")
        except UnicodeDecodeError as exc:
            decoded = DecodedText(_windows_1252(data, exc, path), "cp1252")
    _no_mojibake(decoded.text, path)
    _not_binary(decoded.text, path)
    return decoded


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the start of ``data`` looks like UTF-16 text
    written without a byte-order mark (NUL in every other byte), else None."""
    head = data[:4096]
    if len(head) < UTF16_GUESS_MIN:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        label = encoding.upper().removesuffix("-SIG")
        before = bytes(exc.object[:exc.start])  # the codec may have dropped a byte-order mark
        line = before.decode(encoding.removesuffix("-sig"), errors="replace").count("\n") + 1
        at = exc.start + len(data) - len(exc.object)
        raise ImportFailed(
            f"{path}: the file says it is {label} but line {line} (byte {at}) is not; "
            "save it again as UTF-8."
        ) from None


def _is_odd(ch: str) -> bool:
    """A character that text does not hold but bytes decoded as text do: control
    characters (but tab, newlines and form feed) and unassigned or surrogate
    code points (emoji newer than Python's Unicode tables are let be).  Private-use
    characters are not counted: Word's symbol-font bullets are private-use."""
    code = ord(ch)
    if code < 0x20:
        return ch not in "\t\n\r\f"
    if code < 0x7F:
        return False
    if code < 0xA0:
        return True
    return unicodedata.category(ch) in ("Cn", "Cs") and not 0x1F000 <= code <= 0x1FAFF


def _not_binary(text: str, path: Path) -> str:
    """Refuse text that is mostly not text: bytes that happened to decode."""
    sample = text[:65536]
    odd = sum(n for ch, n in Counter(sample).items() if _is_odd(ch))  # each distinct character looked at once
    if sample and odd > CONTROL_SHARE * len(sample):
        raise ImportFailed(
            f"{path} looks like a binary file, not text ({odd} control or unassigned characters in its "
            f"first {len(sample):,}); export it as .txt, .csv or .docx first."
        )
    return text


# --- mixed encodings and mojibake -------------------------------------------------------------

# UTF-8 sequences that real UTF-8 text is full of and real Windows-1252 text
# (almost) never holds: Latin letters (U+00A0-U+017F: "é" is C3 A9, which in
# Windows-1252 reads "Ã©"), general punctuation and the euro sign (E2 80-82:
# "’" is E2 80 99, "â€™") and emoji (F0 9F).  Second bytes that are the
# punctuation a word in capitals may end on in Windows-1252 ("CAFÉ…" is
# C9 85, "SÃO”" C3 94) are left out, so that such text is never refused.
_COMMON_PUNCT = b"\x85\x92\x93\x94\x96\x97"
_CONT = bytes(b for b in range(0x80, 0xC0) if b not in _COMMON_PUNCT)
_UTF8_LIKELY = re.compile(
    rb"\xC2[\xA0-\xBF]|[\xC3-\xC5][" + re.escape(_CONT) + rb"]"
    rb"|\xE2[\x80-\x82][\x80-\xBF]|\xEF\xBB\xBF|\xF0\x9F[\x80-\xBF][\x80-\xBF]")
# Characters that bytes 0x80-0xFF become in Windows-1252 (and, for the five
# bytes it leaves undefined, in Latin-1): what mojibake is made of.
_HIGH = "".join(sorted({bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0x100)}))
_HIGH_RUN = re.compile(f"[{re.escape(_HIGH)}]{{2,}}")
_TO_BYTES = {ord(bytes([b]).decode("cp1252", errors="ignore") or chr(b)): b for b in range(0x80, 0x100)}


def _windows_1252(data: bytes, error: UnicodeDecodeError, path: Path) -> str:
    """``data`` (which is not UTF-8, as ``error`` says) as Windows-1252,
    unless it also holds UTF-8 text: then the file mixes the two, or is UTF-8
    cut off in the middle of a character."""
    bad = error.start
    _not_binary(data.decode("cp1252", errors="replace"), path)  # what the bytes are, before what they mean
    likely = _UTF8_LIKELY.search(data)
    if likely is not None and error.reason == "unexpected end of data":
        raise ImportFailed(
            f"{path}: line {_line_of(data, bad)} (byte {bad}) ends in the middle of a UTF-8 character: the "
            "file looks cut off; copy or export it again and import the whole file.")
    if likely is not None:
        sample = likely.group().decode("utf-8", errors="replace")
        raise ImportFailed(
            f"{path}: line {_line_of(data, bad)} (byte {bad}) is not UTF-8 (byte 0x{data[bad]:02X}) but line "
            f"{_line_of(data, likely.start())} (byte {likely.start()}) is UTF-8 ('{sample}'): the file mixes "
            "UTF-8 and Windows-1252 text, which would be imported garbled; "
            f"{FIX_ENCODING}, correcting the characters on the lines that look wrong.")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            f"{path}: line {_line_of(data, exc.start)} (byte {exc.start}) is neither UTF-8 nor Windows-1252 "
            f"text (byte 0x{data[exc.start]:02X}); save the file as UTF-8 and import it again."
        ) from None


def _as_cp1252_bytes(run: str) -> bytes:
    return bytes(_TO_BYTES[ord(ch)] for ch in run)


def mojibake_at(text: str) -> Optional[tuple[int, str]]:
    """(offset, garbled piece) of the first run of characters that is UTF-8
    read as Windows-1252 ("cafÃ©", "â€™"), or None."""
    for run in _HIGH_RUN.finditer(text):
        raw = _as_cp1252_bytes(run.group())
        hit = _UTF8_LIKELY.search(raw)
        if hit is None:
            continue
        start = run.start() + len(raw[:hit.start()])  # one byte per character
        return start, text[start:start + len(hit.group())]
    return None


def _no_mojibake(text: str, path: Path) -> None:
    found = mojibake_at(text)
    if found is None:
        return
    at, piece = found
    line = text.count("\n", 0, at) + text.count("\r", 0, at) - text.count("\r\n", 0, at) + 1
    start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
    end = min((i for i in (text.find(" ", at + len(piece)), text.find("\n", at + len(piece)),
                           text.find("\r", at + len(piece))) if i >= 0), default=len(text))
    word = text[start:end][:60]
    meant = _as_cp1252_bytes(piece).decode("utf-8", errors="replace")
    raise ImportFailed(
        f"{path}: line {line}: '{word}' looks garbled (its '{piece}' is probably '{meant}': UTF-8 text that "
        "was once opened as Windows-1252 and saved again); export the file again from where it came from, "
        "or correct the garbled characters, and import it again.")
