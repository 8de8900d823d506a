"""Opening zip-based formats (.docx, .odt, .xlsx) safely, before any library
reads them:

* password-protected files (an OLE compound file holding ``EncryptedPackage``
  for Word and Excel; ``manifest:encryption-data`` for OpenDocument) get one
  message saying so;
* damaged archives and decompression bombs are refused from the sizes the
  zip's central directory declares;
* EVERY member that is XML (whose bytes start with ``<`` after an optional
  byte-order mark and white space, in any encoding and under any name) is
  parsed with lxml (entities, DTD loading and network off) by a parser that
  refuses a DOCTYPE the moment it sees one: external entities and "billion
  laughs" never reach python-docx, openpyxl or the OpenDocument reader, which
  are given the very bytes checked here;
* elements a format may hold only so many of (paragraphs, cells) are counted
  while parsing, and the file is refused once over the limit.
"""
from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Optional

from lxml import etree

from importers import limits
from importers.errors import ImportFailed, one_line
from importers.limits import MAX_RATIO, MAX_UNCOMPRESSED, RATIO_FLOOR

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: legacy .doc/.xls, encrypted OOXML
_ENCRYPTED_STREAMS = [name.encode("utf-16-le") for name in ("EncryptedPackage", "EncryptionInfo")]
_ODF_ENCRYPTED = [b"encryption-data", "encryption-data".encode("utf-16-le"), "encryption-data".encode("utf-16-be")]
MANIFEST = "META-INF/manifest.xml"
CHUNK = 1 << 20
# Member names that say "XML": a member so named that does not parse is damaged.
_XML_NAMES = (".xml", ".rels", ".vml", ".xsd", ".svg")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))  # UTF-32 first: FF FE 00 00

# (local element names, limit, what they are) counted over every XML member
Counted = tuple[frozenset[str], int, str]


def protected_message(path: Path, app: str) -> str:
    return (f"{path} is password-protected; open it in {app}, remove the password "
            "(or save an unprotected copy) and import that.")


def refuse_protected(path: Path, data: bytes, app: str) -> None:
    """Word and Excel encrypt a whole .docx/.xlsx into an OLE compound file
    with an ``EncryptedPackage`` stream (its directory names it in UTF-16)."""
    if data.startswith(OLE_MAGIC) and any(name in data for name in _ENCRYPTED_STREAMS):
        raise ImportFailed(protected_message(path, app))


def check_zip(path: Path, what: str, data: Optional[bytes] = None, fix: str = "",
              counted: Optional[Counted] = None) -> list[str]:
    """Raise ImportFailed unless ``path`` (or ``data``, its bytes) is an intact,
    reasonably sized, unencrypted zip whose XML members declare no DOCTYPE and
    hold no more than ``counted`` allows.  Returns the member names."""
    fix = fix or "open it in its application and save it again"
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as archive:
            infos = archive.infolist()
            _check_sizes(path, what, infos)
            _check_not_encrypted(path, archive)
            checker = _XmlCheck(path, what, fix, counted)
            for info in infos:
                if info.file_size and not info.is_dir():
                    checker.member(archive, info)
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, zlib.error, NotImplementedError):
        raise ImportFailed(
            f"{path}: not a valid {what} file (the archive is damaged or truncated); {fix}."
        ) from None
    except RuntimeError as exc:  # zipfile: a member encrypted with a zip password
        app = "Word" if "Word" in what else "Excel" if "XLSX" in what else "LibreOffice"
        raise ImportFailed(protected_message(path, app) if "encrypted" in str(exc)
                           else f"{path}: not a valid {what} file ({one_line(exc)}); {fix}.") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    return [i.filename for i in infos]


def _check_sizes(path: Path, what: str, infos) -> None:
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or (total > RATIO_FLOOR and total / packed > MAX_RATIO):
        raise ImportFailed(
            f"{path}: the {what} file unpacks to {total / 1e6:,.0f} MB from {packed / 1e6:.1f} MB; "
            f"Tandem refuses it as a possible decompression bomb (limits: {MAX_UNCOMPRESSED // 2**20} MB "
            f"unpacked, {MAX_RATIO}x compression). Save the content as a plain file instead."
        )


