"""The domain: codebook, coders, cases, sources and sections, codings, memos,
and the audit log.  Plain Python services that take a SQLAlchemy Session;
Qt-free (an import-linter contract in the test suite enforces it).

Every service that changes the project writes an audit entry and must run
inside ``ProjectStore.transaction(actor)``.
"""
