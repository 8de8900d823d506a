"""Persistence: SQLAlchemy models, engines and sessions, Alembic migrations.

Qt-free (an import-linter contract in the test suite enforces it)."""
from storage.errors import NewerSchemaError, NotAProjectError, ProjectExistsError, TandemError
from storage.store import PROJECT_SUFFIX, ProjectStore, create_project, open_project, open_url

__all__ = [
    "PROJECT_SUFFIX",
    "NewerSchemaError",
    "NotAProjectError",
    "ProjectExistsError",
    "ProjectStore",
    "TandemError",
    "create_project",
    "open_project",
    "open_url",
]
