"""The codebook: a tree of codes (category -> theme -> code, any depth).

Codes are named by their path, ``Category/Theme/Code``.  Names are unique
among siblings (ignoring case) and cannot contain ``/``.
"""
from __future__ import annotations

import uuid as uuid_mod
from dataclasses import dataclass
from typing import Iterator, Optional

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from coding import audit, colours, names
from coding.code_versions import check, claim, lock
from coding.errors import Conflict, InvalidRequest, NotFound
from storage.models import Code, Coder, Coding, Memo, Quote, Source

SEPARATOR = "/"
MAX_DEPTH = 12  # levels below the top: far beyond any real codebook, refused before it strains anything


@dataclass(frozen=True)
class CodeNode:
    """A plain snapshot of one code, for listings and for code outside a session."""

    uuid: str
    path: str
    name: str
    depth: int
    description: str
    colour: str
    codable: bool
    exclusive: bool
    n_codings: int
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    parent_uuid: Optional[str] = None
    is_leaf: bool = True
    needs_work: bool = False  # flagged in reconciliation: the definition needs work
    version: int = 1  # what an edit names as the version its editor saw (``coding.code_versions``)
    summary: str = ""  # its description for the theme table ("": the definition)


def split_path(path: str) -> list[str]:
    parts = [names.clean(p) for p in path.split(SEPARATOR)]
    if not path.strip() or any(p == "" for p in parts):
        raise InvalidRequest(
            f"'{path}' is not a code path; write it as Category/Theme/Code with no empty parts."
        )
    if len(parts) > MAX_DEPTH + 1:
        raise InvalidRequest(f"'{path[:80]}…' is {len(parts)} levels deep; a codebook may be {MAX_DEPTH + 1} "
                             "levels deep at most (category › theme › code needs three).")
    return parts


def _depth_of(code: Optional[Code]) -> int:
    """Levels above ``code`` (-1: the top of the codebook itself)."""
    depth = -1
    while code is not None:
        depth += 1
        code = code.parent
    return depth


def _height(session: Session, code: Code) -> int:
    """Levels below ``code`` (0: a leaf)."""
    return max((d + 1 for _c, d in walk(session, code)), default=0)


def _check_depth(parent: Optional[Code], height: int, name: str) -> None:
    if _depth_of(parent) + height > MAX_DEPTH:
        raise InvalidRequest(f"'{name}' would sit {_depth_of(parent) + height + 1} levels deep; a codebook may be "
                             f"{MAX_DEPTH + 1} levels deep at most.")


def path_of(code: Code) -> str:
    parts = []
    node: Optional[Code] = code
    while node is not None:
        parts.append(node.name)
        node = node.parent
    return SEPARATOR.join(reversed(parts))


def _check_name(name: str) -> str:
    name = names.fit(names.clean(name), "code")
    if not name:
        raise InvalidRequest("A code needs a name.")
    if SEPARATOR in name:
        raise InvalidRequest(f"A code name cannot contain '{SEPARATOR}' ('{name}').")
    return name


def children_of(session: Session, parent: Optional[Code]) -> list[Code]:
    parent_id = parent.id if parent is not None else None
    stmt = select(Code).where(Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id)
    return list(session.scalars(stmt.order_by(Code.position, Code.id)))


def _sibling_named(session: Session, parent: Optional[Code], name: str) -> Optional[Code]:
    """The sibling of that name, however it is spelled (``coding.names``)."""
    return names.find(children_of(session, parent), name)


def find_code(session: Session, path: str) -> Optional[Code]:
    node: Optional[Code] = None
    for part in split_path(path):
        node = _sibling_named(session, node, part)
        if node is None:
            return None
    return node


def get_code(session: Session, path: str) -> Code:
    code = find_code(session, path)
    if code is None:
        raise NotFound(f"There is no code '{path}' in the codebook.")
    return code


def walk(session: Session, parent: Optional[Code] = None, depth: int = 0) -> Iterator[tuple[Code, int]]:
    """Every code under ``parent`` (all codes by default), depth first, in
    order: one query, and a loop, never recursion on the user's data."""
    children: dict[Optional[int], list[Code]] = {}
    for code in session.scalars(select(Code).order_by(Code.position, Code.id)):
        children.setdefault(code.parent_id, []).append(code)
    stack = [(code, depth) for code in reversed(children.get(parent.id if parent is not None else None, []))]
    while stack:
        code, level = stack.pop()
        yield code, level
        stack.extend((child, level + 1) for child in reversed(children.get(code.id, [])))


