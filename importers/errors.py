from storage.errors import TandemError


class ImportFailed(TandemError):
    """A file cannot be imported; the message names the file, the place, the
    problem and a likely fix.  Nothing was written."""


def one_line(exc: BaseException, limit: int = 200) -> str:
    """A library's error message for one of ours: on one line, shortened."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[:limit - 1] + "…"
