"""Exceptions every layer shares.  Each carries a message a person can act on:
what is wrong, and what to do about it."""


class TandemError(Exception):
    """Base of every error Tandem reports to a user (CLI: one line on stderr,
    GUI: a message box).  Anything else escaping is a bug."""


class NotAProjectError(TandemError):
    """The file is not a Tandem project (or not one this version can read)."""


class NewerSchemaError(TandemError):
    """The project was written by a newer Tandem."""


class ProjectExistsError(TandemError):
    """Refusing to overwrite an existing file."""


class ProjectBusyError(TandemError):
    """Another program holds the project's write lock longer than we wait."""


class StorageError(TandemError):
    """The database refused an operation (disk full, file damaged, server gone)."""


class DamagedProjectError(StorageError):
    """The project file is damaged or was changed outside Tandem: reading may
    go on where it is safe, writing is refused, and the message says how to
    get back (restore from a backup copy)."""


class ConnectionLostError(StorageError):
    """The connection to a project server broke (or could not be made) during
    a change: the server rolled the transaction back, so nothing of it was
    saved, and the same change may be tried again once the server answers.

    ``unsure_of``: the connection broke during COMMIT and the server could not
    be asked whether it saved it: the transaction uuid to look for in its audit
    log (``ProjectStore.saved``, with ``backend``, the lost connection's server
    process) before trying the change again."""

    def __init__(self, message: str, unsure_of=None, backend=None):
        super().__init__(message)
        self.unsure_of, self.backend = unsure_of, backend
