"""Opening zip-based formats (.docx, .odt, .xlsx) safely: refuse damaged
archives and decompression bombs before any library unpacks them."""
from __future__ import annotations

import zipfile
from pathlib import Path

from importers.errors import ImportFailed

MAX_UNCOMPRESSED = 200 * 1024 * 1024  # 200 MB of XML is far beyond any real document
MAX_RATIO = 100  # real Office files compress 3-20x; bombs compress thousands of times


def check_zip(path: Path, what: str) -> None:
    """Raise ImportFailed unless ``path`` is an intact, reasonably sized zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise ImportFailed(
            f"{path}: not a valid {what} file (the archive is damaged or truncated); "
            f"open it in its application and save it again."
        ) from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or (total > 10 * 1024 * 1024 and total / packed > MAX_RATIO):
        raise ImportFailed(
            f"{path}: the {what} file unpacks to {total / 1e6:.0f} MB from {packed / 1e6:.1f} MB; "
            "Tandem refuses it as a possible decompression bomb. Save the text as a plain file instead."
        )
