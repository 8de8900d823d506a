"""Opening a REFI-QDA file for reading: a .qdpx (a zip holding ``*.qde`` and
a ``sources/`` folder), a bare .qdc codebook or .qde project, or an unpacked
project folder (``project.qde`` beside ``sources/``).

Nothing is ever unpacked to disk: members are read into memory, one at a
time, and only those the import needs (the project document, the text of
each text source).  Before anything is read the whole archive is checked:

* a member whose name would leave the folder it is unpacked into (``..``,
  an absolute path, a drive letter, a NUL byte) or that is a symbolic link
  makes the file refused whole — a QDA program never writes one;
* every member read is bounded by ``importers.limits`` (the size it may
  unpack to, and its compression ratio: decompression bombs) and the total
  read by ``MAX_READ``; the zip's own CRC check stops a member that unpacks
  to more than it declares;
* a file that is not a zip (or a zip that is a Word document, a
  spreadsheet…) is named for what it is.

Files of an unpacked folder are looked up only inside it: symbolic links and
names leaving it are refused the same way.
"""
from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Optional

from importers import limits
from importers.errors import ImportFailed, one_line
from importers.limits import MAX_RATIO, MAX_UNCOMPRESSED, MB, RATIO_FLOOR

SUFFIXES = (".qdpx", ".qdc", ".qde")
MAX_XML = MAX_UNCOMPRESSED  # project.qde unpacked: 36,000 codings take about 20 MB
MAX_READ = 5 * MAX_UNCOMPRESSED  # everything read from one file: the document and every source's text
MAX_MEMBERS = 100_000  # a project with 10,000 sources has about 20,000 members
MAX_QDPX_BYTES = 4_000 * MB  # the .qdpx itself (media it holds are never read)
_CHUNK = 1 << 20
_FIX = "ask for the project to be exported again as REFI-QDA (.qdpx) from the program that made it"


def is_refi(path: Path) -> bool:
    return Path(path).suffix.lower() in SUFFIXES


def _unsafe(name: str) -> Optional[str]:
    """Why a member name is unsafe to unpack, or None."""
    if "\x00" in name:
        return "its name holds a NUL byte"
    clean = name.replace("\\", "/")
    if clean.startswith("/") or (len(clean) > 1 and clean[1] == ":"):
        return "it is an absolute path"
    if ".." in PurePosixPath(clean).parts:
        return "its path climbs out with '..'"
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