def descendants(session: Session, code: Code) -> list[Code]:
    return [c for c, _ in walk(session, code)]


def tree(session: Session, coder_id: Optional[int] = None,
         coder_ids: Optional[list[int]] = None) -> list[CodeNode]:
    """The whole codebook as plain nodes, with coding counts (of one coder,
    of ``coder_ids``, or of everyone's codings)."""
    stmt = select(Coding.code_id, func.count(Coding.id)).group_by(Coding.code_id)
    if coder_id is not None:
        stmt = stmt.where(Coding.coder_id == coder_id)
    if coder_ids is not None:
        stmt = stmt.where(Coding.coder_id.in_(coder_ids or [-1]))
    counts = dict(session.execute(stmt).all())
    nodes = []
    walked = list(walk(session))
    for i, (code, depth) in enumerate(walked):
        leaf = i + 1 == len(walked) or walked[i + 1][1] <= depth
        nodes.append(
            CodeNode(
                uuid=str(code.uuid), path=path_of(code), name=code.name, depth=depth,
                description=code.description, colour=code.colour, codable=code.codable,
                exclusive=code.exclusive, n_codings=counts.get(code.id, 0),
                inclusion=code.inclusion, exclusion=code.exclusion, example=code.example,
                parent_uuid=str(code.parent.uuid) if code.parent is not None else None, is_leaf=leaf,
                needs_work=bool(code.needs_work), version=code.version, summary=code.summary,
            )
        )
    return nodes


MINE, ALL_CODERS, CONSENSUS = "mine", "all coders", "consensus"


def count_choices(session: Session, acting) -> list[str]:
    """Whose codings the codebook may count for ``acting``: their own, and —
    when they may read them (a lead, or coding that is not blind) — every
    coder's, each coder's, and the consensus layer."""
    from coding import access

    choices = [MINE] if acting.coder_uuid else []
    if access.readable_layers(session, acting) is None:
        people = list(session.scalars(select(Coder).where(Coder.role != "consensus").order_by(Coder.name)))
        choices += [ALL_CODERS] + [c.name for c in people if str(c.uuid) != acting.coder_uuid]
        if session.scalar(select(Coder.id).where(Coder.role == "consensus").limit(1)) is not None:
            choices.append(CONSENSUS)
    return choices or [MINE]


def counted_tree(session: Session, acting, whose: str = MINE) -> tuple[str, list[CodeNode]]:
    """The codebook with the counts of ``whose`` codings (a choice of
    ``count_choices``; refused when ``acting`` may not read them): (the label
    for the count column, the nodes)."""
    from coding import access
    from coding.errors import NotAllowed

    allowed = count_choices(session, acting)
    if whose not in allowed:
        raise NotAllowed(f"The codebook cannot count {whose}'s codings for {acting.name} while coding is blind; "
                         "it counts your own.")
    if whose == MINE:
        mine = session.scalar(select(Coder.id).where(Coder.uuid == uuid_mod.UUID(acting.coder_uuid))) \
            if acting.coder_uuid else None
        return "mine", tree(session, coder_ids=[mine] if mine is not None else [])
    if whose == ALL_CODERS:
        ids = list(session.scalars(select(Coder.id).where(Coder.role != "consensus")))
        return "all coders", tree(session, coder_ids=ids)
    if whose == CONSENSUS:
        return "consensus", tree(session, coder_ids=list(session.scalars(select(Coder.id).where(
            Coder.role == "consensus"))))
    coder = session.scalar(select(Coder).where(Coder.name == whose))
    access.check_may_read(session, acting, [coder])
    return whose, tree(session, coder_ids=[coder.id])


def quick_keys(nodes: list[CodeNode]) -> dict[str, int]:
    """Number keys 1–9 for the first nine codable leaf codes, in codebook order."""
    leaves = [n for n in nodes if n.codable and n.is_leaf]
    return {n.uuid: k for k, n in enumerate(leaves[:9], start=1)}


