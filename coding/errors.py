"""The core's exceptions.  Messages are written for the person who caused them."""
from storage.errors import TandemError


class InvalidRequest(TandemError):
    """The request cannot be carried out as asked (bad offsets, bad name...)."""


class NotFound(TandemError):
    """An entity named in the request does not exist."""


class Conflict(TandemError):
    """The request clashes with what the project holds (a duplicate, a code in use...)."""


class EditConflict(Conflict):
    """Someone else changed what was being edited since the editor read it
    (optimistic locking of codebook edits): nothing was written; the message
    says who changed what, and when."""


class NotAllowed(TandemError):
    """The person acting may not do this (their role does not allow it)."""


__all__ = ["Conflict", "EditConflict", "InvalidRequest", "NotAllowed", "NotFound", "TandemError"]
