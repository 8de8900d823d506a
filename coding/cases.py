"""Cases (participants, respondents) and their typed attributes."""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Optional

import uuid as uuid_mod

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from coding import audit
from coding import names as name_forms  # ensure_cases takes a parameter called names
from coding.errors import InvalidRequest, NotFound
from storage.models import ATTRIBUTE_TYPES, Attribute, AttributeValue, Case, utcnow

_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOL = {"true": True, "false": False, "yes": True, "no": False}


def infer_type(values: list[str]) -> str:
    """The narrowest attribute type that holds every non-empty value."""
    present = [v.strip() for v in values if v is not None and v.strip() != ""]
    if not present:
        return "text"
    if all(_INT.match(v) for v in present):
        return "integer"
    if all(_FLOAT.match(v) for v in present):
        return "float"
    if all(_DATE.match(v) and _valid_date(v) for v in present):
        return "date"
    return "text"


def _valid_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def canonical(value: Any, value_type: str, attribute_name: str = "") -> str:
    """The stored text form of ``value`` for an attribute of ``value_type``."""
    text = str(value).strip() if not isinstance(value, bool) else ("true" if value else "false")
    where = f" for attribute '{attribute_name}'" if attribute_name else ""
    if value_type == "text":
        return text
    if value_type == "integer":
        if isinstance(value, int) or _INT.match(text):
            return str(int(text))
        raise InvalidRequest(f"'{value}' is not a whole number{where}.")
    if value_type == "float":
        if _FLOAT.match(text):
            return repr(float(text))
        raise InvalidRequest(f"'{value}' is not a number{where}.")
    if value_type == "date":
        if isinstance(value, dt.date):
            return value.isoformat()
        if _DATE.match(text) and _valid_date(text):
            return text
        raise InvalidRequest(f"'{value}' is not a date written as YYYY-MM-DD{where}.")
    if value_type == "boolean":
        if text.lower() in _BOOL:
            return "true" if _BOOL[text.lower()] else "false"
        raise InvalidRequest(f"'{value}' is not yes/no or true/false{where}.")
    raise InvalidRequest(f"Unknown attribute type '{value_type}'.")


def typed(text: str, value_type: str) -> Any:
    """The Python value of a stored attribute value."""
    if value_type == "integer":
        return int(text)
    if value_type == "float":
        return float(text)
    if value_type == "date":
        return dt.date.fromisoformat(text)
    if value_type == "boolean":
        return text == "true"
    return text


def find_case(session: Session, name: str) -> Optional[Case]:
    """The case of that name, however it is spelled (``coding.names``)."""
    exact = session.scalar(select(Case).where(Case.name == name_forms.clean(name)))
    return exact or name_forms.find(session.scalars(select(Case)), name)


def get_case(session: Session, name: str) -> Case:
    case = find_case(session, name)
    if case is None:
        raise NotFound(f"There is no case called '{name}'.")
    return case


def list_cases(session: Session) -> list[Case]:
    return list(session.scalars(select(Case).order_by(Case.name)))


def ensure_case(session: Session, name: str) -> Case:
    name = name_forms.fit(name_forms.clean(name), "case")
    if not name:
        raise InvalidRequest("A case needs a name (a participant or respondent id).")
    case = find_case(session, name)
    if case is None:
        case = Case(name=name)
        session.add(case)
        session.flush()
        audit.record(session, "case.create", case, after=audit.snapshot(case))
    return case


def ensure_cases(session: Session, names: list[str],
                 matched: Optional[list[tuple[str, str]]] = None, uuids: Optional[dict] = None) -> dict[str, int]:
    """Ids of the cases named, creating the missing ones in bulk (imports of
    thousands of respondents).  Returns {name as given: id}; a name that is an
    existing case spelled differently (``coding.names``) is that case, and is
    added to ``matched`` as (given, existing)."""
    wanted = list(dict.fromkeys(name_forms.fit(name_forms.clean(n), "case") for n in names))
    if any(not n for n in wanted):
        raise InvalidRequest("A case needs a name (a participant or respondent id).")
    ids: dict[str, int] = {}
    stored: dict[str, str] = {}  # key -> the name stored (or about to be)
    for n, i in session.execute(select(Case.name, Case.id)):
        ids[n] = i
        stored[name_forms.key(n)] = n
    spelled: dict[str, str] = {}  # clean name given -> the case's name
    missing = []
    for n in wanted:
        k = name_forms.key(n)
        if k not in stored:
            stored[k] = n
            missing.append(n)
        spelled[n] = stored[k]
        if stored[k] != n and matched is not None:
            matched.append((n, stored[k]))  # "alice" in the file, "Alice" in the project
    if missing:
        from sqlalchemy.exc import IntegrityError

        now = utcnow()
        given = {name_forms.clean(k): v for k, v in (uuids or {}).items()}  # identities brought from elsewhere
        rows = [{"uuid": given.get(n) or uuid_mod.uuid4(), "name": n, "description": "", "created_at": now}
                for n in missing]
        try:
            with session.begin_nested():
                session.execute(insert(Case), rows)
        except IntegrityError:  # another process made some of them a moment ago: make only the rest
            made = set(session.scalars(select(Case.name).where(Case.name.in_(missing))))
            rows = [r for r in rows if r["name"] not in made]
            if rows:
                session.execute(insert(Case), rows)
        audit.record_many(session, "case.create", "case",
                          [(r["uuid"], None, {"name": r["name"], "uuid": r["uuid"]}) for r in rows])
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            ids.update(session.execute(select(Case.name, Case.id).where(Case.name.in_(chunk))).all())
    return {n.strip(): ids[spelled[name_forms.clean(n)]] for n in names}


