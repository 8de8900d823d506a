"""Keeping libraries quiet while they read a file: pypdf reports what it
repairs through the logging module (printed on stderr when the program
configures no logging), pypdf and openpyxl through warnings.  Neither
belongs before Tandem's own message, so both are swallowed while a library
reads.  Logger and warning settings are process-wide, so one file at a time
(imports may run in worker threads)."""
from __future__ import annotations

import contextlib
import logging
import threading
import warnings
from typing import Iterator, Optional

_QUIET = threading.RLock()


@contextlib.contextmanager
def library_quiet(logger_name: Optional[str] = None) -> Iterator[None]:
    logger = logging.getLogger(logger_name) if logger_name else None
    with _QUIET, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        handler = logging.NullHandler()
        propagate = logger.propagate if logger else True
        if logger:
            logger.addHandler(handler)
            logger.propagate = False
        try:
            yield
        finally:
            if logger:
                logger.removeHandler(handler)
                logger.propagate = propagate
