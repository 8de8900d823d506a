"""Cases, their attributes and speakers' turns, changed after import — each
change one audited step that returns what undoing it needs.

* A case's attribute value is set (type-checked) or cleared.
* Attributes are added, renamed, given another type (every value converted
  first; one that does not fit refuses the whole change, naming it), and
  deleted (with their values, which undo puts back).
* A speaker's turns in a source are given to a case (or to no case), or
  marked as a moderator's — a focus group imported before its speakers were
  known, a Teams transcript without them.
* Many cases' attributes at once, from a table (``importers.cases_table``:
  one row a case, one column an attribute).

Addressed by name (cases, attributes, sources: unique in a project) and by
uuid (sections); Qt-free.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from sqlalchemy import select

from coding import audit, cases
from coding import names as name_forms
from coding.errors import Conflict, InvalidRequest, NotFound
from storage.models import ATTRIBUTE_TYPES, Attribute, AttributeValue, Case, Section, Source


def _attribute(session, name: str) -> Attribute:
    found = cases.find_attribute(session, name)
    if found is None:
        known = ", ".join(a.name for a in session.scalars(select(Attribute).order_by(Attribute.position))) or "none"
        raise NotFound(f"There is no case attribute called '{name}' (attributes: {known}).")
    return found


def set_attribute(session, case_name: str, attribute_name: str, value: Any) -> Optional[str]:
    """Set (None or "": clear) one value, making the attribute (its type
    inferred from the value) if the project has none of that name; returns
    the stored value as it was (None: none)."""
    case = cases.get_case(session, case_name)
    if cases.find_attribute(session, attribute_name) is None and value is not None and str(value).strip():
        cases.ensure_attribute(session, attribute_name, cases.infer_type([str(value)]))  # a new attribute
    attribute = _attribute(session, attribute_name)
    existing = session.get(AttributeValue, (case.id, attribute.id))
    old = existing.value if existing is not None else None
    cases.set_value(session, case, attribute, value)
    return old


def add_attribute(session, name: str, value_type: str = "text") -> str:
    if cases.find_attribute(session, name) is not None:
        raise Conflict(f"There is already a case attribute called '{cases.find_attribute(session, name).name}'.")
    return cases.ensure_attribute(session, name, value_type).name


def rename_attribute(session, name: str, new_name: str) -> str:
    """Returns the old name."""
    attribute = _attribute(session, name)
    new_name = name_forms.fit(name_forms.clean(new_name), "attribute")
    if not new_name:
        raise InvalidRequest("An attribute needs a name.")
    clash = cases.find_attribute(session, new_name)
    if clash is not None and clash.id != attribute.id:
        raise Conflict(f"There is already a case attribute called '{clash.name}'.")
    old = attribute.name
    attribute.name = new_name
    session.flush()
    audit.record(session, "attribute.rename", attribute, before={"name": old}, after={"name": new_name})
    return old


def retype_attribute(session, name: str, value_type: str) -> str:
    """Give an attribute another type, converting every value; returns the old type."""
    attribute = _attribute(session, name)
    if value_type not in ATTRIBUTE_TYPES:
        raise InvalidRequest(f"Unknown attribute type '{value_type}'; use one of: {', '.join(ATTRIBUTE_TYPES)}.")
    old = attribute.value_type
    rows = list(session.scalars(select(AttributeValue).where(AttributeValue.attribute_id == attribute.id)))
    converted = {}
    for row in rows:
        try:
            converted[row.case_id] = cases.canonical(row.value, value_type, attribute.name)
        except InvalidRequest as exc:
            case = session.get(Case, row.case_id)
            raise InvalidRequest(f"'{attribute.name}' cannot become {value_type}: case {case.name} has {exc} "
                                 "Change that value first; nothing was changed.") from None
    for row in rows:
        row.value = converted[row.case_id]
    attribute.value_type = value_type
    session.flush()
    audit.record(session, "attribute.retype", attribute, before={"value_type": old},
                 after={"value_type": value_type, "values": len(rows)})
    return old


@dataclass(frozen=True)
class DeletedAttribute:
    uuid: str
    name: str
    value_type: str
    description: str
    position: int
    values: tuple[tuple[str, str], ...]  # (case name, stored value)


def snapshot_attribute(session, name: str) -> DeletedAttribute:
    """An attribute with its values as they are (what ``restore_attribute`` puts back)."""
    attribute = _attribute(session, name)
    values = tuple((case_name, value) for case_name, value in session.execute(
        select(Case.name, AttributeValue.value).join(AttributeValue, AttributeValue.case_id == Case.id)
        .where(AttributeValue.attribute_id == attribute.id).order_by(Case.name)))
    return DeletedAttribute(str(attribute.uuid), attribute.name, attribute.value_type, attribute.description,
                            attribute.position, values)


def delete_attribute(session, name: str) -> DeletedAttribute:
    record = snapshot_attribute(session, name)
    attribute = _attribute(session, name)
    before = {**audit.snapshot(attribute), "values": len(record.values)}
    session.delete(attribute)
    session.flush()
    audit.record(session, "attribute.delete", attribute, before=before)
    return record


def restore_attribute(session, record: DeletedAttribute) -> None:
    import uuid as uuid_mod

    attribute = Attribute(uuid=uuid_mod.UUID(record.uuid), name=record.name, value_type=record.value_type,
                          description=record.description, position=record.position)
    session.add(attribute)
    session.flush()
    ids = dict(session.execute(select(Case.name, Case.id)).all())
    for case_name, value in record.values:
        if case_name in ids:
            session.add(AttributeValue(case_id=ids[case_name], attribute_id=attribute.id, value=value))
    session.flush()
    audit.record(session, "attribute.create", attribute, after={**audit.snapshot(attribute), "restored": True,
                                                                 "values": len(record.values)})


# --- speakers' turns ------------------------------------------------------------------

@dataclass(frozen=True)
class TurnState:
    section_uuid: str
    case: Optional[str]
    is_moderator: bool


def speakers(session, source_name: str) -> list[tuple[str, int, Optional[str], bool]]:
    """(speaker, turns, case, moderator) of a source's speakers (the case and
    role of their first turn)."""
    from coding.sources import get_source

    source = get_source(session, source_name)
    names = dict(session.execute(select(Case.id, Case.name)).all())
    out: dict[str, list] = {}
    for speaker, case_id, moderator in session.execute(
            select(Section.speaker, Section.case_id, Section.is_moderator)
            .where(Section.source_id == source.id, Section.speaker.is_not(None)).order_by(Section.start)):
        if speaker not in out:
            out[speaker] = [speaker, 0, names.get(case_id), bool(moderator)]
        out[speaker][1] += 1
    return [tuple(v) for v in out.values()]


def assign_speaker(session, source_name: str, speaker: str, case_name: Optional[str] = None,
                   moderator: Optional[bool] = None, clear_case: bool = False) -> list[TurnState]:
    """Give every turn of ``speaker`` in the source to ``case_name`` (made if
    new; ``clear_case``: to no case) and/or mark it a moderator's or not;
    returns the turns as they were, for undo."""
    if case_name is None and not clear_case and moderator is None:
        raise InvalidRequest("Say what to do with the speaker's turns: a case, no case, or moderator or not.")
    from coding.sources import get_source

    source = get_source(session, source_name)
    turns = [s for s in session.scalars(select(Section).where(Section.source_id == source.id)
                                         .order_by(Section.start)) if s.speaker and name_forms.same(s.speaker, speaker)]
    if not turns:
        heard = sorted({s for (s,) in session.execute(select(Section.speaker).where(
            Section.source_id == source.id, Section.speaker.is_not(None)).distinct())})
        raise NotFound(f"'{source.name}' has no turns by '{speaker}' (speakers: {', '.join(heard) or 'none'}).")
    names = dict(session.execute(select(Case.id, Case.name)).all())
    before = [TurnState(str(t.uuid), names.get(t.case_id), bool(t.is_moderator)) for t in turns]
    case = cases.ensure_case(session, case_name) if case_name else None
    for turn in turns:
        if case_name is not None or clear_case:
            turn.case_id = case.id if case is not None else None
        if moderator is not None:
            turn.is_moderator = moderator
    session.flush()
    audit.record(session, "source.assign_speaker", source,
                 before={"speaker": turns[0].speaker, "cases": sorted({b.case or "" for b in before}),
                         "moderator": before[0].is_moderator},
                 after={"speaker": turns[0].speaker, "case": case.name if case is not None else None,
                        "moderator": turns[0].is_moderator, "turns": len(turns)})
    return before


def restore_turns(session, states: list[TurnState]) -> None:
    import uuid as uuid_mod

    restored = []
    for state in states:
        turn = session.scalar(select(Section).where(Section.uuid == uuid_mod.UUID(state.section_uuid)))
        if turn is None:
            continue
        turn.case_id = cases.ensure_case(session, state.case).id if state.case else None
        turn.is_moderator = state.is_moderator
        restored.append(turn)
    session.flush()
    if restored:
        audit.record(session, "source.assign_speaker", session.get(Source, restored[0].source_id),
                     after={"speaker": restored[0].speaker, "restored_turns": len(restored)})


# --- a table of cases ----------------------------------------------------------------

def import_values(session, table: dict[str, dict[str, str]], types: Optional[dict[str, str]] = None) -> dict:
    """Set many cases' attributes ({case: {attribute: value}}), making missing
    cases and attributes (their types inferred from the column unless given);
    a value that does not fit refuses the whole table (the caller's
    transaction writes all of it or nothing).  Returns counts and the
    names matched to an existing case spelled differently."""
    matched: list[tuple[str, str]] = []
    ids = cases.ensure_cases(session, list(table), matched)
    columns: dict[str, dict[int, str]] = {}
    for case_name, values in table.items():
        for attribute, value in values.items():
            columns.setdefault(attribute, {})[ids[case_name.strip()]] = value
    attributes = {}
    for name, column in columns.items():
        existing = cases.find_attribute(session, name)
        value_type = existing.value_type if existing is not None else (
            (types or {}).get(name) or cases.infer_type([v or "" for v in column.values()]))
        attributes[name] = existing or cases.ensure_attribute(session, name, value_type)
    changed = sum(cases.set_values(session, attributes[name], column) for name, column in columns.items())
    return {"cases": len(ids), "attributes": len(columns), "values_changed": changed, "matched": matched}


# --- the Cases view -------------------------------------------------------------------

@dataclass(frozen=True)
class CasesTable:
    attributes: tuple[tuple[str, str], ...]          # (name, type), in attribute order
    rows: tuple[tuple[str, dict[str, Any]], ...]      # (case, {attribute: typed value}), by case name


def table(session) -> CasesTable:
    """Every case with every attribute value, typed, in two queries."""
    attributes = [(a.id, a.name, a.value_type) for a in
                  session.scalars(select(Attribute).order_by(Attribute.position, Attribute.name))]
    by_id = {i: (n, t) for i, n, t in attributes}
    values: dict[int, dict[str, Any]] = {}
    for case_id, attribute_id, value in session.execute(
            select(AttributeValue.case_id, AttributeValue.attribute_id, AttributeValue.value)):
        name, value_type = by_id[attribute_id]
        values.setdefault(case_id, {})[name] = cases.typed(value, value_type)
    rows = tuple((name, values.get(cid, {})) for cid, name in
                 session.execute(select(Case.id, Case.name).order_by(Case.name)))
    return CasesTable(tuple((n, t) for _i, n, t in attributes), rows)
