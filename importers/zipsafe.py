"""Opening zip-based formats (.docx, .odt, .xlsx) safely: refuse damaged
archives and decompression bombs, from the sizes the zip's central directory
declares, and XML that declares entities (external entities, "billion
laughs"), before any library unpacks them."""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import Optional

from importers.errors import ImportFailed

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # 200 MB of XML is far beyond any real document
MAX_RATIO = 100  # real Office files compress 3-20x; bombs compress thousands of times
RATIO_FLOOR = 10 * 1024 * 1024  # below 10 MB unpacked, a high ratio cannot hurt
DOCTYPE_SCAN = 4096  # a DOCTYPE must come before the root element: the first bytes tell


def check_zip(path: Path, what: str, data: Optional[bytes] = None, fix: str = "") -> list[str]:
    """Raise ImportFailed unless ``path`` (or ``data``, its bytes) is an intact,
    reasonably sized zip.  Returns the member names."""
    fix = fix or "open it in its application and save it again"
    try:
        with zipfile.ZipFile(io.BytesIO(data) if data is not None else path) as archive:
            infos = archive.infolist()
            _check_sizes(path, what, infos)
            _check_no_entities(path, what, archive, infos)
    except ImportFailed:
        raise
    except (zipfile.BadZipFile, EOFError, ValueError, zlib.error):
        raise ImportFailed(
            f"{path}: not a valid {what} file (the archive is damaged or truncated); {fix}."
        ) from None
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


def _check_no_entities(path: Path, what: str, archive: zipfile.ZipFile, infos) -> None:
    """Office applications never write a DOCTYPE; one that declares entities
    is how XML attacks reach a parser.  Refuse it, whatever the parser would do."""
    for info in infos:
        if not info.filename.endswith((".xml", ".rels")) or info.file_size == 0:
            continue
        with archive.open(info) as member:
            head = member.read(DOCTYPE_SCAN)
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            raise ImportFailed(
                f"{path}: the {what} file's {info.filename} declares XML entities (<!DOCTYPE …>), which "
                "Word, LibreOffice and Excel never write and which XML attacks use (external entities, "
                "'billion laughs'); Tandem refuses it. If the file is genuine, open it in its application "
                "and save it again.")