class Package:
    """A REFI-QDA file opened for reading: the document and the members beside it."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.read_so_far = 0
        self.document_name = ""  # the member (or file) holding the project or codebook XML

    # subclasses: _names() (member names), _open(name, limit) -> bytes
    def _count(self, n: int) -> None:
        self.read_so_far += n
        if self.read_so_far > MAX_READ:
            raise limits.too_big(self.path, "what it unpacks to is", f"more than {_size(MAX_READ)}", _size(MAX_READ),
                                 "split the project, or leave media out of the export")

    def document(self) -> bytes:
        return self.read(self.document_name, MAX_XML, "the project document")

    def read(self, name: str, limit: int, what: str) -> bytes:
        raise NotImplementedError

    def find(self, reference: str) -> Optional[str]:
        """The member a source's path (``internal://x.txt``, ``x.txt``,
        ``sources/x.txt``) names, looked up in the sources folder whatever its
        case ('Sources/' or 'sources/'); None when the file does not hold it."""
        raise NotImplementedError

    def close(self) -> None:
        pass


def internal_name(reference: str, where: str) -> Optional[str]:
    """The file name inside the package that a path attribute names; None
    for files outside the package (``relative://``, ``absolute://``,
    ``file://``): those are never read.  A path that climbs out of the
    package is refused."""
    ref = reference.strip()
    lower = ref.lower()
    if lower.startswith(("relative:", "absolute:", "file:", "http:", "https:")):
        return None
    if lower.startswith("internal://"):
        ref = ref[len("internal://"):]
    why = _unsafe(ref)
    if why is not None:
        raise ImportFailed(f"{where}: a source's path '{reference[:200]}' points outside the project ({why}); Tandem "
                           f"refuses the file, whose sources must be inside it. {_FIX[0].upper()}{_FIX[1:]}.")
    return ref.replace("\\", "/")


class ZipPackage(Package):
    def __init__(self, path: Path):
        super().__init__(path)
        try:
            self.zip = zipfile.ZipFile(path)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError) as exc:
            raise ImportFailed(f"{path}: not a valid .qdpx file: the zip archive is damaged or truncated "
                               f"({one_line(exc)}); {_FIX}.") from None
        if len(infos) > MAX_MEMBERS:
            self.close()
            raise limits.too_big(path, "the archive holds", f"{len(infos):,} files", f"{MAX_MEMBERS:,}", _FIX)
        self.infos: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            why = _unsafe(info.filename) or ("it is a symbolic link" if _is_symlink(info) else None)
            if why is not None:
                self.close()
                raise ImportFailed(
                    f"{path}: the archive's member '{info.filename[:200]}' would be unpacked outside the folder it "
                    f"belongs in ({why}): a zip-slip attack, or a damaged file; Tandem refuses it and wrote nothing. "
                    f"{_FIX[0].upper()}{_FIX[1:]}.")
            if not info.is_dir():
                self.infos[info.filename] = info
        # each member by its name in lower case with '/' (Windows tools may write '\\'): sources are found by it
        self.index = {name.replace("\\", "/").lower(): name for name in self.infos}
        self.document_name = self._find_document()

    def _find_document(self) -> str:
        top = [n for n in self.infos if "/" not in n.strip("/") and n.lower().endswith(".qde")]
        if len(top) == 1:
            return top[0]
        if len(top) > 1:
            self.close()
            raise ImportFailed(f"{self.path} holds {len(top)} project documents ({', '.join(sorted(top)[:4])}); a "
                               f".qdpx holds one: {_FIX}.")
        names = {n.lower() for n in self.infos}
        if "word/document.xml" in names:
            what = "a Word document (.docx) renamed"
        elif any(n.startswith("xl/") for n in names):
            what = "an Excel workbook (.xlsx) renamed"
        elif "mimetype" in names or "content.xml" in names:
            what = "an OpenDocument file renamed"
        elif any(n.endswith(".qde") for n in names):
            what = "a zip whose project document is in a sub-folder, not at its root"
        else:
            what = "a zip archive without a project document (*.qde) at its root"
        self.close()
        raise ImportFailed(f"{self.path} is not a REFI-QDA project: it is {what}; {_FIX}.")

    def read(self, name: str, limit: int, what: str) -> bytes:
        info = self.infos[name]
        where = f"{self.path}: {name} ({what})"
        if info.file_size > limit:
            raise limits.too_big(where, "it unpacks to", _size(info.file_size), _size(limit),
                                 "split the project into smaller ones")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ImportFailed(
                f"{where} unpacks to {_size(info.file_size)} from {_size(info.compress_size)}; Tandem "
                f"refuses it as a possible decompression bomb (limit: {MAX_RATIO}x compression above "
                f"{RATIO_FLOOR // 2**20} MB). {_FIX[0].upper()}{_FIX[1:]}.")
        self._count(info.file_size)
        parts, total = [], 0
        try:
            with self.zip.open(info) as stream:
                while True:
                    chunk = stream.read(_CHUNK)
                    if not chunk:
                        break
                    total += len(chunk)
                    if total > info.file_size or total > limit:  # never: the zip module stops at the declared size
                        raise ImportFailed(f"{where} unpacks to more than it declares; Tandem refuses it.")
                    parts.append(chunk)
                    limits.tick()
        except ImportFailed:
            raise
        except RuntimeError as exc:
            raise ImportFailed(f"{where} is encrypted ({one_line(exc)}); export the project again without a "
                               "password.") from None
        except (zipfile.BadZipFile, EOFError, ValueError, zlib.error, NotImplementedError, OSError) as exc:
            raise ImportFailed(f"{where} cannot be unpacked: the archive is damaged ({one_line(exc)}); "
                               f"{_FIX}.") from None
        return b"".join(parts)

    def find(self, reference: str) -> Optional[str]:
        name = internal_name(reference, str(self.path))
        if name is None:
            return None
        wanted = name.lower().strip("/")
        base = wanted.rpartition("/")[2]
        return self.index.get(wanted) or self.index.get(f"sources/{base}")

    def close(self) -> None:
        self.zip.close()


class FolderPackage(Package):
    """A bare .qde or .qdc file; for a .qde, the folder it is in (with its
    ``sources/``) is the package."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.root = Path(path).parent
        self.document_name = Path(path).name

    def _file(self, name: str) -> Path:
        candidate = self.root / name
        if candidate.is_symlink() or not candidate.resolve().is_relative_to(self.root.resolve()):
            raise ImportFailed(f"{candidate} is a symbolic link or lies outside {self.root}; Tandem reads a project's "
                               "files only from inside its folder. Copy the files themselves into it.")
        return candidate

    def read(self, name: str, limit: int, what: str) -> bytes:
        file = self._file(name)
        size = file.stat().st_size
        if size > limit:
            raise limits.too_big(file, "it is", _size(size), _size(limit),
                                 "split the project into smaller ones")
        self._count(size)
        try:
            return file.read_bytes()
        except OSError as exc:
            raise ImportFailed(f"{file} cannot be read ({exc.strerror or exc}).") from None

    def find(self, reference: str) -> Optional[str]:
        if Path(self.path).suffix.lower() != ".qde":
            return None
        name = internal_name(reference, str(self.path))
        if name is None:
            return None
        base = name.rpartition("/")[2]
        for folder in [p for p in self.root.iterdir() if p.is_dir() and p.name.lower() == "sources"] + [self.root]:
            for file in folder.iterdir():
                if file.name.lower() == base.lower() and file.is_file():
                    return str(file.relative_to(self.root))
        return None


def open_package(path: Path) -> Package:
    """The REFI-QDA file at ``path``, checked as described above."""
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"{path}: no such file.")
    if path.is_dir():
        inside = [p for p in path.iterdir() if p.suffix.lower() == ".qde"]
        if len(inside) != 1:
            raise ImportFailed(f"{path} is a folder; name the .qdpx file (or the project's .qde inside the folder).")
        return FolderPackage(inside[0])
    suffix = path.suffix.lower()
    with open(path, "rb") as fh:
        head = fh.read(8)
    size = path.stat().st_size
    if suffix == ".qdpx" or head.startswith(b"PK"):
        if size > MAX_QDPX_BYTES:
            raise limits.too_big(path, "it is", _size(size), _size(MAX_QDPX_BYTES),
                                 "export the project without its media files")
        if not head.startswith(b"PK"):
            raise ImportFailed(f"{path} is not a REFI-QDA project: it is not a zip archive ({_what_is(head)}); "
                               f"{_FIX}.")
        return ZipPackage(path)
    if size > MAX_XML:
        raise limits.too_big(path, "it is", _size(size), _size(MAX_XML),
                             "split the project into smaller ones")
    return FolderPackage(path)


def _size(n: int) -> str:
    if n >= MB:
        return f"{n / MB:,.1f} MB"
    return f"{round(n / 1000):,} kB" if n >= 1000 else f"{n:,} bytes"


def _what_is(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "it looks like a PDF file"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "it looks like an old-style Office file"
    if head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<"):
        return "it looks like an XML or HTML file: a bare project document is named .qde"
    if not head:
        return "it is empty"
    return "its first bytes are not a zip header"
