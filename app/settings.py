"""Every QSettings key the app uses, with its default, in one place.

Settings are per machine and per user (INI format).  Project data never lives
here: it belongs in the project file.
"""
from __future__ import annotations

import json
from typing import Any, Optional

from PySide6.QtCore import QSettings

ORGANISATION = "Tandem"
APPLICATION = "Tandem"

DEFAULTS: dict[str, Any] = {
    "recent/projects": [],          # most recent first
    "recent/max": 8,
    "startup/demo_shown": False,    # the demo study opens once, on first start
    "window/geometry": None,
    "window/state": None,
    "agreement/unit": "char",       # last unit of analysis chosen in the Agreement window
    "agreement/threshold": 0.9,     # last overlap threshold for the segment unit
    "identity/coders": "{}",        # JSON: project uuid -> the coder this machine's user codes as
    "coding/snap_to_words": True,   # widen selections to whole words before coding
    "export/folder": "",            # the folder an export was last saved in (a server project's exports start there)
    "import/folder": "",            # the folder files were last imported from (the next import starts there)
    "live/poll_seconds": 3,         # how often to look for others' changes where the server does not announce them
}


def settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def get(key: str) -> Any:
    default = DEFAULTS[key]
    value = settings().value(key, default)
    if isinstance(default, bool):
        return value in (True, "true", "1", 1)
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        try:
            return float(value)
        except (TypeError, ValueError):
            return default
    if isinstance(default, list):
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)
    return value


def put(key: str, value: Any) -> None:
    if key not in DEFAULTS:
        raise KeyError(f"undeclared setting {key!r}: add it to app.settings.DEFAULTS")
    s = settings()
    s.setValue(key, value)
    s.sync()


def coder_for(project_uuid: str) -> Optional[str]:
    """The coder (uuid) this user last coded as in that project, if any."""
    try:
        return json.loads(get("identity/coders") or "{}").get(project_uuid)
    except (ValueError, AttributeError):
        return None


def remember_coder(project_uuid: str, coder_uuid: str) -> None:
    try:
        known = json.loads(get("identity/coders") or "{}")
    except ValueError:
        known = {}
    known[project_uuid] = coder_uuid
    put("identity/coders", json.dumps(known))


def remember_project(path: str) -> list[str]:
    recent = [p for p in get("recent/projects") if p != path]
    recent.insert(0, path)
    recent = recent[: get("recent/max")]
    put("recent/projects", recent)
    return recent