def _check_not_encrypted(path: Path, archive: zipfile.ZipFile) -> None:
    """An OpenDocument file saved with a password keeps its manifest readable
    and says there how each member is encrypted; looked for as bytes, before
    anything parses the manifest."""
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError:
        return
    if info.file_size > 10 * limits.MB:  # no real manifest is that big; the XML check reads it
        return
    manifest = archive.read(info)
    if any(marker in manifest for marker in _ODF_ENCRYPTED):
        raise ImportFailed(protected_message(path, "LibreOffice"))


def _xml_encoding(head: bytes) -> Optional[str]:
    """How a member's first bytes read if it is XML (None: it is not XML):
    after an optional byte-order mark, white space (and the NUL bytes of
    UTF-16 or UTF-32 written without a mark) it starts with '<'."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            head = head[len(bom):]
            break
    else:
        encoding = "utf-8"
        if head[:1] == b"\x00":
            encoding = "utf-32-be" if head[:3] == b"\x00\x00\x00" else "utf-16-be"
        elif head[1:2] == b"\x00":
            encoding = "utf-32-le" if head[1:4] == b"\x00\x00\x00" else "utf-16-le"
    start = head[:64].replace(b"\x00", b"").lstrip(b" \t\r\n")
    return encoding if start.startswith(b"<") else None


class _DoctypeFound(Exception):
    pass


class _TooMany(Exception):
    pass


class _Target:
    """lxml parser target: stops at a DOCTYPE (before its internal subset is
    read) and counts the elements a format may hold only so many of."""

    def __init__(self, counted: Optional[Counted], seen: int):
        self.names, self.limit = (counted[0], counted[1]) if counted else (frozenset(), 0)
        self.seen = seen
        if counted:
            self.start = self._start  # lxml calls start() only when the target has one

    def doctype(self, name, public_id, system_url):
        raise _DoctypeFound(name)

    def _start(self, tag, attrib):
        if tag.rpartition("}")[2] in self.names:
            self.seen += 1
            if self.seen > self.limit:
                raise _TooMany()

    def close(self):
        return self.seen


class _XmlCheck:
    def __init__(self, path: Path, what: str, fix: str, counted: Optional[Counted]):
        self.path, self.what, self.fix, self.counted = path, what, fix, counted
        self.seen = 0

    def member(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        with archive.open(info) as stream:
            chunk = stream.read(CHUNK)
            encoding = _xml_encoding(chunk)
            if encoding is None:
                return
            head = chunk[:512].decode(encoding, errors="replace").lstrip("\ufeff")
            target = _Target(self.counted, self.seen)
            parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True, load_dtd=False,
                                     huge_tree=False)
            try:
                while chunk:
                    parser.feed(chunk)
                    limits.tick()
                    chunk = stream.read(CHUNK)
                self.seen = parser.close()
            except _DoctypeFound:
                raise self._entities(info.filename) from None
            except _TooMany:
                assert self.counted is not None
                names, limit, noun = self.counted
                raise limits.too_big(self.path, f"the {self.what} file holds", f"more than {limit:,} {noun}",
                                     f"{limit:,}", "split it into smaller documents and import those") from None
            except etree.XMLSyntaxError as exc:
                if self._meant_as_xml(info.filename, head):
                    raise ImportFailed(
                        f"{self.path}: the {self.what} file's {info.filename} is not well-formed XML "
                        f"({one_line(exc)}); the file is damaged: {self.fix}.") from None

    def _entities(self, member: str) -> ImportFailed:
        return ImportFailed(
            f"{self.path}: the {self.what} file's {member} declares XML entities (<!DOCTYPE …>), which "
            "Word, LibreOffice and Excel never write and which XML attacks use (external entities, "
            "'billion laughs'); Tandem refuses it. If the file is genuine, open it in its application "
            "and save it again.")

    @staticmethod
    def _meant_as_xml(name: str, head: str) -> bool:
        """A member named as XML, or opening with '<?' or '<!' (where a
        declaration, comment or DOCTYPE goes), that does not parse is damaged
        and refused: some parser might read further than lxml.  Binary data
        (an obfuscated font, an image) that merely starts with '<' and a
        letter cannot hold a DOCTYPE, which must come before any element:
        let it be."""
        return name.lower().endswith(_XML_NAMES) or bool(re.match(r"\s*<[?!]", head))