def _next_position(session: Session, parent: Optional[Code]) -> int:
    siblings = children_of(session, parent)
    return (max(s.position for s in siblings) + 1) if siblings else 0


def create_code(
    session: Session,
    name: str,
    parent: Optional[Code] = None,
    description: str = "",
    colour: Optional[str] = None,
    codable: bool = True,
    exclusive: bool = False,
    uuid: Optional[uuid_mod.UUID] = None,
) -> Code:
    name = _check_name(name)
    _check_depth(parent, 1, name)
    if _sibling_named(session, parent, name) is not None:
        where = f"under '{path_of(parent)}'" if parent else "at the top of the codebook"
        raise Conflict(f"There is already a code '{name}' {where}.")
    if colour is None:
        count = session.scalar(select(func.count(Code.id))) or 0
        colour = colours.pick(colours.CODE_PALETTE, count)
    elif not colours.is_colour(colour):
        raise InvalidRequest(f"'{colour}' is not a colour; write it as #RRGGBB (code '{name}').")
    where = f"under '{path_of(parent)}'" if parent else "at the top of the codebook"
    code = Code(  # by the parent's id, not the relationship: a refused insert leaves nothing pending
        name=name, parent_id=parent.id if parent is not None else None, description=description.strip(),
        colour=colours.normalise_colour(colour), codable=codable, exclusive=exclusive,
        position=_next_position(session, parent),
    )
    if uuid is not None:  # a code put back by undo keeps its identity
        code.uuid = uuid
    try:
        with session.begin_nested():
            session.add(code)
            session.flush()
    except IntegrityError:  # another process made the same code a moment ago
        raise Conflict(f"There is already a code '{name}' {where}.") from None
    if parent is not None:
        session.expire(parent, ["children"])  # the new child, when the parent's list is read next
    audit.record(session, "code.create", code, after={**audit.snapshot(code), "path": path_of(code)})
    return code


def ensure_path(session: Session, path: str) -> Code:
    """The code at ``path``, creating it and any missing parents."""
    node: Optional[Code] = None
    for part in split_path(path):
        found = _sibling_named(session, node, part)
        node = found if found is not None else _create_or_find(session, part, node)
    assert node is not None
    return node


def _create_or_find(session: Session, name: str, parent: Optional[Code]) -> Code:
    """Create the code — or, when another process created it a moment ago
    (the database's unique index says so), take that one."""
    try:
        return create_code(session, name, parent=parent)
    except Conflict:
        found = _sibling_named(session, parent, name)
        if found is None:
            raise
        return found


def update_code(session: Session, code: Code, expected_version: Optional[int] = None, **fields) -> None:
    """Change description, colour, codable, exclusive, inclusion, exclusion, example,
    summary (a theme's description for the theme table) or the "definition needs work" flag.  ``expected_version``, in this and every
    edit below: the code's version its editor saw; the edit is refused
    (``EditConflict``, nothing written) when someone changed the code since."""
    allowed = {"description", "colour", "codable", "exclusive", "inclusion", "exclusion", "example", "summary",
               "needs_work"}
    unknown = set(fields) - allowed
    if unknown:
        raise InvalidRequest(f"Cannot set {', '.join(sorted(unknown))} on a code.")
    if "colour" in fields:
        if not colours.is_colour(fields["colour"]):
            raise InvalidRequest(f"'{fields['colour']}' is not a colour; write it as #RRGGBB.")
        fields["colour"] = colours.normalise_colour(fields["colour"])
    if not any(getattr(code, k) != v for k, v in fields.items()):
        check(session, code, expected_version)  # stale, though it changes nothing: refused all the same
        return
    claim(session, code, expected_version)
    before = audit.snapshot(code)
    before["version"] -= 1  # as it was before this edit claimed it
    for key, value in fields.items():
        setattr(code, key, value)
    session.flush()
    audit.record(session, "code.update", code, before=before, after=audit.snapshot(code))


