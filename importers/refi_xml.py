"""Parsing a REFI-QDA document (project.qde, a .qdc codebook) safely, and
reading its elements whatever namespace variant the writing tool used.

A document that declares a DOCTYPE is refused before lxml parses it: REFI-QDA
documents never have one, and entity tricks ("billion laughs", external
entities naming local files or URLs) all need one.  The parser itself is
also set to resolve no entities, load no DTD and touch no network, with
lxml's limits on node sizes and depth kept on (``huge_tree=False``).
"""
from __future__ import annotations

import codecs
import io
import re
from typing import Callable, Iterator, Optional

from lxml import etree

from importers.errors import ImportFailed, one_line

PROJECT_NAMESPACES = ("urn:QDA-XML:project:1.0", "urn:QDA-XML:project:1:0")
CODEBOOK_NAMESPACES = ("urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:0:4")
SOURCE_KINDS = ("TextSource", "PDFSource", "AudioSource", "VideoSource", "PictureSource")
PROLOG_SCAN = 1 << 16  # the declaration, comments and processing instructions before the root element

_PROLOG_ITEM = re.compile(r"\s*(<\?.*?\?>|<!--.*?-->)", re.S)


def _head_text(data: bytes) -> str:
    """The first bytes of ``data`` as text, in the encoding its byte-order
    mark (or NUL bytes, for UTF-16 without one) says; UTF-8 otherwise."""
    head = data[:PROLOG_SCAN]
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, errors="replace")
    if head[:1] == b"\x00":
        return head.decode("utf-16-be", errors="replace")
    if head[1:2] == b"\x00":
        return head.decode("utf-16-le", errors="replace")
    return head.decode("utf-8", errors="replace")


def refuse_doctype(data: bytes, where: str) -> None:
    """ImportFailed when the document declares a DOCTYPE (or when no root
    element starts within its first 64 KB: no REFI-QDA tool writes a prolog
    that long)."""
    text = _head_text(data)
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(text, pos)
        if m is None:
            break
        pos = m.end()
    rest = text[pos:].lstrip()
    if rest[:9].upper() == "<!DOCTYPE":
        raise ImportFailed(
            f"{where} declares XML entities or a document type (<!DOCTYPE …>), which no REFI-QDA program "
            "writes and which XML attacks use (external entities reading local files, 'billion laughs'); "
            "Tandem refuses it. Export the project again from the program that made it.")
    if not rest.startswith("<") and len(data) > PROLOG_SCAN:
        raise ImportFailed(f"{where} is not a REFI-QDA document: no XML element starts in its first "
                           f"{PROLOG_SCAN // 1024} KB; export the project again as REFI-QDA (.qdpx).")


def parse_pruning(data: bytes, where: str, take_source: Callable[[etree._Element], bool]) -> etree._Element:
    """The root element of the REFI-QDA document ``data`` (refusing
    DOCTYPEs; no entities resolved, no DTD loaded, no network, lxml's size
    limits on), handing each child of the root's <Sources> to
    ``take_source`` as soon as it is complete; one it takes (True) is
    dropped from the tree, so that a large project is never held whole —
    its sources' selections are, a source at a time."""
    refuse_doctype(data, where)
    events = etree.iterparse(io.BytesIO(data), events=("end",), tag=[f"{{*}}{kind}" for kind in SOURCE_KINDS],
                             resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        for _event, element in events:
            holder = element.getparent()
            if holder is not None and local(holder) == "Sources" and holder.getparent() is not None \
                    and holder.getparent().getparent() is None and take_source(element):
                holder.remove(element)
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(f"{where} is not well-formed XML ({one_line(exc)}); the file is damaged or is not a "
                           "REFI-QDA export: export the project again.") from None
    return events.root


def local(element) -> str:
    """An element's name without its namespace ('' for comments and the like)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace(element) -> str:
    tag = element.tag
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else ""


def kind_of(root, where: str) -> str:
    """'project' or 'codebook', after checking the root and its namespace."""
    name, ns = local(root), namespace(root)
    if name == "Project" and (ns in PROJECT_NAMESPACES or ns == "" or ns.startswith("urn:QDA-XML:project")):
        return "project"
    if name == "CodeBook" and (ns in CODEBOOK_NAMESPACES or ns == "" or ns.startswith("urn:QDA-XML:")):
        return "codebook"
    found = f"<{name}>" + (f" in the namespace {ns}" if ns else "")
    raise ImportFailed(f"{where} is not a REFI-QDA project or codebook: its root element is {found}, not <Project> "
                       "(urn:QDA-XML:project:1.0) or <CodeBook> (urn:QDA-XML:codebook:1.0); export it again "
                       "as REFI-QDA from your QDA program.")


def children(element, *names: str) -> Iterator:
    """Child elements of ``element`` named ``names`` (in any namespace or none), in order."""
    return element.iterchildren(*(f"{{*}}{name}" for name in names))


def child(element, name: str) -> Optional[etree._Element]:
    return next(children(element, name), None)


def text_of(element, name: str) -> str:
    """The text of the child ``name`` ('' when absent or empty)."""
    found = child(element, name)
    return (found.text or "") if found is not None else ""
