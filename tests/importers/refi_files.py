"""Builders of REFI-QDA files for import tests: a project document written the
way a given tool writes it, packed into a .qdpx with whatever members (and
member names) a test needs."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import quoteattr

NS = "urn:QDA-XML:project:1.0"
USER = "A0000000-0000-4000-8000-000000000001"
USER2 = "A0000000-0000-4000-8000-000000000002"
CODE = "C0000000-0000-4000-8000-000000000001"
CODE2 = "C0000000-0000-4000-8000-000000000002"
SOURCE = "50000000-0000-4000-8000-000000000001"


def selection(guid: str, start: int, end: int, name: str = "", user: str = USER, code: str = CODE,
              coder: Optional[str] = None, inner: str = "") -> str:
    return (f'<PlainTextSelection guid="{guid}" name={quoteattr(name)} startPosition="{start}" endPosition="{end}" '
            f'creatingUser="{user}">{inner}<Coding guid="{guid[:-1]}f" creatingUser="{coder or user}">'
            f'<CodeRef targetGUID="{code}"/></Coding></PlainTextSelection>')


def text_source(selections: str, path: str = "internal://F0000000-0000-4000-8000-000000000001.txt",
                name: str = "interview1.txt", guid: str = SOURCE, extra: str = "") -> str:
    where = f' plainTextPath="{path}"' if path else ""
    return f'<TextSource guid="{guid}" name={quoteattr(name)}{where}{extra}>{selections}</TextSource>'


def project(sources: str = "", origin: str = "test", namespace: str = NS, users: str = "", codes: str = "",
            tail: str = "", declaration: bool = True) -> str:
    users = users or f'<Users><User guid="{USER}" name="Alice"/><User guid="{USER2}" name="Bob"/></Users>'
    codes = codes or (f'<CodeBook><Codes><Code guid="{CODE}" name="Anxiety" isCodable="true" color="#E53935"/>'
                      f'<Code guid="{CODE2}" name="Relief" isCodable="true"/></Codes></CodeBook>')
    head = '<?xml version="1.0" encoding="utf-8"?>\n' if declaration else ""
    return (f'{head}<Project xmlns="{namespace}" name="Test project" origin="{origin}">{users}{codes}'
            f'<Sources>{sources}</Sources>{tail}</Project>')


def qdpx(path: Path, document: str | bytes, members: Optional[dict[str, bytes]] = None,
         document_name: str = "project.qde") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(document_name, document if isinstance(document, bytes) else document.encode("utf-8"))
        for name, data in (members or {}).items():
            z.writestr(name, data)
    return path


def symlink_member(path: Path, name: str, target: str) -> None:
    """Add a member that is a symbolic link (as Info-ZIP stores one from a Unix system)."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (0o120777 << 16)
    with zipfile.ZipFile(path, "a") as z:
        z.writestr(info, target)
