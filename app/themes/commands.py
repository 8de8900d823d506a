"""Undo commands of the Themes view: pin, edit, reorder and unpin quotes,
and choose the codebook depth of the themes — each one transaction through
the core (``coding.quotes``, ``coding.themes``), run in the workspace's
worker like every other step."""
from __future__ import annotations

from typing import Optional

from app.workspace.commands import EditCommand
from coding.changes import Change


class _QuoteCommand(EditCommand):
    def what_changed(self) -> Change:
        return Change(quotes=True)


class PinQuote(_QuoteCommand):
    """A coded segment pinned to a theme as a representative quote."""

    def __init__(self, workspace, theme_uuid: str, coding_uuid: str, label: str, text: Optional[str] = None):
        super().__init__(workspace, f"Pin quote to '{label}'")
        self.theme_uuid, self.coding_uuid, self.printed = theme_uuid, coding_uuid, text
        self.quote_uuid: Optional[str] = None
        self.flags: list[str] = []

    def _do(self, s) -> None:
        from coding import quotes

        self.quote_uuid = quotes.pin(s, self.ws.acting, self.theme_uuid, self.coding_uuid, text=self.printed,
                                     uuid=self.quote_uuid)
        self.flags = quotes.identifying(s, quotes._quote(s, self.quote_uuid).text)

    def _undo(self, s) -> None:
        from coding import quotes

        quotes.unpin(s, self.ws.acting, self.quote_uuid)

    def report(self) -> str:
        return "Pinned as a representative quote" + (
            f" — check before printing: it contains {'; '.join(self.flags)}." if self.flags else ".")


class EditQuote(_QuoteCommand):
    """The quote as printed, edited for publication (checked faithful by the core)."""

    def __init__(self, workspace, quote_uuid: str, text: str):
        super().__init__(workspace, "Edit quote")
        self.quote_uuid, self.new, self.old = quote_uuid, text, ""
        self.flags: list[str] = []

    def _do(self, s) -> None:
        from coding import quotes

        self.old = quotes.edit(s, self.ws.acting, self.quote_uuid, self.new)
        self.flags = quotes.identifying(s, self.new)

    def report(self) -> str:
        return "Quote edited" + (
            f" — check before printing: it contains {'; '.join(self.flags)}." if self.flags else ".")

    def _undo(self, s) -> None:
        from coding import quotes

        quotes.edit(s, self.ws.acting, self.quote_uuid, self.old)


class MoveQuote(_QuoteCommand):
    def __init__(self, workspace, quote_uuid: str, position: int):
        super().__init__(workspace, "Reorder quotes")
        self.quote_uuid, self.position, self.old = quote_uuid, position, 0

    def _do(self, s) -> None:
        from coding import quotes

        self.old = quotes.move(s, self.ws.acting, self.quote_uuid, self.position)

    def _undo(self, s) -> None:
        from coding import quotes

        quotes.move(s, self.ws.acting, self.quote_uuid, self.old)


class UnpinQuote(_QuoteCommand):
    def __init__(self, workspace, quote_uuid: str):
        super().__init__(workspace, "Unpin quote")
        self.quote_uuid = quote_uuid
        self.data = None  # coding.quotes.QuoteData, to put it back

    def _do(self, s) -> None:
        from coding import quotes

        self.data = quotes.unpin(s, self.ws.acting, self.quote_uuid)

    def _undo(self, s) -> None:
        from coding import quotes

        quotes.restore(s, self.ws.acting, self.data)


class SetThemeDepth(EditCommand):
    """Make the codebook's nodes at ``depth`` the project's themes."""

    def __init__(self, workspace, depth: int):
        super().__init__(workspace, f"Themes at depth {depth}")
        self.depth, self.old = depth, depth

    def _do(self, s) -> None:
        from coding import themes

        self.old = themes.set_theme_depth(s, self.ws.acting, self.depth)

    def _undo(self, s) -> None:
        from coding import themes

        themes.set_theme_depth(s, self.ws.acting, self.old)

    def what_changed(self) -> Change:
        return Change(quotes=True)  # the themes' rows, wherever they are shown