def rename_code(session: Session, code: Code, new_name: str, expected_version: Optional[int] = None) -> None:
    new_name = _check_name(new_name)
    claim(session, code, expected_version)
    clash = _sibling_named(session, code.parent, new_name)
    if clash is not None and clash.id != code.id:
        raise Conflict(f"There is already a code '{clash.name}' beside '{code.name}'.")
    before = {"name": code.name, "path": path_of(code)}
    code.name = new_name
    session.flush()
    audit.record(session, "code.rename", code, before=before,
                 after={"name": new_name, "path": path_of(code), "version": code.version})


def move_code(
    session: Session, code: Code, new_parent: Optional[Code], position: Optional[int] = None,
    expected_version: Optional[int] = None,
) -> None:
    """Move ``code`` (with its subtree) under ``new_parent`` at ``position``
    among its new siblings (the end by default)."""
    node = new_parent
    while node is not None:
        if node.id == code.id:
            raise InvalidRequest(f"Cannot move '{path_of(code)}' inside itself.")
        node = node.parent
    claim(session, code, expected_version)
    if new_parent is not None:
        lock(session, new_parent)  # not deleted by another coder while this one moves under it
    clash = _sibling_named(session, new_parent, code.name)
    if clash is not None and clash.id != code.id:
        raise Conflict(f"There is already a code '{code.name}' under '{path_of(new_parent)}'.")
    _check_depth(new_parent, _height(session, code) + 1, code.name)
    before = {"path": path_of(code), "position": code.position}
    siblings = [c for c in children_of(session, new_parent) if c.id != code.id]
    position = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(position, code)
    code.parent = new_parent
    for index, sibling in enumerate(siblings):
        sibling.position = index
    session.flush()
    audit.record(session, "code.move", code, before=before,
                 after={"path": path_of(code), "position": position, "version": code.version})


def count_codings(session: Session, codes: list[Code]) -> int:
    """How many codings (of every coder) use any of ``codes``."""
    ids = [c.id for c in codes]
    return session.scalar(select(func.count(Coding.id)).where(Coding.code_id.in_(ids))) or 0


def _move_codings(session: Session, from_codes: list[Code], target: Code,
                  details: Optional[dict] = None) -> tuple[int, int]:
    """Re-point codings to ``target``; a coding identical to one ``target``
    already has (same source, coder, span) is dropped.  Each coding moved or
    dropped gets its own audit entry (with the whole coding, for a dropped
    one), so a merge can be read back — and undone — from the log.  Done with
    a few set-wide statements: merging thousands of codings takes a moment,
    not seconds.  Returns (moved, dropped)."""
    session.flush()
    existing = set(session.execute(select(Coding.source_id, Coding.coder_id, Coding.start, Coding.end)
                                   .where(Coding.code_id == target.id)).all())
    rows = session.execute(
        select(Coding.id, Coding.uuid, Coding.source_id, Coding.code_id, Coding.coder_id, Coding.start,
               Coding.end, Coding.memo, Coding.created_at, Coding.updated_at)
        .where(Coding.code_id.in_([c.id for c in from_codes])).order_by(Coding.id)).all()
    if not rows:
        return 0, 0
    source_uuids = dict(session.execute(select(Source.id, Source.uuid)).all())
    coder_uuids = dict(session.execute(select(Coder.id, Coder.uuid)).all())
    code_info = {c.id: (str(c.uuid), path_of(c)) for c in from_codes}
    target_uuid, target_path = str(target.uuid), path_of(target)
    moved, dropped, moved_log, dropped_log = [], [], [], []
    for r in rows:
        before = {"uuid": str(r.uuid), "source_uuid": str(source_uuids[r.source_id]),
                  "code_uuid": code_info[r.code_id][0], "coder_uuid": str(coder_uuids[r.coder_id]),
                  "start": r.start, "end": r.end, "memo": r.memo, "created_at": r.created_at,
                  "updated_at": r.updated_at, "code": code_info[r.code_id][1]}
        key = (r.source_id, r.coder_id, r.start, r.end)
        if key in existing:
            dropped.append(r.id)
            dropped_log.append((r.uuid, before, {"reason": f"duplicate of a coding of '{target_path}'"}))
        else:
            existing.add(key)
            moved.append(r.id)
            moved_log.append((r.uuid, before, {**before, "code_uuid": target_uuid, "code": target_path}))
    if details is not None:  # what moved and what was dropped, read once (for undo)
        details["moved"] = [str(uid) for uid, _before, _after in moved_log]
        details["dropped"] = [before for _uid, before, _after in dropped_log]
    if moved:
        session.execute(update(Coding).where(Coding.id.in_(moved)).values(code_id=target.id))
    if dropped:
        session.execute(delete(Coding).where(Coding.id.in_(dropped)))
    audit.record_many(session, "coding.adjust", "coding", moved_log)
    audit.record_many(session, "coding.remove", "coding", dropped_log)
    session.expire_all()  # ORM objects loaded before now may hold the old code
    return len(moved), len(dropped)