def set_values(session: Session, attribute: Attribute, values: dict[int, Any]) -> int:
    """Set one attribute for many cases ({case id: value}) in bulk; empty values
    are skipped.  Validates every value before writing any.  Returns the number set."""
    canon = {cid: canonical(v, attribute.value_type, attribute.name)
             for cid, v in values.items() if v is not None and str(v).strip() != ""}
    if not canon:
        return 0
    existing: dict[int, str] = {}
    ids = list(canon)
    for i in range(0, len(ids), 500):
        existing.update(session.execute(
            select(AttributeValue.case_id, AttributeValue.value).where(
                AttributeValue.attribute_id == attribute.id, AttributeValue.case_id.in_(ids[i:i + 500]))
        ).all())
    inserts = [{"case_id": cid, "attribute_id": attribute.id, "value": v}
               for cid, v in canon.items() if cid not in existing]
    if inserts:
        session.execute(insert(AttributeValue), inserts)
    for cid, v in canon.items():
        if cid in existing and existing[cid] != v:
            session.get(AttributeValue, (cid, attribute.id)).value = v
    changed = {cid: v for cid, v in canon.items() if existing.get(cid) != v}
    uuids = _uuids(session, list(changed))
    audit.record_many(session, "case.set_attribute", "case", [
        (uuids[cid], {"attribute": attribute.name, "value": existing.get(cid)},
         {"attribute": attribute.name, "value": v}) for cid, v in changed.items()])
    session.flush()
    return len(changed)


def _uuids(session: Session, ids: list[int]) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for i in range(0, len(ids), 500):
        out.update(session.execute(select(Case.id, Case.uuid).where(Case.id.in_(ids[i:i + 500]))).all())
    return out


def find_attribute(session: Session, name: str) -> Optional[Attribute]:
    """The attribute of that name, however it is spelled (``coding.names``)."""
    exact = session.scalar(select(Attribute).where(Attribute.name == name_forms.clean(name)))
    return exact or name_forms.find(session.scalars(select(Attribute)), name)


def ensure_attribute(session: Session, name: str, value_type: str = "text") -> Attribute:
    name = name_forms.fit(name_forms.clean(name), "attribute")
    if not name:
        raise InvalidRequest("An attribute needs a name.")
    if value_type not in ATTRIBUTE_TYPES:
        raise InvalidRequest(
            f"Unknown attribute type '{value_type}'; use one of: {', '.join(ATTRIBUTE_TYPES)}."
        )
    attribute = find_attribute(session, name)
    if attribute is None:
        position = session.scalar(select(func.count(Attribute.id))) or 0
        attribute = Attribute(name=name, value_type=value_type, position=position)
        session.add(attribute)
        session.flush()
        audit.record(session, "attribute.create", attribute, after=audit.snapshot(attribute))
    return attribute


def set_value(session: Session, case: Case, attribute: Attribute, value: Any) -> None:
    """Set (or, with ``None`` or an empty string, clear) one attribute of a case."""
    existing = session.get(AttributeValue, (case.id, attribute.id))
    before = {"attribute": attribute.name, "value": existing.value if existing else None}
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if existing is None:
            return
        session.delete(existing)
        new = None
    else:
        new = canonical(value, attribute.value_type, attribute.name)
        if existing is not None and existing.value == new:
            return
        if existing is None:
            session.add(AttributeValue(case_id=case.id, attribute_id=attribute.id, value=new))
        else:
            existing.value = new
    session.flush()
    audit.record(
        session, "case.set_attribute", case, before=before,
        after={"attribute": attribute.name, "value": new},
    )


def attributes_of(session: Session, case: Case) -> dict[str, Any]:
    """A case's attributes as typed Python values, in attribute order."""
    rows = session.execute(
        select(Attribute, AttributeValue.value)
        .join(AttributeValue, AttributeValue.attribute_id == Attribute.id)
        .where(AttributeValue.case_id == case.id)
        .order_by(Attribute.position, Attribute.name)
    )
    return {a.name: typed(v, a.value_type) for a, v in rows}


def case_matches(session: Session, case: Case, where: dict[str, Any]) -> bool:
    """Whether ``case`` has every attribute value in ``where`` (compared in the
    attribute's type, so ``3``, ``"3"`` and ``"+3"`` match an integer 3)."""
    stored = dict(session.execute(
        select(Attribute.name, AttributeValue.value)
        .join(AttributeValue, AttributeValue.attribute_id == Attribute.id)
        .where(AttributeValue.case_id == case.id)
    ).all())
    for name, wanted in where.items():
        attribute = find_attribute(session, name)
        if attribute is None:
            raise NotFound(f"There is no case attribute called '{name}'.")
        try:
            wanted_text = canonical(wanted, attribute.value_type, name)
        except InvalidRequest:
            return False
        if stored.get(attribute.name) != wanted_text:
            return False
    return True
