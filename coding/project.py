"""The project row: title, description and settings (project data that travels
with the file, e.g. whether coders work blind — never kept in QSettings)."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from coding import audit
from coding.errors import InvalidRequest
from storage.models import Project


def get_project(session: Session) -> Project:
    return session.scalars(select(Project)).one()


def rename_project(session: Session, title: str) -> None:
    title = title.strip()
    if not title:
        raise InvalidRequest("A project needs a title.")
    project = get_project(session)
    before = {"title": project.title}
    project.title = title
    session.flush()
    audit.record(session, "project.rename", project, before=before, after={"title": title})


def get_setting(session: Session, key: str, default: Any = None) -> Any:
    return (get_project(session).settings or {}).get(key, default)


def set_setting(session: Session, key: str, value: Any) -> None:
    """Set one project setting (JSON-serialisable values only)."""
    try:
        json.dumps(value)
    except TypeError:
        raise InvalidRequest(f"The setting '{key}' must be plain data (text, numbers, lists).") from None
    project = get_project(session)
    settings = dict(project.settings or {})
    before = {key: settings.get(key)}
    settings[key] = value
    project.settings = settings  # a new dict, so the change is detected
    session.flush()
    audit.record(session, "project.set_setting", project, before=before, after={key: value})
