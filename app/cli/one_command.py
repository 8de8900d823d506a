"""Building only the parser of the command being run: the command line has
some fifty commands, and building every parser took 15–20 ms of each run.
``build_parser(only=…)`` wraps its subcommands action in ``OnlyCommand``;
a command line naming no known command gets the whole parser (for --help
and for the list of commands in an error)."""
from __future__ import annotations

from typing import Optional, Sequence


class Skipped:
    """Stands in for the parser of a command that is not being run: every
    call on it is accepted and does nothing."""

    def __getattr__(self, _name):
        return lambda *args, **kwargs: self

    def __setitem__(self, _key, _value) -> None:
        pass


class OnlyCommand:
    """The subcommands action, building only the parser of ``name``: the
    others (fifty of them) took 15–20 ms of every command to build."""

    def __init__(self, sub, name: str):
        self.sub, self.name, self.found = sub, name, False

    def add_parser(self, name: str, **kwargs):
        if name != self.name:
            return Skipped()
        self.found = True
        return self.sub.add_parser(name, **kwargs)


def command_word(argv: Sequence[str]) -> Optional[str]:
    """The command named on a command line (``agree`` in ``--as A agree P``)."""
    after_as = False
    for word in argv:
        if after_as:
            after_as = False
        elif word == "--as":
            after_as = True
        elif not word.startswith("-"):
            return word
        elif not word.startswith("--as="):
            return None  # --help, or an option the top level does not know: the whole parser answers
    return None