def merge_codes(session: Session, source: Code, target: Code, details: Optional[dict] = None,
                expected_version: Optional[int] = None) -> tuple[int, int]:
    """Merge ``source`` into ``target``: its codings move to ``target``, its
    child codes move under ``target``, and ``source`` is removed.  Returns
    (codings moved, duplicate codings dropped)."""
    if source.id == target.id:
        raise InvalidRequest("A code cannot be merged into itself.")
    if target.id in {c.id for c in descendants(session, source)}:
        raise InvalidRequest(f"Cannot merge '{path_of(source)}' into its own child '{path_of(target)}'.")
    claim(session, source, expected_version)
    lock(session, target)
    before = {**audit.snapshot(source), "path": path_of(source)}
    moved, dropped = _move_codings(session, [source], target, details)
    for child in children_of(session, source):
        if _sibling_named(session, target, child.name) is not None:
            raise Conflict(
                f"Cannot merge: '{path_of(target)}' already has a child code '{child.name}'. "
                "Rename one of them first."
            )
        child.parent = target
        child.position = _next_position(session, target)
        session.flush()
    moved_memos = list(session.scalars(select(Memo.uuid).where(Memo.code_id == source.id)))
    session.execute(update(Memo).where(Memo.code_id == source.id).values(code_id=target.id))
    audit.record_many(session, "memo.move", "memo", [
        (uid, {"code_uuid": str(source.uuid)}, {"code_uuid": str(target.uuid), "code": path_of(target)})
        for uid in moved_memos])
    session.delete(source)
    session.flush()
    audit.record(
        session, "code.merge", target, before=before,
        after={"into": path_of(target), "codings_moved": moved, "duplicates_dropped": dropped},
    )
    return moved, dropped


def delete_code(session: Session, code: Code, move_codings_to: Optional[Code] = None,
                expected_version: Optional[int] = None) -> None:
    """Delete ``code`` and the codes under it.

    Refuses while any of them has codings, unless ``move_codings_to`` names a
    code (outside the deleted subtree) to receive them.
    """
    claim(session, code, expected_version)
    subtree = [code] + descendants(session, code)
    n = count_codings(session, subtree)
    if n and move_codings_to is None:
        raise Conflict(
            f"'{path_of(code)}' is in use by codings (yours or another coder's); "
            "move them to another code first, or merge the code into another."
        )
    if move_codings_to is not None and move_codings_to.id in {c.id for c in subtree}:
        raise InvalidRequest("The codings cannot move to a code that is being deleted.")
    before = {**audit.snapshot(code), "path": path_of(code), "subtree": [path_of(c) for c in subtree]}
    moved = dropped = 0
    if n:
        moved, dropped = _move_codings(session, subtree, move_codings_to)
    for memo in session.scalars(select(Memo).where(Memo.code_id.in_([c.id for c in subtree]))):
        audit.record(session, "memo.delete", memo, before=audit.snapshot(memo),
                     after={"reason": f"its code '{path_of(code)}' was deleted"})
    for quote in session.scalars(select(Quote).where(Quote.theme_id.in_([c.id for c in subtree]))):
        audit.record(session, "quote.unpin", quote, before=audit.snapshot(quote),
                     after={"reason": f"its theme '{path_of(code)}' was deleted"})
        session.delete(quote)
    session.flush()
    for node in reversed(subtree):  # children before parents
        session.delete(node)
        session.flush()
    audit.record(
        session, "code.delete", code, before=before,
        after={"codings_moved_to": path_of(move_codings_to) if move_codings_to else None,
               "codings_moved": moved, "duplicates_dropped": dropped},
    )
