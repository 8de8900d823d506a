from storage.errors import TandemError


class ImportFailed(TandemError):
    """A file cannot be imported; the message names the file, the place, the
    problem and a likely fix.  Nothing was written."""
