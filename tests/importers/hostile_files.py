"""Builders of hostile files for tests: password-protected Office files (an
OLE compound file holding ``EncryptionInfo`` and ``EncryptedPackage``, as Word
and Excel write them), encrypted OpenDocument files, and zip archives whose
members are rewritten."""
from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path
from typing import Callable, Optional

SECTOR = 512
FREE, END, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
    raw = (name + "\0").encode("utf-16-le") if name else b""
    entry = raw.ljust(64, b"\0") + struct.pack("<HBB", len(raw), kind, 1)  # colour: black
    entry += struct.pack("<III", NOSTREAM, right, child)  # left sibling, right sibling, child
    entry += b"\0" * 16 + b"\0" * 4 + b"\0" * 16  # CLSID, state bits, times
    entry += struct.pack("<IQ", start, size)
    return entry


def compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """A version-3 compound file (512-byte sectors) holding ``streams`` in the
    root storage; every stream is padded to 4,096 bytes or more so that it
    lives in regular sectors (no mini stream needed)."""
    payloads = [data.ljust(4096, b"\0") for _, data in streams]
    sectors_of = [-(-len(p) // SECTOR) for p in payloads]
    fat = [FATSECT, END]  # sector 0: the FAT, sector 1: the directory
    starts = []
    for count in sectors_of:
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [END]
    assert len(fat) <= SECTOR // 4, "one FAT sector is enough for test files"
    fat += [FREE] * (SECTOR // 4 - len(fat))
    entries = [_dir_entry("Root Entry", 5, 1 if streams else NOSTREAM, NOSTREAM, END, 0)]
    for i, ((name, _), start, payload) in enumerate(zip(streams, starts, payloads)):
        right = i + 2 if i + 1 < len(streams) else NOSTREAM  # a chain of right siblings
        entries.append(_dir_entry(name, 2, NOSTREAM, right, start, len(payload)))
    directory = b"".join(entries).ljust(SECTOR * -(-len(entries) * 128 // SECTOR), b"\0")
    assert len(directory) == SECTOR, "one directory sector is enough for test files"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108  # DIFAT: the FAT is sector 0
    assert len(header) == SECTOR
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + b"".join(payloads)


def encrypted_ooxml(path: Path) -> Path:
    """What Word/Excel write for a password-protected .docx/.xlsx (Agile encryption)."""
    info = struct.pack("<HHI", 4, 4, 0x40) + b'<?xml version="1.0"?><encryption xmlns="' \
        b'http://schemas.microsoft.com/office/2006/encryption"/>'
    package = struct.pack("<Q", 6000) + os.urandom(6000)
    path.write_bytes(compound_file([("EncryptionInfo", info), ("EncryptedPackage", package)]))
    return path


def legacy_word(path: Path) -> Path:
    """An old-style Word (.doc) compound file, not encrypted."""
    path.write_bytes(compound_file([("WordDocument", b"\xec\xa5" + b"\0" * 100), ("1Table", b"\0" * 10)]))
    return path


def encrypted_odt(path: Path) -> Path:
    """What LibreOffice writes for a password-protected .odt: the manifest says
    how each member is encrypted; the members are random bytes."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="3042">'
        '<manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" '
        'manifest:checksum="abc="><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" '
        'manifest:initialisation-vector="abc="/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" '
        'manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="abc="/>'
        '</manifest:encryption-data></manifest:file-entry></manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", b"<" + os.urandom(3000), compress_type=zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def rewrite_zip(src: Path, dst: Path, change: Callable[[str, bytes], Optional[tuple[str, bytes]]]) -> Path:
    """A copy of the zip ``src`` in which ``change(name, data)`` may replace a
    member (returning a new name and bytes) or keep it (returning None)."""
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as b:
        for item in a.infolist():
            data = a.read(item.filename)
            changed = change(item.filename, data)
            name, data = changed if changed is not None else (item.filename, data)
            b.writestr(name, data)
    return dst
